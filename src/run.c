/*
 * The pipeline: read every tenant, apply the reported expiries, evaluate,
 * then write the reports. Every report is staged before any is renamed
 * into place, so a run that cannot write one of them leaves all the
 * previous reports as they were.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "evaluate.h"
#include "lookup.h"
#include "msg.h"
#include "outfile.h"
#include "report.h"
#include "report_csv.h"
#include "report_html.h"
#include "report_junit.h"
#include "reported.h"
#include "run.h"
#include "state.h"

#define RUN_NREPORTS	3

struct run_report {
	enum run_format format;
	const char *name;
};

static const struct run_report run_reports[RUN_NREPORTS] = {
	{ RUN_FORMAT_CSV, "ttlwatch.csv" },
	{ RUN_FORMAT_HTML, "ttlwatch.html" },
	{ RUN_FORMAT_JUNIT, "ttlwatch.junit.xml" },
};

static char *
run_read_file(const char *path, const char *what)
{
	struct buf text;
	char chunk[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL) {
		msg_error("cannot open %s '%s': %s", what, path,
		    strerror(errno));
		return NULL;
	}
	buf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&text, chunk, n);
	if (ferror(fp)) {
		msg_error("cannot read %s '%s': %s", what, path,
		    strerror(errno));
		(void)fclose(fp);
		buf_release(&text);
		return NULL;
	}
	(void)fclose(fp);
	return buf_detach(&text);
}

static bool
run_render(const struct report_ctx *ctx, const struct run_options *o,
    const char *template_text, enum run_format format, struct buf *out)
{
	struct buf err;
	bool ok = true;

	switch (format) {
	case RUN_FORMAT_CSV:
		report_csv_write(ctx, out);
		break;
	case RUN_FORMAT_JUNIT:
		ok = report_junit_write(ctx, out);
		if (!ok)
			msg_error("cannot build the JUnit report");
		break;
	case RUN_FORMAT_HTML:
		buf_init(&err);
		ok = report_html_write(ctx, o->template_path, template_text,
		    out, &err);
		if (!ok)
			msg_error("%s", buf_str(&err));
		buf_release(&err);
		break;
	case RUN_FORMAT_ALL:
		break;
	}
	return ok;
}

/* Render and stage one report; false if it could not be. */
static bool
run_stage(const struct report_ctx *ctx, const struct run_options *o,
    const char *template_text, size_t index, struct outfile *file)
{
	struct buf data;
	bool ok;

	buf_init(&data);
	ok = run_render(ctx, o, template_text, run_reports[index].format,
	    &data) && outfile_stage(file, o->output_dir,
	    run_reports[index].name, buf_str(&data), data.len);
	buf_release(&data);
	return ok;
}

/* Stage every report, then rename them all; false if any step failed,
 * in which case the previous reports are left as they were. */
static bool
run_write_reports(const struct report_ctx *ctx, const struct run_options *o,
    const char *template_text)
{
	struct outfile files[RUN_NREPORTS];
	bool ok = outfile_mkdir(o->output_dir);
	size_t i;

	memset(files, 0, sizeof(files));
	for (i = 0; ok && i < RUN_NREPORTS; i++) {
		if ((o->formats & run_reports[i].format) != 0)
			ok = run_stage(ctx, o, template_text, i, &files[i]);
	}
	if (ok)
		ok = outfile_commit_all(files, RUN_NREPORTS);
	for (i = 0; i < RUN_NREPORTS; i++)
		outfile_discard(&files[i]);
	if (ok && !outfile_sync_dir(o->output_dir))
		msg_warn("cannot flush directory '%s': %s", o->output_dir,
		    strerror(errno));
	return ok;
}

static bool
run_load_reported(const struct run_options *o, struct tenant_list *tenants)
{
	size_t i;

	for (i = 0; i < o->nreported; i++) {
		if (!reported_load(o->reported[i], tenants))
			return false;
	}
	return true;
}

static void
run_evaluate(const struct run_options *o, struct tenant_list *tenants,
    struct state_counts *counts)
{
	size_t i;

	for (i = 0; i < tenants->len; i++) {
		struct tenant *t = tenants->items[i];

		evaluate_tenant(t, o->now, o->warn_days);
		state_count(counts, t->result.state);
		msg_verbose("%s: %s", tenant_display_id(t),
		    state_name(t->result.state));
	}
}

static void
run_lookups(const struct run_options *o, struct tenant_list *tenants)
{
	struct http_stats stats;

	if (!lookup_run(tenants, o->jobs, &stats))
		msg_warn("the live lookups stopped early because libcurl "
		    "failed; the tenants not looked up use their offline "
		    "figures");
	msg_verbose("lookups: %zu requests ok, %zu retried, %zu failed",
	    stats.ok, stats.retried, stats.failed);
}

static void
run_print_summary(const struct state_counts *counts)
{
	struct buf line;

	buf_init(&line);
	report_summary(counts, &line);
	printf("ttlwatch: %s\n", buf_str(&line));
	buf_release(&line);
	if (fflush(stdout) != 0)
		msg_error("cannot write the summary: %s", strerror(errno));
}

static int
run_tenants(const struct run_options *o, struct tenant_list *tenants,
    const char *template_text)
{
	struct state_counts counts;
	struct report_ctx ctx;

	if (!config_collect(o->paths, o->npaths, tenants))
		return EXIT_USAGE;
	if (tenants->len == 0) {
		msg_error("no tenants to check; give tenant files or a "
		    "directory of *.conf files");
		return EXIT_USAGE;
	}
	config_check_duplicates(tenants);
	if (!run_load_reported(o, tenants))
		return EXIT_USAGE;
	if (!o->offline)
		run_lookups(o, tenants);

	memset(&counts, 0, sizeof(counts));
	run_evaluate(o, tenants, &counts);

	memset(&ctx, 0, sizeof(ctx));
	ctx.tenants = tenants;
	ctx.counts = &counts;
	ctx.now = o->now;
	ctx.junit_fail_on = o->junit_fail_on;
	ctx.version = TTLWATCH_VERSION;
	ctx.csv_name = "ttlwatch.csv";
	if (!run_write_reports(&ctx, o, template_text)) {
		msg_error("reports not written; the previous ones in '%s' are "
		    "unchanged", o->output_dir);
		return EXIT_CANTCREAT;
	}
	run_print_summary(&counts);
	return state_exit_status(&counts);
}

/* Run the job and return the process's exit status. */
int
run(const struct run_options *o)
{
	struct tenant_list tenants;
	char *template_text = NULL;
	int status;

	if ((o->formats & RUN_FORMAT_HTML) != 0) {
		template_text = run_read_file(o->template_path,
		    "digest template");
		if (template_text == NULL)
			return EXIT_USAGE;
	}
	tenant_list_init(&tenants);
	status = run_tenants(o, &tenants, template_text);
	tenant_list_release(&tenants);
	free(template_text);
	return status;
}

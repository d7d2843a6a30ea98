/* ttlwatch: find Atlassian tokens that are about to expire. This file
 * parses the command line and hands over to run(). */
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "buf.h"
#include "instant.h"
#include "msg.h"
#include "run.h"
#include "state.h"
#include "text.h"
#include "xalloc.h"

#define MAIN_DEFAULT_WARN_DAYS	7
#define MAIN_DEFAULT_JOBS	16
#define MAIN_JOBS_MAX		256

enum {
	OPT_NOW = 256,
	OPT_FORMAT,
	OPT_TEMPLATE,
	OPT_JUNIT_FAIL_ON,
	OPT_OFFLINE
};

static const struct option main_options[] = {
	{ "output-dir", required_argument, NULL, 'o' },
	{ "reported", required_argument, NULL, 'r' },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "warn-days", required_argument, NULL, 'w' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "junit-fail-on", required_argument, NULL, OPT_JUNIT_FAIL_ON },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
main_usage(FILE *fp)
{
	fputs(
"Usage: ttlwatch [OPTION]... [PATH]...\n"
"Report Atlassian tokens that expire soon or have expired.\n"
"\n"
"Each PATH is a tenant file or a directory of *.conf files (default:\n"
"./tenants). Writes ttlwatch.csv, ttlwatch.html and ttlwatch.junit.xml.\n"
"\n"
"  -o, --output-dir DIR     write the reports into DIR (default: reports)\n"
"  -r, --reported FILE      read Atlassian-reported expiries from a CSV file;\n"
"                           may be given more than once\n"
"      --now TIME           evaluate as of TIME, an ISO 8601 instant such as\n"
"                           2026-03-22T08:15:00Z (default: the clock)\n"
"  -w, --warn-days N        warn N days before expiry, for tenants that set\n"
"                           no warn_days (1-365, default: 7)\n"
"      --format LIST        write only these reports: a comma-separated\n"
"                           list of csv, html and junit (default: all)\n"
"      --template FILE      fill FILE instead of the default digest.html\n"
"      --junit-fail-on STATE\n"
"                           warn or critical: the least severe state that\n"
"                           fails a JUnit test case (default: warn)\n"
"      --offline            never contact Atlassian\n"
"  -j, --jobs N             live lookups in flight at once (default: 16)\n"
"  -q, --quiet              print errors only on standard error\n"
"  -v, --verbose            also print each tenant's state\n"
"  -h, --help               show this help and exit\n"
"  -V, --version            show the version and exit\n"
"\n"
"Exit status: 0 all healthy, 1 warn, 2 critical, 3 unknown or invalid\n"
"tenant, 64 invalid command line, 70 libcurl could not start or memory ran\n"
"out, 73 a report could not be written.\n",
	    fp);
}

static int
main_usage_error(const char *option, const char *value, const char *why)
{
	struct buf q;

	buf_init(&q);
	text_quote(&q, value);
	msg_error("invalid %s %s: %s", option, buf_str(&q), why);
	buf_release(&q);
	fputs("Try 'ttlwatch --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static bool
main_parse_int(const char *s, int min, int max, int *out)
{
	long v = 0;
	const char *p;

	for (p = s; text_is_digit((unsigned char)*p) && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p != '\0' || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

static bool
main_parse_formats(const char *list, unsigned *out)
{
	char *copy = xstrdup(list);
	char *save = NULL;
	char *item;
	unsigned formats = 0;
	bool ok = true;

	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if (strcmp(item, "csv") == 0)
			formats |= RUN_FORMAT_CSV;
		else if (strcmp(item, "html") == 0)
			formats |= RUN_FORMAT_HTML;
		else if (strcmp(item, "junit") == 0)
			formats |= RUN_FORMAT_JUNIT;
		else
			ok = false;
	}
	free(copy);
	if (!ok || formats == 0)
		return false;
	*out = formats;
	return true;
}

/* templates/digest.html beside the build tree's src/ directory, else the
 * installed copy. Returns a string the caller frees. */
static char *
main_default_template(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct buf path;

	buf_init(&path);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL && slash - exe >= 4 &&
		    strncmp(slash - 4, "/src", 4) == 0) {
			*slash = '\0';
			buf_addf(&path, "%s/../templates/digest.html", exe);
			if (access(buf_str(&path), R_OK) == 0)
				return buf_detach(&path);
			buf_reset(&path);
		}
	}
	buf_adds(&path, TTLWATCH_PKGDATADIR "/digest.html");
	return buf_detach(&path);
}

struct main_state {
	struct run_options opts;
	const char **reported;
	char	*default_template;
	bool	 done;		/* --help or --version was given */
};

static int
main_option_junit_fail_on(struct run_options *o, const char *arg)
{
	if (strcmp(arg, "warn") == 0)
		o->junit_fail_on = STATE_WARN;
	else if (strcmp(arg, "critical") == 0)
		o->junit_fail_on = STATE_CRITICAL;
	else
		return main_usage_error("--junit-fail-on", arg,
		    "expected warn or critical");
	return 0;
}

static void
main_option_reported(struct main_state *s, const char *arg)
{
	s->reported = xreallocarray(s->reported, s->opts.nreported + 1,
	    sizeof(*s->reported));
	s->reported[s->opts.nreported++] = arg;
	s->opts.reported = s->reported;
}

/* Options that take a value; returns 0 or an exit status. */
static int
main_option_value(struct main_state *s, int c, const char *arg)
{
	struct run_options *o = &s->opts;
	const char *why = NULL;

	switch (c) {
	case 'o':
		if (*arg == '\0')
			return main_usage_error("--output-dir", arg,
			    "expected a directory");
		o->output_dir = arg;
		return 0;
	case 'r':
		main_option_reported(s, arg);
		return 0;
	case OPT_NOW:
		if (!instant_parse(arg, &o->now, &why))
			return main_usage_error("--now", arg, why);
		return 0;
	case 'w':
		if (!main_parse_int(arg, 1, 365, &o->warn_days))
			return main_usage_error("--warn-days", arg,
			    "expected a whole number of days from 1 to 365");
		return 0;
	case OPT_FORMAT:
		if (!main_parse_formats(arg, &o->formats))
			return main_usage_error("--format", arg,
			    "expected a comma-separated list of csv, html "
			    "and junit");
		return 0;
	case OPT_TEMPLATE:
		o->template_path = arg;
		return 0;
	case OPT_JUNIT_FAIL_ON:
		return main_option_junit_fail_on(o, arg);
	case 'j':
		if (!main_parse_int(arg, 1, MAIN_JOBS_MAX, &o->jobs))
			return main_usage_error("--jobs", arg,
			    "expected a number from 1 to 256");
		return 0;
	default:
		fputs("Try 'ttlwatch --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}
}

/* One option from getopt_long(); returns 0 or an exit status. */
static int
main_option(struct main_state *s, int c, const char *arg)
{
	switch (c) {
	case OPT_OFFLINE:
		s->opts.offline = true;
		return 0;
	case 'q':
		msg_set_level(MSG_QUIET);
		return 0;
	case 'v':
		msg_set_level(MSG_VERBOSE);
		return 0;
	case 'h':
		main_usage(stdout);
		s->done = true;
		return 0;
	case 'V':
		printf("ttlwatch %s\n", TTLWATCH_VERSION);
		s->done = true;
		return 0;
	default:
		return main_option_value(s, c, arg);
	}
}

/* Whether the first len bytes of name are a long option's whole name. */
static bool
main_is_option(const char *name, size_t len)
{
	const struct option *o;

	for (o = main_options; o->name != NULL; o++) {
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return true;
	}
	return false;
}

/* An unknown option, or one without its value, in getopt's position. */
static int
main_bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	bool is_long = strncmp(arg, "--", 2) == 0;
	const char *eq = strchr(arg, '=');

	if (c == ':')
		msg_error("option '%s' needs a value", arg);
	else if (is_long && eq != NULL && main_is_option(arg + 2,
	    (size_t)(eq - arg - 2)))
		msg_error("option '%.*s' takes no value", (int)(eq - arg), arg);
	else if (is_long || optopt == 0)
		msg_error("unknown option '%s'", arg);
	else
		msg_error("unknown option '-%c'", optopt);
	fputs("Try 'ttlwatch --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static void
main_defaults(struct run_options *o)
{
	static const char *const default_paths[] = { "tenants" };

	memset(o, 0, sizeof(*o));
	o->paths = default_paths;
	o->npaths = 1;
	o->output_dir = "reports";
	o->now = (int64_t)time(NULL);
	o->warn_days = MAIN_DEFAULT_WARN_DAYS;
	o->formats = RUN_FORMAT_ALL;
	o->junit_fail_on = STATE_WARN;
	o->jobs = MAIN_DEFAULT_JOBS;
}

static int
main_parse(struct main_state *s, int argc, char **argv)
{
	int c, status;

	main_defaults(&s->opts);
	opterr = 0;	/* main_bad_option() words the message */
	while ((c = getopt_long(argc, argv, ":o:r:w:j:qvhV", main_options,
	    NULL)) != -1) {
		if (c == '?' || c == ':')
			return main_bad_option(c, argv);
		status = main_option(s, c, optarg);
		if (status != 0 || s->done)
			return status;
	}
	if (optind < argc) {
		s->opts.paths = (const char *const *)(argv + optind);
		s->opts.npaths = (size_t)(argc - optind);
	}
	if (s->opts.template_path == NULL) {
		s->default_template = main_default_template();
		s->opts.template_path = s->default_template;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct main_state s;
	int status;

	(void)setlocale(LC_ALL, "");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		msg_error("cannot initialise libcurl");
		return EXIT_SOFTWARE;
	}
	xmlInitParser();
	memset(&s, 0, sizeof(s));
	status = main_parse(&s, argc, argv);
	if (status == 0 && !s.done)
		status = run(&s.opts);
	free(s.reported);
	free(s.default_template);
	xmlCleanupParser();
	curl_global_cleanup();
	return status;
}

/*
 * The HTML digest: the run's results filled into a designer's template,
 * most urgent rows first. Gmail clips a message whose HTML passes about
 * 102 kB and hides the rest behind a link, so the finished document must
 * stay under REPORT_HTML_MAX_BYTES (100 kB). When it would not, the healthy and skipped rows
 * collapse into one line that points to the CSV; if the rows that need
 * attention still do not fit, the list stops where the room runs out.
 * Each decision measures a real rendering, never an estimate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instant.h"
#include "msg.h"
#include "reconcile.h"
#include "report_html.h"
#include "template.h"
#include "xalloc.h"
#include "zone.h"

/* Gmail clips a message body near 102 kB. NOTE: the limit applies to the
 * HTML as written; a mailer that encodes it as base64 or
 * quoted-printable makes the message larger. */
#define REPORT_HTML_MAX_BYTES	((size_t)100 * 1000)
/* "2026-03-26 10:00 +0545 (ZONE)", with a zone name of up to
 * ZONE_NAME_MAX bytes. */
#define REPORT_HTML_TIME_BUFSZ	(32 + ZONE_NAME_MAX)

/* A state as the digest shows it: a word, which survives dark-mode colour
 * inversion and colour blindness, on colours whose contrast ratio is at
 * least 4.5:1 by the WCAG 2 formula. */
struct report_html_look {
	const char *word;
	const char *style;
};

static const struct report_html_look report_html_looks[STATE_COUNT] = {
	[STATE_HEALTHY] = { "HEALTHY",
	    "background-color:#1e7b34;color:#ffffff" },
	[STATE_WARN] = { "WARN", "background-color:#f9c513;color:#000000" },
	[STATE_CRITICAL] = { "CRITICAL",
	    "background-color:#b3261e;color:#ffffff" },
	[STATE_UNKNOWN] = { "UNKNOWN",
	    "background-color:#5f6368;color:#ffffff" },
	[STATE_ERROR] = { "ERROR", "background-color:#6a1b9a;color:#ffffff" },
	[STATE_SKIPPED] = { "SKIPPED",
	    "background-color:#e8eaed;color:#202124" },
};

/* A summary count of zero is shown in neutral colours, so that only the
 * states that occurred draw the eye. */
#define REPORT_HTML_ZERO_STYLE	"background-color:#f1f3f4;color:#5f6368"

/* The order of the summary counts: the table's order. */
static const enum state report_html_count_order[STATE_COUNT] = {
	STATE_CRITICAL, STATE_WARN, STATE_UNKNOWN, STATE_ERROR,
	STATE_HEALTHY, STATE_SKIPPED
};

struct report_html_row {
	const struct tenant *tenant;
	size_t	 index;		/* read order, which ties keep */
	int64_t	 days;		/* days left; INT64_MAX without an expiry */
	char	 expires_utc[REPORT_HTML_TIME_BUFSZ];
	char	 expires_local[REPORT_HTML_TIME_BUFSZ];
};

struct report_html_count {
	enum state state;
	size_t	 n;
};

struct report_html_digest {
	const struct report_ctx *ctx;
	struct report_html_row *rows;	/* sorted, most urgent first */
	size_t	 nrows;
	size_t	 nproblems;	/* leading rows more urgent than healthy */
	size_t	 nshown;	/* rows the current rendering lists */
	size_t	 nstate[STATE_COUNT];
	struct report_html_count counts[STATE_COUNT];
};

static bool
report_html_is_problem(enum state s)
{
	return state_severity(s) < state_severity(STATE_HEALTHY);
}

/* Write t as "2026-03-26 10:00 GMT" in zone, or "" if it cannot be
 * converted. */
static void
report_html_wall_clock(const char *zone, int64_t t, char *out, size_t size)
{
	struct zone_time local;
	char day[DATE_BUFSZ];

	out[0] = '\0';
	if (!zone_local(zone, t, &local))
		return;
	date_format(&local.date, day);
	snprintf(out, size, "%s %02d:%02d %s", day, local.hour, local.minute,
	    local.abbrev);
}

/* "2026-03-26 02:30 NZDT (Pacific/Auckland)": the zone's name as well,
 * because abbreviations such as IST or -03 do not say which zone. */
static void
report_html_local_clock(const char *zone, int64_t t, char *out, size_t size)
{
	size_t len;

	report_html_wall_clock(zone, t, out, size);
	len = strlen(out);
	if (len > 0)
		snprintf(out + len, size - len, " (%s)", zone);
}

/* The times are converted once here, not at each of the renderings
 * that the size limit may need. */
static void
report_html_row_init(struct report_html_row *row, const struct tenant *t,
    size_t index)
{
	const struct result *r = &t->result;

	memset(row, 0, sizeof(*row));
	row->tenant = t;
	row->index = index;
	row->days = INT64_MAX;
	if (!report_has_days(r)) {
		if (r->state == STATE_HEALTHY)
			snprintf(row->expires_utc, sizeof(row->expires_utc),
			    "never");
		return;
	}
	row->days = r->days_left;
	report_html_wall_clock("UTC", r->expires_at, row->expires_utc,
	    sizeof(row->expires_utc));
	if (t->zone != NULL && strcmp(t->zone, "UTC") != 0)
		report_html_local_clock(t->zone, r->expires_at,
		    row->expires_local, sizeof(row->expires_local));
}

/* Most severe state first, then fewest days left, then read order. */
static int
report_html_compare(const void *a, const void *b)
{
	const struct report_html_row *x = a;
	const struct report_html_row *y = b;
	int rank_x = state_severity(x->tenant->result.state);
	int rank_y = state_severity(y->tenant->result.state);

	if (rank_x != rank_y)
		return rank_x < rank_y ? -1 : 1;
	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

static void
report_html_digest_init(struct report_html_digest *d,
    const struct report_ctx *ctx)
{
	const struct tenant_list *tenants = ctx->tenants;
	enum state s;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->ctx = ctx;
	d->nrows = tenants->len;
	d->rows = xcalloc(d->nrows > 0 ? d->nrows : 1, sizeof(*d->rows));
	for (i = 0; i < d->nrows; i++) {
		report_html_row_init(&d->rows[i], tenants->items[i], i);
		s = tenants->items[i]->result.state;
		d->nstate[s]++;
		if (report_html_is_problem(s))
			d->nproblems++;
	}
	qsort(d->rows, d->nrows, sizeof(*d->rows), report_html_compare);

	for (i = 0; i < STATE_COUNT; i++) {
		d->counts[i].state = report_html_count_order[i];
		d->counts[i].n = d->nstate[report_html_count_order[i]];
	}
	d->nshown = d->nrows;
}

/* The fields of one row, read from a struct report_html_row. */

static const struct tenant *
report_html_tenant(const void *record)
{
	return ((const struct report_html_row *)record)->tenant;
}

static void
report_html_row_tenant_name(const void *record, struct buf *out)
{
	buf_adds(out, tenant_display_name(report_html_tenant(record)));
}

static void
report_html_row_tenant_id(const void *record, struct buf *out)
{
	buf_adds(out, tenant_display_id(report_html_tenant(record)));
}

static void
report_html_row_token_label(const void *record, struct buf *out)
{
	const struct tenant *t = report_html_tenant(record);

	if (t->label != NULL)
		buf_adds(out, t->label);
}

static void
report_html_row_token_kind(const void *record, struct buf *out)
{
	buf_adds(out, token_kind_name(report_html_tenant(record)->kind));
}

static void
report_html_row_timezone(const void *record, struct buf *out)
{
	buf_adds(out, tenant_zone(report_html_tenant(record)));
}

static void
report_html_row_expires_utc(const void *record, struct buf *out)
{
	buf_adds(out, ((const struct report_html_row *)record)->expires_utc);
}

static void
report_html_row_expires_local(const void *record, struct buf *out)
{
	buf_adds(out,
	    ((const struct report_html_row *)record)->expires_local);
}

static void
report_html_row_days_left(const void *record, struct buf *out)
{
	const struct result *r = &report_html_tenant(record)->result;

	if (report_has_days(r))
		buf_addf(out, "%lld", (long long)r->days_left);
}

static void
report_html_row_state(const void *record, struct buf *out)
{
	enum state s = report_html_tenant(record)->result.state;

	buf_adds(out, report_html_looks[s].word);
}

static void
report_html_row_state_style(const void *record, struct buf *out)
{
	enum state s = report_html_tenant(record)->result.state;

	buf_adds(out, report_html_looks[s].style);
}

/* An error row explains its configuration errors instead of notes. */
static void
report_html_row_notes(const void *record, struct buf *out)
{
	const struct tenant *t = report_html_tenant(record);
	const struct buf *text = t->result.state == STATE_ERROR ?
	    &t->errors : &t->result.notes;

	buf_add(out, buf_str(text), text->len);
}

static void
report_html_row_contacts(const void *record, struct buf *out)
{
	const struct tenant *t = report_html_tenant(record);

	if (t->contacts != NULL)
		buf_adds(out, t->contacts);
}

static void
report_html_row_atlassian_expiry(const void *record, struct buf *out)
{
	char text[INSTANT_BUFSZ];

	reconcile_format_reported(&report_html_tenant(record)->reported, text,
	    sizeof(text));
	buf_adds(out, text);
}

/* The link goes into an href, so only http and https URLs are written.
 * The configuration rejects other schemes for site already; this keeps a
 * javascript: or data: URL out of the digest even if that check changes. */
static void
report_html_row_rotate_url(const void *record, struct buf *out)
{
	struct buf url;

	buf_init(&url);
	report_rotate_url(report_html_tenant(record), &url);
	if (strncmp(buf_str(&url), "https://", 8) == 0 ||
	    strncmp(buf_str(&url), "http://", 7) == 0)
		buf_add(out, buf_str(&url), url.len);
	buf_release(&url);
}

static const struct template_field report_html_row_fields[] = {
	TEMPLATE_FIELD_TEXT("atlassian_expiry",
	    report_html_row_atlassian_expiry),
	TEMPLATE_FIELD_TEXT("contacts", report_html_row_contacts),
	TEMPLATE_FIELD_TEXT("days_left", report_html_row_days_left),
	TEMPLATE_FIELD_TEXT("expires_local", report_html_row_expires_local),
	TEMPLATE_FIELD_TEXT("expires_utc", report_html_row_expires_utc),
	TEMPLATE_FIELD_TEXT("notes", report_html_row_notes),
	TEMPLATE_FIELD_TEXT("rotate_url", report_html_row_rotate_url),
	TEMPLATE_FIELD_TEXT("state", report_html_row_state),
	TEMPLATE_FIELD_TEXT("state_style", report_html_row_state_style),
	TEMPLATE_FIELD_TEXT("tenant_id", report_html_row_tenant_id),
	TEMPLATE_FIELD_TEXT("tenant_name", report_html_row_tenant_name),
	TEMPLATE_FIELD_TEXT("timezone", report_html_row_timezone),
	TEMPLATE_FIELD_TEXT("token_kind", report_html_row_token_kind),
	TEMPLATE_FIELD_TEXT("token_label", report_html_row_token_label),
};

static const struct template_schema report_html_row_schema = {
	report_html_row_fields,
	sizeof(report_html_row_fields) / sizeof(report_html_row_fields[0])
};

/* The fields of one summary count, read from a struct report_html_count. */

static void
report_html_count_state(const void *record, struct buf *out)
{
	const struct report_html_count *c = record;

	buf_adds(out, report_html_looks[c->state].word);
}

static void
report_html_count_number(const void *record, struct buf *out)
{
	const struct report_html_count *c = record;

	buf_addf(out, "%zu", c->n);
}

static void
report_html_count_style(const void *record, struct buf *out)
{
	const struct report_html_count *c = record;

	buf_adds(out, c->n > 0 ? report_html_looks[c->state].style :
	    REPORT_HTML_ZERO_STYLE);
}

static const struct template_field report_html_count_fields[] = {
	TEMPLATE_FIELD_TEXT("count", report_html_count_number),
	TEMPLATE_FIELD_TEXT("state", report_html_count_state),
	TEMPLATE_FIELD_TEXT("state_style", report_html_count_style),
};

static const struct template_schema report_html_count_schema = {
	report_html_count_fields,
	sizeof(report_html_count_fields) / sizeof(report_html_count_fields[0])
};

/* The top-level fields, read from a struct report_html_digest. */

static bool
report_html_all_healthy(const void *record)
{
	const struct report_html_digest *d = record;

	return d->nproblems == 0;
}

static size_t
report_html_count_total(const void *record)
{
	(void)record;
	return STATE_COUNT;
}

static const void *
report_html_count_item(const void *record, size_t i)
{
	const struct report_html_digest *d = record;

	return &d->counts[i];
}

static size_t
report_html_row_total(const void *record)
{
	const struct report_html_digest *d = record;

	return d->nshown;
}

static const void *
report_html_row_item(const void *record, size_t i)
{
	const struct report_html_digest *d = record;

	return &d->rows[i];
}

static void
report_html_csv_name(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;

	buf_adds(out, d->ctx->csv_name);
}

static void
report_html_evaluated_at(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;
	char text[REPORT_HTML_TIME_BUFSZ];

	report_html_wall_clock("UTC", d->ctx->now, text, sizeof(text));
	buf_adds(out, text);
}

/* "4960 healthy tenants are not listed; see ttlwatch.csv", naming the
 * skipped tenants too when there are any. */
static void
report_html_healthy_omitted(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;
	size_t healthy = d->nstate[STATE_HEALTHY];
	size_t skipped = d->nstate[STATE_SKIPPED];
	size_t hidden = healthy + skipped;

	if (d->nshown == d->nrows || hidden == 0)
		return;
	if (healthy > 0)
		buf_addf(out, "%zu healthy", healthy);
	if (healthy > 0 && skipped > 0)
		buf_adds(out, " and ");
	if (skipped > 0)
		buf_addf(out, "%zu skipped", skipped);
	buf_addf(out, " tenant%s %s not listed; see %s",
	    hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are",
	    d->ctx->csv_name);
}

/* The line that ends a list cut short by the size limit. */
static void
report_html_rows_omitted(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;
	size_t more;

	if (d->nshown >= d->nproblems)
		return;
	more = d->nproblems - d->nshown;
	buf_addf(out, "%zu more tenant%s that need%s attention %s not listed, "
	    "to keep this message under %zu kB; see %s", more,
	    more == 1 ? "" : "s", more == 1 ? "s" : "",
	    more == 1 ? "is" : "are", REPORT_HTML_MAX_BYTES / 1000,
	    d->ctx->csv_name);
}

static void
report_html_summary(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;

	report_summary(d->ctx->counts, out);
}

static void
report_html_total(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;

	buf_addf(out, "%zu", d->nrows);
}

static void
report_html_version(const void *record, struct buf *out)
{
	const struct report_html_digest *d = record;

	buf_adds(out, d->ctx->version);
}

static const struct template_field report_html_fields[] = {
	TEMPLATE_FIELD_FLAG("all_healthy", report_html_all_healthy),
	TEMPLATE_FIELD_LIST("counts", report_html_count_total,
	    report_html_count_item, &report_html_count_schema),
	TEMPLATE_FIELD_TEXT("csv_name", report_html_csv_name),
	TEMPLATE_FIELD_TEXT("evaluated_at", report_html_evaluated_at),
	TEMPLATE_FIELD_TEXT("healthy_omitted", report_html_healthy_omitted),
	TEMPLATE_FIELD_LIST("rows", report_html_row_total,
	    report_html_row_item, &report_html_row_schema),
	TEMPLATE_FIELD_TEXT("rows_omitted", report_html_rows_omitted),
	TEMPLATE_FIELD_TEXT("summary", report_html_summary),
	TEMPLATE_FIELD_TEXT("total", report_html_total),
	TEMPLATE_FIELD_TEXT("version", report_html_version),
};

static const struct template_schema report_html_schema = {
	report_html_fields,
	sizeof(report_html_fields) / sizeof(report_html_fields[0])
};

/* Render the document listing the first nshown sorted rows into page. */
static void
report_html_render(const struct template *tpl, struct report_html_digest *d,
    size_t nshown, struct buf *page)
{
	d->nshown = nshown;
	buf_reset(page);
	template_render(tpl, d, page);
}

static bool
report_html_fits(const struct buf *page)
{
	return page->len < REPORT_HTML_MAX_BYTES;
}

/*
 * Leave in page the fullest rendering under the size limit. That is every
 * row if they fit, else the rows that need attention, else as many of
 * those as fit, found by a binary search over real renderings. A template
 * too large even without rows is rendered anyway, because a clipped
 * digest still shows more than none.
 */
static void
report_html_fit(const struct template *tpl, struct report_html_digest *d,
    struct buf *page)
{
	size_t fits, too_many, mid;

	report_html_render(tpl, d, d->nrows, page);
	if (report_html_fits(page))
		return;
	report_html_render(tpl, d, d->nproblems, page);
	if (report_html_fits(page))
		return;

	/* Invariant: a rendering of too_many rows was over the limit, and
	 * one of fits rows was under it or fits is 0. */
	fits = 0;
	too_many = d->nproblems;
	while (too_many - fits > 1) {
		mid = fits + (too_many - fits) / 2;
		report_html_render(tpl, d, mid, page);
		if (report_html_fits(page))
			fits = mid;
		else
			too_many = mid;
	}
	report_html_render(tpl, d, fits, page);
	if (!report_html_fits(page))
		msg_warn("the HTML digest is %zu bytes even without rows; mail "
		    "clients may clip it above %zu kB", page->len,
		    REPORT_HTML_MAX_BYTES / 1000);
}

bool
report_html_write(const struct report_ctx *ctx, const char *template_path,
    const char *template_text, struct buf *out, struct buf *err)
{
	struct report_html_digest d;
	struct template *tpl = NULL;
	struct buf page;
	bool ok = false;

	buf_init(&page);
	report_html_digest_init(&d, ctx);
	if (!template_parse(template_path, template_text, &report_html_schema,
	    &tpl, err))
		goto done;

	report_html_fit(tpl, &d, &page);
	buf_add(out, buf_str(&page), page.len);
	ok = true;
done:
	template_free(tpl);
	buf_release(&page);
	free(d.rows);
	return ok;
}

/*
 * The CSV record: RFC 4180 with CRLF line ends, UTF-8 without a BOM,
 * fields quoted by libcsv only when they need it. Text fields that a
 * spreadsheet would run as a formula get a leading apostrophe.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "instant.h"
#include "reconcile.h"
#include "text.h"
#include "report_csv.h"
#include "xalloc.h"

struct report_csv_row {
	const struct report_ctx *ctx;
	const struct tenant *tenant;
	struct buf *out;
};

typedef void (*report_csv_cell)(const struct report_csv_row *row,
    struct buf *value);

struct report_csv_column {
	const char *name;
	bool	 text;		/* subject to the formula guard */
	report_csv_cell cell;
};

static bool
report_csv_needs_guard(const char *value)
{
	return value[0] != '\0' && strchr("=+-@\t\r", value[0]) != NULL;
}

static bool
report_csv_needs_quotes(const char *value)
{
	return strpbrk(value, ",\"\r\n") != NULL;
}

/* Append one field, guarded and quoted as needed, without a separator. */
void
report_csv_field(struct buf *out, const char *value, bool text)
{
	struct buf guarded;
	size_t room, n;
	char *quoted;

	buf_init(&guarded);
	if (text && report_csv_needs_guard(value))
		buf_addc(&guarded, '\'');
	text_printable_clean(&guarded, value);

	if (!report_csv_needs_quotes(buf_str(&guarded))) {
		buf_add(out, buf_str(&guarded), guarded.len);
		buf_release(&guarded);
		return;
	}
	/* Quoting at most doubles the text, plus the two quotes. */
	room = guarded.len * 2 + 2;
	quoted = xmalloc(room);
	n = csv_write(quoted, room, buf_str(&guarded), guarded.len);
	buf_add(out, quoted, n < room ? n : room);
	free(quoted);
	buf_release(&guarded);
}

static void
cell_tenant_id(const struct report_csv_row *row, struct buf *v)
{
	buf_adds(v, tenant_display_id(row->tenant));
}

static void
cell_tenant_name(const struct report_csv_row *row, struct buf *v)
{
	buf_adds(v, tenant_display_name(row->tenant));
}

static void
cell_token_kind(const struct report_csv_row *row, struct buf *v)
{
	buf_adds(v, token_kind_name(row->tenant->kind));
}

static void
cell_token_label(const struct report_csv_row *row, struct buf *v)
{
	if (row->tenant->label != NULL)
		buf_adds(v, row->tenant->label);
}

static void
cell_state(const struct report_csv_row *row, struct buf *v)
{
	buf_adds(v, state_name(row->tenant->result.state));
}

static void
cell_days_left(const struct report_csv_row *row, struct buf *v)
{
	const struct result *r = &row->tenant->result;

	if (report_has_days(r))
		buf_addf(v, "%lld", (long long)r->days_left);
}

static void
cell_expires_at(const struct report_csv_row *row, struct buf *v)
{
	const struct result *r = &row->tenant->result;
	char text[INSTANT_BUFSZ];

	if (!report_has_days(r))
		return;
	instant_format(r->expires_at, text);
	buf_adds(v, text);
}

static void
cell_expiry_source(const struct report_csv_row *row, struct buf *v)
{
	if (report_has_days(&row->tenant->result))
		buf_adds(v, expiry_source_name(row->tenant->result.source));
}

static void
cell_warn_days(const struct report_csv_row *row, struct buf *v)
{
	buf_addf(v, "%d", row->tenant->result.warn_days);
}

static void
cell_atlassian_expiry(const struct report_csv_row *row, struct buf *v)
{
	char text[INSTANT_BUFSZ];

	reconcile_format_reported(&row->tenant->reported, text, sizeof(text));
	buf_adds(v, text);
}

static bool
report_csv_reconciled(const struct tenant *t)
{
	return t->result.reconciled && t->result.state != STATE_ERROR &&
	    t->result.state != STATE_SKIPPED;
}

static void
cell_reconciliation(const struct report_csv_row *row, struct buf *v)
{
	if (report_csv_reconciled(row->tenant))
		buf_adds(v, reconciliation_name(row->tenant->result.recon));
}

static void
cell_notes(const struct report_csv_row *row, struct buf *v)
{
	const struct tenant *t = row->tenant;

	if (t->result.state == STATE_ERROR)
		buf_add(v, buf_str(&t->errors), t->errors.len);
	else
		buf_add(v, buf_str(&t->result.notes), t->result.notes.len);
}

static void
cell_evaluated_at(const struct report_csv_row *row, struct buf *v)
{
	char text[INSTANT_BUFSZ];

	instant_format(row->ctx->now, text);
	buf_adds(v, text);
}

/* The columns, in the order of the file. */
static const struct report_csv_column report_csv_columns[] = {
	{ "tenant_id", true, cell_tenant_id },
	{ "tenant_name", true, cell_tenant_name },
	{ "token_kind", true, cell_token_kind },
	{ "token_label", true, cell_token_label },
	{ "state", true, cell_state },
	{ "days_left", false, cell_days_left },
	{ "expires_at", true, cell_expires_at },
	{ "expiry_source", true, cell_expiry_source },
	{ "warn_days", false, cell_warn_days },
	{ "atlassian_expiry", true, cell_atlassian_expiry },
	{ "reconciliation", true, cell_reconciliation },
	{ "notes", true, cell_notes },
	{ "evaluated_at", true, cell_evaluated_at },
};

#define REPORT_CSV_NCOLUMNS \
	(sizeof(report_csv_columns) / sizeof(report_csv_columns[0]))

static void
report_csv_header(struct buf *out)
{
	size_t i;

	for (i = 0; i < REPORT_CSV_NCOLUMNS; i++) {
		if (i > 0)
			buf_addc(out, ',');
		buf_adds(out, report_csv_columns[i].name);
	}
	buf_adds(out, "\r\n");
}

static void
report_csv_row(const struct report_csv_row *row)
{
	struct buf value;
	size_t i;

	buf_init(&value);
	for (i = 0; i < REPORT_CSV_NCOLUMNS; i++) {
		buf_reset(&value);
		report_csv_columns[i].cell(row, &value);
		if (i > 0)
			buf_addc(row->out, ',');
		report_csv_field(row->out, buf_str(&value),
		    report_csv_columns[i].text);
	}
	buf_adds(row->out, "\r\n");
	buf_release(&value);
}

/* Append the whole CSV report to out. */
void
report_csv_write(const struct report_ctx *ctx, struct buf *out)
{
	struct report_csv_row row = { ctx, NULL, out };
	size_t i;

	report_csv_header(out);
	for (i = 0; i < ctx->tenants->len; i++) {
		row.tenant = ctx->tenants->items[i];
		report_csv_row(&row);
	}
}

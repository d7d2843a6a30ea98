/*
 * Atlassian-reported expiries. The --reported CSV is read with libcsv in
 * strict mode, one byte at a time so that each row records the physical
 * line it starts on, even when a quoted field contains a newline. A
 * missing column or broken quoting rejects the file. A bad row is
 * reported and skipped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "date.h"
#include "instant.h"
#include "msg.h"
#include "reported.h"
#include "text.h"
#include "xalloc.h"
#include "zone.h"

#define REPORTED_COLUMNS_MAX	256
#define REPORTED_WARNINGS_MAX	20	/* row warnings printed per file */

enum reported_column {
	COL_TENANT_ID,
	COL_EXPIRES,
	COL_TIMEZONE,
	COL_REPORTED_AT,
	COL_LABEL,
	COL_COUNT
};

static const struct {
	const char *name;
	bool	 required;
} reported_columns[COL_COUNT] = {
	[COL_TENANT_ID] = { "tenant_id", true },
	[COL_EXPIRES] = { "expires", true },
	[COL_TIMEZONE] = { "timezone", false },
	[COL_REPORTED_AT] = { "reported_at", false },
	[COL_LABEL] = { "label", false },
};

struct reported_reader {
	const char *path;
	struct tenant_list *tenants;
	long	 line;		/* physical line of the next byte */
	long	 row_line;	/* physical line where the row began */
	bool	 at_row_start;
	bool	 header_done;
	bool	 failed;	/* the file is rejected */
	size_t	 ncolumns;	/* fields in the header */
	int	 index[COL_COUNT];	/* field of each column, or -1 */
	char	*fields[REPORTED_COLUMNS_MAX];
	size_t	 nfields;
	bool	 too_many;
	bool	 has_nul;	/* a field of the row holds a NUL byte */
	bool	 prev_cr;	/* the byte before was a CR */
	struct tenant **by_id;	/* tenants with an id, sorted by it */
	size_t	 nby_id;
	size_t	 warnings;	/* row warnings printed so far */
};

/* Pick the more telling of the two parsers' complaints: the one that got
 * past the shape of the value, or one that lists both forms. */
static const char *
reported_why(const char *instant_why, const char *date_why)
{
	if (strncmp(instant_why, "expected an instant", 19) != 0)
		return instant_why;
	if (strncmp(date_why, "expected a date", 15) != 0)
		return date_why;
	return "expected a date such as 2026-03-26 or 26 Mar 2026, or an "
	    "instant such as 2026-03-26T09:00:00Z";
}

/*
 * Parse a reported expiry: an instant, or a calendar date in one of the
 * forms Atlassian prints. Only the value fields of r are changed.
 */
bool
reported_parse_expiry(const char *value, struct reported *r, const char **why)
{
	const char *date_why = "";
	int64_t t;
	struct date d;

	if (instant_parse(value, &t, why)) {
		r->is_date = false;
		r->instant = t;
	} else if (date_parse(value, &d, &date_why)) {
		r->is_date = true;
		r->date = d;
	} else {
		*why = reported_why(*why, date_why);
		return false;
	}
	r->set = true;
	r->via = SOURCE_ATLASSIAN_REPORTED;
	return true;
}

static void
reported_warn(struct reported_reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a row's warning; after REPORTED_WARNINGS_MAX of them only count,
 * so that a file of a million bad rows does not flood the cron mail. */
static void
reported_warn(struct reported_reader *rd, const char *fmt, ...)
{
	struct buf text;
	va_list ap;

	if (++rd->warnings > REPORTED_WARNINGS_MAX)
		return;		/* counted, and summed up at the end */
	buf_init(&text);
	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	msg_warn_at(rd->path, rd->row_line, "%s", buf_str(&text));
	buf_release(&text);
}

static void
reported_fail(struct reported_reader *rd, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reported_fail(struct reported_reader *rd, long line, const char *fmt, ...)
{
	struct buf text;
	va_list ap;

	buf_init(&text);
	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	msg_error("%s:%ld: %s", rd->path, line, buf_str(&text));
	buf_release(&text);
	rd->failed = true;
}

static void
reported_row_clear(struct reported_reader *rd)
{
	size_t i;

	for (i = 0; i < rd->nfields; i++) {
		free(rd->fields[i]);
		rd->fields[i] = NULL;
	}
	rd->nfields = 0;
	rd->too_many = false;
	rd->has_nul = false;
}

/* A header cell: trimmed, compared without regard to case. */
static int
reported_column_of(const char *name)
{
	char trimmed[64];
	size_t len;
	int c;

	name = text_skip_space(name);
	len = strlen(name);
	while (len > 0 && text_is_space((unsigned char)name[len - 1]))
		len--;
	if (len >= sizeof(trimmed))
		return -1;
	memcpy(trimmed, name, len);
	trimmed[len] = '\0';
	for (c = 0; c < COL_COUNT; c++) {
		if (text_equal_nocase(trimmed, reported_columns[c].name))
			return c;
	}
	return -1;
}

static void
reported_header(struct reported_reader *rd)
{
	size_t i;
	int c;

	rd->header_done = true;
	rd->ncolumns = rd->nfields;
	if (rd->too_many) {
		reported_fail(rd, rd->row_line, "the header has more than %d "
		    "columns", REPORTED_COLUMNS_MAX);
		return;
	}
	for (c = 0; c < COL_COUNT; c++)
		rd->index[c] = -1;
	for (i = 0; i < rd->nfields; i++) {
		c = reported_column_of(rd->fields[i]);
		if (c < 0)
			continue;	/* unknown columns are ignored */
		if (rd->index[c] >= 0) {
			reported_fail(rd, rd->row_line, "column '%s' appears "
			    "twice in the header", reported_columns[c].name);
			return;
		}
		rd->index[c] = (int)i;
	}
	for (c = 0; c < COL_COUNT; c++) {
		if (reported_columns[c].required && rd->index[c] < 0)
			reported_fail(rd, rd->row_line, "missing required "
			    "column '%s'; the header needs tenant_id and "
			    "expires", reported_columns[c].name);
	}
}

static const char *
reported_cell(const struct reported_reader *rd, enum reported_column c)
{
	if (rd->index[c] < 0)
		return NULL;
	return rd->fields[rd->index[c]];
}

/* Fill r from the row; false with the bad value and the reason in
 * problem. */
static bool
reported_row_values(const struct reported_reader *rd, struct reported *r,
    struct buf *problem)
{
	const char *expires = reported_cell(rd, COL_EXPIRES);
	const char *zone = reported_cell(rd, COL_TIMEZONE);
	const char *at = reported_cell(rd, COL_REPORTED_AT);
	const char *label = reported_cell(rd, COL_LABEL);
	const char *why = NULL;

	if (!reported_parse_expiry(expires, r, &why)) {
		buf_adds(problem, "invalid expires ");
		text_quote(problem, expires);
	} else if (zone != NULL && *zone != '\0' && !zone_check(zone, &why)) {
		buf_adds(problem, "invalid timezone ");
		text_quote(problem, zone);
	} else if (at != NULL && *at != '\0' &&
	    !instant_parse(at, &r->reported_at.t, &why)) {
		buf_adds(problem, "invalid reported_at ");
		text_quote(problem, at);
	} else {
		r->reported_at.set = at != NULL && *at != '\0';
		r->zone = zone != NULL && *zone != '\0' ? xstrdup(zone) : NULL;
		r->label = label != NULL && *label != '\0' ?
		    xstrdup(label) : NULL;
		return true;
	}
	buf_addf(problem, ": %s", why);
	return false;
}

/* Report a row skipped for a bad value on standard error, and also in
 * the tenant's notes because -q silences standard error. */
static void
reported_row_rejected(struct reported_reader *rd, struct tenant *t,
    const char *problem)
{
	struct buf note;

	reported_warn(rd, "%s; row skipped", problem);
	buf_init(&note);
	buf_addf(&note, "the reported row at %s:%ld was skipped (%s)", rd->path,
	    rd->row_line, problem);
	tenant_add_note(t, buf_str(&note));
	buf_release(&note);
}

static int
reported_id_cmp(const void *a, const void *b)
{
	const struct tenant *ta = *(struct tenant *const *)a;
	const struct tenant *tb = *(struct tenant *const *)b;

	return strcmp(ta->id, tb->id);
}

static int
reported_key_cmp(const void *key, const void *elem)
{
	const struct tenant *t = *(struct tenant *const *)elem;

	return strcmp(key, t->id);
}

/* Index the tenants by id, so that a file of many rows is read in
 * O(rows log tenants). Duplicate ids are error rows already and may be
 * found in either order. */
static void
reported_index(struct reported_reader *rd)
{
	size_t i;

	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	rd->by_id = xcalloc(rd->tenants->len, sizeof(*rd->by_id));
	for (i = 0; i < rd->tenants->len; i++) {
		if (rd->tenants->items[i]->id != NULL)
			rd->by_id[rd->nby_id++] = rd->tenants->items[i];
	}
	if (rd->nby_id > 1)
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
		qsort(rd->by_id, rd->nby_id, sizeof(*rd->by_id),
		    reported_id_cmp);
}

static struct tenant *
reported_find(const struct reported_reader *rd, const char *id)
{
	struct tenant **found;

	if (rd->nby_id == 0 || id == NULL)
		return NULL;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	found = bsearch(id, rd->by_id, rd->nby_id, sizeof(*rd->by_id),
	    reported_key_cmp);
	return found != NULL ? *found : NULL;
}

static struct tenant *
reported_row_tenant(struct reported_reader *rd)
{
	const char *id = reported_cell(rd, COL_TENANT_ID);
	struct tenant *t = reported_find(rd, id);
	struct buf q;

	if (t != NULL && t->reported.origin == NULL)
		return t;
	buf_init(&q);
	text_quote(&q, id);
	if (t == NULL)
		reported_warn(rd, "unknown tenant %s; row skipped",
		    buf_str(&q));
	else
		reported_warn(rd, "second row for tenant %s (the first is at "
		    "%s); row skipped", buf_str(&q), t->reported.origin);
	buf_release(&q);
	return NULL;
}

static bool
reported_row_shape(struct reported_reader *rd)
{
	size_t i;

	if (rd->has_nul) {
		reported_warn(rd, "the row contains a NUL byte; row skipped");
		return false;
	}
	if (rd->too_many || rd->nfields != rd->ncolumns) {
		reported_warn(rd, "the row has %zu field%s but the header has "
		    "%zu; row skipped", rd->nfields, rd->nfields == 1 ? "" : "s",
		    rd->ncolumns);
		return false;
	}
	for (i = 0; i < rd->nfields; i++) {
		if (!text_utf8_valid(rd->fields[i])) {
			reported_warn(rd, "field %zu is not valid UTF-8; row "
			    "skipped", i + 1);
			return false;
		}
	}
	return true;
}

static void
reported_row(struct reported_reader *rd)
{
	struct reported r;
	struct tenant *t;
	struct buf origin, problem;

	if (!reported_row_shape(rd))
		return;
	t = reported_row_tenant(rd);
	if (t == NULL)
		return;
	memset(&r, 0, sizeof(r));
	buf_init(&problem);
	if (!reported_row_values(rd, &r, &problem)) {
		reported_row_rejected(rd, t, buf_str(&problem));
		reported_release(&r);
		buf_release(&problem);
		return;
	}
	buf_release(&problem);

	buf_init(&origin);
	buf_addf(&origin, "%s:%ld", rd->path, rd->row_line);
	r.origin = buf_detach(&origin);
	reported_release(&t->reported);
	t->reported = r;
}

/* libcsv: end of a field. */
static void
reported_on_field(void *data, size_t len, void *user)
{
	struct reported_reader *rd = user;

	if (rd->nfields == REPORTED_COLUMNS_MAX) {
		rd->too_many = true;
		return;
	}
	if (data == NULL)
		len = 0;
	if (len > 0 && memchr(data, '\0', len) != NULL) {
		rd->has_nul = true;	/* the row is skipped with a warning */
		len = 0;
	}
	rd->fields[rd->nfields++] = xstrndup(len > 0 ? data : "", len);
}

/* libcsv: end of a row. */
static void
reported_on_row(int terminator, void *user)
{
	struct reported_reader *rd = user;

	(void)terminator;
	if (!rd->failed) {
		if (!rd->header_done)
			reported_header(rd);
		else
			reported_row(rd);
	}
	reported_row_clear(rd);
	rd->at_row_start = true;
}

static bool
reported_feed(struct reported_reader *rd, struct csv_parser *p,
    const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len && !rd->failed; i++) {
		char c = data[i];

		/* A CR not followed by LF ends a line too. */
		if (rd->prev_cr && c != '\n')
			rd->line++;
		rd->prev_cr = c == '\r';
		if (rd->at_row_start && c != '\r' && c != '\n') {
			rd->row_line = rd->line;
			rd->at_row_start = false;
		}
		if (csv_parse(p, &c, 1, reported_on_field, reported_on_row,
		    rd) != 1) {
			reported_fail(rd, rd->line, "malformed CSV (%s); check "
			    "the quotes on this line",
			    csv_strerror(csv_error(p)));
			return false;
		}
		if (c == '\n')
			rd->line++;
	}
	return !rd->failed;
}

/* Skip a UTF-8 byte order mark at the start of the data. */
static size_t
reported_bom(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

static bool
reported_parse_file(struct reported_reader *rd, FILE *fp)
{
	struct csv_parser p;
	char chunk[8192];
	bool first = true;
	size_t n;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		msg_error("cannot read '%s': out of memory", rd->path);
		return false;
	}
	while (!rd->failed && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		size_t skip = first ? reported_bom(chunk, n) : 0;

		first = false;
		if (!reported_feed(rd, &p, chunk + skip, n - skip))
			break;
	}
	if (ferror(fp)) {
		int saved = errno;

		msg_error("cannot read '%s': %s", rd->path, strerror(saved));
		rd->failed = true;
	}
	if (!rd->failed && csv_fini(&p, reported_on_field, reported_on_row,
	    rd) != 0)
		reported_fail(rd, rd->row_line, "malformed CSV: a quoted field "
		    "is not closed");
	reported_row_clear(rd);
	csv_free(&p);
	return !rd->failed;
}

/*
 * Apply the rows of the CSV in fp, named path in messages, to the matching
 * tenants. Returns false when the file cannot be used at all (no header, a
 * required column missing, broken quoting). A bad row is warned of and
 * skipped, and a bad value is also noted in its tenant's row.
 */
bool
reported_parse(FILE *fp, const char *path, struct tenant_list *tenants)
{
	struct reported_reader rd;
	bool ok;

	memset(&rd, 0, sizeof(rd));
	rd.path = path;
	rd.tenants = tenants;
	rd.line = 1;
	rd.row_line = 1;
	rd.at_row_start = true;
	reported_index(&rd);

	ok = reported_parse_file(&rd, fp);
	free(rd.by_id);
	if (rd.warnings > REPORTED_WARNINGS_MAX)
		msg_warn_at(path, 0, "%zu more rows were skipped; the first %d "
		    "are listed above", rd.warnings - REPORTED_WARNINGS_MAX,
		    REPORTED_WARNINGS_MAX);
	if (ok && !rd.header_done) {
		msg_error("%s: the file is empty; expected a header row with "
		    "tenant_id and expires", path);
		ok = false;
	}
	return ok;
}

/* Read the CSV at path; see reported_parse(). */
bool
reported_load(const char *path, struct tenant_list *tenants)
{
	FILE *fp = fopen(path, "r");
	bool ok;

	if (fp == NULL) {
		msg_error("cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	ok = reported_parse(fp, path, tenants);
	(void)fclose(fp);
	return ok;
}

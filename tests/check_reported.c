/*
 * Unit tests for the --reported CSV reader: RFC 4180 details (BOM, CRLF,
 * quoted fields), columns found by name, the rows that are skipped with a
 * message naming their line, and the files that are rejected whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "evaluate.h"
#include "instant.h"
#include "msg.h"
#include "reported.h"
#include "testutil.h"

/* The running test's tenants. */
static struct tenant_list tenants;
static struct tenant *acme;	/* Europe/London, reports 2026-04-30 */
static struct tenant *beta;	/* no timezone, nothing reported */

static struct tenant *
add_tenant(const char *name, const char *ini)
{
	struct tenant *t = testutil_tenant_from_ini(testutil_test_dir, name,
	    ini);

	ck_assert_str_eq(buf_str(&t->errors), "");
	tenant_list_add(&tenants, t);
	return t;
}

/*
 * A checked fixture that runs after testutil_test_setup(). It raises the
 * message level from quiet back to normal, because the tests compare the
 * warnings that name each skipped row.
 */
static void
reported_setup(void)
{
	msg_set_level(MSG_NORMAL);
	tenant_list_init(&tenants);
	acme = add_tenant("acme.conf", "[tenant]\nid = acme\n"
	    "timezone = Europe/London\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T09:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-04-30\n");
	beta = add_tenant("beta.conf", "[tenant]\nid = beta\n"
	    "[token]\nkind = api-token\nexpires_at = 2026-03-26T12:00:00Z\n");
}

static void
reported_teardown(void)
{
	tenant_list_release(&tenants);
	acme = NULL;
	beta = NULL;
}

/* The result of loading one CSV: its path, the return value and what
 * went to standard error meanwhile. */
struct load {
	char	*path;
	bool	 ok;
	char	*err;
};

static void
load_bytes(struct load *l, const char *data, size_t len)
{
	struct testutil_capture cap;

	l->path = testutil_write_file(testutil_test_dir, "reported.csv", data,
	    len);
	testutil_capture_start(&cap, testutil_test_dir);
	l->ok = reported_load(l->path, &tenants);
	l->err = testutil_capture_end(&cap);
}

static void
load_text(struct load *l, const char *csv)
{
	load_bytes(l, csv, strlen(csv));
}

static void
load_release(struct load *l)
{
	free(l->path);
	free(l->err);
}

/* Assert the messages: every '$' in the template stands for the path. */
static void
assert_err(const struct load *l, const char *template)
{
	struct buf want;
	const char *p;

	buf_init(&want);
	for (p = template; *p != '\0'; p++) {
		if (*p == '$')
			buf_adds(&want, l->path);
		else
			buf_addc(&want, *p);
	}
	ck_assert_str_eq(l->err, buf_str(&want));
	buf_release(&want);
}

static void
assert_date(const struct tenant *t, int year, int month, int day)
{
	ck_assert(t->reported.set);
	ck_assert(t->reported.is_date);
	ck_assert_int_eq(t->reported.date.year, year);
	ck_assert_int_eq(t->reported.date.month, month);
	ck_assert_int_eq(t->reported.date.day, day);
}

static void
assert_instant(const struct tenant *t, const char *expected)
{
	char text[INSTANT_BUFSZ];

	ck_assert(t->reported.set);
	ck_assert(!t->reported.is_date);
	instant_format(t->reported.instant, text);
	ck_assert_str_eq(text, expected);
}

/* The configuration's own value, untouched by a skipped row. */
static void
assert_config_value(const struct tenant *t)
{
	assert_date(t, 2026, 4, 30);
	ck_assert_ptr_null(t->reported.origin);
}

static void
assert_origin(const struct load *l, const struct tenant *t, long line)
{
	struct buf want;

	buf_init(&want);
	buf_addf(&want, "%s:%ld", l->path, line);
	ck_assert_pstr_eq(t->reported.origin, buf_str(&want));
	buf_release(&want);
}

/* Load csv and assert what reported_load() returned and printed. */
static void
load_expect(struct load *l, const char *csv, bool ok, const char *messages)
{
	load_text(l, csv);
	ck_assert_msg(l->ok == ok, "reported_load() returned %s",
	    l->ok ? "true" : "false");
	assert_err(l, messages);
}

/* The same rows with LF and with CRLF line ends. */
static const char *const line_ends[] = { "\n", "\r\n" };

START_TEST(test_reported_rows_with_either_line_end)
{
	const char *eol = line_ends[_i];
	struct buf csv;
	struct load l;

	buf_init(&csv);
	buf_addf(&csv, "tenant_id,expires%sacme,2026-03-26%s"
	    "beta,2026-03-27T09:00:00Z%s", eol, eol, eol);
	load_expect(&l, buf_str(&csv), true, "");
	assert_date(acme, 2026, 3, 26);
	assert_origin(&l, acme, 2);
	assert_instant(beta, "2026-03-27T09:00:00Z");
	assert_origin(&l, beta, 3);
	load_release(&l);
	buf_release(&csv);
}
END_TEST

START_TEST(test_reported_bom_ignored)
{
	struct load l;

	load_expect(&l, "\xef\xbb\xbftenant_id,expires\r\nacme,2026-03-26\r\n",
	    true, "");
	assert_date(acme, 2026, 3, 26);
	load_release(&l);
}
END_TEST

START_TEST(test_reported_last_row_without_newline)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\nacme,2026-03-26", true, "");
	assert_date(acme, 2026, 3, 26);
	load_release(&l);
}
END_TEST

/* A quoted field may contain a comma, a doubled quote and a newline, and
 * the row after it is numbered by its physical line. */
START_TEST(test_reported_quoted_fields)
{
	struct load l;

	load_expect(&l, "tenant_id,expires,label\n"
	    "acme,\"Mar 26, 2026\",\"Nightly, \"\"main\"\"\nbot\"\n"
	    "ghost,2026-03-26,x\n", true,
	    "ttlwatch: $:4: unknown tenant 'ghost'; row skipped\n");
	assert_date(acme, 2026, 3, 26);
	ck_assert_pstr_eq(acme->reported.label, "Nightly, \"main\"\nbot");
	load_release(&l);
}
END_TEST

START_TEST(test_reported_quoted_newline_crlf_lines)
{
	struct load l;

	load_expect(&l, "tenant_id,expires,label\r\n"
	    "acme,2026-03-26,\"two\r\nlines\"\r\n"
	    "ghost,2026-03-26,x\r\n", true,
	    "ttlwatch: $:4: unknown tenant 'ghost'; row skipped\n");
	ck_assert_pstr_eq(acme->reported.label, "two\r\nlines");
	load_release(&l);
}
END_TEST

START_TEST(test_reported_blank_lines_counted)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\n\nghost,2026-03-26\n\nacme,"
	    "2026-03-26\n", true,
	    "ttlwatch: $:3: unknown tenant 'ghost'; row skipped\n");
	assert_origin(&l, acme, 5);
	load_release(&l);
}
END_TEST

START_TEST(test_reported_columns_reordered)
{
	struct load l;

	load_expect(&l, "label,expires,tenant_id\nci,Expires 26 Mar 2026,acme\n",
	    true, "");
	assert_date(acme, 2026, 3, 26);
	ck_assert_pstr_eq(acme->reported.label, "ci");
	load_release(&l);
}
END_TEST

START_TEST(test_reported_unknown_columns_ignored)
{
	struct load l;

	load_expect(&l, "owner,tenant_id,comment,expires,team\n"
	    "someone,acme,\"renew, soon\",2026-03-26,ops\n", true, "");
	assert_date(acme, 2026, 3, 26);
	ck_assert_ptr_null(acme->reported.label);
	ck_assert_ptr_null(acme->reported.zone);
	load_release(&l);
}
END_TEST

/* Files rejected whole, with the message each one gets. Nothing of a
 * rejected file is applied. */
static const struct {
	const char *csv;
	const char *messages;	/* every '$' stands for the path */
} rejected_files[] = {
	{ "tenant_id,label\nacme,ci\n",
	    "ttlwatch: $:1: missing required column 'expires'; the header "
	    "needs tenant_id and expires\n" },
	{ "expires,label\n2026-03-26,ci\n",
	    "ttlwatch: $:1: missing required column 'tenant_id'; the header "
	    "needs tenant_id and expires\n" },
	{ "tenant_id,expires,expires\nacme,2026-03-26,2026-03-27\n",
	    "ttlwatch: $:1: column 'expires' appears twice in the header\n" },
	{ "",
	    "ttlwatch: $: the file is empty; expected a header row with "
	    "tenant_id and expires\n" },
	{ "tenant_id,expires\nacme,\"2026-03-26\n",
	    "ttlwatch: $:2: malformed CSV: a quoted field is not closed\n" },
};

START_TEST(test_reported_file_rejected)
{
	struct load l;

	load_expect(&l, rejected_files[_i].csv, false,
	    rejected_files[_i].messages);
	assert_config_value(acme);
	load_release(&l);
}
END_TEST

START_TEST(test_reported_header_only)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\n", true, "");
	assert_config_value(acme);
	ck_assert(!beta->reported.set);
	load_release(&l);
}
END_TEST

START_TEST(test_reported_stray_quote_rejected)
{
	struct load l;
	struct buf prefix;

	load_text(&l, "tenant_id,expires\nacme,26 \"Mar\" 2026\n");
	ck_assert(!l.ok);
	buf_init(&prefix);
	buf_addf(&prefix, "ttlwatch: %s:2: malformed CSV", l.path);
	ck_assert_msg(strncmp(l.err, buf_str(&prefix), prefix.len) == 0,
	    "unexpected message \"%s\"", l.err);
	buf_release(&prefix);
	load_release(&l);
}
END_TEST

/*
 * Rows skipped with a message naming their line, in files that are
 * accepted. Acme keeps its configured value, and beta ends with the date
 * beta_date, or with no reported value when beta_date.year is 0.
 */
static const struct {
	const char *csv;
	const char *messages;	/* every '$' stands for the path */
	struct date beta_date;
} skipped_rows[] = {
	/* Rows with more or fewer fields than the header. */
	{ "tenant_id,expires\nacme,2026-03-26,extra\nbeta\nbeta,2026-03-27\n",
	    "ttlwatch: $:2: the row has 3 fields but the header has 2; row "
	    "skipped\nttlwatch: $:3: the row has 1 field but the header has "
	    "2; row skipped\n", { 2026, 3, 27 } },
	{ "tenant_id,expires\nghost,2026-03-26\nbeta,2026-03-27\n",
	    "ttlwatch: $:2: unknown tenant 'ghost'; row skipped\n",
	    { 2026, 3, 27 } },
	{ "tenant_id,expires\nacme,soon\nbeta,2026-02-30\n",
	    "ttlwatch: $:2: invalid expires 'soon': expected a date such as "
	    "2026-03-26 or 26 Mar 2026, or an instant such as "
	    "2026-03-26T09:00:00Z; row skipped\n"
	    "ttlwatch: $:3: invalid expires '2026-02-30': no such day in the "
	    "calendar; row skipped\n", { 0, 0, 0 } },
	{ "tenant_id,expires,label\nacme,2026-03-26,caf\xe9\n",
	    "ttlwatch: $:2: field 3 is not valid UTF-8; row skipped\n",
	    { 0, 0, 0 } },
	{ "tenant_id,expires,timezone\nacme,2026-03-26,Europe/Berln\n",
	    "ttlwatch: $:2: invalid timezone 'Europe/Berln': no such zone in "
	    "the time zone database; use a name such as Europe/London (see "
	    "/usr/share/zoneinfo); row skipped\n", { 0, 0, 0 } },
	{ "tenant_id,expires,reported_at\nacme,2026-03-26,2026-03-22\n",
	    "ttlwatch: $:2: invalid reported_at '2026-03-22': a calendar date, "
	    "not an instant: add a time and a UTC offset, as in "
	    "2026-03-26T09:00:00Z; row skipped\n", { 0, 0, 0 } },
};

START_TEST(test_reported_bad_rows_skipped)
{
	const struct date *beta_date = &skipped_rows[_i].beta_date;
	struct load l;

	load_expect(&l, skipped_rows[_i].csv, true, skipped_rows[_i].messages);
	assert_config_value(acme);
	if (beta_date->year == 0)
		ck_assert(!beta->reported.set);
	else
		assert_date(beta, beta_date->year, beta_date->month,
		    beta_date->day);
	load_release(&l);
}
END_TEST

/* The first row for a tenant wins; the second is reported. */
START_TEST(test_reported_second_row_skipped)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\nacme,2026-03-26\nacme,2026-03-20\n",
	    true, "ttlwatch: $:3: second row for tenant 'acme' (the first is "
	    "at $:2); row skipped\n");
	assert_date(acme, 2026, 3, 26);
	assert_origin(&l, acme, 2);
	load_release(&l);
}
END_TEST

/* A skipped row does not count as the tenant's first. */
START_TEST(test_reported_bad_row_then_good_row)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\nacme,2026-03-26T09:00:00\n"
	    "acme,2026-03-26\n", true, "ttlwatch: $:2: invalid expires "
	    "'2026-03-26T09:00:00': no UTC offset, so its zone would be a "
	    "guess: add Z or an offset such as +01:00; row skipped\n");
	assert_date(acme, 2026, 3, 26);
	assert_origin(&l, acme, 3);
	load_release(&l);
}
END_TEST

/* The CSV's value replaces [atlassian] reported_expiry. */
START_TEST(test_reported_csv_wins_over_config)
{
	struct load l;

	load_text(&l, "tenant_id,expires\nacme,2026-03-26\n");
	ck_assert(l.ok);
	assert_date(acme, 2026, 3, 26);
	evaluate_tenant(acme, testutil_instant("2026-03-22T08:15:00Z"), 7);
	ck_assert_str_eq(reconciliation_name(acme->result.recon), "match");
	load_release(&l);
}
END_TEST

/* The page's own wording and the US order, quoted for its comma. */
START_TEST(test_reported_page_date_forms)
{
	struct load l;

	load_expect(&l, "tenant_id,expires\nacme,Expires 26 Mar 2026\n"
	    "beta,\"Mar 26, 2026\"\n", true, "");
	assert_date(acme, 2026, 3, 26);
	assert_date(beta, 2026, 3, 26);
	load_release(&l);
}
END_TEST

START_TEST(test_reported_timezone_and_reported_at)
{
	struct load l;

	load_expect(&l, "tenant_id,expires,timezone,reported_at\n"
	    "beta,2026-03-27,Pacific/Auckland,2026-03-22T07:30:00Z\n"
	    "acme,2026-03-26,,\n", true, "");
	ck_assert_pstr_eq(beta->reported.zone, "Pacific/Auckland");
	ck_assert(beta->reported.reported_at.set);
	ck_assert_int_eq(beta->reported.reported_at.t,
	    testutil_instant("2026-03-22T07:30:00Z"));
	ck_assert_ptr_null(acme->reported.zone);
	ck_assert(!acme->reported.reported_at.set);

	/* The row's zone decides the date's meaning: 27 March in Auckland
	 * is when 2026-03-26T12:00:00Z falls there. */
	evaluate_tenant(beta, testutil_instant("2026-03-22T08:15:00Z"), 7);
	ck_assert_str_eq(reconciliation_name(beta->result.recon), "match");
	ck_assert_str_eq(buf_str(&beta->result.notes), "");
	load_release(&l);
}
END_TEST

START_TEST(test_reported_missing_file_rejected)
{
	char *path = testutil_path(testutil_test_dir, "absent.csv");
	struct testutil_capture cap;
	struct buf want;
	bool ok;
	char *err;

	testutil_capture_start(&cap, testutil_test_dir);
	ok = reported_load(path, &tenants);
	err = testutil_capture_end(&cap);
	ck_assert(!ok);
	buf_init(&want);
	buf_addf(&want, "ttlwatch: cannot open '%s': No such file or "
	    "directory\n", path);
	ck_assert_str_eq(err, buf_str(&want));
	buf_release(&want);
	free(path);
	free(err);
}
END_TEST

static Suite *
reported_suite(void)
{
	Suite *s = suite_create("reported");
	TCase *tc;

	tc = tcase_create("format");
	testutil_add_fixtures(tc);
	tcase_add_checked_fixture(tc, reported_setup, reported_teardown);
	tcase_add_loop_test(tc, test_reported_rows_with_either_line_end, 0,
	    (int)ARRAY_LEN(line_ends));
	tcase_add_test(tc, test_reported_bom_ignored);
	tcase_add_test(tc, test_reported_last_row_without_newline);
	tcase_add_test(tc, test_reported_quoted_fields);
	tcase_add_test(tc, test_reported_quoted_newline_crlf_lines);
	tcase_add_test(tc, test_reported_blank_lines_counted);
	tcase_add_test(tc, test_reported_columns_reordered);
	tcase_add_test(tc, test_reported_unknown_columns_ignored);
	tcase_add_loop_test(tc, test_reported_file_rejected, 0,
	    (int)ARRAY_LEN(rejected_files));
	tcase_add_test(tc, test_reported_header_only);
	tcase_add_test(tc, test_reported_stray_quote_rejected);
	tcase_add_test(tc, test_reported_missing_file_rejected);
	suite_add_tcase(s, tc);

	tc = tcase_create("rows");
	testutil_add_fixtures(tc);
	tcase_add_checked_fixture(tc, reported_setup, reported_teardown);
	tcase_add_loop_test(tc, test_reported_bad_rows_skipped, 0,
	    (int)ARRAY_LEN(skipped_rows));
	tcase_add_test(tc, test_reported_second_row_skipped);
	tcase_add_test(tc, test_reported_bad_row_then_good_row);
	tcase_add_test(tc, test_reported_csv_wins_over_config);
	tcase_add_test(tc, test_reported_page_date_forms);
	tcase_add_test(tc, test_reported_timezone_and_reported_at);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(reported_suite());
}

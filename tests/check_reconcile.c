/*
 * Unit tests for reconciling the connector's expiry with the one
 * Atlassian reports: the twelve worked cases of the rules as one table,
 * run under several process TZ values, the boundaries of each outcome,
 * and the facts each note must carry.
 */
#include <string.h>

#include <check.h>

#include "buf.h"
#include "evaluate.h"
#include "instant.h"
#include "testutil.h"
#include "xalloc.h"

#define NOW		"2026-03-22T08:15:00Z"

struct recon_case {
	const char *kind;
	const char *token;	/* [token] lines after kind */
	const char *reported;	/* reported_expiry, or NULL */
	const char *zone;	/* the zone the date was shown in, or NULL */
	const char *recon;
	const char *expires_at;
	int64_t	 days_left;
	const char *state;
	const char *source;
};

/* Evaluated at 2026-03-22T08:15:00Z with a warning window of 7 days. */
static const struct recon_case worked[] = {
	{ "api-token", "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n",
	    "2026-03-26", "Europe/London", "match", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T12:00:00Z\n", "2026-03-27",
	    "Pacific/Auckland", "match", "2026-03-26T12:00:00Z", 4, "warn",
	    "config" },
	{ "api-token", "expires_at = 2026-03-26T12:00:00Z\n", "2026-03-26",
	    "Pacific/Auckland", "timezone-shift", "2026-03-26T12:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T03:00:00Z\n", "2026-03-25",
	    "America/Los_Angeles", "match", "2026-03-26T03:00:00Z", 3, "warn",
	    "config" },
	{ "api-token", "expires_at = 2026-03-26T03:00:00Z\n", "2026-03-26",
	    "America/Los_Angeles", "timezone-shift", "2026-03-26T03:00:00Z", 3,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n", "2026-03-20",
	    "Europe/London", "atlassian-earlier", "2026-03-20T00:00:00Z", -3,
	    "critical", "atlassian-reported" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n", "2026-04-30",
	    "Europe/London", "atlassian-later", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T09:40:00.000+0000", NULL, "match",
	    "2026-03-26T09:00:00Z", 4, "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-24T09:00:00Z", NULL, "atlassian-earlier",
	    "2026-03-24T09:00:00Z", 2, "warn", "atlassian-reported" },
	{ "oauth-refresh", "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2026-03-01T10:00:00Z\n", NULL, NULL,
	    "not-reported", "2026-04-01T10:00:00Z", 10, "healthy",
	    "oauth-absolute" },
	{ "api-token", "expires_at = 2026-03-26T18:20:00Z\n", "2026-03-27",
	    "Asia/Kathmandu", "match", "2026-03-26T18:20:00Z", 4, "warn",
	    "config" },
	{ "api-token", "", "2026-03-25", "America/New_York", "atlassian-only",
	    "2026-03-25T04:00:00Z", 2, "warn", "atlassian-reported" },
};

/* Process TZ values the table runs under. NULL leaves TZ unset. */
static const char *const process_zones[] = {
	"UTC", "America/Los_Angeles", "Pacific/Kiritimati", NULL
};

/*
 * Read a tenant for c. With zone_in_row the zone goes into the reported
 * value, as a --reported CSV row's timezone column puts it, and the
 * tenant itself has none.
 */
static struct tenant *
tenant_for(const struct recon_case *c, bool zone_in_row)
{
	struct buf ini;
	struct tenant *t;

	buf_init(&ini);
	buf_adds(&ini, "[tenant]\nid = acme-uk\n");
	if (c->zone != NULL && !zone_in_row)
		buf_addf(&ini, "timezone = %s\n", c->zone);
	buf_addf(&ini, "[token]\nkind = %s\n%s", c->kind, c->token);
	if (c->reported != NULL)
		buf_addf(&ini, "[atlassian]\nreported_expiry = %s\n",
		    c->reported);
	t = testutil_tenant_from_ini(testutil_test_dir, "tenant.conf",
	    buf_str(&ini));
	buf_release(&ini);
	ck_assert_str_eq(buf_str(&t->errors), "");
	if (c->zone != NULL && zone_in_row)
		t->reported.zone = xstrdup(c->zone);
	return t;
}

static void
assert_result(const struct tenant *t, const struct recon_case *c)
{
	char text[INSTANT_BUFSZ];

	ck_assert_str_eq(reconciliation_name(t->result.recon), c->recon);
	ck_assert(t->result.has_expiry);
	instant_format(t->result.expires_at, text);
	ck_assert_str_eq(text, c->expires_at);
	ck_assert_int_eq(t->result.days_left, c->days_left);
	ck_assert_str_eq(state_name(t->result.state), c->state);
	ck_assert_str_eq(expiry_source_name(t->result.source), c->source);
}

/* Loop index: the table row times the number of process zones. */
START_TEST(test_reconcile_worked_examples)
{
	size_t row = (size_t)_i / ARRAY_LEN(process_zones);
	const char *process = process_zones[(size_t)_i %
	    ARRAY_LEN(process_zones)];
	struct tenant *t;

	testutil_set_process_tz(process);
	t = tenant_for(&worked[row], false);
	evaluate_tenant(t, testutil_instant(NOW), 7);
	assert_result(t, &worked[row]);
	testutil_assert_process_tz(process);
	tenant_free(t);
}
END_TEST

/* The zone of a reported row counts as the zone the date was shown in. */
START_TEST(test_reconcile_worked_examples_row_zone)
{
	struct tenant *t = tenant_for(&worked[_i], true);

	evaluate_tenant(t, testutil_instant(NOW), 7);
	assert_result(t, &worked[_i]);
	ck_assert_ptr_null(strstr(buf_str(&t->result.notes),
	    "no timezone set"));
	tenant_free(t);
}
END_TEST

/* The boundaries of each outcome. */
static const struct recon_case boundaries[] = {
	/* Instants within one hour of the connector's figure match. */
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T10:00:00Z", NULL, "match", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T08:00:00Z", NULL, "match", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T10:00:01Z", NULL, "atlassian-later",
	    "2026-03-26T09:00:00Z", 4, "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T07:59:59Z", NULL, "atlassian-earlier",
	    "2026-03-26T07:59:59Z", 3, "warn", "atlassian-reported" },
	/* At UTC-12 the expiry 09:00Z is still the 25th, at UTC+14 the 26th. */
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n", "2026-03-25",
	    "Europe/London", "timezone-shift", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n", "2026-03-24",
	    "Europe/London", "atlassian-earlier", "2026-03-24T00:00:00Z", 1,
	    "warn", "atlassian-reported" },
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n", "2026-03-27",
	    "Europe/London", "atlassian-later", "2026-03-26T09:00:00Z", 4,
	    "warn", "config" },
	{ "api-token", "expires_at = 2026-03-26T10:00:00Z\n", "2026-03-27",
	    "Europe/London", "timezone-shift", "2026-03-26T10:00:00Z", 4,
	    "warn", "config" },
	/* An earlier date takes effect when it begins in the zone shown. */
	{ "api-token", "expires_at = 2026-04-30T09:00:00Z\n", "2026-03-30",
	    "Europe/London", "atlassian-earlier", "2026-03-29T23:00:00Z", 7,
	    "healthy", "atlassian-reported" },
	{ "api-token", "expires_at = 2026-04-30T09:00:00Z\n", "2026-03-27",
	    "Pacific/Kiritimati", "atlassian-earlier", "2026-03-26T10:00:00Z",
	    4, "warn", "atlassian-reported" },
	{ "api-token", "", "2026-03-26T09:00:00Z", NULL, "atlassian-only",
	    "2026-03-26T09:00:00Z", 4, "warn", "atlassian-reported" },
	{ "dc-pat", "", "26 Mar 2026", "Asia/Kolkata", "atlassian-only",
	    "2026-03-25T18:30:00Z", 3, "warn", "atlassian-reported" },
};

START_TEST(test_reconcile_outcome_boundaries)
{
	struct tenant *t = tenant_for(&boundaries[_i], false);

	evaluate_tenant(t, testutil_instant(NOW), 7);
	assert_result(t, &boundaries[_i]);
	tenant_free(t);
}
END_TEST

/* Evaluate a tenant read from ini at NOW and return it. */
static struct tenant *
evaluate_ini(const char *ini)
{
	struct tenant *t = testutil_tenant_from_ini(testutil_test_dir,
	    "tenant.conf", ini);

	ck_assert_str_eq(buf_str(&t->errors), "");
	evaluate_tenant(t, testutil_instant(NOW), 7);
	return t;
}

/* Evaluate at NOW an api-token tenant whose expiry, 2026-03-26T09:00:00Z,
 * matches the value Atlassian reported at the instant reported_at. */
static struct tenant *
evaluate_reported_at(const char *reported_at)
{
	struct buf ini;
	struct tenant *t;

	buf_init(&ini);
	buf_addf(&ini, "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T09:00:00Z\n[atlassian]\n"
	    "reported_expiry = 2026-03-26T09:00:00Z\nreported_at = %s\n",
	    reported_at);
	t = evaluate_ini(buf_str(&ini));
	buf_release(&ini);
	return t;
}

static void
assert_contains(const char *text, const char *part)
{
	ck_assert_msg(strstr(text, part) != NULL, "\"%s\" does not contain "
	    "\"%s\"", text, part);
}

static void
assert_lacks(const char *text, const char *part)
{
	ck_assert_msg(strstr(text, part) == NULL, "\"%s\" contains \"%s\"",
	    text, part);
}

/* The shift note names the date shown, the date of the expiry in the
 * zone, the UTC instant and the zone. */
START_TEST(test_reconcile_shift_note_names_dates)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "timezone = Europe/London\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T23:30:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-27\n");
	const char *notes = buf_str(&t->result.notes);

	ck_assert_str_eq(reconciliation_name(t->result.recon),
	    "timezone-shift");
	assert_contains(notes, "2026-03-27");
	assert_contains(notes, "2026-03-26 23:30");
	assert_contains(notes, "2026-03-26T23:30:00Z");
	assert_contains(notes, "Europe/London");
	assert_lacks(notes, "no timezone set");
	tenant_free(t);
}
END_TEST

/* Without a timezone UTC is assumed, and the note states it. */
START_TEST(test_reconcile_shift_note_assumed_zone)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "[token]\nkind = api-token\nexpires_at = 2026-03-26T23:30:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-27\n");
	const char *notes = buf_str(&t->result.notes);

	ck_assert_str_eq(reconciliation_name(t->result.recon),
	    "timezone-shift");
	assert_contains(notes, "2026-03-27");
	assert_contains(notes, "2026-03-26T23:30:00Z");
	assert_contains(notes, "UTC");
	assert_contains(notes, "the tenant has no timezone set");
	tenant_free(t);
}
END_TEST

START_TEST(test_reconcile_date_only_assumed_zone)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "[token]\nkind = api-token\n"
	    "[atlassian]\nreported_expiry = 2026-03-25\n");
	const char *notes = buf_str(&t->result.notes);

	ck_assert_str_eq(reconciliation_name(t->result.recon),
	    "atlassian-only");
	assert_contains(notes, "2026-03-25T00:00:00Z");
	assert_contains(notes, "the tenant has no timezone set");
	tenant_free(t);
}
END_TEST

/* A match with a zone set carries no note at all. */
START_TEST(test_reconcile_match_has_no_note)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "timezone = Pacific/Auckland\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T12:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-27\n"
	    "reported_at = 2026-03-21T08:15:00Z\n");

	ck_assert_str_eq(reconciliation_name(t->result.recon), "match");
	ck_assert_str_eq(buf_str(&t->result.notes), "");
	tenant_free(t);
}
END_TEST

/* A value read more than 24 hours before the run gets a note with its
 * age. */
START_TEST(test_reconcile_stale_reported_note)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "timezone = Pacific/Auckland\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T12:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-27\n"
	    "reported_at = 2026-03-20T08:15:00Z\n");
	const char *notes = buf_str(&t->result.notes);

	ck_assert_str_eq(reconciliation_name(t->result.recon), "match");
	assert_contains(notes, "2026-03-20T08:15:00Z");
	assert_contains(notes, "2 days before this run");
	assert_contains(notes, "revocation");
	tenant_free(t);
}
END_TEST

/* Under two days the note gives the age in hours. */
START_TEST(test_reconcile_stale_in_hours)
{
	struct tenant *t = evaluate_reported_at("2026-03-20T08:15:01Z");

	assert_contains(buf_str(&t->result.notes), "47 hours before this run");
	tenant_free(t);
}
END_TEST

START_TEST(test_reconcile_stale_after_one_day)
{
	struct tenant *t = evaluate_reported_at("2026-03-21T08:14:59Z");

	assert_contains(buf_str(&t->result.notes), "24 hours");
	tenant_free(t);
}
END_TEST

/* A value read exactly 24 hours before the run is not stale. */
START_TEST(test_reconcile_fresh_at_one_day)
{
	struct tenant *t = evaluate_reported_at("2026-03-21T08:15:00Z");

	ck_assert_str_eq(buf_str(&t->result.notes), "");
	tenant_free(t);
}
END_TEST

START_TEST(test_reconcile_future_reported_at_note)
{
	struct tenant *t = evaluate_reported_at("2026-03-23T08:15:00Z");

	assert_contains(buf_str(&t->result.notes), "2026-03-23T08:15:00Z");
	assert_contains(buf_str(&t->result.notes), "reported_at");
	tenant_free(t);
}
END_TEST

START_TEST(test_reconcile_earlier_note_says_rotate)
{
	struct tenant *t = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "[token]\nkind = api-token\nexpires_at = 2026-03-26T09:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-24T09:00:00Z\n");
	const char *notes = buf_str(&t->result.notes);

	ck_assert_str_eq(reconciliation_name(t->result.recon),
	    "atlassian-earlier");
	assert_contains(notes, "2026-03-24T09:00:00Z");
	assert_contains(notes, "2026-03-26T09:00:00Z");
	assert_contains(notes, "rotate");
	tenant_free(t);
}
END_TEST

/* Later than the connector: the OAuth note explains the sliding window,
 * the others point at stored dates that a rotation made stale. */
START_TEST(test_reconcile_later_note_by_kind)
{
	struct tenant *oauth = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "[token]\nkind = oauth-refresh\n"
	    "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2026-03-01T10:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-05-30T10:00:00Z\n");
	struct tenant *api = evaluate_ini("[tenant]\nid = acme-uk\n"
	    "[token]\nkind = api-token\nexpires_at = 2026-04-01T10:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-05-30T10:00:00Z\n");
	const char *oauth_notes = buf_str(&oauth->result.notes);
	const char *api_notes = buf_str(&api->result.notes);

	ck_assert_str_eq(reconciliation_name(oauth->result.recon),
	    "atlassian-later");
	ck_assert_str_eq(reconciliation_name(api->result.recon),
	    "atlassian-later");
	ck_assert_str_eq(expiry_source_name(oauth->result.source),
	    "oauth-absolute");
	assert_contains(oauth_notes, "2026-05-30T10:00:00Z");
	assert_contains(oauth_notes, "90-day");
	assert_contains(api_notes, "2026-05-30T10:00:00Z");
	assert_contains(api_notes, "rotation");
	assert_lacks(api_notes, "90-day");
	ck_assert_str_ne(oauth_notes, api_notes);
	tenant_free(api);
	tenant_free(oauth);
}
END_TEST

static Suite *
reconcile_suite(void)
{
	Suite *s = suite_create("reconcile");
	TCase *tc;

	tc = tcase_create("worked");
	testutil_add_fixtures(tc);
	tcase_add_loop_test(tc, test_reconcile_worked_examples, 0,
	    (int)(ARRAY_LEN(worked) * ARRAY_LEN(process_zones)));
	tcase_add_loop_test(tc, test_reconcile_worked_examples_row_zone, 0,
	    (int)ARRAY_LEN(worked));
	tcase_add_loop_test(tc, test_reconcile_outcome_boundaries, 0,
	    (int)ARRAY_LEN(boundaries));
	suite_add_tcase(s, tc);

	tc = tcase_create("notes");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_reconcile_shift_note_names_dates);
	tcase_add_test(tc, test_reconcile_shift_note_assumed_zone);
	tcase_add_test(tc, test_reconcile_date_only_assumed_zone);
	tcase_add_test(tc, test_reconcile_match_has_no_note);
	tcase_add_test(tc, test_reconcile_stale_reported_note);
	tcase_add_test(tc, test_reconcile_stale_after_one_day);
	tcase_add_test(tc, test_reconcile_stale_in_hours);
	tcase_add_test(tc, test_reconcile_fresh_at_one_day);
	tcase_add_test(tc, test_reconcile_future_reported_at_note);
	tcase_add_test(tc, test_reconcile_earlier_note_says_rotate);
	tcase_add_test(tc, test_reconcile_later_note_by_kind);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(reconcile_suite());
}

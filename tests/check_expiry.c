/*
 * Unit tests for the connector's expiry figure, the state rules (days
 * left, warn, critical) and the exit status, and for the evaluation of
 * one tenant that joins them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "evaluate.h"
#include "expiry.h"
#include "instant.h"
#include "state.h"
#include "testutil.h"

#define NOW		"2026-03-22T08:15:00Z"
#define NOTE_UNKNOWN	"no expiry is known: set expires_at, or created_at " \
	"and ttl, in [token], or give the date Atlassian reports in " \
	"[atlassian] reported_expiry"

/* Read a tenant whose [token] contains kind and the given lines. */
static struct tenant *
tenant_with_token(const char *kind, const char *lines)
{
	struct buf ini;
	struct tenant *t;

	buf_init(&ini);
	buf_addf(&ini, "[tenant]\nid = acme-uk\n[token]\nkind = %s\n%s", kind,
	    lines);
	t = testutil_tenant_from_ini(testutil_test_dir, "tenant.conf",
	    buf_str(&ini));
	buf_release(&ini);
	ck_assert_str_eq(buf_str(&t->errors), "");
	return t;
}

/* Read a tenant as tenant_with_token() does and evaluate it at the
 * instant now with a run-wide warning window of warn_days. */
static struct tenant *
evaluate_token(const char *kind, const char *lines, const char *now,
    int warn_days)
{
	struct tenant *t = tenant_with_token(kind, lines);

	evaluate_tenant(t, testutil_instant(now), warn_days);
	return t;
}

static void
assert_instant(int64_t t, const char *expected)
{
	char text[INSTANT_BUFSZ];

	instant_format(t, text);
	ck_assert_str_eq(text, expected);
}

/* expiry_connector */

static const struct {
	const char *kind;
	const char *lines;
	const char *expires;	/* NULL: no figure */
	enum expiry_source source;	/* checked only with a figure */
} connector_cases[] = {
	{ "api-token", "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T09:00:00Z", SOURCE_CONFIG },
	{ "api-token", "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n",
	    "2026-03-26T09:00:00Z", SOURCE_CONFIG },
	/* 365 days after 1 March 2023 is 29 February 2024, a leap day. */
	{ "api-token", "created_at = 2023-03-01T00:00:00Z\nttl = 365d\n",
	    "2024-02-29T00:00:00Z", SOURCE_CONFIG },
	{ "api-token", "created_at = 2024-03-01T00:00:00Z\nttl = 365d\n",
	    "2025-03-01T00:00:00Z", SOURCE_CONFIG },
	{ "api-token", "created_at = 2026-03-26T09:00:00Z\nttl = 36h\n",
	    "2026-03-27T21:00:00Z", SOURCE_CONFIG },
	{ "api-token", "created_at = 2025-01-01T00:00:00Z\nttl = 30d\n"
	    "expires_at = 2026-03-26T09:00:00Z\n",
	    "2026-03-26T09:00:00Z", SOURCE_CONFIG },
	{ "dc-pat", "created_at = 2025-03-26T09:00:00Z\nttl = 400d\n",
	    "2026-04-30T09:00:00Z", SOURCE_CONFIG },
	{ "api-token", "", NULL, SOURCE_NONE },
	{ "dc-pat", "", NULL, SOURCE_NONE },
	/* OAuth: the earlier of consent + 365 d and last refresh + 90 d. */
	{ "oauth-refresh", "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2026-03-01T10:00:00Z\n",
	    "2026-04-01T10:00:00Z", SOURCE_OAUTH_ABSOLUTE },
	{ "oauth-refresh", "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2025-12-01T10:00:00Z\n",
	    "2026-03-01T10:00:00Z", SOURCE_OAUTH_INACTIVITY },
	{ "oauth-refresh", "consented_at = 2025-04-01T10:00:00Z\n",
	    "2026-04-01T10:00:00Z", SOURCE_OAUTH_ABSOLUTE },
	{ "oauth-refresh", "last_refreshed_at = 2026-03-01T10:00:00Z\n",
	    "2026-05-30T10:00:00Z", SOURCE_OAUTH_INACTIVITY },
	{ "oauth-refresh", "consented_at = 2023-03-01T00:00:00Z\n",
	    "2024-02-29T00:00:00Z", SOURCE_OAUTH_ABSOLUTE },
	{ "oauth-refresh", "", NULL, SOURCE_NONE },
	{ "oauth-refresh", "consented_at = 2025-04-01T10:00:00Z\n"
	    "expires_at = 2026-03-20T00:00:00Z\n",
	    "2026-03-20T00:00:00Z", SOURCE_CONFIG },
	{ "oauth-refresh", "created_at = 2026-01-01T00:00:00Z\nttl = 90d\n"
	    "consented_at = 2025-04-01T10:00:00Z\n",
	    "2026-04-01T00:00:00Z", SOURCE_CONFIG },
};

START_TEST(test_expiry_connector_figure)
{
	struct tenant *t = tenant_with_token(connector_cases[_i].kind,
	    connector_cases[_i].lines);
	struct expiry e = expiry_connector(t);

	ck_assert_int_eq(e.known, connector_cases[_i].expires != NULL);
	if (connector_cases[_i].expires != NULL) {
		assert_instant(e.t, connector_cases[_i].expires);
		ck_assert_str_eq(expiry_source_name(e.source),
		    expiry_source_name(connector_cases[_i].source));
	}
	tenant_free(t);
}
END_TEST

/* state_days_left and state_of_expiry */

static const struct {
	const char *now;
	const char *expires;
	int	 warn_days;
	int64_t	 days_left;
	enum state state;
} state_cases[] = {
	/* Nine hours after an expiry the evening before: -1, not 0. */
	{ "2022-04-18T09:00:00Z", "2022-04-17T18:19:20Z", 7, -1,
	    STATE_CRITICAL },
	{ "2026-03-22T08:15:00Z", "2026-03-26T09:00:00Z", 7, 4, STATE_WARN },
	{ "2026-03-14T08:15:00Z", "2026-03-26T09:00:00Z", 7, 12,
	    STATE_HEALTHY },
	/* The window is warn_days x 86400 s: exactly that much is healthy. */
	{ "2026-03-19T08:59:59Z", "2026-03-26T09:00:00Z", 7, 7,
	    STATE_HEALTHY },
	{ "2026-03-19T09:00:00Z", "2026-03-26T09:00:00Z", 7, 7,
	    STATE_HEALTHY },
	{ "2026-03-19T09:00:01Z", "2026-03-26T09:00:00Z", 7, 6, STATE_WARN },
	{ "2026-03-26T08:59:59Z", "2026-03-26T09:00:00Z", 7, 0, STATE_WARN },
	{ "2026-03-26T09:00:00Z", "2026-03-26T09:00:00Z", 7, 0,
	    STATE_CRITICAL },
	{ "2026-03-26T10:00:00Z", "2026-03-26T09:00:00Z", 7, -1,
	    STATE_CRITICAL },
	{ "2026-03-27T09:00:00Z", "2026-03-26T09:00:00Z", 7, -1,
	    STATE_CRITICAL },
	{ "2026-03-27T09:00:01Z", "2026-03-26T09:00:00Z", 7, -2,
	    STATE_CRITICAL },
	{ "2026-03-22T08:15:00Z", "2026-03-26T09:00:00Z", 1, 4,
	    STATE_HEALTHY },
	{ "2026-03-25T09:00:01Z", "2026-03-26T09:00:00Z", 1, 0, STATE_WARN },
	{ "2026-03-14T08:15:00Z", "2026-03-26T09:00:00Z", 14, 12,
	    STATE_WARN },
	{ "2026-03-26T09:00:01Z", "2027-03-26T09:00:00Z", 365, 364,
	    STATE_WARN },
	/* Across a daylight-saving change days are still 24-hour periods. */
	{ "2026-03-28T12:00:00Z", "2026-03-30T11:59:59Z", 7, 1, STATE_WARN },
	{ "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", 365, 2932896,
	    STATE_HEALTHY },
};

START_TEST(test_state_days_left_floor)
{
	int64_t now = testutil_instant(state_cases[_i].now);
	int64_t expires = testutil_instant(state_cases[_i].expires);

	ck_assert_int_eq(state_days_left(expires, now),
	    state_cases[_i].days_left);
}
END_TEST

START_TEST(test_state_of_expiry_rules)
{
	int64_t now = testutil_instant(state_cases[_i].now);
	int64_t expires = testutil_instant(state_cases[_i].expires);

	ck_assert_str_eq(state_name(state_of_expiry(expires, now,
	    state_cases[_i].warn_days)), state_name(state_cases[_i].state));
}
END_TEST

/* state_exit_status: critical, then unknown or error, then warn. */

static const struct {
	size_t	 n[STATE_COUNT];	/* in the order of enum state */
	int	 status;
} exit_cases[] = {
	{ { 0, 0, 0, 0, 0, 0 }, EXIT_HEALTHY },
	{ { 3, 0, 0, 0, 0, 0 }, EXIT_HEALTHY },
	{ { 3, 0, 0, 0, 0, 2 }, EXIT_HEALTHY },
	{ { 0, 0, 0, 0, 0, 1 }, EXIT_HEALTHY },
	{ { 3, 1, 0, 0, 0, 0 }, EXIT_WARN },
	{ { 0, 2, 0, 0, 0, 1 }, EXIT_WARN },
	{ { 3, 1, 1, 0, 0, 0 }, EXIT_CRITICAL },
	{ { 0, 0, 1, 1, 1, 0 }, EXIT_CRITICAL },
	{ { 3, 1, 0, 1, 0, 0 }, EXIT_UNKNOWN },
	{ { 3, 1, 0, 0, 1, 0 }, EXIT_UNKNOWN },
	{ { 0, 0, 0, 0, 1, 0 }, EXIT_UNKNOWN },
	{ { 0, 0, 0, 1, 0, 0 }, EXIT_UNKNOWN },
};

START_TEST(test_state_exit_status_from_counts)
{
	struct state_counts counts;
	size_t s, k;

	memset(&counts, 0, sizeof(counts));
	for (s = 0; s < STATE_COUNT; s++) {
		for (k = 0; k < exit_cases[_i].n[s]; k++)
			state_count(&counts, (enum state)s);
	}
	ck_assert_int_eq(state_exit_status(&counts), exit_cases[_i].status);
}
END_TEST

START_TEST(test_state_count_totals)
{
	struct state_counts counts;

	memset(&counts, 0, sizeof(counts));
	state_count(&counts, STATE_WARN);
	state_count(&counts, STATE_WARN);
	state_count(&counts, STATE_SKIPPED);
	ck_assert_uint_eq(counts.n[STATE_WARN], 2);
	ck_assert_uint_eq(counts.n[STATE_SKIPPED], 1);
	ck_assert_uint_eq(counts.n[STATE_HEALTHY], 0);
	ck_assert_uint_eq(counts.total, 3);
}
END_TEST

/* The digest's order: critical, warn, unknown and error, healthy. */
START_TEST(test_state_severity_order)
{
	ck_assert_int_lt(state_severity(STATE_CRITICAL),
	    state_severity(STATE_WARN));
	ck_assert_int_lt(state_severity(STATE_WARN),
	    state_severity(STATE_UNKNOWN));
	ck_assert_int_eq(state_severity(STATE_UNKNOWN),
	    state_severity(STATE_ERROR));
	ck_assert_int_lt(state_severity(STATE_ERROR),
	    state_severity(STATE_HEALTHY));
}
END_TEST

/* evaluate_tenant */

START_TEST(test_evaluate_worked_example_warn)
{
	struct tenant *t = evaluate_token("api-token",
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n", NOW, 7);

	ck_assert_str_eq(state_name(t->result.state), "warn");
	ck_assert(t->result.has_expiry);
	assert_instant(t->result.expires_at, "2026-03-26T09:00:00Z");
	ck_assert_int_eq(t->result.days_left, 4);
	ck_assert_int_eq(t->result.warn_days, 7);
	ck_assert_str_eq(expiry_source_name(t->result.source), "config");
	ck_assert_str_eq(reconciliation_name(t->result.recon), "not-reported");
	ck_assert_str_eq(buf_str(&t->result.notes), "");
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_worked_example_healthy)
{
	struct tenant *t = evaluate_token("api-token",
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n",
	    "2026-03-14T08:15:00Z", 7);

	ck_assert_str_eq(state_name(t->result.state), "healthy");
	ck_assert_int_eq(t->result.days_left, 12);
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_expired_yesterday_evening)
{
	struct tenant *t = evaluate_token("dc-pat",
	    "expires_at = 2022-04-17T18:19:20Z\n", "2022-04-18T09:00:00Z", 7);

	ck_assert_str_eq(state_name(t->result.state), "critical");
	ck_assert_int_eq(t->result.days_left, -1);
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_tenant_warn_days_wins)
{
	struct tenant *t = evaluate_token("api-token",
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\nwarn_days = 14\n",
	    "2026-03-14T08:15:00Z", 7);

	ck_assert_int_eq(t->result.warn_days, 14);
	ck_assert_str_eq(state_name(t->result.state), "warn");
	ck_assert_int_eq(t->result.days_left, 12);
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_run_warn_days_default)
{
	struct tenant *t = evaluate_token("api-token",
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n",
	    "2026-03-14T08:15:00Z", 30);

	ck_assert_int_eq(t->result.warn_days, 30);
	ck_assert_str_eq(state_name(t->result.state), "warn");
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_no_expiry_unknown)
{
	struct tenant *t = evaluate_token("api-token", "label = ci\n", NOW, 7);

	ck_assert_str_eq(state_name(t->result.state), "unknown");
	ck_assert(!t->result.has_expiry);
	ck_assert_str_eq(buf_str(&t->result.notes), NOTE_UNKNOWN);
	tenant_free(t);
}
END_TEST

START_TEST(test_evaluate_disabled_skipped)
{
	struct tenant *t = testutil_tenant_from_ini(testutil_test_dir,
	    "off.conf", "[tenant]\nid = acme-uk\nenabled = no\n[token]\n"
	    "kind = api-token\nexpires_at = 2026-03-20T00:00:00Z\n");

	ck_assert_str_eq(buf_str(&t->errors), "");
	evaluate_tenant(t, testutil_instant(NOW), 7);
	ck_assert_str_eq(state_name(t->result.state), "skipped");
	tenant_free(t);
}
END_TEST

/* A configuration error makes an error row even when disabled. */
START_TEST(test_evaluate_config_error_wins)
{
	struct tenant *t = testutil_tenant_from_ini(testutil_test_dir,
	    "bad.conf", "[tenant]\nid = acme-uk\nenabled = no\n[token]\n"
	    "kind = api-token\nexpires_at = 2026-03-20T00:00:00\n");

	ck_assert(tenant_has_error(t));
	evaluate_tenant(t, testutil_instant(NOW), 7);
	ck_assert_str_eq(state_name(t->result.state), "error");
	ck_assert_int_eq(t->result.warn_days, 7);
	tenant_free(t);
}
END_TEST

/* The OAuth bound that binds is the one the row names. */
START_TEST(test_evaluate_oauth_inactivity_binds)
{
	struct tenant *t = evaluate_token("oauth-refresh",
	    "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2025-12-24T10:00:00Z\n", NOW, 7);

	assert_instant(t->result.expires_at, "2026-03-24T10:00:00Z");
	ck_assert_str_eq(expiry_source_name(t->result.source),
	    "oauth-inactivity");
	ck_assert_int_eq(t->result.days_left, 2);
	ck_assert_str_eq(state_name(t->result.state), "warn");
	tenant_free(t);
}
END_TEST

static Suite *
expiry_suite(void)
{
	Suite *s = suite_create("expiry");
	TCase *tc;

	tc = tcase_create("connector");
	testutil_add_fixtures(tc);
	tcase_add_loop_test(tc, test_expiry_connector_figure, 0,
	    (int)ARRAY_LEN(connector_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_loop_test(tc, test_state_days_left_floor, 0,
	    (int)ARRAY_LEN(state_cases));
	tcase_add_loop_test(tc, test_state_of_expiry_rules, 0,
	    (int)ARRAY_LEN(state_cases));
	tcase_add_loop_test(tc, test_state_exit_status_from_counts, 0,
	    (int)ARRAY_LEN(exit_cases));
	tcase_add_test(tc, test_state_count_totals);
	tcase_add_test(tc, test_state_severity_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("evaluate");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_evaluate_worked_example_warn);
	tcase_add_test(tc, test_evaluate_worked_example_healthy);
	tcase_add_test(tc, test_evaluate_expired_yesterday_evening);
	tcase_add_test(tc, test_evaluate_tenant_warn_days_wins);
	tcase_add_test(tc, test_evaluate_run_warn_days_default);
	tcase_add_test(tc, test_evaluate_no_expiry_unknown);
	tcase_add_test(tc, test_evaluate_disabled_skipped);
	tcase_add_test(tc, test_evaluate_config_error_wins);
	tcase_add_test(tc, test_evaluate_oauth_inactivity_binds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(expiry_suite());
}

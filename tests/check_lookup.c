/*
 * Unit tests for live lookups without a network. They cover the readers
 * of each response shape, expiry and id forms, malformed responses and
 * the URL helpers that build requests. They also cover the host rules of
 * the HTTP engine: plain http only to loopback, and next-page links only
 * to the listing's own host.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "http.h"
#include "lookup_json.h"
#include "lookup_request.h"
#include "testutil.h"

/* 2026-03-26T09:00:00Z, the expiry most responses below carry. */
#define EXPIRY_0326	INT64_C(1774515600)

static const struct lookup_items no_items = { NULL, 0, 0 };

/* Fail with the parser's message when a reader rejected a valid body. */
static void
assert_parsed(bool ok, const struct buf *err)
{
	ck_assert_msg(ok, "rejected a valid answer: %s", buf_str(err));
	ck_assert_str_eq(buf_str(err), "");
}

/* The error names what was wrong. */
static void
assert_error_contains(bool ok, const struct buf *err, const char *words)
{
	ck_assert_msg(!ok, "accepted an answer that should be rejected");
	ck_assert_msg(strstr(buf_str(err), words) != NULL,
	    "error '%s' lacks '%s'", buf_str(err), words);
}

enum reader { READ_ADMIN, READ_USER, READ_DC, READ_INTROSPECTION, READERS };

/* Read body with reader, adding the tokens read to items. The callers
 * pass responses that the reader rejects, and for those the admin reader
 * must return no next page. */
static bool
read_with(enum reader reader, const char *body, size_t len,
    struct lookup_items *items, struct buf *err)
{
	bool active, has_exp, ok = false;
	int64_t exp;
	char *next = NULL;

	switch (reader) {
	case READ_ADMIN:
		ok = lookup_json_admin_page(body, len, items, &next, err);
		ck_assert_ptr_null(next);
		break;
	case READ_USER:
		ok = lookup_json_user_tokens(body, len, items, err);
		break;
	case READ_DC:
		ok = lookup_json_dc_tokens(body, len, items, err);
		break;
	case READ_INTROSPECTION:
		ok = lookup_json_introspection(body, len, &active, &has_exp,
		    &exp, err);
		break;
	case READERS:
		break;
	}
	return ok;
}

/* Assert that reader rejects body with an error that contains words, and
 * return how many tokens it read before the error. */
static size_t
read_rejected(enum reader reader, const char *body, const char *words)
{
	struct lookup_items items = no_items;
	struct buf err;
	size_t count;
	bool ok;

	buf_init(&err);
	ok = read_with(reader, body, strlen(body), &items, &err);
	assert_error_contains(ok, &err, words);
	count = items.len;
	lookup_items_release(&items);
	buf_release(&err);
	return count;
}

/* lookup_json_admin_page: one page of an organization's API tokens */

START_TEST(test_lookup_admin_page_reads_fields)
{
	static const char body[] =
	    "{\"data\": ["
	    "{\"id\": \"t-1\", \"label\": \"Nightly connector\","
	    " \"expiresAt\": \"2026-03-26T09:00:00.000+0000\","
	    " \"status\": \"ACTIVE\","
	    " \"user\": {\"email\": \"bot@acme.example\"}},"
	    "{\"id\": 2, \"label\": \"Other\", \"expiresAt\": null}"
	    "], \"links\": {}}";
	struct lookup_items items = no_items;
	struct buf err;
	char *next = NULL;
	bool ok;

	buf_init(&err);
	ok = lookup_json_admin_page(body, strlen(body), &items, &next, &err);
	assert_parsed(ok, &err);
	ck_assert_ptr_null(next);
	ck_assert_uint_eq(items.len, 2);

	ck_assert_str_eq(items.v[0].id, "t-1");
	ck_assert_str_eq(items.v[0].label, "Nightly connector");
	ck_assert_str_eq(items.v[0].status, "ACTIVE");
	ck_assert_str_eq(items.v[0].email, "bot@acme.example");
	ck_assert(items.v[0].has_expiry);
	ck_assert_int_eq(items.v[0].expiry, EXPIRY_0326);

	ck_assert_str_eq(items.v[1].id, "2");
	ck_assert_str_eq(items.v[1].label, "Other");
	ck_assert_ptr_null(items.v[1].status);
	ck_assert_ptr_null(items.v[1].email);
	ck_assert(!items.v[1].has_expiry);

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* links.next is returned as the listing gave it: a cursor or a URL. */
static const char *const admin_next_values[] = {
	"c/2+x=",
	"https://api.atlassian.com/admin/api-access/v1/orgs/o/api-tokens"
	    "?cursor=abc",
};

START_TEST(test_lookup_admin_page_returns_next)
{
	const char *want = admin_next_values[_i];
	struct lookup_items items = no_items;
	struct buf body, err;
	char *next = NULL;
	bool ok;

	buf_init(&body);
	buf_init(&err);
	buf_addf(&body, "{\"data\": [], \"links\": {\"next\": \"%s\"}}", want);
	ok = lookup_json_admin_page(buf_str(&body), body.len, &items, &next,
	    &err);
	assert_parsed(ok, &err);
	ck_assert_ptr_nonnull(next);
	ck_assert_str_eq(next, want);
	ck_assert_uint_eq(items.len, 0);

	free(next);
	lookup_items_release(&items);
	buf_release(&body);
	buf_release(&err);
}
END_TEST

/* Last pages: links.next is absent, null, empty or not a string. */
static const char *const admin_last_pages[] = {
	"{\"data\": []}",
	"{\"data\": [], \"links\": {}}",
	"{\"data\": [], \"links\": {\"next\": null}}",
	"{\"data\": [], \"links\": {\"next\": \"\"}}",
	"{\"data\": [], \"links\": {\"next\": 2}}",
	"{\"data\": [], \"links\": null}",
};

START_TEST(test_lookup_admin_page_last_page)
{
	const char *body = admin_last_pages[_i];
	static char unchanged[] = "unchanged";
	struct lookup_items items = no_items;
	struct buf err;
	char *next = unchanged;
	bool ok;

	buf_init(&err);
	ok = lookup_json_admin_page(body, strlen(body), &items, &next, &err);
	assert_parsed(ok, &err);
	ck_assert_msg(next == NULL, "%s: next page '%s'", body, next);

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

START_TEST(test_lookup_admin_page_appends_pages)
{
	static const char first[] =
	    "{\"data\": [{\"id\": \"a\", \"label\": \"A\"}],"
	    " \"links\": {\"next\": \"p2\"}}";
	static const char second[] =
	    "{\"data\": [{\"id\": \"b\", \"label\": \"B\"}]}";
	struct lookup_items items = no_items;
	struct buf err;
	char *next = NULL;

	buf_init(&err);
	assert_parsed(lookup_json_admin_page(first, strlen(first), &items,
	    &next, &err), &err);
	ck_assert_str_eq(next, "p2");
	free(next);
	assert_parsed(lookup_json_admin_page(second, strlen(second), &items,
	    &next, &err), &err);
	ck_assert_ptr_null(next);

	ck_assert_uint_eq(items.len, 2);
	ck_assert_str_eq(items.v[0].label, "A");
	ck_assert_str_eq(items.v[1].label, "B");

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* The admin listing is always an object with a data array. */
static const char *const admin_not_pages[] = {
	"[]",
	"{}",
	"{\"data\": {}}",
	"{\"data\": null}",
	"{\"items\": []}",
};

START_TEST(test_lookup_admin_page_needs_data_array)
{
	ck_assert_uint_eq(read_rejected(READ_ADMIN, admin_not_pages[_i],
	    "expected an object with a data array"), 0);
}
END_TEST

/* lookup_json_user_tokens: a user's tokens, bare or under data */

static const char *const user_bodies[] = {
	"[{\"id\": \"u-1\", \"label\": \"Nightly connector\","
	    " \"expiry\": \"2026-03-26T09:00:00Z\"}]",
	"{\"data\": [{\"id\": \"u-1\", \"label\": \"Nightly connector\","
	    " \"expiry\": 1774515600}]}",
};

START_TEST(test_lookup_user_tokens_reads_both_shapes)
{
	const char *body = user_bodies[_i];
	struct lookup_items items = no_items;
	struct buf err;
	bool ok;

	buf_init(&err);
	ok = lookup_json_user_tokens(body, strlen(body), &items, &err);
	assert_parsed(ok, &err);
	ck_assert_uint_eq(items.len, 1);
	ck_assert_str_eq(items.v[0].id, "u-1");
	ck_assert_str_eq(items.v[0].label, "Nightly connector");
	ck_assert(items.v[0].has_expiry);
	ck_assert_int_eq(items.v[0].expiry, EXPIRY_0326);

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* user-api reads "expiry"; the admin listing's "expiresAt" is not it. */
START_TEST(test_lookup_user_tokens_reads_expiry_key)
{
	static const char body[] =
	    "[{\"id\": \"u-1\", \"label\": \"L\","
	    " \"expiresAt\": \"2026-03-26T09:00:00Z\"}]";
	struct lookup_items items = no_items;
	struct buf err;

	buf_init(&err);
	assert_parsed(lookup_json_user_tokens(body, strlen(body), &items,
	    &err), &err);
	ck_assert_uint_eq(items.len, 1);
	ck_assert(!items.v[0].has_expiry);

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

static const char *const user_not_lists[] = {
	"{}",
	"{\"data\": {}}",
	"{\"data\": 1}",
	"{\"tokens\": []}",
};

START_TEST(test_lookup_user_tokens_needs_list)
{
	ck_assert_uint_eq(read_rejected(READ_USER, user_not_lists[_i],
	    "expected a list of tokens"), 0);
}
END_TEST

/* lookup_json_dc_tokens: Data Center personal access tokens */

START_TEST(test_lookup_dc_tokens_reads_fields)
{
	static const char body[] =
	    "[{\"id\": 41, \"name\": \"Other token\","
	    "  \"createdAt\": \"2025-03-26T09:00:00.000+0000\","
	    "  \"expiringAt\": \"2026-05-01T00:00:00.000+0000\"},"
	    " {\"id\": 42, \"name\": \"Jira DC sync\","
	    "  \"expiringAt\": \"2026-03-26T09:00:00.000+0000\"},"
	    " {\"id\": 43, \"name\": \"Forever token\"}]";
	struct lookup_items items = no_items;
	struct buf err;

	buf_init(&err);
	assert_parsed(lookup_json_dc_tokens(body, strlen(body), &items, &err),
	    &err);
	ck_assert_uint_eq(items.len, 3);

	ck_assert_str_eq(items.v[1].id, "42");
	ck_assert_str_eq(items.v[1].label, "Jira DC sync");
	ck_assert(items.v[1].has_expiry);
	ck_assert_int_eq(items.v[1].expiry, EXPIRY_0326);

	ck_assert_str_eq(items.v[2].id, "43");
	ck_assert_str_eq(items.v[2].label, "Forever token");
	ck_assert(!items.v[2].has_expiry);

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* Expiry values every reader accepts: ISO 8601 instants, epoch seconds
 * and milliseconds as numbers or text, and null for "never". */
static const struct {
	const char *json;
	bool	 has_expiry;
	int64_t	 expiry;
} expiry_forms[] = {
	{ "\"2026-03-26T09:00:00Z\"", true, EXPIRY_0326 },
	{ "\"2026-03-26T09:00:00.000+0000\"", true, EXPIRY_0326 },
	{ "\"2026-03-26T10:00:00+01:00\"", true, EXPIRY_0326 },
	{ "1774515600", true, EXPIRY_0326 },
	{ "1774515600000", true, EXPIRY_0326 },
	{ "1774515600999", true, EXPIRY_0326 },
	{ "\"1774515600\"", true, EXPIRY_0326 },
	{ "\"1774515600000\"", true, EXPIRY_0326 },
	{ "99999999999", true, INT64_C(99999999999) },
	{ "100000000000", true, INT64_C(100000000) },
	{ "null", false, 0 },
};

START_TEST(test_lookup_dc_tokens_expiry_forms)
{
	struct lookup_items items = no_items;
	struct buf body, err;

	buf_init(&body);
	buf_init(&err);
	buf_addf(&body, "[{\"id\": 1, \"name\": \"n\", \"expiringAt\": %s}]",
	    expiry_forms[_i].json);
	assert_parsed(lookup_json_dc_tokens(buf_str(&body), body.len, &items,
	    &err), &err);
	ck_assert_uint_eq(items.len, 1);
	ck_assert_msg(items.v[0].has_expiry == expiry_forms[_i].has_expiry,
	    "%s: has_expiry", expiry_forms[_i].json);
	if (expiry_forms[_i].has_expiry)
		ck_assert_int_eq(items.v[0].expiry, expiry_forms[_i].expiry);

	lookup_items_release(&items);
	buf_release(&body);
	buf_release(&err);
}
END_TEST

/* Values that are not an instant: the error names the key. */
static const char *const expiry_invalid[] = {
	"\"next Tuesday\"",
	"\"2026-03-26T09:00:00\"",
	"\"\"",
	"-1",
	"12345",
	"1774515600.5",
	"true",
	"{}",
	"[]",
};

START_TEST(test_lookup_dc_tokens_rejects_bad_expiry)
{
	struct buf body;

	buf_init(&body);
	buf_addf(&body, "[{\"id\": 1, \"name\": \"n\", \"expiringAt\": %s}]",
	    expiry_invalid[_i]);
	(void)read_rejected(READ_DC, buf_str(&body),
	    "expiringAt is not an instant");
	buf_release(&body);
}
END_TEST

/* Ids arrive as integers or strings and are compared as text. */
static const struct {
	const char *json;	/* NULL: no id member */
	const char *text;	/* NULL: no usable id */
} id_forms[] = {
	{ "42", "42" },
	{ "0", "0" },
	{ "-7", "-7" },
	{ "9007199254740993", "9007199254740993" },
	{ "9223372036854775807", "9223372036854775807" },
	{ "\"42\"", "42" },
	{ "\"t-abc\"", "t-abc" },
	{ "1.5", NULL },
	{ "null", NULL },
	{ "true", NULL },
	{ NULL, NULL },
};

START_TEST(test_lookup_dc_tokens_ids_as_text)
{
	struct lookup_items items = no_items;
	struct buf body, err;

	buf_init(&body);
	buf_init(&err);
	if (id_forms[_i].json != NULL)
		buf_addf(&body, "[{\"id\": %s, \"name\": \"n\"}]",
		    id_forms[_i].json);
	else
		buf_adds(&body, "[{\"name\": \"n\"}]");
	assert_parsed(lookup_json_dc_tokens(buf_str(&body), body.len, &items,
	    &err), &err);
	ck_assert_uint_eq(items.len, 1);
	if (id_forms[_i].text == NULL)
		ck_assert_ptr_null(items.v[0].id);
	else
		ck_assert_pstr_eq(items.v[0].id, id_forms[_i].text);

	lookup_items_release(&items);
	buf_release(&body);
	buf_release(&err);
}
END_TEST

static const struct {
	const char *body;
	const char *error;
} dc_not_objects[] = {
	{ "[1]", "item 1 of the token list is not an object" },
	{ "[{\"id\": 1}, \"x\"]", "item 2 of the token list is not an object" },
	{ "[{\"id\": 1}, null]", "item 2 of the token list is not an object" },
};

START_TEST(test_lookup_dc_tokens_rejects_non_object_item)
{
	(void)read_rejected(READ_DC, dc_not_objects[_i].body,
	    dc_not_objects[_i].error);
}
END_TEST

/* lookup_json_introspection: RFC 7662 responses */

START_TEST(test_lookup_introspection_active_with_exp)
{
	static const char body[] =
	    "{\"active\": true, \"exp\": 1774515600, \"scope\": \"read\"}";
	bool active = false, has_exp = false;
	int64_t exp = 0;
	struct buf err;

	buf_init(&err);
	assert_parsed(lookup_json_introspection(body, strlen(body), &active,
	    &has_exp, &exp, &err), &err);
	ck_assert(active);
	ck_assert(has_exp);
	ck_assert_int_eq(exp, EXPIRY_0326);
	buf_release(&err);
}
END_TEST

static const struct {
	const char *body;
	bool	 active;
} introspection_without_exp[] = {
	{ "{\"active\": false}", false },
	{ "{\"active\": false, \"exp\": null}", false },
	{ "{\"active\": true}", true },
	{ "{\"active\": true, \"exp\": null}", true },
};

START_TEST(test_lookup_introspection_without_exp)
{
	const char *body = introspection_without_exp[_i].body;
	bool active = !introspection_without_exp[_i].active;
	bool has_exp = true;
	int64_t exp = 1;
	struct buf err;

	buf_init(&err);
	assert_parsed(lookup_json_introspection(body, strlen(body), &active,
	    &has_exp, &exp, &err), &err);
	ck_assert(active == introspection_without_exp[_i].active);
	ck_assert(!has_exp);
	buf_release(&err);
}
END_TEST

/* "active" must be a boolean and "exp" epoch seconds (milliseconds are
 * past year 9999 as seconds, so they are rejected, not misread). */
static const struct {
	const char *body;
	const char *error;
} introspection_invalid[] = {
	{ "{}", "no boolean \"active\"" },
	{ "[]", "no boolean \"active\"" },
	{ "{\"exp\": 1774515600}", "no boolean \"active\"" },
	{ "{\"active\": \"true\"}", "no boolean \"active\"" },
	{ "{\"active\": 1}", "no boolean \"active\"" },
	{ "{\"active\": null}", "no boolean \"active\"" },
	{ "{\"active\": true, \"exp\": \"1774515600\"}",
	    "\"exp\" is not epoch seconds" },
	{ "{\"active\": true, \"exp\": -1}", "\"exp\" is not epoch seconds" },
	{ "{\"active\": true, \"exp\": 1774515600.5}",
	    "\"exp\" is not epoch seconds" },
	{ "{\"active\": true, \"exp\": 1774515600000}",
	    "\"exp\" is not epoch seconds" },
	{ "{\"active\": true, \"exp\": true}", "\"exp\" is not epoch seconds" },
};

START_TEST(test_lookup_introspection_rejects_answers)
{
	(void)read_rejected(READ_INTROSPECTION, introspection_invalid[_i].body,
	    introspection_invalid[_i].error);
}
END_TEST

/* Malformed JSON: every reader rejects it and names line and column. */

static const struct {
	const char *body;
	size_t	 len;		/* 0: strlen(body) */
	const char *position;
} malformed[] = {
	{ "", 0, "line 1, column 0" },
	{ "[", 0, "line 1, column 1" },
	{ "[{\"id\": 1,\n \"name\": }]", 0, "line 2, column 10" },
	{ "[{\"id\": 1, \"name\": \"a\"}\n,\n]", 0, "line 3, column 1" },
	{ "[\n\t{\"id\": 01}\n]", 0, "line 2, column 9" },
	{ "{\"data\": []} trailing", 0, "line 1, column 21" },
	{ "{\"active\": true, \"active\": false}", 0, "line 1, column 25" },
	{ "[\"a\0b\"]", 7, "line 1, column 3" },
	{ "[{\"name\": \"caf\xe9\"}]", 0, "line 1, column" },
	{ "null", 0, "line 1, column 4" },
	{ "<html>Bad gateway</html>", 0, "line 1, column 1" },
};

START_TEST(test_lookup_json_malformed_names_position)
{
	size_t row = (size_t)_i / READERS;
	enum reader reader = (enum reader)((size_t)_i % READERS);
	const char *body = malformed[row].body;
	size_t len = malformed[row].len != 0 ? malformed[row].len :
	    strlen(body);
	struct lookup_items items = no_items;
	struct buf err;
	bool ok;

	buf_init(&err);
	ok = read_with(reader, body, len, &items, &err);
	ck_assert_msg(!ok, "reader %d accepted malformed answer %zu",
	    (int)reader, row);
	ck_assert_msg(strstr(buf_str(&err), "invalid JSON at ") != NULL,
	    "reader %d, answer %zu: '%s'", (int)reader, row, buf_str(&err));
	ck_assert_msg(strstr(buf_str(&err), malformed[row].position) != NULL,
	    "reader %d, answer %zu: '%s' lacks '%s'", (int)reader, row,
	    buf_str(&err), malformed[row].position);
	ck_assert_uint_eq(items.len, 0);
	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* A server may echo the request's credential back. The error names the
 * position but quotes nothing of the body, so the echo stays out of
 * notes. */
START_TEST(test_lookup_json_error_omits_body)
{
	static const char body[] = "{\"token\" \"echoed-credential-5e1f\"}";
	struct lookup_items items = no_items;
	struct buf err;
	bool ok;

	buf_init(&err);
	ok = lookup_json_dc_tokens(body, strlen(body), &items, &err);
	assert_error_contains(ok, &err, "invalid JSON at line 1, column");
	ck_assert_msg(strstr(buf_str(&err), "echoed-credential") == NULL,
	    "error quotes the body: '%s'", buf_str(&err));

	lookup_items_release(&items);
	buf_release(&err);
}
END_TEST

/* lookup_url_escape: RFC 3986 unreserved characters pass, others are
 * percent-encoded with upper-case hex digits. */

static const struct {
	const char *in;
	const char *out;
} escapes[] = {
	{ "", "" },
	{ "org-1", "org-1" },
	{ "AZaz09-._~", "AZaz09-._~" },
	{ "a b", "a%20b" },
	{ "c/2+x=", "c%2F2%2Bx%3D" },
	{ "?&#%", "%3F%26%23%25" },
	{ "caf\xc3\xa9", "caf%C3%A9" },
	{ "\x01\x7f", "%01%7F" },
	{ "S3cr3t/5c3d+=", "S3cr3t%2F5c3d%2B%3D" },
};

START_TEST(test_lookup_url_escape_table)
{
	struct buf out;

	buf_init(&out);
	buf_adds(&out, "prefix:");
	lookup_url_escape(&out, escapes[_i].in);
	ck_assert_str_eq(buf_str(&out) + strlen("prefix:"), escapes[_i].out);
	buf_release(&out);
}
END_TEST

/* lookup_url_join: base without its trailing slashes, then the path. */

static const struct {
	const char *base;
	const char *path;
	const char *url;
} joins[] = {
	{ "https://api.atlassian.com", "/users/x/manage/api-tokens",
	    "https://api.atlassian.com/users/x/manage/api-tokens" },
	{ "https://api.atlassian.com/", "/admin",
	    "https://api.atlassian.com/admin" },
	{ "https://jira.acme.example///", "/rest/pat/latest/tokens",
	    "https://jira.acme.example/rest/pat/latest/tokens" },
	{ "http://127.0.0.1:8080/s/dc", "/rest/api/3/myself",
	    "http://127.0.0.1:8080/s/dc/rest/api/3/myself" },
	{ "https://auth.acme.example/oauth/introspect", "",
	    "https://auth.acme.example/oauth/introspect" },
	{ "", "/p", "/p" },
};

START_TEST(test_lookup_url_join_table)
{
	char *url = lookup_url_join(joins[_i].base, joins[_i].path);

	ck_assert_str_eq(url, joins[_i].url);
	free(url);
}
END_TEST

/* http_url_is_loopback: only localhost, 127.0.0.0/8 and ::1 are loopback,
 * whatever else the URL carries. */

static const struct {
	const char *url;
	bool	 loopback;
} loopbacks[] = {
	{ "http://127.0.0.1/", true },
	{ "http://127.0.0.1:8080/s/x?cursor=1", true },
	{ "https://127.0.0.2/", true },
	{ "http://127.255.255.254/", true },
	{ "http://localhost/", true },
	{ "http://localhost:8080/x", true },
	{ "http://[::1]:8080/", true },
	{ "http://[0:0:0:0:0:0:0:1]/", true },
	{ "http://user:pw@127.0.0.1/", true },
	{ "http://192.0.2.1/", false },
	{ "http://10.0.0.1/", false },
	{ "http://128.0.0.1/", false },
	{ "http://12.0.0.1/", false },
	{ "https://api.atlassian.com/", false },
	{ "http://localhost.example.com/", false },
	{ "http://127.0.0.1.example.com/", false },
	{ "http://127.example/", false },
	{ "http://127.0.0.1@192.0.2.1/", false },
	{ "http://192.0.2.1/?next=http://127.0.0.1/", false },
	{ "http://192.0.2.1#@127.0.0.1/", false },
	{ "http://[::2]/", false },
	{ "not a url", false },
	{ "", false },
};

START_TEST(test_lookup_http_url_is_loopback_table)
{
	ck_assert_msg(http_url_is_loopback(loopbacks[_i].url) ==
	    loopbacks[_i].loopback, "%s: expected %s", loopbacks[_i].url,
	    loopbacks[_i].loopback ? "loopback" : "not loopback");
}
END_TEST

/* http_same_host: the same scheme, host and port, the default port
 * filled in. */

static const struct {
	const char *a;
	const char *b;
	bool	 same;
} same_hosts[] = {
	{ "https://api.atlassian.com/a", "https://api.atlassian.com/b?c=1",
	    true },
	{ "https://api.atlassian.com/", "https://api.atlassian.com:443/x",
	    true },
	{ "http://127.0.0.1/", "http://127.0.0.1:80/", true },
	{ "http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", true },
	{ "http://127.0.0.1:8080/", "http://127.0.0.1:8081/", false },
	{ "http://127.0.0.1:8080/", "http://127.0.0.2:8080/", false },
	{ "http://api.atlassian.com/", "https://api.atlassian.com/", false },
	{ "https://api.atlassian.com:8443/", "https://api.atlassian.com/",
	    false },
	{ "https://api.atlassian.com.evil.example/",
	    "https://api.atlassian.com/", false },
	{ "https://api.atlassian.com@evil.example/",
	    "https://api.atlassian.com/", false },
	{ "https://evil.example/?u=https://api.atlassian.com/",
	    "https://api.atlassian.com/", false },
	{ "ftp://api.atlassian.com/", "ftp://api.atlassian.com/", false },
	{ "not a url", "not a url", false },
	{ "", "", false },
};

/* http_url_has_credentials: a user or a password, or a URL that does
 * not parse, counts; a plain URL or an @ in the path does not. */
static const struct {
	const char *url;
	bool	 credentials;
} credential_urls[] = {
	{ "https://api.example/x?cursor=2", false },
	{ "https://api.example/users/a@b", false },
	{ "https://user@api.example/x", true },
	{ "https://user:pass@api.example/x", true },
	{ "http://:pass@127.0.0.1:8080/x", true },
	{ "not a url", true },
};

START_TEST(test_lookup_http_url_has_credentials_table)
{
	ck_assert_msg(http_url_has_credentials(credential_urls[_i].url) ==
	    credential_urls[_i].credentials, "%s: expected %s",
	    credential_urls[_i].url, credential_urls[_i].credentials ?
	    "credentials" : "none");
}
END_TEST

START_TEST(test_lookup_http_same_host_table)
{
	ck_assert_msg(http_same_host(same_hosts[_i].a, same_hosts[_i].b) ==
	    same_hosts[_i].same, "%s vs %s: expected %s", same_hosts[_i].a,
	    same_hosts[_i].b, same_hosts[_i].same ? "same" : "different");
	ck_assert_msg(http_same_host(same_hosts[_i].b, same_hosts[_i].a) ==
	    same_hosts[_i].same, "%s vs %s: not symmetric", same_hosts[_i].b,
	    same_hosts[_i].a);
}
END_TEST

static Suite *
lookup_suite(void)
{
	Suite *s = suite_create("lookup");
	TCase *tc;

	tc = tcase_create("json");
	tcase_add_test(tc, test_lookup_admin_page_reads_fields);
	tcase_add_loop_test(tc, test_lookup_admin_page_returns_next, 0,
	    (int)ARRAY_LEN(admin_next_values));
	tcase_add_loop_test(tc, test_lookup_admin_page_last_page, 0,
	    (int)ARRAY_LEN(admin_last_pages));
	tcase_add_test(tc, test_lookup_admin_page_appends_pages);
	tcase_add_loop_test(tc, test_lookup_admin_page_needs_data_array, 0,
	    (int)ARRAY_LEN(admin_not_pages));
	tcase_add_loop_test(tc, test_lookup_user_tokens_reads_both_shapes, 0,
	    (int)ARRAY_LEN(user_bodies));
	tcase_add_test(tc, test_lookup_user_tokens_reads_expiry_key);
	tcase_add_loop_test(tc, test_lookup_user_tokens_needs_list, 0,
	    (int)ARRAY_LEN(user_not_lists));
	tcase_add_test(tc, test_lookup_dc_tokens_reads_fields);
	tcase_add_loop_test(tc, test_lookup_dc_tokens_expiry_forms, 0,
	    (int)ARRAY_LEN(expiry_forms));
	tcase_add_loop_test(tc, test_lookup_dc_tokens_rejects_bad_expiry, 0,
	    (int)ARRAY_LEN(expiry_invalid));
	tcase_add_loop_test(tc, test_lookup_dc_tokens_ids_as_text, 0,
	    (int)ARRAY_LEN(id_forms));
	tcase_add_loop_test(tc, test_lookup_dc_tokens_rejects_non_object_item,
	    0, (int)ARRAY_LEN(dc_not_objects));
	tcase_add_test(tc, test_lookup_introspection_active_with_exp);
	tcase_add_loop_test(tc, test_lookup_introspection_without_exp, 0,
	    (int)ARRAY_LEN(introspection_without_exp));
	tcase_add_loop_test(tc, test_lookup_introspection_rejects_answers, 0,
	    (int)ARRAY_LEN(introspection_invalid));
	tcase_add_loop_test(tc, test_lookup_json_malformed_names_position, 0,
	    (int)(ARRAY_LEN(malformed) * READERS));
	tcase_add_test(tc, test_lookup_json_error_omits_body);
	suite_add_tcase(s, tc);

	tc = tcase_create("url");
	tcase_add_loop_test(tc, test_lookup_url_escape_table, 0,
	    (int)ARRAY_LEN(escapes));
	tcase_add_loop_test(tc, test_lookup_url_join_table, 0,
	    (int)ARRAY_LEN(joins));
	tcase_add_loop_test(tc, test_lookup_http_url_is_loopback_table, 0,
	    (int)ARRAY_LEN(loopbacks));
	tcase_add_loop_test(tc, test_lookup_http_same_host_table, 0,
	    (int)ARRAY_LEN(same_hosts));
	tcase_add_loop_test(tc, test_lookup_http_url_has_credentials_table, 0,
	    (int)ARRAY_LEN(credential_urls));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(lookup_suite());
}

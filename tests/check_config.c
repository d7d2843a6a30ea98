/*
 * Unit tests for reading tenant files: every key with a valid and an
 * invalid value, the structural errors with their exact FILE:LINE
 * messages, and the collection of files from directories.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "config.h"
#include "testutil.h"

#define SECTIONS	"[tenant], [token], [atlassian] or [source]"
#define TOKEN_KEYS	"consented_at, created_at, expires_at, kind, label, " \
	"last_refreshed_at, site, ttl, warn_days"
#define TENANT_KEYS	"contacts, enabled, id, name, timezone"
#define ATLASSIAN_KEYS	"reported_at, reported_expiry"
#define MISSING_ID	"missing key 'id' in [tenant]; every tenant needs an " \
	"id such as acme-uk"
#define MISSING_KIND	"missing key 'kind' in [token]; expected api-token, " \
	"scoped-api-token, oauth-refresh or dc-pat"

/* Format the message a test expects into a buffer the caller releases. */
static void
expect(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
expect(struct buf *out, const char *fmt, ...)
{
	char text[4096];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	buf_init(out);
	buf_adds(out, text);
}

/* Assert that t's errors are exactly the text that fmt formats. */
static void
assert_errors(const struct tenant *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
assert_errors(const struct tenant *t, const char *fmt, ...)
{
	struct buf want;
	va_list ap;

	buf_init(&want);
	va_start(ap, fmt);
	buf_vaddf(&want, fmt, ap);
	va_end(ap);
	ck_assert_str_eq(buf_str(&t->errors), buf_str(&want));
	buf_release(&want);
}

/* Copy template to out with every '$' replaced by path. */
static void
expand_path(struct buf *out, const char *template, const char *path)
{
	const char *p;

	buf_init(out);
	for (p = template; *p != '\0'; p++) {
		if (*p == '$')
			buf_adds(out, path);
		else
			buf_addc(out, *p);
	}
}

/* Read ini as tenant.conf in the test's directory, and store the file's
 * name in *path. */
static struct tenant *
read_ini(const char *ini, char **path)
{
	*path = testutil_write_text(testutil_test_dir, "tenant.conf", ini);
	return config_read(*path);
}

static struct tenant *
read_bytes(const char *data, size_t len, char **path)
{
	*path = testutil_write_file(testutil_test_dir, "tenant.conf", data,
	    len);
	return config_read(*path);
}

static long
count_lines(const char *text)
{
	long n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* A complete file: every key is read into its field. */
START_TEST(test_config_read_every_key)
{
	static const char ini[] =
	    "; acme's tenant\n"
	    "[tenant]\n"
	    "id = acme-uk\n"
	    "name = Acme Retail UK\n"
	    "timezone = Europe/London\n"
	    "contacts = owner@acme.example, ops@acme.example\n"
	    "enabled = no\n"
	    "\n"
	    "[token]\n"
	    "kind = api-token\n"
	    "label = Nightly connector\n"
	    "site = https://acme.atlassian.net\n"
	    "created_at = 2025-03-26T09:00:00Z\n"
	    "ttl = 365d\n"
	    "warn_days = 14\n"
	    "\n"
	    "[atlassian]\n"
	    "reported_expiry = 26 Mar 2026\n"
	    "reported_at = 2026-03-22T07:30:00Z\n";
	char *path;
	struct tenant *t = read_ini(ini, &path);

	ck_assert_str_eq(buf_str(&t->errors), "");
	ck_assert_str_eq(t->path, path);
	ck_assert_pstr_eq(t->id, "acme-uk");
	ck_assert_int_eq(t->id_line, 3);
	ck_assert_pstr_eq(t->name, "Acme Retail UK");
	ck_assert_pstr_eq(t->zone, "Europe/London");
	ck_assert_pstr_eq(t->contacts, "owner@acme.example, ops@acme.example");
	ck_assert(!t->enabled);
	ck_assert_int_eq(t->kind, TOKEN_API);
	ck_assert_pstr_eq(t->label, "Nightly connector");
	ck_assert_pstr_eq(t->site, "https://acme.atlassian.net");
	ck_assert(t->created_at.set);
	ck_assert_int_eq(t->created_at.t, 1742979600);
	ck_assert(!t->expires_at.set);
	ck_assert(t->has_ttl);
	ck_assert_int_eq(t->ttl, 365 * 86400);
	ck_assert_int_eq(t->warn_days, 14);
	ck_assert(t->reported.set);
	ck_assert(t->reported.is_date);
	ck_assert_int_eq(t->reported.date.year, 2026);
	ck_assert_int_eq(t->reported.date.month, 3);
	ck_assert_int_eq(t->reported.date.day, 26);
	ck_assert(t->reported.reported_at.set);
	ck_assert_int_eq(t->reported.reported_at.t, 1774164600);
	tenant_free(t);
	free(path);
}
END_TEST

/* Defaults of the optional keys. */
START_TEST(test_config_read_defaults)
{
	static const char ini[] =
	    "[tenant]\n"
	    "id = acme-uk\n"
	    "[token]\n"
	    "kind = oauth-refresh\n"
	    "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2026-03-01T10:00:00+00:00\n";
	char *path;
	struct tenant *t = read_ini(ini, &path);

	ck_assert_str_eq(buf_str(&t->errors), "");
	ck_assert_ptr_null(t->name);
	ck_assert_str_eq(tenant_display_name(t), "acme-uk");
	ck_assert_ptr_null(t->zone);
	ck_assert_str_eq(tenant_zone(t), "UTC");
	ck_assert(t->enabled);
	ck_assert_int_eq(t->warn_days, 0);
	ck_assert(!t->reported.set);
	ck_assert(t->consented_at.set);
	ck_assert_int_eq(t->consented_at.t, 1743501600);
	ck_assert(t->last_refreshed_at.set);
	ck_assert_int_eq(t->last_refreshed_at.t, 1772359200);
	tenant_free(t);
	free(path);
}
END_TEST

/*
 * One key at a time. The file is built from the keys every tenant needs,
 * minus the key under test, then extra lines the row needs, then the key
 * under test on the last line.
 */
struct key_case {
	const char *section;
	const char *key;
	const char *value;
	const char *kind;	/* NULL: api-token */
	const char *extra;	/* lines before the key, or NULL */
	const char *why;	/* NULL: the value is valid */
};

#define WHY_ID		"expected 1 to 64 of A-Z a-z 0-9 . _ -"
#define WHY_EMPTY	"the value is empty; remove the line or give a value"
#define WHY_NO_ZONE	"no such zone in the time zone database; use a name " \
	"such as Europe/London (see /usr/share/zoneinfo)"
#define WHY_CONTACTS	"expected email addresses separated by commas, as " \
	"in owner@example.com, ops@example.com"
#define WHY_KIND	"expected api-token, scoped-api-token, oauth-refresh " \
	"or dc-pat"
#define WHY_SITE	"expected a URL such as https://example.atlassian.net"
#define WHY_NO_OFFSET	"no UTC offset, so its zone would be a guess: add Z " \
	"or an offset such as +01:00"
#define WHY_DATE_ONLY	"a calendar date, not an instant: add a time and a " \
	"UTC offset, as in 2026-03-26T09:00:00Z"
#define WHY_WARN_DAYS	"expected a whole number of days from 1 to 365"
#define WHY_REPORTED	"expected a date such as 2026-03-26 or 26 Mar 2026, " \
	"or an instant such as 2026-03-26T09:00:00Z"
#define ID_64 "a123456789b123456789c123456789d123456789e123456789f123456789g123"
#define ID_65 ID_64 "4"
#define REPORTED_EXPIRY	"[atlassian]\nreported_expiry = 2026-03-26\n"

static const struct key_case key_cases[] = {
	{ "tenant", "id", "acme-uk", NULL, NULL, NULL },
	{ "tenant", "id", "A.b_c-9", NULL, NULL, NULL },
	{ "tenant", "id", ID_64, NULL, NULL, NULL },
	{ "tenant", "id", ID_65, NULL, NULL, WHY_ID },
	{ "tenant", "id", "acme uk", NULL, NULL, WHY_ID },
	{ "tenant", "id", "acme/uk", NULL, NULL, WHY_ID },
	{ "tenant", "id", "acm\xc3\xa9", NULL, NULL, WHY_ID },
	{ "tenant", "id", "", NULL, NULL, WHY_ID },
	{ "tenant", "name", "Z\xc3\xbcrich Kantonalbank", NULL, NULL, NULL },
	{ "tenant", "name", "", NULL, NULL, WHY_EMPTY },
	{ "tenant", "timezone", "Asia/Kathmandu", NULL, NULL, NULL },
	{ "tenant", "timezone", "Europe/Berln", NULL, NULL, WHY_NO_ZONE },
	{ "tenant", "timezone", "../etc/passwd", NULL, NULL,
	    "a zone is a name such as Europe/London, not a path" },
	{ "tenant", "timezone", "", NULL, NULL,
	    "expected an IANA zone name such as Europe/London" },
	{ "tenant", "contacts", "owner@acme.example", NULL, NULL, NULL },
	{ "tenant", "contacts", "a@acme.example,b@acme.example", NULL, NULL,
	    NULL },
	{ "tenant", "contacts", "owner", NULL, NULL, WHY_CONTACTS },
	{ "tenant", "contacts", "owner@acme.example,", NULL, NULL,
	    WHY_CONTACTS },
	{ "tenant", "contacts", "owner@acme.example;ops@acme.example", NULL,
	    NULL, WHY_CONTACTS },
	{ "tenant", "contacts", "@acme.example", NULL, NULL, WHY_CONTACTS },
	{ "tenant", "contacts", "owner@", NULL, NULL, WHY_CONTACTS },
	{ "tenant", "enabled", "yes", NULL, NULL, NULL },
	{ "tenant", "enabled", "no", NULL, NULL, NULL },
	{ "tenant", "enabled", "true", NULL, NULL, "expected yes or no" },
	{ "tenant", "enabled", "Yes", NULL, NULL, "expected yes or no" },
	{ "tenant", "enabled", "1", NULL, NULL, "expected yes or no" },
	{ "token", "kind", "api-token", NULL, NULL, NULL },
	{ "token", "kind", "scoped-api-token", NULL, NULL, NULL },
	{ "token", "kind", "oauth-refresh", NULL, NULL, NULL },
	{ "token", "kind", "dc-pat", NULL, NULL, NULL },
	{ "token", "kind", "api_token", NULL, NULL, WHY_KIND },
	{ "token", "kind", "API-TOKEN", NULL, NULL, WHY_KIND },
	{ "token", "label", "Nightly connector", NULL, NULL, NULL },
	{ "token", "label", "", NULL, NULL, WHY_EMPTY },
	{ "token", "site", "https://acme.atlassian.net", NULL, NULL, NULL },
	{ "token", "site", "http://127.0.0.1:8080/jira", NULL, NULL, NULL },
	{ "token", "site", "acme.atlassian.net", NULL, NULL, WHY_SITE },
	{ "token", "site", "ftp://acme.atlassian.net", NULL, NULL, WHY_SITE },
	{ "token", "site", "https://", NULL, NULL, WHY_SITE },
	{ "token", "site", "https:///jira", NULL, NULL, WHY_SITE },
	{ "token", "site", "https://acme.atlassian.net/<x>", NULL, NULL,
	    "a URL cannot contain spaces, quotes, < > or \\" },
	{ "token", "created_at", "2025-03-26T09:00:00Z", NULL, NULL, NULL },
	{ "token", "created_at", "2025-03-26T09:00:00", NULL, NULL,
	    WHY_NO_OFFSET },
	{ "token", "created_at", "yesterday", NULL, NULL,
	    "expected an instant such as 2026-03-26T09:00:00Z" },
	{ "token", "expires_at", "2026-03-26T09:00:00.000+0000", NULL, NULL,
	    NULL },
	{ "token", "expires_at", "1774515600", NULL, NULL, NULL },
	{ "token", "expires_at", "2026-03-26T09:00:00", NULL, NULL,
	    WHY_NO_OFFSET },
	{ "token", "expires_at", "2026-03-26", NULL, NULL, WHY_DATE_ONLY },
	{ "token", "consented_at", "2025-04-01T10:00:00Z", "oauth-refresh",
	    NULL, NULL },
	{ "token", "consented_at", "2025-04-01", "oauth-refresh", NULL,
	    WHY_DATE_ONLY },
	{ "token", "last_refreshed_at", "2026-03-01T10:00:00Z",
	    "oauth-refresh", NULL, NULL },
	{ "token", "last_refreshed_at", "2026-03-01T10:00:00",
	    "oauth-refresh", NULL, WHY_NO_OFFSET },
	{ "token", "ttl", "365d", NULL, NULL, NULL },
	{ "token", "ttl", "400d", "dc-pat", NULL, NULL },
	{ "token", "ttl", "8760h", NULL, NULL, NULL },
	{ "token", "ttl", "365", NULL, NULL,
	    "the number needs a unit: d, h, m or s, as in 365d" },
	{ "token", "ttl", "0d", NULL, NULL,
	    "a duration must be longer than zero" },
	{ "token", "ttl", "-5d", NULL, NULL, "a duration cannot be negative" },
	{ "token", "ttl", "1y", NULL, NULL,
	    "the unit must be one of d, h, m or s, as in 365d" },
	{ "token", "warn_days", "14", NULL, NULL, NULL },
	{ "token", "warn_days", "1", NULL, NULL, NULL },
	{ "token", "warn_days", "365", NULL, NULL, NULL },
	{ "token", "warn_days", "0", NULL, NULL, WHY_WARN_DAYS },
	{ "token", "warn_days", "366", NULL, NULL, WHY_WARN_DAYS },
	{ "token", "warn_days", "7d", NULL, NULL, WHY_WARN_DAYS },
	{ "token", "warn_days", "-1", NULL, NULL, WHY_WARN_DAYS },
	{ "token", "warn_days", "", NULL, NULL, WHY_WARN_DAYS },
	{ "token", "warn_days", "10000000000000000007", NULL, NULL,
	    WHY_WARN_DAYS },
	{ "atlassian", "reported_expiry", "2026-03-26", NULL, NULL, NULL },
	{ "atlassian", "reported_expiry", "Expires 26 Mar 2026", NULL, NULL,
	    NULL },
	{ "atlassian", "reported_expiry", "2026-03-26T09:00:00Z", NULL, NULL,
	    NULL },
	{ "atlassian", "reported_expiry", "soon", NULL, NULL, WHY_REPORTED },
	{ "atlassian", "reported_expiry", "2026-02-30", NULL, NULL,
	    "no such day in the calendar" },
	{ "atlassian", "reported_expiry", "2026-03-26T09:00:00", NULL, NULL,
	    WHY_NO_OFFSET },
	{ "atlassian", "reported_at", "2026-03-22T07:30:00Z", NULL,
	    REPORTED_EXPIRY, NULL },
	{ "atlassian", "reported_at", "2026-03-22", NULL, REPORTED_EXPIRY,
	    WHY_DATE_ONLY },
};

/* Add the keys every tenant needs, except the one a row tests. */
static void
key_case_base(const struct key_case *c, struct buf *ini)
{
	const char *kind = c->kind != NULL ? c->kind : "api-token";

	buf_adds(ini, "[tenant]\n");
	if (strcmp(c->key, "id") != 0)
		buf_adds(ini, "id = acme-uk\n");
	buf_adds(ini, "[token]\n");
	if (strcmp(c->key, "kind") != 0)
		buf_addf(ini, "kind = %s\n", kind);
	if (strcmp(c->key, "created_at") != 0)
		buf_adds(ini, "created_at = 2025-03-26T09:00:00Z\n");
	if (strcmp(c->key, "ttl") != 0)
		buf_adds(ini, "ttl = 365d\n");
}

START_TEST(test_config_key_values)
{
	const struct key_case *c = &key_cases[_i];
	struct buf ini;
	struct tenant *t;
	char *path;

	buf_init(&ini);
	key_case_base(c, &ini);
	if (c->extra != NULL)
		buf_adds(&ini, c->extra);
	buf_addf(&ini, "[%s]\n", c->section);
	buf_addf(&ini, "%s = %s\n", c->key, c->value);
	t = read_ini(buf_str(&ini), &path);

	if (c->why == NULL)
		assert_errors(t, "%s", "");
	else
		assert_errors(t, "%s:%ld: invalid %s '%s': %s", path,
		    count_lines(buf_str(&ini)), c->key, c->value, c->why);

	buf_release(&ini);
	tenant_free(t);
	free(path);
}
END_TEST

/* A value in a message is quoted, with quotes and control bytes escaped. */
START_TEST(test_config_message_quotes_value)
{
	static const char ini[] =
	    "[tenant]\n"
	    "id = acme-uk\n"
	    "enabled = it's\x1b[2J\n"
	    "[token]\n"
	    "kind = dc-pat\n"
	    "expires_at = 2026-03-26T09:00:00Z\n";
	char *path;
	struct tenant *t = read_ini(ini, &path);

	assert_errors(t, "%s:3: invalid enabled 'it\\'s\\x1b[2J': expected yes "
	    "or no", path);
	tenant_free(t);
	free(path);
}
END_TEST

/* Structural errors: each file produces exactly these messages. */
struct structure_case {
	const char *name;
	const char *ini;
	const char *errors;	/* every $ stands for the path */
};

#define BASE_TOKEN	"[token]\nkind = api-token\n" \
	"expires_at = 2026-03-26T09:00:00Z\n"

static const struct structure_case structure_cases[] = {
	{ "unknown key in [token]",
	    "[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "expiry = 2026-03-26T09:00:00Z\n",
	    "$:6: unknown key 'expiry' in [token]; expected one of: "
	    TOKEN_KEYS },
	{ "unknown key in [tenant]",
	    "[tenant]\nid = acme-uk\ntimezon = Europe/London\n" BASE_TOKEN,
	    "$:3: unknown key 'timezon' in [tenant]; expected one of: "
	    TENANT_KEYS },
	{ "unknown key in [atlassian]",
	    "[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "[atlassian]\nexpires = 2026-03-26\n",
	    "$:7: unknown key 'expires' in [atlassian]; expected one of: "
	    ATLASSIAN_KEYS },
	{ "keys are lower case",
	    "[tenant]\nID = acme-uk\n" BASE_TOKEN,
	    "$:2: unknown key 'ID' in [tenant]; expected one of: "
	    TENANT_KEYS "; $: " MISSING_ID },
	{ "unknown section",
	    "[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "[atlasian]\nreported_expiry = 2026-03-26\n",
	    "$:6: unknown section 'atlasian'; expected " SECTIONS },
	{ "unknown section after a byte order mark",
	    "\xef\xbb\xbf[tenantt]\nid = acme-uk\n" BASE_TOKEN,
	    "$:1: unknown section 'tenantt'; expected " SECTIONS
	    "; $: " MISSING_ID },
	{ "duplicate key",
	    "[tenant]\nid = acme-uk\nid = acme-fr\n" BASE_TOKEN,
	    "$:3: duplicate key 'id' in [tenant]; the first is on line 2" },
	{ "duplicate key in a repeated section",
	    "[token]\nkind = api-token\n[tenant]\nid = acme-uk\n"
	    "[token]\nkind = dc-pat\nexpires_at = 2026-03-26T09:00:00Z\n",
	    "$:6: duplicate key 'kind' in [token]; the first is on "
	    "line 2" },
	{ "key outside a section",
	    "timezone = UTC\n[tenant]\nid = acme-uk\n" BASE_TOKEN,
	    "$:1: key 'timezone' is outside any section; put it under "
	    SECTIONS },
	{ "empty file", "", "$: the file is empty; a tenant needs at least "
	    "[tenant] id and [token] kind" },
	{ "comments only", "; nothing here\n# nor here\n\n   \n",
	    "$: the file is empty; a tenant needs at least [tenant] id "
	    "and [token] kind" },
	{ "syntax error",
	    "[tenant]\nid = acme-uk\nthis line has no equals sign\n"
	    BASE_TOKEN,
	    "$:3: syntax error: expected [section], key = value or a "
	    "comment" },
	{ "missing id",
	    "[tenant]\nname = Acme\n" BASE_TOKEN,
	    "$: " MISSING_ID },
	{ "missing kind",
	    "[tenant]\nid = acme-uk\n[token]\n"
	    "expires_at = 2026-03-26T09:00:00Z\n",
	    "$: " MISSING_KIND },
	{ "missing id and kind",
	    "[tenant]\nname = Acme\n",
	    "$: " MISSING_ID "; $: " MISSING_KIND },
	{ "created_at without ttl",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "created_at = 2025-03-26T09:00:00Z\n",
	    "$:5: created_at needs ttl, the token's lifetime, such as "
	    "365d" },
	{ "ttl without created_at",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\nttl = 365d\n",
	    "$:5: ttl needs created_at, the instant the token was made" },
	{ "ttl 400d on api-token",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "created_at = 2025-03-26T09:00:00Z\nttl = 400d\n",
	    "$:6: ttl is longer than 365 days, the most Atlassian Cloud "
	    "allows for an API token" },
	{ "ttl 366d on scoped-api-token",
	    "[tenant]\nid = acme-uk\n[token]\nkind = scoped-api-token\n"
	    "created_at = 2025-03-26T09:00:00Z\nttl = 366d\n",
	    "$:6: ttl is longer than 365 days, the most Atlassian Cloud "
	    "allows for an API token" },
	{ "consented_at on api-token",
	    "[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "consented_at = 2025-04-01T10:00:00Z\n",
	    "$:6: consented_at applies only to kind oauth-refresh, not "
	    "api-token" },
	{ "last_refreshed_at on dc-pat",
	    "[tenant]\nid = acme-uk\n[token]\nkind = dc-pat\n"
	    "expires_at = 2026-03-26T09:00:00Z\n"
	    "last_refreshed_at = 2026-03-01T10:00:00Z\n",
	    "$:6: last_refreshed_at applies only to kind oauth-refresh, "
	    "not dc-pat" },
	{ "expires_at before created_at",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "created_at = 2026-03-26T09:00:00Z\n"
	    "expires_at = 2026-03-26T09:00:00Z\n",
	    "$:6: expires_at is not after created_at" },
	{ "last_refreshed_at before consented_at",
	    "[tenant]\nid = acme-uk\n[token]\nkind = oauth-refresh\n"
	    "consented_at = 2025-04-01T10:00:00Z\n"
	    "last_refreshed_at = 2025-03-01T10:00:00Z\n",
	    "$:6: last_refreshed_at is before consented_at, but a refresh "
	    "token exists only after consent" },
	{ "reported_at without reported_expiry",
	    "[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "[atlassian]\nreported_at = 2026-03-22T07:30:00Z\n",
	    "$:7: reported_at needs reported_expiry, the value that was "
	    "read at that time" },
	{ "created_at + ttl after 9999",
	    "[tenant]\nid = acme-uk\n[token]\nkind = dc-pat\n"
	    "created_at = 9999-06-01T00:00:00Z\nttl = 365d\n",
	    "$:6: created_at + ttl falls after the year 9999" },
	{ "consented_at + 365 d after 9999",
	    "[tenant]\nid = acme-uk\n[token]\nkind = oauth-refresh\n"
	    "consented_at = 9999-06-01T00:00:00Z\n",
	    "$:5: the refresh token's lifetime would end after the year "
	    "9999" },
	{ "last_refreshed_at + 90 d after 9999",
	    "[tenant]\nid = acme-uk\n[token]\nkind = oauth-refresh\n"
	    "last_refreshed_at = 9999-12-01T00:00:00Z\n",
	    "$:5: the refresh token's lifetime would end after the year "
	    "9999" },
	{ "created_at and expires_at without ttl",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "created_at = 2025-03-26T09:00:00Z\n"
	    "expires_at = 2026-03-26T09:00:00Z\n", "" },
	{ "ttl 365d on api-token",
	    "[tenant]\nid = acme-uk\n[token]\nkind = api-token\n"
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n", "" },
	{ "CRLF line ends",
	    "[tenant]\r\nid = acme-uk\r\n[token]\r\nkind = api-token\r\n"
	    "expires_at = 2026-03-26T09:00:00Z\r\nbogus = 1\r\n",
	    "$:6: unknown key 'bogus' in [token]; expected one of: "
	    TOKEN_KEYS },
	{ "byte order mark",
	    "\xef\xbb\xbf[tenant]\nid = acme-uk\n" BASE_TOKEN, "" },
	{ "bare CR line ends stop the reading",
	    "[tenant]\rid = acme-uk\r[token]\rkind = api-token\r",
	    "$:1: the line ends in a bare CR; save the file with LF or CRLF "
	    "line ends" },
	{ "a CR inside a line",
	    "[tenant]\nid = acme-uk\nname = A\rB\n" BASE_TOKEN,
	    "$:3: the line ends in a bare CR; save the file with LF or CRLF "
	    "line ends" },
};

START_TEST(test_config_structure_errors)
{
	const struct structure_case *c = &structure_cases[_i];
	struct buf want;
	struct tenant *t;
	char *path;

	t = read_ini(c->ini, &path);
	expand_path(&want, c->errors, path);
	ck_assert_msg(strcmp(buf_str(&t->errors), buf_str(&want)) == 0,
	    "%s: got \"%s\", expected \"%s\"", c->name, buf_str(&t->errors),
	    buf_str(&want));
	buf_release(&want);
	tenant_free(t);
	free(path);
}
END_TEST

/* A file with more than 50 line errors lists 50 and counts the rest. */
START_TEST(test_config_errors_capped)
{
	struct buf ini;
	struct tenant *t;
	const char *errors, *p;
	char *path;
	int i, listed = 0;

	buf_init(&ini);
	buf_adds(&ini, "[tenant]\nid = acme-uk\n" BASE_TOKEN);
	for (i = 0; i < 52; i++)
		buf_addf(&ini, "x%02d = 1\n", i);
	t = read_ini(buf_str(&ini), &path);
	errors = buf_str(&t->errors);
	for (p = strstr(errors, "unknown key"); p != NULL;
	    p = strstr(p + 1, "unknown key"))
		listed++;
	ck_assert_int_eq(listed, 50);
	ck_assert_ptr_nonnull(strstr(errors,
	    ": 2 more errors in this file are not listed"));
	buf_release(&ini);
	tenant_free(t);
	free(path);
}
END_TEST

/* A rejected key leaves the first value in place. */
START_TEST(test_config_duplicate_key_keeps_first)
{
	char *path;
	struct tenant *t = read_ini("[tenant]\nid = acme-uk\nid = acme-fr\n"
	    BASE_TOKEN, &path);

	ck_assert_pstr_eq(t->id, "acme-uk");
	ck_assert_int_eq(t->id_line, 2);
	tenant_free(t);
	free(path);
}
END_TEST

/* Keys in an unknown section are not applied. */
START_TEST(test_config_unknown_section_drops_keys)
{
	char *path;
	struct tenant *t = read_ini("[tenant]\nid = acme-uk\n" BASE_TOKEN
	    "[atlasian]\nreported_expiry = 2026-03-26\n", &path);

	ck_assert(!t->reported.set);
	ck_assert(tenant_has_error(t));
	tenant_free(t);
	free(path);
}
END_TEST

START_TEST(test_config_nul_byte_rejected)
{
	static const char data[] = "[tenant]\nid = acme-uk\nname = Ac\0me\n"
	    BASE_TOKEN;
	char *path;
	struct tenant *t = read_bytes(data, sizeof(data) - 1, &path);

	assert_errors(t, "%s:3: the line contains a NUL byte; this is not a "
	    "text file", path);
	ck_assert_ptr_null(t->name);
	ck_assert_pstr_eq(t->id, "acme-uk");
	tenant_free(t);
	free(path);
}
END_TEST

/* Byte sequences that are not UTF-8, each on the name line. */
static const char *const invalid_utf8[] = {
	"Z\xfcrich",		/* Latin-1 */
	"\xc3",			/* truncated sequence */
	"a\x80z",		/* stray continuation byte */
	"\xc0\xaf",		/* overlong '/' */
	"\xed\xa0\x80",		/* surrogate U+D800 */
	"\xf4\x90\x80\x80",	/* above U+10FFFF */
};

START_TEST(test_config_invalid_utf8_rejected)
{
	struct buf ini;
	struct tenant *t;
	char *path;

	buf_init(&ini);
	buf_addf(&ini, "[tenant]\nid = acme-uk\nname = %s\n" BASE_TOKEN,
	    invalid_utf8[_i]);
	t = read_ini(buf_str(&ini), &path);
	assert_errors(t, "%s:3: the line is not valid UTF-8; save the file as "
	    "UTF-8", path);
	ck_assert_ptr_null(t->name);
	buf_release(&ini);
	tenant_free(t);
	free(path);
}
END_TEST

START_TEST(test_config_invalid_utf8_in_comment)
{
	char *path;
	struct tenant *t = read_ini("; caf\xe9\n[tenant]\nid = acme-uk\n"
	    BASE_TOKEN, &path);

	assert_errors(t, "%s:1: the line is not valid UTF-8; save the file as "
	    "UTF-8", path);
	tenant_free(t);
	free(path);
}
END_TEST

/* A line of 1 MiB is rejected with its length, and the lines after it
 * keep their numbers. */
START_TEST(test_config_long_line_rejected)
{
	const size_t line_len = 1024 * 1024;
	struct buf ini;
	struct tenant *t;
	char *path;
	size_t i;

	buf_init(&ini);
	buf_adds(&ini, "[tenant]\nid = acme-uk\nname = ");
	for (i = strlen("name = "); i < line_len; i++)
		buf_addc(&ini, 'a');
	buf_adds(&ini, "\nnmae = Acme\n" BASE_TOKEN);
	t = read_ini(buf_str(&ini), &path);

	assert_errors(t, "%s:3: the line is 1048576 bytes long; the limit is "
	    "%d; %s:4: unknown key 'nmae' in [tenant]; expected one of: "
	    TENANT_KEYS, path, CONFIG_LINE_MAX, path);
	ck_assert_ptr_null(t->name);
	ck_assert_int_eq(t->kind, TOKEN_API);
	buf_release(&ini);
	tenant_free(t);
	free(path);
}
END_TEST

/* Lines of exactly the limit are read whole, with LF or CRLF. */
START_TEST(test_config_line_at_limit_accepted)
{
	const char *eol = _i == 0 ? "\n" : "\r\n";
	struct buf ini, name;
	struct tenant *t;
	char *path;

	buf_init(&name);
	while (name.len < CONFIG_LINE_MAX - strlen("name = "))
		buf_addc(&name, 'n');
	buf_init(&ini);
	buf_addf(&ini, "[tenant]%sid = acme-uk%sname = %s%s[token]%s"
	    "kind = dc-pat%sexpires_at = 2026-03-26T09:00:00Z%s", eol, eol,
	    buf_str(&name), eol, eol, eol, eol);
	t = read_ini(buf_str(&ini), &path);

	ck_assert_str_eq(buf_str(&t->errors), "");
	ck_assert_pstr_eq(t->name, buf_str(&name));
	buf_release(&ini);
	buf_release(&name);
	tenant_free(t);
	free(path);
}
END_TEST

START_TEST(test_config_line_over_limit_rejected)
{
	struct buf ini;
	struct tenant *t;
	char *path;

	buf_init(&ini);
	buf_adds(&ini, "[tenant]\nid = acme-uk\nname = ");
	while (ini.len < strlen("[tenant]\nid = acme-uk\n") +
	    CONFIG_LINE_MAX + 1)
		buf_addc(&ini, 'n');
	buf_adds(&ini, "\n" BASE_TOKEN);
	t = read_ini(buf_str(&ini), &path);

	assert_errors(t, "%s:3: the line is %d bytes long; the limit is %d",
	    path, CONFIG_LINE_MAX + 1, CONFIG_LINE_MAX);
	buf_release(&ini);
	tenant_free(t);
	free(path);
}
END_TEST

START_TEST(test_config_missing_file_is_error)
{
	char *path = testutil_path(testutil_test_dir, "absent.conf");
	struct tenant *t = config_read(path);

	assert_errors(t, "cannot open '%s': No such file or directory", path);
	tenant_free(t);
	free(path);
}
END_TEST

/* config_collect and config_check_duplicates */

static void
write_tenant(const char *where, const char *name, const char *id)
{
	struct buf ini;
	char *path;

	buf_init(&ini);
	buf_addf(&ini, "[tenant]\nid = %s\n" BASE_TOKEN, id);
	path = testutil_write_text(where, name, buf_str(&ini));
	free(path);
	buf_release(&ini);
}

/* A directory contributes its *.conf files in byte order, skipping
 * hidden files, other names and subdirectories. */
START_TEST(test_config_collect_directory_order)
{
	static const char *const order[] = {
		"10.conf", "9.conf", "B.conf", "_x.conf", "a.conf", "b.conf"
	};
	const char *dir = testutil_test_dir;
	struct tenant_list list;
	const char *paths[1];
	char *sub;
	size_t i;

	write_tenant(dir, "b.conf", "b");
	write_tenant(dir, "a.conf", "a");
	write_tenant(dir, "B.conf", "upper-b");
	write_tenant(dir, "_x.conf", "x");
	write_tenant(dir, "9.conf", "nine");
	write_tenant(dir, "10.conf", "ten");
	write_tenant(dir, ".hidden.conf", "hidden");
	write_tenant(dir, "notes.txt", "notes");
	write_tenant(dir, "c.conf.bak", "backup");
	write_tenant(dir, "conf", "bare");
	sub = testutil_make_subdir(dir, "sub");
	write_tenant(sub, "d.conf", "nested");

	tenant_list_init(&list);
	paths[0] = dir;
	ck_assert(config_collect(paths, 1, &list));
	ck_assert_uint_eq(list.len, ARRAY_LEN(order));
	for (i = 0; i < list.len && i < ARRAY_LEN(order); i++) {
		struct buf want;

		expect(&want, "%s/%s", dir, order[i]);
		ck_assert_str_eq(list.items[i]->path, buf_str(&want));
		buf_release(&want);
	}
	tenant_list_release(&list);
	free(sub);
}
END_TEST

/* A subdirectory whose name ends in .conf is not a tenant file. */
START_TEST(test_config_collect_skips_conf_directory)
{
	const char *dir = testutil_test_dir;
	struct tenant_list list;
	const char *paths[1];
	char *sub;

	write_tenant(dir, "a.conf", "a");
	sub = testutil_make_subdir(dir, "nested.conf");
	write_tenant(sub, "inner.conf", "inner");

	tenant_list_init(&list);
	paths[0] = dir;
	ck_assert(config_collect(paths, 1, &list));
	ck_assert_uint_eq(list.len, 1);
	ck_assert_pstr_eq(list.items[0]->id, "a");
	tenant_list_release(&list);
	free(sub);
}
END_TEST

/* A trailing slash on the directory does not double the separator. */
START_TEST(test_config_collect_trailing_slash)
{
	const char *dir = testutil_test_dir;
	struct tenant_list list;
	struct buf arg, want;
	const char *paths[1];

	write_tenant(dir, "a.conf", "a");
	buf_init(&arg);
	buf_addf(&arg, "%s/", dir);
	tenant_list_init(&list);
	paths[0] = buf_str(&arg);
	ck_assert(config_collect(paths, 1, &list));
	ck_assert_uint_eq(list.len, 1);
	expect(&want, "%s/a.conf", dir);
	ck_assert_str_eq(list.items[0]->path, buf_str(&want));
	buf_release(&want);
	buf_release(&arg);
	tenant_list_release(&list);
}
END_TEST

/* Files named on the command line are read in argument order, whatever
 * their names. */
START_TEST(test_config_collect_files_in_argument_order)
{
	char *first = testutil_path(testutil_test_dir, "z.conf");
	char *second = testutil_path(testutil_test_dir, "a.ini");
	const char *paths[2] = { first, second };
	struct tenant_list list;

	write_tenant(testutil_test_dir, "z.conf", "zulu");
	write_tenant(testutil_test_dir, "a.ini", "alpha");

	tenant_list_init(&list);
	ck_assert(config_collect(paths, 2, &list));
	ck_assert_uint_eq(list.len, 2);
	ck_assert_pstr_eq(list.items[0]->id, "zulu");
	ck_assert_pstr_eq(list.items[1]->id, "alpha");
	tenant_list_release(&list);
	free(second);
	free(first);
}
END_TEST

START_TEST(test_config_collect_missing_path_fails)
{
	char *absent = testutil_path(testutil_test_dir, "absent");
	const char *paths[1] = { absent };
	struct tenant_list list;

	tenant_list_init(&list);
	ck_assert(!config_collect(paths, 1, &list));
	ck_assert_uint_eq(list.len, 0);
	tenant_list_release(&list);
	free(absent);
}
END_TEST

START_TEST(test_config_collect_empty_directory)
{
	const char *paths[1] = { testutil_test_dir };
	struct tenant_list list;

	tenant_list_init(&list);
	ck_assert(config_collect(paths, 1, &list));
	ck_assert_uint_eq(list.len, 0);
	tenant_list_release(&list);
}
END_TEST

/* The first file read keeps a duplicated id, and every later one is an
 * error that names the first. */
START_TEST(test_config_duplicate_ids_across_files)
{
	const char *dir = testutil_test_dir;
	const char *paths[1] = { dir };
	struct tenant_list list;
	struct buf want;

	write_tenant(dir, "x.conf", "acme");
	write_tenant(dir, "y.conf", "acme");
	write_tenant(dir, "z.conf", "other");
	write_tenant(dir, "w.conf", "acme");

	tenant_list_init(&list);
	ck_assert(config_collect(paths, 1, &list));
	config_check_duplicates(&list);
	ck_assert_uint_eq(list.len, 4);

	/* Byte order: w, x, y, z. */
	ck_assert_str_eq(buf_str(&list.items[0]->errors), "");
	expect(&want, "%s/x.conf:2: duplicate tenant id 'acme'; '%s/w.conf' "
	    "already uses it, so give this tenant an id of its own", dir, dir);
	ck_assert_str_eq(buf_str(&list.items[1]->errors), buf_str(&want));
	buf_release(&want);
	expect(&want, "%s/y.conf:2: duplicate tenant id 'acme'; '%s/w.conf' "
	    "already uses it, so give this tenant an id of its own", dir, dir);
	ck_assert_str_eq(buf_str(&list.items[2]->errors), buf_str(&want));
	buf_release(&want);
	ck_assert_str_eq(buf_str(&list.items[3]->errors), "");
	tenant_list_release(&list);
}
END_TEST

/* With files given in an order of their own, that order decides which
 * file keeps the id. */
START_TEST(test_config_duplicate_ids_follow_argument_order)
{
	char *one = testutil_make_subdir(testutil_test_dir, "one");
	char *two = testutil_make_subdir(testutil_test_dir, "two");
	char *first = testutil_path(two, "a.conf");
	char *second = testutil_path(one, "b.conf");
	const char *paths[2] = { first, second };
	struct tenant_list list;
	struct buf want;

	write_tenant(one, "b.conf", "acme");
	write_tenant(two, "a.conf", "acme");

	tenant_list_init(&list);
	ck_assert(config_collect(paths, 2, &list));
	config_check_duplicates(&list);
	ck_assert_uint_eq(list.len, 2);
	ck_assert_str_eq(buf_str(&list.items[0]->errors), "");
	expect(&want, "%s:2: duplicate tenant id 'acme'; '%s' already uses "
	    "it, so give this tenant an id of its own", second, first);
	ck_assert_str_eq(buf_str(&list.items[1]->errors), buf_str(&want));
	buf_release(&want);
	tenant_list_release(&list);
	free(second);
	free(first);
	free(two);
	free(one);
}
END_TEST

/* Tenants without an id are left alone by the duplicate check. */
START_TEST(test_config_duplicates_skip_missing_ids)
{
	const char *paths[1] = { testutil_test_dir };
	struct tenant_list list;
	char *path;

	path = testutil_write_text(testutil_test_dir, "a.conf",
	    "[tenant]\nname = A\n" BASE_TOKEN);
	free(path);
	path = testutil_write_text(testutil_test_dir, "b.conf",
	    "[tenant]\nname = B\n" BASE_TOKEN);
	free(path);

	tenant_list_init(&list);
	ck_assert(config_collect(paths, 1, &list));
	config_check_duplicates(&list);
	ck_assert_uint_eq(list.len, 2);
	ck_assert_ptr_null(strstr(buf_str(&list.items[0]->errors),
	    "duplicate"));
	ck_assert_ptr_null(strstr(buf_str(&list.items[1]->errors),
	    "duplicate"));
	tenant_list_release(&list);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("keys");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_config_read_every_key);
	tcase_add_test(tc, test_config_read_defaults);
	tcase_add_loop_test(tc, test_config_key_values, 0,
	    (int)ARRAY_LEN(key_cases));
	tcase_add_test(tc, test_config_message_quotes_value);
	suite_add_tcase(s, tc);

	tc = tcase_create("structure");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_config_errors_capped);
	tcase_add_loop_test(tc, test_config_structure_errors, 0,
	    (int)ARRAY_LEN(structure_cases));
	tcase_add_test(tc, test_config_duplicate_key_keeps_first);
	tcase_add_test(tc, test_config_unknown_section_drops_keys);
	tcase_add_test(tc, test_config_nul_byte_rejected);
	tcase_add_loop_test(tc, test_config_invalid_utf8_rejected, 0,
	    (int)ARRAY_LEN(invalid_utf8));
	tcase_add_test(tc, test_config_invalid_utf8_in_comment);
	tcase_add_test(tc, test_config_long_line_rejected);
	tcase_add_loop_test(tc, test_config_line_at_limit_accepted, 0, 2);
	tcase_add_test(tc, test_config_line_over_limit_rejected);
	tcase_add_test(tc, test_config_missing_file_is_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("collect");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_config_collect_directory_order);
	tcase_add_test(tc, test_config_collect_skips_conf_directory);
	tcase_add_test(tc, test_config_collect_trailing_slash);
	tcase_add_test(tc, test_config_collect_files_in_argument_order);
	tcase_add_test(tc, test_config_collect_missing_path_fails);
	tcase_add_test(tc, test_config_collect_empty_directory);
	tcase_add_test(tc, test_config_duplicate_ids_across_files);
	tcase_add_test(tc, test_config_duplicate_ids_follow_argument_order);
	tcase_add_test(tc, test_config_duplicates_skip_missing_ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(config_suite());
}

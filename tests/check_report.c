/*
 * Unit tests for the CSV and JUnit reports and the wording they share.
 * The CSV is read back with a small RFC 4180 reader of the test's own,
 * and the JUnit document is parsed back with libxml2.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "evaluate.h"
#include "instant.h"
#include "report.h"
#include "report_csv.h"
#include "report_junit.h"
#include "state.h"
#include "testutil.h"

#define NOW		"2026-03-22T08:15:00Z"
#define TEST_VERSION	"0.1.0-test"
#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
#define CSV_HEADER	"tenant_id,tenant_name,token_kind,token_label,state," \
	"days_left,expires_at,expiry_source,warn_days,atlassian_expiry," \
	"reconciliation,notes,evaluated_at\r\n"
#define NOTE_UNKNOWN	"no expiry is known: set expires_at, or created_at " \
	"and ttl, in [token], or give the date Atlassian reports in " \
	"[atlassian] reported_expiry"

enum csv_column {
	COL_TENANT_ID, COL_TENANT_NAME, COL_TOKEN_KIND, COL_TOKEN_LABEL,
	COL_STATE, COL_DAYS_LEFT, COL_EXPIRES_AT, COL_EXPIRY_SOURCE,
	COL_WARN_DAYS, COL_ATLASSIAN_EXPIRY, COL_RECONCILIATION, COL_NOTES,
	COL_EVALUATED_AT
};

/* The running test's tenants, counts and report context. */
static struct tenant_list tenants;
static struct state_counts counts;
static struct report_ctx ctx;

/* A checked fixture that runs after testutil_test_setup(). */
static void
report_setup(void)
{
	tenant_list_init(&tenants);
	memset(&counts, 0, sizeof(counts));
	memset(&ctx, 0, sizeof(ctx));
	ctx.tenants = &tenants;
	ctx.counts = &counts;
	ctx.now = testutil_instant(NOW);
	ctx.junit_fail_on = STATE_WARN;
	ctx.version = TEST_VERSION;
	ctx.csv_name = "ttlwatch.csv";
}

static void
report_teardown(void)
{
	tenant_list_release(&tenants);
}

static struct tenant *
add_tenant(const char *file, const char *ini)
{
	struct tenant *t = testutil_tenant_from_ini(testutil_test_dir, file,
	    ini);

	tenant_list_add(&tenants, t);
	return t;
}

static void
evaluate_all(void)
{
	size_t i;

	for (i = 0; i < tenants.len; i++) {
		evaluate_tenant(tenants.items[i], ctx.now, 7);
		state_count(&counts, tenants.items[i]->result.state);
	}
}

/* One tenant in each state, in this order. */
static void
add_every_state(void)
{
	add_tenant("healthy.conf", "[tenant]\nid = healthy\n[token]\n"
	    "kind = dc-pat\nexpires_at = 2026-04-30T09:00:00Z\n");
	add_tenant("warn.conf", "[tenant]\nid = warn\nname = Acme Retail UK\n"
	    "[token]\nkind = api-token\nlabel = Nightly connector\n"
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n");
	add_tenant("critical.conf", "[tenant]\nid = critical\n"
	    "timezone = Europe/London\n[token]\nkind = api-token\n"
	    "label = -prod\nexpires_at = 2026-03-26T09:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-20\n");
	add_tenant("unknown.conf", "[tenant]\nid = unknown\n[token]\n"
	    "kind = api-token\n");
	add_tenant("error.conf", "[tenant]\nid = broken\n[token]\n"
	    "kind = api-token\nexpires_at = 2026-03-26T09:00:00\n");
	add_tenant("skipped.conf", "[tenant]\nid = skipped\nenabled = no\n"
	    "[token]\nkind = api-token\nexpires_at = 2026-03-26T09:00:00Z\n");
	evaluate_all();
}

static void
write_csv(struct buf *out)
{
	buf_init(out);
	report_csv_write(&ctx, out);
}

/*
 * Copy field col of record row (both from 0, the header is record 0) of
 * an RFC 4180 text into out, undoing the quoting. Returns false when the
 * text has no such field.
 */
static bool
csv_cell(const char *csv, size_t row, size_t col, struct buf *out)
{
	size_t r = 0, c = 0;
	bool quoted = false;
	const char *p = csv;

	buf_init(out);
	buf_adds(out, "");
	while (*p != '\0') {
		bool here = r == row && c == col;

		if (quoted && p[0] == '"' && p[1] == '"') {
			if (here)
				buf_addc(out, '"');
			p += 2;
		} else if (p[0] == '"') {
			quoted = !quoted;
			p++;
		} else if (!quoted && p[0] == ',') {
			if (here)
				return true;
			c++;
			p++;
		} else if (!quoted && p[0] == '\r' && p[1] == '\n') {
			if (here)
				return true;
			r++;
			c = 0;
			p += 2;
		} else {
			if (here)
				buf_addc(out, *p);
			p++;
		}
	}
	return false;
}

static void
assert_cell(const char *csv, size_t row, enum csv_column col,
    const char *expected)
{
	struct buf cell;

	ck_assert_msg(csv_cell(csv, row, (size_t)col, &cell), "no field %d in "
	    "record %zu", (int)col, row);
	ck_assert_msg(strcmp(buf_str(&cell), expected) == 0, "record %zu field "
	    "%d is \"%s\", expected \"%s\"", row, (int)col, buf_str(&cell),
	    expected);
	buf_release(&cell);
}

/* Records of an RFC 4180 text: line ends outside quotes. */
static size_t
csv_records(const char *csv)
{
	bool quoted = false;
	size_t n = 0;

	for (; *csv != '\0'; csv++) {
		if (*csv == '"')
			quoted = !quoted;
		else if (!quoted && csv[0] == '\r' && csv[1] == '\n')
			n++;
	}
	return n;
}

/* CSV */

START_TEST(test_report_csv_header)
{
	struct buf csv;

	write_csv(&csv);
	ck_assert_str_eq(buf_str(&csv), CSV_HEADER);
	buf_release(&csv);
}
END_TEST

START_TEST(test_report_csv_warn_row)
{
	struct buf csv;

	add_tenant("warn.conf", "[tenant]\nid = warn\nname = Acme Retail UK\n"
	    "[token]\nkind = api-token\nlabel = Nightly connector\n"
	    "created_at = 2025-03-26T09:00:00Z\nttl = 365d\n");
	evaluate_all();
	write_csv(&csv);
	ck_assert_str_eq(buf_str(&csv), CSV_HEADER "warn,Acme Retail UK,"
	    "api-token,Nightly connector,warn,4,2026-03-26T09:00:00Z,config,7,,"
	    "not-reported,,2026-03-22T08:15:00Z\r\n");
	buf_release(&csv);
}
END_TEST

/* Every line ends in CRLF, with no bare LF and no byte order mark. */
START_TEST(test_report_csv_crlf_lines)
{
	struct buf csv;
	const char *p;
	size_t bare = 0;

	add_every_state();
	write_csv(&csv);
	for (p = buf_str(&csv); *p != '\0'; p++) {
		if (*p == '\n' && (p == buf_str(&csv) || p[-1] != '\r'))
			bare++;
	}
	ck_assert_uint_eq(bare, 0);
	ck_assert_uint_eq(csv_records(buf_str(&csv)), 7);
	ck_assert_int_eq(strncmp(buf_str(&csv), "tenant_id,", 10), 0);
	ck_assert_int_eq(buf_str(&csv)[csv.len - 1], '\n');
	buf_release(&csv);
}
END_TEST

/* Expected cells per state, records 1 to 6 of add_every_state(). */
static const struct {
	const char *tenant_id;
	const char *state;
	const char *days_left;
	const char *expires_at;
	const char *expiry_source;
	const char *reconciliation;
} state_rows[] = {
	{ "healthy", "healthy", "39", "2026-04-30T09:00:00Z", "config",
	    "not-reported" },
	{ "warn", "warn", "4", "2026-03-26T09:00:00Z", "config",
	    "not-reported" },
	{ "critical", "critical", "-3", "2026-03-20T00:00:00Z",
	    "atlassian-reported", "atlassian-earlier" },
	{ "unknown", "unknown", "", "", "", "not-reported" },
	{ "broken", "error", "", "", "", "" },
	{ "skipped", "skipped", "", "", "", "" },
};

START_TEST(test_report_csv_cells_per_state)
{
	struct buf csv;
	size_t row = (size_t)_i + 1;

	add_every_state();
	write_csv(&csv);
	assert_cell(buf_str(&csv), row, COL_TENANT_ID, state_rows[_i].tenant_id);
	assert_cell(buf_str(&csv), row, COL_STATE, state_rows[_i].state);
	assert_cell(buf_str(&csv), row, COL_DAYS_LEFT, state_rows[_i].days_left);
	assert_cell(buf_str(&csv), row, COL_EXPIRES_AT,
	    state_rows[_i].expires_at);
	assert_cell(buf_str(&csv), row, COL_EXPIRY_SOURCE,
	    state_rows[_i].expiry_source);
	assert_cell(buf_str(&csv), row, COL_RECONCILIATION,
	    state_rows[_i].reconciliation);
	assert_cell(buf_str(&csv), row, COL_WARN_DAYS, "7");
	assert_cell(buf_str(&csv), row, COL_EVALUATED_AT, "2026-03-22T08:15:00Z");
	buf_release(&csv);
}
END_TEST

/* A negative number of days is a number, not a formula: no apostrophe,
 * while the label "-prod" in the same row gets one. */
START_TEST(test_report_csv_negative_days_unguarded)
{
	struct buf csv;

	add_every_state();
	write_csv(&csv);
	ck_assert_ptr_nonnull(strstr(buf_str(&csv), "\r\ncritical,critical,"
	    "api-token,'-prod,critical,-3,2026-03-20T00:00:00Z,"));
	assert_cell(buf_str(&csv), 3, COL_ATLASSIAN_EXPIRY, "2026-03-20");
	buf_release(&csv);
}
END_TEST

START_TEST(test_report_csv_error_row_notes)
{
	struct buf csv, want;

	add_every_state();
	write_csv(&csv);
	buf_init(&want);
	buf_addf(&want, "%s/error.conf:5: invalid expires_at "
	    "'2026-03-26T09:00:00': no UTC offset, so its zone would be a "
	    "guess: add Z or an offset such as +01:00", testutil_test_dir);
	assert_cell(buf_str(&csv), 5, COL_NOTES, buf_str(&want));
	assert_cell(buf_str(&csv), 4, COL_NOTES, NOTE_UNKNOWN);
	buf_release(&want);
	buf_release(&csv);
}
END_TEST

/* A file whose id cannot be read is named by its file name. */
START_TEST(test_report_csv_unreadable_id_uses_file_name)
{
	struct buf csv;

	add_tenant("lost-id.conf", "[tenant]\nname = \n[token]\n"
	    "kind = api-token\n");
	evaluate_all();
	write_csv(&csv);
	assert_cell(buf_str(&csv), 1, COL_TENANT_ID, "lost-id");
	assert_cell(buf_str(&csv), 1, COL_STATE, "error");
	buf_release(&csv);
}
END_TEST

/* A file name that is not UTF-8 cannot break the report's encoding. */
START_TEST(test_report_csv_file_name_not_utf8)
{
	struct buf csv;

	add_tenant("caf\xe9.conf", "[tenant]\nname = \n[token]\n"
	    "kind = api-token\n");
	evaluate_all();
	write_csv(&csv);
	assert_cell(buf_str(&csv), 1, COL_TENANT_ID, "caf" REPLACEMENT);
	ck_assert_ptr_null(memchr(buf_str(&csv), 0xe9, csv.len));
	buf_release(&csv);
}
END_TEST

START_TEST(test_report_csv_reported_value_normalised)
{
	struct buf csv;

	add_tenant("a.conf", "[tenant]\nid = a\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T09:00:00Z\n"
	    "[atlassian]\nreported_expiry = Mar 26, 2026\n");
	add_tenant("b.conf", "[tenant]\nid = b\n[token]\nkind = api-token\n"
	    "expires_at = 2026-03-26T09:00:00Z\n"
	    "[atlassian]\nreported_expiry = 2026-03-26T09:40:00.000+0000\n");
	evaluate_all();
	write_csv(&csv);
	assert_cell(buf_str(&csv), 1, COL_ATLASSIAN_EXPIRY, "2026-03-26");
	assert_cell(buf_str(&csv), 2, COL_ATLASSIAN_EXPIRY,
	    "2026-03-26T09:40:00Z");
	assert_cell(buf_str(&csv), 2, COL_RECONCILIATION, "match");
	buf_release(&csv);
}
END_TEST

/* Labels that would run as formulas, read back through the CSV. */
START_TEST(test_report_csv_formula_labels)
{
	struct buf csv;

	add_tenant("a.conf", "[tenant]\nid = a\n[token]\nkind = api-token\n"
	    "label = =HYPERLINK(\"http://x\",\"renew\")\n"
	    "expires_at = 2026-03-26T09:00:00Z\n");
	add_tenant("b.conf", "[tenant]\nid = b\nname = @SUM(A1)\n[token]\n"
	    "kind = api-token\nlabel = +1\nexpires_at = 2026-03-26T09:00:00Z\n");
	evaluate_all();
	write_csv(&csv);
	ck_assert_ptr_nonnull(strstr(buf_str(&csv),
	    ",\"'=HYPERLINK(\"\"http://x\"\",\"\"renew\"\")\","));
	assert_cell(buf_str(&csv), 1, COL_TOKEN_LABEL,
	    "'=HYPERLINK(\"http://x\",\"renew\")");
	assert_cell(buf_str(&csv), 2, COL_TENANT_NAME, "'@SUM(A1)");
	assert_cell(buf_str(&csv), 2, COL_TOKEN_LABEL, "'+1");
	buf_release(&csv);
}
END_TEST

/* report_csv_field: the formula guard on text fields, and quotes only
 * where RFC 4180 needs them. */
static const struct {
	const char *value;
	bool	 text;
	const char *field;
} csv_fields[] = {
	{ "plain", true, "plain" },
	{ "a b", true, "a b" },
	{ "", true, "" },
	{ "Z\xc3\xbcrich", true, "Z\xc3\xbcrich" },
	{ "x=1", true, "x=1" },
	{ "'quoted'", true, "'quoted'" },
	{ "-prod", true, "'-prod" },
	{ "-", true, "'-" },
	{ "=1+2", true, "'=1+2" },
	{ "+1", true, "'+1" },
	{ "@sum", true, "'@sum" },
	{ "\tx", true, "'\tx" },
	{ "\rx", true, "\"'\rx\"" },
	{ "-3", false, "-3" },
	{ "7", false, "7" },
	{ "a,b", true, "\"a,b\"" },
	{ "say \"hi\"", true, "\"say \"\"hi\"\"\"" },
	{ "\"", true, "\"\"\"\"" },
	{ "two\nlines", true, "\"two\nlines\"" },
	{ "two\r\nlines", true, "\"two\r\nlines\"" },
	{ "=HYPERLINK(\"http://x\",\"renew\")", true,
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"renew\"\")\"" },
	{ "-a,b", true, "\"'-a,b\"" },
	{ "caf\xe9", true, "caf" REPLACEMENT },
	{ "\xc3(", true, REPLACEMENT "(" },
	{ "esc\x1b[2J", true, "esc" REPLACEMENT "[2J" },
	{ "bell\x07", true, "bell" REPLACEMENT },
	{ "c1\xc2\x9b", true, "c1" REPLACEMENT },
	{ "del\x7f", true, "del" REPLACEMENT },
};

START_TEST(test_report_csv_field_guard_and_quotes)
{
	struct buf out;

	buf_init(&out);
	report_csv_field(&out, csv_fields[_i].value, csv_fields[_i].text);
	ck_assert_str_eq(buf_str(&out), csv_fields[_i].field);
	buf_release(&out);
}
END_TEST

START_TEST(test_report_csv_quotes_only_when_needed)
{
	struct buf csv;

	add_tenant("a.conf", "[tenant]\nid = a\nname = Acme, Inc\n[token]\n"
	    "kind = api-token\nlabel = plain label\n"
	    "expires_at = 2026-03-26T09:00:00Z\n");
	evaluate_all();
	write_csv(&csv);
	ck_assert_ptr_nonnull(strstr(buf_str(&csv),
	    "\r\na,\"Acme, Inc\",api-token,plain label,warn,4,"));
	buf_release(&csv);
}
END_TEST

/* The CSV's numbers do not change under a locale with a decimal comma. */
static const char *const comma_locales[] = {
	"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8",
	"nl_NL.UTF-8", "es_ES.UTF-8", "it_IT.UTF-8", "ru_RU.UTF-8",
	"pt_BR.UTF-8",
};

/* Switch LC_ALL to a locale whose decimal point is a comma. Returns false
 * when none is installed. */
static bool
use_comma_locale(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(comma_locales); i++) {
		if (setlocale(LC_ALL, comma_locales[i]) != NULL &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			return true;
	}
	(void)setlocale(LC_ALL, "C");
	return false;
}

START_TEST(test_report_csv_numbers_in_comma_locale)
{
	struct buf csv;

	add_every_state();
	if (!use_comma_locale())
		return;		/* no such locale installed: nothing to check */
	write_csv(&csv);
	(void)setlocale(LC_ALL, "C");
	assert_cell(buf_str(&csv), 3, COL_DAYS_LEFT, "-3");
	assert_cell(buf_str(&csv), 1, COL_DAYS_LEFT, "39");
	buf_release(&csv);
}
END_TEST

/* JUnit */

static xmlDocPtr
write_junit(void)
{
	struct buf xml;
	xmlDocPtr doc;

	buf_init(&xml);
	ck_assert(report_junit_write(&ctx, &xml));
	ck_assert_int_eq(strncmp(buf_str(&xml), "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>", 38), 0);
	doc = xmlReadMemory(buf_str(&xml), (int)xml.len, "ttlwatch.junit.xml",
	    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ck_assert_msg(doc != NULL, "not well-formed XML:\n%s", buf_str(&xml));
	buf_release(&xml);
	return doc;
}

static xmlNodePtr
element_from(xmlNodePtr n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static xmlNodePtr
first_element(xmlNodePtr parent)
{
	return element_from(parent->children);
}

static xmlNodePtr
next_element(xmlNodePtr n)
{
	return n != NULL ? element_from(n->next) : NULL;
}

static bool
is_named(xmlNodePtr n, const char *name)
{
	return n != NULL && strcmp((const char *)n->name, name) == 0;
}

static void
assert_attr(xmlNodePtr n, const char *name, const char *expected)
{
	xmlChar *value = xmlGetProp(n, (const xmlChar *)name);

	ck_assert_msg(value != NULL, "<%s> has no %s", (const char *)n->name,
	    name);
	ck_assert_msg(strcmp((const char *)value, expected) == 0, "<%s %s=\"%s\">"
	    ", expected \"%s\"", (const char *)n->name, name,
	    (const char *)value, expected);
	xmlFree(value);
}

static void
assert_text(xmlNodePtr n, const char *expected)
{
	xmlChar *text = xmlNodeGetContent(n);

	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq((const char *)text, expected);
	xmlFree(text);
}

static xmlNodePtr
suite_of(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr suite;

	ck_assert(is_named(root, "testsuites"));
	suite = first_element(root);
	ck_assert(is_named(suite, "testsuite"));
	return suite;
}

static xmlNodePtr
testcase_of(xmlDocPtr doc, const char *classname)
{
	xmlNodePtr n;

	for (n = first_element(suite_of(doc)); n != NULL; n = next_element(n)) {
		xmlChar *value;
		bool found;

		if (!is_named(n, "testcase"))
			continue;
		value = xmlGetProp(n, (const xmlChar *)"classname");
		found = value != NULL && strcmp((const char *)value,
		    classname) == 0;
		xmlFree(value);
		if (found)
			return n;
	}
	ck_abort_msg("no test case %s", classname);
	return NULL;
}

START_TEST(test_report_junit_root_has_no_attributes)
{
	xmlDocPtr doc;
	xmlNodePtr root;

	add_every_state();
	doc = write_junit();
	root = xmlDocGetRootElement(doc);
	ck_assert(is_named(root, "testsuites"));
	ck_assert_ptr_null(root->properties);
	ck_assert(is_named(first_element(root), "testsuite"));
	ck_assert_ptr_null(next_element(first_element(root)));
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_report_junit_suite_attributes)
{
	xmlDocPtr doc;
	xmlNodePtr suite;
	xmlChar *host;

	add_every_state();
	doc = write_junit();
	suite = suite_of(doc);
	assert_attr(suite, "name", "ttlwatch");
	assert_attr(suite, "package", "ttlwatch");
	assert_attr(suite, "id", "0");
	assert_attr(suite, "tests", "6");
	assert_attr(suite, "failures", "2");
	assert_attr(suite, "errors", "2");
	assert_attr(suite, "skipped", "1");
	assert_attr(suite, "time", "0.000");
	assert_attr(suite, "timestamp", "2026-03-22T08:15:00");
	host = xmlGetProp(suite, (const xmlChar *)"hostname");
	ck_assert_ptr_nonnull(host);
	ck_assert_uint_gt(strlen((const char *)host), 0);
	xmlFree(host);
	xmlFreeDoc(doc);
}
END_TEST

/* Children in the order properties, test cases, system-out, system-err. */
START_TEST(test_report_junit_child_order)
{
	static const char *const order[] = {
		"properties", "testcase", "testcase", "testcase", "testcase",
		"testcase", "testcase", "system-out", "system-err"
	};
	xmlDocPtr doc;
	xmlNodePtr n;
	size_t i = 0;

	add_every_state();
	doc = write_junit();
	for (n = first_element(suite_of(doc)); n != NULL; n = next_element(n)) {
		ck_assert_uint_lt(i, ARRAY_LEN(order));
		ck_assert_str_eq((const char *)n->name, order[i]);
		i++;
	}
	ck_assert_uint_eq(i, ARRAY_LEN(order));
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_report_junit_properties_and_summary)
{
	xmlDocPtr doc;
	xmlNodePtr props, p, out;

	add_every_state();
	doc = write_junit();
	props = first_element(suite_of(doc));
	ck_assert(is_named(props, "properties"));
	p = first_element(props);
	ck_assert(is_named(p, "property"));
	assert_attr(p, "name", "evaluated_at");
	assert_attr(p, "value", "2026-03-22T08:15:00Z");
	p = next_element(p);
	ck_assert(is_named(p, "property"));
	assert_attr(p, "name", "version");
	assert_attr(p, "value", TEST_VERSION);

	for (out = props; out != NULL && !is_named(out, "system-out");
	    out = next_element(out))
		;
	ck_assert_ptr_nonnull(out);
	assert_text(out, "6 tenants: 1 critical, 1 warn, 1 healthy, "
	    "1 unknown, 1 error, 1 skipped\n"
	    "healthy: healthy: healthy\n"
	    "warn: Acme Retail UK, token 'Nightly connector': warn\n"
	    "critical: critical, token '-prod': critical\n"
	    "unknown: unknown: unknown\n"
	    "broken: broken: error\n"
	    "skipped: skipped: skipped\n");
	xmlFreeDoc(doc);
}
END_TEST

/* The outcome element of each state with --junit-fail-on warn. */
static const struct {
	const char *classname;
	const char *element;	/* NULL: the test case passes */
	const char *type;
	const char *message;	/* NULL: not checked */
} outcomes[] = {
	{ "ttlwatch.healthy", NULL, NULL, NULL },
	{ "ttlwatch.warn", "failure", "warn",
	    "expires in 4 days (2026-03-26T09:00:00Z)" },
	{ "ttlwatch.critical", "failure", "critical", NULL },
	{ "ttlwatch.unknown", "error", "unknown",
	    "expiry unknown: " NOTE_UNKNOWN },
	{ "ttlwatch.broken", "error", "error", NULL },
	{ "ttlwatch.skipped", "skipped", NULL, NULL },
};

START_TEST(test_report_junit_outcome_per_state)
{
	xmlDocPtr doc;
	xmlNodePtr tc, child;

	add_every_state();
	doc = write_junit();
	tc = testcase_of(doc, outcomes[_i].classname);
	assert_attr(tc, "name", "token expiry");
	assert_attr(tc, "time", "0.000");
	child = first_element(tc);
	if (outcomes[_i].element == NULL) {
		ck_assert_ptr_null(child);
	} else {
		ck_assert(is_named(child, outcomes[_i].element));
		ck_assert_ptr_null(next_element(child));
	}
	if (outcomes[_i].type != NULL)
		assert_attr(child, "type", outcomes[_i].type);
	if (outcomes[_i].message != NULL) {
		assert_attr(child, "message", outcomes[_i].message);
		assert_text(child, outcomes[_i].message);
	}
	xmlFreeDoc(doc);
}
END_TEST

/* The critical finding names the expiry, then the notes follow. */
START_TEST(test_report_junit_critical_message)
{
	xmlDocPtr doc;
	xmlNodePtr failure;
	xmlChar *message;

	add_every_state();
	doc = write_junit();
	failure = first_element(testcase_of(doc, "ttlwatch.critical"));
	message = xmlGetProp(failure, (const xmlChar *)"message");
	ck_assert_ptr_nonnull(message);
	ck_assert_int_eq(strncmp((const char *)message,
	    "expired at 2026-03-20T00:00:00Z: Atlassian reports", 50), 0);
	assert_text(failure, (const char *)message);
	xmlFree(message);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_report_junit_fail_on_critical)
{
	xmlDocPtr doc;

	add_every_state();
	ctx.junit_fail_on = STATE_CRITICAL;
	doc = write_junit();
	assert_attr(suite_of(doc), "failures", "1");
	assert_attr(suite_of(doc), "errors", "2");
	ck_assert_ptr_null(first_element(testcase_of(doc, "ttlwatch.warn")));
	ck_assert(is_named(first_element(testcase_of(doc,
	    "ttlwatch.critical")), "failure"));
	xmlFreeDoc(doc);
}
END_TEST

/* Characters XML 1.0 forbids, and bytes that are not UTF-8, become
 * U+FFFD wherever tenant text reaches the document. */
START_TEST(test_report_junit_replaces_forbidden_characters)
{
	struct tenant *t;
	struct buf xml;
	xmlDocPtr doc;
	xmlNodePtr failure, out;
	xmlChar *text;

	t = add_tenant("ci.conf", "[tenant]\nid = ci\nname = a\x01z\n[token]\n"
	    "kind = api-token\nlabel = ci\x1b" "bot\n"
	    "expires_at = 2026-03-26T09:00:00Z\n");
	ck_assert_str_eq(buf_str(&t->errors), "");
	evaluate_all();
	tenant_add_note(t, "label ci\x1b" "bot, name a\x01z, bytes \xff and "
	    "\xc3 end");

	buf_init(&xml);
	ck_assert(report_junit_write(&ctx, &xml));
	ck_assert_ptr_null(memchr(buf_str(&xml), 0x1b, xml.len));
	ck_assert_ptr_null(memchr(buf_str(&xml), 0x01, xml.len));
	ck_assert_ptr_null(memchr(buf_str(&xml), 0xff, xml.len));
	buf_release(&xml);

	doc = write_junit();
	failure = first_element(testcase_of(doc, "ttlwatch.ci"));
	ck_assert(is_named(failure, "failure"));
	assert_attr(failure, "message", "expires in 4 days "
	    "(2026-03-26T09:00:00Z): label ci" REPLACEMENT "bot, name a"
	    REPLACEMENT "z, bytes " REPLACEMENT " and " REPLACEMENT " end");
	assert_text(failure, "expires in 4 days (2026-03-26T09:00:00Z): label "
	    "ci" REPLACEMENT "bot, name a" REPLACEMENT "z, bytes " REPLACEMENT
	    " and " REPLACEMENT " end");

	/* The suite's output names each tenant and its token label. */
	for (out = first_element(suite_of(doc)); out != NULL &&
	    !is_named(out, "system-out"); out = next_element(out))
		;
	ck_assert_ptr_nonnull(out);
	text = xmlNodeGetContent(out);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr((const char *)text, "\nci: a" REPLACEMENT
	    "z, token 'ci" REPLACEMENT "bot': warn\n"));
	xmlFree(text);
	xmlFreeDoc(doc);
}
END_TEST

/* A file name with a control byte names a tenant without an id. */
START_TEST(test_report_junit_file_name_classname)
{
	xmlDocPtr doc;

	add_tenant("ci\x1b" "bot.conf", "[tenant]\nname = x\n[token]\n"
	    "kind = api-token\n");
	evaluate_all();
	doc = write_junit();
	(void)testcase_of(doc, "ttlwatch.ci" REPLACEMENT "bot");
	xmlFreeDoc(doc);
}
END_TEST

/* Times keep a '.' decimal point under a locale with a decimal comma. */
START_TEST(test_report_junit_time_in_comma_locale)
{
	xmlDocPtr doc;

	add_every_state();
	if (!use_comma_locale())
		return;		/* no such locale installed: nothing to check */
	doc = write_junit();
	(void)setlocale(LC_ALL, "C");
	assert_attr(suite_of(doc), "time", "0.000");
	assert_attr(testcase_of(doc, "ttlwatch.warn"), "time", "0.000");
	xmlFreeDoc(doc);
}
END_TEST

/* Shared wording */

static const struct {
	enum state state;
	bool	 has_expiry;
	int64_t	 days_left;
	const char *finding;
} findings[] = {
	{ STATE_HEALTHY, true, 12, "expires in 12 days (2026-03-26T09:00:00Z)" },
	{ STATE_WARN, true, 1, "expires in 1 day (2026-03-26T09:00:00Z)" },
	{ STATE_WARN, true, 0,
	    "expires in less than a day (2026-03-26T09:00:00Z)" },
	{ STATE_CRITICAL, true, -3, "expired at 2026-03-26T09:00:00Z" },
	{ STATE_CRITICAL, true, 0, "expired at 2026-03-26T09:00:00Z" },
	{ STATE_HEALTHY, false, 0, "never expires" },
	{ STATE_UNKNOWN, false, 0, "expiry unknown" },
	{ STATE_ERROR, false, 0, "invalid configuration" },
	{ STATE_SKIPPED, false, 0, "disabled" },
};

START_TEST(test_report_finding_wording)
{
	struct tenant *t = tenant_new("finding.conf");
	struct buf out;

	t->result.state = findings[_i].state;
	t->result.has_expiry = findings[_i].has_expiry;
	t->result.days_left = findings[_i].days_left;
	t->result.expires_at = testutil_instant("2026-03-26T09:00:00Z");
	buf_init(&out);
	report_finding(t, &out);
	ck_assert_str_eq(buf_str(&out), findings[_i].finding);
	buf_release(&out);
	tenant_free(t);
}
END_TEST

START_TEST(test_report_summary_wording)
{
	struct state_counts c;
	struct buf out;

	memset(&c, 0, sizeof(c));
	c.n[STATE_CRITICAL] = 1;
	c.n[STATE_WARN] = 2;
	c.n[STATE_HEALTHY] = 8;
	c.n[STATE_UNKNOWN] = 1;
	c.total = 12;
	buf_init(&out);
	report_summary(&c, &out);
	ck_assert_str_eq(buf_str(&out),
	    "12 tenants: 1 critical, 2 warn, 8 healthy, 1 unknown");
	buf_release(&out);

	memset(&c, 0, sizeof(c));
	c.n[STATE_HEALTHY] = 1;
	c.total = 1;
	buf_init(&out);
	report_summary(&c, &out);
	ck_assert_str_eq(buf_str(&out), "1 tenant: 1 healthy");
	buf_release(&out);
}
END_TEST

static const struct {
	enum token_kind kind;
	const char *site;
	const char *url;
} rotate_urls[] = {
	{ TOKEN_API, NULL, REPORT_CLOUD_ROTATE_URL },
	{ TOKEN_SCOPED_API, NULL, REPORT_CLOUD_ROTATE_URL },
	{ TOKEN_OAUTH_REFRESH, "https://acme.atlassian.net",
	    REPORT_CLOUD_ROTATE_URL },
	{ TOKEN_DC_PAT, "https://jira.example.com/",
	    "https://jira.example.com" REPORT_DC_ROTATE_PATH },
	{ TOKEN_DC_PAT, "https://jira.example.com/jira",
	    "https://jira.example.com/jira" REPORT_DC_ROTATE_PATH },
	{ TOKEN_DC_PAT, NULL, "" },
};

START_TEST(test_report_rotate_url_by_kind)
{
	struct tenant *t = tenant_new("rotate.conf");
	struct buf out;

	t->kind = rotate_urls[_i].kind;
	if (rotate_urls[_i].site != NULL)
		t->site = strdup(rotate_urls[_i].site);
	buf_init(&out);
	report_rotate_url(t, &out);
	ck_assert_str_eq(buf_str(&out), rotate_urls[_i].url);
	buf_release(&out);
	tenant_free(t);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc;

	tc = tcase_create("csv");
	testutil_add_fixtures(tc);
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_report_csv_header);
	tcase_add_test(tc, test_report_csv_warn_row);
	tcase_add_test(tc, test_report_csv_crlf_lines);
	tcase_add_loop_test(tc, test_report_csv_cells_per_state, 0,
	    (int)ARRAY_LEN(state_rows));
	tcase_add_test(tc, test_report_csv_negative_days_unguarded);
	tcase_add_test(tc, test_report_csv_error_row_notes);
	tcase_add_test(tc, test_report_csv_unreadable_id_uses_file_name);
	tcase_add_test(tc, test_report_csv_file_name_not_utf8);
	tcase_add_test(tc, test_report_csv_reported_value_normalised);
	tcase_add_test(tc, test_report_csv_formula_labels);
	tcase_add_loop_test(tc, test_report_csv_field_guard_and_quotes, 0,
	    (int)ARRAY_LEN(csv_fields));
	tcase_add_test(tc, test_report_csv_quotes_only_when_needed);
	tcase_add_test(tc, test_report_csv_numbers_in_comma_locale);
	suite_add_tcase(s, tc);

	tc = tcase_create("junit");
	testutil_add_fixtures(tc);
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_report_junit_root_has_no_attributes);
	tcase_add_test(tc, test_report_junit_suite_attributes);
	tcase_add_test(tc, test_report_junit_child_order);
	tcase_add_test(tc, test_report_junit_properties_and_summary);
	tcase_add_loop_test(tc, test_report_junit_outcome_per_state, 0,
	    (int)ARRAY_LEN(outcomes));
	tcase_add_test(tc, test_report_junit_critical_message);
	tcase_add_test(tc, test_report_junit_fail_on_critical);
	tcase_add_test(tc, test_report_junit_replaces_forbidden_characters);
	tcase_add_test(tc, test_report_junit_file_name_classname);
	tcase_add_test(tc, test_report_junit_time_in_comma_locale);
	suite_add_tcase(s, tc);

	tc = tcase_create("wording");
	tcase_add_loop_test(tc, test_report_finding_wording, 0,
	    (int)ARRAY_LEN(findings));
	tcase_add_test(tc, test_report_summary_wording);
	tcase_add_loop_test(tc, test_report_rotate_url_by_kind, 0,
	    (int)ARRAY_LEN(rotate_urls));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(report_suite());
}

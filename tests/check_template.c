/*
 * Unit tests for the template engine: values, escaping, sections over
 * lists, flags and texts, nesting, and every parse error with its line.
 * The data is a small tree of records described by the schema below.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "template.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define TEST_PATH	"t.html"

struct test_child {
	const char *label;
};

struct test_item {
	const char *name;
	const struct test_child *children;
	size_t	 nchildren;
};

struct test_data {
	const char *title;
	const char *empty;	/* always "" */
	bool	 flag;
	const struct test_item *items;
	size_t	 nitems;
};

static void
test_child_label(const void *record, struct buf *out)
{
	buf_adds(out, ((const struct test_child *)record)->label);
}

static void
test_item_name(const void *record, struct buf *out)
{
	buf_adds(out, ((const struct test_item *)record)->name);
}

static size_t
test_item_nchildren(const void *record)
{
	return ((const struct test_item *)record)->nchildren;
}

static const void *
test_item_child(const void *record, size_t i)
{
	return &((const struct test_item *)record)->children[i];
}

static void
test_title(const void *record, struct buf *out)
{
	buf_adds(out, ((const struct test_data *)record)->title);
}

static void
test_empty(const void *record, struct buf *out)
{
	buf_adds(out, ((const struct test_data *)record)->empty);
}

static bool
test_flag(const void *record)
{
	return ((const struct test_data *)record)->flag;
}

static size_t
test_nitems(const void *record)
{
	return ((const struct test_data *)record)->nitems;
}

static const void *
test_item(const void *record, size_t i)
{
	return &((const struct test_data *)record)->items[i];
}

static const struct template_field test_child_fields[] = {
	TEMPLATE_FIELD_TEXT("label", test_child_label),
};

static const struct template_schema test_child_schema = {
	test_child_fields, ARRAY_LEN(test_child_fields)
};

static const struct template_field test_item_fields[] = {
	TEMPLATE_FIELD_LIST("children", test_item_nchildren, test_item_child,
	    &test_child_schema),
	TEMPLATE_FIELD_TEXT("name", test_item_name),
};

static const struct template_schema test_item_schema = {
	test_item_fields, ARRAY_LEN(test_item_fields)
};

static const struct template_field test_fields[] = {
	TEMPLATE_FIELD_TEXT("empty", test_empty),
	TEMPLATE_FIELD_FLAG("flag", test_flag),
	TEMPLATE_FIELD_LIST("items", test_nitems, test_item,
	    &test_item_schema),
	TEMPLATE_FIELD_TEXT("title", test_title),
};

static const struct template_schema test_schema = {
	test_fields, ARRAY_LEN(test_fields)
};

static const struct test_child test_children_a[] = {
	{ "x" }, { "y" },
};

static const struct test_item test_items[] = {
	{ "a", test_children_a, ARRAY_LEN(test_children_a) },
	{ "b", NULL, 0 },
	{ "c", NULL, 0 },
};

/* Data with three items, the first of which has two children. */
static struct test_data
test_data_full(void)
{
	struct test_data d = { "World", "", true, test_items,
	    ARRAY_LEN(test_items) };

	return d;
}

static struct test_data
test_data_empty(void)
{
	struct test_data d = { "World", "", false, NULL, 0 };

	return d;
}

/* Parse text, which must be valid, render it from data and return the
 * output for the caller to free. */
static char *
test_render(const char *text, const struct test_data *data)
{
	struct template *tpl = NULL;
	struct buf err, out;
	bool ok;

	buf_init(&err);
	buf_init(&out);
	ok = template_parse(TEST_PATH, text, &test_schema, &tpl, &err);
	ck_assert_msg(ok, "template %s: %s", text, buf_str(&err));
	ck_assert_ptr_nonnull(tpl);
	template_render(tpl, data, &out);
	template_free(tpl);
	buf_release(&err);
	return buf_detach(&out);
}

static void
test_assert_renders(const char *text, const struct test_data *data,
    const char *expected)
{
	char *got = test_render(text, data);

	ck_assert_msg(strcmp(got, expected) == 0,
	    "template \"%s\": expected \"%s\", got \"%s\"", text, expected,
	    got);
	free(got);
}

static const struct {
	const char *text;
	const char *expected;
} value_cases[] = {
	{ "Hello {{title}}!", "Hello World!" },
	{ "Hello {{ title }}!", "Hello World!" },
	{ "{{title}}{{title}}", "WorldWorld" },
	{ "[{{empty}}]", "[]" },
	{ "no tags at all", "no tags at all" },
	{ "", "" },
	{ "a } b }} c { d", "a } b }} c { d" },
	{ "line 1\n{{#flag}}\n{{title}}\n{{/flag}}\n",
	    "line 1\n\nWorld\n\n" },
};

START_TEST(test_template_substitutes_values)
{
	struct test_data data = test_data_full();

	test_assert_renders(value_cases[_i].text, &data,
	    value_cases[_i].expected);
}
END_TEST

static const struct {
	const char *raw;
	const char *escaped;
} escape_cases[] = {
	{ "&", "&amp;" },
	{ "<", "&lt;" },
	{ ">", "&gt;" },
	{ "\"", "&quot;" },
	{ "'", "&#39;" },
	{ "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "Smith & \"Jones\" <it's>",
	    "Smith &amp; &quot;Jones&quot; &lt;it&#39;s&gt;" },
	{ "&amp;", "&amp;amp;" },
	{ "{{title}}", "{{title}}" },
	{ "K\xc5\x8dwhai M\xc3\xbcller", "K\xc5\x8dwhai M\xc3\xbcller" },
	{ "tab\tnew\nline\rreturn", "tab\tnew\nline\rreturn" },
	{ "bell\x07", "bell\xef\xbf\xbd" },
	{ "del\x7f", "del\xef\xbf\xbd" },
	{ "c1\xc2\x85", "c1\xef\xbf\xbd" },
	{ "bad\xff", "bad\xef\xbf\xbd" },
	{ "cut\xc5", "cut\xef\xbf\xbd" },
	{ "nonchar\xef\xbf\xbe", "nonchar\xef\xbf\xbd" },
	{ "nonchar\xef\xbf\xbf", "nonchar\xef\xbf\xbd" },
	{ "private\xef\xbf\xbd", "private\xef\xbf\xbd" },
	{ "", "" },
};

START_TEST(test_template_escapes_special_characters)
{
	struct buf out;

	buf_init(&out);
	template_escape(&out, escape_cases[_i].raw);
	ck_assert_str_eq(buf_str(&out), escape_cases[_i].escaped);
	buf_release(&out);
}
END_TEST

START_TEST(test_template_escapes_rendered_values)
{
	struct test_data data = test_data_empty();

	data.title = "<b title=\"x\">Tom & Jerry's</b>";
	test_assert_renders("<p title=\"{{title}}\">{{title}}</p>", &data,
	    "<p title=\"&lt;b title=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s"
	    "&lt;/b&gt;\">&lt;b title=&quot;x&quot;&gt;Tom &amp; "
	    "Jerry&#39;s&lt;/b&gt;</p>");
}
END_TEST

START_TEST(test_template_repeats_section_per_item)
{
	struct test_data data = test_data_full();

	test_assert_renders("{{#items}}[{{name}}]{{/items}}", &data,
	    "[a][b][c]");
}
END_TEST

START_TEST(test_template_shows_inverted_for_empty_list)
{
	struct test_data full = test_data_full();
	struct test_data empty = test_data_empty();
	const char *text = "{{#items}}{{name}}{{/items}}{{^items}}none"
	    "{{/items}}";

	test_assert_renders(text, &empty, "none");
	test_assert_renders(text, &full, "abc");
}
END_TEST

static const struct {
	const char *text;
	bool	 flag;
	const char *expected;
} flag_cases[] = {
	{ "{{#flag}}on{{/flag}}", true, "on" },
	{ "{{#flag}}on{{/flag}}", false, "" },
	{ "{{^flag}}off{{/flag}}", true, "" },
	{ "{{^flag}}off{{/flag}}", false, "off" },
	{ "{{#flag}}{{title}}{{/flag}}{{^flag}}-{{/flag}}", true, "World" },
	{ "{{#flag}}{{title}}{{/flag}}{{^flag}}-{{/flag}}", false, "-" },
};

START_TEST(test_template_shows_section_by_flag)
{
	struct test_data data = test_data_full();

	data.flag = flag_cases[_i].flag;
	test_assert_renders(flag_cases[_i].text, &data,
	    flag_cases[_i].expected);
}
END_TEST

static const struct {
	const char *text;
	const char *expected;
} text_section_cases[] = {
	{ "{{#title}}<{{title}}>{{/title}}", "<World>" },
	{ "{{^title}}none{{/title}}", "" },
	{ "{{#empty}}shown{{/empty}}", "" },
	{ "{{^empty}}none{{/empty}}", "none" },
};

START_TEST(test_template_shows_section_by_text)
{
	struct test_data data = test_data_full();

	test_assert_renders(text_section_cases[_i].text, &data,
	    text_section_cases[_i].expected);
}
END_TEST

START_TEST(test_template_nests_sections)
{
	struct test_data data = test_data_full();

	test_assert_renders("{{#items}}{{name}}:{{#children}}{{label}},"
	    "{{/children}}{{^children}}-{{/children}};{{/items}}", &data,
	    "a:x,y,;b:-;c:-;");
}
END_TEST

START_TEST(test_template_reads_outer_scopes)
{
	struct test_data data = test_data_full();

	test_assert_renders("{{#items}}{{#children}}{{title}}/{{name}}/"
	    "{{label}} {{/children}}{{/items}}", &data,
	    "World/a/x World/a/y ");
	test_assert_renders("{{#items}}{{#flag}}{{name}}{{/flag}}{{/items}}",
	    &data, "abc");
}
END_TEST

START_TEST(test_template_renders_parsed_template_twice)
{
	struct test_data data = test_data_full();
	struct template *tpl = NULL;
	struct buf err, first, second;

	buf_init(&err);
	buf_init(&first);
	buf_init(&second);
	ck_assert(template_parse(TEST_PATH, "{{#items}}{{name}}{{/items}}",
	    &test_schema, &tpl, &err));
	template_render(tpl, &data, &first);
	data.nitems = 1;
	template_render(tpl, &data, &second);
	ck_assert_str_eq(buf_str(&first), "abc");
	ck_assert_str_eq(buf_str(&second), "a");
	template_free(tpl);
	buf_release(&err);
	buf_release(&first);
	buf_release(&second);
}
END_TEST

static const struct {
	const char *text;
	const char *message;
} error_cases[] = {
	{ "a\n{{#items}}\nb\n",
	    "t.html:2: section 'items' is not closed" },
	{ "{{#items}}{{#children}}\n{{/children}}",
	    "t.html:1: section 'items' is not closed" },
	{ "\n{{/items}}",
	    "t.html:2: '{{/items}}' closes no open section" },
	{ "{{#items}}\n{{#flag}}\n{{/items}}{{/flag}}",
	    "t.html:3: '{{/items}}' does not close section 'flag' opened on "
	    "line 2" },
	{ "\n\n{{titel}}", "t.html:3: unknown name 'titel'" },
	{ "{{name}}", "t.html:1: unknown name 'name'" },
	{ "{{^items}}{{name}}{{/items}}", "t.html:1: unknown name 'name'" },
	{ "{{#items}}{{/items}}{{label}}", "t.html:1: unknown name 'label'" },
	{ "{{items}}", "t.html:1: 'items' is a list; use it as a section: "
	    "{{#items}}...{{/items}}" },
	{ "\n{{flag}}", "t.html:2: 'flag' is a flag; use it as a section: "
	    "{{#flag}}...{{/flag}}" },
	{ "x\n{{title", "t.html:2: '{{' has no closing '}}'" },
	{ "{{ title\n}}\n{{nope}}", "t.html:3: unknown name 'nope'" },
	{ "\n\n\n{{{title}}}", "t.html:4: unescaped output ({{{name}}} or "
	    "{{&name}}) is not supported; every value is HTML-escaped" },
	{ "{{& title}}", "t.html:1: unescaped output ({{{name}}} or "
	    "{{&name}}) is not supported; every value is HTML-escaped" },
	{ "{{}}", "t.html:1: invalid tag '{{}}'; expected {{name}}, "
	    "{{#name}}, {{^name}} or {{/name}} with a name of letters, "
	    "digits and _" },
	{ "\n{{! note }}", "t.html:2: invalid tag '{{! note }}'; expected "
	    "{{name}}, {{#name}}, {{^name}} or {{/name}} with a name of "
	    "letters, digits and _" },
	{ "{{ti tle}}", "t.html:1: invalid tag '{{ti tle}}'; expected "
	    "{{name}}, {{#name}}, {{^name}} or {{/name}} with a name of "
	    "letters, digits and _" },
	{ "{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}"
	    "{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}{{#flag}}"
	    "{{#flag}}{{#flag}}{{#flag}}",
	    "t.html:1: section 'flag' is nested deeper than 16 sections" },
};

START_TEST(test_template_reports_parse_error_line)
{
	struct template *tpl = NULL;
	struct buf err;
	bool ok;

	buf_init(&err);
	ok = template_parse(TEST_PATH, error_cases[_i].text, &test_schema,
	    &tpl, &err);
	ck_assert_msg(!ok, "template \"%s\" parsed", error_cases[_i].text);
	ck_assert_ptr_null(tpl);
	ck_assert_str_eq(buf_str(&err), error_cases[_i].message);
	buf_release(&err);
}
END_TEST

START_TEST(test_template_quotes_long_bad_tag)
{
	struct template *tpl = NULL;
	struct buf err;

	buf_init(&err);
	ck_assert(!template_parse(TEST_PATH, "{{ this is not a tag but a "
	    "long sentence inside braces }}", &test_schema, &tpl, &err));
	ck_assert_str_eq(buf_str(&err), "t.html:1: invalid tag '{{ this is "
	    "not a tag but a long sentence...'; expected {{name}}, {{#name}}, "
	    "{{^name}} or {{/name}} with a name of letters, digits and _");
	buf_release(&err);
}
END_TEST

static Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_template_substitutes_values, 0,
	    (int)ARRAY_LEN(value_cases));
	tcase_add_loop_test(tc, test_template_escapes_special_characters, 0,
	    (int)ARRAY_LEN(escape_cases));
	tcase_add_test(tc, test_template_escapes_rendered_values);
	tcase_add_test(tc, test_template_repeats_section_per_item);
	tcase_add_test(tc, test_template_shows_inverted_for_empty_list);
	tcase_add_loop_test(tc, test_template_shows_section_by_flag, 0,
	    (int)ARRAY_LEN(flag_cases));
	tcase_add_loop_test(tc, test_template_shows_section_by_text, 0,
	    (int)ARRAY_LEN(text_section_cases));
	tcase_add_test(tc, test_template_nests_sections);
	tcase_add_test(tc, test_template_reads_outer_scopes);
	tcase_add_test(tc, test_template_renders_parsed_template_twice);
	tcase_add_loop_test(tc, test_template_reports_parse_error_line, 0,
	    (int)ARRAY_LEN(error_cases));
	tcase_add_test(tc, test_template_quotes_long_bad_tag);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *runner = srunner_create(template_suite());
	int failed;

	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

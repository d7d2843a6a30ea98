/*
 * A small mustache-like template engine for designer-edited HTML.
 *
 *   {{name}}                   the value, HTML-escaped
 *   {{#name}}...{{/name}}      once per item of a list; once if a flag is
 *                              true or a text is not empty
 *   {{^name}}...{{/name}}      once if a list is empty, a flag false or a
 *                              text empty
 *
 * There is no unescaped insertion: every value is data, never markup.
 *
 * The caller describes its data with a schema, a table of named fields
 * whose functions produce the values. Every tag is checked against the
 * schema when the template is parsed, so a misspelt name fails with its
 * line even where the section it sits in would render nothing.
 */
#ifndef TTLWATCH_TEMPLATE_H
#define TTLWATCH_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Sections nested deeper than this are a parse error. */
#define TEMPLATE_MAX_DEPTH	16

enum template_type {
	TEMPLATE_TEXT,
	TEMPLATE_FLAG,
	TEMPLATE_LIST
};

struct template_schema;

/*
 * One name a template may use. The function for its type is called with
 * the record of the scope the field belongs to: the caller's top-level
 * data, or an item that the enclosing list's item function returned.
 */
struct template_field {
	const char *name;
	enum template_type type;
	/* TEMPLATE_TEXT: append the raw value; the engine escapes it. */
	void	(*text)(const void *record, struct buf *out);
	/* TEMPLATE_FLAG */
	bool	(*flag)(const void *record);
	/* TEMPLATE_LIST: the number of items, and item i's record. */
	size_t	(*count)(const void *record);
	const void *(*item)(const void *record, size_t i);
	const struct template_schema *items;	/* the fields of each item */
};

/* Table entries for each type of field. */
#define TEMPLATE_FIELD_TEXT(n, fn) \
	{ .name = (n), .type = TEMPLATE_TEXT, .text = (fn) }
#define TEMPLATE_FIELD_FLAG(n, fn) \
	{ .name = (n), .type = TEMPLATE_FLAG, .flag = (fn) }
#define TEMPLATE_FIELD_LIST(n, count_fn, item_fn, schema) \
	{ .name = (n), .type = TEMPLATE_LIST, .count = (count_fn), \
	  .item = (item_fn), .items = (schema) }

/* The fields of one scope. Inside a list's section, a name is looked up
 * among the item's fields first, then in the enclosing scopes. */
struct template_schema {
	const struct template_field *fields;
	size_t	 nfields;
};

struct template;

bool	 template_parse(const char *path, const char *text,
	    const struct template_schema *schema, struct template **out,
	    struct buf *err);
void	 template_render(const struct template *tpl, const void *record,
	    struct buf *out);
void	 template_free(struct template *tpl);
void	 template_escape(struct buf *out, const char *s);

#endif

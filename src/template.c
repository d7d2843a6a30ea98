/*
 * The template engine. A template is parsed once into a flat list of
 * nodes: literal text, values and sections, where a section node records
 * the index just past its body. Names are resolved against the schema at
 * parse time, so rendering has no error to report and may run many
 * times over the same parsed template.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "text.h"
#include "xalloc.h"

/* Maximum length of a tag's name, in bytes. */
#define TEMPLATE_NAME_MAX	64
/* How much of a bad tag an error message quotes. */
#define TEMPLATE_QUOTE_MAX	40

enum template_node_kind {
	TEMPLATE_NODE_TEXT,
	TEMPLATE_NODE_VALUE,
	TEMPLATE_NODE_SECTION,
	TEMPLATE_NODE_INVERTED
};

struct template_node {
	enum template_node_kind kind;
	const char *text;			/* TEXT: points into the copy */
	size_t	 len;
	const struct template_field *field;	/* VALUE and sections */
	size_t	 up;		/* list scopes between the tag and its field */
	size_t	 end;		/* sections: the node just past the body */
};

struct template {
	char	*text;		/* the template's own copy of its source */
	struct template_node *nodes;
	size_t	 len;
	size_t	 cap;
};

/* A section that is open while parsing. */
struct template_open {
	size_t	 node;
	long	 line;
	bool	 scoped;	/* a list: its items' fields are in scope */
};

struct template_parser {
	const char *path;
	struct template *tpl;
	const char *p;		/* the next character to read */
	long	 line;		/* the line p is on, from 1 */
	struct template_open open[TEMPLATE_MAX_DEPTH];
	size_t	 depth;
	const struct template_schema *scopes[TEMPLATE_MAX_DEPTH + 1];
	size_t	 nscopes;
	struct buf *err;
};

/* A tag split into its sigil and its name. */
struct template_tag {
	char	 sigil;		/* '#', '^', '/', or '\0' for a value */
	char	 name[TEMPLATE_NAME_MAX + 1];
	long	 line;
};

/* The record a tag's field is read from, with the scopes it is inside. */
struct template_scope {
	const void *record;
	const struct template_scope *parent;
};

/* Entities for the characters that can end a text or an attribute value
 * or start markup. The apostrophe uses a numeric reference because
 * &apos; is not defined in HTML 4, which some mail clients still parse. */
static const struct {
	char	 c;
	const char *entity;
} template_entities[] = {
	{ '"', "&quot;" },
	{ '&', "&amp;" },
	{ '\'', "&#39;" },
	{ '<', "&lt;" },
	{ '>', "&gt;" },
};

#define TEMPLATE_NENTITIES \
	(sizeof(template_entities) / sizeof(template_entities[0]))

static void template_error(struct template_parser *ps, long line,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
template_error(struct template_parser *ps, long line, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	buf_addf(ps->err, "%s:%ld: %s", ps->path, line, message);
}

static struct template_node *
template_add_node(struct template *tpl, enum template_node_kind kind)
{
	struct template_node *n;

	if (tpl->len == tpl->cap) {
		tpl->cap = tpl->cap ? tpl->cap * 2 : 32;
		tpl->nodes = xreallocarray(tpl->nodes, tpl->cap,
		    sizeof(*tpl->nodes));
	}
	n = &tpl->nodes[tpl->len++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static long
template_count_lines(const char *from, const char *to)
{
	long n = 0;

	for (; from < to; from++) {
		if (*from == '\n')
			n++;
	}
	return n;
}

/* Take the literal text up to end and move past it. */
static void
template_take_text(struct template_parser *ps, const char *end)
{
	struct template_node *n;

	if (end > ps->p) {
		n = template_add_node(ps->tpl, TEMPLATE_NODE_TEXT);
		n->text = ps->p;
		n->len = (size_t)(end - ps->p);
	}
	ps->line += template_count_lines(ps->p, end);
	ps->p = end;
}

static bool
template_name_char(int c)
{
	return text_is_alpha(c) || text_is_digit(c) || c == '_';
}

/* Quote the start of a bad tag for a message. */
static void
template_quote_tag(struct buf *out, const char *start, const char *end)
{
	struct buf raw;
	size_t len = (size_t)(end - start);

	buf_init(&raw);
	buf_add(&raw, start, len < TEMPLATE_QUOTE_MAX ? len :
	    TEMPLATE_QUOTE_MAX);
	if (len > TEMPLATE_QUOTE_MAX)
		buf_adds(&raw, "...");
	text_quote(out, buf_str(&raw));
	buf_release(&raw);
}

static bool
template_reject_tag(struct template_parser *ps, const char *start,
    const char *end, long line)
{
	struct buf quoted;

	buf_init(&quoted);
	template_quote_tag(&quoted, start, end);
	template_error(ps, line, "invalid tag %s; expected {{name}}, "
	    "{{#name}}, {{^name}} or {{/name}} with a name of letters, "
	    "digits and _", buf_str(&quoted));
	buf_release(&quoted);
	return false;
}

/* Split the inside of a tag, from start to end, into sigil and name. */
static bool
template_split_tag(struct template_parser *ps, const char *start,
    const char *end, struct template_tag *tag)
{
	const char *p = start + 2;
	size_t len = 0;

	while (p < end && text_is_space((unsigned char)*p))
		p++;
	if (p < end && (*p == '{' || *p == '&')) {
		template_error(ps, tag->line, "unescaped output ({{{name}}} "
		    "or {{&name}}) is not supported; every value is "
		    "HTML-escaped");
		return false;
	}
	tag->sigil = '\0';
	if (p < end && strchr("#^/", *p) != NULL)
		tag->sigil = *p++;
	while (p < end && text_is_space((unsigned char)*p))
		p++;
	while (p < end && template_name_char((unsigned char)*p) &&
	    len < TEMPLATE_NAME_MAX)
		tag->name[len++] = *p++;
	tag->name[len] = '\0';
	while (p < end && text_is_space((unsigned char)*p))
		p++;
	if (len == 0 || p != end)
		return template_reject_tag(ps, start, end + 2, tag->line);
	return true;
}

/* Find name in the innermost scope that has it; up counts the list
 * scopes climbed to reach it. */
static const struct template_field *
template_resolve(const struct template_parser *ps, const char *name,
    size_t *up)
{
	const struct template_schema *schema;
	size_t i;

	for (*up = 0; *up < ps->nscopes; (*up)++) {
		schema = ps->scopes[ps->nscopes - 1 - *up];
		for (i = 0; i < schema->nfields; i++) {
			if (strcmp(schema->fields[i].name, name) == 0)
				return &schema->fields[i];
		}
	}
	return NULL;
}

static const char *
template_type_name(enum template_type type)
{
	switch (type) {
	case TEMPLATE_TEXT:
		return "a value";
	case TEMPLATE_FLAG:
		return "a flag";
	case TEMPLATE_LIST:
		return "a list";
	}
	return "a value";
}

static bool
template_add_value(struct template_parser *ps, const struct template_tag *tag,
    const struct template_field *field, size_t up)
{
	struct template_node *n;

	if (field->type != TEMPLATE_TEXT) {
		template_error(ps, tag->line, "'%s' is %s; use it as a section: "
		    "{{#%s}}...{{/%s}}", tag->name,
		    template_type_name(field->type), tag->name, tag->name);
		return false;
	}
	n = template_add_node(ps->tpl, TEMPLATE_NODE_VALUE);
	n->field = field;
	n->up = up;
	return true;
}

static bool
template_open_section(struct template_parser *ps,
    const struct template_tag *tag, const struct template_field *field,
    size_t up)
{
	struct template_open *o;
	struct template_node *n;

	if (ps->depth == TEMPLATE_MAX_DEPTH) {
		template_error(ps, tag->line, "section '%s' is nested deeper "
		    "than %d sections", tag->name, TEMPLATE_MAX_DEPTH);
		return false;
	}
	n = template_add_node(ps->tpl, tag->sigil == '#' ?
	    TEMPLATE_NODE_SECTION : TEMPLATE_NODE_INVERTED);
	n->field = field;
	n->up = up;

	o = &ps->open[ps->depth++];
	o->node = ps->tpl->len - 1;
	o->line = tag->line;
	o->scoped = field->type == TEMPLATE_LIST && tag->sigil == '#';
	if (o->scoped)
		ps->scopes[ps->nscopes++] = field->items;
	return true;
}

static bool
template_close_section(struct template_parser *ps,
    const struct template_tag *tag)
{
	const struct template_open *o;
	const char *open_name;

	if (ps->depth == 0) {
		template_error(ps, tag->line, "'{{/%s}}' closes no open "
		    "section", tag->name);
		return false;
	}
	o = &ps->open[ps->depth - 1];
	open_name = ps->tpl->nodes[o->node].field->name;
	if (strcmp(open_name, tag->name) != 0) {
		template_error(ps, tag->line, "'{{/%s}}' does not close "
		    "section '%s' opened on line %ld", tag->name, open_name,
		    o->line);
		return false;
	}

	ps->tpl->nodes[o->node].end = ps->tpl->len;
	if (o->scoped)
		ps->nscopes--;
	ps->depth--;
	return true;
}

/* Parse the tag that starts at start and move past it. */
static bool
template_parse_tag(struct template_parser *ps, const char *start)
{
	const char *end = strstr(start + 2, "}}");
	const struct template_field *field;
	struct template_tag tag;
	size_t up = 0;

	tag.line = ps->line;
	if (end == NULL) {
		template_error(ps, tag.line, "'{{' has no closing '}}'");
		return false;
	}
	if (!template_split_tag(ps, start, end, &tag))
		return false;
	ps->line += template_count_lines(start, end);
	ps->p = end + 2;

	if (tag.sigil == '/')
		return template_close_section(ps, &tag);
	field = template_resolve(ps, tag.name, &up);
	if (field == NULL) {
		template_error(ps, tag.line, "unknown name '%s'", tag.name);
		return false;
	}
	if (tag.sigil == '\0')
		return template_add_value(ps, &tag, field, up);
	return template_open_section(ps, &tag, field, up);
}

static bool
template_parse_all(struct template_parser *ps)
{
	const char *start;
	const struct template_open *o;

	while ((start = strstr(ps->p, "{{")) != NULL) {
		template_take_text(ps, start);
		if (!template_parse_tag(ps, start))
			return false;
	}
	template_take_text(ps, ps->p + strlen(ps->p));

	if (ps->depth > 0) {
		o = &ps->open[ps->depth - 1];
		template_error(ps, o->line, "section '%s' is not closed",
		    ps->tpl->nodes[o->node].field->name);
		return false;
	}
	return true;
}

/*
 * Parse text, read from path, against schema. On success store a template
 * that the caller frees with template_free; on failure append
 * "PATH:LINE: message" to err and store NULL.
 */
bool
template_parse(const char *path, const char *text,
    const struct template_schema *schema, struct template **out,
    struct buf *err)
{
	struct template_parser ps;
	struct template *tpl = xcalloc(1, sizeof(*tpl));
	bool ok = false;

	*out = NULL;
	tpl->text = xstrdup(text);
	memset(&ps, 0, sizeof(ps));
	ps.path = path;
	ps.tpl = tpl;
	ps.p = tpl->text;
	ps.line = 1;
	ps.scopes[ps.nscopes++] = schema;
	ps.err = err;

	if (!template_parse_all(&ps))
		goto done;
	*out = tpl;
	tpl = NULL;
	ok = true;
done:
	template_free(tpl);
	return ok;
}

void
template_free(struct template *tpl)
{
	if (tpl == NULL)
		return;
	free(tpl->text);
	free(tpl->nodes);
	free(tpl);
}

static const char *
template_entity(char c)
{
	size_t i;

	for (i = 0; i < TEMPLATE_NENTITIES; i++) {
		if (template_entities[i].c == c)
			return template_entities[i].entity;
	}
	return NULL;
}

/* HTML forbids the control characters other than tab, LF and CR, DEL
 * included, and the noncharacters U+FFFE and U+FFFF. In UTF-8 the C1
 * controls U+0080 to U+009F are the two-byte sequences C2 80 to C2 9F. */
static bool
template_is_control(const unsigned char *p, size_t n)
{
	if (n == 1)
		return (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f;
	if (n == 3)
		return p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe;
	return n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

/*
 * Append s as HTML text that is also safe inside a quoted attribute:
 * & < > " ' become references, and control characters and bytes that
 * are not UTF-8 become U+FFFD.
 */
void
template_escape(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);
	const char *entity;

	while (avail > 0) {
		size_t n = text_utf8_sequence(p, avail);

		entity = n == 1 ? template_entity((char)*p) : NULL;
		if (n == 0 || template_is_control(p, n)) {
			buf_adds(out, "\xef\xbf\xbd");
			n = n == 0 ? 1 : n;
		} else if (entity != NULL) {
			buf_adds(out, entity);
		} else {
			buf_add(out, (const char *)p, n);
		}
		p += n;
		avail -= n;
	}
}

static const void *
template_record(const struct template_scope *scope, size_t up)
{
	while (up-- > 0 && scope->parent != NULL)
		scope = scope->parent;
	return scope->record;
}

static void template_render_nodes(const struct template *tpl, size_t begin,
    size_t end, const struct template_scope *scope, struct buf *out);

static void
template_render_value(const struct template_node *n,
    const struct template_scope *scope, struct buf *out)
{
	struct buf raw;

	buf_init(&raw);
	n->field->text(template_record(scope, n->up), &raw);
	template_escape(out, buf_str(&raw));
	buf_release(&raw);
}

/* Whether a flag is true or a text is not empty. */
static bool
template_truth(const struct template_field *field, const void *record)
{
	struct buf raw;
	bool truth;

	if (field->type == TEMPLATE_FLAG)
		return field->flag(record);
	buf_init(&raw);
	field->text(record, &raw);
	truth = raw.len > 0;
	buf_release(&raw);
	return truth;
}

static void
/* NOLINTNEXTLINE(misc-no-recursion): depth is at most TEMPLATE_MAX_DEPTH */
template_render_list(const struct template *tpl, size_t at,
    const struct template_scope *scope, struct buf *out)
{
	const struct template_node *n = &tpl->nodes[at];
	const struct template_field *field = n->field;
	const void *record = template_record(scope, n->up);
	size_t count = field->count(record);
	struct template_scope inner;
	size_t i;

	if (n->kind == TEMPLATE_NODE_INVERTED) {
		if (count == 0)
			template_render_nodes(tpl, at + 1, n->end, scope, out);
		return;
	}
	inner.parent = scope;
	for (i = 0; i < count; i++) {
		inner.record = field->item(record, i);
		template_render_nodes(tpl, at + 1, n->end, &inner, out);
	}
}

static void
/* NOLINTNEXTLINE(misc-no-recursion): depth is at most TEMPLATE_MAX_DEPTH */
template_render_section(const struct template *tpl, size_t at,
    const struct template_scope *scope, struct buf *out)
{
	const struct template_node *n = &tpl->nodes[at];
	bool visible;

	if (n->field->type == TEMPLATE_LIST) {
		template_render_list(tpl, at, scope, out);
		return;
	}
	visible = template_truth(n->field, template_record(scope, n->up));
	if (n->kind == TEMPLATE_NODE_INVERTED)
		visible = !visible;
	if (visible)
		template_render_nodes(tpl, at + 1, n->end, scope, out);
}

static void
/* NOLINTNEXTLINE(misc-no-recursion): depth is at most TEMPLATE_MAX_DEPTH */
template_render_nodes(const struct template *tpl, size_t begin, size_t end,
    const struct template_scope *scope, struct buf *out)
{
	const struct template_node *n;
	size_t i = begin;

	while (i < end) {
		n = &tpl->nodes[i];
		switch (n->kind) {
		case TEMPLATE_NODE_TEXT:
			buf_add(out, n->text, n->len);
			i++;
			break;
		case TEMPLATE_NODE_VALUE:
			template_render_value(n, scope, out);
			i++;
			break;
		case TEMPLATE_NODE_SECTION:
		case TEMPLATE_NODE_INVERTED:
			template_render_section(tpl, i, scope, out);
			i = n->end;
			break;
		}
	}
}

/* Append the template filled from record, the data of the schema it was
 * parsed against. */
void
template_render(const struct template *tpl, const void *record,
    struct buf *out)
{
	struct template_scope top = { record, NULL };

	template_render_nodes(tpl, 0, tpl->len, &top, out);
}

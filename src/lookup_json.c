/*
 * The response shapes:
 *   admin-api      {"data": [{"id", "label", "expiresAt", "status",
 *                   "user": {"email"}}], "links": {"next": CURSOR-OR-URL}}
 *   user-api       [{"id", "label", "expiry"}] (or {"data": [...]})
 *   dc-pat         [{"id", "name", "expiringAt"}]
 *   introspection  {"active": true, "exp": EPOCH-SECONDS}
 * An expiry is an ISO 8601 instant or epoch seconds or milliseconds;
 * null or absent means the token does not expire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "instant.h"
#include "lookup_json.h"
#include "xalloc.h"

void
lookup_items_release(struct lookup_items *items)
{
	size_t i;

	for (i = 0; i < items->len; i++) {
		free(items->v[i].id);
		free(items->v[i].label);
		free(items->v[i].email);
		free(items->v[i].status);
	}
	free(items->v);
	memset(items, 0, sizeof(*items));
}

static struct lookup_item *
lookup_items_add(struct lookup_items *items)
{
	if (items->len == items->cap) {
		items->cap = items->cap ? items->cap * 2 : 16;
		items->v = xreallocarray(items->v, items->cap,
		    sizeof(*items->v));
	}
	memset(&items->v[items->len], 0, sizeof(items->v[0]));
	return &items->v[items->len++];
}

/* The length of jansson's message without its " near '...'" part, which
 * quotes the body and so could repeat a secret a server echoed back. */
static int
lookup_json_reason_len(const char *text)
{
	const char *near = strstr(text, " near ");
	size_t len = near != NULL ? (size_t)(near - text) : strlen(text);

	return len > 200 ? 200 : (int)len;
}

static json_t *
lookup_json_load(const char *body, size_t len, struct buf *err)
{
	json_error_t error;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);

	if (root == NULL)
		buf_addf(err, "invalid JSON at line %d, column %d: %.*s",
		    error.line, error.column, lookup_json_reason_len(error.text),
		    error.text);
	return root;
}

/* A string member, or NULL when absent or not a string. */
static char *
lookup_json_string(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* An id that may be a string or an integer. */
static char *
lookup_json_id(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	char text[32];

	if (json_is_integer(v)) {
		snprintf(text, sizeof(text), "%lld",
		    (long long)json_integer_value(v));
		return xstrdup(text);
	}
	return lookup_json_string(obj, key);
}

static bool
lookup_json_expiry(const json_t *obj, const char *key,
    struct lookup_item *item, struct buf *err)
{
	const json_t *v = json_object_get(obj, key);
	const char *why = NULL;
	char digits[32];

	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		snprintf(digits, sizeof(digits), "%lld",
		    (long long)json_integer_value(v));
		if (instant_parse(digits, &item->expiry, &why)) {
			item->has_expiry = true;
			return true;
		}
	} else if (json_is_string(v) &&
	    instant_parse(json_string_value(v), &item->expiry, &why)) {
		item->has_expiry = true;
		return true;
	}
	buf_addf(err, "%s is not an instant%s%s", key, why != NULL ? ": " : "",
	    why != NULL ? why : "");
	return false;
}

/* Fill out from each object of array; keys name the fields to read. */
static bool
lookup_json_items(const json_t *array, const char *label_key,
    const char *expiry_key, struct lookup_items *out, struct buf *err)
{
	size_t i;
	const json_t *obj;

	json_array_foreach(array, i, obj) {
		struct lookup_item *item;

		if (!json_is_object(obj)) {
			buf_addf(err, "item %zu of the token list is not an "
			    "object", i + 1);
			return false;
		}
		item = lookup_items_add(out);
		item->id = lookup_json_id(obj, "id");
		item->label = lookup_json_string(obj, label_key);
		item->status = lookup_json_string(obj, "status");
		item->email = lookup_json_string(json_object_get(obj, "user"),
		    "email");
		if (!lookup_json_expiry(obj, expiry_key, item, err))
			return false;
	}
	return true;
}

/* The token list: the top-level array, or the "data" member's. */
static const json_t *
lookup_json_list(const json_t *root, struct buf *err)
{
	const json_t *data = json_is_array(root) ? root :
	    json_object_get(root, "data");

	if (!json_is_array(data))
		buf_addf(err, "expected a list of tokens (an array, or an "
		    "object with a data array)");
	return json_is_array(data) ? data : NULL;
}

static bool
lookup_json_parse_list(const char *body, size_t len, const char *label_key,
    const char *expiry_key, struct lookup_items *out, struct buf *err)
{
	json_t *root = lookup_json_load(body, len, err);
	const json_t *list;
	bool ok = false;

	if (root == NULL)
		return false;
	list = lookup_json_list(root, err);
	if (list != NULL)
		ok = lookup_json_items(list, label_key, expiry_key, out, err);
	json_decref(root);
	return ok;
}

/* One page of the organization's API tokens; *next is the next page's
 * cursor or URL, or NULL on the last page. */
bool
lookup_json_admin_page(const char *body, size_t len,
    struct lookup_items *out, char **next, struct buf *err)
{
	json_t *root = lookup_json_load(body, len, err);
	const json_t *list;
	bool ok = false;

	*next = NULL;
	if (root == NULL)
		return false;
	list = json_is_object(root) ? json_object_get(root, "data") : NULL;
	if (!json_is_array(list)) {
		buf_addf(err, "expected an object with a data array");
	} else {
		ok = lookup_json_items(list, "label", "expiresAt", out, err);
		*next = lookup_json_string(json_object_get(root, "links"),
		    "next");
		if (*next != NULL && **next == '\0') {
			free(*next);
			*next = NULL;
		}
	}
	json_decref(root);
	return ok;
}

bool
lookup_json_user_tokens(const char *body, size_t len,
    struct lookup_items *out, struct buf *err)
{
	return lookup_json_parse_list(body, len, "label", "expiry", out, err);
}

bool
lookup_json_dc_tokens(const char *body, size_t len, struct lookup_items *out,
    struct buf *err)
{
	return lookup_json_parse_list(body, len, "name", "expiringAt", out,
	    err);
}

/* RFC 7662: "active" is required; "exp" is optional epoch seconds. */
bool
lookup_json_introspection(const char *body, size_t len, bool *active,
    bool *has_exp, int64_t *exp, struct buf *err)
{
	json_t *root = lookup_json_load(body, len, err);
	const json_t *a, *e;
	bool ok = false;

	if (root == NULL)
		return false;
	a = json_object_get(root, "active");
	e = json_object_get(root, "exp");
	if (!json_is_boolean(a)) {
		buf_addf(err, "the introspection answer has no boolean "
		    "\"active\"");
	} else if (e != NULL && !json_is_null(e) && (!json_is_integer(e) ||
	    json_integer_value(e) < 0 || json_integer_value(e) > INSTANT_MAX)) {
		buf_addf(err, "\"exp\" is not epoch seconds");
	} else {
		*active = json_is_true(a);
		*has_exp = json_is_integer(e);
		*exp = *has_exp ? (int64_t)json_integer_value(e) : 0;
		ok = true;
	}
	json_decref(root);
	return ok;
}

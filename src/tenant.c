/* Tenants, tenant lists and the names of their enumerations. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "tenant.h"
#include "xalloc.h"

static const char *const token_kind_names[] = {
	[TOKEN_UNSET] = "",
	[TOKEN_API] = "api-token",
	[TOKEN_SCOPED_API] = "scoped-api-token",
	[TOKEN_OAUTH_REFRESH] = "oauth-refresh",
	[TOKEN_DC_PAT] = "dc-pat",
};

static const char *const state_names[] = {
	[STATE_HEALTHY] = "healthy",
	[STATE_WARN] = "warn",
	[STATE_CRITICAL] = "critical",
	[STATE_UNKNOWN] = "unknown",
	[STATE_ERROR] = "error",
	[STATE_SKIPPED] = "skipped",
};

static const char *const expiry_source_names[] = {
	[SOURCE_NONE] = "",
	[SOURCE_CONFIG] = "config",
	[SOURCE_OAUTH_ABSOLUTE] = "oauth-absolute",
	[SOURCE_OAUTH_INACTIVITY] = "oauth-inactivity",
	[SOURCE_ATLASSIAN_REPORTED] = "atlassian-reported",
	[SOURCE_ADMIN_API] = "admin-api",
	[SOURCE_USER_API] = "user-api",
	[SOURCE_DC_PAT] = "dc-pat",
	[SOURCE_INTROSPECTION] = "introspection",
};

static const char *const lookup_type_names[] = {
	[LOOKUP_NONE] = "",
	[LOOKUP_ADMIN_API] = "admin-api",
	[LOOKUP_USER_API] = "user-api",
	[LOOKUP_DC_PAT] = "dc-pat",
	[LOOKUP_INTROSPECTION] = "introspection",
	[LOOKUP_PROBE] = "probe",
};

static const char *const reconciliation_names[] = {
	[RECON_NOT_REPORTED] = "not-reported",
	[RECON_ATLASSIAN_ONLY] = "atlassian-only",
	[RECON_MATCH] = "match",
	[RECON_TIMEZONE_SHIFT] = "timezone-shift",
	[RECON_ATLASSIAN_EARLIER] = "atlassian-earlier",
	[RECON_ATLASSIAN_LATER] = "atlassian-later",
};

/* The file's name without its directory and ".conf", to name a tenant
 * whose id could not be read. */
static char *
tenant_file_id(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".conf") == 0)
		len -= 5;
	return xstrndup(base, len);
}

/* Allocate a tenant read from path; the caller frees it with tenant_free. */
struct tenant *
tenant_new(const char *path)
{
	struct tenant *t = xcalloc(1, sizeof(*t));

	t->path = xstrdup(path);
	t->file_id = tenant_file_id(path);
	t->enabled = true;
	buf_init(&t->errors);
	buf_init(&t->result.notes);
	buf_init(&t->lookup.note);
	return t;
}

void
reported_release(struct reported *r)
{
	free(r->zone);
	free(r->label);
	free(r->origin);
	memset(r, 0, sizeof(*r));
}

static void
lookup_config_release(struct lookup_config *c)
{
	free(c->url);
	free(c->org_id);
	free(c->account_id);
	free(c->email);
	free(c->token_id);
	free(c->secret_file);
	free(c->secret_env);
	free(c->client_id);
	free(c->client_secret_file);
	free(c->ca_file);
	memset(c, 0, sizeof(*c));
}

void
tenant_free(struct tenant *t)
{
	if (t == NULL)
		return;
	free(t->path);
	free(t->file_id);
	free(t->id);
	free(t->name);
	free(t->zone);
	free(t->contacts);
	free(t->label);
	free(t->site);
	reported_release(&t->reported);
	lookup_config_release(&t->source);
	buf_release(&t->lookup.note);
	buf_release(&t->errors);
	buf_release(&t->result.notes);
	free(t);
}

bool
tenant_has_error(const struct tenant *t)
{
	return t->errors.len > 0;
}

static void
tenant_record_error(struct tenant *t, const char *message)
{
	msg_warn("%s", message);
	if (t->errors.len > 0)
		buf_adds(&t->errors, "; ");
	buf_adds(&t->errors, message);
}

/* Record a problem that makes t an error row, and print it. */
void
tenant_error(struct tenant *t, const char *fmt, ...)
{
	struct buf msg;
	va_list ap;

	buf_init(&msg);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	tenant_record_error(t, buf_str(&msg));
	buf_release(&msg);
}

/* tenant_error() for a place in t's file: "FILE:LINE: message", or
 * "FILE: message" when line is 0. */
void
tenant_error_at(struct tenant *t, long line, const char *fmt, ...)
{
	struct buf msg;
	va_list ap;

	buf_init(&msg);
	if (line > 0)
		buf_addf(&msg, "%s:%ld: ", t->path, line);
	else
		buf_addf(&msg, "%s: ", t->path);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	tenant_record_error(t, buf_str(&msg));
	buf_release(&msg);
}

void
tenant_add_note(struct tenant *t, const char *note)
{
	if (t->result.notes.len > 0)
		buf_adds(&t->result.notes, "; ");
	buf_adds(&t->result.notes, note);
}

/* The zone the tenant's owner sees Atlassian's pages in; UTC by default. */
const char *
tenant_zone(const struct tenant *t)
{
	return t->zone != NULL ? t->zone : "UTC";
}

/* The id, or for a file whose id could not be read, its name without
 * the directory and ".conf". */
const char *
tenant_display_id(const struct tenant *t)
{
	return t->id != NULL ? t->id : t->file_id;
}

const char *
tenant_display_name(const struct tenant *t)
{
	if (t->name != NULL)
		return t->name;
	return tenant_display_id(t);
}

void
tenant_list_init(struct tenant_list *list)
{
	list->items = NULL;
	list->len = 0;
	list->cap = 0;
}

void
tenant_list_release(struct tenant_list *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		tenant_free(list->items[i]);
	free(list->items);
	tenant_list_init(list);
}

/* Append t; the list owns it from now on. */
void
tenant_list_add(struct tenant_list *list, struct tenant *t)
{
	if (list->len == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap,
		    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
		    sizeof(*list->items));
	}
	list->items[list->len++] = t;
}

struct tenant *
tenant_list_find(const struct tenant_list *list, const char *id)
{
	size_t i;

	for (i = 0; i < list->len; i++) {
		if (list->items[i]->id != NULL &&
		    strcmp(list->items[i]->id, id) == 0)
			return list->items[i];
	}
	return NULL;
}

const char *
token_kind_name(enum token_kind kind)
{
	return token_kind_names[kind];
}

/* The index of s in names[first..last], or -1. */
static int
tenant_name_index(const char *const *names, int first, int last,
    const char *s)
{
	int i;

	for (i = first; i <= last; i++) {
		if (strcmp(s, names[i]) == 0)
			return i;
	}
	return -1;
}

bool
token_kind_parse(const char *s, enum token_kind *out)
{
	int i = tenant_name_index(token_kind_names, TOKEN_API, TOKEN_DC_PAT, s);

	if (i < 0)
		return false;
	*out = (enum token_kind)i;
	return true;
}

/* Whether the token belongs to Atlassian Cloud rather than Data Center. */
bool
token_kind_is_cloud(enum token_kind kind)
{
	return kind == TOKEN_API || kind == TOKEN_SCOPED_API ||
	    kind == TOKEN_OAUTH_REFRESH;
}

const char *
state_name(enum state s)
{
	return state_names[s];
}

const char *
expiry_source_name(enum expiry_source s)
{
	return expiry_source_names[s];
}

const char *
reconciliation_name(enum reconciliation r)
{
	return reconciliation_names[r];
}

const char *
lookup_type_name(enum lookup_type type)
{
	return lookup_type_names[type];
}

bool
lookup_type_parse(const char *s, enum lookup_type *out)
{
	int i = tenant_name_index(lookup_type_names, LOOKUP_ADMIN_API,
	    LOOKUP_PROBE, s);

	if (i < 0)
		return false;
	*out = (enum lookup_type)i;
	return true;
}

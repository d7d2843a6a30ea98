/*
 * Live lookups. Every tenant with a [source] gets one request, except that
 * the tenants of one organization share one admin-api listing, fetched
 * page by page. Each response becomes a verdict in t->lookup, and
 * lookup_apply() turns a found expiry into the reported value that
 * reconciliation uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instant.h"
#include "lookup.h"
#include "lookup_group.h"
#include "lookup_json.h"
#include "lookup_request.h"
#include "msg.h"
#include "secret.h"
#include "text.h"
#include "xalloc.h"

/* Record the verdict of t's lookup with the note that explains it. A
 * failure is also printed, because it is caught here and not raised. */
void
lookup_verdict(struct tenant *t, enum lookup_verdict v, const char *fmt, ...)
{
	va_list ap;

	t->lookup.verdict = v;
	buf_reset(&t->lookup.note);
	va_start(ap, fmt);
	buf_vaddf(&t->lookup.note, fmt, ap);
	va_end(ap);
	if (v == LOOKUP_FAILED)
		msg_warn("%s: %s", t->path, buf_str(&t->lookup.note));
}

void
lookup_progress(struct lookup_ctx *ctx)
{
	ctx->done++;
	msg_progress(ctx->done, ctx->total, "tenants looked up");
}

/* Describe a request that brought no usable response. */
static void
lookup_failure_words(const struct http_request *req, char *out, size_t size)
{
	if (req->failure == HTTP_OK)
		snprintf(out, size, "HTTP %ld", req->status);
	else if (http_waits_too_long(req))
		snprintf(out, size, "%s: Atlassian asked to wait %ld s%s, more "
		    "than the %d s ttlwatch waits", http_failure_text(req),
		    req->retry_after, req->retry_after >= 1000000 ? " or more" :
		    "", HTTP_RETRY_AFTER_CAP);
	else if (req->failure == HTTP_SERVER_ERROR ||
	    req->failure == HTTP_RATE_LIMITED)
		snprintf(out, size, "%s (HTTP %ld) after %d attempts",
		    http_failure_text(req), req->status, req->attempts);
	else if (req->failure == HTTP_TIMEOUT)
		snprintf(out, size, "timed out after %d attempts",
		    req->attempts);
	else if (req->error[0] != '\0')
		snprintf(out, size, "%s: %s", http_failure_text(req),
		    req->error);
	else
		snprintf(out, size, "%s", http_failure_text(req));
}

/* A response that is not a 200: a verdict for some statuses, else a
 * failure that falls back to the offline figures. */
void
lookup_status_verdict(struct tenant *t, const struct http_request *req)
{
	const char *type = lookup_type_name(t->source.type);
	bool admin = t->source.type == LOOKUP_ADMIN_API ||
	    t->source.type == LOOKUP_USER_API;
	char words[384];

	if (req->failure == HTTP_OK && req->status == 401 &&
	    (t->source.type == LOOKUP_DC_PAT || t->source.type == LOOKUP_PROBE))
		lookup_verdict(t, LOOKUP_REVOKED, "Atlassian rejected the "
		    "token (HTTP 401): it has expired or been revoked, so "
		    "rotate it now");
	else if (req->failure == HTTP_OK && admin &&
	    (req->status == 401 || req->status == 403))
		lookup_verdict(t, LOOKUP_UNVOUCHED, "Atlassian rejected the "
		    "organization admin API key (HTTP %ld), so the token "
		    "could not be checked (the tenant's token may be fine): "
		    "fix the key in [source]", req->status);
	else if (req->failure == HTTP_OK && req->status == 401)
		lookup_verdict(t, LOOKUP_UNVOUCHED, "the introspection "
		    "endpoint rejected the client credentials (HTTP 401): "
		    "fix client_id or client_secret_file");
	else {
		lookup_failure_words(req, words, sizeof(words));
		lookup_verdict(t, LOOKUP_FAILED, "the live %s lookup failed "
		    "(%s)", type, words);
	}
}

/* Whether a status from the server is a short plain word, such as
 * ACTIVE, that may go into a note as it is. */
static bool
lookup_status_plain(const char *status)
{
	size_t i;

	for (i = 0; status[i] != '\0'; i++) {
		if (i >= 32 || !(text_is_alpha((unsigned char)status[i]) ||
		    status[i] == '_' || status[i] == '-'))
			return false;
	}
	return i > 0;
}

static void
lookup_note_item(struct tenant *t, const struct lookup_item *item)
{
	const char *type = lookup_type_name(t->source.type);
	char when[INSTANT_BUFSZ];

	if (!item->has_expiry) {
		lookup_verdict(t, LOOKUP_NEVER, "Atlassian (%s) lists the "
		    "token without an expiry: it never expires", type);
		return;
	}
	if (item->status != NULL && (text_equal_nocase(item->status,
	    "EXPIRED") || text_equal_nocase(item->status, "REVOKED"))) {
		lookup_verdict(t, LOOKUP_REVOKED, "Atlassian (%s) lists the "
		    "token with status %s, so rotate it now", type,
		    text_equal_nocase(item->status, "EXPIRED") ? "EXPIRED" :
		    "REVOKED");
		return;
	}
	instant_format(item->expiry, when);
	lookup_verdict(t, LOOKUP_FOUND, "Atlassian (%s) lists the token as "
	    "expiring at %s", type, when);
	t->lookup.expiry = item->expiry;
	if (item->status != NULL && lookup_status_plain(item->status)) {
		buf_adds(&t->lookup.note, " with status ");
		text_quote(&t->lookup.note, item->status);
	} else if (item->status != NULL) {
		buf_adds(&t->lookup.note, " with a status that is not a plain "
		    "word");
	}
}

static bool
lookup_item_matches(const struct tenant *t, const struct lookup_item *item)
{
	const struct lookup_config *s = &t->source;

	if (s->type == LOOKUP_DC_PAT && s->token_id != NULL)
		return item->id != NULL && strcmp(item->id, s->token_id) == 0;
	if (item->label == NULL || t->label == NULL ||
	    strcmp(item->label, t->label) != 0)
		return false;
	if (s->type == LOOKUP_ADMIN_API && s->email != NULL)
		return item->email != NULL &&
		    text_equal_nocase(item->email, s->email);
	return true;
}

/* Pick t's token from a listing: exactly one must match. */
void
lookup_match(struct tenant *t, const struct lookup_items *items)
{
	const struct lookup_item *found = NULL;
	size_t i, matches = 0;
	const char *by = t->source.token_id != NULL ? "with id" : "labelled";
	const char *what = t->source.token_id != NULL ? t->source.token_id :
	    t->label;

	for (i = 0; i < items->len; i++) {
		if (lookup_item_matches(t, &items->v[i])) {
			found = &items->v[i];
			matches++;
		}
	}
	if (matches == 1)
		lookup_note_item(t, found);
	else if (matches == 0)
		lookup_verdict(t, LOOKUP_UNVOUCHED, "Atlassian lists no token "
		    "%s '%s' among %zu, so the connector's figure cannot be "
		    "trusted: check the label or whether the token was "
		    "deleted", by, what, items->len);
	else
		lookup_verdict(t, LOOKUP_UNVOUCHED, "Atlassian lists %zu tokens "
		    "%s '%s': set email (admin-api) or token_id (dc-pat) in "
		    "[source] to pick one", matches, by, what);
}


/* Read a 200 response to t's own request by its type. */
static void
lookup_read_answer(struct tenant *t, const struct http_request *req)
{
	struct lookup_items items = { NULL, 0, 0 };
	struct buf err;
	bool active = false, has_exp = false, ok;
	int64_t exp = 0;

	buf_init(&err);
	if (t->source.type == LOOKUP_INTROSPECTION)
		ok = lookup_json_introspection(req->body.data, req->body.len,
		    &active, &has_exp, &exp, &err);
	else if (t->source.type == LOOKUP_USER_API)
		ok = lookup_json_user_tokens(req->body.data, req->body.len,
		    &items, &err);
	else if (t->source.type == LOOKUP_DC_PAT)
		ok = lookup_json_dc_tokens(req->body.data, req->body.len,
		    &items, &err);
	else
		ok = true;	/* probe: a 200 is the whole finding */

	if (!ok)
		lookup_verdict(t, LOOKUP_FAILED, "the live %s lookup failed "
		    "(the answer is not usable: %s)",
		    lookup_type_name(t->source.type), buf_str(&err));
	else if (t->source.type == LOOKUP_PROBE)
		lookup_verdict(t, LOOKUP_ALIVE, "the token works (probe "
		    "answered HTTP 200), which proves only that it is alive");
	else if (t->source.type != LOOKUP_INTROSPECTION)
		lookup_match(t, &items);
	else if (!active)
		lookup_verdict(t, LOOKUP_REVOKED, "Atlassian reports the token "
		    "inactive (introspection): it has expired or been "
		    "revoked, so rotate it now");
	else if (has_exp) {
		struct lookup_item item = { NULL, NULL, NULL, NULL, true, exp };

		lookup_note_item(t, &item);
	} else
		lookup_verdict(t, LOOKUP_ALIVE, "Atlassian reports the token "
		    "active (introspection) but gives no expiry");
	lookup_items_release(&items);
	buf_release(&err);
}

static void
lookup_on_tenant(struct http_request *req)
{
	struct lookup_call *call = req->user;
	struct tenant *t = call->tenant;

	if (req->failure == HTTP_OK && req->status == 200)
		lookup_read_answer(t, req);
	else
		lookup_status_verdict(t, req);
	lookup_progress(call->ctx);
	free(call);
}


/* Read the tenant's credential; a failure makes the tenant an error row,
 * because it is a problem of its configuration. */
char *
lookup_secret(struct tenant *t, const char *key, const char *file,
    const char *env)
{
	struct buf err;
	char *secret;

	buf_init(&err);
	if (file != NULL)
		secret = secret_read_file(file, key, &err);
	else if (env != NULL)
		secret = secret_from_env(env, &err);
	else
		secret = NULL;	/* config_check() requires one of them */
	if (secret == NULL)
		tenant_error_at(t, 0, "%s", buf_str(&err));
	buf_release(&err);
	return secret;
}


/* Add client authentication to an introspection request. */
static bool
lookup_client_auth(struct tenant *t, struct http_request *req)
{
	char *client_secret;

	if (t->source.client_id == NULL)
		return true;
	client_secret = lookup_secret(t, "client_secret_file",
	    t->source.client_secret_file, NULL);
	if (client_secret == NULL)
		return false;
	req->basic_user = xstrdup(t->source.client_id);
	req->basic_pass = client_secret;
	return true;
}

static const char *
lookup_path(enum lookup_type type)
{
	switch (type) {
	case LOOKUP_DC_PAT:
		return "/rest/pat/latest/tokens";
	case LOOKUP_PROBE:
		return "/rest/api/3/myself";
	default:
		return "";
	}
}

/* Queue t's request; false when its client secret could not be read. */
static bool
lookup_tenant_request(struct lookup_ctx *ctx, struct tenant *t, char *secret)
{
	struct lookup_call *call;
	struct http_request *req;
	struct buf path;
	char *url;

	buf_init(&path);
	if (t->source.type == LOOKUP_USER_API) {
		buf_adds(&path, "/users/");
		lookup_url_escape(&path, t->source.account_id);
		buf_adds(&path, "/manage/api-tokens");
	} else {
		buf_adds(&path, lookup_path(t->source.type));
	}
	url = lookup_url_join(lookup_base_url(t), buf_str(&path));
	req = lookup_request_new(t, url, secret);
	free(url);
	buf_release(&path);
	secret_free(secret);
	if (!lookup_client_auth(t, req)) {
		http_request_free(req);
		return false;
	}
	call = xcalloc(1, sizeof(*call));
	call->ctx = ctx;
	call->tenant = t;
	req->user = call;
	req->done = lookup_on_tenant;
	http_engine_add(ctx->engine, req);
	return true;
}

static bool
lookup_wanted(const struct tenant *t)
{
	return t->enabled && !tenant_has_error(t) &&
	    t->source.type != LOOKUP_NONE &&
	    t->kind != TOKEN_OAUTH_REFRESH;
}

static void
lookup_prepare(struct lookup_ctx *ctx, struct tenant_list *tenants)
{
	size_t i;

	for (i = 0; i < tenants->len; i++) {
		struct tenant *t = tenants->items[i];
		char *secret;

		if (!lookup_wanted(t))
			continue;
		secret = lookup_secret(t, "secret_file", t->source.secret_file,
		    t->source.secret_env);
		if (secret == NULL)
			continue;
		if (t->source.type == LOOKUP_ADMIN_API) {
			lookup_group_join(ctx, t, secret);
			ctx->total++;
		} else if (lookup_tenant_request(ctx, t, secret)) {
			ctx->total++;
		}
	}
	for (i = 0; i < ctx->ngroups; i++)
		lookup_group_request(ctx, ctx->groups[i],
		    lookup_group_url(ctx->groups[i]));
}


/*
 * Look up every tenant that has a [source], at most jobs at a time.
 * Returns false only if the HTTP engine itself could not run; each
 * tenant's outcome is in its lookup member.
 */
bool
lookup_run(struct tenant_list *tenants, int jobs, struct http_stats *stats)
{
	struct lookup_ctx ctx;
	bool ok;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	memset(stats, 0, sizeof(*stats));
	ctx.engine = http_engine_new(jobs);
	if (ctx.engine == NULL)
		return false;
	lookup_prepare(&ctx, tenants);
	ok = http_engine_run(ctx.engine);
	*stats = http_engine_stats(ctx.engine);
	http_engine_free(ctx.engine);
	for (i = 0; i < ctx.ngroups; i++)
		lookup_group_free(ctx.groups[i]);
	free(ctx.groups);
	return ok;
}

/*
 * Make a live response the reported value that reconciliation compares with
 * the connector's figure, because it is newer than any offline one: a
 * found expiry becomes an instant, "no expiry" replaces the offline value
 * with "never". Other verdicts are read by the evaluation itself.
 */
void
lookup_apply(struct tenant *t, int64_t now)
{
	struct reported *r = &t->reported;
	static const enum expiry_source via[] = {
		[LOOKUP_NONE] = SOURCE_NONE,
		[LOOKUP_ADMIN_API] = SOURCE_ADMIN_API,
		[LOOKUP_USER_API] = SOURCE_USER_API,
		[LOOKUP_DC_PAT] = SOURCE_DC_PAT,
		[LOOKUP_INTROSPECTION] = SOURCE_INTROSPECTION,
		[LOOKUP_PROBE] = SOURCE_NONE,
	};

	if (t->lookup.verdict != LOOKUP_FOUND &&
	    t->lookup.verdict != LOOKUP_NEVER)
		return;
	reported_release(r);
	r->never = t->lookup.verdict == LOOKUP_NEVER;
	r->set = !r->never;
	r->is_date = false;
	r->instant = t->lookup.expiry;
	r->reported_at.set = true;
	r->reported_at.t = now;
	r->via = via[t->source.type];
	r->origin = xstrdup(lookup_type_name(t->source.type));
}

/*
 * admin-api listings. One listing serves every tenant of an organization
 * that uses the same admin key, trust anchors and timeout. It is fetched
 * page by page through links.next, which is either a cursor or a URL on
 * the listing's own host. A repeated or endless chain is rejected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "lookup_group.h"
#include "lookup_request.h"
#include "secret.h"
#include "xalloc.h"

/* One organization's admin-api listing, shared by its tenants. */
struct lookup_group {
	char	*listing_url;
	char	*secret;
	struct tenant **members;
	size_t	 nmembers;
	struct lookup_items items;
	char	**seen;		/* links.next values already followed */
	size_t	 nseen;
};

static void
lookup_group_finish(struct lookup_ctx *ctx, struct lookup_group *g)
{
	size_t i;

	for (i = 0; i < g->nmembers; i++) {
		lookup_match(g->members[i], &g->items);
		lookup_progress(ctx);
	}
}

static void
lookup_group_fail(struct lookup_ctx *ctx, struct lookup_group *g,
    const struct http_request *req, const char *why)
{
	size_t i;

	for (i = 0; i < g->nmembers; i++) {
		if (why != NULL)
			lookup_verdict(g->members[i], LOOKUP_FAILED, "the live "
			    "admin-api lookup failed (%s)", why);
		else
			lookup_status_verdict(g->members[i], req);
		lookup_progress(ctx);
	}
}

static void lookup_on_page(struct http_request *req);

void
lookup_group_request(struct lookup_ctx *ctx, struct lookup_group *g,
    const char *url)
{
	struct lookup_call *call = xcalloc(1, sizeof(*call));
	struct http_request *req = lookup_request_new(g->members[0], url,
	    g->secret);

	call->ctx = ctx;
	call->group = g;
	req->user = call;
	req->done = lookup_on_page;
	http_engine_add(ctx->engine, req);
}

/* The next page's URL from links.next: a full URL on the listing's own
 * host, or a cursor for the listing URL. NULL with *why on refusal. */
static char *
lookup_next_url(struct lookup_group *g, const char *next, const char **why)
{
	struct buf url;
	size_t i;

	for (i = 0; i < g->nseen; i++) {
		if (strcmp(g->seen[i], next) == 0) {
			*why = "the listing links back to a page it already "
			    "gave";
			return NULL;
		}
	}
	if (g->nseen >= LOOKUP_PAGES_MAX) {
		*why = "the listing has more than 1000 pages";
		return NULL;
	}
	if (strlen(next) > LOOKUP_NEXT_MAX) {
		*why = "the next-page link is longer than 2048 bytes";
		return NULL;
	}

	g->seen = xreallocarray(g->seen, g->nseen + 1, sizeof(*g->seen));
	g->seen[g->nseen++] = xstrdup(next);

	buf_init(&url);
	if (strncmp(next, "https://", 8) == 0 ||
	    strncmp(next, "http://", 7) == 0) {
		if (!http_same_host(next, g->listing_url)) {
			*why = "the next-page link points to another host";
			return NULL;
		}
		if (http_url_has_credentials(next)) {
			*why = "the next-page link carries a user name or "
			    "password";
			return NULL;
		}
		buf_adds(&url, next);
	} else {
		buf_addf(&url, "%s?cursor=", g->listing_url);
		lookup_url_escape(&url, next);
	}
	return buf_detach(&url);
}

static void
lookup_on_page(struct http_request *req)
{
	struct lookup_call *call = req->user;
	struct lookup_group *g = call->group;
	const char *why = NULL;
	char *next = NULL;
	char *url = NULL;
	struct buf err;

	buf_init(&err);
	buf_adds(&err, "the answer is not usable: ");
	if (req->failure != HTTP_OK || req->status != 200) {
		lookup_group_fail(call->ctx, g, req, NULL);
	} else if (!lookup_json_admin_page(req->body.data, req->body.len,
	    &g->items, &next, &err)) {
		lookup_group_fail(call->ctx, g, req, buf_str(&err));
	} else if (g->items.len > LOOKUP_ITEMS_MAX) {
		lookup_group_fail(call->ctx, g, req, "the listing has more "
		    "than 100,000 tokens");
	} else if (next == NULL) {
		lookup_group_finish(call->ctx, g);
	} else {
		url = lookup_next_url(g, next, &why);
		if (url != NULL)
			lookup_group_request(call->ctx, g, url);
		else
			lookup_group_fail(call->ctx, g, req, why);
	}
	free(url);
	free(next);
	buf_release(&err);
	free(call);
}

/* Whether two tenants' requests may share one connection setup: the same
 * trust anchors and the same timeout. */
static bool
lookup_same_transport(const struct tenant *a, const struct tenant *b)
{
	const char *ca_a = a->source.ca_file != NULL ? a->source.ca_file : "";
	const char *ca_b = b->source.ca_file != NULL ? b->source.ca_file : "";

	return strcmp(ca_a, ca_b) == 0 &&
	    a->source.has_timeout == b->source.has_timeout &&
	    a->source.timeout == b->source.timeout;
}

static struct lookup_group *
lookup_group_for(struct lookup_ctx *ctx, struct tenant *t, char *secret)
{
	struct lookup_group *g;
	struct buf path;
	char *listing;
	size_t i;

	buf_init(&path);
	buf_adds(&path, "/admin/api-access/v1/orgs/");
	lookup_url_escape(&path, t->source.org_id);
	buf_adds(&path, "/api-tokens");
	listing = lookup_url_join(lookup_base_url(t), buf_str(&path));
	buf_release(&path);

	for (i = 0; i < ctx->ngroups; i++) {
		g = ctx->groups[i];
		if (strcmp(g->listing_url, listing) == 0 &&
		    strcmp(g->secret, secret) == 0 &&
		    lookup_same_transport(g->members[0], t)) {
			free(listing);
			secret_free(secret);
			return g;
		}
	}
	g = xcalloc(1, sizeof(*g));
	g->listing_url = listing;
	g->secret = secret;
	ctx->groups = xreallocarray(ctx->groups, ctx->ngroups + 1,
	    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	    sizeof(*ctx->groups));
	ctx->groups[ctx->ngroups++] = g;
	return g;
}

void
lookup_group_join(struct lookup_ctx *ctx, struct tenant *t, char *secret)
{
	struct lookup_group *g = lookup_group_for(ctx, t, secret);

	g->members = xreallocarray(g->members, g->nmembers + 1,
	    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	    sizeof(*g->members));
	g->members[g->nmembers++] = t;
}

void
lookup_group_free(struct lookup_group *g)
{
	size_t i;

	free(g->listing_url);
	secret_free(g->secret);
	free(g->members);
	lookup_items_release(&g->items);
	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	free(g->seen);
	free(g);
}

/* The listing's first page. */
const char *
lookup_group_url(const struct lookup_group *g)
{
	return g->listing_url;
}

/* Shared by the lookup modules: the run's context, and the verdict and
 * listing helpers that both single requests and admin-api listings use. */
#ifndef TTLWATCH_LOOKUP_GROUP_H
#define TTLWATCH_LOOKUP_GROUP_H

#include "http.h"
#include "lookup_json.h"
#include "tenant.h"

struct lookup_group;

struct lookup_ctx {
	struct http_engine *engine;
	struct lookup_group **groups;
	size_t	 ngroups;
	size_t	 total;		/* tenants being looked up */
	size_t	 done;
};

/* The context of a request's done() callback, in req->user. */
struct lookup_call {
	struct lookup_ctx *ctx;
	struct tenant *tenant;		/* or NULL for a listing page */
	struct lookup_group *group;
};

void	 lookup_verdict(struct tenant *t, enum lookup_verdict v,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	 lookup_progress(struct lookup_ctx *ctx);
void	 lookup_status_verdict(struct tenant *t,
	    const struct http_request *req);
void	 lookup_match(struct tenant *t, const struct lookup_items *items);
char	*lookup_secret(struct tenant *t, const char *key, const char *file,
	    const char *env);

void	 lookup_group_join(struct lookup_ctx *ctx, struct tenant *t,
	    char *secret);
void	 lookup_group_request(struct lookup_ctx *ctx, struct lookup_group *g,
	    const char *url);
const char *lookup_group_url(const struct lookup_group *g);
void	 lookup_group_free(struct lookup_group *g);

#endif

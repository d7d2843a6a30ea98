/* Parsing of the JSON responses of Atlassian's token APIs with jansson. Pure
 * functions of the response body, so they can be tested and fuzzed alone. */
#ifndef TTLWATCH_LOOKUP_JSON_H
#define TTLWATCH_LOOKUP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* One token as Atlassian lists it. */
struct lookup_item {
	char	*id;		/* as text, whatever the JSON type */
	char	*label;		/* label, or name for Data Center */
	char	*email;		/* the owner's, when listed */
	char	*status;	/* ACTIVE, EXPIRED, ... when listed */
	bool	 has_expiry;
	int64_t	 expiry;
};

struct lookup_items {
	struct lookup_item *v;
	size_t	 len;
	size_t	 cap;
};

void	lookup_items_release(struct lookup_items *items);

bool	lookup_json_admin_page(const char *body, size_t len,
	    struct lookup_items *out, char **next, struct buf *err);
bool	lookup_json_user_tokens(const char *body, size_t len,
	    struct lookup_items *out, struct buf *err);
bool	lookup_json_dc_tokens(const char *body, size_t len,
	    struct lookup_items *out, struct buf *err);
bool	lookup_json_introspection(const char *body, size_t len, bool *active,
	    bool *has_exp, int64_t *exp, struct buf *err);

#endif

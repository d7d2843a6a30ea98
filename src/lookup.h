/* Live lookups: asking Atlassian for each token's expiry during the run. */
#ifndef TTLWATCH_LOOKUP_H
#define TTLWATCH_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "http.h"
#include "tenant.h"

#define LOOKUP_TIMEOUT_DEFAULT	30	/* seconds */
#define LOOKUP_PAGES_MAX	1000	/* of one organization's listing */
#define LOOKUP_NEXT_MAX		2048	/* bytes of a links.next value */
#define LOOKUP_ITEMS_MAX	100000	/* tokens in one listing */

bool	lookup_run(struct tenant_list *tenants, int jobs,
	    struct http_stats *stats);
void	lookup_apply(struct tenant *t, int64_t now);

#endif

/* Reconciling the connector's expiry with the one Atlassian reports. */
#ifndef TTLWATCH_RECONCILE_H
#define TTLWATCH_RECONCILE_H

#include <stdint.h>

#include "expiry.h"
#include "tenant.h"

/* Atlassian refreshes the expiry it shows about once an hour, so two
 * instants this close are the same expiry. */
#define RECONCILE_MATCH_WINDOW	INT64_C(3600)
/* Offsets in use run from UTC-12 to UTC+14. */
#define RECONCILE_WEST_MAX	(INT64_C(12) * 3600)
#define RECONCILE_EAST_MAX	(INT64_C(14) * 3600)
/* A reported value read longer ago than this gets a note. */
#define RECONCILE_STALE_AFTER	(INT64_C(24) * 3600)

void	reconcile_tenant(struct tenant *t, const struct expiry *connector,
	    int64_t now);
void	reconcile_format_reported(const struct reported *r, char *out,
	    size_t size);

#endif

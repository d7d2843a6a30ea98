/* Evaluating one tenant: expiry, reconciliation, days left and state. */
#ifndef TTLWATCH_EVALUATE_H
#define TTLWATCH_EVALUATE_H

#include <stdint.h>

#include "tenant.h"

void	evaluate_tenant(struct tenant *t, int64_t now, int default_warn_days);

#endif

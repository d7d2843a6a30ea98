/* The evaluation of one tenant, in the order the rules apply. */
#include "evaluate.h"
#include "expiry.h"
#include "reconcile.h"
#include "state.h"

static void
evaluate_unknown(struct tenant *t)
{
	t->result.state = STATE_UNKNOWN;
	tenant_add_note(t, "no expiry is known: set expires_at, or created_at "
	    "and ttl, in [token], or give the date Atlassian reports in "
	    "[atlassian] reported_expiry");
}

/* Evaluate t as of now. A tenant with configuration errors is an error
 * row whatever else it holds; a disabled one is skipped. */
void
evaluate_tenant(struct tenant *t, int64_t now, int default_warn_days)
{
	struct result *r = &t->result;
	struct expiry connector;

	r->warn_days = t->warn_days > 0 ? t->warn_days : default_warn_days;
	if (tenant_has_error(t)) {
		r->state = STATE_ERROR;
		return;
	}
	if (!t->enabled) {
		r->state = STATE_SKIPPED;
		return;
	}

	connector = expiry_connector(t);
	reconcile_tenant(t, &connector, now);
	if (!r->has_expiry) {
		evaluate_unknown(t);
		return;
	}
	r->days_left = state_days_left(r->expires_at, now);
	r->state = state_of_expiry(r->expires_at, now, r->warn_days);
}

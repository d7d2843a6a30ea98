/* The evaluation of one tenant, in the order the rules apply. */
#include "evaluate.h"
#include "expiry.h"
#include "lookup.h"
#include "reconcile.h"
#include "state.h"

static void
evaluate_unknown(struct tenant *t)
{
	t->result.state = STATE_UNKNOWN;
	if (t->kind == TOKEN_OAUTH_REFRESH)
		tenant_add_note(t, "no expiry is known: set consented_at or "
		    "last_refreshed_at in [token], or give the date Atlassian "
		    "reports in [atlassian] reported_expiry");
	else
		tenant_add_note(t, "no expiry is known: set expires_at, or "
		    "created_at and ttl, in [token], or give the date "
		    "Atlassian reports in [atlassian] reported_expiry");
}

/* A token Atlassian lists without an expiry. With no figure of the
 * connector's it is healthy for good; otherwise the earlier figure, the
 * connector's, still rules. */
static void
evaluate_never(struct tenant *t, const struct expiry *connector)
{
	struct result *r = &t->result;

	tenant_add_note(t, buf_str(&t->lookup.note));
	r->reconciled = true;
	if (!connector->known) {
		r->state = STATE_HEALTHY;
		r->recon = RECON_ATLASSIAN_ONLY;
		r->has_expiry = false;
		return;
	}
	r->recon = RECON_ATLASSIAN_LATER;
	r->has_expiry = true;
	r->expires_at = connector->t;
	r->source = connector->source;
}

/* Verdicts of a live lookup that decide the state by themselves; false
 * when reconciliation should go on. */
static bool
evaluate_verdict(struct tenant *t, const struct expiry *connector)
{
	switch (t->lookup.verdict) {
	case LOOKUP_REVOKED:
		t->result.state = STATE_CRITICAL;
		tenant_add_note(t, buf_str(&t->lookup.note));
		return true;
	case LOOKUP_UNVOUCHED:
		t->result.state = STATE_UNKNOWN;
		tenant_add_note(t, buf_str(&t->lookup.note));
		return true;
	case LOOKUP_NEVER:
		evaluate_never(t, connector);
		return !t->result.has_expiry;
	case LOOKUP_FAILED:
	case LOOKUP_ALIVE:
	case LOOKUP_FOUND:
		tenant_add_note(t, buf_str(&t->lookup.note));
		return false;
	case LOOKUP_NOT_RUN:
		break;
	}
	return false;
}

/* Say which figure a failed lookup fell back to. */
static void
evaluate_fallback_note(struct tenant *t)
{
	if (t->lookup.verdict != LOOKUP_FAILED)
		return;
	if (t->result.source == SOURCE_ATLASSIAN_REPORTED)
		tenant_add_note(t, "the offline reported value was used "
		    "instead");
	else if (t->result.has_expiry)
		tenant_add_note(t, "the connector's figure was used instead");
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
	lookup_apply(t, now);
	if (evaluate_verdict(t, &connector))
		return;
	if (t->lookup.verdict != LOOKUP_NEVER)
		reconcile_tenant(t, &connector, now);
	evaluate_fallback_note(t);
	if (!r->has_expiry) {
		evaluate_unknown(t);
		return;
	}
	r->days_left = state_days_left(r->expires_at, now);
	r->state = state_of_expiry(r->expires_at, now, r->warn_days);
}

/* The connector's figure: the explicit expiry, else created_at + ttl, else
 * the earlier of the two OAuth refresh-token lifetimes. */
#include "expiry.h"

static struct expiry
expiry_oauth(const struct tenant *t)
{
	struct expiry absolute = { false, 0, SOURCE_OAUTH_ABSOLUTE };
	struct expiry inactivity = { false, 0, SOURCE_OAUTH_INACTIVITY };

	if (t->consented_at.set) {
		absolute.known = true;
		absolute.t = t->consented_at.t + EXPIRY_OAUTH_ABSOLUTE;
	}
	if (t->last_refreshed_at.set) {
		inactivity.known = true;
		inactivity.t = t->last_refreshed_at.t + EXPIRY_OAUTH_INACTIVITY;
	}
	if (!inactivity.known)
		return absolute;
	if (!absolute.known || inactivity.t < absolute.t)
		return inactivity;
	return absolute;
}

struct expiry
expiry_connector(const struct tenant *t)
{
	struct expiry e = { false, 0, SOURCE_NONE };

	if (t->expires_at.set) {
		e.known = true;
		e.t = t->expires_at.t;
		e.source = SOURCE_CONFIG;
	} else if (t->created_at.set && t->has_ttl) {
		e.known = true;
		e.t = t->created_at.t + t->ttl;
		e.source = SOURCE_CONFIG;
	} else if (t->kind == TOKEN_OAUTH_REFRESH) {
		e = expiry_oauth(t);
	}
	return e;
}

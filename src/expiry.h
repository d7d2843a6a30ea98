/* The connector's own figure for a token's expiry. */
#ifndef TTLWATCH_EXPIRY_H
#define TTLWATCH_EXPIRY_H

#include <stdbool.h>
#include <stdint.h>

#include "tenant.h"

/* Atlassian's OAuth 2.0 rotating refresh tokens expire 90 days after their
 * last use and 365 days after the user's consent, whichever comes first. */
#define EXPIRY_OAUTH_INACTIVITY	(INT64_C(90) * 86400)
#define EXPIRY_OAUTH_ABSOLUTE	(INT64_C(365) * 86400)

struct expiry {
	bool	known;
	int64_t	t;
	enum expiry_source source;
};

struct expiry expiry_connector(const struct tenant *t);

#endif

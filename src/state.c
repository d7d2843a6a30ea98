/* The state rules shared by every report. */
#include "instant.h"
#include "state.h"

/* Whole 24-hour periods until expiry, rounded toward minus infinity:
 * one hour past expiry is -1, not 0. */
int64_t
state_days_left(int64_t expires_at, int64_t now)
{
	return instant_floor_div(expires_at - now, SECONDS_PER_DAY);
}

/* critical once expired, warn inside the window, healthy before it. */
enum state
state_of_expiry(int64_t expires_at, int64_t now, int warn_days)
{
	if (expires_at <= now)
		return STATE_CRITICAL;
	if (expires_at - now < (int64_t)warn_days * SECONDS_PER_DAY)
		return STATE_WARN;
	return STATE_HEALTHY;
}

/* Sort rank for the digest: most urgent first. */
int
state_severity(enum state s)
{
	switch (s) {
	case STATE_CRITICAL:
		return 0;
	case STATE_WARN:
		return 1;
	case STATE_UNKNOWN:
	case STATE_ERROR:
		return 2;
	case STATE_HEALTHY:
		return 3;
	case STATE_SKIPPED:
		return 4;
	}
	return 4;
}

void
state_count(struct state_counts *c, enum state s)
{
	c->n[s]++;
	c->total++;
}

/* Critical beats unknown and error, which beat warn; skipped counts for
 * nothing. */
int
state_exit_status(const struct state_counts *c)
{
	if (c->n[STATE_CRITICAL] > 0)
		return EXIT_CRITICAL;
	if (c->n[STATE_UNKNOWN] > 0 || c->n[STATE_ERROR] > 0)
		return EXIT_UNKNOWN;
	if (c->n[STATE_WARN] > 0)
		return EXIT_WARN;
	return EXIT_HEALTHY;
}

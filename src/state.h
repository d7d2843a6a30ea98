/* The state rules: days left, warn and critical, and the exit status. */
#ifndef TTLWATCH_STATE_H
#define TTLWATCH_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "tenant.h"

#define STATE_COUNT	6

/* Exit statuses after the Nagios plugin convention, and sysexits. */
#define EXIT_HEALTHY	0
#define EXIT_WARN	1
#define EXIT_CRITICAL	2
#define EXIT_UNKNOWN	3
#define EXIT_USAGE	64	/* EX_USAGE */
#define EXIT_SOFTWARE	70	/* EX_SOFTWARE */
#define EXIT_CANTCREAT	73	/* EX_CANTCREAT */

struct state_counts {
	size_t	n[STATE_COUNT];
	size_t	total;
};

int64_t	 state_days_left(int64_t expires_at, int64_t now);
enum state state_of_expiry(int64_t expires_at, int64_t now, int warn_days);
int	 state_severity(enum state s);
void	 state_count(struct state_counts *c, enum state s);
int	 state_exit_status(const struct state_counts *c);

#endif

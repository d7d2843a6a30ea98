/* IANA time zones, read from the system's zoneinfo database. */
#ifndef TTLWATCH_ZONE_H
#define TTLWATCH_ZONE_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"

#define ZONE_NAME_MAX	128

struct zone_time {
	struct date date;	/* the local calendar date */
	int	hour;
	int	minute;
	int	offset;		/* seconds east of UTC */
	char	abbrev[16];	/* "BST", "+0545" */
};

bool	zone_check(const char *name, const char **why);
bool	zone_local(const char *name, int64_t t, struct zone_time *out);
int64_t	zone_day_start(const char *name, const struct date *d);

#endif

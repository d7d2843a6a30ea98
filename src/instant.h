/* Instants: seconds since 1970-01-01T00:00:00Z as int64_t, computed with
 * calendar arithmetic of our own so that no value depends on TZ. */
#ifndef TTLWATCH_INSTANT_H
#define TTLWATCH_INSTANT_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"

#define INSTANT_BUFSZ	sizeof("YYYY-MM-DDTHH:MM:SSZ")
#define INSTANT_MAX	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */
#define SECONDS_PER_DAY	INT64_C(86400)

int64_t	 instant_floor_div(int64_t a, int64_t b);
int64_t	 instant_from_date(const struct date *d);
struct date instant_utc_date(int64_t t);
void	 instant_format(int64_t t, char out[INSTANT_BUFSZ]);
bool	 instant_parse(const char *s, int64_t *out, const char **why);

#endif

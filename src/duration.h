/* Durations written as a number and a unit: 365d, 12h, 30m, 90s. */
#ifndef TTLWATCH_DURATION_H
#define TTLWATCH_DURATION_H

#include <stdbool.h>
#include <stdint.h>

/* The maximum duration: 100 years of days, far beyond any token. */
#define DURATION_MAX	(INT64_C(36525) * 86400)

bool	duration_parse(const char *s, int64_t *out, const char **why);

#endif

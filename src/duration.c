/* Parsing of durations with a unit. */
#include "duration.h"
#include "text.h"

static int64_t
duration_unit_seconds(char unit)
{
	switch (unit) {
	case 'd':
		return 86400;
	case 'h':
		return 3600;
	case 'm':
		return 60;
	case 's':
		return 1;
	default:
		return 0;
	}
}

/*
 * Parse a positive whole number followed by one unit: d (days of 24
 * hours), h, m or s. A bare number is rejected because "365" could mean
 * days or seconds.
 */
bool
duration_parse(const char *s, int64_t *out, const char **why)
{
	int64_t value = 0;
	int64_t unit;
	const char *p = s;

	if (*p == '-') {
		*why = "a duration cannot be negative";
		return false;
	}
	if (!text_is_digit((unsigned char)*p)) {
		*why = "expected a number and a unit, as in 365d";
		return false;
	}
	for (; text_is_digit((unsigned char)*p); p++) {
		value = value * 10 + (*p - '0');
		if (value > DURATION_MAX) {
			*why = "the duration is longer than 100 years";
			return false;
		}
	}
	if (*p == '\0') {
		*why = "the number needs a unit: d, h, m or s, as in 365d";
		return false;
	}
	unit = duration_unit_seconds(*p);
	if (unit == 0 || p[1] != '\0') {
		*why = "the unit must be one of d, h, m or s, as in 365d";
		return false;
	}
	if (value == 0) {
		*why = "a duration must be longer than zero";
		return false;
	}
	if (value > DURATION_MAX / unit) {
		*why = "the duration is longer than 100 years";
		return false;
	}
	*out = value * unit;
	return true;
}

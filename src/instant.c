/* Parsing and printing of instants in UTC. */
#include <stdio.h>
#include <string.h>

#include "instant.h"
#include "text.h"

/* Epoch values at or above this are milliseconds: as seconds it would be
 * the year 5138, as milliseconds it is 1973. */
#define INSTANT_EPOCH_MS_FROM	INT64_C(100000000000)
#define INSTANT_OFFSET_MAX	(14 * 3600)

/* Division rounding toward minus infinity; C's rounds toward zero. */
int64_t
instant_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* The instant at which date d begins in UTC. */
int64_t
instant_from_date(const struct date *d)
{
	return date_to_days(d) * SECONDS_PER_DAY;
}

struct date
instant_utc_date(int64_t t)
{
	return date_from_days(instant_floor_div(t, SECONDS_PER_DAY));
}

void
instant_format(int64_t t, char out[INSTANT_BUFSZ])
{
	int64_t days = instant_floor_div(t, SECONDS_PER_DAY);
	int64_t secs = t - days * SECONDS_PER_DAY;
	struct date d = date_from_days(days);

	snprintf(out, INSTANT_BUFSZ, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	    (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
	    (unsigned)d.day % 100u, (unsigned)(secs / 3600) % 100u,
	    (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

/* Seconds or milliseconds since the epoch, digits only. */
static bool
instant_parse_epoch(const char *s, int64_t *out, const char **why)
{
	int64_t v = 0;
	size_t len = strlen(s);

	if (len == 8) {
		*why = "a date needs dashes and a time, as in "
		    "2026-03-26T09:00:00Z";
		return false;
	}
	if (len < 9 || len > 13) {
		*why = "an epoch value has 9 to 13 digits (seconds or "
		    "milliseconds since 1970)";
		return false;
	}
	for (; *s != '\0'; s++)
		v = v * 10 + (*s - '0');
	if (v >= INSTANT_EPOCH_MS_FROM)
		v = v / 1000;
	*out = v;
	return true;
}

/* "Z", "+HH:MM", "+HHMM" or "+HH"; *secs is what to add to UTC. */
static bool
instant_scan_offset(const char *s, int *secs, const char **why)
{
	int sign, hours, minutes = 0;

	if ((*s == 'Z' || *s == 'z') && s[1] == '\0') {
		*secs = 0;
		return true;
	}
	if (*s == '\0') {
		*why = "no UTC offset, so its zone would be a guess: "
		    "add Z or an offset such as +01:00";
		return false;
	}
	if (*s != '+' && *s != '-') {
		*why = "expected Z or an offset such as +01:00 after the time";
		return false;
	}
	sign = *s++ == '-' ? -1 : 1;
	if (!text_scan_digits(&s, 2, &hours)) {
		*why = "the UTC offset needs two-digit hours, as in +01:00";
		return false;
	}
	if (*s == ':')
		s++;
	if (*s != '\0' && (!text_scan_digits(&s, 2, &minutes) ||
	    *s != '\0')) {
		*why = "expected an offset such as +01:00 or +0100 at the end";
		return false;
	}
	if (minutes > 59 || hours * 3600 + minutes * 60 > INSTANT_OFFSET_MAX) {
		*why = "the UTC offset must be between -14:00 and +14:00";
		return false;
	}
	*secs = sign * (hours * 3600 + minutes * 60);
	return true;
}

/* HH:MM[:SS[.fraction]]; the fraction is dropped (whole seconds). */
static bool
instant_scan_time(const char **p, int *secs, const char **why)
{
	int h, m, sec = 0;

	if (!text_scan_digits(p, 2, &h) || *(*p)++ != ':' ||
	    !text_scan_digits(p, 2, &m)) {
		*why = "expected the time as HH:MM:SS";
		return false;
	}
	if (**p == ':') {
		(*p)++;
		if (!text_scan_digits(p, 2, &sec)) {
			*why = "expected the seconds as two digits";
			return false;
		}
	}
	if (**p == '.' || **p == ',') {
		(*p)++;
		if (!text_is_digit((unsigned char)**p)) {
			*why = "expected digits after the decimal point";
			return false;
		}
		while (text_is_digit((unsigned char)**p))
			(*p)++;
	}
	if (h > 23 || m > 59 || sec > 59) {
		*why = "no such time of day (hours 00-23, minutes and "
		    "seconds 00-59)";
		return false;
	}
	*secs = h * 3600 + m * 60 + sec;
	return true;
}

static bool
instant_scan_date(const char **p, struct date *d, const char **why)
{

	if (date_has_long_year(*p)) {
		*why = "the year must be between 1970 and 9999";
		return false;
	}
	if (!text_scan_digits(p, 4, &d->year) || *(*p)++ != '-' ||
	    !text_scan_digits(p, 2, &d->month) || *(*p)++ != '-' ||
	    !text_scan_digits(p, 2, &d->day)) {
		*why = "expected an instant such as 2026-03-26T09:00:00Z";
		return false;
	}
	if (d->year < DATE_YEAR_MIN || d->year > DATE_YEAR_MAX) {
		*why = "the year must be between 1970 and 9999";
		return false;
	}
	if (!date_valid(d)) {
		*why = "no such day in the calendar";
		return false;
	}
	return true;
}

static bool
instant_parse_iso(const char *s, int64_t *out, const char **why)
{
	struct date d;
	int secs, offset;
	int64_t t;

	if (!instant_scan_date(&s, &d, why))
		return false;
	if (*s == '\0') {
		*why = "a calendar date, not an instant: add a time and a UTC "
		    "offset, as in 2026-03-26T09:00:00Z";
		return false;
	}
	if (*s != 'T' && *s != 't' && *s != ' ') {
		*why = "expected T between the date and the time";
		return false;
	}
	s++;
	if (!instant_scan_time(&s, &secs, why) ||
	    !instant_scan_offset(s, &offset, why))
		return false;

	t = instant_from_date(&d) + secs - offset;
	if (t < 0 || t > INSTANT_MAX) {
		*why = "outside the years 1970 to 9999 in UTC";
		return false;
	}
	*out = t;
	return true;
}

/*
 * Parse an instant: RFC 3339 / ISO 8601 with Z or a numeric offset (the
 * Jira form 2026-03-26T09:00:00.000+0000 included), or epoch seconds or
 * milliseconds. On failure *why describes the error.
 */
bool
instant_parse(const char *s, int64_t *out, const char **why)
{
	const char *p = s;

	if (*s == '\0') {
		*why = "the value is empty";
		return false;
	}
	while (text_is_digit((unsigned char)*p))
		p++;
	if (*p == '\0')
		return instant_parse_epoch(s, out, why);
	if (*s == '-' && s[1] != '\0' && p == s) {
		*why = "instants before 1970 are not supported";
		return false;
	}
	return instant_parse_iso(s, out, why);
}

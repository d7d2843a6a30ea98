/* Calendar dates: validation, day counts and the forms Atlassian prints. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "text.h"

static const char *const date_month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static const char *const date_month_long[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"
};

static bool
date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool
date_valid(const struct date *d)
{
	return d->year >= DATE_YEAR_MIN && d->year <= DATE_YEAR_MAX &&
	    d->month >= 1 && d->month <= 12 &&
	    d->day >= 1 && d->day <= date_days_in_month(d->year, d->month);
}

/*
 * Days since 1970-01-01. The year is counted from March so that the leap
 * day falls at the end; an era is the 400-year Gregorian cycle of 146097
 * days. Valid for any year the type holds, including years before 1970.
 */
int64_t
date_to_days(const struct date *d)
{
	int64_t y = (int64_t)d->year - (d->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t year_of_era = y - era * 400;
	int64_t month_from_march = (d->month + 9) % 12;
	int64_t day_of_year = (153 * month_from_march + 2) / 5 + d->day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
	    year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

/* The inverse of date_to_days(). */
struct date
date_from_days(int64_t days)
{
	struct date d;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t day_of_era = z - era * 146097;
	int64_t year_of_era = (day_of_era - day_of_era / 1460 +
	    day_of_era / 36524 - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era +
	    year_of_era / 4 - year_of_era / 100);
	int64_t month_from_march = (5 * day_of_year + 2) / 153;

	d.day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	d.month = (int)(month_from_march < 10 ? month_from_march + 3 :
	    month_from_march - 9);
	d.year = (int)(year_of_era + era * 400 + (d.month <= 2));
	return d;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

void
date_format(const struct date *d, char out[DATE_BUFSZ])
{
	snprintf(out, DATE_BUFSZ, "%04u-%02u-%02u", (unsigned)d->year % 100000u,
	    (unsigned)d->month % 100u, (unsigned)d->day % 100u);
}

/* Read a day of the month: one or two digits. */
static bool
date_scan_day(const char **p, int *out)
{
	if (!text_is_digit((unsigned char)**p))
		return false;
	if (text_is_digit((unsigned char)(*p)[1]))
		return text_scan_digits(p, 2, out);
	return text_scan_digits(p, 1, out);
}

/* Read an English month name, abbreviated ("Mar") or in full ("March"). */
static bool
date_scan_month(const char **p, int *out)
{
	char word[16];
	size_t len = 0;
	int i;

	while (text_is_alpha((unsigned char)(*p)[len]) && len < sizeof(word) - 1) {
		word[len] = (char)text_lower((unsigned char)(*p)[len]);
		len++;
	}
	word[len] = '\0';

	for (i = 0; i < 12; i++) {
		if (strcmp(word, date_month_names[i]) == 0 ||
		    strcmp(word, date_month_long[i]) == 0) {
			*p += len;
			*out = i + 1;
			return true;
		}
	}
	return false;
}

static bool
date_scan_iso(const char *s, struct date *d)
{
	return text_scan_digits(&s, 4, &d->year) && *s++ == '-' &&
	    text_scan_digits(&s, 2, &d->month) && *s++ == '-' &&
	    text_scan_digits(&s, 2, &d->day) && *s == '\0';
}

/* "26 Mar 2026" */
static bool
date_scan_day_first(const char *s, struct date *d)
{
	if (!date_scan_day(&s, &d->day) || *s != ' ')
		return false;
	s = text_skip_space(s);
	if (!date_scan_month(&s, &d->month) || *s != ' ')
		return false;
	s = text_skip_space(s);
	return text_scan_digits(&s, 4, &d->year) && *s == '\0';
}

/* "Mar 26, 2026" */
static bool
date_scan_month_first(const char *s, struct date *d)
{
	if (!date_scan_month(&s, &d->month) || *s != ' ')
		return false;
	s = text_skip_space(s);
	if (!date_scan_day(&s, &d->day) || *s++ != ',')
		return false;
	s = text_skip_space(s);
	return text_scan_digits(&s, 4, &d->year) && *s == '\0';
}

/* Whether s starts with a year of five or more digits in the ISO form,
 * as in 10000-01-01: the right form with a year out of range. */
bool
date_has_long_year(const char *s)
{
	size_t digits = 0;

	while (text_is_digit((unsigned char)s[digits]))
		digits++;
	return digits > 4 && s[digits] == '-';
}

/*
 * Parse a calendar date: "2026-03-26", "26 Mar 2026", "Mar 26, 2026", or
 * either of the last two after the word "Expires", as Atlassian's profile
 * page prints it. On failure *why describes the error.
 */
bool
date_parse(const char *s, struct date *out, const char **why)
{
	struct date d = { 0, 0, 0 };
	bool scanned;

	s = text_skip_space(s);
	if (strncmp(s, "Expires ", 8) == 0 || strncmp(s, "expires ", 8) == 0)
		s = text_skip_space(s + 8);

	scanned = date_scan_iso(s, &d) || date_scan_day_first(s, &d) ||
	    date_scan_month_first(s, &d);
	if (!scanned && date_has_long_year(s)) {
		*why = "the year must be between 1970 and 9999";
		return false;
	}
	if (!scanned) {
		*why = "expected a date such as 2026-03-26, 26 Mar 2026 or "
		    "Mar 26, 2026";
		return false;
	}
	if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX) {
		*why = "the year must be between 1970 and 9999";
		return false;
	}
	if (!date_valid(&d)) {
		*why = "no such day in the calendar";
		return false;
	}
	*out = d;
	return true;
}

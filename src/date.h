/* Calendar dates in the proleptic Gregorian calendar, and their parsing. */
#ifndef TTLWATCH_DATE_H
#define TTLWATCH_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_YEAR_MIN	1970
#define DATE_YEAR_MAX	9999
#define DATE_BUFSZ	sizeof("YYYYY-MM-DD")	/* a local date can reach 10000 */

struct date {
	int	year;
	int	month;	/* 1-12 */
	int	day;	/* 1-31 */
};

int	 date_days_in_month(int year, int month);
bool	 date_valid(const struct date *d);
int64_t	 date_to_days(const struct date *d);
struct date date_from_days(int64_t days);
int	 date_cmp(const struct date *a, const struct date *b);
void	 date_format(const struct date *d, char out[DATE_BUFSZ]);
bool	 date_parse(const char *s, struct date *out, const char **why);
bool	 date_has_long_year(const char *s);

#endif

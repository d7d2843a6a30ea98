/*
 * Unit tests for time handling: instants, calendar dates, durations and
 * IANA zones. Every zone result is also checked under several values of
 * the process's TZ, because no result may depend on it.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "date.h"
#include "duration.h"
#include "instant.h"
#include "testutil.h"
#include "zone.h"

/* Process TZ values the zone tests run under. NULL leaves TZ unset. */
static const char *const process_zones[] = {
	NULL, "UTC", "America/Los_Angeles", "Pacific/Kiritimati",
	":Asia/Kathmandu"
};

/* instant_parse: accepted forms */

static const struct {
	const char *text;
	int64_t	 epoch;
} instant_valid[] = {
	{ "2026-03-26T09:00:00.000+0000", 1774515600 },
	{ "2026-03-26T09:00:00.000+0900", 1774483200 },
	{ "2026-03-26T09:00:00.000+09:00", 1774483200 },
	{ "2026-03-26T09:00:00.000-0500", 1774533600 },
	{ "2026-03-26T09:00:00.000Z", 1774515600 },
	{ "2026-03-26T09:00:00Z", 1774515600 },
	{ "2026-03-26t09:00:00z", 1774515600 },
	{ "2026-03-26 09:00:00Z", 1774515600 },
	{ "2026-03-26T09:00Z", 1774515600 },
	{ "2026-03-26T10:00:00+01", 1774515600 },
	{ "2026-03-26T09:00:00,5Z", 1774515600 },
	{ "2026-03-26T09:00:00.123456789Z", 1774515600 },
	{ "2026-03-26T23:00:00+14:00", 1774515600 },
	{ "2026-03-25T21:00:00-12:00", 1774515600 },
	{ "2026-03-25T19:00:00-14:00", 1774515600 },
	{ "2026-03-26T14:45:00+05:45", 1774515600 },
	{ "1774515600", 1774515600 },
	{ "1774515600000", 1774515600 },
	{ "1774515600999", 1774515600 },
	{ "100000000", 100000000 },
	{ "99999999999", INT64_C(99999999999) },
	{ "100000000000", 100000000 },
	{ "1970-01-01T00:00:00Z", 0 },
	{ "1970-01-01T01:00:00+01:00", 0 },
	{ "2000-02-29T00:00:00Z", 951782400 },
	{ "2024-02-29T00:00:00Z", 1709164800 },
	{ "9999-12-31T23:59:59Z", INSTANT_MAX },
};

START_TEST(test_instant_parse_accepts_forms)
{
	const char *why = NULL;
	int64_t t = -1;

	ck_assert_msg(instant_parse(instant_valid[_i].text, &t, &why),
	    "'%s' rejected: %s", instant_valid[_i].text,
	    why != NULL ? why : "");
	ck_assert_int_eq(t, instant_valid[_i].epoch);
}
END_TEST

/* instant_parse: rejected forms and the reason given */

#define WHY_NO_OFFSET	"no UTC offset, so its zone would be a guess: add Z " \
	"or an offset such as +01:00"
#define WHY_TIME_RANGE	"no such time of day (hours 00-23, minutes and " \
	"seconds 00-59)"
#define WHY_OFFSET_RANGE "the UTC offset must be between -14:00 and +14:00"
#define WHY_NOT_INSTANT	"expected an instant such as 2026-03-26T09:00:00Z"
#define WHY_EPOCH	"an epoch value has 9 to 13 digits (seconds or " \
	"milliseconds since 1970)"
#define WHY_NO_DAY	"no such day in the calendar"

static const struct {
	const char *text;
	const char *why;
} instant_invalid[] = {
	{ "", "the value is empty" },
	{ "2026-03-26T09:00:00", WHY_NO_OFFSET },
	{ "2026-03-26T09:00:00.000", WHY_NO_OFFSET },
	{ "2026-03-26", "a calendar date, not an instant: add a time and a "
	    "UTC offset, as in 2026-03-26T09:00:00Z" },
	{ "2026-03-26X09:00:00Z", "expected T between the date and the time" },
	{ "2026-03-26T9:00:00Z", "expected the time as HH:MM:SS" },
	{ "2026-03-26T09:00:0Z", "expected the seconds as two digits" },
	{ "2026-03-26T09:00:00.Z", "expected digits after the decimal point" },
	{ "2026-03-26T24:00:00Z", WHY_TIME_RANGE },
	{ "2026-03-26T23:60:00Z", WHY_TIME_RANGE },
	{ "2026-03-26T23:59:60Z", WHY_TIME_RANGE },
	{ "2026-03-26T09:00:00+1500", WHY_OFFSET_RANGE },
	{ "2026-03-26T09:00:00+14:01", WHY_OFFSET_RANGE },
	{ "2026-03-26T09:00:00-14:30", WHY_OFFSET_RANGE },
	{ "2026-03-26T09:00:00+01:60", WHY_OFFSET_RANGE },
	{ "2026-03-26T09:00:00+1", "the UTC offset needs two-digit hours, as "
	    "in +01:00" },
	{ "2026-03-26T09:00:00+01:0", "expected an offset such as +01:00 or "
	    "+0100 at the end" },
	{ "2026-03-26T09:00:00+01:00x", "expected an offset such as +01:00 or "
	    "+0100 at the end" },
	{ "2026-03-26T09:00:00Zjunk", "expected Z or an offset such as +01:00 "
	    "after the time" },
	{ "2026-03-26T09:00:00 +01:00", "expected Z or an offset such as "
	    "+01:00 after the time" },
	{ "2026-02-29T00:00:00Z", WHY_NO_DAY },
	{ "2100-02-29T00:00:00Z", WHY_NO_DAY },
	{ "2026-13-01T00:00:00Z", WHY_NO_DAY },
	{ "2026-04-31T00:00:00Z", WHY_NO_DAY },
	{ "1969-12-31T23:59:59Z", "the year must be between 1970 and 9999" },
	{ "1970-01-01T00:30:00+01:00", "outside the years 1970 to 9999 in UTC" },
	{ "9999-12-31T23:59:59-00:01", "outside the years 1970 to 9999 in UTC" },
	{ "-1", "instants before 1970 are not supported" },
	{ "12345678", "a date needs dashes and a time, as in "
	    "2026-03-26T09:00:00Z" },
	{ "1234567", WHY_EPOCH },
	{ "12345678901234", WHY_EPOCH },
	{ "26 Mar 2026", WHY_NOT_INSTANT },
	{ "2026/03/26T09:00:00Z", WHY_NOT_INSTANT },
	{ "1774515600s", WHY_NOT_INSTANT },
};

START_TEST(test_instant_parse_rejects_forms)
{
	const char *why = NULL;
	int64_t t = 0;

	ck_assert_msg(!instant_parse(instant_invalid[_i].text, &t, &why),
	    "'%s' accepted", instant_invalid[_i].text);
	ck_assert_pstr_eq(why, instant_invalid[_i].why);
}
END_TEST

/* instant_format and instant_floor_div */

static const struct {
	int64_t	 t;
	const char *text;
} instant_texts[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ 86399, "1970-01-01T23:59:59Z" },
	{ 951782400, "2000-02-29T00:00:00Z" },
	{ 1709164799, "2024-02-28T23:59:59Z" },
	{ 1709164800, "2024-02-29T00:00:00Z" },
	{ 1774515600, "2026-03-26T09:00:00Z" },
	{ 1774167300, "2026-03-22T08:15:00Z" },
	{ INSTANT_MAX, "9999-12-31T23:59:59Z" },
};

START_TEST(test_instant_format_writes_utc)
{
	char text[INSTANT_BUFSZ];

	memset(text, 'x', sizeof(text));
	instant_format(instant_texts[_i].t, text);
	ck_assert_str_eq(text, instant_texts[_i].text);
}
END_TEST

START_TEST(test_instant_format_parse_round_trip)
{
	/* A prime step visits every second of the day and every month. */
	const int64_t step = 999983;
	size_t mismatches = 0;
	int64_t first_bad = -1;
	int64_t t;

	for (t = 0; t <= INSTANT_MAX; t += step) {
		char text[INSTANT_BUFSZ];
		const char *why = NULL;
		int64_t back = -1;

		instant_format(t, text);
		if (!instant_parse(text, &back, &why) || back != t) {
			if (mismatches++ == 0)
				first_bad = t;
		}
	}
	ck_assert_msg(mismatches == 0, "%zu instants do not survive format "
	    "and parse, the first is %lld", mismatches, (long long)first_bad);
}
END_TEST

static const struct {
	int64_t	 a;
	int64_t	 b;
	int64_t	 q;
} floor_divisions[] = {
	{ 0, 86400, 0 },
	{ 86399, 86400, 0 },
	{ 86400, 86400, 1 },
	{ -1, 86400, -1 },
	{ -86400, 86400, -1 },
	{ -86401, 86400, -2 },
	{ 7, -2, -4 },
	{ -7, -2, 3 },
};

START_TEST(test_instant_floor_div_rounds_down)
{
	ck_assert_int_eq(instant_floor_div(floor_divisions[_i].a,
	    floor_divisions[_i].b), floor_divisions[_i].q);
}
END_TEST

/* date_parse */

static const struct {
	const char *text;
	int	 year;
	int	 month;
	int	 day;
} date_valid_forms[] = {
	{ "2026-03-26", 2026, 3, 26 },
	{ "26 Mar 2026", 2026, 3, 26 },
	{ "Mar 26, 2026", 2026, 3, 26 },
	{ "Expires 26 Mar 2026", 2026, 3, 26 },
	{ "Expires Mar 26, 2026", 2026, 3, 26 },
	{ "expires 26 Mar 2026", 2026, 3, 26 },
	{ "26 March 2026", 2026, 3, 26 },
	{ "March 26, 2026", 2026, 3, 26 },
	{ "26 MAR 2026", 2026, 3, 26 },
	{ "6 Mar 2026", 2026, 3, 6 },
	{ "Mar 6, 2026", 2026, 3, 6 },
	{ "  2026-03-26", 2026, 3, 26 },
	{ "1 Sep 2026", 2026, 9, 1 },
	{ "31 Dec 2026", 2026, 12, 31 },
	{ "29 Feb 2024", 2024, 2, 29 },
	{ "2000-02-29", 2000, 2, 29 },
	{ "1970-01-01", 1970, 1, 1 },
	{ "9999-12-31", 9999, 12, 31 },
};

START_TEST(test_date_parse_accepts_forms)
{
	struct date d = { 0, 0, 0 };
	const char *why = NULL;

	ck_assert_msg(date_parse(date_valid_forms[_i].text, &d, &why),
	    "'%s' rejected: %s", date_valid_forms[_i].text,
	    why != NULL ? why : "");
	ck_assert_int_eq(d.year, date_valid_forms[_i].year);
	ck_assert_int_eq(d.month, date_valid_forms[_i].month);
	ck_assert_int_eq(d.day, date_valid_forms[_i].day);
}
END_TEST

#define WHY_DATE_FORM	"expected a date such as 2026-03-26, 26 Mar 2026 or " \
	"Mar 26, 2026"

static const struct {
	const char *text;
	const char *why;
} date_invalid_forms[] = {
	{ "", WHY_DATE_FORM },
	{ "2026-3-26", WHY_DATE_FORM },
	{ "26/03/2026", WHY_DATE_FORM },
	{ "Mar 26 2026", WHY_DATE_FORM },
	{ "26 Mars 2026", WHY_DATE_FORM },
	{ "26 Mar 26", WHY_DATE_FORM },
	{ "Expires", WHY_DATE_FORM },
	{ "2026-03-26T09:00:00Z", WHY_DATE_FORM },
	{ "2026-03-26 ", WHY_DATE_FORM },
	{ "2026-02-29", WHY_NO_DAY },
	{ "2100-02-29", WHY_NO_DAY },
	{ "31 Apr 2026", WHY_NO_DAY },
	{ "2026-00-10", WHY_NO_DAY },
	{ "2026-03-00", WHY_NO_DAY },
	{ "1969-12-31", "the year must be between 1970 and 9999" },
	{ "0001-01-01", "the year must be between 1970 and 9999" },
};

START_TEST(test_date_parse_rejects_forms)
{
	struct date d = { 0, 0, 0 };
	const char *why = NULL;

	ck_assert_msg(!date_parse(date_invalid_forms[_i].text, &d, &why),
	    "'%s' accepted", date_invalid_forms[_i].text);
	ck_assert_pstr_eq(why, date_invalid_forms[_i].why);
}
END_TEST

/* date arithmetic */

static const struct {
	int	 year;
	int	 month;
	int	 days;
} month_lengths[] = {
	{ 2023, 2, 28 }, { 2024, 2, 29 }, { 2000, 2, 29 }, { 2100, 2, 28 },
	{ 2400, 2, 29 }, { 2026, 1, 31 }, { 2026, 4, 30 }, { 2026, 12, 31 },
	{ 2026, 0, 0 }, { 2026, 13, 0 },
};

START_TEST(test_date_days_in_month_leap_rule)
{
	ck_assert_int_eq(date_days_in_month(month_lengths[_i].year,
	    month_lengths[_i].month), month_lengths[_i].days);
}
END_TEST

static const struct {
	struct date d;
	int64_t	 days;
} day_numbers[] = {
	{ { 1970, 1, 1 }, 0 },
	{ { 1970, 1, 2 }, 1 },
	{ { 1972, 2, 29 }, 789 },
	{ { 2000, 2, 29 }, 11016 },
	{ { 2000, 3, 1 }, 11017 },
	{ { 2024, 2, 29 }, 19782 },
	{ { 2400, 2, 29 }, 157113 },
	{ { 9999, 12, 31 }, 2932896 },
};

START_TEST(test_date_to_days_known_points)
{
	struct date back;

	ck_assert_int_eq(date_to_days(&day_numbers[_i].d),
	    day_numbers[_i].days);
	back = date_from_days(day_numbers[_i].days);
	ck_assert_int_eq(back.year, day_numbers[_i].d.year);
	ck_assert_int_eq(back.month, day_numbers[_i].d.month);
	ck_assert_int_eq(back.day, day_numbers[_i].d.day);
}
END_TEST

/* The test's own calendar, written independently of date.c. */
static int
walk_month_length(int year, int month)
{
	static const int lengths[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0);

	return month == 2 && leap ? 29 : lengths[month - 1];
}

static void
walk_next_day(struct date *d)
{
	if (d->day < walk_month_length(d->year, d->month)) {
		d->day++;
		return;
	}
	d->day = 1;
	if (d->month < 12) {
		d->month++;
		return;
	}
	d->month = 1;
	d->year++;
}

/* Every day from 1970-01-01 to 9999-12-31 maps to its number and back. */
START_TEST(test_date_days_round_trip_every_day)
{
	struct date walk = { 1970, 1, 1 };
	size_t mismatches = 0, leap_days = 0;
	int64_t first_bad = -1;
	int64_t days;

	for (days = 0; days <= 2932896; days++) {
		struct date back = date_from_days(days);

		if (date_to_days(&walk) != days || date_cmp(&back, &walk) != 0 ||
		    !date_valid(&walk)) {
			if (mismatches++ == 0)
				first_bad = days;
		}
		if (walk.month == 2 && walk.day == 29)
			leap_days++;
		walk_next_day(&walk);
	}
	ck_assert_msg(mismatches == 0, "%zu days do not round-trip, the first "
	    "is day %lld", mismatches, (long long)first_bad);
	ck_assert_uint_eq(leap_days, 1947);
	ck_assert_int_eq(walk.year, 10000);
	ck_assert_int_eq(walk.month, 1);
	ck_assert_int_eq(walk.day, 1);
}
END_TEST

static const struct {
	struct date d;
	bool	 valid;
} date_validity[] = {
	{ { 2024, 2, 29 }, true },
	{ { 2023, 2, 29 }, false },
	{ { 2100, 2, 29 }, false },
	{ { 2000, 2, 29 }, true },
	{ { 1970, 1, 1 }, true },
	{ { 1969, 12, 31 }, false },
	{ { 9999, 12, 31 }, true },
	{ { 10000, 1, 1 }, false },
	{ { 2026, 4, 31 }, false },
	{ { 2026, 0, 1 }, false },
	{ { 2026, 1, 0 }, false },
};

START_TEST(test_date_valid_range_and_calendar)
{
	ck_assert_int_eq(date_valid(&date_validity[_i].d),
	    date_validity[_i].valid);
}
END_TEST

START_TEST(test_date_format_pads_fields)
{
	const struct date d = { 2026, 3, 6 };
	char text[DATE_BUFSZ];

	date_format(&d, text);
	ck_assert_str_eq(text, "2026-03-06");
}
END_TEST

/* duration_parse */

static const struct {
	const char *text;
	int64_t	 seconds;
} duration_valid[] = {
	{ "365d", 31536000 },
	{ "1d", 86400 },
	{ "12h", 43200 },
	{ "30m", 1800 },
	{ "90s", 90 },
	{ "36525d", DURATION_MAX },
	{ "3155760000s", DURATION_MAX },
	{ "52596000m", DURATION_MAX },
};

START_TEST(test_duration_parse_accepts_units)
{
	const char *why = NULL;
	int64_t seconds = -1;

	ck_assert_msg(duration_parse(duration_valid[_i].text, &seconds, &why),
	    "'%s' rejected: %s", duration_valid[_i].text,
	    why != NULL ? why : "");
	ck_assert_int_eq(seconds, duration_valid[_i].seconds);
}
END_TEST

#define WHY_NUMBER	"expected a number and a unit, as in 365d"
#define WHY_UNIT	"the unit must be one of d, h, m or s, as in 365d"
#define WHY_LONG	"the duration is longer than 100 years"

static const struct {
	const char *text;
	const char *why;
} duration_invalid[] = {
	{ "365", "the number needs a unit: d, h, m or s, as in 365d" },
	{ "0d", "a duration must be longer than zero" },
	{ "-1d", "a duration cannot be negative" },
	{ "", WHY_NUMBER },
	{ "d", WHY_NUMBER },
	{ " 365d", WHY_NUMBER },
	{ "365x", WHY_UNIT },
	{ "365D", WHY_UNIT },
	{ "365dd", WHY_UNIT },
	{ "365d ", WHY_UNIT },
	{ "1.5d", WHY_UNIT },
	{ "36526d", WHY_LONG },
	{ "3155760001s", WHY_LONG },
	{ "52596001m", WHY_LONG },
	{ "99999999999999999999999d", WHY_LONG },
};

START_TEST(test_duration_parse_rejects_forms)
{
	const char *why = NULL;
	int64_t seconds = 0;

	ck_assert_msg(!duration_parse(duration_invalid[_i].text, &seconds,
	    &why), "'%s' accepted", duration_invalid[_i].text);
	ck_assert_pstr_eq(why, duration_invalid[_i].why);
}
END_TEST

/* zone_check */

static const char *const zone_names_valid[] = {
	"Europe/London", "UTC", "Etc/UTC", "Asia/Kathmandu", "Asia/Kolkata",
	"Pacific/Kiritimati", "Pacific/Auckland", "America/New_York",
	"America/Argentina/Buenos_Aires", "Etc/GMT+5", "Etc/GMT-14",
};

START_TEST(test_zone_check_accepts_names)
{
	const char *why = NULL;

	ck_assert_msg(zone_check(zone_names_valid[_i], &why), "'%s' "
	    "rejected: %s", zone_names_valid[_i], why != NULL ? why : "");
}
END_TEST

#define WHY_NO_ZONE	"no such zone in the time zone database; use a name " \
	"such as Europe/London (see /usr/share/zoneinfo)"
#define WHY_PATH	"a zone is a name such as Europe/London, not a path"
#define WHY_ZONE_FORM	"expected an IANA zone name such as Europe/London"
#define WHY_ZONE_CHARS	"expected an IANA zone name such as Europe/London " \
	"(letters, digits, _ + - /)"
#define LONG_ZONE_NAME \
	"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct {
	const char *name;
	const char *why;
} zone_names_invalid[] = {
	{ "Europe/Berln", WHY_NO_ZONE },
	{ "europe/london", WHY_NO_ZONE },
	{ "Europe", WHY_NO_ZONE },
	{ "Mars/Olympus_Mons", WHY_NO_ZONE },
	{ "/etc/passwd", WHY_PATH },
	{ "/usr/share/zoneinfo/Europe/London", WHY_PATH },
	{ "../../../etc/passwd", WHY_PATH },
	{ "..", WHY_PATH },
	{ "Europe/../Europe/London", WHY_PATH },
	{ "Europe//London", WHY_PATH },
	{ "", WHY_ZONE_FORM },
	{ "Europe/", WHY_ZONE_FORM },
	{ "localtime", WHY_ZONE_FORM },
	{ "posixrules", WHY_ZONE_FORM },
	{ "Factory", WHY_ZONE_FORM },
	{ "right/UTC", WHY_ZONE_FORM },
	{ LONG_ZONE_NAME, WHY_ZONE_FORM },
	{ "./Europe/London", WHY_ZONE_CHARS },
	{ "Europe/London ", WHY_ZONE_CHARS },
	{ "Europe/Lon\ndon", WHY_ZONE_CHARS },
	{ "zone.tab", WHY_ZONE_CHARS },
	{ "Europe\\London", WHY_ZONE_CHARS },
};

START_TEST(test_zone_check_rejects_names)
{
	const char *why = NULL;

	ck_assert_msg(!zone_check(zone_names_invalid[_i].name, &why),
	    "'%s' accepted", zone_names_invalid[_i].name);
	ck_assert_pstr_eq(why, zone_names_invalid[_i].why);
}
END_TEST

/* zone_check reads TZDIR when it is set, and wants real TZif files. */
START_TEST(test_zone_check_follows_tzdir)
{
	static const char tzif[] = "TZif2 and the rest of a zone file";
	char *sub = testutil_make_subdir(testutil_test_dir, "Test");
	char *zone = testutil_write_file(sub, "Zone", tzif, sizeof(tzif) - 1);
	char *fake = testutil_write_text(sub, "Fake", "not a zone file\n");
	const char *why = NULL;

	ck_assert_int_eq(setenv("TZDIR", testutil_test_dir, 1), 0);

	ck_assert(zone_check("Test/Zone", &why));
	ck_assert(!zone_check("Test/Fake", &why));
	ck_assert_str_eq(why, WHY_NO_ZONE);
	ck_assert(!zone_check("Europe/London", &why));
	ck_assert_str_eq(why, WHY_NO_ZONE);

	ck_assert_int_eq(unsetenv("TZDIR"), 0);
	free(fake);
	free(zone);
	free(sub);
}
END_TEST

/* zone_local */

static const struct {
	const char *zone;
	const char *utc;
	struct date date;
	int	 hour;
	int	 minute;
	int	 offset;
	const char *abbrev;
} local_times[] = {
	{ "Europe/London", "2026-03-29T00:30:00Z", { 2026, 3, 29 }, 0, 30, 0,
	    "GMT" },
	{ "Europe/London", "2026-03-29T23:30:00Z", { 2026, 3, 30 }, 0, 30, 3600,
	    "BST" },
	{ "Asia/Kathmandu", "2026-03-26T18:20:00Z", { 2026, 3, 27 }, 0, 5,
	    20700, "+0545" },
	{ "Asia/Kathmandu", "2026-03-26T18:14:00Z", { 2026, 3, 26 }, 23, 59,
	    20700, "+0545" },
	{ "Asia/Kolkata", "2026-03-26T18:20:00Z", { 2026, 3, 26 }, 23, 50,
	    19800, "IST" },
	{ "Asia/Kolkata", "2026-03-26T18:30:00Z", { 2026, 3, 27 }, 0, 0,
	    19800, "IST" },
	{ "Pacific/Kiritimati", "2026-03-26T09:59:00Z", { 2026, 3, 26 }, 23, 59,
	    50400, "+14" },
	{ "Pacific/Kiritimati", "2026-03-26T10:00:00Z", { 2026, 3, 27 }, 0, 0,
	    50400, "+14" },
	{ "Pacific/Auckland", "2026-03-26T12:00:00Z", { 2026, 3, 27 }, 1, 0,
	    46800, "NZDT" },
	{ "Pacific/Auckland", "2026-04-05T12:00:00Z", { 2026, 4, 6 }, 0, 0,
	    43200, "NZST" },
	{ "America/New_York", "2026-03-08T06:59:00Z", { 2026, 3, 8 }, 1, 59,
	    -18000, "EST" },
	{ "America/New_York", "2026-03-08T07:00:00Z", { 2026, 3, 8 }, 3, 0,
	    -14400, "EDT" },
	{ "America/New_York", "2026-03-25T04:00:00Z", { 2026, 3, 25 }, 0, 0,
	    -14400, "EDT" },
	{ "America/Los_Angeles", "2026-03-26T03:00:00Z", { 2026, 3, 25 }, 20, 0,
	    -25200, "PDT" },
	{ "UTC", "2026-03-26T09:00:00Z", { 2026, 3, 26 }, 9, 0, 0, "UTC" },
	{ "Etc/UTC", "2026-03-26T23:59:00Z", { 2026, 3, 26 }, 23, 59, 0, "UTC" },
};

/* Loop index: the table row times the number of process zones. */
START_TEST(test_zone_local_wall_clock)
{
	size_t row = (size_t)_i / ARRAY_LEN(process_zones);
	const char *process = process_zones[(size_t)_i %
	    ARRAY_LEN(process_zones)];
	struct zone_time local;

	memset(&local, 0, sizeof(local));
	testutil_set_process_tz(process);
	ck_assert(zone_local(local_times[row].zone,
	    testutil_instant(local_times[row].utc), &local));
	testutil_assert_process_tz(process);
	ck_assert_int_eq(local.date.year, local_times[row].date.year);
	ck_assert_int_eq(local.date.month, local_times[row].date.month);
	ck_assert_int_eq(local.date.day, local_times[row].date.day);
	ck_assert_int_eq(local.hour, local_times[row].hour);
	ck_assert_int_eq(local.minute, local_times[row].minute);
	ck_assert_int_eq(local.offset, local_times[row].offset);
	ck_assert_str_eq(local.abbrev, local_times[row].abbrev);
}
END_TEST

/* zone_day_start */

static const struct {
	const char *zone;
	struct date date;
	const char *start;
} day_starts[] = {
	{ "Europe/London", { 2026, 3, 29 }, "2026-03-29T00:00:00Z" },
	{ "Europe/London", { 2026, 3, 30 }, "2026-03-29T23:00:00Z" },
	{ "Europe/London", { 2026, 3, 20 }, "2026-03-20T00:00:00Z" },
	{ "Europe/London", { 2026, 10, 25 }, "2026-10-24T23:00:00Z" },
	{ "Europe/London", { 2026, 10, 26 }, "2026-10-26T00:00:00Z" },
	{ "America/New_York", { 2026, 3, 25 }, "2026-03-25T04:00:00Z" },
	{ "America/New_York", { 2026, 3, 8 }, "2026-03-08T05:00:00Z" },
	{ "America/Los_Angeles", { 2026, 3, 26 }, "2026-03-26T07:00:00Z" },
	{ "Asia/Kathmandu", { 2026, 3, 27 }, "2026-03-26T18:15:00Z" },
	{ "Asia/Kolkata", { 2026, 3, 27 }, "2026-03-26T18:30:00Z" },
	{ "Pacific/Kiritimati", { 2026, 3, 27 }, "2026-03-26T10:00:00Z" },
	{ "Pacific/Kiritimati", { 9999, 12, 31 }, "9999-12-30T10:00:00Z" },
	{ "Pacific/Auckland", { 2026, 3, 27 }, "2026-03-26T11:00:00Z" },
	{ "Pacific/Auckland", { 2026, 4, 5 }, "2026-04-04T11:00:00Z" },
	{ "Pacific/Auckland", { 2026, 4, 6 }, "2026-04-05T12:00:00Z" },
	/* Clocks jumped from 00:00 to 01:00, so the day began at 01:00. */
	{ "America/Sao_Paulo", { 2018, 11, 4 }, "2018-11-04T03:00:00Z" },
	{ "UTC", { 2026, 3, 26 }, "2026-03-26T00:00:00Z" },
	{ "UTC", { 1970, 1, 1 }, "1970-01-01T00:00:00Z" },
};

START_TEST(test_zone_day_start_first_instant)
{
	size_t row = (size_t)_i / ARRAY_LEN(process_zones);
	const char *process = process_zones[(size_t)_i %
	    ARRAY_LEN(process_zones)];
	char text[INSTANT_BUFSZ];

	testutil_set_process_tz(process);
	instant_format(zone_day_start(day_starts[row].zone,
	    &day_starts[row].date), text);
	testutil_assert_process_tz(process);
	ck_assert_str_eq(text, day_starts[row].start);
}
END_TEST

static Suite *
time_suite(void)
{
	Suite *s = suite_create("time");
	TCase *tc;

	tc = tcase_create("instant");
	tcase_add_loop_test(tc, test_instant_parse_accepts_forms, 0,
	    (int)ARRAY_LEN(instant_valid));
	tcase_add_loop_test(tc, test_instant_parse_rejects_forms, 0,
	    (int)ARRAY_LEN(instant_invalid));
	tcase_add_loop_test(tc, test_instant_format_writes_utc, 0,
	    (int)ARRAY_LEN(instant_texts));
	tcase_add_test(tc, test_instant_format_parse_round_trip);
	tcase_add_loop_test(tc, test_instant_floor_div_rounds_down, 0,
	    (int)ARRAY_LEN(floor_divisions));
	suite_add_tcase(s, tc);

	tc = tcase_create("date");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_date_parse_accepts_forms, 0,
	    (int)ARRAY_LEN(date_valid_forms));
	tcase_add_loop_test(tc, test_date_parse_rejects_forms, 0,
	    (int)ARRAY_LEN(date_invalid_forms));
	tcase_add_loop_test(tc, test_date_days_in_month_leap_rule, 0,
	    (int)ARRAY_LEN(month_lengths));
	tcase_add_loop_test(tc, test_date_to_days_known_points, 0,
	    (int)ARRAY_LEN(day_numbers));
	tcase_add_test(tc, test_date_days_round_trip_every_day);
	tcase_add_loop_test(tc, test_date_valid_range_and_calendar, 0,
	    (int)ARRAY_LEN(date_validity));
	tcase_add_test(tc, test_date_format_pads_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("duration");
	tcase_add_loop_test(tc, test_duration_parse_accepts_units, 0,
	    (int)ARRAY_LEN(duration_valid));
	tcase_add_loop_test(tc, test_duration_parse_rejects_forms, 0,
	    (int)ARRAY_LEN(duration_invalid));
	suite_add_tcase(s, tc);

	tc = tcase_create("zone");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_zone_check_accepts_names, 0,
	    (int)ARRAY_LEN(zone_names_valid));
	tcase_add_loop_test(tc, test_zone_check_rejects_names, 0,
	    (int)ARRAY_LEN(zone_names_invalid));
	tcase_add_loop_test(tc, test_zone_local_wall_clock, 0,
	    (int)(ARRAY_LEN(local_times) * ARRAY_LEN(process_zones)));
	tcase_add_loop_test(tc, test_zone_day_start_first_instant, 0,
	    (int)(ARRAY_LEN(day_starts) * ARRAY_LEN(process_zones)));
	suite_add_tcase(s, tc);

	/* The only test that writes files has a test case of its own, so
	 * that the table rows above do not each make a directory. */
	tc = tcase_create("zone_files");
	testutil_add_fixtures(tc);
	tcase_add_test(tc, test_zone_check_follows_tzdir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(time_suite());
}

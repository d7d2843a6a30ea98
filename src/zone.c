/*
 * IANA time zones. Names are checked against the zoneinfo files (TZDIR or
 * /usr/share/zoneinfo) before use, because the C library silently falls
 * back to UTC for a name it cannot find. Each conversion sets TZ for the
 * length of one call and restores it before returning, so the process's
 * own TZ does not leak into a result (tests run under several TZ values
 * to check this). Changing TZ is safe only while no other thread runs: the only
 * other threads are libcurl's resolvers, and zone conversions happen only
 * after the live lookups have finished.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "instant.h"
#include "text.h"
#include "xalloc.h"
#include "zone.h"

#define ZONE_DEFAULT_DIR	"/usr/share/zoneinfo"

static bool
zone_name_char(int c)
{
	return text_is_alpha(c) || text_is_digit(c) || c == '_' || c == '-' ||
	    c == '+' || c == '/';
}

/* Files in the zoneinfo folder that are not zones to pick: the machine's
 * own zone, the POSIX rule template, the placeholder "Factory", and the
 * right/ tree, whose clocks count leap seconds and so run 27 s apart. */
static bool
zone_name_reserved(const char *name)
{
	return strcmp(name, "localtime") == 0 ||
	    strcmp(name, "posixrules") == 0 || strcmp(name, "Factory") == 0 ||
	    strncmp(name, "right/", 6) == 0;
}

/* A relative path of plain components: no "..", ".", "//" or leading /. */
static bool
zone_name_syntax(const char *name, const char **why)
{
	const char *p;
	const char *component = name;

	if (*name == '\0' || strlen(name) > ZONE_NAME_MAX) {
		*why = "expected an IANA zone name such as Europe/London";
		return false;
	}
	if (*name == '/' || strstr(name, "..") != NULL ||
	    strstr(name, "//") != NULL) {
		*why = "a zone is a name such as Europe/London, not a path";
		return false;
	}
	for (p = name; *p != '\0'; p++) {
		if (!zone_name_char((unsigned char)*p)) {
			*why = "expected an IANA zone name such as "
			    "Europe/London (letters, digits, _ + - /)";
			return false;
		}
		if (*p == '/')
			component = p + 1;
	}
	if (*component == '\0' || zone_name_reserved(name)) {
		*why = "expected an IANA zone name such as Europe/London";
		return false;
	}
	return true;
}

/* True when path is a regular file that starts with the TZif magic. */
static bool
zone_file_is_tzif(const char *path)
{
	char magic[4];
	struct stat st;
	bool ok = false;
	int fd;

	fd = open(path, O_RDONLY | O_NOCTTY);
	if (fd == -1)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", 4) == 0)
		ok = true;
	(void)close(fd);
	return ok;
}

/* Check that name is a zone in the zoneinfo database. */
bool
zone_check(const char *name, const char **why)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	int n;

	if (!zone_name_syntax(name, why))
		return false;
	if (dir == NULL || *dir == '\0')
		dir = ZONE_DEFAULT_DIR;
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) || !zone_file_is_tzif(path)) {
		*why = "no such zone in the time zone database; use a name "
		    "such as Europe/London (see /usr/share/zoneinfo)";
		return false;
	}
	return true;
}

static bool
zone_is_utc(const char *name)
{
	return strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0;
}

struct zone_saved {
	char	*tz;		/* the process's TZ, or NULL if unset */
};

static bool
zone_enter(const char *name, struct zone_saved *saved)
{
	const char *old = getenv("TZ");
	char value[ZONE_NAME_MAX + 2];

	saved->tz = old != NULL ? xstrdup(old) : NULL;
	snprintf(value, sizeof(value), ":%s", name);
	if (setenv("TZ", value, 1) != 0) {
		free(saved->tz);
		saved->tz = NULL;
		return false;
	}
	tzset();
	return true;
}

static void
zone_leave(struct zone_saved *saved)
{
	if (saved->tz != NULL)
		(void)setenv("TZ", saved->tz, 1);
	else
		(void)unsetenv("TZ");
	tzset();
	free(saved->tz);
	saved->tz = NULL;
}

static void
zone_fill(const struct tm *tm, struct zone_time *out)
{
	out->date.year = tm->tm_year + 1900;
	out->date.month = tm->tm_mon + 1;
	out->date.day = tm->tm_mday;
	out->hour = tm->tm_hour;
	out->minute = tm->tm_min;
	out->offset = (int)tm->tm_gmtoff;
	snprintf(out->abbrev, sizeof(out->abbrev), "%s",
	    tm->tm_zone != NULL ? tm->tm_zone : "");
}

static void
zone_fill_utc(int64_t t, struct zone_time *out)
{
	int64_t secs = t - instant_floor_div(t, SECONDS_PER_DAY) *
	    SECONDS_PER_DAY;

	out->date = instant_utc_date(t);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->offset = 0;
	snprintf(out->abbrev, sizeof(out->abbrev), "UTC");
}

/* Convert t to the wall clock of zone name; the name must have passed
 * zone_check(). */
bool
zone_local(const char *name, int64_t t, struct zone_time *out)
{
	struct zone_saved saved;
	struct tm tm;
	time_t tt = (time_t)t;
	bool ok;

	if (zone_is_utc(name)) {
		zone_fill_utc(t, out);
		return true;
	}
	if (!zone_enter(name, &saved))
		return false;
	ok = localtime_r(&tt, &tm) != NULL;
	if (ok)
		zone_fill(&tm, out);
	zone_leave(&saved);
	return ok;
}

static bool
zone_date_reached(int64_t t, const struct date *d)
{
	struct tm tm;
	time_t tt = (time_t)t;
	struct date local;

	if (localtime_r(&tt, &tm) == NULL)
		return false;
	local.year = tm.tm_year + 1900;
	local.month = tm.tm_mon + 1;
	local.day = tm.tm_mday;
	return date_cmp(&local, d) >= 0;
}

/*
 * Return the first instant at which date d has begun in zone name: the
 * earliest moment a viewer there could see d on a calendar. Every zone's
 * offset lies within 26 hours of UTC, so the result is in that window
 * around midnight UTC, and a binary search finds the first second of it.
 */
int64_t
zone_day_start(const char *name, const struct date *d)
{
	struct zone_saved saved;
	int64_t midnight = instant_from_date(d);
	int64_t lo = midnight - INT64_C(26) * 3600;
	int64_t hi = midnight + INT64_C(26) * 3600;

	if (zone_is_utc(name) || !zone_enter(name, &saved))
		return midnight;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (zone_date_reached(mid, d))
			hi = mid;
		else
			lo = mid + 1;
	}
	zone_leave(&saved);
	return lo;
}

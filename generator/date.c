#include "date.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
int date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int parse_ymd_prefix(int *out, const char *s)
{
	int y, m, d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int date_parse(int *out, const char *s)
{
	if (!s || strlen(s) != 10)
		return -1;
	return parse_ymd_prefix(out, s);
}

int date_parse_datetime(int *day, int *minutes, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int h, mi, sec;

	if ((n != 16 && n != 19) || parse_ymd_prefix(day, s) != 0 || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return -1;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	if (n == 19) {
		sec = digits(s + 17, 2);
		if (s[16] != ':' || sec < 0 || sec > 59)
			return -1;
	}
	*minutes = h * 60 + mi;
	return 0;
}

void date_format_iso(buf *out, int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

static const char *const month_names[2][12] = {
	{ "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
	  "oktober", "november", "december" },
	{ "January", "February", "March", "April", "May", "June", "July", "August", "September",
	  "October", "November", "December" },
};

void date_format_long(buf *out, int day, const char *lang)
{
	int y, m, d;
	int en = lang_is_english(lang);

	date_to_ymd(day, &y, &m, &d);
	if (m < 1 || m > 12)
		m = 1; /* unreachable for valid days; keeps the index provably in range */
	buf_printf(out, "%d %s %d", d, month_names[en][m - 1], y);
}

void date_format_month(buf *out, int day, const char *lang)
{
	int y, m, d;
	int en = lang_is_english(lang);

	date_to_ymd(day, &y, &m, &d);
	if (m < 1 || m > 12)
		m = 1;
	buf_printf(out, "%s %d", month_names[en][m - 1], y);
}

/* ---- built-in zones ------------------------------------------------------
 *
 * Local times convert the same on every build machine whatever its tzdata:
 * standard offset, plus one hour of summer time between 01:00 UTC on the
 * last Sunday of March and of October (the EU rule since 1996, used for
 * earlier years too). */

static const date_zone zones[] = {
	{ "Europe/Stockholm", 60, "CET", "CEST" }, { "Europe/Oslo", 60, "CET", "CEST" },
	{ "Europe/Copenhagen", 60, "CET", "CEST" }, { "Europe/Berlin", 60, "CET", "CEST" },
	{ "Europe/Helsinki", 120, "EET", "EEST" }, { "Europe/Mariehamn", 120, "EET", "EEST" },
	{ "Europe/London", 0, "GMT", "BST" },
};

const date_zone *date_zone_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(zones) / sizeof(zones[0]); i++)
		if (!strcmp(zones[i].name, name))
			return &zones[i];
	return NULL;
}

long long date_floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* 01:00 UTC on the last Sunday of month (1-12) of year. */
static long long eu_switch(int year, int month)
{
	int last = (month == 12 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, month + 1, 1)) - 1;
	int weekday = (int)(((long long)last % 7 + 7 + 4) % 7); /* 0 = Sunday; 1970-01-01 was a Thursday */

	return (long long)(last - weekday) * 86400 + 3600;
}

static int eu_summer(long long t)
{
	int y, mo, d;

	date_to_ymd((int)date_floor_div(t, 86400), &y, &mo, &d);
	return t >= eu_switch(y, 3) && t < eu_switch(y, 10);
}

int date_zone_offset(const date_zone *z, long long t)
{
	if (!z)
		return 0;
	return z->std_minutes + (eu_summer(t) ? 60 : 0);
}

long long date_local_to_unix(const date_zone *z, int day, int minutes)
{
	long long local = (long long)day * 86400 + (long long)minutes * 60, t;

	if (!z)
		return local;
	t = local - (long long)(z->std_minutes + 60) * 60;
	if (eu_summer(t))
		return t;
	return local - (long long)z->std_minutes * 60;
}

int date_unix_to_day(const date_zone *z, long long t)
{
	return (int)date_floor_div(t + (long long)date_zone_offset(z, t) * 60, 86400);
}

/* localtime_r only knows the zone in TZ, and TZ is process-wide, so
 * conversions take turns under date_tz_lock: pages are rendered on several
 * threads, and each converts git times. Setting TZ and restoring it makes
 * glibc read the zone file again every time (some 15 us), so results are
 * also remembered, per time, for the zone last asked for: a dialogue's
 * publication and last change are converted for several places on its
 * page, and files changed in one commit share its time. */
#define DATE_MEMO_SIZE 4096 /* a power of two */

static pthread_mutex_t date_tz_lock = PTHREAD_MUTEX_INITIALIZER;
static char date_memo_zone[64]; /* "" until the first conversion */
static struct {
	long long t;
	int day;
	int used;
} date_memo[DATE_MEMO_SIZE];

static int date_from_unix_locked(long long t, const char *zone)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", zone, 1);
	tzset();
	if (!localtime_r(&tt, &tm))
		memset(&tm, 0, sizeof(tm));
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int date_from_unix(long long t, const char *tz)
{
	const char *zone = tz && *tz ? tz : "Europe/Stockholm";
	const date_zone *z = date_zone_find(zone);
	size_t slot = (size_t)(((unsigned long long)t * 0x9E3779B97F4A7C15ULL) >> 52) &
		      (DATE_MEMO_SIZE - 1);
	int day;

	/* One engine for every output: a built-in zone is computed here, never
	 * through the machine's tzdata (which the calendars cannot rely on). */
	if (z)
		return date_unix_to_day(z, t);
	pthread_mutex_lock(&date_tz_lock);
	if (strcmp(date_memo_zone, zone) != 0) {
		memset(date_memo, 0, sizeof(date_memo));
		/* A name too long to remember is converted every time. */
		if (strlen(zone) < sizeof(date_memo_zone))
			memcpy(date_memo_zone, zone, strlen(zone) + 1);
		else
			date_memo_zone[0] = '\0';
	}
	if (date_memo[slot].used && date_memo[slot].t == t) {
		day = date_memo[slot].day;
	} else {
		day = date_from_unix_locked(t, zone);
		if (date_memo_zone[0]) {
			date_memo[slot].t = t;
			date_memo[slot].day = day;
			date_memo[slot].used = 1;
		}
	}
	pthread_mutex_unlock(&date_tz_lock);
	return day;
}

int date_today(int *out, const char *override, const char *tz)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");

	if (override)
		return date_parse(out, override);
	if (epoch && *epoch) {
		char *end;
		long long t;

		errno = 0;
		t = strtoll(epoch, &end, 10);
		/* Up to 9999-12-31: beyond, localtime cannot say which day it is. */
		if (errno || *end || end == epoch || t < 0 || t > 253402300799LL || !isdigit((unsigned char)*epoch))
			return -1;
		*out = date_from_unix(t, tz);
		return 0;
	}
	*out = date_from_unix((long long)time(NULL), tz);
	return 0;
}

int date_local_time_kind(const char *tz, int day, int minutes)
{
	const char *zone = tz && *tz ? tz : "Europe/Stockholm";
	long long wall = (long long)day * 86400 + (long long)minutes * 60; /* as if UTC */
	long offsets[3];
	int found = 0, i, j;
	char *old;

	pthread_mutex_lock(&date_tz_lock);
	old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	setenv("TZ", zone, 1);
	tzset();
	/* The zone's offsets on either side of the day: a wall time exists
	 * once for each offset that maps it back to itself. */
	for (i = 0; i < 3; i++) {
		time_t t = (time_t)(wall + (i - 1) * 86400LL);
		struct tm tm;
		offsets[i] = localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
	}
	for (i = 0; i < 3; i++) {
		time_t t = (time_t)(wall - offsets[i]);
		struct tm tm;
		int dup = 0;
		for (j = 0; j < i; j++)
			dup |= offsets[j] == offsets[i];
		if (!dup && localtime_r(&t, &tm) && tm.tm_gmtoff == offsets[i])
			found++;
	}
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
	pthread_mutex_unlock(&date_tz_lock);
	return found == 0 ? DATE_LOCAL_GAP : found > 1 ? DATE_LOCAL_REPEATED : DATE_LOCAL_OK;
}

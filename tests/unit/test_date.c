/* Unit tests for date: day numbers, parsing, formatting and "today". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

/* Unix times used below (seconds since 1970-01-01T00:00:00Z). */
#define T_2026_11_21_2330Z 1795303800LL /* 2026-11-22 00:30 in Stockholm (CET) */
#define T_2026_06_30_2230Z 1782858600LL /* 2026-07-01 00:30 in Stockholm (CEST) */

/* ---- helpers ------------------------------------------------------------ */

static int ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void assert_parses(const char *s, int y, int m, int d)
{
	int day = 12345;

	if (date_parse(&day, s) != 0)
		fail_msg("date_parse rejected valid \"%s\"", s);
	assert_int_equal(day, ymd(y, m, d));
}

static void assert_rejected(const char *s)
{
	int day;

	if (date_parse(&day, s) != -1)
		fail_msg("date_parse accepted invalid \"%s\"", s ? s : "(null)");
}

static void assert_datetime(const char *s, int y, int m, int d, int minutes)
{
	int day = 0, min = -1;

	if (date_parse_datetime(&day, &min, s) != 0)
		fail_msg("date_parse_datetime rejected valid \"%s\"", s);
	assert_int_equal(day, ymd(y, m, d));
	assert_int_equal(min, minutes);
}

static void assert_datetime_rejected(const char *s)
{
	int day, min;

	if (date_parse_datetime(&day, &min, s) != -1)
		fail_msg("date_parse_datetime accepted invalid \"%s\"", s ? s : "(null)");
}

static void assert_iso(int day, const char *expected)
{
	buf b = BUF_INIT;
	date_format_iso(&b, day);
	assert_string_equal(b.ptr, expected);
	buf_free(&b);
}

static void assert_long(int day, const char *lang, const char *expected)
{
	buf b = BUF_INIT;
	date_format_long(&b, day, lang);
	assert_string_equal(b.ptr, expected);
	buf_free(&b);
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Saves and restores SOURCE_DATE_EPOCH and TZ around each test. */
typedef struct saved_env {
	char *epoch, *tz;
} saved_env;

static char *save_var(const char *name)
{
	const char *v = getenv(name);
	return v ? strdup(v) : NULL;
}

static void restore_var(const char *name, char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
	free(v);
}

static int env_setup(void **state)
{
	saved_env *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->epoch = save_var("SOURCE_DATE_EPOCH");
	s->tz = save_var("TZ");
	unsetenv("SOURCE_DATE_EPOCH");
	*state = s;
	return 0;
}

static int env_teardown(void **state)
{
	saved_env *s = *state;

	restore_var("SOURCE_DATE_EPOCH", s->epoch);
	restore_var("TZ", s->tz);
	tzset();
	free(s);
	return 0;
}

/* ---- day numbers --------------------------------------------------------- */

static void test_known_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(1900, 1, 1), -25567);
	assert_int_equal(ymd(1600, 2, 29), -135081);
	assert_int_equal(ymd(1000, 1, 1), -354285);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(2017, 2, 15), 17212);
	assert_int_equal(ymd(2024, 2, 29), 19782);
	assert_int_equal(ymd(9999, 12, 31), 2932896);
}

static void test_round_trip_every_day(void **state)
{
	int first = ymd(1000, 1, 1), last = ymd(9999, 12, 31);
	int day, y = 1000, m = 1, d = 1;

	(void)state;
	/* Walk the calendar day by day and check both directions. */
	for (day = first; day <= last; day++) {
		int yy, mm, dd;

		date_to_ymd(day, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d: got %04d-%02d-%02d, expected %04d-%02d-%02d", day, yy,
				 mm, dd, y, m, d);
		if (date_from_ymd(y, m, d) != day)
			fail_msg("%04d-%02d-%02d: got day %d, expected %d", y, m, d,
				 date_from_ymd(y, m, d), day);
		if (++d > days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

/* ---- parsing ------------------------------------------------------------- */

static void test_parse_valid(void **state)
{
	(void)state;
	assert_parses("1970-01-01", 1970, 1, 1);
	assert_parses("2017-02-15", 2017, 2, 15);
	assert_parses("2024-02-29", 2024, 2, 29);
	assert_parses("2000-02-29", 2000, 2, 29);
	assert_parses("1969-07-20", 1969, 7, 20);
	assert_parses("2026-12-31", 2026, 12, 31);
	assert_parses("1000-01-01", 1000, 1, 1);
	assert_parses("9999-12-31", 9999, 12, 31);
}

static void test_parse_invalid(void **state)
{
	(void)state;
	assert_rejected("2026-02-29"); /* not a leap year */
	assert_rejected("1900-02-29"); /* century, not a leap year */
	assert_rejected("2100-02-29");
	assert_rejected("2026-02-30");
	assert_rejected("2026-04-31");
	assert_rejected("2026-13-01");
	assert_rejected("2026-00-10");
	assert_rejected("2026-01-00");
	assert_rejected("2026-01-32");
	assert_rejected("2026-1-1");
	assert_rejected("2026-01-1");
	assert_rejected("26-01-01");
	assert_rejected("2026-02-15x"); /* trailing junk */
	assert_rejected("2026-02-15 ");
	assert_rejected("2026-02-15T10:00");
	assert_rejected(" 2026-02-15");
	assert_rejected("2026/02/15");
	assert_rejected("2026-02-1a");
	assert_rejected("+026-02-15");
	assert_rejected("2026-+2-15");
	assert_rejected("0999-12-31"); /* before year 1000 */
	assert_rejected("");
	assert_rejected(NULL);
}

static void test_parse_datetime(void **state)
{
	(void)state;
	assert_datetime("2017-02-20T17:00", 2017, 2, 20, 1020);
	assert_datetime("2017-02-20T17:00:00", 2017, 2, 20, 1020);
	assert_datetime("2017-02-20T17:05:59", 2017, 2, 20, 1025);
	assert_datetime("2017-02-20T00:00", 2017, 2, 20, 0);
	assert_datetime("2017-02-20T23:59", 2017, 2, 20, 1439);
	assert_datetime("2024-02-29T09:30", 2024, 2, 29, 570);
}

static void test_parse_datetime_invalid(void **state)
{
	(void)state;
	assert_datetime_rejected("2017-02-20T24:00");
	assert_datetime_rejected("2017-02-20T17:60");
	assert_datetime_rejected("2017-02-20T17:00:60");
	assert_datetime_rejected("2017-02-20T17:00:5");
	assert_datetime_rejected("2017-02-20T17:00 00");
	assert_datetime_rejected("2017-02-20T17:00Z");
	assert_datetime_rejected("2017-02-20T17:00:00Z");
	assert_datetime_rejected("2017-02-20T7:00");
	assert_datetime_rejected("2017-02-20T17-00");
	assert_datetime_rejected("2017-02-20X17:00");
	assert_datetime_rejected("2017-02-20T1a:00");
	assert_datetime_rejected("2017-02-30T10:00"); /* no such day */
	assert_datetime_rejected("2017-02-20");
	assert_datetime_rejected("");
	assert_datetime_rejected(NULL);
}

/* ---- formatting ---------------------------------------------------------- */

static void test_format_iso(void **state)
{
	(void)state;
	assert_iso(0, "1970-01-01");
	assert_iso(-1, "1969-12-31");
	assert_iso(17212, "2017-02-15");
	assert_iso(ymd(2024, 2, 29), "2024-02-29");
	assert_iso(ymd(1000, 1, 1), "1000-01-01");
	assert_iso(ymd(9999, 12, 31), "9999-12-31");
}

static void test_format_long(void **state)
{
	static const char *sv[] = { "januari", "februari", "mars",	"april",   "maj",      "juni",
				    "juli",    "augusti",  "september", "oktober", "november", "december" };
	static const char *en[] = { "January", "February", "March",	"April",   "May",      "June",
				    "July",    "August",   "September", "October", "November", "December" };
	char expected[64];
	int m;

	(void)state;
	assert_long(17212, "sv", "15 februari 2017");
	assert_long(17212, "en", "15 February 2017");
	assert_long(ymd(2026, 5, 1), "sv", "1 maj 2026"); /* no leading zero */
	assert_long(ymd(2026, 5, 1), "en", "1 May 2026");
	assert_long(17212, NULL, "15 februari 2017"); /* Swedish by default */
	for (m = 1; m <= 12; m++) {
		snprintf(expected, sizeof(expected), "28 %s 1999", sv[m - 1]);
		assert_long(ymd(1999, m, 28), "sv", expected);
		snprintf(expected, sizeof(expected), "28 %s 1999", en[m - 1]);
		assert_long(ymd(1999, m, 28), "en", expected);
	}
}

/* ---- time zones and today ------------------------------------------------ */

static void test_from_unix_time_zones(void **state)
{
	(void)state;
	/* Still 21 November in UTC, already the 22nd in Stockholm (UTC+1). */
	assert_int_equal(date_from_unix(T_2026_11_21_2330Z, "Europe/Stockholm"), ymd(2026, 11, 22));
	assert_int_equal(date_from_unix(T_2026_11_21_2330Z, "UTC"), ymd(2026, 11, 21));
	/* Summer time (UTC+2). */
	assert_int_equal(date_from_unix(T_2026_06_30_2230Z, "Europe/Stockholm"), ymd(2026, 7, 1));
	assert_int_equal(date_from_unix(T_2026_06_30_2230Z, "UTC"), ymd(2026, 6, 30));
	/* One hour earlier it is the same day in both zones. */
	assert_int_equal(date_from_unix(T_2026_11_21_2330Z - 3600, "Europe/Stockholm"),
			 ymd(2026, 11, 21));
	/* West of UTC the date lags behind. */
	assert_int_equal(date_from_unix(T_2026_11_21_2330Z + 3 * 3600, "America/New_York"),
			 ymd(2026, 11, 21));
	assert_int_equal(date_from_unix(0, "UTC"), 0);
	assert_int_equal(date_from_unix(-1, "UTC"), -1);
	assert_int_equal(date_from_unix(86400LL * 17212 + 86399, "UTC"), 17212);
}

static void test_from_unix_restores_tz(void **state)
{
	const char *tz;

	(void)state;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	(void)date_from_unix(T_2026_11_21_2330Z, "UTC");
	tz = getenv("TZ");
	assert_non_null(tz);
	assert_string_equal(tz, "Asia/Tokyo");

	unsetenv("TZ");
	tzset();
	(void)date_from_unix(T_2026_11_21_2330Z, "UTC");
	assert_null(getenv("TZ"));
}

/* Results are remembered per time for one zone: asking again in another
 * zone, or again in the first, must not get the other's answer. */
static void test_from_unix_zone_switch(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(date_from_unix(T_2026_11_21_2330Z, "Europe/Stockholm"), ymd(2026, 11, 22));
		assert_int_equal(date_from_unix(T_2026_11_21_2330Z, "Europe/Stockholm"), ymd(2026, 11, 22));
		assert_int_equal(date_from_unix(T_2026_11_21_2330Z, "UTC"), ymd(2026, 11, 21));
		assert_int_equal(date_from_unix(T_2026_11_21_2330Z, NULL), ymd(2026, 11, 22));
		assert_int_equal(date_from_unix(T_2026_11_21_2330Z, ""), ymd(2026, 11, 22));
	}
}

typedef struct zone_job {
	const char *zone;
	int offset_hours; /* standard time, as in November */
	int wrong;
} zone_job;

static void *convert_many(void *arg)
{
	zone_job *job = arg;
	long long i;

	for (i = 0; i < 2000; i++) {
		long long t = T_2026_11_21_2330Z + i * 3607;
		long long local = t + job->offset_hours * 3600LL;
		int expect = (int)((local - (local % 86400 + 86400) % 86400) / 86400);
		/* Up to 2026-12-31: no change of summer time on the way. */
		job->wrong += date_from_unix(t, job->zone) != expect;
	}
	return NULL;
}

/* Pages are rendered on several threads, each converting in the site's
 * zone while the other may convert in another. */
static void test_from_unix_threads(void **state)
{
	zone_job a = { "Europe/Stockholm", 1, 0 }, b = { "America/New_York", -5, 0 };
	pthread_t th;

	(void)state;
	assert_int_equal(pthread_create(&th, NULL, convert_many, &a), 0);
	convert_many(&b);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(a.wrong, 0);
	assert_int_equal(b.wrong, 0);
}

static void test_today_override(void **state)
{
	int day = 0;

	(void)state;
	assert_int_equal(date_today(&day, "2017-02-15", "UTC"), 0);
	assert_int_equal(day, 17212);
	/* The override wins over SOURCE_DATE_EPOCH, even a malformed one. */
	setenv("SOURCE_DATE_EPOCH", "not a number", 1);
	day = 0;
	assert_int_equal(date_today(&day, "2024-02-29", "Europe/Stockholm"), 0);
	assert_int_equal(day, ymd(2024, 2, 29));
	/* A malformed override is an error. */
	assert_int_equal(date_today(&day, "2026-02-29", "UTC"), -1);
	assert_int_equal(date_today(&day, "idag", "UTC"), -1);
	assert_int_equal(date_today(&day, "", "UTC"), -1);
}

static void test_today_source_date_epoch(void **state)
{
	int day = 0;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1795303800", 1);
	assert_int_equal(date_today(&day, NULL, "Europe/Stockholm"), 0);
	assert_int_equal(day, ymd(2026, 11, 22));
	assert_int_equal(date_today(&day, NULL, "UTC"), 0);
	assert_int_equal(day, ymd(2026, 11, 21));
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(date_today(&day, NULL, "UTC"), 0);
	assert_int_equal(day, 0);
}

static void test_today_malformed_source_date_epoch(void **state)
{
	static const char *bad[] = { "abc", "12abc", "1.5", "1e9", "-5", "0x10",
				     "99999999999999999999999" };
	size_t i;
	int day;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		day = 4242;
		if (date_today(&day, NULL, "UTC") != -1)
			fail_msg("SOURCE_DATE_EPOCH=\"%s\" accepted", bad[i]);
	}
}

static void test_today_clock(void **state)
{
	int before, after, day;

	(void)state;
	/* Neither override nor SOURCE_DATE_EPOCH (an empty one counts as unset). */
	setenv("SOURCE_DATE_EPOCH", "", 1);
	before = date_from_unix((long long)time(NULL), "Europe/Stockholm");
	assert_int_equal(date_today(&day, NULL, "Europe/Stockholm"), 0);
	after = date_from_unix((long long)time(NULL), "Europe/Stockholm");
	assert_true(day == before || day == after);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(date_today(&day, NULL, "UTC"), 0);
	assert_true(day >= ymd(2024, 1, 1));
}

#define ENV_TEST(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

/* Wall-clock times in the daylight-saving changes of Stockholm and New York. */
static void test_local_time_kind(void **state)
{
	int spring = date_from_ymd(2027, 3, 28), autumn = date_from_ymd(2026, 10, 25);

	(void)state;
	assert_int_equal(date_local_time_kind("Europe/Stockholm", spring, 2 * 60 + 30), DATE_LOCAL_GAP);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", spring, 2 * 60), DATE_LOCAL_GAP);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", spring, 1 * 60 + 59), DATE_LOCAL_OK);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", spring, 3 * 60), DATE_LOCAL_OK);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", autumn, 2 * 60 + 30),
			 DATE_LOCAL_REPEATED);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", autumn, 3 * 60), DATE_LOCAL_OK);
	assert_int_equal(date_local_time_kind("Europe/Stockholm", autumn - 1, 2 * 60 + 30),
			 DATE_LOCAL_OK);
	assert_int_equal(date_local_time_kind("America/New_York", date_from_ymd(2027, 3, 14), 2 * 60 + 30),
			 DATE_LOCAL_GAP);
	assert_int_equal(date_local_time_kind("UTC", spring, 2 * 60 + 30), DATE_LOCAL_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_datetime),
		cmocka_unit_test(test_parse_datetime_invalid),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_format_long),
		cmocka_unit_test(test_local_time_kind),
		ENV_TEST(test_from_unix_time_zones),
		ENV_TEST(test_from_unix_restores_tz),
		ENV_TEST(test_from_unix_zone_switch),
		ENV_TEST(test_from_unix_threads),
		ENV_TEST(test_today_override),
		ENV_TEST(test_today_source_date_epoch),
		ENV_TEST(test_today_malformed_source_date_epoch),
		ENV_TEST(test_today_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

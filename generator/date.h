/* date: calendar dates as day numbers, and "today" in the site's zone.
 *
 * A date is the number of days since 1970-01-01 (proleptic Gregorian), so
 * comparisons and differences are plain integer arithmetic. DATE_NONE marks
 * an absent date. */
#ifndef TRAPPA_DATE_H
#define TRAPPA_DATE_H

#include "buf.h"

#define DATE_NONE (-2147483647 - 1)

/* Strict YYYY-MM-DD with a real calendar day; years 1000-9999. */
int date_parse(int *out, const char *s);
/* Strict YYYY-MM-DDTHH:MM (":SS" allowed and must be 00-59); *minutes gets
 * minutes past midnight. */
int date_parse_datetime(int *day, int *minutes, const char *s);
void date_to_ymd(int day, int *y, int *m, int *d);
int date_from_ymd(int y, int m, int d);
/* 2017-02-15 */
void date_format_iso(buf *out, int day);
/* "15 februari 2017", or "15 February 2017" when lang_is_english(lang). */
void date_format_long(buf *out, int day, const char *lang);
/* "mars 2017", or "March 2017" when lang_is_english(lang). */
void date_format_month(buf *out, int day, const char *lang);
/* A time zone with the EU summer-time rule, built in so local times convert
 * the same on every machine (Europe/Stockholm, Oslo, Copenhagen, Berlin,
 * Helsinki, Mariehamn, London). */
typedef struct date_zone {
	const char *name;
	int std_minutes; /* offset of standard time, east of UTC */
	const char *std_abbr, *dst_abbr;
} date_zone;

/* The built-in zone called name, or NULL. */
const date_zone *date_zone_find(const char *name);
/* Minutes east of UTC in z at Unix time t; 0 for z NULL (UTC). */
int date_zone_offset(const date_zone *z, long long t);
/* The Unix time of local time day + minutes in z; a time in the spring gap
 * counts as standard time, one in the autumn overlap as summer time (its
 * first occurrence). z NULL: the local time is taken as UTC. */
long long date_local_to_unix(const date_zone *z, int day, int minutes);
/* The local date in z at Unix time t (z NULL: UTC). */
int date_unix_to_day(const date_zone *z, long long t);
/* a / b rounded towards minus infinity. */
long long date_floor_div(long long a, long long b);

/* The date in time zone `tz` (an Olson name; NULL or "": Europe/Stockholm)
 * at Unix time `t`: by the built-in rule when date_zone_find knows the
 * zone, else by the machine's tzdata. Safe to call from several threads:
 * tzdata conversions are serialised, since they set TZ for the call. */
int date_from_unix(long long t, const char *tz);
/* Today: `override` (YYYY-MM-DD) when given, else SOURCE_DATE_EPOCH, else
 * the clock, each in zone `tz`. Returns 0, or -1 when override or
 * SOURCE_DATE_EPOCH is malformed. */
int date_today(int *out, const char *override, const char *tz);
/* Whether the wall-clock time `minutes` past midnight on `day` exists in
 * zone tz: once (DATE_LOCAL_OK), not at all (DATE_LOCAL_GAP: the clocks
 * go forward over it) or twice (DATE_LOCAL_REPEATED: they go back).
 * Serialised with the other conversions. */
enum { DATE_LOCAL_OK, DATE_LOCAL_GAP, DATE_LOCAL_REPEATED };
int date_local_time_kind(const char *tz, int day, int minutes);

#endif

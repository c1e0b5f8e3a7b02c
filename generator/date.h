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
/* "15 februari 2017" (sv) or "15 February 2017" (en). */
void date_format_long(buf *out, int day, const char *lang);
/* The date in time zone `tz` (an Olson name) at Unix time `t`. Safe to call
 * from several threads: conversions are serialised, since they set TZ for
 * the call. */
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

/* export: the site in open formats, for feed readers, calendars, crawlers
 * and anyone who wants to reuse the data.
 *
 *   feed.xml, namnd/<slug>/feed.xml     Atom (RFC 4287): the site, each committee;
 *                                       the EXPORT_FEED_ENTRIES newest entries
 *   kalender.ics                        iCalendar (RFC 5545): every meeting and open period
 *   dialoger/<slug>/kalender.ics        the same for one dialogue (a translation's at
 *                                       <lang>/dialoger/<slug>/kalender.ics)
 *   data/dialoger.json                  every published dialogue: front matter + derived fields
 *   data/dialoger.csv                   the same, flat (RFC 4180, UTF-8 without BOM, CRLF)
 *   data/you_said.csv, data/actions.csv one row per point of you_said, per action; the
 *                                       originals only (a translation's are the same points)
 *   data/schema.json                    JSON Schema (draft 2020-12) of the front matter
 *   sitemap.xml, robots.txt             export_sitemap, from the caller's list of pages
 * and schema.org Event JSON-LD for a dialogue page (export_event_jsonld).
 *
 * Only published dialogues (draft: false) are exported. The feeds and the
 * site calendar hold the originals (the site's language); the open data
 * holds originals and translations, one row each, told apart by `lang`.
 *
 * Output is a pure function of the facts (facts.h: the model, `today` and
 * the times from git): no clock, no hash order. Without git, dates come
 * from the front matter (see facts.c, "times"), so a preview from the work
 * tree still gives stable feeds.
 *
 * Times of meetings are local times in the site's time zone. Zones that
 * follow the EU summer-time rule (date_zone_find) are built in, with their
 * VTIMEZONE, so the calendars never depend on the build machine's tzdata.
 * Any other zone gives floating times (no TZID) and a warning. */
#ifndef TRAPPA_EXPORT_H
#define TRAPPA_EXPORT_H

/* Entries per Atom feed: the newest. Enough for a reader polling daily
 * even in a large archive; a feed of every event of 10 000 dialogues was
 * 20 MB fetched again on every poll. */
#define EXPORT_FEED_ENTRIES 100
/* An area's, theme's or target group's calendar leaves out dialogues that
 * ended more days ago than this (export.c, facet feeds and calendars). */
#define EXPORT_FACET_CALENDAR_DAYS 365

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "facts.h"

/* The columns of data/you_said.csv and data/actions.csv: the dialogue's
 * (export_item_columns, the same in both), then the item's own. NULL-ended;
 * /oppna-data/ describes each. */
extern const char *const export_item_columns[];
extern const char *const export_you_said_columns[];
extern const char *const export_actions_columns[];
#include "output.h"

/* Writes the feeds, calendars and open data of m into o. Returns 0, or -1
 * when a file could not be written (output_write reports why). seed (16
 * bytes, as site.c's page keys start from: the generator's executable and
 * the theme) lets an update keep the feeds and calendars of dialogues, areas,
 * themes and target groups whose facts did not change (output_keep); NULL:
 * every file is made. With a seed and a cache_dir (the folder beside the
 * output, or NULL), each dialogue's part of the open data and the site's
 * calendar is kept in cache_dir/export for the next build, which makes only
 * the changed dialogues' parts; the file is read only when cache_read is
 * set (not for --full). With TRAPPA_PHASES set, prints how many dialogues'
 * parts came from the file and the exports' CPU time to stderr. */
int export_write_all(output *o, diag_list *diags, const facts *f, const unsigned char *seed,
		     const char *cache_dir, int cache_read);

/* Appends data/schema.json, the JSON Schema (draft 2020-12) of a
 * dialogue's front matter, with `id` as its $id. */
void export_schema(buf *out, const char *id);

/* One HTML page for the sitemap. */
typedef struct export_page {
	const char *path; /* its address below the origin, as in its canonical link: "/dialoger/x/" */
	int lastmod;      /* a date (date.h), or DATE_NONE to leave it out */
} export_page;

/* Writes sitemap.xml (sitemaps.org 0.9) listing origin + path for every
 * page (origin from the facts), sorted by path, duplicates once; past
 * 50,000 addresses it becomes
 * a sitemap index over sitemap-1.xml, sitemap-2.xml, ... Also writes
 * robots.txt allowing everything and naming the sitemap. Returns 0, or -1. */
int export_sitemap(output *o, const facts *site, const export_page *pages, size_t n);

/* Appends schema.org JSON-LD ({"@context": ..., "@graph": [Event, ...]})
 * for d's meetings, safe to put inside <script type="application/ld+json">
 * as it is: "<", ">" and "&" only ever appear as \u003c, \u003e, \u0026.
 * Appends nothing when d has no meetings (then leave the script out).
 * Returns 0. */
int export_event_jsonld(buf *out, const facts *f, const facts_dialogue *fd);

#endif

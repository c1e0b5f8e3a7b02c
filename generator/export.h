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
 *   data/schema.json                    JSON Schema (draft 2020-12) of the front matter
 *   sitemap.xml, robots.txt             export_sitemap, from the caller's list of pages
 * and schema.org Event JSON-LD for a dialogue page (export_event_jsonld).
 *
 * Only published dialogues (draft: false) are exported. The feeds and the
 * site calendar hold the originals (the site's language); the open data
 * holds originals and translations, one row each, told apart by `lang`.
 *
 * Output is a pure function of the model, `today` and the times the caller
 * passes (from git): no clock, no hash order. Without times, dates come from
 * the front matter (see export.c, "times"), so a preview from the work tree
 * still gives stable feeds.
 *
 * Times of meetings are local times in the site's time zone. Zones that
 * follow the EU summer-time rule (Europe/Stockholm, Oslo, Copenhagen,
 * Berlin, Helsinki, Mariehamn, London) are built in, with their VTIMEZONE,
 * so the calendars never depend on the build machine's tzdata. Any other
 * zone gives floating times (no TZID) and a warning. */
#ifndef TRAPPA_EXPORT_H
#define TRAPPA_EXPORT_H

/* Entries per Atom feed: the newest. Enough for a reader polling daily
 * even in a large archive; a feed of every event of 10 000 dialogues was
 * 20 MB fetched again on every poll. */
#define EXPORT_FEED_ENTRIES 100

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "output.h"

/* What git knows about one dialogue's file, in Unix seconds; 0 = unknown. */
typedef struct export_times {
	long long published; /* the first commit that added the file */
	long long updated;   /* the last commit that changed it */
	long long feedback;  /* the first commit with the Återkoppling section */
	long long results;   /* the first commit with the Resultat section */
} export_times;

/* The times of d, or NULL when unknown. The pointer need only stay valid
 * until the next call (an adapter may fill one struct in ctx each time). */
typedef const export_times *(*export_times_fn)(void *ctx, const model_dialogue *d);

/* A text in language lang for key ("status_pagaende", "level_dialog_label",
 * "feed_results", ...), e.g. the theme's strings; NULL (or the key itself,
 * as site.c's t_get answers for a missing key) means "use the built-in
 * Swedish or English text". */
typedef const char *(*export_text_fn)(void *ctx, const char *lang, const char *key);

typedef struct export_options {
	const char *root;   /* path of base_url: "/" or "/dialog/" */
	const char *origin; /* scheme and host of base_url: "https://dialog.example.se" */
	export_times_fn times; /* NULL: unknown for every dialogue */
	void *times_ctx;
	export_text_fn text; /* NULL: built-in labels (level labels from site.yaml still win) */
	void *text_ctx;
	/* The site, for export_event_jsonld (time zone, municipality); NULL
	 * there means Europe/Stockholm and no organizer. export_write_all
	 * takes the site as its own argument and ignores this. */
	const model_site *site;
} export_options;

/* Writes the feeds, calendars and open data of m into o. Returns 0, or -1
 * when a file could not be written (output_write reports why). */
int export_write_all(output *o, diag_list *diags, const model_site *m, const export_options *opts);

/* One HTML page for the sitemap. */
typedef struct export_page {
	const char *path; /* its address below the origin, as in its canonical link: "/dialoger/x/" */
	int lastmod;      /* a date (date.h), or DATE_NONE to leave it out */
} export_page;

/* Writes sitemap.xml (sitemaps.org 0.9) listing origin + path for every
 * page, sorted by path, duplicates once; past 50,000 addresses it becomes
 * a sitemap index over sitemap-1.xml, sitemap-2.xml, ... Also writes
 * robots.txt allowing everything and naming the sitemap. Returns 0, or -1. */
int export_sitemap(output *o, const export_options *opts, const export_page *pages, size_t n);

/* Appends schema.org JSON-LD ({"@context": ..., "@graph": [Event, ...]})
 * for d's meetings, safe to put inside <script type="application/ld+json">
 * as it is: "<", ">" and "&" only ever appear as \u003c, \u003e, \u0026.
 * Appends nothing when d has no meetings (then leave the script out).
 * Returns 0. */
int export_event_jsonld(buf *out, const model_dialogue *d, const export_options *opts);

/* The output path of d's calendar ("dialoger/x/kalender.ics", or
 * "en/dialoger/x/kalender.ics" for a translation), appended to out; prefix
 * it with root for a link. */
void export_calendar_path(buf *out, const model_dialogue *d);
/* The output path of the feed of the committee behind `responsible`
 * ("namnd/<slug>/feed.xml"), appended to out. */
void export_committee_feed_path(buf *out, const model_site *m, const char *responsible);

#endif

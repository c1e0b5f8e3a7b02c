#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "catalog.h"
#include "date.h"
#include "escape.h"
#include "facts.h"
#include "history.h"
#include "mem.h"
#include "modelcache.h"
#include "pack.h"
#include "slug.h"

/* ---- time formats (the zone arithmetic is date.h's) ----------------------------- */

static void split_unix(long long t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	long long day = date_floor_div(t, 86400), sec = t - day * 86400;

	date_to_ymd((int)day, y, mo, d);
	*h = (int)(sec / 3600);
	*mi = (int)(sec / 60 % 60);
	*s = (int)(sec % 60);
}

/* 2026-11-22T08:30:00Z */
static void fmt_rfc3339(buf *out, long long t)
{
	int y, mo, d, h, mi, s;

	split_unix(t, &y, &mo, &d, &h, &mi, &s);
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

/* 20261122T083000Z */
static void fmt_ical_utc(buf *out, long long t)
{
	int y, mo, d, h, mi, s;

	split_unix(t, &y, &mo, &d, &h, &mi, &s);
	buf_printf(out, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
}

static void fmt_ical_date(buf *out, int day)
{
	int y, mo, d;

	date_to_ymd(day, &y, &mo, &d);
	buf_printf(out, "%04d%02d%02d", y, mo, d);
}

/* "+0100" (iCalendar) or "+01:00" (ISO 8601). */
static void fmt_offset(buf *out, int minutes, int colon)
{
	int a = minutes < 0 ? -minutes : minutes;
	buf_printf(out, "%c%02d%s%02d", minutes < 0 ? '-' : '+', a / 60, colon ? ":" : "", a % 60);
}

/* A meeting time from the front matter: a date, or a date and a time. */
typedef struct when {
	int day, minutes;
	int has_time;
	int ok;
} when;

static when parse_when(const char *s)
{
	when w = { DATE_NONE, 0, 0, 0 };

	if (!s)
		return w;
	if (date_parse_datetime(&w.day, &w.minutes, s) == 0)
		w.has_time = w.ok = 1;
	else if (date_parse(&w.day, s) == 0)
		w.ok = 1;
	return w;
}

/* ---- the exporter ------------------------------------------------------------ */

/* A published dialogue's parts of the files every dialogue is in (see
 * "fragments" below), in the order of the pieces of a cache entry. */
enum { FRAG_JSON, FRAG_CSV, FRAG_YOU_SAID, FRAG_ACTIONS, FRAG_EVENTS, FRAG_COUNT };

typedef struct fragment {
	const char *ptr;
	size_t len;
} fragment;

typedef struct exporter {
	const model_site *m;
	const facts *f;
	output *o;
	diag_list *diags;
	const facts_dialogue **info; /* every published dialogue, in model order */
	size_t n_info;
	int error;
	/* Which published originals each area, theme and target group page
	 * lists (facet_members), for their feeds and calendars. */
	struct facet_member *members;
	size_t n_members;
	char **facet_slugs; /* what members' slugs point to, one per distinct label */
	size_t n_facet_slugs;
	/* What each published dialogue's files are made from (dialogue_keys),
	 * per index of info; NULL when nothing may be kept. */
	output_key *keys;
	output_key site; /* the site's part of every key (site_key) */
	/* Per index of info, its fragments: in `made` (made here) or in the
	 * cache file read (valid until modelcache_close). */
	fragment (*frags)[FRAG_COUNT];
	buf *made;
	modelcache *cache; /* NULL: no cache */
	size_t n_cached;   /* dialogues whose fragments came from the cache */
} exporter;

static const char *fm_str(const value *map, const char *key)
{
	return value_string(value_map_get(map, key));
}

static int has_section(const model_dialogue *d, markdown_section s)
{
	return d->section_line[s] > 0;
}

static void write_file(exporter *ex, const char *path, const buf *b)
{
	if (output_write(ex->o, path, b->ptr, b->size) != 0)
		ex->error = -1;
}

static long long max_ll(long long a, long long b)
{
	return a > b ? a : b;
}

static void info_init(exporter *ex)
{
	size_t i;

	ex->info = mem_calloc(ex->m->n_dialogues + 1, sizeof(*ex->info));
	for (i = 0; i < ex->m->n_dialogues; i++)
		if (!ex->m->dialogues[i].draft)
			ex->info[ex->n_info++] = &ex->f->dialogues[i];
}

/* ---- keys: what a file is made from -----------------------------------------------
 *
 * A one-dialogue update would otherwise make every dialogue's feed and
 * calendar again (and every area's, theme's and target group's), only for
 * output_write to find most of them unchanged. As for pages (site.c), each
 * such file gets a key: a hash of everything its bytes depend on. When the
 * previous build wrote the file from the same key, output_keep keeps it
 * and nothing is made.
 *
 * The key of a dialogue (dialogue_keys) hashes the seed from site.c (the
 * generator's executable, so every built-in text, table and format, and
 * the theme) and every fact of the site and of the dialogue that the
 * functions below read: site.yaml whole, the strings of both languages,
 * today, the addresses, the zone; the dialogue's front matter whole, its
 * section texts, its derived fields and its change log. More than a file
 * reads only makes it made again more often; less would publish a stale
 * file, so when a function here starts reading another fact, hash it
 * here. A facet's file hashes the keys of its dialogues. */

/* NULL and "" hash differently; the NUL ends each string. */
static void hash_str(XXH3_state_t *st, const char *s)
{
	unsigned char tag = s != NULL;

	XXH3_128bits_update(st, &tag, 1);
	if (s)
		XXH3_128bits_update(st, s, strlen(s) + 1);
}

static void hash_ll(XXH3_state_t *st, long long v)
{
	XXH3_128bits_update(st, &v, sizeof(v));
}

static void hash_key(XXH3_state_t *st, const output_key *k)
{
	XXH3_128bits_update(st, k, sizeof(*k));
}

static output_key key_digest(XXH3_state_t *st)
{
	XXH128_hash_t h = XXH3_128bits_digest(st);

	return (output_key){ h.high64, h.low64 };
}

static XXH3_state_t *hash_begin(void)
{
	XXH3_state_t *st = XXH3_createState();

	if (!st)
		abort(); /* out of memory, as in mem.h */
	XXH3_128bits_reset(st);
	return st;
}

/* The site's part of every key. */
static output_key site_key(const exporter *ex, const unsigned char seed[16])
{
	const facts *f = ex->f;
	XXH3_state_t *st = hash_begin();
	output_key k;

	XXH3_128bits_update(st, "trappa export key 1", 20);
	XXH3_128bits_update(st, seed, 16);
	value_hash(st, ex->m->config, NULL, NULL);
	value_hash(st, f->strings[FACTS_SITE_LANG], NULL, NULL);
	value_hash(st, f->strings[FACTS_OTHER_LANG], NULL, NULL);
	hash_str(st, ex->m->lang);
	hash_str(st, ex->m->timezone);
	hash_ll(st, ex->m->today);
	hash_str(st, f->root);
	hash_str(st, f->origin);
	hash_str(st, f->site_url);
	hash_str(st, f->host);
	hash_str(st, f->zone ? f->zone->name : NULL);
	if (f->zone) {
		hash_ll(st, f->zone->std_minutes);
		hash_str(st, f->zone->std_abbr);
		hash_str(st, f->zone->dst_abbr);
	}
	k = key_digest(st);
	XXH3_freeState(st);
	return k;
}

/* Fills ex->keys: per published dialogue, the site's key and every fact of
 * the dialogue that its feed, its calendar and its entries in the site's,
 * committees' and facets' files read. */
static void dialogue_keys(exporter *ex, const unsigned char seed[16])
{
	XXH3_state_t *st = hash_begin();
	size_t i, k;

	ex->site = site_key(ex, seed);
	ex->keys = mem_calloc(ex->n_info + 1, sizeof(*ex->keys));
	for (i = 0; i < ex->n_info; i++) {
		const facts_dialogue *in = ex->info[i];
		const model_dialogue *d = in->d;
		XXH3_128bits_reset(st);
		hash_key(st, &ex->site);
		hash_str(st, d->slug);
		hash_str(st, d->lang);
		hash_ll(st, d->is_translation);
		hash_ll(st, d->draft);
		hash_ll(st, d->status);
		hash_ll(st, d->level);
		hash_ll(st, d->start);
		hash_ll(st, d->end);
		hash_ll(st, d->feedback_due);
		hash_ll(st, d->feedback_date);
		value_hash(st, d->fm, NULL, NULL);
		for (k = 0; k < MARKDOWN_SECTION_COUNT; k++) {
			hash_ll(st, d->section_line[k]);
			hash_str(st, d->section_text[k]);
		}
		/* ical_sequence */
		hash_ll(st, d->history ? 1 : 0);
		hash_ll(st, d->history ? (long long)d->history->n_changes : 0);
		hash_str(st, in->path);
		hash_str(st, in->url);
		hash_str(st, in->abs_url);
		hash_str(st, in->calendar_path);
		hash_str(st, in->feed_path);
		hash_str(st, in->committee);
		hash_str(st, in->committee_slug);
		hash_str(st, in->status_label);
		hash_str(st, in->level_label);
		hash_ll(st, in->published);
		hash_ll(st, in->updated);
		hash_ll(st, in->results);
		hash_ll(st, in->feedback);
		hash_ll(st, (long long)in->n_events);
		for (k = 0; k < in->n_events; k++) {
			const facts_event *ev = &in->events[k];
			hash_ll(st, ev->day);
			hash_ll(st, ev->kind);
			hash_ll(st, ev->time);
			hash_ll(st, (long long)ev->order);
			hash_str(st, ev->text);
			hash_str(st, ev->key);
		}
		ex->keys[i] = key_digest(st);
	}
	XXH3_freeState(st);
}

/* The key of one of dialogue i's files ("feed", "calendar"). */
static output_key file_key(const exporter *ex, size_t i, const char *what)
{
	unsigned char b[sizeof(output_key) + 16];
	size_t n = strlen(what);
	XXH128_hash_t h;

	if (n > sizeof(b) - sizeof(output_key))
		abort(); /* "feed", "calendar" */
	memcpy(b, &ex->keys[i], sizeof(output_key));
	memcpy(b + sizeof(output_key), what, n);
	h = XXH3_128bits(b, sizeof(output_key) + n);
	return (output_key){ h.high64, h.low64 };
}

/* 1 when the published file at path was made from key: keep it, make
 * nothing. Never without keys. */
static int keep_file(exporter *ex, const char *path, const output_key *key)
{
	return ex->keys && output_keep(ex->o, path, key);
}

/* Writes a file, with its key when there is one. */
static void write_keyed(exporter *ex, const char *path, const buf *b, const output_key *key)
{
	if (output_write_keyed(ex->o, path, b->ptr, b->size, ex->keys ? key : NULL) != 0)
		ex->error = -1;
}

/* ---- Atom -------------------------------------------------------------------------
 *
 * One entry per dialogue whose `updated` moves with every event (published,
 * started, finished, edited) and whose summary states the current status;
 * plus one entry when results are published and one when feedback is, since
 * those are what participants wait for. Ids are the page's address, with
 * #resultat or #aterkoppling (the headings' ids on the page).
 *
 * Each dialogue also has its own feed (dialoger/<slug>/feed.xml): its public
 * change log (facts_event), one entry per event, `updated` the event's time.
 * Ids are tag URIs (RFC 4151) from the host, the event's date, the page's
 * path and the event's key: the same event keeps its id in every build.
 * The committee's feed gets the events the dialogue entries do not already
 * announce: public notes and changes of step. */

enum { ENTRY_DIALOGUE, ENTRY_RESULTS, ENTRY_FEEDBACK, ENTRY_EVENT, ENTRY_MEETING };

typedef struct feed_entry {
	const facts_dialogue *in;
	int kind;
	long long published, updated;
	char *id;
	const facts_event *ev; /* ENTRY_EVENT */
	const value *meeting;  /* ENTRY_MEETING: the item of `meetings` */
} feed_entry;

static int entry_cmp(const void *a, const void *b)
{
	const feed_entry *x = a, *y = b;

	if (x->updated != y->updated)
		return x->updated > y->updated ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Shortens the text from byte `base` on to at most max code points, at a
 * space, with an ellipsis. */
static void shorten(buf *b, size_t base, size_t max)
{
	size_t i = base, count = 0, last_space = 0;

	while (i < b->size && count < max) {
		if (b->ptr[i] == ' ')
			last_space = i;
		i++;
		while (i < b->size && ((unsigned char)b->ptr[i] & 0xC0) == 0x80)
			i++;
		count++;
	}
	if (i >= b->size)
		return;
	buf_truncate(b, last_space > base ? last_space : i);
	buf_puts(b, "…");
}

/* "Inställt: Öppet hus, 10 mars 2026" (the meeting's day, as start now says). */
static void meeting_title(buf *out, const exporter *ex, const feed_entry *e)
{
	const char *lang = model_dialogue_lang(e->in->d);
	when start = parse_when(fm_str(e->meeting, "start"));

	buf_printf(out, "%s: %s",
		   facts_text(ex->f, lang,
			      model_meeting_state_of(e->meeting) == MODEL_MEETING_CANCELLED
				      ? "feed_meeting_cancelled"
				      : "feed_meeting_moved"),
		   fm_str(e->meeting, "title") ? fm_str(e->meeting, "title") : "");
	buf_puts(out, ", ");
	date_format_long(out, start.day, lang);
}

/* What happened, the new time of a moved meeting, the note, and which
 * dialogue it belongs to. */
static void meeting_summary(buf *out, const exporter *ex, const feed_entry *e)
{
	const char *lang = model_dialogue_lang(e->in->d);
	const char *note = fm_str(e->meeting, "note");
	const char *title = fm_str(e->in->d->fm, "title");
	when start = parse_when(fm_str(e->meeting, "start"));

	if (model_meeting_state_of(e->meeting) == MODEL_MEETING_CANCELLED) {
		buf_puts(out, facts_text(ex->f, lang, "feed_meeting_cancelled_text"));
	} else {
		buf_printf(out, "%s ", facts_text(ex->f, lang, "feed_meeting_moved_text"));
		date_format_long(out, start.day, lang);
		if (start.has_time)
			buf_printf(out, " %s %02d.%02d", facts_text(ex->f, lang, "at_time"),
				   start.minutes / 60, start.minutes % 60);
		buf_putc(out, '.');
	}
	if (note)
		buf_printf(out, " %s", note);
	if (title)
		buf_printf(out, " (%s)", title);
}

static void entry_summary(buf *out, const exporter *ex, const feed_entry *e)
{
	const model_dialogue *d = e->in->d;
	const char *lang = model_dialogue_lang(d);
	size_t base = out->size;

	if (e->kind == ENTRY_EVENT && e->ev->kind != FACTS_EVENT_RESULTS &&
	    e->ev->kind != FACTS_EVENT_FEEDBACK) {
		/* Published: what the dialogue is about says more than "Published". */
		const char *summary = fm_str(d->fm, "summary");
		buf_puts(out, e->ev->kind == FACTS_EVENT_PUBLISHED && summary ? summary : e->ev->text);
		return;
	}
	if (e->kind == ENTRY_MEETING) {
		meeting_summary(out, ex, e);
		return;
	}
	if (e->kind == ENTRY_DIALOGUE) {
		buf_printf(out, "%s: %s", facts_text(ex->f, lang, "feed_status"),
			   e->in->status_label);
		if (d->start != DATE_NONE) {
			buf_puts(out, d->end != DATE_NONE ? ", " : " ");
			if (d->end == DATE_NONE)
				buf_printf(out, "%s ", facts_text(ex->f, lang, "feed_from"));
			date_format_long(out, d->start, lang);
			if (d->end != DATE_NONE) {
				buf_puts(out, " – ");
				date_format_long(out, d->end, lang);
			}
		}
		buf_printf(out, ". %s: %s. ", facts_text(ex->f, lang, "feed_level"),
			   e->in->level_label);
		buf_puts(out, fm_str(d->fm, "summary") ? fm_str(d->fm, "summary") : "");
		return;
	}
	{
		int results = e->kind == ENTRY_RESULTS ||
			      (e->kind == ENTRY_EVENT && e->ev->kind == FACTS_EVENT_RESULTS);
		markdown_section s = results ? MARKDOWN_SECTION_RESULTS : MARKDOWN_SECTION_FEEDBACK;
		if (d->section_text[s])
			buf_puts(out, d->section_text[s]);
		if (out->size == base)
			buf_puts(out, facts_text(ex->f, lang, results ? "feed_results_text"
								      : "feed_feedback_text"));
		shorten(out, base, 300);
	}
}

static void atom_entry(buf *out, const exporter *ex, const feed_entry *e)
{
	const model_dialogue *d = e->in->d;
	const char *title = fm_str(d->fm, "title") ? fm_str(d->fm, "title") : d->slug;
	const char *municipality = fm_str(ex->m->config, "municipality");
	buf b = BUF_INIT;

	buf_puts(out, "  <entry>\n    <id>");
	escape_xml_text(out, e->id);
	buf_puts(out, "</id>\n    <title type=\"text\">");
	if (e->kind == ENTRY_MEETING) {
		meeting_title(&b, ex, e);
		escape_xml_text(out, b.ptr);
		buf_clear(&b);
	} else if (e->kind == ENTRY_EVENT) {
		escape_xml_text(out, e->ev->kind == FACTS_EVENT_NOTE
					     ? facts_text(ex->f, model_dialogue_lang(d), "feed_note")
					     : e->ev->text);
		buf_puts(out, ": ");
	} else if (e->kind != ENTRY_DIALOGUE) {
		escape_xml_text(out, facts_text(ex->f, model_dialogue_lang(d),
						e->kind == ENTRY_RESULTS ? "feed_results" : "feed_feedback"));
		buf_puts(out, ": ");
	}
	if (e->kind != ENTRY_MEETING)
		escape_xml_text(out, title);
	buf_puts(out, "</title>\n    <published>");
	fmt_rfc3339(out, e->published);
	buf_puts(out, "</published>\n    <updated>");
	fmt_rfc3339(out, e->updated);
	buf_puts(out, "</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"");
	if (e->kind == ENTRY_EVENT || e->kind == ENTRY_MEETING) {
		escape_xml_attr(out, e->in->abs_url);
		buf_puts(out, e->kind == ENTRY_MEETING ? "#moten" : "#andringar");
	} else {
		escape_xml_attr(out, e->id);
	}
	buf_puts(out, "\"/>\n    <author>\n      <name>");
	escape_xml_text(out, municipality ? municipality : "");
	buf_puts(out, "</name>\n    </author>\n");
	buf_puts(out, "    <category scheme=\"");
	/* Scheme addresses that answer: the statistics' table of statuses and
	 * the ladder page describe every term. */
	buf_printf(&b, "%sstatistik/#per-status", ex->f->site_url);
	escape_xml_attr(out, b.ptr);
	buf_printf(out, "\" term=\"%s\" label=\"", model_status_slugs[d->status]);
	escape_xml_attr(out, e->in->status_label);
	buf_puts(out, "\"/>\n    <category scheme=\"");
	buf_clear(&b);
	buf_printf(&b, "%sdelaktighetstrappan/", ex->f->site_url);
	escape_xml_attr(out, b.ptr);
	buf_printf(out, "\" term=\"%s\" label=\"", model_level_keys[d->level]);
	escape_xml_attr(out, e->in->level_label);
	buf_puts(out, "\"/>\n    <summary type=\"text\">");
	buf_clear(&b);
	entry_summary(&b, ex, e);
	escape_xml_text(out, b.ptr);
	buf_puts(out, "</summary>\n  </entry>\n");
	buf_free(&b);
}

/* Which entries of a list a feed holds. */
typedef struct feed_filter {
	const char *committee_slug; /* NULL: any dialogue's */
	int events;                 /* 0: leave ENTRY_EVENT entries out */
} feed_filter;

static int feed_has(const feed_filter *filter, const feed_entry *e)
{
	return (filter->events || e->kind != ENTRY_EVENT) &&
	       (!filter->committee_slug || !strcmp(e->in->committee_slug, filter->committee_slug));
}

/* ---- the feeds and calendars of areas, themes and target groups ------------
 *
 * /omrade/<slug>/, /tema/<slug>/ and /malgrupp/<slug>/ (pages.c lists the
 * same published originals, slugged the same way) each get feed.xml and
 * kalender.ics, so a resident can follow "everything in Hamnen" without an
 * account. A feed holds the newest EXPORT_FEED_ENTRIES entries like every
 * feed; a calendar the events of the value's dialogues that ended at most
 * EXPORT_FACET_CALENDAR_DAYS ago or have not ended: who follows an area
 * wants what is coming, and all of them would make every facet's calendar
 * grow with the archive (the site's and each dialogue's keep everything). */

static const struct {
	const char *key, *dir, *title_key;
} facet_kinds[] = { { "areas", "omrade", "facet_area" },
		    { "themes", "tema", "facet_theme" },
		    { "target_groups", "malgrupp", "facet_target_group" } };

typedef struct facet_member {
	size_t kind; /* index of facet_kinds */
	const char *slug; /* in ex->facet_slugs */
	const char *label; /* as first written, for titles */
	size_t info;       /* index of ex->info */
} facet_member;

static int member_cmp(const void *a, const void *b)
{
	const facet_member *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->slug, y->slug)))
		return c;
	return x->info < y->info ? -1 : x->info > y->info;
}

/* Every (facet value, dialogue) pair, sorted by facet, slug and dialogue,
 * each pair once. A label's slug is made once however many dialogues
 * name it (a table by the label's text): slugging every label of every
 * dialogue cost 60-130 ms at 10 000 dialogues. */
static void facet_members(exporter *ex)
{
	size_t i, k, j, cap = 0, n = 0, n_slots, slugs_cap = 0;
	facet_member *m = NULL;
	size_t *slots; /* index of facet_slugs + 1 by the label's hash (0 = empty) */
	const char **slot_label;

	for (i = 0; i < ex->n_info; i++) {
		const model_dialogue *d = ex->info[i]->d;
		if (d->is_translation)
			continue;
		for (k = 0; k < sizeof(facet_kinds) / sizeof(facet_kinds[0]); k++) {
			const value *v = value_map_get(d->fm, facet_kinds[k].key);
			for (j = 0; j < value_items_len(v); j++) {
				const char *label = value_string(value_items_at(v, j));
				if (!label)
					continue;
				m = mem_grow_array(m, &cap, n + 1, sizeof(*m));
				m[n++] = (facet_member){ k, NULL, label, i };
			}
		}
	}
	for (n_slots = 16; n_slots < 2 * n; n_slots *= 2)
		;
	slots = mem_calloc(n_slots, sizeof(*slots));
	slot_label = mem_calloc(n_slots, sizeof(*slot_label));
	for (i = 0; i < n; i++) {
		size_t len = strlen(m[i].label);
		size_t s = (size_t)XXH3_64bits(m[i].label, len) & (n_slots - 1);
		while (slots[s] && strcmp(slot_label[s], m[i].label))
			s = (s + 1) & (n_slots - 1);
		if (!slots[s]) {
			buf slug = BUF_INIT;
			slug_from_text(&slug, m[i].label, len);
			ex->facet_slugs = mem_grow_array(ex->facet_slugs, &slugs_cap,
							 ex->n_facet_slugs + 1, sizeof(char *));
			ex->facet_slugs[ex->n_facet_slugs++] = buf_detach(&slug);
			slots[s] = ex->n_facet_slugs;
			slot_label[s] = m[i].label;
		}
		m[i].slug = ex->facet_slugs[slots[s] - 1];
	}
	free(slots);
	free(slot_label);
	if (n)
		qsort(m, n, sizeof(*m), member_cmp);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && !member_cmp(&m[k - 1], &m[i]))
			continue;
		m[k++] = m[i];
	}
	ex->members = m;
	ex->n_members = k;
}

static void facet_members_free(exporter *ex)
{
	size_t i;

	for (i = 0; i < ex->n_facet_slugs; i++)
		free(ex->facet_slugs[i]);
	free(ex->facet_slugs);
	free(ex->members);
}

/* The end of the group of members starting at `from` (one facet value). */
static size_t facet_group_end(const exporter *ex, size_t from)
{
	size_t to = from + 1;

	while (to < ex->n_members && ex->members[to].kind == ex->members[from].kind &&
	       !strcmp(ex->members[to].slug, ex->members[from].slug))
		to++;
	return to;
}

/* "Dialoger i Sälviks kommun: Område: Hamnen". */
static void facet_title(buf *out, const exporter *ex, const facet_member *first)
{
	const char *site_title = fm_str(ex->m->config, "title");

	buf_printf(out, "%s: %s: %s", site_title ? site_title : "",
		   facts_text(ex->f, ex->m->lang, facet_kinds[first->kind].title_key), first->label);
}

/* Writes one feed in lang: the entries filter lets through; with its key
 * when key is not NULL. */
static void atom_feed(exporter *ex, const char *path, const char *alternate, const char *title,
		      const char *lang, const feed_entry *entries, size_t n, const feed_filter *filter,
		      const output_key *key)
{
	const char *municipality = fm_str(ex->m->config, "municipality");
	buf out = BUF_INIT, self = BUF_INIT;
	long long updated = 0;
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		if (feed_has(filter, &entries[i]))
			updated = max_ll(updated, entries[i].updated);
	if (!updated)
		updated = facts_midnight(ex->f, ex->m->today);
	buf_printf(&self, "%s%s", ex->f->site_url, path);
	buf_puts(&out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	buf_puts(&out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	escape_xml_attr(&out, lang);
	buf_puts(&out, "\">\n  <id>");
	escape_xml_text(&out, self.ptr);
	buf_puts(&out, "</id>\n  <title type=\"text\">");
	escape_xml_text(&out, title);
	buf_puts(&out, "</title>\n  <updated>");
	fmt_rfc3339(&out, updated);
	buf_puts(&out, "</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
	escape_xml_attr(&out, self.ptr);
	buf_puts(&out, "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
	escape_xml_attr(&out, alternate);
	buf_puts(&out, "\"/>\n  <author>\n    <name>");
	escape_xml_text(&out, municipality ? municipality : "");
	buf_puts(&out, "</name>\n    <uri>");
	escape_xml_text(&out, ex->f->site_url);
	buf_puts(&out, "</uri>\n  </author>\n  <generator>Trappa</generator>\n");
	/* Entries are newest first; a feed reader wants news, not the archive,
	 * which the pages and data/dialoger.json hold. */
	for (i = 0; i < n && shown < EXPORT_FEED_ENTRIES; i++)
		if (feed_has(filter, &entries[i])) {
			atom_entry(&out, ex, &entries[i]);
			shown++;
		}
	buf_puts(&out, "</feed>\n");
	if (key)
		write_keyed(ex, path, &out, key);
	else
		write_file(ex, path, &out);
	buf_free(&out);
	buf_free(&self);
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The key of a facet value's feed or calendar (what: "feed", "calendar"),
 * its members from .. to - 1: its address, its title and the keys of its
 * dialogues (which hold the site's). */
static output_key facet_key(const exporter *ex, const char *what, size_t from, size_t to,
			    const char *path, const char *title)
{
	XXH3_state_t *st = hash_begin();
	output_key k;
	size_t i;

	hash_str(st, what);
	hash_str(st, path);
	hash_str(st, title);
	hash_ll(st, (long long)(to - from));
	for (i = from; i < to; i++)
		hash_key(st, &ex->keys[ex->members[i].info]);
	k = key_digest(st);
	XXH3_freeState(st);
	return k;
}

/* The entry of event ev of in: "tag:<host>,<date>:<path><key>". */
static feed_entry event_entry(const exporter *ex, const facts_dialogue *in, const facts_event *ev)
{
	long long t = ev->time ? ev->time : facts_midnight(ex->f, ev->day);
	buf id = BUF_INIT;

	buf_printf(&id, "tag:%s,", ex->f->host);
	date_format_iso(&id, ev->day);
	buf_printf(&id, ":%s%s%s", ex->f->root, in->path, ev->key);
	return (feed_entry){ in, ENTRY_EVENT, t, t, buf_detach(&id), ev, NULL };
}

/* The entries of in's meetings that are cancelled or moved and still to
 * come (afterwards it is no news), appended at *n. Their time is the
 * dialogue's last change, the best the history tells without reading every
 * old version; the id is fixed by the meeting's number, its state and its
 * day ("tag:<host>,<day>:<path>mote-<n>-installt"), so a meeting moved again
 * is news again. Returns how many were added. */
static size_t meeting_entries(feed_entry *out, const exporter *ex, const facts_dialogue *in)
{
	const value *meetings = value_map_get(in->d->fm, "meetings");
	size_t i, n = 0;

	for (i = 0; i < value_list_len(meetings); i++) {
		const value *mt = value_list_at(meetings, i);
		model_meeting_state st = model_meeting_state_of(mt);
		when start = parse_when(fm_str(mt, "start"));
		buf id = BUF_INIT;
		if (st == MODEL_MEETING_PLANNED || !start.ok || start.day < ex->m->today)
			continue;
		buf_printf(&id, "tag:%s,", ex->f->host);
		date_format_iso(&id, start.day);
		buf_printf(&id, ":%s%smote-%zu-%s", ex->f->root, in->path, i + 1,
			   model_meeting_state_slugs[st]);
		out[n++] = (feed_entry){ in, ENTRY_MEETING, in->updated, in->updated, buf_detach(&id),
					 NULL, mt };
	}
	return n;
}

/* How many entries meeting_entries may add for in. */
static size_t meeting_entries_max(const facts_dialogue *in)
{
	return value_list_len(value_map_get(in->d->fm, "meetings"));
}

/* dialoger/<slug>/feed.xml of ex->info[at]: the dialogue's public change
 * log, in its language ("Last changed" is no news: left out). */
static void dialogue_feed(exporter *ex, size_t at, const char *site_title)
{
	const facts_dialogue *in = ex->info[at];
	const char *title = fm_str(in->d->fm, "title") ? fm_str(in->d->fm, "title") : in->d->slug;
	feed_entry *entries;
	feed_filter all = { NULL, 1 };
	buf name = BUF_INIT;
	size_t i, n = 0;
	output_key key = { 0, 0 };

	if (ex->keys) {
		key = file_key(ex, at, "feed");
		if (keep_file(ex, in->feed_path, &key))
			return;
	}
	entries = mem_calloc(in->n_events + meeting_entries_max(in) + 1, sizeof(feed_entry));
	for (i = 0; i < in->n_events; i++)
		if (in->events[i].kind != FACTS_EVENT_UPDATED)
			entries[n++] = event_entry(ex, in, &in->events[i]);
	n += meeting_entries(entries + n, ex, in);
	if (n)
		qsort(entries, n, sizeof(feed_entry), entry_cmp);
	buf_printf(&name, "%s – %s", title, site_title ? site_title : "");
	atom_feed(ex, in->feed_path, in->abs_url, name.ptr, model_dialogue_lang(in->d), entries, n, &all,
		  &key);
	for (i = 0; i < n; i++)
		free(entries[i].id);
	free(entries);
	buf_free(&name);
}

static void write_feeds(exporter *ex)
{
	const char *site_title = fm_str(ex->m->config, "title");
	feed_entry *entries;
	const char **slugs = mem_calloc(ex->n_info + 1, sizeof(char *));
	feed_filter site = { NULL, 0 };
	size_t i, k, n = 0, n_slugs = 0, cap = 3 * ex->n_info;
	buf b = BUF_INIT;

	for (i = 0; i < ex->n_info; i++)
		cap += ex->info[i]->n_events + meeting_entries_max(ex->info[i]);
	entries = mem_calloc(cap + 1, sizeof(feed_entry));
	for (i = 0; i < ex->n_info; i++) {
		const facts_dialogue *in = ex->info[i];
		dialogue_feed(ex, i, site_title);
		if (in->d->is_translation)
			continue;
		entries[n] = (feed_entry){ in, ENTRY_DIALOGUE, in->published, in->updated,
					   mem_strdup(in->abs_url), NULL, NULL };
		n++;
		if (in->results) {
			buf_printf(&b, "%s#resultat", in->abs_url);
			entries[n++] = (feed_entry){ in, ENTRY_RESULTS, in->results, in->results,
						     buf_detach(&b), NULL, NULL };
		}
		if (in->feedback) {
			buf_printf(&b, "%s#aterkoppling", in->abs_url);
			entries[n++] = (feed_entry){ in, ENTRY_FEEDBACK, in->feedback, in->feedback,
						     buf_detach(&b), NULL, NULL };
		}
		/* What the entries above do not announce: notes, changes of step. */
		for (k = 0; k < in->n_events; k++)
			if (in->events[k].kind == FACTS_EVENT_NOTE || in->events[k].kind == FACTS_EVENT_LEVEL)
				entries[n++] = event_entry(ex, in, &in->events[k]);
		n += meeting_entries(entries + n, ex, in);
		slugs[n_slugs++] = in->committee_slug;
	}
	if (n)
		qsort(entries, n, sizeof(feed_entry), entry_cmp);
	atom_feed(ex, "feed.xml", ex->f->site_url, site_title ? site_title : "", ex->m->lang, entries, n,
		  &site, NULL);

	/* One feed per committee list the site writes (/namnd/<slug>/). */
	qsort(slugs, n_slugs, sizeof(char *), str_ptr_cmp);
	for (i = 0; i < n_slugs; i++) {
		const char *name = NULL;
		buf path = BUF_INIT, alt = BUF_INIT, title = BUF_INIT;
		feed_filter committee = { slugs[i], 1 };
		if (i > 0 && !strcmp(slugs[i], slugs[i - 1]))
			continue;
		for (k = 0; k < ex->n_info && !name; k++)
			if (!ex->info[k]->d->is_translation && !strcmp(ex->info[k]->committee_slug, slugs[i]))
				name = ex->info[k]->committee;
		buf_printf(&path, "namnd/%s/feed.xml", slugs[i]);
		buf_printf(&alt, "%snamnd/%s/", ex->f->site_url, slugs[i]);
		buf_printf(&title, "%s: %s", site_title ? site_title : "", name ? name : slugs[i]);
		atom_feed(ex, path.ptr, alt.ptr, title.ptr, ex->m->lang, entries, n, &committee, NULL);
		buf_free(&path);
		buf_free(&alt);
		buf_free(&title);
	}

	/* One feed per area, theme and target group (facet_members), each
	 * made from its own dialogues' entries: filtering the whole list for
	 * every one of a thousand values cost more than all the rest. */
	{
		size_t *info_at = mem_calloc(ex->f->n_dialogues + 1, sizeof(size_t));
		size_t *start = mem_calloc(ex->n_info + 2, sizeof(size_t));
		size_t *by_info = mem_calloc(n + 1, sizeof(size_t));
		size_t *pick = NULL, pick_cap = 0, sub_cap = 0, from, to, j;
		feed_entry *sub = NULL;
		feed_filter all = { NULL, 1 };

		for (i = 0; i < ex->n_info; i++)
			info_at[ex->info[i] - ex->f->dialogues] = i;
		/* by_info[start[i] .. start[i + 1]): info i's entries, newest first. */
		for (j = 0; j < n; j++)
			start[info_at[entries[j].in - ex->f->dialogues] + 2]++;
		for (i = 2; i < ex->n_info + 2; i++)
			start[i] += start[i - 1];
		for (j = 0; j < n; j++)
			by_info[start[info_at[entries[j].in - ex->f->dialogues] + 1]++] = j;
		for (from = 0; from < ex->n_members; from = to) {
			const facet_member *first = &ex->members[from];
			buf path = BUF_INIT, alt = BUF_INIT, title = BUF_INIT;
			output_key key = { 0, 0 };
			size_t m = 0;
			to = facet_group_end(ex, from);
			buf_printf(&path, "%s/%s/feed.xml", facet_kinds[first->kind].dir, first->slug);
			buf_printf(&alt, "%s%s/%s/", ex->f->site_url, facet_kinds[first->kind].dir,
				   first->slug);
			facet_title(&title, ex, first);
			if (ex->keys) {
				key = facet_key(ex, "feed", from, to, path.ptr, title.ptr);
				if (keep_file(ex, path.ptr, &key))
					goto next;
			}
			for (k = from; k < to; k++) {
				size_t at = ex->members[k].info;
				for (j = start[at]; j < start[at + 1]; j++) {
					pick = mem_grow_array(pick, &pick_cap, m + 1, sizeof(*pick));
					pick[m++] = by_info[j];
				}
			}
			/* The order of the whole list (entry_cmp) is the order of indices. */
			if (m)
				qsort(pick, m, sizeof(*pick), size_cmp);
			sub = mem_grow_array(sub, &sub_cap, m + 1, sizeof(*sub));
			for (j = 0; j < m; j++)
				sub[j] = entries[pick[j]];
			atom_feed(ex, path.ptr, alt.ptr, title.ptr, ex->m->lang, sub, m, &all, &key);
		next:
			buf_free(&path);
			buf_free(&alt);
			buf_free(&title);
		}
		free(info_at);
		free(start);
		free(by_info);
		free(pick);
		free(sub);
	}
	for (i = 0; i < n; i++)
		free(entries[i].id);
	free(entries);
	free(slugs);
	buf_free(&b);
}

/* ---- iCalendar --------------------------------------------------------------------- */

/* Appends NAME + params + ":" + value (already escaped), folded. */
static void ical_line(buf *out, buf *scratch, const char *name, const char *val)
{
	buf_clear(scratch);
	buf_printf(scratch, "%s:%s", name, val);
	escape_ical_fold(out, scratch->ptr, scratch->size);
}

static void ical_text_prop(buf *out, buf *scratch, const char *name, const char *text)
{
	buf v = BUF_INIT;

	escape_ical_text(&v, text, strlen(text));
	ical_line(out, scratch, name, v.ptr);
	buf_free(&v);
}

static void ical_uri_prop(buf *out, buf *scratch, const char *name, const char *uri)
{
	buf v = BUF_INIT;

	escape_line_uri(&v, uri);
	ical_line(out, scratch, name, v.ptr);
	buf_free(&v);
}

static void vtimezone(buf *out, const date_zone *z)
{
	buf from = BUF_INIT, to = BUF_INIT;
	int dst_start = 60 + z->std_minutes, std_start = dst_start + 60; /* local times of the switches */

	fmt_offset(&from, z->std_minutes, 0);
	fmt_offset(&to, z->std_minutes + 60, 0);
	buf_printf(out,
		   "BEGIN:VTIMEZONE\r\nTZID:%s\r\n"
		   "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:%s\r\nTZOFFSETTO:%s\r\nTZNAME:%s\r\n"
		   "DTSTART:19700329T%02d%02d00\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
		   "END:DAYLIGHT\r\n"
		   "BEGIN:STANDARD\r\nTZOFFSETFROM:%s\r\nTZOFFSETTO:%s\r\nTZNAME:%s\r\n"
		   "DTSTART:19701025T%02d%02d00\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
		   "END:STANDARD\r\nEND:VTIMEZONE\r\n",
		   z->name, from.ptr, to.ptr, z->dst_abbr, dst_start / 60, dst_start % 60, to.ptr,
		   from.ptr, z->std_abbr, std_start / 60, std_start % 60);
	buf_free(&from);
	buf_free(&to);
}

static void ical_begin(buf *out, const exporter *ex, const char *name)
{
	buf scratch = BUF_INIT;

	buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trappa//Trappa//SV\r\n"
		      "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	ical_text_prop(out, &scratch, "X-WR-CALNAME", name);
	if (ex->f->zone) {
		ical_text_prop(out, &scratch, "X-WR-TIMEZONE", ex->f->zone->name);
		vtimezone(out, ex->f->zone);
	}
	buf_free(&scratch);
}

/* DTSTART or DTEND for a meeting time. */
static void ical_when(buf *out, buf *scratch, const exporter *ex, const char *name, when w, int day_shift)
{
	buf v = BUF_INIT, n = BUF_INIT;

	if (!w.has_time) {
		buf_printf(&n, "%s;VALUE=DATE", name);
		fmt_ical_date(&v, w.day + day_shift);
	} else {
		int y, mo, d;
		if (ex->f->zone)
			buf_printf(&n, "%s;TZID=%s", name, ex->f->zone->name);
		else
			buf_puts(&n, name);
		date_to_ymd(w.day, &y, &mo, &d);
		buf_printf(&v, "%04d%02d%02dT%02d%02d00", y, mo, d, w.minutes / 60, w.minutes % 60);
	}
	ical_line(out, scratch, n.ptr, v.ptr);
	buf_free(&v);
	buf_free(&n);
}

/* A default length for a meeting with a start time and no (later) end:
 * without DTEND or DURATION, RFC 5545 makes it a 0-minute event, which
 * calendar clients show as a line or hide. */
#define ICAL_DEFAULT_DURATION "PT1H"

/* An event's UID: <slug>-<what>@<host> for the original; a translation adds
 * .<lang> before the @ (a dot never occurs in a slug, so no UID of one
 * dialogue can equal another's). The translation's event has another title
 * and text: one UID with two different contents makes a client subscribed
 * to both calendars overwrite one with the other. */
static void ical_uid(buf *out, const exporter *ex, const model_dialogue *d, const char *what)
{
	buf_printf(out, "%s-%s", d->slug, what);
	if (d->is_translation)
		buf_printf(out, ".%s", model_dialogue_lang(d));
	buf_printf(out, "@%s", ex->f->host);
}

/* SEQUENCE (RFC 5545, 3.8.7.4): a calendar program takes a changed event
 * (a new time, a cancellation) only when it is higher than the copy it
 * has. It must be the same for the same commit (reproducible builds), so
 * it comes from the commit, not the clock: the number of commits that
 * changed the dialogue's file before the latest, which grows with every
 * change of a meeting's time or state (and with other edits, which only
 * makes a program refresh an unchanged event). A build from the work tree
 * has no history: 0, and 1 once cancelled or moved. */
static int ical_sequence(const model_dialogue *d, int changed)
{
	if (d->history && d->history->n_changes > 0)
		return d->history->n_changes > 1000000 ? 1000000 : (int)d->history->n_changes - 1;
	return changed ? 1 : 0;
}

/* The events of one dialogue: its open period, then its meetings in the
 * order of the front matter. UIDs (ical_uid): "period" and "meeting-<n>"
 * (n from 1), so keep the order of meetings and add new ones at the end.
 * DTSTAMP is the dialogue's last update (see facts.c, "times"). */
static void ical_events(buf *out, const exporter *ex, const facts_dialogue *in)
{
	const model_dialogue *d = in->d;
	const char *title = fm_str(d->fm, "title") ? fm_str(d->fm, "title") : d->slug;
	const char *summary = fm_str(d->fm, "summary");
	const value *meetings = value_map_get(d->fm, "meetings");
	buf scratch = BUF_INIT, v = BUF_INIT, stamp = BUF_INIT;
	size_t i;

	fmt_ical_utc(&stamp, in->updated);
	if (d->start != DATE_NONE) {
		buf_puts(out, "BEGIN:VEVENT\r\n");
		ical_uid(&v, ex, d, "period");
		ical_text_prop(out, &scratch, "UID", v.ptr);
		ical_line(out, &scratch, "DTSTAMP", stamp.ptr);
		buf_clear(&v);
		fmt_ical_date(&v, d->start);
		ical_line(out, &scratch, "DTSTART;VALUE=DATE", v.ptr);
		if (d->end != DATE_NONE && d->end >= d->start) {
			buf_clear(&v);
			fmt_ical_date(&v, d->end + 1); /* DTEND is exclusive */
			ical_line(out, &scratch, "DTEND;VALUE=DATE", v.ptr);
		}
		ical_text_prop(out, &scratch, "SUMMARY", title);
		buf_clear(&v);
		buf_printf(&v, "%s%s%s", summary ? summary : "", summary ? "\n\n" : "", in->abs_url);
		ical_text_prop(out, &scratch, "DESCRIPTION", v.ptr);
		ical_uri_prop(out, &scratch, "URL", in->abs_url);
		buf_puts(out, "TRANSP:TRANSPARENT\r\n");
		buf_printf(out, "SEQUENCE:%d\r\n", ical_sequence(d, d->status == MODEL_CANCELLED));
		if (d->status == MODEL_CANCELLED)
			buf_puts(out, "STATUS:CANCELLED\r\n");
		buf_puts(out, "END:VEVENT\r\n");
	}
	for (i = 0; i < value_list_len(meetings); i++) {
		const value *mt = value_list_at(meetings, i);
		when start = parse_when(fm_str(mt, "start")), end = parse_when(fm_str(mt, "end"));
		const char *place = fm_str(mt, "place"), *url = fm_str(mt, "url");
		const char *desc = fm_str(mt, "description"), *note = fm_str(mt, "note");
		model_meeting_state st = model_meeting_state_of(mt);

		if (!start.ok)
			continue;
		buf_puts(out, "BEGIN:VEVENT\r\n");
		buf_clear(&scratch);
		buf_printf(&scratch, "meeting-%zu", i + 1);
		buf_clear(&v);
		ical_uid(&v, ex, d, scratch.ptr);
		ical_text_prop(out, &scratch, "UID", v.ptr);
		ical_line(out, &scratch, "DTSTAMP", stamp.ptr);
		ical_when(out, &scratch, ex, "DTSTART", start, 0);
		if (start.has_time && end.ok && end.has_time &&
		    (end.day > start.day || (end.day == start.day && end.minutes > start.minutes)))
			ical_when(out, &scratch, ex, "DTEND", end, 0);
		else if (!start.has_time) /* all day: to the end's day, inclusive */
			ical_when(out, &scratch, ex, "DTEND",
				  end.ok && end.day >= start.day ? end : start, 1);
		else
			buf_puts(out, "DURATION:" ICAL_DEFAULT_DURATION "\r\n");
		/* The state in words too: not every program shows STATUS. */
		buf_clear(&v);
		if (st != MODEL_MEETING_PLANNED)
			buf_printf(&v, "%s: ", facts_text(ex->f, model_dialogue_lang(d),
							   st == MODEL_MEETING_CANCELLED ? "feed_meeting_cancelled"
											 : "feed_meeting_moved"));
		buf_puts(&v, fm_str(mt, "title") ? fm_str(mt, "title") : title);
		ical_text_prop(out, &scratch, "SUMMARY", v.ptr);
		if (place)
			ical_text_prop(out, &scratch, "LOCATION", place);
		buf_clear(&v);
		if (note)
			buf_printf(&v, "%s\n\n", note);
		if (desc)
			buf_printf(&v, "%s\n\n", desc);
		buf_printf(&v, "%s\n%s", title, in->abs_url);
		ical_text_prop(out, &scratch, "DESCRIPTION", v.ptr);
		ical_uri_prop(out, &scratch, "URL", url ? url : in->abs_url);
		buf_printf(out, "SEQUENCE:%d\r\n", ical_sequence(d, st != MODEL_MEETING_PLANNED));
		if (d->status == MODEL_CANCELLED || st == MODEL_MEETING_CANCELLED)
			buf_puts(out, "STATUS:CANCELLED\r\n");
		buf_puts(out, "END:VEVENT\r\n");
	}
	buf_free(&scratch);
	buf_free(&v);
	buf_free(&stamp);
}

static void write_calendars(exporter *ex)
{
	const char *site_title = fm_str(ex->m->config, "title");
	buf all = BUF_INIT, one = BUF_INIT, path = BUF_INIT;
	size_t i, from, to, size = 0;

	/* Each dialogue's events (fragments) are made once, for its own
	 * calendar, the site's and those of its areas, themes and target
	 * groups. The site's and the facets' calendars hold only originals. */
	for (i = 0; i < ex->n_info; i++)
		size += ex->frags[i][FRAG_EVENTS].len;
	ical_begin(&all, ex, site_title ? site_title : "");
	buf_grow(&all, size + 32);
	for (i = 0; i < ex->n_info; i++) {
		const facts_dialogue *in = ex->info[i];
		const char *title = fm_str(in->d->fm, "title");
		const fragment *events = &ex->frags[i][FRAG_EVENTS];
		output_key key = { 0, 0 };
		if (!in->d->is_translation)
			buf_put(&all, events->ptr, events->len);
		if (ex->keys)
			key = file_key(ex, i, "calendar");
		if (keep_file(ex, in->calendar_path, &key))
			continue;
		buf_clear(&one);
		ical_begin(&one, ex, title ? title : in->d->slug);
		buf_put(&one, events->ptr, events->len);
		buf_puts(&one, "END:VCALENDAR\r\n");
		write_keyed(ex, in->calendar_path, &one, &key);
	}
	buf_puts(&all, "END:VCALENDAR\r\n");
	write_file(ex, "kalender.ics", &all);
	for (from = 0; from < ex->n_members; from = to) {
		const facet_member *first = &ex->members[from];
		buf title = BUF_INIT;
		output_key key = { 0, 0 };
		to = facet_group_end(ex, from);
		facet_title(&title, ex, first);
		buf_clear(&path);
		buf_printf(&path, "%s/%s/kalender.ics", facet_kinds[first->kind].dir, first->slug);
		if (ex->keys)
			key = facet_key(ex, "calendar", from, to, path.ptr, title.ptr);
		if (!keep_file(ex, path.ptr, &key)) {
			buf_clear(&one);
			ical_begin(&one, ex, title.ptr);
			for (i = from; i < to; i++) {
				const model_dialogue *d = ex->info[ex->members[i].info]->d;
				const fragment *events = &ex->frags[ex->members[i].info][FRAG_EVENTS];
				if (d->end != DATE_NONE &&
				    d->end < ex->m->today - EXPORT_FACET_CALENDAR_DAYS)
					continue;
				buf_put(&one, events->ptr, events->len);
			}
			buf_puts(&one, "END:VCALENDAR\r\n");
			write_keyed(ex, path.ptr, &one, &key);
		}
		buf_free(&title);
	}
	buf_free(&all);
	buf_free(&one);
	buf_free(&path);
}

/* ---- open data: JSON ------------------------------------------------------------------ */

static void json_indent(buf *out, int indent, int depth)
{
	int i;

	if (indent < 0)
		return;
	buf_putc(out, '\n');
	for (i = 0; i < indent * depth; i++)
		buf_putc(out, ' ');
}

/* A value tree as JSON; indent < 0: compact. Maps keep their order. */
static void json_value(buf *out, const value *v, int indent, int depth, unsigned flags)
{
	size_t i;

	if (!v) {
		buf_puts(out, "null");
		return;
	}
	switch (v->type) {
	case VALUE_NULL:
		buf_puts(out, "null");
		break;
	case VALUE_BOOL:
		buf_puts(out, v->u.boolean ? "true" : "false");
		break;
	case VALUE_NUMBER:
		if (isfinite(v->u.number))
			value_to_text(out, v);
		else
			buf_puts(out, "null"); /* JSON has no infinity or NaN */
		break;
	case VALUE_STRING:
		escape_json(out, v->u.str.ptr, v->u.str.len, flags);
		break;
	case VALUE_LIST:
		buf_putc(out, '[');
		for (i = 0; i < v->u.list.len; i++) {
			if (i)
				buf_putc(out, ',');
			json_indent(out, indent, depth + 1);
			json_value(out, v->u.list.items[i], indent, depth + 1, flags);
		}
		if (v->u.list.len)
			json_indent(out, indent, depth);
		buf_putc(out, ']');
		break;
	case VALUE_MAP:
		buf_putc(out, '{');
		for (i = 0; i < v->u.map.len; i++) {
			if (i)
				buf_putc(out, ',');
			json_indent(out, indent, depth + 1);
			escape_json_cstring(out, v->u.map.pairs[i].key, flags);
			buf_puts(out, indent < 0 ? ":" : ": ");
			json_value(out, v->u.map.pairs[i].val, indent, depth + 1, flags);
		}
		if (v->u.map.len)
			json_indent(out, indent, depth);
		buf_putc(out, '}');
		break;
	}
}

static value *date_or_null(int day)
{
	buf b = BUF_INIT;
	value *v;

	if (day == DATE_NONE)
		return value_new_null();
	date_format_iso(&b, day);
	v = value_new_cstring(b.ptr);
	buf_free(&b);
	return v;
}

/* The public notes (facts.h), newest first, as `updates` writes them. */
static value *notes_list(const facts_dialogue *in)
{
	value *list = value_new_list();
	size_t i;

	for (i = 0; i < in->n_notes; i++) {
		value *note = value_new_map();
		value_map_set(note, "date", date_or_null(in->notes[i].day));
		value_map_set_string(note, "text", in->notes[i].text);
		value_list_push(list, note);
	}
	return list;
}

/* participant_profile as facts_profile lets it out: a shown count as the
 * number, a hidden one as { "count": null, "suppressed": "under_threshold"
 * | "complementary" }, so that a program reading the data cannot mistake it
 * for 0 and never sees the count. Null without a profile. */
static value *profile_record(const facts_dialogue *in)
{
	const facts_profile *p = &in->profile;
	value *r;
	size_t i, k;

	if (!p->n_dims)
		return value_new_null();
	r = value_new_map();
	for (i = 0; i < p->n_dims; i++) {
		const facts_dimension *dim = &p->dims[i];
		value *groups = value_new_map();
		for (k = 0; k < dim->n_groups; k++) {
			const facts_group *g = &dim->groups[k];
			value *v;
			if (g->shown == FACTS_SHOWN) {
				v = value_new_number((double)g->count);
			} else {
				v = value_new_map();
				value_map_put(v, "count", value_new_null());
				value_map_set_string(v, "suppressed", g->shown == FACTS_FEW ? "under_threshold"
											: "complementary");
			}
			/* A dialogue has at most MODEL_MAX_PROFILE_GROUPS groups:
			 * never the other groups (key NULL). */
			value_map_put(groups, g->key ? g->key : "", v);
		}
		value_map_put(r, dim->key, groups);
	}
	return r;
}

/* The front matter with the derived fields set (status, level, feedback_date
 * and updates replace the front matter's own, with the same meaning:
 * updates holds the commits' public notes too). */
static value *dialogue_record(const facts_dialogue *in)
{
	const model_dialogue *d = in->d;
	value *r = value_clone(d->fm);

	value_map_set_string(r, "slug", d->slug);
	value_map_set_string(r, "lang", model_dialogue_lang(d));
	value_map_set_string(r, "url", in->abs_url);
	value_map_set_string(r, "status", model_status_keys[d->status]);
	value_map_set_string(r, "status_label", in->status_label);
	value_map_set_string(r, "level", model_level_keys[d->level]);
	value_map_set(r, "published", date_or_null(in->published_day));
	value_map_set(r, "updated", date_or_null(in->updated_day));
	value_map_set_bool(r, "feedback_given", has_section(d, MARKDOWN_SECTION_FEEDBACK));
	value_map_set(r, "feedback_date", date_or_null(in->feedback_day));
	value_map_set(r, "feedback_deadline", date_or_null(in->deadline_day));
	value_map_set_bool(r, "feedback_overdue", d->feedback_overdue);
	value_map_set(r, "updates", notes_list(in));
	/* Accountability, derived (facts.c): the counts behind "x av y
	 * synpunkter ändrade förslaget", and whether a delay's new date has
	 * passed too. */
	if (value_map_get(r, "participant_profile")) /* never the front matter's counts */
		value_map_set(r, "participant_profile", profile_record(in));
	value_map_set_number(r, "you_said_points", (double)in->said_total);
	value_map_set_number(r, "you_said_changed", (double)in->said_changed);
	value_map_set_bool(r, "feedback_delay_passed", in->delay_passed);
	/* /statistik/'s "x av y dialoger som rör barn och unga" (facts.c's rule). */
	value_map_set_bool(r, "concerns_children", in->concerns_children);
	return r;
}

static void write_json(exporter *ex)
{
	const char *license = fm_str(value_map_get(ex->m->config, "open_data"), "license");
	const char *municipality = fm_str(ex->m->config, "municipality");
	buf out = BUF_INIT, b = BUF_INIT;
	size_t i, size;

	buf_puts(&out, "{\n  \"generated\": ");
	date_format_iso(&b, ex->m->today);
	escape_json_cstring(&out, b.ptr, 0);
	buf_puts(&out, ",\n  \"publisher\": ");
	if (municipality)
		escape_json_cstring(&out, municipality, 0);
	else
		buf_puts(&out, "null");
	buf_puts(&out, ",\n  \"license\": ");
	if (license)
		escape_json_cstring(&out, license, 0);
	else
		buf_puts(&out, "null");
	buf_clear(&b);
	buf_printf(&b, "%sdata/schema.json", ex->f->site_url);
	buf_puts(&out, ",\n  \"schema\": ");
	escape_json_cstring(&out, b.ptr, 0);
	buf_puts(&out, ",\n  \"dialogues\": [");
	for (i = 0, size = 0; i < ex->n_info; i++)
		size += ex->frags[i][FRAG_JSON].len + 6;
	buf_grow(&out, size + 16);
	for (i = 0; i < ex->n_info; i++) {
		buf_puts(&out, i ? ",\n    " : "\n    ");
		buf_put(&out, ex->frags[i][FRAG_JSON].ptr, ex->frags[i][FRAG_JSON].len);
	}
	buf_puts(&out, ex->n_info ? "\n  ]\n}\n" : "]\n}\n");
	write_file(ex, "data/dialoger.json", &out);
	buf_free(&out);
	buf_free(&b);
}

/* ---- open data: CSV -------------------------------------------------------------------
 *
 * RFC 4180: comma, CRLF, a header row; UTF-8 without a byte order mark. A
 * BOM would not make a double-click in Swedish Excel work anyway (it splits
 * on semicolons), while it ends up inside the first column's name in many
 * parsers; Excel's Data > From Text/CSV detects UTF-8 and commas by itself.
 * Lists are joined with "; ", booleans are true/false, dates YYYY-MM-DD,
 * status and level as the front matter writes them. */

static const char *const csv_columns[] = {
	"slug", "lang", "url", "title", "summary", "status", "level", "responsible",
	"responsible_name", "administration", "start", "end", "areas", "themes", "target_groups",
	"methods", "participants", "case_numbers", "contact_name", "contact_email", "feedback_due",
	"feedback_date", "feedback_given", "feedback_overdue", "published", "updated",
	/* Added later, at the end so the columns above keep their places. */
	"status_label", "contact_phone", "level_reason", "influence", "decided", "purpose", "easy_read",
	"feedback_deadline", "feedback_delay_reason", "feedback_delay_new_date", "decision_date",
	"decision_body", "decision_ref", "decision_url", "related",
	/* issue 17: kind and continuous as they count (a missing kind is a
	 * medborgardialog, a missing continuous false) */
	"kind", "continuous", "politicians", "children_heard", "evaluation_date", NULL,
};

/* Columns taken from a field of a map in the front matter. */
static const struct {
	const char *column, *map, *key;
} csv_nested[] = {
	{ "contact_name", "contact", "name" },
	{ "contact_email", "contact", "email" },
	{ "contact_phone", "contact", "phone" },
	{ "feedback_delay_reason", "feedback_delay", "reason" },
	{ "feedback_delay_new_date", "feedback_delay", "new_date" },
	{ "decision_date", "decision", "date" },
	{ "decision_body", "decision", "body" },
	{ "decision_ref", "decision", "ref" },
	{ "decision_url", "decision", "url" },
	{ "children_heard", "children", "heard" },
	{ "evaluation_date", "evaluation", "date" },
	{ NULL, NULL, NULL },
};

/* The value of a column taken from a map (*found = 1), or *found = 0. */
static const value *csv_nested_value(const value *fm, const char *column, int *found)
{
	size_t i;

	for (i = 0; csv_nested[i].column; i++)
		if (!strcmp(csv_nested[i].column, column)) {
			*found = 1;
			return value_map_get(value_map_get(fm, csv_nested[i].map), csv_nested[i].key);
		}
	*found = 0;
	return NULL;
}

/* A scalar as text, or a list of them joined with "; ". */
static void put_joined(buf *out, const value *v)
{
	size_t i;

	if (v && v->type != VALUE_LIST) {
		value_to_text(out, v); /* maps give nothing */
		return;
	}
	for (i = 0; i < value_list_len(v); i++) {
		if (i)
			buf_puts(out, "; ");
		value_to_text(out, value_list_at(v, i));
	}
}

static void csv_date(buf *out, int day)
{
	if (day != DATE_NONE)
		date_format_iso(out, day);
}

static void csv_row(buf *out, const facts_dialogue *in)
{
	const model_dialogue *d = in->d;
	const value *fm = d->fm;
	buf cell = BUF_INIT;
	size_t c;

	for (c = 0; csv_columns[c]; c++) {
		const char *col = csv_columns[c];
		int nested;
		const value *sub = csv_nested_value(fm, col, &nested);
		buf_clear(&cell);
		if (nested)
			value_to_text(&cell, sub);
		else if (!strcmp(col, "slug"))
			buf_puts(&cell, d->slug);
		else if (!strcmp(col, "lang"))
			buf_puts(&cell, model_dialogue_lang(d));
		else if (!strcmp(col, "url"))
			buf_puts(&cell, in->abs_url);
		else if (!strcmp(col, "status"))
			buf_puts(&cell, model_status_keys[d->status]);
		else if (!strcmp(col, "level"))
			buf_puts(&cell, model_level_keys[d->level]);
		else if (!strcmp(col, "responsible_name"))
			buf_puts(&cell, in->committee);
		else if (!strcmp(col, "start"))
			csv_date(&cell, d->start);
		else if (!strcmp(col, "end"))
			csv_date(&cell, d->end);
		else if (!strcmp(col, "feedback_due"))
			csv_date(&cell, d->feedback_due);
		else if (!strcmp(col, "feedback_date"))
			csv_date(&cell, in->feedback_day);
		else if (!strcmp(col, "published"))
			csv_date(&cell, in->published_day);
		else if (!strcmp(col, "updated"))
			csv_date(&cell, in->updated_day);
		else if (!strcmp(col, "feedback_given"))
			buf_puts(&cell, has_section(d, MARKDOWN_SECTION_FEEDBACK) ? "true" : "false");
		else if (!strcmp(col, "feedback_overdue"))
			buf_puts(&cell, d->feedback_overdue ? "true" : "false");
		else if (!strcmp(col, "status_label"))
			buf_puts(&cell, in->status_label);
		else if (!strcmp(col, "feedback_deadline"))
			csv_date(&cell, in->deadline_day);
		else if (!strcmp(col, "kind"))
			buf_puts(&cell, model_kind_keys[model_dialogue_kind(d)]);
		else if (!strcmp(col, "continuous"))
			buf_puts(&cell, model_dialogue_continuous(d) ? "true" : "false");
		else
			put_joined(&cell, value_map_get(fm, col)); /* scalars and lists alike */
		if (c)
			buf_putc(out, ',');
		escape_csv(out, cell.ptr, cell.size);
	}
	buf_puts(out, "\r\n");
	buf_free(&cell);
}

/* The header row: the names of columns, then of more (may be NULL). */
static void csv_header(buf *out, const char *const *columns, const char *const *more)
{
	size_t i;

	for (i = 0; columns[i]; i++)
		buf_printf(out, "%s%s", i ? "," : "", columns[i]);
	for (i = 0; more && more[i]; i++)
		buf_printf(out, ",%s", more[i]);
	buf_puts(out, "\r\n");
}

static void write_csv(exporter *ex)
{
	buf out = BUF_INIT;
	size_t i, size = 0;

	csv_header(&out, csv_columns, NULL);
	for (i = 0; i < ex->n_info; i++)
		size += ex->frags[i][FRAG_CSV].len;
	buf_grow(&out, size);
	for (i = 0; i < ex->n_info; i++)
		buf_put(&out, ex->frags[i][FRAG_CSV].ptr, ex->frags[i][FRAG_CSV].len);
	write_file(ex, "data/dialoger.csv", &out);
	buf_free(&out);
}

/* ---- open data: one row per point of you_said, per action ---------------------------
 *
 * So that a journalist can count across dialogues and years without
 * unpacking the JSON's lists. Originals only: a translation's you_said and
 * actions are the original's, translated, and would count every point twice.
 * The id is "<slug>-<n>", n the item's place in its list from 1: readable,
 * and stable as long as the list keeps its order (inserting or reordering
 * items renumbers those after; a hash of the text would survive that but
 * change with every correction of a typo, and reads as noise). The other
 * columns are the item's own keys, as in the front matter and the JSON;
 * the dialogue's, prefixed where a key would clash (title). */

const char *const export_item_columns[] = { "id", "slug", "dialogue_title", "committee",
					     "start_year", NULL };
const char *const export_you_said_columns[] = { "said", "count", "outcome", "changed", "response",
						NULL };
const char *const export_actions_columns[] = { "title", "status", "due", "done", "progress", "note",
					       NULL };

static const struct {
	const char *path, *list;
	const char *const *columns; /* the item's, after export_item_columns */
} item_files[] = {
	{ "data/you_said.csv", "you_said", export_you_said_columns },
	{ "data/actions.csv", "actions", export_actions_columns },
};

static void csv_cell(buf *out, const buf *cell, int first)
{
	if (!first)
		buf_putc(out, ',');
	escape_csv(out, cell->ptr, cell->size);
}

static void item_row(buf *out, buf *cell, const facts_dialogue *in, size_t n, const value *item,
		     const char *const *columns)
{
	const model_dialogue *d = in->d;
	size_t c;
	int year, month, day;

	for (c = 0; export_item_columns[c]; c++) {
		const char *col = export_item_columns[c];
		buf_clear(cell);
		if (!strcmp(col, "id"))
			buf_printf(cell, "%s-%zu", d->slug, n);
		else if (!strcmp(col, "slug"))
			buf_puts(cell, d->slug);
		else if (!strcmp(col, "dialogue_title"))
			value_to_text(cell, value_map_get(d->fm, "title"));
		else if (!strcmp(col, "committee"))
			buf_puts(cell, in->committee);
		else if (d->start != DATE_NONE) { /* start_year */
			date_to_ymd(d->start, &year, &month, &day);
			buf_printf(cell, "%d", year);
		}
		csv_cell(out, cell, c == 0);
	}
	for (c = 0; columns[c]; c++) {
		buf_clear(cell);
		if (!strcmp(columns[c], "changed")) {
			int o = model_outcome_of(value_string(value_map_get(item, "outcome")));
			if (o >= 0)
				buf_puts(cell, model_outcome_changed((model_outcome)o) ? "true" : "false");
		} else {
			value_to_text(cell, value_map_get(item, columns[c]));
		}
		csv_cell(out, cell, 0);
	}
	buf_puts(out, "\r\n");
}

/* The rows of in's items of item_files[f] (none for a translation). */
static void item_rows(buf *out, const facts_dialogue *in, size_t f)
{
	const value *list = value_map_get(in->d->fm, item_files[f].list);
	buf cell = BUF_INIT;
	size_t n;

	if (in->d->is_translation)
		return;
	for (n = 0; n < value_list_len(list); n++)
		item_row(out, &cell, in, n + 1, value_list_at(list, n), item_files[f].columns);
	buf_free(&cell);
}

static void write_item_csvs(exporter *ex)
{
	buf out = BUF_INIT;
	size_t f, i;

	for (f = 0; f < sizeof(item_files) / sizeof(item_files[0]); f++) {
		const fragment *rows;
		buf_clear(&out);
		csv_header(&out, export_item_columns, item_files[f].columns);
		for (i = 0; i < ex->n_info; i++) {
			rows = &ex->frags[i][FRAG_YOU_SAID + f];
			buf_put(&out, rows->ptr, rows->len);
		}
		write_file(ex, item_files[f].path, &out);
	}
	buf_free(&out);
}

/* ---- fragments: the files every dialogue is in, from each dialogue's parts -----------
 *
 * data/dialoger.json, data/dialoger.csv, data/you_said.csv, data/actions.csv
 * and the site's calendar are each published dialogue's part (its record,
 * its row, its items' rows, its events) in model order, between a head
 * and a tail; the facets' calendars and its own take its events too. A
 * one-dialogue update made every part again: some 700 ms of CPU at 10 000
 * dialogues. Each dialogue's parts are kept in a cache file beside the
 * output (<out>.cache/export, modelcache.h) under fragment_key, a hash of
 * everything they are made from, so an update makes only the parts of
 * changed dialogues and copies the rest. The bytes are the same either
 * way; without a seed or a cache folder (unit tests, previews) every part
 * is made. */

#define EXPORT_CACHE_FILE "export"

/* The cache file's header key: the site's part of every key. */
static void fragments_header_key(modelcache_key *out, const exporter *ex)
{
	unsigned char b[sizeof(output_key) + 16];

	memcpy(b, &ex->site, sizeof(output_key));
	memcpy(b + sizeof(output_key), "export frags 1\0\0", 16);
	modelcache_key_of(out, b, sizeof(b));
}

/* Dialogue i's key (which holds the site's) and the derived facts its
 * record, rows and events read besides those dialogue_keys hashes (dates
 * as days, accountability, notes, the suppressed profile). Most follow
 * from what the key holds already; hashing them again costs little and
 * keeps a part from going stale when facts.c derives them otherwise. */
static void fragment_key(modelcache_key *out, const exporter *ex, size_t i)
{
	const facts_dialogue *in = ex->info[i];
	const facts_profile *p = &in->profile;
	XXH3_state_t *st = hash_begin();
	XXH128_canonical_t c;
	size_t k, g;

	XXH3_128bits_update(st, "export fragment 1", 18);
	hash_key(st, &ex->keys[i]);
	hash_ll(st, in->published_day);
	hash_ll(st, in->updated_day);
	hash_ll(st, in->feedback_day);
	hash_ll(st, in->deadline_day);
	hash_ll(st, in->d->feedback_overdue);
	hash_ll(st, in->delay_passed);
	hash_ll(st, (long long)in->said_total);
	hash_ll(st, (long long)in->said_changed);
	hash_ll(st, in->concerns_children);
	hash_ll(st, (long long)in->n_notes);
	for (k = 0; k < in->n_notes; k++) {
		hash_ll(st, in->notes[k].day);
		hash_str(st, in->notes[k].text);
	}
	hash_ll(st, (long long)p->n_dims);
	for (k = 0; k < p->n_dims; k++) {
		const facts_dimension *dim = &p->dims[k];
		hash_str(st, dim->key);
		hash_ll(st, (long long)dim->n_groups);
		for (g = 0; g < dim->n_groups; g++) {
			hash_str(st, dim->groups[g].key);
			hash_ll(st, (long long)dim->groups[g].count);
			hash_ll(st, dim->groups[g].shown);
		}
	}
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(out->b, c.digest, sizeof(out->b));
}

/* Makes in's parts, packed as a cache entry: FRAG_COUNT byte strings. */
static void fragments_pack(buf *out, const exporter *ex, const facts_dialogue *in)
{
	buf part = BUF_INIT;
	value *r = dialogue_record(in);
	size_t f;

	json_value(&part, r, 2, 2, 0);
	value_free(r);
	pack_bytes(out, part.ptr, part.size);
	buf_clear(&part);
	csv_row(&part, in);
	pack_bytes(out, part.ptr, part.size);
	for (f = 0; f < sizeof(item_files) / sizeof(item_files[0]); f++) {
		buf_clear(&part);
		item_rows(&part, in, f);
		pack_bytes(out, part.ptr, part.size);
	}
	buf_clear(&part);
	ical_events(&part, ex, in);
	pack_bytes(out, part.ptr, part.size);
	buf_free(&part);
}

/* Points frags into an entry. Returns 0, or -1 when it is not one. */
static int fragments_unpack(fragment frags[FRAG_COUNT], const void *data, size_t len)
{
	pack_reader r;
	size_t k;

	pack_reader_init(&r, data, len);
	for (k = 0; k < FRAG_COUNT; k++)
		if (pack_get_bytes(&r, &frags[k].ptr, &frags[k].len) != 0)
			return -1;
	return r.error || r.p != r.end ? -1 : 0;
}

/* Fills ex->frags: each published dialogue's parts from the cache file
 * in cache_dir (read when `read` is set) or made, and starts the new
 * cache file with all of them. */
static void fragments_make(exporter *ex, const char *cache_dir, int read)
{
	modelcache_key head, key = { { 0 } };
	size_t i;

	ex->frags = mem_calloc(ex->n_info + 1, sizeof(*ex->frags));
	ex->made = mem_calloc(ex->n_info + 1, sizeof(*ex->made));
	if (ex->keys && cache_dir) {
		fragments_header_key(&head, ex);
		ex->cache = modelcache_open(cache_dir, EXPORT_CACHE_FILE, &head, read);
	}
	for (i = 0; i < ex->n_info; i++) {
		const void *data = NULL;
		size_t len = 0;
		buf_init(&ex->made[i]);
		if (ex->cache) {
			fragment_key(&key, ex, i);
			if (modelcache_find(ex->cache, &key, &data, &len) != 0) {
				data = NULL;
			} else if (fragments_unpack(ex->frags[i], data, len) == 0) {
				ex->n_cached++;
			} else {
				data = NULL; /* damaged: made again, and the file afresh */
				modelcache_refuse(ex->cache);
			}
		}
		if (!data) {
			fragments_pack(&ex->made[i], ex, ex->info[i]);
			data = ex->made[i].ptr;
			len = ex->made[i].size;
			if (fragments_unpack(ex->frags[i], data, len) != 0)
				abort(); /* fragments_pack wrote what it reads */
		}
		if (ex->cache)
			modelcache_add(ex->cache, &key, data, len);
	}
}

/* Finishes the new cache file; the parts are gone after this. */
static void fragments_free(exporter *ex)
{
	size_t i;

	modelcache_close(ex->cache, ex->diags);
	ex->cache = NULL;
	for (i = 0; ex->made && i < ex->n_info; i++)
		buf_free(&ex->made[i]);
	free(ex->made);
	free(ex->frags);
}

/* ---- open data: JSON Schema ------------------------------------------------------------
 *
 * The content format's dialogue front matter, as model.c checks it: every
 * optional field may also be null (an empty field in YAML). Kept by hand,
 * since it says more than model.c's field table (lengths, enums, patterns,
 * which of file/url a document needs); tests/unit/test_export_schema.c
 * proves the two agree (every field, its type, whether it is required,
 * the enum values) and tests/export.sh validates the example site's data
 * against it. */

static const char schema_head[] =
	"  \"title\": \"Trappa: en medborgardialogs front matter\",\n"
	"  \"description\": \"Fälten i en dialogs YAML-huvud (content/dialoger/<slug>.md) enligt "
	"Trappas innehållsformat. data/schema.json beskriver data/dialoger.json: samma fält, plus "
	"de härledda (bland dem you_said_points, you_said_changed och feedback_delay_passed); "
	"updates har där även incheckningarnas offentliga notiser.\",\n"
	"  \"type\": \"object\",\n"
	"  \"required\": [\"title\", \"summary\", \"level\", \"responsible\", \"contact\"],\n";

/* After the head: the front matter closed with additionalProperties, the
 * data file's record (data_schema) with unevaluatedProperties instead. */
static const char schema_body[] =
	"  \"properties\": {\n"
	"    \"title\": { \"type\": \"string\" },\n"
	"    \"summary\": { \"type\": \"string\", \"maxLength\": 300 },\n"
	"    \"level\": { \"enum\": [\"information\", \"konsultation\", \"dialog\", \"inflytande\", "
	"\"medbeslutande\"] },\n"
	"    \"level_reason\": { \"$ref\": \"#/$defs/text\" },\n"
	"    \"influence\": { \"$ref\": \"#/$defs/text\" },\n"
	"    \"decided\": { \"$ref\": \"#/$defs/text\" },\n"
	"    \"purpose\": { \"$ref\": \"#/$defs/text\" },\n"
	"    \"responsible\": { \"type\": \"string\", \"description\": \"A committee key from "
	"site.yaml, or the committee's name.\" },\n"
	"    \"administration\": { \"$ref\": \"#/$defs/text\" },\n"
	"    \"contact\": { \"$ref\": \"#/$defs/contact\" },\n"
	"    \"case_numbers\": { \"$ref\": \"#/$defs/textList\" },\n"
	"    \"start\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] },\n"
	"    \"end\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] },\n"
	"    \"status\": { \"enum\": [\"planerad\", \"pågående\", \"avslutad\", \"pausad\", "
	"\"inställd\", null] },\n"
	"    \"areas\": { \"$ref\": \"#/$defs/textList\" },\n"
	"    \"themes\": { \"$ref\": \"#/$defs/textList\" },\n"
	"    \"target_groups\": { \"$ref\": \"#/$defs/textList\" },\n"
	"    \"methods\": { \"$ref\": \"#/$defs/textList\" },\n"
	"    \"participants\": { \"type\": [\"integer\", \"null\"], \"minimum\": 0, "
	"\"maximum\": 1000000000 },\n"
	"    \"meetings\": { \"type\": [\"array\", \"null\"], \"items\": { \"$ref\": "
	"\"#/$defs/meeting\" } },\n"
	"    \"documents\": { \"type\": [\"array\", \"null\"], \"items\": { \"$ref\": "
	"\"#/$defs/document\" } },\n"
	"    \"phases\": { \"type\": [\"array\", \"null\"], \"items\": { \"$ref\": "
	"\"#/$defs/phase\" } },\n"
	"    \"updates\": { \"type\": [\"array\", \"null\"], \"description\": \"Daterade "
	"offentliga notiser: dialogens offentliga ändringslogg. I data/dialoger.json även "
	"incheckningarnas notiser märkta Publikt: (Public:), nyast först.\", \"items\": { "
	"\"$ref\": \"#/$defs/update\" } },\n"
	"    \"feedback_due\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"    \"feedback_date\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"    \"feedback_delay\": { \"anyOf\": [{ \"$ref\": \"#/$defs/feedbackDelay\" }, { \"type\": "
	"\"null\" }] },\n"
	/* Accountability (issue 16; content-model.md "Accountability and follow-up"). */
	"    \"feedback_plan\": { \"$ref\": \"#/$defs/text\", \"description\": \"Hur och när "
	"deltagarna får veta vad som händer: löftet som gäller från dialogens start.\" },\n"
	"    \"you_said\": { \"type\": [\"array\", \"null\"], \"description\": \"Ni sa – vi "
	"gjorde: varje synpunkt och vad som blev av den.\", \"items\": { \"$ref\": "
	"\"#/$defs/youSaid\" } },\n"
	"    \"actions\": { \"type\": [\"array\", \"null\"], \"description\": \"Det här händer "
	"nu: åtgärder efter beslutet.\", \"items\": { \"$ref\": \"#/$defs/action\" } },\n"
	"    \"decision\": { \"anyOf\": [{ \"$ref\": \"#/$defs/decision\" }, { \"type\": \"null\" "
	"}] },\n"
	"    \"related\": {\n"
	"      \"anyOf\": [\n"
	"        { \"$ref\": \"#/$defs/slug\" },\n"
	"        { \"type\": \"array\", \"items\": { \"$ref\": \"#/$defs/slug\" } },\n"
	"        { \"type\": \"null\" }\n"
	"      ]\n"
	"    },\n"
	"    \"easy_read\": { \"$ref\": \"#/$defs/text\", \"description\": \"Lättläst "
	"sammanfattning, Markdown.\" },\n"
	"    \"draft\": { \"type\": [\"boolean\", \"null\"] },\n"
	/* Issue 17: kind, continuous, politicians, children, evaluation. */
	"    \"kind\": { \"enum\": [\"medborgardialog\", \"samråd\", \"brukardialog\", "
	"\"öppen kanal\", null], \"description\": \"Typ av dialog; utan värde en "
	"medborgardialog.\" },\n"
	"    \"continuous\": { \"type\": [\"boolean\", \"null\"], \"description\": "
	"\"Löpande: alltid öppen, inget slutdatum behövs.\" },\n"
	"    \"politicians\": { \"$ref\": \"#/$defs/textList\", \"description\": "
	"\"Förtroendevalda som deltar.\" },\n"
	"    \"children\": { \"anyOf\": [{ \"$ref\": \"#/$defs/children\" }, { \"type\": "
	"\"null\" }] },\n"
	"    \"evaluation\": { \"anyOf\": [{ \"$ref\": \"#/$defs/evaluation\" }, { \"type\": "
	"\"null\" }] },\n"
	"    \"participant_profile\": { \"anyOf\": [{ \"$ref\": \"#/$defs/participantProfile\" }, "
	"{ \"type\": \"null\" }] }\n"
	"  },\n"
	"  \"allOf\": [\n"
	"    {\n"
	"      \"if\": { \"required\": [\"status\"], \"properties\": { \"status\": { \"enum\": "
	"[\"pågående\", \"avslutad\", \"pausad\"] } } },\n"
	"      \"then\": { \"required\": [\"start\"], \"properties\": { \"start\": { \"type\": "
	"\"string\" } } }\n"
	"    }\n"
	"  ],\n"
	"  \"$defs\": {\n"
	"    \"text\": { \"type\": [\"string\", \"null\"] },\n"
	"    \"textList\": {\n"
	"      \"anyOf\": [\n"
	"        { \"type\": \"string\" },\n"
	"        { \"type\": \"array\", \"items\": { \"type\": \"string\" } },\n"
	"        { \"type\": \"null\" }\n"
	"      ]\n"
	"    },\n"
	"    \"date\": { \"type\": \"string\", \"format\": \"date\", \"pattern\": "
	"\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\" },\n"
	"    \"dateTime\": {\n"
	"      \"type\": \"string\",\n"
	"      \"description\": \"A date (YYYY-MM-DD) or a local time in the site's time zone "
	"(YYYY-MM-DDTHH:MM, seconds allowed).\",\n"
	"      \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$\"\n"
	"    },\n"
	"    \"url\": { \"type\": \"string\", \"pattern\": \"^(https?://|mailto:)\" },\n"
	"    \"email\": { \"type\": \"string\", \"format\": \"email\", \"pattern\": "
	"\"^[^@ ][^ ]*@[^ ]*$\" },\n"
	"    \"slug\": { \"type\": \"string\", \"pattern\": \"^[a-z0-9]+(-[a-z0-9]+)*$\" },\n"
	"    \"contact\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"name\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"name\": { \"type\": \"string\" },\n"
	"        \"email\": { \"anyOf\": [{ \"$ref\": \"#/$defs/email\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"phone\": { \"$ref\": \"#/$defs/text\" }\n"
	"      },\n"
	"      \"anyOf\": [\n"
	"        { \"required\": [\"email\"], \"properties\": { \"email\": { \"type\": \"string\" } } "
	"},\n"
	"        { \"required\": [\"phone\"], \"properties\": { \"phone\": { \"type\": \"string\" } } "
	"}\n"
	"      ]\n"
	"    },\n"
	"    \"meeting\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"title\", \"start\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"title\": { \"type\": \"string\" },\n"
	"        \"start\": { \"$ref\": \"#/$defs/dateTime\" },\n"
	"        \"end\": { \"anyOf\": [{ \"$ref\": \"#/$defs/dateTime\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"place\": { \"$ref\": \"#/$defs/text\" },\n"
	"        \"url\": { \"anyOf\": [{ \"$ref\": \"#/$defs/url\" }, { \"type\": \"null\" }] },\n"
	"        \"description\": { \"$ref\": \"#/$defs/text\" },\n"
	/* Issue 17: practicalities and state. */
	"        \"access\": { \"$ref\": \"#/$defs/textList\", \"description\": "
	"\"Tillgänglighet: fria texter; rullstol, hörslinga, teckenspråkstolk och barnpassning "
	"har egna etiketter.\" },\n"
	"        \"registration\": { \"$ref\": \"#/$defs/text\", \"description\": \"Anmälan: "
	"en http(s)-adress eller en text om hur man anmäler sig.\" },\n"
	"        \"language\": { \"$ref\": \"#/$defs/textList\", \"description\": \"Språk "
	"som ISO 639-koder (sv, ar, so).\" },\n"
	"        \"state\": { \"enum\": [\"planerat\", \"inställt\", \"flyttat\", null], "
	"\"description\": \"Utan värde planerat; vid flyttat är start den nya tiden.\" },\n"
	"        \"note\": { \"$ref\": \"#/$defs/text\", \"description\": \"Varför mötet "
	"ställdes in eller flyttades, och varifrån.\" }\n"
	"      }\n"
	"    },\n"
	"    \"document\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"title\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"title\": { \"type\": \"string\" },\n"
	"        \"file\": { \"$ref\": \"#/$defs/text\", \"description\": \"A file in the "
	"dialogue's bundle folder.\" },\n"
	"        \"url\": { \"anyOf\": [{ \"$ref\": \"#/$defs/url\" }, { \"type\": \"null\" }] },\n"
	"        \"format\": { \"$ref\": \"#/$defs/text\" },\n"
	"        \"size\": { \"$ref\": \"#/$defs/text\" }\n"
	"      },\n"
	"      \"anyOf\": [\n"
	"        { \"required\": [\"file\"], \"properties\": { \"file\": { \"type\": \"string\" } } "
	"},\n"
	"        { \"required\": [\"url\"], \"properties\": { \"url\": { \"type\": \"string\" } } }\n"
	"      ]\n"
	"    },\n"
	"    \"phase\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"title\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"title\": { \"type\": \"string\" },\n"
	"        \"start\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"end\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"description\": { \"$ref\": \"#/$defs/text\" }\n"
	"      }\n"
	"    },\n"
	"    \"update\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"date\", \"text\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"date\": { \"$ref\": \"#/$defs/date\" },\n"
	"        \"text\": { \"type\": \"string\", \"minLength\": 1, \"description\": "
	"\"Ren text, ingen Markdown.\" }\n"
	"      }\n"
	"    },\n"
	"    \"feedbackDelay\": {\n"
	"      \"type\": \"object\",\n"
	"      \"description\": \"Varför återkopplingen är sen och när den nu kommer.\",\n"
	"      \"required\": [\"reason\", \"new_date\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"reason\": { \"type\": \"string\" },\n"
	"        \"new_date\": { \"$ref\": \"#/$defs/date\" }\n"
	"      }\n"
	"    },\n"
	"    \"youSaid\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"said\", \"outcome\", \"response\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"said\": { \"type\": \"string\" },\n"
	"        \"count\": { \"type\": [\"integer\", \"null\"], \"minimum\": 1, \"maximum\": "
	"1000000000, \"description\": \"Hur många som tog upp synpunkten.\" },\n"
	"        \"outcome\": { \"enum\": [\"genomförs\", \"delvis\", \"genomförs inte\", "
	"\"redan beslutat\", \"utanför frågan\", \"utreds\"] },\n"
	"        \"response\": { \"type\": \"string\" }\n"
	"      }\n"
	"    },\n"
	"    \"action\": {\n"
	"      \"type\": \"object\",\n"
	"      \"required\": [\"title\", \"status\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"title\": { \"type\": \"string\" },\n"
	"        \"status\": { \"enum\": [\"planerad\", \"pågår\", \"klar\", \"stoppad\"] },\n"
	"        \"due\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] },\n"
	"        \"done\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] },\n"
	"        \"progress\": { \"type\": [\"integer\", \"null\"], \"minimum\": 0, \"maximum\": "
	"100, \"description\": \"Procent.\" },\n"
	"        \"note\": { \"$ref\": \"#/$defs/text\" }\n"
	"      },\n"
	"      \"if\": { \"required\": [\"done\"], \"properties\": { \"done\": { \"type\": "
	"\"string\" } } },\n"
	"      \"then\": { \"properties\": { \"status\": { \"const\": \"klar\" } } }\n"
	"    },\n"
	"    \"decision\": {\n"
	"      \"type\": \"object\",\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"date\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"body\": { \"$ref\": \"#/$defs/text\" },\n"
	"        \"ref\": { \"$ref\": \"#/$defs/text\" },\n"
	"        \"url\": { \"anyOf\": [{ \"$ref\": \"#/$defs/url\" }, { \"type\": \"null\" }] }\n"
	"      }\n"
	"    },\n"
	"    \"children\": {\n"
	"      \"type\": \"object\",\n"
	"      \"description\": \"Barnrättslagen: fick barn och unga komma till tals?\",\n"
	"      \"required\": [\"heard\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"heard\": { \"type\": \"boolean\" },\n"
	"        \"how\": { \"$ref\": \"#/$defs/text\" },\n"
	"        \"assessment\": { \"$ref\": \"#/$defs/text\", \"description\": "
	"\"Barnkonsekvensanalysen.\" }\n"
	"      }\n"
	"    },\n"
	"    \"evaluation\": {\n"
	"      \"type\": \"object\",\n"
	"      \"description\": \"Utvärderingen av själva dialogen; rapporten är en länk eller en "
	"fil i paketet, inte båda.\",\n"
	"      \"required\": [\"summary\"],\n"
	"      \"additionalProperties\": false,\n"
	"      \"properties\": {\n"
	"        \"date\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] "
	"},\n"
	"        \"summary\": { \"type\": \"string\" },\n"
	"        \"url\": { \"anyOf\": [{ \"$ref\": \"#/$defs/url\" }, { \"type\": \"null\" }] },\n"
	"        \"file\": { \"$ref\": \"#/$defs/text\", \"description\": \"A file in the "
	"dialogue's bundle folder.\" }\n"
	"      },\n"
	"      \"not\": { \"required\": [\"url\", \"file\"], \"properties\": { \"url\": { "
	"\"type\": \"string\" }, \"file\": { \"type\": \"string\" } } }\n"
	"    },\n"
	/* Issue 17: who took part. The front matter has whole numbers; the
	 * data file has the suppressed form in place of a small group's. */
	"    \"participantProfile\": {\n"
	"      \"type\": \"object\",\n"
	"      \"description\": \"Vilka som deltog: per indelning (age, gender, area eller egen) "
	"antalet per grupp. I dialoger.json har en grupp under webbplatsens privacy_threshold "
	"{count: null, suppressed: under_threshold}, och en grupp som döljs för att den minsta inte "
	"ska kunna räknas fram {count: null, suppressed: complementary}.\",\n"
	"      \"maxProperties\": 10,\n"
	"      \"additionalProperties\": {\n"
	"        \"type\": \"object\",\n"
	"        \"maxProperties\": 100,\n"
	"        \"additionalProperties\": { \"anyOf\": [\n"
	"          { \"type\": \"integer\", \"minimum\": 0, \"maximum\": 1000000000 },\n"
	"          { \"type\": \"object\", \"required\": [\"count\", \"suppressed\"], "
	"\"additionalProperties\": false, \"properties\": { \"count\": { \"type\": \"null\" }, "
	"\"suppressed\": { \"enum\": [\"under_threshold\", \"complementary\"] } } }\n"
	"        ] }\n"
	"      }\n"
	"    }\n"
	"  }\n"
	"}\n";

void export_schema(buf *out, const char *id)
{
	buf_puts(out, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
		      "  \"$id\": ");
	escape_json_cstring(out, id, 0);
	buf_puts(out, ",\n");
	buf_puts(out, schema_head);
	buf_puts(out, "  \"additionalProperties\": false,\n");
	buf_puts(out, schema_body);
}

/* data/schema.json: the data file itself. A record is the front matter
 * (its schema embedded as its own resource, frontmatter.schema.json, open
 * here) plus the derived fields; unevaluatedProperties closes the record,
 * so a misspelt field still fails. */
static const char data_schema_head[] =
	"  \"title\": \"Trappa: data/dialoger.json\",\n"
	"  \"description\": \"Alla publicerade dialoger: fälten ur deras YAML-huvud "
	"($defs/frontMatter) och de härledda fälten, se /oppna-data/. Redigeringsprogram: "
	"trappa schema skriver YAML-huvudets schema.\",\n"
	"  \"type\": \"object\",\n"
	"  \"required\": [\"generated\", \"publisher\", \"license\", \"schema\", \"dialogues\"],\n"
	"  \"additionalProperties\": false,\n"
	"  \"properties\": {\n"
	"    \"generated\": { \"$ref\": \"#/$defs/date\" },\n"
	"    \"publisher\": { \"type\": [\"string\", \"null\"] },\n"
	"    \"license\": { \"type\": [\"string\", \"null\"] },\n"
	"    \"schema\": { \"type\": \"string\" },\n"
	"    \"dialogues\": { \"type\": \"array\", \"items\": { \"$ref\": \"#/$defs/dialogue\" } }\n"
	"  },\n"
	"  \"$defs\": {\n"
	"    \"date\": { \"type\": \"string\", \"format\": \"date\", \"pattern\": "
	"\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\" },\n"
	"    \"dateOrNull\": { \"anyOf\": [{ \"$ref\": \"#/$defs/date\" }, { \"type\": \"null\" }] },\n"
	"    \"dialogue\": {\n"
	"      \"$ref\": \"frontmatter.schema.json\",\n"
	"      \"required\": [\"slug\", \"lang\", \"url\", \"status\", \"status_label\", \"level\", "
	"\"published\", \"updated\", \"feedback_given\", \"feedback_date\", \"feedback_deadline\", "
	"\"feedback_overdue\", \"you_said_points\", \"you_said_changed\", \"feedback_delay_passed\", "
	"\"concerns_children\", "
	"\"updates\"],\n"
	"      \"properties\": {\n"
	"        \"slug\": { \"type\": \"string\", \"pattern\": \"^[a-z0-9]+(-[a-z0-9]+)*$\" },\n"
	"        \"lang\": { \"type\": \"string\", \"description\": \"Språkkod (BCP 47): "
	"originalets är webbplatsens, en översättnings sin egen.\", \"pattern\": "
	"\"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$\" },\n"
	"        \"url\": { \"type\": \"string\", \"format\": \"uri\" },\n"
	"        \"status\": { \"enum\": [\"planerad\", \"pågående\", \"avslutad\", \"pausad\", "
	"\"inställd\"] },\n"
	"        \"status_label\": { \"type\": \"string\" },\n"
	"        \"published\": { \"$ref\": \"#/$defs/dateOrNull\" },\n"
	"        \"updated\": { \"$ref\": \"#/$defs/dateOrNull\" },\n"
	"        \"feedback_given\": { \"type\": \"boolean\" },\n"
	"        \"feedback_date\": { \"$ref\": \"#/$defs/dateOrNull\" },\n"
	"        \"feedback_deadline\": { \"$ref\": \"#/$defs/dateOrNull\", \"description\": "
	"\"Avslutad dialog: när återkoppling är utlovad, feedback_due eller slutet plus "
	"webbplatsens feedback_overdue_days.\" },\n"
	"        \"feedback_overdue\": { \"type\": \"boolean\" },\n"
	"        \"you_said_points\": { \"type\": \"integer\", \"minimum\": 0, \"description\": "
	"\"Antalet punkter i you_said: y i \\\"x av y synpunkter ändrade förslaget\\\".\" },\n"
	"        \"you_said_changed\": { \"type\": \"integer\", \"minimum\": 0, \"description\": "
	"\"Punkterna med utfallet genomförs eller delvis: x.\" },\n"
	"        \"feedback_delay_passed\": { \"type\": \"boolean\", \"description\": "
	"\"Sant när också förseningens nya datum har passerat.\" },\n"
	"        \"concerns_children\": { \"type\": \"boolean\", \"description\": "
	"\"Sant när dialogen rör barn och unga: children finns, eller en målgrupp nämner barn, "
	"unga, ungdomar eller elever.\" },\n"
	"        \"updates\": { \"type\": \"array\", \"items\": { \"type\": \"object\", "
	"\"required\": [\"date\", \"text\"], \"additionalProperties\": false, \"properties\": { "
	"\"date\": { \"$ref\": \"#/$defs/date\" }, \"text\": { \"type\": \"string\" } } } }\n"
	"      },\n"
	"      \"unevaluatedProperties\": false\n"
	"    },\n"
	"    \"frontMatter\": {\n"
	"  \"$id\": \"frontmatter.schema.json\",\n";

/* data/katalog.rdf: the DCAT-AP-SE catalogue of the two files above (catalog.h). */
static void write_catalog(exporter *ex)
{
	buf out = BUF_INIT;

	catalog_write(&out, ex->f);
	write_file(ex, "data/katalog.rdf", &out);
	buf_free(&out);
}

static void write_schema(exporter *ex)
{
	buf out = BUF_INIT, id = BUF_INIT;

	buf_printf(&id, "%sdata/schema.json", ex->f->site_url);
	buf_puts(&out, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
		       "  \"$id\": ");
	escape_json_cstring(&out, id.ptr, 0);
	buf_puts(&out, ",\n");
	buf_puts(&out, data_schema_head);
	buf_puts(&out, schema_head);
	buf_puts(&out, schema_body);
	buf_puts(&out, "  }\n}\n");
	write_file(ex, "data/schema.json", &out);
	buf_free(&out);
	buf_free(&id);
}

/* ---- sitemap and robots.txt --------------------------------------------------------- */

#define SITEMAP_MAX 50000 /* addresses per file (sitemaps.org) */

/* An address for a sitemap: percent-encoded, then XML-escaped (& as
 * &amp;, as the protocol asks). */
static void sitemap_loc(buf *out, const char *origin, const char *path)
{
	buf url = BUF_INIT;

	escape_url(&url, origin, path);
	escape_xml_text(out, url.ptr);
	buf_free(&url);
}

static int page_cmp(const void *a, const void *b)
{
	return strcmp((*(const export_page *const *)a)->path, (*(const export_page *const *)b)->path);
}

int export_sitemap(output *o, const facts *site, const export_page *pages, size_t n)
{
	const export_page **sorted = mem_calloc(n + 1, sizeof(*sorted));
	const char *origin = site->origin, *root = site->root;
	buf out = BUF_INIT, name = BUF_INIT;
	size_t i, m = 0, files, f;
	int error = -1;

	for (i = 0; i < n; i++)
		if (pages[i].path)
			sorted[m++] = &pages[i];
	qsort(sorted, m, sizeof(*sorted), page_cmp);
	for (i = 0, n = 0; i < m; i++) /* duplicates once */
		if (n == 0 || strcmp(sorted[n - 1]->path, sorted[i]->path))
			sorted[n++] = sorted[i];
	files = n > SITEMAP_MAX ? (n + SITEMAP_MAX - 1) / SITEMAP_MAX : 1;
	for (f = 0; f < files; f++) {
		size_t end = (f + 1) * SITEMAP_MAX < n ? (f + 1) * SITEMAP_MAX : n;
		buf_clear(&out);
		buf_puts(&out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			       "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		for (i = f * SITEMAP_MAX; i < end; i++) {
			buf_puts(&out, "  <url>\n    <loc>");
			sitemap_loc(&out, origin, sorted[i]->path);
			buf_puts(&out, "</loc>\n");
			if (sorted[i]->lastmod != DATE_NONE) {
				buf_puts(&out, "    <lastmod>");
				date_format_iso(&out, sorted[i]->lastmod);
				buf_puts(&out, "</lastmod>\n");
			}
			buf_puts(&out, "  </url>\n");
		}
		buf_puts(&out, "</urlset>\n");
		buf_clear(&name);
		if (files == 1)
			buf_puts(&name, "sitemap.xml");
		else
			buf_printf(&name, "sitemap-%zu.xml", f + 1);
		if (output_write(o, name.ptr, out.ptr, out.size) != 0)
			goto out;
	}
	if (files > 1) {
		buf_clear(&out);
		buf_puts(&out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			       "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		for (f = 0; f < files; f++) {
			buf_clear(&name);
			buf_printf(&name, "%ssitemap-%zu.xml", root, f + 1);
			buf_puts(&out, "  <sitemap>\n    <loc>");
			sitemap_loc(&out, origin, name.ptr);
			buf_puts(&out, "</loc>\n  </sitemap>\n");
		}
		buf_puts(&out, "</sitemapindex>\n");
		if (output_write(o, "sitemap.xml", out.ptr, out.size) != 0)
			goto out;
	}
	/* Crawlers read robots.txt only at the root of the host; under a
	 * base_url with a path it is written anyway, for the server to serve. */
	buf_clear(&out);
	buf_clear(&name);
	buf_printf(&name, "%ssitemap.xml", root);
	buf_puts(&out, "User-agent: *\nAllow: /\n\nSitemap: ");
	buf_puts(&out, origin);
	escape_line_uri(&out, name.ptr);
	buf_putc(&out, '\n');
	if (output_write(o, "robots.txt", out.ptr, out.size) != 0)
		goto out;
	error = 0;
out:
	free(sorted);
	buf_free(&out);
	buf_free(&name);
	return error;
}

/* ---- schema.org Event JSON-LD ---------------------------------------------------------- */

static void jsonld_key(buf *out, const char *key, const char *val)
{
	buf_putc(out, ',');
	escape_json_cstring(out, key, ESCAPE_JSON_SCRIPT_SAFE);
	buf_putc(out, ':');
	escape_json_cstring(out, val, ESCAPE_JSON_SCRIPT_SAFE);
}

/* 2026-10-20T18:00:00+02:00, or 2026-10-20 for a whole day; without a known
 * zone the time has no offset (a local time). */
static void jsonld_when(buf *out, const date_zone *z, when w)
{
	date_format_iso(out, w.day);
	if (!w.has_time)
		return;
	buf_printf(out, "T%02d:%02d:00", w.minutes / 60, w.minutes % 60);
	if (z)
		fmt_offset(out, date_zone_offset(z, date_local_to_unix(z, w.day, w.minutes)), 1);
}

int export_event_jsonld(buf *out, const facts *f, const facts_dialogue *fd)
{
	const model_dialogue *d = fd->d;
	const date_zone *z = f->zone;
	const value *meetings = value_map_get(d->fm, "meetings");
	const char *municipality = fm_str(f->m->config, "municipality");
	const char *summary = fm_str(d->fm, "summary");
	const char *url = fd->abs_url, *site = f->site_url;
	buf v = BUF_INIT;
	size_t i, n = 0;

	if (!value_list_len(meetings))
		return 0;
	buf_puts(out, "{\"@context\":\"https://schema.org\",\"@graph\":[");
	for (i = 0; i < value_list_len(meetings); i++) {
		const value *mt = value_list_at(meetings, i);
		when start = parse_when(fm_str(mt, "start")), end = parse_when(fm_str(mt, "end"));
		const char *place = fm_str(mt, "place"), *online = fm_str(mt, "url");
		const char *desc = fm_str(mt, "description");

		if (!start.ok)
			continue;
		buf_puts(out, n++ ? ",{" : "{");
		buf_puts(out, "\"@type\":\"Event\"");
		jsonld_key(out, "name", fm_str(mt, "title") ? fm_str(mt, "title") : "");
		buf_clear(&v);
		jsonld_when(&v, z, start);
		jsonld_key(out, "startDate", v.ptr);
		if (end.ok && end.has_time == start.has_time) {
			buf_clear(&v);
			jsonld_when(&v, z, end);
			jsonld_key(out, "endDate", v.ptr);
		}
		jsonld_key(out, "eventStatus",
			   d->status == MODEL_CANCELLED ||
					   model_meeting_state_of(mt) == MODEL_MEETING_CANCELLED
				   ? "https://schema.org/EventCancelled"
			   : model_meeting_state_of(mt) == MODEL_MEETING_MOVED
				   ? "https://schema.org/EventRescheduled"
				   : "https://schema.org/EventScheduled");
		jsonld_key(out, "eventAttendanceMode",
			   place && online ? "https://schema.org/MixedEventAttendanceMode"
			   : online	  ? "https://schema.org/OnlineEventAttendanceMode"
					  : "https://schema.org/OfflineEventAttendanceMode");
		if (place || online) {
			buf_puts(out, ",\"location\":[");
			if (place) {
				buf_puts(out, "{\"@type\":\"Place\"");
				jsonld_key(out, "name", place);
				jsonld_key(out, "address", place);
				buf_putc(out, '}');
			}
			if (online) {
				buf_puts(out, place ? ",{" : "{");
				buf_puts(out, "\"@type\":\"VirtualLocation\"");
				jsonld_key(out, "url", online);
				buf_putc(out, '}');
			}
			buf_putc(out, ']');
		}
		if (desc || summary)
			jsonld_key(out, "description", desc ? desc : summary);
		jsonld_key(out, "url", url);
		jsonld_key(out, "inLanguage", model_dialogue_lang(d));
		buf_puts(out, ",\"isAccessibleForFree\":true");
		if (municipality) {
			buf_puts(out, ",\"organizer\":{\"@type\":\"Organization\"");
			jsonld_key(out, "name", municipality);
			jsonld_key(out, "url", site);
			buf_putc(out, '}');
		}
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");
	buf_free(&v);
	return 0;
}

/* ---- everything ---------------------------------------------------------------------- */

/* export_write_all; *n_cached gets how many dialogues' parts came from
 * the cache (for the tests). */
static int export_run(output *o, diag_list *diags, const facts *f, const unsigned char *seed,
		      const char *cache_dir, int cache_read, size_t *n_cached)
{
	const model_site *m = f->m;
	exporter ex;

	memset(&ex, 0, sizeof(ex));
	ex.m = m;
	ex.f = f;
	ex.o = o;
	ex.diags = diags;
	if (!f->zone) {
		const value *tz = value_map_get(m->config, "timezone");
		buf b = BUF_INIT;
		buf_printf(&b, "%s/site.yaml", m->content_dir ? m->content_dir : "content");
		DIAG_WARNING(diags, b.ptr, tz ? tz->line : 0, tz ? tz->col : 0,
			     "tidszonen \"%s\" är inte inbyggd: kalendrarna får tider utan zon",
			     "the time zone \"%s\" is not built in: the calendars get times without a "
			     "zone",
			     m->timezone ? m->timezone : "");
		buf_free(&b);
	}
	info_init(&ex);
	if (seed)
		dialogue_keys(&ex, seed);
	facet_members(&ex);
	fragments_make(&ex, cache_dir, cache_read);

	write_feeds(&ex);
	write_calendars(&ex);
	write_json(&ex);
	write_csv(&ex);
	write_item_csvs(&ex);
	write_schema(&ex);
	write_catalog(&ex);

	fragments_free(&ex);
	facet_members_free(&ex);
	free(ex.info);
	free(ex.keys);
	*n_cached = ex.n_cached;
	return ex.error;
}

int export_write_all(output *o, diag_list *diags, const facts *f, const unsigned char *seed,
		     const char *cache_dir, int cache_read)
{
	struct timespec t0, t1;
	const char *phases = getenv("TRAPPA_PHASES");
	size_t n_cached;
	int rc;

	/* The exports run on one of site.c's threads, beside the pages: their
	 * own CPU time, not diag_phase's time since the last mark. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	rc = export_run(o, diags, f, seed, cache_dir, cache_read, &n_cached);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	if (phases && *phases) {
		size_t i, n = 0;
		for (i = 0; i < f->m->n_dialogues; i++)
			n += !f->m->dialogues[i].draft;
		fprintf(stderr, "phase export (%zu of %zu dialogues from the cache): %.1f ms CPU\n",
			n_cached, n,
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
	return rc;
}

/* pages: see pages.h. */
#define _GNU_SOURCE /* qsort_r: no global comparator state */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "date.h"
#include "escape.h"
#include "export.h"
#include "history.h"
#include "lang.h"
#include "markdown.h"
#include "mem.h"
#include "plan.h"
#include "slug.h"

static value *facet_links(const pages *pg, const value *v, const char *dir);
static value *year_report(const pages *pg, const pages_list *l);
static value *page_ctx(const pages *pg, const char *lang, const char *title, const char *url,
		       const char *parent_title, const char *parent_url, const char *description);

/* ---- small helpers --------------------------------------------------------- */

static const char *str_or(const value *map, const char *key, const char *fallback)
{
	const char *s = value_string(value_map_get(map, key));
	return s ? s : fallback;
}

/* Pages in a language without strings of its own use the site's. */
static value *strings_for(const pages *pg, const char *lang)
{
	return pg->strings[facts_lang_slot(pg->f, lang)];
}

/* A number as text, grouped as pages show numbers (escape_number). */
static void set_number_text(value *map, const char *key, double n)
{
	buf b = BUF_INIT;

	escape_number(&b, n);
	value_map_set_string(map, key, b.ptr);
	buf_free(&b);
}

/* A contact map's phone as unbreakable text ("phone") and, when it reads
 * as a number, "phone_href" for a tel: link; null otherwise. */
static void set_phone(value *contact)
{
	const char *phone = value_string(value_map_get(contact, "phone"));
	buf text = BUF_INIT, uri = BUF_INIT;

	if (phone && escape_tel_uri(&uri, phone, "46") == 0)
		value_map_set_string(contact, "phone_href", uri.ptr);
	else
		value_map_put(contact, "phone_href", value_new_null());
	if (phone) {
		escape_phone_text(&text, phone);
		value_map_set_string(contact, "phone", text.ptr);
	}
	buf_free(&text);
	buf_free(&uri);
}

/* prefix + key + suffix: in out when it fits (every key pages make does),
 * else in *heap (freed by the caller), without a heap buffer per call. */
static const char *key_with(char out[64], buf *heap, const char *prefix, const char *key,
			    const char *suffix)
{
	int n = snprintf(out, 64, "%s%s%s", prefix, key, suffix);

	if (n >= 0 && n < 64)
		return out;
	buf_printf(heap, "%s%s%s", prefix, key, suffix);
	return heap->ptr;
}

static void set_date(value *map, const char *key, int day, const char *lang)
{
	buf b = BUF_INIT, long_key = BUF_INIT;
	char k[64];

	if (day == DATE_NONE)
		return;
	date_format_long(&b, day, lang);
	value_map_set_string(map, key, b.ptr);
	buf_clear(&b);
	date_format_iso(&b, day);
	value_map_set_string(map, key_with(k, &long_key, "", key, "_iso"), b.ptr);
	buf_free(&b);
	buf_free(&long_key);
}

static value *ladder(const pages *pg, const char *lang, int current)
{
	value *list = value_new_list();
	int i;

	for (i = 0; i < MODEL_LEVEL_COUNT; i++) {
		value *step = value_new_map();
		value_map_set_string(step, "key", model_level_keys[i]);
		value_map_set_string(step, "label", facts_level_text(pg->f, lang, (model_level)i, "label"));
		value_map_set_string(step, "description",
				     facts_level_text(pg->f, lang, (model_level)i, "description"));
		value_map_set_number(step, "number", i + 1);
		value_map_set_bool(step, "current", i == current);
		value_list_push(list, step);
	}
	return list;
}

static void format_size(buf *out, size_t size)
{
	if (size < 1024)
		buf_printf(out, "%zu B", size);
	else if (size < 1024 * 1024)
		buf_printf(out, "%zu kB", (size + 1023) / 1024);
	else
		buf_printf(out, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

static void format_from_name(buf *out, const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	const char *p;

	if (!dot || strchr(dot, '/') || strlen(dot) > 6)
		return;
	for (p = dot + 1; *p; p++)
		buf_putc(out, *p >= 'a' && *p <= 'z' ? *p - 32 : *p);
}

/* Sets key to list and has_<key> to whether it has items, so templates can
 * wrap a list in <ul> only when there is something in it. */
static void set_list(value *map, const char *key, value *list)
{
	buf long_key = BUF_INIT;
	char has[64];

	value_map_set_bool(map, key_with(has, &long_key, "has_", key, ""), value_is_truthy(list));
	value_map_set(map, key, list);
	buf_free(&long_key);
}

/* Gives every optional key a value (null when absent). Mustache looks a
 * missing name up in the enclosing contexts, so a meeting without `url`
 * would otherwise show the dialogue's url. */
static void ensure_keys(value *map, const char *const *keys)
{
	for (; *keys; keys++)
		if (!value_map_get(map, *keys))
			value_map_put(map, *keys, value_new_null());
}
static const char *const date_keys[] = { "start_text", "start_text_iso", "end_text",
					 "end_text_iso", NULL };

/* ---- the dialogue ------------------------------------------------------------ */

/* "x av y synpunkter ändrade förslaget" (facts.c), for a card and the
 * dialogue's summary: set only once feedback is given. */
static void said_count_ctx(value *c, const facts_dialogue *fd)
{
	value_map_set_bool(c, "has_said_count", fd->said_count_shown);
	set_number_text(c, "said_changed", (double)fd->said_changed);
	set_number_text(c, "said_total", (double)fd->said_total);
}

static value *dialogue_card(const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);
	const char *lang = model_dialogue_lang(d);
	value *c = value_new_map();
	buf url = BUF_INIT;

	buf_puts(&url, fd->url);
	value_map_set_string(c, "title", str_or(d->fm, "title", d->slug));
	value_map_set_string(c, "summary", str_or(d->fm, "summary", ""));
	value_map_set_string(c, "url", url.ptr);
	value_map_set_string(c, "slug", d->slug);
	value_map_set_string(c, "status_label", fd->status_label);
	value_map_set_string(c, "status_slug", model_status_slugs[d->status]);
	value_map_set_string(c, "level_label", fd->level_label);
	value_map_set_string(c, "level_key", model_level_keys[d->level]);
	value_map_set_string(c, "responsible_name", fd->committee);
	set_date(c, "start_text", d->start, lang);
	set_date(c, "end_text", d->end, lang);
	value_map_set_bool(c, "has_results", d->section_line[MARKDOWN_SECTION_RESULTS] > 0);
	value_map_set_bool(c, "has_feedback", d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	value_map_set_bool(c, "feedback_overdue", d->feedback_overdue);
	if (d->feedback_overdue)
		set_number_text(c, "overdue_days", pg->m->today - d->feedback_deadline);
	value_map_set_bool(c, "can_take_part", fd->can_take_part);
	if (fd->can_take_part)
		set_date(c, "last_day_text", fd->last_day, lang);
	said_count_ctx(c, fd);
	ensure_keys(c, date_keys);
	{
		static const char *const keys[] = { "last_day_text", "last_day_text_iso", NULL };
		ensure_keys(c, keys);
	}
	buf_free(&url);
	return c;
}

/* A meeting's `access` and `language` as lists of labels: the known
 * access values and languages by name, anything else as written. A
 * single text counts as a list of one. */
static value *meeting_access_ctx(const pages *pg, const value *v, const char *lang)
{
	static const char *const labels[MODEL_ACCESS_KNOWN] = { "access_wheelchair", "access_hearing_loop",
								"access_sign_language", "access_childcare" };
	value *out = value_new_list();
	size_t i;

	for (i = 0; i < value_items_len(v); i++) {
		const char *s = value_string(value_items_at(v, i));
		size_t k;
		if (!s)
			continue;
		for (k = 0; k < MODEL_ACCESS_KNOWN && strcmp(s, model_access_keys[k]); k++)
			;
		value_list_push(out, value_new_cstring(k < MODEL_ACCESS_KNOWN
							      ? facts_text(pg->f, lang, labels[k])
							      : s));
	}
	return out;
}

static value *meeting_languages_ctx(const value *v, const char *lang)
{
	value *out = value_new_list();
	size_t i, n = value_items_len(v);

	for (i = 0; i < n; i++) {
		const char *code = value_string(value_items_at(v, i));
		const char *autonym, *name;
		value *item;
		if (!code)
			continue;
		name = lang_name(&autonym, code, lang_is_english(lang));
		item = value_new_map();
		value_map_set_string(item, "name", name ? name : code);
		value_map_set_string(item, "code", code);
		if (autonym)
			value_map_set_string(item, "autonym", autonym);
		else
			value_map_put(item, "autonym", value_new_null());
		value_map_set_bool(item, "last", i + 1 == n);
		value_list_push(out, item);
	}
	return out;
}

/* State, practicalities and registration of one meeting (its context c). */
static void meeting_extras_ctx(value *c, const pages *pg, const value *mt, const char *lang)
{
	model_meeting_state st = model_meeting_state_of(mt);
	const char *reg = str_or(mt, "registration", NULL);
	int reg_is_url = reg && (!strncmp(reg, "https://", 8) || !strncmp(reg, "http://", 7));

	/* Set whatever the state: a missing name would fall through to the
	 * dialogue's (its own is_cancelled). */
	value_map_set_bool(c, "meeting_cancelled", st == MODEL_MEETING_CANCELLED);
	value_map_set_bool(c, "meeting_moved", st == MODEL_MEETING_MOVED);
	value_map_set_string(c, "state_slug", model_meeting_state_slugs[st]);
	set_list(c, "access_labels", meeting_access_ctx(pg, value_map_get(mt, "access"), lang));
	set_list(c, "languages", meeting_languages_ctx(value_map_get(mt, "language"), lang));
	if (reg_is_url)
		value_map_set_string(c, "registration_url", reg);
	else
		value_map_put(c, "registration_url", value_new_null());
	if (reg && !reg_is_url)
		value_map_set_string(c, "registration_text", reg);
	else
		value_map_put(c, "registration_text", value_new_null());
}

/* The meetings, each marked coming (today or later) or past. */
static value *meetings_ctx(const pages *pg, const model_dialogue *d, int today)
{
	const value *list = value_map_get(d->fm, "meetings");
	value *out = value_new_list();
	const char *lang = model_dialogue_lang(d);
	size_t i;

	for (i = 0; i < value_list_len(list); i++) {
		const value *mt = value_list_at(list, i);
		value *c = value_clone(mt);
		int day, min, eday, emin;
		const char *start = str_or(mt, "start", NULL), *end = str_or(mt, "end", NULL);
		buf b = BUF_INIT;

		if (start && date_parse_datetime(&day, &min, start) == 0) {
			date_format_long(&b, day, lang);
			value_map_set_string(c, "date_text", b.ptr);
			buf_clear(&b);
			buf_printf(&b, "%02d.%02d", min / 60, min % 60);
			if (end && date_parse_datetime(&eday, &emin, end) == 0 && eday == day)
				buf_printf(&b, "–%02d.%02d", emin / 60, emin % 60);
			value_map_set_string(c, "time_text", b.ptr);
		} else if (start && date_parse(&day, start) == 0) {
			date_format_long(&b, day, lang);
			value_map_set_string(c, "date_text", b.ptr);
		} else {
			day = today; /* model.c reported it; shown as coming */
		}
		value_map_set_bool(c, "is_coming", day >= today);
		buf_free(&b);
		meeting_extras_ctx(c, pg, mt, lang);
		{
			static const char *const keys[] = { "date_text", "time_text", "place", "url",
							    "description", "end", "note", "state",
							    "access", "language", "registration", NULL };
			ensure_keys(c, keys);
		}
		value_list_push(out, c);
	}
	return out;
}

static value *documents_ctx(const pages *pg, const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "documents");
	value *out = value_new_list();
	size_t i, k;

	for (i = 0; i < value_list_len(list); i++) {
		const value *doc = value_list_at(list, i);
		value *c = value_clone(doc);
		const char *file = str_or(doc, "file", NULL);
		buf href = BUF_INIT, fmt = BUF_INIT, size = BUF_INIT;

		if (file) {
			buf full = BUF_INIT;
			buf_printf(&href, "%sdialoger/%s/%s", pg->root, d->slug, file);
			buf_printf(&full, "%s/%s", d->bundle ? d->bundle : "", file);
			for (k = 0; k < pg->m->n_files; k++)
				if (!strcmp(pg->m->files[k].src, full.ptr))
					format_size(&size, pg->m->files[k].size);
			buf_free(&full);
		} else {
			buf_puts(&href, str_or(doc, "url", ""));
		}
		format_from_name(&fmt, file ? file : str_or(doc, "url", NULL));
		value_map_set_string(c, "href", href.ptr);
		if (!value_map_get(doc, "format") && fmt.size)
			value_map_set_string(c, "format", fmt.ptr);
		if (!value_map_get(doc, "size") && size.size)
			value_map_set_string(c, "size", size.ptr);
		{
			static const char *const keys[] = { "format", "size", "file", "url", NULL };
			ensure_keys(c, keys);
		}
		value_list_push(out, c);
		buf_free(&href);
		buf_free(&fmt);
		buf_free(&size);
	}
	return out;
}

static value *phases_ctx(const pages *pg, const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "phases");
	value *out = value_new_list();
	const char *lang = model_dialogue_lang(d);
	size_t i;

	for (i = 0; i < value_list_len(list); i++) {
		const value *ph = value_list_at(list, i);
		value *c = value_clone(ph);
		int start = DATE_NONE, end = DATE_NONE;
		const char *s;

		if ((s = str_or(ph, "start", NULL)))
			date_parse(&start, s);
		if ((s = str_or(ph, "end", NULL)))
			date_parse(&end, s);
		set_date(c, "start_text", start, lang);
		set_date(c, "end_text", end, lang);
		ensure_keys(c, date_keys);
		{
			static const char *const keys[] = { "description", NULL };
			ensure_keys(c, keys);
		}
		{
			int current = facts_of(pg->f, d)->current_phase;
			int past = end != DATE_NONE ? end < pg->m->today : (int)i < current;
			value_map_set_bool(c, "current", (int)i == current);
			if ((int)i == current || past)
				value_map_set_string(c, "state", (int)i == current ? "current" : "past");
			else
				value_map_put(c, "state", value_new_null());
		}
		value_list_push(out, c);
	}
	return out;
}

/* A link to the file as it was in `commit`, from site.yaml's history_url
 * ("https://git.example.se/repo/src/{commit}/{path}"); NULL without one. */
static void history_link(buf *out, const pages *pg, const char *commit, const char *path)
{
	const char *tpl = str_or(pg->m->config, "history_url", NULL);
	const char *p;

	if (!tpl)
		return;
	for (p = tpl; *p; p++) {
		if (!strncmp(p, "{commit}", 8)) {
			buf_puts(out, commit);
			p += 7;
		} else if (!strncmp(p, "{path}", 6)) {
			buf_puts(out, path);
			p += 5;
		} else {
			buf_putc(out, *p);
		}
	}
}

/* ---- the public change log -------------------------------------------------
 *
 * facts.h computes it once (facts_event); the page lists it with links to
 * the versions. */

/* The change log as the template's list "changes". */
static value *change_log_list(const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);
	const char *lang = model_dialogue_lang(d);
	value *list = value_new_list();
	buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < fd->n_events; i++) {
		const facts_event *e = &fd->events[i];
		value *item = value_new_map();
		set_date(item, "date_text", e->day, lang);
		value_map_set_string(item, "text", e->text);
		buf_clear(&b);
		if (e->commit)
			history_link(&b, pg, e->commit, e->path);
		if (b.size)
			value_map_set_string(item, "version_url", b.ptr);
		else
			value_map_put(item, "version_url", value_new_null());
		value_list_push(list, item);
	}
	buf_free(&b);
	return list;
}

/* Publication, last change, the level-change notices and the change log. */
static void history_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	const history_file *f = d->history;
	const char *lang = model_dialogue_lang(d);
	value *levels = value_new_list();
	size_t i;

	if (f) {
		set_date(c, "published_text", facts_day(pg->f, f->published), lang);
		set_date(c, "updated_text", facts_day(pg->f, f->updated), lang);
		for (i = 0; i < f->n_levels; i++) {
			const history_level_change *h = &f->levels[i];
			value *lc;
			if (!*h->from || !*h->to)
				continue;
			lc = value_new_map();
			value_map_set_string(lc, "from", facts_level_key_label(pg->f, lang, h->from));
			value_map_set_string(lc, "to", facts_level_key_label(pg->f, lang, h->to));
			set_date(lc, "date_text", facts_day(pg->f, h->time), lang);
			value_list_push(levels, lc);
		}
	}
	{
		static const char *const keys[] = { "published_text", "published_text_iso", "updated_text",
						    "updated_text_iso", NULL };
		ensure_keys(c, keys);
	}
	set_list(c, "changes", change_log_list(pg, d));
	set_list(c, "level_changes", levels);
}

/* Status and level: keys, labels, the ladder, flags for templates. */
static void status_level_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);
	const char *lang = model_dialogue_lang(d);

	value_map_set_string(c, "url", fd->url);
	value_map_set_string(c, "slug", d->slug);
	value_map_set_string(c, "lang", lang);
	value_map_set_string(c, "status_key", model_status_keys[d->status]);
	value_map_set_string(c, "status_slug", model_status_slugs[d->status]);
	value_map_set_string(c, "status_label", fd->status_label);
	value_map_set_bool(c, "is_planned", d->status == MODEL_PLANNED);
	value_map_set_bool(c, "is_ongoing", d->status == MODEL_ONGOING);
	value_map_set_bool(c, "is_finished", d->status == MODEL_FINISHED);
	value_map_set_bool(c, "is_paused", d->status == MODEL_PAUSED);
	value_map_set_bool(c, "is_cancelled", d->status == MODEL_CANCELLED);
	value_map_set_string(c, "level_key", model_level_keys[d->level]);
	value_map_set_string(c, "level_label", fd->level_label);
	value_map_set_string(c, "level_description", facts_level_text(pg->f, lang, d->level, "description"));
	value_map_set_string(c, "level_promise", facts_level_text(pg->f, lang, d->level, "promise"));
	{
		const value *steps = pg->ladders[facts_lang_slot(pg->f, lang)][d->level];
		value *view = value_new_view();
		size_t i;
		for (i = 0; i < value_list_len(steps); i++)
			value_list_push(view, value_list_at(steps, i));
		value_map_set(c, "ladder", view);
	}
	value_map_set_string(c, "responsible_name", fd->committee);
}

/* Case numbers joined for display (a single text counts as a list of one),
 * and null for the keys of nested maps that would otherwise fall through
 * to the dialogue's. */
static void case_numbers_ctx(value *c, const model_dialogue *d)
{
	static const char *const decision_keys[] = { "date", "body", "ref", "url", NULL };
	static const char *const contact_keys[] = { "name", "email", "phone", NULL };
	const value *cn = value_map_get(d->fm, "case_numbers");
	value *dec = value_map_get(c, "decision"), *con = value_map_get(c, "contact");
	buf b = BUF_INIT;
	size_t i;

	if (value_string(cn))
		buf_puts(&b, value_string(cn));
	for (i = 0; i < value_list_len(cn); i++)
		if (value_string(value_list_at(cn, i)))
			buf_printf(&b, "%s%s", b.size ? ", " : "", value_string(value_list_at(cn, i)));
	value_map_set_string(c, "case_numbers_text", b.ptr);
	value_map_set_bool(c, "has_case_numbers", b.size > 0);
	buf_free(&b);
	if (dec && dec->type == VALUE_MAP)
		ensure_keys(dec, decision_keys);
	if (con && con->type == VALUE_MAP) {
		ensure_keys(con, contact_keys);
		set_phone(con);
	}
}

/* Case numbers as links into the municipality's diarium when site.yaml
 * has case_url_template (model.c checked its one {case}): `case_links`,
 * each {text, url (null without the template), last}. */
static void case_links_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	const char *tpl = str_or(pg->m->config, "case_url_template", NULL);
	const char *at = tpl ? strstr(tpl, "{case}") : NULL;
	const value *cn = value_map_get(d->fm, "case_numbers");
	size_t i, n = value_items_len(cn);
	value *list = value_new_list();
	buf url = BUF_INIT;

	for (i = 0; i < n; i++) {
		const char *text = value_string(value_items_at(cn, i));
		value *item;
		if (!text)
			continue;
		item = value_new_map();
		value_map_set_string(item, "text", text);
		if (at) {
			buf_clear(&url);
			buf_put(&url, tpl, (size_t)(at - tpl));
			escape_url_component(&url, text);
			buf_puts(&url, at + 6);
			value_map_set_string(item, "url", url.ptr);
		} else {
			value_map_put(item, "url", value_new_null());
		}
		value_map_set_bool(item, "last", i + 1 == n);
		value_list_push(list, item);
	}
	set_list(c, "case_links", list);
	buf_free(&url);
}

/* Dates, sections and the state of feedback. */
static void dates_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	static const char *const keys[] = { "start_text", "start_text_iso", "end_text",
					    "end_text_iso", "feedback_due_text",
					    "feedback_due_text_iso", "feedback_date_text",
					    "feedback_date_text_iso", "decision_date_text",
					    "decision_date_text_iso", "easy_read_html", "overdue_days",
					    "participants", "purpose", "influence", "decided",
					    "level_reason", "administration", "decision", "contact",
					    NULL };
	const char *lang = model_dialogue_lang(d);
	const char *decided = value_string(value_map_get(value_map_get(d->fm, "decision"), "date"));
	int day;

	set_date(c, "start_text", d->start, lang);
	set_date(c, "end_text", d->end, lang);
	set_date(c, "feedback_due_text", d->feedback_due, lang);
	set_date(c, "feedback_date_text", d->feedback_date, lang);
	if (decided && date_parse(&day, decided) == 0)
		set_date(c, "decision_date_text", day, lang);
	value_map_set_bool(c, "has_take_part", d->section_line[MARKDOWN_SECTION_TAKE_PART] > 0);
	value_map_set_bool(c, "has_results", d->section_line[MARKDOWN_SECTION_RESULTS] > 0);
	value_map_set_bool(c, "has_feedback", d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	value_map_set_bool(c, "feedback_overdue", d->feedback_overdue);
	value_map_set_bool(c, "feedback_pending", d->status == MODEL_FINISHED &&
							  !d->section_line[MARKDOWN_SECTION_FEEDBACK] &&
							  !d->feedback_overdue);
	if (d->feedback_overdue)
		set_number_text(c, "overdue_days", pg->m->today - d->feedback_deadline);
	ensure_keys(c, keys);
	{
		const value *pv = value_map_get(d->fm, "participants");
		if (pv && pv->type == VALUE_NUMBER)
			set_number_text(c, "participants", pv->u.number);
	}
}

/* Links to the dialogue's calendar, its committee's feed and list, the
 * facet lists it appears in, and its meetings as JSON-LD. */
static void links_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);
	buf b = BUF_INIT, jsonld = BUF_INIT;

	buf_printf(&b, "%s%s", pg->root, fd->calendar_path);
	value_map_set_string(c, "calendar_url", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%s%s", pg->root, fd->committee_feed_path);
	value_map_set_string(c, "committee_feed_url", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%s%s", pg->root, fd->feed_path);
	value_map_set_string(c, "feed_url", b.ptr);
	if (export_event_jsonld(&jsonld, pg->f, fd) == 0 && jsonld.size)
		value_map_set_string(c, "event_jsonld", jsonld.ptr);
	else
		value_map_put(c, "event_jsonld", value_new_null());
	set_list(c, "area_links", facet_links(pg, value_map_get(d->fm, "areas"), "omrade"));
	set_list(c, "theme_links", facet_links(pg, value_map_get(d->fm, "themes"), "tema"));
	set_list(c, "target_group_links", facet_links(pg, value_map_get(d->fm, "target_groups"), "malgrupp"));
	set_list(c, "method_links", facet_links(pg, value_map_get(d->fm, "methods"), "metod"));
	value_map_set_string(c, "responsible_url", fd->committee_url);
	buf_free(&b);
	buf_free(&jsonld);
}

/* The cards of the published dialogues `related` names. */
static value *related_ctx(const pages *pg, const model_dialogue *d)
{
	const value *rel = value_map_get(d->fm, "related");
	value *list = value_new_view();
	size_t i;

	for (i = 0; i < (value_string(rel) ? 1 : value_list_len(rel)); i++) {
		/* A single text is a list of one, as the model reads it. */
		const char *slug = value_string(rel) ? value_string(rel) : value_string(value_list_at(rel, i));
		const model_dialogue *o = slug ? model_find_dialogue(pg->m, slug) : NULL;
		if (o && !o->draft)
			value_list_push(list, pg->cards[o - pg->m->dialogues]);
	}
	return list;
}

/* Every other language version of the same slug: the original (found by
 * binary search) and the translations, which follow the originals and are
 * few. */
static value *translations_ctx(const pages *pg, const model_dialogue *d)
{
	value *list = value_new_list();
	size_t i;

	for (i = pg->m->n_originals; i <= pg->m->n_dialogues; i++) {
		/* First pass (i == n_originals): the original; then the translations. */
		const model_dialogue *o = i == pg->m->n_originals ? model_find_dialogue(pg->m, d->slug)
								 : &pg->m->dialogues[i - 1];
		value *tr;
		if (!o || o == d || o->draft || strcmp(o->slug, d->slug))
			continue;
		tr = value_new_map();
		value_map_set_string(tr, "url", facts_of(pg->f, o)->url);
		value_map_set_string(tr, "lang", model_dialogue_lang(o));
		value_map_set_string(tr, "name", facts_text(pg->f, model_dialogue_lang(d),
							    lang_is_english(model_dialogue_lang(o)) ? "lang_en"
												    : "lang_sv"));
		value_list_push(list, tr);
	}
	return list;
}

/* Sets `meetings` and, as views of it, `coming_meetings` and
 * `past_meetings`: only coming ones are offered for the calendar. */
static void meetings_split(value *c, value *meetings)
{
	value *coming = value_new_view(), *past = value_new_view();
	size_t i;

	for (i = 0; i < value_list_len(meetings); i++) {
		value *mt = (value *)value_list_at(meetings, i);
		value_list_push(value_is_truthy(value_map_get(mt, "is_coming")) ? coming : past, mt);
	}
	set_list(c, "meetings", meetings);
	set_list(c, "coming_meetings", coming);
	set_list(c, "past_meetings", past);
}

/* The first sentence of a section's plain text (at most about 200
 * characters, cut at a space), for the two lines of "Så blev det". */
static void first_sentence(buf *out, const char *text)
{
	const char *p, *cut = NULL;

	if (!text)
		return;
	for (p = text; *p && p - text < 200; p++)
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0')) {
			buf_put(out, text, (size_t)(p - text + 1));
			return;
		} else if (*p == ' ') {
			cut = p;
		}
	if (!*p) {
		buf_puts(out, text);
		return;
	}
	if (!cut) /* no space: cut before a whole character */
		for (cut = p; cut > text && ((unsigned char)*cut & 0xC0) == 0x80; cut--)
			;
	buf_put(out, text, (size_t)(cut - text));
	buf_puts(out, " …");
}

/* The summary at the top of the page: the step as a promise, and by state
 * the last day to take part, what came of it, or why feedback is late. */
static void summary_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	static const char *const keys[] = { "last_day_text", "last_day_text_iso", "promised_text",
					    "promised_text_iso", "delay_new_text", "delay_new_text_iso",
					    "delay_reason", "status_reason", "feedback_excerpt", NULL };
	const facts_dialogue *fd = facts_of(pg->f, d);
	const char *lang = model_dialogue_lang(d);
	buf b = BUF_INIT;
	char key[64];

	value_map_set_number(c, "level_number", (int)d->level + 1);
	value_map_set_number(c, "level_count", MODEL_LEVEL_COUNT);
	/* cannot truncate: the longest key is level_medbeslutande_short */
	snprintf(key, sizeof(key), "level_%s_short", model_level_keys[d->level]);
	value_map_set_string(c, "level_short", facts_text(pg->f, lang, key));
	/* A paused or cancelled dialogue promises nothing until it resumes. */
	value_map_set_bool(c, "has_promise", d->status != MODEL_PAUSED && d->status != MODEL_CANCELLED);
	value_map_set_bool(c, "can_take_part", fd->can_take_part);
	set_date(c, "last_day_text", fd->last_day, lang);
	value_map_set_number(c, "days_left", fd->days_left);
	value_map_set_bool(c, "last_day_today", fd->last_day != DATE_NONE && fd->days_left == 0);
	value_map_set_bool(c, "one_day_left", fd->days_left == 1);
	set_date(c, "promised_text", fd->promised_day, lang);
	set_date(c, "delay_new_text", fd->delay_new_day, lang);
	if (fd->delay_reason)
		value_map_set_string(c, "delay_reason", fd->delay_reason);
	if (fd->status_reason)
		value_map_set_string(c, "status_reason", fd->status_reason);
	first_sentence(&b, d->section_text[MARKDOWN_SECTION_FEEDBACK]);
	if (b.size)
		value_map_set_string(c, "feedback_excerpt", b.ptr);
	value_map_set_bool(c, "has_outcome", d->status == MODEL_FINISHED &&
						     d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	ensure_keys(c, keys);
	buf_free(&b);
}

/* The <link rel="alternate" hreflang> set of a dialogue with translations:
 * every language version including this one, by absolute address, and
 * x-default for the original (Google's and the Nu checker's reading of
 * RFC 8288 alternates). Empty without translations. */
static value *hreflang_ctx(const pages *pg, const model_dialogue *d)
{
	value *list = value_new_list();
	const model_dialogue *original = model_find_dialogue(pg->m, d->slug);
	size_t i;
	int others = 0;

	for (i = pg->m->n_originals; i <= pg->m->n_dialogues; i++) {
		const model_dialogue *o = i == pg->m->n_originals ? original : &pg->m->dialogues[i - 1];
		value *tr;
		if (!o || o->draft || strcmp(o->slug, d->slug))
			continue;
		others += o != d;
		tr = value_new_map();
		value_map_set_string(tr, "url", facts_of(pg->f, o)->abs_url);
		value_map_set_string(tr, "lang", model_dialogue_lang(o));
		value_list_push(list, tr);
		if (o == original) {
			tr = value_new_map();
			value_map_set_string(tr, "url", facts_of(pg->f, o)->abs_url);
			value_map_set_string(tr, "lang", "x-default");
			value_list_push(list, tr);
		}
	}
	if (!others) {
		value_free(list);
		return value_new_list();
	}
	return list;
}

/* ---- accountability: the feedback promise, "Ni sa – vi gjorde", actions ---- */

/* Strings keys by model_outcome and model_action_status. */
static const char *const outcome_text_keys[MODEL_OUTCOME_COUNT] = {
	"outcome_done", "outcome_partly", "outcome_not_done",
	"outcome_decided", "outcome_out_of_scope", "outcome_studied"
};
static const char *const action_text_keys[MODEL_ACTION_STATUS_COUNT] = {
	"action_planned", "action_ongoing", "action_done", "action_stopped"
};
static const char *const action_slugs[MODEL_ACTION_STATUS_COUNT] = { "planerad", "pagar", "klar",
								     "stoppad" };

/* The points of you_said grouped by outcome, in the order of
 * model_outcome_keys (changed first); groups without points are left out.
 * One pass: 10 000 points cost 10 000 steps. */
static value *you_said_groups(const pages *pg, const model_dialogue *d)
{
	static const char *const point_keys[] = { "count", "one_person", NULL };
	const value *list = value_map_get(d->fm, "you_said");
	const char *lang = model_dialogue_lang(d);
	value *points[MODEL_OUTCOME_COUNT], *groups = value_new_list();
	size_t i;
	int o;

	for (o = 0; o < MODEL_OUTCOME_COUNT; o++)
		points[o] = value_new_list();
	for (i = 0; i < value_list_len(list); i++) {
		const value *item = value_list_at(list, i);
		value *pt;
		o = model_outcome_of(str_or(item, "outcome", NULL));
		if (o < 0)
			continue;
		pt = value_new_map();
		value_map_set_string(pt, "said", str_or(item, "said", ""));
		value_map_set_string(pt, "response", str_or(item, "response", ""));
		if (value_map_get(item, "count") && value_map_get(item, "count")->type == VALUE_NUMBER)
		{
			set_number_text(pt, "count", value_map_get(item, "count")->u.number);
			value_map_set_bool(pt, "one_person", value_map_get(item, "count")->u.number == 1);
		}
		ensure_keys(pt, point_keys);
		value_list_push(points[o], pt);
	}
	for (o = 0; o < MODEL_OUTCOME_COUNT; o++) {
		value *g;
		if (!value_list_len(points[o])) {
			value_free(points[o]);
			continue;
		}
		g = value_new_map();
		value_map_set_string(g, "label", facts_text(pg->f, lang, outcome_text_keys[o]));
		value_map_set_string(g, "slug", outcome_text_keys[o] + strlen("outcome_"));
		set_number_text(g, "count", (double)value_list_len(points[o]));
		value_map_set_bool(g, "one", value_list_len(points[o]) == 1);
		value_map_set_bool(g, "changed", model_outcome_changed((model_outcome)o));
		value_map_set(g, "points", points[o]);
		value_list_push(groups, g);
	}
	return groups;
}

/* One action as the page and /atgarder/ show it. */
static value *action_ctx(const pages *pg, const value *item, const char *lang)
{
	static const char *const keys[] = { "due_text", "due_text_iso", "done_text", "done_text_iso",
					    "progress", "note", "dialogue_url", NULL };
	value *a = value_new_map();
	const value *progress = value_map_get(item, "progress");
	int st = model_action_status_of(str_or(item, "status", NULL)), day;

	value_map_set_string(a, "title", str_or(item, "title", ""));
	value_map_set_string(a, "status_label", facts_text(pg->f, lang, action_text_keys[st]));
	value_map_set_string(a, "status_slug", action_slugs[st]);
	if (date_parse(&day, str_or(item, "due", "")) == 0)
		set_date(a, "due_text", day, lang);
	if (date_parse(&day, str_or(item, "done", "")) == 0)
		set_date(a, "done_text", day, lang);
	if (progress && progress->type == VALUE_NUMBER)
		value_map_set_number(a, "progress", progress->u.number);
	value_map_set_bool(a, "has_progress", progress && progress->type == VALUE_NUMBER);
	if (str_or(item, "note", NULL))
		value_map_set_string(a, "note", str_or(item, "note", NULL));
	ensure_keys(a, keys);
	return a;
}

/* The actions model.c could read, in the order written. */
static value *actions_list(const pages *pg, const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "actions");
	value *out = value_new_list();
	size_t i;

	for (i = 0; i < value_list_len(list); i++) {
		const value *item = value_list_at(list, i);
		if (model_action_status_of(str_or(item, "status", NULL)) >= 0)
			value_list_push(out, action_ctx(pg, item, model_dialogue_lang(d)));
	}
	return out;
}

static void accountability_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	static const char *const keys[] = { "feedback_plan", NULL };
	const facts_dialogue *fd = facts_of(pg->f, d);

	/* The promise holds from the day the dialogue opens; a cancelled one
	 * has nothing left to promise. */
	value_map_set_bool(c, "show_feedback_plan",
			   fd->feedback_plan && d->status != MODEL_PLANNED &&
				   d->status != MODEL_CANCELLED);
	value_map_set_bool(c, "delay_passed", fd->delay_passed);
	said_count_ctx(c, fd);
	value_map_set_bool(c, "has_you_said", fd->said_total > 0);
	set_list(c, "you_said_groups", you_said_groups(pg, d));
	value_map_set_bool(c, "has_actions", fd->actions_total > 0);
	set_list(c, "action_items", actions_list(pg, d));
	ensure_keys(c, keys);
}

static const char *const kind_text_keys[MODEL_KIND_COUNT] = { "kind_citizen", "kind_consultation",
								"kind_user", "kind_open_channel" };

/* Where the evaluation's report is: its bundle file, else its url; nothing
 * when neither. */
static void evaluation_href(buf *out, const pages *pg, const model_dialogue *d)
{
	const value *ev = value_map_get(d->fm, "evaluation");

	if (str_or(ev, "file", NULL))
		buf_printf(out, "%sdialoger/%s/%s", pg->root, d->slug, str_or(ev, "file", ""));
	else
		buf_puts(out, str_or(ev, "url", ""));
}

/* "Om dialogen": kind, politicians, children and evaluation (issue 17).
 * The nested maps get every key, so a missing one does not fall through
 * to the dialogue's own (evaluation's url to the page's url). */
static void about_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	static const char *const keys[] = { "kind_label", "politicians_text", "evaluation_date_text",
					    "evaluation_date_text_iso", "evaluation_href", "children",
					    "evaluation", NULL };
	static const char *const children_keys[] = { "heard", "how", "assessment", NULL };
	static const char *const evaluation_keys[] = { "summary", "url", "file", "date", NULL };
	const char *lang = model_dialogue_lang(d);
	const value *pol = value_map_get(d->fm, "politicians");
	const value *ev = value_map_get(d->fm, "evaluation");
	value *children = value_map_get(c, "children"), *evaluation = value_map_get(c, "evaluation");
	int kind = model_kind_of(value_string(value_map_get(d->fm, "kind"))), day;
	int continuous = value_map_get(d->fm, "continuous") &&
			 value_map_get(d->fm, "continuous")->type == VALUE_BOOL &&
			 value_map_get(d->fm, "continuous")->u.boolean;
	buf b = BUF_INIT;
	size_t i;

	/* A plain medborgardialog says nothing new; only a named kind is shown. */
	if (kind >= 0)
		value_map_set_string(c, "kind_label", facts_text(pg->f, lang, kind_text_keys[kind]));
	value_map_set_bool(c, "is_continuous", continuous);
	if (value_string(pol))
		buf_puts(&b, value_string(pol));
	for (i = 0; i < value_list_len(pol); i++)
		if (value_string(value_list_at(pol, i)))
			buf_printf(&b, "%s%s", b.size ? "; " : "", value_string(value_list_at(pol, i)));
	if (b.size)
		value_map_set_string(c, "politicians_text", b.ptr);
	if (children && children->type == VALUE_MAP)
		ensure_keys(children, children_keys);
	if (evaluation && evaluation->type == VALUE_MAP) {
		ensure_keys(evaluation, evaluation_keys);
		if (date_parse(&day, str_or(ev, "date", "")) == 0)
			set_date(c, "evaluation_date_text", day, lang);
		buf_clear(&b);
		evaluation_href(&b, pg, d);
		if (b.size)
			value_map_set_string(c, "evaluation_href", b.ptr);
	}
	value_map_set_bool(c, "has_about", kind >= 0 || value_map_get(c, "politicians_text") ||
						  (children && children->type == VALUE_MAP) ||
						  (evaluation && evaluation->type == VALUE_MAP));
	ensure_keys(c, keys);
	buf_free(&b);
}

/* ---- who took part (facts.h: the suppression rule) ------------------------------ */

/* A group's name on a page: age groups as written in site.yaml and front
 * matter ("0-17", "65-") read as "0–17 år" and "65 år och äldre"; other
 * names as written. */
static void group_label(buf *out, const pages *pg, const char *lang, const char *dim,
			const char *key)
{
	char *end;
	unsigned long lo, hi;

	if (!key) {
		buf_puts(out, facts_text(pg->f, lang, "participants_other_groups"));
		return;
	}
	if (!strcmp(dim, "age") && key[0] >= '0' && key[0] <= '9') {
		lo = strtoul(key, &end, 10);
		if ((*end == '-' || *end == '+') && !end[1]) {
			buf_printf(out, "%lu %s", lo, facts_text(pg->f, lang, "participants_age_older"));
			return;
		}
		if (*end == '-' && end[1] >= '0' && end[1] <= '9') {
			const char *from = end + 1;
			hi = strtoul(from, &end, 10);
			if (!*end) {
				buf_printf(out, "%lu\xe2\x80\x93%lu %s", lo, hi,
					   facts_text(pg->f, lang, "participants_age_years"));
				return;
			}
		}
	}
	buf_puts(out, key);
}

static const char *dimension_label(const pages *pg, const char *lang, const char *dim)
{
	static const char *const known[][2] = { { "age", "participants_dim_age" },
						{ "gender", "participants_dim_gender" },
						{ "area", "participants_dim_area" } };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(dim, known[i][0]))
			return facts_text(pg->f, lang, known[i][1]);
	return dim;
}

/* "37 %" with a no-break space, as Swedish writes per cent. */
static void set_percent(value *map, const char *key, int percent)
{
	char text[32];
	int n = snprintf(text, sizeof(text), "%d\xc2\xa0%%", percent);

	if (n < 0 || (size_t)n >= sizeof(text))
		return;
	value_map_set_string(map, key, text);
}

/* A count as a page shows it: the number, "färre än 5", or "dolt". */
static void set_count(value *map, const char *key, const pages *pg, const char *lang,
		      unsigned long long count, facts_shown shown, int threshold)
{
	buf b = BUF_INIT;

	if (shown == FACTS_SHOWN)
		escape_number(&b, (double)count);
	else if (shown == FACTS_FEW)
		buf_printf(&b, "%s %d", facts_text(pg->f, lang, "participants_few"), threshold);
	else
		buf_puts(&b, facts_text(pg->f, lang, "participants_hidden"));
	value_map_set_string(map, key, b.ptr);
	buf_free(&b);
}

/* One row of a dimension's table. The bars share one scale per table (the
 * largest share there, of participants or residents), so the two columns
 * compare at a glance; the numbers beside them say the same in words. */
static value *profile_row(const pages *pg, const char *lang, const facts_profile *p,
			  const facts_dimension *dim, const facts_group *g, double scale)
{
	static const char *const keys[] = { "share_text", "share_bar", "population_text",
					    "population_bar", NULL };
	value *row = value_new_map();
	buf b = BUF_INIT;

	group_label(&b, pg, lang, dim->key, g->key);
	value_map_set_string(row, "label", b.ptr);
	set_count(row, "count_text", pg, lang, g->count, g->shown, p->threshold);
	value_map_set_bool(row, "few", g->shown == FACTS_FEW);
	value_map_set_bool(row, "hidden", g->shown == FACTS_HIDDEN);
	value_map_set_bool(row, "under", g->under);
	if (g->shown == FACTS_SHOWN && dim->total_shown == FACTS_SHOWN && dim->total) {
		set_percent(row, "share_text", facts_percent(g->count, dim->total));
		value_map_set_number(row, "share_bar",
				     (double)(int)((double)g->count / (double)dim->total * 100 / scale + 0.5));
	}
	if (g->population >= 0) {
		set_percent(row, "population_text", (int)(g->population * 100 + 0.5));
		value_map_set_number(row, "population_bar", (double)(int)(g->population * 100 / scale + 0.5));
	}
	ensure_keys(row, keys);
	buf_free(&b);
	return row;
}

/* "Unga 18–29 år var 5 % av deltagarna men är 15 % av invånarna." */
static value *profile_under(const pages *pg, const char *lang, const facts_profile *p,
			    const facts_dimension *dim, const facts_group *g)
{
	value *u = value_new_map();
	buf b = BUF_INIT;

	group_label(&b, pg, lang, dim->key, g->key);
	value_map_set_string(u, "label", b.ptr);
	value_map_set_string(u, "dimension", dimension_label(pg, lang, dim->key));
	value_map_set_bool(u, "few", g->shown == FACTS_FEW);
	set_count(u, "count_text", pg, lang, g->count, g->shown, p->threshold);
	set_number_text(u, "total_text", (double)dim->total);
	if (g->shown == FACTS_SHOWN)
		set_percent(u, "share_text", facts_percent(g->count, dim->total));
	else
		value_map_put(u, "share_text", value_new_null());
	set_percent(u, "population_text", (int)(g->population * 100 + 0.5));
	buf_free(&b);
	return u;
}

/* The context of the partial participants.mustache: one table per
 * dimension, the under-represented groups in words, the threshold.
 * `scope` names the set ("2025") in the tables' captions, or NULL. Only
 * what facts_profile lets out: never a hidden group's count or share. */
static value *profile_ctx(const pages *pg, const char *lang, const facts_profile *p,
			  const char *scope)
{
	value *ctx = value_new_map(), *dims = value_new_list(), *under = value_new_list();
	size_t i, k;

	for (i = 0; i < p->n_dims; i++) {
		const facts_dimension *dim = &p->dims[i];
		value *d = value_new_map(), *rows = value_new_list();
		double scale = 0;
		for (k = 0; k < dim->n_groups; k++) {
			const facts_group *g = &dim->groups[k];
			double share = dim->total ? (double)g->count / (double)dim->total * 100 : 0;
			if (g->shown == FACTS_SHOWN && share > scale)
				scale = share;
			if (g->population * 100 > scale)
				scale = g->population * 100;
		}
		scale = scale > 0 ? scale / 100 : 1;
		value_map_set_string(d, "label", dimension_label(pg, lang, dim->key));
		if (scope)
			value_map_set_string(d, "scope", scope);
		else
			value_map_put(d, "scope", value_new_null());
		set_count(d, "total_text", pg, lang, dim->total, dim->total_shown, p->threshold);
		for (k = 0; k < dim->n_groups; k++) {
			value_list_push(rows, profile_row(pg, lang, p, dim, &dim->groups[k], scale));
			if (dim->groups[k].under)
				value_list_push(under, profile_under(pg, lang, p, dim, &dim->groups[k]));
		}
		value_map_set(d, "rows", rows);
		value_list_push(dims, d);
	}
	set_list(ctx, "dims", dims);
	set_list(ctx, "under", under);
	value_map_set_number(ctx, "threshold", p->threshold);
	value_map_set_number(ctx, "dialogue_count", (double)p->n_dialogues);
	/* The rule is said once: a set named by scope follows one that said it. */
	value_map_set_bool(ctx, "show_note", !scope);
	return ctx;
}

/* The dialogue's "Vilka deltog?". The front matter's participant_profile
 * leaves the template's context: a theme could otherwise print a count
 * under the threshold. */
static void participants_ctx(value *c, const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);

	value_free(value_map_take(c, "participant_profile"));
	if (fd->profile.n_dims)
		value_map_set(c, "profile", profile_ctx(pg, model_dialogue_lang(d), &fd->profile, NULL));
	else
		value_map_put(c, "profile", value_new_null());
}

/* The dialogue itself: its front matter and everything derived from it. */
static value *dialogue_ctx(const pages *pg, const model_dialogue *d)
{
	value *c = value_clone(d->fm);

	status_level_ctx(c, pg, d);
	case_numbers_ctx(c, d);
	case_links_ctx(c, pg, d);
	dates_ctx(c, pg, d);
	meetings_split(c, meetings_ctx(pg, d, pg->m->today));
	summary_ctx(c, pg, d);
	accountability_ctx(c, pg, d);
	about_ctx(c, pg, d);
	participants_ctx(c, pg, d);
	history_ctx(c, pg, d);
	links_ctx(c, pg, d);
	set_list(c, "documents", documents_ctx(pg, d));
	set_list(c, "phases", phases_ctx(pg, d));
	set_list(c, "related_dialogues", related_ctx(pg, d));
	set_list(c, "translations", translations_ctx(pg, d));
	set_list(c, "hreflang", hreflang_ctx(pg, d));
	return c;
}

/* Adds the dialogue's rendered Markdown to its context. Rendered here
 * rather than kept from model_load: holding every dialogue's HTML until its
 * page was written was half the memory of a large site. */
int pages_dialogue_body(value *c, const pages *pg, diag_list *diags, const model_dialogue *d)
{
	markdown_doc body, easy_read;
	int error = 0;

	markdown_doc_init(&body);
	markdown_doc_init(&easy_read);
	/* An error here fails the build (main checks the diagnostics). */
	if (model_dialogue_render(&body, &easy_read, pg->src, d) != 0) {
		DIAG_ERROR(diags, d->path, 0, 0,
			   "kan inte läsa filen igen (ändrades den under bygget?)",
			   "cannot read the file again (did it change during the build?)");
		error = -1;
	}
	value_map_set_string(c, "body_html", body.html.ptr);
	value_map_set_string(c, "take_part_html", body.sections[MARKDOWN_SECTION_TAKE_PART].ptr);
	value_map_set_string(c, "results_html", body.sections[MARKDOWN_SECTION_RESULTS].ptr);
	value_map_set_string(c, "feedback_html", body.sections[MARKDOWN_SECTION_FEEDBACK].ptr);
	if (d->has_easy_read)
		value_map_set_string(c, "easy_read_html", easy_read.html.ptr);
	markdown_doc_free(&body);
	markdown_doc_free(&easy_read);
	return error;
}

value *pages_dialogue(buf *path, const pages *pg, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(pg->f, d);
	const char *lang = model_dialogue_lang(d);
	buf all = BUF_INIT;
	value *ctx;

	buf_printf(&all, "%sdialoger/", pg->root);
	ctx = page_ctx(pg, lang, str_or(d->fm, "title", d->slug), fd->url,
		       facts_text(pg->f, lang, "all_dialogues"), all.ptr, str_or(d->fm, "summary", ""));
	value_map_set(ctx, "dialogue", dialogue_ctx(pg, d));
	buf_printf(path, "%sindex.html", fd->path);
	buf_free(&all);
	return ctx;
}

/* ---- what every page shares ---------------------------------------------------- */

static int menu_cmp(const void *a, const void *b)
{
	const model_page *x = *(const model_page *const *)a, *y = *(const model_page *const *)b;
	return x->menu != y->menu ? (x->menu < y->menu ? -1 : 1) : strcmp(x->slug, y->slug);
}

/* The context every page shares. `lang` picks the strings; `url` is the
 * page's own address (root-relative; "" for the 404 page, which has no
 * canonical address); `parent` is the breadcrumb between the start page
 * and this one (NULL for none); `description` feeds meta and Open Graph. */
/* What every page in one language shares: the site, the strings and the
 * feed links. Built once per language and rendered below each page's own
 * data (mustache_render_over), never copied into it. */
static value *base_ctx(const pages *pg, const char *lang, const char *css_url)
{
	value *c = value_new_map();
	value *site = value_new_map();
	buf b = BUF_INIT;

	value_map_set_string(site, "title", str_or(pg->m->config, "title", ""));
	value_map_set_string(site, "municipality", str_or(pg->m->config, "municipality", ""));
	value_map_set_string(site, "base_url", str_or(pg->m->config, "base_url", ""));
	value_map_set_string(site, "root", pg->root);
	value_map_set_string(site, "css", css_url);
	value_map_set_string(site, "lang", pg->m->lang);
	value_map_set(site, "contact", value_clone(value_map_get(pg->m->config, "contact")));
	if (value_map_get(site, "contact") && value_map_get(site, "contact")->type == VALUE_MAP)
		set_phone(value_map_get(site, "contact"));
	set_date(site, "today_text", pg->m->today, lang);
	value_map_set(c, "site", site);
	value_map_set(c, "t", value_clone(strings_for(pg, lang)));
	buf_printf(&b, "%sfeed.xml", pg->root);
	value_map_set_string(c, "feed_url", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%skalender.ics", pg->root);
	value_map_set_string(c, "calendar_url", b.ptr);
	buf_free(&b);
	return c;
}

static value *page_ctx(const pages *pg, const char *lang, const char *title, const char *url,
		       const char *parent_title, const char *parent_url, const char *description)
{
	value *c = value_new_map();
	value *menu = value_new_list();
	value *crumbs = value_new_list();
	const model_page **in_menu = mem_alloc((pg->m->n_pages + 1) * sizeof(*in_menu));
	buf b = BUF_INIT;
	size_t i, n = 0;

	value_map_set_string(c, "lang", lang);
	/* Site-wide text (site name, menu) is in the site language: mark it
	 * when the page is in another, so screen readers pronounce it right. */
	if (strcmp(lang, pg->m->lang))
		value_map_set_string(c, "other_lang", pg->m->lang);
	else
		value_map_put(c, "other_lang", value_new_null());
	value_map_set_string(c, "title", title);
	value_map_set_string(c, "url", url);
	value_map_set_string(c, "description", description && *description ? description
							: facts_text(pg->f, lang, "home_intro"));
	if (*url) {
		buf_printf(&b, "%s%s", pg->f->origin, url);
		value_map_set_string(c, "canonical", b.ptr);
	} else {
		value_map_put(c, "canonical", value_new_null());
	}
	value_map_set_string(c, "og_locale", lang_is_english(lang) ? "en_GB" : "sv_SE");
	/* Breadcrumbs: start page, the parent if any, this page. */
	if (strcmp(url, pg->root) != 0) {
		value *crumb = value_new_map();
		value_map_set_string(crumb, "title", facts_text(pg->f, lang, "start_page"));
		value_map_set_string(crumb, "url", pg->root);
		value_map_set_bool(crumb, "current", 0);
		value_list_push(crumbs, crumb);
		if (parent_title) {
			crumb = value_new_map();
			value_map_set_string(crumb, "title", parent_title);
			value_map_set_string(crumb, "url", parent_url);
			value_map_set_bool(crumb, "current", 0);
			value_list_push(crumbs, crumb);
		}
		crumb = value_new_map();
		value_map_set_string(crumb, "title", title);
		value_map_set_string(crumb, "url", url);
		value_map_set_bool(crumb, "current", 1);
		value_list_push(crumbs, crumb);
	}
	set_list(c, "breadcrumbs", crumbs);
	/* Main menu: pages with `menu`, in that order. */
	for (i = 0; i < pg->m->n_pages; i++)
		if (pg->m->pages[i].menu > 0)
			in_menu[n++] = &pg->m->pages[i];
	qsort(in_menu, n, sizeof(*in_menu), menu_cmp);
	for (i = 0; i < n; i++) {
		value *item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/", pg->root, in_menu[i]->slug);
		value_map_set_string(item, "title", str_or(in_menu[i]->fm, "title", in_menu[i]->slug));
		value_map_set_string(item, "url", b.ptr);
		value_map_set_bool(item, "current", !strcmp(b.ptr, url));
		value_list_push(menu, item);
	}
	value_map_set(c, "menu", menu);
	free(in_menu);
	buf_free(&b);
	return c;
}

const value *pages_base_of(const pages *pg, const value *ctx)
{
	const char *lang = value_string(value_map_get(ctx, "lang"));
	return pg->base[lang ? facts_lang_slot(pg->f, lang) : FACTS_SITE_LANG];
}

/* ---- lists ------------------------------------------------------------------- */

/* Order of the full list: what residents can act on first. */
static int status_rank(model_status s)
{
	static const int rank[MODEL_STATUS_COUNT] = { 1, 0, 2, 3, 4 };
	return rank[s];
}

static int dialogue_order(const void *a, const void *b, void *arg)
{
	const model_site *m = arg;
	const model_dialogue *x = &m->dialogues[*(const size_t *)a];
	const model_dialogue *y = &m->dialogues[*(const size_t *)b];
	int kx, ky;

	if (status_rank(x->status) != status_rank(y->status))
		return status_rank(x->status) - status_rank(y->status);
	switch (x->status) {
	case MODEL_ONGOING: /* ending soonest first; open-ended last */
		kx = x->end == DATE_NONE ? 0x7fffffff : x->end;
		ky = y->end == DATE_NONE ? 0x7fffffff : y->end;
		break;
	case MODEL_PLANNED: /* starting soonest first; undated last */
		kx = x->start == DATE_NONE ? 0x7fffffff : x->start;
		ky = y->start == DATE_NONE ? 0x7fffffff : y->start;
		break;
	default: /* most recently ended first */
		kx = x->end == DATE_NONE ? 0 : -x->end;
		ky = y->end == DATE_NONE ? 0 : -y->end;
		break;
	}
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* Indices of published originals in list order. */
static size_t *ordered(const pages *pg, size_t *n)
{
	size_t *idx = mem_alloc((pg->m->n_dialogues + 1) * sizeof(size_t));
	size_t i;

	*n = 0;
	for (i = 0; i < pg->m->n_dialogues; i++)
		if (!pg->m->dialogues[i].is_translation && !pg->m->dialogues[i].draft)
			idx[(*n)++] = i;
	qsort_r(idx, *n, sizeof(size_t), dialogue_order, (void *)pg->m);
	return idx;
}

static value *cards_where(const pages *pg, const size_t *idx, size_t n,
			  int (*pred)(const model_dialogue *, const void *), const void *arg,
			  size_t limit)
{
	value *list = value_new_view();
	size_t i;

	for (i = 0; i < n && value_list_len(list) < limit; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		if (!pred || pred(d, arg))
			value_list_push(list, pg->cards[idx[i]]);
	}
	return list;
}

static int has_status(const model_dialogue *d, const void *arg)
{
	return d->status == *(const model_status *)arg;
}

static int has_level(const model_dialogue *d, const void *arg)
{
	return d->level == *(const model_level *)arg;
}

static int is_overdue(const model_dialogue *d, const void *arg)
{
	(void)arg;
	return d->feedback_overdue;
}

static int takes_part(const model_dialogue *d, const void *arg)
{
	return facts_of(arg, d)->can_take_part;
}

static int ongoing_information(const model_dialogue *d, const void *arg)
{
	(void)arg;
	return d->status == MODEL_ONGOING && d->level == MODEL_INFORMATION;
}

#define HOME_RECENT_DAYS 365 /* "latest results": feedback given within a year */

/* Finished with feedback, given (or, without its date, ended) within
 * HOME_RECENT_DAYS: an old result is not news. */
static int recent_outcome(const model_dialogue *d, const void *arg)
{
	const facts *f = arg;
	int day = facts_of(f, d)->ended_day;

	return d->status == MODEL_FINISHED && d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0 &&
	       day != DATE_NONE && f->m->today - day <= HOME_RECENT_DAYS;
}

/* "Hitta dialoger": every way into the lists, each facet's index page (the
 * statuses have none: each is linked; the levels' is the ladder page). */
static value *home_finders(const pages *pg)
{
	static const struct {
		const char *key, *dir;
	} facets[] = { { "home_find_planning", "planering" }, /* what is coming, plan.h */
		       { "facet_committee", "namnd" }, { "facet_area", "omrade" },
		       { "facet_theme", "tema" },      { "facet_target_group", "malgrupp" },
		       { "facet_method", "metod" },    { "facet_year", "ar" },
		       { "facet_kind", "typ" },        { "facet_trait", "urval" } };
	const char *lang = pg->m->lang;
	value *list = value_new_list(), *statuses = value_new_list(), *item;
	buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < MODEL_STATUS_COUNT; i++) {
		item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%sstatus/%s/", pg->root, model_status_slugs[i]);
		value_map_set_string(item, "url", b.ptr);
		value_map_set_string(item, "label", facts_status_label(pg->f, lang, (model_status)i));
		value_map_set_bool(item, "last", i + 1 == MODEL_STATUS_COUNT);
		value_list_push(statuses, item);
	}
	item = value_new_map();
	value_map_set_string(item, "label", facts_text(pg->f, lang, "status"));
	value_map_set(item, "values", statuses);
	value_map_put(item, "url", value_new_null());
	value_list_push(list, item);
	item = value_new_map();
	buf_clear(&b);
	buf_printf(&b, "%sdelaktighetstrappan/", pg->root);
	value_map_set_string(item, "label", facts_text(pg->f, lang, "home_find_step"));
	value_map_set_string(item, "url", b.ptr);
	value_map_put(item, "values", value_new_null());
	value_list_push(list, item);
	for (i = 0; i < sizeof(facets) / sizeof(facets[0]); i++) {
		item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/", pg->root, facets[i].dir);
		value_map_set_string(item, "label", facts_text(pg->f, lang, facets[i].key));
		value_map_set_string(item, "url", b.ptr);
		value_map_put(item, "values", value_new_null());
		value_list_push(list, item);
	}
	buf_free(&b);
	return list;
}

/* The start page's account of what came of the dialogues: "x av y
 * synpunkter ändrade förslaget" over every published dialogue whose
 * feedback is given, and how many actions are under way (/atgarder/). */
static void home_accountability(value *ctx, const pages *pg)
{
	size_t i, changed = 0, total = 0, actions = 0;

	for (i = 0; i < pg->n_order; i++) {
		const facts_dialogue *fd = facts_of(pg->f, &pg->m->dialogues[pg->order[i]]);
		if (fd->said_count_shown) {
			changed += fd->said_changed;
			total += fd->said_total;
		}
		actions += fd->actions_by_status[MODEL_ACTION_ONGOING];
	}
	value_map_set_bool(ctx, "has_said_count", total > 0);
	set_number_text(ctx, "said_changed", (double)changed);
	set_number_text(ctx, "said_total", (double)total);
	set_number_text(ctx, "actions_ongoing", (double)actions);
	value_map_set_bool(ctx, "has_actions_ongoing", actions > 0);
}

value *pages_home(buf *path, const pages *pg)
{
	const size_t *idx = pg->order, n = pg->n_order;
	model_status planned = MODEL_PLANNED;
	value *ctx = page_ctx(pg, pg->m->lang, str_or(pg->m->config, "title", ""), pg->root, NULL, NULL,
			      str_or(pg->m->config, "description", NULL));

	set_list(ctx, "ongoing", cards_where(pg, idx, n, takes_part, pg->f, (size_t)-1));
	set_list(ctx, "ongoing_information", cards_where(pg, idx, n, ongoing_information, NULL, (size_t)-1));
	set_list(ctx, "planned", cards_where(pg, idx, n, has_status, &planned, (size_t)-1));
	set_list(ctx, "recent_results", cards_where(pg, idx, n, recent_outcome, pg->f, 5));
	set_list(ctx, "overdue", cards_where(pg, idx, n, is_overdue, NULL, (size_t)-1));
	home_accountability(ctx, pg);
	value_map_set(ctx, "finders", home_finders(pg));
	value_map_set_bool(ctx, "is_home", 1);
	value_map_set_number(ctx, "card_level", 3);
	buf_puts(path, "index.html");
	return ctx;
}

#define PAGINATION_AROUND 2 /* pages linked on each side of the current one */

static size_t list_per_page(const pages *pg)
{
	return pg->m->page_size > 0 ? (size_t)pg->m->page_size : 20;
}

size_t pages_list_count(const pages *pg, const pages_list *l)
{
	size_t total = value_list_len(l->items), per = list_per_page(pg);

	return total ? (total + per - 1) / per : 1;
}

/* The links between a list's pages: the first and last page and two on
 * each side of this one, with a gap for the rest (a link to every page
 * made each of a long list's pages as long as the list, quadratic in the
 * dialogues). Sets prev_url and next_url in ctx. */
static value *list_pagination(value *ctx, const pages *pg, const pages_list *l, size_t p, size_t pages_n)
{
	value *nav = value_new_list();
	buf b = BUF_INIT;
	size_t i;

	for (i = 1; pages_n > 1 && i <= pages_n; i++) {
		value *item;
		if (i != 1 && i != pages_n && (i + PAGINATION_AROUND < p || i > p + PAGINATION_AROUND)) {
			if (i == 2 || i == p + PAGINATION_AROUND + 1) {
				item = value_new_map();
				value_map_set_bool(item, "gap", 1);
				value_list_push(nav, item);
			}
			continue;
		}
		item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/", pg->root, l->dir.ptr);
		if (i > 1)
			buf_printf(&b, "sida/%zu/", i);
		value_map_set_bool(item, "gap", 0);
		value_map_set_number(item, "number", (double)i);
		value_map_set_string(item, "url", b.ptr);
		value_map_set_bool(item, "current", i == p);
		value_list_push(nav, item);
		if (i == p - 1)
			value_map_set_string(ctx, "prev_url", b.ptr);
		if (i == p + 1)
			value_map_set_string(ctx, "next_url", b.ptr);
	}
	buf_free(&b);
	return nav;
}

/* An area's, a theme's or a target group's list (export.c writes their
 * feed.xml and kalender.ics): "Följ …" and "Kalender" links, and the feed
 * in the page's head (`facet_feed_url`, `facet_calendar_url`; null
 * elsewhere). */
static void facet_follow_ctx(value *ctx, const pages *pg, const pages_list *l)
{
	static const char *const dirs[] = { "omrade/", "tema/", "malgrupp/" };
	buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strncmp(l->dir.ptr, dirs[i], strlen(dirs[i])))
			break;
	if (i == sizeof(dirs) / sizeof(dirs[0])) {
		value_map_put(ctx, "facet_feed_url", value_new_null());
		value_map_put(ctx, "facet_calendar_url", value_new_null());
		return;
	}
	buf_printf(&b, "%s%s/feed.xml", pg->root, l->dir.ptr);
	value_map_set_string(ctx, "facet_feed_url", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%s%s/kalender.ics", pg->root, l->dir.ptr);
	value_map_set_string(ctx, "facet_calendar_url", b.ptr);
	buf_free(&b);
}

/* The heading says what is listed and how many. */
value *pages_list_page(buf *path, const pages *pg, const pages_list *l, size_t p)
{
	static const char *const keys[] = { "prev_url", "next_url", NULL };
	const char *lang = pg->m->lang, *intro = l->intro;
	size_t total = value_list_len(l->items), per = list_per_page(pg);
	size_t pages_n = pages_list_count(pg, l), i;
	buf url = BUF_INIT, page_title = BUF_INIT;
	value *ctx, *list = value_new_view(), *nav;

	buf_printf(&url, "%s%s/", pg->root, l->dir.ptr);
	if (p > 1)
		buf_printf(&url, "sida/%zu/", p);
	buf_puts(&page_title, l->title.ptr);
	if (p > 1) /* every page gets a title of its own */
		buf_printf(&page_title, ", %s %zu", facts_text(pg->f, lang, "page_lower"), p);
	ctx = page_ctx(pg, lang, page_title.ptr, url.ptr, l->parent_title,
		       l->parent_title ? l->parent_url.ptr : NULL, intro);
	for (i = (p - 1) * per; i < total && i < p * per; i++)
		value_list_push(list, value_list_at(l->items, i));
	nav = list_pagination(ctx, pg, l, p, pages_n);
	ensure_keys(ctx, keys);
	value_map_set_string(ctx, "heading", l->title.ptr);
	value_map_set(ctx, "items", list);
	set_list(ctx, "pagination", nav);
	value_map_set_number(ctx, "card_level", 2);
	/* A year's first page is its report; the list follows under a heading
	 * of its own, so the cards are one level down. */
	if (l->report && p == 1) {
		value_map_set(ctx, "report", year_report(pg, l));
		value_map_set_number(ctx, "card_level", 3);
	} else {
		value_map_put(ctx, "report", value_new_null());
	}
	set_number_text(ctx, "count", (double)total);
	value_map_set_bool(ctx, "count_is_one", total == 1);
	value_map_set_number(ctx, "page_number", (double)p);
	value_map_set_number(ctx, "page_count", (double)pages_n);
	/* null, not "": an empty string is true in Mustache */
	if (intro && *intro)
		value_map_set_string(ctx, "intro", intro);
	else
		value_map_put(ctx, "intro", value_new_null());
	value_map_set_bool(ctx, "empty", total == 0);
	/* A committee's list links its feed where people see it (namnd/SLUG/feed.xml). */
	if (strncmp(l->dir.ptr, "namnd/", 6) == 0) {
		buf feed = BUF_INIT;
		buf_printf(&feed, "%s%s/feed.xml", pg->root, l->dir.ptr);
		value_map_set_string(ctx, "list_feed_url", feed.ptr);
		buf_free(&feed);
	} else {
		value_map_put(ctx, "list_feed_url", value_new_null());
	}
	facet_follow_ctx(ctx, pg, l);
	/* Only the list of every dialogue offers the filters. */
	if (!strcmp(l->dir.ptr, "dialoger"))
		value_map_set(ctx, "filters", pages_filters(pg));
	else
		value_map_put(ctx, "filters", value_new_null());
	buf_printf(path, "%sindex.html", url.ptr + strlen(pg->root));
	buf_free(&url);
	buf_free(&page_title);
	return ctx;
}

static void list_init(pages_list *l)
{
	memset(l, 0, sizeof(*l));
	buf_init(&l->dir);
	buf_init(&l->title);
	buf_init(&l->parent_url);
}

void pages_list_free(pages_list *l)
{
	buf_free(&l->dir);
	buf_free(&l->title);
	buf_free(&l->parent_url);
	value_free(l->items);
	l->items = NULL;
}

/* List `which` of the lists over every dialogue: 0 is the full list, then
 * one per status, then one per level. */
void pages_overview_list(pages_list *l, const pages *pg, int which)
{
	const char *lang = pg->m->lang;
	const size_t *idx = pg->order, n = pg->n_order;

	list_init(l);
	if (which == 0) {
		l->items = cards_where(pg, idx, n, NULL, NULL, (size_t)-1);
		buf_puts(&l->dir, "dialoger");
		buf_puts(&l->title, facts_text(pg->f, lang, "all_dialogues"));
	} else if (which <= MODEL_STATUS_COUNT) {
		model_status st = (model_status)(which - 1);
		l->items = cards_where(pg, idx, n, has_status, &st, (size_t)-1);
		buf_printf(&l->dir, "status/%s", model_status_slugs[st]);
		buf_printf(&l->title, "%s: %s", facts_text(pg->f, lang, "status"),
			   facts_status_label(pg->f, lang, st));
		buf_printf(&l->parent_url, "%sstatistik/", pg->root);
		l->parent_title = facts_text(pg->f, lang, "statistics_title");
	} else {
		model_level lv = (model_level)(which - 1 - MODEL_STATUS_COUNT);
		l->items = cards_where(pg, idx, n, has_level, &lv, (size_t)-1);
		buf_printf(&l->dir, "niva/%s", model_level_keys[lv]);
		buf_printf(&l->title, "%s: %s", facts_text(pg->f, lang, "level"),
			   facts_level_text(pg->f, lang, lv, "label"));
		buf_printf(&l->parent_url, "%sdelaktighetstrappan/", pg->root);
		l->parent_title = facts_text(pg->f, lang, "ladder_title");
		l->intro = facts_level_text(pg->f, lang, lv, "promise");
	}
}

/* ---- facets -------------------------------------------------------------------- */

static size_t facet_hash(const char *slug)
{
	return (size_t)XXH3_64bits(slug, strlen(slug));
}

/* The slot of slug: where it is, or the free slot where it belongs. */
static size_t *facet_slot(const pages_facet *f, const char *slug)
{
	size_t mask = f->n_slots - 1, i = facet_hash(slug) & mask;

	while (f->slots[i] && strcmp(f->values[f->slots[i] - 1].slug, slug))
		i = (i + 1) & mask;
	return &f->slots[i];
}

/* Doubles the table when it would get more than half full, so a lookup
 * stays constant time however many values a facet gets. */
static void facet_reserve(pages_facet *f)
{
	size_t i, *old = f->slots, n_old = f->n_slots;

	if (f->n_slots && (f->n + 1) * 2 <= f->n_slots)
		return;
	f->n_slots = n_old ? n_old * 2 : 16;
	f->slots = mem_calloc(f->n_slots, sizeof(*f->slots));
	for (i = 0; i < n_old; i++)
		if (old[i])
			*facet_slot(f, f->values[old[i] - 1].slug) = old[i];
	free(old);
}

static void facet_add(pages_facet *f, const facts *ft, const char *label, size_t index)
{
	buf slug = BUF_INIT;
	pages_facet_value *v;
	size_t *slot;

	facts_slug(&slug, ft, label);
	facet_reserve(f);
	slot = facet_slot(f, slug.ptr);
	if (*slot) {
		v = &f->values[*slot - 1];
	} else {
		f->values = mem_grow_array(f->values, &f->cap, f->n + 1, sizeof(*v));
		v = &f->values[f->n++];
		memset(v, 0, sizeof(*v));
		v->slug = buf_detach(&slug);
		v->label = mem_strdup(label);
		*slot = f->n;
	}
	buf_free(&slug);
	if (v->n > 0 && v->idx[v->n - 1] == index)
		return; /* the same value twice in one dialogue */
	v->idx = mem_grow_array(v->idx, &v->cap, v->n + 1, sizeof(size_t));
	v->idx[v->n++] = index;
}

static int pages_facet_value_cmp(const void *a, const void *b)
{
	return strcmp(((const pages_facet_value *)a)->slug, ((const pages_facet_value *)b)->slug);
}

static void facet_free(pages_facet *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->values[i].slug);
		free(f->values[i].label);
		free(f->values[i].idx);
	}
	free(f->values);
	free(f->slots);
}

void pages_facets_free(pages_facet facets[PAGES_FACET_COUNT])
{
	int k;

	for (k = 0; k < PAGES_FACET_COUNT; k++)
		facet_free(&facets[k]);
}

/* The values a dialogue has for a facet: a text or a list of texts. */
static void facet_collect(pages_facet *f, const facts *ft, const value *v, size_t index)
{
	size_t i;

	if (value_string(v) && *value_string(v))
		facet_add(f, ft, value_string(v), index);
	for (i = 0; i < value_list_len(v); i++)
		if (value_string(value_list_at(v, i)) && *value_string(value_list_at(v, i)))
			facet_add(f, ft, value_string(value_list_at(v, i)), index);
}

void pages_facets_build(pages_facet facets[PAGES_FACET_COUNT], const pages *pg)
{
	const size_t *idx = pg->order, n = pg->n_order;
	static const char *const dirs[PAGES_FACET_COUNT] = { "namnd", "omrade", "tema", "malgrupp", "metod", "ar",
							     "typ", "urval" };
	static const char *const keys[PAGES_FACET_COUNT] = { NULL, "areas", "themes", "target_groups", "methods", NULL,
							     NULL, NULL };
	static const char *const titles[PAGES_FACET_COUNT] = { "facet_committee", "facet_area", "facet_theme",
							 "facet_target_group", "facet_method", "facet_year",
							 "facet_kind", "facet_trait" };
	const char *lang = pg->m->lang;
	size_t i;
	int k;

	memset(facets, 0, PAGES_FACET_COUNT * sizeof(*facets));
	for (k = 0; k < PAGES_FACET_COUNT; k++) {
		facets[k].dir = dirs[k];
		facets[k].key = keys[k];
		facets[k].title_key = titles[k];
	}
	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		if (str_or(d->fm, "responsible", NULL))
			facet_add(&facets[PAGES_FACET_COMMITTEE], pg->f, facts_of(pg->f, d)->committee, idx[i]);
		for (k = PAGES_FACET_AREA; k <= PAGES_FACET_METHOD; k++)
			facet_collect(&facets[k], pg->f, value_map_get(d->fm, keys[k]), idx[i]);
		if (d->start != DATE_NONE) {
			int y, mo, dd;
			char year[16];
			date_to_ymd(d->start, &y, &mo, &dd);
			snprintf(year, sizeof(year), "%d", y); /* cannot truncate: years are 1000-9999 */
			facet_add(&facets[PAGES_FACET_YEAR], pg->f, year, idx[i]);
		} else {
			/* Counted and listed too: "Dialoger per startår" once left
			 * these out, so the years did not add up to the total. Its
			 * slug ("utan-startdatum") sorts after every year. */
			facet_add(&facets[PAGES_FACET_YEAR], pg->f, facts_text(pg->f, pg->m->lang, "year_none"), idx[i]);
		}
		/* Every dialogue has a kind (medborgardialog when not given). */
		facet_add(&facets[PAGES_FACET_KIND], pg->f, facts_text(pg->f, lang, kind_text_keys[facts_of(pg->f, d)->kind]),
			  idx[i]);
		/* Urval: only the yes side gets a list; /sok/ filters both. */
		if (facts_of(pg->f, d)->has_politicians)
			facet_add(&facets[PAGES_FACET_TRAIT], pg->f, facts_text(pg->f, lang, "facet_politicians"), idx[i]);
		if (facts_of(pg->f, d)->continuous)
			facet_add(&facets[PAGES_FACET_TRAIT], pg->f, facts_text(pg->f, lang, "facet_continuous"), idx[i]);
		if (facts_of(pg->f, d)->evaluated)
			facet_add(&facets[PAGES_FACET_TRAIT], pg->f, facts_text(pg->f, lang, "facet_evaluated"), idx[i]);
	}
	/* Sorted by slug: the output never depends on the order values were
	 * first seen in. The table indexes the old order, so it goes. */
	for (k = 0; k < PAGES_FACET_COUNT; k++) {
		if (facets[k].n > 1)
			qsort(facets[k].values, facets[k].n, sizeof(pages_facet_value), pages_facet_value_cmp);
		free(facets[k].slots);
		facets[k].slots = NULL;
		facets[k].n_slots = 0;
	}
}

/* Links from a dialogue to the facet lists it appears in. */
static value *facet_links(const pages *pg, const value *v, const char *dir)
{
	value *list = value_new_list();
	size_t i, count = value_string(v) ? 1 : value_list_len(v);
	buf b = BUF_INIT;

	for (i = 0; i < count; i++) {
		const char *label = value_string(v) ? value_string(v) : value_string(value_list_at(v, i));
		value *item;
		if (!label || !*label)
			continue;
		item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/", pg->root, dir);
		facts_slug(&b, pg->f, label);
		buf_putc(&b, '/');
		value_map_set_string(item, "label", label);
		value_map_set_string(item, "url", b.ptr);
		value_map_set_bool(item, "last", i + 1 == count);
		value_list_push(list, item);
	}
	buf_free(&b);
	return list;
}

/* Whether slug is a year ("2026", not "utan-startdatum"), in *year. */
static int year_of_slug(const char *slug, int *year)
{
	size_t i;

	for (i = 0; slug[i]; i++)
		if (slug[i] < '0' || slug[i] > '9')
			return 0;
	if (i != 4)
		return 0;
	*year = atoi(slug);
	return 1;
}

/* "Medborgardialoger 2026 – årsrapport": the string year_report_title
 * with {year} replaced (a theme's text is never a format string). */
static void year_title(buf *out, const pages *pg, int year)
{
	const char *t = facts_text(pg->f, pg->m->lang, "year_report_title");
	const char *at = strstr(t, "{year}");

	if (!at) {
		buf_printf(out, "%s %d", t, year);
		return;
	}
	buf_put(out, t, (size_t)(at - t));
	buf_printf(out, "%d%s", year, at + 6);
}

void pages_facet_list(pages_list *l, const pages *pg, const pages_facet *f, size_t i)
{
	const char *facet_title = facts_text(pg->f, pg->m->lang, f->title_key);
	size_t j;

	list_init(l);
	l->items = value_new_view();
	for (j = 0; j < f->values[i].n; j++)
		value_list_push(l->items, pg->cards[f->values[i].idx[j]]);
	buf_printf(&l->dir, "%s/%s", f->dir, f->values[i].slug);
	if (!strcmp(f->dir, "ar") && year_of_slug(f->values[i].slug, &l->report_year)) {
		/* A year's list is its annual report (year_report). */
		l->report = &f->values[i];
		year_title(&l->title, pg, l->report_year);
		l->intro = facts_text(pg->f, pg->m->lang, "year_report_intro");
	} else {
		buf_printf(&l->title, "%s: %s", facet_title, f->values[i].label);
	}
	buf_printf(&l->parent_url, "%s%s/", pg->root, f->dir);
	l->parent_title = facet_title;
}

/* The facet's own page lists its values. */
value *pages_facet_index(buf *path, const pages *pg, const pages_facet *f)
{
	const char *lang = pg->m->lang;
	const char *facet_title = facts_text(pg->f, lang, f->title_key);
	buf url = BUF_INIT, b = BUF_INIT;
	value *ctx, *values = value_new_list();
	size_t i;
	int year;

	buf_printf(&url, "%s%s/", pg->root, f->dir);
	for (i = 0; i < f->n; i++) {
		value *entry = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/%s/", pg->root, f->dir, f->values[i].slug);
		value_map_set_string(entry, "url", b.ptr);
		set_number_text(entry, "count", (double)f->values[i].n);
		buf_clear(&b);
		if (!strcmp(f->dir, "ar") && year_of_slug(f->values[i].slug, &year))
			year_title(&b, pg, year); /* each year is its report */
		else
			buf_puts(&b, f->values[i].label);
		value_map_set_string(entry, "label", b.ptr);
		value_list_push(values, entry);
	}
	ctx = page_ctx(pg, lang, facet_title, url.ptr, NULL, NULL, NULL);
	set_list(ctx, "values", values);
	if (!strcmp(f->dir, "ar"))
		value_map_set_string(ctx, "intro", facts_text(pg->f, lang, "year_reports_intro"));
	else
		value_map_put(ctx, "intro", value_new_null());
	buf_printf(path, "%s/index.html", f->dir);
	buf_free(&url);
	buf_free(&b);
	return ctx;
}

/* ---- filters: every facet as plain links ---------------------------------------- */

value *pages_context(const pages *pg, const char *lang, const char *title, const char *url,
		     const char *parent_title, const char *parent_url, const char *description)
{
	return page_ctx(pg, lang, title, url, parent_title, parent_url, description);
}

static value *filter_link(const char *label, const buf *url)
{
	value *link = value_new_map();

	value_map_set_string(link, "label", label);
	value_map_set_string(link, "url", url->ptr);
	return link;
}

static value *filter_group(const char *label, value *links)
{
	value *group = value_new_map();

	value_map_set_string(group, "label", label);
	value_map_set(group, "links", links);
	return group;
}

value *pages_filters(const pages *pg)
{
	static const char *const dirs[] = { "omrade", "tema", "namnd", "malgrupp", "metod", "ar", "typ", "urval" };
	static const char *const titles[] = { "facet_area", "facet_theme", "facet_committee",
					      "facet_target_group", "facet_method", "facet_year",
					      "facet_kind", "facet_trait" };
	const char *lang = pg->m->lang;
	value *filters = value_new_map(), *groups = value_new_list(), *links = value_new_list();
	buf url = BUF_INIT;
	size_t i;
	int k;

	for (k = 0; k < MODEL_STATUS_COUNT; k++) {
		buf_clear(&url);
		buf_printf(&url, "%sstatus/%s/", pg->root, model_status_slugs[k]);
		value_list_push(links, filter_link(facts_status_label(pg->f, lang, (model_status)k), &url));
	}
	value_list_push(groups, filter_group(facts_text(pg->f, lang, "status"), links));
	links = value_new_list();
	for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
		buf_clear(&url);
		buf_printf(&url, "%sniva/%s/", pg->root, model_level_keys[k]);
		value_list_push(links, filter_link(facts_level_text(pg->f, lang, (model_level)k, "label"), &url));
	}
	value_list_push(groups, filter_group(facts_text(pg->f, lang, "level"), links));
	links = value_new_list();
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		buf_clear(&url);
		buf_printf(&url, "%s%s/", pg->root, dirs[i]);
		value_list_push(links, filter_link(facts_text(pg->f, lang, titles[i]), &url));
	}
	value_list_push(groups, filter_group(facts_text(pg->f, lang, "filter_browse"), links));
	value_map_set(filters, "groups", groups);
	buf_clear(&url);
	buf_printf(&url, "%ssok/", pg->root);
	value_map_set_string(filters, "search_url", url.ptr);
	buf_free(&url);
	return filters;
}

/* ---- the other pages ------------------------------------------------------------ */

/* The ways in that are always open: every ongoing dialogue with
 * `continuous: true`, in list order, with how to take part (the first
 * sentence of "Så deltar du", else of the summary). */
static value *continuous_channels(const pages *pg)
{
	value *list = value_new_list();
	buf how = BUF_INIT;
	size_t i;

	for (i = 0; i < pg->n_order; i++) {
		const model_dialogue *d = &pg->m->dialogues[pg->order[i]];
		const facts_dialogue *fd = facts_of(pg->f, d);
		const char *text = d->section_text[MARKDOWN_SECTION_TAKE_PART];
		value *item;
		if (!fd->continuous || d->status != MODEL_ONGOING)
			continue;
		item = value_new_map();
		buf_clear(&how);
		first_sentence(&how, text && *text ? text : str_or(d->fm, "summary", ""));
		value_map_set_string(item, "title", str_or(d->fm, "title", d->slug));
		value_map_set_string(item, "url", fd->url);
		value_map_set_string(item, "how", how.ptr);
		value_map_set_string(item, "responsible_name", fd->committee);
		value_list_push(list, item);
	}
	buf_free(&how);
	return list;
}

value *pages_free_page(buf *path, const pages *pg, size_t i)
{
	const model_page *p = &pg->m->pages[i];
	buf url = BUF_INIT;
	value *ctx, *page = value_clone(p->fm);

	buf_printf(&url, "%s%s/", pg->root, p->slug);
	ctx = page_ctx(pg, model_page_lang(pg->m, p), str_or(p->fm, "title", p->slug),
		       url.ptr, NULL, NULL, str_or(p->fm, "summary", NULL));
	value_map_set_string(page, "body_html", p->body.html.ptr);
	value_map_set(ctx, "page", page);
	/* "Så kan du påverka" lists the channels that are always open next to
	 * its own text, so a new öppen kanal shows up there by itself. */
	if (!strcmp(p->slug, PAGES_WAYS_IN_SLUG))
		set_list(ctx, "channels", continuous_channels(pg));
	else
		set_list(ctx, "channels", value_new_list());
	buf_printf(path, "%s/index.html", p->slug);
	buf_free(&url);
	return ctx;
}

value *pages_not_found(buf *path, const pages *pg)
{
	const char *lang = pg->m->lang;

	buf_puts(path, "404.html");
	return page_ctx(pg, lang, facts_text(pg->f, lang, "not_found_title"), "", NULL, NULL,
			facts_text(pg->f, lang, "not_found_text"));
}

/* /delaktighetstrappan/: the five levels, each with its promise, none ranked. */
value *pages_ladder(buf *path, const pages *pg)
{
	const char *lang = pg->m->lang;
	buf url = BUF_INIT, b = BUF_INIT;
	value *ctx, *levels = value_new_list();
	size_t i;
	int k;

	buf_printf(&url, "%sdelaktighetstrappan/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "ladder_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "ladder_intro"));
	buf_free(&url);

	for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
		value *lv = value_new_map();
		size_t count = 0;
		for (i = 0; i < pg->m->n_dialogues; i++)
			count += !pg->m->dialogues[i].is_translation && !pg->m->dialogues[i].draft &&
				 pg->m->dialogues[i].level == (model_level)k;
		buf_clear(&b);
		buf_printf(&b, "%sniva/%s/", pg->root, model_level_keys[k]);
		value_map_set_string(lv, "key", model_level_keys[k]);
		value_map_set_string(lv, "label", facts_level_text(pg->f, lang, (model_level)k, "label"));
		value_map_set_string(lv, "description", facts_level_text(pg->f, lang, (model_level)k, "description"));
		value_map_set_string(lv, "promise", facts_level_text(pg->f, lang, (model_level)k, "promise"));
		set_number_text(lv, "count", (double)count);
		value_map_set_string(lv, "url", b.ptr);
		value_list_push(levels, lv);
	}
	value_map_set(ctx, "levels", levels);
	buf_puts(path, "delaktighetstrappan/index.html");
	buf_free(&b);
	return ctx;
}

static value *count_row(const char *label, size_t count, const char *url)
{
	value *row = value_new_map();
	value_map_set_string(row, "label", label);
	value_map_set_number(row, "count", (double)count);
	if (url)
		value_map_set_string(row, "url", url);
	else
		value_map_put(row, "url", value_new_null());
	return row;
}

/* Bar lengths (0-100) relative to the largest count in a table. The bars
 * are drawn in SVG beside numbers the table already states: they add no
 * information, and SVG attributes need no inline style (strict CSP). */
static void add_bars(value *ctx, const char *key)
{
	value *rows = value_map_get(ctx, key);
	double max = 0;
	size_t i;

	for (i = 0; i < value_list_len(rows); i++) {
		const value *c = value_map_get(value_list_at(rows, i), "count");
		if (c && c->u.number > max)
			max = c->u.number;
	}
	for (i = 0; i < value_list_len(rows); i++) {
		value *row = value_list_at(rows, i);
		const value *c = value_map_get(row, "count");
		value_map_set_number(row, "bar", max > 0 ? (double)(int)(c->u.number * 100 / max + 0.5) : 0);
		set_number_text(row, "count_text", c->u.number); /* shown: 2 318 */
	}
}

/* A count per status over the dialogues idx[0..n), each row linking to
 * the status's list when link (its list is site-wide: a year's report
 * does not link it). */
static value *status_rows(const pages *pg, const size_t *idx, size_t n, int link)
{
	value *rows = value_new_list();
	buf b = BUF_INIT;
	size_t i;
	int k;

	for (k = 0; k < MODEL_STATUS_COUNT; k++) {
		size_t count = 0;
		for (i = 0; i < n; i++)
			count += pg->m->dialogues[idx[i]].status == (model_status)k;
		buf_clear(&b);
		buf_printf(&b, "%sstatus/%s/", pg->root, model_status_slugs[k]);
		value_list_push(rows, count_row(facts_status_label(pg->f, pg->m->lang, (model_status)k),
						count, link ? b.ptr : NULL));
	}
	buf_free(&b);
	return rows;
}

/* A count per step of the ladder, as status_rows. */
static value *level_rows(const pages *pg, const size_t *idx, size_t n, int link)
{
	value *rows = value_new_list();
	buf b = BUF_INIT;
	size_t i;
	int k;

	for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
		size_t count = 0;
		for (i = 0; i < n; i++)
			count += pg->m->dialogues[idx[i]].level == (model_level)k;
		buf_clear(&b);
		buf_printf(&b, "%sniva/%s/", pg->root, model_level_keys[k]);
		value_list_push(rows, count_row(facts_level_text(pg->f, pg->m->lang, (model_level)k, "label"),
						count, link ? b.ptr : NULL));
	}
	buf_free(&b);
	return rows;
}

/* A count per committee of site.yaml (in its order) with dialogues; with
 * `other`, a last row for the rest (no committee, or a name that is not
 * one), so that the rows add up to n. */
static value *committee_rows(const pages *pg, const size_t *idx, size_t n, int other)
{
	const value *committees = value_map_get(pg->m->config, "committees");
	value *rows = value_new_list();
	size_t i, k, counted = 0;

	for (k = 0; committees && committees->type == VALUE_MAP && k < committees->u.map.len; k++) {
		const value_pair *p = &committees->u.map.pairs[k];
		const char *name = value_string(p->val) ? value_string(p->val) : p->key;
		size_t count = 0;
		for (i = 0; i < n; i++) {
			const char *resp = str_or(pg->m->dialogues[idx[i]].fm, "responsible", "");
			count += !strcmp(resp, p->key) || !strcmp(resp, name);
		}
		if (count)
			value_list_push(rows, count_row(name, count, NULL));
		counted += count;
	}
	if (other && counted < n)
		value_list_push(rows, count_row(facts_text(pg->f, pg->m->lang, "year_other_committee"),
						n - counted, NULL));
	return rows;
}

/* A count per kind (model_dialogue_kind). */
static value *kind_rows(const pages *pg, const size_t *idx, size_t n)
{
	value *rows = value_new_list();
	size_t i;
	int k;

	for (k = 0; k < MODEL_KIND_COUNT; k++) {
		size_t count = 0;
		for (i = 0; i < n; i++)
			count += facts_of(pg->f, &pg->m->dialogues[idx[i]])->kind == (model_kind)k;
		value_list_push(rows, count_row(facts_text(pg->f, pg->m->lang, kind_text_keys[k]), count, NULL));
	}
	return rows;
}

/* Whole per cent, rounded half up: reproducible and readable. */
static int share_of(size_t part, size_t whole)
{
	return (int)((part * 200 + whole) / (whole * 2));
}

/* The tables of /statistik/: per status, level, committee and starting
 * year, each row linking to its list (committees have none there). */
static void stat_tables(value *ctx, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT])
{
	const size_t *idx = pg->order, n = pg->n_order;
	value *rows;
	buf b = BUF_INIT;
	size_t i;

	value_map_set(ctx, "by_status", status_rows(pg, idx, n, 1));
	value_map_set(ctx, "by_level", level_rows(pg, idx, n, 1));
	set_list(ctx, "by_committee", committee_rows(pg, idx, n, 0));
	rows = value_new_list();
	for (i = 0; i < facets[PAGES_FACET_YEAR].n; i++) {
		const pages_facet_value *fv = &facets[PAGES_FACET_YEAR].values[i];
		buf_clear(&b);
		buf_printf(&b, "%sar/%s/", pg->root, fv->slug);
		value_list_push(rows, count_row(fv->label, fv->n, b.ptr));
	}
	set_list(ctx, "by_year", rows);
	add_bars(ctx, "by_status");
	add_bars(ctx, "by_level");
	add_bars(ctx, "by_committee");
	add_bars(ctx, "by_year");
	buf_free(&b);
}

/* A dialogue's `participants`, 0 when it gives none: for the sums of
 * /statistik/ and the year reports. */
static double participants_of(const model_dialogue *d)
{
	const value *pv = value_map_get(d->fm, "participants");
	return pv && pv->type == VALUE_NUMBER ? pv->u.number : 0;
}

/* Whether feedback was given, and how fast: the promise municipalities
 * most often break; and how many took part. */
static void stat_feedback(value *ctx, const pages *pg)
{
	const size_t *idx = pg->order, n = pg->n_order;
	size_t i, finished = 0, with_feedback = 0, overdue = 0;
	double participants = 0;
	const facts_dialogue **list = mem_calloc(n + 1, sizeof(*list));
	facts_ledger ledger;

	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		list[i] = facts_of(pg->f, d);
		participants += participants_of(d);
		if (d->status != MODEL_FINISHED)
			continue;
		finished++;
		overdue += d->feedback_overdue;
		with_feedback += d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0;
	}
	set_number_text(ctx, "total", (double)n);
	set_number_text(ctx, "finished", (double)finished);
	set_number_text(ctx, "with_feedback", (double)with_feedback);
	if (finished)
		value_map_set_number(ctx, "feedback_share", (double)share_of(with_feedback, finished));
	else
		value_map_put(ctx, "feedback_share", value_new_null());
	set_number_text(ctx, "overdue_count", (double)overdue);
	set_number_text(ctx, "participants", participants);
	/* The median the promise ledger states (/aterkoppling/): one figure. */
	facts_ledger_count(&ledger, list, n, pg->m->today);
	if (ledger.median_days >= 0)
		set_number_text(ctx, "median_days", ledger.median_days);
	else
		value_map_put(ctx, "median_days", value_new_null());
	free(list);
}

value *pages_participants(const pages *pg, const char *lang, const facts_dialogue *const *list,
			 size_t n, const char *scope)
{
	facts_profile prof;
	value *ctx;

	facts_profile_count(&prof, pg->f, list, n);
	ctx = prof.n_dims ? profile_ctx(pg, lang, &prof, scope) : value_new_null();
	facts_profile_free(&prof);
	return ctx;
}

/* "Vilka deltog?" on /statistik/: the profile of every published original,
 * then of each starting year that has one (pages_participants); and how
 * many dialogues that concern children heard them (facts_children_count),
 * in total and per year. */
static void stat_participants(value *ctx, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT])
{
	const char *lang = pg->m->lang;
	const pages_facet *years = &facets[PAGES_FACET_YEAR];
	const facts_dialogue **list = mem_calloc(pg->n_order + 1, sizeof(*list));
	value *per_year = value_new_list(), *children_years = value_new_list(), *prof;
	size_t i, k, concern, heard;

	for (i = 0; i < pg->n_order; i++)
		list[i] = facts_of(pg->f, &pg->m->dialogues[pg->order[i]]);
	value_map_set(ctx, "profile", pages_participants(pg, lang, list, pg->n_order, NULL));
	facts_children_count(&concern, &heard, list, pg->n_order);
	value_map_set_bool(ctx, "has_children_stat", concern > 0);
	set_number_text(ctx, "children_concern", (double)concern);
	set_number_text(ctx, "children_heard_count", (double)heard);
	set_percent(ctx, "children_share", facts_percent(heard, concern));
	for (k = 0; k < years->n; k++) {
		const pages_facet_value *fv = &years->values[k];
		value *row;
		for (i = 0; i < fv->n; i++)
			list[i] = facts_of(pg->f, &pg->m->dialogues[fv->idx[i]]);
		prof = pages_participants(pg, lang, list, fv->n, fv->label);
		if (prof->type == VALUE_MAP) {
			row = value_new_map();
			value_map_set_string(row, "year", fv->label);
			value_map_set_string(row, "slug", fv->slug);
			value_map_set(row, "profile", prof);
			value_list_push(per_year, row);
		} else {
			value_free(prof);
		}
		facts_children_count(&concern, &heard, list, fv->n);
		if (!concern)
			continue;
		row = value_new_map();
		value_map_set_string(row, "label", fv->label);
		set_number_text(row, "concern", (double)concern);
		set_number_text(row, "heard", (double)heard);
		set_percent(row, "share", facts_percent(heard, concern));
		value_list_push(children_years, row);
	}
	set_list(ctx, "profile_years", per_year);
	set_list(ctx, "children_years", children_years);
	free(list);
}

/* /statistik/: how many dialogues, at which levels, and whether feedback
 * was given, and how fast. */
value *pages_statistics(buf *path, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT])
{
	const char *lang = pg->m->lang;
	buf url = BUF_INIT;
	value *ctx;

	buf_printf(&url, "%sstatistik/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "statistics_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "statistics_intro"));
	stat_tables(ctx, pg, facets);
	stat_feedback(ctx, pg);
	stat_participants(ctx, pg, facets);
	set_list(ctx, "overdue", cards_where(pg, pg->order, pg->n_order, is_overdue, NULL, (size_t)-1));
	value_map_set_number(ctx, "card_level", 3);
	buf_puts(path, "statistik/index.html");
	buf_free(&url);
	return ctx;
}

/* /atgarder/: what is being done after the decisions, site-wide: every
 * action in progress (pågår), then every planned one, in list order, each
 * with its dialogue. Finished and stopped ones stay on their dialogue's
 * page. */
value *pages_actions(buf *path, const pages *pg)
{
	static const model_action_status shown[] = { MODEL_ACTION_ONGOING, MODEL_ACTION_PLANNED };
	static const char *const lists[] = { "ongoing", "planned" };
	const char *lang = pg->m->lang;
	value *ctx, *items[2];
	buf url = BUF_INIT;
	size_t i, k, j;

	buf_printf(&url, "%satgarder/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "actions_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "actions_intro"));
	for (k = 0; k < 2; k++) {
		items[k] = value_new_list();
		for (i = 0; i < pg->n_order; i++) {
			const model_dialogue *d = &pg->m->dialogues[pg->order[i]];
			const facts_dialogue *fd = facts_of(pg->f, d);
			const value *list = value_map_get(d->fm, "actions");
			if (!fd->actions_by_status[shown[k]])
				continue;
			for (j = 0; j < value_list_len(list); j++) {
				const value *item = value_list_at(list, j);
				value *a;
				if (model_action_status_of(str_or(item, "status", NULL)) != (int)shown[k])
					continue;
				a = action_ctx(pg, item, lang);
				value_map_set_string(a, "dialogue_title", str_or(d->fm, "title", d->slug));
				value_map_set_string(a, "dialogue_url", fd->url);
				value_map_set_string(a, "responsible_name", fd->committee);
				value_list_push(items[k], a);
			}
		}
		set_list(ctx, lists[k], items[k]);
	}
	buf_puts(path, "atgarder/index.html");
	buf_free(&url);
	return ctx;
}

/* ---- the promise ledger: /aterkoppling/ ----------------------------------------
 *
 * Per committee and in total, the figures of facts_ledger_count, and each
 * promise kept, late or still missing. Committees by name; a committee's
 * promises by promised day, then title. */

static void ledger_figures(value *row, const pages *pg, const facts_ledger *l, const char *lang)
{
	buf b = BUF_INIT;

	set_number_text(row, "finished", (double)l->finished);
	set_number_text(row, "on_time", (double)l->on_time);
	set_number_text(row, "late", (double)l->late);
	set_number_text(row, "missing", (double)l->missing);
	set_number_text(row, "overdue", (double)l->overdue);
	/* Texts: a median of 0 days is a figure, not "none". */
	if (l->median_days >= 0) {
		escape_number(&b, l->median_days);
		buf_printf(&b, " %s", facts_text(pg->f, lang, "days"));
	}
	else
		buf_puts(&b, facts_text(pg->f, lang, "stat_no_data"));
	value_map_set_string(row, "median_text", b.ptr);
	buf_clear(&b);
	if (l->changed_share >= 0)
		buf_printf(&b, "%d %%", l->changed_share);
	else
		buf_puts(&b, facts_text(pg->f, lang, "stat_no_data"));
	value_map_set_string(row, "changed_text", b.ptr);
	buf_free(&b);
}

static value *ledger_promise(const pages *pg, const facts_dialogue *fd, facts_promise p, const char *lang)
{
	static const char *const keys[] = { NULL, "ledger_kept", "ledger_late_label", "ledger_overdue",
					    "ledger_pending" };
	static const char *const classes[] = { NULL, "kept", "late", "overdue", "pending" };
	value *item = value_new_map();

	value_map_set_string(item, "title", str_or(fd->d->fm, "title", fd->d->slug));
	value_map_set_string(item, "url", fd->url);
	set_date(item, "promised_text", fd->deadline_day, lang);
	set_date(item, "given_text", p == FACTS_PROMISE_KEPT || p == FACTS_PROMISE_LATE ? fd->feedback_day
											 : DATE_NONE,
		 lang);
	value_map_set_bool(item, "given", p == FACTS_PROMISE_KEPT || p == FACTS_PROMISE_LATE);
	value_map_set_string(item, "state", classes[p]);
	value_map_set_string(item, "state_label", facts_text(pg->f, lang, keys[p]));
	{
		static const char *const opt[] = { "promised_text", "promised_text_iso", "given_text",
						   "given_text_iso", NULL };
		ensure_keys(item, opt);
	}
	return item;
}

/* By committee (name, then address), then promised day, then title: a
 * committee's promises are one run. */
static int promise_order(const void *a, const void *b)
{
	const facts_dialogue *x = *(const facts_dialogue *const *)a, *y = *(const facts_dialogue *const *)b;
	int c = strcmp(x->committee, y->committee);

	if (!c)
		c = strcmp(x->committee_slug, y->committee_slug);
	if (c)
		return c;
	if (x->deadline_day != y->deadline_day)
		return x->deadline_day < y->deadline_day ? -1 : 1;
	c = strcmp(str_or(x->d->fm, "title", x->d->slug), str_or(y->d->fm, "title", y->d->slug));
	return c ? c : strcmp(x->d->slug, y->d->slug);
}

value *pages_ledger(buf *path, const pages *pg)
{
	const char *lang = pg->m->lang;
	int today = pg->m->today;
	const facts_dialogue **all = mem_calloc(pg->m->n_dialogues + 1, sizeof(*all));
	value *ctx, *committees = value_new_list(), *total = value_new_map();
	facts_ledger l;
	buf url = BUF_INIT;
	size_t i, j, n = 0;

	buf_printf(&url, "%saterkoppling/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "ledger_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "ledger_intro"));
	for (i = 0; i < pg->m->n_dialogues; i++)
		if (facts_promise_of(&pg->f->dialogues[i], today) != FACTS_PROMISE_NONE)
			all[n++] = &pg->f->dialogues[i];
	if (n)
		qsort(all, n, sizeof(*all), promise_order);
	facts_ledger_count(&l, all, n, today);
	ledger_figures(total, pg, &l, lang);
	value_map_set(ctx, "total", total);
	for (i = 0; i < n; i = j) {
		value *row = value_new_map(), *promises = value_new_list();
		for (j = i; j < n && !strcmp(all[j]->committee_slug, all[i]->committee_slug) &&
			    !strcmp(all[j]->committee, all[i]->committee);
		     j++)
			value_list_push(promises, ledger_promise(pg, all[j], facts_promise_of(all[j], today), lang));
		value_map_set_string(row, "name", all[i]->committee);
		value_map_set_string(row, "slug", all[i]->committee_slug);
		value_map_set_string(row, "url", all[i]->committee_url);
		facts_ledger_count(&l, all + i, j - i, today);
		ledger_figures(row, pg, &l, lang);
		value_map_set(row, "promises", promises);
		value_list_push(committees, row);
	}
	set_list(ctx, "committees", committees);
	buf_puts(path, "aterkoppling/index.html");
	buf_free(&url);
	free(all);
	return ctx;
}

/* ---- a year's report: /ar/<yyyy>/ -------------------------------------------------
 *
 * The year's dialogues are the year facet's (those that started in it), so
 * that the report, the list under it and "Dialoger per startår" on
 * /statistik/ count the same dialogues. Every table is an aggregate, the
 * same size at 10 or 10 000 dialogues; the list under it is paginated like
 * every list. */

/* Children heard: yes, no, and not stated (no `children`). */
/* Of the year's dialogues that concern children, as the summary above the
 * table and /statistik/ count them (facts_children_count): heard, not
 * heard, not stated. */
static value *children_rows(const pages *pg, const size_t *idx, size_t n)
{
	static const char *const keys[] = { "children_yes", "children_no", "year_not_stated" };
	size_t counts[3] = { 0, 0, 0 }, i, concern = 0;
	value *rows = value_new_list();

	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		const value *heard = value_map_get(value_map_get(d->fm, "children"), "heard");
		if (!facts_children_counted(facts_of(pg->f, d)))
			continue;
		concern++;
		counts[!heard || heard->type != VALUE_BOOL ? 2 : heard->u.boolean ? 0 : 1]++;
	}
	for (i = 0; i < 3; i++) {
		value *row = count_row(facts_text(pg->f, pg->m->lang, keys[i]), counts[i], NULL);
		value_map_set_number(row, "share", concern ? (double)share_of(counts[i], concern) : 0);
		value_list_push(rows, row);
	}
	return rows;
}

/* The year's evaluated dialogues, in list order. */
static value *evaluation_rows(const pages *pg, const size_t *idx, size_t n)
{
	const char *lang = pg->m->lang;
	value *rows = value_new_list();
	buf b = BUF_INIT;
	size_t i;
	int day;

	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		const value *ev = value_map_get(d->fm, "evaluation");
		value *row;
		if (!facts_of(pg->f, d)->evaluated)
			continue;
		row = value_new_map();
		value_map_set_string(row, "title", str_or(d->fm, "title", d->slug));
		value_map_set_string(row, "url", facts_of(pg->f, d)->url);
		value_map_set_string(row, "summary", str_or(ev, "summary", ""));
		if (date_parse(&day, str_or(ev, "date", "")) == 0)
			set_date(row, "date_text", day, lang);
		else
			value_map_put(row, "date_text", value_new_null());
		buf_clear(&b);
		evaluation_href(&b, pg, d);
		if (b.size)
			value_map_set_string(row, "href", b.ptr);
		else
			value_map_put(row, "href", value_new_null());
		value_list_push(rows, row);
	}
	buf_free(&b);
	return rows;
}

static value *year_report(const pages *pg, const pages_list *l)
{
	const pages_facet_value *fv = l->report;
	const size_t *idx = fv->idx, n = fv->n;
	const char *lang = pg->m->lang;
	const facts_dialogue **list = mem_calloc(n + 1, sizeof(*list));
	value *r = value_new_map(), *feedback = value_new_map();
	size_t i, finished = 0, continuous = 0, politicians = 0, evaluated = 0, heard, concern;
	double participants = 0;
	facts_ledger ledger;
	char year[16];

	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[idx[i]];
		list[i] = facts_of(pg->f, d);
		finished += d->status == MODEL_FINISHED;
		continuous += list[i]->continuous != 0;
		politicians += list[i]->has_politicians != 0;
		evaluated += list[i]->evaluated != 0;
		participants += participants_of(d);
	}
	snprintf(year, sizeof(year), "%d", l->report_year); /* cannot truncate: 4 digits */
	value_map_set_string(r, "year", year);
	set_number_text(r, "total", (double)n);
	set_number_text(r, "finished", (double)finished);
	set_number_text(r, "continuous", (double)continuous);
	set_number_text(r, "politicians", (double)politicians);
	set_number_text(r, "evaluated", (double)evaluated);
	/* Children heard, of the year's dialogues that concern children: the
	 * same rule and words as /statistik/ (facts_children_count). */
	facts_children_count(&concern, &heard, list, n);
	set_number_text(r, "heard", (double)heard);
	set_number_text(r, "children_concern", (double)concern);
	if (concern)
		set_percent(r, "children_share", facts_percent(heard, concern));
	set_number_text(r, "participants_total", participants);
	value_map_set(r, "by_status", status_rows(pg, idx, n, 0));
	value_map_set(r, "by_level", level_rows(pg, idx, n, 0));
	set_list(r, "by_committee", committee_rows(pg, idx, n, 1));
	value_map_set(r, "by_kind", kind_rows(pg, idx, n));
	value_map_set(r, "by_children", children_rows(pg, idx, n));
	add_bars(r, "by_status");
	add_bars(r, "by_level");
	add_bars(r, "by_committee");
	add_bars(r, "by_kind");
	add_bars(r, "by_children");
	/* The promise ledger's figures over the year's dialogues (facts.c). */
	facts_ledger_count(&ledger, list, n, pg->m->today);
	ledger_figures(feedback, pg, &ledger, lang);
	value_map_set_string(feedback, "label", year);
	value_map_set(r, "feedback", feedback);
	value_map_set_bool(r, "has_finished", ledger.finished > 0);
	set_list(r, "evaluations", evaluation_rows(pg, idx, n));
	/* "Vilka deltog?" over the year's dialogues, as on /statistik/: never
	 * a count under the privacy threshold (facts_profile_count). */
	value_map_set(r, "participants", pages_participants(pg, lang, list, n, NULL));
	free(list);
	return r;
}

/* /tillganglighet/: the accessibility statement the law (2018:1937)
 * requires, from site.yaml's accessibility block. */
value *pages_accessibility(buf *path, const pages *pg)
{
	const char *lang = pg->m->lang;
	const value *acc = value_map_get(pg->m->config, "accessibility");
	value *ctx;
	value *a = acc && acc->type == VALUE_MAP ? value_clone(acc) : value_new_map();
	const char *conf = str_or(acc, "conformance", "");
	const value *issues = value_map_get(acc, "known_issues");
	buf url = BUF_INIT;
	int day;

	buf_printf(&url, "%stillganglighet/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "accessibility_title"), url.ptr, NULL, NULL, NULL);
	buf_free(&url);
	value_map_set_bool(a, "is_full", !strcmp(conf, "helt förenlig"));
	value_map_set_bool(a, "is_partial", !strcmp(conf, "delvis förenlig"));
	value_map_set_bool(a, "is_none", !strcmp(conf, "inte förenlig"));
	value_map_set_bool(a, "is_unassessed", !*conf);
	if (value_string(value_map_get(acc, "assessed")) &&
	    date_parse(&day, value_string(value_map_get(acc, "assessed"))) == 0)
		set_date(a, "assessed_text", day, lang);
	set_list(a, "known_issues", issues && issues->type == VALUE_LIST ? value_clone(issues)
				      : value_new_list());
	{
		static const char *const keys[] = { "method", "feedback_email", "assessed_text",
						    "assessed_text_iso", NULL };
		ensure_keys(a, keys);
	}
	value_map_set(ctx, "accessibility", a);
	buf_puts(path, "tillganglighet/index.html");
	return ctx;
}

/* Appends { name, description } for each of names, described by the
 * string <prefix><name>. */
static void described_columns(value *list, const pages *pg, const char *lang, const char *prefix,
			      const char *const *names)
{
	buf key = BUF_INIT;
	size_t i;

	for (i = 0; names[i]; i++) {
		value *f = value_new_map();
		buf_clear(&key);
		buf_printf(&key, "%s%s", prefix, names[i]);
		value_map_set_string(f, "name", names[i]);
		value_map_set_string(f, "description", facts_text(pg->f, lang, key.ptr));
		value_list_push(list, f);
	}
	buf_free(&key);
}

/* /oppna-data/: what the data files hold, field by field, and on what terms. */
value *pages_open_data(buf *path, const pages *pg)
{
	static const char *const fields[] = {
		"slug", "url", "title", "summary", "status", "level", "level_reason", "influence",
		"decided", "purpose", "responsible", "administration", "contact", "case_numbers",
		"start", "end", "areas", "themes", "target_groups", "methods", "participants",
		"meetings", "documents", "phases", "updates", "feedback_due", "feedback_date", "feedback_given",
		"feedback_overdue", "feedback_delay", "decision", "related", "easy_read", "published", "updated",
		/* accountability (issue 16) */
		"feedback_plan", "you_said", "you_said_points", "you_said_changed", "feedback_delay_passed",
		"actions",
		/* issue 17 */
		"kind", "continuous", "politicians", "children", "evaluation", "participant_profile",
		"concerns_children",
		/* derived, and the CSV's columns that split a field of the JSON */
		"lang", "status_label", "feedback_deadline", "responsible_name", "contact_name",
		"contact_email", "contact_phone", "feedback_delay_reason", "feedback_delay_new_date",
		"decision_date", "decision_body", "decision_ref", "decision_url",
		"children_heard", "evaluation_date", NULL
	};
	const char *lang = pg->m->lang;
	value *ctx, *list = value_new_list();
	buf url = BUF_INIT;

	buf_printf(&url, "%soppna-data/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "open_data_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "open_data_intro"));
	described_columns(list, pg, lang, "field_", fields);
	value_map_set(ctx, "fields", list);
	list = value_new_list();
	/* data/you_said.csv and data/actions.csv: the dialogue's columns, then the item's */
	described_columns(list, pg, lang, "item_csv_", export_item_columns);
	described_columns(list, pg, lang, "you_said_csv_", export_you_said_columns);
	value_map_set(ctx, "you_said_columns", list);
	list = value_new_list();
	described_columns(list, pg, lang, "item_csv_", export_item_columns);
	described_columns(list, pg, lang, "actions_csv_", export_actions_columns);
	value_map_set(ctx, "actions_columns", list);
	value_map_set_string(ctx, "license",
			     str_or(value_map_get(pg->m->config, "open_data"), "license", "CC0-1.0"));
	buf_clear(&url);
	buf_printf(&url, "%sdata/", pg->root);
	value_map_set_string(ctx, "data_url", url.ptr);
	buf_puts(path, "oppna-data/index.html");
	buf_free(&url);
	return ctx;
}

/* ---- /planering/: what is coming, month by month (plan.h) ------------------------- */

value *pages_planning(buf *path, const pages *pg)
{
	const char *lang = pg->m->lang;
	plan_month *months = NULL;
	size_t n_months = 0, i, k;
	value *ctx, *list = value_new_list();
	buf url = BUF_INIT, b = BUF_INIT;

	buf_printf(&url, "%splanering/", pg->root);
	ctx = page_ctx(pg, lang, facts_text(pg->f, lang, "planning_title"), url.ptr, NULL, NULL,
		       facts_text(pg->f, lang, "planning_intro"));
	plan_months(&months, &n_months, pg->m);
	for (i = 0; i < n_months; i++) {
		value *month = value_new_map(), *items = value_new_list();
		buf_clear(&b);
		if (months[i].first_day == DATE_NONE) {
			value_map_set_string(month, "id", "utan-datum");
			buf_puts(&b, facts_text(pg->f, lang, "planning_no_date"));
		} else {
			int y, mo, day;
			date_to_ymd(months[i].first_day, &y, &mo, &day);
			buf_printf(&b, "manad-%04d-%02d", y, mo); /* an anchor: /planering/#manad-2027-03 */
			value_map_set_string(month, "id", b.ptr);
			buf_clear(&b);
			date_format_month(&b, months[i].first_day, lang);
			if (b.ptr[0] >= 'a' && b.ptr[0] <= 'z')
				b.ptr[0] = (char)(b.ptr[0] - 'a' + 'A'); /* a heading: "Mars 2027" */
		}
		value_map_set_string(month, "label", b.ptr);
		for (k = 0; k < months[i].n; k++) {
			const model_dialogue *d = &pg->m->dialogues[months[i].idx[k]];
			value *item = value_clone(pg->cards[months[i].idx[k]]);
			const value *areas = value_map_get(d->fm, "areas");
			size_t a;
			buf_clear(&b);
			for (a = 0; a < value_list_len(areas); a++)
				buf_printf(&b, "%s%s", a ? ", " : "", value_string(value_list_at(areas, a)) ?
					   value_string(value_list_at(areas, a)) : "");
			if (value_string(areas))
				buf_puts(&b, value_string(areas));
			if (b.size)
				value_map_set_string(item, "areas_text", b.ptr);
			else
				value_map_put(item, "areas_text", value_new_null());
			value_list_push(items, item);
		}
		value_map_set(month, "dialogues", items);
		value_list_push(list, month);
	}
	plan_months_free(months, n_months);
	set_list(ctx, "months", list);
	buf_puts(path, "planering/index.html");
	buf_free(&url);
	buf_free(&b);
	return ctx;
}

/* ---- making and freeing ------------------------------------------------------------ */

void pages_init(pages *pg, const model_site *m, const facts *f, source *src, value *strings_site,
		value *strings_other, const char *css_url)
{
	size_t i;

	memset(pg, 0, sizeof(*pg));
	pg->m = m;
	pg->f = f;
	pg->src = src;
	pg->root = f->root;
	pg->strings[FACTS_SITE_LANG] = strings_site;
	pg->strings[FACTS_OTHER_LANG] = strings_other;
	pg->base[FACTS_SITE_LANG] = base_ctx(pg, m->lang, css_url);
	pg->base[FACTS_OTHER_LANG] = base_ctx(pg, facts_other_lang(m->lang), css_url);
	/* Hundreds of strings, looked up for every page by facts_text and the
	 * templates: index them before the threads share them. */
	value_map_index(strings_site);
	value_map_index(strings_other);
	value_map_index(value_map_get(pg->base[FACTS_SITE_LANG], "t"));
	value_map_index(value_map_get(pg->base[FACTS_OTHER_LANG], "t"));
	pg->cards = mem_calloc(m->n_dialogues + 1, sizeof(value *));
	for (i = 0; i < m->n_dialogues; i++)
		pg->cards[i] = dialogue_card(pg, &m->dialogues[i]);
	pg->order = ordered(pg, &pg->n_order);
	for (i = 0; i < MODEL_LEVEL_COUNT; i++) {
		pg->ladders[FACTS_SITE_LANG][i] = ladder(pg, m->lang, (int)i);
		pg->ladders[FACTS_OTHER_LANG][i] = ladder(pg, facts_other_lang(m->lang), (int)i);
	}
}

void pages_free(pages *pg)
{
	size_t i;

	if (pg->cards)
		for (i = 0; i < pg->m->n_dialogues; i++)
			value_free(pg->cards[i]);
	free(pg->cards);
	free((size_t *)pg->order);
	value_free(pg->base[FACTS_SITE_LANG]);
	value_free(pg->base[FACTS_OTHER_LANG]);
	for (i = 0; i < MODEL_LEVEL_COUNT; i++) {
		value_free(pg->ladders[FACTS_SITE_LANG][i]);
		value_free(pg->ladders[FACTS_OTHER_LANG][i]);
	}
	memset(pg, 0, sizeof(*pg));
}


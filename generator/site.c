#define _GNU_SOURCE /* qsort_r: no global comparator state */
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <cmark.h>
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "date.h"
#include "mem.h"
#include "export.h"
#include "facts.h"
#include "history.h"
#include "mustache.h"
#include "slug.h"

/* Templates every theme provides (templates/<name>.mustache). */
enum {
	TPL_HOME,
	TPL_DIALOGUE,
	TPL_LIST,
	TPL_PAGE,
	TPL_NOT_FOUND,
	TPL_LADDER,
	TPL_STATISTICS,
	TPL_ACCESSIBILITY,
	TPL_FACET,
	TPL_OPEN_DATA,
	TPL_COUNT
};
static const char *const template_names[TPL_COUNT] = { "home",	 "dialogue",   "list",
						       "page",	 "404",	       "ladder",
						       "statistics", "accessibility", "facet",
						       "open-data" };

typedef struct renderer {
	const model_site *m;
	theme *theme;
	source *src;
	output *out;
	diag_list *diags;
	site_stats *stats;
	mustache_template *tpl[TPL_COUNT];
	value *strings_site;  /* strings in the site language */
	value *strings_other; /* the other supported language (en on a Swedish site, sv on an English one) */
	value *base_site, *base_other; /* base_ctx of each */
	unsigned char key_seed[16];    /* what every page key starts from (page_key) */
	int keys;                      /* 0 when the seed could not be made: no page is kept */
	const facts *f;      /* what the pages say about the site and each dialogue */
	const char *root;    /* f->root: path of base_url, "/" or "/dialog/" */
	const char *origin;  /* f->origin: scheme and host of base_url, for canonical links */
	char *css_url;
	value **cards;       /* per dialogue: the summary used in lists */
	export_page *sitemap; /* every page written, for sitemap.xml */
	size_t n_sitemap, sitemap_cap;
	int lastmod;          /* the page being rendered: its last change, or DATE_NONE */
	int error;
	int io_error;         /* a write failed: stop writing, exit 3 */
	atomic_int *stop;     /* shared by every thread: a write failed somewhere */
} renderer;

static value *facet_links(const renderer *r, const value *v, const char *dir);

/* ---- small helpers --------------------------------------------------------- */

static const char *str_or(const value *map, const char *key, const char *fallback)
{
	const char *s = value_string(value_map_get(map, key));
	return s ? s : fallback;
}

/* Pages in a language without strings of its own use the site's. */
static value *strings_for(const renderer *r, const char *lang)
{
	return facts_lang_slot(r->f, lang) == FACTS_OTHER_LANG ? r->strings_other : r->strings_site;
}

static void set_date(value *map, const char *key, int day, const char *lang)
{
	buf b = BUF_INIT, iso = BUF_INIT, k = BUF_INIT;

	if (day == DATE_NONE)
		return;
	date_format_long(&b, day, lang);
	value_map_set_string(map, key, b.ptr);
	date_format_iso(&iso, day);
	buf_printf(&k, "%s_iso", key);
	value_map_set_string(map, k.ptr, iso.ptr);
	buf_free(&b);
	buf_free(&iso);
	buf_free(&k);
}

static value *ladder(const renderer *r, const char *lang, int current)
{
	value *list = value_new_list();
	int i;

	for (i = 0; i < MODEL_LEVEL_COUNT; i++) {
		value *step = value_new_map();
		value_map_set_string(step, "key", model_level_keys[i]);
		value_map_set_string(step, "label", facts_level_text(r->f, lang, (model_level)i, "label"));
		value_map_set_string(step, "description",
				     facts_level_text(r->f, lang, (model_level)i, "description"));
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
	buf has = BUF_INIT;

	buf_printf(&has, "has_%s", key);
	value_map_set_bool(map, has.ptr, value_is_truthy(list));
	value_map_set(map, key, list);
	buf_free(&has);
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

/* ---- contexts ----------------------------------------------------------------- */

static value *dialogue_card(const renderer *r, const model_dialogue *d)
{
	const facts_dialogue *fd = facts_of(r->f, d);
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
	set_date(c, "start_text", d->start, d->lang);
	set_date(c, "end_text", d->end, d->lang);
	value_map_set_bool(c, "has_results", d->section_line[MARKDOWN_SECTION_RESULTS] > 0);
	value_map_set_bool(c, "has_feedback", d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	value_map_set_bool(c, "feedback_overdue", d->feedback_overdue);
	if (d->feedback_overdue)
		value_map_set_number(c, "overdue_days", r->m->today - d->feedback_deadline);
	ensure_keys(c, date_keys);
	buf_free(&url);
	return c;
}

static value *meetings_ctx(const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "meetings");
	value *out = value_new_list();
	size_t i;

	for (i = 0; i < value_list_len(list); i++) {
		const value *mt = value_list_at(list, i);
		value *c = value_clone(mt);
		int day, min, eday, emin;
		const char *start = str_or(mt, "start", NULL), *end = str_or(mt, "end", NULL);
		buf b = BUF_INIT;

		if (start && date_parse_datetime(&day, &min, start) == 0) {
			date_format_long(&b, day, d->lang);
			value_map_set_string(c, "date_text", b.ptr);
			buf_clear(&b);
			buf_printf(&b, "%02d.%02d", min / 60, min % 60);
			if (end && date_parse_datetime(&eday, &emin, end) == 0 && eday == day)
				buf_printf(&b, "–%02d.%02d", emin / 60, emin % 60);
			value_map_set_string(c, "time_text", b.ptr);
		} else if (start && date_parse(&day, start) == 0) {
			date_format_long(&b, day, d->lang);
			value_map_set_string(c, "date_text", b.ptr);
		}
		buf_free(&b);
		{
			static const char *const keys[] = { "date_text", "time_text", "place", "url",
							    "description", "end", NULL };
			ensure_keys(c, keys);
		}
		value_list_push(out, c);
	}
	return out;
}

static value *documents_ctx(const renderer *r, const model_dialogue *d)
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
			buf_printf(&href, "%sdialoger/%s/%s", r->root, d->slug, file);
			buf_printf(&full, "%s/%s", d->bundle ? d->bundle : "", file);
			for (k = 0; k < r->m->n_files; k++)
				if (!strcmp(r->m->files[k].src, full.ptr))
					format_size(&size, r->m->files[k].size);
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

static value *phases_ctx(const renderer *r, const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "phases");
	value *out = value_new_list();
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
		set_date(c, "start_text", start, d->lang);
		set_date(c, "end_text", end, d->lang);
		ensure_keys(c, date_keys);
		{
			static const char *const keys[] = { "description", NULL };
			ensure_keys(c, keys);
		}
		/* An open-ended phase lasts until the next one starts. */
		{
			int next = DATE_NONE;
			const char *ns = i + 1 < value_list_len(list)
						 ? str_or(value_list_at(list, i + 1), "start", NULL)
						 : NULL;
			if (ns)
				date_parse(&next, ns);
			value_map_set_bool(c, "current",
					   start != DATE_NONE && start <= r->m->today &&
						   (end != DATE_NONE ? r->m->today <= end
								     : next == DATE_NONE || r->m->today < next));
		}
		value_list_push(out, c);
	}
	return out;
}

/* A link to the file as it was in `commit`, from site.yaml's history_url
 * ("https://git.example.se/repo/src/{commit}/{path}"); NULL without one. */
static void history_link(buf *out, const renderer *r, const char *commit, const char *path)
{
	const char *tpl = str_or(r->m->config, "history_url", NULL);
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

/* Publication, last change, change log and level changes, from git. */
static void history_ctx(value *c, const renderer *r, const model_dialogue *d)
{
	const history_file *f = d->history;
	value *changes = value_new_list(), *levels = value_new_list();
	buf b = BUF_INIT;
	size_t i;

	if (f) {
		set_date(c, "published_text", facts_day(r->f, f->published), d->lang);
		set_date(c, "updated_text", facts_day(r->f, f->updated), d->lang);
		for (i = 0; i < f->n_changes; i++) {
			const history_change *h = &f->changes[i];
			value *ch = value_new_map();
			set_date(ch, "date_text", facts_day(r->f, h->time), d->lang);
			value_map_set_string(ch, "subject", h->subject);
			buf_clear(&b);
			history_link(&b, r, h->commit, h->path);
			if (b.size)
				value_map_set_string(ch, "version_url", b.ptr);
			else
				value_map_put(ch, "version_url", value_new_null());
			value_list_push(changes, ch);
		}
		for (i = 0; i < f->n_levels; i++) {
			const history_level_change *h = &f->levels[i];
			value *lc;
			int from = -1, to = -1, k;
			if (!*h->from || !*h->to)
				continue;
			lc = value_new_map();
			for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
				if (!strcmp(h->from, model_level_keys[k]))
					from = k;
				if (!strcmp(h->to, model_level_keys[k]))
					to = k;
			}
			value_map_set_string(lc, "from", from >= 0 ? facts_level_text(r->f, d->lang, (model_level)from, "label") : h->from);
			value_map_set_string(lc, "to", to >= 0 ? facts_level_text(r->f, d->lang, (model_level)to, "label") : h->to);
			set_date(lc, "date_text", facts_day(r->f, h->time), d->lang);
			value_list_push(levels, lc);
		}
	}
	{
		static const char *const keys[] = { "published_text", "published_text_iso", "updated_text",
						    "updated_text_iso", NULL };
		ensure_keys(c, keys);
	}
	set_list(c, "changes", changes);
	set_list(c, "level_changes", levels);
	buf_free(&b);
}

static value *dialogue_ctx(const renderer *r, const model_dialogue *d)
{
	value *c = value_clone(d->fm);
	value *list;
	size_t i;
	const char *lang = d->lang;
	const facts_dialogue *fd = facts_of(r->f, d);
	const value *rel = value_map_get(d->fm, "related");
	buf b = BUF_INIT;

	value_map_set_string(c, "url", fd->url);
	buf_clear(&b);
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
	value_map_set_string(c, "level_description", facts_level_text(r->f, lang, d->level, "description"));
	value_map_set_string(c, "level_promise", facts_level_text(r->f, lang, d->level, "promise"));
	value_map_set(c, "ladder", ladder(r, lang, (int)d->level));
	value_map_set_string(c, "responsible_name", fd->committee);
	{
		/* Case numbers joined for display; a single text counts as a list of one. */
		const value *cn = value_map_get(d->fm, "case_numbers");
		buf_clear(&b);
		if (value_string(cn))
			buf_puts(&b, value_string(cn));
		for (i = 0; i < value_list_len(cn); i++)
			if (value_string(value_list_at(cn, i)))
				buf_printf(&b, "%s%s", b.size ? ", " : "", value_string(value_list_at(cn, i)));
		value_map_set_string(c, "case_numbers_text", b.ptr);
		value_map_set_bool(c, "has_case_numbers", b.size > 0);
		buf_clear(&b);
	}
	{
		/* Nested maps whose keys would otherwise fall through to the dialogue. */
		static const char *const decision_keys[] = { "date", "body", "ref", "url", NULL };
		static const char *const contact_keys[] = { "name", "email", "phone", NULL };
		value *dec = (value *)value_map_get(c, "decision");
		value *con = (value *)value_map_get(c, "contact");
		if (dec && dec->type == VALUE_MAP)
			ensure_keys(dec, decision_keys);
		if (con && con->type == VALUE_MAP)
			ensure_keys(con, contact_keys);
	}
	set_date(c, "start_text", d->start, lang);
	set_date(c, "end_text", d->end, lang);
	set_date(c, "feedback_due_text", d->feedback_due, lang);
	set_date(c, "feedback_date_text", d->feedback_date, lang);
	{
		const value *dec = value_map_get(d->fm, "decision");
		int day;
		if (value_string(value_map_get(dec, "date")) &&
		    date_parse(&day, value_string(value_map_get(dec, "date"))) == 0)
			set_date(c, "decision_date_text", day, lang);
	}
	value_map_set_bool(c, "has_take_part", d->section_line[MARKDOWN_SECTION_TAKE_PART] > 0);
	value_map_set_bool(c, "has_results", d->section_line[MARKDOWN_SECTION_RESULTS] > 0);
	value_map_set_bool(c, "has_feedback", d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	value_map_set_bool(c, "feedback_overdue", d->feedback_overdue);
	value_map_set_bool(c, "feedback_pending", d->status == MODEL_FINISHED &&
							  !d->section_line[MARKDOWN_SECTION_FEEDBACK] &&
							  !d->feedback_overdue);
	if (d->feedback_overdue)
		value_map_set_number(c, "overdue_days", r->m->today - d->feedback_deadline);
	{
		static const char *const keys[] = { "start_text", "start_text_iso", "end_text",
						    "end_text_iso", "feedback_due_text",
						    "feedback_due_text_iso", "feedback_date_text",
						    "feedback_date_text_iso", "decision_date_text",
						    "decision_date_text_iso", "easy_read_html", "overdue_days",
						    "participants", "purpose", "influence", "decided",
						    "level_reason", "administration", "decision", "contact",
						    NULL };
		ensure_keys(c, keys);
	}
	set_list(c, "meetings", meetings_ctx(d));
	history_ctx(c, r, d);
	{
		buf jsonld = BUF_INIT;
		buf_clear(&b);
		buf_printf(&b, "%s%s", r->root, fd->calendar_path);
		value_map_set_string(c, "calendar_url", b.ptr);
		buf_clear(&b);
		buf_printf(&b, "%s%s", r->root, fd->committee_feed_path);
		value_map_set_string(c, "committee_feed_url", b.ptr);
		buf_clear(&b);
		if (export_event_jsonld(&jsonld, r->f, fd) == 0 && jsonld.size)
			value_map_set_string(c, "event_jsonld", jsonld.ptr);
		else
			value_map_put(c, "event_jsonld", value_new_null());
		buf_free(&jsonld);
	}
	set_list(c, "area_links", facet_links(r, value_map_get(d->fm, "areas"), "omrade"));
	set_list(c, "theme_links", facet_links(r, value_map_get(d->fm, "themes"), "tema"));
	set_list(c, "target_group_links", facet_links(r, value_map_get(d->fm, "target_groups"), "malgrupp"));
	set_list(c, "method_links", facet_links(r, value_map_get(d->fm, "methods"), "metod"));
	value_map_set_string(c, "responsible_url", fd->committee_url);
	set_list(c, "documents", documents_ctx(r, d));
	set_list(c, "phases", phases_ctx(r, d));
	list = value_new_view();
	for (i = 0; i < (value_string(rel) ? 1 : value_list_len(rel)); i++) {
		/* A single text is a list of one, as the model reads it. */
		const char *slug = value_string(rel) ? value_string(rel) : value_string(value_list_at(rel, i));
		const model_dialogue *o = slug ? model_find_dialogue(r->m, slug) : NULL;
		if (o && !o->draft)
			value_list_push(list, r->cards[o - r->m->dialogues]);
	}
	set_list(c, "related_dialogues", list);
	/* Translations: every other language version of the same slug: the
	 * original (found by binary search) and the translations, which follow
	 * the originals and are few. */
	list = value_new_list();
	for (i = r->m->n_originals; i <= r->m->n_dialogues; i++) {
		/* First pass (i == n_originals): the original; then the translations. */
		const model_dialogue *o = i == r->m->n_originals ? model_find_dialogue(r->m, d->slug)
								 : &r->m->dialogues[i - 1];
		value *tr;
		if (!o || o == d || o->draft || strcmp(o->slug, d->slug))
			continue;
		tr = value_new_map();
		buf_clear(&b);
		buf_puts(&b, facts_of(r->f, o)->url);
		value_map_set_string(tr, "url", b.ptr);
		value_map_set_string(tr, "lang", o->lang);
		value_map_set_string(tr, "name", facts_text(r->f, lang, facts_lang_is_en(o->lang) ? "lang_en" : "lang_sv"));
		value_list_push(list, tr);
	}
	set_list(c, "translations", list);
	buf_free(&b);
	return c;
}

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
static value *base_ctx(const renderer *r, const char *lang)
{
	value *c = value_new_map();
	value *site = value_new_map();
	buf b = BUF_INIT;

	value_map_set_string(site, "title", str_or(r->m->config, "title", ""));
	value_map_set_string(site, "municipality", str_or(r->m->config, "municipality", ""));
	value_map_set_string(site, "base_url", str_or(r->m->config, "base_url", ""));
	value_map_set_string(site, "root", r->root);
	value_map_set_string(site, "css", r->css_url);
	value_map_set_string(site, "lang", r->m->lang);
	value_map_set(site, "contact", value_clone(value_map_get(r->m->config, "contact")));
	set_date(site, "today_text", r->m->today, lang);
	value_map_set(c, "site", site);
	value_map_set(c, "t", value_clone(strings_for(r, lang)));
	buf_printf(&b, "%sfeed.xml", r->root);
	value_map_set_string(c, "feed_url", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%skalender.ics", r->root);
	value_map_set_string(c, "calendar_url", b.ptr);
	buf_free(&b);
	return c;
}

static value *page_ctx(const renderer *r, const char *lang, const char *title, const char *url,
		       const char *parent_title, const char *parent_url, const char *description)
{
	value *c = value_new_map();
	value *menu = value_new_list();
	value *crumbs = value_new_list();
	const model_page **pages = mem_alloc((r->m->n_pages + 1) * sizeof(*pages));
	buf b = BUF_INIT;
	size_t i, n = 0;

	value_map_set_string(c, "lang", lang);
	/* Site-wide text (site name, menu) is in the site language: mark it
	 * when the page is in another, so screen readers pronounce it right. */
	if (strcmp(lang, r->m->lang))
		value_map_set_string(c, "other_lang", r->m->lang);
	else
		value_map_put(c, "other_lang", value_new_null());
	value_map_set_string(c, "title", title);
	value_map_set_string(c, "url", url);
	value_map_set_string(c, "description", description && *description ? description
							: facts_text(r->f, lang, "home_intro"));
	if (*url) {
		buf_printf(&b, "%s%s", r->origin, url);
		value_map_set_string(c, "canonical", b.ptr);
	} else {
		value_map_put(c, "canonical", value_new_null());
	}
	value_map_set_string(c, "og_locale", facts_lang_is_en(lang) ? "en_GB" : "sv_SE");
	/* Breadcrumbs: start page, the parent if any, this page. */
	if (strcmp(url, r->root) != 0) {
		value *crumb = value_new_map();
		value_map_set_string(crumb, "title", facts_text(r->f, lang, "start_page"));
		value_map_set_string(crumb, "url", r->root);
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
	for (i = 0; i < r->m->n_pages; i++)
		if (r->m->pages[i].menu > 0)
			pages[n++] = &r->m->pages[i];
	qsort(pages, n, sizeof(*pages), menu_cmp);
	for (i = 0; i < n; i++) {
		value *item = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/", r->root, pages[i]->slug);
		value_map_set_string(item, "title", str_or(pages[i]->fm, "title", pages[i]->slug));
		value_map_set_string(item, "url", b.ptr);
		value_map_set_bool(item, "current", !strcmp(b.ptr, url));
		value_list_push(menu, item);
	}
	value_map_set(c, "menu", menu);
	free(pages);
	buf_free(&b);
	return c;
}

/* ---- writing ------------------------------------------------------------------- */

static const value *base_of(const renderer *r, const value *ctx)
{
	const char *lang = value_string(value_map_get(ctx, "lang"));
	return lang && !strcmp(lang, facts_other_lang(r->m->lang)) ? r->base_other : r->base_site;
}

/* ---- page keys: what a page is made from ---------------------------------------
 *
 * A page's bytes are a pure function of its template, the base context of
 * its language and its own context (mustache_render_over), and of the
 * generator. Its key hashes all of them; when the previous build wrote the
 * page from the same key, an update keeps the published file and renders
 * nothing (output_keep). The template set is in r->key_seed through the
 * theme's fingerprint (every file of both layers, since partials can be
 * loaded by a name computed at render time), and so is the generator, by
 * the bytes of its own executable. */

static void hash_value(XXH3_state_t *st, const value *v)
{
	unsigned char tag = v ? (unsigned char)v->type : 0xff;
	size_t i, n;

	XXH3_128bits_update(st, &tag, 1);
	if (!v)
		return;
	switch (v->type) {
	case VALUE_BOOL:
		XXH3_128bits_update(st, &v->u.boolean, sizeof(v->u.boolean));
		break;
	case VALUE_NUMBER:
		XXH3_128bits_update(st, &v->u.number, sizeof(v->u.number));
		break;
	case VALUE_STRING:
		XXH3_128bits_update(st, &v->u.str.len, sizeof(v->u.str.len));
		XXH3_128bits_update(st, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_LIST:
		XXH3_128bits_update(st, &v->u.list.len, sizeof(v->u.list.len));
		for (i = 0; i < v->u.list.len; i++)
			hash_value(st, v->u.list.items[i]);
		break;
	case VALUE_MAP:
		XXH3_128bits_update(st, &v->u.map.len, sizeof(v->u.map.len));
		for (i = 0; i < v->u.map.len; i++) {
			n = strlen(v->u.map.pairs[i].key) + 1;
			XXH3_128bits_update(st, v->u.map.pairs[i].key, n);
			hash_value(st, v->u.map.pairs[i].val);
		}
		break;
	default:
		break;
	}
}

/* The key of a page: the build's seed, the template, the base and the
 * page's context, and `extra` (a blob id standing in for data not yet in
 * the context), or NULL. */
static void page_key(output_key *key, const renderer *r, int tpl, const value *ctx, const char *extra)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;
	unsigned char which = base_of(r, ctx) == r->base_other;

	if (!st)
		abort(); /* out of memory, as in mem.h */
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, r->key_seed, sizeof(r->key_seed));
	XXH3_128bits_update(st, &tpl, sizeof(tpl));
	XXH3_128bits_update(st, &which, 1);
	hash_value(st, ctx);
	if (extra)
		XXH3_128bits_update(st, extra, strlen(extra) + 1);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	key->hi = h.high64;
	key->lo = h.low64;
}

/* The seed of every page key: the generator's own bytes, the theme's files
 * and the base contexts. Returns 0, or -1 when something cannot be read;
 * then no page is ever kept, which is only slower. */
static int key_seed(unsigned char out[16], const renderer *r)
{
	XXH3_state_t *st;
	XXH128_canonical_t c;
	unsigned char theme_print[16];
	char chunk[65536];
	ssize_t n;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), error = 0;

	if (fd < 0 || theme_fingerprint(theme_print, r->theme) != 0 || !(st = XXH3_createState())) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, "trappa page key 1", 18);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = -1;
			break;
		}
		XXH3_128bits_update(st, chunk, (size_t)n);
	}
	close(fd);
	XXH3_128bits_update(st, theme_print, sizeof(theme_print));
	/* cmark is a shared library: an upgrade may render the same Markdown
	 * differently, and dialogue pages are keyed by their Markdown's blob. */
	XXH3_128bits_update(st, cmark_version_string(), strlen(cmark_version_string()));
	hash_value(st, r->base_site);
	hash_value(st, r->base_other);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(out, c.digest, 16);
	return error;
}

/* Counts a page written or kept, and lists it for the sitemap. */
static void page_done(renderer *r, const char *relpath)
{
	size_t n = strlen(relpath);

	r->stats->pages++;
	if (n >= 10 && !strcmp(relpath + n - 10, "index.html")) {
		buf path = BUF_INIT;
		export_page *p;
		buf_printf(&path, "%s%.*s", r->root, (int)(n - 10), relpath);
		r->sitemap = mem_grow_array(r->sitemap, &r->sitemap_cap, r->n_sitemap + 1, sizeof(*p));
		p = &r->sitemap[r->n_sitemap++];
		p->path = buf_detach(&path);
		p->lastmod = r->lastmod;
	}
	r->lastmod = DATE_NONE;
}

/* 1 when the published page was made from key and stays as it is. */
static int keep_page(renderer *r, const char *relpath, const output_key *key)
{
	if (!r->keys || r->io_error || atomic_load(r->stop) || !output_keep(r->out, relpath, key))
		return 0;
	page_done(r, relpath);
	return 1;
}

/* Renders and writes a page, recording its key (may be NULL). */
static void render_keyed(renderer *r, int tpl, const value *ctx, const char *relpath,
			 const output_key *key)
{
	buf html = BUF_INIT;

	if (r->io_error || atomic_load(r->stop))
		return;
	if (mustache_render_over(&html, r->diags, r->tpl[tpl], base_of(r, ctx), ctx) != 0) {
		r->error = -1;
		r->lastmod = DATE_NONE;
	} else if (output_write_keyed(r->out, relpath, html.ptr, html.size, r->keys ? key : NULL) !=
		   0) {
		r->error = -1;
		r->io_error = 1;
		atomic_store(r->stop, 1);
		r->lastmod = DATE_NONE;
	} else {
		page_done(r, relpath);
	}
	buf_free(&html);
}

static void render_to(renderer *r, int tpl, const value *ctx, const char *relpath)
{
	output_key key;

	if (r->io_error || atomic_load(r->stop))
		return;
	if (r->keys) {
		page_key(&key, r, tpl, ctx, NULL);
		if (keep_page(r, relpath, &key))
			return;
	}
	render_keyed(r, tpl, ctx, relpath, &key);
}

/* Adds the dialogue's rendered Markdown to its context. Rendered here
 * rather than kept from model_load: holding every dialogue's HTML until its
 * page was written was half the memory of a large site. */
static void add_body(const renderer *r, value *c, const model_dialogue *d)
{
	markdown_doc body, easy_read;

	markdown_doc_init(&body);
	markdown_doc_init(&easy_read);
	/* An error here fails the build (main checks the diagnostics). */
	if (model_dialogue_render(&body, &easy_read, r->src, d) != 0)
		DIAG_ERROR(r->diags, d->path, 0, 0,
			   "kan inte läsa filen igen (ändrades den under bygget?)",
			   "cannot read the file again (did it change during the build?)");
	value_map_set_string(c, "body_html", body.html.ptr);
	value_map_set_string(c, "take_part_html", body.sections[MARKDOWN_SECTION_TAKE_PART].ptr);
	value_map_set_string(c, "results_html", body.sections[MARKDOWN_SECTION_RESULTS].ptr);
	value_map_set_string(c, "feedback_html", body.sections[MARKDOWN_SECTION_FEEDBACK].ptr);
	if (d->has_easy_read)
		value_map_set_string(c, "easy_read_html", easy_read.html.ptr);
	markdown_doc_free(&body);
	markdown_doc_free(&easy_read);
}

static void write_dialogue(renderer *r, const model_dialogue *d)
{
	buf url = BUF_INIT, path = BUF_INIT;
	value *ctx;

	buf_puts(&url, facts_of(r->f, d)->url);
	{
		buf all = BUF_INIT;
		buf_printf(&all, "%sdialoger/", r->root);
		ctx = page_ctx(r, d->lang, str_or(d->fm, "title", d->slug), url.ptr,
			       facts_text(r->f, d->lang, "all_dialogues"), all.ptr, str_or(d->fm, "summary", ""));
		buf_free(&all);
	}
	value_map_set(ctx, "dialogue", dialogue_ctx(r, d));
	buf_printf(&path, "%sindex.html", url.ptr + strlen(r->root));
	r->lastmod = facts_of(r->f, d)->updated_day;
	{
		/* The body is a function of the file's bytes (and of front matter
		 * already in the context): its blob id stands in for it, so an
		 * unchanged page costs neither the read nor cmark. Without an id
		 * (a work tree) the page is always made. */
		char id[41];
		output_key key;
		int keyed = source_file_id(id, r->src, d->path) == 0;
		if (keyed)
			page_key(&key, r, TPL_DIALOGUE, ctx, id);
		if (!keyed || !keep_page(r, path.ptr, &key)) {
			add_body(r, value_map_get(ctx, "dialogue"), d);
			render_keyed(r, TPL_DIALOGUE, ctx, path.ptr, keyed ? &key : NULL);
		}
	}
	value_free(ctx);
	buf_free(&url);
	buf_free(&path);
}

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
static size_t *ordered(const renderer *r, size_t *n)
{
	size_t *idx = mem_alloc((r->m->n_dialogues + 1) * sizeof(size_t));
	size_t i;

	*n = 0;
	for (i = 0; i < r->m->n_dialogues; i++)
		if (!r->m->dialogues[i].is_translation && !r->m->dialogues[i].draft)
			idx[(*n)++] = i;
	qsort_r(idx, *n, sizeof(size_t), dialogue_order, (void *)r->m);
	return idx;
}

static value *cards_where(const renderer *r, const size_t *idx, size_t n,
			  int (*pred)(const model_dialogue *, const void *), const void *arg,
			  size_t limit)
{
	value *list = value_new_view();
	size_t i;

	for (i = 0; i < n && value_list_len(list) < limit; i++) {
		const model_dialogue *d = &r->m->dialogues[idx[i]];
		if (!pred || pred(d, arg))
			value_list_push(list, r->cards[idx[i]]);
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

static int finished_with_results(const model_dialogue *d, const void *arg)
{
	(void)arg;
	return d->status == MODEL_FINISHED && d->section_line[MARKDOWN_SECTION_RESULTS] > 0;
}

static int is_overdue(const model_dialogue *d, const void *arg)
{
	(void)arg;
	return d->feedback_overdue;
}

static void write_home(renderer *r, const size_t *idx, size_t n)
{
	model_status ongoing = MODEL_ONGOING, planned = MODEL_PLANNED;
	value *ctx = page_ctx(r, r->m->lang, str_or(r->m->config, "title", ""), r->root, NULL, NULL,
			      str_or(r->m->config, "description", NULL));

	set_list(ctx, "ongoing", cards_where(r, idx, n, has_status, &ongoing, (size_t)-1));
	set_list(ctx, "planned", cards_where(r, idx, n, has_status, &planned, (size_t)-1));
	set_list(ctx, "recent_results", cards_where(r, idx, n, finished_with_results, NULL, 5));
	set_list(ctx, "overdue", cards_where(r, idx, n, is_overdue, NULL, (size_t)-1));
	value_map_set_bool(ctx, "is_home", 1);
	value_map_set_number(ctx, "card_level", 3);
	render_to(r, TPL_HOME, ctx, "index.html");
	value_free(ctx);
}

#define PAGINATION_AROUND 2 /* pages linked on each side of the current one */

/* One list, paginated by page_size: first page at dir/index.html, then
 * dir/sida/N/index.html. The heading says what is listed and how many. */
static void write_list(renderer *r, const char *dir, const char *title, const char *intro,
		       const value *items, const char *parent_title, const char *parent_url)
{
	const char *lang = r->m->lang;
	size_t total = value_list_len(items);
	size_t per = r->m->page_size > 0 ? (size_t)r->m->page_size : 20;
	size_t pages = total ? (total + per - 1) / per : 1;
	size_t p, i;

	for (p = 1; p <= pages; p++) {
		buf url = BUF_INIT, path = BUF_INIT, b = BUF_INIT, page_title = BUF_INIT;
		value *ctx, *list = value_new_view(), *nav = value_new_list();

		buf_printf(&url, "%s%s/", r->root, dir);
		if (p > 1)
			buf_printf(&url, "sida/%zu/", p);
		buf_puts(&page_title, title);
		if (p > 1) /* every page gets a title of its own */
			buf_printf(&page_title, ", %s %zu", facts_text(r->f, lang, "page_lower"), p);
		ctx = page_ctx(r, lang, page_title.ptr, url.ptr, parent_title, parent_url, intro);
		for (i = (p - 1) * per; i < total && i < p * per; i++)
			value_list_push(list, value_list_at(items, i));
		/* The first and last page and two on each side of this one, with
		 * a gap for the rest: a link to every page made each of a long
		 * list's pages as long as the list (quadratic in the dialogues). */
		for (i = 1; pages > 1 && i <= pages; i++) {
			value *item;
			if (i != 1 && i != pages && (i + PAGINATION_AROUND < p || i > p + PAGINATION_AROUND)) {
				if (i == 2 || i == p + PAGINATION_AROUND + 1) {
					item = value_new_map();
					value_map_set_bool(item, "gap", 1);
					value_list_push(nav, item);
				}
				continue;
			}
			item = value_new_map();
			buf_clear(&b);
			buf_printf(&b, "%s%s/", r->root, dir);
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
		{
			static const char *const keys[] = { "prev_url", "next_url", NULL };
			ensure_keys(ctx, keys);
		}
		value_map_set_string(ctx, "heading", title);
		value_map_set(ctx, "items", list);
		set_list(ctx, "pagination", nav);
		value_map_set_number(ctx, "card_level", 2);
		value_map_set_number(ctx, "count", (double)total);
		value_map_set_bool(ctx, "count_is_one", total == 1);
		value_map_set_number(ctx, "page_number", (double)p);
		value_map_set_number(ctx, "page_count", (double)pages);
		/* null, not "": an empty string is true in Mustache */
		if (intro && *intro)
			value_map_set_string(ctx, "intro", intro);
		else
			value_map_put(ctx, "intro", value_new_null());
		value_map_set_bool(ctx, "empty", total == 0);
		buf_printf(&path, "%sindex.html", url.ptr + strlen(r->root));
		render_to(r, TPL_LIST, ctx, path.ptr);
		value_free(ctx);
		buf_free(&url);
		buf_free(&path);
		buf_free(&b);
		buf_free(&page_title);
	}
}

/* ---- facets: committee, area, theme, target group, method, year ---------- */

typedef struct facet_value {
	char *slug;
	char *label;
	size_t *idx; /* dialogue indices, in list order */
	size_t n, cap;
} facet_value;

typedef struct facet {
	const char *dir;       /* "omrade" */
	const char *key;       /* front-matter key, or NULL for computed facets */
	const char *title_key; /* strings key: "facet_area" */
	facet_value *values;   /* in the order first seen; sorted by slug once collected */
	size_t n, cap;
	size_t *slots;         /* open addressing over values by slug: index + 1, 0 = free */
	size_t n_slots;        /* a power of two, at least twice n */
} facet;

static size_t facet_hash(const char *slug)
{
	return (size_t)XXH3_64bits(slug, strlen(slug));
}

/* The slot of slug: where it is, or the free slot where it belongs. */
static size_t *facet_slot(const facet *f, const char *slug)
{
	size_t mask = f->n_slots - 1, i = facet_hash(slug) & mask;

	while (f->slots[i] && strcmp(f->values[f->slots[i] - 1].slug, slug))
		i = (i + 1) & mask;
	return &f->slots[i];
}

/* Doubles the table when it would get more than half full, so a lookup
 * stays constant time however many values a facet gets. */
static void facet_reserve(facet *f)
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

static void facet_add(facet *f, const char *label, size_t index)
{
	buf slug = BUF_INIT;
	facet_value *v;
	size_t *slot;

	slug_from_text(&slug, label, strlen(label));
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

static int facet_value_cmp(const void *a, const void *b)
{
	return strcmp(((const facet_value *)a)->slug, ((const facet_value *)b)->slug);
}

static void facet_free(facet *f)
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

/* The values a dialogue has for a facet: a text or a list of texts. */
static void facet_collect(facet *f, const value *v, size_t index)
{
	size_t i;

	if (value_string(v) && *value_string(v))
		facet_add(f, value_string(v), index);
	for (i = 0; i < value_list_len(v); i++)
		if (value_string(value_list_at(v, i)) && *value_string(value_list_at(v, i)))
			facet_add(f, value_string(value_list_at(v, i)), index);
}

enum { FACET_COMMITTEE, FACET_AREA, FACET_THEME, FACET_TARGET, FACET_METHOD, FACET_YEAR, FACET_COUNT };

static void facets_build(facet *facets, const renderer *r, const size_t *idx, size_t n)
{
	static const char *const dirs[FACET_COUNT] = { "namnd", "omrade", "tema", "malgrupp", "metod", "ar" };
	static const char *const keys[FACET_COUNT] = { NULL, "areas", "themes", "target_groups", "methods", NULL };
	static const char *const titles[FACET_COUNT] = { "facet_committee", "facet_area", "facet_theme",
							 "facet_target_group", "facet_method", "facet_year" };
	size_t i;
	int k;

	memset(facets, 0, FACET_COUNT * sizeof(facet));
	for (k = 0; k < FACET_COUNT; k++) {
		facets[k].dir = dirs[k];
		facets[k].key = keys[k];
		facets[k].title_key = titles[k];
	}
	for (i = 0; i < n; i++) {
		const model_dialogue *d = &r->m->dialogues[idx[i]];
		const char *resp = str_or(d->fm, "responsible", NULL);
		if (resp)
			facet_add(&facets[FACET_COMMITTEE], model_responsible_name(r->m, resp), idx[i]);
		for (k = FACET_AREA; k <= FACET_METHOD; k++)
			facet_collect(&facets[k], value_map_get(d->fm, keys[k]), idx[i]);
		if (d->start != DATE_NONE) {
			int y, mo, dd;
			char year[16];
			date_to_ymd(d->start, &y, &mo, &dd);
			snprintf(year, sizeof(year), "%d", y); /* cannot truncate: years are 1000-9999 */
			facet_add(&facets[FACET_YEAR], year, idx[i]);
		} else {
			/* Counted and listed too: "Dialoger per startår" once left
			 * these out, so the years did not add up to the total. Its
			 * slug ("utan-startdatum") sorts after every year. */
			facet_add(&facets[FACET_YEAR], facts_text(r->f, r->m->lang, "year_none"), idx[i]);
		}
	}
	/* Sorted by slug: the output never depends on the order values were
	 * first seen in. The table indexes the old order, so it goes. */
	for (k = 0; k < FACET_COUNT; k++) {
		if (facets[k].n > 1)
			qsort(facets[k].values, facets[k].n, sizeof(facet_value), facet_value_cmp);
		free(facets[k].slots);
		facets[k].slots = NULL;
		facets[k].n_slots = 0;
	}
}

/* Links from a dialogue to the facet lists it appears in. */
static value *facet_links(const renderer *r, const value *v, const char *dir)
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
		buf_printf(&b, "%s%s/", r->root, dir);
		slug_from_text(&b, label, strlen(label));
		buf_putc(&b, '/');
		value_map_set_string(item, "label", label);
		value_map_set_string(item, "url", b.ptr);
		value_map_set_bool(item, "last", i + 1 == count);
		value_list_push(list, item);
	}
	buf_free(&b);
	return list;
}

/* The lists of values lo..hi-1 of one facet. */
static void write_facet_values(renderer *r, const facet *f, size_t lo, size_t hi)
{
	const char *facet_title = facts_text(r->f, r->m->lang, f->title_key);
	buf dir = BUF_INIT, url = BUF_INIT, title = BUF_INIT;
	size_t i, j;

	buf_printf(&url, "%s%s/", r->root, f->dir);
	for (i = lo; i < hi; i++) {
		value *items = value_new_view();
		for (j = 0; j < f->values[i].n; j++)
			value_list_push(items, r->cards[f->values[i].idx[j]]);
		buf_clear(&dir);
		buf_printf(&dir, "%s/%s", f->dir, f->values[i].slug);
		buf_clear(&title);
		buf_printf(&title, "%s: %s", facet_title, f->values[i].label);
		write_list(r, dir.ptr, title.ptr, NULL, items, facet_title, url.ptr);
		value_free(items);
	}
	buf_free(&dir);
	buf_free(&url);
	buf_free(&title);
}

/* The facet's own page lists its values. */
static void write_facet_index(renderer *r, const facet *f)
{
	const char *lang = r->m->lang;
	const char *facet_title = facts_text(r->f, lang, f->title_key);
	buf url = BUF_INIT, b = BUF_INIT;
	value *ctx, *values = value_new_list();
	size_t i;

	buf_printf(&url, "%s%s/", r->root, f->dir);
	for (i = 0; i < f->n; i++) {
		value *entry = value_new_map();
		buf_clear(&b);
		buf_printf(&b, "%s%s/%s/", r->root, f->dir, f->values[i].slug);
		value_map_set_string(entry, "label", f->values[i].label);
		value_map_set_string(entry, "url", b.ptr);
		value_map_set_number(entry, "count", (double)f->values[i].n);
		value_list_push(values, entry);
	}
	ctx = page_ctx(r, lang, facet_title, url.ptr, NULL, NULL, NULL);
	set_list(ctx, "values", values);
	buf_clear(&b);
	buf_printf(&b, "%s/index.html", f->dir);
	render_to(r, TPL_FACET, ctx, b.ptr);
	value_free(ctx);
	buf_free(&url);
	buf_free(&b);
}

static void write_pages(renderer *r)
{
	size_t i;

	for (i = 0; i < r->m->n_pages; i++) {
		const model_page *p = &r->m->pages[i];
		buf url = BUF_INIT, path = BUF_INIT;
		value *ctx, *page = value_clone(p->fm);

		buf_printf(&url, "%s%s/", r->root, p->slug);
		ctx = page_ctx(r, str_or(p->fm, "lang", r->m->lang), str_or(p->fm, "title", p->slug),
			       url.ptr, NULL, NULL, str_or(p->fm, "summary", NULL));
		value_map_set_string(page, "body_html", p->body.html.ptr);
		value_map_set(ctx, "page", page);
		buf_printf(&path, "%s/index.html", p->slug);
		render_to(r, TPL_PAGE, ctx, path.ptr);
		value_free(ctx);
		buf_free(&url);
		buf_free(&path);
	}
}

/* /delaktighetstrappan/: the five levels, each with its promise, none ranked. */
static void write_ladder(renderer *r)
{
	const char *lang = r->m->lang;
	buf url = BUF_INIT, b = BUF_INIT;
	value *ctx, *levels = value_new_list();
	size_t i;
	int k;

	buf_printf(&url, "%sdelaktighetstrappan/", r->root);
	ctx = page_ctx(r, lang, facts_text(r->f, lang, "ladder_title"), url.ptr, NULL, NULL,
		       facts_text(r->f, lang, "ladder_intro"));
	buf_free(&url);

	for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
		value *lv = value_new_map();
		size_t count = 0;
		for (i = 0; i < r->m->n_dialogues; i++)
			count += !r->m->dialogues[i].is_translation && !r->m->dialogues[i].draft &&
				 r->m->dialogues[i].level == (model_level)k;
		buf_clear(&b);
		buf_printf(&b, "%sniva/%s/", r->root, model_level_keys[k]);
		value_map_set_string(lv, "key", model_level_keys[k]);
		value_map_set_string(lv, "label", facts_level_text(r->f, lang, (model_level)k, "label"));
		value_map_set_string(lv, "description", facts_level_text(r->f, lang, (model_level)k, "description"));
		value_map_set_string(lv, "promise", facts_level_text(r->f, lang, (model_level)k, "promise"));
		value_map_set_number(lv, "count", (double)count);
		value_map_set_string(lv, "url", b.ptr);
		value_list_push(levels, lv);
	}
	value_map_set(ctx, "levels", levels);
	render_to(r, TPL_LADDER, ctx, "delaktighetstrappan/index.html");
	value_free(ctx);
	buf_free(&b);
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
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

/* /statistik/: how many dialogues, at which levels, and whether feedback
 * was given, and how fast: the promise municipalities most often break. */
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
	}
}

static void write_statistics(renderer *r, const size_t *idx, size_t n, const facet *facets)
{
	const model_site *m = r->m;
	const char *lang = m->lang;
	value *ctx, *rows = value_new_list();
	const value *committees = value_map_get(m->config, "committees");
	buf b = BUF_INIT;
	size_t i, finished = 0, with_feedback = 0, overdue = 0, ndays = 0;
	double participants = 0;
	int *days = mem_alloc((n + 1) * sizeof(int));
	int k;

	buf_printf(&b, "%sstatistik/", r->root);
	ctx = page_ctx(r, lang, facts_text(r->f, lang, "statistics_title"), b.ptr, NULL, NULL,
		       facts_text(r->f, lang, "statistics_intro"));

	for (k = 0; k < MODEL_STATUS_COUNT; k++) {
		size_t count = 0;
		for (i = 0; i < n; i++)
			count += m->dialogues[idx[i]].status == (model_status)k;
		buf_clear(&b);
		buf_printf(&b, "%sstatus/%s/", r->root, model_status_slugs[k]);
		value_list_push(rows, count_row(facts_status_label(r->f, lang, (model_status)k), count, b.ptr));
	}
	value_map_set(ctx, "by_status", rows);
	rows = value_new_list();
	for (k = 0; k < MODEL_LEVEL_COUNT; k++) {
		size_t count = 0;
		for (i = 0; i < n; i++)
			count += m->dialogues[idx[i]].level == (model_level)k;
		buf_clear(&b);
		buf_printf(&b, "%sniva/%s/", r->root, model_level_keys[k]);
		value_list_push(rows, count_row(facts_level_text(r->f, lang, (model_level)k, "label"), count, b.ptr));
	}
	value_map_set(ctx, "by_level", rows);
	rows = value_new_list();
	for (k = 0; committees && committees->type == VALUE_MAP && (size_t)k < committees->u.map.len; k++) {
		const value_pair *p = &committees->u.map.pairs[k];
		const char *name = value_string(p->val) ? value_string(p->val) : p->key;
		size_t count = 0;
		for (i = 0; i < n; i++) {
			const char *resp = str_or(m->dialogues[idx[i]].fm, "responsible", "");
			count += !strcmp(resp, p->key) || !strcmp(resp, name);
		}
		if (count)
			value_list_push(rows, count_row(name, count, NULL));
	}
	set_list(ctx, "by_committee", rows);
	rows = value_new_list();
	for (i = 0; i < facets[FACET_YEAR].n; i++) {
		const facet_value *fv = &facets[FACET_YEAR].values[i];
		buf_clear(&b);
		buf_printf(&b, "%sar/%s/", r->root, fv->slug);
		value_list_push(rows, count_row(fv->label, fv->n, b.ptr));
	}
	set_list(ctx, "by_year", rows);
	add_bars(ctx, "by_status");
	add_bars(ctx, "by_level");
	add_bars(ctx, "by_committee");
	add_bars(ctx, "by_year");
	for (i = 0; i < n; i++) {
		const model_dialogue *d = &m->dialogues[idx[i]];
		const value *pv = value_map_get(d->fm, "participants");
		if (pv && pv->type == VALUE_NUMBER)
			participants += pv->u.number;
		if (d->status != MODEL_FINISHED)
			continue;
		finished++;
		overdue += d->feedback_overdue;
		if (d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0) {
			with_feedback++;
			if (d->feedback_date != DATE_NONE && d->end != DATE_NONE && d->feedback_date >= d->end)
				days[ndays++] = d->feedback_date - d->end;
		}
	}
	value_map_set_number(ctx, "total", (double)n);
	value_map_set_number(ctx, "finished", (double)finished);
	value_map_set_number(ctx, "with_feedback", (double)with_feedback);
	if (finished) /* whole per cent, rounded half up: reproducible and readable */
		value_map_set_number(ctx, "feedback_share", (double)((with_feedback * 200 + finished) / (finished * 2)));
	else
		value_map_put(ctx, "feedback_share", value_new_null());
	value_map_set_number(ctx, "overdue_count", (double)overdue);
	value_map_set_number(ctx, "participants", participants);
	if (ndays) {
		qsort(days, ndays, sizeof(int), int_cmp);
		/* The lower median: a whole number of days, as people count them. */
		value_map_set_number(ctx, "median_days", days[(ndays - 1) / 2]);
	} else {
		value_map_put(ctx, "median_days", value_new_null());
	}
	set_list(ctx, "overdue", cards_where(r, idx, n, is_overdue, NULL, (size_t)-1));
	value_map_set_number(ctx, "card_level", 3);
	render_to(r, TPL_STATISTICS, ctx, "statistik/index.html");
	value_free(ctx);
	free(days);
	buf_free(&b);
}

/* /tillganglighet/: the accessibility statement the law (2018:1937)
 * requires, from site.yaml's accessibility block. */
static void write_accessibility(renderer *r)
{
	const char *lang = r->m->lang;
	const value *acc = value_map_get(r->m->config, "accessibility");
	value *ctx;
	value *a = acc && acc->type == VALUE_MAP ? value_clone(acc) : value_new_map();
	const char *conf = str_or(acc, "conformance", "");
	const value *issues = value_map_get(acc, "known_issues");
	buf url = BUF_INIT;
	int day;

	buf_printf(&url, "%stillganglighet/", r->root);
	ctx = page_ctx(r, lang, facts_text(r->f, lang, "accessibility_title"), url.ptr, NULL, NULL, NULL);
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
	render_to(r, TPL_ACCESSIBILITY, ctx, "tillganglighet/index.html");
	value_free(ctx);
}

static void copy_files(renderer *r)
{
	buf data = BUF_INIT;
	size_t i;

	for (i = 0; i < r->m->n_files; i++) {
		const model_file *f = &r->m->files[i];
		const char *slash = strchr(f->dest, '/');
		/* Bundle files of drafts or broken dialogues are not published. */
		if (!strncmp(f->dest, "dialoger/", 9) && slash) {
			const char *slug_start = f->dest + 9;
			const char *end = strchr(slug_start, '/');
			char *slug = mem_strndup(slug_start, end ? (size_t)(end - slug_start) : 0);
			const model_dialogue *d = model_find_dialogue(r->m, slug);
			free(slug);
			if (!d || d->draft)
				continue;
		}
		if (r->io_error || atomic_load(r->stop))
			break;
		if (source_read(&data, r->src, f->src) != 0) {
			DIAG_ERROR(r->diags, f->src, 0, 0, "kan inte läsa filen", "cannot read the file");
			r->error = -1;
			r->io_error = 1;
			atomic_store(r->stop, 1);
			continue;
		}
		if (output_write(r->out, f->dest, data.ptr, data.size) != 0) {
			r->error = -1;
			r->io_error = 1;
			atomic_store(r->stop, 1);
		} else {
			r->stats->files++;
		}
	}
	buf_free(&data);
}

/* The stylesheet gets its content hash in its name, so it can be cached forever. */
static int write_css(renderer *r)
{
	buf css = BUF_INIT, display = BUF_INIT, name = BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];
	int error = -1;

	if (theme_read(&css, &display, r->theme, "static/style.css") != 0) {
		DIAG_ERROR(r->diags, "static/style.css", 0, 0, "temats stilmall saknas",
			   "the theme's stylesheet is missing");
		goto out;
	}
	if (git_odb_hash(&oid, css.ptr, css.size, GIT_OBJECT_BLOB) != 0)
		goto out;
	git_oid_tostr(hex, sizeof(hex), &oid);
	buf_printf(&name, "assets/style.%.10s.css", hex);
	if (output_write(r->out, name.ptr, css.ptr, css.size) != 0)
		goto out;
	r->stats->files++;
	buf_clear(&css);
	buf_printf(&css, "%s%s", r->root, name.ptr);
	r->css_url = buf_detach(&css);
	error = 0;
out:
	buf_free(&css);
	buf_free(&display);
	buf_free(&name);
	return error;
}

/* /oppna-data/: what the data files hold, field by field, and on what terms. */
static void write_open_data(renderer *r)
{
	static const char *const fields[] = {
		"slug", "url", "title", "summary", "status", "level", "level_reason", "influence",
		"decided", "purpose", "responsible", "administration", "contact", "case_numbers",
		"start", "end", "areas", "themes", "target_groups", "methods", "participants",
		"meetings", "documents", "phases", "feedback_due", "feedback_date", "feedback_given",
		"feedback_overdue", "decision", "related", "easy_read", "published", "updated", NULL
	};
	const char *lang = r->m->lang;
	value *ctx, *list = value_new_list();
	buf url = BUF_INIT, key = BUF_INIT;
	size_t i;

	buf_printf(&url, "%soppna-data/", r->root);
	ctx = page_ctx(r, lang, facts_text(r->f, lang, "open_data_title"), url.ptr, NULL, NULL,
		       facts_text(r->f, lang, "open_data_intro"));
	for (i = 0; fields[i]; i++) {
		value *f = value_new_map();
		buf_clear(&key);
		buf_printf(&key, "field_%s", fields[i]);
		value_map_set_string(f, "name", fields[i]);
		value_map_set_string(f, "description", facts_text(r->f, lang, key.ptr));
		value_list_push(list, f);
	}
	value_map_set(ctx, "fields", list);
	value_map_set_string(ctx, "license",
			     str_or(value_map_get(r->m->config, "open_data"), "license", "CC0-1.0"));
	buf_clear(&url);
	buf_printf(&url, "%sdata/", r->root);
	value_map_set_string(ctx, "data_url", url.ptr);
	render_to(r, TPL_OPEN_DATA, ctx, "oppna-data/index.html");
	value_free(ctx);
	buf_free(&url);
	buf_free(&key);
}

/* List `which` of the lists over every dialogue: 0 is the full list, then
 * one per status, then one per level. */
static void write_overview_list(renderer *r, const size_t *idx, size_t n, int which)
{
	const char *lang = r->m->lang;
	buf dir = BUF_INIT, label = BUF_INIT, parent = BUF_INIT;
	value *items;

	if (which == 0) {
		items = cards_where(r, idx, n, NULL, NULL, (size_t)-1);
		write_list(r, "dialoger", facts_text(r->f, lang, "all_dialogues"), NULL, items, NULL, NULL);
	} else if (which <= MODEL_STATUS_COUNT) {
		model_status st = (model_status)(which - 1);
		items = cards_where(r, idx, n, has_status, &st, (size_t)-1);
		buf_printf(&dir, "status/%s", model_status_slugs[st]);
		buf_printf(&label, "%s: %s", facts_text(r->f, lang, "status"), facts_status_label(r->f, lang, st));
		buf_printf(&parent, "%sstatistik/", r->root);
		write_list(r, dir.ptr, label.ptr, NULL, items, facts_text(r->f, lang, "statistics_title"),
			   parent.ptr);
	} else {
		model_level lv = (model_level)(which - 1 - MODEL_STATUS_COUNT);
		items = cards_where(r, idx, n, has_level, &lv, (size_t)-1);
		buf_printf(&dir, "niva/%s", model_level_keys[lv]);
		buf_printf(&label, "%s: %s", facts_text(r->f, lang, "level"), facts_level_text(r->f, lang, lv, "label"));
		buf_printf(&parent, "%sdelaktighetstrappan/", r->root);
		write_list(r, dir.ptr, label.ptr, facts_level_text(r->f, lang, lv, "promise"), items,
			   facts_text(r->f, lang, "ladder_title"), parent.ptr);
	}
	value_free(items);
	buf_free(&dir);
	buf_free(&label);
	buf_free(&parent);
}

/* ---- rendering on several threads -------------------------------------------------
 *
 * The pages are cut into parts, listed in the order one thread would write
 * them. The threads take parts from a shared counter; each part renders
 * with a copy of the renderer that has its own diagnostics, counts, sitemap
 * entries, lastmod and error flags. Afterwards the parts are merged in list
 * order, so the diagnostics and sitemap.xml never depend on which thread
 * was faster. Everything else the renderer holds (model, cards, strings,
 * templates) is only read while rendering. */

#define SITE_THREADS 2
/* Parts per kind of page: enough for both threads to finish at about the
 * same time, few enough that a part's set-up costs nothing. */
#define SITE_CHUNKS 32

typedef enum part_kind {
	PART_HOME,
	PART_DIALOGUES,   /* m->dialogues lo..hi-1 */
	PART_LIST,        /* write_overview_list lo */
	PART_FACET,       /* values lo..hi-1 of facets[fk] */
	PART_FACET_INDEX, /* facets[fk]'s own page */
	PART_REST,        /* free pages, open data, ladder, statistics, accessibility, 404 */
	PART_FILES,       /* the content's files (source_read is thread-safe) */
	PART_EXPORT       /* feeds, calendars, data */
} part_kind;

typedef struct site_part {
	part_kind kind;
	int fk; /* which facet */
	size_t lo, hi;
	renderer r;   /* a copy of the shared renderer, with the fields below */
	diag_list diags;
	site_stats stats;
} site_part;

typedef struct site_plan {
	const size_t *idx; /* published originals in list order */
	size_t n;
	const facet *facets;
	site_part *parts;
	size_t n_parts, cap;
	site_part **queue; /* the parts the threads take, in the order taken */
	size_t n_queue;
	atomic_size_t next; /* the next queue entry to take */
} site_plan;

static void plan_add(site_plan *p, part_kind kind, int fk, size_t lo, size_t hi)
{
	site_part *part;

	p->parts = mem_grow_array(p->parts, &p->cap, p->n_parts + 1, sizeof(*part));
	part = &p->parts[p->n_parts++];
	memset(part, 0, sizeof(*part));
	part->kind = kind;
	part->fk = fk;
	part->lo = lo;
	part->hi = hi;
}

/* Cuts the site into parts in the order the pages were always written:
 * home, dialogues, lists, facets, the rest, files, exports. */
static void plan_build(site_plan *p, const renderer *base)
{
	const model_site *m = base->m;
	size_t i, lo, chunk, cost, total = 0, target;
	int k;

	plan_add(p, PART_HOME, 0, 0, 0);
	chunk = m->n_dialogues / SITE_CHUNKS + 1;
	for (lo = 0; lo < m->n_dialogues; lo += chunk)
		plan_add(p, PART_DIALOGUES, 0, lo, lo + chunk < m->n_dialogues ? lo + chunk
									: m->n_dialogues);
	for (k = 0; k < 1 + MODEL_STATUS_COUNT + MODEL_LEVEL_COUNT; k++)
		plan_add(p, PART_LIST, 0, (size_t)k, 0);
	/* Facet values are cut by the cards they list, which is what costs. */
	for (k = 0; k < FACET_COUNT; k++)
		for (i = 0; i < p->facets[k].n; i++)
			total += p->facets[k].values[i].n + 1;
	target = total / SITE_CHUNKS + 1;
	for (k = 0; k < FACET_COUNT; k++) {
		const facet *f = &p->facets[k];
		for (lo = 0, cost = 0, i = 0; i < f->n; i++) {
			cost += f->values[i].n + 1;
			if (cost >= target || i + 1 == f->n) {
				plan_add(p, PART_FACET, k, lo, i + 1);
				lo = i + 1;
				cost = 0;
			}
		}
		plan_add(p, PART_FACET_INDEX, k, 0, 0);
	}
	plan_add(p, PART_REST, 0, 0, 0);
	plan_add(p, PART_FILES, 0, 0, 0);
	plan_add(p, PART_EXPORT, 0, 0, 0);

	/* The parts never move from here on: each renderer points into its own. */
	for (i = 0; i < p->n_parts; i++) {
		site_part *part = &p->parts[i];
		part->r = *base;
		part->r.diags = &part->diags;
		part->r.stats = &part->stats;
		part->r.sitemap = NULL;
		part->r.n_sitemap = part->r.sitemap_cap = 0;
		part->r.lastmod = DATE_NONE;
		part->r.error = 0;
		part->r.io_error = 0;
		diag_set_prefix(&part->diags, base->diags->prefix);
	}
	/* Exports are the largest part that cannot be cut: taken first, they
	 * run beside the pages instead of after them. */
	p->queue = mem_alloc(p->n_parts * sizeof(*p->queue));
	p->queue[p->n_queue++] = &p->parts[p->n_parts - 1];
	for (i = 0; i + 1 < p->n_parts; i++)
		p->queue[p->n_queue++] = &p->parts[i];
}

static void part_render(site_plan *p, site_part *part)
{
	renderer *r = &part->r;
	const model_site *m = r->m;
	size_t i;

	switch (part->kind) {
	case PART_HOME:
		write_home(r, p->idx, p->n);
		break;
	case PART_DIALOGUES:
		for (i = part->lo; i < part->hi; i++)
			if (!m->dialogues[i].draft)
				write_dialogue(r, &m->dialogues[i]);
		break;
	case PART_LIST:
		write_overview_list(r, p->idx, p->n, (int)part->lo);
		break;
	case PART_FACET:
		write_facet_values(r, &p->facets[part->fk], part->lo, part->hi);
		break;
	case PART_FACET_INDEX:
		write_facet_index(r, &p->facets[part->fk]);
		break;
	case PART_REST: {
		value *ctx;
		write_pages(r);
		write_open_data(r);
		write_ladder(r);
		write_statistics(r, p->idx, p->n, p->facets);
		write_accessibility(r);
		ctx = page_ctx(r, m->lang, facts_text(r->f, m->lang, "not_found_title"), "", NULL, NULL,
			       facts_text(r->f, m->lang, "not_found_text"));
		render_to(r, TPL_NOT_FOUND, ctx, "404.html");
		value_free(ctx);
		break;
	}
	case PART_FILES:
		copy_files(r);
		break;
	case PART_EXPORT:
		/* As before threads: no exports once a write has failed. */
		if (!atomic_load(r->stop) && export_write_all(r->out, r->diags, r->f) != 0)
			r->error = -1;
		break;
	}
}

static void *plan_run(void *arg)
{
	site_plan *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n_queue)
		part_render(p, p->queue[i]);
	return NULL;
}

/* Adds each part's diagnostics, counts, errors and sitemap entries to r, in
 * part order, and frees the parts. Returns -1 when the exports failed. */
static int plan_merge(renderer *r, site_plan *p)
{
	size_t i;
	int export_error = 0;

	for (i = 0; i < p->n_parts; i++) {
		site_part *part = &p->parts[i];
		if (part->kind == PART_EXPORT && r->io_error) {
			/* One thread stops at the first failed write and never gets
			 * to the exports: report as it would. */
			diag_list_free(&part->diags);
			part->r.error = 0;
		}
		diag_list_move(r->diags, &part->diags);
		diag_list_free(&part->diags);
		r->stats->pages += part->stats.pages;
		r->stats->files += part->stats.files;
		if (part->r.error)
			r->error = -1;
		if (part->kind == PART_EXPORT)
			export_error = part->r.error;
		r->io_error |= part->r.io_error;
		if (part->r.n_sitemap) {
			r->sitemap = mem_grow_array(r->sitemap, &r->sitemap_cap,
						    r->n_sitemap + part->r.n_sitemap, sizeof(*r->sitemap));
			memcpy(r->sitemap + r->n_sitemap, part->r.sitemap,
			       part->r.n_sitemap * sizeof(*r->sitemap));
			r->n_sitemap += part->r.n_sitemap;
		}
		free(part->r.sitemap); /* the paths now belong to r */
	}
	free(p->parts);
	free(p->queue);
	return export_error;
}

/* Renders every page and the exports on SITE_THREADS threads (fewer when
 * one cannot be started: the calling thread takes whatever is left).
 * Returns -1 when the exports failed. */
static int render_all(renderer *r, const size_t *idx, size_t n, const facet *facets)
{
	site_plan p;
	pthread_t threads[SITE_THREADS - 1];
	size_t i, started = 0;

	memset(&p, 0, sizeof(p));
	p.idx = idx;
	p.n = n;
	p.facets = facets;
	atomic_init(&p.next, 0);
	plan_build(&p, r);
	for (i = 0; i < SITE_THREADS - 1; i++)
		if (pthread_create(&threads[started], NULL, plan_run, &p) == 0)
			started++;
	plan_run(&p);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	return plan_merge(r, &p);
}

int site_build(site_stats *stats, output *o, diag_list *diags, const model_site *m, theme *t,
	       source *src)
{
	renderer r;
	facet facets[FACET_COUNT];
	facts facts_;
	atomic_int stop;
	size_t i, n, *idx = NULL;
	int k;

	memset(facets, 0, sizeof(facets));
	memset(&r, 0, sizeof(r));
	memset(&facts_, 0, sizeof(facts_));
	memset(stats, 0, sizeof(*stats));
	atomic_init(&stop, 0);
	r.m = m;
	r.theme = t;
	r.src = src;
	r.out = o;
	r.diags = diags;
	r.stats = stats;
	r.stop = &stop;
	r.lastmod = DATE_NONE;
	for (k = 0; k < TPL_COUNT; k++)
		if (theme_template(&r.tpl[k], diags, t, template_names[k]) != 0)
			r.error = -1;
	if (theme_strings(&r.strings_site, diags, t, m->lang) != 0 ||
	    theme_strings(&r.strings_other, diags, t, facts_other_lang(m->lang)) != 0)
		r.error = -1;
	if (r.error)
		goto out;
	{
		/* site.yaml `strings` override the theme's, in the site language. */
		const value *over = value_map_get(m->config, "strings");
		for (i = 0; over && over->type == VALUE_MAP && i < over->u.map.len; i++)
			value_map_set(r.strings_site, over->u.map.pairs[i].key,
				      value_clone(over->u.map.pairs[i].val));
	}
	facts_init(&facts_, m, r.strings_site, r.strings_other);
	r.f = &facts_;
	r.root = facts_.root;
	r.origin = facts_.origin;
	if (write_css(&r) != 0) {
		r.error = -1;
		goto out;
	}
	r.base_site = base_ctx(&r, m->lang);
	r.base_other = base_ctx(&r, facts_other_lang(m->lang));
	/* Hundreds of strings, looked up for every page by t_get and the
	 * templates: index them before the threads share them. */
	value_map_index(r.strings_site);
	value_map_index(r.strings_other);
	value_map_index(value_map_get(r.base_site, "t"));
	value_map_index(value_map_get(r.base_other, "t"));
	r.keys = key_seed(r.key_seed, &r) == 0;
	r.cards = mem_calloc(m->n_dialogues + 1, sizeof(value *));
	for (i = 0; i < m->n_dialogues; i++)
		r.cards[i] = dialogue_card(&r, &m->dialogues[i]);

	idx = ordered(&r, &n);
	facets_build(facets, &r, idx, n);
	/* The sitemap needs every page's entry: it is written last, as before. */
	if (render_all(&r, idx, n, facets) == 0 && !r.io_error &&
	    export_sitemap(o, &facts_, r.sitemap, r.n_sitemap) != 0)
		r.error = -1;
out:
	for (i = 0; i < r.n_sitemap; i++)
		free((char *)r.sitemap[i].path);
	free(r.sitemap);
	for (k = 0; k < FACET_COUNT; k++)
		facet_free(&facets[k]);
	if (r.cards)
		for (i = 0; i < m->n_dialogues; i++)
			value_free(r.cards[i]);
	free(r.cards);
	free(idx);
	for (k = 0; k < TPL_COUNT; k++)
		mustache_free(r.tpl[k]);
	value_free(r.strings_site);
	value_free(r.strings_other);
	value_free(r.base_site);
	value_free(r.base_other);
	free(r.css_url);
	facts_free(&facts_);
	return r.io_error ? SITE_EIO : r.error;
}

int site_check_theme(diag_list *diags, const model_site *m, theme *t)
{
	mustache_template *tpl;
	value *strings = NULL;
	int k, error = 0;

	for (k = 0; k < TPL_COUNT; k++) {
		if (theme_template(&tpl, diags, t, template_names[k]) != 0)
			error = -1;
		mustache_free(tpl);
	}
	if (theme_strings(&strings, diags, t, m->lang) != 0)
		error = -1;
	value_free(strings);
	strings = NULL;
	if (theme_strings(&strings, diags, t, facts_other_lang(m->lang)) != 0)
		error = -1;
	value_free(strings);
	{
		buf css = BUF_INIT, display = BUF_INIT;
		if (theme_read(&css, &display, t, "static/style.css") != 0) {
			DIAG_ERROR(diags, "static/style.css", 0, 0, "temats stilmall saknas",
				   "the theme's stylesheet is missing");
			error = -1;
		}
		buf_free(&css);
		buf_free(&display);
	}
	return error;
}

/* site: the render plan. Cuts the site into parts, renders them on two
 * threads through the theme's templates from the contexts pages.c builds,
 * keeps pages whose key has not changed, and writes everything through
 * output.h: pages, files, the stylesheet, the exports and the sitemap. */
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <cmark.h>
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "date.h"
#include "export.h"
#include "facts.h"
#include "mem.h"
#include "modelcache.h"
#include "mustache.h"
#include "pages.h"
#include "search.h"

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
	TPL_SEARCH,
	TPL_ACTIONS,
	TPL_LEDGER,
	TPL_PLANNING,
	TPL_COUNT
};
static const char *const template_names[TPL_COUNT] = { "home",	 "dialogue",   "list",
						       "page",	 "404",	       "ladder",
						       "statistics", "accessibility", "facet",
						       "open-data", "sok", "actions", "ledger",
						       "planning" };

typedef struct renderer {
	const model_site *m;
	theme *theme;
	source *src;
	output *out;
	diag_list *diags;
	site_stats *stats;
	mustache_template *tpl[TPL_COUNT];
	unsigned char key_seed[16];    /* what every page key starts from (page_key) */
	int keys;                      /* 0 when the seed could not be made: no page is kept */
	const struct card_hashes *card_hashes; /* each card's hash, for page_key; may be NULL */
	const facts *f;      /* what the pages say about the site and each dialogue */
	const pages *pg;     /* the contexts' shared parts */
	const char *root;    /* f->root: path of base_url, "/" or "/dialog/" */
	char *css_url;
	char *search_js_url; /* the theme's static/sok.js, for /sok/ */
	export_page *sitemap; /* every page written, for sitemap.xml */
	size_t n_sitemap, sitemap_cap;
	int lastmod;          /* the page being rendered: its last change, or DATE_NONE */
	int error;
	int io_error;         /* a write failed: stop writing, exit 3 */
	atomic_int *stop;     /* shared by every thread: a write failed somewhere */
} renderer;

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

/* Every card's hash, by the card's address: a card (pages->cards) is shown
 * in many lists, each a view of the same card values, and hashing each
 * card once instead of once per page that lists it is most of what an
 * update's list pages cost. Made before the threads start and only read
 * after; the cards never change once pages_init made them. */
typedef struct card_hashes {
	const value **card; /* open addressing by address, NULL = free */
	XXH128_hash_t *hash;
	size_t mask;
} card_hashes;

/* The slot of a card's address (multiplicative hashing: addresses are
 * aligned, so the low bits alone would crowd). */
static size_t card_slot(const card_hashes *ch, const value *card)
{
	return (size_t)(((uint64_t)(uintptr_t)card * 0x9E3779B97F4A7C15ull) >> 32) & ch->mask;
}

/* value_hash's `known` for cards: a change anywhere in a card still
 * changes the key of every page that shows it. */
static const XXH128_hash_t *card_hash_of(const void *ctx, const value *card)
{
	const card_hashes *ch = ctx;
	size_t slot;

	if (!ch || !card)
		return NULL;
	for (slot = card_slot(ch, card); ch->card[slot]; slot = (slot + 1) & ch->mask)
		if (ch->card[slot] == card)
			return &ch->hash[slot];
	return NULL;
}

/* Hashes each of the n cards once, whole (a card holds no views). */
static void card_hashes_init(card_hashes *ch, value *const *cards, size_t n)
{
	XXH3_state_t *st = XXH3_createState();
	size_t i, cap = 16, slot;

	if (!st)
		abort(); /* out of memory, as in mem.h */
	while (cap < 2 * n)
		cap *= 2;
	ch->card = mem_calloc(cap, sizeof(*ch->card));
	ch->hash = mem_calloc(cap, sizeof(*ch->hash));
	ch->mask = cap - 1;
	for (i = 0; i < n; i++) {
		if (!cards[i] || card_hash_of(ch, cards[i]))
			continue;
		for (slot = card_slot(ch, cards[i]); ch->card[slot]; slot = (slot + 1) & ch->mask)
			;
		XXH3_128bits_reset(st);
		value_hash(st, cards[i], NULL, NULL);
		ch->card[slot] = cards[i];
		ch->hash[slot] = XXH3_128bits_digest(st);
	}
	XXH3_freeState(st);
}

static void card_hashes_free(card_hashes *ch)
{
	free(ch->card);
	free(ch->hash);
	memset(ch, 0, sizeof(*ch));
}

/* The key of a page: the build's seed, the template, the base and the
 * page's context, and `extra` (a blob id standing in for data not yet in
 * the context), or NULL. */
static void page_key(output_key *key, const renderer *r, int tpl, const value *ctx, const char *extra)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;
	unsigned char which = pages_base_of(r->pg, ctx) == r->pg->base[FACTS_OTHER_LANG];

	if (!st)
		abort(); /* out of memory, as in mem.h */
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, r->key_seed, sizeof(r->key_seed));
	XXH3_128bits_update(st, &tpl, sizeof(tpl));
	XXH3_128bits_update(st, &which, 1);
	value_hash(st, ctx, card_hash_of, r->card_hashes);
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
	unsigned char theme_print[16], self[16];

	if (modelcache_self_id(self) != 0 || theme_fingerprint(theme_print, r->theme) != 0 ||
	    !(st = XXH3_createState()))
		return -1;
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, "trappa page key 1", 18);
	XXH3_128bits_update(st, self, sizeof(self));
	XXH3_128bits_update(st, theme_print, sizeof(theme_print));
	/* cmark is a shared library: an upgrade may render the same Markdown
	 * differently, and dialogue pages are keyed by their Markdown's blob. */
	XXH3_128bits_update(st, cmark_version_string(), strlen(cmark_version_string()));
	value_hash(st, r->pg->base[FACTS_SITE_LANG], NULL, NULL);
	value_hash(st, r->pg->base[FACTS_OTHER_LANG], NULL, NULL);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(out, c.digest, 16);
	return 0;
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

/* Writes a file that is not a page (bundle files, theme assets, the search
 * index) and counts it. A failure is a disk error (exit 3), never the
 * content's, and stops every thread from writing more. Returns 0 or -1. */
static int write_counted(renderer *r, const char *relpath, const buf *data)
{
	if (output_write(r->out, relpath, data->ptr, data->size) != 0) {
		r->error = -1;
		r->io_error = 1;
		atomic_store(r->stop, 1);
		return -1;
	}
	r->stats->files++;
	return 0;
}

/* Renders and writes a page, recording its key (may be NULL). */
static void render_keyed(renderer *r, int tpl, const value *ctx, const char *relpath,
			 const output_key *key)
{
	buf html = BUF_INIT;

	if (r->io_error || atomic_load(r->stop))
		return;
	if (mustache_render_over(&html, r->diags, r->tpl[tpl], pages_base_of(r->pg, ctx), ctx) != 0) {
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

static void write_dialogue(renderer *r, const model_dialogue *d)
{
	buf path = BUF_INIT;
	value *ctx = pages_dialogue(&path, r->pg, d);
	/* The body is a function of the file's bytes (and of front matter
	 * already in the context): its blob id stands in for it, so an
	 * unchanged page costs neither the read nor cmark. Without an id (a
	 * work tree) the page is always made. */
	char id[41];
	output_key key;
	int keyed = source_file_id(id, r->src, d->path) == 0;

	r->lastmod = facts_of(r->f, d)->updated_day;
	if (keyed)
		page_key(&key, r, TPL_DIALOGUE, ctx, id);
	if (!keyed || !keep_page(r, path.ptr, &key)) {
		/* A read error is reported in the diagnostics, which fail the build. */
		(void)pages_dialogue_body(value_map_get(ctx, "dialogue"), r->pg, r->diags, d);
		render_keyed(r, TPL_DIALOGUE, ctx, path.ptr, keyed ? &key : NULL);
	}
	value_free(ctx);
	buf_free(&path);
}

/* Every page of a paginated list. */
static void render_list(renderer *r, const pages_list *l)
{
	size_t p, n = pages_list_count(r->pg, l);

	for (p = 1; p <= n && !r->io_error; p++) {
		buf path = BUF_INIT;
		value *ctx = pages_list_page(&path, r->pg, l, p);
		render_to(r, TPL_LIST, ctx, path.ptr);
		value_free(ctx);
		buf_free(&path);
	}
}

/* Renders a context a builder of pages.h made, and frees it. */
static void render_ctx(renderer *r, int tpl, value *ctx, buf *path)
{
	render_to(r, tpl, ctx, path->ptr);
	value_free(ctx);
	buf_clear(path);
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
		write_counted(r, f->dest, &data);
	}
	buf_free(&data);
}

/* A static file of the theme gets its content hash in its name
 * (assets/<stem>.<10 hex>.<ext>), so it can be cached forever; *url gets
 * its address. Returns 0, 1 when the theme has no such file (the caller
 * says which), -1 when it cannot be written. */
static int write_asset(renderer *r, char **url, const char *relpath, const char *stem,
		       const char *ext)
{
	buf data = BUF_INIT, display = BUF_INIT, name = BUF_INIT;
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];
	int error = -1;

	if (theme_read(&data, &display, r->theme, relpath) != 0) {
		error = 1;
		goto out;
	}
	if (git_odb_hash(&oid, data.ptr, data.size, GIT_OBJECT_BLOB) != 0)
		goto out;
	git_oid_tostr(hex, sizeof(hex), &oid);
	buf_printf(&name, "assets/%s.%.10s.%s", stem, hex, ext);
	if (write_counted(r, name.ptr, &data) != 0)
		goto out;
	buf_clear(&data);
	buf_printf(&data, "%s%s", r->root, name.ptr);
	*url = buf_detach(&data);
	error = 0;
out:
	buf_free(&data);
	buf_free(&display);
	buf_free(&name);
	return error;
}

/* The theme's icon, when it has one, at the site's root: browsers ask for
 * one on every page, and a 404 for it is noise in every log. */
static int write_favicon(renderer *r)
{
	buf svg = BUF_INIT, display = BUF_INIT;
	int error = 0, rc = theme_read(&svg, &display, r->theme, "static/favicon.svg");

	if (rc == 0) {
		error = write_counted(r, "favicon.svg", &svg);
	} else if (rc < 0) {
		error = -1;
	}
	buf_free(&svg);
	buf_free(&display);
	return error;
}

static int write_assets(renderer *r)
{
	int rc = write_asset(r, &r->css_url, "static/style.css", "style", "css");

	if (rc == 1)
		DIAG_ERROR(r->diags, "static/style.css", 0, 0, "temats stilmall saknas",
			   "the theme's stylesheet is missing");
	if (rc == 0 && (rc = write_asset(r, &r->search_js_url, "static/sok.js", "sok", "js")) == 1)
		DIAG_ERROR(r->diags, "static/sok.js", 0, 0, "temats sökskript saknas",
			   "the theme's search script is missing");
	return rc;
}

/* /sok/ and the index its script filters, in the order of its list. */
static void write_search(renderer *r, const pages_facet *facets)
{
	buf path = BUF_INIT, json = BUF_INIT, index_url = BUF_INIT;
	size_t n, *order = search_order(r->pg, &n);

	buf_printf(&index_url, "%ssok/index.json", r->root);
	render_ctx(r, TPL_SEARCH, search_page(&path, r->pg, facets, order, n, r->search_js_url,
					      index_url.ptr), &path);
	search_index(&json, r->pg, facets, order, n);
	if (!r->io_error && !atomic_load(r->stop))
		write_counted(r, "sok/index.json", &json);
	free(order);
	buf_free(&path);
	buf_free(&json);
	buf_free(&index_url);
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
	PART_LIST,        /* pages_overview_list lo */
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
	const pages_facet *facets;
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
	for (k = 0; k < PAGES_FACET_COUNT; k++)
		for (i = 0; i < p->facets[k].n; i++)
			total += p->facets[k].values[i].n + 1;
	target = total / SITE_CHUNKS + 1;
	for (k = 0; k < PAGES_FACET_COUNT; k++) {
		const pages_facet *f = &p->facets[k];
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
	const pages *pg = r->pg;
	pages_list list;
	buf path = BUF_INIT;
	size_t i;

	switch (part->kind) {
	case PART_HOME:
		render_ctx(r, TPL_HOME, pages_home(&path, pg), &path);
		break;
	case PART_DIALOGUES:
		for (i = part->lo; i < part->hi; i++)
			if (!m->dialogues[i].draft)
				write_dialogue(r, &m->dialogues[i]);
		break;
	case PART_LIST:
		pages_overview_list(&list, pg, (int)part->lo);
		render_list(r, &list);
		pages_list_free(&list);
		break;
	case PART_FACET:
		for (i = part->lo; i < part->hi; i++) {
			pages_facet_list(&list, pg, &p->facets[part->fk], i);
			render_list(r, &list);
			pages_list_free(&list);
		}
		break;
	case PART_FACET_INDEX:
		render_ctx(r, TPL_FACET, pages_facet_index(&path, pg, &p->facets[part->fk]), &path);
		break;
	case PART_REST:
		for (i = 0; i < m->n_pages; i++)
			render_ctx(r, TPL_PAGE, pages_free_page(&path, pg, i), &path);
		render_ctx(r, TPL_OPEN_DATA, pages_open_data(&path, pg), &path);
		render_ctx(r, TPL_LADDER, pages_ladder(&path, pg), &path);
		render_ctx(r, TPL_PLANNING, pages_planning(&path, pg), &path);
		render_ctx(r, TPL_STATISTICS, pages_statistics(&path, pg, p->facets), &path);
		render_ctx(r, TPL_ACTIONS, pages_actions(&path, pg), &path);
		render_ctx(r, TPL_LEDGER, pages_ledger(&path, pg), &path);
		render_ctx(r, TPL_ACCESSIBILITY, pages_accessibility(&path, pg), &path);
		render_ctx(r, TPL_NOT_FOUND, pages_not_found(&path, pg), &path);
		write_search(r, p->facets);
		break;
	case PART_FILES:
		copy_files(r);
		break;
	case PART_EXPORT:
		/* As before threads: no exports once a write has failed. */
		if (!atomic_load(r->stop) &&
		    export_write_all(r->out, r->diags, r->f, r->keys ? r->key_seed : NULL,
				     output_cache_dir(r->out), output_is_update(r->out)) != 0)
			r->error = -1;
		break;
	}
	buf_free(&path);
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
static int render_all(renderer *r, const pages_facet *facets)
{
	site_plan p;
	pthread_t threads[SITE_THREADS - 1];
	size_t i, started = 0;

	memset(&p, 0, sizeof(p));
	p.facets = facets;
	atomic_init(&p.next, 0);
	plan_build(&p, r);
	for (i = 0; i < SITE_THREADS - 1; i++)
		if (pthread_create(&threads[started], NULL, plan_run, &p) == 0)
			started++;
	plan_run(&p);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	diag_phase("site: render every page and export");
	return plan_merge(r, &p);
}

/* The theme's strings in both languages, site.yaml `strings` over the
 * site language's. Returns 0, or -1 with diagnostics. */
static int load_strings(value *strings[2], diag_list *diags, const model_site *m, theme *t)
{
	const value *over = value_map_get(m->config, "strings");
	size_t i;

	if (theme_strings(&strings[FACTS_SITE_LANG], diags, t, m->lang) != 0 ||
	    theme_strings(&strings[FACTS_OTHER_LANG], diags, t, facts_other_lang(m->lang)) != 0)
		return -1;
	for (i = 0; over && over->type == VALUE_MAP && i < over->u.map.len; i++)
		value_map_set(strings[FACTS_SITE_LANG], over->u.map.pairs[i].key,
			      value_clone(over->u.map.pairs[i].val));
	return 0;
}

int site_build(site_stats *stats, output *o, diag_list *diags, const model_site *m, theme *t,
	       source *src)
{
	renderer r;
	pages_facet facets[PAGES_FACET_COUNT];
	facts facts_;
	pages pages_;
	card_hashes cards_h;
	value *strings[2] = { NULL, NULL };
	atomic_int stop;
	size_t i;
	int k;

	memset(facets, 0, sizeof(facets));
	memset(&r, 0, sizeof(r));
	memset(&facts_, 0, sizeof(facts_));
	memset(&pages_, 0, sizeof(pages_));
	memset(&cards_h, 0, sizeof(cards_h));
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
	if (load_strings(strings, diags, m, t) != 0)
		r.error = -1;
	if (r.error)
		goto out;
	facts_init(&facts_, m, strings[FACTS_SITE_LANG], strings[FACTS_OTHER_LANG]);
	r.f = &facts_;
	r.root = facts_.root;
	if (write_assets(&r) != 0 || write_favicon(&r) != 0) {
		r.error = -1;
		goto out;
	}
	pages_init(&pages_, m, &facts_, src, strings[FACTS_SITE_LANG], strings[FACTS_OTHER_LANG],
		   r.css_url);
	r.pg = &pages_;
	r.keys = key_seed(r.key_seed, &r) == 0;
	if (r.keys) {
		card_hashes_init(&cards_h, pages_.cards, m->n_dialogues);
		r.card_hashes = &cards_h;
	}
	pages_facets_build(facets, &pages_);
	diag_phase("site: facts, pages, facets");
	/* The sitemap needs every page's entry: it is written last, as before. */
	if (render_all(&r, facets) == 0 && !r.io_error &&
	    export_sitemap(o, &facts_, r.sitemap, r.n_sitemap) != 0)
		r.error = -1;
out:
	for (i = 0; i < r.n_sitemap; i++)
		free((char *)r.sitemap[i].path);
	free(r.sitemap);
	pages_facets_free(facets);
	card_hashes_free(&cards_h);
	pages_free(&pages_);
	for (k = 0; k < TPL_COUNT; k++)
		mustache_free(r.tpl[k]);
	value_free(strings[FACTS_SITE_LANG]);
	value_free(strings[FACTS_OTHER_LANG]);
	free(r.css_url);
	free(r.search_js_url);
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
		buf data = BUF_INIT, display = BUF_INIT;
		if (theme_read(&data, &display, t, "static/style.css") != 0) {
			DIAG_ERROR(diags, "static/style.css", 0, 0, "temats stilmall saknas",
				   "the theme's stylesheet is missing");
			error = -1;
		}
		if (theme_read(&data, &display, t, "static/sok.js") != 0) {
			DIAG_ERROR(diags, "static/sok.js", 0, 0, "temats sökskript saknas",
				   "the theme's search script is missing");
			error = -1;
		}
		buf_free(&data);
		buf_free(&display);
	}
	return error;
}

/* pages: the context of every page, for the theme's templates.
 *
 * Each builder returns a new context (the caller renders and frees it) and
 * appends the page's output path to `path`. Contexts are pure functions of
 * the model, the facts and `today`; nothing here renders or writes, which
 * is site.c's part (the render plan: threads, page keys, output).
 *
 *     model, history -> facts -> pages, export -> site
 *
 * A pages struct is read-only once made, so several threads may build
 * contexts from it at once. */
#ifndef TRAPPA_PAGES_H
#define TRAPPA_PAGES_H

#include "buf.h"
#include "diag.h"
#include "facts.h"
#include "model.h"
#include "source.h"
#include "value.h"

typedef struct pages {
	const model_site *m;
	const facts *f;
	source *src;      /* for the dialogues' Markdown (pages_dialogue_body) */
	const char *root; /* f->root */
	value *strings[2];   /* the theme's strings per facts slot, borrowed */
	value *base[2];      /* what every page of a language shares (pages_base_of) */
	value **cards;       /* per dialogue: the summary used in lists */
	const size_t *order; /* published originals in list order */
	size_t n_order;
	/* Per facts slot and level: the ladder of a dialogue at that level,
	 * made once and shown in each dialogue's context as a view. */
	value *ladders[2][MODEL_LEVEL_COUNT];
} pages;

/* Makes p: the base contexts (css_url: the stylesheet's address) and every
 * dialogue's card. strings_site and strings_other are borrowed and must
 * outlive p, as must everything else passed. */
void pages_init(pages *p, const model_site *m, const facts *f, source *src, value *strings_site,
		value *strings_other, const char *css_url);
void pages_free(pages *p);

/* The base context a page's context renders over (mustache_render_over). */
const value *pages_base_of(const pages *p, const value *ctx);

value *pages_home(buf *path, const pages *p);
value *pages_not_found(buf *path, const pages *p);
value *pages_ladder(buf *path, const pages *p);
value *pages_accessibility(buf *path, const pages *p);
value *pages_open_data(buf *path, const pages *p);
/* /atgarder/: every action in progress or planned, with its dialogue. */
value *pages_actions(buf *path, const pages *p);
/* /aterkoppling/: the promise ledger (facts_ledger), per committee and in total. */
value *pages_ledger(buf *path, const pages *p);
/* /planering/: the planned and ongoing dialogues, month by month (plan_months). */
value *pages_planning(buf *path, const pages *p);
/* The free page that also lists every ongoing continuous dialogue (the
 * ways in that are always open). */
#define PAGES_WAYS_IN_SLUG "sa-kan-du-paverka"
/* Free page i of m->pages. */
value *pages_free_page(buf *path, const pages *p, size_t i);

/* A dialogue's page, without its rendered Markdown: the page key stands
 * in for that (site.c), so an unchanged page costs neither the read nor
 * cmark. pages_dialogue_body adds it; an error is reported to diags. */
value *pages_dialogue(buf *path, const pages *p, const model_dialogue *d);
int pages_dialogue_body(value *ctx, const pages *p, diag_list *diags, const model_dialogue *d);

/* ---- facets: committee, area, theme, target group, method, year, kind, urval - */

typedef struct pages_facet_value {
	char *slug;
	char *label;
	size_t *idx; /* dialogue indices, in list order */
	size_t n, cap;
} pages_facet_value;

typedef struct pages_facet {
	const char *dir;       /* "omrade" */
	const char *key;       /* front-matter key, or NULL for computed facets */
	const char *title_key; /* strings key: "facet_area" */
	pages_facet_value *values; /* in the order first seen; sorted by slug once collected */
	size_t n, cap;
	size_t *slots;  /* while collecting: open addressing by slug, index + 1, 0 = free */
	size_t n_slots; /* a power of two, at least twice n */
} pages_facet;

enum {
	PAGES_FACET_COMMITTEE,
	PAGES_FACET_AREA,
	PAGES_FACET_THEME,
	PAGES_FACET_TARGET,
	PAGES_FACET_METHOD,
	PAGES_FACET_YEAR,
	PAGES_FACET_KIND,  /* /typ/: medborgardialog, samråd, brukardialog, öppen kanal */
	PAGES_FACET_TRAIT, /* /urval/: politiker deltar, löpande, utvärderad */
	PAGES_FACET_COUNT
};

/* Collects every facet's values over the published originals, each value's
 * dialogues in list order, the values sorted by slug. */
void pages_facets_build(pages_facet facets[PAGES_FACET_COUNT], const pages *p);
void pages_facets_free(pages_facet facets[PAGES_FACET_COUNT]);
value *pages_facet_index(buf *path, const pages *p, const pages_facet *f);
value *pages_statistics(buf *path, const pages *p, const pages_facet facets[PAGES_FACET_COUNT]);
/* "Vilka deltog?" over list (published originals: the year's, the
 * site's): the context of the partial participants.mustache, from
 * facts_profile_count, so never a count under the privacy threshold; null
 * when no dialogue of list has a participant_profile. scope names the set
 * in the tables' captions ("2025"), or NULL (then the partial also says
 * the privacy rule). */
value *pages_participants(const pages *p, const char *lang, const facts_dialogue *const *list,
			  size_t n, const char *scope);

/* ---- paginated lists ---------------------------------------------------------- */

typedef struct pages_list {
	buf dir;        /* "dialoger", "status/pagaende", "omrade/centrum" */
	buf title;
	buf parent_url; /* empty: no parent breadcrumb */
	const char *intro, *parent_title; /* NULL for none */
	value *items;   /* a view of the cards */
	/* A year's list (/ar/2026/): its first page is the year's report
	 * (pages_list_page); NULL for every other list. */
	const pages_facet_value *report;
	int report_year;
} pages_list;

/* The lists over every dialogue: the full list, one per status, one per level. */
#define PAGES_OVERVIEW_LISTS (1 + MODEL_STATUS_COUNT + MODEL_LEVEL_COUNT)

void pages_overview_list(pages_list *out, const pages *p, int which);
/* The list of value i of facet f. */
void pages_facet_list(pages_list *out, const pages *p, const pages_facet *f, size_t i);
/* How many pages list l takes (at least 1). */
size_t pages_list_count(const pages *p, const pages_list *l);
/* Page `page` (from 1) of l: dir/index.html, then dir/sida/N/index.html. */
value *pages_list_page(buf *path, const pages *p, const pages_list *l, size_t page);
void pages_list_free(pages_list *l);

/* ---- for pages made elsewhere (search.h) ----------------------------------------- */

/* What every page's context holds: language, title, canonical address,
 * breadcrumbs (start page, the parent when parent_title is not NULL, the
 * page), the menu; description feeds meta and Open Graph (NULL: the
 * site's). */
value *pages_context(const pages *p, const char *lang, const char *title, const char *url,
		     const char *parent_title, const char *parent_url, const char *description);
/* The filters of "Alla dialoger" and /sok/ as plain links: "groups" (each
 * a "label" and "links" of "label" and "url": every status, every level,
 * the facets' own pages) and "search_url". */
value *pages_filters(const pages *p);

#endif

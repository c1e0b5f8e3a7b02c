/* fixture_site.h: a small site loaded as a build would (model, facts,
 * pages, facets), for the unit tests of what pages and search make of it.
 *
 *   fixture_site_dir    makes the temporary folder; write content/ below site
 *   fixture_site_load   loads it with today 2026-11-22, the theme's strings
 *                       empty (the built-in texts)
 *   fixture_site_free   frees it and removes the folder
 *
 * Header only, like fixture.h. */
#ifndef TRAPPA_TESTS_FIXTURE_SITE_H
#define TRAPPA_TESTS_FIXTURE_SITE_H

#include "facts.h"
#include "fixture.h"
#include "model.h"
#include "pages.h"
#include "source.h"

typedef struct fixture_site {
	char tmp[256], site[300];
	source *src;
	model_site m;
	diag_list d;
	facts f;
	pages pg;
	pages_facet facets[PAGES_FACET_COUNT];
	value *strings;
} fixture_site;

static inline int fixture_site_dir(fixture_site *fs, const char *name)
{
	memset(fs, 0, sizeof(*fs));
	diag_set_language(DIAG_LANG_EN);
	if (fixture_mkdtemp(fs->tmp, sizeof(fs->tmp), name) != 0)
		return -1;
	snprintf(fs->site, sizeof(fs->site), "%s/site", fs->tmp);
	return 0;
}

static inline int fixture_site_load(fixture_site *fs)
{
	model_options opts = { "content", "2026-11-22", NULL, 0 };

	if (source_open_worktree(&fs->src, &fs->d, fs->site) != 0 ||
	    model_load(&fs->m, &fs->d, fs->src, &opts) != 0)
		return -1;
	fs->strings = value_new_map();
	facts_init(&fs->f, &fs->m, fs->strings, fs->strings);
	pages_init(&fs->pg, &fs->m, &fs->f, fs->src, fs->strings, fs->strings, "/assets/style.css");
	pages_facets_build(fs->facets, &fs->pg);
	return 0;
}

static inline void fixture_site_free(fixture_site *fs)
{
	pages_facets_free(fs->facets);
	pages_free(&fs->pg);
	facts_free(&fs->f);
	value_free(fs->strings);
	model_free(&fs->m);
	diag_list_free(&fs->d);
	source_free(fs->src);
	fixture_remove_tree(fs->tmp);
	fixture_free_kept();
}

#endif

/* Unit tests for search: the words of the index (lower case, Swedish
 * letters kept, stop words, months and short numbers dropped, each word
 * once), the A–Ö order, and sok/index.json (escaping, facets, order,
 * determinism) from a small site loaded as a build would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "fixture.h"
#include "fixture_site.h"
#include "model.h"
#include "pages.h"
#include "search.h"
#include "source.h"

static void expect_words(const char *start, const char *text, const char *want)
{
	buf out = BUF_INIT;

	buf_puts(&out, start);
	search_words(&out, text, strlen(text));
	assert_string_equal(out.ptr, want);
	buf_free(&out);
}

static void test_words(void **state)
{
	(void)state;
	/* Lower case, Swedish letters kept, each word once, stop words out. */
	expect_words("", "Cykelparkering vid STATIONEN och Cykelparkering i Åby",
		     "cykelparkering stationen åby");
	expect_words("", "ÄLDREBOENDE Östra Ängen", "äldreboende östra ängen");
	/* Hyphens, dashes, quotes and punctuation split; one-letter words and
	 * one- or two-digit numbers go, longer numbers stay. */
	expect_words("", "F–6-skola, ”Torget” (år 2030) den 15 maj; riksväg 155!",
		     "skola torget år 2030 riksväg 155");
	/* Words already in the list are not added again. */
	expect_words("torget", "Torget och parken", "torget parken");
	/* Accented letters are letters; × and typographic spaces are not. */
	expect_words("", "Café 3×4\u00a0meter\u2009bredd", "café meter bredd");
	expect_words("", "", "");
	expect_words("", "och i på", "");
}

/* The stop words are looked up by bsearch: every one must be found, the
 * ones whose UTF-8 bytes sort in a way a Swedish reader would not expect
 * too ("från" < "får" < "för"). */
static void test_stop_words(void **state)
{
	static const char *const stop[] = { "och", "för", "från", "får", "är", "även", "över",
					     "alla", "vårt", "januari", "december", "maj" };
	static const char *const not_stop[] = { "park", "förskola", "ö", "", "mars2" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		assert_true(search_is_stop_word(stop[i], strlen(stop[i])));
	for (i = 0; i < sizeof(not_stop) / sizeof(not_stop[0]); i++)
		assert_false(search_is_stop_word(not_stop[i], strlen(not_stop[i])));
	/* Only len bytes count. */
	assert_true(search_is_stop_word("ochså", 3));
}

static void test_collate(void **state)
{
	(void)state;
	assert_true(search_collate("Zebra", "Åby") < 0);
	assert_true(search_collate("Åby", "Ängen") < 0);
	assert_true(search_collate("Ängen", "Östra") < 0);
	assert_true(search_collate("ängen", "Ängen") == 0);
	assert_true(search_collate("Café", "Cafe") == 0);
	assert_true(search_collate("Cafe", "Cykel") < 0);
	/* Spaces and punctuation do not count; a prefix comes first. */
	assert_true(search_collate("Ny simhall", "Nysimhall") == 0);
	assert_true(search_collate("Ny simhall", "Nybygge") > 0);
	assert_true(search_collate("Park", "Parken") < 0);
	assert_true(search_collate("2030-planen", "Aldreplan") < 0);
	assert_true(search_collate("", "a") < 0);
}

/* search_order sorts by keys made once per title: the same order as
 * search_collate on the titles (the slug where there is none), ties by
 * slug. */
static void test_order(void **state)
{
	static const char *const titles[] = { "Östra torget", "Åby park", "Café Ängen", "Cafe Ängen",
					      "cykelväg", "Cykel-väg", NULL, "Zebra", "2030-planen",
					      "Ängen", "Aengen", "Park", "Parken", "Ny simhall",
					      "Nysimhall", "Über", "Ybbs", "", "ö", "Ø" };
	enum { N = sizeof(titles) / sizeof(titles[0]) };
	model_dialogue d[N];
	model_site m;
	pages pg;
	size_t idx[N], i, n, *order;
	char slugs[N][8];

	(void)state;
	memset(&m, 0, sizeof(m));
	memset(&pg, 0, sizeof(pg));
	memset(d, 0, sizeof(d));
	for (i = 0; i < N; i++) {
		/* Slugs backwards, so ties are not already in order. */
		snprintf(slugs[i], sizeof(slugs[i]), "s%02zu", N - i);
		d[i].slug = slugs[i];
		d[i].fm = value_new_map();
		if (titles[i])
			value_map_set_string(d[i].fm, "title", titles[i]);
		idx[i] = i;
	}
	m.dialogues = d;
	m.n_dialogues = N;
	pg.m = &m;
	pg.order = idx;
	pg.n_order = N;
	order = search_order(&pg, &n);
	assert_int_equal(n, N);
	for (i = 0; i + 1 < n; i++) {
		const model_dialogue *x = &d[order[i]], *y = &d[order[i + 1]];
		const char *tx = value_string(value_map_get(x->fm, "title"));
		const char *ty = value_string(value_map_get(y->fm, "title"));
		int c = search_collate(tx ? tx : x->slug, ty ? ty : y->slug);
		assert_true(c < 0 || (c == 0 && strcmp(x->slug, y->slug) < 0));
	}
	free(order);
	for (i = 0; i < N; i++)
		value_free(d[i].fm);
}

/* ---- the index of a site ------------------------------------------------------------ */

static fixture_site fx;

static void put(const char *rel, const char *text)
{
	fixture_write_file(fx.site, rel, text);
}

static int setup(void **state)
{
	(void)state;
	if (fixture_site_dir(&fx, "search") != 0)
		return -1;
	put("content/site.yaml", "title: Dialoger\nmunicipality: Testkommun\n"
				 "base_url: https://dialog.example.se/\n"
				 "committees:\n  SBN: Stadsbyggnadsnämnden\n  KFN: Kultur- och fritidsnämnden\n");
	put("content/dialoger/parkering.md",
	    "---\ntitle: \"Östra torget\"\nsummary: \"Var ska \\\"bilarna\\\" stå?\"\nlevel: dialog\n"
	    "responsible: SBN\ncontact: { name: Anna, email: anna@example.se }\nstart: 2026-01-10\nend: 2026-12-01\n"
	    "areas: [ \"Öster\", \"Centrum\" ]\nthemes: [ Trafik ]\n---\n"
	    "Vi bygger en cykelparkering vid stationen.\n\nAndra stycket om sparvar.\n\n"
	    "## Bakgrund\n\nTredje stycket om hängbroar.\n\n### Karta över torget\n\nText.\n");
	put("content/dialoger/bibliotek.md",
	    "---\ntitle: \"Ett nytt bibliotek\"\nsummary: Böcker.\nlevel: information\n"
	    "responsible: KFN\ncontact: { name: Bo, email: bo@example.se }\n"
	    "areas: [ Centrum ]\nkind: samråd\npoliticians: [ \"Eva Ek (S)\" ]\n"
	    "evaluation: { summary: Bra. }\n---\nBiblioteket flyttar.\n");
	put("content/dialoger/utkast.md",
	    "---\ntitle: Utkast\nsummary: Hemligt.\nlevel: information\ndraft: true\n"
	    "responsible: SBN\ncontact: { name: Bo, email: bo@example.se }\n---\nHemligt.\n");
	return fixture_site_load(&fx);
}

static int teardown(void **state)
{
	(void)state;
	fixture_site_free(&fx);
	return 0;
}

static char *index_json(void)
{
	buf out = BUF_INIT;
	size_t n, *order = search_order(&fx.pg, &n);

	search_index(&out, &fx.pg, fx.facets, order, n);
	free(order);
	return fixture_keep(buf_detach(&out));
}

static void test_index(void **state)
{
	const char *json, *p;

	(void)state;
	if (fx.d.errors)
		diag_print(&fx.d, stderr);
	assert_int_equal(fx.d.errors, 0);
	json = index_json();
	/* The same site gives the same bytes. */
	assert_string_equal(json, index_json());
	/* A–Ö: "Ett nytt bibliotek" before "Östra torget"; no draft. */
	p = strstr(json, "\"dialogues\":[\n[\"nytt bibliotek böcker centrum biblioteket flyttar\",");
	assert_non_null(p);
	/* The title ("Ett" is a stop word), summary (its quotes only split
	 * words), facet values, the first paragraph and the headings; not
	 * the other paragraphs. */
	assert_non_null(strstr(p, "\n[\"östra torget bilarna stå öster centrum trafik bygger "
				  "cykelparkering stationen bakgrund karta\","));
	assert_null(strstr(json, "sparvar"));
	assert_null(strstr(json, "hängbroar"));
	assert_null(strstr(json, "utkast"));
	/* Facet values: labels escaped, sorted by slug; each dialogue points
	 * into them: status ongoing (1), level dialog (2), committee 1,
	 * areas centrum (0) and öster (1), theme trafik (0), no target group,
	 * year 2026 (0). */
	assert_non_null(strstr(json, "{\"key\":\"omrade\",\"values\":[[\"centrum\",\"Centrum\"],"
				     "[\"oster\",\"Öster\"]]}"));
	assert_non_null(strstr(json, "{\"key\":\"namnd\",\"values\":[[\"kultur-och-fritidsnamnden\","
				     "\"Kultur- och fritidsnämnden\"],[\"stadsbyggnadsnamnden\","
				     "\"Stadsbyggnadsnämnden\"]]}"));
	/* Then kind (medborgardialog, 0) and the yes-or-no facets politiker,
	 * lopande, utvarderad (0 yes, 1 no). */
	assert_non_null(strstr(json, "stationen bakgrund karta\",1,2,1,[0,1],[0],[],0,0,1,1,1]"));
	/* The other is planned (no start: "utan startdatum"), a samråd with
	 * politicians and an evaluation. */
	assert_non_null(strstr(json, "biblioteket flyttar\",0,0,0,[0],[],[],1,1,0,1,0]"));
	assert_non_null(strstr(json, "{\"key\":\"typ\",\"values\":[[\"medborgardialog\",\"Medborgardialog\"],"
				     "[\"samrad\",\"Samråd\"]]}"));
	assert_non_null(strstr(json, "{\"key\":\"politiker\",\"values\":[[\"ja\",\"filter_yes\"],"
				     "[\"nej\",\"filter_no\"]]}"));
	assert_non_null(strstr(json, "{\"key\":\"utvarderad\",\"values\":"));
	/* /urval/ lists only the yes side: politicians and evaluated here. */
	assert_int_equal(fx.facets[PAGES_FACET_TRAIT].n, 2);
	assert_string_equal(fx.facets[PAGES_FACET_TRAIT].values[0].slug, "politiker-deltar");
	assert_string_equal(fx.facets[PAGES_FACET_TRAIT].values[1].slug, "utvarderad");
	assert_non_null(strstr(json, "{\"key\":\"ar\",\"values\":[[\"2026\",\"2026\"],"
				     "[\"utan-startdatum\","));
	/* Stop words first, for sok.js to ignore in a query. */
	assert_true(strncmp(json, "{\"version\":1,\n\"stop\":[\"alla\",", 29) == 0);
	assert_int_equal(json[strlen(json) - 1], '\n');
}

/* The page lists the same dialogues in the same order, with their slugs. */
static void test_page(void **state)
{
	buf path = BUF_INIT;
	size_t n, *order = search_order(&fx.pg, &n);
	value *ctx = search_page(&path, &fx.pg, fx.facets, order, n, "/assets/sok.x.js",
				 "/sok/index.json");
	const value *results = value_map_get(ctx, "results");

	(void)state;
	assert_string_equal(path.ptr, "sok/index.html");
	assert_int_equal(value_list_len(results), 2);
	assert_string_equal(value_string(value_map_get(value_list_at(results, 0), "slug")), "bibliotek");
	assert_string_equal(value_string(value_map_get(value_list_at(results, 1), "slug")), "parkering");
	assert_string_equal(value_string(value_map_get(ctx, "script_url")), "/assets/sok.x.js");
	/* status, level, committee, area, theme, target group, year, kind,
	 * politicians, continuous, evaluated */
	assert_int_equal(value_list_len(value_map_get(ctx, "selects")), 11);
	assert_non_null(value_map_get(ctx, "filters"));
	value_free(ctx);
	free(order);
	buf_free(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_stop_words),
		cmocka_unit_test(test_collate),
		cmocka_unit_test(test_order),
		cmocka_unit_test_setup_teardown(test_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for pages: a year's annual report (/ar/<yyyy>/: which
 * dialogues, the counts, the promise ledger's figures, children heard,
 * evaluations, only on the list's first page), the kind and urval facets,
 * and the continuous channels of "Så kan du påverka", from a small site
 * loaded as a build would. */
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
#include "source.h"

static fixture_site fx;

static void put(const char *rel, const char *text)
{
	fixture_write_file(fx.site, rel, text);
}

#define HEAD "summary: S.\nresponsible: SBN\ncontact: { name: Anna, email: anna@example.se }\n"

static int setup(void **state)
{
	(void)state;
	if (fixture_site_dir(&fx, "pages") != 0)
		return -1;
	put("content/site.yaml", "title: Dialoger\nmunicipality: Testkommun\n"
				 "base_url: https://dialog.example.se/\npage_size: 2\n"
				 "committees:\n  SBN: Stadsbyggnadsnämnden\n  KFN: Kultur- och fritidsnämnden\n");
	/* 2026: finished with feedback on time, a samråd, children heard,
	 * evaluated, politicians; */
	put("content/dialoger/a.md",
	    "---\ntitle: A\n" HEAD "level: konsultation\nstart: 2026-01-10\nend: 2026-02-10\n"
	    "feedback_due: 2026-03-01\nfeedback_date: 2026-02-20\nkind: samråd\n"
	    "politicians: [ \"Eva Ek (S)\" ]\nchildren: { heard: true }\n"
	    "evaluation: { date: 2026-04-01, summary: Bra., url: \"https://example.se/u\" }\n"
	    "---\nText.\n\n## Resultat\n\nR.\n\n## Återkoppling\n\nÅ.\n");
	/* an ongoing öppen kanal, continuous, another committee, children
	 * not heard; */
	put("content/dialoger/b.md",
	    "---\ntitle: B\nsummary: S.\nresponsible: KFN\ncontact: { name: Anna, email: anna@example.se }\n"
	    "level: dialog\nstart: 2026-02-01\nkind: öppen kanal\ncontinuous: true\n"
	    "children: { heard: false }\n---\nText.\n\n## Så deltar du\n\nKom till mötet. Eller mejla.\n");
	/* a plain medborgardialog that says nothing about children; */
	put("content/dialoger/c.md",
	    "---\ntitle: C\n" HEAD "level: information\nstart: 2026-06-01\nend: 2026-12-31\n---\nText.\n");
	/* and one of 2025, never counted in 2026. */
	put("content/dialoger/d.md",
	    "---\ntitle: D\n" HEAD "level: information\nstart: 2025-06-01\nend: 2025-07-01\n"
	    "continuous: false\n---\nText.\n\n## Återkoppling\n\nÅ.\n");
	put("content/sidor/sa-kan-du-paverka.md", "---\ntitle: Så kan du påverka\n---\nText.\n");
	put("content/sidor/kontakt.md", "---\ntitle: Kontakt\n---\nText.\n");
	return fixture_site_load(&fx);
}

static int teardown(void **state)
{
	(void)state;
	fixture_site_free(&fx);
	return 0;
}

/* The value of facet k with slug, or fail. */
static size_t facet_value_at(int k, const char *slug)
{
	size_t i;

	for (i = 0; i < fx.facets[k].n; i++)
		if (!strcmp(fx.facets[k].values[i].slug, slug))
			return i;
	fail_msg("no value %s", slug);
	return 0;
}

static const char *text(const value *map, const char *key)
{
	const char *s = value_string(value_map_get(map, key));

	assert_non_null(s);
	return s;
}

/* The count_text of each row of a table, joined with spaces. */
static const char *counts(const value *report, const char *key)
{
	const value *rows = value_map_get(report, key);
	buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < value_list_len(rows); i++)
		buf_printf(&b, "%s%s", i ? " " : "", text(value_list_at(rows, i), "count_text"));
	return fixture_keep(buf_detach(&b));
}

static void test_year_report(void **state)
{
	pages_list l;
	buf path = BUF_INIT;
	value *ctx;
	const value *r, *ev;

	(void)state;
	if (fx.d.errors)
		diag_print(&fx.d, stderr);
	assert_int_equal(fx.d.errors, 0);
	pages_facet_list(&l, &fx.pg, &fx.facets[PAGES_FACET_YEAR], facet_value_at(PAGES_FACET_YEAR, "2026"));
	assert_int_equal(l.report_year, 2026);
	assert_string_equal(l.title.ptr, "Medborgardialoger 2026 – årsrapport");
	assert_int_equal(pages_list_count(&fx.pg, &l), 2);
	ctx = pages_list_page(&path, &fx.pg, &l, 1);
	assert_string_equal(path.ptr, "ar/2026/index.html");
	r = value_map_get(ctx, "report");
	assert_non_null(r);
	/* The year's three dialogues, never 2025's. */
	assert_string_equal(text(r, "total"), "3");
	assert_string_equal(text(r, "finished"), "1");
	assert_string_equal(text(r, "continuous"), "1");
	assert_string_equal(text(r, "politicians"), "1");
	assert_string_equal(text(r, "evaluated"), "1");
	assert_string_equal(text(r, "heard"), "1");
	/* of the two that concern children (both say `children:`), as on
	 * /statistik/; the third says nothing and is not counted */
	assert_string_equal(text(r, "children_concern"), "2");
	assert_string_equal(text(r, "children_share"), "50\xc2\xa0%");
	/* planerad, pågående, avslutad, pausad, inställd; the five steps;
	 * the kinds in model order; children yes, no, not stated. */
	assert_string_equal(counts(r, "by_status"), "0 2 1 0 0");
	assert_string_equal(counts(r, "by_level"), "1 1 1 0 0");
	assert_string_equal(counts(r, "by_kind"), "1 1 0 1");
	/* of the two that concern children; the third does not */
	assert_string_equal(counts(r, "by_children"), "1 1 0");
	/* Per committee, in the order of site.yaml. */
	assert_string_equal(counts(r, "by_committee"), "2 1");
	assert_string_equal(text(value_list_at(value_map_get(r, "by_committee"), 0), "label"),
			    "Stadsbyggnadsnämnden");
	/* The promise ledger's figures over the year (facts_ledger_count). */
	assert_string_equal(text(value_map_get(r, "feedback"), "finished"), "1");
	assert_string_equal(text(value_map_get(r, "feedback"), "on_time"), "1");
	assert_string_equal(text(value_map_get(r, "feedback"), "late"), "0");
	/* Evaluations: the one, with its date and report. */
	assert_int_equal(value_list_len(value_map_get(r, "evaluations")), 1);
	ev = value_list_at(value_map_get(r, "evaluations"), 0);
	assert_string_equal(text(ev, "title"), "A");
	assert_string_equal(text(ev, "date_text_iso"), "2026-04-01");
	assert_string_equal(text(ev, "href"), "https://example.se/u");
	/* Who took part: the place the lead connects, empty until then. */
	assert_non_null(value_map_get(r, "participants"));
	assert_int_equal(value_map_get(r, "participants")->type, VALUE_NULL);
	/* Under the report the list is one level down. */
	assert_int_equal((int)value_map_get(ctx, "card_level")->u.number, 3);
	value_free(ctx);
	/* The report is the first page's; the second only lists. */
	buf_clear(&path);
	ctx = pages_list_page(&path, &fx.pg, &l, 2);
	assert_string_equal(path.ptr, "ar/2026/sida/2/index.html");
	assert_int_equal(value_map_get(ctx, "report")->type, VALUE_NULL);
	value_free(ctx);
	pages_list_free(&l);
	buf_free(&path);
}

/* Only years are reports: another facet value, another facet, a list. */
static void test_not_a_report(void **state)
{
	pages_list l;
	buf path = BUF_INIT;
	value *ctx;

	(void)state;
	pages_facet_list(&l, &fx.pg, &fx.facets[PAGES_FACET_KIND], facet_value_at(PAGES_FACET_KIND, "samrad"));
	assert_null(l.report);
	ctx = pages_list_page(&path, &fx.pg, &l, 1);
	assert_int_equal(value_map_get(ctx, "report")->type, VALUE_NULL);
	assert_string_equal(path.ptr, "typ/samrad/index.html");
	value_free(ctx);
	pages_list_free(&l);
	buf_free(&path);
}

/* Kind: every dialogue has one; urval: only the yes side. */
static void test_kind_and_urval(void **state)
{
	const pages_facet *kind = &fx.facets[PAGES_FACET_KIND], *trait = &fx.facets[PAGES_FACET_TRAIT];

	(void)state;
	assert_string_equal(kind->dir, "typ");
	assert_int_equal(fx.facets[PAGES_FACET_KIND].values[facet_value_at(PAGES_FACET_KIND, "medborgardialog")].n, 2);
	assert_int_equal(kind->values[facet_value_at(PAGES_FACET_KIND, "oppen-kanal")].n, 1);
	assert_int_equal(kind->n, 3); /* no brukardialog: no empty list */
	assert_string_equal(trait->dir, "urval");
	assert_int_equal(trait->n, 3);
	assert_int_equal(trait->values[facet_value_at(PAGES_FACET_TRAIT, "lopande")].n, 1);
	assert_int_equal(trait->values[facet_value_at(PAGES_FACET_TRAIT, "politiker-deltar")].n, 1);
	assert_int_equal(trait->values[facet_value_at(PAGES_FACET_TRAIT, "utvarderad")].n, 1);
}

/* "Så kan du påverka" lists the ongoing continuous dialogues with how to
 * take part; other free pages list none. */
static void test_channels(void **state)
{
	buf path = BUF_INIT;
	value *ctx;
	const value *channels;
	size_t i;

	(void)state;
	for (i = 0; i < fx.m.n_pages; i++) {
		ctx = pages_free_page(&path, &fx.pg, i);
		channels = value_map_get(ctx, "channels");
		if (!strcmp(fx.m.pages[i].slug, "sa-kan-du-paverka")) {
			assert_int_equal(value_list_len(channels), 1);
			assert_string_equal(text(value_list_at(channels, 0), "title"), "B");
			assert_string_equal(text(value_list_at(channels, 0), "url"), "/dialoger/b/");
			assert_string_equal(text(value_list_at(channels, 0), "how"), "Kom till mötet.");
		} else {
			assert_int_equal(value_list_len(channels), 0);
		}
		value_free(ctx);
		buf_clear(&path);
	}
	buf_free(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_year_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_and_urval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_channels, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lang: the one answer to "which language is this?", and
 * that every module picking something by language (month names, quotes,
 * section headings, built-in and theme strings, a dialogue's and a free
 * page's language, html lang and og:locale, the diagnostics' language)
 * gives the same answer for the same tag. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "facts.h"
#include "lang.h"
#include "markdown.h"
#include "model.h"
#include "pages.h"

typedef struct tag_case {
	const char *tag;
	const char *code; /* what lang_code answers */
} tag_case;

static const tag_case cases[] = {
	{ "sv", "sv" },    { "en", "en" },	   { "en-GB", "en" }, { "EN", "en" },
	{ NULL, NULL },    { "sv_SE", "sv" },	   { "Sv-fi", "sv" }, { "en_US.UTF-8", "en" },
	{ "fr", NULL },    { "e", NULL },	   { "eng", NULL },   { "", NULL },
	{ "en GB", NULL }, { "se", NULL },
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void test_code(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_CASES; i++) {
		const char *code = lang_code(cases[i].tag);
		if (cases[i].code)
			assert_string_equal(code, cases[i].code);
		else
			assert_null(code);
		assert_int_equal(lang_is_english(cases[i].tag),
				 cases[i].code && !strcmp(cases[i].code, "en"));
	}
	/* A tag inside a longer text: only its n bytes count. */
	assert_string_equal(lang_code_n("en.md", 2), "en");
	assert_true(lang_is_english_n("en.md", 2));
	assert_null(lang_code_n("en.md", 3));
	assert_false(lang_is_english_n("sv", 2));
	assert_string_equal(lang_codes[0], "sv");
	assert_string_equal(lang_codes[1], "en");
}

static void split(const char *name, int want_rc, const char *want_slug, const char *want_code)
{
	const char *code;
	size_t slug_len, code_len;

	assert_int_equal(lang_split_file_name(&slug_len, &code, &code_len, name), want_rc);
	if (want_rc != 0)
		return;
	assert_int_equal(slug_len, strlen(want_slug));
	assert_memory_equal(name, want_slug, slug_len);
	if (!want_code) {
		assert_null(code);
		return;
	}
	assert_int_equal(code_len, strlen(want_code));
	assert_memory_equal(code, want_code, code_len);
}

/* The file names of dialogues and translations, as model.c and history.c
 * both read them. */
static void test_split_file_name(void **state)
{
	(void)state;
	split("parken.md", 0, "parken", NULL);
	split("parken.en.md", 0, "parken", "en");
	split("index.ar.md", 0, "index", "ar");
	split("parken.EN.md", 0, "parken.EN", NULL); /* not a code: the slug is then invalid */
	split("parken.e.md", 0, "parken.e", NULL);
	split("parken.engl.md", 0, "parken.engl", NULL);
	split("parken.txt", -1, NULL, NULL);
	split(".md", -1, NULL, NULL);
}

/* ---- every module answers the same ------------------------------------------------ */

typedef struct site {
	model_site m;
	model_page page;
	model_dialogue d;
	value *strings_sv, *strings_en;
	facts f;
	pages pg;
	buf b;      /* scratch text, freed in teardown even after a failed assertion */
	value *ctx; /* the page's context, likewise */
} site;

static site s;

static int setup(void **state)
{
	(void)state;
	memset(&s, 0, sizeof(s));
	s.m.config = value_new_map();
	value_map_set_string(s.m.config, "title", "Dialoger");
	value_map_set_string(s.m.config, "base_url", "https://dialog.example.se/");
	s.m.lang = "sv";
	s.m.timezone = "Europe/Stockholm";
	s.m.today = date_from_ymd(2026, 11, 22);
	s.page.slug = "om";
	s.page.fm = value_new_map();
	value_map_set_string(s.page.fm, "title", "Om");
	markdown_doc_init(&s.page.body);
	s.m.pages = &s.page;
	s.m.n_pages = 1;
	s.strings_sv = value_new_map();
	value_map_set_string(s.strings_sv, "skip_to_content", "Hoppa till innehållet");
	s.strings_en = value_new_map();
	value_map_set_string(s.strings_en, "skip_to_content", "Skip to content");
	assert_int_equal(facts_init(&s.f, &s.m, s.strings_sv, s.strings_en), 0);
	pages_init(&s.pg, &s.m, &s.f, NULL, s.strings_sv, s.strings_en, "/assets/site.css");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&s.b);
	value_free(s.ctx);
	pages_free(&s.pg);
	facts_free(&s.f);
	markdown_doc_free(&s.page.body);
	value_free(s.page.fm);
	value_free(s.m.config);
	value_free(s.strings_sv);
	value_free(s.strings_en);
	return 0;
}

static const char *ctx_string(const value *ctx, const char *key)
{
	return value_string(value_map_get(ctx, key));
}

/* The diagnostics' language from TRAPPA_LANG alone (tag NULL: no variable). */
static int diag_english_for(const char *tag)
{
	int en;

	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	if (tag)
		setenv("TRAPPA_LANG", tag, 1);
	else
		unsetenv("TRAPPA_LANG");
	diag_language_from_env();
	en = diag_get_language() == DIAG_LANG_EN;
	setenv("TRAPPA_LANG", "sv", 1);
	diag_language_from_env();
	return en;
}

/* On a Swedish site, for every tag: English everywhere exactly when
 * lang_is_english says so; Swedish everywhere otherwise. */
static void test_every_module_agrees(void **state)
{
	static const char results_src[] = "## Results\n\nText.\n";
	static const char quote_src[] = "\"a\"";
	buf *b = &s.b;
	size_t i;

	(void)state;
	for (i = 0; i < N_CASES; i++) {
		const char *tag = cases[i].tag;
		int en = lang_is_english(tag);
		const char *code = en ? "en" : "sv";
		const value *t;

		/* date.c */
		buf_clear(b);
		date_format_long(b, s.m.today, tag);
		assert_string_equal(b->ptr, en ? "22 November 2026" : "22 november 2026");
		/* markdown.c: section headings and quotes */
		assert_string_equal(markdown_section_title(MARKDOWN_SECTION_RESULTS, tag),
				    en ? "Results" : "Resultat");
		assert_int_equal(markdown_sections(results_src, sizeof(results_src) - 1, tag) != 0, en);
		buf_clear(b);
		assert_int_equal(markdown_plain_text(b, quote_src, sizeof(quote_src) - 1, tag), 0);
		assert_string_equal(b->ptr, en ? "“a”" : "”a”");
		/* diag.c */
		assert_int_equal(diag_english_for(tag), en);
		/* model.c: a dialogue's and a free page's language */
		s.d.lang = (char *)tag;
		assert_string_equal(model_dialogue_lang(&s.d), code);
		s.page.lang = tag;
		assert_string_equal(model_page_lang(&s.m, &s.page), code);
		/* facts.c: theme strings and built-in texts */
		assert_int_equal(facts_lang_slot(&s.f, tag), en ? FACTS_OTHER_LANG : FACTS_SITE_LANG);
		assert_string_equal(facts_text(&s.f, tag, "skip_to_content"),
				    en ? "Skip to content" : "Hoppa till innehållet");
		assert_string_equal(facts_text(&s.f, tag, "feed_level"), en ? "Step" : "Steg");
		/* pages.c: html lang, og:locale and the page's strings */
		buf_clear(b);
		s.ctx = pages_free_page(b, &s.pg, 0);
		assert_string_equal(ctx_string(s.ctx, "lang"), code);
		assert_string_equal(ctx_string(s.ctx, "og_locale"), en ? "en_GB" : "sv_SE");
		t = value_map_get(pages_base_of(&s.pg, s.ctx), "t");
		assert_string_equal(ctx_string(t, "skip_to_content"),
				    en ? "Skip to content" : "Hoppa till innehållet");
		value_free(s.ctx);
		s.ctx = NULL;
	}
	s.page.lang = NULL;
	s.d.lang = NULL;
}

/* The language of a meeting: codes as in lang="", names for the page. */
static void test_meeting_languages(void **state)
{
	const char *autonym;

	(void)state;
	assert_true(lang_code_is_valid("sv"));
	assert_true(lang_code_is_valid("fit"));
	assert_true(lang_code_is_valid("pt-BR"));
	assert_true(lang_code_is_valid("sr-Latn"));
	assert_false(lang_code_is_valid("SV"));
	assert_false(lang_code_is_valid("x"));
	assert_false(lang_code_is_valid("svenska"));
	assert_false(lang_code_is_valid("sv-"));
	assert_false(lang_code_is_valid("sv-x"));
	assert_false(lang_code_is_valid("sv_SE"));
	assert_false(lang_code_is_valid(""));
	assert_string_equal(lang_name(&autonym, "ar", 0), "arabiska");
	assert_string_equal(autonym, "العربية");
	assert_string_equal(lang_name(&autonym, "ar", 1), "Arabic");
	assert_string_equal(autonym, "العربية");
	/* Swedish on a Swedish page: the name is already the language's own */
	assert_string_equal(lang_name(&autonym, "sv", 0), "svenska");
	assert_null(autonym);
	assert_string_equal(lang_name(&autonym, "sv", 1), "Swedish");
	assert_string_equal(autonym, "svenska");
	assert_null(lang_name(&autonym, "xx", 0));
	assert_null(autonym);
	assert_null(lang_name(&autonym, NULL, 0));
	assert_string_equal(lang_code_of_name("arabiska"), "ar");
	assert_string_equal(lang_code_of_name("Somali"), "so");
	assert_string_equal(lang_code_of_name("FINSKA"), "fi");
	assert_null(lang_code_of_name("klingonska"));
	assert_null(lang_code_of_name(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_split_file_name),
		cmocka_unit_test(test_meeting_languages),
		cmocka_unit_test_setup_teardown(test_every_module_agrees, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

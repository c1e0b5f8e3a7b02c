/* Unit tests for slug: validity and slugs from Swedish text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "slug.h"

/* Asserts that text makes exactly the slug expected, and a valid one. */
static void assert_slug(const char *text, const char *expected)
{
	buf b = BUF_INIT;

	assert_int_equal(slug_from_text(&b, text, strlen(text)), 0);
	assert_string_equal(b.ptr, expected);
	assert_true(slug_is_valid(b.ptr));
	buf_free(&b);
}

static void test_is_valid(void **state)
{
	char s[SLUG_MAX_LEN + 2];

	(void)state;
	assert_true(slug_is_valid("a"));
	assert_true(slug_is_valid("ny-skola-i-norrby"));
	assert_true(slug_is_valid("budget-2025"));
	assert_true(slug_is_valid("2025"));
	assert_false(slug_is_valid(NULL));
	assert_false(slug_is_valid(""));
	assert_false(slug_is_valid("-a"));
	assert_false(slug_is_valid("a-"));
	assert_false(slug_is_valid("a--b"));
	assert_false(slug_is_valid("-"));
	assert_false(slug_is_valid("Skola"));
	assert_false(slug_is_valid("skola_ny"));
	assert_false(slug_is_valid("skola ny"));
	assert_false(slug_is_valid("skolgård"));
	assert_false(slug_is_valid("a/b"));
	assert_false(slug_is_valid("a.b"));
	memset(s, 'a', SLUG_MAX_LEN);
	s[SLUG_MAX_LEN] = '\0';
	assert_true(slug_is_valid(s));
	s[SLUG_MAX_LEN] = 'a';
	s[SLUG_MAX_LEN + 1] = '\0';
	assert_false(slug_is_valid(s));
}

static void test_swedish(void **state)
{
	(void)state;
	assert_slug("Så deltar du", "sa-deltar-du");
	assert_slug("Återkoppling", "aterkoppling");
	assert_slug("Ärende: Örebro", "arende-orebro");
	assert_slug("ÅÄÖ åäö", "aao-aao");
	assert_slug("Resultat", "resultat");
	assert_slug("Ny skola i Norrby – tyck till!", "ny-skola-i-norrby-tyck-till");
	assert_slug("Budget 2025/2026", "budget-2025-2026");
}

static void test_other_letters(void **state)
{
	(void)state;
	assert_slug("Café Élan", "cafe-elan");
	assert_slug("Müller über Ålesund", "muller-uber-alesund");
	assert_slug("Straße", "strasse");
	assert_slug("Smørrebrød og æbler", "smorrebrod-og-aebler");
	assert_slug("Þingvellir", "thingvellir");
	/* Latin Extended-A: Sami and Finnish names. */
	assert_slug("Čáhcesuolu Ŋ Đ Ŧ Š Ž", "cahcesuolu-n-d-t-s-z");
	assert_slug("Łódź", "lodz");
	assert_slug("Œuvre", "oeuvre");
}

static void test_separators(void **state)
{
	(void)state;
	assert_slug("  -- Hej   där --  ", "hej-dar");
	assert_slug("a_b.c,d", "a-b-c-d");
	assert_slug("”Citat”", "citat");
	assert_slug("1 + 1 = 2", "1-1-2");
	assert_slug("× ÷", "avsnitt");
	assert_slug("Emoji \xF0\x9F\x98\x80 här", "emoji-har");
	assert_slug("日本語 text", "text");
}

static void test_fallback(void **state)
{
	(void)state;
	assert_slug("", SLUG_FALLBACK);
	assert_slug("   ", "avsnitt");
	assert_slug("!?", "avsnitt");
	assert_slug("日本語", "avsnitt");
}

static void test_bad_utf8(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	/* Broken bytes separate words like any other non-letter. */
	slug_from_text(&b, "ab\xFF\xC3" "cd\xC3", 7);
	assert_string_equal(b.ptr, "ab-cd");
	buf_free(&b);
}

static void test_appends(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "x/");
	slug_from_text(&b, "Öppet hus", strlen("Öppet hus"));
	assert_string_equal(b.ptr, "x/oppet-hus");
	/* Only what it appends counts for the fallback. */
	slug_from_text(&b, "", 0);
	assert_string_equal(b.ptr, "x/oppet-husavsnitt");
	buf_free(&b);
}

static void test_long_text(void **state)
{
	char text[400];
	buf b = BUF_INIT;
	size_t i;

	(void)state;
	/* Words of 9 letters: the cut falls on a word boundary. */
	for (i = 0; i < 40; i++)
		memcpy(text + i * 10, "abcdefghi ", 10);
	slug_from_text(&b, text, 400);
	assert_int_equal(b.size, 99);
	assert_true(slug_is_valid(b.ptr));
	assert_string_equal(b.ptr + 89, "-abcdefghi");
	buf_clear(&b);
	/* One long word is cut at the limit. */
	memset(text, 'x', sizeof(text));
	slug_from_text(&b, text, sizeof(text));
	assert_int_equal(b.size, SLUG_MAX_LEN);
	assert_true(slug_is_valid(b.ptr));
	buf_clear(&b);
	/* A word ending exactly at the limit is kept whole. */
	memset(text, 'y', 100);
	memcpy(text + 100, " zz", 3);
	slug_from_text(&b, text, 103);
	assert_int_equal(b.size, 100);
	assert_int_equal(b.ptr[99], 'y');
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_valid),
		cmocka_unit_test(test_swedish),
		cmocka_unit_test(test_other_letters),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

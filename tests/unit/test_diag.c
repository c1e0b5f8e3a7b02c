/* Unit tests for diag: bilingual diagnostics in compiler format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "pack.h"

/* Asserts that item i of the list formats exactly as expected. */
static void assert_diag(const diag_list *list, size_t i, const char *expected)
{
	char *s;

	assert_true(i < list->len);
	s = diag_format(&list->items[i]);
	assert_string_equal(s, expected);
	free(s);
}

/* Every test starts in Swedish, the default. */
static int setup(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_SV);
	return 0;
}

static void test_error_with_position(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	diag_set_language(DIAG_LANG_EN);
	DIAG_ERROR(&list, "content/a.md", 3, 14, "okänd nyckel \"%s\"", "unknown key \"%s\"",
		   "titel");
	assert_int_equal(list.len, 1);
	assert_int_equal(list.items[0].severity, DIAG_SEV_ERROR);
	assert_string_equal(list.items[0].path, "content/a.md");
	assert_int_equal(list.items[0].line, 3);
	assert_int_equal(list.items[0].col, 14);
	assert_string_equal(list.items[0].message, "unknown key \"titel\"");
	assert_diag(&list, 0, "content/a.md:3:14: error: unknown key \"titel\"");
	diag_list_free(&list);
}

static void test_warning_with_position(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	diag_set_language(DIAG_LANG_EN);
	DIAG_WARNING(&list, "x.md", 1, 2, "%d bilder saknas", "%d images missing", 2);
	assert_int_equal(list.items[0].severity, DIAG_SEV_WARNING);
	assert_diag(&list, 0, "x.md:1:2: warning: 2 images missing");
	diag_list_free(&list);
}

static void test_without_position(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	diag_set_language(DIAG_LANG_EN);
	DIAG_ERROR(&list, "public", 0, 0, "kan inte skriva", "cannot write");
	DIAG_WARNING(&list, "theme", 0, 0, "gammal", "old");
	assert_diag(&list, 0, "public: error: cannot write");
	assert_diag(&list, 1, "theme: warning: old");
	diag_list_free(&list);
}

static void test_line_without_column(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	/* A known line but unknown column points at the line's start. */
	DIAG_ERROR(&list, "a.md", 7, 0, "fel", "bad");
	assert_diag(&list, 0, "a.md:7:1: error: fel");
	diag_list_free(&list);
}

static void test_null_path(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	DIAG_ERROR(&list, NULL, 0, 0, "fel", "bad");
	assert_non_null(list.items[0].path);
	assert_string_equal(list.items[0].path, "");
	diag_list_free(&list);
}

static void test_language_switch(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(diag_get_language(), DIAG_LANG_SV);
	DIAG_ERROR(&list, "p", 1, 1, "hej %s", "hello %s", "värld");
	diag_set_language(DIAG_LANG_EN);
	assert_int_equal(diag_get_language(), DIAG_LANG_EN);
	DIAG_ERROR(&list, "p", 1, 1, "hej %s", "hello %s", "world");
	diag_set_language(DIAG_LANG_SV);
	DIAG_ERROR(&list, "p", 1, 1, "hej igen", "hello again");
	/* The language is chosen when the message is added. */
	assert_string_equal(list.items[0].message, "hej värld");
	assert_string_equal(list.items[1].message, "hello world");
	assert_string_equal(list.items[2].message, "hej igen");
	diag_list_free(&list);
}

static void test_pick(void **state)
{
	(void)state;
	assert_string_equal(diag_pick("sida", "page"), "sida");
	diag_set_language(DIAG_LANG_EN);
	assert_string_equal(diag_pick("sida", "page"), "page");
	diag_set_language(DIAG_LANG_SV);
	assert_string_equal(diag_pick("sida", "page"), "sida");
}

static void test_prefix(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	diag_set_language(DIAG_LANG_EN);
	DIAG_ERROR(&list, "before.md", 1, 1, "a", "a");
	diag_set_prefix(&list, "1a2b3c4:");
	DIAG_ERROR(&list, "content/x.md", 2, 5, "b", "b");
	DIAG_WARNING(&list, "content/y.md", 0, 0, "c", "c");
	diag_set_prefix(&list, "fedcba9:"); /* replacing frees the old prefix */
	DIAG_ERROR(&list, "z.md", 1, 1, "d", "d");
	diag_set_prefix(&list, NULL);
	DIAG_ERROR(&list, "after.md", 1, 1, "e", "e");

	assert_diag(&list, 0, "before.md:1:1: error: a");
	assert_diag(&list, 1, "1a2b3c4:content/x.md:2:5: error: b");
	assert_diag(&list, 2, "1a2b3c4:content/y.md: warning: c");
	assert_diag(&list, 3, "fedcba9:z.md:1:1: error: d");
	assert_diag(&list, 4, "after.md:1:1: error: e");
	diag_list_free(&list);
}

static void test_counts(void **state)
{
	diag_list list = DIAG_LIST_INIT;
	int i;

	(void)state;
	assert_int_equal(list.errors, 0);
	assert_int_equal(list.warnings, 0);
	for (i = 0; i < 5; i++)
		DIAG_ERROR(&list, "e", i + 1, 1, "f", "e");
	for (i = 0; i < 3; i++)
		DIAG_WARNING(&list, "w", i + 1, 1, "v", "w");
	DIAG_ERROR(&list, "e", 9, 1, "f", "e");
	assert_int_equal(list.len, 9);
	assert_int_equal(list.errors, 6);
	assert_int_equal(list.warnings, 3);
	diag_list_free(&list);
	assert_int_equal(list.len, 0);
	assert_int_equal(list.errors, 0);
	assert_int_equal(list.warnings, 0);
	assert_null(list.items);
	assert_null(list.prefix);
}

static void test_sort_stable(void **state)
{
	diag_list list = DIAG_LIST_INIT;

	(void)state;
	DIAG_ERROR(&list, "b.md", 2, 1, "b2", "b2");
	DIAG_ERROR(&list, "a.md", 10, 1, "a10", "a10");
	DIAG_WARNING(&list, "a.md", 2, 5, "a2:5 first", "a2:5 first");
	DIAG_ERROR(&list, "a.md", 2, 3, "a2:3", "a2:3");
	DIAG_ERROR(&list, "a.md", 2, 5, "a2:5 second", "a2:5 second");
	DIAG_ERROR(&list, "a.md", 0, 0, "a", "a");
	DIAG_ERROR(&list, "b.md", 1, 9, "b1", "b1");
	DIAG_WARNING(&list, "a.md", 2, 5, "a2:5 third", "a2:5 third");
	diag_sort(&list);

	assert_int_equal(list.len, 8);
	/* Path, then line numerically (2 before 10), then column; equal
	 * positions keep their order. */
	assert_diag(&list, 0, "a.md: error: a");
	assert_diag(&list, 1, "a.md:2:3: error: a2:3");
	assert_diag(&list, 2, "a.md:2:5: warning: a2:5 first");
	assert_diag(&list, 3, "a.md:2:5: error: a2:5 second");
	assert_diag(&list, 4, "a.md:2:5: warning: a2:5 third");
	assert_diag(&list, 5, "a.md:10:1: error: a10");
	assert_diag(&list, 6, "b.md:1:9: error: b1");
	assert_diag(&list, 7, "b.md:2:1: error: b2");
	assert_int_equal(list.errors, 6);
	assert_int_equal(list.warnings, 2);
	diag_list_free(&list);

	diag_sort(&list); /* empty list */
	assert_int_equal(list.len, 0);
}

/* Many messages (a large site has tens of thousands): sorted, equal
 * places in the order added, across the merge sort's runs. */
static void test_sort_many(void **state)
{
	diag_list list = DIAG_LIST_INIT;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		DIAG_WARNING(&list, (i % 2) ? "a.md" : "b.md", 100 - i % 7, 1, "%d", "%d", i);
	diag_sort(&list);
	assert_int_equal(list.len, 5000);
	for (i = 1; i < 5000; i++) {
		const diag *p = &list.items[i - 1], *q = &list.items[i];
		int c = strcmp(p->path, q->path);
		assert_true(c < 0 || (c == 0 && p->line <= q->line));
		if (c == 0 && p->line == q->line)
			assert_true(atoi(p->message) < atoi(q->message));
	}
	diag_list_free(&list);
}

static void test_list_move(void **state)
{
	diag_list dst = DIAG_LIST_INIT, src = DIAG_LIST_INIT;

	(void)state;
	DIAG_ERROR(&dst, "d.md", 1, 1, "d", "d");
	diag_set_prefix(&src, "abcdef0:");
	DIAG_WARNING(&src, "s1.md", 1, 1, "s1", "s1");
	DIAG_ERROR(&src, "s2.md", 2, 2, "s2", "s2");
	DIAG_ERROR(&src, "s3.md", 3, 3, "s3", "s3");

	diag_list_move(&dst, &src);
	assert_int_equal(dst.len, 4);
	assert_int_equal(dst.errors, 3);
	assert_int_equal(dst.warnings, 1);
	assert_diag(&dst, 0, "d.md:1:1: error: d");
	assert_diag(&dst, 1, "abcdef0:s1.md:1:1: warning: s1");
	assert_diag(&dst, 2, "abcdef0:s2.md:2:2: error: s2");
	assert_diag(&dst, 3, "abcdef0:s3.md:3:3: error: s3");

	assert_int_equal(src.len, 0);
	assert_int_equal(src.errors, 0);
	assert_int_equal(src.warnings, 0);
	assert_null(src.items);
	/* src stays usable. */
	DIAG_ERROR(&src, "again.md", 1, 1, "x", "x");
	assert_int_equal(src.len, 1);
	assert_int_equal(src.errors, 1);
	diag_list_move(&dst, &src);
	assert_int_equal(dst.len, 5);
	assert_diag(&dst, 4, "abcdef0:again.md:1:1: error: x");

	diag_list_move(&dst, &src); /* moving an empty list changes nothing */
	assert_int_equal(dst.len, 5);
	assert_int_equal(dst.errors, 4);
	diag_list_free(&src);
	diag_list_free(&dst);
}

static void test_print(void **state)
{
	diag_list list = DIAG_LIST_INIT;
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	diag_set_language(DIAG_LANG_EN);
	DIAG_ERROR(&list, "a.md", 1, 2, "x", "first");
	DIAG_WARNING(&list, "b.md", 0, 0, "y", "second");
	f = open_memstream(&text, &size);
	assert_non_null(f);
	diag_print(&list, f);
	fclose(f);
	assert_string_equal(text, "a.md:1:2: error: first\nb.md: warning: second\n");
	free(text);
	diag_list_free(&list);
}

/* ---- language from the environment ------------------------------------- */

static const char *lang_vars[] = { "TRAPPA_LANG", "LC_ALL", "LC_MESSAGES", "LANG" };
#define NVARS (sizeof(lang_vars) / sizeof(lang_vars[0]))

typedef struct saved_env {
	char *values[NVARS];
} saved_env;

static int env_setup(void **state)
{
	saved_env *s = calloc(1, sizeof(*s));
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < NVARS; i++) {
		const char *v = getenv(lang_vars[i]);
		s->values[i] = v ? strdup(v) : NULL;
		unsetenv(lang_vars[i]);
	}
	*state = s;
	diag_set_language(DIAG_LANG_SV);
	return 0;
}

static int env_teardown(void **state)
{
	saved_env *s = *state;
	size_t i;

	for (i = 0; i < NVARS; i++) {
		if (s->values[i])
			setenv(lang_vars[i], s->values[i], 1);
		else
			unsetenv(lang_vars[i]);
		free(s->values[i]);
	}
	free(s);
	diag_set_language(DIAG_LANG_SV);
	return 0;
}

/* Reads the language from the environment, starting from the opposite of
 * the expected one, so a function that leaves the language alone fails. */
static void assert_env_language(diag_language expected)
{
	diag_set_language(expected == DIAG_LANG_SV ? DIAG_LANG_EN : DIAG_LANG_SV);
	diag_language_from_env();
	assert_int_equal(diag_get_language(), expected);
}

static void test_env_unset_is_swedish(void **state)
{
	(void)state;
	assert_env_language(DIAG_LANG_SV);
}

static void test_env_trappa_lang_en(void **state)
{
	(void)state;
	setenv("TRAPPA_LANG", "en", 1);
	assert_env_language(DIAG_LANG_EN);
}

static void test_env_lang_en_us(void **state)
{
	(void)state;
	setenv("LANG", "en_US.UTF-8", 1);
	assert_env_language(DIAG_LANG_EN);
}

static void test_env_lang_sv(void **state)
{
	(void)state;
	setenv("LANG", "sv_SE.UTF-8", 1);
	assert_env_language(DIAG_LANG_SV);
}

static void test_env_trappa_lang_wins(void **state)
{
	(void)state;
	setenv("LANG", "en_US.UTF-8", 1);
	setenv("LC_ALL", "en_GB.UTF-8", 1);
	setenv("TRAPPA_LANG", "sv", 1);
	assert_env_language(DIAG_LANG_SV);
}

static void test_env_lc_all_before_lang(void **state)
{
	(void)state;
	setenv("LANG", "sv_SE.UTF-8", 1);
	setenv("LC_ALL", "en_US.UTF-8", 1);
	assert_env_language(DIAG_LANG_EN);
}

static void test_env_empty_values_are_skipped(void **state)
{
	(void)state;
	setenv("TRAPPA_LANG", "", 1);
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "en_US.UTF-8", 1);
	assert_env_language(DIAG_LANG_EN);
}

#define ENV_TEST(f) cmocka_unit_test_setup_teardown(f, env_setup, env_teardown)

/* A list packed under one commit's prefix comes back under another's:
 * paths without the prefix, messages and counts as they were. */
static void test_pack_round_trip_with_prefix(void **state)
{
	diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
	buf packed = BUF_INIT;
	pack_reader r;

	(void)state;
	diag_set_prefix(&a, "abc1234:");
	DIAG_ERROR(&a, "content/x.md", 9, 9, "före", "before");
	DIAG_WARNING(&a, "content/x.md", 3, 4, "fältet \"%s\"", "the field \"%s\"", "tilte");
	DIAG_ERROR(&a, "content/y.md", 0, 0, "fel", "error");
	diag_list_pack(&packed, &a, 1); /* from the second on */
	diag_set_prefix(&b, "def5678:");
	DIAG_WARNING(&b, "content/z.md", 1, 1, "redan", "already");
	pack_reader_init(&r, packed.ptr, packed.size);
	assert_int_equal(diag_list_unpack(&b, &r), 0);
	assert_true(r.p == r.end);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.errors, 1);
	assert_int_equal(b.warnings, 2);
	assert_string_equal(b.items[1].path, "def5678:content/x.md");
	assert_int_equal(b.items[1].line, 3);
	assert_int_equal(b.items[1].col, 4);
	assert_int_equal(b.items[1].severity, DIAG_SEV_WARNING);
	assert_string_equal(b.items[1].message, a.items[1].message);
	assert_string_equal(b.items[2].path, "def5678:content/y.md");
	assert_int_equal(b.items[2].severity, DIAG_SEV_ERROR);
	diag_list_free(&a);
	diag_list_free(&b);
	buf_free(&packed);
}

/* A damaged list leaves the target as it was. */
static void test_unpack_damaged_leaves_list(void **state)
{
	diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
	buf packed = BUF_INIT;
	pack_reader r;
	size_t cut;

	(void)state;
	DIAG_WARNING(&a, "p.md", 1, 2, "en", "one");
	DIAG_WARNING(&a, "p.md", 3, 4, "två", "two");
	diag_list_pack(&packed, &a, 0);
	for (cut = 0; cut < packed.size; cut++) {
		pack_reader_init(&r, packed.ptr, cut);
		assert_int_equal(diag_list_unpack(&b, &r), -1);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.warnings, 0);
	}
	/* A severity that is neither error nor warning. */
	packed.ptr[4] = 7;
	pack_reader_init(&r, packed.ptr, packed.size);
	assert_int_equal(diag_list_unpack(&b, &r), -1);
	assert_int_equal(b.len, 0);
	diag_list_free(&a);
	diag_list_free(&b);
	buf_free(&packed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_round_trip_with_prefix),
		cmocka_unit_test(test_unpack_damaged_leaves_list),
		cmocka_unit_test_setup(test_error_with_position, setup),
		cmocka_unit_test_setup(test_warning_with_position, setup),
		cmocka_unit_test_setup(test_without_position, setup),
		cmocka_unit_test_setup(test_line_without_column, setup),
		cmocka_unit_test_setup(test_null_path, setup),
		cmocka_unit_test_setup(test_language_switch, setup),
		cmocka_unit_test_setup(test_pick, setup),
		cmocka_unit_test_setup(test_prefix, setup),
		cmocka_unit_test_setup(test_counts, setup),
		cmocka_unit_test_setup(test_sort_stable, setup),
		cmocka_unit_test_setup(test_sort_many, setup),
		cmocka_unit_test_setup(test_list_move, setup),
		cmocka_unit_test_setup(test_print, setup),
		ENV_TEST(test_env_unset_is_swedish),
		ENV_TEST(test_env_trappa_lang_en),
		ENV_TEST(test_env_lang_en_us),
		ENV_TEST(test_env_lang_sv),
		ENV_TEST(test_env_trappa_lang_wins),
		ENV_TEST(test_env_lc_all_before_lang),
		ENV_TEST(test_env_empty_values_are_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

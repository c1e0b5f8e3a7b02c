/* Unit tests for utf8: validation, decoding, positions, BOM. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "utf8.h"

/* Validates s (length given, so it may hold NUL) and returns the bad
 * offset, or (size_t)-1 when s is valid. */
static size_t bad_at(const char *s, size_t len)
{
	size_t bad = 12345;

	if (utf8_validate(s, len, &bad) == 0) {
		assert_int_equal(bad, 12345); /* untouched */
		return (size_t)-1;
	}
	return bad;
}

#define BAD(lit) bad_at(lit, sizeof(lit) - 1)

static void test_validate_accepts_wellformed(void **state)
{
	(void)state;
	assert_int_equal(BAD(""), (size_t)-1);
	assert_int_equal(BAD("Hej"), (size_t)-1);
	assert_int_equal(BAD("Så deltar du i Återkoppling"), (size_t)-1);
	/* The edges of every row of the well-formed table. */
	assert_int_equal(BAD("\x7F"), (size_t)-1);
	assert_int_equal(BAD("\xC2\x80"), (size_t)-1);        /* U+0080 */
	assert_int_equal(BAD("\xDF\xBF"), (size_t)-1);        /* U+07FF */
	assert_int_equal(BAD("\xE0\xA0\x80"), (size_t)-1);    /* U+0800 */
	assert_int_equal(BAD("\xED\x9F\xBF"), (size_t)-1);    /* U+D7FF */
	assert_int_equal(BAD("\xEE\x80\x80"), (size_t)-1);    /* U+E000 */
	assert_int_equal(BAD("\xEF\xBF\xBF"), (size_t)-1);    /* U+FFFF */
	assert_int_equal(BAD("\xF0\x90\x80\x80"), (size_t)-1); /* U+10000 */
	assert_int_equal(BAD("\xF4\x8F\xBF\xBF"), (size_t)-1); /* U+10FFFF */
	assert_int_equal(BAD("\xEF\xBB\xBFtext"), (size_t)-1);  /* a BOM is valid */
}

static void test_validate_rejects(void **state)
{
	(void)state;
	/* Overlong forms. */
	assert_int_equal(BAD("ab\xC0\x80"), 2);
	assert_int_equal(BAD("ab\xC1\xBF"), 2);
	assert_int_equal(BAD("\xE0\x9F\xBF"), 0);
	assert_int_equal(BAD("\xF0\x8F\xBF\xBF"), 0);
	/* Surrogates. */
	assert_int_equal(BAD("x\xED\xA0\x80"), 1);
	assert_int_equal(BAD("x\xED\xBF\xBF"), 1);
	/* Above U+10FFFF, and bytes that never occur. */
	assert_int_equal(BAD("\xF4\x90\x80\x80"), 0);
	assert_int_equal(BAD("\xF5\x80\x80\x80"), 0);
	assert_int_equal(BAD("a\xFF"), 1);
	assert_int_equal(BAD("a\xFE"), 1);
	/* Stray continuation bytes. */
	assert_int_equal(BAD("\x80"), 0);
	assert_int_equal(BAD("å\xA5"), 2);
	/* Truncated sequences: at the end, and cut by another character. */
	assert_int_equal(BAD("abc\xC3"), 3);
	assert_int_equal(BAD("abc\xE2\x80"), 3);
	assert_int_equal(BAD("\xF0\x9F\x98"), 0);
	assert_int_equal(BAD("\xE2\x80x"), 0);
	assert_int_equal(BAD("\xC3 "), 0);
	/* NUL: a text file with NUL is broken. */
	assert_int_equal(BAD("ab\0c"), 2);
	assert_int_equal(BAD("\0"), 0);
	/* The first problem wins. */
	assert_int_equal(BAD("ok\x80\xC0\x80"), 2);
}

static void test_validate_null_offset(void **state)
{
	(void)state;
	assert_int_equal(utf8_validate("\xC0\x80", 2, NULL), -1);
	assert_int_equal(utf8_validate("å", strlen("å"), NULL), 0);
}

static void test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_decode(&cp, "A", 1), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode(&cp, "\xC3\xA5x", 3), 2);
	assert_int_equal(cp, 0xE5);
	assert_int_equal(utf8_decode(&cp, "\xE2\x80\x9D", 3), 3);
	assert_int_equal(cp, 0x201D);
	assert_int_equal(utf8_decode(&cp, "\xF0\x9F\x98\x80", 4), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode(&cp, "\xF0\x9F\x98\x80", 3), -1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode(&cp, "\xED\xA0\x80", 3), -1);
	assert_int_equal(utf8_decode(&cp, "", 0), -1);
	assert_int_equal(utf8_decode(&cp, "\0", 1), 1);
	assert_int_equal(cp, 0);
}

static void test_position(void **state)
{
	const char *s = "ab\nåäö x\r\nsista\rmac";
	int line, col;

	(void)state;
	utf8_position(&line, &col, s, 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	utf8_position(&line, &col, s, 2); /* the LF ends line 1 at column 3 */
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	utf8_position(&line, &col, s, 3);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	/* Columns count code points: "åäö " is 8 bytes, 4 columns. */
	utf8_position(&line, &col, s, 3 + 7);
	assert_int_equal(line, 2);
	assert_int_equal(col, 5);
	/* CRLF is one line break. */
	utf8_position(&line, &col, s, strlen("ab\nåäö x\r\n"));
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	utf8_position(&line, &col, s, strlen("ab\nåäö x\r\nsi"));
	assert_int_equal(line, 3);
	assert_int_equal(col, 3);
	/* So is a lone CR. */
	utf8_position(&line, &col, s, strlen("ab\nåäö x\r\nsista\rm"));
	assert_int_equal(line, 4);
	assert_int_equal(col, 2);
}

static void test_position_of_bad_bytes(void **state)
{
	const char *s = "a\xFF\xFFz";
	size_t bad;
	int line, col;

	(void)state;
	/* Bad bytes count a column each, so what follows them is still
	 * placed sensibly. */
	utf8_position(&line, &col, s, 3);
	assert_int_equal(line, 1);
	assert_int_equal(col, 4);
	/* Validation and position together, as callers use them. */
	assert_int_equal(utf8_validate("rad ett\nrad två \xC3(", 20, &bad), -1);
	assert_int_equal(bad, 17);
	utf8_position(&line, &col, "rad ett\nrad två \xC3(", bad);
	assert_int_equal(line, 2);
	assert_int_equal(col, 9);
}

static void test_skip_bom(void **state)
{
	const char *s = "\xEF\xBB\xBF# Rubrik";
	const char *p = s;
	size_t len = strlen(s);

	(void)state;
	assert_int_equal(utf8_skip_bom(&p, &len), 3);
	assert_ptr_equal(p, s + 3);
	assert_int_equal(len, strlen("# Rubrik"));
	/* Only one, and only at the start. */
	assert_int_equal(utf8_skip_bom(&p, &len), 0);
	assert_ptr_equal(p, s + 3);
	p = "\xEF\xBB";
	len = 2;
	assert_int_equal(utf8_skip_bom(&p, &len), 0);
	assert_int_equal(len, 2);
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("Återkoppling", strlen("Återkoppling")), 12);
	assert_int_equal(utf8_length("\xF0\x9F\x98\x80!", 5), 2);
	assert_int_equal(utf8_length("\xFF\x80", 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_accepts_wellformed),
		cmocka_unit_test(test_validate_rejects),
		cmocka_unit_test(test_validate_null_offset),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_position_of_bad_bytes),
		cmocka_unit_test(test_skip_bom),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

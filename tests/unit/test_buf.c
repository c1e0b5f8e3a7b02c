/* Unit tests for buf: the growable, always NUL-terminated byte buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The invariants every buffer must keep: ptr valid, NUL at ptr[size],
 * and room for it. */
static void assert_buf_valid(const buf *b)
{
	assert_non_null(b->ptr);
	assert_int_equal(b->ptr[b->size], '\0');
	if (b->asize)
		assert_true(b->size < b->asize);
	else
		assert_int_equal(b->size, 0);
}

static void assert_buf_is(const buf *b, const char *expected)
{
	assert_buf_valid(b);
	assert_int_equal(b->size, strlen(expected));
	assert_memory_equal(b->ptr, expected, b->size);
	assert_true(buf_equals(b, expected));
}

static void test_init_is_empty_string(void **state)
{
	buf b = BUF_INIT;
	buf c;

	(void)state;
	assert_buf_is(&b, "");
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.asize, 0);

	c.ptr = NULL;
	c.size = 99;
	c.asize = 7;
	buf_init(&c);
	assert_ptr_equal(c.ptr, buf_empty);
	assert_buf_is(&c, "");
	assert_int_equal(c.asize, 0);

	/* Freeing, clearing and truncating a never-grown buffer are harmless. */
	buf_clear(&b);
	buf_truncate(&b, 0);
	buf_free(&b);
	assert_buf_is(&b, "");
	/* The shared empty string was not written to. */
	assert_int_equal(buf_empty[0], '\0');
}

static void test_put_puts_putc(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_put(&b, "abc", 3);
	assert_buf_is(&b, "abc");
	buf_put(&b, "xyz", 0); /* nothing */
	assert_buf_is(&b, "abc");
	buf_puts(&b, "de");
	assert_buf_is(&b, "abcde");
	buf_puts(&b, "");
	assert_buf_is(&b, "abcde");
	buf_putc(&b, 'f');
	assert_buf_is(&b, "abcdef");
	buf_put(&b, "ghij", 2); /* only the first two bytes */
	assert_buf_is(&b, "abcdefgh");
	buf_free(&b);
	assert_buf_is(&b, "");
}

static void test_put_keeps_embedded_nul(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_put(&b, "a\0b", 3);
	assert_buf_valid(&b);
	assert_int_equal(b.size, 3);
	assert_memory_equal(b.ptr, "a\0b", 4);
	assert_false(buf_equals(&b, "a"));
	buf_putc(&b, '\0');
	assert_int_equal(b.size, 4);
	assert_buf_valid(&b);
	buf_free(&b);
}

static void test_growth_across_many_appends(void **state)
{
	buf b = BUF_INIT;
	char *expected;
	const size_t rounds = 10000;
	size_t i, pos = 0;

	(void)state;
	expected = malloc(rounds * 8 + 1);
	assert_non_null(expected);
	for (i = 0; i < rounds; i++) {
		/* Mix every kind of append; each round adds exactly 8 bytes. */
		char c = (char)('a' + (int)(i % 26));
		buf_putc(&b, c);
		buf_put(&b, "xy", 2);
		buf_puts(&b, "z");
		buf_printf(&b, "%04d", (int)(i % 10000));
		expected[pos++] = c;
		memcpy(expected + pos, "xyz", 3);
		pos += 3;
		snprintf(expected + pos, 5, "%04d", (int)(i % 10000));
		pos += 4;
		assert_int_equal(b.size, pos);
		assert_buf_valid(&b);
	}
	expected[pos] = '\0';
	assert_buf_is(&b, expected);
	free(expected);
	buf_free(&b);
}

static void test_printf(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_printf(&b, "%s=%d", "n", 42);
	assert_buf_is(&b, "n=42");
	buf_printf(&b, "%s", ""); /* empty output appends nothing */
	assert_buf_is(&b, "n=42");
	buf_printf(&b, ", %.2f%c", 1.5, '!');
	assert_buf_is(&b, "n=42, 1.50!");
	buf_free(&b);
}

static void test_large_printf(void **state)
{
	const size_t n = 200 * 1024; /* well past 64 KiB */
	buf b = BUF_INIT;
	char *big = malloc(n + 1);
	size_t i;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('A' + (int)(i % 26));
	big[n] = '\0';

	buf_puts(&b, "<");
	buf_printf(&b, "%s|%d", big, 7);
	buf_putc(&b, '>');
	assert_buf_valid(&b);
	assert_int_equal(b.size, 1 + n + 2 + 1);
	assert_int_equal(b.ptr[0], '<');
	assert_memory_equal(b.ptr + 1, big, n);
	assert_memory_equal(b.ptr + 1 + n, "|7>", 3);
	free(big);
	buf_free(&b);
}

static void test_truncate_and_clear(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "hello world");
	buf_truncate(&b, 5);
	assert_buf_is(&b, "hello");
	buf_truncate(&b, 5); /* same length: no-op */
	assert_buf_is(&b, "hello");
	buf_truncate(&b, 100); /* longer than size: no-op */
	assert_buf_is(&b, "hello");
	buf_puts(&b, "!");
	assert_buf_is(&b, "hello!");
	buf_truncate(&b, 0);
	assert_buf_is(&b, "");
	buf_puts(&b, "again");
	buf_clear(&b);
	assert_buf_is(&b, "");
	assert_true(b.asize > 0); /* clear keeps the allocation */
	buf_puts(&b, "reuse");
	assert_buf_is(&b, "reuse");
	buf_free(&b);
}

static void test_detach(void **state)
{
	buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_puts(&b, "detached");
	s = buf_detach(&b);
	assert_string_equal(s, "detached");
	/* The buffer is reset and usable again, independent of s. */
	assert_ptr_equal(b.ptr, buf_empty);
	assert_buf_is(&b, "");
	assert_int_equal(b.asize, 0);
	buf_puts(&b, "new");
	assert_buf_is(&b, "new");
	assert_string_equal(s, "detached");
	free(s);
	buf_free(&b);

	/* Detaching a never-grown buffer still gives a heap string. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_ptr_not_equal(s, buf_empty);
	assert_string_equal(s, "");
	free(s); /* ASan would catch a free of the static empty string */
	assert_buf_is(&b, "");
}

static void test_equals(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	assert_true(buf_equals(&b, ""));
	assert_false(buf_equals(&b, "a"));
	buf_puts(&b, "abc");
	assert_true(buf_equals(&b, "abc"));
	assert_false(buf_equals(&b, "ab"));
	assert_false(buf_equals(&b, "abcd"));
	assert_false(buf_equals(&b, "abd"));
	assert_false(buf_equals(&b, "ABC"));
	assert_false(buf_equals(&b, ""));
	buf_free(&b);
}

static void test_grow_reserves_space(void **state)
{
	buf b = BUF_INIT;
	char *before;

	(void)state;
	buf_puts(&b, "ab");
	buf_grow(&b, 1000);
	assert_true(b.asize >= 2 + 1000 + 1);
	assert_buf_is(&b, "ab");
	before = b.ptr;
	buf_put(&b, "0123456789", 10);
	assert_ptr_equal(b.ptr, before); /* no reallocation needed */
	assert_buf_is(&b, "ab0123456789");
	buf_free(&b);
}

/* Appending a buffer to itself must survive the reallocation it causes. */
static void test_put_self_while_growing(void **state)
{
	buf b = BUF_INIT;
	int i;

	(void)state;
	buf_puts(&b, "ab");
	for (i = 0; i < 12; i++)
		buf_put(&b, b.ptr, b.size);
	assert_int_equal(b.size, 2u << 12);
	for (i = 0; i < (int)b.size; i += 2)
		assert_memory_equal(b.ptr + i, "ab", 2);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_self_while_growing),
		cmocka_unit_test(test_init_is_empty_string),
		cmocka_unit_test(test_put_puts_putc),
		cmocka_unit_test(test_put_keeps_embedded_nul),
		cmocka_unit_test(test_growth_across_many_appends),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_large_printf),
		cmocka_unit_test(test_truncate_and_clear),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_equals),
		cmocka_unit_test(test_grow_reserves_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for pack: the binary format of Trappa's caches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pack.h"

static void test_round_trip(void **state)
{
	buf b = BUF_INIT;
	pack_reader r;
	const char *s;
	size_t len;
	char *str;

	(void)state;
	pack_u8(&b, 0x1ff); /* only the low byte */
	pack_u32(&b, 0xdeadbeefu);
	pack_i32(&b, -2);
	pack_i32(&b, -2147483647 - 1);
	pack_u64(&b, 0x0123456789abcdefull);
	pack_bytes(&b, "a\0b", 3);
	pack_str(&b, NULL);
	pack_str(&b, "");
	pack_str(&b, "åäö");
	assert_int_equal(b.size, 1 + 4 + 4 + 4 + 8 + (4 + 3) + 4 + 4 + (4 + 6));
	/* Little-endian, whatever the machine. */
	assert_memory_equal(b.ptr + 1, "\xef\xbe\xad\xde", 4);

	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(pack_get_u8(&r), 0xff);
	assert_int_equal(pack_get_u32(&r), 0xdeadbeefu);
	assert_int_equal(pack_get_i32(&r), -2);
	assert_int_equal(pack_get_i32(&r), -2147483647 - 1);
	assert_true(pack_get_u64(&r) == 0x0123456789abcdefull);
	assert_int_equal(pack_get_bytes(&r, &s, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a\0b", 3);
	assert_int_equal(pack_get_str(&r, &str), 0);
	assert_null(str);
	assert_int_equal(pack_get_str(&r, &str), 0);
	assert_string_equal(str, "");
	free(str);
	assert_int_equal(pack_get_str(&r, &str), 0);
	assert_string_equal(str, "åäö");
	free(str);
	assert_false(r.error);
	assert_true(r.p == r.end);
	buf_free(&b);
}

/* Every read past the end fails, and so does every read after it. */
static void test_short_input_fails_and_stays_failed(void **state)
{
	buf b = BUF_INIT;
	pack_reader r;
	const char *s;
	size_t len;

	(void)state;
	pack_u32(&b, 7);
	pack_reader_init(&r, b.ptr, 3);
	assert_int_equal(pack_get_u32(&r), 0);
	assert_true(r.error);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(pack_get_u32(&r), 7);
	assert_int_equal(pack_get_u8(&r), 0);
	assert_true(r.error);
	/* A length that promises more than there is. */
	buf_clear(&b);
	pack_bytes(&b, "abcdef", 6);
	pack_reader_init(&r, b.ptr, b.size - 1);
	assert_int_equal(pack_get_bytes(&r, &s, &len), -1);
	assert_null(s);
	assert_true(r.error);
	/* After a failure nothing more is read, even what would fit. */
	pack_reader_init(&r, b.ptr, b.size);
	r.error = 1;
	assert_int_equal(pack_get_u32(&r), 0);
	assert_true(r.p == (const unsigned char *)b.ptr);
	buf_free(&b);
}

/* A string with a NUL inside would be cut by C code that reads it: refused. */
static void test_str_with_nul_is_damage(void **state)
{
	buf b = BUF_INIT;
	pack_reader r;
	char *s = (char *)"x";

	(void)state;
	pack_bytes(&b, "a\0b", 3);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(pack_get_str(&r, &s), -1);
	assert_null(s);
	assert_true(r.error);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_short_input_fails_and_stays_failed),
		cmocka_unit_test(test_str_with_nul_is_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

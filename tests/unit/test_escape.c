/* Unit tests for escape_html. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "escape.h"

/* Escapes `len` bytes of s, appended after `before`, and compares. */
static void assert_escape_n(const char *before, const char *s, size_t len, const char *expected)
{
	buf b = BUF_INIT;

	buf_puts(&b, before);
	escape_html(&b, s, len);
	assert_int_equal(b.ptr[b.size], '\0');
	assert_string_equal(b.ptr, expected);
	assert_int_equal(b.size, strlen(expected));
	buf_free(&b);
}

static void assert_escape(const char *s, const char *expected)
{
	assert_escape_n("", s, strlen(s), expected);
}

static void test_each_special(void **state)
{
	(void)state;
	assert_escape("&", "&amp;");
	assert_escape("<", "&lt;");
	assert_escape(">", "&gt;");
	assert_escape("\"", "&quot;");
	assert_escape("'", "&#39;");
}

static void test_all_specials_together(void **state)
{
	(void)state;
	assert_escape("&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
	assert_escape("<<&&>>", "&lt;&lt;&amp;&amp;&gt;&gt;");
	/* Already-escaped text is escaped again: the input is text, not HTML. */
	assert_escape("&amp;", "&amp;amp;");
}

static void test_text_between_specials(void **state)
{
	(void)state;
	assert_escape("a<b>c", "a&lt;b&gt;c");
	assert_escape("<script>alert('x')</script>",
		      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	assert_escape("Tom & Jerry", "Tom &amp; Jerry");
	assert_escape("x=\"1\" y='2'", "x=&quot;1&quot; y=&#39;2&#39;");
	assert_escape("start&", "start&amp;");
	assert_escape("&end", "&amp;end");
}

static void test_passthrough(void **state)
{
	(void)state;
	assert_escape("plain text 123", "plain text 123");
	assert_escape("Välkommen till Ängelholms medborgardialog – åäö ÅÄÖ é ü ß",
		      "Välkommen till Ängelholms medborgardialog – åäö ÅÄÖ é ü ß");
	assert_escape("emoji 😀 and CJK 漢字", "emoji 😀 and CJK 漢字");
	/* Other ASCII punctuation, newlines and tabs are left alone. */
	assert_escape("a/b\\c=d;e:f#g%h\n\ti`j", "a/b\\c=d;e:f#g%h\n\ti`j");
}

static void test_utf8_next_to_specials(void **state)
{
	(void)state;
	assert_escape("ö<ä>å", "ö&lt;ä&gt;å");
	assert_escape("“citat” & ’apostrof’", "“citat” &amp; ’apostrof’");
}

static void test_empty(void **state)
{
	(void)state;
	assert_escape("", "");
	assert_escape_n("kept", "", 0, "kept");
}

static void test_appends_and_respects_length(void **state)
{
	(void)state;
	assert_escape_n("x:", "<b>", 3, "x:&lt;b&gt;");
	/* Only `len` bytes are read: the rest of the string is ignored. */
	assert_escape_n("", "a&b<c", 3, "a&amp;b");
	assert_escape_n("", "<<<", 1, "&lt;");
}

static void test_embedded_nul(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	escape_html(&b, "a\0<", 3);
	assert_int_equal(b.size, 6);
	assert_memory_equal(b.ptr, "a\0&lt;", 7);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_special),
		cmocka_unit_test(test_all_specials_together),
		cmocka_unit_test(test_text_between_specials),
		cmocka_unit_test(test_passthrough),
		cmocka_unit_test(test_utf8_next_to_specials),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_appends_and_respects_length),
		cmocka_unit_test(test_embedded_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

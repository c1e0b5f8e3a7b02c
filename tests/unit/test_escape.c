/* Unit tests for the escapers of every output format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

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

/* Runs an escaper on s[0..len) and compares. */
#define EXPECT_ESC(call_with_b, expected)                                                  \
	do {                                                                               \
		buf b = BUF_INIT;                                                          \
		call_with_b;                                                               \
		assert_int_equal(b.size, sizeof(expected) - 1);                            \
		assert_memory_equal(b.ptr, expected, sizeof(expected) - 1);                \
		buf_free(&b);                                                              \
	} while (0)

static void test_xml_escape(void **state)
{
	(void)state;
	EXPECT_ESC(escape_xml(&b, "a&b<c>\"d'e", 10, 0), "a&amp;b&lt;c&gt;&quot;d&#39;e");
	EXPECT_ESC(escape_xml(&b, "", 0, 0), "");
	EXPECT_ESC(escape_xml(&b, "Sälvik – ö", 14, 0), "Sälvik – ö");
	/* Line breaks stay in text, become references in attributes; CR always does. */
	EXPECT_ESC(escape_xml(&b, "a\tb\nc\rd", 7, 0), "a\tb\nc&#13;d");
	EXPECT_ESC(escape_xml(&b, "a\tb\nc\rd", 7, 1), "a&#9;b&#10;c&#13;d");
	/* What XML 1.0 forbids, and bytes that are not UTF-8, become U+FFFD. */
	EXPECT_ESC(escape_xml(&b, "a\x01" "b\x1f" "c", 5, 0), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
	EXPECT_ESC(escape_xml(&b, "a\0b", 3, 0), "a\xEF\xBF\xBD" "b");
	EXPECT_ESC(escape_xml(&b, "\xff\xfe", 2, 0), "\xEF\xBF\xBD\xEF\xBF\xBD");
	EXPECT_ESC(escape_xml(&b, "\xEF\xBF\xBE", 3, 0), "\xEF\xBF\xBD"); /* U+FFFE */
	EXPECT_ESC(escape_xml(&b, "\xC3", 1, 0), "\xEF\xBF\xBD");	      /* truncated å */
	/* A real U+FFFD passes as it is. */
	EXPECT_ESC(escape_xml(&b, "\xEF\xBF\xBD", 3, 0), "\xEF\xBF\xBD");
}

static void test_json_string(void **state)
{
	(void)state;
	EXPECT_ESC(escape_json(&b, "", 0, 0), "\"\"");
	EXPECT_ESC(escape_json(&b, "a\"b\\c/d", 7, 0), "\"a\\\"b\\\\c/d\"");
	EXPECT_ESC(escape_json(&b, "\b\f\n\r\t", 5, 0), "\"\\b\\f\\n\\r\\t\"");
	EXPECT_ESC(escape_json(&b, "\x01\x1f\0", 3, 0), "\"\\u0001\\u001f\\u0000\"");
	/* U+2028 and U+2029 end lines in older JavaScript. */
	EXPECT_ESC(escape_json(&b, "a\xE2\x80\xA8" "b\xE2\x80\xA9", 8, 0), "\"a\\u2028b\\u2029\"");
	EXPECT_ESC(escape_json(&b, "Ärende <1> & 2", 15, 0), "\"Ärende <1> & 2\"");
	EXPECT_ESC(escape_json(&b, "\xff", 1, 0), "\"\\ufffd\"");
	/* Inside <script>: no <, > or & at all, so neither </script> nor <!-- can appear. */
	EXPECT_ESC(escape_json(&b, "</script><!--&", 14, ESCAPE_JSON_SCRIPT_SAFE),
		   "\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
}

static void test_csv_field(void **state)
{
	(void)state;
	EXPECT_ESC(escape_csv(&b, "", 0), "");
	EXPECT_ESC(escape_csv(&b, "Sälvik", 7), "Sälvik");
	EXPECT_ESC(escape_csv(&b, "a,b", 3), "\"a,b\"");
	EXPECT_ESC(escape_csv(&b, "sa \"hej\"", 8), "\"sa \"\"hej\"\"\"");
	EXPECT_ESC(escape_csv(&b, "rad 1\nrad 2", 11), "\"rad 1\nrad 2\"");
	EXPECT_ESC(escape_csv(&b, "a=b", 3), "a=b");
	/* Formula injection: a leading apostrophe keeps spreadsheets from evaluating. */
	EXPECT_ESC(escape_csv(&b, "=1+2", 4), "'=1+2");
	EXPECT_ESC(escape_csv(&b, "+46 980", 7), "'+46 980");
	EXPECT_ESC(escape_csv(&b, "-5", 2), "'-5");
	EXPECT_ESC(escape_csv(&b, "@SUM(A1)", 8), "'@SUM(A1)");
	EXPECT_ESC(escape_csv(&b, "\tx", 2), "'\tx");
	EXPECT_ESC(escape_csv(&b, "\rx", 2), "\"'\rx\"");
	EXPECT_ESC(escape_csv(&b, "=HYPERLINK(\"http://x\",\"y\")", 26),
		   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	/* NUL dropped, bad bytes replaced. */
	EXPECT_ESC(escape_csv(&b, "a\0b\xff", 4), "ab\xEF\xBF\xBD");
}

static void test_ical_escape(void **state)
{
	(void)state;
	EXPECT_ESC(escape_ical_text(&b, "a\\b;c,d\ne", 9), "a\\\\b\\;c\\,d\\ne");
	EXPECT_ESC(escape_ical_text(&b, "a\r\nb\rc", 6), "a\\nb\\nc");
	EXPECT_ESC(escape_ical_text(&b, "a\x01\tb\x7f", 5), "a\tb");
	EXPECT_ESC(escape_ical_text(&b, "Öppet hus: kl. 18", 18), "Öppet hus: kl. 18");
	EXPECT_ESC(escape_ical_text(&b, "\xff", 1), "\xEF\xBF\xBD");
	EXPECT_ESC(escape_line_uri(&b, "https://x.se/a b\r\n"), "https://x.se/ab");
}

/* Checks a folded content line: CRLF endings, at most 75 octets a line,
 * continuation lines starting with a space, every physical line valid
 * UTF-8 on its own, and unfolding giving back the original. */
static void check_folded(const buf *b, const char *orig, size_t len)
{
	buf unfolded = BUF_INIT;
	size_t pos = 0, lines = 0;

	while (pos < b->size) {
		const char *crlf = strstr(b->ptr + pos, "\r\n");
		size_t n;
		assert_non_null(crlf);
		n = (size_t)(crlf - (b->ptr + pos));
		assert_true(n <= 75);
		if (lines > 0) {
			assert_true(n >= 2);
			assert_int_equal(b->ptr[pos], ' ');
			assert_int_equal(utf8_validate(b->ptr + pos + 1, n - 1, NULL), 0);
			buf_put(&unfolded, b->ptr + pos + 1, n - 1);
		} else {
			assert_int_equal(utf8_validate(b->ptr + pos, n, NULL), 0);
			buf_put(&unfolded, b->ptr + pos, n);
		}
		pos += n + 2;
		lines++;
	}
	assert_int_equal(unfolded.size, len);
	assert_memory_equal(unfolded.ptr, orig, len);
	buf_free(&unfolded);
}

static void test_ical_fold(void **state)
{
	static const char *const chars[] = { "a", "ä", "€", "\xF0\x9F\x98\x80" /* U+1F600 */ };
	char line[400];
	size_t k, prefix, i;

	(void)state;
	EXPECT_ESC(escape_ical_fold(&b, "SUMMARY:x", 9), "SUMMARY:x\r\n");
	memset(line, 'x', sizeof(line));
	EXPECT_ESC(escape_ical_fold(&b, line, 75),
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n");
	EXPECT_ESC(escape_ical_fold(&b, line, 76),
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
		   " x\r\n");
	{
		buf b = BUF_INIT;
		escape_ical_fold(&b, line, 200); /* 75 + 74 + 51 */
		assert_int_equal(b.size, 75 + 2 + 75 + 2 + 52 + 2);
		check_folded(&b, line, 200);
		buf_free(&b);
	}
	/* Multi-byte characters at every alignment never split. */
	for (k = 0; k < sizeof(chars) / sizeof(chars[0]); k++) {
		for (prefix = 0; prefix < 5; prefix++) {
			buf src = BUF_INIT, b = BUF_INIT;
			for (i = 0; i < prefix; i++)
				buf_putc(&src, 'p');
			while (src.size < 300)
				buf_puts(&src, chars[k]);
			escape_ical_fold(&b, src.ptr, src.size);
			check_folded(&b, src.ptr, src.size);
			buf_free(&src);
			buf_free(&b);
		}
	}
}

/* Surrogates encoded in UTF-8 (CESU), overlong forms and code points past
 * U+10FFFF are not UTF-8: every escaper replaces them byte by byte. */
static void test_invalid_utf8_everywhere(void **state)
{
	(void)state;
	EXPECT_ESC(escape_xml(&b, "\xED\xA0\x80", 3, 0), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	EXPECT_ESC(escape_json(&b, "\xED\xA0\x80", 3, 0), "\"\\ufffd\\ufffd\\ufffd\"");
	EXPECT_ESC(escape_json(&b, "\xC0\xAF", 2, 0), "\"\\ufffd\\ufffd\"");
	EXPECT_ESC(escape_csv(&b, "\xF4\x90\x80\x80", 4),
		   "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	EXPECT_ESC(escape_ical_text(&b, "a\xED\xBF\xBF" "b", 5), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	/* A real astral character passes every escaper untouched. */
	EXPECT_ESC(escape_xml(&b, "\xF0\x9F\x98\x80", 4, 1), "\xF0\x9F\x98\x80");
	EXPECT_ESC(escape_json(&b, "\xF0\x9F\x98\x80", 4, 0), "\"\xF0\x9F\x98\x80\"");
	EXPECT_ESC(escape_csv(&b, "\xF0\x9F\x98\x80", 4), "\xF0\x9F\x98\x80");
}

/* Every C0 control and DEL, one by one, in each format. */
static void test_controls(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		char in[3] = { 'a', (char)c, 'b' };
		buf x = BUF_INIT, j = BUF_INIT, i = BUF_INIT, v = BUF_INIT;
		char want[16];
		escape_xml(&x, in, 3, 0);
		escape_json(&j, in, 3, 0);
		escape_ical_text(&i, in, 3);
		escape_csv(&v, in, 3);
		if (c == '\t' || c == '\n')
			snprintf(want, sizeof(want), "a%cb", (char)c);
		else if (c == '\r')
			snprintf(want, sizeof(want), "a&#13;b");
		else
			snprintf(want, sizeof(want), "a\xEF\xBF\xBD" "b");
		assert_string_equal(x.ptr, want);
		/* JSON: \uXXXX or a short escape, never the raw byte. */
		assert_int_equal(j.ptr[0], '"');
		assert_null(memchr(j.ptr, (int)c, j.size));
		/* iCalendar TEXT keeps tab, writes line breaks as \n, drops the rest. */
		if (c == '\t')
			assert_string_equal(i.ptr, "a\tb");
		else if (c == '\n' || c == '\r')
			assert_string_equal(i.ptr, "a\\nb");
		else
			assert_string_equal(i.ptr, "ab");
		/* CSV drops only NUL; line breaks are quoted. */
		if (c == 0)
			assert_string_equal(v.ptr, "ab");
		else if (c == '\n' || c == '\r')
			assert_int_equal(v.ptr[0], '"');
		else
			assert_memory_equal(v.ptr, in, 3);
		buf_free(&x);
		buf_free(&j);
		buf_free(&i);
		buf_free(&v);
	}
	EXPECT_ESC(escape_ical_text(&b, "a\x7f" "b", 3), "ab");
	EXPECT_ESC(escape_json(&b, "\x7f", 1, 0), "\"\x7f\"");
}

static void test_line_uri_and_url(void **state)
{
	(void)state;
	EXPECT_ESC(escape_line_uri(&b, "https://x.se/a b\r\n\t\x7f/c"), "https://x.se/ab/c");
	EXPECT_ESC(escape_line_uri(&b, ""), "");
	EXPECT_ESC(escape_url(&b, "https://x.se", "/dialoger/å b/?q=1&r=%20#x"),
		   "https://x.se/dialoger/%C3%A5%20b/?q=1&r=%20#x");
	EXPECT_ESC(escape_url(&b, "", "/\"<>\\^`{|}"), "/%22%3C%3E%5C%5E%60%7B%7C%7D");
	/* a case number put into case_url_template: nothing in it may end the
	 * query value, start another parameter or a fragment, or climb paths */
	EXPECT_ESC(escape_url_component(&b, "SBN/2025:412 & \"<x>\"?#%å"),
		   "SBN%2F2025%3A412%20%26%20%22%3Cx%3E%22%3F%23%25%C3%A5");
	EXPECT_ESC(escape_url_component(&b, "KS-2026.1_a~"), "KS-2026.1_a~");
	EXPECT_ESC(escape_url_component(&b, ""), "");
	EXPECT_ESC(escape_xml_text(&b, "a&b"), "a&amp;b");
	EXPECT_ESC(escape_xml_attr(&b, "a\nb"), "a&#10;b");
	EXPECT_ESC(escape_json_cstring(&b, "x", 0), "\"x\"");
}

static void expect_number(double n, const char *want)
{
	buf b = BUF_INIT;

	escape_number(&b, n);
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

/* Swedish digit grouping with U+00A0: the same on every page. */
static void test_number(void **state)
{
	(void)state;
	expect_number(0, "0");
	expect_number(999, "999");
	expect_number(2318, "2\xc2\xa0" "318");
	expect_number(12345, "12\xc2\xa0" "345");
	expect_number(1234567, "1\xc2\xa0" "234\xc2\xa0" "567");
	expect_number(-4500, "\xe2\x88\x92" "4\xc2\xa0" "500");
	expect_number(2.5, "2.5");
}

static void expect_tel(const char *phone, int rc, const char *want)
{
	buf b = BUF_INIT;

	assert_int_equal(escape_tel_uri(&b, phone, "46"), rc);
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

static void test_phone(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	expect_tel("0980-319 200", 0, "tel:+46980319200");
	expect_tel("08-123 45 67", 0, "tel:+4681234567");
	expect_tel("+46 (0)8 123 45 67", 0, "tel:+4681234567");
	expect_tel("0046 8 123", 0, "tel:+468123");
	expect_tel("112", 0, "tel:112");
	expect_tel("ring växeln", -1, "");
	expect_tel("12", -1, "");
	escape_phone_text(&b, "0980-319 200");
	assert_string_equal(b.ptr, "0980\xe2\x80\x91" "319\xc2\xa0" "200");
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
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_ical_escape),
		cmocka_unit_test(test_ical_fold),
		cmocka_unit_test(test_invalid_utf8_everywhere),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_line_uri_and_url),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

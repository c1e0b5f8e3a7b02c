#include "escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void escape_html(buf *out, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, len - start);
}

/* The code point at s (U+FFFD for a bad byte, which then counts as one
 * byte) and its length. A real U+FFFD is told apart by its length 3. */
static size_t next_cp(uint32_t *cp, const char *s, size_t len)
{
	int n = utf8_decode(cp, s, len);

	if (n < 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return (size_t)n;
}

static int is_bad_byte(uint32_t cp, size_t n)
{
	return cp == 0xFFFD && n == 1;
}

void escape_xml(buf *out, const char *s, size_t len, int attr)
{
	size_t i = 0, start = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = next_cp(&cp, s + i, len - i);
		const char *rep = NULL;

		switch (cp) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r': rep = "&#13;"; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		default:
			if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF || is_bad_byte(cp, n))
				rep = REPLACEMENT;
			break;
		}
		if (rep) {
			buf_put(out, s + start, i - start);
			buf_puts(out, rep);
			start = i + n;
		}
		i += n;
	}
	buf_put(out, s + start, len - start);
}

void escape_xml_text(buf *out, const char *s)
{
	escape_xml(out, s, strlen(s), 0);
}

void escape_xml_attr(buf *out, const char *s)
{
	escape_xml(out, s, strlen(s), 1);
}

void escape_json(buf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, start = 0;
	char esc[8];

	buf_putc(out, '"');
	while (i < len) {
		uint32_t cp;
		size_t n = next_cp(&cp, s + i, len - i);
		const char *rep = NULL;
		int safe = (flags & ESCAPE_JSON_SCRIPT_SAFE) != 0;

		switch (cp) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case 0x2028: rep = "\\u2028"; break;
		case 0x2029: rep = "\\u2029"; break;
		case '<': rep = safe ? "\\u003c" : NULL; break;
		case '>': rep = safe ? "\\u003e" : NULL; break;
		case '&': rep = safe ? "\\u0026" : NULL; break;
		default:
			if (cp < 0x20) {
				/* cannot truncate: 6 characters and a NUL */
				snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
				rep = esc;
			} else if (is_bad_byte(cp, n)) {
				rep = "\\ufffd";
			}
			break;
		}
		if (rep) {
			buf_put(out, s + start, i - start);
			buf_puts(out, rep);
			start = i + n;
		}
		i += n;
	}
	buf_put(out, s + start, len - start);
	buf_putc(out, '"');
}

void escape_json_cstring(buf *out, const char *s, unsigned flags)
{
	escape_json(out, s, strlen(s), flags);
}

void escape_csv(buf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	int quote = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		buf_putc(out, '"');
	if (len > 0 && s[0] && strchr("=+-@\t\r", s[0]))
		buf_putc(out, '\'');
	i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = next_cp(&cp, s + i, len - i);
		const char *rep = NULL;

		if (cp == '"')
			rep = "\"\"";
		else if (cp == 0)
			rep = "";
		else if (is_bad_byte(cp, n))
			rep = REPLACEMENT;
		if (rep) {
			buf_put(out, s + start, i - start);
			buf_puts(out, rep);
			start = i + n;
		}
		i += n;
	}
	buf_put(out, s + start, len - start);
	if (quote)
		buf_putc(out, '"');
}

void escape_ical_text(buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = next_cp(&cp, s + i, len - i);

		switch (cp) {
		case '\\': buf_puts(out, "\\\\"); break;
		case ';': buf_puts(out, "\\;"); break;
		case ',': buf_puts(out, "\\,"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r':
			buf_puts(out, "\\n");
			if (i + 1 < len && s[i + 1] == '\n')
				n++;
			break;
		default:
			if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
				break;
			if (is_bad_byte(cp, n))
				buf_puts(out, REPLACEMENT);
			else
				buf_put(out, s + i, n);
			break;
		}
		i += n;
	}
}

void escape_ical_fold(buf *out, const char *line, size_t len)
{
	size_t pos = 0, room = 75;

	while (len - pos > room) {
		size_t cut = pos + room;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos) /* no character boundary at all: not UTF-8; cut anyway */
			cut = pos + room;
		buf_put(out, line + pos, cut - pos);
		buf_puts(out, "\r\n ");
		pos = cut;
		room = 74; /* the leading space counts */
	}
	buf_put(out, line + pos, len - pos);
	buf_puts(out, "\r\n");
}

void escape_line_uri(buf *out, const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 0x20 && *s != 0x7F)
			buf_putc(out, *s);
}

/* s with every byte but letters, digits and those in ok percent-encoded. */
static void percent_encode(buf *out, const char *path, const char *ok)
{
	const char *s;

	for (s = path; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr(ok, c))
			buf_putc(out, (char)c);
		else
			buf_printf(out, "%%%02X", c);
	}
}

void escape_url(buf *out, const char *origin, const char *path)
{
	buf_puts(out, origin);
	percent_encode(out, path, "-._~:/?#[]@!$&'()*+,;=%");
}

void escape_url_component(buf *out, const char *s)
{
	percent_encode(out, s, "-._~");
}

void escape_number(buf *out, double n)
{
	char digits[32];
	int len, i, sign;

	if (n != n || n >= 1e15 || n <= -1e15 || n != (double)(long long)n) {
		buf_printf(out, "%g", n);
		return;
	}
	len = snprintf(digits, sizeof(digits), "%lld", (long long)n);
	if (len <= 0 || (size_t)len >= sizeof(digits))
		return;
	sign = digits[0] == '-';
	if (sign)
		buf_puts(out, "\xe2\x88\x92"); /* U+2212 minus sign */
	/* Four digits are grouped too, so a page never shows 2318 beside 2 318. */
	for (i = sign; i < len; i++) {
		if (i > sign && (len - i) % 3 == 0 && len - sign > 3)
			buf_puts(out, "\xc2\xa0");
		buf_putc(out, digits[i]);
	}
}

/* The digits of a phone number as written, without spaces, dashes,
 * parentheses or dots; -1 when anything else is in it. */
static int phone_digits(buf *out, const char *phone)
{
	const char *s;

	for (s = phone; *s; s++) {
		if (*s == '(' && s[1] == '0' && s[2] == ')' && out->size && out->ptr[0] == '+')
			s += 2; /* "+46 (0)8 ...": the trunk 0 is not dialled from abroad */
		else if (*s >= '0' && *s <= '9')
			buf_putc(out, *s);
		else if (*s == '+' && s == phone)
			buf_putc(out, '+');
		else if (!strchr(" -()./\t", *s))
			return -1;
	}
	return out->size >= 3 ? 0 : -1;
}

int escape_tel_uri(buf *out, const char *phone, const char *country_code)
{
	buf d = BUF_INIT;
	int rc = -1;

	if (phone_digits(&d, phone) != 0)
		goto out;
	buf_puts(out, "tel:");
	if (d.ptr[0] == '+')
		buf_puts(out, d.ptr);
	else if (d.ptr[0] == '0' && d.ptr[1] == '0')
		buf_printf(out, "+%s", d.ptr + 2);
	else if (d.ptr[0] == '0')
		buf_printf(out, "+%s%s", country_code, d.ptr + 1);
	else /* a short number, as written (112, 1177) */
		buf_puts(out, d.ptr);
	rc = 0;
out:
	buf_free(&d);
	return rc;
}

void escape_phone_text(buf *out, const char *phone)
{
	const char *s;

	for (s = phone; *s; s++) {
		if (*s == ' ')
			buf_puts(out, "\xc2\xa0");
		else if (*s == '-')
			buf_puts(out, "\xe2\x80\x91"); /* U+2011 non-breaking hyphen */
		else
			buf_putc(out, *s);
	}
}

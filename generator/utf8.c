#include "utf8.h"

#include <string.h>

/* Table 3-7 of the Unicode standard: the well-formed byte sequences. The
 * second byte's range depends on the lead byte; that is what rules out
 * overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF
 * (F4), so no separate checks on the decoded value are needed. */
int utf8_decode(uint32_t *cp, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t c;
	int n, i;

	*cp = 0xFFFD;
	if (len == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else {
		return -1;
	}
	if (len < (size_t)n)
		return -1;
	if (s[1] < lo || s[1] > hi)
		return -1;
	c = (c << 6) | (s[1] & 0x3F);
	for (i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

int utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int n;

		/* ASCII fast path: most of every file. */
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				goto bad;
			i++;
			continue;
		}
		if ((n = utf8_decode(&cp, s + i, len - i)) < 0)
			goto bad;
		i += (size_t)n;
	}
	return 0;
bad:
	if (bad_offset)
		*bad_offset = i;
	return -1;
}

/* Length of the code point at s[0..len) for counting columns: its
 * sequence length, or 1 for a bad byte, which then counts as one column. */
static size_t utf8_step(const char *s, size_t len)
{
	uint32_t cp;
	int n;

	if ((unsigned char)s[0] < 0x80)
		return 1;
	n = utf8_decode(&cp, s, len);
	return n < 0 ? 1 : (size_t)n;
}

void utf8_position(int *line, int *col, const char *s, size_t offset)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (i < offset) {
		if (s[i] == '\r' || s[i] == '\n') {
			/* The LF of a CRLF pair ends nothing new. */
			if (s[i] == '\r' || i == 0 || s[i - 1] != '\r') {
				l++;
				c = 1;
			}
			i++;
			continue;
		}
		i += utf8_step(s + i, offset - i);
		c++;
	}
	*line = l;
	*col = c;
}

size_t utf8_skip_bom(const char **s, size_t *len)
{
	if (*len >= 3 && memcmp(*s, "\xEF\xBB\xBF", 3) == 0) {
		*s += 3;
		*len -= 3;
		return 3;
	}
	return 0;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		i += utf8_step(s + i, len - i);
		n++;
	}
	return n;
}

void utf8_put(buf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		buf_putc(out, (int)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		buf_put(out, b, 4);
	}
}

/* Decodes s into out[0..64); its length, or (size_t)-1 when longer. */
static size_t utf8_code_points(uint32_t out[64], const char *s)
{
	size_t len = 0;

	for (; *s; len++) {
		int n;
		if (len == 64)
			return (size_t)-1;
		n = utf8_decode(&out[len], s, strlen(s));
		s += n > 0 ? n : 1;
	}
	return len;
}

size_t utf8_edit_distance(const char *a, const char *b)
{
	uint32_t x[64], y[64];
	size_t la = utf8_code_points(x, a), lb = utf8_code_points(y, b), i, j;
	size_t d[65][65];

	if (la == (size_t)-1 || lb == (size_t)-1)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

int utf8_is_odd_space(uint32_t cp)
{
	return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000 || cp == 0xFEFF;
}

const char *utf8_invisible_name(uint32_t cp, int english)
{
	static const struct {
		uint32_t lo, hi;
		const char *sv, *en;
	} names[] = {
		{ 0xA0, 0xA0, "ett hårt mellanslag", "a non-breaking space" },
		{ 0xAD, 0xAD, "ett mjukt bindestreck", "a soft hyphen" },
		{ 0x2000, 0x200A, "ett typografiskt mellanslag", "a typographic space" },
		{ 0x200B, 0x200B, "ett osynligt mellanslag", "a zero-width space" },
		{ 0x200C, 0x200D, "ett osynligt skarvtecken", "an invisible joiner" },
		{ 0x2028, 0x2029, "en osynlig radbrytning", "an invisible line break" },
		{ 0x202F, 0x202F, "ett smalt hårt mellanslag", "a narrow non-breaking space" },
		{ 0x205F, 0x205F, "ett typografiskt mellanslag", "a typographic space" },
		{ 0x2060, 0x2060, "ett osynligt skarvtecken", "an invisible joiner" },
		{ 0x3000, 0x3000, "ett brett mellanslag", "a wide space" },
		{ 0xFEFF, 0xFEFF, "ett osynligt tecken (byte order mark)",
		  "an invisible character (byte order mark)" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (cp >= names[i].lo && cp <= names[i].hi)
			return english ? names[i].en : names[i].sv;
	return NULL;
}

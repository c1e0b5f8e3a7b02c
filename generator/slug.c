#include "slug.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* Base letters of U+00C0..U+017F, one per code point: '-' for the two
 * signs (× ÷), '*' for letters that need two (slug_wide). */
static const char slug_latin[] =
	"aaaaaa*ceeeeiiii" /* U+00C0 ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ */
	"dnooooo-ouuuuy**" /* U+00D0 ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß */
	"aaaaaa*ceeeeiiii" /* U+00E0 àáâãäåæçèéêëìíîï */
	"dnooooo-ouuuuy*y" /* U+00F0 ðñòóôõö÷øùúûüýþÿ */
	"aaaaaaccccccccdd" /* U+0100 ĀāĂăĄąĆćĈĉĊċČčĎď */
	"ddeeeeeeeeeegggg" /* U+0110 ĐđĒēĔĕĖėĘęĚěĜĝĞğ */
	"gggghhhhiiiiiiii" /* U+0120 ĠġĢģĤĥĦħĨĩĪīĬĭĮį */
	"ii**jjkkklllllll" /* U+0130 İıĲĳĴĵĶķĸĹĺĻļĽľĿ */
	"lllnnnnnnnnnoooo" /* U+0140 ŀŁłŃńŅņŇňŉŊŋŌōŎŏ */
	"oo**rrrrrrssssss" /* U+0150 ŐőŒœŔŕŖŗŘřŚśŜŝŞş */
	"ssttttttuuuuuuuu" /* U+0160 ŠšŢţŤťŦŧŨũŪūŬŭŮů */
	"uuuuwwyyyzzzzzzs" /* U+0170 ŰűŲųŴŵŶŷŸŹźŻżŽžſ */;

static const char *slug_wide(uint32_t cp)
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	default: return "oe"; /* U+0152, U+0153 */
	}
}

int slug_is_valid(const char *s)
{
	size_t i;

	if (!s || !*s || s[0] == '-')
		return 0;
	for (i = 0; s[i]; i++) {
		if (i >= SLUG_MAX_LEN)
			return 0;
		if (s[i] == '-') {
			if (s[i + 1] == '-' || s[i + 1] == '\0')
				return 0;
		} else if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) {
			return 0;
		}
	}
	return 1;
}

int slug_from_text(buf *out, const char *s, size_t len)
{
	size_t i = 0, start = out->size, n;
	int hyphen = 0; /* a hyphen is owed before the next letter */

	while (i < len) {
		const char *rep = NULL;
		char c[2] = { 0, 0 };
		uint32_t cp;
		int step = utf8_decode(&cp, s + i, len - i);

		if (step < 0) {
			step = 1;
			cp = 0xFFFD;
		}
		i += (size_t)step;
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c[0] = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c[0] = (char)(cp - 'A' + 'a');
		else if (cp >= 0xC0 && cp <= 0x17F && slug_latin[cp - 0xC0] != '-')
			c[0] = slug_latin[cp - 0xC0];
		if (c[0] == '*')
			rep = slug_wide(cp);
		else if (c[0])
			rep = c;
		if (!rep) {
			hyphen = 1;
			continue;
		}
		if (hyphen && out->size > start)
			buf_putc(out, '-');
		hyphen = 0;
		buf_puts(out, rep);
		/* Enough for any cut below; the rest of a long text is lost. */
		if (out->size - start > SLUG_MAX_LEN)
			break;
	}
	n = out->size - start;
	if (n > SLUG_MAX_LEN) {
		/* Cut at the last word boundary that fits, unless the
		 * first word alone is too long. */
		size_t cut = SLUG_MAX_LEN;
		if (out->ptr[start + cut] != '-') {
			while (cut > 0 && out->ptr[start + cut] != '-')
				cut--;
			if (cut == 0)
				cut = SLUG_MAX_LEN;
		}
		buf_truncate(out, start + cut);
		while (out->size > start && out->ptr[out->size - 1] == '-')
			buf_truncate(out, out->size - 1);
	}
	if (out->size == start)
		buf_puts(out, SLUG_FALLBACK);
	return 0;
}

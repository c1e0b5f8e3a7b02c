/* Fuzz target: utf8 validation, decoding and positions, and slugs made from
 * arbitrary bytes, each checked against the others and a reference. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slug.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_utf8: %s\n", what);
	abort();
}

/* A deliberately different decoder: decode any 1-4 byte pattern, then
 * rule out what RFC 3629 forbids by value. Returns the length, or -1. */
static int ref_decode(const uint8_t *s, size_t len)
{
	uint32_t cp;
	int n, i;

	if (s[0] < 0x80)
		return s[0] ? 1 : -1;
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, cp = s[0] & 0x07;
	else
		return -1;
	if (len < (size_t)n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
		return -1; /* overlong */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	return n;
}

static int ref_slug_is_valid(const char *z)
{
	size_t i, n = strlen(z);

	if (n == 0 || n > SLUG_MAX_LEN || z[0] == '-' || z[n - 1] == '-' || strstr(z, "--"))
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-", z[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t i = 0, bad = (size_t)-1, ref_bad = (size_t)-1, count = 0;
	int line, col, r;
	buf slug = BUF_INIT;
	char *z;

	while (i < size) {
		int n = ref_decode(data + i, size - i);
		if (n < 0) {
			ref_bad = i;
			break;
		}
		i += (size_t)n;
		count++;
	}
	r = utf8_validate(s, size, &bad);
	if ((r == 0) != (ref_bad == (size_t)-1) || (r != 0 && bad != ref_bad))
		fail("utf8_validate disagrees with the reference decoder");
	if (r == 0 && utf8_length(s, size) != count)
		fail("utf8_length miscounts valid text");
	utf8_position(&line, &col, s, r == 0 ? size : bad);
	if (line < 1 || col < 1 || (size_t)col > size + 1 || (size_t)line > size + 1)
		fail("utf8_position out of range");
	slug_from_text(&slug, s, size);
	if (!slug_is_valid(slug.ptr))
		fail("slug_from_text made an invalid slug");
	buf_free(&slug);
	z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, s, size);
	z[size] = '\0';
	if (slug_is_valid(z) != ref_slug_is_valid(z))
		fail("slug_is_valid disagrees with the reference");
	free(z);
	return 0;
}

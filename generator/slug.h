/* slug: readable ASCII names for URLs and fragment ids.
 *
 * Slugs end up in addresses people read aloud and type, so they keep to
 * lower-case ASCII letters, digits and single hyphens; Swedish letters
 * lose their diacritics (å, ä -> a; ö -> o) as in most Swedish URLs. */
#ifndef TRAPPA_SLUG_H
#define TRAPPA_SLUG_H

#include <stddef.h>

#include "buf.h"

#define SLUG_MAX_LEN 100

/* What slug_from_text makes of text with nothing usable in it. */
#define SLUG_FALLBACK "avsnitt"

/* 1 when s is non-empty, at most SLUG_MAX_LEN bytes of [a-z0-9] in groups
 * joined by single hyphens (no leading, trailing or double hyphen); 0
 * otherwise, also for NULL. */
int slug_is_valid(const char *s);

/* Appends to out a slug made from the UTF-8 text s[0..len): letters with
 * diacritics become their base letter (Latin-1 and Latin Extended-A: é ->
 * e, ü -> u, ß -> ss, æ -> ae), upper case becomes lower case, digits
 * stay, every run of anything else becomes one hyphen, and hyphens at
 * either end go. Longer results are cut at a hyphen (or at SLUG_MAX_LEN)
 * so the result is at most SLUG_MAX_LEN bytes. When nothing is left, the
 * slug is SLUG_FALLBACK. The result always passes slug_is_valid. Returns 0. */
int slug_from_text(buf *out, const char *s, size_t len);

#endif

/* utf8: validation, decoding and source positions.
 *
 * Every text file Trappa reads is checked here first, so the rest of the
 * generator may assume well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) without NUL bytes. */
#ifndef TRAPPA_UTF8_H
#define TRAPPA_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"


/* Decodes the code point at the start of s[0..len). Returns its length in
 * bytes (1-4), or -1 when the bytes there are not a well-formed sequence
 * (*cp is then 0xFFFD). len must be at least 1. NUL decodes as U+0000. */
int utf8_decode(uint32_t *cp, const char *s, size_t len);

/* Returns 0 when s[0..len) is well-formed UTF-8 without NUL bytes; -1
 * otherwise, storing in *bad_offset (when not NULL) the offset of the
 * first byte of the first bad sequence (the NUL itself, the lead byte of
 * a truncated or overlong sequence, a stray continuation byte). */
int utf8_validate(const char *s, size_t len, size_t *bad_offset);

/* 1-based line and column of s[offset], counting the bytes s[0..offset)
 * (s must hold at least that many). LF, CR and CRLF each end a line; the
 * column counts code points, so "å" is one column. Bytes of an ill-formed
 * sequence count one column each. */
void utf8_position(int *line, int *col, const char *s, size_t offset);

/* Advances *s past a leading UTF-8 byte order mark, shrinking *len.
 * Returns the number of bytes skipped: 3 or 0. */
size_t utf8_skip_bom(const char **s, size_t *len);

/* Number of code points in s[0..len); bytes of ill-formed sequences count
 * one each. */
size_t utf8_length(const char *s, size_t len);
/* Appends code point cp (at most U+10FFFF, not a surrogate) as UTF-8. */
void utf8_put(buf *out, uint32_t cp);

/* Edit distance between two UTF-8 strings in code points (optimal string
 * alignment: a swap of two neighbours costs one, as it is the commonest
 * typo), for "did you mean" suggestions. (size_t)-1 when either has more
 * than 64 code points. */
size_t utf8_edit_distance(const char *a, const char *b);

/* What a word processor's invisible or look-alike character is called, for
 * messages ("ett hårt mellanslag" / "a non-breaking space"): the
 * non-breaking, narrow, zero-width and typographic spaces, the soft hyphen,
 * the byte order mark, the line and paragraph separators. NULL for any
 * other code point. */
const char *utf8_invisible_name(uint32_t cp, int english);
/* 1 for a space other than U+0020 that utf8_invisible_name names. */
int utf8_is_odd_space(uint32_t cp);

#endif

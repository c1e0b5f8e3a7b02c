/* pack: a small binary format for caches Trappa writes and reads again.
 *
 * Little-endian fixed-width integers and length-prefixed byte strings,
 * appended to a buf. The reader never trusts its input (a cache file may
 * be cut short by a power cut or damaged): every get checks the bounds,
 * and after the first failure every later get fails too, so a caller
 * checks `error` once at the end. */
#ifndef TRAPPA_PACK_H
#define TRAPPA_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct pack_reader {
	const unsigned char *p, *end;
	int error; /* set by the first get that does not fit */
} pack_reader;

void pack_reader_init(pack_reader *r, const void *data, size_t len);

void pack_u8(buf *out, unsigned v);
void pack_u32(buf *out, uint32_t v);
void pack_i32(buf *out, int v);
void pack_u64(buf *out, uint64_t v);
/* A length (u32) and the bytes; NULL is written as a length of 0xffffffff. */
void pack_bytes(buf *out, const char *s, size_t len);
/* pack_bytes of a NUL-terminated string, or of NULL. */
void pack_str(buf *out, const char *s);

unsigned pack_get_u8(pack_reader *r);
uint32_t pack_get_u32(pack_reader *r);
int pack_get_i32(pack_reader *r);
uint64_t pack_get_u64(pack_reader *r);
/* Points *s into the input (not NUL-terminated) and returns 0, or returns
 * 1 for a NULL, or -1 (and sets error) when it does not fit. */
int pack_get_bytes(pack_reader *r, const char **s, size_t *len);
/* A new NUL-terminated copy (caller frees) in *out, NULL for a NULL.
 * Returns 0, or -1 when it does not fit or holds a NUL byte. */
int pack_get_str(pack_reader *r, char **out);

#endif

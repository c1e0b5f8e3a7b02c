/* pack: see pack.h. */
#include "pack.h"

#include <string.h>

#include "mem.h"

#define PACK_NULL 0xffffffffu

void pack_reader_init(pack_reader *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->error = 0;
}

void pack_u8(buf *out, unsigned v)
{
	buf_putc(out, (int)(v & 0xff));
}

void pack_u32(buf *out, uint32_t v)
{
	unsigned char b[4];

	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
	buf_put(out, b, 4);
}

void pack_i32(buf *out, int v)
{
	pack_u32(out, (uint32_t)v);
}

void pack_u64(buf *out, uint64_t v)
{
	pack_u32(out, (uint32_t)v);
	pack_u32(out, (uint32_t)(v >> 32));
}

void pack_bytes(buf *out, const char *s, size_t len)
{
	if (!s || len >= PACK_NULL) { /* nothing Trappa caches comes near 4 GiB */
		pack_u32(out, PACK_NULL);
		return;
	}
	pack_u32(out, (uint32_t)len);
	buf_put(out, s, len);
}

void pack_str(buf *out, const char *s)
{
	pack_bytes(out, s, s ? strlen(s) : 0);
}

static const unsigned char *take(pack_reader *r, size_t n)
{
	const unsigned char *at = r->p;

	if (r->error || (size_t)(r->end - r->p) < n) {
		r->error = 1;
		return NULL;
	}
	r->p += n;
	return at;
}

unsigned pack_get_u8(pack_reader *r)
{
	const unsigned char *b = take(r, 1);
	return b ? b[0] : 0;
}

uint32_t pack_get_u32(pack_reader *r)
{
	const unsigned char *b = take(r, 4);

	if (!b)
		return 0;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int pack_get_i32(pack_reader *r)
{
	uint32_t u = pack_get_u32(r);
	int v;

	memcpy(&v, &u, sizeof(v)); /* two's complement, without implementation-defined casts */
	return v;
}

uint64_t pack_get_u64(pack_reader *r)
{
	uint64_t lo = pack_get_u32(r);
	return lo | (uint64_t)pack_get_u32(r) << 32;
}

int pack_get_bytes(pack_reader *r, const char **s, size_t *len)
{
	uint32_t n = pack_get_u32(r);
	const unsigned char *b;

	*s = NULL;
	*len = 0;
	if (r->error)
		return -1;
	if (n == PACK_NULL)
		return 1;
	if (!(b = take(r, n)))
		return -1;
	*s = (const char *)b;
	*len = n;
	return 0;
}

int pack_get_str(pack_reader *r, char **out)
{
	const char *s;
	size_t len;
	int rc = pack_get_bytes(r, &s, &len);

	*out = NULL;
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (memchr(s, '\0', len)) {
		r->error = 1;
		return -1;
	}
	*out = mem_strndup(s, len);
	return 0;
}

#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

char buf_empty[1];

void buf_init(buf *b)
{
	b->ptr = buf_empty;
	b->size = 0;
	b->asize = 0;
}

void buf_grow(buf *b, size_t extra)
{
	size_t need = b->size + extra + 1;
	size_t n;

	if (need < b->size)
		abort(); /* overflow */
	if (need <= b->asize)
		return;
	n = b->asize ? b->asize : 64;
	while (n < need) {
		if (n > ((size_t)-1) / 2)
			abort();
		n *= 2;
	}
	if (b->asize == 0) {
		b->ptr = mem_alloc(n);
		b->ptr[0] = '\0';
	} else {
		b->ptr = mem_realloc(b->ptr, n);
	}
	b->asize = n;
}

void buf_put(buf *b, const void *data, size_t len)
{
	uintptr_t p = (uintptr_t)data, start = (uintptr_t)b->ptr;

	if (len == 0)
		return;
	if (b->asize && p >= start && p < start + b->asize) {
		/* Appending part of the buffer to itself: growing may move it. */
		size_t offset = (size_t)(p - start);
		buf_grow(b, len);
		data = b->ptr + offset;
	} else {
		buf_grow(b, len);
	}
	memmove(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(buf *b, int c)
{
	buf_grow(b, 1);
	b->ptr[b->size++] = (char)c;
	b->ptr[b->size] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		abort();
	buf_grow(b, (size_t)n);
	if (vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap) != n)
		abort();
	b->size += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(buf *b, size_t len)
{
	if (len >= b->size)
		return;
	b->size = len;
	b->ptr[len] = '\0';
}

void buf_clear(buf *b)
{
	buf_truncate(b, 0);
}

void buf_free(buf *b)
{
	if (b->asize)
		free(b->ptr);
	buf_init(b);
}

char *buf_detach(buf *b)
{
	char *s = b->asize ? b->ptr : mem_strdup("");
	buf_init(b);
	return s;
}

int buf_equals(const buf *b, const char *s)
{
	return strlen(s) == b->size && memcmp(b->ptr, s, b->size) == 0;
}

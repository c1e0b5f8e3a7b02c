/* buf: the one growable byte buffer.
 *
 * Modelled on cmark_strbuf: `ptr` is never NULL and always NUL-terminated,
 * so a fresh BUF_INIT buffer is a valid empty string. Growth aborts on
 * out-of-memory (see mem.h), so appending cannot fail. */
#ifndef TRAPPA_BUF_H
#define TRAPPA_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;    /* never NULL; NUL-terminated */
	size_t size;  /* bytes used, excluding the terminator */
	size_t asize; /* bytes allocated; 0 while ptr is the shared empty string */
} buf;

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(buf *b);
void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, int c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Keeps the first `len` bytes (no-op when len >= size). */
void buf_truncate(buf *b, size_t len);
void buf_clear(buf *b);
void buf_free(buf *b);
/* Returns the heap string (caller frees) and resets b to empty. */
char *buf_detach(buf *b);
int buf_equals(const buf *b, const char *s);

#endif

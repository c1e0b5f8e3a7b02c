/* mem: allocation that never returns NULL.
 *
 * Like cmark, Trappa treats running out of memory as fatal: every caller
 * would otherwise need an error path that can never be tested honestly.
 * The functions print a message and abort(). */
#ifndef TRAPPA_MEM_H
#define TRAPPA_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
/* Grows an array: returns ptr resized to hold at least `need` elements of
 * `size` bytes, updating *cap (doubling). Overflow aborts. */
void *mem_grow_array(void *ptr, size_t *cap, size_t need, size_t size);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t len);

#endif

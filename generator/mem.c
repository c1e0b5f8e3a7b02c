#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mem_fail(void)
{
	fputs("trappa: slut på minne (out of memory)\n", stderr);
	abort();
}

void *mem_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		mem_fail();
	return p;
}

void *mem_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		mem_fail();
	return p;
}

void *mem_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		mem_fail();
	return p;
}

void *mem_grow_array(void *ptr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;
	if (need <= *cap)
		return ptr;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			mem_fail();
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		mem_fail();
	ptr = mem_realloc(ptr, n * size);
	*cap = n;
	return ptr;
}

char *mem_strndup(const char *s, size_t len)
{
	char *p = mem_alloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

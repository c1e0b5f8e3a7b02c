/* Fuzz target: the caches' binary reader (pack.h) with what reads a model
 * cache entry's parts: a value tree (value_unpack) and a list of reports
 * (diag_list_unpack). Whatever the bytes, nothing crashes or leaks, and a
 * tree that reads packs and reads back to the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pack.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_pack: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pack_reader r;
	value *v = NULL;
	diag_list d = DIAG_LIST_INIT;

	pack_reader_init(&r, data, size);
	if (value_unpack(&v, &r) == 0) {
		/* What was read packs, and reads back, to the same bytes. */
		buf once = BUF_INIT, twice = BUF_INIT;
		pack_reader r2;
		value *w = NULL;
		value_pack(&once, v);
		pack_reader_init(&r2, once.ptr, once.size);
		if (value_unpack(&w, &r2) != 0 || r2.p != r2.end)
			fail("a packed tree does not read back");
		value_pack(&twice, w);
		if (once.size != twice.size || memcmp(once.ptr, twice.ptr, once.size))
			fail("a tree read back packs differently");
		value_free(w);
		value_free(v);
		buf_free(&once);
		buf_free(&twice);
	}
	diag_set_prefix(&d, "abc1234:");
	(void)diag_list_unpack(&d, &r);
	diag_list_free(&d);
	return 0;
}

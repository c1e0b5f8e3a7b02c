/* Fuzz target: the content validator. The input is split at lines
 * "=====" into site.yaml and up to three content files (two dialogues,
 * one free page); without a separator it is one dialogue beside a fixed,
 * valid site.yaml. model_load reads them from memory, validates every
 * field, renders the Markdown and derives statuses. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char default_site[] = "title: T\nmunicipality: M\nbase_url: https://x.example/\n"
				   "committees: { KS: Kommunstyrelsen }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "content/site.yaml", "content/dialoger/a.md",
					      "content/dialoger/b.en.md", "content/sidor/p.md" };
	source_file files[4];
	const char *p = (const char *)data, *end = p + size;
	size_t n = 0;
	diag_list diags = DIAG_LIST_INIT;
	source *src = NULL;
	model_site m;
	model_options opts = { "content", "2026-11-22", NULL, 0 };

	if (!memmem(p, size, "\n=====\n", 7)) {
		files[n++] = (source_file){ paths[0], default_site, sizeof(default_site) - 1 };
		files[n++] = (source_file){ paths[1], p, size };
	} else {
		while (n < 4) {
			const char *sep = memmem(p, (size_t)(end - p), "\n=====\n", 7);
			const char *stop = sep ? sep + 1 : end;
			files[n] = (source_file){ paths[n], p, (size_t)(stop - p) };
			n++;
			if (!sep)
				break;
			p = sep + 7;
		}
	}
	if (source_open_memory(&src, files, n) == 0) {
		if (model_load(&m, &diags, src, &opts) == 0)
			model_free(&m);
		source_free(src);
	}
	diag_list_free(&diags);
	return 0;
}

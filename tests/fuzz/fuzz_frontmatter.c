/* Fuzz target: a Markdown file's front matter, split and parsed as YAML. */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "frontmatter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list diags = DIAG_LIST_INIT;
	frontmatter_parts parts;
	value *v = NULL;

	if (frontmatter_split(&parts, &diags, "fuzz.md", (const char *)data, size) == 0 && parts.yaml)
		frontmatter_parse_yaml(&v, &diags, "fuzz.md", parts.yaml, parts.yaml_len, parts.yaml_line);
	value_free(v);
	v = NULL;
	/* The same bytes as a whole YAML file (site.yaml). */
	frontmatter_parse_yaml(&v, &diags, "site.yaml", (const char *)data, size, 1);
	value_free(v);
	diag_list_free(&diags);
	return 0;
}

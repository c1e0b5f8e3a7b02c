/* frontmatter: YAML (via libyaml) into the value tree, and the `---` block
 * at the top of a Markdown file.
 *
 * The reader is deliberately strict, because its input is written by hand
 * and published: duplicate keys, aliases and anchors (no "billion laughs"),
 * non-standard tags, keys that are lists or mappings, and nesting deeper than
 * FRONTMATTER_MAX_DEPTH are errors. Plain scalars follow the YAML 1.2 core
 * schema (null, booleans, integers and floats become VALUE_NULL/BOOL/NUMBER);
 * quoted scalars and everything else are strings. Every node keeps its
 * line and column. */
#ifndef TRAPPA_FRONTMATTER_H
#define TRAPPA_FRONTMATTER_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

#define FRONTMATTER_MAX_DEPTH 32

/* Parses one YAML document. `first_line` is the file line the text starts
 * on (1 for a whole file), so positions point into the real file. An empty
 * document gives an empty map. Returns 0, or -1 with errors in diags (and
 * *out NULL). */
int frontmatter_parse_yaml(value **out, diag_list *diags, const char *path, const char *src,
			   size_t len, int first_line);

/* The same for data files whose strings may hold control characters (the
 * Mustache spec's "\r\n" cases): nothing is published from them. */
int frontmatter_parse_yaml_data(value **out, diag_list *diags, const char *path, const char *src,
				size_t len);

typedef struct frontmatter_parts {
	const char *yaml; /* text between the fences; NULL when the file has none */
	size_t yaml_len;
	int yaml_line;    /* file line of yaml[0] */
	const char *body; /* the Markdown after the closing fence */
	size_t body_len;
	int body_line;    /* file line of body[0] */
} frontmatter_parts;

/* Splits a Markdown file (UTF-8, BOM and CRLF allowed) at its front matter.
 * Returns 0; -1 with an error when the opening fence has no closing one. */
int frontmatter_split(frontmatter_parts *out, diag_list *diags, const char *path,
		      const char *src, size_t len);

#endif

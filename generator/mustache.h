/* mustache: the template engine (Mustache spec v1.4.2 with inheritance and
 * dynamic names; no lambdas).
 *
 * A template is compiled once, together with every partial and parent it
 * names statically, and then rendered many times against a value tree.
 * A compiled template is immutable apart from a cache of partials found
 * through dynamic names (`{{>*name}}`), which a read-write lock guards, so
 * mustache_render may run on the same template from several threads at once.
 *
 * Partials and parents come from a loader callback, so the caller decides
 * where they live and in which order themes override each other. Partial
 * names are passed to the loader exactly as written (or, for dynamic names,
 * as found in the data): the loader must refuse names it does not trust,
 * such as ones containing "..".
 *
 * Diagnostics point at the tag: 1-based line, and 1-based column counted in
 * characters (UTF-8 code points, not bytes). A leading UTF-8 byte order
 * mark is skipped and does not count.
 *
 * Whitespace follows the spec, including its rules for standalone parent
 * and block tags and block re-indentation. Two choices the spec leaves
 * open: empty lines of an indented partial get no indentation (no trailing
 * blanks), and lines of a partial or block inserted inline keep the
 * indentation of the standalone partial around them. */
#ifndef TRAPPA_MUSTACHE_H
#define TRAPPA_MUSTACHE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Largest template (and each partial) source accepted, in bytes. */
#define MUSTACHE_MAX_SOURCE (1024 * 1024)
/* Sections, inverted sections, parents and blocks open at once in one
 * source file. */
#define MUSTACHE_MAX_NESTING 64
/* Partials and parents expanded inside each other while rendering. */
#define MUSTACHE_MAX_PARTIAL_DEPTH 32
/* Everything nested while rendering: sections, partials, parents, blocks. */
#define MUSTACHE_MAX_RENDER_DEPTH 256
/* Distinct partial names one compiled template may load. */
#define MUSTACHE_MAX_PARTIALS 1024
/* Defaults for the render budgets in mustache_options. */
#define MUSTACHE_DEFAULT_MAX_OUTPUT ((size_t)64 * 1024 * 1024)
#define MUSTACHE_DEFAULT_MAX_STEPS 100000000UL

typedef struct mustache_template mustache_template;

/* Finds the partial or parent called `name` (NUL-terminated, non-empty).
 * Returns 0 and appends its text to `source` (and a path to show in
 * diagnostics to `display_path`; the name is used when left empty), 1 when
 * there is no such partial, or -1 on error after adding to `diags`.
 * Called during mustache_compile, and during mustache_render for dynamic
 * names (then serialised by the template's lock, but possibly on any
 * thread). */
typedef int (*mustache_loader_fn)(buf *source, buf *display_path, diag_list *diags, void *ctx,
				  const char *name);

typedef struct mustache_options {
	mustache_loader_fn loader; /* NULL: no partials exist */
	void *loader_ctx;          /* must outlive the template */
	/* 0: an unknown partial or parent renders as nothing (the spec);
	 * 1: it is an error, at compile time for static names and at render
	 * time for dynamic ones. */
	int missing_partial_is_error;
	/* Render budgets against runaway recursion; 0 picks the default. */
	size_t max_output;       /* bytes one render may append */
	unsigned long max_steps; /* tags and text pieces one render may visit */
} mustache_options;

/* Compiles `src` (len bytes; need not be NUL-terminated), shown as `path`
 * in diagnostics, and every partial and parent reachable through static
 * names. `opts` may be NULL; it is copied. Returns 0 and sets *out, or -1
 * with errors in diags and *out NULL. */
int mustache_compile(mustache_template **out, diag_list *diags, const char *path, const char *src,
		     size_t len, const mustache_options *opts);

/* Renders `tpl` against `data` (may be NULL), appending to `out`. Missing
 * names render as nothing. Returns 0, or -1 with errors in diags and `out`
 * cut back to the length it had on entry. */
int mustache_render(buf *out, diag_list *diags, const mustache_template *tpl, const value *data);
/* Like mustache_render, with `base` (may be NULL) as the context below
 * `data`: names missing from `data` are looked up there, as if `data` were
 * a section opened inside it. Lets many renders share one large context
 * (a site's strings) without copying it. */
int mustache_render_over(buf *out, diag_list *diags, const mustache_template *tpl,
			 const value *base, const value *data);

void mustache_free(mustache_template *tpl);

#endif

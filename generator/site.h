/* site: renders every page of a validated model through the theme.
 *
 * Each page is a pure function of the model, the theme and `today`, so
 * output is reproducible and pages can be rendered in any order. */
#ifndef TRAPPA_SITE_H
#define TRAPPA_SITE_H

#include "diag.h"
#include "model.h"
#include "output.h"
#include "source.h"
#include "theme.h"

typedef struct site_stats {
	size_t pages; /* HTML pages written */
	size_t files; /* other files written */
} site_stats;

#define SITE_EIO (-3) /* a file could not be read or written */

/* Writes the whole site into o. Returns 0; -1 with diagnostics for content
 * or theme errors; SITE_EIO when writing (or reading a file) failed, which
 * stops the build at once. */
int site_build(site_stats *stats, output *o, diag_list *diags, const model_site *m, theme *t,
	       source *src);

/* Compiles every template and reads the strings, reporting theme errors
 * without writing anything (for `trappa check`). */
int site_check_theme(diag_list *diags, const model_site *m, theme *t);

#endif

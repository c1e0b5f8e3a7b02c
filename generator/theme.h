/* theme: finds theme files with override order, and compiles templates.
 *
 * Lookup order for every file (templates, partials, strings, CSS):
 *   1. the site's own theme, `themes/<name>/` beside the content folder in
 *      the same source (the commit, or the work tree with --worktree);
 *   2. the base theme on disk: `--theme DIR`, or else the built-in theme,
 *      found relative to the executable (../themes/default in the source
 *      tree, ../share/trappa/themes/default when installed).
 * File names are checked before use: a theme can never reach outside its
 * folder. */
#ifndef TRAPPA_THEME_H
#define TRAPPA_THEME_H

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "source.h"
#include "value.h"

typedef struct theme theme;

/* `site_dir` is the repository path of the site's theme folder (may not
 * exist); `base_dir` the base theme on disk, or NULL for the built-in. */
int theme_open(theme **out, diag_list *diags, source *src, const char *site_dir,
	       const char *base_dir);
/* theme_open for the site whose content folder is `content_dir`: its own
 * theme `name` lives beside that folder, in <parent>/themes/<name>. */
int theme_open_for_site(theme **out, diag_list *diags, source *src, const char *content_dir,
			const char *name, const char *base_dir);
/* Reads `relpath` ("templates/page.mustache"); *display gets the path shown
 * in diagnostics. Returns 0, 1 when no layer has it, -1 on a bad name. */
int theme_read(buf *out, buf *display, theme *t, const char *relpath);
/* Compiles templates/<name>.mustache with partials and parents resolved
 * through the same lookup. */
int theme_template(mustache_template **out, diag_list *diags, theme *t, const char *name);
/* strings/<lang>.yaml of the base theme, overlaid by the site theme's. */
int theme_strings(value **out, diag_list *diags, theme *t, const char *lang);
const char *theme_base_dir(const theme *t);
/* A hash of every file of both layers (names and contents), so that a
 * changed template, partial, string or stylesheet changes it, also one
 * only read at render time. Returns 0, or -1 when a file cannot be read. */
int theme_fingerprint(unsigned char out[16], theme *t);
void theme_free(theme *t);

#endif

/* output: writes a site atomically.
 *
 * Pages go into a fresh staging folder beside the output folder; on commit
 * the two are swapped with one rename(2) (RENAME_EXCHANGE), so a web server
 * serving the output folder sees either the old site or the new one, never
 * a mix, and a failed or killed build leaves the old site untouched. A
 * marker file identifies folders Trappa wrote: any other non-empty folder
 * is refused, so `--out /` or `--out ~` can never delete anything. Builds
 * into the same folder are serialised with a lock file beside it. */
#ifndef TRAPPA_OUTPUT_H
#define TRAPPA_OUTPUT_H

#include <stddef.h>

#include "diag.h"

#define OUTPUT_MARKER ".trappa-site"

typedef struct output output;

/* Returns 0; SOURCE-like negative codes on failure with a diagnostic:
 * OUTPUT_EREFUSED when `dir` holds something Trappa did not write. */
#define OUTPUT_EREFUSED (-2)
#define OUTPUT_EIO (-3)

int output_begin(output **out, diag_list *diags, const char *dir);
/* Checks a relative output path: no "..", no absolute path, no backslash,
 * no control characters, no empty or dot-only segments. 0 when safe. */
int output_path_is_safe(const char *relpath);
/* Writes one file (creating folders). The path must be safe. */
int output_write(output *o, const char *relpath, const void *data, size_t len);
/* Swaps the staging folder in and removes the old site. */
int output_commit(output *o);
/* Removes the staging folder; the published site is untouched. Frees o. */
void output_abort(output *o);
/* The staging folder on disk (for tests). */
const char *output_staging_path(const output *o);
/* Removes a folder tree without following symbolic links. */
int output_remove_tree(const char *path);

#endif

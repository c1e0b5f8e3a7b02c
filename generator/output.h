/* output: writes a site atomically, and rewrites only what changed.
 *
 * Pages go into a fresh staging folder beside the output folder; on commit
 * the two are swapped with one rename(2) (RENAME_EXCHANGE), so a web server
 * serving the output folder sees either the old site or the new one, never
 * a mix, and a failed or killed build leaves the old site untouched. A
 * marker file identifies folders Trappa wrote: any other non-empty folder
 * is refused, so `--out /` or `--out ~` can never delete anything. Builds
 * into the same folder are serialised with a lock file beside it. */
/*
 * With a cache folder (output_set_cache), every file written is also
 * recorded with its size and a 128-bit hash (XXH3) in a manifest kept in
 * the cache. When the output folder is the one that manifest describes (its
 * marker names the manifest's id), the build becomes an update: a file
 * whose bytes match the published one (checked by content hash) is not
 * written but hard-linked from the published folder into the staging
 * folder at commit, so every publish, small or large, swaps in a whole
 * site in one step. Before the swap everything in the staging folder is on
 * disk (syncfs, or fsync of each file and folder), the folder holding the
 * site is synced after it. Where RENAME_EXCHANGE is missing, the swap takes
 * two renames through <dir>.previous-<pid>, undone by the next build if it
 * is cut between them. */
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
/* Keeps a manifest in cache_dir (created if missing) and, when
 * allow_update is set, turns the build into an update if the output folder
 * matches it (see above). Call before the first output_write. Returns 0, or
 * OUTPUT_EIO when cache_dir cannot be created. */
int output_set_cache(output *o, const char *cache_dir, int allow_update);
/* 1 when this build is an update (unchanged files are linked from the
 * published folder, not written), 0 when it writes every file. Either way
 * the commit swaps in a whole site. */
int output_is_update(const output *o);
/* Checks a relative output path: no "..", no absolute path, no backslash,
 * no control characters, no empty or dot-only segments. 0 when safe. */
int output_path_is_safe(const char *relpath);
/* Writes one file (creating folders). The path must be safe. Safe to call
 * from several threads at once. */
int output_write(output *o, const char *relpath, const void *data, size_t len);
/* Publishes: in an update links the unchanged files into the staging
 * folder, syncs it to disk, swaps it in and removes the old site; an
 * update with nothing changed publishes nothing. Frees o. Returns 0, or
 * OUTPUT_EIO before the swap (the published site is untouched); problems
 * after the swap are warnings. */
int output_commit(output *o);
/* Removes the staging folder; the published site is untouched. Frees o. */
void output_abort(output *o);
/* The cache folder output_set_cache was given (the manifest's, and other
 * caches' beside it), or NULL. */
const char *output_cache_dir(const output *o);
/* The staging folder on disk (for tests). */
const char *output_staging_path(const output *o);
/* Removes a folder tree without following symbolic links. */
int output_remove_tree(const char *path);

/* Files written so far, and how many of them differed from the previous
 * build (all of them unless this is an update). */
void output_counts(const output *o, size_t *written, size_t *changed);

/* What a page was made from: a hash of everything its bytes depend on
 * (template, data, generator), computed by the caller. */
typedef struct output_key {
	unsigned long long hi, lo;
} output_key;

/* output_write that also records the key the file was made from. */
int output_write_keyed(output *o, const char *rel, const void *data, size_t len,
		       const output_key *key);
/* In an update, 1 when the previous build wrote rel from the same key:
 * the published file stays, is recorded as written, and the caller must
 * neither make nor write it. 0 otherwise (always in a full build). Safe
 * from several threads. */
int output_keep(output *o, const char *rel, const output_key *key);

#endif

/* source: the files of a site, from a git commit or from the work tree.
 *
 * Both kinds sit behind this one interface so everything downstream is
 * identical. Paths are repository paths with '/' separators
 * ("content/dialoger/x.md"). Reading a commit never touches the work tree
 * or the index. Symbolic links and submodules are listed with their kind so
 * callers can warn about them; they are never followed. */
#ifndef TRAPPA_SOURCE_H
#define TRAPPA_SOURCE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

typedef struct source source;

typedef enum source_kind { SOURCE_FILE, SOURCE_SYMLINK, SOURCE_SUBMODULE, SOURCE_OTHER } source_kind;

typedef struct source_entry {
	char *path;
	source_kind kind;
	size_t size;
	char id[41]; /* the blob id in hex when read from a commit; "" for work-tree files */
} source_entry;

typedef struct source_list {
	source_entry *items;
	size_t len, cap;
} source_list;

/* Errors from opening: what went wrong, so the caller can pick the exit code. */
#define SOURCE_ENOTFOUND (-2) /* no repository, or the ref does not exist */
#define SOURCE_EIO (-3)

/* A file for an in-memory source. */
typedef struct source_file {
	const char *path;
	const char *data;
	size_t len;
} source_file;

/* Opens `ref` (default HEAD) of the repository at or around `repo_path`
 * (default: the current folder; bare repositories work). */
int source_open_git(source **out, diag_list *diags, const char *repo_path, const char *ref);
/* Opens the files on disk under the work tree around `repo_path` (or the
 * folder itself when it is not in a repository). */
int source_open_worktree(source **out, diag_list *diags, const char *repo_path);
/* A source of files held in memory (copied), for tests and fuzzing. */
int source_open_memory(source **out, const source_file *files, size_t n);
/* Lists every entry below folder `prefix` (recursively), sorted by path.
 * A missing folder gives an empty list. */
int source_list_dir(source_list *out, source *src, const char *prefix);
/* Reads one file. Fails for anything but SOURCE_FILE. Safe from several
 * threads at once (reads take turns). */
int source_read(buf *out, source *src, const char *path);
/* The git blob id of a file in hex: 0, or -1 when there is none (a work
 * tree or in-memory source, a missing file). Thread-safe like source_read. */
int source_file_id(char out[41], source *src, const char *path);
/* Reads root/rel from disk, refusing a symbolic link at every step of rel
 * (the work-tree reader, also used for the base theme). 0,
 * SOURCE_ENOTFOUND, or SOURCE_EIO (unreadable, not a file, over 64 MiB). */
int source_read_beneath(buf *out, const char *root, const char *rel);
/* "1a2b3c4:" for a commit, "" for the work tree: prefixed to diagnostics. */
const char *source_label(const source *src);
/* The commit id in hex, or "" for the work tree. */
const char *source_commit_id(const source *src);
/* The libgit2 repository behind the source (also for --worktree inside a
 * repository), or NULL; owned by the source. For reading history. */
struct git_repository *source_repository(const source *src);
void source_list_free(source_list *list);
void source_free(source *src);

#endif

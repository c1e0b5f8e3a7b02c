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

struct git_repository;
struct git_oid;

typedef struct source source;

/* SOURCE_TOODEEP: a folder nested deeper than SOURCE_MAX_DEPTH, not listed
 * further (history and the output would refuse it later, without a path). */
typedef enum source_kind {
	SOURCE_FILE,
	SOURCE_SYMLINK,
	SOURCE_SUBMODULE,
	SOURCE_OTHER,
	SOURCE_TOODEEP
} source_kind;

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
#define SOURCE_EDAMAGED (-4)  /* a git object is damaged (truncated, bad zlib, wrong hash) */
#define SOURCE_ETOOLARGE (-5) /* over SOURCE_MAX_FILE, known before reading it whole */

#define SOURCE_MAX_FILE (64u * 1024 * 1024) /* nothing Trappa reads may be larger */
#define SOURCE_MAX_DEPTH 256                /* folders below the listed one */

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
 * A missing folder gives an empty list. Files that operating systems and
 * office programs make by themselves (source_is_junk) are left out, so
 * they are never checked nor published. */
int source_list_dir(source_list *out, source *src, const char *prefix);
/* Reads one file: 0, SOURCE_ENOTFOUND, SOURCE_EDAMAGED, SOURCE_ETOOLARGE or
 * SOURCE_EIO (anything but SOURCE_FILE). Safe from several threads at
 * once (reads take turns). */
int source_read(buf *out, source *src, const char *path);
/* source_read with a smaller limit: SOURCE_ETOOLARGE when the file is
 * larger than max bytes, known before it is read whole. */
int source_read_max(buf *out, source *src, const char *path, size_t max);
/* Checks a git object before libgit2 reads it. libgit2 up to at least
 * 1.9.6 loops for ever inflating a truncated loose object (libgit2 issue
 * #7342, fixed by #7346): a loose object is inflated here with a bounded
 * loop and its size and hash compared. 0 when it is sound or not loose
 * (packed objects take another path in libgit2), SOURCE_EDAMAGED, or
 * SOURCE_EIO. For every module that reads objects through libgit2. */
int source_verify_object(struct git_repository *repo, const struct git_oid *id);
/* How many damaged git objects this source met, and the first one's id
 * (hex, "" when none): a commit with one is not walked any further. */
size_t source_damaged(const source *src, const char **first_id);
/* What is being read right now (a repository path, or a phrase set with
 * source_set_activity), for the time limit's message. Always a valid
 * NUL-terminated string; safe to read from a signal handler. */
const char *source_activity(void);
void source_set_activity(const char *what);
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
/* 1 for the name (last path segment) of a file an operating system or an
 * office program makes by itself: .DS_Store, ._* (macOS), Thumbs.db,
 * desktop.ini (Windows), ~$* (Word's lock files), *~ and .*.swp (editors). */
int source_is_junk(const char *name);
void source_list_free(source_list *list);
void source_free(source *src);

#endif

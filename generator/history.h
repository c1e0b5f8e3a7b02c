/* history: what git says about every file of the site.
 *
 * For each file below the content folder of the commit being built,
 * history_load reads from the commits reachable from it:
 *
 *   published       committer time of the commit that added the file (the
 *                   oldest one, if it was added on more than one branch)
 *   updated         committer time of the newest commit that changed it
 *   changes         every commit that changed it, newest first, with its
 *                   public note and the file's path in that commit
 *   feedback_first  committer time of the oldest commit in which the
 *                   section "## Återkoppling" ("## Feedback" in English
 *                   files, *.en.md) appeared in the file; 0 when never
 *   results_first   the same for "## Resultat" ("## Results")
 *   levels          every commit in which the front matter's `level:`
 *                   changed, newest first, with from, to and the message
 *
 * Commit messages are internal working notes. The only part of one that
 * may reach a public page is its public note: the text of the trailers
 * `Publikt: ...` (`Public: ...` for an English file, *.en.md or a file of
 * an English site), see history_public_note. Subjects are not kept at all;
 * a level change keeps its whole message only for `trappa check`, which
 * asks whether the change was explained.
 *
 * Renames keep history: a file renamed (git mv, content kept similar) has
 * its older changes under its older path. A file deleted and added again
 * starts over. Files moved into the content folder from elsewhere in the
 * repository start when they moved in.
 *
 * How it works (one pass for all files, never one per file): a single
 * revision walk (git_revwalk, topological, then by time) from the commit;
 * each commit's content folder is compared with its first parent's, and
 * each change is given to the file it belongs to by following paths
 * backwards from the commit being built. The comparison skips folders
 * whose tree id did not change and reuses the trees the previous commit
 * read; when a commit both adds and deletes paths, libgit2's diff with
 * git_diff_find_similar (GIT_DIFF_FIND_RENAMES, git's default 50%
 * similarity) pairs them into renames. A merge commit
 * is diffed against its first parent; a file it changed is counted only
 * when the merge's version differs from every parent's (like `git log`):
 * a merge that only brings in a branch's version credits that branch's own
 * commits, never the merge as well. The walk stops as soon as every file
 * has been followed back to the commit that added it.
 *
 * Shallow clones: commits beyond the clone's depth are missing, so the
 * oldest commit present looks as if it added every file it has. The walk
 * succeeds, with one warning saying the dates are not the real ones
 * (fetch the whole history, e.g. `fetch-depth: 0` in CI). libgit2 1.5's
 * revwalk cannot cross a shallow boundary, so shallow clones are ordered
 * by a small walk of our own (same order); their history is not cached.
 *
 * What is scanned: each version of a Markdown file that a commit changed
 * (each blob once). Whether a section is there is asked of
 * markdown_sections, the cmark parse the page is rendered from, on the
 * body after the front matter: a heading inside an HTML comment, in code,
 * in a quote or a list is no section, in the history as on the page. The
 * level is a `level:` line at the start of a line between the leading
 * `---` fences, trimmed, quotes and a trailing " # comment" removed.
 *
 * The cache: with a cache folder, the result is stored in a file named
 * after the commit id and the format version, written atomically, and read
 * back instead of walking when the same commit is built again. When a
 * cached commit is an ancestor of the one being built, only the commits
 * since then are walked and the two are joined. A damaged cache file is
 * ignored (and replaced). The folder must lie outside the repository's git
 * folder (a folder beside the output, e.g. "public.cache"); it is created
 * when missing (its parent must exist). Old cache files for the same
 * content folder are removed, keeping the newest few.
 *
 * Times are Unix seconds (committer time); history_date turns one into a
 * calendar date in a time zone. Notes, messages and levels are valid
 * UTF-8 without control characters other than tab and line feed (anything
 * else becomes U+FFFD). Paths are as git stores them.
 *
 * A loaded history is read-only: pages may read it from several threads. */
#ifndef TRAPPA_HISTORY_H
#define TRAPPA_HISTORY_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct git_repository;

/* Part of the cache file names and contents: raise it whenever what is
 * stored, or how files are scanned, changes. */
#define HISTORY_CACHE_VERSION 3 /* 2: sections found by cmark; results_first.
				   * 3: public notes instead of subjects and messages */

typedef struct history history;

typedef struct history_change {
	long long time;      /* committer time */
	char commit[41];     /* commit id in hex */
	/* The commit's public note for this file (history_public_note in the
	 * file's language); "" when none. Never the subject. */
	const char *note;
	const char *path; /* the file's repository path in that commit */
	int added;           /* 1 when this commit added the file */
} history_change;

typedef struct history_level_change {
	long long time;
	char commit[41];
	const char *from; /* "" when the older version had no level */
	const char *to;   /* "" when the newer version has none */
	/* The whole message, for `trappa check` only (was the change
	 * explained?); internal, never for a public page. */
	const char *message;
} history_level_change;

typedef struct history_file {
	const char *path; /* repository path in the commit being built */
	long long published, updated;
	long long feedback_first;      /* 0: the section never appeared */
	long long results_first;       /* 0: the section never appeared */
	const history_change *changes; /* newest first */
	size_t n_changes;
	const history_level_change *levels; /* newest first */
	size_t n_levels;
} history_file;

typedef struct history_options {
	/* The content folder, repository-relative ("content", the default;
	 * "" or "." for the whole repository). */
	const char *prefix;
	/* Folder for the cache, or NULL for none. */
	const char *cache_dir;
	/* Language of files without a language code in their name ("sv", the
	 * default): picks the section headings for them, like markdown_render. */
	const char *lang;
} history_options;

/* Errors (negative returns). */
#define HISTORY_ENOTFOUND (-2) /* commit_hex names no commit */
#define HISTORY_EIO (-3)       /* a missing or damaged object, or another git failure */

/* Reads the history of every file below opts->prefix in commit commit_hex
 * (40 hex digits, or anything git_revparse understands; NULL: HEAD) of
 * repo. opts may be NULL (all defaults); zero-initialise it, so fields
 * added later get their defaults. Returns 0 and *out, or a negative error
 * with an error in diags and *out NULL. Warnings (a shallow clone, a cache
 * that cannot be used or written) leave the result usable. The result does
 * not refer to repo, which may be closed afterwards. Not thread-safe with
 * other users of the same git_repository while it runs. */
int history_load(history **out, diag_list *diags, struct git_repository *repo,
		 const char *commit_hex, const history_options *opts);

/* The history of the file at `path` (repository path in the commit being
 * built, e.g. "content/dialoger/x.md"); NULL when there is no such file. */
const history_file *history_find(const history *h, const char *path);
/* All files, sorted by path. */
size_t history_count(const history *h);
const history_file *history_at(const history *h, size_t i);
/* The commit the history was read from, in hex. */
const char *history_commit_id(const history *h);
/* 1 when the history was read from the cache, 2 when an older cached
 * commit was extended with the newer commits, 0 when walked in full. */
int history_from_cache(const history *h);
void history_free(history *h);

/* The public note of a commit message for a file in English (english 1)
 * or another language: the values of the message's trailers (git's
 * trailers: `Key: value` lines in the last paragraph, which is not the
 * subject) whose key is "Publikt" (english 0) or "Public" (english 1),
 * any case, each trimmed, white space runs made one space, joined by one
 * space. Appends it to out (nothing when there is none); the subject and
 * the body never. Returns 0. */
int history_public_note(buf *out, const char *message, int english);

/* The date (days since 1970-01-01, as date.h) of Unix time t in time zone
 * tz (Olson name; NULL: Europe/Stockholm); DATE_NONE when t is 0. Safe to
 * call from several threads, like date_from_unix. */
int history_date(long long t, const char *tz);

#endif

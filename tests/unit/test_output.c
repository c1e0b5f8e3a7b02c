/* Unit tests for output: atomic site writing in a temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "output.h"

#include "fixture.h"

/* Each test gets a fresh temporary folder; the site goes to <base>/site. */
typedef struct fixture {
	char base[64];
	char site[96];
} fixture;

/* ---- file helpers --------------------------------------------------------- */

static char *join(const char *a, const char *b)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", a, b);
	return buf_detach(&p);
}

static int is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void make_dir(const char *dir, const char *rel)
{
	char *p = join(dir, rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

/* Asserts that dir/rel is a regular file holding exactly `expected`. */
static void assert_file(const char *dir, const char *rel, const char *expected)
{
	char *p = join(dir, rel);
	char got[4096];
	size_t n;
	FILE *f = fopen(p, "r");

	if (!f)
		fail_msg("%s: %s", p, strerror(errno));
	n = fread(got, 1, sizeof(got) - 1, f);
	fclose(f);
	got[n] = '\0';
	free(p);
	assert_string_equal(got, expected);
}

static void assert_missing(const char *dir, const char *rel)
{
	if (fixture_exists(dir, rel))
		fail_msg("%s/%s should not exist", dir, rel);
}

/* Number of entries in dir (without . and ..) whose name starts with prefix. */
static int count_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    !strncmp(e->d_name, prefix, strlen(prefix)))
			n++;
	closedir(d);
	return n;
}

/* ---- output helpers ------------------------------------------------------- */

static output *begin_ok(const char *dir)
{
	diag_list d = DIAG_LIST_INIT;
	output *o = NULL;
	int rc = output_begin(&o, &d, dir);

	if (rc != 0) {
		diag_print(&d, stderr);
		fail_msg("output_begin(%s) = %d", dir, rc);
	}
	assert_non_null(o);
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
	return o;
}

static void write_ok(output *o, const char *rel, const char *text)
{
	assert_int_equal(output_write(o, rel, text, strlen(text)), 0);
}

static void commit_ok(output *o)
{
	assert_int_equal(output_commit(o), 0);
}

/* Builds a site holding the given files (NULL-terminated name, text pairs). */
static void build_site(const char *dir, const char *const *files)
{
	output *o = begin_ok(dir);
	size_t i;

	for (i = 0; files[i]; i += 2)
		write_ok(o, files[i], files[i + 1]);
	commit_ok(o);
}

/* ---- fixture --------------------------------------------------------------- */

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (fixture_mkdtemp(f->base, sizeof(f->base), "output") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->site, sizeof(f->site), "%s/site", f->base);
	diag_set_language(DIAG_LANG_EN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc;

	/* Cleaned up with rm, not with the code under test. */
	rc = fixture_remove_tree(f->base);
	free(f);
	diag_set_language(DIAG_LANG_SV);
	return rc;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_path_is_safe(void **state)
{
	static const char *bad[] = { "",	 "/abs",     "/",	"a/../b", "..",	 "../x",
				     "a/..",	 ".",	     "./a",	"a/./b",  "a//b", "a\\b",
				     "a/",	 "a\nb",     "a\tb",	"a\rb",	  "\x01",  "a\x1f",
				     "a\x7f" };
	static const char *good[] = { "a/b.html",	     "dialoger/x/index.html",
				      "index.html",	     "a",
				      "dialoger/åäö.html", ".well-known/security.txt",
				      "a..b",		     "a/b c/d.css" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (output_path_is_safe(bad[i]))
			fail_msg("unsafe path accepted: \"%s\"", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!output_path_is_safe(good[i]))
			fail_msg("safe path refused: \"%s\"", good[i]);
	assert_false(output_path_is_safe(NULL));
}

static void test_first_build_into_new_folder(void **state)
{
	fixture *f = *state;
	output *o = begin_ok(f->site);
	char *staging = strdup(output_staging_path(o));

	/* Pages go to a staging folder beside the output folder. */
	assert_true(is_dir(staging));
	assert_true(fixture_exists(staging, OUTPUT_MARKER));
	assert_false(is_dir(f->site));
	/* Named <dir>.staging-..., which is how stale ones are found again. */
	assert_int_equal(strncmp(staging, f->site, strlen(f->site)), 0);
	assert_int_equal(strncmp(staging + strlen(f->site), ".staging-", 9), 0);

	write_ok(o, "index.html", "<h1>Hej</h1>\n");
	write_ok(o, "dialoger/x/index.html", "<p>x</p>\n");
	write_ok(o, "style.css", "");
	assert_true(fixture_exists(staging, "dialoger/x/index.html"));
	commit_ok(o);

	assert_true(is_dir(f->site));
	assert_file(f->site, "index.html", "<h1>Hej</h1>\n");
	assert_file(f->site, "dialoger/x/index.html", "<p>x</p>\n");
	assert_file(f->site, "style.css", "");
	assert_file(f->site, OUTPUT_MARKER, "");
	assert_false(is_dir(staging));
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
	free(staging);
}

static void test_empty_existing_folder_is_used(void **state)
{
	fixture *f = *state;
	static const char *const files[] = { "a.html", "A", NULL };
	char *withslash = join(f->site, "");

	make_dir(f->base, "site");
	build_site(withslash, files); /* a trailing slash is fine */
	assert_file(f->site, "a.html", "A");
	assert_true(fixture_exists(f->site, OUTPUT_MARKER));
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
	free(withslash);
}

static void test_second_build_replaces_content(void **state)
{
	fixture *f = *state;
	static const char *const first[] = { "a.html", "old", "old/b.html", "B", NULL };
	static const char *const second[] = { "c.html", "new", "a.html", "replaced", NULL };

	build_site(f->site, first);
	assert_file(f->site, "old/b.html", "B");
	build_site(f->site, second);

	assert_file(f->site, "c.html", "new");
	assert_file(f->site, "a.html", "replaced");
	assert_missing(f->site, "old/b.html");
	assert_missing(f->site, "old");
	assert_true(fixture_exists(f->site, OUTPUT_MARKER));
	/* The old site is removed, not left beside the new one. */
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
	assert_int_equal(count_entries(f->base, "site"), 2); /* site and site.lock */
}

static void test_foreign_folder_refused(void **state)
{
	fixture *f = *state;
	diag_list d = DIAG_LIST_INIT;
	output *o = (output *)1;
	char *s;
	char expected[512];

	make_dir(f->base, "site");
	fixture_write_file(f->site, "important.txt", "do not delete\n");
	make_dir(f->site, "docs");
	fixture_write_file(f->site, "docs/thesis.tex", "years of work\n");

	assert_int_equal(output_begin(&o, &d, f->site), OUTPUT_EREFUSED);
	assert_null(o);
	assert_int_equal(d.len, 1);
	assert_int_equal(d.errors, 1);
	s = diag_format(&d.items[0]);
	snprintf(expected, sizeof(expected),
		 "%s: error: refusing to replace this folder: it is not empty and was not "
		 "written by Trappa (no .trappa-site file). Choose an empty or new folder with "
		 "--out",
		 f->site);
	assert_string_equal(s, expected);
	free(s);
	diag_list_free(&d);

	/* Untouched, and nothing written beside it. */
	assert_file(f->site, "important.txt", "do not delete\n");
	assert_file(f->site, "docs/thesis.tex", "years of work\n");
	assert_missing(f->site, OUTPUT_MARKER);
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
}

static void test_abort_keeps_previous_site(void **state)
{
	fixture *f = *state;
	static const char *const first[] = { "a.html", "A", "sub/b.html", "B", NULL };
	output *o;
	char *staging;

	build_site(f->site, first);
	o = begin_ok(f->site);
	staging = strdup(output_staging_path(o));
	write_ok(o, "a.html", "half-built");
	write_ok(o, "new.html", "N");
	output_abort(o);

	assert_false(is_dir(staging));
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
	assert_file(f->site, "a.html", "A");
	assert_file(f->site, "sub/b.html", "B");
	assert_missing(f->site, "new.html");
	assert_true(fixture_exists(f->site, OUTPUT_MARKER));
	free(staging);

	output_abort(NULL); /* allowed */
}

static void test_abort_of_first_build_leaves_nothing(void **state)
{
	fixture *f = *state;
	output *o = begin_ok(f->site);

	write_ok(o, "a.html", "A");
	output_abort(o);
	assert_false(is_dir(f->site));
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
}

static void test_same_path_twice_fails(void **state)
{
	fixture *f = *state;
	diag_list d = DIAG_LIST_INIT;
	output *o = NULL;
	const char *staging;

	assert_int_equal(output_begin(&o, &d, f->site), 0);
	staging = output_staging_path(o);
	write_ok(o, "dialoger/x/index.html", "first");
	assert_int_equal(d.len, 0);
	assert_int_equal(output_write(o, "dialoger/x/index.html", "second", 6), OUTPUT_EIO);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].path, "dialoger/x/index.html");
	assert_string_equal(d.items[0].message, "cannot write the file: File exists");
	/* The first page is not overwritten. */
	assert_file(staging, "dialoger/x/index.html", "first");
	/* Nor can a page overwrite the marker. */
	assert_true(output_write(o, OUTPUT_MARKER, "x", 1) != 0);
	assert_file(staging, OUTPUT_MARKER, "");
	output_abort(o);
	diag_list_free(&d);
}

static void test_write_refuses_unsafe_paths(void **state)
{
	fixture *f = *state;
	static const char *bad[] = { "../escape.html", "/tmp/abs.html", "a/../../x", "a\\b" };
	diag_list d = DIAG_LIST_INIT;
	output *o = NULL;
	char *outside;
	size_t i;

	assert_int_equal(output_begin(&o, &d, f->site), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(output_write(o, bad[i], "x", 1), OUTPUT_EREFUSED);
		assert_int_equal(d.errors, i + 1);
		assert_string_equal(d.items[i].path, bad[i]);
		assert_string_equal(d.items[i].message, "unsafe output path refused");
	}
	outside = join(f->base, "escape.html");
	assert_int_equal(access(outside, F_OK), -1);
	free(outside);
	/* Only the marker is in the staging folder. */
	assert_int_equal(count_entries(output_staging_path(o), ""), 1);
	output_abort(o);
	diag_list_free(&d);
}

static void test_stale_staging_removed(void **state)
{
	fixture *f = *state;
	static const char *const files[] = { "index.html", "I", NULL };

	/* A build killed mid-way left its staging folder (with the marker). */
	make_dir(f->base, "site.staging-99999");
	fixture_write_file(f->base, "site.staging-99999/" OUTPUT_MARKER, "");
	make_dir(f->base, "site.staging-99999/dialoger");
	fixture_write_file(f->base, "site.staging-99999/dialoger/x.html", "stale");
	/* An empty one is removed as well. */
	make_dir(f->base, "site.staging-12345");
	/* Something that is not ours, or not for this folder, is kept. */
	make_dir(f->base, "site.staging-88888");
	fixture_write_file(f->base, "site.staging-88888/notes.txt", "mine");
	make_dir(f->base, "other.staging-77777");
	fixture_write_file(f->base, "other.staging-77777/" OUTPUT_MARKER, "");

	build_site(f->site, files);
	assert_missing(f->base, "site.staging-99999");
	assert_missing(f->base, "site.staging-12345");
	assert_file(f->base, "site.staging-88888/notes.txt", "mine");
	assert_true(fixture_exists(f->base, "other.staging-77777/" OUTPUT_MARKER));
	assert_file(f->site, "index.html", "I");
}

static void test_remove_tree_does_not_follow_symlinks(void **state)
{
	fixture *f = *state;
	char *tree = join(f->base, "tree");
	char *target = join(f->base, "target");
	char *target_file = join(f->base, "target.txt");
	char *link_dir = join(tree, "sub/link-to-dir");
	char *link_file = join(tree, "link-to-file");
	char *top_link = join(f->base, "top-link");

	(void)state;
	make_dir(f->base, "target");
	fixture_write_file(f->base, "target/keep.txt", "keep");
	fixture_write_file(f->base, "target.txt", "keep too");
	make_dir(f->base, "tree");
	make_dir(f->base, "tree/sub");
	fixture_write_file(f->base, "tree/sub/a.html", "a");
	assert_int_equal(symlink(target, link_dir), 0);
	assert_int_equal(symlink(target_file, link_file), 0);

	assert_int_equal(output_remove_tree(tree), 0);
	assert_missing(f->base, "tree");
	assert_file(f->base, "target/keep.txt", "keep");
	assert_file(f->base, "target.txt", "keep too");

	/* A link given as the tree itself: only the link goes. */
	assert_int_equal(symlink(target, top_link), 0);
	assert_int_equal(output_remove_tree(top_link), 0);
	assert_missing(f->base, "top-link");
	assert_file(f->base, "target/keep.txt", "keep");

	/* A missing path is not an error. */
	assert_int_equal(output_remove_tree(tree), 0);

	free(tree);
	free(target);
	free(target_file);
	free(link_dir);
	free(link_file);
	free(top_link);
}

/* With a cache, the second build is an update: equal bytes are not
 * written but linked from the published site, changed ones are written,
 * vanished files and their empty folders go, and the whole new site is
 * swapped in. */
static void test_update_rewrites_only_changed(void **state)
{
	fixture *f = *state;
	char cache[600], staging[600];
	diag_list d = DIAG_LIST_INIT;
	output *o;
	size_t written, changed;
	struct stat before, after;
	char *kept;

	snprintf(cache, sizeof(cache), "%s.cache", f->site);
	o = begin_ok(f->site);
	assert_int_equal(output_set_cache(o, cache, 1), 0);
	assert_int_equal(output_is_update(o), 0); /* nothing published yet */
	write_ok(o, "index.html", "<h1>Hej</h1>\n");
	write_ok(o, "a/keep.html", "same\n");
	write_ok(o, "b/c/gone.html", "old\n");
	commit_ok(o);
	kept = join(f->site, "a/keep.html");
	assert_int_equal(stat(kept, &before), 0);

	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 1), 0);
	assert_int_equal(output_is_update(o), 1);
	snprintf(staging, sizeof(staging), "%s", output_staging_path(o));
	write_ok(o, "a/keep.html", "same\n");
	write_ok(o, "index.html", "<h1>Hej igen</h1>\n");
	write_ok(o, "new/page.html", "ny\n");
	assert_missing(staging, "a/keep.html"); /* unchanged: never written */
	assert_true(fixture_exists(staging, "index.html"));
	output_counts(o, &written, &changed);
	assert_int_equal(written, 3);
	assert_int_equal(changed, 2);
	commit_ok(o);
	assert_file(f->site, "index.html", "<h1>Hej igen</h1>\n");
	assert_file(f->site, "new/page.html", "ny\n");
	assert_missing(f->site, "b/c/gone.html");
	assert_missing(f->site, "b"); /* its empty folders too */
	assert_int_equal(stat(kept, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino); /* not rewritten */
	assert_false(is_dir(staging));

	/* Without allow_update, the same cache gives a full build. */
	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 0), 0);
	assert_int_equal(output_is_update(o), 0);
	output_abort(o);
	/* A marker that does not name the manifest (an interrupted update) too. */
	{
		char *marker = join(f->site, OUTPUT_MARKER);
		FILE *m = fopen(marker, "w");
		assert_non_null(m);
		fputs("updating\n", m);
		fclose(m);
		free(marker);
	}
	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 1), 0);
	assert_int_equal(output_is_update(o), 0);
	output_abort(o);
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
	free(kept);
}


/* --out that can never be swapped safely is refused before anything is
 * written beside it: no lock, no staging folder. */
static void test_bad_out_refused_before_work(void **state)
{
	fixture *f = *state;
	const char *bad[] = { "", ".", "..", "/", "x/.", "x/.." };
	char path[600];
	diag_list d = DIAG_LIST_INIT;
	output *o = (output *)1;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(output_begin(&o, &d, bad[i]), OUTPUT_EREFUSED);
		assert_null(o);
	}
	assert_int_equal(d.errors, (int)(sizeof(bad) / sizeof(*bad)));
	/* A file, and a symbolic link to a folder. */
	snprintf(path, sizeof(path), "%s/file", f->base);
	fclose(fopen(path, "w"));
	assert_int_equal(output_begin(&o, &d, path), OUTPUT_EREFUSED);
	assert_non_null(strstr(d.items[d.len - 1].message, "is a file"));
	snprintf(path, sizeof(path), "%s/link", f->base);
	assert_int_equal(symlink(f->base, path), 0);
	assert_int_equal(output_begin(&o, &d, path), OUTPUT_EREFUSED);
	assert_non_null(strstr(d.items[d.len - 1].message, "symbolic link"));
	assert_int_equal(count_entries(f->base, "link."), 0); /* no lock beside it */
	assert_int_equal(count_entries(f->base, "file."), 0);
	diag_list_free(&d);
}

/* A cache folder that is a symbolic link is never written through. */
static void test_cache_link_refused(void **state)
{
	fixture *f = *state;
	char cache[600], target[600];
	diag_list d = DIAG_LIST_INIT;
	output *o;

	snprintf(cache, sizeof(cache), "%s.cache", f->site);
	snprintf(target, sizeof(target), "%s/elsewhere", f->base);
	assert_int_equal(mkdir(target, 0755), 0);
	assert_int_equal(symlink(target, cache), 0);
	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 1), OUTPUT_EREFUSED);
	assert_int_equal(d.errors, 1);
	output_abort(o);
	assert_int_equal(count_entries(target, ""), 0);
	diag_list_free(&d);
}

/* The fallback swap cut between its two renames leaves the folder missing
 * and the old site at <out>.previous-<pid>: the next build puts it back
 * before anything else. A previous folder without the marker is not
 * Trappa's and stays. */
static void test_previous_site_restored(void **state)
{
	fixture *f = *state;
	static const char *const files[] = { "index.html", "gammal\n", NULL };
	char previous[600], foreign[600];
	output *o;

	build_site(f->site, files);
	snprintf(previous, sizeof(previous), "%s.previous-99999", f->site);
	assert_int_equal(rename(f->site, previous), 0);
	snprintf(foreign, sizeof(foreign), "%s.previous-12345", f->site);
	make_dir(f->base, "site.previous-12345");
	make_dir(foreign, "keep");
	o = begin_ok(f->site);
	assert_file(f->site, "index.html", "gammal\n"); /* back before the build */
	assert_false(is_dir(previous));
	output_abort(o);
	assert_file(f->site, "index.html", "gammal\n");
	assert_true(is_dir(foreign));
}

/* A removal of an old site cut short keeps the marker to the end, so the
 * rest is still recognisable and removed by the next build. */
static void test_cut_removal_still_recognised(void **state)
{
	fixture *f = *state;
	static const char *const files[] = { "a/b.html", "x\n", "index.html", "y\n", NULL };
	char stale[600];
	output *o;

	build_site(f->site, files);
	snprintf(stale, sizeof(stale), "%s.staging-99999", f->site);
	assert_int_equal(rename(f->site, stale), 0);
	/* What a kill half way through the removal leaves: the marker stays. */
	{
		char *p = join(stale, "index.html");
		assert_int_equal(unlink(p), 0);
		free(p);
	}
	assert_true(fixture_exists(stale, OUTPUT_MARKER));
	o = begin_ok(f->site);
	assert_false(is_dir(stale));
	output_abort(o);
}

/* An update that changes nothing publishes nothing: the same folder stays. */
static void test_unchanged_update_keeps_folder(void **state)
{
	fixture *f = *state;
	char cache[600];
	diag_list d = DIAG_LIST_INIT;
	struct stat before, after;
	output *o;
	int i;

	snprintf(cache, sizeof(cache), "%s.cache", f->site);
	for (i = 0; i < 2; i++) {
		if (i == 1)
			assert_int_equal(stat(f->site, &before), 0);
		assert_int_equal(output_begin(&o, &d, f->site), 0);
		assert_int_equal(output_set_cache(o, cache, 1), 0);
		write_ok(o, "index.html", "samma\n");
		commit_ok(o);
	}
	assert_int_equal(stat(f->site, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(count_entries(f->base, "site.staging-"), 0);
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
}

/* A published file whose bytes changed on disk but kept its size (what a
 * power cut without fsync leaves: zeros) is written again, not linked. */
static void test_zeroed_file_rewritten(void **state)
{
	fixture *f = *state;
	char cache[600];
	diag_list d = DIAG_LIST_INIT;
	size_t written, changed;
	output *o;
	FILE *z;
	char *page = join(f->site, "index.html");

	snprintf(cache, sizeof(cache), "%s.cache", f->site);
	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 1), 0);
	write_ok(o, "index.html", "<p>hej</p>\n");
	commit_ok(o);
	z = fopen(page, "w");
	assert_non_null(z);
	fwrite("\0\0\0\0\0\0\0\0\0\0\0", 1, 11, z);
	fclose(z);
	assert_int_equal(output_begin(&o, &d, f->site), 0);
	assert_int_equal(output_set_cache(o, cache, 1), 0);
	assert_int_equal(output_is_update(o), 1);
	write_ok(o, "index.html", "<p>hej</p>\n");
	output_counts(o, &written, &changed);
	assert_int_equal(changed, 1);
	commit_ok(o);
	assert_file(f->site, "index.html", "<p>hej</p>\n");
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
	free(page);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_path_is_safe),
		T(test_first_build_into_new_folder),
		T(test_empty_existing_folder_is_used),
		T(test_second_build_replaces_content),
		T(test_foreign_folder_refused),
		T(test_abort_keeps_previous_site),
		T(test_abort_of_first_build_leaves_nothing),
		T(test_same_path_twice_fails),
		T(test_write_refuses_unsafe_paths),
		T(test_stale_staging_removed),
		T(test_remove_tree_does_not_follow_symlinks),
		T(test_update_rewrites_only_changed),
		T(test_bad_out_refused_before_work),
		T(test_cache_link_refused),
		T(test_previous_site_restored),
		T(test_cut_removal_still_recognised),
		T(test_unchanged_update_keeps_folder),
		T(test_zeroed_file_rewritten),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for source: reading a site from a git commit or the work tree.
 *
 * The group setup builds, with the git command line, in a temporary folder:
 *   repo/       two commits (tag v1 on the first), then uncommitted changes
 *   bare.git    a bare clone of repo
 *   empty/      a repository without commits
 *   plain/      a folder that is not a repository */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "source.h"

#include "fixture.h"

typedef struct fixture {
	char base[64];
	char repo[128], bare[128], empty[128], plain[128];
	char head[41], first[41]; /* commit ids of HEAD and HEAD~1 (= v1) */
	char *saved_env[8];
} fixture;

static fixture fx;

static const char *env_names[] = { "GIT_AUTHOR_NAME",	  "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
				   "GIT_COMMITTER_EMAIL", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL",
				   "HOME",		  "GIT_DIR" };
#define NENV (sizeof(env_names) / sizeof(env_names[0]))

#define GIT "git -c init.defaultBranch=main -c commit.gpgsign=false -c core.symlinks=true "

/* ---- helpers ---------------------------------------------------------------- */

/* Runs a shell command in folder `dir`; 0 on success. */
static int sh(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(const char *dir, const char *fmt, ...)
{
	buf cmd = BUF_INIT;
	va_list ap;
	int rc;

	buf_printf(&cmd, "cd '%s' && (", dir);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_puts(&cmd, ") >/dev/null 2>&1");
	rc = system(cmd.ptr);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd.ptr);
	buf_free(&cmd);
	return rc;
}

/* The first line a git command prints, into out (size 41 or more). */
static int git_line(char *out, size_t size, const char *dir, const char *args)
{
	char cmd[512];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "cd '%s' && git %s", dir, args);
	p = popen(cmd, "r");
	if (!p || !fgets(out, (int)size, p)) {
		if (p)
			pclose(p);
		return -1;
	}
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return pclose(p) == 0 ? 0 : -1;
}

static source *open_git_ok(const char *path, const char *ref)
{
	diag_list d = DIAG_LIST_INIT;
	source *s = NULL;
	int rc = source_open_git(&s, &d, path, ref);

	if (rc != 0) {
		diag_print(&d, stderr);
		fail_msg("source_open_git(%s, %s) = %d", path, ref ? ref : "NULL", rc);
	}
	assert_non_null(s);
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
	return s;
}

static source *open_worktree_ok(const char *path)
{
	diag_list d = DIAG_LIST_INIT;
	source *s = NULL;

	assert_int_equal(source_open_worktree(&s, &d, path), 0);
	assert_non_null(s);
	assert_int_equal(d.len, 0);
	diag_list_free(&d);
	return s;
}

static void assert_read(source *s, const char *path, const char *expected)
{
	buf b = BUF_INIT;
	int rc = source_read(&b, s, path);

	if (rc != 0)
		fail_msg("source_read(%s) = %d", path, rc);
	assert_int_equal(b.size, strlen(expected));
	assert_string_equal(b.ptr, expected);
	buf_free(&b);
}

static void assert_read_fails(source *s, const char *path, int expected_rc)
{
	buf b = BUF_INIT;
	int rc;

	buf_puts(&b, "stale");
	rc = source_read(&b, s, path);
	buf_free(&b);
	if (expected_rc ? rc != expected_rc : rc == 0)
		fail_msg("source_read(%s) = %d", path, rc);
}

/* Opening must fail with `expected_rc` and exactly one error, formatted as
 * "<path>: error: <message>". */
static void assert_open_git_fails(const char *path, const char *ref, int expected_rc,
				  const char *message)
{
	diag_list d = DIAG_LIST_INIT;
	source *s = (source *)1;
	char expected[512], got[512] = "";
	int rc = source_open_git(&s, &d, path, ref);
	size_t n = d.len, errors = d.errors;

	if (n) {
		char *f = diag_format(&d.items[0]);
		snprintf(got, sizeof(got), "%s", f);
		free(f);
	}
	diag_list_free(&d);
	if (rc == 0)
		source_free(s); /* so a failing assertion leaks nothing */
	assert_int_equal(rc, expected_rc);
	assert_null(s);
	assert_int_equal(n, 1);
	assert_int_equal(errors, 1);
	snprintf(expected, sizeof(expected), "%s: error: %s", path, message);
	assert_string_equal(got, expected);
}

typedef struct entry_expect {
	const char *path;
	source_kind kind;
	size_t size;
} entry_expect;

static void assert_listing(source *s, const char *prefix, const entry_expect *want, size_t n)
{
	source_list list;
	size_t i;

	memset(&list, 0xAB, sizeof(list));
	assert_int_equal(source_list_dir(&list, s, prefix), 0);
	for (i = 0; i < list.len && i < n; i++) {
		if (strcmp(list.items[i].path, want[i].path) != 0)
			fail_msg("entry %zu: got %s, expected %s", i, list.items[i].path,
				 want[i].path);
		if (list.items[i].kind != want[i].kind)
			fail_msg("%s: kind %d, expected %d", want[i].path, list.items[i].kind,
				 want[i].kind);
		if (want[i].kind == SOURCE_FILE && list.items[i].size != want[i].size)
			fail_msg("%s: size %zu, expected %zu", want[i].path, list.items[i].size,
				 want[i].size);
	}
	assert_int_equal(list.len, n);
	source_list_free(&list);
}

/* ---- group fixture ------------------------------------------------------------ */

static int group_setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NENV; i++) {
		const char *v = getenv(env_names[i]);
		fx.saved_env[i] = v ? strdup(v) : NULL;
	}
	if (fixture_mkdtemp(fx.base, sizeof(fx.base), "source") != 0)
		return -1;
	snprintf(fx.repo, sizeof(fx.repo), "%s/repo", fx.base);
	snprintf(fx.bare, sizeof(fx.bare), "%s/bare.git", fx.base);
	snprintf(fx.empty, sizeof(fx.empty), "%s/empty", fx.base);
	snprintf(fx.plain, sizeof(fx.plain), "%s/plain", fx.base);

	/* Keep the user's git configuration out of it. */
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", fx.base, 1);
	unsetenv("GIT_DIR");

	if (sh(fx.base, GIT "init -q repo && " GIT "init -q empty && "
			"git -c init.defaultBranch=master init -q empty-master && mkdir plain") ||
	    sh(fx.repo, "mkdir -p content/dialoger content/z/deep themes && "
			"printf 'A\\n' > content/dialoger/a.md && "
			"printf 'B\\n' > content/dialoger/b.md && "
			"printf '# Start\\n' > content/index.md && "
			"printf 'deep\\n' > content/z/deep/file.txt && "
			"printf '<html>\\n' > themes/x.html && "
			"ln -s index.md content/link.md && " GIT "add -A && " GIT
			"commit -q -m first && " GIT "tag v1") ||
	    /* The second commit also records a submodule (a gitlink entry). */
	    sh(fx.repo, "printf 'B2\\n' > content/dialoger/b.md && " GIT
			"add content/dialoger/b.md && " GIT "update-index --add --cacheinfo "
			"160000,1111111111111111111111111111111111111111,content/sub && " GIT
			"commit -q -m second") ||
	    /* Uncommitted changes in the work tree, and a checked-out submodule. */
	    sh(fx.repo, "printf '# Ändrad\\n' > content/index.md && "
			"printf 'ny\\n' > content/new.md && mkdir content/sub && "
			"printf 'gitdir: ../../.git/modules/sub\\n' > content/sub/.git") ||
	    sh(fx.base, GIT "clone -q --bare repo bare.git") ||
	    git_line(fx.head, sizeof(fx.head), fx.repo, "rev-parse HEAD") ||
	    git_line(fx.first, sizeof(fx.first), fx.repo, "rev-parse HEAD~1"))
		return -1;
	fixture_write_file(fx.plain, "page.md", "plain\n");
	diag_set_language(DIAG_LANG_EN);
	return 0;
}

static int group_teardown(void **state)
{
	size_t i;
	int rc;

	(void)state;
	rc = fixture_remove_tree(fx.base);
	for (i = 0; i < NENV; i++) {
		if (fx.saved_env[i])
			setenv(env_names[i], fx.saved_env[i], 1);
		else
			unsetenv(env_names[i]);
		free(fx.saved_env[i]);
	}
	diag_set_language(DIAG_LANG_SV);
	return rc;
}

/* The committed content/ of HEAD. */
static const entry_expect head_content[] = {
	{ "content/dialoger/a.md", SOURCE_FILE, 2 },
	{ "content/dialoger/b.md", SOURCE_FILE, 3 },
	{ "content/index.md", SOURCE_FILE, 8 },
	{ "content/link.md", SOURCE_SYMLINK, 0 },
	{ "content/sub", SOURCE_SUBMODULE, 0 },
	{ "content/z/deep/file.txt", SOURCE_FILE, 5 },
};
#define N_HEAD (sizeof(head_content) / sizeof(head_content[0]))

/* ---- tests ----------------------------------------------------------------------- */

static void test_git_reads_committed_file(void **state)
{
	source *s = open_git_ok(fx.repo, NULL);

	(void)state;
	assert_read(s, "content/index.md", "# Start\n");
	assert_read(s, "content/dialoger/b.md", "B2\n");
	assert_read(s, "themes/x.html", "<html>\n");
	assert_string_equal(source_commit_id(s), fx.head);
	source_free(s);
}

static void test_git_ignores_uncommitted_changes(void **state)
{
	source *git = open_git_ok(fx.repo, "HEAD");
	source *wt = open_worktree_ok(fx.repo);

	(void)state;
	assert_read(git, "content/index.md", "# Start\n");
	assert_read_fails(git, "content/new.md", SOURCE_ENOTFOUND);
	assert_read(wt, "content/index.md", "# Ändrad\n");
	assert_read(wt, "content/new.md", "ny\n");
	assert_read_fails(wt, "content/missing.md", SOURCE_ENOTFOUND);
	source_free(git);
	source_free(wt);
}

static void test_refs_select_the_commit(void **state)
{
	source *v1 = open_git_ok(fx.repo, "v1");
	source *main_branch = open_git_ok(fx.repo, "main");
	source *by_id = open_git_ok(fx.repo, fx.first);
	source *parent = open_git_ok(fx.repo, "HEAD~1");

	(void)state;
	assert_read(v1, "content/dialoger/b.md", "B\n");
	assert_read(main_branch, "content/dialoger/b.md", "B2\n");
	assert_read(by_id, "content/dialoger/b.md", "B\n");
	assert_read(parent, "content/dialoger/b.md", "B\n");
	assert_string_equal(source_commit_id(v1), fx.first);
	assert_string_equal(source_commit_id(main_branch), fx.head);
	assert_string_equal(source_commit_id(by_id), fx.first);
	source_free(v1);
	source_free(main_branch);
	source_free(by_id);
	source_free(parent);
}

static void test_label(void **state)
{
	source *git = open_git_ok(fx.repo, NULL);
	source *wt = open_worktree_ok(fx.repo);
	char expected[16];

	(void)state;
	snprintf(expected, sizeof(expected), "%.7s:", fx.head);
	assert_string_equal(source_label(git), expected);
	assert_int_equal(strlen(source_label(git)), 8);
	assert_int_equal(strlen(source_commit_id(git)), 40);
	assert_string_equal(source_label(wt), "");
	assert_string_equal(source_commit_id(wt), "");
	source_free(git);
	source_free(wt);
}

static void test_git_list_dir(void **state)
{
	source *s = open_git_ok(fx.repo, NULL);
	source_list list;
	char id[64];
	size_t i;

	(void)state;
	assert_listing(s, "content", head_content, N_HEAD);

	/* Entries carry their blob ids. */
	assert_int_equal(source_list_dir(&list, s, "content"), 0);
	assert_int_equal(git_line(id, sizeof(id), fx.repo, "rev-parse HEAD:content/index.md"), 0);
	for (i = 0; i < list.len; i++)
		if (!strcmp(list.items[i].path, "content/index.md"))
			assert_string_equal(list.items[i].id, id);
	source_list_free(&list);

	{
		static const entry_expect sub[] = {
			{ "content/dialoger/a.md", SOURCE_FILE, 2 },
			{ "content/dialoger/b.md", SOURCE_FILE, 3 },
		};
		assert_listing(s, "content/dialoger", sub, 2);
	}
	source_free(s);
}

static void test_worktree_list_dir(void **state)
{
	static const entry_expect want[] = {
		{ "content/dialoger/a.md", SOURCE_FILE, 2 },
		{ "content/dialoger/b.md", SOURCE_FILE, 3 },
		{ "content/index.md", SOURCE_FILE, 10 }, /* "# Ändrad\n" */
		{ "content/link.md", SOURCE_SYMLINK, 0 },
		{ "content/new.md", SOURCE_FILE, 3 },
		{ "content/sub", SOURCE_SUBMODULE, 0 },
		{ "content/z/deep/file.txt", SOURCE_FILE, 5 },
	};
	source *s = open_worktree_ok(fx.repo);

	(void)state;
	assert_listing(s, "content", want, sizeof(want) / sizeof(want[0]));
	source_free(s);
}

/* source.h: the id is the git blob id, "also computed for work-tree files". */
/* A commit's entries carry their blob ids (for caching by object id);
 * work-tree entries have none, since hashing would read every file twice. */
static void test_entry_ids(void **state)
{
	source *git = open_git_ok(fx.repo, NULL);
	source *wt = open_worktree_ok(fx.repo);
	source_list list;
	char want[64], got_git[64] = "(not listed)", got_wt[64] = "(not listed)";
	size_t i;

	(void)state;
	assert_int_equal(git_line(want, sizeof(want), fx.repo, "rev-parse HEAD:content/index.md"), 0);
	assert_int_equal(source_list_dir(&list, git, "content"), 0);
	for (i = 0; i < list.len; i++)
		if (!strcmp(list.items[i].path, "content/index.md"))
			snprintf(got_git, sizeof(got_git), "%s", list.items[i].id);
	source_list_free(&list);
	assert_int_equal(source_list_dir(&list, wt, "content"), 0);
	for (i = 0; i < list.len; i++)
		if (!strcmp(list.items[i].path, "content/index.md"))
			snprintf(got_wt, sizeof(got_wt), "%s", list.items[i].id);
	source_list_free(&list);
	source_free(git);
	source_free(wt);
	assert_string_equal(got_git, want);
	assert_string_equal(got_wt, "");
}

static void test_symlinks_are_not_read(void **state)
{
	source *git = open_git_ok(fx.repo, NULL);
	source *wt = open_worktree_ok(fx.repo);

	(void)state;
	assert_read_fails(git, "content/link.md", 0);
	assert_read_fails(git, "content/sub", 0);
	assert_read_fails(git, "content/dialoger", 0);
	assert_read_fails(wt, "content/link.md", 0);
	assert_read_fails(wt, "content/dialoger", 0);
	source_free(git);
	source_free(wt);
}

static void test_bare_clone(void **state)
{
	source *s = open_git_ok(fx.bare, NULL);

	(void)state;
	assert_read(s, "content/index.md", "# Start\n");
	assert_string_equal(source_commit_id(s), fx.head);
	assert_listing(s, "content", head_content, N_HEAD);
	source_free(s);
}

static void test_open_from_subfolder(void **state)
{
	char sub[192];
	source *git, *wt;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/content/dialoger", fx.repo);
	git = open_git_ok(sub, NULL);
	wt = open_worktree_ok(sub);
	/* Paths stay relative to the repository root. */
	assert_read(git, "content/index.md", "# Start\n");
	assert_read(wt, "content/index.md", "# Ändrad\n");
	assert_string_equal(source_commit_id(git), fx.head);
	source_free(git);
	source_free(wt);
}

static void test_missing_ref(void **state)
{
	(void)state;
	assert_open_git_fails(fx.repo, "no-such-branch", SOURCE_ENOTFOUND,
			      "cannot find the ref \"no-such-branch\" in the git repository "
			      "(does the branch or tag exist?)");
	/* A close branch or tag name is suggested. */
	assert_open_git_fails(fx.repo, "v2", SOURCE_ENOTFOUND,
			      "cannot find the ref \"v2\" in the git repository; did you mean "
			      "\"v1\"?");
}

static void test_not_a_repository(void **state)
{
	char missing[192];

	(void)state;
	assert_open_git_fails(fx.plain, NULL, SOURCE_ENOTFOUND,
			      "no git repository here. Name one with --repo DIR, or read the "
			      "files on disk with --worktree");
	snprintf(missing, sizeof(missing), "%s/does-not-exist", fx.base);
	assert_open_git_fails(missing, NULL, SOURCE_ENOTFOUND,
			      "no git repository here. Name one with --repo DIR, or read the "
			      "files on disk with --worktree");
}

static void test_empty_repository(void **state)
{
	char master[160];

	(void)state;
	snprintf(master, sizeof(master), "%s/empty-master", fx.base);
	assert_open_git_fails(master, NULL, SOURCE_ENOTFOUND,
			      "the git repository has no commit yet; commit the content first, "
			      "or use --worktree");
	assert_open_git_fails(fx.empty, "main", SOURCE_ENOTFOUND,
			      "cannot find the ref \"main\" in the git repository "
			      "(does the branch or tag exist?)");
	/* HEAD names an unborn branch, whatever its name ("main" here). */
	assert_open_git_fails(fx.empty, NULL, SOURCE_ENOTFOUND,
			      "the git repository has no commit yet; commit the content first, "
			      "or use --worktree");
}

static void test_worktree_outside_repository(void **state)
{
	static const entry_expect want[] = { { "./page.md", SOURCE_FILE, 6 } };
	diag_list d = DIAG_LIST_INIT;
	source *s = open_worktree_ok(fx.plain);
	char missing[192];
	char expected[256];
	char *got;

	(void)state;
	assert_read(s, "page.md", "plain\n");
	assert_listing(s, ".", want, 1);
	source_free(s);

	snprintf(missing, sizeof(missing), "%s/does-not-exist", fx.base);
	s = (source *)1;
	assert_int_equal(source_open_worktree(&s, &d, missing), SOURCE_ENOTFOUND);
	assert_null(s);
	assert_int_equal(d.len, 1);
	snprintf(expected, sizeof(expected), "%s: error: the folder does not exist", missing);
	got = diag_format(&d.items[0]);
	assert_string_equal(got, expected);
	free(got);
	diag_list_free(&d);
}

static void test_missing_prefix_gives_empty_list(void **state)
{
	source *git = open_git_ok(fx.repo, NULL);
	source *wt = open_worktree_ok(fx.repo);

	(void)state;
	assert_listing(git, "no-such-folder", NULL, 0);
	assert_listing(git, "content/no/such", NULL, 0);
	assert_listing(wt, "no-such-folder", NULL, 0);
	assert_listing(wt, "content/no/such", NULL, 0);
	/* A file is not a folder: nothing below it. */
	assert_listing(git, "content/index.md", NULL, 0);
	assert_listing(wt, "content/index.md", NULL, 0);
	source_free(git);
	source_free(wt);
}

/* A fresh repository `name` with one committed file; its blob id in `id`. */
static void make_damaged_repo(char *dir, size_t size, char id[41], const char *name)
{
	snprintf(dir, size, "%s/%s", fx.base, name);
	assert_int_equal(sh(fx.base, GIT "init -q %s && cd %s && mkdir -p content/d && "
				 "printf 'Hej hej hej hej hej\\n' > content/d/a.md && " GIT
				 "add -A && " GIT "commit -q -m x",
			    name, name),
			 0);
	assert_int_equal(git_line(id, 41, dir, "rev-parse HEAD:content/d/a.md"), 0);
}

/* Replaces a loose object's file by what `cmd` makes of it (in its folder). */
static void damage(const char *dir, const char *id, const char *cmd)
{
	assert_int_equal(sh(dir, "f=.git/objects/%.2s/%s && chmod u+w $f && %s", id, id + 2, cmd), 0);
}

/* A truncated loose object made libgit2 1.5.1 loop for ever (libgit2
 * #7342): reading it, listing its folder and checking it end with
 * SOURCE_EDAMAGED, and the source counts it. */
static void test_truncated_object_is_damaged(void **state)
{
	char dir[160], id[41];
	const char *first;
	source *s;
	git_oid oid;

	(void)state;
	make_damaged_repo(dir, sizeof(dir), id, "damaged-blob");
	damage(dir, id, "truncate -s $(($(stat -c %s $f) / 2)) $f");
	s = open_git_ok(dir, NULL);
	assert_int_equal(git_oid_fromstr(&oid, id), 0);
	assert_int_equal(source_verify_object(source_repository(s), &oid), SOURCE_EDAMAGED);
	assert_read_fails(s, "content/d/a.md", SOURCE_EDAMAGED);
	assert_int_equal(source_damaged(s, &first), 1);
	assert_string_equal(first, id);
	source_free(s);
}

/* Not zlib at all, a wrong object inside sound zlib, and trailing bytes
 * are all damage; a sound loose object passes. */
static void test_corrupt_objects_are_damaged(void **state)
{
	char dir[160], id[41];
	source *s;
	git_oid oid;

	(void)state;
	make_damaged_repo(dir, sizeof(dir), id, "damaged-kinds");
	s = open_git_ok(dir, NULL);
	assert_read(s, "content/d/a.md", "Hej hej hej hej hej\n");
	assert_int_equal(git_oid_fromstr(&oid, id), 0);
	assert_int_equal(source_verify_object(source_repository(s), &oid), 0);
	source_free(s);

	damage(dir, id, "printf trasig > $f");
	s = open_git_ok(dir, NULL);
	assert_read_fails(s, "content/d/a.md", SOURCE_EDAMAGED);
	source_free(s);
	/* Another blob's content under this id: the hash differs. */
	damage(dir, id, "printf 'blob 4\\0abc\\n' | python3 -c 'import sys,zlib; "
			"sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))' > $f");
	s = open_git_ok(dir, NULL);
	assert_read_fails(s, "content/d/a.md", SOURCE_EDAMAGED);
	source_free(s);
	/* The header promises more than the stream holds. */
	damage(dir, id, "printf 'blob 400\\0abc\\n' | python3 -c 'import sys,zlib; "
			"sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))' > $f");
	s = open_git_ok(dir, NULL);
	assert_read_fails(s, "content/d/a.md", SOURCE_EDAMAGED);
	source_free(s);
}

/* A damaged tree fails the listing, not the process. */
static void test_damaged_tree_fails_listing(void **state)
{
	char dir[160], id[41], tree[41];
	source_list list;
	source *s;

	(void)state;
	make_damaged_repo(dir, sizeof(dir), id, "damaged-tree");
	assert_int_equal(git_line(tree, sizeof(tree), dir, "rev-parse HEAD:content/d"), 0);
	damage(dir, tree, "truncate -s 10 $f");
	s = open_git_ok(dir, NULL);
	assert_int_equal(source_list_dir(&list, s, "content"), SOURCE_EDAMAGED);
	source_list_free(&list);
	assert_read_fails(s, "content/d/a.md", SOURCE_EDAMAGED);
	source_free(s);
}

/* A damaged commit is refused when the source is opened. */
static void test_damaged_commit_refused(void **state)
{
	char dir[160], id[41], head[41];
	diag_list d = DIAG_LIST_INIT;
	source *s = NULL;
	char *msg;

	(void)state;
	make_damaged_repo(dir, sizeof(dir), id, "damaged-commit");
	assert_int_equal(git_line(head, sizeof(head), dir, "rev-parse HEAD"), 0);
	damage(dir, head, "truncate -s 20 $f");
	assert_int_equal(source_open_git(&s, &d, dir, NULL), SOURCE_EIO);
	assert_null(s);
	assert_int_equal(d.len, 1);
	msg = diag_format(&d.items[0]);
	assert_non_null(strstr(msg, "is damaged (truncated or corrupt); run git fsck"));
	assert_non_null(strstr(msg, head));
	free(msg);
	diag_list_free(&d);
}

/* The size limit is known before the file is read. */
static void test_read_max(void **state)
{
	source *git = open_git_ok(fx.repo, NULL);
	source *wt = open_worktree_ok(fx.repo);
	buf b = BUF_INIT;

	(void)state;
	assert_int_equal(source_read_max(&b, git, "content/dialoger/b.md", 2), SOURCE_ETOOLARGE);
	assert_int_equal(source_read_max(&b, wt, "content/dialoger/b.md", 2), SOURCE_ETOOLARGE);
	assert_int_equal(source_read_max(&b, git, "content/dialoger/b.md", 3), 0);
	assert_int_equal(b.size, 3);
	buf_free(&b);
	source_free(git);
	source_free(wt);
}

/* Folders deeper than SOURCE_MAX_DEPTH are one SOURCE_TOODEEP entry. */
static void test_too_deep_folders(void **state)
{
	source *s;
	source_list list;
	buf path = BUF_INIT, want = BUF_INIT;
	size_t i, found = 0;
	int k;

	(void)state;
	buf_puts(&path, "deepdir/c");
	for (k = 0; k < SOURCE_MAX_DEPTH + 3; k++)
		buf_puts(&path, "/a");
	assert_int_equal(sh(fx.base, "mkdir -p %s && touch %s/f", path.ptr, path.ptr), 0);
	buf_puts(&want, "c");
	for (k = 0; k < SOURCE_MAX_DEPTH; k++)
		buf_puts(&want, "/a");
	s = open_worktree_ok(fx.base);
	assert_int_equal(source_list_dir(&list, s, "deepdir"), 0);
	for (i = 0; i < list.len; i++) {
		if (list.items[i].kind == SOURCE_TOODEEP) {
			found++;
			assert_string_equal(list.items[i].path + strlen("deepdir/"), want.ptr);
		}
		assert_int_not_equal(list.items[i].kind, SOURCE_FILE);
	}
	assert_int_equal(found, 1);
	source_list_free(&list);
	source_free(s);
	buf_free(&path);
	buf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git_reads_committed_file),
		cmocka_unit_test(test_git_ignores_uncommitted_changes),
		cmocka_unit_test(test_refs_select_the_commit),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_git_list_dir),
		cmocka_unit_test(test_worktree_list_dir),
		cmocka_unit_test(test_entry_ids),
		cmocka_unit_test(test_symlinks_are_not_read),
		cmocka_unit_test(test_bare_clone),
		cmocka_unit_test(test_open_from_subfolder),
		cmocka_unit_test(test_missing_ref),
		cmocka_unit_test(test_not_a_repository),
		cmocka_unit_test(test_empty_repository),
		cmocka_unit_test(test_worktree_outside_repository),
		cmocka_unit_test(test_missing_prefix_gives_empty_list),
		cmocka_unit_test(test_truncated_object_is_damaged),
		cmocka_unit_test(test_corrupt_objects_are_damaged),
		cmocka_unit_test(test_damaged_tree_fails_listing),
		cmocka_unit_test(test_damaged_commit_refused),
		cmocka_unit_test(test_read_max),
		cmocka_unit_test(test_too_deep_folders),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

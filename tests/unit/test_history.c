/* Unit tests for history: dates, changes, renames, feedback and level
 * changes read from git, and the cache.
 *
 * The group setup builds, with the git command line, in a temporary
 * folder, a repository `repo` whose commits have known times (T(k) is day
 * k at noon UTC):
 *
 *   T(1)  c1  add a.md (konsultation), b.md (konsultation), c.en.md (with
 *             "## Återkoppling", which does not count in English), old.md,
 *             d.md, content/site.yaml and outside/readme.md
 *   T(2)  c2  edit a.md; delete old.md and d.md
 *   T(3)  c3  git mv a.md a/index.md, with a small edit; add d.md again
 *   T(4)  c4  "## Återkoppling" in a; "## Feedback" in c.en.md; trailers
 *             Publikt: (a's public note) and Public: (c.en.md's)
 *   T(5)  c5  a: level konsultation -> information, message explains why,
 *             and a Publikt: line inside the body (no trailer: no note)
 *   T(6)  c6  a and b edited together; b: level -> information, terse message
 *   T(7)  c7  only outside/readme.md
 *   T(8)  s1  (branch side, from c7) edit b.md
 *   T(9)  m1  (main) edit a/index.md
 *   T(10) mg  merge side into main (--no-ff), also editing c.en.md
 *
 * and, from it: a shallow clone, a repository holding only the head commit
 * object (the walk is impossible there, only the cache can answer), and a
 * copy with loose objects, one of them damaged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "history.h"

#include "fixture.h"

#define T(k) (1600000000LL + (long long)(k)*86400)

typedef struct fixture {
	char base[64];
	char repo[128], shallow[128], hollow[128], broken[128], scanrepo[128];
	char head[41], c[8][41], s1[41], m1[41];
	char *saved_env[8];
} fixture;

static fixture fx;

static const char *env_names[] = {"GIT_AUTHOR_NAME",
				  "GIT_AUTHOR_EMAIL",
				  "GIT_COMMITTER_NAME",
				  "GIT_COMMITTER_EMAIL",
				  "GIT_CONFIG_NOSYSTEM",
				  "GIT_CONFIG_GLOBAL",
				  "HOME",
				  "GIT_DIR"};
#define NENV (sizeof(env_names) / sizeof(env_names[0]))

#define GIT "git -c init.defaultBranch=main -c commit.gpgsign=false -c gc.auto=0 "

/* ---- helpers ---------------------------------------------------------------- */

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

static int write_file(const char *dir, const char *rel, const char *text)
{
	buf p = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_printf(&p, "%s/%s", dir, rel);
	f = fopen(p.ptr, "w");
	if (f) {
		fputs(text, f);
		rc = fclose(f);
	}
	buf_free(&p);
	return rc;
}

/* Commits everything staged at time t with message msg (may hold newlines). */
static int commit_at(const char *dir, long long t, const char *msg)
{
	int rc;

	if (write_file(dir, ".git/MSG", msg) != 0)
		return -1;
	rc = sh(dir,
		"GIT_AUTHOR_DATE='@%lld +0000' GIT_COMMITTER_DATE='@%lld +0000' " GIT
		"commit -q --allow-empty -F .git/MSG",
		t, t);
	return rc;
}

static const char *dialogue(buf *b, const char *level, const char *body)
{
	buf_clear(b);
	buf_printf(b,
		   "---\ntitle: En dialog\nsummary: Om något\nlevel: %s\nresponsible: SBN\n---\n"
		   "Första stycket i beskrivningen, som är ganska långt så att namnbyten\n"
		   "känns igen även när texten ändras lite grann.\n\n"
		   "Andra stycket. Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n"
		   "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n"
		   "%s",
		   level, body);
	return b->ptr;
}

static history *load(const char *repo_path, const char *commit, const history_options *opts,
		     diag_list *d)
{
	git_repository *repo = NULL;
	history *h = NULL;
	int rc;

	if (git_repository_open(&repo, repo_path) != 0)
		fail_msg("cannot open %s", repo_path);
	rc = history_load(&h, d, repo, commit, opts);
	git_repository_free(repo);
	if (rc != 0) {
		diag_print(d, stderr);
		fail_msg("history_load(%s, %s) = %d", repo_path, commit ? commit : "NULL", rc);
	}
	assert_non_null(h);
	return h;
}

static history *load_ok(const char *repo_path, const char *commit, const history_options *opts)
{
	diag_list d = DIAG_LIST_INIT;
	history *h = load(repo_path, commit, opts, &d);

	if (d.len) {
		diag_print(&d, stderr);
		fail_msg("unexpected diagnostics");
	}
	diag_list_free(&d);
	return h;
}

static const history_file *find(const history *h, const char *path)
{
	const history_file *f = history_find(h, path);

	if (!f)
		fail_msg("no history for %s", path);
	return f;
}

/* Both histories say exactly the same. */
static void assert_same(const history *a, const history *b)
{
	size_t i, k;

	assert_string_equal(history_commit_id(a), history_commit_id(b));
	assert_int_equal(history_count(a), history_count(b));
	for (i = 0; i < history_count(a); i++) {
		const history_file *x = history_at(a, i), *y = history_at(b, i);
		assert_string_equal(x->path, y->path);
		assert_int_equal(x->published, y->published);
		assert_int_equal(x->updated, y->updated);
		assert_int_equal(x->feedback_first, y->feedback_first);
		assert_int_equal(x->results_first, y->results_first);
		assert_int_equal(x->n_changes, y->n_changes);
		assert_int_equal(x->n_levels, y->n_levels);
		for (k = 0; k < x->n_changes; k++) {
			const history_change *p = &x->changes[k], *q = &y->changes[k];
			assert_int_equal(p->time, q->time);
			assert_string_equal(p->commit, q->commit);
			assert_string_equal(p->note, q->note);
			assert_string_equal(p->path, q->path);
			assert_int_equal(p->added, q->added);
		}
		for (k = 0; k < x->n_levels; k++) {
			const history_level_change *p = &x->levels[k], *q = &y->levels[k];
			assert_int_equal(p->time, q->time);
			assert_string_equal(p->commit, q->commit);
			assert_string_equal(p->from, q->from);
			assert_string_equal(p->to, q->to);
			assert_string_equal(p->message, q->message);
		}
	}
}

typedef struct want_change {
	long long time;
	const char *commit;
	const char *note;
	const char *path;
	int added;
} want_change;

static void assert_changes(const history_file *f, const want_change *want, size_t n)
{
	size_t i;

	for (i = 0; i < f->n_changes && i < n; i++) {
		const history_change *c = &f->changes[i];
		if (c->time != want[i].time || strcmp(c->commit, want[i].commit) ||
		    strcmp(c->note, want[i].note) || strcmp(c->path, want[i].path) ||
		    c->added != want[i].added)
			fail_msg(
			    "%s change %zu: got %lld %.7s \"%s\" %s %d, expected %lld %.7s \"%s\" "
			    "%s %d",
			    f->path, i, c->time, c->commit, c->note, c->path, c->added,
			    want[i].time, want[i].commit, want[i].note, want[i].path,
			    want[i].added);
	}
	if (f->n_changes != n) {
		for (i = 0; i < f->n_changes; i++)
			fprintf(stderr, "  %s: %lld %s\n", f->path, f->changes[i].time,
				f->changes[i].commit);
		fail_msg("%s: %zu changes, expected %zu", f->path, f->n_changes, n);
	}
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The one cache file in dir (there must be exactly one) into out. */
static void cache_file(buf *out, const char *dir, const char *commit)
{
	buf cmd = BUF_INIT;
	char line[512];
	FILE *p;
	int n = 0;

	buf_printf(&cmd, "ls '%s' | grep '^history-v%d-%s-'", dir, HISTORY_CACHE_VERSION, commit);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		buf_clear(out);
		buf_printf(out, "%s/%s", dir, line);
		n++;
	}
	pclose(p);
	buf_free(&cmd);
	if (n != 1)
		fail_msg("%d cache files for %.7s in %s", n, commit, dir);
}

/* ---- group fixture ------------------------------------------------------------ */

static int build_repo(void)
{
	buf a = BUF_INIT, b = BUF_INIT;
	const char *r = fx.repo;
	int rc = -1;
	int i;

	if (sh(fx.base, GIT "init -q repo") || sh(r, "mkdir -p content/dialoger outside") ||
	    write_file(r, "content/site.yaml", "title: Test\n") ||
	    write_file(r, "outside/readme.md", "## Återkoppling\n") ||
	    write_file(r, "content/dialoger/a.md", dialogue(&a, "konsultation", "")) ||
	    write_file(r, "content/dialoger/b.md", dialogue(&b, "konsultation", "")) ||
	    write_file(
		r, "content/dialoger/c.en.md",
		"---\ntitle: C\nlevel: dialog\n---\nText.\n\n## Återkoppling\nNot here.\n") ||
	    write_file(r, "content/dialoger/old.md", "---\ntitle: Old\n---\nOld.\n") ||
	    write_file(r, "content/dialoger/d.md", "---\ntitle: D\n---\nFirst D.\n") ||
	    sh(r, GIT "add -A") || commit_at(r, T(1), "Lägg till dialogerna\n"))
		goto out;
	if (write_file(r, "content/dialoger/a.md", dialogue(&a, "konsultation", "Mer text.\n")) ||
	    sh(r, GIT "rm -q content/dialoger/old.md content/dialoger/d.md && " GIT "add -A") ||
	    commit_at(r, T(2), "Rätta a\n"))
		goto out;
	/* Renamed into a bundle, with a small edit in the same commit. */
	if (sh(r, "mkdir content/dialoger/a && " GIT
		  "mv content/dialoger/a.md content/dialoger/a/index.md") ||
	    write_file(r, "content/dialoger/a/index.md",
		       dialogue(&a, "konsultation", "Mer text.\nOch en rad till.\n")) ||
	    write_file(r, "content/dialoger/d.md", "---\ntitle: D\n---\nSecond D.\n") ||
	    sh(r, GIT "add -A") || commit_at(r, T(3), "Gör a till en bunt\n"))
		goto out;
	if (write_file(
		r, "content/dialoger/a/index.md",
		dialogue(&a, "konsultation",
			 "Mer text.\nOch en rad till.\n\n## Återkoppling\nVi gjorde så här.\n")) ||
	    write_file(r, "content/dialoger/c.en.md",
		       "---\ntitle: C\nlevel: dialog\n---\nText.\n\n## Återkoppling\nNot here.\n\n"
		       "## Feedback\nHere.\n") ||
	    sh(r, GIT "add -A") || commit_at(r, T(4),
			      "Återkoppling för a och c\n\nIntern anteckning.\n\n"
			      "Publikt: Återkopplingen är publicerad.\n"
			      "Public: The feedback is published.\n"))
		goto out;
	if (write_file(
		r, "content/dialoger/a/index.md",
		dialogue(&a, "information",
			 "Mer text.\nOch en rad till.\n\n## Återkoppling\nVi gjorde så här.\n")) ||
	    sh(r, GIT "add -A") ||
	    commit_at(r, T(5),
		      "Ändra nivå för a\n\nBeslutet är redan fattat, så det blir information.\n"
		      "Publikt: inte en trailer, mitt i brödtexten.\n"))
		goto out;
	if (write_file(r, "content/dialoger/a/index.md",
		       dialogue(&a, "information",
				"Mer text.\nOch en rad till.\n\n## Återkoppling\nVi gjorde så här, "
				"och så.\n")) ||
	    write_file(r, "content/dialoger/b.md", dialogue(&b, "information", "B ändrad.\n")) ||
	    sh(r, GIT "add -A") || commit_at(r, T(6), "Småfix\n"))
		goto out;
	if (write_file(r, "outside/readme.md", "## Återkoppling\nändrad\n") ||
	    sh(r, GIT "add -A") || commit_at(r, T(7), "Bara utanför\n"))
		goto out;
	if (sh(r, GIT "checkout -q -b side") ||
	    write_file(r, "content/dialoger/b.md",
		       dialogue(&b, "information", "B ändrad.\n\n## Resultat\nMånga svar.\n")) ||
	    sh(r, GIT "add -A") || commit_at(r, T(8), "Resultat för b\n") ||
	    git_line(fx.s1, sizeof(fx.s1), r, "rev-parse HEAD"))
		goto out;
	if (sh(r, GIT "checkout -q main") ||
	    write_file(r, "content/dialoger/a/index.md",
		       dialogue(&a, "information",
				"Mer text.\nOch en rad till.\n\n## Återkoppling\nVi gjorde så här, "
				"och så. Och mer.\n")) ||
	    sh(r, GIT "add -A") || commit_at(r, T(9), "Mer om a\n") ||
	    git_line(fx.m1, sizeof(fx.m1), r, "rev-parse HEAD"))
		goto out;
	/* The merge also changes c.en.md itself, so that change is its own. */
	if (sh(r, GIT "merge -q --no-ff --no-commit side") ||
	    write_file(r, "content/dialoger/c.en.md",
		       "---\ntitle: C\nlevel: dialog\n---\nText, merged.\n\n## Återkoppling\nNot "
		       "here.\n\n## Feedback\nHere.\n") ||
	    sh(r, GIT "add -A") || commit_at(r, T(10), "Merge branch 'side'\n") ||
	    git_line(fx.head, sizeof(fx.head), r, "rev-parse HEAD"))
		goto out;
	/* c1..c7 on main's first-parent line: mg^1 = m1, m1^ = c7, ... */
	for (i = 7; i >= 1; i--) {
		char spec[32];
		snprintf(spec, sizeof(spec), "rev-parse HEAD^1~%d", 8 - i);
		if (git_line(fx.c[i], sizeof(fx.c[i]), r, spec))
			goto out;
	}
	rc = 0;
out:
	buf_free(&a);
	buf_free(&b);
	return rc;
}

static int group_setup(void **state)
{
	size_t i;
	char raw[192];

	(void)state;
	for (i = 0; i < NENV; i++) {
		const char *v = getenv(env_names[i]);
		fx.saved_env[i] = v ? strdup(v) : NULL;
	}
	if (fixture_mkdtemp(fx.base, sizeof(fx.base), "history") != 0)
		return -1;
	snprintf(fx.repo, sizeof(fx.repo), "%s/repo", fx.base);
	snprintf(fx.shallow, sizeof(fx.shallow), "%s/shallow", fx.base);
	snprintf(fx.hollow, sizeof(fx.hollow), "%s/hollow", fx.base);
	snprintf(fx.broken, sizeof(fx.broken), "%s/broken", fx.base);
	snprintf(fx.scanrepo, sizeof(fx.scanrepo), "%s/scan", fx.base);

	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("HOME", fx.base, 1);
	unsetenv("GIT_DIR");

	if (build_repo() != 0)
		return -1;
	/* Only the head commit's object: nothing can be walked. */
	snprintf(raw, sizeof(raw), "%s/head-commit", fx.base);
	if (sh(fx.repo, "git cat-file commit HEAD > '%s'", raw) ||
	    sh(fx.base, GIT "init -q --bare hollow") ||
	    sh(fx.hollow, "git hash-object --literally -t commit -w '%s'", raw))
		return -1;
	/* A shallow clone of depth 1. */
	if (sh(fx.base, GIT "clone -q --depth 1 'file://%s' shallow", fx.repo))
		return -1;
	git_libgit2_init();
	diag_set_language(DIAG_LANG_EN);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[256];
	size_t i;
	int rc;

	(void)state;
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf -- '%s'", fx.base, fx.base);
	rc = system(cmd);
	for (i = 0; i < NENV; i++) {
		if (fx.saved_env[i])
			setenv(env_names[i], fx.saved_env[i], 1);
		else
			unsetenv(env_names[i]);
		free(fx.saved_env[i]);
	}
	diag_set_language(DIAG_LANG_SV);
	return rc == 0 ? 0 : -1;
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_file_list(void **state)
{
	history *h = load_ok(fx.repo, "HEAD", NULL);
	static const char *const paths[] = {
	    "content/dialoger/a/index.md", "content/dialoger/b.md", "content/dialoger/c.en.md",
	    "content/dialoger/d.md",       "content/site.yaml",
	};
	size_t i;

	(void)state;
	assert_string_equal(history_commit_id(h), fx.head);
	assert_int_equal(history_from_cache(h), 0);
	assert_int_equal(history_count(h), 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(history_at(h, i)->path, paths[i]);
	assert_null(history_at(h, 5));
	/* Outside the prefix, deleted, or the old name of a renamed file. */
	assert_null(history_find(h, "outside/readme.md"));
	assert_null(history_find(h, "content/dialoger/old.md"));
	assert_null(history_find(h, "content/dialoger/a.md"));
	assert_null(history_find(h, "content/dialoger"));
	assert_null(history_find(h, "content"));
	history_free(h);
}

static void test_renamed_file_keeps_history(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *a = find(h, "content/dialoger/a/index.md");
	const want_change want[] = {
	    {T(9), fx.m1, "", "content/dialoger/a/index.md", 0},
	    {T(6), fx.c[6], "", "content/dialoger/a/index.md", 0},
	    {T(5), fx.c[5], "", "content/dialoger/a/index.md", 0},
	    {T(4), fx.c[4], "Återkopplingen är publicerad.", "content/dialoger/a/index.md", 0},
	    {T(3), fx.c[3], "", "content/dialoger/a/index.md", 0},
	    {T(2), fx.c[2], "", "content/dialoger/a.md", 0},
	    {T(1), fx.c[1], "", "content/dialoger/a.md", 1},
	};

	(void)state;
	assert_changes(a, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(a->published, T(1));
	assert_int_equal(a->updated, T(9));
	history_free(h);
}

static void test_feedback_first(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);

	(void)state;
	/* Appeared in c4 and stayed through later edits. */
	assert_int_equal(find(h, "content/dialoger/a/index.md")->feedback_first, T(4));
	/* English file: "## Återkoppling" from c1 does not count, "## Feedback" in c4 does. */
	assert_int_equal(find(h, "content/dialoger/c.en.md")->feedback_first, T(4));
	/* Never had one ("## Resultat" is not feedback). */
	assert_int_equal(find(h, "content/dialoger/b.md")->feedback_first, 0);
	assert_int_equal(find(h, "content/site.yaml")->feedback_first, 0);
	/* "## Resultat" came to b on the side branch (s1), merged later. */
	assert_int_equal(find(h, "content/dialoger/b.md")->results_first, T(8));
	assert_int_equal(find(h, "content/dialoger/a/index.md")->results_first, 0);
	assert_int_equal(find(h, "content/dialoger/c.en.md")->results_first, 0);
	history_free(h);
}

static void test_level_changes(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *a = find(h, "content/dialoger/a/index.md");
	const history_file *b = find(h, "content/dialoger/b.md");
	const history_file *c = find(h, "content/dialoger/c.en.md");

	(void)state;
	/* With an explanation in the message. */
	assert_int_equal(a->n_levels, 1);
	assert_int_equal(a->levels[0].time, T(5));
	assert_string_equal(a->levels[0].commit, fx.c[5]);
	assert_string_equal(a->levels[0].from, "konsultation");
	assert_string_equal(a->levels[0].to, "information");
	assert_string_equal(a->levels[0].message,
			    "Ändra nivå för a\n\nBeslutet är redan fattat, så det blir information.\n"
			    "Publikt: inte en trailer, mitt i brödtexten.");
	/* Without one: the message says nothing about it. */
	assert_int_equal(b->n_levels, 1);
	assert_int_equal(b->levels[0].time, T(6));
	assert_string_equal(b->levels[0].from, "konsultation");
	assert_string_equal(b->levels[0].to, "information");
	assert_string_equal(b->levels[0].message, "Småfix");
	assert_int_equal(c->n_levels, 0);
	history_free(h);
}

static void test_two_files_in_one_commit(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *a = find(h, "content/dialoger/a/index.md");
	const history_file *b = find(h, "content/dialoger/b.md");
	size_t i, found_a = 0, found_b = 0;

	(void)state;
	for (i = 0; i < a->n_changes; i++)
		found_a += !strcmp(a->changes[i].commit, fx.c[6]);
	for (i = 0; i < b->n_changes; i++)
		found_b += !strcmp(b->changes[i].commit, fx.c[6]);
	assert_int_equal(found_a, 1);
	assert_int_equal(found_b, 1);
	/* The commit that only touched outside/ is nobody's change. */
	for (i = 0; i < history_count(h); i++) {
		const history_file *f = history_at(h, i);
		size_t k;
		for (k = 0; k < f->n_changes; k++)
			assert_string_not_equal(f->changes[k].commit, fx.c[7]);
	}
	history_free(h);
}

static void test_merge(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *b = find(h, "content/dialoger/b.md");
	const history_file *c = find(h, "content/dialoger/c.en.md");
	const want_change want_b[] = {
	    {T(8), fx.s1, "", "content/dialoger/b.md", 0},
	    {T(6), fx.c[6], "", "content/dialoger/b.md", 0},
	    {T(1), fx.c[1], "", "content/dialoger/b.md", 1},
	};
	const want_change want_c[] = {
	    {T(10), fx.head, "", "content/dialoger/c.en.md", 0},
	    {T(4), fx.c[4], "The feedback is published.", "content/dialoger/c.en.md", 0},
	    {T(1), fx.c[1], "", "content/dialoger/c.en.md", 1},
	};

	(void)state;
	/* The branch's own commit, not the merge that brought it in. */
	assert_changes(b, want_b, 3);
	assert_int_equal(b->updated, T(8));
	/* A change made in the merge itself is the merge's. */
	assert_changes(c, want_c, 3);
	assert_int_equal(c->updated, T(10));
	history_free(h);
}

static void test_deleted_and_added_again(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *d = find(h, "content/dialoger/d.md");

	(void)state;
	assert_int_equal(d->n_changes, 1);
	assert_int_equal(d->changes[0].added, 1);
	assert_int_equal(d->published, T(3));
	assert_int_equal(d->updated, T(3));
	history_free(h);
}

static void test_older_commit(void **state)
{
	history *h = load_ok(fx.repo, fx.c[2], NULL);
	const history_file *a = find(h, "content/dialoger/a.md");

	(void)state;
	assert_string_equal(history_commit_id(h), fx.c[2]);
	assert_int_equal(a->n_changes, 2);
	assert_int_equal(a->published, T(1));
	assert_int_equal(a->updated, T(2));
	assert_int_equal(a->feedback_first, 0);
	assert_null(history_find(h, "content/dialoger/a/index.md"));
	history_free(h);
}

static void test_prefix(void **state)
{
	history_options o = {"content/dialoger/", NULL, NULL};
	history_options all = {"", NULL, NULL};
	history_options dot = {"./content", NULL, NULL};
	history_options none = {"no/such/folder", NULL, NULL};
	history *h = load_ok(fx.repo, NULL, &o), *whole = load_ok(fx.repo, NULL, &all);
	history *plain = load_ok(fx.repo, NULL, NULL), *dotted = load_ok(fx.repo, NULL, &dot);
	history *empty = load_ok(fx.repo, NULL, &none);
	const history_file *r;

	(void)state;
	assert_int_equal(history_count(h), 4);
	assert_null(history_find(h, "content/site.yaml"));
	assert_int_equal(find(h, "content/dialoger/a/index.md")->n_changes, 7);
	/* The whole repository: outside/ too, and the commit only it saw. */
	r = find(whole, "outside/readme.md");
	assert_int_equal(r->n_changes, 2);
	assert_string_equal(r->changes[0].commit, fx.c[7]);
	assert_int_equal(history_count(whole), 6);
	assert_same(plain, dotted);
	assert_int_equal(history_count(empty), 0);
	history_free(h);
	history_free(whole);
	history_free(plain);
	history_free(dotted);
	history_free(empty);
}

static void test_dates(void **state)
{
	history *h = load_ok(fx.repo, NULL, NULL);
	const history_file *a = find(h, "content/dialoger/a/index.md");

	(void)state;
	/* T(1) is 2020-09-14 12:26:40 UTC: the same date in Stockholm. */
	assert_int_equal(history_date(a->published, "Europe/Stockholm"),
			 date_from_ymd(2020, 9, 14));
	assert_int_equal(history_date(a->published, "Pacific/Kiritimati"),
			 date_from_ymd(2020, 9, 15));
	assert_int_equal(history_date(0, "Europe/Stockholm"), DATE_NONE);
	history_free(h);
}

static void test_shallow_clone(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	history *h = load(fx.shallow, NULL, NULL, &d), *full = load_ok(fx.repo, NULL, NULL);
	const history_file *a = find(h, "content/dialoger/a/index.md");
	char *msg;

	(void)state;
	/* It works, says so, and knows only the one commit it has. */
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	msg = diag_format(&d.items[0]);
	assert_non_null(strstr(msg, "shallow clone"));
	free(msg);
	assert_string_equal(history_commit_id(h), fx.head);
	assert_int_equal(history_count(h), history_count(full));
	assert_int_equal(a->n_changes, 1);
	assert_int_equal(a->published, T(10));
	assert_int_equal(a->changes[0].added, 1);
	history_free(h);
	history_free(full);
	diag_list_free(&d);
}

static void test_deeper_shallow_clone(void **state)
{
	char dir[160];
	diag_list d = DIAG_LIST_INIT;
	history *h;
	const history_file *a, *b;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/shallow3", fx.base);
	assert_int_equal(sh(fx.base, GIT "clone -q --depth 3 'file://%s' shallow3", fx.repo), 0);
	h = load(dir, NULL, NULL, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	a = find(h, "content/dialoger/a/index.md");
	b = find(h, "content/dialoger/b.md");
	/* Depth 3 from the merge: m1 and s1, then c7 and c6 at the boundary. */
	assert_string_equal(a->changes[0].commit, fx.m1);
	assert_string_equal(b->changes[0].commit, fx.s1);
	assert_true(a->published >= T(6) && a->published <= T(7));
	assert_true(a->published <= a->updated);
	history_free(h);
	diag_list_free(&d);
}

static void test_commit_not_found(void **state)
{
	git_repository *repo = NULL;
	diag_list d = DIAG_LIST_INIT;
	history *h = (history *)1;

	(void)state;
	assert_int_equal(git_repository_open(&repo, fx.repo), 0);
	assert_int_equal(history_load(&h, &d, repo, "no-such-branch", NULL), HISTORY_ENOTFOUND);
	assert_null(h);
	assert_int_equal(d.errors, 1);
	assert_int_equal(
	    history_load(&h, &d, repo, "0123456789012345678901234567890123456789", NULL),
	    HISTORY_ENOTFOUND);
	assert_int_equal(d.errors, 2);
	git_repository_free(repo);
	diag_list_free(&d);
}

static void test_damaged_object(void **state)
{
	git_repository *repo = NULL;
	diag_list d = DIAG_LIST_INIT;
	history *h = (history *)1;
	char blob[64], rel[128];
	char *msg;
	int rc;

	(void)state;
	/* A copy with loose objects; the first version of a.md damaged. */
	assert_int_equal(sh(fx.base,
			    "cp -r repo broken && cd broken && " GIT
			    "repack -q -a -d && mkdir -p ../unpacked && mv .git/objects/pack/* "
			    "../unpacked/ && for p in ../unpacked/*.pack; do "
			    "git unpack-objects -q < $p; done"),
			 0);
	assert_int_equal(
	    git_line(blob, sizeof(blob), fx.broken, "rev-parse HEAD^1~7:content/dialoger/a.md"), 0);
	snprintf(rel, sizeof(rel), ".git/objects/%.2s/%s", blob, blob + 2);
	assert_int_equal(sh(fx.broken, "chmod u+w %s && printf 'garbage' > %s", rel, rel), 0);

	assert_int_equal(git_repository_open(&repo, fx.broken), 0);
	rc = history_load(&h, &d, repo, NULL, NULL);
	git_repository_free(repo);
	if (rc == 0)
		history_free(h);
	assert_int_equal(rc, HISTORY_EIO);
	assert_null(h);
	assert_int_equal(d.errors, 1);
	msg = diag_format(&d.items[0]);
	assert_non_null(strstr(msg, "content: error: cannot read the git history at commit "));
	free(msg);
	diag_list_free(&d);
}

static void test_missing_objects_without_cache(void **state)
{
	git_repository *repo = NULL;
	diag_list d = DIAG_LIST_INIT;
	history *h = NULL;

	(void)state;
	/* The hollow repository has the commit but not its tree: an error. */
	assert_int_equal(git_repository_open(&repo, fx.hollow), 0);
	assert_int_equal(history_load(&h, &d, repo, fx.head, NULL), HISTORY_EIO);
	assert_null(h);
	assert_int_equal(d.errors, 1);
	git_repository_free(repo);
	diag_list_free(&d);
}

static void test_cache(void **state)
{
	char dir[160];
	history_options o = {NULL, NULL, NULL};
	history *walked, *first, *cached, *hollow;
	buf file = BUF_INIT;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/public.cache", fx.base);
	o.cache_dir = dir;
	walked = load_ok(fx.repo, NULL, NULL);
	/* The first load walks and writes the cache file. */
	first = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(first), 0);
	cache_file(&file, dir, fx.head);
	assert_true(file_exists(file.ptr));
	assert_same(walked, first);
	/* The second reads it. */
	cached = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(cached), 1);
	assert_same(walked, cached);
	/* Proof that it is not walking: a repository that holds only the
	 * commit object answers from the cache. */
	hollow = load_ok(fx.hollow, fx.head, &o);
	assert_int_equal(history_from_cache(hollow), 1);
	assert_same(walked, hollow);
	history_free(walked);
	history_free(first);
	history_free(cached);
	history_free(hollow);
	buf_free(&file);
}

static void corrupt_and_check(const char *dir, const history *walked, const char *how)
{
	history_options o = {NULL, NULL, NULL};
	buf file = BUF_INIT;
	history *h;

	o.cache_dir = dir;
	cache_file(&file, dir, fx.head);
	assert_int_equal(sh(dir, "%s'%s'", how, file.ptr), 0);
	/* Ignored: walked again, and the file replaced by a good one. */
	h = load_ok(fx.repo, NULL, &o);
	if (history_from_cache(h) != 0)
		fail_msg("a cache damaged by \"%s\" was used", how);
	assert_same(walked, h);
	history_free(h);
	h = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(h), 1);
	assert_same(walked, h);
	history_free(h);
	buf_free(&file);
}

static void test_corrupt_cache_is_ignored(void **state)
{
	char dir[160], how[160];
	history_options o = {NULL, NULL, NULL};
	history *walked = load_ok(fx.repo, NULL, NULL), *h;
	buf file = BUF_INIT;
	struct stat st;
	long size, cut;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/corrupt.cache", fx.base);
	o.cache_dir = dir;
	h = load_ok(fx.repo, NULL, &o);
	history_free(h);
	cache_file(&file, dir, fx.head);
	assert_int_equal(stat(file.ptr, &st), 0);
	size = (long)st.st_size;
	buf_free(&file);

	corrupt_and_check(dir, walked, ": > ");
	corrupt_and_check(dir, walked, "printf 'not a cache file' > ");
	corrupt_and_check(dir, walked, "head -c 4096 /dev/urandom > ");
	/* Truncated anywhere. */
	for (cut = 1; cut < size; cut += size / 23 + 1) {
		snprintf(how, sizeof(how), "truncate -s %ld ", cut);
		corrupt_and_check(dir, walked, how);
	}
	snprintf(how, sizeof(how), "truncate -s %ld ", size - 1);
	corrupt_and_check(dir, walked, how);
	/* A byte changed anywhere (the checksum notices). */
	for (cut = 0; cut < size; cut += size / 17 + 1) {
		snprintf(how, sizeof(how),
			 "printf '\\377' | dd conv=notrunc bs=1 seek=%ld status=none of=", cut);
		corrupt_and_check(dir, walked, how);
	}
	/* Something appended. */
	corrupt_and_check(dir, walked, "printf 'x' >> ");
	history_free(walked);
}

static void test_incremental_cache(void **state)
{
	char dir[160], dir2[160];
	history_options o = {NULL, NULL, NULL};
	history *walked = load_ok(fx.repo, NULL, NULL), *h;
	buf file = BUF_INIT;

	(void)state;
	/* Cached at c5; building the head walks only what came since. */
	snprintf(dir, sizeof(dir), "%s/incr.cache", fx.base);
	o.cache_dir = dir;
	h = load_ok(fx.repo, fx.c[5], &o);
	assert_int_equal(history_from_cache(h), 0);
	history_free(h);
	h = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(h), 2);
	assert_same(walked, h);
	history_free(h);
	/* Its result was stored too. */
	cache_file(&file, dir, fx.head);
	h = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(h), 1);
	assert_same(walked, h);
	history_free(h);

	/* Cached at m1: the merged branch started before m1, so the join is
	 * not possible and the history is walked in full. */
	snprintf(dir2, sizeof(dir2), "%s/incr2.cache", fx.base);
	o.cache_dir = dir2;
	h = load_ok(fx.repo, fx.m1, &o);
	history_free(h);
	h = load_ok(fx.repo, NULL, &o);
	assert_int_equal(history_from_cache(h), 0);
	assert_same(walked, h);
	history_free(h);
	history_free(walked);
	buf_free(&file);
}

/* Whatever ancestor was cached, the joined history is the walked one. */
static void test_incremental_from_every_ancestor(void **state)
{
	const char *bases[10];
	history *walked = load_ok(fx.repo, NULL, NULL);
	size_t i, n = 0;
	int joined = 0;

	(void)state;
	for (i = 1; i <= 7; i++)
		bases[n++] = fx.c[i];
	bases[n++] = fx.s1;
	bases[n++] = fx.m1;
	for (i = 0; i < n; i++) {
		char dir[192];
		history_options o = {NULL, NULL, NULL};
		history *h;

		snprintf(dir, sizeof(dir), "%s/every-%zu.cache", fx.base, i);
		o.cache_dir = dir;
		h = load_ok(fx.repo, bases[i], &o);
		history_free(h);
		h = load_ok(fx.repo, NULL, &o);
		joined += history_from_cache(h) == 2;
		assert_same(walked, h);
		history_free(h);
		/* and from an older commit's point of view, through the prefix too */
		if (i >= 2) {
			history *old_walked = load_ok(fx.repo, bases[i - 1], NULL);
			history_options o2 = {"content/dialoger", NULL, NULL};
			history *w2, *h2;
			h = load_ok(fx.repo, bases[i - 1], &o);
			assert_same(old_walked, h);
			history_free(h);
			history_free(old_walked);
			snprintf(dir, sizeof(dir), "%s/every-%zu-sub.cache", fx.base, i);
			o2.cache_dir = dir;
			w2 = load_ok(fx.repo, NULL, &o2);
			history_free(load_ok(fx.repo, bases[i], &o2));
			h2 = load_ok(fx.repo, NULL, &o2);
			assert_same(w2, h2);
			history_free(w2);
			history_free(h2);
		}
	}
	/* c1..c7 are joinable (m1 and s1 are not: see above) */
	assert_int_equal(joined, 7);
	history_free(walked);
}

static void test_cache_keeps_few_files(void **state)
{
	char dir[160];
	history_options o = {NULL, NULL, NULL};
	int i, n = 0;
	buf cmd = BUF_INIT;
	FILE *p;
	char line[256];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/few.cache", fx.base);
	o.cache_dir = dir;
	for (i = 1; i <= 7; i++) {
		history *h = load_ok(fx.repo, fx.c[i], &o);
		history_free(h);
	}
	buf_printf(&cmd, "ls -a '%s'", dir);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (!strncmp(line, "history-", 8))
			n++;
		else
			assert_true(line[0] == '.' && (line[1] == '\n' || line[1] == '.'));
	pclose(p);
	buf_free(&cmd);
	assert_int_equal(n, 4);
}

static void test_cache_not_in_git_folder(void **state)
{
	char dir[160];
	history_options o = {NULL, NULL, NULL};
	diag_list d = DIAG_LIST_INIT;
	history *h;
	char *msg;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/.git/trappa-cache", fx.repo);
	o.cache_dir = dir;
	h = load(fx.repo, NULL, &o, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	msg = diag_format(&d.items[0]);
	assert_non_null(strstr(msg, "must not be inside the git folder"));
	free(msg);
	assert_int_equal(history_from_cache(h), 0);
	history_free(h);
	diag_list_free(&d);
	/* and nothing was left there */
	assert_false(file_exists(dir));
}

/* A cache that cannot be written is a warning; the history is fine. */
static void assert_cache_warning(const char *dir, const char *message)
{
	history_options o = {NULL, NULL, NULL};
	diag_list d = DIAG_LIST_INIT;
	history *h, *walked = load_ok(fx.repo, NULL, NULL);
	char *msg;

	o.cache_dir = dir;
	h = load(fx.repo, NULL, &o, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	msg = diag_format(&d.items[0]);
	if (!strstr(msg, message))
		fail_msg("got \"%s\", expected \"%s\"", msg, message);
	free(msg);
	assert_same(walked, h);
	history_free(h);
	history_free(walked);
	diag_list_free(&d);
}

static void test_cache_unwritable(void **state)
{
	char dir[160];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/no/such/folder", fx.base);
	assert_cache_warning(dir, "cannot create the history cache folder");
	/* Not even root can make files in /proc. */
	if (geteuid() == 0) {
		assert_cache_warning("/proc", "cannot write the history cache");
	} else {
		snprintf(dir, sizeof(dir), "%s/ro.cache", fx.base);
		assert_int_equal(mkdir(dir, 0555), 0);
		assert_cache_warning(dir, "cannot write the history cache");
	}
	snprintf(dir, sizeof(dir), "%s/repo/content/site.yaml", fx.base);
	assert_cache_warning(dir, "the history cache is not a folder");
}

/* Notes and messages become text that pages and feeds can take as it is. */
static void test_messages_are_text(void **state)
{
	char dir[160];
	history *h;
	const history_file *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/msg", fx.base);
	assert_int_equal(sh(fx.base, GIT "init -q msg && mkdir -p msg/content"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n"), 0);
	/* git commit would "repair" the bytes; write the commit object itself. */
	assert_int_equal(sh(dir, GIT "add -A && printf 'tree %%s\\n' $(git write-tree) > .git/OBJ"),
			 0);
	assert_int_equal(sh(dir, "printf 'author A <a@b> 1600000000 +0000\\ncommitter A <a@b> "
				 "1600000000 +0000\\n\\n' >> .git/OBJ"),
			 0);
	assert_int_equal(write_file(dir, ".git/MSG",
				    "Rubrik \xff\x01 slut\r\n\r\nBr\xc3\xb6"
				    "d\ttext\r\n\r\nPublikt: Not \xff\x01 h\xc3\xa4r\r\n"),
			 0);
	assert_int_equal(sh(dir,
			    "cat .git/MSG >> .git/OBJ && git update-ref HEAD $(git hash-object "
			    "--literally -t commit -w .git/OBJ)"),
			 0);
	h = load_ok(dir, NULL, NULL);
	f = find(h, "content/x.md");
	assert_string_equal(f->changes[0].note, "Not \xEF\xBF\xBD\xEF\xBF\xBD h\xc3\xa4r");
	history_free(h);
}

static void assert_note(const char *message, int english, const char *want)
{
	buf b = BUF_INIT;
	char got[256];
	int rc;

	buf_puts(&b, "x"); /* appends: what was there stays */
	rc = history_public_note(&b, message, english);
	snprintf(got, sizeof(got), "%s", b.ptr);
	buf_free(&b);
	assert_int_equal(rc, 0);
	if (strcmp(got + 1, want) || got[0] != 'x')
		fail_msg("note of \"%s\" (english %d): got \"%s\", expected \"%s\"",
			 message ? message : "(null)", english, got + 1, want);
}

/* Only the values of the Publikt: (Public:) trailers are public: never the
 * subject, never the body, never a trailer line inside the body. */
static void test_public_note(void **state)
{
	(void)state;
	assert_note("Rubrik\n\nPublikt: Enkäten är stängd.\n", 0, "Enkäten är stängd.");
	assert_note("Rubrik\n\nPublikt: Enkäten är stängd.\n", 1, "");
	assert_note("Subject\n\nPublic: The survey is closed.\n", 1, "The survey is closed.");
	assert_note("Subject\n\nPublic: The survey is closed.\n", 0, "");
	/* The subject is never a trailer, whatever it looks like. */
	assert_note("Publikt: rubriken\n", 0, "");
	assert_note("Publikt: rubriken\n\nBrödtext.\n", 0, "");
	/* A trailer line inside a paragraph of running text is no trailer. */
	assert_note("Rubrik\n\nBrödtext.\nPublikt: mitt i\n", 0, "");
	assert_note("Rubrik\n\nPublikt: inte sist\n\nSista stycket.\n", 0, "");
	/* Several, any case, continuation lines, white space squeezed. */
	assert_note("Rubrik\n\nIntern text.\n\nPublikt:  Ett\n   två\npublikt: tre\t fyra\n"
		    "Signed-off-by: A <a@b>\nPUBLIKT: fem\n",
		    0, "Ett två tre fyra fem");
	/* Empty values and other keys say nothing (libgit2 hands an empty
	 * value the next line: that is a trailer of its own, as in git). */
	assert_note("Rubrik\n\nPublikt:   \nPublikation: nej\n", 0, "");
	assert_note("Rubrik\n\nPublikt:\nSigned-off-by: A <a@b>\nPublikt: sist\n", 0, "sist");
	assert_note("Rubrik\n\nPublic:\nPublic : two\n  lines\n", 1, "two lines");
	assert_note("", 0, "");
	assert_note(NULL, 0, "");
}

/* A file that becomes a symbolic link (or back) is still the same file,
 * whichever way the commit is compared. */
static void test_typechange(void **state)
{
	char dir[160];
	history *h;
	const history_file *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tc", fx.base);
	assert_int_equal(sh(fx.base, GIT "init -q tc && mkdir -p tc/content"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n"), 0);
	assert_int_equal(write_file(dir, "content/y.md", "Y.\n"), 0);
	assert_int_equal(write_file(dir, "content/gone.md", "Gone.\n"), 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(40), "1\n"), 0);
	assert_int_equal(sh(dir, "rm content/x.md && ln -s y.md content/x.md && " GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(41), "2\n"), 0);
	/* Back, while adding and deleting other files (a possible rename). */
	assert_int_equal(sh(dir, "rm content/x.md content/gone.md"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text again.\n"), 0);
	assert_int_equal(write_file(dir, "content/new.md", "Something else entirely.\n"), 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(42), "3\n"), 0);
	h = load_ok(dir, NULL, NULL);
	f = find(h, "content/x.md");
	assert_int_equal(f->n_changes, 3);
	assert_int_equal(f->published, T(40));
	assert_int_equal(find(h, "content/new.md")->published, T(42));
	history_free(h);
}

/* ---- what counts as the feedback section and the level ----------------------------- */

typedef struct scan_case {
	const char *name;
	const char *text;
	int feedback; /* expected: the section is there */
} scan_case;

static const scan_case scan_cases[] = {
    {"atx.md", "Text.\n\n## Återkoppling\nSvar.\n", 1},
    {"upper.md", "## ÅTERKOPPLING\n", 1},
    {"spaces.md", "##   Återkoppling   \n", 1},
    {"closing.md", "## Återkoppling ##\n", 1},
    {"indent3.md", "   ## Återkoppling\n", 1},
    {"crlf.md", "Text.\r\n\r\n## Återkoppling\r\nSvar.\r\n", 1},
    {"setext.md", "Text.\n\nÅterkoppling\n------------\nSvar.\n", 1},
    {"bom.md", "\xEF\xBB\xBF## Återkoppling\n", 1},
    {"after-fm.md", "---\ntitle: X\nlevel: dialog\n---\n## Återkoppling\n", 1},
    {"level3.md", "### Återkoppling\n", 0},
    {"level1.md", "# Återkoppling\n", 0},
    {"nospace.md", "##Återkoppling\n", 0},
    {"longer.md", "## Återkoppling kommer\n", 0},
    {"fenced.md", "```\n## Återkoppling\n```\n", 0},
    {"tilde.md", "~~~~\n## Återkoppling\n~~~\n~~~~\n", 0},
    {"indented.md", "    ## Återkoppling\n", 0},
    {"quoted.md", "> ## Återkoppling\n", 0},
    {"setext-two-lines.md", "Rad ett\nÅterkoppling\n---\n", 0},
    {"setext-h1.md", "Återkoppling\n===\n", 0},
    {"english.md", "## Feedback\n", 0},
    {"in-front-matter.md", "---\nx: |\n  ## Återkoppling\n---\nText.\n", 0},
    {"unclosed-front-matter.md", "---\ntitle: X\n## Återkoppling\n", 0},
    {"comment.md", "Text.\n\n<!--\n## Återkoppling\n\nSnart.\n-->\n", 0},
    {"comment-inline.md", "<!-- ## Återkoppling -->\n", 0},
    {"comment-after.md", "<!--\nutkast\n-->\n\n## Återkoppling\n", 1},
    {"list.md", "- ## Återkoppling\n", 0},
    {"emphasis.md", "## *Återkoppling*\n", 1},
    {"english.en.md", "## Feedback\n", 1},
    {"swedish-in-english.en.md", "## Återkoppling\n", 0},
    {"upper.en.md", "## FEEDBACK\n", 1},
};
#define N_SCAN (sizeof(scan_cases) / sizeof(scan_cases[0]))

typedef struct level_case {
	const char *name;
	const char *before, *after; /* the level: lines */
	const char *from, *to;      /* expected change; NULL: none */
} level_case;

static const level_case level_cases[] = {
    {"plain.md", "level: konsultation", "level: information", "konsultation", "information"},
    {"quoted.md", "level: \"konsultation\"", "level: 'dialog'", "konsultation", "dialog"},
    {"comment.md", "level: konsultation # ändras", "level: inflytande  # nu", "konsultation",
     "inflytande"},
    {"same.md", "level: dialog", "level:   \"dialog\"  ", NULL, NULL},
    {"added.md", "title: x", "level: dialog", "", "dialog"},
    {"removed.md", "level: dialog", "title: x", "dialog", ""},
    {"nested.md", "x:\n  level: dialog", "x:\n  level: information", NULL, NULL},
    {"crlf.md", "level: dialog\r", "level: information\r", "dialog", "information"},
};
#define N_LEVEL (sizeof(level_cases) / sizeof(level_cases[0]))

static void test_scanning(void **state)
{
	const char *r = fx.scanrepo;
	char head[41];
	history *h;
	size_t i;

	(void)state;
	assert_int_equal(sh(fx.base, GIT "init -q scan && mkdir -p scan/content/f scan/content/l"),
			 0);
	for (i = 0; i < N_SCAN; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "content/f/%s", scan_cases[i].name);
		assert_int_equal(write_file(r, rel, scan_cases[i].text), 0);
	}
	for (i = 0; i < N_LEVEL; i++) {
		char rel[128], text[256];
		snprintf(rel, sizeof(rel), "content/l/%s", level_cases[i].name);
		snprintf(text, sizeof(text), "---\n%s\n---\nText.\n", level_cases[i].before);
		assert_int_equal(write_file(r, rel, text), 0);
	}
	assert_int_equal(sh(r, GIT "add -A"), 0);
	assert_int_equal(commit_at(r, T(20), "Först\n"), 0);
	for (i = 0; i < N_LEVEL; i++) {
		char rel[128], text[256];
		snprintf(rel, sizeof(rel), "content/l/%s", level_cases[i].name);
		snprintf(text, sizeof(text), "---\n%s\n---\nText.\n", level_cases[i].after);
		assert_int_equal(write_file(r, rel, text), 0);
	}
	assert_int_equal(sh(r, GIT "add -A"), 0);
	assert_int_equal(commit_at(r, T(21), "Sedan\n"), 0);
	assert_int_equal(git_line(head, sizeof(head), r, "rev-parse HEAD"), 0);

	h = load_ok(r, NULL, NULL);
	for (i = 0; i < N_SCAN; i++) {
		char path[128];
		const history_file *f;
		snprintf(path, sizeof(path), "content/f/%s", scan_cases[i].name);
		f = find(h, path);
		if (f->feedback_first != (scan_cases[i].feedback ? T(20) : 0))
			fail_msg("%s: feedback_first %lld, expected %s", path, f->feedback_first,
				 scan_cases[i].feedback ? "the commit time" : "0");
	}
	for (i = 0; i < N_LEVEL; i++) {
		char path[128];
		const history_file *f;
		const level_case *lc = &level_cases[i];
		snprintf(path, sizeof(path), "content/l/%s", lc->name);
		f = find(h, path);
		if (!lc->from) {
			if (f->n_levels)
				fail_msg("%s: unexpected level change %s -> %s", path,
					 f->levels[0].from, f->levels[0].to);
			continue;
		}
		if (f->n_levels != 1)
			fail_msg("%s: %zu level changes, expected 1", path, f->n_levels);
		if (strcmp(f->levels[0].from, lc->from) || strcmp(f->levels[0].to, lc->to))
			fail_msg("%s: %s -> %s, expected %s -> %s", path, f->levels[0].from,
				 f->levels[0].to, lc->from, lc->to);
		assert_string_equal(f->levels[0].commit, head);
	}
	history_free(h);

	/* With English as the site's language, unmarked files take "Feedback". */
	{
		history_options en = {NULL, NULL, "en"};
		h = load_ok(r, NULL, &en);
		assert_int_equal(find(h, "content/f/english.md")->feedback_first, T(20));
		assert_int_equal(find(h, "content/f/atx.md")->feedback_first, 0);
		assert_int_equal(find(h, "content/f/english.en.md")->feedback_first, T(20));
		history_free(h);
	}
}

/* The section removed and written again later: the first time counts. */
static void test_feedback_removed_and_back(void **state)
{
	char dir[160];
	history *h;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fb", fx.base);
	assert_int_equal(sh(fx.base, GIT "init -q fb && mkdir -p fb/content"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n"), 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(30), "1\n"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n\n## Återkoppling\nJa.\n"), 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(31), "2\n"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n"), 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(32), "3\n"), 0);
	assert_int_equal(write_file(dir, "content/x.md", "Text.\n\n## Återkoppling\nJa igen.\n"),
			 0);
	assert_int_equal(sh(dir, GIT "add -A"), 0);
	assert_int_equal(commit_at(dir, T(33), "4\n"), 0);
	h = load_ok(dir, NULL, NULL);
	assert_int_equal(find(h, "content/x.md")->feedback_first, T(31));
	assert_int_equal(find(h, "content/x.md")->n_changes, 4);
	history_free(h);
}

/* Writes text to rel in dir and commits it alone at time t. */
static int commit_file(const char *dir, const char *rel, const char *text, long long t,
		       const char *msg)
{
	if (write_file(dir, rel, text) != 0 || sh(dir, GIT "add -A") != 0)
		return -1;
	return commit_at(dir, t, msg);
}

/* A section written inside an HTML comment is not there until the comment
 * goes: its date is the commit that published it, as the page shows it. */
static void test_commented_section_then_published(void **state)
{
	char dir[160], opts_dir[160];
	history_options opts = {NULL, NULL, NULL};
	history *h, *cached;
	const history_file *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/comment", fx.base);
	snprintf(opts_dir, sizeof(opts_dir), "%s/comment-cache", fx.base);
	opts.cache_dir = opts_dir;
	assert_int_equal(sh(fx.base, GIT "init -q comment && mkdir -p comment/content"), 0);
	assert_int_equal(commit_file(dir, "content/x.md",
				     "---\ntitle: X\n---\nText.\n\n<!--\n## Resultat\nUtkast.\n\n"
				     "## Återkoppling\nUtkast.\n-->\n",
				     T(50), "Utkast i en kommentar\n"),
			 0);
	assert_int_equal(commit_file(dir, "content/x.md",
				     "---\ntitle: X\n---\nText.\n\n## Resultat\nMånga svar.\n\n"
				     "<!--\n## Återkoppling\nUtkast.\n-->\n",
				     T(51), "Resultat\n"),
			 0);
	assert_int_equal(commit_file(dir, "content/x.md",
				     "---\ntitle: X\n---\nText.\n\n## Resultat\nMånga svar.\n\n"
				     "## Återkoppling\nVi gjorde så.\n",
				     T(52), "Återkoppling\n"),
			 0);
	h = load_ok(dir, NULL, &opts);
	f = find(h, "content/x.md");
	assert_int_equal(f->published, T(50));
	assert_int_equal(f->results_first, T(51));
	assert_int_equal(f->feedback_first, T(52));
	/* The cache keeps both dates. */
	cached = load_ok(dir, NULL, &opts);
	assert_int_equal(history_from_cache(cached), 1);
	assert_same(h, cached);
	history_free(cached);
	history_free(h);
	/* Before the last commit, the feedback was still commented out. */
	h = load_ok(dir, "HEAD~1", NULL);
	f = find(h, "content/x.md");
	assert_int_equal(f->results_first, T(51));
	assert_int_equal(f->feedback_first, 0);
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_list),
	    cmocka_unit_test(test_renamed_file_keeps_history),
	    cmocka_unit_test(test_feedback_first),
	    cmocka_unit_test(test_level_changes),
	    cmocka_unit_test(test_two_files_in_one_commit),
	    cmocka_unit_test(test_merge),
	    cmocka_unit_test(test_deleted_and_added_again),
	    cmocka_unit_test(test_older_commit),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_shallow_clone),
	    cmocka_unit_test(test_deeper_shallow_clone),
	    cmocka_unit_test(test_commit_not_found),
	    cmocka_unit_test(test_damaged_object),
	    cmocka_unit_test(test_missing_objects_without_cache),
	    cmocka_unit_test(test_cache),
	    cmocka_unit_test(test_corrupt_cache_is_ignored),
	    cmocka_unit_test(test_incremental_cache),
	    cmocka_unit_test(test_incremental_from_every_ancestor),
	    cmocka_unit_test(test_cache_keeps_few_files),
	    cmocka_unit_test(test_cache_not_in_git_folder),
	    cmocka_unit_test(test_cache_unwritable),
	    cmocka_unit_test(test_messages_are_text),
	    cmocka_unit_test(test_public_note),
	    cmocka_unit_test(test_typechange),
	    cmocka_unit_test(test_scanning),
	    cmocka_unit_test(test_feedback_removed_and_back),
	    cmocka_unit_test(test_commented_section_then_published),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

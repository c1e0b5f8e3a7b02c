/* fixture.h: filesystem helpers shared by the unit tests.
 *
 * Header only: every helper is `static inline`, so a test that uses some of
 * them still compiles cleanly with -Wunused-function, and each test binary
 * (built from its one test_*.c) gets its own copy.
 *
 *   fixture_mkdtemp      a fresh /tmp/trappa-test-<name>-XXXXXX folder
 *   fixture_write_file   writes root/rel, creating the folders leading to it
 *   fixture_read_file    the whole of dir/rel, or NULL
 *   fixture_exists       whether dir/rel exists (links not followed)
 *   fixture_list_files   every file below a folder, relative paths, sorted
 *   fixture_assert_same_tree  two folders hold the same files, byte for byte
 *   fixture_remove_tree  rm -rf, not the code under test
 *   fixture_keep         hands a heap block to the fixture, which frees it
 *   fixture_free_kept    ... in teardown, even when a test failed early
 *
 * Failures inside a test end it through cmocka (fail_msg, assert_*). */
#ifndef TRAPPA_TESTS_FIXTURE_H
#define TRAPPA_TESTS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

/* ---- heap blocks freed in teardown ------------------------------------------------ */

typedef struct fixture_pool {
	void **owned;
	size_t n_owned, cap_owned;
} fixture_pool;

/* The test binary's one pool (a static inside an inline function, so that a
 * test that never keeps anything has no unused variable). */
static inline fixture_pool *fixture_pool_get(void)
{
	static fixture_pool pool;
	return &pool;
}

/* Hands p to the fixture; fixture_free_kept frees it. Returns p. */
static inline void *fixture_keep(void *p)
{
	fixture_pool *pool = fixture_pool_get();

	if (pool->n_owned == pool->cap_owned) {
		pool->cap_owned = pool->cap_owned ? pool->cap_owned * 2 : 64;
		pool->owned = realloc(pool->owned, pool->cap_owned * sizeof(void *));
		if (!pool->owned)
			abort();
	}
	pool->owned[pool->n_owned++] = p;
	return p;
}

/* Frees every block kept since the last call (for teardown). */
static inline void fixture_free_kept(void)
{
	fixture_pool *pool = fixture_pool_get();
	size_t i;

	for (i = 0; i < pool->n_owned; i++)
		free(pool->owned[i]);
	free(pool->owned);
	memset(pool, 0, sizeof(*pool));
}

/* ---- folders and files ------------------------------------------------------------ */

/* Makes the folder /tmp/trappa-test-<name>-XXXXXX into dir (size bytes);
 * 0, or -1 when it cannot. */
static inline int fixture_mkdtemp(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/trappa-test-%s-XXXXXX", name);
	return mkdtemp(dir) ? 0 : -1;
}

/* Writes text to root/rel, creating the folders leading to it; fails the
 * test when it cannot. */
static inline void fixture_write_file(const char *root, const char *rel, const char *text)
{
	buf p = BUF_INIT;
	size_t i, start;
	FILE *f;

	buf_printf(&p, "%s/", root);
	start = p.size;
	buf_puts(&p, rel);
	for (i = start - 1; i < p.size; i++) {
		if (p.ptr[i] != '/')
			continue;
		p.ptr[i] = '\0';
		if (mkdir(p.ptr, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", p.ptr, strerror(errno));
		p.ptr[i] = '/';
	}
	f = fopen(p.ptr, "w");
	if (!f)
		fail_msg("%s: %s", p.ptr, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	buf_free(&p);
}

/* The file dir/rel (NUL-terminated; *size gets its length), or NULL. The
 * fixture frees it (fixture_free_kept). */
static inline char *fixture_read_file(const char *dir, const char *rel, size_t *size)
{
	buf p = BUF_INIT, b = BUF_INIT;
	char tmp[8192];
	size_t n;
	FILE *f;

	buf_printf(&p, "%s/%s", dir, rel);
	f = fopen(p.ptr, "rb");
	buf_free(&p);
	if (!f)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_put(&b, tmp, n);
	fclose(f);
	if (size)
		*size = b.size;
	buf_putc(&b, '\0');
	return fixture_keep(buf_detach(&b));
}

/* Whether dir/rel exists (a link counts as itself, not its target). */
static inline int fixture_exists(const char *dir, const char *rel)
{
	buf p = BUF_INIT;
	struct stat st;
	int r;

	buf_printf(&p, "%s/%s", dir, rel);
	r = lstat(p.ptr, &st) == 0;
	buf_free(&p);
	return r;
}

/* Appends every non-folder below root/rel (paths relative to root) to list. */
static inline void fixture_walk(char ***list, size_t *n, size_t *cap, const char *root,
				const char *rel)
{
	buf p = BUF_INIT;
	DIR *dir;
	struct dirent *e;

	buf_printf(&p, "%s%s%s", root, *rel ? "/" : "", rel);
	dir = opendir(p.ptr);
	buf_free(&p);
	if (!dir)
		return;
	while ((e = readdir(dir))) {
		buf child = BUF_INIT, disk = BUF_INIT;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_printf(&child, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		buf_printf(&disk, "%s/%s", root, child.ptr);
		if (lstat(disk.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			fixture_walk(list, n, cap, root, child.ptr);
			buf_free(&child);
		} else {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 32;
				*list = realloc(*list, *cap * sizeof(char *));
				assert_non_null(*list);
			}
			(*list)[(*n)++] = buf_detach(&child);
		}
		buf_free(&disk);
	}
	closedir(dir);
}

static inline int fixture_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file below root (not folders; links as themselves), relative paths,
 * sorted; *n gets the count. The fixture frees the list (fixture_free_kept). */
static inline char **fixture_list_files(const char *root, size_t *n)
{
	char **list = NULL;
	size_t cap = 0, i;

	*n = 0;
	fixture_walk(&list, n, &cap, root, "");
	if (*n > 1)
		qsort(list, *n, sizeof(char *), fixture_cmp_str);
	for (i = 0; i < *n; i++)
		fixture_keep(list[i]);
	return fixture_keep(list);
}

/* Every file below a_dir is below b_dir with the same bytes, and b_dir has
 * no other (an update against a full build, a cached export against one
 * made from scratch). */
static inline void fixture_assert_same_tree(const char *a_dir, const char *b_dir)
{
	char **a, **b;
	size_t na, nb, i;

	a = fixture_list_files(a_dir, &na);
	b = fixture_list_files(b_dir, &nb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		size_t sx = 0, sy = 0;
		const char *x, *y;
		assert_string_equal(a[i], b[i]);
		x = fixture_read_file(a_dir, a[i], &sx);
		y = fixture_read_file(b_dir, b[i], &sy);
		assert_non_null(x);
		assert_non_null(y);
		if (sx != sy || memcmp(x, y, sx) != 0)
			fail_msg("%s differs between %s and %s", a[i], a_dir, b_dir);
	}
}

/* Removes the tree at dir with rm -rf (not with the code under test);
 * 0, or -1 when rm fails. */
static inline int fixture_remove_tree(const char *dir)
{
	buf cmd = BUF_INIT;
	int rc;

	buf_printf(&cmd, "rm -rf -- '%s'", dir);
	rc = system(cmd.ptr);
	buf_free(&cmd);
	return rc == 0 ? 0 : -1;
}

#endif

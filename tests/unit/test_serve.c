/* Unit tests for serve's pure parts: path resolution below the site
 * folder, content types, the injection into pages, the error page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "serve.h"

typedef struct tree {
	char dir[64];   /* holds site/ and outside.txt */
	char site[96];
	int rootfd;
} tree;

static void put_file(const char *dir, const char *rel, const char *text)
{
	char path[256];
	int fd;

	assert_true(snprintf(path, sizeof(path), "%s/%s", dir, rel) < (int)sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static int setup(void **state)
{
	tree *t = calloc(1, sizeof(*t));
	char path[160];

	strcpy(t->dir, "/tmp/trappa-test-serve.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->site, sizeof(t->site), "%s/site", t->dir);
	assert_int_equal(mkdir(t->site, 0755), 0);
	snprintf(path, sizeof(path), "%s/dialoger", t->site);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/dialoger/x", t->site);
	assert_int_equal(mkdir(path, 0755), 0);
	put_file(t->site, "index.html", "start");
	put_file(t->site, "dialoger/x/index.html", "x");
	put_file(t->site, "style.css", "css");
	put_file(t->site, ".trappa-site", "marker");
	put_file(t->dir, "outside.txt", "secret");
	snprintf(path, sizeof(path), "%s/link.txt", t->site);
	assert_int_equal(symlink("../outside.txt", path), 0);
	snprintf(path, sizeof(path), "%s/linkdir", t->site);
	assert_int_equal(symlink("..", path), 0);
	t->rootfd = open(t->site, O_RDONLY | O_DIRECTORY);
	assert_true(t->rootfd >= 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tree *t = *state;

	close(t->rootfd);
	output_remove_tree(t->dir);
	free(t);
	return 0;
}

/* The file's text, or "" when it did not open. */
static void expect_file(int rootfd, const char *url, const char *text)
{
	char got[64] = "";
	int fd = -1;
	ssize_t n;

	assert_int_equal(serve_open_path(&fd, rootfd, url), SERVE_FILE);
	n = read(fd, got, sizeof(got) - 1);
	assert_true(n >= 0);
	got[n] = '\0';
	close(fd);
	assert_string_equal(got, text);
}

static void expect_not_found(int rootfd, const char *url)
{
	int fd = 123;

	assert_int_equal(serve_open_path(&fd, rootfd, url), SERVE_NOTFOUND);
	assert_int_equal(fd, -1);
}

static void test_paths_inside(void **state)
{
	tree *t = *state;
	int fd;

	expect_file(t->rootfd, "/", "start");
	expect_file(t->rootfd, "/index.html", "start");
	expect_file(t->rootfd, "/dialoger/x/", "x");
	expect_file(t->rootfd, "/dialoger/x/index.html", "x");
	expect_file(t->rootfd, "/style.css", "css");
	assert_int_equal(serve_open_path(&fd, t->rootfd, "/dialoger/x"), SERVE_ISDIR);
	assert_int_equal(serve_open_path(&fd, t->rootfd, "/dialoger"), SERVE_ISDIR);
}

static void test_paths_outside_are_not_found(void **state)
{
	tree *t = *state;

	expect_not_found(t->rootfd, "/../outside.txt");
	expect_not_found(t->rootfd, "/../../etc/passwd");
	expect_not_found(t->rootfd, "/dialoger/../../outside.txt");
	expect_not_found(t->rootfd, "/dialoger/..");
	expect_not_found(t->rootfd, "/./index.html");
	expect_not_found(t->rootfd, "//index.html");
	expect_not_found(t->rootfd, "/dialoger//x/");
	expect_not_found(t->rootfd, "/link.txt");      /* a symbolic link out */
	expect_not_found(t->rootfd, "/linkdir/outside.txt");
	expect_not_found(t->rootfd, "/.trappa-site");  /* dot files */
	expect_not_found(t->rootfd, "/dialoger\\..\\index.html");
	expect_not_found(t->rootfd, "/index.html/");   /* a file is no folder */
	expect_not_found(t->rootfd, "/style.css/x");
	expect_not_found(t->rootfd, "/nothing.html");
	expect_not_found(t->rootfd, "index.html");     /* not absolute */
	expect_not_found(t->rootfd, "/a\tb");
}

static void test_content_types(void **state)
{
	(void)state;
	assert_string_equal(serve_content_type("index.html"), "text/html; charset=utf-8");
	assert_string_equal(serve_content_type("/assets/style.0123456789.css"), "text/css; charset=utf-8");
	assert_string_equal(serve_content_type("/feed.xml"), "application/atom+xml; charset=utf-8");
	assert_string_equal(serve_content_type("/dialoger/a/feed.xml"), "application/atom+xml; charset=utf-8");
	assert_string_equal(serve_content_type("/sitemap.xml"), "application/xml; charset=utf-8");
	assert_string_equal(serve_content_type("/a/myfeed.xml"), "application/xml; charset=utf-8");
	assert_string_equal(serve_content_type("/kalender.ics"), "text/calendar; charset=utf-8");
	assert_string_equal(serve_content_type("/data/dialoger.json"), "application/json; charset=utf-8");
	assert_string_equal(serve_content_type("/data/dialoger.csv"), "text/csv; charset=utf-8");
	assert_string_equal(serve_content_type("/a/BILD.PNG"), "image/png");
	assert_string_equal(serve_content_type("/a/underlag.pdf"), "application/pdf");
	assert_string_equal(serve_content_type("/a.b/noext"), "application/octet-stream");
	assert_string_equal(serve_content_type("/a/x.unknown"), "application/octet-stream");
}

static void expect_injected(const char *html, const char *head, const char *start, const char *end,
			    const char *want)
{
	buf out = BUF_INIT;

	serve_inject(&out, html, strlen(html), head, start, end);
	assert_string_equal(out.ptr, want);
	buf_free(&out);
}

static void test_inject(void **state)
{
	(void)state;
	expect_injected("<html><head><title>t</title></head><body class=\"a\"><p>x</p></body></html>",
			"<link>", "<banner>", "<script>",
			"<html><head><title>t</title><link></head><body class=\"a\"><banner><p>x</p>"
			"<script></body></html>");
	/* The last </body>: one in the text before it is escaped, but be sure. */
	expect_injected("<body><p>&lt;/body&gt;</body></body>", NULL, NULL, "S",
			"<body><p>&lt;/body&gt;</body>S</body>");
	/* No body end: appended. */
	expect_injected("<p>bare</p>", "H", "B", "S", "<p>bare</p>S");
	/* <bodyguard> is no body tag. */
	expect_injected("<bodyguard></bodyguard><body>x</body>", NULL, "B", NULL,
			"<bodyguard></bodyguard><body>x</body>");
	expect_injected("<body>\nx</body>", NULL, NULL, NULL, "<body>\nx</body>");
}

static void test_error_page(void **state)
{
	tree *t = *state;
	diag_list d = DIAG_LIST_INIT;
	buf page = BUF_INIT;
	char root[128];

	diag_set_language(DIAG_LANG_SV);
	put_file(t->dir, "fel.md", "---\ntitle: x\n\tlevel: \"<konsultaton>\"\n---\n");
	snprintf(root, sizeof(root), "%s/", t->dir);
	DIAG_WARNING(&d, "fel.md", 2, 1, "en varning", "a warning");
	DIAG_ERROR(&d, "fel.md", 3, 10, "okänd nivå \"%s\"; menade du \"konsultation\"?",
		   "unknown level \"%s\"", "<konsultaton>");
	DIAG_ERROR(&d, "saknas.md", 0, 0, "filen saknas", "the file is missing");
	serve_error_page(&page, &d, root, "<script src=\"/r.js\"></script>\n");
	/* Every diagnostic with file:line:col and the line itself, escaped. */
	assert_non_null(strstr(page.ptr, "<code>fel.md:3:10</code> <span class=\"severity-error\">fel</span>"));
	assert_non_null(strstr(page.ptr, "<pre><code>3 | \tlevel: &quot;&lt;konsultaton&gt;&quot;\n"
					 "  | \t        ^</code></pre>"));
	assert_non_null(strstr(page.ptr, "okänd nivå &quot;&lt;konsultaton&gt;&quot;; menade du"));
	assert_non_null(strstr(page.ptr, "<code>saknas.md</code>"));
	assert_non_null(strstr(page.ptr, "<code>fel.md:2:1</code> <span class=\"severity-warning\">"));
	assert_null(strstr(page.ptr, "<konsultaton>"));
	/* Errors before warnings, and the script before </body>. */
	assert_true(strstr(page.ptr, "saknas.md") < strstr(page.ptr, "fel.md:2:1"));
	assert_non_null(strstr(page.ptr, "<script src=\"/r.js\"></script>\n</body>"));
	assert_non_null(strstr(page.ptr, "<html lang=\"sv\">"));
	buf_free(&page);
	diag_list_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_outside_are_not_found, setup, teardown),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_inject),
		cmocka_unit_test_setup_teardown(test_error_page, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

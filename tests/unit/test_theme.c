/* Unit tests for theme: lookup order, name checks, templates and strings.
 *
 * Each test gets a temporary folder holding
 *   base/                  a base theme on disk (the --theme DIR layer)
 *   site/themes/mine/      the site's own theme, read through a work-tree source
 * and opens theme_open(src on site/, "themes/mine", base). */
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
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "output.h"
#include "source.h"
#include "theme.h"
#include "value.h"

#include "fixture.h"

typedef struct fixture {
	char tmp[64];
	char base[128]; /* tmp/base */
	char site[128]; /* tmp/site */
	source *src;
	theme *t;
	diag_list d;
} fixture;

static fixture fx;

/* ---- file helpers -------------------------------------------------------------- */

/* Writes tmp/rel, creating the folders leading to it. */
static void put(const char *rel, const char *text)
{
	fixture_write_file(fx.tmp, rel, text);
}

/* ---- fixture ---------------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	if (fixture_mkdtemp(fx.tmp, sizeof(fx.tmp), "theme") != 0)
		return -1;
	snprintf(fx.base, sizeof(fx.base), "%s/base", fx.tmp);
	snprintf(fx.site, sizeof(fx.site), "%s/site", fx.tmp);
	diag_set_language(DIAG_LANG_EN);

	put("base/templates/layout.mustache", "<html>{{$main}}base main{{/main}}</html>\n");
	put("base/templates/page.mustache",
	    "{{<layout}}{{$main}}<p>{{title}}</p>{{>part}}{{/main}}{{/layout}}");
	put("base/templates/part.mustache", "<i>base part</i>");
	put("base/templates/home.mustache", "base home {{title}}\n");
	put("base/templates/broken.mustache", "<p>\n  {{#items}}x\n");
	put("base/templates/uses-missing.mustache", "a {{>nope}}");
	put("base/templates/calls-bad.mustache", "{{>bad}}");
	put("base/templates/escapes.mustache", "[{{>../secret}}]");
	put("base/secret.mustache", "secret");
	put("base/strings/sv.yaml", "a: bas-a\nb: bas-b\n");
	put("base/strings/en.yaml", "a: base-a\nb: base-b\n");
	put("base/static/style.css", "body { margin: 0; }\n");

	put("site/themes/mine/templates/home.mustache", "site home {{title}}\n");
	put("site/themes/mine/templates/part.mustache", "<b>site part {{title}}</b>");
	put("site/themes/mine/templates/bad.mustache", "ok\nx {{/nope}}\n");
	put("site/themes/mine/strings/sv.yaml", "b: sajt-b\nc: sajt-c\n");
	put("site/content/site.yaml", "title: T\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	theme_free(fx.t);
	source_free(fx.src);
	diag_list_free(&fx.d);
	fx.t = NULL;
	fx.src = NULL;
	return output_remove_tree(fx.tmp);
}

/* Opens the site source and the theme with site folder `site_dir`. */
static void open_theme(const char *site_dir)
{
	diag_list d = DIAG_LIST_INIT;
	int rc;

	rc = source_open_worktree(&fx.src, &d, fx.site);
	diag_list_free(&d);
	assert_int_equal(rc, 0);
	assert_int_equal(theme_open(&fx.t, &fx.d, fx.src, site_dir, fx.base), 0);
	assert_non_null(fx.t);
	assert_int_equal(fx.d.len, 0);
}

/* The only diagnostic is `expected`, exactly. */
static void expect_one_diag(const char *expected)
{
	char got[1024] = "";

	if (fx.d.len > 0) {
		char *s = diag_format(&fx.d.items[0]);
		snprintf(got, sizeof(got), "%s", s);
		free(s);
	}
	if (fx.d.len != 1)
		fail_msg("%zu diagnostics (first: \"%s\"), expected one: \"%s\"", fx.d.len, got,
			 expected);
	assert_string_equal(got, expected);
}

static void expect_read(const char *relpath, const char *text, const char *display)
{
	static char got[4096], got_display[1024];
	buf out = BUF_INIT, disp = BUF_INIT;
	size_t size;
	int rc;

	buf_puts(&out, "stale");
	buf_puts(&disp, "stale");
	rc = theme_read(&out, &disp, fx.t, relpath);
	size = out.size;
	snprintf(got, sizeof(got), "%.*s", (int)out.size, out.size ? out.ptr : "");
	snprintf(got_display, sizeof(got_display), "%.*s", (int)disp.size, disp.size ? disp.ptr : "");
	buf_free(&out);
	buf_free(&disp);
	if (rc != 0)
		fail_msg("theme_read(%s) = %d", relpath, rc);
	assert_string_equal(got, text);
	assert_int_equal(size, strlen(text));
	assert_string_equal(got_display, display);
}

static void expect_read_rc(const char *relpath, int expected)
{
	buf out = BUF_INIT, disp = BUF_INIT;
	int rc;

	buf_puts(&out, "stale");
	rc = theme_read(&out, &disp, fx.t, relpath);
	buf_free(&out);
	buf_free(&disp);
	if (rc != expected)
		fail_msg("theme_read(\"%s\") = %d, expected %d", relpath, rc, expected);
}

/* base/<rel> on disk, in a static buffer. */
static const char *base_path(const char *rel)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", fx.base, rel);
	return p;
}

/* Compiles templates/<name> and renders it against {title: title}. */
static void expect_render(const char *name, const char *title, const char *expected)
{
	mustache_template *tpl = NULL;
	value *data = value_new_map();
	buf out = BUF_INIT;
	int rc;

	value_map_set_string(data, "title", title);
	rc = theme_template(&tpl, &fx.d, fx.t, name);
	if (rc == 0)
		rc = mustache_render(&out, &fx.d, tpl, data);
	mustache_free(tpl);
	value_free(data);
	if (rc != 0 || fx.d.len != 0) {
		buf_free(&out);
		diag_print(&fx.d, stderr);
		fail_msg("rendering %s failed", name);
	}
	assert_string_equal(out.ptr, expected);
	buf_free(&out);
}

/* theme_template must fail with the single error `expected`. */
static void expect_template_error(const char *name, const char *expected)
{
	mustache_template *tpl = (mustache_template *)&fx;
	int rc = theme_template(&tpl, &fx.d, fx.t, name);

	if (rc == 0)
		mustache_free(tpl);
	assert_int_equal(rc, -1);
	assert_null(tpl);
	expect_one_diag(expected);
	assert_int_equal(fx.d.errors, 1);
}

/* ---- theme_open --------------------------------------------------------------------- */

static void test_open(void **state)
{
	(void)state;
	open_theme("themes/mine");
	assert_string_equal(theme_base_dir(fx.t), fx.base);
}

static void test_open_missing_base(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	theme *t = (theme *)&fx;
	buf missing = BUF_INIT, expected = BUF_INIT;
	int rc;

	(void)state;
	assert_int_equal(source_open_worktree(&fx.src, &d, fx.site), 0);
	diag_list_free(&d);
	buf_printf(&missing, "%s/finns-inte", fx.tmp);
	buf_printf(&expected, "%s: error: cannot find the theme; name its folder with --theme DIR",
		   missing.ptr);
	rc = theme_open(&t, &fx.d, fx.src, "themes/mine", missing.ptr);
	if (rc == 0)
		theme_free(t);
	assert_int_equal(rc, -1);
	assert_null(t);
	expect_one_diag(expected.ptr);
	/* A file is not a theme folder either. */
	diag_list_free(&fx.d);
	buf_clear(&missing);
	buf_printf(&missing, "%s/base/static/style.css", fx.tmp);
	t = (theme *)&fx;
	rc = theme_open(&t, &fx.d, fx.src, NULL, missing.ptr);
	if (rc == 0)
		theme_free(t);
	assert_int_equal(rc, -1);
	assert_null(t);
	assert_int_equal(fx.d.errors, 1);
	buf_free(&missing);
	buf_free(&expected);
}

/* ---- theme_read ------------------------------------------------------------------------- */

static void test_read_lookup_order(void **state)
{
	(void)state;
	open_theme("themes/mine");
	/* The site's file first... */
	expect_read("templates/home.mustache", "site home {{title}}\n",
		    "themes/mine/templates/home.mustache");
	expect_read("strings/sv.yaml", "b: sajt-b\nc: sajt-c\n", "themes/mine/strings/sv.yaml");
	/* ...then the base theme. */
	expect_read("templates/layout.mustache", "<html>{{$main}}base main{{/main}}</html>\n",
		    base_path("templates/layout.mustache"));
	expect_read("static/style.css", "body { margin: 0; }\n",
		    base_path("static/style.css"));
	/* Nowhere. */
	expect_read_rc("templates/saknas.mustache", 1);
	expect_read_rc("strings/fr.yaml", 1);
	expect_read_rc("saknas/mapp/fil.css", 1);
}

static void test_read_without_site_theme(void **state)
{
	(void)state;
	open_theme(NULL);
	expect_read("templates/home.mustache", "base home {{title}}\n",
		    base_path("templates/home.mustache"));
	theme_free(fx.t);
	fx.t = NULL;
	assert_int_equal(theme_open(&fx.t, &fx.d, fx.src, "themes/finns-inte", fx.base), 0);
	expect_read("templates/home.mustache", "base home {{title}}\n",
		    base_path("templates/home.mustache"));
	assert_int_equal(fx.d.len, 0);
}

static void test_read_unsafe_names(void **state)
{
	static const char *const bad[] = {
		"../x",
		"/etc/passwd",
		".hidden",
		"a//b",
		"A.mustache",
		"templates/Home.mustache",
		"templates/../secret.mustache",
		"templates/.home.mustache",
		"templates/./home.mustache",
		"templates/",
		"",
		"a b",
		"templates\\home.mustache",
		"..",
		NULL,
	};
	size_t i;

	(void)state;
	open_theme("themes/mine");
	for (i = 0; bad[i]; i++)
		expect_read_rc(bad[i], -1);
	/* Dots, hyphens, underscores and digits inside a name are fine. */
	put("base/static/logo_2-x.v1.svg", "<svg/>");
	expect_read_rc("static/logo_2-x.v1.svg", 0);
}

/* A theme can never reach outside its folder: a site theme folder that is a
 * symbolic link is not followed (source.h: links are never followed). */
static void test_read_does_not_follow_linked_site_theme(void **state)
{
	buf target = BUF_INIT, link = BUF_INIT;
	(void)state;
	put("outside/templates/home.mustache", "outside the site\n");
	buf_printf(&target, "%s/outside", fx.tmp);
	buf_printf(&link, "%s/themes/linked", fx.site);
	assert_int_equal(symlink(target.ptr, link.ptr), 0);
	buf_free(&target);
	buf_free(&link);
	open_theme("themes/linked");
	expect_read("templates/home.mustache", "base home {{title}}\n",
		    base_path("templates/home.mustache"));
}

/* ---- theme_template ------------------------------------------------------------------------ */

static void test_template_renders_with_overrides(void **state)
{
	(void)state;
	open_theme("themes/mine");
	/* page and layout come from the base; the partial from the site. */
	expect_render("page", "Hej & välkommen",
		      "<html><p>Hej &amp; välkommen</p><b>site part Hej &amp; välkommen</b></html>\n");
	/* A template the site overrides outright. */
	expect_render("home", "Start", "site home Start\n");
	expect_render("layout", "x", "<html>base main</html>\n");
}

static void test_template_base_only(void **state)
{
	(void)state;
	open_theme(NULL);
	expect_render("page", "Hej", "<html><p>Hej</p><i>base part</i></html>\n");
	expect_render("home", "Start", "base home Start\n");
}

static void test_template_missing(void **state)
{
	(void)state;
	open_theme("themes/mine");
	expect_template_error("saknas",
			      "saknas: error: the template templates/saknas.mustache is missing from "
			      "the theme");
}

static void test_template_unsafe_name(void **state)
{
	(void)state;
	open_theme("themes/mine");
	expect_template_error("../secret", "../secret: error: the template templates/../secret.mustache "
					   "is missing from the theme");
}

static void test_template_syntax_error_base(void **state)
{
	buf expected = BUF_INIT;

	(void)state;
	open_theme("themes/mine");
	buf_printf(&expected,
		   "%s/templates/broken.mustache:2:3: error: section \"items\" is opened here but "
		   "never closed",
		   fx.base);
	expect_template_error("broken", expected.ptr);
	buf_free(&expected);
}

static void test_template_syntax_error_site(void **state)
{
	(void)state;
	open_theme("themes/mine");
	expect_template_error("bad", "themes/mine/templates/bad.mustache:2:3: error: closing tag "
				     "\"nope\" has no matching opening tag");
}

/* An error in a partial is reported in the partial's own file. */
static void test_template_syntax_error_in_partial(void **state)
{
	(void)state;
	open_theme("themes/mine");
	expect_template_error("calls-bad", "themes/mine/templates/bad.mustache:2:3: error: closing "
					   "tag \"nope\" has no matching opening tag");
}

static void test_template_missing_partial(void **state)
{
	buf expected = BUF_INIT;

	(void)state;
	open_theme("themes/mine");
	buf_printf(&expected, "%s/templates/uses-missing.mustache:1:3: error: partial \"nope\" not "
			      "found",
		   fx.base);
	expect_template_error("uses-missing", expected.ptr);
	buf_free(&expected);
}

/* A partial name cannot leave the templates folder, even when the file exists. */
static void test_template_partial_cannot_escape(void **state)
{
	buf expected = BUF_INIT;

	(void)state;
	open_theme("themes/mine");
	buf_printf(&expected, "%s/templates/escapes.mustache:1:2: error: partial \"../secret\" not "
			      "found",
		   fx.base);
	expect_template_error("escapes", expected.ptr);
	buf_free(&expected);
}

/* ---- theme_strings ------------------------------------------------------------------------------ */

static const char *str(const value *map, const char *key)
{
	return value_string(value_map_get(map, key));
}

static void test_strings_merged(void **state)
{
	value *s = NULL;

	(void)state;
	open_theme("themes/mine");
	assert_int_equal(theme_strings(&s, &fx.d, fx.t, "sv"), 0);
	assert_int_equal(fx.d.len, 0);
	assert_non_null(s);
	assert_int_equal(s->type, VALUE_MAP);
	assert_int_equal(s->u.map.len, 3);
	assert_string_equal(s->u.map.pairs[0].key, "a");
	assert_string_equal(s->u.map.pairs[1].key, "b");
	assert_string_equal(s->u.map.pairs[2].key, "c");
	assert_string_equal(str(s, "a"), "bas-a");
	assert_string_equal(str(s, "b"), "sajt-b");
	assert_string_equal(str(s, "c"), "sajt-c");
	value_free(s);
	/* No site file for English: the base strings as they are. */
	s = NULL;
	assert_int_equal(theme_strings(&s, &fx.d, fx.t, "en"), 0);
	assert_int_equal(fx.d.len, 0);
	assert_int_equal(s->u.map.len, 2);
	assert_string_equal(str(s, "a"), "base-a");
	assert_string_equal(str(s, "b"), "base-b");
	value_free(s);
}

static void test_strings_base_only(void **state)
{
	value *s = NULL;

	(void)state;
	open_theme(NULL);
	assert_int_equal(theme_strings(&s, &fx.d, fx.t, "sv"), 0);
	assert_int_equal(s->u.map.len, 2);
	assert_string_equal(str(s, "b"), "bas-b");
	assert_null(value_map_get(s, "c"));
	value_free(s);
}

static void test_strings_missing(void **state)
{
	value *s = (value *)&fx;
	buf expected = BUF_INIT;

	(void)state;
	open_theme("themes/mine");
	buf_printf(&expected, "%s/strings/fr.yaml: error: the theme's strings are missing", fx.base);
	assert_int_equal(theme_strings(&s, &fx.d, fx.t, "fr"), -1);
	assert_null(s);
	expect_one_diag(expected.ptr);
	buf_free(&expected);
}

static void test_strings_site_yaml_error(void **state)
{
	value *s = (value *)&fx;
	char *got;

	(void)state;
	put("site/themes/mine/strings/en.yaml", "a: [unclosed\n");
	open_theme("themes/mine");
	assert_int_equal(theme_strings(&s, &fx.d, fx.t, "en"), -1);
	assert_null(s);
	assert_true(fx.d.errors >= 1);
	got = diag_format(&fx.d.items[0]);
	assert_true(strncmp(got, "themes/mine/strings/en.yaml:", 28) == 0);
	free(got);
}

/* Base strings that are not a mapping must be reported, not merged into.
 * Run in a child process: the merge may corrupt memory, and the sanitizer
 * would end the whole test program. */
static void test_strings_base_not_a_map(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	put("base/strings/sv.yaml", "- a\n- b\n");
	open_theme("themes/mine");
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		value *s = (value *)&fx;
		int rc = theme_strings(&s, &fx.d, fx.t, "sv");
		int ok = rc == -1 && s == NULL && fx.d.errors >= 1 &&
			 strncmp(fx.d.items[0].path, fx.base, strlen(fx.base)) == 0;
		_exit(ok ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("theme_strings with list-valued base strings: %s %d",
			 WIFEXITED(status) ? "exit" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open),
		T(test_open_missing_base),
		T(test_read_lookup_order),
		T(test_read_without_site_theme),
		T(test_read_unsafe_names),
		T(test_read_does_not_follow_linked_site_theme),
		T(test_template_renders_with_overrides),
		T(test_template_base_only),
		T(test_template_missing),
		T(test_template_unsafe_name),
		T(test_template_syntax_error_base),
		T(test_template_syntax_error_site),
		T(test_template_syntax_error_in_partial),
		T(test_template_missing_partial),
		T(test_template_partial_cannot_escape),
		T(test_strings_merged),
		T(test_strings_base_only),
		T(test_strings_missing),
		T(test_strings_site_yaml_error),
		T(test_strings_base_not_a_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

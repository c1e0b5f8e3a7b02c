/* Unit tests for generator/mustache.c beyond the spec suite: diagnostics
 * (exact text), limits, the loader contract, escaping and threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct test_partials {
	const char *const *pairs; /* name, source, name, source, ..., NULL */
	int calls;
	pthread_mutex_t lock;
} test_partials;

static int test_loader(buf *source, buf *display_path, diag_list *diags, void *ctx,
		       const char *name)
{
	test_partials *tp = ctx;
	size_t i;

	pthread_mutex_lock(&tp->lock);
	tp->calls++;
	pthread_mutex_unlock(&tp->lock);
	if (strcmp(name, "broken-loader") == 0) {
		DIAG_ERROR(diags, "themes/x", 0, 0, "kan inte läsa", "cannot read");
		return -1;
	}
	if (strcmp(name, "silent-failure") == 0)
		return -1;
	for (i = 0; tp->pairs && tp->pairs[i]; i += 2) {
		if (strcmp(tp->pairs[i], name) == 0) {
			buf_puts(source, tp->pairs[i + 1]);
			buf_printf(display_path, "partials/%s.mustache", name);
			return 0;
		}
	}
	return 1;
}

#define PARTIALS(...)                                                                    \
	static const char *const pairs_[] = { __VA_ARGS__, NULL };                       \
	test_partials tp = { pairs_, 0, PTHREAD_MUTEX_INITIALIZER }

static mustache_options opts_for(test_partials *tp, int strict)
{
	mustache_options o = { test_loader, tp, strict, 0, 0 };
	return o;
}

/* Compiles `src` as "t.mustache" and expects failure with exactly one
 * diagnostic, formatted as `want`. */
static void expect_compile_error(const char *src, const mustache_options *opts, const char *want)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = (mustache_template *)1;
	char *got;

	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", src, strlen(src), opts), -1);
	assert_null(tpl);
	assert_int_equal(diags.len, 1);
	got = diag_format(&diags.items[0]);
	assert_string_equal(got, want);
	free(got);
	diag_list_free(&diags);
}

/* Renders `src` against `data`; returns the output (caller frees). */
static char *render_ok(const char *src, const mustache_options *opts, const value *data)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	buf out = BUF_INIT;

	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", src, strlen(src), opts), 0);
	assert_int_equal(mustache_render(&out, &diags, tpl, data), 0);
	assert_int_equal(diags.len, 0);
	mustache_free(tpl);
	diag_list_free(&diags);
	return buf_detach(&out);
}

static void expect_render(const char *src, const mustache_options *opts, const value *data,
			  const char *want)
{
	char *got = render_ok(src, opts, data);
	assert_string_equal(got, want);
	free(got);
}

/* Compiles fine, then expects the render to fail with one diagnostic. */
static void expect_render_error(const char *src, const mustache_options *opts, const value *data,
				const char *want)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	buf out = BUF_INIT;
	char *got;

	buf_puts(&out, "kept");
	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", src, strlen(src), opts), 0);
	assert_int_equal(mustache_render(&out, &diags, tpl, data), -1);
	assert_string_equal(out.ptr, "kept"); /* cut back on failure */
	assert_int_equal(diags.len, 1);
	got = diag_format(&diags.items[0]);
	assert_string_equal(got, want);
	free(got);
	mustache_free(tpl);
	diag_list_free(&diags);
	buf_free(&out);
}

static int setup_en(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_EN);
	return 0;
}

/* ---- compile-time diagnostics ------------------------------------------- */

static void test_unclosed_section(void **state)
{
	(void)state;
	expect_compile_error("<ul>\n  {{#items}}\n  <li>{{title}}</li>\n</ul>\n", NULL,
			     "t.mustache:2:3: error: section \"items\" is opened here but never closed");
	diag_set_language(DIAG_LANG_SV);
	expect_compile_error("<ul>\n  {{#items}}\n  <li>{{title}}</li>\n</ul>\n", NULL,
			     "t.mustache:2:3: error: avsnittet \"items\" öppnas här men stängs aldrig");
	expect_compile_error("{{$rubrik}}x", NULL,
			     "t.mustache:1:1: error: blocket \"rubrik\" öppnas här men stängs aldrig");
	diag_set_language(DIAG_LANG_EN);
	expect_compile_error("{{^none}}", NULL,
			     "t.mustache:1:1: error: section \"none\" is opened here but never closed");
	expect_compile_error("x\n{{<layout}}", NULL,
			     "t.mustache:2:1: error: parent \"layout\" is opened here but never closed");
}

static void test_mismatched_close(void **state)
{
	(void)state;
	expect_compile_error("{{#a}}\n{{#b}}\n{{/a}}\n", NULL,
			     "t.mustache:3:1: error: closing tag \"a\" does not match section \"b\" "
			     "opened on line 2");
	expect_compile_error("text\n  more {{/orphan}}", NULL,
			     "t.mustache:2:8: error: closing tag \"orphan\" has no matching opening tag");
	diag_set_language(DIAG_LANG_SV);
	expect_compile_error("{{/x}}", NULL,
			     "t.mustache:1:1: error: sluttaggen \"x\" har ingen öppningstagg");
}

static void test_columns_count_characters(void **state)
{
	(void)state;
	/* "Å", "ä" and "ö" are two bytes each; the column counts them once. */
	expect_compile_error("Åäö {{/x}}", NULL,
			     "t.mustache:1:5: error: closing tag \"x\" has no matching opening tag");
	/* A byte order mark is not a column. */
	expect_compile_error("\xEF\xBB\xBF{{/x}}", NULL,
			     "t.mustache:1:1: error: closing tag \"x\" has no matching opening tag");
}

static void test_bad_tags(void **state)
{
	(void)state;
	expect_compile_error("Hej {{namn", NULL,
			     "t.mustache:1:5: error: the tag is opened here but never closed with \"}}\"");
	expect_compile_error("{{{raw}}", NULL,
			     "t.mustache:1:1: error: the tag is opened here but never closed with \"}}}\"");
	expect_compile_error("a\n{{first name}}", NULL,
			     "t.mustache:2:1: error: invalid name \"first name\" in the tag");
	expect_compile_error("{{a..b}}", NULL, "t.mustache:1:1: error: invalid name \"a..b\" in the tag");
	expect_compile_error("{{ }}", NULL, "t.mustache:1:1: error: the tag has no name");
	expect_compile_error("{{#}}{{/}}", NULL, "t.mustache:1:1: error: the tag has no name");
}

static void test_bad_delimiters(void **state)
{
	(void)state;
	expect_compile_error("x {{=<%=}}", NULL,
			     "t.mustache:1:3: error: invalid delimiter change \"<%\": write two "
			     "delimiters separated by a space, like {{=<% %>=}}");
	expect_compile_error("{{=a b c=}}", NULL,
			     "t.mustache:1:1: error: invalid delimiter change \"a b c\": write two "
			     "delimiters separated by a space, like {{=<% %>=}}");
	expect_compile_error("{{=<% %>}}", NULL,
			     "t.mustache:1:1: error: the delimiter change does not end with \"=}}\"");
	/* After a change, the new closing delimiter is the one looked for. */
	expect_compile_error("{{=<% %>=}}\n<%name}}", NULL,
			     "t.mustache:2:1: error: the tag is opened here but never closed with \"%>\"");
}

static void test_nesting_limit(void **state)
{
	buf src = BUF_INIT, want = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	for (i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{/a}}");
	expect_render(src.ptr, NULL, NULL, ""); /* exactly the limit is fine */

	buf_clear(&src);
	for (i = 0; i < MUSTACHE_MAX_NESTING + 1; i++)
		buf_puts(&src, "{{#a}}");
	buf_printf(&want, "t.mustache:1:%d: error: sections, blocks and parents are nested more "
			  "than %d levels deep", MUSTACHE_MAX_NESTING * 6 + 1, MUSTACHE_MAX_NESTING);
	expect_compile_error(src.ptr, NULL, want.ptr);
	buf_free(&src);
	buf_free(&want);
}

static void test_size_limit(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	char *big = malloc(MUSTACHE_MAX_SOURCE + 1), *got;

	(void)state;
	memset(big, 'x', MUSTACHE_MAX_SOURCE + 1);
	assert_int_equal(mustache_compile(&tpl, &diags, "big.mustache", big, MUSTACHE_MAX_SOURCE,
					  NULL), 0);
	mustache_free(tpl);
	assert_int_equal(mustache_compile(&tpl, &diags, "big.mustache", big,
					  MUSTACHE_MAX_SOURCE + 1, NULL), -1);
	assert_int_equal(diags.len, 1);
	got = diag_format(&diags.items[0]);
	assert_string_equal(got, "big.mustache:1:1: error: the template is larger than 1 MiB");
	free(got);
	diag_list_free(&diags);
	free(big);
}

/* ---- partials and the loader -------------------------------------------- */

static void test_missing_partial(void **state)
{
	PARTIALS("nav", "<nav>{{>missing-too}}</nav>");
	mustache_options strict = opts_for(&tp, 1), lax = opts_for(&tp, 0);
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	char *got;

	(void)state;
	/* The spec: a missing partial is empty. */
	expect_render("[{{>nope}}]{{<nope}}{{/nope}}", &lax, NULL, "[]");
	/* Trappa: an error at the tag, reported for every tag. */
	expect_compile_error("a {{>nope}}", &strict, "t.mustache:1:3: error: partial \"nope\" not found");
	expect_compile_error("\n {{<base}}{{/base}}", &strict,
			     "t.mustache:2:2: error: parent template \"base\" not found");
	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", "{{>nav}}\n{{>nope}}{{>nope}}",
					  strlen("{{>nav}}\n{{>nope}}{{>nope}}"), &strict), -1);
	assert_int_equal(diags.len, 3);
	got = diag_format(&diags.items[0]);
	assert_string_equal(got, "t.mustache:2:1: error: partial \"nope\" not found");
	free(got);
	got = diag_format(&diags.items[1]);
	assert_string_equal(got, "t.mustache:2:10: error: partial \"nope\" not found");
	free(got);
	/* Inside a partial, the partial's display path is used. */
	got = diag_format(&diags.items[2]);
	assert_string_equal(got, "partials/nav.mustache:1:6: error: partial \"missing-too\" not found");
	free(got);
	diag_list_free(&diags);
	diag_set_language(DIAG_LANG_SV);
	expect_compile_error("{{>nope}}", &strict, "t.mustache:1:1: error: partialen \"nope\" finns inte");
	diag_set_language(DIAG_LANG_EN);
}

static void test_partial_compiled_once(void **state)
{
	PARTIALS("item", "<li>{{.}}</li>{{>item-inner}}", "item-inner", "");
	mustache_options o = opts_for(&tp, 1);
	value *data = value_new_map(), *list = value_new_list();
	buf src = BUF_INIT, want = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_puts(&src, "{{#list}}{{>item}}{{/list}}");
	value_list_push(list, value_new_cstring("a<b"));
	value_map_set(data, "list", list);
	for (i = 0; i < 100; i++)
		buf_puts(&want, "<li>a&lt;b</li>");
	expect_render(src.ptr, &o, data, want.ptr);
	assert_int_equal(tp.calls, 2); /* "item" and "item-inner", once each */
	value_free(data);
	buf_free(&src);
	buf_free(&want);
}

static void test_loader_errors(void **state)
{
	PARTIALS("bad", "ok\n  {{#open}}\n", "uses-bad", "{{>bad}}");
	mustache_options o = opts_for(&tp, 0);

	(void)state;
	/* The loader's own diagnostic is kept and not doubled. */
	expect_compile_error("{{>broken-loader}}", &o, "themes/x: error: cannot read");
	/* A loader failing without a word still gives one. */
	expect_compile_error("\n{{>silent-failure}}", &o,
			     "t.mustache:2:1: error: could not read partial \"silent-failure\"");
	/* Errors in a partial point into the partial, even two levels down. */
	expect_compile_error("{{>uses-bad}}", &o,
			     "partials/bad.mustache:2:3: error: section \"open\" is opened here but "
			     "never closed");
}

static void test_recursive_partial_depth(void **state)
{
	PARTIALS("self", "{{>self}}", "branch", "{{#t}}{{>branch}}{{>branch}}{{/t}}");
	mustache_options o = opts_for(&tp, 1);
	value *data = value_new_map();

	(void)state;
	value_map_set_bool(data, "t", 1);
	expect_render_error("{{>self}}", &o, data,
			    "partials/self.mustache:1:1: error: \"self\" is nested more than 32 levels "
			    "deep (does it include itself?)");
	expect_render_error("x\n {{>branch}}", &o, data,
			    "partials/branch.mustache:1:7: error: \"branch\" is nested more than 32 "
			    "levels deep (does it include itself?)");
	/* Legitimate recursion, bounded by the data, is fine. */
	value_free(data);
}

static void test_render_budgets(void **state)
{
	/* Each level doubles the work; the depth limit alone would allow 2^20. */
	PARTIALS("fork", "{{#c}}{{>fork}}{{>fork}}{{/c}}", "big", "{{#c}}{{>big}}{{>big}}{{/c}}xxxxxxxxxx");
	mustache_options o = opts_for(&tp, 1);
	value *data = value_new_map(), *cur = data, *list;
	int i;

	(void)state;
	/* c: [ { c: [ { c: ... } ] } ], 20 levels, so the recursion ends. */
	for (i = 0; i < 20; i++) {
		value *item = value_new_map();
		list = value_new_list();
		value_list_push(list, item);
		value_map_set(cur, "c", list);
		cur = item;
	}
	value_map_set(cur, "c", value_new_list());
	o.max_steps = 100000;
	expect_render_error("{{>fork}}", &o, data,
			    "partials/fork.mustache:1:16: error: rendering takes more than 100000 steps "
			    "(does a partial include itself?)");
	o.max_steps = 0;
	o.max_output = 100000;
	expect_render_error("{{>big}}", &o, data,
			    "partials/big.mustache:1:29: error: the output grows beyond 100000 bytes "
			    "(does a partial include itself?)");
	value_free(data);
}

static void test_render_depth_limit(void **state)
{
	/* An argument that contains its own block expands forever without
	 * any partial recursion. */
	PARTIALS("base", "{{$a}}{{/a}}");
	mustache_options o = opts_for(&tp, 1);
	buf want = BUF_INIT;

	(void)state;
	buf_printf(&want, "t.mustache:1:16: error: the template nests more than %d levels deep "
			  "while rendering", MUSTACHE_MAX_RENDER_DEPTH);
	expect_render_error("{{<base}}{{$a}}{{$a}}{{/a}}{{/a}}{{/base}}", &o, NULL, want.ptr);
	buf_free(&want);
}

static void test_dynamic_names(void **state)
{
	PARTIALS("card", "<{{title}}>", "broken", "{{#x}}", "nested", "{{>*which}}");
	mustache_options o = opts_for(&tp, 1);
	value *data = value_new_map(), *list = value_new_list(), *item;
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	const char *src = "{{#items}}{{>*kind}}{{/items}}";
	buf out = BUF_INIT;
	char *got;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		item = value_new_map();
		value_map_set_string(item, "kind", "card");
		value_map_set_string(item, "title", i == 1 ? "b&" : "a");
		value_list_push(list, item);
	}
	value_map_set(data, "items", list);
	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", src, strlen(src), &o), 0);
	assert_int_equal(tp.calls, 0); /* nothing to load before rendering */
	for (i = 0; i < 3; i++) {
		buf_clear(&out);
		assert_int_equal(mustache_render(&out, &diags, tpl, data), 0);
		assert_string_equal(out.ptr, "<a><b&amp;><a>");
	}
	assert_int_equal(tp.calls, 1); /* cached after the first use */
	mustache_free(tpl);

	/* A name that is missing from the data renders nothing, even strict. */
	expect_render("[{{>*nokey}}]", &o, data, "[]");
	/* A name the loader does not know is an error when strict. */
	value_map_set_string(data, "which", "ghost");
	expect_render_error("\n  {{>*which}}", &o, data,
			    "t.mustache:2:3: error: partial \"ghost\" not found");
	/* A dynamic partial that fails to compile fails each render, and
	 * is not half-remembered. */
	value_map_set_string(data, "which", "broken");
	tp.calls = 0;
	assert_int_equal(mustache_compile(&tpl, &diags, "t.mustache", "{{>nested}}", 11, &o), 0);
	for (i = 0; i < 2; i++) {
		buf_clear(&out);
		assert_int_equal(mustache_render(&out, &diags, tpl, data), -1);
		assert_int_equal(diags.len, (size_t)i + 1);
		got = diag_format(&diags.items[i]);
		assert_string_equal(got, "partials/broken.mustache:1:1: error: section \"x\" is "
					 "opened here but never closed");
		free(got);
	}
	assert_int_equal(tp.calls, 3); /* nested, then broken twice */
	mustache_free(tpl);
	diag_list_free(&diags);
	buf_free(&out);
	value_free(data);
}

/* ---- output ------------------------------------------------------------- */

static void test_escaping(void **state)
{
	value *data = value_new_map();

	(void)state;
	value_map_set_string(data, "s", "<a href=\"x\">Tom & 'Jerry'</a>");
	value_map_set_number(data, "n", 85);
	value_map_set_number(data, "d", 1.21);
	value_map_set_number(data, "neg", -0.5);
	value_map_set_bool(data, "yes", 1);
	value_map_set(data, "nothing", value_new_null());
	expect_render("{{s}}|{{{s}}}|{{&s}}", NULL, data,
		      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;|"
		      "<a href=\"x\">Tom & 'Jerry'</a>|<a href=\"x\">Tom & 'Jerry'</a>");
	expect_render("{{n}} {{d}} {{neg}} {{yes}} [{{nothing}}] [{{missing}}] [{{s.x}}]", NULL, data,
		      "85 1.21 -0.5 true [] [] []");
	value_free(data);
}

static void test_render_appends(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	value *data = value_new_map();
	buf out = BUF_INIT;

	(void)state;
	value_map_set_string(data, "x", "1");
	assert_int_equal(mustache_compile(&tpl, &diags, "t", "<{{x}}>", 7, NULL), 0);
	buf_puts(&out, "head");
	assert_int_equal(mustache_render(&out, &diags, tpl, data), 0);
	assert_int_equal(mustache_render(&out, &diags, tpl, NULL), 0);
	assert_string_equal(out.ptr, "head<1><>");
	mustache_free(tpl);
	mustache_free(NULL);
	buf_free(&out);
	value_free(data);
	diag_list_free(&diags);
}

/* The base context sits below the data: the data wins, the base fills in
 * what the data lacks, and "." is the data. */
static void test_render_over_base(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	value *base = value_new_map(), *data = value_new_map(), *t = value_new_map();
	buf out = BUF_INIT;
	const char *src = "{{x}}/{{y}}/{{t.hi}}/{{#data_only}}{{y}}{{/data_only}}";

	(void)state;
	value_map_set_string(t, "hi", "hej");
	value_map_set(base, "t", t);
	value_map_set_string(base, "x", "base-x");
	value_map_set_string(base, "y", "base-y");
	value_map_set_string(data, "x", "data-x");
	value_map_set_bool(data, "data_only", 1);
	assert_int_equal(mustache_compile(&tpl, &diags, "t", src, strlen(src), NULL), 0);
	assert_int_equal(mustache_render_over(&out, &diags, tpl, base, data), 0);
	assert_string_equal(out.ptr, "data-x/base-y/hej/base-y");
	buf_clear(&out);
	assert_int_equal(mustache_render_over(&out, &diags, tpl, NULL, data), 0);
	assert_string_equal(out.ptr, "data-x///");
	mustache_free(tpl);
	buf_free(&out);
	value_free(base);
	value_free(data);
	diag_list_free(&diags);
}

static void test_indentation(void **state)
{
	PARTIALS("list", "<ul>\n\n  <li>{{x}}</li>\n</ul>\n",
		 "layout", "<main>\n  {{$body}}\n  <p>default</p>\n  {{/body}}\n</main>\n");
	mustache_options o = opts_for(&tp, 1);
	value *data = value_new_map();

	(void)state;
	value_map_set_string(data, "x", "a\nb");
	/* Empty lines stay empty; data is not indented. */
	expect_render("<div>\n    {{>list}}\n</div>\n", &o, data,
		      "<div>\n    <ul>\n\n      <li>a\nb</li>\n    </ul>\n</div>\n");
	/* Block content moves to the indentation of the block it replaces. */
	expect_render("{{<layout}}\n{{$body}}\n        <p>one</p>\n        <p>two</p>\n{{/body}}\n"
		      "{{/layout}}\n",
		      &o, data, "<main>\n  <p>one</p>\n  <p>two</p>\n</main>\n");
	value_free(data);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct thread_job {
	const mustache_template *tpl;
	const value *data;
	const char *want;
	int failures;
} thread_job;

static void *render_many(void *arg)
{
	thread_job *job = arg;
	diag_list diags = DIAG_LIST_INIT;
	buf out = BUF_INIT;
	int i;

	for (i = 0; i < 200; i++) {
		buf_clear(&out);
		if (mustache_render(&out, &diags, job->tpl, job->data) != 0 ||
		    strcmp(out.ptr, job->want) != 0)
			job->failures++;
	}
	buf_free(&out);
	diag_list_free(&diags);
	return NULL;
}

static void test_concurrent_render(void **state)
{
	PARTIALS("a", "A{{>b}}", "b", "B", "c", "C{{>*next}}", "d", "D");
	mustache_options o = opts_for(&tp, 1);
	diag_list diags = DIAG_LIST_INIT;
	mustache_template *tpl = NULL;
	value *data = value_new_map(), *list = value_new_list();
	const char *src = "{{#list}}{{>*.}}{{/list}}|{{>a}}";
	const char *names[] = { "a", "b", "c", "d" };
	pthread_t threads[4];
	thread_job jobs[4];
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		value_list_push(list, value_new_cstring(names[i]));
	value_map_set(data, "list", list);
	value_map_set_string(data, "next", "d");
	assert_int_equal(mustache_compile(&tpl, &diags, "t", src, strlen(src), &o), 0);
	for (i = 0; i < 4; i++) {
		jobs[i].tpl = tpl;
		jobs[i].data = data;
		jobs[i].want = "ABBCDD|AB";
		jobs[i].failures = 0;
		assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	mustache_free(tpl);
	value_free(data);
	diag_list_free(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_unclosed_section, setup_en),
		cmocka_unit_test_setup(test_mismatched_close, setup_en),
		cmocka_unit_test_setup(test_columns_count_characters, setup_en),
		cmocka_unit_test_setup(test_bad_tags, setup_en),
		cmocka_unit_test_setup(test_bad_delimiters, setup_en),
		cmocka_unit_test_setup(test_nesting_limit, setup_en),
		cmocka_unit_test_setup(test_size_limit, setup_en),
		cmocka_unit_test_setup(test_missing_partial, setup_en),
		cmocka_unit_test_setup(test_partial_compiled_once, setup_en),
		cmocka_unit_test_setup(test_loader_errors, setup_en),
		cmocka_unit_test_setup(test_recursive_partial_depth, setup_en),
		cmocka_unit_test_setup(test_render_budgets, setup_en),
		cmocka_unit_test_setup(test_render_depth_limit, setup_en),
		cmocka_unit_test_setup(test_dynamic_names, setup_en),
		cmocka_unit_test_setup(test_escaping, setup_en),
		cmocka_unit_test_setup(test_render_appends, setup_en),
		cmocka_unit_test_setup(test_indentation, setup_en),
		cmocka_unit_test_setup(test_render_over_base, setup_en),
		cmocka_unit_test_setup(test_concurrent_render, setup_en),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

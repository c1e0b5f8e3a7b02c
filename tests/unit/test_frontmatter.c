/* Unit tests for frontmatter: the strict YAML reader and the `---` split. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"

#define PATH "content/x.md"

static int setup_en(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_EN);
	return 0;
}

static int teardown_sv(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_SV);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* Parses src that must be valid; returns the tree (caller frees). */
static value *parse_ok_at(const char *src, int first_line)
{
	diag_list d = DIAG_LIST_INIT;
	value *v = (value *)1;
	int rc = frontmatter_parse_yaml(&v, &d, PATH, src, strlen(src), first_line);

	if (rc != 0 || d.len) {
		diag_print(&d, stderr);
		fail_msg("unexpected failure parsing: %s", src);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(d.len, 0);
	assert_non_null(v);
	diag_list_free(&d);
	return v;
}

static value *parse_ok(const char *src)
{
	return parse_ok_at(src, 1);
}

/* Parses src of length len that must fail with exactly one error, which
 * must format as `expected`. */
static void assert_parse_error_n(const char *src, size_t len, int first_line,
				 const char *expected)
{
	diag_list d = DIAG_LIST_INIT;
	value *v = (value *)1;
	char *s;

	assert_int_equal(frontmatter_parse_yaml(&v, &d, PATH, src, len, first_line), -1);
	assert_null(v);
	assert_int_equal(d.len, 1);
	assert_int_equal(d.errors, 1);
	s = diag_format(&d.items[0]);
	assert_string_equal(s, expected);
	free(s);
	diag_list_free(&d);
}

static void assert_parse_error(const char *src, const char *expected)
{
	assert_parse_error_n(src, strlen(src), 1, expected);
}

/* Like assert_parse_error, but compares only the start of the message
 * (position and kind), not libyaml's wording after it. */
static void assert_parse_error_prefix(const char *src, const char *prefix)
{
	diag_list d = DIAG_LIST_INIT;
	value *v = (value *)1;
	char got[512] = "";
	int rc = frontmatter_parse_yaml(&v, &d, PATH, src, strlen(src), 1);
	size_t n = d.len;

	if (n == 1) {
		char *s = diag_format(&d.items[0]);
		snprintf(got, sizeof(got), "%s", s);
		free(s);
	}
	diag_list_free(&d); /* before asserting, so a failure leaks nothing */
	assert_int_equal(rc, -1);
	assert_null(v);
	assert_int_equal(n, 1);
	if (strncmp(got, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", got, prefix);
}

/* The value of key "v" in a one-line document "v: <text>". */
static value *scalar(const char *text)
{
	char src[256];
	value *root, *v;
	size_t i;

	snprintf(src, sizeof(src), "v: %s\n", text);
	root = parse_ok(src);
	assert_int_equal(root->type, VALUE_MAP);
	assert_int_equal(root->u.map.len, 1);
	v = value_map_get(root, "v");
	assert_non_null(v);
	/* Detach v from root so the caller owns just the scalar. */
	for (i = 0; i < root->u.map.len; i++)
		root->u.map.pairs[i].val = value_new_null();
	value_free(root);
	return v;
}

static void assert_null_scalar(const char *text)
{
	value *v = scalar(text);
	if (v->type != VALUE_NULL)
		fail_msg("%s: expected null, got type %d", text, v->type);
	value_free(v);
}

static void assert_bool_scalar(const char *text, int expected)
{
	value *v = scalar(text);
	if (v->type != VALUE_BOOL)
		fail_msg("%s: expected bool, got type %d", text, v->type);
	assert_int_equal(v->u.boolean, expected);
	value_free(v);
}

static void assert_number_scalar(const char *text, double expected)
{
	value *v = scalar(text);
	if (v->type != VALUE_NUMBER)
		fail_msg("%s: expected number, got type %d", text, v->type);
	if (isnan(expected))
		assert_true(isnan(v->u.number));
	else if (v->u.number != expected)
		fail_msg("%s: expected %.17g, got %.17g", text, expected, v->u.number);
	value_free(v);
}

static void assert_string_scalar(const char *text, const char *expected)
{
	value *v = scalar(text);
	if (v->type != VALUE_STRING)
		fail_msg("%s: expected string, got type %d", text, v->type);
	assert_string_equal(value_string(v), expected);
	assert_int_equal(v->u.str.len, strlen(expected));
	value_free(v);
}

static void assert_pos(const value *v, int line, int col)
{
	assert_non_null(v);
	assert_int_equal(v->line, line);
	assert_int_equal(v->col, col);
}

static void assert_key_pos(const value *map, const char *key, int line, int col)
{
	const value_pair *p = value_map_get_pair(map, key);
	assert_non_null(p);
	assert_int_equal(p->line, line);
	assert_int_equal(p->col, col);
}

/* ---- scalars ------------------------------------------------------------ */

static void test_scalar_nulls(void **state)
{
	(void)state;
	assert_null_scalar("");
	assert_null_scalar("~");
	assert_null_scalar("null");
	assert_null_scalar("Null");
	assert_null_scalar("NULL");
}

static void test_scalar_bools(void **state)
{
	(void)state;
	assert_bool_scalar("true", 1);
	assert_bool_scalar("True", 1);
	assert_bool_scalar("TRUE", 1);
	assert_bool_scalar("false", 0);
	assert_bool_scalar("False", 0);
	assert_bool_scalar("FALSE", 0);
}

static void test_scalar_numbers(void **state)
{
	(void)state;
	assert_number_scalar("12", 12);
	assert_number_scalar("-3", -3);
	assert_number_scalar("+7", 7);
	assert_number_scalar("0", 0);
	assert_number_scalar("012", 12);
	assert_number_scalar("0x1F", 31);
	assert_number_scalar("0xff", 255);
	assert_number_scalar("0o17", 15);
	assert_number_scalar("1.5", 1.5);
	assert_number_scalar("-2.25", -2.25);
	assert_number_scalar(".5", 0.5);
	assert_number_scalar("1e3", 1000);
	assert_number_scalar("1E3", 1000);
	assert_number_scalar("2.5e-1", 0.25);
	assert_number_scalar(".inf", INFINITY);
	assert_number_scalar("-.Inf", -INFINITY);
	assert_number_scalar("+.INF", INFINITY);
	assert_number_scalar(".nan", NAN);
}

static void test_scalar_strings(void **state)
{
	(void)state;
	assert_string_scalar("hello world", "hello world");
	assert_string_scalar("\"12\"", "12");
	assert_string_scalar("'12'", "12");
	assert_string_scalar("\"true\"", "true");
	assert_string_scalar("\"\"", "");
	assert_string_scalar("'~'", "~");
	assert_string_scalar("2017-02-15", "2017-02-15");
	assert_string_scalar("016-710", "016-710");
	/* YAML 1.1 booleans are plain text in 1.2. */
	assert_string_scalar("yes", "yes");
	assert_string_scalar("no", "no");
	assert_string_scalar("on", "on");
	assert_string_scalar("off", "off");
	/* Not core-schema numbers. */
	assert_string_scalar("0x", "0x");
	assert_string_scalar("0xZZ", "0xZZ");
	assert_string_scalar("0X1F", "0X1F");
	assert_string_scalar("-0x1F", "-0x1F");
	assert_string_scalar("0o8", "0o8");
	assert_string_scalar("0b101", "0b101");
	assert_string_scalar("1_000", "1_000");
	assert_string_scalar("1.2.3", "1.2.3");
	assert_string_scalar("12abc", "12abc");
	assert_string_scalar("1e", "1e");
	assert_string_scalar(".", ".");
	assert_string_scalar("nan", "nan");
	assert_string_scalar("inf", "inf");
	assert_string_scalar("1:30", "1:30");
	assert_string_scalar("Ängelholm – åäö", "Ängelholm – åäö");
}

static void test_scalar_tags(void **state)
{
	(void)state;
	assert_string_scalar("!!str 12", "12");
	assert_string_scalar("!!str true", "true");
	assert_string_scalar("!!str", "");
	assert_string_scalar("! 12", "12"); /* the non-specific tag: a string */
}

static void test_block_scalars(void **state)
{
	value *root = parse_ok("a: |\n  line 1\n  line 2\nb: >\n  folded\n  text\n");

	(void)state;
	assert_string_equal(value_string(value_map_get(root, "a")), "line 1\nline 2\n");
	assert_string_equal(value_string(value_map_get(root, "b")), "folded text\n");
	value_free(root);
}

/* ---- structure and positions --------------------------------------------- */

static const char nested_src[] = "title: Hej\n"
				 "tags:\n"
				 "  - a\n"
				 "  - b\n"
				 "meta:\n"
				 "  n: 1\n"
				 "  inner: [x, {k: v}]\n";

/* Checks the tree of nested_src parsed with lines shifted by `shift`. */
static void check_nested(const value *root, int shift)
{
	const value *tags, *meta, *inner, *k;

	assert_int_equal(root->type, VALUE_MAP);
	assert_pos(root, 1 + shift, 1);
	assert_int_equal(root->u.map.len, 3);
	/* Insertion order is the file's order. */
	assert_string_equal(root->u.map.pairs[0].key, "title");
	assert_string_equal(root->u.map.pairs[1].key, "tags");
	assert_string_equal(root->u.map.pairs[2].key, "meta");

	assert_key_pos(root, "title", 1 + shift, 1);
	assert_string_equal(value_string(value_map_get(root, "title")), "Hej");
	assert_pos(value_map_get(root, "title"), 1 + shift, 8);

	assert_key_pos(root, "tags", 2 + shift, 1);
	tags = value_map_get(root, "tags");
	assert_int_equal(tags->type, VALUE_LIST);
	assert_pos(tags, 3 + shift, 3);
	assert_int_equal(value_list_len(tags), 2);
	assert_string_equal(value_string(value_list_at(tags, 0)), "a");
	assert_pos(value_list_at(tags, 0), 3 + shift, 5);
	assert_string_equal(value_string(value_list_at(tags, 1)), "b");
	assert_pos(value_list_at(tags, 1), 4 + shift, 5);

	assert_key_pos(root, "meta", 5 + shift, 1);
	meta = value_map_get(root, "meta");
	assert_int_equal(meta->type, VALUE_MAP);
	assert_pos(meta, 6 + shift, 3);
	assert_key_pos(meta, "n", 6 + shift, 3);
	assert_int_equal(value_map_get(meta, "n")->type, VALUE_NUMBER);
	assert_true(value_map_get(meta, "n")->u.number == 1);
	assert_pos(value_map_get(meta, "n"), 6 + shift, 6);

	assert_key_pos(meta, "inner", 7 + shift, 3);
	inner = value_map_get(meta, "inner");
	assert_int_equal(inner->type, VALUE_LIST);
	assert_pos(inner, 7 + shift, 10);
	assert_int_equal(value_list_len(inner), 2);
	assert_pos(value_list_at(inner, 0), 7 + shift, 11);
	k = value_list_at(inner, 1);
	assert_int_equal(k->type, VALUE_MAP);
	assert_pos(k, 7 + shift, 14);
	assert_key_pos(k, "k", 7 + shift, 15);
	assert_string_equal(value_string(value_map_get(k, "k")), "v");
	assert_pos(value_map_get(k, "k"), 7 + shift, 18);
}

static void test_nested_positions(void **state)
{
	value *root = parse_ok_at(nested_src, 1);

	(void)state;
	check_nested(root, 0);
	value_free(root);
}

static void test_first_line_offset(void **state)
{
	value *root = parse_ok_at(nested_src, 2);

	(void)state;
	check_nested(root, 1);
	value_free(root);
	root = parse_ok_at(nested_src, 40);
	check_nested(root, 39);
	value_free(root);
}

static void test_empty_document(void **state)
{
	static const char *empties[] = { "", "\n\n", "# only a comment\n", "---\n", "~\n",
					 "---\n...\n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		value *v = parse_ok_at(empties[i], 5);
		assert_int_equal(v->type, VALUE_MAP);
		assert_int_equal(v->u.map.len, 0);
		assert_pos(v, 5, 1);
		value_free(v);
	}
}

static void test_explicit_document_markers(void **state)
{
	value *v = parse_ok("---\na: 1\n...\n");

	(void)state;
	assert_int_equal(v->u.map.len, 1);
	assert_key_pos(v, "a", 2, 1);
	value_free(v);
}

/* ---- errors -------------------------------------------------------------- */

static void test_duplicate_key(void **state)
{
	(void)state;
	assert_parse_error("title: A\nx: 1\ntitle: B\n",
			   PATH ":3:1: error: duplicate key \"title\" (first on line 1); "
				"remove one of them");
	assert_parse_error("m:\n  a: 1\n  b: 2\n  a: 3\n",
			   PATH ":4:3: error: duplicate key \"a\" (first on line 2); "
				"remove one of them");
	assert_parse_error("{a: 1, a: 2}",
			   PATH ":1:8: error: duplicate key \"a\" (first on line 1); "
				"remove one of them");
	/* Positions, including the first line, follow first_line. */
	assert_parse_error_n("title: A\ntitle: B\n", 18, 10,
			     PATH ":11:1: error: duplicate key \"title\" (first on line 10); "
				  "remove one of them");
}

static void test_same_key_in_different_maps_is_fine(void **state)
{
	value *v = parse_ok("a: {k: 1}\nb: {k: 2}\nlist: [{k: 1}, {k: 2}]\n");

	(void)state;
	value_free(v);
}

static void test_swedish_messages(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_SV);
	assert_parse_error("a: 1\na: 2\n",
			   PATH ":2:1: error: nyckeln \"a\" finns redan på rad 1; ta bort den ena");
}

static void test_alias_rejected(void **state)
{
	(void)state;
	assert_parse_error("a: 1\nb: *x\n",
			   PATH ":2:4: error: aliases (*x) are not allowed; write the value out "
				"instead");
	assert_parse_error("*top\n",
			   PATH ":1:1: error: aliases (*top) are not allowed; write the value "
				"out instead");
}

static void test_anchor_rejected(void **state)
{
	(void)state;
	assert_parse_error("a: &x 1\n",
			   PATH ":1:4: error: anchors (&x) are not allowed; write the value out "
				"instead");
	assert_parse_error("a: &m {b: 1}\n",
			   PATH ":1:4: error: anchors (&m) are not allowed; write the value out "
				"instead");
	assert_parse_error("a:\n  - &l [1]\n",
			   PATH ":2:5: error: anchors (&l) are not allowed; write the value out "
				"instead");
}

static void test_billion_laughs_rejected(void **state)
{
	static const char lol[] = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
				  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
				  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
				  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
				  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
				  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
				  "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
				  "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
				  "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	(void)state;
	assert_parse_error(lol, PATH ":1:4: error: anchors (&a) are not allowed; write the value "
				    "out instead");
}

static void test_tags(void **state)
{
	value *v;

	(void)state;
	assert_parse_error("a: !foo 1\n",
			   PATH ":1:4: error: non-standard YAML tag \"!foo\" is not allowed");
	assert_parse_error("a: !foo {b: 1}\n",
			   PATH ":1:4: error: non-standard YAML tag \"!foo\" is not allowed");
	assert_parse_error("a: !<tag:example.com,2000:x> 1\n",
			   PATH ":1:4: error: non-standard YAML tag \"tag:example.com,2000:x\" "
				"is not allowed");
	/* Standard tags on collections are accepted. */
	v = parse_ok("a: !!seq [1]\nb: !!map {c: 1}\n");
	assert_int_equal(value_map_get(v, "a")->type, VALUE_LIST);
	assert_int_equal(value_map_get(v, "b")->type, VALUE_MAP);
	value_free(v);
}

static void test_non_scalar_key_rejected(void **state)
{
	(void)state;
	assert_parse_error("? [a, b]\n: 1\n",
			   PATH ":1:3: error: a key must be plain text, not a list or mapping");
	assert_parse_error("? {x: 1}\n: 1\n",
			   PATH ":1:3: error: a key must be plain text, not a list or mapping");
	assert_parse_error("{a: 1, {b: 1}: 2}",
			   PATH ":1:8: error: a key must be plain text, not a list or mapping");
}

static char *nested_brackets(size_t depth, int closed)
{
	char *s = malloc(depth * 2 + 1);
	assert_non_null(s);
	memset(s, '[', depth);
	if (closed)
		memset(s + depth, ']', depth);
	s[closed ? depth * 2 : depth] = '\0';
	return s;
}

static void test_depth_limit(void **state)
{
	char *s;
	value *v, *cur;
	int i;

	(void)state;
	/* Exactly FRONTMATTER_MAX_DEPTH levels are fine. */
	s = nested_brackets(FRONTMATTER_MAX_DEPTH, 1);
	v = parse_ok(s);
	for (cur = v, i = 1; i < FRONTMATTER_MAX_DEPTH; i++) {
		assert_int_equal(cur->type, VALUE_LIST);
		assert_int_equal(value_list_len(cur), 1);
		cur = value_list_at(cur, 0);
	}
	assert_int_equal(cur->type, VALUE_LIST);
	assert_int_equal(value_list_len(cur), 0);
	value_free(v);
	free(s);

	/* One more is an error at the opening bracket of the extra level. */
	s = nested_brackets(FRONTMATTER_MAX_DEPTH + 1, 1);
	assert_parse_error(s, PATH ":1:33: error: nesting too deep (at most 32 levels)");
	free(s);

	/* Far deeper, unclosed input fails the same way without a crash. */
	s = nested_brackets(10000, 0);
	assert_parse_error(s, PATH ":1:33: error: nesting too deep (at most 32 levels)");
	free(s);
	s = nested_brackets(10000, 1);
	assert_parse_error(s, PATH ":1:33: error: nesting too deep (at most 32 levels)");
	free(s);
}

static void test_depth_limit_block_maps(void **state)
{
	buf b = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i <= FRONTMATTER_MAX_DEPTH; i++)
		buf_printf(&b, "%*sk:\n", i * 2, "");
	/* The root map is level 1, so the 33rd map starts at line 33. */
	assert_parse_error(b.ptr, PATH ":33:65: error: nesting too deep (at most 32 levels)");
	buf_free(&b);
}

static void test_malformed_yaml(void **state)
{
	(void)state;
	/* A second ": " on a line. */
	assert_parse_error_prefix("a: 1\nb: c: d\n", PATH ":2:5: error: malformed YAML: ");
	assert_parse_error_prefix("a: 1\nb: 2\n  c: 3\n", PATH ":3:4: error: malformed YAML: ");
	/* Unclosed constructs point at where they start. */
	assert_parse_error_prefix("title: x\nlist: [1, 2\n", PATH ":2:7: error: malformed YAML: ");
	assert_parse_error_prefix("a: \"unterminated\nb: 2\n", PATH ":1:4: error: malformed YAML: ");
	/* A key without its colon. */
	assert_parse_error_prefix("a: 1\nb\nc: 2\n", PATH ":2:1: error: malformed YAML: ");
}

/* Errors found on a later line must point at that line, not at the start
 * of the mapping or scalar that encloses it. */
static void test_malformed_yaml_points_at_offending_line(void **state)
{
	(void)state;
	/* Bad indentation of "c" on line 3 ("did not find expected key"). */
	assert_parse_error_prefix("a:\n  b: 1\n c: 2\n", PATH ":3:2: error: malformed YAML: ");
	assert_parse_error_prefix("title: x\ndate: 2017-02-15\nmeta:\n  a: 1\n b: 2\n",
				  PATH ":5:2: error: malformed YAML: ");
	/* A tab used for indentation on line 3. */
	assert_parse_error_prefix("a: 1\n\n\t- x\n", PATH ":3:1: error: malformed YAML: ");
}

static void test_malformed_utf8(void **state)
{
	(void)state;
	assert_parse_error_n("a: \xff\n", 5, 7,
			     PATH ":7:1: error: the text is not valid UTF-8 (invalid leading "
				  "UTF-8 octet)");
}

static void test_two_documents_rejected(void **state)
{
	(void)state;
	assert_parse_error("a: 1\n---\nb: 2\n",
			   PATH ":2:1: error: only one YAML document is allowed here");
	assert_parse_error_n("---\na: 1\n---\n", 13, 2,
			     PATH ":4:1: error: only one YAML document is allowed here");
}

static void test_no_leak_on_error_midway(void **state)
{
	(void)state;
	/* A half-built tree must be freed (ASan checks). */
	assert_parse_error("a:\n  b: [1, 2, {c: [x, y]}]\n  d:\n    - e: &bad 1\n",
			   PATH ":4:10: error: anchors (&bad) are not allowed; write the value "
				"out instead");
}

/* ---- frontmatter_split ---------------------------------------------------- */

typedef struct split_expect {
	const char *yaml; /* NULL: no front matter */
	int yaml_line;
	const char *body;
	int body_line;
} split_expect;

static void assert_split(const char *src, size_t len, split_expect e)
{
	frontmatter_parts parts;
	diag_list d = DIAG_LIST_INIT;

	memset(&parts, 0xAB, sizeof(parts));
	assert_int_equal(frontmatter_split(&parts, &d, PATH, src, len), 0);
	assert_int_equal(d.len, 0);
	if (e.yaml) {
		assert_non_null(parts.yaml);
		assert_true(parts.yaml >= src && parts.yaml + parts.yaml_len <= src + len);
		assert_int_equal(parts.yaml_len, strlen(e.yaml));
		assert_memory_equal(parts.yaml, e.yaml, parts.yaml_len);
		assert_int_equal(parts.yaml_line, e.yaml_line);
	} else {
		assert_null(parts.yaml);
		assert_int_equal(parts.yaml_len, 0);
	}
	assert_non_null(parts.body);
	assert_true(parts.body >= src && parts.body + parts.body_len == src + len);
	assert_int_equal(parts.body_len, strlen(e.body));
	assert_memory_equal(parts.body, e.body, parts.body_len);
	assert_int_equal(parts.body_line, e.body_line);
	diag_list_free(&d);
}

#define SPLIT(src, ...) assert_split((src), sizeof(src) - 1, (split_expect){ __VA_ARGS__ })

static void test_split_basic(void **state)
{
	(void)state;
	SPLIT("---\ntitle: x\ndate: 2017-02-15\n---\n# Rubrik\n\nText.\n",
	      "title: x\ndate: 2017-02-15\n", 2, "# Rubrik\n\nText.\n", 5);
}

static void test_split_bom(void **state)
{
	(void)state;
	SPLIT("\xEF\xBB\xBF---\ntitle: x\n---\nbody\n", "title: x\n", 2, "body\n", 4);
	/* Without front matter the BOM is still not part of the body. */
	SPLIT("\xEF\xBB\xBFjust text\n", NULL, 0, "just text\n", 1);
}

static void test_split_crlf(void **state)
{
	(void)state;
	SPLIT("---\r\ntitle: x\r\ntags: [a]\r\n---\r\nbody\r\nmore\r\n",
	      "title: x\r\ntags: [a]\r\n", 2, "body\r\nmore\r\n", 5);
}

static void test_split_dots_fence(void **state)
{
	(void)state;
	SPLIT("---\ntitle: x\n...\nbody\n", "title: x\n", 2, "body\n", 4);
}

static void test_split_fence_with_trailing_spaces(void **state)
{
	(void)state;
	SPLIT("--- \ntitle: x\n---  \t\nbody\n", "title: x\n", 2, "body\n", 4);
	SPLIT("---\t\r\na: 1\r\n--- \r\nbody", "a: 1\r\n", 2, "body", 4);
}

static void test_split_no_front_matter(void **state)
{
	(void)state;
	SPLIT("# Rubrik\n\n---\n\nText\n", NULL, 0, "# Rubrik\n\n---\n\nText\n", 1);
	SPLIT("", NULL, 0, "", 1);
	SPLIT("\n---\na: 1\n---\n", NULL, 0, "\n---\na: 1\n---\n", 1);
	/* Not fences: more dashes, text after the dashes, leading space. */
	SPLIT("----\na: 1\n----\n", NULL, 0, "----\na: 1\n----\n", 1);
	SPLIT("--- a\nb\n---\n", NULL, 0, "--- a\nb\n---\n", 1);
	SPLIT(" ---\na: 1\n---\n", NULL, 0, " ---\na: 1\n---\n", 1);
	/* "..." does not open front matter. */
	SPLIT("...\na: 1\n...\n", NULL, 0, "...\na: 1\n...\n", 1);
}

static void test_split_edges(void **state)
{
	(void)state;
	/* Empty front matter. */
	SPLIT("---\n---\nbody\n", "", 2, "body\n", 3);
	/* Closing fence at the very end, without a newline. */
	SPLIT("---\na: 1\n---", "a: 1\n", 2, "", 4);
	/* A thematic break in the body is body text. */
	SPLIT("---\na: 1\n---\ntext\n---\nmore\n", "a: 1\n", 2, "text\n---\nmore\n", 4);
	/* Blank lines inside the front matter count. */
	SPLIT("---\n\n\na: 1\n\n---\n\nbody\n", "\n\na: 1\n\n", 2, "\nbody\n", 7);
}

static void assert_split_unclosed(const char *src, size_t len)
{
	frontmatter_parts parts;
	diag_list d = DIAG_LIST_INIT;
	char *s;

	assert_int_equal(frontmatter_split(&parts, &d, PATH, src, len), -1);
	assert_null(parts.yaml);
	assert_int_equal(d.len, 1);
	assert_int_equal(d.errors, 1);
	s = diag_format(&d.items[0]);
	assert_string_equal(s, PATH ":1:1: error: the front matter starts with --- here but is "
				    "never closed by a --- line");
	free(s);
	diag_list_free(&d);
}

static void test_split_unclosed(void **state)
{
	static const char a[] = "---\ntitle: x\n\nBody without a fence.\n";
	static const char b[] = "---";
	static const char c[] = "---\n";
	static const char e[] = "\xEF\xBB\xBF---\r\na: 1\r\n";
	static const char f[] = "---\na: 1\n----\n";

	(void)state;
	assert_split_unclosed(a, sizeof(a) - 1);
	assert_split_unclosed(b, sizeof(b) - 1);
	assert_split_unclosed(c, sizeof(c) - 1);
	assert_split_unclosed(e, sizeof(e) - 1);
	assert_split_unclosed(f, sizeof(f) - 1);
}

static void test_split_then_parse_positions(void **state)
{
	static const char src[] = "\xEF\xBB\xBF---\r\n"
				  "title: Hej\r\n"
				  "tags:\r\n"
				  "  - a\r\n"
				  "  - b: c: d\r\n"
				  "---\r\n"
				  "body\r\n";
	frontmatter_parts parts;
	diag_list d = DIAG_LIST_INIT;
	value *v = NULL;
	char *s;

	(void)state;
	assert_int_equal(frontmatter_split(&parts, &d, PATH, src, sizeof(src) - 1), 0);
	assert_int_equal(parts.body_line, 7);
	/* The error in the YAML is reported at its line in the file. */
	assert_int_equal(frontmatter_parse_yaml(&v, &d, PATH, parts.yaml, parts.yaml_len,
						parts.yaml_line),
			 -1);
	assert_null(v);
	assert_int_equal(d.len, 1);
	s = diag_format(&d.items[0]);
	assert_memory_equal(s, PATH ":5:9: error: malformed YAML: ",
			    strlen(PATH ":5:9: error: malformed YAML: "));
	free(s);
	diag_list_free(&d);
}

/* Control characters can only come from escapes; each is refused at its
 * scalar, naming the field (a list item's is the list's key). */
static void test_control_characters_rejected(void **state)
{
	(void)state;
	assert_parse_error("title: \"a\\x01b\"\n",
			   PATH ":1:8: error: \"title\" contains the control character U+0001, which "
				"is not allowed in the text; remove it");
	assert_parse_error("a: ok\nb: \"x\\u0000\"\n",
			   PATH ":2:4: error: \"b\" contains the control character U+0000, which is "
				"not allowed in the text; remove it");
	assert_parse_error("areas: [ ok, \"\\x7f\" ]\n",
			   PATH ":1:14: error: \"areas\" contains the control character U+007F, which "
				"is not allowed in the text; remove it");
	assert_parse_error("m:\n  - { t: \"\\u0085\" }\n",
			   PATH ":2:10: error: \"t\" contains the control character U+0085, which is "
				"not allowed in the text; remove it");
	assert_parse_error("\"k\\x1b\": 1\n",
			   PATH ":1:1: error: the text contains the control character U+001B, which is "
				"not allowed; remove it");
}

/* Tab and line feed are the fields' own business (running text has them). */
static void test_tab_and_newline_pass_the_reader(void **state)
{
	value *root;

	(void)state;
	root = parse_ok("a: \"x\\ty\\nz\"\nb: |\n  1\n  2\n");
	assert_string_equal(value_string(value_map_get(root, "a")), "x\ty\nz");
	value_free(root);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_en, teardown_sv)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_control_characters_rejected),
		T(test_tab_and_newline_pass_the_reader),
		T(test_scalar_nulls),
		T(test_scalar_bools),
		T(test_scalar_numbers),
		T(test_scalar_strings),
		T(test_scalar_tags),
		T(test_block_scalars),
		T(test_nested_positions),
		T(test_first_line_offset),
		T(test_empty_document),
		T(test_explicit_document_markers),
		T(test_duplicate_key),
		T(test_same_key_in_different_maps_is_fine),
		T(test_swedish_messages),
		T(test_alias_rejected),
		T(test_anchor_rejected),
		T(test_billion_laughs_rejected),
		T(test_tags),
		T(test_non_scalar_key_rejected),
		T(test_depth_limit),
		T(test_depth_limit_block_maps),
		T(test_malformed_yaml),
		T(test_malformed_yaml_points_at_offending_line),
		T(test_malformed_utf8),
		T(test_two_documents_rejected),
		T(test_no_leak_on_error_midway),
		T(test_split_basic),
		T(test_split_bom),
		T(test_split_crlf),
		T(test_split_dots_fence),
		T(test_split_fence_with_trailing_spaces),
		T(test_split_no_front_matter),
		T(test_split_edges),
		T(test_split_unclosed),
		T(test_split_then_parse_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

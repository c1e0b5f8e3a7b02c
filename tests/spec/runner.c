/* Runs the Mustache spec (the YAML files of github.com/mustache/spec) against
 * generator/mustache.c.
 *
 *   spec-runner SPEC_DIR
 *
 * Every *.yml in SPEC_DIR is a module, except ~lambdas.yml (lambdas are out
 * of scope). Prints one line per module and a last line "N passed, M
 * failed"; each failure shows the template, the expected and the actual
 * output. Exits non-zero on any failure, or when the folder or a file
 * cannot be read. The files are read with the project's own YAML reader. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "mem.h"
#include "mustache.h"
#include "value.h"

static int spec_read_file(buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;
	int rc = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_put(out, tmp, n);
	if (ferror(f)) {
		perror(path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

/* The test's "partials" map is the loader's whole world. */
static int spec_loader(buf *source, buf *display_path, diag_list *diags, void *ctx,
		       const char *name)
{
	const value *partials = ctx;
	const value *p = value_map_get(partials, name);

	(void)diags;
	if (!p || p->type != VALUE_STRING)
		return 1;
	buf_put(source, p->u.str.ptr, p->u.str.len);
	buf_printf(display_path, "partials/%s", name);
	return 0;
}

/* Shows a string on one line, with C escapes, so whitespace is visible. */
static void spec_show(const char *label, const char *s, size_t len)
{
	size_t i;

	printf("    %-9s \"", label);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default:
			if (c < 0x20 || c == 0x7F)
				printf("\\x%02x", c);
			else
				putchar(c);
		}
	}
	puts("\"");
}

static const char *spec_string(const value *test, const char *key, size_t *len)
{
	const value *v = value_map_get(test, key);

	if (!v || v->type != VALUE_STRING)
		return NULL;
	*len = v->u.str.len;
	return v->u.str.ptr;
}

/* Runs one test; returns 1 when it passed. */
static int spec_run_test(const char *module, const value *test)
{
	const char *name, *tmpl, *expected;
	size_t name_len = 0, tmpl_len = 0, exp_len = 0, i;
	mustache_options opts = { spec_loader, NULL, 0, 0, 0 };
	mustache_template *tpl = NULL;
	diag_list diags = DIAG_LIST_INIT;
	buf out = BUF_INIT;
	int ok = 0, compiled;

	name = spec_string(test, "name", &name_len);
	tmpl = spec_string(test, "template", &tmpl_len);
	expected = spec_string(test, "expected", &exp_len);
	if (!name || !tmpl || !expected) {
		printf("FAIL %s: a test lacks name, template or expected\n", module);
		return 0;
	}
	opts.loader_ctx = value_map_get(test, "partials");
	compiled = mustache_compile(&tpl, &diags, "template", tmpl, tmpl_len, &opts) == 0;
	if (compiled && mustache_render(&out, &diags, tpl, value_map_get(test, "data")) == 0)
		ok = out.size == exp_len && memcmp(out.ptr, expected, exp_len) == 0;
	if (!ok) {
		printf("FAIL %s: %s\n", module, name);
		spec_show("template:", tmpl, tmpl_len);
		spec_show("expected:", expected, exp_len);
		spec_show("actual:", out.ptr, out.size);
		for (i = 0; i < diags.len; i++) {
			char *d = diag_format(&diags.items[i]);
			printf("    %s\n", d);
			free(d);
		}
	}
	mustache_free(tpl);
	diag_list_free(&diags);
	buf_free(&out);
	return ok;
}

static int spec_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t nnames = 0, cap = 0, i, j;
	int passed = 0, failed = 0, bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SPEC_DIR\n", argv[0]);
		return 2;
	}
	diag_set_language(DIAG_LANG_EN);
	if (!(dir = opendir(argv[1]))) {
		perror(argv[1]);
		return 1;
	}
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".yml") != 0 ||
		    strcmp(e->d_name, "~lambdas.yml") == 0)
			continue;
		names = mem_grow_array(names, &cap, nnames + 1, sizeof(*names));
		names[nnames++] = mem_strdup(e->d_name);
	}
	closedir(dir);
	if (nnames == 0) {
		fprintf(stderr, "%s: no spec files (*.yml)\n", argv[1]);
		return 1;
	}
	qsort(names, nnames, sizeof(*names), spec_name_cmp);

	for (i = 0; i < nnames; i++) {
		buf path = BUF_INIT, src = BUF_INIT;
		diag_list diags = DIAG_LIST_INIT;
		value *doc = NULL;
		const value *tests;
		char *module = mem_strndup(names[i], strlen(names[i]) - 4);
		int mp = 0, mf = 0;

		buf_printf(&path, "%s/%s", argv[1], names[i]);
		if (spec_read_file(&src, path.ptr) < 0 ||
		    frontmatter_parse_yaml_data(&doc, &diags, path.ptr, src.ptr, src.size) < 0) {
			diag_print(&diags, stderr);
			bad = 1;
		} else if (!(tests = value_map_get(doc, "tests")) || tests->type != VALUE_LIST) {
			fprintf(stderr, "%s: no \"tests\" list\n", path.ptr);
			bad = 1;
		} else {
			for (j = 0; j < tests->u.list.len; j++) {
				if (spec_run_test(module, tests->u.list.items[j]))
					mp++;
				else
					mf++;
			}
			printf("%s: %d passed, %d failed\n", module, mp, mf);
		}
		passed += mp;
		failed += mf;
		value_free(doc);
		diag_list_free(&diags);
		buf_free(&path);
		buf_free(&src);
		free(module);
		free(names[i]);
	}
	free(names);
	printf("%d passed, %d failed\n", passed, failed);
	return failed || bad ? 1 : 0;
}

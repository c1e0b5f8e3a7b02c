/* libFuzzer target: the input is a template, compiled and rendered against
 * a fixed data tree, with partials that include each other, themselves,
 * fail to compile, and the input itself ("me"). Renders with small budgets
 * so runaway recursion ends quickly, and once more with missing partials
 * as errors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_ctx {
	const char *input;
	size_t size;
} fuzz_ctx;

static const char *const fuzz_partials[][2] = {
	{ "p1", "P1 {{name}} {{>p2}}\n" },
	{ "p2", "{{#list}}<{{.}}>{{/list}}{{^list}}none{{/list}}" },
	{ "self", "x{{>self}}{{>self}}" },
	{ "rec", "{{#list}}\n  {{>rec}}\n{{/list}}" },
	{ "layout", "<h>{{$title}}T{{/title}}</h>\n  {{$body}}\n  default\n  {{/body}}\n"
		    "{{>p1}}" },
	{ "loop", "{{<loop}}{{$a}}{{$a}}.{{/a}}{{/a}}{{/loop}}{{$a}}A{{/a}}" },
	{ "bad", "{{#open}} never closed" },
	{ "delims", "{{=<% %>=}}<%name%> <%>p2%>" },
};

static int fuzz_loader(buf *source, buf *display_path, diag_list *diags, void *ctx,
		       const char *name)
{
	const fuzz_ctx *f = ctx;
	size_t i;

	if (strcmp(name, "me") == 0) {
		buf_put(source, f->input, f->size);
		return 0;
	}
	if (strcmp(name, "error") == 0) {
		DIAG_ERROR(diags, "loader", 0, 0, "fel", "error");
		return -1;
	}
	for (i = 0; i < sizeof(fuzz_partials) / sizeof(fuzz_partials[0]); i++) {
		if (strcmp(name, fuzz_partials[i][0]) == 0) {
			buf_puts(source, fuzz_partials[i][1]);
			buf_printf(display_path, "partials/%s.mustache", name);
			return 0;
		}
	}
	return 1;
}

static value *fuzz_data(void)
{
	value *root = value_new_map(), *list = value_new_list(), *item = value_new_map();
	value *a = value_new_map(), *b = value_new_map();

	value_map_set_string(root, "name", "<b>\"Åsa\" & 'Olle'</b>");
	value_list_push(list, value_new_number(1));
	value_list_push(list, value_new_cstring("two"));
	value_map_set_bool(item, "x", 1);
	value_map_set_string(item, "dyn", "p2");
	value_list_push(list, item);
	value_map_set(root, "list", list);
	value_map_set_string(b, "c", "deep");
	value_map_set(a, "b", b);
	value_map_set(root, "a", a);
	value_map_set(root, "empty", value_new_list());
	value_map_set_bool(root, "t", 1);
	value_map_set_bool(root, "f", 0);
	value_map_set(root, "n", value_new_null());
	value_map_set_number(root, "num", 3.5);
	value_map_set_string(root, "dyn", "p1");
	value_map_set_string(root, "me", "me");
	value_map_set_string(root, "self", "self");
	value_map_set_string(root, "nul", "");
	value_map_set(root, "odd", value_new_string("a\0b", 3));
	return root;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ctx f = { (const char *)data, size };
	value *root = fuzz_data();
	int strict;

	diag_set_language(size % 2 ? DIAG_LANG_EN : DIAG_LANG_SV);
	for (strict = 0; strict <= 1; strict++) {
		mustache_options opts = { fuzz_loader, &f, strict, 1 << 20, 200000 };
		diag_list diags = DIAG_LIST_INIT;
		mustache_template *tpl = NULL;
		buf out = BUF_INIT;
		size_t i;

		if (mustache_compile(&tpl, &diags, "fuzz.mustache", (const char *)data, size, &opts) == 0) {
			size_t errors = diags.errors;
			if (mustache_render(&out, &diags, tpl, root) < 0 &&
			    (out.size != 0 || diags.errors == errors))
				abort(); /* failure leaves the buffer as it was, with a reason */
			mustache_render(&out, &diags, tpl, NULL);
		} else if (tpl || diags.errors == 0) {
			abort(); /* failure must come with a reason */
		}
		for (i = 0; i < diags.len; i++)
			free(diag_format(&diags.items[i]));
		mustache_free(tpl);
		buf_free(&out);
		diag_list_free(&diags);
	}
	value_free(root);
	return 0;
}

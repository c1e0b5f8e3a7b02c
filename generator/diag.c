#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "lang.h"
#include "mem.h"
#include "pack.h"

static diag_language diag_lang = DIAG_LANG_SV;

void diag_set_language(diag_language lang)
{
	diag_lang = lang;
}

diag_language diag_get_language(void)
{
	return diag_lang;
}

void diag_language_from_env(void)
{
	static const char *vars[] = { "TRAPPA_LANG", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		diag_lang = lang_is_english(v) ? DIAG_LANG_EN : DIAG_LANG_SV;
		return;
	}
	diag_lang = DIAG_LANG_SV;
}

void diag_phase(const char *name)
{
	static int enabled = -1;
	static struct timespec last;
	struct timespec now;

	if (enabled < 0) {
		const char *v = getenv("TRAPPA_PHASES");
		enabled = v && *v;
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "phase %s: %.1f ms\n", name,
		(double)(now.tv_sec - last.tv_sec) * 1e3 + (double)(now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

const char *diag_pick(const char *sv, const char *en)
{
	return diag_lang == DIAG_LANG_EN ? en : sv;
}

int diag_format_check(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void diag_vadd(diag_list *list, diag_severity sev, const char *path, int line, int col,
	       const char *fmt_sv, const char *fmt_en, va_list ap)
{
	buf msg = BUF_INIT;
	buf p = BUF_INIT;
	diag *d;

	/* Both formats are checked against the arguments at every call site
	 * (the DIAG_* macros); only the choice between them is made here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	buf_vprintf(&msg, diag_lang == DIAG_LANG_EN ? fmt_en : fmt_sv, ap);
#pragma GCC diagnostic pop
	if (list->prefix)
		buf_puts(&p, list->prefix);
	buf_puts(&p, path ? path : "");
	list->items = mem_grow_array(list->items, &list->cap, list->len + 1, sizeof(diag));
	d = &list->items[list->len++];
	d->severity = sev;
	d->path = buf_detach(&p);
	d->line = line;
	d->col = col;
	d->message = buf_detach(&msg);
	if (sev == DIAG_SEV_ERROR)
		list->errors++;
	else
		list->warnings++;
}

void diag_add(diag_list *list, diag_severity sev, const char *path, int line, int col,
	      const char *fmt_sv, const char *fmt_en, ...)
{
	va_list ap;

	va_start(ap, fmt_en);
	diag_vadd(list, sev, path, line, col, fmt_sv, fmt_en, ap);
	va_end(ap);
}

void diag_set_prefix(diag_list *list, const char *prefix)
{
	free(list->prefix);
	list->prefix = prefix ? mem_strdup(prefix) : NULL;
}

static int diag_compare(const diag *a, const diag *b)
{
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/* Merges the sorted runs a[lo..mid) and a[mid..hi) through tmp; on ties
 * the left run first, so the sort is stable. */
static void merge_runs(diag *a, diag *tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		tmp[k++] = diag_compare(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < hi)
		tmp[k++] = a[j++];
	memcpy(a + lo, tmp + lo, (hi - lo) * sizeof(*a));
}

void diag_sort(diag_list *list)
{
	size_t width, lo, n = list->len;
	diag *tmp;

	/* Stable (messages of one place keep their order) and O(n log n):
	 * a large site can have tens of thousands of warnings. */
	if (n < 2)
		return;
	tmp = mem_calloc(n, sizeof(*tmp));
	for (width = 1; width < n; width *= 2)
		for (lo = 0; lo + width < n; lo += 2 * width)
			merge_runs(list->items, tmp, lo, lo + width,
				   lo + 2 * width < n ? lo + 2 * width : n);
	free(tmp);
}

char *diag_format(const diag *d)
{
	buf b = BUF_INIT;
	const char *sev = d->severity == DIAG_SEV_ERROR ? "error" : "warning";

	if (d->line > 0)
		buf_printf(&b, "%s:%d:%d: %s: %s", d->path, d->line, d->col > 0 ? d->col : 1, sev,
			   d->message);
	else
		buf_printf(&b, "%s: %s: %s", d->path, sev, d->message);
	return buf_detach(&b);
}

void diag_print(const diag_list *list, FILE *out)
{
	size_t i;

	for (i = 0; i < list->len; i++) {
		char *s = diag_format(&list->items[i]);
		fprintf(out, "%s\n", s);
		free(s);
	}
}

void diag_list_free(diag_list *list)
{
	size_t i;

	for (i = 0; i < list->len; i++) {
		free(list->items[i].path);
		free(list->items[i].message);
	}
	free(list->items);
	free(list->prefix);
	memset(list, 0, sizeof(*list));
}

void diag_list_move(diag_list *dst, diag_list *src)
{
	size_t i;

	for (i = 0; i < src->len; i++) {
		dst->items = mem_grow_array(dst->items, &dst->cap, dst->len + 1, sizeof(diag));
		dst->items[dst->len++] = src->items[i];
		if (src->items[i].severity == DIAG_SEV_ERROR)
			dst->errors++;
		else
			dst->warnings++;
	}
	free(src->items);
	src->items = NULL;
	src->len = src->cap = src->errors = src->warnings = 0;
}

void diag_list_pack(buf *out, const diag_list *list, size_t from)
{
	size_t i, skip = list->prefix ? strlen(list->prefix) : 0;

	pack_u32(out, (uint32_t)(list->len - from));
	for (i = from; i < list->len; i++) {
		const diag *d = &list->items[i];
		const char *path = d->path;
		if (skip && !strncmp(path, list->prefix, skip))
			path += skip;
		pack_u8(out, d->severity == DIAG_SEV_ERROR ? 0 : 1);
		pack_str(out, path);
		pack_i32(out, d->line);
		pack_i32(out, d->col);
		pack_str(out, d->message);
	}
}

int diag_list_unpack(diag_list *list, pack_reader *r)
{
	diag_list read = DIAG_LIST_INIT;
	uint32_t i, n = pack_get_u32(r);

	diag_set_prefix(&read, list->prefix);
	if (n > (size_t)(r->end - r->p))
		r->error = 1;
	for (i = 0; i < n && !r->error; i++) {
		unsigned sev = pack_get_u8(r);
		char *path = NULL, *message = NULL;
		int line, col;
		if (pack_get_str(r, &path) == 0) {
			line = pack_get_i32(r);
			col = pack_get_i32(r);
			if (pack_get_str(r, &message) == 0 && path && message && sev <= 1)
				diag_add(&read, sev ? DIAG_SEV_WARNING : DIAG_SEV_ERROR, path, line, col,
					 "%s", "%s", message);
			else
				r->error = 1;
		}
		free(path);
		free(message);
	}
	if (r->error) {
		diag_list_free(&read);
		return -1;
	}
	diag_list_move(list, &read);
	diag_list_free(&read);
	return 0;
}

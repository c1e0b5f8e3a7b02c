#define _GNU_SOURCE /* nftw */
#include "theme.h"

#include <ctype.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "frontmatter.h"
#include "mem.h"


struct theme {
	source *src;
	char *site_dir;
	char *base_dir;
	diag_list *diags;
};

static int dir_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *builtin_dir(void)
{
	static const char *const rel[] = { "/../themes/default", "/../share/trappa/themes/default" };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	size_t i;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		buf p = BUF_INIT;
		char real[PATH_MAX];
		buf_printf(&p, "%s%s", exe, rel[i]);
		if (dir_exists(p.ptr) && realpath(p.ptr, real)) {
			buf_free(&p);
			return mem_strdup(real);
		}
		buf_free(&p);
	}
	return NULL;
}

int theme_open(theme **out, diag_list *diags, source *src, const char *site_dir,
	       const char *base_dir)
{
	theme *t = mem_calloc(1, sizeof(*t));

	*out = NULL;
	t->src = src;
	t->diags = diags;
	t->site_dir = site_dir ? mem_strdup(site_dir) : NULL;
	if (base_dir) {
		/* Without trailing slashes: theme_fingerprint cuts names after it. */
		size_t n = strlen(base_dir);
		while (n > 1 && base_dir[n - 1] == '/')
			n--;
		t->base_dir = mem_strndup(base_dir, n);
	} else {
		t->base_dir = builtin_dir();
	}
	if (!t->base_dir || !dir_exists(t->base_dir)) {
		DIAG_ERROR(diags, base_dir ? base_dir : "trappa", 0, 0,
			   "hittar inte temat; ange katalogen med --theme KATALOG",
			   "cannot find the theme; name its folder with --theme DIR");
		theme_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int theme_open_for_site(theme **out, diag_list *diags, source *src, const char *content_dir,
			const char *name, const char *base_dir)
{
	const char *slash = strrchr(content_dir, '/');
	buf dir = BUF_INIT;
	int rc;

	if (slash)
		buf_put(&dir, content_dir, (size_t)(slash - content_dir + 1));
	buf_printf(&dir, "themes/%s", name);
	rc = theme_open(out, diags, src, dir.ptr, base_dir);
	buf_free(&dir);
	return rc;
}

const char *theme_base_dir(const theme *t)
{
	return t->base_dir;
}

/* Files of the base theme on disk, relative to its folder (nftw has no
 * context argument). Only used on the building thread. */
static char **walk_files;
static size_t walk_n, walk_cap, walk_root_len;

static int walk_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F && strlen(path) > walk_root_len) {
		walk_files = mem_grow_array(walk_files, &walk_cap, walk_n + 1, sizeof(char *));
		walk_files[walk_n++] = mem_strdup(path + walk_root_len + 1);
	}
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void hash_file(XXH3_state_t *st, const char *name, const char *id, const buf *data)
{
	XXH3_128bits_update(st, name, strlen(name) + 1);
	if (id && *id)
		XXH3_128bits_update(st, id, strlen(id) + 1);
	else
		XXH3_128bits_update(st, data->ptr, data->size + 1);
}

int theme_fingerprint(unsigned char out[16], theme *t)
{
	XXH3_state_t *st = XXH3_createState();
	source_list l = { NULL, 0, 0 };
	buf data = BUF_INIT;
	XXH128_canonical_t c;
	size_t i;
	int error = -1;

	if (!st)
		return -1;
	walk_files = NULL;
	walk_n = walk_cap = 0;
	XXH3_128bits_reset(st);
	/* The site's theme: blob ids from a commit, contents from a work tree.
	 * A folder that cannot be listed could hide a changed template. */
	if (t->site_dir && source_list_dir(&l, t->src, t->site_dir) != 0)
		goto out;
	if (t->site_dir) {
		for (i = 0; i < l.len; i++) {
			if (l.items[i].kind != SOURCE_FILE)
				continue;
			buf_clear(&data);
			if (!l.items[i].id[0] && source_read(&data, t->src, l.items[i].path) != 0)
				goto out;
			hash_file(st, l.items[i].path, l.items[i].id, &data);
		}
	}
	XXH3_128bits_update(st, "", 1); /* between the layers */
	walk_root_len = strlen(t->base_dir);
	if (nftw(t->base_dir, walk_cb, 16, FTW_PHYS) != 0)
		goto out;
	qsort(walk_files, walk_n, sizeof(char *), str_cmp);
	for (i = 0; i < walk_n; i++) {
		buf_clear(&data);
		if (source_read_beneath(&data, t->base_dir, walk_files[i]) != 0)
			goto out;
		hash_file(st, walk_files[i], NULL, &data);
	}
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	memcpy(out, c.digest, 16);
	error = 0;
out:
	for (i = 0; i < walk_n; i++)
		free(walk_files[i]);
	free(walk_files);
	walk_files = NULL;
	walk_n = walk_cap = 0;
	source_list_free(&l);
	buf_free(&data);
	XXH3_freeState(st);
	return error;
}

/* Theme file names: segments of [a-z0-9._-], none starting with '.'. */
static int theme_name_is_safe(const char *p)
{
	int seg_start = 1;

	if (!*p || strlen(p) > 200)
		return 0;
	for (; *p; p++) {
		if (*p == '/') {
			if (seg_start)
				return 0;
			seg_start = 1;
			continue;
		}
		if (seg_start && *p == '.')
			return 0;
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.' &&
		    *p != '-' && *p != '_')
			return 0;
		seg_start = 0;
	}
	return !seg_start;
}

/* A file of the base theme on disk: 0, 1 when it does not exist, -1. */
static int read_base(buf *out, const theme *t, const char *relpath)
{
	int rc = source_read_beneath(out, t->base_dir, relpath);
	return rc == 0 ? 0 : rc == SOURCE_ENOTFOUND ? 1 : -1;
}

int theme_read(buf *out, buf *display, theme *t, const char *relpath)
{
	buf p = BUF_INIT;
	int rc;

	buf_clear(out);
	buf_clear(display);
	if (!theme_name_is_safe(relpath))
		return -1;
	if (t->site_dir) {
		buf_printf(&p, "%s/%s", t->site_dir, relpath);
		if (source_read(out, t->src, p.ptr) == 0) {
			buf_puts(display, p.ptr); /* the diagnostics add the commit's label */
			buf_free(&p);
			return 0;
		}
		buf_clear(&p);
	}
	buf_printf(&p, "%s/%s", t->base_dir, relpath);
	rc = read_base(out, t, relpath);
	if (rc == 0)
		buf_put(display, p.ptr, p.size);
	buf_free(&p);
	return rc;
}

static int theme_loader(buf *source_text, buf *display, diag_list *diags, void *ctx,
			const char *name)
{
	theme *t = ctx;
	buf rel = BUF_INIT;
	int rc;

	(void)diags;

	buf_printf(&rel, "templates/%s.mustache", name);
	rc = theme_read(source_text, display, t, rel.ptr);
	buf_free(&rel);
	return rc < 0 ? 1 : rc; /* an unsafe name simply does not exist */
}

int theme_template(mustache_template **out, diag_list *diags, theme *t, const char *name)
{
	buf text = BUF_INIT, display = BUF_INIT;
	mustache_options opts;
	int rc;

	*out = NULL;
	memset(&opts, 0, sizeof(opts));
	opts.loader = theme_loader;
	opts.loader_ctx = t;
	opts.missing_partial_is_error = 1;
	rc = theme_loader(&text, &display, diags, t, name);
	if (rc != 0) {
		DIAG_ERROR(diags, name, 0, 0, "mallen templates/%s.mustache saknas i temat",
			   "the template templates/%s.mustache is missing from the theme", name);
		rc = -1;
		goto out;
	}
	rc = mustache_compile(out, diags, display.ptr, text.ptr, text.size, &opts);
out:
	buf_free(&text);
	buf_free(&display);
	return rc;
}

int theme_strings(value **out, diag_list *diags, theme *t, const char *lang)
{
	buf rel = BUF_INIT, text = BUF_INIT, p = BUF_INIT;
	value *base = NULL, *over = NULL;
	int error = -1;
	size_t i;

	*out = NULL;
	buf_printf(&rel, "strings/%s.yaml", lang);
	buf_printf(&p, "%s/%s", t->base_dir, rel.ptr);
	if (read_base(&text, t, rel.ptr) != 0) {
		DIAG_ERROR(diags, p.ptr, 0, 0, "temats texter saknas", "the theme's strings are missing");
		goto out;
	}
	if (frontmatter_parse_yaml(&base, diags, p.ptr, text.ptr, text.size, 1) != 0)
		goto out;
	if (base->type != VALUE_MAP) {
		DIAG_ERROR(diags, p.ptr, 1, 1, "texterna ska vara en tabell (nyckel: text)",
			   "the strings must be a mapping (key: text)");
		goto out;
	}
	if (t->site_dir) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s", t->site_dir, rel.ptr);
		if (source_read(&text, t->src, p.ptr) == 0) {
			if (frontmatter_parse_yaml(&over, diags, p.ptr, text.ptr, text.size, 1) != 0)
				goto out;
			if (over->type != VALUE_MAP) {
				DIAG_ERROR(diags, p.ptr, 1, 1, "texterna ska vara en tabell (nyckel: text)",
					   "the strings must be a mapping (key: text)");
				goto out;
			}
			for (i = 0; i < over->u.map.len; i++) {
				value_map_set(base, over->u.map.pairs[i].key, over->u.map.pairs[i].val);
				over->u.map.pairs[i].val = NULL;
			}
		}
	}
	*out = base;
	base = NULL;
	error = 0;
out:
	value_free(base);
	value_free(over);
	buf_free(&rel);
	buf_free(&text);
	buf_free(&p);
	return error;
}

void theme_free(theme *t)
{
	if (!t)
		return;
	free(t->site_dir);
	free(t->base_dir);
	free(t);
}

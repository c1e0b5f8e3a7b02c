/* Unit tests for modelcache (the file of loaded dialogues beside the
 * output) and for model_load through it: a file restored from the cache
 * gives the model and the reports a load from scratch gives, and every
 * change that matters to a file's load makes it load again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "modelcache.h"
#include "pack.h"
#include "source.h"
#include "value.h"

#include "fixture.h"

static char tmp[256];
static char repo[300], cache[300];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	buf cmd = BUF_INIT;
	va_list ap;
	int rc;

	buf_printf(&cmd, "cd '%s' && (", repo);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	buf_puts(&cmd, ") >/dev/null 2>&1");
	rc = system(cmd.ptr);
	buf_free(&cmd);
	return rc;
}

static void commit(const char *msg)
{
	assert_int_equal(sh("git add -A && git -c commit.gpgsign=false commit -q --allow-empty -m '%s'", msg), 0);
}

static const char site_yaml[] = "title: Test\nbase_url: https://example.org/\ncommittees:\n  SBN: Samhällsbyggnadsnämnden\n";

static const char with_warning[] =
	"---\ntitle: Parken\nsummary: Om parken.\nlevel: dialog\nresponsible: SBN\n"
	"contact: { name: Eva, email: eva@example.org }\nstart: 2026-10-01\nend: 2026-12-20\n---\n"
	"Inledning om parken.\n\n## Resultat\n\nMånga ville ha fler bänkar. Se [kartan](/dialoger/skolan/).\n";
static const char translation[] =
	"---\ntitle: The park\nsummary: About the park.\n---\nAbout the park in English.\n";
static const char bundled[] =
	"---\ntitle: Skolan\nsummary: Om skolgården.\nlevel: konsultation\nresponsible: SBN\n"
	"contact: { name: Eva, email: eva@example.org }\nstart: 2026-09-01\nend: 2026-11-01\ndocuments:\n  - title: Underlag\n    file: underlag.pdf\n---\n"
	"Skolgården ska byggas om.\n";
static const char broken[] =
	"---\ntitle: Trasig\nsummary: Fel nivå.\nlevel: toppstyrning\nresponsible: SBN\n---\nText.\n";

static int setup(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_EN);
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	if (fixture_mkdtemp(tmp, sizeof(tmp), "modelcache") != 0)
		return -1;
	setenv("HOME", tmp, 1);
	snprintf(repo, sizeof(repo), "%s/repo", tmp);
	snprintf(cache, sizeof(cache), "%s/out.cache", tmp);
	fixture_write_file(repo, "content/site.yaml", site_yaml);
	fixture_write_file(repo, "content/dialoger/parken.md", with_warning);
	fixture_write_file(repo, "content/dialoger/parken.en.md", translation);
	fixture_write_file(repo, "content/dialoger/skolan/index.md", bundled);
	fixture_write_file(repo, "content/dialoger/skolan/underlag.pdf", "%PDF-1.4\n");
	fixture_write_file(repo, "content/dialoger/trasig.md", broken);
	fixture_write_file(tmp, "out.cache/.keep", "");
	if (sh("git init -q -b main . && git add -A && git -c commit.gpgsign=false commit -q -m first") != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_remove_tree(tmp);
	fixture_free_kept();
	return 0;
}

typedef struct loaded {
	source *src;
	model_site m;
	diag_list d;
} loaded;

static void load(loaded *x, int read)
{
	model_options opts = { "content", "2026-11-22", cache, read };

	memset(x, 0, sizeof(*x));
	assert_int_equal(source_open_git(&x->src, &x->d, repo, "main"), 0);
	assert_int_equal(model_load(&x->m, &x->d, x->src, &opts), 0);
	diag_sort(&x->d);
}

static void unload(loaded *x)
{
	model_free(&x->m);
	diag_list_free(&x->d);
	source_free(x->src);
}

/* Every report the same, in the same order. */
static void assert_same_reports(const diag_list *a, const diag_list *b)
{
	size_t i;

	assert_int_equal(a->len, b->len);
	assert_int_equal(a->errors, b->errors);
	for (i = 0; i < a->len; i++) {
		char *x = diag_format(&a->items[i]), *y = diag_format(&b->items[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
}

static void assert_same_str(const char *a, const char *b)
{
	assert_true((a == NULL) == (b == NULL));
	if (a)
		assert_string_equal(a, b);
}

/* The whole dialogue, positions of its front matter included (packed
 * trees are equal byte for byte when their positions are). */
static void assert_same_dialogue(const model_dialogue *a, const model_dialogue *b)
{
	buf x = BUF_INIT, y = BUF_INIT;
	size_t k;

	assert_string_equal(a->slug, b->slug);
	assert_string_equal(a->path, b->path);
	assert_string_equal(a->lang, b->lang);
	assert_same_str(a->bundle, b->bundle);
	value_pack(&x, a->fm);
	value_pack(&x, a->internal);
	value_pack(&y, b->fm);
	value_pack(&y, b->internal);
	assert_int_equal(x.size, y.size);
	assert_memory_equal(x.ptr, y.ptr, x.size);
	assert_int_equal(a->level, b->level);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->status_explicit, b->status_explicit);
	assert_int_equal(a->feedback_due, b->feedback_due);
	assert_int_equal(a->feedback_date, b->feedback_date);
	assert_int_equal(a->has_easy_read, b->has_easy_read);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_int_equal(a->feedback_deadline, b->feedback_deadline);
	assert_int_equal(a->feedback_overdue, b->feedback_overdue);
	assert_int_equal(a->draft, b->draft);
	assert_int_equal(a->is_translation, b->is_translation);
	assert_int_equal(a->text_size, b->text_size);
	assert_true(a->text_hash == b->text_hash);
	for (k = 0; k < MARKDOWN_SECTION_COUNT; k++) {
		assert_int_equal(a->section_line[k], b->section_line[k]);
		assert_same_str(a->section_text[k], b->section_text[k]);
	}
	assert_string_equal(a->lead_text, b->lead_text);
	assert_int_equal(a->n_links, b->n_links);
	for (k = 0; k < a->n_links; k++) {
		assert_string_equal(a->links[k].url, b->links[k].url);
		assert_int_equal(a->links[k].line, b->links[k].line);
		assert_int_equal(a->links[k].col, b->links[k].col);
		assert_int_equal(a->links[k].image, b->links[k].image);
	}
	buf_free(&x);
	buf_free(&y);
}

static void remove_cache_file(void)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", cache, MODELCACHE_FILE);
	unlink(p.ptr);
	buf_free(&p);
}

/* ---- the file ------------------------------------------------------------------ */

static void key_of(modelcache_key *k, const char *s)
{
	modelcache_key_of(k, s, strlen(s));
}

static void write_three(const modelcache_key *site)
{
	modelcache *c = modelcache_open(cache, MODELCACHE_FILE, site, 0);
	modelcache_key k;

	key_of(&k, "a");
	modelcache_add(c, &k, "ett", 3);
	key_of(&k, "b");
	modelcache_add(c, &k, "", 0);
	key_of(&k, "c");
	modelcache_add(c, &k, "tre", 3);
	modelcache_close(c, NULL);
}

static int lookup(const modelcache *c, const char *key, modelcache_key *k, const void **data,
		  size_t *len)
{
	key_of(k, key);
	return modelcache_find(c, k, data, len) == 0;
}

static int found(const modelcache *c, const char *key, const char *want)
{
	modelcache_key k;
	const void *data;
	size_t len;

	if (!lookup(c, key, &k, &data, &len))
		return 0;
	assert_int_equal(len, strlen(want));
	assert_memory_equal(data, want, len);
	return 1;
}

static void test_file_round_trip(void **state)
{
	modelcache_key site, other;
	modelcache *c;

	(void)state;
	key_of(&site, "site");
	key_of(&other, "another site");
	write_three(&site);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_true(found(c, "a", "ett"));
	assert_true(found(c, "b", ""));
	assert_true(found(c, "c", "tre"));
	assert_false(found(c, "d", ""));
	modelcache_close(c, NULL);
	/* Another header key: nothing is found. */
	c = modelcache_open(cache, MODELCACHE_FILE, &other, 1);
	assert_false(found(c, "a", "ett"));
	modelcache_close(c, NULL);
	/* Not read unless asked (--full), and opening for another key
	 * replaced the file with an empty one. */
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 0);
	assert_false(found(c, "a", "ett"));
	modelcache_close(c, NULL);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_false(found(c, "a", "ett"));
	modelcache_close(c, NULL);
	/* No folder: an empty cache, never a crash. */
	c = modelcache_open(NULL, MODELCACHE_FILE, &site, 1);
	assert_false(found(c, "a", "ett"));
	modelcache_add(c, &site, "x", 1);
	modelcache_close(c, NULL);
	assert_int_equal(modelcache_find(NULL, &site, (const void **)&c, (size_t *)&c), -1);
	remove_cache_file();
}

static int keep(modelcache *c, const char *key);
static size_t cache_size(void);

static int found_file_is_regular(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static void test_damage_is_a_miss(void **state)
{
	modelcache_key site;
	modelcache *c;
	buf path = BUF_INIT;
	char *data;
	size_t len;
	FILE *f;

	(void)state;
	key_of(&site, "site");
	write_three(&site);
	buf_printf(&path, "%s/%s", cache, MODELCACHE_FILE);
	data = fixture_read_file(cache, MODELCACHE_FILE, &len);
	assert_non_null(data);
	assert_int_equal(len, 8 + 4 + 16 + 3 * (16 + 4 + 8) + 6);
	/* The payload of "c" ("tre") is damaged: its checksum fails, and the
	 * entries before it remain. */
	data[28 + 31 + 28 + 16 + 4] ^= 1;
	f = fopen(path.ptr, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_true(found(c, "a", "ett"));
	assert_false(found(c, "c", "tre"));
	modelcache_close(c, NULL);
	/* The key of "b" is damaged (the checksum covers keys too): b is
	 * missing, the entries on either side remain, and the file is written
	 * afresh, with what was used. */
	data[28 + 31 + 28 + 16 + 4] ^= 1; /* c whole again */
	data[28 + 31] ^= 1;
	f = fopen(path.ptr, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	data[28 + 31] ^= 1;
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_false(found(c, "b", ""));
	assert_true(keep(c, "a"));
	assert_true(keep(c, "c"));
	modelcache_close(c, NULL);
	assert_int_equal(cache_size(), 28 + 31 + 31);
	/* Cut in the last entry (a power cut): the entries before it remain. */
	f = fopen(path.ptr, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len - 5, f), len - 5);
	assert_int_equal(fclose(f), 0);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_true(found(c, "a", "ett"));
	assert_true(found(c, "b", ""));
	assert_false(found(c, "c", "tre"));
	modelcache_close(c, NULL);
	/* A symbolic link in its place is not read. */
	write_three(&site);
	{
		buf real = BUF_INIT;
		buf_printf(&real, "%s/real", cache);
		assert_int_equal(rename(path.ptr, real.ptr), 0);
		assert_int_equal(symlink(real.ptr, path.ptr), 0);
		c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
		assert_false(found(c, "a", "ett"));
		modelcache_close(c, NULL);
		/* ... and replaced by a file, not written through. */
		assert_true(found_file_is_regular(path.ptr));
		unlink(real.ptr);
		buf_free(&real);
	}
	buf_free(&path);
	remove_cache_file();
}

/* Reads the entry under key into the new file too, as model.c does. */
static int keep(modelcache *c, const char *key)
{
	modelcache_key k;
	const void *data;
	size_t len;

	if (!lookup(c, key, &k, &data, &len))
		return 0;
	modelcache_add(c, &k, data, len);
	return 1;
}

/* Adds (new) or keeps (found) the entries "k0".."k<n-1>", each holding its
 * own name; returns how many were found. */
static int numbered(modelcache *c, int n, int found_ones)
{
	modelcache_key k;
	char name[16];
	int i, kept = 0;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		if (found_ones) {
			kept += keep(c, name);
			continue;
		}
		key_of(&k, name);
		modelcache_add(c, &k, name, strlen(name));
	}
	return kept;
}

static size_t cache_size(void)
{
	size_t len = 0;
	return fixture_read_file(cache, MODELCACHE_FILE, &len) ? len : 0;
}

/* An update appends its few new entries; when over a fifth of the entries
 * went unused, the file is written afresh with the used ones only; a
 * damaged tail (an append cut short) is replaced at the next close. */
static void test_append_and_rewrite(void **state)
{
	modelcache_key site, k;
	modelcache *c;
	size_t before;

	(void)state;
	remove_cache_file();
	key_of(&site, "site");
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	numbered(c, 10, 0);
	modelcache_close(c, NULL);
	before = cache_size();
	assert_int_equal(before, 28 + 10 * (28 + 2));
	/* Nine kept, one new ("k9" changed into "n9"): appended. */
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_int_equal(numbered(c, 9, 1), 9);
	key_of(&k, "n9");
	modelcache_add(c, &k, "n9", 2);
	modelcache_close(c, NULL);
	assert_int_equal(cache_size(), before + 28 + 2);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_true(found(c, "n9", "n9"));
	assert_true(found(c, "k9", "k9")); /* unused, still there */
	modelcache_close(c, NULL); /* nothing used: written afresh, empty */
	assert_int_equal(cache_size(), 28);
	/* Now half unused: written afresh with the used half. */
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	numbered(c, 10, 0);
	modelcache_close(c, NULL);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_int_equal(numbered(c, 5, 1), 5);
	modelcache_close(c, NULL);
	assert_int_equal(cache_size(), 28 + 5 * (28 + 2));
	/* A damaged tail: the next close writes the file afresh, whole. */
	{
		FILE *f;
		buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", cache, MODELCACHE_FILE);
		f = fopen(path.ptr, "ab");
		assert_non_null(f);
		fputs("\x01\x02\x03 half an entry", f);
		assert_int_equal(fclose(f), 0);
		buf_free(&path);
	}
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 1);
	assert_int_equal(numbered(c, 5, 1), 5);
	modelcache_close(c, NULL);
	assert_int_equal(cache_size(), 28 + 5 * (28 + 2));
	remove_cache_file();
}

/* ---- model_load through the cache ---------------------------------------------- */

static const model_dialogue *dialogue_at(const model_site *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->n_dialogues; i++)
		if (!strcmp(m->dialogues[i].path, path))
			return &m->dialogues[i];
	fail_msg("no dialogue %s", path);
	return NULL;
}

static int has_report(const diag_list *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->len; i++)
		if (strstr(d->items[i].message, needle))
			return 1;
	return 0;
}

static int has_report_in(const diag_list *d, const char *path, const char *needle)
{
	size_t i;

	for (i = 0; i < d->len; i++)
		if (strstr(d->items[i].path, path) && strstr(d->items[i].message, needle))
			return 1;
	return 0;
}

/* The second load restores every file without an error, and gives the
 * same model and the same reports as the first. */
static void test_load_from_cache_is_the_same(void **state)
{
	loaded a, b;
	size_t i;

	(void)state;
	remove_cache_file();
	load(&a, 1);
	assert_int_equal(a.m.n_from_cache, 0);
	assert_int_equal(a.m.n_dialogues, 4);
	assert_true(a.d.warnings > 0); /* "level_reason" is missing */
	assert_true(has_report(&a.d, "toppstyrning"));
	load(&b, 1);
	/* The broken one reported an error: never kept, loaded again. */
	assert_int_equal(b.m.n_from_cache, 3);
	assert_same_reports(&a.d, &b.d);
	assert_int_equal(a.m.n_dialogues, b.m.n_dialogues);
	assert_int_equal(a.m.n_originals, b.m.n_originals);
	for (i = 0; i < a.m.n_dialogues; i++)
		assert_same_dialogue(&a.m.dialogues[i], &b.m.dialogues[i]);
	unload(&a);
	unload(&b);
	/* Not read for --full, but written. */
	load(&a, 0);
	assert_int_equal(a.m.n_from_cache, 0);
	unload(&a);
	load(&a, 1);
	assert_int_equal(a.m.n_from_cache, 3);
	unload(&a);
}

/* A changed original loads again, and so does its translation, which
 * inherits its facts; the rest comes from the cache. */
static void test_changed_file_loads_again(void **state)
{
	loaded a, b;

	(void)state;
	load(&a, 1);
	unload(&a);
	fixture_write_file(repo, "content/dialoger/parken.md",
			   "---\ntitle: Parken\nsummary: Om parken.\nlevel: inflytande\nresponsible: SBN\n"
			   "contact: { name: Eva, email: eva@example.org }\nstart: 2026-10-01\n"
			   "end: 2026-12-20\nlevel_reason: Nämnden beslutar enligt förslaget.\n---\nInledning.\n");
	commit("parken: inflytande");
	load(&b, 1);
	assert_int_equal(b.m.n_from_cache, 1); /* skolan */
	assert_int_equal(dialogue_at(&b.m, "content/dialoger/parken.en.md")->level, MODEL_INFLUENCE);
	/* parken's warning went with its old text; skolan's came from the cache */
	assert_false(has_report_in(&b.d, "parken.md", "\"level_reason\" is missing"));
	assert_true(has_report_in(&b.d, "skolan/index.md", "\"level_reason\" is missing"));
	unload(&b);
	remove_cache_file();
	load(&a, 1);
	load(&b, 1);
	assert_int_equal(b.m.n_from_cache, 3);
	assert_same_reports(&a.d, &b.d);
	unload(&a);
	unload(&b);
}

/* A bundle's document removed: the unchanged index.md loads again and
 * reports it, rather than a cached "all is well". */
static void test_bundle_change_loads_again(void **state)
{
	loaded a, b;

	(void)state;
	load(&a, 1);
	assert_false(has_report(&a.d, "underlag.pdf"));
	unload(&a);
	assert_int_equal(sh("git rm -q content/dialoger/skolan/underlag.pdf"), 0);
	commit("underlaget bort");
	load(&b, 1);
	assert_true(has_report(&b.d, "underlag.pdf"));
	assert_true(b.d.errors >= 2);
	unload(&b);
}

/* Another day (a status may change with it) or another language of the
 * reports is another header key: nothing comes from the cache. */
static void test_today_and_language_count(void **state)
{
	model_options opts = { "content", "2026-11-23", cache, 1 };
	loaded a, b;

	(void)state;
	load(&a, 1);
	unload(&a);
	memset(&b, 0, sizeof(b));
	assert_int_equal(source_open_git(&b.src, &b.d, repo, "main"), 0);
	assert_int_equal(model_load(&b.m, &b.d, b.src, &opts), 0);
	assert_int_equal(b.m.n_from_cache, 0);
	unload(&b);
	load(&a, 1); /* back to 2026-11-22: the file now is the 23rd's */
	assert_int_equal(a.m.n_from_cache, 0);
	unload(&a);
	diag_set_language(DIAG_LANG_SV);
	load(&b, 1);
	assert_int_equal(b.m.n_from_cache, 0);
	unload(&b);
	load(&b, 1);
	assert_true(b.m.n_from_cache > 0);
	/* The messages come back in the language they were stored in. */
	assert_true(has_report(&b.d, "saknas"));
	assert_false(has_report(&b.d, "is missing"));
	unload(&b);
	diag_set_language(DIAG_LANG_EN);
}

/* Entries whose checksums hold but which cannot be read (a bug, or a file
 * made by hand): each file loads afresh and reports once, and the cache is
 * written afresh, so the next load finds good entries. */
static void test_unreadable_entries_load_afresh(void **state)
{
	loaded a, b;
	modelcache_key site, key;
	modelcache *c;
	char *data;
	size_t len, pos;
	buf entry = BUF_INIT;

	size_t cacheable;

	(void)state;
	remove_cache_file();
	load(&a, 1);
	unload(&a);
	load(&a, 1);
	cacheable = a.m.n_from_cache;
	assert_true(cacheable > 0);
	data = fixture_read_file(cache, MODELCACHE_FILE, &len);
	assert_non_null(data);
	memcpy(site.b, data + 12, 16);
	c = modelcache_open(cache, MODELCACHE_FILE, &site, 0);
	for (pos = 28; pos + 28 <= len;) {
		uint32_t n = (uint32_t)(unsigned char)data[pos + 16] |
			     (uint32_t)(unsigned char)data[pos + 17] << 8 |
			     (uint32_t)(unsigned char)data[pos + 18] << 16 |
			     (uint32_t)(unsigned char)data[pos + 19] << 24;
		memcpy(key.b, data + pos, 16);
		buf_clear(&entry);
		buf_put(&entry, data + pos + 20, n);
		buf_putc(&entry, 0); /* one byte too many */
		modelcache_add(c, &key, entry.ptr, entry.size);
		pos += 28 + n;
	}
	modelcache_close(c, NULL);
	load(&b, 1);
	assert_int_equal(b.m.n_from_cache, 0);
	assert_same_reports(&a.d, &b.d); /* each once, not twice */
	unload(&b);
	load(&b, 1);
	assert_int_equal(b.m.n_from_cache, cacheable);
	assert_same_reports(&a.d, &b.d);
	unload(&a);
	unload(&b);
	buf_free(&entry);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_damage_is_a_miss),
		cmocka_unit_test(test_append_and_rewrite),
		cmocka_unit_test(test_load_from_cache_is_the_same),
		cmocka_unit_test(test_changed_file_loads_again),
		cmocka_unit_test(test_bundle_change_loads_again),
		cmocka_unit_test(test_today_and_language_count),
		cmocka_unit_test(test_unreadable_entries_load_afresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

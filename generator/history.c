/* history: one walk over the git history for every file of the site.
 *
 * The walk goes from the commit being built towards the past. Each commit
 * carries a map "path in this commit -> file of the built commit" (the
 * files still being followed there); the built commit starts with every
 * file below the prefix. A commit's content folder is compared with its
 * first parent's (tree_diff, and libgit2's rename detection when a commit
 * both adds and deletes: diff_trees); each delta whose new path is in the
 * map is a change of that file; the map handed to the first parent has
 * renamed paths turned back into their old names and added paths removed
 * (the file did not exist before). Further parents of a merge get the map
 * turned back through a comparison with them, which also tells whether
 * the merge only took a parent's version. Maps are handed over, not copied, along a
 * straight line of history, and joined where branches meet; a commit whose
 * map is empty has nothing to say about any file and is skipped without
 * reading it. The walk ends when no map holds anything.
 *
 * Strings (paths, notes, messages, levels) are interned in one pool per
 * history, so a message shared by a hundred changes is stored once, and
 * paths can be compared and hashed by their pool id. */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "frontmatter.h"
#include "lang.h"
#include "markdown.h"
#include "mem.h"
#include "utf8.h"

#define NONE UINT32_MAX
#define TOMB (UINT32_MAX - 1)
#define HISTORY_CACHE_KEEP 4                    /* cache files kept per content folder */
#define HISTORY_CACHE_MAX (1024L * 1024 * 1024) /* larger cache files are not read */
#define HISTORY_INCREMENTAL_TRIES 4             /* cached ancestors tried, newest first */

/* ---- hashing --------------------------------------------------------------- */

static uint64_t fnv64(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV64_INIT 0xcbf29ce484222325ULL

static uint32_t oid_hash(const git_oid *oid)
{
	uint32_t h;

	memcpy(&h, oid->id, sizeof(h)); /* object ids are uniformly random */
	return h;
}

/* ---- string pool ----------------------------------------------------------- */

typedef struct pstr {
	uint32_t id, len, hash;
	char s[];
} pstr;

typedef struct pool {
	pstr **items;
	size_t len, cap;
	uint32_t *slots; /* id + 1; 0 = empty */
	size_t nslots;
} pool;

static uint32_t pool_id(const char *s)
{
	return ((const pstr *)(const void *)(s - offsetof(pstr, s)))->id;
}

static uint32_t str_hash(const char *s, size_t len)
{
	uint64_t h = fnv64(s, len, FNV64_INIT);
	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t pool_find_hashed(const pool *p, const char *s, size_t len, uint32_t h)
{
	size_t mask = p->nslots - 1, i;

	if (!p->nslots)
		return NONE;
	for (i = h & mask; p->slots[i]; i = (i + 1) & mask) {
		const pstr *e = p->items[p->slots[i] - 1];
		if (e->hash == h && e->len == len && !memcmp(e->s, s, len))
			return e->id;
	}
	return NONE;
}

static void pool_rehash(pool *p, size_t nslots)
{
	size_t i, mask = nslots - 1;

	free(p->slots);
	p->slots = mem_calloc(nslots, sizeof(uint32_t));
	p->nslots = nslots;
	for (i = 0; i < p->len; i++) {
		size_t j = p->items[i]->hash & mask;
		while (p->slots[j])
			j = (j + 1) & mask;
		p->slots[j] = (uint32_t)i + 1;
	}
}

static const char *pool_intern(pool *p, const char *s, size_t len)
{
	uint32_t h = str_hash(s, len), id = pool_find_hashed(p, s, len, h);
	pstr *e;

	if (id != NONE)
		return p->items[id]->s;
	if (len >= UINT32_MAX || p->len >= TOMB - 1) {
		fputs("trappa: history too large\n", stderr);
		abort();
	}
	e = mem_alloc(sizeof(pstr) + len + 1);
	e->id = (uint32_t)p->len;
	e->len = (uint32_t)len;
	e->hash = h;
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	p->items = mem_grow_array(p->items, &p->cap, p->len + 1, sizeof(*p->items));
	p->items[p->len++] = e;
	if ((p->len + 1) * 2 > p->nslots)
		pool_rehash(p, p->nslots ? p->nslots * 2 : 64);
	else {
		size_t j = h & (p->nslots - 1);
		while (p->slots[j])
			j = (j + 1) & (p->nslots - 1);
		p->slots[j] = e->id + 1;
	}
	return e->s;
}

static const char *pool_cstr(pool *p, const char *s)
{
	return pool_intern(p, s, strlen(s));
}

/* Interns text from git for people to read: ill-formed UTF-8 and control
 * characters other than tab and line feed become U+FFFD, CR LF becomes LF,
 * so pages and feeds can take it as it is. */
static const char *pool_text(pool *p, const char *s, size_t len)
{
	buf b = BUF_INIT;
	const char *out;
	size_t i = 0;

	if (utf8_validate(s, len, NULL) == 0) {
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				break;
		}
		if (i == len)
			return pool_intern(p, s, len);
	}
	buf_put(&b, s, i);
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(&cp, s + i, len - i);
		if (n > 0 && cp == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (n < 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f) {
			buf_puts(&b, "\xEF\xBF\xBD");
			i += n < 0 ? 1 : (size_t)n;
			continue;
		}
		buf_put(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	out = pool_intern(p, b.ptr, b.size);
	buf_free(&b);
	return out;
}

static void pool_free(pool *p)
{
	size_t i;

	for (i = 0; i < p->len; i++)
		free(p->items[i]);
	free(p->items);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}

/* ---- maps: path id -> file index ------------------------------------------ */

typedef struct pmap {
	uint32_t *keys; /* NONE = empty, TOMB = deleted */
	uint32_t *vals;
	size_t cap, len, used; /* used counts tombstones too */
} pmap;

static size_t pmap_slot(uint32_t k, size_t cap)
{
	return (size_t)(k * 2654435761u) & (cap - 1);
}

static void pmap_resize(pmap *m, size_t cap)
{
	uint32_t *keys = m->keys, *vals = m->vals;
	size_t old = m->cap, i;

	m->keys = mem_alloc(cap * sizeof(uint32_t));
	m->vals = mem_alloc(cap * sizeof(uint32_t));
	memset(m->keys, 0xff, cap * sizeof(uint32_t));
	m->cap = cap;
	m->used = m->len;
	for (i = 0; i < old; i++) {
		if (keys[i] < TOMB) {
			size_t j = pmap_slot(keys[i], cap);
			while (m->keys[j] != NONE)
				j = (j + 1) & (cap - 1);
			m->keys[j] = keys[i];
			m->vals[j] = vals[i];
		}
	}
	free(keys);
	free(vals);
}

static uint32_t pmap_get(const pmap *m, uint32_t k)
{
	size_t i;

	if (!m || !m->cap)
		return NONE;
	for (i = pmap_slot(k, m->cap); m->keys[i] != NONE; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return m->vals[i];
	return NONE;
}

/* Sets k -> v; keeps an existing value unless overwrite. */
static void pmap_put(pmap *m, uint32_t k, uint32_t v, int overwrite)
{
	size_t i, tomb = SIZE_MAX;

	if ((m->used + 1) * 2 > m->cap)
		pmap_resize(m, m->cap ? (m->len + 1) * 4 > m->cap ? m->cap * 2 : m->cap : 16);
	for (i = pmap_slot(k, m->cap); m->keys[i] != NONE; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == k) {
			if (overwrite)
				m->vals[i] = v;
			return;
		}
		if (m->keys[i] == TOMB && tomb == SIZE_MAX)
			tomb = i;
	}
	if (tomb != SIZE_MAX)
		i = tomb;
	else
		m->used++;
	m->keys[i] = k;
	m->vals[i] = v;
	m->len++;
}

static void pmap_del(pmap *m, uint32_t k)
{
	size_t i;

	if (!m->cap)
		return;
	for (i = pmap_slot(k, m->cap); m->keys[i] != NONE; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == k) {
			m->keys[i] = TOMB;
			m->len--;
			return;
		}
	}
}

static pmap *pmap_clone(const pmap *m)
{
	pmap *c = mem_calloc(1, sizeof(*c));

	if (m->cap) {
		c->keys = mem_alloc(m->cap * sizeof(uint32_t));
		c->vals = mem_alloc(m->cap * sizeof(uint32_t));
		memcpy(c->keys, m->keys, m->cap * sizeof(uint32_t));
		memcpy(c->vals, m->vals, m->cap * sizeof(uint32_t));
	}
	c->cap = m->cap;
	c->len = m->len;
	c->used = m->used;
	return c;
}

static void pmap_free(pmap *m)
{
	if (!m)
		return;
	free(m->keys);
	free(m->vals);
	free(m);
}

/* ---- maps: object id -> index (no removal) --------------------------------- */

typedef struct omap {
	git_oid *keys;
	uint32_t *vals; /* NONE = empty */
	size_t cap, len;
} omap;

static uint32_t omap_get(const omap *m, const git_oid *k)
{
	size_t i;

	if (!m->cap)
		return NONE;
	for (i = oid_hash(k) & (m->cap - 1); m->vals[i] != NONE; i = (i + 1) & (m->cap - 1))
		if (git_oid_equal(&m->keys[i], k))
			return m->vals[i];
	return NONE;
}

static void omap_put(omap *m, const git_oid *k, uint32_t v)
{
	size_t i;

	if ((m->len + 1) * 2 > m->cap) {
		omap old = *m;
		size_t j;
		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = mem_alloc(m->cap * sizeof(git_oid));
		m->vals = mem_alloc(m->cap * sizeof(uint32_t));
		memset(m->vals, 0xff, m->cap * sizeof(uint32_t));
		m->len = 0;
		for (j = 0; j < old.cap; j++)
			if (old.vals[j] != NONE)
				omap_put(m, &old.keys[j], old.vals[j]);
		free(old.keys);
		free(old.vals);
	}
	for (i = oid_hash(k) & (m->cap - 1); m->vals[i] != NONE; i = (i + 1) & (m->cap - 1)) {
		if (git_oid_equal(&m->keys[i], k)) {
			m->vals[i] = v;
			return;
		}
	}
	git_oid_cpy(&m->keys[i], k);
	m->vals[i] = v;
	m->len++;
}

static void omap_free(omap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- the result ------------------------------------------------------------ */

typedef struct file_acc {
	history_change *changes;
	size_t changes_cap;
	history_level_change *levels;
	size_t levels_cap;
	int joined; /* the cached history was appended (incremental loads) */
} file_acc;

struct history {
	char commit[41];
	pool strings;
	history_file *files; /* sorted by path */
	size_t n_files;
	int from_cache;
};

static void history_free_files(history *h)
{
	size_t i;

	for (i = 0; i < h->n_files; i++) {
		free((void *)h->files[i].changes);
		free((void *)h->files[i].levels);
	}
	free(h->files);
	h->files = NULL;
	h->n_files = 0;
}

void history_free(history *h)
{
	if (!h)
		return;
	history_free_files(h);
	pool_free(&h->strings);
	free(h);
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const history_file *)a)->path, ((const history_file *)b)->path);
}

const history_file *history_find(const history *h, const char *path)
{
	history_file key;

	if (!h || !path || !h->n_files)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.path = path;
	return bsearch(&key, h->files, h->n_files, sizeof(history_file), file_cmp);
}

size_t history_count(const history *h)
{
	return h ? h->n_files : 0;
}

const history_file *history_at(const history *h, size_t i)
{
	return h && i < h->n_files ? &h->files[i] : NULL;
}

const char *history_commit_id(const history *h)
{
	return h->commit;
}

int history_from_cache(const history *h)
{
	return h->from_cache;
}

int history_date(long long t, const char *tz)
{
	return t ? date_from_unix(t, tz) : DATE_NONE;
}

/* ---- scanning one version of a Markdown file ------------------------------- */

/* What one blob says. The level is read once; the sections are asked of
 * markdown.c per language, when a path in that language needs them (a
 * blob is rarely both a Swedish and an English file). */
typedef struct scan {
	const char *level;    /* interned; "" when there is none */
	unsigned sections[2]; /* markdown_sections bits: [0] Swedish, [1] English */
	unsigned known;       /* bit (1u << english): sections[english] is set */
} scan;

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* The next line of s[0..len) from *pos: *line and *n, without its end. */
static int next_line(const char **line, size_t *n, const char *s, size_t len, size_t *pos)
{
	const char *nl;
	size_t start = *pos;

	if (start >= len)
		return 0;
	nl = memchr(s + start, '\n', len - start);
	*line = s + start;
	*n = nl ? (size_t)(nl - (s + start)) : len - start;
	*pos = nl ? (size_t)(nl - s) + 1 : len;
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int line_is(const char *line, size_t n, const char *what)
{
	size_t w = strlen(what);

	while (n && is_blank((unsigned char)line[n - 1]))
		n--;
	return n == w && !memcmp(line, what, w);
}

/* The value of a top-level `level:` line, quotes and comment removed. */
static void scan_level(pool *strings, scan *out, const char *v, size_t n)
{
	trim(&v, &n);
	if (n && (v[0] == '"' || v[0] == '\'')) {
		const char *end = memchr(v + 1, v[0], n - 1);
		n = end ? (size_t)(end - v - 1) : n - 1;
		v++;
	} else {
		size_t i;
		for (i = 1; i < n; i++) {
			if (v[i] == '#' && is_blank((unsigned char)v[i - 1])) {
				n = i;
				break;
			}
		}
	}
	trim(&v, &n);
	out->level = pool_text(strings, v, n);
}

/* Reads `level:` from the front matter: a line scanner over the lines
 * between the leading fences (the level is a plain top-level scalar). */
static void scan_front_matter(pool *strings, scan *out, const char *s, size_t len)
{
	const char *line;
	size_t n, pos = 0;

	out->level = pool_intern(strings, "", 0);
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		pos = 3;
	if (!next_line(&line, &n, s, len, &pos) || !line_is(line, n, "---"))
		return;
	while (next_line(&line, &n, s, len, &pos)) {
		if (line_is(line, n, "---") || line_is(line, n, "..."))
			break;
		if (n >= 6 && !memcmp(line, "level:", 6))
			scan_level(strings, out, line + 6, n - 6);
	}
}

/* The sections of the body in one language, found by the code that
 * renders the page (a heading in an HTML comment or in code is no
 * heading). The body is split off as the page's loader splits it; a front
 * matter never closed has no body (the page would not build). */
static unsigned scan_sections(const char *s, size_t len, int english)
{
	frontmatter_parts parts;
	diag_list quiet = DIAG_LIST_INIT;
	unsigned found = 0;

	if (frontmatter_split(&parts, &quiet, "", s, len) == 0)
		found = markdown_sections(parts.body, parts.body_len, english ? "en" : "sv");
	diag_list_free(&quiet);
	return found;
}

/* ---- the walk ---------------------------------------------------------------- */

/* One changed path, as a diff shows it; paths are interned full paths. */
typedef struct delta {
	git_delta_t status;              /* ADDED, DELETED, MODIFIED, RENAMED or TYPECHANGE */
	const char *old_path, *new_path; /* NULL for the side that is absent */
	git_oid old_id, new_id;
	uint16_t old_mode, new_mode;
} delta;

typedef struct deltas {
	delta *items;
	size_t len, cap;
	size_t added, deleted;
} deltas;

/* Parsed trees kept for the next commit: most of a commit's trees are its
 * parent's too. Big trees are not in libgit2's own object cache. */
#define TREE_CACHE 32

typedef struct walk {
	git_repository *repo;
	diag_list *diags;
	const char *prefix; /* normalised: no leading "./", no trailing '/'; "" = all */
	const char *where;  /* for diagnostics */
	int english_default;
	history *h;     /* the result being built; its files are sorted */
	file_acc *acc;  /* parallel to h->files */
	git_oid *order; /* commits in walk order */
	size_t n_order, order_cap;
	omap index;   /* commit id -> position in order */
	omap shallow; /* boundary commits of a shallow clone */
	int is_shallow;
	pmap **pending;       /* per position: the map handed down by children */
	size_t pending_total; /* entries in all pending maps */
	omap scan_index;      /* blob id -> position in scans */
	scan *scans;
	size_t n_scans, scans_cap;
	const git_oid *base;         /* incremental: the cached ancestor */
	pmap *base_map;              /* what reached it */
	int base_failed;             /* something reached another hidden commit */
	git_tree *trees[TREE_CACHE]; /* recently read trees, for reuse */
	size_t trees_next;
	deltas d0, dj; /* scratch: what a commit changed */
	buf path;      /* scratch */
} walk;

static const char *git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "okänt fel / unknown error";
}

static int git_failed(walk *w, const git_oid *commit)
{
	char id[8];

	git_oid_tostr(id, sizeof(id), commit);
	DIAG_ERROR(w->diags, w->where, 0, 0,
		   "kan inte läsa git-historiken vid incheckningen %s: %s",
		   "cannot read the git history at commit %s: %s", id, git_message());
	return HISTORY_EIO;
}

/* Number of parents, 0 for the boundary commits of a shallow clone. */
static unsigned parents_of(const walk *w, const git_commit *c)
{
	if (w->is_shallow && omap_get(&w->shallow, git_commit_id(c)) != NONE)
		return 0;
	return git_commit_parentcount(c);
}

/* The id of the prefix's tree in the commit's tree; 1 when there is none. */
static int sub_id(git_oid *out, walk *w, const git_commit *c)
{
	git_tree *root = NULL;
	git_tree_entry *entry = NULL;
	int rc;

	if ((rc = git_commit_tree(&root, c)) < 0)
		return rc;
	if (!*w->prefix) {
		git_oid_cpy(out, git_tree_id(root));
		git_tree_free(root);
		return 0;
	}
	rc = git_tree_entry_bypath(&entry, root, w->prefix);
	if (rc == GIT_ENOTFOUND) {
		rc = 1;
	} else if (rc == 0) {
		if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
			git_oid_cpy(out, git_tree_entry_id(entry));
		else
			rc = 1;
	}
	git_tree_entry_free(entry);
	git_tree_free(root);
	return rc;
}

/* The tree with id `id`, as a new reference (free it), through the cache. */
static int tree_get(git_tree **out, walk *w, const git_oid *id)
{
	size_t i;
	int rc;

	for (i = 0; i < TREE_CACHE; i++)
		if (w->trees[i] && git_oid_equal(git_tree_id(w->trees[i]), id))
			return git_tree_dup(out, w->trees[i]);
	if ((rc = git_tree_lookup(out, w->repo, id)) < 0)
		return rc;
	i = w->trees_next;
	w->trees_next = (i + 1) % TREE_CACHE;
	git_tree_free(w->trees[i]);
	return git_tree_dup(&w->trees[i], *out);
}

/* Language of a repository path's Markdown file: 1 when English. */
static int path_is_english(const walk *w, const char *path)
{
	const char *name = strrchr(path, '/'), *code;
	size_t slug_len, code_len;

	name = name ? name + 1 : path;
	if (lang_split_file_name(&slug_len, &code, &code_len, name) != 0 || !code)
		return w->english_default;
	return lang_is_english_n(code, code_len);
}

static int is_markdown(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && !strcmp(path + n - 3, ".md");
}

static int is_blob_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* The scan of blob id (cached by id), with its sections in the language
 * of an English (english 1) or other file. */
static int scan_blob(const scan **out, walk *w, const git_oid *id, int english,
		     const git_oid *commit)
{
	uint32_t at = omap_get(&w->scan_index, id);
	git_blob *blob = NULL;
	const char *text;
	size_t len;
	scan *s;

	if (at == NONE || !(w->scans[at].known & (1u << english))) {
		if (git_blob_lookup(&blob, w->repo, id) < 0)
			return git_failed(w, commit);
		text = git_blob_rawcontent(blob);
		len = (size_t)git_blob_rawsize(blob);
		if (at == NONE) {
			w->scans =
			    mem_grow_array(w->scans, &w->scans_cap, w->n_scans + 1, sizeof(scan));
			at = (uint32_t)w->n_scans++;
			memset(&w->scans[at], 0, sizeof(scan));
			scan_front_matter(&w->h->strings, &w->scans[at], text, len);
			omap_put(&w->scan_index, id, at);
		}
		s = &w->scans[at];
		s->sections[english] = scan_sections(text, len, english);
		s->known |= 1u << english;
		git_blob_free(blob);
	}
	*out = &w->scans[at];
	return 0;
}

/* Appends the n bytes of s to out with white space runs made one space,
 * trimmed, after a space when out has grown past base. */
static void put_squeezed(buf *out, size_t base, const char *s, size_t n)
{
	int space = out->size > base;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			space = out->size > base;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = 0;
		buf_putc(out, s[i]);
	}
}

/* ASCII case-insensitive: the n bytes of a equal b (trailer keys, like git). */
static int key_is(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n && b[i]; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
		if (x != y)
			return 0;
	}
	return i == n && !b[i];
}

/* Appends the value of trailer key: value when key is want. libgit2 1.5
 * gives a trailer whose value is empty the lines after it, which git reads
 * as trailers of their own: a line of the value that does not start with
 * white space (a continuation line does) is another "Key: value". */
static void put_trailer(buf *out, size_t base, const char *key, const char *val,
			const char *want)
{
	size_t key_len = strlen(key);

	for (;;) {
		const char *end = val, *colon;
		while (*end && !(end[0] == '\n' && end[1] && end[1] != ' ' && end[1] != '\t'))
			end++;
		if (key_is(key, key_len, want))
			put_squeezed(out, base, val, (size_t)(end - val));
		if (!*end || !(colon = strchr(end + 1, ':')))
			return;
		key = end + 1;
		key_len = (size_t)(colon - key);
		while (key_len && (key[key_len - 1] == ' ' || key[key_len - 1] == '\t'))
			key_len--;
		val = colon + 1;
	}
}

int history_public_note(buf *out, const char *message, int english)
{
	git_message_trailer_array trailers = { 0 };
	size_t i, base = out->size;

	/* git's own trailer rules: only the last paragraph, never the subject. */
	if (!message || git_message_trailers(&trailers, message) < 0)
		return 0;
	for (i = 0; i < trailers.count; i++)
		put_trailer(out, base, trailers.trailers[i].key, trailers.trailers[i].value,
			    english ? "Public" : "Publikt");
	git_message_trailer_array_free(&trailers);
	return 0;
}

/* The commit being processed, as the fields of a change need it. Of the
 * message only the public notes are kept for changes; the whole message
 * only for level changes (see history.h). */
typedef struct commit_info {
	const git_oid *id;
	char hex[41];
	long long time;
	const char *message;
	const char *note[2]; /* [english]: history_public_note */
} commit_info;

static void commit_info_init(commit_info *ci, pool *strings, const git_commit *c)
{
	const char *msg = git_commit_message(c);
	size_t n = msg ? strlen(msg) : 0;
	buf note = BUF_INIT;
	int en;

	ci->id = git_commit_id(c);
	git_oid_tostr(ci->hex, sizeof(ci->hex), ci->id);
	ci->time = (long long)git_commit_time(c);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == ' '))
		n--;
	ci->message = pool_text(strings, msg ? msg : "", n);
	for (en = 0; en < 2; en++) {
		buf_clear(&note);
		history_public_note(&note, msg, en);
		ci->note[en] = pool_text(strings, note.size ? note.ptr : "", note.size);
	}
	buf_free(&note);
}

static const char *full_path(walk *w, const char *rel)
{
	buf_clear(&w->path);
	if (*w->prefix)
		buf_printf(&w->path, "%s/%s", w->prefix, rel);
	else
		buf_puts(&w->path, rel);
	return w->path.ptr;
}

static void deltas_push(deltas *d, git_delta_t status, const char *old_path, const char *new_path,
			const git_tree_entry *old, const git_tree_entry *new_)
{
	delta *x;

	d->items = mem_grow_array(d->items, &d->cap, d->len + 1, sizeof(delta));
	x = &d->items[d->len++];
	memset(x, 0, sizeof(*x));
	x->status = status;
	x->old_path = old_path;
	x->new_path = new_path;
	if (old) {
		git_oid_cpy(&x->old_id, git_tree_entry_id(old));
		x->old_mode = (uint16_t)git_tree_entry_filemode(old);
	}
	if (new_) {
		git_oid_cpy(&x->new_id, git_tree_entry_id(new_));
		x->new_mode = (uint16_t)git_tree_entry_filemode(new_);
	}
	d->added += status == GIT_DELTA_ADDED;
	d->deleted += status == GIT_DELTA_DELETED;
}

/* Git's order of tree entries: a folder's name sorts as if it ended in '/'. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)na[n] : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cb = lb > n ? (unsigned char)nb[n] : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return ca < cb ? -1 : ca > cb;
}

static int mode_kind(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB_EXECUTABLE ? GIT_FILEMODE_BLOB : mode;
}

#define TREE_MAX_DEPTH 256

/* Appends what changed from tree a to tree b (either may be NULL) below
 * folder `dir` (relative to the prefix, "" or ending in '/'). Folders with
 * the same id on both sides are not opened. */
static int tree_diff(walk *w, deltas *out, git_tree *a, git_tree *b, const char *dir, int depth)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	       nb = b ? git_tree_entrycount(b) : 0;
	buf sub = BUF_INIT;
	int rc = 0;

	if (depth > TREE_MAX_DEPTH) {
		git_error_set_str(GIT_ERROR_INVALID, "folders nested too deeply");
		return -1;
	}
	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		const git_tree_entry *e = c <= 0 ? ea : eb;
		int ta = ea && c <= 0 && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
		int tb = eb && c >= 0 && git_tree_entry_type(eb) == GIT_OBJECT_TREE;

		i += c <= 0;
		j += c >= 0;
		if (c == 0 && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
			continue;
		buf_clear(&sub);
		buf_printf(&sub, "%s%s", dir, git_tree_entry_name(e));
		if (ta || tb) {
			git_tree *sa = NULL, *sb = NULL;
			buf_putc(&sub, '/');
			if (ta)
				rc = tree_get(&sa, w, git_tree_entry_id(ea));
			if (rc == 0 && tb)
				rc = tree_get(&sb, w, git_tree_entry_id(eb));
			if (rc == 0)
				rc = tree_diff(w, out, sa, sb, sub.ptr, depth + 1);
			git_tree_free(sa);
			git_tree_free(sb);
			continue; /* (a file and a folder of one name never compare equal) */
		}
		{
			const char *p = pool_cstr(&w->h->strings, full_path(w, sub.ptr));
			if (c < 0)
				deltas_push(out, GIT_DELTA_DELETED, p, NULL, ea, NULL);
			else if (c > 0)
				deltas_push(out, GIT_DELTA_ADDED, NULL, p, NULL, eb);
			else
				deltas_push(out,
					    mode_kind((uint16_t)git_tree_entry_filemode(ea)) ==
						    mode_kind((uint16_t)git_tree_entry_filemode(eb))
						? GIT_DELTA_MODIFIED
						: GIT_DELTA_TYPECHANGE,
					    p, p, ea, eb);
		}
	}
	buf_free(&sub);
	return rc;
}

/* The same, through git_diff with rename detection
 * (git_diff_find_similar, GIT_DIFF_FIND_RENAMES). */
static int diff_renames(walk *w, deltas *out, git_tree *a, git_tree *b)
{
	git_diff_options opts;
	git_diff_find_options find;
	git_diff *d = NULL;
	size_t i, n;
	int rc;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	/* TYPECHANGE: a file that became a link stays one file, as in tree_diff */
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_INCLUDE_TYPECHANGE;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if ((rc = git_diff_tree_to_tree(&d, w->repo, a, b, &opts)) < 0 ||
	    (rc = git_diff_find_similar(d, &find)) < 0)
		goto out;
	out->len = out->added = out->deleted = 0;
	n = git_diff_num_deltas(d);
	for (i = 0; i < n; i++) {
		const git_diff_delta *dl = git_diff_get_delta(d, i);
		int has_old = dl->status != GIT_DELTA_ADDED,
		    has_new = dl->status != GIT_DELTA_DELETED;
		delta *x;

		if (dl->status != GIT_DELTA_ADDED && dl->status != GIT_DELTA_DELETED &&
		    dl->status != GIT_DELTA_MODIFIED && dl->status != GIT_DELTA_RENAMED &&
		    dl->status != GIT_DELTA_TYPECHANGE)
			continue;
		out->items = mem_grow_array(out->items, &out->cap, out->len + 1, sizeof(delta));
		x = &out->items[out->len++];
		memset(x, 0, sizeof(*x));
		x->status = dl->status;
		if (has_old) {
			x->old_path = pool_cstr(&w->h->strings, full_path(w, dl->old_file.path));
			git_oid_cpy(&x->old_id, &dl->old_file.id);
			x->old_mode = dl->old_file.mode;
		}
		if (has_new) {
			x->new_path = pool_cstr(&w->h->strings, full_path(w, dl->new_file.path));
			git_oid_cpy(&x->new_id, &dl->new_file.id);
			x->new_mode = dl->new_file.mode;
		}
		out->added += dl->status == GIT_DELTA_ADDED;
		out->deleted += dl->status == GIT_DELTA_DELETED;
	}
out:
	git_diff_free(d);
	return rc;
}

/* What changed from tree a (the parent's prefix folder) to tree b. Only
 * when something was both added and deleted can there be a rename, and
 * only then is libgit2's diff asked to find it. */
static int diff_trees(walk *w, deltas *out, git_tree *a, git_tree *b)
{
	int rc;

	out->len = out->added = out->deleted = 0;
	if ((rc = tree_diff(w, out, a, b, "", 0)) < 0)
		return rc;
	if (out->added && out->deleted)
		rc = diff_renames(w, out, a, b);
	return rc;
}

/* Hands map m to the commit parent (taking ownership). */
static void hand_down(walk *w, const git_oid *parent, pmap *m)
{
	uint32_t at;

	if (!m)
		return;
	if (!m->len) {
		pmap_free(m);
		return;
	}
	at = omap_get(&w->index, parent);
	if (at == NONE) {
		if (w->base && git_oid_equal(parent, w->base)) {
			if (!w->base_map) {
				w->base_map = m;
				return;
			}
			at = NONE;
		} else {
			/* A hidden commit that is not the cached one: the cached
			 * history cannot be joined. (Without a cached commit every
			 * parent is in the walk, except beyond a shallow clone's
			 * boundary, which has no parents here.) */
			if (w->base)
				w->base_failed = 1;
			pmap_free(m);
			return;
		}
	}
	{
		pmap **slot = at == NONE ? &w->base_map : &w->pending[at];
		if (!*slot) {
			*slot = m;
			if (at != NONE)
				w->pending_total += m->len;
		} else {
			size_t before = (*slot)->len, i;
			for (i = 0; i < m->cap; i++)
				if (m->keys[i] < TOMB)
					pmap_put(*slot, m->keys[i], m->vals[i], 0);
			if (at != NONE)
				w->pending_total += (*slot)->len - before;
			pmap_free(m);
		}
	}
}

/* Turns map m of a commit into its parent's through deltas d (parent ->
 * commit): renamed paths get their old names, added paths go. */
static void map_back(pmap *m, const deltas *d)
{
	size_t i, n_moves = 0;
	uint32_t *moves = NULL; /* pairs: old path id, file */

	for (i = 0; i < d->len; i++) {
		const delta *dl = &d->items[i];
		uint32_t id, f;

		if (dl->status != GIT_DELTA_ADDED && dl->status != GIT_DELTA_RENAMED)
			continue;
		id = pool_id(dl->new_path);
		if ((f = pmap_get(m, id)) == NONE)
			continue;
		pmap_del(m, id);
		if (dl->status == GIT_DELTA_RENAMED) {
			moves = mem_realloc(moves, (n_moves + 1) * 2 * sizeof(uint32_t));
			moves[n_moves * 2] = pool_id(dl->old_path);
			moves[n_moves * 2 + 1] = f;
			n_moves++;
		}
	}
	for (i = 0; i < n_moves; i++)
		pmap_put(m, moves[i * 2], moves[i * 2 + 1], 0);
	free(moves);
}

/* *t becomes other when that is earlier; 0 is "never" on both sides. */
static void keep_earliest(long long *t, long long other)
{
	if (other && (!*t || other < *t))
		*t = other;
}

static void add_change(walk *w, uint32_t f, const commit_info *ci, const char *path, int added)
{
	history_file *hf = &w->h->files[f];
	file_acc *a = &w->acc[f];
	history_change *c;

	if (hf->n_changes && !strcmp(hf->changes[hf->n_changes - 1].commit, ci->hex)) {
		/* the same file under two paths in one commit: count it once */
		if (added)
			((history_change *)hf->changes)[hf->n_changes - 1].added = 1;
	} else {
		a->changes =
		    mem_grow_array(a->changes, &a->changes_cap, hf->n_changes + 1, sizeof(*c));
		hf->changes = a->changes;
		c = &a->changes[hf->n_changes++];
		c->time = ci->time;
		memcpy(c->commit, ci->hex, sizeof(c->commit));
		c->note = ci->note[path_is_english(w, path)];
		c->path = path; /* interned */
		c->added = added;
	}
	if (added)
		keep_earliest(&hf->published, ci->time);
	if (ci->time > hf->updated)
		hf->updated = ci->time;
}

static void add_level(walk *w, uint32_t f, const commit_info *ci, const char *from, const char *to)
{
	history_file *hf = &w->h->files[f];
	file_acc *a = &w->acc[f];
	history_level_change *l;

	a->levels = mem_grow_array(a->levels, &a->levels_cap, hf->n_levels + 1, sizeof(*l));
	hf->levels = a->levels;
	l = &a->levels[hf->n_levels++];
	l->time = ci->time;
	memcpy(l->commit, ci->hex, sizeof(l->commit));
	l->from = from;
	l->to = to;
	l->message = ci->message;
}

/* The section came with this commit: in the new version, not in the old. */
static void first_seen(long long *first, long long t, unsigned new_secs, unsigned old_secs,
		       markdown_section sec)
{
	unsigned bit = 1u << sec;

	if ((new_secs & bit) && !(old_secs & bit))
		keep_earliest(first, t);
}

/* One delta of the first-parent diff that belongs to file f. */
static int record_delta(walk *w, uint32_t f, const commit_info *ci, const delta *dl)
{
	history_file *hf = &w->h->files[f];
	int has_old = dl->status == GIT_DELTA_MODIFIED || dl->status == GIT_DELTA_RENAMED ||
		      dl->status == GIT_DELTA_TYPECHANGE;
	const scan *sn, *so;
	const char *new_level, *old_level = NULL;
	unsigned new_secs, old_secs = 0;
	int en, rc;

	add_change(w, f, ci, dl->new_path, dl->status == GIT_DELTA_ADDED);
	if (!is_markdown(dl->new_path) || !is_blob_mode(dl->new_mode))
		return 0;
	en = path_is_english(w, dl->new_path);
	if ((rc = scan_blob(&sn, w, &dl->new_id, en, ci->id)) < 0)
		return rc;
	new_secs = sn->sections[en];
	new_level = sn->level;
	if (has_old && is_blob_mode(dl->old_mode) && is_markdown(dl->old_path)) {
		/* (sn may move when scan_blob grows the array: read it first) */
		en = path_is_english(w, dl->old_path);
		if ((rc = scan_blob(&so, w, &dl->old_id, en, ci->id)) < 0)
			return rc;
		old_secs = so->sections[en];
		old_level = so->level;
	}
	first_seen(&hf->feedback_first, ci->time, new_secs, old_secs, MARKDOWN_SECTION_FEEDBACK);
	first_seen(&hf->results_first, ci->time, new_secs, old_secs, MARKDOWN_SECTION_RESULTS);
	if (old_level && strcmp(old_level, new_level) != 0)
		add_level(w, f, ci, old_level, new_level);
	return 0;
}

/* The prefix folder's tree of commit c, or NULL when it has none. */
static int commit_sub(git_tree **out, walk *w, const git_commit *c)
{
	git_oid id;
	int rc;

	*out = NULL;
	if ((rc = sub_id(&id, w, c)) != 0)
		return rc < 0 ? rc : 0;
	return tree_get(out, w, &id);
}

#define MAX_PARENTS 64

/* Follows the files in the map of commit number `at` through it. */
static int process_commit(walk *w, size_t at)
{
	pmap *m = w->pending[at];
	git_commit *c = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_oid sub, psub;
	commit_info ci;
	unsigned np, j;
	int rc, has_sub, has_psub = 0;
	size_t i;
	pmap **side = NULL, *side_paths = NULL;

	w->pending[at] = NULL;
	if (!m)
		return 0;
	w->pending_total -= m->len;
	if (!m->len) {
		pmap_free(m);
		return 0;
	}
	if ((rc = git_commit_lookup(&c, w->repo, &w->order[at])) < 0 ||
	    (rc = sub_id(&sub, w, c)) < 0)
		goto fail;
	has_sub = rc == 0;
	np = parents_of(w, c);
	if (np > MAX_PARENTS)
		np = MAX_PARENTS; /* octopus merges beyond this: the rest are not followed */
	if (np > 0) {
		if ((rc = git_commit_parent(&parent, c, 0)) < 0 ||
		    (rc = sub_id(&psub, w, parent)) < 0)
			goto fail;
		has_psub = rc == 0;
	}
	if (np == 1 && has_sub == has_psub && (!has_sub || git_oid_equal(&sub, &psub))) {
		/* Nothing changed below the prefix: hand the map down as it is. */
		hand_down(w, git_commit_parent_id(c, 0), m);
		m = NULL;
		rc = 0;
		goto out;
	}
	commit_info_init(&ci, &w->h->strings, c);
	if ((has_sub && (rc = tree_get(&tree, w, &sub)) < 0) ||
	    (has_psub && (rc = tree_get(&ptree, w, &psub)) < 0) ||
	    (rc = diff_trees(w, &w->d0, ptree, tree)) < 0)
		goto fail;

	/* Further parents of a merge: what the merge changed compared with
	 * each (a file it did not change there came from there), and the map
	 * each gets. */
	if (np > 1) {
		side = mem_calloc(np, sizeof(*side));
		side_paths = mem_calloc(np, sizeof(*side_paths));
		for (j = 1; j < np; j++) {
			git_commit *pj = NULL;
			git_tree *tj = NULL;

			rc = git_commit_parent(&pj, c, j);
			if (rc == 0)
				rc = commit_sub(&tj, w, pj);
			if (rc == 0)
				rc = diff_trees(w, &w->dj, tj, tree);
			git_tree_free(tj);
			git_commit_free(pj);
			if (rc < 0)
				goto fail;
			for (i = 0; i < w->dj.len; i++)
				if (w->dj.items[i].new_path)
					pmap_put(&side_paths[j], pool_id(w->dj.items[i].new_path),
						 1, 1);
			side[j] = pmap_clone(m);
			map_back(side[j], &w->dj);
		}
	}

	for (i = 0; i < w->d0.len; i++) {
		const delta *dl = &w->d0.items[i];
		uint32_t f;
		int record = 1;

		if (!dl->new_path || (f = pmap_get(m, pool_id(dl->new_path))) == NONE)
			continue;
		for (j = 1; j < np && record; j++)
			if (pmap_get(&side_paths[j], pool_id(dl->new_path)) == NONE)
				record = 0; /* the merge took parent j's version */
		if (record && (rc = record_delta(w, f, &ci, dl)) < 0)
			goto out;
	}

	map_back(m, &w->d0);
	/* A root commit (or a shallow boundary) added everything it has, so
	 * nothing is left to hand down. */
	if (np > 0) {
		hand_down(w, git_commit_parent_id(c, 0), m);
		m = NULL;
	}
	for (j = 1; j < np; j++) {
		hand_down(w, git_commit_parent_id(c, j), side[j]);
		side[j] = NULL;
	}
	rc = 0;
	goto out;
fail:
	rc = git_failed(w, &w->order[at]);
out:
	if (side) {
		for (j = 0; j < np; j++) {
			pmap_free(side[j]);
			free(side_paths[j].keys);
			free(side_paths[j].vals);
		}
		free(side);
		free(side_paths);
	}
	pmap_free(m);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(c);
	return rc;
}

/* ---- ordering the commits ------------------------------------------------------ */

static void order_push(walk *w, const git_oid *id)
{
	w->order = mem_grow_array(w->order, &w->order_cap, w->n_order + 1, sizeof(git_oid));
	git_oid_cpy(&w->order[w->n_order], id);
	omap_put(&w->index, id, (uint32_t)w->n_order);
	w->n_order++;
}

static int order_by_revwalk(walk *w, const git_oid *start)
{
	git_revwalk *rw = NULL;
	git_oid id;
	int rc;

	if ((rc = git_revwalk_new(&rw, w->repo)) < 0 ||
	    (rc = git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
	    (rc = git_revwalk_push(rw, start)) < 0 ||
	    (w->base && (rc = git_revwalk_hide(rw, w->base)) < 0))
		goto out;
	while ((rc = git_revwalk_next(&id, rw)) == 0)
		order_push(w, &id);
	if (rc == GIT_ITEROVER)
		rc = 0;
out:
	git_revwalk_free(rw);
	return rc < 0 ? git_failed(w, start) : 0;
}

/* A shallow clone's boundary commits, from the shallow file. */
static void read_shallow(walk *w)
{
	buf p = BUF_INIT;
	FILE *f;
	char line[128];

	buf_printf(&p, "%sshallow", git_repository_commondir(w->repo));
	f = fopen(p.ptr, "r");
	buf_free(&p);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		git_oid id;
		if (strlen(line) >= GIT_OID_HEXSZ &&
		    git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) == 0)
			omap_put(&w->shallow, &id, 1);
	}
	fclose(f);
}

typedef struct node {
	git_oid id;
	long long time;
	uint32_t seq;                     /* discovery order, for ties */
	uint32_t children;                /* not yet emitted */
	uint32_t first_parent, n_parents; /* into the parents array */
} node;

static int node_before(const node *a, const node *b)
{
	return a->time != b->time ? a->time > b->time : a->seq < b->seq;
}

static void heap_push(uint32_t *heap, size_t *n, const node *nodes, uint32_t v)
{
	size_t i = (*n)++;

	heap[i] = v;
	while (i && node_before(&nodes[heap[i]], &nodes[heap[(i - 1) / 2]])) {
		uint32_t t = heap[i];
		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static uint32_t heap_pop(uint32_t *heap, size_t *n, const node *nodes)
{
	uint32_t top = heap[0];
	size_t i = 0;

	heap[0] = heap[--*n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		uint32_t t;
		if (l < *n && node_before(&nodes[heap[l]], &nodes[heap[best]]))
			best = l;
		if (r < *n && node_before(&nodes[heap[r]], &nodes[heap[best]]))
			best = r;
		if (best == i)
			break;
		t = heap[i];
		heap[i] = heap[best];
		heap[best] = t;
		i = best;
	}
	return top;
}

/* libgit2 1.5's revwalk cannot walk a shallow clone (it looks up the
 * parents beyond the boundary), so a shallow clone gets the same order
 * (children first, then newest first) from this small walk instead. */
static int order_shallow(walk *w, const git_oid *start)
{
	node *nodes = NULL;
	size_t n = 0, cap = 0, n_par = 0, par_cap = 0, stack_n = 0, stack_cap = 0, heap_n = 0;
	uint32_t *parents = NULL, *stack = NULL, *heap = NULL;
	omap seen = {0};
	git_commit *c = NULL;
	int rc = 0;
	size_t i;

	nodes = mem_grow_array(nodes, &cap, 1, sizeof(node));
	memset(&nodes[0], 0, sizeof(node));
	git_oid_cpy(&nodes[0].id, start);
	omap_put(&seen, start, 0);
	n = 1;
	stack = mem_grow_array(stack, &stack_cap, 1, sizeof(uint32_t));
	stack[stack_n++] = 0;
	while (stack_n) {
		uint32_t v = stack[--stack_n];
		unsigned k, np;

		if ((rc = git_commit_lookup(&c, w->repo, &nodes[v].id)) < 0)
			goto fail;
		np = parents_of(w, c);
		nodes[v].time = (long long)git_commit_time(c);
		nodes[v].first_parent = (uint32_t)n_par;
		nodes[v].n_parents = np;
		for (k = 0; k < np; k++) {
			const git_oid *pid = git_commit_parent_id(c, k);
			uint32_t p = omap_get(&seen, pid);
			if (p == NONE) {
				nodes = mem_grow_array(nodes, &cap, n + 1, sizeof(node));
				memset(&nodes[n], 0, sizeof(node));
				git_oid_cpy(&nodes[n].id, pid);
				nodes[n].seq = (uint32_t)n;
				p = (uint32_t)n++;
				omap_put(&seen, pid, p);
				stack = mem_grow_array(stack, &stack_cap, stack_n + 1,
						       sizeof(uint32_t));
				stack[stack_n++] = p;
			}
			parents = mem_grow_array(parents, &par_cap, n_par + 1, sizeof(uint32_t));
			parents[n_par++] = p;
			nodes[p].children++;
		}
		git_commit_free(c);
		c = NULL;
	}
	heap = mem_alloc(n * sizeof(uint32_t));
	heap_push(heap, &heap_n, nodes, 0);
	while (heap_n) {
		uint32_t v = heap_pop(heap, &heap_n, nodes);
		order_push(w, &nodes[v].id);
		for (i = 0; i < nodes[v].n_parents; i++) {
			uint32_t p = parents[nodes[v].first_parent + i];
			if (--nodes[p].children == 0)
				heap_push(heap, &heap_n, nodes, p);
		}
	}
	goto out;
fail:
	rc = git_failed(w, &nodes[0].id);
out:
	git_commit_free(c);
	omap_free(&seen);
	free(nodes);
	free(parents);
	free(stack);
	free(heap);
	return rc;
}

/* ---- the files of the commit being built ----------------------------------------- */

typedef struct list_ctx {
	walk *w;
	const char **paths;
	size_t n, cap;
} list_ctx;

static int list_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	list_ctx *lc = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	buf rel = BUF_INIT;

	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE &&
	    mode != GIT_FILEMODE_LINK)
		return 0; /* folders are walked into; submodules have no history here */
	buf_printf(&rel, "%s%s", root, git_tree_entry_name(entry));
	lc->paths = mem_grow_array(lc->paths, &lc->cap, lc->n + 1, sizeof(char *));
	lc->paths[lc->n++] = pool_cstr(&lc->w->h->strings, full_path(lc->w, rel.ptr));
	buf_free(&rel);
	return 0;
}

static int cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lists the files below the prefix of commit c into w->h->files (sorted)
 * and the map every walk starts from. */
static int list_files(pmap **out, walk *w, const git_commit *c)
{
	list_ctx lc = {w, NULL, 0, 0};
	git_tree *tree = NULL;
	git_oid sub;
	pmap *m = mem_calloc(1, sizeof(*m));
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = sub_id(&sub, w, c)) < 0)
		goto fail;
	if (rc == 0) {
		if ((rc = git_tree_lookup(&tree, w->repo, &sub)) < 0 ||
		    (rc = git_tree_walk(tree, GIT_TREEWALK_PRE, list_cb, &lc)) < 0)
			goto fail;
	}
	if (lc.n > 1)
		qsort(lc.paths, lc.n, sizeof(char *), cstr_cmp);
	w->h->files = mem_calloc(lc.n, sizeof(history_file));
	w->acc = mem_calloc(lc.n, sizeof(file_acc));
	w->h->n_files = lc.n;
	for (i = 0; i < lc.n; i++) {
		w->h->files[i].path = lc.paths[i];
		pmap_put(m, pool_id(lc.paths[i]), (uint32_t)i, 1);
	}
	*out = m;
	m = NULL;
	rc = 0;
	goto out;
fail:
	rc = git_failed(w, git_commit_id(c));
out:
	pmap_free(m);
	free(lc.paths);
	git_tree_free(tree);
	return rc;
}

static void walk_free(walk *w)
{
	size_t i;

	if (w->pending)
		for (i = 0; i < w->n_order; i++)
			pmap_free(w->pending[i]);
	free(w->pending);
	free(w->order);
	omap_free(&w->index);
	omap_free(&w->shallow);
	omap_free(&w->scan_index);
	free(w->scans);
	pmap_free(w->base_map);
	for (i = 0; i < TREE_CACHE; i++)
		git_tree_free(w->trees[i]);
	free(w->d0.items);
	free(w->dj.items);
	buf_free(&w->path);
	free(w->acc);
}

/* Walks from commit `start` (hiding w->base when set) and fills w->h. */
static int walk_run(walk *w, const git_commit *start)
{
	pmap *first = NULL;
	size_t i;
	int rc;

	if ((rc = list_files(&first, w, start)) < 0)
		return rc;
	if (w->is_shallow)
		rc = order_shallow(w, git_commit_id(start));
	else
		rc = order_by_revwalk(w, git_commit_id(start));
	if (rc < 0) {
		pmap_free(first);
		return rc;
	}
	w->pending = mem_calloc(w->n_order ? w->n_order : 1, sizeof(pmap *));
	if (!w->n_order) {
		pmap_free(first);
		return 0;
	}
	i = omap_get(&w->index, git_commit_id(start));
	if (i == NONE) {
		pmap_free(first);
		return 0;
	}
	w->pending[i] = first;
	w->pending_total = first->len;
	for (i = 0; i < w->n_order && w->pending_total && !w->base_failed; i++)
		if ((rc = process_commit(w, i)) < 0)
			return rc;
	return 0;
}

/* ---- the cache --------------------------------------------------------------------- */

static const char cache_magic[8] = {'T', 'R', 'A', 'P', 'P', 'A', 'H', 'C'};

static void put_u32(buf *b, uint32_t v)
{
	unsigned char p[4];
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	buf_put(b, p, 4);
}

static void put_i64(buf *b, long long v)
{
	unsigned char p[8];
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
	buf_put(b, p, 8);
}

static void put_str(buf *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	buf_put(b, s, n);
}

static void cache_serialize(buf *b, const history *h, const char *key)
{
	size_t i, k;

	buf_put(b, cache_magic, sizeof(cache_magic));
	put_u32(b, HISTORY_CACHE_VERSION);
	buf_put(b, h->commit, 40);
	put_str(b, key, strlen(key));
	put_u32(b, (uint32_t)h->strings.len);
	for (i = 0; i < h->strings.len; i++)
		put_str(b, h->strings.items[i]->s, h->strings.items[i]->len);
	put_u32(b, (uint32_t)h->n_files);
	for (i = 0; i < h->n_files; i++) {
		const history_file *f = &h->files[i];
		put_u32(b, pool_id(f->path));
		put_i64(b, f->published);
		put_i64(b, f->updated);
		put_i64(b, f->feedback_first);
		put_i64(b, f->results_first);
		put_u32(b, (uint32_t)f->n_changes);
		for (k = 0; k < f->n_changes; k++) {
			const history_change *c = &f->changes[k];
			buf_put(b, c->commit, 40);
			put_i64(b, c->time);
			put_u32(b, pool_id(c->note));
			put_u32(b, pool_id(c->path));
			put_u32(b, (uint32_t)c->added);
		}
		put_u32(b, (uint32_t)f->n_levels);
		for (k = 0; k < f->n_levels; k++) {
			const history_level_change *l = &f->levels[k];
			buf_put(b, l->commit, 40);
			put_i64(b, l->time);
			put_u32(b, pool_id(l->from));
			put_u32(b, pool_id(l->to));
			put_u32(b, pool_id(l->message));
		}
	}
	put_i64(b, (long long)fnv64(b->ptr, b->size, FNV64_INIT));
}

typedef struct reader {
	const unsigned char *p;
	size_t len, pos;
	int bad;
} reader;

static const unsigned char *get_bytes(reader *r, size_t n)
{
	const unsigned char *p;

	if (r->bad || n > r->len - r->pos) {
		r->bad = 1;
		return NULL;
	}
	p = r->p + r->pos;
	r->pos += n;
	return p;
}

static uint32_t get_u32(reader *r)
{
	const unsigned char *p = get_bytes(r, 4);
	return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		       (uint32_t)p[3] << 24
		 : 0;
}

static long long get_i64(reader *r)
{
	const unsigned char *p = get_bytes(r, 8);
	uint64_t u = 0;
	int i;

	if (!p)
		return 0;
	for (i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	return (long long)u;
}

static void get_hex(reader *r, char out[41])
{
	const unsigned char *p = get_bytes(r, 40);
	int i;

	out[0] = '\0';
	if (!p)
		return;
	for (i = 0; i < 40; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) {
			r->bad = 1;
			return;
		}
		out[i] = (char)p[i];
	}
	out[40] = '\0';
}

static const char *get_ref(reader *r, const char **strs, size_t n)
{
	uint32_t i = get_u32(r);

	if (r->bad || i >= n) {
		r->bad = 1;
		return NULL;
	}
	return strs[i];
}

/* Counts read from the file must be possible in the bytes left, so a
 * damaged count cannot make us allocate gigabytes. */
static size_t get_count(reader *r, size_t min_each)
{
	uint32_t n = get_u32(r);

	if (r->bad || (min_each && n > (r->len - r->pos) / min_each)) {
		r->bad = 1;
		return 0;
	}
	return n;
}

/* Parses a cache file; NULL when it is not a good one for commit/key. */
static history *cache_parse(const unsigned char *data, size_t len, const char *commit,
			    const char *key)
{
	reader r = {data, len, 0, 0};
	history *h;
	const char **strs = NULL;
	const unsigned char *p;
	char hex[41];
	size_t n_strs, i, k;
	uint64_t sum;

	if (len < sizeof(cache_magic) + 4 + 40 + 8 ||
	    memcmp(data, cache_magic, sizeof(cache_magic)))
		return NULL;
	/* The checksum covers everything before it. */
	{
		reader t = {data, len, len - 8, 0};
		sum = (uint64_t)get_i64(&t);
		if (sum != fnv64(data, len - 8, FNV64_INIT))
			return NULL;
	}
	r.len = len - 8;
	get_bytes(&r, sizeof(cache_magic));
	if (get_u32(&r) != HISTORY_CACHE_VERSION)
		return NULL;
	get_hex(&r, hex);
	if (r.bad || (commit && strcmp(hex, commit)))
		return NULL;
	{
		size_t kn = get_count(&r, 1);
		p = get_bytes(&r, kn);
		if (!p || kn != strlen(key) || memcmp(p, key, kn))
			return NULL;
	}
	h = mem_calloc(1, sizeof(*h));
	memcpy(h->commit, hex, sizeof(hex));
	n_strs = get_count(&r, 4);
	strs = mem_calloc(n_strs ? n_strs : 1, sizeof(char *));
	for (i = 0; i < n_strs && !r.bad; i++) {
		size_t sn = get_count(&r, 1);
		p = get_bytes(&r, sn);
		if (!p || memchr(p, '\0', sn))
			r.bad = 1;
		else
			strs[i] = pool_intern(&h->strings, (const char *)p, sn);
	}
	h->n_files = get_count(&r, 4 + 32 + 8);
	h->files = mem_calloc(h->n_files ? h->n_files : 1, sizeof(history_file));
	for (i = 0; i < h->n_files && !r.bad; i++) {
		history_file *f = &h->files[i];
		history_change *cs;
		history_level_change *ls;

		f->path = get_ref(&r, strs, n_strs);
		f->published = get_i64(&r);
		f->updated = get_i64(&r);
		f->feedback_first = get_i64(&r);
		f->results_first = get_i64(&r);
		f->n_changes = get_count(&r, 40 + 8 + 12);
		f->changes = cs = mem_calloc(f->n_changes ? f->n_changes : 1, sizeof(*cs));
		for (k = 0; k < f->n_changes && !r.bad; k++) {
			get_hex(&r, cs[k].commit);
			cs[k].time = get_i64(&r);
			cs[k].note = get_ref(&r, strs, n_strs);
			cs[k].path = get_ref(&r, strs, n_strs);
			cs[k].added = get_u32(&r) != 0;
		}
		f->n_levels = get_count(&r, 40 + 8 + 12);
		f->levels = ls = mem_calloc(f->n_levels ? f->n_levels : 1, sizeof(*ls));
		for (k = 0; k < f->n_levels && !r.bad; k++) {
			get_hex(&r, ls[k].commit);
			ls[k].time = get_i64(&r);
			ls[k].from = get_ref(&r, strs, n_strs);
			ls[k].to = get_ref(&r, strs, n_strs);
			ls[k].message = get_ref(&r, strs, n_strs);
		}
		/* history_find relies on the order */
		if (!r.bad && i && strcmp(h->files[i - 1].path, f->path) >= 0)
			r.bad = 1;
	}
	free(strs);
	if (r.bad || r.pos != r.len) {
		history_free(h);
		return NULL;
	}
	return h;
}

static int read_whole(buf *out, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char tmp[65536];
	ssize_t n;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HISTORY_CACHE_MAX)
		goto out;
	buf_grow(out, (size_t)st.st_size + 1);
	while ((n = read(fd, tmp, sizeof(tmp))) > 0) {
		if (out->size + (size_t)n > (size_t)HISTORY_CACHE_MAX)
			goto out;
		buf_put(out, tmp, (size_t)n);
	}
	rc = n == 0 ? 0 : -1;
out:
	close(fd);
	return rc;
}

static history *cache_read(const char *path, const char *commit, const char *key)
{
	buf data = BUF_INIT;
	history *h = NULL;

	if (read_whole(&data, path) == 0)
		h = cache_parse((const unsigned char *)data.ptr, data.size, commit, key);
	buf_free(&data);
	return h;
}

typedef struct cache_ctx {
	const char *dir; /* NULL: no cache */
	char key[512];   /* what besides the commit decides the result */
	char tag[17];    /* hash of key, in file names */
} cache_ctx;

static void cache_name(buf *out, const cache_ctx *cc, const char *commit)
{
	buf_printf(out, "%s/history-v%d-%s-%s.bin", cc->dir, HISTORY_CACHE_VERSION, commit,
		   cc->tag);
}

typedef struct cand {
	char commit[41];
	time_t mtime;
} cand;

static int cand_cmp(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return strcmp(x->commit, y->commit);
}

/* Cache files of this content folder other than `except`, newest first. */
static cand *cache_list(size_t *n_out, const cache_ctx *cc, const char *except)
{
	DIR *d = opendir(cc->dir);
	struct dirent *e;
	cand *list = NULL;
	size_t n = 0, cap = 0;
	char head[32];

	*n_out = 0;
	if (!d)
		return NULL;
	snprintf(head, sizeof(head), "history-v%d-", HISTORY_CACHE_VERSION);
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t hl = strlen(head);
		buf full = BUF_INIT;
		struct stat st;

		if (strncmp(name, head, hl) || strlen(name) != hl + 40 + 1 + 16 + 4 ||
		    name[hl + 40] != '-' || strncmp(name + hl + 41, cc->tag, 16) ||
		    strcmp(name + hl + 57, ".bin") || (except && !strncmp(name + hl, except, 40)))
			continue;
		buf_printf(&full, "%s/%s", cc->dir, name);
		if (stat(full.ptr, &st) == 0) {
			list = mem_grow_array(list, &cap, n + 1, sizeof(cand));
			memcpy(list[n].commit, name + hl, 40);
			list[n].commit[40] = '\0';
			list[n].mtime = st.st_mtime;
			n++;
		}
		buf_free(&full);
	}
	closedir(d);
	if (n > 1)
		qsort(list, n, sizeof(cand), cand_cmp);
	*n_out = n;
	return list;
}

static void cache_write(diag_list *diags, const cache_ctx *cc, const history *h)
{
	buf data = BUF_INIT, name = BUF_INIT, tmp = BUF_INIT;
	size_t off = 0, n_old, i;
	cand *old;
	int fd;

	cache_serialize(&data, h, cc->key);
	cache_name(&name, cc, h->commit);
	buf_printf(&tmp, "%s/.history-XXXXXX", cc->dir);
	fd = mkstemp(tmp.ptr);
	if (fd < 0)
		goto fail;
	while (off < data.size) {
		ssize_t n = write(fd, data.ptr + off, data.size - off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			close(fd);
			unlink(tmp.ptr);
			goto fail;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, 0644) != 0 || close(fd) != 0 || rename(tmp.ptr, name.ptr) != 0) {
		unlink(tmp.ptr);
		goto fail;
	}
	/* Keep the newest few of this content folder. */
	old = cache_list(&n_old, cc, h->commit);
	for (i = HISTORY_CACHE_KEEP - 1; i < n_old; i++) {
		buf victim = BUF_INIT;
		cache_name(&victim, cc, old[i].commit);
		unlink(victim.ptr);
		buf_free(&victim);
	}
	free(old);
	goto out;
fail:
	DIAG_WARNING(diags, cc->dir, 0, 0, "kan inte skriva historikens cache: %s",
		     "cannot write the history cache: %s", strerror(errno));
out:
	buf_free(&data);
	buf_free(&name);
	buf_free(&tmp);
}

/* Whether path lies inside folder dir (both resolved). */
static int path_inside(const char *path, const char *dir)
{
	char *rp = realpath(path, NULL), *rd = realpath(dir, NULL);
	int inside = 0;

	if (rp && rd) {
		size_t n = strlen(rd);
		while (n > 1 && rd[n - 1] == '/')
			n--;
		inside = !strncmp(rp, rd, n) && (rp[n] == '/' || rp[n] == '\0');
	}
	free(rp);
	free(rd);
	return inside;
}

/* Prepares the cache folder; cc->dir NULL when there is none to use. */
static void cache_open(cache_ctx *cc, diag_list *diags, git_repository *repo, const char *dir,
		       const char *prefix, const char *lang, int shallow)
{
	uint64_t h;
	struct stat st;
	int created;

	cc->dir = NULL;
	/* A shallow clone's history is not the real one, and changes with
	 * every fetch: not worth keeping. */
	if (!dir || !*dir || shallow)
		return;
	snprintf(cc->key, sizeof(cc->key), "prefix=%s\nlang=%s\n", prefix, lang);
	h = fnv64(cc->key, strlen(cc->key), FNV64_INIT);
	snprintf(cc->tag, sizeof(cc->tag), "%016llx", (unsigned long long)h);
	created = mkdir(dir, 0777) == 0;
	if (!created && errno != EEXIST) {
		DIAG_WARNING(diags, dir, 0, 0, "kan inte skapa katalogen för historikens cache: %s",
			     "cannot create the history cache folder: %s", strerror(errno));
		return;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		DIAG_WARNING(diags, dir, 0, 0, "historikens cache är ingen katalog",
			     "the history cache is not a folder");
		return;
	}
	if (path_inside(dir, git_repository_path(repo)) ||
	    path_inside(dir, git_repository_commondir(repo))) {
		DIAG_WARNING(diags, dir, 0, 0,
			     "historikens cache får inte ligga i git-katalogen; den används inte",
			     "the history cache must not be inside the git folder; not using it");
		if (created)
			rmdir(dir);
		return;
	}
	cc->dir = dir;
}

/* ---- joining a walk of the newest commits with a cached older history ------------- */

/* Appends the cached history of the file at each path that reached the
 * cached commit to the file it belongs to now. */
static void join_cached(walk *w, const history *old)
{
	pool *sp = &w->h->strings;
	size_t i, k;

	if (!w->base_map)
		return;
	for (i = 0; i < w->base_map->cap; i++) {
		uint32_t f;
		const history_file *of;
		history_file *hf;
		file_acc *a;

		if (w->base_map->keys[i] >= TOMB)
			continue;
		f = w->base_map->vals[i];
		hf = &w->h->files[f];
		a = &w->acc[f];
		of = history_find(old, sp->items[w->base_map->keys[i]]->s);
		if (!of || a->joined)
			continue;
		a->joined = 1;
		if (of->n_changes) {
			a->changes =
			    mem_grow_array(a->changes, &a->changes_cap,
					   hf->n_changes + of->n_changes, sizeof(history_change));
			for (k = 0; k < of->n_changes; k++) {
				history_change *c = &a->changes[hf->n_changes + k];
				*c = of->changes[k];
				c->note = pool_cstr(sp, c->note);
				c->path = pool_cstr(sp, c->path);
			}
			hf->n_changes += of->n_changes;
			hf->changes = a->changes;
		}
		if (of->n_levels) {
			a->levels =
			    mem_grow_array(a->levels, &a->levels_cap, hf->n_levels + of->n_levels,
					   sizeof(history_level_change));
			for (k = 0; k < of->n_levels; k++) {
				history_level_change *l = &a->levels[hf->n_levels + k];
				*l = of->levels[k];
				l->from = pool_cstr(sp, l->from);
				l->to = pool_cstr(sp, l->to);
				l->message = pool_cstr(sp, l->message);
			}
			hf->n_levels += of->n_levels;
			hf->levels = a->levels;
		}
		keep_earliest(&hf->published, of->published);
		if (of->updated > hf->updated)
			hf->updated = of->updated;
		keep_earliest(&hf->feedback_first, of->feedback_first);
		keep_earliest(&hf->results_first, of->results_first);
	}
}

/* ---- loading ---------------------------------------------------------------------- */

static void normalise_prefix(buf *out, const char *prefix)
{
	const char *p = prefix ? prefix : "content";
	size_t n;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	while (*p == '/')
		p++;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n == 1 && p[0] == '.')
		n = 0;
	buf_put(out, p, n);
}

/* Files that never showed an "added" (their adding commit was beyond
 * reach) are published with their oldest change. */
static void finish(history *h)
{
	size_t i;

	for (i = 0; i < h->n_files; i++) {
		history_file *f = &h->files[i];
		if (!f->published && f->n_changes)
			f->published = f->changes[f->n_changes - 1].time;
	}
}

static int walk_once(history **out, diag_list *diags, git_repository *repo, const git_commit *c,
		     const char *prefix, const char *where, int english, int shallow,
		     const history *old)
{
	walk w;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.diags = diags;
	w.prefix = prefix;
	w.where = where;
	w.english_default = english;
	w.is_shallow = shallow;
	w.h = mem_calloc(1, sizeof(history));
	git_oid_tostr(w.h->commit, sizeof(w.h->commit), git_commit_id(c));
	buf_init(&w.path);
	if (shallow)
		read_shallow(&w);
	if (old) {
		git_oid base;
		if (git_oid_fromstr(&base, old->commit) < 0) {
			rc = 1;
			goto out;
		}
		w.base = &base;
		rc = walk_run(&w, c);
		if (rc == 0 && w.base_failed)
			rc = 1; /* not possible incrementally: walk in full */
		if (rc == 0)
			join_cached(&w, old);
		w.base = NULL;
	} else {
		rc = walk_run(&w, c);
	}
	if (rc == 0) {
		finish(w.h);
		w.h->from_cache = old ? 2 : 0;
		*out = w.h;
		w.h = NULL;
	}
out:
	history_free(w.h);
	walk_free(&w);
	return rc;
}

int history_load(history **out, diag_list *diags, struct git_repository *repo,
		 const char *commit_hex, const history_options *opts)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	buf prefix = BUF_INIT, name = BUF_INIT;
	cache_ctx cc;
	history *h = NULL, *old = NULL;
	const char *lang = opts && opts->lang ? opts->lang : "sv";
	int english = lang_is_english(lang);
	int rc, shallow;
	char hex[41];
	const char *where;

	*out = NULL;
	normalise_prefix(&prefix, opts ? opts->prefix : NULL);
	where = prefix.size ? prefix.ptr : ".";
	rc = git_revparse_single(&obj, repo, commit_hex ? commit_hex : "HEAD");
	if (rc == 0)
		rc = git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT);
	if (rc < 0) {
		int missing = rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC ||
			      rc == GIT_EAMBIGUOUS || rc == GIT_EPEEL || rc == GIT_EUNBORNBRANCH;
		DIAG_ERROR(diags, where, 0, 0, "hittar inte incheckningen \"%s\" i git-arkivet: %s",
			   "cannot find the commit \"%s\" in the git repository: %s",
			   commit_hex ? commit_hex : "HEAD", git_message());
		rc = missing ? HISTORY_ENOTFOUND : HISTORY_EIO;
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	shallow = git_repository_is_shallow(repo) == 1;
	cache_open(&cc, diags, repo, opts ? opts->cache_dir : NULL, prefix.ptr, lang, shallow);

	if (cc.dir) {
		/* The same commit built before. */
		cache_name(&name, &cc, hex);
		if ((h = cache_read(name.ptr, hex, cc.key)) != NULL) {
			h->from_cache = 1;
			utimes(name.ptr, NULL); /* recently used: kept when pruning */
			goto done;
		}
		/* An ancestor built before: walk only what came since. */
		{
			size_t n, i;
			cand *list = cache_list(&n, &cc, hex);
			for (i = 0; i < n && i < HISTORY_INCREMENTAL_TRIES && !h; i++) {
				git_oid id;
				buf cn = BUF_INIT;
				if (git_oid_fromstr(&id, list[i].commit) < 0 ||
				    git_graph_descendant_of(repo, git_commit_id(c), &id) != 1)
					continue;
				cache_name(&cn, &cc, list[i].commit);
				old = cache_read(cn.ptr, list[i].commit, cc.key);
				buf_free(&cn);
				if (!old)
					continue;
				rc = walk_once(&h, diags, repo, c, prefix.ptr, where, english,
					       shallow, old);
				history_free(old);
				old = NULL;
				if (rc < 0)
					break;
			}
			free(list);
			if (rc < 0)
				goto out;
			git_error_clear();
		}
	}
	if (!h &&
	    (rc = walk_once(&h, diags, repo, c, prefix.ptr, where, english, shallow, NULL)) < 0)
		goto out;
	if (cc.dir)
		cache_write(diags, &cc, h);
done:
	if (shallow)
		DIAG_WARNING(
		    diags, where, 0, 0,
		    "git-arkivet är en grund klon (shallow clone): historiken är ofullständig, "
		    "så publicerings- och ändringsdatum kan vara fel. Hämta hela historiken "
		    "(git fetch --unshallow, eller fetch-depth: 0 i CI)",
		    "the git repository is a shallow clone: its history is incomplete, so "
		    "publication and change dates may be wrong. Fetch the whole history "
		    "(git fetch --unshallow, or fetch-depth: 0 in CI)");
	*out = h;
	h = NULL;
	rc = 0;
out:
	history_free(h);
	history_free(old);
	buf_free(&prefix);
	buf_free(&name);
	git_commit_free(c);
	git_object_free(obj);
	return rc;
}

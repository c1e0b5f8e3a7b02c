/* search: see search.h. */
#define _GNU_SOURCE /* qsort_r: no global comparator state */
#include "search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "escape.h"
#include "mem.h"
#include "utf8.h"

/* ---- words --------------------------------------------------------------------- */

/* Swedish words too common to tell dialogues apart, and the months (a
 * dialogue's dates are in its list item and the year facet), in strcmp
 * order (UTF-8 bytes: "från" before "får" before "för") for bsearch. */
static const char *const stop_words[] = {
	"alla", "allt", "andra", "april", "att", "augusti", "av", "bara", "blir", "de", "december",
	"dem", "den", "denna", "dessa", "det", "detta", "din", "dina", "ditt", "du", "där", "eller",
	"en", "er", "era", "ert", "ett", "februari", "finns", "från", "får", "för", "ha", "hade", "han",
	"har", "hon", "hur", "här", "i", "in", "inom", "inte", "jag", "januari", "juli", "juni", "kan",
	"maj", "man", "mars", "med", "men", "mot", "många", "ni", "november", "nu", "när", "och",
	"oktober", "om", "oss", "på", "september", "sig", "sin", "sina", "ska", "skulle", "som", "så",
	"till", "under", "ut", "vad", "var", "vara", "vi", "vid", "vill", "vår", "våra", "vårt", "än",
	"är", "även", "över",
};

static int stop_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int search_is_stop_word(const char *word, size_t len)
{
	char w[16];

	if (len >= sizeof(w))
		return 0;
	memcpy(w, word, len);
	w[len] = '\0';
	return bsearch(w, stop_words, sizeof(stop_words) / sizeof(stop_words[0]),
		       sizeof(stop_words[0]), stop_cmp) != NULL;
}

/* Lower case for ASCII and Latin-1, the letters Swedish text holds; the
 * same rule as sok.js's, so a query matches what the index wrote. */
static uint32_t fold(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 0x20;
	return cp;
}

/* Letters and digits: ASCII, and every code point from U+00C0 on except
 * the multiplication and division signs and general punctuation (dashes,
 * quotes, spaces). */
static int is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x206F) &&
	       cp != 0x3000 && cp != 0xFEFF && cp != 0xFFFD;
}

/* Days of the month and the like: numbers of one or two digits. */
static int is_short_number(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] < '0' || word[i] > '9')
			return 0;
	return len < 3;
}

/* 1 when out (" "-separated) holds word already. */
static int has_word(const buf *out, const char *word, size_t len)
{
	const char *p = out->ptr, *end = out->ptr + out->size;

	while (p < end) {
		const char *stop = memchr(p, ' ', (size_t)(end - p));
		size_t n = stop ? (size_t)(stop - p) : (size_t)(end - p);
		if (n == len && !memcmp(p, word, len))
			return 1;
		p += n + 1;
	}
	return 0;
}

/* Calls each(arg, word, len, chars) for every word of text[0..len), lower
 * case, chars its number of characters; the filters are the caller's. */
static void each_word(const char *text, size_t len,
		      void (*each)(void *arg, const char *word, size_t len, size_t chars), void *arg)
{
	buf word = BUF_INIT;
	size_t i = 0, chars = 0;
	uint32_t cp;
	int n;

	for (;;) {
		/* ASCII, most of the text, without the decoder (same result). */
		if (i < len && (unsigned char)text[i] < 0x80) {
			unsigned char c = (unsigned char)text[i];
			n = 1;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				size_t j = i + 1; /* the run that needs no folding */
				while (j < len && ((text[j] >= 'a' && text[j] <= 'z') ||
						   (text[j] >= '0' && text[j] <= '9')))
					j++;
				buf_put(&word, text + i, j - i);
				chars += j - i;
				i = j;
				continue;
			}
			if (c >= 'A' && c <= 'Z') {
				buf_putc(&word, c + 0x20);
				chars++;
				i++;
				continue;
			}
		} else {
			n = i < len ? utf8_decode(&cp, text + i, len - i) : 0;
			if (n > 0 && is_word_char(cp)) {
				utf8_put(&word, fold(cp));
				chars++;
				i += (size_t)n;
				continue;
			}
		}
		if (chars)
			each(arg, word.ptr, word.size, chars);
		buf_clear(&word);
		chars = 0;
		if (i >= len)
			break;
		i += n > 0 ? (size_t)n : 1;
	}
	buf_free(&word);
}

/* 1 when the index leaves word out whatever the dialogue: one character,
 * a number of one or two digits, a stop word. */
static int is_left_out(const char *word, size_t len, size_t chars)
{
	return chars < 2 || is_short_number(word, len) || search_is_stop_word(word, len);
}

static void add_word(void *arg, const char *word, size_t len, size_t chars)
{
	buf *out = arg;

	if (is_left_out(word, len, chars) || has_word(out, word, len))
		return;
	if (out->size)
		buf_putc(out, ' ');
	buf_put(out, word, len);
}

void search_words(buf *out, const char *text, size_t len)
{
	each_word(text, len, add_word, out);
}

/* ---- A–Ö ----------------------------------------------------------------------- */

/* A code point's place in Swedish alphabetical order: digits, a-z, å, ä
 * (æ), ö (ø); accented letters as their base letter (é as e, ü as y);
 * anything else after. */
static uint32_t collation_key(uint32_t cp)
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuy y"; /* U+00E0.. */
	cp = fold(cp);
	if (cp == 0xE5) /* å */
		return 'z' + 1;
	if (cp == 0xE4 || cp == 0xE6) /* ä æ */
		return 'z' + 2;
	if (cp == 0xF6 || cp == 0xF8) /* ö ø */
		return 'z' + 3;
	if (cp == 0xFC) /* ü: y in Swedish */
		return 'y';
	if (cp >= 0xE0 && cp <= 0xFF && latin1[cp - 0xE0] >= 'a' && latin1[cp - 0xE0] <= 'z')
		return (uint32_t)latin1[cp - 0xE0];
	if (cp == 0xDF) /* ß */
		return 's';
	if (cp < 0x80)
		return cp;
	return 0x100 + cp;
}

/* The next letter or digit of *s (skipping spaces and punctuation), as a
 * collation key; 0 at the end. */
static uint32_t next_key(const char **s)
{
	uint32_t cp;
	int n;

	while (**s) {
		/* At most 4 bytes make a character; the NUL stops a short one. */
		n = utf8_decode(&cp, *s, strnlen(*s, 4));
		*s += n > 0 ? n : 1;
		if (is_word_char(cp))
			return collation_key(cp);
	}
	return 0;
}

int search_collate(const char *a, const char *b)
{
	uint32_t x, y;

	do {
		x = next_key(&a);
		y = next_key(&b);
	} while (x && x == y);
	return x < y ? -1 : x > y;
}

/* The collation keys of every title, so sorting compares arrays instead of
 * decoding both titles again at each of its n log n comparisons. */
typedef struct title_keys {
	const pages *pg;
	uint32_t *keys; /* each title's keys, then 0 */
	size_t *at;     /* per model dialogue: where its keys start */
} title_keys;

static int title_order(const void *a, const void *b, void *arg)
{
	const title_keys *t = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const uint32_t *x = t->keys + t->at[i], *y = t->keys + t->at[j];

	while (*x && *x == *y) {
		x++;
		y++;
	}
	if (*x != *y) /* search_collate's order */
		return *x < *y ? -1 : 1;
	return strcmp(t->pg->m->dialogues[i].slug, t->pg->m->dialogues[j].slug);
}

size_t *search_order(const pages *pg, size_t *n)
{
	size_t *idx = mem_alloc((pg->n_order + 1) * sizeof(size_t));
	title_keys t = { pg, NULL, mem_alloc((pg->m->n_dialogues + 1) * sizeof(size_t)) };
	size_t i, len = 0, cap = 0;

	for (i = 0; i < pg->n_order; i++) {
		const model_dialogue *d = &pg->m->dialogues[pg->order[i]];
		const char *title = value_string(value_map_get(d->fm, "title"));
		const char *s = title ? title : d->slug;
		uint32_t key;
		t.at[pg->order[i]] = len;
		do {
			key = next_key(&s);
			t.keys = mem_grow_array(t.keys, &cap, len + 1, sizeof(uint32_t));
			t.keys[len++] = key;
		} while (key);
	}
	memcpy(idx, pg->order, pg->n_order * sizeof(size_t));
	*n = pg->n_order;
	qsort_r(idx, *n, sizeof(size_t), title_order, &t);
	free(t.keys);
	free(t.at);
	return idx;
}

/* ---- the index ----------------------------------------------------------------- */

/* The facets of the index and of the page, in the order of a dialogue's
 * fields; PAGES_FACET_COUNT + 0 and + 1 stand for status and level. */
#define FACET_STATUS PAGES_FACET_COUNT
#define FACET_LEVEL (PAGES_FACET_COUNT + 1)
/* Yes or no (issue 17): "ja" is value 0, "nej" value 1. */
#define FACET_POLITICIANS (PAGES_FACET_COUNT + 2)
#define FACET_CONTINUOUS (PAGES_FACET_COUNT + 3)
#define FACET_EVALUATED (PAGES_FACET_COUNT + 4)
static const int index_facets[] = { FACET_STATUS, FACET_LEVEL, PAGES_FACET_COMMITTEE,
				    PAGES_FACET_AREA, PAGES_FACET_THEME, PAGES_FACET_TARGET,
				    PAGES_FACET_YEAR, PAGES_FACET_KIND, FACET_POLITICIANS,
				    FACET_CONTINUOUS, FACET_EVALUATED };
#define N_INDEX_FACETS (sizeof(index_facets) / sizeof(index_facets[0]))
static const char *const index_facet_titles[] = { "status", "level", "facet_committee",
						  "facet_area", "facet_theme", "facet_target_group",
						  "facet_year", "facet_kind", "facet_politicians",
						  "facet_continuous", "facet_evaluated" };

static int is_yes_no(int k)
{
	return k == FACET_POLITICIANS || k == FACET_CONTINUOUS || k == FACET_EVALUATED;
}

/* A yes-or-no facet's value for d: 0 yes, 1 no. */
static int yes_no_of(int k, const facts_dialogue *d)
{
	int yes = k == FACET_POLITICIANS ? d->has_politicians
		: k == FACET_CONTINUOUS ? d->continuous
					: d->evaluated;

	return yes ? 0 : 1;
}

/* Value j of index facet k: its slug and label. */
static void facet_value(const char **slug, const char **label, const pages *pg,
			const pages_facet facets[PAGES_FACET_COUNT], int k, size_t j)
{
	const char *lang = pg->m->lang;

	if (k == FACET_STATUS) {
		*slug = model_status_slugs[j];
		*label = facts_status_label(pg->f, lang, (model_status)j);
	} else if (k == FACET_LEVEL) {
		*slug = model_level_keys[j];
		*label = facts_level_text(pg->f, lang, (model_level)j, "label");
	} else if (is_yes_no(k)) {
		*slug = j == 0 ? "ja" : "nej";
		*label = facts_text(pg->f, lang, j == 0 ? "filter_yes" : "filter_no");
	} else {
		*slug = facets[k].values[j].slug;
		*label = facets[k].values[j].label;
	}
}

static size_t facet_count(const pages_facet facets[PAGES_FACET_COUNT], int k)
{
	if (is_yes_no(k))
		return 2;
	return k == FACET_STATUS ? MODEL_STATUS_COUNT : k == FACET_LEVEL ? MODEL_LEVEL_COUNT
									 : facets[k].n;
}

static const char *facet_key(const pages_facet facets[PAGES_FACET_COUNT], int k)
{
	if (is_yes_no(k)) /* the names in /sok/?politiker=ja */
		return k == FACET_POLITICIANS ? "politiker" : k == FACET_CONTINUOUS ? "lopande" : "utvarderad";
	return k == FACET_STATUS ? "status" : k == FACET_LEVEL ? "niva" : facets[k].dir;
}

/* Per model dialogue, the values it has of facet f, as ",3,7" (indices
 * into the facet's values, ascending). */
static buf *facet_members(const pages *pg, const pages_facet *f)
{
	buf *of = mem_calloc(pg->m->n_dialogues + 1, sizeof(buf));
	size_t i, j;

	for (i = 0; i <= pg->m->n_dialogues; i++)
		of[i] = (buf)BUF_INIT; /* a buf's ptr is never NULL */
	for (i = 0; i < f->n; i++)
		for (j = 0; j < f->values[i].n; j++)
			buf_printf(&of[f->values[i].idx[j]], ",%zu", i);
	return of;
}

/* Writes the facet fields of dialogue di (d, its facts fd) after its words. */
static void index_facet_fields(buf *out, const model_dialogue *d, const facts_dialogue *fd,
			       size_t di, buf *const members[N_INDEX_FACETS])
{
	size_t k;

	for (k = 0; k < N_INDEX_FACETS; k++) {
		int f = index_facets[k];
		const buf *m;
		if (f == FACET_STATUS) {
			buf_printf(out, ",%d", (int)d->status);
			continue;
		}
		if (f == FACET_LEVEL) {
			buf_printf(out, ",%d", (int)d->level);
			continue;
		}
		if (is_yes_no(f)) {
			buf_printf(out, ",%d", yes_no_of(f, fd));
			continue;
		}
		m = &members[k][di];
		if (f == PAGES_FACET_AREA || f == PAGES_FACET_THEME || f == PAGES_FACET_TARGET)
			buf_printf(out, ",[%s]", m->size ? m->ptr + 1 : "");
		else
			buf_printf(out, ",%s", m->size ? m->ptr + 1 : "-1");
	}
}

/* ---- the words of every dialogue ------------------------------------------------------
 *
 * Each distinct word of the site is found once in a dictionary, which
 * keeps whether the index leaves it out (a stop word ...) and in how many
 * dialogues it is (the common words, below); a dialogue keeps the numbers
 * of its words in the order first seen. Per word of text that is a hash
 * and a comparison, where a list of the dialogue's words looked at every
 * word before it. */

typedef struct dict_word {
	size_t at, len;  /* in dict.text */
	size_t n;        /* dialogues that have it */
	size_t last;     /* the last dialogue that had it, + 1 */
	int left_out;    /* is_left_out */
} dict_word;

typedef struct dict {
	buf text;              /* every word's bytes */
	dict_word *words;
	size_t n, cap;
	size_t *slots;         /* open addressing: word number + 1; 0 free */
	size_t mask;
	size_t *ids;           /* every dialogue's words, one after another */
	size_t n_ids, ids_cap;
	size_t current;        /* the dialogue being read, + 1 */
} dict;

static size_t *dict_slot(dict *t, const char *word, size_t len)
{
	size_t i = (size_t)XXH3_64bits(word, len) & t->mask;

	while (t->slots[i] && (t->words[t->slots[i] - 1].len != len ||
			       memcmp(t->text.ptr + t->words[t->slots[i] - 1].at, word, len)))
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

static void dict_grow(dict *t)
{
	size_t i, *old = t->slots, n_old = t->mask + 1;

	t->mask = old ? n_old * 2 - 1 : 1023;
	t->slots = mem_calloc(t->mask + 1, sizeof(size_t));
	for (i = 0; old && i < n_old; i++)
		if (old[i]) {
			const dict_word *w = &t->words[old[i] - 1];
			*dict_slot(t, t->text.ptr + w->at, w->len) = old[i];
		}
	free(old);
}

/* each_word's callback: a word of the dialogue t->current. */
static void dict_add(void *arg, const char *word, size_t len, size_t chars)
{
	dict *t = arg;
	size_t *slot;
	dict_word *w;

	if (!t->slots || (t->n + 1) * 2 > t->mask + 1)
		dict_grow(t);
	slot = dict_slot(t, word, len);
	if (!*slot) {
		t->words = mem_grow_array(t->words, &t->cap, t->n + 1, sizeof(*w));
		w = &t->words[t->n];
		w->at = t->text.size;
		w->len = len;
		w->n = 0;
		w->last = 0;
		w->left_out = is_left_out(word, len, chars);
		buf_put(&t->text, word, len);
		*slot = ++t->n;
	}
	w = &t->words[*slot - 1];
	if (w->left_out || w->last == t->current)
		return; /* left out, or already the dialogue's */
	w->last = t->current;
	w->n++;
	t->ids = mem_grow_array(t->ids, &t->ids_cap, t->n_ids + 1, sizeof(size_t));
	t->ids[t->n_ids++] = *slot - 1;
}

static void dict_text(dict *t, const char *s)
{
	if (s)
		each_word(s, strlen(s), dict_add, t);
}

/* The words of a dialogue: title, summary, facet values, the body's lead. */
static void dialogue_words(dict *t, const model_dialogue *d)
{
	static const char *const keys[] = { "title", "summary", "areas", "themes", "target_groups",
					    "methods", NULL };
	size_t k, i;

	for (k = 0; keys[k]; k++) {
		const value *v = value_map_get(d->fm, keys[k]);
		dict_text(t, value_string(v));
		for (i = 0; i < value_list_len(v); i++)
			dict_text(t, value_string(value_list_at(v, i)));
	}
	dict_text(t, d->lead_text);
}

static void dict_free(dict *t)
{
	buf_free(&t->text);
	free(t->words);
	free(t->slots);
	free(t->ids);
}

/* ---- words most dialogues have ----------------------------------------------------
 *
 * A word in more than SEARCH_COMMON_SHARE of the dialogues (and in at least
 * SEARCH_COMMON_MIN, so a small site keeps every word) tells them apart no
 * better than a stop word: in a large site such words ("bakgrund",
 * "kontakt", the heading every dialogue has) were a third of the index. The
 * index leaves them out and lists them with the stop words, which sok.js
 * ignores in a query. */
#define SEARCH_COMMON_SHARE 10 /* per cent */
#define SEARCH_COMMON_MIN 100

static int is_common(const dict_word *w, size_t n_dialogues)
{
	return w->n >= SEARCH_COMMON_MIN && w->n * 100 > n_dialogues * SEARCH_COMMON_SHARE;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stop words, then the common words in strcmp order. */
static void index_stop_words(buf *out, const dict *t, size_t n_dialogues)
{
	char **common = mem_alloc((t->n + 1) * sizeof(char *));
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		if (is_common(&t->words[i], n_dialogues))
			common[n++] = mem_strndup(t->text.ptr + t->words[i].at, t->words[i].len);
	if (n)
		qsort(common, n, sizeof(char *), str_cmp);
	buf_puts(out, "\"stop\":[");
	for (i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++) {
		buf_puts(out, i ? "," : "");
		escape_json_cstring(out, stop_words[i], 0);
	}
	for (i = 0; i < n; i++) {
		buf_putc(out, ',');
		escape_json_cstring(out, common[i], 0);
		free(common[i]);
	}
	buf_puts(out, "],\n");
	free(common);
}

void search_index(buf *out, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT],
		  const size_t *order, size_t n)
{
	buf *members[N_INDEX_FACETS];
	size_t *first = mem_alloc((n + 1) * sizeof(size_t)); /* dialogue i's words: first[i].. */
	dict t = { BUF_INIT, NULL, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	buf kept = BUF_INIT;
	const char *slug, *label;
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		first[i] = t.n_ids;
		t.current = i + 1;
		dialogue_words(&t, &pg->m->dialogues[order[i]]);
	}
	first[n] = t.n_ids;
	buf_puts(out, "{\"version\":1,\n");
	index_stop_words(out, &t, n);
	buf_puts(out, "\"facets\":[");
	for (k = 0; k < N_INDEX_FACETS; k++) {
		int f = index_facets[k];
		members[k] = f < PAGES_FACET_COUNT ? facet_members(pg, &facets[f]) : NULL;
		buf_printf(out, "%s{\"key\":\"%s\",\"values\":[", k ? ",\n" : "", facet_key(facets, f));
		for (j = 0; j < facet_count(facets, f); j++) {
			facet_value(&slug, &label, pg, facets, f, j);
			buf_puts(out, j ? ",[" : "[");
			escape_json_cstring(out, slug, 0);
			buf_putc(out, ',');
			escape_json_cstring(out, label, 0);
			buf_putc(out, ']');
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "],\n\"dialogues\":[");
	for (i = 0; i < n; i++) {
		buf_clear(&kept);
		for (j = first[i]; j < first[i + 1]; j++) {
			const dict_word *w = &t.words[t.ids[j]];
			if (is_common(w, n))
				continue;
			if (kept.size)
				buf_putc(&kept, ' ');
			buf_put(&kept, t.text.ptr + w->at, w->len);
		}
		buf_puts(out, i ? ",\n[" : "\n[");
		escape_json(out, kept.ptr, kept.size, 0);
		index_facet_fields(out, &pg->m->dialogues[order[i]],
				   facts_of(pg->f, &pg->m->dialogues[order[i]]), order[i], members);
		buf_putc(out, ']');
	}
	buf_puts(out, "]}\n");
	for (k = 0; k < N_INDEX_FACETS; k++) {
		if (!members[k])
			continue;
		for (i = 0; i < pg->m->n_dialogues; i++)
			buf_free(&members[k][i]);
		free(members[k]);
	}
	dict_free(&t);
	free(first);
	buf_free(&kept);
}

/* ---- the page ------------------------------------------------------------------ */

/* The selects sok.js shows: one per facet, every value. */
static value *search_selects(const pages *pg, const pages_facet facets[PAGES_FACET_COUNT])
{
	value *selects = value_new_list();
	const char *slug, *label;
	size_t j, k;

	for (k = 0; k < N_INDEX_FACETS; k++) {
		int f = index_facets[k];
		value *select = value_new_map(), *options = value_new_list();
		value_map_set_string(select, "key", facet_key(facets, f));
		value_map_set_string(select, "label", facts_text(pg->f, pg->m->lang, index_facet_titles[k]));
		for (j = 0; j < facet_count(facets, f); j++) {
			value *option = value_new_map();
			facet_value(&slug, &label, pg, facets, f, j);
			value_map_set_string(option, "value", slug);
			value_map_set_string(option, "label", label);
			value_list_push(options, option);
		}
		value_map_set(select, "options", options);
		value_list_push(selects, select);
	}
	return selects;
}

value *search_page(buf *path, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT],
		   const size_t *order, size_t n, const char *script_url, const char *index_url)
{
	const char *lang = pg->m->lang;
	value *ctx, *items = value_new_list();
	buf url = BUF_INIT;
	size_t i;

	buf_printf(&url, "%ssok/", pg->root);
	ctx = pages_context(pg, lang, facts_text(pg->f, lang, "search_title"), url.ptr, NULL, NULL,
			    facts_text(pg->f, lang, "search_intro"));
	for (i = 0; i < n; i++) {
		const model_dialogue *d = &pg->m->dialogues[order[i]];
		const value *card = pg->cards[order[i]];
		value *item = value_new_map();
		value_map_set_string(item, "slug", d->slug);
		value_map_set_string(item, "title", value_string(value_map_get(card, "title")));
		value_map_set_string(item, "url", value_string(value_map_get(card, "url")));
		value_map_set_string(item, "status_label", value_string(value_map_get(card, "status_label")));
		value_list_push(items, item);
	}
	value_map_set_string(ctx, "search_url", url.ptr);
	value_map_set_string(ctx, "script_url", script_url);
	value_map_set_string(ctx, "index_url", index_url);
	{
		buf count = BUF_INIT; /* shown: 2 318 */
		escape_number(&count, (double)n);
		value_map_set_string(ctx, "count", count.ptr);
		buf_free(&count);
	}
	value_map_set(ctx, "results", items);
	value_map_set(ctx, "selects", search_selects(pg, facets));
	value_map_set(ctx, "filters", pages_filters(pg));
	buf_puts(path, "sok/index.html");
	buf_free(&url);
	return ctx;
}

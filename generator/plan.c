#include "plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "mem.h"
#include "slug.h"
#include "value.h"

/* ---- clashes ------------------------------------------------------------------- */

/* A facet's values as their slugs, with the label written first. */
typedef struct plan_values {
	char **slugs;
	const char **labels;
	size_t n;
} plan_values;

typedef struct plan_candidate {
	const model_dialogue *d;
	size_t index;
	int start, end; /* end: PLAN_OPEN_END when there is none */
	plan_values targets, areas, themes;
} plan_candidate;

#define PLAN_OPEN_END 0x7fffffff

static void values_init(plan_values *out, const value *v)
{
	size_t i, n = v && v->type == VALUE_LIST ? v->u.list.len : value_string(v) ? 1 : 0;
	buf b = BUF_INIT;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	out->slugs = mem_calloc(n, sizeof(char *));
	out->labels = mem_calloc(n, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = value_string(v->type == VALUE_LIST ? v->u.list.items[i] : v);
		if (!s || !*s)
			continue;
		buf_clear(&b);
		slug_from_text(&b, s, strlen(s));
		out->slugs[out->n] = mem_strdup(b.ptr);
		out->labels[out->n] = s;
		out->n++;
	}
	buf_free(&b);
}

static void values_free(plan_values *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->slugs[i]);
	free(v->slugs);
	free(v->labels);
}

/* The first value of a that b has too (its label as a writes it), or NULL. */
static const char *values_shared(const plan_values *a, const plan_values *b)
{
	size_t i, k;

	for (i = 0; i < a->n; i++)
		for (k = 0; k < b->n; k++)
			if (!strcmp(a->slugs[i], b->slugs[k]))
				return a->labels[i];
	return NULL;
}

static int candidate_cmp(const void *x, const void *y)
{
	const plan_candidate *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static const value *start_pos(const model_dialogue *d)
{
	const value *v = value_map_get(d->fm, "start");
	return v ? v : d->fm;
}

/* Reports that later clashes with earlier (see plan_check); what they
 * share: the target group, and the area or else the theme. */
static void clash_report(diag_list *diags, const plan_candidate *earlier,
			 const plan_candidate *later, const char *group, const char *area,
			 const char *theme)
{
	const value *here = start_pos(later->d), *there = start_pos(earlier->d);
	const char *title = value_string(value_map_get(earlier->d->fm, "title"));
	int last = earlier->end < later->end ? earlier->end : later->end;
	buf period = BUF_INIT, day = BUF_INIT;

	date_format_iso(&day, later->start);
	buf_printf(&period, "%s%s", diag_pick("från ", "from "), day.ptr);
	if (last == PLAN_OPEN_END) {
		buf_puts(&period, diag_pick(" och framåt", " onwards"));
	} else {
		buf_clear(&day);
		date_format_iso(&day, last);
		buf_printf(&period, "%s%s", diag_pick(" till ", " to "), day.ptr);
	}
	DIAG_WARNING(diags, later->d->path, here->line, here->col,
		     "risk för dialogtrötthet: dialogen pågår samtidigt som \"%s\" (%s:%d:%d) %s, "
		     "och båda vänder sig till målgruppen \"%s\" %s \"%s\"; flytta den ena eller "
		     "samordna dem",
		     "risk of dialogue fatigue: this dialogue runs at the same time as \"%s\" "
		     "(%s:%d:%d) %s, and both address the target group \"%s\" %s \"%s\"; move one "
		     "of them or coordinate them",
		     title ? title : earlier->d->slug, earlier->d->path, there->line, there->col,
		     period.ptr, group,
		     area ? diag_pick("i området", "in the area") : diag_pick("med temat", "on the theme"),
		     area ? area : theme);
	buf_free(&period);
	buf_free(&day);
}

/* A dialogue's warnings name at most PLAN_SHOWN earlier dialogues it
 * clashes with, the earliest first; more get one warning of their own. At
 * ten thousand dialogues every pair would be millions of warnings. */
#define PLAN_SHOWN 3

/* What two dialogues must share to clash: a target group and an area, or
 * a target group and a theme, as one key ("a\x1f<group>\x1f<area>"). */
typedef struct plan_key {
	char *key;
	size_t rank; /* the candidate's place in start order */
} plan_key;

static int key_cmp(const void *x, const void *y)
{
	const plan_key *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* A dialogue's keys come from at most this many target groups, areas and
 * themes each: real lists are a handful, and a hostile file of hundreds of
 * each must not make hundreds of thousands of keys. */
#define PLAN_MAX_VALUES 32

static void keys_add(plan_key **keys, size_t *n, size_t *cap, size_t rank, const plan_values *t,
		     const plan_values *v, char kind)
{
	size_t i, k;

	for (i = 0; i < t->n && i < PLAN_MAX_VALUES; i++)
		for (k = 0; k < v->n && k < PLAN_MAX_VALUES; k++) {
			buf b = BUF_INIT;
			buf_printf(&b, "%c\x1f%s\x1f%s", kind, t->slugs[i], v->slugs[k]);
			*keys = mem_grow_array(*keys, cap, *n + 1, sizeof(**keys));
			(*keys)[*n].key = buf_detach(&b);
			(*keys)[*n].rank = rank;
			(*n)++;
		}
}

/* Adds the earlier candidate j to later's partners (kept sorted, the
 * PLAN_SHOWN + 1 earliest: one more than shown says that there are more). */
static void partner_add(size_t *p, size_t *n, size_t j)
{
	size_t i, at;

	for (i = 0; i < *n; i++)
		if (p[i] == j)
			return;
	for (at = 0; at < *n && p[at] < j; at++)
		;
	if (at == PLAN_SHOWN + 1)
		return;
	if (*n < PLAN_SHOWN + 1)
		(*n)++;
	for (i = *n - 1; i > at; i--)
		p[i] = p[i - 1];
	p[at] = j;
}

size_t plan_check(diag_list *diags, const model_site *m)
{
	plan_candidate *c = mem_calloc(m->n_originals + 1, sizeof(*c));
	plan_key *keys = NULL;
	size_t(*partners)[PLAN_SHOWN + 1];
	size_t *n_partners, *next;
	size_t n = 0, n_keys = 0, keys_cap = 0, i, k, clashes = 0;

	for (i = 0; i < m->n_originals; i++) {
		const model_dialogue *d = &m->dialogues[i];
		if ((d->status != MODEL_PLANNED && d->status != MODEL_ONGOING) || d->start == DATE_NONE)
			continue;
		c[n].d = d;
		c[n].index = i;
		c[n].start = d->start;
		c[n].end = d->end == DATE_NONE ? PLAN_OPEN_END : d->end;
		values_init(&c[n].targets, value_map_get(d->fm, "target_groups"));
		if (c[n].targets.n == 0) {
			values_free(&c[n].targets);
			continue; /* no target group: nothing to share */
		}
		values_init(&c[n].areas, value_map_get(d->fm, "areas"));
		values_init(&c[n].themes, value_map_get(d->fm, "themes"));
		n++;
	}
	qsort(c, n, sizeof(*c), candidate_cmp);
	for (i = 0; i < n; i++) {
		keys_add(&keys, &n_keys, &keys_cap, i, &c[i].targets, &c[i].areas, 'a');
		keys_add(&keys, &n_keys, &keys_cap, i, &c[i].targets, &c[i].themes, 't');
	}
	if (n_keys)
		qsort(keys, n_keys, sizeof(*keys), key_cmp);
	/* One key once per dialogue: "Unga" and "unga" in one list are one
	 * slug, and a copy would take a place among the open periods looked at. */
	for (i = k = 0; i < n_keys; i++) {
		if (k > 0 && keys[k - 1].rank == keys[i].rank && !strcmp(keys[k - 1].key, keys[i].key)) {
			free(keys[i].key);
			continue;
		}
		keys[k++] = keys[i];
	}
	n_keys = k;
	partners = mem_calloc(n + 1, sizeof(*partners));
	n_partners = mem_calloc(n + 1, sizeof(*n_partners));
	next = mem_calloc(n_keys + 1, sizeof(*next));
	/* Per key, its candidates in start order, with a list of those still
	 * open: a period that ended before one candidate starts has ended
	 * before every later one starts, so it leaves the list for good, and
	 * each candidate looks at no more than PLAN_SHOWN + 1 open ones. The
	 * list links positions in keys[]; SIZE_MAX ends it. */
	for (i = 0; i < n_keys;) {
		size_t end = i, head = SIZE_MAX, tail = SIZE_MAX;
		while (end < n_keys && !strcmp(keys[end].key, keys[i].key))
			end++;
		for (k = i; k < end; k++) {
			size_t later = keys[k].rank, prev = SIZE_MAX, at = head, found = 0;
			while (at != SIZE_MAX && found < PLAN_SHOWN + 1) {
				size_t earlier = keys[at].rank;
				if (c[earlier].end < c[later].start) { /* ended: unlink */
					at = next[at];
					if (prev == SIZE_MAX)
						head = at;
					else
						next[prev] = at;
					if (at == SIZE_MAX)
						tail = prev;
					continue;
				}
				if (earlier != later) {
					partner_add(partners[later], &n_partners[later], earlier);
					found++;
				}
				prev = at;
				at = next[at];
			}
			next[k] = SIZE_MAX;
			if (tail == SIZE_MAX)
				head = k;
			else
				next[tail] = k;
			tail = k;
		}
		i = end;
	}
	for (k = 0; k < n; k++) {
		for (i = 0; i < n_partners[k] && i < PLAN_SHOWN; i++) {
			const plan_candidate *e = &c[partners[k][i]], *l = &c[k];
			const char *group = values_shared(&l->targets, &e->targets);
			const char *area = values_shared(&l->areas, &e->areas), *theme = NULL;
			if (!area)
				theme = values_shared(&l->themes, &e->themes);
			clash_report(diags, e, l, group, area, theme);
			clashes++;
		}
		if (n_partners[k] > PLAN_SHOWN) {
			const value *here = start_pos(c[k].d);
			DIAG_WARNING(diags, c[k].d->path, here->line, here->col,
				     "risk för dialogtrötthet: fler än %d andra dialoger pågår samtidigt "
				     "för samma målgrupp och område eller tema (de %d som börjar först "
				     "visas här); se /planering/ och samordna dem",
				     "risk of dialogue fatigue: more than %d other dialogues run at the "
				     "same time for the same target group and area or theme (the %d that "
				     "start first are shown here); see /planering/ and coordinate them",
				     PLAN_SHOWN, PLAN_SHOWN);
		}
	}
	for (i = 0; i < n_keys; i++)
		free(keys[i].key);
	free(keys);
	free(partners);
	free(n_partners);
	free(next);
	for (i = 0; i < n; i++) {
		values_free(&c[i].targets);
		values_free(&c[i].areas);
		values_free(&c[i].themes);
	}
	free(c);
	return clashes;
}

/* ---- the months of /planering/ ---------------------------------------------------- */

typedef struct plan_item {
	size_t index;
	int month; /* first day of its month; DATE_NONE last */
	int start;
	const char *slug;
} plan_item;

static int first_of_month(int day)
{
	int y, mo, d;

	date_to_ymd(day, &y, &mo, &d);
	return date_from_ymd(y, mo, 1);
}

static int item_cmp(const void *x, const void *y)
{
	const plan_item *a = x, *b = y;

	if (a->month != b->month) /* DATE_NONE is the smallest int: put it last */
		return a->month == DATE_NONE ? 1 : b->month == DATE_NONE ? -1 : a->month < b->month ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

int plan_months(plan_month **out, size_t *n_out, const model_site *m)
{
	plan_item *items = mem_calloc(m->n_originals + 1, sizeof(*items));
	plan_month *months = NULL;
	size_t n = 0, n_months = 0, cap = 0, i;
	int now = first_of_month(m->today);

	for (i = 0; i < m->n_originals; i++) {
		const model_dialogue *d = &m->dialogues[i];
		if (d->draft || (d->status != MODEL_PLANNED && d->status != MODEL_ONGOING))
			continue;
		items[n].index = i;
		items[n].start = d->start;
		items[n].slug = d->slug;
		if (d->start == DATE_NONE)
			items[n].month = DATE_NONE;
		else if (d->status == MODEL_ONGOING || d->start < now)
			items[n].month = now;
		else
			items[n].month = first_of_month(d->start);
		n++;
	}
	qsort(items, n, sizeof(*items), item_cmp);
	for (i = 0; i < n; i++) {
		if (n_months == 0 || months[n_months - 1].first_day != items[i].month) {
			months = mem_grow_array(months, &cap, n_months + 1, sizeof(*months));
			memset(&months[n_months], 0, sizeof(*months));
			months[n_months].first_day = items[i].month;
			months[n_months].idx = mem_calloc(n - i, sizeof(size_t));
			n_months++;
		}
		months[n_months - 1].idx[months[n_months - 1].n++] = items[i].index;
	}
	free(items);
	*out = months;
	*n_out = n_months;
	return 0;
}

void plan_months_free(plan_month *months, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(months[i].idx);
	free(months);
}

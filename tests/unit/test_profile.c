/* Unit tests for "who took part" (facts.h): participant_profile counted per
 * dialogue and over a set of dialogues, suppressed so that no count from 1
 * to privacy_threshold - 1 can be read or worked out by subtraction, the
 * under-represented groups; and which dialogues concern children.
 *
 * Each test makes its site in memory: site.yaml's population and the
 * dialogues' front matter as YAML, read with the project's own reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "frontmatter.h"

#define MAX_DIALOGUES 8

typedef struct site {
	model_site m;
	model_dialogue d[MAX_DIALOGUES];
	facts f;
} site;

static value *yaml(const char *text)
{
	value *v = NULL;
	diag_list diags = DIAG_LIST_INIT;

	assert_int_equal(frontmatter_parse_yaml(&v, &diags, "test.yaml", text, strlen(text), 1), 0);
	diag_list_free(&diags);
	return v;
}

static const char population[] = "population:\n"
				 "  age: { \"0-17\": 0.21, \"18-29\": 0.15, \"30-64\": 0.44, \"65-\": 0.20 }\n"
				 "  gender: { kvinna: 0.50, man: 0.50 }\n";

/* A site of n dialogues whose front matter is fms[i] (YAML). */
static void site_make(site *s, int threshold, const char *const *fms, size_t n)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->m.config = yaml(population);
	s->m.lang = "sv";
	s->m.timezone = "Europe/Stockholm";
	s->m.today = date_from_ymd(2026, 11, 22);
	s->m.privacy_threshold = threshold;
	for (i = 0; i < n; i++) {
		model_dialogue *d = &s->d[i];
		d->slug = (char *)"x";
		d->lang = (char *)"sv";
		d->fm = yaml(fms[i]);
		d->status = MODEL_FINISHED;
		d->start = d->end = d->feedback_due = d->feedback_date = d->feedback_deadline = DATE_NONE;
	}
	s->m.dialogues = s->d;
	s->m.n_dialogues = s->m.n_originals = n;
	assert_int_equal(facts_init(&s->f, &s->m, NULL, NULL), 0);
}

static void site_free(site *s)
{
	size_t i;

	facts_free(&s->f);
	for (i = 0; i < s->m.n_dialogues; i++)
		value_free(s->d[i].fm);
	value_free(s->m.config);
}

static const facts_dimension *dim_of(const facts_profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n_dims; i++)
		if (!strcmp(p->dims[i].key, key))
			return &p->dims[i];
	fail_msg("no dimension %s", key);
	return NULL;
}

static const facts_group *group_of(const facts_dimension *dim, const char *key)
{
	size_t i;

	for (i = 0; i < dim->n_groups; i++)
		if (dim->groups[i].key && !strcmp(dim->groups[i].key, key))
			return &dim->groups[i];
	fail_msg("no group %s", key);
	return NULL;
}

/* The profile of every dialogue of s. */
static void count_all(facts_profile *out, const site *s)
{
	const facts_dialogue *list[MAX_DIALOGUES];
	size_t i;

	for (i = 0; i < s->m.n_dialogues; i++)
		list[i] = &s->f.dialogues[i];
	assert_int_equal(facts_profile_count(out, &s->f, list, s->m.n_dialogues), 0);
}

/* Nothing small: every count shown, in population's order, with shares. */
static void test_all_shown(void **state)
{
	static const char *const fms[] = {
		"participant_profile:\n"
		"  gender: { man: 380, kvinna: 520, \"annat/vill inte svara\": 30 }\n"
		"  age: { \"65-\": 230, \"0-17\": 120, \"18-29\": 80, \"30-64\": 500 }\n",
	};
	site s;
	const facts_dimension *age, *gender;

	(void)state;
	site_make(&s, 5, fms, 1);
	assert_int_equal(s.f.dialogues[0].profile.n_dims, 2);
	age = &s.f.dialogues[0].profile.dims[0]; /* population's order, not the file's */
	assert_string_equal(age->key, "age");
	assert_string_equal(age->groups[0].key, "0-17");
	assert_string_equal(age->groups[3].key, "65-");
	assert_int_equal(age->total, 930);
	assert_int_equal(age->total_shown, FACTS_SHOWN);
	assert_true(group_of(age, "18-29")->population > 0.149 && group_of(age, "18-29")->population < 0.151);
	gender = dim_of(&s.f.dialogues[0].profile, "gender");
	assert_int_equal(gender->n_groups, 3);
	assert_int_equal(group_of(gender, "annat/vill inte svara")->shown, FACTS_SHOWN);
	assert_true(group_of(gender, "annat/vill inte svara")->population < 0); /* not in population */
	site_free(&s);
}

/* One group under the threshold: it is FEW, and the first other group
 * above 0 (in the written order here: area is not in population) is
 * hidden with it, else total - shown would give it. 0 is shown. */
static void test_one_small_group(void **state)
{
	static const char *const fms[] = {
		"participant_profile:\n"
		"  area: { Centrum: 400, Norr: 0, Hamnen: 3, Söder: 57, Väster: 200 }\n",
	};
	site s;
	const facts_dimension *area;

	(void)state;
	site_make(&s, 5, fms, 1);
	area = dim_of(&s.f.dialogues[0].profile, "area");
	assert_int_equal(group_of(area, "Hamnen")->shown, FACTS_FEW);
	assert_int_equal(group_of(area, "Centrum")->shown, FACTS_HIDDEN);
	assert_int_equal(group_of(area, "Norr")->shown, FACTS_SHOWN);
	assert_int_equal(group_of(area, "Söder")->shown, FACTS_SHOWN);
	assert_int_equal(group_of(area, "Väster")->shown, FACTS_SHOWN);
	assert_int_equal(area->total_shown, FACTS_SHOWN);
	site_free(&s);
}

/* Two small groups and the first other one hidden (population order:
 * kvinna, man); a small group alone with zeros would be the total: the
 * whole dimension is hidden, and the total is small itself. */
static void test_two_small_and_alone(void **state)
{
	static const char *const fms[] = {
		"participant_profile:\n  gender: { kvinna: 2, man: 100, annat: 4 }\n",
		"participant_profile:\n  gender: { kvinna: 3, man: 0 }\n",
	};
	site s;
	const facts_dimension *g;

	(void)state;
	site_make(&s, 5, fms, 2);
	g = dim_of(&s.f.dialogues[0].profile, "gender");
	assert_int_equal(group_of(g, "kvinna")->shown, FACTS_FEW);
	assert_int_equal(group_of(g, "annat")->shown, FACTS_FEW);
	assert_int_equal(group_of(g, "man")->shown, FACTS_HIDDEN);
	assert_int_equal(g->total_shown, FACTS_SHOWN);
	g = dim_of(&s.f.dialogues[1].profile, "gender");
	assert_int_equal(group_of(g, "kvinna")->shown, FACTS_HIDDEN);
	assert_int_equal(group_of(g, "man")->shown, FACTS_HIDDEN);
	assert_int_equal(g->total_shown, FACTS_FEW);
	site_free(&s);
}

/* A brute force over every profile of three groups with 1 to 40 in all
 * (threshold 5): whatever a dialogue publishes, with its total known, the
 * profiles that publish the same leave every small group at least two
 * possible values. This is the check the reviews of issue 17 made by hand
 * (1 + 1 + 6, 1 + 5, 1 + 10 + 10, 4 + 10 + 10). */
static void test_nothing_worked_out(void **state)
{
	enum { MAX = 40, G = 3 };
	typedef struct { int shown[G], total_shown; } published;
	static published pub[MAX + 1][MAX + 1][MAX + 1];
	static const char *const names[G] = { "A", "B", "C" };
	int a, b, c;

	(void)state;
	for (a = 0; a <= MAX; a++)
		for (b = 0; a + b <= MAX; b++)
			for (c = 0; a + b + c <= MAX; c++) {
				char fm[128];
				const char *fms[1] = { fm };
				site s;
				const facts_dimension *g;
				int i;
				if (a + b + c == 0)
					continue;
				snprintf(fm, sizeof(fm), "participant_profile:\n  area: { A: %d, B: %d, C: %d }\n", a, b, c);
				site_make(&s, 5, fms, 1);
				g = dim_of(&s.f.dialogues[0].profile, "area");
				for (i = 0; i < G; i++) {
					const facts_group *x = group_of(g, names[i]);
					/* what a reader sees: the count when shown, else how it is hidden */
					pub[a][b][c].shown[i] = x->shown == FACTS_SHOWN ? (int)x->count : -1 - (int)x->shown;
				}
				pub[a][b][c].total_shown = g->total_shown;
				site_free(&s);
			}
	/* For each profile, every FEW group must have another possible value
	 * among the profiles with the same total that publish the same. */
	for (a = 0; a <= MAX; a++)
		for (b = 0; a + b <= MAX; b++)
			for (c = 0; a + b + c <= MAX; c++) {
				const published *p = &pub[a][b][c];
				int v[G] = { a, b, c }, i, x, y, z;
				if (a + b + c == 0)
					continue;
				for (i = 0; i < G; i++) {
					int other = 0;
					if (p->shown[i] != -1 - FACTS_FEW)
						continue;
					for (x = 0; x <= a + b + c && !other; x++)
						for (y = 0; x + y <= a + b + c && !other; y++) {
							const published *q;
							int w[G];
							z = a + b + c - x - y;
							w[0] = x, w[1] = y, w[2] = z;
							q = &pub[x][y][z];
							if (memcmp(q, p, sizeof(*q)) == 0 && w[i] != v[i])
								other = 1;
						}
					if (!other)
						fail_msg("A %d, B %d, C %d: group %s is pinned", a, b, c, names[i]);
				}
			}
}

/* A set shows a group only where every dialogue shows it, and its total
 * only where every dialogue shows its total: nothing a reader could not
 * add up from the dialogues' own pages. */
static void test_set_inherits(void **state)
{
	static const char *const fms[] = {
		"participant_profile:\n  area: { A: 3, B: 40, C: 100 }\n  age: { \"0-17\": 2, \"18-29\": 0 }\n",
		"participant_profile:\n  area: { A: 50, B: 60, C: 100 }\n  age: { \"0-17\": 1, \"18-29\": 70 }\n",
	};
	site s;
	facts_profile p;
	const facts_dimension *area, *age;

	(void)state;
	site_make(&s, 5, fms, 2);
	/* the first dialogue hides A (3) and B, the first other group */
	area = dim_of(&s.f.dialogues[0].profile, "area");
	assert_int_equal(group_of(area, "B")->shown, FACTS_HIDDEN);
	assert_int_equal(group_of(area, "C")->shown, FACTS_SHOWN);
	count_all(&p, &s);
	assert_int_equal(p.n_dialogues, 2);
	area = dim_of(&p, "area");
	assert_int_equal(group_of(area, "A")->count, 53);
	assert_int_equal(group_of(area, "A")->shown, FACTS_HIDDEN);
	assert_int_equal(group_of(area, "B")->shown, FACTS_HIDDEN);
	assert_int_equal(group_of(area, "C")->shown, FACTS_SHOWN);
	assert_int_equal(area->total, 353);
	assert_int_equal(area->total_shown, FACTS_SHOWN);
	age = dim_of(&p, "age");
	assert_int_equal(group_of(age, "0-17")->shown, FACTS_HIDDEN); /* never FEW in a set */
	/* The first dialogue's age total was small (2): the set's is hidden. */
	assert_int_equal(age->total_shown, FACTS_HIDDEN);
	facts_profile_free(&p);
	site_free(&s);
}

/* Under-represented: below two thirds of the residents' share, with at
 * least FACTS_PROFILE_MIN_TOTAL participants; a FEW group by the most it
 * can be. */
static void test_under_represented(void **state)
{
	static const char *const fms[] = {
		/* 18-29: 9 of 100 = 9 % < 2/3 of 15 % = 10 %; 0-17: 20 % vs 21 %. */
		"participant_profile:\n  age: { \"0-17\": 20, \"18-29\": 9, \"30-64\": 50, \"65-\": 21 }\n",
		/* 18-29: 10 of 100 = 10 %: not below 10 %. */
		"participant_profile:\n  age: { \"0-17\": 20, \"18-29\": 10, \"30-64\": 49, \"65-\": 21 }\n",
		/* Too few participants to say. */
		"participant_profile:\n  age: { \"0-17\": 5, \"18-29\": 1, \"30-64\": 20 }\n",
		/* 0-17 FEW: at most 4 of 200 = 2 % < 14 %. */
		"participant_profile:\n  age: { \"0-17\": 4, \"18-29\": 40, \"30-64\": 116, \"65-\": 40 }\n",
	};
	site s;

	(void)state;
	site_make(&s, 5, fms, 4);
	assert_true(group_of(dim_of(&s.f.dialogues[0].profile, "age"), "18-29")->under);
	assert_false(group_of(dim_of(&s.f.dialogues[0].profile, "age"), "0-17")->under);
	assert_false(group_of(dim_of(&s.f.dialogues[1].profile, "age"), "18-29")->under);
	assert_false(group_of(dim_of(&s.f.dialogues[2].profile, "age"), "18-29")->under);
	assert_true(group_of(dim_of(&s.f.dialogues[3].profile, "age"), "0-17")->under);
	/* The complement (smallest other: 18-29 or 65-, 40) says nothing. */
	assert_false(group_of(dim_of(&s.f.dialogues[3].profile, "age"), "18-29")->under);
	site_free(&s);
}

/* The threshold is the site's: with 1 nothing is small. */
static void test_threshold(void **state)
{
	static const char *const fms[] = { "participant_profile:\n  gender: { kvinna: 1, man: 9 }\n" };
	site s;

	(void)state;
	site_make(&s, 1, fms, 1);
	assert_int_equal(group_of(dim_of(&s.f.dialogues[0].profile, "gender"), "kvinna")->shown, FACTS_SHOWN);
	site_free(&s);
	site_make(&s, 10, fms, 1);
	assert_int_equal(group_of(dim_of(&s.f.dialogues[0].profile, "gender"), "kvinna")->shown, FACTS_FEW);
	assert_int_equal(group_of(dim_of(&s.f.dialogues[0].profile, "gender"), "man")->shown, FACTS_FEW);
	assert_int_equal(dim_of(&s.f.dialogues[0].profile, "gender")->total_shown, FACTS_SHOWN);
	site_free(&s);
}

/* More groups over a set than a page can show: the rest are one group
 * (key NULL), hidden when one of its parts is. */
static void test_other_groups(void **state)
{
	const char *fms[3];
	buf b[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	site s;
	facts_profile p;
	const facts_dimension *area;
	size_t i, k;

	(void)state;
	for (i = 0; i < 3; i++) {
		buf_puts(&b[i], "participant_profile:\n  area:\n");
		for (k = 0; k < 90; k++)
			buf_printf(&b[i], "    g%zu-%zu: %zu\n", i, k, i == 2 && k == 89 ? (size_t)2 : (size_t)10);
		fms[i] = b[i].ptr;
	}
	site_make(&s, 5, fms, 3);
	count_all(&p, &s);
	area = dim_of(&p, "area");
	assert_int_equal(area->n_groups, FACTS_PROFILE_MAX_GROUPS + 1);
	assert_null(area->groups[FACTS_PROFILE_MAX_GROUPS].key);
	assert_int_equal(area->groups[FACTS_PROFILE_MAX_GROUPS].count, 69 * 10 + 2);
	assert_int_equal(area->groups[FACTS_PROFILE_MAX_GROUPS].shown, FACTS_HIDDEN);
	assert_int_equal(area->total, 269 * 10 + 2);
	facts_profile_free(&p);
	site_free(&s);
	for (i = 0; i < 3; i++)
		buf_free(&b[i]);
}

static void test_percent(void **state)
{
	(void)state;
	assert_int_equal(facts_percent(1, 8), 13); /* 12.5 rounds up */
	assert_int_equal(facts_percent(38, 612), 6);
	assert_int_equal(facts_percent(5, 0), 0);
	assert_int_equal(facts_percent(1000000000ULL * 1000, 1000000000ULL * 1000), 100);
}

/* Which dialogues concern children, and were they heard. */
static void test_children(void **state)
{
	static const char *const fms[] = {
		"target_groups: [ Alla invånare, Barn och unga ]\n",
		"target_groups: [ Föreningar, Företagare ]\n",
		"target_groups: Skolelever\nchildren: { heard: true }\n",
		"target_groups: [ Unga tjejer ]\nchildren: { heard: false }\n",
		"target_groups: [ Pendlare ]\nchildren: { heard: true }\n",
		"target_groups: [ Barnfamiljer ]\nchildren: { heard: true }\n",
		"target_groups: [ Ungdomar ]\n",
		"target_groups: [ Vårdnadshavare, Ungefär alla ]\n",
	};
	const facts_dialogue *list[8];
	site s;
	size_t i, concern, heard;

	(void)state;
	site_make(&s, 5, fms, 8);
	assert_true(s.f.dialogues[0].concerns_children);
	assert_false(s.f.dialogues[1].concerns_children);
	assert_true(s.f.dialogues[2].concerns_children && s.f.dialogues[2].children_heard);
	assert_true(s.f.dialogues[3].concerns_children && !s.f.dialogues[3].children_heard);
	assert_true(s.f.dialogues[4].concerns_children); /* children: says so */
	assert_true(s.f.dialogues[5].concerns_children);
	assert_true(s.f.dialogues[6].concerns_children);
	assert_false(s.f.dialogues[7].concerns_children); /* "ungefar" is no word for children */
	for (i = 0; i < 8; i++)
		list[i] = &s.f.dialogues[i];
	facts_children_count(&concern, &heard, list, 8);
	assert_int_equal(concern, 6);
	assert_int_equal(heard, 3);
	s.d[5].status = MODEL_PLANNED; /* not begun: not counted */
	facts_children_count(&concern, &heard, list, 8);
	assert_int_equal(concern, 5);
	assert_int_equal(heard, 2);
	site_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_shown),
		cmocka_unit_test(test_one_small_group),
		cmocka_unit_test(test_two_small_and_alone),
		cmocka_unit_test(test_nothing_worked_out),
		cmocka_unit_test(test_set_inherits),
		cmocka_unit_test(test_under_represented),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_other_groups),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for plan: clash warnings (overlap, a shared target group
 * and a shared area or theme; once per pair, in the later file, naming
 * the other) and the months of /planering/.
 *
 * The site is made in memory, today 2026-11-22. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan.h"

#define N 6

static model_site site;
static model_dialogue dlg[N];

static value *list_of(const char *first, ...)
{
	value *l = value_new_list();
	const char *s;
	va_list ap;

	va_start(ap, first);
	for (s = first; s; s = va_arg(ap, const char *))
		value_list_push(l, value_new_cstring(s));
	va_end(ap);
	return l;
}

/* Dialogue i: slug and path from name, its start at line 10 column 8. */
static model_dialogue *dialogue(size_t i, const char *name, model_status st, int start, int end)
{
	model_dialogue *d = &dlg[i];
	static char paths[N][64];

	memset(d, 0, sizeof(*d));
	snprintf(paths[i], sizeof(paths[i]), "content/dialoger/%s.md", name);
	d->slug = (char *)name;
	d->lang = (char *)"sv";
	d->path = paths[i];
	d->fm = value_new_map();
	value_map_set_string(d->fm, "title", name);
	if (start != DATE_NONE) {
		buf iso = BUF_INIT;
		date_format_iso(&iso, start);
		value_map_set(d->fm, "start", value_set_pos(value_new_cstring(iso.ptr), 10, 8));
		buf_free(&iso);
	}
	d->status = st;
	d->start = start;
	d->end = end;
	return d;
}

static void facet(size_t i, const char *key, value *v)
{
	value_map_set(dlg[i].fm, key, v);
}

static int setup(void **state)
{
	(void)state;
	memset(&site, 0, sizeof(site));
	memset(dlg, 0, sizeof(dlg));
	site.config = value_new_map();
	site.lang = "sv";
	site.today = date_from_ymd(2026, 11, 22);
	site.dialogues = dlg;
	return 0;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N; i++)
		value_free(dlg[i].fm);
	value_free(site.config);
	return 0;
}

static void use(size_t n)
{
	site.n_dialogues = site.n_originals = n;
}

/* Two overlapping dialogues sharing a group and an area: one warning, in
 * the later one's file at its start, naming the earlier file and both. */
static void test_clash_area(void **state)
{
	diag_list d = DIAG_LIST_INIT;

	(void)state;
	dialogue(0, "aldreboende", MODEL_ONGOING, date_from_ymd(2026, 11, 9), date_from_ymd(2027, 2, 26));
	facet(0, "target_groups", list_of("Närboende", "Äldre", NULL));
	facet(0, "areas", list_of("Ekeby", NULL));
	dialogue(1, "a-skolgard", MODEL_PLANNED, date_from_ymd(2027, 1, 18), date_from_ymd(2027, 5, 28));
	facet(1, "target_groups", list_of("Barn och unga", "närboende", NULL)); /* same slug */
	facet(1, "areas", list_of("Ekeby", NULL));
	use(2);
	assert_int_equal(plan_check(&d, &site), 1);
	assert_int_equal(d.len, 1);
	assert_int_equal(d.items[0].severity, DIAG_SEV_WARNING);
	/* The later start, although its slug sorts first. */
	assert_string_equal(d.items[0].path, "content/dialoger/a-skolgard.md");
	assert_int_equal(d.items[0].line, 10);
	assert_int_equal(d.items[0].col, 8);
	assert_non_null(strstr(d.items[0].message, "content/dialoger/aldreboende.md:10:8"));
	assert_non_null(strstr(d.items[0].message, "dialogtrötthet"));
	assert_non_null(strstr(d.items[0].message, "målgruppen \"närboende\""));
	assert_non_null(strstr(d.items[0].message, "området \"Ekeby\""));
	assert_non_null(strstr(d.items[0].message, "från 2027-01-18 till 2027-02-26"));
	diag_list_free(&d);
}

/* A shared theme is enough when no area is shared; an open end overlaps
 * everything after its start. */
static void test_clash_theme_open_end(void **state)
{
	diag_list d = DIAG_LIST_INIT;

	(void)state;
	dialogue(0, "panel", MODEL_ONGOING, date_from_ymd(2026, 1, 12), DATE_NONE);
	facet(0, "target_groups", list_of("Alla invånare", NULL));
	facet(0, "areas", list_of("Hela kommunen", NULL));
	facet(0, "themes", list_of("Demokrati", NULL));
	dialogue(1, "forum", MODEL_PLANNED, date_from_ymd(2028, 3, 1), date_from_ymd(2028, 4, 1));
	facet(1, "target_groups", list_of("Alla invånare", NULL));
	facet(1, "areas", list_of("Söderby", NULL));
	facet(1, "themes", list_of("Demokrati", NULL));
	use(2);
	assert_int_equal(plan_check(&d, &site), 1);
	assert_string_equal(d.items[0].path, "content/dialoger/forum.md");
	assert_non_null(strstr(d.items[0].message, "temat \"Demokrati\""));
	assert_non_null(strstr(d.items[0].message, "från 2028-03-01 till 2028-04-01"));
	diag_list_free(&d);
}

/* No warning: periods apart; no shared group; a group but neither area
 * nor theme; finished, cancelled or undated dialogues. */
static void test_no_clash(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	dialogue(0, "vinter", MODEL_PLANNED, date_from_ymd(2027, 1, 1), date_from_ymd(2027, 1, 31));
	dialogue(1, "var", MODEL_PLANNED, date_from_ymd(2027, 2, 1), date_from_ymd(2027, 2, 28));
	dialogue(2, "andra-grupp", MODEL_PLANNED, date_from_ymd(2027, 1, 10), date_from_ymd(2027, 1, 20));
	dialogue(3, "annat-omrade", MODEL_PLANNED, date_from_ymd(2027, 1, 10), date_from_ymd(2027, 1, 20));
	dialogue(4, "avslutad", MODEL_FINISHED, date_from_ymd(2026, 1, 10), date_from_ymd(2027, 1, 20));
	dialogue(5, "utan-datum", MODEL_PLANNED, DATE_NONE, DATE_NONE);
	for (i = 0; i < N; i++) {
		facet(i, "target_groups", list_of(i == 2 ? "Företagare" : "Unga", NULL));
		facet(i, "areas", list_of(i == 3 ? "Norr" : "Centrum", NULL));
		facet(i, "themes", list_of(i == 3 ? "Kultur" : "Trafik", NULL));
	}
	dlg[4].status = MODEL_FINISHED;
	use(N);
	assert_int_equal(plan_check(&d, &site), 0);
	assert_int_equal(d.len, 0);
	/* The same two made to overlap by a day: now they clash. */
	dlg[0].end = date_from_ymd(2027, 2, 1);
	assert_int_equal(plan_check(&d, &site), 1);
	assert_string_equal(d.items[0].path, "content/dialoger/var.md");
	diag_list_free(&d);
}

/* Three dialogues that all clash: one warning per pair, three in all. */
static void test_once_per_pair(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		static const char *const names[] = { "ett", "tva", "tre" };
		dialogue(i, names[i], MODEL_PLANNED, date_from_ymd(2027, 1, 1 + (int)i), date_from_ymd(2027, 3, 1));
		facet(i, "target_groups", value_new_cstring("Unga")); /* a single text is a list of one */
		facet(i, "areas", list_of("Centrum", NULL));
	}
	use(3);
	assert_int_equal(plan_check(&d, &site), 3);
	assert_int_equal(d.warnings, 3);
	diag_list_free(&d);
}

/* Six that all clash: a dialogue names at most the three that start
 * first, and says in one more warning that there are others. */
static void test_at_most_three_named(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	size_t i, more = 0, named_last = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		static const char *const names[] = { "d0", "d1", "d2", "d3", "d4", "d5" };
		dialogue(i, names[i], MODEL_PLANNED, date_from_ymd(2027, 1, 1 + (int)i), date_from_ymd(2027, 3, 1));
		facet(i, "target_groups", list_of("Unga", NULL));
		facet(i, "themes", list_of("Idrott", NULL));
	}
	use(N);
	/* Pairs named: d1 1, d2 2, d3 3, d4 3 of 4, d5 3 of 5. */
	assert_int_equal(plan_check(&d, &site), 12);
	assert_int_equal(d.warnings, 14);
	for (i = 0; i < d.len; i++) {
		if (strcmp(d.items[i].path, "content/dialoger/d5.md") != 0)
			continue;
		if (strstr(d.items[i].message, "fler än 3 andra dialoger")) {
			more++;
			continue;
		}
		/* the earliest three: d0, d1, d2 */
		assert_null(strstr(d.items[i].message, "d3.md"));
		assert_null(strstr(d.items[i].message, "d4.md"));
		named_last++;
	}
	assert_int_equal(named_last, 3);
	assert_int_equal(more, 1);
	diag_list_free(&d);
}

/* One list naming a group four times (the same slug) counts once: the
 * later dialogues still name every earlier one they clash with. */
static void test_duplicate_values(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	size_t i, named_d3 = 0;

	(void)state;
	for (i = 0; i < 5; i++) {
		static const char *const names[] = { "e0", "e1", "e2", "e3", "e4" };
		dialogue(i, names[i], MODEL_PLANNED, date_from_ymd(2027, 1, 1 + (int)i), date_from_ymd(2027, 3, 1));
		facet(i, "target_groups", i == 0 ? list_of("Unga", "unga", "UNGA", "Unga", NULL) : list_of("Unga", NULL));
		facet(i, "areas", list_of("Centrum", NULL));
	}
	use(5);
	/* e1 1, e2 2, e3 3, e4 3 and "more" */
	assert_int_equal(plan_check(&d, &site), 9);
	assert_int_equal(d.warnings, 10);
	for (i = 0; i < d.len; i++)
		named_d3 += !strcmp(d.items[i].path, "content/dialoger/e3.md");
	assert_int_equal(named_d3, 3);
	diag_list_free(&d);
}

/* A period that ended before a later one starts is no partner, and the
 * ones after it are still found. */
static void test_ended_left_out(void **state)
{
	diag_list d = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	dialogue(0, "kort", MODEL_ONGOING, date_from_ymd(2026, 11, 1), date_from_ymd(2026, 11, 30));
	dialogue(1, "lang", MODEL_ONGOING, date_from_ymd(2026, 11, 2), DATE_NONE);
	dialogue(2, "sen", MODEL_PLANNED, date_from_ymd(2027, 1, 1), date_from_ymd(2027, 2, 1));
	for (i = 0; i < 3; i++) {
		facet(i, "target_groups", list_of("Alla", NULL));
		facet(i, "areas", list_of("Norr", NULL));
	}
	use(3);
	/* lang clashes with kort; sen with lang only. */
	assert_int_equal(plan_check(&d, &site), 2);
	for (i = 0; i < d.len; i++)
		if (!strcmp(d.items[i].path, "content/dialoger/sen.md"))
			assert_non_null(strstr(d.items[i].message, "lang.md"));
	diag_list_free(&d);
}

/* Twenty thousand open-ended dialogues for one group and area: a bounded
 * number of warnings, found without comparing every pair (that took
 * minutes and gigabytes at ten thousand). */
static void test_many(void **state)
{
	enum { MANY = 20000 };
	model_dialogue *many = calloc(MANY, sizeof(*many));
	model_site big;
	diag_list d = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	assert_non_null(many);
	big = site;
	for (i = 0; i < MANY; i++) {
		many[i].slug = (char *)"x";
		many[i].path = (char *)"content/dialoger/x.md";
		many[i].status = MODEL_ONGOING;
		many[i].start = date_from_ymd(2026, 1, 1) + (int)(i % 300);
		many[i].end = DATE_NONE;
		many[i].fm = value_new_map();
		value_map_set(many[i].fm, "target_groups", list_of("Alla", NULL));
		value_map_set(many[i].fm, "areas", list_of("Hela kommunen", NULL));
	}
	big.dialogues = many;
	big.n_dialogues = big.n_originals = MANY;
	/* 0, 1, 2, then three named for every other one */
	assert_int_equal(plan_check(&d, &big), 3 + 3 * (MANY - 3));
	assert_int_equal(d.warnings, 3 + 3 * (MANY - 3) + (MANY - 4));
	diag_sort(&d);
	diag_list_free(&d);
	for (i = 0; i < MANY; i++)
		value_free(many[i].fm);
	free(many);
}

/* Ongoing (and overdue planned) under the current month, planned under
 * their start month, undated last; drafts and finished ones left out. */
static void test_months(void **state)
{
	plan_month *months = NULL;
	size_t n = 0;

	(void)state;
	dialogue(0, "pagar", MODEL_ONGOING, date_from_ymd(2026, 3, 1), DATE_NONE);
	dialogue(1, "mars", MODEL_PLANNED, date_from_ymd(2027, 3, 15), DATE_NONE);
	dialogue(2, "utkast", MODEL_PLANNED, date_from_ymd(2027, 3, 1), DATE_NONE);
	dlg[2].draft = 1;
	dialogue(3, "odaterad", MODEL_PLANNED, DATE_NONE, DATE_NONE);
	dialogue(4, "avslutad", MODEL_FINISHED, date_from_ymd(2026, 1, 1), date_from_ymd(2026, 2, 1));
	dialogue(5, "mars-tidig", MODEL_PLANNED, date_from_ymd(2027, 3, 2), DATE_NONE);
	use(N);
	assert_int_equal(plan_months(&months, &n, &site), 0);
	assert_int_equal(n, 3);
	assert_int_equal(months[0].first_day, date_from_ymd(2026, 11, 1));
	assert_int_equal(months[0].n, 1);
	assert_int_equal(months[0].idx[0], 0);
	assert_int_equal(months[1].first_day, date_from_ymd(2027, 3, 1));
	assert_int_equal(months[1].n, 2);
	assert_int_equal(months[1].idx[0], 5); /* by start date */
	assert_int_equal(months[1].idx[1], 1);
	assert_int_equal(months[2].first_day, DATE_NONE);
	assert_int_equal(months[2].idx[0], 3);
	plan_months_free(months, n);
	/* Nothing planned: no months. */
	use(0);
	assert_int_equal(plan_months(&months, &n, &site), 0);
	assert_int_equal(n, 0);
	plan_months_free(months, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clash_area, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clash_theme_open_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_clash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_once_per_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_most_three_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ended_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_months, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

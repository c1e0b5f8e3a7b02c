/* Unit tests for model: loading and validating a site from a work tree.
 *
 * Every test writes a small site into a fresh temporary folder
 * (content/site.yaml, content/dialoger/..., content/sidor/...), opens it
 * with source_open_worktree and loads it with today = 2026-11-22. Messages
 * are checked in English, exactly, in the order diag_sort gives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "model.h"
#include "output.h"
#include "source.h"

#include "fixture.h"

#define TODAY "2026-11-22"

static char tmp[64];

/* ---- fixture ------------------------------------------------------------------ */

static int setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(tmp, sizeof(tmp), "model") != 0)
		return -1;
	diag_set_language(DIAG_LANG_EN);
	return 0;
}


/* ---- file helpers --------------------------------------------------------------- */

static void put(const char *rel, const char *text)
{
	fixture_write_file(tmp, rel, text);
}

static const char *const SITE_YAML = "title: Dialoger i Exempelkommun\n"
				     "municipality: Exempelkommun\n"
				     "base_url: https://dialog.example.se/\n"
				     "committees:\n"
				     "  SBN: Stadsbyggnadsnämnden\n"
				     "  KFN: Kultur- och fritidsnämnden\n";

/* Writes a dialogue with every required and advised field but `level`.
 * The front matter is lines 1-8 plus `fields`, which start on line 9;
 * `body` starts on the line after the closing fence. */
static void put_dialogue(const char *rel, const char *fields, const char *body)
{
	buf t = BUF_INIT;

	buf_puts(&t, "---\n"                                                 /* 1 */
		     "title: Nytt resecentrum\n"                             /* 2 */
		     "summary: Hur ska resecentret utformas?\n"              /* 3 */
		     "level_reason: Läget är beslutat.\n"                    /* 4 */
		     "influence: Utformningen av vänthallen.\n"              /* 5 */
		     "purpose: Ett bredare underlag.\n"                      /* 6 */
		     "responsible: SBN\n"                                    /* 7 */
		     "contact: { name: Anna Andersson, email: anna@example.se }\n"); /* 8 */
	buf_puts(&t, fields);
	buf_puts(&t, "---\n");
	/* With how to take part: an ongoing dialogue without it is warned about. */
	buf_puts(&t, body ? body : "Beskrivning.\n\n## Så deltar du\n\nSkriv till oss.\n");
	put(rel, t.ptr);
	buf_free(&t);
}

/* ---- loading -------------------------------------------------------------------- */

typedef struct loaded {
	source *src;
	model_site m;
	diag_list d;
	int rc;
	int live; /* loaded and not yet freed */
} loaded;

/* The site under test. Global, so teardown can free it when an assertion
 * ends a test early and the leak checker sees only real leaks. */
static loaded l;
/* A second one, for comparing two loads. */
static loaded l2;

static void unload(loaded *x)
{
	model_free(&x->m);
	diag_list_free(&x->d);
	source_free(x->src);
	memset(x, 0, sizeof(*x));
}

static void load_with(loaded *x, const model_options *opts)
{
	diag_list open = DIAG_LIST_INIT;
	int rc;

	memset(x, 0, sizeof(*x));
	rc = source_open_worktree(&x->src, &open, tmp);
	diag_list_free(&open);
	assert_int_equal(rc, 0);
	x->live = 1;
	x->rc = model_load(&x->m, &x->d, x->src, opts);
	diag_sort(&x->d);
}

static void load(loaded *x)
{
	model_options opts = { "content", TODAY, NULL, 0 };
	load_with(x, &opts);
	assert_int_equal(x->rc, 0);
}

static int teardown(void **state)
{
	(void)state;
	if (l.live)
		unload(&l);
	if (l2.live)
		unload(&l2);
	return output_remove_tree(tmp);
}

/* The diagnostics, formatted and sorted, must be exactly `want` (NULL-ended). */
static void expect_diags(const diag_list *d, const char *const *want)
{
	buf all = BUF_INIT;
	size_t i, n = 0;
	int ok = 1;

	while (want[n])
		n++;
	for (i = 0; i < d->len; i++) {
		char *s = diag_format(&d->items[i]);
		buf_printf(&all, "\n  %s", s);
		if (i >= n || strcmp(s, want[i]) != 0)
			ok = 0;
		free(s);
	}
	if (d->len != n)
		ok = 0;
	if (!ok) {
		static char msg[16384];
		buf w = BUF_INIT;
		for (i = 0; i < n; i++)
			buf_printf(&w, "\n  %s", want[i]);
		snprintf(msg, sizeof(msg), "diagnostics differ.\ngot:%s\nexpected:%s",
			 all.size ? all.ptr : " (none)", w.size ? w.ptr : " (none)");
		buf_free(&w);
		buf_free(&all);
		fail_msg("%s", msg);
	}
	buf_free(&all);
}

#define EXPECT_DIAGS(d, ...)                                              \
	do {                                                              \
		const char *const want_[] = { __VA_ARGS__, NULL };        \
		expect_diags((d), want_);                                 \
	} while (0)
#define EXPECT_NO_DIAGS(d)                                                \
	do {                                                              \
		const char *const want_[] = { NULL };                     \
		expect_diags((d), want_);                                 \
	} while (0)

/* d's Markdown rendered again, as its page does. */
static void render(markdown_doc *body, const loaded *x, const model_dialogue *d)
{
	markdown_doc easy_read;

	markdown_doc_init(body);
	markdown_doc_init(&easy_read);
	assert_int_equal(model_dialogue_render(body, &easy_read, x->src, d), 0);
	markdown_doc_free(&easy_read);
}

static const model_dialogue *dlg(const loaded *x, const char *slug)
{
	const model_dialogue *d = model_find_dialogue(&x->m, slug);
	if (!d)
		fail_msg("no dialogue \"%s\"", slug);
	return d;
}

static int ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static const char *fm_text(const model_dialogue *d, const char *key)
{
	return value_string(value_map_get(d->fm, key));
}

/* ---- status ---------------------------------------------------------------------- */

static void test_status_derived_from_dates(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/ingen-start.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/startar-i-morgon.md", "level: dialog\nstart: 2026-11-23\n",
		     NULL);
	put_dialogue("content/dialoger/startar-i-dag.md", "level: dialog\nstart: 2026-11-22\n", NULL);
	put_dialogue("content/dialoger/utan-slut.md", "level: dialog\nstart: 2026-01-10\n", NULL);
	put_dialogue("content/dialoger/slutar-i-dag.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-11-22\n", NULL);
	put_dialogue("content/dialoger/slutade-i-gar.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-11-21\n", NULL);
	put_dialogue("content/dialoger/framtida-period.md",
		     "level: dialog\nstart: 2027-01-10\nend: 2027-02-21\n", NULL);
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_int_equal(l.m.n_dialogues, 7);
	assert_int_equal(dlg(&l, "ingen-start")->status, MODEL_PLANNED);
	assert_int_equal(dlg(&l, "ingen-start")->start, DATE_NONE);
	assert_int_equal(dlg(&l, "startar-i-morgon")->status, MODEL_PLANNED);
	assert_int_equal(dlg(&l, "startar-i-morgon")->start, ymd(2026, 11, 23));
	assert_int_equal(dlg(&l, "startar-i-dag")->status, MODEL_ONGOING);
	assert_int_equal(dlg(&l, "utan-slut")->status, MODEL_ONGOING);
	assert_int_equal(dlg(&l, "utan-slut")->end, DATE_NONE);
	assert_int_equal(dlg(&l, "slutar-i-dag")->status, MODEL_ONGOING);
	assert_int_equal(dlg(&l, "slutar-i-dag")->end, ymd(2026, 11, 22));
	assert_int_equal(dlg(&l, "slutade-i-gar")->status, MODEL_FINISHED);
	assert_int_equal(dlg(&l, "framtida-period")->status, MODEL_PLANNED);
	assert_int_equal(l.m.today, ymd(2026, 11, 22));
	for (size_t i = 0; i < l.m.n_dialogues; i++)
		assert_int_equal(l.m.dialogues[i].status_explicit, 0);
	/* Originals are sorted by slug. */
	assert_string_equal(l.m.dialogues[0].slug, "framtida-period");
	assert_string_equal(l.m.dialogues[1].slug, "ingen-start");
	assert_string_equal(l.m.dialogues[6].slug, "utan-slut");
	unload(&l);
}

static void test_status_explicit(void **state)
{
	const model_dialogue *d;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/pausad.md",
		     "level: dialog\nstart: 2026-01-10\nstatus: pausad\n", NULL);
	put_dialogue("content/dialoger/installd.md", "level: dialog\nstatus: inställd\n", NULL);
	put_dialogue("content/dialoger/installd-med-datum.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-02-10\nstatus: inställd\n", NULL);
	put_dialogue("content/dialoger/planerad-ok.md", "level: dialog\nstatus: planerad\n", NULL);
	put_dialogue("content/dialoger/avslutad-ok.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-11-21\nstatus: avslutad\n", NULL);
	put_dialogue("content/dialoger/motsager.md",
		     "level: dialog\nstart: 2026-01-10\nstatus: avslutad\n", NULL);
	put_dialogue("content/dialoger/planerad-fel.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-03-01\nstatus: planerad\n", NULL);
	put_dialogue("content/dialoger/pagaende-utan-start.md", "level: dialog\nstatus: pågående\n",
		     NULL);
	put_dialogue("content/dialoger/okand-status.md", "level: dialog\nstatus: avslutat\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/motsager.md:11:9: warning: status \"avslutad\" contradicts "
		     "the dates, which give \"pågående\" as of 2026-11-22",
		     "content/dialoger/okand-status.md:10:9: error: unknown status \"avslutat\"; did "
		     "you mean \"avslutad\"?",
		     "content/dialoger/pagaende-utan-start.md:10:9: error: status \"pågående\" needs "
		     "a start date (start)",
		     "content/dialoger/planerad-fel.md:12:9: warning: status \"planerad\" "
		     "contradicts the dates, which give \"avslutad\" as of 2026-11-22");
	d = dlg(&l, "pausad");
	assert_int_equal(d->status, MODEL_PAUSED);
	assert_int_equal(d->status_explicit, 1);
	d = dlg(&l, "installd");
	assert_int_equal(d->status, MODEL_CANCELLED);
	assert_int_equal(d->status_explicit, 1);
	assert_int_equal(dlg(&l, "installd-med-datum")->status, MODEL_CANCELLED);
	assert_int_equal(dlg(&l, "planerad-ok")->status, MODEL_PLANNED);
	assert_int_equal(dlg(&l, "planerad-ok")->status_explicit, 1);
	assert_int_equal(dlg(&l, "avslutad-ok")->status, MODEL_FINISHED);
	/* The explicit status wins, even when it contradicts the dates. */
	assert_int_equal(dlg(&l, "motsager")->status, MODEL_FINISHED);
	assert_int_equal(dlg(&l, "planerad-fel")->status, MODEL_PLANNED);
	assert_int_equal(dlg(&l, "okand-status")->status_explicit, 0);
	assert_int_equal(dlg(&l, "okand-status")->status, MODEL_PLANNED);
	unload(&l);
}

static void test_status_keys_and_slugs(void **state)
{
	(void)state;
	assert_string_equal(model_status_keys[MODEL_PLANNED], "planerad");
	assert_string_equal(model_status_keys[MODEL_ONGOING], "pågående");
	assert_string_equal(model_status_keys[MODEL_FINISHED], "avslutad");
	assert_string_equal(model_status_keys[MODEL_PAUSED], "pausad");
	assert_string_equal(model_status_keys[MODEL_CANCELLED], "inställd");
	assert_string_equal(model_status_slugs[MODEL_ONGOING], "pagaende");
	assert_string_equal(model_status_slugs[MODEL_CANCELLED], "installd");
	assert_string_equal(model_level_keys[MODEL_CODECISION], "medbeslutande");
}

/* ---- level ------------------------------------------------------------------------- */

static void test_levels(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/l-information.md", "level: information\n", NULL);
	put_dialogue("content/dialoger/l-konsultation.md", "level: konsultation\n", NULL);
	put_dialogue("content/dialoger/l-dialog.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/l-inflytande.md", "level: inflytande\n", NULL);
	put_dialogue("content/dialoger/l-medbeslutande.md",
		     "level: medbeslutande\ndecision: { body: Kommunfullmäktige }\n", NULL);
	put_dialogue("content/dialoger/l-utan-organ.md", "level: medbeslutande\n", NULL);
	put_dialogue("content/dialoger/l-stavfel.md", "level: konsultaton\n", NULL);
	put_dialogue("content/dialoger/l-okand.md", "level: samtal\n", NULL);
	put_dialogue("content/dialoger/l-saknas.md", "start: 2026-01-10\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/l-okand.md:9:8: error: unknown level \"samtal\"; choose one "
		     "of: information, konsultation, dialog, inflytande, medbeslutande",
		     "content/dialoger/l-saknas.md:2:1: error: \"level\" is missing but required",
		     "content/dialoger/l-stavfel.md:9:8: error: unknown level \"konsultaton\"; did "
		     "you mean \"konsultation\"?",
		     "content/dialoger/l-utan-organ.md:9:8: warning: medbeslutande without a "
		     "decision body: set decision.body (who takes the decision)");
	assert_int_equal(dlg(&l, "l-information")->level, MODEL_INFORMATION);
	assert_int_equal(dlg(&l, "l-konsultation")->level, MODEL_CONSULTATION);
	assert_int_equal(dlg(&l, "l-dialog")->level, MODEL_DIALOGUE);
	assert_int_equal(dlg(&l, "l-inflytande")->level, MODEL_INFLUENCE);
	assert_int_equal(dlg(&l, "l-medbeslutande")->level, MODEL_CODECISION);
	unload(&l);
}

static void test_site_levels_unknown_key(void **state)
{
	buf y = BUF_INIT;

	(void)state;
	buf_printf(&y, "%slevels:\n  inflytandet: { label: Delaktighet }\n"
		       "  dialog: { label: Samtal, lofte: x }\n",
		   SITE_YAML);
	put("content/site.yaml", y.ptr);
	buf_free(&y);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/site.yaml:8:3: error: unknown level \"inflytandet\"; did you mean "
		     "\"inflytande\"?",
		     "content/site.yaml:9:28: error: unknown key \"lofte\"");
	unload(&l);
}

/* ---- feedback -------------------------------------------------------------------------- */

static void test_feedback_overdue(void **state)
{
	const model_dialogue *d;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	/* A promised date: overdue the day after it. */
	/* Late with a delay explained and a new date to come: a warning. */
	put_dialogue("content/dialoger/lofte-i-gar.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-11-21\n"
		     "feedback_delay: { reason: Beslutet dröjer., new_date: 2026-12-15 }\n",
		     NULL);
	put_dialogue("content/dialoger/lofte-i-dag.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-11-22\n",
		     NULL);
	/* Without one: end + feedback_overdue_days (90). */
	put_dialogue("content/dialoger/grans.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-08-24\n", NULL);
	put_dialogue("content/dialoger/forsenad.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-08-23\n", NULL);
	/* A feedback section ends it, however old. */
	put_dialogue("content/dialoger/med-aterkoppling.md",
		     "level: dialog\nstart: 2024-01-10\nend: 2024-02-10\n",
		     "Beskrivning.\n\n## Återkoppling\nNämnden beslutade i enlighet med svaren.\n");
	put_dialogue("content/dialoger/pagaende.md",
		     "level: dialog\nstart: 2024-01-10\nfeedback_due: 2025-01-01\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/forsenad.md:11:6: error: feedback is overdue: it was due by "
		     "2026-11-21 (1 days ago). Add the section \"## Återkoppling\", or say in "
		     "feedback_delay why it is late (reason) and when it comes (new_date)",
		     "content/dialoger/lofte-i-gar.md:12:15: warning: feedback is overdue: it was due "
		     "by 2026-11-21 (1 days ago); add the section \"## Återkoppling\"");
	d = dlg(&l, "lofte-i-gar");
	assert_int_equal(d->status, MODEL_FINISHED);
	assert_int_equal(d->feedback_overdue, 1);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 21));
	assert_int_equal(d->feedback_due, ymd(2026, 11, 21));
	d = dlg(&l, "lofte-i-dag");
	assert_int_equal(d->feedback_overdue, 0);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 22));
	d = dlg(&l, "grans");
	assert_int_equal(d->feedback_overdue, 0);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 22));
	d = dlg(&l, "forsenad");
	assert_int_equal(d->feedback_overdue, 1);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 21));
	d = dlg(&l, "med-aterkoppling");
	assert_int_equal(d->status, MODEL_FINISHED);
	assert_int_equal(d->feedback_overdue, 0);
	assert_int_equal(d->feedback_deadline, DATE_NONE);
	assert_true(d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0);
	d = dlg(&l, "pagaende");
	assert_int_equal(d->status, MODEL_ONGOING);
	assert_int_equal(d->feedback_overdue, 0);
	assert_int_equal(d->feedback_deadline, DATE_NONE);
	unload(&l);
}

/* Late without Återkoppling: residents are owed a reason and a new date
 * (feedback_delay), and once that date has passed too, again. */
static void test_feedback_delay_required(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/utan-orsak.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-09-30\n",
		     NULL);
	put_dialogue("content/dialoger/ny-dag-passerad.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-09-30\n"
		     "feedback_delay:\n  reason: Budgeten dröjde.\n  new_date: 2026-11-01\n",
		     NULL);
	put_dialogue("content/dialoger/ny-dag-kommer.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-09-30\n"
		     "feedback_delay:\n  reason: Budgeten dröjde.\n  new_date: 2026-11-22\n",
		     NULL);
	put_dialogue("content/dialoger/utan-ny-dag.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-09-30\n"
		     "feedback_delay:\n  reason: Budgeten dröjde.\n",
		     NULL);
	/* A delay announced in time is fine, and so is feedback given late. */
	put_dialogue("content/dialoger/i-tid.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-12-30\n"
		     "feedback_delay:\n  reason: Budgeten dröjer.\n  new_date: 2027-01-30\n",
		     NULL);
	put_dialogue("content/dialoger/gavs-sent.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\nfeedback_due: 2026-09-30\n",
		     "Text.\n\n## Återkoppling\nNämnden beslutade.\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/ny-dag-kommer.md:12:15: warning: feedback is overdue: it was due "
		     "by 2026-09-30 (53 days ago); add the section \"## Återkoppling\"",
		     "content/dialoger/ny-dag-passerad.md:15:13: error: feedback is overdue again: the "
		     "new date in feedback_delay (new_date, 2026-11-01) passed 21 days ago. Add the "
		     "section \"## Återkoppling\", or write a new reason and a new date",
		     "content/dialoger/utan-ny-dag.md:12:15: warning: feedback is overdue: it was due by "
		     "2026-09-30 (53 days ago); add the section \"## Återkoppling\"",
		     "content/dialoger/utan-ny-dag.md:14:3: error: \"new_date\" is missing but required",
		     "content/dialoger/utan-orsak.md:12:15: error: feedback is overdue: it was due by "
		     "2026-09-30 (53 days ago). Add the section \"## Återkoppling\", or say in "
		     "feedback_delay why it is late (reason) and when it comes (new_date)");
	assert_int_equal(dlg(&l, "ny-dag-kommer")->feedback_overdue, 1);
	assert_int_equal(dlg(&l, "i-tid")->feedback_overdue, 0);
	assert_int_equal(dlg(&l, "gavs-sent")->feedback_overdue, 0);
	unload(&l);
}

/* you_said and actions: each value checked, with the position and a
 * suggestion where one is near. */
static void test_accountability_fields(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/ni-sa.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-12-31\n"
		     "feedback_plan: Vi mejlar alla senast 31 mars.\n"
		     "you_said:\n"                                                  /* 13 */
		     "  - { said: Fler bänkar, count: 12, outcome: genomfors, response: Ja. }\n"
		     "  - { said: Ingen bil, count: 0, outcome: utreds, response: Vi ser. }\n"
		     "  - { said: Badplats, outcome: kanske, response: Nej. }\n"
		     "  - { said: Träd, outcome: delvis }\n"
		     "  - Bara en text\n"
		     "actions:\n"                                                   /* 19 */
		     "  - { title: Bygga, status: pågår, progress: 140 }\n"
		     "  - { title: Riva, status: planerad, done: 2026-05-01 }\n"
		     "  - { title: Måla, status: klr, progress: -3 }\n"
		     "  - { title: Så, status: klar, done: 2026-05-01, progress: 100, note: Klart. }\n",
		     NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/ni-sa.md:14:46: error: unknown outcome \"genomfors\"; did you "
		     "mean \"genomförs\"?",
		     "content/dialoger/ni-sa.md:15:31: error: \"count\" is 0: write how many raised "
		     "the point (at least 1), or remove the line when nobody knows",
		     "content/dialoger/ni-sa.md:16:32: error: unknown outcome \"kanske\"; choose one "
		     "of: genomförs, delvis, genomförs inte, redan beslutat, utanför frågan, utreds",
		     "content/dialoger/ni-sa.md:17:5: error: \"response\" is missing but required",
		     "content/dialoger/ni-sa.md:18:5: error: \"you_said\" must be a mapping of keys",
		     "content/dialoger/ni-sa.md:20:46: error: \"progress\" is 140 but must be the "
		     "percentage done, from 0 to 100",
		     "content/dialoger/ni-sa.md:21:44: error: \"done\" is the day the action was "
		     "finished, but its status is \"planerad\": set status: klar, or remove done",
		     "content/dialoger/ni-sa.md:22:28: error: unknown action status \"klr\"; did you "
		     "mean \"klar\"?",
		     "content/dialoger/ni-sa.md:22:43: error: \"progress\" must be a whole number");
	unload(&l);
}

static void test_feedback_overdue_days_from_site(void **state)
{
	buf y = BUF_INIT;
	const model_dialogue *d;

	(void)state;
	buf_printf(&y, "%sfeedback_overdue_days: 10\npage_size: 5\n", SITE_YAML);
	put("content/site.yaml", y.ptr);
	buf_free(&y);
	put_dialogue("content/dialoger/tio-dagar.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-11-01\n", NULL);
	put_dialogue("content/dialoger/inom-tio.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-11-12\n", NULL);
	load(&l);
	assert_int_equal(l.m.overdue_limit, 10);
	assert_int_equal(l.m.page_size, 5);
	EXPECT_DIAGS(&l.d, "content/dialoger/tio-dagar.md:11:6: error: feedback is overdue: it was "
			   "due by 2026-11-11 (11 days ago). Add the section \"## Återkoppling\", or "
			   "say in feedback_delay why it is late (reason) and when it comes (new_date)");
	d = dlg(&l, "tio-dagar");
	assert_int_equal(d->feedback_overdue, 1);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 11));
	d = dlg(&l, "inom-tio");
	assert_int_equal(d->feedback_overdue, 0);
	assert_int_equal(d->feedback_deadline, ymd(2026, 11, 22));
	unload(&l);
}

/* ---- sections ----------------------------------------------------------------------------- */

static void test_sections_extracted(void **state)
{
	const model_dialogue *d;
	markdown_doc body;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/med-avsnitt.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-02-10\n", /* lines 9-11, fence 12 */
		     "Inledning.\n"                                          /* 13 */
		     "\n"                                                    /* 14 */
		     "## Så deltar du\n"                                     /* 15 */
		     "Kom på mötet.\n"                                       /* 16 */
		     "\n"                                                    /* 17 */
		     "## Resultat\n"                                         /* 18 */
		     "Många svar.\n"                                         /* 19 */
		     "\n"                                                    /* 20 */
		     "## Återkoppling\n"                                     /* 21 */
		     "Nämnden beslutade.\n");                                /* 22 */
	put_dialogue("content/dialoger/utan-avsnitt.md", "level: information\n",
		     "Inledning.\n\n## Bakgrund\nText.\n");
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	d = dlg(&l, "med-avsnitt");
	assert_int_equal(d->section_line[MARKDOWN_SECTION_TAKE_PART], 15);
	assert_int_equal(d->section_line[MARKDOWN_SECTION_RESULTS], 18);
	assert_int_equal(d->section_line[MARKDOWN_SECTION_FEEDBACK], 21);
	/* The model keeps the sections' text for feeds, the page renders the HTML again. */
	assert_string_equal(d->section_text[MARKDOWN_SECTION_RESULTS], "Många svar.");
	assert_string_equal(d->section_text[MARKDOWN_SECTION_FEEDBACK], "Nämnden beslutade.");
	render(&body, &l, d);
	assert_string_equal(body.html.ptr, "<p>Inledning.</p>\n");
	assert_string_equal(body.sections[MARKDOWN_SECTION_TAKE_PART].ptr, "<p>Kom på mötet.</p>\n");
	assert_string_equal(body.sections[MARKDOWN_SECTION_RESULTS].ptr, "<p>Många svar.</p>\n");
	assert_string_equal(body.sections[MARKDOWN_SECTION_FEEDBACK].ptr,
			    "<p>Nämnden beslutade.</p>\n");
	markdown_doc_free(&body);
	d = dlg(&l, "utan-avsnitt");
	assert_int_equal(d->section_line[MARKDOWN_SECTION_TAKE_PART], 0);
	assert_int_equal(d->section_line[MARKDOWN_SECTION_RESULTS], 0);
	assert_int_equal(d->section_line[MARKDOWN_SECTION_FEEDBACK], 0);
	assert_null(d->section_text[MARKDOWN_SECTION_RESULTS]);
	render(&body, &l, d);
	assert_non_null(strstr(body.html.ptr, "Bakgrund</h2>"));
	markdown_doc_free(&body);
	/* Saved again after the checks (a work tree during a build): refused,
	 * since the new text was never checked. */
	put_dialogue("content/dialoger/utan-avsnitt.md", "level: information\n",
		     "Inledning.\n\n## Bakgrund\nNy text.\n");
	{
		markdown_doc easy_read;
		markdown_doc_init(&body);
		markdown_doc_init(&easy_read);
		assert_int_equal(model_dialogue_render(&body, &easy_read, l.src, d), -1);
		markdown_doc_free(&body);
		markdown_doc_free(&easy_read);
	}
	unload(&l);
}

/* ---- committees ------------------------------------------------------------------------------ */

static void test_committees(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/nyckel.md", "level: dialog\n", NULL); /* responsible: SBN */
	put("content/dialoger/fullt-namn.md", "---\n"
					      "title: T\n"
					      "summary: S\n"
					      "level: information\n"
					      "level_reason: R\n"
					      "influence: I\n"
					      "purpose: P\n"
					      "responsible: Kultur- och fritidsnämnden\n"
					      "contact: { name: Anna, phone: \"016-10 00 00\" }\n"
					      "---\n");
	put("content/dialoger/stavfel.md", "---\n"
					   "title: T\n"
					   "summary: S\n"
					   "level: information\n"
					   "level_reason: R\n"
					   "influence: I\n"
					   "purpose: P\n"
					   "responsible: SNB\n"
					   "contact: { name: Anna, phone: \"016-10 00 00\" }\n"
					   "---\n");
	put("content/dialoger/okand.md", "---\n"
					 "title: T\n"
					 "summary: S\n"
					 "level: information\n"
					 "level_reason: R\n"
					 "influence: I\n"
					 "purpose: P\n"
					 "responsible: Tekniska nämnden\n"
					 "contact: { name: Anna, phone: \"016-10 00 00\" }\n"
					 "---\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/okand.md:8:14: error: unknown committee \"Tekniska nämnden\"; "
		     "choose one of: SBN, KFN",
		     "content/dialoger/stavfel.md:8:14: error: unknown committee \"SNB\"; did you "
		     "mean \"SBN\"?");
	assert_string_equal(model_committee_name(&l.m, "SBN"), "Stadsbyggnadsnämnden");
	assert_string_equal(model_committee_name(&l.m, "KFN"), "Kultur- och fritidsnämnden");
	assert_string_equal(model_committee_name(&l.m, "Kultur- och fritidsnämnden"),
			    "Kultur- och fritidsnämnden");
	assert_null(model_committee_name(&l.m, "SNB"));
	assert_null(model_committee_name(&l.m, "sbn"));
	assert_null(model_committee_name(&l.m, NULL));
	unload(&l);
}

static void test_committees_absent_accepts_any(void **state)
{
	const char *name = "Vilken nämnd som helst";

	(void)state;
	put("content/site.yaml", "title: T\nmunicipality: M\nbase_url: https://d.example.se/\n");
	put_dialogue("content/dialoger/a.md", "level: dialog\n", NULL); /* responsible: SBN */
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_ptr_equal(model_committee_name(&l.m, name), name);
	assert_string_equal(model_committee_name(&l.m, "SBN"), "SBN");
	unload(&l);
}

/* ---- related ------------------------------------------------------------------------------ */

static void test_related(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/stadsparken.md", "level: dialog\nrelated: [ torget ]\n", NULL);
	put_dialogue("content/dialoger/torget.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/stavfel.md", "level: dialog\nrelated: [ torget, stadsparkne ]\n",
		     NULL);
	put_dialogue("content/dialoger/okand.md", "level: dialog\nrelated: [ helt-annat ]\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/okand.md:10:12: error: related dialogue \"helt-annat\" does "
		     "not exist",
		     "content/dialoger/stavfel.md:10:20: error: related dialogue \"stadsparkne\" does "
		     "not exist; did you mean \"stadsparken\"?");
	unload(&l);
}

/* `related` is a list of texts, and a single text counts as a list of one
 * (as for every list field): a missing slug written that way is as wrong. */
static void test_related_single_text_checked(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/torget.md", "level: dialog\nrelated: finns-inte\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/torget.md:10:10: error: related dialogue \"finns-inte\" "
			   "does not exist");
	unload(&l);
}

/* ---- translations -------------------------------------------------------------------------------- */

static void test_translation_inherits(void **state)
{
	const model_dialogue *o, *t;
	markdown_doc body;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/resecentrum.md",
		     "level: inflytande\nstart: 2026-01-10\nend: 2026-12-31\n", NULL);
	put("content/dialoger/resecentrum.en.md", "---\n"
						  "title: New travel centre\n"
						  "summary: How should it be designed?\n"
						  "---\n"
						  "English text.\n\n## Results\nMany answers.\n");
	put("content/dialoger/ensam.en.md", "---\ntitle: Alone\n---\nText.\n");
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/ensam.en.md: error: the translation has no original: "
			   "dialoger/ensam.md does not exist");
	assert_int_equal(l.m.n_dialogues, 2);
	o = &l.m.dialogues[0];
	t = &l.m.dialogues[1];
	assert_ptr_equal(model_find_dialogue(&l.m, "resecentrum"), o);
	assert_null(model_find_dialogue(&l.m, "ensam"));
	assert_string_equal(o->lang, "sv");
	assert_int_equal(o->is_translation, 0);
	assert_string_equal(t->slug, "resecentrum");
	assert_string_equal(t->lang, "en");
	assert_string_equal(t->path, "content/dialoger/resecentrum.en.md");
	assert_int_equal(t->is_translation, 1);
	assert_int_equal(t->level, MODEL_INFLUENCE);
	assert_int_equal(t->start, ymd(2026, 1, 10));
	assert_int_equal(t->end, ymd(2026, 12, 31));
	assert_int_equal(t->status, MODEL_ONGOING);
	assert_string_equal(fm_text(t, "title"), "New travel centre");
	assert_string_equal(fm_text(t, "summary"), "How should it be designed?");
	assert_string_equal(fm_text(t, "level"), "inflytande");
	assert_string_equal(fm_text(t, "responsible"), "SBN");
	assert_string_equal(fm_text(t, "purpose"), "Ett bredare underlag.");
	assert_string_equal(value_string(value_map_get(value_map_get(t->fm, "contact"), "name")),
			    "Anna Andersson");
	assert_string_equal(value_string(value_map_get(value_map_get(t->fm, "contact"), "email")),
			    "anna@example.se");
	/* The original keeps its own title. */
	assert_string_equal(fm_text(o, "title"), "Nytt resecentrum");
	/* English section names on an English page. */
	assert_true(t->section_line[MARKDOWN_SECTION_RESULTS] > 0);
	render(&body, &l, t);
	assert_string_equal(body.sections[MARKDOWN_SECTION_RESULTS].ptr, "<p>Many answers.</p>\n");
	markdown_doc_free(&body);
	unload(&l);
}

/* A translation still being written says draft: true, and must stay unpublished
 * even though its original is published. */
static void test_translation_draft_kept(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/torget.md", "level: dialog\n", NULL);
	put("content/dialoger/torget.en.md", "---\ntitle: The square\ndraft: true\n---\nText.\n");
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_int_equal(l.m.n_dialogues, 2);
	assert_int_equal(l.m.dialogues[0].draft, 0);
	assert_int_equal(l.m.dialogues[1].is_translation, 1);
	assert_int_equal(l.m.dialogues[1].draft, 1);
	unload(&l);
}

/* A translation's own documents must exist in the bundle, as the original's. */
static void test_translation_documents_checked(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/b/index.md", "level: dialog\n", NULL);
	put("content/dialoger/b/rapport.pdf", "%PDF-1.4\n");
	put("content/dialoger/b/index.en.md", "---\n"
					      "title: B\n"
					      "documents:\n"
					      "  - { title: Report, file: report.pdf }\n"
					      "---\n"
					      "Text.\n");
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/b/index.en.md:4:28: error: the document file "
			   "\"report.pdf\" does not exist in the bundle content/dialoger/b");
	unload(&l);
}

/* The English page of an overdue dialogue must say so as well: a
 * translation without its own feedback section shares the original's
 * overdue state and deadline (reported once, for the original). */
static void test_translation_overdue_follows_original(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/sen.md", "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\n"
		     "feedback_delay: { reason: Nämnden sköt upp beslutet., new_date: 2027-01-15 }\n",
		     NULL);
	put("content/dialoger/sen.en.md", "---\ntitle: Late\n---\nText.\n");
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/sen.md:11:6: warning: feedback is overdue: it was due by "
			   "2026-08-30 (84 days ago); add the section \"## Återkoppling\"");
	assert_int_equal(l.m.n_dialogues, 2);
	assert_int_equal(l.m.dialogues[0].feedback_overdue, 1);
	assert_int_equal(l.m.dialogues[0].feedback_deadline, ymd(2026, 8, 30));
	assert_int_equal(l.m.dialogues[1].is_translation, 1);
	assert_int_equal(l.m.dialogues[1].status, MODEL_FINISHED);
	assert_int_equal(l.m.dialogues[1].feedback_overdue, 1);
	assert_int_equal(l.m.dialogues[1].feedback_deadline, ymd(2026, 8, 30));
}

/* Two files for the same translation (x.en.md and x/index.en.md) would both
 * be written to en/dialoger/x/: a duplicate, as for originals. */
static void test_duplicate_translation(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/x.md", "level: dialog\n", NULL);
	put("content/dialoger/x.en.md", "---\ntitle: X one\n---\n");
	put("content/dialoger/x/index.en.md", "---\ntitle: X two\n---\n");
	load(&l);
	assert_int_equal(l.d.errors, 1);
	assert_int_equal(l.d.len, 1);
	assert_non_null(strstr(l.d.items[0].message, "already exists"));
	assert_int_equal(l.m.n_dialogues, 2);
}

/* ---- bundles ------------------------------------------------------------------------------------- */

static void test_bundle(void **state)
{
	const model_dialogue *d;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/b/index.md",
		     "level: dialog\n"
		     "documents:\n"
		     "  - { title: Rapport, file: rapport.pdf }\n"
		     "  - { title: Karta, file: bilder/karta.png }\n"
		     "  - { title: Saknas, file: saknas.pdf }\n"
		     "  - { title: Extern, url: https://example.se/a.pdf }\n"
		     "  - { title: Ingenting }\n",
		     NULL);
	put("content/dialoger/b/rapport.pdf", "%PDF-1.4 test\n");
	put("content/dialoger/b/bilder/karta.png", "PNG");
	put("content/dialoger/b/Fel namn.pdf", "x");
	put_dialogue("content/dialoger/ensam.md",
		     "level: dialog\ndocuments: [ { title: Rapport, file: rapport.pdf } ]\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/b/Fel namn.pdf: error: the file name has a space (character "
		     "4), which does not work in a web address; rename the file to \"fel-namn.pdf\" "
		     "(and change the links to it)",
		     "content/dialoger/b/index.md:13:28: error: the document file \"saknas.pdf\" does "
		     "not exist in the bundle content/dialoger/b",
		     "content/dialoger/b/index.md:15:5: error: the document needs file: (a file in "
		     "the bundle) or url:",
		     "content/dialoger/ensam.md:10:38: error: file: works only in a bundle: move the "
		     "text to dialoger/ensam/index.md and put the file beside it");
	d = dlg(&l, "b");
	assert_string_equal(d->path, "content/dialoger/b/index.md");
	assert_string_equal(d->bundle, "content/dialoger/b");
	assert_null(dlg(&l, "ensam")->bundle);
	assert_int_equal(l.m.n_files, 2);
	assert_string_equal(l.m.files[0].src, "content/dialoger/b/bilder/karta.png");
	assert_string_equal(l.m.files[0].dest, "dialoger/b/bilder/karta.png");
	assert_int_equal(l.m.files[0].size, 3);
	assert_string_equal(l.m.files[1].src, "content/dialoger/b/rapport.pdf");
	assert_string_equal(l.m.files[1].dest, "dialoger/b/rapport.pdf");
	assert_int_equal(l.m.files[1].size, 14);
	unload(&l);
}

static void test_duplicate_slug(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/x.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/x/index.md", "level: dialog\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/x/index.md: error: the dialogue \"x\" already exists "
			   "(content/dialoger/x.md); each name may exist only once");
	assert_int_equal(l.m.n_dialogues, 1);
	assert_string_equal(l.m.dialogues[0].path, "content/dialoger/x.md");
	unload(&l);
}

static void test_invalid_file_names(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/Ny_Simhall.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/simhall-i-sodra.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/simhäll.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/dubbel--streck.md", "level: dialog\n", NULL);
	put("content/dialoger/lasmig.txt", "x\n");
	put("content/annat.txt", "x\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/annat.txt: warning: file skipped: it is not part of the content format",
		     "content/dialoger/Ny_Simhall.md: error: invalid file name \"Ny_Simhall\": use "
		     "lower-case a-z, digits and hyphens (å, ä become a; ö becomes o)",
		     "content/dialoger/dubbel--streck.md: error: invalid file name \"dubbel--streck\": "
		     "use lower-case a-z, digits and hyphens (å, ä become a; ö becomes o)",
		     "content/dialoger/lasmig.txt: warning: file skipped: dialogues are .md files",
		     "content/dialoger/simhäll.md: error: invalid file name \"simhäll\": use "
		     "lower-case a-z, digits and hyphens (å, ä become a; ö becomes o)");
	assert_int_equal(l.m.n_dialogues, 1);
	assert_string_equal(l.m.dialogues[0].slug, "simhall-i-sodra");
	unload(&l);
}

/* ---- free pages ------------------------------------------------------------------------------------ */

static void test_pages(void **state)
{
	size_t i;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put("content/sidor/om.md", "---\ntitle: Om dialogerna\nmenu: 2\n---\nText om.\n");
	put("content/sidor/kontakt.md", "---\ntitle: Kontakt\nmenu: 1\nsummary: Hör av dig.\n---\n"
					 "Ring oss.\n");
	put("content/sidor/extra.md", "---\ntitle: Extra\n---\nText.\n");
	put("content/sidor/dialoger.md", "---\ntitle: Krock\n---\n");
	put("content/sidor/forhandsgranskning.md", "---\ntitle: Krock\n---\n");
	put("content/sidor/aterkoppling.md", "---\ntitle: Krock\n---\n");
	put("content/sidor/Stor.md", "---\ntitle: Stor\n---\n");
	put("content/sidor/om.en.md", "---\ntitle: About\n---\n");
	put("content/sidor/under/sida.md", "---\ntitle: Under\n---\n");
	put("content/sidor/utan-titel.md", "---\nmenu: 3\n---\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/sidor/Stor.md: error: invalid page: use sidor/<name>.md with lower-case "
		     "a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/aterkoppling.md: error: invalid page: use sidor/<name>.md with "
		     "lower-case a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/dialoger.md: error: invalid page: use sidor/<name>.md with "
		     "lower-case a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/forhandsgranskning.md: error: invalid page: use sidor/<name>.md "
		     "with lower-case a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/om.en.md: error: invalid page: use sidor/<name>.md with "
		     "lower-case a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/under/sida.md: error: invalid page: use sidor/<name>.md with "
		     "lower-case a-z, digits and hyphens (and no reserved name)",
		     "content/sidor/utan-titel.md:2:1: error: \"title\" is missing but required");
	assert_int_equal(l.m.n_pages, 4);
	for (i = 0; i < l.m.n_pages; i++)
		assert_int_not_equal(strcmp(l.m.pages[i].slug, "dialoger"), 0);
	assert_string_equal(l.m.pages[0].slug, "extra");
	assert_string_equal(l.m.pages[0].path, "content/sidor/extra.md");
	assert_int_equal(l.m.pages[0].menu, 0);
	assert_string_equal(l.m.pages[1].slug, "kontakt");
	assert_int_equal(l.m.pages[1].menu, 1);
	assert_string_equal(value_string(value_map_get(l.m.pages[1].fm, "summary")), "Hör av dig.");
	assert_string_equal(l.m.pages[1].body.html.ptr, "<p>Ring oss.</p>\n");
	assert_string_equal(l.m.pages[2].slug, "om");
	assert_int_equal(l.m.pages[2].menu, 2);
	assert_string_equal(value_string(value_map_get(l.m.pages[2].fm, "title")), "Om dialogerna");
	assert_string_equal(l.m.pages[3].slug, "utan-titel");
	unload(&l);
}

/* model.h promises pages sorted by slug; "om" sorts before "om-oss". */
static void test_pages_sorted_by_slug(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put("content/sidor/om-oss.md", "---\ntitle: Om oss\n---\n");
	put("content/sidor/om.md", "---\ntitle: Om\n---\n");
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_int_equal(l.m.n_pages, 2);
	assert_string_equal(l.m.pages[0].slug, "om");
	assert_string_equal(l.m.pages[1].slug, "om-oss");
	unload(&l);
}

/* ---- static files and links ----------------------------------------------------------------------------- */

static void test_static_files(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put("content/static/logo.svg", "<svg/>");
	put("content/static/dokument/policy.pdf", "%PDF-1.7\n");
	put("content/static/.htaccess", "deny\n");
	put("content/static/dokument/.dold", "x");
	load(&l);
	EXPECT_DIAGS(&l.d, "content/static/.htaccess: error: file name not allowed in static/",
		     "content/static/dokument/.dold: error: file name not allowed in static/");
	assert_int_equal(l.m.n_files, 2);
	assert_string_equal(l.m.files[0].src, "content/static/dokument/policy.pdf");
	assert_string_equal(l.m.files[0].dest, "dokument/policy.pdf");
	assert_int_equal(l.m.files[0].size, 9);
	assert_string_equal(l.m.files[1].src, "content/static/logo.svg");
	assert_string_equal(l.m.files[1].dest, "logo.svg");
	assert_int_equal(l.m.files[1].size, 6);
	unload(&l);
}

static void test_symlink_skipped(void **state)
{
	buf p = BUF_INIT;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/riktig.md", "level: dialog\n", NULL);
	put("content/static/logo.svg", "<svg/>");
	buf_printf(&p, "%s/content/dialoger/lank.md", tmp);
	assert_int_equal(symlink("riktig.md", p.ptr), 0);
	buf_clear(&p);
	buf_printf(&p, "%s/content/static/losen", tmp);
	assert_int_equal(symlink("/etc/passwd", p.ptr), 0);
	buf_free(&p);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/lank.md: warning: symbolic link skipped: Trappa never follows "
		     "links",
		     "content/static/losen: warning: symbolic link skipped: Trappa never follows "
		     "links");
	assert_int_equal(l.m.n_dialogues, 1);
	assert_string_equal(l.m.dialogues[0].slug, "riktig");
	assert_int_equal(l.m.n_files, 1);
	assert_string_equal(l.m.files[0].dest, "logo.svg");
	unload(&l);
}

/* ---- fields ---------------------------------------------------------------------------------------------- */

static void test_unknown_keys(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/a.md",
		     "level: dialog\nstatuss: planerad\nfoo: 1\n"
		     "contact_person: x\n",
		     NULL);
	put_dialogue("content/dialoger/b.md",
		     "level: dialog\nmeetings:\n  - { title: Möte, start: \"2026-12-01T18:00\", "
		     "plats: Biblioteket }\n",
		     NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/a.md:10:1: error: unknown key \"statuss\"; did you mean "
		     "\"status\"?",
		     "content/dialoger/a.md:11:1: error: unknown key \"foo\"",
		     "content/dialoger/a.md:12:1: error: unknown key \"contact_person\"",
		     "content/dialoger/b.md:11:27: warning: the meeting has a start time but no end; "
		     "the calendar shows it as an hour long",
		     "content/dialoger/b.md:11:47: error: unknown key \"plats\"; did you mean "
		     "\"place\"?");
	unload(&l);
}

static void test_draft(void **state)
{

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/utkast.md", "level: dialog\ndraft: true\n", NULL);
	put_dialogue("content/dialoger/klar.md", "level: dialog\ndraft: false\n", NULL);
	put_dialogue("content/dialoger/utan.md", "level: dialog\n", NULL);
	put_dialogue("content/dialoger/fel.md", "level: dialog\ndraft: ja\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d, "content/dialoger/fel.md:10:8: error: \"draft\" must be true or false");
	assert_int_equal(dlg(&l, "utkast")->draft, 1);
	assert_int_equal(dlg(&l, "klar")->draft, 0);
	assert_int_equal(dlg(&l, "utan")->draft, 0);
	assert_int_equal(dlg(&l, "fel")->draft, 0);
	unload(&l);
}

static void test_dates_checked(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/bakvant.md",
		     "level: dialog\nstart: 2027-03-10\nend: 2027-03-09\n", NULL);
	put_dialogue("content/dialoger/ogiltigt.md", "level: dialog\nstart: 2026-02-30\n", NULL);
	put_dialogue("content/dialoger/samma-dag.md",
		     "level: dialog\nstart: 2027-03-10\nend: 2027-03-10\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/bakvant.md:11:6: error: the end date lies before the start date",
		     "content/dialoger/ogiltigt.md:10:8: error: invalid date \"2026-02-30\" in "
		     "\"start\"; write YYYY-MM-DD, e.g. 2026-03-15");
	assert_int_equal(dlg(&l, "ogiltigt")->start, DATE_NONE);
	assert_int_equal(dlg(&l, "ogiltigt")->status, MODEL_PLANNED);
	assert_int_equal(dlg(&l, "samma-dag")->start, dlg(&l, "samma-dag")->end);
}

/* updates: a list of dated public notes, each with a valid date and a text
 * that says something; a translation's own notes are checked as strictly. */
static void test_updates_checked(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/ratt.md",
		     "level: dialog\nupdates:\n"
		     "  - { date: 2026-05-02, text: \"Enkäten är stängd.\" }\n"
		     "  - date: 2026-06-01\n    text: >\n      Vi sammanställer\n      svaren.\n",
		     NULL);
	put_dialogue("content/dialoger/fel.md",
		     "level: dialog\nupdates:\n"
		     "  - { date: 2026-13-01, text: Fel månad }\n"
		     "  - { date: 2026-05-02 }\n"
		     "  - { date: 2026-05-03, txt: Stavfel }\n"
		     "  - { date: 2026-05-04, text: \"  \" }\n"
		     "  - Bara en text\n",
		     NULL);
	put_dialogue("content/dialoger/lista.md", "level: dialog\nupdates: 2026-05-02\n", NULL);
	put_dialogue("content/dialoger/oversatt.md", "level: dialog\n", NULL);
	put("content/dialoger/oversatt.en.md", "---\n"
					       "title: Translated\n"
					       "updates:\n"
					       "  - { text: No date }\n"
					       "  - { date: 2026-05-02, text: The survey is closed. }\n"
					       "---\n"
					       "Text.\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/fel.md:11:13: error: invalid date \"2026-13-01\" in \"date\"; "
		     "write YYYY-MM-DD, e.g. 2026-03-15",
		     "content/dialoger/fel.md:12:5: error: \"text\" is missing but required",
		     "content/dialoger/fel.md:13:5: error: \"text\" is missing but required",
		     "content/dialoger/fel.md:13:25: error: unknown key \"txt\"; did you mean "
		     "\"text\"?",
		     "content/dialoger/fel.md:14:31: error: \"text\" in \"updates\" is empty; write "
		     "what has happened, e.g. \"The survey is closed.\"",
		     "content/dialoger/fel.md:15:5: error: \"updates\" must be a mapping of keys",
		     "content/dialoger/lista.md:10:10: error: \"updates\" must be a list of mappings",
		     "content/dialoger/oversatt.en.md:4:5: error: \"date\" is missing but required");
	assert_int_equal(value_list_len(value_map_get(dlg(&l, "ratt")->fm, "updates")), 2);
	unload(&l);
}

/* ---- site.yaml ---------------------------------------------------------------------------------------------- */

static void test_site_defaults(void **state)
{
	model_options opts = { NULL, TODAY, NULL, 0 };

	(void)state;
	put("content/site.yaml", "title: T\nmunicipality: M\nbase_url: https://d.example.se/\n");
	load_with(&l, &opts);
	assert_int_equal(l.rc, 0);
	EXPECT_NO_DIAGS(&l.d);
	assert_int_equal(l.m.page_size, 20);
	assert_int_equal(l.m.overdue_limit, 90);
	assert_string_equal(l.m.lang, "sv");
	assert_string_equal(l.m.timezone, "Europe/Stockholm");
	assert_string_equal(l.m.theme, "default");
	assert_string_equal(l.m.content_dir, "content");
	assert_int_equal(l.m.today, ymd(2026, 11, 22));
	assert_int_equal(l.m.n_dialogues, 0);
	assert_int_equal(l.m.n_pages, 0);
	assert_int_equal(l.m.n_files, 0);
	unload(&l);
}

static void test_site_overrides(void **state)
{

	(void)state;
	put("content/site.yaml", "title: T\nmunicipality: M\nbase_url: https://d.example.se/\n"
				 "language: en\ntheme: mine\npage_size: 3\nfeedback_overdue_days: 30\n");
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_int_equal(l.m.page_size, 3);
	assert_int_equal(l.m.overdue_limit, 30);
	assert_string_equal(l.m.lang, "en");
	assert_string_equal(l.m.theme, "mine");
	unload(&l);
}

static void test_site_yaml_errors(void **state)
{

	(void)state;
	put("content/site.yaml", "title: T\nmunicipality: M\nbase_url: dialog.example.se\n"
				 "page_size: tjugo\nlanguage: de\n");
	load(&l);
	EXPECT_DIAGS(&l.d,
		     "content/site.yaml:3:11: error: \"base_url\" must be a full address starting "
		     "with https://",
		     "content/site.yaml:4:12: error: \"page_size\" must be a whole number",
		     "content/site.yaml:5:11: error: language \"de\" is not supported; choose sv or en");
	assert_int_equal(l.m.page_size, 20);
	assert_string_equal(l.m.lang, "sv");
	unload(&l);
}

static void test_site_yaml_missing(void **state)
{

	(void)state;
	put_dialogue("content/dialoger/a.md", "level: dialog\n", NULL);
	load(&l);
	EXPECT_DIAGS(&l.d, "content/site.yaml: error: the file is missing: every site needs "
			   "content/site.yaml with at least title, municipality and base_url");
	assert_int_equal(l.d.errors, 1);
	assert_non_null(l.m.config);
	assert_int_equal(l.m.config->type, VALUE_MAP);
	unload(&l);
}

static void test_content_dir_option(void **state)
{
	model_options opts = { "sajt/innehall", TODAY, NULL, 0 };

	(void)state;
	put("sajt/innehall/site.yaml", SITE_YAML);
	put_dialogue("sajt/innehall/dialoger/a.md", "level: dialog\nfoo: 1\n", NULL);
	load_with(&l, &opts);
	assert_int_equal(l.rc, 0);
	EXPECT_DIAGS(&l.d, "sajt/innehall/dialoger/a.md:10:1: error: unknown key \"foo\"");
	assert_int_equal(l.m.n_dialogues, 1);
	assert_string_equal(l.m.dialogues[0].path, "sajt/innehall/dialoger/a.md");
	assert_string_equal(l.m.content_dir, "sajt/innehall");
	unload(&l);
}

/* ---- edit distance ---------------------------------------------------------------------------------------------- */

/* ---- loading on several threads -------------------------------------------------- */

/* Loads without diag_sort: the list itself must come in the order one
 * thread gave it (originals in file order, then translations). */
static void load_unsorted(loaded *x)
{
	model_options opts = { "content", TODAY, NULL, 0 };
	diag_list open = DIAG_LIST_INIT;
	int rc;

	memset(x, 0, sizeof(*x));
	rc = source_open_worktree(&x->src, &open, tmp);
	diag_list_free(&open);
	assert_int_equal(rc, 0);
	x->live = 1;
	x->rc = model_load(&x->m, &x->d, x->src, &opts);
	assert_int_equal(x->rc, 0);
}

/* Dialogues load on two threads, each file taken by whichever is free:
 * enough files that both get some, with reports early, in the middle and
 * late, several in one file in an order diag_sort would change, and
 * translations (loaded after every original) with reports of their own.
 * The reports, the slots and what is in them must not depend on which
 * thread loaded which file. */
static void test_parallel_load_order(void **state)
{
	buf rel = BUF_INIT, fields = BUF_INIT;
	size_t i;
	int k;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	for (i = 1; i <= 200; i++) {
		buf_clear(&rel);
		buf_clear(&fields);
		buf_printf(&rel, "content/dialoger/d%03zu.md", i);
		/* Statuses and sections vary, so slots cannot be confused. */
		buf_printf(&fields, "level: %s\nstart: 2026-%02zu-01\n",
			   i == 3 ? "konsultaton" : i == 100 ? "medbeslutande" : "dialog",
			   i % 12 + 1);
		if (i == 3)
			buf_puts(&fields, "foo: 1\n"); /* line 11, reported before line 9 */
		if (i == 197)
			buf_puts(&fields, "status: avslutad\n");
		put_dialogue(rel.ptr, fields.ptr,
			     i % 3 ? "Beskrivning.\n\n## Så deltar du\n\nSkriv.\n"
				   : "Text.\n\n## Så deltar du\n\nSkriv.\n\n## Resultat\n\nMånga svar.\n");
	}
	put_dialogue("content/dialoger/d100/index.md", "level: dialog\n", NULL);
	put("content/dialoger/d002.en.md", "---\ntitle: D two\nlevel: information\n---\nText.\n");
	put("content/dialoger/d150.en.md", "---\ntitle: D\nbar: x\n---\nText.\n");
	put("content/dialoger/d150.fr.md", "---\ntitle: D\n---\nTexte.\n");
	put("content/dialoger/zzz.en.md", "---\ntitle: Z\n---\nText.\n");
	buf_free(&rel);
	buf_free(&fields);

	load_unsorted(&l);
	EXPECT_DIAGS(&l.d,
		     "content/dialoger/d003.md:11:1: error: unknown key \"foo\"",
		     "content/dialoger/d003.md:9:8: error: unknown level \"konsultaton\"; did you "
		     "mean \"konsultation\"?",
		     "content/dialoger/d100.md:9:8: warning: medbeslutande without a decision body: "
		     "set decision.body (who takes the decision)",
		     "content/dialoger/d100/index.md: error: the dialogue \"d100\" already exists "
		     "(content/dialoger/d100.md); each name may exist only once",
		     "content/dialoger/d197.md:11:9: warning: status \"avslutad\" contradicts the "
		     "dates, which give \"pågående\" as of 2026-11-22",
		     "content/dialoger/d002.en.md:3:1: warning: \"level\" differs from the original "
		     "and is ignored: it holds for every language and is changed in the original",
		     "content/dialoger/d150.en.md:3:1: error: unknown key \"bar\"",
		     "content/dialoger/d150.fr.md: error: language \"fr\" is not supported: the theme "
		     "has texts in Swedish (sv) and English (en)",
		     "content/dialoger/zzz.en.md: error: the translation has no original: "
		     "dialoger/zzz.md does not exist");
	assert_int_equal(l.d.errors, 6);
	assert_int_equal(l.d.warnings, 3);
	assert_int_equal(l.m.n_originals, 200);
	assert_int_equal(l.m.n_dialogues, 202);
	assert_string_equal(l.m.dialogues[0].slug, "d001");
	assert_string_equal(l.m.dialogues[99].path, "content/dialoger/d100.md");
	assert_int_equal(l.m.dialogues[99].level, MODEL_CODECISION);
	assert_int_equal(l.m.dialogues[196].status, MODEL_FINISHED);
	assert_string_equal(l.m.dialogues[199].slug, "d200");
	assert_string_equal(l.m.dialogues[200].path, "content/dialoger/d002.en.md");
	assert_int_equal(l.m.dialogues[200].level, MODEL_DIALOGUE);
	assert_string_equal(l.m.dialogues[201].path, "content/dialoger/d150.en.md");
	assert_int_equal(l.m.dialogues[201].start, ymd(2026, 150 % 12 + 1, 1));

	/* A second load gives the same reports and the same model. */
	load_unsorted(&l2);
	assert_int_equal(l2.d.len, l.d.len);
	for (i = 0; i < l.d.len; i++) {
		assert_string_equal(l2.d.items[i].path, l.d.items[i].path);
		assert_int_equal(l2.d.items[i].line, l.d.items[i].line);
		assert_int_equal(l2.d.items[i].col, l.d.items[i].col);
		assert_string_equal(l2.d.items[i].message, l.d.items[i].message);
	}
	assert_int_equal(l2.m.n_dialogues, l.m.n_dialogues);
	for (i = 0; i < l.m.n_dialogues; i++) {
		const model_dialogue *a = &l.m.dialogues[i], *b = &l2.m.dialogues[i];
		assert_string_equal(b->slug, a->slug);
		assert_string_equal(b->lang, a->lang);
		assert_string_equal(b->path, a->path);
		assert_int_equal(b->status, a->status);
		assert_int_equal(b->level, a->level);
		assert_int_equal(b->start, a->start);
		assert_int_equal(b->draft, a->draft);
		assert_int_equal(b->is_translation, a->is_translation);
		assert_true(value_equal(b->fm, a->fm));
		for (k = 0; k < MARKDOWN_SECTION_COUNT; k++) {
			assert_int_equal(b->section_line[k], a->section_line[k]);
			if (a->section_text[k])
				assert_string_equal(b->section_text[k], a->section_text[k]);
			else
				assert_null(b->section_text[k]);
		}
	}
	unload(&l2);
	unload(&l);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(model_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(model_edit_distance("sitting", "kitten"), 3);
	assert_int_equal(model_edit_distance("SNB", "SBN"), 1);
	assert_int_equal(model_edit_distance("ab", "ba"), 1);
	assert_int_equal(model_edit_distance("", "abc"), 3);
	assert_int_equal(model_edit_distance("abc", ""), 3);
	assert_int_equal(model_edit_distance("", ""), 0);
	assert_int_equal(model_edit_distance("status", "status"), 0);
	assert_int_equal(model_edit_distance("konsultaton", "konsultation"), 1);
	/* Code points, not bytes: å for a is one edit. */
	assert_int_equal(model_edit_distance("Återkopling", "Återkoppling"), 1);
	assert_int_equal(model_edit_distance("pagaende", "pågående"), 2);
	assert_int_equal(model_edit_distance("flaw", "lawn"), 2);
}

/* ---- languages, limits, meeting times -------------------------------------------- */

/* One answer to "which language": a page's lang names its language in
 * any case and with a region ("en-GB", "EN", "sv_SE" are valid), is kept
 * as the code, and anything else is refused with the closest code. */
static void test_page_and_dialogue_language(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/resecentrum.md", "level: dialog\n", NULL);
	put("content/dialoger/resecentrum.en.md", "---\ntitle: Travel centre\n---\nText.\n");
	put("content/sidor/about.md", "---\ntitle: About\nlang: en\n---\nText.\n");
	put("content/sidor/caps.md", "---\ntitle: Caps\nlang: EN\n---\nText.\n");
	put("content/sidor/fr.md", "---\ntitle: Fr\nlang: fr\n---\nText.\n");
	put("content/sidor/om.md", "---\ntitle: Om\n---\nText.\n");
	put("content/sidor/se.md", "---\ntitle: SE\nlang: sv_SE\n---\nText.\n");
	put("content/sidor/sve.md", "---\ntitle: Sve\nlang: sve\n---\nText.\n");
	put("content/sidor/uk.md", "---\ntitle: UK\nlang: en-GB\n---\nText.\n");
	load(&l);
	EXPECT_DIAGS(&l.d, "content/sidor/fr.md:3:7: error: language \"fr\" is not supported; choose sv or en",
		     "content/sidor/sve.md:3:7: error: language \"sve\" is not supported; did you mean "
		     "\"sv\"? (choose sv or en)");
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[0]), "en"); /* about */
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[1]), "en"); /* caps */
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[2]), "sv"); /* fr: refused, the site's */
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[3]), "sv"); /* om: the site's */
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[4]), "sv"); /* se */
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[6]), "en"); /* uk */
	assert_string_equal(l.m.pages[6].lang, "en");
	assert_string_equal(model_dialogue_lang(dlg(&l, "resecentrum")), "sv");
	assert_string_equal(model_dialogue_lang(&l.m.dialogues[1]), "en");
	unload(&l);
}

/* site.yaml's language is kept as its code too: "EN-gb" makes an English
 * site, and its pages without `lang` are English. */
static void test_site_language_code(void **state)
{
	(void)state;
	put("content/site.yaml", "title: T\nmunicipality: M\nbase_url: https://d.example.se/\n"
				 "language: EN-gb\n");
	put("content/sidor/om.md", "---\ntitle: About\n---\nText.\n");
	load(&l);
	EXPECT_NO_DIAGS(&l.d);
	assert_string_equal(l.m.lang, "en");
	assert_string_equal(model_page_lang(&l.m, &l.m.pages[0]), "en");
	unload(&l);
}

/* A facet field makes a page per value: 20 at most; other lists 200. */
static void test_list_limits(void **state)
{
	buf f = BUF_INIT;
	int i;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	buf_puts(&f, "level: dialog\nthemes: [");
	for (i = 0; i < MODEL_MAX_FACET_VALUES; i++)
		buf_printf(&f, "%st%d", i ? ", " : " ", i);
	buf_puts(&f, " ]\nmethods: [");
	for (i = 0; i <= MODEL_MAX_FACET_VALUES; i++)
		buf_printf(&f, "%sm%d", i ? ", " : " ", i);
	buf_puts(&f, " ]\ncase_numbers: [");
	for (i = 0; i <= MODEL_MAX_LIST; i++)
		buf_printf(&f, "%s\"KS %d\"", i ? ", " : " ", i);
	buf_puts(&f, " ]\n");
	put_dialogue("content/dialoger/x.md", f.ptr, NULL);
	load(&l);
	assert_int_equal(l.d.errors, 2);
	assert_non_null(strstr(l.d.items[0].message, "\"methods\" has 21 values; at most 20 are allowed"));
	assert_non_null(strstr(l.d.items[1].message, "\"case_numbers\" has 201 values; at most 200"));
	buf_free(&f);
	unload(&l);
}

/* The spring gap is an error, the autumn's repeated hour a warning, a
 * start time without an end a warning; a date-only meeting is fine. */
static void test_meeting_times_on_the_clock(void **state)
{
	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/x.md",
		     "level: dialog\nmeetings:\n"
		     "  - { title: A, start: \"2027-03-28T02:30\", end: \"2027-03-28T04:00\" }\n"
		     "  - { title: B, start: \"2026-10-25T02:00\", end: \"2026-10-25T03:30\" }\n"
		     "  - { title: C, start: \"2026-10-24T02:30\" }\n"
		     "  - { title: D, start: \"2026-10-24\" }\n"
		     "  - { title: E, start: \"2027-03-28T01:59\", end: \"2027-03-28T03:00\" }\n",
		     NULL);
	load(&l);
	assert_int_equal(l.d.errors, 1);
	assert_int_equal(l.d.warnings, 2);
	assert_non_null(strstr(l.d.items[0].message, "\"2027-03-28T02:30\" in \"start\" does not exist in Europe/Stockholm: the clocks go forward"));
	assert_non_null(strstr(l.d.items[1].message, "\"2026-10-25T02:00\" in \"start\" happens twice"));
	assert_non_null(strstr(l.d.items[2].message, "has a start time but no end; the calendar shows it as an hour long"));
	unload(&l);
}

/* Every literal id the default theme writes on a dialogue page is in
 * model_dialogue_ids, so no heading in the text can take it: a template
 * section added without reserving its id fails here. Run from the root. */
/* A meeting's state as pages, feeds and calendars read it: planerat when
 * absent or unknown (model.c reported the unknown one). */
static void test_meeting_state_of(void **state)
{
	static const struct {
		const char *written;
		model_meeting_state want;
	} cases[] = { { NULL, MODEL_MEETING_PLANNED },	 { "planerat", MODEL_MEETING_PLANNED },
		      { "inställt", MODEL_MEETING_CANCELLED }, { "flyttat", MODEL_MEETING_MOVED },
		      { "Inställt", MODEL_MEETING_PLANNED },  { "avbokat", MODEL_MEETING_PLANNED } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		value *m = value_new_map();
		if (cases[i].written)
			value_map_set_string(m, "state", cases[i].written);
		assert_int_equal(model_meeting_state_of(m), cases[i].want);
		value_free(m);
	}
	assert_int_equal(model_meeting_state_of(NULL), MODEL_MEETING_PLANNED);
	assert_string_equal(model_meeting_state_slugs[MODEL_MEETING_CANCELLED], "installt");
}

static void test_dialogue_ids_cover_templates(void **state)
{
	static const char *const templates[] = { "themes/default/templates/layout.mustache",
						 "themes/default/templates/dialogue.mustache" };
	size_t t, found = 0;

	(void)state;
	for (t = 0; t < sizeof(templates) / sizeof(templates[0]); t++) {
		buf text = BUF_INIT;
		FILE *f = fopen(templates[t], "r");
		char chunk[4096];
		size_t n;
		const char *p;

		assert_non_null(f);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_put(&text, chunk, n);
		fclose(f);
		for (p = text.ptr; (p = strstr(p, " id=\"")) != NULL;) {
			const char *end;
			char id[128];
			size_t i, len;
			int reserved = 0;

			p += 5;
			end = strchr(p, '"');
			assert_non_null(end);
			len = (size_t)(end - p);
			if (memchr(p, '{', len))
				continue; /* made from data, not a fixed section */
			assert_true(len < sizeof(id));
			memcpy(id, p, len);
			id[len] = '\0';
			for (i = 0; model_dialogue_ids[i]; i++)
				reserved |= strcmp(model_dialogue_ids[i], id) == 0;
			if (!reserved)
				fail_msg("%s writes id=\"%s\", which model_dialogue_ids does not reserve",
					 templates[t], id);
			found++;
		}
		buf_free(&text);
	}
	assert_true(found >= 10);
}

/* `internal` is checked, then taken out of the front matter, so that
 * nothing rendering fm can publish it; a translation's is taken out too. */
static void test_internal_taken_out(void **state)
{
	const model_dialogue *d;

	(void)state;
	put("content/site.yaml", SITE_YAML);
	put_dialogue("content/dialoger/intern.md",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\n"
		     "internal:\n  officer: Sofia Holmberg\n  delivery: 2026-12-01\n"
		     "  delivery_status: gul\n",
		     "Text.\n\n## Återkoppling\n\nKlart.\n");
	put("content/dialoger/intern.en.md",
	    "---\ntitle: Internal\nsummary: In English.\ninternal: { officer: Someone }\n---\nText.\n");
	load(&l);
	assert_int_equal(l.d.errors, 0);
	d = dlg(&l, "intern");
	assert_null(value_map_get(d->fm, "internal"));
	assert_string_equal(value_string(value_map_get(d->internal, "officer")), "Sofia Holmberg");
	assert_string_equal(value_string(value_map_get(d->internal, "delivery_status")), "gul");
	assert_string_equal(fm_text(d, "title"), "Nytt resecentrum"); /* the rest stays */
	assert_int_equal(l.m.n_dialogues, 2);
	assert_null(value_map_get(l.m.dialogues[1].fm, "internal"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_page_and_dialogue_language),
		T(test_internal_taken_out),
		T(test_site_language_code),
		T(test_list_limits),
		T(test_meeting_times_on_the_clock),
		T(test_meeting_state_of),
		T(test_status_derived_from_dates),
		T(test_status_explicit),
		cmocka_unit_test(test_status_keys_and_slugs),
		T(test_levels),
		T(test_site_levels_unknown_key),
		T(test_feedback_overdue),
		T(test_feedback_overdue_days_from_site),
		T(test_feedback_delay_required),
		T(test_accountability_fields),
		T(test_sections_extracted),
		T(test_committees),
		T(test_committees_absent_accepts_any),
		T(test_related),
		T(test_related_single_text_checked),
		T(test_translation_inherits),
		T(test_translation_draft_kept),
		T(test_translation_documents_checked),
		T(test_translation_overdue_follows_original),
		T(test_duplicate_translation),
		T(test_bundle),
		T(test_duplicate_slug),
		T(test_invalid_file_names),
		T(test_pages),
		T(test_pages_sorted_by_slug),
		T(test_static_files),
		T(test_symlink_skipped),
		T(test_unknown_keys),
		T(test_draft),
		T(test_dates_checked),
		T(test_updates_checked),
		T(test_site_defaults),
		T(test_site_overrides),
		T(test_site_yaml_errors),
		T(test_site_yaml_missing),
		T(test_content_dir_option),
		T(test_parallel_load_order),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_dialogue_ids_cover_templates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

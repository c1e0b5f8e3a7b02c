/* Unit tests for facts: labels resolved in one order, the one answer to
 * "which language", addresses, the feed times and dates, and the one
 * time-zone engine (date.h's built-in rule against the machine's tzdata).
 *
 * The site is made in memory: base_url https://dialog.example.se/dialog,
 * Swedish, today 2026-11-22, committee SBN; dialogues
 *   a     ongoing from 2026-10-01, git: added 2026-09-01, changed 2026-10-05
 *   a.en  its translation
 *   b     finished 2026-01-10 - 2026-06-01 with Resultat and Återkoppling,
 *         feedback_date 2026-08-01; no git
 *   c     finished, Återkoppling only in git (2026-07-01 22:30 UTC), no
 *         feedback_date
 * test_state makes a site of its own for the state of each dialogue. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts.h"
#include "history.h"
#include "slug.h"

static long long utc(int y, int mo, int d, int h, int mi)
{
	return (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

typedef struct fixture {
	model_site m;
	model_dialogue d[4];
	history_file hist_a, hist_c;
	value *strings_sv, *strings_en;
	facts f;
} fixture;

static fixture fx;

static void dialogue(model_dialogue *d, const char *slug, const char *lang, const char *title,
		     model_status st, model_level lv, int start, int end)
{
	memset(d, 0, sizeof(*d));
	d->slug = (char *)slug;
	d->lang = (char *)lang;
	d->is_translation = strcmp(lang, "sv") != 0;
	d->fm = value_new_map();
	value_map_set_string(d->fm, "title", title);
	value_map_set_string(d->fm, "responsible", "SBN");
	d->status = st;
	d->level = lv;
	d->start = start;
	d->end = end;
	d->feedback_due = d->feedback_date = d->feedback_deadline = DATE_NONE;
}

static int setup(void **state)
{
	value *committees, *levels, *dialog;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.m.config = value_new_map();
	value_map_set_string(fx.m.config, "base_url", "https://dialog.example.se/dialog");
	committees = value_new_map();
	value_map_set_string(committees, "SBN", "Stadsbyggnadsnämnden");
	value_map_set(fx.m.config, "committees", committees);
	levels = value_new_map();
	dialog = value_new_map();
	value_map_set_string(dialog, "label", "Samtal");
	value_map_set(levels, "dialog", dialog);
	value_map_set(fx.m.config, "levels", levels);
	fx.m.lang = "sv";
	fx.m.timezone = "Europe/Stockholm";
	fx.m.today = date_from_ymd(2026, 11, 22);
	dialogue(&fx.d[0], "a", "sv", "A", MODEL_ONGOING, MODEL_DIALOGUE, date_from_ymd(2026, 10, 1),
		 DATE_NONE);
	dialogue(&fx.d[1], "b", "sv", "B", MODEL_FINISHED, MODEL_CONSULTATION,
		 date_from_ymd(2026, 1, 10), date_from_ymd(2026, 6, 1));
	dialogue(&fx.d[2], "c", "sv", "C", MODEL_FINISHED, MODEL_INFORMATION,
		 date_from_ymd(2026, 1, 10), date_from_ymd(2026, 6, 1));
	dialogue(&fx.d[3], "a", "en", "A in English", MODEL_ONGOING, MODEL_DIALOGUE,
		 date_from_ymd(2026, 10, 1), DATE_NONE);
	fx.d[1].section_line[MARKDOWN_SECTION_RESULTS] = 5;
	fx.d[1].section_line[MARKDOWN_SECTION_FEEDBACK] = 9;
	fx.d[1].feedback_date = date_from_ymd(2026, 8, 1);
	fx.d[2].section_line[MARKDOWN_SECTION_FEEDBACK] = 7;
	fx.hist_a.published = utc(2026, 9, 1, 8, 0);
	fx.hist_a.updated = utc(2026, 10, 5, 12, 0);
	fx.d[0].history = &fx.hist_a;
	fx.hist_c.published = utc(2026, 1, 5, 9, 0);
	fx.hist_c.updated = utc(2026, 7, 1, 22, 30);
	fx.hist_c.feedback_first = utc(2026, 7, 1, 22, 30); /* 2 July in Stockholm */
	fx.d[2].history = &fx.hist_c;
	fx.m.dialogues = fx.d;
	fx.m.n_dialogues = 4;
	fx.m.n_originals = 3;
	fx.strings_sv = value_new_map();
	value_map_set_string(fx.strings_sv, "status_pagaende", "Pågår nu");
	value_map_set_string(fx.strings_sv, "level_dialog_label", "Dialog (tema)");
	fx.strings_en = value_new_map();
	value_map_set_string(fx.strings_en, "level_dialog_label", "Dialogue (theme)");
	return facts_init(&fx.f, &fx.m, fx.strings_sv, fx.strings_en);
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	facts_free(&fx.f);
	for (i = 0; i < 4; i++)
		value_free(fx.d[i].fm);
	value_free(fx.m.config);
	value_free(fx.strings_sv);
	value_free(fx.strings_en);
	return 0;
}

/* Theme strings, then the built-in text, then the key; site.yaml levels
 * win in the site's language only. */
static void test_labels(void **state)
{
	const facts *f = &fx.f;

	(void)state;
	assert_string_equal(facts_text(f, "sv", "status_pagaende"), "Pågår nu");
	assert_string_equal(facts_text(f, "sv", "status_avslutad"), "Avslutad");
	assert_string_equal(facts_text(f, "en", "status_avslutad"), "Finished");
	assert_string_equal(facts_text(f, "en", "status_pagaende"), "Ongoing");
	assert_string_equal(facts_text(f, "sv", "no_such_key"), "no_such_key");
	assert_string_equal(facts_text(f, "sv", "year_none"), "Utan startdatum");
	assert_string_equal(facts_text(f, "en", "year_none"), "No start date");
	assert_string_equal(facts_level_text(f, "sv", MODEL_DIALOGUE, "label"), "Samtal");
	assert_string_equal(facts_level_text(f, "en", MODEL_DIALOGUE, "label"), "Dialogue (theme)");
	assert_string_equal(facts_level_text(f, "sv", MODEL_CONSULTATION, "label"), "Konsultation");
	assert_string_equal(facts_status_label(f, "sv", MODEL_PAUSED), "Pausad");
	/* Each dialogue's labels are in its own language. */
	assert_string_equal(fx.f.dialogues[0].level_label, "Samtal");
	assert_string_equal(fx.f.dialogues[3].level_label, "Dialogue (theme)");
	assert_string_equal(fx.f.dialogues[0].status_label, "Pågår nu");
	assert_string_equal(fx.f.dialogues[3].status_label, "Ongoing");
	/* Without a theme: the built-in texts. */
	{
		facts bare;
		assert_int_equal(facts_init(&bare, &fx.m, NULL, NULL), 0);
		assert_string_equal(bare.dialogues[0].status_label, "Pågående");
		assert_string_equal(facts_text(&bare, "en", "feed_level"), "Step");
		facts_free(&bare);
	}
}

static void test_language(void **state)
{
	(void)state;
	assert_string_equal(facts_other_lang("sv"), "en");
	assert_string_equal(facts_other_lang("en"), "sv");
	assert_int_equal(facts_lang_slot(&fx.f, "sv"), FACTS_SITE_LANG);
	assert_int_equal(facts_lang_slot(&fx.f, "en"), FACTS_OTHER_LANG);
	assert_int_equal(facts_lang_slot(&fx.f, "de"), FACTS_SITE_LANG);
	assert_int_equal(facts_lang_slot(&fx.f, "en-GB"), FACTS_OTHER_LANG);
	assert_int_equal(facts_lang_slot(&fx.f, "EN"), FACTS_OTHER_LANG);
	assert_int_equal(facts_lang_slot(&fx.f, NULL), FACTS_SITE_LANG);
	assert_string_equal(facts_text(&fx.f, "en-GB", "level_dialog_label"), "Dialogue (theme)");
	assert_string_equal(facts_text(&fx.f, "EN", "year_none"), "No start date");
	/* site.yaml levels are in the site's language: not for "en-GB". */
	assert_string_equal(facts_level_text(&fx.f, "en-GB", MODEL_DIALOGUE, "label"),
			    "Dialogue (theme)");
}

/* On an English site a language without strings of its own ("de") uses
 * the English strings, and so the English built-in texts too. */
static void test_language_english_site(void **state)
{
	facts en;

	(void)state;
	fx.m.lang = "en";
	assert_int_equal(facts_init(&en, &fx.m, fx.strings_en, fx.strings_sv), 0);
	assert_int_equal(facts_lang_slot(&en, "de"), FACTS_SITE_LANG);
	assert_int_equal(facts_lang_slot(&en, "sv"), FACTS_OTHER_LANG);
	assert_string_equal(facts_text(&en, "de", "year_none"), "No start date");
	assert_string_equal(facts_text(&en, "sv", "year_none"), "Utan startdatum");
	assert_string_equal(facts_text(&en, "sv", "status_pagaende"), "Pågår nu");
	facts_free(&en);
	fx.m.lang = "sv";
}

static void test_addresses(void **state)
{
	const facts_dialogue *a = &fx.f.dialogues[0], *en = &fx.f.dialogues[3];

	(void)state;
	assert_string_equal(fx.f.root, "/dialog/");
	assert_string_equal(fx.f.origin, "https://dialog.example.se");
	assert_string_equal(fx.f.site_url, "https://dialog.example.se/dialog/");
	assert_string_equal(fx.f.host, "dialog.example.se");
	assert_non_null(fx.f.zone);
	assert_string_equal(a->path, "dialoger/a/");
	assert_string_equal(a->url, "/dialog/dialoger/a/");
	assert_string_equal(a->abs_url, "https://dialog.example.se/dialog/dialoger/a/");
	assert_string_equal(a->calendar_path, "dialoger/a/kalender.ics");
	assert_string_equal(en->path, "en/dialoger/a/");
	assert_string_equal(en->calendar_path, "en/dialoger/a/kalender.ics");
	assert_string_equal(a->committee, "Stadsbyggnadsnämnden");
	assert_string_equal(a->committee_slug, "stadsbyggnadsnamnden");
	assert_string_equal(a->committee_url, "/dialog/namnd/stadsbyggnadsnamnden/");
	assert_string_equal(a->committee_feed_path, "namnd/stadsbyggnadsnamnden/feed.xml");
	assert_ptr_equal(facts_of(&fx.f, &fx.d[2]), &fx.f.dialogues[2]);
}

static void test_times(void **state)
{
	const facts_dialogue *a = &fx.f.dialogues[0], *b = &fx.f.dialogues[1], *c = &fx.f.dialogues[2];
	const facts_dialogue *en = &fx.f.dialogues[3];

	(void)state;
	/* From git. */
	assert_true(a->published == utc(2026, 9, 1, 8, 0));
	assert_int_equal(a->published_day, date_from_ymd(2026, 9, 1));
	assert_int_equal(a->updated_day, date_from_ymd(2026, 10, 5));
	/* Updated: the latest of its start (1 October) and git's last change. */
	assert_true(a->updated == utc(2026, 10, 5, 12, 0));
	assert_true(a->results == 0 && a->feedback == 0);
	/* Without git: the start date; no git dates. */
	assert_true(b->published == utc(2026, 1, 9, 23, 0));
	assert_int_equal(b->published_day, DATE_NONE);
	assert_int_equal(b->updated_day, DATE_NONE);
	assert_true(b->updated == utc(2026, 6, 1, 22, 0)); /* the day after the end */
	assert_true(b->results == utc(2026, 6, 1, 22, 0));
	assert_true(b->feedback == utc(2026, 7, 31, 22, 0)); /* feedback_date */
	assert_int_equal(b->feedback_day, date_from_ymd(2026, 8, 1));
	/* Feedback only in git: its commit, and its local date. */
	assert_true(c->feedback == utc(2026, 7, 1, 22, 30));
	assert_int_equal(c->feedback_day, date_from_ymd(2026, 7, 2));
	assert_true(c->results == 0);
	/* The translation has no history of its own here: its start date,
	 * local midnight (22:00 UTC the day before, in summer time). */
	assert_int_equal(en->published_day, DATE_NONE);
	assert_true(en->published == utc(2026, 9, 30, 22, 0));
	assert_int_equal(facts_day(&fx.f, 0), DATE_NONE);
	assert_true(facts_midnight(&fx.f, date_from_ymd(2026, 7, 1)) == utc(2026, 6, 30, 22, 0));
}

/* A phase {title, start, end} for a front matter's `phases`; NULL: absent. */
static void add_phase(value *fm, const char *start, const char *end)
{
	value *list = value_map_get(fm, "phases"), *ph = value_new_map();

	if (!list) {
		list = value_new_list();
		value_map_set(fm, "phases", list);
	}
	value_map_set_string(ph, "title", "Fas");
	if (start)
		value_map_set_string(ph, "start", start);
	if (end)
		value_map_set_string(ph, "end", end);
	value_list_push(list, ph);
}

/* Where each dialogue stands today (2026-11-22), for the summary at the
 * top of its page: the last day and days left, who can take part, late
 * feedback with its promised date and feedback_delay, the reason a paused
 * dialogue shows, and which phase is current. */
static void test_state(void **state)
{
	model_site m = fx.m;
	model_dialogue d[6];
	value *delay = value_new_map(), *updates = value_new_list(), *note = value_new_map();
	facts f;
	size_t i;

	(void)state;
	/* Ongoing until 15 December, one open-ended phase: current. */
	dialogue(&d[0], "a", "sv", "A", MODEL_ONGOING, MODEL_CONSULTATION, date_from_ymd(2026, 10, 5),
		 date_from_ymd(2026, 12, 15));
	add_phase(d[0].fm, "2026-10-05", NULL);
	/* Ongoing information: nobody can take part. */
	dialogue(&d[1], "b", "sv", "B", MODEL_ONGOING, MODEL_INFORMATION, date_from_ymd(2026, 11, 9),
		 DATE_NONE);
	/* Finished; its last phase open-ended: not current once it has ended. */
	dialogue(&d[2], "c", "sv", "C", MODEL_FINISHED, MODEL_DIALOGUE, date_from_ymd(2026, 1, 19),
		 date_from_ymd(2026, 3, 31));
	add_phase(d[2].fm, "2026-01-19", "2026-03-31");
	add_phase(d[2].fm, "2026-06-02", NULL);
	d[2].feedback_overdue = 1;
	d[2].feedback_due = d[2].feedback_deadline = date_from_ymd(2026, 6, 30);
	value_map_set_string(delay, "reason", "Utredningen dröjer.");
	value_map_set_string(delay, "new_date", "2027-01-31");
	value_map_set(d[2].fm, "feedback_delay", delay);
	/* Finished, a later phase with an end still to come: current. */
	dialogue(&d[3], "d", "sv", "D", MODEL_FINISHED, MODEL_CONSULTATION, date_from_ymd(2025, 8, 18),
		 date_from_ymd(2025, 9, 28));
	add_phase(d[3].fm, "2025-08-18", "2025-09-28");
	add_phase(d[3].fm, "2025-12-09", NULL);
	add_phase(d[3].fm, "2026-04-01", "2027-06-30");
	d[3].section_line[MARKDOWN_SECTION_FEEDBACK] = 9;
	d[3].feedback_date = date_from_ymd(2026, 1, 20);
	/* Paused: the newest public note is the reason; its phase is not current. */
	dialogue(&d[4], "e", "sv", "E", MODEL_PAUSED, MODEL_CONSULTATION, date_from_ymd(2026, 9, 14),
		 date_from_ymd(2026, 12, 18));
	add_phase(d[4].fm, "2026-09-14", NULL);
	value_map_set_string(note, "date", "2026-10-20");
	value_map_set_string(note, "text", "Pausad i väntan på Trafikverket.");
	value_list_push(updates, note);
	value_map_set(d[4].fm, "updates", updates);
	/* Ongoing, last day today. */
	dialogue(&d[5], "f", "sv", "F", MODEL_ONGOING, MODEL_CODECISION, date_from_ymd(2026, 3, 2),
		 date_from_ymd(2026, 11, 22));
	m.dialogues = d;
	m.n_dialogues = m.n_originals = 6;
	assert_int_equal(facts_init(&f, &m, fx.strings_sv, fx.strings_en), 0);

	assert_true(f.dialogues[0].can_take_part);
	assert_int_equal(f.dialogues[0].last_day, date_from_ymd(2026, 12, 15));
	assert_int_equal(f.dialogues[0].days_left, 23);
	assert_int_equal(f.dialogues[0].current_phase, 0);
	assert_false(f.dialogues[1].can_take_part);
	assert_int_equal(f.dialogues[1].last_day, DATE_NONE);
	assert_int_equal(f.dialogues[2].current_phase, -1);
	assert_int_equal(f.dialogues[2].overdue_days, 145);
	assert_int_equal(f.dialogues[2].promised_day, date_from_ymd(2026, 6, 30));
	assert_string_equal(f.dialogues[2].delay_reason, "Utredningen dröjer.");
	assert_int_equal(f.dialogues[2].delay_new_day, date_from_ymd(2027, 1, 31));
	assert_false(f.dialogues[2].can_take_part);
	assert_int_equal(f.dialogues[3].current_phase, 2);
	assert_int_equal(f.dialogues[3].overdue_days, 0);
	assert_int_equal(f.dialogues[3].ended_day, date_from_ymd(2026, 1, 20));
	assert_null(f.dialogues[3].delay_reason);
	assert_int_equal(f.dialogues[4].current_phase, -1);
	assert_string_equal(f.dialogues[4].status_reason, "Pausad i väntan på Trafikverket.");
	assert_null(f.dialogues[0].status_reason);
	assert_int_equal(f.dialogues[5].days_left, 0);
	assert_int_equal(f.dialogues[5].last_day, m.today);
	facts_free(&f);
	for (i = 0; i < 6; i++)
		value_free(d[i].fm);
}

/* The day in Stockholm by the machine's tzdata, for comparison. */
static int tzdata_day(long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* date_from_unix uses the built-in rule for a built-in zone; every hour
 * around each switch from 1997 to 2037 agrees with tzdata. */
/* Accountability: "x av y" counts points (not their count), genomförs
 * and delvis as changed, shown only once feedback is given; actions per
 * status; a delay whose new date has passed is late again. Items the model
 * could not read are not counted. */
static value *point(const char *outcome, int count)
{
	value *p = value_new_map();

	value_map_set_string(p, "said", "Något");
	if (count)
		value_map_set_number(p, "count", count);
	value_map_set_string(p, "outcome", outcome);
	value_map_set_string(p, "response", "Svar.");
	return p;
}

static value *action(const char *status)
{
	value *a = value_new_map();

	value_map_set_string(a, "title", "Åtgärd");
	value_map_set_string(a, "status", status);
	return a;
}

static void test_accountability(void **state)
{
	model_site m = fx.m;
	model_dialogue d[2];
	value *said = value_new_list(), *actions = value_new_list(), *delay = value_new_map();
	facts f;
	size_t i;

	(void)state;
	dialogue(&d[0], "a", "sv", "A", MODEL_FINISHED, MODEL_CONSULTATION, date_from_ymd(2026, 1, 10),
		 date_from_ymd(2026, 6, 1));
	value_list_push(said, point("genomförs", 200));
	value_list_push(said, point("delvis", 0));
	value_list_push(said, point("genomförs inte", 5));
	value_list_push(said, point("utreds", 0));
	value_list_push(said, point("kanske", 0)); /* reported by the model: not counted */
	value_map_set(d[0].fm, "you_said", said);
	value_list_push(actions, action("pågår"));
	value_list_push(actions, action("pågår"));
	value_list_push(actions, action("klar"));
	value_list_push(actions, action("klr"));
	value_map_set(d[0].fm, "actions", actions);
	value_map_set_string(d[0].fm, "feedback_plan", "Vi mejlar.");
	/* The same, late, with a delay whose new date has passed. */
	dialogue(&d[1], "b", "sv", "B", MODEL_FINISHED, MODEL_CONSULTATION, date_from_ymd(2026, 1, 10),
		 date_from_ymd(2026, 6, 1));
	value_map_set(d[1].fm, "you_said", value_clone(said));
	d[1].feedback_overdue = 1;
	d[1].feedback_deadline = date_from_ymd(2026, 9, 30);
	value_map_set_string(delay, "reason", "Budgeten.");
	value_map_set_string(delay, "new_date", "2026-11-21");
	value_map_set(d[1].fm, "feedback_delay", delay);
	/* Feedback given for a only. */
	d[0].section_line[MARKDOWN_SECTION_FEEDBACK] = 20;
	m.dialogues = d;
	m.n_dialogues = m.n_originals = 2;
	assert_int_equal(facts_init(&f, &m, NULL, NULL), 0);
	assert_int_equal(f.dialogues[0].said_total, 4);
	assert_int_equal(f.dialogues[0].said_changed, 2);
	assert_int_equal(f.dialogues[0].said_by_outcome[MODEL_OUTCOME_DONE], 1);
	assert_int_equal(f.dialogues[0].said_by_outcome[MODEL_OUTCOME_NOT_DONE], 1);
	assert_int_equal(f.dialogues[0].said_by_outcome[MODEL_OUTCOME_DECIDED], 0);
	assert_true(f.dialogues[0].said_count_shown);
	assert_int_equal(f.dialogues[0].actions_total, 3);
	assert_int_equal(f.dialogues[0].actions_by_status[MODEL_ACTION_ONGOING], 2);
	assert_int_equal(f.dialogues[0].actions_by_status[MODEL_ACTION_DONE], 1);
	assert_string_equal(f.dialogues[0].feedback_plan, "Vi mejlar.");
	assert_false(f.dialogues[0].delay_passed);
	/* No feedback yet: the outcomes are not final, so no count is shown. */
	assert_int_equal(f.dialogues[1].said_total, 4);
	assert_false(f.dialogues[1].said_count_shown);
	assert_null(f.dialogues[1].feedback_plan);
	assert_true(f.dialogues[1].delay_passed);
	assert_int_equal(f.dialogues[1].delay_new_day, date_from_ymd(2026, 11, 21));
	facts_free(&f);
	/* On the new date itself it is not late again. */
	m.today = date_from_ymd(2026, 11, 21);
	assert_int_equal(facts_init(&f, &m, NULL, NULL), 0);
	assert_false(f.dialogues[1].delay_passed);
	facts_free(&f);
	for (i = 0; i < 2; i++)
		value_free(d[i].fm);
}

static void test_one_engine(void **state)
{
	const date_zone *z = date_zone_find("Europe/Stockholm");
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	int y, mismatches = 0, checked = 0;

	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	for (y = 1997; y <= 2037; y++) {
		int month;
		for (month = 3; month <= 10; month += 7) {
			/* The last days of the month, hour by hour, and local midnights. */
			long long t = utc(y, month, 24, 0, 0);
			for (; t < utc(y, month, 31, 23, 0); t += 1800) {
				int expect = tzdata_day(t);
				checked++;
				mismatches += date_from_unix(t, "Europe/Stockholm") != expect;
				mismatches += date_unix_to_day(z, t) != expect;
			}
		}
	}
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
	assert_true(checked > 10000);
	assert_int_equal(mismatches, 0);
	/* A zone that is not built in still goes through tzdata. */
	assert_null(date_zone_find("America/New_York"));
	assert_int_equal(date_from_unix(utc(2026, 11, 22, 3, 0), "America/New_York"),
			 date_from_ymd(2026, 11, 21));
}

/* The promise ledger: kept, late, overdue and pending; the lower median
 * of days from end to feedback; what is no promise is not counted. */
typedef struct promise_case {
	model_status st;
	int translation, given; /* given: has an Återkoppling section */
	int end, deadline, feedback; /* days; DATE_NONE for none */
	facts_promise expect;
} promise_case;

static void ledger_of(facts_ledger *l, const promise_case *cases, size_t n, int today,
		      facts_promise *states)
{
	model_dialogue *d = calloc(n + 1, sizeof(*d));
	facts_dialogue *fd = calloc(n + 1, sizeof(*fd));
	const facts_dialogue **list = calloc(n + 1, sizeof(*list));
	size_t i;

	for (i = 0; i < n; i++) {
		d[i].status = cases[i].st;
		d[i].is_translation = cases[i].translation;
		d[i].section_line[MARKDOWN_SECTION_FEEDBACK] = cases[i].given ? 10 : 0;
		d[i].end = cases[i].end;
		fd[i].d = &d[i];
		fd[i].deadline_day = cases[i].deadline;
		fd[i].feedback_day = cases[i].feedback;
		list[i] = &fd[i];
		if (states)
			states[i] = facts_promise_of(&fd[i], today);
	}
	assert_int_equal(facts_ledger_count(l, list, n, today), 0);
	free(list);
	free(fd);
	free(d);
}

static void test_ledger(void **state)
{
	const int N = DATE_NONE;
	static promise_case cases[] = {
		{ MODEL_FINISHED, 0, 1, 100, 120, 110, FACTS_PROMISE_KEPT },    /* 10 days */
		{ MODEL_FINISHED, 0, 1, 100, 120, 120, FACTS_PROMISE_KEPT },    /* on the day: 20 */
		{ MODEL_FINISHED, 0, 1, 100, 120, 121, FACTS_PROMISE_LATE },    /* a day late: 21 */
		{ MODEL_FINISHED, 0, 1, 100, 120, 190, FACTS_PROMISE_LATE },    /* 90 */
		{ MODEL_FINISHED, 0, 0, 100, 120, 0, FACTS_PROMISE_OVERDUE },   /* missing, due */
		{ MODEL_FINISHED, 0, 0, 100, 300, 0, FACTS_PROMISE_PENDING },   /* missing, not yet due */
		{ MODEL_FINISHED, 0, 0, 100, 200, 0, FACTS_PROMISE_PENDING },   /* due today: not late */
		{ MODEL_FINISHED, 0, 1, 100, 0, 0, FACTS_PROMISE_KEPT },        /* given, days unknown */
		{ MODEL_ONGOING, 0, 0, 300, 0, 0, FACTS_PROMISE_NONE },
		{ MODEL_FINISHED, 1, 0, 100, 120, 0, FACTS_PROMISE_NONE },      /* a translation */
	};
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	facts_promise states[sizeof(cases) / sizeof(cases[0])];
	facts_ledger l;

	(void)state;
	/* 0 stands for "none" above; the struct cannot hold DATE_NONE statically. */
	for (i = 0; i < n; i++) {
		if (!cases[i].deadline)
			cases[i].deadline = N;
		if (!cases[i].feedback)
			cases[i].feedback = N;
	}
	ledger_of(&l, cases, n, 200, states);
	for (i = 0; i < n; i++)
		if (states[i] != cases[i].expect)
			fail_msg("case %zu: state %d, expected %d", i, (int)states[i], (int)cases[i].expect);
	assert_int_equal(l.finished, 8);
	assert_int_equal(l.on_time, 3);
	assert_int_equal(l.late, 2);
	assert_int_equal(l.missing, 3);
	assert_int_equal(l.overdue, 1);
	/* days 10, 20, 21, 90: the lower median is 20 */
	assert_int_equal(l.median_days, 20);
	assert_int_equal(l.changed_share, -1); /* no you_said yet: no data */
	/* An odd count: the middle one. */
	ledger_of(&l, cases + 1, 3, 200, NULL);
	assert_int_equal(l.median_days, 21);
	/* Nothing finished: all zero, no median. */
	ledger_of(&l, cases + 8, 2, 200, NULL);
	assert_int_equal(l.finished, 0);
	assert_int_equal(l.missing, 0);
	assert_int_equal(l.median_days, -1);
}

/* facts_slug: the table's slugs are slug_from_text's, for every label of
 * the front matter's facets and the committees (hundreds of them, so the
 * table grows), and text it never saw is slugged on the spot. */
static void expect_slug(const facts *f, const char *label)
{
	buf got = BUF_INIT, want = BUF_INIT;

	buf_puts(&got, "x/");
	buf_puts(&want, "x/");
	facts_slug(&got, f, label);
	slug_from_text(&want, label, strlen(label));
	assert_string_equal(got.ptr, want.ptr);
	buf_free(&got);
	buf_free(&want);
}

static void test_slugs(void **state)
{
	model_site m = fx.m;
	model_dialogue d[2];
	value *areas = value_new_list();
	facts f;
	char label[32];
	int i;

	(void)state;
	dialogue(&d[0], "a", "sv", "A", MODEL_ONGOING, MODEL_DIALOGUE, DATE_NONE, DATE_NONE);
	dialogue(&d[1], "b", "sv", "B", MODEL_ONGOING, MODEL_DIALOGUE, DATE_NONE, DATE_NONE);
	for (i = 0; i < 300; i++) {
		snprintf(label, sizeof(label), "Område %d Öst", i);
		value_list_push(areas, value_new_cstring(label));
	}
	value_map_set(d[0].fm, "areas", areas);
	value_map_set_string(d[0].fm, "themes", "Trafik & parkering"); /* a text is a list of one */
	value_map_set_string(d[1].fm, "responsible", "Okänd nämnd");
	/* The flags read once from the front matter (facts_dialogue). */
	value_map_set_string(d[0].fm, "kind", "samråd");
	value_map_set_bool(d[0].fm, "continuous", 1);
	value_map_set_string(d[0].fm, "politicians", "Eva Ek (S)");
	value_map_set(d[0].fm, "evaluation", value_new_map());
	value_map_set_string(d[1].fm, "continuous", "ja"); /* not a boolean */
	value_map_set(d[1].fm, "politicians", value_new_list());
	value_map_set_string(d[1].fm, "evaluation", "bra");
	m.dialogues = d;
	m.n_dialogues = m.n_originals = 2;
	assert_int_equal(facts_init(&f, &m, NULL, NULL), 0);
	for (i = 0; i < 300; i++) {
		snprintf(label, sizeof(label), "Område %d Öst", i);
		expect_slug(&f, label);
	}
	expect_slug(&f, "Trafik & parkering");
	expect_slug(&f, "Stadsbyggnadsnämnden");
	expect_slug(&f, "Okänd nämnd");
	expect_slug(&f, "Ingen sådan etikett");
	expect_slug(&f, "");
	assert_string_equal(f.dialogues[1].committee_slug, "okand-namnd");
	assert_int_equal(f.dialogues[0].kind, MODEL_KIND_CONSULTATION);
	assert_true(f.dialogues[0].continuous && f.dialogues[0].has_politicians &&
		    f.dialogues[0].evaluated);
	assert_int_equal(f.dialogues[1].kind, MODEL_KIND_CITIZEN);
	assert_false(f.dialogues[1].continuous || f.dialogues[1].has_politicians ||
		     f.dialogues[1].evaluated);
	/* Without the table (a facts struct not made by facts_init). */
	{
		facts bare = f;
		buf got = BUF_INIT;
		bare.slugs = NULL;
		facts_slug(&got, &bare, "Östra Torget");
		assert_string_equal(got.ptr, "ostra-torget");
		buf_free(&got);
	}
	facts_free(&f);
	value_free(d[0].fm);
	value_free(d[1].fm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_language_english_site),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_accountability),
		cmocka_unit_test(test_one_engine),
		cmocka_unit_test(test_ledger),
		cmocka_unit_test(test_slugs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

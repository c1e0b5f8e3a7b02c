#include "facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "history.h"
#include "lang.h"
#include "markdown.h"
#include "mem.h"
#include "slug.h"

/* ---- language ------------------------------------------------------------------ */

const char *facts_other_lang(const char *site_lang)
{
	return lang_is_english(site_lang) ? "sv" : "en";
}

int facts_lang_slot(const facts *f, const char *lang)
{
	return lang_is_english(lang) != lang_is_english(f->m->lang) && lang_code(lang)
		       ? FACTS_OTHER_LANG
		       : FACTS_SITE_LANG;
}

/* ---- labels --------------------------------------------------------------------
 *
 * The built-in texts are the fallback for a theme without the key (and for
 * the exports of a site built without a theme, as in the unit tests). The
 * keys are the theme's (strings/<lang>.yaml), so a theme can override them. */

typedef struct builtin_text {
	const char *key, *sv, *en;
} builtin_text;

static const builtin_text builtin_texts[] = {
	{ "status_planerad", "Planerad", "Planned" },
	{ "status_pagaende", "Pågående", "Ongoing" },
	{ "status_avslutad", "Avslutad", "Finished" },
	{ "status_pausad", "Pausad", "Paused" },
	{ "status_installd", "Inställd", "Cancelled" },
	{ "level_information_label", "Information", "Information" },
	{ "level_konsultation_label", "Konsultation", "Consultation" },
	{ "level_dialog_label", "Dialog", "Dialogue" },
	{ "level_inflytande_label", "Inflytande", "Involvement" },
	{ "level_medbeslutande_label", "Medbeslutande", "Co-decision" },
	{ "level_information_short", "Vi berättar vad som händer och varför.",
	  "We tell you what is happening and why." },
	{ "level_konsultation_short", "Vi frågar vad du tycker och väger in det innan beslutet.",
	  "We ask what you think and weigh it before the decision." },
	{ "level_dialog_short", "Vi samtalar med dig om frågan innan förslagen tas fram.",
	  "We talk with you about the question before proposals are drawn up." },
	{ "level_inflytande_short", "Du är med och formar förslaget från början.",
	  "You help shape the proposal from the start." },
	{ "level_medbeslutande_short", "Du är med och beslutar, inom ramar som politikerna har satt.",
	  "You take part in the decision, within limits the politicians have set." },
	{ "feed_status", "Status", "Status" },
	{ "feed_level", "Steg", "Step" },
	{ "feed_from", "från", "from" },
	{ "feed_results", "Resultat publicerade", "Results published" },
	{ "feed_results_text", "Resultaten av dialogen är publicerade.",
	  "The results of the dialogue have been published." },
	{ "feed_feedback", "Återkoppling publicerad", "Feedback published" },
	{ "feed_feedback_text", "Återkopplingen till deltagarna är publicerad.",
	  "The feedback to the participants has been published." },
	{ "feed_note", "Nytt om dialogen", "News about the dialogue" },
	/* A cancelled or moved meeting, in feeds and calendars (export.c). */
	{ "feed_meeting_cancelled", "Inställt", "Cancelled" },
	{ "feed_meeting_moved", "Flyttat", "Moved" },
	{ "feed_meeting_cancelled_text", "Mötet är inställt.", "The meeting is cancelled." },
	{ "feed_meeting_moved_text", "Mötet har flyttats. Ny tid:", "The meeting has moved. New time:" },
	{ "at_time", "kl.", "at" },
	/* The titles of the areas', themes' and target groups' feeds and calendars. */
	{ "facet_area", "Område", "Area" },
	{ "facet_theme", "Tema", "Theme" },
	{ "facet_target_group", "Målgrupp", "Target group" },
	{ "year_none", "Utan startdatum", "No start date" },
	/* Labels that make addresses (/typ/samrad/, /urval/lopande/): built in,
	 * so a theme without them still gets the same addresses. */
	{ "kind_citizen", "Medborgardialog", "Citizen dialogue" },
	{ "kind_consultation", "Samråd", "Consultation" },
	{ "kind_user", "Brukardialog", "User dialogue" },
	{ "kind_open_channel", "Öppen kanal", "Open channel" },
	{ "facet_politicians", "Politiker deltar", "Politicians take part" },
	{ "facet_continuous", "Löpande", "Continuous" },
	{ "facet_evaluated", "Utvärderad", "Evaluated" },
	{ "year_report_title", "Medborgardialoger {year} – årsrapport", "Citizen dialogues {year} – annual report" },
};

const char *facts_text(const facts *f, const char *lang, const char *key)
{
	int slot = facts_lang_slot(f, lang);
	const char *s = value_string(value_map_get(f->strings[slot], key));
	/* The built-in text in the language of the strings the slot holds. */
	int en = lang_is_english(slot == FACTS_OTHER_LANG ? facts_other_lang(f->m->lang) : f->m->lang);
	size_t i;

	if (s)
		return s;
	for (i = 0; i < sizeof(builtin_texts) / sizeof(builtin_texts[0]); i++)
		if (!strcmp(builtin_texts[i].key, key))
			return en ? builtin_texts[i].en : builtin_texts[i].sv;
	return key;
}

const char *facts_level_text(const facts *f, const char *lang, model_level level, const char *what)
{
	const value *over = value_map_get(value_map_get(f->m->config, "levels"),
					  model_level_keys[level]);
	const char *s = value_string(value_map_get(over, what));
	char key[64];

	if (s && facts_lang_slot(f, lang) == FACTS_SITE_LANG)
		return s;
	/* cannot truncate: the longest key is level_medbeslutande_description */
	snprintf(key, sizeof(key), "level_%s_%s", model_level_keys[level], what);
	return facts_text(f, lang, key);
}

const char *facts_status_label(const facts *f, const char *lang, model_status st)
{
	char key[32];

	snprintf(key, sizeof(key), "status_%s", model_status_slugs[st]); /* "status_" + <= 9 */
	return facts_text(f, lang, key);
}

/* ---- dates ------------------------------------------------------------------------ */

int facts_day(const facts *f, long long t)
{
	return t ? date_from_unix(t, f->m->timezone) : DATE_NONE;
}

long long facts_midnight(const facts *f, int day)
{
	return date_local_to_unix(f->zone, day, 0);
}

static long long max_ll(long long a, long long b)
{
	return a > b ? a : b;
}

/* ---- times -----------------------------------------------------------------------
 *
 * The times the feed and the calendar use. From git when the history knows
 * them; otherwise (or for what git cannot know) from the front matter, as
 * local midnight of the date, never later than today:
 *   published  git's first commit; else the start date once it has come;
 *              else today
 *   status     ongoing: the start; finished: the day after the end;
 *              planned, paused, cancelled: only git knows (the last commit)
 *   updated    the latest of published, status and git's last commit
 *   results    git's first commit with the section; else the day after the
 *              end; else the status time
 *   feedback   feedback_date from the front matter; else git's first commit
 *              with the section; else as results
 * Nothing happens before the dialogue was published. */

typedef struct git_times {
	long long published, updated, feedback, results; /* 0: unknown */
} git_times;

static git_times git_times_of(const model_dialogue *d)
{
	git_times g = { 0, 0, 0, 0 };

	if (!d->history)
		return g;
	g.published = d->history->published;
	g.updated = d->history->updated;
	if (d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0)
		g.feedback = d->history->feedback_first;
	if (d->section_line[MARKDOWN_SECTION_RESULTS] > 0)
		g.results = d->history->results_first;
	return g;
}

static void dialogue_times(facts_dialogue *fd, const facts *f)
{
	const model_dialogue *d = fd->d;
	git_times git = git_times_of(d);
	int today = f->m->today;
	long long status = 0, after_end;

	fd->published_day = facts_day(f, git.published);
	fd->results_day = facts_day(f, git.results);
	fd->updated_day = facts_day(f, git.updated);
	if (git.published > 0)
		fd->published = git.published;
	else
		fd->published = facts_midnight(f, d->start != DATE_NONE && d->start <= today ? d->start
											: today);
	switch (d->status) {
	case MODEL_ONGOING:
		if (d->start != DATE_NONE)
			status = facts_midnight(f, d->start < today ? d->start : today);
		break;
	case MODEL_FINISHED:
		if (d->end != DATE_NONE)
			status = facts_midnight(f, d->end + 1 < today ? d->end + 1 : today);
		else if (d->start != DATE_NONE)
			status = facts_midnight(f, d->start < today ? d->start : today);
		break;
	default:
		break;
	}
	status = max_ll(status, fd->published);
	fd->updated = max_ll(status, git.updated);
	after_end = d->end != DATE_NONE && d->end < today ? facts_midnight(f, d->end + 1) : status;
	fd->results = fd->feedback = 0;
	fd->feedback_day = d->feedback_date;
	if (d->section_line[MARKDOWN_SECTION_RESULTS] > 0)
		fd->results = max_ll(git.results > 0 ? git.results : after_end, fd->published);
	if (d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0) {
		long long t;
		if (d->feedback_date != DATE_NONE)
			t = facts_midnight(f, d->feedback_date < today ? d->feedback_date : today);
		else if (git.feedback > 0)
			t = git.feedback;
		else
			t = after_end;
		fd->feedback = max_ll(t, fd->published);
		if (fd->feedback_day == DATE_NONE && git.feedback > 0)
			fd->feedback_day = facts_day(f, git.feedback);
	}
}

/* ---- public notes ---------------------------------------------------------------- */

/* 1 when x comes after y: newest first. */
static int note_after(const facts_note *x, const facts_note *y)
{
	return x->day != y->day ? x->day < y->day : x->time < y->time;
}

/* A stable sort (qsort is not): equal notes keep the order they are in.
 * Notes are few: `updates` has at most MODEL_MAX_LIST items, and a note
 * in a commit is written by hand. */
static void notes_sort(facts_note *notes, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		facts_note x = notes[i];
		for (j = i; j > 0 && note_after(&notes[j - 1], &x); j--)
			notes[j] = notes[j - 1];
		notes[j] = x;
	}
}

/* The notes of `updates` (model.c checked them: any it could not read are
 * skipped) and of the commits, newest first. */
static void dialogue_notes(facts_dialogue *fd, const facts *f)
{
	const model_dialogue *d = fd->d;
	const value *list = value_map_get(d->fm, "updates");
	size_t n = value_list_len(list), i, k = 0;
	const history_file *h = d->history;
	facts_note *notes;

	for (i = 0; h && i < h->n_changes; i++)
		n += *h->changes[i].note != '\0';
	notes = mem_calloc(n + 1, sizeof(*notes));
	/* In the order the comparison keeps for equal day and time: commits
	 * newest first, then `updates` as written. */
	for (i = 0; h && i < h->n_changes; i++) {
		const history_change *c = &h->changes[i];
		if (!*c->note)
			continue;
		notes[k++] = (facts_note){ facts_day(f, c->time), c->time, c->note, c->commit, c->path };
	}
	for (i = 0; i < value_list_len(list); i++) {
		const value *item = value_list_at(list, i);
		const char *date = value_string(value_map_get(item, "date"));
		const char *text = value_string(value_map_get(item, "text"));
		int day;
		if (!date || !text || date_parse(&day, date) != 0)
			continue;
		notes[k++] = (facts_note){ day, 0, text, NULL, NULL };
	}
	notes_sort(notes, k);
	fd->notes = notes;
	fd->n_notes = k;
}

/* ---- the public change log --------------------------------------------------------
 *
 * Dates git knows (published, results and feedback published, level
 * changes, and the last change on a day nothing else is listed on) with
 * fixed texts from the theme's strings, and the public notes, newest
 * first. Commit subjects and messages never appear: they are internal
 * working notes. */

typedef struct event_list {
	facts_event *items;
	size_t len, cap;
} event_list;

/* Adds an event (taking text and key) unless its day is unknown. */
static void event_add(event_list *log, int day, facts_event_kind kind, long long time, char *text,
		      char *key, const char *commit, const char *path)
{
	if (day == DATE_NONE) {
		free(text);
		free(key);
		return;
	}
	log->items = mem_grow_array(log->items, &log->cap, log->len + 1, sizeof(*log->items));
	log->items[log->len] = (facts_event){ day, kind, time, log->len, text, commit, path, key };
	log->len++;
}

/* The same, linking to the version of change c (may be NULL). */
static void event_add_change(event_list *log, int day, facts_event_kind kind, long long time,
			     char *text, char *key, const history_change *c)
{
	event_add(log, day, kind, time, text, key, c ? c->commit : NULL, c ? c->path : NULL);
}

static int event_cmp(const void *a, const void *b)
{
	const facts_event *x = a, *y = b;

	if (x->day != y->day)
		return x->day > y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The change of h made in the commit at time t (added: the one adding
 * the file), or in commit `commit` when not NULL; NULL when none. */
static const history_change *change_at(const history_file *h, long long t, int added,
				       const char *commit)
{
	size_t i;

	for (i = 0; h && i < h->n_changes; i++) {
		const history_change *c = &h->changes[i];
		if (commit ? !strcmp(c->commit, commit) : c->time == t && (!added || c->added))
			return c;
	}
	return NULL;
}

const char *facts_level_key_label(const facts *f, const char *lang, const char *key)
{
	int k;

	for (k = 0; k < MODEL_LEVEL_COUNT; k++)
		if (!strcmp(key, model_level_keys[k]))
			return facts_level_text(f, lang, (model_level)k, "label");
	return key;
}

static char *key_of(const char *prefix, const char *id)
{
	buf b = BUF_INIT;

	buf_printf(&b, "%s%s", prefix, id);
	return buf_detach(&b);
}

static void events_git(event_list *log, const facts *f, const facts_dialogue *fd)
{
	const model_dialogue *d = fd->d;
	const history_file *h = d->history;
	const char *lang = model_dialogue_lang(d);
	size_t i;

	event_add_change(log, fd->published_day, FACTS_EVENT_PUBLISHED, h ? h->published : 0,
			 mem_strdup(facts_text(f, lang, "log_published")), mem_strdup("publicerad"),
			 change_at(h, h ? h->published : 0, 1, NULL));
	event_add(log, fd->results_day, FACTS_EVENT_RESULTS, h ? h->results_first : 0,
		  mem_strdup(facts_text(f, lang, "log_results")), mem_strdup("resultat"), NULL, NULL);
	if (d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0)
		event_add(log, fd->feedback_day, FACTS_EVENT_FEEDBACK,
			  d->feedback_date == DATE_NONE && h ? h->feedback_first : 0,
			  mem_strdup(facts_text(f, lang, "log_feedback")), mem_strdup("aterkoppling"),
			  NULL, NULL);
	for (i = 0; h && i < h->n_levels; i++) {
		const history_level_change *lc = &h->levels[i];
		buf b = BUF_INIT;
		if (!*lc->from || !*lc->to)
			continue;
		buf_printf(&b, "%s %s %s %s", facts_text(f, lang, "level_changed_from"),
			   facts_level_key_label(f, lang, lc->from), facts_text(f, lang, "level_changed_to"),
			   facts_level_key_label(f, lang, lc->to));
		event_add_change(log, facts_day(f, lc->time), FACTS_EVENT_LEVEL, lc->time,
				 buf_detach(&b), key_of("steg-", lc->commit),
				 change_at(h, 0, 0, lc->commit));
	}
}

static void dialogue_events(facts_dialogue *fd, const facts *f)
{
	const model_dialogue *d = fd->d;
	const char *lang = model_dialogue_lang(d);
	event_list log = { NULL, 0, 0 };
	size_t i, same_day = 0;

	events_git(&log, f, fd);
	for (i = 0; i < fd->n_notes; i++) {
		const facts_note *n = &fd->notes[i];
		char num[32];
		/* `updates` come after a day's commits, in the order written:
		 * numbered within their day, so an edited text keeps its id. */
		same_day = i > 0 && !n->commit && !fd->notes[i - 1].commit &&
					   fd->notes[i - 1].day == n->day
				   ? same_day + 1
				   : 1;
		snprintf(num, sizeof(num), "%zu", same_day); /* cannot truncate */
		event_add(&log, n->day, FACTS_EVENT_NOTE, n->time, mem_strdup(n->text),
			  n->commit ? key_of("notis-", n->commit) : key_of("notis-", num), n->commit,
			  n->path);
	}
	/* "Last changed" says something only on a day with nothing else. */
	for (i = 0; i < log.len && log.items[i].day != fd->updated_day; i++)
		;
	if (i == log.len && d->history)
		event_add_change(&log, fd->updated_day, FACTS_EVENT_UPDATED, d->history->updated,
				 mem_strdup(facts_text(f, lang, "log_updated")), mem_strdup("andrad"),
				 change_at(d->history, d->history->updated, 0, NULL));
	if (log.len) /* qsort wants an array, even an empty one */
		qsort(log.items, log.len, sizeof(*log.items), event_cmp);
	fd->events = log.items;
	fd->n_events = log.len;
}

/* ---- the state ------------------------------------------------------------------
 *
 * What a resident asks first: can I take part, until when; what came of it;
 * and when feedback is late, by how much, why, and until when. */

static int date_of(const value *map, const char *key)
{
	const char *s = value_string(value_map_get(map, key));
	int day;

	return s && date_parse(&day, s) == 0 ? day : DATE_NONE;
}

/* A phase is current only within its dates. One without an end lasts until
 * the next one starts; the last such phase lasts only while the dialogue
 * does: once it has ended, is paused or cancelled, only a phase with an
 * explicit end still to come is current. */
static int current_phase(const model_dialogue *d, int today)
{
	const value *list = value_map_get(d->fm, "phases");
	size_t i, n = value_list_len(list);
	int open = d->status == MODEL_ONGOING || d->status == MODEL_PLANNED;

	for (i = 0; i < n; i++) {
		const value *ph = value_list_at(list, i);
		int start = date_of(ph, "start"), end = date_of(ph, "end");
		int next = i + 1 < n ? date_of(value_list_at(list, i + 1), "start") : DATE_NONE;
		if (start == DATE_NONE || today < start)
			continue;
		if (end != DATE_NONE ? today <= end : next != DATE_NONE ? today < next : open)
			return (int)i;
	}
	return -1;
}

static void dialogue_state(facts_dialogue *fd, const facts *f)
{
	const model_dialogue *d = fd->d;
	const value *delay = value_map_get(d->fm, "feedback_delay");
	int today = f->m->today;

	fd->can_take_part = d->status == MODEL_ONGOING && d->level > MODEL_INFORMATION;
	fd->last_day = d->status == MODEL_ONGOING ? d->end : DATE_NONE;
	fd->days_left = fd->last_day != DATE_NONE && fd->last_day >= today ? fd->last_day - today : 0;
	fd->promised_day = d->feedback_deadline;
	fd->overdue_days = d->feedback_overdue ? today - d->feedback_deadline : 0;
	fd->delay_reason = value_string(value_map_get(delay, "reason"));
	fd->delay_new_day = date_of(delay, "new_date");
	fd->status_reason = (d->status == MODEL_PAUSED || d->status == MODEL_CANCELLED) && fd->n_notes
				    ? fd->notes[0].text /* newest first */
				    : NULL;
	fd->current_phase = current_phase(d, today);
	fd->ended_day = DATE_NONE;
	fd->deadline_day = DATE_NONE;
	if (d->status == MODEL_FINISHED)
		fd->deadline_day = d->feedback_due != DATE_NONE ? d->feedback_due
				   : d->end != DATE_NONE      ? d->end + f->m->overdue_limit
							      : DATE_NONE;
	if (d->status == MODEL_FINISHED)
		fd->ended_day = fd->feedback_day != DATE_NONE ? fd->feedback_day : d->end;
}

/* ---- accountability -----------------------------------------------------------
 *
 * "x av y synpunkter ändrade förslaget": y counts the points of you_said
 * (each point once, whatever its count: count is optional, so weighing by
 * it would compare dialogues unevenly); x those whose outcome is genomförs
 * or delvis. Shown once feedback is given: before that, outcomes are
 * drafts. */
static void dialogue_accountability(facts_dialogue *fd, const facts *f)
{
	const model_dialogue *d = fd->d;
	const value *said = value_map_get(d->fm, "you_said");
	const value *actions = value_map_get(d->fm, "actions");
	size_t i;

	fd->feedback_plan = value_string(value_map_get(d->fm, "feedback_plan"));
	fd->delay_passed = d->feedback_overdue && fd->delay_new_day != DATE_NONE &&
			   f->m->today > fd->delay_new_day;
	for (i = 0; i < value_list_len(said); i++) {
		int o = model_outcome_of(value_string(value_map_get(value_list_at(said, i), "outcome")));
		if (o < 0)
			continue;
		fd->said_total++;
		fd->said_by_outcome[o]++;
		fd->said_changed += model_outcome_changed((model_outcome)o);
	}
	fd->said_count_shown = fd->said_total > 0 && d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0;
	for (i = 0; i < value_list_len(actions); i++) {
		int st = model_action_status_of(
			value_string(value_map_get(value_list_at(actions, i), "status")));
		if (st < 0)
			continue;
		fd->actions_total++;
		fd->actions_by_status[st]++;
	}
}

/* ---- the promise ledger ------------------------------------------------------------ */

facts_promise facts_promise_of(const facts_dialogue *fd, int today)
{
	const model_dialogue *d = fd->d;

	if (d->status != MODEL_FINISHED || d->is_translation || d->draft)
		return FACTS_PROMISE_NONE;
	if (d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0)
		/* Without a known day either way, nothing says it was late. */
		return fd->feedback_day != DATE_NONE && fd->deadline_day != DATE_NONE &&
				       fd->feedback_day > fd->deadline_day
			       ? FACTS_PROMISE_LATE
			       : FACTS_PROMISE_KEPT;
	return fd->deadline_day != DATE_NONE && today > fd->deadline_day ? FACTS_PROMISE_OVERDUE
									 : FACTS_PROMISE_PENDING;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

int facts_ledger_count(facts_ledger *out, const facts_dialogue *const *list, size_t n, int today)
{
	int *days = mem_alloc((n + 1) * sizeof(int));
	size_t i, ndays = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		const facts_dialogue *fd = list[i];
		facts_promise p = facts_promise_of(fd, today);
		if (p == FACTS_PROMISE_NONE)
			continue;
		out->finished++;
		out->on_time += p == FACTS_PROMISE_KEPT;
		out->late += p == FACTS_PROMISE_LATE;
		out->missing += p == FACTS_PROMISE_OVERDUE || p == FACTS_PROMISE_PENDING;
		out->overdue += p == FACTS_PROMISE_OVERDUE;
		if ((p == FACTS_PROMISE_KEPT || p == FACTS_PROMISE_LATE) && fd->feedback_day != DATE_NONE &&
		    fd->d->end != DATE_NONE && fd->feedback_day >= fd->d->end)
			days[ndays++] = fd->feedback_day - fd->d->end;
	}
	out->median_days = -1;
	if (ndays) {
		qsort(days, ndays, sizeof(int), int_cmp);
		/* The lower median: a whole number of days, as /statistik/ counts. */
		out->median_days = days[(ndays - 1) / 2];
	}
	out->changed_share = facts_changed_share(list, n);
	free(days);
	return 0;
}

int facts_changed_share(const facts_dialogue *const *list, size_t n)
{
	/* The share of the points of you_said whose outcome is genomförs or
	 * delvis, over every dialogue whose feedback is given (before that the
	 * outcomes are drafts), each point counted once as on the page; -1
	 * when no dialogue records its points. Rounded to a whole per cent. */
	size_t i, total = 0, changed = 0;

	for (i = 0; i < n; i++) {
		if (!list[i]->said_count_shown)
			continue;
		total += (size_t)list[i]->said_total;
		changed += (size_t)list[i]->said_changed;
	}
	return total ? (int)((changed * 100 + total / 2) / total) : -1;
}

/* ---- who took part (facts.h: the rule) --------------------------------------------- */

int facts_percent(unsigned long long part, unsigned long long total)
{
	if (!total)
		return 0;
	/* In long double: part * 200 could overflow 64 bits for hostile sums. */
	return (int)(((long double)part * 200 + total) / ((long double)total * 2));
}

static facts_dimension *profile_dim(facts_profile *p, const char *key)
{
	facts_dimension *dim;
	size_t i;

	for (i = 0; i < p->n_dims; i++)
		if (!strcmp(p->dims[i].key, key))
			return &p->dims[i];
	p->dims = mem_grow_array(p->dims, &p->cap, p->n_dims + 1, sizeof(*p->dims));
	dim = &p->dims[p->n_dims++];
	memset(dim, 0, sizeof(*dim));
	dim->key = key;
	return dim;
}

/* The group key in dim (NULL: the other groups), added when new; past
 * FACTS_PROFILE_MAX_GROUPS a new key goes to the other groups. */
static facts_group *profile_group(facts_dimension *dim, const char *key)
{
	facts_group *g;
	size_t i;

	for (i = 0; i < dim->n_groups; i++)
		if (key ? dim->groups[i].key && !strcmp(dim->groups[i].key, key) : !dim->groups[i].key)
			return &dim->groups[i];
	if (key && dim->n_groups >= FACTS_PROFILE_MAX_GROUPS)
		return profile_group(dim, NULL);
	dim->groups = mem_grow_array(dim->groups, &dim->cap, dim->n_groups + 1, sizeof(*dim->groups));
	g = &dim->groups[dim->n_groups++];
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->population = -1;
	return g;
}

/* The population's dimensions and groups first, in site.yaml's order, so
 * that every dialogue and every year lists them alike; groups no dialogue
 * of the set has are dropped again by profile_finish. */
static void profile_start(facts_profile *p, const facts *f)
{
	const value *pop = value_map_get(f->m->config, "population");
	size_t i, k;

	memset(p, 0, sizeof(*p));
	p->threshold = f->m->privacy_threshold > 0 ? f->m->privacy_threshold : MODEL_PRIVACY_THRESHOLD;
	for (i = 0; pop && pop->type == VALUE_MAP && i < pop->u.map.len; i++) {
		const value_pair *dp = &pop->u.map.pairs[i];
		facts_dimension *dim = profile_dim(p, dp->key);
		for (k = 0; dp->val->type == VALUE_MAP && k < dp->val->u.map.len; k++) {
			const value *share = dp->val->u.map.pairs[k].val;
			facts_group *g = profile_group(dim, dp->val->u.map.pairs[k].key);
			if (share->type == VALUE_NUMBER && share->u.number >= 0 && share->u.number <= 1)
				g->population = share->u.number;
			g->inherited = -1; /* not seen in the set yet */
		}
	}
}

static void profile_add(facts_dimension *dim, const char *key, unsigned long long count, int hidden)
{
	facts_group *g = profile_group(dim, key);

	if (g->inherited < 0)
		g->inherited = 0;
	g->count += count;
	g->inherited |= hidden;
	dim->total += count;
}

/* 1 when, from what a dialogue's table shows, a FEW count follows exactly:
 * rest (the total, which a reader may know from another dimension or from
 * `participants`, minus the shown counts) is the sum of k FEW groups (1 to
 * t - 1 each) and h hidden ones (at least t each, no upper bound). Only
 * published figures go in, so the decision itself tells nothing more. */
static int few_pinned(unsigned long long rest, size_t k, size_t h, unsigned long long t)
{
	long double r = (long double)rest, lo, hi;

	if (!k)
		return 0;
	if (h) {
		lo = 1;
		hi = r - (long double)(k - 1) - (long double)h * (long double)t;
	} else {
		lo = r - (long double)(k - 1) * (long double)(t - 1);
		hi = r - (long double)(k - 1);
	}
	if (lo < 1)
		lo = 1;
	if (hi > (long double)(t - 1))
		hi = (long double)(t - 1);
	return lo >= hi;
}

/* Rules 1 to 4 (facts.h) over one dimension: a dialogue's own (set 0) or
 * a set's, whose counts are summed (set 1). */
static void profile_suppress(facts_dimension *dim, int threshold, int set)
{
	unsigned long long t = (unsigned long long)threshold, shown_sum = 0;
	facts_group *complement = NULL;
	size_t i, few = 0, hidden = 0;

	for (i = 0; i < dim->n_groups; i++) {
		facts_group *g = &dim->groups[i];
		if (set)
			g->shown = g->inherited ? FACTS_HIDDEN : FACTS_SHOWN;
		else if (g->count > 0 && g->count < t)
			g->shown = FACTS_FEW;
		else
			g->shown = FACTS_SHOWN;
		few += g->shown == FACTS_FEW;
	}
	if (set) {
		/* Rule 2: what the set shows is the sum of what its dialogues show,
		 * nothing a reader could not add up from their pages. */
		dim->total_shown = dim->inherited_total ? FACTS_HIDDEN : FACTS_SHOWN;
		return;
	}
	/* Rule 3: beside small groups, one more is hidden, chosen by its place
	 * (the population's order, then as written), never by its count, so
	 * that the choice tells nothing. */
	for (i = 0; few && !complement && i < dim->n_groups; i++)
		if (dim->groups[i].shown == FACTS_SHOWN && dim->groups[i].count > 0)
			complement = &dim->groups[i];
	if (complement) {
		complement->shown = FACTS_HIDDEN;
		hidden = 1;
	}
	for (i = 0; i < dim->n_groups; i++)
		if (dim->groups[i].shown == FACTS_SHOWN)
			shown_sum += dim->groups[i].count;
	dim->total_shown = dim->total > 0 && dim->total < t ? FACTS_FEW : FACTS_SHOWN;
	/* Rule 4: when a small count still follows from the rest, no group of
	 * the dimension is shown, zeros neither. */
	if (few_pinned(dim->total - shown_sum, few, hidden, t))
		for (i = 0; i < dim->n_groups; i++)
			dim->groups[i].shown = FACTS_HIDDEN;
}

/* Drops the population's groups the set does not have (and dimensions
 * left empty), suppresses, and marks the under-represented groups. */
static void profile_finish(facts_profile *p, int set)
{
	size_t i, k, kept_dims = 0;

	for (i = 0; i < p->n_dims; i++) {
		facts_dimension dim = p->dims[i];
		size_t kept = 0;
		for (k = 0; k < dim.n_groups; k++)
			if (dim.groups[k].inherited >= 0)
				dim.groups[kept++] = dim.groups[k];
		dim.n_groups = kept;
		if (!kept) {
			free(dim.groups);
			continue;
		}
		profile_suppress(&dim, p->threshold, set);
		for (k = 0; k < dim.n_groups; k++) {
			facts_group *g = &dim.groups[k];
			unsigned long long most = g->shown == FACTS_FEW ? (unsigned long long)p->threshold - 1
									: g->count;
			g->under = dim.total_shown == FACTS_SHOWN && dim.total >= FACTS_PROFILE_MIN_TOTAL &&
				   g->shown != FACTS_HIDDEN && g->population > 0 &&
				   (long double)most * 3 < (long double)g->population * 2 * dim.total;
		}
		p->dims[kept_dims++] = dim;
	}
	p->n_dims = kept_dims;
}

/* A dialogue's own profile, from its front matter (model.c checked it:
 * what it could not read is left out). */
static void dialogue_profile(facts_dialogue *fd, const facts *f)
{
	const value *prof = value_map_get(fd->d->fm, "participant_profile");
	size_t i, k;

	profile_start(&fd->profile, f);
	for (i = 0; prof && prof->type == VALUE_MAP && i < prof->u.map.len; i++) {
		const value_pair *dp = &prof->u.map.pairs[i];
		facts_dimension *dim;
		if (dp->val->type != VALUE_MAP)
			continue;
		dim = profile_dim(&fd->profile, dp->key);
		for (k = 0; k < dp->val->u.map.len; k++) {
			const value *c = dp->val->u.map.pairs[k].val;
			if (c->type == VALUE_NUMBER && c->u.number >= 0 &&
			    c->u.number <= MODEL_MAX_PROFILE_COUNT)
				profile_add(dim, dp->val->u.map.pairs[k].key,
					    (unsigned long long)c->u.number, 0);
		}
	}
	profile_finish(&fd->profile, 0);
	fd->profile.n_dialogues = fd->profile.n_dims > 0;
}

int facts_profile_count(facts_profile *out, const facts *f, const facts_dialogue *const *list,
			size_t n)
{
	size_t i, j, k;

	profile_start(out, f);
	for (i = 0; i < n; i++) {
		const facts_profile *one = &list[i]->profile;
		out->n_dialogues += one->n_dims > 0;
		for (j = 0; j < one->n_dims; j++) {
			const facts_dimension *src = &one->dims[j];
			facts_dimension *dim = profile_dim(out, src->key);
			for (k = 0; k < src->n_groups; k++)
				profile_add(dim, src->groups[k].key, src->groups[k].count,
					    src->groups[k].shown != FACTS_SHOWN);
			dim->inherited_total |= src->total_shown != FACTS_SHOWN;
		}
	}
	profile_finish(out, 1);
	return 0;
}

void facts_profile_free(facts_profile *p)
{
	size_t i;

	for (i = 0; i < p->n_dims; i++)
		free(p->dims[i].groups);
	free(p->dims);
	memset(p, 0, sizeof(*p));
}

/* ---- children ---------------------------------------------------------------------
 *
 * A dialogue concerns children when it has `children` (staff thought about
 * it), or a target group names them: a word of its slug (å, ä, ö as a, a,
 * o) that begins or ends with "barn" (barn, barnfamiljer, skolbarn),
 * begins with "ungdom" or "elev" (ungdomar, elever), ends with "elever"
 * (skolelever), or is "unga", "tonaringar", "children", "youth" or
 * "young". A word list, not the whole label, so "Barn och unga", "Unga
 * tjejer" and "Elever på Ekebyskolan" count and "Föreningar" does not. */

static int word_is_child(const char *w, size_t n)
{
	static const char *const words[] = { "unga", "tonaringar", "children", "youth", "young" };
	size_t i;

	if ((n >= 4 && !strncmp(w, "barn", 4)) || (n >= 4 && !strncmp(w + n - 4, "barn", 4)) ||
	    (n >= 6 && !strncmp(w, "ungdom", 6)) || (n >= 4 && !strncmp(w, "elev", 4)) ||
	    (n >= 6 && !strncmp(w + n - 6, "elever", 6)))
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !strncmp(w, words[i], n))
			return 1;
	return 0;
}

static int names_children(const facts *f, const char *label)
{
	buf b = BUF_INIT;
	const char *p;
	int found = 0;

	facts_slug(&b, f, label);
	for (p = b.ptr; *p && !found;) {
		size_t n = strcspn(p, "-");
		found = word_is_child(p, n);
		p += n + (p[n] == '-');
	}
	buf_free(&b);
	return found;
}

static void dialogue_children(facts_dialogue *fd, const facts *f)
{
	const value *fm = fd->d->fm;
	const value *children = value_map_get(fm, "children");
	const value *heard = value_map_get(children, "heard");
	const value *groups = value_map_get(fm, "target_groups");
	size_t i;

	fd->concerns_children = children && children->type == VALUE_MAP;
	if (value_string(groups))
		fd->concerns_children |= names_children(f, value_string(groups));
	for (i = 0; i < value_list_len(groups); i++)
		if (value_string(value_list_at(groups, i)))
			fd->concerns_children |= names_children(f, value_string(value_list_at(groups, i)));
	fd->children_heard = fd->concerns_children && heard && heard->type == VALUE_BOOL &&
			     heard->u.boolean;
}

int facts_children_counted(const facts_dialogue *fd)
{
	/* Not yet begun, or called off: children could not have been heard. */
	return fd->concerns_children && fd->d->status != MODEL_PLANNED &&
	       fd->d->status != MODEL_CANCELLED;
}

int facts_children_count(size_t *concern, size_t *heard, const facts_dialogue *const *list, size_t n)
{
	size_t i;

	*concern = *heard = 0;
	for (i = 0; i < n; i++) {
		if (!facts_children_counted(list[i]))
			continue;
		(*concern)++;
		*heard += list[i]->children_heard != 0;
	}
	return 0;
}

/* ---- addresses -------------------------------------------------------------------- */

static char *origin_of(const char *base_url)
{
	const char *p = base_url ? strstr(base_url, "://") : NULL;
	const char *end = p ? strchr(p + 3, '/') : NULL;

	if (!p)
		return mem_strdup("");
	return end ? mem_strndup(base_url, (size_t)(end - base_url)) : mem_strdup(base_url);
}

static char *root_path(const char *base_url)
{
	const char *p = base_url ? strstr(base_url, "://") : NULL;
	buf b = BUF_INIT;

	if (p && (p = strchr(p + 3, '/')))
		buf_puts(&b, p);
	if (b.size == 0 || b.ptr[b.size - 1] != '/')
		buf_putc(&b, '/');
	return buf_detach(&b);
}

static char *host_of(const char *origin)
{
	const char *p = origin ? strstr(origin, "://") : NULL;
	size_t n;

	if (!p)
		return mem_strdup("trappa.invalid");
	p += 3;
	n = strcspn(p, "/:");
	return n ? mem_strndup(p, n) : mem_strdup("trappa.invalid");
}

/* ---- slugs of labels ---------------------------------------------------------------- */

typedef struct facts_slug_entry {
	const char *label; /* the model's */
	char *slug;
} facts_slug_entry;

typedef struct facts_slugs {
	facts_slug_entry *e;
	size_t n, cap;
	size_t *slots; /* open addressing: entry + 1, 0 free */
	size_t mask;
} facts_slugs;

static size_t *slug_slot(const facts_slugs *t, const char *label, size_t len)
{
	size_t i = (size_t)XXH3_64bits(label, len) & t->mask;

	while (t->slots[i] && strcmp(t->e[t->slots[i] - 1].label, label))
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

/* The slug of label, added to the table when new (only while facts_init
 * runs: one thread). */
static const char *slug_add(facts_slugs *t, const char *label)
{
	size_t len = strlen(label), *slot, i;
	buf b = BUF_INIT;

	if ((t->n + 1) * 2 > t->mask + 1) {
		size_t *old = t->slots, n_old = t->mask + 1;
		t->mask = n_old * 2 - 1;
		t->slots = mem_calloc(t->mask + 1, sizeof(size_t));
		for (i = 0; i < n_old; i++)
			if (old[i])
				*slug_slot(t, t->e[old[i] - 1].label, strlen(t->e[old[i] - 1].label)) = old[i];
		free(old);
	}
	slot = slug_slot(t, label, len);
	if (*slot)
		return t->e[*slot - 1].slug;
	t->e = mem_grow_array(t->e, &t->cap, t->n + 1, sizeof(*t->e));
	slug_from_text(&b, label, len);
	t->e[t->n].label = label;
	t->e[t->n].slug = buf_detach(&b);
	*slot = ++t->n;
	return t->e[t->n - 1].slug;
}

/* The labels of a front-matter facet: a text or a list of texts. */
static void slug_add_labels(facts_slugs *t, const value *v)
{
	size_t i;

	if (value_string(v))
		slug_add(t, value_string(v));
	for (i = 0; i < value_list_len(v); i++)
		if (value_string(value_list_at(v, i)))
			slug_add(t, value_string(value_list_at(v, i)));
}

static facts_slugs *slugs_new(void)
{
	facts_slugs *t = mem_calloc(1, sizeof(*t));

	t->mask = 255;
	t->slots = mem_calloc(t->mask + 1, sizeof(size_t));
	return t;
}

/* Adds a dialogue's facet labels (in the loop that reads its front matter
 * anyway, while it is in the cache). */
static void slugs_of_dialogue(facts_slugs *t, const model_dialogue *d)
{
	static const char *const keys[] = { "areas", "themes", "target_groups", "methods", NULL };
	size_t k;

	for (k = 0; keys[k]; k++)
		slug_add_labels(t, value_map_get(d->fm, keys[k]));
}

static void slugs_free(facts_slugs *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->e[i].slug);
	free(t->e);
	free(t->slots);
	free(t);
}

void facts_slug(buf *out, const facts *f, const char *label)
{
	size_t len = strlen(label), slot;

	if (f->slugs && (slot = *slug_slot(f->slugs, label, len)) != 0)
		buf_puts(out, f->slugs->e[slot - 1].slug);
	else
		slug_from_text(out, label, len);
}

/* a + b + c, newly allocated. */
static char *joined(const char *a, const char *b, const char *c)
{
	buf out = BUF_INIT;

	buf_puts(&out, a);
	buf_puts(&out, b);
	buf_puts(&out, c);
	return buf_detach(&out);
}

static void dialogue_addresses(facts_dialogue *fd, facts *f)
{
	const model_dialogue *d = fd->d;
	buf b = BUF_INIT;

	if (d->is_translation)
		buf_printf(&b, "%s/", model_dialogue_lang(d));
	buf_printf(&b, "dialoger/%s/", d->slug);
	fd->path = buf_detach(&b);
	fd->url = joined(f->root, fd->path, "");
	fd->abs_url = joined(f->site_url, fd->path, "");
	fd->calendar_path = joined(fd->path, "kalender.ics", "");
	fd->feed_path = joined(fd->path, "feed.xml", "");
	fd->committee = model_responsible_name(f->m, value_string(value_map_get(d->fm, "responsible")));
	fd->committee_slug = mem_strdup(slug_add(f->slugs, fd->committee));
	buf_printf(&b, "%snamnd/%s/", f->root, fd->committee_slug);
	fd->committee_url = buf_detach(&b);
	fd->committee_feed_path = joined("namnd/", fd->committee_slug, "/feed.xml");
}

int facts_init(facts *f, const model_site *m, const value *strings_site,
	       const value *strings_other)
{
	const char *base_url = value_string(value_map_get(m->config, "base_url"));
	size_t i;

	memset(f, 0, sizeof(*f));
	f->m = m;
	f->strings[FACTS_SITE_LANG] = strings_site;
	f->strings[FACTS_OTHER_LANG] = strings_other;
	f->root = root_path(base_url);
	f->origin = origin_of(base_url);
	f->site_url = joined(f->origin, f->root, "");
	f->host = host_of(f->origin);
	f->zone = date_zone_find(m->timezone);
	f->dialogues = mem_calloc(m->n_dialogues + 1, sizeof(*f->dialogues));
	f->n_dialogues = m->n_dialogues;
	f->slugs = slugs_new();
	for (i = 0; i < m->n_dialogues; i++) {
		facts_dialogue *fd = &f->dialogues[i];
		fd->d = &m->dialogues[i];
		slugs_of_dialogue(f->slugs, fd->d);
		fd->kind = model_dialogue_kind(fd->d);
		fd->continuous = model_dialogue_continuous(fd->d);
		fd->has_politicians = model_dialogue_has_politicians(fd->d);
		fd->evaluated = model_dialogue_evaluated(fd->d);
		dialogue_addresses(fd, f);
		fd->status_label = facts_status_label(f, model_dialogue_lang(fd->d), fd->d->status);
		fd->level_label = facts_level_text(f, model_dialogue_lang(fd->d), fd->d->level, "label");
		dialogue_times(fd, f);
		dialogue_notes(fd, f);
		dialogue_state(fd, f);
		dialogue_accountability(fd, f);
		dialogue_profile(fd, f);
		dialogue_children(fd, f);
		dialogue_events(fd, f);
	}
	return 0;
}

void facts_free(facts *f)
{
	size_t i, k;

	for (i = 0; i < f->n_dialogues; i++) {
		facts_dialogue *fd = &f->dialogues[i];
		free(fd->path);
		free(fd->url);
		free(fd->abs_url);
		free(fd->calendar_path);
		free(fd->committee_slug);
		free(fd->committee_url);
		free(fd->committee_feed_path);
		free(fd->notes);
		for (k = 0; k < fd->n_events; k++) {
			free(fd->events[k].text);
			free(fd->events[k].key);
		}
		free(fd->events);
		free(fd->feed_path);
		facts_profile_free(&fd->profile);
	}
	free(f->dialogues);
	slugs_free(f->slugs);
	free(f->root);
	free(f->origin);
	free(f->site_url);
	free(f->host);
	memset(f, 0, sizeof(*f));
}

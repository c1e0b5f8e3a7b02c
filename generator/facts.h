/* facts: what every output says about the site and each dialogue, computed
 * once.
 *
 * Pages (pages.c) and the open formats (export.c) both read these facts
 * instead of working them out each in its own way: addresses, labels,
 * dates and times (from git where known, in the one time-zone engine of
 * date.h) and which strings a language uses. Layering:
 *
 *     lang, date  ->  model, history  ->  facts  ->  export  ->  pages  ->  site
 *
 * facts_init reads only the model and the strings it is given; nothing it
 * holds refers to the modules above it. Read-only afterwards, so every
 * rendering thread may share it. */
#ifndef TRAPPA_FACTS_H
#define TRAPPA_FACTS_H

#include "date.h"
#include "model.h"
#include "value.h"

/* A public note: an item of the front matter's `updates`, or the public
 * note of a commit that changed the dialogue's file (history.h: the
 * `Publikt:` trailers). Commit subjects are never notes. */
typedef struct facts_note {
	int day;          /* the note's date */
	long long time;   /* the commit's time; 0 for `updates` */
	const char *text; /* plain text */
	const char *commit, *path; /* the commit and the file's path then; NULL for `updates` */
} facts_note;

/* An event of the public change log (the page's "Ändringar" and the
 * dialogue's Atom feed): the dates git knows with fixed texts, and the
 * public notes. Kinds sort in this order on one day. */
typedef enum facts_event_kind {
	FACTS_EVENT_NOTE,      /* a public note (facts_note) */
	FACTS_EVENT_FEEDBACK,  /* feedback published */
	FACTS_EVENT_RESULTS,   /* results published */
	FACTS_EVENT_LEVEL,     /* the step on the ladder changed */
	FACTS_EVENT_UPDATED,   /* "last changed", only on a day with nothing else */
	FACTS_EVENT_PUBLISHED  /* the dialogue was published */
} facts_event_kind;

typedef struct facts_event {
	int day;                /* never DATE_NONE */
	facts_event_kind kind;
	long long time;         /* the commit's time; 0 when only the day is known */
	size_t order;           /* ties: as added */
	char *text;             /* plain text in the dialogue's language */
	const char *commit, *path; /* the version to link to; NULL: none */
	/* Stable and unique within the dialogue: "publicerad", "resultat",
	 * "aterkoppling", "steg-<commit>", "notis-<commit>", "notis-<n>" (the
	 * n-th item of `updates` on that day), "andrad". Feeds build entry ids
	 * from it. */
	char *key;
} facts_event;

/* ---- who took part: participant_profile against site.yaml's population ----
 *
 * Counts per group are personal data when small: a group of 1 to
 * privacy_threshold - 1 participants is never published exactly, in pages
 * or in open data, nor can it be worked out from what is published, even
 * by a reader who knows the total (from another dimension or from
 * `participants`). The rule (facts.c, "who took part"), per dimension:
 *   1. a dialogue's group with 1 to threshold - 1 is FACTS_FEW ("färre än
 *      5"); 0 is shown (it names nobody); a total under the threshold is
 *      FACTS_FEW too;
 *   2. a set of dialogues (the statistics, the year) shows a group only
 *      when every dialogue shows it exactly, and its total only when every
 *      dialogue shows its total: the set's figures are then sums of figures
 *      already published, and tell nothing new;
 *   3. beside small groups, one more group is hidden (FACTS_HIDDEN): the
 *      first in the population's order, then as written, not chosen by its
 *      count, so that the choice itself tells nothing;
 *   4. when a small count still follows from the total minus the shown
 *      counts (small groups are 1 to threshold - 1, hidden ones at least
 *      the threshold), every group of the dimension is hidden.
 * Shares of the participants are only shown for shown counts of a shown
 * total. */
typedef enum facts_shown {
	FACTS_SHOWN,  /* the exact count */
	FACTS_FEW,    /* 1 to threshold - 1: said as "fewer than <threshold>" */
	FACTS_HIDDEN  /* hidden so that no FEW count can be worked out by subtraction */
} facts_shown;

/* Under-represented: the dimension's total is shown and at least this
 * many, and the group's share of the participants (for a FEW group, the
 * most it can be) is below two thirds of its share of the residents. */
#define FACTS_PROFILE_MIN_TOTAL 30
/* Groups per dimension of a set of dialogues; the rest are summed into
 * one group with key NULL ("other groups"), hidden like any other. */
#define FACTS_PROFILE_MAX_GROUPS 200

typedef struct facts_group {
	const char *key;          /* as written in front matter (the model's); NULL: the other groups */
	unsigned long long count; /* exact: publish only when shown == FACTS_SHOWN */
	facts_shown shown;
	double population;        /* share of the residents (site.yaml), or -1 */
	int under;                /* under-represented (see FACTS_PROFILE_MIN_TOTAL) */
	int inherited;            /* while counting: a dialogue of the set hides it */
} facts_group;

typedef struct facts_dimension {
	const char *key; /* "age", "gender", "area" or the site's own */
	facts_group *groups;
	size_t n_groups, cap;
	unsigned long long total; /* every group's count, hidden ones too */
	facts_shown total_shown;
	int inherited_total;      /* while counting: a dialogue of the set hides its total */
} facts_dimension;

typedef struct facts_profile {
	facts_dimension *dims; /* site.yaml population's order first, then as first written */
	size_t n_dims, cap;
	size_t n_dialogues;    /* of the set, those with a participant_profile */
	int threshold;         /* the site's privacy_threshold */
} facts_profile;

typedef struct facts_dialogue {
	const model_dialogue *d;
	char *path;     /* below the root: "dialoger/x/", "en/dialoger/x/" */
	char *url;      /* root + path, as pages link it */
	char *abs_url;  /* origin + root + path, as feeds and calendars name it */
	char *calendar_path;  /* "dialoger/x/kalender.ics" (below the root) */
	const char *committee; /* model_responsible_name; never NULL */
	char *committee_slug;  /* as in /namnd/<slug>/ */
	char *committee_url;   /* root + "namnd/<slug>/" */
	char *committee_feed_path; /* "namnd/<slug>/feed.xml" (below the root) */
	const char *status_label, *level_label; /* in the dialogue's language */
	/* Unix times for the feeds and calendars (see facts.c, "times"). */
	long long published, updated;
	long long results;  /* 0: no Resultat section */
	long long feedback; /* 0: no Återkoppling section */
	/* Dates: published and updated from git only, DATE_NONE when unknown;
	 * feedback_day from the front matter, else from git. */
	int published_day, updated_day, feedback_day;
	int results_day; /* from git only: DATE_NONE when unknown or no section */
	/* Where the dialogue stands today, for the summary at the top of its
	 * page and the start page (facts.c, "the state"). */
	int can_take_part; /* ongoing, and above the information step */
	int last_day;      /* ongoing: the last day to take part (end); else DATE_NONE */
	int days_left;     /* ongoing with a last day: days from today to it (0: today) */
	int promised_day;  /* finished without feedback: the date it is promised by, or DATE_NONE */
	int overdue_days;  /* feedback overdue: days past promised_day; else 0 */
	const char *delay_reason; /* feedback_delay.reason, or NULL */
	int delay_new_day;        /* feedback_delay.new_date, or DATE_NONE */
	const char *status_reason; /* paused or cancelled: the newest public note, or NULL */
	int current_phase; /* index of the current item of `phases`; -1: none */
	int ended_day;     /* finished: feedback's day, else the end; else DATE_NONE */
	/* ---- accountability (model.h: outcomes, action statuses) ----
	 * From `you_said`, `actions`, `feedback_plan` and `feedback_delay`;
	 * items model.c could not read are not counted. */
	const char *feedback_plan; /* how and when people hear back, or NULL */
	int delay_passed;          /* late, and feedback_delay.new_date has passed too */
	size_t said_total;         /* points of you_said */
	size_t said_changed;       /* of those, outcome genomförs or delvis */
	size_t said_by_outcome[MODEL_OUTCOME_COUNT];
	int said_count_shown;      /* feedback given and points: lists show "x av y" */
	size_t actions_total;      /* items of actions */
	size_t actions_by_status[MODEL_ACTION_STATUS_COUNT];
	/* The public notes, newest first (same day: a commit's before
	 * `updates`, then in the order written). */
	facts_note *notes;
	size_t n_notes;
	/* The public change log, newest first (on one day in the order of
	 * facts_event_kind). Computed once: the page and the feeds list it. */
	facts_event *events;
	size_t n_events;
	/* The feedback promise, whatever the state: feedback_due, else the
	 * end plus the site's feedback_overdue_days; DATE_NONE without either
	 * or unless finished. */
	int deadline_day;
	char *feed_path; /* "dialoger/x/feed.xml" (below the root) */
	/* Who took part: participant_profile, suppressed (facts_profile). */
	facts_profile profile;
	/* Barnrättslagen: the dialogue concerns children (facts.c,
	 * "children"), and children were heard (children.heard). */
	int concerns_children, children_heard;
	/* model_dialogue_kind, _continuous, _has_politicians, _evaluated,
	 * read from the front matter once: lists, the year reports, the
	 * facets and the search index each ask for every dialogue. */
	model_kind kind;
	int continuous, has_politicians, evaluated;
} facts_dialogue;

typedef struct facts {
	const model_site *m;
	const value *strings[2]; /* FACTS_SITE_LANG, FACTS_OTHER_LANG; NULL: built-in only */
	char *root;     /* path of base_url: "/" or "/dialog/" */
	char *origin;   /* scheme and host of base_url: "https://dialog.example.se" */
	char *site_url; /* origin + root */
	char *host;     /* for calendar UIDs */
	const date_zone *zone; /* NULL: not built in; calendars get floating times */
	facts_dialogue *dialogues; /* one per m->dialogues, same index */
	size_t n_dialogues;
	struct facts_slugs *slugs; /* facts_slug's table */
} facts;

enum { FACTS_SITE_LANG, FACTS_OTHER_LANG };

/* Computes the facts of m. strings_site and strings_other are the theme's
 * strings (site.yaml `strings` already over them) in the site's language
 * and in the other supported one; either may be NULL (built-in texts).
 * They must outlive f. Returns 0. */
int facts_init(facts *f, const model_site *m, const value *strings_site,
	       const value *strings_other);
void facts_free(facts *f);

/* Appends the slug of a label (slug_from_text): for the labels of the
 * front matter's facets (areas, themes, target_groups, methods) and the
 * committees from a table made once by facts_init, since every page and
 * list that links a facet value asks for the same few hundred; other text
 * is slugged on the spot. Safe from several threads. */
void facts_slug(buf *out, const facts *f, const char *label);

static inline const facts_dialogue *facts_of(const facts *f, const model_dialogue *d)
{
	return &f->dialogues[d - f->m->dialogues];
}

/* ---- the promise ledger ----------------------------------------------------
 *
 * Was the promise of feedback kept? Counted over finished originals
 * (translations and drafts are not promises of their own). A promise is
 * deadline_day (facts_dialogue). */

typedef enum facts_promise {
	FACTS_PROMISE_NONE,    /* not finished, a translation or a draft: no promise to count */
	FACTS_PROMISE_KEPT,    /* feedback given by the promised day (or either day unknown) */
	FACTS_PROMISE_LATE,    /* feedback given after the promised day */
	FACTS_PROMISE_OVERDUE, /* no feedback, the promised day has passed */
	FACTS_PROMISE_PENDING  /* no feedback yet, not due (or no promised day) */
} facts_promise;

typedef struct facts_ledger {
	size_t finished; /* dialogues with a promise */
	size_t on_time, late; /* feedback given: kept, late */
	size_t missing;  /* no feedback yet (overdue or not) */
	size_t overdue;  /* of missing: past the promised day */
	int median_days; /* lower median of days from end to feedback; -1: no data */
	int changed_share; /* "ändrade förslaget", per cent; -1: no data (facts_changed_share) */
} facts_ledger;

facts_promise facts_promise_of(const facts_dialogue *fd, int today);
/* The figures over n dialogues (any, e.g. one committee's; those without
 * a promise are skipped). Returns 0. */
int facts_ledger_count(facts_ledger *out, const facts_dialogue *const *list, size_t n, int today);
/* Per cent of the points of what people said that changed the proposal
 * (outcome genomförs or delvis), over list; -1 when there are none. A stub
 * until the `you_said` field lands: always -1 ("no data"). */
int facts_changed_share(const facts_dialogue *const *list, size_t n);

/* ---- who took part ----------------------------------------------------------
 *
 * The profile of a set of dialogues (a year, the site): counts summed per
 * group over list (translations and drafts are the caller's to leave out),
 * then suppressed by the rule above. The dialogue's own is fd->profile.
 * Returns 0; free with facts_profile_free. */
int facts_profile_count(facts_profile *out, const facts *f, const facts_dialogue *const *list,
			size_t n);
void facts_profile_free(facts_profile *p);
/* Per cent of part in total, rounded half up; 0 for a total of 0. */
int facts_percent(unsigned long long part, unsigned long long total);

/* Whether fd counts among the dialogues that concern children: it does
 * (facts_dialogue) and is neither planned nor cancelled (those could not
 * have heard anyone). */
int facts_children_counted(const facts_dialogue *fd);
/* Of list, how many dialogues count as concerning children
 * (facts_children_counted) and in how many of those children were heard.
 * Returns 0. */
int facts_children_count(size_t *concern, size_t *heard, const facts_dialogue *const *list, size_t n);

/* ---- language: the one place that answers "which language" ---------------- */

/* Which language a tag is, lang.h answers (lang_code, lang_is_english);
 * these answer which of the site's two sets of strings it uses. */

/* The other supported language: "en" on a Swedish site, "sv" otherwise. */
const char *facts_other_lang(const char *site_lang);
/* Which strings a page in lang uses: FACTS_OTHER_LANG for the other
 * supported language ("en-GB" too on a Swedish site), else FACTS_SITE_LANG
 * (a language without strings of its own uses the site's). */
int facts_lang_slot(const facts *f, const char *lang);

/* ---- labels ---------------------------------------------------------------- */

/* The text for key in lang: the theme's strings (with site.yaml's
 * `strings`), then the built-in Swedish or English text, then the key. */
const char *facts_text(const facts *f, const char *lang, const char *key);
/* A level's "label", "description" or "promise": site.yaml `levels` in the
 * site's language, then facts_text("level_<key>_<what>"). */
const char *facts_level_text(const facts *f, const char *lang, model_level level, const char *what);
/* The label of a level key as the history holds it ("dialog"); the key
 * itself when unknown. */
const char *facts_level_key_label(const facts *f, const char *lang, const char *key);
const char *facts_status_label(const facts *f, const char *lang, model_status st);

/* ---- dates ----------------------------------------------------------------- */

/* The site's local date at Unix time t; DATE_NONE for t == 0. */
int facts_day(const facts *f, long long t);
/* Local midnight of day in the site's zone, as Unix time. */
long long facts_midnight(const facts *f, int day);

#endif

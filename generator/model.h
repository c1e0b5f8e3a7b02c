/* model: the site as the content format defines it, validated.
 *
 * model_load reads site.yaml, every dialogue and free page from a source,
 * checks every field (content format in the man page), derives status,
 * overdue feedback and sections, and reports every problem as a
 * diagnostic. The result is read-only afterwards, so pages can be rendered
 * from it in any order and in parallel. */
#ifndef TRAPPA_MODEL_H
#define TRAPPA_MODEL_H

#include <stddef.h>

#include "diag.h"
#include "markdown.h"
#include "source.h"
#include "value.h"

#define MODEL_MAX_MARKDOWN (1024 * 1024) /* bytes per Markdown file */
#define MODEL_MAX_YAML (256 * 1024)      /* bytes of site.yaml */
#define MODEL_MAX_FILES 200000           /* entries below the content folder */
#define MODEL_MAX_FACET_VALUES 20        /* per facet field (areas, themes, ...) of a dialogue */
#define MODEL_MAX_LIST 200               /* items of any other list field */

struct history;
struct history_file;

typedef enum model_status {
	MODEL_PLANNED,
	MODEL_ONGOING,
	MODEL_FINISHED,
	MODEL_PAUSED,
	MODEL_CANCELLED,
	MODEL_STATUS_COUNT
} model_status;

typedef enum model_level {
	MODEL_INFORMATION,
	MODEL_CONSULTATION,
	MODEL_DIALOGUE,
	MODEL_INFLUENCE,
	MODEL_CODECISION,
	MODEL_LEVEL_COUNT
} model_level;

/* "planerad", "pågående", ... as written in front matter. */
extern const char *const model_status_keys[MODEL_STATUS_COUNT];
/* "planerad", "pagaende", ... as used in addresses. */
extern const char *const model_status_slugs[MODEL_STATUS_COUNT];
extern const char *const model_level_keys[MODEL_LEVEL_COUNT];

/* ---- accountability: "Ni sa – vi gjorde" and the actions after a decision ----
 * The values are part of the open data (content-model.md): Swedish as
 * written in front matter, the same on every site. */
#define MODEL_MAX_YOU_SAID 20000 /* points of `you_said`; the 1 MiB file limit binds first */

typedef enum model_outcome {
	MODEL_OUTCOME_DONE,        /* genomförs */
	MODEL_OUTCOME_PARTLY,      /* delvis */
	MODEL_OUTCOME_NOT_DONE,    /* genomförs inte */
	MODEL_OUTCOME_DECIDED,     /* redan beslutat */
	MODEL_OUTCOME_OUT_OF_SCOPE, /* utanför frågan */
	MODEL_OUTCOME_STUDIED,     /* utreds */
	MODEL_OUTCOME_COUNT
} model_outcome;

typedef enum model_action_status {
	MODEL_ACTION_PLANNED, /* planerad */
	MODEL_ACTION_ONGOING, /* pågår */
	MODEL_ACTION_DONE,    /* klar */
	MODEL_ACTION_STOPPED, /* stoppad */
	MODEL_ACTION_STATUS_COUNT
} model_action_status;

extern const char *const model_outcome_keys[MODEL_OUTCOME_COUNT];
extern const char *const model_action_status_keys[MODEL_ACTION_STATUS_COUNT];
/* The index of an outcome or action status as written, or -1. */
int model_outcome_of(const char *s);
int model_action_status_of(const char *s);
/* Whether a point's outcome changed the proposal: "genomförs" and
 * "delvis" do ("x av y synpunkter ändrade förslaget"). */
int model_outcome_changed(model_outcome o);
/* `internal.delivery_status`: the follow-up's traffic light (Bilaga D). */
typedef enum model_delivery_status {
	MODEL_DELIVERY_GREEN,
	MODEL_DELIVERY_YELLOW,
	MODEL_DELIVERY_RED,
	MODEL_DELIVERY_STATUS_COUNT
} model_delivery_status;
/* "grön", "gul", "röd" as written in front matter. */
extern const char *const model_delivery_status_keys[MODEL_DELIVERY_STATUS_COUNT];

/* `kind`: what sort of dialogue this is (content-model.md). */
typedef enum model_kind {
	MODEL_KIND_CITIZEN,     /* medborgardialog, the default */
	MODEL_KIND_CONSULTATION, /* samråd */
	MODEL_KIND_USER,        /* brukardialog */
	MODEL_KIND_OPEN_CHANNEL, /* öppen kanal */
	MODEL_KIND_COUNT
} model_kind;
/* "medborgardialog", "samråd", "brukardialog", "öppen kanal". */
extern const char *const model_kind_keys[MODEL_KIND_COUNT];
/* The index of a kind as written, or -1. */
int model_kind_of(const char *s);

/* `participant_profile` (a dialogue) and `population` (site.yaml): counts
 * and shares per group, per dimension (age, gender, area or any other
 * key). Bounded so that a hostile file cannot make a page of thousands of
 * rows: a real profile has a handful of dimensions of a few groups. */
#define MODEL_MAX_PROFILE_DIMENSIONS 10
#define MODEL_MAX_PROFILE_GROUPS 100
#define MODEL_MAX_PROFILE_COUNT 1000000000 /* participants in one group */
#define MODEL_PRIVACY_THRESHOLD 5          /* privacy_threshold's default */
/* A meeting's `state` (content-model.md): `start` is always the time the
 * meeting is (now) held; flyttat says it moved, its `note` from where. */
typedef enum model_meeting_state {
	MODEL_MEETING_PLANNED,   /* planerat, the default */
	MODEL_MEETING_CANCELLED, /* inställt */
	MODEL_MEETING_MOVED,     /* flyttat */
	MODEL_MEETING_STATE_COUNT
} model_meeting_state;
/* "planerat", "inställt", "flyttat"; and as in addresses and feed ids. */
extern const char *const model_meeting_state_keys[MODEL_MEETING_STATE_COUNT];
extern const char *const model_meeting_state_slugs[MODEL_MEETING_STATE_COUNT];
/* The state of a meeting (a map of `meetings`): planerat when absent or
 * not one of the keys (model.c reported it). */
model_meeting_state model_meeting_state_of(const value *meeting);
/* The four `access` values with labels of their own: "rullstol",
 * "hörslinga", "teckenspråkstolk", "barnpassning"; others are free text. */
#define MODEL_ACCESS_KNOWN 4
extern const char *const model_access_keys[MODEL_ACCESS_KNOWN];

#define MODEL_SECTION_TEXT 400

typedef struct model_dialogue {
	char *slug;
	char *lang;      /* the page's language ("sv", or a translation's code) */
	char *path;      /* repository path of the Markdown file */
	char *bundle;    /* repository path of the bundle folder, or NULL */
	value *fm;       /* front matter (a translation's merged over the original's) */
	model_level level;
	model_status status;
	int status_explicit;
	int start, end, feedback_due, feedback_date; /* DATE_NONE when absent */
	int feedback_overdue;  /* finished, no feedback, past the deadline */
	int feedback_deadline; /* the date feedback was due, or DATE_NONE */
	int draft;
	int is_translation;
	/* The file's text as checked at load, for model_dialogue_render. */
	size_t text_size;
	unsigned long long text_hash;
	/* File line of each section's heading (markdown_doc), 0 when absent. */
	int section_line[MARKDOWN_SECTION_COUNT];
	int has_easy_read;
	/* A section's first MODEL_SECTION_TEXT characters as plain text (NULL
	 * when absent), for feed summaries: the HTML is rendered again for the
	 * page itself (model_dialogue_render), not kept. */
	char *section_text[MARKDOWN_SECTION_COUNT];
	/* The body's headings and its first paragraph as plain text, for the
	 * search index (search.h): the whole body made the index twenty
	 * times larger than its budget. Never NULL once loaded. */
	char *lead_text;
	/* From git history (model_apply_history); NULL without history. */
	const struct history_file *history;
	int feedback_date_from_git; /* feedback_date came from history, not front matter */
	/* Addresses in the body and easy_read that may lead into the site,
	 * checked once every file is loaded; freed with the model. */
	markdown_link *links;
	size_t n_links;
	/* `internal` (the follow-up for trappa report), taken out of fm at
	 * load so that nothing rendering fm can publish it; NULL when absent.
	 * Never read by facts, export, pages or search. */
	value *internal;
} model_dialogue;

/* A dialogue's kind as it counts: medborgardialog when `kind` is absent
 * (or unreadable: reported at load). */
model_kind model_dialogue_kind(const model_dialogue *d);
/* Whether `continuous: true` (löpande, always open). */
int model_dialogue_continuous(const model_dialogue *d);
/* Whether `politicians` names anyone. */
int model_dialogue_has_politicians(const model_dialogue *d);
/* Whether the dialogue has an `evaluation`. */
int model_dialogue_evaluated(const model_dialogue *d);

typedef struct model_page {
	char *slug;
	const char *lang; /* lang_code of its `lang` ("sv" or "en"), or the site's */
	char *path;
	value *fm;
	int menu; /* order in the main menu; 0 = not in the menu */
	markdown_doc body;
} model_page;

typedef struct model_file {
	char *src;  /* repository path */
	char *dest; /* output path */
	size_t size;
} model_file;

typedef struct model_site {
	value *config;    /* site.yaml */
	const char *lang; /* lang_code of site.yaml `language`: "sv" (the default) or "en" */
	const char *timezone;
	const char *theme;
	int today;
	int overdue_limit; /* feedback_overdue_days */
	int page_size;
	/* privacy_threshold: groups with fewer participants (and more than
	 * none) are never shown exactly (facts_profile). */
	int privacy_threshold;
	char *content_dir;
	model_dialogue *dialogues; /* originals first, sorted by slug; then translations */
	size_t n_dialogues;
	size_t n_originals;        /* dialogues[0..n_originals) are the originals */
	model_page *pages; /* sorted by slug */
	size_t n_pages;
	model_file *files; /* bundle and static files to copy */
	size_t n_files;
	size_t files_cap, pages_cap;
	/* Folders nested deeper than SOURCE_MAX_DEPTH (reported): the git
	 * history of such a tree is not walked. */
	int too_deep;
	/* Dialogues restored from the model cache rather than loaded. */
	size_t n_from_cache;
} model_site;

typedef struct model_options {
	const char *content_dir; /* default "content" */
	const char *today;       /* YYYY-MM-DD, or NULL */
	/* A folder for the model cache (modelcache.h), or NULL: what each
	 * dialogue's file loaded to, by blob id, so that an unchanged file is
	 * neither read nor parsed nor checked again. Written on every load
	 * from a commit; read only when cache_read is set (not for --full). */
	const char *cache_dir;
	int cache_read;
} model_options;

/* The language a dialogue's or a free page's output is in: "sv" or "en",
 * the code lang.h gives (a page's `lang` "en-GB" is "en"; it is validated
 * at load). Every page, feed and export asks these instead of reading
 * `lang` itself; which language a code is, lang.h answers. */
const char *model_dialogue_lang(const model_dialogue *d);
const char *model_page_lang(const model_site *site, const model_page *pg);

/* Returns 0 when the site could be read (check diags->errors for content
 * errors), negative on I/O failure. */
int model_load(model_site *out, diag_list *diags, source *src, const model_options *opts);
void model_free(model_site *site);

/* Attaches git history to every dialogue: feedback_date from the commit
 * where the Återkoppling section first appeared (when the front matter
 * has none and the section exists), and a warning for a level changed
 * after the dialogue started that neither the commit message nor
 * level_reason explains. `h` may be NULL (work tree: no history). */
void model_apply_history(model_site *site, diag_list *diags, const struct history *h);

/* What to call the responsible body on a page: the committee's full name,
 * or the `responsible` text itself when it names no committee; "" for
 * NULL. Never NULL, so every page, list and feed names it the same way. */
/* Renders d's Markdown again, as at load: the body (with its sections
 * taken out) and the easy-read text, for its page. Reads the file from src
 * again; the model keeps only what lists and feeds need. Diagnostics were
 * reported at load and are dropped here. Safe from several threads.
 * Returns 0, or -1 when the file cannot be read any more or is no longer
 * the text that was checked (a work-tree file saved during the build). */
/* The ids a dialogue page's template writes itself (NULL-terminated):
 * reserved before its Markdown is rendered, so that a heading in the text
 * called "Syfte" gets "syfte-2", never the section's "syfte". A unit test
 * holds the default theme's templates to this list. */
extern const char *const model_dialogue_ids[];
int model_dialogue_render(markdown_doc *body, markdown_doc *easy_read, source *src,
			  const model_dialogue *d);
const char *model_responsible_name(const model_site *site, const char *responsible);
/* The committee's full name for a `responsible` value (NULL: unknown). */
const char *model_committee_name(const model_site *site, const char *responsible);
/* Looks a dialogue up by slug among the originals (binary search); NULL
 * when absent. */
const model_dialogue *model_find_dialogue(const model_site *site, const char *slug);
/* The JSON Schema (draft-07) of a dialogue's, a translation's and a free
 * page's front matter, from the same field tables the checks use: for
 * editors and tools (trappa schema). */
int model_schema(buf *out);
/* Edit distance, for "did you mean" suggestions. */
size_t model_edit_distance(const char *a, const char *b);

#endif

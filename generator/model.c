#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmark.h>
#include <xxhash.h>
#include <yaml.h>

#include "date.h"
#include "frontmatter.h"
#include "history.h"
#include "lang.h"
#include "mem.h"
#include "modelcache.h"
#include "output.h"
#include "pack.h"
#include "slug.h"
#include "utf8.h"

const char *const model_status_keys[MODEL_STATUS_COUNT] = { "planerad", "pågående", "avslutad",
							    "pausad", "inställd" };
const char *const model_status_slugs[MODEL_STATUS_COUNT] = { "planerad", "pagaende", "avslutad",
							     "pausad", "installd" };

const char *model_dialogue_lang(const model_dialogue *d)
{
	const char *code = lang_code(d->lang);
	return code ? code : "sv";
}

const char *model_page_lang(const model_site *site, const model_page *pg)
{
	const char *code = lang_code(pg->lang ? pg->lang : site->lang);
	return code ? code : "sv";
}

const char *const model_level_keys[MODEL_LEVEL_COUNT] = { "information", "konsultation", "dialog",
							  "inflytande", "medbeslutande" };

/* ---- field schemas ------------------------------------------------------ */

typedef enum field_type {
	F_TEXT,     /* a string */
	F_DATE,     /* YYYY-MM-DD */
	F_DATETIME, /* YYYY-MM-DDTHH:MM, or a date */
	F_INT,      /* a whole number >= 0 */
	F_BOOL,
	F_URL,      /* http(s) or mailto address */
	F_EMAIL,
	F_TEXTLIST, /* a list of strings */
	F_MAP,      /* checked against `sub` */
	F_MAPLIST,  /* a list of maps checked against `sub` */
	F_TEXTMAP,  /* a map of string -> string (committees) */
	F_ANYMAP    /* a map checked elsewhere */
} field_type;

typedef enum field_need { OPTIONAL, REQUIRED, ADVISED } field_need;

typedef struct field {
	const char *key;
	field_type type;
	field_need need;
	const struct field *sub; /* for F_MAP, F_MAPLIST; NULL-key terminated */
	int multiline;           /* F_TEXT(LIST): may hold line breaks and tabs (running text) */
} field;

static const field contact_fields[] = {
	{ "name", F_TEXT, REQUIRED, NULL, 0 },
	{ "email", F_EMAIL, OPTIONAL, NULL, 0 },
	{ "phone", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field meeting_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },   { "start", F_DATETIME, REQUIRED, NULL, 0 },
	{ "end", F_DATETIME, OPTIONAL, NULL, 0 }, { "place", F_TEXT, OPTIONAL, NULL, 0 },
	{ "url", F_URL, OPTIONAL, NULL, 0 },      { "description", F_TEXT, OPTIONAL, NULL, 1 },
	/* Practicalities and state (check_meeting_extras). */
	{ "access", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "registration", F_TEXT, OPTIONAL, NULL, 0 },
	{ "language", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "state", F_TEXT, OPTIONAL, NULL, 0 },
	{ "note", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

const char *const model_meeting_state_keys[MODEL_MEETING_STATE_COUNT] = { "planerat", "inställt",
									   "flyttat" };
const char *const model_meeting_state_slugs[MODEL_MEETING_STATE_COUNT] = { "planerat", "installt",
									    "flyttat" };
const char *const model_access_keys[MODEL_ACCESS_KNOWN] = { "rullstol", "hörslinga",
							     "teckenspråkstolk", "barnpassning" };

static const field document_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },
	{ "file", F_TEXT, OPTIONAL, NULL, 0 },
	{ "url", F_URL, OPTIONAL, NULL, 0 },
	{ "format", F_TEXT, OPTIONAL, NULL, 0 },
	{ "size", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field phase_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },
	{ "start", F_DATE, OPTIONAL, NULL, 0 },
	{ "end", F_DATE, OPTIONAL, NULL, 0 },
	{ "description", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field decision_fields[] = {
	{ "date", F_DATE, OPTIONAL, NULL, 0 }, { "body", F_TEXT, OPTIONAL, NULL, 0 },
	{ "ref", F_TEXT, OPTIONAL, NULL, 0 },  { "url", F_URL, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

/* `feedback_delay`: why feedback promised by feedback_due is late, and
 * when it now comes; the page shows both beside the days late. */
static const field feedback_delay_fields[] = {
	{ "reason", F_TEXT, REQUIRED, NULL, 1 },
	/* Required: an explanation without a new promise is no promise
	 * (GOV.UK: "an explanation of the delay with a new estimate"). */
	{ "new_date", F_DATE, REQUIRED, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

/* `updates`: dated public notes, the dialogue's public change log (plain
 * text; see check_updates). */
static const field update_fields[] = {
	{ "date", F_DATE, REQUIRED, NULL, 0 },
	{ "text", F_TEXT, REQUIRED, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

/* ---- accountability fields (content-model.md) ----------------------------- */

/* `you_said`: "Ni sa – vi gjorde", each point with what became of it. */
static const field you_said_fields[] = {
	{ "said", F_TEXT, REQUIRED, NULL, 1 },
	{ "count", F_INT, OPTIONAL, NULL, 0 },
	{ "outcome", F_TEXT, REQUIRED, NULL, 0 },
	{ "response", F_TEXT, REQUIRED, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

/* `actions`: what is done after the decision (check_actions). */
static const field action_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },
	{ "status", F_TEXT, REQUIRED, NULL, 0 },
	{ "due", F_DATE, OPTIONAL, NULL, 0 },
	{ "done", F_DATE, OPTIONAL, NULL, 0 },
	{ "progress", F_INT, OPTIONAL, NULL, 0 },
	{ "note", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

const char *const model_outcome_keys[MODEL_OUTCOME_COUNT] = {
	"genomförs", "delvis", "genomförs inte", "redan beslutat", "utanför frågan", "utreds"
};
const char *const model_action_status_keys[MODEL_ACTION_STATUS_COUNT] = { "planerad", "pågår",
									   "klar", "stoppad" };

static int key_index(const char *const *keys, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(keys[i], s))
			return (int)i;
	return -1;
}

int model_outcome_of(const char *s)
{
	return key_index(model_outcome_keys, MODEL_OUTCOME_COUNT, s);
}

int model_action_status_of(const char *s)
{
	return key_index(model_action_status_keys, MODEL_ACTION_STATUS_COUNT, s);
}

int model_outcome_changed(model_outcome o)
{
	return o == MODEL_OUTCOME_DONE || o == MODEL_OUTCOME_PARTLY;
}

model_meeting_state model_meeting_state_of(const value *meeting)
{
	int k = key_index(model_meeting_state_keys, MODEL_MEETING_STATE_COUNT,
			  value_string(value_map_get(meeting, "state")));
	return k < 0 ? MODEL_MEETING_PLANNED : (model_meeting_state)k;
}

/* `internal`: the central office's follow-up (Bilaga D). Validated like
 * every field, then taken out of the front matter (take_internal), so no
 * page, feed or export that reads `fm` can publish it; only trappa report
 * reads it. */
static const field internal_fields[] = {
	{ "officer", F_TEXT, OPTIONAL, NULL, 0 },
	{ "reports_to", F_TEXT, OPTIONAL, NULL, 0 },
	{ "delivery", F_DATE, OPTIONAL, NULL, 0 },
	{ "delivery_status", F_TEXT, OPTIONAL, NULL, 0 },
	{ "comment", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

const char *const model_delivery_status_keys[MODEL_DELIVERY_STATUS_COUNT] = { "grön", "gul", "röd" };

/* `children`: were children heard (barnrättslagen); `heard` is the fact
 * the statistics count, so it is required once the map is there. */
static const field children_fields[] = {
	{ "heard", F_BOOL, REQUIRED, NULL, 0 },
	{ "how", F_TEXT, OPTIONAL, NULL, 1 },
	{ "assessment", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

/* `evaluation`: the dialogue's own evaluation; the report is a link or a
 * file in the bundle (check_evaluation). */
static const field evaluation_fields[] = {
	{ "date", F_DATE, OPTIONAL, NULL, 0 },
	{ "summary", F_TEXT, REQUIRED, NULL, 1 },
	{ "url", F_URL, OPTIONAL, NULL, 0 },
	{ "file", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

const char *const model_kind_keys[MODEL_KIND_COUNT] = { "medborgardialog", "samråd",
							 "brukardialog", "öppen kanal" };

int model_kind_of(const char *s)
{
	return key_index(model_kind_keys, MODEL_KIND_COUNT, s);
}

model_kind model_dialogue_kind(const model_dialogue *d)
{
	int k = model_kind_of(value_string(value_map_get(d->fm, "kind")));

	return k < 0 ? MODEL_KIND_CITIZEN : (model_kind)k;
}

int model_dialogue_continuous(const model_dialogue *d)
{
	const value *v = value_map_get(d->fm, "continuous");

	return v && v->type == VALUE_BOOL && v->u.boolean;
}

int model_dialogue_has_politicians(const model_dialogue *d)
{
	const value *v = value_map_get(d->fm, "politicians");

	return (value_string(v) && *value_string(v)) || value_list_len(v) > 0;
}

int model_dialogue_evaluated(const model_dialogue *d)
{
	const value *v = value_map_get(d->fm, "evaluation");

	return v && v->type == VALUE_MAP;
}

static const field dialogue_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },
	{ "summary", F_TEXT, REQUIRED, NULL, 1 },
	{ "level", F_TEXT, REQUIRED, NULL, 0 },
	{ "level_reason", F_TEXT, ADVISED, NULL, 1 },
	{ "influence", F_TEXT, ADVISED, NULL, 1 },
	{ "decided", F_TEXT, OPTIONAL, NULL, 1 },
	{ "purpose", F_TEXT, ADVISED, NULL, 1 },
	{ "responsible", F_TEXT, REQUIRED, NULL, 0 },
	{ "administration", F_TEXT, OPTIONAL, NULL, 0 },
	{ "contact", F_MAP, REQUIRED, contact_fields, 0 },
	{ "case_numbers", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "internal", F_MAP, OPTIONAL, internal_fields, 0 },
	{ "start", F_DATE, OPTIONAL, NULL, 0 },
	{ "end", F_DATE, OPTIONAL, NULL, 0 },
	{ "status", F_TEXT, OPTIONAL, NULL, 0 },
	{ "areas", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "themes", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "target_groups", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "methods", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "participants", F_INT, OPTIONAL, NULL, 0 },
	{ "meetings", F_MAPLIST, OPTIONAL, meeting_fields, 0 },
	{ "documents", F_MAPLIST, OPTIONAL, document_fields, 0 },
	{ "phases", F_MAPLIST, OPTIONAL, phase_fields, 0 },
	{ "updates", F_MAPLIST, OPTIONAL, update_fields, 0 },
	{ "feedback_due", F_DATE, OPTIONAL, NULL, 0 },
	{ "feedback_date", F_DATE, OPTIONAL, NULL, 0 },
	{ "feedback_delay", F_MAP, OPTIONAL, feedback_delay_fields, 0 },
	{ "feedback_plan", F_TEXT, OPTIONAL, NULL, 1 },
	{ "you_said", F_MAPLIST, OPTIONAL, you_said_fields, 0 },
	{ "actions", F_MAPLIST, OPTIONAL, action_fields, 0 },
	{ "decision", F_MAP, OPTIONAL, decision_fields, 0 },
	{ "related", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "easy_read", F_TEXT, OPTIONAL, NULL, 1 },
	{ "draft", F_BOOL, OPTIONAL, NULL, 0 },
	{ "kind", F_TEXT, OPTIONAL, NULL, 0 },
	{ "continuous", F_BOOL, OPTIONAL, NULL, 0 },
	{ "politicians", F_TEXTLIST, OPTIONAL, NULL, 0 },
	{ "children", F_MAP, OPTIONAL, children_fields, 0 },
	{ "evaluation", F_MAP, OPTIONAL, evaluation_fields, 0 },
	{ "participant_profile", F_ANYMAP, OPTIONAL, NULL, 0 }, /* check_profile */
	{ NULL, 0, 0, NULL, 0 },
};

static const field page_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 }, { "summary", F_TEXT, OPTIONAL, NULL, 1 },
	{ "menu", F_INT, OPTIONAL, NULL, 0 },   { "lang", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field site_contact_fields[] = {
	{ "email", F_EMAIL, OPTIONAL, NULL, 0 },
	{ "phone", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field open_data_fields[] = {
	{ "license", F_TEXT, OPTIONAL, NULL, 0 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field accessibility_fields[] = {
	{ "conformance", F_TEXT, OPTIONAL, NULL, 0 },  { "assessed", F_DATE, OPTIONAL, NULL, 0 },
	{ "method", F_TEXT, OPTIONAL, NULL, 1 },    { "known_issues", F_TEXTLIST, OPTIONAL, NULL, 1 },
	{ "feedback_email", F_EMAIL, OPTIONAL, NULL, 0 }, { NULL, 0, 0, NULL, 0 },
};

static const field level_text_fields[] = {
	{ "label", F_TEXT, OPTIONAL, NULL, 0 },
	{ "description", F_TEXT, OPTIONAL, NULL, 1 },
	{ "promise", F_TEXT, OPTIONAL, NULL, 1 },
	{ NULL, 0, 0, NULL, 0 },
};

static const field site_fields[] = {
	{ "title", F_TEXT, REQUIRED, NULL, 0 },
	{ "municipality", F_TEXT, REQUIRED, NULL, 0 },
	{ "base_url", F_URL, REQUIRED, NULL, 0 },
	{ "language", F_TEXT, OPTIONAL, NULL, 0 },
	{ "timezone", F_TEXT, OPTIONAL, NULL, 0 },
	{ "theme", F_TEXT, OPTIONAL, NULL, 0 },
	{ "description", F_TEXT, OPTIONAL, NULL, 1 },
	{ "contact", F_MAP, OPTIONAL, site_contact_fields, 0 },
	{ "committees", F_TEXTMAP, OPTIONAL, NULL, 0 },
	{ "levels", F_ANYMAP, OPTIONAL, NULL, 0 },
	{ "feedback_overdue_days", F_INT, OPTIONAL, NULL, 0 },
	{ "page_size", F_INT, OPTIONAL, NULL, 0 },
	{ "open_data", F_MAP, OPTIONAL, open_data_fields, 0 },
	{ "accessibility", F_MAP, OPTIONAL, accessibility_fields, 0 },
	{ "strings", F_TEXTMAP, OPTIONAL, NULL, 0 },
	{ "history_url", F_URL, OPTIONAL, NULL, 0 },
	{ "population", F_ANYMAP, OPTIONAL, NULL, 0 }, /* check_site_population */
	{ "privacy_threshold", F_INT, OPTIONAL, NULL, 0 },
	{ "case_url_template", F_URL, OPTIONAL, NULL, 0 }, /* check_site_case_url */
	{ NULL, 0, 0, NULL, 0 },
};

/* ---- helpers -------------------------------------------------------------- */

typedef struct loader {
	model_site *site;
	diag_list *diags;
	source *src;
	buf scratch;
	int inherits; /* checking a translation: required fields come from the original */
	modelcache *cache; /* NULL: every file is loaded */
} loader;

size_t model_edit_distance(const char *a, const char *b)
{
	return utf8_edit_distance(a, b);
}

/* The closest of `names` to `word` when close enough to be a typo. */
static const char *suggest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i;
	size_t limit = strlen(word) <= 4 ? 1 : strlen(word) <= 8 ? 2 : 3;

	for (i = 0; i < n; i++) {
		size_t d = model_edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

static const char *type_name_sv(field_type t)
{
	switch (t) {
	case F_DATE: return "ett datum (ÅÅÅÅ-MM-DD)";
	case F_DATETIME: return "en tidpunkt (\"ÅÅÅÅ-MM-DDTTT:MM\")";
	case F_INT: return "ett heltal";
	case F_BOOL: return "true eller false";
	case F_TEXTLIST: return "en lista med texter ([a, b])";
	case F_MAP: case F_ANYMAP: case F_TEXTMAP: return "en tabell med nycklar";
	case F_MAPLIST: return "en lista med tabeller";
	default: return "en text";
	}
}

static const char *type_name_en(field_type t)
{
	switch (t) {
	case F_DATE: return "a date (YYYY-MM-DD)";
	case F_DATETIME: return "a date and time (\"YYYY-MM-DDTHH:MM\")";
	case F_INT: return "a whole number";
	case F_BOOL: return "true or false";
	case F_TEXTLIST: return "a list of texts ([a, b])";
	case F_MAP: case F_ANYMAP: case F_TEXTMAP: return "a mapping of keys";
	case F_MAPLIST: return "a list of mappings";
	default: return "a text";
	}
}

static void type_error(loader *l, const char *path, const char *key, const value *v, field_type t)
{
	const char *hint_sv = "", *hint_en = "";

	if ((t == F_TEXT || t == F_EMAIL || t == F_URL) &&
	    (v->type == VALUE_NUMBER || v->type == VALUE_BOOL || v->type == VALUE_NULL)) {
		hint_sv = "; sätt värdet inom citattecken";
		hint_en = "; put the value in quotes";
	}
	DIAG_ERROR(l->diags, path, v->line, v->col, "\"%s\" ska vara %s%s",
		   "\"%s\" must be %s%s", key, diag_pick(type_name_sv(t), type_name_en(t)),
		   diag_pick(hint_sv, hint_en));
}

static int check_scalar(loader *l, const char *path, const char *key, const value *v,
			field_type t)
{
	const char *s = value_string(v);
	int day, minutes;

	switch (t) {
	case F_TEXT:
		if (!s)
			break;
		return 0;
	case F_DATE:
		if (!s)
			break;
		if (date_parse(&day, s) != 0) {
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "ogiltigt datum \"%s\" i \"%s\"; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-15",
				   "invalid date \"%s\" in \"%s\"; write YYYY-MM-DD, e.g. 2026-03-15", s,
				   key);
			return -1;
		}
		return 0;
	case F_DATETIME:
		if (!s)
			break;
		if (date_parse(&day, s) != 0 && date_parse_datetime(&day, &minutes, s) != 0) {
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "ogiltig tidpunkt \"%s\" i \"%s\"; skriv \"ÅÅÅÅ-MM-DDTTT:MM\", t.ex. "
				   "\"2026-03-15T18:00\"",
				   "invalid date and time \"%s\" in \"%s\"; write \"YYYY-MM-DDTHH:MM\", "
				   "e.g. \"2026-03-15T18:00\"",
				   s, key);
			return -1;
		}
		return 0;
	case F_INT:
		if (v->type != VALUE_NUMBER || v->u.number < 0 || v->u.number > 1e9 ||
		    v->u.number != floor(v->u.number))
			break;
		return 0;
	case F_BOOL:
		if (v->type != VALUE_BOOL)
			break;
		return 0;
	case F_URL:
		if (!s)
			break;
		if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7) && strncmp(s, "mailto:", 7)) {
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "\"%s\" ska vara en fullständig adress som börjar med https://",
				   "\"%s\" must be a full address starting with https://", key);
			return -1;
		}
		return 0;
	case F_EMAIL:
		if (!s)
			break;
		if (!strncmp(s, "mailto:", 7)) {
			/* The page adds mailto: itself: "mailto:mailto:..." */
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "\"%s\" ska vara bara e-postadressen, utan mailto: (sidan lägger "
				   "till det själv); skriv %s",
				   "\"%s\" must be the e-mail address alone, without mailto: (the page "
				   "adds it itself); write %s",
				   key, s + 7);
			return -1;
		}
		if (!strchr(s, '@') || strchr(s, ' ') || s[0] == '@') {
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "\"%s\" är ingen giltig e-postadress", "\"%s\" is not a valid e-mail address",
				   s);
			return -1;
		}
		return 0;
	default:
		return 0;
	}
	type_error(l, path, key, v, t);
	return -1;
}

static int check_fields(loader *l, const char *path, const value *map, const field *fields);

/* A one-line field (a title, a name, a facet value) may not hold a line
 * break or a tab: it would reach <title>, a heading or a calendar line. A
 * block scalar's final line breaks are not part of the text's meaning. */
static int check_one_line(loader *l, const char *path, const field *f, const value *v)
{
	size_t n;

	if (f->multiline || v->type != VALUE_STRING)
		return 0;
	for (n = v->u.str.len; n > 0 && v->u.str.ptr[n - 1] == '\n'; n--)
		;
	if (!memchr(v->u.str.ptr, '\n', n) && !memchr(v->u.str.ptr, '\t', n))
		return 0;
	DIAG_ERROR(l->diags, path, v->line, v->col,
		   "\"%s\" ska vara en enda rad: radbrytningar och tabbtecken hör bara hemma i "
		   "löptext",
		   "\"%s\" must be a single line: line breaks and tabs belong in running text only",
		   f->key);
	return -1;
}

/* How many items a list field may have. Every value of a facet field
 * makes a page of its own, so those are few. */
static size_t list_limit(const field *f)
{
	static const char *const facets[] = { "areas", "themes", "target_groups", "methods" };
	size_t i;

	for (i = 0; i < sizeof(facets) / sizeof(facets[0]); i++)
		if (!strcmp(f->key, facets[i]))
			return MODEL_MAX_FACET_VALUES;
	/* Every point people raised: a large dialogue has thousands. */
	if (f->sub == you_said_fields)
		return MODEL_MAX_YOU_SAID;
	return MODEL_MAX_LIST;
}

static int check_list_length(loader *l, const char *path, const field *f, const value *v)
{
	size_t limit = list_limit(f);

	if (v->u.list.len <= limit)
		return 0;
	DIAG_ERROR(l->diags, path, v->line, v->col, "\"%s\" har %zu värden; högst %zu är tillåtna",
		   "\"%s\" has %zu values; at most %zu are allowed", f->key, v->u.list.len, limit);
	return -1;
}

static int check_value(loader *l, const char *path, const field *f, const value *v)
{
	size_t i;
	int error = 0;

	switch (f->type) {
	case F_TEXTLIST:
		if (v->type == VALUE_STRING) /* a single text is a list of one */
			return check_one_line(l, path, f, v);
		if (v->type != VALUE_LIST) {
			type_error(l, path, f->key, v, f->type);
			return -1;
		}
		if (check_list_length(l, path, f, v) != 0)
			return -1;
		for (i = 0; i < v->u.list.len; i++) {
			const value *item = v->u.list.items[i];
			if (check_scalar(l, path, f->key, item, F_TEXT) != 0)
				error = -1;
			else
				error |= check_one_line(l, path, f, item);
		}
		return error;
	case F_MAP:
		if (v->type != VALUE_MAP) {
			type_error(l, path, f->key, v, f->type);
			return -1;
		}
		return check_fields(l, path, v, f->sub);
	case F_MAPLIST:
		if (v->type != VALUE_LIST) {
			type_error(l, path, f->key, v, f->type);
			return -1;
		}
		if (check_list_length(l, path, f, v) != 0)
			return -1;
		for (i = 0; i < v->u.list.len; i++) {
			const value *item = v->u.list.items[i];
			if (item->type != VALUE_MAP) {
				type_error(l, path, f->key, item, F_MAP);
				error = -1;
				continue;
			}
			error |= check_fields(l, path, item, f->sub);
		}
		return error;
	case F_TEXTMAP:
		if (v->type != VALUE_MAP) {
			type_error(l, path, f->key, v, f->type);
			return -1;
		}
		for (i = 0; i < v->u.map.len; i++)
			error |= check_scalar(l, path, v->u.map.pairs[i].key, v->u.map.pairs[i].val,
					      F_TEXT);
		return error;
	case F_ANYMAP:
		if (v->type != VALUE_MAP) {
			type_error(l, path, f->key, v, f->type);
			return -1;
		}
		return 0;
	default:
		if (check_scalar(l, path, f->key, v, f->type) != 0)
			return -1;
		return f->type == F_TEXT ? check_one_line(l, path, f, v) : 0;
	}
}

static int check_fields(loader *l, const char *path, const value *map, const field *fields)
{
	const char *names[64];
	size_t n = 0, i;
	const field *f;
	int error = 0;

	for (f = fields; f->key; f++)
		names[n++] = f->key;
	for (i = 0; i < map->u.map.len; i++) {
		const value_pair *p = &map->u.map.pairs[i];
		const field *match = NULL;

		for (f = fields; f->key; f++)
			if (!strcmp(f->key, p->key))
				match = f;
		if (!match) {
			const char *s = suggest(p->key, names, n);
			if (s)
				DIAG_ERROR(l->diags, path, p->line, p->col,
					   "okänd nyckel \"%s\"; menade du \"%s\"?",
					   "unknown key \"%s\"; did you mean \"%s\"?", p->key, s);
			else
				DIAG_ERROR(l->diags, path, p->line, p->col, "okänd nyckel \"%s\"",
					   "unknown key \"%s\"", p->key);
			error = -1;
			continue;
		}
		if (p->val->type == VALUE_NULL) {
			/* An empty field is absent: a required one is reported once, at its key. */
			if (match->need == REQUIRED && !l->inherits) {
				DIAG_ERROR(l->diags, path, p->line, p->col, "\"%s\" är tomt men krävs",
					   "\"%s\" is empty but required", p->key);
				error = -1;
			}
			continue;
		}
		error |= check_value(l, path, match, p->val);
	}
	for (f = fields; f->key; f++) {
		const value *v = value_map_get(map, f->key);
		if (v)
			continue;
		if (f->need == REQUIRED && !l->inherits) {
			DIAG_ERROR(l->diags, path, map->line, map->col, "\"%s\" saknas men krävs",
				   "\"%s\" is missing but required", f->key);
			error = -1;
		}
	}
	return error;
}

static const char *get_text(const value *map, const char *key)
{
	return value_string(value_map_get(map, key));
}

static int get_date(const value *map, const char *key)
{
	int d;
	const char *s = get_text(map, key);

	if (!s || date_parse(&d, s) != 0)
		return DATE_NONE;
	return d;
}

static const value *pos_of(const value *map, const char *key)
{
	const value *v = value_map_get(map, key);
	return v ? v : map;
}

/* Reports why source_read failed with rc (err: errno as it left it). */
static void read_error(loader *l, const char *path, int rc, int err, size_t limit)
{
	char id[41];
	const char *why = err ? strerror(err) : diag_pick("okänt fel", "unknown error");

	switch (rc) {
	case SOURCE_ENOTFOUND:
		DIAG_ERROR(l->diags, path, 0, 0, "filen finns inte", "the file does not exist");
		break;
	case SOURCE_EDAMAGED:
		if (source_file_id(id, l->src, path) != 0)
			id[0] = '\0';
		DIAG_ERROR(l->diags, path, 0, 0,
			   "git-objektet %s för filen är skadat (avkortat eller felaktigt); kör git "
			   "fsck och hämta objektet på nytt",
			   "the file's git object %s is damaged (truncated or corrupt); run git fsck "
			   "and fetch the object again",
			   id);
		break;
	case SOURCE_ETOOLARGE:
		DIAG_ERROR(l->diags, path, 0, 0, "filen är för stor (högst %zu byte)",
			   "the file is too large (at most %zu bytes)", limit);
		break;
	default:
		DIAG_ERROR(l->diags, path, 0, 0, "kan inte läsa filen: %s", "cannot read the file: %s",
			   why);
		break;
	}
}

/* Reads a Markdown file: size, UTF-8 and front matter. Returns the front
 * matter (an empty map when absent and allowed), or NULL after an error. */
static value *read_markdown(loader *l, buf *text, frontmatter_parts *parts, const char *path,
			    size_t size, int need_front_matter)
{
	value *fm = NULL;
	size_t bad;
	int rc;

	if (size > MODEL_MAX_MARKDOWN) {
		DIAG_ERROR(l->diags, path, 0, 0, "filen är för stor (%zu byte; högst %d)",
			   "the file is too large (%zu bytes; at most %d)", size, MODEL_MAX_MARKDOWN);
		return NULL;
	}
	rc = source_read_max(text, l->src, path, MODEL_MAX_MARKDOWN);
	if (rc != 0) {
		read_error(l, path, rc, errno, MODEL_MAX_MARKDOWN);
		return NULL;
	}
	if (text->size > MODEL_MAX_MARKDOWN) {
		DIAG_ERROR(l->diags, path, 0, 0, "filen är för stor (%zu byte; högst %d)",
			   "the file is too large (%zu bytes; at most %d)", text->size,
			   MODEL_MAX_MARKDOWN);
		return NULL;
	}
	if (utf8_validate(text->ptr, text->size, &bad) != 0) {
		int line, col;
		utf8_position(&line, &col, text->ptr, bad);
		DIAG_ERROR(l->diags, path, line, col,
			   "ogiltig UTF-8 (byte %zu); spara filen som UTF-8",
			   "invalid UTF-8 (byte %zu); save the file as UTF-8", bad);
		return NULL;
	}
	if (frontmatter_split(parts, l->diags, path, text->ptr, text->size) != 0)
		return NULL;
	if (!parts->yaml) {
		if (need_front_matter) {
			DIAG_ERROR(l->diags, path, 1, 1,
				   "filen saknar inledning (front matter): börja med en rad ---, "
				   "fälten, och en rad ---",
				   "the file has no front matter: start with a --- line, the fields, "
				   "and a --- line");
			return NULL;
		}
		return value_set_pos(value_new_map(), 1, 1);
	}
	if (frontmatter_parse_yaml(&fm, l->diags, path, parts->yaml, parts->yaml_len,
				   parts->yaml_line) != 0)
		return NULL;
	if (fm->type != VALUE_MAP) {
		DIAG_ERROR(l->diags, path, fm->line, fm->col,
			   "inledningen ska vara en tabell med nycklar (nyckel: värde)",
			   "the front matter must be a mapping of keys (key: value)");
		value_free(fm);
		return NULL;
	}
	return fm;
}

/* ---- site.yaml -------------------------------------------------------------- */

/* glibc silently treats an unknown zone as UTC: check the zone file. */
static int timezone_exists(const char *tz)
{
	buf p = BUF_INIT;
	struct stat st;
	int ok;

	buf_printf(&p, "/usr/share/zoneinfo/%s", tz);
	ok = *tz && tz[0] != '/' && stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&p);
	return ok;
}

/* Reads and parses site.yaml into site->config (a mapping, even after an
 * error). 0, or -1 after an error. */
static int read_site_config(loader *l, const char *path)
{
	model_site *site = l->site;
	buf text = BUF_INIT;
	int error = -1, rc;
	size_t bad;

	rc = source_read_max(&text, l->src, path, MODEL_MAX_YAML);
	if (rc == SOURCE_ENOTFOUND) {
		DIAG_ERROR(l->diags, path, 0, 0,
			   "filen saknas: varje webbplats behöver %s med minst title, municipality "
			   "och base_url",
			   "the file is missing: every site needs %s with at least title, "
			   "municipality and base_url",
			   path);
		goto out;
	}
	if (rc != 0) { /* damaged, too large, unreadable: said as such, never "missing" */
		read_error(l, path, rc, errno, MODEL_MAX_YAML);
		goto out;
	}
	if (utf8_validate(text.ptr, text.size, &bad) != 0) {
		int line, col;
		utf8_position(&line, &col, text.ptr, bad);
		DIAG_ERROR(l->diags, path, line, col, "ogiltig UTF-8 (byte %zu)",
			   "invalid UTF-8 (byte %zu)", bad);
		goto out;
	}
	{
		const char *p = text.ptr;
		size_t n = text.size;
		if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			n -= 3;
		}
		if (frontmatter_parse_yaml(&site->config, l->diags, path, p, n, 1) != 0)
			goto out;
	}
	if (site->config->type != VALUE_MAP) {
		DIAG_ERROR(l->diags, path, 1, 1, "site.yaml ska vara en tabell med nycklar",
			   "site.yaml must be a mapping of keys");
		value_free(site->config); /* everything downstream expects a mapping */
		site->config = value_new_map();
		goto out;
	}
	error = 0;
out:
	buf_free(&text);
	return error;
}

/* A whole number from lo to hi in site.yaml's key goes to *dest; anything
 * else was reported (or is reported here) and the default stays. */
static void site_whole_number(loader *l, const char *path, const char *key, int lo, int hi,
			      int *dest)
{
	const value *v = value_map_get(l->site->config, key);

	if (v && v->type == VALUE_NUMBER && v->u.number >= lo && v->u.number <= hi &&
	    v->u.number == floor(v->u.number))
		*dest = (int)v->u.number;
	else if (v && v->type == VALUE_NUMBER)
		DIAG_ERROR(l->diags, path, v->line, v->col, "%s ska vara ett heltal från %d till %d",
			   "%s must be a whole number from %d to %d", key, lo, hi);
}

static void site_numbers(loader *l, const char *path)
{
	site_whole_number(l, path, "feedback_overdue_days", 0, 3650, &l->site->overdue_limit);
	site_whole_number(l, path, "page_size", 1, 10000, &l->site->page_size);
	site_whole_number(l, path, "privacy_threshold", 1, 1000, &l->site->privacy_threshold);
}

/* A map of groups in participant_profile or population: not too many
 * dimensions or groups, each dimension a map. 0 when v may be read on. */
static int check_group_map(loader *l, const char *path, const char *field_key, const char *within,
			   const value *v, size_t limit, const char *example)
{
	if (v->type != VALUE_MAP) {
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "\"%s\" i %s ska vara en tabell med grupper, t.ex. %s",
			   "\"%s\" in %s must be a mapping of groups, e.g. %s", field_key, within,
			   example);
		return -1;
	}
	if (v->u.map.len > limit) {
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "\"%s\" har %zu värden; högst %zu är tillåtna",
			   "\"%s\" has %zu values; at most %zu are allowed", field_key, v->u.map.len,
			   limit);
		return -1;
	}
	return 0;
}

/* site.yaml `population`: per dimension, each group's share of the
 * residents, from 0 to 1. A share written as per cent (15 for 0.15) is
 * the likely slip, so the error says what to write. Shares that do not add
 * up to about 1 are a warning only: a site may leave a group out. */
static void check_site_population(loader *l, const char *path)
{
	const value *pop = value_map_get(l->site->config, "population");
	size_t i, k;

	if (!pop || pop->type != VALUE_MAP ||
	    check_group_map(l, path, "population", "site.yaml", pop, MODEL_MAX_PROFILE_DIMENSIONS,
			    "{ age: { \"18-29\": 0.15 } }") != 0)
		return;
	for (i = 0; i < pop->u.map.len; i++) {
		const value_pair *dim = &pop->u.map.pairs[i];
		double sum = 0;
		int ok = 1;
		if (check_group_map(l, path, dim->key, "population", dim->val,
				    MODEL_MAX_PROFILE_GROUPS, "{ kvinna: 0.50, man: 0.50 }") != 0)
			continue;
		for (k = 0; k < dim->val->u.map.len; k++) {
			const value_pair *g = &dim->val->u.map.pairs[k];
			const value *v = g->val;
			if (v->type == VALUE_NUMBER && v->u.number >= 0 && v->u.number <= 1) {
				sum += v->u.number;
				continue;
			}
			ok = 0;
			if (v->type == VALUE_NUMBER && v->u.number > 1 && v->u.number <= 100)
				DIAG_ERROR(l->diags, path, v->line, v->col,
					   "andelen för \"%s\" i population.%s är %g; skriv den som ett "
					   "decimaltal från 0 till 1, t.ex. %g för %g procent",
					   "the share of \"%s\" in population.%s is %g; write it as a "
					   "decimal from 0 to 1, e.g. %g for %g per cent",
					   g->key, dim->key, v->u.number, v->u.number / 100, v->u.number);
			else
				DIAG_ERROR(l->diags, path, v->line, v->col,
					   "andelen för \"%s\" i population.%s ska vara ett decimaltal "
					   "från 0 till 1, t.ex. 0.15 för 15 procent",
					   "the share of \"%s\" in population.%s must be a decimal from "
					   "0 to 1, e.g. 0.15 for 15 per cent",
					   g->key, dim->key);
		}
		/* Shares rounded to two decimals add up to 1 within a few hundredths. */
		if (ok && dim->val->u.map.len && fabs(sum - 1) > 0.03)
			DIAG_WARNING(l->diags, path, dim->line, dim->col,
				     "andelarna i population.%s blir tillsammans %.2f, inte 1: "
				     "kontrollera siffrorna",
				     "the shares in population.%s add up to %.2f, not 1: check the "
				     "figures",
				     dim->key, sum);
	}
}

static void check_site_levels(loader *l, const char *path)
{
	const value *levels = value_map_get(l->site->config, "levels");
	size_t i, k;

	if (!levels || levels->type != VALUE_MAP)
		return;
	for (i = 0; i < levels->u.map.len; i++) {
		const value_pair *p = &levels->u.map.pairs[i];
		int known = 0;
		for (k = 0; k < MODEL_LEVEL_COUNT; k++)
			known |= !strcmp(p->key, model_level_keys[k]);
		if (!known) {
			const char *s = suggest(p->key, model_level_keys, MODEL_LEVEL_COUNT);
			DIAG_ERROR(l->diags, path, p->line, p->col, "okänt steg \"%s\"%s%s%s",
				   "unknown level \"%s\"%s%s%s", p->key,
				   s ? diag_pick("; menade du \"", "; did you mean \"") : "", s ? s : "",
				   s ? "\"?" : "");
			continue;
		}
		if (p->val->type != VALUE_MAP) {
			type_error(l, path, p->key, p->val, F_MAP);
			continue;
		}
		check_fields(l, path, p->val, level_text_fields);
	}
}

static void check_site_accessibility(loader *l, const char *path)
{
	const value *acc = value_map_get(l->site->config, "accessibility");
	const char *conf = get_text(acc, "conformance");

	if (conf && strcmp(conf, "helt förenlig") && strcmp(conf, "delvis förenlig") &&
	    strcmp(conf, "inte förenlig")) {
		const value *v = value_map_get(acc, "conformance");
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "conformance ska vara \"helt förenlig\", \"delvis förenlig\" eller "
			   "\"inte förenlig\"",
			   "conformance must be \"helt förenlig\", \"delvis förenlig\" or \"inte "
			   "förenlig\"");
	}
}

/* case_url_template: the municipality's diarium, where {case} is replaced
 * by a case number (URL-encoded). Exactly one {case}, in the path or the
 * query, so a case number can never change which host the link opens. */
static void check_site_case_url(loader *l, const char *path)
{
	const value *v = value_map_get(l->site->config, "case_url_template");
	const char *s = value_string(v), *at, *host_end;

	if (s && !strncmp(s, "mailto:", 7))
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "case_url_template ska vara en webbadress som börjar med https://, inte "
			   "en e-postadress",
			   "case_url_template must be a web address starting with https://, not an "
			   "e-mail address");
	if (!s || (strncmp(s, "https://", 8) && strncmp(s, "http://", 7)))
		return; /* absent, or reported above or by check_scalar */
	at = strstr(s, "{case}");
	host_end = strpbrk(strstr(s, "://") + 3, "/?#");
	if (!at)
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "case_url_template saknar {case}, platsen där diarienumret sätts in; "
			   "skriv t.ex. https://diarium.kommun.se/sok?q={case}",
			   "case_url_template lacks {case}, where the case number goes; write e.g. "
			   "https://diarium.kommun.se/sok?q={case}");
	else if (strstr(at + 6, "{case}"))
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "case_url_template har {case} mer än en gång; behåll en",
			   "case_url_template has {case} more than once; keep one");
	else if (!host_end || at < host_end)
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "{case} i case_url_template måste stå efter serverns namn (i sökvägen "
			   "eller frågan), t.ex. https://diarium.kommun.se/sok?q={case}",
			   "{case} in case_url_template must come after the server's name (in the "
			   "path or the query), e.g. https://diarium.kommun.se/sok?q={case}");
}

/* glibc silently treats an unknown zone as UTC: say so here. */
static void check_site_timezone(loader *l, const char *path)
{
	model_site *site = l->site;

	if (strstr(site->timezone, "..") || !timezone_exists(site->timezone)) {
		const value *v = pos_of(site->config, "timezone");
		struct stat st;
		if (stat("/usr/share/zoneinfo", &st) != 0)
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "tidszonerna saknas på datorn: installera paketet tzdata",
				   "the time zone database is missing: install the package tzdata");
		else
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "okänd tidszon \"%s\"; skriv t.ex. Europe/Stockholm",
				   "unknown time zone \"%s\"; write e.g. Europe/Stockholm", site->timezone);
		site->timezone = "Europe/Stockholm";
	}
}

static int load_site(loader *l, const char *content_dir, const model_options *opts)
{
	model_site *site = l->site;
	buf path = BUF_INIT;
	int error = -1;

	/* Today first, in the default zone, so that a broken site.yaml does not
	 * leave every date check comparing with 1970. */
	if (date_today(&site->today, opts->today, site->timezone) != 0) {
		DIAG_ERROR(l->diags, opts->today ? "--today" : "SOURCE_DATE_EPOCH", 0, 0,
			   "ogiltigt datum för i dag", "invalid date for today");
		goto out;
	}
	buf_printf(&path, "%s/site.yaml", content_dir);
	if (read_site_config(l, path.ptr) != 0)
		goto out;
	check_fields(l, path.ptr, site->config, site_fields);
	/* The code ("en" for "en-GB"), so every comparison of languages and
	 * every address (/en/...) sees the same two values. */
	site->lang = lang_code(get_text(site->config, "language") ? get_text(site->config, "language") : "sv");
	if (!site->lang) {
		DIAG_ERROR(l->diags, path.ptr, pos_of(site->config, "language")->line,
			   pos_of(site->config, "language")->col,
			   "språket \"%s\" stöds inte; välj sv eller en",
			   "language \"%s\" is not supported; choose sv or en",
			   get_text(site->config, "language"));
		site->lang = "sv";
	}
	site->timezone = get_text(site->config, "timezone") ? get_text(site->config, "timezone")
							     : "Europe/Stockholm";
	site->theme = get_text(site->config, "theme") ? get_text(site->config, "theme") : "default";
	if (!slug_is_valid(site->theme)) {
		DIAG_ERROR(l->diags, path.ptr, pos_of(site->config, "theme")->line,
			   pos_of(site->config, "theme")->col,
			   "temats namn får bara ha små bokstäver a-z, siffror och bindestreck",
			   "the theme name may only contain lower-case a-z, digits and hyphens");
		site->theme = "default";
	}
	site_numbers(l, path.ptr);
	check_site_population(l, path.ptr);
	check_site_levels(l, path.ptr);
	check_site_accessibility(l, path.ptr);
	check_site_case_url(l, path.ptr);
	check_site_timezone(l, path.ptr);
	if (date_today(&site->today, opts->today, site->timezone) != 0)
		goto out;
	error = 0;
out:
	buf_free(&path);
	return error;
}

/* ---- dialogues ---------------------------------------------------------------- */

static int find_key(const char *const *keys, size_t n, const char *s)
{
	return key_index(keys, n, s);
}

/* what_sv/what_en: "okänt steg"/"unknown level", with the adjective, since
 * Swedish inflects it by the noun's gender. */
static void enum_error(loader *l, const char *path, const value *v, const char *what_sv,
		       const char *what_en, const char *const *keys, size_t n)
{
	const char *s = suggest(value_string(v), keys, n);
	buf list = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", keys[i]);
	if (s)
		DIAG_ERROR(l->diags, path, v->line, v->col, "%s \"%s\"; menade du \"%s\"?",
			   "%s \"%s\"; did you mean \"%s\"?", diag_pick(what_sv, what_en),
			   value_string(v), s);
	else
		DIAG_ERROR(l->diags, path, v->line, v->col, "%s \"%s\"; välj en av: %s",
			   "%s \"%s\"; choose one of: %s", diag_pick(what_sv, what_en),
			   value_string(v), list.ptr);
	buf_free(&list);
}

static int derive_status(const model_site *site, const model_dialogue *d)
{
	if (d->start == DATE_NONE || d->start > site->today)
		return MODEL_PLANNED;
	if (d->end == DATE_NONE || d->end >= site->today)
		return MODEL_ONGOING;
	return MODEL_FINISHED;
}

/* A file: in front matter names a file in the dialogue's bundle. */
static void check_bundle_file(loader *l, const model_dialogue *d, const value *fv)
{
	const model_site *site = l->site;
	const char *file = value_string(fv);
	buf full = BUF_INIT;
	size_t j;
	int found = 0;

	if (!d->bundle) {
		DIAG_ERROR(l->diags, d->path, fv->line, fv->col,
			   "file: fungerar bara i ett paket: flytta texten till "
			   "dialoger/%s/index.md och lägg filen bredvid",
			   "file: works only in a bundle: move the text to "
			   "dialoger/%s/index.md and put the file beside it",
			   d->slug);
		return;
	}
	buf_printf(&full, "%s/%s", d->bundle, file);
	for (j = 0; j < site->n_files; j++)
		if (!strcmp(site->files[j].src, full.ptr))
			found = 1;
	if (!found || strstr(file, ".."))
		DIAG_ERROR(l->diags, d->path, fv->line, fv->col,
			   "dokumentfilen \"%s\" finns inte i paketet %s",
			   "the document file \"%s\" does not exist in the bundle %s", file,
			   d->bundle);
	buf_free(&full);
}

/* The evaluation report is a link or a file in the bundle, not both: one
 * place to read it. */
static void check_evaluation(loader *l, const model_dialogue *d)
{
	const value *ev = value_map_get(d->fm, "evaluation");
	const value *fv = value_map_get(ev, "file");

	if (!ev || ev->type != VALUE_MAP)
		return;
	if (value_string(fv) && get_text(ev, "url"))
		DIAG_ERROR(l->diags, d->path, fv->line, fv->col,
			   "utvärderingen har både file: och url:; behåll en av dem",
			   "the evaluation has both file: and url:; keep one of them");
	else if (value_string(fv))
		check_bundle_file(l, d, fv);
}

/* Every document needs file: (in the bundle) or url:, and the file must exist. */
static void check_documents(loader *l, model_dialogue *d)
{
	const value *fm = d->fm;
	const char *path = d->path;
	const value *v;

	v = value_map_get(fm, "documents");
	if (v && v->type == VALUE_LIST) {
		size_t i;
		for (i = 0; i < v->u.list.len; i++) {
			const value *doc = v->u.list.items[i];
			const char *file = get_text(doc, "file");
			if (doc->type != VALUE_MAP)
				continue;
			if (!file && !get_text(doc, "url")) {
				DIAG_ERROR(l->diags, path, doc->line, doc->col,
					   "dokumentet behöver file: (en fil i paketet) eller url:",
					   "the document needs file: (a file in the bundle) or url:");
				continue;
			}
			if (file)
				check_bundle_file(l, d, value_map_get(doc, "file"));
		}
	}
	check_evaluation(l, d);
}

/* A meeting's time must exist on the site's clock: one in the spring gap
 * (2027-03-28T02:30 in Stockholm) would be read an hour apart by
 * different calendars. One in the autumn's repeated hour is the earlier,
 * summer-time instant (as most calendar programs read it), said in a
 * warning. A start time without an end is an hour long in the calendar. */
static void check_meeting_time(loader *l, const char *path, const value *v, const char *key)
{
	const char *s = value_string(v);
	int day, minutes, kind;

	if (!s || date_parse_datetime(&day, &minutes, s) != 0)
		return;
	kind = date_local_time_kind(l->site->timezone, day, minutes);
	if (kind == DATE_LOCAL_GAP)
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "tidpunkten \"%s\" i \"%s\" finns inte i %s: klockan ställs fram en timme "
			   "den natten (sommartid) och hoppar över den; välj en tid före eller efter",
			   "the time \"%s\" in \"%s\" does not exist in %s: the clocks go forward an "
			   "hour that night (summer time) and skip it; choose a time before or after",
			   s, key, l->site->timezone);
	else if (kind == DATE_LOCAL_REPEATED)
		DIAG_WARNING(l->diags, path, v->line, v->col,
			     "tidpunkten \"%s\" i \"%s\" inträffar två gånger i %s (klockan ställs "
			     "tillbaka den natten); den första, på sommartid, gäller",
			     "the time \"%s\" in \"%s\" happens twice in %s (the clocks go back that "
			     "night); the first, in summer time, is meant",
			     s, key, l->site->timezone);
}

/* registration: an address (a link, "Anmäl dig") or a text saying how
 * to sign up. Something that looks like an address must be one a browser
 * opens safely: http or https. */
static void check_registration(loader *l, const char *path, const value *v)
{
	const char *s = value_string(v);
	size_t scheme = 0;

	if (!s)
		return;
	while (isalnum((unsigned char)s[scheme]) || s[scheme] == '+' || s[scheme] == '-' ||
	       s[scheme] == '.')
		scheme++;
	if (!strncmp(s, "www.", 4) && !strchr(s, ' '))
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "anmälan \"%s\" ser ut som en webbadress men saknar https://; menade du "
			   "\"https://%s\"?",
			   "the registration \"%s\" looks like a web address but lacks https://; did "
			   "you mean \"https://%s\"?",
			   s, s);
	else if (scheme > 0 && s[scheme] == ':' && !strchr(s, ' ') && strncmp(s, "https://", 8) &&
		 strncmp(s, "http://", 7))
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "anmälan \"%s\" är en adress som inte börjar med https:// eller http://; "
			   "skriv en webbadress, eller en text om hur man anmäler sig (t.ex. "
			   "\"Mejla anna@kommun.se senast 1 mars\")",
			   "the registration \"%s\" is an address that does not start with https:// "
			   "or http://; write a web address, or a text on how to sign up (e.g. "
			   "\"Mejla anna@kommun.se senast 1 mars\")",
			   s);
}

/* language: codes as in lang="" (ISO 639), which the page names; a
 * language's name written out gets its code suggested. */
static void check_meeting_languages(loader *l, const char *path, const value *list)
{
	size_t i;

	for (i = 0; i < value_items_len(list); i++) {
		const value *v = value_items_at(list, i);
		const char *s = value_string(v), *code;
		buf lower = BUF_INIT;
		size_t k;
		if (!s || lang_code_is_valid(s))
			continue;
		for (k = 0; s[k]; k++)
			buf_putc(&lower, (char)tolower((unsigned char)s[k]));
		code = lang_code_of_name(s);
		if (!code && lang_code_is_valid(lower.ptr))
			code = lower.ptr;
		if (code)
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "okänd språkkod \"%s\"; menade du \"%s\"?",
				   "unknown language code \"%s\"; did you mean \"%s\"?", s, code);
		else
			DIAG_ERROR(l->diags, path, v->line, v->col,
				   "okänd språkkod \"%s\"; skriv en kod med två eller tre små "
				   "bokstäver (ISO 639), t.ex. sv, ar, so eller fi",
				   "unknown language code \"%s\"; write a code of two or three lower-case "
				   "letters (ISO 639), e.g. sv, ar, so or fi",
				   s);
		buf_free(&lower);
	}
}

/* access: free texts; one close to a known value is likely a typo of it
 * and would lose its label (a warning: the text is shown as written). */
static void check_meeting_access(loader *l, const char *path, const value *list)
{
	size_t i;

	for (i = 0; i < value_items_len(list); i++) {
		const value *v = value_items_at(list, i);
		const char *s = value_string(v), *near;
		if (!s || key_index(model_access_keys, MODEL_ACCESS_KNOWN, s) >= 0)
			continue;
		near = suggest(s, model_access_keys, MODEL_ACCESS_KNOWN);
		if (near)
			DIAG_WARNING(l->diags, path, v->line, v->col,
				     "\"%s\" i access visas som det står; menade du \"%s\"?",
				     "\"%s\" in access is shown as written; did you mean \"%s\"?", s,
				     near);
	}
}

/* state, and the note a moved meeting needs: someone who noted the old
 * time must learn that it changed, and from where. */
static void check_meeting_state(loader *l, const char *path, const value *m)
{
	const value *state = value_map_get(m, "state");
	const char *s = value_string(state);

	if (s && key_index(model_meeting_state_keys, MODEL_MEETING_STATE_COUNT, s) < 0)
		enum_error(l, path, state, "okänt läge för mötet (state)", "unknown meeting state",
			   model_meeting_state_keys, MODEL_MEETING_STATE_COUNT);
	else if (s && !strcmp(s, "flyttat") && !get_text(m, "note"))
		DIAG_WARNING(l->diags, path, state->line, state->col,
			     "mötet är flyttat men har ingen note; skriv varifrån det flyttades och "
			     "varför, t.ex. \"Flyttat från 10 mars på grund av storm.\" (start är den "
			     "nya tiden)",
			     "the meeting is moved but has no note; write where it moved from and "
			     "why, e.g. \"Flyttat från 10 mars på grund av storm.\" (start is the new "
			     "time)");
}

static void check_meetings(loader *l, const model_dialogue *d)
{
	const value *list = value_map_get(d->fm, "meetings");
	size_t i;

	for (i = 0; i < value_list_len(list); i++) {
		const value *m = list->u.list.items[i];
		const value *start = value_map_get(m, "start"), *end = value_map_get(m, "end");
		int day, minutes;

		if (m->type != VALUE_MAP)
			continue;
		check_registration(l, d->path, value_map_get(m, "registration"));
		check_meeting_languages(l, d->path, value_map_get(m, "language"));
		check_meeting_access(l, d->path, value_map_get(m, "access"));
		check_meeting_state(l, d->path, m);
		check_meeting_time(l, d->path, start, "start");
		check_meeting_time(l, d->path, end, "end");
		if (value_string(start) &&
		    date_parse_datetime(&day, &minutes, value_string(start)) == 0 &&
		    (!end || end->type == VALUE_NULL))
			DIAG_WARNING(l->diags, d->path, start->line, start->col,
				     "mötet har en starttid men inget slut (end); kalendern visar det "
				     "som en timme långt",
				     "the meeting has a start time but no end; the calendar shows it "
				     "as an hour long");
	}
}

/* The summary is plain text everywhere (lists, feeds, open data): Markdown
 * in it shows as it is. */
static void check_summary_markup(loader *l, const char *path, const value *v)
{
	static const char *const marks[] = { "**", "__", "](", "`", "<http", "# ", "\n- ", "\n* " };
	const char *s = value_string(v);
	size_t i;

	if (!s)
		return;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		const char *hit = strstr(s, marks[i]);
		if (!hit && marks[i][0] == '\n' && !strncmp(s, marks[i] + 1, 2))
			hit = s;
		if (!hit || (!strcmp(marks[i], "# ") && hit != s && hit[-1] != '\n'))
			continue;
		DIAG_WARNING(l->diags, path, v->line, v->col,
			     "sammanfattningen visas som ren text: Markdown som \"%s\" syns som det "
			     "står; skriv utan formatering",
			     "the summary is shown as plain text: Markdown such as \"%s\" shows as "
			     "written; write it without formatting",
			     marks[i][0] == '\n' ? marks[i] + 1 : marks[i]);
		return;
	}
}

/* A public note must say something: a text of only spaces would show an
 * empty line in the change log (check_fields reported the rest). A
 * translation's own notes are its own, not the original's: their date and
 * text are required there too, which check_fields does not ask of a
 * translation. */
static void check_updates(loader *l, const char *path, const value *fm, int translation)
{
	static const char *const required[] = { "date", "text" };
	const value *list = value_map_get(fm, "updates");
	size_t i, k;

	for (i = 0; list && list->type == VALUE_LIST && i < list->u.list.len; i++) {
		const value *item = list->u.list.items[i];
		const value *text = value_map_get(item, "text");
		const char *s = value_string(text);
		if (item->type != VALUE_MAP)
			continue;
		for (k = 0; translation && k < 2; k++)
			if (!value_map_get(item, required[k]) ||
			    value_map_get(item, required[k])->type == VALUE_NULL)
				DIAG_ERROR(l->diags, path, pos_of(item, required[k])->line,
					   pos_of(item, required[k])->col, "\"%s\" saknas men krävs",
					   "\"%s\" is missing but required", required[k]);
		if (s && !s[strspn(s, " \t\r\n")])
			DIAG_ERROR(l->diags, path, text->line, text->col,
				   "\"text\" i \"updates\" är tom; skriv vad som har hänt, t.ex. "
				   "\"Enkäten är stängd.\"",
				   "\"text\" in \"updates\" is empty; write what has happened, e.g. "
				   "\"The survey is closed.\"");
	}
}

/* ---- accountability: you_said and actions -----------------------------------
 * check_fields has checked keys and types; these check the values. */

static void check_you_said(loader *l, const char *path, const value *fm)
{
	const value *list = value_map_get(fm, "you_said");
	size_t i;

	for (i = 0; list && list->type == VALUE_LIST && i < list->u.list.len; i++) {
		const value *item = list->u.list.items[i];
		const value *outcome = value_map_get(item, "outcome");
		const value *count = value_map_get(item, "count");
		if (item->type != VALUE_MAP)
			continue;
		if (value_string(outcome) && model_outcome_of(value_string(outcome)) < 0)
			enum_error(l, path, outcome, "okänd bedömning (outcome)", "unknown outcome",
				   model_outcome_keys, MODEL_OUTCOME_COUNT);
		if (count && count->type == VALUE_NUMBER && count->u.number == 0)
			DIAG_ERROR(l->diags, path, count->line, count->col,
				   "\"count\" är 0: skriv hur många som tog upp synpunkten (minst 1), "
				   "eller ta bort raden om ingen vet",
				   "\"count\" is 0: write how many raised the point (at least 1), or "
				   "remove the line when nobody knows");
	}
}

static void check_actions(loader *l, const char *path, const value *fm)
{
	const value *list = value_map_get(fm, "actions");
	size_t i;

	for (i = 0; list && list->type == VALUE_LIST && i < list->u.list.len; i++) {
		const value *item = list->u.list.items[i];
		const value *status = value_map_get(item, "status");
		const value *progress = value_map_get(item, "progress");
		const value *done = value_map_get(item, "done");
		int st;
		if (item->type != VALUE_MAP)
			continue;
		st = model_action_status_of(value_string(status));
		if (value_string(status) && st < 0)
			enum_error(l, path, status, "okänd åtgärdsstatus", "unknown action status",
				   model_action_status_keys, MODEL_ACTION_STATUS_COUNT);
		if (progress && progress->type == VALUE_NUMBER && progress->u.number > 100)
			DIAG_ERROR(l->diags, path, progress->line, progress->col,
				   "\"progress\" är %.0f men ska vara hur många procent som är gjort, "
				   "från 0 till 100",
				   "\"progress\" is %.0f but must be the percentage done, from 0 to "
				   "100",
				   progress->u.number);
		if (value_string(done) && st >= 0 && st != MODEL_ACTION_DONE)
			DIAG_ERROR(l->diags, path, done->line, done->col,
				   "\"done\" är dagen då åtgärden blev klar, men status är \"%s\": "
				   "sätt status: klar, eller ta bort done",
				   "\"done\" is the day the action was finished, but its status is "
				   "\"%s\": set status: klar, or remove done",
				   value_string(status));
	}
}

/* A name in participant_profile close to one of population's (a typo):
 * the group would silently go without its share of the residents. */
static void profile_name_hint(loader *l, const char *path, const value_pair *p, const value *known,
			      const char *where)
{
	const char *names[MODEL_MAX_PROFILE_GROUPS];
	const char *s;
	size_t i, n = 0;

	if (!known || known->type != VALUE_MAP || value_map_get(known, p->key))
		return;
	for (i = 0; i < known->u.map.len && n < MODEL_MAX_PROFILE_GROUPS; i++)
		names[n++] = known->u.map.pairs[i].key;
	s = suggest(p->key, names, n);
	if (s)
		DIAG_WARNING(l->diags, path, p->line, p->col,
			     "\"%s\" finns inte i %s i site.yaml och jämförs därför inte med "
			     "invånarna; menade du \"%s\"?",
			     "\"%s\" is not in %s in site.yaml, so it is not compared with the "
			     "residents; did you mean \"%s\"?",
			     p->key, where, s);
}

/* The dimensions pages name ("Ålder", "Kön", "Område") have English keys,
 * as in the content format; a Swedish key is a separate, unnamed one. */
static void swedish_dimension_hint(loader *l, const char *path, const value_pair *dim)
{
	static const char *const names[][2] = { { "ålder", "age" },   { "alder", "age" },
						 { "kön", "gender" },  { "kon", "gender" },
						 { "område", "area" }, { "omrade", "area" } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(dim->key, names[i][0]))
			DIAG_WARNING(l->diags, path, dim->line, dim->col,
				     "indelningen \"%s\" heter %s i Trappa (så får den rubriken och "
				     "jämförs med population); menade du \"%s\"?",
				     "the dimension \"%s\" is called %s in Trappa (so it gets its "
				     "heading and is compared with population); did you mean \"%s\"?",
				     dim->key, names[i][1], names[i][1]);
}

/* participant_profile: per dimension, how many took part from each group,
 * as whole numbers. Names are compared with site.yaml's population. */
static void check_profile(loader *l, const char *path, const value *fm)
{
	const value *prof = value_map_get(fm, "participant_profile");
	const value *pop = value_map_get(l->site->config, "population");
	buf where = BUF_INIT;
	size_t i, k;

	if (!prof || prof->type != VALUE_MAP ||
	    check_group_map(l, path, "participant_profile", "dialogen", prof,
			    MODEL_MAX_PROFILE_DIMENSIONS,
			    "{ age: { \"18-29\": 80 } }") != 0)
		return;
	for (i = 0; i < prof->u.map.len; i++) {
		const value_pair *dim = &prof->u.map.pairs[i];
		if (check_group_map(l, path, dim->key, "participant_profile", dim->val,
				    MODEL_MAX_PROFILE_GROUPS, "{ kvinna: 520, man: 380 }") != 0)
			continue;
		profile_name_hint(l, path, dim, pop, "population");
		swedish_dimension_hint(l, path, dim);
		buf_clear(&where);
		buf_printf(&where, "population.%s", dim->key);
		for (k = 0; k < dim->val->u.map.len; k++) {
			const value_pair *g = &dim->val->u.map.pairs[k];
			const value *v = g->val;
			if (!*g->key || strchr(g->key, '\n'))
				DIAG_ERROR(l->diags, path, g->line, g->col,
					   "en grupp i participant_profile.%s behöver ett namn på en rad",
					   "a group in participant_profile.%s needs a name on one line",
					   dim->key);
			if (v->type != VALUE_NUMBER || v->u.number < 0 ||
			    v->u.number > MODEL_MAX_PROFILE_COUNT || v->u.number != floor(v->u.number))
				DIAG_ERROR(l->diags, path, v->line, v->col,
					   "antalet deltagare i \"%s\" (participant_profile.%s) ska vara "
					   "ett heltal från 0 till %d",
					   "the number of participants in \"%s\" (participant_profile.%s) "
					   "must be a whole number from 0 to %d",
					   g->key, dim->key, MODEL_MAX_PROFILE_COUNT);
			profile_name_hint(l, path, g, value_map_get(pop, dim->key), where.ptr);
		}
	}
	buf_free(&where);
}

static void check_accountability(loader *l, const char *path, const value *fm)
{
	const value *kind = value_map_get(fm, "kind");

	check_you_said(l, path, fm);
	check_actions(l, path, fm);
	check_profile(l, path, fm);
	if (value_string(kind) && model_kind_of(value_string(kind)) < 0)
		enum_error(l, path, kind, "okänd sorts dialog (kind)", "unknown kind of dialogue",
			   model_kind_keys, MODEL_KIND_COUNT);
}

/* Takes `internal` out of d's front matter into d->internal (see
 * model_dialogue), after check_fields has checked its keys and types;
 * its delivery_status must be one of the three colours. */
static void take_internal(loader *l, model_dialogue *d)
{
	const value *v;

	d->internal = value_map_take(d->fm, "internal");
	v = value_map_get(d->internal, "delivery_status");
	if (value_string(v) &&
	    find_key(model_delivery_status_keys, MODEL_DELIVERY_STATUS_COUNT, value_string(v)) < 0)
		enum_error(l, d->path, v, "okänd leveransstatus", "unknown delivery status",
			   model_delivery_status_keys, MODEL_DELIVERY_STATUS_COUNT);
}

static void check_dialogue(loader *l, model_dialogue *d)
{
	model_site *site = l->site;
	const value *fm = d->fm;
	const char *path = d->path;
	const value *v;
	const char *s;
	int idx;

	check_fields(l, path, fm, dialogue_fields);

	s = get_text(fm, "summary");
	if (s) {
		int line, col;
		size_t chars = 0;
		const char *p;
		for (p = s; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > 300) {
			v = value_map_get(fm, "summary");
			line = v->line;
			col = v->col;
			DIAG_ERROR(l->diags, path, line, col,
				   "sammanfattningen är %zu tecken; högst 300 tecken",
				   "the summary is %zu characters; at most 300", chars);
		}
	}
	check_summary_markup(l, path, value_map_get(fm, "summary"));
	v = value_map_get(fm, "level");
	d->level = MODEL_INFORMATION;
	if (value_string(v)) {
		idx = find_key(model_level_keys, MODEL_LEVEL_COUNT, value_string(v));
		if (idx < 0)
			enum_error(l, path, v, "okänt steg", "unknown level", model_level_keys, MODEL_LEVEL_COUNT);
		else
			d->level = (model_level)idx;
	}
	d->start = get_date(fm, "start");
	d->end = get_date(fm, "end");
	d->feedback_due = get_date(fm, "feedback_due");
	d->feedback_date = get_date(fm, "feedback_date");
	v = value_map_get(fm, "draft");
	d->draft = v && v->type == VALUE_BOOL && v->u.boolean;
	if (d->start != DATE_NONE && d->end != DATE_NONE && d->end < d->start) {
		v = value_map_get(fm, "end");
		DIAG_ERROR(l->diags, path, v->line, v->col, "slutdatum (end) ligger före startdatum (start)",
			   "the end date lies before the start date");
	}
	v = value_map_get(fm, "continuous");
	if (d->end != DATE_NONE && v && v->type == VALUE_BOOL && v->u.boolean) {
		/* An end date makes a löpande dialogue finish, and /sa-kan-du-paverka/
		 * then drops it from the ways in: one of the two is a mistake. */
		v = value_map_get(fm, "end");
		DIAG_WARNING(l->diags, path, v->line, v->col,
			     "dialogen är löpande (continuous: true) men har ett slutdatum (end): en "
			     "löpande dialog är alltid öppen; ta bort end, eller continuous om "
			     "dialogen verkligen slutar",
			     "the dialogue is continuous (continuous: true) but has an end date (end): "
			     "a continuous dialogue is always open; remove end, or continuous if the "
			     "dialogue really ends");
	}
	if (d->feedback_due != DATE_NONE && d->end != DATE_NONE && d->feedback_due < d->end) {
		buf due = BUF_INIT, end = BUF_INIT;
		v = value_map_get(fm, "feedback_due");
		date_format_iso(&due, d->feedback_due);
		date_format_iso(&end, d->end);
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "feedback_due (%s) ligger före slutdatum (end, %s): återkopplingen kan "
			   "bara ges när dialogen är slut, och sidan skulle visa \"Återkoppling "
			   "väntas\" samma dag som den slutar; ange %s eller ett senare datum",
			   "feedback_due (%s) lies before the end date (end, %s): feedback can only "
			   "be given once the dialogue has ended, and the page would show feedback "
			   "as overdue the day it ends; give %s or a later date",
			   due.ptr, end.ptr, end.ptr);
		buf_free(&due);
		buf_free(&end);
	}
	d->status = (model_status)derive_status(site, d);
	v = value_map_get(fm, "status");
	if (value_string(v)) {
		idx = find_key(model_status_keys, MODEL_STATUS_COUNT, value_string(v));
		if (idx < 0) {
			enum_error(l, path, v, "okänd status", "unknown status", model_status_keys, MODEL_STATUS_COUNT);
		} else {
			int derived = (int)d->status;
			buf_clear(&l->scratch);
			date_format_iso(&l->scratch, site->today);
			d->status = (model_status)idx;
			d->status_explicit = 1;
			if ((idx == MODEL_ONGOING || idx == MODEL_FINISHED || idx == MODEL_PAUSED) &&
			    d->start == DATE_NONE)
				DIAG_ERROR(l->diags, path, v->line, v->col,
					   "status \"%s\" kräver ett startdatum (start)",
					   "status \"%s\" needs a start date (start)", value_string(v));
			else if (idx <= MODEL_FINISHED && idx != derived)
				DIAG_WARNING(l->diags, path, v->line, v->col,
					     "status \"%s\" stämmer inte med datumen, som ger \"%s\" per %s",
					     "status \"%s\" contradicts the dates, which give \"%s\" as of %s",
					     value_string(v), model_status_keys[derived], l->scratch.ptr);
		}
	}

	/* responsible: a committee key, or a committee's full name. */
	v = value_map_get(fm, "responsible");
	s = value_string(v);
	if (s) {
		const value *committees = value_map_get(site->config, "committees");
		if (committees && committees->type == VALUE_MAP && committees->u.map.len > 0 &&
		    !model_committee_name(site, s)) {
			const char *keys[256];
			size_t i, n = 0;
			for (i = 0; i < committees->u.map.len && n < 256; i++)
				keys[n++] = committees->u.map.pairs[i].key;
			enum_error(l, path, v, "okänd nämnd", "unknown committee", keys, n);
		}
	}
	v = value_map_get(fm, "contact");
	if (v && v->type == VALUE_MAP && !get_text(v, "email") && !get_text(v, "phone"))
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "kontakten behöver e-post (email) eller telefon (phone)",
			   "the contact needs an e-mail (email) or a phone number (phone)");
	check_documents(l, d);
	check_meetings(l, d);
	check_updates(l, path, fm, 0);
	check_accountability(l, path, fm);
	if (d->is_translation)
		return;
	if (d->level == MODEL_CODECISION) {
		const value *dec = value_map_get(fm, "decision");
		if (!get_text(dec, "body"))
			DIAG_WARNING(l->diags, path, pos_of(fm, "level")->line, pos_of(fm, "level")->col,
				     "medbeslutande utan beslutande organ: ange decision.body (vem som "
				     "fattar beslutet)",
				     "medbeslutande without a decision body: set decision.body (who takes "
				     "the decision)");
	}
}

/* The example texts `trappa new` writes (main.c's template): left as they
 * are, they would reach the start page, the feed and the open data. An
 * error, or a warning in a draft, which is not published. */
static const char *const new_placeholders[][2] = {
	{ "summary", "Skriv en mening om vad dialogen handlar om." },
	{ "level_reason", "Varför just det steget?" },
	{ "influence", "Vad kan invånarna påverka?" },
	{ "decided", "Vad är redan bestämt?" },
	{ "purpose", "Varför hålls dialogen?" },
	{ "contact.name", "Förnamn Efternamn" },
	{ "contact.email", "namn@exempel.se" },
};
static const char *const new_body_placeholders[] = { "Beskriv dialogen här.",
						     "Berätta hur man deltar." };

static void placeholder_report(loader *l, const model_dialogue *d, int line, int col,
			       const char *what, const char *text)
{
	diag_severity sev = d->draft ? DIAG_SEV_WARNING : DIAG_SEV_ERROR;

	(void)sizeof(diag_format_check("%s%s", what, text));
	diag_add(l->diags, sev, d->path, line, col,
		 "%s har kvar exempeltexten \"%s\" från trappa new: skriv det som gäller för "
		 "dialogen",
		 "%s still holds the example text \"%s\" from trappa new: write what holds for "
		 "this dialogue",
		 what, text);
}

static void check_placeholders(loader *l, const model_dialogue *d, const frontmatter_parts *parts)
{
	buf what = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(new_placeholders) / sizeof(new_placeholders[0]); i++) {
		const char *key = new_placeholders[i][0], *dot = strchr(key, '.');
		const value *v;
		if (dot) {
			char *parent = mem_strndup(key, (size_t)(dot - key));
			v = value_map_get(value_map_get(d->fm, parent), dot + 1);
			free(parent);
		} else {
			v = value_map_get(d->fm, key);
		}
		if (!value_string(v) || strcmp(value_string(v), new_placeholders[i][1]))
			continue;
		buf_clear(&what);
		buf_printf(&what, "\"%s\"", key);
		placeholder_report(l, d, v->line, v->col, what.ptr, new_placeholders[i][1]);
	}
	for (i = 0; parts->body && i < sizeof(new_body_placeholders) / sizeof(new_body_placeholders[0]);
	     i++) {
		/* The body runs to the end of the file's NUL-terminated text. */
		const char *hit = strstr(parts->body, new_body_placeholders[i]);
		const char *p;
		int line = parts->body_line;
		if (!hit || hit >= parts->body + parts->body_len)
			continue;
		for (p = parts->body; p < hit; p++)
			line += *p == '\n';
		placeholder_report(l, d, line, 1, diag_pick("texten", "the text"),
				   new_body_placeholders[i]);
	}
	buf_free(&what);
}

/* A dialogue that asks for views must say how to give them. */
static void check_take_part(loader *l, const model_dialogue *d)
{
	const char *title = markdown_section_title(MARKDOWN_SECTION_TAKE_PART, d->lang);

	if ((d->status != MODEL_PLANNED && d->status != MODEL_ONGOING) ||
	    d->level < MODEL_CONSULTATION || d->section_line[MARKDOWN_SECTION_TAKE_PART] > 0)
		return;
	DIAG_WARNING(l->diags, d->path, pos_of(d->fm, "level")->line, pos_of(d->fm, "level")->col,
		     "dialogen är %s och på steget %s, men avsnittet \"## %s\" saknas: skriv hur, "
		     "var och när man deltar",
		     "the dialogue is %s and at the level %s, but the section \"## %s\" is "
		     "missing: say how, where and when to take part",
		     model_status_keys[d->status], model_level_keys[d->level], title);
}

static void check_advised(loader *l, model_dialogue *d)
{
	const field *f;

	for (f = dialogue_fields; f->key; f++) {
		const value *v = value_map_get(d->fm, f->key);
		if (f->need != ADVISED || (v && v->type != VALUE_NULL))
			continue;
		DIAG_WARNING(l->diags, d->path, d->fm->line, d->fm->col,
			     "\"%s\" saknas: invånarna behöver veta det",
			     "\"%s\" is missing: residents need to know it", f->key);
	}
}

/* Feedback is late (today > deadline, no Återkoppling). Residents are owed
 * an explanation and a new date: without feedback_delay, or once its
 * new_date has passed too, that is an error; with a new date still to
 * come, a warning (the feedback is late all the same). */
static void feedback_late(loader *l, const model_dialogue *d, int deadline)
{
	const model_site *site = l->site;
	const value *delay = value_map_get(d->fm, "feedback_delay");
	const value *v = pos_of(d->fm, d->feedback_due != DATE_NONE ? "feedback_due" : "end");
	int new_date = get_date(delay, "new_date");
	buf due = BUF_INIT, again = BUF_INIT;

	date_format_iso(&due, deadline);
	if (!delay || delay->type != VALUE_MAP) {
		DIAG_ERROR(l->diags, d->path, v->line, v->col,
			   "återkopplingen är försenad: den skulle ha getts senast %s (%d dagar "
			   "sedan). Lägg till avsnittet \"## Återkoppling\", eller skriv i "
			   "feedback_delay varför den dröjer (reason) och när den kommer (new_date)",
			   "feedback is overdue: it was due by %s (%d days ago). Add the section "
			   "\"## Återkoppling\", or say in feedback_delay why it is late (reason) and "
			   "when it comes (new_date)",
			   due.ptr, site->today - deadline);
	} else if (new_date != DATE_NONE && site->today > new_date) {
		const value *nv = value_map_get(delay, "new_date");
		date_format_iso(&again, new_date);
		DIAG_ERROR(l->diags, d->path, nv->line, nv->col,
			   "återkopplingen är försenad igen: den nya dagen i feedback_delay "
			   "(new_date, %s) passerade för %d dagar sedan. Lägg till avsnittet \"## "
			   "Återkoppling\", eller skriv en ny orsak (reason) och ett nytt datum",
			   "feedback is overdue again: the new date in feedback_delay (new_date, %s) "
			   "passed %d days ago. Add the section \"## Återkoppling\", or write a new "
			   "reason and a new date",
			   again.ptr, site->today - new_date);
	} else {
		DIAG_WARNING(l->diags, d->path, v->line, v->col,
			     "återkopplingen är försenad: den skulle ha getts senast %s (%d dagar "
			     "sedan); lägg till avsnittet \"## Återkoppling\"",
			     "feedback is overdue: it was due by %s (%d days ago); add the section "
			     "\"## Återkoppling\"",
			     due.ptr, site->today - deadline);
	}
	buf_free(&due);
	buf_free(&again);
}

static void derive_feedback(loader *l, model_dialogue *d)
{
	const model_site *site = l->site;
	int deadline;

	d->feedback_deadline = DATE_NONE;
	if (d->status != MODEL_FINISHED || d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0)
		return;
	/* A promised date is a promise: overdue the day after. Without one, the
	 * site's grace period after the end applies. */
	if (d->feedback_due != DATE_NONE)
		deadline = d->feedback_due;
	else if (d->end != DATE_NONE)
		deadline = d->end + site->overdue_limit;
	else
		return;
	d->feedback_deadline = deadline;
	if (site->today <= deadline)
		return;
	d->feedback_overdue = 1;
	feedback_late(l, d, deadline);
}

static int render_markdown(loader *l, markdown_doc *doc, markdown_ids *ids, const char *path,
			   const char *src, size_t len, int first_line, const char *lang,
			   unsigned flags)
{
	return markdown_render(doc, l->diags, ids, path, src, len, first_line, lang, flags);
}

/* Renders a dialogue's body and easy-read text with the ids its page
 * reserves for itself: the same call at load (for the checks) and when the
 * page is written (model_dialogue_render), so both see the same ids. */
const char *const model_dialogue_ids[] = {
	"innehall",   "niva",        "paverka",      "sa-deltar-du", "moten",
	"syfte",      "beskrivning", "resultat",     "aterkoppling", "beslut",
	"dokument",   "kontakt",     "relaterade",   "lattlast",     "tidslinje",
	"andringar",  "sammanfattning", "lage",      "how-to-take-part", "results",
	"feedback",   "kort-om",     "sa-far-du-veta", "ni-sa-vi-gjorde", "det-har-hander-nu",
	"om-dialogen", "vilka-deltog", NULL
};

static void dialogue_render(markdown_doc *body, markdown_doc *easy_read, diag_list *diags,
			    const model_dialogue *d, const frontmatter_parts *parts, unsigned flags)
{
	const char *const *reserved = model_dialogue_ids;
	markdown_ids ids;
	const value *er = value_map_get(d->fm, "easy_read");
	size_t i;

	markdown_ids_init(&ids);
	for (i = 0; reserved[i]; i++)
		markdown_ids_reserve(&ids, reserved[i]);
	markdown_render(body, diags, &ids, d->path, parts->body, parts->body_len, parts->body_line,
			d->lang, MARKDOWN_EXTRACT_SECTIONS | flags);
	if (value_string(er))
		markdown_render(easy_read, diags, &ids, d->path, er->u.str.ptr, er->u.str.len,
				er->line + 1, d->lang, flags);
	markdown_ids_free(&ids);
}

/* The text of the first element named tag ("p", "h2") at or after *pos
 * in html, appended to out with a space before it; *pos moves past it.
 * Returns 0, or -1 when there is none. */
static int element_text(buf *out, const buf *html, size_t *pos, const char *tag)
{
	char open[8], close[8];
	const char *start, *end, *from = html->ptr + *pos;
	size_t n = strlen(tag);

	if (snprintf(open, sizeof(open), "<%s", tag) >= (int)sizeof(open) ||
	    snprintf(close, sizeof(close), "</%s>", tag) >= (int)sizeof(close))
		return -1;
	for (start = strstr(from, open); start && start[1 + n] != '>' && start[1 + n] != ' ';
	     start = strstr(start + 1, open))
		;
	if (!start || !(start = strchr(start, '>')) || !(end = strstr(start, close)))
		return -1;
	if (out->size)
		buf_putc(out, ' ');
	markdown_html_to_text(out, start + 1, (size_t)(end - start - 1));
	*pos = (size_t)(end - html->ptr) + strlen(close);
	return 0;
}

/* The body's headings (levels 2 to 4) and its first paragraph, as plain
 * text. */
static char *lead_text(const buf *html)
{
	static const char *const headings[] = { "h2", "h3", "h4" };
	buf out = BUF_INIT;
	size_t pos = 0, k;

	if (!html->size)
		return buf_detach(&out);
	(void)element_text(&out, html, &pos, "p");
	for (k = 0; k < sizeof(headings) / sizeof(headings[0]); k++)
		for (pos = 0; element_text(&out, html, &pos, headings[k]) == 0;)
			;
	return buf_detach(&out);
}

/* Renders the Markdown for its checks and keeps what lists and feeds need;
 * the page renders it again (model_dialogue_render). */
static void dialogue_markdown(loader *l, model_dialogue *d, const frontmatter_parts *parts)
{
	markdown_doc body, easy_read;
	buf text = BUF_INIT;
	int s;

	markdown_doc_init(&body);
	markdown_doc_init(&easy_read);
	/* A translation's addresses are the translator's copy of the original's. */
	dialogue_render(&body, &easy_read, l->diags, d, parts,
			d->is_translation ? 0 : MARKDOWN_COLLECT_LINKS);
	if (body.n_links + easy_read.n_links) {
		d->n_links = body.n_links + easy_read.n_links;
		d->links = mem_alloc(d->n_links * sizeof(*d->links));
		if (body.n_links)
			memcpy(d->links, body.links, body.n_links * sizeof(*d->links));
		if (easy_read.n_links)
			memcpy(d->links + body.n_links, easy_read.links,
			       easy_read.n_links * sizeof(*d->links));
		body.n_links = easy_read.n_links = 0; /* the urls moved */
	}
	d->has_easy_read = value_string(value_map_get(d->fm, "easy_read")) != NULL;
	d->lead_text = lead_text(&body.html);
	for (s = 0; s < MARKDOWN_SECTION_COUNT; s++) {
		const char *p;
		size_t n = 0;
		d->section_line[s] = body.section_line[s];
		if (d->section_line[s] <= 0)
			continue;
		buf_clear(&text);
		markdown_html_to_text(&text, body.sections[s].ptr, body.sections[s].size);
		/* Cut after MODEL_SECTION_TEXT code points (the text is UTF-8). */
		for (p = text.ptr; *p && n < MODEL_SECTION_TEXT; n++)
			for (p++; ((unsigned char)*p & 0xC0) == 0x80; p++)
				;
		d->section_text[s] = mem_strndup(text.ptr, (size_t)(p - text.ptr));
	}
	buf_free(&text);
	markdown_doc_free(&body);
	markdown_doc_free(&easy_read);
}

int model_dialogue_render(markdown_doc *body, markdown_doc *easy_read, source *src,
			  const model_dialogue *d)
{
	diag_list scratch = DIAG_LIST_INIT; /* reported when the model was loaded */
	buf text = BUF_INIT;
	frontmatter_parts parts;
	int rc = -1;

	/* A work-tree file saved again since it was checked is refused: its
	 * new text has not been checked, and the rest of the page is from the old. */
	if (source_read(&text, src, d->path) != 0 || text.size != d->text_size ||
	    XXH3_64bits(text.ptr, text.size) != d->text_hash ||
	    frontmatter_split(&parts, &scratch, d->path, text.ptr, text.size) != 0)
		goto out;
	dialogue_render(body, easy_read, &scratch, d, &parts, 0);
	rc = 0;
out:
	diag_list_free(&scratch);
	buf_free(&text);
	return rc;
}

/* ---- file layout ----------------------------------------------------------------- */

/* Splits "name.md" or "name.en.md" into slug and language code (lang.h). */
static int split_md_name(char **slug, char **lang, const char *name)
{
	const char *code;
	size_t slug_len, code_len;

	if (lang_split_file_name(&slug_len, &code, &code_len, name) != 0)
		return -1;
	*slug = mem_strndup(name, slug_len);
	*lang = code ? mem_strndup(code, code_len) : NULL;
	return 0;
}

static int file_name_is_safe(const char *name)
{
	const char *p;

	if (!*name || name[0] == '.' || strlen(name) > 200)
		return 0;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
			return 0;
	return 1;
}

/* A file to copy. Its size is known from the listing (the object header
 * or stat): one over the limit source_read has is refused here, so check
 * refuses what build could not copy. */
static void add_file(loader *l, const source_entry *e, const char *dest)
{
	model_site *site = l->site;
	model_file *f;

	if (e->size > SOURCE_MAX_FILE) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "filen är för stor (%zu byte; högst %u byte = 64 MiB per fil)",
			   "the file is too large (%zu bytes; at most %u bytes = 64 MiB per file)",
			   e->size, SOURCE_MAX_FILE);
		return;
	}
	site->files = mem_grow_array(site->files, &site->files_cap, site->n_files + 1, sizeof(*f));
	f = &site->files[site->n_files++];
	f->src = mem_strdup(e->path);
	f->dest = mem_strdup(dest);
	f->size = e->size;
}

typedef struct pending {
	char *path;
	char *slug;
	char *lang;
	char *bundle;
	size_t size;
	/* Dialogues load on several threads: each file gets its slot and its
	 * own list of reports, merged in file order once all are loaded. */
	model_dialogue *d;              /* the slot to load into; NULL: not loaded */
	const model_dialogue *original; /* a translation's */
	diag_list diags;
	char id[41];                    /* the blob id; "" in a work tree */
	/* The model cache: the key of this load (keyed), and the cached
	 * entry it was restored from (cached, NULL when loaded). */
	int keyed;
	modelcache_key key;
	const void *cached;
	size_t cached_len;
	int cache_refused; /* its entry was found but could not be read */
} pending;

static void warn_skipped(loader *l, const source_entry *e)
{
	if (e->kind == SOURCE_SYMLINK)
		DIAG_WARNING(l->diags, e->path, 0, 0,
			     "symbolisk länk hoppas över: Trappa följer aldrig länkar",
			     "symbolic link skipped: Trappa never follows links");
	else if (e->kind == SOURCE_TOODEEP)
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "katalogerna ligger för djupt (över %d nivåer); flytta filerna högre upp",
			   "the folders are nested too deeply (over %d levels); move the files higher up",
			   SOURCE_MAX_DEPTH);
	else if (e->kind == SOURCE_SUBMODULE)
		DIAG_WARNING(l->diags, e->path, 0, 0, "undermodul (submodule) hoppas över",
			     "submodule skipped");
	else
		DIAG_WARNING(l->diags, e->path, 0, 0, "ovanlig filtyp hoppas över",
			     "unusual file type skipped");
}

static int page_cmp(const void *a, const void *b)
{
	return strcmp(((const model_page *)a)->slug, ((const model_page *)b)->slug);
}

static int pending_cmp(const void *a, const void *b)
{
	const pending *x = a, *y = b;
	int c = strcmp(x->slug, y->slug);
	if (c)
		return c;
	if (!x->lang || !y->lang) {
		if (x->lang || y->lang)
			return x->lang ? 1 : -1;
	} else if ((c = strcmp(x->lang, y->lang))) {
		return c;
	}
	return strcmp(x->path, y->path); /* total order: reports do not depend on qsort */
}

static void pending_free(pending *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(p[i].path);
		free(p[i].slug);
		free(p[i].lang);
		free(p[i].bundle);
		diag_list_free(&p[i].diags);
	}
	free(p);
}

static void load_dialogue(loader *l, model_dialogue *d, const pending *p,
			  const model_dialogue *original)
{
	buf text = BUF_INIT;
	frontmatter_parts parts;
	value *fm;

	memset(d, 0, sizeof(*d));
	
	d->slug = mem_strdup(p->slug);
	d->lang = mem_strdup(p->lang ? p->lang : l->site->lang);
	d->path = mem_strdup(p->path);
	d->bundle = p->bundle ? mem_strdup(p->bundle) : NULL;
	d->is_translation = p->lang != NULL && strcmp(p->lang, l->site->lang) != 0;
	d->start = d->end = d->feedback_due = d->feedback_date = d->feedback_deadline = DATE_NONE;
	fm = read_markdown(l, &text, &parts, p->path, p->size, 1);
	/* model_dialogue_render reads the file again: it must be this text. */
	d->text_size = text.size;
	d->text_hash = XXH3_64bits(text.ptr, text.size);
	if (!fm) {
		d->fm = value_new_map();
		d->draft = 1; /* unusable: never published */
		buf_free(&text);
		return;
	}
	if (original) {
		/* A translation inherits what it does not translate (dates, lists). */
		value *merged = value_clone(original->fm);
		int has_own_documents = value_map_get(fm, "documents") != NULL &&
					value_map_get(fm, "documents")->type != VALUE_NULL;
		int has_own_meetings = value_list_len(value_map_get(fm, "meetings")) > 0;
		size_t i;
		/* What a translation cannot change: the facts are the original's. */
		static const char *const inherited[] = { "level", "status", "start", "end",
							 "responsible", "related", "feedback_due",
							 "feedback_date", "participants", "areas",
							 "themes", "target_groups", "methods",
							 "case_numbers", "kind", "continuous",
							 "participant_profile" };
		const value *own_summary = value_map_get(fm, "summary");
		l->inherits = 1;
		check_fields(l, p->path, fm, dialogue_fields);
		l->inherits = 0;
		check_updates(l, p->path, fm, 1);
		check_accountability(l, p->path, fm);
		if (value_string(own_summary) && utf8_length(own_summary->u.str.ptr, own_summary->u.str.len) > 300)
			DIAG_ERROR(l->diags, p->path, own_summary->line, own_summary->col,
				   "sammanfattningen är %zu tecken; högst 300 tecken",
				   "the summary is %zu characters; at most 300",
				   utf8_length(own_summary->u.str.ptr, own_summary->u.str.len));
		for (i = 0; i < fm->u.map.len; i++) {
			const value_pair *own = &fm->u.map.pairs[i];
			if (own->val->type == VALUE_NULL)
				continue; /* empty: inherit */
			if (find_key(inherited, sizeof(inherited) / sizeof(inherited[0]), own->key) >= 0) {
				/* A copy of the original's value is harmless; a different one
				 * would contradict the original, and is ignored. */
				if (value_equal(own->val, value_map_get(original->fm, own->key)))
					continue;
				DIAG_WARNING(l->diags, p->path, own->line, own->col,
					     "\"%s\" skiljer sig från originalet och ignoreras: det gäller för "
					     "alla språk och ändras i originalet",
					     "\"%s\" differs from the original and is ignored: it holds for "
					     "every language and is changed in the original",
					     own->key);
				continue;
			}
			value_map_set(merged, own->key, own->val);
			fm->u.map.pairs[i].val = NULL;
		}
		value_free(fm);
		d->fm = merged;
		d->level = original->level;
		d->status = original->status;
		d->status_explicit = original->status_explicit;
		d->start = original->start;
		d->end = original->end;
		d->feedback_due = original->feedback_due;
		d->feedback_date = original->feedback_date;
		d->feedback_overdue = original->feedback_overdue;
		d->feedback_deadline = original->feedback_deadline;
		{
			const value *own = value_map_get(d->fm, "draft");
			d->draft = original->draft || (own && own->type == VALUE_BOOL && own->u.boolean);
		}
		if (!d->bundle && original->bundle)
			d->bundle = mem_strdup(original->bundle); /* shares the original's files */
		if (has_own_documents)
			check_documents(l, d); /* inherited ones were checked with the original */
		if (has_own_meetings)
			check_meetings(l, d);
		take_internal(l, d);
		dialogue_markdown(l, d, &parts);
	} else {
		d->fm = fm;
		check_dialogue(l, d);
		take_internal(l, d);
		check_placeholders(l, d, &parts);
		dialogue_markdown(l, d, &parts);
		check_take_part(l, d);
		check_advised(l, d);
		derive_feedback(l, d);
	}
	buf_free(&text);
}

static void dialogue_free(model_dialogue *d)
{
	size_t k;

	free(d->slug);
	free(d->lang);
	free(d->path);
	free(d->bundle);
	value_free(d->fm);
	value_free(d->internal);
	for (k = 0; k < MARKDOWN_SECTION_COUNT; k++)
		free(d->section_text[k]);
	free(d->lead_text);
	for (k = 0; k < d->n_links; k++)
		free(d->links[k].url);
	free(d->links);
	memset(d, 0, sizeof(*d));
}

/* ---- the model cache (modelcache.h) ------------------------------------------------ */

/* The header key: what every file's load depends on besides the file. The
 * generator's bytes stand for its code and this very format; cmark and
 * libyaml are shared libraries, so their versions count on their own. */
static int cache_site_key(modelcache_key *out, loader *l, const char *content)
{
	unsigned char self[16];
	char id[41];
	buf b = BUF_INIT, path = BUF_INIT;
	int rc = -1;

	buf_printf(&path, "%s/site.yaml", content);
	if (modelcache_self_id(self) != 0 || source_file_id(id, l->src, path.ptr) != 0)
		goto out;
	buf_puts(&b, "trappa model cache 1");
	buf_put(&b, self, sizeof(self));
	buf_printf(&b, "|%s|%s|%s|%s|%d|%d|", cmark_version_string(), yaml_get_version_string(),
		   content, id, l->site->today, (int)diag_get_language());
	/* The zone's rules as the C library reads them (meeting times in a
	 * clock change are checked against them): tzdata is updated apart
	 * from Trappa. */
	buf_clear(&path);
	buf_printf(&path, "%s/%s", getenv("TZDIR") ? getenv("TZDIR") : "/usr/share/zoneinfo",
		   l->site->timezone);
	{
		FILE *f = fopen(path.ptr, "rb");
		char chunk[4096];
		size_t n;
		buf_putc(&b, f ? '|' : '-');
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.size < (1u << 20))
			buf_put(&b, chunk, n);
		if (f)
			fclose(f);
	}
	modelcache_key_of(out, b.ptr, b.size);
	rc = 0;
out:
	buf_free(&b);
	buf_free(&path);
	return rc;
}

/* The key of one file's load: its bytes (the blob id), where it is, the
 * original it translates (by that one's key), and the files of its bundle
 * (whose documents must exist). Unkeyed without a blob id (a work tree). */
static void cache_entry_key(loader *l, pending *p, const pending *original)
{
	const model_site *site = l->site;
	buf b = BUF_INIT;
	size_t i, n;

	p->keyed = 0;
	if (!l->cache || !p->id[0] || (original && !original->keyed))
		return;
	buf_printf(&b, "%s%c%s%c%s%c%s%c%s%c%zu%c", p->path, 0, p->slug, 0, p->lang ? p->lang : "",
		   0, p->bundle ? p->bundle : "", 0, p->id, 0, p->size, 0);
	if (original)
		buf_put(&b, original->key.b, sizeof(original->key.b));
	if (p->bundle) {
		n = strlen(p->bundle);
		for (i = 0; i < site->n_files; i++)
			if (!strncmp(site->files[i].src, p->bundle, n) && site->files[i].src[n] == '/')
				buf_put(&b, site->files[i].src, strlen(site->files[i].src) + 1);
	}
	modelcache_key_of(&p->key, b.ptr, b.size);
	p->keyed = 1;
	buf_free(&b);
}

/* What a loaded dialogue is, and what its load reported, as a cache entry.
 * Slug and path come from the file's place, not from the entry. */
static void pack_dialogue(buf *out, const model_dialogue *d, const diag_list *diags)
{
	size_t k;

	pack_str(out, d->lang);
	pack_str(out, d->bundle);
	value_pack(out, d->fm);
	value_pack(out, d->internal);
	pack_i32(out, (int)d->level);
	pack_i32(out, (int)d->status);
	pack_i32(out, d->status_explicit);
	pack_i32(out, d->start);
	pack_i32(out, d->end);
	pack_i32(out, d->feedback_due);
	pack_i32(out, d->feedback_date);
	pack_i32(out, d->feedback_overdue);
	pack_i32(out, d->feedback_deadline);
	pack_i32(out, d->draft);
	pack_i32(out, d->is_translation);
	pack_u64(out, d->text_size);
	pack_u64(out, d->text_hash);
	pack_i32(out, d->has_easy_read);
	for (k = 0; k < MARKDOWN_SECTION_COUNT; k++) {
		pack_i32(out, d->section_line[k]);
		pack_str(out, d->section_text[k]);
	}
	pack_str(out, d->lead_text);
	pack_u32(out, (uint32_t)d->n_links);
	for (k = 0; k < d->n_links; k++) {
		pack_str(out, d->links[k].url);
		pack_i32(out, d->links[k].line);
		pack_i32(out, d->links[k].col);
		pack_i32(out, d->links[k].image);
	}
	diag_list_pack(out, diags, 0);
}

/* Fills d from an entry pack_dialogue wrote. Returns 0, or -1 when the
 * entry is damaged: then d is empty again and diags as before. */
static int unpack_dialogue(model_dialogue *d, diag_list *diags, const pending *p, const void *data,
			   size_t len)
{
	diag_list reports = DIAG_LIST_INIT;
	pack_reader r;
	uint32_t n;
	size_t k;

	memset(d, 0, sizeof(*d));
	pack_reader_init(&r, data, len);
	d->slug = mem_strdup(p->slug);
	d->path = mem_strdup(p->path);
	if (pack_get_str(&r, &d->lang) != 0 || !d->lang || pack_get_str(&r, &d->bundle) != 0 ||
	    value_unpack(&d->fm, &r) != 0 || !d->fm || d->fm->type != VALUE_MAP ||
	    value_unpack(&d->internal, &r) != 0)
		goto fail;
	d->level = (model_level)pack_get_i32(&r);
	d->status = (model_status)pack_get_i32(&r);
	d->status_explicit = pack_get_i32(&r);
	d->start = pack_get_i32(&r);
	d->end = pack_get_i32(&r);
	d->feedback_due = pack_get_i32(&r);
	d->feedback_date = pack_get_i32(&r);
	d->feedback_overdue = pack_get_i32(&r);
	d->feedback_deadline = pack_get_i32(&r);
	d->draft = pack_get_i32(&r);
	d->is_translation = pack_get_i32(&r);
	d->text_size = (size_t)pack_get_u64(&r);
	d->text_hash = pack_get_u64(&r);
	d->has_easy_read = pack_get_i32(&r);
	if ((unsigned)d->level >= MODEL_LEVEL_COUNT || (unsigned)d->status >= MODEL_STATUS_COUNT)
		goto fail;
	for (k = 0; k < MARKDOWN_SECTION_COUNT; k++) {
		d->section_line[k] = pack_get_i32(&r);
		if (pack_get_str(&r, &d->section_text[k]) != 0)
			goto fail;
	}
	if (pack_get_str(&r, &d->lead_text) != 0 || !d->lead_text)
		goto fail;
	n = pack_get_u32(&r);
	if (n > len)
		goto fail;
	if (n) {
		d->links = mem_calloc(n, sizeof(*d->links));
		for (k = 0; k < n; k++) {
			d->n_links = k + 1; /* freed up to here on failure */
			if (pack_get_str(&r, &d->links[k].url) != 0 || !d->links[k].url)
				goto fail;
			d->links[k].line = pack_get_i32(&r);
			d->links[k].col = pack_get_i32(&r);
			d->links[k].image = pack_get_i32(&r);
		}
	}
	/* The reports go to diags only once everything was read. */
	diag_set_prefix(&reports, diags->prefix);
	if (r.error || diag_list_unpack(&reports, &r) != 0 || r.p != r.end)
		goto fail;
	diag_list_move(diags, &reports);
	diag_list_free(&reports);
	return 0;
fail:
	diag_list_free(&reports);
	dialogue_free(d);
	return -1;
}

/* Writes each loaded job's entry into the new cache file: the entry it was
 * restored from, or the load packed now. A load that reported an error is
 * not kept: the build fails anyway, and an error may come from a read
 * that fails only this time (a damaged object, a full disk). */
static void cache_store(loader *l, pending **jobs, size_t n)
{
	buf entry = BUF_INIT;
	size_t i;

	for (i = 0; i < n && l->cache; i++) {
		const pending *p = jobs[i];
		if (p->cache_refused)
			modelcache_refuse(l->cache); /* else found first again, every time */
		if (!p->keyed || p->diags.errors)
			continue;
		if (p->cached) {
			l->site->n_from_cache++;
			modelcache_add(l->cache, &p->key, p->cached, p->cached_len);
			continue;
		}
		buf_clear(&entry);
		pack_dialogue(&entry, p->d, &p->diags);
		modelcache_add(l->cache, &p->key, entry.ptr, entry.size);
	}
	buf_free(&entry);
}

/* Dialogues load on MODEL_THREADS threads: reading, YAML and Markdown take
 * nearly all of model_load's time, and each file's load touches only its
 * own slot, its own report list and (for a translation) its loaded
 * original. */
#define MODEL_THREADS 2

typedef struct load_pass {
	const loader *base;
	pending **jobs;
	size_t n_jobs;
	atomic_size_t next; /* the next job to take */
} load_pass;

static void *load_run(void *arg)
{
	load_pass *pass = arg;
	loader l = *pass->base; /* own scratch and inherits; the site is only read */
	size_t i;

	buf_init(&l.scratch);
	l.inherits = 0;
	/* One file at a time, whichever thread is free: files differ in size,
	 * and the order of reports does not depend on who loaded what. */
	while ((i = atomic_fetch_add(&pass->next, 1)) < pass->n_jobs) {
		pending *p = pass->jobs[i];
		const void *data;
		size_t len;
		l.diags = &p->diags;
		if (p->keyed && modelcache_find(l.cache, &p->key, &data, &len) == 0) {
			if (unpack_dialogue(p->d, &p->diags, p, data, len) == 0) {
				p->cached = data;
				p->cached_len = len;
				continue;
			}
			p->cache_refused = 1;
		}
		load_dialogue(&l, p->d, p, p->original);
	}
	buf_free(&l.scratch);
	return NULL;
}

/* Loads jobs[0..n) into their slots, each job's reports into its own list.
 * When a thread cannot be started, the calling thread loads everything. */
static void load_dialogues(const loader *base, pending **jobs, size_t n)
{
	load_pass pass;
	pthread_t threads[MODEL_THREADS - 1];
	size_t i, started = 0;

	pass.base = base;
	pass.jobs = jobs;
	pass.n_jobs = n;
	atomic_init(&pass.next, 0);
	for (i = 0; i < MODEL_THREADS - 1 && i + 1 < n; i++)
		if (pthread_create(&threads[started], NULL, load_run, &pass) == 0)
			started++;
	load_run(&pass);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* A free page's language: the code of its `lang` when it names one the
 * theme has texts for ("en" for "en-GB" or "EN", see lang.h), else the
 * site's (and an error naming the closest). */
static const char *page_lang(loader *l, const char *path, const value *fm)
{
	const value *v = value_map_get(fm, "lang");
	const char *lang = value_string(v);
	const char *s;

	if (!lang)
		return l->site->lang;
	if ((s = lang_code(lang)))
		return s;
	s = suggest(lang, lang_codes, LANG_COUNT);
	if (s)
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "språket \"%s\" stöds inte; menade du \"%s\"? (välj sv eller en)",
			   "language \"%s\" is not supported; did you mean \"%s\"? (choose sv or en)",
			   lang, s);
	else
		DIAG_ERROR(l->diags, path, v->line, v->col,
			   "språket \"%s\" stöds inte; välj sv eller en",
			   "language \"%s\" is not supported; choose sv or en", lang);
	return l->site->lang;
}

static void load_page(loader *l, model_page *pg, const source_entry *e, const char *slug)
{
	buf text = BUF_INIT;
	frontmatter_parts parts;
	value *fm;
	markdown_ids ids;
	const value *menu;

	memset(pg, 0, sizeof(*pg));
	markdown_doc_init(&pg->body);
	pg->slug = mem_strdup(slug);
	pg->path = mem_strdup(e->path);
	fm = read_markdown(l, &text, &parts, e->path, e->size, 1);
	pg->fm = fm ? fm : value_new_map();
	if (!fm) {
		buf_free(&text);
		return;
	}
	check_fields(l, e->path, fm, page_fields);
	pg->lang = page_lang(l, e->path, fm);
	menu = value_map_get(fm, "menu");
	pg->menu = menu && menu->type == VALUE_NUMBER && menu->u.number >= 1 && menu->u.number <= 1e6
			   ? (int)menu->u.number
			   : 0;
	markdown_ids_init(&ids);
	markdown_ids_reserve(&ids, "innehall");
	render_markdown(l, &pg->body, &ids, e->path, parts.body, parts.body_len, parts.body_line,
			pg->lang, MARKDOWN_COLLECT_LINKS);
	markdown_ids_free(&ids);
	buf_free(&text);
}

/* Reserved first path segments of the built site: a free page may not take them. */
static const char *const reserved_slugs[] = { "dialoger", "status",    "niva",  "namnd",
					      "omrade",   "tema",      "malgrupp", "metod",
					      "ar",       "assets",    "data",     "delaktighetstrappan",
					      "statistik", "tillganglighet", "oppna-data", "en",
					      "sv",       "forhandsgranskning", "sok",
					      "atgarder", /* the actions in progress (issue 16) */
					      "aterkoppling", /* the promise ledger (issue 16) */
					      "planering", /* plan.h */
					      "typ", /* the kind facet: /typ/samrad/ (issue 17) */
					      "urval", /* politicians, continuous, evaluated (issue 17) */
					      NULL };
#define RESERVED_SLUGS (sizeof(reserved_slugs) / sizeof(reserved_slugs[0]) - 1)
/* Files Trappa writes at the top of the site. */
static const char *const generated[] = { "index.html",	"404.html",   "feed.xml", "kalender.ics",
					 "sitemap.xml", "robots.txt", "oppna-data" };

/* Files below static/ are copied as they are, unless they would replace
 * something Trappa makes. */
static void classify_static(loader *l, const source_entry *e, const char *rel)
{
	model_site *out = l->site;
	const char *name = rel + 7, *p, *slash;
	char *first;
	int ok = output_path_is_safe(name), taken;
	size_t k;

	for (p = name; ok && *p; p++)
		if (*p == '/' ? p[1] == '.' : 0)
			ok = 0;
	if (!ok || name[0] == '.') {
		DIAG_ERROR(l->diags, e->path, 0, 0, "otillåtet filnamn i static/",
			   "file name not allowed in static/");
		return;
	}
	slash = strchr(name, '/');
	first = slash ? mem_strndup(name, (size_t)(slash - name)) : mem_strdup(name);
	taken = find_key(reserved_slugs, RESERVED_SLUGS, first) >= 0 ||
		find_key(generated, sizeof(generated) / sizeof(generated[0]), first) >= 0;
	for (k = 0; k < out->n_pages; k++) /* sidor/ is read before static/ */
		taken |= !strcmp(out->pages[k].slug, first);
	free(first);
	if (taken) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "filen skulle ersätta en sida som Trappa skapar; välj ett annat namn",
			   "the file would replace a page Trappa makes; choose another name");
		return;
	}
	add_file(l, e, name);
}

/* A bundle file's name with a character an address cannot carry as it
 * is (a space, a parenthesis, å): the character, and a name to use. */
static void bad_file_name_error(loader *l, const char *path, const char *name)
{
	const char *dot = strrchr(name, '.'), *p;
	buf what = BUF_INIT, better = BUF_INIT;
	size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	uint32_t cp = 0;
	int col = 0;

	for (p = name; *p; col++) {
		int n = utf8_decode(&cp, p, strlen(p));
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
			break;
		p += n > 0 ? n : 1;
	}
	if (cp == ' ')
		buf_puts(&what, diag_pick("ett mellanslag", "a space"));
	else if (utf8_invisible_name(cp, diag_get_language() == DIAG_LANG_EN))
		buf_printf(&what, "%s (U+%04X)",
			   utf8_invisible_name(cp, diag_get_language() == DIAG_LANG_EN), (unsigned)cp);
	else
		buf_printf(&what, "%s \"%.*s\"", diag_pick("tecknet", "the character"),
			   utf8_decode(&cp, p, strlen(p)) > 0 ? utf8_decode(&cp, p, strlen(p)) : 1, p);
	slug_from_text(&better, name, stem);
	for (p = dot && dot != name ? dot : ""; *p; p++)
		buf_putc(&better, (char)tolower((unsigned char)*p));
	DIAG_ERROR(l->diags, path, 0, 0,
		   "filnamnet har %s (tecken %d), som inte fungerar i en webbadress; byt namn på "
		   "filen till \"%s\" (och ändra länkarna till den)",
		   "the file name has %s (character %d), which does not work in a web address; "
		   "rename the file to \"%s\" (and change the links to it)",
		   what.ptr, col + 1, better.ptr);
	buf_free(&what);
	buf_free(&better);
}

/* A file in a bundle folder dialoger/<dir>/ other than its index.md:
 * copied beside the page. */
static void classify_bundle_file(loader *l, const source_entry *e, const char *dir,
				 const char *leaf)
{
	buf dest = BUF_INIT;
	const char *seg;
	int ok = 1;

	for (seg = leaf; ok && seg;) {
		const char *end = strchr(seg, '/');
		char *part = end ? mem_strndup(seg, (size_t)(end - seg)) : mem_strdup(seg);
		ok = file_name_is_safe(part);
		free(part);
		seg = end ? end + 1 : NULL;
	}
	/* The page, its calendar and its feed (dialoger/<slug>/feed.xml). */
	if (ok && (!strcmp(leaf, "kalender.ics") || !strcmp(leaf, "index.html") ||
		   !strcmp(leaf, "feed.xml"))) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "filen skulle ersätta en fil som Trappa skapar; välj ett annat namn",
			   "the file would replace one Trappa makes; choose another name");
	} else if (!ok && slug_is_valid(dir) && !strchr(leaf, '/') && leaf[0] != '.') {
		bad_file_name_error(l, e->path, leaf);
	} else if (!ok || !slug_is_valid(dir)) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "otillåtet filnamn: använd bokstäver a-z, siffror, "
			   "punkt, bindestreck och understreck",
			   "file name not allowed: use letters a-z, digits, "
			   "dots, hyphens and underscores");
	} else {
		buf_printf(&dest, "dialoger/%s/%s", dir, leaf);
		add_file(l, e, dest.ptr);
	}
	buf_free(&dest);
}

typedef struct pending_list {
	pending *items;
	size_t len, cap;
} pending_list;

/* A file below dialoger/: a dialogue (name.md, name.en.md, name/index.md)
 * goes on the pending list; anything else in a bundle is copied. */
static void classify_dialogue(loader *l, pending_list *pend, const source_entry *e,
			      const char *rel)
{
	model_site *out = l->site;
	const char *name = rel + 9;
	const char *slash = strchr(name, '/');
	char *slug = NULL, *lang = NULL;
	pending *p;

	if (!slash) {
		if (split_md_name(&slug, &lang, name) != 0) {
			DIAG_WARNING(l->diags, e->path, 0, 0, "filen hoppas över: dialoger är .md-filer",
				     "file skipped: dialogues are .md files");
			return;
		}
	} else {
		char *dir = mem_strndup(name, (size_t)(slash - name));
		const char *leaf = slash + 1;
		if (!strncmp(leaf, "index", 5) && !strchr(leaf, '/') &&
		    split_md_name(&slug, &lang, leaf) == 0 && !strcmp(slug, "index")) {
			free(slug);
			slug = dir;
		} else {
			free(slug);
			free(lang);
			classify_bundle_file(l, e, dir, leaf);
			free(dir);
			return;
		}
	}
	if (!strcmp(slug, "sida")) {
		/* /dialoger/sida/N/ are the list's pages. */
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "namnet \"sida\" är reserverat för listans sidor; välj ett annat",
			   "the name \"sida\" is reserved for the list's pages; choose another");
		free(slug);
		free(lang);
		return;
	}
	if (!slug_is_valid(slug)) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "ogiltigt filnamn \"%s\": använd små bokstäver a-z, siffror "
			   "och bindestreck (å, ä blir a; ö blir o)",
			   "invalid file name \"%s\": use lower-case a-z, digits and "
			   "hyphens (å, ä become a; ö becomes o)",
			   slug);
		free(slug);
		free(lang);
		return;
	}
	pend->items = mem_grow_array(pend->items, &pend->cap, pend->len + 1, sizeof(*p));
	p = &pend->items[pend->len++];
	memset(p, 0, sizeof(*p));
	p->path = mem_strdup(e->path);
	p->slug = slug;
	p->lang = lang && strcmp(lang, out->lang) ? lang : (free(lang), NULL);
	p->bundle = slash ? mem_strndup(e->path, (size_t)(strrchr(e->path, '/') - e->path)) : NULL;
	p->size = e->size;
	memcpy(p->id, e->id, sizeof(p->id));
	diag_set_prefix(&p->diags, l->diags->prefix);
}

/* A free page sidor/<name>.md. */
static void classify_page(loader *l, const source_entry *e, const char *rel)
{
	model_site *out = l->site;
	char *slug = NULL, *lang = NULL;

	if (strchr(rel + 6, '/') || split_md_name(&slug, &lang, rel + 6) != 0 || lang ||
	    !slug_is_valid(slug) || find_key(reserved_slugs, RESERVED_SLUGS, slug) >= 0) {
		DIAG_ERROR(l->diags, e->path, 0, 0,
			   "ogiltig sida: använd sidor/<namn>.md med små bokstäver a-z, "
			   "siffror och bindestreck (och inget reserverat namn)",
			   "invalid page: use sidor/<name>.md with lower-case a-z, digits "
			   "and hyphens (and no reserved name)");
		free(slug);
		free(lang);
		return;
	}
	out->pages = mem_grow_array(out->pages, &out->pages_cap, out->n_pages + 1, sizeof(model_page));
	load_page(l, &out->pages[out->n_pages++], e, slug);
	free(slug);
}

/* First pass: sorts the content's entries into dialogues (pending, loaded
 * later), free pages (loaded here) and files to copy. */
static void classify_entries(loader *l, pending_list *pend, const source_list *files,
			     size_t prefix_len)
{
	size_t i;

	for (i = 0; i < files->len; i++) {
		const source_entry *e = &files->items[i];
		const char *rel = e->path + prefix_len;

		l->site->too_deep |= e->kind == SOURCE_TOODEEP;
		if (e->kind != SOURCE_FILE)
			warn_skipped(l, e);
		else if (!strcmp(rel, "site.yaml"))
			continue;
		else if (!strncmp(rel, "static/", 7))
			classify_static(l, e, rel);
		else if (!strncmp(rel, "dialoger/", 9))
			classify_dialogue(l, pend, e, rel);
		else if (!strncmp(rel, "sidor/", 6))
			classify_page(l, e, rel);
		else if (strlen(rel) > 3 && !strcmp(rel + strlen(rel) - 3, ".md"))
			/* A page that would silently vanish from the site. */
			DIAG_ERROR(l->diags, e->path, 0, 0,
				   "Markdown-filen ligger på fel ställe och blir ingen sida: flytta "
				   "den till %.*sdialoger/ (en dialog) eller %.*ssidor/ (en fri sida)",
				   "the Markdown file is in the wrong place and makes no page: move it "
				   "to %.*sdialoger/ (a dialogue) or %.*ssidor/ (a free page)",
				   (int)prefix_len, e->path, (int)prefix_len, e->path);
		else
			DIAG_WARNING(l->diags, e->path, 0, 0,
				     "filen hoppas över: den hör inte till innehållsformatet",
				     "file skipped: it is not part of the content format");
	}
}

/* Second pass: originals (sorted by slug), then translations. Which file
 * goes into which slot, and which is refused, is decided here on one
 * thread; the loads then run in parallel (load_dialogues), and every
 * report goes to its file's list, merged in the order one thread would
 * have made them. */
static void load_pending(loader *l, pending_list *pend)
{
	model_site *out = l->site;
	pending *items = pend->items, **jobs, **owner;
	const pending *last = NULL; /* the last original given a slot */
	size_t n = pend->len, n_jobs = 0, i, cap = 0;

	if (n > 1)
		qsort(items, n, sizeof(*items), pending_cmp);
	out->dialogues = mem_grow_array(NULL, &cap, n ? n : 1, sizeof(model_dialogue));
	jobs = mem_alloc((n ? n : 1) * sizeof(*jobs));
	owner = mem_alloc((n ? n : 1) * sizeof(*owner)); /* an original's job, by its slot */
	for (i = 0; i < n; i++) {
		if (items[i].lang)
			continue;
		if (last && !strcmp(last->slug, items[i].slug)) {
			DIAG_ERROR(&items[i].diags, items[i].path, 0, 0,
				   "dialogen \"%s\" finns redan (%s); varje namn får bara finnas en gång",
				   "the dialogue \"%s\" already exists (%s); each name may exist only once",
				   items[i].slug, last->path);
			continue;
		}
		last = &items[i];
		owner[out->n_dialogues] = &items[i];
		items[i].d = &out->dialogues[out->n_dialogues++];
		cache_entry_key(l, &items[i], NULL);
		jobs[n_jobs++] = &items[i];
	}
	load_dialogues(l, jobs, n_jobs);
	cache_store(l, jobs, n_jobs);
	out->n_originals = out->n_dialogues;
	/* The originals are loaded: translations can find theirs and merge. */
	n_jobs = 0;
	for (i = 0; i < n; i++) {
		const model_dialogue *orig;
		if (!items[i].lang)
			continue;
		orig = model_find_dialogue(out, items[i].slug);
		if (i > 0 && items[i - 1].lang && !strcmp(items[i - 1].slug, items[i].slug) &&
		    !strcmp(items[i - 1].lang, items[i].lang)) {
			DIAG_ERROR(&items[i].diags, items[i].path, 0, 0,
				   "översättningen finns redan (%s); varje språk får bara finnas en gång",
				   "the translation already exists (%s); each language may exist only once",
				   items[i - 1].path);
			continue;
		}
		if (!lang_code(items[i].lang)) {
			DIAG_ERROR(&items[i].diags, items[i].path, 0, 0,
				   "språket \"%s\" stöds inte: temat har texter på svenska (sv) och engelska (en)",
				   "language \"%s\" is not supported: the theme has texts in Swedish (sv) and English (en)",
				   items[i].lang);
			continue;
		}
		if (!orig) {
			DIAG_ERROR(&items[i].diags, items[i].path, 0, 0,
				   "översättningen saknar original: dialoger/%s.md finns inte",
				   "the translation has no original: dialoger/%s.md does not exist",
				   items[i].slug);
			continue;
		}
		items[i].d = &out->dialogues[out->n_dialogues++];
		items[i].original = orig;
		cache_entry_key(l, &items[i], owner[orig - out->dialogues]);
		jobs[n_jobs++] = &items[i];
	}
	load_dialogues(l, jobs, n_jobs);
	cache_store(l, jobs, n_jobs);
	for (i = 0; i < n; i++)
		if (!items[i].lang)
			diag_list_move(l->diags, &items[i].diags);
	for (i = 0; i < n; i++)
		if (items[i].lang)
			diag_list_move(l->diags, &items[i].diags);
	free(jobs);
	free(owner);
}

/* Related slugs must exist (a single text is a list of one). */
static void check_related(loader *l)
{
	const model_site *out = l->site;
	size_t i;

	for (i = 0; i < out->n_dialogues; i++) {
		const model_dialogue *d = &out->dialogues[i];
		const value *rel = value_map_get(d->fm, "related");
		size_t k, count = rel && rel->type == VALUE_STRING ? 1 : value_list_len(rel);
		if (d->is_translation)
			continue;
		for (k = 0; k < count; k++) {
			const value *r = rel->type == VALUE_STRING ? rel : rel->u.list.items[k];
			const char *s = value_string(r);
			if (s && !model_find_dialogue(out, s)) {
				const char **slugs = mem_alloc((out->n_dialogues + 1) * sizeof(char *));
				size_t j, n = 0;
				const char *sug;
				for (j = 0; j < out->n_dialogues; j++)
					if (!out->dialogues[j].is_translation)
						slugs[n++] = out->dialogues[j].slug;
				sug = suggest(s, slugs, n);
				if (sug)
					DIAG_ERROR(l->diags, d->path, r->line, r->col,
						   "relaterad dialog \"%s\" finns inte; menade du \"%s\"?",
						   "related dialogue \"%s\" does not exist; did you mean \"%s\"?",
						   s, sug);
				else
					DIAG_ERROR(l->diags, d->path, r->line, r->col,
						   "relaterad dialog \"%s\" finns inte",
						   "related dialogue \"%s\" does not exist", s);
				free(slugs);
			}
		}
	}
}

/* ---- links into the site ------------------------------------------------------ */

/* The site path (no leading slash, no #fragment or ?query, "." and ".."
 * resolved) that url leads to from a page at base ("dialoger/x/"); -1
 * when it leads elsewhere (another site) or above the site's root. */
static int link_target(buf *out, const model_site *site, const char *base, const char *url)
{
	const char *site_url = get_text(site->config, "base_url");
	const char *site_path = site_url && strstr(site_url, "://") ? strchr(strstr(site_url, "://") + 3, '/')
								     : NULL;
	size_t n = strcspn(url, "#?"), root, site_len = site_url ? strlen(site_url) : 0;
	buf raw = BUF_INIT;
	const char *p;

	buf_clear(out);
	if (site_len && site_url[site_len - 1] == '/')
		site_len--;
	if (!strncmp(url, "http:", 5) || !strncmp(url, "https:", 6)) {
		/* This site's own full address counts as a link into it. */
		if (!site_len || strncmp(url, site_url, site_len) ||
		    (url[site_len] != '/' && url[site_len] != '\0' && url[site_len] != '#' &&
		     url[site_len] != '?'))
			return -1;
		buf_put(&raw, url + site_len, n - site_len);
	} else if (url[0] == '/' && url[1] == '/') {
		return -1;
	} else if (url[0] == '/') {
		/* A site published below a folder: /folder/dialoger/x/ */
		size_t sp = site_path ? strlen(site_path) : 0;
		while (sp && site_path[sp - 1] == '/')
			sp--;
		if (sp && !strncmp(url, site_path, sp) && (url[sp] == '/' || sp >= n))
			buf_put(&raw, url + sp, n - sp);
		else
			buf_put(&raw, url, n);
	} else {
		buf_printf(&raw, "/%s%.*s", base, (int)n, url);
	}
	/* Resolve segment by segment. */
	for (p = raw.ptr; *p;) {
		size_t len;
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 1 && p[0] == '.') {
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;
			if (!out->size) {
				buf_free(&raw);
				return -1;
			}
			slash = strrchr(out->ptr, '/');
			buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
		} else if (len) {
			if (out->size)
				buf_putc(out, '/');
			buf_put(out, p, len);
		}
		p += len;
	}
	buf_free(&raw);
	root = out->size;
	if (root >= 10 && !strcmp(out->ptr + root - 10, "index.html"))
		buf_truncate(out, root - (root > 10 ? 11 : 10));
	return 0;
}

/* Why path does not exist on the site: reported at the link; nothing when
 * it does (or may: Trappa's own list pages are not looked into). */
static void check_link(loader *l, const char *path, const char *bundle, const markdown_link *k,
		       const char *target)
{
	const model_site *site = l->site;
	const char *slash = strchr(target, '/');
	size_t first = slash ? (size_t)(slash - target) : strlen(target), i;
	char *seg = mem_strndup(target, first);

	if (!*target)
		goto out;
	for (i = 0; i < site->n_files; i++)
		if (!strcmp(site->files[i].dest, target))
			goto out;
	if (!strcmp(seg, "dialoger") && slash && slash[1]) {
		const char *rest = slash + 1, *next = strchr(rest, '/');
		char *slug = next ? mem_strndup(rest, (size_t)(next - rest)) : mem_strdup(rest);
		const model_dialogue *d = model_find_dialogue(site, slug);
		int is_page = !next || !strcmp(next, "/kalender.ics");
		if (!strcmp(slug, "sida")) {
		} else if (!d && !k->image && is_page) {
			const char **slugs = mem_alloc((site->n_originals + 1) * sizeof(char *));
			const char *sug;
			for (i = 0; i < site->n_originals; i++)
				slugs[i] = site->dialogues[i].slug;
			sug = suggest(slug, slugs, site->n_originals);
			DIAG_ERROR(l->diags, path, k->line, k->col,
				   "länken leder till dialogen \"%s\", som inte finns%s%s%s",
				   "the link leads to the dialogue \"%s\", which does not exist%s%s%s",
				   slug, sug ? diag_pick("; menade du \"", "; did you mean \"") : "",
				   sug ? sug : "", sug ? "\"?" : "");
			free(slugs);
		} else if (d && d->draft && !k->image && is_page) {
			DIAG_ERROR(l->diags, path, k->line, k->col,
				   "länken leder till dialogen \"%s\", som är ett utkast (draft: true) "
				   "och inte publiceras",
				   "the link leads to the dialogue \"%s\", which is a draft (draft: true) "
				   "and is not published",
				   slug);
		} else if (!is_page) {
			const char *file = strrchr(target, '/') + 1;
			if (d && d->bundle)
				DIAG_ERROR(l->diags, path, k->line, k->col,
					   "%s \"%s\" finns inte i paketet %s: lägg filen där eller rätta "
					   "namnet (stora och små bokstäver räknas)",
					   "%s \"%s\" does not exist in the bundle %s: put the file there "
					   "or correct the name (case matters)",
					   k->image ? diag_pick("bilden", "the image")
						    : diag_pick("filen", "the file"),
					   file, d->bundle);
			else
				DIAG_ERROR(l->diags, path, k->line, k->col,
					   "%s \"%s\" finns inte på webbplatsen (/%s)%s",
					   "%s \"%s\" does not exist on the site (/%s)%s",
					   k->image ? diag_pick("bilden", "the image")
						    : diag_pick("filen", "the file"),
					   k->url, target,
					   bundle ? ""
						  : diag_pick("; en dialogs bilder och filer ligger i "
							      "dess paket, dialoger/NAMN/ bredvid "
							      "index.md",
							      "; a dialogue's images and files go in "
							      "its bundle, dialoger/NAME/ beside index.md"));
		}
		free(slug);
		goto out;
	}
	if (!strcmp(seg, "dialoger") || !strcmp(seg, "en") ||
	    find_key(reserved_slugs, RESERVED_SLUGS, seg) >= 0 ||
	    find_key(generated, sizeof(generated) / sizeof(generated[0]), seg) >= 0)
		goto out; /* Trappa's own pages and files */
	if (!slash || !slash[1])
		for (i = 0; i < site->n_pages; i++)
			if (!strcmp(site->pages[i].slug, seg))
				goto out;
	DIAG_ERROR(l->diags, path, k->line, k->col,
		   "%s \"%s\" leder till /%s, som inte finns på webbplatsen",
		   "%s \"%s\" leads to /%s, which does not exist on the site",
		   k->image ? diag_pick("bilden", "the image") : diag_pick("länken", "the link"),
		   k->url, target);
out:
	free(seg);
}

static void check_links_of(loader *l, const char *path, const char *base, const char *bundle,
			   const markdown_link *links, size_t n)
{
	buf target = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (link_target(&target, l->site, base, links[i].url) == 0)
			check_link(l, path, bundle, &links[i], target.ptr);
	buf_free(&target);
}

/* Links, images and bundle files that do not exist, once the whole site
 * is known. */
static void check_links(loader *l)
{
	const model_site *site = l->site;
	buf base = BUF_INIT;
	size_t i;

	for (i = 0; i < site->n_dialogues; i++) {
		const model_dialogue *d = &site->dialogues[i];
		buf_clear(&base);
		buf_printf(&base, "dialoger/%s/", d->slug);
		check_links_of(l, d->path, base.ptr, d->bundle, d->links, d->n_links);
	}
	for (i = 0; i < site->n_pages; i++) {
		const model_page *pg = &site->pages[i];
		buf_clear(&base);
		buf_printf(&base, "%s/", pg->slug);
		check_links_of(l, pg->path, base.ptr, NULL, pg->body.links, pg->body.n_links);
	}
	buf_free(&base);
}

/* The error for a commit whose objects are damaged; 0 when none were met. */
static int check_damage(loader *l, const char *content)
{
	const char *id;

	if (source_damaged(l->src, &id) == 0)
		return 0;
	DIAG_ERROR(l->diags, content, 0, 0,
		   "git-arkivet har skadade objekt (först %s); inget byggs från incheckningen. Kör "
		   "git fsck och hämta objekten på nytt, t.ex. från en annan klon",
		   "the git repository has damaged objects (first %s); nothing is built from the "
		   "commit. Run git fsck and fetch the objects again, e.g. from another clone",
		   id);
	return SOURCE_EDAMAGED;
}

int model_load(model_site *out, diag_list *diags, source *src, const model_options *opts)
{
	loader l;
	source_list files = { NULL, 0, 0 };
	pending_list pend = { NULL, 0, 0 };
	const char *content = opts->content_dir ? opts->content_dir : "content";
	buf prefix = BUF_INIT;
	int error = 0, rc;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	l.site = out;
	l.diags = diags;
	l.src = src;
	buf_init(&l.scratch);
	out->content_dir = mem_strdup(content);
	out->page_size = 20;
	out->overdue_limit = 90;
	out->privacy_threshold = MODEL_PRIVACY_THRESHOLD;
	out->lang = "sv";
	out->timezone = "Europe/Stockholm";
	out->theme = "default";

	if (load_site(&l, content, opts) != 0 && !out->config)
		out->config = value_new_map();
	rc = source_list_dir(&files, src, content);
	if (rc != 0) {
		if (check_damage(&l, content) == 0)
			DIAG_ERROR(diags, content, 0, 0, "kan inte läsa innehållet",
				   "cannot read the content");
		error = -1;
		goto out;
	}
	if (files.len > MODEL_MAX_FILES) {
		DIAG_ERROR(diags, content, 0, 0, "för många filer (%zu; högst %d)",
			   "too many files (%zu; at most %d)", files.len, MODEL_MAX_FILES);
		goto out;
	}
	buf_printf(&prefix, "%s/", content);
	classify_entries(&l, &pend, &files, prefix.size);
	if (opts->cache_dir) {
		modelcache_key site_key;
		if (cache_site_key(&site_key, &l, content) == 0)
			l.cache = modelcache_open(opts->cache_dir, MODELCACHE_FILE, &site_key,
							 opts->cache_read);
	}
	load_pending(&l, &pend);
	check_related(&l);
	check_links(&l);
	/* Free pages in slug order, as the header promises ("om" before "om-oss"). */
	if (out->n_pages > 1)
		qsort(out->pages, out->n_pages, sizeof(model_page), page_cmp);
	if (check_damage(&l, content) != 0)
		error = -1;
out:
	/* After the loads: entries restored from the old file point into it. */
	modelcache_close(l.cache, diags);
	pending_free(pend.items, pend.len);
	source_list_free(&files);
	buf_free(&prefix);
	buf_free(&l.scratch);
	return error;
}

/* Case-insensitive (ASCII) substring search. */
static int mentions(const char *text, const char *word)
{
	size_t n = strlen(word), i;

	if (!text || !*word)
		return 0;
	for (; *text; text++) {
		for (i = 0; i < n && text[i] && tolower((unsigned char)text[i]) == tolower((unsigned char)word[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

void model_apply_history(model_site *site, diag_list *diags, const history *h)
{
	size_t i, k;

	for (i = 0; h && i < site->n_dialogues; i++) {
		model_dialogue *d = &site->dialogues[i];
		const history_file *f = history_find(h, d->path);
		const char *reason = get_text(d->fm, "level_reason");

		d->history = f;
		if (!f)
			continue;
		if (d->feedback_date == DATE_NONE && f->feedback_first &&
		    d->section_line[MARKDOWN_SECTION_FEEDBACK] > 0) {
			d->feedback_date = history_date(f->feedback_first, site->timezone);
			d->feedback_date_from_git = 1;
		}
		if (d->is_translation)
			continue;
		/* A level changed once the dialogue had started changes the promise
		 * made to people already taking part: it must be explained. */
		for (k = 0; k < f->n_levels; k++) {
			const history_level_change *c = &f->levels[k];
			int day = history_date(c->time, site->timezone);
			const value *lv = pos_of(d->fm, "level");
			buf date = BUF_INIT;

			if (!*c->from || !*c->to || d->start == DATE_NONE || day < d->start)
				continue;
			if (mentions(c->message, "nivå") || mentions(c->message, "steg") ||
			    mentions(c->message, "level") ||
			    mentions(c->message, "delaktighet") || mentions(reason, c->from))
				continue;
			date_format_iso(&date, day);
			DIAG_WARNING(diags, d->path, lv->line, lv->col,
				     "steget ändrades från %s till %s den %s, efter att dialogen börjat; "
				     "förklara varför i level_reason eller i incheckningens meddelande",
				     "the level changed from %s to %s on %s, after the dialogue started; "
				     "explain why in level_reason or in the commit message",
				     c->from, c->to, date.ptr);
			buf_free(&date);
		}
	}
}

const model_dialogue *model_find_dialogue(const model_site *site, const char *slug)
{
	size_t lo = 0, hi = site->n_originals;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(site->dialogues[mid].slug, slug);
		if (c == 0)
			return &site->dialogues[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *model_responsible_name(const model_site *site, const char *responsible)
{
	const char *name = responsible ? model_committee_name(site, responsible) : NULL;
	return name ? name : responsible ? responsible : "";
}

const char *model_committee_name(const model_site *site, const char *responsible)
{
	const value *committees = value_map_get(site->config, "committees");
	size_t i;

	if (!responsible)
		return NULL;
	if (!committees || committees->type != VALUE_MAP)
		return responsible;
	for (i = 0; i < committees->u.map.len; i++) {
		const value_pair *p = &committees->u.map.pairs[i];
		if (!strcmp(p->key, responsible))
			return value_string(p->val) ? value_string(p->val) : responsible;
		if (value_string(p->val) && !strcmp(value_string(p->val), responsible))
			return responsible;
	}
	return committees->u.map.len ? NULL : responsible;
}

void model_free(model_site *site)
{
	size_t i;

	for (i = 0; i < site->n_dialogues; i++)
		dialogue_free(&site->dialogues[i]);
	free(site->dialogues);
	for (i = 0; i < site->n_pages; i++) {
		free(site->pages[i].slug);
		free(site->pages[i].path);
		value_free(site->pages[i].fm);
		markdown_doc_free(&site->pages[i].body);
	}
	free(site->pages);
	for (i = 0; i < site->n_files; i++) {
		free(site->files[i].src);
		free(site->files[i].dest);
	}
	free(site->files);
	value_free(site->config);
	free(site->content_dir);
	memset(site, 0, sizeof(*site));
}

/* ---- the front matter as JSON Schema -------------------------------------- */

/* The rules check_fields, check_scalar and check_dialogue apply, in JSON
 * Schema (draft-07, which editors' YAML tooling reads best): written from
 * the same field tables, so the schema cannot drift from Trappa. A rule the
 * schema cannot express (a committee key, a related slug, a file in the
 * bundle) is left to trappa check. `required` says whether REQUIRED fields
 * are required: not in a translation, which inherits them. */

#define SCHEMA_DATE "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
/* A map that has `key` with a text in it. */
#define SCHEMA_HAS_TEXT(key) \
	"{ \"required\": [\"" key "\"], \"properties\": { \"" key "\": { \"type\": \"string\" } } }"

static void schema_fields(buf *out, const field *fields, int required, int indent);

static void schema_enum(buf *out, const char *const *keys, size_t n)
{
	size_t i;

	buf_puts(out, ", \"enum\": [");
	for (i = 0; i < n; i++)
		buf_printf(out, "%s\"%s\"", i ? ", " : "", keys[i]);
	buf_puts(out, ", null]");
}

/* A one-line text (check_one_line): no line break or tab before its
 * final line breaks. */
static void schema_one_line(buf *out, const field *f)
{
	if (!f->multiline)
		buf_puts(out, ", \"pattern\": \"^[^\\\\t\\\\n]*\\\\n*$\"");
}

static void schema_value(buf *out, const field *f, int nullable, int required, int indent)
{
	const char *null = nullable ? ", \"null\"" : "";

	switch (f->type) {
	case F_DATE:
		/* The pattern for editors that skip formats; "date" knows month lengths. */
		buf_printf(out, "{ \"type\": [\"string\"%s], \"format\": \"date\", \"pattern\": \"^" SCHEMA_DATE "$\" }",
			   null);
		return;
	case F_DATETIME:
		buf_printf(out,
			   "{ \"type\": [\"string\"%s], "
			   "\"pattern\": \"^" SCHEMA_DATE "([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?$\" }",
			   null);
		return;
	case F_INT:
		/* check_actions and check_you_said: a percentage; at least one person. */
		buf_printf(out, "{ \"type\": [\"integer\"%s], \"minimum\": %d, \"maximum\": %d }", null,
			   f == &you_said_fields[1] ? 1 : 0, /* count */
			   f == &action_fields[4] ? 100 : 1000000000); /* progress */
		return;
	case F_BOOL:
		buf_printf(out, "{ \"type\": [\"boolean\"%s] }", null);
		return;
	case F_URL:
		buf_printf(out, "{ \"type\": [\"string\"%s], \"pattern\": \"^(https?://|mailto:)\" }", null);
		return;
	case F_EMAIL:
		/* check_scalar: no mailto:, an @ but not first, no space. */
		buf_printf(out,
			   "{ \"type\": [\"string\"%s], \"pattern\": \"^(?!mailto:)[^@ ][^ ]*@[^ ]*$\" }",
			   null);
		return;
	case F_TEXTLIST:
		/* A single text is a list of one. */
		buf_printf(out, "{ \"type\": [\"array\", \"string\"%s], \"maxItems\": %zu, \"items\": { ",
			   null, list_limit(f));
		buf_puts(out, "\"type\": \"string\"");
		schema_one_line(out, f);
		buf_puts(out, " } }");
		return;
	case F_MAP:
		buf_printf(out, "{ \"type\": [\"object\"%s],\n", null);
		schema_fields(out, f->sub, required, indent + 2);
		buf_printf(out, "%*s}", indent, "");
		return;
	case F_MAPLIST:
		buf_printf(out, "{ \"type\": [\"array\"%s], \"maxItems\": %zu, \"items\": { \"type\": \"object\",\n",
			   null, list_limit(f));
		if (f->sub == document_fields) /* check_documents: file or url */
			buf_printf(out, "%*s\"anyOf\": [%s, %s],\n", indent + 2, "", SCHEMA_HAS_TEXT("file"),
				   SCHEMA_HAS_TEXT("url"));
		schema_fields(out, f->sub, required, indent + 2);
		buf_printf(out, "%*s} }", indent, "");
		return;
	case F_TEXTMAP:
		buf_printf(out, "{ \"type\": [\"object\"%s], \"additionalProperties\": { \"type\": \"string\" } }",
			   null);
		return;
	case F_ANYMAP:
		buf_printf(out, "{ \"type\": [\"object\"%s] }", null);
		return;
	case F_TEXT:
	default:
		break;
	}
	if (f == &you_said_fields[2]) { /* outcome */
		buf_printf(out, "{ \"type\": [\"string\"%s]", null);
		schema_enum(out, model_outcome_keys, MODEL_OUTCOME_COUNT);
		buf_puts(out, " }");
		return;
	}
	if (f == &meeting_fields[9]) { /* a meeting's state */
		buf_printf(out, "{ \"type\": [\"string\"%s]", null);
		schema_enum(out, model_meeting_state_keys, MODEL_MEETING_STATE_COUNT);
		buf_puts(out, " }");
		return;
	}
	if (f == &action_fields[1]) { /* an action's status, not the dialogue's */
		buf_printf(out, "{ \"type\": [\"string\"%s]", null);
		schema_enum(out, model_action_status_keys, MODEL_ACTION_STATUS_COUNT);
		buf_puts(out, " }");
		return;
	}
	if (!strcmp(f->key, "level") || !strcmp(f->key, "status")) {
		int level = !strcmp(f->key, "level");
		buf_puts(out, "{ \"type\": [\"string\"");
		buf_puts(out, null);
		buf_puts(out, "]");
		if (level)
			schema_enum(out, model_level_keys, MODEL_LEVEL_COUNT);
		else
			schema_enum(out, model_status_keys, MODEL_STATUS_COUNT);
		buf_puts(out, " }");
		return;
	}
	buf_printf(out, "{ \"type\": [\"string\"%s]", null);
	schema_one_line(out, f);
	if (!strcmp(f->key, "summary"))
		buf_puts(out, ", \"maxLength\": 300"); /* as check_dialogue */
	buf_puts(out, " }");
}

/* "properties", "required" and "additionalProperties": false (an unknown
 * key is an error), indented by `indent`. */
static void schema_fields(buf *out, const field *fields, int required, int indent)
{
	const field *f;
	int first = 1;

	buf_printf(out, "%*s\"additionalProperties\": false,\n%*s\"properties\": {\n", indent, "",
		   indent, "");
	for (f = fields; f->key; f++) {
		int must = required && f->need == REQUIRED;
		buf_printf(out, "%s%*s\"%s\": ", f == fields ? "" : ",\n", indent + 2, "", f->key);
		/* An empty value is absent: allowed unless the field is required. */
		schema_value(out, f, !must, required, indent + 2);
	}
	buf_printf(out, "\n%*s}", indent, "");
	for (f = fields; f->key; f++) {
		if (!required || f->need != REQUIRED)
			continue;
		if (first)
			buf_printf(out, ",\n%*s\"required\": [", indent, "");
		buf_printf(out, "%s\"%s\"", first ? "" : ", ", f->key);
		first = 0;
	}
	buf_puts(out, first ? "\n" : "]\n");
}

int model_schema(buf *out)
{
	buf_puts(out, "{\n"
		      "  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
		      "  \"title\": \"Trappa: en dialogs front matter / a dialogue's front matter\",\n"
		      "  \"description\": \"Skrivet av / written by trappa schema. Definitions: dialogue (content/dialoger/SLUG.md), translation (SLUG.LANG.md), "
		      "page (content/sidor/SLUG.md). trappa check has the last word.\",\n"
		      "  \"allOf\": [{ \"$ref\": \"#/definitions/dialogue\" }],\n"
		      "  \"definitions\": {\n"
		      "    \"dialogue\": { \"type\": \"object\",\n"
		      /* check_dialogue: the contact needs an e-mail or a phone number. */
		      "      \"allOf\": [{ \"properties\": { \"contact\": { \"anyOf\": [" SCHEMA_HAS_TEXT(
			      "email") ", " SCHEMA_HAS_TEXT("phone") "] } } }],\n");
	schema_fields(out, dialogue_fields, 1, 6);
	buf_puts(out, "    },\n    \"translation\": { \"type\": \"object\",\n");
	schema_fields(out, dialogue_fields, 0, 6);
	buf_puts(out, "    },\n    \"page\": { \"type\": \"object\",\n");
	schema_fields(out, page_fields, 1, 6);
	buf_puts(out, "    }\n  }\n}\n");
	return 0;
}

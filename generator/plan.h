/* plan: what is coming, for the planners and for residents.
 *
 * plan_check warns about clashes, the guidelines' "krockar för målgrupp,
 * område eller tema" (dialogue fatigue): two planned or ongoing dialogues
 * whose open periods overlap and that share a target group and an area or
 * a theme. plan_months groups the published planned and ongoing dialogues
 * by month, for /planering/.
 *
 *     model  ->  plan  ->  facts, export, pages  ->  site
 *
 * Both read only the model (and `today` in it). */
#ifndef TRAPPA_PLAN_H
#define TRAPPA_PLAN_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Warns about clashes, once per pair: in the file of the dialogue that
 * starts later (on the same day: the later slug), at its `start`, naming
 * the other file at its `start` and what the two share. A dialogue names
 * at most the three earliest it clashes with, and one more warning says
 * when there are others (a large site would otherwise get millions). Drafts
 * count (planning happens in drafts); translations do not (they share
 * their original's dates). A dialogue without an end is open from its
 * start on; one without a start has no period yet and never clashes.
 * Values are compared as their facet pages are (by slug: "Unga" and
 * "unga" are the same group); of each list the first 32 count. Returns the number of clashes. */
size_t plan_check(diag_list *diags, const model_site *m);

typedef struct plan_month {
	int first_day; /* the month's first day; DATE_NONE: planned, no start date yet */
	size_t *idx;   /* indices into m->dialogues: by start date, then slug */
	size_t n;
} plan_month;

/* The published originals that are planned or ongoing, by month: an
 * ongoing dialogue (or a planned one whose start has passed) under the
 * current month, a planned one under the month it starts, those without a
 * start last. Months without dialogues are left out. *out is NULL when
 * there are none. Returns 0. */
int plan_months(plan_month **out, size_t *n_out, const model_site *m);
void plan_months_free(plan_month *months, size_t n);

#endif

/* report: the central office's follow-up table (Bilaga D), for
 * `trappa report`: one row per dialogue, from its `internal` field and
 * its public facts, as CSV and as an accessible HTML page.
 *
 * `internal` is never published (model.h: it is taken out of the front
 * matter at load); this module is the only one that reads it, and what it
 * writes must stay outside the published site (report_inside_site).
 *
 *     model -> facts -> report (main.c writes the files) */
#ifndef TRAPPA_REPORT_H
#define TRAPPA_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "facts.h"

typedef struct report_row {
	const model_dialogue *d;
	const char *title;     /* never NULL */
	const char *committee; /* the committee's full name; never NULL */
	const char *officer, *reports_to, *delivery_status, *comment; /* NULL when absent */
	int delivery;          /* DATE_NONE when absent */
	const char *status;    /* model_status_keys */
	int start, end, feedback_due, feedback_given; /* DATE_NONE when absent */
} report_row;

/* The rows for every original dialogue, drafts included (the follow-up
 * covers what is still being planned), in slug order. year 0: all; else
 * those whose period touches the year (no start: from today; no end: open)
 * or whose delivery falls in it. *out is freed with free(). Returns 0. */
int report_rows(report_row **out, size_t *n_out, const facts *f, int year);

/* CSV (RFC 4180, UTF-8 without BOM, CRLF): a header row of the column
 * names, then one row per dialogue; dates as YYYY-MM-DD. */
#define REPORT_CSV_HEADER                                                                     \
	"dialogue,title,committee,officer,reports_to,delivery,delivery_status,status,start,end," \
	"feedback_due,feedback_given,comment"
void report_csv(buf *out, const report_row *rows, size_t n);

/* A standalone HTML page (lang sv): a table with caption and th scope,
 * readable without its small style sheet. year 0: every year. */
void report_html(buf *out, const facts *f, const report_row *rows, size_t n, int year);

/* 1 when dir (existing or not) lies in a published site: in or below a
 * folder that holds Trappa's site marker (output.h), or one of
 * site_dirs[0..n) (the default public/, before its first build). The
 * folder found goes to *site (absolute). 0 otherwise. */
int report_inside_site(buf *site, const char *dir, const char *const *site_dirs, size_t n);

#endif

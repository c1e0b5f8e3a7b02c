/* markdown: Markdown to HTML through cmark, safely, with checks.
 *
 * cmark runs in its safe mode and Trappa removes raw HTML outright, so
 * nothing in a Markdown file can put markup or script on a page: raw HTML
 * is dropped (with a warning) and javascript:, vbscript:, file: and data:
 * addresses lose their address (data: images excepted). Quotes become
 * typographic ones, Swedish (”…” ’…’) unless the language is English.
 *
 * Every heading gets an id made from its text (slug.h), unique within a
 * markdown_ids namespace that a page shares between all its Markdown and
 * its template. The sections "Så deltar du", "Resultat" and
 * "Återkoppling" ("How to take part", "Results", "Feedback" on English
 * pages) can be taken out of the body so the template can place them.
 *
 * Checks, reported at their place in the file:
 *   error    an image without alternative text (WCAG 1.1.1)
 *   error    a section heading written twice
 *   error    (with MARKDOWN_EXTRACT_SECTIONS) a top-level heading, or a
 *            paragraph that looks like one ("##Så deltar du"), close to a
 *            section name that is absent: misspelt, another level, a
 *            colon at the end, an odd space, a missing space after #
 *   warning  a level-1 heading (the page title is the only one)
 *   warning  a skipped heading level (## then ####), an empty heading
 *   warning  link text that says nothing out of context ("klicka här",
 *            "läs mer", "click here", ...) or no link text (WCAG 2.4.4)
 *   warning  raw HTML (other than comments), a dropped address
 *   error    an address starting with "www." (no https://: it would lead
 *            to a page of this site that does not exist)
 * After 100 of either kind in one call, one more line says that the rest
 * is not shown.
 *
 * Everything here is reentrant: pages render in parallel. */
#ifndef TRAPPA_MARKDOWN_H
#define TRAPPA_MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* ---- id namespace -------------------------------------------------------- */

typedef struct markdown_id_slot markdown_id_slot;

/* The ids used on one page. Not shared between threads. */
typedef struct markdown_ids {
	markdown_id_slot *slots; /* hash table, open addressing */
	size_t cap, len;
} markdown_ids;

#define MARKDOWN_IDS_INIT { NULL, 0, 0 }

void markdown_ids_init(markdown_ids *ids);
/* Takes id for the template's own use, so no heading gets it. Returns 0,
 * or -1 when it was already taken. */
int markdown_ids_reserve(markdown_ids *ids, const char *id);
/* 1 when id is taken, 0 otherwise. */
int markdown_ids_contains(const markdown_ids *ids, const char *id);
/* Takes base, or when that is taken base-2, base-3, ... and appends the
 * id taken to out. Returns 0. */
int markdown_ids_unique(buf *out, markdown_ids *ids, const char *base);
void markdown_ids_free(markdown_ids *ids);

/* ---- rendering ----------------------------------------------------------- */

typedef enum markdown_section {
	MARKDOWN_SECTION_TAKE_PART, /* "Så deltar du" / "How to take part" */
	MARKDOWN_SECTION_RESULTS,   /* "Resultat" / "Results" */
	MARKDOWN_SECTION_FEEDBACK,  /* "Återkoppling" / "Feedback" */
	MARKDOWN_SECTION_COUNT
} markdown_section;

/* Flags for markdown_render. */
#define MARKDOWN_EXTRACT_SECTIONS (1u << 0)
/* Keep every link and image address that may point into the site (no
 * scheme other than http(s), not only a #fragment) in doc->links, for the
 * caller to check once it knows the whole site. */
#define MARKDOWN_COLLECT_LINKS (1u << 1)

typedef struct markdown_link {
	char *url;
	int line, col; /* where the link or image starts in the file */
	int image;
} markdown_link;

typedef struct markdown_doc {
	buf html; /* the body: everything not taken out as a section */
	/* A section's content without its heading (the template writes its
	 * own), up to the next heading of level 1 or 2. */
	buf sections[MARKDOWN_SECTION_COUNT];
	/* File line of the section's heading; 0 when the section is absent. */
	int section_line[MARKDOWN_SECTION_COUNT];
	markdown_link *links; /* with MARKDOWN_COLLECT_LINKS */
	size_t n_links, links_cap;
} markdown_doc;

void markdown_doc_init(markdown_doc *doc);
void markdown_doc_free(markdown_doc *doc);

/* Renders the Markdown src[0..len) (UTF-8; a BOM and CRLF are fine) into
 * *out, which it initialises; free it with markdown_doc_free whatever the
 * result.
 *
 * path and first_line place the diagnostics: src[0] is on line first_line
 * of the file path (the line after the front matter). Columns count code
 * points from 1, like utf8_position.
 *
 * ids is the page's id namespace (NULL: one just for this call). lang is
 * the page's language tag: English when lang_is_english says so (lang.h),
 * anything else (also NULL) Swedish; it picks the quotes and the section names.
 *
 * Section headings are level-2 headings at the top level of the document
 * whose whole text is a section name (case and surrounding whitespace do
 * not matter). They are taken out only with MARKDOWN_EXTRACT_SECTIONS;
 * otherwise they are ordinary headings.
 *
 * Returns 0, or -1 when it reported an error. Either way *out holds the
 * whole rendering, so checking can go on. */
int markdown_render(markdown_doc *out, diag_list *diags, markdown_ids *ids, const char *path,
		    const char *src, size_t len, int first_line, const char *lang,
		    unsigned flags);

/* The sections that markdown_render would find in the Markdown src[0..len)
 * (the body, without front matter) for language lang: bit (1u << s) is set
 * when section s has its heading. The same cmark parse, so a heading in an
 * HTML comment, in code, in a quote or a list, or of another level does
 * not count. */
unsigned markdown_sections(const char *src, size_t len, const char *lang);

/* The heading that marks section s in language lang (see markdown_render),
 * e.g. "Så deltar du". */
const char *markdown_section_title(markdown_section s, const char *lang);

/* Appends the text of the Markdown src[0..len) without any markup, for
 * feeds and descriptions: one line, whitespace collapsed, typographic
 * quotes for lang, image alternative texts included, raw HTML left out.
 * Returns 0. */
int markdown_plain_text(buf *out, const char *src, size_t len, const char *lang);
/* The text of HTML that markdown_render wrote: tags dropped, block ends as
 * spaces, the entities cmark writes decoded, whitespace collapsed. */
void markdown_html_to_text(buf *out, const char *html, size_t len);

#endif

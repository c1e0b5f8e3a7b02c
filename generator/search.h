/* search: /sok/, the search page that needs no server, and its index.
 *
 * Without JavaScript /sok/ lists every published dialogue A–Ö with links
 * to the facet lists. With it, sok.js (the theme's static/sok.js) loads
 * sok/index.json and filters that list as the reader types:
 *
 *   {"version": 1,
 *    "stop": ["alla", ...],                   words the index leaves out
 *    "facets": [{"key": "status", "values": [["pagaende", "Pågående"], ...]},
 *               ... niva, namnd, omrade, tema, malgrupp, ar, typ,
 *               politiker, lopande, utvarderad],
 *    "dialogues": [["words ...", status, niva, namnd, [omrade...],
 *                   [tema...], [malgrupp...], ar, typ, politiker,
 *                   lopande, utvarderad], ...]}
 *
 * politiker, lopande and utvarderad are yes or no: [["ja", "Ja"], ["nej",
 * "Nej"]], 0 or 1 in a dialogue.
 *
 * Dialogues are in the order of the page's list (A–Ö), which is how
 * sok.js finds each one's list item; a facet is the index of its value in
 * that facet's "values" (-1: none). "words" are the distinct words of the
 * title, summary, facet values and the body's headings and first
 * paragraph (model.h: lead_text), lower case, in the order first seen,
 * without stop words, one-letter words, numbers of one or two digits and
 * the words most dialogues have (search.c: "common"), which "stop" lists
 * too. A query word matches a
 * dialogue when it is part of one of its words, so "parkering" finds
 * "cykelparkering"; sok.js ignores query words listed in "stop".
 *
 * At 10 000 dialogues of the bench corpus (tests/bench/gen-corpus.py) the
 * index is about 100 KiB gzipped; the budget is 200 KiB. The whole body
 * made it 3.5 MiB.
 *
 * Layer: above pages (the facets and the page context), below site. */
#ifndef TRAPPA_SEARCH_H
#define TRAPPA_SEARCH_H

#include "buf.h"
#include "pages.h"
#include "value.h"

/* Appends to out (a space-separated list; may already hold words) the
 * words of text[0..len) that it does not hold yet: lower case (ASCII and
 * Latin-1), split at anything but letters and digits, without stop words,
 * words of one character and numbers of one or two digits. */
void search_words(buf *out, const char *text, size_t len);

/* 1 when word (lower case) is a stop word the index leaves out. */
int search_is_stop_word(const char *word, size_t len);

/* Compares two titles in Swedish alphabetical order: case ignored, å ä ö
 * after z, accented letters as their base letter. */
int search_collate(const char *a, const char *b);

/* The published originals in A–Ö order of their titles (ties by slug);
 * *n gets their number. Free the result. */
size_t *search_order(const pages *pg, size_t *n);

/* Appends sok/index.json for the dialogues order[0..n). */
void search_index(buf *out, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT],
		  const size_t *order, size_t n);

/* The context of /sok/ (sok/index.html) for the same dialogues; script_url
 * is sok.js's address, index_url the index's. */
value *search_page(buf *path, const pages *pg, const pages_facet facets[PAGES_FACET_COUNT],
		   const size_t *order, size_t n, const char *script_url, const char *index_url);

#endif

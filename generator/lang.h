/* lang: the one answer to "which language is this?".
 *
 * Every module that picks texts, quotes, month names, section headings or
 * a locale by language asks here, so a page says the same everywhere
 * (html lang, og:locale, interface strings, feeds, calendars, data). The
 * theme has texts in two languages, Swedish and English. A language tag
 * names one of them when its first part, before "-", "_" or the end, is
 * "sv" or "en" in any case: "en", "EN", "en-GB", "sv_SE", "en_US.UTF-8".
 * Nothing here depends on another module. */
#ifndef TRAPPA_LANG_H
#define TRAPPA_LANG_H

#include <stddef.h>

#define LANG_COUNT 2
/* The supported languages' codes: "sv", "en". */
extern const char *const lang_codes[LANG_COUNT];

/* The code of the supported language the tag s[0..n) names ("sv" or
 * "en", static), or NULL when it names neither. */
const char *lang_code_n(const char *s, size_t n);
/* The same for a NUL-terminated tag; NULL for tag NULL. */
const char *lang_code(const char *tag);
/* 1 when tag names English; 0 otherwise (also for NULL: Swedish is the
 * default everywhere). */
int lang_is_english(const char *tag);
int lang_is_english_n(const char *s, size_t n);

/* Splits a Markdown file name, "slug.md" or "slug.xx.md" where xx (2 or
 * 3 letters a-z) is the language code of a translation. Returns -1 when
 * name does not end in ".md"; else 0, with *slug_len the length of the
 * slug, and *code pointing at the language code in name (*code_len
 * bytes) or NULL when the name has none. */
int lang_split_file_name(size_t *slug_len, const char **code, size_t *code_len, const char *name);

/* The name of the language a meeting is held in (ISO 639 code, lower
 * case: "ar"), for the page: in Swedish (english 0) or English, and in
 * the language itself (*autonym; NULL when it is the same as the name).
 * NULL for a code the table does not know: the page shows it as written. */
const char *lang_name(const char **autonym, const char *code, int english);
/* 1 when s looks like an ISO 639 code: 2 or 3 letters a-z, optionally a
 * region or script ("pt-BR", "sr-Latn"). */
int lang_code_is_valid(const char *s);
/* The code whose Swedish or English name s is ("arabiska", "Arabic"; any
 * case), for "menade du"; NULL when none. */
const char *lang_code_of_name(const char *s);

#endif

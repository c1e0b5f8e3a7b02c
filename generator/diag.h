/* diag: diagnostics for people who are not programmers.
 *
 * Every problem is `path:line:col: error|warning: message`, the form
 * compilers and editors understand. Messages are written twice, Swedish
 * and English; the language is chosen once per process (TRAPPA_LANG, then
 * LC_ALL / LC_MESSAGES / LANG starting with "en"; Swedish otherwise).
 * Use the DIAG_ERROR/DIAG_WARNING macros: they check both format strings
 * against the arguments at compile time. */
#ifndef TRAPPA_DIAG_H
#define TRAPPA_DIAG_H

#include <stdarg.h>
#include <stdio.h>

typedef enum diag_severity { DIAG_SEV_ERROR, DIAG_SEV_WARNING } diag_severity;

typedef struct diag {
	diag_severity severity;
	char *path; /* as shown: may carry a "abc1234:" commit prefix */
	int line, col; /* 1-based; 0 when unknown */
	char *message;
} diag;

typedef struct diag_list {
	diag *items;
	size_t len, cap;
	size_t errors, warnings;
	char *prefix; /* prepended to every path, e.g. "1a2b3c4:"; may be NULL */
} diag_list;

#define DIAG_LIST_INIT { NULL, 0, 0, 0, 0, NULL }

typedef enum diag_language { DIAG_LANG_SV, DIAG_LANG_EN } diag_language;

void diag_set_language(diag_language lang);
diag_language diag_get_language(void);
/* Picks the language from the environment as described above. */
void diag_language_from_env(void);

void diag_add(diag_list *list, diag_severity sev, const char *path, int line, int col,
	      const char *fmt_sv, const char *fmt_en, ...) __attribute__((format(printf, 6, 8)));
void diag_vadd(diag_list *list, diag_severity sev, const char *path, int line, int col,
	       const char *fmt_sv, const char *fmt_en, va_list ap);
int diag_format_check(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define DIAG_ERROR(list, path, line, col, sv, en, ...)                                   \
	((void)sizeof(diag_format_check(en, ##__VA_ARGS__)),                             \
	 diag_add((list), DIAG_SEV_ERROR, (path), (line), (col), sv, en, ##__VA_ARGS__))
#define DIAG_WARNING(list, path, line, col, sv, en, ...)                                 \
	((void)sizeof(diag_format_check(en, ##__VA_ARGS__)),                             \
	 diag_add((list), DIAG_SEV_WARNING, (path), (line), (col), sv, en, ##__VA_ARGS__))

/* The Swedish or the English word, for arguments that differ by language. */
const char *diag_pick(const char *sv, const char *en);

void diag_set_prefix(diag_list *list, const char *prefix);
/* Sorts by path, line, column (stable), so output order is reproducible. */
void diag_sort(diag_list *list);
/* Writes each diagnostic as one line. */
void diag_print(const diag_list *list, FILE *out);
/* Formats one diagnostic (no newline) into a heap string. */
char *diag_format(const diag *d);
void diag_list_free(diag_list *list);
/* Moves every item of src to the end of dst; src becomes empty. */
void diag_list_move(diag_list *dst, diag_list *src);

struct pack_reader;
struct buf;
/* Appends items[from..len) of list in pack.h's format, for caches: paths
 * without the list's prefix, messages in the language they were made in. */
void diag_list_pack(struct buf *out, const diag_list *list, size_t from);
/* Appends what diag_list_pack wrote to list, under list's prefix.
 * Returns 0, or -1 when the input is damaged (list is then as before). */
int diag_list_unpack(diag_list *list, struct pack_reader *r);

/* With TRAPPA_PHASES set in the environment, prints "phase NAME: MS ms"
 * to stderr (the milliseconds since the previous mark): where a build's
 * time goes, for tests/bench/profile.sh and the benchmark's README.
 * Silent otherwise; never part of any output. */
void diag_phase(const char *name);

#endif

/* value: the tree every part of Trappa shares.
 *
 * The front-matter reader produces it, the model reads it and templates
 * render from it. Nodes remember where they came from (1-based line and
 * column; 0 for values the generator made itself) so diagnostics can point
 * at the source. Maps keep insertion order, which keeps output reproducible.
 * A node owns its children; value_free frees the whole subtree. */
#ifndef TRAPPA_VALUE_H
#define TRAPPA_VALUE_H

#include <stddef.h>
#include <xxhash.h>

#include "buf.h"

typedef enum value_type {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP
} value_type;

typedef struct value value;

typedef struct value_pair {
	char *key;
	int line, col; /* position of the key */
	value *val;
} value_pair;

struct value {
	value_type type;
	int line, col; /* position of the value */
	union {
		int boolean;
		double number;
		struct {
			char *ptr; /* NUL-terminated; may contain NUL if len says so */
			size_t len;
		} str;
		struct {
			value **items;
			size_t len, cap;
			int borrowed; /* a view: the items belong to someone else */
		} list;
		struct {
			value_pair *pairs;
			size_t len, cap;
			/* value_map_index: pair numbers + 1 by key hash (0 = empty), for
			 * large maps read many times; dropped when the map changes. */
			size_t *index;
			size_t index_cap;
		} map;
	} u;
};

value *value_new_null(void);
value *value_new_bool(int b);
value *value_new_number(double n);
value *value_new_string(const char *s, size_t len);
value *value_new_cstring(const char *s);
value *value_new_list(void);
value *value_new_map(void);
/* A list that does not own its items: value_free leaves them alone. For
 * template data that shows the same values many times (a dialogue's card
 * in every list it belongs to); the items must outlive the view. */
value *value_new_view(void);
void value_free(value *v);
value *value_set_pos(value *v, int line, int col);

/* Appends (takes ownership of item). */
void value_list_push(value *list, value *item);
/* Appends key -> val (takes ownership of val; copies key). Does not check
 * for duplicates: callers that must reject them use value_map_get first. */
value_pair *value_map_put(value *map, const char *key, value *val);
/* Like value_map_put, but replaces (and frees) an existing entry. */
void value_map_set(value *map, const char *key, value *val);
/* Removes key from map and returns its value (the caller owns it), or
 * NULL when absent. */
value *value_map_take(value *map, const char *key);
/* Convenience setters used when building template data. */
void value_map_set_string(value *map, const char *key, const char *s);
void value_map_set_bool(value *map, const char *key, int b);
void value_map_set_number(value *map, const char *key, double n);

/* NULL when v is not a map or has no such key. */
value *value_map_get(const value *v, const char *key);
const value_pair *value_map_get_pair(const value *v, const char *key);
/* The same for a key of len bytes that need not be NUL-terminated. */
const value_pair *value_map_get_pairn(const value *v, const char *key, size_t len);
/* Makes lookups in map constant-time: for maps with many keys that are
 * read many times (a theme's strings, read for every page). Changes keep
 * the index up to date, and a map that grows to 32 keys gets one by
 * itself (a page's context). With a duplicate key, lookups find the first,
 * as without an index. Build it before sharing the map between threads:
 * lookups only read it. */
void value_map_index(value *map);
/* The string when v is a string, else NULL. */
const char *value_string(const value *v);
size_t value_list_len(const value *v);
value *value_list_at(const value *v, size_t i);
/* A list field where a single text counts as a list of one (`areas`,
 * `case_numbers`, a meeting's `access`): its length, and item i (NULL
 * past the end). */
size_t value_items_len(const value *v);
const value *value_items_at(const value *v, size_t i);

/* Mustache truthiness: null, false, empty list are false; everything
 * else (including "" and 0) is true, as the spec demands. */
int value_is_truthy(const value *v);
/* Appends the text form of a scalar: strings as-is, numbers in shortest
 * round-trip form ("1.21", "85"), booleans as "true"/"false", null as "".
 * Lists and maps append nothing. */
void value_to_text(buf *out, const value *v);
/* 1 when a and b hold the same data (positions aside). Recursion is
 * bounded by the reader's nesting limit. */
int value_equal(const value *a, const value *b);
/* Deep copy. */
value *value_clone(const value *v);

/* A hash already known for an item of a view (see value_hash), or NULL. */
typedef const XXH128_hash_t *(*value_hash_known)(const void *ctx, const value *item);
/* Feeds v's data (types, lengths, keys, scalars; not positions) to a
 * 128-bit XXH3 state, for keys of what is made from it. An item of a view
 * for which known(ctx, item) gives a hash is fed as a mark no type uses,
 * then that hash: a value shown in many views is hashed once (a card in
 * every list). known may be NULL. */
void value_hash(XXH3_state_t *st, const value *v, value_hash_known known, const void *ctx);

struct pack_reader;
/* Appends v (NULL too) with its positions in pack.h's format, for caches;
 * a view is written as an ordinary list. A NULL inside v packs, but reads
 * back as damage (no loaded tree holds one). */
void value_pack(buf *out, const value *v);
/* Reads what value_pack wrote: 0 and the tree (or NULL) in *out, or -1
 * when the input is damaged (nothing is allocated then). Nesting deeper
 * than VALUE_PACK_DEPTH is damage: the reader's own limit is lower. */
#define VALUE_PACK_DEPTH 300
int value_unpack(value **out, struct pack_reader *r);

#endif

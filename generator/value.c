#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "mem.h"
#include "pack.h"

static value *value_alloc(value_type type)
{
	value *v = mem_calloc(1, sizeof(*v));
	v->type = type;
	return v;
}

value *value_new_null(void)
{
	return value_alloc(VALUE_NULL);
}

value *value_new_bool(int b)
{
	value *v = value_alloc(VALUE_BOOL);
	v->u.boolean = b != 0;
	return v;
}

value *value_new_number(double n)
{
	value *v = value_alloc(VALUE_NUMBER);
	v->u.number = n;
	return v;
}

value *value_new_string(const char *s, size_t len)
{
	value *v = value_alloc(VALUE_STRING);
	v->u.str.ptr = mem_strndup(s, len);
	v->u.str.len = len;
	return v;
}

value *value_new_cstring(const char *s)
{
	return value_new_string(s, strlen(s));
}

value *value_new_list(void)
{
	return value_alloc(VALUE_LIST);
}

value *value_new_map(void)
{
	return value_alloc(VALUE_MAP);
}

value *value_new_view(void)
{
	value *v = value_alloc(VALUE_LIST);
	v->u.list.borrowed = 1;
	return v;
}

value *value_set_pos(value *v, int line, int col)
{
	v->line = line;
	v->col = col;
	return v;
}

void value_free(value *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		free(v->u.str.ptr);
		break;
	case VALUE_LIST:
		for (i = 0; !v->u.list.borrowed && i < v->u.list.len; i++)
			value_free(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case VALUE_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			free(v->u.map.pairs[i].key);
			value_free(v->u.map.pairs[i].val);
		}
		free(v->u.map.pairs);
		free(v->u.map.index);
		break;
	default:
		break;
	}
	free(v);
}

void value_list_push(value *list, value *item)
{
	list->u.list.items = mem_grow_array(list->u.list.items, &list->u.list.cap,
					    list->u.list.len + 1, sizeof(value *));
	list->u.list.items[list->u.list.len++] = item;
}

static size_t key_hash(const char *key, size_t len)
{
	return (size_t)XXH3_64bits(key, len);
}

/* Maps that reach this many keys get an index as they grow: a page's
 * context has over a hundred, each read by name many times. */
#define VALUE_MAP_AUTO_INDEX 32

value_pair *value_map_put(value *map, const char *key, value *val)
{
	value_pair *p;

	map->u.map.pairs = mem_grow_array(map->u.map.pairs, &map->u.map.cap,
					  map->u.map.len + 1, sizeof(value_pair));
	p = &map->u.map.pairs[map->u.map.len++];
	p->key = mem_strdup(key);
	p->line = 0;
	p->col = 0;
	p->val = val;
	if (map->u.map.index && 2 * map->u.map.len <= map->u.map.index_cap) {
		/* After the earlier pairs in the probe order, so a duplicate key
		 * still finds the first, as without an index. */
		size_t mask = map->u.map.index_cap - 1, slot = key_hash(key, strlen(key)) & mask;
		while (map->u.map.index[slot])
			slot = (slot + 1) & mask;
		map->u.map.index[slot] = map->u.map.len;
	} else if (map->u.map.index || map->u.map.len >= VALUE_MAP_AUTO_INDEX) {
		value_map_index(map);
		p = &map->u.map.pairs[map->u.map.len - 1];
	}
	return p;
}

static int key_is(const char *k, const char *key, size_t len)
{
	return (len == 0 || k[0] == key[0]) && strncmp(k, key, len) == 0 && k[len] == '\0';
}

const value_pair *value_map_get_pairn(const value *v, const char *key, size_t len)
{
	size_t i;

	if (!v || v->type != VALUE_MAP)
		return NULL;
	if (v->u.map.index) {
		size_t mask = v->u.map.index_cap - 1, slot = key_hash(key, len) & mask;
		for (; v->u.map.index[slot]; slot = (slot + 1) & mask)
			if (key_is(v->u.map.pairs[v->u.map.index[slot] - 1].key, key, len))
				return &v->u.map.pairs[v->u.map.index[slot] - 1];
		return NULL;
	}
	for (i = 0; i < v->u.map.len; i++)
		if (key_is(v->u.map.pairs[i].key, key, len))
			return &v->u.map.pairs[i];
	return NULL;
}

const value_pair *value_map_get_pair(const value *v, const char *key)
{
	size_t i;

	if (!v || v->type != VALUE_MAP)
		return NULL;
	if (v->u.map.index)
		return value_map_get_pairn(v, key, strlen(key));
	for (i = 0; i < v->u.map.len; i++)
		if (v->u.map.pairs[i].key[0] == key[0] && strcmp(v->u.map.pairs[i].key, key) == 0)
			return &v->u.map.pairs[i];
	return NULL;
}

void value_map_index(value *map)
{
	size_t i, cap = 16, mask;

	if (!map || map->type != VALUE_MAP)
		return;
	while (cap < 2 * map->u.map.len)
		cap *= 2;
	free(map->u.map.index);
	map->u.map.index = mem_calloc(cap, sizeof(size_t));
	map->u.map.index_cap = cap;
	mask = cap - 1;
	for (i = 0; i < map->u.map.len; i++) {
		const char *k = map->u.map.pairs[i].key;
		size_t slot = key_hash(k, strlen(k)) & mask;
		while (map->u.map.index[slot])
			slot = (slot + 1) & mask;
		map->u.map.index[slot] = i + 1;
	}
}

value *value_map_get(const value *v, const char *key)
{
	const value_pair *p = value_map_get_pair(v, key);
	return p ? p->val : NULL;
}

void value_map_set(value *map, const char *key, value *val)
{
	value_pair *p = (value_pair *)value_map_get_pair(map, key);

	if (p) {
		value_free(p->val);
		p->val = val;
		return;
	}
	value_map_put(map, key, val);
}

value *value_map_take(value *map, const char *key)
{
	value_pair *p = (value_pair *)value_map_get_pair(map, key);
	value *val;
	size_t i;

	if (!p)
		return NULL;
	val = p->val;
	i = (size_t)(p - map->u.map.pairs);
	free(p->key);
	memmove(p, p + 1, (map->u.map.len - i - 1) * sizeof(*p));
	map->u.map.len--;
	if (map->u.map.index)
		value_map_index(map); /* pair numbers moved */
	return val;
}

void value_map_set_string(value *map, const char *key, const char *s)
{
	value_map_set(map, key, value_new_cstring(s));
}

void value_map_set_bool(value *map, const char *key, int b)
{
	value_map_set(map, key, value_new_bool(b));
}

void value_map_set_number(value *map, const char *key, double n)
{
	value_map_set(map, key, value_new_number(n));
}

const char *value_string(const value *v)
{
	return v && v->type == VALUE_STRING ? v->u.str.ptr : NULL;
}

size_t value_list_len(const value *v)
{
	return v && v->type == VALUE_LIST ? v->u.list.len : 0;
}

value *value_list_at(const value *v, size_t i)
{
	return i < value_list_len(v) ? v->u.list.items[i] : NULL;
}

size_t value_items_len(const value *v)
{
	return v && v->type == VALUE_STRING ? 1 : value_list_len(v);
}

const value *value_items_at(const value *v, size_t i)
{
	return v && v->type == VALUE_STRING ? (i == 0 ? v : NULL) : value_list_at(v, i);
}

int value_is_truthy(const value *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		return v->u.boolean;
	case VALUE_LIST:
		return v->u.list.len > 0;
	default:
		return 1;
	}
}

void value_to_text(buf *out, const value *v)
{
	char tmp[64];
	int prec;

	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		buf_put(out, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_BOOL:
		buf_puts(out, v->u.boolean ? "true" : "false");
		break;
	case VALUE_NUMBER:
		if (isnan(v->u.number) || isinf(v->u.number)) {
			buf_puts(out, isnan(v->u.number) ? "NaN" : v->u.number < 0 ? "-Infinity" : "Infinity");
			break;
		}
		/* Whole numbers as integers ("1240", not "1.24e+03"); others in the
		 * shortest precision that reads back to the same double. */
		if (v->u.number == floor(v->u.number) && fabs(v->u.number) < 1e15) {
			snprintf(tmp, sizeof(tmp), "%.0f", v->u.number);
			buf_puts(out, strcmp(tmp, "-0") ? tmp : "0");
			break;
		}
		for (prec = 1; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, v->u.number);
			if (strtod(tmp, NULL) == v->u.number)
				break;
		}
		buf_puts(out, tmp);
		break;
	default:
		break;
	}
}

value *value_clone(const value *v)
{
	value *c;
	size_t i;

	if (!v)
		return NULL;
	switch (v->type) {
	case VALUE_STRING:
		c = value_new_string(v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_LIST:
		c = value_new_list();
		for (i = 0; i < v->u.list.len; i++)
			value_list_push(c, value_clone(v->u.list.items[i]));
		break;
	case VALUE_MAP:
		c = value_new_map();
		for (i = 0; i < v->u.map.len; i++) {
			value_pair *p = value_map_put(c, v->u.map.pairs[i].key,
						      value_clone(v->u.map.pairs[i].val));
			p->line = v->u.map.pairs[i].line;
			p->col = v->u.map.pairs[i].col;
		}
		break;
	default:
		c = value_alloc(v->type);
		c->u = v->u;
		break;
	}
	c->line = v->line;
	c->col = v->col;
	return c;
}

int value_equal(const value *a, const value *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case VALUE_NULL:
		return 1;
	case VALUE_BOOL:
		return a->u.boolean == b->u.boolean;
	case VALUE_NUMBER:
		return a->u.number == b->u.number;
	case VALUE_STRING:
		return a->u.str.len == b->u.str.len && !memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len);
	case VALUE_LIST:
		if (a->u.list.len != b->u.list.len)
			return 0;
		for (i = 0; i < a->u.list.len; i++)
			if (!value_equal(a->u.list.items[i], b->u.list.items[i]))
				return 0;
		return 1;
	case VALUE_MAP:
		if (a->u.map.len != b->u.map.len)
			return 0;
		for (i = 0; i < a->u.map.len; i++)
			if (!value_equal(a->u.map.pairs[i].val, value_map_get(b, a->u.map.pairs[i].key)))
				return 0;
		return 1;
	}
	return 0;
}

/* ---- hash ---------------------------------------------------------------------------- */

void value_hash(XXH3_state_t *st, const value *v, value_hash_known known, const void *ctx)
{
	unsigned char tag = v ? (unsigned char)v->type : 0xff;
	size_t i;

	XXH3_128bits_update(st, &tag, 1);
	if (!v)
		return;
	switch (v->type) {
	case VALUE_BOOL:
		XXH3_128bits_update(st, &v->u.boolean, sizeof(v->u.boolean));
		break;
	case VALUE_NUMBER:
		XXH3_128bits_update(st, &v->u.number, sizeof(v->u.number));
		break;
	case VALUE_STRING:
		XXH3_128bits_update(st, &v->u.str.len, sizeof(v->u.str.len));
		XXH3_128bits_update(st, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_LIST:
		XXH3_128bits_update(st, &v->u.list.len, sizeof(v->u.list.len));
		for (i = 0; i < v->u.list.len; i++) {
			const value *item = v->u.list.items[i];
			const XXH128_hash_t *h =
			    known && v->u.list.borrowed ? known(ctx, item) : NULL;
			if (h) {
				static const unsigned char known_mark = 0xfe;
				XXH3_128bits_update(st, &known_mark, 1);
				XXH3_128bits_update(st, &h->high64, sizeof(h->high64));
				XXH3_128bits_update(st, &h->low64, sizeof(h->low64));
			} else {
				value_hash(st, item, known, ctx);
			}
		}
		break;
	case VALUE_MAP:
		XXH3_128bits_update(st, &v->u.map.len, sizeof(v->u.map.len));
		for (i = 0; i < v->u.map.len; i++) {
			XXH3_128bits_update(st, v->u.map.pairs[i].key, strlen(v->u.map.pairs[i].key) + 1);
			value_hash(st, v->u.map.pairs[i].val, known, ctx);
		}
		break;
	default:
		break;
	}
}

/* ---- pack ---------------------------------------------------------------------------- */

#define PACK_ABSENT 0xff /* a NULL pointer, as a map's value may be */

void value_pack(buf *out, const value *v)
{
	size_t i;

	if (!v) {
		pack_u8(out, PACK_ABSENT);
		return;
	}
	pack_u8(out, (unsigned)v->type);
	pack_i32(out, v->line);
	pack_i32(out, v->col);
	switch (v->type) {
	case VALUE_BOOL:
		pack_u8(out, v->u.boolean != 0);
		break;
	case VALUE_NUMBER: {
		uint64_t bits;
		memcpy(&bits, &v->u.number, sizeof(bits));
		pack_u64(out, bits);
		break;
	}
	case VALUE_STRING:
		pack_bytes(out, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_LIST:
		pack_u32(out, (uint32_t)v->u.list.len);
		for (i = 0; i < v->u.list.len; i++)
			value_pack(out, v->u.list.items[i]);
		break;
	case VALUE_MAP:
		pack_u32(out, (uint32_t)v->u.map.len);
		for (i = 0; i < v->u.map.len; i++) {
			pack_str(out, v->u.map.pairs[i].key);
			pack_i32(out, v->u.map.pairs[i].line);
			pack_i32(out, v->u.map.pairs[i].col);
			value_pack(out, v->u.map.pairs[i].val);
		}
		break;
	default:
		break;
	}
}

static int unpack_at(value **out, pack_reader *r, int depth)
{
	unsigned type = pack_get_u8(r);
	value *v = NULL;
	uint32_t i, n;
	int line, col;

	*out = NULL;
	if (r->error)
		return -1;
	/* NULL is a whole tree's absence; inside a tree (a list item, a map
	 * value) it is damage: no loaded tree holds one, and readers of the
	 * front matter rely on that. */
	if (type == PACK_ABSENT && depth == 0)
		return 0;
	if (type > VALUE_MAP || depth > VALUE_PACK_DEPTH)
		goto fail;
	line = pack_get_i32(r);
	col = pack_get_i32(r);
	switch ((value_type)type) {
	case VALUE_NULL:
		v = value_new_null();
		break;
	case VALUE_BOOL:
		v = value_new_bool(pack_get_u8(r) != 0);
		break;
	case VALUE_NUMBER: {
		uint64_t bits = pack_get_u64(r);
		double d;
		memcpy(&d, &bits, sizeof(d));
		v = value_new_number(d);
		break;
	}
	case VALUE_STRING: {
		const char *s;
		size_t len;
		if (pack_get_bytes(r, &s, &len) != 0)
			goto fail;
		v = value_new_string(s, len);
		break;
	}
	case VALUE_LIST:
		v = value_new_list();
		n = pack_get_u32(r);
		/* Each item takes a byte at least: a damaged count fails here,
		 * before it can make a huge array. */
		if (n > (size_t)(r->end - r->p))
			goto fail;
		for (i = 0; i < n && !r->error; i++) {
			value *item;
			if (unpack_at(&item, r, depth + 1) != 0)
				goto fail;
			value_list_push(v, item);
		}
		break;
	case VALUE_MAP:
		v = value_new_map();
		n = pack_get_u32(r);
		if (n > (size_t)(r->end - r->p))
			goto fail;
		for (i = 0; i < n && !r->error; i++) {
			char *key;
			value *val;
			value_pair *p;
			int kl, kc;
			if (pack_get_str(r, &key) != 0 || !key) {
				free(key);
				goto fail;
			}
			kl = pack_get_i32(r);
			kc = pack_get_i32(r);
			if (unpack_at(&val, r, depth + 1) != 0) {
				free(key);
				goto fail;
			}
			p = value_map_put(v, key, val);
			p->line = kl;
			p->col = kc;
			free(key);
		}
		break;
	}
	if (r->error)
		goto fail;
	*out = value_set_pos(v, line, col);
	return 0;
fail:
	r->error = 1;
	value_free(v);
	return -1;
}

int value_unpack(value **out, pack_reader *r)
{
	return unpack_at(out, r, 0);
}

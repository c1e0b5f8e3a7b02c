/* Unit tests for value: the shared tree of scalars, lists and maps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "pack.h"
#include "value.h"

/* The text form of v, as a heap string. */
static char *text_of(const value *v)
{
	buf b = BUF_INIT;
	value_to_text(&b, v);
	return buf_detach(&b);
}

static void assert_text(const value *v, const char *expected)
{
	char *s = text_of(v);
	assert_string_equal(s, expected);
	free(s);
}

static void assert_number_text(double n, const char *expected)
{
	value *v = value_new_number(n);
	assert_text(v, expected);
	value_free(v);
}

static void test_constructors(void **state)
{
	value *v;

	(void)state;
	v = value_new_null();
	assert_int_equal(v->type, VALUE_NULL);
	assert_int_equal(v->line, 0);
	assert_int_equal(v->col, 0);
	value_free(v);

	v = value_new_bool(5); /* normalised to 1 */
	assert_int_equal(v->type, VALUE_BOOL);
	assert_int_equal(v->u.boolean, 1);
	value_free(v);
	v = value_new_bool(0);
	assert_int_equal(v->u.boolean, 0);
	value_free(v);

	v = value_new_number(2.5);
	assert_int_equal(v->type, VALUE_NUMBER);
	assert_true(v->u.number == 2.5);
	value_free(v);

	v = value_new_string("abcdef", 3);
	assert_int_equal(v->type, VALUE_STRING);
	assert_int_equal(v->u.str.len, 3);
	assert_string_equal(v->u.str.ptr, "abc"); /* copied and terminated */
	assert_string_equal(value_string(v), "abc");
	value_free(v);

	v = value_new_string("a\0b", 3);
	assert_int_equal(v->u.str.len, 3);
	assert_memory_equal(v->u.str.ptr, "a\0b", 4);
	value_free(v);

	v = value_new_cstring("åäö");
	assert_int_equal(v->u.str.len, strlen("åäö"));
	assert_string_equal(value_string(v), "åäö");
	value_free(v);

	v = value_new_list();
	assert_int_equal(v->type, VALUE_LIST);
	assert_int_equal(value_list_len(v), 0);
	assert_null(value_list_at(v, 0));
	value_free(v);

	v = value_new_map();
	assert_int_equal(v->type, VALUE_MAP);
	assert_int_equal(v->u.map.len, 0);
	assert_null(value_map_get(v, "x"));
	value_free(v);

	value_free(NULL); /* allowed */
}

static void test_set_pos(void **state)
{
	value *v = value_new_null();

	(void)state;
	assert_ptr_equal(value_set_pos(v, 12, 7), v);
	assert_int_equal(v->line, 12);
	assert_int_equal(v->col, 7);
	value_free(v);
}

static void test_string_accessor_on_other_types(void **state)
{
	value *n = value_new_number(1);
	value *l = value_new_list();

	(void)state;
	assert_null(value_string(NULL));
	assert_null(value_string(n));
	assert_null(value_string(l));
	assert_int_equal(value_list_len(NULL), 0);
	assert_int_equal(value_list_len(n), 0); /* not a list */
	assert_null(value_list_at(n, 0));
	assert_null(value_map_get(NULL, "a"));
	assert_null(value_map_get(n, "a")); /* not a map */
	assert_null(value_map_get_pair(l, "a"));
	value_free(n);
	value_free(l);
}

static void test_map_put_get(void **state)
{
	value *m = value_new_map();
	value *a = value_new_cstring("A");
	value_pair *p;
	const value_pair *q;
	char key[8] = "title";

	(void)state;
	p = value_map_put(m, key, a);
	assert_non_null(p);
	assert_string_equal(p->key, "title");
	assert_ptr_not_equal(p->key, key); /* the key is copied */
	assert_int_equal(p->line, 0);
	assert_int_equal(p->col, 0);
	p->line = 3;
	p->col = 1;
	key[0] = 'X'; /* changing the caller's key changes nothing */
	assert_ptr_equal(value_map_get(m, "title"), a);
	assert_null(value_map_get(m, "Xitle"));
	assert_null(value_map_get(m, "titl"));
	assert_null(value_map_get(m, "Title"));
	q = value_map_get_pair(m, "title");
	assert_non_null(q);
	assert_ptr_equal(q->val, a);
	assert_int_equal(q->line, 3);
	assert_int_equal(q->col, 1);
	value_free(m);
}

static void test_map_set_replaces_and_frees_old(void **state)
{
	value *m = value_new_map();
	value *nested = value_new_list();
	value *repl = value_new_cstring("new");

	(void)state;
	value_list_push(nested, value_new_cstring("old item"));
	value_map_set(m, "a", value_new_number(1));
	value_map_set(m, "b", nested);
	value_map_set(m, "c", value_new_bool(1));
	assert_int_equal(m->u.map.len, 3);

	/* Replacing keeps the slot (and its order); ASan reports a leak if the
	 * old list were not freed. */
	value_map_set(m, "b", repl);
	assert_int_equal(m->u.map.len, 3);
	assert_string_equal(m->u.map.pairs[1].key, "b");
	assert_ptr_equal(m->u.map.pairs[1].val, repl);
	assert_ptr_equal(value_map_get(m, "b"), repl);

	value_map_set_string(m, "a", "text");
	value_map_set_bool(m, "c", 0);
	value_map_set_number(m, "d", 4.5);
	assert_int_equal(m->u.map.len, 4);
	assert_string_equal(value_string(value_map_get(m, "a")), "text");
	assert_int_equal(value_map_get(m, "c")->type, VALUE_BOOL);
	assert_int_equal(value_map_get(m, "c")->u.boolean, 0);
	assert_int_equal(value_map_get(m, "d")->type, VALUE_NUMBER);
	assert_true(value_map_get(m, "d")->u.number == 4.5);
	value_free(m);
}

static void test_map_keeps_insertion_order(void **state)
{
	static const char *keys[] = { "zeta", "alpha", "mu", "beta", "omega", "delta",
				      "gamma", "kappa", "eta", "iota", "lambda", "nu" };
	const size_t n = sizeof(keys) / sizeof(keys[0]);
	value *m = value_new_map();
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) /* more than the initial capacity: forces growth */
		value_map_put(m, keys[i], value_new_number((double)i));
	value_map_set_number(m, "mu", 100); /* replacing does not move it */
	assert_int_equal(m->u.map.len, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(m->u.map.pairs[i].key, keys[i]);
		assert_true(m->u.map.pairs[i].val->u.number == (i == 2 ? 100.0 : (double)i));
	}
	value_free(m);
}

static void test_list_push_at_len(void **state)
{
	value *l = value_new_list();
	value *items[20];
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++) {
		items[i] = value_new_number((double)i);
		value_list_push(l, items[i]);
		assert_int_equal(value_list_len(l), i + 1);
	}
	for (i = 0; i < 20; i++)
		assert_ptr_equal(value_list_at(l, i), items[i]);
	assert_null(value_list_at(l, 20));
	assert_null(value_list_at(l, (size_t)-1));
	value_free(l);
}

static void test_truthiness(void **state)
{
	value *v;

	(void)state;
	assert_false(value_is_truthy(NULL));

	v = value_new_null();
	assert_false(value_is_truthy(v));
	value_free(v);
	v = value_new_bool(0);
	assert_false(value_is_truthy(v));
	value_free(v);
	v = value_new_bool(1);
	assert_true(value_is_truthy(v));
	value_free(v);

	v = value_new_list();
	assert_false(value_is_truthy(v)); /* empty list */
	value_list_push(v, value_new_bool(0));
	assert_true(value_is_truthy(v)); /* non-empty, even of false */
	value_free(v);

	v = value_new_cstring("");
	assert_true(value_is_truthy(v)); /* "" is true in Mustache */
	value_free(v);
	v = value_new_cstring("false");
	assert_true(value_is_truthy(v));
	value_free(v);
	v = value_new_number(0);
	assert_true(value_is_truthy(v)); /* 0 is true */
	value_free(v);
	v = value_new_number(-1);
	assert_true(value_is_truthy(v));
	value_free(v);
	v = value_new_map();
	assert_true(value_is_truthy(v)); /* even an empty map */
	value_free(v);
}

static void test_to_text_scalars(void **state)
{
	value *v;
	buf b = BUF_INIT;

	(void)state;
	v = value_new_cstring("hej & då");
	assert_text(v, "hej & då"); /* no escaping here */
	value_free(v);
	v = value_new_string("a\0b", 3);
	value_to_text(&b, v);
	assert_int_equal(b.size, 3);
	assert_memory_equal(b.ptr, "a\0b", 3);
	buf_free(&b);
	value_free(v);

	v = value_new_bool(1);
	assert_text(v, "true");
	value_free(v);
	v = value_new_bool(0);
	assert_text(v, "false");
	value_free(v);
	v = value_new_null();
	assert_text(v, "");
	value_free(v);
	assert_text(NULL, "");

	v = value_new_list();
	value_list_push(v, value_new_cstring("x"));
	assert_text(v, "");
	value_free(v);
	v = value_new_map();
	value_map_set_string(v, "k", "x");
	assert_text(v, "");
	value_free(v);

	/* value_to_text appends. */
	buf_puts(&b, "n=");
	v = value_new_number(3);
	value_to_text(&b, v);
	assert_true(buf_equals(&b, "n=3"));
	value_free(v);
	buf_free(&b);
}

static void test_to_text_numbers(void **state)
{
	(void)state;
	assert_number_text(1.210, "1.21");
	assert_number_text(85, "85");
	assert_number_text(-3, "-3");
	assert_number_text(0, "0");
	assert_number_text(-0.0, "0");
	assert_number_text(0.1, "0.1");
	assert_number_text(2.5, "2.5");
	assert_number_text(-0.75, "-0.75");
	assert_number_text(1.0 / 3.0, "0.3333333333333333");
	assert_number_text(7, "7");
	assert_number_text(42, "42");
	assert_number_text(123456, "123456");
	assert_number_text(3.14159, "3.14159");
	assert_number_text(NAN, "NaN");
	assert_number_text(INFINITY, "Infinity");
	assert_number_text(-INFINITY, "-Infinity");
}

/* Integers whose shortest %g form is exponential must still print as
 * plain integers: a year, a count, a price. */
static void test_to_text_round_integers(void **state)
{
	(void)state;
	assert_number_text(1240, "1240");
	assert_number_text(100, "100");
	assert_number_text(10, "10");
	assert_number_text(20, "20");
	assert_number_text(-300, "-300");
	assert_number_text(2000, "2000");
	assert_number_text(2017, "2017");
	assert_number_text(1000000, "1000000");
	assert_number_text(1500, "1500");
	assert_number_text(12.5e3, "12500");
}

static void assert_same_tree(const value *a, const value *b)
{
	size_t i;

	assert_ptr_not_equal(a, b);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	switch (a->type) {
	case VALUE_BOOL:
		assert_int_equal(a->u.boolean, b->u.boolean);
		break;
	case VALUE_NUMBER:
		assert_true(a->u.number == b->u.number);
		break;
	case VALUE_STRING:
		assert_int_equal(a->u.str.len, b->u.str.len);
		assert_ptr_not_equal(a->u.str.ptr, b->u.str.ptr);
		assert_memory_equal(a->u.str.ptr, b->u.str.ptr, a->u.str.len + 1);
		break;
	case VALUE_LIST:
		assert_int_equal(a->u.list.len, b->u.list.len);
		for (i = 0; i < a->u.list.len; i++)
			assert_same_tree(a->u.list.items[i], b->u.list.items[i]);
		break;
	case VALUE_MAP:
		assert_int_equal(a->u.map.len, b->u.map.len);
		for (i = 0; i < a->u.map.len; i++) {
			const value_pair *p = &a->u.map.pairs[i], *q = &b->u.map.pairs[i];
			assert_string_equal(p->key, q->key);
			assert_ptr_not_equal(p->key, q->key);
			assert_int_equal(p->line, q->line);
			assert_int_equal(p->col, q->col);
			assert_same_tree(p->val, q->val);
		}
		break;
	default:
		break;
	}
}

/* A small tree with positions everywhere:
 *   { title: "T", tags: [ "a", 2, true, null ], meta: { n: 1.5 } } */
static value *make_tree(void)
{
	value *root = value_set_pos(value_new_map(), 1, 1);
	value *tags = value_set_pos(value_new_list(), 3, 7);
	value *meta = value_set_pos(value_new_map(), 5, 3);
	value_pair *p;

	p = value_map_put(root, "title", value_set_pos(value_new_cstring("T"), 2, 8));
	p->line = 2;
	p->col = 1;
	value_list_push(tags, value_set_pos(value_new_cstring("a"), 3, 8));
	value_list_push(tags, value_set_pos(value_new_number(2), 3, 11));
	value_list_push(tags, value_set_pos(value_new_bool(1), 3, 14));
	value_list_push(tags, value_set_pos(value_new_null(), 3, 20));
	p = value_map_put(root, "tags", tags);
	p->line = 3;
	p->col = 1;
	p = value_map_put(meta, "n", value_set_pos(value_new_number(1.5), 5, 6));
	p->line = 5;
	p->col = 3;
	p = value_map_put(root, "meta", meta);
	p->line = 4;
	p->col = 1;
	return root;
}

static void test_clone_deep_copies_with_positions(void **state)
{
	value *orig = make_tree();
	value *copy = value_clone(orig);

	(void)state;
	assert_non_null(copy);
	assert_same_tree(orig, copy);

	/* Changing the original does not reach the copy. */
	value_map_set_string(orig, "title", "changed");
	value_list_push(value_map_get(orig, "tags"), value_new_cstring("more"));
	value_free(orig);
	assert_string_equal(value_string(value_map_get(copy, "title")), "T");
	assert_int_equal(value_list_len(value_map_get(copy, "tags")), 4);
	assert_true(value_map_get(value_map_get(copy, "meta"), "n")->u.number == 1.5);
	assert_int_equal(value_map_get(copy, "title")->line, 2);
	assert_int_equal(value_map_get(copy, "title")->col, 8);
	value_free(copy);

	assert_null(value_clone(NULL));
}

static void test_free_nested_tree(void **state)
{
	value *root = value_new_list();
	value *cur = root;
	int i;

	(void)state;
	/* A deep, wide tree; ASan reports any leak or double free. */
	for (i = 0; i < 200; i++) {
		value *m = value_new_map();
		value *l = value_new_list();
		value_map_set_string(m, "s", "text");
		value_map_set_number(m, "n", i);
		value_map_set(m, "tree", make_tree());
		value_map_set(m, "next", l);
		value_list_push(cur, m);
		value_list_push(cur, value_new_cstring("sibling"));
		cur = l;
	}
	value_free(root);
}

static void test_equal(void **state)
{
	value *a = value_new_map(), *b = value_new_map(), *l1 = value_new_list(), *l2 = value_new_list();

	(void)state;
	value_list_push(l1, value_new_cstring("x"));
	value_list_push(l2, value_new_cstring("x"));
	value_map_put(a, "k", l1);
	value_map_put(a, "n", value_new_number(3));
	value_map_put(b, "n", value_set_pos(value_new_number(3), 9, 9)); /* positions do not count */
	value_map_put(b, "k", l2);                                        /* nor key order */
	assert_true(value_equal(a, b));
	value_list_push(l2, value_new_cstring("y"));
	assert_false(value_equal(a, b));
	assert_false(value_equal(value_map_get(a, "n"), value_map_get(a, "k")));
	assert_true(value_equal(NULL, NULL));
	assert_false(value_equal(a, NULL));
	value_free(a);
	value_free(b);
}

/* A view lists values it does not own: freeing it leaves them alone (ASan
 * and valgrind would report a double free otherwise), and a clone of it
 * owns copies. */
static void test_view_does_not_own_items(void **state)
{
	value *card = value_new_map(), *view = value_new_view(), *copy;

	(void)state;
	value_map_set_string(card, "title", "Parken");
	value_list_push(view, card);
	value_list_push(view, card);
	assert_int_equal(value_list_len(view), 2);
	assert_ptr_equal(value_list_at(view, 1), card);
	copy = value_clone(view);
	assert_ptr_not_equal(value_list_at(copy, 0), card);
	assert_true(value_equal(copy, view));
	value_free(view);
	value_free(copy);
	assert_string_equal(value_string(value_map_get(card, "title")), "Parken");
	value_free(card);
}

/* An indexed map finds the same pairs as a plain one, by NUL-terminated
 * and by counted keys, misses what is absent, and forgets the index when a
 * key is added (the new key is then found too). */
static void test_map_index(void **state)
{
	value *m = value_new_map();
	char key[16];
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		value_map_set_number(m, key, i);
	}
	value_map_index(m);
	assert_non_null(m->u.map.index);
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal((int)value_map_get(m, key)->u.number, i);
	}
	assert_null(value_map_get(m, "k300"));
	assert_null(value_map_get(m, "k"));
	assert_int_equal((int)value_map_get_pairn(m, "k12xyz", 3)->val->u.number, 12);
	assert_null(value_map_get_pairn(m, "k12xyz", 4));
	value_map_set_number(m, "k5", 55); /* replacing keeps the index */
	assert_non_null(m->u.map.index);
	assert_int_equal((int)value_map_get(m, "k5")->u.number, 55);
	value_map_set_number(m, "ny", 1); /* a new key goes into the index */
	assert_non_null(m->u.map.index);
	assert_int_equal((int)value_map_get(m, "ny")->u.number, 1);
	assert_int_equal((int)value_map_get(m, "k299")->u.number, 299);
	/* Taking a key out renumbers the pairs: the index follows. */
	value_free(value_map_take(m, "k0"));
	assert_non_null(m->u.map.index);
	assert_null(value_map_get(m, "k0"));
	assert_int_equal((int)value_map_get(m, "k1")->u.number, 1);
	assert_int_equal((int)value_map_get(m, "ny")->u.number, 1);
	value_map_index(m);
	value_map_index(m); /* again: replaces, does not leak */
	assert_int_equal((int)value_map_get(m, "ny")->u.number, 1);
	value_map_index(NULL);
	value_free(m);
}

/* A map indexes itself as it grows to 32 keys, keeps finding every key
 * as it grows on (the index is rebuilt larger), and with a duplicate key
 * finds the first, as a small map without an index does. */
static void test_map_auto_index(void **state)
{
	value *m = value_new_map(), *small = value_new_map();
	char key[16];
	int i, j;

	(void)state;
	for (i = 0; i < 31; i++) {
		snprintf(key, sizeof(key), "f%d", i);
		value_map_put(m, key, value_new_number(i));
	}
	assert_null(m->u.map.index);
	for (i = 31; i < 1000; i++) {
		snprintf(key, sizeof(key), "f%d", i);
		value_map_put(m, key, value_new_number(i));
		assert_non_null(m->u.map.index);
		assert_true(2 * m->u.map.len <= m->u.map.index_cap);
		if (i % 97 == 0)
			for (j = 0; j <= i; j++) {
				snprintf(key, sizeof(key), "f%d", j);
				assert_int_equal((int)value_map_get(m, key)->u.number, j);
			}
	}
	value_map_put(m, "f7", value_new_number(-1));
	assert_int_equal((int)value_map_get(m, "f7")->u.number, 7);
	value_map_put(small, "a", value_new_number(1));
	value_map_put(small, "a", value_new_number(2));
	assert_int_equal((int)value_map_get(small, "a")->u.number, 1);
	value_free(m);
	value_free(small);
}

/* A list field where a single text is a list of one. */
static void test_items(void **state)
{
	value *one = value_new_cstring("Hamnen"), *list = value_new_list(), *num = value_new_number(3);

	(void)state;
	value_list_push(list, value_new_cstring("a"));
	value_list_push(list, value_new_cstring("b"));
	assert_int_equal(value_items_len(one), 1);
	assert_ptr_equal(value_items_at(one, 0), one);
	assert_null(value_items_at(one, 1));
	assert_int_equal(value_items_len(list), 2);
	assert_string_equal(value_string(value_items_at(list, 1)), "b");
	assert_null(value_items_at(list, 2));
	assert_int_equal(value_items_len(num), 0);
	assert_int_equal(value_items_len(NULL), 0);
	assert_null(value_items_at(NULL, 0));
	value_free(one);
	value_free(list);
	value_free(num);
}

/* A tree with every type, positions and a NUL inside a string. */
static value *pack_sample(void)
{
	value *m = value_set_pos(value_new_map(), 1, 1), *l = value_set_pos(value_new_list(), 3, 5);
	value_pair *p;

	value_list_push(l, value_set_pos(value_new_string("a\0b", 3), 3, 7));
	value_list_push(l, value_set_pos(value_new_number(-0.25), 4, 7));
	value_list_push(l, value_new_null());
	p = value_map_put(m, "lista", l);
	p->line = 3;
	p->col = 1;
	value_map_put(m, "sant", value_set_pos(value_new_bool(1), 6, 7));
	value_map_put(m, "tom", value_new_map());
	value_map_put(m, "stor", value_new_number(1e300));
	return m;
}

static void assert_same_positions(const value *a, const value *b)
{
	size_t i;

	assert_true((a == NULL) == (b == NULL));
	if (!a)
		return;
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	if (a->type == VALUE_LIST)
		for (i = 0; i < a->u.list.len; i++)
			assert_same_positions(a->u.list.items[i], b->u.list.items[i]);
	if (a->type == VALUE_MAP)
		for (i = 0; i < a->u.map.len; i++) {
			assert_string_equal(a->u.map.pairs[i].key, b->u.map.pairs[i].key);
			assert_int_equal(a->u.map.pairs[i].line, b->u.map.pairs[i].line);
			assert_int_equal(a->u.map.pairs[i].col, b->u.map.pairs[i].col);
			assert_same_positions(a->u.map.pairs[i].val, b->u.map.pairs[i].val);
		}
}

static void test_pack_round_trip(void **state)
{
	value *v = pack_sample(), *back = NULL;
	buf b = BUF_INIT;
	pack_reader r;

	(void)state;
	value_pack(&b, v);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), 0);
	assert_true(r.p == r.end);
	assert_non_null(back);
	assert_true(value_equal(v, back));
	assert_same_positions(v, back);
	assert_int_equal(value_list_at(value_map_get(back, "lista"), 0)->u.str.len, 3);
	value_free(back);
	/* NULL itself */
	buf_clear(&b);
	value_pack(&b, NULL);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), 0);
	assert_null(back);
	/* ... but not inside a tree: a map value or a list item left NULL
	 * reads back as damage. */
	value_map_put(v, "saknas", NULL);
	buf_clear(&b);
	value_pack(&b, v);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), -1);
	assert_null(back);
	value_free(v);
	v = value_new_list();
	value_list_push(v, NULL);
	buf_clear(&b);
	value_pack(&b, v);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), -1);
	value_free(v);
	buf_free(&b);
}

/* Every cut of a packed tree, and every single damaged byte, is refused or
 * read as some tree: never a crash, a leak (ASan) or a read past the end. */
static void test_unpack_damaged_input(void **state)
{
	value *v = pack_sample(), *back;
	buf b = BUF_INIT;
	pack_reader r;
	size_t cut, i;

	(void)state;
	value_pack(&b, v);
	for (cut = 0; cut < b.size; cut++) {
		pack_reader_init(&r, b.ptr, cut);
		back = (value *)1;
		assert_int_equal(value_unpack(&back, &r), -1);
		assert_null(back);
	}
	for (i = 0; i < b.size; i++) {
		char *copy = malloc(b.size);
		assert_non_null(copy);
		memcpy(copy, b.ptr, b.size);
		copy[i] ^= 0x5a;
		pack_reader_init(&r, copy, b.size);
		if (value_unpack(&back, &r) == 0)
			value_free(back);
		free(copy);
	}
	value_free(v);
	buf_free(&b);
}

/* Nesting deeper than VALUE_PACK_DEPTH is damage, not a deep recursion. */
static void test_unpack_depth_limit(void **state)
{
	buf b = BUF_INIT;
	pack_reader r;
	value *back;
	int i;

	(void)state;
	for (i = 0; i < VALUE_PACK_DEPTH + 10; i++) {
		pack_u8(&b, VALUE_LIST);
		pack_i32(&b, 0);
		pack_i32(&b, 0);
		pack_u32(&b, 1);
	}
	pack_u8(&b, VALUE_NULL);
	pack_i32(&b, 0);
	pack_i32(&b, 0);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), -1);
	assert_null(back);
	/* A count far beyond the bytes left fails before allocating. */
	buf_clear(&b);
	pack_u8(&b, VALUE_MAP);
	pack_i32(&b, 0);
	pack_i32(&b, 0);
	pack_u32(&b, 0xfffffff0u);
	pack_reader_init(&r, b.ptr, b.size);
	assert_int_equal(value_unpack(&back, &r), -1);
	buf_free(&b);
}

static XXH128_hash_t hash_of(const value *v, value_hash_known known, const void *ctx)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;

	assert_non_null(st);
	XXH3_128bits_reset(st);
	value_hash(st, v, known, ctx);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return h;
}

static const XXH128_hash_t *known_card(const void *ctx, const value *item)
{
	const value *card = ((const value *const *)ctx)[0];
	static const XXH128_hash_t fixed = { 1, 2 };
	return item == card ? &fixed : NULL;
}

/* The data counts, positions do not; an item of a view with a known hash
 * is fed as that hash, and a change in data changes the hash. */
static void test_hash(void **state)
{
	value *a = pack_sample(), *b = value_clone(a), *card = value_new_cstring("kort");
	value *view = value_new_view(), *other = value_new_view();
	const value *ctx[1] = { card };

	(void)state;
	value_set_pos(b, 9, 9);
	assert_true(XXH128_isEqual(hash_of(a, NULL, NULL), hash_of(b, NULL, NULL)));
	value_map_set_number(b, "stor", 2);
	assert_false(XXH128_isEqual(hash_of(a, NULL, NULL), hash_of(b, NULL, NULL)));
	value_list_push(view, card);
	value_list_push(other, card);
	assert_true(XXH128_isEqual(hash_of(view, known_card, ctx), hash_of(other, known_card, ctx)));
	assert_false(XXH128_isEqual(hash_of(view, known_card, ctx), hash_of(view, NULL, NULL)));
	value_free(a);
	value_free(b);
	value_free(view);
	value_free(other);
	value_free(card);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_map_index),
		cmocka_unit_test(test_map_auto_index),
		cmocka_unit_test(test_view_does_not_own_items),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_constructors),
		cmocka_unit_test(test_set_pos),
		cmocka_unit_test(test_string_accessor_on_other_types),
		cmocka_unit_test(test_map_put_get),
		cmocka_unit_test(test_map_set_replaces_and_frees_old),
		cmocka_unit_test(test_map_keeps_insertion_order),
		cmocka_unit_test(test_list_push_at_len),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_to_text_scalars),
		cmocka_unit_test(test_to_text_numbers),
		cmocka_unit_test(test_to_text_round_integers),
		cmocka_unit_test(test_clone_deep_copies_with_positions),
		cmocka_unit_test(test_free_nested_tree),
		cmocka_unit_test(test_pack_round_trip),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_unpack_damaged_input),
		cmocka_unit_test(test_unpack_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

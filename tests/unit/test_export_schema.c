/* The JSON Schema of data/schema.json (kept by hand in export.c) against
 * the field table model.c checks front matter with: every field in both,
 * nothing more in either, each field's kind of value, which fields are
 * required, nested maps and lists of maps field by field, and the enum
 * values of level and status. model.c is included whole for its private
 * tables (the test binary then never needs the library's copy); the
 * schema is parsed with the project's own YAML reader (JSON is YAML). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "model.c"

#include "export.h"
#include "frontmatter.h"

static value *schema;

static int setup(void **state)
{
	buf b = BUF_INIT;
	diag_list d;

	(void)state;
	memset(&d, 0, sizeof(d));
	export_schema(&b, "https://example.se/data/schema.json");
	if (frontmatter_parse_yaml(&schema, &d, "schema.json", b.ptr, b.size, 1) != 0) {
		diag_print(&d, stderr);
		schema = NULL;
	}
	diag_list_free(&d);
	buf_free(&b);
	return schema ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	value_free(schema);
	return 0;
}

/* What a schema node allows, with $ref and anyOf followed. */
typedef struct allowed {
	int string, integer, boolean, array, is_object, null;
	const value *array_items[4]; /* the items schemas of the arrays allowed */
	size_t n_items;
	const value *object; /* the object schema, when one is allowed */
	const char *refs[4]; /* the $defs named on the way */
	size_t n_refs;
	const value *enum_values;
} allowed;

static void allow_type(allowed *a, const char *t)
{
	if (!strcmp(t, "string"))
		a->string = 1;
	else if (!strcmp(t, "integer"))
		a->integer = 1;
	else if (!strcmp(t, "boolean"))
		a->boolean = 1;
	else if (!strcmp(t, "array"))
		a->array = 1;
	else if (!strcmp(t, "object"))
		a->is_object = 1;
	else if (!strcmp(t, "null"))
		a->null = 1;
	else
		fail_msg("unknown type %s", t);
}

static void collect(allowed *a, const value *node)
{
	const value *ref = value_map_get(node, "$ref"), *type = value_map_get(node, "type");
	const value *any = value_map_get(node, "anyOf"), *en = value_map_get(node, "enum");
	size_t i;

	assert_non_null(node);
	if (value_string(ref)) {
		const char *name = value_string(ref);
		assert_true(!strncmp(name, "#/$defs/", 8));
		if (a->n_refs < 4)
			a->refs[a->n_refs++] = name + 8;
		collect(a, value_map_get(value_map_get(schema, "$defs"), name + 8));
	}
	if (value_string(type))
		allow_type(a, value_string(type));
	for (i = 0; i < value_list_len(type); i++)
		allow_type(a, value_string(value_list_at(type, i)));
	/* The first object schema met is the map's own; those inside its
	 * anyOf only say which of its fields must be there. */
	if (value_map_get(node, "properties") && !a->object) {
		a->is_object = 1;
		a->object = node;
	}
	if ((value_string(type) && !strcmp(value_string(type), "array")) ||
	    value_map_get(node, "items")) {
		a->array = 1;
		if (value_map_get(node, "items") && a->n_items < 4)
			a->array_items[a->n_items++] = value_map_get(node, "items");
	}
	for (i = 0; i < value_list_len(any); i++)
		collect(a, value_list_at(any, i));
	if (en) {
		a->enum_values = en;
		for (i = 0; i < value_list_len(en); i++) {
			const value *v = value_list_at(en, i);
			if (v->type == VALUE_NULL)
				a->null = 1;
			else if (v->type == VALUE_STRING)
				a->string = 1;
			else
				fail_msg("an enum value that is neither text nor null");
		}
	}
}

static int has_ref(const allowed *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->n_refs; i++)
		if (!strcmp(a->refs[i], name))
			return 1;
	return 0;
}

/* Disagreements found, each printed; the checkers never stop at the first. */
static int problems;
static int quiet; /* the checker's own test: expected problems, not printed */

#define PROBLEM(...)                                                                       \
	do {                                                                               \
		if (!quiet) {                                                              \
			fprintf(stderr, "schema: " __VA_ARGS__);                           \
			fputc('\n', stderr);                                               \
		}                                                                          \
		problems++;                                                                \
	} while (0)

static void check_object(const value *obj, const field *fields, const char *where);

/* One field of the table against its property in the schema. */
static void check_field(const field *f, const value *prop, const char *where)
{
	allowed a;
	size_t i;

	memset(&a, 0, sizeof(a));
	collect(&a, prop);
	/* Required fields must have a value; the others may be empty (null). */
	if (f->need == REQUIRED && a.null)
		PROBLEM("%s.%s is required but the schema allows null", where, f->key);
	if (f->need != REQUIRED && !a.null)
		PROBLEM("%s.%s is optional but the schema does not allow null", where, f->key);
	switch (f->type) {
	case F_TEXT:
	case F_DATE:
	case F_DATETIME:
	case F_URL:
	case F_EMAIL:
		if (!a.string || a.integer || a.boolean || a.array || a.is_object)
			PROBLEM("%s.%s: the schema does not take exactly a text", where, f->key);
		if (f->type == F_DATE && !has_ref(&a, "date"))
			PROBLEM("%s.%s: a date without #/$defs/date", where, f->key);
		if (f->type == F_DATETIME && !has_ref(&a, "dateTime"))
			PROBLEM("%s.%s: a time without #/$defs/dateTime", where, f->key);
		if (f->type == F_URL && !has_ref(&a, "url"))
			PROBLEM("%s.%s: an address without #/$defs/url", where, f->key);
		if (f->type == F_EMAIL && !has_ref(&a, "email"))
			PROBLEM("%s.%s: an e-mail address without #/$defs/email", where, f->key);
		break;
	case F_INT:
		if (!a.integer || a.string || a.boolean || a.array || a.is_object)
			PROBLEM("%s.%s: the schema does not take exactly a whole number", where, f->key);
		break;
	case F_BOOL:
		if (!a.boolean || a.string || a.integer || a.array || a.is_object)
			PROBLEM("%s.%s: the schema does not take exactly true/false", where, f->key);
		break;
	case F_TEXTLIST:
		/* A text or a list of texts, as the model reads it. */
		if (!a.string || !a.array || a.is_object || a.integer || a.n_items == 0)
			PROBLEM("%s.%s: the schema does not take a text or a list of texts", where, f->key);
		for (i = 0; i < a.n_items; i++) {
			allowed item;
			memset(&item, 0, sizeof(item));
			collect(&item, a.array_items[i]);
			if (!item.string || item.array || item.is_object || item.null)
				PROBLEM("%s.%s: list items are not texts", where, f->key);
		}
		break;
	case F_MAP:
		if (!a.is_object || !a.object || a.string || a.array)
			PROBLEM("%s.%s: the schema does not take a map", where, f->key);
		else
			check_object(a.object, f->sub, f->key);
		break;
	case F_MAPLIST:
		if (!a.array || a.n_items != 1 || a.string || a.is_object) {
			PROBLEM("%s.%s: the schema does not take a list of maps", where, f->key);
		} else {
			allowed item;
			memset(&item, 0, sizeof(item));
			collect(&item, a.array_items[0]);
			if (!item.object || item.null)
				PROBLEM("%s.%s: list items are not maps", where, f->key);
			else
				check_object(item.object, f->sub, f->key);
		}
		break;
	case F_ANYMAP: /* checked by hand in model.c (participant_profile): any map */
		if (!a.is_object || a.string || a.array || a.integer)
			PROBLEM("%s.%s: the schema does not take a map", where, f->key);
		break;
	default:
		PROBLEM("%s.%s: a field type the schema test does not know", where, f->key);
		break;
	}
}

/* A map's schema against its field table: the same fields, nothing else,
 * the same required ones. */
static void check_object(const value *obj, const field *fields, const char *where)
{
	const value *props = value_map_get(obj, "properties");
	const value *required = value_map_get(obj, "required");
	const value *extra = value_map_get(obj, "additionalProperties");
	const field *f;
	size_t i, n_fields = 0, n_required = 0;

	if (!props) {
		PROBLEM("%s: no properties", where);
		return;
	}
	if (!extra || extra->type != VALUE_BOOL || extra->u.boolean)
		PROBLEM("%s: the schema allows fields the content format does not have", where);
	for (f = fields; f->key; f++) {
		const value *prop = value_map_get(props, f->key);
		int listed = 0;
		/* `internal` is never in the open data (model.h), so neither is it
		 * in the schema that describes the open data. */
		if (fields == dialogue_fields && !strcmp(f->key, "internal")) {
			if (prop)
				PROBLEM("%s.internal is in the open data's schema", where);
			continue;
		}
		n_required += f->need == REQUIRED;
		n_fields++;
		if (!prop) {
			PROBLEM("%s.%s is in model.c's table but not in the schema", where, f->key);
			continue;
		}
		check_field(f, prop, where);
		for (i = 0; i < value_list_len(required); i++)
			listed |= !strcmp(value_string(value_list_at(required, i)), f->key);
		if (listed != (f->need == REQUIRED))
			PROBLEM("%s.%s: required in %s but not in the %s", where, f->key,
				 listed ? "the schema" : "model.c", listed ? "model.c" : "schema");
	}
	for (i = 0; i < props->u.map.len; i++) {
		for (f = fields; f->key && strcmp(f->key, props->u.map.pairs[i].key); f++)
			;
		if (!f->key)
			PROBLEM("%s.%s is in the schema but not in model.c's table", where,
				 props->u.map.pairs[i].key);
	}
	if (value_list_len(required) != n_required)
		PROBLEM("%s: %zu required fields in the schema, %zu in model.c", where,
			value_list_len(required), n_required);
	(void)n_fields;
}

/* Disagreements between the schema and a table (NULL: the dialogue's). */
static int disagreements(const field *fields)
{
	problems = 0;
	check_object(schema, fields ? fields : dialogue_fields, "dialogue");
	return problems;
}

static void test_dialogue_fields_agree(void **state)
{
	(void)state;
	assert_string_equal(value_string(value_map_get(schema, "type")), "object");
	assert_int_equal(disagreements(NULL), 0);
}

/* The enums are the model's keys, in its order; status may be left out. */
static void test_enums_agree(void **state)
{
	const value *props = value_map_get(schema, "properties");
	const value *level = value_map_get(value_map_get(props, "level"), "enum");
	const value *status = value_map_get(value_map_get(props, "status"), "enum");
	const value *kind = value_map_get(value_map_get(props, "kind"), "enum");
	size_t i;

	(void)state;
	assert_int_equal(value_list_len(level), MODEL_LEVEL_COUNT);
	for (i = 0; i < MODEL_LEVEL_COUNT; i++)
		assert_string_equal(value_string(value_list_at(level, i)), model_level_keys[i]);
	assert_int_equal(value_list_len(status), MODEL_STATUS_COUNT + 1);
	for (i = 0; i < MODEL_STATUS_COUNT; i++)
		assert_string_equal(value_string(value_list_at(status, i)), model_status_keys[i]);
	assert_int_equal(value_list_at(status, MODEL_STATUS_COUNT)->type, VALUE_NULL);
	assert_int_equal(value_list_len(kind), MODEL_KIND_COUNT + 1);
	for (i = 0; i < MODEL_KIND_COUNT; i++)
		assert_string_equal(value_string(value_list_at(kind, i)), model_kind_keys[i]);
	assert_int_equal(value_list_at(kind, MODEL_KIND_COUNT)->type, VALUE_NULL);
	{
		const value *defs = value_map_get(schema, "$defs");
		const value *meeting_state = value_map_get(
			value_map_get(value_map_get(value_map_get(defs, "meeting"), "properties"), "state"),
			"enum");
		assert_int_equal(value_list_len(meeting_state), MODEL_MEETING_STATE_COUNT + 1);
		for (i = 0; i < MODEL_MEETING_STATE_COUNT; i++)
			assert_string_equal(value_string(value_list_at(meeting_state, i)),
					    model_meeting_state_keys[i]);
	}
}

/* The checker itself: a table that differs from the schema in any one way
 * fails it. Each case copies the dialogue table and changes one thing. */
static void test_checker_catches_disagreement(void **state)
{
	enum { N = sizeof(dialogue_fields) / sizeof(dialogue_fields[0]) };
	static const field extra_meeting[] = {
		{ "title", F_TEXT, REQUIRED, NULL, 0 },   { "start", F_DATETIME, REQUIRED, NULL, 0 },
		{ "end", F_DATETIME, OPTIONAL, NULL, 0 }, { "place", F_TEXT, OPTIONAL, NULL, 0 },
		{ "url", F_URL, OPTIONAL, NULL, 0 },      { "description", F_TEXT, OPTIONAL, NULL, 0 },
		{ "room", F_TEXT, OPTIONAL, NULL, 0 },    { NULL, 0, 0, NULL, 0 },
	};
	field t[N + 1];
	size_t i, k;

	(void)state;
	quiet = 1;
	for (k = 0; k < 8; k++) {
		memcpy(t, dialogue_fields, sizeof(dialogue_fields));
		for (i = 0; t[i].key; i++) {
			if (k == 0 && !strcmp(t[i].key, "participants"))
				t[i].type = F_TEXT; /* a type changed */
			if (k == 1 && !strcmp(t[i].key, "summary"))
				t[i].need = OPTIONAL; /* no longer required */
			if (k == 2 && !strcmp(t[i].key, "purpose"))
				t[i].need = REQUIRED; /* now required */
			if (k == 3 && !strcmp(t[i].key, "start"))
				t[i].type = F_DATETIME; /* another kind of text */
			if (k == 4 && !strcmp(t[i].key, "meetings"))
				t[i].sub = extra_meeting; /* a nested field the schema lacks */
			if (k == 5 && !strcmp(t[i].key, "decision"))
				t[i].sub = contact_fields; /* other nested fields */
			if (k == 6 && !strcmp(t[i].key, "areas"))
				t[i].type = F_MAPLIST;
		}
		if (k == 7) { /* a field the schema lacks */
			t[N - 1] = (field){ "budget", F_INT, OPTIONAL, NULL, 0 };
			t[N] = (field){ NULL, 0, 0, NULL, 0 };
		}
		if (disagreements(t) == 0)
			fail_msg("change %zu to the table went unnoticed", k);
	}
	/* A field of the schema missing from the table: "draft" dropped. */
	memcpy(t, dialogue_fields, sizeof(dialogue_fields));
	for (i = 0; t[i].key && strcmp(t[i].key, "draft"); i++)
		;
	assert_non_null(t[i].key);
	t[i] = (field){ NULL, 0, 0, NULL, 0 };
	assert_true(disagreements(t) > 0);
	quiet = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dialogue_fields_agree),
		cmocka_unit_test(test_enums_agree),
		cmocka_unit_test(test_checker_catches_disagreement),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

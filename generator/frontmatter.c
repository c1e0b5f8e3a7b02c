#include "frontmatter.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mem.h"
#include "utf8.h"

typedef struct frame {
	value *container;
	char *key; /* pending mapping key, or NULL when a key is expected */
	int key_line, key_col;
} frame;

typedef struct reader {
	diag_list *diags;
	const char *path;
	int first_line;
	frame stack[FRONTMATTER_MAX_DEPTH + 1];
	int depth;
	value *root;
	int bad_text; /* a scalar held a control character (reported; parsing goes on) */
	/* Where the last line search ended (check_cut_by_comment): scalars
	 * come in text order, so each search goes on from there instead of
	 * from the start, which made 10 000 list items quadratic. */
	size_t line_pos, line_no;
} reader;

static int mark_line(const reader *r, yaml_mark_t m)
{
	return (int)m.line + r->first_line;
}

static int mark_col(yaml_mark_t m)
{
	return (int)m.column + 1;
}

static int match_all(const char *s, int (*pred)(int))
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!pred((unsigned char)*s))
			return 0;
	return 1;
}

static int is_octal(int c)
{
	return c >= '0' && c <= '7';
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_core_float(const char *s)
{
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	while (isdigit((unsigned char)*s)) {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s)) {
			s++;
			digits++;
		}
	}
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

static value *resolve_plain(const char *s, size_t len)
{
	const char *p = s;

	if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	    !strcmp(s, "NULL"))
		return value_new_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return value_new_bool(1);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return value_new_bool(0);
	if (strlen(s) != len) /* embedded NUL: keep as text */
		return value_new_string(s, len);
	if (!strncmp(s, "0o", 2) && match_all(s + 2, is_octal))
		return value_new_number((double)strtoull(s + 2, NULL, 8));
	if (!strncmp(s, "0x", 2) && match_all(s + 2, isxdigit))
		return value_new_number((double)strtoull(s + 2, NULL, 16));
	if (*p == '-' || *p == '+')
		p++;
	if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF"))
		return value_new_number(*s == '-' ? -INFINITY : INFINITY);
	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
		return value_new_number(NAN);
	if (is_core_float(s))
		return value_new_number(strtod(s, NULL));
	return value_new_string(s, len);
}

/* Only the YAML 1.2 core schema's tags: anything else (!!python/object,
 * !!binary, local tags) has no meaning here and is a classic attack. */
static int tag_is_allowed(const yaml_char_t *tag)
{
	static const char *const core[] = { "str", "int", "float", "bool", "null", "seq", "map" };
	const char *t = (const char *)tag;
	size_t i;

	if (!t || !strcmp(t, "!"))
		return 1;
	if (strncmp(t, "tag:yaml.org,2002:", 18) != 0)
		return 0;
	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp(t + 18, core[i]))
			return 1;
	return 0;
}

/* Control characters can only come from escapes ("\x01", "\u0000"):
 * libyaml refuses them raw. None has a meaning in a page, a feed or a
 * calendar, and some end the text early, so every scalar (key or value)
 * is checked. Tab and line feed are left to the field's own check: a
 * multi-line field may hold them. Returns 0 when the text is clean. */
static int check_controls(reader *r, const char *s, size_t n, yaml_mark_t m)
{
	size_t i = 0;
	const char *key = NULL;
	int d;

	/* The field it belongs to: a list item's is the key holding the list. */
	for (d = r->depth - 1; d >= 0 && !key; d--)
		if (r->stack[d].container->type == VALUE_MAP)
			key = r->stack[d].key;

	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(&cp, s + i, n - i);
		if (len < 0)
			len = 1;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
			if (key)
				DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
					   "\"%s\" innehåller kontrolltecknet U+%04X, som inte får "
					   "finnas i texten; ta bort det",
					   "\"%s\" contains the control character U+%04X, which is not "
					   "allowed in the text; remove it",
					   key, (unsigned)cp);
			else
				DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
					   "texten innehåller kontrolltecknet U+%04X, som inte får "
					   "finnas; ta bort det",
					   "the text contains the control character U+%04X, which is not "
					   "allowed; remove it",
					   (unsigned)cp);
			r->bad_text = 1;
			return -1;
		}
		i += (size_t)len;
	}
	return 0;
}

/* Attaches a finished node to the current container. Takes ownership. */
static int reader_attach(reader *r, value *v, int is_scalar, const char *scalar, yaml_mark_t m)
{
	frame *f;

	if (r->depth == 0) {
		if (r->root) {
			value_free(v);
			return 0; /* unreachable: libyaml gives one root per document */
		}
		r->root = v;
		return 0;
	}
	f = &r->stack[r->depth - 1];
	if (f->container->type == VALUE_LIST) {
		value_list_push(f->container, v);
		return 0;
	}
	if (!f->key) {
		const value_pair *dup;

		if (!is_scalar) {
			DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
				   "en nyckel måste vara en enkel text, inte en lista eller tabell",
				   "a key must be plain text, not a list or mapping");
			value_free(v);
			return -1;
		}
		dup = value_map_get_pair(f->container, scalar);
		if (dup) {
			DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
				   "nyckeln \"%s\" finns redan på rad %d; ta bort den ena",
				   "duplicate key \"%s\" (first on line %d); remove one of them",
				   scalar, dup->line);
			value_free(v);
			return -1;
		}
		f->key = mem_strdup(scalar);
		f->key_line = mark_line(r, m);
		f->key_col = mark_col(m);
		value_free(v);
		return 0;
	}
	{
		value_pair *p = value_map_put(f->container, f->key, v);
		p->line = f->key_line;
		p->col = f->key_col;
		free(f->key);
		f->key = NULL;
	}
	return 0;
}

static int reader_check_node(reader *r, const yaml_char_t *anchor, const yaml_char_t *tag,
			     yaml_mark_t m)
{
	if (anchor) {
		DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
			   "ankare (&%s) är inte tillåtna; skriv ut värdet i stället",
			   "anchors (&%s) are not allowed; write the value out instead",
			   (const char *)anchor);
		return -1;
	}
	if (!tag_is_allowed(tag)) {
		DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
			   "okänd YAML-tagg \"%s\" är inte tillåten",
			   "non-standard YAML tag \"%s\" is not allowed", (const char *)tag);
		return -1;
	}
	return 0;
}

/* libyaml's commonest problems, explained for people who are not
 * programmers. The original English text follows in the message. */
static const char *const yaml_hints[][3] = {
	{ "found unexpected end of stream", "texten tar slut för tidigt: saknas ett avslutande citattecken?",
	  "the text ends too early: is a closing quote missing?" },
	{ "mapping values are not allowed", "ett kolon står på fel ställe: sätt texten inom citattecken om den innehåller \": \"",
	  "a colon is in the wrong place: put the text in quotes if it contains \": \"" },
	{ "could not find expected ':'", "ett kolon saknas efter nyckeln", "a colon is missing after the key" },
	{ "found a tab character", "tabbtecken får inte användas för indrag; använd mellanslag",
	  "tab characters may not be used for indentation; use spaces" },
	{ "found character that cannot start any token", "tecknet får inte inleda ett värde: sätt texten inom citattecken",
	  "this character may not start a value: put the text in quotes" },
	{ "did not find expected key", "indraget stämmer inte: kontrollera mellanslagen i början av raden",
	  "the indentation is off: check the spaces at the start of the line" },
	{ "did not find expected ',' or ']'", "listan [ ... ] stängs aldrig med ]", "the list [ ... ] is never closed with ]" },
	{ "did not find expected ',' or '}'", "tabellen { ... } stängs aldrig med }", "the mapping { ... } is never closed with }" },
	{ "block sequence entries are not allowed", "ett listelement (-) står på fel ställe; kontrollera indraget",
	  "a list item (-) is in the wrong place; check the indentation" },
	{ "did not find expected node content", "ett värde saknas", "a value is missing" },
	{ "found unknown escape character", "okänt tecken efter \\ inom citattecken: skriv \\\\ för ett omvänt snedstreck",
	  "unknown character after \\ in quotes: write \\\\ for a backslash" },
	{ "found undefined tag handle", "tecknet ! får inte inleda ett värde: sätt texten inom citattecken",
	  "the character ! may not start a value: put the text in quotes" },
	{ "found incomplete", "radbrytningen inne i citattecknen är felaktig", "the line break inside the quotes is malformed" },
	{ "did not find expected comment or line break", "efter ett värde inom citattecken får bara en kommentar (#) stå; sätt hela texten inom citattecknen",
	  "only a comment (#) may follow a quoted value; put the whole text inside the quotes" },
	{ "did not find expected alphabetic or numeric character", "efter & eller * ska ett namn stå; sätt texten inom citattecken",
	  "a name must follow & or *; put the text in quotes" },
};

/* Typographic quotes, as Word writes them: ” “ „ ’ ‘ » «. */
static int is_curly_quote(uint32_t cp)
{
	return cp == 0x201D || cp == 0x201C || cp == 0x201E || cp == 0x2019 || cp == 0x2018 ||
	       cp == 0xBB || cp == 0xAB;
}

/* Where a value starts on the line text[0..n): past "key:" and spaces (or
 * "- "), or n when the line has no such value. */
static size_t value_start(const char *text, size_t n)
{
	size_t i = 0;

	while (i < n && text[i] == ' ')
		i++;
	if (i + 1 < n && text[i] == '-' && text[i + 1] == ' ')
		return i + 2;
	while (i < n && text[i] != ':' && text[i] != '"' && text[i] != '\'')
		i++;
	if (i + 1 >= n || text[i] != ':' || text[i + 1] != ' ')
		return n;
	for (i++; i < n && text[i] == ' '; i++)
		;
	return i;
}

/* 1 when the quoted value starting at text[i] is closed on its line. */
static int quote_closed(const char *text, size_t n, size_t i)
{
	char q = text[i];

	for (i++; i < n; i++) {
		if (q == '"' && text[i] == '\\')
			i++;
		else if (text[i] == q && !(q == '\'' && i + 1 < n && text[i + 1] == '\''))
			return 1;
		else if (text[i] == q)
			i++; /* '' is a quote inside single quotes */
	}
	return 0;
}

/* What people who paste from Word or forget a quote get wrong, found on
 * the lines up to the one libyaml stopped at (to_line, 0-based): an
 * invisible character where YAML needs a plain space, a value in
 * typographic quotes, a quote never closed on its line. libyaml reports
 * these a line or ten too late and in its own words. 1 when reported. */
static int explain_typing(reader *r, const char *src, size_t len, size_t to_line)
{
	size_t pos = 0, line;

	for (line = 0; line <= to_line && pos < len; line++) {
		const char *text = src + pos;
		size_t n = 0, i, v;
		while (pos + n < len && text[n] != '\n')
			n++;
		pos += n + 1;
		if (n && text[n - 1] == '\r')
			n--;
		/* An invisible character in the indentation, or around a colon. */
		for (i = 0; i < n;) {
			uint32_t cp;
			int k = utf8_decode(&cp, text + i, n - i);
			const char *name = utf8_invisible_name(cp, diag_get_language() == DIAG_LANG_EN);
			size_t before = i;
			if (k < 1)
				k = 1;
			i += (size_t)k;
			while (before > 0 && text[before - 1] == ' ')
				before--;
			if (!name || !(before == 0 || text[before - 1] == ':' || (i < n && text[i] == ':')))
				continue;
			{
				int col = (int)utf8_length(text, i - (size_t)k) + 1;
				DIAG_ERROR(r->diags, r->path, (int)line + r->first_line, col,
					   "felaktig YAML: %s (U+%04X) på rad %d, kolumn %d, där YAML "
					   "vill ha ett vanligt mellanslag (vanligt i text från Word); "
					   "skriv om mellanslaget",
					   "malformed YAML: %s (U+%04X) on line %d, column %d, where YAML "
					   "needs a plain space (common in text from Word); type the "
					   "space again",
					   name, (unsigned)cp, (int)line + r->first_line, col);
				return 1;
			}
		}
		v = value_start(text, n);
		if (v < n) {
			uint32_t cp;
			utf8_decode(&cp, text + v, n - v);
			if (is_curly_quote(cp)) {
				DIAG_ERROR(r->diags, r->path, (int)line + r->first_line,
					   (int)utf8_length(text, v) + 1,
					   "felaktig YAML: värdet står inom typografiska citattecken "
					   "(”…”, från Word), som YAML inte räknar som citattecken; skriv "
					   "raka citattecken \"…\"",
					   "malformed YAML: the value is in typographic quotes (“…”, from "
					   "Word), which YAML does not take as quotes; type straight "
					   "quotes \"…\"");
				return 1;
			}
			if ((text[v] == '"' || text[v] == '\'') && !quote_closed(text, n, v)) {
				DIAG_ERROR(r->diags, r->path, (int)line + r->first_line,
					   (int)utf8_length(text, v) + 1,
					   "felaktig YAML: citattecknet %c som öppnas här stängs aldrig på "
					   "raden; skriv ett %c till i slutet av värdet",
					   "malformed YAML: the quote %c opened here is never closed on "
					   "its line; add a %c at the end of the value",
					   text[v], text[v]);
				return 1;
			}
		}
	}
	return 0;
}

static void reader_error(reader *r, const yaml_parser_t *p, const char *src, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown error";
	/* For something left open (a quote, a [ or {, a key without its colon)
	 * libyaml reports the end of the text; where it was opened is the
	 * useful place. Everything else is reported where it went wrong. */
	int unclosed = p->context && (strstr(p->context, "quoted scalar") ||
				      strstr(p->context, "flow") || strstr(p->context, "simple key"));
	yaml_mark_t m = unclosed ? p->context_mark : p->problem_mark;
	size_t i;

	if (p->error == YAML_READER_ERROR) {
		DIAG_ERROR(r->diags, r->path, r->first_line, 1,
			   "texten kan inte läsas som UTF-8 (%s)", "the text is not valid UTF-8 (%s)",
			   problem);
		return;
	}
	if (explain_typing(r, src, len, p->problem_mark.line))
		return;
	for (i = 0; i < sizeof(yaml_hints) / sizeof(yaml_hints[0]); i++) {
		if (strstr(problem, yaml_hints[i][0])) {
			DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
				   "felaktig YAML: %s (%s)", "malformed YAML: %s (%s)",
				   diag_pick(yaml_hints[i][1], yaml_hints[i][2]), problem);
			return;
		}
	}
	/* The main text in the user's language; libyaml's own words after it. */
	DIAG_ERROR(r->diags, r->path, mark_line(r, m), mark_col(m),
		   "felaktig YAML: kontrollera kolon, citattecken och indrag här (%s%s%s)",
		   "malformed YAML: check the colons, quotes and indentation here (%s%s%s)",
		   problem, p->context ? ", " : "", p->context ? p->context : "");
}

/* A plain value cut short by " #": YAML takes the rest of the line as a
 * comment, so `title: Möte #2` is "Möte". A comment that starts "# " is
 * meant as one; "#2" or "#parken" is text. end is the scalar's end mark. */
static void check_cut_by_comment(reader *r, const char *src, size_t len, yaml_mark_t end,
				 const char *scalar)
{
	const char *key = r->depth > 0 && r->stack[r->depth - 1].container->type == VALUE_MAP
				  ? r->stack[r->depth - 1].key
				  : NULL;
	size_t pos, line, i, n;

	if (!key)
		return;
	if (end.line < r->line_no) { /* never in text order; safe all the same */
		r->line_pos = 0;
		r->line_no = 0;
	}
	for (pos = r->line_pos, line = r->line_no; line < end.line && pos < len; pos++)
		line += src[pos] == '\n';
	r->line_pos = pos;
	r->line_no = line;
	for (i = 0; i < end.column && pos < len && src[pos] != '\n'; i++) {
		uint32_t cp;
		int k = utf8_decode(&cp, src + pos, len - pos);
		pos += k > 0 ? (size_t)k : 1;
	}
	for (i = pos; i < len && (src[i] == ' ' || src[i] == '\t'); i++)
		;
	if (i == pos || i + 1 >= len || src[i] != '#' || src[i + 1] == ' ' || src[i + 1] == '\t' ||
	    src[i + 1] == '\n' || src[i + 1] == '\r')
		return;
	for (n = 0; i + n < len && src[i + n] != '\n' && src[i + n] != '\r'; n++)
		;
	DIAG_WARNING(r->diags, r->path, mark_line(r, end), mark_col(end) + (int)(i - pos),
		     "\"%s\" blir bara \"%s\": \"%.*s\" efter \" #\" räknas som en kommentar och syns "
		     "inte; sätt hela texten inom citattecken",
		     "\"%s\" becomes just \"%s\": \"%.*s\" after \" #\" counts as a comment and is "
		     "not shown; put the whole text in quotes",
		     key, scalar, (int)n, src + i);
}

static int parse_yaml(value **out, diag_list *diags, const char *path, const char *src, size_t len,
		      int first_line, int allow_controls)
{
	yaml_parser_t parser;
	yaml_event_t event;
	reader r;
	int error = -1, done = 0, documents = 0;
	int i;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.diags = diags;
	r.path = path;
	r.first_line = first_line;
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		yaml_mark_t m;

		if (!yaml_parser_parse(&parser, &event)) {
			reader_error(&r, &parser, src, len);
			goto out;
		}
		m = event.start_mark;
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				DIAG_ERROR(diags, path, mark_line(&r, m), mark_col(m),
					   "bara ett YAML-dokument är tillåtet här",
					   "only one YAML document is allowed here");
				yaml_event_delete(&event);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			DIAG_ERROR(diags, path, mark_line(&r, m), mark_col(m),
				   "alias (*%s) är inte tillåtna; skriv ut värdet i stället",
				   "aliases (*%s) are not allowed; write the value out instead",
				   (const char *)event.data.alias.anchor);
			yaml_event_delete(&event);
			goto out;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)event.data.scalar.value;
			size_t n = event.data.scalar.length;
			const char *tag = (const char *)event.data.scalar.tag;
			value *v;

			if (reader_check_node(&r, event.data.scalar.anchor, event.data.scalar.tag, m)) {
				yaml_event_delete(&event);
				goto out;
			}
			if (!allow_controls)
				check_controls(&r, s, n, m);
			if (event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !allow_controls)
				check_cut_by_comment(&r, src, len, event.end_mark, s);
			if (tag && !strcmp(tag, "tag:yaml.org,2002:str"))
				v = value_new_string(s, n);
			else if (event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tag)
				v = resolve_plain(s, n);
			else
				v = value_new_string(s, n);
			value_set_pos(v, mark_line(&r, m), mark_col(m));
			if (reader_attach(&r, v, 1, s, m)) {
				yaml_event_delete(&event);
				goto out;
			}
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int is_seq = event.type == YAML_SEQUENCE_START_EVENT;
			const yaml_char_t *anchor =
				is_seq ? event.data.sequence_start.anchor : event.data.mapping_start.anchor;
			const yaml_char_t *tag =
				is_seq ? event.data.sequence_start.tag : event.data.mapping_start.tag;
			frame *f;

			if (reader_check_node(&r, anchor, tag, m)) {
				yaml_event_delete(&event);
				goto out;
			}
			if (r.depth > 0 && r.stack[r.depth - 1].container->type == VALUE_MAP &&
			    !r.stack[r.depth - 1].key) {
				DIAG_ERROR(diags, path, mark_line(&r, m), mark_col(m),
					   "en nyckel måste vara en enkel text, inte en lista eller tabell",
					   "a key must be plain text, not a list or mapping");
				yaml_event_delete(&event);
				goto out;
			}
			if (r.depth >= FRONTMATTER_MAX_DEPTH) {
				DIAG_ERROR(diags, path, mark_line(&r, m), mark_col(m),
					   "för djup nästling (högst %d nivåer)",
					   "nesting too deep (at most %d levels)", FRONTMATTER_MAX_DEPTH);
				yaml_event_delete(&event);
				goto out;
			}
			f = &r.stack[r.depth++];
			f->container = is_seq ? value_new_list() : value_new_map();
			value_set_pos(f->container, mark_line(&r, m), mark_col(m));
			f->key = NULL;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			frame *f = &r.stack[--r.depth];
			value *v = f->container;

			free(f->key);
			f->key = NULL;
			f->container = NULL;
			if (reader_attach(&r, v, 0, NULL, m)) {
				yaml_event_delete(&event);
				goto out;
			}
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&event);
	}

	if (r.bad_text)
		goto out;
	if (!r.root || r.root->type == VALUE_NULL) {
		value_free(r.root);
		r.root = value_set_pos(value_new_map(), first_line, 1);
	}
	*out = r.root;
	r.root = NULL;
	error = 0;
out:
	for (i = 0; i < r.depth; i++) {
		free(r.stack[i].key);
		value_free(r.stack[i].container);
	}
	value_free(r.root);
	yaml_parser_delete(&parser);
	return error;
}

/* Length of the line starting at s (without its line break), and the
 * offset of the next line. */
static size_t line_span(const char *s, size_t len, size_t *next)
{
	size_t i = 0;

	while (i < len && s[i] != '\n')
		i++;
	*next = i < len ? i + 1 : i;
	if (i > 0 && s[i - 1] == '\r')
		i--;
	return i;
}

static int is_fence(const char *s, size_t n, const char *fence)
{
	while (n > 3 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, fence, 3) == 0;
}

int frontmatter_split(frontmatter_parts *out, diag_list *diags, const char *path,
		      const char *src, size_t len)
{
	size_t pos = 0, next, n;
	int line = 1;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	n = line_span(src + pos, len - pos, &next);
	if (!is_fence(src + pos, n, "---")) {
		out->body = src + pos;
		out->body_len = len - pos;
		out->body_line = 1;
		return 0;
	}
	pos += next;
	out->yaml = src + pos;
	out->yaml_line = 2;
	line = 2;
	while (pos < len) {
		n = line_span(src + pos, len - pos, &next);
		if (is_fence(src + pos, n, "---") || is_fence(src + pos, n, "...")) {
			out->yaml_len = (size_t)(src + pos - out->yaml);
			out->body = src + pos + next;
			out->body_len = len - pos - next;
			out->body_line = line + 1;
			return 0;
		}
		pos += next;
		line++;
	}
	out->yaml = NULL;
	DIAG_ERROR(diags, path, 1, 1,
		   "inledningen (front matter) börjar med --- här men avslutas aldrig med en rad ---",
		   "the front matter starts with --- here but is never closed by a --- line");
	return -1;
}

int frontmatter_parse_yaml(value **out, diag_list *diags, const char *path, const char *src,
			   size_t len, int first_line)
{
	return parse_yaml(out, diags, path, src, len, first_line, 0);
}

int frontmatter_parse_yaml_data(value **out, diag_list *diags, const char *path, const char *src,
				size_t len)
{
	return parse_yaml(out, diags, path, src, len, 1, 1);
}

#include "mustache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "escape.h"
#include "mem.h"

/* ---- compiled form -------------------------------------------------------
 *
 * Each source (the template and every partial) becomes a unit: a copy of
 * the text plus a flat array of nodes in source order. A node with content
 * (section, parent, block) is followed by its children; `end` is the index
 * just past its subtree, so both compiling and skipping need no recursion.
 * Names and text are spans into the unit's own copy of the source. */

enum mu_type {
	MU_TEXT,
	MU_VAR,      /* {{name}}: escaped */
	MU_RAW,      /* {{{name}}} and {{&name}} */
	MU_SECTION,  /* {{#name}} */
	MU_INVERTED, /* {{^name}} */
	MU_PARTIAL,  /* {{>name}} */
	MU_PARENT,   /* {{<name}}: children are its arguments */
	MU_BLOCK     /* {{$name}} */
};

#define MU_BOL 0x01      /* text: starts at the beginning of a source line */
#define MU_DYNAMIC 0x02  /* partial, parent: the name is looked up in the data */
#define MU_INDENTED 0x04 /* partial, parent: standalone, `ind` is its indentation;
			  * block: a standalone pair, `ind` indents overriding content */
#define MU_ARG 0x08      /* block: direct child of a parent, i.e. an argument */

typedef struct mu_span {
	uint32_t off, len;
} mu_span;

typedef struct mu_unit mu_unit;

typedef struct mu_node {
	uint8_t type, flags;
	uint32_t line, col;
	uint32_t end;
	mu_span text;           /* the text, or the tag's name as written */
	uint32_t part, nparts;  /* dotted name: unit->parts[part ..]; 0 parts is "." */
	mu_span ind;            /* see MU_INDENTED */
	mu_span intr;           /* block: intrinsic indentation, stripped from its lines */
	const mu_unit *target;  /* static partial or parent; NULL when missing */
} mu_node;

struct mu_unit {
	char *path;
	char *src;
	size_t len;
	mu_node *nodes;
	size_t nnodes, nodecap;
	mu_span *parts;
	size_t nparts, partcap;
};

typedef struct mu_entry {
	char *name;
	mu_unit *unit; /* NULL: the loader does not know the name */
} mu_entry;

struct mustache_template {
	mustache_options opts;
	mu_unit *root;
	/* Partials by name. Filled at compile time; dynamic names add to it
	 * while rendering, under `lock`. */
	mu_entry *entries;
	size_t nentries, entcap;
	uint32_t *index; /* open addressing: entry number + 1, 0 when free */
	size_t indexcap;
	pthread_rwlock_t lock;
};

/* ---- small helpers ----------------------------------------------------- */

static const char default_otag[] = "{{";
static const char default_ctag[] = "}}";

#define MU_MAX_DELIM 32
#define MU_MAX_INDENT 4096
/* Names quoted in messages are cut to this many bytes. */
#define MU_MAX_QUOTE 60

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* memmem is a GNU extension; needles here are at most MU_MAX_DELIM + 1
 * bytes, so the simple search is linear enough. */
static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *end = hay + n, *p = hay;

	if (m == 0 || m > n)
		return NULL;
	while ((p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		p++;
		if ((size_t)(end - p) < m)
			break;
	}
	return NULL;
}

/* Bytes of a name to quote: at most MU_MAX_QUOTE, not cutting a UTF-8
 * sequence in two. */
static int quote_len(const char *s, size_t len)
{
	if (len <= MU_MAX_QUOTE)
		return (int)len;
	len = MU_MAX_QUOTE;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return (int)len;
}

static void unit_free(mu_unit *u)
{
	if (!u)
		return;
	free(u->path);
	free(u->src);
	free(u->nodes);
	free(u->parts);
	free(u);
}

static mu_unit *unit_new(const char *path, const char *src, size_t len)
{
	mu_unit *u = mem_calloc(1, sizeof(*u));

	u->path = mem_strdup(path ? path : "");
	/* A byte order mark would otherwise end up in the middle of pages. */
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		src += 3;
		len -= 3;
	}
	u->src = mem_alloc(len + 1);
	if (len)
		memcpy(u->src, src, len);
	u->src[len] = '\0';
	u->len = len;
	return u;
}

static mu_node *unit_add_node(mu_unit *u, int type, uint32_t line, uint32_t col)
{
	mu_node *n;

	u->nodes = mem_grow_array(u->nodes, &u->nodecap, u->nnodes + 1, sizeof(mu_node));
	n = &u->nodes[u->nnodes++];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->line = line;
	n->col = col;
	n->end = (uint32_t)u->nnodes;
	return n;
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct mu_cursor {
	size_t pos;
	uint32_t line, col;
} mu_cursor;

/* Moves the cursor forward to byte `to`, counting lines and characters. */
static void cursor_to(mu_cursor *c, const char *s, size_t to)
{
	for (; c->pos < to; c->pos++) {
		unsigned char ch = (unsigned char)s[c->pos];
		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c->col++;
		}
	}
}

typedef struct mu_open {
	uint32_t node;
	int type;
	mu_span name;
	uint32_t line, col;
	int left_clear, right_clear; /* of the opening tag */
	uint32_t line_start, tag_start;
} mu_open;

typedef struct mu_parser {
	mu_unit *u;
	diag_list *diags;
	mu_open stack[MUSTACHE_MAX_NESTING];
	size_t depth;
	const char *otag, *ctag; /* the current delimiters */
	size_t olen, clen;
	size_t pos;        /* where the scan for the next tag starts */
	size_t text_start; /* where the pending text starts */
} mu_parser;

/* What an open element is called, in the language of the diagnostics
 * (both message formats take the same arguments). */
static const char *kind_word(int type)
{
	int en = diag_get_language() == DIAG_LANG_EN;

	switch (type) {
	case MU_PARENT: return en ? "parent" : "föräldramallen";
	case MU_BLOCK: return en ? "block" : "blocket";
	default: return en ? "section" : "avsnittet";
	}
}

/* A name as it may appear in a tag: not empty, no spaces or control
 * characters. */
static int valid_word(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return 0;
	return 1;
}

/* Splits a dotted name into parts (pre-split once, so rendering never
 * scans for dots). "." is the current context: zero parts. */
static int parse_dotted(mu_unit *u, mu_node *n, uint32_t off, uint32_t len)
{
	const char *s = u->src + off;
	uint32_t i, start = 0;

	n->part = (uint32_t)u->nparts;
	n->nparts = 0;
	if (len == 1 && s[0] == '.')
		return 0;
	if (!valid_word(s, len))
		return -1;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (i == start)
			return -1; /* "a..b", ".a", "a." */
		u->parts = mem_grow_array(u->parts, &u->partcap, u->nparts + 1, sizeof(mu_span));
		u->parts[u->nparts].off = off + start;
		u->parts[u->nparts].len = i - start;
		u->nparts++;
		n->nparts++;
		start = i + 1;
	}
	return 0;
}

/* Fills a partial or parent node's name: "name" or "*dotted.name". */
static int parse_target_name(mu_unit *u, mu_node *n, uint32_t off, uint32_t len)
{
	const char *s = u->src + off;

	if (len > 0 && s[0] == '*') {
		uint32_t k = 1;
		while (k < len && is_blank(s[k]))
			k++;
		n->flags |= MU_DYNAMIC;
		n->text.off = off + k;
		n->text.len = len - k;
		return parse_dotted(u, n, off + k, len - k);
	}
	n->text.off = off;
	n->text.len = len;
	return valid_word(s, len) ? 0 : -1;
}

/* Compares two tag names, ignoring blanks after a leading '*'. */
static int names_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen > 0 && blen > 0 && a[0] == '*' && b[0] == '*') {
		a++, alen--, b++, blen--;
		while (alen > 0 && is_blank(*a))
			a++, alen--;
		while (blen > 0 && is_blank(*b))
			b++, blen--;
	}
	return alen == blen && memcmp(a, b, alen) == 0;
}

static void report_unclosed(mu_parser *ps)
{
	size_t i;

	for (i = 0; i < ps->depth; i++) {
		const mu_open *o = &ps->stack[i];
		const char *name = ps->u->src + o->name.off;
		int q = quote_len(name, o->name.len);
		DIAG_ERROR(ps->diags, ps->u->path, (int)o->line, (int)o->col,
			   "%s \"%.*s\" öppnas här men stängs aldrig",
			   "%s \"%.*s\" is opened here but never closed", kind_word(o->type),
			   q, name);
	}
}

/* One tag as the scanner found it, and how it sits on its line. */
typedef struct mu_tag {
	size_t tag_start, tag_end;  /* the whole tag, delimiters included */
	size_t cstart, cend;        /* its content, blanks trimmed */
	size_t ls;                  /* where the blanks before it start */
	size_t next;                /* after the blanks (and newline) that follow it */
	uint32_t line, col;
	int sigil, type;
	int left_clear, right_clear, standalone, in_parent;
} mu_tag;

/* Finds the next tag from ps->pos. 1 when one was found, 0 at the end of
 * the source, -1 (reported) when a tag is never closed. */
static int tag_scan(mu_parser *ps, mu_tag *tg, mu_cursor *cur)
{
	const char *s = ps->u->src;
	size_t n = ps->u->len, p, closelen;
	char close[MU_MAX_DELIM + 2];
	const char *t, *e;

	t = ps->pos < n ? find(s + ps->pos, n - ps->pos, ps->otag, ps->olen) : NULL;
	if (!t)
		return 0;
	tg->tag_start = (size_t)(t - s);
	cursor_to(cur, s, tg->tag_start);
	tg->line = cur->line;
	tg->col = cur->col;

	p = tg->tag_start + ps->olen;
	tg->sigil = p < n ? s[p] : 0;
	close[0] = tg->sigil == '{' ? '}' : '=';
	memcpy(close + 1, ps->ctag, ps->clen);
	closelen = ps->clen;
	switch (tg->sigil) {
	case '{':
	case '=':
		closelen = ps->clen + 1;
		/* fall through */
	case '&': case '#': case '^': case '/': case '>': case '<': case '$': case '!':
		p++;
		break;
	default:
		tg->sigil = 0;
		break;
	}
	e = p <= n ? find(s + p, n - p, closelen > ps->clen ? close : ps->ctag, closelen) : NULL;
	if (!e) {
		if (tg->sigil == '=')
			DIAG_ERROR(ps->diags, ps->u->path, (int)tg->line, (int)tg->col,
				   "bytet av avgränsare slutar inte med \"=%.*s\"",
				   "the delimiter change does not end with \"=%.*s\"", (int)ps->clen,
				   ps->ctag);
		else
			DIAG_ERROR(ps->diags, ps->u->path, (int)tg->line, (int)tg->col,
				   "taggen öppnas här men stängs aldrig med \"%.*s\"",
				   "the tag is opened here but never closed with \"%.*s\"",
				   (int)closelen, closelen > ps->clen ? close : ps->ctag);
		return -1;
	}
	tg->cstart = p;
	tg->cend = (size_t)(e - s);
	tg->tag_end = tg->cend + closelen;
	while (tg->cstart < tg->cend && is_space(s[tg->cstart]))
		tg->cstart++;
	while (tg->cend > tg->cstart && is_space(s[tg->cend - 1]))
		tg->cend--;

	switch (tg->sigil) {
	case 0: tg->type = MU_VAR; break;
	case '{': case '&': tg->type = MU_RAW; break;
	case '#': tg->type = MU_SECTION; break;
	case '^': tg->type = MU_INVERTED; break;
	case '>': tg->type = MU_PARTIAL; break;
	case '<': tg->type = MU_PARENT; break;
	case '$': tg->type = MU_BLOCK; break;
	default: tg->type = -1; break; /* '/', '!', '=' */
	}
	return 1;
}

/* Standalone: the tag is alone on its line but for blanks, and the line
 * goes. Inside a parent, text around arguments is ignored, so the side of
 * a tag facing it does not count. */
static void tag_placement(const mu_parser *ps, mu_tag *tg)
{
	const char *s = ps->u->src;
	size_t n = ps->u->len, ls, next;
	const mu_open *top = ps->depth > 0 ? &ps->stack[ps->depth - 1] : NULL;

	for (ls = tg->tag_start; ls > 0 && is_blank(s[ls - 1]); ls--)
		;
	tg->ls = ls;
	tg->left_clear = ls == 0 || s[ls - 1] == '\n';
	for (next = tg->tag_end; next < n && is_blank(s[next]); next++)
		;
	tg->right_clear = 1;
	if (next == n)
		;
	else if (s[next] == '\n')
		next++;
	else if (s[next] == '\r' && next + 1 < n && s[next + 1] == '\n')
		next += 2;
	else
		tg->right_clear = 0;
	tg->next = next;
	tg->in_parent = top && top->type == MU_PARENT;
	if (tg->type == MU_VAR || tg->type == MU_RAW)
		tg->standalone = 0;
	else if (tg->type == MU_PARENT)
		tg->standalone = 0; /* decided by its closing tag */
	else if (tg->type == MU_BLOCK && tg->in_parent)
		tg->standalone = tg->right_clear;
	else if (tg->sigil == '/' && tg->in_parent)
		/* A parent pair is standalone when it starts its line and its
		 * closing tag ends it. */
		tg->standalone = top->left_clear && tg->right_clear;
	else if (tg->sigil == '/' && top && (ps->u->nodes[top->node].flags & MU_ARG))
		tg->standalone = tg->left_clear; /* closes an argument */
	else
		tg->standalone = tg->left_clear && tg->right_clear;
}

/* Adds the text from ps->text_start to end as a text node. */
static void text_add(mu_parser *ps, size_t end, uint32_t line, uint32_t col)
{
	mu_unit *u = ps->u;
	mu_node *node;

	if (end <= ps->text_start)
		return;
	node = unit_add_node(u, MU_TEXT, line, col);
	node->text.off = (uint32_t)ps->text_start;
	node->text.len = (uint32_t)(end - ps->text_start);
	if (ps->text_start == 0 || u->src[ps->text_start - 1] == '\n')
		node->flags |= MU_BOL;
}

/* {{=<% %>=}}: two delimiters separated by blanks. */
static int tag_set_delimiters(mu_parser *ps, const mu_tag *tg)
{
	const char *c = ps->u->src + tg->cstart;
	size_t len = tg->cend - tg->cstart, a = 0, b, k;

	while (a < len && !is_space(c[a]))
		a++;
	for (b = a; b < len && is_space(c[b]); b++)
		;
	for (k = b; k < len && !is_space(c[k]); k++)
		;
	if (a == 0 || b == a || b == len || k != len || a > MU_MAX_DELIM || k - b > MU_MAX_DELIM) {
		int q = quote_len(c, len);
		DIAG_ERROR(ps->diags, ps->u->path, (int)tg->line, (int)tg->col,
			   "ogiltigt byte av avgränsare \"%.*s\": skriv två avgränsare "
			   "med mellanslag emellan, som {{=<%% %%>=}}",
			   "invalid delimiter change \"%.*s\": write two delimiters "
			   "separated by a space, like {{=<%% %%>=}}",
			   q, c);
		return -1;
	}
	ps->otag = c;
	ps->olen = a;
	ps->ctag = c + b;
	ps->clen = k - b;
	return 0;
}

/* A closing tag: matches it with the open element and ends that. */
static int tag_close(mu_parser *ps, const mu_tag *tg)
{
	mu_unit *u = ps->u;
	const char *name = u->src + tg->cstart, *oname;
	size_t nlen = tg->cend - tg->cstart;
	int q = quote_len(name, nlen), oq;
	mu_open *o;
	mu_node *node;

	if (ps->depth == 0) {
		DIAG_ERROR(ps->diags, u->path, (int)tg->line, (int)tg->col,
			   "sluttaggen \"%.*s\" har ingen öppningstagg",
			   "closing tag \"%.*s\" has no matching opening tag", q, name);
		return -1;
	}
	o = &ps->stack[ps->depth - 1];
	oname = u->src + o->name.off;
	oq = quote_len(oname, o->name.len);
	if (!names_equal(name, nlen, oname, o->name.len)) {
		DIAG_ERROR(ps->diags, u->path, (int)tg->line, (int)tg->col,
			   "sluttaggen \"%.*s\" passar inte ihop med %s \"%.*s\" "
			   "som öppnades på rad %u",
			   "closing tag \"%.*s\" does not match %s \"%.*s\" "
			   "opened on line %u",
			   q, name, kind_word(o->type), oq, oname, o->line);
		return -1;
	}
	node = &u->nodes[o->node];
	node->end = (uint32_t)u->nnodes;
	if (o->type == MU_PARENT && tg->standalone) {
		/* Its leading blanks become indentation. */
		mu_node *prev = o->node > 0 ? &u->nodes[o->node - 1] : NULL;
		node->flags |= MU_INDENTED;
		node->ind.off = o->line_start;
		node->ind.len = o->tag_start - o->line_start;
		if (prev && prev->type == MU_TEXT && prev->text.off + prev->text.len == o->tag_start &&
		    prev->text.len >= node->ind.len)
			prev->text.len -= node->ind.len;
	}
	/* A block whose opening tag starts its line and whose closing tag
	 * ends its line indents content that overrides it. */
	if (o->type == MU_BLOCK && !(node->flags & MU_ARG) && o->left_clear && tg->right_clear) {
		node->flags |= MU_INDENTED;
		if (o->right_clear) {
			node->ind = node->intr;
		} else {
			node->ind.off = o->line_start;
			node->ind.len = o->tag_start - o->line_start;
		}
	}
	ps->depth--;
	return 0;
}

static int opens_element(int type)
{
	return type == MU_SECTION || type == MU_INVERTED || type == MU_PARENT || type == MU_BLOCK;
}

/* A variable, section, partial, parent or block tag: adds its node and,
 * for what has a closing tag, opens it. */
static int tag_open(mu_parser *ps, const mu_tag *tg)
{
	mu_unit *u = ps->u;
	const char *s = u->src;
	size_t n = u->len;
	uint32_t noff = (uint32_t)tg->cstart, nlen = (uint32_t)(tg->cend - tg->cstart);
	mu_node *node;
	int bad;

	if (nlen == 0) {
		DIAG_ERROR(ps->diags, u->path, (int)tg->line, (int)tg->col, "taggen saknar namn",
			   "the tag has no name");
		return -1;
	}
	if (tg->in_parent && !opens_element(tg->type))
		return 0; /* ignored, like text: a parent only takes blocks */
	if (opens_element(tg->type) && ps->depth >= MUSTACHE_MAX_NESTING) {
		DIAG_ERROR(ps->diags, u->path, (int)tg->line, (int)tg->col,
			   "avsnitt, block och föräldramallar är nästlade mer än %d nivåer djupt",
			   "sections, blocks and parents are nested more than %d levels deep",
			   MUSTACHE_MAX_NESTING);
		return -1;
	}

	node = unit_add_node(u, tg->type, tg->line, tg->col);
	node->text.off = noff;
	node->text.len = nlen;
	switch (tg->type) {
	case MU_PARTIAL:
	case MU_PARENT:
		bad = parse_target_name(u, node, noff, nlen) < 0;
		break;
	case MU_BLOCK:
		bad = !valid_word(s + noff, nlen);
		break;
	default:
		bad = parse_dotted(u, node, noff, nlen) < 0;
		break;
	}
	if (bad) {
		int q = quote_len(s + noff, nlen);
		DIAG_ERROR(ps->diags, u->path, (int)tg->line, (int)tg->col,
			   "ogiltigt namn \"%.*s\" i taggen", "invalid name \"%.*s\" in the tag", q,
			   s + noff);
		return -1;
	}
	if (tg->type == MU_PARTIAL && tg->standalone) {
		node->flags |= MU_INDENTED;
		node->ind.off = (uint32_t)tg->ls;
		node->ind.len = (uint32_t)(tg->tag_start - tg->ls);
	}
	if (tg->type == MU_BLOCK) {
		if (tg->in_parent)
			node->flags |= MU_ARG;
		if (tg->right_clear && tg->next < n) {
			/* Intrinsic indentation: the blanks starting the next line. */
			size_t k = tg->next;
			while (k < n && is_blank(s[k]))
				k++;
			node->intr.off = (uint32_t)tg->next;
			node->intr.len = (uint32_t)(k - tg->next);
		}
	}
	if (opens_element(tg->type)) {
		mu_open *o = &ps->stack[ps->depth++];
		o->node = (uint32_t)(u->nnodes - 1);
		o->type = tg->type;
		o->name.off = noff;
		o->name.len = nlen;
		o->line = tg->line;
		o->col = tg->col;
		o->left_clear = tg->left_clear;
		o->right_clear = tg->right_clear;
		o->line_start = (uint32_t)tg->ls;
		o->tag_start = (uint32_t)tg->tag_start;
	}
	return 0;
}

/* Parses u->src into u->nodes. Stops at the first error. */
static int unit_parse(mu_unit *u, diag_list *diags)
{
	mu_parser *ps;
	mu_cursor cur = { 0, 1, 1 };
	int rc = -1, found;

	if (u->len > MUSTACHE_MAX_SOURCE) {
		DIAG_ERROR(diags, u->path, 1, 1, "mallen är större än %d MiB",
			   "the template is larger than %d MiB", MUSTACHE_MAX_SOURCE / (1024 * 1024));
		return -1;
	}
	ps = mem_calloc(1, sizeof(*ps));
	ps->u = u;
	ps->diags = diags;
	ps->otag = default_otag;
	ps->ctag = default_ctag;
	ps->olen = ps->clen = 2;

	for (;;) {
		mu_tag tg;
		uint32_t tline, tcol;

		cursor_to(&cur, u->src, ps->text_start);
		tline = cur.line;
		tcol = cur.col;
		found = tag_scan(ps, &tg, &cur);
		if (found < 0)
			goto out;
		if (found == 0)
			break;
		tag_placement(ps, &tg);
		/* The text before the tag. */
		if (!tg.in_parent)
			text_add(ps, tg.standalone && tg.left_clear ? tg.ls : tg.tag_start, tline, tcol);
		ps->text_start = ps->pos = tg.standalone && tg.right_clear ? tg.next : tg.tag_end;

		if (tg.sigil == '!')
			continue;
		if ((tg.sigil == '=' ? tag_set_delimiters(ps, &tg)
		     : tg.sigil == '/' ? tag_close(ps, &tg)
				       : tag_open(ps, &tg)) < 0)
			goto out;
	}

	if (ps->depth > 0) {
		report_unclosed(ps);
		goto out;
	}
	cursor_to(&cur, u->src, ps->text_start);
	text_add(ps, u->len, cur.line, cur.col);
	rc = 0;
out:
	free(ps);
	return rc;
}

/* ---- the partial registry ---------------------------------------------- */

static uint32_t hash_name(const char *s)
{
	return (uint32_t)XXH3_64bits(s, strlen(s));
}

static void index_rebuild(mustache_template *tpl)
{
	size_t i, cap = 16;

	while (cap < tpl->nentries * 2 + 2)
		cap *= 2;
	free(tpl->index);
	tpl->index = mem_calloc(cap, sizeof(uint32_t));
	tpl->indexcap = cap;
	for (i = 0; i < tpl->nentries; i++) {
		size_t h = hash_name(tpl->entries[i].name) & (cap - 1);
		while (tpl->index[h])
			h = (h + 1) & (cap - 1);
		tpl->index[h] = (uint32_t)(i + 1);
	}
}

static mu_entry *registry_find(const mustache_template *tpl, const char *name)
{
	size_t h;

	if (!tpl->indexcap)
		return NULL;
	h = hash_name(name) & (tpl->indexcap - 1);
	while (tpl->index[h]) {
		mu_entry *e = &tpl->entries[tpl->index[h] - 1];
		if (strcmp(e->name, name) == 0)
			return e;
		h = (h + 1) & (tpl->indexcap - 1);
	}
	return NULL;
}

static mu_entry *registry_add(mustache_template *tpl, const char *name, mu_unit *unit)
{
	mu_entry *e;

	tpl->entries = mem_grow_array(tpl->entries, &tpl->entcap, tpl->nentries + 1,
				      sizeof(mu_entry));
	e = &tpl->entries[tpl->nentries++];
	e->name = mem_strdup(name);
	e->unit = unit;
	if (tpl->nentries * 2 + 2 > tpl->indexcap) {
		index_rebuild(tpl);
	} else {
		size_t h = hash_name(name) & (tpl->indexcap - 1);
		while (tpl->index[h])
			h = (h + 1) & (tpl->indexcap - 1);
		tpl->index[h] = (uint32_t)tpl->nentries;
	}
	return e;
}

/* Forgets entries added after the first `keep`: a failed load while
 * rendering must not leave half-resolved partials behind. */
static void registry_truncate(mustache_template *tpl, size_t keep)
{
	while (tpl->nentries > keep) {
		mu_entry *e = &tpl->entries[--tpl->nentries];
		free(e->name);
		unit_free(e->unit);
	}
	index_rebuild(tpl);
}

/* Asks the loader for `name` (wanted by `node` of `from`) and parses it.
 * Returns 0 with *out set (its unit NULL when not found; *fresh set when
 * the unit still needs its own names resolved), or -1. */
static int registry_load(mu_entry **out, mu_unit **fresh, mustache_template *tpl,
			 diag_list *diags, const char *name, const mu_unit *from, const mu_node *node)
{
	buf source = BUF_INIT, display = BUF_INIT;
	size_t errors = diags->errors;
	mu_unit *unit = NULL;
	int rc = -1, found;

	*out = NULL;
	*fresh = NULL;
	if (tpl->nentries >= MUSTACHE_MAX_PARTIALS) {
		DIAG_ERROR(diags, from->path, (int)node->line, (int)node->col,
			   "för många olika partialer (fler än %d)",
			   "too many different partials (more than %d)", MUSTACHE_MAX_PARTIALS);
		goto out;
	}
	found = tpl->opts.loader
			? tpl->opts.loader(&source, &display, diags, tpl->opts.loader_ctx, name)
			: 1;
	if (found < 0) {
		if (diags->errors == errors) {
			int q = quote_len(name, strlen(name));
			DIAG_ERROR(diags, from->path, (int)node->line, (int)node->col,
				   "partialen \"%.*s\" kunde inte läsas",
				   "could not read partial \"%.*s\"", q, name);
		}
		goto out;
	}
	if (found == 0) {
		unit = unit_new(display.size ? display.ptr : name, source.ptr, source.size);
		if (unit_parse(unit, diags) < 0)
			goto out;
	}
	*out = registry_add(tpl, name, unit);
	*fresh = unit;
	unit = NULL;
	rc = 0;
out:
	unit_free(unit);
	buf_free(&source);
	buf_free(&display);
	return rc;
}

static void report_missing(diag_list *diags, const mu_unit *u, const mu_node *n, const char *name,
			   size_t len)
{
	int q = quote_len(name, len);

	if (n->type == MU_PARENT)
		DIAG_ERROR(diags, u->path, (int)n->line, (int)n->col,
			   "föräldramallen \"%.*s\" finns inte", "parent template \"%.*s\" not found",
			   q, name);
	else
		DIAG_ERROR(diags, u->path, (int)n->line, (int)n->col,
			   "partialen \"%.*s\" finns inte", "partial \"%.*s\" not found", q, name);
}

/* Resolves the static partial and parent names of `first` and of every
 * partial they bring in, breadth first with a work list, so a long chain
 * of partials cannot exhaust the stack. Reports every missing partial. */
static int registry_resolve(mustache_template *tpl, diag_list *diags, mu_unit *first)
{
	mu_unit **queue = NULL;
	size_t qlen = 0, qcap = 0, qi, i;
	buf name = BUF_INIT;
	int rc = 0;

	queue = mem_grow_array(queue, &qcap, 1, sizeof(*queue));
	queue[qlen++] = first;
	for (qi = 0; qi < qlen; qi++) {
		mu_unit *u = queue[qi];
		for (i = 0; i < u->nnodes; i++) {
			mu_node *n = &u->nodes[i];
			mu_entry *e;
			mu_unit *fresh;
			if ((n->type != MU_PARTIAL && n->type != MU_PARENT) || (n->flags & MU_DYNAMIC))
				continue;
			buf_clear(&name);
			buf_put(&name, u->src + n->text.off, n->text.len);
			e = registry_find(tpl, name.ptr);
			if (!e) {
				if (registry_load(&e, &fresh, tpl, diags, name.ptr, u, n) < 0) {
					rc = -1;
					goto out;
				}
				if (fresh) {
					queue = mem_grow_array(queue, &qcap, qlen + 1, sizeof(*queue));
					queue[qlen++] = fresh;
				}
			}
			n->target = e->unit;
			if (!e->unit && tpl->opts.missing_partial_is_error) {
				report_missing(diags, u, n, name.ptr, name.size);
				rc = -1;
			}
		}
	}
out:
	free(queue);
	buf_free(&name);
	return rc;
}

/* ---- compiling ----------------------------------------------------------- */

void mustache_free(mustache_template *tpl)
{
	size_t i;

	if (!tpl)
		return;
	unit_free(tpl->root);
	for (i = 0; i < tpl->nentries; i++) {
		free(tpl->entries[i].name);
		unit_free(tpl->entries[i].unit);
	}
	free(tpl->entries);
	free(tpl->index);
	pthread_rwlock_destroy(&tpl->lock);
	free(tpl);
}

int mustache_compile(mustache_template **out, diag_list *diags, const char *path, const char *src,
		     size_t len, const mustache_options *opts)
{
	mustache_template *tpl = mem_calloc(1, sizeof(*tpl));
	int rc = -1;

	*out = NULL;
	if (opts)
		tpl->opts = *opts;
	if (!tpl->opts.max_output)
		tpl->opts.max_output = MUSTACHE_DEFAULT_MAX_OUTPUT;
	if (!tpl->opts.max_steps)
		tpl->opts.max_steps = MUSTACHE_DEFAULT_MAX_STEPS;
	if (pthread_rwlock_init(&tpl->lock, NULL) != 0)
		abort(); /* only fails for lack of memory, which is fatal here */
	tpl->root = unit_new(path, src ? src : "", src ? len : 0);
	if (unit_parse(tpl->root, diags) < 0 || registry_resolve(tpl, diags, tpl->root) < 0)
		goto out;
	*out = tpl;
	tpl = NULL;
	rc = 0;
out:
	mustache_free(tpl);
	return rc;
}

/* ---- rendering ----------------------------------------------------------- */

/* The arguments of a parent being expanded; frames link outwards. */
typedef struct mu_frame {
	const mu_unit *unit;
	size_t parent; /* index of the MU_PARENT node in unit */
	const struct mu_frame *outer;
} mu_frame;

typedef struct mu_render {
	buf *out;
	size_t base;
	diag_list *diags;
	mustache_template *tpl;
	const value *ctx[MUSTACHE_MAX_RENDER_DEPTH + 3]; /* base, data, sections */
	size_t nctx;
	buf indent;        /* prepended to each template line; used as a stack */
	const char *strip; /* intrinsic indentation dropped from source lines */
	size_t strip_len;
	int pending;       /* output is at the start of a line */
	unsigned depth, partial_depth;
	unsigned long steps;
	const mu_frame *frames;
} mu_render;

static int render_nodes(mu_render *st, const mu_unit *u, size_t from, size_t to);



/* Name resolution per the spec: the first part against the context stack
 * from the top, the rest against the value found, with no fallback. */
static const value *resolve(const mu_render *st, const mu_unit *u, const mu_node *n)
{
	const mu_span *parts;
	const value *v = NULL;
	const value_pair *p = NULL;
	size_t i;

	/* "." has no parts, and a template whose only names are "." has no
	 * parts array: u->parts is NULL, so even a zero offset is undefined. */
	if (n->nparts == 0)
		return st->ctx[st->nctx - 1];
	parts = u->parts + n->part;
	for (i = st->nctx; i-- > 0 && !p;)
		p = value_map_get_pairn(st->ctx[i], u->src + parts[0].off, parts[0].len);
	if (!p)
		return NULL;
	v = p->val;
	for (i = 1; i < n->nparts && v; i++) {
		p = value_map_get_pairn(v, u->src + parts[i].off, parts[i].len);
		v = p ? p->val : NULL;
	}
	return v;
}

static void put_indent(mu_render *st)
{
	if (st->pending && st->indent.size)
		buf_put(st->out, st->indent.ptr, st->indent.size);
	st->pending = 0;
}

static void emit_text(mu_render *st, const mu_unit *u, const mu_node *n)
{
	const char *p = u->src + n->text.off;
	size_t len = n->text.len, i = 0;
	int bol = n->flags & MU_BOL;

	if (len == 0)
		return; /* its blanks became a parent's indentation */
	if (!st->indent.size && !st->strip_len) {
		buf_put(st->out, p, len);
		st->pending = p[len - 1] == '\n';
		return;
	}
	while (i < len) {
		const char *nl;
		size_t j, k;
		if (bol && st->strip_len) {
			for (k = 0; k < st->strip_len && i < len && p[i] == st->strip[k]; k++)
				i++;
			if (i == len)
				break;
		}
		nl = memchr(p + i, '\n', len - i);
		j = nl ? (size_t)(nl - p) + 1 : len;
		/* Empty lines stay empty: no trailing blanks. */
		if (p[i] != '\n' && !(p[i] == '\r' && i + 1 < len && p[i + 1] == '\n'))
			put_indent(st);
		buf_put(st->out, p + i, j - i);
		st->pending = bol = p[j - 1] == '\n';
		i = j;
		/* Indentation multiplies output: stop early, the caller reports. */
		if (st->out->size - st->base > st->tpl->opts.max_output)
			return;
	}
}

static void emit_value(mu_render *st, const value *v, int escape)
{
	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		if (!v->u.str.len)
			return;
		put_indent(st);
		if (escape)
			escape_html(st->out, v->u.str.ptr, v->u.str.len);
		else
			buf_put(st->out, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_NUMBER:
	case VALUE_BOOL:
		/* Their text never needs escaping. */
		put_indent(st);
		value_to_text(st->out, v);
		break;
	default:
		break;
	}
}

/* Adds the indentation `s` (from the source being rendered, so first
 * without the intrinsic indentation being stripped from it). */
static void push_indent(mu_render *st, const char *s, size_t len)
{
	size_t k = 0;

	while (k < st->strip_len && k < len && s[k] == st->strip[k])
		k++;
	/* Recursion could pile up indentation without end; no real page
	 * comes near this. */
	if (st->indent.size + (len - k) > MU_MAX_INDENT)
		return;
	buf_put(&st->indent, s + k, len - k);
}

/* Finds the partial a dynamic name stands for, loading it on first use. */
static int dynamic_target(const mu_unit **out, mu_render *st, const mu_unit *u, const mu_node *n)
{
	mustache_template *tpl = st->tpl;
	const value *v = resolve(st, u, n);
	buf name = BUF_INIT;
	mu_entry *e;
	int rc = 0;

	*out = NULL;
	if (!v)
		return 0;
	if (v->type == VALUE_STRING) {
		/* Borrowed: value strings are NUL-terminated. */
		name.ptr = v->u.str.ptr;
		name.size = v->u.str.len;
	} else {
		value_to_text(&name, v);
	}
	if (name.size == 0)
		goto out; /* like a missing name: nothing */
	if (strlen(name.ptr) != name.size)
		goto missing; /* a NUL inside cannot name a file */

	pthread_rwlock_rdlock(&tpl->lock);
	e = registry_find(tpl, name.ptr);
	if (e)
		*out = e->unit;
	pthread_rwlock_unlock(&tpl->lock);
	if (!e) {
		size_t keep;
		mu_unit *fresh;
		pthread_rwlock_wrlock(&tpl->lock);
		keep = tpl->nentries;
		e = registry_find(tpl, name.ptr);
		if (!e) {
			rc = registry_load(&e, &fresh, tpl, st->diags, name.ptr, u, n);
			if (rc == 0)
				*out = e->unit; /* before resolving moves the entries */
			if (rc == 0 && fresh)
				rc = registry_resolve(tpl, st->diags, fresh);
			if (rc < 0) {
				registry_truncate(tpl, keep);
				*out = NULL;
			}
		} else {
			*out = e->unit;
		}
		pthread_rwlock_unlock(&tpl->lock);
		if (rc < 0)
			goto out;
	}
	if (*out)
		goto out;
missing:
	if (tpl->opts.missing_partial_is_error) {
		report_missing(st->diags, u, n, name.ptr, name.size);
		rc = -1;
	}
out:
	buf_free(&name);
	return rc;
}

static int enter(mu_render *st, const mu_unit *u, const mu_node *n)
{
	if (st->depth >= MUSTACHE_MAX_RENDER_DEPTH) {
		DIAG_ERROR(st->diags, u->path, (int)n->line, (int)n->col,
			   "mallen nästlas mer än %d nivåer djupt när den renderas",
			   "the template nests more than %d levels deep while rendering",
			   MUSTACHE_MAX_RENDER_DEPTH);
		return -1;
	}
	st->depth++;
	return 0;
}

/* Expands a partial or parent node `n` of `u` into `target`. */
static int render_include(mu_render *st, const mu_unit *u, size_t i, const mu_unit *target)
{
	const mu_node *n = &u->nodes[i];
	size_t indent = st->indent.size;
	const char *strip = st->strip;
	size_t strip_len = st->strip_len;
	const mu_frame *frames = st->frames;
	mu_frame frame;
	int rc;

	if (st->partial_depth >= MUSTACHE_MAX_PARTIAL_DEPTH) {
		int q = quote_len(u->src + n->text.off, n->text.len);
		DIAG_ERROR(st->diags, u->path, (int)n->line, (int)n->col,
			   "\"%.*s\" är nästlad mer än %d nivåer djupt (inkluderar den sig själv?)",
			   "\"%.*s\" is nested more than %d levels deep (does it include itself?)",
			   q, u->src + n->text.off, MUSTACHE_MAX_PARTIAL_DEPTH);
		return -1;
	}
	if (enter(st, u, n) < 0)
		return -1;
	if (n->flags & MU_INDENTED)
		push_indent(st, u->src + n->ind.off, n->ind.len);
	st->strip = NULL;
	st->strip_len = 0;
	if (n->type == MU_PARENT) {
		frame.unit = u;
		frame.parent = i;
		frame.outer = st->frames;
		st->frames = &frame;
	}
	st->partial_depth++;
	rc = render_nodes(st, target, 0, target->nnodes);
	st->partial_depth--;
	st->depth--;
	st->frames = frames;
	st->strip = strip;
	st->strip_len = strip_len;
	buf_truncate(&st->indent, indent);
	return rc;
}

/* The argument overriding block `n` of `u`: the outermost parent's wins. */
static int find_override(const mu_unit **ou, size_t *oi, const mu_render *st, const mu_unit *u,
			 const mu_node *n)
{
	const char *name = u->src + n->text.off;
	const mu_frame *f;
	int found = 0;

	for (f = st->frames; f; f = f->outer) {
		const mu_node *nodes = f->unit->nodes;
		size_t j = f->parent + 1, end = nodes[f->parent].end;
		while (j < end) {
			const mu_node *a = &nodes[j];
			if (a->type == MU_BLOCK && a->text.len == n->text.len &&
			    memcmp(f->unit->src + a->text.off, name, n->text.len) == 0) {
				*ou = f->unit;
				*oi = j;
				found = 1;
				break;
			}
			j = a->end;
		}
	}
	return found;
}

static int render_block(mu_render *st, const mu_unit *u, size_t i)
{
	const mu_node *n = &u->nodes[i], *arg;
	const mu_unit *ou;
	size_t oi, indent = st->indent.size;
	const char *strip = st->strip;
	size_t strip_len = st->strip_len;
	int rc;

	if (enter(st, u, n) < 0)
		return -1;
	if (!find_override(&ou, &oi, st, u, n)) {
		rc = render_nodes(st, u, i + 1, n->end);
		st->depth--;
		return rc;
	}
	arg = &ou->nodes[oi];
	if (n->flags & MU_INDENTED)
		push_indent(st, u->src + n->ind.off, n->ind.len);
	st->strip = ou->src + arg->intr.off;
	st->strip_len = arg->intr.len;
	rc = render_nodes(st, ou, oi + 1, arg->end);
	st->strip = strip;
	st->strip_len = strip_len;
	buf_truncate(&st->indent, indent);
	st->depth--;
	return rc;
}

static int render_section(mu_render *st, const mu_unit *u, size_t i)
{
	const mu_node *n = &u->nodes[i];
	const value *v = resolve(st, u, n);
	int truthy = value_is_truthy(v), rc = 0;
	size_t k;

	if (n->type == MU_INVERTED ? truthy : !truthy)
		return 0;
	if (enter(st, u, n) < 0)
		return -1;
	if (n->type == MU_INVERTED) {
		rc = render_nodes(st, u, i + 1, n->end);
	} else if (v->type == VALUE_LIST) {
		for (k = 0; k < v->u.list.len && rc == 0; k++) {
			st->ctx[st->nctx++] = v->u.list.items[k];
			rc = render_nodes(st, u, i + 1, n->end);
			st->nctx--;
		}
	} else {
		st->ctx[st->nctx++] = v;
		rc = render_nodes(st, u, i + 1, n->end);
		st->nctx--;
	}
	st->depth--;
	return rc;
}

static int render_nodes(mu_render *st, const mu_unit *u, size_t from, size_t to)
{
	size_t i = from;

	while (i < to) {
		const mu_node *n = &u->nodes[i];
		const mu_unit *target;
		int rc = 0;

		if (++st->steps > st->tpl->opts.max_steps) {
			DIAG_ERROR(st->diags, u->path, (int)n->line, (int)n->col,
				   "renderingen tar fler än %lu steg (inkluderar en partial sig själv?)",
				   "rendering takes more than %lu steps (does a partial include itself?)",
				   st->tpl->opts.max_steps);
			return -1;
		}
		switch (n->type) {
		case MU_TEXT:
			emit_text(st, u, n);
			break;
		case MU_VAR:
		case MU_RAW:
			emit_value(st, resolve(st, u, n), n->type == MU_VAR);
			break;
		case MU_SECTION:
		case MU_INVERTED:
			rc = render_section(st, u, i);
			break;
		case MU_PARTIAL:
		case MU_PARENT:
			target = n->target;
			if ((n->flags & MU_DYNAMIC) && dynamic_target(&target, st, u, n) < 0)
				return -1;
			if (target)
				rc = render_include(st, u, i, target);
			break;
		case MU_BLOCK:
			rc = render_block(st, u, i);
			break;
		default:
			break;
		}
		if (rc < 0)
			return -1;
		if (st->out->size - st->base > st->tpl->opts.max_output) {
			DIAG_ERROR(st->diags, u->path, (int)n->line, (int)n->col,
				   "resultatet blir större än %zu byte (inkluderar en partial sig själv?)",
				   "the output grows beyond %zu bytes (does a partial include itself?)",
				   st->tpl->opts.max_output);
			return -1;
		}
		i = n->end;
	}
	return 0;
}

int mustache_render(buf *out, diag_list *diags, const mustache_template *tpl, const value *data)
{
	return mustache_render_over(out, diags, tpl, NULL, data);
}

int mustache_render_over(buf *out, diag_list *diags, const mustache_template *tpl,
			 const value *base, const value *data)
{
	mu_render st;
	int rc;

	st.out = out;
	st.base = out->size;
	st.diags = diags;
	/* Only the lock-guarded partial cache is ever written through this. */
	st.tpl = (mustache_template *)tpl;
	st.nctx = 0;
	if (base)
		st.ctx[st.nctx++] = base;
	st.ctx[st.nctx++] = data;
	buf_init(&st.indent);
	st.strip = NULL;
	st.strip_len = 0;
	st.pending = 1;
	st.depth = 0;
	st.partial_depth = 0;
	st.steps = 0;
	st.frames = NULL;
	rc = render_nodes(&st, tpl->root, 0, tpl->root->nnodes);
	buf_free(&st.indent);
	if (rc < 0)
		buf_truncate(out, st.base);
	return rc;
}

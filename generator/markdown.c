#include "markdown.h"

#include <cmark.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "escape.h"
#include "lang.h"
#include "mem.h"
#include "slug.h"
#include "utf8.h"

/* Parsing: smart punctuation, and UTF-8 checked again so that even a
 * caller that skipped utf8_validate gets valid output. Rendering: no
 * CMARK_OPT_UNSAFE (cmark's safe mode) and no CMARK_OPT_SOURCEPOS. */
#define MD_PARSE_OPTS (CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8)
#define MD_RENDER_OPTS CMARK_OPT_DEFAULT

/* ---- id namespace -------------------------------------------------------- */

struct markdown_id_slot {
	char *id;           /* NULL: empty slot */
	unsigned long next; /* next suffix to try when id is asked for again */
};

static uint64_t md_hash(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}

static markdown_id_slot *md_ids_find(const markdown_ids *ids, const char *id)
{
	size_t i;

	if (!ids->cap)
		return NULL;
	for (i = (size_t)md_hash(id) & (ids->cap - 1); ids->slots[i].id; i = (i + 1) & (ids->cap - 1))
		if (strcmp(ids->slots[i].id, id) == 0)
			return &ids->slots[i];
	return NULL;
}

/* Adds an id known to be absent; takes ownership of it. */
static markdown_id_slot *md_ids_insert(markdown_ids *ids, char *id)
{
	size_t i;

	/* Keep the table at most half full so probes stay short. */
	if ((ids->len + 1) * 2 > ids->cap) {
		markdown_id_slot *old = ids->slots;
		size_t j, old_cap = ids->cap;

		ids->cap = old_cap ? old_cap * 2 : 32;
		ids->slots = mem_calloc(ids->cap, sizeof(*ids->slots));
		for (j = 0; j < old_cap; j++) {
			if (!old[j].id)
				continue;
			for (i = (size_t)md_hash(old[j].id) & (ids->cap - 1); ids->slots[i].id;
			     i = (i + 1) & (ids->cap - 1))
				;
			ids->slots[i] = old[j];
		}
		free(old);
	}
	for (i = (size_t)md_hash(id) & (ids->cap - 1); ids->slots[i].id; i = (i + 1) & (ids->cap - 1))
		;
	ids->slots[i].id = id;
	ids->slots[i].next = 2;
	ids->len++;
	return &ids->slots[i];
}

void markdown_ids_init(markdown_ids *ids)
{
	ids->slots = NULL;
	ids->cap = ids->len = 0;
}

int markdown_ids_reserve(markdown_ids *ids, const char *id)
{
	if (md_ids_find(ids, id))
		return -1;
	md_ids_insert(ids, mem_strdup(id));
	return 0;
}

int markdown_ids_contains(const markdown_ids *ids, const char *id)
{
	return md_ids_find(ids, id) != NULL;
}

int markdown_ids_unique(buf *out, markdown_ids *ids, const char *base)
{
	buf cand = BUF_INIT;
	markdown_id_slot *slot = md_ids_find(ids, base);
	unsigned long n;

	if (!slot) {
		md_ids_insert(ids, mem_strdup(base));
		buf_puts(out, base);
		return 0;
	}
	/* Remembering where the last search ended keeps a page with many
	 * equal headings linear. */
	for (n = slot->next;; n++) {
		buf_clear(&cand);
		buf_printf(&cand, "%s-%lu", base, n);
		if (!md_ids_find(ids, cand.ptr))
			break;
	}
	md_ids_find(ids, base)->next = n + 1;
	buf_puts(out, cand.ptr);
	md_ids_insert(ids, buf_detach(&cand));
	return 0;
}

void markdown_ids_free(markdown_ids *ids)
{
	size_t i;

	for (i = 0; i < ids->cap; i++)
		free(ids->slots[i].id);
	free(ids->slots);
	markdown_ids_init(ids);
}

/* ---- text helpers -------------------------------------------------------- */

static const char *const md_section_titles[2][MARKDOWN_SECTION_COUNT] = {
	{ "Så deltar du", "Resultat", "Återkoppling" },
	{ "How to take part", "Results", "Feedback" },
};

const char *markdown_section_title(markdown_section s, const char *lang)
{
	if ((unsigned)s >= MARKDOWN_SECTION_COUNT)
		return NULL;
	return md_section_titles[lang_is_english(lang)][s];
}

/* Appends the text of node's subtree: text, code, image descriptions;
 * line breaks as spaces. Iterative, like every walk here. */
static void md_node_text(buf *out, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static int md_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends s[0..len) with whitespace runs made one space and the ends
 * trimmed; with `lower`, ASCII and Latin-1 letters also lower-cased, which
 * is enough to compare "SÅ DELTAR DU" with "Så deltar du". */
static void md_squeeze(buf *out, const char *s, size_t len, int lower)
{
	size_t i, start = out->size;
	int space = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (md_is_space(c)) {
			space = 1;
			continue;
		}
		if (space && out->size > start)
			buf_putc(out, ' ');
		space = 0;
		if (lower && c >= 'A' && c <= 'Z') {
			buf_putc(out, c + ('a' - 'A'));
		} else if (lower && c == 0xC3 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97) {
			/* U+00C0..U+00DE (not ×): lower case is 0x20 higher. */
			buf_putc(out, c);
			buf_putc(out, (unsigned char)s[i + 1] + 0x20);
			i++;
		} else {
			buf_putc(out, c);
		}
	}
}

static int md_is_blank(const buf *b)
{
	size_t i;

	for (i = 0; i < b->size; i++)
		if (!md_is_space((unsigned char)b->ptr[i]))
			return 0;
	return 1;
}

/* Text folded for comparing with fixed names. */
static void md_fold(buf *out, const char *s, size_t len)
{
	md_squeeze(out, s, len, 1);
}

/* cmark's smart quotes are English (“…” ‘…’); in Swedish both marks are
 * the closing ones (”…” ’…’). Same length, so a byte swap suffices. */
static void md_swedish_quotes(cmark_node *text)
{
	const char *lit = cmark_node_get_literal(text);
	char *copy, *p;

	if (!lit || (!strstr(lit, "\xE2\x80\x9C") && !strstr(lit, "\xE2\x80\x98")))
		return;
	copy = mem_strdup(lit);
	for (p = copy; (p = strstr(p, "\xE2\x80")) != NULL; p += 2) {
		if (p[2] == '\x9C')
			p[2] = '\x9D';
		else if (p[2] == '\x98')
			p[2] = '\x99';
	}
	cmark_node_set_literal(text, copy);
	free(copy);
}

/* ---- positions ----------------------------------------------------------- */

typedef struct md_ctx {
	diag_list *diags;
	const char *path;
	const char *src; /* after any BOM */
	size_t len;
	int first_line;
	int english;
	markdown_ids *ids;
	size_t *lines; /* start offsets of the lines, built on first need */
	size_t nlines, lines_cap;
	/* The paragraph or heading being walked: its first line and column
	 * and its last line. */
	int leaf_line, leaf_col, leaf_end;
	int prev_level; /* level of the last heading, or 1 for the page title */
	int had_heading; /* 0 while the page title is the last heading */
	markdown_doc *out;
	unsigned flags;
	size_t errors, warnings; /* reported by this call */
} md_ctx;

static void md_index_lines(md_ctx *ctx)
{
	size_t i;

	ctx->lines = mem_grow_array(ctx->lines, &ctx->lines_cap, 1, sizeof(size_t));
	ctx->lines[ctx->nlines++] = 0;
	for (i = 0; i < ctx->len; i++) {
		if (ctx->src[i] != '\n' && ctx->src[i] != '\r')
			continue;
		/* CR, LF and CRLF end a line, as for cmark. */
		if (ctx->src[i] == '\r' && i + 1 < ctx->len && ctx->src[i + 1] == '\n')
			i++;
		ctx->lines = mem_grow_array(ctx->lines, &ctx->lines_cap, ctx->nlines + 1,
					    sizeof(size_t));
		ctx->lines[ctx->nlines++] = i + 1;
	}
}

/* Bytes of line `line` (1-based, clamped), without its line break. */
static const char *md_line(md_ctx *ctx, int line, size_t *len)
{
	size_t start, end;

	if (!ctx->lines)
		md_index_lines(ctx);
	if (line < 1)
		line = 1;
	if ((size_t)line > ctx->nlines)
		line = (int)ctx->nlines;
	start = ctx->lines[line - 1];
	if ((size_t)line == ctx->nlines) {
		end = ctx->len;
	} else {
		end = ctx->lines[line] - 1;
		if (ctx->src[end] == '\n' && end > start && ctx->src[end - 1] == '\r')
			end--;
	}
	*len = end - start;
	return ctx->src + start;
}

/* Where a paragraph's text starts on a line after its first: past the
 * container markers (`>`) and the indentation cmark strips. */
static size_t md_text_start(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '>'))
		i++;
	return i;
}

/* 1 for a link written <https://...>: its text is its address. */
static int md_is_autolink(cmark_node *link)
{
	cmark_node *child = cmark_node_first_child(link);
	const char *url = cmark_node_get_url(link), *lit;

	if (!child || cmark_node_get_type(child) != CMARK_NODE_TEXT || !url)
		return 0;
	lit = cmark_node_get_literal(child);
	if (strncmp(url, "mailto:", 7) == 0 && strcmp(url + 7, lit) == 0)
		return 1;
	return strcmp(url, lit) == 0;
}

/* Whether node can start at text[byte]: the right character is there,
 * and for a link or image the letters and digits its text begins with. */
static int md_starts_right(const char *text, size_t len, size_t byte, cmark_node *node)
{
	cmark_node *child = cmark_node_first_child(node);
	const char *lit;
	size_t i;

	if (byte >= len)
		return 0;
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_LINK:
		if (text[byte] != '[' && !(text[byte] == '<' && md_is_autolink(node)))
			return 0;
		byte++;
		break;
	case CMARK_NODE_IMAGE:
		if (text[byte] != '!' || byte + 1 >= len || text[byte + 1] != '[')
			return 0;
		byte += 2;
		break;
	case CMARK_NODE_HTML_INLINE:
		return text[byte] == '<';
	default:
		return 1;
	}
	if (!child || cmark_node_get_type(child) != CMARK_NODE_TEXT)
		return 1;
	/* Only plain ASCII letters and digits: anything else may have been
	 * an entity, an escape or smart punctuation in the source. */
	lit = cmark_node_get_literal(child);
	for (i = 0; lit[i] && ((lit[i] >= 'a' && lit[i] <= 'z') || (lit[i] >= 'A' && lit[i] <= 'Z') ||
			       (lit[i] >= '0' && lit[i] <= '9'));
	     i++)
		if (byte + i >= len || text[byte + i] != lit[i])
			return 0;
	return 1;
}

/* Spaces and tabs right before where md_text_start puts a line's text. */
static size_t md_indent_before_text(const char *text, size_t len)
{
	size_t start = md_text_start(text, len), n = 0;

	while (n < start && (text[start - n - 1] == ' ' || text[start - n - 1] == '\t'))
		n++;
	return n;
}

/* Where cmark took the text of a paragraph's later line to begin: after
 * the indentation and `>` markers, or, on a lazy continuation line, up to
 * `shift` bytes of indentation earlier. */
static size_t md_later_start(const char *text, size_t len, size_t shift)
{
	size_t indent = md_indent_before_text(text, len);

	return md_text_start(text, len) - (shift < indent ? shift : indent);
}

/* Bounds on the search in md_node_pos, so that odd input costs little:
 * lines run on, lines tried, and indentation tried. */
#define MD_MAX_WRAP 64
#define MD_MAX_TRIES 20
#define MD_MAX_SHIFT 8

/* Turns cmark's position of an inline into a line and a byte offset in
 * it (see md_node_pos). On a later line of the paragraph cmark's column
 * is `leaf_col` plus the offset from where it took that line's text to
 * begin, and columns run on past line breaks that cmark does not count
 * (after a backslash, in a link's destination). Returns the most
 * indentation met, beyond which a larger shift changes nothing. */
static size_t md_inline_place(int *line, size_t *byte, md_ctx *ctx, int l, int c, int later,
			      size_t shift)
{
	size_t tlen, indent = 0;
	const char *text = md_line(ctx, l, &tlen);
	long b;
	int wraps = 0;

	if (!later) {
		b = (long)c - 1;
	} else {
		indent = md_indent_before_text(text, tlen);
		b = (long)md_later_start(text, tlen, shift) + (c - ctx->leaf_col);
	}
	if (b < 0)
		b = 0;
	while ((size_t)b > tlen && l < ctx->leaf_end && (size_t)l < ctx->nlines &&
	       wraps++ < MD_MAX_WRAP) {
		size_t n;
		/* cmark keeps every line break as one "\n". */
		b -= (long)tlen + 1;
		text = md_line(ctx, ++l, &tlen);
		b += (long)md_later_start(text, tlen, shift);
		if ((n = md_indent_before_text(text, tlen)) > indent)
			indent = n;
	}
	*line = l;
	*byte = (size_t)b;
	return indent;
}

/* Where node starts in the file: 1-based line and code-point column.
 *
 * Block positions from cmark are right. Inline ones are not always:
 * cmark 0.30 counts columns on a paragraph's later lines from where its
 * first line began, misses line breaks after a backslash and inside link
 * destinations, gives a link that spans lines the line it ends on, and
 * forgets the lines of link reference definitions it removed. The first
 * two are undone by md_inline_place, the third by taking the line of the
 * link's first text. The result is checked against the source (the
 * character the node starts with, a link's first letters); when that
 * fails, later lines of the paragraph are tried (the removed definitions),
 * and at last the paragraph's own start is given: rarely a wrong place, at
 * worst a coarse one. */
static void md_node_pos(int *line, int *col, md_ctx *ctx, cmark_node *node)
{
	cmark_node_type type = cmark_node_get_type(node);
	int l = cmark_node_get_start_line(node);
	int c = cmark_node_get_start_column(node);
	const char *text;
	size_t tlen, byte;

	if (type >= CMARK_NODE_FIRST_INLINE && type <= CMARK_NODE_LAST_INLINE &&
	    ctx->leaf_line > 0) {
		cmark_node *child = cmark_node_first_child(node);
		int tries, found = 0;

		/* A link's first text starts right after its `[` or `<`, and
		 * on the same line, so it gives the better position. */
		if ((type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) && child &&
		    cmark_node_get_type(child) == CMARK_NODE_TEXT &&
		    cmark_node_get_start_line(child) > 0) {
			l = cmark_node_get_start_line(child);
			c = cmark_node_get_start_column(child) - (type == CMARK_NODE_IMAGE ? 2 : 1);
		}
		for (tries = 0; tries < MD_MAX_TRIES && !found; tries++) {
			int later = tries > 0 || l != ctx->leaf_line;
			size_t shift;

			if (l + tries > ctx->leaf_end || l + tries < 1)
				break;
			for (shift = 0; shift <= MD_MAX_SHIFT && !found; shift++) {
				size_t indent = md_inline_place(line, &byte, ctx, l + tries, c,
								later, shift);
				text = md_line(ctx, *line, &tlen);
				found = md_starts_right(text, tlen, byte, node);
				if (shift >= indent)
					break;
			}
		}
		if (found) {
			l = *line;
			c = (int)byte + 1;
		} else {
			l = ctx->leaf_line;
			c = ctx->leaf_col;
		}
	}
	if (l < 1)
		l = 1;
	if (c < 1)
		c = 1;
	text = md_line(ctx, l, &tlen);
	byte = (size_t)c - 1;
	if (byte > tlen)
		byte = tlen;
	*line = l + ctx->first_line - 1;
	*col = (int)utf8_length(text, byte) + 1;
}

/* ---- checks -------------------------------------------------------------- */

/* A file with thousands of problems needs fixing, not thousands of
 * lines; the cap also keeps the cost of positions bounded. */
#define MD_MAX_REPORTS 100

static void md_report(md_ctx *ctx, diag_severity sev, cmark_node *node, const char *fmt_sv,
		      const char *fmt_en, ...)
{
	size_t *count = sev == DIAG_SEV_ERROR ? &ctx->errors : &ctx->warnings;
	int line, col;
	va_list ap;

	if (*count > MD_MAX_REPORTS)
		return;
	md_node_pos(&line, &col, ctx, node);
	if ((*count)++ == MD_MAX_REPORTS) {
		diag_add(ctx->diags, sev, ctx->path, line, col,
			 "fler problem av samma slag i filen visas inte",
			 "more problems of the same kind in this file are not shown");
		return;
	}
	va_start(ap, fmt_en);
	diag_vadd(ctx->diags, sev, ctx->path, line, col, fmt_sv, fmt_en, ap);
	va_end(ap);
}

/* Like DIAG_WARNING and DIAG_ERROR: the English format is checked
 * against the arguments at compile time. */
#define MD_WARNING(ctx, node, sv, en, ...)                                                   \
	((void)sizeof(diag_format_check(en, ##__VA_ARGS__)),                               \
	 md_report((ctx), DIAG_SEV_WARNING, (node), sv, en, ##__VA_ARGS__))
#define MD_ERROR(ctx, node, sv, en, ...)                                                     \
	((void)sizeof(diag_format_check(en, ##__VA_ARGS__)),                               \
	 md_report((ctx), DIAG_SEV_ERROR, (node), sv, en, ##__VA_ARGS__))

static const char *const md_vague_link_texts[] = {
	"klicka här", "här", "läs mer", "länk", "click here", "here", "read more", "link",
};

/* Strips what may follow a vague link text: "Läs mer …", "here." */
static void md_trim_trailing_punct(buf *b)
{
	static const char *const marks[] = { "\xE2\x80\xA6", "\xC2\xBB", "\xE2\x80\xBA",
					     "\xE2\x86\x92" }; /* … » › → */
	int again = 1;

	while (again && b->size) {
		size_t i;
		char c = b->ptr[b->size - 1];
		again = 0;
		if (strchr(".,:;!? ", c)) {
			buf_truncate(b, b->size - 1);
			again = 1;
			continue;
		}
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
			size_t n = strlen(marks[i]);
			if (b->size >= n && memcmp(b->ptr + b->size - n, marks[i], n) == 0) {
				buf_truncate(b, b->size - n);
				again = 1;
				break;
			}
		}
	}
}

/* The scheme of a dangerous address, or NULL. Browsers skip leading
 * spaces and control characters and ignore tabs and line breaks inside
 * an address, so this does too. data: images may stay: they are inert. */
static const char *md_dangerous_url(const char *url, int image)
{
	static const char *const schemes[] = { "javascript:", "vbscript:", "file:", "data:" };
	static const char *const images[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
	char head[32];
	size_t n = 0, i;

	while (*url && (unsigned char)*url <= 0x20)
		url++;
	for (; *url && n < sizeof(head) - 1; url++) {
		if (*url == '\t' || *url == '\n' || *url == '\r')
			continue;
		head[n++] = (*url >= 'A' && *url <= 'Z') ? (char)(*url + ('a' - 'A')) : *url;
	}
	head[n] = '\0';
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t sl = strlen(schemes[i]);
		size_t j;
		if (strncmp(head, schemes[i], sl) != 0)
			continue;
		if (i == 3 && image)
			for (j = 0; j < sizeof(images) / sizeof(images[0]); j++)
				if (strncmp(head + sl, images[j], strlen(images[j])) == 0)
					return NULL;
		return schemes[i];
	}
	return NULL;
}

/* 1 when url starts with a scheme ("https:", "mailto:"). */
static int md_has_scheme(const char *url)
{
	const char *p = url;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* Keeps an address that may lead into the site (MARKDOWN_COLLECT_LINKS). */
static void md_collect_link(md_ctx *ctx, cmark_node *node, const char *url, int image)
{
	markdown_doc *doc = ctx->out;
	markdown_link *link;

	if (!(ctx->flags & MARKDOWN_COLLECT_LINKS) || !*url || url[0] == '#' ||
	    (md_has_scheme(url) && strncmp(url, "https:", 6) && strncmp(url, "http:", 5)))
		return;
	doc->links = mem_grow_array(doc->links, &doc->links_cap, doc->n_links + 1,
				    sizeof(*doc->links));
	link = &doc->links[doc->n_links++];
	link->url = mem_strdup(url);
	link->image = image;
	md_node_pos(&link->line, &link->col, ctx, node);
}

static void md_check_url(md_ctx *ctx, cmark_node *node, int image)
{
	const char *url = cmark_node_get_url(node);
	const char *scheme = md_dangerous_url(url, image);

	if (!scheme) {
		if (url && (url[0] == 'w' || url[0] == 'W') && (url[1] == 'w' || url[1] == 'W') &&
		    (url[2] == 'w' || url[2] == 'W') && url[3] == '.')
			/* A browser reads it as a file of this site. */
			MD_ERROR(ctx, node,
				   "adressen \"%s\" saknar https:// och skulle leda till en sida "
				   "här som inte finns; skriv \"https://%s\"",
				   "the address \"%s\" lacks https:// and would lead to a page of "
				   "this site that does not exist; write \"https://%s\"",
				   url, url);
		else if (url)
			md_collect_link(ctx, node, url, image);
		return;
	}
	MD_WARNING(ctx, node,
		     "adressen tas bort: adresser som börjar med %s är inte tillåtna",
		     "address removed: addresses starting with %s are not allowed", scheme);
	cmark_node_set_url(node, "");
}

static int md_contains_image(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	int found = 0;

	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		found = cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_IMAGE;
	cmark_iter_free(it);
	return found;
}

static void md_check_link(md_ctx *ctx, cmark_node *node)
{
	buf text = BUF_INIT, folded = BUF_INIT, shown = BUF_INIT;
	size_t i;

	md_check_url(ctx, node, 0);
	md_node_text(&text, node);
	md_fold(&folded, text.ptr, text.size);
	md_trim_trailing_punct(&folded);
	if (folded.size == 0) {
		/* An image without text has an error of its own. */
		if (!md_contains_image(node))
			MD_WARNING(ctx, node,
				   "länken saknar text: skriv vart den leder mellan hakparenteserna "
				   "(WCAG 2.4.4)",
				   "link without text: write where it leads between the brackets "
				   "(WCAG 2.4.4)");
		goto out;
	}
	for (i = 0; i < sizeof(md_vague_link_texts) / sizeof(md_vague_link_texts[0]); i++) {
		if (!buf_equals(&folded, md_vague_link_texts[i]))
			continue;
		md_squeeze(&shown, text.ptr, text.size, 0);
		MD_WARNING(ctx, node,
			   "länktexten ”%s” säger inget utanför sitt sammanhang: skriv vart "
			   "länken leder (WCAG 2.4.4)",
			   "link text \"%s\" says nothing out of context: say where the link "
			   "leads (WCAG 2.4.4)",
			   shown.ptr);
		break;
	}
out:
	buf_free(&text);
	buf_free(&folded);
	buf_free(&shown);
}

static void md_check_image(md_ctx *ctx, cmark_node *node)
{
	buf text = BUF_INIT;

	md_check_url(ctx, node, 1);
	md_node_text(&text, node);
	if (md_is_blank(&text)) {
		MD_ERROR(ctx, node,
			   "bilden saknar alternativtext: skriv vad bilden visar mellan "
			   "hakparenteserna, ![Så här](bild.jpg), så att den som inte ser bilden "
			   "får veta det (WCAG 1.1.1)",
			   "image without alternative text: describe what it shows between the "
			   "brackets, ![like this](image.jpg), so that people who cannot see it "
			   "learn it too (WCAG 1.1.1)");
	}
	buf_free(&text);
}

static void md_check_html(md_ctx *ctx, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);

	/* Comments are the author's notes and are meant to vanish. */
	if (lit && strncmp(lit, "<!--", 4) == 0)
		return;
	MD_WARNING(ctx, node,
		     "HTML visas inte på sidan: skriv texten med Markdown",
		     "HTML is not shown on the page: write the text in Markdown");
}

static const char *const md_hashes = "######";

/* On entering a heading: its level against the one before. */
static void md_check_heading_level(md_ctx *ctx, cmark_node *node)
{
	int level = cmark_node_get_heading_level(node);

	if (level == 1) {
		MD_WARNING(ctx, node,
			     "rubrik på nivå 1: sidans titel är sidans enda huvudrubrik, använd ## "
			     "för rubriker i texten",
			     "level-1 heading: the page title is the page's only main heading, use "
			     "## for headings in the text");
	} else if (level > ctx->prev_level + 1) {
		if (!ctx->had_heading)
			MD_WARNING(ctx, node,
				     "rubriknivå hoppas över: %.*s direkt under sidans titel, "
				     "använd ##",
				     "skipped heading level: %.*s directly below the page title, "
				     "use ##",
				     level, md_hashes);
		else
			MD_WARNING(ctx, node,
				     "rubriknivå hoppas över: %.*s efter %.*s, använd %.*s",
				     "skipped heading level: %.*s after %.*s, use %.*s", level,
				     md_hashes, ctx->prev_level, md_hashes, ctx->prev_level + 1,
				     md_hashes);
	}
	ctx->prev_level = level;
	ctx->had_heading = 1;
}

/* On leaving a heading that stays: warns when it is empty, and replaces
 * it by a custom block with the same HTML plus an id, since cmark's
 * renderer has no way to add attributes. */
static void md_finish_heading(md_ctx *ctx, cmark_node *node)
{
	buf text = BUF_INIT, slug = BUF_INIT, html = BUF_INIT;
	int level = cmark_node_get_heading_level(node);
	cmark_node *block;
	char *inner;
	size_t n;

	md_node_text(&text, node);
	if (md_is_blank(&text))
		MD_WARNING(ctx, node, "tom rubrik: skriv rubrikens text efter #-tecknen",
			   "empty heading: write the heading's text after the # signs");
	slug_from_text(&slug, text.ptr, text.size);
	/* The page title is the page's only h1 (WCAG 1.3.1): a # heading in
	 * the text (warned about above) is shown one level down. */
	if (level == 1)
		level = 2;
	buf_printf(&html, "<h%d id=\"", level);
	markdown_ids_unique(&html, ctx->ids, slug.ptr);
	buf_puts(&html, "\">");
	/* cmark renders "<hN>inner</hN>\n"; keep "inner</hN>". */
	inner = cmark_render_html(node, MD_RENDER_OPTS);
	n = strlen(inner);
	if (n >= 10 && memcmp(inner, "<h", 2) == 0 && inner[3] == '>' && inner[n - 1] == '\n') {
		/* "inner</hN>" with N the level written above */
		buf_put(&html, inner + 4, n - 4 - 1 - 2);
		buf_printf(&html, "%d>", level);
	} else {
		escape_html(&html, text.ptr, text.size);
		buf_printf(&html, "</h%d>", level);
	}
	free(inner);
	block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(block, html.ptr);
	cmark_node_set_on_exit(block, "");
	cmark_node_replace(node, block);
	cmark_node_free(node);
	buf_free(&text);
	buf_free(&slug);
	buf_free(&html);
}

/* ---- sections ------------------------------------------------------------ */

typedef struct md_sections {
	cmark_node *heading[MARKDOWN_SECTION_COUNT];
	cmark_node *content[MARKDOWN_SECTION_COUNT]; /* documents of their own */
} md_sections;

static int md_section_of(md_ctx *ctx, cmark_node *node)
{
	buf text = BUF_INIT, folded = BUF_INIT, name = BUF_INIT;
	int found = -1, i;

	if (cmark_node_get_type(node) != CMARK_NODE_HEADING ||
	    cmark_node_get_heading_level(node) != 2)
		return -1;
	md_node_text(&text, node);
	md_fold(&folded, text.ptr, text.size);
	for (i = 0; i < MARKDOWN_SECTION_COUNT && found < 0; i++) {
		const char *title = md_section_titles[ctx->english][i];
		buf_clear(&name);
		md_fold(&name, title, strlen(title));
		if (folded.size == name.size && memcmp(folded.ptr, name.ptr, name.size) == 0)
			found = i;
	}
	buf_free(&text);
	buf_free(&folded);
	buf_free(&name);
	return found;
}

static int md_ends_section(cmark_node *node)
{
	return cmark_node_get_type(node) == CMARK_NODE_HEADING &&
	       cmark_node_get_heading_level(node) <= 2;
}

/* Moves each section's content into a document of its own. The section
 * headings stay where they were for now, so that the walk sees headings in
 * the order of the file; it removes them. */
static void md_extract_sections(md_sections *secs, markdown_doc *out, md_ctx *ctx,
				cmark_node *doc)
{
	cmark_node *node = cmark_node_first_child(doc);

	while (node) {
		int s = md_section_of(ctx, node);
		cmark_node *next = cmark_node_next(node);
		int line, col;

		if (s < 0) {
			node = next;
			continue;
		}
		if (secs->heading[s]) {
			MD_ERROR(ctx, node,
				   "avsnittet ”%s” finns redan på rad %d: skriv det bara en gång",
				   "section \"%s\" is already on line %d: write it only once",
				   md_section_titles[ctx->english][s], out->section_line[s]);
			node = next;
			continue;
		}
		md_node_pos(&line, &col, ctx, node);
		secs->heading[s] = node;
		secs->content[s] = cmark_node_new(CMARK_NODE_DOCUMENT);
		out->section_line[s] = line;
		while (next && !md_ends_section(next)) {
			cmark_node *move = next;
			next = cmark_node_next(next);
			cmark_node_append_child(secs->content[s], move);
		}
		node = next;
	}
}

/* ---- near misses of section headings --------------------------------------
 *
 * A section heading written almost right becomes an ordinary heading, and
 * its text then sits in the body while the page says the section is
 * missing ("Återkoppling väntas"). So a top-level heading, or a paragraph
 * that looks like one ("##Så deltar du", "##" and a non-breaking space),
 * whose text is close to a section name is an error, unless the section is
 * there already (then it is a heading of its own). */

/* Other ways of saying a section name, seen in practice. */
static const char *const md_section_variants[2][MARKDOWN_SECTION_COUNT][4] = {
	{ { "så här deltar du", "så kan du delta", "hur du deltar", "delta" },
	  { "resultatet", NULL, NULL, NULL },
	  { "återkopplingen", NULL, NULL, NULL } },
	{ { "how you can take part", "how to participate", "take part", "participate" },
	  { "result", NULL, NULL, NULL },
	  { NULL, NULL, NULL, NULL } },
};

enum {
	MD_NEAR_SPELLING = 1u << 0,
	MD_NEAR_PUNCT = 1u << 1,
	MD_NEAR_SPACE = 1u << 2, /* an odd space: odd_space holds it */
	MD_NEAR_LEVEL = 1u << 3,
	MD_NEAR_NO_SPACE = 1u << 4,
};

/* The section s[0..len) nearly names, or -1, with what differs in *why and
 * the first odd space in *odd_space. Odd spaces count as spaces, trailing
 * punctuation is dropped, then the text is compared with the names and
 * their variants, and at last by edit distance (at most 2). */
static int md_near_section(unsigned *why, uint32_t *odd_space, const md_ctx *ctx, const char *s,
			   size_t len)
{
	buf plain = BUF_INIT, folded = BUF_INIT, name = BUF_INIT;
	size_t i = 0;
	int found = -1, k, v;

	*why = 0;
	*odd_space = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(&cp, s + i, len - i);
		if (n < 1)
			n = 1;
		if (utf8_is_odd_space(cp)) {
			if (!*odd_space)
				*odd_space = cp;
			*why |= MD_NEAR_SPACE;
			buf_putc(&plain, ' ');
		} else {
			buf_put(&plain, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	md_fold(&folded, plain.ptr, plain.size);
	while (folded.size && strchr(":.;,!?", folded.ptr[folded.size - 1])) {
		buf_truncate(&folded, folded.size - 1);
		*why |= MD_NEAR_PUNCT;
	}
	while (folded.size && folded.ptr[folded.size - 1] == ' ')
		buf_truncate(&folded, folded.size - 1);
	for (k = 0; k < MARKDOWN_SECTION_COUNT && found < 0; k++) {
		const char *title = md_section_titles[ctx->english][k];
		buf_clear(&name);
		md_fold(&name, title, strlen(title));
		if (buf_equals(&folded, name.ptr))
			found = k;
		for (v = 0; v < 4 && found < 0 && md_section_variants[ctx->english][k][v]; v++)
			if (buf_equals(&folded, md_section_variants[ctx->english][k][v])) {
				found = k;
				*why |= MD_NEAR_SPELLING;
			}
		if (found < 0 && folded.size && utf8_edit_distance(folded.ptr, name.ptr) <= 2) {
			found = k;
			*why |= MD_NEAR_SPELLING;
		}
	}
	buf_free(&plain);
	buf_free(&folded);
	buf_free(&name);
	return found;
}

/* A paragraph whose first line is hashes and text without a plain space
 * between them: the offset of the text after the hashes and any odd
 * spaces, or 0 when it does not look like a heading. */
static size_t md_hashes_without_space(int *level, const char *line, size_t len)
{
	size_t i = 0, hashes;

	while (i < len && i < 3 && line[i] == ' ')
		i++;
	for (hashes = 0; i + hashes < len && line[i + hashes] == '#'; hashes++)
		;
	if (hashes < 1 || hashes > 6 || i + hashes >= len || line[i + hashes] == ' ' ||
	    line[i + hashes] == '\t')
		return 0;
	*level = (int)hashes;
	return i + hashes;
}

/* The column (code points from 1) of the first cp in line[0..len). */
static size_t md_column_of(const char *line, size_t len, uint32_t cp)
{
	size_t i = 0, col = 1;

	while (i < len) {
		uint32_t c;
		int n = utf8_decode(&c, line + i, len - i);
		if (c == cp)
			break;
		i += n > 0 ? (size_t)n : 1;
		col++;
	}
	return col;
}

static void md_report_near_miss(md_ctx *ctx, cmark_node *node, int s, unsigned why,
				uint32_t odd_space, int level)
{
	buf shown = BUF_INIT, reason = BUF_INIT;
	const char *title = md_section_titles[ctx->english][s];
	const char *line;
	size_t len;
	int en = diag_get_language() == DIAG_LANG_EN;

	line = md_line(ctx, cmark_node_get_start_line(node), &len);
	md_squeeze(&shown, line, len, 0);
	if (why & MD_NEAR_LEVEL)
		buf_printf(&reason, en ? "the heading level is %.*s, a section needs ##"
				       : "rubriknivån är %.*s, ett avsnitt ska ha ##",
			   level, md_hashes);
	else if (why & MD_NEAR_NO_SPACE)
		buf_puts(&reason, en ? "a space is missing after the # signs"
				     : "mellanslag saknas efter #-tecknen");
	else if (why & MD_NEAR_SPACE)
		buf_printf(&reason, en ? "it has %s (U+%04X) in column %zu where a plain space belongs"
				       : "den har %s (U+%04X) i kolumn %zu där ett vanligt mellanslag "
					 "ska stå",
			   utf8_invisible_name(odd_space, en), (unsigned)odd_space,
			   md_column_of(line, len, odd_space));
	else if (why & MD_NEAR_PUNCT)
		buf_puts(&reason, en ? "a section heading has no punctuation at the end"
				     : "en avsnittsrubrik har inget skiljetecken på slutet");
	else
		buf_puts(&reason, en ? "the spelling or wording differs"
				     : "stavningen eller orden skiljer sig");
	MD_ERROR(ctx, node,
		 "”%s” blir en vanlig rubrik, inte avsnittet ”%s”: %s; menade du \"## %s\"?",
		 "\"%s\" becomes an ordinary heading, not the section \"%s\": %s; did you mean "
		 "\"## %s\"?",
		 shown.ptr, title, reason.ptr, title);
	buf_free(&shown);
	buf_free(&reason);
}

/* After the sections are found: the near misses among the top-level
 * headings and heading-like paragraphs. */
static void md_check_near_sections(md_ctx *ctx, cmark_node *doc)
{
	cmark_node *node;
	unsigned present = 0;
	int k;

	/* Before the sections are taken out, so that a near miss inside one
	 * ("### Återkoppling" under "## Resultat") is seen too. */
	for (node = cmark_node_first_child(doc); node; node = cmark_node_next(node))
		if ((k = md_section_of(ctx, node)) >= 0)
			present |= 1u << k;

	for (node = cmark_node_first_child(doc); node; node = cmark_node_next(node)) {
		cmark_node_type type = cmark_node_get_type(node);
		buf text = BUF_INIT;
		unsigned why = 0;
		uint32_t odd = 0;
		int s = -1, level = 2;

		if (type == CMARK_NODE_HEADING) {
			level = cmark_node_get_heading_level(node);
			md_node_text(&text, node);
			s = md_near_section(&why, &odd, ctx, text.ptr, text.size);
			if (level != 2)
				why |= MD_NEAR_LEVEL;
			/* An exact level-2 heading is the section itself. */
			if (s >= 0 && !why)
				s = -1;
		} else if (type == CMARK_NODE_PARAGRAPH) {
			size_t len, start;
			const char *line = md_line(ctx, cmark_node_get_start_line(node), &len);
			if ((start = md_hashes_without_space(&level, line, len)) > 0) {
				s = md_near_section(&why, &odd, ctx, line + start, len - start);
				why |= level != 2 ? MD_NEAR_LEVEL : 0;
				why |= (why & MD_NEAR_SPACE) ? 0 : MD_NEAR_NO_SPACE;
			}
		}
		if (s >= 0 && !(present & (1u << s)))
			md_report_near_miss(ctx, node, s, why, odd, level);
		buf_free(&text);
	}
}

unsigned markdown_sections(const char *src, size_t len, const char *lang)
{
	md_ctx ctx;
	cmark_node *doc, *node;
	unsigned found = 0;
	int s;

	memset(&ctx, 0, sizeof(ctx));
	ctx.english = lang_is_english(lang);
	utf8_skip_bom(&src, &len);
	/* The same parse and the same test as md_extract_sections, so git's
	 * history and the page never disagree about a section. */
	doc = cmark_parse_document(src, len, MD_PARSE_OPTS);
	for (node = cmark_node_first_child(doc); node; node = cmark_node_next(node))
		if ((s = md_section_of(&ctx, node)) >= 0)
			found |= 1u << s;
	cmark_node_free(doc);
	return found;
}

/* ---- the walk ------------------------------------------------------------ */

static int md_section_index(const md_sections *secs, cmark_node *node)
{
	int i;

	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++)
		if (secs->heading[i] == node)
			return i;
	return -1;
}

static void md_enter_leaf(md_ctx *ctx, cmark_node *node)
{
	ctx->leaf_line = cmark_node_get_start_line(node);
	ctx->leaf_col = cmark_node_get_start_column(node);
	ctx->leaf_end = cmark_node_get_end_line(node);
	if (ctx->leaf_end < ctx->leaf_line)
		ctx->leaf_end = ctx->leaf_line;
}

/* One pass over the document in file order, diving into each section's
 * content where its heading was. Two iterators at most, never recursion:
 * nesting depth is up to the author. */
static void md_walk(md_ctx *ctx, cmark_node *doc, md_sections *secs)
{
	cmark_iter *it[2];
	int depth = 0;

	it[0] = cmark_iter_new(doc);
	for (;;) {
		cmark_event_type ev = cmark_iter_next(it[depth]);
		cmark_node *node;
		int s;

		if (ev == CMARK_EVENT_DONE) {
			if (depth == 0)
				break;
			cmark_iter_free(it[depth--]);
			continue;
		}
		node = cmark_iter_get_node(it[depth]);
		/* The iterator has already stepped past leaves on ENTER and
		 * past containers on EXIT, so those may be replaced or freed. */
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_PARAGRAPH:
			if (ev == CMARK_EVENT_ENTER)
				md_enter_leaf(ctx, node);
			break;
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER) {
				md_enter_leaf(ctx, node);
				md_check_heading_level(ctx, node);
				break;
			}
			if (depth == 0 && (s = md_section_index(secs, node)) >= 0) {
				cmark_node_free(node);
				secs->heading[s] = NULL;
				it[++depth] = cmark_iter_new(secs->content[s]);
				break;
			}
			md_finish_heading(ctx, node);
			break;
		case CMARK_NODE_TEXT:
			if (!ctx->english)
				md_swedish_quotes(node);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			md_check_html(ctx, node);
			cmark_node_free(node);
			break;
		case CMARK_NODE_LINK:
			if (ev == CMARK_EVENT_EXIT)
				md_check_link(ctx, node);
			break;
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_EXIT)
				md_check_image(ctx, node);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it[0]);
}

/* 1 when a paragraph shows nothing: no children, or only blank text and
 * line breaks, as when raw HTML was all it had. */
static int md_paragraph_is_empty(cmark_node *para)
{
	cmark_node *c;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		const char *lit;

		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			break;
		case CMARK_NODE_TEXT:
			for (lit = cmark_node_get_literal(c); lit && *lit; lit++)
				if (*lit != ' ' && *lit != '\t' && *lit != '\n')
					return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

/* Removes the paragraphs that removing raw HTML left empty: an empty <p>
 * is an error in the Nu checker's eyes and a stray stop for screen readers. */
static void md_drop_empty_paragraphs(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);

		/* On EXIT the iterator has stepped past the container. */
		if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH &&
		    md_paragraph_is_empty(node))
			cmark_node_free(node);
	}
	cmark_iter_free(it);
}

static void md_render_into(buf *out, cmark_node *doc)
{
	char *html = cmark_render_html(doc, MD_RENDER_OPTS);

	buf_puts(out, html);
	free(html);
}

void markdown_doc_init(markdown_doc *doc)
{
	int i;

	buf_init(&doc->html);
	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++) {
		buf_init(&doc->sections[i]);
		doc->section_line[i] = 0;
	}
	doc->links = NULL;
	doc->n_links = doc->links_cap = 0;
}

void markdown_doc_free(markdown_doc *doc)
{
	int i;

	buf_free(&doc->html);
	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++)
		buf_free(&doc->sections[i]);
	for (i = 0; i < (int)doc->n_links; i++)
		free(doc->links[i].url);
	free(doc->links);
	markdown_doc_init(doc);
}

int markdown_render(markdown_doc *out, diag_list *diags, markdown_ids *ids, const char *path,
		    const char *src, size_t len, int first_line, const char *lang,
		    unsigned flags)
{
	md_ctx ctx;
	md_sections secs;
	markdown_ids own = MARKDOWN_IDS_INIT;
	cmark_node *doc;
	int i;

	markdown_doc_init(out);
	memset(&ctx, 0, sizeof(ctx));
	memset(&secs, 0, sizeof(secs));
	utf8_skip_bom(&src, &len);
	ctx.diags = diags;
	ctx.path = path;
	ctx.src = src;
	ctx.len = len;
	ctx.first_line = first_line > 0 ? first_line : 1;
	ctx.english = lang_is_english(lang);
	ctx.ids = ids ? ids : &own;
	ctx.prev_level = 1;
	ctx.out = out;
	ctx.flags = flags;

	doc = cmark_parse_document(src, len, MD_PARSE_OPTS);
	if (flags & MARKDOWN_EXTRACT_SECTIONS) {
		md_check_near_sections(&ctx, doc);
		md_extract_sections(&secs, out, &ctx, doc);
	}
	md_walk(&ctx, doc, &secs);
	md_drop_empty_paragraphs(doc);
	md_render_into(&out->html, doc);
	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++) {
		if (!secs.content[i])
			continue;
		md_drop_empty_paragraphs(secs.content[i]);
		md_render_into(&out->sections[i], secs.content[i]);
		cmark_node_free(secs.content[i]);
	}
	cmark_node_free(doc);
	free(ctx.lines);
	markdown_ids_free(&own);
	return ctx.errors ? -1 : 0;
}

/* ---- plain text ---------------------------------------------------------- */

int markdown_plain_text(buf *out, const char *src, size_t len, const char *lang)
{
	buf raw = BUF_INIT;
	int english = lang_is_english(lang);
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;

	utf8_skip_bom(&src, &len);
	doc = cmark_parse_document(src, len, MD_PARSE_OPTS);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if (!english)
				md_swedish_quotes(n);
			buf_puts(&raw, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			buf_puts(&raw, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&raw, ' ');
			break;
		default:
			/* Block boundaries separate words; inline ones do not. */
			if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(n) < CMARK_NODE_FIRST_INLINE)
				buf_putc(&raw, ' ');
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	md_squeeze(out, raw.ptr, raw.size, 0);
	buf_free(&raw);
	return 0;
}

void markdown_html_to_text(buf *out, const char *s, size_t len)
{
	static const char *const blocks[] = { "p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6",
					      "ul", "ol", "div", "blockquote", "pre", "tr", "td",
					      "th", "table", "hr", "dd", "dt", NULL };
	size_t i = 0, base = out->size;
	int space = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<') {
			const char *end = memchr(s + i, '>', len - i);
			size_t k = i + 1, n = 0, j;
			if (!end)
				break;
			if (k < len && s[k] == '/')
				k++;
			while (k + n < len && ((s[k + n] >= 'a' && s[k + n] <= 'z') ||
					       (s[k + n] >= '0' && s[k + n] <= '9')))
				n++;
			for (j = 0; blocks[j]; j++)
				if (strlen(blocks[j]) == n && !strncmp(blocks[j], s + k, n))
					space = 1;
			i = (size_t)(end - s) + 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			i++;
			continue;
		}
		if (space && out->size > base)
			buf_putc(out, ' ');
		space = 0;
		if (c == '&') {
			static const struct { const char *name; uint32_t cp; } ents[] = {
				{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
				{ "&#39;", '\'' }, { "&nbsp;", 0xA0 },
			};
			size_t j;
			int done = 0;
			for (j = 0; j < sizeof(ents) / sizeof(ents[0]) && !done; j++) {
				size_t n = strlen(ents[j].name);
				if (n <= len - i && !strncmp(s + i, ents[j].name, n)) {
					utf8_put(out, ents[j].cp);
					i += n;
					done = 1;
				}
			}
			if (!done && i + 2 < len && s[i + 1] == '#') {
				size_t k = i + 2;
				int hex = s[k] == 'x' || s[k] == 'X';
				uint32_t cp = 0;
				size_t digits = 0;
				if (hex)
					k++;
				for (; k < len && digits < 7; k++, digits++) {
					char ch = s[k];
					int v = ch >= '0' && ch <= '9' ? ch - '0'
						: hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
						: hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
					if (v < 0)
						break;
					cp = cp * (hex ? 16 : 10) + (uint32_t)v;
				}
				if (digits && k < len && s[k] == ';') {
					if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
						cp = 0xFFFD;
					utf8_put(out, cp);
					i = k + 1;
					done = 1;
				}
			}
			if (!done) {
				buf_putc(out, '&');
				i++;
			}
			continue;
		}
		buf_putc(out, (char)c);
		i++;
	}
}

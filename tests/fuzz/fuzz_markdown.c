/* Fuzz target: a Markdown body rendered as a dialogue's is, sections taken
 * out, then again as its easy-read summary in the same id namespace.
 *
 * Beyond the sanitizers it checks the promise that matters most: whatever
 * the input, the HTML holds only the elements and attributes cmark itself
 * writes, no dangerous address, and valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "markdown.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const buf *html)
{
	fprintf(stderr, "fuzz_markdown: %s in:\n%s\n", what, html->ptr);
	abort();
}

static int starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if ((*s | 0x20) != *prefix)
			return 0;
	return 1;
}

static int in_list(const char *name, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(*list, name, len) == 0)
			return 1;
	return 0;
}

/* Every tag must be one cmark's HTML renderer writes, with attributes it
 * writes, quoted; href and src must not be a script or a file. */
static void check_html(const buf *html)
{
	static const char *const tags[] = { "p", "em", "strong", "a", "img", "code", "pre", "ul",
					    "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5",
					    "h6", "hr", "br", NULL };
	static const char *const attrs[] = { "href", "src", "alt", "title", "id", "start",
					     "class", NULL };
	const char *p = html->ptr;

	if (utf8_validate(html->ptr, html->size, NULL) != 0)
		fail("invalid UTF-8", html);
	while ((p = strchr(p, '<')) != NULL) {
		const char *name;

		p++;
		if (*p == '/')
			p++;
		for (name = p; (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'); p++)
			;
		if (!in_list(name, (size_t)(p - name), tags))
			fail("unexpected element", html);
		for (;;) {
			const char *attr, *value;

			while (*p == ' ')
				p++;
			if (*p == '>' || (p[0] == '/' && p[1] == '>'))
				break;
			for (attr = p; *p >= 'a' && *p <= 'z'; p++)
				;
			if (!in_list(attr, (size_t)(p - attr), attrs) || p[0] != '=' || p[1] != '"')
				fail("unexpected attribute", html);
			value = p + 2;
			if (!(p = strchr(value, '"')))
				fail("unterminated attribute", html);
			if (starts_with_ci(attr, "href") || starts_with_ci(attr, "src")) {
				if (starts_with_ci(value, "javascript:") ||
				    starts_with_ci(value, "vbscript:") || starts_with_ci(value, "file:") ||
				    (starts_with_ci(value, "data:") &&
				     !starts_with_ci(value, "data:image/")))
					fail("dangerous address", html);
			}
			p++;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const reserved[] = { "innehall", "sa-deltar-du", "resultat",
						"aterkoppling" };
	diag_list diags = DIAG_LIST_INIT;
	markdown_ids ids;
	markdown_doc body, easy;
	buf text = BUF_INIT;
	const char *src = (const char *)data;
	/* Both languages: they differ in quotes and section names. */
	const char *lang = size % 2 ? "en" : "sv";
	size_t i;

	markdown_ids_init(&ids);
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		markdown_ids_reserve(&ids, reserved[i]);
	markdown_render(&body, &diags, &ids, "fuzz.md", src, size, 7, lang, MARKDOWN_EXTRACT_SECTIONS);
	check_html(&body.html);
	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++) {
		check_html(&body.sections[i]);
		if (body.sections[i].size && !body.section_line[i])
			fail("content for an absent section", &body.sections[i]);
	}
	markdown_render(&easy, &diags, &ids, "fuzz.md", src, size, 1, lang, 0);
	check_html(&easy.html);
	for (i = 0; i < diags.len; i++)
		if (diags.items[i].line < 1 || diags.items[i].col < 1)
			fail("diagnostic without a position", &easy.html);
	markdown_plain_text(&text, src, size, lang);
	if (utf8_validate(text.ptr, text.size, NULL) != 0)
		fail("invalid UTF-8 in plain text", &text);
	buf_free(&text);
	markdown_doc_free(&body);
	markdown_doc_free(&easy);
	markdown_ids_free(&ids);
	diag_list_free(&diags);
	return 0;
}

/* Unit tests for markdown: safe rendering, heading ids, sections, checks
 * and their positions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "markdown.h"

#define PATH "dialoger/skola.md"

/* Asserts that item i of the sorted list formats exactly as expected. */
static void assert_diag(diag_list *list, size_t i, const char *expected)
{
	char *s;

	assert_true(i < list->len);
	s = diag_format(&list->items[i]);
	assert_string_equal(s, expected);
	free(s);
}

/* Renders src (from line 1, Swedish, no sections) and checks the body. */
static void assert_html(const char *src, const char *expected)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	markdown_render(&doc, &diags, NULL, PATH, src, strlen(src), 1, "sv", 0);
	assert_string_equal(doc.html.ptr, expected);
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static int render(markdown_doc *doc, diag_list *diags, markdown_ids *ids, const char *src,
		  int first_line, const char *lang, unsigned flags)
{
	int r = markdown_render(doc, diags, ids, PATH, src, strlen(src), first_line, lang, flags);

	diag_sort(diags);
	return r;
}

static int setup(void **state)
{
	(void)state;
	diag_set_language(DIAG_LANG_EN);
	return 0;
}

/* ---- rendering ----------------------------------------------------------- */

static void test_basic(void **state)
{
	(void)state;
	assert_html("", "");
	assert_html("Hej *världen* och **alla**.\n",
		    "<p>Hej <em>världen</em> och <strong>alla</strong>.</p>\n");
	assert_html("- ett\n- två\n\n1. a\n2. b\n",
		    "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
	assert_html("> citat\n", "<blockquote>\n<p>citat</p>\n</blockquote>\n");
	assert_html("    kod < 3\n", "<pre><code>kod &lt; 3\n</code></pre>\n");
	assert_html("[Kommunen](https://example.se/?a=1&b=2 \"Titel\")\n",
		    "<p><a href=\"https://example.se/?a=1&amp;b=2\" title=\"Titel\">Kommunen</a></p>\n");
	assert_html("![Karta över Norrby](karta.png)\n",
		    "<p><img src=\"karta.png\" alt=\"Karta över Norrby\" /></p>\n");
	/* No data-sourcepos attributes although positions are parsed. */
	assert_html("Stycke\n\n## Rubrik\n", "<p>Stycke</p>\n<h2 id=\"rubrik\">Rubrik</h2>\n");
}

static void test_smart_punctuation_swedish(void **state)
{
	(void)state;
	assert_html("Hon sa \"hej\" och 'hejdå'. Annas bok -- nu... 1--2 --- slut\n",
		    "<p>Hon sa ”hej” och ’hejdå’. Annas bok – nu… 1–2 — slut</p>\n");
	assert_html("Det är Annas 'bok'\n", "<p>Det är Annas ’bok’</p>\n");
	/* Code keeps its straight quotes. */
	assert_html("`\"x\"` och \"y\"\n", "<p><code>&quot;x&quot;</code> och ”y”</p>\n");
	/* Headings and link texts too. */
	assert_html("## \"Citat\" i rubrik\n",
		    "<h2 id=\"citat-i-rubrik\">”Citat” i rubrik</h2>\n");
}

static void test_smart_punctuation_english(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "She said \"hi\" and 'bye'. It's Anna's.\n";

	(void)state;
	render(&doc, &diags, NULL, src, 1, "en", 0);
	assert_string_equal(doc.html.ptr, "<p>She said “hi” and ‘bye’. It’s Anna’s.</p>\n");
	markdown_doc_free(&doc);
	render(&doc, &diags, NULL, src, 1, "en-GB", 0);
	assert_string_equal(doc.html.ptr, "<p>She said “hi” and ‘bye’. It’s Anna’s.</p>\n");
	markdown_doc_free(&doc);
	/* Anything not English is Swedish, NULL included. */
	render(&doc, &diags, NULL, src, 1, NULL, 0);
	assert_string_equal(doc.html.ptr, "<p>She said ”hi” and ’bye’. It’s Anna’s.</p>\n");
	markdown_doc_free(&doc);
	render(&doc, &diags, NULL, src, 1, "sv-SE", 0);
	assert_string_equal(doc.html.ptr, "<p>She said ”hi” and ’bye’. It’s Anna’s.</p>\n");
	markdown_doc_free(&doc);
	assert_int_equal(diags.len, 0);
	diag_list_free(&diags);
}

/* ---- safety -------------------------------------------------------------- */

static void test_raw_html_dropped(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "a <b onclick=\"x()\">fet</b> c\n"
			  "\n"
			  "<div>\n"
			  "block\n"
			  "</div>\n"
			  "\n"
			  "<script>alert(1)</script>\n"
			  "\n"
			  "<!-- en anteckning -->\n"
			  "\n"
			  "Text <!-- kommentar --> slut <img src=x onerror=alert(1)>\n"
			  "\n"
			  "<span></span> <br>\n"
			  "<!-- c -->\n";

	(void)state;
	assert_int_equal(render(&doc, &diags, NULL, src, 1, "sv", 0), 0);
	/* A paragraph of raw HTML only leaves no empty <p> behind. */
	assert_string_equal(doc.html.ptr, "<p>a fet c</p>\n<p>Text  slut </p>\n");
	/* Comments vanish quietly; everything else is reported. */
	assert_int_equal(diags.len, 8);
	assert_int_equal(diags.errors, 0);
	assert_diag(&diags, 0, PATH ":1:3: warning: HTML is not shown on the page: write the text in Markdown");
	assert_diag(&diags, 1, PATH ":1:23: warning: HTML is not shown on the page: write the text in Markdown");
	assert_diag(&diags, 2, PATH ":3:1: warning: HTML is not shown on the page: write the text in Markdown");
	assert_diag(&diags, 3, PATH ":7:1: warning: HTML is not shown on the page: write the text in Markdown");
	assert_diag(&diags, 4, PATH ":11:30: warning: HTML is not shown on the page: write the text in Markdown");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_dangerous_urls_dropped(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "[a](javascript:alert(1))\n"
			  "[b](JaVaScRiPt:alert(1))\n"
			  "[c](vbscript:msgbox)\n"
			  "[d](file:///etc/passwd)\n"
			  "[e](data:text/html;base64,PHNjcmlwdD4=)\n"
			  "[f](<java\tscript:alert(1)>)\n"
			  "[g](data:image/png;base64,AAAA)\n"
			  "<javascript:alert(1)>\n"
			  "![Karta](data:image/png;base64,AAAA)\n"
			  "![Svg](data:image/svg+xml;base64,AAAA)\n"
			  "[ok](https://example.se/javascript:)\n";

	(void)state;
	render(&doc, &diags, NULL, src, 1, "sv", 0);
	assert_string_equal(doc.html.ptr,
			    "<p><a href=\"\">a</a>\n"
			    "<a href=\"\">b</a>\n"
			    "<a href=\"\">c</a>\n"
			    "<a href=\"\">d</a>\n"
			    "<a href=\"\">e</a>\n"
			    "<a href=\"\">f</a>\n"
			    "<a href=\"\">g</a>\n"
			    "<a href=\"\">javascript:alert(1)</a>\n"
			    "<img src=\"data:image/png;base64,AAAA\" alt=\"Karta\" />\n"
			    "<img src=\"\" alt=\"Svg\" />\n"
			    "<a href=\"https://example.se/javascript:\">ok</a></p>\n");
	assert_int_equal(diags.len, 9);
	assert_diag(&diags, 0, PATH ":1:1: warning: address removed: addresses starting with "
				   "javascript: are not allowed");
	assert_diag(&diags, 1, PATH ":2:1: warning: address removed: addresses starting with "
				   "javascript: are not allowed");
	assert_diag(&diags, 2, PATH ":3:1: warning: address removed: addresses starting with "
				   "vbscript: are not allowed");
	assert_diag(&diags, 3, PATH ":4:1: warning: address removed: addresses starting with "
				   "file: are not allowed");
	assert_diag(&diags, 4, PATH ":5:1: warning: address removed: addresses starting with "
				   "data: are not allowed");
	assert_diag(&diags, 5, PATH ":6:1: warning: address removed: addresses starting with "
				   "javascript: are not allowed");
	assert_diag(&diags, 6, PATH ":7:1: warning: address removed: addresses starting with "
				   "data: are not allowed");
	assert_diag(&diags, 7, PATH ":8:1: warning: address removed: addresses starting with "
				   "javascript: are not allowed");
	assert_diag(&diags, 8, PATH ":10:1: warning: address removed: addresses starting with "
				   "data: are not allowed");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

/* ---- heading ids --------------------------------------------------------- */

static void test_heading_ids(void **state)
{
	(void)state;
	assert_html("## Bakgrund\n\n## Bakgrund\n\n### Bakgrund\n\n## Bakgrund 2\n\n## Ärende: *Skola* & `kod`\n",
		    "<h2 id=\"bakgrund\">Bakgrund</h2>\n"
		    "<h2 id=\"bakgrund-2\">Bakgrund</h2>\n"
		    "<h3 id=\"bakgrund-3\">Bakgrund</h3>\n"
		    "<h2 id=\"bakgrund-2-2\">Bakgrund 2</h2>\n"
		    "<h2 id=\"arende-skola-kod\">Ärende: <em>Skola</em> &amp; <code>kod</code></h2>\n");
	/* Empty and symbol-only headings still get an id. */
	assert_html("## !!\n\n##\n", "<h2 id=\"avsnitt\">!!</h2>\n<h2 id=\"avsnitt-2\"></h2>\n");
	/* Setext headings, and headings inside containers. */
	assert_html("Rubrik\n------\n\n> ## Citerad\n\n- ### I lista\n",
		    "<h2 id=\"rubrik\">Rubrik</h2>\n"
		    "<blockquote>\n<h2 id=\"citerad\">Citerad</h2>\n</blockquote>\n"
		    "<ul>\n<li>\n<h3 id=\"i-lista\">I lista</h3>\n</li>\n</ul>\n");
}

static void test_ids_namespace(void **state)
{
	markdown_ids ids = MARKDOWN_IDS_INIT;
	buf b = BUF_INIT;

	(void)state;
	assert_int_equal(markdown_ids_reserve(&ids, "innehall"), 0);
	assert_int_equal(markdown_ids_reserve(&ids, "innehall"), -1);
	assert_true(markdown_ids_contains(&ids, "innehall"));
	assert_false(markdown_ids_contains(&ids, "resultat"));
	markdown_ids_unique(&b, &ids, "a");
	assert_string_equal(b.ptr, "a");
	buf_clear(&b);
	markdown_ids_unique(&b, &ids, "a");
	assert_string_equal(b.ptr, "a-2");
	buf_clear(&b);
	assert_int_equal(markdown_ids_reserve(&ids, "a-3"), 0);
	markdown_ids_unique(&b, &ids, "a");
	assert_string_equal(b.ptr, "a-4");
	buf_clear(&b);
	markdown_ids_unique(&b, &ids, "a-2");
	assert_string_equal(b.ptr, "a-2-2");
	buf_clear(&b);
	markdown_ids_unique(&b, &ids, "innehall");
	assert_string_equal(b.ptr, "innehall-2");
	buf_free(&b);
	markdown_ids_free(&ids);
	/* Freed ids are an empty namespace again. */
	assert_false(markdown_ids_contains(&ids, "a"));
	markdown_ids_free(&ids);
}

static void test_ids_many(void **state)
{
	markdown_ids ids;
	buf b = BUF_INIT;
	char expect[32];
	int i;

	(void)state;
	markdown_ids_init(&ids);
	for (i = 1; i <= 2000; i++) {
		buf_clear(&b);
		markdown_ids_unique(&b, &ids, "x");
		if (i == 1)
			snprintf(expect, sizeof(expect), "x");
		else
			snprintf(expect, sizeof(expect), "x-%d", i);
		assert_string_equal(b.ptr, expect);
	}
	assert_true(markdown_ids_contains(&ids, "x-1000"));
	buf_free(&b);
	markdown_ids_free(&ids);
}

static void test_ids_shared_and_reserved(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_ids ids;
	markdown_doc body, easy;

	(void)state;
	markdown_ids_init(&ids);
	markdown_ids_reserve(&ids, "innehall");
	markdown_ids_reserve(&ids, "resultat");
	render(&body, &diags, &ids, "## Innehåll\n\n## Resultat\n\n## Bakgrund\n", 1, "sv", 0);
	assert_string_equal(body.html.ptr, "<h2 id=\"innehall-2\">Innehåll</h2>\n"
					   "<h2 id=\"resultat-2\">Resultat</h2>\n"
					   "<h2 id=\"bakgrund\">Bakgrund</h2>\n");
	/* The easy-read summary is on the same page. */
	render(&easy, &diags, &ids, "## Bakgrund\n\n## Resultat\n", 1, "sv", 0);
	assert_string_equal(easy.html.ptr, "<h2 id=\"bakgrund-2\">Bakgrund</h2>\n"
					   "<h2 id=\"resultat-3\">Resultat</h2>\n");
	markdown_doc_free(&body);
	markdown_doc_free(&easy);
	markdown_ids_free(&ids);
	diag_list_free(&diags);
}

/* ---- sections ------------------------------------------------------------ */

static const char *sections_src =
	"Inledning om skolan.\n"                 /* line 6 */
	"\n"
	"## Så deltar du\n"                       /* 8 */
	"\n"
	"Svara på enkäten.\n"
	"\n"
	"### Öppet hus\n"                         /* 12 */
	"\n"
	"Kom till skolan.\n"
	"\n"
	"## Bakgrund\n"                           /* 16 */
	"\n"
	"Skolan är gammal.\n"
	"\n"
	"## Resultat\n"                           /* 20 */
	"\n"
	"- Många svarade.\n"
	"\n"
	"# Nivå ett\n"                            /* 24 */
	"\n"
	"## Återkoppling\n";                      /* 26 */

static void test_sections(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_ids ids = MARKDOWN_IDS_INIT;
	markdown_doc doc;

	(void)state;
	markdown_ids_reserve(&ids, "sa-deltar-du");
	assert_int_equal(render(&doc, &diags, &ids, sections_src, 6, "sv", MARKDOWN_EXTRACT_SECTIONS), 0);
	assert_string_equal(doc.html.ptr, "<p>Inledning om skolan.</p>\n"
					  "<h2 id=\"bakgrund\">Bakgrund</h2>\n"
					  "<p>Skolan är gammal.</p>\n"
					  "<h2 id=\"niva-ett\">Nivå ett</h2>\n");
	assert_string_equal(doc.sections[MARKDOWN_SECTION_TAKE_PART].ptr,
			    "<p>Svara på enkäten.</p>\n"
			    "<h3 id=\"oppet-hus\">Öppet hus</h3>\n"
			    "<p>Kom till skolan.</p>\n");
	assert_string_equal(doc.sections[MARKDOWN_SECTION_RESULTS].ptr,
			    "<ul>\n<li>Många svarade.</li>\n</ul>\n");
	/* Present but empty. */
	assert_string_equal(doc.sections[MARKDOWN_SECTION_FEEDBACK].ptr, "");
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_TAKE_PART], 8);
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_RESULTS], 20);
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_FEEDBACK], 26);
	/* The section headings were taken, so no id went to them. */
	assert_false(markdown_ids_contains(&ids, "resultat"));
	assert_int_equal(diags.len, 1);
	assert_diag(&diags, 0, PATH ":24:1: warning: level-1 heading: the page title is the "
				   "page's only main heading, use ## for headings in the text");
	markdown_doc_free(&doc);
	markdown_ids_free(&ids);
	diag_list_free(&diags);
}

static void test_sections_absent_or_not_extracted(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	int i;

	(void)state;
	render(&doc, &diags, NULL, "Bara text.\n", 1, "sv", MARKDOWN_EXTRACT_SECTIONS);
	assert_string_equal(doc.html.ptr, "<p>Bara text.</p>\n");
	for (i = 0; i < MARKDOWN_SECTION_COUNT; i++) {
		assert_int_equal(doc.section_line[i], 0);
		assert_string_equal(doc.sections[i].ptr, "");
	}
	markdown_doc_free(&doc);
	/* Without the flag they are ordinary headings. */
	render(&doc, &diags, NULL, "## Resultat\n\nBra.\n", 1, "sv", 0);
	assert_string_equal(doc.html.ptr, "<h2 id=\"resultat\">Resultat</h2>\n<p>Bra.</p>\n");
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_RESULTS], 0);
	markdown_doc_free(&doc);
	assert_int_equal(diags.len, 0);
	diag_list_free(&diags);
}

static void test_section_matching(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	(void)state;
	/* Case and surrounding whitespace do not matter; the words do. */
	render(&doc, &diags, NULL,
	       "##   SÅ DELTAR   DU  \n\nA\n\n## Resultat?\n\nB\n\n> ## Resultat\n\nC\n\n"
	       "### Återkoppling\n\nD\n\nRESULTAT\n--------\n\nE\n",
	       1, "sv", MARKDOWN_EXTRACT_SECTIONS);
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_TAKE_PART], 1);
	assert_string_equal(doc.sections[MARKDOWN_SECTION_TAKE_PART].ptr, "<p>A</p>\n");
	/* Setext headings count. */
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_RESULTS], 17);
	assert_string_equal(doc.sections[MARKDOWN_SECTION_RESULTS].ptr, "<p>E</p>\n");
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_FEEDBACK], 0);
	/* Not sections: other text, inside a quote, level 3. h3 after an h2
	 * taken as section: content of "Resultat?". */
	assert_string_equal(doc.html.ptr, "<h2 id=\"resultat\">Resultat?</h2>\n"
					  "<p>B</p>\n"
					  "<blockquote>\n<h2 id=\"resultat-2\">Resultat</h2>\n</blockquote>\n"
					  "<p>C</p>\n"
					  "<h3 id=\"aterkoppling\">Återkoppling</h3>\n"
					  "<p>D</p>\n");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_sections_english(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	(void)state;
	render(&doc, &diags, NULL,
	       "## How to take part\n\nA\n\n## Results\n\nB\n\n## Feedback\n\nC\n\n## Resultat\n\nD\n",
	       1, "en", MARKDOWN_EXTRACT_SECTIONS);
	assert_string_equal(doc.sections[MARKDOWN_SECTION_TAKE_PART].ptr, "<p>A</p>\n");
	assert_string_equal(doc.sections[MARKDOWN_SECTION_RESULTS].ptr, "<p>B</p>\n");
	assert_string_equal(doc.sections[MARKDOWN_SECTION_FEEDBACK].ptr, "<p>C</p>\n");
	assert_string_equal(doc.html.ptr, "<h2 id=\"resultat\">Resultat</h2>\n<p>D</p>\n");
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_FEEDBACK], 9);
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	assert_string_equal(markdown_section_title(MARKDOWN_SECTION_TAKE_PART, "sv"), "Så deltar du");
	assert_string_equal(markdown_section_title(MARKDOWN_SECTION_FEEDBACK, NULL), "Återkoppling");
	assert_string_equal(markdown_section_title(MARKDOWN_SECTION_RESULTS, "en"), "Results");
	assert_null(markdown_section_title(MARKDOWN_SECTION_COUNT, "sv"));
}

/* markdown_sections answers what the page finds: each case is also
 * rendered with MARKDOWN_EXTRACT_SECTIONS and must agree. */
#define S_TAKE (1u << MARKDOWN_SECTION_TAKE_PART)
#define S_RES (1u << MARKDOWN_SECTION_RESULTS)
#define S_FB (1u << MARKDOWN_SECTION_FEEDBACK)

static void test_markdown_sections(void **state)
{
	static const struct {
		const char *src, *lang;
		unsigned want;
	} cases[] = {
		{ "Text.\n\n## Återkoppling\n\nSvar.\n", "sv", S_FB },
		{ "## Så deltar du\n\nA\n\n## Resultat\n\nB\n\n## Återkoppling\n\nC\n", "sv",
		  S_TAKE | S_RES | S_FB },
		{ "## ÅTERKOPPLING ##\n", "sv", S_FB },
		{ "\xEF\xBB\xBF## Resultat\r\n\r\nB\r\n", "sv", S_RES },
		/* Commented out, as a block or inline: no heading at all. */
		{ "Text.\n\n<!--\n## Återkoppling\n\nKommer senare.\n-->\n", "sv", 0 },
		{ "<!-- ## Resultat -->\n", "sv", 0 },
		{ "Text.\n<!--\n## Återkoppling\n-->\n\n## Resultat\n\nB\n", "sv", S_RES },
		/* Code, fenced and indented. */
		{ "```\n## Återkoppling\n```\n", "sv", 0 },
		{ "~~~~\n## Resultat\n~~~\n~~~~\n", "sv", 0 },
		{ "Text.\n\n    ## Återkoppling\n", "sv", 0 },
		/* Setext headings: level 2 counts, level 1 and two lines do not. */
		{ "Text.\n\nÅterkoppling\n------------\n\nSvar.\n", "sv", S_FB },
		{ "Resultat\n===\n", "sv", 0 },
		{ "Rad ett\nÅterkoppling\n---\n", "sv", 0 },
		/* Another level, other words, not at the top. */
		{ "### Återkoppling\n\n# Resultat\n", "sv", 0 },
		{ "## Återkoppling kommer\n\n##Resultat\n", "sv", 0 },
		{ "> ## Återkoppling\n\n- ## Resultat\n", "sv", 0 },
		/* The heading's text, not its markup. */
		{ "## *Återkoppling*\n\n## Res<!-- x -->ultat\n", "sv", S_FB | S_RES },
		{ "## &Aring;terkoppling\n", "sv", S_FB },
		/* The language picks the names. */
		{ "## Feedback\n\n## Resultat\n", "sv", S_RES },
		{ "## Feedback\n\n## Resultat\n", "en", S_FB },
		{ "## How to take part\n\n## RESULTS\n", "en-GB", S_TAKE | S_RES },
		{ "", "sv", 0 },
	};
	size_t i;
	int s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		diag_list diags = DIAG_LIST_INIT;
		markdown_doc doc;
		unsigned got = markdown_sections(cases[i].src, strlen(cases[i].src), cases[i].lang);
		unsigned page = 0;

		if (got != cases[i].want)
			fail_msg("case %zu: sections 0x%x, expected 0x%x", i, got, cases[i].want);
		render(&doc, &diags, NULL, cases[i].src, 1, cases[i].lang, MARKDOWN_EXTRACT_SECTIONS);
		for (s = 0; s < MARKDOWN_SECTION_COUNT; s++)
			if (doc.section_line[s] > 0)
				page |= 1u << s;
		if (page != got)
			fail_msg("case %zu: the page finds 0x%x, markdown_sections 0x%x", i, page, got);
		markdown_doc_free(&doc);
		diag_list_free(&diags);
	}
}

static void test_duplicate_section(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	(void)state;
	assert_int_equal(render(&doc, &diags, NULL,
				"## Resultat\n\nA\n\n## Resultat\n\nB\n", 10, "sv",
				MARKDOWN_EXTRACT_SECTIONS),
			 -1);
	assert_int_equal(diags.errors, 1);
	assert_diag(&diags, 0, PATH ":14:1: error: section \"Resultat\" is already on line 10: "
				   "write it only once");
	/* The first one counts; the rest stays in the body. */
	assert_string_equal(doc.sections[MARKDOWN_SECTION_RESULTS].ptr, "<p>A</p>\n");
	assert_string_equal(doc.html.ptr, "<h2 id=\"resultat\">Resultat</h2>\n<p>B</p>\n");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	diag_set_language(DIAG_LANG_SV);
	render(&doc, &diags, NULL, "## Återkoppling\n\n## återkoppling\n", 1, "sv",
	       MARKDOWN_EXTRACT_SECTIONS);
	assert_diag(&diags, 0, PATH ":3:1: error: avsnittet ”Återkoppling” finns redan på rad 1: "
				   "skriv det bara en gång");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

/* ---- checks -------------------------------------------------------------- */

static void test_heading_levels(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	(void)state;
	render(&doc, &diags, NULL,
	       "# Titel igen\n\n## Två\n\n#### Fyra\n\n## Två\n\n### Tre\n\n#### Fyra\n\n"
	       "###### Sex\n",
	       3, "sv", 0);
	assert_int_equal(diags.len, 3);
	assert_int_equal(diags.errors, 0);
	assert_diag(&diags, 0, PATH ":3:1: warning: level-1 heading: the page title is the page's "
				   "only main heading, use ## for headings in the text");
	assert_diag(&diags, 1, PATH ":7:1: warning: skipped heading level: #### after ##, use ###");
	assert_diag(&diags, 2, PATH ":15:1: warning: skipped heading level: ###### after ####, "
				   "use #####");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	/* Right below the page title. */
	render(&doc, &diags, NULL, "Text\n\n  ### Tre\n", 1, "sv", 0);
	assert_int_equal(diags.len, 1);
	assert_diag(&diags, 0, PATH ":3:3: warning: skipped heading level: ### directly below the "
				   "page title, use ##");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	diag_set_language(DIAG_LANG_SV);
	render(&doc, &diags, NULL, "# Ett\n\n### Tre\n\n##\n", 1, "sv", 0);
	assert_int_equal(diags.len, 3);
	assert_diag(&diags, 0, PATH ":1:1: warning: rubrik på nivå 1: sidans titel är sidans enda "
				   "huvudrubrik, använd ## för rubriker i texten");
	assert_diag(&diags, 1, PATH ":3:1: warning: rubriknivå hoppas över: ### efter #, använd ##");
	assert_diag(&diags, 2, PATH ":5:1: warning: tom rubrik: skriv rubrikens text efter #-tecknen");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_heading_levels_across_sections(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;

	(void)state;
	/* A section heading counts as the ## it is; its content follows. */
	render(&doc, &diags, NULL, "## Resultat\n\n### Svar\n\n## Övrigt\n\n#### Djup\n", 1, "sv",
	       MARKDOWN_EXTRACT_SECTIONS);
	assert_int_equal(diags.len, 1);
	assert_diag(&diags, 0, PATH ":7:1: warning: skipped heading level: #### after ##, use ###");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_image_alt(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "Se ![](karta.png) och ![ ](b.png) och ![Karta](c.png)\n"
			  "\n"
			  "[![](logga.png)](https://example.se)\n";

	(void)state;
	assert_int_equal(render(&doc, &diags, NULL, src, 5, "sv", 0), -1);
	/* The image still renders, so the preview shows it. */
	assert_string_equal(doc.html.ptr,
			    "<p>Se <img src=\"karta.png\" alt=\"\" /> och <img src=\"b.png\" alt=\" \" /> "
			    "och <img src=\"c.png\" alt=\"Karta\" /></p>\n"
			    "<p><a href=\"https://example.se\"><img src=\"logga.png\" alt=\"\" /></a></p>\n");
	assert_int_equal(diags.len, 3);
	assert_int_equal(diags.errors, 3);
	assert_diag(&diags, 0, PATH ":5:4: error: image without alternative text: describe what it "
				   "shows between the brackets, ![like this](image.jpg), so that people "
				   "who cannot see it learn it too (WCAG 1.1.1)");
	assert_diag(&diags, 1, PATH ":5:23: error: image without alternative text: describe what it "
				   "shows between the brackets, ![like this](image.jpg), so that people "
				   "who cannot see it learn it too (WCAG 1.1.1)");
	/* A linked image without text: one error, not also an empty link. */
	assert_diag(&diags, 2, PATH ":7:2: error: image without alternative text: describe what it "
				   "shows between the brackets, ![like this](image.jpg), so that people "
				   "who cannot see it learn it too (WCAG 1.1.1)");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	diag_set_language(DIAG_LANG_SV);
	render(&doc, &diags, NULL, "![](a.png)\n", 1, "sv", 0);
	assert_diag(&diags, 0, PATH ":1:1: error: bilden saknar alternativtext: skriv vad bilden "
				   "visar mellan hakparenteserna, ![Så här](bild.jpg), så att den som "
				   "inte ser bilden får veta det (WCAG 1.1.1)");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_vague_link_texts(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "[Klicka här](a) [här](b) [Läs mer…](c) [LÄNK](d)\n"
			  "[click here](e) [Here.](f) [read  more »](g) [link](h)\n"
			  "[Läs mer om skolan](i) [*här*](j) [](k) [här borta](l)\n";

	(void)state;
	assert_int_equal(render(&doc, &diags, NULL, src, 1, "sv", 0), 0);
	assert_int_equal(diags.len, 10);
	assert_int_equal(diags.errors, 0);
	assert_diag(&diags, 0, PATH ":1:1: warning: link text \"Klicka här\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 1, PATH ":1:17: warning: link text \"här\" says nothing out of context: "
				   "say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 2, PATH ":1:26: warning: link text \"Läs mer…\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 3, PATH ":1:40: warning: link text \"LÄNK\" says nothing out of context: "
				   "say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 4, PATH ":2:1: warning: link text \"click here\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 5, PATH ":2:17: warning: link text \"Here.\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 6, PATH ":2:28: warning: link text \"read more »\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 7, PATH ":2:46: warning: link text \"link\" says nothing out of "
				   "context: say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 8, PATH ":3:24: warning: link text \"här\" says nothing out of context: "
				   "say where the link leads (WCAG 2.4.4)");
	assert_diag(&diags, 9, PATH ":3:35: warning: link without text: write where it leads "
				   "between the brackets (WCAG 2.4.4)");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	diag_set_language(DIAG_LANG_SV);
	render(&doc, &diags, NULL, "Mer [här](x).\n", 1, "sv", 0);
	assert_diag(&diags, 0, PATH ":1:5: warning: länktexten ”här” säger inget utanför sitt "
				   "sammanhang: skriv vart länken leder (WCAG 2.4.4)");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

/* Columns count code points, lines count from first_line, and inline
 * positions survive cmark's blind spots. */
static void test_positions(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "Åsa och Örjan [här](a)\n"            /* 20 */
			  "  fortsätter [här](b)\n"               /* 21: indented */
			  "\n"
			  "- punkt\n"                             /* 23 */
			  "lat [här](c)\n"                        /* 24: lazy line */
			  "\n"
			  "> citat\n"                             /* 26 */
			  ">    [här](d)\n"                       /* 27 */
			  "\n"
			  "rad\\\n"                               /* 29: backslash break */
			  "  ny [här](e) [x](f \"titel\n"        /* 30 */
			  "fortsätter\") [här](g)\n"             /* 31 */
			  "\n"
			  "[lång\n"                               /* 33 */
			  "länk](h) och [här](i)\n"               /* 34 */
			  "\n"
			  "## Rubrik med [här](j)\n"              /* 36 */
			  "\n"
			  "<https://example.se> [här](k)\n";       /* 38 */

	(void)state;
	render(&doc, &diags, NULL, src, 20, "sv", 0);
	assert_int_equal(diags.len, 9);
	assert_int_equal(diags.items[0].line, 20);
	assert_int_equal(diags.items[0].col, 15);
	assert_int_equal(diags.items[1].line, 21);
	assert_int_equal(diags.items[1].col, 14);
	assert_int_equal(diags.items[2].line, 24);
	assert_int_equal(diags.items[2].col, 5);
	assert_int_equal(diags.items[3].line, 27);
	assert_int_equal(diags.items[3].col, 6);
	assert_int_equal(diags.items[4].line, 30);
	assert_int_equal(diags.items[4].col, 6);
	assert_int_equal(diags.items[5].line, 31);
	assert_int_equal(diags.items[5].col, 14);
	assert_int_equal(diags.items[6].line, 34);
	assert_int_equal(diags.items[6].col, 14);
	assert_int_equal(diags.items[7].line, 36);
	assert_int_equal(diags.items[7].col, 15);
	assert_int_equal(diags.items[8].line, 38);
	assert_int_equal(diags.items[8].col, 22);
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_crlf_and_bom(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	const char *src = "\xEF\xBB\xBF"
			  "Första \"stycket\"\r\n"
			  "fortsätter.\r\n"
			  "\r\n"
			  "## Så deltar du\r\n"
			  "\r\n"
			  "Svara [här](x)\r\n"
			  "\r\n"
			  "```\r\n"
			  "kod\r\n"
			  "```\r\n"
			  "Sista\rraden ![](y.png)\r";

	(void)state;
	assert_int_equal(render(&doc, &diags, NULL, src, 3, "sv", MARKDOWN_EXTRACT_SECTIONS), -1);
	assert_string_equal(doc.html.ptr, "<p>Första ”stycket”\nfortsätter.</p>\n");
	assert_string_equal(doc.sections[MARKDOWN_SECTION_TAKE_PART].ptr,
			    "<p>Svara <a href=\"x\">här</a></p>\n"
			    "<pre><code>kod\n</code></pre>\n"
			    "<p>Sista\nraden <img src=\"y.png\" alt=\"\" /></p>\n");
	assert_int_equal(doc.section_line[MARKDOWN_SECTION_TAKE_PART], 6);
	assert_int_equal(diags.len, 2);
	assert_diag(&diags, 0, PATH ":8:7: warning: link text \"här\" says nothing out of context: "
				   "say where the link leads (WCAG 2.4.4)");
	assert_int_equal(diags.items[1].line, 14);
	assert_int_equal(diags.items[1].col, 7);
	markdown_doc_free(&doc);
	diag_list_free(&diags);
}

static void test_report_cap(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	buf src = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 150; i++)
		buf_puts(&src, "<b>x</b>\n\n![](a.png)\n\n");
	assert_int_equal(markdown_render(&doc, &diags, NULL, PATH, src.ptr, src.size, 1, "sv", 0), -1);
	/* 100 of each kind, and one line saying there are more. */
	assert_int_equal(diags.warnings, 101);
	assert_int_equal(diags.errors, 101);
	assert_string_equal(diags.items[diags.len - 1].message,
			    "more problems of the same kind in this file are not shown");
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	buf_free(&src);
}

/* Nesting far deeper than any recursion could take. */
static void test_deep_nesting(void **state)
{
	diag_list diags = DIAG_LIST_INIT;
	markdown_doc doc;
	buf src = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++)
		buf_puts(&src, "> ");
	buf_puts(&src, "## [här](x) ![](y)\n\n");
	for (i = 0; i < 20000; i++)
		buf_puts(&src, "*a **b ");
	for (i = 0; i < 20000; i++)
		buf_puts(&src, "[");
	buf_puts(&src, "x");
	for (i = 0; i < 20000; i++)
		buf_puts(&src, "](y)");
	render(&doc, &diags, NULL, src.ptr, 1, "sv", MARKDOWN_EXTRACT_SECTIONS);
	assert_true(doc.html.size > 0);
	assert_int_equal(diags.errors, 1);
	markdown_doc_free(&doc);
	diag_list_free(&diags);
	buf_free(&src);
}

/* ---- plain text ---------------------------------------------------------- */

static void test_plain_text(void **state)
{
	buf b = BUF_INIT;
	const char *src = "# Rubrik\n\nEtt *betonat* ord och \"citat\".\nNy rad med `kod`.\n\n"
			  "- punkt ett\n- punkt två\n\n![Karta över området](k.png) <b>fet</b>\n\n"
			  "<div>bort</div>\n";

	(void)state;
	markdown_plain_text(&b, src, strlen(src), "sv");
	assert_string_equal(b.ptr, "Rubrik Ett betonat ord och ”citat”. Ny rad med kod. punkt ett "
				   "punkt två Karta över området fet");
	buf_clear(&b);
	markdown_plain_text(&b, "\"Hi\"", 4, "en");
	assert_string_equal(b.ptr, "“Hi”");
	buf_clear(&b);
	markdown_plain_text(&b, "", 0, "sv");
	assert_string_equal(b.ptr, "");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_basic, setup),
		cmocka_unit_test_setup(test_smart_punctuation_swedish, setup),
		cmocka_unit_test_setup(test_smart_punctuation_english, setup),
		cmocka_unit_test_setup(test_raw_html_dropped, setup),
		cmocka_unit_test_setup(test_dangerous_urls_dropped, setup),
		cmocka_unit_test_setup(test_heading_ids, setup),
		cmocka_unit_test_setup(test_ids_namespace, setup),
		cmocka_unit_test_setup(test_ids_many, setup),
		cmocka_unit_test_setup(test_ids_shared_and_reserved, setup),
		cmocka_unit_test_setup(test_sections, setup),
		cmocka_unit_test_setup(test_sections_absent_or_not_extracted, setup),
		cmocka_unit_test_setup(test_section_matching, setup),
		cmocka_unit_test_setup(test_sections_english, setup),
		cmocka_unit_test_setup(test_markdown_sections, setup),
		cmocka_unit_test_setup(test_duplicate_section, setup),
		cmocka_unit_test_setup(test_heading_levels, setup),
		cmocka_unit_test_setup(test_heading_levels_across_sections, setup),
		cmocka_unit_test_setup(test_image_alt, setup),
		cmocka_unit_test_setup(test_vague_link_texts, setup),
		cmocka_unit_test_setup(test_positions, setup),
		cmocka_unit_test_setup(test_crlf_and_bom, setup),
		cmocka_unit_test_setup(test_report_cap, setup),
		cmocka_unit_test_setup(test_deep_nesting, setup),
		cmocka_unit_test_setup(test_plain_text, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for site: a small site built end to end with the real default
 * theme (themes/default, found from the working folder, which is the
 * repository root under make).
 *
 * The site, today = 2026-11-22, page_size 1:
 *   a.md          ongoing, konsultation; <script> in the title; raw HTML in the body
 *   a.en.md       its English translation
 *   b/index.md    a bundle with rapport.pdf; finished 2026-06-01, no feedback: overdue
 *   c.md          draft: true
 *   d/index.md    a draft bundle with bilaga.pdf
 *   sidor/om.md   a free page in the menu
 *   static/logo.svg */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "output.h"
#include "site.h"
#include "source.h"
#include "theme.h"

#include "fixture.h"

typedef struct fixture {
	char tmp[64];
	char site[128];
	char out[128];
	char out2[128];
	char theme_dir[PATH_MAX];
	int update;       /* builds keep a manifest beside the folder and update it */
	/* the last build */
	int was_update;
	site_stats stats;
	diag_list d;
} fixture;

static fixture fx;

/* ---- file helpers ------------------------------------------------------------------ */

static void put(const char *rel, const char *text)
{
	fixture_write_file(fx.site, rel, text);
}

/* The page out/rel; fails the test when it is missing. */
static const char *page(const char *rel)
{
	const char *html = fixture_read_file(fx.out, rel, NULL);

	if (!html)
		fail_msg("%s was not written", rel);
	return html;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* ---- the site ---------------------------------------------------------------------- */

static const char *const HEAD = "summary: En sammanfattning.\n"
				"level_reason: Skäl.\n"
				"influence: Utformningen.\n"
				"purpose: Underlag.\n"
				"responsible: SBN\n"
				"contact: { name: Anna Andersson, email: anna@example.se }\n";

static void put_dialogue(const char *rel, const char *title, const char *fields, const char *body)
{
	buf t = BUF_INIT;

	buf_printf(&t, "---\ntitle: \"%s\"\n%s%s---\n%s", title, HEAD, fields, body);
	put(rel, t.ptr);
	buf_free(&t);
}

static void write_site(void)
{
	put("content/site.yaml", "title: Dialoger i Testkommun\n"
				 "municipality: Testkommun\n"
				 "base_url: https://dialog.example.se/\n"
				 "page_size: 1\n"
				 "committees:\n"
				 "  SBN: Stadsbyggnadsnämnden\n");
	put_dialogue("content/dialoger/a.md", "Möte <script>alert(1)</script>",
		     "level: konsultation\nstart: 2026-01-10\n",
		     "Vanlig text.\n"
		     "\n"
		     "<div class=\"farlig\">inbäddad</div>\n"
		     "\n"
		     "Text med <span onclick=\"alert(2)\">inline</span> html.\n"
		     "\n"
		     "<script>alert(3)</script>\n");
	put("content/dialoger/a.en.md", "---\ntitle: Meeting & greeting\nsummary: In English.\n---\n"
					"English text.\n");
	put_dialogue("content/dialoger/b/index.md", "Bibliotek",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\n"
		     "documents: [ { title: Rapporten, file: rapport.pdf } ]\n"
		     /* late: without a reason and a new date it would be an error */
		     "feedback_delay: { reason: Nämnden sköt upp beslutet., new_date: 2026-12-15 }\n",
		     "Om biblioteket.\n");
	put("content/dialoger/b/rapport.pdf", "%PDF-1.4\nrapport\n");
	put_dialogue("content/dialoger/c.md", "Hemligt utkast", "level: information\ndraft: true\n",
		     "Inte klart.\n");
	put_dialogue("content/dialoger/d/index.md", "Utkastpaket",
		     "level: information\ndraft: true\n", "Inte klart.\n");
	put("content/dialoger/d/bilaga.pdf", "%PDF-1.4\nbilaga\n");
	put("content/sidor/om.md", "---\ntitle: Om dialogerna\nmenu: 1\n---\nSå arbetar vi.\n");
	put("content/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
}

/* Loads the site and builds it into out_dir, keeping the diagnostics in
 * fx.d in the order site_build reported them. Returns site_build's result
 * (or the first failure before it). */
static int build_diags(const char *out_dir)
{
	diag_list d = DIAG_LIST_INIT;
	source *src = NULL;
	theme *t = NULL;
	output *o = NULL;
	model_site m;
	model_options opts = { "content", "2026-11-22", NULL, 0 };
	int rc;

	memset(&m, 0, sizeof(m));
	assert_int_equal(source_open_worktree(&src, &d, fx.site), 0);
	assert_int_equal(model_load(&m, &d, src, &opts), 0);
	rc = d.errors ? -1 : theme_open(&t, &d, src, "themes/default", fx.theme_dir);
	if (rc == 0)
		rc = output_begin(&o, &d, out_dir);
	if (rc == 0 && fx.update) {
		buf cache = BUF_INIT;
		buf_printf(&cache, "%s.cache", out_dir);
		if ((rc = output_set_cache(o, cache.ptr, 1)) != 0)
			output_abort(o);
		buf_free(&cache);
	}
	fx.was_update = rc == 0 && output_is_update(o);
	if (rc == 0) {
		rc = site_build(&fx.stats, o, &d, &m, t, src);
		if (rc == 0 && d.errors == 0)
			rc = output_commit(o);
		else
			output_abort(o);
	}
	theme_free(t);
	model_free(&m);
	source_free(src);
	diag_list_free(&fx.d);
	fx.d = d;
	return rc;
}

/* Builds into out_dir; the test fails on any error. */
static void build_into(const char *out_dir)
{
	int rc = build_diags(out_dir);

	if (rc != 0 || fx.d.errors) {
		diag_print(&fx.d, stderr);
		fail_msg("build failed (%d)", rc);
	}
}

static int setup(void **state)
{
	char *theme_dir;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	diag_set_language(DIAG_LANG_EN);
	theme_dir = realpath("themes/default", NULL);
	if (!theme_dir) {
		fprintf(stderr, "themes/default not found: run from the repository root\n");
		return -1;
	}
	snprintf(fx.theme_dir, sizeof(fx.theme_dir), "%s", theme_dir);
	free(theme_dir);
	if (fixture_mkdtemp(fx.tmp, sizeof(fx.tmp), "site") != 0)
		return -1;
	snprintf(fx.site, sizeof(fx.site), "%s/site", fx.tmp);
	snprintf(fx.out, sizeof(fx.out), "%s/out", fx.tmp);
	snprintf(fx.out2, sizeof(fx.out2), "%s/out2", fx.tmp);
	if (mkdir(fx.site, 0755) != 0)
		return -1;
	write_site();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_free_kept();
	diag_list_free(&fx.d);
	return output_remove_tree(fx.tmp);
}

/* ---- tests ----------------------------------------------------------------------------- */

static int is_html(const char *name)
{
	size_t len = strlen(name);
	return len >= 5 && !strcmp(name + len - 5, ".html");
}

static void expect_file(const char *dir, const char *rel, const char *text)
{
	size_t size = 0;
	const char *got = fixture_read_file(dir, rel, &size);

	if (!got)
		fail_msg("%s/%s is missing", dir, rel);
	assert_string_equal(got, text);
	assert_int_equal(size, strlen(text));
}

static void test_files_written(void **state)
{
	static const char *const expected[] = {
		"404.html",
		"ar/2026/index.html",
		"ar/2026/sida/2/index.html",
		"ar/index.html",
		"aterkoppling/index.html",
		"atgarder/index.html",
		"data/actions.csv",
		"data/dialoger.csv",
		"data/dialoger.json",
		"data/katalog.rdf",
		"data/schema.json",
		"data/you_said.csv",
		"delaktighetstrappan/index.html",
		"dialoger/a/feed.xml",
		"dialoger/a/index.html",
		"dialoger/a/kalender.ics",
		"dialoger/b/feed.xml",
		"dialoger/b/index.html",
		"dialoger/b/kalender.ics",
		"dialoger/b/rapport.pdf",
		"dialoger/index.html",
		"dialoger/sida/2/index.html",
		"en/dialoger/a/feed.xml",
		"en/dialoger/a/index.html",
		"en/dialoger/a/kalender.ics",
		"favicon.svg",
		"feed.xml",
		"index.html",
		"kalender.ics",
		"logo.svg",
		"malgrupp/index.html",
		"metod/index.html",
		"namnd/index.html",
		"namnd/stadsbyggnadsnamnden/feed.xml",
		"namnd/stadsbyggnadsnamnden/index.html",
		"namnd/stadsbyggnadsnamnden/sida/2/index.html",
		"niva/dialog/index.html",
		"niva/inflytande/index.html",
		"niva/information/index.html",
		"niva/konsultation/index.html",
		"niva/medbeslutande/index.html",
		"om/index.html",
		"omrade/index.html",
		"oppna-data/index.html",
		"planering/index.html",
		"robots.txt",
		"sitemap.xml",
		"sok/index.html",
		"sok/index.json",
		"statistik/index.html",
		"status/avslutad/index.html",
		"status/installd/index.html",
		"status/pagaende/index.html",
		"status/pausad/index.html",
		"status/planerad/index.html",
		"tema/index.html",
		"tillganglighet/index.html",
		"typ/index.html",
		"typ/medborgardialog/index.html",
		"typ/medborgardialog/sida/2/index.html",
		"urval/index.html",
		NULL,
	};
	char **files;
	size_t n, i, k = 0, css = 0, js = 0;

	(void)state;
	build_into(fx.out);
	files = fixture_list_files(fx.out, &n);
	for (i = 0; i < n; i++) {
		const char *f = files[i];
		if (!strcmp(f, OUTPUT_MARKER))
			continue;
		if (!strncmp(f, "assets/", 7)) {
			/* assets/style.<10 hex digits>.css and assets/sok.<10 hex>.js,
			 * the theme's stylesheet and search script as they are */
			int is_css = !strncmp(f + 7, "style.", 6);
			size_t stem = is_css ? 6 : 4, j;
			const char *ext = is_css ? ".css" : ".js";
			int ok = (is_css || !strncmp(f + 7, "sok.", 4)) &&
				 strlen(f) == 7 + stem + 10 + strlen(ext) && !strcmp(f + 7 + stem + 10, ext);
			for (j = 7 + stem; ok && j < 7 + stem + 10; j++)
				ok = (f[j] >= '0' && f[j] <= '9') || (f[j] >= 'a' && f[j] <= 'f');
			if (!ok)
				fail_msg("unexpected asset %s", f);
			css += is_css;
			js += !is_css;
			expect_file(fx.out, f, fixture_read_file(fx.theme_dir, is_css ? "static/style.css"
										: "static/sok.js", NULL));
			continue;
		}
		if (!expected[k] || strcmp(f, expected[k]) != 0)
			fail_msg("written: %s; expected next: %s", f, expected[k] ? expected[k] : "(end)");
		k++;
	}
	if (expected[k])
		fail_msg("not written: %s", expected[k]);
	assert_int_equal(css, 1);
	assert_int_equal(js, 1);
	/* 1 home + 3 dialogue pages + 2 list pages + 5 status + 5 level + 1 page + 404,
	 * ladder, statistics, actions, the promise ledger, accessibility, open data,
	 * search, planning, 8 facet indexes, 2 year, 2 committee and 2 kind pages. */
	assert_int_equal(fx.stats.pages, 40);
	/* The stylesheet, the favicon, the search script and its index, the bundle
	 * file and the static file. */
	assert_int_equal(fx.stats.files, 6);
	/* Files are copied byte for byte. */
	expect_file(fx.out, "dialoger/b/rapport.pdf", "%PDF-1.4\nrapport\n");
	expect_file(fx.out, "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
}

static void test_pages_link_the_stylesheet(void **state)
{
	char **files;
	size_t n, i;
	char *link = NULL;

	(void)state;
	build_into(fx.out);
	files = fixture_list_files(fx.out, &n);
	for (i = 0; i < n; i++) {
		if (!strncmp(files[i], "assets/style.", 13)) {
			buf b = BUF_INIT;
			buf_printf(&b, "<link rel=\"stylesheet\" href=\"/%s\">", files[i]);
			link = fixture_keep(buf_detach(&b));
		}
	}
	assert_non_null(link);
	for (i = 0; i < n; i++)
		if (is_html(files[i]) && !strstr(page(files[i]), link))
			fail_msg("%s does not link %s", files[i], link);
}

static void test_pagination(void **state)
{
	const char *p1, *p2;

	(void)state;
	build_into(fx.out);
	/* Two published dialogues, one per page; drafts do not count. */
	assert_true(fixture_exists(fx.out, "dialoger/sida/2/index.html"));
	assert_false(fixture_exists(fx.out, "dialoger/sida/3"));
	assert_false(fixture_exists(fx.out, "dialoger/sida/1"));
	p1 = page("dialoger/index.html");
	p2 = page("dialoger/sida/2/index.html");
	/* Ongoing first, then finished. */
	assert_int_equal(count(p1, "href=\"/dialoger/a/\""), 1);
	assert_int_equal(count(p1, "href=\"/dialoger/b/\""), 0);
	assert_int_equal(count(p2, "href=\"/dialoger/b/\""), 1);
	assert_int_equal(count(p2, "href=\"/dialoger/a/\""), 0);
	assert_non_null(strstr(p1, "<span class=\"count\">(2 dialoger)</span>"));
	assert_non_null(strstr(p2, "<span class=\"count\">(2 dialoger)</span>"));
	assert_non_null(strstr(p1, "<a href=\"/dialoger/sida/2/\" rel=\"next\">Nästa</a>"));
	assert_non_null(strstr(p2, "<a href=\"/dialoger/\" rel=\"prev\">Föregående</a>"));
	assert_non_null(strstr(p2, "<title>Alla dialoger, sida 2 – "));
	assert_non_null(strstr(p1, "<a href=\"/dialoger/\" aria-current=\"page\">"));
	assert_non_null(strstr(p1, "<a href=\"/dialoger/sida/2/\">"));
	assert_non_null(strstr(p2, "<a href=\"/dialoger/sida/2/\" aria-current=\"page\">"));
	assert_non_null(strstr(p2, "<a href=\"/dialoger/\">"));
}

static void test_title_escaped(void **state)
{
	char **files;
	size_t n, i;
	const char *html;

	(void)state;
	build_into(fx.out);
	html = page("dialoger/a/index.html");
	assert_non_null(strstr(html, "<h1>Möte &lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
	assert_non_null(strstr(html, "<title>Möte &lt;script&gt;alert(1)&lt;/script&gt; – "
				     "Dialoger i Testkommun</title>"));
	/* No page carries a script element, but /sok/ its own external script. */
	files = fixture_list_files(fx.out, &n);
	for (i = 0; i < n; i++) {
		const char *script;
		if (!is_html(files[i]) || !(script = strstr(page(files[i]), "<script")))
			continue;
		if (strcmp(files[i], "sok/index.html") || strncmp(script, "<script src=\"/assets/sok.", 25) ||
		    strncmp(strstr(script, ">"), "></script>", 10) || strstr(script + 1, "<script"))
			fail_msg("%s contains <script", files[i]);
	}
	html = page("en/dialoger/a/index.html");
	assert_non_null(strstr(html, "<h1>Meeting &amp; greeting</h1>"));
	assert_non_null(strstr(html, "<html lang=\"en\">"));
}

static void test_raw_html_dropped(void **state)
{
	const char *html;
	size_t i, n = 0;

	(void)state;
	build_into(fx.out);
	html = page("dialoger/a/index.html");
	assert_non_null(strstr(html, "<p>Vanlig text.</p>\n<p>Text med inline html.</p>\n"));
	assert_null(strstr(html, "farlig"));
	assert_null(strstr(html, "inbäddad"));
	assert_null(strstr(html, "onclick"));
	assert_null(strstr(html, "inline</span>"));
	assert_null(strstr(html, "alert(2)"));
	assert_null(strstr(html, "alert(3)"));
	/* Each piece of raw HTML was reported where it stands. */
	for (i = 0; i < fx.d.len; i++) {
		char *s = diag_format(&fx.d.items[i]);
		/* The fixture's dialogue has no "Så deltar du": warned about too. */
		if (!strncmp(s, "content/dialoger/a.md:", 22) && !strstr(s, "\"## Så deltar du\"")) {
			n++;
			if (!strstr(s, ": warning: HTML is not shown on the page: write the text in "
				       "Markdown")) {
				char msg[512];
				snprintf(msg, sizeof(msg), "%s", s);
				free(s);
				fail_msg("unexpected: %s", msg);
			}
		}
		free(s);
	}
	assert_int_equal(n, 4);
}

static void test_ladder_marks_one_step(void **state)
{
	const char *html;

	(void)state;
	build_into(fx.out);
	html = page("dialoger/a/index.html");
	assert_int_equal(count(html, "aria-current=\"step\""), 1);
	assert_non_null(strstr(html, "<li aria-current=\"step\" class=\"current\"><span "
				     "class=\"step-label\">Konsultation</span>"));
	assert_int_equal(count(html, "<span class=\"step-label\">"), 5);
	html = page("dialoger/b/index.html");
	assert_int_equal(count(html, "aria-current=\"step\""), 1);
	assert_non_null(strstr(html, "<li aria-current=\"step\" class=\"current\"><span "
				     "class=\"step-label\">Dialog</span>"));
}

static void test_overdue_feedback_shown(void **state)
{
	const char *html;

	(void)state;
	build_into(fx.out);
	/* end 2026-06-01 + 90 days = 2026-08-30; 84 days before 2026-11-22. */
	html = page("dialoger/b/index.html");
	assert_non_null(strstr(html, "<p class=\"notice\"><strong>Återkoppling väntas.</strong> Den "
				     "skulle ha kommit senast <time datetime=\"2026-08-30\">30 augusti "
				     "2026</time>. Den är försenad med 84 dagar. <strong>Orsak:</strong> Nämnden sköt upp "
				     "beslutet. <strong>Ny dag för återkoppling:</strong> <time "
				     "datetime=\"2026-12-15\">15 december 2026</time>.</p>"));
	/* At the top, in the summary: the days late, the date it was due, the
	 * reason and the new date, and whom to ask. */
	assert_non_null(strstr(html, "<strong>Återkopplingen är 84 dagar sen.</strong> Den skulle ha "
				     "kommit senast <time datetime=\"2026-08-30\">30 augusti 2026</time>."));
	assert_non_null(strstr(html, "<p><strong>Orsak:</strong> Nämnden sköt upp beslutet. "
				     "<strong>Ny dag för återkoppling:</strong> <time "
				     "datetime=\"2026-12-15\">15 december 2026</time>.</p>"));
	assert_null(strstr(html, "Även den nya dagen har passerat"));
	assert_non_null(strstr(html, "<p>Fråga Anna Andersson, <a href=\"mailto:anna@example.se\">"));
	assert_true(strstr(html, "Återkopplingen är 84") < strstr(html, "<p class=\"lead\">"));
	/* The start page: once, in the strip high on the page. */
	html = page("index.html");
	assert_non_null(strstr(html, "<h2 id=\"aterkoppling-vantas\">Väntar på återkoppling</h2>"));
	assert_non_null(strstr(html, "<li><a href=\"/dialoger/b/\">Bibliotek</a>: 84 dagar försenad</li>"));
	assert_int_equal(count(html, "href=\"/dialoger/b/\""), 1);
	assert_true(strstr(html, "aterkoppling-vantas") < strstr(html, "id=\"pagaende\""));
	/* The ongoing dialogue says nothing of the kind. */
	html = page("dialoger/a/index.html");
	assert_null(strstr(html, "Återkoppling väntas"));
}

static void test_lists_and_documents(void **state)
{
	const char *html;

	(void)state;
	build_into(fx.out);
	html = page("status/pagaende/index.html");
	assert_int_equal(count(html, "href=\"/dialoger/a/\""), 1);
	assert_int_equal(count(html, "href=\"/dialoger/b/\""), 0);
	html = page("status/avslutad/index.html");
	assert_int_equal(count(html, "href=\"/dialoger/a/\""), 0);
	assert_int_equal(count(html, "href=\"/dialoger/b/\""), 1);
	html = page("niva/konsultation/index.html");
	assert_int_equal(count(html, "href=\"/dialoger/a/\""), 1);
	assert_int_equal(count(html, "href=\"/dialoger/b/\""), 0);
	html = page("status/planerad/index.html");
	assert_non_null(strstr(html, "<span class=\"count\">(0 dialoger)</span>"));
	html = page("dialoger/b/index.html");
	assert_non_null(strstr(html, "<li><a href=\"/dialoger/b/rapport.pdf\">Rapporten</a> (PDF, 17 "
				     "B)</li>"));
	/* The free page, current in the menu. */
	html = page("om/index.html");
	assert_non_null(strstr(html, "<h1>Om dialogerna</h1>"));
	assert_non_null(strstr(html, "<a href=\"/om/\" aria-current=\"page\">Om dialogerna</a>"));
	assert_non_null(strstr(html, "<p>Så arbetar vi.</p>"));
	/* The original links every version, itself included, by absolute
	 * address, and names itself the default. */
	html = page("dialoger/a/index.html");
	assert_non_null(strstr(html, "<link rel=\"alternate\" hreflang=\"sv\" "
				     "href=\"https://dialog.example.se/dialoger/a/\">\n"
				     "<link rel=\"alternate\" hreflang=\"x-default\" "
				     "href=\"https://dialog.example.se/dialoger/a/\">\n"
				     "<link rel=\"alternate\" hreflang=\"en\" "
				     "href=\"https://dialog.example.se/en/dialoger/a/\">"));
}

static void test_drafts_not_written(void **state)
{
	char **files;
	size_t n, i;

	(void)state;
	build_into(fx.out);
	assert_false(fixture_exists(fx.out, "dialoger/c"));
	assert_false(fixture_exists(fx.out, "dialoger/d"));
	files = fixture_list_files(fx.out, &n);
	for (i = 0; i < n; i++) {
		const char *html;
		if (!is_html(files[i]))
			continue;
		html = page(files[i]);
		if (strstr(html, "/dialoger/c/") || strstr(html, "Hemligt utkast") ||
		    strstr(html, "/dialoger/d/") || strstr(html, "Utkastpaket"))
			fail_msg("%s mentions a draft", files[i]);
	}
}

static void test_reproducible(void **state)
{
	char **a, **b;
	size_t na, nb, i;

	(void)state;
	build_into(fx.out);
	build_into(fx.out2);
	a = fixture_list_files(fx.out, &na);
	b = fixture_list_files(fx.out2, &nb);
	assert_int_equal(na, nb);
	assert_true(na > 20);
	for (i = 0; i < na; i++) {
		size_t sx = 0, sy = 0;
		const char *x, *y;
		assert_string_equal(a[i], b[i]);
		x = fixture_read_file(fx.out, a[i], &sx);
		y = fixture_read_file(fx.out2, b[i], &sy);
		assert_non_null(x);
		assert_non_null(y);
		if (sx != sy || memcmp(x, y, sx) != 0)
			fail_msg("%s differs between two builds", a[i]);
	}
	/* Rebuilding into the same folder gives the same files again. */
	build_into(fx.out);
	a = fixture_list_files(fx.out, &na);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		size_t sx = 0, sy = 0;
		const char *x, *y;
		assert_string_equal(a[i], b[i]);
		x = fixture_read_file(fx.out, a[i], &sx);
		y = fixture_read_file(fx.out2, a[i], &sy);
		assert_non_null(x);
		assert_non_null(y);
		if (sx != sy || memcmp(x, y, sx) != 0)
			fail_msg("%s differs after a rebuild", a[i]);
	}
}

/* Pages are rendered on two threads, in parts taken in whatever order the
 * threads get to them; the parts' diagnostics (and sitemap entries) must
 * still come out in the order one thread would write the pages. A layout
 * whose partial is named by the page's address makes every page report
 * one error naming its address, so the messages spell out that order. */
static void test_parallel_order(void **state)
{
	static const char *const expected[] = {
		"/",
		"/dialoger/a/", "/dialoger/b/", "/en/dialoger/a/",
		"/dialoger/", "/dialoger/sida/2/",
		"/status/planerad/", "/status/pagaende/", "/status/avslutad/", "/status/pausad/",
		"/status/installd/",
		"/niva/information/", "/niva/konsultation/", "/niva/dialog/", "/niva/inflytande/",
		"/niva/medbeslutande/",
		"/namnd/stadsbyggnadsnamnden/", "/namnd/stadsbyggnadsnamnden/sida/2/", "/namnd/",
		"/omrade/", "/tema/", "/malgrupp/", "/metod/",
		"/ar/2026/", "/ar/2026/sida/2/", "/ar/", "/typ/medborgardialog/",
		"/typ/medborgardialog/sida/2/", "/typ/", "/urval/",
		"/om/", "/oppna-data/", "/delaktighetstrappan/", "/planering/", "/statistik/",
		"/atgarder/", "/aterkoppling/", "/tillganglighet/", "/sok/",
	};
	size_t n = sizeof(expected) / sizeof(expected[0]);
	int round;

	(void)state;
	put("themes/default/templates/layout.mustache", "{{>*url}}\n");
	for (round = 0; round < 8; round++) {
		size_t i, k = 0;
		assert_int_equal(build_diags(fx.out), -1);
		for (i = 0; i < fx.d.len; i++) {
			const char *msg = fx.d.items[i].message;
			buf want = BUF_INIT;
			if (!strstr(msg, "partial \"/"))
				continue; /* not a page's */
			if (k >= n)
				fail_msg("unexpected page error: %s", msg);
			buf_printf(&want, "partial \"%s\" not found", expected[k]);
			if (strcmp(msg, want.ptr) != 0) {
				buf_free(&want);
				fail_msg("round %d, page %zu: got '%s', expected '%s'", round, k, msg,
					 expected[k]);
			}
			buf_free(&want);
			k++;
		}
		assert_int_equal(k, n);
	}
}

/* With enough dialogues for every kind of page to be cut into several
 * parts: every page counted once, every page in the sitemap, and the same
 * bytes from two builds. */
static void test_parallel_many_dialogues(void **state)
{
	char **a, **b;
	size_t na, nb, i, html = 0, index_pages = 0;
	const char *sitemap;
	int k;

	(void)state;
	for (k = 0; k < 150; k++) {
		buf rel = BUF_INIT, fields = BUF_INIT;
		buf_printf(&rel, "content/dialoger/extra-%03d.md", k);
		buf_printf(&fields, "level: %s\nstart: %d-0%d-1%d\nareas: [ Omr%d ]\n",
			   k % 2 ? "dialog" : "information", 2020 + k % 7, 1 + k % 9, k % 10, k % 13);
		put_dialogue(rel.ptr, "Extra", fields.ptr, "Text.\n");
		buf_free(&rel);
		buf_free(&fields);
	}
	build_into(fx.out);
	build_into(fx.out2);
	a = fixture_list_files(fx.out, &na);
	b = fixture_list_files(fx.out2, &nb);
	assert_int_equal(na, nb);
	sitemap = fixture_read_file(fx.out, "sitemap.xml", NULL);
	assert_non_null(sitemap);
	for (i = 0; i < na; i++) {
		size_t sx = 0, sy = 0, len = strlen(a[i]);
		const char *x = fixture_read_file(fx.out, a[i], &sx);
		const char *y = fixture_read_file(fx.out2, b[i], &sy);
		assert_string_equal(a[i], b[i]);
		if (!x || !y || sx != sy || memcmp(x, y, sx) != 0)
			fail_msg("%s differs between two builds", a[i]);
		html += is_html(a[i]);
		if (len >= 10 && !strcmp(a[i] + len - 10, "index.html")) {
			buf loc = BUF_INIT;
			index_pages++;
			buf_printf(&loc, "<loc>https://dialog.example.se/%.*s</loc>", (int)(len - 10), a[i]);
			if (!strstr(sitemap, loc.ptr)) {
				buf_free(&loc);
				fail_msg("%s is not in the sitemap", a[i]);
			}
			buf_free(&loc);
		}
	}
	assert_true(index_pages > 400);
	assert_int_equal(fx.stats.pages, html);
	assert_int_equal(count(sitemap, "<loc>"), index_pages);
	/* 152 pages of one dialogue each: page 75 links the first and last,
	 * 73-77 around it, and shows a gap on each side, not 152 links. */
	{
		const char *p = page("dialoger/sida/75/index.html");
		const char *nav = strstr(p, "<nav class=\"pagination\"");
		assert_non_null(nav);
		assert_int_equal(count(nav, "<span class=\"visually-hidden\">Sida </span>"), 7);
		assert_int_equal(count(nav, "<li class=\"gap\">"), 2);
		assert_non_null(strstr(nav, "<a href=\"/dialoger/\"><span"));
		assert_non_null(strstr(nav, "<a href=\"/dialoger/sida/152/\"><span"));
		assert_non_null(strstr(nav, "<a href=\"/dialoger/sida/73/\"><span"));
		assert_non_null(strstr(nav, "<a href=\"/dialoger/sida/77/\"><span"));
		assert_null(strstr(nav, "/dialoger/sida/72/\"><span"));
		assert_non_null(strstr(nav, "<a href=\"/dialoger/sida/75/\" aria-current=\"page\">"));
		/* The first page: 1-3, a gap, the last. */
		nav = strstr(page("dialoger/index.html"), "<nav class=\"pagination\"");
		assert_int_equal(count(nav, "<span class=\"visually-hidden\">Sida </span>"), 4);
		assert_int_equal(count(nav, "<li class=\"gap\">"), 1);
	}
}

static void unlink_site_file(const char *rel)
{
	buf p = BUF_INIT;

	buf_printf(&p, "%s/%s", fx.site, rel);
	assert_int_equal(unlink(p.ptr), 0);
	buf_free(&p);
}

/* base_url with a path: every link starts with it, files stay at the root
 * of the output folder. */
static void test_base_url_path(void **state)
{
	const char *html;
	char **files;
	size_t n, i;

	(void)state;
	put("content/site.yaml", "title: Dialoger i Testkommun\n"
				 "municipality: Testkommun\n"
				 "base_url: https://www.example.se/dialog/\n"
				 "committees:\n"
				 "  SBN: Stadsbyggnadsnämnden\n");
	build_into(fx.out);
	assert_true(fixture_exists(fx.out, "dialoger/a/index.html"));
	assert_false(fixture_exists(fx.out, "dialog"));
	html = page("index.html");
	assert_non_null(strstr(html, "<a href=\"/dialog/dialoger/a/\">"));
	assert_non_null(strstr(html, "<p class=\"site-name\"><a href=\"/dialog/\">"));
	assert_null(strstr(html, "href=\"/dialoger/"));
	files = fixture_list_files(fx.out, &n);
	for (i = 0; i < n; i++) {
		if (!strncmp(files[i], "assets/style.", 13)) {
			buf b = BUF_INIT;
			buf_printf(&b, "<link rel=\"stylesheet\" href=\"/dialog/%s\">", files[i]);
			if (!strstr(html, b.ptr)) {
				buf_free(&b);
				fail_msg("the stylesheet link lacks the base path");
			}
			buf_free(&b);
		}
	}
	html = page("dialoger/b/index.html");
	assert_non_null(strstr(html, "<a href=\"/dialog/dialoger/b/rapport.pdf\">"));
}

/* On an English site, a Swedish translation is a Swedish page: its interface
 * texts come from the Swedish strings, not the site's English ones. */
static void test_swedish_translation_on_english_site(void **state)
{
	const char *html;

	(void)state;
	put("content/site.yaml", "title: Dialogues in Testtown\n"
				 "municipality: Testtown\n"
				 "base_url: https://dialog.example.se/\n"
				 "language: en\n"
				 "committees:\n"
				 "  SBN: Planning committee\n");
	unlink_site_file("content/dialoger/a.en.md");
	put("content/dialoger/a.sv.md", "---\ntitle: Möte på svenska\nsummary: På svenska.\n---\n"
					"Svensk text.\n");
	build_into(fx.out);
	html = page("dialoger/a/index.html");
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "How much you can influence"));
	html = page("sv/dialoger/a/index.html");
	assert_non_null(strstr(html, "<html lang=\"sv\">"));
	assert_non_null(strstr(html, "<h1>Möte på svenska</h1>"));
	assert_non_null(strstr(html, "Hur mycket kan du påverka"));
	assert_null(strstr(html, "How much you can influence"));
}

/* Facet values looked up in a table that grows many times over: every
 * value once, its dialogues counted once, the lists in slug order whatever
 * order the values came in; and a dialogue without a start date counted
 * under its own value in the years. */
static void test_facets_many_values(void **state)
{
	const char *idx, *stats, *prev = NULL;
	int k, v;

	(void)state;
	for (k = 0; k < 20; k++) {
		buf rel = BUF_INIT, fields = BUF_INIT;
		buf_printf(&rel, "content/dialoger/many-%d.md", k);
		buf_puts(&fields, "level: dialog\nstart: 2025-03-01\nareas: [ ");
		/* 15 values each (the limit is 20 a field), backwards; every dialogue also names Gemensam, twice. */
		for (v = 14; v >= 0; v--)
			buf_printf(&fields, "Omr %03d, ", k * 15 + v);
		buf_puts(&fields, "Gemensam, Gemensam ]\n");
		put_dialogue(rel.ptr, "Många", fields.ptr, "Text.\n");
		buf_free(&rel);
		buf_free(&fields);
	}
	put_dialogue("content/dialoger/odaterad.md", "Utan datum", "level: information\n", "Text.\n");
	build_into(fx.out);
	idx = page("omrade/index.html");
	for (v = 0; v < 300; v++) {
		buf needle = BUF_INIT, rel = BUF_INIT;
		const char *at;
		buf_printf(&needle, "<a href=\"/omrade/omr-%03d/\">Omr %03d</a> (1)", v, v);
		at = strstr(idx, needle.ptr);
		if (!at)
			fail_msg("omrade/index.html lacks %s", needle.ptr);
		if (prev && at < prev)
			fail_msg("Omr %03d is listed before Omr %03d", v, v - 1);
		prev = at;
		buf_printf(&rel, "omrade/omr-%03d/index.html", v);
		assert_true(fixture_exists(fx.out, rel.ptr));
		buf_free(&needle);
		buf_free(&rel);
	}
	assert_non_null(strstr(idx, "<a href=\"/omrade/gemensam/\">Gemensam</a> (20)"));
	assert_true(strstr(idx, "/omrade/gemensam/") < strstr(idx, "/omrade/omr-000/"));
	/* The years add up: a row and a list for the dialogue without a start. */
	stats = page("statistik/index.html");
	assert_non_null(strstr(stats, "<a href=\"/ar/utan-startdatum/\">Utan startdatum</a></th><td>1 "));
	assert_non_null(strstr(page("ar/utan-startdatum/index.html"), "Utan datum"));
	idx = page("ar/index.html");
	assert_non_null(strstr(idx, "/ar/2026/"));
	assert_true(strstr(idx, "/ar/2025/") < strstr(idx, "/ar/2026/"));
	assert_true(strstr(idx, "/ar/2026/") < strstr(idx, "/ar/utan-startdatum/"));
}

/* A list page's key hashes each card it shows by the card's own hash
 * (site.c card_hashes): a change in one dialogue's card makes every list
 * that shows it again, and only those. */
static void test_update_remakes_lists_of_a_changed_card(void **state)
{
	struct stat before, after;
	buf kept = BUF_INIT;

	(void)state;
	fx.update = 1;
	build_into(fx.out);
	buf_printf(&kept, "%s/niva/konsultation/index.html", fx.out); /* lists a only */
	assert_int_equal(stat(kept.ptr, &before), 0);
	put_dialogue("content/dialoger/b/index.md", "Bibliotek och läsesal",
		     "level: dialog\nstart: 2026-01-10\nend: 2026-06-01\n"
		     "documents: [ { title: Rapporten, file: rapport.pdf } ]\n"
		     "feedback_delay: { reason: Nämnden sköt upp beslutet., new_date: 2026-12-15 }\n",
		     "Om biblioteket.\n");
	build_into(fx.out);
	assert_true(fx.was_update);
	assert_int_equal(stat(kept.ptr, &after), 0);
	buf_free(&kept);
	/* The update did keep pages: the lists below were made by their keys. */
	assert_int_equal(before.st_ino, after.st_ino);
	assert_non_null(strstr(page("niva/dialog/index.html"), "Bibliotek och läsesal"));
	build_into(fx.out2); /* a full build: out2 has no manifest yet */
	assert_false(fx.was_update);
	fixture_assert_same_tree(fx.out, fx.out2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_files_written),
		T(test_pages_link_the_stylesheet),
		T(test_pagination),
		T(test_title_escaped),
		T(test_raw_html_dropped),
		T(test_ladder_marks_one_step),
		T(test_overdue_feedback_shown),
		T(test_lists_and_documents),
		T(test_drafts_not_written),
		T(test_reproducible),
		T(test_parallel_order),
		T(test_parallel_many_dialogues),
		T(test_facets_many_values),
		T(test_base_url_path),
		T(test_swedish_translation_on_english_site),
		T(test_update_remakes_lists_of_a_changed_card),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

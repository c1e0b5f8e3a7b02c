/* Unit tests for export: the escapers, folding and time zone arithmetic
 * (static in export.c, so the file is included here whole; the test binary
 * then never needs the library's copy), and the open formats of a small
 * site exported into a temporary folder.
 *
 * The site, today = 2026-11-22, base_url https://dialog.example.se/:
 *   a.md     ongoing 2026-10-01 – 2026-12-31, konsultation, SBN, two meetings
 *            (one with ; and , in its title, one online); git times given
 *            two hostile points of you_said (formula, quotes, a newline)
 *   a.en.md  its English translation
 *   b.md     finished 2026-01-10 – 2026-06-01, dialog, KFN, title "=1+2",
 *            Resultat and Återkoppling sections, feedback_date 2026-08-01;
 *            one hostile action; no git times (front-matter fallbacks)
 *   c.md     draft: true */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.c"

#include "fixture.h"

#include "history.h"
#include "source.h"

#define TODAY "2026-11-22"

typedef struct fixture {
	char tmp[64];
	char site[128];
	char out[128];
	char out2[128];
	model_site m;
	source *src;
	diag_list d;
	history_file hist_a; /* what git knows about a.md */
	history_change hist_a_changes[2];
	facts f;
} fixture;

static fixture fx;

/* ---- escapers ---------------------------------------------------------------------- */

/* Runs an escaper on s[0..len) and compares. */
#define EXPECT_ESC(call_with_b, expected)                                                  \
	do {                                                                               \
		buf b = BUF_INIT;                                                          \
		call_with_b;                                                               \
		assert_int_equal(b.size, sizeof(expected) - 1);                            \
		assert_memory_equal(b.ptr, expected, sizeof(expected) - 1);                \
		buf_free(&b);                                                              \
	} while (0)

static void test_html_to_text(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	markdown_html_to_text(&b, "<p>Det kom <strong>12</strong> svar &amp; &lt;3 &#228;&#xE5;.</p>\n"
			      "<ul>\n<li>Ett</li>\n<li>Två</li>\n</ul>\n<p>a&b &bogus; &#1114112;</p>", 131);
	assert_string_equal(b.ptr, "Det kom 12 svar & <3 äå. Ett Två a&b &bogus; \xEF\xBF\xBD");
	buf_clear(&b);
	buf_puts(&b, "ett två tre fyra");
	shorten(&b, 0, 9);
	assert_string_equal(b.ptr, "ett två…");
	buf_clear(&b);
	buf_puts(&b, "ettlångtord");
	shorten(&b, 0, 3);
	assert_string_equal(b.ptr, "ett…");
	buf_clear(&b);
	buf_puts(&b, "kort");
	shorten(&b, 0, 4);
	assert_string_equal(b.ptr, "kort");
	buf_free(&b);
}

static long long utc(int y, int mo, int d, int h, int mi)
{
	return (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static void test_time_zones(void **state)
{
	const date_zone *sthlm = date_zone_find("Europe/Stockholm");
	const date_zone *hki = date_zone_find("Europe/Helsinki");
	buf b = BUF_INIT;

	(void)state;
	assert_non_null(sthlm);
	assert_null(date_zone_find("America/New_York"));
	assert_null(date_zone_find(NULL));
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 3, 29, 1, 0) - 1), 60);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 3, 29, 1, 0)), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 10, 25, 1, 0) - 1), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 10, 25, 1, 0)), 60);
	assert_int_equal(date_zone_offset(sthlm, utc(2027, 3, 28, 1, 0) - 1), 60);
	assert_int_equal(date_zone_offset(sthlm, utc(2027, 3, 28, 1, 0)), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2017, 10, 29, 1, 0) - 1), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2017, 10, 29, 1, 0)), 60);
	/* Summer and winter. */
	assert_true(date_local_to_unix(sthlm, date_from_ymd(2026, 10, 20), 18 * 60) == utc(2026, 10, 20, 16, 0));
	assert_true(date_local_to_unix(sthlm, date_from_ymd(2026, 2, 24), 16 * 60) == utc(2026, 2, 24, 15, 0));
	assert_true(date_local_to_unix(hki, date_from_ymd(2026, 7, 1), 12 * 60) == utc(2026, 7, 1, 9, 0));
	assert_true(date_local_to_unix(NULL, date_from_ymd(2026, 7, 1), 12 * 60) == utc(2026, 7, 1, 12, 0));
	/* The switches themselves: 02:00 -> 03:00 in March, 03:00 -> 02:00 in October. */
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 3, 29, 0, 59)), 60);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 3, 29, 1, 0)), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 10, 25, 0, 59)), 120);
	assert_int_equal(date_zone_offset(sthlm, utc(2026, 10, 25, 1, 0)), 60);
	/* 02:30 does not exist in March (read as standard time); in October it
	 * happens twice (the first, summer time, is taken). */
	assert_true(date_local_to_unix(sthlm, date_from_ymd(2026, 3, 29), 150) == utc(2026, 3, 29, 1, 30));
	assert_true(date_local_to_unix(sthlm, date_from_ymd(2026, 10, 25), 150) == utc(2026, 10, 25, 0, 30));
	/* Late evening UTC is already tomorrow in Stockholm. */
	assert_int_equal(date_unix_to_day(sthlm, utc(2026, 11, 21, 23, 30)), date_from_ymd(2026, 11, 22));
	assert_int_equal(date_unix_to_day(NULL, utc(2026, 11, 21, 23, 30)), date_from_ymd(2026, 11, 21));
	fmt_rfc3339(&b, 0);
	assert_string_equal(b.ptr, "1970-01-01T00:00:00Z");
	buf_clear(&b);
	fmt_rfc3339(&b, utc(2026, 11, 22, 8, 5) + 9);
	assert_string_equal(b.ptr, "2026-11-22T08:05:09Z");
	buf_clear(&b);
	fmt_ical_utc(&b, utc(2026, 11, 22, 8, 5));
	assert_string_equal(b.ptr, "20261122T080500Z");
	buf_clear(&b);
	fmt_offset(&b, 120, 1);
	fmt_offset(&b, -330, 0);
	assert_string_equal(b.ptr, "+02:00-0530");
	buf_free(&b);
}

/* ---- a small site -------------------------------------------------------------------- */

static void put(const char *rel, const char *text)
{
	fixture_write_file(fx.site, rel, text);
}

static const char *file(const char *rel)
{
	const char *s = fixture_read_file(fx.out, rel, NULL);

	if (!s)
		fail_msg("%s was not written", rel);
	return s;
}

static const char *const HEAD = "summary: En sammanfattning.\n"
				"level_reason: Skäl.\n"
				"influence: Utformningen.\n"
				"purpose: Underlag.\n"
				"contact: { name: Anna Andersson, email: anna@example.se }\n";

static void put_dialogue(const char *rel, const char *title, const char *fields, const char *body)
{
	buf t = BUF_INIT;

	buf_printf(&t, "---\ntitle: \"%s\"\n%s%s---\n%s", title, HEAD, fields, body);
	put(rel, t.ptr);
	buf_free(&t);
}

/* b.md but its title. */
static const char *const B_FIELDS =
	"responsible: KFN\nadministration: \"@förvaltningen\"\n"
	"level: dialog\nstart: 2026-01-10\nend: 2026-06-01\n"
	"feedback_date: 2026-08-01\nparticipants: 12\n"
	"case_numbers: [ \"KFN 2026/1\", \"-7\" ]\n"
	"kind: samråd\npoliticians: [ \"Eva Ek (S)\", \"Bo Ek (M)\" ]\nchildren: { heard: false }\n"
	"evaluation: { date: 2026-09-01, summary: Bra. }\n"
	"actions:\n  - { title: \"Ny skylt, \\\"stor\\\"\", status: klar, done: 2026-08-15, "
	"progress: 100, note: \"=HYPERLINK(\\\"x\\\")\" }\n";
static const char *const B_BODY = "Om biblioteket.\n\n## Resultat\n\nDet kom 12 svar.\n\n"
				  "## Återkoppling\n\nVi har *lyssnat*.\n";

static void write_site(const char *zone)
{
	buf yaml = BUF_INIT;

	buf_printf(&yaml, "title: Dialoger i Testkommun\n"
			  "municipality: Testkommun\n"
			  "base_url: https://dialog.example.se/\n"
			  "timezone: %s\n"
			  "committees:\n"
			  "  SBN: Stadsbyggnadsnämnden\n"
			  "  KFN: Kultur- och fritidsnämnden\n"
			  "open_data: { license: CC0-1.0 }\n",
		   zone);
	put("content/site.yaml", yaml.ptr);
	buf_free(&yaml);
	put_dialogue("content/dialoger/a.md", "Möte & <samtal>",
		     "responsible: SBN\n"
		     "level: konsultation\nstart: 2026-10-01\nend: 2026-12-31\n"
		     "areas: [ Centrum, Norr ]\n"
		     "meetings:\n"
		     "  - { title: \"Öppet hus; kväll, med fika\", start: \"2026-10-20T18:00\", "
		     "end: \"2026-10-20T20:00\", place: \"Biblioteket, hörsalen\" }\n"
		     "  - { title: Digitalt möte, start: \"2026-11-12T18:30\", "
		     "url: \"https://example.se/mote\" }\n"
		     "  - { title: Promenad, start: \"2026-12-05T10:00\", end: \"2026-12-05T12:00\", "
		     "state: inställt, note: \"Halt ute; vi tar den i vår.\" }\n"
		     "updates:\n  - { date: 2026-09-15, text: \"Enkäten är öppen.\" }\n"
		     "you_said:\n"
		     "  - said: \"=SUM(A1:A9)\"\n    count: 3\n    outcome: delvis\n"
		     "    response: \"Vi sa \\\"nej\\\",\\nsedan ja.\"\n"
		     "  - { said: \"+1 fler bänkar\", outcome: genomförs inte, response: \"@kommunen\" }\n",
		     "Om dialogen.\n");
	put("content/dialoger/a.en.md", "---\ntitle: Meeting & greeting\nsummary: In English.\n---\n"
					"English text.\n");
	put_dialogue("content/dialoger/b.md", "=1+2", B_FIELDS, B_BODY);
	put_dialogue("content/dialoger/c.md", "Hemligt utkast",
		     "responsible: SBN\nlevel: information\ndraft: true\n", "Inte klart.\n");
}

static void load_site(void)
{
	model_options opts = { "content", TODAY, NULL, 0 };

	memset(&fx.m, 0, sizeof(fx.m));
	assert_int_equal(source_open_worktree(&fx.src, &fx.d, fx.site), 0);
	assert_int_equal(model_load(&fx.m, &fx.d, fx.src, &opts), 0);
	if (fx.d.errors) {
		diag_print(&fx.d, stderr);
		fail_msg("the test site has errors");
	}
	/* git knows a.md (the original only); nothing else. */
	for (size_t i = 0; i < fx.m.n_dialogues; i++)
		if (!strcmp(fx.m.dialogues[i].slug, "a") && !fx.m.dialogues[i].is_translation)
			fx.m.dialogues[i].history = &fx.hist_a;
	facts_free(&fx.f);
	assert_int_equal(facts_init(&fx.f, &fx.m, NULL, NULL), 0);
}

static int setup_tz(const char *zone)
{
	memset(&fx, 0, sizeof(fx));
	diag_set_language(DIAG_LANG_EN);
	if (fixture_mkdtemp(fx.tmp, sizeof(fx.tmp), "export") != 0)
		return -1;
	snprintf(fx.site, sizeof(fx.site), "%s/site", fx.tmp);
	snprintf(fx.out, sizeof(fx.out), "%s/out", fx.tmp);
	snprintf(fx.out2, sizeof(fx.out2), "%s/out2", fx.tmp);
	if (mkdir(fx.site, 0755) != 0)
		return -1;
	write_site(zone);
	/* a.md's history: added 2026-09-01 08:00 UTC, last changed 2026-10-05 12:00 UTC. */
	fx.hist_a.path = "content/dialoger/a.md";
	fx.hist_a.published = utc(2026, 9, 1, 8, 0);
	fx.hist_a.updated = utc(2026, 10, 5, 12, 0);
	/* The last change has a public note; the subjects are not kept at all. */
	fx.hist_a_changes[0] = (history_change){ utc(2026, 10, 5, 12, 0), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
						 "Kartan är stängd.", "content/dialoger/a.md", 0 };
	fx.hist_a_changes[1] = (history_change){ utc(2026, 9, 1, 8, 0), "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "",
						 "content/dialoger/a.md", 1 };
	fx.hist_a.changes = fx.hist_a_changes;
	fx.hist_a.n_changes = 2;
	load_site();
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return setup_tz("Europe/Stockholm");
}

static int setup_unknown_zone(void **state)
{
	(void)state;
	return setup_tz("America/New_York");
}

static int teardown(void **state)
{
	(void)state;
	facts_free(&fx.f);
	model_free(&fx.m);
	source_free(fx.src);
	fixture_free_kept();
	diag_list_free(&fx.d);
	return output_remove_tree(fx.tmp);
}

static void export_into(const char *dir)
{
	output *o = NULL;

	assert_int_equal(output_begin(&o, &fx.d, dir), 0);
	if (export_write_all(o, &fx.d, &fx.f, NULL, NULL, 0) != 0) {
		output_abort(o);
		diag_print(&fx.d, stderr);
		fail_msg("export failed");
	}
	assert_int_equal(output_commit(o), 0);
	assert_int_equal(fx.d.errors, 0);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The part of s from the line starting with `from` up to and including the
 * next line starting with `to`. */
static const char *section(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from), *b;
	buf r = BUF_INIT;

	if (!a)
		fail_msg("\"%s\" not found", from);
	b = strstr(a, to);
	if (!b)
		fail_msg("\"%s\" not found after \"%s\"", to, from);
	b += strlen(to);
	buf_put(&r, a, (size_t)(b - a));
	return fixture_keep(buf_detach(&r));
}

static void test_files_written(void **state)
{
	static const char *const expected[] = {
		OUTPUT_MARKER,
		"data/actions.csv",
		"data/dialoger.csv",
		"data/dialoger.json",
		"data/katalog.rdf",
		"data/schema.json",
		"data/you_said.csv",
		"dialoger/a/feed.xml",
		"dialoger/a/kalender.ics",
		"dialoger/b/feed.xml",
		"dialoger/b/kalender.ics",
		"en/dialoger/a/feed.xml",
		"en/dialoger/a/kalender.ics",
		"feed.xml",
		"kalender.ics",
		"namnd/kultur-och-fritidsnamnden/feed.xml",
		"namnd/stadsbyggnadsnamnden/feed.xml",
		"omrade/centrum/feed.xml",
		"omrade/centrum/kalender.ics",
		"omrade/norr/feed.xml",
		"omrade/norr/kalender.ics",
	};
	char **files;
	size_t n, i;

	(void)state;
	export_into(fx.out);
	files = fixture_list_files(fx.out, &n);
	assert_int_equal(n, sizeof(expected) / sizeof(expected[0]));
	for (i = 0; i < n; i++)
		assert_string_equal(files[i], expected[i]);
	/* The paths the pages link. */
	assert_string_equal(fx.f.dialogues[0].calendar_path, "dialoger/a/kalender.ics");
	assert_string_equal(facts_of(&fx.f, model_find_dialogue(&fx.m, "b"))->committee_feed_path,
			    "namnd/kultur-och-fritidsnamnden/feed.xml");
	/* The draft is nowhere. */
	assert_null(strstr(file("data/dialoger.json"), "Hemligt"));
	assert_null(strstr(file("feed.xml"), "Hemligt"));
	assert_null(strstr(file("kalender.ics"), "Hemligt"));
}

static void test_feed(void **state)
{
	const char *feed;

	(void)state;
	export_into(fx.out);
	feed = file("feed.xml");
	/* The head: updated is the newest entry's. */
	assert_non_null(strstr(feed, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				     "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n"
				     "  <id>https://dialog.example.se/feed.xml</id>\n"
				     "  <title type=\"text\">Dialoger i Testkommun</title>\n"
				     "  <updated>2026-10-05T12:00:00Z</updated>\n"
				     "  <link rel=\"self\" type=\"application/atom+xml\" "
				     "href=\"https://dialog.example.se/feed.xml\"/>\n"
				     "  <link rel=\"alternate\" type=\"text/html\" "
				     "href=\"https://dialog.example.se/\"/>\n"
				     "  <author>\n    <name>Testkommun</name>\n"
				     "    <uri>https://dialog.example.se/</uri>\n  </author>\n"
				     "  <generator>Trappa</generator>\n  <entry>\n"));
	/* a: git's first commit is published; updated is its last commit, later
	 * than the start (local midnight 2026-10-01 = 2026-09-30T22:00Z). */
	assert_string_equal(
		section(feed, "  <entry>\n    <id>https://dialog.example.se/dialoger/a/</id>",
			"  </entry>\n"),
		"  <entry>\n"
		"    <id>https://dialog.example.se/dialoger/a/</id>\n"
		"    <title type=\"text\">Möte &amp; &lt;samtal&gt;</title>\n"
		"    <published>2026-09-01T08:00:00Z</published>\n"
		"    <updated>2026-10-05T12:00:00Z</updated>\n"
		"    <link rel=\"alternate\" type=\"text/html\" href=\"https://dialog.example.se/dialoger/a/\"/>\n"
		"    <author>\n      <name>Testkommun</name>\n    </author>\n"
		"    <category scheme=\"https://dialog.example.se/statistik/#per-status\" term=\"pagaende\" label=\"Pågående\"/>\n"
		"    <category scheme=\"https://dialog.example.se/delaktighetstrappan/\" term=\"konsultation\" label=\"Konsultation\"/>\n"
		"    <summary type=\"text\">Status: Pågående, 1 oktober 2026 – 31 december 2026. "
		"Steg: Konsultation. En sammanfattning.</summary>\n"
		"  </entry>\n");
	/* b without git: the feedback entry at feedback_date's local midnight,
	 * its summary the section's text. */
	assert_string_equal(
		section(feed, "  <entry>\n    <id>https://dialog.example.se/dialoger/b/#aterkoppling</id>",
			"  </entry>\n"),
		"  <entry>\n"
		"    <id>https://dialog.example.se/dialoger/b/#aterkoppling</id>\n"
		"    <title type=\"text\">Återkoppling publicerad: =1+2</title>\n"
		"    <published>2026-07-31T22:00:00Z</published>\n"
		"    <updated>2026-07-31T22:00:00Z</updated>\n"
		"    <link rel=\"alternate\" type=\"text/html\" "
		"href=\"https://dialog.example.se/dialoger/b/#aterkoppling\"/>\n"
		"    <author>\n      <name>Testkommun</name>\n    </author>\n"
		"    <category scheme=\"https://dialog.example.se/statistik/#per-status\" term=\"avslutad\" label=\"Avslutad\"/>\n"
		"    <category scheme=\"https://dialog.example.se/delaktighetstrappan/\" term=\"dialog\" label=\"Dialog\"/>\n"
		"    <summary type=\"text\">Vi har lyssnat.</summary>\n"
		"  </entry>\n");
	/* Newest first, then by id: b's entry and its results share the day
	 * after the end; published is the start once it came. */
	{
		const char *pa = strstr(feed, "<id>https://dialog.example.se/dialoger/a/</id>");
		const char *pf = strstr(feed, "<id>https://dialog.example.se/dialoger/b/#aterkoppling</id>");
		const char *pb = strstr(feed, "<id>https://dialog.example.se/dialoger/b/</id>");
		const char *pr = strstr(feed, "<id>https://dialog.example.se/dialoger/b/#resultat</id>");
		assert_true(pa && pf && pb && pr);
		assert_true(pa < pf && pf < pb && pb < pr);
		assert_non_null(strstr(pb, "<published>2026-01-09T23:00:00Z</published>\n"
					   "    <updated>2026-06-01T22:00:00Z</updated>"));
		assert_non_null(strstr(pr, "<title type=\"text\">Resultat publicerade: =1+2</title>\n"
					   "    <published>2026-06-01T22:00:00Z</published>"));
		assert_non_null(strstr(pr, "<summary type=\"text\">Det kom 12 svar.</summary>"));
	}
	/* Five entries: no translation, no draft; a's cancelled meeting. */
	{
		size_t n = 0;
		const char *p = feed;
		while ((p = strstr(p, "<entry>"))) {
			n++;
			p++;
		}
		assert_int_equal(n, 5);
	}
	/* The committee's feed has only its dialogue. */
	feed = file("namnd/stadsbyggnadsnamnden/feed.xml");
	assert_non_null(strstr(feed, "<title type=\"text\">Dialoger i Testkommun: Stadsbyggnadsnämnden</title>"));
	assert_non_null(strstr(feed, "href=\"https://dialog.example.se/namnd/stadsbyggnadsnamnden/feed.xml\""));
	assert_non_null(strstr(feed, "<link rel=\"alternate\" type=\"text/html\" "
				     "href=\"https://dialog.example.se/namnd/stadsbyggnadsnamnden/\"/>"));
	assert_non_null(strstr(feed, "/dialoger/a/"));
	assert_null(strstr(feed, "/dialoger/b/"));
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

/* A feed holds the EXPORT_FEED_ENTRIES newest entries; the open data holds
 * every dialogue. */
static void test_feed_keeps_newest(void **state)
{
	const char *feed;
	buf rel = BUF_INIT, title = BUF_INIT, fields = BUF_INIT;
	int i;

	(void)state;
	model_free(&fx.m);
	source_free(fx.src);
	for (i = 1; i <= EXPORT_FEED_ENTRIES + 20; i++) {
		buf_clear(&rel);
		buf_clear(&title);
		buf_clear(&fields);
		buf_printf(&rel, "content/dialoger/n%03d.md", i);
		buf_printf(&title, "Dialog nummer %d", i);
		/* Dialogue i started on day i of 2025: the higher, the newer. */
		buf_puts(&fields, "responsible: SBN\nlevel: dialog\nstart: ");
		date_format_iso(&fields, date_from_ymd(2025, 1, 1) + i - 1);
		buf_puts(&fields, "\nend: 2026-12-31\n");
		put_dialogue(rel.ptr, title.ptr, fields.ptr, "Text.\n");
	}
	load_site();
	export_into(fx.out);
	feed = file("feed.xml");
	assert_int_equal(count(feed, "<entry>"), EXPORT_FEED_ENTRIES);
	assert_non_null(strstr(feed, "Dialog nummer 120<"));
	assert_null(strstr(feed, "Dialog nummer 1<"));
	assert_int_equal(count(file("namnd/stadsbyggnadsnamnden/feed.xml"), "<entry>"),
			 EXPORT_FEED_ENTRIES);
	assert_int_equal(count(file("data/dialoger.json"), "Dialog nummer "), EXPORT_FEED_ENTRIES + 20);
	buf_free(&rel);
	buf_free(&title);
	buf_free(&fields);
}

static void test_calendar(void **state)
{
	const char *ics;

	(void)state;
	export_into(fx.out);
	ics = file("dialoger/a/kalender.ics");
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Trappa//Trappa//SV\r\n"
				    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
				    "X-WR-CALNAME:Möte & <samtal>\r\n"
				    "X-WR-TIMEZONE:Europe/Stockholm\r\n"
				    "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"
				    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
				    "TZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
				    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
				    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
				    "TZNAME:CET\r\nDTSTART:19701025T030000\r\n"
				    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
				    "END:VTIMEZONE\r\n"));
	/* The open period: all-day, end exclusive. */
	assert_string_equal(section(ics, "BEGIN:VEVENT\r\nUID:a-period@", "END:VEVENT\r\n"),
			    "BEGIN:VEVENT\r\n"
			    "UID:a-period@dialog.example.se\r\n"
			    "DTSTAMP:20261005T120000Z\r\n"
			    "DTSTART;VALUE=DATE:20261001\r\n"
			    "DTEND;VALUE=DATE:20270101\r\n"
			    "SUMMARY:Möte & <samtal>\r\n"
			    "DESCRIPTION:En sammanfattning.\\n\\nhttps://dialog.example.se/dialoger/a/\r\n"
			    "URL:https://dialog.example.se/dialoger/a/\r\n"
			    "TRANSP:TRANSPARENT\r\n"
			    "SEQUENCE:1\r\n"
			    "END:VEVENT\r\n");
	assert_string_equal(section(ics, "BEGIN:VEVENT\r\nUID:a-meeting-1@", "END:VEVENT\r\n"),
			    "BEGIN:VEVENT\r\n"
			    "UID:a-meeting-1@dialog.example.se\r\n"
			    "DTSTAMP:20261005T120000Z\r\n"
			    "DTSTART;TZID=Europe/Stockholm:20261020T180000\r\n"
			    "DTEND;TZID=Europe/Stockholm:20261020T200000\r\n"
			    "SUMMARY:Öppet hus\\; kväll\\, med fika\r\n"
			    "LOCATION:Biblioteket\\, hörsalen\r\n"
			    "DESCRIPTION:Möte & <samtal>\\nhttps://dialog.example.se/dialoger/a/\r\n"
			    "URL:https://dialog.example.se/dialoger/a/\r\n"
			    "SEQUENCE:1\r\n"
			    "END:VEVENT\r\n");
	/* Online: the meeting's link; no end given: an hour, not a 0-minute event. */
	assert_string_equal(section(ics, "BEGIN:VEVENT\r\nUID:a-meeting-2@", "END:VEVENT\r\n"),
			    "BEGIN:VEVENT\r\n"
			    "UID:a-meeting-2@dialog.example.se\r\n"
			    "DTSTAMP:20261005T120000Z\r\n"
			    "DTSTART;TZID=Europe/Stockholm:20261112T183000\r\n"
			    "DURATION:PT1H\r\n"
			    "SUMMARY:Digitalt möte\r\n"
			    "DESCRIPTION:Möte & <samtal>\\nhttps://dialog.example.se/dialoger/a/\r\n"
			    "URL:https://example.se/mote\r\n"
			    "SEQUENCE:1\r\n"
			    "END:VEVENT\r\n");
	/* Cancelled: in words, STATUS:CANCELLED, the note first in the text;
	 * SEQUENCE from git: a.md changed in 2 commits, so 1. */
	assert_string_equal(section(ics, "BEGIN:VEVENT\r\nUID:a-meeting-3@", "END:VEVENT\r\n"),
			    "BEGIN:VEVENT\r\n"
			    "UID:a-meeting-3@dialog.example.se\r\n"
			    "DTSTAMP:20261005T120000Z\r\n"
			    "DTSTART;TZID=Europe/Stockholm:20261205T100000\r\n"
			    "DTEND;TZID=Europe/Stockholm:20261205T120000\r\n"
			    "SUMMARY:Inställt: Promenad\r\n"
			    "DESCRIPTION:Halt ute\\; vi tar den i vår.\\n\\nMöte & <samtal>\\nhttps://dial\r\n"
			    " og.example.se/dialoger/a/\r\n"
			    "URL:https://dialog.example.se/dialoger/a/\r\n"
			    "SEQUENCE:1\r\n"
			    "STATUS:CANCELLED\r\n"
			    "END:VEVENT\r\n");
	assert_true(ics[strlen(ics) - 1] == '\n' && !strcmp(ics + strlen(ics) - 15, "END:VCALENDAR\r\n"));
	/* The translation: its own texts and address, so UIDs of its own
	 * (stable: the language added to the original's). */
	ics = file("en/dialoger/a/kalender.ics");
	assert_null(strstr(ics, "UID:a-meeting-1@"));
	assert_null(strstr(ics, "UID:a-period@"));
	assert_non_null(strstr(ics, "UID:a-period.en@dialog.example.se\r\n"));
	assert_non_null(strstr(ics, "UID:a-meeting-1.en@dialog.example.se\r\n"));
	assert_non_null(strstr(ics, "UID:a-meeting-2.en@dialog.example.se\r\n"));
	assert_non_null(strstr(ics, "SUMMARY:Meeting & greeting\r\n"));
	assert_non_null(strstr(ics, "URL:https://dialog.example.se/en/dialoger/a/\r\n"));
	/* Without history (the translation's file has none here): 0, and 1
	 * once cancelled; the state in the translation's language. */
	assert_non_null(strstr(ics, "TRANSP:TRANSPARENT\r\nSEQUENCE:0\r\n"));
	assert_non_null(strstr(ics, "SUMMARY:Cancelled: Promenad\r\n"));
	assert_non_null(strstr(section(ics, "UID:a-meeting-3.en@", "END:VEVENT\r\n"),
			       "SEQUENCE:1\r\nSTATUS:CANCELLED\r\n"));
	assert_non_null(strstr(section(ics, "UID:a-meeting-2.en@", "END:VEVENT\r\n"),
			       "SEQUENCE:0\r\n"));
	/* The site's calendar: originals only, b's DTSTAMP from its dates. */
	ics = file("kalender.ics");
	assert_non_null(strstr(ics, "X-WR-CALNAME:Dialoger i Testkommun\r\n"));
	assert_non_null(strstr(ics, "UID:a-meeting-2@dialog.example.se\r\n"));
	assert_non_null(strstr(ics, "UID:b-period@dialog.example.se\r\nDTSTAMP:20260601T220000Z\r\n"
				    "DTSTART;VALUE=DATE:20260110\r\nDTEND;VALUE=DATE:20260602\r\n"
				    "SUMMARY:=1+2\r\n"));
	assert_null(strstr(ics, "Meeting & greeting"));
	{
		size_t n = 0;
		const char *p = ics;
		while ((p = strstr(p, "BEGIN:VEVENT"))) {
			n++;
			p++;
		}
		assert_int_equal(n, 5); /* a: period + 3 meetings; b: period */
	}
	/* An area's calendar: its dialogues' events (a's), not b's. */
	ics = file("omrade/centrum/kalender.ics");
	assert_non_null(strstr(ics, "X-WR-CALNAME:Dialoger i Testkommun: Område: Centrum\r\n"));
	assert_non_null(strstr(ics, "UID:a-meeting-3@dialog.example.se\r\n"));
	assert_null(strstr(ics, "UID:b-period@"));
	assert_null(strstr(ics, ".en@"));
}

/* An area's calendar leaves out dialogues that ended more than a year
 * ago (its feed keeps its newest entries as every feed does). */
static void test_facet_calendar_bounded(void **state)
{
	int today = fx.m.today;

	(void)state;
	fx.m.today = fx.m.dialogues[0].end + EXPORT_FACET_CALENDAR_DAYS; /* a ended a year ago today */
	export_into(fx.out);
	assert_non_null(strstr(file("omrade/centrum/kalender.ics"), "UID:a-period@"));
	fx.m.today++;
	export_into(fx.out2);
	fx.m.today = today;
	assert_null(strstr(fixture_read_file(fx.out2, "omrade/centrum/kalender.ics", NULL), "BEGIN:VEVENT"));
	assert_non_null(strstr(fixture_read_file(fx.out2, "kalender.ics", NULL), "UID:a-period@"));
	assert_non_null(strstr(fixture_read_file(fx.out2, "omrade/centrum/feed.xml", NULL), "/dialoger/a/"));
}

/* A cancelled meeting still to come is an entry of every feed its
 * dialogue is in, with one id everywhere. */
static void test_meeting_entries(void **state)
{
	static const char *const feeds[] = { "dialoger/a/feed.xml", "feed.xml",
					     "namnd/stadsbyggnadsnamnden/feed.xml",
					     "omrade/centrum/feed.xml", "omrade/norr/feed.xml" };
	static const char entry[] =
		"    <id>tag:dialog.example.se,2026-12-05:/dialoger/a/mote-3-installt</id>\n"
		"    <title type=\"text\">Inställt: Promenad, 5 december 2026</title>\n"
		"    <published>2026-10-05T12:00:00Z</published>\n"
		"    <updated>2026-10-05T12:00:00Z</updated>\n"
		"    <link rel=\"alternate\" type=\"text/html\" "
		"href=\"https://dialog.example.se/dialoger/a/#moten\"/>\n";
	size_t i;

	(void)state;
	export_into(fx.out);
	for (i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		const char *xml = file(feeds[i]);
		if (!strstr(xml, entry))
			fail_msg("%s lacks the cancelled meeting", feeds[i]);
		assert_non_null(strstr(xml, "<summary type=\"text\">Mötet är inställt. Halt ute; vi tar "
					    "den i vår. (Möte &amp; &lt;samtal&gt;)</summary>"));
	}
	/* b has no areas: not in an area's feed; the area's feed is named. */
	assert_null(strstr(file("omrade/centrum/feed.xml"), "/dialoger/b/"));
	assert_non_null(strstr(file("omrade/centrum/feed.xml"),
			       "<title type=\"text\">Dialoger i Testkommun: Område: Centrum</title>"));
	/* the past meetings are no news */
	assert_null(strstr(file("feed.xml"), "mote-1-"));
}

static void test_csv(void **state)
{
	const char *csv;

	(void)state;
	export_into(fx.out);
	csv = file("data/dialoger.csv");
	assert_true(strncmp(csv, "\xEF\xBB\xBF", 3) != 0); /* no BOM */
	assert_string_equal(
		csv,
		"slug,lang,url,title,summary,status,level,responsible,responsible_name,administration,"
		"start,end,areas,themes,target_groups,methods,participants,case_numbers,contact_name,"
		"contact_email,feedback_due,feedback_date,feedback_given,feedback_overdue,published,"
		"updated,status_label,contact_phone,level_reason,influence,decided,purpose,easy_read,"
		"feedback_deadline,feedback_delay_reason,feedback_delay_new_date,decision_date,"
		"decision_body,decision_ref,decision_url,related,kind,continuous,politicians,"
		"children_heard,evaluation_date\r\n"
		"a,sv,https://dialog.example.se/dialoger/a/,Möte & <samtal>,En sammanfattning.,pågående,"
		"konsultation,SBN,Stadsbyggnadsnämnden,,2026-10-01,2026-12-31,Centrum; Norr,,,,,,"
		"Anna Andersson,anna@example.se,,,false,false,2026-09-01,2026-10-05,"
		"Pågående,,Skäl.,Utformningen.,,Underlag.,,,,,,,,,"
		",medborgardialog,false,,,\r\n" /* no kind: a medborgardialog */
		/* b: finished without feedback_due: promised 90 days after the end */
		"b,sv,https://dialog.example.se/dialoger/b/,'=1+2,En sammanfattning.,avslutad,dialog,KFN,"
		"Kultur- och fritidsnämnden,'@förvaltningen,2026-01-10,2026-06-01,,,,,12,KFN 2026/1; -7,"
		"Anna Andersson,anna@example.se,,2026-08-01,true,false,,,"
		"Avslutad,,Skäl.,Utformningen.,,Underlag.,,2026-08-30,,,,,,,"
		",samråd,false,Eva Ek (S); Bo Ek (M),false,2026-09-01\r\n"
		"a,en,https://dialog.example.se/en/dialoger/a/,Meeting & greeting,In English.,pågående,"
		"konsultation,SBN,Stadsbyggnadsnämnden,,2026-10-01,2026-12-31,Centrum; Norr,,,,,,"
		"Anna Andersson,anna@example.se,,,false,false,,,"
		"Ongoing,,Skäl.,Utformningen.,,Underlag.,,,,,,,,,"
		",medborgardialog,false,,,\r\n");
}

/* data/you_said.csv and data/actions.csv: one row per item of the originals
 * (a.en.md inherits a.md's points and adds no rows), ids <slug>-<n>, and
 * hostile text through dialoger.csv's escaping: a formula guarded, quotes
 * doubled, a newline inside a quoted cell. */
static void test_item_csvs(void **state)
{
	(void)state;
	export_into(fx.out);
	assert_string_equal(file("data/you_said.csv"),
			    "id,slug,dialogue_title,committee,start_year,said,count,outcome,changed,"
			    "response\r\n"
			    "a-1,a,Möte & <samtal>,Stadsbyggnadsnämnden,2026,'=SUM(A1:A9),3,delvis,true,"
			    "\"Vi sa \"\"nej\"\",\nsedan ja.\"\r\n"
			    "a-2,a,Möte & <samtal>,Stadsbyggnadsnämnden,2026,'+1 fler bänkar,,"
			    "genomförs inte,false,'@kommunen\r\n");
	assert_string_equal(file("data/actions.csv"),
			    "id,slug,dialogue_title,committee,start_year,title,status,due,done,progress,"
			    "note\r\n"
			    "b-1,b,'=1+2,Kultur- och fritidsnämnden,2026,\"Ny skylt, \"\"stor\"\"\",klar,,"
			    "2026-08-15,100,\"'=HYPERLINK(\"\"x\"\")\"\r\n");
}

static void test_json(void **state)
{
	const char *json, *b;
	static const char *const order[] = {
		"\"title\": \"=1+2\"", "\"summary\"", "\"contact\"", "\"level\": \"dialog\"",
		"\"feedback_date\": \"2026-08-01\"", "\"participants\": 12,", "\"case_numbers\": [\n        \"KFN 2026/1\",\n        \"-7\"\n      ]",
		"\"slug\": \"b\"", "\"lang\": \"sv\"", "\"url\": \"https://dialog.example.se/dialoger/b/\"",
		"\"status\": \"avslutad\"", "\"status_label\": \"Avslutad\"", "\"published\": null",
		"\"updated\": null", "\"feedback_given\": true", "\"feedback_overdue\": false,\n",
		"\"updates\": [],\n", "\"you_said_points\": 0,\n", "\"you_said_changed\": 0,\n",
		"\"feedback_delay_passed\": false,\n", "\"concerns_children\": false\n    }",
	};
	size_t i;

	(void)state;
	export_into(fx.out);
	json = file("data/dialoger.json");
	assert_true(starts_with(json, "{\n  \"generated\": \"2026-11-22\",\n"
				   "  \"publisher\": \"Testkommun\",\n"
				   "  \"license\": \"CC0-1.0\",\n"
				   "  \"schema\": \"https://dialog.example.se/data/schema.json\",\n"
				   "  \"dialogues\": [\n    {\n      \"title\": \"Möte & <samtal>\",\n"));
	/* b: front matter in its order, the derived fields after it (status
	 * and feedback_date replaced in place when the front matter has them). */
	b = strstr(json, "\"title\": \"=1+2\"");
	assert_non_null(b);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *p = strstr(b, order[i]);
		if (!p)
			fail_msg("%s not found in b's record", order[i]);
		b = p;
	}
	assert_non_null(strstr(json, "\"published\": \"2026-09-01\",\n      \"updated\": \"2026-10-05\""));
	assert_null(strstr(json, "\"draft\""));
	/* updates: the public notes of the front matter and of the commits,
	 * newest first, in the place of the front matter's own. */
	assert_non_null(strstr(json, "\"note\": \"Halt ute; vi tar den i vår.\"\n        }\n      ],\n"
				     "      \"updates\": [\n"
				     "        {\n          \"date\": \"2026-10-05\",\n"
				     "          \"text\": \"Kartan är stängd.\"\n        },\n"
				     "        {\n          \"date\": \"2026-09-15\",\n"
				     "          \"text\": \"Enkäten är öppen.\"\n        }\n      ],\n"));
	/* The schema is the draft 2020-12 one, with its own address. */
	json = file("data/schema.json");
	assert_true(starts_with(json, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
				   "  \"$id\": \"https://dialog.example.se/data/schema.json\",\n"));
	assert_non_null(strstr(json, "\"required\": [\"title\", \"summary\", \"level\", \"responsible\", "
				     "\"contact\"]"));
}

/* export_into with a seed and the cache folder fx.tmp/cache (read when
 * `read` is set); returns how many dialogues' parts came from it. */
static size_t export_cached(const char *dir, int read)
{
	static const unsigned char seed[16] = "0123456789abcde";
	output *o = NULL;
	buf cache = BUF_INIT;
	size_t n = 99, warnings = fx.d.warnings;

	buf_printf(&cache, "%s/cache", fx.tmp);
	mkdir(cache.ptr, 0755);
	assert_int_equal(output_begin(&o, &fx.d, dir), 0);
	if (export_run(o, &fx.d, &fx.f, seed, cache.ptr, read, &n) != 0) {
		output_abort(o);
		diag_print(&fx.d, stderr);
		fail_msg("export failed");
	}
	assert_int_equal(output_commit(o), 0);
	assert_int_equal(fx.d.errors, 0);
	if (fx.d.warnings != warnings) { /* the cache file was not written */
		diag_print(&fx.d, stderr);
		fail_msg("the export warned");
	}
	buf_free(&cache);
	return n;
}

/* Damages the cache file at byte `at`. */
static void damage_cache(long at)
{
	buf path = BUF_INIT;
	FILE *f;
	int c;

	buf_printf(&path, "%s/cache/" EXPORT_CACHE_FILE, fx.tmp);
	f = fopen(path.ptr, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	c = fgetc(f);
	assert_true(c != EOF);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	assert_int_equal(fputc(c ^ 0xA5, f), c ^ 0xA5);
	assert_int_equal(fclose(f), 0);
	buf_free(&path);
}

/* The open data and the site's calendar from each dialogue's cached parts
 * (fragments): the same bytes as made from scratch, made again for a
 * changed dialogue and for a damaged entry, never read for --full or
 * under another header key. */
static void test_fragments_cache(void **state)
{
	const char *json;

	(void)state;
	export_into(fx.out);
	assert_int_equal(export_cached(fx.out2, 1), 0); /* no file yet */
	fixture_assert_same_tree(fx.out, fx.out2);
	assert_int_equal(export_cached(fx.out2, 1), 3); /* a, a.en, b */
	fixture_assert_same_tree(fx.out, fx.out2);
	assert_int_equal(export_cached(fx.out2, 0), 0); /* --full */
	fixture_assert_same_tree(fx.out, fx.out2);
	/* A damaged entry is made again; a damaged header reads nothing. The
	 * first entry's payload starts at byte 8 + 4 + 16 + 16 + 4 = 48. */
	damage_cache(60);
	assert_int_equal(export_cached(fx.out2, 1), 2);
	fixture_assert_same_tree(fx.out, fx.out2);
	damage_cache(20);
	assert_int_equal(export_cached(fx.out2, 1), 0);
	fixture_assert_same_tree(fx.out, fx.out2);
	/* Another day is another header key. */
	fx.m.today++;
	assert_int_equal(export_cached(fx.out2, 1), 0);
	fx.m.today--;
	/* b's title changes, nothing else: its record, row, items' rows and
	 * events are made again, a's and a.en's come from the file. */
	export_cached(fx.out2, 1);
	facts_free(&fx.f);
	model_free(&fx.m);
	source_free(fx.src);
	put_dialogue("content/dialoger/b.md", "Biblioteket", B_FIELDS, B_BODY);
	load_site();
	assert_int_equal(export_cached(fx.out2, 1), 2);
	export_into(fx.out);
	fixture_assert_same_tree(fx.out, fx.out2);
	json = fixture_read_file(fx.out2, "data/dialoger.json", NULL);
	assert_non_null(strstr(json, "\"title\": \"Biblioteket\""));
	assert_null(strstr(json, "=1+2"));
	assert_non_null(strstr(fixture_read_file(fx.out2, "data/dialoger.csv", NULL),
			       "\r\nb,sv,https://dialog.example.se/dialoger/b/,Biblioteket,"));
	assert_non_null(strstr(fixture_read_file(fx.out2, "data/actions.csv", NULL),
			       "b-1,b,Biblioteket,Kultur- och fritidsnämnden,2026,"));
	assert_non_null(strstr(fixture_read_file(fx.out2, "kalender.ics", NULL),
			       "\r\nSUMMARY:Biblioteket\r\n"));
}

static void test_reproducible(void **state)
{
	char **a, **b;
	size_t na, nb, i;

	(void)state;
	export_into(fx.out);
	export_into(fx.out2);
	a = fixture_list_files(fx.out, &na);
	b = fixture_list_files(fx.out2, &nb);
	assert_int_equal(na, nb);
	assert_true(na >= 10);
	for (i = 0; i < na; i++) {
		size_t sx = 0, sy = 0;
		const char *x, *y;
		assert_string_equal(a[i], b[i]);
		x = fixture_read_file(fx.out, a[i], &sx);
		y = fixture_read_file(fx.out2, b[i], &sy);
		assert_non_null(x);
		assert_non_null(y);
		if (sx != sy || memcmp(x, y, sx) != 0)
			fail_msg("%s differs between two exports", a[i]);
	}
}

static void test_event_jsonld(void **state)
{
	buf b = BUF_INIT;
	const facts_dialogue *a = facts_of(&fx.f, model_find_dialogue(&fx.m, "a"));
	const facts_dialogue *bd = facts_of(&fx.f, model_find_dialogue(&fx.m, "b"));

	(void)state;
	assert_int_equal(export_event_jsonld(&b, &fx.f, a), 0);
	assert_string_equal(
		b.ptr,
		"{\"@context\":\"https://schema.org\",\"@graph\":["
		"{\"@type\":\"Event\",\"name\":\"Öppet hus; kväll, med fika\","
		"\"startDate\":\"2026-10-20T18:00:00+02:00\",\"endDate\":\"2026-10-20T20:00:00+02:00\","
		"\"eventStatus\":\"https://schema.org/EventScheduled\","
		"\"eventAttendanceMode\":\"https://schema.org/OfflineEventAttendanceMode\","
		"\"location\":[{\"@type\":\"Place\",\"name\":\"Biblioteket, hörsalen\","
		"\"address\":\"Biblioteket, hörsalen\"}],"
		"\"description\":\"En sammanfattning.\",\"url\":\"https://dialog.example.se/dialoger/a/\","
		"\"inLanguage\":\"sv\",\"isAccessibleForFree\":true,"
		"\"organizer\":{\"@type\":\"Organization\",\"name\":\"Testkommun\","
		"\"url\":\"https://dialog.example.se/\"}},"
		"{\"@type\":\"Event\",\"name\":\"Digitalt möte\","
		"\"startDate\":\"2026-11-12T18:30:00+01:00\","
		"\"eventStatus\":\"https://schema.org/EventScheduled\","
		"\"eventAttendanceMode\":\"https://schema.org/OnlineEventAttendanceMode\","
		"\"location\":[{\"@type\":\"VirtualLocation\",\"url\":\"https://example.se/mote\"}],"
		"\"description\":\"En sammanfattning.\",\"url\":\"https://dialog.example.se/dialoger/a/\","
		"\"inLanguage\":\"sv\",\"isAccessibleForFree\":true,"
		"\"organizer\":{\"@type\":\"Organization\",\"name\":\"Testkommun\","
		"\"url\":\"https://dialog.example.se/\"}},"
		/* a cancelled meeting is said to be so */
		"{\"@type\":\"Event\",\"name\":\"Promenad\","
		"\"startDate\":\"2026-12-05T10:00:00+01:00\",\"endDate\":\"2026-12-05T12:00:00+01:00\","
		"\"eventStatus\":\"https://schema.org/EventCancelled\","
		"\"eventAttendanceMode\":\"https://schema.org/OfflineEventAttendanceMode\","
		"\"description\":\"En sammanfattning.\",\"url\":\"https://dialog.example.se/dialoger/a/\","
		"\"inLanguage\":\"sv\",\"isAccessibleForFree\":true,"
		"\"organizer\":{\"@type\":\"Organization\",\"name\":\"Testkommun\","
		"\"url\":\"https://dialog.example.se/\"}}]}");
	/* No meetings: nothing, so the page leaves the script out. */
	buf_clear(&b);
	assert_int_equal(export_event_jsonld(&b, &fx.f, bd), 0);
	assert_int_equal(b.size, 0);
	buf_free(&b);
}

/* A title that tries to end the script element stays inside it. */
static void test_event_jsonld_script_safe(void **state)
{
	model_dialogue d = fx.m.dialogues[0];
	facts_dialogue fd = fx.f.dialogues[0];
	value *fm = value_clone(d.fm);
	value *mt = value_list_at(value_map_get(fm, "meetings"), 0);
	buf b = BUF_INIT;

	(void)state;
	value_map_set_string(mt, "title", "</script><script>alert(1)</script><!--");
	value_map_set_string(mt, "description", "a & b\xE2\x80\xA8");
	d.fm = fm;
	fd.d = &d;
	assert_int_equal(export_event_jsonld(&b, &fx.f, &fd), 0);
	assert_null(strchr(b.ptr, '<'));
	assert_null(strchr(b.ptr, '>'));
	assert_null(strchr(b.ptr, '&'));
	assert_null(strstr(b.ptr, "\xE2\x80\xA8"));
	assert_non_null(strstr(b.ptr, "\"name\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"
				      "\\u003c/script\\u003e\\u003c!--\""));
	assert_non_null(strstr(b.ptr, "\"description\":\"a \\u0026 b\\u2028\""));
	buf_free(&b);
	value_free(fm);
}

static void test_sitemap(void **state)
{
	facts f = fx.f;
	const export_page pages[] = {
		{ "/dialog/b/", DATE_NONE },
		{ "/dialog/", 0 },
		{ "/dialog/a/", date_from_ymd(2026, 11, 22) },
		{ "/dialog/b/", DATE_NONE },
		{ "/dialog/å ä/?x=1&y=2", DATE_NONE },
		{ NULL, DATE_NONE },
	};
	output *o = NULL;

	(void)state;
	f.root = (char *)"/dialog/";
	assert_int_equal(output_begin(&o, &fx.d, fx.out), 0);
	assert_int_equal(export_sitemap(o, &f, pages, sizeof(pages) / sizeof(pages[0])), 0);
	assert_int_equal(output_commit(o), 0);
	assert_string_equal(file("sitemap.xml"),
			    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
			    "  <url>\n    <loc>https://dialog.example.se/dialog/</loc>\n"
			    "    <lastmod>1970-01-01</lastmod>\n  </url>\n"
			    "  <url>\n    <loc>https://dialog.example.se/dialog/a/</loc>\n"
			    "    <lastmod>2026-11-22</lastmod>\n  </url>\n"
			    "  <url>\n    <loc>https://dialog.example.se/dialog/b/</loc>\n  </url>\n"
			    "  <url>\n    <loc>https://dialog.example.se/dialog/%C3%A5%20%C3%A4/?x=1&amp;y=2</loc>\n"
			    "  </url>\n"
			    "</urlset>\n");
	assert_string_equal(file("robots.txt"), "User-agent: *\nAllow: /\n\n"
						"Sitemap: https://dialog.example.se/dialog/sitemap.xml\n");
}

static void test_sitemap_index(void **state)
{
	size_t n = SITEMAP_MAX + 1, i;
	export_page *pages = calloc(n, sizeof(export_page));
	char **paths = calloc(n, sizeof(char *));
	output *o = NULL;
	const char *s;

	(void)state;
	assert_non_null(pages);
	assert_non_null(paths);
	for (i = 0; i < n; i++) {
		buf b = BUF_INIT;
		buf_printf(&b, "/p/%06zu/", i);
		paths[i] = fixture_keep(buf_detach(&b));
		pages[i].path = paths[i];
		pages[i].lastmod = DATE_NONE;
	}
	assert_int_equal(output_begin(&o, &fx.d, fx.out), 0);
	assert_int_equal(export_sitemap(o, &fx.f, pages, n), 0);
	assert_int_equal(output_commit(o), 0);
	assert_string_equal(file("sitemap.xml"),
			    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
			    "  <sitemap>\n    <loc>https://dialog.example.se/sitemap-1.xml</loc>\n  </sitemap>\n"
			    "  <sitemap>\n    <loc>https://dialog.example.se/sitemap-2.xml</loc>\n  </sitemap>\n"
			    "</sitemapindex>\n");
	s = file("sitemap-2.xml");
	assert_non_null(strstr(s, "<loc>https://dialog.example.se/p/050000/</loc>"));
	assert_null(strstr(s, "/p/049999/"));
	assert_non_null(strstr(file("sitemap-1.xml"), "/p/049999/"));
	free(pages);
	free(paths);
}

static void test_unknown_zone(void **state)
{
	const char *ics;
	buf b = BUF_INIT;
	size_t i;
	int warned = 0;

	(void)state;
	export_into(fx.out);
	for (i = 0; i < fx.d.len; i++) {
		char *s = diag_format(&fx.d.items[i]);
		if (!strcmp(s, "content/site.yaml:4:11: warning: the time zone \"America/New_York\" is "
			       "not built in: the calendars get times without a zone"))
			warned++;
		free(s);
	}
	assert_int_equal(warned, 1);
	ics = file("dialoger/a/kalender.ics");
	assert_null(strstr(ics, "VTIMEZONE"));
	assert_null(strstr(ics, "TZID"));
	assert_non_null(strstr(ics, "\r\nDTSTART:20261020T180000\r\nDTEND:20261020T200000\r\n"));
	assert_int_equal(export_event_jsonld(&b, &fx.f, facts_of(&fx.f, model_find_dialogue(&fx.m, "a"))), 0);
	assert_non_null(strstr(b.ptr, "\"startDate\":\"2026-10-20T18:00:00\","));
	buf_free(&b);
	assert_true(fixture_exists(fx.out, "feed.xml"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_to_text),
		cmocka_unit_test(test_time_zones),
		T(test_files_written),
		T(test_feed),
		T(test_feed_keeps_newest),
		T(test_calendar),
		T(test_meeting_entries),
		T(test_facet_calendar_bounded),
		T(test_csv),
		T(test_item_csvs),
		T(test_json),
		T(test_reproducible),
		T(test_fragments_cache),
		T(test_event_jsonld),
		T(test_event_jsonld_script_safe),
		T(test_sitemap),
		T(test_sitemap_index),
		cmocka_unit_test_setup_teardown(test_unknown_zone, setup_unknown_zone, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for report: the rows of the follow-up table from `internal`
 * and the public facts, --year, the CSV and HTML, and where the report
 * may not be written (inside a published site).
 *
 * The site is made in memory, today 2026-11-22, committee TN. */
#include "fixture.h"

#include "date.h"
#include "output.h"
#include "report.h"

static model_site site;
static model_dialogue dlg[3];
static facts f;

static model_dialogue *dialogue(size_t i, const char *slug, const char *title, model_status st,
				int start, int end)
{
	model_dialogue *d = &dlg[i];

	memset(d, 0, sizeof(*d));
	d->slug = (char *)slug;
	d->lang = (char *)"sv";
	d->fm = value_new_map();
	value_map_set_string(d->fm, "title", title);
	value_map_set_string(d->fm, "responsible", "TN");
	d->status = st;
	d->start = start;
	d->end = end;
	d->feedback_due = d->feedback_date = d->feedback_deadline = DATE_NONE;
	return d;
}

static int setup(void **state)
{
	value *committees = value_new_map(), *internal = value_new_map();

	(void)state;
	memset(&site, 0, sizeof(site));
	site.config = value_new_map();
	value_map_set_string(site.config, "base_url", "https://dialog.example.se/");
	value_map_set_string(site.config, "municipality", "Sälviks kommun");
	value_map_set_string(committees, "TN", "Tekniska nämnden");
	value_map_set(site.config, "committees", committees);
	site.lang = "sv";
	site.timezone = "Europe/Stockholm";
	site.today = date_from_ymd(2026, 11, 22);
	dialogue(0, "belysning", "Tryggare belysning", MODEL_FINISHED, date_from_ymd(2026, 4, 13),
		 date_from_ymd(2026, 5, 24));
	dlg[0].feedback_due = date_from_ymd(2026, 9, 30);
	value_map_set_string(internal, "officer", "Jonas Sundqvist");
	value_map_set_string(internal, "reports_to", "Per Bergström, trafikchef");
	value_map_set_string(internal, "delivery", "2027-01-15");
	value_map_set_string(internal, "delivery_status", "röd");
	value_map_set_string(internal, "comment", "=SUMMA(A1) \"citat\" <b>");
	dlg[0].internal = internal;
	dialogue(1, "cykelplan", "Cykelplan", MODEL_ONGOING, date_from_ymd(2025, 9, 14), DATE_NONE);
	dialogue(2, "bibliotek", "Bibliotek", MODEL_PLANNED, DATE_NONE, DATE_NONE);
	dlg[2].draft = 1;
	site.dialogues = dlg;
	site.n_dialogues = site.n_originals = 3;
	return facts_init(&f, &site, NULL, NULL);
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	facts_free(&f);
	for (i = 0; i < 3; i++) {
		value_free(dlg[i].fm);
		value_free(dlg[i].internal);
	}
	value_free(site.config);
	return 0;
}

static void test_rows(void **state)
{
	report_row *rows;
	size_t n;

	(void)state;
	assert_int_equal(report_rows(&rows, &n, &f, 0), 0);
	assert_int_equal(n, 3); /* the draft too */
	assert_string_equal(rows[0].title, "Tryggare belysning");
	assert_string_equal(rows[0].committee, "Tekniska nämnden");
	assert_string_equal(rows[0].officer, "Jonas Sundqvist");
	assert_string_equal(rows[0].reports_to, "Per Bergström, trafikchef");
	assert_int_equal(rows[0].delivery, date_from_ymd(2027, 1, 15));
	assert_string_equal(rows[0].delivery_status, "röd");
	assert_string_equal(rows[0].status, "avslutad");
	assert_int_equal(rows[0].feedback_due, date_from_ymd(2026, 9, 30));
	assert_int_equal(rows[0].feedback_given, DATE_NONE);
	assert_null(rows[1].officer);
	assert_int_equal(rows[1].delivery, DATE_NONE);
	free(rows);

	/* 2025: only the one running then. 2027: the delivery in January, the
	 * open-ended one, and the undated one (from today on). */
	report_rows(&rows, &n, &f, 2025);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].d->slug, "cykelplan");
	free(rows);
	report_rows(&rows, &n, &f, 2027);
	assert_int_equal(n, 3);
	free(rows);
	value_free(value_map_take(dlg[0].internal, "delivery"));
	report_rows(&rows, &n, &f, 2027);
	assert_int_equal(n, 2); /* ended in 2026, nothing due in 2027 */
	free(rows);
}

static void test_csv(void **state)
{
	report_row *rows;
	size_t n;
	buf out = BUF_INIT;

	(void)state;
	report_rows(&rows, &n, &f, 0);
	report_csv(&out, rows, n);
	assert_non_null(strstr(out.ptr, REPORT_CSV_HEADER "\r\n"));
	assert_int_equal(strncmp(out.ptr, "dialogue,title,committee,officer,reports_to,delivery,"
					  "delivery_status,status,start,end,feedback_due,"
					  "feedback_given,comment\r\n",
				 strlen(REPORT_CSV_HEADER) + 2),
			 0);
	assert_non_null(strstr(out.ptr, "\r\nbelysning,Tryggare belysning,Tekniska nämnden,Jonas "
					"Sundqvist,\"Per Bergström, trafikchef\",2027-01-15,röd,"
					"avslutad,2026-04-13,2026-05-24,2026-09-30,,"
					"\"'=SUMMA(A1) \"\"citat\"\" <b>\"\r\n"));
	assert_non_null(strstr(out.ptr, "\r\ncykelplan,Cykelplan,Tekniska nämnden,,,,,pågående,"
					"2025-09-14,,,,\r\n"));
	buf_free(&out);
	free(rows);
}

static void test_html(void **state)
{
	report_row *rows;
	size_t n;
	buf out = BUF_INIT;

	(void)state;
	report_rows(&rows, &n, &f, 0);
	report_html(&out, &f, rows, n, 2026);
	assert_non_null(strstr(out.ptr, "<html lang=\"sv\">"));
	assert_non_null(strstr(out.ptr, "<caption id=\"tabell\">Uppföljning av medborgardialoger "
					"2026, Sälviks kommun (3 dialoger)</caption>"));
	assert_non_null(strstr(out.ptr, "<th scope=\"col\">Leveransstatus</th>"));
	assert_non_null(strstr(out.ptr, "<tr><th scope=\"row\">Tryggare belysning <span>(belysning)"
					"</span></th>"));
	assert_non_null(strstr(out.ptr, "(bibliotek, utkast)"));
	assert_non_null(strstr(out.ptr, "<td>=SUMMA(A1) &quot;citat&quot; &lt;b&gt;</td>"));
	assert_null(strstr(out.ptr, "<b>"));
	buf_free(&out);
	free(rows);
}

/* Refused in a folder with the site marker and below it, and in a named
 * site folder that does not exist yet; allowed beside them. */
static void test_inside_site(void **state)
{
	char root[256], site_dir[300], other[300], marker[320], in[400], public_dir[300];
	const char *named[1];
	buf found = BUF_INIT, want = BUF_INIT;
	char *real;

	(void)state;
	assert_int_equal(fixture_mkdtemp(root, sizeof(root), "report"), 0);
	snprintf(site_dir, sizeof(site_dir), "%s/site", root);
	snprintf(other, sizeof(other), "%s/intern", root);
	snprintf(marker, sizeof(marker), "site/%s", OUTPUT_MARKER);
	fixture_write_file(root, marker, "");
	real = realpath(root, NULL);
	buf_printf(&want, "%s/site", real);
	snprintf(in, sizeof(in), "%s/site", root);
	assert_int_equal(report_inside_site(&found, in, NULL, 0), 1);
	assert_string_equal(found.ptr, want.ptr);
	snprintf(in, sizeof(in), "%s/site/data/../ny/djup/", root);
	assert_int_equal(report_inside_site(&found, in, NULL, 0), 1);
	assert_string_equal(found.ptr, want.ptr);
	assert_int_equal(report_inside_site(&found, other, NULL, 0), 0);
	snprintf(in, sizeof(in), "%s/intern/2026", root);
	assert_int_equal(report_inside_site(&found, in, NULL, 0), 0);
	/* public/ before its first build: named, not marked. */
	snprintf(public_dir, sizeof(public_dir), "%s/public", root);
	named[0] = public_dir;
	snprintf(in, sizeof(in), "%s/public/intern", root);
	assert_int_equal(report_inside_site(&found, in, named, 1), 1);
	assert_int_equal(report_inside_site(&found, other, named, 1), 0);
	fixture_remove_tree(root);
	free(real);
	buf_free(&found);
	buf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test(test_inside_site),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "escape.h"
#include "mem.h"
#include "output.h"
#include "value.h"

/* ---- rows ------------------------------------------------------------------------ */

static const char *internal_text(const model_dialogue *d, const char *key)
{
	return value_string(value_map_get(d->internal, key));
}

static int internal_date(const model_dialogue *d, const char *key)
{
	const char *s = internal_text(d, key);
	int day;

	return s && date_parse(&day, s) == 0 ? day : DATE_NONE;
}

static int year_of(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y;
}

/* Whether row r belongs in the report of `year` (report_rows). */
static int in_year(const report_row *r, int year, int today)
{
	int from = r->start != DATE_NONE ? r->start : today;

	if (r->delivery != DATE_NONE && year_of(r->delivery) == year)
		return 1;
	return year_of(from) <= year && (r->end == DATE_NONE || year_of(r->end) >= year);
}

int report_rows(report_row **out, size_t *n_out, const facts *f, int year)
{
	const model_site *m = f->m;
	report_row *rows = mem_calloc(m->n_originals + 1, sizeof(*rows));
	size_t n = 0, i;

	for (i = 0; i < m->n_originals; i++) {
		const model_dialogue *d = &m->dialogues[i];
		const facts_dialogue *fd = facts_of(f, d);
		report_row *r = &rows[n];
		const char *title = value_string(value_map_get(d->fm, "title"));
		r->d = d;
		r->title = title ? title : d->slug;
		r->committee = fd->committee;
		r->officer = internal_text(d, "officer");
		r->reports_to = internal_text(d, "reports_to");
		r->delivery = internal_date(d, "delivery");
		r->delivery_status = internal_text(d, "delivery_status");
		r->comment = internal_text(d, "comment");
		r->status = model_status_keys[d->status];
		r->start = d->start;
		r->end = d->end;
		r->feedback_due = d->feedback_due;
		r->feedback_given = fd->feedback_day;
		if (year == 0 || in_year(r, year, m->today))
			n++;
	}
	*out = rows;
	*n_out = n;
	return 0;
}

/* ---- CSV ------------------------------------------------------------------------- */

static void csv_text(buf *out, const char *s, int last)
{
	if (s)
		escape_csv(out, s, strlen(s));
	buf_puts(out, last ? "\r\n" : ",");
}

static void csv_date(buf *out, int day)
{
	if (day != DATE_NONE)
		date_format_iso(out, day);
	buf_putc(out, ',');
}

void report_csv(buf *out, const report_row *rows, size_t n)
{
	size_t i;

	buf_puts(out, REPORT_CSV_HEADER "\r\n");
	for (i = 0; i < n; i++) {
		const report_row *r = &rows[i];
		csv_text(out, r->d->slug, 0);
		csv_text(out, r->title, 0);
		csv_text(out, r->committee, 0);
		csv_text(out, r->officer, 0);
		csv_text(out, r->reports_to, 0);
		csv_date(out, r->delivery);
		csv_text(out, r->delivery_status, 0);
		csv_text(out, r->status, 0);
		csv_date(out, r->start);
		csv_date(out, r->end);
		csv_date(out, r->feedback_due);
		csv_date(out, r->feedback_given);
		csv_text(out, r->comment, 1);
	}
}

/* ---- HTML ------------------------------------------------------------------------ */

static void html_cell(buf *out, const char *s)
{
	buf_puts(out, "<td>");
	if (s)
		escape_html(out, s, strlen(s));
	buf_puts(out, "</td>");
}

static void html_date(buf *out, int day)
{
	buf_puts(out, "<td>");
	if (day != DATE_NONE) {
		buf_puts(out, "<time>");
		date_format_iso(out, day);
		buf_puts(out, "</time>");
	}
	buf_puts(out, "</td>");
}

void report_html(buf *out, const facts *f, const report_row *rows, size_t n, int year)
{
	static const char *const headings[] = {
		"Dialog", "Nämnd", "Ansvarig handläggare", "Rapporterar till", "Leverans senast",
		"Leveransstatus", "Status", "Start", "Slut", "Återkoppling senast",
		"Återkoppling given", "Kommentar",
	};
	const char *municipality = value_string(value_map_get(f->m->config, "municipality"));
	buf title = BUF_INIT, today = BUF_INIT;
	size_t i;

	buf_puts(&title, "Uppföljning av medborgardialoger");
	if (year)
		buf_printf(&title, " %d", year);
	if (municipality)
		buf_printf(&title, ", %s", municipality);
	date_format_iso(&today, f->m->today);
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"robots\" content=\"noindex\">\n<title>");
	escape_html(out, title.ptr, title.size);
	buf_puts(out, "</title>\n<style>\n"
		      "body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 1rem; }\n"
		      "table { border-collapse: collapse; }\n"
		      "th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: left; "
		      "vertical-align: top; }\n"
		      "caption { text-align: left; font-weight: bold; margin-bottom: .5rem; }\n"
		      ".wide { overflow-x: auto; }\n"
		      "</style>\n</head>\n<body>\n<main>\n<h1>");
	escape_html(out, title.ptr, title.size);
	buf_puts(out, "</h1>\n<p>Internt underlag (Bilaga D): visas inte på webbplatsen. Status per ");
	buf_printf(out, "<time>%s</time>.</p>\n", today.ptr);
	buf_puts(out, "<div class=\"wide\" role=\"region\" aria-labelledby=\"tabell\" tabindex=\"0\">\n"
		      "<table>\n<caption id=\"tabell\">");
	escape_html(out, title.ptr, title.size);
	buf_printf(out, " (%zu %s)</caption>\n<thead>\n<tr>", n, n == 1 ? "dialog" : "dialoger");
	for (i = 0; i < sizeof(headings) / sizeof(headings[0]); i++)
		buf_printf(out, "<th scope=\"col\">%s</th>", headings[i]);
	buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const report_row *r = &rows[i];
		buf_puts(out, "<tr><th scope=\"row\">");
		escape_html(out, r->title, strlen(r->title));
		buf_puts(out, " <span>(");
		escape_html(out, r->d->slug, strlen(r->d->slug));
		buf_puts(out, r->d->draft ? ", utkast)</span></th>" : ")</span></th>");
		html_cell(out, r->committee);
		html_cell(out, r->officer);
		html_cell(out, r->reports_to);
		html_date(out, r->delivery);
		html_cell(out, r->delivery_status);
		html_cell(out, r->status);
		html_date(out, r->start);
		html_date(out, r->end);
		html_date(out, r->feedback_due);
		html_date(out, r->feedback_given);
		html_cell(out, r->comment);
		buf_puts(out, "</tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n</div>\n</main>\n</body>\n</html>\n");
	buf_free(&title);
	buf_free(&today);
}

/* ---- where the report may go ----------------------------------------------------- */

/* The absolute path of dir, whose last parts need not exist yet. */
static int absolute_path(buf *out, const char *dir)
{
	char *head = mem_strdup(dir), *resolved;
	buf tail = BUF_INIT, part = BUF_INIT;
	int rc = -1;

	/* Take off the last part until what is left exists. */
	while (!(resolved = realpath(*head ? head : ".", NULL))) {
		char *slash = strrchr(head, '/');
		if (!*head)
			goto out; /* not even the current folder */
		buf_clear(&part);
		buf_printf(&part, "/%s%s", slash ? slash + 1 : head, tail.ptr);
		buf_clear(&tail);
		buf_puts(&tail, part.ptr);
		if (!slash)
			head[0] = '\0';
		else
			slash[slash == head] = '\0'; /* "/x" leaves the root "/" */
	}
	buf_clear(out);
	buf_puts(out, strcmp(resolved, "/") ? resolved : "");
	buf_puts(out, tail.ptr);
	if (!out->size)
		buf_puts(out, "/");
	rc = 0;
out:
	free(resolved);
	free(head);
	buf_free(&tail);
	buf_free(&part);
	return rc;
}

int report_inside_site(buf *site, const char *dir, const char *const *site_dirs, size_t n)
{
	buf path = BUF_INIT, marker = BUF_INIT, known = BUF_INIT;
	int inside = 0;
	size_t i;

	if (absolute_path(&path, dir) != 0) {
		buf_free(&path);
		return 0;
	}
	for (;;) {
		struct stat st;
		buf_clear(&marker);
		buf_printf(&marker, "%s/%s", strcmp(path.ptr, "/") ? path.ptr : "", OUTPUT_MARKER);
		inside = lstat(marker.ptr, &st) == 0;
		for (i = 0; !inside && i < n; i++)
			inside = absolute_path(&known, site_dirs[i]) == 0 && !strcmp(known.ptr, path.ptr);
		if (inside) {
			buf_clear(site);
			buf_puts(site, path.ptr);
			break;
		}
		if (!strcmp(path.ptr, "/"))
			break;
		/* Up one folder: "/a/b" -> "/a", "/a" -> "/". */
		buf_truncate(&path, strrchr(path.ptr, '/') == path.ptr
					    ? 1
					    : (size_t)(strrchr(path.ptr, '/') - path.ptr));
	}
	buf_free(&path);
	buf_free(&marker);
	buf_free(&known);
	return inside;
}

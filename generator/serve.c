/* serve: `trappa serve`, the local preview. See serve.h and trappa(1). */
#include "serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "facts.h"
#include "lang.h"
#include "mem.h"
#include "model.h"
#include "output.h"
#include "plan.h"
#include "site.h"
#include "source.h"
#include "theme.h"
#include "utf8.h"

#define DEBOUNCE_MS 100
#define KEEPALIVE_SECONDS 15
#define MAX_HTML (16 * 1024 * 1024) /* a page larger than this is served as it is */
#define MAX_SHOWN_LINE 300           /* bytes of an offending line shown */

/* The site's policy (generator/nginx/trappa.conf): the preview keeps it, so
 * whatever works here works on the server, the reload script included. */
static const char csp[] = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static const char reload_js[] =
	"// trappa serve: reloads the page when the preview has been rebuilt.\n"
	"(function () {\n"
	"\t'use strict';\n"
	"\tvar me = document.querySelector('script[data-trappa-generation]');\n"
	"\tvar shown = me ? me.getAttribute('data-trappa-generation') : '';\n"
	"\tvar events = new EventSource('/__trappa/events');\n"
	"\tevents.onmessage = function (e) {\n"
	"\t\tif (e.data !== shown) {\n"
	"\t\t\tevents.close();\n"
	"\t\t\tlocation.reload();\n"
	"\t\t}\n"
	"\t};\n"
	"})();\n";

static const char preview_css[] =
	"/* trappa serve: only in the preview. */\n"
	".trappa-draft{margin:0;padding:.75rem 1rem;background:#fff3b0;color:#1a1a1a;"
	"border-bottom:4px solid #8a6d00;font:bold 1.125rem/1.4 system-ui,sans-serif;"
	"text-align:center}\n"
	".trappa-error{margin:0;background:#fff;color:#1a1a1a;font:1rem/1.5 system-ui,sans-serif}\n"
	".trappa-error main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}\n"
	".trappa-error h1{color:#a00000;font-size:1.75rem}\n"
	".trappa-error ol{padding-left:1.5rem}\n"
	".trappa-error li{margin:0 0 1.5rem}\n"
	".trappa-error .where{margin:0 0 .25rem;font-weight:bold}\n"
	".trappa-error .severity-error{color:#a00000}\n"
	".trappa-error .severity-warning{color:#6b4f00}\n"
	".trappa-error pre{margin:.25rem 0;padding:.5rem .75rem;background:#f3f3f3;"
	"border-left:4px solid #a00000;overflow-x:auto}\n"
	".trappa-error li.warning pre{border-left-color:#8a6d00}\n"
	".trappa-error .message{margin:.25rem 0 0}\n";

typedef struct serve_watch {
	int wd;
	char *path;
} serve_watch;

typedef struct serve_draft {
	char *file; /* "dialoger/x/index.html", below the site root */
	int english;
} serve_draft;

typedef struct serve {
	const serve_options *o;
	char *tmp;       /* the private folder: site/, site.cache/, site.lock */
	char *site_dir;  /* tmp/site */
	char *cache_dir; /* tmp/site.cache */
	char *root;      /* the work tree, ending in '/' */
	char *base_url;  /* http://127.0.0.1:PORT/ */
	char instance[32];
	int port;
	int loopback;
	int inotify_fd;
	serve_watch *watches;
	size_t n_watches, watches_cap;

	/* Shared with the server's threads, under lock. */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long generation;
	int stopping;
	char *error_page; /* the page shown for every HTML request, or NULL */
	serve_draft *drafts;
	size_t n_drafts;
} serve;

/* ---- paths ----------------------------------------------------------------- */

static int segment_is_safe(const char *seg, size_t len)
{
	size_t i;

	if (len == 0 || seg[0] == '.')
		return 0; /* "", ".", "..", and dot files such as .trappa-site */
	for (i = 0; i < len; i++)
		if ((unsigned char)seg[i] < 0x20 || seg[i] == 0x7f || seg[i] == '\\')
			return 0;
	return 1;
}

int serve_open_path(int *fd, int rootfd, const char *url_path)
{
	const char *p, *seg;
	int dir = -1, rc = SERVE_NOTFOUND;
	struct stat st;

	*fd = -1;
	if (url_path[0] != '/')
		return SERVE_NOTFOUND;
	dir = dup(rootfd);
	if (dir < 0)
		return SERVE_NOTFOUND;
	p = url_path + 1;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		char name[256];
		int next;

		seg = p;
		if (!slash && len == 0) {
			seg = "index.html"; /* "/a/" is a/index.html */
			len = strlen(seg);
		}
		if (!segment_is_safe(seg, len) || len >= sizeof(name))
			goto out;
		memcpy(name, seg, len);
		name[len] = '\0';
		next = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (next < 0)
			goto out;
		close(dir);
		dir = next;
		if (fstat(dir, &st) != 0)
			goto out;
		if (!slash)
			break;
		if (!S_ISDIR(st.st_mode))
			goto out;
		p = slash + 1;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = SERVE_ISDIR;
	} else if (S_ISREG(st.st_mode)) {
		/* Blocking again: the server reads it in one go. */
		int flags = fcntl(dir, F_GETFL);
		if (flags < 0 || fcntl(dir, F_SETFL, flags & ~O_NONBLOCK) != 0)
			goto out;
		*fd = dir;
		dir = -1;
		rc = SERVE_FILE;
	}
out:
	if (dir >= 0)
		close(dir);
	return rc;
}

static const char *extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	return dot ? dot + 1 : "";
}

const char *serve_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html; charset=utf-8" },
		{ "css", "text/css; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" },
		{ "json", "application/json; charset=utf-8" },
		{ "xml", "application/xml; charset=utf-8" },
		{ "ics", "text/calendar; charset=utf-8" },
		{ "csv", "text/csv; charset=utf-8" },
		{ "txt", "text/plain; charset=utf-8" },
		{ "md", "text/plain; charset=utf-8" },
		{ "svg", "image/svg+xml" },
		{ "png", "image/png" },
		{ "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },
		{ "gif", "image/gif" },
		{ "webp", "image/webp" },
		{ "avif", "image/avif" },
		{ "ico", "image/x-icon" },
		{ "pdf", "application/pdf" },
		{ "woff2", "font/woff2" },
		{ "woff", "font/woff" },
		{ "mp4", "video/mp4" },
		{ "webm", "video/webm" },
		{ "mp3", "audio/mpeg" },
		{ "vtt", "text/vtt; charset=utf-8" },
		{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "odt", "application/vnd.oasis.opendocument.text" },
	};
	const char *ext = extension(name);
	const char *slash = strrchr(name, '/');
	size_t i;

	/* Trappa's Atom feeds, as the shipped nginx serves them; other XML
	 * (sitemap.xml) stays generic. */
	if (!strcmp(slash ? slash + 1 : name, "feed.xml"))
		return "application/atom+xml; charset=utf-8";
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(ext, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* ---- pages ----------------------------------------------------------------- */

void serve_inject(buf *out, const char *html, size_t len, const char *head_end,
		  const char *body_start, const char *body_end)
{
	buf page = BUF_INIT;
	const char *head = NULL, *body = NULL, *end = NULL, *p;

	buf_put(&page, html, len); /* NUL-terminated, for strstr */
	head = head_end ? strstr(page.ptr, "</head>") : NULL;
	if (body_start && (p = strstr(page.ptr, "<body")) && (p[5] == '>' || p[5] == ' ' || p[5] == '\n'))
		body = strchr(p, '>');
	if (body_end)
		for (p = page.ptr; (p = strstr(p, "</body>")); p++)
			end = p;
	p = page.ptr;
	if (head) {
		buf_put(out, p, (size_t)(head - p));
		buf_puts(out, head_end);
		p = head;
	}
	if (body && body >= p) {
		buf_put(out, p, (size_t)(body + 1 - p));
		buf_puts(out, body_start);
		p = body + 1;
	}
	if (end && end >= p) {
		buf_put(out, p, (size_t)(end - p));
		p = end;
	}
	if (end || !body_end) {
		if (end)
			buf_puts(out, body_end);
		buf_put(out, p, page.size - (size_t)(p - page.ptr));
	} else {
		buf_put(out, p, page.size - (size_t)(p - page.ptr));
		buf_puts(out, body_end);
	}
	buf_free(&page);
}

/* Line `line` (1-based) of text, without its line break. */
static int nth_line(const char **start, size_t *len, const char *text, size_t size, int line)
{
	const char *p = text, *end = text + size, *nl;

	while (--line > 0) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return -1;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*start = p;
	*len = (size_t)((nl ? nl : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return 0;
}

/* The offending line in a <pre>, with a caret under column col. */
static void source_excerpt(buf *out, const char *root, const diag *d)
{
	buf text = BUF_INIT, shown = BUF_INIT, gutter = BUF_INIT;
	const char *line, *p;
	size_t len, i;
	int col;

	if (!d->path || d->line <= 0 || source_read_beneath(&text, root, d->path) != 0 ||
	    nth_line(&line, &len, text.ptr, text.size, d->line) != 0)
		goto out;
	if (len > MAX_SHOWN_LINE) {
		len = MAX_SHOWN_LINE;
		while (len > 0 && ((unsigned char)line[len] & 0xC0) == 0x80)
			len--; /* not inside a character */
	}
	buf_printf(&gutter, "%d | ", d->line);
	buf_puts(&shown, gutter.ptr);
	buf_put(&shown, line, len);
	if (d->col > 0) {
		buf_putc(&shown, '\n');
		for (i = 0; i + 2 < gutter.size; i++)
			buf_putc(&shown, ' ');
		buf_puts(&shown, "| ");
		/* Tabs stay tabs so the caret lines up; columns count code points. */
		for (p = line, col = 1; col < d->col && p < line + len; col++) {
			uint32_t cp;
			int n = utf8_decode(&cp, p, (size_t)(line + len - p));
			buf_putc(&shown, *p == '\t' ? '\t' : ' ');
			p += n > 0 ? n : 1;
		}
		buf_putc(&shown, '^');
	}
	buf_puts(out, "<pre><code>");
	escape_html(out, shown.ptr, shown.size);
	buf_puts(out, "</code></pre>\n");
out:
	buf_free(&text);
	buf_free(&shown);
	buf_free(&gutter);
}

void serve_error_page(buf *out, const diag_list *d, const char *root, const char *reload_tag)
{
	size_t k;

	buf_printf(out,
		   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>%s</title>\n"
		   "<link rel=\"stylesheet\" href=\"/__trappa/preview.css\">\n</head>\n"
		   "<body class=\"trappa-error\">\n<main>\n<h1>%s</h1>\n<p>%s</p>\n<ol>\n",
		   diag_pick("sv", "en"),
		   diag_pick("Fel i innehållet – förhandsgranskning",
			     "Errors in the content – preview"),
		   diag_pick("Innehållet har fel", "The content has errors"),
		   diag_pick("Webbplatsen kan inte byggas förrän felen nedan är rättade. Rätta "
			     "dem och spara filen: sidan laddas om av sig själv.",
			     "The site cannot be built until the errors below are fixed. Fix them "
			     "and save the file: the page reloads by itself."));
	/* Errors first: they are what stops the site. */
	for (k = 0; k < 2 * d->len; k++) {
		const diag *it = &d->items[k % d->len];
		const char *sev = it->severity == DIAG_SEV_ERROR ? "error" : "warning";
		buf where = BUF_INIT;

		if ((k < d->len) != (it->severity == DIAG_SEV_ERROR))
			continue;
		buf_puts(&where, it->path ? it->path : "trappa");
		if (it->line > 0)
			buf_printf(&where, ":%d", it->line);
		if (it->line > 0 && it->col > 0)
			buf_printf(&where, ":%d", it->col);
		buf_printf(out, "<li class=\"%s\">\n<p class=\"where\"><code>", sev);
		escape_html(out, where.ptr, where.size);
		buf_printf(out, "</code> <span class=\"severity-%s\">%s</span></p>\n", sev,
			   it->severity == DIAG_SEV_ERROR ? diag_pick("fel", "error")
							  : diag_pick("varning", "warning"));
		source_excerpt(out, root, it);
		buf_puts(out, "<p class=\"message\">");
		escape_html(out, it->message, strlen(it->message));
		buf_puts(out, "</p>\n</li>\n");
		buf_free(&where);
	}
	buf_puts(out, "</ol>\n</main>\n");
	buf_puts(out, reload_tag);
	buf_puts(out, "</body>\n</html>\n");
}

/* ---- building ---------------------------------------------------------------- */

static void reload_tag(buf *out, const serve *s, unsigned long generation)
{
	buf_printf(out,
		   "<script src=\"/__trappa/reload.js\" data-trappa-generation=\"%s-%lu\" "
		   "defer></script>\n",
		   s->instance, generation);
}

static void drafts_free(serve_draft *drafts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(drafts[i].file);
	free(drafts);
}

/* The preview shows drafts: remembers their pages for the banner and
 * lets the renderer treat them as published. Only a model without errors
 * gets here, so every draft is one by its own front matter (or its
 * original's), not a file too broken to read. */
static void take_drafts(serve_draft **out, size_t *n_out, model_site *m)
{
	facts f;
	size_t i, n = 0;
	serve_draft *drafts = NULL;

	facts_init(&f, m, NULL, NULL);
	for (i = 0; i < m->n_dialogues; i++) {
		model_dialogue *d = &m->dialogues[i];
		buf file = BUF_INIT;
		if (!d->draft)
			continue;
		drafts = mem_realloc(drafts, (n + 1) * sizeof(*drafts));
		buf_printf(&file, "%sindex.html", facts_of(&f, d)->path);
		drafts[n].file = buf_detach(&file);
		drafts[n].english = lang_is_english(model_dialogue_lang(d));
		n++;
		d->draft = 0;
	}
	facts_free(&f);
	*out = drafts;
	*n_out = n;
}

/* Builds the work tree into s->site_dir. Returns 0, or -1 with the
 * diagnostics in d. */
static int build_site(serve *s, diag_list *d, serve_draft **drafts, size_t *n_drafts,
		      size_t *pages)
{
	source *src = NULL;
	theme *th = NULL;
	output *out = NULL;
	model_site m;
	model_options mo = { NULL, NULL, NULL, 0 };
	site_stats stats;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	if (source_open_worktree(&src, d, s->root) != 0)
		goto out;
	mo.content_dir = s->o->content ? s->o->content : "content";
	mo.today = s->o->today;
	if (model_load(&m, d, src, &mo) != 0 || d->errors)
		goto out;
	value_map_set_string(m.config, "base_url", s->base_url);
	take_drafts(drafts, n_drafts, &m);
	model_apply_history(&m, d, NULL);
	plan_check(d, &m);
	if (theme_open_for_site(&th, d, src, mo.content_dir, m.theme, s->o->theme) != 0 || d->errors)
		goto out;
	if (output_begin(&out, d, s->site_dir) != 0 || output_set_cache(out, s->cache_dir, 1) != 0)
		goto out;
	if (site_build(&stats, out, d, &m, th, src) != 0 || d->errors)
		goto out;
	rc = output_commit(out);
	out = NULL;
	if (rc != 0)
		DIAG_ERROR(d, s->site_dir, 0, 0, "kunde inte skriva förhandsgranskningen",
			   "could not write the preview");
	*pages = stats.pages;
out:
	output_abort(out);
	model_free(&m);
	theme_free(th);
	source_free(src);
	return rc == 0 && !d->errors ? 0 : -1;
}

/* One build, then the news for every open page. */
static void rebuild(serve *s)
{
	diag_list d = DIAG_LIST_INIT;
	serve_draft *drafts = NULL, *old_drafts;
	size_t n_drafts = 0, old_n, pages = 0;
	unsigned long next;
	char *page = NULL, *old_page;
	time_t now = time(NULL);
	struct tm tm;
	char clock[16] = "";

	pthread_mutex_lock(&s->lock);
	next = s->generation + 1;
	pthread_mutex_unlock(&s->lock);
	if (build_site(s, &d, &drafts, &n_drafts, &pages) != 0) {
		buf b = BUF_INIT, tag = BUF_INIT;
		if (!d.errors)
			DIAG_ERROR(&d, NULL, 0, 0, "förhandsgranskningen kunde inte byggas",
				   "the preview could not be built");
		diag_sort(&d);
		reload_tag(&tag, s, next);
		serve_error_page(&b, &d, s->root, tag.ptr);
		page = buf_detach(&b);
		buf_free(&tag);
	}
	if (localtime_r(&now, &tm))
		strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	diag_sort(&d);
	diag_print(&d, stderr);
	if (page)
		fprintf(stderr, "%s %s\n", clock,
			diag_pick("trappa: innehållet har fel; förhandsgranskningen visar dem",
				  "trappa: the content has errors; the preview shows them"));
	else
		fprintf(stderr, "%s %s (%zu %s)\n", clock,
			diag_pick("trappa: förhandsgranskningen är uppdaterad",
				  "trappa: the preview is up to date"),
			pages, diag_pick("sidor", "pages"));
	diag_list_free(&d);

	pthread_mutex_lock(&s->lock);
	old_page = s->error_page;
	old_drafts = s->drafts;
	old_n = s->n_drafts;
	s->error_page = page;
	/* An error page keeps the last good build's drafts: it shows no page. */
	if (!page) {
		s->drafts = drafts;
		s->n_drafts = n_drafts;
	}
	s->generation = next;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	free(old_page);
	if (!page)
		drafts_free(old_drafts, old_n);
	else
		drafts_free(drafts, n_drafts);
}

/* ---- HTTP ------------------------------------------------------------------ */

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
			       const char *type)
{
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type,
				 const char *text)
{
	return respond(c, status,
		    MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT),
		    type);
}

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
				buf *b)
{
	size_t n = b->size;
	return respond(c, status, MHD_create_response_from_buffer(n, buf_detach(b), MHD_RESPMEM_MUST_FREE),
		    type);
}

/* Server-Sent Events: the generation now, then each new one; a comment
 * now and then finds out when the page has gone. One thread per
 * connection, so waiting here holds up nobody else. */
typedef struct events {
	serve *s;
	unsigned long sent;
	int started;
} events;

static ssize_t events_read(void *cls, uint64_t pos, char *out, size_t max)
{
	events *e = cls;
	serve *s = e->s;
	struct timespec until;
	int n;

	(void)pos;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += KEEPALIVE_SECONDS;
	pthread_mutex_lock(&s->lock);
	while (e->started && e->sent == s->generation && !s->stopping)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (e->started && e->sent == s->generation)
		n = snprintf(out, max, ": \n\n");
	else
		n = snprintf(out, max, "%sdata: %s-%lu\n\n", e->started ? "" : "retry: 500\n",
			     s->instance, s->generation);
	e->started = 1;
	e->sent = s->generation;
	pthread_mutex_unlock(&s->lock);
	if (n < 0 || (size_t)n >= max)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return n;
}

static enum MHD_Result send_events(struct MHD_Connection *c, serve *s)
{
	events *e = mem_calloc(1, sizeof(*e));
	struct MHD_Response *r;

	e->s = s;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, events_read, e, free);
	if (!r) {
		free(e);
		return MHD_NO;
	}
	return respond(c, MHD_HTTP_OK, r, "text/event-stream");
}

/* An HTML file of the site, with the reload script, and the banner on a
 * draft's page. */
static enum MHD_Result send_page(struct MHD_Connection *c, serve *s, unsigned status, int fd,
				 const char *file)
{
	buf html = BUF_INIT, page = BUF_INIT, tag = BUF_INIT, banner = BUF_INIT;
	char chunk[65536];
	struct stat st;
	ssize_t n;
	size_t i;

	if (fstat(fd, &st) == 0 && st.st_size > MAX_HTML) {
		struct MHD_Response *r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
		if (!r)
			close(fd);
		return respond(c, status, r, "text/html; charset=utf-8");
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&html, chunk, (size_t)n);
	close(fd);
	pthread_mutex_lock(&s->lock);
	reload_tag(&tag, s, s->generation);
	for (i = 0; i < s->n_drafts; i++)
		if (!strcmp(s->drafts[i].file, file))
			buf_printf(&banner, "\n<p class=\"trappa-draft\" role=\"note\"%s>%s</p>",
				   s->drafts[i].english ? " lang=\"en\"" : " lang=\"sv\"",
				   s->drafts[i].english ? "Draft – not shown on the website"
							: "Utkast – visas inte på webbplatsen");
	pthread_mutex_unlock(&s->lock);
	serve_inject(&page, html.ptr, html.size,
		     "<link rel=\"stylesheet\" href=\"/__trappa/preview.css\">\n",
		     banner.size ? banner.ptr : NULL, tag.ptr);
	buf_free(&html);
	buf_free(&tag);
	buf_free(&banner);
	return send_buf(c, status, "text/html; charset=utf-8", &page);
}

static enum MHD_Result send_not_found(struct MHD_Connection *c, serve *s, int rootfd)
{
	int fd;

	if (rootfd >= 0 && serve_open_path(&fd, rootfd, "/404.html") == SERVE_FILE)
		return send_page(c, s, MHD_HTTP_NOT_FOUND, fd, "404.html");
	return send_text(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
			 "404: sidan finns inte / not found\n");
}

/* Only names of this machine: a web page elsewhere cannot point a name of
 * its own at 127.0.0.1 (DNS rebinding) and read the preview. */
static int host_is_allowed(const serve *s, const char *host)
{
	static const char *const names[] = { "127.0.0.1", "localhost", "[::1]" };
	char want[64];
	size_t i;

	if (!s->loopback)
		return 1;
	if (!host)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n = snprintf(want, sizeof(want), "%s:%d", names[i], s->port);
		if (n > 0 && (size_t)n < sizeof(want) && !strcasecmp(host, want))
			return 1;
	}
	return s->o->bind && snprintf(want, sizeof(want), "%s:%d", s->o->bind, s->port) > 0 &&
	       !strcasecmp(host, want);
}

/* A page: a path ending in '/', in .html, or in a name without extension. */
static int looks_like_page(const char *url)
{
	const char *last = strrchr(url, '/');
	const char *ext = extension(url);
	return !last[1] || !strcmp(ext, "html") || !*ext;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	serve *s = cls;
	int rootfd = -1, fd = -1, kind;
	enum MHD_Result ok;
	char *error_page = NULL;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)req_cls;
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, "Allow", "GET, HEAD");
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
	}
	if (!host_is_allowed(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
		return send_text(c, MHD_HTTP_FORBIDDEN, "text/plain; charset=utf-8",
				 "403: okänt värdnamn / unknown host name\n");
	if (!strcmp(url, "/__trappa/reload.js"))
		return send_text(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", reload_js);
	if (!strcmp(url, "/__trappa/preview.css"))
		return send_text(c, MHD_HTTP_OK, "text/css; charset=utf-8", preview_css);
	if (!strcmp(url, "/__trappa/events"))
		return send_events(c, s);

	pthread_mutex_lock(&s->lock);
	if (s->error_page && looks_like_page(url))
		error_page = mem_strdup(s->error_page);
	pthread_mutex_unlock(&s->lock);
	if (error_page) {
		buf b = BUF_INIT;
		buf_puts(&b, error_page);
		free(error_page);
		return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", &b);
	}

	rootfd = open(s->site_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	kind = rootfd >= 0 ? serve_open_path(&fd, rootfd, url) : SERVE_NOTFOUND;
	if (kind == SERVE_ISDIR) {
		/* Like the web server: /dialoger/x is /dialoger/x/. */
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		buf to = BUF_INIT;
		escape_url(&to, "", url);
		buf_putc(&to, '/');
		if (r)
			MHD_add_response_header(r, "Location", to.ptr);
		buf_free(&to);
		ok = respond(c, MHD_HTTP_MOVED_PERMANENTLY, r, "text/plain; charset=utf-8");
	} else if (kind != SERVE_FILE) {
		ok = send_not_found(c, s, rootfd);
	} else if (!strcmp(extension(url), "html") || url[strlen(url) - 1] == '/') {
		buf file = BUF_INIT;
		buf_puts(&file, url + 1);
		if (!file.size || file.ptr[file.size - 1] == '/')
			buf_puts(&file, "index.html");
		ok = send_page(c, s, MHD_HTTP_OK, fd, file.ptr);
		buf_free(&file);
	} else {
		struct stat st;
		struct MHD_Response *r = NULL;
		if (fstat(fd, &st) == 0)
			r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
		if (!r)
			close(fd);
		ok = respond(c, MHD_HTTP_OK, r, serve_content_type(url));
	}
	if (rootfd >= 0)
		close(rootfd);
	return ok;
}

/* ---- watching -------------------------------------------------------------- */

#define WATCH_EVENTS                                                                        \
	(IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |   \
	 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)

static void watch_tree(serve *s, const char *path, int depth)
{
	int wd = inotify_add_watch(s->inotify_fd, path, WATCH_EVENTS);
	DIR *dir;
	struct dirent *e;
	size_t i;

	if (wd < 0)
		return;
	for (i = 0; i < s->n_watches && s->watches[i].wd != wd; i++)
		;
	if (i == s->n_watches) {
		s->watches = mem_grow_array(s->watches, &s->watches_cap, s->n_watches + 1,
					    sizeof(*s->watches));
		s->watches[s->n_watches].wd = wd;
		s->watches[s->n_watches++].path = mem_strdup(path);
	} else {
		free(s->watches[i].path);
		s->watches[i].path = mem_strdup(path);
	}
	if (depth >= SOURCE_MAX_DEPTH || !(dir = opendir(path)))
		return;
	while ((e = readdir(dir))) {
		buf sub = BUF_INIT;
		struct stat st;
		if (e->d_name[0] == '.')
			continue; /* ".", "..", .git and editors' hidden files */
		buf_printf(&sub, "%s/%s", path, e->d_name);
		if (lstat(sub.ptr, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(s, sub.ptr, depth + 1);
		buf_free(&sub);
	}
	closedir(dir);
}

static void watch_all(serve *s, const char *base_theme)
{
	const char *content = s->o->content ? s->o->content : "content";
	const char *slash = strrchr(content, '/');
	buf dir = BUF_INIT;

	buf_printf(&dir, "%s%s", s->root, content);
	watch_tree(s, dir.ptr, 0);
	buf_clear(&dir);
	/* The site's own themes beside the content folder, and the base theme. */
	buf_printf(&dir, "%s%.*sthemes", s->root, slash ? (int)(slash - content + 1) : 0, content);
	watch_tree(s, dir.ptr, 0);
	if (base_theme)
		watch_tree(s, base_theme, 0);
	buf_free(&dir);
}

static void unwatch(serve *s, int wd)
{
	size_t i;

	for (i = 0; i < s->n_watches; i++)
		if (s->watches[i].wd == wd) {
			free(s->watches[i].path);
			s->watches[i] = s->watches[--s->n_watches];
			return;
		}
}

/* Reads what inotify has; 1 when something that matters changed. */
static int read_changes(serve *s)
{
	char events_buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	int changed = 0;

	while ((n = read(s->inotify_fd, events_buf, sizeof(events_buf))) > 0) {
		char *p = events_buf;
		while (p < events_buf + n) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			const char *name = ev->len ? ev->name : "";
			size_t len = strlen(name);
			p += sizeof(*ev) + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				changed = 1;
				continue;
			}
			if (ev->mask & IN_IGNORED) {
				unwatch(s, ev->wd);
				continue;
			}
			/* Editors' swap and backup files are not the site. */
			if (name[0] == '.' || (len && name[len - 1] == '~'))
				continue;
			changed = 1;
			if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
				size_t i;
				for (i = 0; i < s->n_watches; i++)
					if (s->watches[i].wd == ev->wd) {
						buf sub = BUF_INIT;
						buf_printf(&sub, "%s/%s", s->watches[i].path, name);
						watch_tree(s, sub.ptr, 0);
						buf_free(&sub);
						break;
					}
			}
		}
	}
	return changed;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the whole ----------------------------------------------------------------- */

/* A socket listening on the address; says why not. */
static int listen_on(int *fd, int *port, int *loopback, const char *addr, int want_port)
{
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char service[16];
	int one = 1, rc;

	*fd = -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%d", want_port);
	rc = getaddrinfo(addr, service, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "trappa: %s: %s\n",
			diag_pick("--bind vill ha en IP-adress, som 127.0.0.1",
				  "--bind wants an IP address, like 127.0.0.1"),
			addr);
		return -1;
	}
	*fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*fd < 0 || setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(*fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(*fd, 64) != 0 ||
	    getsockname(*fd, (struct sockaddr *)&ss, &sl) != 0) {
		int err = errno;
		if (err == EADDRINUSE)
			fprintf(stderr, "trappa: %s:%d: %s\n", addr, want_port,
				diag_pick("porten är upptagen; välj en annan med --port",
					  "the port is in use; choose another with --port"));
		else
			fprintf(stderr, "trappa: %s:%d: %s\n", addr, want_port, strerror(err));
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		freeaddrinfo(ai);
		return -1;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
		*port = ntohs(a->sin6_port);
		*loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
		*port = ntohs(a->sin_port);
		*loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
	}
	freeaddrinfo(ai);
	return 0;
}

/* The work tree's top folder, ending in '/'. */
static char *work_tree_root(const char *repo_path)
{
	git_repository *repo = NULL;
	buf root = BUF_INIT;

	git_libgit2_init();
	if (git_repository_open_ext(&repo, repo_path, 0, NULL) == 0 && !git_repository_is_bare(repo) &&
	    git_repository_workdir(repo))
		buf_puts(&root, git_repository_workdir(repo));
	else
		buf_puts(&root, repo_path);
	if (!root.size || root.ptr[root.size - 1] != '/')
		buf_putc(&root, '/');
	git_repository_free(repo);
	git_libgit2_shutdown();
	return buf_detach(&root);
}

/* The base theme on disk, for watching: the folder theme_open picks. */
static char *base_theme_dir(const serve *s)
{
	diag_list d = DIAG_LIST_INIT;
	theme *th = NULL;
	char *dir = NULL;

	if (theme_open(&th, &d, NULL, NULL, s->o->theme) == 0)
		dir = mem_strdup(theme_base_dir(th));
	theme_free(th);
	diag_list_free(&d);
	return dir;
}

int serve_run(const serve_options *o)
{
	serve s;
	struct MHD_Daemon *daemon = NULL;
	sigset_t stop_signals, old_mask;
	const char *tmpdir = getenv("TMPDIR");
	const char *bind_addr = o->bind ? o->bind : "127.0.0.1";
	buf b = BUF_INIT;
	char *base_theme = NULL;
	int sigfd = -1, listen_fd = -1, status = 3, pending = 0, host_v6;
	long long due = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.inotify_fd = -1;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.changed, NULL);
	snprintf(s.instance, sizeof(s.instance), "%ld.%ld", (long)getpid(), (long)time(NULL));

	/* The signals are read from a file descriptor by this thread alone; the
	 * server's threads inherit the mask. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

	s.root = work_tree_root(o->repo ? o->repo : ".");
	buf_printf(&b, "%s/trappa-serve.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	s.tmp = buf_detach(&b);
	if (sigfd < 0 || !mkdtemp(s.tmp)) {
		fprintf(stderr, "trappa: %s: %s\n", s.tmp, strerror(errno));
		free(s.tmp);
		s.tmp = NULL;
		goto out;
	}
	buf_printf(&b, "%s/site", s.tmp);
	s.site_dir = buf_detach(&b);
	buf_printf(&b, "%s/site.cache", s.tmp);
	s.cache_dir = buf_detach(&b);

	if (listen_on(&listen_fd, &s.port, &s.loopback, bind_addr, o->port) != 0)
		goto out;
	/* Links point at the preview itself. */
	host_v6 = strchr(bind_addr, ':') != NULL;
	if (!strcmp(bind_addr, "0.0.0.0") || !strcmp(bind_addr, "::"))
		buf_printf(&b, "http://%s:%d/", host_v6 ? "[::1]" : "127.0.0.1", s.port);
	else
		buf_printf(&b, "http://%s%s%s:%d/", host_v6 ? "[" : "", bind_addr, host_v6 ? "]" : "",
			   s.port);
	s.base_url = buf_detach(&b);

	s.inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s.inotify_fd < 0) {
		fprintf(stderr, "trappa: inotify: %s\n", strerror(errno));
		goto out;
	}
	base_theme = base_theme_dir(&s);
	watch_all(&s, base_theme);

	daemon = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
					  MHD_USE_POLL | (host_v6 ? MHD_USE_IPv6 : 0),
				  0, NULL, NULL, answer, &s, MHD_OPTION_LISTEN_SOCKET, listen_fd,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(KEEPALIVE_SECONDS * 4),
				  MHD_OPTION_CONNECTION_LIMIT, 200u, MHD_OPTION_END);
	if (!daemon) {
		fprintf(stderr, "%s", diag_pick("trappa: webbservern kunde inte starta\n",
						"trappa: the web server could not start\n"));
		goto out;
	}
	listen_fd = -1; /* the server's now, closed when it stops */
	rebuild(&s);
	printf("trappa: %s %s %s\n",
	       diag_pick("förhandsgranskningen finns på", "the preview is at"), s.base_url,
	       diag_pick("(avsluta med Ctrl+C)", "(stop with Ctrl+C)"));
	fflush(stdout);

	for (;;) {
		struct pollfd fds[2] = { { sigfd, POLLIN, 0 }, { s.inotify_fd, POLLIN, 0 } };
		long long left = pending ? due - now_ms() : -1;
		int n;

		if (pending && left <= 0) {
			pending = 0;
			rebuild(&s);
			continue;
		}
		n = poll(fds, 2, pending ? (int)left : -1);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && fds[0].revents) {
			/* Taken, or it would kill us once unblocked below. */
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof(si)) < 0)
				si.ssi_signo = 0;
			break;
		}
		if (n > 0 && fds[1].revents && read_changes(&s)) {
			pending = 1;
			due = now_ms() + DEBOUNCE_MS;
		}
	}
	status = 0;
	fprintf(stderr, "%s", diag_pick("trappa: förhandsgranskningen avslutad\n",
					"trappa: preview stopped\n"));
out:
	if (daemon) {
		pthread_mutex_lock(&s.lock);
		s.stopping = 1;
		pthread_cond_broadcast(&s.changed);
		pthread_mutex_unlock(&s.lock);
		MHD_stop_daemon(daemon);
	}
	if (listen_fd >= 0)
		close(listen_fd);
	if (s.tmp)
		output_remove_tree(s.tmp);
	if (s.inotify_fd >= 0)
		close(s.inotify_fd);
	if (sigfd >= 0)
		close(sigfd);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	for (i = 0; i < s.n_watches; i++)
		free(s.watches[i].path);
	free(s.watches);
	drafts_free(s.drafts, s.n_drafts);
	free(s.error_page);
	free(s.tmp);
	free(s.site_dir);
	free(s.cache_dir);
	free(s.root);
	free(s.base_url);
	free(base_theme);
	pthread_mutex_destroy(&s.lock);
	pthread_cond_destroy(&s.changed);
	return status;
}

/* trappa: the command line. See trappa(1). */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <getopt.h>
#include <git2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "history.h"
#include "mem.h"
#include "model.h"
#include "facts.h"
#include "output.h"
#include "plan.h"
#include "report.h"
#include "serve.h"
#include "site.h"
#include "slug.h"
#include "source.h"
#include "theme.h"
#include "utf8.h"

#define TRAPPA_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct options {
	const char *repo;
	const char *ref;
	const char *content;
	const char *out;
	const char *today;
	const char *theme;
	const char *title;
	const char *base_url;
	int worktree;
	int quiet;
	int strict;
	int full; /* --full: ignore the previous build's manifest */
	long time_limit; /* --time-limit: seconds a build or check may take; 0 = none */
	int year;         /* report --year; 0: every year */
	const char *bind; /* serve --bind */
	long port;        /* serve --port */
} options;

#define DEFAULT_TIME_LIMIT (30 * 60)

static void usage(FILE *f)
{
	fputs("Användning / usage:\n"
	      "  trappa build [--repo DIR] [--ref REF] [--content DIR] [--worktree] [--out DIR]\n"
	      "               [--today YYYY-MM-DD] [--theme DIR] [--base-url URL] [--quiet] [--full]\n"
	      "               [--time-limit SECONDS]\n"
	      "  trappa check [--repo DIR] [--ref REF] [--content DIR] [--worktree]\n"
	      "               [--today YYYY-MM-DD] [--theme DIR] [--strict] [--time-limit SECONDS]\n"
	      "  trappa new SLUG [--title TITLE] [--repo DIR] [--content DIR]\n"
	      "  trappa serve [--port N] [--bind ADDR] [--repo DIR] [--content DIR]\n"
	      "               [--today YYYY-MM-DD] [--theme DIR]\n"
	      "  trappa report --out DIR [--year YYYY] [--repo DIR] [--ref REF] [--content DIR]\n"
	      "               [--worktree] [--today YYYY-MM-DD]\n"
	      "  trappa schema\n"
	      "  trappa --help | --version\n"
	      "\n"
	      "build  bygger webbplatsen ur en incheckning / builds the site from a commit\n"
	      "check  kontrollerar innehållet / validates the content\n"
	      "new    skapar en ny dialogfil / creates a new dialogue file\n"
	      "serve  förhandsgranskar arbetskatalogen medan du skriver / previews the work tree\n"
	      "report skriver uppföljningstabellen (Bilaga D) som CSV och HTML, utanför\n"
	      "       webbplatsen / writes the internal follow-up table as CSV and HTML\n"
	      "schema skriver fälten som JSON Schema, för redigeringsprogram / prints the front\n"
	      "       matter's JSON Schema, for editors\n"
	      "\n"
	      "Se / see: man trappa\n",
	      f);
}

/* Prints in the chosen language; both formats are checked by the compiler. */
#define SAY(f, sv, en, ...)                                                                   \
	((void)sizeof(diag_format_check(sv, ##__VA_ARGS__)),                                  \
	 (void)sizeof(diag_format_check(en, ##__VA_ARGS__)), say((f), sv, en, ##__VA_ARGS__))

static void say(FILE *f, const char *sv, const char *en, ...)
{
	buf b = BUF_INIT;
	va_list ap;

	va_start(ap, en);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	buf_vprintf(&b, diag_pick(sv, en), ap); /* both checked by SAY */
#pragma GCC diagnostic pop
	va_end(ap);
	fputs(b.ptr, f);
	buf_free(&b);
}

/* An option's value as a whole number in [min, max]: 0, or -1 when it is
 * not one (letters, overflow, out of range). */
static int whole_number(long *out, const char *arg, long min, long max)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	return errno || end == arg || *end || *out < min || *out > max ? -1 : 0;
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "trappa: %s%s\n", msg, arg);
	usage(stderr);
	return EXIT_USAGE;
}

/* The closest of names[0..n) to word when close enough to be a typo. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3, i; /* at most two edits */

	for (i = 0; i < n; i++) {
		size_t d = utf8_edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

/* usage_error with "did you mean" when a known word is close. */
static int usage_error_suggest(const char *msg, const char *arg, const char *prefix,
			       const char *const *names, size_t n)
{
	const char *s = closest(arg + strlen(prefix), names, n);
	buf b = BUF_INIT;
	int rc;

	buf_puts(&b, arg);
	if (s)
		buf_printf(&b, "; menade du / did you mean %s%s?", prefix, s);
	rc = usage_error(msg, b.ptr);
	buf_free(&b);
	return rc;
}

static int parse_options(options *o, int argc, char **argv, const char *cmd)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },    { "ref", required_argument, NULL, 'R' },
		{ "content", required_argument, NULL, 'c' }, { "out", required_argument, NULL, 'o' },
		{ "today", required_argument, NULL, 'd' },   { "theme", required_argument, NULL, 't' },
		{ "title", required_argument, NULL, 'T' },   { "worktree", no_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },         { "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },          { "base-url", required_argument, NULL, 'b' },
		{ "full", no_argument, NULL, 'F' },          { "time-limit", required_argument, NULL, 'L' },
		{ "port", required_argument, NULL, 'P' },    { "bind", required_argument, NULL, 'B' },
		{ "year", required_argument, NULL, 'Y' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		int allowed = 1;
		switch (c) {
		case 'r': o->repo = optarg; break;
		case 'R': o->ref = optarg; allowed = strcmp(cmd, "new") != 0; break;
		case 'c': o->content = optarg; break;
		case 'o': o->out = optarg; allowed = !strcmp(cmd, "build") || !strcmp(cmd, "report"); break;
		case 'd': o->today = optarg; allowed = strcmp(cmd, "new") != 0; break;
		case 't': o->theme = optarg; allowed = strcmp(cmd, "new") != 0; break;
		case 'T': o->title = optarg; allowed = !strcmp(cmd, "new"); break;
		case 'w': o->worktree = 1; allowed = strcmp(cmd, "new") != 0; break;
		case 'q': o->quiet = 1; allowed = !strcmp(cmd, "build"); break;
		case 'F': o->full = 1; allowed = !strcmp(cmd, "build"); break;
		case 's': o->strict = 1; allowed = !strcmp(cmd, "check"); break;
		case 'b': o->base_url = optarg; allowed = !strcmp(cmd, "build"); break;
		case 'L': {
			if (whole_number(&o->time_limit, optarg, 0, 7 * 86400) != 0)
				return usage_error("--time-limit vill ha sekunder, 0 till 604800 (0: ingen "
						   "gräns) / wants seconds, 0 to 604800 (0: none): ",
						   optarg);
			allowed = strcmp(cmd, "new") != 0;
			break;
		}
		case 'P': {
			if (whole_number(&o->port, optarg, 0, 65535) != 0)
				return usage_error("--port vill ha ett portnummer, 0 till 65535 (0: en "
						   "ledig port) / wants a port, 0 to 65535 (0: any free): ",
						   optarg);
			allowed = !strcmp(cmd, "serve");
			break;
		}
		case 'B': o->bind = optarg; allowed = !strcmp(cmd, "serve"); break;
		case 'Y': {
			long year;
			if (whole_number(&year, optarg, 1000, 9999) != 0)
				return usage_error("--year vill ha ett årtal, t.ex. 2026 / wants a year, "
						   "e.g. 2026: ",
						   optarg);
			o->year = (int)year;
			allowed = !strcmp(cmd, "report");
			break;
		}
		case 'h': usage(stdout); exit(EXIT_OK);
		case ':': return usage_error("flaggan behöver ett värde / option needs a value: ", argv[optind - 1]);
		default: {
			const char *names[sizeof(longopts) / sizeof(longopts[0])];
			size_t n = 0, k;
			char *arg = mem_strdup(argv[optind - 1]);
			int rc;
			arg[strcspn(arg, "=")] = '\0'; /* --outt=x */
			for (k = 0; longopts[k].name; k++)
				names[n++] = longopts[k].name;
			rc = strncmp(arg, "--", 2)
				     ? usage_error("okänd flagga / unknown option: ", arg)
				     : usage_error_suggest("okänd flagga / unknown option: ", arg, "--",
							   names, n);
			free(arg);
			return rc;
		}
		}
		if (!strcmp(cmd, "serve") && !strchr("rcdtPB", c))
			allowed = 0; /* serve always reads the work tree */
		if (!strcmp(cmd, "schema") && c != 'h')
			allowed = 0; /* the schema depends on nothing but trappa */
		if (!allowed)
			return usage_error("flaggan passar inte här / option not valid here: ",
					   argv[optind - 1]);
	}
	if (o->content) {
		/* "content/" and "content" are the same folder; nothing outside the
		 * repository can be one. */
		char *dir = (char *)o->content;
		size_t n = strlen(dir);
		while (n > 1 && dir[n - 1] == '/')
			dir[--n] = '\0';
		if (!*dir || dir[0] == '/' || strstr(dir, "//") || !strcmp(dir, "..") ||
		    !strncmp(dir, "../", 3) || strstr(dir, "/../") || (n >= 3 && !strcmp(dir + n - 3, "/..")))
			return usage_error("--content vill ha en katalog i arkivet / wants a folder inside "
					   "the repository: ",
					   dir);
	}
	if (o->out) {
		struct stat st;
		if (!*o->out)
			return usage_error("--out vill ha en katalog, inte en tom text / wants a folder, "
					   "not an empty text",
					   "");
		if (stat(o->out, &st) == 0 && !S_ISDIR(st.st_mode))
			return usage_error("--out ska vara en katalog, men det här är en fil / must be a "
					   "folder, but this is a file: ",
					   o->out);
	}
	if (o->base_url && strncmp(o->base_url, "https://", 8) && strncmp(o->base_url, "http://", 7))
		return usage_error("--base-url vill ha en fullständig adress / wants a full address: ",
				   o->base_url);
	if (o->today) {
		int day;
		if (date_parse(&day, o->today) != 0)
			return usage_error("--today vill ha ett datum ÅÅÅÅ-MM-DD / wants YYYY-MM-DD: ",
					   o->today);
	}
	return 0;
}

/* ---- the time limit ----------------------------------------------------------
 *
 * A damaged git object can make libgit2 loop for ever (libgit2 issue
 * #7342; source.c checks loose objects first, but not every read can be
 * checked), and a build that never ends holds the publishing lock. So
 * every build and check ends after --time-limit seconds: the handler says
 * what was being read and exits as a git failure does. Only
 * async-signal-safe calls here. */

static volatile sig_atomic_t watchdog_build;
static long watchdog_seconds;

static void put(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void watchdog_fire(int sig)
{
	char num[24];
	int i = (int)sizeof(num) - 1;
	long v = watchdog_seconds;
	int en = diag_get_language() == DIAG_LANG_EN;

	(void)sig;
	num[i] = '\0';
	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	put(source_activity()[0] ? source_activity() : "trappa");
	put(en ? ": error: gave up here after " : ": error: gav upp här efter ");
	put(num + i);
	put(en ? " seconds (--time-limit); a damaged git object can make libgit2 hang: run "
		 "git fsck\n"
	       : " sekunder (--time-limit); ett skadat git-objekt kan få libgit2 att hänga: "
		 "kör git fsck\n");
	if (watchdog_build)
		put(en ? "trappa: nothing was published; the published site is untouched\n"
		       : "trappa: inget publicerades; den publicerade webbplatsen är orörd\n");
	_exit(EXIT_IO);
}

static void watchdog_start(long seconds, int build)
{
	struct sigaction sa;

	if (seconds <= 0)
		return;
	watchdog_seconds = seconds;
	watchdog_build = build;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog_fire;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)seconds);
}

static void print_diags(diag_list *d)
{
	diag_sort(d);
	diag_print(d, stderr);
}

static int open_source(source **src, diag_list *d, const options *o)
{
	int rc = o->worktree ? source_open_worktree(src, d, o->repo) :
			       source_open_git(src, d, o->repo, o->ref);
	if (rc == 0)
		diag_set_prefix(d, source_label(*src));
	return rc;
}

/* Builds or checks. */
static int run(const options *o, int build)
{
	diag_list d = DIAG_LIST_INIT;
	source *src = NULL;
	theme *th = NULL;
	output *out = NULL;
	model_site m;
	model_options mo = { NULL, NULL, NULL, 0 };
	site_stats stats;
	buf cache = BUF_INIT;
	history *hist = NULL;
	int status = EXIT_IO, loaded = 0, rc, updated;
	size_t written, changed;

	memset(&m, 0, sizeof(m));
	diag_phase("start");
	watchdog_start(o->time_limit, build);
	source_set_activity(o->repo ? o->repo : ".");
	if (open_source(&src, &d, o) != 0)
		goto out;
	mo.content_dir = o->content ? o->content : "content";
	mo.today = o->today;
	diag_phase("open");
	/* Refuse a foreign --out before anything is written beside it, and
	 * hold its lock from the first read of its cache. */
	if (build) {
		diag_set_prefix(&d, NULL);
		source_set_activity(o->out ? o->out : "public"); /* waiting for its lock */
		if (output_begin(&out, &d, o->out ? o->out : "public") != 0)
			goto out;
		/* The manifest of what was published and the model cache live
		 * beside the output, so the next build reads and rewrites only
		 * what changed. */
		{
			/* Beside the folder, also for --out public/ */
			const char *dir = o->out ? o->out : "public";
			size_t n = strlen(dir);
			while (n > 1 && dir[n - 1] == '/')
				n--;
			buf_printf(&cache, "%.*s.cache", (int)n, dir);
		}
		if (output_set_cache(out, cache.ptr, !o->full) != 0)
			goto out;
		mo.cache_dir = cache.ptr;
		mo.cache_read = !o->full;
		diag_set_prefix(&d, source_label(src));
		diag_phase("output_begin");
	}
	loaded = 1; /* model_load clears m first, so freeing is safe whatever happens */
	if (model_load(&m, &d, src, &mo) != 0)
		goto out;
	{
		buf what = BUF_INIT;
		buf_printf(&what, "model_load (%zu of %zu dialogues from the cache)", m.n_from_cache,
			   m.n_dialogues);
		diag_phase(what.ptr);
		buf_free(&what);
	}
	/* A preview is published under another address than the site. */
	if (o->base_url)
		value_map_set_string(m.config, "base_url", o->base_url);
	/* History comes from the commit being built; the work tree has none.
	 * It is cached beside the output, never inside the repository. */
	if (!o->worktree && source_repository(src) && !m.too_deep) {
		history_options ho = { mo.content_dir, NULL, m.lang };
		if (build)
			ho.cache_dir = cache.ptr;
		buf what = BUF_INIT; /* what the time limit names */
		buf_printf(&what, "%s%s (git-historik / git history)", source_label(src),
			   mo.content_dir);
		source_set_activity(what.ptr);
		buf_free(&what);
		if (history_load(&hist, &d, source_repository(src), source_commit_id(src), &ho) != 0)
			goto out;
	}
	diag_phase("history_load");
	model_apply_history(&m, &d, hist);
	plan_check(&d, &m); /* clashes: warnings for check and build alike */
	diag_phase("history_apply+plan_check");
	diag_set_prefix(&d, NULL);
	if (theme_open_for_site(&th, &d, src, mo.content_dir, m.theme, o->theme) != 0)
		goto out;
	diag_set_prefix(&d, source_label(src));
	if (!build) {
		site_check_theme(&d, &m, th);
		status = d.errors || (o->strict && d.warnings) ? EXIT_CONTENT : EXIT_OK;
		goto out;
	}
	if (d.errors) {
		status = EXIT_CONTENT;
		goto out;
	}
	source_set_activity(o->out ? o->out : "public");
	diag_phase("theme");
	rc = site_build(&stats, out, &d, &m, th, src);
	diag_phase("site_build");
	if (rc != 0 || d.errors) {
		status = rc == SITE_EIO ? EXIT_IO : EXIT_CONTENT;
		goto out;
	}
		diag_set_prefix(&d, NULL);
	/* Publishing is local work that must not be cut short halfway. */
	alarm(0);
	updated = output_is_update(out);
	output_counts(out, &written, &changed);
	rc = output_commit(out);
	out = NULL; /* committed or aborted by output_commit */
	if (rc != 0)
		goto out;
	status = EXIT_OK;
	if (!o->quiet) {
		buf today = BUF_INIT;
		date_format_iso(&today, m.today);
		/* Says whether the folder was updated or replaced, for whoever
		 * wonders why a rebuild was quick (and for the tests). */
		if (updated)
			SAY(stdout, "trappa: %zu av %zu filer ändrades; resten var redan publicerade\n",
			    "trappa: %zu of %zu files changed; the rest were already published\n",
			    changed, written);
		SAY(stdout, "trappa: %zu sidor och %zu filer i %s (status per %s%s%s)\n",
		    "trappa: %zu pages and %zu files in %s (status as of %s%s%s)\n", stats.pages,
		    stats.files, o->out ? o->out : "public", today.ptr,
		    *source_commit_id(src) ? diag_pick(", incheckning ", ", commit ") : "",
		    source_commit_id(src));
		buf_free(&today);
	}
out:
	print_diags(&d);
	/* Every failure comes before the swap that publishes (output.c), so
	 * whatever went wrong, the published site is the old one. */
	if (status != EXIT_OK && build)
		fputs(diag_pick("trappa: inget publicerades; den publicerade webbplatsen är orörd\n",
				"trappa: nothing was published; the published site is untouched\n"),
		      stderr);
	output_abort(out); /* the published site stays as it was */
	if (loaded)
		model_free(&m);
	history_free(hist);
	buf_free(&cache);
	theme_free(th);
	source_free(src);
	diag_list_free(&d);
	return status;
}

/* model.c knows its example texts and reports any left unchanged
 * (new_placeholders there): change both together. */
static const char new_template[] =
	"---\n"
	"title: \"%s\"\n"
	"summary: Skriv en mening om vad dialogen handlar om.\n"
	"level: konsultation        # information | konsultation | dialog | inflytande | medbeslutande\n"
	"level_reason: Varför just det steget?\n"
	"influence: Vad kan invånarna påverka?\n"
	"decided: Vad är redan bestämt?\n"
	"purpose: Varför hålls dialogen?\n"
	"responsible: KS             # nämndens nyckel i site.yaml, eller dess namn\n"
	"# administration: Kommunledningsförvaltningen\n"
	"contact:\n"
	"  name: Förnamn Efternamn\n"
	"  email: namn@exempel.se\n"
	"  # phone: \"08-123 45 67\"\n"
	"# case_numbers: [ \"KS 2026/1\" ]\n"
	"# start: %s              # krävs när dialogen har börjat\n"
	"# end: %s\n"
	"# status: planerad         # bara för pausad eller inställd; annars räknas den fram\n"
	"# areas: [ Centrum ]\n"
	"# themes: [ Trafik ]\n"
	"# target_groups: [ Barn och unga ]\n"
	"# methods: [ Webbenkät ]\n"
	"# participants: 0\n"
	"# meetings:\n"
	"#   - { title: Öppet hus, start: \"%sT17:00\", end: \"%sT19:00\", place: \"Stadsbiblioteket\" }\n"
	"#     # också: access: [ rullstol, hörslinga ], language: [ sv, ar ], registration: en\n"
	"#     # länk eller en text, state: inställt eller flyttat (start är den nya tiden), note\n"
	"# documents:\n"
	"#   - { title: Underlag, url: \"https://exempel.se/underlag.pdf\" }\n"
	"# phases:\n"
	"#   - { title: Enkät, start: %s, end: %s }\n"
	"# updates:                  # offentliga notiser, nyast först\n"
	"#   - { date: %s, text: \"Enkäten är stängd. Vi sammanställer svaren.\" }\n"
	"# feedback_due: %s\n"
	"# feedback_date: %s\n"
	"# decision: { date: %s, body: Kommunfullmäktige, ref: \"§ 1\" }\n"
	"# related: [ en-annan-dialog ]\n"
	"# easy_read: |\n"
	"#   Kort text på lätt svenska.\n"
	"draft: true                 # utkast: publiceras inte; ta bort raden när texten är klar\n"
	"---\n"
	"Beskriv dialogen här.\n"
	"\n"
	"## Så deltar du\n"
	"\n"
	"Berätta hur man deltar.\n";

static int cmd_new(const options *o, const char *slug)
{
	git_repository *repo = NULL;
	buf dir = BUF_INIT, path = BUF_INIT, text = BUF_INIT, day = BUF_INIT, title = BUF_INIT;
	const char *root = o->repo ? o->repo : ".";
	const char *content = o->content ? o->content : "content";
	const char *p;
	int fd, status = EXIT_IO, today;
	ssize_t written;

	if (!slug_is_valid(slug)) {
		fprintf(stderr, "%s", diag_pick("trappa: ogiltigt namn: använd små bokstäver a-z, "
						 "siffror och bindestreck (å, ä blir a; ö blir o)\n",
						 "trappa: invalid name: use lower-case a-z, digits and "
						 "hyphens (å, ä become a; ö becomes o)\n"));
		return EXIT_USAGE;
	}
	git_libgit2_init();
	if (git_repository_open_ext(&repo, root, 0, NULL) == 0 && git_repository_workdir(repo))
		buf_puts(&dir, git_repository_workdir(repo));
	else
		buf_printf(&dir, "%s/", root);
	{
		/* Outside a site, new would make a content folder nobody builds. */
		buf site = BUF_INIT;
		struct stat st;
		buf_printf(&site, "%s%s/site.yaml", dir.ptr, content);
		if (stat(site.ptr, &st) != 0) {
			SAY(stderr,
			    "trappa: här finns ingen webbplats (%s saknas); gå till webbplatsens "
			    "katalog eller ange den med --repo; ingenting skrevs\n",
			    "trappa: there is no site here (%s is missing); go to the site's folder "
			    "or name it with --repo; nothing was written\n",
			    site.ptr);
			buf_free(&site);
			status = EXIT_USAGE;
			goto out;
		}
		buf_free(&site);
	}
	buf_printf(&dir, "%s/dialoger", content);
	for (p = dir.ptr + 1; *p; p++) {
		if (*p == '/') {
			char *partial = mem_strndup(dir.ptr, (size_t)(p - dir.ptr));
			int rc = mkdir(partial, 0755), err = errno;
			free(partial);
			if (rc != 0 && err != EEXIST) {
				/* Said here: open() below would only say ENOENT. */
				fprintf(stderr, "trappa: %s: %s\n", dir.ptr, strerror(err));
				goto out;
			}
		}
	}
	if (mkdir(dir.ptr, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "trappa: %s: %s\n", dir.ptr, strerror(errno));
		goto out;
	}
	{
		/* A bundle of the same name is the same dialogue. */
		struct stat st;
		buf bundle = BUF_INIT;
		buf_printf(&bundle, "%s/%s", dir.ptr, slug);
		if (lstat(bundle.ptr, &st) == 0) {
			SAY(stderr, "trappa: %s finns redan; ingenting skrevs\n",
			    "trappa: %s already exists; nothing was written\n", bundle.ptr);
			buf_free(&bundle);
			status = EXIT_CONTENT;
			goto out;
		}
		buf_free(&bundle);
	}
	buf_printf(&path, "%s/%s.md", dir.ptr, slug);
	date_today(&today, NULL, "Europe/Stockholm");
	date_format_iso(&day, today);
	{
		/* The title goes into a double-quoted YAML string: escape it. */
		const char *t = o->title ? o->title : slug;
		for (; *t; t++) {
			if (*t == '"' || *t == '\\')
				buf_putc(&title, '\\');
			if ((unsigned char)*t >= 0x20)
				buf_putc(&title, *t);
		}
	}
	buf_printf(&text, new_template, title.ptr, day.ptr, day.ptr, day.ptr, day.ptr, day.ptr,
		   day.ptr, day.ptr, day.ptr, day.ptr, day.ptr);
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		int err = errno; /* SAY allocates, which may change errno */
		if (err == EEXIST)
			SAY(stderr, "trappa: %s finns redan; ingenting skrevs över\n",
			    "trappa: %s already exists; nothing was overwritten\n", path.ptr);
		else
			fprintf(stderr, "trappa: %s: %s\n", path.ptr, strerror(err));
		status = err == EEXIST ? EXIT_CONTENT : EXIT_IO;
		goto out;
	}
	written = write(fd, text.ptr, text.size);
	if (written != (ssize_t)text.size) {
		/* A short write sets no errno: "Success" would be a lie. */
		fprintf(stderr, "trappa: %s: %s\n", path.ptr,
			written < 0 ? strerror(errno) : diag_pick("disken är full", "the disk is full"));
		close(fd);
		unlink(path.ptr); /* never leave half a file that then blocks a retry */
		goto out;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "trappa: %s: %s\n", path.ptr, strerror(errno));
		unlink(path.ptr);
		goto out;
	}
	SAY(stdout, "trappa: skapade %s; fyll i fälten och checka in filen\n",
	    "trappa: created %s; fill in the fields and commit the file\n", path.ptr);
	status = EXIT_OK;
out:
	git_repository_free(repo);
	git_libgit2_shutdown();
	buf_free(&dir);
	buf_free(&path);
	buf_free(&text);
	buf_free(&day);
	buf_free(&title);
	return status;
}

/* ---- trappa report: the internal follow-up, outside the site (report.h) ---- */

/* Writes b to dir/name; says why not on stderr. */
static int write_report_file(const char *dir, const char *name, const buf *b, buf *path)
{
	FILE *f;
	int ok;

	buf_clear(path);
	buf_printf(path, "%s/%s", dir, name);
	f = fopen(path->ptr, "wb");
	if (!f) {
		fprintf(stderr, "trappa: %s: %s\n", path->ptr, strerror(errno));
		return -1;
	}
	ok = fwrite(b->ptr, 1, b->size, f) == b->size;
	ok = (fclose(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, "trappa: %s: %s\n", path->ptr, strerror(errno));
		unlink(path->ptr);
		return -1;
	}
	return 0;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char *p = mem_strdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s && rc == 0; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST)
				rc = -1;
			*s = '/';
		}
	if (rc == 0 && mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "trappa: %s: %s\n", p, strerror(errno));
	free(p);
	return rc;
}

static int cmd_report(const options *o)
{
	diag_list d = DIAG_LIST_INIT;
	source *src = NULL;
	history *hist = NULL;
	model_site m;
	model_options mo = { NULL, NULL, NULL, 0 };
	facts f;
	report_row *rows = NULL;
	size_t n_rows = 0;
	buf site = BUF_INIT, repo_public = BUF_INIT, csv = BUF_INIT, html = BUF_INIT, name = BUF_INIT,
	    path = BUF_INIT;
	const char *site_dirs[2];
	int status = EXIT_IO, loaded = 0, have_facts = 0;

	memset(&m, 0, sizeof(m));
	if (!o->out)
		return usage_error("report vill ha --out KATALOG, utanför webbplatsen / report "
				   "wants --out DIR, outside the site",
				   "");
	/* internal must never reach the published site: not even by a report
	 * written into it, which the next build's rsync or nginx would serve. */
	buf_printf(&repo_public, "%s/public", o->repo ? o->repo : ".");
	site_dirs[0] = "public";
	site_dirs[1] = repo_public.ptr;
	if (report_inside_site(&site, o->out, site_dirs, 2)) {
		SAY(stderr,
		    "trappa: %s ligger i den publicerade webbplatsen (%s); uppföljningen är intern "
		    "och får inte publiceras: välj en katalog utanför den, t.ex. --out "
		    "uppfoljning; ingenting skrevs\n",
		    "trappa: %s lies in the published site (%s); the follow-up is internal and must "
		    "not be published: choose a folder outside it, e.g. --out uppfoljning; nothing "
		    "was written\n",
		    o->out, site.ptr);
		status = EXIT_USAGE;
		goto out;
	}
	watchdog_start(o->time_limit, 0);
	source_set_activity(o->repo ? o->repo : ".");
	if (open_source(&src, &d, o) != 0)
		goto out;
	mo.content_dir = o->content ? o->content : "content";
	mo.today = o->today;
	loaded = 1;
	if (model_load(&m, &d, src, &mo) != 0)
		goto out;
	if (!o->worktree && source_repository(src) && !m.too_deep) {
		history_options ho = { mo.content_dir, NULL, m.lang };
		if (history_load(&hist, &d, source_repository(src), source_commit_id(src), &ho) != 0)
			goto out;
	}
	model_apply_history(&m, &d, hist);
	if (d.errors) {
		status = EXIT_CONTENT;
		goto out;
	}
	alarm(0);
	facts_init(&f, &m, NULL, NULL);
	have_facts = 1;
	report_rows(&rows, &n_rows, &f, o->year);
	report_csv(&csv, rows, n_rows);
	report_html(&html, &f, rows, n_rows, o->year);
	if (make_dirs(o->out) != 0)
		goto out;
	buf_puts(&name, "uppfoljning");
	if (o->year)
		buf_printf(&name, "-%d", o->year);
	buf_puts(&name, ".csv");
	if (write_report_file(o->out, name.ptr, &csv, &path) != 0)
		goto out;
	buf_truncate(&name, name.size - 4);
	buf_puts(&name, ".html");
	if (write_report_file(o->out, name.ptr, &html, &path) != 0)
		goto out;
	buf_truncate(&name, name.size - 5);
	SAY(stdout, "trappa: skrev %s/%s.csv och %s.html (%zu dialoger); filerna är interna: "
		    "publicera dem inte\n",
	    "trappa: wrote %s/%s.csv and %s.html (%zu dialogues); the files are internal: do "
	    "not publish them\n",
	    o->out, name.ptr, name.ptr, n_rows);
	status = EXIT_OK;
out:
	print_diags(&d);
	free(rows);
	if (have_facts)
		facts_free(&f);
	if (loaded)
		model_free(&m);
	history_free(hist);
	source_free(src);
	diag_list_free(&d);
	buf_free(&site);
	buf_free(&repo_public);
	buf_free(&csv);
	buf_free(&html);
	buf_free(&name);
	buf_free(&path);
	return status;
}

static int cmd_schema(void)
{
	buf out = BUF_INIT;
	int status = EXIT_OK;

	model_schema(&out);
	if (fwrite(out.ptr, 1, out.size, stdout) != out.size || fflush(stdout) != 0) {
		fprintf(stderr, "trappa: %s\n", strerror(errno));
		status = EXIT_IO;
	}
	buf_free(&out);
	return status;
}

int main(int argc, char **argv)
{
	options o;
	const char *cmd;
	int rc;

	memset(&o, 0, sizeof(o));
	o.time_limit = DEFAULT_TIME_LIMIT;
	o.port = SERVE_DEFAULT_PORT;
	diag_language_from_env();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--version")) {
		printf("trappa %s\n", TRAPPA_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "build") && strcmp(cmd, "check") && strcmp(cmd, "new") && strcmp(cmd, "serve") &&
	    strcmp(cmd, "schema") && strcmp(cmd, "report")) {
		static const char *const commands[] = { "build", "check", "new", "serve", "schema",
							"report" };
		return usage_error_suggest("okänt kommando / unknown command: ", cmd, "", commands,
					   sizeof(commands) / sizeof(commands[0]));
	}
	rc = parse_options(&o, argc - 1, argv + 1, cmd);
	if (rc)
		return rc;
	if (!strcmp(cmd, "new")) {
		if (argc - 1 - optind != 1)
			return usage_error("new vill ha exakt ett namn / new wants exactly one SLUG", "");
		return cmd_new(&o, argv[1 + optind]);
	}
	if (argc - 1 - optind != 0)
		return usage_error("oväntat argument / unexpected argument: ", argv[1 + optind]);
	if (!strcmp(cmd, "schema"))
		return cmd_schema();
	if (!strcmp(cmd, "report"))
		return cmd_report(&o);
	if (!strcmp(cmd, "serve")) {
		serve_options so = { o.repo, o.content, o.theme, o.today, o.bind, (int)o.port };
		return serve_run(&so);
	}
	return run(&o, !strcmp(cmd, "build"));
}

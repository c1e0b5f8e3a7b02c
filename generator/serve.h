/* serve: `trappa serve`, a local preview of the work tree while editing.
 *
 * Builds the work tree (drafts included) into a private temporary folder,
 * never into the published one, serves it over HTTP with libmicrohttpd on
 * 127.0.0.1, rebuilds when a file under the content folder or a theme
 * changes (inotify, ~100 ms debounce), and makes open pages reload
 * themselves: every HTML response gets an external same-origin script,
 * /__trappa/reload.js, that listens to Server-Sent Events on
 * /__trappa/events, so the site's Content-Security-Policy (default-src
 * 'self', no inline script) holds in the preview too. Draft pages carry a
 * banner; while the content has errors every page is replaced by an error
 * page listing each diagnostic with its source line. Nothing outside the
 * built site is ever served: paths are walked segment by segment with
 * openat(O_NOFOLLOW) below the site folder, and "..", dot files and
 * symbolic links are 404. */
#ifndef TRAPPA_SERVE_H
#define TRAPPA_SERVE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

#define SERVE_DEFAULT_PORT 4000

typedef struct serve_options {
	const char *repo;    /* the work tree (or a folder in it); NULL: "." */
	const char *content; /* content folder in it; NULL: "content" */
	const char *theme;   /* --theme base theme folder, or NULL */
	const char *today;   /* --today, or NULL */
	const char *bind;    /* address to listen on; NULL: 127.0.0.1 */
	int port;            /* 0: any free port (printed) */
} serve_options;

/* Serves until SIGINT or SIGTERM, then removes its temporary folder.
 * Returns the process exit status: 0 after a signal, 3 when the server
 * cannot start (the port is taken, the address is not local, ...). */
int serve_run(const serve_options *o);

/* ---- the parts, for the unit tests ------------------------------------------- */

enum { SERVE_FILE = 0, SERVE_NOTFOUND = -1, SERVE_ISDIR = -2 };

/* Opens the file the URL path (as decoded by the server, starting with
 * '/') names below the folder rootfd: "/a/" is a/index.html. Refuses
 * "..", ".", empty segments, dot files, backslashes and control characters,
 * and never follows a symbolic link. Returns SERVE_FILE with *fd open for
 * reading on a regular file, SERVE_ISDIR for a folder named without its
 * final '/' (the caller redirects), or SERVE_NOTFOUND. */
int serve_open_path(int *fd, int rootfd, const char *url_path);

/* The Content-Type for a file name, by its extension. */
const char *serve_content_type(const char *name);

/* Copies the HTML page in, with head_end inserted before "</head>",
 * body_start right after the "<body ...>" tag and body_end before the last
 * "</body>" (appended when the page has none). Any of them may be NULL. */
void serve_inject(buf *out, const char *html, size_t len, const char *head_end,
		  const char *body_start, const char *body_end);

/* The error page: every diagnostic of d with file:line:col, its severity,
 * the offending line of the file (read below root, the work tree) with a
 * caret under the column, and the message, all HTML-escaped; reload_tag
 * is put before </body>. In the language of the diagnostics. */
void serve_error_page(buf *out, const diag_list *d, const char *root, const char *reload_tag);

#endif

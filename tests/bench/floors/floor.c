/* floor: the floor for a full build. Reads every Markdown blob of a commit
 * with libgit2, parses its front matter with libyaml, renders the body with
 * cmark and writes one HTML file per page. No templates, no lists: what any
 * generator reading from git must at least do. One thread.
 *
 *   floor REPO OUT      (reads REPO's HEAD)
 *
 * Built by tests/bench/run.sh into $BENCH_WORK/tools/floor-c/:
 *   cc -O2 -o floor floor.c $(pkg-config --cflags --libs libcmark libgit2 yaml-0.1)
 * Adapted from the project's reference harness (bench/floors/floor.c in the shared reference material, not needed here):
 * the same work, with every error checked, so that a failed run is not timed
 * as a fast one. */
#include <cmark.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static const char *outdir;
static long pages, bytes_in, bytes_out;

/* Parses the front matter event by event, as a generator must at least do;
 * the values themselves are not kept. */
static int count_yaml(const char *s, size_t n)
{
	yaml_parser_t p;
	yaml_event_t e;
	int k = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	for (;;) {
		int done;

		if (!yaml_parser_parse(&p, &e)) {
			k = -1;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		if (e.type == YAML_SCALAR_EVENT)
			k++;
		yaml_event_delete(&e);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	return k;
}

static int write_page(const char *name, size_t stem, const char *html)
{
	char path[4096];
	FILE *f;
	int n = snprintf(path, sizeof(path), "%s/%.*s", outdir, (int)stem, name);

	if (n < 0 || (size_t)n + sizeof("/index.html") > sizeof(path)) {
		fprintf(stderr, "floor: path too long: %s\n", name);
		return -1;
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		perror(path);
		return -1;
	}
	memcpy(path + n, "/index.html", sizeof("/index.html"));
	if (!(f = fopen(path, "w"))) {
		perror(path);
		return -1;
	}
	fputs("<!doctype html><html lang=sv><meta charset=utf-8><title>x</title><main>", f);
	fputs(html, f);
	fputs("</main></html>", f);
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	bytes_out += (long)strlen(html);
	return 0;
}

static int visit(const char *root, const git_tree_entry *entry, void *payload)
{
	git_repository *repo = payload;
	const char *name = git_tree_entry_name(entry), *s, *body;
	size_t nl = strlen(name), n, bn;
	git_blob *blob;
	char *html;
	int rc;

	(void)root;
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	if (nl < 3 || strcmp(name + nl - 3, ".md") != 0)
		return 0;
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(entry)) != 0)
		return -1;
	s = git_blob_rawcontent(blob);
	n = (size_t)git_blob_rawsize(blob);
	bytes_in += (long)n;
	body = s;
	bn = n;
	if (n > 4 && memcmp(s, "---\n", 4) == 0) {
		const char *end = strstr(s + 4, "\n---\n");
		if (end) {
			count_yaml(s + 4, (size_t)(end - s - 4));
			body = end + 5;
			bn = n - (size_t)(body - s);
		}
	}
	html = cmark_markdown_to_html(body, bn, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	rc = html ? write_page(name, nl - 3, html) : -1;
	free(html);
	git_blob_free(blob);
	pages++;
	return rc;
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: floor REPO OUT\n");
		return 2;
	}
	outdir = argv[2];
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	git_libgit2_init();
	if (git_repository_open(&repo, argv[1]) != 0 ||
	    git_revparse_single(&obj, repo, "HEAD^{tree}") != 0) {
		const git_error *e = git_error_last();
		fprintf(stderr, "floor: git: %s\n", e ? e->message : "?");
		goto out;
	}
	if (git_tree_walk((git_tree *)obj, GIT_TREEWALK_PRE, visit, repo) != 0) {
		fprintf(stderr, "floor: failed after %ld pages\n", pages);
		goto out;
	}
	fprintf(stderr, "floor: %ld pages, %ld bytes in, %ld html bytes\n", pages, bytes_in, bytes_out);
	rc = 0;
out:
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "mem.h"
#include "utf8.h"

struct source {
	git_repository *repo;
	git_tree *tree;   /* NULL for the work tree */
	char *root;       /* work tree root on disk */
	source_file *files; /* in-memory files (tests, fuzzing); root and tree NULL */
	size_t n_files;
	/* The folder of the last file read from a commit. Files are read folder
	 * by folder; looking each up from the root would inflate and hash a
	 * large folder's tree once per file (quadratic: 10 000 dialogues read
	 * the 640 KB tree of dialoger/ 10 000 times). */
	char *dir_path;
	git_tree *dir_tree;
	/* Pages render on two threads and read their Markdown again; the
	 * folder cache above is shared, so reads take turns. */
	pthread_mutex_t read_lock;
	char label[16];
	char commit[41];
	size_t damaged;        /* damaged objects met (under read_lock) */
	char damaged_id[41];   /* the first one */
};

static int libgit2_refs;

static source *source_alloc(void)
{
	source *s = mem_calloc(1, sizeof(*s));
	pthread_mutex_init(&s->read_lock, NULL);
	return s;
}

static void source_git_init(void)
{
	if (libgit2_refs++ == 0)
		git_libgit2_init();
}

static void source_git_shutdown(void)
{
	if (--libgit2_refs == 0)
		git_libgit2_shutdown();
}

static const char *git_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "okänt fel / unknown error";
}

/* ---- what is being read, for the time limit ------------------------------ */

/* Written under read_lock (or on the main thread), read by a signal
 * handler: the last byte stays NUL, so a torn read is at worst garbled. */
static char activity[512];

const char *source_activity(void)
{
	return activity;
}

void source_set_activity(const char *what)
{
	size_t n = strlen(what);

	if (n > sizeof(activity) - 1)
		n = sizeof(activity) - 1;
	memset(activity, 0, sizeof(activity));
	memcpy(activity, what, n);
}

/* ---- verifying git objects before libgit2 reads them ------------------------ */

#define OBJECT_HEADER_MAX 64 /* "commit 18446744073709551615" and its NUL */

/* Parses a loose object's header "<type> <size>\0". */
static int parse_object_header(git_object_t *type, size_t *size, const char *h, size_t n)
{
	const char *sp = memchr(h, ' ', n);
	char name[8];
	unsigned long long v = 0;
	const char *p;

	if (!sp || (size_t)(sp - h) >= sizeof(name) || !memchr(sp, '\0', n - (size_t)(sp - h)))
		return -1;
	memcpy(name, h, (size_t)(sp - h));
	name[sp - h] = '\0';
	*type = git_object_string2type(name);
	if (*type != GIT_OBJECT_BLOB && *type != GIT_OBJECT_TREE && *type != GIT_OBJECT_COMMIT &&
	    *type != GIT_OBJECT_TAG)
		return -1;
	for (p = sp + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > (unsigned long long)SIZE_MAX / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (p == sp + 1)
		return -1;
	*size = (size_t)v;
	return 0;
}

typedef struct loose_object {
	git_object_t type;
	size_t size;  /* from the header */
	buf *body;    /* the content, when wanted; NULL: only checked */
	size_t limit; /* larger objects give SOURCE_ETOOLARGE after the header */
	int header_only;
} loose_object;

/* Inflates the loose object file fd with a loop that always ends: every
 * turn reads input or makes output, and input that ends before zlib's
 * stream does is an error (where libgit2 1.5 retries for ever). Checks the
 * header, the size and (when reading it whole) the object id. */
static int loose_inflate(loose_object *o, int fd, const git_oid *id)
{
	unsigned char in[16384], out[16384];
	char head[OBJECT_HEADER_MAX];
	size_t head_len = 0, got = 0;
	int have_header = 0, eof = 0, zrc = Z_OK, error = SOURCE_EDAMAGED;
	z_stream z;
	buf scratch = BUF_INIT;
	buf *body = o->body ? o->body : &scratch;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return SOURCE_EIO;
	buf_clear(body);
	while (zrc != Z_STREAM_END) {
		size_t made, used_in, i = 0;
		uInt before_in;

		if (z.avail_in == 0 && !eof) {
			ssize_t n = read(fd, in, sizeof(in));
			if (n < 0) {
				error = SOURCE_EIO;
				goto out;
			}
			eof = n == 0;
			z.next_in = in;
			z.avail_in = (uInt)n;
		}
		before_in = z.avail_in;
		z.next_out = out;
		z.avail_out = sizeof(out);
		zrc = inflate(&z, Z_NO_FLUSH);
		made = sizeof(out) - z.avail_out;
		used_in = before_in - z.avail_in;
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
			goto out; /* not zlib data, or damaged inside */
		if (zrc != Z_STREAM_END && made == 0 && used_in == 0 && (eof || zrc == Z_BUF_ERROR))
			goto out; /* the file ends before the stream: truncated */
		while (!have_header && i < made) {
			char c = (char)out[i++];
			if (head_len == sizeof(head))
				goto out;
			head[head_len++] = c;
			if (c != '\0')
				continue;
			if (parse_object_header(&o->type, &o->size, head, head_len) != 0)
				goto out;
			have_header = 1;
			if (o->size > o->limit) {
				error = SOURCE_ETOOLARGE;
				goto out;
			}
			if (o->header_only) {
				error = 0;
				goto out;
			}
		}
		if (made - i > o->size - got)
			goto out; /* more than the header promised */
		buf_put(body, (const char *)out + i, made - i);
		got += made - i;
	}
	/* Nothing may follow the stream, and the size must be the promised one. */
	if (!have_header || got != o->size || z.avail_in > 0)
		goto out;
	if (!eof) {
		ssize_t n = read(fd, in, 1);
		if (n != 0)
			goto out;
	}
	{
		git_oid actual;
		if (git_odb_hash(&actual, body->ptr ? body->ptr : "", body->size, o->type) != 0 ||
		    git_oid_cmp(&actual, id) != 0)
			goto out;
	}
	error = 0;
out:
	inflateEnd(&z);
	buf_free(&scratch);
	return error;
}

/* 1 when the object is not stored loose (packed, or in an alternate
 * store libgit2 finds itself); else what loose_inflate says. */
static int loose_check(loose_object *o, git_repository *repo, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	buf path = BUF_INIT;
	int fd, rc;

	git_oid_tostr(hex, sizeof(hex), id);
	buf_printf(&path, "%sobjects/%.2s/%s", git_repository_commondir(repo), hex, hex + 2);
	fd = open(path.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_free(&path);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 1 : SOURCE_EIO;
	rc = loose_inflate(o, fd, id);
	close(fd);
	return rc;
}

int source_verify_object(struct git_repository *repo, const struct git_oid *id)
{
	loose_object o = { GIT_OBJECT_INVALID, 0, NULL, (size_t)-1, 0 };
	int rc = loose_check(&o, repo, id);
	return rc == 1 ? 0 : rc;
}

/* source_verify_object, counting damage on the source. */
static int source_verify(source *s, const git_oid *id)
{
	int rc = source_verify_object(s->repo, id);
	if (rc == SOURCE_EDAMAGED && s->damaged++ == 0)
		git_oid_tostr(s->damaged_id, sizeof(s->damaged_id), id);
	return rc;
}

size_t source_damaged(const source *src, const char **first_id)
{
	if (first_id)
		*first_id = src->damaged_id;
	return src->damaged;
}

/* A tree, verified before libgit2 reads it. */
static int tree_lookup_checked(git_tree **out, source *s, const git_oid *id)
{
	int rc = source_verify(s, id);

	*out = NULL;
	if (rc != 0)
		return rc;
	return git_tree_lookup(out, s->repo, id) == 0 ? 0 : SOURCE_EIO;
}

/* The tree of folder dir[0..len) below the commit's root, every step
 * verified (git_tree_entry_bypath would read unverified trees).
 * SOURCE_ENOTFOUND when there is no such folder. */
static int tree_at_path(git_tree **out, source *s, const char *dir, size_t len)
{
	git_tree *cur = NULL;
	const char *p = dir, *end = dir + len;
	int rc = 0;

	*out = NULL;
	if (git_tree_dup(&cur, s->tree) != 0)
		return SOURCE_EIO;
	while (rc == 0 && p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		char *name = mem_strndup(p, n);
		const git_tree_entry *e = git_tree_entry_byname(cur, name);
		git_tree *next = NULL;

		free(name);
		if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
			rc = SOURCE_ENOTFOUND;
		else
			rc = tree_lookup_checked(&next, s, git_tree_entry_id(e));
		git_tree_free(cur);
		cur = next;
		p += n + 1;
	}
	if (rc == 0)
		*out = cur;
	else
		git_tree_free(cur);
	return rc;
}

/* The object a ref or full id names, without reading it. */
static int ref_target(git_oid *out, git_repository *repo, const char *spec)
{
	git_reference *r = NULL, *resolved = NULL;
	int rc = -1;

	if (strlen(spec) == GIT_OID_HEXSZ && git_oid_fromstr(out, spec) == 0)
		return 0;
	if (git_reference_dwim(&r, repo, spec) == 0 && git_reference_resolve(&resolved, r) == 0 &&
	    git_reference_target(resolved)) {
		git_oid_cpy(out, git_reference_target(resolved));
		rc = 0;
	}
	git_reference_free(resolved);
	git_reference_free(r);
	return rc;
}

static void damaged_error(diag_list *diags, const source *s, const char *where, int rc)
{
	if (rc == SOURCE_EDAMAGED)
		DIAG_ERROR(diags, where, 0, 0,
			   "git-objektet %s är skadat (avkortat eller felaktigt); kör git fsck och "
			   "hämta objektet på nytt, t.ex. från en annan klon",
			   "the git object %s is damaged (truncated or corrupt); run git fsck and "
			   "fetch the object again, e.g. from another clone",
			   s->damaged_id);
	else
		DIAG_ERROR(diags, where, 0, 0, "kan inte läsa git-arkivets objekt",
			   "cannot read the git repository's objects");
}

/* 1 when libgit2 refused a repository for its owner. libgit2 1.5 says
 * GIT_ENOTFOUND ("config value 'safe.directory' was not found") instead of
 * GIT_EOWNER, so the message is read, and the nearest .git above `where`
 * is looked at too. */
static int owned_by_other(const char *where)
{
	const git_error *e = git_error_last();
	char *dir = realpath(where, NULL);
	buf p = BUF_INIT;
	struct stat st;
	int other = e && e->message && (strstr(e->message, "safe.directory") ||
					 strstr(e->message, "not owned"));

	while (!other && dir && *dir) {
		char *slash;
		buf_clear(&p);
		buf_printf(&p, "%s/.git", dir);
		if (lstat(p.ptr, &st) == 0) {
			other = st.st_uid != geteuid();
			break;
		}
		slash = strrchr(dir, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(dir);
	buf_free(&p);
	return other;
}

/* The branch or tag name closest to a mistyped ref (at most two edits)
 * into best; 0 when there is one, -1 otherwise. */
static int closest_ref(buf *best, git_repository *repo, const char *ref)
{
	git_strarray names = { NULL, 0 };
	size_t i, best_d = 3;

	if (git_reference_list(&names, repo) != 0)
		return -1;
	for (i = 0; i < names.count; i++) {
		const char *short_name = names.strings[i];
		size_t d;
		if (!strncmp(short_name, "refs/heads/", 11))
			short_name += 11;
		else if (!strncmp(short_name, "refs/tags/", 10))
			short_name += 10;
		else
			continue;
		d = utf8_edit_distance(ref, short_name);
		if (d < best_d) {
			best_d = d;
			buf_clear(best);
			buf_puts(best, short_name);
		}
	}
	git_strarray_dispose(&names);
	return best_d < 3 ? 0 : -1;
}

int source_open_git(source **out, diag_list *diags, const char *repo_path, const char *ref)
{
	source *s = source_alloc();
	git_object *obj = NULL;
	git_commit *commit = NULL;
	int error = SOURCE_EIO, rc;
	const char *where = repo_path ? repo_path : ".";

	*out = NULL;
	ref = ref ? ref : "HEAD";
	source_git_init();
	rc = git_repository_open_ext(&s->repo, where, 0, NULL);
	if (rc == GIT_ENOTFOUND && owned_by_other(where))
		rc = GIT_EOWNER;
	if (rc == GIT_ENOTFOUND) {
		DIAG_ERROR(diags, where, 0, 0,
			   "här finns inget git-arkiv. Ange arkivet med --repo KATALOG, eller läs "
			   "filerna på disk med --worktree",
			   "no git repository here. Name one with --repo DIR, or read the files on "
			   "disk with --worktree");
		error = SOURCE_ENOTFOUND;
		goto out;
	}
	if (rc == GIT_EOWNER) {
		/* libgit2's (and git's) safe.directory check, not a missing repository. */
		DIAG_ERROR(diags, where, 0, 0,
			   "git-arkivet ägs av en annan användare, så git litar inte på det. Kör "
			   "trappa som arkivets ägare, eller godkänn arkivet med git config "
			   "--global --add safe.directory SÖKVÄG",
			   "the git repository is owned by another user, so git does not trust it. "
			   "Run trappa as the repository's owner, or allow it with git config "
			   "--global --add safe.directory PATH");
		goto out;
	}
	if (rc < 0) {
		DIAG_ERROR(diags, where, 0, 0, "kan inte öppna git-arkivet: %s",
			   "cannot open the git repository: %s", git_message());
		goto out;
	}
	/* is_empty only knows libgit2's own default branch name; an unborn HEAD
	 * is what "no commit yet" means whatever the branch is called. */
	if (git_repository_head_unborn(s->repo) == 1 && !strcmp(ref, "HEAD")) {
		DIAG_ERROR(diags, where, 0, 0,
			   "git-arkivet har ännu ingen incheckning (commit); checka in innehållet "
			   "först, eller använd --worktree",
			   "the git repository has no commit yet; commit the content first, or use "
			   "--worktree");
		error = SOURCE_ENOTFOUND;
		goto out;
	}
	/* A ref or a full id is checked before libgit2 reads the commit; other
	 * expressions (HEAD~1) are only bounded by the time limit. */
	{
		git_oid target;
		if (ref_target(&target, s->repo, ref) == 0 &&
		    (rc = source_verify(s, &target)) != 0) {
			damaged_error(diags, s, where, rc);
			goto out;
		}
	}
	rc = git_revparse_single(&obj, s->repo, ref);
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC ||
	    rc == GIT_EUNBORNBRANCH) {
		buf near = BUF_INIT;
		if (closest_ref(&near, s->repo, ref) == 0)
			DIAG_ERROR(diags, where, 0, 0,
				   "hittar inte referensen \"%s\" i git-arkivet; menade du \"%s\"?",
				   "cannot find the ref \"%s\" in the git repository; did you mean "
				   "\"%s\"?",
				   ref, near.ptr);
		else
			DIAG_ERROR(diags, where, 0, 0,
				   "hittar inte referensen \"%s\" i git-arkivet (finns grenen eller "
				   "taggen?)",
				   "cannot find the ref \"%s\" in the git repository (does the branch "
				   "or tag exist?)",
				   ref);
		buf_free(&near);
		error = SOURCE_ENOTFOUND;
		goto out;
	}
	/* Peel annotated tags one checked step at a time. */
	while (rc == 0 && git_object_type(obj) == GIT_OBJECT_TAG) {
		git_object *next = NULL;
		if ((rc = source_verify(s, git_tag_target_id((git_tag *)obj))) != 0) {
			damaged_error(diags, s, where, rc);
			goto out;
		}
		rc = git_tag_target(&next, (git_tag *)obj);
		git_object_free(obj);
		obj = next;
	}
	if (rc == 0 && git_object_type(obj) == GIT_OBJECT_COMMIT &&
	    (rc = source_verify(s, git_commit_tree_id((git_commit *)obj))) != 0) {
		damaged_error(diags, s, where, rc);
		goto out;
	}
	if (rc < 0 || git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&s->tree, commit) < 0) {
		DIAG_ERROR(diags, where, 0, 0, "kan inte läsa \"%s\" ur git-arkivet: %s",
			   "cannot read \"%s\" from the git repository: %s", ref, git_message());
		goto out;
	}
	git_oid_tostr(s->commit, sizeof(s->commit), git_commit_id(commit));
	snprintf(s->label, sizeof(s->label), "%.7s:", s->commit);
	*out = s;
	s = NULL;
	error = 0;
out:
	git_commit_free(commit);
	git_object_free(obj);
	source_free(s);
	return error;
}

int source_open_worktree(source **out, diag_list *diags, const char *repo_path)
{
	source *s = source_alloc();
	const char *where = repo_path ? repo_path : ".";
	struct stat st;
	int rc;

	*out = NULL;
	source_git_init();
	rc = git_repository_open_ext(&s->repo, where, 0, NULL);
	if (rc == 0 && !git_repository_is_bare(s->repo) && git_repository_workdir(s->repo)) {
		s->root = mem_strdup(git_repository_workdir(s->repo));
	} else {
		int err = stat(where, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (err == ENOENT || err == ENOTDIR) {
			DIAG_ERROR(diags, where, 0, 0, "katalogen finns inte",
				   "the folder does not exist");
		} else if (err) {
			DIAG_ERROR(diags, where, 0, 0, "kan inte läsa katalogen: %s",
				   "cannot read the folder: %s", strerror(err));
		}
		if (err) {
			source_free(s);
			return err == ENOENT || err == ENOTDIR ? SOURCE_ENOTFOUND : SOURCE_EIO;
		}
		s->root = mem_strdup(where);
	}
	*out = s;
	return 0;
}

const char *source_label(const source *src)
{
	return src->label;
}

struct git_repository *source_repository(const source *src)
{
	return src->repo;
}

const char *source_commit_id(const source *src)
{
	return src->commit;
}

int source_is_junk(const char *name)
{
	size_t n = strlen(name);

	return !strcmp(name, ".DS_Store") || !strncmp(name, "._", 2) ||
	       !strcasecmp(name, "Thumbs.db") || !strcasecmp(name, "desktop.ini") ||
	       !strncmp(name, "~$", 2) || (n > 0 && name[n - 1] == '~') ||
	       (name[0] == '.' && n > 4 && !strcmp(name + n - 4, ".swp"));
}

static void list_push(source_list *list, const char *path, source_kind kind, size_t size,
		      const char *id)
{
	source_entry *e;
	const char *slash = strrchr(path, '/');

	if (kind == SOURCE_FILE && source_is_junk(slash ? slash + 1 : path))
		return;

	list->items = mem_grow_array(list->items, &list->cap, list->len + 1, sizeof(*e));
	e = &list->items[list->len++];
	e->path = mem_strdup(path);
	e->kind = kind;
	e->size = size;
	snprintf(e->id, sizeof(e->id), "%s", id ? id : "");
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const source_entry *)a)->path, ((const source_entry *)b)->path);
}

/* A packed object's size from its header (packed objects do not take
 * the looping path); 0 when unknown. */
static size_t packed_size(source *s, const git_oid *id)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;

	if (git_repository_odb(&odb, s->repo) == 0) {
		if (git_odb_read_header(&size, &type, odb, id) < 0)
			size = 0;
		git_odb_free(odb);
	}
	return size;
}

/* A blob's size from its header, without reading it whole. */
static size_t blob_size(source *s, const git_oid *id)
{
	loose_object o = { GIT_OBJECT_INVALID, 0, NULL, (size_t)-1, 1 };
	int rc = loose_check(&o, s->repo, id);

	if (rc == 0)
		return o.size;
	if (rc != 1) /* damaged: reading the file says so, with its path */
		return 0;
	return packed_size(s, id);
}

typedef struct tree_job {
	git_tree *tree;
	char *path;
	int depth;
} tree_job;

/* Lists the tree below `prefix` iteratively (git_tree_walk recurses and
 * reads subtrees unverified), every subtree verified first. */
static int tree_list(source_list *list, source *s, git_tree *root, const char *prefix)
{
	tree_job *stack = NULL;
	size_t n = 0, cap = 0;
	int error = 0;

	stack = mem_grow_array(stack, &cap, 1, sizeof(*stack));
	stack[n].tree = root;
	stack[n].path = mem_strdup(prefix);
	stack[n++].depth = 0;
	while (n > 0) {
		tree_job job = stack[--n];
		size_t i, count = git_tree_entrycount(job.tree);

		for (i = 0; i < count && !error; i++) {
			const git_tree_entry *e = git_tree_entry_byindex(job.tree, i);
			git_filemode_t mode = git_tree_entry_filemode(e);
			buf path = BUF_INIT;
			char id[41];
			git_tree *sub = NULL;

			buf_printf(&path, "%s/%s", job.path, git_tree_entry_name(e));
			git_oid_tostr(id, sizeof(id), git_tree_entry_id(e));
			if (mode == GIT_FILEMODE_TREE && job.depth + 1 > SOURCE_MAX_DEPTH) {
				list_push(list, path.ptr, SOURCE_TOODEEP, 0, id);
			} else if (mode == GIT_FILEMODE_TREE) {
				error = tree_lookup_checked(&sub, s, git_tree_entry_id(e));
				if (!error) {
					stack = mem_grow_array(stack, &cap, n + 1, sizeof(*stack));
					stack[n].tree = sub;
					stack[n].path = buf_detach(&path);
					stack[n++].depth = job.depth + 1;
				}
			} else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
				list_push(list, path.ptr, SOURCE_FILE, blob_size(s, git_tree_entry_id(e)), id);
			} else {
				list_push(list, path.ptr,
					  mode == GIT_FILEMODE_LINK     ? SOURCE_SYMLINK
					  : mode == GIT_FILEMODE_COMMIT ? SOURCE_SUBMODULE
									: SOURCE_OTHER,
					  0, id);
			}
			buf_free(&path);
		}
		git_tree_free(job.tree);
		free(job.path);
	}
	free(stack);
	return error;
}

/* Folders in "/a/b/c": 3. */
static int path_depth(const char *p)
{
	int n = 0;
	for (; *p; p++)
		n += *p == '/';
	return n;
}

static int worktree_walk(source_list *list, const char *disk_root, const char *rel)
{
	/* Iterative over a stack of folders, so depth cannot overflow the C stack. */
	char **stack = NULL;
	size_t n = 0, cap = 0;
	int error = 0;

	stack = mem_grow_array(stack, &cap, 1, sizeof(char *));
	stack[n++] = mem_strdup(rel);
	while (n > 0) {
		char *dir = stack[--n];
		buf disk = BUF_INIT;
		DIR *d;
		struct dirent *e;

		buf_printf(&disk, "%s/%s", disk_root, dir);
		d = opendir(disk.ptr);
		if (!d) {
			if (errno != ENOENT && errno != ENOTDIR)
				error = SOURCE_EIO;
			buf_free(&disk);
			free(dir);
			continue;
		}
		while ((e = readdir(d))) {
			buf child = BUF_INIT, childdisk = BUF_INIT;
			struct stat st;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
			    !strcmp(e->d_name, ".git"))
				continue;
			buf_printf(&child, "%s/%s", dir, e->d_name);
			buf_printf(&childdisk, "%s/%s", disk_root, child.ptr);
			if (lstat(childdisk.ptr, &st) != 0) {
				list_push(list, child.ptr, SOURCE_OTHER, 0, NULL);
			} else if (S_ISLNK(st.st_mode)) {
				list_push(list, child.ptr, SOURCE_SYMLINK, 0, NULL);
			} else if (S_ISDIR(st.st_mode)) {
				buf gitmark = BUF_INIT;
				struct stat gst;
				buf_printf(&gitmark, "%s/.git", childdisk.ptr);
				if (lstat(gitmark.ptr, &gst) == 0) {
					list_push(list, child.ptr, SOURCE_SUBMODULE, 0, NULL);
				} else if (path_depth(child.ptr + strlen(rel)) > SOURCE_MAX_DEPTH) {
					list_push(list, child.ptr, SOURCE_TOODEEP, 0, NULL);
				} else {
					stack = mem_grow_array(stack, &cap, n + 1, sizeof(char *));
					stack[n++] = mem_strdup(child.ptr);
				}
				buf_free(&gitmark);
			} else if (S_ISREG(st.st_mode)) {
				list_push(list, child.ptr, SOURCE_FILE, (size_t)st.st_size, NULL);
			} else {
				list_push(list, child.ptr, SOURCE_OTHER, 0, NULL);
			}
			buf_free(&child);
			buf_free(&childdisk);
		}
		closedir(d);
		buf_free(&disk);
		free(dir);
	}
	free(stack);
	return error;
}

int source_open_memory(source **out, const source_file *files, size_t n)
{
	source *s = source_alloc();
	size_t i;

	/* No libgit2 here: its global set-up would dominate every fuzz run. */
	s->files = mem_calloc(n + 1, sizeof(source_file));
	for (i = 0; i < n; i++) {
		s->files[i].path = mem_strdup(files[i].path);
		s->files[i].data = mem_strndup(files[i].data, files[i].len);
		s->files[i].len = files[i].len;
	}
	s->n_files = n;
	*out = s;
	return 0;
}

int source_list_dir(source_list *out, source *src, const char *prefix)
{
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (src->files) {
		size_t i, plen = strlen(prefix);
		for (i = 0; i < src->n_files; i++)
			if (!strncmp(src->files[i].path, prefix, plen) && src->files[i].path[plen] == '/')
				list_push(out, src->files[i].path, SOURCE_FILE, src->files[i].len, NULL);
	} else if (src->tree) {
		git_tree *sub = NULL;

		error = tree_at_path(&sub, src, prefix, strlen(prefix));
		if (error == SOURCE_ENOTFOUND)
			return 0; /* no such folder */
		if (error == 0)
			error = tree_list(out, src, sub, prefix);
	} else {
		error = worktree_walk(out, src->root, prefix);
	}
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(out->items[0]), entry_cmp);
	return error;
}

/* Opens root/rel refusing a symbolic link at every step, not only the
 * last: O_NOFOLLOW alone would still follow a linked folder. */
static int open_beneath(const char *root, const char *rel)
{
	int dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *p = rel;

	if (dirfd < 0)
		return -1;
	for (;;) {
		const char *slash = strchr(p, '/');
		char *part = slash ? mem_strndup(p, (size_t)(slash - p)) : mem_strdup(p);
		int fd, saved;

		if (!*part || !strcmp(part, ".") || !strcmp(part, "..")) {
			free(part);
			close(dirfd);
			errno = ENOENT;
			return -1;
		}
		fd = openat(dirfd, part, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : 0));
		saved = errno;
		free(part);
		close(dirfd);
		errno = saved;
		if (fd < 0 || !slash)
			return fd;
		dirfd = fd;
		p = slash + 1;
	}
}

static int read_beneath_max(buf *out, const char *root, const char *rel, size_t max)
{
	int fd = open_beneath(root, rel);
	struct stat st;
	char tmp[65536];
	ssize_t n;
	int error = SOURCE_EIO, saved;

	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? SOURCE_ENOTFOUND
									       : SOURCE_EIO;
	errno = 0;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL; /* said to the user */
		goto out;
	}
	/* The size is known before anything is read. */
	if ((size_t)st.st_size > max) {
		error = SOURCE_ETOOLARGE;
		goto out;
	}
	while ((n = read(fd, tmp, sizeof(tmp))) > 0) {
		if (out->size + (size_t)n > max) {
			error = SOURCE_ETOOLARGE; /* grew while being read */
			goto out;
		}
		buf_put(out, tmp, (size_t)n);
	}
	if (n == 0)
		error = 0;
out:
	saved = errno; /* the caller reports why, not close's errno */
	close(fd);
	errno = saved;
	return error;
}

int source_read_beneath(buf *out, const char *root, const char *rel)
{
	return read_beneath_max(out, root, rel, SOURCE_MAX_FILE);
}

/* The tree of folder `dir` in the commit ("" is the root), cached: 0,
 * SOURCE_ENOTFOUND, or SOURCE_EDAMAGED. */
static int source_dir_tree(git_tree **out, source *src, const char *dir, size_t len)
{
	int rc;

	*out = src->tree;
	if (len == 0)
		return 0;
	*out = src->dir_tree;
	if (src->dir_path && strlen(src->dir_path) == len && !memcmp(src->dir_path, dir, len))
		return 0;
	free(src->dir_path);
	git_tree_free(src->dir_tree);
	src->dir_path = NULL;
	src->dir_tree = NULL;
	rc = tree_at_path(&src->dir_tree, src, dir, len);
	if (rc == 0)
		src->dir_path = mem_strndup(dir, len);
	*out = src->dir_tree;
	return rc;
}

static int source_read_locked(buf *out, source *src, const char *path, size_t max);

int source_file_id(char out[41], source *src, const char *path)
{
	const git_tree_entry *entry = NULL;
	const char *slash = strrchr(path, '/');
	git_tree *dir;

	out[0] = '\0';
	if (!src->tree)
		return -1;
	pthread_mutex_lock(&src->read_lock);
	if (source_dir_tree(&dir, src, path, slash ? (size_t)(slash - path) : 0) == 0)
		entry = git_tree_entry_byname(dir, slash ? slash + 1 : path);
	if (entry)
		git_oid_tostr(out, 41, git_tree_entry_id(entry));
	pthread_mutex_unlock(&src->read_lock);
	return entry ? 0 : -1;
}

int source_read(buf *out, source *src, const char *path)
{
	return source_read_max(out, src, path, SOURCE_MAX_FILE);
}

int source_read_max(buf *out, source *src, const char *path, size_t max)
{
	int rc;

	int saved;

	pthread_mutex_lock(&src->read_lock);
	errno = 0;
	rc = source_read_locked(out, src, path, max);
	saved = errno;
	pthread_mutex_unlock(&src->read_lock);
	errno = saved; /* why a work-tree file could not be read */
	return rc;
}

static int source_read_locked(buf *out, source *src, const char *path, size_t max)
{
	const git_tree_entry *entry;
	const char *slash;
	git_tree *dir;
	git_blob *blob = NULL;
	int rc;

	buf_clear(out);
	if (src->files) {
		size_t i;
		for (i = 0; i < src->n_files; i++) {
			if (!strcmp(src->files[i].path, path)) {
				if (src->files[i].len > max)
					return SOURCE_ETOOLARGE;
				buf_put(out, src->files[i].data, src->files[i].len);
				return 0;
			}
		}
		return SOURCE_ENOTFOUND;
	}
	if (!src->tree)
		return read_beneath_max(out, src->root, path, max);
	slash = strrchr(path, '/');
	source_set_activity(path);
	rc = source_dir_tree(&dir, src, path, slash ? (size_t)(slash - path) : 0);
	if (rc != 0)
		return rc;
	/* Borrowed from the tree: a binary search by name, nothing to free. */
	entry = git_tree_entry_byname(dir, slash ? slash + 1 : path);
	if (!entry)
		return SOURCE_ENOTFOUND;
	if (git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB_EXECUTABLE)
		return SOURCE_EIO;
	{
		/* A loose object is inflated here, checked, and used as read. */
		loose_object o = { GIT_OBJECT_INVALID, 0, out, max, 0 };
		rc = loose_check(&o, src->repo, git_tree_entry_id(entry));
		if (rc == SOURCE_EDAMAGED && src->damaged++ == 0)
			git_oid_tostr(src->damaged_id, sizeof(src->damaged_id), git_tree_entry_id(entry));
		if (rc == 0 && o.type != GIT_OBJECT_BLOB)
			rc = SOURCE_EDAMAGED;
		if (rc != 1) {
			if (rc != 0)
				buf_clear(out);
			return rc;
		}
	}
	/* Packed: the size from the header before the blob is read whole. */
	if (packed_size(src, git_tree_entry_id(entry)) > max)
		return SOURCE_ETOOLARGE;
	if (git_blob_lookup(&blob, src->repo, git_tree_entry_id(entry)) < 0)
		return SOURCE_EIO;
	if ((size_t)git_blob_rawsize(blob) > max)
		rc = SOURCE_ETOOLARGE;
	else
		buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return rc == SOURCE_ETOOLARGE ? rc : 0;
}

void source_list_free(source_list *list)
{
	size_t i;

	for (i = 0; i < list->len; i++)
		free(list->items[i].path);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

void source_free(source *src)
{
	if (!src)
		return;
	git_tree_free(src->dir_tree);
	free(src->dir_path);
	git_tree_free(src->tree);
	git_repository_free(src->repo);
	free(src->root);
	for (size_t i = 0; i < src->n_files; i++) {
		free((char *)src->files[i].path);
		free((char *)src->files[i].data);
	}
	if (!src->files)
		source_git_shutdown();
	free(src->files);
	pthread_mutex_destroy(&src->read_lock);
	free(src);
}

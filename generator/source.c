#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

#define SOURCE_MAX_FILE (64u * 1024 * 1024) /* nothing Trappa reads may be larger */

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
	if (rc == GIT_ENOTFOUND) {
		DIAG_ERROR(diags, where, 0, 0,
			   "här finns inget git-arkiv. Ange arkivet med --repo KATALOG, eller läs "
			   "filerna på disk med --worktree",
			   "no git repository here. Name one with --repo DIR, or read the files on "
			   "disk with --worktree");
		error = SOURCE_ENOTFOUND;
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
	rc = git_revparse_single(&obj, s->repo, ref);
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC ||
	    rc == GIT_EUNBORNBRANCH) {
		DIAG_ERROR(diags, where, 0, 0,
			   "hittar inte referensen \"%s\" i git-arkivet (finns grenen eller taggen?)",
			   "cannot find the ref \"%s\" in the git repository (does the branch or tag "
			   "exist?)",
			   ref);
		error = SOURCE_ENOTFOUND;
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
		if (stat(where, &st) != 0 || !S_ISDIR(st.st_mode)) {
			DIAG_ERROR(diags, where, 0, 0, "katalogen finns inte",
				   "the folder does not exist");
			source_free(s);
			return SOURCE_ENOTFOUND;
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

static void list_push(source_list *list, const char *path, source_kind kind, size_t size,
		      const char *id)
{
	source_entry *e;

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

typedef struct walk_ctx {
	source *src;
	source_list *list;
	const char *prefix;
	int error;
} walk_ctx;

static int tree_walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	walk_ctx *ctx = payload;
	buf path = BUF_INIT;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	char id[41];
	source_kind kind;
	size_t size = 0;

	if (mode == GIT_FILEMODE_TREE)
		return 0;
	buf_printf(&path, "%s/%s%s", ctx->prefix, root, git_tree_entry_name(entry));
	git_oid_tostr(id, sizeof(id), git_tree_entry_id(entry));
	switch (mode) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		kind = SOURCE_FILE;
		{
			git_odb *odb = NULL;
			git_object_t type;
			if (git_repository_odb(&odb, ctx->src->repo) == 0) {
				if (git_odb_read_header(&size, &type, odb, git_tree_entry_id(entry)) < 0)
					size = 0;
				git_odb_free(odb);
			}
		}
		break;
	case GIT_FILEMODE_LINK:
		kind = SOURCE_SYMLINK;
		break;
	case GIT_FILEMODE_COMMIT:
		kind = SOURCE_SUBMODULE;
		break;
	default:
		kind = SOURCE_OTHER;
		break;
	}
	list_push(ctx->list, path.ptr, kind, size, id);
	buf_free(&path);
	return 0;
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
		git_tree_entry *entry = NULL;
		git_tree *sub = NULL;
		walk_ctx ctx = { src, out, prefix, 0 };

		if (git_tree_entry_bypath(&entry, src->tree, prefix) < 0)
			return 0; /* no such folder */
		if (git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
		    git_tree_lookup(&sub, src->repo, git_tree_entry_id(entry)) == 0) {
			if (git_tree_walk(sub, GIT_TREEWALK_PRE, tree_walk_cb, &ctx) < 0)
				error = SOURCE_EIO;
			git_tree_free(sub);
		}
		git_tree_entry_free(entry);
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

int source_read_beneath(buf *out, const char *root, const char *rel)
{
	int fd = open_beneath(root, rel);
	struct stat st;
	char tmp[65536];
	ssize_t n;
	int error = SOURCE_EIO;

	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? SOURCE_ENOTFOUND
									       : SOURCE_EIO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > SOURCE_MAX_FILE)
		goto out;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0) {
		if (out->size + (size_t)n > SOURCE_MAX_FILE)
			goto out;
		buf_put(out, tmp, (size_t)n);
	}
	if (n == 0)
		error = 0;
out:
	close(fd);
	return error;
}

/* The tree of folder `dir` in the commit ("" is the root), cached. */
static git_tree *source_dir_tree(source *src, const char *dir, size_t len)
{
	git_tree_entry *entry = NULL;
	char *d;

	if (len == 0)
		return src->tree;
	if (src->dir_path && strlen(src->dir_path) == len && !memcmp(src->dir_path, dir, len))
		return src->dir_tree;
	free(src->dir_path);
	git_tree_free(src->dir_tree);
	src->dir_path = NULL;
	src->dir_tree = NULL;
	d = mem_strndup(dir, len);
	if (git_tree_entry_bypath(&entry, src->tree, d) == 0 &&
	    git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&src->dir_tree, src->repo, git_tree_entry_id(entry)) == 0)
		src->dir_path = d;
	else
		free(d);
	git_tree_entry_free(entry);
	return src->dir_tree;
}

static int source_read_locked(buf *out, source *src, const char *path);

int source_file_id(char out[41], source *src, const char *path)
{
	const git_tree_entry *entry = NULL;
	const char *slash = strrchr(path, '/');
	git_tree *dir;

	out[0] = '\0';
	if (!src->tree)
		return -1;
	pthread_mutex_lock(&src->read_lock);
	dir = source_dir_tree(src, path, slash ? (size_t)(slash - path) : 0);
	if (dir)
		entry = git_tree_entry_byname(dir, slash ? slash + 1 : path);
	if (entry)
		git_oid_tostr(out, 41, git_tree_entry_id(entry));
	pthread_mutex_unlock(&src->read_lock);
	return entry ? 0 : -1;
}

int source_read(buf *out, source *src, const char *path)
{
	int rc;

	pthread_mutex_lock(&src->read_lock);
	rc = source_read_locked(out, src, path);
	pthread_mutex_unlock(&src->read_lock);
	return rc;
}

static int source_read_locked(buf *out, source *src, const char *path)
{
	const git_tree_entry *entry;
	const char *slash;
	git_tree *dir;
	git_blob *blob = NULL;
	int error = SOURCE_EIO;

	buf_clear(out);
	if (src->files) {
		size_t i;
		for (i = 0; i < src->n_files; i++) {
			if (!strcmp(src->files[i].path, path)) {
				buf_put(out, src->files[i].data, src->files[i].len);
				return 0;
			}
		}
		return SOURCE_ENOTFOUND;
	}
	if (!src->tree)
		return source_read_beneath(out, src->root, path);
	slash = strrchr(path, '/');
	dir = source_dir_tree(src, path, slash ? (size_t)(slash - path) : 0);
	/* Borrowed from the tree: a binary search by name, nothing to free. */
	entry = dir ? git_tree_entry_byname(dir, slash ? slash + 1 : path) : NULL;
	if (!entry)
		return SOURCE_ENOTFOUND;
	if (git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB_EXECUTABLE)
		goto out;
	if (git_blob_lookup(&blob, src->repo, git_tree_entry_id(entry)) < 0)
		goto out;
	if ((size_t)git_blob_rawsize(blob) > SOURCE_MAX_FILE)
		goto out;
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	error = 0;
out:
	git_blob_free(blob);
	return error;
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

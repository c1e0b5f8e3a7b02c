#define _GNU_SOURCE /* renameat2 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "mem.h"
#include "source.h"

#define MANIFEST_HEADER "trappa-manifest 1\n"
/* Beside the output folder: a build's staging folder, and the old site
 * while the fallback without RENAME_EXCHANGE swaps with two renames. */
#define STAGING_INFIX ".staging-"
#define PREVIOUS_INFIX ".previous-"
/* Beside the output folder: the site published before the current one,
 * kept after an update's swap instead of being removed. Its files are the
 * manifest `manifest.spare` in the cache describes (its marker holds that
 * manifest's id), most of them links to the published files; the next
 * update starts from it and changes only what differs, so neither linking
 * every unchanged file nor removing the old site costs a pass over the
 * whole site (at 10 000 dialogues: 38 000 files, seconds of disk work). */
#define SPARE_SUFFIX ".spare"
#define SPARE_HEADER "trappa-spare 3 "
/* When a site's folders were last changed by the build that made it:
 * beside the manifest (naming it), and on manifest.spare's second line. */
#define BUILT_HEADER "trappa-built 3 "

typedef struct manifest_entry {
	char *path;
	XXH128_hash_t hash;
	size_t size;
	int changed; /* written to the staging folder by this build */
	int has_key;
	output_key key; /* what the file was made from (output_write_keyed) */
	int has_stat;
	unsigned long long stat_sig; /* stat_sig of the file when its content was last checked */
} manifest_entry;

/* Page keys live beside the manifest, in a file that names the manifest
 * it belongs to: they say what a file was made from, not what it holds,
 * so they stay out of the manifest's id (and the marker in the site). */
#define KEYS_HEADER "trappa-pagekeys 1 "
/* The same for what the published files' metadata was when their content
 * was last found to be the manifest's (published_intact). */
#define STATS_HEADER "trappa-stats 1 "

struct output {
	char *dir;
	char *staging;
	char *cache; /* folder of the manifest, or NULL */
	int lock_fd;
	int update;  /* only what changed is written; the rest is linked from dir */
	int published; /* the swap happened: the new site is online */
	char *old_id;  /* in an update, the published site's manifest id */
	diag_list *diags;
	pthread_mutex_t mutex; /* guards diags, fresh and n_changed: pages render on two threads */
	manifest_entry *old;   /* the previous build's files, sorted by path */
	size_t n_old;
	manifest_entry *old_keys; /* the previous build's page keys, sorted by path */
	size_t n_old_keys;
	manifest_entry *old_stats; /* and the published files' stat_sig, sorted by path */
	size_t n_old_stats;
	/* Times as the output's file system stamps them (its clock and its
	 * granularity: whole seconds on some, a coarse tick on others), in ns
	 * since the epoch; compared with change times only strictly. */
	long long started;     /* this build began (the lock file touched) */
	long long built;       /* this site's folders were complete (the marker written) */
	long long old_built;   /* the published site's, or 0 when unknown */
	long long spare_built; /* the spare site's, or 0 when unknown */
	size_t dirs_read;   /* folders of the spare read by prune_tree */
	manifest_entry *fresh; /* this build's files, in the order written */
	size_t n_fresh, fresh_cap, n_changed;
	manifest_entry *spare; /* when the staging folder began as the spare site: its files */
	size_t n_spare;
	int seeded;            /* the staging folder began as the spare site */
	char *spare_dir;       /* <dir>.spare */
};

/* A time in nanoseconds since the epoch. */
static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int remove_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) != 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

int output_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, remove_cb, 32, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

static int dir_state(const char *dir)
{
	/* 0: absent or empty; 1: ours; -1: something else (a symbolic link
	 * too: opendir would follow it, and what is removed or renamed as
	 * ours must be the folder itself). */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	int entries = 0, marker = 0;

	if (!d) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return saved == ENOENT ? 0 : -1;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		entries++;
		if (!strcmp(e->d_name, OUTPUT_MARKER))
			marker = 1;
	}
	closedir(d);
	return entries == 0 ? 0 : marker ? 1 : -1;
}

/* Writes all of data to fd, retrying short writes and EINTR. A write that
 * makes no progress sets ENOSPC: a short write has no errno of its own, and
 * "Success" would be a lie. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync(2) of a folder, so the names in it survive a power cut. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	int rc, saved;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* A directory stream over the folder fd, which stays open for the caller
 * (the stream has its own descriptor); NULL on error. */
static DIR *dir_of(int fd)
{
	int dup_fd = dup(fd);
	DIR *d;

	if (dup_fd < 0)
		return NULL;
	if (!(d = fdopendir(dup_fd)))
		close(dup_fd);
	return d;
}

/* fsync(2) of every file and folder below the folder fd and of fd itself,
 * links not followed: everything the staging folder holds, written by this
 * build or linked in from the last one, is on disk before the rename that
 * publishes it. Files are synced after all were written (not one by one as
 * they are written): by then writeback has done most of the work, and the
 * first fsync's journal commit covers the metadata of all the others. */
static int sync_tree(int fd)
{
	DIR *d = dir_of(fd);
	struct dirent *e;
	int error = 0;

	if (!d)
		return -1;
	while (!error && (e = readdir(d))) {
		int sub;
		if (e->d_type != DT_DIR && e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
			continue;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sub = openat(fd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (sub < 0) {
			error = -1;
			break;
		}
		if (e->d_type == DT_REG) {
			error = fsync(sub);
		} else {
			struct stat st;
			if (fstat(sub, &st) != 0)
				error = -1;
			else if (S_ISDIR(st.st_mode))
				error = sync_tree(sub);
			else if (S_ISREG(st.st_mode))
				error = fsync(sub);
		}
		close(sub);
	}
	closedir(d);
	if (!error && fsync(fd) != 0)
		error = -1;
	return error;
}

/* Removes a site folder Trappa wrote, its marker last: a removal cut
 * short still carries the marker, so the next build recognises the rest
 * as its own and removes it (remove_leftovers). */
static int remove_site(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	buf p = BUF_INIT;
	int error = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, OUTPUT_MARKER))
			continue;
		buf_clear(&p);
		buf_printf(&p, "%s/%s", path, e->d_name);
		if (output_remove_tree(p.ptr) != 0)
			error = -1;
	}
	closedir(d);
	buf_clear(&p);
	buf_printf(&p, "%s/%s", path, OUTPUT_MARKER);
	if (!error && unlink(p.ptr) != 0 && errno != ENOENT)
		error = -1;
	if (!error && rmdir(path) != 0)
		error = -1;
	buf_free(&p);
	return error;
}

/* The folder that holds `dir` ("." or "/" where it has no other) and
 * dir's last name. */
static void split_dir(buf *parent, buf *name, const char *dir)
{
	const char *slash = strrchr(dir, '/');

	if (slash) {
		buf_put(parent, dir, (size_t)(slash - dir));
		if (parent->size == 0)
			buf_puts(parent, "/");
		buf_puts(name, slash + 1);
	} else {
		buf_puts(parent, ".");
		buf_puts(name, dir);
	}
}

/* What killed builds left beside `dir` (called with the lock held, so no
 * other build is running): if the fallback swap was cut between its two
 * renames, the old site is put back first; then every staging and
 * previous folder that carries the marker (or is empty) goes. Folders
 * without the marker are not Trappa's and are left alone. */
static void remove_leftovers(const char *dir)
{
	buf parent = BUF_INIT, name = BUF_INIT, p = BUF_INIT;
	static const char *const infixes[2] = { PREVIOUS_INFIX, STAGING_INFIX };
	struct dirent *e;
	struct stat st;
	DIR *d;
	int i, restore = lstat(dir, &st) != 0 && errno == ENOENT;

	split_dir(&parent, &name, dir);
	for (i = 0; i < 2; i++) {
		size_t n = name.size + strlen(infixes[i]);
		if (!(d = opendir(parent.ptr)))
			break;
		while ((e = readdir(d))) {
			if (strncmp(e->d_name, name.ptr, name.size) != 0 ||
			    strncmp(e->d_name + name.size, infixes[i], n - name.size) != 0)
				continue;
			buf_clear(&p);
			buf_printf(&p, "%s/%s", parent.ptr, e->d_name);
			if (dir_state(p.ptr) < 0)
				continue;
			if (restore && i == 0 && dir_state(p.ptr) == 1 && rename(p.ptr, dir) == 0) {
				restore = 0;
				sync_dir(parent.ptr);
				continue;
			}
			remove_site(p.ptr);
		}
		closedir(d);
	}
	buf_free(&parent);
	buf_free(&name);
	buf_free(&p);
}

/* Refuses an output folder that could never be swapped safely: empty,
 * ".", "..", "/", a symbolic link, or something that is not a folder. */
static int check_dir(diag_list *diags, const char *dir)
{
	const char *base = strrchr(dir, '/');
	struct stat st;

	base = base ? base + 1 : dir;
	if (!*dir || !strcmp(base, ".") || !strcmp(base, "..") || !*base) {
		DIAG_ERROR(diags, *dir ? dir : "--out", 0, 0,
			   "kan inte publicera hit: ange en namngiven katalog, till exempel --out public",
			   "cannot publish here: name a folder, for example --out public");
		return OUTPUT_EREFUSED;
	}
	if (lstat(dir, &st) != 0)
		return 0;
	if (S_ISLNK(st.st_mode)) {
		DIAG_ERROR(diags, dir, 0, 0,
			   "är en symbolisk länk: Trappa byter ut hela katalogen och skulle ersätta "
			   "länken. Ange katalogen som länken pekar på med --out",
			   "is a symbolic link: Trappa replaces the whole folder and would replace "
			   "the link. Name the folder the link points to with --out");
		return OUTPUT_EREFUSED;
	}
	if (!S_ISDIR(st.st_mode)) {
		DIAG_ERROR(diags, dir, 0, 0, "är en fil, inte en katalog: välj en katalog med --out",
			   "is a file, not a folder: choose a folder with --out");
		return OUTPUT_EREFUSED;
	}
	return 0;
}

int output_begin(output **out, diag_list *diags, const char *dir_in)
{
	output *o = mem_calloc(1, sizeof(*o));
	buf lock = BUF_INIT, staging = BUF_INIT, marker = BUF_INIT;
	size_t n = strlen(dir_in);
	int state, fd;

	*out = NULL;
	o->lock_fd = -1;
	o->diags = diags;
	pthread_mutex_init(&o->mutex, NULL);
	while (n > 1 && dir_in[n - 1] == '/')
		n--;
	o->dir = mem_strndup(dir_in, n);
	buf_printf(&lock, "%s" SPARE_SUFFIX, o->dir);
	o->spare_dir = buf_detach(&lock);
	if (check_dir(diags, o->dir) != 0) {
		output_abort(o);
		return OUTPUT_EREFUSED;
	}
	buf_printf(&lock, "%s.lock", o->dir);
	o->lock_fd = open(lock.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (o->lock_fd < 0 && errno == ELOOP) {
		DIAG_ERROR(diags, lock.ptr, 0, 0, "är en symbolisk länk: ta bort den",
			   "is a symbolic link: remove it");
		goto fail;
	}
	if (o->lock_fd < 0 || flock(o->lock_fd, LOCK_EX) != 0) {
		DIAG_ERROR(diags, lock.ptr, 0, 0, "kan inte låsa: %s", "cannot lock: %s",
			   strerror(errno));
		goto fail;
	}
	/* The output's file system's own "now", for comparing change times
	 * with (struct output): touching the lock file stamps it. Unknown (0),
	 * no signature is recorded and no folder of the spare is trusted. */
	{
		struct stat st;
		if (futimens(o->lock_fd, NULL) == 0 && fstat(o->lock_fd, &st) == 0)
			o->started = ns_of(&st.st_ctim);
	}
	/* With the lock held no other build runs: what lies beside the
	 * folder under Trappa's names is a killed build's. */
	remove_leftovers(o->dir);
	state = dir_state(o->dir);
	if (state < 0) {
		DIAG_ERROR(diags, o->dir, 0, 0,
			   "vägrar att skriva över katalogen: den är inte tom och skapades inte av "
			   "Trappa (filen %s saknas). Välj en tom eller ny katalog med --out",
			   "refusing to replace this folder: it is not empty and was not written by "
			   "Trappa (no %s file). Choose an empty or new folder with --out",
			   OUTPUT_MARKER);
		buf_free(&lock);
		output_abort(o);
		return OUTPUT_EREFUSED;
	}
	buf_printf(&staging, "%s" STAGING_INFIX "%ld", o->dir, (long)getpid());
	output_remove_tree(staging.ptr);
	if (mkdir(staging.ptr, 0755) != 0) {
		DIAG_ERROR(diags, staging.ptr, 0, 0, "kan inte skapa katalogen: %s",
			   "cannot create the folder: %s", strerror(errno));
		goto fail;
	}
	o->staging = buf_detach(&staging);
	/* The marker comes first: whatever a kill leaves is recognisable. */
	buf_printf(&marker, "%s/%s", o->staging, OUTPUT_MARKER);
	fd = open(marker.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	buf_free(&marker);
	if (fd < 0 || fsync(fd) != 0 || close(fd) != 0) {
		DIAG_ERROR(diags, o->staging, 0, 0, "kan inte skriva: %s", "cannot write: %s",
			   strerror(errno));
		goto fail;
	}
	buf_free(&lock);
	*out = o;
	return 0;
fail:
	buf_free(&lock);
	buf_free(&staging);
	output_abort(o);
	return OUTPUT_EIO;
}

const char *output_staging_path(const output *o)
{
	return o->staging;
}

int output_path_is_safe(const char *p)
{
	const char *seg = p;

	if (!p || !*p || *p == '/')
		return 0;
	for (;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t len = (size_t)(p - seg);
			if (len == 0 || (len == 1 && seg[0] == '.') ||
			    (len == 2 && seg[0] == '.' && seg[1] == '.'))
				return 0;
			if (*p == '\0')
				return 1;
			seg = p + 1;
			continue;
		}
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	}
}

/* Creates the folders above rel under root. In the published folder
 * (`published`), every existing folder on the way must be a real folder, not
 * a symbolic link, so an update never writes outside it. */
static int mkdirs_for(const char *root, const char *rel, int published)
{
	buf path = BUF_INIT;
	const char *p;
	struct stat st;
	int error = 0;

	buf_puts(&path, root);
	for (p = rel; (p = strchr(p, '/')); p++) {
		buf_truncate(&path, strlen(root));
		buf_putc(&path, '/');
		buf_put(&path, rel, (size_t)(p - rel));
		if (mkdir(path.ptr, 0755) == 0)
			continue;
		if (errno != EEXIST || (published && (lstat(path.ptr, &st) != 0 || !S_ISDIR(st.st_mode)))) {
			if (errno == EEXIST)
				errno = ENOTDIR;
			error = -1;
			break;
		}
	}
	buf_free(&path);
	return error;
}

/* 1 when every folder above rel under root exists and is a real folder. */
static int real_parents(const char *root, const char *rel)
{
	buf path = BUF_INIT;
	const char *p;
	struct stat st;
	int ok = 1;

	buf_puts(&path, root);
	for (p = rel; ok && (p = strchr(p, '/')); p++) {
		buf_truncate(&path, strlen(root));
		buf_putc(&path, '/');
		buf_put(&path, rel, (size_t)(p - rel));
		ok = lstat(path.ptr, &st) == 0 && S_ISDIR(st.st_mode);
	}
	buf_free(&path);
	return ok;
}

/* 128 bits in hex, high half first: file hashes, page keys, the manifest id. */
static void hex128(buf *out, unsigned long long hi, unsigned long long lo)
{
	buf_printf(out, "%016llx%016llx", hi, lo);
}

static void hash_hex(buf *out, XXH128_hash_t h)
{
	hex128(out, (unsigned long long)h.high64, (unsigned long long)h.low64);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const manifest_entry *)a)->path, ((const manifest_entry *)b)->path);
}

/* The entry for rel in e[0..n), sorted by path, or NULL. */
static const manifest_entry *find_in(const manifest_entry *e, size_t n, const char *rel)
{
	manifest_entry key;

	key.path = (char *)rel;
	return n ? bsearch(&key, e, n, sizeof(key), entry_cmp) : NULL;
}

static void entries_free(manifest_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].path);
	free(e);
}



static int parse_hex64(unsigned long long *out, const char *s)
{
	int i;

	*out = 0;
	for (i = 0; i < 16; i++) {
		int c = s[i], v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		*out = *out << 4 | (unsigned)v;
	}
	return 0;
}

/* Gives e[n - 1] the path p[0..len): 0 when it has no NUL, is safe and
 * comes after e[n - 2]'s (the files are sorted, so a lookup can bisect). */
static int take_path(manifest_entry *e, size_t n, const char *p, size_t len)
{
	e[n - 1].path = mem_strndup(p, len);
	return strlen(e[n - 1].path) == len && output_path_is_safe(e[n - 1].path) &&
			       (n < 2 || strcmp(e[n - 2].path, e[n - 1].path) < 0)
		       ? 0
		       : -1;
}

/* Parses a manifest: the header, then "<32 hex> <size> <path>\n" lines in
 * strictly increasing path order, every path safe. Anything else (a cache
 * edited by hand, a newer format) is -1 and means a full build. */
static int manifest_parse(manifest_entry **out, size_t *n_out, const buf *text)
{
	manifest_entry *e = NULL;
	size_t n = 0, cap = 0, hl = strlen(MANIFEST_HEADER);
	const char *p = text->ptr, *end = text->ptr + text->size;

	*out = NULL;
	*n_out = 0;
	if (text->size < hl || memcmp(p, MANIFEST_HEADER, hl) != 0)
		return -1;
	for (p += hl; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		unsigned long long hi, lo, size = 0;
		const char *q;
		manifest_entry *x;

		if (!nl || nl - p < 36 || parse_hex64(&hi, p) || parse_hex64(&lo, p + 16) || p[32] != ' ')
			goto fail;
		for (q = p + 33; q < nl && *q >= '0' && *q <= '9' && size < (1ULL << 50); q++)
			size = size * 10 + (unsigned)(*q - '0');
		if (q == p + 33 || q >= nl || *q != ' ')
			goto fail;
		q++;
		e = mem_grow_array(e, &cap, n + 1, sizeof(*e));
		x = &e[n++];
		memset(x, 0, sizeof(*x));
		x->hash.high64 = hi;
		x->hash.low64 = lo;
		x->size = (size_t)size;
		if (take_path(e, n, q, (size_t)(nl - q)) != 0)
			goto fail;
		p = nl + 1;
	}
	*out = e;
	*n_out = n;
	return 0;
fail:
	entries_free(e, n);
	return -1;
}

/* Parses a file beside the manifest that names it: `header` and the
 * manifest id, then "<hex> <path>\n" lines in strictly increasing path
 * order, the hex a page key (KEYS_HEADER: 32 digits) or a stat_sig
 * (STATS_HEADER: 16). Another manifest's, or anything malformed, is -1:
 * then every page is rendered, or every kept file read. */
static int sidecar_parse(manifest_entry **out, size_t *n_out, const buf *text, const buf *id,
			 const char *header)
{
	manifest_entry *e = NULL;
	size_t n = 0, cap = 0, hl = strlen(header);
	int keys = !strcmp(header, KEYS_HEADER), digits = keys ? 32 : 16;
	const char *p = text->ptr, *end = text->ptr + text->size;

	*out = NULL;
	*n_out = 0;
	if (text->size < hl + id->size || memcmp(p, header, hl) != 0 ||
	    memcmp(p + hl, id->ptr, id->size) != 0)
		return -1;
	for (p += hl + id->size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		unsigned long long hi, lo = 0;
		manifest_entry *x;

		if (!nl || nl - p < digits + 2 || parse_hex64(&hi, p) ||
		    (keys && parse_hex64(&lo, p + 16)) || p[digits] != ' ')
			goto fail;
		e = mem_grow_array(e, &cap, n + 1, sizeof(*e));
		x = &e[n++];
		memset(x, 0, sizeof(*x));
		if (keys) {
			x->has_key = 1;
			x->key.hi = hi;
			x->key.lo = lo;
		} else {
			x->has_stat = 1;
			x->stat_sig = hi;
		}
		if (take_path(e, n, p + digits + 1, (size_t)(nl - p - digits - 1)) != 0)
			goto fail;
		p = nl + 1;
	}
	*out = e;
	*n_out = n;
	return 0;
fail:
	entries_free(e, n);
	return -1;
}

/* A time in ns as written by output_commit: 1 to 19 digits, no sign or
 * space; -1 otherwise. *end: after the digits. */
static long long parse_time(const char *p, char **end)
{
	long long t = 0;
	int n = 0;

	for (; *p >= '0' && *p <= '9'; p++, n++) {
		if (n == 19 || t > (LLONG_MAX - (*p - '0')) / 10)
			return -1;
		t = t * 10 + (*p - '0');
	}
	*end = (char *)p;
	return n == 0 ? -1 : t;
}

/* The time in the "built" file beside the manifest with id `id`, or 0 (a
 * time to come too: the clock was set back since). */
static long long built_parse(const output *o, const buf *text, const buf *id)
{
	size_t hl = strlen(BUILT_HEADER);
	long long t;
	char *end;

	if (text->size < hl + id->size || memcmp(text->ptr, BUILT_HEADER, hl) != 0 ||
	    memcmp(text->ptr + hl, id->ptr, id->size) != 0)
		return 0;
	t = parse_time(text->ptr + hl + id->size, &end);
	return t > 0 && *end == '\n' && t <= o->started ? t : 0;
}

/* Removes what killed builds left in the cache folder (the lock is held):
 * the manifest and page keys being written (`*.tmp-<pid>`, manifest.new)
 * and history's temporary files. Only these names: anything else in the
 * folder is not touched. */
static void remove_cache_temps(const char *cache_dir)
{
	DIR *d = opendir(cache_dir);
	struct dirent *e;
	buf p = BUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".tmp-") && strcmp(e->d_name, "manifest.new") != 0 &&
		    strncmp(e->d_name, ".history-", 9) != 0)
			continue;
		buf_clear(&p);
		buf_printf(&p, "%s/%s", cache_dir, e->d_name);
		unlink(p.ptr);
	}
	closedir(d);
	buf_free(&p);
}

static int replace_file(const char *path, const char *text, size_t len);
static int io_error(output *o, const char *path, const char *sv, const char *en);

/* Removes the spare site and its manifest: they are of no use to a full
 * build, and a spare that does not match its manifest is never used. */
static void drop_spare(output *o)
{
	buf p = BUF_INIT;
	struct stat st;

	if (lstat(o->spare_dir, &st) == 0 && S_ISLNK(st.st_mode))
		unlink(o->spare_dir); /* planted: the link goes, never what it names */
	else if (dir_state(o->spare_dir) == 1)
		remove_site(o->spare_dir);
	buf_printf(&p, "%s/manifest.spare", o->cache);
	unlink(p.ptr);
	buf_free(&p);
}

/* In an update, takes the spare site as the staging folder when its marker
 * names the manifest the cache keeps for it: then it holds exactly those
 * files, and complete_staging changes only what differs from the new site.
 * Otherwise the staging folder stays empty and every unchanged file is
 * linked into it. */
static int adopt_spare(output *o)
{
	buf text = BUF_INIT, rest = BUF_INIT, found = BUF_INIT, marker = BUF_INIT;
	size_t hl = strlen(SPARE_HEADER);
	int error = 0;

	if (dir_state(o->spare_dir) != 1 ||
	    source_read_beneath(&text, o->cache, "manifest.spare") != 0 ||
	    source_read_beneath(&found, o->spare_dir, OUTPUT_MARKER) != 0 || found.size == 0 ||
	    text.size < hl + found.size || memcmp(text.ptr, SPARE_HEADER, hl) != 0 ||
	    memcmp(text.ptr + hl, found.ptr, found.size) != 0 || found.ptr[found.size - 1] != '\n')
		goto drop;
	buf_put(&rest, text.ptr + hl + found.size, text.size - hl - found.size);
	{
		/* "built <nanoseconds>\n", then the manifest */
		long long t;
		char *p = rest.ptr, *end;
		if (strncmp(p, "built ", 6) != 0 || (t = parse_time(p + 6, &end)) < 0 || *end != '\n')
			goto drop;
		/* A time to come (the clock was set back since) is no time. */
		o->spare_built = t <= o->started ? t : 0;
		memmove(rest.ptr, end + 1, rest.size - (size_t)(end + 1 - rest.ptr) + 1);
		rest.size -= (size_t)(end + 1 - p);
	}
	if (manifest_parse(&o->spare, &o->n_spare, &rest) != 0)
		goto drop;
	/* The empty staging folder output_begin made gives way to the spare,
	 * which carries a marker already: a kill from here on leaves a staging
	 * folder that the next build removes. */
	buf_printf(&marker, "%s/%s", o->staging, OUTPUT_MARKER);
	if (unlink(marker.ptr) != 0 || rmdir(o->staging) != 0 ||
	    rename(o->spare_dir, o->staging) != 0) {
		entries_free(o->spare, o->n_spare);
		o->spare = NULL;
		o->n_spare = 0;
		/* The staging folder may be gone: make it again, marker first. A
		 * folder without its marker would be left beside the site for good. */
		if ((mkdir(o->staging, 0755) != 0 && errno != EEXIST) ||
		    replace_file(marker.ptr, "", 0) != 0) {
			error = io_error(o, o->staging, "kan inte skapa", "cannot create");
			goto out;
		}
		goto drop;
	}
	o->seeded = 1;
	goto out;
drop:
	drop_spare(o);
out:
	buf_free(&text);
	buf_free(&rest);
	buf_free(&found);
	buf_free(&marker);
	return error;
}

int output_set_cache(output *o, const char *cache_dir, int allow_update)
{
	buf text = BUF_INIT, id = BUF_INIT;
	struct stat st;

	if (mkdir(cache_dir, 0755) != 0 && errno != EEXIST) {
		DIAG_ERROR(o->diags, cache_dir, 0, 0, "kan inte skapa katalogen: %s",
			   "cannot create the folder: %s", strerror(errno));
		return OUTPUT_EIO;
	}
	/* Written through, a link would put the manifest anywhere. */
	if (lstat(cache_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		DIAG_ERROR(o->diags, cache_dir, 0, 0,
			   "är inte en katalog (en symbolisk länk?): ta bort den, så skapar "
			   "Trappa den igen",
			   "is not a folder (a symbolic link?): remove it and Trappa makes it again");
		return OUTPUT_EREFUSED;
	}
	free(o->cache);
	o->cache = mem_strdup(cache_dir);
	remove_cache_temps(cache_dir);
	/* An update needs the folder the manifest describes: its marker holds
	 * the manifest's id, which no interrupted build leaves behind. */
	if (allow_update && dir_state(o->dir) == 1 &&
	    source_read_beneath(&text, cache_dir, "manifest") == 0) {
		buf found = BUF_INIT;
		hash_hex(&id, XXH3_128bits(text.ptr, text.size));
		buf_putc(&id, '\n');
		if (source_read_beneath(&found, o->dir, OUTPUT_MARKER) == 0 && found.size == id.size &&
		    memcmp(found.ptr, id.ptr, id.size) == 0 &&
		    manifest_parse(&o->old, &o->n_old, &text) == 0) {
			o->update = 1;
			o->old_id = mem_strdup(id.ptr);
			buf_clear(&text);
			if (source_read_beneath(&text, cache_dir, "pagekeys") == 0)
				sidecar_parse(&o->old_keys, &o->n_old_keys, &text, &id, KEYS_HEADER);
			buf_clear(&text);
			if (source_read_beneath(&text, cache_dir, "stats") == 0)
				sidecar_parse(&o->old_stats, &o->n_old_stats, &text, &id, STATS_HEADER);
			buf_clear(&text);
			if (source_read_beneath(&text, cache_dir, "built") == 0)
				o->old_built = built_parse(o, &text, &id);
		}
		buf_free(&found);
	}
	if (o->update) {
		if (adopt_spare(o) != 0) {
			buf_free(&text);
			buf_free(&id);
			return OUTPUT_EIO;
		}
	} else {
		drop_spare(o);
	}
	buf_free(&text);
	buf_free(&id);
	return 0;
}

const char *output_cache_dir(const output *o)
{
	return o->cache;
}

int output_is_update(const output *o)
{
	return o->update;
}

void output_counts(const output *o, size_t *written, size_t *changed)
{
	*written = o->n_fresh;
	*changed = o->update ? o->n_changed : o->n_fresh;
}

/* What a file's content cannot change without changing: where it is, its
 * size, and the times of its last write and last change of any kind. The
 * change time cannot be set by hand, so a file written again, even with
 * its old modification time put back, has another signature. */
static unsigned long long stat_sig(const struct stat *st)
{
	unsigned long long f[8] = { (unsigned long long)st->st_dev,
				    (unsigned long long)st->st_ino,
				    (unsigned long long)st->st_size,
				    (unsigned long long)st->st_mode,
				    (unsigned long long)st->st_mtim.tv_sec,
				    (unsigned long long)st->st_mtim.tv_nsec,
				    (unsigned long long)st->st_ctim.tv_sec,
				    (unsigned long long)st->st_ctim.tv_nsec };
	return XXH3_64bits(f, sizeof(f));
}

/* 1 when the published file still holds the bytes the manifest says (size,
 * then the 128-bit hash of its content): a file deleted, edited or zeroed
 * by hand is made again instead of being linked into the new site. The
 * content is read unless the file's stat_sig is the one recorded when its
 * content was last found to be these bytes (under this manifest), and no
 * folder on its way is a symbolic link (read_beneath refuses those; a
 * folder moved away and linked back keeps its files' signatures): at
 * 10 000 dialogues reading every kept file was 7-8 % of an update. What
 * changes bytes without a write (a failing disk) is only noticed when the
 * file is read: --full writes everything. *sig (may be NULL) gets the
 * signature to record, or 0 when the file changed since this build began
 * (as the file system stamps times: a change after our read could carry
 * the same times). */
static int published_intact(const output *o, const manifest_entry *old, unsigned long long *sig)
{
	buf path = BUF_INIT, data = BUF_INIT;
	const manifest_entry *seen;
	struct stat st;
	unsigned long long now_sig = 0;
	int ok;

	buf_printf(&path, "%s/%s", o->dir, old->path);
	ok = lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == old->size;
	if (ok) {
		now_sig = stat_sig(&st);
		seen = find_in(o->old_stats, o->n_old_stats, old->path);
		/* A signature is trusted for a file last changed before the
		 * published site's folders were complete: the files the build that
		 * made it wrote got theirs as they were written, and no one else
		 * writes into a build's private staging folder. */
		if (!seen || seen->stat_sig != now_sig || ns_of(&st.st_ctim) >= o->old_built ||
		    !real_parents(o->dir, old->path))
			ok = source_read_beneath(&data, o->dir, old->path) == 0 &&
			     data.size == old->size &&
			     XXH128_isEqual(XXH3_128bits(data.ptr, data.size), old->hash);
		if (ns_of(&st.st_ctim) >= o->started || ns_of(&st.st_mtim) >= o->started)
			now_sig = 0;
	}
	if (sig)
		*sig = ok ? now_sig : 0;
	buf_free(&path);
	buf_free(&data);
	return ok;
}

int output_keep(output *o, const char *rel, const output_key *key)
{
	const manifest_entry *old, *k;
	manifest_entry *e;

	unsigned long long sig;

	if (!o->update || !(k = find_in(o->old_keys, o->n_old_keys, rel)) || k->key.hi != key->hi ||
	    k->key.lo != key->lo || !(old = find_in(o->old, o->n_old, rel)) ||
	    !published_intact(o, old, &sig))
		return 0;
	pthread_mutex_lock(&o->mutex);
	o->fresh = mem_grow_array(o->fresh, &o->fresh_cap, o->n_fresh + 1, sizeof(*e));
	e = &o->fresh[o->n_fresh++];
	*e = *old;
	e->path = mem_strdup(rel);
	e->changed = 0;
	e->has_key = 1;
	e->key = *key;
	e->has_stat = sig != 0;
	e->stat_sig = sig;
	pthread_mutex_unlock(&o->mutex);
	return 1;
}

/* Makes room for the file rel under root in a staging folder that began as
 * the spare site: removes what is at rel (a file, or a folder where a file
 * now goes) and a file where one of its folders now goes. */
static void clear_path(const char *root, const char *rel)
{
	buf path = BUF_INIT;
	const char *p;
	struct stat st;

	buf_puts(&path, root);
	for (p = rel; (p = strchr(p, '/')); p++) {
		buf_truncate(&path, strlen(root));
		buf_putc(&path, '/');
		buf_put(&path, rel, (size_t)(p - rel));
		if (lstat(path.ptr, &st) != 0)
			break; /* nothing further down either */
		if (!S_ISDIR(st.st_mode)) {
			unlink(path.ptr);
			break;
		}
	}
	buf_truncate(&path, strlen(root));
	buf_printf(&path, "/%s", rel);
	if (unlink(path.ptr) != 0 && (errno == EISDIR || errno == EPERM))
		output_remove_tree(path.ptr);
	buf_free(&path);
}

int output_write(output *o, const char *rel, const void *data, size_t len)
{
	return output_write_keyed(o, rel, data, len, NULL);
}

int output_write_keyed(output *o, const char *rel, const void *data, size_t len,
		       const output_key *key)
{
	buf path = BUF_INIT;
	size_t at = (size_t)-1; /* its entry in fresh */
	struct stat st;
	int fd, error = OUTPUT_EIO;

	if (!output_path_is_safe(rel)) {
		pthread_mutex_lock(&o->mutex);
		DIAG_ERROR(o->diags, rel, 0, 0, "otillåten sökväg i utdata",
			   "unsafe output path refused");
		pthread_mutex_unlock(&o->mutex);
		return OUTPUT_EREFUSED;
	}
	if (o->cache) {
		XXH128_hash_t h = XXH3_128bits(data, len);
		const manifest_entry *old = o->update ? find_in(o->old, o->n_old, rel) : NULL;
		unsigned long long sig = 0;
		int same = old && old->size == len && XXH128_isEqual(old->hash, h) &&
			   published_intact(o, old, &sig);
		manifest_entry *e;

		pthread_mutex_lock(&o->mutex);
		o->fresh = mem_grow_array(o->fresh, &o->fresh_cap, o->n_fresh + 1, sizeof(*e));
		e = &o->fresh[o->n_fresh++];
		e->path = mem_strdup(rel);
		e->hash = h;
		e->size = len;
		e->changed = !same;
		e->has_key = key != NULL;
		if (key)
			e->key = *key;
		e->has_stat = same && sig != 0;
		e->stat_sig = sig;
		o->n_changed += !same;
		at = o->n_fresh - 1;
		pthread_mutex_unlock(&o->mutex);
		if (same) /* the published file already holds these bytes */
			return 0;
	}
	buf_printf(&path, "%s/%s", o->staging, rel);
	/* A staging folder that began as the spare site holds the old file
	 * (a link to a published one: never written into) or a folder where
	 * the file now goes. */
	if (o->seeded)
		clear_path(o->staging, rel);
	/* O_EXCL: two pages claiming one address is a bug, never an overwrite.
	 * Folders are made only when the file cannot be created without them. */
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && errno == ENOENT && mkdirs_for(o->staging, rel, 0) == 0)
		fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		goto fail;
	/* Writeback starts now, without waiting: publish_staging fsyncs every
	 * file once all are written, when most of them are on disk already and
	 * one journal commit covers the rest. */
	if (write_all(fd, data, len) != 0 ||
	    (len > 0 && sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) != 0 && errno != ENOSYS &&
	     errno != EINVAL && errno != ESPIPE)) {
		int saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	/* Its signature as written, so the next build need not read it back
	 * (published_intact). */
	if (at != (size_t)-1 && fstat(fd, &st) == 0) {
		unsigned long long sig = stat_sig(&st);
		pthread_mutex_lock(&o->mutex);
		o->fresh[at].has_stat = 1;
		o->fresh[at].stat_sig = sig;
		pthread_mutex_unlock(&o->mutex);
	}
	if (close(fd) != 0)
		goto fail;
	buf_free(&path);
	return 0;
fail:
	pthread_mutex_lock(&o->mutex);
	DIAG_ERROR(o->diags, rel, 0, 0, "kan inte skriva filen: %s", "cannot write the file: %s",
		   strerror(errno));
	pthread_mutex_unlock(&o->mutex);
	buf_free(&path);
	return error;
}

/* Replaces path with text durably: a temporary file, fsynced, renamed
 * over it. The caller syncs the folder. */
static int replace_file(const char *path, const char *text, size_t len)
{
	buf tmp = BUF_INIT;
	int fd, ok, saved;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	ok = fd >= 0 && write_all(fd, text, len) == 0 && fsync(fd) == 0;
	saved = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && rename(tmp.ptr, path) != 0) {
		ok = 0;
		saved = errno;
	}
	if (!ok)
		unlink(tmp.ptr);
	buf_free(&tmp);
	errno = saved;
	return ok ? 0 : -1;
}

static int io_error(output *o, const char *path, const char *sv, const char *en)
{
	DIAG_ERROR(o->diags, path, 0, 0, "%s: %s", "%s: %s", diag_pick(sv, en), strerror(errno));
	return OUTPUT_EIO;
}

/* Links the published file rel into the staging folder (a copy where
 * linking fails). */
static int link_published(output *o, buf *from, buf *to, buf *data, const char *rel)
{
	buf_clear(from);
	buf_clear(to);
	buf_printf(from, "%s/%s", o->dir, rel);
	buf_printf(to, "%s/%s", o->staging, rel);
	if (!real_parents(o->dir, rel) || mkdirs_for(o->staging, rel, 0) != 0)
		return io_error(o, from->ptr, "kan inte läsa", "cannot read");
	if (link(from->ptr, to->ptr) == 0)
		return 0;
	buf_clear(data);
	if (source_read_beneath(data, o->dir, rel) != 0 ||
	    replace_file(to->ptr, data->ptr, data->size) != 0)
		return io_error(o, from->ptr, "kan inte kopiera", "cannot copy");
	return 0;
}

static int prune_tree(output *o, int fd, buf *rel, int *kept);

/* 1 when the folder fd of the spare site is as the build that made that
 * site left it: its change time (which every entry added, removed or
 * renamed in it moves, and no one can set back) is older than
 * the moment that build completed its folders. Then the spare's manifest says
 * what is in it, and it need not be read. A folder this build wrote into
 * is changed too, and read. */
static int dir_untouched(const output *o, int fd)
{
	struct stat st;

	return o->spare_built > 0 && fstat(fd, &st) == 0 && ns_of(&st.st_ctim) < o->spare_built;
}

/* Prunes the sub-folder `name` of fd, rel + "/" + name in the staging
 * folder: as its manifest says when it is untouched, else read. Removes it
 * when nothing stays; *kept otherwise. */
static int prune_known(output *o, int fd, buf *rel, int *kept);
static int prune_sub(output *o, int fd, buf *rel, const char *name, size_t name_len, int *kept)
{
	size_t base = rel->size;
	char *sub_name = mem_strndup(name, name_len);
	int sub, sub_kept = 0, error = 0;

	sub = openat(fd, sub_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0) {
		free(sub_name);
		return errno == ENOENT ? 0 : -1;
	}
	buf_printf(rel, "%s%s", base ? "/" : "", sub_name);
	error = dir_untouched(o, sub) ? prune_known(o, sub, rel, &sub_kept)
				      : prune_tree(o, sub, rel, &sub_kept);
	buf_truncate(rel, base);
	close(sub);
	/* empty now (or always): it goes; ENOTEMPTY keeps it */
	if (sub_kept || error)
		*kept = 1;
	else if (unlinkat(fd, sub_name, AT_REMOVEDIR) != 0) {
		*kept = 1;
		if (errno != ENOTEMPTY && errno != EEXIST)
			error = -1;
	}
	free(sub_name);
	return error;
}

/* prune_tree for an untouched folder (dir_untouched): its entries are the
 * spare manifest's files below rel, which sort together. */
static int prune_known(output *o, int fd, buf *rel, int *kept)
{
	size_t lo = 0, hi = o->n_spare, i, plen;
	int error = 0;

	*kept = 0;
	buf_putc(rel, '/');
	plen = rel->size;
	while (lo < hi) { /* the first path not before "rel/" */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(o->spare[mid].path, rel->ptr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; !error && i < o->n_spare && !strncmp(o->spare[i].path, rel->ptr, plen);) {
		const char *name = o->spare[i].path + plen, *slash = strchr(name, '/');
		if (!slash) {
			if (find_in(o->fresh, o->n_fresh, o->spare[i].path))
				*kept = 1;
			else if (unlinkat(fd, name, 0) != 0 && errno != ENOENT)
				error = -1;
			i++;
			continue;
		}
		{
			/* A folder: its files are the next entries. */
			size_t n = (size_t)(slash - name), sub_end = plen + n + 1;
			char *sub_prefix = mem_strndup(o->spare[i].path, sub_end);
			buf_truncate(rel, plen - 1);
			error = prune_sub(o, fd, rel, name, n, kept);
			buf_putc(rel, '/');
			while (i < o->n_spare && !strncmp(o->spare[i].path, sub_prefix, sub_end))
				i++;
			free(sub_prefix);
		}
	}
	buf_truncate(rel, plen - 1);
	return error;
}

/* Removes from the folder fd (rel: its path in the staging folder, "" at
 * the top) every entry the fresh list does not have: files, links and
 * anything else, and folders left empty. Links are removed, never
 * followed. *kept says whether anything stays in it (then it is not
 * removed: at 10 000 dialogues, ten thousand rmdir calls that fail).
 * Returns 0, or -1 on an error other than a vanished entry. */
static int prune_tree(output *o, int fd, buf *rel, int *kept)
{
	DIR *d = dir_of(fd);
	size_t base = rel->size;
	struct dirent *e;
	int error = 0;

	*kept = 0;
	o->dirs_read++;

	if (!d)
		return -1;
	while (!error && (e = readdir(d))) {
		int type = e->d_type;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (base == 0 && !strcmp(e->d_name, OUTPUT_MARKER))
			continue; /* written again when the site is published */
		buf_truncate(rel, base);
		buf_printf(rel, "%s%s", base ? "/" : "", e->d_name);
		if (type == DT_UNKNOWN) {
			if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type != DT_DIR) {
			const manifest_entry *keep = find_in(o->fresh, o->n_fresh, rel->ptr);
			if (keep) /* stays, or the site's file takes its place */
				*kept = 1;
			if (keep && type == DT_REG)
				continue;
			if (unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT) {
				error = -1;
				continue;
			}
			/* Not a plain file (a link put into the spare): the site's file
			 * instead. */
			if (keep) {
				buf from = BUF_INIT, to = BUF_INIT, data = BUF_INIT;
				error = link_published(o, &from, &to, &data, keep->path) != 0 ? -1 : 0;
				buf_free(&from);
				buf_free(&to);
				buf_free(&data);
			}
			continue;
		}
		buf_truncate(rel, base);
		error = prune_sub(o, fd, rel, e->d_name, strlen(e->d_name), kept);
	}
	buf_truncate(rel, base);
	closedir(d);
	return error;
}

/* Makes the staging folder a whole site. From an empty one: every unchanged
 * published file is linked in. From the spare site: only the files whose
 * bytes differ from the spare's are (the spare's own go), and the spare's
 * files the new site does not have are removed. */
static int complete_staging(output *o)
{
	buf from = BUF_INIT, to = BUF_INIT, data = BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < o->n_fresh && !error; i++) {
		const manifest_entry *e = &o->fresh[i], *had;
		if (e->changed)
			continue;
		if (o->seeded) {
			had = find_in(o->spare, o->n_spare, e->path);
			if (had && had->size == e->size && XXH128_isEqual(had->hash, e->hash))
				continue; /* the spare's file has these bytes */
			clear_path(o->staging, e->path);
		}
		error = link_published(o, &from, &to, &data, e->path);
	}
	/* What the spare has and the new site lacks goes: every entry of the
	 * staging folder is looked up in the fresh list (sorted by path in
	 * output_commit), not only the spare manifest's files, so a file added
	 * to the published site by hand does not come back with the spare. */
	if (o->seeded && !error) {
		int fd = open(o->staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), kept;
		buf_clear(&to);
		if (fd < 0 || prune_tree(o, fd, &to, &kept) != 0)
			error = io_error(o, o->staging, "kan inte städa", "cannot tidy");
		if (fd >= 0)
			close(fd);
	}
	buf_free(&from);
	buf_free(&to);
	buf_free(&data);
	return error;
}

/* Swaps the staging folder in for the published one in one step. Where
 * the file system has no RENAME_EXCHANGE (EINVAL), two renames: the old
 * site steps aside to <dir>.previous-<pid> and the new one takes its
 * place; the folder is missing only between them, and a kill there is
 * undone by the next build (remove_leftovers). Afterwards the old site
 * sits at o->staging, for output_abort to remove. */
static int swap_in(output *o)
{
	buf previous = BUF_INIT;
	struct stat st;
	int error = 0;

	if (lstat(o->dir, &st) != 0) {
		if (rename(o->staging, o->dir) != 0)
			return -1;
		free(o->staging);
		o->staging = NULL;
		return 0;
	}
	if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->dir, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	buf_printf(&previous, "%s" PREVIOUS_INFIX "%ld", o->dir, (long)getpid());
	if (rename(o->dir, previous.ptr) != 0) {
		error = -1;
	} else if (rename(o->staging, o->dir) != 0) {
		int saved = errno;
		rename(previous.ptr, o->dir); /* the old site back */
		errno = saved;
		error = -1;
	} else {
		free(o->staging);
		o->staging = buf_detach(&previous);
	}
	buf_free(&previous);
	return error;
}

/* Publishes the staging folder: in an update the unchanged published files
 * are linked in first, so it is a whole site; then every file and folder
 * in it is on disk (files were fsynced as written, folders here), the
 * swap makes it the site in one step, and the parent folder is synced so
 * the swap itself survives a power cut. */
static int publish_staging(output *o, const buf *id)
{
	buf marker = BUF_INIT, parent = BUF_INIT, name = BUF_INIT;
	int fd, error = 0;

	if (o->update && (error = complete_staging(o)) != 0)
		goto out;
	/* Every folder of the site is as it will stay (the marker is written
	 * into the top one, which is always read anyway). */
	o->built = 0;
	{
		buf what = BUF_INIT;
		buf_printf(&what, "publish: complete the staging folder (%zu folders read)",
			   o->dirs_read);
		diag_phase(what.ptr);
		buf_free(&what);
	}
	if (o->cache) {
		struct stat st;
		buf_printf(&marker, "%s/%s", o->staging, OUTPUT_MARKER);
		if (replace_file(marker.ptr, id->ptr, id->size) != 0) {
			error = io_error(o, marker.ptr, "kan inte skriva", "cannot write");
			goto out;
		}
		/* The marker is the last thing written: its change time, stamped
		 * by the file system itself, is when every folder was complete. */
		if (lstat(marker.ptr, &st) == 0)
			o->built = ns_of(&st.st_ctim);
	}
	/* syncfs(2) waits for every dirty file and folder of the file system
	 * the staging folder is on: on Linux "the same guarantees as fsync()
	 * called on every file" in it, for one journal commit instead of one
	 * per file (at 10 000 dialogues 46 000 fsyncs took 5 s, syncfs well
	 * under one). Where it is missing, every file and folder is fsynced. */
	fd = open(o->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || (syncfs(fd) != 0 && (errno != ENOSYS || sync_tree(fd) != 0))) {
		error = io_error(o, o->staging, "kan inte spara på disken",
				 "cannot save to disk");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	diag_phase("publish: syncfs");
	if (swap_in(o) != 0) {
		DIAG_ERROR(o->diags, o->dir, 0, 0, "kan inte byta in den nya webbplatsen: %s",
			   "cannot swap in the new site: %s", strerror(errno));
		error = OUTPUT_EIO;
		goto out;
	}
	o->published = 1;
	diag_phase("publish: swap");
	split_dir(&parent, &name, o->dir);
	if (sync_dir(parent.ptr) != 0)
		DIAG_WARNING(o->diags, parent.ptr, 0, 0,
			     "den nya webbplatsen är publicerad, men bytet kunde inte sparas på "
			     "disken: %s",
			     "the new site is published, but the swap could not be saved to disk: %s",
			     strerror(errno));
out:
	buf_free(&marker);
	buf_free(&parent);
	buf_free(&name);
	return error;
}

/* Writes manifest.spare for the site just replaced (o->staging), which
 * becomes the spare: the marker's id, then that site's manifest in which
 * only the files this build found intact and kept have their hash. The
 * others (changed or removed now) are whatever they were, perhaps damaged
 * by hand: a zero hash matches nothing, so the next update replaces them
 * instead of trusting them. 1 on success. */
static int keep_manifest_as_spare(output *o)
{
	buf text = BUF_INIT, path = BUF_INIT;
	XXH128_hash_t none = { 0, 0 };
	size_t i;
	int ok;

	buf_printf(&text, "%s%sbuilt %lld\n%s", SPARE_HEADER, o->old_id, o->old_built,
		   MANIFEST_HEADER);
	for (i = 0; i < o->n_old; i++) {
		const manifest_entry *now = find_in(o->fresh, o->n_fresh, o->old[i].path);
		int kept = now && !now->changed && now->size == o->old[i].size &&
			   XXH128_isEqual(now->hash, o->old[i].hash);
		hash_hex(&text, kept ? o->old[i].hash : none);
		buf_printf(&text, " %zu %s\n", o->old[i].size, o->old[i].path);
	}
	buf_printf(&path, "%s/manifest.spare", o->cache);
	ok = replace_file(path.ptr, text.ptr, text.size) == 0;
	buf_free(&text);
	buf_free(&path);
	return ok;
}

int output_commit(output *o)
{
	buf text = BUF_INIT, id = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT;
	size_t i;
	int error = 0;

	diag_phase("output_commit: start");
	if (o->cache) {
		qsort(o->fresh, o->n_fresh, sizeof(*o->fresh), entry_cmp);
		buf_puts(&text, MANIFEST_HEADER);
		for (i = 0; i < o->n_fresh; i++) {
			if (i > 0 && !strcmp(o->fresh[i - 1].path, o->fresh[i].path)) {
				DIAG_ERROR(o->diags, o->fresh[i].path, 0, 0,
					   "två sidor har samma adress", "two pages have the same address");
				error = OUTPUT_EIO;
				goto out;
			}
			hash_hex(&text, o->fresh[i].hash);
			buf_printf(&text, " %zu %s\n", o->fresh[i].size, o->fresh[i].path);
		}
		hash_hex(&id, XXH3_128bits(text.ptr, text.size));
		buf_putc(&id, '\n');
		buf_printf(&path, "%s/manifest", o->cache);
		buf_printf(&tmp, "%s/manifest.new", o->cache);
		if (replace_file(tmp.ptr, text.ptr, text.size) != 0) {
			error = io_error(o, tmp.ptr, "kan inte skriva", "cannot write");
			goto out;
		}
	}
	/* An update whose files are all the published ones (the same manifest)
	 * has nothing to publish: the site stays, not even swapped. */
	if (o->update && o->n_changed == 0 && o->old_id && !strcmp(o->old_id, id.ptr)) {
		unlink(tmp.ptr);
		buf_clear(&tmp);
		/* Nothing was written into it: a staging folder that began as the
		 * spare site is that still. */
		if (o->seeded && rename(o->staging, o->spare_dir) == 0) {
			free(o->staging);
			o->staging = NULL;
		}
	} else if ((error = publish_staging(o, &id)) != 0) {
		goto out;
	}
	/* The site is in place. The manifest that describes it comes next; if
	 * it is lost, the site's marker names a manifest the cache does not
	 * hold, and the next build is a full one: slower, never wrong. */
	if (o->cache) {
		/* The old site is kept as the next update's spare when the cache
		 * keeps its manifest beside it (see SPARE_SUFFIX). */
		int keep_spare = tmp.size && o->update && o->staging && keep_manifest_as_spare(o);
		if (tmp.size && (rename(tmp.ptr, path.ptr) != 0 || sync_dir(o->cache) != 0)) {
			DIAG_WARNING(o->diags, path.ptr, 0, 0,
				     "den nya webbplatsen är publicerad, men nästa bygge blir "
				     "fullständigt: %s",
				     "the new site is published, but the next build will be a full "
				     "one: %s",
				     strerror(errno));
			goto out;
		}
		/* Keys name the manifest they go with: if this write is lost, the
		 * next build renders every page, which is only slower. */
		buf_clear(&text);
		buf_printf(&text, "%s%s", KEYS_HEADER, id.ptr);
		for (i = 0; i < o->n_fresh; i++) {
			if (!o->fresh[i].has_key)
				continue;
			hex128(&text, o->fresh[i].key.hi, o->fresh[i].key.lo);
			buf_printf(&text, " %s\n", o->fresh[i].path);
		}
		buf_clear(&path);
		buf_printf(&path, "%s/pagekeys", o->cache);
		replace_file(path.ptr, text.ptr, text.size);
		/* So are the stats: lost, the next build reads every kept file. */
		buf_clear(&text);
		buf_printf(&text, "%s%s", STATS_HEADER, id.ptr);
		for (i = 0; i < o->n_fresh; i++)
			if (o->fresh[i].has_stat)
				buf_printf(&text, "%016llx %s\n", o->fresh[i].stat_sig, o->fresh[i].path);
		buf_clear(&path);
		buf_printf(&path, "%s/stats", o->cache);
		replace_file(path.ptr, text.ptr, text.size);
		/* And when the site's folders were complete: lost, the spare this
		 * site becomes is read folder by folder, which is only slower. */
		buf_clear(&text);
		buf_printf(&text, "%s%s%lld\n", BUILT_HEADER, id.ptr,
			   o->published ? o->built : o->old_built);
		buf_clear(&path);
		buf_printf(&path, "%s/built", o->cache);
		replace_file(path.ptr, text.ptr, text.size);
		if (keep_spare && rename(o->staging, o->spare_dir) == 0) {
			free(o->staging);
			o->staging = NULL;
		}
	}
out:
	if (!o->published && tmp.size)
		unlink(tmp.ptr);
	buf_free(&text);
	buf_free(&id);
	buf_free(&path);
	buf_free(&tmp);
	diag_phase("output_commit: manifest and keys");
	output_abort(o);
	diag_phase("spare kept or old site removed");
	return error;
}

void output_abort(output *o)
{
	if (!o)
		return;
	/* A build's staging folder, or after a swap the old site: either way
	 * Trappa's, marker last (a kill leaves it recognisable). */
	if (o->staging)
		remove_site(o->staging);
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	pthread_mutex_destroy(&o->mutex);
	entries_free(o->old, o->n_old);
	entries_free(o->old_keys, o->n_old_keys);
	entries_free(o->old_stats, o->n_old_stats);
	entries_free(o->fresh, o->n_fresh);
	entries_free(o->spare, o->n_spare);
	free(o->spare_dir);
	free(o->staging);
	free(o->cache);
	free(o->old_id);
	free(o->dir);
	free(o);
}

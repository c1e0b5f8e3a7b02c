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
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

struct output {
	char *dir;
	char *staging;
	int lock_fd;
	diag_list *diags;
};

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
	/* 0: absent or empty; 1: ours; -1: something else. */
	DIR *d = opendir(dir);
	struct dirent *e;
	int entries = 0, marker = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
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

/* Removes staging folders a killed build left behind (they carry the marker). */
static void remove_stale_staging(const char *dir)
{
	buf parent = BUF_INIT, prefix = BUF_INIT;
	const char *slash = strrchr(dir, '/');
	DIR *d;
	struct dirent *e;

	if (slash) {
		buf_put(&parent, dir, (size_t)(slash - dir));
		if (parent.size == 0)
			buf_puts(&parent, "/");
		buf_printf(&prefix, "%s.staging-", slash + 1);
	} else {
		buf_puts(&parent, ".");
		buf_printf(&prefix, "%s.staging-", dir);
	}
	if ((d = opendir(parent.ptr))) {
		while ((e = readdir(d))) {
			buf p = BUF_INIT;
			if (strncmp(e->d_name, prefix.ptr, prefix.size) != 0)
				continue;
			buf_printf(&p, "%s/%s", parent.ptr, e->d_name);
			if (dir_state(p.ptr) >= 0)
				output_remove_tree(p.ptr);
			buf_free(&p);
		}
		closedir(d);
	}
	buf_free(&parent);
	buf_free(&prefix);
}

int output_begin(output **out, diag_list *diags, const char *dir_in)
{
	output *o = mem_calloc(1, sizeof(*o));
	buf lock = BUF_INIT, staging = BUF_INIT;
	size_t n = strlen(dir_in);
	int state, fd;

	*out = NULL;
	o->lock_fd = -1;
	o->diags = diags;
	while (n > 1 && dir_in[n - 1] == '/')
		n--;
	o->dir = mem_strndup(dir_in, n);
	state = dir_state(o->dir);
	if (state < 0) {
		DIAG_ERROR(diags, o->dir, 0, 0,
			   "vägrar att skriva över katalogen: den är inte tom och skapades inte av "
			   "Trappa (filen %s saknas). Välj en tom eller ny katalog med --out",
			   "refusing to replace this folder: it is not empty and was not written by "
			   "Trappa (no %s file). Choose an empty or new folder with --out",
			   OUTPUT_MARKER);
		free(o->dir);
		free(o);
		return OUTPUT_EREFUSED;
	}
	buf_printf(&lock, "%s.lock", o->dir);
	o->lock_fd = open(lock.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (o->lock_fd < 0 || flock(o->lock_fd, LOCK_EX) != 0) {
		DIAG_ERROR(diags, lock.ptr, 0, 0, "kan inte låsa: %s", "cannot lock: %s",
			   strerror(errno));
		goto fail;
	}
	remove_stale_staging(o->dir);
	buf_printf(&staging, "%s.staging-%ld", o->dir, (long)getpid());
	output_remove_tree(staging.ptr);
	if (mkdir(staging.ptr, 0755) != 0) {
		DIAG_ERROR(diags, staging.ptr, 0, 0, "kan inte skapa katalogen: %s",
			   "cannot create the folder: %s", strerror(errno));
		goto fail;
	}
	o->staging = buf_detach(&staging);
	fd = -1;
	{
		buf marker = BUF_INIT;
		buf_printf(&marker, "%s/%s", o->staging, OUTPUT_MARKER);
		fd = open(marker.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
		buf_free(&marker);
	}
	if (fd < 0 || close(fd) != 0) {
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

static int mkdirs_for(const char *root, const char *rel)
{
	buf path = BUF_INIT;
	const char *p;
	int error = 0;

	buf_puts(&path, root);
	for (p = rel; (p = strchr(p, '/')); p++) {
		buf_truncate(&path, strlen(root));
		buf_putc(&path, '/');
		buf_put(&path, rel, (size_t)(p - rel));
		if (mkdir(path.ptr, 0755) != 0 && errno != EEXIST) {
			error = -1;
			break;
		}
	}
	buf_free(&path);
	return error;
}

int output_write(output *o, const char *rel, const void *data, size_t len)
{
	buf path = BUF_INIT;
	const char *p = data;
	int fd, error = OUTPUT_EIO;

	if (!output_path_is_safe(rel)) {
		DIAG_ERROR(o->diags, rel, 0, 0, "otillåten sökväg i utdata",
			   "unsafe output path refused");
		return OUTPUT_EREFUSED;
	}
	if (mkdirs_for(o->staging, rel) != 0)
		goto fail;
	buf_printf(&path, "%s/%s", o->staging, rel);
	/* O_EXCL: two pages claiming one address is a bug, never an overwrite. */
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		goto fail;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		goto fail;
	buf_free(&path);
	return 0;
fail:
	DIAG_ERROR(o->diags, rel, 0, 0, "kan inte skriva filen: %s", "cannot write the file: %s",
		   strerror(errno));
	buf_free(&path);
	return error;
}

int output_commit(output *o)
{
	struct stat st;
	int error = 0;

	if (lstat(o->dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->dir, RENAME_EXCHANGE) != 0) {
			DIAG_ERROR(o->diags, o->dir, 0, 0, "kan inte byta in den nya webbplatsen: %s",
				   "cannot swap in the new site: %s", strerror(errno));
			error = OUTPUT_EIO;
			goto out;
		}
		/* The old site now sits at the staging path. */
		output_remove_tree(o->staging);
	} else if (rename(o->staging, o->dir) != 0) {
		DIAG_ERROR(o->diags, o->dir, 0, 0, "kan inte flytta den nya webbplatsen på plats: %s",
			   "cannot move the new site into place: %s", strerror(errno));
		error = OUTPUT_EIO;
		goto out;
	}
	free(o->staging);
	o->staging = NULL;
out:
	output_abort(o);
	return error;
}

void output_abort(output *o)
{
	if (!o)
		return;
	if (o->staging)
		output_remove_tree(o->staging);
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	free(o->staging);
	free(o->dir);
	free(o);
}

/* modelcache: see modelcache.h.
 *
 * File: "TRAPPAMC", u32 version, the 16-byte header key, then entries
 * (16-byte key, u32 length, payload, u64 checksum) up to the end. The
 * checksum covers the header key and the entry's key too, so bytes of an
 * older file (left in blocks a crash exposes) never pass for an entry. The file is read through mmap and indexed by key in an
 * open-addressing table.
 *
 * An update changes a few entries of thousands, so the file is not
 * written again whole: the new entries are appended, until the entries no
 * longer used exceed a fifth of those used; then it is written afresh
 * (through a temporary file renamed over it). An append cut short leaves a
 * damaged tail, which the next reader stops at and the next close replaces
 * by a fresh file; so is a file with any entry whose checksum fails. */
#include "modelcache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "mem.h"
#include "pack.h"

#define MODELCACHE_VERSION 2
#define MODELCACHE_MAX (1024L * 1024 * 1024) /* larger files are not read */

static const char magic[8] = { 'T', 'R', 'A', 'P', 'P', 'A', 'M', 'C' };

struct modelcache {
	char *dir;
	char *name;
	modelcache_key site;
	/* the file read */
	const unsigned char *map;
	size_t map_len;
	size_t *slots; /* entry offsets + 1 by key (0 = empty); a power of two */
	size_t n_slots;
	size_t n_entries; /* indexed */
	int damaged;      /* something after the last good entry */
	/* this build's entries: those found in the file (offsets), the others
	 * streamed to the temporary file */
	size_t *hits, n_hits, hits_cap;
	size_t n_new;
	FILE *out;
	char *tmp;
	int write_error;
};

#define ENTRY_SIZE(len) (16 + 4 + (size_t)(len) + 8)
#define HEADER_SIZE (sizeof(magic) + 4 + 16)

void modelcache_key_of(modelcache_key *out, const void *data, size_t len)
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	memcpy(out->b, c.digest, sizeof(out->b));
}

/* The executable's id, read once per process (a build asks for it for the
 * model cache and for the page keys; `trappa serve` on every rebuild). */
static unsigned char self_id[16];
static int self_error = -1;
static pthread_once_t self_once = PTHREAD_ONCE_INIT;

static void self_read(void)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_canonical_t c;
	char chunk[65536];
	ssize_t n;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), error = 0;

	if (!st)
		abort(); /* out of memory, as in mem.h */
	if (fd < 0) {
		XXH3_freeState(st);
		return;
	}
	XXH3_128bits_reset(st);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = -1;
			break;
		}
		XXH3_128bits_update(st, chunk, (size_t)n);
	}
	close(fd);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(self_id, c.digest, 16);
	self_error = error;
}

int modelcache_self_id(unsigned char out[16])
{
	pthread_once(&self_once, self_read);
	memcpy(out, self_id, 16);
	return self_error;
}

/* An entry's checksum: XXH3 of its payload, seeded with its key and the
 * header key. */
static uint64_t entry_sum(const modelcache *c, const unsigned char *key, const void *data,
			  size_t len)
{
	unsigned char keys[32];

	memcpy(keys, c->site.b, 16);
	memcpy(keys + 16, key, 16);
	return XXH3_64bits_withSeed(data, len, XXH3_64bits(keys, sizeof(keys)));
}

static size_t slot_of(const modelcache *c, const unsigned char *key)
{
	size_t h;

	memcpy(&h, key, sizeof(h)); /* the key is a hash already */
	return h & (c->n_slots - 1);
}

/* Indexes the entries of the mapped file: skips one whose checksum fails
 * (its length may still be right: a flipped bit costs one entry; if not,
 * what follows fails its checksums too) and stops at one that does not
 * fit (a file cut short keeps the entries before the cut). Either way the
 * file is damaged, and written afresh at close. */
static void index_entries(modelcache *c)
{
	size_t pos = HEADER_SIZE, n = 0, cap = 0, *offsets = NULL, i;

	while (c->map_len - pos >= ENTRY_SIZE(0)) {
		pack_reader r;
		uint32_t len;
		pack_reader_init(&r, c->map + pos + 16, 4);
		len = pack_get_u32(&r);
		if (c->map_len - pos - ENTRY_SIZE(0) < len)
			break;
		pack_reader_init(&r, c->map + pos + 16 + 4 + len, 8);
		if (entry_sum(c, c->map + pos, c->map + pos + 16 + 4, len) != pack_get_u64(&r)) {
			c->damaged = 1;
		} else {
			offsets = mem_grow_array(offsets, &cap, n + 1, sizeof(*offsets));
			offsets[n++] = pos;
		}
		pos += ENTRY_SIZE(len);
	}
	c->damaged |= pos != c->map_len;
	c->n_entries = n;
	for (c->n_slots = 16; c->n_slots < 2 * n; c->n_slots *= 2)
		;
	c->slots = mem_calloc(c->n_slots, sizeof(*c->slots));
	for (i = 0; i < n; i++) {
		size_t s = slot_of(c, c->map + offsets[i]);
		while (c->slots[s])
			s = (s + 1) & (c->n_slots - 1);
		c->slots[s] = offsets[i] + 1;
	}
	free(offsets);
}

static void read_file(modelcache *c)
{
	buf path = BUF_INIT;
	struct stat st;
	void *m;
	int fd;

	buf_printf(&path, "%s/%s", c->dir, c->name);
	fd = open(path.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_free(&path);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)HEADER_SIZE ||
	    st.st_size > MODELCACHE_MAX) {
		close(fd);
		return;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return;
	c->map = m;
	c->map_len = (size_t)st.st_size;
	{
		pack_reader r;
		pack_reader_init(&r, c->map + sizeof(magic), 4);
		if (memcmp(c->map, magic, sizeof(magic)) || pack_get_u32(&r) != MODELCACHE_VERSION ||
		    memcmp(c->map + sizeof(magic) + 4, c->site.b, 16)) {
			munmap((void *)c->map, c->map_len);
			c->map = NULL;
			c->map_len = 0;
			return;
		}
	}
	index_entries(c);
}

static void start_file(modelcache *c)
{
	buf path = BUF_INIT, head = BUF_INIT;
	int fd;

	buf_printf(&path, "%s/%s.tmp-%ld", c->dir, c->name, (long)getpid());
	unlink(path.ptr); /* a leftover of a process with the same id */
	fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || !(c->out = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		c->write_error = errno ? errno : EIO;
		buf_free(&path);
		return;
	}
	c->tmp = buf_detach(&path);
	buf_put(&head, magic, sizeof(magic));
	pack_u32(&head, MODELCACHE_VERSION);
	buf_put(&head, c->site.b, 16);
	if (fwrite(head.ptr, 1, head.size, c->out) != head.size)
		c->write_error = errno ? errno : EIO;
	buf_free(&head);
}

modelcache *modelcache_open(const char *dir, const char *name, const modelcache_key *site,
			    int read)
{
	modelcache *c = mem_calloc(1, sizeof(*c));

	if (!dir)
		return c;
	c->dir = mem_strdup(dir);
	c->name = mem_strdup(name);
	c->site = *site;
	if (read)
		read_file(c);
	return c;
}

int modelcache_find(const modelcache *c, const modelcache_key *key, const void **data,
		    size_t *len)
{
	size_t s;

	if (!c || !c->slots)
		return -1;
	for (s = slot_of(c, key->b); c->slots[s]; s = (s + 1) & (c->n_slots - 1)) {
		const unsigned char *e = c->map + c->slots[s] - 1;
		pack_reader r;
		uint32_t n;
		if (memcmp(e, key->b, 16))
			continue;
		pack_reader_init(&r, e + 16, 4);
		n = pack_get_u32(&r); /* checked when indexed */
		*data = e + 16 + 4;
		*len = n;
		return 0;
	}
	return -1;
}

void modelcache_add(modelcache *c, const modelcache_key *key, const void *data, size_t len)
{
	buf head = BUF_INIT;
	const unsigned char *at = data;

	if (!c || !c->dir || len > 0xfffffff0u)
		return;
	if (c->map && at >= c->map + HEADER_SIZE + 20 && at < c->map + c->map_len) {
		/* An entry of the file read, found by modelcache_find. */
		c->hits = mem_grow_array(c->hits, &c->hits_cap, c->n_hits + 1, sizeof(*c->hits));
		c->hits[c->n_hits++] = (size_t)(at - c->map) - 20;
		return;
	}
	if (!c->out && !c->write_error)
		start_file(c);
	if (!c->out || c->write_error)
		return;
	buf_put(&head, key->b, 16);
	pack_u32(&head, (uint32_t)len);
	if (fwrite(head.ptr, 1, head.size, c->out) != head.size ||
	    fwrite(data, 1, len, c->out) != len)
		c->write_error = errno ? errno : EIO;
	buf_clear(&head);
	pack_u64(&head, entry_sum(c, key->b, data, len));
	if (!c->write_error && fwrite(head.ptr, 1, head.size, c->out) != head.size)
		c->write_error = errno ? errno : EIO;
	buf_free(&head);
	c->n_new++;
}

/* Writes all of data to fd. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Appends the temporary file's entries (after its header) to the file. */
static void append_new(modelcache *c)
{
	buf path = BUF_INIT, data = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int in = open(c->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), fd = -1;

	while (in >= 0 && (n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_put(&data, chunk, (size_t)n);
	}
	buf_printf(&path, "%s/%s", c->dir, c->name);
	if (in < 0 || data.size < HEADER_SIZE ||
	    (fd = open(path.ptr, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    write_all(fd, data.ptr + HEADER_SIZE, data.size - HEADER_SIZE) != 0)
		c->write_error = errno ? errno : EIO;
	if (fd >= 0 && close(fd) != 0 && !c->write_error)
		c->write_error = errno ? errno : EIO;
	if (in >= 0)
		close(in);
	unlink(c->tmp);
	buf_free(&path);
	buf_free(&data);
}

void modelcache_refuse(modelcache *c)
{
	if (c)
		c->damaged = 1;
}

void modelcache_close(modelcache *c, diag_list *diags)
{
	size_t i;
	/* Append when the file read is sound and at most a fifth of its entries
	 * went unused; else write it afresh. */
	int append = c && c->map && !c->damaged && !c->write_error &&
		     (c->n_entries - c->n_hits) * 4 <= c->n_hits + c->n_new;

	if (!c)
		return;
	if (c->dir && !append && !c->out && !c->write_error)
		start_file(c); /* nothing new, but unused entries to drop */
	if (c->out) {
		if (!append)
			for (i = 0; i < c->n_hits && !c->write_error; i++) {
				const unsigned char *e = c->map + c->hits[i];
				pack_reader r;
				size_t size;
				pack_reader_init(&r, e + 16, 4);
				size = ENTRY_SIZE(pack_get_u32(&r));
				if (fwrite(e, 1, size, c->out) != size)
					c->write_error = errno ? errno : EIO;
			}
		if (fclose(c->out) != 0 && !c->write_error)
			c->write_error = errno ? errno : EIO;
		if (c->write_error) {
			unlink(c->tmp);
		} else if (append) {
			append_new(c);
		} else {
			/* Renamed over the old file, which the map still reads. No
			 * fsync: a cache cut short by a power cut is only shorter
			 * (entries past the cut, or all, are misses). */
			buf path = BUF_INIT;
			buf_printf(&path, "%s/%s", c->dir, c->name);
			if (rename(c->tmp, path.ptr) != 0) {
				c->write_error = errno;
				unlink(c->tmp);
			}
			buf_free(&path);
		}
	}
	if (c->write_error && diags)
		DIAG_WARNING(diags, c->dir, 0, 0,
			     "kan inte skriva innehållets cache (%s): nästa bygge läser alla filer igen",
			     "cannot write the content cache (%s): the next build reads every file again",
			     strerror(c->write_error));
	if (c->map)
		munmap((void *)c->map, c->map_len);
	free(c->hits);
	free(c->slots);
	free(c->tmp);
	free(c->dir);
	free(c->name);
	free(c);
}

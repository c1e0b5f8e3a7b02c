/* modelcache: what model_load made of each Markdown file, kept beside the
 * output (<out>.cache/model) so that an update reads, parses and checks
 * only the files that changed.
 *
 * The file holds entries keyed by 16 bytes that the model computes from
 * everything a file's load depends on (its blob id, path, the original of
 * a translation, ...); a header key covers what every load depends on
 * (the generator's bytes, site.yaml, today, the language of messages).
 * What an entry holds is the model's business (model.c packs it, pack.h).
 * Nothing in the file is trusted: a missing, foreign or damaged file, or
 * an entry whose checksum fails, is a cache miss, never an error. */
#ifndef TRAPPA_MODELCACHE_H
#define TRAPPA_MODELCACHE_H

#include <stddef.h>

#include "diag.h"

typedef struct modelcache modelcache;

typedef struct modelcache_key {
	unsigned char b[16];
} modelcache_key;

#define MODELCACHE_FILE "model" /* the model's; other users name their own */

/* The key of len bytes of data (XXH3-128). */
void modelcache_key_of(modelcache_key *out, const void *data, size_t len);
/* 16 bytes naming this executable (a hash of /proc/self/exe), for every
 * key that must change with the generator (the page keys too). Returns 0,
 * or -1 when it cannot be read: then no cache and no key is used. */
int modelcache_self_id(unsigned char out[16]);

/* Opens the cache file dir/name (dir NULL: none) for header key `site`:
 * reading when `read` is set and the file was written for the same key,
 * and writing a new file, which replaces the old one at modelcache_close
 * (name must not contain ".tmp-", the temporary file's mark). Never fails:
 * without a usable file every lookup misses. */
modelcache *modelcache_open(const char *dir, const char *name, const modelcache_key *site,
			    int read);
/* The entry stored under key in the file read: 0 with *data and *len (valid
 * until modelcache_close), or -1. Safe from several threads. */
int modelcache_find(const modelcache *c, const modelcache_key *key, const void **data,
		    size_t *len);
/* Adds an entry to the file being written (one thread at a time): a new
 * one, or one modelcache_find gave (data as it gave it), which is kept.
 * Entries not added again are dropped when the file is next written whole
 * (modelcache.c says when). */
void modelcache_add(modelcache *c, const modelcache_key *key, const void *data, size_t len);
/* Says that an entry modelcache_find gave could not be used: the file is
 * written afresh at modelcache_close, without it. */
void modelcache_refuse(modelcache *c);
/* Finishes the new file (renamed over the old one) and frees c. A file
 * that cannot be written is a warning in diags (may be NULL). */
void modelcache_close(modelcache *c, diag_list *diags);

#endif

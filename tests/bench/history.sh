#!/bin/sh
# Times history_load on a generated repository: by default 10 000 commits
# touching about 1 000 dialogue files (edits, renames, level changes,
# feedback sections, merges of short branches, commits outside content/).
#
#   tests/bench/history.sh [COMMITS [FILES]]
#
# Builds the repository with git fast-import in a temporary folder (kept
# with KEEP=1), links a small driver against generator/build/libtrappa.a
# (the optimised build) and prints, for one process each:
#   walk     history_load without a cache
#   noverify the same, with libgit2's strict hash verification off
#            (git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0))
#   write    the walk, writing the cache
#   read     loading it back from the cache
#   incr     one more commit on top, joined with the cached ancestor
# Each line gives wall-clock and CPU time (they differ on a busy machine).
set -eu

COMMITS=${1:-10000}
FILES=${2:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d /tmp/trappa-bench-history-XXXXXX)
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf -- "$TMP"; else echo "kept $TMP"; fi; }
trap cleanup EXIT INT TERM

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$TMP"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org

make -C "$ROOT" --no-print-directory -s generator/build/libtrappa.a

# ---- the repository ---------------------------------------------------------
python3 - "$COMMITS" "$FILES" > "$TMP/stream" <<'EOF'
import random, sys
commits, nfiles = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(6)
out = sys.stdout.buffer
levels = ["information", "konsultation", "dialog", "inflytande", "medbeslutande"]
t0 = 1500000000
files = {}      # path -> [level, paragraphs, feedback]
paths = []
serial = 0
mark = 0

def text(f):
    level, paras, fb = f
    s = "---\ntitle: Dialog\nsummary: Om något som rör många\nlevel: %s\nresponsible: SBN\n---\n" % level
    s += "\n\n".join(paras) + "\n"
    if fb:
        s += "\n## Återkoppling\n" + fb + "\n"
    return s.encode()

def para():
    return " ".join(rnd.choice(["kommunen", "invånare", "förslag", "parken", "beslut",
                                "dialog", "synpunkter", "skolan", "trafik", "underlag"])
                    for _ in range(rnd.randint(20, 60))) + "."

def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")

def new_path():
    global serial
    serial += 1
    return "content/dialoger/dialog-%05d.md" % serial

def edit(ops):
    """One random change to the content; appends fast-import file lines."""
    r = rnd.random()
    if len(paths) < nfiles and (r < 0.12 or len(paths) < 20):
        p = new_path()
        files[p] = [rnd.choice(levels), [para() for _ in range(rnd.randint(3, 8))], None]
        paths.append(p)
        ops.append((p, text(files[p])))
        return
    p = rnd.choice(paths)
    f = files[p]
    if r < 0.015:                          # rename, with a small edit
        q = new_path()
        paths[paths.index(p)] = q
        files[q] = files.pop(p)
        files[q][1][0] = para()
        ops.append((p, None))
        ops.append((q, text(files[q])))
        return
    if r < 0.04:
        f[0] = rnd.choice(levels)
    elif r < 0.07 and not f[2]:
        f[2] = para()
    else:
        f[1][rnd.randrange(len(f[1]))] = para()
    ops.append((p, text(f)))

def commit(ref, t, msg, ops, frm=None, merge=None):
    global mark
    mark += 1
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"committer Bench <bench@example.org> %d +0000\n" % t)
    data(msg.encode())
    if frm:
        out.write(b"from :%d\n" % frm)
    if merge:
        out.write(b"merge :%d\n" % merge)
    for p, b in ops:
        if b is None:
            out.write(b"D %s\n" % p.encode())
        else:
            out.write(b"M 100644 inline %s\n" % p.encode()); data(b)
    return mark

main = None
i = 0
while i < commits:
    t = t0 + i * 3600
    if i % 50 == 49 and main and i + 1 < commits:
        # a short branch of one commit, merged back
        ops = []
        edit(ops)
        side = commit("refs/heads/side", t, "Ändring på en gren %d\n" % i, ops, frm=main)
        main = commit("refs/heads/main", t + 60, "Merge branch 'side'\n", ops, frm=main, merge=side)
        i += 2
        continue
    ops = []
    if i % 10 == 9:
        ops.append(("README.md", ("Readme %d\n" % i).encode()))   # outside content/
    else:
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            edit(ops)
    msg = "Ändring %d\n\nBeskrivning av ändringen.\n" % i
    main = commit("refs/heads/main", t, msg, ops, frm=main)
    i += 1
sys.stderr.write("%d commits, %d files at the end\n" % (mark, len(paths)))
EOF
git -c init.defaultBranch=main init -q "$TMP/repo"
start=$(date +%s.%N)
git -C "$TMP/repo" fast-import --quiet < "$TMP/stream"
git -C "$TMP/repo" symbolic-ref HEAD refs/heads/main
echo "fast-import: $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s, $(du -sh "$TMP/repo/.git" | cut -f1)"

# ---- the driver ----------------------------------------------------------------
cat > "$TMP/driver.c" <<'EOF'
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "history.h"

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	history_options o = { NULL, NULL, NULL };
	diag_list d = DIAG_LIST_INIT;
	history *h = NULL;
	struct timespec a, b;
	struct rusage ra, rb;
	size_t i, changes = 0, levels = 0, feedback = 0;
	int rc;

	if (argc < 3)
		return 2;
	o.cache_dir = argc > 3 ? argv[3] : NULL;
	git_libgit2_init();
	if (!strcmp(argv[2], "noverify"))
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (git_repository_open(&repo, argv[1]) != 0)
		return 1;
	getrusage(RUSAGE_SELF, &ra);
	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = history_load(&h, &d, repo, "HEAD", &o);
	clock_gettime(CLOCK_MONOTONIC, &b);
	getrusage(RUSAGE_SELF, &rb);
	diag_print(&d, stderr);
	if (rc != 0)
		return 1;
	for (i = 0; i < history_count(h); i++) {
		const history_file *f = history_at(h, i);
		changes += f->n_changes;
		levels += f->n_levels;
		feedback += f->feedback_first != 0;
	}
	printf("%-8s %7.3f s wall %7.3f s cpu  (%zu files, %zu changes, %zu level changes, "
	       "%zu with feedback, from cache: %d)\n",
	       argv[2], (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       (double)(rb.ru_utime.tv_sec - ra.ru_utime.tv_sec + rb.ru_stime.tv_sec -
			ra.ru_stime.tv_sec) +
		       (double)(rb.ru_utime.tv_usec - ra.ru_utime.tv_usec + rb.ru_stime.tv_usec -
				ra.ru_stime.tv_usec) / 1e6,
	       history_count(h), changes, levels, feedback, history_from_cache(h));
	history_free(h);
	diag_list_free(&d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
EOF
LIBS=$(pkg-config --libs libcmark libgit2 yaml-0.1 libxxhash zlib 2>/dev/null || echo "-lcmark -lgit2 -lyaml -lxxhash -lz")
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$ROOT/generator" -o "$TMP/driver" "$TMP/driver.c" \
	"$ROOT/generator/build/libtrappa.a" $LIBS -lm -pthread

"$TMP/driver" "$TMP/repo" walk
"$TMP/driver" "$TMP/repo" walk
"$TMP/driver" "$TMP/repo" noverify
"$TMP/driver" "$TMP/repo" write "$TMP/cache"
"$TMP/driver" "$TMP/repo" read "$TMP/cache"
# One more commit, as a daily build would see it.
(
	cd "$TMP/repo"
	f=$(git ls-tree --name-only HEAD content/dialoger/ | head -n 1)
	git show "HEAD:$f" > "$TMP/one.md"
	printf '\nEn rad till.\n' >> "$TMP/one.md"
	blob=$(git hash-object -w "$TMP/one.md")
	git read-tree HEAD
	git update-index --cacheinfo "100644,$blob,$f"
	tree=$(git write-tree)
	c=$(echo "Ny rad" | git commit-tree "$tree" -p HEAD)
	git update-ref refs/heads/main "$c"
)
"$TMP/driver" "$TMP/repo" incr "$TMP/cache"
"$TMP/driver" "$TMP/repo" read "$TMP/cache"
ls -l "$TMP/cache" | tail -n +2 | awk '{print "cache file: " $5 " bytes"}'
start=$(date +%s.%N)
git -C "$TMP/repo" log --raw --no-renames --format=%H -- content >/dev/null
echo "for comparison, git log --raw -- content: $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s"

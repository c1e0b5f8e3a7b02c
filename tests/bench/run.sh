#!/bin/sh
# tests/bench/run.sh — Trappa against Hugo and the C floor (issue 7; `make bench`).
#
# Uses the shared harness in ../shared/bench/ (never copied here):
#   gen-corpus.py   the corpora: the peers' format (run-bench.sh makes it) and
#                   the same bodies in Trappa's format (made here, REPO-trappa)
#   run-bench.sh    the timing loop: RUNS rounds, tools interleaved
#                   (floor-c hugo trappa floor-c hugo trappa ...) after WARMUP
#                   untimed runs, output removed + sync before every run,
#                   /usr/bin/time -v for CPU and peak RSS
#   floors/floor.c  the floor (libgit2 + libyaml + cmark, one file per page),
#                   adapters/hugo the peer
# Trappa is run-bench.sh's PRODUCT_CMD (trappa-build.sh); then rebuild.sh
# times a one-dialogue-change rebuild and report.py prints medians, pairwise
# ratios, peak RSS, the scaling exponent and the issue's targets.
#
# Environment (all optional):
#   SIZES="1000 10000"   corpus sizes; BENCH_100K=1 adds 100000 (long: see README)
#   RUNS=5  WARMUP=1     timed rounds and untimed warm-ups per size (N < 100000;
#                        at 100000 run-bench.sh skips the warm-up, RUNS_LARGE rounds)
#   RUNS_LARGE=$RUNS     rounds at N >= 100000; RUN_TIMEOUT=900 s per run (run-bench.sh)
#   SEED=1               corpus seed
#   TODAY=2026-11-22     Trappa's --today (statuses depend on it)
#   REBUILD=1            0 skips the rebuild measurement
#   REBUILD_N            its corpus size (the largest of SIZES up to 10000);
#   REBUILD_RUNS=3       its rounds (full build, then rebuild, in each)
#   BENCH_WORK=/tmp/trappa-bench   corpora, outputs, tools, results (never the repo)
#   BENCH_SHARED=<repo>/../shared/bench
# Results: $BENCH_WORK/results/<stamp>/{runs.tsv,rebuild.tsv,summary.md,report.md,versions.txt,log/}
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${BENCH_SHARED:-$ROOT/../shared/bench}
BENCH_WORK=${BENCH_WORK:-/tmp/trappa-bench}
SIZES=${SIZES:-"1000 10000"}
if [ -n "${BENCH_100K:-}" ] && [ "${BENCH_100K}" != 0 ]; then SIZES="$SIZES 100000"; fi
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-$RUNS}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-11-22}
REBUILD=${REBUILD:-1}
REBUILD_N=${REBUILD_N:-}
if [ -z "$REBUILD_N" ]; then # the largest size up to 10000
  for n in $SIZES; do
    if [ "$n" -le 10000 ] && { [ -z "$REBUILD_N" ] || [ "$n" -gt "$REBUILD_N" ]; }; then REBUILD_N=$n; fi
  done
  [ -n "$REBUILD_N" ] || REBUILD_N=10000
fi
REBUILD_RUNS=${REBUILD_RUNS:-3}
export BENCH_WORK TODAY

[ -f "$SHARED/run-bench.sh" ] && [ -f "$SHARED/gen-corpus.py" ] || {
  echo "bench: the shared harness is not at $SHARED (set BENCH_SHARED)" >&2; exit 1; }

# ---- what must be installed (Debian packages) -------------------------------
missing=""
for p in time hugo git python3 gcc make pkg-config libgit2-dev libcmark-dev libyaml-dev libxxhash-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench: installing$missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
  else
    echo "bench: missing Debian packages. Run:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 1
  fi
fi

# ---- Trappa, built fresh, copied with its theme so that a rebuild of
# generator/trappa during the measurement cannot change what is measured -----
make -C "$ROOT" --no-print-directory generator/trappa >&2
# The built-in theme is found at <binary>/../themes/default: copy it beside.
rm -rf "$BENCH_WORK/tools/trappa"
mkdir -p "$BENCH_WORK/tools/trappa/bin" "$BENCH_WORK/tools/trappa/themes" "$BENCH_WORK/corpus"
TRAPPA_BIN=$BENCH_WORK/tools/trappa/bin/trappa
cp "$ROOT/generator/trappa" "$TRAPPA_BIN"
cp -R "$ROOT/themes/default" "$BENCH_WORK/tools/trappa/themes/default"
export TRAPPA_BIN
trappa_rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- generator themes 2>/dev/null || echo ' + uncommitted changes')"
trappa_built=$(date -u +%Y-%m-%dT%H:%MZ)

# ---- Trappa-format corpora, cached like run-bench.sh caches the peers' ------
GEN_SUM=$(cksum < "$SHARED/gen-corpus.py")
for N in $SIZES; do
  repo=$BENCH_WORK/corpus/n$N-s$SEED-trappa
  if [ ! -f "$repo.ok" ] || [ "$(cat "$repo.ok")" != "$GEN_SUM" ]; then
    rm -f "$repo.ok"
    echo "bench: generating Trappa corpus N=$N seed=$SEED" >&2
    python3 "$SHARED/gen-corpus.py" --format trappa --pages "$N" --seed "$SEED" --force "$repo" >&2
    echo "$GEN_SUM" > "$repo.ok"
  fi
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the timed rounds: run-bench.sh with Trappa in its PRODUCT_CMD slot -----
mkdir -p "$BENCH_WORK/results"
before=$(ls -1 "$BENCH_WORK/results")
SIZES="$SIZES" RUNS="$RUNS" RUNS_LARGE="$RUNS_LARGE" LARGE=100000 WARMUP="$WARMUP" SEED="$SEED" \
TOOLS="floor-c hugo" PRODUCT_NAME=trappa PRODUCT_CMD="sh '$HERE/trappa-build.sh' '{repo}' '{out}'" \
HUGO_CACHEDIR="$BENCH_WORK/hugo-cache" \
  sh "$SHARED/run-bench.sh" > /dev/null
RES=""
for d in $(ls -1 "$BENCH_WORK/results"); do
  printf '%s\n' "$before" | grep -qx "$d" || RES=$BENCH_WORK/results/$d
done
[ -n "$RES" ] && [ -f "$RES/runs.tsv" ] || { echo "bench: run-bench.sh left no results" >&2; exit 1; }

# ---- one-dialogue-change rebuild -------------------------------------------
if [ "$REBUILD" != 0 ]; then
  N=$REBUILD_N
  if [ ! -f "$BENCH_WORK/corpus/n$N-s$SEED-trappa.ok" ] || \
     [ "$(cat "$BENCH_WORK/corpus/n$N-s$SEED-trappa.ok")" != "$GEN_SUM" ]; then
    python3 "$SHARED/gen-corpus.py" --format trappa --pages "$N" --seed "$SEED" --force "$BENCH_WORK/corpus/n$N-s$SEED-trappa" >&2
    echo "$GEN_SUM" > "$BENCH_WORK/corpus/n$N-s$SEED-trappa.ok"
  fi
  N=$N SEED=$SEED RUNS=$REBUILD_RUNS sh "$HERE/rebuild.sh" "$RES/rebuild.tsv"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- versions, host, the table ---------------------------------------------
{
  echo "trappa version: $("$TRAPPA_BIN" --version), commit $trappa_rev, built $trappa_built"
  echo "gcc: $(gcc --version | head -n 1)"
  echo "libgit2: $(pkg-config --modversion libgit2)  cmark: $(pkg-config --modversion libcmark)  libyaml: $(pkg-config --modversion yaml-0.1)"
  echo "load average (1/5/15 min): before $load_before, after $load_after"
  echo "sizes: $SIZES; rounds: $RUNS (+$WARMUP warm-up); rebuild: N=$REBUILD_N, $REBUILD_RUNS rounds"
} >> "$RES/versions.txt"
{
  echo "## Trappa benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  grep -v -E '^(eleventy|jekyll|pygit2/libgit2): n/a|^cmark: *$' "$RES/versions.txt" | sed 's/^/    /'
  echo
  if [ -f "$RES/rebuild.tsv" ]; then
    python3 "$HERE/report.py" "$RES/runs.tsv" "$RES/rebuild.tsv"
  else
    python3 "$HERE/report.py" "$RES/runs.tsv"
  fi
  echo
  echo "All rows (run-bench.sh's summarize.py):"
  echo
  cat "$RES/summary.md"
} | tee "$RES/report.md"
echo "bench: results in $RES" >&2

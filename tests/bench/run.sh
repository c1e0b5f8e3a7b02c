#!/bin/sh
# tests/bench/run.sh — Trappa against Hugo and the C floor (issue 7; `make bench`).
#
# Needs nothing outside the repository. Everything it uses is in tests/bench/:
#   gen-corpus.py     the corpora: the peers' format (Hugo, the floor) and the
#                     same bodies in Trappa's format (REPO-trappa)
#   adapters/hugo/    the peer: Hugo with small templates, N + 11 files
#   floors/floor.c    the floor (libgit2 + libyaml + cmark, one file per page)
#   floors/write-floor.c  optional tool floor-write: writes Trappa's file tree
#                     (sizes from a manifest of its output) and nothing else
#   lib.sh            the timed run: sync first, /usr/bin/time -v, date +%s%N
# The timed rounds are interleaved (floor-c hugo trappa floor-c hugo trappa
# ...) after WARMUP untimed runs of each tool, and every output is removed
# before its run. Then rebuild.sh times a one-dialogue-change rebuild and
# report.py prints medians, pairwise ratios, peak RSS, the scaling exponent
# and the issue's targets. Nothing outside the repository is read: only when
# BENCH_SHARED names a copy of the project's reference harness does
# versions.txt note whether its generator makes the same corpora.
#
# Environment (all optional):
#   SIZES="1000 10000"   corpus sizes; BENCH_100K=1 adds 100000 (long: see README)
#   RUNS=5  WARMUP=1     timed rounds and untimed warm-ups per size (N < 100000;
#                        at 100000 there is no warm-up and RUNS_LARGE rounds)
#   RUNS_LARGE=$RUNS     rounds at N >= 100000; RUN_TIMEOUT=900 s per run
#   TOOLS="floor-c floor-write hugo trappa"   what is timed, in this order
#   SEED=1               corpus seed
#   TODAY=2026-11-22     Trappa's --today (statuses depend on it)
#   REBUILD=1            0 skips the rebuild measurement
#   REBUILD_N            its corpus size (the largest of SIZES up to 10000);
#   REBUILD_RUNS=3       its rounds (full build, then rebuild, in each)
#   BENCH_WORK=/tmp/trappa-bench   corpora, outputs, tools, results (never the repo)
#   BENCH_SHARED=DIR     a copy of the reference harness to compare corpora with (unset: none)
# Results: $BENCH_WORK/results/<stamp>/{runs.tsv,rebuild.tsv,report.md,versions.txt,log/}
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/trappa-bench}
BENCH_WORK=$WORK
SIZES=${SIZES:-"1000 10000"}
if [ -n "${BENCH_100K:-}" ] && [ "${BENCH_100K}" != 0 ]; then SIZES="$SIZES 100000"; fi
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-$RUNS}
LARGE=100000
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-11-22}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
TOOLS=${TOOLS:-"floor-c floor-write hugo trappa"}
REBUILD=${REBUILD:-1}
REBUILD_N=${REBUILD_N:-}
if [ -z "$REBUILD_N" ]; then # the largest size up to 10000
  for n in $SIZES; do
    if [ "$n" -le 10000 ] && { [ -z "$REBUILD_N" ] || [ "$n" -gt "$REBUILD_N" ]; }; then REBUILD_N=$n; fi
  done
  [ -n "$REBUILD_N" ] || REBUILD_N=10000
fi
REBUILD_RUNS=${REBUILD_RUNS:-3}
SHARED=${BENCH_SHARED:-}
HUGO_CACHEDIR=${HUGO_CACHEDIR:-$WORK/hugo-cache}
export BENCH_WORK TODAY SEED RUN_TIMEOUT HUGO_CACHEDIR
. "$HERE/lib.sh"

# ---- what must be installed (Debian packages) -------------------------------
missing=""
for p in time hugo git python3 gcc make pkg-config libgit2-dev libcmark-dev libyaml-dev libxxhash-dev zlib1g-dev; do
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

# ---- the tools, built fresh and copied under $WORK/tools, so that a rebuild
# of generator/trappa during the measurement cannot change what is measured --
make -C "$ROOT" --no-print-directory generator/trappa >&2
# The built-in theme is found at <binary>/../themes/default: copy it beside.
rm -rf "$WORK/tools/trappa"
mkdir -p "$WORK/tools/trappa/bin" "$WORK/tools/trappa/themes" "$WORK/tools/floors" "$WORK/out" "$WORK/results"
TRAPPA_BIN=$WORK/tools/trappa/bin/trappa
cp "$ROOT/generator/trappa" "$TRAPPA_BIN"
cp -R "$ROOT/themes/default" "$WORK/tools/trappa/themes/default"
export TRAPPA_BIN
trappa_rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- generator themes 2>/dev/null || echo ' + uncommitted changes')"
trappa_built=$(date -u +%Y-%m-%dT%H:%MZ)
# shellcheck disable=SC2046
for f in floor write-floor; do
  cc -O2 -o "$WORK/tools/floors/$f" "$HERE/floors/$f.c" $(pkg-config --cflags --libs libcmark libgit2 yaml-0.1)
done

# tool_cmd TOOL N OUT: the command line of one run (for sh -c).
tool_cmd() {
  case $1 in
    floor-c)     echo "'$WORK/tools/floors/floor' '$(bench_corpus "$2" generic)' '$3'" ;;
    floor-write) echo "'$WORK/tools/floors/write-floor' '$(manifest "$2")' '$3'" ;;
    hugo)        echo "sh '$HERE/adapters/hugo/build.sh' '$(bench_corpus "$2" generic)' '$3'" ;;
    trappa)      echo "sh '$HERE/trappa-build.sh' '$(bench_corpus "$2" trappa)' '$3'" ;;
    *) echo "bench: unknown tool $1 (floor-c, floor-write, hugo, trappa)" >&2; return 1 ;;
  esac
}

# manifest N: the sizes and paths of Trappa's output for the corpus of N
# dialogues, what floor-write writes (made once per corpus, not timed).
manifest() {
  m=$(bench_corpus "$1" trappa).manifest
  if [ ! -s "$m" ] || [ "$m" -ot "$TRAPPA_BIN" ]; then
    rm -rf "$WORK/out/manifest"
    sh "$HERE/trappa-build.sh" "$(bench_corpus "$1" trappa)" "$WORK/out/manifest" > /dev/null 2>&1
    find "$WORK/out/manifest" -type f -printf '%s %P\n' > "$m"
    rm -rf "$WORK/out/manifest" "$WORK/out/manifest.cache"
  fi
  echo "$m"
}

RES=$WORK/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES/log"
TSV=$RES/runs.tsv
printf 'tool\tN\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tfiles\trc\n' > "$TSV"

# ---- versions and host ------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: nproc=$(nproc) mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) kernel=$(uname -r)"
  echo "trappa version: $("$TRAPPA_BIN" --version), commit $trappa_rev, built $trappa_built"
  echo "hugo: $(hugo version 2>/dev/null || echo n/a)"
  echo "git: $(git --version)  python: $(python3 --version 2>&1)  gnu time: $(dpkg-query -W -f='${Version}' time 2>/dev/null || echo '?')"
  echo "gcc: $(gcc --version | head -n 1)"
  echo "libgit2: $(pkg-config --modversion libgit2)  cmark: $(pkg-config --modversion libcmark)  libyaml: $(pkg-config --modversion yaml-0.1)"
  echo "tools: $TOOLS; sizes: $SIZES; rounds: $RUNS (+$WARMUP warm-up), $RUNS_LARGE at N >= $LARGE; rebuild: N=$REBUILD_N, $REBUILD_RUNS rounds"
} > "$RES/versions.txt"

# ---- the reference harness, when it is there: the same corpora? -----------
if [ -n "$SHARED" ] && [ -f "$SHARED/gen-corpus.py" ]; then
  cmp_dir=$(mktemp -d)
  same=yes
  for fmt in generic trappa; do
    python3 "$GEN" --format "$fmt" --pages 20 --seed "$SEED" "$cmp_dir/own-$fmt" 2>/dev/null &&
      python3 "$SHARED/gen-corpus.py" --format "$fmt" --pages 20 --seed "$SEED" "$cmp_dir/ref-$fmt" 2>/dev/null &&
      [ "$(git -C "$cmp_dir/own-$fmt" rev-parse HEAD)" = "$(git -C "$cmp_dir/ref-$fmt" rev-parse HEAD)" ] || same=no
  done
  rm -rf "$cmp_dir"
  if [ "$same" = yes ]; then
    echo "reference harness $SHARED: its gen-corpus.py makes the same corpora (same commits at N=20, both formats)"
  else
    echo "reference harness $SHARED: its gen-corpus.py makes DIFFERENT corpora; figures are not comparable with its results"
  fi >> "$RES/versions.txt"
fi
cat "$RES/versions.txt" >&2

# ---- the timed rounds --------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for N in $SIZES; do
  for t in $TOOLS; do tool_cmd "$t" "$N" /dev/null > /dev/null; done # corpora and manifests first
  runs=$RUNS
  [ "$N" -ge "$LARGE" ] && runs=$RUNS_LARGE
  if [ "$WARMUP" -gt 0 ] && [ "$N" -lt "$LARGE" ]; then
    for t in $TOOLS; do
      w=0
      while [ "$w" -lt "$WARMUP" ]; do
        out=$WORK/out/$t-n$N
        rm -rf "$out" "$out.cache"
        sh -c "$(tool_cmd "$t" "$N" "$out")" > /dev/null 2>&1 || echo "bench: warm-up of $t failed (N=$N)" >&2
        w=$((w + 1))
      done
    done
  fi
  r=1
  while [ "$r" -le "$runs" ]; do
    for t in $TOOLS; do
      out=$WORK/out/$t-n$N
      cmd=$(tool_cmd "$t" "$N" "$out")
      rm -rf "$out" "$out.cache"
      bench_timed "$RES/time.tmp" "$RES/log/$t-n$N-r$r.log" "$out" sh -c "$cmd"
      bench_row "$TSV" "$t" "$N" "$r"
    done
    r=$((r + 1))
  done
done

# ---- one-dialogue-change rebuild -------------------------------------------
if [ "$REBUILD" != 0 ]; then
  bench_corpus "$REBUILD_N" trappa > /dev/null
  N=$REBUILD_N RUNS=$REBUILD_RUNS sh "$HERE/rebuild.sh" "$RES/rebuild.tsv"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average (1/5/15 min): before $load_before, after $load_after" >> "$RES/versions.txt"

# ---- the report ------------------------------------------------------------
{
  echo "## Trappa benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  sed 's/^/    /' "$RES/versions.txt"
  echo
  if [ -f "$RES/rebuild.tsv" ]; then
    python3 "$HERE/report.py" "$RES/runs.tsv" "$RES/rebuild.tsv"
  else
    python3 "$HERE/report.py" "$RES/runs.tsv"
  fi
} | tee "$RES/report.md"
echo "bench: results in $RES" >&2

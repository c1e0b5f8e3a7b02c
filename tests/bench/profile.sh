#!/bin/sh
# tests/bench/profile.sh [N] — where Trappa's full build spends its time.
#
# Samples one full build of the Trappa corpus of N dialogues (default 10000,
# made by run.sh) with `perf record --call-graph dwarf` (Debian linux-perf)
# and prints: the share of CPU samples per module (self), and the inclusive
# share of Trappa's own functions and the libraries' entry points. Where perf
# cannot sample (a VM without perf events), it falls back to
# `valgrind --tool=callgrind` on N = 1000 and callgrind_annotate --inclusive.
# Then the milliseconds of each phase (TRAPPA_PHASES=1) of a full build and
# of a one-dialogue update into the same folder.
# Output and data stay under $BENCH_WORK/profile/.
#
# Environment: BENCH_WORK (/tmp/trappa-bench), SEED (1), TODAY (2026-11-22),
# FREQ (99 samples/s), TRAPPA_BIN (default: the copy run.sh made, else
# generator/trappa).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-/tmp/trappa-bench}
N=${1:-10000}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-11-22}
FREQ=${FREQ:-99}
BIN=${TRAPPA_BIN:-$WORK/tools/trappa/bin/trappa}
[ -x "$BIN" ] || BIN=$ROOT/generator/trappa
P=$WORK/profile
mkdir -p "$P"
. "$HERE/lib.sh"

build_cmd() { # N out
  echo "$BIN" build --repo "$(bench_corpus "$1" trappa)" --ref main --out "$2" --today "$TODAY" --quiet
}

out=$P/out
rm -rf "$out" "$out.cache"
if command -v perf >/dev/null && \
   perf record -q -F "$FREQ" --call-graph dwarf,16384 -o "$P/perf.data" -- $(build_cmd "$N" "$out") 2> "$P/build.log"; then
  echo "## perf, full build, N = $N ($(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "Self time per module:"
  perf report -i "$P/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
    grep -v -e '^#' -e '^$' | head -n 10
  echo
  echo "Inclusive time (children), top entries:"
  perf report -i "$P/perf.data" --children --sort symbol --stdio -g none 2>/dev/null |
    grep -v -e '^#' -e '^$' | grep -v -e '\[\.\] 0x' -e '_start' -e 'libc_start' | head -n 45
  echo
  echo "Self time, top symbols:"
  perf report -i "$P/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null |
    grep -v -e '^#' -e '^$' | head -n 20
else
  [ "$N" -gt 1000 ] && N=1000
  echo "profile: perf cannot sample here; callgrind on N = $N" >&2
  rm -rf "$out" "$out.cache"
  valgrind --tool=callgrind --callgrind-out-file="$P/callgrind.out" $(build_cmd "$N" "$out") 2> "$P/build.log"
  echo "## callgrind, full build, N = $N ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  callgrind_annotate --inclusive=yes "$P/callgrind.out" 2>/dev/null | head -n 60
fi

# Where the wall time goes, phase by phase (TRAPPA_PHASES, see trappa.1):
# a full build, then a one-dialogue update into the same folder (the
# rebuild corpus when rebuild.sh made it, else the same commit again).
echo
echo "## Phases (TRAPPA_PHASES=1), N = $N"
rm -rf "$out" "$out.cache" "$out.spare"
edit=$(bench_corpus "$N" trappa)-edit
if [ -d "$edit/.git" ]; then repo=$edit; first=main~1; else repo=$(bench_corpus "$N" trappa); first=main; fi
echo
echo "Full build ($first):"
TRAPPA_PHASES=1 "$BIN" build --repo "$repo" --ref "$first" --out "$out" --today "$TODAY" --quiet 2>&1 |
  sed -n 's/^phase /  /p'
echo
echo "Update (main):"
TRAPPA_PHASES=1 "$BIN" build --repo "$repo" --ref main --out "$out" --today "$TODAY" --quiet 2>&1 |
  sed -n 's/^phase /  /p'

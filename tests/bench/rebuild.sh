#!/bin/sh
# rebuild.sh TSV — times Trappa's rebuild after a change to one dialogue,
# against a full build, on the Trappa corpus of N dialogues (called by run.sh).
#
# A clone of $BENCH_WORK/corpus/n$N-s$SEED-trappa gets one more commit on
# main that appends a paragraph to one dialogue (fixed author and date, so the
# commit id is reproducible). Each of RUNS rounds, one after the other:
#   full     rm -rf OUT OUT.cache, sync; build main~1 (the unchanged corpus)
#   rebuild  sync; build main into the same OUT, with the OUT.cache that the
#            full build left: what publishing the one-dialogue change costs
#            right after a full build (no spare site yet, every published
#            file's signature from the full build)
#   update   then main~1 (untimed) and main again (timed): the same change
#            as the next pushes see it, with the spare site in place
# After the rounds, the updated folder is compared with a full build of main
# into a fresh folder (row `identical`, rc 0 when byte-identical).
# Both timed like run.sh's rounds (lib.sh: sync, then date +%s%N around
# /usr/bin/time -v). The ratio that counts is rebuild/full within the same round.
#
# Environment: N (10000), SEED (1), RUNS (3), BENCH_WORK, TRAPPA_BIN, TODAY.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TSV=$1
N=${N:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
WORK=${BENCH_WORK:-/tmp/trappa-bench}
TODAY=${TODAY:-2026-11-22}
: "${TRAPPA_BIN:?}"
. "$HERE/lib.sh"

base=$WORK/corpus/n$N-s$SEED-trappa
edit=$base-edit
[ -d "$base/.git" ] || { echo "rebuild: no corpus $base (run.sh generates it)" >&2; exit 1; }
stamp="$(cat "$base.ok" 2>/dev/null) rebuild-v1"
if [ ! -f "$edit.ok" ] || [ "$(cat "$edit.ok")" != "$stamp" ]; then
  rm -rf "$edit" "$edit.ok"
  echo "rebuild: cloning $base and changing one dialogue" >&2
  git clone -q "$base" "$edit"
  f=$(cd "$edit/content/dialoger" && ls | sed -n '1p')
  printf '\n## Uppdatering\n\nKommunen har lagt till ett nytt datum för öppet hus. Välkommen!\n' >> "$edit/content/dialoger/$f"
  GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
  GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_AUTHOR_DATE='2026-11-01T12:00:00+01:00' \
  GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org GIT_COMMITTER_DATE='2026-11-01T12:00:00+01:00' \
    git -C "$edit" commit -q -a -m "Uppdatering av $f"
  echo "$stamp" > "$edit.ok"
fi

out=$WORK/out/trappa-rebuild-n$N
mkdir -p "$WORK/out"
[ -f "$TSV" ] || printf 'kind\tN\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tfiles\trc\n' > "$TSV"

timed() { # kind run ref
  bench_timed "$WORK/out/rebuild-time.$$" "$WORK/out/rebuild-$1.log" "$out" \
    "$TRAPPA_BIN" build --repo "$edit" --ref "$3" --out "$out" --today "$TODAY" --quiet
  bench_row "$TSV" "$1" "$N" "$2"
}

r=1
while [ "$r" -le "$RUNS" ]; do
  rm -rf "$out" "$out.cache"
  timed full "$r" main~1
  timed rebuild "$r" main
  "$TRAPPA_BIN" build --repo "$edit" --ref main~1 --out "$out" --today "$TODAY" --quiet \
    > /dev/null 2>&1 || true
  timed update "$r" main
  r=$((r + 1))
done

# The update's output must be the full build's, byte for byte: a full build
# of main into a fresh folder, compared with the updated one (not timed).
fresh=$out-fresh
rm -rf "$fresh" "$fresh.cache"
"$TRAPPA_BIN" build --repo "$edit" --ref main --out "$fresh" --today "$TODAY" --quiet > /dev/null 2>&1 || true
if diff -r -q "$out" "$fresh" > "$WORK/out/rebuild-identical.log" 2>&1; then same=0; else same=1; fi
printf 'identical\t%s\t1\t0\t0\t0\t0\t0\t%s\n' "$N" "$same" >> "$TSV"
[ "$same" = 0 ] || echo "rebuild: the update differs from a full build, see $WORK/out/rebuild-identical.log" >&2
rm -rf "$fresh" "$fresh.cache"

#!/bin/sh
# Trappa adapter for ../shared/bench/run-bench.sh: trappa-build.sh REPO OUT
#
# run-bench.sh hands every tool the peers' corpus REPO (gen-corpus.py without
# --format); Trappa reads the same bodies in its own content format, which
# run.sh generates beside it as REPO-trappa. Trappa keeps its history cache
# beside the output (OUT.cache); it is removed here so that every timed run is
# a full build from scratch, like the peers' (run-bench.sh removes OUT itself).
#
# Environment (set by run.sh): TRAPPA_BIN (the binary), TODAY (--today).
set -eu
repo=$1-trappa
[ -d "$repo/.git" ] || { echo "trappa-build: no Trappa corpus at $repo (tests/bench/run.sh generates it)" >&2; exit 3; }
rm -rf "$2.cache"
exec "${TRAPPA_BIN:?}" build --repo "$repo" --ref main --out "$2" --today "${TODAY:-2026-11-22}" --quiet

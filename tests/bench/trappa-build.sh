#!/bin/sh
# Trappa's tool in run.sh: trappa-build.sh REPO OUT
#
# REPO is the corpus in Trappa's content format (gen-corpus.py --format
# trappa), the same bodies as the peers' corpus. Trappa keeps its history
# cache beside the output (OUT.cache); it is removed here so that every timed
# run is a full build from scratch, like the peers' (run.sh removes OUT).
#
# Environment (set by run.sh): TRAPPA_BIN (the binary), TODAY (--today).
set -eu
repo=$1
[ -d "$repo/.git" ] || { echo "trappa-build: no Trappa corpus at $repo (tests/bench/run.sh generates it)" >&2; exit 3; }
rm -rf "$2.cache"
exec "${TRAPPA_BIN:?}" build --repo "$repo" --ref main --out "$2" --today "${TODAY:-2026-11-22}" --quiet

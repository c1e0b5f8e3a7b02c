#!/bin/sh
# Hugo adapter: build.sh REPO OUT
# Renders REPO/content (the corpus in gen-corpus.py's generic format) with the
# small templates in ./site into OUT: N + 11 files (every dialogue, the list
# of all, one list per status and level, an Atom feed, a sitemap).
# Adapted from the project's reference harness (its Hugo adapter).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$1" && pwd)
OUT=$2
cfg() { sed -n "s/^$1:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*\$/\1/p" "$REPO/config.yaml" | head -n 1; }
HUGO_TITLE=$(cfg title)
export HUGO_TITLE
BASE=$(cfg base_url)
CACHE=${HUGO_CACHEDIR:-${TMPDIR:-/tmp}/trappa-bench-hugo-cache}
exec hugo --quiet --noBuildLock --source "$HERE/site" --contentDir "$REPO/content" \
  --destination "$OUT" --baseURL "$BASE" --cacheDir "$CACHE" --noChmod --noTimes

#!/usr/bin/env bash
# `trappa serve` in a real browser: tests/browser/serve.mjs (see there) in
# a throwaway git repository holding a copy of content/.
#
#   tests/serve.sh [TRAPPA_BINARY]      (default generator/trappa)
#
# Needs node >= 20, npm, Debian's chromium, curl and git. The last line is
# "serve: N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
trappa=${1:-generator/trappa}
case $trappa in /*) ;; *) trappa=$PWD/$trappa ;; esac
fail() {
	echo "FAIL: $*"
	echo "serve: 0 passed, 1 failed"
	exit 1
}
[ -x "$trappa" ] || fail "no executable generator at $trappa"
command -v node >/dev/null || fail "node is missing (Debian: apt-get install nodejs npm)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "${CHROMIUM:-/usr/bin/chromium} is missing (Debian: apt-get install chromium)"
"$root/tests/browser/npm-ci.sh" || fail "npm ci failed in tests/browser"

work=$(mktemp -d "${TMPDIR:-/tmp}/trappa-serve-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$root/content" "$work/content"
git -C "$work" init -q &&
	git -C "$work" add content &&
	git -C "$work" -c user.name=Test -c user.email=test@example.se commit -qm Innehåll ||
	fail "could not make the test repository"
node "$root/tests/browser/serve.mjs" "$trappa" "$work"

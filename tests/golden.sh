#!/usr/bin/env bash
# Golden tests: builds the bundled content/ with a fixed date and compares
# every output file, and the diagnostics, with tests/golden/ using diff -u.
# UPDATE=1 rewrites tests/golden/ from the current output instead.
set -euo pipefail
cd "$(dirname "$0")/.."

trappa=${TRAPPA:-generator/trappa-san}
golden=tests/golden
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
TRAPPA_LANG=sv ${TRAPPA_WRAPPER:-} "$trappa" build --worktree --today 2026-11-22 --out "$work/site" --quiet \
	2>"$work/build.log" || status=$?
if [ "$status" -ne 0 ]; then
	cat "$work/build.log" >&2
	echo "golden: the build failed with exit code $status"
	echo "0 passed, 1 failed"
	exit 1
fi

if [ "${UPDATE:-}" = 1 ]; then
	rm -rf "$golden"
	mkdir -p "$golden"
	cp -R "$work/site" "$golden/site"
	cp "$work/build.log" "$golden/build.log"
	echo "golden: updated $golden"
	exit 0
fi

passed=0 failed=0
compare() {
	if diff -u "$1" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}
compare "$golden/build.log" "$work/build.log"
# Every file on either side, so a missing or an extra page fails too.
while IFS= read -r rel; do
	if [ ! -e "$golden/site/$rel" ]; then
		echo "golden: unexpected file $rel"; failed=$((failed + 1))
	elif [ ! -e "$work/site/$rel" ]; then
		echo "golden: missing file $rel"; failed=$((failed + 1))
	else
		compare "$golden/site/$rel" "$work/site/$rel"
	fi
done < <( (cd "$golden/site" && find . -type f; cd "$work/site" && find . -type f) | sort -u)

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

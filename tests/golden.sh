#!/usr/bin/env bash
# Golden tests, two runs, each comparing every output file and the
# diagnostics with its expected folder using diff -u:
#   tests/golden/      the bundled content/ from the work tree, fixed date;
#   tests/golden-git/  a small repository built from a commit (--ref), so
#                      every date from git (published, updated, level
#                      changes, results, feedback) is compared byte for byte.
#                      Its history is the git fast-import stream history.fi
#                      (fixed authors, committers, dates, messages), imported
#                      into a fresh bare repository: the same commit ids on
#                      every machine.
# UPDATE=1 rewrites the expected files (site/ and build.log of each run)
# from the current output instead.
set -euo pipefail
cd "$(dirname "$0")/.."

trappa=${TRAPPA:-generator/trappa-san}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
compare() {
	if diff -u "$1" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

# golden_run NAME EXPECTED BUILD-ARGS...: builds into $work/NAME, then
# compares with (or, with UPDATE=1, writes) EXPECTED/site and EXPECTED/build.log.
golden_run() {
	local name=$1 golden=$2 out=$work/$1 status=0 rel
	shift 2
	TRAPPA_LANG=sv ${TRAPPA_WRAPPER:-} "$trappa" build "$@" --today 2026-11-22 --out "$out/site" \
		--quiet 2>"$out.log" || status=$?
	if [ "$status" -ne 0 ]; then
		cat "$out.log" >&2
		echo "golden ($name): the build failed with exit code $status"
		failed=$((failed + 1))
		return
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		rm -rf "$golden/site" "$golden/build.log"
		mkdir -p "$golden"
		cp -R "$out/site" "$golden/site"
		cp "$out.log" "$golden/build.log"
		echo "golden ($name): updated $golden"
		return
	fi
	compare "$golden/build.log" "$out.log"
	# Every file on either side, so a missing or an extra page fails too.
	while IFS= read -r rel; do
		if [ ! -e "$golden/site/$rel" ]; then
			echo "golden ($name): unexpected file $rel"; failed=$((failed + 1))
		elif [ ! -e "$out/site/$rel" ]; then
			echo "golden ($name): missing file $rel"; failed=$((failed + 1))
		else
			compare "$golden/site/$rel" "$out/site/$rel"
		fi
	done < <( (cd "$golden/site" && find . -type f; cd "$out/site" && find . -type f) | sort -u)
}

mkdir -p "$work/worktree" "$work/git"
golden_run worktree tests/golden --worktree

# No user or system git configuration may change the import.
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git init -q --bare "$work/repo.git"
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C "$work/repo.git" fast-import --quiet \
	<tests/golden-git/history.fi
golden_run git tests/golden-git --repo "$work/repo.git" --ref main

# Commit messages are internal notes: no line of any commit message of the
# fixture (subject, body, trailers) may appear in the built site; only the
# value of a `Publikt:` trailer may (tests/golden-git/site holds one).
if [ -d "$work/git/site" ]; then
	leaked=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if grep -rqF -- "$line" "$work/git/site"; then
			echo "golden (git): a commit message line reached the site: $line"
			leaked=1
		fi
	done < <(git -C "$work/repo.git" log --format=%B main)
	if [ "$leaked" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

[ "${UPDATE:-}" = 1 ] && exit "$((failed > 0))"
echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

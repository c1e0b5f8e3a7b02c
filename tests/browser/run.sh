#!/usr/bin/env bash
# Browser, accessibility and HTML conformance tests of the default theme.
#
#   tests/browser/run.sh [TRAPPA_BINARY]      (default generator/trappa)
#
# Builds the bundled content/ with themes/default/ into a temporary folder,
# checks every HTML and CSS file with the Nu HTML Checker (vnu-jar), then
# runs test.mjs: the site served by nginx on 127.0.0.1, headless Debian
# Chromium through playwright-core, with @axe-core/playwright, over every
# page. Needs node >= 20, npm, and Debian's chromium, default-jre-headless
# and nginx. The last line is "browser: N passed, M failed"; the exit code is
# non-zero when anything failed.
set -uo pipefail

caller=$PWD
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2

if [ $# -gt 1 ]; then
	echo "usage: tests/browser/run.sh [TRAPPA_BINARY]" >&2
	exit 2
fi

passed=0 failed=0
finish() {
	echo "browser: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit $?
}
fail_setup() {
	echo "FAIL: $*"
	failed=$((failed + 1))
	finish
}

# The generator: an argument is taken relative to where we were called
# from, then to the repository root; the default is built when missing.
if [ $# -eq 1 ]; then
	case $1 in
	/*) trappa=$1 ;;
	*) if [ -e "$caller/$1" ]; then trappa=$caller/$1; else trappa=$root/$1; fi ;;
	esac
else
	trappa=$root/generator/trappa
	if [ ! -x "$trappa" ]; then
		make generator/trappa >/dev/null || fail_setup "make generator/trappa failed"
	fi
fi
[ -x "$trappa" ] || fail_setup "no executable generator at $trappa"

command -v node >/dev/null || fail_setup "node is missing (Debian: apt-get install nodejs npm)"
command -v java >/dev/null || fail_setup "java is missing (Debian: apt-get install default-jre-headless)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail_setup "${CHROMIUM:-/usr/bin/chromium} is missing (Debian: apt-get install chromium)"
if [ -z "${NGINX:-}" ]; then
	NGINX=$(PATH=$PATH:/usr/sbin:/usr/local/sbin:/sbin command -v nginx) ||
		fail_setup "nginx is missing (Debian: apt-get install nginx)"
fi
export NGINX

# Dependencies, exactly as package-lock.json pins them (npm-ci.sh).
"$here/npm-ci.sh" || fail_setup "npm ci failed in tests/browser"
vnu_jar=$here/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$vnu_jar" ] || fail_setup "$vnu_jar is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/trappa-browser.XXXXXX")
# test.mjs keeps nginx's folder (conf, pid file, logs) and Chromium's
# profile in $work: should test.mjs die without stopping its nginx, the
# pid file there names the one process to stop.
# shellcheck disable=SC2317  # called by the trap below
cleanup() {
	local pidfile pid
	for pidfile in "$work"/trappa-nginx.*/nginx.pid; do
		[ -f "$pidfile" ] || continue
		pid=$(cat "$pidfile" 2>/dev/null)
		case $pid in '' | *[!0-9]*) continue ;; esac
		# Only an nginx that runs on that folder's nginx.conf.
		grep -qaF "${pidfile%/nginx.pid}/nginx.conf" "/proc/$pid/cmdline" 2>/dev/null || continue
		kill -TERM "$pid" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
site=$work/site

# content/ and themes/ with the pages of fixture/ added: a dialogue with a
# bare long address, a long compound, a code line, and body headings named
# like the page's own sections (reflow at 320 px, unique ids, one h1).
echo "browser: building content/ and tests/browser/fixture/ into $site"
mkdir -p "$work/src" && cp -R content themes "$work/src/" &&
	cp -R "$here/fixture/." "$work/src/content/" || fail_setup "cannot copy the content"
if ! (cd "$work/src" && "$trappa" build --worktree --today 2026-11-22 --out "$site" --quiet 2>"$work/build.err"); then
	cat "$work/build.err"
	fail_setup "trappa build failed"
fi
[ -f "$site/index.html" ] || fail_setup "the build wrote no index.html"

# The Nu HTML Checker over every HTML and CSS file: one test per file.
echo "browser: Nu HTML Checker $(java -jar "$vnu_jar" --version 2>/dev/null)"
(cd "$site" && find . -type f \( -name '*.html' -o -name '*.css' \) | sed 's|^\./||' | LC_ALL=C sort) >"$work/vnu-files"
checked=$(wc -l <"$work/vnu-files")
java -jar "$vnu_jar" --errors-only --skip-non-html --also-check-css --format gnu "$site" >"$work/vnu.out" 2>&1
vnu_status=$?
# Lines look like "file:/…/site/dir/index.html":3.1-3.5: error: …
sed -n "s|^\"file:$site/\([^\"]*\)\":.*|\1|p" "$work/vnu.out" | LC_ALL=C sort -u >"$work/vnu-bad"
bad=$(wc -l <"$work/vnu-bad")
if [ "$bad" -gt 0 ]; then
	sed "s|\"file:$site/|\"|" "$work/vnu.out" | sed 's/^/vnu: /'
	failed=$((failed + bad))
	passed=$((passed + checked - bad))
elif [ "$vnu_status" -ne 0 ] || [ "$checked" -eq 0 ]; then
	sed 's/^/vnu: /' "$work/vnu.out"
	echo "FAIL: the Nu HTML Checker exited with $vnu_status and named no file"
	failed=$((failed + 1))
else
	passed=$((passed + checked))
fi
echo "browser: vnu checked $checked files, $bad with errors"

# The pages in Chromium.
TMPDIR=$work node "$here/test.mjs" "$site" 2>&1 | tee "$work/node.out"
node_status=${PIPESTATUS[0]}
tally=$(sed -n 's/^test\.mjs: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$work/node.out" | tail -n 1)
if [ -n "$tally" ]; then
	passed=$((passed + ${tally% *}))
	failed=$((failed + ${tally#* }))
	if [ "$node_status" -ne 0 ] && [ "${tally#* }" -eq 0 ]; then
		echo "FAIL: test.mjs exited with $node_status"
		failed=$((failed + 1))
	fi
else
	echo "FAIL: test.mjs exited with $node_status without a tally"
	failed=$((failed + 1))
fi

finish

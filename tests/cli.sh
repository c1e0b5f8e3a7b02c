#!/usr/bin/env bash
# End-to-end tests of the trappa command: exact diagnostics for broken
# content (tests/broken/), git sources, reproducibility, refusals, and a
# build killed at several moments leaving the published site intact.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$PWD
trappa=$root/${TRAPPA:-generator/trappa-san}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TRAPPA_LANG=sv
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
export GIT_AUTHOR_DATE='2026-01-01T12:00:00Z' GIT_COMMITTER_DATE='2026-01-01T12:00:00Z'
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_status NAME WANT GOT
expect_status() {
	if [ "$3" -eq "$2" ]; then ok; else fail "$1: exit code $3, expected $2"; fi
}

# make_repo DIR: a git repository whose first commit holds DIR's files.
make_repo() {
	git -C "$1" init -q -b main . && git -C "$1" add -A && git -C "$1" commit -q -m "Första versionen"
}

# ---- broken content: each case's exact diagnostics -------------------------
for case_dir in tests/broken/*/; do
	name=$(basename "$case_dir")
	[ "$name" = base ] && continue
	site=$work/broken-$name
	mkdir -p "$site"
	cp -R tests/broken/base/. "$site/"
	cp -R "$case_dir/files/." "$site/"
	want_status=1
	[ -f "$case_dir/status" ] && want_status=$(cat "$case_dir/status")
	args=$(cat "$case_dir/args" 2>/dev/null || true)
	lang=$(cat "$case_dir/lang" 2>/dev/null || echo sv)
	got=0
	# shellcheck disable=SC2086
	(cd "$site" && TRAPPA_LANG=$lang "$trappa" check --worktree --today 2026-11-22 $args) \
		>"$site.out" 2>"$site.err" || got=$?
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$site.err" "$case_dir/expected"
	fi
	if [ "$got" -ne "$want_status" ]; then
		fail "broken/$name: exit code $got, expected $want_status"; cat "$site.err"
	elif ! diff -u "$case_dir/expected" "$site.err"; then
		fail "broken/$name: diagnostics differ"
	else
		ok
	fi
done

# A Markdown file over 1 MiB is an error, not a crash.
site=$work/too-large
mkdir -p "$site" && cp -R tests/broken/base/. "$site/"
{ printf -- '---\ntitle: Stor\n---\n'; head -c 1100000 /dev/zero | tr '\0' 'a'; } >"$site/content/dialoger/stor.md"
got=0; (cd "$site" && "$trappa" check --worktree) >/dev/null 2>"$site.err" || got=$?
expect_status too-large 1 $got
grep -q 'content/dialoger/stor.md: error: filen är för stor' "$site.err" && ok || fail "too-large: message"

# ---- command line --------------------------------------------------------------
got=0; "$trappa" --version >"$work/v" || got=$?
expect_status version 0 $got
grep -q '^trappa [0-9]' "$work/v" && ok || fail "--version output"
got=0; "$trappa" --help >"$work/h" || got=$?
expect_status help 0 $got
grep -q 'trappa build' "$work/h" && ok || fail "--help output"
got=0; "$trappa" frobnicate 2>/dev/null || got=$?
expect_status unknown-command 2 $got
got=0; "$trappa" build --bogus 2>/dev/null || got=$?
expect_status unknown-option 2 $got
got=0; "$trappa" build --today 2026-02-30 2>/dev/null || got=$?
expect_status bad-today 2 $got
got=0; "$trappa" check --out x 2>/dev/null || got=$?
expect_status option-not-for-command 2 $got
# serve: only the options that fit a preview of the work tree; a taken port
# is said plainly (the server itself: make test-serve).
for args in "serve --ref main" "serve --out x" "serve --worktree" "serve --port 65536" \
	"serve --port x" "serve stray" "build --port 4000" "check --bind 127.0.0.1"; do
	got=0
	# shellcheck disable=SC2086
	"$trappa" $args 2>/dev/null || got=$?
	expect_status "$args" 2 $got
done
grep -q 'trappa serve \[--port N\]' "$work/h" && ok || fail "--help names serve"
if command -v python3 >/dev/null; then
	# A port held by another listener for a few seconds.
	python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(10)' \
		>"$work/port" &
	holder=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/port" ] && break; sleep 0.1; done
	got=0; (cd tests/broken/base && timeout 10 "$trappa" serve --port "$(cat "$work/port")") \
		>/dev/null 2>"$work/serve.err" || got=$?
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	expect_status serve-port-in-use 3 $got
	grep -q 'porten är upptagen; välj en annan med --port' "$work/serve.err" && ok ||
		fail "serve-port-in-use: message: $(cat "$work/serve.err")"
	got=0; (cd tests/broken/base && timeout 10 "$trappa" serve --bind 10.0.0.x) 2>/dev/null || got=$?
	expect_status serve-bad-bind 3 $got
fi

# Typos get "did you mean"; --out must be a folder; new needs a site.
"$trappa" biuld 2>"$work/typo.err"; grep -q 'did you mean build?' "$work/typo.err" && ok || fail "mistyped command"
"$trappa" build --outt x 2>"$work/typo.err"; grep -q 'did you mean --out?' "$work/typo.err" && ok ||
	fail "mistyped option"
got=0; "$trappa" build --out "" 2>"$work/out-empty.err" || got=$?
expect_status out-empty 2 $got
grep -q -- '--out vill ha en katalog' "$work/out-empty.err" && ok || fail "--out \"\": message"
: >"$work/a-file"
got=0; "$trappa" build --out "$work/a-file" 2>"$work/out-file.err" || got=$?
expect_status out-is-a-file 2 $got
grep -q 'det här är en fil' "$work/out-file.err" && ok || fail "--out FILE: message"
mkdir -p "$work/no-site"
got=0; (cd "$work/no-site" && "$trappa" new x) 2>"$work/new-outside.err" || got=$?
expect_status new-outside-site 2 $got
grep -q 'här finns ingen webbplats' "$work/new-outside.err" && [ ! -e "$work/no-site/content" ] && ok ||
	fail "new outside a site: $(cat "$work/new-outside.err")"

# Outside any repository: say what to do.
mkdir -p "$work/empty"
got=0; (cd "$work/empty" && "$trappa" build) 2>"$work/outside.err" || got=$?
expect_status outside-repo 3 $got
grep -q -- '--repo' "$work/outside.err" && grep -q -- '--worktree' "$work/outside.err" && ok ||
	fail "outside-repo: message should name --repo and --worktree"

# ---- git sources -----------------------------------------------------------------
repo=$work/repo
mkdir -p "$repo" && cp -R tests/broken/base/. "$repo/" && make_repo "$repo" >/dev/null
got=0; "$trappa" build --repo "$repo" --ref main --out "$work/out-main" --today 2026-11-22 --quiet || got=$?
expect_status build-from-repo 0 $got
grep -q 'En bra dialog' "$work/out-main/dialoger/good/index.html" 2>/dev/null && ok || fail "build-from-repo: page"

git clone -q --bare "$repo" "$work/bare.git"
got=0; "$trappa" build --repo "$work/bare.git" --ref main --out "$work/out-bare" --today 2026-11-22 --quiet || got=$?
expect_status build-from-bare 0 $got
diff -r "$work/out-main" "$work/out-bare" >/dev/null && ok || fail "bare clone gives a different site"

got=0; (cd "$repo/content/dialoger" && "$trappa" build --out "$work/out-sub" --today 2026-11-22 --quiet) || got=$?
expect_status build-from-subfolder 0 $got

# Committed content only, unless --worktree.
sed -i 's/En bra dialog/Ändrad men inte incheckad/' "$repo/content/dialoger/good.md"
"$trappa" build --repo "$repo" --out "$work/out-head" --today 2026-11-22 --quiet
grep -q 'En bra dialog' "$work/out-head/dialoger/good/index.html" && ok || fail "HEAD build saw an uncommitted edit"
"$trappa" build --repo "$repo" --worktree --out "$work/out-wt" --today 2026-11-22 --quiet
grep -q 'Ändrad men inte incheckad' "$work/out-wt/dialoger/good/index.html" && ok || fail "--worktree missed the edit"
git -C "$repo" checkout -q -- .
git -C "$repo" status --porcelain | grep -q . && fail "the build modified the repository" || ok

# Diagnostics from a commit carry its short id.
cp tests/broken/unknown-key/files/content/dialoger/x.md "$repo/content/dialoger/x.md"
git -C "$repo" add -A && git -C "$repo" commit -q -m "Trasig"
short=$(git -C "$repo" rev-parse --short=7 HEAD)
got=0; "$trappa" check --repo "$repo" 2>"$work/commit.err" || got=$?
expect_status check-commit 1 $got
grep -q "^$short:content/dialoger/x.md:2:1: error: okänd nyckel \"titel\"" "$work/commit.err" && ok ||
	fail "commit diagnostics: $(cat "$work/commit.err")"

# A build that fails on content leaves the published site untouched.
cp -R "$work/out-main" "$work/out-main.before"
got=0; "$trappa" build --repo "$repo" --out "$work/out-main" --today 2026-11-22 2>/dev/null || got=$?
expect_status build-broken 1 $got
diff -r "$work/out-main.before" "$work/out-main" >/dev/null && ok || fail "a failed build changed the published site"
ls "$work" | grep -q 'out-main.staging' && fail "a failed build left its staging folder" || ok

got=0; "$trappa" build --repo "$repo" --ref does-not-exist --out "$work/x" 2>"$work/ref.err" || got=$?
expect_status missing-ref 3 $got
grep -q 'does-not-exist' "$work/ref.err" && ok || fail "missing-ref: message"
"$trappa" check --repo "$repo" --ref mian 2>"$work/typo.err"; grep -q 'menade du "main"?' "$work/typo.err" && ok ||
	fail "mistyped --ref"
# A repository owned by another user: git's ownership check, said as such.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	cp -R "$repo" "$work/foreign" && chown -R nobody "$work/foreign"
	got=0; "$trappa" check --repo "$work/foreign" 2>"$work/owner.err" || got=$?
	expect_status foreign-owner 3 $got
	grep -q 'ägs av en annan användare' "$work/owner.err" && ok || fail "owner: $(cat "$work/owner.err")"
	rm -rf "$work/foreign"
fi

# ---- history from git --------------------------------------------------------------
hist=$work/hist
mkdir -p "$hist" && cp -R tests/broken/base/. "$hist/"
sed -i 's/start: 2026-01-10/start: 2026-09-01/; s/end: 2026-02-10/end: 2026-10-31/' "$hist/content/dialoger/good.md"
sed -i '/^## Återkoppling/,$d' "$hist/content/dialoger/good.md"
git -C "$hist" init -q -b main . && git -C "$hist" add -A
GIT_COMMITTER_DATE='2026-09-01T10:00:00+02:00' git -C "$hist" commit -q -m "Ny dialog om parken"
git -C "$hist" mv content/dialoger/good.md content/dialoger/parken.md
GIT_COMMITTER_DATE='2026-09-15T10:00:00+02:00' git -C "$hist" commit -q -m "Bättre namn i adressen"
sed -i 's/level: konsultation/level: information/' "$hist/content/dialoger/parken.md"
GIT_COMMITTER_DATE='2026-10-02T10:00:00+02:00' git -C "$hist" commit -q -am "Rättade stavfel"
printf '\n## Återkoppling\n\nVi har lyssnat.\n' >>"$hist/content/dialoger/parken.md"
GIT_COMMITTER_DATE='2026-11-03T10:00:00+02:00' git -C "$hist" commit -q -am "Återkoppling till deltagarna" \
	-m "Publikt: Nämnden har svarat på synpunkterna."
got=0; "$trappa" build --repo "$hist" --out "$work/hist-out" --today 2026-11-22 --quiet 2>"$work/hist.err" || got=$?
expect_status history-build 0 $got
page=$work/hist-out/dialoger/parken/index.html
grep -q '<dt>Publicerad</dt><dd><time datetime="2026-09-01">1 september 2026</time>, senast ändrad <time datetime="2026-11-03">3 november 2026</time>' "$page" && ok || fail "history: publication and update dates"
# Published before the rename: the history followed it.
grep -q '<li><time datetime="2026-09-01">1 september 2026</time>: Publicerad' "$page" && ok ||
	fail "history: the change log does not follow the rename"
grep -q '<li><time datetime="2026-11-03">3 november 2026</time>: Nämnden har svarat på synpunkterna.' "$page" && ok ||
	fail "history: the Publikt: trailer is not in the change log"
# Commit messages are internal: no subject reaches any file of the site.
leaked=$(git -C "$hist" log --format=%s | while IFS= read -r subject; do
	grep -rlF -- "$subject" "$work/hist-out" || true; done)
[ -z "$leaked" ] && ok || fail "history: a commit subject reached the site: $leaked"
grep -q 'Steget ändrades från Konsultation till Information 2 oktober 2026' "$page" && ok || fail "history: level change not shown"
grep -q 'Återkoppling gavs <time datetime="2026-11-03">' "$page" && ok || fail "history: feedback date from git"
grep -q "content/dialoger/parken.md:4:8: warning: steget ändrades från konsultation till information den 2026-10-02, efter att dialogen börjat" "$work/hist.err" && ok ||
	fail "history: unexplained level change not warned about: $(cat "$work/hist.err")"
ls "$work/hist-out.cache"/history-v[0-9]*-* >/dev/null 2>&1 && ok || fail "history: no cache beside the output"
git -C "$hist" status --porcelain | grep -q . && fail "history: the build modified the repository" || ok

# ---- --out safety ----------------------------------------------------------------
mkdir -p "$work/precious" && echo keep >"$work/precious/important.txt"
got=0; "$trappa" build --repo "$repo" --ref main~1 --out "$work/precious" 2>/dev/null || got=$?
expect_status refuse-foreign-out 3 $got
[ "$(cat "$work/precious/important.txt")" = keep ] && ok || fail "a foreign --out folder was touched"

# A preview under another address: every link follows --base-url.
"$trappa" build --repo "$repo" --ref main~1 --out "$work/preview" --today 2026-11-22 --quiet \
	--base-url https://dialog.test.example/forhandsgranskning/gren/ 2>/dev/null
grep -q 'href="/forhandsgranskning/gren/dialoger/"' "$work/preview/index.html" &&
	grep -q '<link rel="canonical" href="https://dialog.test.example/forhandsgranskning/gren/">' "$work/preview/index.html" &&
	! grep -q 'href="/dialoger/' "$work/preview/index.html" && ok || fail "--base-url: links do not follow it"
got=0; "$trappa" build --base-url ftp://x 2>/dev/null || got=$?
expect_status base-url-not-http 2 $got

# ---- reproducibility ---------------------------------------------------------------
"$trappa" build --worktree --today 2026-11-22 --out "$work/r1" --quiet 2>/dev/null
"$trappa" build --worktree --today 2026-11-22 --out "$work/r2" --quiet 2>/dev/null
diff -r "$work/r1" "$work/r2" && ok || fail "two builds differ"
SOURCE_DATE_EPOCH=1795348800 "$trappa" build --worktree --out "$work/r3" --quiet 2>/dev/null
diff -r "$work/r1" "$work/r3" >/dev/null && ok || fail "SOURCE_DATE_EPOCH for 2026-11-22 gives another site"

# ---- files that systems and office programs make are never published ----------
junk=$work/junk
mkdir -p "$junk" && cp -R tests/broken/base/. "$junk/"
mkdir -p "$junk/content/static" "$junk/content/dialoger/good"
mv "$junk/content/dialoger/good.md" "$junk/content/dialoger/good/index.md"
for f in static/Thumbs.db static/logo.png dialoger/good/.DS_Store 'dialoger/good/~$text.docx' \
	dialoger/good/desktop.ini; do printf x >"$junk/content/$f"; done
got=0; (cd "$junk" && "$trappa" build --worktree --today 2026-11-22 --out out --quiet) 2>"$work/junk.err" || got=$?
expect_status junk-files-skipped 0 $got
[ -s "$work/junk.err" ] && fail "junk files: $(cat "$work/junk.err")" || ok
[ -f "$junk/out/logo.png" ] && [ -z "$(find "$junk/out" -name Thumbs.db -o -name .DS_Store -o -name '~$*' \
	-o -name desktop.ini)" ] && ok || fail "junk files were published"

# ---- trappa new --------------------------------------------------------------------
newsite=$work/newsite
mkdir -p "$newsite" && cp -R tests/broken/base/. "$newsite/"
got=0; (cd "$newsite" && "$trappa" new min-dialog --title "Min dialog") >/dev/null || got=$?
expect_status new 0 $got
grep -qx 'title: "Min dialog"' "$newsite/content/dialoger/min-dialog.md" && ok || fail "new: title"
got=0; (cd "$newsite" && "$trappa" check --worktree --today 2026-11-22) 2>"$work/new.err" || got=$?
expect_status new-checks-clean 0 $got
# A new file is a draft: its example texts are warnings there, and every
# one of them an error once draft: true is gone (model.c's new_placeholders
# must name each example text the template writes).
[ "$(grep -c 'warning: .* från trappa new' "$work/new.err")" = 9 ] && ok ||
	fail "new: the draft's example texts are not all warnings: $(cat "$work/new.err")"
grep -qx 'draft: true .*' "$newsite/content/dialoger/min-dialog.md" && ok || fail "new: not a draft"
grep -qx '  email: namn@exempel.se' "$newsite/content/dialoger/min-dialog.md" && ok ||
	fail "new: contact is not one key per line"
sed '/^draft:/d' "$newsite/content/dialoger/min-dialog.md" >"$work/undraft.md"
cp "$newsite/content/dialoger/min-dialog.md" "$work/draft.md"
cp "$work/undraft.md" "$newsite/content/dialoger/min-dialog.md"
got=0; (cd "$newsite" && "$trappa" check --worktree --today 2026-11-22) 2>"$work/new3.err" || got=$?
expect_status new-placeholders-are-errors 1 $got
[ "$(grep -c 'error: .* från trappa new' "$work/new3.err")" = 9 ] && ok ||
	fail "new: example texts outside a draft: $(cat "$work/new3.err")"
cp "$work/draft.md" "$newsite/content/dialoger/min-dialog.md"
got=0; (cd "$newsite" && "$trappa" new min-dialog) 2>/dev/null || got=$?
expect_status new-refuses-overwrite 1 $got
got=0; (cd "$newsite" && "$trappa" new 'Fel Namn') 2>/dev/null || got=$?
expect_status new-bad-slug 2 $got
# A title with YAML's special characters still gives a valid file.
(cd "$newsite" && "$trappa" new kolon --title 'Etapp 2: "parken" #1') >/dev/null
got=0; (cd "$newsite" && "$trappa" check --worktree --today 2026-11-22) 2>"$work/new2.err" || got=$?
expect_status new-title-special-characters 0 $got
# A bundle of the same name is the same dialogue.
mkdir -p "$newsite/content/dialoger/paket" && : >"$newsite/content/dialoger/paket/index.md"
got=0; (cd "$newsite" && "$trappa" new paket) 2>/dev/null || got=$?
expect_status new-refuses-bundle 1 $got

# ---- a free page's language: "en-GB" and "EN" are English everywhere ------------------
# The language tag names the language (lang.h): html lang, og:locale, the
# interface strings, the dates and the quotes all follow it, and the
# menu and site name, in the site's language, are marked as Swedish.
langsite=$work/langsite
mkdir -p "$langsite/content/sidor" && cp -R tests/broken/base/. "$langsite/"
printf -- '---\ntitle: About\nlang: en-GB\nmenu: 1\n---\nSay "hello".\n' >"$langsite/content/sidor/about.md"
printf -- '---\ntitle: Contact\nlang: EN\n---\nText.\n' >"$langsite/content/sidor/contact.md"
printf -- '---\ntitle: Om\nlang: sv_SE\n---\nSäg "hej".\n' >"$langsite/content/sidor/om.md"
got=0; (cd "$langsite" && "$trappa" build --worktree --out "$work/langout" --today 2026-11-22 --quiet) 2>"$work/lang.err" || got=$?
expect_status page-lang-build 0 $got
[ -s "$work/lang.err" ] && { fail "page-lang: diagnostics"; cat "$work/lang.err"; } || ok
for p in about contact; do
	f=$work/langout/$p/index.html
	grep -q '<html lang="en">' "$f" && grep -q '<meta property="og:locale" content="en_GB">' "$f" &&
		grep -q '>Skip to content<' "$f" && grep -q 'status as of 22 November 2026' "$f" &&
		grep -q '<p class="site-name"><a href="/" lang="sv">' "$f" && ok ||
		fail "page-lang: $p is not English throughout"
done
grep -q '“hello”' "$work/langout/about/index.html" && ok || fail "page-lang: English quotes"
f=$work/langout/om/index.html
grep -q '<html lang="sv">' "$f" && grep -q '<meta property="og:locale" content="sv_SE">' "$f" &&
	grep -q 'läget den 22 november 2026' "$f" && grep -q '”hej”' "$f" &&
	! grep -q 'class="site-name"><a href="/" lang=' "$f" && ok || fail "page-lang: om is not Swedish throughout"

# ---- symbolic links are skipped, never followed --------------------------------------
linksite=$work/linksite
mkdir -p "$linksite" && cp -R tests/broken/base/. "$linksite/"
ln -s /etc/passwd "$linksite/content/dialoger/lank.md"
got=0; (cd "$linksite" && "$trappa" build --worktree --out "$work/linkout" --today 2026-11-22 --quiet) 2>"$work/link.err" || got=$?
expect_status symlink 0 $got
grep -q 'content/dialoger/lank.md: warning: symbolisk länk hoppas över' "$work/link.err" && ok || fail "symlink warning"
grep -rq 'root:' "$work/linkout" && fail "a symlink was followed" || ok

# ---- killed builds ---------------------------------------------------------------------
# Publish a small site, then kill builds of a large one at several moments:
# the published site must stay exactly the small one.
big=$work/big
mkdir -p "$big/content/dialoger" && cp tests/broken/base/content/site.yaml "$big/content/"
for i in $(seq 1 4000); do
	sed "s/En bra dialog/Dialog nummer $i/" tests/broken/base/content/dialoger/good.md >"$big/content/dialoger/d$i.md"
done
pub=$work/published
"$trappa" build --repo "$repo" --ref main~1 --out "$pub" --today 2026-11-22 --quiet 2>/dev/null
cp -R "$pub" "$pub.before"
for delay in 0.05 0.3 0.8 1.5; do
	(cd "$big" && exec "$trappa" build --worktree --out "$pub" --today 2026-11-22 --quiet) 2>/dev/null &
	pid=$!
	sleep "$delay"
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
		diff -r "$pub.before" "$pub" >/dev/null && ok || fail "killed after ${delay}s: the published site changed"
	else
		wait "$pid"
		fail "killed after ${delay}s: the build had already finished (make the corpus larger)"
	fi
done
# The next build cleans up the killed builds' staging folders and succeeds.
got=0; "$trappa" build --repo "$repo" --ref main~1 --out "$pub" --today 2026-11-22 --quiet 2>/dev/null || got=$?
expect_status build-after-kill 0 $got
ls "$work" | grep -q 'published.staging' && fail "staging folders of killed builds remain" || ok

# ---- /sok/: the search index stays within its budget -------------------------
# 200 KiB gzipped at 10 000 dialogues (README.md, "Sök"); here 1 000 dialogues
# of the bench corpus, 20 KiB per thousand plus 8 KiB for what does not grow
# with the dialogues (the facets' values, the stop words). gzip -6 as a web
# server would send it (nginx: gzip_comp_level 5). The corpus says "## Så kan
# du delta", which Trappa now refuses as a misspelt section.
corpus=$work/corpus
if python3 tests/bench/gen-corpus.py --pages 1000 --format trappa --no-pack "$corpus" >/dev/null 2>&1; then
	sed -i 's/^## Så kan du delta$/## Så deltar du/' "$corpus"/content/dialoger/*.md
	got=0; (cd "$corpus" && "$trappa" build --worktree --out "$work/corpus-site" --today 2026-11-22 \
		--quiet) 2>"$work/corpus.err" || got=$?
	expect_status search-index-build 0 $got
	size=$(gzip -6 -c "$work/corpus-site/sok/index.json" 2>/dev/null | wc -c)
	if [ "$size" -gt 0 ] && [ "$size" -le $((28 * 1024)) ]; then ok; else
		fail "sok/index.json of 1 000 dialogues is $size bytes gzipped, over 28 KiB"
	fi
	# Every dialogue once in the index and once in /sok/'s list.
	n_index=$(grep -c '^\[' "$work/corpus-site/sok/index.json")
	n_list=$(grep -c '<li data-slug=' "$work/corpus-site/sok/index.html")
	[ "$n_index" = 1000 ] && [ "$n_list" = 1000 ] && ok ||
		fail "sok/: $n_index dialogues in the index, $n_list in the list, expected 1000"
else
	fail "tests/bench/gen-corpus.py failed"
fi

# ---- internal never leaves trappa report ---------------------------------------------
# Every `internal` value of the example content (names, dates, comments) is
# looked for in every file of the built example site; none may be there.
# The colours are left out: "grön" and "gul" are ordinary words on a page.
"$trappa" build --worktree --today 2026-11-22 --out "$work/example-site" --quiet 2>/dev/null ||
	fail "the example content does not build"
internal_values=$(python3 - content/dialoger <<'PY'
import glob, sys, yaml
for path in sorted(glob.glob(sys.argv[1] + "/**/*.md", recursive=True)):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        continue
    fm = yaml.safe_load(text[4:text.index("\n---\n", 4)]) or {}
    for key, val in (fm.get("internal") or {}).items():
        if key != "delivery_status":
            print(str(val))
PY
)
n_values=$(grep -c . <<<"$internal_values")
if [ "$n_values" -lt 12 ]; then
	fail "the example content has $n_values internal values; the leak test needs internal in several dialogues"
fi
while IFS= read -r v; do
	[ -n "$v" ] || continue
	if hits=$(grep -rlF -- "$v" "$work/example-site"); then
		fail "internal value \"$v\" published in: $hits"
	else
		ok
	fi
done <<<"$internal_values"

# ---- participant_profile: a small group is never published exactly -------------------
# Two dialogues with groups of unusual names and counts; privacy_threshold
# 1000 makes Zyxelby's 737 small in dialogue a, so the largest other group,
# Qwertyby's 3523, is hidden beside it (else the total minus the others would
# give 737), and the year's and the site's sums (4737, 6523) are hidden too
# (minus b's shown counts they would give a's). Every file of the built
# site (HTML, JSON, CSV, feeds, calendars, the search index, the sitemap)
# is searched for these numbers, plain and grouped as pages group them.
# The same site built with threshold 1 must show them: proof that the
# search finds what it looks for.
privacy_site() { # DIR THRESHOLD
	mkdir -p "$1" && cp -R tests/broken/base/. "$1/"
	printf 'population:\n  area: { Zyxelby: 0.10, Qwertyby: 0.60, Vrakby: 0.30 }\nprivacy_threshold: %s\n' \
		"$2" >>"$1/content/site.yaml"
	sed -e 's/^title: .*/title: Dialog a/' \
		-e 's/^end: .*/&\nparticipant_profile:\n  area: { Zyxelby: 737, Qwertyby: 3523, Vrakby: 1913 }/' \
		tests/broken/base/content/dialoger/good.md >"$1/content/dialoger/a.md"
	sed -e 's/^title: .*/title: Dialog b/' \
		-e 's/^end: .*/&\nparticipant_profile:\n  area: { Zyxelby: 4000, Qwertyby: 3000, Vrakby: 5000 }/' \
		tests/broken/base/content/dialoger/good.md >"$1/content/dialoger/b.md"
	(cd "$1" && "$trappa" build --worktree --today 2026-11-22 --out "$1/site" --quiet) 2>"$1.err" ||
		{ fail "privacy: the site with threshold $2 does not build"; cat "$1.err"; }
}
# leaked DIR: the hidden numbers found in DIR's files, one "file: number" a line
leaked() {
	python3 - "$1" <<'PY'
import os, re, sys
hidden = ("737", "3523", "4737", "6523")
for base, _, files in os.walk(sys.argv[1]):
    for name in sorted(files):
        path = os.path.join(base, name)
        text = open(path, encoding="utf-8", errors="replace").read()
        # "1 913" with a no-break, thin or plain space, as pages group numbers
        plain = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)
        for n in hidden:
            if re.search(r"(?<![\d.-])" + n + r"(?!\d)", plain):
                print("%s: %s" % (os.path.relpath(path, sys.argv[1]), n))
PY
}
privacy_site "$work/privacy" 1000
hits=$(leaked "$work/privacy/site")
if [ -z "$hits" ]; then ok; else fail "privacy: hidden counts published: $hits"; fi
page=$work/privacy/site/dialoger/a/index.html
cell='<td><span class="cell-label" aria-hidden="true">Deltagare</span> <span class="cell-value">'
if grep -qF "<th scope=\"row\">Zyxelby</th>${cell}färre än 1000</span>" "$page" &&
	grep -qF "<th scope=\"row\">Qwertyby</th>${cell}dolt</span>" "$page" &&
	grep -q "<th scope=\"row\">Vrakby</th>${cell}1[^<0-9]*913</span>" "$page"; then
	ok
else
	fail "privacy: dialogue a does not show Zyxelby as 'färre än 1000', Qwertyby as 'dolt' and Vrakby's count"
fi
if python3 - "$work/privacy/site/data/dialoger.json" <<'PY'
import json, sys
a = [d for d in json.load(open(sys.argv[1], encoding="utf-8"))["dialogues"] if d["slug"] == "a"]
got = a[0]["participant_profile"]["area"]
assert got == {"Zyxelby": {"count": None, "suppressed": "under_threshold"},
               "Qwertyby": {"count": None, "suppressed": "complementary"}, "Vrakby": 1913}, got
PY
then ok; else fail "privacy: dialoger.json does not mark Zyxelby under_threshold and Qwertyby complementary"; fi
privacy_site "$work/privacy-open" 1
hits=$(leaked "$work/privacy-open/site")
for n in 737 3523 4737 6523; do
	if grep -q ": $n\$" <<<"$hits"; then ok; else fail "privacy: with threshold 1, $n is not found (the search is blind)"; fi
done

# ---- trappa report: the follow-up table, never inside the site --------------------------
got=0
"$trappa" report --worktree --today 2026-11-22 --out "$work/uppfoljning" >"$work/report.out" 2>&1 || got=$?
expect_status "report" 0 "$got"
if [ -f "$work/uppfoljning/uppfoljning.csv" ] && [ -f "$work/uppfoljning/uppfoljning.html" ]; then
	ok
	head -1 "$work/uppfoljning/uppfoljning.csv" | grep -qx $'dialogue,title,committee,officer,reports_to,delivery,delivery_status,status,start,end,feedback_due,feedback_given,comment\r' &&
		ok || fail "report: the CSV header differs"
	grep -q '^belysning-gang-och-cykelvagar,Tryggare belysning på gång- och cykelvägar,Tekniska nämnden,Jonas Sundqvist,"Per Bergström, trafikchef",2026-10-16,röd,avslutad,2026-04-13,2026-05-24,2026-09-30,,' \
		"$work/uppfoljning/uppfoljning.csv" && ok || fail "report: the row of belysning-gang-och-cykelvagar differs"
	rows=$(($(wc -l <"$work/uppfoljning/uppfoljning.csv") - 1))
	[ "$rows" = "$(ls content/dialoger | grep -vc '\.[a-z][a-z]\.md$')" ] && ok ||
		fail "report: $rows rows, expected one per original dialogue"
	if xmllint --html --noout "$work/uppfoljning/uppfoljning.html" 2>/dev/null &&
		grep -q '<html lang="sv">' "$work/uppfoljning/uppfoljning.html" &&
		grep -q '<caption' "$work/uppfoljning/uppfoljning.html" &&
		grep -q '<th scope="row">Äldreplan 2030' "$work/uppfoljning/uppfoljning.html"; then
		ok
	else
		fail "report: the HTML page lacks lang, caption or row headers"
	fi
else
	fail "report: uppfoljning.csv or uppfoljning.html missing"; cat "$work/report.out"
fi
got=0
"$trappa" report --worktree --today 2026-11-22 --year 2027 --out "$work/uppfoljning" >/dev/null 2>&1 || got=$?
[ "$got" = 0 ] && [ -f "$work/uppfoljning/uppfoljning-2027.csv" ] && ok || fail "report --year 2027: no uppfoljning-2027.csv"
# Inside a built site (its marker), or public/ before any build: refused, nothing written.
for dir in "$work/example-site/intern" "$work/example-site" public/intern; do
	got=0
	"$trappa" report --worktree --today 2026-11-22 --out "$dir" >/dev/null 2>"$work/report.err" || got=$?
	expect_status "report --out $dir" 2 "$got"
	grep -q "ligger i den publicerade webbplatsen" "$work/report.err" && ok || fail "report --out $dir: no reason given"
	[ ! -e "$dir/uppfoljning.csv" ] && ok || fail "report --out $dir: wrote into the site"
done
[ ! -e public/intern ] && ok || fail "report: made public/intern"
got=0
"$trappa" report --worktree >/dev/null 2>&1 || got=$?
expect_status "report without --out" 2 "$got"
got=0
"$trappa" check --worktree --year 2026 >/dev/null 2>&1 || got=$?
expect_status "check --year" 2 "$got"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

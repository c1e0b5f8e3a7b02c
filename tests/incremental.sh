#!/usr/bin/env bash
# The incremental build: a rebuild into a published folder rewrites only
# the files whose bytes changed, and the folder it leaves is byte for byte
# the folder a full build of the same commit gives. Each case builds commit
# A, then B into the same folder, and compares with a full build of B.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$PWD
trappa=$root/${TRAPPA:-generator/trappa-san}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TRAPPA_LANG=sv
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

repo=$work/repo
mkdir -p "$repo"
cp -R content themes "$repo/"
commit() { # commit MESSAGE DATE
	git -C "$repo" add -A && GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" \
		git -C "$repo" commit -q -m "$1"
}
git -C "$repo" init -q -b main .
commit "Första versionen" 2026-01-01T12:00:00Z

# build REF OUT [ARGS...]: prints the summary lines; exit status in $rc.
build() {
	local ref=$1 out=$2
	shift 2
	rc=0
	"$trappa" build --repo "$repo" --ref "$ref" --out "$out" --today 2026-11-22 "$@" \
		2>"$work/err" || rc=$?
}

inode() { stat -c %i "$1"; }

# same_as_full NAME REF DIR [ARGS...]: DIR equals a fresh full build of REF.
same_as_full() {
	local name=$1 full=$work/full-$1 ref=$2 dir=$3
	shift 3
	rm -rf "$full" "$full.cache"
	build "$ref" "$full" "$@" >/dev/null
	if diff -r "$full" "$dir" >"$work/diff" 2>&1; then ok; else fail "$name: differs from a full build"; head -20 "$work/diff"; fi
}

out=$work/public
page=dialoger/nytt-resecentrum/index.html
other=dialoger/stadsparken/index.html

# ---- the first build is a full one and leaves a manifest -------------------
build main "$out" >"$work/sum"
if [ "$rc" -eq 0 ] && [ -f "$out.cache/manifest" ] && ! grep -q 'ändrades' "$work/sum"; then ok
else fail "first build: rc $rc, manifest or summary wrong"; cat "$work/sum" "$work/err"; fi
# The marker holds the manifest's id: 32 hex digits and a newline.
if [ "$(wc -c <"$out/.trappa-site")" -eq 33 ]; then ok; else fail "marker does not hold an id"; fi

# ---- nothing changed: nothing is rewritten ---------------------------------
before=$(inode "$out/$other")
build main "$out" >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q '^trappa: 0 av [0-9]* filer ändrades' "$work/sum"; then ok
else fail "unchanged rebuild: $(cat "$work/sum")"; fi
if [ "$(inode "$out/$other")" = "$before" ]; then ok; else fail "unchanged rebuild rewrote $other"; fi

# ---- one dialogue changes ----------------------------------------------------
printf '\nVi har lagt till ett öppet hus den 3 december.\n' \
	>>"$repo/content/dialoger/nytt-resecentrum/index.md"
commit "Nytt datum för öppet hus" 2026-02-01T12:00:00Z
dir_before=$(inode "$out")
build main "$out" >"$work/sum"
n=$(sed -n 's/^trappa: \([0-9]*\) av \([0-9]*\) filer ändrades.*/\1 \2/p' "$work/sum")
# Every publish swaps in a whole folder (never a mix of old and new pages
# online); the unchanged files in it are links to the published ones.
if [ "$(inode "$out")" != "$dir_before" ]; then ok; else fail "one change: the folder was changed in place, not swapped"; fi
set -- $n
if [ "$rc" -eq 0 ] && [ -n "$n" ] && [ "$1" -gt 0 ] && [ "$1" -lt $(($2 / 2)) ]; then ok
else fail "one change: expected a small update, got '$(cat "$work/sum")'"; cat "$work/err"; fi
if grep -q 'öppet hus den 3 december' "$out/$page"; then ok; else fail "changed page not published"; fi
if [ "$(inode "$out/$other")" = "$before" ]; then ok; else fail "an unrelated page was rewritten"; fi
same_as_full one-change main "$out"
if ls "$out".staging-* >/dev/null 2>&1; then fail "staging folder left behind"; else ok; fi

# ---- feeds and calendars are keyed like pages (export.c, "keys") -----------
# A meeting cancelled in one dialogue: its feed, its calendar and its
# facets' feeds follow; another dialogue's feed is kept (recorded with its
# key in pagekeys, not made again, so its file is the same one).
feed=dialoger/aldreplan-2030/feed.xml
cal=dialoger/aldreplan-2030/kalender.ics
kept_feed=dialoger/cykelplan/feed.xml
before_feed=$(inode "$out/$kept_feed")
sed -i '/start: "2027-02-09T10:00"/a\    state: inställt' "$repo/content/dialoger/aldreplan-2030.md"
grep -q 'state: inställt' "$repo/content/dialoger/aldreplan-2030.md" || fail "test setup: no meeting to cancel"
commit "Mötet med pensionärsrådet ställs in" 2026-02-15T12:00:00Z
if grep -q 'Inställt: Dialogmöte med kommunala pensionärsrådet' "$out/$feed"; then fail "test setup: the meeting is cancelled already"; else ok; fi
build main "$out" >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q 'Inställt: Dialogmöte med kommunala pensionärsrådet' "$out/$feed" &&
	grep -q 'STATUS:CANCELLED' "$out/$cal" &&
	grep -q 'Inställt: Dialogmöte med kommunala pensionärsrådet' "$out/omrade/hela-kommunen/feed.xml"; then ok
else fail "cancelled meeting: feed or calendar not updated (rc $rc)"; cat "$work/err"; fi
if [ "$(inode "$out/$kept_feed")" = "$before_feed" ] && grep -q " $kept_feed\$" "$out.cache/pagekeys" &&
	grep -q " dialoger/cykelplan/kalender.ics\$" "$out.cache/pagekeys" &&
	grep -q " omrade/hela-kommunen/kalender.ics\$" "$out.cache/pagekeys"; then ok
else fail "an unchanged dialogue's feed or calendar is not kept by its key"; fi
same_as_full cancelled-meeting main "$out"
# From the work tree (no history: times come from the front matter) an
# edit that moves no date still reaches the feed and the calendar.
wt=$work/public-worktree
build main "$wt" --worktree >/dev/null
sed -i 's/^    state: inställt$/    state: flyttat/' "$repo/content/dialoger/aldreplan-2030.md"
build main "$wt" --worktree >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q '^trappa: [0-9]* av' "$work/sum" &&
	grep -q 'Flyttat: Dialogmöte med kommunala pensionärsrådet' "$wt/$feed" &&
	! grep -q 'STATUS:CANCELLED' "$wt/$cal"; then ok
else fail "work tree: a moved meeting did not reach the feed or calendar (rc $rc)"; cat "$work/sum" "$work/err"; fi
same_as_full worktree main "$wt" --worktree
git -C "$repo" checkout -q -- content/dialoger/aldreplan-2030.md

# ---- a dialogue is removed: its pages go, empty folders too ----------------
git -C "$repo" rm -q content/dialoger/stadsparken.md
commit "Dialogen togs bort" 2026-03-01T12:00:00Z
build main "$out" >"$work/sum"
if [ "$rc" -eq 0 ] && [ ! -e "$out/$(dirname "$other")" ]; then ok
else fail "removed dialogue: rc $rc, $(dirname "$other") still there"; cat "$work/err"; fi
same_as_full removal main "$out"

# ---- going back to an older commit ------------------------------------------
build main~2 "$out" >/dev/null
if [ "$rc" -eq 0 ]; then ok; else fail "older commit: rc $rc"; fi
same_as_full older main~2 "$out"

# ---- a changed template changes every page ----------------------------------
sed -i 's|</footer>|<p>Mall ändrad.</p></footer>|' "$repo/themes/default/templates/layout.mustache"
grep -q 'Mall ändrad' "$repo/themes/default/templates/layout.mustache" || fail "test setup: layout has no </footer>"
commit "Ny sidfot" 2026-04-01T12:00:00Z
build main "$out" >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q 'Mall ändrad' "$out/$page" && grep -q 'Mall ändrad' "$out/index.html"; then ok
else fail "template change not everywhere"; fi
same_as_full template main "$out"

# ---- a changed site.yaml and --today too ------------------------------------
sed -i 's/^title: .*/title: "Dialoger i testkommunen"/' "$repo/content/site.yaml"
commit "Ny titel" 2026-05-01T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
rm -rf "$work/full-today" "$work/full-today.cache"
build main "$work/full-today" --today 2026-12-24 >/dev/null
if diff -r "$work/full-today" "$out" >/dev/null && grep -q 'Dialoger i testkommunen' "$out/index.html"; then ok
else fail "site.yaml and --today change differ from a full build"; fi
# Every dialogue's feed names the site: kept files follow site.yaml too.
if grep -q '<title type="text">.* – Dialoger i testkommunen</title>' "$out/dialoger/cykelplan/feed.xml"; then ok
else fail "a dialogue's feed kept the old site title"; fi

# ---- an interrupted update is followed by a full build ----------------------
printf 'updating\n' >"$out/.trappa-site"
echo "<p>halvfärdig</p>" >"$out/$page"
before=$(inode "$out/index.html")
build main "$out" --today 2026-12-24 >"$work/sum"
if [ "$rc" -eq 0 ] && ! grep -q 'ändrades' "$work/sum" && [ "$(inode "$out/index.html")" != "$before" ]; then ok
else fail "after an interrupted update: expected a full build, got '$(cat "$work/sum")'"; fi
if diff -r "$work/full-today" "$out" >/dev/null; then ok; else fail "repair build differs from a full build"; fi

# ---- a damaged or hostile manifest means a full build, never a wild delete --
victim=$work/victim.txt
echo "keep me" >"$victim"
for bad in 'not a manifest' \
	"$(printf 'trappa-manifest 1\n00000000000000000000000000000000 1 ../victim.txt')" \
	"$(printf 'trappa-manifest 1\n00000000000000000000000000000000 1 /etc/passwd')" \
	"$(printf 'trappa-manifest 1\nzz 1 index.html')" \
	"$(printf 'trappa-manifest 1\n00000000000000000000000000000000 1 b\n00000000000000000000000000000000 1 a')"; do
	printf '%s\n' "$bad" >"$out.cache/manifest"
	
	build main "$out" --today 2026-12-24 >"$work/sum"
	if [ "$rc" -eq 0 ] && ! grep -q 'ändrades' "$work/sum" && [ -f "$victim" ]; then ok
	else fail "bad manifest '$bad': rc $rc, $(cat "$work/sum")"; fi
done
if diff -r "$work/full-today" "$out" >/dev/null; then ok; else fail "after bad manifests: differs from a full build"; fi

# ---- --full replaces the whole folder ---------------------------------------
before=$(inode "$out/index.html")
build main "$out" --today 2026-12-24 --full >"$work/sum"
if [ "$rc" -eq 0 ] && ! grep -q 'ändrades' "$work/sum" && [ "$(inode "$out/index.html")" != "$before" ]; then ok
else fail "--full: expected a whole new folder"; fi
build main "$out" --today 2026-12-24 >"$work/sum"
if grep -q '^trappa: 0 av' "$work/sum"; then ok; else fail "after --full the next build is not an update"; fi

# ---- a symbolic link planted in the published folder is not followed --------
mkdir -p "$work/elsewhere"
rm -rf "$out/dialoger/nytt-resecentrum"
ln -s "$work/elsewhere" "$out/dialoger/nytt-resecentrum"
printf '\nÄndrat igen.\n' >>"$repo/content/dialoger/nytt-resecentrum/index.md"
commit "Ändrat igen" 2026-06-01T12:00:00Z
build main "$out" --today 2026-12-24 >"$work/sum"
if [ -z "$(ls -A "$work/elsewhere")" ]; then ok; else fail "an update wrote through a symbolic link"; fi
# The update reads nothing through the link: the files behind it are made
# again, and the swapped-in site has a real folder there.
if [ "$rc" -eq 0 ] && [ -d "$out/dialoger/nytt-resecentrum" ] && [ ! -L "$out/dialoger/nytt-resecentrum" ]; then ok
else fail "symlink in the published folder: rc $rc, link still there"; cat "$work/err"; fi
same_as_full symlink main "$out" --today 2026-12-24

# ---- a page zeroed on disk (a power cut without fsync) is made again -------
# Published files are compared by the hash of their content, not by size.
size=$(stat -c %s "$out/$page")
head -c "$size" /dev/zero >"$out/$page"
build main "$out" --today 2026-12-24 >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q '^trappa: 1 av' "$work/sum" && grep -q '<html' "$out/$page"; then ok
else fail "zeroed page of the same size not repaired: '$(cat "$work/sum")'"; fi
same_as_full zeroed main "$out" --today 2026-12-24
# Kept files are not read again while their size, modification and change
# times are those seen when their content was last checked (<out>.cache/stats).
# An edit that keeps the size and puts the old modification time back still
# changes the change time, which no one can set: the page is made again.
sleep 2.1 # a signature is only recorded for files changed a second before the build
build main "$out" --today 2026-12-24 >/dev/null
if [ -s "$out.cache/stats" ] && grep -q " $page\$" "$out.cache/stats"; then ok
else fail "no stat signature recorded for $page"; fi
touch -r "$out/$page" "$work/mtime"
sed 's/<html/<HTML/' "$out/$page" >"$work/edited" && cat "$work/edited" >"$out/$page"
touch -r "$work/mtime" "$out/$page"
build main "$out" --today 2026-12-24 >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q '^trappa: 1 av' "$work/sum" && grep -q '<html' "$out/$page" && ! grep -q '<HTML' "$out/$page"; then ok
else fail "an edit with the old mtime put back was not repaired: '$(cat "$work/sum")'"; fi
same_as_full edited-same-mtime main "$out" --today 2026-12-24
# A folder moved away and linked back keeps its files' signatures, but the
# link is not trusted: the update puts a real folder there.
sleep 2.1
build main "$out" --today 2026-12-24 >/dev/null
mv "$out/dialoger/cykelplan" "$work/moved-away"
ln -s "$work/moved-away" "$out/dialoger/cykelplan"
build main "$out" --today 2026-12-24 >"$work/sum"
if [ "$rc" -eq 0 ] && [ ! -L "$out/dialoger/cykelplan" ] && [ -f "$out/dialoger/cykelplan/index.html" ]; then ok
else fail "a folder linked back into the site was trusted (rc $rc): $(cat "$work/sum" "$work/err" | head -3)"; fi
same_as_full linked-folder main "$out" --today 2026-12-24

# ---- --out with a trailing slash: the same folder, the same cache beside it --
build main "$out/" --today 2026-12-24 >"$work/sum"
if [ "$rc" -eq 0 ] && grep -q '^trappa: 0 av' "$work/sum" && [ ! -e "$out/.cache" ]; then ok
else fail "--out DIR/: rc $rc, '$(cat "$work/sum")'"; cat "$work/err"; fi

# ---- a large change swaps in a whole folder, keeping unchanged files ---------
# Over 256 changed files are not renamed in one by one: the unchanged ones
# are linked into the staging folder, which replaces the site in one step.
pdf=dialoger/nytt-resecentrum/sammanstallning.pdf
before_pdf=$(inode "$out/$pdf")
before_index=$(inode "$out/dialoger/index.html")
before_dir=$(inode "$out")
for i in $(seq 1 150); do
	sed "s/^title: .*/title: \"Extra dialog $i\"/" "$repo/content/dialoger/cykelplan.md" \
		>"$repo/content/dialoger/extra-$i.md"
done
commit "150 nya dialoger" 2026-07-01T12:00:00Z
build main "$out" --today 2026-12-24 >"$work/sum"
n=$(sed -n 's/^trappa: \([0-9]*\) av .*/\1/p' "$work/sum")
if [ "$rc" -eq 0 ] && [ -n "$n" ] && [ "$n" -gt 256 ]; then ok; else fail "large change: '$(cat "$work/sum")'"; cat "$work/err"; fi
if [ "$(inode "$out")" != "$before_dir" ]; then ok; else fail "large change: the folder was not swapped"; fi
if [ "$(inode "$out/$pdf")" = "$before_pdf" ] && [ "$(inode "$out/dialoger/index.html")" != "$before_index" ]; then ok
else fail "large change: unchanged files should be linked, changed ones new ($before_pdf $(inode "$out/$pdf") $before_index $(inode "$out/dialoger/index.html"))"; fi
rm -rf "$work/full-today" "$work/full-today.cache"
build main "$work/full-today" --today 2026-12-24 >/dev/null
if diff -r "$work/full-today" "$out" >/dev/null; then ok; else fail "large change differs from a full build"; fi
if ls "$out".staging-* >/dev/null 2>&1; then fail "large change left a staging folder"; else ok; fi
build main "$out" --today 2026-12-24 >"$work/sum"
if grep -q '^trappa: 0 av' "$work/sum"; then ok; else fail "after a large change the next build is not an update"; fi

# ---- the spare site: the next update starts from the site published before --
# After an update the replaced site waits beside the published one as
# <out>.spare; the next update starts from it and links in only the files
# that differ from it, not every unchanged file.
printf '\nEtt stycke till.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Cykelplanen igen" 2026-07-02T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
if [ "$rc" -eq 0 ] && [ -d "$out.spare" ] && [ -f "$out.spare/.trappa-site" ] && [ -f "$out.cache/manifest.spare" ]; then ok
else fail "no spare site after an update (rc $rc)"; ls -a "$work"; fi
printf '\nOch ett till.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Cykelplanen en gång till" 2026-07-03T12:00:00Z
files=$(find "$out" -type f | wc -l)
rc=0
# LeakSanitizer cannot run under strace; the other builds check leaks.
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o "$work/links" -e trace=link,linkat "$trappa" build --repo "$repo" --ref main --out "$out" \
	--today 2026-12-24 >"$work/sum" 2>"$work/err" || rc=$?
links=$(grep -c 'link' "$work/links")
written=$(sed -n 's/^trappa: \([0-9]*\) av .*/\1/p' "$work/sum")
# The files changed by the last update are linked back (they differ from the
# spare's); everything else is the spare's already.
if [ "$rc" -eq 0 ] && [ -n "$written" ] && [ "$links" -le $((2 * written + 2)) ] && [ "$links" -lt $((files / 4)) ]; then ok
else fail "update from the spare site: rc $rc, $links links for $written changed of $files files"; cat "$work/err"; fi
same_as_full from-spare main "$out" --today 2026-12-24
if ls "$out".staging-* >/dev/null 2>&1; then fail "update from the spare left a staging folder"; else ok; fi
# A file of the published site damaged by hand is also the spare's (one
# file, two names) or the spare holds an older one: either way the next
# update makes the page again, never takes it from the spare.
truncate -s 0 "$out/$page"
printf '\nSista stycket.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Cykelplanen sist" 2026-07-04T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
same_as_full damaged-and-spare main "$out" --today 2026-12-24
# A spare whose marker does not match manifest.spare is removed, not used.
printf 'nonsense\n' >"$out.spare/.trappa-site" 2>/dev/null
printf '\nEfter skadan.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Efter skadan" 2026-07-05T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
same_as_full bad-spare main "$out" --today 2026-12-24
# A path that was a file becomes a folder, and back, with the spare in
# between: each update equals a full build (the spare's old file or folder
# in the way is cleared, the new one never removed).
bundle=$repo/content/dialoger/nytt-resecentrum
printf 'karta som fil\n' >"$bundle/karta.txt"
commit "Karta som fil" 2026-07-06T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
printf '\nEn rad.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "En rad" 2026-07-07T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
git -C "$repo" rm -q content/dialoger/nytt-resecentrum/karta.txt
mkdir -p "$bundle/karta.txt"
printf 'karta i en mapp\n' >"$bundle/karta.txt/a.txt"
commit "Kartan blir en mapp" 2026-07-08T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
same_as_full file-to-folder main "$out" --today 2026-12-24
printf '\nEn rad till.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "En rad till" 2026-07-09T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
git -C "$repo" rm -q -r content/dialoger/nytt-resecentrum/karta.txt
printf 'karta som fil igen\n' >"$bundle/karta.txt"
commit "Kartan blir en fil igen" 2026-07-10T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
same_as_full folder-to-file main "$out" --today 2026-12-24
# A file added to the published site by hand goes at the next update and
# does not come back from the spare at the one after; also deep in a folder
# that the update itself does not touch (the spare's folders are read only
# when their change time says something happened in them).
printf 'för hand\n' >"$out/for-hand.html"
printf 'för hand\n' >"$out/dialoger/nytt-resecentrum/for-hand.html"
for i in 1 2; do
	printf '\nRad %s.\n' "$i" >>"$repo/content/dialoger/cykelplan.md"
	commit "Rad $i" "2026-07-1${i}T12:00:00Z"
	TRAPPA_PHASES=1 build main "$out" --today 2026-12-24 >/dev/null
	if [ "$rc" -eq 0 ] && [ ! -e "$out/for-hand.html" ] &&
		[ ! -e "$out/dialoger/nytt-resecentrum/for-hand.html" ]; then ok
	else fail "a file added by hand is published again (update $i, rc $rc)"; fi
done
# An update reads only the spare's folders that changed (here: those the
# changed dialogue's pages and lists are in), not all of them.
read_dirs=$(sed -n 's/^phase publish: complete the staging folder (\([0-9]*\) folders read).*/\1/p' "$work/err")
all_dirs=$(find "$out" -type d | wc -l)
if [ -n "$read_dirs" ] && [ "$read_dirs" -gt 0 ] && [ "$read_dirs" -lt $((all_dirs / 2)) ]; then ok
else fail "an update read ${read_dirs:-?} of the spare's $all_dirs folders"; fi
same_as_full hand-added main "$out" --today 2026-12-24
# A symbolic link planted at <out>.spare is removed, never followed: the
# folder it names (which even carries a marker) keeps its files.
mkdir -p "$work/victim"
printf 'x\n' >"$work/victim/.trappa-site"
printf 'viktig\n' >"$work/victim/viktig.html"
rm -rf "$out.spare"
ln -s "$work/victim" "$out.spare"
printf '\nRad 3.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Rad 3" 2026-07-13T12:00:00Z
build main "$out" --today 2026-12-24 >/dev/null
if [ "$rc" -eq 0 ] && [ -f "$work/victim/viktig.html" ] && [ ! -L "$out.spare" ]; then ok
else fail "a link at the spare's name was followed (rc $rc)"; ls -la "$work/victim"; fi
same_as_full spare-link main "$out" --today 2026-12-24
# A link put into the spare where the site has a file (the spare trusts
# its files' bytes): the update publishes the site's file, never the link.
if [ -f "$out.spare/favicon.svg" ]; then
	printf 'hemlig\n' >"$work/outside.txt"
	rm -f "$out.spare/favicon.svg"
	ln -s "$work/outside.txt" "$out.spare/favicon.svg"
	printf '\nRad 4.\n' >>"$repo/content/dialoger/cykelplan.md"
	commit "Rad 4" 2026-07-14T12:00:00Z
	build main "$out" --today 2026-12-24 >/dev/null
	if [ "$rc" -eq 0 ] && [ ! -L "$out/favicon.svg" ] && ! grep -q hemlig "$out/favicon.svg"; then ok
	else fail "a link put into the spare was published (rc $rc)"; fi
	same_as_full link-in-spare main "$out" --today 2026-12-24
else
	fail "no spare site to put a link into"
fi
# The same deep in a folder, with the spare's recorded time set in the
# future (as after the clock was set back, or the file edited): a time to
# come is no time, so the folder is read and the link replaced.
sub=dialoger/nytt-resecentrum
if [ -f "$out.spare/$sub/index.html" ] && grep -q '^built [0-9]*$' "$out.cache/manifest.spare"; then
	rm -f "$out.spare/$sub/index.html"
	ln -s "$work/outside.txt" "$out.spare/$sub/index.html"
	printf 'planterad\n' >"$out.spare/$sub/planterad.html"
	sed -i 's/^built [0-9]*$/built 4000000000000000000/' "$out.cache/manifest.spare"
	printf '\nRad 4b.\n' >>"$repo/content/dialoger/cykelplan.md"
	commit "Rad 4b" 2026-07-14T13:00:00Z
	build main "$out" --today 2026-12-24 >/dev/null
	if [ "$rc" -eq 0 ] && [ ! -L "$out/$sub/index.html" ] && ! grep -q hemlig "$out/$sub/index.html" &&
		[ ! -e "$out/$sub/planterad.html" ]; then ok
	else fail "a spare with a time to come was trusted (rc $rc)"; fi
	same_as_full future-built main "$out" --today 2026-12-24
else
	fail "no spare site with a recorded time"
fi
# ---- the model cache: unchanged files are neither read nor parsed again ----
# <out>.cache/model holds what each dialogue's file loaded to, by blob id.
# An update takes every unchanged file from it, and reports what a load
# from scratch reports, word for word.
printf '\nRad 5.\n' >>"$repo/content/dialoger/cykelplan.md"
commit "Rad 5" 2026-07-15T12:00:00Z
TRAPPA_PHASES=1 build main "$out" --today 2026-12-24 >/dev/null
cached=$(sed -n 's/^phase model_load (\([0-9]*\) of \([0-9]*\) dialogues from the cache).*/\1 \2/p' "$work/err")
set -- $cached
if [ "$rc" -eq 0 ] && [ "${1:-0}" -gt 0 ] && [ "$1" -eq $(($2 - 1)) ]; then ok
else fail "update: not every unchanged dialogue came from the model cache ($cached; rc $rc)"; fi
grep -v '^phase ' "$work/err" >"$work/err-cached"
same_as_full model-cache main "$out" --today 2026-12-24
if diff "$work/err-cached" "$work/err" >"$work/diff"; then ok
else fail "reports from the model cache differ from a fresh load"; head "$work/diff"; fi
# A damaged cache is a miss, never an error: the same site and reports.
if [ -s "$out.cache/model" ]; then
	printf 'skräp' | dd of="$out.cache/model" bs=1 seek=200 conv=notrunc 2>/dev/null
	printf '\nRad 6.\n' >>"$repo/content/dialoger/cykelplan.md"
	commit "Rad 6" 2026-07-16T12:00:00Z
	build main "$out" --today 2026-12-24 >/dev/null
	cp "$work/err" "$work/err-damaged"
	if [ "$rc" -eq 0 ]; then ok; else fail "a damaged model cache failed the build"; fi
	same_as_full model-cache-damaged main "$out" --today 2026-12-24
	if diff "$work/err-damaged" "$work/err" >"$work/diff"; then ok
	else fail "reports after a damaged model cache differ"; head "$work/diff"; fi
else
	fail "no model cache beside the output"
fi
# Another --today is another key: nothing comes from the cache.
TRAPPA_PHASES=1 build main "$out" --today 2026-12-25 >/dev/null
if grep -q '^phase model_load (0 of' "$work/err"; then ok
else fail "another --today used the model cache: $(grep '^phase model_load' "$work/err")"; fi
# --full has no use for the spare: it goes.
build main "$out" --today 2026-12-24 --full >/dev/null
if [ "$rc" -eq 0 ] && [ ! -e "$out.spare" ] && [ ! -e "$out.cache/manifest.spare" ]; then ok
else fail "--full left the spare site (rc $rc)"; fi
# ---- the exports' cache: each dialogue's part of the data and the calendar ----
# <out>.cache/export holds each published dialogue's record in
# data/dialoger.json, its rows of the CSV files and its events in
# kalender.ics. An update makes only a changed dialogue's parts, and the
# files are still those of a full build.
export_from_cache() {
	sed -n 's/^phase export (\([0-9]*\) of \([0-9]*\) dialogues from the cache).*/\1 \2/p' "$work/err"
}
TRAPPA_PHASES=1 build main "$out" --today 2026-12-24 >/dev/null # after --full: read again
set -- $(export_from_cache)
if [ "$rc" -eq 0 ] && [ "${1:-0}" -gt 0 ] && [ "$1" -eq "$2" ]; then ok
else fail "unchanged update: not every dialogue's exports came from the cache ($*; rc $rc)"; fi
sed -i 's/^title: Cykelplan för Sälvik$/title: Cykelplan för hela Sälvik/' \
	"$repo/content/dialoger/cykelplan.md"
commit "Ny titel" 2026-07-17T12:00:00Z
TRAPPA_PHASES=1 build main "$out" --today 2026-12-24 >/dev/null
set -- $(export_from_cache)
if [ "$rc" -eq 0 ] && [ "${1:-0}" -gt 0 ] && [ "$1" -eq $(($2 - 1)) ]; then ok
else fail "one change: not every other dialogue's exports came from the cache ($*; rc $rc)"; fi
if grep -q '"title": "Cykelplan för hela Sälvik"' "$out/data/dialoger.json" &&
	! grep -q '"title": "Cykelplan för Sälvik"' "$out/data/dialoger.json" &&
	grep -q '^cykelplan,sv,[^,]*,Cykelplan för hela Sälvik,' "$out/data/dialoger.csv" &&
	grep -q '^SUMMARY:Cykelplan för hela Sälvik.$' "$out/kalender.ics"; then ok
else fail "one change: the new title is not in the open data and the calendar"; fi
same_as_full export-cache main "$out" --today 2026-12-24
# A damaged entry is made again, never published.
if [ -s "$out.cache/export" ]; then
	printf 'skräp' | dd of="$out.cache/export" bs=1 seek=200 conv=notrunc 2>/dev/null
	TRAPPA_PHASES=1 build main "$out" --today 2026-12-24 >/dev/null
	set -- $(export_from_cache)
	if [ "$rc" -eq 0 ] && [ "${1:-0}" -gt 0 ] && [ "$1" -eq $(($2 - 1)) ]; then ok
	else fail "a damaged export cache: not one entry made again ($*; rc $rc)"; fi
	same_as_full export-cache-damaged main "$out" --today 2026-12-24
else
	fail "no export cache beside the output"
fi

echo "incremental: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Hostile input (issue 5): every file in a repository and every theme is
# untrusted. Each case asserts the exact diagnostic or the exact escaped
# output. TRAPPA_WRAPPER (e.g. valgrind) runs the program under a tool.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$PWD
trappa=$root/${TRAPPA:-generator/trappa-san}
wrap=${TRAPPA_WRAPPER:-}
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

# run NAME DIR ARGS...: runs trappa in DIR; sets $status, $out, $err.
run() {
	local name=$1 dir=$2
	shift 2
	status=0
	(cd "$dir" && timeout 300 $wrap "$trappa" "$@") >"$work/$name.out" 2>"$work/$name.err" || status=$?
	out=$work/$name.out err=$work/$name.err
	if [ "$status" -ge 124 ]; then
		fail "$name: crashed, hung or was killed (exit $status)"; sed -n 1,20p "$err"
	fi
}
expect_status() { if [ "$status" -eq "$2" ]; then ok; else fail "$1: exit $status, expected $2"; sed -n 1,10p "$err"; fi; }
expect_err() { if grep -qF -- "$2" "$err"; then ok; else fail "$1: stderr lacks: $2"; sed -n 1,10p "$err"; fi; }
expect_in() { if grep -qF -- "$3" "$2"; then ok; else fail "$1: $2 lacks: $3"; fi; }
expect_not_in() { if grep -qF -- "$3" "$2"; then fail "$1: $2 contains: $3"; else ok; fi; }

# new_site NAME: a valid one-dialogue site in $work/NAME; echoes its path.
new_site() {
	local d=$work/$1
	mkdir -p "$d"
	cp -R tests/broken/base/. "$d/"
	echo "$d"
}
dialogue() { # dialogue FILE FRONT-MATTER-EXTRA BODY
	{
		printf -- '---\ntitle: %s\nsummary: Kort.\nlevel: dialog\nlevel_reason: R.\ninfluence: I.\n' "${4:-Dialog}"
		printf 'decided: D.\npurpose: P.\nresponsible: KS\ncontact: { name: N, email: n@test.example }\n'
		printf 'start: 2026-10-01\nend: 2026-12-31\n%s---\n%s\n' "$2" "$3"
	} >"$1"
}
commit() { git -C "$1" init -q -b main . 2>/dev/null; git -C "$1" add -A && git -C "$1" commit -q -m "${2:-Innehåll}"; }

# ---- YAML ------------------------------------------------------------------
s=$(new_site yaml-deep)
{ printf -- '---\nareas: '; head -c 20000 /dev/zero | tr '\0' '['; printf '\n---\n'; } >"$s/content/dialoger/x.md"
run yaml-deep "$s" check --worktree --today 2026-11-22
expect_status yaml-deep 1
expect_err yaml-deep 'content/dialoger/x.md:2:'
expect_err yaml-deep 'för djup nästling (högst 32 nivåer)'

s=$(new_site yaml-bomb)
{ printf -- '---\n'; printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for i in b c d e f g h i; do printf '%s: &%s [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' $i $i; done; printf -- '---\n'; } >"$s/content/dialoger/x.md"
run yaml-bomb "$s" check --worktree --today 2026-11-22
expect_status yaml-bomb 1
expect_err yaml-bomb 'content/dialoger/x.md:2:4: error: ankare (&a) är inte tillåtna; skriv ut värdet i stället'

s=$(new_site yaml-huge-scalar)
big=$(head -c 900000 /dev/zero | tr '\0' 'x')
dialogue "$s/content/dialoger/x.md" '' 'Text.' "$big"
run yaml-huge-scalar "$s" build --worktree --today 2026-11-22 --out "$work/huge-out" --quiet
expect_status yaml-huge-scalar 0
expect_in yaml-huge-scalar "$work/huge-out/dialoger/x/index.html" "<h1>xxxxxxxx"

s=$(new_site yaml-tag)
dialogue "$s/content/dialoger/x.md" 'areas: !!python/object:os.system [ "rm -rf /" ]
' 'Text.'
run yaml-tag "$s" check --worktree --today 2026-11-22
expect_status yaml-tag 1
expect_err yaml-tag 'content/dialoger/x.md:13:8: error: okänd YAML-tagg "tag:yaml.org,2002:python/object:os.system" är inte tillåten'

# ---- bytes -------------------------------------------------------------------
s=$(new_site nul-byte)
dialogue "$s/content/dialoger/x.md" '' 'Text'
printf 'med\0NUL\n' >>"$s/content/dialoger/x.md"
run nul-byte "$s" check --worktree --today 2026-11-22
expect_status nul-byte 1
expect_err nul-byte 'content/dialoger/x.md:15:4: error: ogiltig UTF-8 (byte 208); spara filen som UTF-8'

s=$(new_site long-line)
dialogue "$s/content/dialoger/x.md" '' "$(head -c 1000000 /dev/zero | tr '\0' 'y')"
run long-line "$s" build --worktree --today 2026-11-22 --out "$work/long-out" --quiet
expect_status long-line 0

s=$(new_site pathological-markdown)
dialogue "$s/content/dialoger/a.md" '' "$(python3 -c 'print("["*50000 + "a" + "]"*50000)')"
dialogue "$s/content/dialoger/b.md" '' "$(python3 -c 'print("> "*50000 + "a")')"
dialogue "$s/content/dialoger/c.md" '' "$(python3 -c 'print("*a **a "*30000)')"
dialogue "$s/content/dialoger/d.md" '' "$(python3 -c 'print("- "*20000 + "a")')"
run pathological-markdown "$s" build --worktree --today 2026-11-22 --out "$work/patho-out" --quiet
expect_status pathological-markdown 0

# ---- what reaches the page -----------------------------------------------------
s=$(new_site injection)
dialogue "$s/content/dialoger/x.md" 'administration: "<img src=x onerror=alert(1)>"
meetings:
  - { title: "Möte\"><script>alert(2)</script>", start: "2026-11-30T18:00", place: "<b>Aula</b> & \"salen\"", url: "javascript:alert(3)" }
' '[klicka](javascript:alert(4)) [data](data:text/html,<script>alert(5)</script>) [vb](vbscript:msgbox) <script>alert(6)</script>

<iframe src="https://evil.example/"></iframe>' 'Titel <script>alert(7)</script> & "citat"'
run injection "$s" check --worktree --today 2026-11-22
expect_status injection 1
expect_err injection 'content/dialoger/x.md:15:116: error: "url" ska vara en fullständig adress som börjar med https://'
# Without the javascript: meeting url the site builds; everything else is escaped or dropped.
sed -i 's|, url: "javascript:alert(3)"||' "$s/content/dialoger/x.md"
run injection-build "$s" build --worktree --today 2026-11-22 --out "$work/inj-out" --quiet
expect_status injection-build 0
page=$work/inj-out/dialoger/x/index.html
expect_in injection "$page" '<h1>Titel &lt;script&gt;alert(7)&lt;/script&gt; &amp; &quot;citat&quot;</h1>'
expect_in injection "$page" '<dd>&lt;img src=x onerror=alert(1)&gt;</dd>'
expect_in injection "$page" '<strong>Möte&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;</strong>'
expect_in injection "$page" '&lt;b&gt;Aula&lt;/b&gt; &amp; &quot;salen&quot;'
expect_in injection "$page" '<a href="">klicka</a>'
expect_in injection "$page" '<a href="">data</a>'
expect_in injection "$page" '<a href="">vb</a>'
# In HTML nothing executable survives; the only script block is JSON-LD data
# whose < > & are \u-escaped, so it can never close itself.
for bad in '<script>' '<iframe' '<img' '<b>' 'javascript:' 'vbscript:' 'data:text' '</script><'; do
	if grep -rqiF --include='*.html' -- "$bad" "$work/inj-out"; then fail "injection: $bad reached a page"; else ok; fi
done
expect_in injection "$page" 'alert(2)\u003c/script\u003e'
# JSON and CSV carry the text faithfully as data, correctly quoted.
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=[x for x in d["dialogues"] if x["slug"]=="x"][0]; sys.exit(0 if t["administration"]=="<img src=x onerror=alert(1)>" else 1)' "$work/inj-out/data/dialoger.json"; then ok; else fail "injection: JSON does not round-trip"; fi
# The title is escaped in <title> and in lists too.
expect_in injection "$work/inj-out/dialoger/index.html" 'Titel &lt;script&gt;alert(7)&lt;/script&gt;'

# CSV formula injection: cells starting with = + - @ are neutralised.
s=$(new_site csv-formula)
dialogue "$s/content/dialoger/x.md" 'administration: "+46 (0)8"
case_numbers: [ "-1+1", "@SUM(A1)" ]
' 'Text.' '=HYPERLINK("https://evil.example","klicka")'
run csv-formula "$s" build --worktree --today 2026-11-22 --out "$work/csv-out" --quiet
expect_status csv-formula 0
if python3 - "$work/csv-out/data/dialoger.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
row = [r for r in rows if r["slug"] == "x"][0]
bad = [v for r in rows for v in r.values() if v and v[0] in "=+-@\t\r"]
ok = row["title"] == "'=HYPERLINK(\"https://evil.example\",\"klicka\")" and row["administration"] == "'+46 (0)8"
sys.exit(0 if ok and not bad else 1)
PY
then ok; else fail "csv-formula: a formula cell was not neutralised"; fi

# ---- names that would escape the output folder -----------------------------------
s=$(new_site paths)
mkdir -p "$s/content/dialoger/b"
dialogue "$s/content/dialoger/b/index.md" '' 'Text.'
printf x >"$s/content/dialoger/b/back\\slash.pdf"
printf x >"$s/content/dialoger/b/$(printf 'ctrl\001name.pdf')"
dialogue "$s/content/dialoger/Back\\slash.md" '' 'Text.'
dialogue "$s/content/dialoger/$(printf 'tab\tname').md" '' 'Text.'
mkdir -p "$s/content/sidor" && dialogue "$s/content/sidor/dialoger.md" '' 'Text.'
mkdir -p "$s/content/static" && printf x >"$s/content/static/index.html"
run paths "$s" check --worktree --today 2026-11-22
expect_status paths 1
expect_err paths 'content/dialoger/b/back\slash.pdf: error: filnamnet har tecknet "\" (tecken 5), som inte fungerar i en webbadress; byt namn på filen till "back-slash.pdf"'
expect_err paths 'content/dialoger/Back\slash.md: error: ogiltigt filnamn "Back\slash"'
expect_err paths 'content/sidor/dialoger.md: error: ogiltig sida'
expect_err paths 'content/static/index.html: error: filen skulle ersätta en sida som Trappa skapar'
expect_err paths 'error: ogiltigt filnamn "tab	name"'

# A site theme cannot read outside its folder, even through a partial name.
s=$(new_site theme-escape)
mkdir -p "$s/themes/default/templates"
printf '{{<layout}}{{$main}}{{>../../../../etc/passwd}}{{/main}}{{/layout}}\n' >"$s/themes/default/templates/page.mustache"
run theme-escape "$s" check --worktree --today 2026-11-22
expect_status theme-escape 1
expect_err theme-escape 'themes/default/templates/page.mustache:1:'

# ---- git: empty, unborn, shallow, corrupt, submodule -----------------------------
mkdir -p "$work/empty-repo" && git -C "$work/empty-repo" init -q -b main .
run empty-repo "$work/empty-repo" build --out "$work/x1"
expect_status empty-repo 3
expect_err empty-repo 'git-arkivet har ännu ingen incheckning (commit)'

s=$(new_site unborn) && commit "$s" && git -C "$s" checkout -q --orphan ny-gren
run unborn "$s" build --out "$work/x2"
expect_status unborn 3
expect_err unborn 'git-arkivet har ännu ingen incheckning (commit)'

s=$(new_site shallow-src) && commit "$s"
dialogue "$s/content/dialoger/andra.md" '' 'Text.' && commit "$s" "Andra"
git clone -q --depth 1 "file://$s" "$work/shallow"
run shallow "$work/shallow" build --out "$work/x3" --today 2026-11-22 --quiet
expect_status shallow 0

s=$(new_site corrupt) && commit "$s"
blob=$(git -C "$s" rev-parse HEAD:content/dialoger/good.md)
obj="$s/.git/objects/${blob:0:2}/${blob:2}"
chmod u+w "$obj" && printf 'trasig' >"$obj"
run corrupt "$s" build --out "$work/x4" --today 2026-11-22
# A corrupt object is a git failure (3), named where the content needs the
# file; the history is not walked through a damaged commit.
expect_status corrupt 3
expect_err corrupt "content: error: git-arkivet har skadade objekt (först $blob); inget byggs från incheckningen"
expect_err corrupt "content/dialoger/good.md: error: git-objektet $blob för filen är skadat (avkortat eller felaktigt); kör git fsck"
expect_not_in corrupt "$err" 'kan inte läsa git-historiken'

# A loose object cut in half made libgit2 1.5.1 loop for ever (libgit2
# #7342) while git cat-file fails cleanly: check and build end at once.
for what in blob tree commit; do
	s=$(new_site "truncated-$what") && commit "$s"
	case $what in
	blob) id=$(git -C "$s" rev-parse HEAD:content/dialoger/good.md) ;;
	tree) id=$(git -C "$s" rev-parse HEAD:content/dialoger) ;;
	commit) id=$(git -C "$s" rev-parse HEAD) ;;
	esac
	obj="$s/.git/objects/${id:0:2}/${id:2}"
	chmod u+w "$obj" && truncate -s $(($(stat -c %s "$obj") / 2)) "$obj"
	for cmd in check build; do
		status=0
		(cd "$s" && timeout 20 "$trappa" $cmd --today 2026-11-22 $([ $cmd = build ] && echo --out "$work/trunc-out")) \
			>"$work/trunc.out" 2>"$work/trunc.err" || status=$?
		err=$work/trunc.err
		expect_status "truncated-$what-$cmd" 3
		case $what in
		blob) expect_err "truncated-$what-$cmd" "content/dialoger/good.md: error: git-objektet $id för filen är skadat" ;;
		tree) expect_err "truncated-$what-$cmd" "content: error: git-arkivet har skadade objekt (först $id)" ;;
		commit) expect_err "truncated-$what-$cmd" ": error: git-objektet $id är skadat (avkortat eller felaktigt); kör git fsck" ;;
		esac
	done
done

# A damaged object only the history reaches (an older version of a file)
# is not checked before libgit2 reads it: the time limit ends the build,
# naming what was being read, before the lock is held for ever.
s=$(new_site history-damaged) && commit "$s"
id=$(git -C "$s" rev-parse HEAD:content/dialoger/good.md)
echo 'Mer text.' >>"$s/content/dialoger/good.md" && commit "$s" "Mer"
obj="$s/.git/objects/${id:0:2}/${id:2}"
chmod u+w "$obj" && truncate -s $(($(stat -c %s "$obj") / 2)) "$obj"
status=0
(cd "$s" && timeout 20 "$trappa" build --today 2026-11-22 --out "$work/hd-out" --time-limit 2) \
	>"$work/hd.out" 2>"$work/hd.err" || status=$?
err=$work/hd.err
expect_status history-damaged 3
expect_err history-damaged ':content (git-historik / git history): error: gav upp här efter 2 sekunder (--time-limit); ett skadat git-objekt kan få libgit2 att hänga: kör git fsck'
expect_err history-damaged 'trappa: inget publicerades; den publicerade webbplatsen är orörd'
[ ! -e "$work/hd-out" ] && ok || fail "history-damaged: something was published"
run bad-time-limit "$s" check --time-limit soon
expect_status bad-time-limit 2

# Folders nested deeper than 256 levels: one error with the path, in
# Swedish, and no English message from the history walk.
s=$(new_site deep-folders)
deep=content/dialoger/b
for i in $(seq 1 260); do deep=$deep/a; done
mkdir -p "$s/$deep" && echo x >"$s/$deep/f.txt" && commit "$s"
run deep-folders "$s" check --today 2026-11-22
expect_status deep-folders 1
deep257=content/dialoger/b; for i in $(seq 1 255); do deep257=$deep257/a; done  # dialoger is level 1
expect_err deep-folders ":$deep257: error: katalogerna ligger för djupt (över 256 nivåer); flytta filerna högre upp"
expect_not_in deep-folders "$err" 'nested too deeply'
run deep-folders-wt "$s" check --worktree --today 2026-11-22
expect_status deep-folders-wt 1
expect_err deep-folders-wt "$deep257: error: katalogerna ligger för djupt (över 256 nivåer)"

# A bundle file over 64 MiB: check refuses it as build would, naming the
# limit, from its size (stat or the object header) without reading it.
s=$(new_site huge-bundle)
mkdir -p "$s/content/dialoger/stor"
dialogue "$s/content/dialoger/stor/index.md" '' 'Text.'
truncate -s 67108865 "$s/content/dialoger/stor/karta.pdf"
run huge-bundle-wt "$s" check --worktree --today 2026-11-22
expect_status huge-bundle-wt 1
expect_err huge-bundle-wt 'content/dialoger/stor/karta.pdf: error: filen är för stor (67108865 byte; högst 67108864 byte = 64 MiB per fil)'
commit "$s"
run huge-bundle "$s" check --today 2026-11-22
expect_status huge-bundle 1
expect_err huge-bundle ':content/dialoger/stor/karta.pdf: error: filen är för stor (67108865 byte; högst 67108864 byte = 64 MiB per fil)'

# One long line of facet values: refused at check, not 100 000 pages.
s=$(new_site many-areas)
dialogue "$s/content/dialoger/x.md" "areas: [ $(seq -s ', ' -f 'omr%g' 0 99999) ]
" 'Text.'
run many-areas "$s" check --worktree --today 2026-11-22
expect_status many-areas 1
expect_err many-areas 'content/dialoger/x.md:13:8: error: "areas" har 100000 värden; högst 20 är tillåtna'

# A damaged site.yaml is a damaged object, not a missing file.
s=$(new_site corrupt-site) && commit "$s"
id=$(git -C "$s" rev-parse HEAD:content/site.yaml)
obj="$s/.git/objects/${id:0:2}/${id:2}"
chmod u+w "$obj" && truncate -s $(($(stat -c %s "$obj") / 2)) "$obj"
run corrupt-site "$s" check --today 2026-11-22
expect_status corrupt-site 3
expect_err corrupt-site ":content/site.yaml: error: git-objektet $id för filen är skadat"
expect_not_in corrupt-site "$err" 'filen saknas'

# A file that cannot be read says why, not "missing" or "No such file".
s=$(new_site site-yaml-folder)
rm "$s/content/site.yaml" && mkdir "$s/content/site.yaml"
run site-yaml-folder "$s" check --worktree --today 2026-11-22
expect_status site-yaml-folder 1
expect_err site-yaml-folder 'content/site.yaml: error: kan inte läsa filen: Is a directory'
expect_not_in site-yaml-folder "$err" 'filen saknas'

# An unreadable file says why (EACCES), not "No such file or directory".
if [ "$(id -u)" != 0 ]; then
s=$(new_site unreadable)
chmod 000 "$s/content/site.yaml"
run unreadable "$s" check --worktree --today 2026-11-22
expect_err unreadable 'content/site.yaml: error: kan inte läsa filen: Permission denied'
chmod 644 "$s/content/site.yaml"
fi

s=$(new_site submodule) && commit "$s"
git -C "$s" update-index --add --cacheinfo "160000,$(git -C "$s" rev-parse HEAD),content/dialoger/extern"
git -C "$s" commit -q -m "Undermodul"
run submodule "$s" build --out "$work/x5" --today 2026-11-22 --quiet
expect_status submodule 0
expect_err submodule 'content/dialoger/extern: warning: undermodul (submodule) hoppas över'

# ---- accountability fields (issue 16) ---------------------------------------------
# HTML in every text of feedback_plan, feedback_delay, you_said and actions:
# the page shows it as text, never as markup. The dialogue is late (ended
# 2026-06-01) so feedback_delay is shown.
s=$(new_site acct-html)
h='<script>alert(1)</script><img src=x onerror=alert(2)>'
{
	printf -- '---\ntitle: Dialog\nsummary: Kort.\nlevel: dialog\nlevel_reason: R.\ninfluence: I.\n'
	printf 'decided: D.\npurpose: P.\nresponsible: KS\ncontact: { name: N, email: n@test.example }\n'
	printf 'start: 2026-03-01\nend: 2026-06-01\nfeedback_due: 2026-08-31\n'
	printf 'feedback_plan: "plan %s"\n' "$h"
	printf 'feedback_delay: { reason: "orsak %s", new_date: 2026-12-31 }\n' "$h"
	printf 'you_said:\n  - { said: "sa %s", count: 3, outcome: delvis, response: "svar %s" }\n' "$h" "$h"
	printf 'actions:\n  - { title: "titel %s", status: pågår, progress: 50, note: "not %s" }\n' "$h" "$h"
	printf -- '---\nText.\n'
} >"$s/content/dialoger/x.md"
run acct-html "$s" build --worktree --today 2026-11-22 --out "$work/acct-html-out" --quiet
expect_status acct-html 0
for what in plan orsak sa svar titel not; do
	expect_in "acct-html-$what" "$work/acct-html-out/dialoger/x/index.html" "$what &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
done
expect_in acct-html-actions "$work/acct-html-out/atgarder/index.html" "titel &lt;script&gt;alert(1)&lt;/script&gt;"
expect_not_in acct-html-raw "$work/acct-html-out/dialoger/x/index.html" "<script>alert"
expect_not_in acct-html-raw-actions "$work/acct-html-out/atgarder/index.html" "<script>alert"

# Control characters in each of those texts: an error naming the field.
s=$(new_site acct-control)
dialogue "$s/content/dialoger/x.md" 'feedback_plan: "a\u0001"
feedback_delay: { reason: "b\u0007", new_date: 2027-01-31 }
you_said:
  - { said: "c\u001b[31m", outcome: delvis, response: "d\u0000" }
actions:
  - { title: "e\u0085", status: pågår, note: "f\u0002" }
' 'Text.'
run acct-control "$s" check --worktree --today 2026-11-22
expect_status acct-control 1
for f in feedback_plan:U+0001 reason:U+0007 said:U+001B response:U+0000 title:U+0085 note:U+0002; do
	expect_err "acct-control-${f%%:*}" "\"${f%%:*}\" innehåller kontrolltecknet ${f#*:}"
done

# Wrong types in every new field: an error each, no crash.
s=$(new_site acct-types)
dialogue "$s/content/dialoger/x.md" 'feedback_plan: { a: 1 }
feedback_delay: "sen"
you_said: { said: x }
actions:
  - { title: [ a ], status: 7, due: idag, done: true, progress: "hälften", note: [ x ] }
' 'Text.'
run acct-types "$s" check --worktree --today 2026-11-22
expect_status acct-types 1
for k in feedback_plan feedback_delay you_said title status due done progress note; do
	expect_err "acct-types-$k" "\"$k\""
done

# 10 000 points in one dialogue (about 700 KB; the 1 MiB file limit allows
# no more than about 15 000): the time grows linearly with the points
# (10 000 take at most three times as long as 5 000, against four for a
# quadratic pass; a line search from the start of the front matter for
# each value took 13 s for 10 000), and the memory stays bounded (under
# 256 MiB). Release build, not under a wrapper: the sanitizers would be
# what is measured.
if [ -z "$wrap" ]; then
said_site() { # said_site NAME N: one dialogue with N points, spread over the outcomes
	local s o
	s=$(new_site "$1")
	{
		printf -- '---\ntitle: Dialog\nsummary: Kort.\nlevel: dialog\nlevel_reason: R.\ninfluence: I.\n'
		printf 'decided: D.\npurpose: P.\nresponsible: KS\ncontact: { name: N, email: n@test.example }\n'
		printf 'start: 2026-03-01\nend: 2026-06-01\nyou_said:\n'
		for o in genomförs delvis 'genomförs inte' 'redan beslutat' 'utanför frågan' utreds; do
			seq 1 $(($2 / 6 + 1)) | sed "s/.*/  - { said: Synpunkt &, count: &, outcome: $o, response: Svar & }/"
		done | head -n "$2"
		printf -- '---\nText.\n\n## Återkoppling\n\nKlart.\n'
	} >"$s/content/dialoger/x.md"
	echo "$s"
}
said_time() { # said_time SITE OUT: prints "seconds max-KiB"
	(cd "$1" && /usr/bin/time -f '%e %M' -o "$work/said.time" "$root/generator/trappa" build \
		--worktree --today 2026-11-22 --out "$2" --quiet) >/dev/null 2>&1 || echo "failed" >"$work/said.time"
	cat "$work/said.time"
}
s5=$(said_site said-5k 5000)
s10=$(said_site said-10k 10000)
read -r t5 m5 <<<"$(said_time "$s5" "$work/said-5k-out")"
read -r t10 m10 <<<"$(said_time "$s10" "$work/said-10k-out")"
echo "you_said: 5 000 points ${t5}s ${m5} KiB; 10 000 points ${t10}s ${m10} KiB"
if [ "$t5" = failed ] || [ "$t10" = failed ]; then
	fail "said-scale: the build failed"
else
	expect_in said-10k "$work/said-10k-out/dialoger/x/index.html" "<strong>3 334 av 10 000 synpunkter ändrade förslaget.</strong>"
	[ "$(grep -c '<li><p class="said">' "$work/said-10k-out/dialoger/x/index.html")" -eq 10000 ] && ok ||
		fail "said-10k: not 10 000 points on the page"
	awk -v a="$t5" -v b="$t10" 'BEGIN { exit !(b <= 3 * a + 0.5) }' && ok ||
		fail "said-scale: 10 000 points took ${t10}s, 5 000 ${t5}s: not linear"
	[ "$m10" -lt 262144 ] && ok || fail "said-scale: ${m10} KiB for 10 000 points"
fi
fi

# ---- participant_profile and population (issue 17) ------------------------------
# HTML in group and dimension names: text on the page and /statistik/.
s=$(new_site profile-html)
dialogue "$s/content/dialoger/x.md" 'participant_profile:
  "<b>dim</b>": { "<script>alert(1)</script>": 40, "x\" onmouseover=\"y": 60 }
' 'Text.'
run profile-html "$s" build --worktree --today 2026-11-22 --out "$work/profile-html-out" --quiet
expect_status profile-html 0
for page in dialoger/x/index.html statistik/index.html; do
	expect_in "profile-html-$page" "$work/profile-html-out/$page" "&lt;script&gt;alert(1)&lt;/script&gt;"
	expect_in "profile-html-dim-$page" "$work/profile-html-out/$page" "<caption>&lt;b&gt;dim&lt;/b&gt;"
	expect_not_in "profile-html-raw-$page" "$work/profile-html-out/$page" "<script>alert"
done

# Huge, negative, fractional, text, nested counts and shares: an error each,
# naming the group, no crash.
s=$(new_site profile-types)
printf 'population:\n  age: { a: 1e308, b: -0.5, c: [ 1 ], d: { e: { f: 1 } } }\n' >>"$s/content/site.yaml"
dialogue "$s/content/dialoger/x.md" 'participant_profile:
  age: { a: 1e308, b: -1, c: 2.5, d: "tio", e: { f: { g: 1 } }, h: [ 1, 2 ], i: .nan, j: true }
' 'Text.'
run profile-types "$s" check --worktree --today 2026-11-22
expect_status profile-types 1
for g in a b c d e h i j; do
	expect_err "profile-types-$g" "antalet deltagare i \"$g\" (participant_profile.age) ska vara ett heltal från 0 till 1000000000"
done
for g in a b c d; do
	expect_err "profile-types-pop-$g" "andelen för \"$g\" i population.age"
done

# Thousands of groups, and of dimensions: one error each, at the map.
s=$(new_site profile-many)
{
	printf 'participant_profile:\n  area:\n'
	seq 1 5000 | sed 's/.*/    g&: &/'
	printf 'population:\n  area:\n'
} >"$work/profile-many.yaml"
dialogue "$s/content/dialoger/x.md" "$(sed -n '1,5002p' "$work/profile-many.yaml")
" 'Text.'
dialogue "$s/content/dialoger/y.md" "participant_profile:
$(seq 1 50 | sed 's/.*/  d&: { a: 1 }/')
" 'Text.'
{ printf 'population:\n  area:\n'; seq 1 5000 | sed 's/.*/    g&: 0.0002/'; } >>"$s/content/site.yaml"
run profile-many "$s" check --worktree --today 2026-11-22
expect_status profile-many 1
expect_err profile-many-groups 'content/dialoger/x.md:15:5: error: "area" har 5000 värden; högst 100 är tillåtna'
expect_err profile-many-dims 'content/dialoger/y.md:14:3: error: "participant_profile" har 50 värden; högst 10 är tillåtna'
expect_err profile-many-pop '"area" har 5000 värden; högst 100 är tillåtna'
[ "$(grep -c 'error' "$err")" -eq 3 ] && ok || fail "profile-many: not one error per map: $(grep -c error "$err")"
# ---- meetings and case numbers (issue 17 item 8) ------------------------------------
# HTML in every text of a meeting, and case numbers with characters that
# would end a query value or an attribute: escaped on the page, encoded in
# the diarium link; never markup, never a second parameter.
s=$(new_site meet-html)
printf 'case_url_template: "https://diarium.test.example/sok?q={case}&typ=arende"\n' >>"$s/content/site.yaml"
h='<script>alert(1)</script>'
dialogue "$s/content/dialoger/x.md" "case_numbers: [ \"a&b\", '\"q\"', \"<x>\", \"sp ace\", \"../x/y\", \"{case}\" ]
meetings:
  - title: \"titel $h\"
    start: \"2026-12-05T10:00\"
    end: \"2026-12-05T12:00\"
    place: \"plats $h\"
    access: [ rullstol, \"tillg $h\" ]
    registration: \"anm $h\"
    language: [ sv, zz ]
    state: inställt
    note: \"notis $h\"
  - title: Flyttat möte
    start: \"2026-12-07T10:00\"
    end: \"2026-12-07T12:00\"
    state: flyttat
    note: \"från $h\"
    registration: 'https://anmalan.test.example/?a=\"><script>alert(3)</script>'
" 'Text.'
run meet-html "$s" build --worktree --today 2026-11-22 --out "$work/meet-html-out" --quiet
expect_status meet-html 0
page=$work/meet-html-out/dialoger/x/index.html
for what in titel plats tillg notis från; do
	expect_in "meet-html-$what" "$page" "$what &lt;script&gt;alert(1)&lt;/script&gt;"
done
expect_not_in meet-html-raw "$page" "<script>alert"
# a cancelled meeting offers no registration; the moved one's link is escaped
expect_not_in meet-html-cancelled-registration "$page" "anm &lt;script&gt;"
expect_in meet-html-registration "$page" 'href="https://anmalan.test.example/?a=&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"'
expect_in meet-html-unknown-language "$page" "Språk: svenska, zz"
for c in 'a%26b">a&amp;b' '%22q%22">&quot;q&quot;' '%3Cx%3E">&lt;x&gt;' 'sp%20ace">sp ace' '..%2Fx%2Fy">../x/y' '%7Bcase%7D">{case}'; do
	expect_in "meet-html-case-${c%%\"*}" "$page" "<a href=\"https://diarium.test.example/sok?q=${c%%\">*}&amp;typ=arende\">${c#*\">}</a>"
done
for f in feed.xml dialoger/x/feed.xml omrade/index.html; do
	[ -f "$work/meet-html-out/$f" ] && expect_not_in "meet-html-raw-$f" "$work/meet-html-out/$f" "<script>alert"
done
expect_in meet-html-feed "$work/meet-html-out/feed.xml" "<title type=\"text\">Inställt: titel &lt;script&gt;alert(1)&lt;/script&gt;, 5 december 2026</title>"
expect_in meet-html-ics "$work/meet-html-out/dialoger/x/kalender.ics" "SUMMARY:Inställt: titel <script>alert(1)</script>"
expect_in meet-html-ics-status "$work/meet-html-out/dialoger/x/kalender.ics" "STATUS:CANCELLED"

# Long lists: 200 access texts and languages are allowed (MODEL_MAX_LIST),
# 201 an error naming the field; a 10 000-character note is one text.
s=$(new_site meet-long)
acc=$(seq 1 200 | sed 's/.*/"hjälp &"/' | paste -sd, -)
lng=$(seq 1 201 | awk '{ printf "%s\"%c%c\"", (NR > 1 ? "," : ""), 97 + $1 % 26, 97 + int($1 / 26) % 26 }')
note=$(head -c 10000 /dev/zero | tr '\0' 'x')
dialogue "$s/content/dialoger/x.md" "meetings:
  - { title: Möte, start: \"2026-12-05T10:00\", end: \"2026-12-05T12:00\", access: [ $acc ], note: \"$note\" }
  - { title: Möte 2, start: \"2026-12-06T10:00\", end: \"2026-12-06T12:00\", language: [ $lng ] }
" 'Text.'
run meet-long "$s" check --worktree --today 2026-11-22
expect_status meet-long 1
expect_err meet-long '"language" har 201 värden; högst 200 är tillåtna'
expect_not_in meet-long-access "$err" '"access" har'

# case_url_template where a case number would pick the server: refused.
s=$(new_site meet-case-host)
printf 'case_url_template: "https://x.example{case}/"\n' >>"$s/content/site.yaml"
run meet-case-host "$s" check --worktree --today 2026-11-22
expect_status meet-case-host 1
expect_err meet-case-host '{case} i case_url_template måste stå efter serverns namn'

# ---- kind, continuous, politicians, children, evaluation (issue 17) -------------------
# Markup in every text: text on the page, in the CSV and in the JSON.
s=$(new_site k17-html)
h='<script>alert(1)</script>'
dialogue "$s/content/dialoger/x.md" "kind: samråd
continuous: true
politicians: [ \"pol $h\", \"Eva <b>Ek</b>\" ]
children: { heard: true, how: \"how $h\", assessment: \"<img src=x onerror=alert(4)>\" }
evaluation: { date: 2026-10-01, summary: \"eval $h\", url: \"https://ex.example/?a=1&b=<2>\" }
" 'Text.'
sed -i '/^end: /d' "$s/content/dialoger/x.md" # continuous: no end
run k17-html "$s" build --worktree --today 2026-11-22 --out "$work/k17-html-out" --quiet
expect_status k17-html 0
page=$work/k17-html-out/dialoger/x/index.html
expect_in k17-html-pol "$page" "pol &lt;script&gt;alert(1)&lt;/script&gt;"
expect_in k17-html-how "$page" "how &lt;script&gt;alert(1)&lt;/script&gt;"
expect_in k17-html-eval "$page" "eval &lt;script&gt;alert(1)&lt;/script&gt;"
expect_in k17-html-url "$page" 'href="https://ex.example/?a=1&amp;b=&lt;2&gt;"'
expect_not_in k17-html-raw "$page" "<script>alert"
expect_not_in k17-html-img "$page" "<img src=x"
expect_not_in k17-html-b "$page" "<b>Ek</b>"
# The CSV is data, not HTML: the text as written, quoted so it stays one field.
python3 - "$work/k17-html-out/data/dialoger.csv" <<'PY' && ok || fail "k17-html: the CSV row lost its politicians"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert any("pol <script>alert(1)</script>" in r["politicians"] for r in rows), rows
PY
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$work/k17-html-out/data/dialoger.json" && ok ||
	fail "k17-html: dialoger.json is not JSON"
# Wrong types and values: an error each at its place, no crash.
s=$(new_site k17-types)
dialogue "$s/content/dialoger/x.md" "kind: \"$h\"
continuous: ja
politicians: { a: 1 }
children: { heard: kanske }
evaluation: { date: 2026-13-45, url: \"javascript:alert(6)\" }
" 'Text.'
run k17-types "$s" check --worktree --today 2026-11-22
expect_status k17-types 1
expect_err k17-types-kind 'okänd sorts dialog (kind) "<script>alert(1)</script>"'
expect_err k17-types-cont '"continuous" ska vara true eller false'
expect_err k17-types-heard '"heard" ska vara true eller false'
expect_err k17-types-date 'ogiltigt datum "2026-13-45"'
expect_err k17-types-url '"url" ska vara en fullständig adress som börjar med https://'
# Thousands of politicians: one error or a page that holds them, never a crash.
s=$(new_site k17-many)
dialogue "$s/content/dialoger/x.md" "politicians: [ $(seq 1 5000 | sed 's/.*/\"P&\"/' | paste -sd, -) ]
" 'Text.'
run k17-many "$s" build --worktree --today 2026-11-22 --out "$work/k17-many-out" --quiet
if [ "$status" -eq 0 ] || [ "$status" -eq 1 ]; then ok; else fail "k17-many: exit $status"; fi

# ---- scale: 10 000 dialogues --------------------------------------------------------
# (not under valgrind: at this scale it would measure valgrind, not Trappa)
if [ -z "$wrap" ]; then
s=$(new_site many)
for i in $(seq 1 10000); do
	printf -- '---\ntitle: Dialog %d\nsummary: S.\nlevel: dialog\nlevel_reason: R.\ninfluence: I.\npurpose: P.\nresponsible: KS\ncontact: { name: N, email: n@t.example }\nstart: 2026-10-01\n---\nText %d.\n' "$i" "$i" >"$s/content/dialoger/d$i.md"
done
# The release build: under the sanitizers this scale only measures them.
trappa_san=$trappa trappa=$root/generator/trappa
run many "$s" build --worktree --today 2026-11-22 --out "$work/many-out" --quiet
trappa=$trappa_san
expect_status many 0
n=$(find "$work/many-out/dialoger" -mindepth 2 -maxdepth 2 -name index.html -path '*/dialoger/d[0-9]*' | wc -l)
[ "$n" -eq 10000 ] && ok || fail "many: $n dialogue pages, expected 10000"
fi

echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

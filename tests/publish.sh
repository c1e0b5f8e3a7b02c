#!/usr/bin/env bash
# End-to-end test of the publishing workflow: git push -> hooks -> nginx.
#
#   tests/publish.sh      (TRAPPA=path overrides generator/trappa; NGINX=path, nginx)
#
# A bare repository with generator/hooks/ as its hooks (core.hooksPath) and
# generator/trappa as its trappa (trappa.binary), a web root served by
# Debian's nginx on 127.0.0.1 on a free port through generator/nginx/trappa.conf
# (only its listen lines and paths changed), and a work clone that pushes:
#   - a good commit to main: published, served with the right headers; its
#     warnings shown in the push output;
#   - a broken commit: refused with file:line:col in the push output, site unchanged;
#   - a branch: a preview under /forhandsgranskning/<name>/, noindex, its
#     links under that path, untouched by the next publication of main;
#   - branch names that cannot be previews: refused;
#   - deleting the branch: the preview is gone;
#   - post-receive --rebuild (the nightly timer): rebuilds, removes orphans.
# Everything lives in one temporary folder; nginx is stopped on any exit.
# The last line is "publish: N passed, M failed"; non-zero exit on failure.
# shellcheck disable=SC2016,SC2317  # check's eval strings; functions used through check
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root" || exit 2

suite=publish
# shellcheck source=tests/checks.sh
. "$here/checks.sh"
fail_setup() {
	fail "$*"
	finish
}

trappa=${TRAPPA:-$root/generator/trappa}
case $trappa in /*) ;; *) trappa=$root/$trappa ;; esac
if [ ! -x "$trappa" ] && [ -z "${TRAPPA:-}" ]; then
	make generator/trappa >/dev/null || fail_setup "make generator/trappa failed"
fi
[ -x "$trappa" ] || fail_setup "no executable trappa at $trappa"
if [ -z "${NGINX:-}" ]; then
	NGINX=$(PATH=$PATH:/usr/sbin:/usr/local/sbin:/sbin command -v nginx) ||
		fail_setup "nginx is missing (Debian: apt-get install nginx)"
fi
for tool in git curl flock; do
	command -v $tool >/dev/null || fail_setup "$tool is missing (Debian: apt-get install git curl util-linux)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/trappa-publish.XXXXXX") || exit 2
# nginx's workers run as nobody when the test runs as root: they need to
# read the web root, as www-data will on a server.
chmod 755 "$work"
ngx=$work/nginx
# shellcheck disable=SC2317  # called by the trap below
cleanup() {
	local pid
	if [ -f "$ngx/nginx.pid" ]; then
		pid=$(cat "$ngx/nginx.pid" 2>/dev/null)
		# Only the nginx running on this test's nginx.conf.
		if [ -n "$pid" ] && grep -qaF "$ngx/nginx.conf" "/proc/$pid/cmdline" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
		fi
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Git and trappa as on a server, unaffected by this machine's settings; the
# date is fixed (SOURCE_DATE_EPOCH reaches the hooks through git push).
export HOME=$work GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C.UTF-8
unset GIT_DIR GIT_WORK_TREE TRAPPA_LANG
export GIT_AUTHOR_NAME="Kommunikatör" GIT_AUTHOR_EMAIL=komm@salvik.example
export GIT_COMMITTER_NAME="Kommunikatör" GIT_COMMITTER_EMAIL=komm@salvik.example
SOURCE_DATE_EPOCH=$(date -u -d '2026-11-22 12:00' +%s)
export SOURCE_DATE_EPOCH

www=$work/www
bare=$work/dialog.git
clone=$work/clone
mkdir -p "$www" "$ngx"

# ---- nginx on 127.0.0.1 with the shipped server block --------------------------
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
write_nginx_conf() {
	sed -e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$1;|" \
		-e '/listen \[::\]:80;/d' \
		-e "s|/var/www/trappa|$www|g" \
		generator/nginx/trappa.conf >"$ngx/trappa.conf"
	cat >"$ngx/nginx.conf" <<-EOF
		# Written by tests/publish.sh for one run.
		pid $ngx/nginx.pid;
		error_log $ngx/error.log warn;
		events { worker_connections 64; }
		http {
			include /etc/nginx/mime.types;
			default_type application/octet-stream;
			access_log $ngx/access.log;
			client_body_temp_path $ngx/client_body;
			proxy_temp_path $ngx/proxy;
			fastcgi_temp_path $ngx/fastcgi;
			uwsgi_temp_path $ngx/uwsgi;
			scgi_temp_path $ngx/scgi;
			include $ngx/trappa.conf;
		}
	EOF
}
started=0
for _ in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	port_is_free "$port" || continue
	write_nginx_conf "$port"
	if "$NGINX" -e "$ngx/error.log" -p "$ngx" -c "$ngx/nginx.conf" 2>"$ngx/start.err"; then
		started=1
		break
	fi
done
[ "$started" = 1 ] || fail_setup "nginx did not start: $(cat "$ngx/start.err" "$ngx/error.log" 2>/dev/null)"
base=http://127.0.0.1:$port
for _ in $(seq 1 50); do
	curl -s -o /dev/null "$base/" && break
	sleep 0.1
done
ok "nginx serves the shipped server block on 127.0.0.1:$port"

# get PATH [curl options]: the status in $code, headers in $work/h, body in $work/b.
get() {
	local path=$1
	shift
	code=$(curl -sS -o "$work/b" -D "$work/h" -w '%{http_code}' "$@" "$base$path") || code=000
}
# header NAME: its value in the last response (without the CR).
header() { sed -n "s/^$1: *//Ip" "$work/h" | tr -d '\r' | head -n 1; }
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
tree_sum() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) 2>/dev/null | sha256sum; }

# ---- the server's bare repository, with the hooks ----------------------------------
git init -q --bare -b main "$bare"
git -C "$bare" config core.hooksPath "$root/generator/hooks"
git -C "$bare" config trappa.binary "$trappa"
git -C "$bare" config trappa.webroot "$www"
git -C "$bare" config trappa.baseurl "$base/"

git clone -q "$bare" "$clone" 2>/dev/null
cp -R content "$clone/"
git -C "$clone" add -A
git -C "$clone" commit -q -m "Första versionen"
push() { # push ARGS...: the output in $work/push, the status in $rc
	rc=0
	git -C "$clone" push origin "$@" >"$work/push" 2>&1 || rc=$?
}
show_push() { sed 's/^/    | /' "$work/push"; }

# ---- 1. a good commit to main is published ------------------------------------------
push main
check "good push to main accepted" [ "$rc" -eq 0 ]
check "push output says where it was published" has "$work/push" "Publicerat: grenen \"main\""
check "push output names the address" has "$work/push" "$base/"
check "warnings are shown to the pusher" has "$work/push" "Trappa: Varningar i grenen \"main\""
check "the warning has its file:line:col" grep -qE 'content/dialoger/[a-z0-9-]+\.md:[0-9]+:[0-9]+: warning: ' "$work/push"
[ "$rc" -eq 0 ] || show_push
check "the web root holds site/ with trappa's marker" [ -f "$www/site/.trappa-site" ]

get /
check "GET / is 200" [ "$code" = 200 ]
check "GET / is the site's start page" has "$work/b" "Dialoger i Sälviks kommun"
check "start page: text/html; charset=utf-8" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
check "start page: Cache-Control no-cache" [ "$(header Cache-Control)" = "no-cache" ]
csp=$(header Content-Security-Policy)
check "Content-Security-Policy default-src 'self'" [ "${csp#default-src \'self\';}" != "$csp" ]
check "Content-Security-Policy frame-ancestors 'none'" has <(echo "$csp") "frame-ancestors 'none'"
check "X-Content-Type-Options: nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]
check "Referrer-Policy present" [ -n "$(header Referrer-Policy)" ]
check "Permissions-Policy present" [ -n "$(header Permissions-Policy)" ]
check "no X-Robots-Tag on the public site" [ -z "$(header X-Robots-Tag)" ]
check "canonical address from trappa.baseurl" has "$work/b" "<link rel=\"canonical\" href=\"$base/\">"
cp "$work/b" "$work/index.before"
dialogue=$(grep -o 'href="/dialoger/[a-z0-9-]*/"' "$work/index.before" | head -n 1 | sed 's/^href="//; s/"$//')
css=$(grep -o 'href="/assets/style\.[0-9a-f]*\.css"' "$work/index.before" | head -n 1 | sed 's/^href="//; s/"$//')

get "${dialogue:-/dialoger/saknas/}"
check "a dialogue page ($dialogue) is 200" [ "$code" = 200 ]
get /dialoger
check "/dialoger redirects to /dialoger/ (clean URLs)" eval '[ "$code" = 301 ] && [ "$(header Location)" = /dialoger/ ]'
get /finns-inte/
check "a missing page is 404" [ "$code" = 404 ]
check "... with the site's 404 page" has "$work/b" "Dialoger i Sälviks kommun"
check "... and the security headers" [ "$(header X-Content-Type-Options)" = nosniff ]
get "${css:-/assets/saknas.css}"
check "the hashed stylesheet ($css) is 200, text/css" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "text/css; charset=utf-8" ]'
check "... cached for a year, immutable" [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
get / -H 'Accept-Encoding: gzip'
check "gzip: Content-Encoding gzip, Vary Accept-Encoding" eval '[ "$(header Content-Encoding)" = gzip ] && [ "$(header Vary)" = Accept-Encoding ]'
get /kalender.ics
check "/kalender.ics is text/calendar" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "text/calendar; charset=utf-8" ]'
get /data/dialoger.csv
check "/data/dialoger.csv is text/csv" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "text/csv; charset=utf-8" ]'
get /feed.xml
check "/feed.xml is 200, application/atom+xml" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "application/atom+xml; charset=utf-8" ]'
get /dialoger/cykelplan/feed.xml
check "a dialogue's feed is 200, application/atom+xml" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "application/atom+xml; charset=utf-8" ]'
get /sitemap.xml
check "/sitemap.xml stays XML" eval '[ "$code" = 200 ] && [ "$(header Content-Type)" = "text/xml; charset=utf-8" ]'
# the feeds' category schemes name pages that answer
for scheme in $(curl -sS "$base/feed.xml" | grep -o 'scheme="[^"]*"' | sed 's/^scheme="https\?:\/\/[^/]*//; s/#.*//; s/"$//' | sort -u); do
	get "$scheme"
	check "the category scheme $scheme is 200" [ "$code" = 200 ]
done
get /.trappa-site
check "the marker file is not served" [ "$code" = 404 ]

# ---- 1b. push to live: a one-dialogue change is online within a second ----------------
# Issue 18's figure that staff feel: from `git push` until the changed page is
# served. Three pushes, each appending a paragraph to one dialogue; the time
# runs from the push until nginx serves the new text. The median must stay
# under one second (the hooks check the commit, then the update publishes it).
live_ms=""
for i in 1 2 3; do
	f="$clone/content/dialoger/cykelplan.md"
	printf '\nTillägg nummer %s från tidtagningen.\n' "$i" >>"$f"
	git -C "$clone" commit -q -am "Cykelplanen: tillägg $i"
	t0=$(date +%s%N)
	push main
	t1=$t0
	for _ in $(seq 1 100); do
		curl -sS -o "$work/live" "$base/dialoger/cykelplan/" 2>/dev/null
		t1=$(date +%s%N)
		if grep -q "Tillägg nummer $i från tidtagningen" "$work/live"; then break; fi
		sleep 0.05
	done
	if [ "$rc" -eq 0 ] && grep -q "Tillägg nummer $i från tidtagningen" "$work/live"; then
		live_ms="$live_ms $(((t1 - t0) / 1000000))"
	else
		live_ms="$live_ms 99999"; show_push
	fi
done
median=$(printf '%s\n' $live_ms | sort -n | sed -n 2p)
echo "publish: push to live, one dialogue changed:$(printf ' %s ms' $live_ms); median $median ms"
check "push to live under one second (median of 3: $median ms)" [ "$median" -lt 1000 ]

# ---- 2. a broken commit is refused, the site unchanged ----------------------------------
before_ref=$(git -C "$bare" rev-parse main)
before_sum=$(tree_sum "$www/site")
line=$(grep -n '^level:' "$clone/content/dialoger/cykelplan.md" | head -n 1 | cut -d: -f1)
sed -i 's/^level: konsultation$/level: konsultaton/' "$clone/content/dialoger/cykelplan.md"
git -C "$clone" commit -q -am "Cykelplanen: ny nivå"
push main
check "broken push refused" [ "$rc" -ne 0 ]
check "... by the pre-receive hook" has "$work/push" "(pre-receive hook declined)"
check "... with file:line:col and the message in Swedish"  grep -qE "content/dialoger/cykelplan\.md:$line:8: error: okänt steg \"konsultaton\"; menade du \"konsultation\"\?" "$work/push"
check "... with what to do" has "$work/push" "Så här rättar du:"
check "... and that nothing changed" has "$work/push" "Ingenting har ändrats"
if [ "$rc" -eq 0 ] || ! has "$work/push" "cykelplan.md:$line:8"; then show_push; fi
check "the branch did not move" [ "$(git -C "$bare" rev-parse main)" = "$before_ref" ]
check "the published files did not change" [ "$(tree_sum "$www/site")" = "$before_sum" ]
get /
check "the served start page did not change" cmp -s "$work/b" "$work/index.before"
push HEAD:refs/heads/trasig
check "a broken branch is refused too" eval '[ "$rc" -ne 0 ] && has "$work/push" "cykelplan.md:$line:8: error:"'
check "... and gets no preview" [ ! -e "$www/forhandsgranskning/trasig" ]
git -C "$clone" reset -q --hard HEAD~1

# ---- 3. a branch gets a preview -----------------------------------------------------------
branch='förslag/Ny-Badplats'
name=forslag-ny-badplats
pv=/forhandsgranskning/$name
git -C "$clone" checkout -q -b "$branch"
# A finished dialogue: trappa new's file is a draft, which no build shows.
cat >"$clone/content/dialoger/badplats-norrstaden.md" <<'EOF_DIALOGUE'
---
title: Ny badplats i Norrstaden
summary: Var ska den nya badplatsen ligga?
level: konsultation
level_reason: Beslutet att bygga är fattat, men inte var.
influence: Platsen och utformningen.
purpose: Ett underlag inför beslutet.
responsible: KFN
contact: { name: Anna Andersson, email: anna@salvik.example }
---
Kommunen ska bygga en ny badplats.

## Så deltar du

Svara på enkäten.
EOF_DIALOGUE
git -C "$clone" add -A
git -C "$clone" commit -q -m "Ny dialog: Ny badplats"
push "$branch"
check "push of a branch accepted" [ "$rc" -eq 0 ]
check "push output gives the preview's address" has "$work/push" "$base$pv/"
[ "$rc" -eq 0 ] || show_push
get "$pv/"
check "the preview is 200" [ "$code" = 200 ]
check "the preview is X-Robots-Tag: noindex" [ "$(header X-Robots-Tag)" = "noindex, nofollow" ]
check "the preview shows the branch's new dialogue" has "$work/b" "Ny badplats i Norrstaden"
check "the preview's links stay in the preview" has "$work/b" "href=\"$pv/dialoger/\""
check "... and none leads to the public site" lacks "$work/b" 'href="/dialoger/'
check "the preview's canonical address is the preview" has "$work/b" "<link rel=\"canonical\" href=\"$base$pv/\">"
pcss=$(grep -o "href=\"$pv/assets/style\.[0-9a-f]*\.css\"" "$work/b" | head -n 1 | sed 's/^href="//; s/"$//')
get "$pv/dialoger/badplats-norrstaden/"
check "the new dialogue's page in the preview is 200, noindex" eval '[ "$code" = 200 ] && [ "$(header X-Robots-Tag)" = "noindex, nofollow" ]'
get "${pcss:-$pv/assets/saknas.css}"
check "the preview's stylesheet is 200" [ "$code" = 200 ]
get "$pv/finns-inte/"
check "a missing preview page is 404 with the preview's 404 page" eval '[ "$code" = 404 ] && has "$work/b" "href=\"$pv/"'
check "... noindex" [ "$(header X-Robots-Tag)" = "noindex, nofollow" ]
get "$pv"
check "$pv redirects to $pv/" eval '[ "$code" = 301 ] && [ "$(header Location)" = "$pv/" ]'
get /dialoger/badplats-norrstaden/
check "the public site does not have the branch's dialogue" [ "$code" = 404 ]
get "/forhandsgranskning/$name.lock"
check "trappa's lock beside the preview is not served" eval '[ "$code" = 404 ] && [ -e "$www/forhandsgranskning/$name.lock" ]'
get "/forhandsgranskning/$name.cache/"
check "trappa's cache beside the preview is not served" [ "$code" = 404 ]
get /forhandsgranskning/
check "the list of previews is not served" [ "$code" = 404 ]
for path in "$pv/..%2F..%2Fsite.lock" "$pv/..%2F$name.lock" "/forhandsgranskning/..%2Fsite.lock" "/forhandsgranskning/%2E%2E/site.lock"; do
	get "$path" --path-as-is
	check "nothing outside the sites is served: $path ($code)" eval '[ "$code" = 404 ] || [ "$code" = 400 ]'
done

# Publishing main again leaves the preview alone.
git -C "$clone" checkout -q main
sed -i 's/^title: Dialoger i Sälviks kommun$/title: Medborgardialoger i Sälviks kommun/' "$clone/content/site.yaml"
git -C "$clone" commit -q -am "Ny rubrik på webbplatsen"
push main
get /
check "a new push to main is published" eval '[ "$rc" -eq 0 ] && has "$work/b" "Medborgardialoger i Sälviks kommun"'
get "$pv/"
check "... and the preview is still there, unchanged" eval '[ "$code" = 200 ] && ! has "$work/b" "Medborgardialoger"'

# Branch names that cannot be previews.
push "$branch:refs/heads/forslag-ny-badplats"
check "a branch with the same preview address is refused" eval '[ "$rc" -ne 0 ] && has "$work/push" "samma förhandsgranskningsadress"'
push "main:refs/heads/_"
check "a branch name without letters or digits is refused" eval '[ "$rc" -ne 0 ] && has "$work/push" "inga bokstäver eller siffror"'

# ---- 4. deleting the branch removes its preview --------------------------------------------
push --delete "$branch"
check "deleting the branch accepted" eval '[ "$rc" -eq 0 ] && has "$work/push" "borttagen"'
[ "$rc" -eq 0 ] || show_push
get "$pv/"
check "the preview is gone (404)" [ "$code" = 404 ]
check "... with its folder, cache and lock" eval '[ ! -e "$www/forhandsgranskning/$name" ] && [ ! -e "$www/forhandsgranskning/$name.lock" ] && [ ! -e "$www/forhandsgranskning/$name.cache" ]'
get /
check "the public site is still served" [ "$code" = 200 ]
push :main
check "the publishing branch cannot be deleted" eval '[ "$rc" -ne 0 ] && [ -f "$www/site/index.html" ]'

# ---- 5. the nightly rebuild ---------------------------------------------------------------
push main:refs/heads/utkast
cp -R "$www/site" "$www/forhandsgranskning/gammal" # a preview whose branch is gone
mkdir "$www/forhandsgranskning/annat" && echo behåll >"$www/forhandsgranskning/annat/fil.txt"
rc=0
"$root/generator/hooks/post-receive" --rebuild "$bare" >"$work/push" 2>&1 || rc=$?
check "post-receive --rebuild succeeds" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || show_push
check "... removes the orphaned preview" [ ! -e "$www/forhandsgranskning/gammal" ]
check "... leaves a folder trappa did not write alone" [ -f "$www/forhandsgranskning/annat/fil.txt" ]
get /forhandsgranskning/utkast/
check "... keeps the existing branch's preview" [ "$code" = 200 ]
get /
check "... and the site" eval '[ "$code" = 200 ] && has "$work/b" "Medborgardialoger i Sälviks kommun"'
check "no staging folders left in the web root" [ -z "$(find "$www" -maxdepth 2 -name '*.staging-*')" ]

finish

#!/usr/bin/env bash
# The README's staff guide ("Så redigerar du dialoger"), word by word, as on a
# fresh computer; make install on a fresh clone; the front matter's schema.
#
#   tests/docs.sh
#
# No containers here (CI has no docker): "fresh" is a fresh clone of this
# repository's HEAD (uncommitted changes are not tested), an empty HOME, git
# without system or global settings, and trappa from that clone's
# `make install DESTDIR=...` on PATH. The server is a bare repository with the
# installed hooks (no nginx: tests/publish.sh serves one); the guide's server
# address trappa@dialog.kommun.se:dialog.git is mapped to it by git's
# url.<base>.insteadOf, so the guide's commands run unchanged. Every ```sh
# block between the "personalguide" markers runs, in order, in one shell,
# except a block after a "docs.sh: körs inte" comment.
# The last line is "docs: N passed, M failed"; non-zero exit on failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

suite=docs
# shellcheck source=tests/checks.sh
. "$here/checks.sh"
has() { grep -qF -- "$2" "$1"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/trappa-docs.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

unset GIT_DIR GIT_WORK_TREE TRAPPA_LANG GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL
# "Today" while the guide's example dialogue runs, so that its statuses and
# warnings do not change with the calendar (it reaches the hooks through git push).
SOURCE_DATE_EPOCH=$(date -u -d '2026-05-20 12:00' +%s)
export SOURCE_DATE_EPOCH
export LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$work/it.gitconfig

# ---- make install, in a fresh clone ------------------------------------------------
src=$work/trappa
dest=$work/root
git -c safe.directory="$root" clone -q --no-hardlinks "$root" "$src" || { fail "clone"; finish; }
if make -C "$src" -j2 install DESTDIR="$dest" >"$work/install.log" 2>&1; then
	ok "make install DESTDIR=... in a fresh clone"
else
	fail "make install DESTDIR=... in a fresh clone"
	tail -n 30 "$work/install.log"
	finish
fi
prefix=$dest/usr/local
for f in bin/trappa share/man/man1/trappa.1 share/trappa/themes/default/templates/dialogue.mustache \
	share/trappa/hooks/pre-receive share/trappa/hooks/post-receive share/trappa/nginx/trappa.conf \
	share/trappa/trappa.schema.json share/doc/trappa/sa-redigerar-du-dialoger.md \
	lib/systemd/system/trappa-rebuild.timer; do
	check "installed: $f" [ -s "$prefix/$f" ]
done
guide=$prefix/share/doc/trappa/sa-redigerar-du-dialoger.md
check "the installed guide is the README's staff guide" eval \
	'has "$guide" "**För kommunikatörer.**" && ! has "$guide" "personalguide" && ! has "$guide" "## Publicera på en server"'
check "the installed schema is trappa schema's" cmp -s "$prefix/share/trappa/trappa.schema.json" \
	<("$prefix/bin/trappa" schema)

# ---- the schema agrees with trappa check --------------------------------------------
if python3 "$root/tests/schema.py" "$prefix/share/trappa/trappa.schema.json" >"$work/schema.log" 2>&1; then
	ok "$(tail -n 1 "$work/schema.log")"
else
	cat "$work/schema.log"
	fail "tests/schema.py"
fi

# ---- the server, set up by IT (README: Publicera på en server, steps 3 and 7) --------------
bare=$work/srv/dialog.git
www=$work/www
git init -q --bare --initial-branch=main "$bare"
git -C "$bare" config core.hooksPath "$prefix/share/trappa/hooks"
git -C "$bare" config trappa.webroot "$www"
git -C "$bare" config trappa.baseurl https://dialog.kommun.se/
seed=$work/seed
mkdir -p "$seed"
cp -R "$src/content" "$seed/"
(
	cd "$seed" && git init -q --initial-branch=main &&
		git -c user.name=IT -c user.email=it@kommun.se add -A &&
		git -c user.name=IT -c user.email=it@kommun.se commit -q -m "Innehåll" &&
		export PATH="$prefix/bin:$PATH" &&
		cp "$prefix/share/doc/trappa/sa-redigerar-du-dialoger.md" README.md &&
		trappa schema >trappa.schema.json &&
		git add README.md trappa.schema.json &&
		git -c user.name=IT -c user.email=it@kommun.se commit -q -m "Guide och fältschema för redaktörerna" &&
		git remote add server "$bare" &&
		git push -q server main
) >"$work/seed.log" 2>&1
check "IT's first push is published" eval '[ -f "$www/site/index.html" ] || { cat "$work/seed.log"; false; }'

# ---- the staff guide, word by word -------------------------------------------------------------
awk '
	/^<!-- personalguide: början -->$/ { on = 1; next }
	/^<!-- personalguide: slut -->$/ { on = 0 }
	!on { next }
	/^<!-- docs.sh: körs inte/ { skip = 1; next }
	/^ *```sh$/ { inblock = 1; if (!skip) print "# ---- block " ++n; next }
	/^ *```$/ { if (inblock) { inblock = 0; skip = 0 } next }
	inblock && !skip { sub(/^   /, ""); print }
' "$root/README.md" >"$work/guide.sh"
check "the guide has shell blocks to run" [ "$(grep -c '^# ---- block' "$work/guide.sh")" -ge 10 ]
for cmd in "trappa new" "trappa check --worktree" "git clone" "ssh-keygen" "git push -u origin" "git merge"; do
	check "the guide's blocks include $cmd" has "$work/guide.sh" "$cmd"
done

home=$work/home
mkdir -p "$home"
# The guide's server address leads to the bare repository; nothing else is set up.
printf '[url "%s"]\n\tinsteadOf = trappa@dialog.kommun.se:dialog.git\n' "$bare" >"$work/system.gitconfig"
rc=0
(
	export HOME=$home GIT_CONFIG_SYSTEM=$work/system.gitconfig PATH="$prefix/bin:$PATH"
	unset GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
	cd "$home" || exit 2
	# Enter for ssh-keygen's passphrase questions (it reads them from stdin without a terminal).
	printf '\n\n\n\n' | bash -e -x "$work/guide.sh"
) >"$work/guide.log" 2>&1 || rc=$?
check "every command of the staff guide succeeds" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -n 40 "$work/guide.log"
check "ssh-keygen made a key pair" eval '[ -s "$home/.ssh/id_ed25519" ] && grep -q "^ssh-ed25519 " "$home/.ssh/id_ed25519.pub"'
check "the clone has the guide as README.md" cmp -s "$home/dialog/README.md" "$guide"
check "the clone has the schema" [ -s "$home/dialog/trappa.schema.json" ]
# What trappa check --worktree printed: nothing, when the guide's example is right.
sed -n '/^+ trappa check --worktree$/,/^+ /p' "$work/guide.log" | sed '1d;$d' >"$work/check.out"
check "the guide's trappa check --worktree says nothing about the new dialogue" eval \
	'! grep -q "ny-badplats" "$work/check.out" && ! grep -q ": error: " "$work/check.out"'
sed 's/^/    | /' "$work/check.out"
check "the push of the branch printed its preview address" has "$work/guide.log" \
	"https://dialog.kommun.se/forhandsgranskning/ny-badplats/"
check "the push of main says it was published" has "$work/guide.log" 'Trappa: Publicerat: grenen "main"'
check "the new dialogue is published" has "$www/site/dialoger/ny-badplats/index.html" "Ny badplats i Norrstaden"
check "... with the guide's summary" has "$www/site/dialoger/ny-badplats/index.html" \
	"Var ska den nya badplatsen ligga och vad ska den ha?"
check "deleting the branch removed its preview" eval \
	'has "$work/guide.log" "är borttagen och dess förhandsgranskning likaså" && [ ! -e "$www/forhandsgranskning/ny-badplats" ]'
check "the commit is the staff member's" eval \
	'[ "$(git -C "$bare" log -1 --format=%an main -- content/dialoger/ny-badplats.md)" = "Förnamn Efternamn" ]'

# ---- a refused push prints help that points to something staff have -----------------------
rc=0
(
	export HOME=$home GIT_CONFIG_SYSTEM=$work/system.gitconfig PATH="$prefix/bin:$PATH"
	unset GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
	cd "$home/dialog" &&
		sed -i 's/^level: .*/level: konsultaton/' content/dialoger/ny-badplats.md &&
		git commit -q -am "Fel nivå" && git push
) >"$work/refused.log" 2>&1 || rc=$?
check "a broken push is refused" [ "$rc" -ne 0 ]
check "... with file:line:col" grep -qE 'content/dialoger/ny-badplats\.md:[0-9]+:[0-9]+: error: ' "$work/refused.log"
check "... and help that names the content repository's README.md" has "$work/refused.log" \
	"README.md i innehållsarkivet"
check "... and never the Trappa source tree" eval '! grep -qE "Adding a dialogue|generator/" "$work/refused.log"'

# ---- every message the hooks print is in the guide's table -----------------------------------------
# A message's literal pieces (between its variables) must appear, in order,
# on one line of the guide. Only the nightly rebuild's own message is left out.
missing=$(sed -n 's/^[[:space:]]*\(remove_preview "$name" && \)\{0,1\}say "\(Trappa: .*\)"\( >&2\)\{0,1\}$/\2/p' \
	"$root/generator/hooks/pre-receive" "$root/generator/hooks/post-receive" |
	grep -v 'tog bort förhandsgranskningen' |
	python3 -c '
import re, sys
guide = open(sys.argv[1], encoding="utf-8").read().splitlines()
for msg in sys.stdin.read().splitlines():
    msg = msg.replace("\\\"", "\"")
    pieces = [p.strip() for p in re.split(r"\$\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z0-9_]+", msg)]
    pieces = [p for p in pieces if len(p) >= 2]
    def found(line):
        at = 0
        for p in pieces:
            at = line.find(p, at)
            if at < 0:
                return False
            at += len(p)
        return True
    if not any(found(line) for line in guide):
        print(msg)
' "$guide")
check "every push message of the hooks is explained in the guide${missing:+ (missing: $missing)}" [ -z "$missing" ]
check "the hooks print some messages at all" [ "$(grep -c 'say "Trappa: ' "$root/generator/hooks/pre-receive")" -ge 5 ]

finish

#!/usr/bin/env bash
# Crash consistency and durability of publishing (output.c), with strace.
#
# 1. Kills: a build is killed (strace's fault injection sends SIGKILL) at
#    its n-th call of a syscall that changes the file system, for every n of
#    rename, renameat2 and syncfs, and for link, fsync, unlink and rmdir at every
#    point (CRASH_LONG=1) or a spread of them (the default, for make check).
#    Each is done for a small update, a full build (--full), the swap's
#    fallback for file systems without RENAME_EXCHANGE, and an update that
#    starts from the spare site (the site published before, kept beside). After every kill the
#    published folder must be the whole old site or the whole new one, and
#    the next build must publish the new site and leave no leftovers.
# 2. Errors: the same points fail with EIO instead; the build must exit
#    non-zero, say the published site is untouched, and leave the old site.
# 3. Order: an strace log of an update and of a full build shows every
#    file written and every folder of the staging tree synced before the
#    rename that publishes them (one syncfs, or where the kernel has none
#    an fsync of each), and the parent folder fsynced after it.
#
# A power cut cannot be simulated here: it needs a block device that drops
# unsynced writes (dm-flakey, dm-log-writes), and this machine's kernel has
# no device-mapper. The order test checks what such a device would rely on.
set -uo pipefail
cd "$(dirname "$0")/.."

root=$PWD
trappa=${TRAPPA:-generator/trappa}
case $trappa in /*) ;; *) trappa=$root/$trappa ;; esac
long=${CRASH_LONG:-0}
work=$(mktemp -d)
trap 'umount "$work/disk" 2>/dev/null; rm -rf "$work"' EXIT
export TRAPPA_LANG=sv
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

if ! command -v strace >/dev/null; then
	echo "crash: strace is missing (apt-get install strace)" >&2
	exit 1
fi

passed=0 failed=0 kills=0
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
commit "A" 2026-01-01T12:00:00Z
# B: one dialogue changes and one goes (a small update that also removes).
printf '\nEtt nytt stycke.\n' >>"$repo/content/dialoger/nytt-resecentrum/index.md"
git -C "$repo" rm -q content/dialoger/stadsparken.md
commit "B" 2026-02-01T12:00:00Z

out=$work/public
# build REF OUT [ARGS...] (under $wrap): exit status in $rc.
wrap=() kind_inject=()
build() {
	local ref=$1 dir=$2
	shift 2
	rc=0
	"${wrap[@]}" "$trappa" build --repo "$repo" --ref "$ref" --out "$dir" --today 2026-11-22 \
		--quiet "$@" >/dev/null 2>"$work/err" || rc=$?
}

build main~1 "$work/ref-A"
build main "$work/ref-B"
[ -f "$work/ref-A/index.html" ] && [ -f "$work/ref-B/index.html" ] || { echo "crash: setup failed"; cat "$work/err"; exit 1; }
build main~1 "$work/snap"
# The same site A published by an update from B: the site before it, B,
# waits beside it as the spare (output.c, SPARE_SUFFIX), and the next
# update to B starts from that spare.
build main~1 "$work/snap-spare"
build main "$work/snap-spare"
build main~1 "$work/snap-spare"
[ -d "$work/snap-spare.spare" ] || { echo "crash: setup failed: no spare site after an update"; exit 1; }
snap=snap

# The published folder as the web server sees it: the marker differs only
# by the cache's manifest id, which both references share.
same() { diff -r "$1" "$2" >/dev/null 2>&1; }
restore() {
	rm -rf "$out" "$out".cache "$out".lock "$out".staging-* "$out".previous-* "$out".spare
	cp -a "$work/$snap" "$out"
	cp -a "$work/$snap.cache" "$out.cache"
	if [ -d "$work/$snap.spare" ]; then cp -a "$work/$snap.spare" "$out.spare"; fi
}
leftovers() {
	ls -d "$out".staging-* "$out".previous-* "$out".cache/*.tmp-* "$out".cache/manifest.new \
		"$out"/.trappa-site.tmp-* 2>/dev/null
}

# calls SYSCALL ARGS...: how often an undisturbed build calls it.
calls() {
	local sc=$1
	shift
	restore
	strace -f -qq -o "$work/count" -e trace="$sc" "${kind_inject[@]}" "$trappa" build --repo "$repo" --ref main \
		--out "$out" --today 2026-11-22 --quiet "$@" >/dev/null 2>&1
	grep -c " $sc(" "$work/count"
}

# points N: the kill points tried for N calls: every one with CRASH_LONG=1,
# else the first two, the last two and two between.
points() {
	local n=$1
	if [ "$long" = 1 ] || [ "$n" -le 6 ]; then
		seq 1 "$n"
	else
		printf '%s\n' 1 2 $((n / 3)) $((2 * n / 3)) $((n - 1)) "$n" | sort -nu
	fi
}

# trial KIND SYSCALL N ACTION [ARGS...]: one disturbed build, then checks.
trial() {
	local kind=$1 sc=$2 n=$3 action=$4
	shift 4
	local inject=(-e "inject=$sc:$action:when=$n" "${kind_inject[@]}")
	restore
	rc=0
	# In a subshell that outlives strace (which dies of its tracee's
	# SIGKILL), so the shell's "Killed" note goes to /dev/null.
	(strace -f -qq -o /dev/null "${inject[@]}" "$trappa" build --repo "$repo" --ref main \
		--out "$out" --today 2026-11-22 --quiet "$@" >/dev/null 2>"$work/err"; exit $?) 2>/dev/null || rc=$?
	kills=$((kills + 1))
	if same "$out" "$work/ref-A" || same "$out" "$work/ref-B"; then ok
	# The fallback's one window: killed between its two renames, the old
	# site waits whole at <out>.previous-<pid> and the next build puts it back.
	elif [ "$kind" = fallback ] && [ ! -e "$out" ] && same "$(ls -d "$out".previous-* | head -1)" "$work/ref-A"; then ok
	else fail "$kind: $action at $sc #$n left a mix of old and new (rc $rc)"; diff -rq "$out" "$work/ref-B" | head -5; fi
	if [ "$action" != signal=SIGKILL ] && [ "$rc" -ne 0 ]; then
		if same "$out" "$work/ref-A" && grep -q 'den publicerade webbplatsen är orörd' "$work/err"; then ok
		else fail "$kind: $action at $sc #$n: failed (rc $rc) but the site changed or no word said"; cat "$work/err"; fi
	fi
	# The next build, undisturbed, publishes B whole and cleans up.
	build main "$out" "$@"
	if [ "$rc" -eq 0 ] && same "$out" "$work/ref-B" && [ -z "$(leftovers)" ]; then ok
	else fail "$kind: after $action at $sc #$n the next build did not recover (rc $rc): $(leftovers)"; cat "$work/err"; fi
}

for kind in update full fallback spare; do
	args=() kind_inject=() snap=snap
	[ "$kind" = full ] && args=(--full)
	[ "$kind" = spare ] && snap=snap-spare
	# A file system without RENAME_EXCHANGE answers EINVAL.
	[ "$kind" = fallback ] && kind_inject=(-e inject=renameat2:error=EINVAL)
	for sc in rename renameat2 link fsync syncfs unlink rmdir; do
		if [ "$kind" = fallback ] && [ "$sc" = renameat2 ]; then continue; fi
		# The fallback differs from the update only in its renames.
		if [ "$kind" = fallback ] && [ "$long" != 1 ] && [ "$sc" != rename ]; then continue; fi
		n=$(calls "$sc" "${args[@]}")
		[ "$n" -gt 0 ] || continue
		# Every rename is a kill point; the other calls a spread of them.
		case $sc in rename | renameat2 | syncfs) kill_at=$(seq 1 "$n") ;; *) kill_at=$(points "$n") ;; esac
		for i in $kill_at; do
			trial "$kind" "$sc" "$i" signal=SIGKILL "${args[@]}"
		done
		# And the same calls failing with EIO: every rename, one of each other.
		case $sc in rename | renameat2 | syncfs) err_at=$kill_at ;; *) err_at=$(points "$n" | sed -n 3p) ;; esac
		[ "$long" = 1 ] && err_at=$kill_at
		for i in $err_at; do
			trial "$kind" "$sc" "$i" error=EIO "${args[@]}"
		done
	done
done

# ---- a full disk: one line for the cause, and the old site stays -----------
# A small tmpfs (root only) holds site A; the rest of it is filled, then a
# full build of B runs out of space.
disk=$work/disk
mkdir -p "$disk"
if mount -t tmpfs -o size=8m tmpfs "$disk" 2>/dev/null; then
	build main~1 "$disk/site"
	dd if=/dev/zero of="$disk/fill" bs=64k 2>/dev/null
	build main "$disk/site" --full
	# One error line for the cause (a warning that the history cache could
	# not be saved may come too: that is another consequence, not an error).
	if [ "$rc" -eq 3 ] && [ "$(grep -c 'error: .*No space left on device' "$work/err")" -eq 1 ] &&
		grep -q 'inget publicerades; den publicerade webbplatsen är orörd' "$work/err" &&
		same "$disk/site" "$work/ref-A"; then ok
	else fail "full disk: rc $rc, expected exit 3, one error line for the cause and the old site"; cat "$work/err"; fi
	umount "$disk"
else
	echo "crash: full disk skipped (mounting a tmpfs needs root)"
fi

# ---- order: fsync before the publishing rename ----------------------------
order() { # order NAME [STRACE-OPTION] -- [BUILD-ARGS...]
	local name=$1 extra=()
	shift
	while [ "$1" != -- ]; do extra+=("$1"); shift; done
	shift
	restore
	strace -f -qq -y -o "$work/trace" -e trace=openat,fsync,syncfs,rename,renameat2,link,mkdir \
		"${extra[@]}" "$trappa" build --repo "$repo" --ref main --out "$out" --today 2026-11-22 \
		--quiet "$@" >/dev/null 2>&1
	if python3 tests/crash_order.py "$work/trace" "$out"; then ok; else fail "order ($name)"; fi
	if same "$out" "$work/ref-B"; then ok; else fail "order ($name): not the new site"; fi
}
snap=snap
order update --
order full -- --full
snap=snap-spare
order "update from the spare site" --
snap=snap
# Without syncfs(2) (ENOSYS): every file and folder is fsynced one by one.
order "update without syncfs" -e inject=syncfs:error=ENOSYS --
order "full without syncfs" -e inject=syncfs:error=ENOSYS -- --full

echo "crash: $kills disturbed builds"
echo "crash: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

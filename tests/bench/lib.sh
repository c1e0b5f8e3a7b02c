# lib.sh: what run.sh, rebuild.sh and profile.sh share (sourced, POSIX sh).
# Needs HERE (this folder) and WORK ($BENCH_WORK) set by the caller.

GEN=$HERE/gen-corpus.py
GEN_SUM=$(cksum < "$GEN")

# bench_corpus N FORMAT: prints the path of the corpus of N dialogues
# (FORMAT generic: the peers' format, for Hugo and the floor; trappa: the
# same bodies in Trappa's format), generating it when it is missing or was
# made by another version of gen-corpus.py. Cached under $WORK/corpus/.
bench_corpus() {
	bc_repo=$WORK/corpus/n$1-s${SEED:-1}
	[ "$2" = trappa ] && bc_repo=$bc_repo-trappa
	if [ ! -f "$bc_repo.ok" ] || [ "$(cat "$bc_repo.ok")" != "$GEN_SUM" ]; then
		rm -f "$bc_repo.ok"
		mkdir -p "$WORK/corpus"
		echo "bench: generating the $2 corpus N=$1 seed=${SEED:-1}" >&2
		python3 "$GEN" --format "$2" --pages "$1" --seed "${SEED:-1}" --force "$bc_repo" >&2
		echo "$GEN_SUM" > "$bc_repo.ok"
	fi
	echo "$bc_repo"
}

# bench_timed TIMEFILE LOG OUT COMMAND...: one timed run. Flushes earlier
# writes first (sync), so that no run pays for the one before it; wall time
# from date +%s%N around GNU time, which gives CPU time and the peak RSS of
# the largest process. A run is killed after RUN_TIMEOUT seconds (900).
# Sets B_WALL B_USER B_SYS B_RSS B_FILES (files in OUT afterwards) B_RC.
bench_timed() {
	bt_time=$1 bt_log=$2 bt_out=$3
	shift 3
	sync
	bt_t0=$(date +%s%N)
	set +e
	/usr/bin/time -v -o "$bt_time" timeout "${RUN_TIMEOUT:-900}" "$@" > "$bt_log" 2>&1
	B_RC=$?
	set -e
	bt_t1=$(date +%s%N)
	B_WALL=$(awk -v a="$bt_t0" -v b="$bt_t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
	B_USER=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$bt_time")
	B_SYS=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$bt_time")
	B_RSS=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$bt_time")
	B_FILES=$(find "$bt_out" -type f 2>/dev/null | wc -l | tr -d ' ')
	rm -f "$bt_time"
}

# bench_row TSV NAME N RUN: appends the last bench_timed's figures to TSV and
# says them on stderr (header: name N run wall_s user_s sys_s maxrss_kb files rc).
bench_row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$B_WALL" "${B_USER:-0}" "${B_SYS:-0}" \
		"${B_RSS:-0}" "$B_FILES" "$B_RC" >> "$1"
	printf '  %-20s N=%-6s run %s: %8ss  rss %6s KB  files %s%s\n' "$2" "$3" "$4" "$B_WALL" "${B_RSS:-?}" \
		"$B_FILES" "$([ "$B_RC" = 0 ] || echo "  FAILED rc=$B_RC, see $bt_log")" >&2
}

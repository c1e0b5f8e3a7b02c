# Sourced by tests/publish.sh and tests/docs.sh: counting checks.
#   suite=NAME; . tests/checks.sh
# The last line finish prints is "NAME: N passed, M failed".
# shellcheck shell=bash
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: one test. Compound conditions are passed as
# one string to eval, expanded when the check runs.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
finish() {
	echo "$suite: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit $?
}

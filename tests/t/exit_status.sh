#!/bin/sh
# The tracee's exit status is tracebox's; death by a signal N gives
# 128+N and a "+++ killed by SIG +++" last line.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }
ulimit -c 0	# no core dumps: no "(core dumped)"

for code in 0 3 42; do
	timeout 30 "$TRACEBOX" trace -o "$WORK/exit.$code" -- "$P/true_prog" $code
	rc=$?
	[ $rc = $code ] || fail "true_prog $code: tracebox exited $rc"
	last=$(tail -n 1 "$WORK/exit.$code")
	[ "$last" = "+++ exited with $code +++" ] || fail "true_prog $code: last line '$last'"
done

check_killed() {	# how signame signum
	timeout 30 "$TRACEBOX" trace -o "$WORK/killed.$1" -- "$P/exit_sig" "$1"
	rc=$?
	[ $rc = $((128 + $3)) ] || fail "exit_sig $1: tracebox exited $rc, want $((128 + $3))"
	last=$(tail -n 1 "$WORK/killed.$1")
	[ "$last" = "+++ killed by $2 +++" ] || fail "exit_sig $1: last line '$last'"
}
check_killed kill SIGKILL 9
check_killed segv SIGSEGV 11
# a real fault is shown with its siginfo before the death
grep -qx -- '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---' "$WORK/killed.segv" ||
	fail "no SIGSEGV line: $(grep -- --- "$WORK/killed.segv")"
exit $bad

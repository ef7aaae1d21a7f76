#!/bin/sh
# Errors before anything is traced: exit codes and messages.
# unprivileged: yes
set -u
bad=0
fail() { echo "FAIL: $*"; bad=1; }
run() {	# want_rc want_stderr args...
	want_rc=$1 want_err=$2
	shift 2
	timeout 30 "$TRACEBOX" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	err=$(cat "$WORK/err")
	[ "$rc" = "$want_rc" ] || fail "tracebox $*: exit $rc, want $want_rc"
	[ "$err" = "$want_err" ] || fail "tracebox $*: stderr '$err', want '$want_err'"
}

run 127 "tracebox: nosuchcmd: No such file or directory" trace -- nosuchcmd
printf '#!/bin/sh\nexit 0\n' >"$WORK/noexec"
chmod 644 "$WORK/noexec"
run 126 "tracebox: $WORK/noexec: Permission denied" trace -- "$WORK/noexec"
# pid_max is at most 4194304: this pid cannot exist
run 1 "tracebox: attach: pid 999999999: No such process" trace -p 999999999
run 2 "tracebox: /nonexistent/dir/file: No such file or directory" \
	trace -o /nonexistent/dir/file -- "$BUILD/tests/progs/true_prog"
run 2 "tracebox: invalid system call 'nosuchcall'" \
	trace -e trace=nosuchcall -- "$BUILD/tests/progs/true_prog"
usage="tracebox: must have PROGRAM [ARGS] or -p PID
Try 'tracebox trace -h' for more information."
run 2 "$usage" trace
run 2 "$usage" trace -f -o "$WORK/unused"
exit $bad

#!/bin/sh
# -f follows threads and forks: four threads' openat calls, the child's
# execve; with -o every line starts with the "PID   " column, on stderr
# lines get "[pid  N] " while more than one process exists.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

timeout 30 "$TRACEBOX" trace -f -o "$WORK/tr" -- "$P/thr_fork" "$P/true_prog"
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc"
main=$(head -n 1 "$WORK/tr" | cut -d' ' -f1)
case $main in ''|*[!0-9]*) echo "FAIL: first line has no pid: $(head -n 1 "$WORK/tr")"; exit 1 ;; esac
n=$(grep -cvE '^[0-9]+ +[^ ]' "$WORK/tr")
[ "$n" = 0 ] || fail "$n lines without the pid column, e.g. '$(grep -vE '^[0-9]+ +[^ ]' "$WORK/tr" | head -n 1)'"
for i in 1 2 3 4; do
	# whole, or split into unfinished/resumed by another thread's line
	grep -qE "^[0-9]+ +openat\(AT_FDCWD, \"/nonexistent/thread-$i\", O_RDONLY(\) += -1 ENOENT| <unfinished)" "$WORK/tr" ||
		fail "no openat of thread-$i"
done
child=$(grep -E '^[0-9]+ +execve\(' "$WORK/tr" | cut -d' ' -f1 | grep -vx "$main" | head -n 1)
[ -n "$child" ] || fail "no execve in a child"
[ -n "$child" ] && { grep -qE "^$child +\+\+\+ exited with 0 \+\+\+\$" "$WORK/tr" || fail "child $child: no exit line"; }
tail -n 1 "$WORK/tr" | grep -qE "^$main +\+\+\+ exited with 0 \+\+\+\$" ||
	fail "last line '$(tail -n 1 "$WORK/tr")', want '$main +++ exited with 0 +++'"
threads=$(grep -cE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "$WORK/tr")
[ "$threads" = 6 ] || fail "$threads exit lines, want 6 (4 threads, child, main)"

# on stderr: no prefix while alone, "[pid  N] " once there are threads
timeout 30 "$TRACEBOX" trace -f -- "$P/thr_fork" "$P/true_prog" 2>"$WORK/err"
rc=$?
[ $rc = 0 ] || fail "stderr run: tracebox exited $rc"
head -n 1 "$WORK/err" | grep -q '^execve(' || fail "stderr: first line '$(head -n 1 "$WORK/err")'"
for i in 1 2 3 4; do
	grep -qE "^\[pid +[0-9]+\] openat\(AT_FDCWD, \"/nonexistent/thread-$i\"" "$WORK/err" ||
		fail "stderr: no [pid N] openat of thread-$i"
done
grep -qE '^\[pid +[0-9]+\] execve\(' "$WORK/err" || fail "stderr: no [pid N] execve of the child"
[ "$(tail -n 1 "$WORK/err")" = "+++ exited with 0 +++" ] ||
	fail "stderr: last line '$(tail -n 1 "$WORK/err")'"
exit $bad

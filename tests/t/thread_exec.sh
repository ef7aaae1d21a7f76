#!/bin/sh
# A non-leader thread calls execve: the process goes on with the leader's
# pid, exits with the new program's status (5), and the trace reads as
# strace's:
#   LEADER pause( <unfinished ...>
#   THREAD execve("…/true_prog", […, "5"], … <unfinished ...>
#   LEADER <... pause resumed>)              = ?
#   LEADER +++ superseded by execve in pid THREAD +++
#   LEADER <... execve resumed>)             = 0
#   LEADER exit_group(5)                     = ?
#   LEADER +++ exited with 5 +++
# Fails until the engine finishes the leader's pending call ("= ?") before
# the "superseded" line (lib/engine/tracer.c on_exec).
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

timeout 30 "$TRACEBOX" trace -f -o "$WORK/tr" -- "$P/thr_exec" "$P/true_prog"
rc=$?
[ $rc = 5 ] || fail "tracebox exited $rc, want 5"
leader=$(head -n 1 "$WORK/tr" | cut -d' ' -f1)
thread=$(grep -E '^[0-9]+ +execve\(' "$WORK/tr" | cut -d' ' -f1 | grep -vx "$leader" | head -n 1)
[ -n "$thread" ] || { echo "FAIL: no execve in the thread"; cat "$WORK/tr"; exit 1; }
# the lines from the thread's execve on, with the columns squeezed
sed -n "/^$thread  *execve(/,\$p" "$WORK/tr" | sed -E 's/\) +=/) =/; s/^([0-9]+) +/\1 /' >"$WORK/got"
line() { sed -n "$1p" "$WORK/got"; }
expect() {	# line-number want
	[ "$(line "$1")" = "$2" ] || fail "line $1 from the execve: got '$(line "$1")', want '$2'"
}
line 1 | grep -qE "^$thread execve\(.* <unfinished \.\.\.>\$" ||
	fail "line 1 from the execve: got '$(line 1)', want '$thread execve(... <unfinished ...>'"
expect 2 "$leader <... pause resumed>) = ?"
expect 3 "$leader +++ superseded by execve in pid $thread +++"
expect 4 "$leader <... execve resumed>) = 0"
n=$(wc -l <"$WORK/got")
line $((n - 1)) | grep -qE "^$leader exit_group\((5|0x5)\) = \?\$" ||
	fail "line $((n - 1)) from the execve: got '$(line $((n - 1)))', want '$leader exit_group(5) = ?'"
expect "$n" "$leader +++ exited with 5 +++"
[ $bad = 0 ] || { echo "--- trace from the execve:"; head -n 6 "$WORK/got"; echo ...; tail -n 2 "$WORK/got"; }
exit $bad

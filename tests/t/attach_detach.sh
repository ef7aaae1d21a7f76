#!/bin/sh
# -p attaches to a running process; SIGTERM to tracebox detaches it and
# leaves it running: not stopped, not traced. With -f every thread is
# attached and detached.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

wait_gone() {	# pid tenths: wait until the pid has exited
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt "$2" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

attach() {	# threads extra-options...
	n=$1
	shift
	"$P/loop" "$n" &
	lp=$!
	# let the threads start: /proc/PID/task has them all (bounded, 5 s)
	i=0
	while [ "$(find "/proc/$lp/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" -lt "$n" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -f "$WORK/tr"
	"$TRACEBOX" trace "$@" -p "$lp" -o "$WORK/tr" 2>"$WORK/err" &
	tb=$!
	# every traced thread shows a getppid (with -f, lines start with its tid)
	i=0
	while [ $i -lt 100 ]; do
		missing=0
		if [ "$n" = 1 ]; then
			grep -q '^getppid()' "$WORK/tr" 2>/dev/null || missing=1
		else
			for t in "/proc/$lp/task"/*; do
				tid=${t##*/}
				grep -q "^$tid  *getppid()" "$WORK/tr" 2>/dev/null || missing=$((missing + 1))
			done
		fi
		[ "$missing" = 0 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$missing" = 0 ] || fail "$n thread(s): $missing thread(s) without a getppid line after 10 s"
	kill -TERM "$tb"
	if ! wait_gone "$tb" 100; then
		fail "$n thread(s): tracebox still running 10 s after SIGTERM"
		kill -KILL "$tb"
	fi
	wait "$tb"
	rc=$?
	[ $rc = 0 ] || fail "$n thread(s): tracebox exited $rc; stderr: $(cat "$WORK/err")"
	kill -0 "$lp" 2>/dev/null || fail "$n thread(s): the process did not survive the detach"
	nt=0
	for t in /proc/"$lp"/task/*; do
		nt=$((nt + 1))
		st=$(cut -d' ' -f3 "$t/stat")
		case $st in S|R) ;; *) fail "$n thread(s): $t state $st after detach" ;; esac
		grep -q '^TracerPid:	0$' "$t/status" ||
			fail "$n thread(s): $t still traced: $(grep TracerPid "$t/status")"
	done
	[ $nt = "$n" ] || fail "$n thread(s): $nt threads left"
	grep -qx "tracebox: Process $lp attached" "$WORK/err" ||
		fail "$n thread(s): no attach message; stderr: $(cat "$WORK/err")"
	nd=$(grep -c "^tracebox: Process [0-9]* detached$" "$WORK/err")
	[ "$nd" = "$n" ] || fail "$n thread(s): $nd detach messages, want $n"
	kill -KILL "$lp"
	wait "$lp" 2>/dev/null
}

attach 1
attach 4 -f
exit $bad

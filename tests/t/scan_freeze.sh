#!/bin/sh
# --freeze stops every thread for the scan and always lets them go: after
# a normal scan, when --timeout expires in the middle of the reads, and on
# SIGINT (Ctrl-C) and SIGTERM. The target ends up running, not traced.
# Without --freeze the target is never stopped or traced.
# unprivileged: yes
set -u
. "$TESTS/t/scan_common.inc"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A target with 128 MiB of 'Q': --string Q finds 134 million matches,
# printing them takes long enough to interrupt.
start_target -u 0 -q 128

"$TRACEBOX" scan --freeze -p "$TP" --string TBXMARK: >"$WORK/f.out" 2>"$WORK/f.err" ||
	fail "--freeze: exit $?: $(cat "$WORK/f.err")"
same_addrs "$WORK/f.out" "--freeze"
check_running "$TP" "--freeze"

t0=$(now_ms)
"$TRACEBOX" scan --freeze --timeout 0.5 -p "$TP" --string Q >/dev/null 2>"$WORK/t.err"
rc=$?
t1=$(now_ms)
[ $rc = 2 ] || fail "--timeout: exit $rc, want 2: $(cat "$WORK/t.err")"
grep -q '^tracebox: timed out after 0.5 s$' "$WORK/t.err" || fail "--timeout message: $(cat "$WORK/t.err")"
[ $((t1 - t0)) -lt 5000 ] || fail "--timeout 0.5 took $((t1 - t0)) ms"
check_running "$TP" "--timeout"

interrupt() {	# signal want-exit
	"$TRACEBOX" scan --freeze -p "$TP" --string Q >/dev/null 2>"$WORK/i.err" &
	tb=$!
	# wait until the target is frozen (ptrace stop: 't')
	i=0
	while [ "$(cut -d' ' -f3 "/proc/$TP/stat")" != t ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ "$(cut -d' ' -f3 "/proc/$TP/stat")" = t ] || fail "$1: target never frozen"
	sleep 0.2
	kill -"$1" "$tb"
	i=0
	while kill -0 "$tb" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if kill -0 "$tb" 2>/dev/null; then
		fail "$1: tracebox still running 5 s after the signal"
		kill -KILL "$tb"
	fi
	wait "$tb"
	rc=$?
	[ $rc = "$2" ] || fail "$1: exit $rc, want $2: $(cat "$WORK/i.err")"
	grep -q "^tracebox: interrupted by signal" "$WORK/i.err" || fail "$1: message: $(cat "$WORK/i.err")"
	check_running "$TP" "$1"
}
interrupt INT 130
interrupt TERM 143

# without --freeze: never stopped, never traced, even mid-scan
"$TRACEBOX" scan -p "$TP" --string Q >/dev/null 2>&1 &
tb=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	check_running "$TP" "no --freeze, mid-scan"
	sleep 0.05
done
kill -INT "$tb"
wait "$tb"

stop_target
exit $bad

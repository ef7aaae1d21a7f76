#!/bin/sh
# A tracee that stops itself stays stopped until SIGCONT, then finishes;
# the trace says "--- stopped by SIGSTOP ---".
# unprivileged: yes
set -u
P=$BUILD/tests/progs
"$TRACEBOX" trace -o "$WORK/tr" -- "$P/selfstop" "$WORK/pid" >"$WORK/out" &
tb=$!
pid='' st=''
for _ in $(seq 100); do	# up to 10 s
	[ -s "$WORK/pid" ] && pid=$(cat "$WORK/pid") &&
		st=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) &&
		{ [ "$st" = T ] || [ "$st" = t ]; } && break
	sleep 0.1
done
if [ "$st" != T ] && [ "$st" != t ]; then
	echo "FAIL: tracee ${pid:-?} never stopped (state '$st')"
	kill -KILL "$tb"
	exit 1
fi
kill -CONT "$pid"
for _ in $(seq 100); do
	kill -0 "$tb" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$tb" 2>/dev/null; then
	echo "FAIL: tracebox still running 10 s after SIGCONT; tracee state: $(cut -d' ' -f3 "/proc/$pid/stat")"
	kill -KILL "$tb"
	exit 1
fi
wait "$tb"
rc=$?
bad=0
[ $rc = 7 ] || { echo "FAIL: tracebox exited $rc, want 7"; bad=1; }
[ "$(cat "$WORK/out")" = continued ] || { echo "FAIL: program said '$(cat "$WORK/out")'"; bad=1; }
grep -qx -- '--- stopped by SIGSTOP ---' "$WORK/tr" ||
	{ echo "FAIL: no stopped line: $(grep -- '^---' "$WORK/tr")"; bad=1; }
[ "$(tail -n 1 "$WORK/tr")" = "+++ exited with 7 +++" ] ||
	{ echo "FAIL: last line '$(tail -n 1 "$WORK/tr")'"; bad=1; }
exit $bad

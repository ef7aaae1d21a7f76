#!/bin/sh
# A call in progress when tracebox detaches is shown as strace does,
# "name(args <detached ...>", never as a finished "= ?" call: the process
# lives on and the call completes untraced.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
"$P/loop" 1 &
lp=$!
"$TRACEBOX" trace -p "$lp" -o "$WORK/tr" 2>"$WORK/err" &
tb=$!
i=0
while [ $i -lt 100 ] && ! grep -q 'getppid()' "$WORK/tr" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.05	# most likely inside clock_nanosleep now
kill -TERM "$tb"
i=0
while kill -0 "$tb" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -0 "$tb" 2>/dev/null && kill -KILL "$tb"
wait "$tb"
kill -KILL "$lp"
wait "$lp" 2>/dev/null
bad=0
last=$(tail -n 1 "$WORK/tr")
if grep -q '= ?$' "$WORK/tr"; then
	echo "FAIL: a call of the surviving process shown as '= ?': $(grep '= ?$' "$WORK/tr" | head -n 1)"
	bad=1
fi
case $last in
*' <detached ...>') ;;
*')'*' = '[0-9]*) ;;	# detached between two calls
*) echo "FAIL: last line '$last', want 'clock_nanosleep(... <detached ...>'"; bad=1 ;;
esac
exit $bad

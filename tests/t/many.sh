#!/bin/sh
# 500 short-lived threads, then 200 children forked at once: with -f the
# trace has an exit line for each, tracebox ends with status 0 within
# 60 s, and no process is left behind, stopped or otherwise.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

timeout -s KILL 60 "$TRACEBOX" trace -f -o "$WORK/tr" -- "$P/many" 500 200
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc (137: killed after 60 s)"
main=$(head -n 1 "$WORK/tr" | cut -d' ' -f1)
n=$(grep -cE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "$WORK/tr")
[ "$n" = 701 ] || fail "$n exit lines, want 701 (500 threads, 200 children, main)"
other=$(grep -E '^[0-9]+ +\+\+\+' "$WORK/tr" | grep -vc 'exited with 0')
[ "$other" = 0 ] || fail "other ends: $(grep -E '^[0-9]+ +\+\+\+' "$WORK/tr" | grep -v 'exited with 0' | head -n 3)"
tail -n 1 "$WORK/tr" | grep -qE "^$main +\+\+\+ exited with 0 \+\+\+\$" || fail "last line '$(tail -n 1 "$WORK/tr")'"
ng=$(grep -cE '^[0-9]+ +getppid\(\) += [0-9]+$|^[0-9]+ +<\.\.\. getppid resumed>\) += [0-9]+$' "$WORK/tr")
[ "$ng" = 500 ] || fail "$ng complete getppid calls, want 500"
# nothing of ours survives: every pid in the trace is gone
left=0
for pid in $(cut -d' ' -f1 "$WORK/tr" | sort -u); do
	[ -d "/proc/$pid" ] && grep -q "many" "/proc/$pid/comm" 2>/dev/null && left=$((left + 1))
done
[ $left = 0 ] || fail "$left traced processes still exist"
exit $bad

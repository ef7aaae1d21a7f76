#!/bin/sh
# tracebox ps lists traced threads with their tracer and its kind.
# unprivileged: yes
set -u
fail() { kill $t1 $t2 2>/dev/null; echo "FAIL: $*"; exit 1; }
P=$BUILD/tests/progs
t2=""
"$TRACEBOX" trace -o /dev/null -- sleep 5 &
t1=$!
if command -v strace >/dev/null 2>&1; then
	strace -o /dev/null sleep 5 &
	t2=$!
fi
# until both tracers have their tracee (bounded)
i=0
while [ $i -lt 50 ]; do
	out=$("$TRACEBOX" ps 2>/dev/null)
	# the lines asserted below: a tracer's child is named sleep only
	# after its execve (strace's is called strace until then)
	printf '%s\n' "$out" | grep -Eq " sleep +$t1 tracebox " &&
		{ [ -z "$t2" ] || printf '%s\n' "$out" | grep -Eq " sleep +$t2 strace "; } && break
	sleep 0.1
	i=$((i + 1))
done
printf '%s\n' "$out" | grep -Eq "^ +[0-9]+ +[0-9]+ sleep +$t1 tracebox +tracebox$" ||
	fail "no line for the sleep traced by tracebox $t1: $out"
if [ -n "$t2" ]; then
	printf '%s\n' "$out" | grep -Eq "^ +[0-9]+ +[0-9]+ sleep +$t2 strace +strace$" ||
		fail "no line for the sleep traced by strace $t2: $out"
fi
"$TRACEBOX" ps --json | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert any(r["tracer"] == int(sys.argv[1]) and r["tracer_kind"] == "tracebox" and r["comm"] == "sleep" for r in rows), rows
' "$t1" || fail "json"
kill "$t1" $t2 2>/dev/null
wait 2>/dev/null
exit 0

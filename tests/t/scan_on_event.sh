#!/bin/sh
# tracebox run --scan-rules R --scan-on ...: the sandboxed program is
# scanned when memory becomes executable and when it exits; hits go to
# the run's log with the event, address and region.
# unprivileged: yes
set -u
fail() { echo "FAIL: $*"; exit 1; }
P=$BUILD/tests/progs/scan_implant
printf 'rule implant { strings: $m = "TBX-IMPLANT-MARKER-42" condition: $m }\n' >"$WORK/r.yar"
"$TRACEBOX" run --scan-rules "$WORK/r.yar" --scan-on mprotect-exec,exit -- "$P" >"$WORK/out" 2>"$WORK/log" ||
	fail "exit status $?: $(cat "$WORK/log")"
addr=$(cat "$WORK/out")
grep -qx "tracebox: \[pid [0-9]*\] scan at mprotect-exec: implant $addr \[r-xp \[anon\]\] \$m: \"TBX-IMPLANT-MARKER-42\"" "$WORK/log" ||
	fail "no mprotect-exec hit at $addr: $(cat "$WORK/log")"
grep -q "scan at exit: implant $addr " "$WORK/log" || fail "no exit hit: $(cat "$WORK/log")"
# exec only: the marker does not exist yet when the program starts
"$TRACEBOX" run --scan-rules "$WORK/r.yar" --scan-on exec -- "$P" >/dev/null 2>"$WORK/log2"
grep -q "scan at" "$WORK/log2" && fail "a hit at exec: $(cat "$WORK/log2")"
"$TRACEBOX" run --json --scan-rules "$WORK/r.yar" --scan-on mprotect-exec -- "$P" >/dev/null 2>"$WORK/j"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
hits = [l for l in lines if l.get("type") == "scan"]
assert len(hits) == 1 and hits[0]["event"] == "mprotect-exec" and hits[0]["rule"] == "implant", lines
' "$WORK/j" || fail "json: $(cat "$WORK/j")"
"$TRACEBOX" run --scan-on bogus --scan-rules "$WORK/r.yar" -- true 2>"$WORK/err" && fail "bad --scan-on accepted"
grep -q "unknown event 'bogus'" "$WORK/err" || fail "bad --scan-on message: $(cat "$WORK/err")"
exit 0

#!/bin/sh
# -k: after the call's line, one " > module(symbol+0xoff) [0xaddr]" line
# per frame, innermost first: stack_prog's openat of the marker comes
# from level2, called by level1, called by main. strace -k (when it has
# stack traces) gives the same frames: same modules and addresses, and
# the same function names in the program itself. --json -k: a "stack"
# array of {pc, module, symbol, offset}.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
PROG=$P/stack_prog
bad=0
fail() { echo "FAIL: $*"; bad=1; }

# the frames of the marker's call in a text trace: "module symbol addr"
frames() {
	awk '/stack-marker/ { on = 1; next }
	     on && /^ > / { print; next }
	     on { exit }' "$1"
}
names() {	# function names of the program's own frames
	frames "$1" | sed -n "s|^ > $PROG(\([^+)]*\)+0x[0-9a-f]*) \[.*|\1|p" | tr '\n' ' '
}

timeout 60 "$TRACEBOX" trace -k -e trace=openat -o "$WORK/k.txt" -- "$PROG"
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc"
grep -q '^openat(AT_FDCWD, "/nonexistent/stack-marker", O_RDONLY) *= -1 ENOENT' "$WORK/k.txt" ||
	fail "no marker line: $(grep marker "$WORK/k.txt")"
frames "$WORK/k.txt" >"$WORK/k.frames"
grep -vqE '^ > [^ ]+\([^ ]*\) \[0x[0-9a-f]+\]$' "$WORK/k.frames" &&
	fail "badly formed frame lines: $(grep -vE '^ > [^ ]+\([^ ]*\) \[0x[0-9a-f]+\]$' "$WORK/k.frames")"
n=$(names "$WORK/k.txt")
case $n in
level2\ level1\ main\ *) ;;
*) fail "program frames '$n', want level2 level1 main ..."; cat "$WORK/k.frames" ;;
esac
# every other call has its stack too
calls=$(grep -c '^openat(' "$WORK/k.txt")
after=$(awk '/^openat\(/ { c = 1; next } c && /^ > / { n++; c = 0 } { c = 0 } END { print n + 0 }' "$WORK/k.txt")
[ "$calls" = "$after" ] || fail "$calls openat calls, $after followed by a stack"

if command -v strace >/dev/null 2>&1 &&
   timeout 60 strace -k -e trace=openat -o "$WORK/s.txt" -- "$PROG" 2>"$WORK/s.err" &&
   grep -q '^ > ' "$WORK/s.txt"; then
	sn=$(names "$WORK/s.txt")
	[ "$sn" = "$n" ] || fail "program frames: strace '$sn', tracebox '$n'"
	# symbols may differ where tracebox finds debug info; where each
	# frame is (module, address) may not
	addr() { sed -E 's/^ > ([^(]*)\(.*\) (\[0x[0-9a-f]+\])$/\1 \2/' "$1"; }
	frames "$WORK/s.txt" >"$WORK/s.frames"
	addr "$WORK/s.frames" >"$WORK/s.addr"
	addr "$WORK/k.frames" >"$WORK/k.addr"
	diff -u "$WORK/s.addr" "$WORK/k.addr" >"$WORK/addr.diff" ||
		fail "frames differ from strace -k: $(cat "$WORK/addr.diff")"
else
	echo "(strace -k not available: not compared)"
fi

timeout 60 "$TRACEBOX" trace --json -k -e trace=openat -o "$WORK/k.json" -- "$PROG"
rc=$?
[ $rc = 0 ] || fail "tracebox --json exited $rc"
line=$(grep stack-marker "$WORK/k.json")
PY=
for p in python3 /usr/bin/python3; do
	"$p" -c pass 2>/dev/null && { PY=$p; break; }
done
if [ -n "$PY" ]; then
	printf '%s\n' "$line" | "$PY" -c '
import json, sys
o = json.loads(sys.stdin.read())
st = o["stack"]
assert all(set(f) == {"pc", "module", "symbol", "offset"} for f in st), st
assert all(isinstance(f["pc"], int) and isinstance(f["offset"], int) for f in st), st
names = [f["symbol"] for f in st if f["module"] == sys.argv[1]]
assert names[:3] == ["level2", "level1", "main"], names
' "$PROG" || fail "--json stack: $line"
else
	printf '%s\n' "$line" | grep -q '"symbol":"level2".*"symbol":"level1".*"symbol":"main"' ||
		fail "--json stack: $line"
fi
# without -k: no stack
timeout 60 "$TRACEBOX" trace --json -e trace=openat -o "$WORK/nok.json" -- "$PROG"
grep -q '"stack"' "$WORK/nok.json" && fail "stack without -k"
exit $bad

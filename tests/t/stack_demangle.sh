#!/bin/sh
# -k in a C++ program: frames carry demangled names, as strace -k built
# with a demangler prints them. stack_cxx calls getppid from
# ns::K::f(int), called by ns::K::f(double) const, by ns::g<char>(char),
# by main (then _start). --json -k: the same names in "symbol".
# tracebox itself does not link libstdc++ (it loads it for the first
# mangled name).
# unprivileged: yes
set -u
PROG=$BUILD/tests/progs/stack_cxx
[ -x "$PROG" ] || { echo "no C++ compiler: stack_cxx not built"; exit 77; }
bad=0
fail() { echo "FAIL: $*"; bad=1; }
want='ns::K::f(int)|ns::K::f(double) const|int ns::g<char>(char)|main|_start'

names() {	# the program's own frames after the getppid line, |-separated
	awk '/^getppid\(/ { on = 1; next } on && /^ > / { print; next } on { exit }' "$1" |
	sed -n "s|^ > $PROG(\(.*\)+0x[0-9a-f]*) \[0x[0-9a-f]*\]\$|\1|p" |
	paste -sd '|' -
}

timeout 60 "$TRACEBOX" trace -k -e trace=getppid -o "$WORK/k.txt" -- "$PROG"
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc"
n=$(names "$WORK/k.txt")
[ "$n" = "$want" ] || { fail "frames '$n', want '$want'"; cat "$WORK/k.txt"; }

if command -v strace >/dev/null 2>&1 && strace -V | grep -q 'stack-demangle' &&
   timeout 60 strace -k -e trace=getppid -o "$WORK/s.txt" -- "$PROG" 2>"$WORK/s.err" &&
   grep -q '^ > ' "$WORK/s.txt"; then
	sn=$(names "$WORK/s.txt")
	[ "$sn" = "$n" ] || fail "frames: strace '$sn', tracebox '$n'"
else
	echo "(strace -k with demangling not available: not compared)"
fi

timeout 60 "$TRACEBOX" trace --json -k -e trace=getppid -o "$WORK/k.json" -- "$PROG"
rc=$?
[ $rc = 0 ] || fail "tracebox --json exited $rc"
grep -q '"symbol":"ns::K::f(int)",.*"symbol":"ns::K::f(double) const",.*"symbol":"int ns::g<char>(char)",.*"symbol":"main"' \
	"$WORK/k.json" || fail "--json frames: $(cat "$WORK/k.json")"

if command -v readelf >/dev/null 2>&1; then
	readelf -d "$TRACEBOX" | grep -q 'NEEDED.*libstdc++' && fail "tracebox links libstdc++"
fi
exit $bad

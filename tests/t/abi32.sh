#!/bin/sh
# A 64-bit program's i386 call (int $0x80, eax=20) is shown as i386
# getpid, never as x86_64 call 20 (writev); its x32 call (0x40000000|39)
# as getpid too (ENOSYS where x32 is disabled). The seccomp filter of a
# trace set lets foreign-arch calls through to the tracer, so they are
# shown even under -e trace=openat.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

"$P/abi32" >"$WORK/plain" 2>&1
if ! grep -q '^i386 getpid: [0-9]' "$WORK/plain"; then
	echo "no i386 emulation in this kernel ($(head -n 1 "$WORK/plain"))"
	exit 77
fi

for set in all openat; do
	timeout 30 "$TRACEBOX" trace -a1 -e trace=$set -o "$WORK/tr.$set" -- "$P/abi32" >"$WORK/out.$set"
	rc=$?
	[ $rc = 0 ] || fail "-e trace=$set: tracebox exited $rc"
	pid=$(sed -n 's/^pid: //p' "$WORK/out.$set")
	x32=$(sed -n 's/^x32 getpid: //p' "$WORK/out.$set")
	if [ "$x32" = -38 ]; then x32ret="-1 ENOSYS (Function not implemented)"; else x32ret=$x32; fi
	# the two foreign calls, in order, ignoring "[ Process PID=... ]" lines
	grep -v '^\[ Process PID=' "$WORK/tr.$set" >"$WORK/calls.$set"
	grep -A1 -x "getpid() = $pid" "$WORK/calls.$set" | head -n 2 >"$WORK/got.$set"
	printf 'getpid() = %s\ngetpid() = %s\n' "$pid" "$x32ret" >"$WORK/want"
	diff -u "$WORK/want" "$WORK/got.$set" >/dev/null ||
		fail "-e trace=$set: got '$(cat "$WORK/got.$set")', want '$(cat "$WORK/want")'"
	grep -q '^writev(' "$WORK/tr.$set" && fail "-e trace=$set: the i386 call shown as writev"
	echo "-e trace=$set: $(grep -B1 -A3 -x "getpid() = $pid" "$WORK/tr.$set" | head -n 5 | tr '\n' '|')"
done
# under -e trace=openat the native getpid is not shown
[ "$(grep -c '^getpid()' "$WORK/tr.openat")" = 2 ] || fail "-e trace=openat: $(grep -c '^getpid()' "$WORK/tr.openat") getpid lines, want 2"
[ "$(grep -c '^getpid()' "$WORK/tr.all")" = 3 ] || fail "-e trace=all: $(grep -c '^getpid()' "$WORK/tr.all") getpid lines, want 3"

# JSON names the architecture and the number
PY=
for p in python3 /usr/bin/python3; do
	"$p" -c pass 2>/dev/null && { PY=$p; break; }
done
if [ -n "$PY" ]; then
	timeout 30 "$TRACEBOX" trace --json -o "$WORK/tr.json" -- "$P/abi32" >/dev/null
	"$PY" -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
f = [(o.get("arch"), o.get("nr"), o["syscall"]) for o in objs if o.get("type") == "syscall" and "arch" in o]
want = [("i386", 20, "getpid"), ("x32", 0x40000000 | 39, "getpid")]
if f != want and f != [want[0], ("x32", 39, "getpid")]:
    print("FAIL: JSON foreign calls", f, "want", want)
    sys.exit(1)
' "$WORK/tr.json" || bad=1
fi
exit $bad

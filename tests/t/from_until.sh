#!/bin/sh
# trace --from/--until/--until-return: calls are shown only inside the
# window. from_prog opens a marker path at each step (main, target-in,
# target-out, stop-here, end) and calls getppid() between; the trace is
# reduced to those steps and compared exactly. Nothing from before the
# window (execve, the loader's mmap/openat) may appear. PIE, non-PIE,
# static, stripped (main, 0xADDR), a libc symbol armed when libc is mapped, bad
# symbols, a symbol never reached, a program's own SIGTRAPs, and a
# breakpoint hit by four threads at once.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
PROG=$P/from_prog
bad=0
fail() { echo "FAIL: $*"; bad=1; }

# the steps of a trace: marker names, getppid, exit
steps() {
	sed -n -e 's|^openat(AT_FDCWD, "/nonexistent/\([a-z-]*\)".*|\1|p' \
	       -e 's|^getppid().*|getppid|p' -e 's|^+++ exited with \([0-9]*\) +++|exit \1|p' "$1" |
		tr '\n' ' '
}
# run NAME WANT_RC TRACEBOX-ARGS... -- PROG ARGS: trace in $WORK/NAME.out
run() {
	name=$1 want=$2
	shift 2
	timeout 60 "$TRACEBOX" trace -o "$WORK/$name.out" "$@" >"$WORK/$name.stdout" 2>"$WORK/$name.err"
	rc=$?
	[ "$rc" = "$want" ] || fail "$name: exit status $rc, want $want: $(cat "$WORK/$name.err")"
}
expect() {	# name "steps"
	got=$(steps "$WORK/$1.out")
	[ "$got" = "$2" ] || { fail "$1: steps '$got', want '$2'"; sed 's/^/    /' "$WORK/$1.out" | head -20; }
	grep -Eq '^(\[pid +[0-9]+\] )?(execve|brk|mmap|arch_prctl)\(' "$WORK/$1.out" &&
		fail "$1: a call from before the window: $(grep -E '(execve|brk|mmap|arch_prctl)\(' "$WORK/$1.out" | head -3)"
}

ALL="target-in target-out getppid stop-here target-in target-out end exit 7 "
run from 7 --from target -- "$PROG"
expect from "$ALL"
# the first line is the first call inside target()
head -1 "$WORK/from.out" | grep -q '^openat(AT_FDCWD, "/nonexistent/target-in", O_RDONLY) *= -1 ENOENT' ||
	fail "first line: $(head -1 "$WORK/from.out")"

# --until closes it; the next call of target opens it again
run until 7 --from target --until stop_here -- "$PROG"
expect until "target-in target-out getppid target-in target-out end exit 7 "
# with the seccomp filter injected at the window, and without it
run until_sc 7 -e trace=openat --from target --until stop_here -- "$PROG"
expect until_sc "target-in target-out target-in target-out end exit 7 "
run until_nosc 7 --no-seccomp -e trace=openat --from target --until stop_here -- "$PROG"
expect until_nosc "target-in target-out target-in target-out end exit 7 "

# --until-return: the outer call's return, not a recursive one's
run ret 7 --from target --until-return -- "$PROG" recurse
expect ret "target-in target-in target-in target-out target-out target-out target-in target-out exit 7 "

# main of PIE, non-PIE and static builds: main's first call comes first
for v in from_prog from_prog_nopie from_prog_static; do
	[ -x "$P/$v" ] || { echo "($v not built)"; continue; }
	run "main_$v" 7 -e trace=openat,getppid --from main -- "$P/$v"
	expect "main_$v" "main target-in target-out getppid stop-here target-in target-out end exit 7 "
done

# main of a stripped program: found through __libc_start_main's argument
run main_stripped 7 -e trace=openat,getppid --from main -- "$P/from_prog_stripped"
expect main_stripped "main target-in target-out getppid stop-here target-in target-out end exit 7 "
run main_stripped_noseccomp 7 --no-seccomp --from main -- "$P/from_prog_stripped"
expect main_stripped_noseccomp "main target-in target-out getppid stop-here target-in target-out end exit 7 "

# a library function: armed when libc is mapped, by name or prefix
run lib 7 --from libc.so.6:getppid -- "$PROG"
expect lib "getppid stop-here target-in target-out end exit 7 "
# (libc's mappings stop before the window: none shows twice, "= ?" first)
grep -q '^mmap(.*= ?$' "$WORK/lib.out" && fail "lib: an unfinished mmap: $(grep -c '= ?' "$WORK/lib.out")"
run lib2 7 -e trace=openat,getppid --from libc:getppid -- "$PROG"
expect lib2 "getppid stop-here target-in target-out end exit 7 "

# stripped: a clear error, then the address nm gives for the same code
run stripped 2 --from target -- "$P/from_prog_stripped"
grep -q "from_prog_stripped is stripped (no symbol table): give an address instead, --from 0xOFFSET" "$WORK/stripped.err" ||
	fail "stripped: $(cat "$WORK/stripped.err")"
addr=$(nm "$PROG" 2>/dev/null | awk '$3 == "target" { print $1 }')
if [ -n "$addr" ]; then
	run addr 7 --from "0x$addr" -- "$P/from_prog_stripped"
	expect addr "$ALL"
else
	echo "(no nm: --from 0xADDR not checked)"
fi

# unknown symbol: near matches; never reached: the program's status
run unknown 2 --from targt -- "$PROG"
grep -q "^tracebox: --from targt: no such symbol in $PROG; closest: target" "$WORK/unknown.err" ||
	fail "unknown: $(cat "$WORK/unknown.err")"
run never 7 --from hot -- "$PROG"
grep -qx "tracebox: --from hot: never reached" "$WORK/never.err" || fail "never: $(cat "$WORK/never.err")"
[ "$(steps "$WORK/never.out")" = "exit 7 " ] || fail "never: $(cat "$WORK/never.out")"

# the program's own SIGTRAPs (raise and an int3 of its own) reach it
for f in "--from main" "--from mark --until-return"; do
	# shellcheck disable=SC2086
	run trap 0 $f -e trace=openat -- "$PROG" trap
	grep -qx "traps 2" "$WORK/trap.stdout" || fail "trap ($f): $(cat "$WORK/trap.stdout")"
done

# a breakpoint in a function four threads call 500 times each at once
for f in "--from hot" "--from hot --until-return" "--from hot --until-return --from-thread" \
	 "--from worker --until hot" "--no-seccomp --from hot --until-return"; do
	# shellcheck disable=SC2086
	run thr 0 $f -e trace=getppid -- "$PROG" threads
	grep -qx "sum 2000" "$WORK/thr.stdout" || fail "threads ($f): $(cat "$WORK/thr.stdout")"
	grep -q "killed" "$WORK/thr.out" && fail "threads ($f): $(grep killed "$WORK/thr.out")"
done

# bad usage
"$TRACEBOX" trace --until-return -- "$PROG" 2>"$WORK/u.err"
[ $? = 2 ] && grep -q "need --from" "$WORK/u.err" || fail "--until-return alone: $(cat "$WORK/u.err")"
exit $bad

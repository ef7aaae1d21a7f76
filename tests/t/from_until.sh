#!/bin/sh
# trace --from/--until/--until-return: calls are shown only inside the
# window. from_prog opens a marker path at each step (main, target-in,
# target-out, stop-here, end) and calls getppid() between; the trace is
# reduced to those steps and compared exactly. Nothing from before the
# window (execve, the loader's mmap/openat) may appear. PIE, non-PIE,
# static, stripped (main, 0xADDR), a libc symbol armed when libc is mapped,
# a library's symbol armed when the program dlopens it, bad symbols, a
# symbol never reached, a program's own SIGTRAPs (shown in the window),
# a program that overwrites the code a breakpoint is in, -p (attached), and a breakpoint
# hit by four threads at once.
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

# a library the program loads with dlopen later: armed when it is mapped;
# its loading (openat, mmap) is before the window and not shown
LIB=$P/libfrom_lib.so
run dl 7 --from libfrom_lib:lib_func -- "$P/from_dlopen" "$LIB"
expect dl "lib-func getppid lib-func getppid end exit 7 "
grep -q 'libfrom_lib' "$WORK/dl.out" && fail "dl: the library's loading shown: $(grep libfrom_lib "$WORK/dl.out")"
for f in "" "--no-seccomp"; do
	# shellcheck disable=SC2086
	run dl_ret 7 $f --from libfrom_lib.so:lib_func --until-return -- "$P/from_dlopen" "$LIB"
	expect dl_ret "lib-func getppid lib-func getppid exit 7 "
done
# never loaded: never reached, the program's status
run dl_none 1 --from libfrom_lib:lib_func -- "$P/from_dlopen" /nonexistent/libfrom_lib.so
grep -qx "tracebox: --from libfrom_lib:lib_func: never reached" "$WORK/dl_none.err" ||
	fail "dl_none: $(cat "$WORK/dl_none.err")"

# a program that overwrites the code a breakpoint is in (mprotect, then
# a write over patched()'s first bytes: "return 42"). Its code stays as
# it wrote it: the trap written over is gone, so the window opens only
# at calls made before (patch), never after (patch0: never reached); the
# output is the untraced one.
for v in from_prog from_prog_static; do
	[ -x "$P/$v" ] || continue
	for m in patch patch0; do
		[ "$("$P/$v" "$m")" = "patched 42" ] || fail "$v $m untraced: $("$P/$v" "$m")"
	done
	run "patch_$v" 0 -e trace=openat --from patched -- "$P/$v" patch
	expect "patch_$v" "unpatched patched exit 0 "
	run "patchret_$v" 0 -e trace=openat --from patched --until-return -- "$P/$v" patch
	expect "patchret_$v" "unpatched exit 0 "
	run "patch0_$v" 0 -e trace=openat --from patched -- "$P/$v" patch0
	expect "patch0_$v" "exit 0 "
	grep -qx "tracebox: --from patched: never reached" "$WORK/patch0_$v.err" ||
		fail "patch0 $v: $(cat "$WORK/patch0_$v.err")"
	# an --until trap written over: the window stays open
	run "patchuntil_$v" 0 -e trace=openat --from main --until patched -- "$P/$v" patch0
	expect "patchuntil_$v" "main patched exit 0 "
	for n in patch patchret patch0 patchuntil; do
		grep -qx "patched 42" "$WORK/${n}_$v.stdout" ||
			fail "$n $v: output $(cat "$WORK/${n}_$v.stdout")"
	done
done

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

# the program's own SIGTRAPs (raise and an int3 of its own) reach its
# handler; inside the window the trace shows them, as strace does
for f in "--from main" "--no-seccomp --from main" "--from mark --until-return"; do
	# shellcheck disable=SC2086
	run trap 0 $f -e trace=openat -- "$PROG" trap
	grep -qx "traps 2" "$WORK/trap.stdout" || fail "trap ($f): $(cat "$WORK/trap.stdout")"
	sigs=$(grep -c '^--- SIGTRAP' "$WORK/trap.out")
	case $f in
	*main)
		grep -Eq '^--- SIGTRAP \{si_signo=SIGTRAP, si_code=SI_TKILL, si_pid=[0-9]+, si_uid=[0-9]+\} ---$' "$WORK/trap.out" &&
		grep -qx -- '--- SIGTRAP {si_signo=SIGTRAP, si_code=SI_KERNEL} ---' "$WORK/trap.out" &&
		[ "$sigs" = 2 ] || fail "trap ($f): signals $(cat "$WORK/trap.out")" ;;
	*)	# raised after mark returned: outside the window
		[ "$sigs" = 0 ] || fail "trap ($f): signals $(cat "$WORK/trap.out")" ;;
	esac
done

# a breakpoint in a function four threads call 500 times each at once
for f in "--from hot" "--from hot --until-return" "--from hot --until-return --from-thread" \
	 "--from worker --until hot" "--no-seccomp --from hot --until-return"; do
	# shellcheck disable=SC2086
	run thr 0 $f -e trace=getppid -- "$PROG" threads
	grep -qx "sum 2000" "$WORK/thr.stdout" || fail "threads ($f): $(cat "$WORK/thr.stdout")"
	grep -q "killed" "$WORK/thr.out" && fail "threads ($f): $(grep killed "$WORK/thr.out")"
done

# -p: the breakpoints go into the running process; at SIGINT tracebox
# detaches and takes them out (a trap left behind would kill the program
# with SIGTRAP), also while another thread hits one without pause
attach_from() {	# name tracebox-options...
	name=$1
	shift
	"$PROG" loop >"$WORK/$name.stdout" &
	lp=$!
	sleep 0.3
	timeout -s INT 1 "$TRACEBOX" trace -p "$lp" -o "$WORK/$name.out" "$@" 2>"$WORK/$name.err"
	wait "$lp"
	rc=$?
	[ $rc = 0 ] && grep -qx "loop done" "$WORK/$name.stdout" ||
		fail "$name: the program exited $rc: $(cat "$WORK/$name.stdout" "$WORK/$name.err")"
	grep -q "never reached" "$WORK/$name.err" && fail "$name: $(cat "$WORK/$name.err")"
}
attach_from attach --from target --until-return
# target's calls, every 20 ms, and nothing else (no nanosleep)
n=$(grep -Ec '^(\[pid +[0-9]+\] )?openat\(AT_FDCWD, "/nonexistent/target-in"' "$WORK/attach.out")
[ "$n" -ge 10 ] || fail "attach: $n calls of target: $(head -5 "$WORK/attach.out")"
grep -Ev '^(\[pid +[0-9]+\] )?openat\(AT_FDCWD, "/nonexistent/target-(in|out)"' "$WORK/attach.out" >"$WORK/attach.other"
[ -s "$WORK/attach.other" ] && fail "attach: calls outside the window: $(head -5 "$WORK/attach.other")"
attach_from attach_hot --from hot --until-return -e trace=getppid
[ -s "$WORK/attach_hot.out" ] && fail "attach_hot: $(head -5 "$WORK/attach_hot.out")"

# bad usage
"$TRACEBOX" trace --until-return -- "$PROG" 2>"$WORK/u.err"
[ $? = 2 ] && grep -q "need --from" "$WORK/u.err" || fail "--until-return alone: $(cat "$WORK/u.err")"
exit $bad

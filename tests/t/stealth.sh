#!/bin/sh
# --stealth: every anti-debug technique of tests/progs/antidebug.c says
# "not traced" untraced and under --stealth (trace and run), and "traced"
# under plain tracing wherever the technique can see a tracer at all (the
# table below is what this kernel and tracebox really do). The trace still
# shows the calls the program made, as it made them; the sandbox still
# refuses every real ptrace; the snapshots stealth writes are removed.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
A=$P/antidebug
bad=0
fail() { echo "FAIL: $*"; bad=1; }

# Plain tracing needs -f for the techniques with a child or a thread to
# see a tracer; --stealth follows them anyway (an untraced child would see
# its parent traced).
TR="$TRACEBOX trace -f -o /dev/null --"
TRNONE="$TRACEBOX trace -f -e trace=none -o /dev/null --"
ST="$TRACEBOX trace --stealth -e trace=none -o /dev/null --"
STALL="$TRACEBOX trace --stealth -o /dev/null --"
RUN="$TRACEBOX run -q --profile default --"
RUNST="$TRACEBOX run -q --stealth --profile default --"

# technique, then per mode (untraced, trace, trace -e trace=none, trace
# --stealth -e trace=none, trace --stealth showing every call, run, run
# --stealth): t = "traced", n = "not traced"
#   timing: showing every call means stopping at every call; with a trace
#     set (and under run) getuid does not stop
#   sigtrap: tracebox delivers the signal unchanged, the handler runs
#   state: the spinning thread's getuid stops only when every call does
#   seccomp: a trace set means a seccomp filter; the sandbox's own filter
#     (run) is not hidden: it is what confines the program
while read -r tech want; do
	set -- $want
	for mode in untraced TR TRNONE ST STALL RUN RUNST; do
		w=$1
		shift
		case $w in t) w=traced ;; n) w="not traced" ;; esac
		case $mode in
		untraced) cmd="" ;;
		*) eval "cmd=\$$mode" ;;
		esac
		# shellcheck disable=SC2086
		got=$(timeout 60 $cmd "$A" "$tech" 2>"$WORK/err")
		[ "$got" = "$w" ] ||
			fail "$tech under ${cmd:-nothing}: '$got', want '$w' ($(tr '\n' ' ' <"$WORK/err" | head -c 300))"
	done
done <<EOF
traceme n t t n n t n
attach  n t t n n t n
status  n t t n n t n
ppid    n t t n n t n
timing  n t n n t n n
sigtrap n n n n n n n
state   n t n n n n n
seccomp n n t n n t t
EOF

# The trace shows what the program asked for and what it got: the path
# it passed (not the copy it read), the faked results.
timeout 60 "$TRACEBOX" trace --stealth -a1 -y -e trace=openat -o "$WORK/tr" -- "$A" status >/dev/null
grep -qE '^openat\(AT_FDCWD, "/proc/self/status", O_RDONLY\) = 3</(dev/shm|tmp)/tracebox-stealth\.[^/]+/[0-9]+( \(deleted\))?>$' "$WORK/tr" ||
	fail "no openat of /proc/self/status with its copy's path: $(grep status "$WORK/tr" | head -n 2)"
grep -qE '^openat\(3</proc/[0-9]+>, "status", O_RDONLY\) = 4<' "$WORK/tr" ||
	fail "no openat(3</proc/PID>, \"status\"): $(grep '"status"' "$WORK/tr")"
dir=$(sed -n 's|.*<\(/[a-z/]*/tracebox-stealth\.[^/]*\)/.*|\1|p' "$WORK/tr" | head -n 1)
[ -n "$dir" ] && [ ! -e "$dir" ] || fail "snapshot directory '$dir' left behind"

timeout 60 "$TRACEBOX" trace --stealth -a1 -e trace=ptrace -o "$WORK/tr" -- "$A" traceme >/dev/null
printf '%s\n' 'ptrace(PTRACE_TRACEME) = 0' \
	'ptrace(PTRACE_TRACEME) = -1 EPERM (Operation not permitted)' '+++ exited with 0 +++' >"$WORK/want"
diff "$WORK/want" "$WORK/tr" >/dev/null || fail "traceme trace: $(cat "$WORK/tr")"

# getppid of the program is tracebox's parent (here: timeout)
timeout 60 "$TRACEBOX" trace --stealth -a1 -e trace=getppid -o "$WORK/tr" -- "$A" ppid >/dev/null &
tpid=$!
wait $tpid
grep -qx "getppid() = $tpid" "$WORK/tr" || fail "getppid: $(head -n 1 "$WORK/tr"), want = $tpid"

# Everything else the program reads and prints is untouched.
cmd='grep -c "" /proc/self/status; cut -d" " -f2 /proc/self/stat; cat /etc/passwd'
want=$(sh -c "$cmd" 2>&1)
got=$(timeout 60 "$TRACEBOX" trace --stealth -f -o /dev/null -- sh -c "$cmd" 2>&1)
[ "$got" = "$want" ] || fail "output under --stealth differs: $(printf '%s\n' "$got" | head -n 3)"

# run --stealth: the sandbox's rules still hold, and a real ptrace of a
# process that is not a tracee stays denied (the fake is for tracees).
printf 'TBXSECRET\n' >"$WORK/secret"
got=$(timeout 60 "$TRACEBOX" run -q --stealth --deny "$WORK/secret" -- cat "$WORK/secret" 2>&1)
case $got in *"Permission denied"*) ;; *) fail "--deny under run --stealth: '$got'" ;; esac
sleep 30 &
victim=$!
for m in attach seize; do
	got=$(timeout 60 "$TRACEBOX" run -q --stealth -- "$P/attack_ptrace" $m $victim 2>&1)
	case $got in blocked*) ;; *) fail "run --stealth: ptrace $m of pid $victim: '$got'" ;; esac
done
tracer=$(sed -n 's/^TracerPid:\t//p' /proc/$victim/status)
[ "$tracer" = 0 ] || fail "pid $victim is traced by $tracer"
kill $victim 2>/dev/null
wait $victim 2>/dev/null
exit $bad

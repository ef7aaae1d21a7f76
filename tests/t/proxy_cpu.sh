#!/bin/sh
# A local client's serve session runs on its client's CPU: the tracer of
# a lone tracee pins itself to one CPU, and every proxied call is a
# ping-pong between the tracer and the session (lib/proxy/serve.c,
# follow_client). `cat data.txt -` reads the remote file, then waits on
# a local fifo while the CPUs of the session and the tracer are compared.
# unprivileged: yes
set -u
[ "$(nproc)" -ge 2 ] || { echo "one CPU: nothing to follow"; exit 77; }
R=$WORK/remote
rm -rf "$R" "$WORK/sock" "$WORK/fifo"
mkdir -p "$R"
printf 'remote\n' >"$R/data.txt"
cd "$WORK" || exit 1
bad=0
fail() { echo "FAIL: $*"; bad=1; }
pids=""
trap 'exec 3>&-; for p in $pids; do kill "$p" 2>/dev/null; done' EXIT
cpus() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null; }
kids() { k=$(cat "/proc/$1/task/$1/children" 2>/dev/null); echo "${k%% *}"; }

"$TRACEBOX" serve --listen "unix:$WORK/sock" --root "$R" 2>"$WORK/serve.err" &
spid=$!
pids="$pids $spid"
for _ in $(seq 100); do [ -S "$WORK/sock" ] && break; sleep 0.05; done
mkfifo "$WORK/fifo" || exit 1
timeout 60 "$TRACEBOX" proxy --connect "unix:$WORK/sock" --calls openat --from main \
	-- cat data.txt - <"$WORK/fifo" >"$WORK/out" 2>"$WORK/err" &
tpid=$!
pids="$pids $tpid"
exec 3>"$WORK/fifo"
for _ in $(seq 200); do grep -q remote "$WORK/out" && break; sleep 0.05; done
tracer=$(kids "$tpid")
session=$(kids "$spid")
tc=$(cpus "$tracer")
sc=$(cpus "$session")
case $tc in
''|*[!0-9]*) fail "the tracer is on CPUs '$tc', not one" ;;
esac
[ -n "$sc" ] && [ "$sc" = "$tc" ] || fail "the session is on CPUs '$sc', the tracer on '$tc'"
printf 'local\n' >&3
exec 3>&-
wait "$tpid" || fail "proxy: exit status $?"
printf 'remote\nlocal\n' >"$WORK/exp"
diff -u "$WORK/exp" "$WORK/out" || fail "cat's output"
[ $bad = 0 ] && [ -s "$WORK/err" ] && { echo "FAIL: proxy said:"; sed 's/^/    /' "$WORK/err"; bad=1; }
exit $bad

#!/bin/sh
# make demo: what tracebox does, on the bundled sample program, with the
# bundled policy (samples/demo.policy) and rules (samples/demo.yar).
set -u
B=${1:-build}
T=$B/tracebox
S=$B/samples/sample
D=$(dirname "$0")
say() { printf '\n== %s\n$ %s\n' "$1" "$2"; }

say "trace: the calls that matter, strace's format" \
    "tracebox trace -f -e trace=openat,read,write,close,pipe2,clone,wait4 -- sample"
"$T" trace -f -e 'trace=openat,read,write,close,pipe2,clone,wait4' -- "$S" 2>&1 | tail -18

say "trace: only failed calls" "tracebox trace -Z -- sample"
"$T" trace -Z -- "$S" 2>&1 >/dev/null | tail -4

say "trace: summary table" "tracebox trace -f -c -- sample"
"$T" trace -f -c -- "$S" 2>&1 >/dev/null | head -12

say "trace: JSON lines for jq and log pipelines" "tracebox trace --json -e trace=openat -- sample"
"$T" trace --json -e trace=openat -- "$S" 2>&1 >/dev/null | tail -3 | head -1

say "run: a sandbox (bundled policy: deny /etc/hostname, ro /usr, no-net, fake getuid=0)" \
    "tracebox run --policy samples/demo.policy -- sh -c '...'"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$T" run --policy "$D/demo.policy" -- sh -c \
	"$S; touch /usr/tracebox-demo; id -u; $PY -I -S -c 'import socket; socket.socket()' 2>&1 | tail -1"
echo "exit status: $?"

say "run: Docker's default seccomp profile" "tracebox run --profile default -- unshare -r true"
"$T" run --profile default -- unshare -r true
echo "exit status: $?"

say "scan: a live process, YARA rules (samples/demo.yar) and a literal string" \
    "tracebox scan -p PID -r samples/demo.yar --string SECRET"
"$S" --hold > "${TMPDIR:-/tmp}/tracebox-demo.pid" &
hold=$!
i=0
while [ ! -s "${TMPDIR:-/tmp}/tracebox-demo.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
"$T" scan -p "$hold" -r "$D/demo.yar" --string SECRET
kill "$hold" 2>/dev/null
wait "$hold" 2>/dev/null
rm -f "${TMPDIR:-/tmp}/tracebox-demo.pid"
echo

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

say "trace: only what main does, not the loader's start-up" \
    "tracebox trace --from main -e trace=openat,read -- sample"
"$T" trace --from main -e trace=openat,read -- "$S" 2>&1 | head -6

say "trace: unseen by anti-debug checks (plain, then --stealth)" \
    "tracebox trace [--stealth] -e trace=none -- grep TracerPid /proc/self/status"
"$T" trace -f -qq -e trace=none -- grep TracerPid /proc/self/status 2>&1
"$T" trace --stealth -qq -e trace=none -- grep TracerPid /proc/self/status 2>&1

say "run: a sandbox (bundled policy: deny /etc/hostname, ro /usr, no-net, fake getuid=0)" \
    "tracebox run --policy samples/demo.policy -- sh -c '...'"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$T" run --policy "$D/demo.policy" -- sh -c \
	"$S; touch /usr/tracebox-demo; id -u; $PY -I -S -c 'import socket; socket.socket()' 2>&1 | tail -1"
echo "exit status: $?"

say "run: Docker's default seccomp profile" "tracebox run --profile default -- unshare -r true"
"$T" run --profile default -- unshare -r true
echo "exit status: $?"

say "proxy: a program here, its files in a tracebox serve confined to a directory" \
    "tracebox proxy --remote 'tracebox serve --stdio --root DIR' --calls %file --from main -v -- cat notes.txt"
R=$(mktemp -d "${TMPDIR:-/tmp}/tracebox-demo.XXXXXX")
echo "these notes exist only in the server's directory" >"$R/notes.txt"
"$T" proxy --remote "'$T' serve --stdio --root '$R'" --calls %file --from main -v -- cat notes.txt 2>&1 | tail -6
rm -rf "$R"

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

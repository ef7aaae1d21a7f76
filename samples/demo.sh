#!/bin/sh
# make demo: what tracebox does, on the bundled sample program.
set -u
B=${1:-build}
T=$B/tracebox
S=$B/samples/sample
say() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

say "trace: every system call after start-up, strace's format" \
    "tracebox trace -f -e trace=%file,%desc,%process -- sample"
"$T" trace -f -e 'trace=openat,read,write,close,pipe2,clone,wait4,exit_group' -- "$S"

say "trace: only failed calls" "tracebox trace -Z -- sample"
"$T" trace -Z -- "$S" 2>&1 >/dev/null | tail -4

say "trace: summary table" "tracebox trace -f -c -- sample"
"$T" trace -f -c -- "$S" >/dev/null

say "trace: JSON lines for jq and log pipelines" "tracebox trace --json -e trace=openat -- sample"
"$T" trace --json -e trace=openat -- "$S" 2>&1 >/dev/null | tail -2
echo

#!/bin/sh
# Many tracees under path rules: 500 threads and 200 children, and 50
# threads making checked (exclusive) calls at once. Everything finishes,
# quickly, with no call refused for lack of a freeze.
# unprivileged: yes
set -u
fail() { echo "FAIL: $*"; exit 1; }
P=$BUILD/tests/progs
timeout -s KILL 60 "$TRACEBOX" run --deny "$WORK/nothing" -- "$P/many" 500 200 2>"$WORK/log1" ||
	fail "many: exit $?: $(tail -3 "$WORK/log1")"
start=$(date +%s)
timeout -s KILL 60 "$TRACEBOX" run --deny "$WORK/nothing" -- "$P/stat_threads" 50 40 2>"$WORK/log2" ||
	fail "stat_threads: exit $?: $(tail -3 "$WORK/log2")"
secs=$(($(date +%s) - start))
[ -s "$WORK/log2" ] && fail "stat_threads: log not empty: $(head -3 "$WORK/log2")"
# 2000 exclusive calls among 50 threads: seconds at most, not a freeze timeout each
[ "$secs" -le 20 ] || fail "stat_threads took ${secs}s"
exit 0

#!/bin/sh
# A signal the tracee sends itself is shown with its siginfo, delivered
# (the handler runs), and hidden by -e signal=none.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

timeout 30 "$TRACEBOX" trace -o "$WORK/tr" -- "$P/sigusr1" "$WORK/ids" >"$WORK/out"
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc"
[ "$(cat "$WORK/out")" = "handler ran 1" ] || fail "program said '$(cat "$WORK/out")'"
read -r pid uid <"$WORK/ids" || { echo "FAIL: no ids file"; exit 1; }
want="--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=$pid, si_uid=$uid} ---"
grep -qxF -- "$want" "$WORK/tr" || fail "no line '$want'; signal lines: $(grep -- '^---' "$WORK/tr")"

timeout 30 "$TRACEBOX" trace -e signal=none -o "$WORK/tr2" -- "$P/sigusr1" "$WORK/ids" >"$WORK/out2"
rc=$?
[ $rc = 0 ] || fail "-e signal=none: tracebox exited $rc"
[ "$(cat "$WORK/out2")" = "handler ran 1" ] || fail "-e signal=none: program said '$(cat "$WORK/out2")'"
grep -q -- '^--- ' "$WORK/tr2" && fail "-e signal=none shows: $(grep -- '^---' "$WORK/tr2")"
grep -q '^+++ exited with 0 +++$' "$WORK/tr2" || fail "-e signal=none: no exit line"
exit $bad

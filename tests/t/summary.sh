#!/bin/sh
# -c: strace's table, with exact call and error counts per syscall and a
# total row; calls that never return (exit_group) are not counted, as in
# strace.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

timeout 30 "$TRACEBOX" trace -c -- "$P/counts" 100 7 >"$WORK/out" 2>"$WORK/table"
rc=$?
[ $rc = 0 ] || fail "tracebox exited $rc"
sep='------ ----------- ----------- --------- --------- ----------------'
[ "$(sed -n 1p "$WORK/table")" = '% time     seconds  usecs/call     calls    errors syscall' ] ||
	fail "header: '$(sed -n 1p "$WORK/table")'"
[ "$(sed -n 2p "$WORK/table")" = "$sep" ] || fail "line 2: '$(sed -n 2p "$WORK/table")'"
[ "$(tail -n 2 "$WORK/table" | head -n 1)" = "$sep" ] || fail "no separator before the total"
row_re='^ *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +([0-9]+ +)?[a-z_0-9]+$'
nbad=$(sed '1,2d;$d' "$WORK/table" | grep -vxF -- "$sep" | grep -cvE "$row_re")
[ "$nbad" = 0 ] || fail "$nbad malformed rows: $(sed '1,2d' "$WORK/table" | grep -vE "$row_re" | head -n 2)"
# "name calls errors", sorted by name
counts() { sed '1,2d' "$1" | grep -vxF -- "$sep" |
	awk 'NF == 6 { print $6, $4, $5 } NF == 5 { print $5, $4, 0 }' | sort; }
counts "$WORK/table" >"$WORK/counts"
grep -qx 'getppid 100 0' "$WORK/counts" || fail "getppid row: '$(grep '^getppid' "$WORK/counts")', want 100 calls, no errors"
# openat: 7 failing ones, plus the dynamic loader's successful ones
timeout 30 "$TRACEBOX" trace -e trace=openat -o "$WORK/tr" -- "$P/counts" 0 0
ok=$(grep -c '^openat(.*) *= [0-9]' "$WORK/tr")
grep -qx "openat $((ok + 7)) 7" "$WORK/counts" ||
	fail "openat row: '$(grep '^openat' "$WORK/counts")', want $((ok + 7)) calls, 7 errors"
grep -q '^exit_group ' "$WORK/counts" && fail "exit_group counted: it never returns"
tcalls=$(grep -v '^total ' "$WORK/counts" | awk '{ c += $2 } END { print c }')
terrs=$(grep -v '^total ' "$WORK/counts" | awk '{ e += $3 } END { print e }')
grep -qx "total $tcalls $terrs" "$WORK/counts" ||
	fail "total row '$(grep '^total' "$WORK/counts")', want $tcalls calls, $terrs errors"
# the same counts as strace -c, where strace is installed
if command -v strace >/dev/null 2>&1 &&
   timeout 30 strace -c -o "$WORK/stable" -- "$P/counts" 100 7 >/dev/null 2>&1; then
	counts "$WORK/stable" >"$WORK/scounts"
	diff -u "$WORK/scounts" "$WORK/counts" >"$WORK/diff" ||
		fail "counts differ from strace -c: $(cat "$WORK/diff")"
fi
exit $bad

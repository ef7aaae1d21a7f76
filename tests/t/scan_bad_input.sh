#!/bin/sh
# Bad input to tracebox scan: a clear message and exit 2, never a crash.
# Missing process, rule syntax error (file:line: message), empty rule
# set, invalid hex and regex (with the position), usage errors; a 64 GiB
# sparse mapping; 60,000 mappings; a target exiting mid-scan; permission
# denied (as root: scanning root's process as nobody).
# unprivileged: yes
set -u
. "$TESTS/t/scan_common.inc"

expect() {	# want-exit stderr-pattern what -- args...
	want=$1 pat=$2 what=$3
	shift 4
	"$TRACEBOX" scan "$@" >"$WORK/b.out" 2>"$WORK/b.err"
	rc=$?
	[ $rc = "$want" ] || fail "$what: exit $rc, want $want; stderr: $(cat "$WORK/b.err")"
	grep -q -- "$pat" "$WORK/b.err" || fail "$what: stderr lacks '$pat': $(cat "$WORK/b.err")"
}

true &
gone=$!
wait $gone
start_target -u 64

expect 2 "tracebox: $gone: no such process" "missing pid" -- -p "$gone" --string x
expect 2 "not a process id" "bad pid" -- -p 12x --string x
expect 2 "which process" "no pid" -- --string x
expect 2 "nothing to look for" "no pattern" -- -p "$TP"
expect 2 "exclude each other" "-p and --all" -- -p "$TP" --all --string x
expect 2 "unknown region kind 'bogus'" "--maps" -- -p "$TP" --maps heap,bogus --string x
expect 2 "is not a size" "--max-region" -- -p "$TP" --max-region 12Q --string x
expect 2 "expected VAR=VALUE" "-d" -- -p "$TP" -d novalue -r /dev/null

printf 'rule ok { condition: true }\n\nrule bad {\n  strings: $a = "x"\n  condition: $b\n}\n' >"$WORK/bad.yar"
expect 2 "$WORK/bad.yar:6: undefined string \"\$b\"" "rule error" -- -p "$TP" -r "$WORK/bad.yar"
printf 'rule r { strings: $a = "x" condition: $a and\n' >"$WORK/bad2.yar"
expect 2 "$WORK/bad2.yar:at end of file: syntax error" "syntax error" -- -p "$TP" -r "$WORK/bad2.yar"
printf '// nothing here\n' >"$WORK/empty.yar"
expect 2 "define no rules" "empty rule set" -- -p "$TP" -r "$WORK/empty.yar"
expect 2 "$WORK/nonexistent.yar: No such file" "missing rules" -- -p "$TP" -r "$WORK/nonexistent.yar"
expect 2 "hex 'DE AD G0': at position 6: expected two hex digits" "bad hex" -- -p "$TP" --hex 'DE AD G0'
expect 2 "hex 'AA \[2-1\] BB': at position 3: jump range is reversed" "bad jump" -- -p "$TP" --hex 'AA [2-1] BB'
expect 2 "regex 'ab(c': " "bad regex" -- -p "$TP" --regex 'ab(c'
expect 2 "regex 'x\*': matches the empty string" "empty regex" -- -p "$TP" --regex 'x*'
expect 2 "string '': empty" "empty string" -- -p "$TP" --string ''
stop_target

# 64 GiB sparse mapping: only the touched pages are read
start_target -u 65536
expect 0 "tracebox: scanned 1 process" "64 GiB sparse" -- -p "$TP" --string TBXMARK:
same_addrs "$WORK/b.out" "64 GiB sparse"
np=$(sed -n 's/.*, \([0-9.]*\) GiB not present.*/\1/p' "$WORK/b.err" | awk '{print int($1)}')
[ "${np:-0}" -ge 64 ] || fail "64 GiB: $(cat "$WORK/b.err")"
stop_target

# 60,000 mappings (vm.max_map_count is 65530 by default)
start_target -u 1 -m 30000
n=$(wc -l <"/proc/$TP/maps")
[ "$n" -gt 60000 ] || echo "note: only $n mappings"
expect 0 "tracebox: scanned 1 process, [0-9]* regions" "many mappings" -- -p "$TP" --string TBXMARK:
same_addrs "$WORK/b.out" "many mappings"
stop_target

# a target that exits during the scan: its matches so far, or "no such
# process"; never a crash
start_target -u 0 -q 64
"$TRACEBOX" scan -p "$TP" --string Q >/dev/null 2>"$WORK/x.err" &
tb=$!
sleep 0.3
kill -KILL "$TP"
wait "$tb"
rc=$?
case $rc in
0) grep -q 'exited during the scan\|scanned 1 process' "$WORK/x.err" || fail "exit mid-scan: $(cat "$WORK/x.err")" ;;
2) grep -q 'no such process' "$WORK/x.err" || fail "exit mid-scan: $(cat "$WORK/x.err")" ;;
*) fail "exit mid-scan: exit $rc: $(cat "$WORK/x.err")" ;;
esac
wait "$TP" 2>/dev/null

# permission denied: root's process scanned by nobody
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	start_target -u 0
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$TRACEBOX" scan -p "$TP" --string TBXMARK: >"$WORK/p.out" 2>"$WORK/p.err"
	rc=$?
	[ $rc = 2 ] || fail "permission: exit $rc"
	grep -q "tracebox: $TP: permission denied (needs the same user, or CAP_SYS_PTRACE" "$WORK/p.err" ||
		fail "permission: $(cat "$WORK/p.err")"
	# --all as nobody: root's processes counted as denied, not errors
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$TRACEBOX" scan --all --string TBXMARK: >"$WORK/p.out" 2>"$WORK/p.err"
	rc=$?
	[ $rc = 0 ] || fail "--all as nobody: exit $rc: $(cat "$WORK/p.err")"
	grep -q 'not scanned: [1-9][0-9]* permission denied' "$WORK/p.err" || fail "--all: $(cat "$WORK/p.err")"
	stop_target
fi
exit $bad

#!/bin/sh
# tracebox scan finds every planted marker exactly once at its address:
# random places in a big untouched mapping, across a page boundary and
# across chunk boundaries, read-only, MAP_SHARED file, stack, .data,
# heap; not in the PROT_NONE mapping (counted unreadable); and reading
# does not make the target's resident memory grow.
# unprivileged: yes
set -u
. "$TESTS/t/scan_common.inc"

start_target -d "$WORK" -u 512
rss0=$(rss_kb "$TP")

# literal (overlap 8), regex of the whole marker (overlap 19), hex
"$TRACEBOX" scan -p "$TP" --string TBXMARK: >"$WORK/s.out" 2>"$WORK/s.err"
rc=$?
[ $rc = 0 ] || fail "--string: exit $rc: $(cat "$WORK/s.err")"
same_addrs "$WORK/s.out" "--string"
"$TRACEBOX" scan -p "$TP" --regex 'TBXMARK:[a-z][a-z0-9]:[0-9a-f]{8}' >"$WORK/r.out" 2>"$WORK/r.err" ||
	fail "--regex: exit $?: $(cat "$WORK/r.err")"
same_addrs "$WORK/r.out" "--regex"
"$TRACEBOX" scan -p "$TP" --hex '54 42 58 4D 41 ?? 4B 3A [2] 3A' >"$WORK/h.out" 2>"$WORK/h.err" ||
	fail "--hex: exit $?: $(cat "$WORK/h.err")"
same_addrs "$WORK/h.out" "--hex"

# the line: rule, pid, address, [perms path], string id, context
he=$(addr_of he)
grep -qx "string0 $TP $he \[rw-p \[heap\]\] \$a: \"TBXMARK:\"" "$WORK/s.out" ||
	fail "heap line: $(grep "$he" "$WORK/s.out")"
ro=$(addr_of ro)
grep -q "^string0 $TP $ro \[r--p \[anon\]\] " "$WORK/s.out" || fail "read-only line: $(grep "$ro" "$WORK/s.out")"
sh=$(addr_of sh)
grep -q "^string0 $TP $sh \[rw-s $WORK/scan_target.shm (deleted)\] " "$WORK/s.out" ||
	fail "shared line: $(grep "$sh" "$WORK/s.out")"
st=$(addr_of st)
grep -q "^string0 $TP $st \[rw-p \[stack\]\] " "$WORK/s.out" || fail "stack line"
grep -q "^regex0 $TP $he \[rw-p \[heap\]\] \$a: \"TBXMARK:he:[0-9a-f]\{8\}\"$" "$WORK/r.out" ||
	fail "regex context: $(grep "$he" "$WORK/r.out")"
grep -q "$NOADDR" "$WORK/s.out" && fail "the PROT_NONE marker was reported"

# summary: what was scanned and skipped
grep -q '^tracebox: scanned 1 process, [0-9]* regions, .*; 17 matches; skipped: [1-9][0-9]* regions unreadable' "$WORK/s.err" ||
	fail "summary: $(cat "$WORK/s.err")"
# at least the 512 MiB never touched (a sanitizer's shadow adds TiBs)
np=$(sed -n 's/.*, \([0-9.]*\) \([KMG]\)iB not present.*/\1 \2/p' "$WORK/s.err" |
	awk '{print int($1 * ($2 == "G" ? 1024 : $2 == "M" ? 1 : 0))}')
[ "${np:-0}" -ge 500 ] || fail "summary does not count the untouched mapping: $(cat "$WORK/s.err")"

# the untouched 512 MiB stayed untouched
rss1=$(rss_kb "$TP")
[ $((rss1 - rss0)) -lt 1024 ] || fail "VmRSS grew from $rss0 kB to $rss1 kB"

# --nocase, --wide, -c, --maps, --max-region
"$TRACEBOX" scan -p "$TP" --string tbxmark: --nocase >"$WORK/n.out" 2>/dev/null
same_addrs "$WORK/n.out" "--nocase"
"$TRACEBOX" scan -p "$TP" --string tbxmark: >"$WORK/n2.out" 2>/dev/null
[ -s "$WORK/n2.out" ] && fail "case-sensitive search found lowercase: $(head -2 "$WORK/n2.out")"
"$TRACEBOX" scan -p "$TP" --string TBXMARK: --wide >"$WORK/w.out" 2>/dev/null
same_addrs "$WORK/w.out" "--wide (ASCII form still found)"
out=$("$TRACEBOX" scan -c -p "$TP" --string TBXMARK: --string nonexistent-marker-xyz 2>/dev/null)
[ "$out" = "string0 $TP: 17" ] || fail "-c: '$out'"
out=$("$TRACEBOX" scan -p "$TP" --maps heap --string TBXMARK: 2>/dev/null | awk '{print $3}')
[ "$out" = "$he" ] || fail "--maps heap: '$out'"
out=$("$TRACEBOX" scan -p "$TP" --maps stack,heap --string TBXMARK: 2>/dev/null | awk '{print $3}' | sort | tr '\n' ' ')
exp=$(printf '%s\n%s\n' "$he" "$st" | sort | tr '\n' ' ')
[ "$out" = "$exp" ] || fail "--maps stack,heap: '$out'"
out=$("$TRACEBOX" scan -p "$TP" --max-region 1M --string TBXMARK: 2>/dev/null | grep 'anon\]' | awk '{print $3}')
[ "$out" = "$ro" ] || fail "--max-region 1M: anonymous hits '$out', want only ro (the others are in 4 and 512 MiB)"

# --all-pages reads everything: still exactly the same markers (regions
# up to 1 GiB: not a sanitizer's 16 TiB shadow)
"$TRACEBOX" scan -p "$TP" --all-pages --max-region 1G --string TBXMARK: >"$WORK/a.out" 2>"$WORK/a.err"
same_addrs "$WORK/a.out" "--all-pages"

# --json: one valid object per match
"$TRACEBOX" scan -p "$TP" --json --string TBXMARK: >"$WORK/j.out" 2>/dev/null
python3 - "$WORK/j.out" "$TP" "$he" <<'PY' || fail "--json"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 17, len(lines)
for l in lines:
    o = json.loads(l)
    assert o["pid"] == int(sys.argv[2])
    assert o["rule"] == "string0" and o["string"] == "$a"
    assert o["hex"] == "5442584d41524b3a", o["hex"]
    assert o["printable"] == "TBXMARK:" and o["length"] == 8
    r = o["region"]
    assert int(r["start"], 16) <= int(o["address"], 16) < int(r["end"], 16)
heap = [json.loads(l) for l in lines if json.loads(l)["address"] == sys.argv[3]]
assert heap and heap[0]["region"]["kind"] == "heap" and heap[0]["region"]["path"] == "[heap]", heap
PY

# --dump DIR: the matched heap region, the marker at its offset
"$TRACEBOX" scan -p "$TP" --maps heap --dump "$WORK/dump" --string TBXMARK: >/dev/null 2>&1
f=$(ls "$WORK/dump" 2>/dev/null)
case $f in
"$TP"-*-*.mem)
	start=$(echo "$f" | cut -d- -f2)
	off=$(( he - 0x$start ))
	got=$(dd if="$WORK/dump/$f" bs=1 skip="$off" count=8 2>/dev/null)
	[ "$got" = "TBXMARK:" ] || fail "--dump: '$got' at offset $off of $f" ;;
*) fail "--dump: files '$f'" ;;
esac

stop_target
exit $bad

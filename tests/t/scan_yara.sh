#!/bin/sh
# YARA rules through libyara: text strings, hex with jumps and
# alternatives, regexes, conditions with # and @ and uint32be(@a[1]),
# externals (-d), a rule without strings, tags and meta in --json. Where
# the yara command can do the same, its matches must be ours (but for
# the PROT_NONE marker, which yara reads through /proc/PID/mem and we
# report as unreadable).
# unprivileged: yes
set -u
. "$TESTS/t/scan_common.inc"

start_target -d "$WORK" -u 64
cat >"$WORK/same.yar" <<'YAR'
rule marks { strings: $a = "TBXMARK:" condition: $a }
rule hexjump : tag1 tag2 {
	meta: author = "t" score = 5 ok = true
	strings: $h = { 54 42 58 ?? 41 [2] 3A ( 72 | 70 ) [1] 3A }
	condition: $h
}
rule re_some { strings: $r = /TBXMARK:(st|da|he):[0-9a-f]{8}/ condition: $r }
YAR
cat >"$WORK/ours.yar" <<'YAR'
rule counts {
	strings: $a = "TBXMARK:"
	condition: #a == 17 and @a[1] > 0 and uint32be(@a[1]) == 0x5442584D
}
rule ext { strings: $a = "TBXMARK:" condition: #a == want and who == "me" }
rule nostr { condition: want == 17 }
YAR

"$TRACEBOX" scan -p "$TP" -r "$WORK/same.yar" >"$WORK/t.out" 2>"$WORK/t.err" ||
	fail "exit $?: $(cat "$WORK/t.err")"
grep '^marks ' "$WORK/t.out" >"$WORK/marks.out"
same_addrs "$WORK/marks.out" "rule marks"
# hex: the r*, ro and pb markers; regex: st, da, he
exp=$(grep '^r[0-7o] \|^pb ' "$TOUT" | awk '{print $2}' | sort | tr '\n' ' ')
got=$(grep '^hexjump ' "$WORK/t.out" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exp" = "$got" ] || fail "hexjump: got '$got' want '$exp'"
exp=$(grep '^st \|^da \|^he ' "$TOUT" | awk '{print $2}' | sort | tr '\n' ' ')
got=$(grep '^re_some ' "$WORK/t.out" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exp" = "$got" ] || fail "re_some: got '$got' want '$exp'"

# the yara command on the same process (not on a sanitizer build's
# target: yara would read its 16 TiB of shadow)
if command -v yara >/dev/null 2>&1 && ! grep -q 'libasan\|libubsan' "/proc/$TP/maps"; then
	timeout 60 yara -s "$WORK/same.yar" "$TP" >"$WORK/y.out" 2>"$WORK/y.err"
	awk '/^[A-Za-z_]/ {rule = $1; next} {split($0, f, ":"); print rule, f[1], f[2]}' "$WORK/y.out" |
		grep -v " $NOADDR " | sort >"$WORK/y.triples"
	awk '{for (i = 5; i <= NF; i++) if ($i ~ /^\$[A-Za-z0-9_]*:$/) break
	      print $1, $3, substr($i, 1, length($i) - 1)}' "$WORK/t.out" | sort >"$WORK/t.triples"
	if [ ! -s "$WORK/y.triples" ]; then
		echo "note: yara found nothing: $(head -2 "$WORK/y.err")"
	elif ! diff "$WORK/y.triples" "$WORK/t.triples" >"$WORK/yt.diff"; then
		fail "yara (<) and tracebox (>) differ:"
		cat "$WORK/yt.diff"
	fi
fi

# conditions, externals, a rule without strings
"$TRACEBOX" scan -p "$TP" -d want=17 -d who=me -r "$WORK/ours.yar" >"$WORK/o.out" 2>"$WORK/o.err" ||
	fail "ours.yar: exit $?: $(cat "$WORK/o.err")"
[ "$(grep -c '^counts ' "$WORK/o.out")" = 17 ] || fail "counts: $(grep -c '^counts ' "$WORK/o.out") lines"
[ "$(grep -c '^ext ' "$WORK/o.out")" = 17 ] || fail "ext with want=17: $(grep -c '^ext ' "$WORK/o.out") lines"
grep -qx "nostr $TP" "$WORK/o.out" || fail "nostr: $(grep nostr "$WORK/o.out")"
"$TRACEBOX" scan -p "$TP" -d want=3 -d who=me -r "$WORK/ours.yar" >"$WORK/o2.out" 2>&1
grep -q '^ext \|^nostr ' "$WORK/o2.out" && fail "ext/nostr matched with want=3"
"$TRACEBOX" scan -p "$TP" -d want=17 -d who=you -r "$WORK/ours.yar" >"$WORK/o3.out" 2>&1
grep -q '^ext ' "$WORK/o3.out" && fail "ext matched with who=you"

# several -r files and --string together: one read, both engines
"$TRACEBOX" scan -p "$TP" -r "$WORK/same.yar" -d want=17 -d who=me -r "$WORK/ours.yar" \
	--string TBXMARK: -c >"$WORK/c.out" 2>"$WORK/c.err"
for l in "string0 $TP: 17" "marks $TP: 17" "hexjump $TP: 10" "re_some $TP: 3" "counts $TP: 17" "nostr $TP: 0"; do
	grep -qx "$l" "$WORK/c.out" || fail "-c: no line '$l' in: $(tr '\n' '|' <"$WORK/c.out")"
done

# --json: tags and meta
"$TRACEBOX" scan -p "$TP" --json -r "$WORK/same.yar" >"$WORK/j.out" 2>/dev/null
python3 - "$WORK/j.out" <<'PY' || fail "--json"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
h = [o for o in objs if o["rule"] == "hexjump"]
assert len(h) == 10, len(h)
assert h[0]["tags"] == ["tag1", "tag2"], h[0]["tags"]
assert h[0]["meta"] == {"author": "t", "score": 5, "ok": True}, h[0]["meta"]
assert h[0]["string"] == "$h" and h[0]["length"] == 11, h[0]
PY
stop_target
exit $bad

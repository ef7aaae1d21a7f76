#!/bin/sh
# --profile default (Docker's seccomp profile) and --seccomp-profile FILE:
# ordinary programs run, the profile's denials hold, with and without the
# log (-q builds the filter differently: denials stay in the kernel).
# unprivileged: yes
set -u
fail() { echo "FAIL: $*"; exit 1; }
for q in "" -q; do
	out=$("$TRACEBOX" run $q --profile default -- sh -c 'echo ok; ls / >/dev/null && echo ls-ok' 2>&1)
	[ "$out" = "ok
ls-ok" ] || fail "profile default $q: ordinary commands: $out"
	"$TRACEBOX" run $q --profile default -- unshare -r true 2>"$WORK/err" && fail "profile default $q: unshare -r succeeded"
	grep -q "Operation not permitted" "$WORK/err" || fail "profile default $q: unshare: $(cat "$WORK/err")"
done
# mount is refused by the profile for an unprivileged program, and for
# root by the dropped CAP_SYS_ADMIN
mkdir -p "$WORK/m"
"$TRACEBOX" run -q --profile default -- mount -t tmpfs none "$WORK/m" 2>/dev/null && fail "mount succeeded"
cat >"$WORK/p.json" <<'J'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 }
	]
}
J
"$TRACEBOX" run -q --seccomp-profile "$WORK/p.json" -- mkdir "$WORK/d" 2>"$WORK/err" && fail "custom profile: mkdir succeeded"
grep -q "Permission denied" "$WORK/err" || fail "custom profile: mkdir: $(cat "$WORK/err")"
[ -d "$WORK/d" ] && fail "custom profile: the directory exists"
printf '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_BOGUS" } ] }' >"$WORK/bad.json"
"$TRACEBOX" run --seccomp-profile "$WORK/bad.json" -- true 2>"$WORK/err"
rc=$?
[ $rc = 2 ] || fail "bad profile: exit $rc"
grep -q 'bad.json:1:.*syscalls\[0\].action: unknown action "SCMP_ACT_BOGUS"' "$WORK/err" ||
	fail "bad profile message: $(cat "$WORK/err")"
# strict: no network, read-only but the scratch dir, and nothing executes
# but the program itself (or a script's interpreter)
out=$("$TRACEBOX" run -q --profile strict -- sh -c 'echo in-sh; ls / >/dev/null || echo ls-refused; echo x >"$TMPDIR/f" && echo scratch-ok; echo y >'"$WORK/strict-file"' || echo ro-ok' 2>/dev/null)
[ "$out" = "in-sh
ls-refused
scratch-ok
ro-ok" ] || fail "strict: $out"
[ -e "$WORK/strict-file" ] && fail "strict: a file was written outside the scratch dir"
printf '#!/bin/sh\necho script-ok\n' >"$WORK/s.sh"
chmod 755 "$WORK/s.sh"
out=$("$TRACEBOX" run -q --profile strict -- "$WORK/s.sh" 2>&1)
[ "$out" = script-ok ] || fail "strict script: $out"
exit 0

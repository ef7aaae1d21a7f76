#!/bin/sh
# --bind SRC:DST: the program's accesses to DST (and below) reach SRC;
# the other rules apply to where the access really goes.
# unprivileged: yes
set -u
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$WORK/src/sub" "$WORK/src/secret"
echo "from src" >"$WORK/src/sub/f"
echo "marker" >"$WORK/src/secret/k"
V=/nonexistent-tracebox-view
out=$("$TRACEBOX" run -q --bind "$WORK/src:$V" -- sh -c "cat $V/sub/f; ls $V; cd $V/sub && cat ./f; echo new >$V/new; mkdir $V/d && ls -d $V/d; stat -c %s $V/sub/f" 2>&1)
want="from src
secret
sub
from src
$V/d
9"
[ "$out" = "$want" ] || fail "bind: got '$out', want '$want'"
[ "$(cat "$WORK/src/new")" = new ] || fail "the write did not reach SRC"
[ -d "$WORK/src/d" ] || fail "mkdir did not reach SRC"
[ -e "$V" ] && fail "DST was created outside"
# rules hold on the real target: a denied tree stays denied through DST
out=$("$TRACEBOX" run -q --bind "$WORK/src:$V" --deny "$WORK/src/secret" -- cat "$V/secret/k" 2>&1)
case $out in
*"Permission denied"*) ;;
*) fail "deny through bind: $out" ;;
esac
# getcwd after a chdir into DST says DST (the shell's pwd -P, /bin/pwd and
# python ask the kernel)
out=$("$TRACEBOX" run -q --bind "$WORK/src:$V" -- sh -c "cd $V/sub && pwd -P && /bin/pwd && python3 -c 'import os; print(os.getcwd())'" 2>&1)
[ "$out" = "$V/sub
$V/sub
$V/sub" ] || fail "getcwd under a bind: '$out'"
"$TRACEBOX" run --bind "nocolon" -- true 2>"$WORK/err" && fail "a malformed bind was accepted"
grep -q "bind needs SRC:DST: 'nocolon'" "$WORK/err" || fail "bind error: $(cat "$WORK/err")"
exit 0

#!/bin/sh
# `tracebox run` rule semantics: --deny / --ro / --hide give exactly
# EACCES / EROFS / ENOENT for every kind of operation; --rw inside
# --profile readonly; --deny-syscall NAME:ERRNO; --kill-syscall (exit
# 128+31 and a log line); --fake; -e inject=...:when= and retval=; policy
# files (the same words, comments; a syntax error is FILE:LINE, exit 2 and
# nothing runs); "did you mean"; --log line format; --json; --audit; the
# exit status is the command's; a path created after the start is still
# denied.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
O=$P/sbx_ops
F=$WORK/f
bad=0
fail() { echo "FAIL: $*"; bad=1; }

fixture() {
	rm -rf "$F"
	mkdir -p "$F/secret/sub" "$F/pub" "$F/ro/sub" "$F/hidden/sub"
	for d in secret ro hidden pub; do
		printf 'TBXSECRET %s\n' $d >"$F/$d/file"
		chmod 0644 "$F/$d/file"
	done
	ln -s file "$F/ro/link"
	ln -s file "$F/secret/link"
	chmod 0755 "$F" "$F"/*
}

# expect RULES OP PATH [PATH2] WANT: run sbx_ops OP under the rules
expect() {
	rules=$1 op=$2 want=$3 p=$4
	shift 4
	fixture
	# shellcheck disable=SC2086
	got=$(timeout 30 "$TRACEBOX" run -q $rules -- "$O" "$op" "$p" "$@" 2>"$WORK/err")
	if [ "$got" != "$op: $want" ]; then
		fail "$rules: $op $p $*: got '$got', want '$op: $want' ($(head -c 300 "$WORK/err"))"
	fi
}

D="--deny $F/secret"
for op in open_r open_w stat lstat access chmod chown utimes truncate unlink readlink; do
	w=EACCES
	expect "$D" $op $w "$F/secret/file"
done
expect "$D" readlink EACCES "$F/secret/link"
expect "$D" stat EACCES "$F/secret"
expect "$D" opendir EACCES "$F/secret"
expect "$D" chdir EACCES "$F/secret"
expect "$D" mkdir EACCES "$F/secret/new"
expect "$D" creat EACCES "$F/secret/new"
expect "$D" rmdir EACCES "$F/secret/sub"
expect "$D" rename EACCES "$F/secret/file" "$F/pub/moved"
expect "$D" rename EACCES "$F/pub/file" "$F/secret/moved"
expect "$D" link EACCES "$F/secret/file" "$F/pub/l"
expect "$D" symlink EACCES "/x" "$F/secret/s"
expect "$D" open_r OK "$F/pub/file"
expect "$D" creat OK "$F/pub/new"
# the file itself, not only a directory
expect "--deny $F/secret/file" open_r EACCES "$F/secret/file"
expect "--deny $F/secret/file" stat EACCES "$F/secret/file"
expect "--deny $F/secret/file" open_r EACCES "$F/secret/sub/../file"
expect "--deny $F/secret/file" open_r EACCES "$F/secret/link"
expect "--deny $F/secret/file" open_r OK "$F/secret/sub/.."

R="--ro $F/ro"
for op in open_r stat lstat access readlink; do
	expect "$R" $op OK "$F/ro/$([ $op = readlink ] && echo link || echo file)"
done
expect "$R" opendir OK "$F/ro"
expect "$R" chdir OK "$F/ro"
for op in open_w chmod chown utimes truncate unlink; do
	expect "$R" $op EROFS "$F/ro/file"
done
expect "$R" mkdir EROFS "$F/ro/new"
expect "$R" creat EROFS "$F/ro/new"
expect "$R" rmdir EROFS "$F/ro/sub"
expect "$R" rename EROFS "$F/ro/file" "$F/ro/file2"
expect "$R" rename EROFS "$F/ro/file" "$F/pub/moved"
expect "$R" rename EROFS "$F/pub/file" "$F/ro/moved"
expect "$R" link EROFS "$F/pub/file" "$F/ro/l"
expect "$R" symlink EROFS "/x" "$F/ro/s"
expect "$R" chmod EROFS "$F/ro/link"
expect "$R" open_w OK "$F/pub/file"

H="--hide $F/hidden"
for op in open_r open_w stat lstat access chmod chown utimes truncate unlink; do
	expect "$H" $op ENOENT "$F/hidden/file"
done
expect "$H" stat ENOENT "$F/hidden"
expect "$H" opendir ENOENT "$F/hidden"
expect "$H" chdir ENOENT "$F/hidden"
expect "$H" mkdir ENOENT "$F/hidden/new"
expect "$H" rmdir ENOENT "$F/hidden/sub"
expect "$H" rename ENOENT "$F/hidden/file" "$F/pub/moved"
expect "$H" symlink ENOENT "/x" "$F/hidden/s"

# --rw inside --profile readonly
RO="--profile readonly --rw $F/pub"
expect "$RO" creat OK "$F/pub/new"
expect "$RO" open_w OK "$F/pub/file"
expect "$RO" creat EROFS "$F/new"
expect "$RO" open_w EROFS "$F/ro/file"
expect "$RO" mkdir EROFS "$F/ro/new"
expect "$RO" open_r OK "$F/ro/file"

# syscall rules
expect "--deny-syscall chdir:EXDEV" chdir EXDEV "$F/pub"
expect "--deny-syscall chdir" chdir EPERM "$F/pub"
expect "--fake getuid=0" getuid 0 ""
expect "--fake getuid=4242" getuid 4242 ""
expect "-e inject=getuid:retval=77" getuid 77 ""
fixture
: >"$WORK/kill.log"
out=$(timeout 30 "$TRACEBOX" run --log "$WORK/kill.log" --kill-syscall getppid -- "$O" getppid 2>&1)
rc=$?
[ $rc = 159 ] || fail "--kill-syscall: exit $rc, want 159 (128+SIGSYS)"
[ -z "$out" ] || fail "--kill-syscall: the program went on: $out"
grep -Eq '^tracebox: \[pid [0-9]+\] killed by SIGSYS' "$WORK/kill.log" ||
	fail "--kill-syscall: no 'killed by SIGSYS' log line: $(cat "$WORK/kill.log")"

# -e inject=openat:error=ENOENT:when=N: the Nth openat of the process,
# counting the dynamic loader's; K of those come before main
timeout 30 "$TRACEBOX" trace -f -e trace=openat -o "$WORK/openat.tr" -- "$O" openat5 "$F/pub/file" >/dev/null 2>&1
k=$(grep -n "$F/pub/file" "$WORK/openat.tr" | head -n 1 | cut -d: -f1)
if [ -z "$k" ]; then
	fail "cannot count the openat calls before main"
else
	k=$((k - 1))
	expect "-e inject=openat:error=ENOENT:when=$((k + 3))" openat5 "OK OK ENOENT OK OK" "$F/pub/file"
	expect "-e inject=openat:error=EXDEV:when=$((k + 2))+2" openat5 "OK EXDEV OK EXDEV OK" "$F/pub/file"
	expect "-e inject=openat:retval=99:when=$((k + 1))" openat5 "OK OK OK OK OK" "$F/pub/file"
fi

# policy files: the same words, comments, blanks, "--" prefix accepted
fixture
cat >"$WORK/pol" <<EOT
# a policy file
deny $F/secret

   ro $F/ro
--hide $F/hidden
	fake getuid=4242
e inject=getppid:retval=5
EOT
for t in "open_r EACCES $F/secret/file" "open_w EROFS $F/ro/file" "stat ENOENT $F/hidden/file" \
	 "open_r OK $F/ro/file" "getuid 4242 x" "getppid 5 x"; do
	set -- $t
	fixture
	got=$(timeout 30 "$TRACEBOX" run -q --policy "$WORK/pol" -- "$O" "$1" "$3" 2>&1)
	[ "$got" = "$1: $2" ] || fail "policy file: $1 $3: got '$got', want '$1: $2'"
done
# a syntax error: FILE:LINE: message, exit 2, nothing run
printf '# ok\ndeny /tmp/x\nfrobnicate /y\n' >"$WORK/bad.pol"
rm -f "$WORK/marker"
err=$(timeout 30 "$TRACEBOX" run --policy "$WORK/bad.pol" -- touch "$WORK/marker" 2>&1)
rc=$?
[ $rc = 2 ] || fail "bad policy: exit $rc, want 2"
[ ! -e "$WORK/marker" ] || fail "bad policy: the command ran"
case $err in
*"$WORK/bad.pol:3: "*frobnicate*) ;;
*) fail "bad policy: message '$err' has no '$WORK/bad.pol:3: ... frobnicate'" ;;
esac
printf 'deny-syscall opneat\n' >"$WORK/bad2.pol"
err=$(timeout 30 "$TRACEBOX" run --policy "$WORK/bad2.pol" -- touch "$WORK/marker" 2>&1)
rc=$?
[ $rc = 2 ] && [ ! -e "$WORK/marker" ] || fail "bad syscall in policy: exit $rc or the command ran"
case $err in
*"bad2.pol:1: "*"did you mean 'openat'"*) ;;
*) fail "bad syscall in policy: '$err'" ;;
esac
# unknown syscall names on the command line suggest the closest
err=$(timeout 30 "$TRACEBOX" run --deny-syscall getpidd -- true 2>&1)
rc=$?
[ $rc = 2 ] || fail "--deny-syscall getpidd: exit $rc, want 2"
case $err in
*"did you mean 'getpid'"*) ;;
*) fail "--deny-syscall getpidd: no suggestion: '$err'" ;;
esac
err=$(timeout 30 "$TRACEBOX" run --kill-syscall ptrce -- true 2>&1)
case $err in
*"did you mean 'ptrace'"*) ;;
*) fail "--kill-syscall ptrce: no suggestion: '$err'" ;;
esac

# --log: the exact line of a denial
fixture
rm -f "$WORK/deny.log"
timeout 30 "$TRACEBOX" run --log "$WORK/deny.log" --deny "$F/secret" -- "$O" open_r "$F/secret/file" >/dev/null 2>"$WORK/err"
want="tracebox: \[pid [0-9]+\] deny openat\(AT_FDCWD, \"$F/secret/file\", O_RDONLY\) = -1 EACCES \(Permission denied\) by --deny $F/secret"
grep -Eqx "$want" "$WORK/deny.log" || fail "--log line: want /$want/, got: $(cat "$WORK/deny.log")"
[ ! -s "$WORK/err" ] || fail "--log FILE: stderr is not empty: $(cat "$WORK/err")"

# --json: every line parses, the denial carries action, syscall, rule
fixture
timeout 30 "$TRACEBOX" run --json --log "$WORK/deny.json" --deny "$F/secret" --ro "$F/ro" -- \
	sh -c "$O open_r $F/secret/file; $O open_w $F/ro/file" >/dev/null 2>&1
python3 - "$WORK/deny.json" "$F" <<'EOT' || fail "--json: $(cat "$WORK/deny.json")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
f = sys.argv[2]
def has(**kw):
    return any(all(str(l.get(k)) == v for k, v in kw.items()) for l in lines)
ok = has(action="deny", syscall="openat", rule="--deny " + f + "/secret", errno="EACCES") and \
     has(action="deny", syscall="openat", rule="--ro " + f + "/ro", errno="EROFS")
print("json lines:", len(lines))
sys.exit(0 if ok else 1)
EOT

# --audit: everything happens, "would deny" is logged
fixture
out=$(timeout 30 "$TRACEBOX" run --audit --log "$WORK/audit.log" --deny "$F/secret" --ro "$F/ro" -- \
	sh -c "cat $F/secret/file; $O open_w $F/ro/file")
case $out in
"TBXSECRET secret"*"open_w: OK") ;;
*) fail "--audit: the program was stopped: '$out'" ;;
esac
grep -Eq "^tracebox: \[pid [0-9]+\] would deny openat\(AT_FDCWD, \"$F/secret/file\", O_RDONLY\) = [0-9]+ by --deny $F/secret$" "$WORK/audit.log" ||
	fail "--audit: no 'would deny' line for the secret: $(cat "$WORK/audit.log")"
grep -q "would deny openat(AT_FDCWD, \"$F/ro/file\", O_WRONLY" "$WORK/audit.log" ||
	fail "--audit: no 'would deny' line for the ro file"

# the exit status is the command's
timeout 30 "$TRACEBOX" run -q --deny "$F/secret" -- sh -c 'exit 7'
rc=$?
[ $rc = 7 ] || fail "exit status: $rc, want 7"
timeout 30 "$TRACEBOX" run -q --deny "$F/secret" -- sh -c 'kill -TERM $$'
rc=$?
[ $rc = 143 ] || fail "killed by SIGTERM: $rc, want 143"

# a path that does not exist at the start: denied when it appears (made
# from outside while the program waits), and the program cannot create it
fixture
L=$F/pub/later
( sleep 0.5; mkdir "$L"; printf 'TBXSECRET later\n' >"$L/file"; chmod 755 "$L"; : >"$F/pub/ready" ) &
out=$(timeout 30 "$TRACEBOX" run -q --deny "$L" -- sh -c "
	while [ ! -e $F/pub/ready ]; do sleep 0.1; done
	$O open_r $L/file; $O stat $L/file; $O mkdir $L/sub" 2>&1)
wait
want=$(printf 'open_r: EACCES\nstat: EACCES\nmkdir: EACCES')
[ "$out" = "$want" ] || fail "path made later: got '$out', want '$want'"
fixture
expect "--deny $F/pub/later" mkdir EACCES "$F/pub/later"
expect "--deny $F/pub/later" rename EACCES "$F/pub/file" "$F/pub/later"
expect "--hide $F/pub/later" creat ENOENT "$F/pub/later"
expect "--ro $F/pub/later" mkdir EROFS "$F/pub/later"

[ $bad = 0 ] && echo "all rule checks passed"
exit $bad

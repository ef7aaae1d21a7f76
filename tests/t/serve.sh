#!/bin/sh
# tracebox serve: the proxy server driven with hand-built frames
# (tests/proxy_wire.py): files beneath --root, escapes by '..', symlinks
# and /proc denied, foreign fds unusable, bad frames answered with ERROR
# and a clean exit, tokens, versions, --calls, the fd limit, TCP and unix
# sockets, --listen with concurrent sessions and a client that dies.
# unprivileged: yes
set -u
command -v python3 >/dev/null || { echo "no python3 for the test client"; exit 77; }
W=$WORK
R=$W/root
TB=$TRACEBOX
PY="python3 $TESTS/proxy_wire.py $TESTS/.."
spids=""
trap 'for p in $spids; do kill $p 2>/dev/null; done' EXIT
fail() { echo "FAIL: $*"; exit 1; }

setup() {
	rm -rf "$R" "$W/outdir" "$W/secret" "$W/stolen" "$W/made"
	mkdir -p "$R/sub" "$W/outdir"
	echo "hello world" >"$R/hello"
	echo "inner text" >"$R/sub/inner"
	echo secret >"$W/secret"
	ln -s /etc/passwd "$R/esc"
	ln -s ../secret "$R/up"
	ln -s ../outdir "$R/updir"
}

# check NAME SCENARIO [ARGS...] with the expected stdout on stdin
check() {
	name=$1
	shift
	cat >"$W/$name.exp"
	SERVE=${SERVE:-"$TB serve --stdio --root $R"} timeout 60 $PY "$@" >"$W/$name.out" 2>"$W/$name.err"
	diff -u "$W/$name.exp" "$W/$name.out" || { sed 's/^/    stderr: /' "$W/$name.err" | head; fail "$name"; }
	! grep -q "Sanitizer" "$W/$name.err" || { cat "$W/$name.err"; fail "$name: sanitizer report"; }
}

setup
check files files <<'X'
welcome version 1 max_frame 8388608
read hello = b'hello world\n'
fstat size = 0 12
pread 6 = b'world'
lseek = 12
close = 0
read after close = EBADF
close again = EBADF
read /hello = b'hello world\n'
write = 17
pwrite = 1
stat out mode = 0 640
mkdir d = 0
mkdir d again = EEXIST
rename out = 0
access d/moved = 0
access out = ENOENT
openat dirfd = b'Written remotely\n'
openat dirfd .. = b'hello world\n'
getdents d = moved
unlinkat = 0
getdents d = 
rmdir d = 0
chdir sub = 0
getcwd = 5 /sub
read ../hello = b'hello world\n'
read inner = b'inner text\n'
getcwd small = ERANGE
fchdir root fd = 0
getcwd = 2 /
statx size = 0 12
truncate = 0
read inner = b'inn'
chmod = 0
symlink = 0
link = 0
readlink lnk = b'sub/inner'
readlink hello = EINVAL
unlink lnk = 0
open empty = ENOENT
stat NULL = EFAULT
stat cwd empty path = 0
unknown call = ENOSYS
server exit 0
X
[ "$(stat -c '%a %s' "$R/sub/inner")" = "600 3" ] || fail "chmod/truncate: $(stat -c '%a %s' "$R/sub/inner")"
[ "$(cat "$R/hardlink")" = "hello world" ] || fail "link"
[ ! -e "$R/d" ] && [ ! -e "$R/lnk" ] || fail "rmdir/unlink left something"

setup
check misc misc <<'X'
welcome version 1 max_frame 8388608
utimensat = 0
mtime = 1200000000
futimens = 0
utimensat NULL path AT_FDCWD = EFAULT
utimensat bad flags = EINVAL
chown = 0
lchown esc = 0
fchownat empty = 0
fchown = 0
chown esc (dangling in root) = ENOENT
fchmodat = 0
mode = 604
faccessat2 eaccess = 0
faccessat2 bad flags = EINVAL
statfs = 0 120
fstatfs = 0 120
listxattr = ok
getxattr missing = ENODATA
lgetxattr esc = ENODATA
symlinkat = 0
linkat follow = 0
linked a file = 10
linkat nofollow = 0
linked a symlink = 12
renameat2 noreplace = EEXIST
rmdir / = EBUSY
unlink dir = EISDIR
mkdir trailing slash = 0
rmdir trailing slashes = 0
ftruncate = EINVAL
fsync = 0
fadvise64 = 0
server exit 0
X
[ "$(stat -c %a "$R/hello")" = 604 ] && [ "$(stat -c %Y "$R/hello")" != 1200000000 ] ||
	fail "misc: $(stat -c '%a %Y' "$R/hello")"
[ "$(readlink "$R/sub/l2")" = ../hello ] && [ "$(cat "$R/sub/h")" = "hello world" ] || fail "misc: links"

setup
check escape escape <<'X'
welcome version 1 max_frame 8388608
open ../secret = ENOENT
open ../../../../secret = ENOENT
open /../secret = ENOENT
open sub/../../secret = ENOENT
open esc = ENOENT
open up = ENOENT
open updir/secret = ENOENT
open /proc/self/fd/0 = ENOENT
open /proc/self/root/etc/passwd = ENOENT
readlink esc = b'/etc/passwd'
lstat esc = 0
stat esc = ENOENT
unlink ../secret = ENOENT
rename hello to ../stolen = 0
mkdir ../made = 0
symlink via up = ENOENT
chdir .. = 0
getcwd = b'/'
foreign fds usable = none
fchdir 0 = EBADF
close 1 = EBADF
dirfd 2 = EBADF
still alive = b'hello world\n'
server exit 0
X
[ "$(cat "$W/secret")" = secret ] || fail "the file outside the root changed"
[ -f "$R/stolen" ] && [ -d "$R/made" ] || fail "'..' above the root should stay in it"
[ ! -e "$W/stolen" ] && [ ! -e "$W/made" ] && [ -z "$(ls "$W/outdir")" ] ||
	fail "something was created outside the root"

# without --root, /proc/self/fd (the server's own fds) is refused too
setup
cd "$R" || exit 1
SERVE="$TB serve --stdio" timeout 60 $PY escape >"$W/noroot.out" 2>&1
cd "$W" || exit 1
grep -qx "server exit 0" "$W/noroot.out" || fail "no root: $(cat "$W/noroot.out")"
grep -qx "open /proc/self/fd/0 = ELOOP" "$W/noroot.out" || fail "no root: /proc/self/fd/0: $(grep fd/0 "$W/noroot.out")"
grep -qx "open ../secret = b'secret\\\\n'" "$W/noroot.out" || fail "no root: relative to the server's cwd: $(grep -F ../secret "$W/noroot.out" | head -1)"

# bad frames: an ERROR (or the connection closed), exit status 1, no crash
setup
for g in truncated short_payload oversized bad_type bad_flags bad_kind wrong_kind \
	 size_mismatch huge_out nul_in_path hello_again result; do
	case $g in
	oversized|huge_out) err="EMSGSIZE" ;;
	*) err="EPROTO" ;;
	esac
	case $g in
	truncated|oversized|bad_type|bad_flags) msg="malformed frame" ;;
	hello_again|result) msg="unexpected frame" ;;
	huge_out) msg="call too big" ;;
	*) msg="malformed call" ;;
	esac
	printf 'welcome version 1 max_frame 8388608\nerror %s: %s\nserver exit 1\n' "$err" "$msg" |
		check "garbage_$g" garbage "$g"
done
check nohello nohello <<'X'
error EPROTO: expected a hello
server exit 1
X

# tokens and versions
printf 'tok3n\n' >"$W/tok"
chmod 600 "$W/tok"
export SERVE="$TB serve --stdio --root $R --token-file $W/tok" CALL_AFTER=1
check token_ok hello tok3n 1 <<'X'
welcome version 1 max_frame 8388608
read hello = b'hello world\n'
server exit 0
X
for t in tok3m tok3n2 tok ''; do
	check "token_bad_$t" hello "$t" 1 <<'X'
error EACCES: wrong token
call: closed
server exit 1
X
done
check version hello tok3n 2 <<'X'
error EPROTONOSUPPORT: protocol version 2 not supported (server speaks 1)
call: closed
server exit 1
X
unset SERVE CALL_AFTER

# --calls
SERVE="$TB serve --stdio --root $R --calls openat,read,close" check calls calls <<'X'
welcome version 1 max_frame 8388608
read = b'hello world\n'
fstat = EPERM
unlink = EPERM
socket = EPERM
close = 0
server exit 0
X
[ -f "$R/hello" ] || fail "--calls: unlink ran"

check limit limit <<'X'
welcome version 1 max_frame 8388608
opened 1024 then EMFILE
server exit 0
X

# TCP through the server to a listener of ours
rm -f "$W/port"
python3 -c '
import socket, sys, os
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write("%d" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(30)
c, _ = s.accept(); c.sendall(b"pong:" + c.recv(100)); c.close()
' "$W/port" &
lpid=$!
spids="$spids $lpid"
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.1; done
check tcp tcp "$(cat "$W/port")" <<'X'
welcome version 1 max_frame 8388608
connect = 0
getpeername = 0 16 127.0.0.1
getpeername cut = 0 4 16
sendto = 5
recvfrom = b'pong:ping\n'
close = 0
server exit 0
X
wait $lpid

# unix sockets: bound and reached beneath the root
setup
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); time.sleep(30)
' "$W/outside.sock" &
upid=$!
spids="$spids $upid"
for _ in $(seq 100); do [ -S "$W/outside.sock" ] && break; sleep 0.1; done
check unix unix <<'X'
welcome version 1 max_frame 8388608
bind sub/s = 0
listen = 0
connect /sub/s = 0
accept4 = fd
send = 2
recv = b'hi'
connect ../outside.sock = ENOENT
bind abstract = EPERM
server exit 0
X
[ -S "$R/sub/s" ] || fail "bind did not create sub/s beneath the root"
kill $upid

# --listen: tcp wants a token; unix is 0600, a process per session, each
# with its own fds, a dead client's session ends and closes its fds
$TB serve --listen tcp:127.0.0.1:0 >"$W/tcp.out" 2>&1 && fail "tcp without a token accepted"
grep -q "tcp needs --token-file" "$W/tcp.out" || fail "tcp without token: $(cat "$W/tcp.out")"
echo one >"$R/one"
echo two >"$R/two"
$TB serve --listen "unix:$W/sock" --root "$R" -v 2>"$W/listen.err" &
sp=$!
spids="$spids $sp"
for _ in $(seq 100); do [ -S "$W/sock" ] && break; sleep 0.1; done
[ "$(stat -c %a "$W/sock")" = 600 ] || fail "socket mode $(stat -c %a "$W/sock")"
CONNECT=$W/sock timeout 30 $PY session one 1 >"$W/one.out" 2>&1 &
c1=$!
CONNECT=$W/sock timeout 30 $PY session two 1 >"$W/two.out" 2>&1
wait $c1
fd1=$(sed -n 's/^one fd \([0-9]*\) one$/\1/p' "$W/one.out")
fd2=$(sed -n 's/^two fd \([0-9]*\) two$/\1/p' "$W/two.out")
[ -n "$fd1" ] && [ -n "$fd2" ] || fail "sessions: $(cat "$W/one.out" "$W/two.out")"
grep -qx "one own fd = 0" "$W/one.out" && grep -qx "two own fd = 0" "$W/two.out" ||
	fail "sessions: $(cat "$W/one.out" "$W/two.out")"
# an fd number the other session holds, unknown here
OTHER_FD=$((fd1 + 1)) CONNECT=$W/sock timeout 30 $PY session one 0 >"$W/three.out" 2>&1
grep -qx "one other fd = EBADF" "$W/three.out" || fail "other fd: $(cat "$W/three.out")"

CONNECT=$W/sock timeout 30 $PY hold 10 >"$W/hold.out" 2>&1 &
hp=$!
for _ in $(seq 100); do grep -q opened "$W/hold.out" && break; sleep 0.1; done
grep -qx "opened 10" "$W/hold.out" || fail "hold: $(cat "$W/hold.out")"
sess=$(ps --ppid $sp -o pid= | tr -d ' ')
[ -n "$sess" ] || fail "no session process"
nfd=$(ls "/proc/$sess/fd" | wc -l)
[ "$nfd" -ge 13 ] || fail "session holds $nfd fds"
kill $hp
for _ in $(seq 100); do kill -0 "$sess" 2>/dev/null || break; sleep 0.1; done
kill -0 "$sess" 2>/dev/null && fail "the session of a dead client lives on"
grep -q "proxy session ends (ok), 10 fds closed" "$W/listen.err" || fail "$(cat "$W/listen.err")"
kill $sp
wait $sp
rc=$?
[ $rc = 0 ] || fail "serve --listen exit $rc after SIGTERM"
[ ! -e "$W/sock" ] || fail "socket left behind"
! grep -q Sanitizer "$W/listen.err" || { cat "$W/listen.err"; fail "sanitizer"; }
exit 0

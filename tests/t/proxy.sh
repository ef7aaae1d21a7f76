#!/bin/sh
# tracebox proxy: programs run here while their file and network calls
# execute in a tracebox serve (--remote over a socketpair, and --connect
# to a unix socket). The remote tree is R, the local cwd L holds a
# decoy data.txt: outputs must be R's, R changes, L stays as it was.
# Faults: a server that exits at once, a server killed mid-run, a wrong
# token, calls that cannot be proxied, bad pointers (in proxy_io).
# unprivileged: yes
set -u
P=$BUILD/tests/progs
R=$WORK/remote L=$WORK/local
rm -rf "$R" "$L"
mkdir -p "$R/sub" "$L"
printf '0123456789\n' >"$R/data.txt"
printf 'a fairly long line\nand a second\n' >"$R/words.txt"
printf 'local\n' >"$L/data.txt"
cd "$L" || exit 1
bad=0
fail() { echo "FAIL: $*"; bad=1; }
SERVE="$TRACEBOX serve --stdio --root $R"
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

# check NAME EXPECTED-FILE GOT-FILE
check() {
	if ! diff -u "$2" "$3" >"$WORK/diff"; then
		fail "$1"
		sed 's/^/    /' "$WORK/diff" | head -30
		[ -s "$WORK/err" ] && sed 's/^/    stderr: /' "$WORK/err" | head -10
	fi
}

proxy() {	# proxy ARGS... -- PROGRAM: stdout to $WORK/out, stderr $WORK/err
	timeout 60 "$TRACEBOX" proxy "$@" >"$WORK/out" 2>"$WORK/err"
}

# ---- a C program doing each file call on a remote file ----
proxy --remote "$SERVE" --calls %file,%desc --from main -- "$P/proxy_io" data.txt . ||
	fail "proxy_io: exit status $?"
cat >"$WORK/exp" <<'EOF'
openat = fd
pread64 = 5 "23456"
pwrite64 = 2
lseek = 0
readv = 8 "0xy" "34567"
lseek end = 11
writev = 6
statx = 0 size 17
fstat = 0 size 17 regular 1
mmap private = 0xy3456789
ABCDE
mmap shared writable = -1 ENODEV
dup2 = 10
close = 0
pread64 dup = 4 "0xy3"
close dup = 0
pread64 closed = -1 EBADF
getdents64: . .. data.txt sub words.txt
openat missing = -1 ENOENT
openat bad pointer = -1 EFAULT
read bad pointer = -1 EFAULT
EOF
check "proxy_io output" "$WORK/exp" "$WORK/out"
grep -q 'shared writable mmap of a remote file is refused (ENODEV)' "$WORK/err" ||
	fail "proxy_io: the refused mmap is not reported"
printf '0xy3456789\nABCDE\n' >"$WORK/exp"
check "proxy_io: the remote file changed" "$WORK/exp" "$R/data.txt"
printf 'local\n' >"$WORK/exp"
check "proxy_io: the local file is untouched" "$WORK/exp" "$L/data.txt"
printf '0123456789\n' >"$R/data.txt"

# ---- everyday tools, once libc starts the program: the loader stays
# local (the distribution's tools are stripped: main is found through
# __libc_start_main) ----
FROM=main
run_tool() {	# NAME EXPECTED-TEXT ARGS...
	name=$1 exp=$2
	shift 2
	proxy --remote "$SERVE" --calls %file,%desc --from $FROM -- "$@" ||
		fail "$name: exit status $?"
	printf '%s' "$exp" >"$WORK/exp"
	check "$name" "$WORK/exp" "$WORK/out"
}
run_tool cat "0123456789
" cat data.txt
run_tool "wc" " 2  7 32 words.txt
" wc words.txt
run_tool sha256sum "$(cd "$R" && sha256sum words.txt)
" sha256sum words.txt
run_tool "ls -ln" "$(cd "$R" && ls -ln --time-style=+%s)
" ls -ln --time-style=+%s

# python3: everything it opens once started goes remote, its modules too,
# so the server runs without --root, in R (same machine: python's files
# resolve there as well). The interpreter itself, not a wrapper script.
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -x "$PY" ]; then
	proxy --remote "cd $R && exec $TRACEBOX serve --stdio" --calls %file,%desc --from $FROM \
		-- "$PY" -c 'print(open("words.txt").read(), end="")' || fail "python3: exit status $?"
	check "python3 open().read()" "$R/words.txt" "$WORK/out"
fi

# ---- without --from: the loader's files come from the server too; the
# libraries' mmaps become private copies of the remote bytes ----
proxy --remote "$TRACEBOX serve --stdio" --calls %file,%desc -v -- cat "$R/data.txt" ||
	fail "no --from: exit status $?"
printf '0123456789\n' >"$WORK/exp"
check "no --from: cat" "$WORK/exp" "$WORK/out"
grep -Eq '^mmap\(.*PROT_READ\|PROT_EXEC, MAP_PRIVATE\|MAP_FIXED\|MAP_DENYWRITE, 3, 0x[0-9a-f]+\) += 0x' "$WORK/err" ||
	{ fail "no --from: no proxied mmap of libc"; sed 's/^/    /' "$WORK/err" | head; }

# ---- fds through dup2, fork and execve: the shell opens the remote file
# and redirects it; cat, a child after exec, reads fd 0 remotely ----
proxy --remote "$TRACEBOX serve --stdio" --calls %file,%desc -v -- \
	sh -c "cat <$R/data.txt; exec 4<$R/data.txt; cat <&4" || fail "sh: exit status $?"
printf '0123456789\n0123456789\n' >"$WORK/exp"
check "sh redirections: fork and exec keep remote fds" "$WORK/exp" "$WORK/out"
[ "$(grep -Ec '^\[pid +[0-9]+\] read\(0, "0123456789\\n", [0-9]+\) += 11$' "$WORK/err")" = 2 ] ||
	{ fail "sh: cat's reads of fd 0 not proxied"; grep 'read(0' "$WORK/err" | sed 's/^/    /'; }

# ---- a TCP client: socket, connect, traffic through the server ----
if [ -x "$PY" ]; then
	rm -f "$WORK/port" "$WORK/heard"
	"$PY" -c '
import socket, sys, os
s = socket.socket()
s.bind(("127.0.0.1", 0)); s.listen(1); s.settimeout(50)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept(); c.settimeout(50)
got = b""
while len(got) < 10:
    d = c.recv(10 - len(got))
    if not d: break
    got += d
open(sys.argv[2], "wb").write(got)
c.sendall(b"pong\npong\n"); c.close()
' "$WORK/port" "$WORK/heard" &
	pids="$pids $!"
	for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
	port=$(cat "$WORK/port")
	proxy --remote "$SERVE" --calls %network -v -- "$P/proxy_tcp" "$port" ||
		fail "tcp: exit status $?"
	cat >"$WORK/exp" <<EOF
local fd: /dev/null
send = 5
sendmsg = 5
recv = 5 "pong"
recvmsg = 5 "pong"
peer 127.0.0.1:$port len 16
EOF
	check "tcp client" "$WORK/exp" "$WORK/out"
	printf 'ping\nping\n' >"$WORK/exp"
	check "tcp: what the listener heard" "$WORK/exp" "$WORK/heard"
	grep -Eq '^connect\(3, \{sa_family=AF_INET, sin_port=htons\('"$port"'\), sin_addr=inet_addr\("127.0.0.1"\)\}, 16\) += 0$' \
		"$WORK/err" || { fail "tcp: no proxied connect line"; sed 's/^/    /' "$WORK/err" | head; }
fi

# ---- --connect to a unix socket server; -v shows the proxied calls ----
rm -f "$WORK/sock"
"$TRACEBOX" serve --listen "unix:$WORK/sock" --root "$R" 2>"$WORK/serve.err" &
spid=$!
pids="$pids $spid"
for _ in $(seq 100); do [ -S "$WORK/sock" ] && break; sleep 0.05; done
proxy --connect "unix:$WORK/sock" --calls openat --from $FROM -v -- cat data.txt ||
	fail "--connect: exit status $?"
printf '0123456789\n' >"$WORK/exp"
check "--connect unix: cat" "$WORK/exp" "$WORK/out"
grep -Eq '^openat\(AT_FDCWD, "data.txt", O_RDONLY\) += 3$' "$WORK/err" ||
	{ fail "-v: no proxied openat line"; sed 's/^/    /' "$WORK/err" | head; }
grep -Eq '^read\(3, "0123456789\\n", [0-9]+\) += 11$' "$WORK/err" ||
	fail "-v: no proxied read line"
if grep -q 'write(1' "$WORK/err"; then fail "-v: a local write shown"; fi

# ---- faults ----
# a server command that exits at once
proxy --remote 'exit 0' --calls %file -- cat data.txt
rc=$?
[ $rc = 1 ] || fail "dead server: exit status $rc, not 1"
grep -q '^tracebox: proxy: ' "$WORK/err" || fail "dead server: no message"
[ -s "$WORK/out" ] && fail "dead server: the program ran"

# a server killed mid-run: the program's next call fails with EIO
rm -f "$WORK/srv.pid"
timeout 60 "$TRACEBOX" proxy --remote "echo \$\$ >$WORK/srv.pid; exec $SERVE" --calls %file \
	--from main -- "$P/proxy_loop" data.txt >"$WORK/out" 2>"$WORK/err" &
ppid=$!
pids="$pids $ppid"
for _ in $(seq 200); do grep -q ok "$WORK/out" 2>/dev/null && break; sleep 0.05; done
kill "$(cat "$WORK/srv.pid")"
wait $ppid
rc=$?
printf 'pread: ok\npread: EIO\n' >"$WORK/exp"
check "killed server: EIO" "$WORK/exp" "$WORK/out"
[ $rc = 3 ] || fail "killed server: exit status $rc, not the program's 3"
[ "$(grep -c 'lost the server' "$WORK/err")" = 1 ] ||
	{ fail "killed server: not reported once"; sed 's/^/    /' "$WORK/err"; }

# a wrong token
printf 'right\n' >"$WORK/token" && printf 'wrong\n' >"$WORK/bad-token"
rm -f "$WORK/sock2"
"$TRACEBOX" serve --listen "unix:$WORK/sock2" --token-file "$WORK/token" --root "$R" \
	2>"$WORK/serve2.err" &
pids="$pids $!"
for _ in $(seq 100); do [ -S "$WORK/sock2" ] && break; sleep 0.05; done
proxy --connect "unix:$WORK/sock2" --token-file "$WORK/bad-token" --calls %file -- cat data.txt
rc=$?
[ $rc = 1 ] || fail "wrong token: exit status $rc"
[ -s "$WORK/out" ] && fail "wrong token: the program ran"
proxy --connect "unix:$WORK/sock2" --token-file "$WORK/token" --calls openat --from $FROM \
	-- cat data.txt || fail "right token: exit status $?"
printf '0123456789\n' >"$WORK/exp"
check "right token: cat" "$WORK/exp" "$WORK/out"

# calls that cannot be proxied, by name
proxy --remote "$SERVE" --calls openat,ioctl -- cat data.txt
rc=$?
[ $rc = 2 ] || fail "--calls ioctl: exit status $rc, not 2"
grep -q 'ioctl cannot be proxied' "$WORK/err" || fail "--calls ioctl: no message"

for p in $pids; do kill "$p" 2>/dev/null; done
[ $bad = 0 ] && echo "proxy: all passed"
exit $bad

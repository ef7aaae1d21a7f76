#!/usr/bin/env python3
"""A minimal client of the proxy protocol (docs/proxy-protocol.md) for the
server tests (tests/t/serve.sh): frames built by hand, so the test does not
trust the C encoder it checks. Syscall numbers come from the same data file
as tracebox's (lib/arch/x86_64/syscalls.in).

usage: proxy_wire.py TOP SCENARIO [ARGS...]
A scenario prints one line per step; the shell test compares them exactly.
The server is spawned from $SERVE (a shell command line) on a socketpair,
or reached at $CONNECT (a unix socket path)."""
import errno
import os
import socket
import struct
import subprocess
import sys
import time

HDR = struct.Struct("<IHHI")
HELLO, WELCOME, CALL, RESULT, ERROR, BYE = range(1, 7)
NONE, INT, FD, STR, IN, OUT = range(6)
AT_FDCWD = -100
O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC = 0, 1, 2, 0o100, 0o1000
O_DIRECTORY = 0o200000
AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_EMPTY_PATH = 0x100, 0x200, 0x1000

TOP = sys.argv[1]
NR = {}
with open(os.path.join(TOP, "lib/arch/x86_64/syscalls.in")) as f:
    for line in f:
        w = line.split("#")[0].split()
        if w:
            NR[w[1]] = int(w[0])


def I(v): return (INT, v)
def F(v): return (FD, v)
def S(p): return (STR, p.encode() if isinstance(p, str) else p)
def B(b): return (IN, b)
def O(n): return (OUT, n)
def L(n): return (OUT, n, "L")
N = (NONE,)


def ename(r):
    return errno.errorcode.get(-r, str(r)) if r < 0 else str(r)


class Conn:
    def __init__(self, sock, proc=None):
        self.s, self.proc, self.buf, self.id = sock, proc, b"", 0

    @classmethod
    def open(cls):
        if os.environ.get("CONNECT"):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(os.environ["CONNECT"])
            return cls(s)
        a, b = socket.socketpair()
        p = subprocess.Popen(os.environ["SERVE"], shell=True, stdin=b, stdout=b)
        b.close()
        return cls(a, p)

    def send_raw(self, data):
        try:
            self.s.sendall(data)
        except OSError:
            pass    # the server hung up: what it said is read next

    def send(self, typ, payload, id=0, flags=0):
        self.send_raw(HDR.pack(len(payload), typ, flags, id) + payload)

    def recv(self, timeout=10):
        """(type, id, payload), or None at EOF."""
        self.s.settimeout(timeout)
        while True:
            if len(self.buf) >= 12:
                n, t, _, i = HDR.unpack_from(self.buf)
                if len(self.buf) >= 12 + n:
                    p = self.buf[12:12 + n]
                    self.buf = self.buf[12 + n:]
                    return t, i, p
            try:
                d = self.s.recv(1 << 20)
            except (ConnectionResetError, socket.timeout):
                d = b""
            if not d:
                return None
            self.buf += d

    def hello(self, token=b"", version=1):
        self.send(HELLO, struct.pack("<IIH", version, 0, len(token)) + token)
        return self.expect_welcome()

    def expect_welcome(self):
        f = self.recv()
        if f is None:
            return "closed"
        t, _, p = f
        if t == WELCOME:
            v, _, mx = struct.unpack("<III", p)
            return "welcome version %d max_frame %d" % (v, mx)
        return self.describe(f)

    @staticmethod
    def describe(f):
        t, _, p = f
        if t == ERROR:
            e, n = struct.unpack_from("<iH", p)
            return "error %s: %s" % (errno.errorcode.get(e, e), p[6:6 + n].decode())
        return "frame type %d" % t

    def encode(self, name, args):
        p = struct.pack("<IB", NR[name] if isinstance(name, str) else name, len(args))
        for a in args:
            p += bytes([a[0]])
            if a[0] in (STR, IN):
                p += struct.pack("<I", len(a[1])) + a[1]
            elif a[0] != NONE:
                p += struct.pack("<q", a[1])
        return p

    def call(self, name, *args):
        """ret, [out bytes...], [full...]; or raises on a non-RESULT."""
        self.id += 1
        self.send(CALL, self.encode(name, args), self.id)
        f = self.recv()
        if f is None:
            raise EOFError("closed")
        t, i, p = f
        if t != RESULT:
            raise EOFError(self.describe(f))
        assert i == self.id, (i, self.id)
        ret, nouts = struct.unpack_from("<qB", p)
        off, outs, fulls = 9, [], []
        for a in args:
            if a[0] != OUT or not nouts:
                continue
            full = None
            if len(a) > 2:
                full, = struct.unpack_from("<I", p, off)
                off += 4
            n, = struct.unpack_from("<I", p, off)
            outs.append(p[off + 4:off + 4 + n])
            fulls.append(full)
            off += 4 + n
        assert off == len(p), (off, len(p))
        return ret, outs, fulls

    def close(self):
        self.s.close()
        if self.proc:
            try:
                return self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return "hung"
        return None


def opn(c, path, flags=O_RDONLY, mode=0, dirfd=AT_FDCWD):
    return c.call("openat", F(dirfd), S(path), I(flags), I(mode))[0]


def read_all(c, fd):
    r, o, _ = c.call("read", F(fd), O(4096), I(4096))
    return o[0] if r >= 0 else ename(r)


def show(label, r):
    print("%s = %s" % (label, r if isinstance(r, (str, bytes)) else ename(r)))


def dents(c, fd):
    r, o, _ = c.call("getdents64", F(fd), O(8192), I(8192))
    names, d = [], o[0] if r > 0 else b""
    while d:
        reclen, = struct.unpack_from("<H", d, 16)
        names.append(d[19:reclen].split(b"\0")[0].decode())
        d = d[reclen:]
    return " ".join(sorted(n for n in names if n not in (".", "..")))


# ---- scenarios ----

def sc_files(c):
    """Files beneath --root: open, read, stat, write, rename, dirs, cwd."""
    print(c.hello())
    fd = opn(c, "hello")
    show("read hello", read_all(c, fd))
    r, o, _ = c.call("fstat", F(fd), O(144))
    show("fstat size", "%d %d" % (r, struct.unpack_from("<q", o[0], 48)[0]))
    r, o, _ = c.call("pread64", F(fd), O(5), I(5), I(6))
    show("pread 6", o[0])
    show("lseek", c.call("lseek", F(fd), I(0), I(2))[0])
    show("close", c.call("close", F(fd))[0])
    show("read after close", c.call("read", F(fd), O(10), I(10))[0])
    show("close again", c.call("close", F(fd))[0])
    fd = opn(c, "/hello")
    show("read /hello", read_all(c, fd))
    c.call("close", F(fd))
    fd = opn(c, "out", O_WRONLY | O_CREAT | O_TRUNC, 0o640)
    show("write", c.call("write", F(fd), B(b"written remotely\n"), I(17))[0])
    show("pwrite", c.call("pwrite64", F(fd), B(b"W"), I(1), I(0))[0])
    c.call("close", F(fd))
    r, o, _ = c.call("newfstatat", F(AT_FDCWD), S("out"), O(144), I(0))
    show("stat out mode", "%d %o" % (r, struct.unpack_from("<I", o[0], 24)[0] & 0o7777))
    show("mkdir d", c.call("mkdir", S("d"), I(0o755))[0])
    show("mkdir d again", c.call("mkdir", S("d"), I(0o755))[0])
    show("rename out", c.call("rename", S("out"), S("d/moved"))[0])
    show("access d/moved", c.call("access", S("d/moved"), I(4))[0])
    show("access out", c.call("access", S("out"), I(0))[0])
    dfd = opn(c, "d", O_RDONLY | O_DIRECTORY)
    show("openat dirfd", read_all(c, opn(c, "moved", dirfd=dfd)))
    show("openat dirfd ..", read_all(c, opn(c, "../hello", dirfd=dfd)))
    show("getdents d", dents(c, dfd))
    show("unlinkat", c.call("unlinkat", F(dfd), S("moved"), I(0))[0])
    show("getdents d", dents(c, opn(c, "d", O_RDONLY | O_DIRECTORY)))
    show("rmdir d", c.call("rmdir", S("d"))[0])
    show("chdir sub", c.call("chdir", S("sub"))[0])
    r, o, _ = c.call("getcwd", O(100), I(100))
    show("getcwd", "%d %s" % (r, o[0].rstrip(b"\0").decode()))
    show("read ../hello", read_all(c, opn(c, "../hello")))
    show("read inner", read_all(c, opn(c, "inner")))
    r, o, _ = c.call("getcwd", O(3), I(3))
    show("getcwd small", r)
    show("fchdir root fd", c.call("fchdir", F(opn(c, "/", O_RDONLY | O_DIRECTORY)))[0])
    r, o, _ = c.call("getcwd", O(100), I(100))
    show("getcwd", "%d %s" % (r, o[0].rstrip(b"\0").decode()))
    r, o, _ = c.call("statx", F(AT_FDCWD), S("hello"), I(0), I(0xfff), O(256))
    show("statx size", "%d %d" % (r, struct.unpack_from("<Q", o[0], 40)[0]))
    show("truncate", c.call("truncate", S("sub/inner"), I(3))[0])
    show("read inner", read_all(c, opn(c, "sub/inner")))
    show("chmod", c.call("chmod", S("sub/inner"), I(0o600))[0])
    show("symlink", c.call("symlink", S("sub/inner"), S("lnk"))[0])
    show("link", c.call("link", S("hello"), S("hardlink"))[0])
    r, o, _ = c.call("readlink", S("lnk"), O(100), I(100))
    show("readlink lnk", o[0] if r >= 0 else r)
    show("readlink hello", c.call("readlink", S("hello"), O(100), I(100))[0])
    show("unlink lnk", c.call("unlink", S("lnk"))[0])
    show("open empty", opn(c, ""))
    show("stat NULL", c.call("stat", N, O(144))[0])
    r, o, _ = c.call("newfstatat", F(AT_FDCWD), S(""), O(144), I(AT_EMPTY_PATH))
    show("stat cwd empty path", r)
    show("unknown call", c.call(59, )[0])
    c.send(BYE, b"")
    print("server exit", c.close())


def sc_misc(c):
    """The calls that act through an O_PATH fd: xattrs, chown, utimensat,
    statfs, *at forms with flags."""
    print(c.hello())
    ts = struct.pack("<qqqq", 1000000000, 0, 1200000000, 0)
    show("utimensat", c.call("utimensat", F(AT_FDCWD), S("hello"), B(ts), I(0))[0])
    r, o, _ = c.call("stat", S("hello"), O(144))
    show("mtime", struct.unpack_from("<q", o[0], 88)[0])
    fd = opn(c, "hello")
    show("futimens", c.call("utimensat", F(fd), N, N, I(0))[0])
    show("utimensat NULL path AT_FDCWD", c.call("utimensat", F(AT_FDCWD), N, N, I(0))[0])
    show("utimensat bad flags", c.call("utimensat", F(AT_FDCWD), S("hello"), N, I(1))[0])
    uid, gid = os.getuid(), os.getgid()
    show("chown", c.call("chown", S("hello"), I(uid), I(gid))[0])
    show("lchown esc", c.call("lchown", S("esc"), I(uid), I(gid))[0])
    show("fchownat empty", c.call("fchownat", F(fd), S(""), I(uid), I(gid), I(AT_EMPTY_PATH))[0])
    show("fchown", c.call("fchown", F(fd), I(uid), I(gid))[0])
    show("chown esc (dangling in root)", c.call("chown", S("esc"), I(uid), I(gid))[0])
    show("fchmodat", c.call("fchmodat", F(AT_FDCWD), S("hello"), I(0o604))[0])
    r, o, _ = c.call("fstat", F(fd), O(144))
    show("mode", "%o" % (struct.unpack_from("<I", o[0], 24)[0] & 0o7777))
    show("faccessat2 eaccess", c.call("faccessat2", F(AT_FDCWD), S("hello"), I(4), I(0x200))[0])
    show("faccessat2 bad flags", c.call("faccessat2", F(AT_FDCWD), S("hello"), I(4), I(1))[0])
    r, o, _ = c.call("statfs", S("sub"), O(120))
    show("statfs", "%d %d" % (r, len(o[0])))
    r, o, _ = c.call("fstatfs", F(fd), O(120))
    show("fstatfs", "%d %d" % (r, len(o[0])))
    r, o, _ = c.call("listxattr", S("hello"), O(256), I(256))
    show("listxattr", r if r < 0 else "ok")
    show("getxattr missing", c.call("getxattr", S("hello"), S("user.nope"), O(16), I(16))[0])
    show("lgetxattr esc", c.call("lgetxattr", S("esc"), S("user.nope"), O(16), I(16))[0])
    show("symlinkat", c.call("symlinkat", S("../hello"), F(AT_FDCWD), S("sub/l"))[0])
    show("linkat follow", c.call("linkat", F(AT_FDCWD), S("sub/l"), F(AT_FDCWD), S("sub/h"), I(0x400))[0])
    r, o, _ = c.call("lstat", S("sub/h"), O(144))
    show("linked a file", "%o" % (struct.unpack_from("<I", o[0], 24)[0] >> 12))
    show("linkat nofollow", c.call("linkat", F(AT_FDCWD), S("sub/l"), F(AT_FDCWD), S("sub/l2"), I(0))[0])
    r, o, _ = c.call("lstat", S("sub/l2"), O(144))
    show("linked a symlink", "%o" % (struct.unpack_from("<I", o[0], 24)[0] >> 12))
    show("renameat2 noreplace", c.call("renameat2", F(AT_FDCWD), S("sub/h"), F(AT_FDCWD), S("hello"), I(1))[0])
    show("rmdir /", c.call("rmdir", S("/"))[0])
    show("unlink dir", c.call("unlink", S("sub"))[0])
    show("mkdir trailing slash", c.call("mkdir", S("newd/"), I(0o700))[0])
    show("rmdir trailing slashes", c.call("rmdir", S("newd//"))[0])
    show("ftruncate", c.call("ftruncate", F(fd), I(0))[0])
    show("fsync", c.call("fsync", F(fd))[0])
    show("fadvise64", c.call("fadvise64", F(fd), I(0), I(0), I(0))[0])
    c.send(BYE, b"")
    print("server exit", c.close())


def sc_escape(c):
    """Nothing outside --root is reachable by name or by fd."""
    print(c.hello())
    for p in ("../secret", "../../../../secret", "/../secret", "sub/../../secret",
              "esc", "up", "updir/secret", "/proc/self/fd/0", "/proc/self/root/etc/passwd"):
        fd = opn(c, p)
        show("open " + p, read_all(c, fd) if fd >= 0 else fd)
    r, o, _ = c.call("readlink", S("esc"), O(100), I(100))
    show("readlink esc", o[0])
    show("lstat esc", c.call("lstat", S("esc"), O(144))[0])
    show("stat esc", c.call("stat", S("esc"), O(144))[0])
    show("unlink ../secret", c.call("unlink", S("../secret"))[0])
    show("rename hello to ../stolen", c.call("rename", S("hello"), S("../stolen"))[0])
    show("mkdir ../made", c.call("mkdir", S("../made"), I(0o700))[0])
    show("symlink via up", c.call("symlink", S("x"), S("updir/planted"))[0])
    show("chdir ..", c.call("chdir", S("../.."))[0])
    r, o, _ = c.call("getcwd", O(100), I(100))
    show("getcwd", o[0].rstrip(b"\0"))
    # the server's own fds: stdio, the socket, the root
    bad = [fd for fd in range(0, 64) if c.call("fstat", F(fd), O(144))[0] != -errno.EBADF]
    show("foreign fds usable", " ".join(map(str, bad)) or "none")
    show("fchdir 0", c.call("fchdir", F(0))[0])
    show("close 1", c.call("close", F(1))[0])
    show("dirfd 2", opn(c, "hello", dirfd=2))
    show("still alive", read_all(c, opn(c, "stolen")))
    c.send(BYE, b"")
    print("server exit", c.close())


def sc_garbage(c, which):
    """A bad frame gets an ERROR (or the door), the server exits non-zero."""
    print(c.hello())
    good = c.encode("read", [F(AT_FDCWD), O(4), I(4)])
    frames = {
        "truncated": HDR.pack(len(good) + 5, CALL, 0, 1) + good,
        "short_payload": HDR.pack(3, CALL, 0, 1) + good[:3],
        "oversized": HDR.pack(0x7fffffff, CALL, 0, 1) + b"x" * 64,
        "bad_type": HDR.pack(0, 77, 0, 1),
        "bad_flags": HDR.pack(len(good), CALL, 8, 1) + good,
        "bad_kind": HDR.pack(len(good), CALL, 0, 1) + good[:5] + b"\x09" + good[6:],
        "wrong_kind": HDR.pack(len(good), CALL, 0, 1) + good[:5] + bytes([INT]) + good[6:],
        "size_mismatch": HDR.pack(len(good), CALL, 0, 1) + good[:-8] + struct.pack("<q", 5),
        "huge_out": c.encode("read", [F(0), O(1 << 30), I(1 << 30)]),
        "nul_in_path": c.encode("open", [S(b"a\0b"), I(0), I(0)]),
        "hello_again": HDR.pack(10, HELLO, 0, 1) + struct.pack("<IIH", 1, 0, 0),
        "result": HDR.pack(9, RESULT, 0, 1) + b"\0" * 9,
    }
    f = frames[which]
    if which in ("huge_out", "nul_in_path"):
        f = HDR.pack(len(f), CALL, 0, 1) + f
    c.send_raw(f)
    if which == "truncated":
        c.s.shutdown(socket.SHUT_WR)
    r = c.recv()
    print(c.describe(r) if r else "closed")
    print("server exit", c.close())


def sc_hello(c, token, version):
    print(c.hello(token.encode(), int(version)))
    if os.environ.get("CALL_AFTER"):
        try:
            show("read hello", read_all(c, opn(c, "hello")))
        except EOFError as e:
            print("call:", e)
    print("server exit", c.close())


def sc_nohello(c):
    c.send(CALL, c.encode("read", [F(0), O(1), I(1)]), 1)
    r = c.recv()
    print(c.describe(r) if r else "closed")
    print("server exit", c.close())


def sc_calls(c):
    """serve --calls openat,read,close: the rest is refused with EPERM."""
    print(c.hello())
    fd = opn(c, "hello")
    show("read", read_all(c, fd))
    show("fstat", c.call("fstat", F(fd), O(144))[0])
    show("unlink", c.call("unlink", S("hello"))[0])
    show("socket", c.call("socket", I(2), I(1), I(0))[0])
    show("close", c.call("close", F(fd))[0])
    print("server exit", c.close())


def sc_session(c, name, hold):
    """For the concurrency test: open a file, report its fd, keep it."""
    print(name, c.hello())
    fd = opn(c, name)
    print(name, "fd", fd, read_all(c, fd).decode().strip())
    sys.stdout.flush()
    time.sleep(float(hold))
    # whatever fd the other session got is not ours
    other = int(os.environ.get("OTHER_FD", "-1"))
    if other >= 0 and other != fd:
        show(name + " other fd", c.call("fstat", F(other), O(144))[0])
    show(name + " own fd", c.call("fstat", F(fd), O(144))[0])
    c.send(BYE, b"")
    c.close()


def sc_hold(c, n):
    """Open n files and die without BYE (the server must release them)."""
    print(c.hello())
    fds = [opn(c, "hello") for _ in range(int(n))]
    print("opened", sum(1 for f in fds if f >= 0))
    sys.stdout.flush()
    time.sleep(30)


def sc_limit(c):
    """A session holds at most 1024 fds."""
    print(c.hello())
    got = 0
    while True:
        r = opn(c, "hello")
        if r < 0:
            break
        got += 1
    print("opened", got, "then", ename(r))
    c.send(BYE, b"")
    print("server exit", c.close())


def sc_tcp(c, port):
    """socket/connect/sendto/recvfrom/getpeername through the server."""
    print(c.hello())
    fd = c.call("socket", I(2), I(1), I(0))[0]
    addr = struct.pack("<HH4s8x", 2, socket.htons(int(port)), socket.inet_aton("127.0.0.1"))
    show("connect", c.call("connect", F(fd), B(addr), I(len(addr)))[0])
    r, o, full = c.call("getpeername", F(fd), L(16), N)
    show("getpeername", "%d %d %s" % (r, full[0], socket.inet_ntoa(o[0][4:8])))
    r, o, full = c.call("getpeername", F(fd), L(4), N)
    show("getpeername cut", "%d %d %d" % (r, len(o[0]), full[0]))
    show("sendto", c.call("sendto", F(fd), B(b"ping\n"), I(5), I(0), N, I(0))[0])
    r, o, _ = c.call("recvfrom", F(fd), O(100), I(100), I(0), N, N)
    show("recvfrom", o[0])
    show("close", c.call("close", F(fd))[0])
    c.send(BYE, b"")
    print("server exit", c.close())


def sc_unix(c):
    """AF_UNIX addresses are paths: beneath --root too."""
    print(c.hello())
    fd = c.call("socket", I(1), I(1), I(0))[0]
    sun = lambda p: struct.pack("<H", 1) + p + b"\0"
    show("bind sub/s", c.call("bind", F(fd), B(sun(b"sub/s")), I(len(sun(b"sub/s"))))[0])
    show("listen", c.call("listen", F(fd), I(4))[0])
    cfd = c.call("socket", I(1), I(1), I(0))[0]
    show("connect /sub/s", c.call("connect", F(cfd), B(sun(b"/sub/s")), I(len(sun(b"/sub/s"))))[0])
    afd = c.call("accept4", F(fd), N, N, I(0))[0]
    show("accept4", "fd" if afd >= 0 else afd)
    show("send", c.call("sendto", F(cfd), B(b"hi"), I(2), I(0), N, I(0))[0])
    show("recv", c.call("recvfrom", F(afd), O(10), I(10), I(0), N, N)[1][0])
    out = c.call("socket", I(1), I(1), I(0))[0]
    p = b"../outside.sock"
    show("connect ../outside.sock", c.call("connect", F(out), B(sun(p)), I(len(sun(p))))[0])
    ab = struct.pack("<H", 1) + b"\0abstract-tbx"
    show("bind abstract", c.call("bind", F(out), B(ab), I(len(ab)))[0])
    c.send(BYE, b"")
    print("server exit", c.close())


def main():
    c = Conn.open()
    sc = globals()["sc_" + sys.argv[2]]
    try:
        sc(c, *sys.argv[3:])
    except EOFError as e:
        print("connection:", e)
        print("server exit", c.close())


main()

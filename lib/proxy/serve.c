/* The executing side of the proxy: one session = HELLO, then CALLs
 * executed here and answered, until BYE or EOF.
 *
 * Confinement (docs/proxy-protocol.md, "Security model"):
 * - only fds the session created can be named (the server's own stdio,
 *   socket and root fds answer EBADF);
 * - every path resolves from the root fd with openat2 RESOLVE_IN_ROOT |
 *   RESOLVE_NO_MAGICLINKS (the root is "/" without --root): "..", absolute
 *   names and symlinks all stay beneath it. Relative names are joined to
 *   the session's cwd (a string, relative to the root) or to the dirfd's
 *   path, so ".." above a dirfd behaves as the kernel's;
 * - calls that act on a path open it (O_PATH) that way first and act on
 *   the fd; calls that create or remove a name open its parent and act
 *   on the last component, which the kernel never follows for them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "proxy/proto.h"
#include "syscallent.h"

#define MAX_FDS 1024		/* fds one session may hold */
#define PATH_BUF (2 * PATH_MAX + 2)	/* a dir's path, '/', a name */
#define FOLLOW_EVERY 1024	/* calls between two looks at the client's CPU */

struct sess {
	struct tbx_serve_opts o;
	struct tbx_logger lg;
	bool out_sock;		/* send with MSG_NOSIGNAL */
	bool confined;		/* --root given */
	int root;
	char rootpath[PATH_MAX];	/* "" for "/" */
	size_t rootlen;
	char cwd[PATH_MAX];	/* relative to the root, starts with '/' */
	uint64_t *owned;	/* bitmap of fds this session created */
	unsigned owned_bits, nowned;
	struct tbx_preader rd;
	pid_t peer;		/* the local client whose CPU we share, or 0 */
	unsigned ncalls;
	cpu_set_t cpus, on;	/* ours at the start, ours now */
	uint8_t *scratch;	/* OUT buffers of the current call */
	size_t scratch_cap;
	struct tbx_sbuf wb;
	char str[TBX_PROTO_MAX_ARGS][TBX_PROTO_MAX_STR + 1];
	char path[2][PATH_BUF];
};

/* One call being executed. */
struct pc {
	const struct tbx_pcall_spec *spec;
	const struct tbx_pcall *c;
	long raw[TBX_PROTO_MAX_ARGS];	/* the arguments as the kernel takes them */
	socklen_t sl[TBX_PROTO_MAX_ARGS];
	uint8_t *out[TBX_PROTO_MAX_ARGS];
};

/* ---- fds ---- */

static bool fd_owned(const struct sess *s, int64_t fd)
{
	return fd >= 0 && fd < s->owned_bits &&
	       (s->owned[fd / 64] >> (fd % 64) & 1);
}

static int fd_own(struct sess *s, int fd)
{
	if ((unsigned)fd >= s->owned_bits) {
		unsigned bits = (unsigned)fd + 256 - (unsigned)fd % 64;
		uint64_t *p = realloc(s->owned, bits / 8);

		if (!p)
			return -ENOMEM;
		memset(p + s->owned_bits / 64, 0, (bits - s->owned_bits) / 8);
		s->owned = p;
		s->owned_bits = bits;
	}
	s->owned[fd / 64] |= 1ull << (fd % 64);
	s->nowned++;
	return 0;
}

static void fd_release(struct sess *s, int fd)
{
	s->owned[fd / 64] &= ~(1ull << (fd % 64));
	s->nowned--;
}

/* A session fd named by the client, or -EBADF. */
static int fd_get(const struct sess *s, int64_t fd)
{
	return fd_owned(s, fd) ? (int)fd : -EBADF;
}

/* ---- paths ---- */

static void proc_fd(char *buf, size_t n, int fd)
{
	snprintf(buf, n, "/proc/self/fd/%d", fd);
}

/* The path of directory fd relative to the root, "/..." in out. */
static int dir_path(struct sess *s, int fd, char *out, size_t n)
{
	char link[32], p[PATH_MAX];
	ssize_t k;

	proc_fd(link, sizeof(link), fd);
	k = readlink(link, p, sizeof(p) - 1);
	if (k < 0)
		return -errno;
	p[k] = 0;
	if (p[0] != '/')
		return -ENOTDIR;	/* a socket, a pipe */
	if (k > 10 && !strcmp(p + k - 10, " (deleted)"))
		return -ENOENT;
	if (strncmp(p, s->rootpath, s->rootlen) || (p[s->rootlen] && p[s->rootlen] != '/'))
		return -EXDEV;	/* moved out of the root behind our back */
	if (snprintf(out, n, "%s", p[s->rootlen] ? p + s->rootlen : "/") >= (int)n)
		return -ENAMETOOLONG;
	return 0;
}

/* The name (dirfd, p) as seen from the root, in out. */
static int path_join(struct sess *s, int64_t dirfd, const char *p, char *out)
{
	char base[PATH_MAX];
	int e;

	if (p[0] == '/')
		return snprintf(out, PATH_BUF, "%s", p) >= PATH_BUF ? -ENAMETOOLONG : 0;
	if (dirfd == AT_FDCWD) {
		snprintf(base, sizeof(base), "%s", s->cwd);
	} else {
		e = fd_get(s, dirfd);
		if (e < 0)
			return e;
		e = dir_path(s, (int)dirfd, base, sizeof(base));
		if (e)
			return e;
	}
	return snprintf(out, PATH_BUF, "%s/%s", strcmp(base, "/") ? base : "", p) >= PATH_BUF
		       ? -ENAMETOOLONG : 0;
}

/* openat2 beneath the root; the caller owns the fd. */
static int root_open(struct sess *s, const char *full, uint64_t flags, uint64_t mode)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC,
		.mode = mode,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = -1;

	/* EAGAIN: a rename raced the ".." checks; the kernel asks to retry */
	for (int i = 0; i < 16; i++) {
		fd = syscall(SYS_openat2, s->root, full, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return fd < 0 ? -errno : (int)fd;
}

/* An fd for the object (dirfd, p): an O_PATH one to close (*tmp set), or
 * dirfd itself for "" when empty_ok (AT_EMPTY_PATH). */
static int path_fd(struct sess *s, int64_t dirfd, const char *p, bool nofollow,
		   bool empty_ok, bool *tmp)
{
	int e;

	*tmp = true;
	if (!p[0]) {
		if (!empty_ok)
			return -ENOENT;
		if (dirfd != AT_FDCWD) {
			*tmp = false;
			return fd_get(s, dirfd);
		}
		p = ".";
	}
	e = path_join(s, dirfd, p, s->path[0]);
	if (e)
		return e;
	return root_open(s, s->path[0], O_PATH | (nofollow ? O_NOFOLLOW : 0), 0);
}

/* The directory holding the last component of (dirfd, p), which is
 * left in *last (with its trailing slashes: the kernel reads them). */
static int parent_fd(struct sess *s, int64_t dirfd, const char *p, char *buf,
		     const char **last)
{
	size_t end, k;
	int e;

	if (!p[0])
		return -ENOENT;
	e = path_join(s, dirfd, p, buf);
	if (e)
		return e;
	for (end = strlen(buf); end && buf[end - 1] == '/'; end--)
		;
	if (!end)		/* "/": no last component, as the kernel's LAST_ROOT */
		return -EBUSY;
	for (k = end; k && buf[k - 1] != '/'; k--)
		;
	/* buf starts with '/', so k >= 1: move the name after the NUL */
	memmove(buf + k + 1, buf + k, strlen(buf + k) + 1);
	buf[k] = 0;
	*last = buf + k + 1;
	return root_open(s, buf, O_PATH | O_DIRECTORY, 0);
}

/* ---- the calls ---- */

static long sys_ret(long r)
{
	return r < 0 ? -errno : r;
}

static const char *arg_str(struct sess *s, const struct tbx_pcall *c, unsigned i)
{
	if (c->a[i].kind != TBX_PA_STR)
		return NULL;
	memcpy(s->str[i], c->a[i].b.p, c->a[i].b.len);
	s->str[i][c->a[i].b.len] = 0;
	return s->str[i];
}

/* Path arguments are never NULL in these calls: the kernel says EFAULT. */
#define NEED_STR(p) do { if (!(p)) return -EFAULT; } while (0)

#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
		    O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT | 0100000 | O_DIRECTORY | \
		    O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)

static long do_open(struct sess *s, int64_t dirfd, const char *p, int64_t flags, int64_t mode)
{
	int e;

	NEED_STR(p);
	if (!p[0])
		return -ENOENT;
	/* open(2) ignores unknown flags and mode bits, openat2 refuses them */
	flags &= OPEN_FLAGS;
	if (!(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE)
		mode = 0;
	e = path_join(s, dirfd, p, s->path[0]);
	if (e)
		return e;
	return root_open(s, s->path[0], (uint64_t)flags, (uint64_t)mode & 07777);
}

/* stat, lstat, newfstatat, statx: on an O_PATH fd of the object. */
static long do_stat(struct sess *s, struct pc *x, int64_t dirfd, const char *p,
		    int64_t flags, bool is_statx, int64_t mask, void *buf)
{
	bool tmp;
	long r;
	int fd;

	NEED_STR(p);
	if (!is_statx && (flags & ~(int64_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)))
		return -EINVAL;
	fd = path_fd(s, dirfd, p, flags & AT_SYMLINK_NOFOLLOW, flags & AT_EMPTY_PATH, &tmp);
	if (fd < 0)
		return fd;
	flags = (flags & ~(int64_t)AT_SYMLINK_NOFOLLOW) | AT_EMPTY_PATH;
	if (is_statx)
		r = sys_ret(syscall(SYS_statx, fd, "", (int)flags, (unsigned)mask, buf));
	else
		r = sys_ret(syscall(SYS_newfstatat, fd, "", buf, (int)flags));
	if (tmp)
		close(fd);
	return r;
}

static long do_access(struct sess *s, int64_t dirfd, const char *p, int64_t mode, int64_t flags)
{
	bool tmp;
	long r;
	int fd;

	NEED_STR(p);
	if (flags & ~(int64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = path_fd(s, dirfd, p, flags & AT_SYMLINK_NOFOLLOW, flags & AT_EMPTY_PATH, &tmp);
	if (fd < 0)
		return fd;
	r = sys_ret(syscall(SYS_faccessat2, fd, "", (int)mode,
			    (int)((flags & AT_EACCESS) | AT_EMPTY_PATH)));
	if (tmp)
		close(fd);
	return r;
}

static long do_readlink(struct sess *s, int64_t dirfd, const char *p, void *buf, int64_t size)
{
	struct stat st;
	bool tmp;
	long r;
	int fd;

	NEED_STR(p);
	if (size <= 0)
		return -EINVAL;
	fd = path_fd(s, dirfd, p, true, dirfd != AT_FDCWD, &tmp);
	if (fd < 0)
		return fd;
	if (tmp && !fstat(fd, &st) && !S_ISLNK(st.st_mode))
		r = -EINVAL;
	else
		r = sys_ret(readlinkat(fd, "", buf, (size_t)size));
	if (tmp)
		close(fd);
	return r;
}

/* mkdir, unlink, rmdir, symlink: act on the name in its parent. */
static long do_name(struct sess *s, long nr, int64_t dirfd, const char *p, int64_t arg,
		    const char *target)
{
	const char *last;
	long r;
	int pfd;

	NEED_STR(p);
	if (nr == TBX_NR64_unlinkat && (arg & ~(int64_t)AT_REMOVEDIR))
		return -EINVAL;
	pfd = parent_fd(s, dirfd, p, s->path[1], &last);
	if (pfd == -EBUSY && nr != TBX_NR64_unlinkat)
		return -EEXIST;	/* mkdir("/"), symlink(x, "/") */
	if (pfd == -EBUSY && !(arg & AT_REMOVEDIR))
		return -EISDIR;
	if (pfd < 0)
		return pfd;
	if (nr == TBX_NR64_mkdirat)
		r = mkdirat(pfd, last, (mode_t)arg);
	else if (nr == TBX_NR64_symlinkat)
		r = symlinkat(target, pfd, last);
	else
		r = unlinkat(pfd, last, (int)arg);
	close(pfd);
	return sys_ret(r);
}

static long do_rename(struct sess *s, int64_t od, const char *op, int64_t nd,
		      const char *np, int64_t flags)
{
	const char *l1, *l2;
	int p1, p2;
	long r;

	NEED_STR(op);
	NEED_STR(np);
	p1 = parent_fd(s, od, op, s->path[1], &l1);
	if (p1 < 0)
		return p1;
	/* path[0] is scratch for path_join inside parent_fd: use a copy */
	memcpy(s->path[0], s->path[1], sizeof(s->path[1]));
	l1 = s->path[0] + (l1 - s->path[1]);
	p2 = parent_fd(s, nd, np, s->path[1], &l2);
	if (p2 < 0) {
		close(p1);
		return p2;
	}
	r = sys_ret(syscall(SYS_renameat2, p1, l1, p2, l2, (unsigned)flags));
	close(p1);
	close(p2);
	return r;
}

/* link, linkat: the old name opened (following or not), linked through
 * its /proc/self/fd link, which needs no privilege. */
static long do_link(struct sess *s, int64_t od, const char *op, int64_t nd,
		    const char *np, int64_t flags)
{
	char proc[32];
	const char *last;
	bool tmp;
	int fd, pfd;
	long r;

	NEED_STR(op);
	NEED_STR(np);
	if (flags & ~(int64_t)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = path_fd(s, od, op, !(flags & AT_SYMLINK_FOLLOW), flags & AT_EMPTY_PATH, &tmp);
	if (fd < 0)
		return fd;
	pfd = parent_fd(s, nd, np, s->path[1], &last);
	if (pfd < 0) {
		r = pfd == -EBUSY ? -EEXIST : pfd;
	} else {
		proc_fd(proc, sizeof(proc), fd);
		r = sys_ret(linkat(AT_FDCWD, proc, pfd, last, AT_SYMLINK_FOLLOW));
		close(pfd);
	}
	if (tmp)
		close(fd);
	return r;
}

/* chmod, truncate, chown, xattrs, utimensat, statfs: on the object's
 * O_PATH fd, through /proc/self/fd where the call has no fd form. */
static long do_onpath(struct sess *s, long nr, int64_t dirfd, const char *p,
		      int64_t flags, long a1, long a2, long a3)
{
	char proc[32];
	bool tmp, nofollow = flags & AT_SYMLINK_NOFOLLOW;
	long r;
	int fd;

	NEED_STR(p);
	fd = path_fd(s, dirfd, p, nofollow, flags & AT_EMPTY_PATH, &tmp);
	if (fd < 0)
		return fd;
	proc_fd(proc, sizeof(proc), fd);
	switch (nr) {
	case TBX_NR64_fchmodat:
		r = chmod(proc, (mode_t)a1);
		break;
	case TBX_NR64_truncate:
		r = truncate(proc, (off_t)a1);
		break;
	case TBX_NR64_fchownat:
		r = fchownat(fd, "", (uid_t)a1, (gid_t)a2, AT_EMPTY_PATH);
		break;
	case TBX_NR64_getxattr:
		r = getxattr(proc, (const char *)a1, (void *)a2, (size_t)a3);
		break;
	case TBX_NR64_listxattr:
		r = listxattr(proc, (char *)a1, (size_t)a2);
		break;
	case TBX_NR64_utimensat:
		r = syscall(SYS_utimensat, AT_FDCWD, proc, a1, 0);
		break;
	case TBX_NR64_statfs:
		r = syscall(SYS_statfs, proc, a1);
		break;
	default:
		r = -1;
		errno = ENOSYS;
	}
	r = sys_ret(r);
	if (tmp)
		close(fd);
	return r;
}

static long do_chdir(struct sess *s, int fd, bool tmp)
{
	char p[PATH_MAX];
	struct stat st;
	long r;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st))
		r = -errno;
	else if (!S_ISDIR(st.st_mode))
		r = -ENOTDIR;
	else if (syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS))
		r = -errno;
	else
		r = dir_path(s, fd, p, sizeof(p));
	if (!r)
		memcpy(s->cwd, p, strlen(p) + 1);
	if (tmp)
		close(fd);
	return r;
}

static long do_getcwd(struct sess *s, void *buf, int64_t size)
{
	size_t n = strlen(s->cwd) + 1;

	if (!buf)
		return -EFAULT;
	if (size < 0 || (uint64_t)size < n)
		return -ERANGE;
	memcpy(buf, s->cwd, n);
	return (long)n;
}

/* A unix socket address names a file: resolved beneath the root like any
 * path, then given to the kernel as /proc/self/fd/N (connect, sendto) or
 * /proc/self/fd/DIR/NAME (bind). Other families go as they are. */
static long do_sockaddr(struct sess *s, struct pc *x, unsigned ai)
{
	const struct tbx_pbuf *b = &x->c->a[ai].b;
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char name[sizeof(un.sun_path) + 1];
	const char *last;
	size_t n;
	sa_family_t fam = 0;
	long r;
	int fd;

	if (x->c->a[ai].kind == TBX_PA_IN && b->len >= sizeof(fam))
		memcpy(&fam, b->p, sizeof(fam));	/* the frame has no alignment */
	if (fam != AF_UNIX || b->len <= offsetof(struct sockaddr_un, sun_path))
		return syscall(x->spec->nr, x->raw[0], x->raw[1], x->raw[2], x->raw[3],
			       x->raw[4], x->raw[5]);
	n = b->len - offsetof(struct sockaddr_un, sun_path);
	if (n > sizeof(un.sun_path))
		n = sizeof(un.sun_path);
	memcpy(name, b->p + offsetof(struct sockaddr_un, sun_path), n);
	name[n] = 0;
	if (!name[0]) {		/* abstract: not a path, out of --root's reach */
		if (!s->confined)
			return syscall(x->spec->nr, x->raw[0], x->raw[1], x->raw[2], x->raw[3],
				       x->raw[4], x->raw[5]);
		errno = EPERM;
		return -1;
	}
	if (x->spec->nr == TBX_NR64_bind) {
		fd = parent_fd(s, AT_FDCWD, name, s->path[1], &last);
		if (fd < 0)
			goto fail;
		n = (size_t)snprintf(un.sun_path, sizeof(un.sun_path), "/proc/self/fd/%d/%s", fd, last);
	} else {
		if (path_join(s, AT_FDCWD, name, s->path[0]) < 0) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = root_open(s, s->path[0], O_PATH, 0);
		if (fd < 0)
			goto fail;
		n = (size_t)snprintf(un.sun_path, sizeof(un.sun_path), "/proc/self/fd/%d", fd);
	}
	if (n >= sizeof(un.sun_path)) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	x->raw[ai] = (long)&un;
	x->raw[ai + 1] = (long)sizeof(un);
	r = syscall(x->spec->nr, x->raw[0], x->raw[1], x->raw[2], x->raw[3], x->raw[4], x->raw[5]);
	n = (size_t)errno;
	close(fd);
	errno = (int)n;
	return r;
fail:
	errno = -fd;
	return -1;
}

/* Arguments as the kernel takes them; -errno for a foreign fd. */
static int prepare(struct sess *s, struct pc *x)
{
	const struct tbx_pcall *c = x->c;
	size_t need = 0, at = 0;

	for (unsigned i = 0; i < c->nargs; i++)
		if (c->a[i].kind == TBX_PA_OUT)
			need += (size_t)c->a[i].v + 8;
	if (need > s->scratch_cap) {
		uint8_t *p = realloc(s->scratch, need);

		if (!p)
			return -ENOMEM;
		s->scratch = p;
		s->scratch_cap = need;
	}
	for (unsigned i = 0; i < c->nargs; i++) {
		const struct tbx_parg *a = &c->a[i];
		char k = x->spec->kinds[i];

		switch (a->kind) {
		case TBX_PA_INT:
			x->raw[i] = (long)a->v;
			break;
		case TBX_PA_FD:
			if (k == 'd' && a->v == AT_FDCWD)
				x->raw[i] = AT_FDCWD;
			else if ((x->raw[i] = fd_get(s, a->v)) < 0)
				return -EBADF;
			break;
		case TBX_PA_STR:
			x->raw[i] = (long)arg_str(s, c, i);
			break;
		case TBX_PA_IN:
			x->raw[i] = a->b.len ? (long)a->b.p : (long)"";
			break;
		case TBX_PA_OUT:
			x->out[i] = s->scratch + at;
			at += (size_t)a->v + 8;
			x->raw[i] = (long)x->out[i];
			if (k == 'L') {
				x->sl[i] = (socklen_t)a->v;
				x->raw[x->spec->size_of[i]] = (long)&x->sl[i];
			}
			break;
		}
	}
	return 0;
}

#define A(i) (x->c->a[i].v)
#define S(i) ((const char *)x->raw[i])

static long run_path(struct sess *s, struct pc *x)
{
	long nr = x->spec->nr, *r = x->raw;
	bool tmp;
	int fd;

	switch (nr) {
	case TBX_NR64_open:
		return do_open(s, AT_FDCWD, S(0), A(1), A(2));
	case TBX_NR64_creat:
		return do_open(s, AT_FDCWD, S(0), O_CREAT | O_WRONLY | O_TRUNC, A(1));
	case TBX_NR64_openat:
		return do_open(s, A(0), S(1), A(2), A(3));
	case TBX_NR64_stat:
		return do_stat(s, x, AT_FDCWD, S(0), 0, false, 0, x->out[1]);
	case TBX_NR64_lstat:
		return do_stat(s, x, AT_FDCWD, S(0), AT_SYMLINK_NOFOLLOW, false, 0, x->out[1]);
	case TBX_NR64_newfstatat:
		return do_stat(s, x, A(0), S(1), A(3), false, 0, x->out[2]);
	case TBX_NR64_statx:
		return do_stat(s, x, A(0), S(1), A(2), true, A(3), x->out[4]);
	case TBX_NR64_access:
		return do_access(s, AT_FDCWD, S(0), A(1), 0);
	case TBX_NR64_faccessat:
		return do_access(s, A(0), S(1), A(2), 0);
	case TBX_NR64_faccessat2:
		return do_access(s, A(0), S(1), A(2), A(3));
	case TBX_NR64_readlink:
		return do_readlink(s, AT_FDCWD, S(0), x->out[1], A(2));
	case TBX_NR64_readlinkat:
		return do_readlink(s, A(0), S(1), x->out[2], A(3));
	case TBX_NR64_mkdir:
		return do_name(s, TBX_NR64_mkdirat, AT_FDCWD, S(0), A(1), NULL);
	case TBX_NR64_mkdirat:
		return do_name(s, TBX_NR64_mkdirat, A(0), S(1), A(2), NULL);
	case TBX_NR64_unlink:
		return do_name(s, TBX_NR64_unlinkat, AT_FDCWD, S(0), 0, NULL);
	case TBX_NR64_rmdir:
		return do_name(s, TBX_NR64_unlinkat, AT_FDCWD, S(0), AT_REMOVEDIR, NULL);
	case TBX_NR64_unlinkat:
		return do_name(s, TBX_NR64_unlinkat, A(0), S(1), A(2), NULL);
	case TBX_NR64_symlink:
		NEED_STR(S(0));
		return do_name(s, TBX_NR64_symlinkat, AT_FDCWD, S(1), 0, S(0));
	case TBX_NR64_symlinkat:
		NEED_STR(S(0));
		return do_name(s, TBX_NR64_symlinkat, A(1), S(2), 0, S(0));
	case TBX_NR64_rename:
		return do_rename(s, AT_FDCWD, S(0), AT_FDCWD, S(1), 0);
	case TBX_NR64_renameat:
		return do_rename(s, A(0), S(1), A(2), S(3), 0);
	case TBX_NR64_renameat2:
		return do_rename(s, A(0), S(1), A(2), S(3), A(4));
	case TBX_NR64_link:
		return do_link(s, AT_FDCWD, S(0), AT_FDCWD, S(1), 0);
	case TBX_NR64_linkat:
		return do_link(s, A(0), S(1), A(2), S(3), A(4));
	case TBX_NR64_chmod:
		return do_onpath(s, TBX_NR64_fchmodat, AT_FDCWD, S(0), 0, r[1], 0, 0);
	case TBX_NR64_fchmodat:
		return do_onpath(s, TBX_NR64_fchmodat, A(0), S(1), 0, r[2], 0, 0);
	case TBX_NR64_truncate:
		return do_onpath(s, TBX_NR64_truncate, AT_FDCWD, S(0), 0, r[1], 0, 0);
	case TBX_NR64_chown:
		return do_onpath(s, TBX_NR64_fchownat, AT_FDCWD, S(0), 0, r[1], r[2], 0);
	case TBX_NR64_lchown:
		return do_onpath(s, TBX_NR64_fchownat, AT_FDCWD, S(0), AT_SYMLINK_NOFOLLOW,
				 r[1], r[2], 0);
	case TBX_NR64_fchownat:
		if (A(4) & ~(int64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		return do_onpath(s, TBX_NR64_fchownat, A(0), S(1), A(4), r[2], r[3], 0);
	case TBX_NR64_getxattr:
	case TBX_NR64_lgetxattr:
		NEED_STR(S(1));
		return do_onpath(s, TBX_NR64_getxattr, AT_FDCWD, S(0),
				 nr == TBX_NR64_lgetxattr ? AT_SYMLINK_NOFOLLOW : 0, r[1], r[2], r[3]);
	case TBX_NR64_listxattr:
	case TBX_NR64_llistxattr:
		return do_onpath(s, TBX_NR64_listxattr, AT_FDCWD, S(0),
				 nr == TBX_NR64_llistxattr ? AT_SYMLINK_NOFOLLOW : 0, r[1], r[2], 0);
	case TBX_NR64_utimensat:
		if (A(3) & ~(int64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		if (!S(1)) {	/* futimens(dirfd) */
			if (A(0) == AT_FDCWD)
				return -EFAULT;
			return sys_ret(syscall(SYS_utimensat, r[0], NULL, r[2], 0));
		}
		return do_onpath(s, TBX_NR64_utimensat, A(0), S(1), A(3), r[2], 0, 0);
	case TBX_NR64_statfs:
		return do_onpath(s, TBX_NR64_statfs, AT_FDCWD, S(0), 0, r[1], 0, 0);
	case TBX_NR64_chdir:
		NEED_STR(S(0));
		fd = path_fd(s, AT_FDCWD, S(0), false, false, &tmp);
		return do_chdir(s, fd, tmp);
	case TBX_NR64_connect:
	case TBX_NR64_bind:
		return sys_ret(do_sockaddr(s, x, 1));
	case TBX_NR64_sendto:
		return sys_ret(do_sockaddr(s, x, 4));
	}
	return -ENOSYS;
}

/* Every other call: fds mapped, pointers to our buffers, straight in. */
static long run_plain(struct sess *s, struct pc *x)
{
	long *r = x->raw;

	switch (x->spec->nr) {
	case TBX_NR64_socket:
		r[1] |= SOCK_CLOEXEC;
		break;
	case TBX_NR64_accept:
		return sys_ret(accept4((int)r[0], (void *)r[1], (void *)r[2], SOCK_CLOEXEC));
	case TBX_NR64_accept4:
		r[3] |= SOCK_CLOEXEC;
		break;
	case TBX_NR64_fchdir:
		return do_chdir(s, (int)r[0], false);
	case TBX_NR64_getcwd:
		return do_getcwd(s, (void *)r[0], A(1));
	}
	return sys_ret(syscall(x->spec->nr, r[0], r[1], r[2], r[3], r[4], r[5]));
}

static long run_close(struct sess *s, struct pc *x)
{
	int fd = (int)x->raw[0];

	fd_release(s, fd);
	/* the fd is gone whatever close says (EINTR, EIO) */
	return sys_ret(close(fd));
}

static long run_call(struct sess *s, struct pc *x)
{
	long r;
	int e;

	if (s->o.allowed && x->spec->nr != TBX_NR64_close &&
	    !(s->o.allowed[x->spec->nr / 8] >> (x->spec->nr % 8) & 1))
		return -EPERM;
	if ((x->spec->flags & TBX_PC_NEWFD) && s->nowned >= MAX_FDS)
		return -EMFILE;
	e = prepare(s, x);
	if (e)
		return e;
	if (x->spec->flags & TBX_PC_CLOSE)
		return run_close(s, x);
	r = x->spec->flags & TBX_PC_PATH ? run_path(s, x) : run_plain(s, x);
	if (r >= 0 && (x->spec->flags & TBX_PC_NEWFD)) {
		e = fd_own(s, (int)r);
		if (e) {
			close((int)r);
			r = e;
		}
	}
	return r;
}

/* The OUT items of the answer: what the call filled. */
static void fill_result(struct pc *x, long ret, struct tbx_presult *res)
{
	const struct tbx_pcall *c = x->c;

	memset(res, 0, sizeof(*res));
	res->ret = ret;
	for (unsigned i = 0; i < c->nargs; i++) {
		uint32_t cap = (uint32_t)c->a[i].v, len = 0, full = 0;
		char k = x->spec->kinds[i];

		if (c->a[i].kind != TBX_PA_OUT)
			continue;
		if (ret >= 0 && k == 'L') {
			full = x->sl[i];
			len = full < cap ? full : cap;
		} else if (ret >= 0 && k == 'O') {
			len = full = cap;
		} else if (ret > 0) {
			len = full = (uint64_t)ret < cap ? (uint32_t)ret : cap;
		}
		res->out[res->nouts].p = x->out[i];
		res->out[res->nouts].len = len;
		res->full[res->nouts] = full;
		res->nouts++;
	}
}

/* ---- where the session runs ---- */

/* Each call is a ping-pong of tracee, tracer and session: on one CPU it
 * costs context switches, across two CPUs wake-ups of an idle one, which
 * are dearer (4 KiB preads: 28,500 calls/s against 21,600). The tracer
 * pins itself and a lone tracee to one CPU (TBX_TRACE_COLOCATE), so the
 * session of a local client joins it there, and gets its own CPUs back
 * when the client has more than one again. The client is the socket's
 * peer: the tracer for a unix socket or a socketpair (--remote); sshd,
 * or nobody (tcp), otherwise, which changes nothing. */
static void follow_init(struct sess *s)
{
	struct ucred uc;
	socklen_t n = sizeof(uc);

	if (getsockopt(s->o.in_fd, SOL_SOCKET, SO_PEERCRED, &uc, &n) == 0 && uc.pid > 0 &&
	    sched_getaffinity(0, sizeof(s->cpus), &s->cpus) == 0 && CPU_COUNT(&s->cpus) > 1) {
		s->peer = uc.pid;
		s->on = s->cpus;
	}
}

static void follow_client(struct sess *s)
{
	cpu_set_t peer, want;

	if (!s->peer || s->ncalls++ % FOLLOW_EVERY)
		return;
	if (sched_getaffinity(s->peer, sizeof(peer), &peer) < 0) {
		s->peer = 0;
		return;
	}
	CPU_AND(&want, &peer, &s->cpus);
	if (CPU_COUNT(&peer) != 1 || CPU_COUNT(&want) != 1)
		want = s->cpus;
	if (!CPU_EQUAL(&want, &s->on) && sched_setaffinity(0, sizeof(want), &want) == 0)
		s->on = want;
}

/* ---- frames in and out ---- */

static int send_buf(struct sess *s)
{
	return tbx_proto_send(s->o.out_fd, s->out_sock, &s->wb);
}

static int send_error(struct sess *s, uint32_t id, int err, const char *msg)
{
	tbx_log(&s->lg, TBX_LOG_WARN, "proxy session: %s", msg);
	tbx_proto_put_error(&s->wb, id, err, msg);
	send_buf(s);
	return -err;
}

static bool token_ok(const char *want, const struct tbx_pbuf *got)
{
	size_t n = strlen(want);
	volatile unsigned char d = n != got->len;

	/* as long as our token whatever was sent: the time says nothing */
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)want[i] ^ (i < got->len ? got->p[i] : 0);
	return !d;
}

static int handshake(struct sess *s)
{
	struct tbx_pframe f;
	struct tbx_pbuf tok;
	uint32_t v;
	char msg[96];
	int e = tbx_preader_next(&s->rd, &f, TBX_PCONN_HELLO_MS);

	if (e == 0)
		return -ECONNRESET;
	if (e == -ETIMEDOUT)
		return send_error(s, 0, ETIMEDOUT, "no hello in time");
	if (e < 0)
		return send_error(s, 0, -e, "garbage instead of hello");
	if (f.type != TBX_FR_HELLO || tbx_proto_get_hello(&f, &v, &tok))
		return send_error(s, f.id, EPROTO, "expected a hello");
	if (v != TBX_PROTO_VERSION) {
		snprintf(msg, sizeof(msg), "protocol version %u not supported (server speaks %u)",
			 v, TBX_PROTO_VERSION);
		return send_error(s, f.id, EPROTONOSUPPORT, msg);
	}
	if (s->o.token && !token_ok(s->o.token, &tok))
		return send_error(s, f.id, EACCES, "wrong token");
	tbx_proto_put_welcome(&s->wb);
	return send_buf(s);
}

static int serve_call(struct sess *s, const struct tbx_pframe *f)
{
	struct tbx_pcall c;
	struct tbx_presult res;
	struct pc x = { .c = &c };
	long r;
	int e = tbx_proto_get_call(f, &c);

	if (e == -ENOSYS) {
		r = -ENOSYS;	/* a call we do not know: no OUT items */
		memset(&res, 0, sizeof(res));
		res.ret = r;
		c.nargs = 0;
	} else if (e) {
		return send_error(s, f->id, -e, e == -EMSGSIZE ? "call too big" : "malformed call");
	} else {
		x.spec = tbx_pcall_spec(c.nr);
		r = run_call(s, &x);
		fill_result(&x, r, &res);
	}
	tbx_log(&s->lg, TBX_LOG_DEBUG, "call %s = %ld", x.spec ? x.spec->name : "?", r);
	tbx_proto_put_result(&s->wb, f->id, &res, &c);
	return send_buf(s);
}

static int loop(struct sess *s)
{
	int e = handshake(s);

	while (!e) {
		struct tbx_pframe f;

		e = tbx_preader_next(&s->rd, &f, -1);
		if (e <= 0)
			return e < 0 ? send_error(s, 0, -e, "malformed frame") : 0;
		if (f.type == TBX_FR_BYE)
			return 0;
		if (f.type != TBX_FR_CALL)
			return send_error(s, f.id, EPROTO, "unexpected frame");
		follow_client(s);
		e = serve_call(s, &f);
	}
	return e;
}

static int sess_init(struct sess *s, const struct tbx_serve_opts *o)
{
	struct stat st;
	char link[32];
	ssize_t n;

	tbx_opts_copy(&s->o, sizeof(s->o), o, o->sz);
	s->lg.fn = s->o.log;
	s->lg.ctx = s->o.log_ctx;
	s->out_sock = !fstat(s->o.out_fd, &st) && S_ISSOCK(st.st_mode);
	s->confined = s->o.root_fd >= 0;
	s->root = s->confined ? fcntl(s->o.root_fd, F_DUPFD_CLOEXEC, 3)
			      : open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->root < 0)
		return -errno;
	proc_fd(link, sizeof(link), s->root);
	n = readlink(link, s->rootpath, sizeof(s->rootpath) - 1);
	if (n < 0)
		return -errno;
	s->rootpath[n] = 0;
	if (!strcmp(s->rootpath, "/"))
		s->rootpath[0] = 0;
	s->rootlen = strlen(s->rootpath);
	if (s->confined)
		strcpy(s->cwd, "/");
	else if (!getcwd(s->cwd, sizeof(s->cwd)))
		strcpy(s->cwd, "/");
	s->rd.fd = s->o.in_fd;
	follow_init(s);
	s->rd.spin_us = TBX_PREADER_SPIN_US;
	return 0;
}

static void sess_fini(struct sess *s)
{
	for (unsigned fd = 0; fd < s->owned_bits; fd++)
		if (fd_owned(s, fd))
			close((int)fd);
	if (s->root >= 0)
		close(s->root);
	free(s->owned);
	tbx_preader_free(&s->rd);
	free(s->scratch);
	sb_free(&s->wb);
	free(s);
}

int tbx_serve_session(const struct tbx_serve_opts *o)
{
	struct sess *s = calloc(1, sizeof(*s));
	int e;

	if (!s)
		return -ENOMEM;
	s->root = -1;
	e = sess_init(s, o);
	if (!e)
		e = loop(s);
	tbx_log(&s->lg, TBX_LOG_INFO, "proxy session ends (%s), %u fds closed",
		e ? strerror(-e) : "ok", s->nowned);
	sess_fini(s);
	return e;
}

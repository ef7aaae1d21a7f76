/* The sandbox's decisions at syscall stops: fakes, injections, denials
 * that must be logged, and the path rules for what Landlock does not
 * cover (metadata: stat, chmod, chown, utime, xattr, readlink, chdir;
 * the ENOENT of --hide; the EROFS of --ro). Content access is enforced by
 * Landlock in the kernel as well. Allowed metadata calls are asked to be
 * exclusive (tbx_verdict.exclusive): with other tracees about, the engine
 * stops them all and asks again, so the check cannot be raced. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "sandbox/hook.h"
#include "decode/decode.h"
#include "util/util.h"
#include "syscallent.h"

enum op {
	OP_NONE,
	OP_OPEN,	/* read or write by flags */
	OP_READ,	/* metadata read: stat, access, readlink, chdir, getxattr */
	OP_META,	/* metadata change: chmod, chown, utime, setxattr */
	OP_WRITE,	/* create, remove, rename, truncate */
	OP_EXEC,
};

/* Where a call keeps its path: dirfd argument (-1 none), path argument,
 * whether the last component is followed, what it does. */
struct pathspec {
	int dirfd, path;
	bool nofollow;
	enum op op;
	int flags_arg;		/* AT_SYMLINK_NOFOLLOW / O_ flags, -1 none */
};

static bool pathspec_of(long nr, int which, struct pathspec *ps)
{
	struct pathspec s = { -1, 0, false, OP_NONE, -1 };

	switch (nr) {
#define P1(n, o) case TBX_NR64_##n: s.op = o; break;
#define P1NF(n, o) case TBX_NR64_##n: s.op = o; s.nofollow = true; break;
#define AT(n, o, fl) case TBX_NR64_##n: s.dirfd = 0; s.path = 1; s.op = o; s.flags_arg = fl; break;
	P1(open, OP_OPEN)
	P1(creat, OP_WRITE)
	P1(stat, OP_READ)
	P1NF(lstat, OP_READ)
	P1(access, OP_READ)
	P1NF(readlink, OP_READ)
	P1(chdir, OP_READ)
	P1(statfs, OP_READ)
	P1(getxattr, OP_READ)
	P1NF(lgetxattr, OP_READ)
	P1(listxattr, OP_READ)
	P1NF(llistxattr, OP_READ)
	P1(chmod, OP_META)
	P1(chown, OP_META)
	P1NF(lchown, OP_META)
	P1(utime, OP_META)
	P1(utimes, OP_META)
	P1(setxattr, OP_META)
	P1NF(lsetxattr, OP_META)
	P1(removexattr, OP_META)
	P1NF(lremovexattr, OP_META)
	P1(truncate, OP_WRITE)
	P1NF(mkdir, OP_WRITE)
	P1NF(rmdir, OP_WRITE)
	P1NF(unlink, OP_WRITE)
	P1NF(mknod, OP_WRITE)
	P1(execve, OP_EXEC)
	P1(chroot, OP_READ)
	AT(openat, OP_OPEN, 2)
	AT(openat2, OP_OPEN, -1)
	AT(newfstatat, OP_READ, 3)
	AT(statx, OP_READ, 2)
	AT(faccessat, OP_READ, -1)
	AT(faccessat2, OP_READ, 3)
	AT(readlinkat, OP_READ, -1)
	AT(fchmodat, OP_META, -1)
	AT(fchownat, OP_META, 4)
	AT(utimensat, OP_META, 3)
	AT(futimesat, OP_META, -1)
	AT(mkdirat, OP_WRITE, -1)
	AT(mknodat, OP_WRITE, -1)
	AT(unlinkat, OP_WRITE, -1)
	AT(execveat, OP_EXEC, 4)
	case TBX_NR64_rename:
	case TBX_NR64_link:
		s.path = which;
		s.op = OP_WRITE;
		s.nofollow = true;
		break;
	case TBX_NR64_symlink:
		if (which == 0)
			return false;	/* the target is only text */
		s.path = 1;
		s.op = OP_WRITE;
		s.nofollow = true;
		break;
	case TBX_NR64_symlinkat:
		if (which == 0)
			return false;
		s.dirfd = 1;
		s.path = 2;
		s.op = OP_WRITE;
		s.nofollow = true;
		break;
	case TBX_NR64_renameat:
	case TBX_NR64_renameat2:
	case TBX_NR64_linkat:
		s.dirfd = which ? 2 : 0;
		s.path = which ? 3 : 1;
		s.op = OP_WRITE;
		s.nofollow = true;
		break;
	default:
		return false;
	}
#undef P1
#undef P1NF
#undef AT
	if (which && nr != TBX_NR64_rename && nr != TBX_NR64_link &&
	    nr != TBX_NR64_renameat && nr != TBX_NR64_renameat2 &&
	    nr != TBX_NR64_linkat && nr != TBX_NR64_symlink && nr != TBX_NR64_symlinkat)
		return false;
	if (s.op == OP_WRITE && s.dirfd >= 0 && (nr == TBX_NR64_mkdirat ||
	    nr == TBX_NR64_unlinkat || nr == TBX_NR64_mknodat))
		s.nofollow = true;
	*ps = s;
	return true;
}

/* The calls whose paths the tracer checks, as a set for the filter. */
void tbx_sandbox_path_calls(uint8_t *set)
{
	struct pathspec ps;

	/* which 1 too: symlink/symlinkat have their checked path second */
	for (unsigned nr = 0; nr < tbx_nsysent64; nr++)
		if (pathspec_of((long)nr, 0, &ps) || pathspec_of((long)nr, 1, &ps))
			tbx_bit_set(set, nr);
}

/* A tracee path made absolute and canonical in the tracer's view:
 * relative to its cwd or dirfd, /proc/self as the tracee's own, symlinks
 * and ".." resolved (not the last component when nofollow). */
static int resolve(pid_t tid, int dirfd, const char *path, bool nofollow,
		   char *out, size_t cap)
{
	char full[PATH_MAX * 2], dir[PATH_MAX], real[PATH_MAX];
	char *slash, *last;
	ssize_t n;

	if (path[0] == '/') {
		/* absolute: from the tracee's root, which chroot may have moved */
		char link[64];
		snprintf(link, sizeof(link), "/proc/%d/root", tid);
		n = readlink(link, dir, sizeof(dir) - 1);
		if (n <= 0)
			return -EBADF;
		dir[n] = 0;
		if (!strcmp(dir, "/"))
			dir[0] = 0;
	} else {
		char link[64];
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", tid, dirfd);
		n = readlink(link, dir, sizeof(dir) - 1);
		if (n <= 0)
			return -EBADF;
		dir[n] = 0;
	}
	/* the tracee's /proc/self is not ours */
	if (!strncmp(path, "/proc/self", 10) && (path[10] == '/' || !path[10]))
		snprintf(full, sizeof(full), "/proc/%d%s", tid, path + 10);
	else if (!strncmp(path, "/proc/thread-self", 17) && (path[17] == '/' || !path[17]))
		snprintf(full, sizeof(full), "/proc/%d/task/%d%s", tid, tid, path + 17);
	else
		snprintf(full, sizeof(full), "%s%s%s", dir, *dir ? "/" : "", path);
	/* strip trailing slashes, keep "/" */
	for (n = (ssize_t)strlen(full); n > 1 && full[n - 1] == '/'; n--)
		full[n - 1] = 0;
	if (!nofollow && realpath(full, real)) {
		snprintf(out, cap, "%s", real);
		return 0;
	}
	/* resolve the directory, keep the last component as written */
	slash = strrchr(full, '/');
	last = slash ? slash + 1 : full;
	if (slash == full)
		snprintf(dir, sizeof(dir), "/");
	else if (slash) {
		*slash = 0;
		if (!realpath(full, dir))
			snprintf(dir, sizeof(dir), "%s", full);
	}
	if (!strcmp(last, "..") || !strcmp(last, ".")) {
		snprintf(full, sizeof(full), "%s/%s", dir, last);
		if (!realpath(full, real))
			return -ENOENT;
		snprintf(out, cap, "%s", real);
		return 0;
	}
	snprintf(out, cap, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", last);
	return 0;
}

static bool under(const char *a, const char *b)	/* a == b or beneath b */
{
	size_t n = strlen(b);

	if (!strcmp(b, "/"))
		return true;
	return !strncmp(a, b, n) && (a[n] == '/' || !a[n]);
}

/* The most specific rule for a canonical path. */
static const struct tbx_path_rule *rule_for(const struct tbx_hook_state *sb, const char *path)
{
	const struct tbx_path_rule *best = NULL;
	size_t bl = 0;

	for (unsigned i = 0; i < sb->policy->npaths; i++) {
		const struct tbx_path_rule *r = &sb->policy->paths[i];
		size_t l = strlen(r->path);
		if (under(path, r->path) && (!best || l > bl ||
		    (l == bl && r->kind < best->kind))) {
			best = r;
			bl = l;
		}
	}
	return best;
}

static bool open_writes(uint64_t flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC));
}

/* --bind: a path under a DST becomes the same path under its SRC. The
 * new path goes into v->path for the engine to put in place; returns
 * whether it did. */
static bool bind_path(struct tbx_hook_state *sb, const struct tbx_event *ev,
		      const struct pathspec *ps, struct tbx_verdict *v)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	char path[PATH_MAX], canon[PATH_MAX];
	int dirfd = ps->dirfd >= 0 ? (int)sc->args[ps->dirfd] : AT_FDCWD;
	bool term;
	ssize_t n;

	n = tbx_umove_str(ev->tid, sc->args[ps->path], path, sizeof(path) - 1, &term);
	if (n <= 0 || !term)
		return false;
	path[n] = 0;
	if (resolve(ev->tid, dirfd, path, true, canon, sizeof(canon)))
		return false;
	for (unsigned i = 0; i < sb->policy->nbinds; i++) {
		const struct tbx_bind *b = &sb->policy->binds[i];
		size_t dl = strlen(b->dst);
		if (!under(canon, b->dst))
			continue;
		if ((size_t)snprintf(sb->bind_path, sizeof(sb->bind_path), "%s%s", b->src,
				     canon + (strcmp(b->dst, "/") ? dl : 0)) >= sizeof(sb->bind_path))
			return false;
		v->path = sb->bind_path;
		v->arg = (unsigned)ps->path;
		return true;
	}
	return false;
}

/* getcwd after a chdir into a DST: the kernel says SRC, the program
 * must see DST (at the call's exit; the engine sets the new length). */
static void bind_getcwd(struct tbx_hook_state *sb, const struct tbx_event *ev,
			struct tbx_verdict *v)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	char cwd[PATH_MAX], out[PATH_MAX];

	if (sc->err || sc->ret <= 1 || sc->ret > (int64_t)sizeof(cwd) ||
	    tbx_umove(ev->tid, sc->args[0], cwd, (size_t)sc->ret) || cwd[sc->ret - 1])
		return;
	for (unsigned i = 0; i < sb->policy->nbinds; i++) {
		const struct tbx_bind *b = &sb->policy->binds[i];
		size_t sl = strlen(b->src), n;

		if (!under(cwd, b->src))
			continue;
		n = (size_t)snprintf(out, sizeof(out), "%s%s", b->dst,
				     cwd + (strcmp(b->src, "/") ? sl : 0));
		v->kind = TBX_VERDICT_REWRITE;
		v->rule = "--bind";
		if (n >= sizeof(out) || n + 1 > sc->args[1]) {
			v->value = -ERANGE;	/* as the kernel, for a small buffer */
			return;
		}
		v->value = tbx_uwrite(ev->tid, sc->args[0], out, n + 1) ? -EFAULT :
			   (int64_t)n + 1;
		return;
	}
}

/* Decide one path argument. */
static void check_path(struct tbx_hook_state *sb, const struct tbx_event *ev,
		       const struct pathspec *ps, struct tbx_verdict *v)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	char path[PATH_MAX], canon[PATH_MAX];
	const struct tbx_path_rule *r;
	bool term, writes;
	ssize_t n;
	int dirfd = ps->dirfd >= 0 ? (int)sc->args[ps->dirfd] : AT_FDCWD;
	bool nofollow = ps->nofollow;
	uint64_t flags = ps->flags_arg >= 0 ? sc->args[ps->flags_arg] : 0;

	if (v->path && v->arg == (unsigned)ps->path) {
		/* rewritten by --bind: the rules apply to where it goes */
		snprintf(path, sizeof(path), "%s", v->path);
	} else {
		n = tbx_umove_str(ev->tid, sc->args[ps->path], path, sizeof(path) - 1, &term);
		if (n < 0 || !term)
			return;	/* the kernel fails it: EFAULT/ENAMETOOLONG */
		path[n] = 0;
	}
	if (sc->nr == TBX_NR64_openat2) {
		struct { uint64_t flags, mode, resolve; } how;
		if (tbx_umove(ev->tid, sc->args[2], &how, sizeof(how)) == 0)
			flags = how.flags;
	}
	if (ps->op == OP_OPEN)
		nofollow = flags & O_NOFOLLOW;
	else if (ps->flags_arg >= 0 && (flags & AT_SYMLINK_NOFOLLOW))
		nofollow = true;
	if (!*path && ps->dirfd >= 0)	/* AT_EMPTY_PATH: the dirfd itself */
		snprintf(path, sizeof(path), ".");
	if (resolve(ev->tid, dirfd, path, nofollow, canon, sizeof(canon)))
		return;
	r = rule_for(sb, canon);
	writes = ps->op == OP_WRITE || ps->op == OP_META ||
		 (ps->op == OP_OPEN && (sc->nr == TBX_NR64_creat || open_writes(flags)));
	if (r && r->kind == TBX_PATH_HIDE) {
		v->kind = TBX_VERDICT_DENY;
		v->err = ENOENT;
	} else if (r && r->kind == TBX_PATH_DENY) {
		v->kind = TBX_VERDICT_DENY;
		v->err = EACCES;
	} else if (writes && ((r && r->kind == TBX_PATH_RO) ||
			      (sb->policy->default_ro && (!r || r->kind != TBX_PATH_RW)))) {
		v->kind = TBX_VERDICT_DENY;
		v->err = EROFS;
	} else {
		/* allowed: a call Landlock does not cover must not be raced
		 * between this check and the kernel's path walk (a thread
		 * rewriting the path, a process swapping a symlink) */
		if (ps->op == OP_READ || ps->op == OP_META ||
		    (ps->op == OP_OPEN && sb->has_hide))
			v->exclusive = true;
		return;
	}
	v->rule = r ? sb->rule_text[r - sb->policy->paths] :
		      sb->policy->profile ? sb->profile_text : "read-only profile";
	v->audit = sb->audit;
}

/* connect() of a TCP socket under --net-allow: is the peer allowed? */
static void check_connect(struct tbx_hook_state *sb, const struct tbx_event *ev,
			  struct tbx_verdict *v)
{
	struct sockaddr_storage ss;
	size_t len = ev->sc.args[2] < sizeof(ss) ? ev->sc.args[2] : sizeof(ss);
	uint16_t port = 0;
	const void *addr = NULL;
	int fam;

	memset(&ss, 0, sizeof(ss));
	if (tbx_umove(ev->tid, ev->sc.args[1], &ss, len))
		return;
	fam = ss.ss_family;
	if (fam == AF_INET) {
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		addr = &((struct sockaddr_in *)&ss)->sin_addr;
	} else if (fam == AF_INET6) {
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		addr = &((struct sockaddr_in6 *)&ss)->sin6_addr;
	} else {
		return;	/* unix sockets are allowed */
	}
	for (unsigned i = 0; i < sb->policy->nnet; i++) {
		const struct tbx_net_allow *a = &sb->policy->net[i];
		if (a->port != port)
			continue;
		if (!a->family || (a->family == fam &&
		    !memcmp(a->addr, addr, fam == AF_INET ? 4 : 16))) {
			v->exclusive = true;	/* the address must not change now */
			return;
		}
	}
	v->kind = TBX_VERDICT_DENY;
	v->err = EACCES;
	v->rule = "--no-net";
	v->audit = sb->audit;
}

/* --deny-syscall/--fake/-e inject and the built-in denials, when they
 * stop here (logging, fakes, counts). */
static bool syscall_rules(struct tbx_hook_state *sb, const struct tbx_event *ev,
			  struct tbx_verdict *v)
{
	const struct tbx_policy *p = sb->policy;
	bool recount = ev->tid == sb->last_tid &&
		       ev->sc.t_enter.tv_sec == sb->last_enter.tv_sec &&
		       ev->sc.t_enter.tv_nsec == sb->last_enter.tv_nsec;

	sb->last_tid = ev->tid;
	sb->last_enter = ev->sc.t_enter;

	for (unsigned i = 0; i < p->nsc; i++) {
		const struct tbx_sc_rule *r = &p->sc[i];
		unsigned long n;

		if (r->nr != ev->sc.nr)
			continue;
		switch (r->action) {
		case TBX_SC_KILL:	/* the kernel kills: never stops here */
		case TBX_SC_DENY:
			v->kind = TBX_VERDICT_DENY;
			v->err = r->err;
			break;
		case TBX_SC_FAKE:
			v->kind = TBX_VERDICT_FAKE;
			v->value = r->value;
			break;
		case TBX_SC_INJECT:
			/* asked twice for an exclusive call: count it once */
			n = recount ? sb->inject_count[i] : ++sb->inject_count[i];
			if (n < r->first || (r->step ? (n - r->first) % r->step : n != r->first))
				continue;
			if (r->has_value) {
				v->kind = TBX_VERDICT_FAKE;
				v->value = r->value;
			} else {
				v->kind = TBX_VERDICT_DENY;
				v->err = r->err;
			}
			break;
		}
		v->rule = r->text;
		v->audit = sb->audit;
		return true;
	}
	return false;
}

/* The built-in escape closures, when logged (filter.c stops them here). */
static void builtin_rules(struct tbx_hook_state *sb, const struct tbx_event *ev,
			  struct tbx_verdict *v)
{
	long nr = ev->sc.nr;

	if (nr == TBX_NR64_socket || nr == TBX_NR64_sendto || nr == TBX_NR64_sendmsg ||
	    nr == TBX_NR64_sendmmsg) {
		v->kind = TBX_VERDICT_DENY;
		v->err = EACCES;
		v->rule = "--no-net";
	} else if (nr == TBX_NR64_clone3) {
		v->kind = TBX_VERDICT_DENY;
		v->err = ENOSYS;
		v->rule = "sandbox: clone3 (flags not checkable)";
	} else if (nr == TBX_NR64_ptrace || nr == TBX_NR64_process_vm_readv ||
		   nr == TBX_NR64_process_vm_writev || nr == TBX_NR64_pidfd_getfd ||
		   nr == TBX_NR64_userfaultfd || nr == TBX_NR64_io_uring_setup ||
		   nr == TBX_NR64_io_uring_enter || nr == TBX_NR64_io_uring_register ||
		   nr == TBX_NR64_open_by_handle_at || nr == TBX_NR64_name_to_handle_at ||
		   nr == TBX_NR64_kexec_load || nr == TBX_NR64_kexec_file_load ||
		   nr == TBX_NR64_clone || nr == TBX_NR64_seccomp ||
		   nr == TBX_NR64_unshare || nr == TBX_NR64_setns || nr == TBX_NR64_chroot) {
		v->kind = TBX_VERDICT_DENY;
		v->err = EPERM;
		v->rule = "sandbox: escape closure";
	} else {
		return;
	}
	v->audit = sb->audit;
}

void tbx_sandbox_hook(const struct tbx_event *ev, struct tbx_verdict *v, void *ctx)
{
	struct tbx_hook_state *sb = ctx;
	struct pathspec ps;

	if (ev->sc.arch != TBX_ARCH_X86_64)
		return;
	if (ev->kind == TBX_EV_SYSCALL_EXIT && ev->sc.nr == TBX_NR64_getcwd &&
	    sb->policy->nbinds && !sb->audit) {
		bind_getcwd(sb, ev, v);
		return;
	}
	if (ev->kind != TBX_EV_SYSCALL_ENTER)
		return;
	if (syscall_rules(sb, ev, v))
		return;
	if (sb->policy->nnet && ev->sc.nr == TBX_NR64_connect) {
		check_connect(sb, ev, v);
		return;
	}
	for (int which = 0; which < 2; which++) {
		if (!pathspec_of(ev->sc.nr, which, &ps))
			continue;
		/* one rewrite per call: the first path under a bind */
		if (sb->policy->nbinds && !v->path)
			bind_path(sb, ev, &ps, v);
		check_path(sb, ev, &ps, v);
		if (v->kind != TBX_VERDICT_ALLOW)
			return;
	}
	/* ptrace stops only to be logged or answered by --stealth (which
	 * the engine merges after this): unanswered, it is denied */
	if (sb->log || ev->sc.nr == TBX_NR64_ptrace)
		builtin_rules(sb, ev, v);
}

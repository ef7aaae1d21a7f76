/* The tracer side of syscall proxying (include/tracebox/proxy.h): a
 * policy hook that sends chosen calls to the server and keeps the map of
 * remote fds right through close, dup, fork, execve and exit.
 *
 * A remote call is decided and done at its entry stop: arguments are
 * marshalled, sent, the results written into the tracee, and the local
 * call is skipped with the remote result (verdict FAKE). A call that
 * makes a remote fd is replaced by an open of /dev/null instead, so that
 * the tracee holds a real local fd of that number; its exit records the
 * mapping. fd bookkeeping calls run locally and are looked at on exit. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/close_range.h>
#include <linux/kcmp.h>
#include <linux/sched.h>
#include "tracebox/proxy.h"
#include "proxy/marshal.h"
#include "decode/decode.h"
#include "syscallent.h"
#include "procfs/procfs.h"

struct tbx_proxy {
	struct tbx_logger lg;
	tbx_pconn *conn;
	bool dead;		/* the server is gone: every call fails with EIO */
	bool mmap_warned;
	uint8_t *set;		/* calls proxied by path or by themselves */
	uint8_t *stop;		/* the tracer's trace set */
	struct tbx_fdmap map;
	struct tbx_sbuf note;
	struct tbx_pmarshal m;
};

/* verdict.rule of every call the proxy handled (tbx_proxy_handled) */
static const char proxied[] = "proxy";

enum { LOCAL = 0, REMOTE = 1 };

static bool in(const uint8_t *set, long nr)
{
	return nr >= 0 && (unsigned long)nr < tbx_nsysent64 && tbx_bit(set, (unsigned long)nr);
}

/* ---- the connection ---- */

static int call_remote(struct tbx_proxy *px, const struct tbx_pcall *c,
		       struct tbx_presult *r)
{
	int e;

	if (px->dead)
		return -EIO;
	e = tbx_pconn_call(px->conn, c, r);
	if (e == -EIO || e == -ETIMEDOUT) {
		px->dead = true;
		tbx_log(&px->lg, TBX_LOG_ERROR,
			"proxy: lost the server (%s): proxied calls fail with EIO from now on",
			strerror(-e));
		return -EIO;
	}
	return e;
}

/* The last local fd naming rfd is gone. */
static void close_remote(void *ctx, int rfd)
{
	struct tbx_proxy *px = ctx;
	struct tbx_pcall c = { .nr = TBX_NR64_close, .nargs = 1 };
	struct tbx_presult r;

	c.a[0].kind = TBX_PA_FD;
	c.a[0].v = rfd;
	call_remote(px, &c, &r);
}

/* ---- processes: who shares whose fds ---- */

/* A process seen for the first time. A new child can stop before its
 * parent's fork returns: it gets the parent's fds here, shared if the
 * kernel says they share the table (CLONE_FILES). */
static void adopt(struct tbx_proxy *px, pid_t pid)
{
	pid_t pp;

	if (tbx_fdmap_known(&px->map, pid))
		return;
	pp = (pid_t)tbx_proc_status_num(pid, "PPid", -1);
	if (pp > 0 && tbx_fdmap_table(&px->map, pp))
		tbx_fdmap_fork(&px->map, pp, pid,
			       syscall(SYS_kcmp, pp, pid, KCMP_FILES, 0, 0) == 0);
	else
		tbx_fdmap_add(&px->map, pid);
}

static bool fd_alive(void *ctx, pid_t pid, int lfd)
{
	char path[64];
	struct stat st;

	(void)ctx;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, lfd);
	return lstat(path, &st) == 0;
}

/* A clone, fork or vfork returned child in the parent. */
static void forked(struct tbx_proxy *px, const struct tbx_event *ev)
{
	pid_t child = (pid_t)ev->sc.ret;
	uint64_t flags = 0;

	if (ev->sc.ret <= 0 || tbx_fdmap_known(&px->map, child))
		return;
	if (ev->sc.nr == TBX_NR64_clone)
		flags = ev->sc.args[0];
	else if (ev->sc.nr == TBX_NR64_clone3 &&
		 tbx_umove(ev->tid, ev->sc.args[0], &flags, sizeof(flags)))
		return;
	if (flags & CLONE_THREAD)
		return;
	tbx_fdmap_fork(&px->map, ev->pid, child, flags & CLONE_FILES);
}

/* ---- fd calls that cannot travel ---- */

/* Calls on an fd that have no spec: on a remote fd they fail, with the
 * errno that makes programs fall back (copy_file_range -> read/write). */
static const struct { long nr; int fd1, fd2, err; } unsupported[] = {
	{ TBX_NR64_ioctl, 0, -1, ENOTTY },
	{ TBX_NR64_flock, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_sendfile, 0, 1, EINVAL },
	{ TBX_NR64_splice, 0, 2, EINVAL },
	{ TBX_NR64_tee, 0, 1, EINVAL },
	{ TBX_NR64_copy_file_range, 0, 2, EXDEV },
	{ TBX_NR64_sync_file_range, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_readahead, 0, -1, EINVAL },
	{ TBX_NR64_fsetxattr, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_fremovexattr, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_syncfs, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_getdents, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_epoll_ctl, 2, -1, EPERM },
	{ TBX_NR64_sendmmsg, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_recvmmsg, 0, -1, EOPNOTSUPP },
	{ TBX_NR64_preadv2, 0, -1, EOPNOTSUPP },	/* with RWF_* flags */
	{ TBX_NR64_pwritev2, 0, -1, EOPNOTSUPP },
};

static int unsupported_err(long nr, const uint64_t *a, const struct tbx_fdtab *tab)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++) {
		if (unsupported[i].nr != nr)
			continue;
		if (tbx_fdmap_get(tab, (int)a[unsupported[i].fd1]) >= 0 ||
		    (unsupported[i].fd2 >= 0 &&
		     tbx_fdmap_get(tab, (int)a[unsupported[i].fd2]) >= 0))
			return -unsupported[i].err;
	}
	return LOCAL;
}

/* ---- remote or local ---- */

static bool absolute(pid_t tid, uint64_t addr)
{
	char c;

	return tbx_umove(tid, addr, &c, 1) == 0 && c == '/';
}

/* Where one dirfd + path pair resolves. */
static int route_at(struct tbx_proxy *px, const struct tbx_event *ev,
		    const struct tbx_fdtab *tab, int i, bool in_set)
{
	int dirfd = (int)ev->sc.args[i];

	if (tbx_fdmap_get(tab, dirfd) >= 0)
		return REMOTE;
	if (dirfd != AT_FDCWD && !absolute(ev->tid, ev->sc.args[i + 1]))
		return LOCAL;	/* relative to a local directory */
	return in_set ? REMOTE : LOCAL;
}

/* REMOTE, LOCAL, or -errno for the tracee. */
static int route(struct tbx_proxy *px, const struct tbx_event *ev,
		 const struct tbx_fdtab *tab)
{
	long nr = ev->sc.nr;
	long wnr = tbx_pmarshal_wire_nr(nr, ev->sc.args);
	bool in_set = in(px->set, nr);
	const char *k;
	int where = -1;

	if (wnr < 0)
		return unsupported_err(nr, ev->sc.args, tab);
	k = tbx_pcall_spec(wnr)->kinds;
	for (int i = 0; k[i]; i++) {
		int r;

		if (k[i] == 'f')	/* calls on an fd go where it lives */
			return tbx_fdmap_get(tab, (int)ev->sc.args[i]) >= 0 ? REMOTE : LOCAL;
		if (k[i] == 'd' && k[i + 1] == 's')
			r = route_at(px, ev, tab, i++, in_set);
		else if (k[i] == 's')
			r = in_set ? REMOTE : LOCAL;
		else
			continue;
		if (where >= 0 && r != where)
			return -EXDEV;	/* rename from here to there */
		where = r;
	}
	if (where < 0)		/* socket(), getcwd(): by the set alone */
		where = in_set ? REMOTE : LOCAL;
	return where;
}

/* ---- the calls ---- */

static bool wants_cloexec(long nr, const uint64_t *a)
{
	switch (nr) {
	case TBX_NR64_open:
		return a[1] & O_CLOEXEC;
	case TBX_NR64_openat:
		return a[2] & O_CLOEXEC;
	case TBX_NR64_socket:
		return a[1] & SOCK_CLOEXEC;
	case TBX_NR64_accept4:
		return a[3] & SOCK_CLOEXEC;
	}
	return false;
}

/* The local call becomes another: the engine runs it, we see its exit. */
static void replace(struct tbx_verdict *v, long nr, const uint64_t args[6])
{
	v->kind = TBX_VERDICT_ALLOW;
	v->replace = true;
	v->repl_nr = nr;
	memcpy(v->repl_args, args, sizeof(v->repl_args));
	v->rule = proxied;
}

/* A remote fd rfd: the tracee opens /dev/null in its place. */
static void placeholder(struct tbx_verdict *v, const struct tbx_event *ev, int rfd)
{
	uint64_t a[6] = { (uint64_t)AT_FDCWD, 0, O_RDWR, 0, 0, 0 };

	if (wants_cloexec(ev->sc.nr, ev->sc.args))
		a[2] |= O_CLOEXEC;
	replace(v, TBX_NR64_openat, a);
	v->path = "/dev/null";
	v->arg = 1;
	v->value = rfd;
}

static void fake(struct tbx_verdict *v, int64_t value)
{
	v->kind = TBX_VERDICT_FAKE;
	v->value = value;
	v->rule = proxied;
}

static void remote(struct tbx_proxy *px, const struct tbx_event *ev,
		   const struct tbx_fdtab *tab, struct tbx_verdict *v)
{
	struct tbx_pmarshal *m = &px->m;
	struct tbx_presult r;
	int64_t ret;
	int e = tbx_pmarshal_call(m, ev->tid, ev->sc.nr, ev->sc.args, tab);

	if (e) {
		fake(v, e);
		return;
	}
	e = call_remote(px, &m->call, &r);
	if (e) {
		fake(v, e == -EINVAL ? -EINVAL : -EIO);
		return;
	}
	ret = tbx_pmarshal_result(m, &r);
	if (!(m->spec->flags & TBX_PC_NEWFD)) {
		fake(v, ret);
		return;
	}
	if (ret < 0) {
		if (r.ret >= 0)	/* accept's address did not fit back */
			close_remote(px, (int)r.ret);
		fake(v, ret);
		return;
	}
	placeholder(v, ev, (int)ret);
}

/* mmap of a remote fd: private copies only, made from an anonymous
 * mapping filled at the exit. A shared writable one cannot be kept in
 * step with the remote file. */
static void mmap_enter(struct tbx_proxy *px, const struct tbx_event *ev,
		       int rfd, struct tbx_verdict *v)
{
	const uint64_t *a = ev->sc.args;
	uint64_t r[6];

	if ((a[3] & MAP_TYPE) != MAP_PRIVATE && (a[2] & PROT_WRITE)) {
		if (!px->mmap_warned)
			tbx_log(&px->lg, TBX_LOG_WARN,
				"proxy: a shared writable mmap of a remote file is refused (ENODEV)");
		px->mmap_warned = true;
		fake(v, -ENODEV);
		return;
	}
	memcpy(r, a, sizeof(r));
	r[3] = (a[3] & ~(uint64_t)MAP_TYPE) | MAP_PRIVATE | MAP_ANONYMOUS;
	r[4] = (uint64_t)-1;
	r[5] = 0;
	replace(v, TBX_NR64_mmap, r);
	v->value = rfd;
}

/* The anonymous mapping at addr gets the file's bytes: pread over the
 * wire, written with the tracer's rights (read-only and exec pages). */
static int mmap_fill(struct tbx_proxy *px, pid_t tid, uint64_t addr,
		     uint64_t len, int rfd, uint64_t off)
{
	for (uint64_t done = 0; done < len; ) {
		uint64_t chunk = len - done < TBX_PROTO_MAX_IO ? len - done : TBX_PROTO_MAX_IO;
		struct tbx_pcall c = { .nr = TBX_NR64_pread64, .nargs = 4 };
		struct tbx_presult r;
		int e;

		c.a[0] = (struct tbx_parg){ .kind = TBX_PA_FD, .v = rfd };
		c.a[1] = (struct tbx_parg){ .kind = TBX_PA_OUT, .v = (int64_t)chunk };
		c.a[2] = (struct tbx_parg){ .kind = TBX_PA_INT, .v = (int64_t)chunk };
		c.a[3] = (struct tbx_parg){ .kind = TBX_PA_INT, .v = (int64_t)(off + done) };
		e = call_remote(px, &c, &r);
		if (e)
			return e;
		if (r.ret <= 0)	/* past the end: zeros, as anonymous memory is */
			return r.ret < 0 ? (int)r.ret : 0;
		e = tbx_uwrite(tid, addr + done, r.out[0].p, r.out[0].len);
		if (e)
			return e;
		done += r.out[0].len;
	}
	return 0;
}

/* ---- the hook ---- */

static void call_enter(struct tbx_proxy *px, const struct tbx_event *ev,
		     struct tbx_verdict *v)
{
	const uint64_t *a = ev->sc.args;
	const struct tbx_fdtab *tab = tbx_fdmap_table(&px->map, ev->pid);
	int r;

	switch (ev->sc.nr) {
	case TBX_NR64_close:	/* the placeholder closes here, the remote fd
				 * with its last reference */
		tbx_fdmap_close(&px->map, ev->pid, (int)a[0]);
		return;
	case TBX_NR64_exit_group:
		tbx_fdmap_exit(&px->map, ev->pid);
		return;
	case TBX_NR64_mmap:
		r = tbx_fdmap_get(tab, (int)a[4]);
		if (r >= 0 && !(a[3] & MAP_ANONYMOUS))
			mmap_enter(px, ev, r, v);
		return;
	}
	r = route(px, ev, tab);
	if (r < 0)
		fake(v, r);
	else if (r == REMOTE)
		remote(px, ev, tab, v);
}

/* A local fd-creating call with its placeholder done. */
static void placeholder_exit(struct tbx_proxy *px, const struct tbx_event *ev,
			     struct tbx_verdict *v)
{
	int rfd = (int)v->value;

	if (ev->sc.err || tbx_fdmap_set(&px->map, ev->pid, (int)ev->sc.ret, rfd)) {
		/* no local fd for it: the remote one goes, the tracee gets
		 * the local error */
		close_remote(px, rfd);
		if (!ev->sc.err) {
			v->kind = TBX_VERDICT_REWRITE;
			v->value = -ENOMEM;
		}
	}
}

static void call_exit(struct tbx_proxy *px, const struct tbx_event *ev,
		    struct tbx_verdict *v)
{
	const uint64_t *a = ev->sc.args;
	int64_t ret = ev->sc.ret;
	pid_t pid = ev->pid;

	if (v->replace && v->rule == proxied) {
		if (ev->sc.nr != TBX_NR64_mmap) {
			placeholder_exit(px, ev, v);
		} else if (!ev->sc.err) {
			int e = mmap_fill(px, ev->tid, (uint64_t)ret, a[1], (int)v->value, a[5]);
			if (e) {
				v->kind = TBX_VERDICT_REWRITE;
				v->value = e == -ESRCH ? e : -EIO;
			}
		}
		return;
	}
	if (ev->sc.err)
		return;
	switch (ev->sc.nr) {
	case TBX_NR64_dup:
		tbx_fdmap_dup(&px->map, pid, (int)a[0], (int)ret);
		break;
	case TBX_NR64_dup2:
	case TBX_NR64_dup3:
		tbx_fdmap_dup(&px->map, pid, (int)a[0], (int)a[1]);
		break;
	case TBX_NR64_fcntl:
		if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC)
			tbx_fdmap_dup(&px->map, pid, (int)a[0], (int)ret);
		break;
	case TBX_NR64_close_range:
		if (a[2] & CLOSE_RANGE_UNSHARE)
			tbx_fdmap_unshare(&px->map, pid);
		if (!(a[2] & CLOSE_RANGE_CLOEXEC))
			tbx_fdmap_close_range(&px->map, pid, (unsigned)a[0], (unsigned)a[1]);
		break;
	case TBX_NR64_unshare:
		if (a[0] & CLONE_FILES)
			tbx_fdmap_unshare(&px->map, pid);
		break;
	case TBX_NR64_clone:
	case TBX_NR64_clone3:
	case TBX_NR64_fork:
	case TBX_NR64_vfork:
		forked(px, ev);
		break;
	case TBX_NR64_execve:
	case TBX_NR64_execveat:
		tbx_fdmap_exec(&px->map, pid, fd_alive, NULL);
		break;
	}
}

static void proxy_hook(const struct tbx_event *ev, struct tbx_verdict *v, void *ctx)
{
	struct tbx_proxy *px = ctx;

	if (ev->sc.arch != TBX_ARCH_X86_64)
		return;		/* i386 calls run here: no specs for them */
	adopt(px, ev->pid);
	if (ev->kind == TBX_EV_SYSCALL_ENTER)
		call_enter(px, ev, v);
	else if (ev->kind == TBX_EV_SYSCALL_EXIT)
		call_exit(px, ev, v);
}

bool tbx_proxy_handled(const struct tbx_event *ev)
{
	return ev && ev->sc.verdict.rule == proxied;
}

/* ---- set-up ---- */

/* Calls that keep the fd map right, and those refused on remote fds. */
static const long bookkeeping[] = {
	TBX_NR64_close, TBX_NR64_close_range, TBX_NR64_dup, TBX_NR64_dup2,
	TBX_NR64_dup3, TBX_NR64_fcntl, TBX_NR64_mmap, TBX_NR64_clone,
	TBX_NR64_clone3, TBX_NR64_fork, TBX_NR64_vfork, TBX_NR64_execve,
	TBX_NR64_execveat, TBX_NR64_exit_group, TBX_NR64_unshare,
};

/* Names given one by one must be proxiable; classes just lose the
 * calls that are not. */
static int check_names(const char *calls, char *err, size_t errlen)
{
	char word[64];
	uint64_t none[6] = { 0 };

	for (const char *p = calls; *p; ) {
		size_t n = strcspn(p, ",");
		long nr;

		if (n && n < sizeof(word) && !strchr("%/!?", *p)) {
			memcpy(word, p, n);
			word[n] = 0;
			nr = tbx_syscall_lookup(word);
			if (nr >= 0 && tbx_pmarshal_wire_nr(nr, none) < 0) {
				snprintf(err, errlen, "--calls: %s cannot be proxied", word);
				return -EINVAL;
			}
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

static int build_sets(struct tbx_proxy *px, const char *calls, char *err,
		      size_t errlen)
{
	size_t len = (tbx_nsysent64 + 7) / 8;
	uint64_t none[6] = { 0 };
	const char *bad = NULL;
	unsigned nspecs, nref = 0;
	const struct tbx_pcall_spec *s = tbx_pcall_specs(&nspecs);
	int e;

	px->set = calloc(1, len);
	px->stop = calloc(1, len);
	if (!px->set || !px->stop)
		return -ENOMEM;
	e = tbx_syscall_set_parse(calls, px->set, &bad);
	if (e) {
		snprintf(err, errlen, "--calls: bad set at '%s'", bad ? bad : calls);
		return e;
	}
	e = check_names(calls, err, errlen);
	if (e)
		return e;
	for (unsigned nr = 0; nr < tbx_nsysent64; nr++) {
		if (!in(px->set, nr))
			continue;
		if (tbx_pmarshal_wire_nr(nr, none) >= 0) {
			tbx_bit_set(px->stop, nr);
			continue;
		}
		px->set[nr / 8] &= (uint8_t)~(1u << (nr % 8));
		sb_printf(&px->note, "%s%s", nref++ ? ", " : "not proxied (no way to marshal them): ",
			  tbx_syscall_name(TBX_ARCH_X86_64, nr));
	}
	/* calls on remote fds go remote whatever the set */
	for (unsigned i = 0; i < nspecs; i++)
		if (strpbrk(s[i].kinds, "fd"))
			tbx_bit_set(px->stop, s[i].nr);
	for (unsigned nr = 0; nr < tbx_nsysent64; nr++)
		if (tbx_pmarshal_wire_nr(nr, none) >= 0)
			tbx_bit_set(px->stop, nr);	/* readv & co */
	for (size_t i = 0; i < ARRAY_SIZE(bookkeeping); i++)
		tbx_bit_set(px->stop, bookkeeping[i]);
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		tbx_bit_set(px->stop, unsupported[i].nr);
	return px->note.oom ? -ENOMEM : 0;
}

int tbx_proxy_new(const struct tbx_proxy_opts *opts, tbx_proxy **out, char *err,
		  size_t errlen)
{
	struct tbx_proxy_opts o = { 0 };
	struct tbx_proxy *px;
	int e;

	if (!opts || !out || !err || opts->sz < offsetof(struct tbx_proxy_opts, log_fn))
		return -EINVAL;
	tbx_opts_copy(&o, sizeof(o), opts, opts->sz);
	snprintf(err, errlen, "%s", "");
	if (!o.calls || !*o.calls || !o.remote == !o.connect) {
		snprintf(err, errlen, "%s", !o.calls || !*o.calls ? "no --calls given" :
			 "one of --remote and --connect is needed");
		return -EINVAL;
	}
	px = calloc(1, sizeof(*px));
	if (!px)
		return -ENOMEM;
	px->lg.fn = o.log_fn;
	px->lg.ctx = o.log_ctx;
	tbx_fdmap_init(&px->map, close_remote, px);
	e = build_sets(px, o.calls, err, errlen);
	if (!e)
		e = o.remote ? tbx_pconn_spawn(o.remote, o.token, &px->conn, &px->lg) :
			       tbx_pconn_connect(o.connect, o.token, &px->conn, &px->lg);
	if (e) {
		if (!*err)
			snprintf(err, errlen, "%s: %s", o.remote ? o.remote : o.connect,
				 strerror(-e));
		tbx_proxy_free(px);
		return e;
	}
	*out = px;
	return 0;
}

const char *tbx_proxy_note(const tbx_proxy *p)
{
	return p && p->note.len ? p->note.p : NULL;
}

int tbx_proxy_apply(tbx_proxy *p, struct tbx_tracer_opts *to)
{
	if (!p || !to)
		return -EINVAL;
	to->policy = proxy_hook;
	to->policy_ctx = p;
	to->trace_set = p->stop;
	/* children inherit remote fds; a lone tracee runs on our CPU, and
	 * so does a local server's session (serve.c, follow_client) */
	to->flags |= TBX_TRACE_FOLLOW | TBX_TRACE_COLOCATE;
	return 0;
}

void tbx_proxy_free(tbx_proxy *p)
{
	if (!p)
		return;
	tbx_fdmap_free(&p->map);
	tbx_pconn_free(p->conn);
	tbx_pmarshal_free(&p->m);
	sb_free(&p->note);
	free(p->set);
	free(p->stop);
	free(p);
}

/* --stealth: the tracee cannot tell it is traced.
 *
 * Decided at a call's entry, before the policy hook, for the few calls
 * that give a tracer away (tbx_stealth_calls: they stop, shown or not):
 *   - ptrace: the first PTRACE_TRACEME of a thread, and an attach to one
 *     of our tracees (a process has one tracer), succeed without running;
 *     the pair attached that way answers DETACH, CONT... with 0;
 *   - getppid of the spawned process answers tracebox's own parent, so
 *     that its name, exe and cmdline are what they would be untraced;
 *   - open/openat/openat2 of a tracee's status or stat file open a
 *     sanitized copy instead (TracerPid 0, state "t" as running, PPid as
 *     getppid says, and without the trace filter and the no_new_privs it
 *     needed), written into a private directory and removed at the call's
 *     exit.
 * Every other call runs untouched and, with a seccomp filter, never
 * stops, so timing checks see no tracer either. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/openat2.h>
#include "engine/engine.h"
#include "arch/arch.h"
#include "syscallent.h"
#include "procfs/procfs.h"

#define RULE "--stealth"

enum { ST_TRACEME = 1, ST_SNAPSHOT = 2 };	/* tbx_proc.stealth */

struct attach_pair { pid_t tracer, target; };	/* a faked attach */

struct tbx_stealth {
	char dir[64];		/* private directory of the snapshots */
	/* a spawned child needs no_new_privs to install the trace filter
	 * (tbx_filter_install): it was not set before, nor is CAP_SYS_ADMIN
	 * there to do without */
	bool nnp_ours;
	char path[PATH_MAX];	/* the snapshot of the call being decided */
	struct attach_pair *pairs;
	unsigned npairs, cap;
};

static const long stealth_calls[] = {
	TBX_NR64_ptrace, TBX_NR64_getppid, TBX_NR64_open, TBX_NR64_openat,
	TBX_NR64_openat2,
};

void tbx_stealth_calls(uint8_t *set)
{
	for (size_t i = 0; i < sizeof(stealth_calls) / sizeof(stealth_calls[0]); i++)
		tbx_bit_set(set, (unsigned long)stealth_calls[i]);
}

static bool has_cap_sys_admin(void)
{
	char buf[4096], *s;

	if (tbx_proc_read("/proc/self/status", buf, sizeof(buf)) <= 0)
		return false;
	s = strstr(buf, "\nCapEff:");
	return s && (strtoull(s + 8, NULL, 16) >> 21 & 1);
}

/* Snapshots live in tmpfs when there is one; the directory is searchable
 * by all (a tracee may change uid) but only tracebox can list or write
 * it, and each copy is no more readable than the /proc file it copies. */
int tbx_stealth_new(struct tbx_stealth **out)
{
	static const char *const bases[] = { "/dev/shm", "/tmp" };
	struct tbx_stealth *s = calloc(1, sizeof(*s));
	int e = 0;

	if (!s)
		return -ENOMEM;
	for (unsigned i = 0; i < 2; i++) {
		snprintf(s->dir, sizeof(s->dir), "%s/tracebox-stealth.XXXXXX", bases[i]);
		if (mkdtemp(s->dir) && chmod(s->dir, 0711) == 0)
			break;
		e = -errno;
		rmdir(s->dir);	/* made but not usable, if at all */
		s->dir[0] = 0;
	}
	if (!s->dir[0]) {
		free(s);
		return e;
	}
	s->nnp_ours = !prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) && !has_cap_sys_admin();
	*out = s;
	return 0;
}

void tbx_stealth_free(struct tbx_stealth *s)
{
	DIR *d;
	struct dirent *de;

	if (!s)
		return;
	/* copies of calls that never reached their exit */
	d = opendir(s->dir);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	if (d)
		closedir(d);
	rmdir(s->dir);
	free(s->pairs);
	free(s);
}

static void fake(struct tbx_verdict *v, int64_t value)
{
	v->kind = TBX_VERDICT_FAKE;
	v->value = value;
	v->rule = RULE;
}

static struct attach_pair *pair_find(struct tbx_stealth *s, pid_t tracer, pid_t target)
{
	for (unsigned i = 0; i < s->npairs; i++)
		if (s->pairs[i].tracer == tracer && s->pairs[i].target == target)
			return &s->pairs[i];
	return NULL;
}

static int pair_add(struct tbx_stealth *s, pid_t tracer, pid_t target)
{
	if (s->npairs == s->cap) {
		unsigned cap = s->cap ? 2 * s->cap : 8;
		void *n = realloc(s->pairs, cap * sizeof(*s->pairs));
		if (!n)
			return -ENOMEM;
		s->pairs = n;
		s->cap = cap;
	}
	s->pairs[s->npairs++] = (struct attach_pair){ tracer, target };
	return 0;
}

static void ptrace_enter(struct tbx_tracer *t, struct tbx_proc *p, const uint64_t *a,
			 struct tbx_verdict *v)
{
	struct tbx_stealth *s = t->stealth;
	long req = (long)a[0];
	pid_t pid = (pid_t)a[1];
	struct tbx_proc *q;
	struct attach_pair *pr = pair_find(s, p->tid, pid);

	switch (req) {
	case PTRACE_TRACEME:
		/* a second one runs, and fails with EPERM as it would */
		if (!(p->stealth & ST_TRACEME)) {
			p->stealth |= ST_TRACEME;
			fake(v, 0);
		}
		return;
	case PTRACE_ATTACH:
	case PTRACE_SEIZE:
		/* only a tracee of ours gives the tracer away; attaching to
		 * itself or twice fails for real, as it would untraced */
		q = tbx_proc_find(&t->procs, pid);
		if (q && q->tgid != p->tgid && !pr && pair_add(s, p->tid, pid) == 0)
			fake(v, 0);
		return;
	case PTRACE_DETACH:
		if (pr) {
			*pr = s->pairs[--s->npairs];
			fake(v, 0);
		}
		return;
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SETOPTIONS:
	case PTRACE_INTERRUPT:
	case PTRACE_LISTEN:
		if (pr)
			fake(v, 0);
		return;
	default:
		return;
	}
}

/* "/proc/<pid>[/task/<tid>]/{status,stat}" (self and thread-self as the
 * caller's), normalized: the directory's pid, the task's tid (0 for the
 * process's own file), which file. */
static bool parse_proc_path(const struct tbx_proc *p, const char *path, pid_t *pid,
			    pid_t *tid, bool *is_stat)
{
	char *end;
	long n;

	*tid = 0;
	if (strncmp(path, "/proc/", 6))
		return false;
	path += 6;
	if (!strncmp(path, "self/", 5)) {
		*pid = p->tgid;
		path += 5;
	} else if (!strncmp(path, "thread-self/", 12)) {
		*pid = p->tgid;
		*tid = p->tid;
		path += 12;
		goto file;
	} else {
		n = strtol(path, &end, 10);
		if (end == path || *end != '/' || n <= 0 || n > INT_MAX)
			return false;
		*pid = (pid_t)n;
		path = end + 1;
	}
	if (!strncmp(path, "task/", 5)) {
		n = strtol(path + 5, &end, 10);
		if (end == path + 5 || *end != '/' || n <= 0 || n > INT_MAX)
			return false;
		*tid = (pid_t)n;
		path = end + 1;
	}
file:
	*is_stat = !strcmp(path, "stat");
	return *is_stat || !strcmp(path, "status");
}

/* The tracee's path made absolute (relative ones from its cwd or dirfd,
 * which readlink shows as "/proc/<pid>...") with "//" and "/./" gone. */
static int absolute_path(pid_t tid, int dirfd, const char *path, char *out, size_t cap)
{
	char link[64], full[PATH_MAX * 2];
	size_t o = 0;
	ssize_t n = 0;

	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", tid, dirfd);
		n = readlink(link, full, PATH_MAX);
		if (n <= 0)
			return -EBADF;
		full[n++] = '/';
	}
	snprintf(full + n, sizeof(full) - (size_t)n, "%s", path);
	for (const char *s = full; *s && o + 1 < cap; s++) {
		if (*s == '/' && (s[1] == '/' || (s[1] == '.' && (s[2] == '/' || !s[2]))))
			continue;	/* the next '/' (or the end) stands for it */
		out[o++] = *s;
	}
	out[o] = 0;
	return 0;
}

/* PPid as the program would see it untraced: the spawned process's
 * parent is tracebox, which stands in for its own. */
static pid_t shown_ppid(const struct tbx_tracer *t, const struct tbx_proc *q, pid_t real)
{
	if (q && !(q->flags & P_ATTACHED) && q->tgid == t->main_pid)
		return getppid();
	return real;
}

/* status: TracerPid 0, "t (tracing stop)" running, PPid as above; a
 * spawned process without the trace filter (and the no_new_privs it took)
 * that tracing added. */
static size_t sanitize_status(const struct tbx_tracer *t, const struct tbx_proc *q,
			      const char *in, char *out, size_t cap)
{
	bool ours = t->filter && !(q->flags & P_ATTACHED);
	const char *f = strstr(in, "\nSeccomp_filters:");
	int filters = f ? atoi(f + 17) - ours : 0;
	size_t o = 0;

	for (const char *l = in; *l && o < cap; ) {
		const char *nl = strchrnul(l, '\n');
		int len = (int)(nl - l) + (*nl == '\n');
		int w;

		if (!strncmp(l, "TracerPid:", 10))
			w = snprintf(out + o, cap - o, "TracerPid:\t0\n");
		else if (!strncmp(l, "State:\tt", 8))
			w = snprintf(out + o, cap - o, "State:\tR (running)\n");
		else if (!strncmp(l, "PPid:", 5))
			w = snprintf(out + o, cap - o, "PPid:\t%d\n",
				     shown_ppid(t, q, (pid_t)atoi(l + 5)));
		else if (ours && f && !strncmp(l, "Seccomp_filters:", 16))
			w = snprintf(out + o, cap - o, "Seccomp_filters:\t%d\n", filters);
		else if (ours && f && !filters && !strncmp(l, "Seccomp:", 8))
			w = snprintf(out + o, cap - o, "Seccomp:\t0\n");
		else if (ours && t->stealth->nnp_ours && !strncmp(l, "NoNewPrivs:", 11))
			w = snprintf(out + o, cap - o, "NoNewPrivs:\t0\n");
		else
			w = snprintf(out + o, cap - o, "%.*s", len, l);
		o += (size_t)w < cap - o ? (size_t)w : cap - o;
		l += len;
	}
	return o;
}

/* stat: "pid (comm) S ppid ...": the comm may hold anything, the fields
 * start after its last ')'. */
static size_t sanitize_stat(const struct tbx_tracer *t, const struct tbx_proc *q,
			    const char *in, char *out, size_t cap)
{
	const char *rp = strrchr(in, ')'), *rest;
	char state;
	int w;

	if (!rp || strlen(rp) < 5)
		return (size_t)snprintf(out, cap, "%s", in);
	state = rp[2] == 't' ? 'R' : rp[2];
	rest = strchr(rp + 4, ' ');
	w = snprintf(out, cap, "%.*s %c %d%s", (int)(rp + 1 - in), in, state,
		     shown_ppid(t, q, (pid_t)atoi(rp + 4)), rest ? rest : "\n");
	return (size_t)w < cap ? (size_t)w : cap - 1;
}

/* Write the sanitized copy of a status or stat file of tracee q (the one
 * in /proc/pid, or in /proc/pid/task/tid) for the call of p. */
static int snapshot(struct tbx_tracer *t, struct tbx_proc *p, const struct tbx_proc *q,
		    pid_t pid, pid_t tid, bool is_stat)
{
	struct tbx_stealth *s = t->stealth;
	const char *file = is_stat ? "stat" : "status";
	char src[96], in[8192], out[8192 + 64];
	ssize_t n;
	size_t len;
	int fd;

	if (tid)
		snprintf(src, sizeof(src), "/proc/%d/task/%d/%s", pid, tid, file);
	else
		snprintf(src, sizeof(src), "/proc/%d/%s", pid, file);
	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, in, sizeof(in) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	in[n] = 0;
	len = is_stat ? sanitize_stat(t, q, in, out, sizeof(out)) :
			sanitize_status(t, q, in, out, sizeof(out));
	snprintf(s->path, sizeof(s->path), "%s/%d", s->dir, p->tid);
	unlink(s->path);
	fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
	if (fd < 0)
		return -errno;
	p->stealth |= ST_SNAPSHOT;
	if (tbx_write_all(fd, out, len) < 0) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

static void open_enter(struct tbx_tracer *t, struct tbx_proc *p, int dirfd,
		       uint64_t addr, unsigned arg, struct tbx_verdict *v)
{
	char path[PATH_MAX], full[PATH_MAX];
	bool term, is_stat;
	pid_t pid, tid;
	const struct tbx_proc *q;
	int e;
	ssize_t n = tbx_umove_str(p->tid, addr, path, sizeof(path) - 1, &term);

	if (n <= 0 || !term)
		return;
	path[n] = 0;
	/* cheap test first: most opens are nowhere near /proc */
	if (!strstr(path, "stat") || absolute_path(p->tid, dirfd, path, full, sizeof(full)) ||
	    !parse_proc_path(p, full, &pid, &tid, &is_stat) ||
	    !(q = tbx_proc_find(&t->procs, tid ? tid : pid)))
		return;
	e = snapshot(t, p, q, pid, tid, is_stat);
	if (e) {
		/* gone meanwhile: the real call fails the same way */
		if (e != -ENOENT && e != -ESRCH)
			tbx_log(&t->lg, TBX_LOG_WARN, "--stealth: no copy of %s for %d: %s",
				full, p->tid, strerror(-e));
		return;
	}
	v->path = t->stealth->path;
	v->arg = arg;
	v->rule = RULE;
}

/* openat2 resolving beneath its dirfd, or within one mount, would fail on
 * the copy's absolute path in another filesystem: left alone. */
static bool openat2_confined(pid_t tid, uint64_t how_addr)
{
	struct { uint64_t flags, mode, resolve; } how;

	if (tbx_umove(tid, how_addr, &how, sizeof(how)))
		return true;
	return how.resolve & (RESOLVE_NO_XDEV | RESOLVE_BENEATH | RESOLVE_IN_ROOT);
}

void tbx_stealth_enter(struct tbx_tracer *t, struct tbx_proc *p,
		       const struct tbx_scinfo *si, struct tbx_verdict *v)
{
	if (si->arch != TBX_ARCH_X86_64)
		return;
	switch (si->nr) {
	case TBX_NR64_ptrace:
		ptrace_enter(t, p, si->args, v);
		break;
	case TBX_NR64_getppid:
		if (!(p->flags & P_ATTACHED) && p->tgid == t->main_pid)
			fake(v, getppid());
		break;
	case TBX_NR64_open:
		open_enter(t, p, AT_FDCWD, si->args[0], 0, v);
		break;
	case TBX_NR64_openat:
		open_enter(t, p, (int)si->args[0], si->args[1], 1, v);
		break;
	case TBX_NR64_openat2:
		if (!openat2_confined(p->tid, si->args[2]))
			open_enter(t, p, (int)si->args[0], si->args[1], 1, v);
		break;
	default:
		break;
	}
}

/* The policy decided too: a faked call never runs, so stealth's answer
 * stands whatever the policy said but a kill (a sandbox denial of ptrace
 * becomes a faked success, never a real ptrace); a copy is opened only
 * where the policy lets the call run unchanged. */
void tbx_stealth_merge(const struct tbx_verdict *sv, struct tbx_verdict *v)
{
	if (v->kind == TBX_VERDICT_KILL && !v->audit)
		return;
	if (sv->kind == TBX_VERDICT_FAKE) {
		*v = *sv;
		return;
	}
	if (sv->path && v->kind == TBX_VERDICT_ALLOW && !v->path) {
		v->path = sv->path;
		v->arg = sv->arg;
	}
}

void tbx_stealth_exit(struct tbx_tracer *t, struct tbx_proc *p)
{
	char path[PATH_MAX];

	if (!(p->stealth & ST_SNAPSHOT))
		return;
	p->stealth &= ~ST_SNAPSHOT;
	snprintf(path, sizeof(path), "%s/%d", t->stealth->dir, p->tid);
	unlink(path);
}

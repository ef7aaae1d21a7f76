/* Getting tracees: spawn a command traced from its first instruction, or
 * attach to a running process. */
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
#include <sys/syscall.h>
#include <linux/capability.h>
#include <sys/wait.h>
#include "engine/engine.h"
#include "syscallent.h"
#include "procfs/procfs.h"

static unsigned long ptrace_options(const struct tbx_tracer *t)
{
	unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;

	if (t->o.flags & TBX_TRACE_FOLLOW)
		o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
		     PTRACE_O_TRACEVFORKDONE;
	if (t->seccomp)
		o |= PTRACE_O_TRACESECCOMP;
	if (t->o.flags & TBX_TRACE_EXIT_EVENTS)
		o |= PTRACE_O_TRACEEXIT;
	return o;
}

/* The file execvp would run, so that "not found" is an error here and
 * not a failed execve in the trace. */
int tbx_find_program(const char *name, char *out, size_t cap)
{
	const char *path = getenv("PATH"), *p, *end;
	int err = -ENOENT;

	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, cap, "%s", name) >= cap)
			return -ENAMETOOLONG;
		return access(out, X_OK) ? -errno : 0;
	}
	if (!*name)
		return -ENOENT;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		struct stat st;
		end = strchrnul(p, ':');
		if ((size_t)snprintf(out, cap, "%.*s%s%s", (int)(end - p), p,
				     end > p ? "/" : "", name) < cap &&
		    stat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			err = -EACCES;
		}
		if (!*end)
			break;
	}
	return err;
}

/* The program gets the signal dispositions tracebox was started with
 * (saved by tbx_tracer_new), not those the tracer set for itself. */
static void restore_signals(const struct tbx_tracer *t)
{
	for (unsigned i = 0; i < TBX_SAVED_SIGS; i++)
		sigaction(tbx_saved_sigs[i], &t->saved_sa[i], NULL);
}

/* Pin the tracer to the CPU it runs on; the child inherits it. */
static int colocate(struct tbx_tracer *t)
{
	cpu_set_t one;
	int cpu = sched_getcpu();

	if (cpu < 0 || sched_getaffinity(0, sizeof(t->cpus), &t->cpus) < 0 ||
	    CPU_COUNT(&t->cpus) < 2 || !CPU_ISSET(cpu, &t->cpus))
		return -1;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return sched_setaffinity(0, sizeof(one), &one);
}

/* A second tracee: everybody gets the original CPUs back, unless a
 * tracee chose its own affinity meanwhile. */
void tbx_uncolocate(struct tbx_tracer *t)
{
	struct tbx_proc *p;
	unsigned i;

	if (!t->colocated)
		return;
	t->colocated = false;
	sched_setaffinity(0, sizeof(t->cpus), &t->cpus);
	tbx_proctab_each(&t->procs, i, p) {
		cpu_set_t cur;
		if (sched_getaffinity(p->tid, sizeof(cur), &cur) == 0 && CPU_COUNT(&cur) == 1)
			sched_setaffinity(p->tid, sizeof(t->cpus), &t->cpus);
	}
}

/* Root's powers the rules take away: out of the bounding set and the
 * inheritable set, so the program cannot have them after execve. Without
 * CAP_SETPCAP (unprivileged) there is nothing to drop. */
static int drop_caps(uint64_t caps)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	for (int c = 0; c < 64; c++)
		if ((caps & (1ull << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 &&
		    errno != EINVAL && errno != EPERM)
			return -1;
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	d[0].inheritable &= ~(uint32_t)caps;
	d[1].inheritable &= ~(uint32_t)(caps >> 32);
	if (syscall(SYS_capset, &h, d) < 0 && errno != EPERM)
		return -1;
	return 0;
}

/* In the child, after it was seized and before it executes the program:
 * async-signal-safe calls only. Order matters: no_new_privs first (needed
 * unprivileged, and setuid programs then gain nothing), Landlock, then the
 * seccomp filters, so the filter cannot forbid the calls setting it up. */
int tbx_child_confine(const struct tbx_tracer *t)
{
	if ((t->o.flags & TBX_TRACE_NO_NEW_PRIVS) &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (t->o.drop_caps && drop_caps(t->o.drop_caps) < 0)
		return -errno;
	if ((t->o.flags & TBX_TRACE_LANDLOCK) &&
	    syscall(SYS_landlock_restrict_self, t->o.landlock_fd, 0) < 0)
		return -errno;
	if (t->filter && tbx_filter_install(t->filter) < 0)
		return -errno;
	if (t->o.child_filter && tbx_filter_install(t->o.child_filter) < 0)
		return -errno;
	return 0;
}

int tbx_tracer_spawn(tbx_tracer *t, char *const argv[], pid_t *pidp)
{
	char path[PATH_MAX];
	struct tbx_proc *p;
	pid_t pid;
	int e, status;
	bool no_set = !t->set;

	if (!t || !argv || !argv[0])
		return -EINVAL;
	e = tbx_find_program(argv[0], path, sizeof(path));
	if (e)
		return e;
	/* only when following children: an untraced child would keep the
	 * filter, and its RET_TRACE calls would fail with ENOSYS (strace's
	 * --seccomp-bpf has the same condition) */
	if (!no_set && (t->o.flags & TBX_TRACE_FOLLOW) &&
	    !(t->o.flags & TBX_TRACE_NO_SECCOMP) && !t->filter) {
		e = tbx_filter_trace_build(t->stop_set ? t->stop_set : t->set,
					   tbx_nsysent64, &t->filter);
		if (e)
			tbx_log(&t->lg, TBX_LOG_WARN,
				"seccomp filter not built (%s): tracing every call",
				strerror(-e));
	}
	t->seccomp = t->filter || t->o.child_filter;
	if (t->bps && (e = tbx_bps_spawn(t, path)))
		return e;
	/* only with -f: without it, new threads are not seen to undo it */
	if ((t->o.flags & TBX_TRACE_COLOCATE) && (t->o.flags & TBX_TRACE_FOLLOW) &&
	    !t->procs.n && colocate(t) == 0)
		t->colocated = true;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* Child: wait to be seized, then exec. Only async-signal-safe
		 * calls from here on. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* the CLI made tracebox non-dumpable; unprivileged, the parent
		 * could not seize a non-dumpable child (execve resets it) */
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		/* seized now: PTRACE_O_EXITKILL takes over, and the program
		 * must not see a parent-death signal it did not ask for */
		prctl(PR_SET_PDEATHSIG, 0);
		restore_signals(t);
		if (tbx_child_confine(t) < 0)
			_exit(127);
		execv(path, argv);
		_exit(127);
	}
	while (waitpid(pid, &status, WSTOPPED) < 0) {
		if (errno != EINTR) {
			e = -errno;
			kill(pid, SIGKILL);
			return e;
		}
	}
	if (!WIFSTOPPED(status) ||
	    ptrace(PTRACE_SEIZE, pid, NULL,
		   (void *)(ptrace_options(t) | PTRACE_O_EXITKILL)) < 0) {
		e = WIFSTOPPED(status) ? -errno : -ECHILD;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return e;
	}
	p = tbx_proc_add(&t->procs, pid);
	if (!p) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, __WALL);
		return -ENOMEM;
	}
	p->flags |= P_HIDE;
	if (t->seccomp)
		p->flags |= P_CONT;
	if (!t->main_pid)
		t->main_pid = pid;
	t->spawned = true;
	kill(pid, SIGCONT);
	if (pidp)
		*pidp = pid;
	return 0;
}

/* Why PTRACE_SEIZE said EPERM, in words. */
static void explain_eperm(struct tbx_tracer *t, pid_t pid)
{
	char path[64], scope[8];
	pid_t tracer = (pid_t)tbx_proc_status_num(pid, "TracerPid", 0);

	if (tracer) {
		char comm[64] = "?";
		snprintf(path, sizeof(path), "/proc/%d/comm", tracer);
		if (tbx_proc_read(path, comm, sizeof(comm)) > 0)
			comm[strcspn(comm, "\n")] = 0;
		tbx_log(&t->lg, TBX_LOG_ERROR,
			"attach %d: already traced by process %d (%s)", pid, tracer, comm);
		return;
	}
	if (tbx_proc_read("/proc/sys/kernel/yama/ptrace_scope", scope, sizeof(scope)) > 0 &&
	    scope[0] != '0') {
		tbx_log(&t->lg, TBX_LOG_ERROR,
			"attach %d: Operation not permitted (kernel.yama.ptrace_scope=%c:"
			" only descendants or CAP_SYS_PTRACE)", pid, scope[0]);
		return;
	}
	tbx_log(&t->lg, TBX_LOG_ERROR,
		"attach %d: Operation not permitted (another user's process, or not dumpable;"
		" needs CAP_SYS_PTRACE)", pid);
}

static int seize_one(struct tbx_tracer *t, pid_t tid, pid_t tgid)
{
	struct tbx_proc *p;

	if (tbx_proc_find(&t->procs, tid))
		return 0;
	if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)ptrace_options(t)) < 0)
		return -errno;
	p = tbx_proc_add(&t->procs, tid);
	if (!p) {
		ptrace(PTRACE_DETACH, tid, NULL, NULL);
		return -ENOMEM;
	}
	p->tgid = tgid;
	p->flags |= P_ATTACHED | P_SEIZED;
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) < 0)
		return -errno;
	return 0;
}

int tbx_tracer_attach(tbx_tracer *t, pid_t pid)
{
	char path[64];
	int e, added;

	if (!t || pid <= 0)
		return -EINVAL;
	if (pid == getpid())
		return -EDEADLK;
	t->seccomp = false;	/* a running process has no filter of ours */
	e = seize_one(t, pid, pid);
	if (e) {
		if (e == -EPERM)
			explain_eperm(t, pid);
		return e;
	}
	if (!t->main_pid)
		t->main_pid = pid;
	if (!(t->o.flags & TBX_TRACE_FOLLOW))
		return 0;
	/* All threads; repeat while new ones appear (bounded). */
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	for (int round = 0; round < 16; round++) {
		DIR *d = opendir(path);
		struct dirent *de;

		if (!d)
			break;
		added = 0;
		while ((de = readdir(d))) {
			pid_t tid = atoi(de->d_name);
			if (tid <= 0 || tbx_proc_find(&t->procs, tid))
				continue;
			if (seize_one(t, tid, pid) == 0)
				added++;
		}
		closedir(d);
		if (!added)
			break;
	}
	return 0;
}

/* --freeze: a consistent snapshot. Every thread is seized and
 * interrupted (PTRACE_SEIZE does not send SIGSTOP, so nothing is left
 * for the process to see), and we wait until each one is stopped.
 * tbx_thaw always runs after: on success, error, timeout or Ctrl-C;
 * should tracebox die instead, the kernel detaches and resumes them. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "scan/scan.h"

static bool have(const struct tbx_freeze *f, pid_t tid)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->tid[i] == tid)
			return true;
	return false;
}

static int add(struct tbx_freeze *f, pid_t tid)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		pid_t *t = realloc(f->tid, cap * sizeof(*t));
		int *s;

		if (!t)
			return -ENOMEM;
		f->tid = t;
		s = realloc(f->sig, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		f->sig = s;
		f->cap = cap;
	}
	f->tid[f->n] = tid;
	f->sig[f->n] = -1;	/* -1: not seen stopped yet */
	f->n++;
	return 0;
}

/* Seize every thread not seized yet; the number of new ones, or -errno. */
static int seize_new(pid_t pid, struct tbx_freeze *f)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int added = 0, e = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((de = readdir(d))) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid <= 0 || have(f, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) < 0) {
			if (errno == ESRCH)
				continue;	/* the thread just exited */
			e = errno == EPERM ? -EACCES : -errno;
			break;
		}
		if ((e = add(f, tid)) < 0) {
			ptrace(PTRACE_DETACH, tid, NULL, NULL);
			break;
		}
		ptrace(PTRACE_INTERRUPT, tid, NULL, NULL);
		added++;
	}
	closedir(d);
	return e < 0 ? e : added;
}

/* Collect stops that are there, without blocking; number still running. */
static size_t reap(struct tbx_freeze *f)
{
	size_t running = 0;

	for (size_t i = 0; i < f->n; i++) {
		int st;
		pid_t r;

		if (f->sig[i] >= 0)
			continue;
		r = waitpid(f->tid[i], &st, __WALL | WNOHANG);
		if (r == f->tid[i] && WIFSTOPPED(st)) {
			int sig = WSTOPSIG(st);

			/* A signal that arrived before our interrupt: keep it
			 * for the detach so the process still gets it. */
			f->sig[i] = st >> 16 || sig == SIGTRAP ? 0 : sig;
		} else if (r == f->tid[i] || (r < 0 && errno == ECHILD)) {
			f->sig[i] = 0;	/* exited: nothing to resume */
			f->tid[i] = -f->tid[i];
		} else {
			running++;
		}
	}
	return running;
}

int tbx_freeze(pid_t pid, struct tbx_freeze *f, const struct tbx_scan_opts *o,
	       const struct tbx_logger *lg)
{
	int e;

	memset(f, 0, sizeof(*f));
	/* Threads created while we seize the others: list again until no
	 * new one appears (a seized thread's children are seized by the
	 * kernel only with options we do not set, so list until stable). */
	do {
		e = seize_new(pid, f);
		if (e < 0) {
			tbx_log(lg, TBX_LOG_ERROR, "%d: cannot freeze: %s",
				(int)pid, strerror(-e));
			tbx_thaw(f, lg);
			return e;
		}
	} while (e > 0);
	for (;;) {
		struct timespec ms = { 0, 1000000 };

		if (!reap(f))
			break;
		if ((e = tbx_scan_check(o)) < 0) {
			tbx_thaw(f, lg);
			return e;
		}
		nanosleep(&ms, NULL);
	}
	/* Threads that appeared between the last listing and the stops. */
	if ((e = seize_new(pid, f)) > 0) {
		struct timespec ms = { 0, 1000000 };

		while (reap(f) && tbx_scan_check(o) == 0)
			nanosleep(&ms, NULL);
	}
	return 0;
}

void tbx_thaw(struct tbx_freeze *f, const struct tbx_logger *lg)
{
	for (size_t i = 0; i < f->n; i++) {
		pid_t tid = f->tid[i];

		if (tid <= 0)
			continue;
		/* PTRACE_DETACH needs the thread stopped: one still running
		 * (we gave up waiting) gets a last chance of 1 s. */
		for (int tries = 0; f->sig[i] < 0 && tries < 1000; tries++) {
			struct timespec ms = { 0, 1000000 };
			int st;
			pid_t r = waitpid(tid, &st, __WALL | WNOHANG);

			if (r == tid && WIFSTOPPED(st))
				f->sig[i] = st >> 16 || WSTOPSIG(st) == SIGTRAP ? 0 : WSTOPSIG(st);
			else if (r == tid || (r < 0 && errno == ECHILD))
				break;
			else
				nanosleep(&ms, NULL);
		}
		if (ptrace(PTRACE_DETACH, tid, NULL,
			   (void *)(long)(f->sig[i] > 0 ? f->sig[i] : 0)) < 0 &&
		    errno != ESRCH)
			tbx_log(lg, TBX_LOG_WARN, "thread %d: detach: %s",
				(int)tid, strerror(errno));
	}
	free(f->tid);
	free(f->sig);
	memset(f, 0, sizeof(*f));
}

/* Anti-debug checks as protected programs and malware make them:
 * "antidebug TECHNIQUE" prints "traced" or "not traced" (details of what
 * gave it away on stderr). Techniques: traceme, attach, status, ppid,
 * timing, sigtrap, state, seccomp. Exit status 0, or 2 on a usage
 * error. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return (int)n;
}

/* TracerPid and State of a status file's text: 1 when traced. */
static int status_says_traced(const char *what, const char *buf)
{
	const char *tp = strstr(buf, "\nTracerPid:"), *st = strstr(buf, "\nState:");

	if (!tp || !st) {
		fprintf(stderr, "%s: no TracerPid/State\n", what);
		return 1;
	}
	if (atoi(tp + 11) != 0 || st[8] == 't') {
		fprintf(stderr, "%s: TracerPid %d, State %c\n", what, atoi(tp + 11), st[8]);
		return 1;
	}
	return 0;
}

/* PTRACE_TRACEME fails when a tracer is there already; when it worked,
 * a second one must fail with EPERM. */
static int check_traceme(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
		fprintf(stderr, "PTRACE_TRACEME: %s\n", strerror(errno));
		return 1;
	}
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 || errno != EPERM) {
		fprintf(stderr, "second PTRACE_TRACEME did not fail with EPERM\n");
		return 1;
	}
	return 0;
}

/* A child attaches to its parent: a process has one tracer at most. */
static int check_attach(void)
{
	pid_t parent = getpid(), child = fork();
	int st;

	if (child < 0)
		return 1;
	if (child == 0) {
		if (ptrace(PTRACE_ATTACH, parent, NULL, NULL) < 0) {
			fprintf(stderr, "PTRACE_ATTACH %d: %s\n", parent, strerror(errno));
			_exit(1);
		}
		waitpid(parent, NULL, __WALL);
		if (ptrace(PTRACE_DETACH, parent, NULL, NULL) < 0) {
			fprintf(stderr, "PTRACE_DETACH %d: %s\n", parent, strerror(errno));
			_exit(1);
		}
		_exit(0);
	}
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st))
		return 1;
	return WEXITSTATUS(st) != 0;
}

/* TracerPid by every path to the same files, absolute and relative. */
static int check_status(void)
{
	char path[128], buf[4096];
	int traced = 0, dfd, fd;
	ssize_t n;
	const char *paths[] = { "/proc/self/status", "/proc/thread-self/status", path };

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", getpid(), (int)gettid());
	for (unsigned i = 0; i < 3; i++)
		traced |= read_file(paths[i], buf, sizeof(buf)) < 0 ||
			  status_says_traced(paths[i], buf);
	snprintf(path, sizeof(path), "/proc/%d/status", getpid());
	traced |= read_file(path, buf, sizeof(buf)) < 0 || status_says_traced(path, buf);
	/* relative to a directory fd of /proc/self */
	dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
	fd = dfd < 0 ? -1 : openat(dfd, "status", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		traced = 1;
	} else {
		buf[n] = 0;
		traced |= status_says_traced("openat(/proc/self, status)", buf);
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	/* openat2 (where the kernel has it) */
	struct { unsigned long long flags, mode, resolve; } how = { O_RDONLY, 0, 0 };
	fd = (int)syscall(SYS_openat2, AT_FDCWD, "/proc/self/stat", &how, sizeof(how));
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n > 0) {
		buf[n] = 0;
		char *s = strrchr(buf, ')');
		if (!s || s[2] == 't') {
			fprintf(stderr, "openat2 /proc/self/stat: state %c\n", s ? s[2] : '?');
			traced = 1;
		}
	}
	return traced;
}

static int is_tracer_name(const char *s)
{
	const char *names[] = { "tracebox", "strace", "ltrace", "gdb" };
	const char *base = strrchr(s, '/');

	base = base ? base + 1 : s;
	for (unsigned i = 0; i < 4; i++)
		if (strstr(base, names[i]))
			return 1;
	return 0;
}

/* The parent's name, by comm, exe and cmdline; and getppid() agrees with
 * the PPid of status and stat. */
static int check_ppid(void)
{
	pid_t pp = getppid();
	char path[64], buf[4096], *s;
	int traced = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", pp);
	if (read_file(path, buf, sizeof(buf)) > 0 && is_tracer_name(buf)) {
		fprintf(stderr, "parent comm: %s", buf);
		traced = 1;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", pp);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = 0;
		if (is_tracer_name(buf)) {
			fprintf(stderr, "parent exe: %s\n", buf);
			traced = 1;
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pp);
	if (read_file(path, buf, sizeof(buf)) > 0 && is_tracer_name(buf)) {
		fprintf(stderr, "parent cmdline: %s\n", buf);
		traced = 1;
	}
	if (read_file("/proc/self/status", buf, sizeof(buf)) < 0 ||
	    !(s = strstr(buf, "\nPPid:")) || atoi(s + 6) != pp) {
		fprintf(stderr, "status PPid is not getppid() %d\n", pp);
		traced = 1;
	}
	if (read_file("/proc/self/stat", buf, sizeof(buf)) < 0 ||
	    !(s = strrchr(buf, ')')) || atoi(s + 4) != pp) {
		fprintf(stderr, "stat ppid is not getppid() %d\n", pp);
		traced = 1;
	}
	return traced;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* A cheap system call costs well under a microsecond; stopping in a
 * tracer at it costs several. The best of many rounds, so that a busy
 * machine does not look like a tracer. */
static int check_timing(void)
{
	double best = 1e18;

	for (int r = 0; r < 40; r++) {
		double t0 = now_ns();
		for (int i = 0; i < 500; i++)
			syscall(SYS_getuid);
		double per = (now_ns() - t0) / 500;
		if (per < best)
			best = per;
	}
	fprintf(stderr, "getuid: %.0f ns per call\n", best);
	return best > 3000;
}

static volatile sig_atomic_t trapped;

static void on_trap(int sig)
{
	(void)sig;
	trapped++;
}

/* A debugger takes SIGTRAP for itself: the program's handler never runs. */
static int check_sigtrap(void)
{
	struct sigaction sa = { .sa_handler = on_trap };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTRAP, &sa, NULL);
	__asm__ volatile("int3");
	raise(SIGTRAP);
	if (trapped != 2)
		fprintf(stderr, "SIGTRAP handler ran %d times of 2\n", (int)trapped);
	return trapped != 2;
}

static atomic_int spinner_tid, stop_spin;

static void *spin(void *arg)
{
	(void)arg;
	atomic_store(&spinner_tid, (int)gettid());
	while (!atomic_load(&stop_spin))
		syscall(SYS_getuid);
	return NULL;
}

/* A thread making system calls is in "t (tracing stop)" now and then
 * when a tracer stops it at each call. */
static int check_state(void)
{
	pthread_t th;
	char path[64], buf[1024], *s;
	int traced = 0;
	double end = now_ns() + 2e9;

	if (pthread_create(&th, NULL, spin, NULL))
		return 1;
	while (!atomic_load(&spinner_tid))
		sched_yield();
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", atomic_load(&spinner_tid));
	for (int i = 0; i < 3000 && !traced && now_ns() < end; i++) {
		const char *p = i % 2 ? path : "/proc/self/stat";
		if (read_file(p, buf, sizeof(buf)) < 0 || !(s = strrchr(buf, ')'))) {
			traced = 1;
			break;
		}
		if (s[2] == 't') {
			fprintf(stderr, "%s: state t after %d reads\n", p, i);
			traced = 1;
		}
	}
	atomic_store(&stop_spin, 1);
	pthread_join(th, NULL);
	return traced;
}

static int status_field(pid_t pid, const char *key)
{
	char path[64], buf[4096], *s;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	if (read_file(path, buf, sizeof(buf)) < 0 || !(s = strstr(buf, key)))
		return -1;
	return atoi(s + strlen(key));
}

/* A seccomp filter (and the no_new_privs it may need) the parent does not
 * have: put there by whoever started the program. */
static int check_seccomp(void)
{
	static const char *const keys[] = { "\nSeccomp_filters:", "\nNoNewPrivs:" };
	int traced = 0;

	for (unsigned i = 0; i < 2; i++) {
		int mine = status_field(0, keys[i]), theirs = status_field(getppid(), keys[i]);
		if (mine != theirs) {
			fprintf(stderr, "%s %d, parent's %d\n", keys[i] + 1, mine, theirs);
			traced = 1;
		}
	}
	return traced;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(void); } t[] = {
		{ "traceme", check_traceme }, { "attach", check_attach },
		{ "status", check_status }, { "ppid", check_ppid },
		{ "timing", check_timing }, { "sigtrap", check_sigtrap },
		{ "state", check_state }, { "seccomp", check_seccomp },
	};

	for (unsigned i = 0; argc == 2 && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(argv[1], t[i].name)) {
			puts(t[i].fn() ? "traced" : "not traced");
			return 0;
		}
	fprintf(stderr, "usage: antidebug traceme|attach|status|ppid|timing|sigtrap|state|seccomp\n");
	return 2;
}

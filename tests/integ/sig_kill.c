/* ARGS: -e trace=kill,tgkill,rt_sigreturn,rt_sigsuspend */
/* Signals delivered to a handler: the "--- SIGUSR1 {...} ---" line and
 * rt_sigreturn restoring the mask saved in the signal frame. */
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void handler(int sig) { got = sig; }

int main(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t set, empty;
	int pid = getpid(), uid = getuid(), tid = gettid();

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	kill(pid, SIGUSR1);
	printf("kill(%d, SIGUSR1) = 0\n", pid);
	printf("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%d, si_uid=%d} ---\n", pid, uid);
	printf("rt_sigreturn({mask=[]}) = 0\n");

	/* with SIGHUP blocked, the frame saves [HUP] */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	syscall(SYS_tgkill, pid, tid, SIGUSR2);
	printf("tgkill(%d, %d, SIGUSR2) = 0\n", pid, tid);
	printf("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=%d, si_uid=%d} ---\n", pid, uid);
	printf("rt_sigreturn({mask=[HUP]}) = 0\n");

	/* a pending signal released by rt_sigsuspend */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(pid, SIGUSR1);
	printf("kill(%d, SIGUSR1) = 0\n", pid);
	sigemptyset(&empty);
	sigsuspend(&empty);
	printf("rt_sigsuspend([], 8) = ? ERESTARTNOHAND (To be restarted if no handler)\n");
	printf("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%d, si_uid=%d} ---\n", pid, uid);
	printf("rt_sigreturn({mask=[HUP USR1]}) = -1 EINTR (Interrupted system call)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

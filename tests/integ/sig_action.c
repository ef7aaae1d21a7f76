/* ARGS: -e trace=rt_sigaction,rt_sigprocmask,rt_sigpending,sigaltstack,signalfd4,rt_sigtimedwait,rt_sigqueueinfo,alarm */
/* Signal dispositions and masks: the kernel's struct sigaction (raw
 * syscalls, so the restorer is known), masks inverted as ~[...] when 2/3
 * of the bits are set, the old values shown at exit. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static void handler(int sig) { (void)sig; }

#define BIT(s) (1ull << ((s) - 1))

int main(void)
{
	struct k_sigaction act = { handler, 0x04000000 /* SA_RESTORER */, (void *)handler,
				   BIT(SIGTERM) | BIT(SIGHUP) }, old;
	uint64_t set = BIT(SIGINT), oset, all = ~0ull;
	stack_t ss = { 0 }, oss;
	static char stack[16384];
	siginfo_t si;
	struct timespec ts = { 0, 1000 };
	int fd;

	syscall(SYS_rt_sigaction, SIGINT, &act, NULL, 8L);
	printf("rt_sigaction(SIGINT, {sa_handler=%p, sa_mask=[HUP TERM], sa_flags=SA_RESTORER, "
	       "sa_restorer=%p}, NULL, 8) = 0\n", (void *)handler, (void *)handler);
	act.handler = SIG_IGN;
	act.flags |= SA_RESTART | SA_SIGINFO;
	act.mask = 0;
	syscall(SYS_rt_sigaction, SIGINT, &act, &old, 8L);
	printf("rt_sigaction(SIGINT, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, "
	       "sa_restorer=%p}, {sa_handler=%p, sa_mask=[HUP TERM], sa_flags=SA_RESTORER, sa_restorer=%p}, 8) = 0\n",
	       (void *)handler, (void *)handler, (void *)handler);
	act.handler = SIG_DFL;
	act.flags = 0;
	syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, 8L);
	printf("rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, NULL, 8) = 0\n");
	syscall(SYS_rt_sigaction, SIGKILL, &act, NULL, 8L);
	printf("rt_sigaction(SIGKILL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, NULL, 8)"
	       " = -1 EINVAL (Invalid argument)\n");
	syscall(SYS_rt_sigaction, SIGUSR2, NULL, (void *)8, 8L);
	printf("rt_sigaction(SIGUSR2, NULL, 0x8, 8) = -1 EFAULT (Bad address)\n");

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 8L);
	printf("rt_sigprocmask(SIG_BLOCK, [INT], [], 8) = 0\n");
	set = all & ~(BIT(SIGKILL) | BIT(SIGSTOP));
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &oset, 8L);
	printf("rt_sigprocmask(SIG_SETMASK, ~[KILL STOP], [INT], 8) = 0\n");
	set = BIT(SIGUSR1) | BIT(34) | BIT(SIGRTMIN + 2);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8L);
	printf("rt_sigprocmask(SIG_SETMASK, [USR1 RT_2 RT_%d], NULL, 8) = 0\n", SIGRTMIN + 2 - 32);
	syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8L);
	printf("rt_sigprocmask(0x63 /* SIG_??? */, [USR1 RT_2 RT_%d], NULL, 8)"
	       " = -1 EINVAL (Invalid argument)\n", SIGRTMIN + 2 - 32);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4L);
	printf("rt_sigprocmask(SIG_BLOCK, %p, NULL, 4) = -1 EINVAL (Invalid argument)\n", (void *)&set);

	syscall(SYS_rt_sigpending, &oset, 8L);
	printf("rt_sigpending([], 8) = 0\n");

	ss.ss_sp = stack;
	ss.ss_size = sizeof(stack);
	sigaltstack(&ss, &oss);
	printf("sigaltstack({ss_sp=%p, ss_flags=0, ss_size=%zu}, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0\n",
	       (void *)stack, sizeof(stack));
	sigaltstack(NULL, &oss);
	printf("sigaltstack(NULL, {ss_sp=%p, ss_flags=0, ss_size=%zu}) = 0\n", (void *)stack, sizeof(stack));

	set = BIT(SIGUSR1);
	fd = syscall(SYS_signalfd4, -1, &set, 8L, SFD_CLOEXEC | SFD_NONBLOCK);
	printf("signalfd4(-1, [USR1], 8, SFD_CLOEXEC|SFD_NONBLOCK) = %d\n", fd);

	/* a queued signal picked up by rt_sigtimedwait (blocked: USR1) */
	memset(&si, 0, sizeof(si));
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 42;
	syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
	printf("rt_sigqueueinfo(%d, SIGUSR1, {}) = 0\n", (int)getpid());
	syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8L);
	printf("rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%d, si_uid=%d, "
	       "si_int=42, si_ptr=0x2a}, {tv_sec=0, tv_nsec=1000}, 8) = 10 (SIGUSR1)\n",
	       (int)getpid(), (int)getuid());
	syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8L);
	printf("rt_sigtimedwait([USR1], %p, {tv_sec=0, tv_nsec=1000}, 8)"
	       " = -1 EAGAIN (Resource temporarily unavailable)\n", (void *)&si);

	alarm(100);
	printf("alarm(100) = 0\n");
	alarm(0);
	printf("alarm(0) = 100\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

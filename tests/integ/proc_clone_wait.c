/* ARGS: -e trace=clone,wait4,waitid */
/* A fork-like clone, then waiting for the child in three ways. SIGCHLD is
 * blocked so that no signal line lands between the calls. */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char obuf[8192];

static long child(int code)
{
	static int ctid;
	long pid = syscall(SYS_clone, CLONE_CHILD_SETTID | SIGCHLD, NULL, NULL, &ctid, NULL);

	if (pid == 0)
		syscall(SYS_exit_group, code);
	printf("clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=%p) = %ld\n",
	       (void *)&ctid, pid);
	return pid;
}

int main(void)
{
	sigset_t set;
	siginfo_t si;
	long pid;
	int st;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);

	pid = child(2);
	wait4(-1, &st, 0, NULL);
	printf("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 2}], 0, NULL) = %ld\n", pid);

	pid = child(0);
	/* the kernel fills signo, code, pid, uid and status only: the
	 * times are what was there before */
	memset(&si, 0, sizeof(si));
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	printf("waitid(P_PID, %ld, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%ld, si_uid=%u, si_status=0, si_utime=%ld, si_stime=%ld}, WEXITED|WNOWAIT, NULL) = 0\n",
	       pid, pid, si.si_uid, (long)si.si_utime, (long)si.si_stime);
	wait4(pid, NULL, __WALL, NULL);
	printf("wait4(%ld, NULL, __WALL, NULL) = %ld\n", pid, pid);

	wait4(-1, &st, WNOHANG, NULL);
	printf("wait4(-1, %p, WNOHANG, NULL) = -1 ECHILD (No child processes)\n", (void *)&st);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

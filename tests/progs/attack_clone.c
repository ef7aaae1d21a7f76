/* A child the tracer does not see:
 *   attack_clone untraced TARGET   clone(CLONE_UNTRACED|SIGCHLD)
 *   attack_clone clone3   TARGET   raw clone3 (exit_signal SIGCHLD)
 *   attack_clone clone3u  TARGET   raw clone3 with CLONE_UNTRACED
 *   attack_clone vfork    TARGET   vfork
 * The clone must fail, or the child must still be confined: it tries to
 * read and to stat TARGET (stat is checked by the tracer only). */
#include "attack.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>

int main(int argc, char **argv)
{
	const char *mode, *t;
	long pid;
	int st;

	if (argc < 3)
		return 2;
	mode = argv[1];
	t = argv[2];
	fflush(stdout);
	if (!strcmp(mode, "untraced")) {
		pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	} else if (!strcmp(mode, "clone3") || !strcmp(mode, "clone3u")) {
		struct clone_args ca;
		memset(&ca, 0, sizeof(ca));
		ca.exit_signal = SIGCHLD;
		if (!strcmp(mode, "clone3u"))
			ca.flags = CLONE_UNTRACED;
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
	} else if (!strcmp(mode, "vfork")) {
		pid = vfork();
		if (pid == 0)
			_exit(10 + probe(t));
	} else {
		return 2;
	}
	if (pid < 0)
		blocked("%s: %s", mode, ename(errno));
	if (pid == 0)
		_exit(10 + probe(t));
	if (waitpid((pid_t)pid, &st, 0) < 0)
		blocked("waitpid: %s", ename(errno));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 11)
		escaped("%s child read the protected file", mode);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 12)
		escaped("%s child stated the protected file", mode);
	blocked("%s child was confined (status 0x%x)", mode, st);
}

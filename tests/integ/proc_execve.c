/* ARGS: -e trace=execve,execveat */
/* Failing execs: argv strings, the environment as a count without -v. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	char *argv[] = { "prog", "-c", "a rather long argument, cut at thirty-two", NULL };
	char *envp[] = { "A=1", "B=2", NULL };
	char *one[] = { "X=1", NULL };

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	syscall(SYS_execve, "/nonexistent/prog", argv, envp);
	printf("execve(\"/nonexistent/prog\", [\"prog\", \"-c\", \"a rather long argument, cut at t\"...], %p /* 2 vars */) = -1 ENOENT (No such file or directory)\n",
	       (void *)envp);
	syscall(SYS_execve, "/nonexistent/prog", NULL, one);
	printf("execve(\"/nonexistent/prog\", NULL, %p /* 1 var */) = -1 ENOENT (No such file or directory)\n",
	       (void *)one);
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent/prog", argv + 3, NULL, AT_SYMLINK_NOFOLLOW);
	printf("execveat(AT_FDCWD, \"/nonexistent/prog\", [], NULL, AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* Executing a protected binary (a copy of /bin/true, exit 0):
 *   attack_exec execve   BIN
 *   attack_exec execveat BIN   execveat(fd of its dir, name)
 *   attack_exec fexecve  BIN   fexecve(open(BIN, O_RDONLY)) and
 *                              execveat(open(BIN, O_PATH), "", AT_EMPTY_PATH)
 *   attack_exec procfd   BIN   execve("/proc/self/fd/N") of an O_PATH fd
 * Each attempt runs in a child; exit 0 of the child means it ran. */
#include "attack.h"
#include <sys/syscall.h>
#include <sys/wait.h>

static char *const av[] = { "true", NULL };
static char *const ev[] = { NULL };

static int attempt(const char *mode, const char *bin)
{
	char dir[4096], base[4096], p[64];
	int fd;

	split_path(bin, dir, base, sizeof(dir));
	if (!strcmp(mode, "execve")) {
		execve(bin, av, ev);
	} else if (!strcmp(mode, "execveat")) {
		fd = open(dir, O_PATH | O_DIRECTORY);
		if (fd < 0)
			return errno;
		syscall(SYS_execveat, fd, base, av, ev, 0);
	} else if (!strcmp(mode, "fexecve")) {
		fd = open(bin, O_RDONLY);
		if (fd >= 0)
			fexecve(fd, av, ev);
		fd = open(bin, O_PATH);
		if (fd < 0)
			return errno;
		syscall(SYS_execveat, fd, "", av, ev, AT_EMPTY_PATH);
	} else if (!strcmp(mode, "procfd")) {
		fd = open(bin, O_PATH);
		if (fd < 0)
			return errno;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		execve(p, av, ev);
	}
	return errno;
}

int main(int argc, char **argv)
{
	int st, pfd[2], e = 0;
	pid_t pid;

	if (argc < 3)
		return 2;
	if (pipe(pfd))
		return 2;
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
		e = attempt(argv[1], argv[2]);
		write(pfd[1], &e, sizeof(e));
		_exit(111);
	}
	close(pfd[1]);
	if (read(pfd[0], &e, sizeof(e)) != sizeof(e))
		e = 0;
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		escaped("%s ran the protected binary", argv[1]);
	blocked("%s", ename(e));
}

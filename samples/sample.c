/* A small program for the demo: reads a file, fails to open another,
 * talks to a child process over a pipe, and exits with status 0.
 * "sample --hold": keeps a fake API key in its heap for the scanner,
 * prints its pid, and waits (at most 30 s). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[256];
	int p[2], fd;
	pid_t pid;
	ssize_t n;

	if (argc > 1 && !strcmp(argv[1], "--hold")) {
		char *key = malloc(64);
		if (!key)
			return 1;
		snprintf(key, 64, "api_key=TBX-DEMO-%08x-SECRET", 0x5eed1234u);
		printf("%d\n", getpid());
		fflush(stdout);
		for (int i = 0; i < 300 && key[0]; i++)
			usleep(100000);
		free(key);
		return 0;
	}
	fd = open(argc > 1 ? argv[1] : "/etc/hostname", O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
		(void)n;
	}
	if (open("/etc/tracebox-demo-missing", O_RDONLY) < 0)
		puts("sample: the missing file is missing, as expected");
	if (pipe(p) == 0) {
		pid = fork();
		if (pid == 0) {
			close(p[0]);
			write(p[1], "hello from the child\n", 21);
			_exit(0);
		}
		close(p[1]);
		n = read(p[0], buf, sizeof(buf) - 1);
		if (n > 0) {
			buf[n] = 0;
			printf("sample: %s", buf);
		}
		waitpid(pid, NULL, 0);
	}
	return 0;
}

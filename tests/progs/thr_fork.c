/* Four threads, each fails openat("/nonexistent/thread-N"); then a fork
 * whose child execs argv[1] (true_prog) with argument "0". Exits 0 if the
 * child exited 0. */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread(void *arg)
{
	char path[64];

	snprintf(path, sizeof(path), "/nonexistent/thread-%d", (int)(intptr_t)arg);
	openat(AT_FDCWD, path, O_RDONLY);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[4];
	int status;
	pid_t pid;

	if (argc < 2)
		return 2;
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, thread, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	pid = fork();
	if (pid == 0) {
		char *args[] = { argv[1], "0", NULL };
		execv(argv[1], args);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 3;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 4;
}

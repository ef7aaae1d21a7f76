/* argv[1] threads (default 500), each makes one getppid() and exits, all
 * joined; then argv[2] children (default 200) forked at once, each
 * _exit(0), all reaped. Exits 0 if everything went as planned. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	int nthr = argc > 1 ? atoi(argv[1]) : 500, nch = argc > 2 ? atoi(argv[2]) : 200;
	pthread_t *th = calloc((size_t)nthr, sizeof(*th));
	pthread_attr_t attr;
	int bad = 0, status;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 0; i < nthr; i++)
		if (pthread_create(&th[i], &attr, thread, NULL))
			return 3;
	for (int i = 0; i < nthr; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < nch; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return 4;
	}
	for (int i = 0; i < nch; i++) {
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	return bad ? 5 : 0;
}

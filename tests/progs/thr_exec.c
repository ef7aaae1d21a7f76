/* A non-leader thread execs argv[1] (true_prog) with argument "5", so
 * the process ends with exit status 5. */
#include <pthread.h>
#include <unistd.h>

static char *prog;

static void *thread(void *arg)
{
	char *args[] = { prog, "5", NULL };

	(void)arg;
	execv(prog, args);
	_exit(127);
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc < 2)
		return 2;
	prog = argv[1];
	pthread_create(&th, NULL, thread, NULL);
	for (;;)
		pause();
}

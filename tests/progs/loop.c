/* argv[1] threads (default 1, counting the main one) each loop
 * nanosleep(10ms) + getppid() for at most 30 s, then the process exits 0. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *loop(void *arg)
{
	struct timespec ten_ms = { 0, 10000000 };
	time_t end = time(NULL) + 30;

	(void)arg;
	while (time(NULL) < end) {
		nanosleep(&ten_ms, NULL);
		getppid();
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t th;

	for (int i = 1; i < n; i++)
		pthread_create(&th, NULL, loop, NULL);
	loop(NULL);
	return 0;
}

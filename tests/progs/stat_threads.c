/* argv[1] threads (default 50) each stat() argv[2] (default 20) times
 * while the others run: exclusive calls under path rules. Exits 0. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

static int rounds = 20;

static void *thread(void *arg)
{
	struct stat st;

	(void)arg;
	for (int i = 0; i < rounds; i++)
		stat("/", &st);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 50;
	pthread_t *th = calloc((size_t)n, sizeof(*th));

	if (argc > 2)
		rounds = atoi(argv[2]);
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, thread, NULL))
			return 3;
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	return 0;
}

/* Writes "PID UID" to the file argv[1], raises SIGUSR1 at itself with a
 * handler installed, and prints "handler ran N" (N = times it ran). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t ran;

static void on_usr1(int sig)
{
	(void)sig;
	ran++;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	FILE *f;

	if (argc < 2 || !(f = fopen(argv[1], "w")))
		return 2;
	fprintf(f, "%d %d\n", (int)getpid(), (int)getuid());
	fclose(f);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("handler ran %d\n", (int)ran);
	return 0;
}

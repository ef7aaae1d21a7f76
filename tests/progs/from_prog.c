/* Known symbols for trace --from/--until (tests/t/from_until.sh), built
 * PIE, non-PIE, static and stripped. Each step opens a marker path, so the
 * trace shows where the window opened and closed:
 *   main -> target (-> target -> target with "recurse") -> getppid() ->
 *   stop_here -> target again -> exit 7
 * "trap": SIGTRAP caught by the program itself, from raise() and from an
 * int3 of its own; prints how many it got.
 * "threads": 4 threads call hot() 500 times each, all at once; prints
 * the sum. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t traps;
static volatile int sink;

__attribute__((noinline)) void mark(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY);

	if (fd >= 0)
		close(fd);
}

__attribute__((noinline)) int target(int depth)
{
	mark("/nonexistent/target-in");
	if (depth > 0)
		target(depth - 1);
	mark("/nonexistent/target-out");
	return depth + sink;
}

__attribute__((noinline)) void stop_here(void)
{
	mark("/nonexistent/stop-here");
}

__attribute__((noinline)) int hot(int i)
{
	return i + sink;
}

static void on_trap(int sig)
{
	(void)sig;
	traps++;
}

static void *worker(void *arg)
{
	long sum = 0;

	(void)arg;
	for (int i = 0; i < 500; i++)
		sum += hot(1);
	return (void *)sum;
}

static int threads(void)
{
	pthread_t th[4];
	long total = 0;

	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(th[i], &r);
		total += (long)r;
	}
	printf("sum %ld\n", total);
	return total == 2000 ? 0 : 1;
}

static int trap(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_trap;
	sigaction(SIGTRAP, &sa, NULL);
	mark("/nonexistent/trap");
	raise(SIGTRAP);
	__asm__ volatile("int3");
	printf("traps %d\n", (int)traps);
	return traps == 2 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	mark("/nonexistent/main");
	if (!strcmp(mode, "trap"))
		return trap();
	if (!strcmp(mode, "threads"))
		return threads();
	target(!strcmp(mode, "recurse") ? 2 : 0);
	getppid();
	stop_here();
	target(0);
	mark("/nonexistent/end");
	return 7;
}

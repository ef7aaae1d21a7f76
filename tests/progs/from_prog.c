/* Known symbols for trace --from/--until (tests/t/from_until.sh), built
 * PIE, non-PIE, static and stripped. Each step opens a marker path, so the
 * trace shows where the window opened and closed:
 *   main -> target (-> target -> target with "recurse") -> getppid() ->
 *   stop_here -> target again -> exit 7
 * "trap": SIGTRAP caught by the program itself, from raise() and from an
 * int3 of its own; prints how many it got.
 * "threads": 4 threads call hot() 500 times each, all at once; prints
 * the sum.
 * "patch": calls patched(), then overwrites its first bytes (mprotect and
 * a write) with code that returns 42, and calls it again; "patch0" only
 * overwrites it, then calls it. Both print "patched 42".
 * "loop": for 3 s, to be attached to (-p): one thread calls target(0)
 * every 20 ms, another calls hot() without pause; prints "loop done". */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

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

__attribute__((noinline)) int patched(void)
{
	mark("/nonexistent/unpatched");
	return 1 + sink;
}

static int patch(int first)
{
	/* mov $42, %eax; ret */
	static const unsigned char code[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
	int (*volatile fn)(void) = patched;
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)patched & ~(pg - 1);

	if (first)
		fn();
	if (mprotect((void *)start, 2 * pg, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 2;
	memcpy((void *)(uintptr_t)patched, code, sizeof(code));
	mprotect((void *)start, 2 * pg, PROT_READ | PROT_EXEC);
	mark("/nonexistent/patched");
	printf("patched %d\n", fn());
	return 0;
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

static void *spin(void *arg)
{
	time_t end = time(NULL) + 3;
	long sum = 0;

	(void)arg;
	while (time(NULL) < end)
		sum += hot(1);
	return (void *)sum;
}

static int loop(void)
{
	struct timespec ms20 = { 0, 20000000 };
	time_t end = time(NULL) + 3;
	pthread_t th;
	void *r;

	pthread_create(&th, NULL, spin, NULL);
	while (time(NULL) < end) {
		target(0);
		nanosleep(&ms20, NULL);
	}
	pthread_join(th, &r);
	printf("loop done\n");
	return 0;
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
	if (!strcmp(mode, "loop"))
		return loop();
	if (!strncmp(mode, "patch", 5))
		return patch(!strcmp(mode, "patch"));
	target(!strcmp(mode, "recurse") ? 2 : 0);
	getppid();
	stop_here();
	target(0);
	mark("/nonexistent/end");
	return 7;
}

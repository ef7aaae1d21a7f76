/* For bench/stack.sh: N getppid calls (argv[1], default 20000), each
 * from the bottom of a 5-deep call chain, so that every stack trace of
 * -k has 5 frames of the program's own above libc's. */
#include <stdlib.h>
#include <unistd.h>

static volatile int sink;

__attribute__((noinline)) static int f5(void) { return getppid() + sink; }
__attribute__((noinline)) static int f4(void) { return f5() + sink; }
__attribute__((noinline)) static int f3(void) { return f4() + sink; }
__attribute__((noinline)) static int f2(void) { return f3() + sink; }
__attribute__((noinline)) static int f1(void) { return f2() + sink; }

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, sum = 0;

	for (long i = 0; i < n; i++)
		sum += f1();
	return sum > 0 ? 0 : 1;
}

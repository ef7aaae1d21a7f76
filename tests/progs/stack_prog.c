/* main -> level1 -> level2 -> openat("/nonexistent/stack-marker"), for
 * the stack traces of -k (tests/t/stack_trace.sh). The calls are not
 * inlined and not tail calls, so each function has its own frame. */
#include <fcntl.h>
#include <unistd.h>

volatile int stack_sink;

__attribute__((noinline)) int level2(void)
{
	int fd = openat(AT_FDCWD, "/nonexistent/stack-marker", O_RDONLY);

	if (fd >= 0)
		close(fd);
	return fd + stack_sink;
}

__attribute__((noinline)) int level1(void)
{
	return level2() + stack_sink;
}

int main(void)
{
	return level1() + stack_sink == -1 ? 0 : 1;
}

/* getppid() argv[1] times, then openat("/nonexistent/counts") argv[2]
 * times (each fails with ENOENT); raw syscalls, so libc adds nothing. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100, m = argc > 2 ? atol(argv[2]) : 7;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	for (long i = 0; i < m; i++)
		syscall(SYS_openat, AT_FDCWD, "/nonexistent/counts", O_RDONLY);
	return 0;
}

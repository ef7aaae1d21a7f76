/* A syscall-heavy loop for the benchmarks: 200k getppid, 50k stat,
 * 20k open/close pairs (310k calls, 20k of them openat). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	struct stat st;
	long sum = 0;

	for (int i = 0; i < 200000; i++)
		sum += getppid();
	for (int i = 0; i < 50000; i++)
		sum += stat("/", &st);
	for (int i = 0; i < 20000; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			perror("open");
			return 1;
		}
		close(fd);
	}
	return sum == 42;	/* keep the loops */
}

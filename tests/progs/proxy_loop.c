/* Reads one byte of FILE every 50 ms, for `tracebox proxy` fault tests:
 * prints "pread: ok" after the first read, and the errno of the first
 * failure (then exits 3). Usage: proxy_loop FILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char c;
	int fd;

	if (argc < 2)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		printf("open: %s\n", strerrorname_np(errno));
		return 1;
	}
	for (int i = 0; i < 600; i++) {
		if (pread(fd, &c, 1, 0) < 0) {
			printf("pread: %s\n", strerrorname_np(errno));
			return 3;
		}
		if (!i)
			printf("pread: ok\n");
		usleep(50000);
	}
	printf("never failed\n");
	return 0;
}

/* The proxy benchmark's small-read loop: N preads of 4 KiB from FILE,
 * walking through its first MiB. Usage: preadloop FILE N */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	long n;
	int fd;

	if (argc < 3)
		return 2;
	fd = open(argv[1], O_RDONLY);
	n = atol(argv[2]);
	if (fd < 0)
		return 1;
	for (long i = 0; i < n; i++)
		if (pread(fd, buf, sizeof(buf), (i % 256) * 4096) != sizeof(buf))
			return 1;
	return 0;
}

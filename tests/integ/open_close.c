/* ARGS: -e trace=openat,close */
/* openat of a missing file fails with ENOENT; of /dev/null succeeds. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd;

	openat(AT_FDCWD, "/nonexistent/tracebox", O_RDONLY);
	printf("openat(AT_FDCWD, \"/nonexistent/tracebox\", O_RDONLY) = -1 ENOENT (No such file or directory)\n");
	fd = openat(AT_FDCWD, "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	printf("openat(AT_FDCWD, \"/dev/null\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0640) = %d\n", fd);
	close(fd);
	printf("close(%d) = 0\n", fd);
	close(-1);
	printf("close(-1) = -1 EBADF (Bad file descriptor)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* ARGS: -e trace=fcntl,dup,dup2,dup3,pipe,pipe2,flock,close_range */
/* Descriptor flags and locks: F_GETFL's flags after the return value,
 * struct flock, duplicated descriptors, pipes. */
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include "file_expect.h"

int main(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20 };
	char path[64];
	int fd, p[2];
	long r;

	quiet_stdout();
	snprintf(path, sizeof(path), "/tmp/tracebox-file-fcntl.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink(path);

	r = fcntl(fd, F_GETFL);
	if (r == 0x8002)
		printf("fcntl(%d, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)\n", fd);
	else
		printf("fcntl(%d, F_GETFL) = %#lx (unexpected)\n", fd, r);
	r = fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK);
	printf("fcntl(%d, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) %s\n", fd, ret(r));
	r = fcntl(fd, F_GETFD);
	printf("fcntl(%d, F_GETFD) %s\n", fd, ret(r));
	r = fcntl(fd, F_SETFD, FD_CLOEXEC);
	printf("fcntl(%d, F_SETFD, FD_CLOEXEC) %s\n", fd, ret(r));
	r = fcntl(fd, F_GETFD);
	printf("fcntl(%d, F_GETFD) = 0x1 (flags FD_CLOEXEC)\n", fd);
	r = fcntl(fd, F_DUPFD, 40);
	printf("fcntl(%d, F_DUPFD, 40) %s\n", fd, ret(r));
	r = fcntl(fd, F_DUPFD_CLOEXEC, 50);
	printf("fcntl(%d, F_DUPFD_CLOEXEC, 50) %s\n", fd, ret(r));
	r = fcntl(fd, F_SETLK, &fl);
	printf("fcntl(%d, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=10, l_len=20}) %s\n", fd, ret(r));
	fl.l_type = F_RDLCK;
	r = fcntl(fd, F_GETLK, &fl);
	printf("fcntl(%d, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=10, l_len=20, l_pid=0}) %s\n", fd, ret(r));
	r = fcntl(-1, F_GETLK, &fl);
	printf("fcntl(-1, F_GETLK, %p) %s\n", (void *)&fl, ret(r));
	r = fcntl(fd, F_SETSIG, SIGUSR2);
	printf("fcntl(%d, F_SETSIG, SIGUSR2) %s\n", fd, ret(r));
	r = fcntl(fd, F_GETSIG);
	printf("fcntl(%d, F_GETSIG) = %d (SIGUSR2)\n", fd, SIGUSR2);
	r = fcntl(fd, 9999, 7);
	printf("fcntl(%d, 0x270f /* F_??? */, 0x7) %s\n", fd, ret(r));
	r = fcntl(-1, F_GETFL);
	printf("fcntl(-1, F_GETFL) %s\n", ret(r));

	r = syscall(SYS_dup, fd);
	printf("dup(%d) %s\n", fd, ret(r));
	r = syscall(SYS_dup2, fd, 60);
	printf("dup2(%d, 60) %s\n", fd, ret(r));
	r = syscall(SYS_dup3, fd, 61, O_CLOEXEC);
	printf("dup3(%d, 61, O_CLOEXEC) %s\n", fd, ret(r));
	r = syscall(SYS_dup3, fd, fd, 0);
	printf("dup3(%d, %d, 0) %s\n", fd, fd, ret(r));
	r = syscall(SYS_dup, -1);
	printf("dup(-1) %s\n", ret(r));

	r = syscall(SYS_pipe, p);
	printf("pipe([%d, %d]) %s\n", p[0], p[1], ret(r));
	r = syscall(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK);
	printf("pipe2([%d, %d], O_NONBLOCK|O_CLOEXEC) %s\n", p[0], p[1], ret(r));
	r = syscall(SYS_pipe2, (void *)8, 0);
	printf("pipe2(0x8, 0) %s\n", ret(r));
	r = fcntl(p[0], F_GETPIPE_SZ);
	printf("fcntl(%d, F_GETPIPE_SZ) %s\n", p[0], ret(r));

	r = flock(fd, LOCK_EX | LOCK_NB);
	printf("flock(%d, LOCK_EX|LOCK_NB) %s\n", fd, ret(r));
	r = flock(fd, LOCK_UN);
	printf("flock(%d, LOCK_UN) %s\n", fd, ret(r));

	r = syscall(SYS_close_range, 40, 49, 4 /* CLOSE_RANGE_CLOEXEC */);
	printf("close_range(40, 49, CLOSE_RANGE_CLOEXEC) %s\n", ret(r));
	r = syscall(SYS_close_range, 50, ~0U, 0);
	printf("close_range(50, 4294967295, 0) %s\n", ret(r));

	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

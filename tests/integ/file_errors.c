/* ARGS: -e trace=openat,read,newfstatat,getdents64,getcwd,readlink,writev,ioctl,pipe2,access,fcntl,lseek,sendfile,statx,chdir,unlink,dup2 */
/* Failing calls: out-buffers and structs as addresses, unreadable
 * arguments as addresses, bad descriptors and paths. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "file_expect.h"

int main(void)
{
	void *bad = (void *)1;
	struct iovec iov = { .iov_base = bad, .iov_len = 5 };
	char buf[64];
	struct stat st;
	long r;
	int fd;

	quiet_stdout();
	fd = open("/dev/null", O_RDONLY);

	r = syscall(SYS_openat, AT_FDCWD, "/nonexistent/tracebox", O_RDONLY);
	printf("openat(AT_FDCWD, \"/nonexistent/tracebox\", O_RDONLY) %s\n", ret(r));
	r = syscall(SYS_read, -1, buf, 10);
	printf("read(-1, %p, 10) %s\n", (void *)buf, ret(r));
	r = syscall(SYS_newfstatat, AT_FDCWD, bad, &st, 0);
	printf("newfstatat(AT_FDCWD, 0x1, %p, 0) %s\n", (void *)&st, ret(r));
	r = syscall(SYS_newfstatat, AT_FDCWD, "/", bad, 0);
	printf("newfstatat(AT_FDCWD, \"/\", 0x1, 0) %s\n", ret(r));
	r = syscall(SYS_statx, AT_FDCWD, "/", 0, 0x7ff, bad);
	printf("statx(AT_FDCWD, \"/\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, 0x1) %s\n", ret(r));
	r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	printf("getdents64(%d, %p, %zu) %s\n", fd, (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_getdents64, 99, buf, sizeof(buf));
	printf("getdents64(99, %p, %zu) %s\n", (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_getcwd, bad, 100);
	printf("getcwd(0x1, 100) %s\n", ret(r));
	r = syscall(SYS_readlink, "/nonexistent/tracebox", buf, sizeof(buf));
	printf("readlink(\"/nonexistent/tracebox\", %p, %zu) %s\n", (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_writev, -1, &iov, 1);
	printf("writev(-1, [{iov_base=0x1, iov_len=5}], 1) %s\n", ret(r));
	r = syscall(SYS_writev, -1, bad, 1);
	printf("writev(-1, 0x1, 1) %s\n", ret(r));
	r = syscall(SYS_ioctl, -1, TCGETS, buf);
	printf("ioctl(-1, TCGETS, %p) %s\n", (void *)buf, ret(r));
	r = syscall(SYS_pipe2, bad, O_CLOEXEC);
	printf("pipe2(0x1, O_CLOEXEC) %s\n", ret(r));
	r = syscall(SYS_access, NULL, F_OK);
	printf("access(NULL, F_OK) %s\n", ret(r));
	r = syscall(SYS_fcntl, -1, F_SETLK, bad);
	printf("fcntl(-1, F_SETLK, 0x1) %s\n", ret(r));
	r = syscall(SYS_lseek, -1, 0, SEEK_SET);
	printf("lseek(-1, 0, SEEK_SET) %s\n", ret(r));
	r = syscall(SYS_sendfile, -1, -1, bad, 5);
	printf("sendfile(-1, -1, 0x1, 5) %s\n", ret(r));
	r = syscall(SYS_chdir, "/dev/null");
	printf("chdir(\"/dev/null\") %s\n", ret(r));
	r = syscall(SYS_unlink, "/nonexistent/tracebox");
	printf("unlink(\"/nonexistent/tracebox\") %s\n", ret(r));
	r = syscall(SYS_dup2, -1, 5);
	printf("dup2(-1, 5) %s\n", ret(r));

	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* ARGS: -e trace=readv,writev,preadv,pwritev,preadv2,pwritev2,lseek,truncate,ftruncate,fsync,fdatasync,fallocate,sendfile,copy_file_range,splice,tee */
/* Vectored I/O: buffers shown as far as the call filled them; offsets,
 * sizes and in-kernel copies. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "file_expect.h"

int main(void)
{
	char path[64], a[8], b[8];
	struct iovec iov[2];
	long long off, o2;
	int fd, p[2];
	long r;

	quiet_stdout();
	snprintf(path, sizeof(path), "/tmp/tracebox-file-rw.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	pipe(p);

	iov[0].iov_base = "hello";
	iov[0].iov_len = 5;
	iov[1].iov_base = " world\n";
	iov[1].iov_len = 7;
	r = syscall(SYS_writev, fd, iov, 2);
	printf("writev(%d, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" world\\n\", iov_len=7}], 2) %s\n", fd, ret(r));
	r = syscall(SYS_pwritev, fd, iov, 1, 100, 0);
	printf("pwritev(%d, [{iov_base=\"hello\", iov_len=5}], 1, 100) %s\n", fd, ret(r));
	r = syscall(SYS_pwritev2, fd, iov, 1, 200, 0, 0);
	printf("pwritev2(%d, [{iov_base=\"hello\", iov_len=5}], 1, 200, 0) %s\n", fd, ret(r));
	r = syscall(SYS_lseek, fd, 0, SEEK_SET);
	printf("lseek(%d, 0, SEEK_SET) %s\n", fd, ret(r));
	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	iov[1].iov_base = b;
	iov[1].iov_len = sizeof(b);
	r = syscall(SYS_readv, fd, iov, 2);
	/* a hole follows the 12 bytes written: 16 bytes read */
	printf("readv(%d, [{iov_base=\"hello wo\", iov_len=8}, {iov_base=\"rld\\n\\0\\0\\0\\0\", iov_len=8}], 2) %s\n", fd, ret(r));
	r = syscall(SYS_lseek, fd, (long)-3, SEEK_END);
	printf("lseek(%d, -3, SEEK_END) %s\n", fd, ret(r));
	r = syscall(SYS_readv, fd, iov, 2);
	/* only 3 bytes left: the first buffer partly filled, the second empty */
	printf("readv(%d, [{iov_base=\"llo\", iov_len=8}, {iov_base=\"\", iov_len=8}], 2) %s\n", fd, ret(r));
	r = syscall(SYS_preadv, fd, iov, 1, 6, 0);
	printf("preadv(%d, [{iov_base=\"world\\n\\0\\0\", iov_len=8}], 1, 6) %s\n", fd, ret(r));
	r = syscall(SYS_preadv2, fd, iov, 1, 100, 0, 0);
	printf("preadv2(%d, [{iov_base=\"hello\\0\\0\\0\", iov_len=8}], 1, 100, 0) %s\n", fd, ret(r));
	r = syscall(SYS_readv, -1, iov, 1);
	printf("readv(-1, [{iov_base=%p, iov_len=8}], 1) %s\n", (void *)a, ret(r));
	r = syscall(SYS_lseek, fd, (long)-2, SEEK_END);
	printf("lseek(%d, -2, SEEK_END) %s\n", fd, ret(r));
	r = syscall(SYS_lseek, fd, 0, 9);
	printf("lseek(%d, 0, 0x9 /* SEEK_??? */) %s\n", fd, ret(r));
	r = syscall(SYS_lseek, p[0], 0, SEEK_CUR);
	printf("lseek(%d, 0, SEEK_CUR) %s\n", p[0], ret(r));

	off = 0;
	r = syscall(SYS_sendfile, p[1], fd, &off, 5);
	printf("sendfile(%d, %d, [0] => [5], 5) %s\n", p[1], fd, ret(r));
	r = syscall(SYS_sendfile, p[1], fd, NULL, 3);
	printf("sendfile(%d, %d, NULL, 3) %s\n", p[1], fd, ret(r));
	r = syscall(SYS_tee, p[0], p[1], 2, 0);
	printf("tee(%d, %d, 2, 0) %s\n", p[0], p[1], ret(r));
	off = 300;
	r = syscall(SYS_splice, p[0], NULL, fd, &off, 4, 1);
	printf("splice(%d, NULL, %d, [300], 4, SPLICE_F_MOVE) %s\n", p[0], fd, ret(r));
	off = 0;
	o2 = 400;
	r = syscall(SYS_copy_file_range, fd, &off, fd, &o2, 5, 0);
	printf("copy_file_range(%d, [0], %d, [400], 5, 0) %s\n", fd, fd, ret(r));

	r = syscall(SYS_ftruncate, fd, 50);
	printf("ftruncate(%d, 50) %s\n", fd, ret(r));
	r = syscall(SYS_truncate, path, 40);
	printf("truncate(\"%s\", 40) %s\n", path, ret(r));
	r = syscall(SYS_truncate, path, (long)-1);
	printf("truncate(\"%s\", 18446744073709551615) %s\n", path, ret(r));
	r = syscall(SYS_fallocate, fd, 1 /* FALLOC_FL_KEEP_SIZE */, 0, 4096);
	printf("fallocate(%d, FALLOC_FL_KEEP_SIZE, 0, 4096) %s\n", fd, ret(r));
	r = syscall(SYS_fsync, fd);
	printf("fsync(%d) %s\n", fd, ret(r));
	r = syscall(SYS_fdatasync, -1);
	printf("fdatasync(-1) %s\n", ret(r));

	unlink(path);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* File calls on a proxied file: run under `tracebox proxy` it prints
 * what it read from the remote file data.txt (content "0123456789\n")
 * and the remote directory, and changes the remote file. Raw syscalls,
 * so that each call named is the one made. Usage: proxy_io FILE DIR */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static void show(const char *what, long r, const char *buf)
{
	if (r < 0)
		printf("%s = -1 %s\n", what, strerrorname_np(errno));
	else if (buf)
		printf("%s = %ld \"%.*s\"\n", what, r, (int)r, buf);
	else
		printf("%s = %ld\n", what, r);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *dir)
{
	char buf[4096], *names[64];
	int n = 0, fd = (int)syscall(SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);
	long got;

	while (fd >= 0 && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got && n < 64; ) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			names[n++] = strdup(buf + off + 19);
			off += reclen;
		}
	}
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	printf("getdents64:");
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	syscall(SYS_close, fd);
}

int main(int argc, char **argv)
{
	char a[4] = { 0 }, b[8] = { 0 }, buf[64];
	struct iovec rv[2] = { { a, 3 }, { b, 5 } };
	struct iovec wv[2] = { { "AB", 2 }, { "CDE\n", 4 } };
	struct statx stx;
	struct stat st;
	char *map;
	long r;
	int fd;

	if (argc < 3)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	fd = (int)syscall(SYS_openat, AT_FDCWD, argv[1], O_RDWR);
	printf("openat = %s\n", fd >= 0 ? "fd" : strerrorname_np(errno));
	r = syscall(SYS_pread64, fd, buf, 5, 2);
	show("pread64", r, buf);
	r = syscall(SYS_pwrite64, fd, "xy", 2, 1);
	show("pwrite64", r, NULL);
	r = syscall(SYS_lseek, fd, 0, SEEK_SET);
	show("lseek", r, NULL);
	r = syscall(SYS_readv, fd, rv, 2);
	printf("readv = %ld \"%s\" \"%s\"\n", r, a, b);
	r = syscall(SYS_lseek, fd, 0, SEEK_END);
	show("lseek end", r, NULL);
	r = syscall(SYS_writev, fd, wv, 2);
	show("writev", r, NULL);
	r = syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx);
	printf("statx = %ld size %llu\n", r, (unsigned long long)stx.stx_size);
	r = syscall(SYS_fstat, fd, &st);
	printf("fstat = %ld size %lld regular %d\n", r, (long long)st.st_size,
	       S_ISREG(st.st_mode));
	map = (char *)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("mmap private = %.16s\n", map == MAP_FAILED ? strerrorname_np(errno) : map);
	r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("mmap shared writable", r, NULL);
	r = syscall(SYS_dup2, fd, 10);
	show("dup2", r, NULL);
	r = syscall(SYS_close, fd);
	show("close", r, NULL);
	r = syscall(SYS_pread64, 10, buf, 4, 0);
	show("pread64 dup", r, buf);
	r = syscall(SYS_close, 10);
	show("close dup", r, NULL);
	r = syscall(SYS_pread64, 10, buf, 4, 0);
	show("pread64 closed", r, NULL);
	list_dir(argv[2]);
	r = syscall(SYS_openat, AT_FDCWD, "no-such-file", O_RDONLY);
	show("openat missing", r, NULL);
	r = syscall(SYS_openat, AT_FDCWD, (char *)8, O_RDONLY);
	show("openat bad pointer", r, NULL);
	fd = (int)syscall(SYS_openat, AT_FDCWD, argv[1], O_RDONLY);
	r = syscall(SYS_read, fd, (char *)8, 4);
	show("read bad pointer", r, NULL);
	syscall(SYS_close, fd);
	return 0;
}

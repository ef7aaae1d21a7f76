/* The calls that can be proxied and how each argument travels: the one
 * table the client (marshalling) and the server (validation, execution)
 * share. Numbers come from the generated syscall table (syscalls.in). */
#include <errno.h>
#include <sys/stat.h>
#include "proxy/proto.h"
#include "syscallent.h"

/* x86_64 layouts: the wire speaks them whatever the host. */
#define STAT_SZ 144	/* struct stat */
#define STATX_SZ 256	/* struct statx */
#define STATFS_SZ 120	/* struct statfs */
#define TIMES_SZ 32	/* struct timespec[2] */
#if defined(__x86_64__)
_Static_assert(sizeof(struct stat) == STAT_SZ, "struct stat");
#endif

#define NR(x) TBX_NR64_##x, #x
#define NEWFD TBX_PC_NEWFD
#define PATH TBX_PC_PATH

/* Sorted by number (tbx_pcall_spec bisects; the unit test checks). */
static const struct tbx_pcall_spec specs[] = {
	{ NR(read), "foi", .size_of = { [1] = 2 } },
	{ NR(write), "fbi", .size_of = { [1] = 2 } },
	{ NR(open), "sii", .flags = NEWFD | PATH },
	{ NR(close), "f", .flags = TBX_PC_CLOSE },
	{ NR(stat), "sO", .fixed = { [1] = STAT_SZ }, .flags = PATH },
	{ NR(fstat), "fO", .fixed = { [1] = STAT_SZ } },
	{ NR(lstat), "sO", .fixed = { [1] = STAT_SZ }, .flags = PATH },
	{ NR(lseek), "fii" },
	{ NR(pread64), "foii", .size_of = { [1] = 2 } },
	{ NR(pwrite64), "fbii", .size_of = { [1] = 2 } },
	{ NR(access), "si", .flags = PATH },
	{ NR(socket), "iii", .flags = NEWFD },
	{ NR(connect), "fbi", .size_of = { [1] = 2 }, .flags = PATH },
	{ NR(accept), "fL-", .size_of = { [1] = 2 }, .flags = NEWFD },
	{ NR(sendto), "fbiibi", .size_of = { [1] = 2, [4] = 5 }, .flags = PATH },
	{ NR(recvfrom), "foiiL-", .size_of = { [1] = 2, [4] = 5 } },
	{ NR(shutdown), "fi" },
	{ NR(bind), "fbi", .size_of = { [1] = 2 }, .flags = PATH },
	{ NR(listen), "fi" },
	{ NR(getsockname), "fL-", .size_of = { [1] = 2 } },
	{ NR(getpeername), "fL-", .size_of = { [1] = 2 } },
	{ NR(setsockopt), "fiibi", .size_of = { [3] = 4 } },
	{ NR(getsockopt), "fiiL-", .size_of = { [3] = 4 } },
	{ NR(fsync), "f" },
	{ NR(fdatasync), "f" },
	{ NR(truncate), "si", .flags = PATH },
	{ NR(ftruncate), "fi" },
	{ NR(getcwd), "oi", .size_of = { [0] = 1 } },
	{ NR(chdir), "s", .flags = PATH },
	{ NR(fchdir), "f" },
	{ NR(rename), "ss", .flags = PATH },
	{ NR(mkdir), "si", .flags = PATH },
	{ NR(rmdir), "s", .flags = PATH },
	{ NR(creat), "si", .flags = NEWFD | PATH },
	{ NR(link), "ss", .flags = PATH },
	{ NR(unlink), "s", .flags = PATH },
	{ NR(symlink), "ss", .flags = PATH },
	{ NR(readlink), "soi", .size_of = { [1] = 2 }, .flags = PATH },
	{ NR(chmod), "si", .flags = PATH },
	{ NR(fchmod), "fi" },
	{ NR(chown), "sii", .flags = PATH },
	{ NR(fchown), "fii" },
	{ NR(lchown), "sii", .flags = PATH },
	{ NR(statfs), "sO", .fixed = { [1] = STATFS_SZ }, .flags = PATH },
	{ NR(fstatfs), "fO", .fixed = { [1] = STATFS_SZ } },
	{ NR(getxattr), "ssoi", .size_of = { [2] = 3 }, .flags = PATH },
	{ NR(lgetxattr), "ssoi", .size_of = { [2] = 3 }, .flags = PATH },
	{ NR(fgetxattr), "fsoi", .size_of = { [2] = 3 } },
	{ NR(listxattr), "soi", .size_of = { [1] = 2 }, .flags = PATH },
	{ NR(llistxattr), "soi", .size_of = { [1] = 2 }, .flags = PATH },
	{ NR(flistxattr), "foi", .size_of = { [1] = 2 } },
	{ NR(getdents64), "foi", .size_of = { [1] = 2 } },
	{ NR(fadvise64), "fiii" },
	{ NR(openat), "dsii", .flags = NEWFD | PATH },
	{ NR(mkdirat), "dsi", .flags = PATH },
	{ NR(fchownat), "dsiii", .flags = PATH },
	{ NR(newfstatat), "dsOi", .fixed = { [2] = STAT_SZ }, .flags = PATH },
	{ NR(unlinkat), "dsi", .flags = PATH },
	{ NR(renameat), "dsds", .flags = PATH },
	{ NR(linkat), "dsdsi", .flags = PATH },
	{ NR(symlinkat), "sds", .flags = PATH },
	{ NR(readlinkat), "dsoi", .size_of = { [2] = 3 }, .flags = PATH },
	{ NR(fchmodat), "dsi", .flags = PATH },
	{ NR(faccessat), "dsi", .flags = PATH },
	{ NR(utimensat), "dsBi", .fixed = { [2] = TIMES_SZ }, .flags = PATH },
	{ NR(fallocate), "fiii" },
	{ NR(accept4), "fL-i", .size_of = { [1] = 2 }, .flags = NEWFD },
	{ NR(renameat2), "dsdsi", .flags = PATH },
	{ NR(statx), "dsiiO", .fixed = { [4] = STATX_SZ }, .flags = PATH },
	{ NR(faccessat2), "dsii", .flags = PATH },
};

const struct tbx_pcall_spec *tbx_pcall_spec(long nr)
{
	size_t lo = 0, hi = ARRAY_SIZE(specs);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (specs[mid].nr == nr)
			return &specs[mid];
		if (specs[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct tbx_pcall_spec *tbx_pcall_specs(unsigned *n)
{
	*n = ARRAY_SIZE(specs);
	return specs;
}

/* ARGS: -e trace=mmap,mprotect,munmap,madvise,mincore,mremap,msync,mlock2 */
/* Anonymous mappings: protection changes, advice, residency, remap. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[8192];

int main(void)
{
	unsigned char vec[2];
	char *p, *q;
	int r;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));	/* no malloc, no mmap */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = %p\n", p);
	p[0] = 1;
	mprotect(p, 4096, PROT_READ);
	printf("mprotect(%p, 4096, PROT_READ) = 0\n", p);
	mprotect(p + 4096, 4096, PROT_NONE);
	printf("mprotect(%p, 4096, PROT_NONE) = 0\n", p + 4096);
	msync(p, 4096, MS_ASYNC);
	printf("msync(%p, 4096, MS_ASYNC) = 0\n", p);
	madvise(p, 8192, MADV_WILLNEED);
	printf("madvise(%p, 8192, MADV_WILLNEED) = 0\n", p);
	madvise(p, 8192, 77);
	printf("madvise(%p, 8192, 0x4d /* MADV_??? */) = -1 EINVAL (Invalid argument)\n", p);
	mincore(p, 8192, vec);
	printf("mincore(%p, 8192, [%u, %u]) = 0\n", p, vec[0] & 1, vec[1] & 1);
	r = syscall(SYS_mlock2, p, 4096, 0x80);
	printf("mlock2(%p, 4096, 0x80 /* MLOCK_??? */) = %d EINVAL (Invalid argument)\n", p, r);
	mprotect(p, 8192, PROT_READ | PROT_WRITE);	/* one mapping again */
	printf("mprotect(%p, 8192, PROT_READ|PROT_WRITE) = 0\n", p);
	q = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
	printf("mremap(%p, 8192, 16384, MREMAP_MAYMOVE) = %p\n", p, q);
	munmap(q, 16384);
	printf("munmap(%p, 16384) = 0\n", q);
	mmap((void *)0x10000, 4096, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED_NOREPLACE, 1000, 0x3000);
	printf("mmap(0x10000, 4096, PROT_READ|PROT_EXEC, MAP_SHARED|MAP_FIXED_NOREPLACE, 1000, 0x3000) = -1 EBADF (Bad file descriptor)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

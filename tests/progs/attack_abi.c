/* Calls of another ABI, which an x86_64-only filter would not see right:
 *   attack_abi i386 TARGET   int $0x80: open (5) + read (3)
 *   attack_abi x32  TARGET   syscall with nr|0x40000000: open (2) + read (0)
 * Under tracebox the process must be killed (SIGSYS) before any output. */
#include "attack.h"
#include <sys/mman.h>

static long i386_call(long nr, long a, long b, long c)
{
	__asm__ volatile("int $0x80" : "+a"(nr) : "b"(a), "c"(b), "d"(c) : "memory");
	return nr;
}

static long x32_call(long nr, long a, long b, long c)
{
	register long r10 __asm__("r10") = 0;
	nr |= 0x40000000;
	__asm__ volatile("syscall" : "+a"(nr) : "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return nr;
}

int main(int argc, char **argv)
{
	char *mem;
	long fd, n;
	int i386;

	if (argc < 3)
		return 2;
	i386 = !strcmp(argv[1], "i386");
	/* pointers of a 32-bit ABI must be below 4 GiB */
	mem = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (mem == MAP_FAILED)
		return 2;
	snprintf(mem, 4096, "%s", argv[2]);
	fd = i386 ? i386_call(5, (long)mem, O_RDONLY, 0) : x32_call(2, (long)mem, O_RDONLY, 0);
	if (fd < 0)
		blocked("%s open: %s", argv[1], ename((int)-fd));
	n = i386 ? i386_call(3, fd, (long)(mem + 4096), 64) : x32_call(0, fd, (long)(mem + 4096), 64);
	if (n > 0 && !strncmp(mem + 4096, MARKER, strlen(MARKER)))
		escaped("%s open+read of the protected file", argv[1]);
	blocked("%s read: %ld", argv[1], n);
}

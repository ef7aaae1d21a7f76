/* ARGS: -e trace=brk */
/* brk(NULL) reports the break; moving it up returns the new one. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	long cur, up;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));	/* stdio must not call brk */
	cur = syscall(SYS_brk, 0);
	printf("brk(NULL) = %#lx\n", cur);
	up = syscall(SYS_brk, cur + 8192);
	printf("brk(%#lx) = %#lx\n", cur + 8192, up);
	up = syscall(SYS_brk, cur);
	printf("brk(%#lx) = %#lx\n", cur, up);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* ARGS: -e trace=getresuid,getresgid,setresuid,setuid,setreuid,getgroups */
/* Ids as the kernel reports them; -1 means "unchanged". */
#include <grp.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs, g[64];
	int n;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	getresuid(&r, &e, &s);
	printf("getresuid([%u], [%u], [%u]) = 0\n", r, e, s);
	getresgid(&gr, &ge, &gs);
	printf("getresgid([%u], [%u], [%u]) = 0\n", gr, ge, gs);
	syscall(SYS_setresuid, -1, -1, -1);
	printf("setresuid(-1, -1, -1) = 0\n");
	syscall(SYS_setreuid, -1, e);
	printf("setreuid(-1, %u) = 0\n", e);
	syscall(SYS_setuid, e);
	printf("setuid(%u) = 0\n", e);
	n = getgroups(0, NULL);
	printf("getgroups(0, NULL) = %d\n", n);
	n = getgroups(64, g);
	printf("getgroups(64, [");
	for (int i = 0; i < n && i < 32; i++)
		printf("%s%u", i ? ", " : "", g[i]);
	printf("%s]) = %d\n", n > 32 ? ", ..." : "", n);
	syscall(SYS_getresuid, NULL, &e, &s);
	printf("getresuid(NULL, %p, %p) = -1 EFAULT (Bad address)\n", (void *)&e, (void *)&s);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

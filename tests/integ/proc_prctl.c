/* ARGS: -e trace=prctl,arch_prctl,personality */
/* prctl's options: the comm name in and out, dumpable, unknown options. */
#include <asm/prctl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	char name[16];
	unsigned long fs;
	int sig;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	prctl(PR_SET_NAME, "tbx-prctl-test-long-name");
	printf("prctl(PR_SET_NAME, \"tbx-prctl-test-\"...) = 0\n");
	prctl(PR_GET_NAME, name);
	printf("prctl(PR_GET_NAME, \"%s\") = 0\n", name);
	prctl(PR_SET_DUMPABLE, 1);
	printf("prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0\n");
	prctl(PR_GET_DUMPABLE);
	printf("prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)\n");
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	printf("prctl(PR_SET_PDEATHSIG, SIGTERM) = 0\n");
	prctl(PR_GET_PDEATHSIG, &sig);
	printf("prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0\n");
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	printf("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0\n");
	prctl(9999, 1, 2, 3, 4);
	printf("prctl(0x270f /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)\n");
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	printf("arch_prctl(ARCH_GET_FS, [%#lx]) = 0\n", fs);
	syscall(SYS_arch_prctl, 0x9999, 0);
	printf("arch_prctl(0x9999 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)\n");
	personality(0xffffffff);
	printf("personality(0xffffffff) = 0 (PER_LINUX)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* ARGS: -e trace=prlimit64,getrlimit,setrlimit,getrusage */
/* Limits in strace's notation (N*1024, RLIM64_INFINITY), and rusage. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static char obuf[4096];

static const char *lim(unsigned long long v)
{
	static char b[2][32];
	static int i;
	char *s = b[i++ & 1];

	if (v == ~0ull)
		return "RLIM64_INFINITY";
	if (v > 1024 && v % 1024 == 0)
		snprintf(s, 32, "%llu*1024", v / 1024);
	else
		snprintf(s, 32, "%llu", v);
	return s;
}

int main(void)
{
	struct rlimit r, set;
	struct rusage ru;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &r);
	printf("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=%s, rlim_max=%s}) = 0\n",
	       lim(r.rlim_cur), lim(r.rlim_max));
	set = r;	/* the same limits: allowed for anyone */
	syscall(SYS_prlimit64, getpid(), RLIMIT_STACK, &set, NULL);
	printf("prlimit64(%d, RLIMIT_STACK, {rlim_cur=%s, rlim_max=%s}, NULL) = 0\n",
	       getpid(), lim(set.rlim_cur), lim(set.rlim_max));
	syscall(SYS_getrlimit, RLIMIT_NOFILE, &r);
	printf("getrlimit(RLIMIT_NOFILE, {rlim_cur=%s, rlim_max=%s}) = 0\n",
	       lim(r.rlim_cur), lim(r.rlim_max));
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &r);
	printf("setrlimit(RLIMIT_NOFILE, {rlim_cur=%s, rlim_max=%s}) = 0\n",
	       lim(r.rlim_cur), lim(r.rlim_max));
	syscall(SYS_prlimit64, 0, 99, &r, NULL);
	printf("prlimit64(0, 0x63 /* RLIMIT_??? */, {rlim_cur=%s, rlim_max=%s}, NULL) = -1 EINVAL (Invalid argument)\n",
	       lim(r.rlim_cur), lim(r.rlim_max));
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("getrusage(RUSAGE_CHILDREN, {ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...}) = 0\n",
	       (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
	       (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
	syscall(SYS_getrusage, 5, &ru);
	printf("getrusage(0x5 /* RUSAGE_??? */, %p) = -1 EINVAL (Invalid argument)\n", (void *)&ru);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* ARGS: -e trace=uname,sysinfo,times */
/* System information structures, as the program itself received them. */
#include <stdio.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>

static char obuf[4096];

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	struct tms t;
	clock_t c;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	uname(&u);
	printf("uname({sysname=\"%s\", nodename=\"%s\", ...}) = 0\n", u.sysname, u.nodename);
	sysinfo(&si);
	printf("sysinfo({uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, sharedram=%lu, bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, freehigh=%lu, mem_unit=%u}) = 0\n",
	       si.uptime, si.loads[0], si.loads[1], si.loads[2], si.totalram, si.freeram,
	       si.sharedram, si.bufferram, si.totalswap, si.freeswap, si.procs,
	       si.totalhigh, si.freehigh, si.mem_unit);
	c = times(&t);
	printf("times({tms_utime=%ld, tms_stime=%ld, tms_cutime=%ld, tms_cstime=%ld}) = %lu\n",
	       (long)t.tms_utime, (long)t.tms_stime, (long)t.tms_cutime, (long)t.tms_cstime,
	       (unsigned long)c);
	uname((struct utsname *)8);
	printf("uname(0x8) = -1 EFAULT (Bad address)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

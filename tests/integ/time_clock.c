/* ARGS: -e trace=clock_gettime,clock_getres,clock_settime,clock_nanosleep,nanosleep,gettimeofday,time,timer_create,timer_settime,timer_gettime,timer_delete,timerfd_create,timerfd_settime,timerfd_gettime,setitimer,getitimer */
/* Clocks and timers, as raw syscalls (the vDSO would skip the kernel).
 * Values the kernel returns are printed from what the program received. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define TS "{tv_sec=%lld, tv_nsec=%lld}"
#define ITS "{it_interval={tv_sec=%lld, tv_nsec=%lld}, it_value={tv_sec=%lld, tv_nsec=%lld}}"
#define A(ts) (long long)(ts).tv_sec, (long long)(ts).tv_nsec

int main(void)
{
	struct timespec ts, req = { 0, 1000 };
	struct timeval tv;
	struct timezone tz;
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 100, 0 } }, cur;
	struct itimerval itv = { { 0, 0 }, { 50, 0 } }, oitv;
	int timer, fd;
	long t;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	printf("clock_gettime(CLOCK_MONOTONIC, " TS ") = 0\n", A(ts));
	syscall(SYS_clock_getres, CLOCK_REALTIME, &ts);
	printf("clock_getres(CLOCK_REALTIME, " TS ") = 0\n", A(ts));
	syscall(SYS_clock_gettime, 123, &ts);
	printf("clock_gettime(0x7b /* CLOCK_??? */, %p) = -1 EINVAL (Invalid argument)\n", (void *)&ts);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, NULL);
	printf("clock_gettime(CLOCK_BOOTTIME, NULL) = -1 EFAULT (Bad address)\n");
	ts.tv_sec = 1;
	ts.tv_nsec = 2;
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts);
	printf("clock_settime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=2}) = -1 EINVAL (Invalid argument)\n");

	syscall(SYS_nanosleep, &req, NULL);
	printf("nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0\n");
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, &ts);
	printf("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, %p) = 0\n", (void *)&ts);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	printf("clock_gettime(CLOCK_MONOTONIC, " TS ") = 0\n", A(ts));
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	printf("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, " TS ", NULL) = 0\n", A(ts));

	syscall(SYS_gettimeofday, &tv, &tz);
	printf("gettimeofday({tv_sec=%lld, tv_usec=%lld}, {tz_minuteswest=%d, tz_dsttime=%d}) = 0\n",
	       (long long)tv.tv_sec, (long long)tv.tv_usec, tz.tz_minuteswest, tz.tz_dsttime);
	t = syscall(SYS_time, NULL);
	{
		char date[64];
		time_t tt = t;
		strftime(date, sizeof(date), "%FT%T%z", localtime(&tt));
		printf("time(NULL) = %ld (%s)\n", t, date);
	}

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_int = 7;
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &timer);
	printf("timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=7, sival_ptr=0x7}, "
	       "sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}, [%d]) = 0\n", timer);
	syscall(SYS_timer_settime, timer, 0, &its, &cur);
	printf("timer_settime(%d, 0, " ITS ", " ITS ") = 0\n", timer, A(its.it_interval),
	       A(its.it_value), A(cur.it_interval), A(cur.it_value));
	syscall(SYS_timer_gettime, timer, &cur);
	printf("timer_gettime(%d, " ITS ") = 0\n", timer, A(cur.it_interval), A(cur.it_value));
	syscall(SYS_timer_delete, timer);
	printf("timer_delete(%d) = 0\n", timer);
	syscall(SYS_timer_delete, timer);
	printf("timer_delete(%d) = -1 EINVAL (Invalid argument)\n", timer);

	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	printf("timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = %d\n", fd);
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	printf("timerfd_settime(%d, TFD_TIMER_ABSTIME, " ITS ", NULL) = 0\n", fd,
	       A(its.it_interval), A(its.it_value));
	timerfd_gettime(fd, &cur);
	printf("timerfd_gettime(%d, " ITS ") = 0\n", fd, A(cur.it_interval), A(cur.it_value));

	setitimer(ITIMER_VIRTUAL, &itv, &oitv);
	printf("setitimer(ITIMER_VIRTUAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=50, tv_usec=0}}, "
	       "{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0\n");
	getitimer(ITIMER_PROF, &oitv);
	printf("getitimer(ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0\n");
	getitimer(ITIMER_REAL, (void *)1);
	printf("getitimer(ITIMER_REAL, 0x1) = -1 EFAULT (Bad address)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

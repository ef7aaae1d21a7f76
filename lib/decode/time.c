/* Time: timespec, timeval, and the clock syscalls. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <sys/time.h>
#include "decode/net.h"
#include "syscallent.h"

void dv_timespec(struct tbx_dctx *d, uint64_t addr)
{
	struct timespec ts;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (dv_umove(d, addr, &ts)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "tv_sec");
	dv_int(d, ts.tv_sec);
	dv_key(d, "tv_nsec");
	dv_int(d, ts.tv_nsec);
	dv_end(d);
}

void dv_timeval(struct tbx_dctx *d, uint64_t addr)
{
	struct timeval tv;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (dv_umove(d, addr, &tv)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "tv_sec");
	dv_int(d, tv.tv_sec);
	dv_key(d, "tv_usec");
	dv_int(d, tv.tv_usec);
	dv_end(d);
}

/* ---- the clock and timer syscalls ---- */

bool tbx_time_text(struct tbx_dctx *d, uint64_t addr, bool usec, char *buf,
		   size_t cap)
{
	int64_t t[2];

	if (!addr || tbx_umove(d->tid, addr, t, sizeof(t)))
		return false;
	snprintf(buf, cap, "{tv_sec=%lld, %s=%lld}", (long long)t[0],
		 usec ? "tv_usec" : "tv_nsec", (long long)t[1]);
	return true;
}

/* An out-argument: its address when the call failed. */
static void out_timespec(struct tbx_dctx *d, uint64_t addr)
{
	if (d->err)
		dv_ptr(d, addr);
	else
		dv_timespec(d, addr);
}

/* strace 6.1 as built by distributions has no CPU clock decoding: the
 * negative ids of clock_getcpuclockid() show as 0xffff70a2 \/\* CLOCK_??? *\/. */
void dv_clockid(struct tbx_dctx *d, int clk)
{
	dv_xval(d, &tbx_xlat_clocks, (unsigned)clk, "CLOCK_???");
}

static void its_fields(struct tbx_dctx *d, const int64_t *v, const char *sub)
{
	static const char *const keys[] = { "it_interval", "it_value" };

	dv_struct(d);
	for (int i = 0; i < 2; i++) {
		dv_key(d, keys[i]);
		dv_struct(d);
		dv_key(d, "tv_sec");
		dv_int(d, v[2 * i]);
		dv_key(d, sub);
		dv_int(d, v[2 * i + 1]);
		dv_end(d);
	}
	dv_end(d);
}

static void dv_its(struct tbx_dctx *d, uint64_t addr, const char *sub)
{
	int64_t v[4];

	if (!addr || (d->exiting && d->err) ||
	    tbx_umove(d->tid, addr, v, sizeof(v))) {
		dv_ptr(d, addr);
		return;
	}
	its_fields(d, v, sub);
}

void dv_itimerspec(struct tbx_dctx *d, uint64_t addr) { dv_its(d, addr, "tv_nsec"); }
void dv_itimerval(struct tbx_dctx *d, uint64_t addr) { dv_its(d, addr, "tv_usec"); }

void tbx_dec_clock_gettime(struct tbx_dctx *d)	/* and clock_getres */
{
	if (!d->exiting)
		dv_clockid(d, (int)d->a[0]);
	else
		out_timespec(d, d->a[1]);
}

void tbx_dec_clock_settime(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_clockid(d, (int)d->a[0]);
	dv_timespec(d, d->a[1]);
}

/* ERESTART*: interrupted by a signal, the remaining time was written. */
static bool restarted(const struct tbx_dctx *d)
{
	return d->err >= 512 && d->err <= 516;
}

void tbx_dec_nanosleep(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_timespec(d, d->a[0]);
	else if (restarted(d))
		dv_timespec(d, d->a[1]);
	else
		dv_ptr(d, d->a[1]);
}

void tbx_dec_clock_nanosleep(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_clockid(d, (int)d->a[0]);
		dv_flags_unk(d, &tbx_xlat_timer_flags, (unsigned)d->a[1], NULL, "TIMER_???");
		dv_timespec(d, d->a[2]);
	} else if (!d->a[1] && restarted(d)) {
		dv_timespec(d, d->a[3]);
	} else {
		dv_ptr(d, d->a[3]);
	}
}

static void dv_timezone(struct tbx_dctx *d, uint64_t addr)
{
	struct timezone tz;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &tz)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "tz_minuteswest");
	dv_int(d, tz.tz_minuteswest);
	dv_key(d, "tz_dsttime");
	dv_int(d, tz.tz_dsttime);
	dv_end(d);
}

void tbx_dec_gettimeofday(struct tbx_dctx *d)
{
	if (!d->exiting)
		return;
	if (d->err)
		dv_ptr(d, d->a[0]);
	else
		dv_timeval(d, d->a[0]);
	dv_timezone(d, d->a[1]);
}

void tbx_dec_settimeofday(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_timeval(d, d->a[0]);
	dv_timezone(d, d->a[1]);
}

/* strace's sprinttime: local time, ISO 8601. */
static bool date_text(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	return localtime_r(&tt, &tm) && strftime(buf, cap, "%FT%T%z", &tm);
}

void tbx_dec_time(struct tbx_dctx *d)
{
	char date[64];
	int64_t t;

	if (!d->exiting)
		return;
	if (!d->a[0] || d->err || dv_umove(d, d->a[0], &t)) {
		dv_ptr(d, d->a[0]);
	} else {
		dv_array(d);
		dv_int(d, t);
		if (date_text(t, date, sizeof(date)))
			dv_comment(d, "%s", date);
		dv_end(d);
	}
	if (!d->err && date_text(d->ret, date, sizeof(date)))
		dv_retcomment(d, " (%s)", date);
}

static void dv_sigevent(struct tbx_dctx *d, uint64_t addr)
{
	struct sigevent sev;

	if (!addr || dv_umove(d, addr, &sev)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	if (sev.sigev_value.sival_ptr) {
		dv_key(d, "sigev_value");
		dv_struct(d);
		dv_key(d, "sival_int");
		dv_int(d, sev.sigev_value.sival_int);
		dv_key(d, "sival_ptr");
		dv_ptr(d, (uint64_t)(uintptr_t)sev.sigev_value.sival_ptr);
		dv_end(d);
	}
	dv_key(d, "sigev_signo");
	switch (sev.sigev_notify) {
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
	case SIGEV_THREAD_ID:
		dv_signo(d, sev.sigev_signo);
		break;
	default:
		dv_uint(d, (unsigned)sev.sigev_signo);
	}
	dv_key(d, "sigev_notify");
	dv_xval(d, &tbx_xlat_sigev_notify, (unsigned)sev.sigev_notify, "SIGEV_???");
	if (sev.sigev_notify == SIGEV_THREAD_ID) {
		dv_key(d, "sigev_notify_thread_id");
		dv_int(d, sev._sigev_un._tid);
	} else if (sev.sigev_notify == SIGEV_THREAD) {
		dv_key(d, "sigev_notify_function");
		dv_ptr(d, (uint64_t)(uintptr_t)sev._sigev_un._sigev_thread._function);
		dv_key(d, "sigev_notify_attributes");
		dv_ptr(d, (uint64_t)(uintptr_t)sev._sigev_un._sigev_thread._attribute);
	}
	dv_end(d);
}

void tbx_dec_timer_create(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_clockid(d, (int)d->a[0]);
		dv_sigevent(d, d->a[1]);
		return;
	}
	dv_int_at(d, d->a[2]);
}

void tbx_dec_timer_settime(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		dv_flags_unk(d, &tbx_xlat_timer_flags, (unsigned)d->a[1], NULL, "TIMER_???");
		dv_itimerspec(d, d->a[2]);
		return;
	}
	dv_itimerspec(d, d->a[3]);
}

void tbx_dec_timer_gettime(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_int(d, (int)d->a[0]);
	else
		dv_itimerspec(d, d->a[1]);
}

void tbx_dec_timer_id(struct tbx_dctx *d)	/* timer_getoverrun, timer_delete */
{
	if (!d->exiting)
		dv_int(d, (int)d->a[0]);
}

void tbx_dec_timerfd_create(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_clockid(d, (int)d->a[0]);
	dv_flags_unk(d, &tbx_xlat_timerfd_flags, (unsigned)d->a[1], NULL, "TFD_???");
	d->rval = TBX_RV_FD;
}

void tbx_dec_timerfd_settime(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		dv_flags_unk(d, &tbx_xlat_timerfd_settime_flags, (unsigned)d->a[1], NULL, "TFD_???");
		dv_itimerspec(d, d->a[2]);
		return;
	}
	dv_itimerspec(d, d->a[3]);
}

void tbx_dec_timerfd_gettime(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_fd(d, d->a[0]);
	else
		dv_itimerspec(d, d->a[1]);
}

void tbx_dec_getitimer(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_xval(d, &tbx_xlat_itimer_which, (unsigned)d->a[0], "ITIMER_???");
	else
		dv_itimerval(d, d->a[1]);
}

void tbx_dec_setitimer(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_itimer_which, (unsigned)d->a[0], "ITIMER_???");
		dv_itimerval(d, d->a[1]);
		return;
	}
	dv_itimerval(d, d->a[2]);
}

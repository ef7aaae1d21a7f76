/* Resources and system information: rlimits, rusage, uname, sysinfo,
 * times, scheduling, priorities, getrandom. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include "decode/decode.h"
#include "decode/process.h"
#include "syscallent.h"

/* ---- rlimits ---- */

/* RLIM64_INFINITY, 8192*1024, or the number. */
static void rlim_value(struct tbx_dctx *d, const char *key, uint64_t v)
{
	char buf[32];

	dv_key(d, key);
	if (v == UINT64_MAX) {
		dv_name(d, "RLIM64_INFINITY", v);
	} else if (v > 1024 && v % 1024 == 0) {
		snprintf(buf, sizeof(buf), "%llu*1024", (unsigned long long)(v / 1024));
		dv_name(d, buf, v);
	} else {
		dv_uint(d, v);
	}
}

static void rlimit(struct tbx_dctx *d, uint64_t addr, bool out)
{
	uint64_t r[2];

	if (!addr || (out && d->err) || tbx_umove(d->tid, addr, r, sizeof(r))) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	rlim_value(d, "rlim_cur", r[0]);
	rlim_value(d, "rlim_max", r[1]);
	dv_end(d);
}

static void resource(struct tbx_dctx *d, uint64_t v)
{
	dv_xval(d, &tbx_xlat_rlimit_resources, (unsigned)v, "RLIMIT_???");
}

void tbx_dec_getrlimit(struct tbx_dctx *d)
{
	if (!d->exiting)
		resource(d, d->a[0]);
	else
		rlimit(d, d->a[1], true);
}

void tbx_dec_setrlimit(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	resource(d, d->a[0]);
	rlimit(d, d->a[1], false);
}

void tbx_dec_prlimit64(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		resource(d, d->a[1]);
		rlimit(d, d->a[2], false);
		return;
	}
	rlimit(d, d->a[3], true);
}

/* ---- rusage ---- */

static void tv_field(struct tbx_dctx *d, const char *key, const struct timeval *tv)
{
	dv_key(d, key);
	dv_struct(d);
	dv_key(d, "tv_sec");
	dv_int(d, tv->tv_sec);
	dv_key(d, "tv_usec");
	dv_int(d, tv->tv_usec);
	dv_end(d);
}

void dv_rusage(struct tbx_dctx *d, uint64_t addr)
{
	struct rusage ru;

	if (!addr || dv_umove(d, addr, &ru)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	tv_field(d, "ru_utime", &ru.ru_utime);
	tv_field(d, "ru_stime", &ru.ru_stime);
	if (!d->verbose) {
		dv_more(d);
		dv_end(d);
		return;
	}
#define F(name) do { dv_key(d, #name); dv_int(d, ru.name); } while (0)
	F(ru_maxrss); F(ru_ixrss); F(ru_idrss); F(ru_isrss); F(ru_minflt);
	F(ru_majflt); F(ru_nswap); F(ru_inblock); F(ru_oublock); F(ru_msgsnd);
	F(ru_msgrcv); F(ru_nsignals); F(ru_nvcsw); F(ru_nivcsw);
#undef F
	dv_end(d);
}

void tbx_dec_getrusage(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_rusage_who, (uint64_t)(int64_t)(int)d->a[0],
			"RUSAGE_???");
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		dv_rusage(d, d->a[1]);
}

/* ---- system information ---- */

static void cfield(struct tbx_dctx *d, const char *key, const char *s, size_t max)
{
	dv_key(d, key);
	dv_bytes(d, s, strnlen(s, max), 0);
}

void tbx_dec_uname(struct tbx_dctx *d)
{
	struct utsname u;

	if (!d->exiting)
		return;
	if (d->err || !d->a[0] || dv_umove(d, d->a[0], &u)) {
		dv_ptr(d, d->a[0]);
		return;
	}
	dv_struct(d);
	cfield(d, "sysname", u.sysname, sizeof(u.sysname));
	cfield(d, "nodename", u.nodename, sizeof(u.nodename));
	if (d->verbose) {
		cfield(d, "release", u.release, sizeof(u.release));
		cfield(d, "version", u.version, sizeof(u.version));
		cfield(d, "machine", u.machine, sizeof(u.machine));
		cfield(d, "domainname", u.domainname, sizeof(u.domainname));
	} else {
		dv_more(d);
	}
	dv_end(d);
}

void tbx_dec_sysinfo(struct tbx_dctx *d)
{
	struct sysinfo si;

	if (!d->exiting)
		return;
	if (d->err || !d->a[0] || dv_umove(d, d->a[0], &si)) {
		dv_ptr(d, d->a[0]);
		return;
	}
	dv_struct(d);
	dv_key(d, "uptime");
	dv_int(d, si.uptime);
	dv_key(d, "loads");
	dv_array(d);
	for (int i = 0; i < 3; i++)
		dv_uint(d, si.loads[i]);
	dv_end(d);
#define F(name) do { dv_key(d, #name); dv_uint(d, si.name); } while (0)
	F(totalram); F(freeram); F(sharedram); F(bufferram); F(totalswap);
	F(freeswap); F(procs); F(totalhigh); F(freehigh); F(mem_unit);
#undef F
	dv_end(d);
}

void tbx_dec_times(struct tbx_dctx *d)
{
	struct tms t;

	if (!d->exiting) {
		d->rval = TBX_RV_UDEC;
		return;
	}
	if (d->err || !d->a[0] || dv_umove(d, d->a[0], &t)) {
		dv_ptr(d, d->a[0]);
		return;
	}
	dv_struct(d);
	dv_key(d, "tms_utime");
	dv_uint(d, (uint64_t)t.tms_utime);
	dv_key(d, "tms_stime");
	dv_uint(d, (uint64_t)t.tms_stime);
	dv_key(d, "tms_cutime");
	dv_uint(d, (uint64_t)t.tms_cutime);
	dv_key(d, "tms_cstime");
	dv_uint(d, (uint64_t)t.tms_cstime);
	dv_end(d);
}

/* ---- scheduling ---- */

static void policy(struct tbx_dctx *d, uint64_t v)
{
	dv_xval(d, &tbx_xlat_sched_policies, (unsigned)v, "SCHED_???");
}

/* [0 1 5]: the CPUs set in len bytes at addr. */
static void cpu_set(struct tbx_dctx *d, uint64_t addr, uint64_t len)
{
	uint64_t words[128];
	char buf[4096];
	size_t n = 0, bytes = len < sizeof(words) ? (size_t)len : sizeof(words);

	if (!addr || tbx_umove(d->tid, addr, words, bytes)) {
		dv_ptr(d, addr);
		return;
	}
	buf[n++] = '[';
	for (size_t b = 0; b < bytes * 8 && n + 24 < sizeof(buf); b++) {
		if (!(((const unsigned char *)words)[b / 8] & (1u << (b % 8))))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%zu",
				      n > 1 ? " " : "", b);
	}
	buf[n++] = ']';
	buf[n] = 0;
	dv_name(d, buf, 0);
}

void tbx_dec_sched_getaffinity(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		dv_uint(d, d->a[1]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[2]);
	else
		cpu_set(d, d->a[2], (uint64_t)d->ret);
}

void tbx_dec_sched_setaffinity(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_uint(d, d->a[1]);
	cpu_set(d, d->a[2], d->a[1]);
}

/* struct sched_param: [priority] */
static void sched_param(struct tbx_dctx *d, uint64_t addr)
{
	int prio;

	if (!addr || dv_umove(d, addr, &prio)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	dv_int(d, prio);
	dv_end(d);
}

/* sched_getscheduler, and other calls with a pid only */
void tbx_dec_sched_getscheduler(struct tbx_dctx *d)
{
	const char *n;

	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	n = d->err ? NULL : tbx_xlat_name(&tbx_xlat_sched_policies, (uint64_t)d->ret);
	if (n)
		dv_retcomment(d, " (%s)", n);
}

void tbx_dec_sched_setscheduler(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	policy(d, d->a[1]);
	sched_param(d, d->a[2]);
}

void tbx_dec_sched_getparam(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		sched_param(d, d->a[1]);
}

void tbx_dec_sched_setparam(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	sched_param(d, d->a[1]);
}

/* sched_get_priority_max, sched_get_priority_min */
void tbx_dec_sched_priority(struct tbx_dctx *d)
{
	if (!d->exiting)
		policy(d, d->a[0]);
}

void tbx_dec_sched_rr_get_interval(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		dv_timespec(d, d->a[1]);
}

void tbx_dec_getpriority(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_xval(d, &tbx_xlat_prio_which, (unsigned)d->a[0], "PRIO_???");
	dv_int(d, (int)d->a[1]);
}

void tbx_dec_setpriority(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_getpriority(d);
	dv_int(d, (int)d->a[2]);
}

/* ---- getrandom ---- */

/* strace always shows the random bytes hex-escaped: "\x12\x34"... */
static void hex_bytes(struct tbx_dctx *d, uint64_t addr, uint64_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[4096];
	char *buf;
	size_t want = len < d->strsize ? (size_t)len : d->strsize, n = 0;

	if (want > sizeof(raw))
		want = sizeof(raw);
	if (tbx_umove(d->tid, addr, raw, want)) {
		dv_ptr(d, addr);
		return;
	}
	buf = malloc(want * 4 + 8);
	if (!buf) {
		dv_ptr(d, addr);
		return;
	}
	buf[n++] = '"';
	for (size_t i = 0; i < want; i++) {
		buf[n++] = '\\';
		buf[n++] = 'x';
		buf[n++] = hex[raw[i] >> 4];
		buf[n++] = hex[raw[i] & 15];
	}
	buf[n++] = '"';
	if (want < len) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = 0;
	dv_name(d, buf, 0);
	free(buf);
}

void tbx_dec_getrandom(struct tbx_dctx *d)
{
	if (!d->exiting)
		return;
	if (d->err || !d->a[0])
		dv_ptr(d, d->a[0]);
	else
		hex_bytes(d, d->a[0], (uint64_t)d->ret);
	dv_uint(d, d->a[1]);
	dv_flags_unk(d, &tbx_xlat_getrandom_flags, (unsigned)d->a[2], NULL, "GRND_???");
}

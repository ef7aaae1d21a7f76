/* Polling: poll, ppoll, select, pselect6 and epoll. */
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "decode/net.h"
#include "syscallent.h"

/* Text after the return value, built piece by piece. */
struct rtext {
	char buf[1024];
	size_t len;
};

__attribute__((format(printf, 2, 3)))
static void rt_add(struct rtext *t, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		t->len += (size_t)w;
	if (t->len >= sizeof(t->buf))
		t->len = sizeof(t->buf) - 1;
}

/* ---- poll, ppoll ---- */

static bool print_pollfd(struct tbx_dctx *d, const void *elem, void *opaque)
{
	struct pollfd p;

	(void)opaque;
	memcpy(&p, elem, sizeof(p));
	dv_struct(d);
	dv_key(d, "fd");
	dv_fd(d, (uint64_t)(int64_t)p.fd);
	if (p.fd >= 0) {
		dv_key(d, "events");
		dv_flags_unk(d, &tbx_xlat_poll_events, (unsigned short)p.events, NULL, "POLL???");
	}
	dv_end(d);
	return true;
}

/* " ([{fd=3, revents=POLLIN}], left {...})" or " (Timeout)" */
static void poll_exit(struct tbx_dctx *d, uint64_t tmo)
{
	struct rtext t = { .len = 0 };
	unsigned nfds = (unsigned)d->a[1], printed = 0;
	uint64_t addr = d->a[0];
	char flags[256], left[96];

	if (d->err)
		return;
	if (!d->ret) {
		dv_retcomment(d, " (Timeout)");
		return;
	}
	if (!addr || !nfds)
		return;
	for (unsigned i = 0; i < nfds; i++) {
		struct pollfd p;
		uint64_t at = addr + i * sizeof(p);

		if (dv_umove(d, at, &p)) {
			rt_add(&t, "%s%#llx", t.len ? ", " : "[", (unsigned long long)at);
			break;
		}
		if (!p.revents)
			continue;
		rt_add(&t, "%s", t.len ? ", " : "[");
		if (!d->verbose && printed + 1 > d->strsize) {
			rt_add(&t, "...");
			break;
		}
		tbx_flags_text(&tbx_xlat_poll_events, (unsigned short)p.revents,
			       flags, sizeof(flags));
		rt_add(&t, "{fd=%d, revents=%s}", p.fd, flags);
		printed++;
	}
	if (t.len)
		rt_add(&t, "]");
	if (tmo && tbx_time_text(d, tmo, false, left, sizeof(left)))
		rt_add(&t, "%sleft %s", t.len ? ", " : "", left);
	if (t.len)
		dv_retcomment(d, " (%s)", t.buf);
}

static void poll_entry(struct tbx_dctx *d)
{
	dv_array_of(d, d->a[0], (unsigned)d->a[1], sizeof(struct pollfd),
		    print_pollfd, NULL);
	dv_uint(d, (unsigned)d->a[1]);
}

void tbx_dec_poll(struct tbx_dctx *d)
{
	if (d->exiting) {
		poll_exit(d, 0);
		return;
	}
	poll_entry(d);
	dv_int(d, (int)d->a[2]);
}

void tbx_dec_ppoll(struct tbx_dctx *d)
{
	if (d->exiting) {
		poll_exit(d, d->a[2]);
		return;
	}
	poll_entry(d);
	dv_timespec(d, d->a[2]);
	dv_sigset_len(d, d->a[3], d->a[4], 8);
	dv_uint(d, d->a[4]);
}

/* ---- select, pselect6 ---- */

static int select_nfds(const struct tbx_dctx *d)
{
	int n = (int)d->a[0];

	return n < 0 ? 0 : n > 1024 * 1024 ? 1024 * 1024 : n;
}

/* The fd_set bits below nfds, read in 8-byte words. */
static bool fdset_read(struct tbx_dctx *d, uint64_t addr, int nfds,
		       uint64_t *w, size_t nw)
{
	size_t size = ((size_t)nfds + 63) / 64 * 8;

	return size && size <= nw * 8 && !tbx_umove(d->tid, addr, w, size);
}

#define FDSET_WORDS (1024 * 1024 / 64)

/* "[4 5]" (a bitset: spaces, not commas), "4</dev/null>" with -y. */
static void fdset_value(struct tbx_dctx *d, const uint64_t *w, int nfds)
{
	struct rtext t = { .len = 0 };

	rt_add(&t, "[");
	for (int fd = 0; fd < nfds; fd++) {
		char link[64], path[4096];
		ssize_t n = -1;

		if (!(w[fd / 64] >> (fd % 64) & 1))
			continue;
		if (d->fd_paths) {
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", d->tid, fd);
			n = readlink(link, path, sizeof(path));
		}
		rt_add(&t, "%s%d", t.len > 1 ? " " : "", fd);
		if (n > 0)
			rt_add(&t, "<%.*s>", (int)n, path);
	}
	rt_add(&t, "]");
	dv_raw(d, "%s", t.buf);
}

static void select_entry(struct tbx_dctx *d, bool usec)
{
	static uint64_t w[FDSET_WORDS];
	int nfds = select_nfds(d);

	dv_int(d, (int)d->a[0]);
	for (int i = 1; i <= 3; i++) {
		uint64_t addr = d->a[i];

		if (!addr || !nfds || !fdset_read(d, addr, nfds, w, FDSET_WORDS)) {
			dv_ptr(d, addr);
			continue;
		}
		fdset_value(d, w, nfds);
	}
	if (usec)
		dv_timeval(d, d->a[4]);
	else
		dv_timespec(d, d->a[4]);
}

/* The fd sets are space separated: "[4 5]". */
static void select_exit(struct tbx_dctx *d, bool usec)
{
	static const char *const names[] = { "in", "out", "except" };
	static uint64_t w[FDSET_WORDS];
	struct rtext t = { .len = 0 };
	int nfds = select_nfds(d);
	int64_t ready = d->ret;
	const char *sep = "";
	char left[96];

	if (d->err)
		return;
	if (!ready) {
		dv_retcomment(d, " (Timeout)");
		return;
	}
	for (int i = 0; i < 3 && ready > 0; i++) {
		bool first = true;

		if (!d->a[i + 1] || !fdset_read(d, d->a[i + 1], nfds, w, FDSET_WORDS))
			continue;
		for (int fd = 0; fd < nfds; fd++) {
			if (!(w[fd / 64] >> (fd % 64) & 1))
				continue;
			if (first) {
				rt_add(&t, "%s%s [%d", sep, names[i], fd);
				first = false;
				sep = ", ";
			} else {
				rt_add(&t, " %d", fd);
			}
			if (--ready == 0)
				break;
		}
		/* as strace: closes after every set once anything was shown */
		if (t.len)
			rt_add(&t, "]");
	}
	if (d->a[4] && tbx_time_text(d, d->a[4], usec, left, sizeof(left))) {
		rt_add(&t, "%sleft %s", sep, left);
	}
	dv_retcomment(d, " (%s)", t.buf);
}

void tbx_dec_select(struct tbx_dctx *d)
{
	if (d->exiting)
		select_exit(d, true);
	else
		select_entry(d, true);
}

void tbx_dec_pselect6(struct tbx_dctx *d)
{
	struct { uint64_t ss, len; } k;

	if (d->exiting) {
		select_exit(d, false);
		return;
	}
	select_entry(d, false);
	if (!d->a[5] || dv_umove(d, d->a[5], &k)) {
		dv_ptr(d, d->a[5]);
		return;
	}
	dv_struct(d);
	dv_key(d, "sigmask");
	dv_sigset_len(d, k.ss, k.len, 8);
	dv_key(d, "sigsetsize");
	dv_uint(d, k.len);
	dv_end(d);
}

/* ---- epoll ---- */

void tbx_dec_epoll_create(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_epoll_create1(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_flags_unk(d, &tbx_xlat_epoll_flags, (unsigned)d->a[0], NULL, "EPOLL_???");
	d->rval = TBX_RV_FD;
}

static bool print_epoll_event(struct tbx_dctx *d, const void *elem, void *opaque)
{
	struct epoll_event ev;

	(void)opaque;
	memcpy(&ev, elem, sizeof(ev));
	dv_struct(d);
	dv_key(d, "events");
	dv_flags_unk(d, &tbx_xlat_epoll_events, ev.events, NULL, "EPOLL???");
	dv_key(d, "data");
	dv_struct(d);
	dv_key(d, "u32");
	dv_uint(d, ev.data.u32);
	dv_key(d, "u64");
	dv_uint(d, ev.data.u64);
	dv_end(d);
	dv_end(d);
	return true;
}

void tbx_dec_epoll_ctl(struct tbx_dctx *d)
{
	struct epoll_event ev;

	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_xval(d, &tbx_xlat_epoll_ctl_ops, (unsigned)d->a[1], "EPOLL_CTL_???");
	dv_fd(d, d->a[2]);
	if ((unsigned)d->a[1] == EPOLL_CTL_DEL || !d->a[3] || dv_umove(d, d->a[3], &ev))
		dv_ptr(d, d->a[3]);
	else
		print_epoll_event(d, &ev, NULL);
}

/* epoll_wait, epoll_pwait, epoll_pwait2: all but the fd known at exit. */
static void epoll_wait_exit(struct tbx_dctx *d)
{
	dv_array_of(d, d->a[1], (uint64_t)d->ret, sizeof(struct epoll_event),
		    print_epoll_event, NULL);
	dv_int(d, (int)d->a[2]);
}

void tbx_dec_epoll_wait(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	epoll_wait_exit(d);
	dv_int(d, (int)d->a[3]);
}

static void epoll_pwait_any(struct tbx_dctx *d, bool ts)
{
	int err = d->err;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	epoll_wait_exit(d);
	d->err = 0;		/* in-arguments, shown even when the call failed */
	if (ts)
		dv_timespec(d, d->a[3]);
	else
		dv_int(d, (int)d->a[3]);
	dv_sigset_len(d, d->a[4], d->a[5], 8);
	d->err = err;
	dv_uint(d, d->a[5]);
}

void tbx_dec_epoll_pwait(struct tbx_dctx *d) { epoll_pwait_any(d, false); }
void tbx_dec_epoll_pwait2(struct tbx_dctx *d) { epoll_pwait_any(d, true); }

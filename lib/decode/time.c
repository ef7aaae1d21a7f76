/* Time: timespec, timeval, and the clock syscalls. */
#include "decode/decode.h"
#include <time.h>
#include <sys/time.h>

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

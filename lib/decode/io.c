/* Data transfer beyond read/write: vectors, offsets, in-kernel copies. */
#include <stdlib.h>
#include <sys/uio.h>
#include "decode/decode.h"
#include "syscallent.h"
#include "decode/file.h"

/* readv, preadv, preadv2: fd at entry, the vector filled at exit. */
static void readv_common(struct tbx_dctx *d, bool pos, bool flags)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	dv_iovec(d, d->a[1], d->a[2], d->err ? DV_IOV_ADDR : d->ret);
	dv_uint(d, d->a[2]);
	if (pos)
		dv_int(d, (int64_t)d->a[3]);
	if (flags)
		dv_flags(d, &tbx_xlat_rwf_flags, (uint32_t)d->a[5], NULL);
}

static void writev_common(struct tbx_dctx *d, bool pos, bool flags)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_iovec(d, d->a[1], d->a[2], DV_IOV_ALL);
	dv_uint(d, d->a[2]);
	if (pos)
		dv_int(d, (int64_t)d->a[3]);
	if (flags)
		dv_flags(d, &tbx_xlat_rwf_flags, (uint32_t)d->a[5], NULL);
	/* pos_h is not shown: the high half is already in pos_l here */
	d->no_exit_args = true;
}

void tbx_dec_readv(struct tbx_dctx *d) { readv_common(d, false, false); }
void tbx_dec_preadv(struct tbx_dctx *d) { readv_common(d, true, false); }
void tbx_dec_preadv2(struct tbx_dctx *d) { readv_common(d, true, true); }
void tbx_dec_writev(struct tbx_dctx *d) { writev_common(d, false, false); }
void tbx_dec_pwritev(struct tbx_dctx *d) { writev_common(d, true, false); }
void tbx_dec_pwritev2(struct tbx_dctx *d) { writev_common(d, true, true); }

void tbx_dec_lseek(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_int(d, (int64_t)d->a[1]);
	dv_xval(d, &tbx_xlat_seek_whence, (uint32_t)d->a[2], "SEEK_???");
}

/* sendfile(out, in, &offset, count): the offset is advanced by what was
 * copied, shown as strace does, "[0] => [5]". The value before the call
 * is the one after it less the return value, so nothing is kept between
 * entry and exit. */
void tbx_dec_sendfile(struct tbx_dctx *d)
{
	int64_t off;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		dv_fd(d, d->a[1]);
		if (!d->a[2]) {
			dv_ptr(d, 0);
			dv_uint(d, d->a[3]);
		}
		return;
	}
	if (!d->a[2])
		return;
	if (dv_umove(d, d->a[2], &off))
		dv_ptr(d, d->a[2]);
	else if (d->err || !d->ret)
		dv_raw(d, "[%lld]", (long long)off);
	else
		dv_raw(d, "[%lld] => [%lld]", (long long)(off - d->ret), (long long)off);
	dv_uint(d, d->a[3]);
}

void tbx_dec_copy_file_range(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_file_int64p(d, d->a[1]);
	dv_fd(d, d->a[2]);
	dv_file_int64p(d, d->a[3]);
	dv_uint(d, d->a[4]);
	dv_hex(d, (uint32_t)d->a[5]);
}

void tbx_dec_splice(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_file_int64p(d, d->a[1]);
	dv_fd(d, d->a[2]);
	dv_file_int64p(d, d->a[3]);
	dv_uint(d, d->a[4]);
	dv_flags(d, &tbx_xlat_splice_flags, (uint32_t)d->a[5], NULL);
}

void tbx_dec_tee(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_fd(d, d->a[1]);
	dv_uint(d, d->a[2]);
	dv_flags(d, &tbx_xlat_splice_flags, (uint32_t)d->a[3], NULL);
}

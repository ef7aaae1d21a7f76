/* Data transfer beyond read/write: vectors, offsets, in-kernel copies. */
#include <stdlib.h>
#include <sys/uio.h>
#include "decode/decode.h"
#include "syscallent.h"
#include "decode/file.h"

enum { IOV_ADDR = -2, IOV_ALL = -1 };

/* [{iov_base="...", iov_len=5}, ...]: with data >= 0 the bases show only
 * the first data bytes in all (readv: what the call returned); IOV_ALL
 * shows each buffer whole (writev); IOV_ADDR the addresses (failed calls).
 * As strace, at most -s elements. */
static void iovec_array(struct tbx_dctx *d, uint64_t addr, uint64_t n, int64_t data)
{
	struct iovec *iov;
	size_t shown = n > d->strsize ? d->strsize : (size_t)n;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (!n) {
		dv_array(d);
		dv_end(d);
		return;
	}
	iov = calloc(shown ? shown : 1, sizeof(*iov));
	if (!iov || tbx_umove(d->tid, addr, iov, shown * sizeof(*iov))) {
		dv_ptr(d, addr);
		free(iov);
		return;
	}
	dv_array(d);
	for (size_t i = 0; i < shown; i++) {
		uint64_t base = (uintptr_t)iov[i].iov_base, len = iov[i].iov_len;

		dv_struct(d);
		dv_key(d, "iov_base");
		if (data == IOV_ADDR) {
			dv_ptr(d, base);
		} else if (data == IOV_ALL) {
			dv_buf(d, base, (int64_t)len);
		} else {
			uint64_t part = len < (uint64_t)data ? len : (uint64_t)data;
			dv_buf(d, base, (int64_t)part);
			data -= (int64_t)part;
		}
		dv_key(d, "iov_len");
		dv_uint(d, len);
		dv_end(d);
	}
	if (shown < n)
		dv_more(d);
	dv_end(d);
	free(iov);
}

/* readv, preadv, preadv2: fd at entry, the vector filled at exit. */
static void readv_common(struct tbx_dctx *d, bool pos, bool flags)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	iovec_array(d, d->a[1], d->a[2], d->err ? IOV_ADDR : d->ret);
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
	iovec_array(d, d->a[1], d->a[2], IOV_ALL);
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

/* Files: open, read, write, close and their relatives. */
#include <fcntl.h>
#include <stdio.h>
#include "decode/decode.h"
#include "syscallent.h"

/* O_RDONLY|O_CLOEXEC: the access mode always shown, then the flag bits. */
static void open_flags(struct tbx_dctx *d, uint64_t flags)
{
	char buf[512];
	const char *acc = tbx_xlat_name(&tbx_xlat_open_access, flags & 3);
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%s", acc ? acc : "O_ACCMODE");

	if (flags & ~3ull) {
		buf[n++] = '|';
		tbx_flags_text(&tbx_xlat_open_flags, flags & ~3ull, buf + n, sizeof(buf) - n);
	}
	dv_name(d, buf, flags);
}

/* The mode argument matters only when a file may be created. */
static bool has_mode(uint64_t flags)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE;
}

void tbx_dec_open(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	open_flags(d, d->a[1]);
	if (has_mode(d->a[1]))
		dv_oct(d, d->a[2] & 07777);
	d->rval = TBX_RV_FD;
}

void tbx_dec_openat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	open_flags(d, d->a[2]);
	if (has_mode(d->a[2]))
		dv_oct(d, d->a[3] & 07777);
	d->rval = TBX_RV_FD;
}

void tbx_dec_creat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_oct(d, d->a[1] & 07777);
	d->rval = TBX_RV_FD;
}

void tbx_dec_close(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_fd(d, d->a[0]);
}

void tbx_dec_read(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		dv_buf(d, d->a[1], d->ret);
	dv_uint(d, d->a[2]);
}

void tbx_dec_write(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_buf(d, d->a[1], (int64_t)d->a[2]);
	dv_uint(d, d->a[2]);
}

void tbx_dec_pread(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		dv_buf(d, d->a[1], d->ret);
	dv_uint(d, d->a[2]);
	dv_int(d, (int64_t)d->a[3]);
}

void tbx_dec_pwrite(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_buf(d, d->a[1], (int64_t)d->a[2]);
	dv_uint(d, d->a[2]);
	dv_int(d, (int64_t)d->a[3]);
}

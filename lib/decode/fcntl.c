/* Descriptors: fcntl, dup, pipe, flock, close_range. */
#include <fcntl.h>
#include <stdio.h>
#include "decode/decode.h"
#include "syscallent.h"
#include "decode/file.h"

/* struct flock; l_pid only when the kernel filled it in (F_GETLK). */
static void flock_struct(struct tbx_dctx *d, uint64_t addr, bool getlk)
{
	struct flock fl;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &fl)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "l_type");
	dv_xval(d, &tbx_xlat_lock_types, (uint16_t)fl.l_type, "F_???");
	dv_key(d, "l_whence");
	dv_xval(d, &tbx_xlat_seek_whence, (uint16_t)fl.l_whence, "SEEK_???");
	dv_key(d, "l_start");
	dv_int(d, fl.l_start);
	dv_key(d, "l_len");
	dv_int(d, fl.l_len);
	if (getlk) {
		dv_key(d, "l_pid");
		dv_int(d, fl.l_pid);
	}
	dv_end(d);
}

static void owner_ex(struct tbx_dctx *d, uint64_t addr)
{
	struct f_owner_ex o;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &o)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "type");
	dv_xval(d, &tbx_xlat_f_owner_types, (unsigned)o.type, "F_OWNER_???");
	dv_key(d, "pid");
	dv_int(d, o.pid);
	dv_end(d);
}

/* " (flags O_RDWR|O_LARGEFILE)" after a hex return value. */
static void ret_flags(struct tbx_dctx *d, const char *what, const struct tbx_xlat *x)
{
	char buf[512];

	if (x)
		tbx_flags_text(x, (uint64_t)d->ret, buf, sizeof(buf));
	else
		tbx_open_flags_text((uint64_t)d->ret, buf, sizeof(buf));
	dv_retcomment(d, " (%s%s)", what, buf);
}

/* Commands whose third argument is read back at exit (or not at all). */
static void fcntl_exit(struct tbx_dctx *d, int cmd)
{
	switch (cmd) {
	case F_GETLK:
	case F_OFD_GETLK:
		flock_struct(d, d->a[2], true);
		break;
	case F_GETOWN_EX:
		owner_ex(d, d->a[2]);
		break;
	}
	if (d->err)
		return;
	switch (cmd) {
	case F_GETFD:
		if (d->ret)
			ret_flags(d, "flags ", &tbx_xlat_fd_flags);
		break;
	case F_GETFL:
		ret_flags(d, "flags ", NULL);
		break;
	case F_GET_SEALS:
		if (d->ret)
			ret_flags(d, "seals ", &tbx_xlat_seal_flags);
		break;
	case F_GETLEASE: {
		const char *n = tbx_xlat_name(&tbx_xlat_lock_types, (uint64_t)d->ret);
		if (n)
			dv_retcomment(d, " (%s)", n);
		break;
	}
	case F_GETSIG:
		if (d->ret) {
			char buf[32];
			dv_retcomment(d, " (%s)", tbx_signame((int)d->ret, buf, sizeof(buf)));
		}
		break;
	}
}

void tbx_dec_fcntl(struct tbx_dctx *d)
{
	int cmd = (int)d->a[1];
	uint64_t arg = d->a[2];

	if (d->exiting) {
		fcntl_exit(d, cmd);
		return;
	}
	dv_fd(d, d->a[0]);
	dv_xval(d, &tbx_xlat_fcntl_cmds, (unsigned)cmd, "F_???");
	switch (cmd) {
	case F_SETFD:
		dv_flags(d, &tbx_xlat_fd_flags, arg, NULL);
		break;
	case F_SETOWN:
	case F_SETPIPE_SZ:
		dv_int(d, (int)arg);
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		dv_fd(d, arg);
		d->rval = TBX_RV_FD;
		break;
	case F_SETFL:
		dv_open_flags(d, arg);
		break;
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		flock_struct(d, arg, false);
		break;
	case F_SETOWN_EX:
		owner_ex(d, arg);
		break;
	case F_NOTIFY:
		dv_flags(d, &tbx_xlat_dnotify_flags, arg, NULL);
		break;
	case F_SETLEASE:
		dv_xval(d, &tbx_xlat_lock_types, arg, "F_???");
		break;
	case F_ADD_SEALS:
		dv_flags(d, &tbx_xlat_seal_flags, arg, NULL);
		break;
	case F_SETSIG:
		dv_signo(d, (int)arg);
		break;
	case F_GETFD:
	case F_GETFL:
	case F_GETOWN:
	case F_GETSIG:
	case F_GETLEASE:
	case F_GETPIPE_SZ:
	case F_GET_SEALS:
		d->no_exit_args = true;
		break;
	case F_GETLK:
	case F_OFD_GETLK:
	case F_GETOWN_EX:
		break;	/* filled in by the call: shown at exit */
	default:
		dv_hex(d, arg);
		break;
	}
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
	case F_GET_SEALS:
	case F_GETLEASE:
		d->rval = TBX_RV_HEX;
		break;
	}
}

void tbx_dec_dup(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_dup2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_fd(d, d->a[1]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_dup3(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_dup2(d);
	dv_flags(d, &tbx_xlat_open_flags, (uint32_t)d->a[2], NULL);
}

static void pipe_fds(struct tbx_dctx *d)
{
	int fds[2];

	if (d->err || dv_umove(d, d->a[0], &fds)) {
		dv_ptr(d, d->a[0]);
		return;
	}
	dv_array(d);
	dv_fd(d, (uint64_t)(int64_t)fds[0]);
	dv_fd(d, (uint64_t)(int64_t)fds[1]);
	dv_end(d);
}

void tbx_dec_pipe(struct tbx_dctx *d)
{
	if (d->exiting)
		pipe_fds(d);
}

void tbx_dec_pipe2(struct tbx_dctx *d)
{
	if (!d->exiting)
		return;
	pipe_fds(d);
	dv_flags(d, &tbx_xlat_pipe_flags, (uint32_t)d->a[1], NULL);
}

void tbx_dec_flock(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_flags(d, &tbx_xlat_flock_ops, (uint32_t)d->a[1], NULL);
}

void tbx_dec_close_range(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_uint(d, (uint32_t)d->a[1]);
	dv_flags(d, &tbx_xlat_close_range_flags, (uint32_t)d->a[2], NULL);
}

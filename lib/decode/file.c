/* Files: open, read, write, close, and the calls that work on paths. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "decode/decode.h"
#include "decode/file.h"
#include "syscallent.h"

size_t tbx_open_flags_text(uint64_t flags, char *buf, size_t cap)
{
	const char *acc = tbx_xlat_name(&tbx_xlat_open_access, flags & 3);
	size_t n = (size_t)snprintf(buf, cap, "%s", acc ? acc : "O_ACCMODE");

	if ((flags & ~3ull) && n + 1 < cap) {
		buf[n++] = '|';
		n += tbx_flags_text(&tbx_xlat_open_flags, flags & ~3ull, buf + n, cap - n);
	}
	return n;
}

/* O_RDONLY|O_CLOEXEC: the access mode always shown, then the flag bits. */
void dv_open_flags(struct tbx_dctx *d, uint64_t flags)
{
	char buf[512];

	tbx_open_flags_text(flags, buf, sizeof(buf));
	dv_name(d, buf, flags);
}

void dv_file_mode(struct tbx_dctx *d, unsigned mode)
{
	const char *type = "";
	char buf[128];

	if (mode & S_IFMT)
		type = tbx_xlat_name(&tbx_xlat_modetypes, mode & S_IFMT);
	if (!type) {
		dv_oct(d, mode);
		return;
	}
	snprintf(buf, sizeof(buf), "%s%s%s%s%s%#03o", type, *type ? "|" : "",
		 mode & S_ISUID ? "S_ISUID|" : "", mode & S_ISGID ? "S_ISGID|" : "",
		 mode & S_ISVTX ? "S_ISVTX|" : "",
		 mode & ~(unsigned)(S_IFMT | S_ISUID | S_ISGID | S_ISVTX));
	dv_name(d, buf, mode);
}

void dv_file_dev(struct tbx_dctx *d, uint64_t dev)
{
	dv_raw(d, "makedev(%#x, %#x)", major(dev), minor(dev));
}

void dv_file_time_comment(struct tbx_dctx *d, int64_t sec, uint64_t nsec)
{
	char buf[128];
	time_t t = (time_t)sec;
	struct tm tm;
	size_t n;

	if ((!sec && !nsec) || nsec > 999999999)
		return;
	if (!localtime_r(&t, &tm))
		return;
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%09llu",
			      (unsigned long long)nsec);
	if (n < sizeof(buf) && strftime(buf + n, sizeof(buf) - n, "%z", &tm))
		dv_comment(d, "%s", buf);
}

void dv_file_id(struct tbx_dctx *d, uint64_t id)
{
	if ((uint32_t)id == UINT32_MAX)
		dv_int(d, -1);
	else
		dv_uint(d, (uint32_t)id);
}

void dv_file_int64p(struct tbx_dctx *d, uint64_t addr)
{
	int64_t v;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (dv_umove(d, addr, &v)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	dv_int(d, v);
	dv_end(d);
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
	dv_open_flags(d, d->a[1]);
	if (has_mode(d->a[1]))
		dv_oct(d, d->a[2] & 07777);
	d->no_exit_args = true;
	d->rval = TBX_RV_FD;
}

void tbx_dec_openat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	dv_open_flags(d, d->a[2]);
	if (has_mode(d->a[2]))
		dv_oct(d, d->a[3] & 07777);
	d->no_exit_args = true;
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

/* read and pread64: fd at entry, the data at exit; pos: the offset. */
static void read_common(struct tbx_dctx *d, bool pos)
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
	if (pos)
		dv_int(d, (int64_t)d->a[3]);
}

static void write_common(struct tbx_dctx *d, bool pos)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_buf(d, d->a[1], (int64_t)d->a[2]);
	dv_uint(d, d->a[2]);
	if (pos)
		dv_int(d, (int64_t)d->a[3]);
}

void tbx_dec_read(struct tbx_dctx *d) { read_common(d, false); }
void tbx_dec_pread(struct tbx_dctx *d) { read_common(d, true); }
void tbx_dec_write(struct tbx_dctx *d) { write_common(d, false); }
void tbx_dec_pwrite(struct tbx_dctx *d) { write_common(d, true); }

/* ---- paths ---- */

/* chdir, rmdir, unlink: one path. */
void tbx_dec_chdir(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_path(d, d->a[0]);
}

/* fchdir, fsync, fdatasync, syncfs: one fd. */
void tbx_dec_fsync(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_fd(d, d->a[0]);
}

/* rename, link, symlink: two paths. */
void tbx_dec_rename(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_path(d, d->a[1]);
}

void tbx_dec_renameat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	dv_dirfd(d, d->a[2]);
	dv_path(d, d->a[3]);
}

void tbx_dec_renameat2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_renameat(d);
	dv_flags(d, &tbx_xlat_renameat2_flags, (uint32_t)d->a[4], NULL);
}

void tbx_dec_linkat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_renameat(d);
	dv_flags(d, &tbx_xlat_at_flags, (uint32_t)d->a[4], NULL);
}

void tbx_dec_symlinkat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_dirfd(d, d->a[1]);
	dv_path(d, d->a[2]);
}

void tbx_dec_unlinkat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	dv_flags(d, &tbx_xlat_unlinkat_flags, (uint32_t)d->a[2], NULL);
}

static void access_mode(struct tbx_dctx *d, uint64_t mode)
{
	dv_flags(d, &tbx_xlat_access_modes, (uint32_t)mode, "F_OK");
}

void tbx_dec_access(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	access_mode(d, d->a[1]);
}

void tbx_dec_faccessat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	access_mode(d, d->a[2]);
}

void tbx_dec_faccessat2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_faccessat(d);
	dv_flags(d, &tbx_xlat_faccessat_flags, (uint32_t)d->a[3], NULL);
}

/* readlink(path, buf, size) and readlinkat(dirfd, path, buf, size). */
static void readlink_common(struct tbx_dctx *d, unsigned i)
{
	if (!d->exiting) {
		if (i)
			dv_dirfd(d, d->a[0]);
		dv_path(d, d->a[i]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[i + 1]);
	else
		dv_buf(d, d->a[i + 1], d->ret);
	dv_uint(d, d->a[i + 2]);
}

void tbx_dec_readlink(struct tbx_dctx *d) { readlink_common(d, 0); }
void tbx_dec_readlinkat(struct tbx_dctx *d) { readlink_common(d, 1); }

void tbx_dec_getcwd(struct tbx_dctx *d)
{
	if (!d->exiting)
		return;
	if (d->err)
		dv_ptr(d, d->a[0]);
	else
		dv_path(d, d->a[0]);
	dv_uint(d, d->a[1]);
}

/* umode_t is 16 bits: the kernel ignores the rest. */
static void umode(struct tbx_dctx *d, uint64_t mode)
{
	dv_oct(d, mode & 0xffff);
}

/* mkdir, chmod: path and mode. */
void tbx_dec_mkdir(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	umode(d, d->a[1]);
}

/* mkdirat, fchmodat: dirfd, path and mode. */
void tbx_dec_mkdirat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	umode(d, d->a[2]);
}

void tbx_dec_fchmod(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	umode(d, d->a[1]);
}

/* chown, lchown */
void tbx_dec_chown(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_file_id(d, d->a[1]);
	dv_file_id(d, d->a[2]);
}

void tbx_dec_fchown(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_file_id(d, d->a[1]);
	dv_file_id(d, d->a[2]);
}

void tbx_dec_fchownat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	dv_file_id(d, d->a[2]);
	dv_file_id(d, d->a[3]);
	dv_flags(d, &tbx_xlat_at_flags, (uint32_t)d->a[4], NULL);
}

void tbx_dec_truncate(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_uint(d, d->a[1]);	/* unsigned, as strace */
}

void tbx_dec_ftruncate(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_uint(d, d->a[1]);
}

void tbx_dec_umask(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	umode(d, d->a[0]);
	d->rval = TBX_RV_OCT;
}

/* One of utimensat's two times: UTIME_NOW and UTIME_OMIT by name. */
static void utime_ts(struct tbx_dctx *d, const struct timespec *ts)
{
	if (ts->tv_nsec == UTIME_NOW || ts->tv_nsec == UTIME_OMIT) {
		dv_name(d, ts->tv_nsec == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT",
			(uint64_t)ts->tv_nsec);
		return;
	}
	dv_struct(d);
	dv_key(d, "tv_sec");
	dv_int(d, ts->tv_sec);
	dv_key(d, "tv_nsec");
	dv_int(d, ts->tv_nsec);
	dv_end(d);
	dv_file_time_comment(d, ts->tv_sec, (uint64_t)ts->tv_nsec);
}

void tbx_dec_utimensat(struct tbx_dctx *d)
{
	struct timespec ts[2];

	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	if (!d->a[2] || dv_umove(d, d->a[2], &ts)) {
		dv_ptr(d, d->a[2]);
	} else {
		dv_array(d);
		utime_ts(d, &ts[0]);
		utime_ts(d, &ts[1]);
		dv_end(d);
	}
	dv_flags(d, &tbx_xlat_at_flags, (uint32_t)d->a[3], NULL);
}

/* mknod(path, mode, dev) and mknodat(dirfd, path, mode, dev): the device
 * only for device files. */
static void mknod_common(struct tbx_dctx *d, unsigned i)
{
	unsigned mode = (unsigned)d->a[i + 1];

	if (d->exiting)
		return;
	if (i)
		dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[i]);
	dv_file_mode(d, mode);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		dv_file_dev(d, (uint32_t)d->a[i + 2]);
	else
		d->no_exit_args = true;
}

void tbx_dec_mknod(struct tbx_dctx *d) { mknod_common(d, 0); }
void tbx_dec_mknodat(struct tbx_dctx *d) { mknod_common(d, 1); }

void tbx_dec_sync(struct tbx_dctx *d)
{
	(void)d;
}

void tbx_dec_openat2(struct tbx_dctx *d)
{
	struct { uint64_t flags, mode, resolve; } how;
	uint64_t size = d->a[3];

	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	if (size < sizeof(how) || dv_umove(d, d->a[2], &how)) {
		dv_ptr(d, d->a[2]);
	} else {
		dv_struct(d);
		dv_key(d, "flags");
		dv_open_flags(d, how.flags);
		if (has_mode(how.flags) || how.mode) {
			dv_key(d, "mode");
			dv_oct(d, how.mode);
		}
		dv_key(d, "resolve");
		dv_flags(d, &tbx_xlat_resolve_flags, how.resolve, NULL);
		if (size > sizeof(how))
			dv_more(d);
		dv_end(d);
	}
	dv_uint(d, size);
	d->rval = TBX_RV_FD;
}

/* ---- special files ---- */

void tbx_dec_memfd_create(struct tbx_dctx *d)
{
	enum { HUGE_SHIFT = 26 };
	const unsigned huge_mask = 0x3fu << HUGE_SHIFT;
	unsigned flags = (unsigned)d->a[1];
	unsigned huge = flags & huge_mask;
	char buf[256];
	size_t n = 0;

	if (d->exiting)
		return;
	dv_str(d, d->a[0]);
	flags &= ~huge;
	if (flags || !huge)
		n = tbx_flags_text(&tbx_xlat_memfd_flags, flags, buf, sizeof(buf));
	if (!flags && !huge)
		n = (size_t)snprintf(buf, sizeof(buf), "0");
	if (huge)
		snprintf(buf + n, sizeof(buf) - n, "%s%u<<MFD_HUGE_SHIFT",
			 n ? "|" : "", huge >> HUGE_SHIFT);
	dv_name(d, buf, d->a[1]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_inotify_init(struct tbx_dctx *d)
{
	d->rval = TBX_RV_FD;
}

void tbx_dec_inotify_init1(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_flags(d, &tbx_xlat_inotify_init_flags, (uint32_t)d->a[0], NULL);
	d->rval = TBX_RV_FD;
}

void tbx_dec_inotify_add_watch(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_path(d, d->a[1]);
	dv_flags(d, &tbx_xlat_inotify_masks, (uint32_t)d->a[2], NULL);
}

void tbx_dec_inotify_rm_watch(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_int(d, (int)d->a[1]);
}

void tbx_dec_eventfd(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_uint(d, (uint32_t)d->a[0]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_eventfd2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_uint(d, (uint32_t)d->a[0]);
	dv_flags(d, &tbx_xlat_eventfd_flags, (uint32_t)d->a[1], NULL);
	d->rval = TBX_RV_FD;
}

void tbx_dec_fallocate(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_flags(d, &tbx_xlat_fallocate_modes, (uint32_t)d->a[1], NULL);
	dv_int(d, (int64_t)d->a[2]);
	dv_int(d, (int64_t)d->a[3]);
}

/* ---- extended attributes ---- */

/* A value of size bytes; a trailing NUL is not shown. */
static void xattr_value(struct tbx_dctx *d, uint64_t addr, uint64_t size)
{
	enum { XATTR_SIZE_MAX = 65536 };
	char buf[4096];
	size_t want = size < d->strsize ? (size_t)size : d->strsize;
	bool trunc;

	if (!addr || size > XATTR_SIZE_MAX) {
		dv_ptr(d, addr);
		return;
	}
	if (want > sizeof(buf))
		want = sizeof(buf);
	if (want && tbx_umove(d->tid, addr, buf, want)) {
		dv_ptr(d, addr);
		return;
	}
	trunc = size > want;
	if (!trunc && want && !buf[want - 1])
		want--;
	dv_bytes(d, buf, want, trunc ? TBX_VF_TRUNC : 0);
}

/* setxattr, lsetxattr (path) and fsetxattr (fd). */
static void setxattr_common(struct tbx_dctx *d, bool fd)
{
	if (d->exiting)
		return;
	if (fd)
		dv_fd(d, d->a[0]);
	else
		dv_path(d, d->a[0]);
	dv_str(d, d->a[1]);
	xattr_value(d, d->a[2], d->a[3]);
	dv_uint(d, d->a[3]);
	dv_flags(d, &tbx_xlat_xattr_flags, (uint32_t)d->a[4], NULL);
}

void tbx_dec_setxattr(struct tbx_dctx *d) { setxattr_common(d, false); }
void tbx_dec_fsetxattr(struct tbx_dctx *d) { setxattr_common(d, true); }

static void getxattr_common(struct tbx_dctx *d, bool fd)
{
	if (!d->exiting) {
		if (fd)
			dv_fd(d, d->a[0]);
		else
			dv_path(d, d->a[0]);
		dv_str(d, d->a[1]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[2]);
	else
		xattr_value(d, d->a[2], (uint64_t)d->ret);
	dv_uint(d, d->a[3]);
}

void tbx_dec_getxattr(struct tbx_dctx *d) { getxattr_common(d, false); }
void tbx_dec_fgetxattr(struct tbx_dctx *d) { getxattr_common(d, true); }

/* The name list: NUL-separated names, shown as one string, the last
 * NUL included. */
static void listxattr_common(struct tbx_dctx *d, bool fd)
{
	if (!d->exiting) {
		if (fd)
			dv_fd(d, d->a[0]);
		else
			dv_path(d, d->a[0]);
		return;
	}
	if (d->err || !d->a[2])
		dv_ptr(d, d->a[1]);
	else
		dv_buf(d, d->a[1], d->ret);
	dv_uint(d, d->a[2]);
}

void tbx_dec_listxattr(struct tbx_dctx *d) { listxattr_common(d, false); }
void tbx_dec_flistxattr(struct tbx_dctx *d) { listxattr_common(d, true); }

void tbx_dec_removexattr(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	dv_str(d, d->a[1]);
}

void tbx_dec_fremovexattr(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_str(d, d->a[1]);
}

/* fadvise64(fd, offset, len, advice) */
void tbx_dec_fadvise64(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_int(d, (int64_t)d->a[1]);
	dv_uint(d, d->a[2]);
	dv_xval(d, &tbx_xlat_fadvise_advice, (unsigned)d->a[3], "POSIX_FADV_???");
}

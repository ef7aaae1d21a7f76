/* File status: stat and its relatives, statx, statfs, getdents. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "decode/decode.h"
#include "syscallent.h"
#include "decode/file.h"

/* Without -v only the type, mode and size (or device) are shown. */
static void stat_struct(struct tbx_dctx *d, uint64_t addr)
{
	struct stat st;

	if (d->err || !addr || dv_umove(d, addr, &st)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	if (d->verbose) {
		dv_key(d, "st_dev");
		dv_file_dev(d, st.st_dev);
		dv_key(d, "st_ino");
		dv_uint(d, st.st_ino);
	}
	dv_key(d, "st_mode");
	dv_file_mode(d, st.st_mode);
	if (d->verbose) {
		dv_key(d, "st_nlink");
		dv_uint(d, st.st_nlink);
		dv_key(d, "st_uid");
		dv_uint(d, st.st_uid);
		dv_key(d, "st_gid");
		dv_uint(d, st.st_gid);
		dv_key(d, "st_blksize");
		dv_uint(d, (uint64_t)st.st_blksize);
		dv_key(d, "st_blocks");
		dv_uint(d, (uint64_t)st.st_blocks);
	}
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		dv_key(d, "st_rdev");
		dv_file_dev(d, st.st_rdev);
	} else {
		dv_key(d, "st_size");
		dv_uint(d, (uint64_t)st.st_size);
	}
	if (!d->verbose) {
		dv_more(d);
		dv_end(d);
		return;
	}
#define ST_TIME(name, ts)						\
	do {								\
		dv_key(d, "st_" name);					\
		dv_int(d, (ts).tv_sec);					\
		dv_file_time_comment(d, (ts).tv_sec, (uint64_t)(ts).tv_nsec);	\
		dv_key(d, "st_" name "_nsec");				\
		dv_uint(d, (uint64_t)(ts).tv_nsec);			\
	} while (0)
	ST_TIME("atime", st.st_atim);
	ST_TIME("mtime", st.st_mtim);
	ST_TIME("ctime", st.st_ctim);
#undef ST_TIME
	dv_end(d);
}

/* stat, lstat: path at entry, the struct at exit. */
void tbx_dec_stat(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_path(d, d->a[0]);
	else
		stat_struct(d, d->a[1]);
}

void tbx_dec_fstat(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_fd(d, d->a[0]);
	else
		stat_struct(d, d->a[1]);
}

void tbx_dec_newfstatat(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_dirfd(d, d->a[0]);
		dv_path(d, d->a[1]);
		return;
	}
	stat_struct(d, d->a[2]);
	dv_flags(d, &tbx_xlat_at_flags, (uint32_t)d->a[3], NULL);
}

/* The kernel's struct statx, as of Linux 6.1 (glibc's may be older). */
struct kstatx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct kstatx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct kstatx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
};

enum { KSTATX_BTIME = 0x800, KSTATX_MNT_ID = 0x1000, KSTATX_DIOALIGN = 0x2000 };

static void statx_time(struct tbx_dctx *d, const char *key,
		       const struct kstatx_ts *t)
{
	dv_key(d, key);
	dv_struct(d);
	dv_key(d, "tv_sec");
	dv_int(d, t->tv_sec);
	dv_key(d, "tv_nsec");
	dv_uint(d, t->tv_nsec);
	dv_end(d);
	dv_file_time_comment(d, t->tv_sec, t->tv_nsec);
}

static void statx_struct(struct tbx_dctx *d, uint64_t addr)
{
	struct kstatx sx;

	if (d->err || !addr || dv_umove(d, addr, &sx)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "stx_mask");
	dv_flags(d, &tbx_xlat_statx_masks, sx.stx_mask, NULL);
	if (d->verbose) {
		dv_key(d, "stx_blksize");
		dv_uint(d, sx.stx_blksize);
	}
	dv_key(d, "stx_attributes");
	dv_flags(d, &tbx_xlat_statx_attrs, sx.stx_attributes, NULL);
	if (d->verbose) {
		dv_key(d, "stx_nlink");
		dv_uint(d, sx.stx_nlink);
		dv_key(d, "stx_uid");
		dv_uint(d, sx.stx_uid);
		dv_key(d, "stx_gid");
		dv_uint(d, sx.stx_gid);
	}
	dv_key(d, "stx_mode");
	dv_file_mode(d, sx.stx_mode);
	if (d->verbose) {
		dv_key(d, "stx_ino");
		dv_uint(d, sx.stx_ino);
	}
	dv_key(d, "stx_size");
	dv_uint(d, sx.stx_size);
	if (!d->verbose) {
		dv_more(d);
		dv_end(d);
		return;
	}
	dv_key(d, "stx_blocks");
	dv_uint(d, sx.stx_blocks);
	dv_key(d, "stx_attributes_mask");
	dv_flags(d, &tbx_xlat_statx_attrs, sx.stx_attributes_mask, NULL);
	statx_time(d, "stx_atime", &sx.stx_atime);
	if (sx.stx_mask & KSTATX_BTIME)
		statx_time(d, "stx_btime", &sx.stx_btime);
	statx_time(d, "stx_ctime", &sx.stx_ctime);
	statx_time(d, "stx_mtime", &sx.stx_mtime);
	dv_key(d, "stx_rdev_major");
	dv_uint(d, sx.stx_rdev_major);
	dv_key(d, "stx_rdev_minor");
	dv_uint(d, sx.stx_rdev_minor);
	dv_key(d, "stx_dev_major");
	dv_uint(d, sx.stx_dev_major);
	dv_key(d, "stx_dev_minor");
	dv_uint(d, sx.stx_dev_minor);
	if (sx.stx_mask & KSTATX_MNT_ID) {
		dv_key(d, "stx_mnt_id");
		dv_hex(d, sx.stx_mnt_id);
	}
	if (sx.stx_mask & KSTATX_DIOALIGN) {
		dv_key(d, "stx_dio_mem_align");
		dv_uint(d, sx.stx_dio_mem_align);
		dv_key(d, "stx_dio_offset_align");
		dv_uint(d, sx.stx_dio_offset_align);
	}
	dv_end(d);
}

void tbx_dec_statx(struct tbx_dctx *d)
{
	enum { SYNC_TYPE = 0x6000 };	/* AT_STATX_SYNC_TYPE */
	unsigned flags = (unsigned)d->a[2];

	if (d->exiting) {
		statx_struct(d, d->a[4]);
		return;
	}
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	if (flags & ~SYNC_TYPE) {
		const char *sync = tbx_xlat_name(&tbx_xlat_statx_sync_types, flags & SYNC_TYPE);
		char buf[512];
		size_t n = 0;

		if (sync)
			n = (size_t)snprintf(buf, sizeof(buf), "%s|", sync);
		else
			n = (size_t)snprintf(buf, sizeof(buf), "%#x|", flags & SYNC_TYPE);
		tbx_flags_text(&tbx_xlat_at_flags, flags & ~SYNC_TYPE, buf + n, sizeof(buf) - n);
		dv_name(d, buf, flags);
	} else {
		dv_xval(d, &tbx_xlat_statx_sync_types, flags, NULL);
	}
	dv_flags(d, &tbx_xlat_statx_masks, (uint32_t)d->a[3], NULL);
}

static void statfs_struct(struct tbx_dctx *d, uint64_t addr)
{
	enum { ST_VALID = 0x20 };
	struct statfs sf;
	int fsid[2];

	if (d->err || !addr || dv_umove(d, addr, &sf)) {
		dv_ptr(d, addr);
		return;
	}
	memcpy(fsid, &sf.f_fsid, sizeof(fsid));
	dv_struct(d);
	dv_key(d, "f_type");
	dv_xval(d, &tbx_xlat_fsmagic, (uint64_t)sf.f_type, NULL);
	dv_key(d, "f_bsize");
	dv_uint(d, (uint64_t)sf.f_bsize);
	dv_key(d, "f_blocks");
	dv_uint(d, sf.f_blocks);
	dv_key(d, "f_bfree");
	dv_uint(d, sf.f_bfree);
	dv_key(d, "f_bavail");
	dv_uint(d, sf.f_bavail);
	dv_key(d, "f_files");
	dv_uint(d, sf.f_files);
	dv_key(d, "f_ffree");
	dv_uint(d, sf.f_ffree);
	dv_key(d, "f_fsid");
	dv_struct(d);
	dv_key(d, "val");
	dv_array(d);
	dv_hex(d, (uint32_t)fsid[0]);
	dv_hex(d, (uint32_t)fsid[1]);
	dv_end(d);
	dv_end(d);
	dv_key(d, "f_namelen");
	dv_uint(d, (uint64_t)sf.f_namelen);
	dv_key(d, "f_frsize");
	dv_uint(d, (uint64_t)sf.f_frsize);
	if (sf.f_flags & ST_VALID) {
		char buf[256];
		size_t n = (size_t)snprintf(buf, sizeof(buf), "ST_VALID");

		if (sf.f_flags & ~(uint64_t)ST_VALID) {
			buf[n++] = '|';
			tbx_flags_text(&tbx_xlat_statfs_flags,
				       (uint64_t)sf.f_flags & ~(uint64_t)ST_VALID,
				       buf + n, sizeof(buf) - n);
		}
		dv_key(d, "f_flags");
		dv_name(d, buf, (uint64_t)sf.f_flags);
	}
	dv_end(d);
}

void tbx_dec_statfs(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_path(d, d->a[0]);
	else
		statfs_struct(d, d->a[1]);
}

void tbx_dec_fstatfs(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_fd(d, d->a[0]);
	else
		statfs_struct(d, d->a[1]);
}

/* getdents64 and the old getdents: without -v the address and the number
 * of entries, with -v every entry. */
static void getdents_common(struct tbx_dctx *d, bool is64)
{
	/* d_name's offset: after ino, off, reclen (and d_type for dirent64) */
	const size_t name_off = is64 ? 19 : 18;
	unsigned count = (unsigned)d->a[2];
	size_t len = (size_t)d->ret, i;
	unsigned char *buf = NULL;
	unsigned n = 0;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	if (d->err || (len && (!(buf = malloc(len)) || tbx_umove(d->tid, d->a[1], buf, len)))) {
		dv_ptr(d, d->a[1]);
		dv_uint(d, count);
		free(buf);
		return;
	}
	if (d->verbose)
		dv_array(d);
	for (i = 0; len >= name_off && i <= len - name_off; n++) {
		uint64_t ino, off;
		uint16_t reclen;
		unsigned char type;
		size_t nlen, max;

		memcpy(&ino, buf + i, 8);
		memcpy(&off, buf + i + 8, 8);
		memcpy(&reclen, buf + i + 16, 2);
		if (d->verbose) {
			max = reclen > name_off ? reclen - name_off : 0;
			if (max > len - i - name_off)
				max = len - i - name_off;
			nlen = strnlen((const char *)buf + i + name_off, max);
			if (is64)
				type = buf[i + 18];
			else
				type = reclen && i + reclen <= len ? buf[i + reclen - 1] : 0;
			dv_struct(d);
			dv_key(d, "d_ino");
			dv_uint(d, ino);
			dv_key(d, "d_off");
			dv_int(d, (int64_t)off);
			dv_key(d, "d_reclen");
			dv_uint(d, reclen);
			if (is64) {
				dv_key(d, "d_type");
				dv_xval(d, &tbx_xlat_dirent_types, type, "DT_???");
			}
			dv_key(d, "d_name");
			dv_bytes(d, buf + i + name_off, nlen, 0);
			if (!is64) {
				dv_key(d, "d_type");
				dv_xval(d, &tbx_xlat_dirent_types, type, "DT_???");
			}
			dv_end(d);
		}
		if (reclen < name_off) {
			if (d->verbose)
				dv_comment(d, "d_reclen < offsetof(struct dirent%s, d_name)",
					   is64 ? "64" : "");
			break;
		}
		i += reclen;
	}
	if (d->verbose) {
		dv_end(d);
	} else {
		dv_ptr(d, d->a[1]);
		dv_comment(d, "%u entries", n);
	}
	dv_uint(d, count);
	free(buf);
}

void tbx_dec_getdents64(struct tbx_dctx *d) { getdents_common(d, true); }
void tbx_dec_getdents(struct tbx_dctx *d) { getdents_common(d, false); }

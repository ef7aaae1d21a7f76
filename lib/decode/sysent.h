/* The system call tables, generated at build time from
 * lib/arch/<arch>/syscalls.in by tools/gen-syscalls.py. */
#ifndef TBX_SYSENT_H
#define TBX_SYSENT_H

struct tbx_dctx;
typedef void (*tbx_decode_fn)(struct tbx_dctx *d);

/* Syscall classes, as strace's -e trace=%class. */
enum {
	TBX_TC_FILE = 1u << 0,
	TBX_TC_DESC = 1u << 1,
	TBX_TC_PROCESS = 1u << 2,
	TBX_TC_NETWORK = 1u << 3,
	TBX_TC_SIGNAL = 1u << 4,
	TBX_TC_MEMORY = 1u << 5,
	TBX_TC_IPC = 1u << 6,
	TBX_TC_CREDS = 1u << 7,
	TBX_TC_CLOCK = 1u << 8,
	TBX_TC_STAT = 1u << 9,		/* %stat: stat-like on a path */
	TBX_TC_LSTAT = 1u << 10,	/* %lstat */
	TBX_TC_FSTAT = 1u << 11,	/* %fstat */
	TBX_TC_STAT_LIKE = 1u << 12,	/* %%stat: every stat variant */
	TBX_TC_STATFS = 1u << 13,
	TBX_TC_FSTATFS = 1u << 14,
	TBX_TC_STATFS_LIKE = 1u << 15,	/* %%statfs */
	TBX_TC_PURE = 1u << 16,		/* no args, always succeeds */
};

struct tbx_sysent {
	const char *name;	/* NULL: no syscall at this number */
	unsigned char nargs;
	unsigned classes;
	tbx_decode_fn decode;	/* NULL: print the raw arguments */
};

extern const struct tbx_sysent tbx_sysent64[];
extern const unsigned tbx_nsysent64;
extern const struct tbx_sysent tbx_sysent32[];	/* i386, names only */
extern const unsigned tbx_nsysent32;

#endif

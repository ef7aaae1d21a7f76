/* Syscall decoders: one small function per syscall (or family), called at
 * entry and again at exit. A decoder only describes the arguments as a
 * sequence of values; it never formats text and never decides policy.
 *
 *	void tbx_dec_read(struct tbx_dctx *d)
 *	{
 *		if (!d->exiting) {
 *			dv_fd(d, d->a[0]);	// known at entry
 *			return;
 *		}
 *		dv_buf(d, d->a[1], d->ret);	// filled by the call
 *		dv_uint(d, d->a[2]);
 *	}
 *
 * Whatever is emitted at entry is shown at entry (strace's "read(3, ");
 * the rest at exit. When the call failed, d->err is set at exit, and
 * out-buffers should be printed as addresses (dv_ptr), as strace does.
 */
#ifndef TBX_DECODE_H
#define TBX_DECODE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracebox/tracebox.h"
#include "decode/sysent.h"
#include "xlat/xlat.h"

/* Growable value sequence for one syscall of one thread. */
struct tbx_vbuf {
	struct tbx_value *v;
	unsigned n, cap;
	char *data;
	uint32_t dlen, dcap;
	unsigned depth;		/* open STRUCT/ARRAY count */
	unsigned open[32];	/* their indexes */
	unsigned top;		/* top-level values so far */
	const char *key;	/* field name for the next value */
	bool oom;
};

struct tbx_dctx {
	pid_t tid;
	enum tbx_arch arch;
	long nr;
	const struct tbx_sysent *ent;
	uint64_t a[6];
	bool exiting;
	int64_t ret;		/* exit: raw return value */
	int err;		/* exit: errno if the call failed, else 0 */
	unsigned strsize;	/* -s */
	bool verbose;		/* -v */
	bool fd_paths;		/* -y */
	enum tbx_rval rval;	/* how to show the return value */
	/* Set at entry when all shown arguments were emitted although fewer
	 * than ent->nargs (open without a mode): no ", " before
	 * "<unfinished ...>". */
	bool no_exit_args;
	/* The ", " before the exit arguments belongs to the exit part (strace's
	 * "<... clone resumed>, child_tidptr=..."). */
	bool exit_sep;
	uint32_t rcomment_off, rcomment_len;
	struct tbx_vbuf *vb;
};

/* Memory of the tracee: 0, or a negative errno (-EFAULT when unmapped). */
int tbx_umove(pid_t tid, uint64_t addr, void *buf, size_t len);
/* Reads at most max bytes up to and including a NUL. Returns the length
 * read (without NUL) and sets *terminated; negative errno on failure. */
ssize_t tbx_umove_str(pid_t tid, uint64_t addr, char *buf, size_t max,
		      bool *terminated);
/* Write into the tracee, read-only and executable pages included (as a
 * debugger does): process_vm_writev, /proc/PID/mem, or PTRACE_POKEDATA. */
int tbx_uwrite(pid_t tid, uint64_t addr, const void *buf, size_t len);
/* Gather the tracee's n buffers iov into buf / scatter buf into them,
 * as the tracee itself would: -EFAULT when a buffer is unmapped (or, to
 * write, read-only), nothing forced. len is the sum of the lengths. */
struct iovec;
int tbx_umovev(pid_t tid, void *buf, size_t len, const struct iovec *iov,
	       unsigned n);
int tbx_uwritev(pid_t tid, const void *buf, size_t len, const struct iovec *iov,
		unsigned n);
#define dv_umove(d, addr, obj) tbx_umove((d)->tid, (addr), (obj), sizeof(*(obj)))

/* ---- building values ---- */
void dv_key(struct tbx_dctx *d, const char *name);	/* next value's field name */
void dv_int(struct tbx_dctx *d, int64_t v);
void dv_uint(struct tbx_dctx *d, uint64_t v);
void dv_hex(struct tbx_dctx *d, uint64_t v);
void dv_oct(struct tbx_dctx *d, uint64_t v);
void dv_ptr(struct tbx_dctx *d, uint64_t addr);
void dv_name(struct tbx_dctx *d, const char *name, uint64_t v);
void dv_raw(struct tbx_dctx *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dv_comment(struct tbx_dctx *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dv_bytes(struct tbx_dctx *d, const void *p, size_t len, unsigned flags);
void dv_struct(struct tbx_dctx *d);
void dv_array(struct tbx_dctx *d);
void dv_end(struct tbx_dctx *d);
void dv_more(struct tbx_dctx *d);
/* " => ": the value after the call follows (in/out arguments). */
void dv_arrow(struct tbx_dctx *d);
/* Text shown after the return value: " (Timeout)". */
void dv_retcomment(struct tbx_dctx *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- common argument kinds ---- */
void dv_fd(struct tbx_dctx *d, uint64_t fd);		/* int fd, -y path */
void dv_dirfd(struct tbx_dctx *d, uint64_t fd);		/* AT_FDCWD or fd */
void dv_path(struct tbx_dctx *d, uint64_t addr);	/* NUL-terminated, PATH_MAX */
void dv_str(struct tbx_dctx *d, uint64_t addr);		/* NUL-terminated, -s */
void dv_buf(struct tbx_dctx *d, uint64_t addr, int64_t len);	/* len bytes, -s */
/* Flags: known bits by name, the rest as hex; dflt when v == 0 (e.g. "0"). */
void dv_flags(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
	      const char *dflt);
/* As dv_flags, but no known bit at all shows as 0x.. \/\* PREFIX_??? *\/. */
void dv_flags_unk(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
		  const char *dflt, const char *unknown);
/* The text dv_flags shows, into buf; returns its length. */
size_t tbx_flags_text(const struct tbx_xlat *x, uint64_t v, char *buf, size_t cap);
/* A value by name, else the number with a comment naming the prefix:
 * 0x63 \/\* SOCK_??? *\/. */
void dv_xval(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
	     const char *unknown);
/* Same as dv_xval, signed decimal for unknown values. */
void dv_xval_dec(struct tbx_dctx *d, const struct tbx_xlat *x, int64_t v,
		 const char *unknown);
void dv_signo(struct tbx_dctx *d, int sig);		/* SIGINT, SIGRTMIN+2 */
void dv_sigset(struct tbx_dctx *d, uint64_t addr, uint64_t size);	/* [INT TERM] */
void dv_sigmask(struct tbx_dctx *d, uint64_t mask);	/* from a value */
#include <signal.h>
void dv_siginfo(struct tbx_dctx *d, const siginfo_t *si);	/* {si_signo=SIGCHLD, ...} */
void dv_timespec(struct tbx_dctx *d, uint64_t addr);
void dv_timeval(struct tbx_dctx *d, uint64_t addr);
/* Arguments the decoder does not know: raw hex, as strace's printargs. */
void dv_raw_args(struct tbx_dctx *d, unsigned from);

/* One element of an array read from the tracee; false stops the walk. */
typedef bool (*tbx_elem_fn)(struct tbx_dctx *d, const void *elem, void *opaque);

/* strace's print_array: NULL; [] when n is 0; the address when the first
 * element cannot be read (or at exit of a failed call); "..." after -s
 * elements unless -v; "..., ... /\* 0xaddr *\/" when reading stops halfway. */
void dv_array_of(struct tbx_dctx *d, uint64_t addr, uint64_t n, size_t esize,
		 tbx_elem_fn fn, void *opaque);
bool tbx_elem_int(struct tbx_dctx *d, const void *elem, void *opaque);

/* [{iov_base="...", iov_len=5}, ...]: data >= 0 shows only the first data
 * bytes in all (readv: what the call returned), DV_IOV_ALL each buffer
 * whole (writev), DV_IOV_ADDR the bases as addresses (a failed readv). */
enum { DV_IOV_ADDR = -2, DV_IOV_ALL = -1 };
void dv_iovec(struct tbx_dctx *d, uint64_t addr, uint64_t n, int64_t data);

/* Text of a signal number into buf: "SIGINT", "SIGRTMIN", "SIGRT_3". */
const char *tbx_signame(int sig, char *buf, size_t cap);
/* Name and message of an errno value: "ENOENT", "No such file or directory". */
const char *tbx_errno_name(int err);
const char *tbx_errno_desc(int err);

/* Engine entry points. */
void tbx_decode_reset(struct tbx_vbuf *vb);
void tbx_decode_free(struct tbx_vbuf *vb);
void tbx_decode_syscall(struct tbx_dctx *d);
const struct tbx_sysent *tbx_sysent_get(enum tbx_arch arch, long nr);

#endif

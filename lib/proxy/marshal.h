/* A stopped call of the tracee as a struct tbx_pcall, and a struct
 * tbx_presult back into the tracee's memory (lib/proxy/marshal.c).
 *
 * Arguments are read by the call's spec (proto.h): integers as they are,
 * local fds turned into remote ones, paths and in-buffers copied out of
 * the tracee. Calls with iovecs or a msghdr travel as their plain
 * counterparts (readv as read, sendmsg as sendto...): the buffers are
 * gathered here and the result scattered back. Buffers are kept from one
 * call to the next: no allocation per call once they have grown. */
#ifndef TBX_PROXY_MARSHAL_H
#define TBX_PROXY_MARSHAL_H
#include <limits.h>
#include <sys/types.h>
#include <sys/uio.h>
#include "proxy/proto.h"
#include "proxy/fdmap.h"

struct tbx_pmarshal {
	pid_t tid;
	long nr;			/* the tracee's call */
	uint64_t args[6];		/* its arguments */
	const struct tbx_pcall_spec *spec;	/* of what travels */
	uint64_t a[6];			/* arguments of what travels */
	struct tbx_pcall call;
	/* the tracee's buffer behind each 'b'/'o' argument: one iovec, or
	 * the call's own array for the vector calls */
	const struct iovec *iov[6];
	unsigned niov[6];
	struct iovec one[6];
	struct iovec vec[IOV_MAX];
	uint64_t msg;			/* sendmsg/recvmsg: the msghdr */
	uint8_t *buf[6];		/* IN bytes of argument i */
	size_t cap[6];
	char path[2][PATH_MAX];
};

void tbx_pmarshal_free(struct tbx_pmarshal *m);
/* The call nr travels as: nr itself, a counterpart for the vector calls,
 * or -1 when it cannot be proxied. */
long tbx_pmarshal_wire_nr(long nr, const uint64_t args[6]);
/* Build m->call from call nr(args) of thread tid, fds translated by tab
 * (dirfds that are not mapped travel as AT_FDCWD: the caller sends only
 * absolute paths with them). 0, or -errno for the tracee's call
 * (EFAULT: a bad pointer, ENAMETOOLONG, EBADF, EOPNOTSUPP: control data). */
int tbx_pmarshal_call(struct tbx_pmarshal *m, pid_t tid, long nr,
		      const uint64_t args[6], const struct tbx_fdtab *tab);
/* Write r's out-buffers and socket lengths into the tracee; the value
 * its call returns (r->ret, or -EFAULT when they could not be written). */
int64_t tbx_pmarshal_result(struct tbx_pmarshal *m, const struct tbx_presult *r);

#endif

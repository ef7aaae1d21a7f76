/* The tracee's call as a struct tbx_pcall and back (marshal.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "proxy/marshal.h"
#include "decode/decode.h"
#include "syscallent.h"

void tbx_pmarshal_free(struct tbx_pmarshal *m)
{
	if (!m)
		return;
	for (int i = 0; i < 6; i++)
		free(m->buf[i]);
	memset(m->buf, 0, sizeof(m->buf));
	memset(m->cap, 0, sizeof(m->cap));
}

long tbx_pmarshal_wire_nr(long nr, const uint64_t args[6])
{
	switch (nr) {
	case TBX_NR64_readv:
		return TBX_NR64_read;
	case TBX_NR64_writev:
		return TBX_NR64_write;
	case TBX_NR64_preadv:
		return TBX_NR64_pread64;
	case TBX_NR64_pwritev:
		return TBX_NR64_pwrite64;
	case TBX_NR64_preadv2:	/* flags (RWF_*) cannot be honoured remotely */
		if (args[5])
			return -1;
		return (int64_t)args[3] == -1 ? TBX_NR64_read : TBX_NR64_pread64;
	case TBX_NR64_pwritev2:
		if (args[5])
			return -1;
		return (int64_t)args[3] == -1 ? TBX_NR64_write : TBX_NR64_pwrite64;
	case TBX_NR64_sendmsg:
		return TBX_NR64_sendto;
	case TBX_NR64_recvmsg:
		return TBX_NR64_recvfrom;
	}
	return tbx_pcall_spec(nr) ? nr : -1;
}

/* The tracee's iovec array at addr, cnt long, into m->vec: its total
 * length, clamped to what one item carries (a short transfer is legal). */
static int64_t read_iov(struct tbx_pmarshal *m, uint64_t addr, uint64_t cnt,
			unsigned *n)
{
	uint64_t total = 0;
	int e;

	if (cnt > IOV_MAX)
		return -EINVAL;
	e = tbx_umove(m->tid, addr, m->vec, cnt * sizeof(struct iovec));
	if (e)
		return -EFAULT;
	for (unsigned i = 0; i < cnt; i++) {
		if (m->vec[i].iov_len > SSIZE_MAX - total)
			return -EINVAL;
		if (total + m->vec[i].iov_len >= TBX_PROTO_MAX_IO) {
			m->vec[i].iov_len = TBX_PROTO_MAX_IO - total;
			*n = i + 1;
			return TBX_PROTO_MAX_IO;
		}
		total += m->vec[i].iov_len;
	}
	*n = (unsigned)cnt;
	return (int64_t)total;
}

/* The msghdr of sendmsg/recvmsg, as the arguments of sendto/recvfrom:
 * (fd, buf, len, flags, name, namelen). recvfrom's 'L' reads and writes
 * the socklen_t inside the msghdr, so it stays the tracee's. */
static int from_msghdr(struct tbx_pmarshal *m, bool recv)
{
	struct msghdr h;
	unsigned n;
	int64_t total;

	if (tbx_umove(m->tid, m->args[1], &h, sizeof(h)))
		return -EFAULT;
	if (h.msg_controllen)
		return -EOPNOTSUPP;	/* fds and credentials cannot cross */
	total = read_iov(m, (uint64_t)(uintptr_t)h.msg_iov, h.msg_iovlen, &n);
	if (total < 0)
		return (int)total;
	m->msg = m->args[1];
	m->a[0] = m->args[0];
	m->a[2] = (uint64_t)total;
	m->a[3] = m->args[2];
	m->a[4] = (uint64_t)(uintptr_t)h.msg_name;
	m->a[5] = recv ? m->msg + offsetof(struct msghdr, msg_namelen) : h.msg_namelen;
	if (!h.msg_name)
		m->a[5] = 0;
	m->iov[1] = m->vec;
	m->niov[1] = n;
	return 0;
}

/* What travels, in m->a, and the tracee buffers behind it. */
static int wire_args(struct tbx_pmarshal *m)
{
	unsigned n = 0;
	int64_t total;

	memcpy(m->a, m->args, sizeof(m->a));
	switch (m->nr) {
	case TBX_NR64_sendmsg:
	case TBX_NR64_recvmsg:
		return from_msghdr(m, m->nr == TBX_NR64_recvmsg);
	case TBX_NR64_readv:
	case TBX_NR64_writev:
	case TBX_NR64_preadv:
	case TBX_NR64_pwritev:
	case TBX_NR64_preadv2:
	case TBX_NR64_pwritev2:
		total = read_iov(m, m->args[1], m->args[2], &n);
		if (total < 0)
			return (int)total;
		m->a[2] = (uint64_t)total;	/* (fd, buf, len, offset) */
		m->iov[1] = m->vec;
		m->niov[1] = n;
		return 0;
	}
	return 0;
}

static int grow(struct tbx_pmarshal *m, int i, size_t len)
{
	void *p;

	if (len <= m->cap[i])
		return 0;
	p = realloc(m->buf[i], len);
	if (!p)
		return -ENOMEM;
	m->buf[i] = p;
	m->cap[i] = len;
	return 0;
}

/* The length of buffer argument i: from its size argument (clamped, and
 * the size argument with it), a fixed size, or the socklen_t it points
 * at. A NULL pointer travels as NONE. */
static int64_t buf_len(struct tbx_pmarshal *m, int i, char k)
{
	const struct tbx_pcall_spec *s = m->spec;
	uint32_t slen;

	if (k == 'B' || k == 'O')
		return m->a[i] ? (int64_t)s->fixed[i] : -1;
	if (k == 'L') {
		if (!m->a[i] || !m->a[s->size_of[i]])
			return -1;
		if (tbx_umove(m->tid, m->a[s->size_of[i]], &slen, sizeof(slen)))
			return -EFAULT;
		if ((int32_t)slen < 0)
			return -EINVAL;
		return slen > TBX_PROTO_MAX_IO ? TBX_PROTO_MAX_IO : slen;
	}
	if (m->a[s->size_of[i]] > TBX_PROTO_MAX_IO)
		m->a[s->size_of[i]] = TBX_PROTO_MAX_IO;
	if (!m->a[i] && !m->iov[i])
		return -1;
	return (int64_t)m->a[s->size_of[i]];
}

/* Buffer argument i: the tracee's bytes (IN) or a capacity (OUT). */
static int put_buf(struct tbx_pmarshal *m, int i, char k, struct tbx_parg *p)
{
	int64_t len = buf_len(m, i, k);
	int e;

	if (len == -1) {
		p->kind = TBX_PA_NONE;
		return 0;
	}
	if (len < 0)
		return (int)len;
	if (!m->iov[i]) {
		m->one[i].iov_base = (void *)(uintptr_t)m->a[i];
		m->one[i].iov_len = (size_t)len;
		m->iov[i] = &m->one[i];
		m->niov[i] = 1;
	}
	if (k == 'o' || k == 'O' || k == 'L') {
		p->kind = TBX_PA_OUT;
		p->v = len;
		return 0;
	}
	e = grow(m, i, (size_t)len);
	if (e)
		return e;
	e = tbx_umovev(m->tid, m->buf[i], (size_t)len, m->iov[i], m->niov[i]);
	if (e)
		return -EFAULT;
	p->kind = TBX_PA_IN;
	p->b.p = m->buf[i];
	p->b.len = (uint32_t)len;
	return 0;
}

static int put_path(struct tbx_pmarshal *m, int i, unsigned *npath,
		    struct tbx_parg *p)
{
	char *buf = m->path[*npath < 2 ? (*npath)++ : 1];
	bool term;
	ssize_t n;

	if (!m->a[i]) {		/* futimens is utimensat(fd, NULL...): the
				 * server passes NULL, the kernel decides */
		p->kind = TBX_PA_NONE;
		return 0;
	}
	n = tbx_umove_str(m->tid, m->a[i], buf, PATH_MAX, &term);
	if (n < 0)
		return -EFAULT;
	if (!term)
		return -ENAMETOOLONG;
	p->kind = TBX_PA_STR;
	p->b.p = (const uint8_t *)buf;
	p->b.len = (uint32_t)n;
	return 0;
}

static int put_fd(struct tbx_pmarshal *m, int i, char k,
		  const struct tbx_fdtab *tab, struct tbx_parg *p)
{
	int rfd = tbx_fdmap_get(tab, (long)(int)m->a[i]);

	p->kind = TBX_PA_FD;
	if (rfd >= 0)
		p->v = rfd;
	else if (k == 'd')	/* AT_FDCWD, or ignored before an absolute path */
		p->v = AT_FDCWD;
	else
		return -EBADF;
	return 0;
}

int tbx_pmarshal_call(struct tbx_pmarshal *m, pid_t tid, long nr,
		      const uint64_t args[6], const struct tbx_fdtab *tab)
{
	long wnr = tbx_pmarshal_wire_nr(nr, args);
	unsigned npath = 0;
	const char *k;
	int e;

	if (wnr < 0)
		return -EOPNOTSUPP;
	m->tid = tid;
	m->nr = nr;
	m->msg = 0;
	memcpy(m->args, args, sizeof(m->args));
	memset(m->iov, 0, sizeof(m->iov));
	m->spec = tbx_pcall_spec(wnr);
	e = wire_args(m);
	if (e)
		return e;
	memset(&m->call, 0, sizeof(m->call));
	m->call.nr = (uint32_t)wnr;
	m->call.nargs = (uint32_t)strlen(m->spec->kinds);
	/* buffers first: they may clamp the size arguments */
	for (int i = 0; m->spec->kinds[i]; i++) {
		k = &m->spec->kinds[i];
		if (strchr("bBoOL", *k) && (e = put_buf(m, i, *k, &m->call.a[i])))
			return e;
	}
	for (int i = 0; m->spec->kinds[i]; i++) {
		struct tbx_parg *p = &m->call.a[i];

		k = &m->spec->kinds[i];
		switch (*k) {
		case 'i':
			p->kind = TBX_PA_INT;
			p->v = (int64_t)m->a[i];
			break;
		case 'f':
		case 'd':
			e = put_fd(m, i, *k, tab, p);
			break;
		case 's':
			e = put_path(m, i, &npath, p);
			break;
		}
		if (e)
			return e;
	}
	return 0;
}

int64_t tbx_pmarshal_result(struct tbx_pmarshal *m, const struct tbx_presult *r)
{
	const char *kinds = m->spec->kinds;
	uint32_t k = 0;
	int e = 0;

	for (int i = 0; kinds[i] && k < r->nouts; i++) {
		if (m->call.a[i].kind != TBX_PA_OUT)
			continue;
		if (r->out[k].len)
			e = tbx_uwritev(m->tid, r->out[k].p, r->out[k].len, m->iov[i],
					m->niov[i]);
		if (!e && kinds[i] == 'L' && r->ret >= 0)
			e = tbx_uwritev(m->tid, &r->full[k], sizeof(uint32_t),
					&(struct iovec){ (void *)(uintptr_t)m->a[m->spec->size_of[i]],
							 sizeof(uint32_t) }, 1);
		if (e)
			return -EFAULT;
		k++;
	}
	if (m->msg && r->ret >= 0) {	/* recvmsg: no flags to report */
		int zero = 0;
		uint64_t at = m->msg + offsetof(struct msghdr, msg_flags);

		if (m->nr == TBX_NR64_recvmsg &&
		    tbx_uwritev(m->tid, &zero, sizeof(zero),
				&(struct iovec){ (void *)(uintptr_t)at, sizeof(zero) }, 1))
			return -EFAULT;
	}
	return r->ret;
}

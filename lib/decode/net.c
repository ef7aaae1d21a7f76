/* Sockets: socket, bind, connect, accept, send/recv and their msghdr
 * forms, socket options. */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "decode/net.h"
#include "syscallent.h"

/* ---- pieces shared with signal.c, time.c, poll.c ---- */

void dv_int_at(struct tbx_dctx *d, uint64_t addr)
{
	int v;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &v)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	dv_int(d, v);
	dv_end(d);
}

static void msg_flags(struct tbx_dctx *d, uint64_t v)
{
	dv_flags_unk(d, &tbx_xlat_msg_flags, (unsigned)v, NULL, "MSG_???");
}

/* ---- what entry saw and exit needs: the "in" of an in/out length ---- */

/* One slot per thread (by tid); a collision only loses the "128 =>". */
static struct saved {
	pid_t tid;
	long nr;
	int len;
} saved_tab[256];

static void save_len(const struct tbx_dctx *d, int len)
{
	struct saved *s = &saved_tab[(unsigned)d->tid % 256];

	s->tid = d->tid;
	s->nr = d->nr;
	s->len = len;
}

static bool saved_len(const struct tbx_dctx *d, int *len)
{
	struct saved *s = &saved_tab[(unsigned)d->tid % 256];

	if (s->tid != d->tid || s->nr != d->nr)
		return false;
	s->tid = 0;
	*len = s->len;
	return true;
}

/* Entry: read *lenp when addr and lenp are given; else print both now. */
static bool entry_len(struct tbx_dctx *d, uint64_t addr, uint64_t lenp)
{
	int len;

	if (addr && lenp && !dv_umove(d, lenp, &len)) {
		save_len(d, len);
		return true;
	}
	save_len(d, INT_MIN);	/* nothing left for exit */
	dv_ptr(d, addr);
	dv_ptr(d, lenp);
	return false;
}

/* "[16]" or "[128 => 16]" */
static void inout_len(struct tbx_dctx *d, int in, int out)
{
	if (in != out)
		dv_raw(d, "[%d => %d]", in, out);
	else
		dv_raw(d, "[%d]", out);
}

/* Exit of accept/getsockname/recvfrom: the address and its length.
 * Returns false when entry already printed them. */
static bool exit_sockname(struct tbx_dctx *d, uint64_t addr, uint64_t lenp)
{
	int in, out;

	if (!saved_len(d, &in)) {	/* entry of another thread overwrote it */
		if (d->err || dv_umove(d, lenp, &out)) {
			dv_ptr(d, addr);
			dv_ptr(d, lenp);
		} else {
			dv_sockaddr(d, addr, out);
			inout_len(d, out, out);
		}
		return true;
	}
	if (in == INT_MIN)
		return false;
	if (d->err || dv_umove(d, lenp, &out)) {
		dv_ptr(d, addr);
		dv_raw(d, "[%d]", in);
		return true;
	}
	dv_sockaddr(d, addr, in > out ? out : in);
	inout_len(d, in, out);
	return true;
}

/* ---- socket, socketpair ---- */

static void sock_type(struct tbx_dctx *d, uint64_t type)
{
	const char *n = tbx_xlat_name(&tbx_xlat_socket_types, type & 0xf);
	unsigned rest = (unsigned)type & ~0xfu;
	char buf[256], fl[200];

	if (!n) {
		dv_flags_unk(d, &tbx_xlat_socket_type_flags, (unsigned)type, NULL, "SOCK_???");
		return;
	}
	if (!rest) {
		dv_name(d, n, type);
		return;
	}
	tbx_flags_text(&tbx_xlat_socket_type_flags, rest, fl, sizeof(fl));
	snprintf(buf, sizeof(buf), "%s|%s", n, fl);
	dv_name(d, buf, type);
	if (!(rest & (SOCK_CLOEXEC | SOCK_NONBLOCK)))
		dv_comment(d, "SOCK_???");
}

void tbx_dec_socket(struct tbx_dctx *d)
{
	int fam = (int)d->a[0];

	if (d->exiting)
		return;
	dv_xval(d, &tbx_xlat_socket_families, (unsigned)d->a[0], "AF_???");
	sock_type(d, (unsigned)d->a[1]);
	if (fam == AF_INET || fam == AF_INET6)
		dv_xval(d, &tbx_xlat_inet_protocols, (unsigned)d->a[2], "IPPROTO_???");
	else if (fam == AF_NETLINK)
		dv_xval(d, &tbx_xlat_netlink_protocols, (unsigned)d->a[2], "NETLINK_???");
	else
		dv_uint(d, (unsigned)d->a[2]);
	d->rval = TBX_RV_FD;
}

void tbx_dec_socketpair(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_socket_families, (unsigned)d->a[0], "AF_???");
		sock_type(d, (unsigned)d->a[1]);
		dv_uint(d, (unsigned)d->a[2]);
		return;
	}
	dv_array_of(d, d->a[3], 2, sizeof(int), tbx_elem_int, NULL);
}

/* ---- bind, connect, listen, accept, names, shutdown ---- */

void tbx_dec_bind(struct tbx_dctx *d)	/* and connect */
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_sockaddr(d, d->a[1], (int)d->a[2]);
	dv_int(d, (int)d->a[2]);
}

void tbx_dec_listen(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_int(d, (int)d->a[1]);
}

void tbx_dec_sockname(struct tbx_dctx *d)	/* getsockname, getpeername */
{
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		entry_len(d, d->a[1], d->a[2]);
		return;
	}
	exit_sockname(d, d->a[1], d->a[2]);
}

void tbx_dec_accept(struct tbx_dctx *d)
{
	d->rval = TBX_RV_FD;
	tbx_dec_sockname(d);
}

void tbx_dec_accept4(struct tbx_dctx *d)
{
	d->rval = TBX_RV_FD;
	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		if (!entry_len(d, d->a[1], d->a[2]))
			dv_flags_unk(d, &tbx_xlat_socket_type_flags, (unsigned)d->a[3],
				     NULL, "SOCK_???");
		return;
	}
	if (exit_sockname(d, d->a[1], d->a[2]))
		dv_flags_unk(d, &tbx_xlat_socket_type_flags, (unsigned)d->a[3], NULL, "SOCK_???");
}

void tbx_dec_shutdown(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_xval(d, &tbx_xlat_shutdown_how, (unsigned)d->a[1], "SHUT_???");
}

/* ---- sendto, recvfrom ---- */

void tbx_dec_sendto(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_buf(d, d->a[1], (int64_t)d->a[2]);
	dv_uint(d, d->a[2]);
	msg_flags(d, d->a[3]);
	dv_sockaddr(d, d->a[4], (int)d->a[5]);
	dv_int(d, (int)d->a[5]);
}

void tbx_dec_recvfrom(struct tbx_dctx *d)
{
	int in = INT_MIN, out;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		if (d->a[4] && d->a[5] && !dv_umove(d, d->a[5], &in))
			save_len(d, in);
		else
			save_len(d, INT_MIN);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		dv_buf(d, d->a[1], d->ret < (int64_t)d->a[2] ? d->ret : (int64_t)d->a[2]);
	dv_uint(d, d->a[2]);
	msg_flags(d, d->a[3]);
	if (!saved_len(d, &in))
		in = INT_MIN;
	if (in == INT_MIN || dv_umove(d, d->a[5], &out)) {
		dv_ptr(d, d->a[4]);
		dv_ptr(d, d->a[5]);
	} else if (d->err) {
		dv_ptr(d, d->a[4]);
		dv_raw(d, "[%d]", in);
	} else {
		dv_sockaddr(d, d->a[4], in > out ? out : in);
		inout_len(d, in, out);
	}
}

/* ---- msghdr ---- */

static void cmsg_data(struct tbx_dctx *d, int level, int type,
		      const unsigned char *p, size_t len)
{
	if (level == SOL_SOCKET && type == SCM_RIGHTS && len >= sizeof(int)) {
		dv_key(d, "cmsg_data");
		dv_array(d);
		for (size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
			int fd;
			memcpy(&fd, p + i, sizeof(fd));
			dv_fd(d, (uint64_t)fd);
		}
		dv_end(d);
	} else if (level == SOL_SOCKET && type == SCM_CREDENTIALS &&
		   len >= sizeof(struct ucred)) {
		struct ucred uc;
		memcpy(&uc, p, sizeof(uc));
		dv_key(d, "cmsg_data");
		dv_struct(d);
		dv_key(d, "pid");
		dv_int(d, uc.pid);
		dv_key(d, "uid");
		dv_uint(d, uc.uid);
		dv_key(d, "gid");
		dv_uint(d, uc.gid);
		dv_end(d);
	}
}

static void msg_control(struct tbx_dctx *d, uint64_t addr, uint64_t in_len)
{
	unsigned char buf[4096];
	size_t len = in_len > sizeof(buf) ? sizeof(buf) : (size_t)in_len;
	size_t off = 0, hdr = sizeof(struct cmsghdr);

	dv_key(d, "msg_control");
	if (len < hdr || tbx_umove(d->tid, addr, buf, len)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	while (len - off >= hdr) {
		struct cmsghdr c;
		size_t clen, step;

		memcpy(&c, buf + off, hdr);
		clen = c.cmsg_len > len - off ? len - off : c.cmsg_len;
		dv_struct(d);
		dv_key(d, "cmsg_len");
		dv_uint(d, c.cmsg_len);
		dv_key(d, "cmsg_level");
		dv_xval(d, &tbx_xlat_sock_levels, (unsigned)c.cmsg_level, "SOL_???");
		dv_key(d, "cmsg_type");
		if (c.cmsg_level == SOL_SOCKET)
			dv_xval(d, &tbx_xlat_scm_types, (unsigned)c.cmsg_type, "SCM_???");
		else if (c.cmsg_level == SOL_IP)
			dv_xval(d, &tbx_xlat_sock_ip_options, (unsigned)c.cmsg_type, "IP_???");
		else
			dv_hex(d, (unsigned)c.cmsg_type);
		cmsg_data(d, c.cmsg_level, c.cmsg_type, buf + off + hdr,
			  clen > hdr ? clen - hdr : 0);
		dv_end(d);
		if (clen < hdr) {
			off += hdr;
			break;
		}
		step = (c.cmsg_len + 7) & ~(size_t)7;
		if (step >= len - off) {
			off = len;
			break;
		}
		off += step;
	}
	if (off < len) {
		dv_more(d);
		dv_comment(d, "%#llx", (unsigned long long)(addr + off));
	} else if (len < in_len) {
		dv_more(d);
	}
	dv_end(d);
}

/* {msg_name=..., msg_namelen=..., msg_iov=[...], ...}; in_namelen < 0
 * when there is no "in" value to show. */
static void msghdr_fields(struct tbx_dctx *d, const struct msghdr *m,
			  int in_namelen, int64_t size)
{
	int namelen = (int)m->msg_namelen;

	if (in_namelen >= 0 && namelen > in_namelen)
		namelen = in_namelen;
	dv_struct(d);
	dv_key(d, "msg_name");
	dv_sockaddr(d, (uint64_t)(uintptr_t)m->msg_name, namelen);
	dv_key(d, "msg_namelen");
	if (in_namelen >= 0 && in_namelen != (int)m->msg_namelen)
		dv_raw(d, "%d => %d", in_namelen, (int)m->msg_namelen);
	else
		dv_int(d, (int)m->msg_namelen);
	dv_key(d, "msg_iov");
	dv_iovec(d, (uint64_t)(uintptr_t)m->msg_iov, m->msg_iovlen, size);
	dv_key(d, "msg_iovlen");
	dv_uint(d, m->msg_iovlen);
	if (m->msg_controllen)
		msg_control(d, (uint64_t)(uintptr_t)m->msg_control, m->msg_controllen);
	dv_key(d, "msg_controllen");
	dv_uint(d, m->msg_controllen);
	dv_key(d, "msg_flags");
	msg_flags(d, (unsigned)m->msg_flags);
	dv_end(d);
}

static void dv_msghdr(struct tbx_dctx *d, uint64_t addr, int in_namelen,
		      int64_t size)
{
	struct msghdr m;

	if (!addr || dv_umove(d, addr, &m)) {
		dv_ptr(d, addr);
		return;
	}
	msghdr_fields(d, &m, in_namelen, size);
}

void tbx_dec_sendmsg(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_msghdr(d, d->a[1], -1, -1);
	msg_flags(d, d->a[2]);
}

void tbx_dec_recvmsg(struct tbx_dctx *d)
{
	struct msghdr m;
	int in;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		if (d->a[1] && !dv_umove(d, d->a[1], &m)) {
			save_len(d, (int)m.msg_namelen);
		} else {
			save_len(d, INT_MIN);
			dv_ptr(d, d->a[1]);
		}
		return;
	}
	if (!saved_len(d, &in))
		in = -1;
	if (in != INT_MIN) {
		if (d->err) {
			dv_struct(d);
			dv_key(d, "msg_namelen");
			dv_int(d, in);
			dv_end(d);
		} else {
			dv_msghdr(d, d->a[1], in, d->ret);
		}
	}
	msg_flags(d, d->a[2]);
}

/* sendmmsg/recvmmsg: [{msg_hdr={...}, msg_len=5}, ...] */
struct mmsg_cfg {
	unsigned with_len;	/* elements still showing msg_len */
	bool use_len;		/* iov data limited by msg_len (recv) */
};

static bool print_mmsg(struct tbx_dctx *d, const void *elem, void *opaque)
{
	struct mmsg_cfg *c = opaque;
	struct mmsghdr mh;

	memcpy(&mh, elem, sizeof(mh));
	dv_struct(d);
	dv_key(d, "msg_hdr");
	msghdr_fields(d, &mh.msg_hdr, -1, c->use_len ? (int64_t)mh.msg_len : -1);
	if (c->with_len) {
		dv_key(d, "msg_len");
		dv_uint(d, mh.msg_len);
		c->with_len--;
	}
	dv_end(d);
	return true;
}

void tbx_dec_sendmmsg(struct tbx_dctx *d)
{
	struct mmsg_cfg c = { 0 };
	int err = d->err;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	c.with_len = err ? 0 : (unsigned)d->ret;
	d->err = 0;		/* the vector is shown even when the call failed */
	dv_array_of(d, d->a[1], (unsigned)d->a[2], sizeof(struct mmsghdr),
		    print_mmsg, &c);
	d->err = err;
	dv_uint(d, (unsigned)d->a[2]);
	msg_flags(d, d->a[3]);
}

void tbx_dec_recvmmsg(struct tbx_dctx *d)
{
	struct mmsg_cfg c = { .use_len = true };
	char left[96];

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		return;
	}
	c.with_len = d->err ? 0 : (unsigned)d->ret;
	dv_array_of(d, d->a[1], (unsigned)d->ret, sizeof(struct mmsghdr),
		    print_mmsg, &c);
	dv_uint(d, (unsigned)d->a[2]);
	msg_flags(d, d->a[3]);
	dv_timespec(d, d->a[4]);
	if (d->err)
		return;
	if (!d->ret)
		dv_retcomment(d, " (Timeout)");
	else if (d->a[4] && tbx_time_text(d, d->a[4], false, left, sizeof(left)))
		dv_retcomment(d, " (left %s)", left);
}

/* ---- socket options ---- */

static void sockopt_name(struct tbx_dctx *d, unsigned level, unsigned name)
{
	dv_xval(d, &tbx_xlat_sock_levels, level, "SOL_??");
	switch (level) {
	case SOL_SOCKET:
		dv_xval(d, &tbx_xlat_sock_options, name, "SO_???");
		break;
	case SOL_IP:
		dv_xval(d, &tbx_xlat_sock_ip_options, name, "IP_???");
		break;
	case SOL_IPV6:
		dv_xval(d, &tbx_xlat_sock_ipv6_options, name, "IPV6_???");
		break;
	case SOL_TCP:
		dv_xval(d, &tbx_xlat_tcp_options, name, "TCP_???");
		break;
	case SOL_UDP:
		dv_xval(d, &tbx_xlat_sock_udp_options, name, "UDP_???");
		break;
	default:
		dv_uint(d, name);
	}
}

/* strace's MAYBE_PRINT_FIELD_LEN: the fields that fit in len bytes. */
static void int_fields(struct tbx_dctx *d, const int *v, const char *const *keys,
		       unsigned n, unsigned len, bool is_unsigned)
{
	dv_struct(d);
	for (unsigned i = 0; i < n && i * sizeof(int) < len; i++) {
		dv_key(d, keys[i]);
		if ((i + 1) * sizeof(int) > len) {	/* cut short: the bytes */
			char q[64];
			tbx_quote((const unsigned char *)&v[i], len - i * sizeof(int),
				  q, sizeof(q), TBX_OUT_XXESCAPE);
			dv_raw(d, "%s", q);
		} else if (is_unsigned && i) {
			dv_uint(d, (unsigned)v[i]);
		} else {
			dv_int(d, v[i]);
		}
	}
	dv_end(d);
}

static const char *const linger_keys[] = { "l_onoff", "l_linger" };
static const char *const ucred_keys[] = { "pid", "uid", "gid" };

static void sockopt_val(struct tbx_dctx *d, unsigned level, unsigned name,
			uint64_t addr, int len, bool get)
{
	int v[3] = { 0 };
	unsigned ulen = len < 0 ? 0 : (unsigned)len;

	if (addr && level == SOL_SOCKET && name == SO_LINGER) {
		if ((!get && ulen < 8) || tbx_umove(d->tid, addr, v, ulen > 8 ? 8 : ulen))
			dv_ptr(d, addr);
		else
			int_fields(d, v, linger_keys, 2, ulen, false);
		return;
	}
	if (get && addr && level == SOL_SOCKET && name == SO_PEERCRED) {
		if (tbx_umove(d->tid, addr, v, ulen > 12 ? 12 : ulen))
			dv_ptr(d, addr);
		else
			int_fields(d, v, ucred_keys, 3, ulen, true);
		return;
	}
	if (get && addr && level == SOL_SOCKET && name == SO_ERROR) {
		const char *n;
		if (tbx_umove(d->tid, addr, v, ulen > 4 ? 4 : ulen)) {
			dv_ptr(d, addr);
			return;
		}
		n = v[0] ? tbx_errno_name(v[0]) : NULL;
		if (n)
			dv_raw(d, "[%s]", n);
		else
			dv_raw(d, "[%d]", v[0]);
		return;
	}
	if (len == (int)sizeof(int))
		dv_int_at(d, addr);
	else
		dv_buf(d, addr, len);
}

void tbx_dec_setsockopt(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	sockopt_name(d, (unsigned)d->a[1], (unsigned)d->a[2]);
	sockopt_val(d, (unsigned)d->a[1], (unsigned)d->a[2], d->a[3], (int)d->a[4],
		    false);
	dv_int(d, (int)d->a[4]);
}

void tbx_dec_getsockopt(struct tbx_dctx *d)
{
	int in, out;

	if (!d->exiting) {
		dv_fd(d, d->a[0]);
		sockopt_name(d, (unsigned)d->a[1], (unsigned)d->a[2]);
		if (d->a[4] && !dv_umove(d, d->a[4], &in)) {
			save_len(d, in);
		} else {
			save_len(d, INT_MIN);
			dv_ptr(d, d->a[3]);
			dv_ptr(d, d->a[4]);
		}
		return;
	}
	if (!saved_len(d, &in))
		in = INT_MAX;	/* lost to another thread: show the result only */
	if (in == INT_MIN)
		return;
	if (d->err || dv_umove(d, d->a[4], &out)) {
		dv_ptr(d, d->a[3]);
		if (in == INT_MAX)
			dv_ptr(d, d->a[4]);
		else
			dv_raw(d, "[%d]", in);
		return;
	}
	if (in == INT_MAX)
		in = out;
	if (in <= 0 || out <= 0)
		dv_ptr(d, d->a[3]);
	else
		sockopt_val(d, (unsigned)d->a[1], (unsigned)d->a[2], d->a[3], out, true);
	inout_len(d, in, out);
}

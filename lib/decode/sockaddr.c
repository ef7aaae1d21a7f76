/* Socket addresses: {sa_family=AF_INET, sin_port=htons(80), ...}. */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "decode/net.h"
#include "tracebox/tracebox.h"

/* The bytes quoted as strace shows them, as one preformatted value. */
static void raw_quoted(struct tbx_dctx *d, const char *prefix, const void *p,
		       size_t n)
{
	char buf[4 * sizeof(struct sockaddr_storage) + 8];

	tbx_quote(p, n, buf, sizeof(buf), 0);
	dv_raw(d, "%s%s", prefix, buf);
}

static void sa_un(struct tbx_dctx *d, const struct sockaddr_un *sun, int len)
{
	int plen = (len > (int)sizeof(*sun) ? (int)sizeof(*sun) : len) -
		   (int)offsetof(struct sockaddr_un, sun_path);

	dv_key(d, "sun_path");
	if (sun->sun_path[0]) {
		/* NUL-terminated within the given length (the buffer is
		 * zero-padded past it) */
		raw_quoted(d, "", sun->sun_path, strnlen(sun->sun_path, (size_t)plen));
	} else {
		raw_quoted(d, "@", sun->sun_path + 1, (size_t)(plen - 1));
	}
}

static void sa_in(struct tbx_dctx *d, const struct sockaddr_in *sin)
{
	char a[INET_ADDRSTRLEN];

	dv_key(d, "sin_port");
	dv_raw(d, "htons(%u)", ntohs(sin->sin_port));
	inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
	dv_key(d, "sin_addr");
	dv_raw(d, "inet_addr(\"%s\")", a);
}

static void sa_in6(struct tbx_dctx *d, const struct sockaddr_in6 *sin6, int len)
{
	char a[INET6_ADDRSTRLEN];

	dv_key(d, "sin6_port");
	dv_raw(d, "htons(%u)", ntohs(sin6->sin6_port));
	dv_key(d, "sin6_flowinfo");
	dv_raw(d, "htonl(%u)", ntohl(sin6->sin6_flowinfo));
	inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
	dv_raw(d, "inet_pton(AF_INET6, \"%s\", &sin6_addr)", a);
	if (len <= (int)offsetof(struct sockaddr_in6, sin6_scope_id))
		return;
	dv_key(d, "sin6_scope_id");
	dv_uint(d, sin6->sin6_scope_id);
}

static void sa_nl(struct tbx_dctx *d, const struct sockaddr_nl *snl)
{
	if (snl->nl_pad) {
		dv_key(d, "nl_pad");
		dv_hex(d, snl->nl_pad);
	}
	dv_key(d, "nl_pid");
	dv_int(d, (int)snl->nl_pid);
	dv_key(d, "nl_groups");
	dv_raw(d, "%#08x", snl->nl_groups);
}

int dv_sockaddr(struct tbx_dctx *d, uint64_t addr, int addrlen)
{
	union {
		struct sockaddr sa;
		struct sockaddr_un un;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_nl nl;
		struct sockaddr_storage st;
		char pad[sizeof(struct sockaddr_storage) + 1];
	} u;
	int fam;

	if (addrlen < 2 || !addr) {
		dv_ptr(d, addr);
		return -1;
	}
	if ((size_t)addrlen > sizeof(u.st))
		addrlen = sizeof(u.st);
	if ((d->exiting && d->err) || tbx_umove(d->tid, addr, &u, (size_t)addrlen)) {
		dv_ptr(d, addr);
		return -1;
	}
	memset(u.pad + addrlen, 0, sizeof(u.pad) - (size_t)addrlen);
	fam = u.sa.sa_family;
	dv_struct(d);
	dv_key(d, "sa_family");
	dv_xval(d, &tbx_xlat_socket_families, (uint64_t)fam, "AF_???");
	if (addrlen > 2) {
		if (fam == AF_UNIX && addrlen >= 3)
			sa_un(d, &u.un, addrlen);
		else if (fam == AF_INET && addrlen >= (int)sizeof(u.in))
			sa_in(d, &u.in);
		else if (fam == AF_INET6 &&
			 addrlen >= (int)offsetof(struct sockaddr_in6, sin6_scope_id))
			sa_in6(d, &u.in6, addrlen);
		else if (fam == AF_NETLINK && addrlen >= (int)sizeof(u.nl))
			sa_nl(d, &u.nl);
		else {
			dv_key(d, "sa_data");
			raw_quoted(d, "", u.sa.sa_data, (size_t)addrlen - 2);
		}
	}
	dv_end(d);
	return fam;
}

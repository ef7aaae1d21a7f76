/* ARGS: -e trace=socket,setsockopt,getsockopt,bind,listen,getsockname,connect,accept,accept4,getpeername */
/* TCP on 127.0.0.1: bind to port 0, learn the port with getsockname,
 * connect and accept ("[128 => 16]": in/out lengths), socket options. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LO "inet_addr(\"127.0.0.1\")"

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, p;
	struct linger lg = { 1, 5 };
	socklen_t len;
	int s, c, c2, x, one = 1, val;
	unsigned port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	printf("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = %d\n", s);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	printf("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n", s);
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	printf("setsockopt(%d, SOL_TCP, TCP_NODELAY, [1], 4) = 0\n", s);
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	printf("setsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0\n", s);
	len = 100;
	getsockopt(s, SOL_SOCKET, SO_TYPE, &val, &len);
	printf("getsockopt(%d, SOL_SOCKET, SO_TYPE, [%d], [100 => 4]) = 0\n", s, val);
	len = sizeof(val);
	getsockopt(s, SOL_IP, IP_TTL, &val, &len);
	printf("getsockopt(%d, SOL_IP, IP_TTL, [%d], [4]) = 0\n", s, val);
	setsockopt(s, SOL_SOCKET, 9999, &one, sizeof(one));
	printf("setsockopt(%d, SOL_SOCKET, 0x270f /* SO_??? */, [1], 4) = -1 ENOPROTOOPT (Protocol not available)\n", s);

	bind(s, (struct sockaddr *)&a, sizeof(a));
	printf("bind(%d, {sa_family=AF_INET, sin_port=htons(0), sin_addr=" LO "}, 16) = 0\n", s);
	listen(s, 5);
	printf("listen(%d, 5) = 0\n", s);
	len = sizeof(a);
	getsockname(s, (struct sockaddr *)&a, &len);
	port = ntohs(a.sin_port);
	printf("getsockname(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, [16]) = 0\n",
	       s, port);

	c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	printf("socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = %d\n", c);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	printf("connect(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, 16) = 0\n",
	       c, port);
	len = 128;
	x = accept(s, (struct sockaddr *)&p, &len);
	printf("accept(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, [128 => 16]) = %d\n",
	       s, ntohs(p.sin_port), x);
	len = sizeof(p);
	getpeername(x, (struct sockaddr *)&p, &len);
	printf("getpeername(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, [16]) = 0\n",
	       x, ntohs(p.sin_port));
	connect(c, (struct sockaddr *)&a, sizeof(a));
	printf("connect(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, 16)"
	       " = -1 EISCONN (Transport endpoint is already connected)\n", c, port);

	c2 = socket(AF_INET, SOCK_STREAM, 0);
	printf("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = %d\n", c2);
	connect(c2, (struct sockaddr *)&a, sizeof(a));
	printf("connect(%d, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=" LO "}, 16) = 0\n",
	       c2, port);
	x = accept4(s, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	printf("accept4(%d, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = %d\n", s, x);
	accept4(s, NULL, NULL, 1);
	printf("accept4(%d, NULL, NULL, 0x1 /* SOCK_??? */) = -1 EINVAL (Invalid argument)\n", s);
	getsockname(s, (struct sockaddr *)&a, NULL);
	printf("getsockname(%d, %p, NULL) = -1 EFAULT (Bad address)\n", s, (void *)&a);

	/* IPv6 and a bad family */
	x = socket(AF_INET6, SOCK_DGRAM, 0);
	printf("socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = %d\n", x);
	{
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(53),
					   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		connect(x, (struct sockaddr *)&a6, sizeof(a6));
		printf("connect(%d, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), "
		       "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n", x);
	}
	socket(99, SOCK_DGRAM | 0x400, 0);
	printf("socket(0x63 /* AF_??? */, SOCK_DGRAM|0x400 /* SOCK_??? */, 0)"
	       " = -1 EINVAL (Invalid argument)\n");
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

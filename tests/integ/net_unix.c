/* ARGS: -e trace=socket,bind,connect,sendto,recvfrom,getsockname */
/* AF_UNIX: a path, an abstract name (@"..."), an unnamed peer in
 * recvfrom ([110 => 0] and the address shown as a pointer), netlink. */
#include <linux/netlink.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX }, ab = { .sun_family = AF_UNIX }, from;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	socklen_t len, ulen;
	char path[64], r[16];
	int s, s2, s3, n;

	snprintf(path, sizeof(path), "/tmp/tracebox-net-unix.%d", (int)getpid());
	strcpy(un.sun_path, path);
	ulen = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	printf("socket(AF_UNIX, SOCK_DGRAM, 0) = %d\n", s);
	bind(s, (struct sockaddr *)&un, ulen);
	printf("bind(%d, {sa_family=AF_UNIX, sun_path=\"%s\"}, %u) = 0\n", s, path, ulen);

	s2 = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	printf("socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK, 0) = %d\n", s2);
	bind(s2, (struct sockaddr *)&un, ulen);
	printf("bind(%d, {sa_family=AF_UNIX, sun_path=\"%s\"}, %u) = -1 EADDRINUSE (Address already in use)\n",
	       s2, path, ulen);
	sendto(s2, "xy", 2, 0, (struct sockaddr *)&un, sizeof(un));
	printf("sendto(%d, \"xy\", 2, 0, {sa_family=AF_UNIX, sun_path=\"%s\"}, %zu) = 2\n",
	       s2, path, sizeof(un));
	len = sizeof(from);
	recvfrom(s, r, sizeof(r), 0, (struct sockaddr *)&from, &len);
	printf("recvfrom(%d, \"xy\", 16, 0, %p, [%zu => 0]) = 2\n", s, (void *)&from, sizeof(from));
	len = sizeof(from);
	recvfrom(s2, r, sizeof(r), MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	printf("recvfrom(%d, %p, 16, MSG_DONTWAIT, %p, [%zu]) = -1 EAGAIN (Resource temporarily unavailable)\n",
	       s2, (void *)r, (void *)&from, sizeof(from));

	/* abstract: a leading NUL, the rest shown after @ */
	memcpy(ab.sun_path, "\0tracebox\1x", 11);
	s3 = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("socket(AF_UNIX, SOCK_STREAM, 0) = %d\n", s3);
	n = bind(s3, (struct sockaddr *)&ab, offsetof(struct sockaddr_un, sun_path) + 11);
	printf("bind(%d, {sa_family=AF_UNIX, sun_path=@\"tracebox\\1x\"}, 13) = %d\n", s3, n);
	len = sizeof(from);
	getsockname(s3, (struct sockaddr *)&from, &len);
	printf("getsockname(%d, {sa_family=AF_UNIX, sun_path=@\"tracebox\\1x\"}, [%zu => 13]) = 0\n",
	       s3, sizeof(from));
	connect(s3, (struct sockaddr *)&un, 2);
	printf("connect(%d, {sa_family=AF_UNIX}, 2) = -1 EINVAL (Invalid argument)\n", s3);
	connect(s3, (struct sockaddr *)1, 16);
	printf("connect(%d, 0x1, 16) = -1 EFAULT (Bad address)\n", s3);

	s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	printf("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = %d\n", s);
	bind(s, (struct sockaddr *)&nl, sizeof(nl));
	printf("bind(%d, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0\n", s);
	unlink(path);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

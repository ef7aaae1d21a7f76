/* A TCP client for `tracebox proxy --calls %network`: its socket lives in
 * the server, so locally the fd is the /dev/null placeholder. Sends
 * "ping\n" (send, then sendmsg with two iovecs), prints the answer (recv,
 * recvmsg) and the peer. Usage: proxy_tcp PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET }, peer;
	socklen_t plen = sizeof(peer);
	struct iovec v[2] = { { "pi", 2 }, { "ng\n", 3 } }, rv;
	struct msghdr h = { .msg_iov = v, .msg_iovlen = 2 };
	char link[64], path[256] = "", buf[64] = "";
	ssize_t n;
	int s;

	if (argc < 2)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		printf("socket: %s\n", strerrorname_np(errno));
		return 1;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", s);
	n = readlink(link, path, sizeof(path) - 1);
	printf("local fd: %s\n", n > 0 ? path : "?");
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("connect: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("send = %zd\n", send(s, "ping\n", 5, 0));
	printf("sendmsg = %zd\n", sendmsg(s, &h, 0));
	n = recv(s, buf, 5, MSG_WAITALL);
	printf("recv = %zd \"%.*s\"\n", n, n > 0 ? (int)n - 1 : 0, buf);
	rv.iov_base = buf;
	rv.iov_len = 5;
	h.msg_iov = &rv;
	h.msg_iovlen = 1;
	n = recvmsg(s, &h, MSG_WAITALL);
	printf("recvmsg = %zd \"%.*s\"\n", n, n > 0 ? (int)n - 1 : 0, buf);
	if (getpeername(s, (struct sockaddr *)&peer, &plen) == 0)
		printf("peer %s:%d len %u\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port),
		       plen);
	close(s);
	return 0;
}

/* ARGS: -e trace=socketpair,sendmsg,recvmsg,sendto,recvfrom,shutdown */
/* A socketpair, data and a descriptor passed with sendmsg/recvmsg (the
 * iov data shown up to the bytes received), sendto/recvfrom. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	int sv[2], fds[2] = { 0, 1 }, got[2];
	char r[64], r2[64];
	struct iovec iov[2] = { { "hello", 5 }, { " world", 6 } };
	struct iovec riov[2] = { { r, 3 }, { r + 3, 61 } };
	union { char buf[CMSG_SPACE(sizeof(fds))]; struct cmsghdr align; } c1, c2;
	struct msghdr m = { 0 }, rm = { 0 };
	struct cmsghdr *c;
	ssize_t n;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	printf("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [%d, %d]) = 0\n", sv[0], sv[1]);

	m.msg_iov = iov;
	m.msg_iovlen = 2;
	n = sendmsg(sv[0], &m, MSG_NOSIGNAL);
	printf("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}, "
	       "{iov_base=\" world\", iov_len=6}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, "
	       "MSG_NOSIGNAL) = %zd\n", sv[0], n);
	rm.msg_iov = riov;
	rm.msg_iovlen = 2;
	n = recvmsg(sv[1], &rm, 0);
	printf("recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hel\", iov_len=3}, "
	       "{iov_base=\"lo world\", iov_len=61}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, "
	       "0) = %zd\n", sv[1], n);

	/* a descriptor pair in SCM_RIGHTS */
	memset(&m, 0, sizeof(m));
	iov[0].iov_len = 1;
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	m.msg_control = c1.buf;
	m.msg_controllen = sizeof(c1.buf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	sendmsg(sv[0], &m, 0);
	printf("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"h\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
	       "cmsg_data=[0, 1]}], msg_controllen=%zu, msg_flags=0}, 0) = 1\n",
	       sv[0], (size_t)CMSG_LEN(sizeof(fds)), sizeof(c1.buf));
	memset(&rm, 0, sizeof(rm));
	riov[0].iov_len = sizeof(r);
	rm.msg_iov = riov;
	rm.msg_iovlen = 1;
	rm.msg_control = c2.buf;
	rm.msg_controllen = sizeof(c2.buf);
	recvmsg(sv[1], &rm, MSG_CMSG_CLOEXEC);
	memcpy(got, CMSG_DATA(CMSG_FIRSTHDR(&rm)), sizeof(got));
	printf("recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"h\", iov_len=64}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
	       "cmsg_data=[%d, %d]}], msg_controllen=%zu, msg_flags=MSG_CMSG_CLOEXEC}, "
	       "MSG_CMSG_CLOEXEC) = 1\n", sv[1], (size_t)CMSG_LEN(sizeof(fds)), got[0], got[1],
	       (size_t)rm.msg_controllen);

	/* nothing left: a failed recvmsg shows only msg_namelen */
	recvmsg(sv[1], &rm, MSG_DONTWAIT);
	printf("recvmsg(%d, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)\n",
	       sv[1]);

	sendto(sv[1], "ping", 4, 0, NULL, 0);
	printf("sendto(%d, \"ping\", 4, 0, NULL, 0) = 4\n", sv[1]);
	recvfrom(sv[0], r2, sizeof(r2), 0, NULL, NULL);
	printf("recvfrom(%d, \"ping\", 64, 0, NULL, NULL) = 4\n", sv[0]);
	shutdown(sv[0], SHUT_RDWR);
	printf("shutdown(%d, SHUT_RDWR) = 0\n", sv[0]);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

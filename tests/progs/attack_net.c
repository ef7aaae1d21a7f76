/* Network rules:
 *   attack_net socket inet|inet6|packet|netlink|unix   socket() works?
 *   attack_net tcp PORT [HOST]       TCP connect to HOST (127.0.0.1):PORT
 *   attack_net udp PORT              UDP socket + sendto 127.0.0.1:PORT
 *   attack_net mptcp PORT            IPPROTO_MPTCP stream connect
 *   attack_net fastopen PORT         TCP sendto(MSG_FASTOPEN): a connect
 *                                    without connect()
 *   attack_net v4mapped PORT         AF_INET6 connect to ::ffff:127.0.0.1
 *   attack_net race OKPORT HOST2     connect to 127.0.0.1:OKPORT while a
 *                                    thread flips the address to HOST2
 *                                    (another local address, same port):
 *                                    escape when connected to HOST2
 * Escape: the socket/connection works. */
#include "attack.h"
#include <pthread.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

static struct sockaddr_in sa;
static volatile int stop;
static uint32_t host2;	/* network order */

static void *flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		sa.sin_addr.s_addr = htonl(0x7f000001);
		__asm__ volatile("" ::: "memory");	/* keep both stores */
		for (volatile int i = 0; i < 30; i++)
			;
		sa.sin_addr.s_addr = host2;
		__asm__ volatile("" ::: "memory");
		for (volatile int i = 0; i < 30; i++)
			;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode;
	int port, s;

	if (argc < 3)
		return 2;
	mode = argv[1];
	port = atoi(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(0x7f000001);
	if (argc > 3 && strcmp(mode, "race"))
		inet_pton(AF_INET, argv[3], &sa.sin_addr);
	if (argc > 3)
		inet_pton(AF_INET, argv[3], &host2);
	if (!strcmp(mode, "socket")) {
		const char *f = argv[2];
		int fam = !strcmp(f, "inet") ? AF_INET : !strcmp(f, "inet6") ? AF_INET6 :
			  !strcmp(f, "packet") ? AF_PACKET : !strcmp(f, "netlink") ? AF_NETLINK :
			  !strcmp(f, "unix") ? AF_UNIX : -1;
		int type = fam == AF_PACKET ? SOCK_RAW : fam == AF_NETLINK ? SOCK_RAW :
			   fam == AF_UNIX ? SOCK_STREAM : SOCK_DGRAM;
		if (fam < 0)
			return 2;
		s = socket(fam, type, 0);
		if (s < 0)
			blocked("socket(%s): %s", f, ename(errno));
		escaped("socket(%s)", f);
	} else if (!strcmp(mode, "tcp") || !strcmp(mode, "mptcp")) {
		s = socket(AF_INET, SOCK_STREAM, !strcmp(mode, "mptcp") ? IPPROTO_MPTCP : 0);
		if (s < 0)
			blocked("socket: %s", ename(errno));
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			blocked("connect: %s", ename(errno));
		escaped("%s connect to port %d", mode, port);
	} else if (!strcmp(mode, "udp")) {
		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (s < 0)
			blocked("socket: %s", ename(errno));
		if (sendto(s, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			blocked("sendto: %s", ename(errno));
		escaped("udp sendto port %d", port);
	} else if (!strcmp(mode, "fastopen")) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			blocked("socket: %s", ename(errno));
		if (sendto(s, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			blocked("sendto MSG_FASTOPEN: %s", ename(errno));
		/* a blocking sendto without a TFO cookie returns after the
		 * handshake: ECONNREFUSED on a closed port, 1 when connected */
		escaped("MSG_FASTOPEN connected to port %d and sent data", port);
	} else if (!strcmp(mode, "v4mapped")) {
		struct sockaddr_in6 s6;
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &s6.sin6_addr);
		s = socket(AF_INET6, SOCK_STREAM, 0);
		if (s < 0)
			blocked("socket: %s", ename(errno));
		if (connect(s, (struct sockaddr *)&s6, sizeof(s6)) < 0)
			blocked("connect: %s", ename(errno));
		escaped("v4-mapped connect to port %d", port);
	} else if (!strcmp(mode, "race")) {
		pthread_t th;
		double end = now_s() + 1.5;
		long tries = 0;
		int last = 0;
		pthread_create(&th, NULL, flipper, NULL);
		while (now_s() < end) {
			struct sockaddr_in peer;
			socklen_t l = sizeof(peer);
			tries++;
			s = socket(AF_INET, SOCK_STREAM, 0);
			if (s < 0) {
				last = errno;
				break;
			}
			if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
			    getpeername(s, (struct sockaddr *)&peer, &l) == 0 &&
			    peer.sin_addr.s_addr == host2) {
				stop = 1;
				escaped("connected to %s:%d after %ld tries", argv[3], port, tries);
			} else if (errno) {
				last = errno;
			}
			close(s);
		}
		stop = 1;
		pthread_join(th, NULL);
		blocked("%ld tries, last error %s", tries, ename(last));
	}
	return 2;
}

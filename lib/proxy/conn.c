/* The client's connection to a proxy server: a spawned `sh -c CMD`
 * (ssh ... tracebox serve --stdio) on a socketpair, or a unix/tcp socket.
 * Synchronous round trips: one send per frame, buffered reads. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include "proxy/proto.h"

#define REAP_MS 2000	/* a spawned server gets this long to leave after BYE */

struct tbx_pconn {
	int fd;
	pid_t child;		/* spawned server, or 0 */
	bool dead;
	int timeout_ms;		/* < 0: none */
	uint32_t id;
	struct tbx_logger lg;
	struct tbx_preader rd;
	struct tbx_sbuf wb;
};

extern char **environ;

static tbx_pconn *conn_new(int fd, struct tbx_logger *lg)
{
	tbx_pconn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->fd = fd;
	c->rd.fd = fd;
	c->rd.spin_us = TBX_PREADER_SPIN_US;
	c->timeout_ms = -1;
	if (lg)
		c->lg = *lg;
	return c;
}

/* The server's ERROR frame, logged; its errno. */
static int peer_error(tbx_pconn *c, const struct tbx_pframe *f)
{
	struct tbx_pbuf msg = { 0 };
	int err = EPROTO;

	if (tbx_proto_get_error(f, &err, &msg) || err <= 0 || err > 4095)
		err = EPROTO;
	tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server: %.*s", (int)msg.len,
		msg.p ? (const char *)msg.p : "");
	return -err;
}

static int hello(tbx_pconn *c, const char *token)
{
	struct tbx_pframe f;
	uint32_t v = 0, max = 0;
	int e;

	tbx_proto_put_hello(&c->wb, token ? token : "", token ? strlen(token) : 0);
	e = tbx_proto_send(c->fd, true, &c->wb);
	if (!e)
		e = tbx_preader_next(&c->rd, &f, TBX_PCONN_HELLO_MS);
	if (e == 0 || (e < 0 && e != -ETIMEDOUT)) {
		tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server: gone before its welcome (%s)",
			e ? strerror(-e) : "end of file");
		return -EIO;
	}
	if (e < 0) {
		tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server: no welcome in %d s",
			TBX_PCONN_HELLO_MS / 1000);
		return e;
	}
	if (f.type == TBX_FR_ERROR)
		return peer_error(c, &f);
	if (tbx_proto_get_welcome(&f, &v, &max)) {
		tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server: malformed welcome");
		return -EIO;
	}
	if (v != TBX_PROTO_VERSION) {
		tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server speaks protocol %u, we speak %u",
			v, TBX_PROTO_VERSION);
		return -EPROTONOSUPPORT;
	}
	return 0;
}

/* HELLO, WELCOME: the connection is *out, or freed with the refusal. */
static int greet(tbx_pconn *c, const char *token, tbx_pconn **out)
{
	int e = hello(c, token);

	if (e) {
		c->dead = true;
		tbx_pconn_free(c);
		return e;
	}
	*out = c;
	return 0;
}

int tbx_pconn_spawn(const char *cmdline, const char *token, tbx_pconn **out,
		    struct tbx_logger *lg)
{
	char *argv[] = { "sh", "-c", (char *)cmdline, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	tbx_pconn *c;
	int sv[2], e;

	*out = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	c = conn_new(sv[0], lg);
	if (!c) {
		close(sv[0]);
		close(sv[1]);
		return -ENOMEM;
	}
	/* dup2 clears close-on-exec on the copies: the server sees only
	 * its stdin/stdout (and our stderr) */
	e = posix_spawn_file_actions_init(&fa);
	if (!e)
		e = posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	if (!e)
		e = posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	/* the server starts with default signals, whatever ours are */
	sigemptyset(&none);
	sigfillset(&all);
	if (!e)
		e = posix_spawnattr_init(&at);
	if (!e) {
		posix_spawnattr_setsigmask(&at, &none);
		posix_spawnattr_setsigdefault(&at, &all);
		posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
		e = posix_spawn(&c->child, "/bin/sh", &fa, &at, argv, environ);
		posix_spawnattr_destroy(&at);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (e) {
		c->child = 0;
		tbx_pconn_free(c);
		return -e;
	}
	return greet(c, token, out);
}

/* "unix:PATH" or "tcp:HOST:PORT" ([v6]:PORT) to a connected socket. */
static int dial(const char *addr)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	char host[256], *port;
	int fd = -1, e;

	if (!strncmp(addr, "unix:", 5)) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		if (strlen(addr + 5) >= sizeof(un.sun_path) || !addr[5])
			return -EINVAL;
		strcpy(un.sun_path, addr + 5);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (struct sockaddr *)&un, sizeof(un))) {
			e = -errno;
			close(fd);
			return e;
		}
		return fd;
	}
	if (strncmp(addr, "tcp:", 4) || snprintf(host, sizeof(host), "%s", addr + 4) >= (int)sizeof(host))
		return -EINVAL;
	port = strrchr(host, ':');
	if (!port || !port[1])
		return -EINVAL;
	*port++ = 0;
	if (host[0] == '[' && port - host > 2 && port[-2] == ']') {
		port[-2] = 0;
		memmove(host, host + 1, strlen(host));
	}
	e = getaddrinfo(host, port, &hints, &ai);
	if (e)
		return e == EAI_SYSTEM ? -errno : -EHOSTUNREACH;
	e = -EHOSTUNREACH;
	for (a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			e = -errno;
			continue;
		}
		if (!connect(fd, a->ai_addr, a->ai_addrlen)) {
			/* a frame is one send: the tail of a big one must
			 * not wait for the ack of its start */
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
			break;
		}
		e = -errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd >= 0 ? fd : e;
}

int tbx_pconn_connect(const char *addr, const char *token, tbx_pconn **out,
		      struct tbx_logger *lg)
{
	tbx_pconn *c;
	int fd = dial(addr);

	*out = NULL;
	if (fd < 0)
		return fd;
	c = conn_new(fd, lg);
	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	return greet(c, token, out);
}

void tbx_pconn_set_timeout(tbx_pconn *c, int ms)
{
	c->timeout_ms = ms > 0 ? ms : -1;
}

/* The connection is beyond repair: say why once, fail from now on. */
static int conn_dead(tbx_pconn *c, int e, const char *why)
{
	if (!c->dead)
		tbx_log(&c->lg, TBX_LOG_ERROR, "proxy server: %s%s%s", why,
			e ? ": " : "", e ? strerror(-e) : "");
	c->dead = true;
	return e == -ETIMEDOUT ? -ETIMEDOUT : -EIO;
}

/* Encode call into the write buffer and check it as the server will:
 * a bad call is the caller's mistake, not a reason to lose the server. */
static int encode(tbx_pconn *c, const struct tbx_pcall *call)
{
	struct tbx_pframe f;
	struct tbx_pcall chk;
	size_t used;
	int e;

	c->wb.len = 0;
	tbx_proto_put_call(&c->wb, ++c->id, call);
	if (c->wb.oom) {
		c->wb.oom = 0;
		return -ENOMEM;
	}
	e = tbx_proto_frame((const uint8_t *)c->wb.p, c->wb.len, &f, &used);
	if (e == 1)
		e = tbx_proto_get_call(&f, &chk);
	else if (e == 0)
		e = -EINVAL;
	if (e)
		c->wb.len = 0;
	return e == -ENOSYS ? -ENOSYS : e ? -EINVAL : 0;
}

int tbx_pconn_call(tbx_pconn *c, const struct tbx_pcall *call, struct tbx_presult *res)
{
	struct tbx_pframe f;
	int e;

	if (c->dead)
		return -EIO;
	e = encode(c, call);
	if (e)
		return e;
	e = tbx_proto_send(c->fd, true, &c->wb);
	if (e)
		return conn_dead(c, e, "cannot send");
	e = tbx_preader_next(&c->rd, &f, c->timeout_ms);
	if (e == 0)
		return conn_dead(c, 0, "connection closed");
	if (e < 0)
		return conn_dead(c, e, e == -ETIMEDOUT ? "no answer in time" : "cannot read");
	if (f.type == TBX_FR_ERROR) {
		peer_error(c, &f);
		return conn_dead(c, 0, "closed the session");
	}
	if (f.id != c->id || tbx_proto_get_result(&f, call, res))
		return conn_dead(c, 0, "malformed answer");
	return 0;
}

/* Wait for the spawned server at most REAP_MS, then kill it. */
static void reap(pid_t pid)
{
	struct timespec ts = { 0, 10 * 1000000 };

	for (int i = 0; i < REAP_MS / 10; i++) {
		pid_t r = waitpid(pid, NULL, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

void tbx_pconn_free(tbx_pconn *c)
{
	if (!c)
		return;
	if (!c->dead) {
		c->wb.len = 0;
		tbx_proto_put_bye(&c->wb);
		tbx_proto_send(c->fd, true, &c->wb);
	}
	shutdown(c->fd, SHUT_RDWR);
	close(c->fd);
	if (c->child > 0)
		reap(c->child);
	tbx_preader_free(&c->rd);
	sb_free(&c->wb);
	free(c);
}

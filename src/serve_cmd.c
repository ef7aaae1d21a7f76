/* tracebox serve: the executing side of tracebox proxy, one session on
 * stdin/stdout (under ssh), or a process per client on a socket. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"
#include "proxy/proto.h"

#define MAX_SESSIONS 64		/* concurrent clients of one --listen */

struct serve_args {
	const char *listen, *token_file, *root, *calls;
	bool stdio;
	int verbose;
};

static int verbosity;
static volatile sig_atomic_t stopping;

static void serve_log(enum tbx_log_level lvl, const char *msg, void *ctx)
{
	(void)ctx;
	if ((int)lvl <= TBX_LOG_WARN + verbosity)
		fprintf(stderr, "tracebox serve[%d]: %s\n", (int)getpid(), msg);
}

static void usage(FILE *f)
{
	fputs("usage: tracebox serve (--stdio | --listen unix:PATH | --listen tcp:HOST:PORT)\n"
	      "                      [--token-file FILE] [--root DIR] [--calls SET] [-v]\n"
	      "\n"
	      "Executes the system calls of `tracebox proxy` (docs/proxy-protocol.md).\n"
	      "  --stdio            one session on stdin/stdout ('ssh host tracebox serve --stdio')\n"
	      "  --listen ADDR      a process per client; unix sockets are created 0600,\n"
	      "                     tcp needs --token-file\n"
	      "  --token-file FILE  clients must present this secret (first line of FILE)\n"
	      "  --root DIR         every path resolves beneath DIR ('..' and symlinks included)\n"
	      "  --calls SET        execute only these calls (as trace -e trace=: names, %file,\n"
	      "                     %network, %desc); others fail with EPERM\n"
	      "  -v                 log sessions; -vv every call\n", f);
}

static int parse(int argc, char **argv, struct serve_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **val = !strcmp(o, "--listen") ? &a->listen
				 : !strcmp(o, "--token-file") ? &a->token_file
				 : !strcmp(o, "--root") ? &a->root
				 : !strcmp(o, "--calls") ? &a->calls : NULL;

		if (val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tracebox: serve: %s needs a value\n", o);
				return 2;
			}
			*val = argv[++i];
		} else if (!strcmp(o, "--stdio")) {
			a->stdio = true;
		} else if (!strcmp(o, "-v") || !strcmp(o, "-vv")) {
			a->verbose += o[2] ? 2 : 1;
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			return 1;
		} else {
			fprintf(stderr, "tracebox: serve: unknown option '%s'\n", o);
			usage(stderr);
			return 2;
		}
	}
	if (a->stdio == !!a->listen) {
		fprintf(stderr, "tracebox: serve: give one of --stdio or --listen ADDR\n");
		return 2;
	}
	if (a->listen && strncmp(a->listen, "unix:", 5) && strncmp(a->listen, "tcp:", 4)) {
		fprintf(stderr, "tracebox: serve: --listen takes unix:PATH or tcp:HOST:PORT\n");
		return 2;
	}
	if (a->listen && !strncmp(a->listen, "tcp:", 4) && !a->token_file) {
		fprintf(stderr, "tracebox: serve: tcp needs --token-file: anyone who can "
				"connect could otherwise act as you\n");
		return 2;
	}
	return 0;
}

/* The first line of the token file; it should be private. */
static int read_token(const char *path, char *tok, size_t n)
{
	struct stat st;
	size_t len;
	FILE *f = fopen(path, "re");

	if (!f) {
		fprintf(stderr, "tracebox: serve: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!fstat(fileno(f), &st) && (st.st_mode & 077))
		fprintf(stderr, "tracebox: serve: warning: %s is readable by others\n", path);
	if (!fgets(tok, (int)n, f))
		tok[0] = 0;
	fclose(f);
	len = strcspn(tok, "\r\n");
	tok[len] = 0;
	if (!len || len > TBX_PROTO_MAX_TOKEN) {
		fprintf(stderr, "tracebox: serve: %s: the token must be 1 to %d bytes on its "
				"first line\n", path, TBX_PROTO_MAX_TOKEN);
		return -1;
	}
	return 0;
}

static int open_root(const char *dir)
{
	struct open_how how = { .flags = O_PATH, .resolve = RESOLVE_IN_ROOT };
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	long probe;

	if (fd < 0) {
		fprintf(stderr, "tracebox: serve: --root %s: %s\n", dir, strerror(errno));
		return -1;
	}
	probe = syscall(SYS_openat2, fd, ".", &how, sizeof(how));
	if (probe < 0) {
		fprintf(stderr, "tracebox: serve: --root needs openat2 (Linux 5.6): %s\n",
			strerror(errno));
		close(fd);
		return -1;
	}
	close((int)probe);
	return fd;
}

static uint8_t *parse_calls(const char *set)
{
	uint8_t *bm = calloc(1, (tbx_syscall_count() + 7) / 8);
	const char *bad = NULL;

	if (bm && tbx_syscall_set_parse(set, bm, &bad)) {
		fprintf(stderr, "tracebox: serve: --calls: bad call or class '%s'\n",
			bad ? bad : set);
		free(bm);
		return NULL;
	}
	return bm;
}

/* ---- --listen ---- */

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void on_child(int sig)
{
	(void)sig;	/* only to interrupt accept */
}

static int listen_unix(const char *path)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, e;

	if (strlen(path) >= sizeof(un.sun_path) || !path[0]) {
		fprintf(stderr, "tracebox: serve: unix socket path too long or empty\n");
		return -1;
	}
	strcpy(un.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	old = umask(0177);	/* 0600: only our user may connect */
	e = bind(fd, (struct sockaddr *)&un, sizeof(un));
	umask(old);
	if (e || listen(fd, 16)) {
		fprintf(stderr, "tracebox: serve: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int listen_tcp(const char *hostport)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai;
	char host[256], *port;
	int fd = -1, one = 1, e;

	snprintf(host, sizeof(host), "%s", hostport);
	port = strrchr(host, ':');
	if (!port || port == host) {
		fprintf(stderr, "tracebox: serve: tcp:HOST:PORT expected\n");
		return -1;
	}
	*port++ = 0;
	e = getaddrinfo(host, port, &hints, &ai);
	if (e) {
		fprintf(stderr, "tracebox: serve: %s: %s\n", hostport, gai_strerror(e));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 16)) {
		fprintf(stderr, "tracebox: serve: %s: %s\n", hostport, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static void say_listening(int fd, const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[64], port[16];

	if (!strncmp(addr, "tcp:", 4) &&
	    !getsockname(fd, (struct sockaddr *)&ss, &sl) &&
	    !getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), port, sizeof(port),
			 NI_NUMERICHOST | NI_NUMERICSERV))
		fprintf(stderr, "tracebox serve[%d]: listening on tcp:%s:%s\n", (int)getpid(),
			host, port);
	else
		fprintf(stderr, "tracebox serve[%d]: listening on %s\n", (int)getpid(), addr);
}

static pid_t sessions[MAX_SESSIONS];
static unsigned live;

/* Forget the sessions that ended; wait for one when block. */
static void reap(bool block)
{
	for (;;) {
		pid_t pid = waitpid(-1, NULL, block ? 0 : WNOHANG);

		if (pid < 0 && errno == EINTR && !stopping)
			continue;
		if (pid < 0 && errno == ECHILD)
			live = 0;
		if (pid <= 0)
			return;	/* none ended, or a stop: the caller looks */
		for (unsigned i = 0; i < live; i++)
			if (sessions[i] == pid)
				sessions[i] = sessions[--live];
		block = false;
	}
}

static void session_child(int lfd, int cfd, struct tbx_serve_opts *o)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	close(lfd);
	o->in_fd = o->out_fd = cfd;
	_exit(tbx_serve_session(o) ? 1 : 0);
}

static int serve_listen(const char *addr, struct tbx_serve_opts *o)
{
	struct sigaction sa = { .sa_handler = on_stop };	/* no SA_RESTART */
	int lfd = !strncmp(addr, "unix:", 5) ? listen_unix(addr + 5) : listen_tcp(addr + 4);

	if (lfd < 0)
		return 1;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	say_listening(lfd, addr);
	while (!stopping) {
		int cfd;
		pid_t pid;

		reap(live >= MAX_SESSIONS);
		if (stopping || live >= MAX_SESSIONS)
			continue;
		cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (cfd < 0)
			continue;	/* EINTR (a child ended, a stop), or a client gone */
		if (!strncmp(addr, "tcp:", 4))	/* as the client: no Nagle delay */
			setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
		pid = fork();
		if (pid == 0)
			session_child(lfd, cfd, o);
		if (pid > 0)
			sessions[live++] = pid;
		close(cfd);
	}
	close(lfd);
	if (!strncmp(addr, "unix:", 5))
		unlink(addr + 5);
	/* sessions end with their clients; a stop ends them now */
	for (unsigned i = 0; i < live; i++)
		kill(sessions[i], SIGTERM);
	while (live)
		reap(true);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = { 0 };
	struct tbx_serve_opts o = { .sz = sizeof(o), .root_fd = -1, .log = serve_log };
	char token[TBX_PROTO_MAX_TOKEN + 2];
	uint8_t *allowed = NULL;
	int r = parse(argc, argv, &a);

	if (r)
		return r == 1 ? 0 : r;
	verbosity = a.verbose;
	if (a.token_file) {
		if (read_token(a.token_file, token, sizeof(token)))
			return 1;
		o.token = token;
	}
	if (a.root && (o.root_fd = open_root(a.root)) < 0)
		return 1;
	if (a.calls && !(allowed = parse_calls(a.calls)))
		return 2;
	o.allowed = allowed;
	signal(SIGPIPE, SIG_IGN);	/* a client gone is an error return, not a death */
	if (a.stdio) {
		o.in_fd = 0;
		o.out_fd = 1;
		r = tbx_serve_session(&o) ? 1 : 0;
	} else {
		r = serve_listen(a.listen, &o);
	}
	free(allowed);
	if (o.root_fd >= 0)
		close(o.root_fd);
	return r;
}

/* The client's connection to a proxy server: round trips through a
 * spawned `tracebox serve --stdio` and through a unix socket served by
 * tbx_serve_session in a child; refusals (token, garbage, a server that
 * exits at once), a server killed mid-session (EIO, then EIO at once), a
 * server that never answers (the timeout). Bounded: nothing waits long. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "proxy/proto.h"

static char dir[] = "/tmp/test_pconn.XXXXXX";
static char tracebox[4096], sock[256];

static int setup(void **state)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f;

	(void)state;
	if (n < 0 || !mkdtemp(dir))
		return -1;
	exe[n] = 0;
	/* BUILD/tests/unit/test_pconn -> BUILD/tracebox */
	snprintf(tracebox, sizeof(tracebox), "%s/../../tracebox", dirname(exe));
	snprintf(sock, sizeof(sock), "%s/sock", dir);
	f = fopen(strcat(strcpy(exe, dir), "/f"), "w");
	if (!f)
		return -1;
	fputs("proxied\n", f);
	fclose(f);
	f = fopen(strcat(strcpy(exe, dir), "/tok"), "w");
	if (!f)
		return -1;
	fputs("sesame\n", f);
	fclose(f);
	signal(SIGPIPE, SIG_DFL);	/* a SIGPIPE would kill the test: must not happen */
	return 0;
}

static int teardown(void **state)
{
	char p[300];

	(void)state;
	unlink(strcat(strcpy(p, dir), "/f"));
	unlink(strcat(strcpy(p, dir), "/tok"));
	unlink(sock);
	rmdir(dir);
	return 0;
}

static void set_open(struct tbx_pcall *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->nr = 257;	/* openat */
	c->nargs = 4;
	c->a[0] = (struct tbx_parg){ .kind = TBX_PA_FD, .v = AT_FDCWD };
	c->a[1] = (struct tbx_parg){ .kind = TBX_PA_STR,
				     .b = { (const uint8_t *)path, (uint32_t)strlen(path) } };
	c->a[2] = (struct tbx_parg){ .kind = TBX_PA_INT, .v = O_RDONLY };
	c->a[3] = (struct tbx_parg){ .kind = TBX_PA_INT, .v = 0 };
}

static void set_read(struct tbx_pcall *c, int64_t fd, int64_t n)
{
	memset(c, 0, sizeof(*c));
	c->nr = 0;
	c->nargs = 3;
	c->a[0] = (struct tbx_parg){ .kind = TBX_PA_FD, .v = fd };
	c->a[1] = (struct tbx_parg){ .kind = TBX_PA_OUT, .v = n };
	c->a[2] = (struct tbx_parg){ .kind = TBX_PA_INT, .v = n };
}

/* open f, read it, close it: all through c. */
static void round_trip(tbx_pconn *c)
{
	struct tbx_pcall call;
	struct tbx_presult r;
	int64_t fd;

	set_open(&call, "/f");
	assert_int_equal(tbx_pconn_call(c, &call, &r), 0);
	assert_true(r.ret >= 0);
	fd = r.ret;
	set_read(&call, fd, 64);
	assert_int_equal(tbx_pconn_call(c, &call, &r), 0);
	assert_int_equal(r.ret, 8);
	assert_int_equal(r.nouts, 1);
	assert_int_equal(r.out[0].len, 8);
	assert_memory_equal(r.out[0].p, "proxied\n", 8);
	memset(&call, 0, sizeof(call));
	call.nr = 3;
	call.nargs = 1;
	call.a[0] = (struct tbx_parg){ .kind = TBX_PA_FD, .v = fd };
	assert_int_equal(tbx_pconn_call(c, &call, &r), 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(tbx_pconn_call(c, &call, &r), 0);
	assert_int_equal(r.ret, -EBADF);
}

static void test_spawn(void **state)
{
	struct tbx_pcall call;
	struct tbx_presult r;
	char cmd[8192];
	tbx_pconn *c;

	(void)state;
	snprintf(cmd, sizeof(cmd), "exec '%s' serve --stdio --root '%s'", tracebox, dir);
	assert_int_equal(tbx_pconn_spawn(cmd, NULL, &c, NULL), 0);
	round_trip(c);
	/* a call that breaks its spec is refused here, the connection stays */
	set_read(&call, 0, 64);
	call.a[2].v = 65;
	assert_int_equal(tbx_pconn_call(c, &call, &r), -EINVAL);
	call.nr = 59;	/* execve: no spec */
	assert_int_equal(tbx_pconn_call(c, &call, &r), -ENOSYS);
	round_trip(c);
	tbx_pconn_free(c);
	tbx_pconn_free(NULL);
}

static void test_spawn_refused(void **state)
{
	char cmd[8192];
	tbx_pconn *c = (tbx_pconn *)1;

	(void)state;
	assert_int_equal(tbx_pconn_spawn("exit 3", NULL, &c, NULL), -EIO);
	assert_null(c);
	assert_int_equal(tbx_pconn_spawn("echo this is not a frame; exec sleep 5", NULL, &c, NULL), -EIO);
	assert_int_equal(tbx_pconn_spawn("/nonexistent/server", NULL, &c, NULL), -EIO);
	snprintf(cmd, sizeof(cmd), "exec '%s' serve --stdio --root '%s' --token-file '%s/tok' 2>/dev/null",
		 tracebox, dir, dir);
	assert_int_equal(tbx_pconn_spawn(cmd, "sesamE", &c, NULL), -EACCES);
	assert_int_equal(tbx_pconn_spawn(cmd, NULL, &c, NULL), -EACCES);
	assert_int_equal(tbx_pconn_spawn(cmd, "sesame", &c, NULL), 0);
	round_trip(c);
	tbx_pconn_free(c);
}

static int listen_unix(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	unlink(sock);
	strcpy(un.sun_path, sock);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&un, sizeof(un)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

/* A child serving one client of lfd: a real session, or a mute one that
 * welcomes and then never answers. */
static pid_t serve_one(int lfd, bool mute)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		int cfd = accept(lfd, NULL, NULL), root = open(dir, O_PATH | O_DIRECTORY);
		struct tbx_serve_opts o = { .sz = sizeof(o), .in_fd = cfd, .out_fd = cfd,
					    .root_fd = root };

		if (mute) {
			struct tbx_preader rd = { .fd = cfd };
			struct tbx_sbuf b = { 0 };
			struct tbx_pframe f;

			tbx_preader_next(&rd, &f, 5000);
			tbx_proto_put_welcome(&b);
			tbx_proto_send(cfd, true, &b);
			sleep(10);
			_exit(0);
		}
		_exit(tbx_serve_session(&o) ? 1 : 0);
	}
	return pid;
}

static void test_connect_and_kill(void **state)
{
	struct tbx_pcall call;
	struct tbx_presult r;
	char addr[300];
	tbx_pconn *c;
	int lfd = listen_unix(), st;
	pid_t pid = serve_one(lfd, false);

	(void)state;
	snprintf(addr, sizeof(addr), "unix:%s", sock);
	assert_int_equal(tbx_pconn_connect(addr, NULL, &c, NULL), 0);
	round_trip(c);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	set_read(&call, 5, 10);
	assert_int_equal(tbx_pconn_call(c, &call, &r), -EIO);
	assert_int_equal(tbx_pconn_call(c, &call, &r), -EIO);
	tbx_pconn_free(c);
	close(lfd);
}

static void test_timeout(void **state)
{
	struct tbx_pcall call;
	struct tbx_presult r;
	char addr[300];
	tbx_pconn *c;
	int lfd = listen_unix(), st;
	pid_t pid = serve_one(lfd, true);

	(void)state;
	snprintf(addr, sizeof(addr), "unix:%s", sock);
	assert_int_equal(tbx_pconn_connect(addr, NULL, &c, NULL), 0);
	tbx_pconn_set_timeout(c, 300);
	set_read(&call, 5, 10);
	assert_int_equal(tbx_pconn_call(c, &call, &r), -ETIMEDOUT);
	assert_int_equal(tbx_pconn_call(c, &call, &r), -EIO);
	tbx_pconn_free(c);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(lfd);
}

static void test_bad_addresses(void **state)
{
	tbx_pconn *c;

	(void)state;
	assert_int_equal(tbx_pconn_connect("foo:bar", NULL, &c, NULL), -EINVAL);
	assert_int_equal(tbx_pconn_connect("tcp:nocolon", NULL, &c, NULL), -EINVAL);
	assert_int_equal(tbx_pconn_connect("unix:", NULL, &c, NULL), -EINVAL);
	assert_int_equal(tbx_pconn_connect("unix:/nonexistent/sock", NULL, &c, NULL), -ENOENT);
	assert_int_equal(tbx_pconn_connect("tcp:127.0.0.1:1", NULL, &c, NULL), -ECONNREFUSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spawn),
		cmocka_unit_test(test_spawn_refused),
		cmocka_unit_test(test_connect_and_kill),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_bad_addresses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

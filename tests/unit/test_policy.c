/* Sandbox rules: the policy parser (flags and files), and the seccomp
 * filter they become, as a verdict table run in the BPF simulator. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/audit.h>
#include <cmocka.h>
#include <seccomp.h>
#include "bpf_sim.h"
#include "policy/policy.h"
#include "sandbox/sandbox.h"
#include "sandbox/hook.h"
#include "engine/engine.h"
#include "decode/decode.h"
#include "syscallent.h"

static struct tbx_policy pol;
static struct tbx_policy_err perr;

static int setup(void **state)
{
	(void)state;
	tbx_policy_init(&pol);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tbx_policy_release(&pol);
	return 0;
}

static void add_ok(const char *word, const char *arg)
{
	if (tbx_policy_add(&pol, word, arg, &perr))
		fail_msg("%s %s: %s", word, arg ? arg : "", perr.msg);
}

static void add_fails(const char *word, const char *arg, const char *msg)
{
	assert_int_equal(tbx_policy_add(&pol, word, arg, &perr), -EINVAL);
	assert_string_equal(perr.msg, msg);
}

static void test_paths(void **state)
{
	(void)state;
	add_ok("deny", "/etc//shadow");
	add_ok("ro", "/usr/./lib/../lib");
	add_ok("hide", "/nonexistent-tracebox/dir/x");
	assert_int_equal(pol.npaths, 3);
	assert_string_equal(pol.paths[0].path, "/etc/shadow");
	assert_int_equal(pol.paths[0].kind, TBX_PATH_DENY);
	assert_string_equal(pol.paths[0].given, "/etc//shadow");
	assert_string_equal(pol.paths[1].path, "/usr/lib");
	assert_string_equal(pol.paths[2].path, "/nonexistent-tracebox/dir/x");
	/* the same path twice: the stricter rule wins */
	add_ok("ro", "/etc/shadow");
	assert_int_equal(pol.paths[0].kind, TBX_PATH_DENY);
	assert_string_equal(pol.note, "/etc/shadow has two rules: --deny wins over --ro (the stricter one)");
	add_ok("hide", "/etc/shadow");
	assert_int_equal(pol.paths[0].kind, TBX_PATH_HIDE);
	assert_string_equal(pol.note, "/etc/shadow has two rules: --hide wins over --deny (the stricter one)");
	assert_int_equal(pol.npaths, 3);
	add_fails("deny", "", "'deny' needs an argument");
	add_fails("no-net", "x", "'no-net' takes no argument");
	add_fails("bogus", NULL, "unknown rule 'bogus'");
}

static void test_syscalls(void **state)
{
	(void)state;
	add_ok("deny-syscall", "mkdir:EACCES");
	add_ok("deny-syscall", "rmdir");
	add_ok("kill-syscall", "ptrace");
	add_ok("fake", "getuid=0");
	assert_int_equal(pol.nsc, 4);
	assert_int_equal(pol.sc[0].nr, TBX_NR64_mkdir);
	assert_int_equal(pol.sc[0].action, TBX_SC_DENY);
	assert_int_equal(pol.sc[0].err, EACCES);
	assert_string_equal(pol.sc[0].text, "--deny-syscall mkdir:EACCES");
	assert_int_equal(pol.sc[1].err, EPERM);
	assert_int_equal(pol.sc[2].action, TBX_SC_KILL);
	assert_int_equal(pol.sc[3].action, TBX_SC_FAKE);
	assert_int_equal(pol.sc[3].value, 0);
	add_fails("deny-syscall", "opn", "unknown system call 'opn' (did you mean 'open'?)");
	add_fails("deny-syscall", "mkdir:EBOGUS",
		  "unknown errno 'EBOGUS' (a name like EPERM, or a number)");
	add_fails("kill-syscall", "mkdir:EPERM", "kill-syscall takes no errno: 'mkdir:EPERM'");
	add_fails("fake", "getuid", "fake needs NAME=VALUE: 'getuid'");
	add_fails("fake", "getuid=x", "fake value is not a number: 'x'");
}

static void test_inject(void **state)
{
	(void)state;
	add_ok("inject", "openat:error=ENOENT:when=3+2");
	assert_int_equal(pol.nsc, 1);
	assert_int_equal(pol.sc[0].action, TBX_SC_INJECT);
	assert_int_equal(pol.sc[0].err, ENOENT);
	assert_int_equal(pol.sc[0].first, 3);
	assert_int_equal(pol.sc[0].step, 2);
	add_ok("inject", "read,write:retval=5");
	assert_int_equal(pol.nsc, 3);
	assert_true(pol.sc[1].has_value && pol.sc[1].value == 5);
	assert_int_equal(pol.sc[2].step, 1);
	add_ok("inject", "getpid:retval=1:when=2");
	assert_int_equal(pol.sc[3].first, 2);
	assert_int_equal(pol.sc[3].step, 0);	/* only the 2nd */
	add_fails("inject", "openat:when=3", "inject needs error= or retval=: 'openat:when=3'");
	add_fails("inject", "openat:error=ENOENT:when=0", "inject: bad when= '0'");
	add_fails("inject", "openat:bogus=1", "inject: unknown 'bogus=1' (error=, retval=, when=)");
}

static void test_net_and_profiles(void **state)
{
	(void)state;
	add_ok("net-allow", "127.0.0.1:8080");
	add_ok("net-allow", "[::1]:443");
	add_ok("net-allow", "*:53");
	assert_true(pol.no_net);
	assert_int_equal(pol.net[0].family, AF_INET);
	assert_int_equal(pol.net[0].port, 8080);
	assert_int_equal(pol.net[1].family, AF_INET6);
	assert_int_equal(pol.net[2].family, 0);
	add_fails("net-allow", "127.0.0.1", "net-allow needs HOST:PORT: '127.0.0.1'");
	add_fails("net-allow", "127.0.0.1:0", "net-allow: bad port in '127.0.0.1:0'");
	/* a name: each of its addresses (/etc/hosts has localhost) */
	add_ok("net-allow", "localhost:5000");
	assert_true(pol.nnet >= 4);
	assert_int_equal(pol.net[3].port, 5000);
	assert_true(pol.net[3].family == AF_INET || pol.net[3].family == AF_INET6);
	add_ok("profile", "readonly");
	assert_true(pol.default_ro);
	add_ok("profile", "strict");
	assert_true(pol.strict_exec);
	add_fails("profile", "lax", "unknown profile 'lax' (default, nonet, readonly, strict)");
}

static char *write_file(const char *text)
{
	char *path = strdup("/tmp/tbx-policy-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_file(void **state)
{
	char *ok = write_file("# a policy\n\ndeny /etc/shadow\n  ro   /usr  \n"
			      "--no-net\ndeny-syscall mkdir:EACCES\ne inject=getpid:retval=1\n");
	char *bad = write_file("deny /etc/shadow\n# fine so far\nbogus /x\n");
	char want[256];

	(void)state;
	assert_int_equal(tbx_policy_load(&pol, ok, &perr), 0);
	assert_int_equal(pol.npaths, 2);
	assert_string_equal(pol.paths[1].path, "/usr");
	assert_true(pol.no_net);
	assert_int_equal(pol.nsc, 2);
	assert_int_equal(tbx_policy_load(&pol, bad, &perr), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: unknown rule 'bogus'", bad);
	assert_string_equal(perr.msg, want);
	assert_true(tbx_policy_load(&pol, "/nonexistent/policy", &perr) < 0);
	assert_string_equal(perr.msg, "/nonexistent/policy: No such file or directory");
	unlink(ok);
	unlink(bad);
	free(ok);
	free(bad);
}

/* ---- the filter the policy becomes ---------------------------------- */

static struct sock_fprog *filter(bool with_paths)
{
	struct tbx_sandbox_filter_spec fs = { .policy = &pol, .default_action = SCMP_ACT_ALLOW };
	uint8_t *set = calloc((tbx_nsysent64 + 7) / 8, 1);
	void *fp = NULL;

	assert_non_null(set);
	if (with_paths) {
		tbx_sandbox_path_calls(set);
		fs.trace_set = set;
	}
	assert_int_equal(tbx_sandbox_filter_build(&fs, &fp), 0);
	free(set);
	return fp;
}

static uint32_t run(const struct sock_fprog *fp, uint32_t arch, long nr,
		    uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct seccomp_data sd = {
		.nr = (int)nr, .arch = arch, .instruction_pointer = 0x401000,
		.args = { a0, a1, a2, a3, 0, 0 },
	};
	return bpf_run(fp, &sd);
}

#define X86_64 AUDIT_ARCH_X86_64
#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))
#define TRACE (SECCOMP_RET_TRACE | 1)

static void test_filter_escapes(void **state)
{
	struct sock_fprog *fp;

	(void)state;
	add_ok("deny-syscall", "mkdir:EACCES");
	add_ok("kill-syscall", "reboot");
	add_ok("fake", "getuid=0");
	fp = filter(false);
	assert_int_equal(run(fp, X86_64, TBX_NR64_getpid, 0, 0, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_mkdir, 0, 0, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_reboot, 0, 0, 0, 0), SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(run(fp, X86_64, TBX_NR64_getuid, 0, 0, 0, 0), TRACE);
	/* foreign arches die */
	assert_int_equal(run(fp, AUDIT_ARCH_I386, 20, 0, 0, 0, 0), SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(run(fp, X86_64, 0x40000000 | 39, 0, 0, 0, 0), SECCOMP_RET_KILL_PROCESS);
	/* escape closures */
	assert_int_equal(run(fp, X86_64, TBX_NR64_clone, 0x00800000 | SIGCHLD, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_clone, SIGCHLD, 0, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_clone, 0x10000000 | SIGCHLD, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_clone3, 0, 0, 0, 0), ERRNO(ENOSYS));
	assert_int_equal(run(fp, X86_64, TBX_NR64_seccomp, SECCOMP_SET_MODE_FILTER,
			     SECCOMP_FILTER_FLAG_NEW_LISTENER, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_seccomp, SECCOMP_SET_MODE_FILTER, 0, 0, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_unshare, 0x10000000, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_unshare, 0x00000200, 0, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_ptrace, 0, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_io_uring_setup, 0, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_open_by_handle_at, 0, 0, 0, 0), ERRNO(EPERM));
	assert_int_equal(run(fp, X86_64, TBX_NR64_userfaultfd, 0, 0, 0, 0), ERRNO(EPERM));
	/* no path rules: path calls run without stopping */
	assert_int_equal(run(fp, X86_64, TBX_NR64_openat, 0, 0, 0, 0), SECCOMP_RET_ALLOW);
	tbx_filter_free(fp);
	fp = filter(true);
	assert_int_equal(run(fp, X86_64, TBX_NR64_openat, 0, 0, 0, 0), TRACE);
	assert_int_equal(run(fp, X86_64, TBX_NR64_newfstatat, 0, 0, 0, 0), TRACE);
	assert_int_equal(run(fp, X86_64, TBX_NR64_symlinkat, 0, 0, 0, 0), TRACE);
	assert_int_equal(run(fp, X86_64, TBX_NR64_read, 0, 0, 0, 0), SECCOMP_RET_ALLOW);
	/* a user rule on a path call is decided first */
	assert_int_equal(run(fp, X86_64, TBX_NR64_mkdir, 0, 0, 0, 0), ERRNO(EACCES));
	tbx_filter_free(fp);
}

static void test_filter_net(void **state)
{
	struct sock_fprog *fp;

	(void)state;
	add_ok("no-net", NULL);
	fp = filter(false);
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_UNIX, SOCK_STREAM, 0, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_INET, SOCK_STREAM, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_INET6, SOCK_DGRAM, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_PACKET, SOCK_RAW, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_NETLINK, SOCK_RAW, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, 200, SOCK_RAW, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_connect, 3, 0, 16, 0), SECCOMP_RET_ALLOW);
	tbx_filter_free(fp);
	add_ok("net-allow", "127.0.0.1:8080");
	fp = filter(false);
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_INET, SOCK_DGRAM, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_socket, AF_INET6, SOCK_RAW, 0, 0), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_connect, 3, 0, 16, 0), TRACE);
	assert_int_equal(run(fp, X86_64, TBX_NR64_sendto, 3, 0, 1, 0x20000000), ERRNO(EACCES));
	assert_int_equal(run(fp, X86_64, TBX_NR64_sendto, 3, 0, 1, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(run(fp, X86_64, TBX_NR64_sendmsg, 3, 0, 0x20000000, 0), ERRNO(EACCES));
	tbx_filter_free(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syscalls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_and_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_net, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

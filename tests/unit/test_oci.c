/* Docker/OCI seccomp profiles (lib/policy/oci.c): parse errors with
 * file:line:col, and verdict tables of the generated filters, run through a
 * small classic-BPF simulator over seccomp_data inputs. No process is
 * confined: the filter generator is tested as libseccomp tests its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <cmocka.h>
#include "bpf_sim.h"
#include "engine/engine.h"
#include "policy/oci.h"

#define X32_BIT 0x40000000u
#define ALLOW SECCOMP_RET_ALLOW
#define EPERM_ (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ (SECCOMP_RET_ERRNO | ENOSYS)

/* ---- filters as programs, run in tests/unit/bpf_sim.h ---------------- */

struct prog {
	struct sock_fprog *fp;
};

static uint32_t verdict6(const struct prog *p, uint32_t arch, uint32_t nr,
			 uint64_t a0, uint64_t a1)
{
	struct seccomp_data sd = {
		.nr = (int)nr, .arch = arch, .instruction_pointer = 0x401000,
		.args = { a0, a1, 3, 4, 5, 6 },
	};

	return bpf_run(p->fp, &sd);
}

static uint32_t verdict(const struct prog *p, uint32_t nr)
{
	return verdict6(p, AUDIT_ARCH_X86_64, nr, 0, 0);
}

/* ---- build filters from profiles ------------------------------------ */

static char err[512];

static struct tbx_oci_profile *parse_ok(const char *text)
{
	struct tbx_oci_profile *p = NULL;
	int e = tbx_oci_parse("t.json", text, &p, err, sizeof(err));

	if (e)
		fail_msg("parse: %d %s", e, err);
	assert_string_equal(err, "");
	return p;
}

/* Parsing text fails with exactly msg. */
static void parse_fails(const char *text, const char *msg)
{
	struct tbx_oci_profile *p = (void *)1;

	assert_int_equal(tbx_oci_parse("t.json", text, &p, err, sizeof(err)), -EINVAL);
	assert_null(p);
	assert_string_equal(err, msg);
}

static struct prog export(scmp_filter_ctx ctx)
{
	struct prog p = { NULL };

	assert_int_equal(tbx_filter_export(ctx, (void **)&p.fp), 0);
	assert_true(p.fp->len > 0 && p.fp->len <= BPF_MAXINSNS);
	return p;
}

static struct prog build_opts(const struct tbx_oci_profile *p,
			      const struct tbx_oci_apply_opts *o, struct tbx_oci_stats *st)
{
	scmp_filter_ctx ctx = seccomp_init(tbx_oci_default_action(p));
	struct prog prog;
	int e;

	assert_non_null(ctx);
	e = tbx_oci_apply(p, ctx, o, st, err, sizeof(err));
	if (e)
		fail_msg("apply: %d %s", e, err);
	prog = export(ctx);
	seccomp_release(ctx);
	return prog;
}

static struct prog build(const struct tbx_oci_profile *p, uint64_t caps)
{
	struct tbx_oci_apply_opts o = {
		.sz = sizeof(o), .caps = caps, .kernel = TBX_OCI_KERNEL(6, 1),
	};

	return build_opts(p, &o, NULL);
}

/* ---- parse errors ----------------------------------------------------- */

static void test_syntax_errors(void **state)
{
	(void)state;
	parse_fails("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [,]\n}",
		    "t.json:3:16: unexpected token near ','");
	parse_fails("{\n \"defaultAction\": \"SCMP_ACT_ALLOW\",\n \"defaultAction\": \"SCMP_ACT_LOG\"}",
		    "t.json:3:16: duplicate object key near '\"defaultAction\"'");
	parse_fails("", "t.json:1:0: '[' or '{' expected near end of file");
	parse_fails("[]", "t.json:1:1: expected a JSON object (a seccomp profile)");
}

static void test_semantic_errors(void **state)
{
	(void)state;
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		    " \"syscalls\": [\n"
		    "  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		    "  {\"names\": [\"write\"],\n"
		    "   \"action\": \"SCMP_ACT_FOO\"}]}",
		    "t.json:5:14: syscalls[1].action: unknown action \"SCMP_ACT_FOO\"");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"],"
		    " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		    "t.json:1:117: syscalls[0].args[0].index: expected an integer from 0 to 5");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"],"
		    " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_XX\"}]}]}",
		    "t.json:1:138: syscalls[0].args[0].op: unknown operator \"SCMP_CMP_XX\"");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 70000}",
		    "t.json:1:56: defaultErrnoRet: expected an integer from 0 to 65535");
	parse_fails("{\"syscalls\": []}", "t.json:1:1: defaultAction: missing");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n \"syscalls\": [{\"names\": [\"read\"]}]}",
		    "t.json:2:15: syscalls[0].action: missing");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}",
		    "t.json:1:19: defaultAction: SCMP_ACT_NOTIFY needs a seccomp agent; tracebox is not one");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
		    " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]}",
		    "t.json:1:87: archMap: both \"architectures\" and \"archMap\" given; use one");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_PDP11\"]}",
		    "t.json:1:55: architectures[0]: unknown architecture \"SCMP_ARCH_PDP11\"");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"],"
		    " \"action\": \"SCMP_ACT_LOG\", \"includes\": {\"minKernel\": \"four\"}}]}",
		    "t.json:1:122: syscalls[0].includes.minKernel: invalid kernel version \"four\" (want MAJOR.MINOR)");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": \"read\","
		    " \"action\": \"SCMP_ACT_LOG\"}]}",
		    "t.json:1:60: syscalls[0].names: expected an array");
	parse_fails("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_X\"]}",
		    "t.json:1:47: flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_X\"");
}

static void test_file(void **state)
{
	char path[] = "/tmp/test_oci_XXXXXX";
	struct tbx_oci_profile *p = NULL;
	int fd = mkstemp(path);
	static const char text[] = "{\n\t\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\t\"syscalls\": [\n"
				   "\t\t{ \"names\": [\"mount\"], \"action\": \"SCMP_ACT_KILL_PROCESS\" },\n"
				   "\t\t{ \"names\": [\"reboot\"], \"action\": 7 }\n\t]\n}\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	assert_int_equal(tbx_oci_parse(path, NULL, &p, err, sizeof(err)), -EINVAL);
	assert_null(p);
	assert_true(!strncmp(err, path, strlen(path)));
	assert_string_equal(err + strlen(path), ":5:36: syscalls[1].action: expected a string");
	unlink(path);
	assert_int_equal(tbx_oci_parse(path, NULL, &p, err, sizeof(err)), -ENOENT);
	assert_true(!strncmp(err, path, strlen(path)));
	assert_string_equal(err + strlen(path), ": No such file or directory");
	/* a tiny err buffer is truncated, never overrun */
	assert_int_equal(tbx_oci_parse("t.json", "{", &p, err, 4), -EINVAL);
	assert_string_equal(err, "t.j");
}

/* ---- rules ------------------------------------------------------------ */

static void test_actions_and_args(void **state)
{
	struct tbx_oci_profile *p = parse_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1, \"syscalls\": [\n"
		" {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		" {\"names\": [\"kill\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},\n"
		" {\"name\": \"tkill\", \"action\": \"SCMP_ACT_TRAP\"},\n"
		" {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38},\n"
		" {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 7},\n"
		" {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_LOG\"},\n"
		" {\"names\": [\"close\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1},\n"
		" {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_NE\"}]},\n"
		" {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		" {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		" {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
		" {\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_ALLOW\", \"comment\": \"AND\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 3, \"op\": \"SCMP_CMP_GE\"},\n"
		"           {\"index\": 1, \"value\": 4096, \"op\": \"SCMP_CMP_LT\"}]},\n"
		" {\"names\": [\"dup\"], \"action\": \"SCMP_ACT_ALLOW\", \"comment\": \"OR, same index\",\n"
		"  \"args\": [{\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_LE\"},\n"
		"           {\"index\": 0, \"value\": 100, \"op\": \"SCMP_CMP_GT\"}]},\n"
		" {\"names\": [\"no_such_syscall_xyz\", \"getgid\", \"no_such_syscall_xyz\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
		"], \"unknownTopLevelKey\": {\"ignored\": [1, 2]}}");
	struct tbx_oci_stats st;
	struct tbx_oci_apply_opts o = { .sz = sizeof(o), .kernel = TBX_OCI_KERNEL(6, 1) };
	struct prog f = build_opts(p, &o, &st);

	(void)state;
	assert_int_equal(tbx_oci_default_action(p), SCMP_ACT_ERRNO(1));
	assert_int_equal(tbx_oci_arches(p), 0);
	assert_string_equal(tbx_oci_unknown_name(p, 0), "no_such_syscall_xyz");
	assert_null(tbx_oci_unknown_name(p, 1));
	assert_int_equal(st.unknown, 2);
	assert_int_equal(st.same_as_default, 2);	/* close, gettid: ERRNO(EPERM) = default */
	assert_int_equal(st.filtered, 0);

	assert_int_equal(verdict(&f, 0), ALLOW);			/* read */
	assert_int_equal(verdict(&f, 1), ALLOW);			/* write */
	assert_int_equal(verdict(&f, 62), SECCOMP_RET_KILL_PROCESS);	/* kill */
	assert_int_equal(verdict(&f, 200), SECCOMP_RET_TRAP);		/* tkill */
	assert_int_equal(verdict(&f, 39), ENOSYS_);			/* getpid */
	assert_int_equal(verdict(&f, 186), EPERM_);			/* gettid: EPERM by default */
	assert_int_equal(verdict(&f, 110), SECCOMP_RET_TRACE | 7);	/* getppid */
	assert_int_equal(verdict(&f, 102), SECCOMP_RET_LOG);		/* getuid */
	assert_int_equal(verdict(&f, 104), ALLOW);			/* getgid */
	assert_int_equal(verdict(&f, 3), EPERM_);			/* close */
	assert_int_equal(verdict(&f, 2), EPERM_);			/* open: not listed */
	/* socket: any family but AF_VSOCK */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 41, 2, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 41, 40, 0), EPERM_);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 41, 40 | 1ULL << 32, 0), ALLOW);
	/* personality: 0 or 8 only */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 0, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 8, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 0x0400000, 0), EPERM_);
	/* clone: no namespace flags */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x01200011, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x10000000 | 17, 0), EPERM_);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x00020000, 0), EPERM_);
	/* lseek: fd >= 3 AND offset < 4096 */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 8, 3, 4095), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 8, 2, 4095), EPERM_);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 8, 3, 4096), EPERM_);
	/* dup: fd <= 2 OR fd > 100 */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 32, 2, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 32, 101, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 32, 50, 0), EPERM_);
	tbx_filter_free(f.fp);
	tbx_oci_free(p);
}

static void test_includes_excludes(void **state)
{
	struct tbx_oci_profile *p = parse_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		" {\"names\": [\"mount\", \"clone3\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
		" {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38,\n"
		"  \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
		" {\"names\": [\"reboot\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"includes\": {\"caps\": [\"CAP_SYS_BOOT\", \"CAP_SYS_ADMIN\"]}},\n"
		" {\"names\": [\"chroot\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"  \"includes\": {\"caps\": [\"CAP_NOT_A_CAPABILITY\"]}},\n"
		" {\"names\": [\"arch_prctl\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"amd64\", \"x32\"]}},\n"
		" {\"names\": [\"cacheflush\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"arm\", \"arm64\"]}},\n"
		" {\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"arches\": [\"amd64\"]}},\n"
		" {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"4.8\"}},\n"
		" {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"6.2\"}},\n"
		" {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"minKernel\": \"6.2\"}},\n"
		" {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {}, \"excludes\": null, \"args\": null}\n"
		"]}");
	struct tbx_oci_stats st;
	struct tbx_oci_apply_opts o = {
		.sz = sizeof(o), .caps = 1ULL << 21 /* CAP_SYS_ADMIN */, .kernel = TBX_OCI_KERNEL(6, 1),
	};
	struct prog none = build(p, TBX_OCI_CAPS_NONE), all = build(p, TBX_OCI_CAPS_ALL);
	struct prog admin = build_opts(p, &o, &st);

	(void)state;
	assert_int_equal(verdict(&none, 165), EPERM_);		/* mount */
	assert_int_equal(verdict(&all, 165), ALLOW);
	assert_int_equal(verdict(&admin, 165), ALLOW);
	assert_int_equal(verdict(&none, 435), ENOSYS_);		/* clone3 */
	assert_int_equal(verdict(&all, 435), ALLOW);
	assert_int_equal(verdict(&none, 169), EPERM_);		/* reboot: needs both caps */
	assert_int_equal(verdict(&admin, 169), EPERM_);
	assert_int_equal(verdict(&all, 169), ALLOW);
	assert_int_equal(verdict(&all, 161), EPERM_);		/* chroot: unknown cap never held */
	assert_int_equal(verdict(&none, 158), ALLOW);		/* arch_prctl: amd64 listed */
	assert_int_equal(verdict(&all, 0), EPERM_);		/* read: arm only */
	assert_int_equal(verdict(&none, 1), EPERM_);		/* write: amd64 excluded */
	assert_int_equal(verdict(&none, 101), ALLOW);		/* ptrace: 6.1 >= 4.8 */
	assert_int_equal(verdict(&none, 39), EPERM_);		/* getpid: 6.1 < 6.2 */
	assert_int_equal(verdict(&none, 186), ALLOW);		/* gettid: not excluded on 6.1 */
	assert_int_equal(verdict(&none, 102), ALLOW);		/* getuid: empty filters */
	/* admin: mount+clone3, arch_prctl, ptrace, gettid, getuid; left out:
	 * clone3-ENOSYS, reboot, chroot, arm, write, getpid */
	assert_int_equal(st.filtered, 6);
	assert_int_equal(st.rules, 6);
	tbx_filter_free(none.fp);
	tbx_filter_free(all.fp);
	tbx_filter_free(admin.fp);

	o.caps = 0;
	o.kernel = TBX_OCI_KERNEL(6, 2);
	admin = build_opts(p, &o, NULL);
	assert_int_equal(verdict(&admin, 39), ALLOW);
	assert_int_equal(verdict(&admin, 186), EPERM_);
	tbx_filter_free(admin.fp);
	tbx_oci_free(p);
}

static void test_arches(void **state)
{
	struct tbx_oci_profile *p = parse_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\","
		" \"SCMP_ARCH_AARCH64\", \"SCMP_ARCH_LOONGARCH64\"],"
		" \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	struct tbx_oci_apply_opts o = { .sz = sizeof(o), .compat_arches = true };
	struct prog native = build(p, 0), compat = build_opts(p, &o, NULL);

	(void)state;
	assert_int_equal(tbx_oci_arches(p), TBX_OCI_ARCH_X86_64 | TBX_OCI_ARCH_X86);
	assert_int_equal(verdict(&native, 0), ALLOW);
	assert_int_not_equal(verdict6(&native, AUDIT_ARCH_I386, 3, 0, 0), ALLOW);
	assert_int_equal(verdict(&compat, 0), ALLOW);
	assert_int_equal(verdict6(&compat, AUDIT_ARCH_I386, 3, 0, 0), ALLOW);	/* i386 read */
	assert_int_equal(verdict6(&compat, AUDIT_ARCH_I386, 4, 0, 0), EPERM_);
	tbx_filter_free(native.fp);
	tbx_filter_free(compat.fp);
	tbx_oci_free(p);
}

/* ---- Docker's default profile ----------------------------------------- */

static void test_default_profile(void **state)
{
	static const uint32_t denied[] = {
		165,	/* mount */
		166,	/* umount2 */
		169,	/* reboot */
		246,	/* kexec_load */
		320,	/* kexec_file_load */
		321,	/* bpf */
		175,	/* init_module */
		313,	/* finit_module */
		176,	/* delete_module */
		304,	/* open_by_handle_at */
		272,	/* unshare */
		308,	/* setns */
		155,	/* pivot_root */
		161,	/* chroot */
		167,	/* swapon */
		298,	/* perf_event_open */
		250,	/* keyctl */
		248,	/* add_key */
		312,	/* kcmp */
		438,	/* pidfd_getfd */
		172,	/* iopl */
		173,	/* ioperm */
		227,	/* clock_settime */
		103,	/* syslog */
		323,	/* userfaultfd */
		428,	/* open_tree */
		457,	/* statmount */
	};
	static const uint32_t allowed[] = {
		0, 1, 2, 3, 257, 59, 322, 231, 60, 9, 10, 11, 12, 13, 14, 15, 39, 56,
		57, 58, 61, 72, 79, 158, 202, 218, 228, 262, 273, 302, 318, 332, 334,
		425, 426, 427, 437, 439,
		452, 464,	/* fchmodat2, getxattrat: newer than some libseccomps */
		101,	/* ptrace: allowed from kernel 4.8 on */
	};
	const char *json = tbx_oci_builtin("default");
	struct tbx_oci_profile *p;
	struct tbx_oci_stats st;
	struct tbx_oci_apply_opts o = { .sz = sizeof(o), .kernel = TBX_OCI_KERNEL(6, 1) };
	struct prog f, root;

	(void)state;
	assert_non_null(json);
	assert_null(tbx_oci_builtin("nonet-not-a-profile"));
	p = parse_ok(json);
	assert_int_equal(tbx_oci_default_action(p), SCMP_ACT_ERRNO(EPERM));
	assert_int_equal(tbx_oci_arches(p), TBX_OCI_ARCH_X86_64 | TBX_OCI_ARCH_X86 | TBX_OCI_ARCH_X32);
	f = build_opts(p, &o, &st);
	assert_true(st.rules > 300);

	/* as an unprivileged user: no capabilities */
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
		if (verdict(&f, denied[i]) != EPERM_)
			fail_msg("nr %u: %#x, want EPERM", denied[i], verdict(&f, denied[i]));
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (verdict(&f, allowed[i]) != ALLOW)
			fail_msg("nr %u: %#x, want ALLOW", allowed[i], verdict(&f, allowed[i]));
	assert_int_equal(verdict(&f, 310), ALLOW);	/* process_vm_readv: minKernel 4.8 */
	assert_int_equal(verdict(&f, 435), ENOSYS_);	/* clone3: glibc falls back to clone */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x01200011, 0), ALLOW);	/* fork-like */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x003d0f00, 0), ALLOW);	/* thread */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x10000000 | 17, 0), EPERM_);	/* NEWUSER */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 56, 0x20000000 | 17, 0), EPERM_);	/* NEWPID */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 41, 2, 1), ALLOW);	/* socket(AF_INET) */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 41, 40, 1), EPERM_);	/* AF_VSOCK */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 0, 0), ALLOW);	/* personality */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 0xffffffff, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, 135, 0x0400000, 0), EPERM_);
	/* i386 and x32 calls never pass (tracebox adds no compat arch here) */
	assert_int_not_equal(verdict6(&f, AUDIT_ARCH_I386, 3, 0, 0), ALLOW);
	assert_int_not_equal(verdict6(&f, AUDIT_ARCH_I386, 21, 0, 0), ALLOW);
	assert_int_not_equal(verdict6(&f, AUDIT_ARCH_X86_64, X32_BIT | 0, 0, 0), ALLOW);
	assert_int_not_equal(verdict6(&f, AUDIT_ARCH_X86_64, X32_BIT | 165, 0, 0), ALLOW);
	tbx_filter_free(f.fp);

	/* as root with every capability: Docker's privileged groups open up */
	root = build(p, TBX_OCI_CAPS_ALL);
	assert_int_equal(verdict(&root, 165), ALLOW);	/* mount */
	assert_int_equal(verdict(&root, 169), ALLOW);	/* reboot */
	assert_int_equal(verdict(&root, 321), ALLOW);	/* bpf */
	assert_int_equal(verdict(&root, 435), ALLOW);	/* clone3 */
	assert_int_equal(verdict(&root, 304), ALLOW);	/* open_by_handle_at */
	assert_int_equal(verdict6(&root, AUDIT_ARCH_X86_64, 56, 0x10000000 | 17, 0), ALLOW);
	assert_int_equal(verdict(&root, 246), EPERM_);	/* kexec_load: never */
	assert_int_equal(verdict(&root, 250), EPERM_);	/* keyctl: never */
	tbx_filter_free(root.fp);

	/* i386/x32 added on request: their calls get the same verdicts */
	o.compat_arches = true;
	f = build_opts(p, &o, &st);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_I386, 3, 0, 0), ALLOW);	/* read */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_I386, 21, 0, 0), EPERM_);	/* mount */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_I386, 88, 0, 0), EPERM_);	/* reboot */
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, X32_BIT | 0, 0, 0), ALLOW);
	assert_int_equal(verdict6(&f, AUDIT_ARCH_X86_64, X32_BIT | 165, 0, 0), EPERM_);
	assert_int_equal(verdict(&f, 0), ALLOW);
	assert_int_equal(verdict(&f, 165), EPERM_);
	tbx_filter_free(f.fp);
	tbx_oci_free(p);
}

static void test_misc(void **state)
{
	uint64_t caps = 0x1234;

	(void)state;
	tbx_oci_free(NULL);
	assert_int_equal(tbx_oci_caps_self(&caps), 0);
	assert_int_equal(caps == 0, geteuid() != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_semantic_errors),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_actions_and_args),
		cmocka_unit_test(test_includes_excludes),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_default_profile),
		cmocka_unit_test(test_misc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

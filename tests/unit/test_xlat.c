/* Constant tables: lookups, errno names and messages, signal names, and
 * the return value text built from them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "decode/decode.h"
#include "output/output.h"

static void test_find(void **state)
{
	const struct tbx_xlat_ent *e;

	(void)state;
	e = tbx_xlat_find(&tbx_xlat_seek_whence, 0);
	assert_non_null(e);
	assert_string_equal(e->name, "SEEK_SET");
	assert_null(e->desc);
	assert_string_equal(tbx_xlat_name(&tbx_xlat_seek_whence, 2), "SEEK_END");
	assert_string_equal(tbx_xlat_name(&tbx_xlat_seek_whence, 4), "SEEK_HOLE");
	assert_null(tbx_xlat_find(&tbx_xlat_seek_whence, 5));
	assert_null(tbx_xlat_name(&tbx_xlat_seek_whence, UINT64_MAX));
	assert_int_equal(tbx_xlat_seek_whence.kind, TBX_XLAT_VALUES);

	assert_int_equal(tbx_xlat_open_flags.kind, TBX_XLAT_FLAGS);
	assert_string_equal(tbx_xlat_name(&tbx_xlat_open_flags, 02000000), "O_CLOEXEC");
	assert_string_equal(tbx_xlat_name(&tbx_xlat_clone_flags, 0x100), "CLONE_VM");
	assert_string_equal(tbx_xlat_name(&tbx_xlat_socket_types, 2), "SOCK_DGRAM");
	assert_string_equal(tbx_xlat_name(&tbx_xlat_signals, SIGKILL), "SIGKILL");

	/* flags text: multi-bit O_SYNC before its lone bits */
	{
		char buf[128];
		tbx_flags_text(&tbx_xlat_open_flags, 04010000 | 0100, buf, sizeof(buf));
		assert_string_equal(buf, "O_CREAT|O_SYNC");
		tbx_flags_text(&tbx_xlat_open_flags, 010000, buf, sizeof(buf));
		assert_string_equal(buf, "O_DSYNC");
	}
}

/* Every entry of every table has a name; values tables have no duplicate
 * values (a second name would never be shown). */
static void check_table(const struct tbx_xlat *x, const char *what)
{
	assert_true(x->n > 0);
	for (unsigned i = 0; i < x->n; i++) {
		if (!x->ent[i].name || !x->ent[i].name[0])
			fail_msg("%s[%u]: no name", what, i);
		if (x->kind != TBX_XLAT_VALUES)
			continue;
		for (unsigned j = 0; j < i; j++)
			if (x->ent[j].val == x->ent[i].val)
				fail_msg("%s: %s and %s share %#llx", what, x->ent[j].name,
					 x->ent[i].name, (unsigned long long)x->ent[i].val);
	}
}

static void test_tables(void **state)
{
	(void)state;
	check_table(&tbx_xlat_errnos, "errnos");
	check_table(&tbx_xlat_signals, "signals");
	check_table(&tbx_xlat_seek_whence, "seek_whence");
	check_table(&tbx_xlat_socket_types, "socket_types");
	check_table(&tbx_xlat_at_flags, "at_flags");
	check_table(&tbx_xlat_fcntl_cmds, "fcntl_cmds");
}

static void test_errno(void **state)
{
	(void)state;
	assert_string_equal(tbx_errno_name(ENOENT), "ENOENT");
	assert_string_equal(tbx_errno_desc(ENOENT), "No such file or directory");
	assert_string_equal(tbx_errno_name(EPERM), "EPERM");
	assert_string_equal(tbx_errno_name(EAGAIN), "EAGAIN");	/* not EWOULDBLOCK */
	assert_string_equal(tbx_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_string_equal(tbx_errno_name(EDEADLK), "EDEADLK");
	assert_string_equal(tbx_errno_name(EHWPOISON), "EHWPOISON");
	assert_string_equal(tbx_errno_name(512), "ERESTARTSYS");
	assert_string_equal(tbx_errno_desc(512), "To be restarted if SA_RESTART is set");
	assert_string_equal(tbx_errno_name(513), "ERESTARTNOINTR");
	assert_string_equal(tbx_errno_desc(513), "To be restarted");
	assert_string_equal(tbx_errno_name(514), "ERESTARTNOHAND");
	assert_string_equal(tbx_errno_desc(514), "To be restarted if no handler");
	assert_string_equal(tbx_errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_string_equal(tbx_errno_desc(516), "Interrupted by signal");
	assert_string_equal(tbx_errno_name(524), "ENOTSUPP");
	assert_null(tbx_errno_name(0));
	assert_null(tbx_errno_name(4000));
	assert_null(tbx_errno_desc(-1));
	/* messages are glibc's, names are <errno.h>'s */
	for (int e = 1; e <= 133; e++) {
		const char *n = tbx_errno_name(e);
		if (e == 41 || e == 58) {	/* holes in the Linux numbering */
			assert_null(n);
			continue;
		}
		if (!n)
			fail_msg("errno %d has no name", e);
		if (strcmp(tbx_errno_desc(e), strerror(e)))
			fail_msg("%s: \"%s\" vs strerror \"%s\"", n, tbx_errno_desc(e), strerror(e));
		if (strcmp(strerrorname_np(e), n) && strcmp(n, "EAGAIN") && strcmp(n, "EDEADLK") &&
		    strcmp(n, "EOPNOTSUPP"))
			fail_msg("errno %d: %s vs glibc %s", e, n, strerrorname_np(e));
	}
}

static const char *ret_text(int64_t ret, int err, enum tbx_rval rv)
{
	static char out[256];
	struct tbx_event ev = { .sz = sizeof(ev), .kind = TBX_EV_SYSCALL_EXIT };
	struct tbx_sbuf b = { 0 };

	ev.sc.ret = ret;
	ev.sc.err = err;
	ev.sc.rval = rv;
	tbx_render_ret(&b, &ev);
	assert_false(b.oom);
	snprintf(out, sizeof(out), "%s", b.p);
	sb_free(&b);
	return out;
}

static void test_ret(void **state)
{
	(void)state;
	assert_string_equal(ret_text(-ENOENT, ENOENT, TBX_RV_DEC),
			    "= -1 ENOENT (No such file or directory)");
	assert_string_equal(ret_text(-512, 512, TBX_RV_DEC),
			    "= ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	assert_string_equal(ret_text(-516, 516, TBX_RV_DEC),
			    "= ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	assert_string_equal(ret_text(3, 0, TBX_RV_DEC), "= 3");
	assert_string_equal(ret_text(3, 0, TBX_RV_FD), "= 3");
	assert_string_equal(ret_text(0x7f0000001000, 0, TBX_RV_HEX), "= 0x7f0000001000");
	assert_string_equal(ret_text(022, 0, TBX_RV_OCT), "= 022");
	assert_string_equal(ret_text(0, 0, TBX_RV_OCT), "= 000");
	assert_string_equal(ret_text(-1, 0, TBX_RV_UDEC), "= 18446744073709551615");
	assert_string_equal(ret_text(0, 0, TBX_RV_NONE), "= ?");
}

static void test_signame(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(tbx_signame(SIGINT, buf, sizeof(buf)), "SIGINT");
	assert_string_equal(tbx_signame(SIGCHLD, buf, sizeof(buf)), "SIGCHLD");
	assert_string_equal(tbx_signame(SIGSYS, buf, sizeof(buf)), "SIGSYS");
	assert_string_equal(tbx_signame(32, buf, sizeof(buf)), "SIGRTMIN");
	assert_string_equal(tbx_signame(33, buf, sizeof(buf)), "SIGRT_1");
	assert_string_equal(tbx_signame(64, buf, sizeof(buf)), "SIGRT_32");
	assert_string_equal(tbx_signame(0, buf, sizeof(buf)), "0");
	assert_string_equal(tbx_signame(65, buf, sizeof(buf)), "65");
	for (int s = 1; s < 32; s++) {
		char exp[32];
		/* glibc calls 29 POLL; strace, like the kernel headers, SIGIO */
		snprintf(exp, sizeof(exp), "SIG%s", s == SIGIO ? "IO" : sigabbrev_np(s));
		assert_string_equal(tbx_signame(s, buf, sizeof(buf)), exp);
	}
	/* a small buffer is never overrun */
	{
		char small[5];
		const char *n = tbx_signame(40, small, sizeof(small));
		assert_true(strlen(n) < sizeof(small));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_ret),
		cmocka_unit_test(test_signame),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

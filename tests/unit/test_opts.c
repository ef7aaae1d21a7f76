/* "tracebox trace" option parsing: flags set, and the error messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/cli.h"
#include "decode/decode.h"

static struct trace_opts o;
static char err[512];

/* Parse a NULL-terminated list of arguments after "trace". */
#define PARSE(...) parse((char *[]){ "trace", __VA_ARGS__, NULL })

static int parse(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	trace_opts_free(&o);
	err[0] = 0;
	return trace_opts_parse(argc, argv, &o, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	trace_opts_free(&o);
	return 0;
}

static bool in_set(const char *name)
{
	long nr = tbx_syscall_lookup(name);

	assert_true(nr >= 0);
	assert_non_null(o.set);
	return o.set[nr / 8] & (1u << (nr % 8));
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(PARSE("ls", "-l"), 0);
	assert_non_null(o.argv);
	assert_string_equal(o.argv[0], "ls");
	assert_string_equal(o.argv[1], "-l");	/* options after the command are its own */
	assert_null(o.argv[2]);
	assert_int_equal(o.npids, 0);
	assert_null(o.set);
	assert_null(o.tr.trace_set);
	assert_int_equal(o.tr.sz, sizeof(o.tr));
	assert_int_equal(o.out.sz, sizeof(o.out));
	assert_true(o.tr.flags & TBX_TRACE_DECODE);
	assert_false(o.tr.flags & (TBX_TRACE_FOLLOW | TBX_TRACE_NO_SECCOMP |
				   TBX_TRACE_VERBOSE | TBX_TRACE_FD_PATHS));
	assert_int_equal(o.tr.strsize, 0);
	assert_int_equal(o.out.format, TBX_FMT_TEXT);
	assert_true(o.out.flags & TBX_OUT_PIDS);
	assert_false(o.out.flags & (TBX_OUT_PID_COLUMN | TBX_OUT_PER_PID_FILES |
				    TBX_OUT_TIME | TBX_OUT_TIME_US | TBX_OUT_TIME_EPOCH |
				    TBX_OUT_ONLY_OK | TBX_OUT_ONLY_FAILED | TBX_OUT_NO_SIGNALS |
				    TBX_OUT_XESCAPE | TBX_OUT_XXESCAPE | TBX_OUT_SUMMARY_TOO));
	assert_int_equal(o.out.fd, 2);
	assert_null(o.out.path);
	assert_null(o.out.signal_set);
	assert_false(o.summary_only);

	assert_int_equal(PARSE("--", "ls"), 0);
	assert_string_equal(o.argv[0], "ls");
}

static void test_follow_output(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-f", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_FOLLOW);
	assert_false(o.out.flags & (TBX_OUT_PID_COLUMN | TBX_OUT_PER_PID_FILES));

	/* -o X with -f: the "PID " column, as strace */
	assert_int_equal(PARSE("-f", "-o", "X", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_FOLLOW);
	assert_string_equal(o.out.path, "X");
	assert_true(o.out.flags & TBX_OUT_PID_COLUMN);
	assert_false(o.out.flags & TBX_OUT_PER_PID_FILES);

	/* -ff -o X: one file per process */
	assert_int_equal(PARSE("-ff", "-o", "X", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_FOLLOW);
	assert_true(o.out.flags & TBX_OUT_PER_PID_FILES);
	assert_false(o.out.flags & TBX_OUT_PID_COLUMN);
	assert_int_equal(PARSE("-f", "-f", "--output", "Y", "true"), 0);
	assert_string_equal(o.out.path, "Y");
	assert_true(o.out.flags & TBX_OUT_PER_PID_FILES);

	/* -ff without -o: like -f */
	assert_int_equal(PARSE("-ff", "true"), 0);
	assert_false(o.out.flags & (TBX_OUT_PID_COLUMN | TBX_OUT_PER_PID_FILES));

	/* -o without -f: no pid at all for a single process */
	assert_int_equal(PARSE("-o", "X", "true"), 0);
	assert_false(o.out.flags & (TBX_OUT_PID_COLUMN | TBX_OUT_PER_PID_FILES));
	assert_false(o.tr.flags & TBX_TRACE_FOLLOW);
}

static void test_e_trace(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-e", "trace=openat,close", "true"), 0);
	assert_ptr_equal(o.tr.trace_set, o.set);
	assert_true(in_set("openat") && in_set("close"));
	assert_false(in_set("read"));
	assert_int_equal(PARSE("-e", "%file", "true"), 0);	/* no "trace=" */
	assert_true(in_set("openat") && !in_set("read"));
	assert_int_equal(PARSE("-etrace=!read", "true"), 0);
	assert_true(in_set("write") && !in_set("read"));
	assert_int_equal(PARSE("-e", "t=read", "true"), 0);
	assert_true(in_set("read") && !in_set("write"));
}

static void test_e_status_signal(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-e", "status=failed", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_ONLY_FAILED);
	assert_false(o.out.flags & TBX_OUT_ONLY_OK);
	assert_int_equal(PARSE("-e", "status=successful", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_ONLY_OK);
	assert_false(o.out.flags & TBX_OUT_ONLY_FAILED);
	assert_int_equal(PARSE("-Z", "-e", "status=all", "true"), 0);
	assert_false(o.out.flags & (TBX_OUT_ONLY_OK | TBX_OUT_ONLY_FAILED));
	assert_int_equal(PARSE("-z", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_ONLY_OK);

	assert_int_equal(PARSE("-e", "signal=none", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_NO_SIGNALS);
	assert_int_equal(PARSE("-e", "signal=SIGINT,term,9", "true"), 0);
	assert_ptr_equal(o.out.signal_set, o.sigset);
	assert_true(o.sigset[2 / 8] & (1u << 2));
	assert_true(o.sigset[15 / 8] & (1u << (15 % 8)));
	assert_true(o.sigset[9 / 8] & (1u << (9 % 8)));
	assert_false(o.sigset[17 / 8] & (1u << (17 % 8)));
	assert_int_equal(PARSE("-e", "signal=!SIGCHLD", "true"), 0);
	assert_false(o.sigset[17 / 8] & (1u << (17 % 8)));
	assert_true(o.sigset[2 / 8] & (1u << 2));
}

static void test_misc_flags(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-s", "64", "true"), 0);
	assert_int_equal(o.tr.strsize, 64);
	assert_int_equal(PARSE("-s64", "true"), 0);
	assert_int_equal(o.tr.strsize, 64);

	assert_int_equal(PARSE("-p", "1,2", "-p", "3"), 0);
	assert_int_equal(o.npids, 3);
	assert_int_equal(o.pids[0], 1);
	assert_int_equal(o.pids[1], 2);
	assert_int_equal(o.pids[2], 3);
	assert_null(o.argv);

	assert_int_equal(PARSE("-t", "true"), 0);
	assert_int_equal(o.out.flags & (TBX_OUT_TIME | TBX_OUT_TIME_US | TBX_OUT_TIME_EPOCH),
			 TBX_OUT_TIME);
	assert_int_equal(PARSE("-tt", "true"), 0);
	assert_int_equal(o.out.flags & (TBX_OUT_TIME | TBX_OUT_TIME_US | TBX_OUT_TIME_EPOCH),
			 TBX_OUT_TIME_US);
	assert_int_equal(PARSE("-ttt", "true"), 0);
	assert_int_equal(o.out.flags & (TBX_OUT_TIME | TBX_OUT_TIME_US | TBX_OUT_TIME_EPOCH),
			 TBX_OUT_TIME_EPOCH);
	assert_int_equal(PARSE("-t", "-t", "true"), 0);
	assert_int_equal(o.out.flags & (TBX_OUT_TIME | TBX_OUT_TIME_US | TBX_OUT_TIME_EPOCH),
			 TBX_OUT_TIME_US);

	assert_int_equal(PARSE("-c", "true"), 0);
	assert_true(o.summary_only);
	assert_int_equal(o.out.format, TBX_FMT_SUMMARY);
	assert_false(o.tr.flags & TBX_TRACE_DECODE);
	assert_int_equal(PARSE("-C", "true"), 0);
	assert_false(o.summary_only);
	assert_true(o.out.flags & TBX_OUT_SUMMARY_TOO);
	assert_int_equal(o.out.format, TBX_FMT_TEXT);

	assert_int_equal(PARSE("--json", "true"), 0);
	assert_int_equal(o.out.format, TBX_FMT_JSON);
	assert_true(o.tr.flags & TBX_TRACE_DECODE);

	assert_int_equal(PARSE("--no-seccomp", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_NO_SECCOMP);
	assert_int_equal(PARSE("--seccomp-bpf", "true"), 0);
	assert_false(o.tr.flags & TBX_TRACE_NO_SECCOMP);

	assert_int_equal(PARSE("-x", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_XESCAPE);
	assert_int_equal(PARSE("-xx", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_XXESCAPE);
	assert_false(o.out.flags & TBX_OUT_XESCAPE);
	assert_int_equal(PARSE("-yvT", "-a", "1", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_FD_PATHS);
	assert_true(o.tr.flags & TBX_TRACE_VERBOSE);
	assert_true(o.out.flags & TBX_OUT_DURATION);
	assert_int_equal(o.out.column, 1);
	assert_int_equal(PARSE("-qq", "true"), 0);
	assert_true(o.out.flags & TBX_OUT_QUIET_EXIT);
	assert_int_equal(PARSE("-S", "calls", "-c", "true"), 0);
	assert_string_equal(o.out.summary_sort, "calls");
}

static void expect_error(char **argv, const char *msg)
{
	int r = parse(argv);

	if (r != -1)
		fail_msg("parse returned %d, expected -1 with \"%s\"", r, msg);
	assert_string_equal(err, msg);
}

#define ERR(msg, ...) expect_error((char *[]){ "trace", __VA_ARGS__, NULL }, msg)

static void test_errors(void **state)
{
	(void)state;
	ERR("must have PROGRAM [ARGS] or -p PID\n"
	    "Try 'tracebox trace -h' for more information.", "-f");
	assert_int_equal(parse((char *[]){ "trace", NULL }), -1);
	ERR("-p and a PROGRAM cannot be used together", "-p", "1", "true");
	ERR("invalid process id: 'x'", "-p", "x");
	ERR("invalid process id: '0'", "-p", "1,0");
	ERR("invalid -s argument: 'x'", "-s", "x", "true");
	ERR("invalid -s argument: '-1'", "-s", "-1", "true");
	ERR("invalid -s argument: '12abc'", "-s", "12abc", "true");
	ERR("invalid -e qualifier 'foo'", "-e", "foo=bar", "true");
	ERR("invalid system call 'bogus'", "-e", "trace=bogus", "true");
	/* strace names the bad word alone */
	ERR("invalid system call 'bogus'", "-e", "trace=read,bogus,write", "true");
	ERR("unsupported status 'bogus' (successful, failed, all)", "-e", "status=bogus", "true");
	ERR("invalid signal 'SIGBOGUS'", "-e", "signal=SIGBOGUS", "true");
	ERR("invalid sortby: 'size'", "-S", "size", "-c", "true");
	ERR("invalid option -- 'K'", "-K", "true");
	ERR("unrecognized option '--bogus'", "--bogus", "true");
	ERR("option requires an argument -- 's'", "-s");
	/* parsing again after an error starts afresh, even when the error
	 * stopped in the middle of a cluster of options */
	assert_int_equal(PARSE("-f", "true"), 0);
	assert_true(o.tr.flags & TBX_TRACE_FOLLOW);
	ERR("invalid option -- 'K'", "-Kf", "true");
	assert_int_equal(PARSE("-c", "true"), 0);
	assert_false(o.tr.flags & TBX_TRACE_FOLLOW);
	assert_true(o.summary_only);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_follow_output),
		cmocka_unit_test(test_e_trace),
		cmocka_unit_test(test_e_status_signal),
		cmocka_unit_test(test_misc_flags),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}

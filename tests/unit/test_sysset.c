/* The syscall table and strace's -e trace= expressions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "decode/decode.h"

static uint8_t *bm;
static unsigned nbits;

static int setup(void **state)
{
	(void)state;
	nbits = tbx_syscall_count();
	bm = malloc((nbits + 7) / 8);
	return bm ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(bm);
	return 0;
}

static bool has(const char *name)
{
	long nr = tbx_syscall_lookup(name);

	if (nr < 0)
		fail_msg("no syscall %s", name);
	return bm[nr / 8] & (1u << (nr % 8));
}

static unsigned count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nbits; i++)
		if (tbx_sysent64[i].name && bm[i / 8] & (1u << (i % 8)))
			n++;
	return n;
}

static unsigned named(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nbits; i++)
		n += tbx_sysent64[i].name != NULL;
	return n;
}

static void parse_ok(const char *expr)
{
	const char *bad = NULL;
	int e = tbx_syscall_set_parse(expr, bm, &bad);

	if (e)
		fail_msg("'%s': %d at '%s'", expr, e, bad ? bad : "?");
}

static void test_lookup(void **state)
{
	(void)state;
	assert_true(nbits > 462);
	assert_int_equal(tbx_syscall_lookup("read"), 0);
	assert_int_equal(tbx_syscall_lookup("openat"), 257);
	assert_int_equal(tbx_syscall_lookup("cachestat"), 451);
	assert_int_equal(tbx_syscall_lookup("mseal"), 462);
	assert_int_equal(tbx_syscall_lookup("execve"), 59);
	assert_int_equal(tbx_syscall_lookup("nosuchcall"), -ENOENT);
	assert_int_equal(tbx_syscall_lookup(""), -ENOENT);
	assert_string_equal(tbx_syscall_name(TBX_ARCH_X86_64, 0), "read");
	assert_string_equal(tbx_syscall_name(TBX_ARCH_X86_64, 257), "openat");
	assert_string_equal(tbx_syscall_name(TBX_ARCH_X86_64, 451), "cachestat");
	assert_string_equal(tbx_syscall_name(TBX_ARCH_X86_64, 462), "mseal");
	assert_null(tbx_syscall_name(TBX_ARCH_X86_64, -1));
	assert_null(tbx_syscall_name(TBX_ARCH_X86_64, 100000));
	assert_null(tbx_syscall_name(TBX_ARCH_X86_64, 400));	/* hole */
	/* i386 numbering */
	assert_string_equal(tbx_syscall_name(TBX_ARCH_I386, 3), "read");
	assert_string_equal(tbx_syscall_name(TBX_ARCH_I386, 11), "execve");
	assert_true(tbx_syscall_classes(257) & TBX_TC_FILE);
	assert_int_equal(tbx_syscall_classes(-5), 0);
}

static void test_table(void **state)
{
	(void)state;
	for (unsigned i = 0; i < tbx_nsysent64; i++) {
		const struct tbx_sysent *e = &tbx_sysent64[i];
		if (!e->name) {
			assert_null(e->decode);
			continue;
		}
		assert_true(e->name[0] != 0);
		if (e->nargs > 6)
			fail_msg("%s: %u args", e->name, e->nargs);
		/* names are unique: lookup finds this very entry */
		assert_int_equal(tbx_syscall_lookup(e->name), i);
	}
	for (unsigned i = 0; i < tbx_nsysent32; i++)
		if (tbx_sysent32[i].name && tbx_sysent32[i].nargs > 6)
			fail_msg("i386 %s: %u args", tbx_sysent32[i].name, tbx_sysent32[i].nargs);
}

static void test_names(void **state)
{
	(void)state;
	parse_ok("read");
	assert_int_equal(count(), 1);
	assert_true(has("read"));
	parse_ok("openat,close,read");
	assert_int_equal(count(), 3);
	assert_true(has("openat") && has("close") && has("read"));
	assert_false(has("write"));
	parse_ok("0,257");	/* numbers too */
	assert_int_equal(count(), 2);
	assert_true(has("read") && has("openat"));
	/* parse clears what was there */
	parse_ok("write");
	assert_int_equal(count(), 1);
	assert_false(has("read"));
}

static void test_classes(void **state)
{
	(void)state;
	parse_ok("%file");
	assert_true(has("openat") && has("open") && has("execve") && has("stat"));
	assert_false(has("read"));
	assert_false(has("close"));
	parse_ok("%desc");
	assert_true(has("openat") && has("read") && has("close") && has("fstat"));
	assert_false(has("execve"));
	parse_ok("%process");
	assert_true(has("execve") && has("clone") && has("exit_group") && has("wait4"));
	assert_false(has("openat"));
	parse_ok("%network");
	assert_true(has("socket") && has("connect") && has("sendto"));
	assert_false(has("read"));
	parse_ok("%net");
	assert_true(has("socket"));
	parse_ok("%memory");
	assert_true(has("mmap") && has("munmap") && has("brk") && has("mprotect") && has("mseal"));
	assert_false(has("read"));
	parse_ok("%signal");
	assert_true(has("rt_sigaction") && has("kill") && has("rt_sigprocmask"));
	assert_false(has("read"));
	parse_ok("%ipc");
	assert_true(has("shmget") && has("semop"));
	/* strace's old bare class names */
	parse_ok("file");
	assert_true(has("openat") && !has("read"));
	/* classes and names mix */
	parse_ok("%memory,read");
	assert_true(has("mmap") && has("read") && !has("write"));
	parse_ok("%stat");
	assert_true(has("stat") && !has("fstat") && !has("lstat"));
	parse_ok("%%stat");
	assert_true(has("stat") && has("fstat") && has("lstat") && has("newfstatat") && has("statx"));
	assert_false(has("statfs"));
}

static void test_negation(void **state)
{
	(void)state;
	parse_ok("!read");
	assert_false(has("read"));
	assert_true(has("write") && has("openat"));
	assert_int_equal(count(), named() - 1);
	parse_ok("!%file");
	assert_false(has("openat"));
	assert_true(has("read"));
	parse_ok("!!read");
	assert_int_equal(count(), 1);
	assert_true(has("read"));
	parse_ok("!all");
	assert_int_equal(count(), 0);
	parse_ok("!none");
	assert_int_equal(count(), named());
}

static void test_regex(void **state)
{
	(void)state;
	parse_ok("/^stat");
	assert_true(has("stat") && has("statfs") && has("statx"));
	assert_false(has("fstat") || has("newfstatat") || has("lstat"));
	parse_ok("/^(read|write)$");
	assert_int_equal(count(), 2);
	parse_ok("/at$,close");
	assert_true(has("openat") && has("newfstatat") && has("close"));
	assert_false(has("open"));
	parse_ok("?/^zzz");	/* optional: no match is fine */
	assert_int_equal(count(), 0);
}

static void test_all_none(void **state)
{
	(void)state;
	parse_ok("all");
	assert_int_equal(count(), named());
	parse_ok("none");
	assert_int_equal(count(), 0);
	parse_ok("none,read");
	assert_int_equal(count(), 1);
}

static void test_errors(void **state)
{
	const char *expr, *bad;

	(void)state;
	expr = "read,bogus,write";
	bad = NULL;
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_ptr_equal(bad, expr + 5);
	expr = "!read,bogus";
	bad = NULL;
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_ptr_equal(bad, expr + 6);
	expr = "%bogus";
	bad = NULL;
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_ptr_equal(bad, expr);
	expr = "/^zzz";	/* a regex that matches nothing, as strace */
	bad = NULL;
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_ptr_equal(bad, expr);
	expr = "read,/[";	/* bad regex */
	bad = NULL;
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_ptr_equal(bad, expr + 5);
	/* repetitions that would make regcomp take exponential memory */
	expr = "/a+++++++++++++++++++++++++";
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	expr = "/(a{999}){999}";
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	expr = "100000";
	assert_int_equal(tbx_syscall_set_parse(expr, bm, &bad), -EINVAL);
	assert_int_equal(tbx_syscall_set_parse("%stat", bm, NULL), 0);
	assert_int_equal(tbx_syscall_set_parse("nope", bm, NULL), -EINVAL);
	assert_int_equal(tbx_syscall_set_parse(NULL, bm, NULL), -EINVAL);
	/* bare class names are only the old ones: "stat" is the syscall */
	parse_ok("stat");
	assert_int_equal(count(), 1);
}

static void test_optional(void **state)
{
	(void)state;
	parse_ok("?bogus,read");
	assert_int_equal(count(), 1);
	assert_true(has("read"));
	parse_ok("?read");
	assert_true(has("read"));
	parse_ok("?bogus");
	assert_int_equal(count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_all_none),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_optional),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

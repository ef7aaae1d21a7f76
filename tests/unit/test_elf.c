/* ELF symbols and load biases (lib/elf/): the pure parts on made-up maps
 * and auxv, and the whole lookup on this test program itself, whose
 * run-time addresses it knows (a function's address, dlsym). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "elf/symbols.h"

static void test_loc_parse(void **state)
{
	struct tbx_elf_loc l;

	(void)state;
	assert_int_equal(tbx_elf_loc_parse("main", &l), 0);
	assert_string_equal(l.sym, "main");
	assert_string_equal(l.lib, "");
	assert_int_equal(tbx_elf_loc_parse("libc.so.6:write", &l), 0);
	assert_string_equal(l.lib, "libc.so.6");
	assert_string_equal(l.sym, "write");
	assert_int_equal(tbx_elf_loc_parse("0x1139", &l), 0);
	assert_true(l.addr == 0x1139 && !l.sym[0]);
	assert_int_equal(tbx_elf_loc_parse("", &l), -EINVAL);
	assert_int_equal(tbx_elf_loc_parse("libc:", &l), -EINVAL);
	assert_int_equal(tbx_elf_loc_parse(":write", &l), -EINVAL);
	assert_int_equal(tbx_elf_loc_parse("0x", &l), -EINVAL);
	assert_int_equal(tbx_elf_loc_parse("0x12zz", &l), -EINVAL);
}

static void test_lib_match(void **state)
{
	(void)state;
	assert_true(tbx_elf_lib_match("/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6"));
	assert_true(tbx_elf_lib_match("/lib/x86_64-linux-gnu/libc.so.6", "libc"));
	assert_true(tbx_elf_lib_match("/lib/libc-2.31.so", "libc"));
	assert_true(tbx_elf_lib_match("/lib/libc.so.6", "libc.so"));
	assert_false(tbx_elf_lib_match("/lib/libcrypt.so.1", "libc"));
	assert_false(tbx_elf_lib_match("/lib/libc.so.6", "libc.so.7"));
	assert_true(tbx_elf_lib_match("/opt/x/libz.so", "/opt/x/libz.so"));
	assert_false(tbx_elf_lib_match("/opt/y/libz.so", "/opt/x/libz.so"));
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(tbx_elf_distance("main", "main"), 0);
	assert_int_equal(tbx_elf_distance("mian", "main"), 2);
	assert_int_equal(tbx_elf_distance("targt", "target"), 1);
	assert_int_equal(tbx_elf_distance("", "abc"), 3);
}

static void test_auxv(void **state)
{
	uint64_t v[] = { AT_PHDR, 0x400040, AT_ENTRY, 0x401020, AT_NULL, 0, AT_BASE, 9 };
	uint64_t got = 0;

	(void)state;
	assert_int_equal(tbx_elf_auxv_get(v, sizeof(v), AT_ENTRY, &got), 0);
	assert_true(got == 0x401020);
	assert_int_equal(tbx_elf_auxv_get(v, sizeof(v), AT_BASE, &got), -ENOENT);
	assert_int_equal(tbx_elf_auxv_get(v, 20, AT_ENTRY, &got), -ENOENT);
}

static void test_bias_maps(void **state)
{
	static const char text[] =
		"555555554000-555555555000 r--p 00000000 fd:01 11 /usr/bin/prog\n"
		"555555555000-555555556000 r-xp 00001000 fd:01 11 /usr/bin/prog\n"
		"7ffff7dd0000-7ffff7df6000 r--p 00000000 fd:01 22 /lib/libc.so.6\n"
		"7ffff7df6000-7ffff7f4b000 r-xp 00026000 fd:01 22 /lib/libc.so.6\n";
	struct tbx_maps m;
	uint64_t bias = 0;
	size_t ri = 9;
	char *copy = strdup(text);

	(void)state;
	assert_int_equal(tbx_maps_parse(copy, strlen(text), &m), 0);
	assert_int_equal(tbx_elf_bias_maps(&m, "libc", 0, &bias, &ri), 0);
	assert_true(bias == 0x7ffff7dd0000ull && ri == 2);
	assert_int_equal(tbx_elf_bias_maps(&m, "/usr/bin/prog", 0, &bias, &ri), 0);
	assert_true(bias == 0x555555554000ull && ri == 0);
	assert_int_equal(tbx_elf_bias_maps(&m, "libm", 0, &bias, &ri), -ENOENT);
	assert_true(tbx_elf_maps_exec(&m, "/lib/libc.so.6", 0x7ffff7e00000ull));
	assert_false(tbx_elf_maps_exec(&m, "/lib/libc.so.6", 0x7ffff7dd1000ull));
	assert_false(tbx_elf_maps_exec(&m, "/usr/bin/prog", 0x7ffff7e00000ull));
	tbx_maps_free(&m);
}

/* The lookup end to end, on ourselves. */
static void test_resolve_self(void **state)
{
	struct tbx_elf_loc l;
	uint64_t addr = 0;
	char path[4096];
	void *libc_fn = dlsym(RTLD_DEFAULT, "getppid");

	(void)state;
	assert_int_equal(tbx_elf_loc_parse("test_loc_parse", &l), 0);
	assert_int_equal(tbx_elf_resolve(getpid(), &l, &addr, path, sizeof(path)), 0);
	assert_true(addr == (uint64_t)(uintptr_t)&test_loc_parse);
	assert_int_equal(tbx_elf_loc_parse("libc.so.6:getppid", &l), 0);
	assert_int_equal(tbx_elf_resolve(getpid(), &l, &addr, path, sizeof(path)), 0);
	assert_non_null(libc_fn);
	assert_true(addr == (uint64_t)(uintptr_t)libc_fn);
	assert_non_null(strstr(path, "libc.so.6"));
	assert_int_equal(tbx_elf_loc_parse("libnotloaded.so:f", &l), 0);
	assert_int_equal(tbx_elf_resolve(getpid(), &l, &addr, NULL, 0), -EAGAIN);
	assert_int_equal(tbx_elf_loc_parse("no_such_function_here", &l), 0);
	assert_int_equal(tbx_elf_resolve(getpid(), &l, &addr, NULL, 0), -ENOENT);
}

static void test_near(void **state)
{
	char near[TBX_ELF_NEAR_MAX][64];
	unsigned n = 0;
	bool seen = false;

	(void)state;
	assert_int_equal(tbx_elf_near("/proc/self/exe", "mian", near, TBX_ELF_NEAR_MAX, &n), 0);
	assert_true(n >= 1 && n <= TBX_ELF_NEAR_MAX);
	for (unsigned i = 0; i < n; i++)
		seen |= !strcmp(near[i], "main");
	assert_true(seen);
	assert_int_equal(tbx_elf_near("/proc/self/exe", "test_resolve", near, 2, &n), 0);
	assert_int_equal(n, 1);	/* by prefix */
	assert_string_equal(near[0], "test_resolve_self");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loc_parse),
		cmocka_unit_test(test_lib_match),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_auxv),
		cmocka_unit_test(test_bias_maps),
		cmocka_unit_test(test_resolve_self),
		cmocka_unit_test(test_near),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

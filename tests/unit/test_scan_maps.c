/* The /proc/PID/maps parser: the kernel's lines, and garbage that must be
 * skipped and counted, never trusted or crashed on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "scan/scan.h"

static int parse(const char *line, struct tbx_scan_region *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s", line);
	return tbx_maps_parse_line(buf, r);
}

static void test_good_lines(void **state)
{
	struct tbx_scan_region r;
	char buf[512];

	(void)state;
	assert_int_equal(parse("55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0                          [heap]", &r, buf, sizeof(buf)), 0);
	assert_true(r.start == 0x55d0c0a00000ull && r.end == 0x55d0c0a21000ull);
	assert_string_equal(r.perms, "rw-p");
	assert_string_equal(r.path, "[heap]");
	assert_int_equal(r.kind, TBX_REGION_HEAP);

	assert_int_equal(parse("7f0000000000-7f0000001000 r-xp 00002000 fd:01 1234567  /usr/lib/my lib (x).so", &r, buf, sizeof(buf)), 0);
	assert_string_equal(r.path, "/usr/lib/my lib (x).so");
	assert_int_equal(r.kind, TBX_REGION_FILE);
	assert_true(r.offset == 0x2000);

	assert_int_equal(parse("7ffd1000-7ffd2000 rw-p 00000000 00:00 0", &r, buf, sizeof(buf)), 0);
	assert_string_equal(r.path, "");
	assert_int_equal(r.kind, TBX_REGION_ANON);

	assert_int_equal(parse("7ffd1000-7ffd2000 rw-p 00000000 00:00 0   [stack:1234]", &r, buf, sizeof(buf)), 0);
	assert_int_equal(r.kind, TBX_REGION_STACK);
	assert_int_equal(parse("7ffd1000-7ffd2000 rw-p 00000000 00:00 0   [anon:jit]", &r, buf, sizeof(buf)), 0);
	assert_int_equal(r.kind, TBX_REGION_ANON);
	assert_int_equal(parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]", &r, buf, sizeof(buf)), 0);
	assert_int_equal(r.kind, TBX_REGION_SPECIAL);
	assert_true(r.end == 0xffffffffff601000ull);
	assert_int_equal(parse("7f00-8f00 rw-s 00000000 00:05 99 /memfd:x (deleted)", &r, buf, sizeof(buf)), 0);
	assert_int_equal(r.kind, TBX_REGION_FILE);
	assert_string_equal(r.perms, "rw-s");
}

static void test_bad_lines(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"7f00-",
		"-7f00 rw-p 0 00:00 0",
		"7f00-7e00 rw-p 00000000 00:00 0",		/* end before start */
		"7f00-7f00 rw-p 00000000 00:00 0",		/* empty */
		"7f00-8f00 rwxq 00000000 00:00 0",		/* bad perms */
		"7f00-8f00 rw-p",
		"7f00-8f00 rw-p 00000000",
		"7f00-8f00 rw-p 00000000 00:00",
		"7f00-8f00 rw-p 00000000 0000 0",
		"7f00-8f00 rw-p 00000000 00:00 x",
		"7f00-8f00 rw-p 00000000 00:00 12ab",
		"1234567890abcdef0-1234567890abcdef1 rw-p 0 00:00 0",	/* > 64 bits */
		"7f00 8f00 rw-p 00000000 00:00 0",
		"7g00-8f00 rw-p 00000000 00:00 0",
	};
	struct tbx_scan_region r;
	char buf[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &r, buf, sizeof(buf)) != -EINVAL)
			fail_msg("accepted: '%s'", bad[i]);
	}
}

static void test_whole_file(void **state)
{
	const char *text =
		"1000-2000 r--p 00000000 00:00 0 /bin/x\n"
		"nonsense line\n"
		"\n"
		"2000-3000 rw-p 00000000 00:00 0\n"
		"1800-2800 rw-p 00000000 00:00 0\n"	/* overlaps: skipped */
		"3000-4000 rw-p 00000000 00:00 0 [heap]\n"
		"4000-5000 rw-p 0000\0000 00:00 0\n"	/* NUL inside */
		"5000-6000 r-xp 00000000 00:00 0 [vdso]";	/* no newline */
	size_t len = 0;
	struct tbx_maps m;
	char *copy;

	(void)state;
	/* the text has a NUL inside: its length is up to the last ']' */
	while (!(text[len] == 0 && text[len - 1] == ']'))
		len++;
	copy = malloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = 0;
	assert_int_equal(tbx_maps_parse(copy, len, &m), 0);
	assert_int_equal(m.n, 4);
	assert_int_equal(m.bad, 3);
	assert_string_equal(m.r[0].path, "/bin/x");
	assert_int_equal(m.r[2].kind, TBX_REGION_HEAP);
	assert_string_equal(m.r[3].path, "[vdso]");
	assert_ptr_equal(tbx_maps_find(&m, 0x3fff), &m.r[2]);
	assert_null(tbx_maps_find(&m, 0x4800));
	assert_null(tbx_maps_find(&m, 0xfff));
	assert_ptr_equal(tbx_maps_find(&m, 0x5000), &m.r[3]);
	tbx_maps_free(&m);
}

static void test_region_skip(void **state)
{
	struct tbx_scan_opts o = { .sz = sizeof(o) };
	struct tbx_scan_region r = { 0x1000, 0x3000, 0, "r-xp", TBX_REGION_FILE, "/lib/x.so" };
	bool unr;

	(void)state;
	assert_null(tbx_region_skip(&r, &o, &unr));
	o.maps = TBX_SCAN_HEAP;
	assert_non_null(tbx_region_skip(&r, &o, &unr));
	assert_false(unr);
	o.maps = TBX_SCAN_HEAP | TBX_SCAN_EXEC;
	assert_null(tbx_region_skip(&r, &o, &unr));
	o.max_region = 0x1000;
	assert_non_null(tbx_region_skip(&r, &o, &unr));
	o.max_region = 0;
	memcpy(r.perms, "---p", 5);
	assert_non_null(tbx_region_skip(&r, &o, &unr));
	assert_true(unr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lines),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_whole_file),
		cmocka_unit_test(test_region_skip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

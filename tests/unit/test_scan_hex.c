/* YARA hex strings to Hyperscan regexes: the translation, and errors at
 * the right position. */
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

static void ok(const char *hex, const char *want)
{
	struct tbx_sbuf b = { 0 };
	const char *msg = NULL;
	size_t pos = 0;
	int e = tbx_hex_to_regex(hex, &b, &pos, &msg);

	if (e)
		fail_msg("'%s': error at %zu: %s", hex, pos, msg);
	assert_string_equal(b.p, want);
	sb_free(&b);
}

static void bad(const char *hex, size_t want_pos)
{
	struct tbx_sbuf b = { 0 };
	const char *msg = NULL;
	size_t pos = 0;
	int e = tbx_hex_to_regex(hex, &b, &pos, &msg);

	if (e != -EINVAL)
		fail_msg("'%s' accepted as '%s'", hex, b.p ? b.p : "");
	assert_non_null(msg);
	if (pos != want_pos)
		fail_msg("'%s': error at %zu (%s), want %zu", hex, pos, msg, want_pos);
	sb_free(&b);
}

#define ANY "[\\x00-\\xff]"

static void test_translate(void **state)
{
	(void)state;
	ok("DE AD BE EF", "\\xde\\xad\\xbe\\xef");
	ok("deadBEEF", "\\xde\\xad\\xbe\\xef");
	ok("DE AD ?? EF", "\\xde\\xad" ANY "\\xef");
	ok("4? ?F", "[\\x40-\\x4f][\\x0f\\x1f\\x2f\\x3f\\x4f\\x5f\\x6f\\x7f\\x8f\\x9f\\xaf\\xbf\\xcf\\xdf\\xef\\xff]");
	ok("AA [2-4] BB", "\\xaa" ANY "{2,4}\\xbb");
	ok("AA [3] BB", "\\xaa" ANY "{3}\\xbb");
	ok("AA [ 2 - ] BB", "\\xaa" ANY "{2,}\\xbb");
	ok("AA [-] BB", "\\xaa" ANY "{0,}\\xbb");
	ok("AA ( BB | CC DD ) EE", "\\xaa(?:\\xbb|\\xcc\\xdd)\\xee");
	ok("( AA | ( BB | CC ) )", "(?:\\xaa|(?:\\xbb|\\xcc))");
	ok("~00 AA", "[^\\x00]\\xaa");
	ok("\tAA\nBB  ", "\\xaa\\xbb");
}

static void test_errors(void **state)
{
	(void)state;
	bad("", 0);
	bad("   ", 3);
	bad("DE AD G0", 6);
	bad("DE A", 3);		/* 'A' then end */
	bad("DE A BE", 3);
	bad("[2] AA", 0);	/* jump first */
	bad("AA [2]", 6);	/* jump last */
	bad("AA [4-2] BB", 3);
	bad("AA [x] BB", 4);
	bad("AA [2 BB", 6);
	bad("AA ( BB | ) CC", 9);
	bad("AA ( BB CC", 3);
	bad("AA BB ) CC", 6);
	bad("AA | BB", 3);
	bad("~?? AA", 1);
	bad("AA [0] BB", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

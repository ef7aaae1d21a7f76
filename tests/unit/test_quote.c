/* tbx_quote (strace's string quoting) and tbx_json_str (JSON strings that
 * always parse). Expected texts are what strace 6.1 prints for the same
 * bytes in write(2)'s buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "output/output.h"
#include "../utf8_ref.h"

static char *quote(const char *s, size_t n, unsigned flags)
{
	static char buf[4096];

	tbx_quote((const unsigned char *)s, n, buf, sizeof(buf), flags);
	return buf;
}

#define Q(lit, flags) quote(lit, sizeof(lit) - 1, flags)

static void test_printable(void **state)
{
	(void)state;
	assert_string_equal(Q("", 0), "\"\"");
	assert_string_equal(Q("hello, world", 0), "\"hello, world\"");
	assert_string_equal(Q(" ~/tmp", 0), "\" ~/tmp\"");
}

static void test_escapes(void **state)
{
	(void)state;
	assert_string_equal(Q("\"\\", 0), "\"\\\"\\\\\"");
	assert_string_equal(Q("ab\tc\n", 0), "\"ab\\tc\\n\"");
	assert_string_equal(Q("\v\f\r", 0), "\"\\v\\f\\r\"");
	assert_string_equal(Q("ab\001c", 0), "\"ab\\1c\"");
	assert_string_equal(Q("\033[0m", 0), "\"\\33[0m\"");
}

static void test_nul_and_digits(void **state)
{
	(void)state;
	/* shortest octal, unless an octal digit follows */
	assert_string_equal(Q("a\0a", 0), "\"a\\0a\"");
	assert_string_equal(Q("a\0001", 0), "\"a\\0001\"");
	assert_string_equal(Q("\0\0\0", 0), "\"\\0\\0\\0\"");
	assert_string_equal(Q("\1\08", 0), "\"\\1\\08\"");	/* 8 is no octal digit */
	assert_string_equal(Q("\0017", 0), "\"\\0017\"");
	assert_string_equal(Q("\0", 0), "\"\\0\"");
	assert_string_equal(Q("\0370", 0), "\"\\0370\"");
}

static void test_high_bytes(void **state)
{
	(void)state;
	assert_string_equal(Q("\177\377x", 0), "\"\\177\\377x\"");
	assert_string_equal(Q("\303\251t", 0), "\"\\303\\251t\"");
	assert_string_equal(Q("\2000", 0), "\"\\2000\"");
}

/* strace -x: if any byte is neither printable nor one of \t\n\v\f\r, the
 * whole string is shown in hex; otherwise it is quoted as usual. */
static void test_xescape(void **state)
{
	(void)state;
	assert_string_equal(Q("hello", TBX_OUT_XESCAPE), "\"hello\"");
	assert_string_equal(Q("ab\tc\n", TBX_OUT_XESCAPE), "\"ab\\tc\\n\"");
	assert_string_equal(Q("\"\\", TBX_OUT_XESCAPE), "\"\\\"\\\\\"");
	assert_string_equal(Q("ab\001c", TBX_OUT_XESCAPE), "\"\\x61\\x62\\x01\\x63\"");
	assert_string_equal(Q("a\0001", TBX_OUT_XESCAPE), "\"\\x61\\x00\\x31\"");
	assert_string_equal(Q("\177\377x", TBX_OUT_XESCAPE), "\"\\x7f\\xff\\x78\"");
	assert_string_equal(Q("\303\251t", TBX_OUT_XESCAPE), "\"\\xc3\\xa9\\x74\"");
}

static void test_xxescape(void **state)
{
	(void)state;
	assert_string_equal(Q("ab\tc\n", TBX_OUT_XXESCAPE), "\"\\x61\\x62\\x09\\x63\\x0a\"");
	assert_string_equal(Q("\"\\", TBX_OUT_XXESCAPE), "\"\\x22\\x5c\"");
	assert_string_equal(Q("", TBX_OUT_XXESCAPE), "\"\"");
	assert_string_equal(Q("\0", TBX_OUT_XXESCAPE | TBX_OUT_XESCAPE), "\"\\x00\"");
}

static void test_truncation(void **state)
{
	char buf[8];
	size_t n;

	(void)state;
	/* returns the full length; the buffer holds what fits, NUL-terminated */
	n = tbx_quote((const unsigned char *)"abcdef", 6, buf, 5, 0);
	assert_int_equal(n, 8);
	assert_string_equal(buf, "\"abc");
	n = tbx_quote((const unsigned char *)"abcdef", 6, buf, 8, 0);
	assert_int_equal(n, 8);
	assert_string_equal(buf, "\"abcdef");
	n = tbx_quote((const unsigned char *)"ab", 2, buf, 8, 0);
	assert_int_equal(n, 4);
	assert_string_equal(buf, "\"ab\"");
	n = tbx_quote((const unsigned char *)"\n", 1, buf, 1, 0);
	assert_int_equal(n, 4);
	assert_string_equal(buf, "");
	memset(buf, 'Z', sizeof(buf));
	n = tbx_quote((const unsigned char *)"\377", 1, buf, 0, 0);
	assert_int_equal(n, 6);
	assert_int_equal(buf[0], 'Z');	/* cap 0: nothing written */
	/* worst case is 4 bytes a byte plus quotes */
	n = tbx_quote((const unsigned char *)"\377\377", 2, buf, sizeof(buf), TBX_OUT_XXESCAPE);
	assert_int_equal(n, 10);
}

/* ---- JSON ---- */

static char *jstr(const void *s, size_t n)
{
	struct tbx_sbuf b = { 0 };

	tbx_json_str(&b, s, n);
	assert_false(b.oom);
	return b.p;
}

#define J(lit) jstr(lit, sizeof(lit) - 1)

static void test_json_basic(void **state)
{
	char *p;

	(void)state;
#define CHECK(lit, exp) do { p = J(lit); assert_string_equal(p, exp); free(p); } while (0)
	CHECK("", "\"\"");
	CHECK("abc", "\"abc\"");
	CHECK("\"\\/", "\"\\\"\\\\/\"");
	CHECK("\n\t\r", "\"\\n\\t\\r\"");
	CHECK("\001\037\177", "\"\\u0001\\u001f\\u007f\"");
	CHECK("a\0b", "\"a\\u0000b\"");
	/* valid UTF-8 kept as is */
	CHECK("\303\251t\342\202\254\360\237\230\200", "\"\303\251t\342\202\254\360\237\230\200\"");
	/* invalid bytes as \u00XX */
	CHECK("\377\376", "\"\\u00ff\\u00fe\"");
	CHECK("\300\200", "\"\\u00c0\\u0080\"");		/* overlong NUL */
	CHECK("\303", "\"\\u00c3\"");				/* cut sequence */
	CHECK("\303(", "\"\\u00c3(\"");
	CHECK("\355\240\200", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	CHECK("\340\200\200", "\"\\u00e0\\u0080\\u0080\"");	/* overlong 3 */
	CHECK("\364\220\200\200", "\"\\u00f4\\u0090\\u0080\\u0080\"");	/* > U+10FFFF */
	CHECK("\364\217\277\277", "\"\364\217\277\277\"");	/* U+10FFFF */
#undef CHECK
}

static size_t expected_decoding(const unsigned char *s, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq(s + i, n - i);
		if (len) {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		} else {
			out[o++] = (unsigned char)(0xc0 | s[i] >> 6);
			out[o++] = (unsigned char)(0x80 | (s[i] & 0x3f));
			i++;
		}
	}
	return o;
}

static void check_json_roundtrip(const unsigned char *s, size_t n)
{
	unsigned char exp[2 * 256];
	size_t elen = expected_decoding(s, n, exp);
	char *p = jstr(s, n);
	json_error_t err;
	json_t *j = json_loads(p, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

	if (!j)
		fail_msg("output does not parse: %s (%s)", p, err.text);
	assert_true(json_is_string(j));
	assert_int_equal(json_string_length(j), elen);
	assert_memory_equal(json_string_value(j), exp, elen);
	json_decref(j);
	free(p);
}

static void test_json_random(void **state)
{
	unsigned char s[256];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand_r(&seed) % 64);
		int mode = round % 4;

		for (size_t i = 0; i < n; i++) {
			unsigned r = (unsigned)rand_r(&seed);
			switch (mode) {
			case 0: s[i] = (unsigned char)r; break;		/* any byte */
			case 1: s[i] = (unsigned char)(0x80 | (r & 0x7f)); break;	/* high only */
			case 2: /* mostly continuation bytes after leads */
				s[i] = (unsigned char)((r & 3) ? 0x80 | (r >> 8 & 0x3f)
						       : 0xc0 | (r >> 8 & 0x3f));
				break;
			default: s[i] = (unsigned char)(r % 0x30); break;	/* controls */
			}
		}
		check_json_roundtrip(s, n);
	}
	/* every single byte, and every two-byte pair starting with a lead */
	for (unsigned c = 0; c < 256; c++) {
		s[0] = (unsigned char)c;
		check_json_roundtrip(s, 1);
		for (unsigned d = 0; d < 256; d += 3) {
			s[1] = (unsigned char)d;
			check_json_roundtrip(s, 2);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_nul_and_digits),
		cmocka_unit_test(test_high_bytes),
		cmocka_unit_test(test_xescape),
		cmocka_unit_test(test_xxescape),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_json_basic),
		cmocka_unit_test(test_json_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

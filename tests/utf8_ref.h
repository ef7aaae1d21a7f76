/* The test oracle for JSON strings, shared by tests/unit/test_quote.c and
 * fuzz/fuzz_quote.c. */
#ifndef TBX_TEST_UTF8_REF_H
#define TBX_TEST_UTF8_REF_H
#include <stddef.h>
#include <stdint.h>

/* Reference: what a JSON parser must give back for bytes s: every
 * well-formed UTF-8 sequence as is, every other byte as U+00XX. Written
 * from code point ranges, independently of the encoder's byte tests. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp, min;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc0 && s[0] < 0xe0) {
		len = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] < 0xf0) {
		len = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] < 0xf8) {
		len = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

#endif

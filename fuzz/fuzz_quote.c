/* tbx_quote and tbx_json_str on arbitrary bytes.
 * Input: byte 0 picks the flags and the buffer size, the rest is quoted.
 * Checks: the quoted text reads back as the same bytes (C escapes), every
 * smaller buffer gets a NUL-terminated prefix of it and the same length,
 * and the JSON string parses (jansson) back to the expected code points. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/output.h"
#include "../tests/utf8_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

static int odigit(char c) { return c >= '0' && c <= '7'; }

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Read back "..." with C escapes; returns the byte count, or -1. */
static long unquote(const char *q, size_t qlen, unsigned char *out)
{
	size_t i = 1, o = 0;

	if (qlen < 2 || q[0] != '"' || q[qlen - 1] != '"')
		return -1;
	while (i < qlen - 1) {
		char c = q[i++];
		if (c == '"')
			return -1;	/* unescaped quote inside */
		if (c != '\\') {
			if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
				return -1;	/* raw non-printable */
			out[o++] = (unsigned char)c;
			continue;
		}
		if (i >= qlen - 1)
			return -1;
		c = q[i++];
		switch (c) {
		case '"': case '\\': out[o++] = (unsigned char)c; continue;
		case 't': out[o++] = '\t'; continue;
		case 'n': out[o++] = '\n'; continue;
		case 'v': out[o++] = '\v'; continue;
		case 'f': out[o++] = '\f'; continue;
		case 'r': out[o++] = '\r'; continue;
		case 'x': {
			int h, l;
			if (i + 2 > qlen - 1 || (h = hexval(q[i])) < 0 || (l = hexval(q[i + 1])) < 0)
				return -1;
			out[o++] = (unsigned char)(h << 4 | l);
			i += 2;
			continue;
		}
		}
		if (!odigit(c))
			return -1;
		{
			unsigned v = (unsigned)(c - '0');
			for (int k = 0; k < 2 && i < qlen - 1 && odigit(q[i]); k++)
				v = v * 8 + (unsigned)(q[i++] - '0');
			if (v > 0xff)
				return -1;
			out[o++] = (unsigned char)v;
		}
	}
	return (long)o;
}

static void check_json(const unsigned char *s, size_t n)
{
	struct tbx_sbuf b = { 0 };
	unsigned char *exp = malloc(2 * n + 1);
	size_t elen = 0;
	json_error_t err;
	json_t *j;

	CHECK(exp);
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq(s + i, n - i);
		if (len) {
			memcpy(exp + elen, s + i, len);
			elen += len;
			i += len;
		} else {
			exp[elen++] = (unsigned char)(0xc0 | s[i] >> 6);
			exp[elen++] = (unsigned char)(0x80 | (s[i] & 0x3f));
			i++;
		}
	}
	tbx_json_str(&b, s, n);
	CHECK(!b.oom);
	j = json_loadb(b.p, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!j) {
		fprintf(stderr, "JSON does not parse: %s\n%s\n", err.text, b.p);
		abort();
	}
	CHECK(json_is_string(j));
	CHECK(json_string_length(j) == elen);
	CHECK(!memcmp(json_string_value(j), exp, elen));
	json_decref(j);
	sb_free(&b);
	free(exp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned flagsets[] = {
		0, TBX_OUT_XESCAPE, TBX_OUT_XXESCAPE, TBX_OUT_XESCAPE | TBX_OUT_XXESCAPE,
	};
	unsigned flags, small;
	size_t n, full, cap;
	char *buf, *part;
	unsigned char *back;
	long blen;

	if (!size)
		return 0;
	flags = flagsets[data[0] & 3];
	small = data[0] >> 2;	/* 0..63 */
	data++;
	n = size - 1;
	cap = 4 * n + 3;	/* the worst case: every byte as \377 or \xff */
	buf = malloc(cap);
	part = malloc(small ? small : 1);
	back = malloc(n + 1);
	CHECK(buf && part && back);

	full = tbx_quote(data, n, buf, cap, flags);
	CHECK(full < cap);
	CHECK(strlen(buf) == full);
	blen = unquote(buf, full, back);
	if (blen < 0 || (size_t)blen != n || memcmp(back, data, n)) {
		fprintf(stderr, "quoted text does not read back: %s\n", buf);
		abort();
	}
	if (flags & TBX_OUT_XXESCAPE)
		CHECK(full == 4 * n + 2);

	/* a small buffer: same length returned, a prefix kept */
	memset(part, 'Z', small ? small : 1);
	CHECK(tbx_quote(data, n, part, small, flags) == full);
	if (small) {
		size_t plen = strlen(part);
		CHECK(plen < small);
		CHECK(plen == (full < small - 1 ? full : small - 1));
		CHECK(!memcmp(part, buf, plen));
	} else {
		CHECK(part[0] == 'Z');
	}

	check_json(data, n);
	free(buf);
	free(part);
	free(back);
	return 0;
}

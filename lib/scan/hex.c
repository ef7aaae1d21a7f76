/* YARA hex strings ("DE AD ?? EF", "4? ?F", "~00", "[2-4]",
 * "( AA | BB CC )") translated to a regular expression over bytes, so
 * Hyperscan runs them with the other patterns. */
#include <errno.h>
#include <string.h>
#include "scan/scan.h"

#define ANY "[\\x00-\\xff]"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A decimal number of a jump; NULL if none. */
static const char *number(const char *p, unsigned long *v)
{
	const char *s = p;

	*v = 0;
	while (*p >= '0' && *p <= '9') {
		*v = *v * 10 + (unsigned long)(*p++ - '0');
		if (*v > 1000000)
			return NULL;
	}
	return p > s ? p : NULL;
}

struct hexp {
	const char *start, *p;
	struct tbx_sbuf *out;
	const char *msg;
	unsigned depth;
};

static int fail(struct hexp *h, const char *at, const char *msg)
{
	h->p = at;
	h->msg = msg;
	return -EINVAL;
}

static void skip_space(struct hexp *h)
{
	while (is_space(*h->p))
		h->p++;
}

/* One byte token: XX, ??, X?, ?X, ~XX. */
static int byte(struct hexp *h)
{
	const char *p = h->p;
	bool neg = *p == '~';
	int hi, lo;

	if (neg)
		p++;
	hi = p[0] == '?' ? 16 : hexval(p[0]);
	lo = p[0] && p[1] == '?' ? 16 : (p[0] ? hexval(p[1]) : -1);
	if (hi < 0 || lo < 0)
		return fail(h, p, "expected two hex digits or '?'");
	if (neg && (hi == 16 || lo == 16))
		return fail(h, p, "'~' needs a byte without wildcards");
	if (hi == 16 && lo == 16) {
		sb_puts(h->out, ANY);
	} else if (hi == 16) {
		sb_putc(h->out, '[');
		for (int i = 0; i < 16; i++)
			sb_printf(h->out, "\\x%x%x", i, lo);
		sb_putc(h->out, ']');
	} else if (lo == 16) {
		sb_printf(h->out, "[\\x%x0-\\x%xf]", hi, hi);
	} else {
		sb_printf(h->out, neg ? "[^\\x%x%x]" : "\\x%x%x", hi, lo);
	}
	h->p = p + 2;
	return 0;
}

/* [N], [N-M], [N-], [-] */
static int jump(struct hexp *h)
{
	const char *open = h->p;
	unsigned long lo = 0, hi = 0;
	bool unbounded = false;
	const char *q;

	h->p++;
	skip_space(h);
	if ((q = number(h->p, &lo)))
		h->p = q;
	else if (*h->p != '-')
		return fail(h, h->p, "expected a number in the jump");
	skip_space(h);
	if (*h->p == '-') {
		h->p++;
		skip_space(h);
		if ((q = number(h->p, &hi)))
			h->p = q;
		else
			unbounded = true;
		skip_space(h);
	} else {
		hi = lo;
	}
	if (*h->p != ']')
		return fail(h, h->p, "expected ']' closing the jump");
	if (!unbounded && hi < lo)
		return fail(h, open, "jump range is reversed");
	if (!unbounded && hi == 0)
		return fail(h, open, "empty jump");
	h->p++;
	if (unbounded)
		sb_printf(h->out, ANY "{%lu,}", lo);
	else if (lo == hi)
		sb_printf(h->out, ANY "{%lu}", lo);
	else
		sb_printf(h->out, ANY "{%lu,%lu}", lo, hi);
	return 0;
}

/* A sequence up to ')' , '|' or the end. */
static int sequence(struct hexp *h)
{
	unsigned nbytes = 0;
	bool last_jump = false;

	for (;;) {
		int e;

		skip_space(h);
		if (!*h->p || *h->p == ')' || *h->p == '|')
			break;
		if (*h->p == '[') {
			if (!nbytes)
				return fail(h, h->p, "a jump cannot start a sequence");
			if ((e = jump(h)) < 0)
				return e;
			last_jump = true;
			continue;
		}
		if (*h->p == '(') {
			const char *open = h->p++;

			sb_puts(h->out, "(?:");
			if (++h->depth > 16)
				return fail(h, open, "alternatives nested too deep");
			for (;;) {
				const char *alt = h->p;

				skip_space(h);
				if (*h->p == '|' || *h->p == ')' || !*h->p)
					return fail(h, alt, "empty alternative");
				if ((e = sequence(h)) < 0)
					return e;
				if (*h->p == '|') {
					sb_putc(h->out, '|');
					h->p++;
					continue;
				}
				if (*h->p != ')')
					return fail(h, open, "'(' is not closed");
				h->p++;
				break;
			}
			h->depth--;
			sb_putc(h->out, ')');
		} else if ((e = byte(h)) < 0) {
			return e;
		}
		nbytes++;
		last_jump = false;
	}
	if (!nbytes)
		return fail(h, h->p, "no bytes");
	if (last_jump)
		return fail(h, h->p, "a jump cannot end a sequence");
	return 0;
}

int tbx_hex_to_regex(const char *hex, struct tbx_sbuf *out, size_t *errpos,
		     const char **errmsg)
{
	struct hexp h = { hex, hex, out, NULL, 0 };
	int e = sequence(&h);

	if (!e && *h.p)
		e = fail(&h, h.p, *h.p == ')' ? "')' without '('" : "'|' outside alternatives");
	if (!e && out->oom)
		return -ENOMEM;
	if (e) {
		*errpos = (size_t)(h.p - hex);
		*errmsg = h.msg;
	}
	return e;
}

/* The proxy call table and frames: round trip of every call, and every
 * kind of bad frame refused without reading out of bounds (frames are
 * copied to exact-size heap blocks, so ASan sees any over-read). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "proxy/proto.h"

static const struct tbx_pcall_spec *specs;
static unsigned nspecs;

static int setup(void **state)
{
	(void)state;
	specs = tbx_pcall_specs(&nspecs);
	return 0;
}

/* ---- helpers ---- */

/* Payload bytes, as long as the biggest fixed layout (struct statx). */
static const uint8_t bytes[256] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?";

/* A valid call of spec s. */
static void make_call(const struct tbx_pcall_spec *s, struct tbx_pcall *c)
{
	unsigned n = (unsigned)strlen(s->kinds);

	memset(c, 0, sizeof(*c));
	c->nr = (uint32_t)s->nr;
	c->nargs = n;
	for (unsigned i = 0; i < n; i++) {
		struct tbx_parg *a = &c->a[i];

		switch (s->kinds[i]) {
		case 'i': a->kind = TBX_PA_INT; a->v = -(int64_t)i * 1000003 - 7; break;
		case 'f': a->kind = TBX_PA_FD; a->v = 3 + i; break;
		case 'd': a->kind = TBX_PA_FD; a->v = AT_FDCWD; break;
		case 's': a->kind = TBX_PA_STR; a->b.p = bytes + i; a->b.len = 9; break;
		case 'b': a->kind = TBX_PA_IN; a->b.p = bytes; a->b.len = 5 + i; break;
		case 'B': a->kind = TBX_PA_IN; a->b.p = bytes; a->b.len = s->fixed[i]; break;
		case 'o': a->kind = TBX_PA_OUT; a->v = 40; break;
		case 'O': a->kind = TBX_PA_OUT; a->v = s->fixed[i]; break;
		case 'L': a->kind = TBX_PA_OUT; a->v = 16; break;
		default: a->kind = TBX_PA_NONE;
		}
	}
	for (unsigned i = 0; i < n; i++)
		if (s->kinds[i] == 'b' || s->kinds[i] == 'o')
			c->a[s->size_of[i]].v = c->a[i].kind == TBX_PA_OUT ? c->a[i].v
									  : c->a[i].b.len;
}

/* Encode with fn into an exact-size heap copy. */
static uint8_t *encode_call(uint32_t id, const struct tbx_pcall *c, size_t *len)
{
	struct tbx_sbuf b = { 0 };
	uint8_t *p;

	tbx_proto_put_call(&b, id, c);
	assert_false(b.oom);
	p = malloc(b.len);
	assert_non_null(p);
	memcpy(p, b.p, b.len);
	*len = b.len;
	sb_free(&b);
	return p;
}

static int decode_call(const uint8_t *p, size_t len, struct tbx_pcall *c)
{
	struct tbx_pframe f;
	size_t used = 0;
	int e = tbx_proto_frame(p, len, &f, &used);

	if (e != 1)
		return e == 0 ? -EAGAIN : e;
	assert_int_equal(used, len);
	return tbx_proto_get_call(&f, c);
}

static void assert_args_equal(const struct tbx_pcall *x, const struct tbx_pcall *y)
{
	assert_int_equal(x->nr, y->nr);
	assert_int_equal(x->nargs, y->nargs);
	for (unsigned i = 0; i < x->nargs; i++) {
		assert_int_equal(x->a[i].kind, y->a[i].kind);
		if (x->a[i].kind == TBX_PA_STR || x->a[i].kind == TBX_PA_IN) {
			assert_int_equal(x->a[i].b.len, y->a[i].b.len);
			assert_memory_equal(x->a[i].b.p, y->a[i].b.p, x->a[i].b.len);
		} else {
			assert_true(x->a[i].v == y->a[i].v);
		}
	}
}

/* A frame of type t whose payload is the n bytes at p, heap-exact. */
static uint8_t *raw_frame(uint16_t t, const uint8_t *p, uint32_t n, size_t *len)
{
	uint8_t *f = malloc(TBX_PROTO_HDR + n + 1);

	assert_non_null(f);
	memset(f, 0, TBX_PROTO_HDR);
	for (int i = 0; i < 4; i++)
		f[i] = (uint8_t)(n >> (8 * i));
	f[4] = (uint8_t)t;
	f[8] = 9;	/* id */
	if (n)
		memcpy(f + TBX_PROTO_HDR, p, n);
	*len = TBX_PROTO_HDR + n;
	return f;
}

/* ---- tests ---- */

static void test_table(void **state)
{
	(void)state;
	assert_true(nspecs >= 60);
	for (unsigned k = 0; k < nspecs; k++) {
		const struct tbx_pcall_spec *s = &specs[k];
		unsigned n = (unsigned)strlen(s->kinds);

		if (k)
			assert_true(specs[k - 1].nr < s->nr);
		assert_ptr_equal(tbx_pcall_spec(s->nr), s);
		assert_string_equal(tbx_syscall_name(TBX_ARCH_X86_64, s->nr), s->name);
		assert_true(n <= TBX_PROTO_MAX_ARGS);
		for (unsigned i = 0; i < n; i++) {
			char c = s->kinds[i];

			assert_non_null(strchr("ifdsbBoOL-", c));
			if (c == 'b' || c == 'o') {
				assert_true(s->size_of[i] < n);
				assert_int_equal(s->kinds[s->size_of[i]], 'i');
			}
			if (c == 'L') {
				assert_true(s->size_of[i] < n);
				assert_int_equal(s->kinds[s->size_of[i]], '-');
			}
			if (c == 'O' || c == 'B')
				assert_true(s->fixed[i] > 0 && s->fixed[i] <= 4096);
		}
	}
	assert_null(tbx_pcall_spec(-1));
	assert_null(tbx_pcall_spec(59));	/* execve */
	assert_null(tbx_pcall_spec(100000));
	assert_non_null(tbx_pcall_spec(257));	/* openat */
	assert_true(tbx_pcall_spec(257)->flags & TBX_PC_NEWFD);
	assert_true(tbx_pcall_spec(3)->flags & TBX_PC_CLOSE);
}

/* Every call, and every call with each pointer argument NULL. */
static void test_roundtrip_calls(void **state)
{
	(void)state;
	for (unsigned k = 0; k < nspecs; k++) {
		struct tbx_pcall c, d;
		size_t len;
		uint8_t *p;

		make_call(&specs[k], &c);
		p = encode_call(k + 1, &c, &len);
		assert_int_equal(decode_call(p, len, &d), 0);
		assert_args_equal(&c, &d);
		free(p);
		for (unsigned i = 0; i < c.nargs; i++) {
			struct tbx_pcall e = c;

			if (!strchr("sbBoOL", specs[k].kinds[i]))
				continue;
			e.a[i].kind = TBX_PA_NONE;
			p = encode_call(1, &e, &len);
			assert_int_equal(decode_call(p, len, &d), 0);
			assert_int_equal(d.a[i].kind, TBX_PA_NONE);
			free(p);
		}
	}
}

static uint8_t *encode_result(const struct tbx_pcall *c, const struct tbx_presult *r,
			      size_t *len)
{
	struct tbx_sbuf b = { 0 };
	uint8_t *p;

	tbx_proto_put_result(&b, 9, r, c);
	p = malloc(b.len);
	assert_non_null(p);
	memcpy(p, b.p, b.len);
	*len = b.len;
	sb_free(&b);
	return p;
}

static int decode_result(const uint8_t *p, size_t len, const struct tbx_pcall *c,
			 struct tbx_presult *r)
{
	struct tbx_pframe f;
	size_t used;
	int e = tbx_proto_frame(p, len, &f, &used);

	if (e != 1)
		return e == 0 ? -EAGAIN : e;
	assert_int_equal(f.id, 9);
	return tbx_proto_get_result(&f, c, r);
}

/* A result filling every OUT of c with half its capacity. */
static void make_result(const struct tbx_pcall_spec *s, const struct tbx_pcall *c,
			struct tbx_presult *r)
{
	memset(r, 0, sizeof(*r));
	r->ret = 3;
	for (unsigned i = 0; i < c->nargs; i++) {
		if (c->a[i].kind != TBX_PA_OUT)
			continue;
		r->out[r->nouts].p = bytes;
		r->out[r->nouts].len = (uint32_t)c->a[i].v / 2;
		r->full[r->nouts] = s->kinds[i] == 'L' ? 110 : r->out[r->nouts].len;
		r->nouts++;
	}
}

static void test_roundtrip_results(void **state)
{
	(void)state;
	for (unsigned k = 0; k < nspecs; k++) {
		struct tbx_pcall c;
		struct tbx_presult r, q;
		size_t len;
		uint8_t *p;

		make_call(&specs[k], &c);
		make_result(&specs[k], &c, &r);
		p = encode_result(&c, &r, &len);
		assert_int_equal(decode_result(p, len, &c, &q), 0);
		assert_true(q.ret == 3);
		assert_int_equal(q.nouts, r.nouts);
		for (unsigned i = 0; i < r.nouts; i++) {
			assert_int_equal(q.out[i].len, r.out[i].len);
			assert_memory_equal(q.out[i].p, bytes, r.out[i].len);
			assert_int_equal(q.full[i], r.full[i]);
		}
		/* each cut short is refused, never read past */
		for (size_t cut = 0; cut + TBX_PROTO_HDR < len; cut++) {
			size_t n;
			uint8_t *t = raw_frame(TBX_FR_RESULT, p + TBX_PROTO_HDR, (uint32_t)cut, &n);

			assert_true(decode_result(t, n, &c, &q) < 0);
			free(t);
		}
		free(p);
	}
}

/* Every prefix of a frame is "need more"; every payload cut short with a
 * consistent header is refused. */
static void test_truncated(void **state)
{
	(void)state;
	for (unsigned k = 0; k < nspecs; k++) {
		struct tbx_pcall c, d;
		size_t len;
		uint8_t *p;

		make_call(&specs[k], &c);
		p = encode_call(1, &c, &len);
		for (size_t n = 0; n < len; n++) {
			uint8_t *q = malloc(n ? n : 1);
			struct tbx_pframe f;
			size_t used;

			memcpy(q, p, n);
			assert_int_equal(tbx_proto_frame(q, n, &f, &used), 0);
			free(q);
		}
		for (size_t cut = 0; cut + TBX_PROTO_HDR < len; cut++) {
			size_t n;
			uint8_t *q = raw_frame(TBX_FR_CALL, p + TBX_PROTO_HDR, (uint32_t)cut, &n);

			assert_true(decode_call(q, n, &d) < 0);
			free(q);
		}
		/* and a byte too many */
		{
			size_t n;
			uint8_t *big = malloc(len + 1);
			uint8_t *q;

			memcpy(big, p + TBX_PROTO_HDR, len - TBX_PROTO_HDR);
			big[len - TBX_PROTO_HDR] = 0;
			q = raw_frame(TBX_FR_CALL, big, (uint32_t)(len - TBX_PROTO_HDR + 1), &n);
			assert_int_equal(decode_call(q, n, &d), -EPROTO);
			free(q);
			free(big);
		}
		free(p);
	}
}

static void test_oversized(void **state)
{
	const struct tbx_pcall_spec *w = tbx_pcall_spec(1), *rf = tbx_pcall_spec(45);
	struct tbx_pcall c, d;
	uint8_t hdr[TBX_PROTO_HDR] = { 0xff, 0xff, 0xff, 0x7f, TBX_FR_CALL };
	uint8_t *big, *p;
	struct tbx_pframe f;
	size_t len, used;

	(void)state;
	/* a header announcing more than the maximum */
	assert_int_equal(tbx_proto_frame(hdr, sizeof(hdr), &f, &used), -EMSGSIZE);
	hdr[0] = 1, hdr[1] = 0, hdr[2] = 0x80, hdr[3] = 0;	/* max + 1 */
	assert_int_equal(tbx_proto_frame(hdr, sizeof(hdr), &f, &used), -EMSGSIZE);

	/* IN bigger than TBX_PROTO_MAX_IO */
	big = calloc(1, TBX_PROTO_MAX_IO + 1);
	make_call(w, &c);
	c.a[1].b.p = big;
	c.a[1].b.len = TBX_PROTO_MAX_IO;
	c.a[2].v = TBX_PROTO_MAX_IO;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), 0);
	free(p);
	c.a[1].b.len = c.a[2].v = TBX_PROTO_MAX_IO + 1;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EMSGSIZE);
	free(p);
	free(big);

	/* a STR longer than a path */
	big = calloc(1, TBX_PROTO_MAX_STR + 1);
	memset(big, 'a', TBX_PROTO_MAX_STR + 1);
	make_call(tbx_pcall_spec(2), &c);
	c.a[0].b.p = big;
	c.a[0].b.len = TBX_PROTO_MAX_STR;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), 0);
	free(p);
	c.a[0].b.len = TBX_PROTO_MAX_STR + 1;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EMSGSIZE);
	free(p);
	free(big);

	/* OUT capacities: too big, negative, and two that do not fit a frame */
	make_call(rf, &c);
	c.a[1].v = c.a[2].v = TBX_PROTO_MAX_IO + 1;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EMSGSIZE);
	free(p);
	c.a[1].v = c.a[2].v = -1;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EMSGSIZE);
	free(p);
	c.a[1].v = c.a[2].v = TBX_PROTO_MAX_IO;
	c.a[4].v = TBX_PROTO_MAX_IO;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EMSGSIZE);
	free(p);

	/* a length field far beyond the payload */
	make_call(w, &c);
	p = encode_call(1, &c, &len);
	/* nr(4) nargs(1) fd item(9) IN kind(1) then its length */
	memset(p + TBX_PROTO_HDR + 15, 0xff, 4);
	assert_true(decode_call(p, len, &d) < 0);
	free(p);
}

static void test_wrong_kinds(void **state)
{
	(void)state;
	for (unsigned k = 0; k < nspecs; k++) {
		struct tbx_pcall c, d;

		make_call(&specs[k], &c);
		for (unsigned i = 0; i < c.nargs; i++) {
			for (uint8_t kind = 0; kind <= 7; kind++) {
				struct tbx_pcall e = c;
				size_t len;
				uint8_t *p;
				int r;

				if (kind == c.a[i].kind)
					continue;
				e.a[i].kind = kind;
				e.a[i].v = 4;
				e.a[i].b.p = bytes;
				e.a[i].b.len = 4;
				p = encode_call(1, &e, &len);
				r = decode_call(p, len, &d);
				free(p);
				if (kind == TBX_PA_NONE && strchr("sbBoOL", specs[k].kinds[i]))
					assert_int_equal(r, 0);
				else
					assert_int_equal(r, -EPROTO);
			}
		}
	}
}

static void test_bad_calls(void **state)
{
	const struct tbx_pcall_spec *op = tbx_pcall_spec(257), *w = tbx_pcall_spec(1);
	struct tbx_pcall c, d;
	uint8_t *p, junk[4] = { 0 };
	struct tbx_pframe f;
	size_t len, used;

	(void)state;
	/* unknown call, wrong count, wrong frame type */
	make_call(op, &c);
	c.nr = 59;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -ENOSYS);
	free(p);
	c.nr = 0xffffffff;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -ENOSYS);
	free(p);
	make_call(op, &c);
	c.nargs = 3;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	c.nargs = 5;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	make_call(op, &c);
	p = encode_call(1, &c, &len);
	p[4] = TBX_FR_RESULT;
	assert_int_equal(tbx_proto_frame(p, len, &f, &used), 1);
	assert_int_equal(tbx_proto_get_call(&f, &d), -EPROTO);
	p[4] = 0;
	assert_int_equal(tbx_proto_frame(p, len, &f, &used), -EPROTO);
	p[4] = 7;
	assert_int_equal(tbx_proto_frame(p, len, &f, &used), -EPROTO);
	p[4] = TBX_FR_CALL;
	p[6] = 1;	/* flags */
	assert_int_equal(tbx_proto_frame(p, len, &f, &used), -EPROTO);
	free(p);

	/* a NUL inside a path */
	make_call(op, &c);
	c.a[1].b.p = (const uint8_t *)"a\0b";
	c.a[1].b.len = 3;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);

	/* the size argument disagrees with the buffer */
	make_call(w, &c);
	c.a[2].v++;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	make_call(tbx_pcall_spec(0), &c);
	c.a[2].v = 4096;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	/* a fixed layout of the wrong size */
	make_call(tbx_pcall_spec(5), &c);
	c.a[1].v = 100;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	/* an fd that is not an int */
	make_call(tbx_pcall_spec(3), &c);
	c.a[0].v = (int64_t)1 << 32;
	p = encode_call(1, &c, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);

	/* an empty CALL, an unknown kind byte */
	p = raw_frame(TBX_FR_CALL, junk, 0, &len);
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
	make_call(tbx_pcall_spec(3), &c);
	p = encode_call(1, &c, &len);
	p[TBX_PROTO_HDR + 5] = 200;
	assert_int_equal(decode_call(p, len, &d), -EPROTO);
	free(p);
}

static void test_bad_results(void **state)
{
	const struct tbx_pcall_spec *s = tbx_pcall_spec(45);	/* recvfrom */
	struct tbx_pcall c;
	struct tbx_presult r, q;
	size_t len;
	uint8_t *p;

	(void)state;
	make_call(s, &c);
	make_result(s, &c, &r);
	r.out[0].len = (uint32_t)c.a[1].v + 1;	/* more than asked */
	p = encode_result(&c, &r, &len);
	assert_int_equal(decode_result(p, len, &c, &q), -EPROTO);
	free(p);
	make_result(s, &c, &r);
	r.nouts = 1;
	p = encode_result(&c, &r, &len);
	assert_int_equal(decode_result(p, len, &c, &q), -EPROTO);
	free(p);
	make_result(s, &c, &r);
	r.ret = -5000;
	p = encode_result(&c, &r, &len);
	assert_int_equal(decode_result(p, len, &c, &q), -EPROTO);
	free(p);
	r.ret = -EAGAIN;	/* a failure with data */
	p = encode_result(&c, &r, &len);
	assert_int_equal(decode_result(p, len, &c, &q), -EPROTO);
	free(p);
	r.out[0].len = r.out[1].len = 0;
	p = encode_result(&c, &r, &len);
	assert_int_equal(decode_result(p, len, &c, &q), 0);
	assert_true(q.ret == -EAGAIN);
	free(p);
}

static void test_hello(void **state)
{
	struct tbx_sbuf b = { 0 };
	struct tbx_pframe f;
	struct tbx_pbuf tok, msg;
	uint32_t v, max;
	size_t used;
	int err;

	(void)state;
	tbx_proto_put_hello(&b, "s3cret", 6);
	assert_int_equal(tbx_proto_frame((uint8_t *)b.p, b.len, &f, &used), 1);
	assert_int_equal(tbx_proto_get_hello(&f, &v, &tok), 0);
	assert_int_equal(v, TBX_PROTO_VERSION);
	assert_int_equal(tok.len, 6);
	assert_memory_equal(tok.p, "s3cret", 6);
	assert_int_equal(tbx_proto_get_welcome(&f, &v, &max), -EPROTO);
	/* another version: reported, the rest not parsed */
	b.p[TBX_PROTO_HDR] = 2;
	assert_int_equal(tbx_proto_get_hello(&f, &v, &tok), 0);
	assert_int_equal(v, 2);
	b.p[TBX_PROTO_HDR] = 1;
	b.p[TBX_PROTO_HDR + 8] = 7;	/* token length past the end */
	assert_int_equal(tbx_proto_get_hello(&f, &v, &tok), -EPROTO);
	f.len = 3;
	assert_int_equal(tbx_proto_get_hello(&f, &v, &tok), -EPROTO);
	sb_free(&b);

	tbx_proto_put_welcome(&b);
	assert_int_equal(tbx_proto_frame((uint8_t *)b.p, b.len, &f, &used), 1);
	assert_int_equal(tbx_proto_get_welcome(&f, &v, &max), 0);
	assert_int_equal(v, TBX_PROTO_VERSION);
	assert_int_equal(max, TBX_PROTO_MAX_FRAME);
	sb_free(&b);

	tbx_proto_put_error(&b, 4, EACCES, "bad token");
	assert_int_equal(tbx_proto_frame((uint8_t *)b.p, b.len, &f, &used), 1);
	assert_int_equal(f.id, 4);
	assert_int_equal(tbx_proto_get_error(&f, &err, &msg), 0);
	assert_int_equal(err, EACCES);
	assert_int_equal(msg.len, 9);
	assert_memory_equal(msg.p, "bad token", 9);
	f.len--;
	assert_int_equal(tbx_proto_get_error(&f, &err, &msg), -EPROTO);
	sb_free(&b);

	tbx_proto_put_bye(&b);
	assert_int_equal(b.len, TBX_PROTO_HDR);
	assert_int_equal(tbx_proto_frame((uint8_t *)b.p, b.len, &f, &used), 1);
	assert_int_equal(f.type, TBX_FR_BYE);
	assert_int_equal(f.len, 0);
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_roundtrip_calls),
		cmocka_unit_test(test_roundtrip_results),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_wrong_kinds),
		cmocka_unit_test(test_bad_calls),
		cmocka_unit_test(test_bad_results),
		cmocka_unit_test(test_hello),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

/* Proxy protocol frames (docs/proxy-protocol.md): encoding, and a
 * decoder that checks every length against what is left before reading,
 * so no input can make it read out of bounds. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "proxy/proto.h"

#define RBUF_MIN (64u << 10)	/* read in big gulps: one read, many frames */

/* ---- encoding ---- */

static void put_le(struct tbx_sbuf *b, uint64_t v, unsigned n)
{
	char c[8];

	for (unsigned i = 0; i < n; i++)
		c[i] = (char)(v >> (8 * i));
	sb_putn(b, c, n);
}

static void put_bytes(struct tbx_sbuf *b, const struct tbx_pbuf *p)
{
	put_le(b, p->len, 4);
	if (p->len)
		sb_putn(b, (const char *)p->p, p->len);
}

/* Header with a zero length, patched by frame_end once the payload is in. */
static size_t frame_begin(struct tbx_sbuf *b, uint16_t type, uint32_t id)
{
	size_t at = b->len;

	put_le(b, 0, 4);
	put_le(b, type, 2);
	put_le(b, 0, 2);
	put_le(b, id, 4);
	return at;
}

static void frame_end(struct tbx_sbuf *b, size_t at)
{
	size_t n = b->len - at - TBX_PROTO_HDR;

	if (b->oom || b->len < at + TBX_PROTO_HDR)
		return;
	for (unsigned i = 0; i < 4; i++)
		b->p[at + i] = (char)(n >> (8 * i));
}

void tbx_proto_put_hello(struct tbx_sbuf *b, const char *token, size_t toklen)
{
	size_t at = frame_begin(b, TBX_FR_HELLO, 0);

	if (toklen > TBX_PROTO_MAX_TOKEN)
		toklen = TBX_PROTO_MAX_TOKEN;	/* refused by the server anyway */
	put_le(b, TBX_PROTO_VERSION, 4);
	put_le(b, 0, 4);
	put_le(b, toklen, 2);
	if (toklen)
		sb_putn(b, token, toklen);
	frame_end(b, at);
}

void tbx_proto_put_welcome(struct tbx_sbuf *b)
{
	size_t at = frame_begin(b, TBX_FR_WELCOME, 0);

	put_le(b, TBX_PROTO_VERSION, 4);
	put_le(b, 0, 4);
	put_le(b, TBX_PROTO_MAX_FRAME, 4);
	frame_end(b, at);
}

void tbx_proto_put_bye(struct tbx_sbuf *b)
{
	frame_end(b, frame_begin(b, TBX_FR_BYE, 0));
}

void tbx_proto_put_call(struct tbx_sbuf *b, uint32_t id, const struct tbx_pcall *c)
{
	size_t at = frame_begin(b, TBX_FR_CALL, id);
	uint32_t n = c->nargs < TBX_PROTO_MAX_ARGS ? c->nargs : TBX_PROTO_MAX_ARGS;

	put_le(b, c->nr, 4);
	put_le(b, n, 1);
	for (uint32_t i = 0; i < n; i++) {
		const struct tbx_parg *a = &c->a[i];

		put_le(b, a->kind, 1);
		if (a->kind == TBX_PA_STR || a->kind == TBX_PA_IN)
			put_bytes(b, &a->b);
		else if (a->kind != TBX_PA_NONE)
			put_le(b, (uint64_t)a->v, 8);
	}
	frame_end(b, at);
}

void tbx_proto_put_result(struct tbx_sbuf *b, uint32_t id, const struct tbx_presult *r,
			  const struct tbx_pcall *c)
{
	const struct tbx_pcall_spec *s = tbx_pcall_spec(c->nr);
	size_t at = frame_begin(b, TBX_FR_RESULT, id);
	uint32_t k = 0;

	put_le(b, (uint64_t)r->ret, 8);
	put_le(b, r->nouts, 1);
	for (uint32_t i = 0; i < c->nargs && i < TBX_PROTO_MAX_ARGS && k < r->nouts; i++) {
		if (c->a[i].kind != TBX_PA_OUT)
			continue;
		if (s && s->kinds[i] == 'L')
			put_le(b, r->full[k], 4);
		put_bytes(b, &r->out[k]);
		k++;
	}
	frame_end(b, at);
}

void tbx_proto_put_error(struct tbx_sbuf *b, uint32_t id, int err, const char *msg)
{
	size_t at = frame_begin(b, TBX_FR_ERROR, id);
	size_t n = msg ? strlen(msg) : 0;

	if (n > UINT16_MAX)
		n = UINT16_MAX;
	put_le(b, (uint32_t)err, 4);
	put_le(b, n, 2);
	if (n)
		sb_putn(b, msg, n);
	frame_end(b, at);
}

/* ---- decoding ---- */

struct cur {
	const uint8_t *p;
	size_t left;
	bool bad;	/* ran past the end: the frame is truncated */
};

static uint64_t get_le(struct cur *c, unsigned n)
{
	uint64_t v = 0;

	if (c->left < n) {
		c->bad = true;
		c->left = 0;
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += n;
	c->left -= n;
	return v;
}

/* len then that many bytes; at most max. */
static int get_bytes(struct cur *c, uint32_t max, struct tbx_pbuf *out)
{
	uint32_t n = (uint32_t)get_le(c, 4);

	if (c->bad)
		return -EPROTO;
	if (n > max)
		return -EMSGSIZE;
	if (n > c->left)
		return -EPROTO;
	out->p = c->p;
	out->len = n;
	c->p += n;
	c->left -= n;
	return 0;
}

int tbx_proto_frame(const uint8_t *buf, size_t len, struct tbx_pframe *f, size_t *used)
{
	struct cur c = { buf, len, false };
	uint32_t plen;

	if (len < TBX_PROTO_HDR)
		return 0;
	plen = (uint32_t)get_le(&c, 4);
	f->type = (uint16_t)get_le(&c, 2);
	f->flags = (uint16_t)get_le(&c, 2);
	f->id = (uint32_t)get_le(&c, 4);
	if (plen > TBX_PROTO_MAX_FRAME)
		return -EMSGSIZE;
	if (f->type < TBX_FR_HELLO || f->type > TBX_FR_BYE || f->flags)
		return -EPROTO;
	if (c.left < plen)
		return 0;
	f->payload = c.p;
	f->len = plen;
	*used = TBX_PROTO_HDR + (size_t)plen;
	return 1;
}

/* Which wire kinds may carry an argument of spec kind k. */
static bool kind_ok(char k, uint8_t kind)
{
	switch (k) {
	case 'i': return kind == TBX_PA_INT;
	case 'f':
	case 'd': return kind == TBX_PA_FD;
	case 's': return kind == TBX_PA_STR || kind == TBX_PA_NONE;
	case 'b':
	case 'B': return kind == TBX_PA_IN || kind == TBX_PA_NONE;
	case 'o':
	case 'O':
	case 'L': return kind == TBX_PA_OUT || kind == TBX_PA_NONE;
	case '-': return kind == TBX_PA_NONE;
	}
	return false;
}

static int get_arg(struct cur *c, char k, struct tbx_parg *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = (uint8_t)get_le(c, 1);
	if (c->bad)
		return -EPROTO;
	if (!kind_ok(k, a->kind))
		return -EPROTO;
	switch (a->kind) {
	case TBX_PA_NONE:
		return 0;
	case TBX_PA_STR: {
		int e = get_bytes(c, TBX_PROTO_MAX_STR, &a->b);

		if (e)
			return e;
		return a->b.len && memchr(a->b.p, 0, a->b.len) ? -EPROTO : 0;
	}
	case TBX_PA_IN:
		return get_bytes(c, TBX_PROTO_MAX_IO, &a->b);
	}
	a->v = (int64_t)get_le(c, 8);
	if (c->bad)
		return -EPROTO;
	if (a->kind == TBX_PA_FD && (a->v < INT_MIN || a->v > INT_MAX))
		return -EPROTO;
	if (a->kind == TBX_PA_OUT && (a->v < 0 || a->v > TBX_PROTO_MAX_IO))
		return -EMSGSIZE;
	return 0;
}

/* Length or capacity of a pointer item. */
static int64_t item_size(const struct tbx_parg *a)
{
	return a->kind == TBX_PA_OUT ? a->v : (int64_t)a->b.len;
}

/* The arguments agree with each other: sizes, fixed layouts, and the
 * results fit in one frame. */
static int check_call(const struct tbx_pcall_spec *s, const struct tbx_pcall *c)
{
	uint64_t outs = 0;

	for (uint32_t i = 0; i < c->nargs; i++) {
		const struct tbx_parg *a = &c->a[i];
		char k = s->kinds[i];

		if (a->kind == TBX_PA_OUT)
			outs += (uint64_t)a->v + 8;
		if (a->kind == TBX_PA_NONE)
			continue;
		if ((k == 'b' || k == 'o') && c->a[s->size_of[i]].v != item_size(a))
			return -EPROTO;
		if ((k == 'B' || k == 'O') && item_size(a) != s->fixed[i])
			return -EPROTO;
	}
	return outs + 64 > TBX_PROTO_MAX_FRAME ? -EMSGSIZE : 0;
}

int tbx_proto_get_call(const struct tbx_pframe *f, struct tbx_pcall *c)
{
	struct cur cu = { f->payload, f->len, false };
	const struct tbx_pcall_spec *s;
	uint32_t nargs;

	memset(c, 0, sizeof(*c));
	if (f->type != TBX_FR_CALL)
		return -EPROTO;
	c->nr = (uint32_t)get_le(&cu, 4);
	nargs = (uint32_t)get_le(&cu, 1);
	if (cu.bad)
		return -EPROTO;
	s = tbx_pcall_spec(c->nr);
	if (!s)
		return -ENOSYS;
	if (nargs != strlen(s->kinds))
		return -EPROTO;
	c->nargs = nargs;
	for (uint32_t i = 0; i < nargs; i++) {
		int e = get_arg(&cu, s->kinds[i], &c->a[i]);

		if (e)
			return e;
	}
	if (cu.left)
		return -EPROTO;
	return check_call(s, c);
}

int tbx_proto_get_result(const struct tbx_pframe *f, const struct tbx_pcall *c,
			 struct tbx_presult *r)
{
	const struct tbx_pcall_spec *s = tbx_pcall_spec(c->nr);
	struct cur cu = { f->payload, f->len, false };
	uint32_t want = 0;

	memset(r, 0, sizeof(*r));
	if (f->type != TBX_FR_RESULT || !s || c->nargs > TBX_PROTO_MAX_ARGS)
		return -EPROTO;
	r->ret = (int64_t)get_le(&cu, 8);
	r->nouts = (uint32_t)get_le(&cu, 1);
	if (cu.bad || r->ret < -4095)
		return -EPROTO;
	for (uint32_t i = 0; i < c->nargs; i++)
		want += c->a[i].kind == TBX_PA_OUT;
	if (r->nouts != want && !(r->ret < 0 && r->nouts == 0))
		return -EPROTO;
	if (!r->nouts)
		return cu.left ? -EPROTO : 0;
	for (uint32_t i = 0, k = 0; i < c->nargs; i++) {
		const struct tbx_parg *a = &c->a[i];
		uint32_t cap;
		int e;

		if (a->kind != TBX_PA_OUT)
			continue;
		cap = (uint32_t)a->v;
		if (s->kinds[i] == 'L')
			r->full[k] = (uint32_t)get_le(&cu, 4);
		else
			r->full[k] = cap;
		e = get_bytes(&cu, cap, &r->out[k]);
		if (e)
			return -EPROTO;
		if (r->ret < 0 && r->out[k].len)
			return -EPROTO;
		if (s->kinds[i] != 'L')
			r->full[k] = r->out[k].len;
		k++;
	}
	return cu.left ? -EPROTO : 0;
}

int tbx_proto_get_hello(const struct tbx_pframe *f, uint32_t *version,
			struct tbx_pbuf *token)
{
	struct cur c = { f->payload, f->len, false };
	uint16_t n;

	memset(token, 0, sizeof(*token));
	if (f->type != TBX_FR_HELLO)
		return -EPROTO;
	*version = (uint32_t)get_le(&c, 4);
	if (c.bad)
		return -EPROTO;
	if (*version != TBX_PROTO_VERSION)
		return 0;	/* another layout: the caller refuses the version */
	get_le(&c, 4);	/* caps: none defined in version 1 */
	n = (uint16_t)get_le(&c, 2);
	if (c.bad || n > TBX_PROTO_MAX_TOKEN || n != c.left)
		return -EPROTO;
	token->p = c.p;
	token->len = n;
	return 0;
}

int tbx_proto_get_welcome(const struct tbx_pframe *f, uint32_t *version,
			  uint32_t *max_frame)
{
	struct cur c = { f->payload, f->len, false };

	if (f->type != TBX_FR_WELCOME)
		return -EPROTO;
	*version = (uint32_t)get_le(&c, 4);
	if (c.bad)
		return -EPROTO;
	if (*version != TBX_PROTO_VERSION)
		return 0;
	get_le(&c, 4);
	*max_frame = (uint32_t)get_le(&c, 4);
	return c.bad || c.left ? -EPROTO : 0;
}

int tbx_proto_get_error(const struct tbx_pframe *f, int *err, struct tbx_pbuf *msg)
{
	struct cur c = { f->payload, f->len, false };
	uint16_t n;

	if (f->type != TBX_FR_ERROR)
		return -EPROTO;
	*err = (int32_t)(uint32_t)get_le(&c, 4);
	n = (uint16_t)get_le(&c, 2);
	if (c.bad || n != c.left)
		return -EPROTO;
	msg->p = c.p;
	msg->len = n;
	return 0;
}

/* ---- streams ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for input until the deadline (< 0: none). */
static int wait_in(int fd, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int64_t left;
	int k;

	if (deadline < 0)
		return 0;
	do {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		k = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
	} while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;
	return k ? 0 : -ETIMEDOUT;
}

/* The other end's turn of a proxied call is shorter than going to sleep
 * in read and being woken: on one CPU, 6 context switches a call instead
 * of 4; across CPUs, the wake-up of an idle one each time. So look for
 * input without sleeping for up to us microseconds first, yielding the
 * CPU in between to a peer that shares it. */
static void spin_in(int fd, unsigned us)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (poll(&p, 1, 0) != 0)
			return;	/* input, EOF, error: read will tell */
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000000 + (t.tv_nsec - t0.tv_nsec) / 1000 >= us)
			return;
	}
}

/* Room for the whole frame whose header is at the start of r->buf. */
static int reserve_frame(struct tbx_preader *r)
{
	size_t want = RBUF_MIN;
	uint8_t *p;

	if (r->len >= TBX_PROTO_HDR)
		want = TBX_PROTO_HDR + ((size_t)r->buf[0] | (size_t)r->buf[1] << 8 |
					(size_t)r->buf[2] << 16 | (size_t)r->buf[3] << 24);
	if (want <= r->cap)
		return 0;
	if (want < RBUF_MIN)
		want = RBUF_MIN;
	p = realloc(r->buf, want);
	if (!p)
		return -ENOMEM;
	r->buf = p;
	r->cap = want;
	return 0;
}

int tbx_preader_next(struct tbx_preader *r, struct tbx_pframe *f, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;

	if (r->pos) {	/* the previous frame is done with */
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	for (;;) {
		size_t used;
		ssize_t n;
		int e = r->buf ? tbx_proto_frame(r->buf, r->len, f, &used) : 0;

		if (e == 1)
			r->pos = used;
		if (e)
			return e;
		e = reserve_frame(r);
		if (!e && r->spin_us)
			spin_in(r->fd, r->spin_us);
		if (!e)
			e = wait_in(r->fd, deadline);
		if (e)
			return e;
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return r->len ? -EPROTO : 0;
		r->len += (size_t)n;
	}
}

void tbx_preader_free(struct tbx_preader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->pos = r->len = r->cap = 0;
}

int tbx_proto_send(int fd, bool sock, struct tbx_sbuf *b)
{
	const char *p = b->p;
	size_t n = b->len;
	int e = b->oom ? -ENOMEM : 0;

	while (!e && n) {
		ssize_t k = sock ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);

		if (k < 0 && errno != EINTR)
			e = -errno;
		if (k > 0) {
			p += k;
			n -= (size_t)k;
		}
	}
	b->len = 0;
	b->oom = 0;
	return e;
}

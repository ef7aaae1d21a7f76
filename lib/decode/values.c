/* Building the value sequence of one syscall. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include "decode/decode.h"

void tbx_decode_reset(struct tbx_vbuf *vb)
{
	vb->n = 0;
	vb->dlen = 0;
	vb->depth = 0;
	vb->top = 0;
	vb->key = NULL;
	vb->oom = false;
}

void tbx_decode_free(struct tbx_vbuf *vb)
{
	free(vb->v);
	free(vb->data);
	memset(vb, 0, sizeof(*vb));
}

static struct tbx_value *push(struct tbx_dctx *d, enum tbx_vkind kind)
{
	struct tbx_vbuf *vb = d->vb;
	struct tbx_value *v;

	if (vb->n == vb->cap) {
		unsigned cap = vb->cap ? vb->cap * 2 : 32;
		struct tbx_value *nv = realloc(vb->v, cap * sizeof(*nv));
		if (!nv) {
			vb->oom = true;
			return NULL;
		}
		vb->v = nv;
		vb->cap = cap;
	}
	v = &vb->v[vb->n++];
	memset(v, 0, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->key = vb->key;
	vb->key = NULL;
	if (kind != TBX_V_END && kind != TBX_V_COMMENT && kind != TBX_V_ARROW &&
	    vb->depth == 0)
		vb->top++;
	return v;
}

/* Append bytes to the data area; returns the offset or UINT32_MAX. */
static uint32_t put_data(struct tbx_vbuf *vb, const void *p, size_t len)
{
	uint32_t off = vb->dlen;

	if (len > UINT32_MAX / 2 || vb->dlen + len > UINT32_MAX / 2) {
		vb->oom = true;
		return UINT32_MAX;
	}
	if (vb->dlen + len > vb->dcap) {
		uint32_t cap = vb->dcap ? vb->dcap : 1024;
		char *nd;
		while (cap < vb->dlen + len)
			cap *= 2;
		nd = realloc(vb->data, cap);
		if (!nd) {
			vb->oom = true;
			return UINT32_MAX;
		}
		vb->data = nd;
		vb->dcap = cap;
	}
	memcpy(vb->data + vb->dlen, p, len);
	vb->dlen += (uint32_t)len;
	return off;
}

static void push_text(struct tbx_dctx *d, enum tbx_vkind kind, const char *s,
		      size_t len, uint64_t u)
{
	struct tbx_value *v = push(d, kind);
	uint32_t off;

	if (!v)
		return;
	v->u = u;
	off = put_data(d->vb, s, len);
	if (off == UINT32_MAX)
		return;
	v->off = off;
	v->len = (uint32_t)len;
}

void dv_key(struct tbx_dctx *d, const char *name) { d->vb->key = name; }

#define SCALAR(fn, kind, type, field)				\
	void fn(struct tbx_dctx *d, type x)			\
	{							\
		struct tbx_value *v = push(d, kind);		\
		if (v)						\
			v->field = x;				\
	}
SCALAR(dv_int, TBX_V_INT, int64_t, i)
SCALAR(dv_uint, TBX_V_UINT, uint64_t, u)
SCALAR(dv_hex, TBX_V_HEX, uint64_t, u)
SCALAR(dv_oct, TBX_V_OCT, uint64_t, u)
SCALAR(dv_ptr, TBX_V_PTR, uint64_t, u)
#undef SCALAR

void dv_name(struct tbx_dctx *d, const char *name, uint64_t v)
{
	push_text(d, TBX_V_NAME, name, strlen(name), v);
}

static void vpush_fmt(struct tbx_dctx *d, enum tbx_vkind kind,
		      const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	push_text(d, kind, buf, (size_t)n, 0);
}

void dv_raw(struct tbx_dctx *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vpush_fmt(d, TBX_V_RAW, fmt, ap);
	va_end(ap);
}

void dv_comment(struct tbx_dctx *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vpush_fmt(d, TBX_V_COMMENT, fmt, ap);
	va_end(ap);
}

void dv_retcomment(struct tbx_dctx *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;
	uint32_t off;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	off = put_data(d->vb, buf, (size_t)n);
	if (off == UINT32_MAX)
		return;
	d->rcomment_off = off;
	d->rcomment_len = (uint32_t)n;
}

void dv_bytes(struct tbx_dctx *d, const void *p, size_t len, unsigned flags)
{
	struct tbx_value *v = push(d, TBX_V_STR);
	uint32_t off;

	if (!v)
		return;
	v->flags = (uint8_t)flags;
	v->u = len;
	off = put_data(d->vb, p, len);
	if (off == UINT32_MAX)
		return;
	v->off = off;
	v->len = (uint32_t)len;
}

static void open_container(struct tbx_dctx *d, enum tbx_vkind kind)
{
	struct tbx_vbuf *vb = d->vb;

	if (vb->depth >= sizeof(vb->open) / sizeof(vb->open[0])) {
		vb->oom = true;	/* too deep: the sequence is cut short */
		return;
	}
	if (push(d, kind))
		vb->open[vb->depth++] = vb->n - 1;
}

void dv_struct(struct tbx_dctx *d) { open_container(d, TBX_V_STRUCT); }
void dv_array(struct tbx_dctx *d) { open_container(d, TBX_V_ARRAY); }

void dv_end(struct tbx_dctx *d)
{
	struct tbx_vbuf *vb = d->vb;
	struct tbx_value *v;

	if (!vb->depth)
		return;
	v = push(d, TBX_V_END);
	vb->depth--;
	if (v)
		v->u = vb->open[vb->depth];
}

void dv_more(struct tbx_dctx *d) { push(d, TBX_V_MORE); }
void dv_arrow(struct tbx_dctx *d) { push(d, TBX_V_ARROW); }

/* ---- common argument kinds ---- */

void dv_fd(struct tbx_dctx *d, uint64_t fd)
{
	int ifd = (int)fd;
	struct tbx_value *v;
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!d->fd_paths || ifd < 0) {
		dv_int(d, ifd);
		return;
	}
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", d->tid, ifd);
	n = readlink(link, path, sizeof(path));
	if (n <= 0) {
		dv_int(d, ifd);
		return;
	}
	push_text(d, TBX_V_FD, path, (size_t)n, 0);
	v = &d->vb->v[d->vb->n - 1];
	if (!d->vb->oom)
		v->i = ifd;
}

void dv_dirfd(struct tbx_dctx *d, uint64_t fd)
{
	if ((int)fd == -100)
		dv_name(d, "AT_FDCWD", fd);
	else
		dv_fd(d, fd);
}

static void dv_cstring(struct tbx_dctx *d, uint64_t addr, size_t limit,
		       unsigned flags)
{
	char stackbuf[4096 + 1];
	char *buf = stackbuf;
	bool term;
	ssize_t n;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (limit + 1 > sizeof(stackbuf)) {
		buf = malloc(limit + 1);
		if (!buf) {
			dv_ptr(d, addr);
			return;
		}
	}
	/* Read one byte more than shown to know whether "..." is due. */
	n = tbx_umove_str(d->tid, addr, buf, limit + 1, &term);
	if (n < 0) {
		dv_ptr(d, addr);
	} else if ((size_t)n > limit) {
		dv_bytes(d, buf, limit, flags | TBX_VF_TRUNC);
	} else if (!term && (size_t)n < limit + 1) {
		/* ran into unreadable memory before the NUL */
		dv_bytes(d, buf, (size_t)n, flags | TBX_VF_UNTERM | TBX_VF_TRUNC);
	} else {
		dv_bytes(d, buf, (size_t)n, flags);
	}
	if (buf != stackbuf)
		free(buf);
}

void dv_path(struct tbx_dctx *d, uint64_t addr)
{
	dv_cstring(d, addr, PATH_MAX, TBX_VF_PATH);
}

void dv_str(struct tbx_dctx *d, uint64_t addr)
{
	dv_cstring(d, addr, d->strsize, 0);
}

void dv_buf(struct tbx_dctx *d, uint64_t addr, int64_t len)
{
	char stackbuf[4096];
	char *buf = stackbuf;
	size_t n, want;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (len <= 0) {
		dv_bytes(d, "", 0, 0);
		return;
	}
	n = (size_t)len;
	want = n > d->strsize ? d->strsize : n;
	if (want > sizeof(stackbuf)) {
		buf = malloc(want);
		if (!buf) {
			dv_ptr(d, addr);
			return;
		}
	}
	if (tbx_umove(d->tid, addr, buf, want) < 0)
		dv_ptr(d, addr);
	else
		dv_bytes(d, buf, want, n > want ? TBX_VF_TRUNC : 0);
	if (buf != stackbuf)
		free(buf);
}

size_t tbx_flags_text(const struct tbx_xlat *x, uint64_t v, char *buf, size_t cap)
{
	size_t len = 0;
	uint64_t rest = v;

	buf[0] = 0;
	for (unsigned i = 0; i < x->n && rest; i++) {
		uint64_t bits = x->ent[i].val;
		size_t nl;
		if (!bits || (rest & bits) != bits)
			continue;
		nl = strlen(x->ent[i].name);
		if (len + nl + 2 >= cap)
			break;
		if (len)
			buf[len++] = '|';
		memcpy(buf + len, x->ent[i].name, nl);
		len += nl;
		buf[len] = 0;
		rest &= ~bits;
	}
	if (rest) {
		int n = snprintf(buf + len, cap - len, "%s%#llx", len ? "|" : "",
				 (unsigned long long)rest);
		if (n > 0)
			len += (size_t)n < cap - len ? (size_t)n : cap - len - 1;
	}
	return len;
}

void dv_flags(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
	      const char *dflt)
{
	char buf[1024];

	if (!v) {
		dv_name(d, dflt ? dflt : "0", 0);
		return;
	}
	tbx_flags_text(x, v, buf, sizeof(buf));
	dv_name(d, buf, v);
}

void dv_flags_unk(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
		  const char *dflt, const char *unknown)
{
	char buf[1024];

	if (!v) {
		dv_name(d, dflt ? dflt : "0", 0);
		return;
	}
	tbx_flags_text(x, v, buf, sizeof(buf));
	if (buf[0] == '0') {	/* no known bit: names never start with a digit */
		dv_hex(d, v);
		dv_comment(d, "%s", unknown);
		return;
	}
	dv_name(d, buf, v);
}

void dv_xval(struct tbx_dctx *d, const struct tbx_xlat *x, uint64_t v,
	     const char *unknown)
{
	const char *n = tbx_xlat_name(x, v);

	if (n) {
		dv_name(d, n, v);
		return;
	}
	dv_hex(d, v);
	if (unknown)
		dv_comment(d, "%s", unknown);
}

void dv_xval_dec(struct tbx_dctx *d, const struct tbx_xlat *x, int64_t v,
		 const char *unknown)
{
	const char *n = tbx_xlat_name(x, (uint64_t)v);

	if (n) {
		dv_name(d, n, (uint64_t)v);
		return;
	}
	dv_int(d, v);
	if (unknown)
		dv_comment(d, "%s", unknown);
}

void dv_raw_args(struct tbx_dctx *d, unsigned from)
{
	unsigned i;

	for (i = from; i < d->ent->nargs; i++)
		dv_hex(d, d->a[i]);
}

void dv_array_of(struct tbx_dctx *d, uint64_t addr, uint64_t n, size_t esize,
		 tbx_elem_fn fn, void *opaque)
{
	unsigned char elem[512];
	uint64_t shown = n, i;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (!n) {
		dv_array(d);
		dv_end(d);
		return;
	}
	if (esize > sizeof(elem) || n > UINT64_MAX / esize ||
	    addr + n * esize <= addr || (d->exiting && d->err) ||
	    tbx_umove(d->tid, addr, elem, esize)) {
		dv_ptr(d, addr);
		return;
	}
	if (!d->verbose && n > d->strsize)
		shown = d->strsize;
	dv_array(d);
	for (i = 0; i < n; i++) {
		uint64_t at = addr + i * esize;

		if (i && tbx_umove(d->tid, at, elem, esize)) {
			dv_more(d);
			dv_comment(d, "%#llx", (unsigned long long)at);
			break;
		}
		if (i >= shown) {
			dv_more(d);
			break;
		}
		if (!fn(d, elem, opaque))
			break;
	}
	dv_end(d);
}

bool tbx_elem_int(struct tbx_dctx *d, const void *elem, void *opaque)
{
	int v;

	(void)opaque;
	memcpy(&v, elem, sizeof(v));
	dv_int(d, v);
	return true;
}

/* One iovec of dv_iovec: *left is what remains of data to show. */
static bool iovec_elem(struct tbx_dctx *d, const void *elem, void *opaque)
{
	int64_t *left = opaque;
	struct iovec iov;
	uint64_t base, len;

	memcpy(&iov, elem, sizeof(iov));
	base = (uintptr_t)iov.iov_base;
	len = iov.iov_len;
	dv_struct(d);
	dv_key(d, "iov_base");
	if (*left == DV_IOV_ADDR) {
		dv_ptr(d, base);
	} else if (*left == DV_IOV_ALL) {
		dv_buf(d, base, (int64_t)len);
	} else {
		uint64_t part = len < (uint64_t)*left ? len : (uint64_t)*left;
		dv_buf(d, base, (int64_t)part);
		*left -= (int64_t)part;
	}
	dv_key(d, "iov_len");
	dv_uint(d, len);
	dv_end(d);
	return true;
}

void dv_iovec(struct tbx_dctx *d, uint64_t addr, uint64_t n, int64_t data)
{
	int err = d->err;

	if (data == DV_IOV_ADDR)	/* readv that failed: still the vector */
		d->err = 0;
	dv_array_of(d, addr, n, sizeof(struct iovec), iovec_elem, &data);
	d->err = err;
}

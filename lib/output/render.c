/* Value sequences as text (strace's form) and as JSON. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "output/output.h"
#include "decode/decode.h"

static void text_str(struct tbx_sbuf *b, const struct tbx_value *v,
		     const char *data, unsigned qflags)
{
	size_t need = v->len * 4 + 3;
	char small[512];
	char *buf = small;

	if (need > sizeof(small)) {
		buf = malloc(need);
		if (!buf) {
			sb_puts(b, "\"\"");
			return;
		}
	}
	tbx_quote((const unsigned char *)data + v->off, v->len, buf, need, qflags);
	sb_puts(b, buf);
	if (v->flags & TBX_VF_TRUNC)
		sb_puts(b, "...");
	if (buf != small)
		free(buf);
}

void tbx_render_text(struct tbx_sbuf *b, const struct tbx_value *v,
		     unsigned from, unsigned to, const char *data, bool sep,
		     unsigned qflags)
{
	for (unsigned i = from; i < to; i++) {
		const struct tbx_value *x = &v[i];

		if (x->kind == TBX_V_END) {
			sb_putc(b, v[x->u].kind == TBX_V_ARRAY ? ']' : '}');
			sep = true;
			continue;
		}
		if (x->kind == TBX_V_COMMENT) {
			sb_printf(b, " /* %.*s */", (int)x->len, data + x->off);
			continue;
		}
		if (x->kind == TBX_V_ARROW) {
			sb_puts(b, " => ");
			sep = false;
			continue;
		}
		if (sep)
			sb_puts(b, ", ");
		sep = true;
		if (x->key) {
			sb_puts(b, x->key);
			sb_putc(b, '=');
		}
		switch (x->kind) {
		case TBX_V_INT:
			sb_printf(b, "%" PRId64, x->i);
			break;
		case TBX_V_UINT:
			sb_printf(b, "%" PRIu64, x->u);
			break;
		case TBX_V_HEX:
			sb_printf(b, "%#" PRIx64, x->u);
			break;
		case TBX_V_OCT:
			sb_printf(b, "%#03" PRIo64, x->u);
			break;
		case TBX_V_PTR:
			if (x->u)
				sb_printf(b, "%#" PRIx64, x->u);
			else
				sb_puts(b, "NULL");
			break;
		case TBX_V_STR:
			text_str(b, x, data, qflags);
			break;
		case TBX_V_NAME:
		case TBX_V_RAW:
			sb_putn(b, data + x->off, x->len);
			break;
		case TBX_V_FD:
			sb_printf(b, "%" PRId64 "<%.*s>", x->i, (int)x->len, data + x->off);
			break;
		case TBX_V_STRUCT:
			sb_putc(b, '{');
			sep = false;
			break;
		case TBX_V_ARRAY:
			sb_putc(b, '[');
			sep = false;
			break;
		case TBX_V_MORE:
			sb_puts(b, "...");
			break;
		}
	}
}

/* Which opener an END closes: computed when rendering JSON. */
static void json_scalar(struct tbx_sbuf *b, const struct tbx_value *x,
			const char *data)
{
	switch (x->kind) {
	case TBX_V_INT:
		sb_printf(b, "%" PRId64, x->i);
		break;
	case TBX_V_UINT:
	case TBX_V_HEX:
	case TBX_V_OCT:
		sb_printf(b, "%" PRIu64, x->u);
		break;
	case TBX_V_PTR:
		if (x->u)
			sb_printf(b, "\"%#" PRIx64 "\"", x->u);
		else
			sb_puts(b, "null");
		break;
	case TBX_V_STR:
		tbx_json_str(b, (const unsigned char *)data + x->off, x->len);
		break;
	case TBX_V_FD:
		sb_printf(b, "{\"fd\":%" PRId64 ",\"path\":", x->i);
		tbx_json_str(b, (const unsigned char *)data + x->off, x->len);
		sb_putc(b, '}');
		break;
	default:	/* NAME, RAW */
		tbx_json_str(b, (const unsigned char *)data + x->off, x->len);
		break;
	}
}

void tbx_render_json(struct tbx_sbuf *b, const struct tbx_value *v,
		     unsigned from, unsigned to, const char *data, bool one_value)
{
	/* stack of open containers: 1 = object, 0 = array */
	unsigned char stack[64];
	unsigned depth = 0, idx[64];
	bool first = true;

	if (!one_value)
		sb_putc(b, '[');
	else if (from == to)
		sb_puts(b, "null");
	for (unsigned i = from; i < to; i++) {
		const struct tbx_value *x = &v[i];
		bool in_obj = depth && stack[depth - 1];

		if (x->kind == TBX_V_COMMENT || x->kind == TBX_V_ARROW)
			continue;
		if (x->kind == TBX_V_END) {
			if (depth) {
				depth--;
				sb_putc(b, stack[depth] ? '}' : ']');
			}
			first = false;
			continue;
		}
		if (!first)
			sb_putc(b, ',');
		first = false;
		if (in_obj) {
			if (x->kind == TBX_V_MORE) {
				sb_puts(b, "\"...\":true");
				continue;
			}
			if (x->key)
				tbx_json_str(b, (const unsigned char *)x->key, strlen(x->key));
			else
				sb_printf(b, "\"%u\"", idx[depth - 1]);
			sb_putc(b, ':');
			idx[depth - 1]++;
		}
		switch (x->kind) {
		case TBX_V_STRUCT:
		case TBX_V_ARRAY:
			if (depth < sizeof(stack)) {
				stack[depth] = x->kind == TBX_V_STRUCT;
				idx[depth] = 0;
				depth++;
			}
			sb_putc(b, x->kind == TBX_V_STRUCT ? '{' : '[');
			first = true;
			break;
		case TBX_V_MORE:
			sb_puts(b, "\"...\"");
			break;
		default:
			json_scalar(b, x, data);
		}
	}
	while (depth--)
		sb_putc(b, stack[depth] ? '}' : ']');
	if (!one_value)
		sb_putc(b, ']');
}

void tbx_render_ret(struct tbx_sbuf *b, const struct tbx_event *ev)
{
	const struct tbx_syscall_ev *sc = &ev->sc;

	if (sc->ret_unknown) {
		sb_puts(b, "= ?");
		return;
	}
	if (sc->err) {
		const char *n = tbx_errno_name(sc->err), *m = tbx_errno_desc(sc->err);
		/* ERESTART*: the call will be restarted, no -1 is returned */
		bool restart = sc->err >= 512 && sc->err <= 516;

		sb_puts(b, restart ? "= ? " : "= -1 ");
		if (n)
			sb_printf(b, "%s (%s)", n, m ? m : n);
		else
			sb_printf(b, "errno %d (Unknown error %d)", sc->err, sc->err);
	} else {
		switch (sc->rval) {
		case TBX_RV_HEX:
			sb_printf(b, "= %#" PRIx64, (uint64_t)sc->ret);
			break;
		case TBX_RV_OCT:
			sb_printf(b, "= %#03" PRIo64, (uint64_t)sc->ret);
			break;
		case TBX_RV_UDEC:
			sb_printf(b, "= %" PRIu64, (uint64_t)sc->ret);
			break;
		case TBX_RV_NONE:
			sb_puts(b, "= ?");
			break;
		default:
			sb_printf(b, "= %" PRId64, sc->ret);
		}
	}
	if (sc->rcomment_len)
		sb_putn(b, sc->data + sc->rcomment_off, sc->rcomment_len);
}

int tbx_values_to_text(const struct tbx_value *v, unsigned n, const char *data,
		       char *buf, size_t cap)
{
	struct tbx_sbuf b = { 0 };
	size_t len;

	tbx_render_text(&b, v, 0, n, data, false, 0);
	if (b.oom) {
		sb_free(&b);
		return -ENOMEM;
	}
	len = b.len;
	if (cap) {
		size_t c = len < cap - 1 ? len : cap - 1;
		memcpy(buf, b.p ? b.p : "", c);
		buf[c] = 0;
	}
	sb_free(&b);
	return (int)len;
}

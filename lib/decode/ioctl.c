/* ioctl: the request by name (or as _IOC(...)), terminal and generic
 * descriptor requests decoded, others with the argument in hex. */
#include <stdio.h>
#include <asm/ioctls.h>
#include "decode/decode.h"
#include "syscallent.h"

/* The kernel's struct termios (glibc's differs). */
struct ktermios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

struct kwinsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static void request(struct tbx_dctx *d, uint32_t code)
{
	const char *name = tbx_xlat_name(&tbx_xlat_ioctl_basic, code);
	unsigned dir = code >> 30;
	char buf[64];

	if (name) {
		/* strace's table also has the OSS sequencer requests of the
		 * same numbers and names both */
		static const char *const tmr[] = { "SNDCTL_TMR_START",
			"SNDCTL_TMR_STOP", "SNDCTL_TMR_CONTINUE" };
		if (code >= TCSETS && code <= TCSETSF)
			dv_raw(d, "%s or %s", tmr[code - TCSETS], name);
		else
			dv_name(d, name, code);
		return;
	}
	if (dir)
		tbx_flags_text(&tbx_xlat_ioctl_dirs, dir, buf, sizeof(buf));
	dv_raw(d, "_IOC(%s, %#x, %#x, %#x)", dir ? buf : "_IOC_NONE",
	       (code >> 8) & 0xff, code & 0xff, (code >> 16) & 0x3fff);
}

/* "NAME|" of a multi-bit field of a flag word, or dflt with the number. */
static size_t field(const struct tbx_xlat *x, uint32_t v, const char *dflt,
		    char *buf, size_t cap)
{
	const char *n = tbx_xlat_name(x, v);
	int len = n ? snprintf(buf, cap, "%s|", n) : snprintf(buf, cap, "%#x /* %s */|", v, dflt);

	return len < 0 ? 0 : (size_t)len < cap ? (size_t)len : cap - 1;
}

static void termios_flags(struct tbx_dctx *d, const struct ktermios *t)
{
	static const struct { const struct tbx_xlat *x; uint32_t mask; const char *dflt; } oflds[] = {
		{ &tbx_xlat_term_oflags_nldly, 0000400, "NL?" },
		{ &tbx_xlat_term_oflags_crdly, 0003000, "CR?" },
		{ &tbx_xlat_term_oflags_tabdly, 0014000, "TAB?" },
		{ &tbx_xlat_term_oflags_bsdly, 0020000, "BS?" },
		{ &tbx_xlat_term_oflags_vtdly, 0040000, "VT?" },
		{ &tbx_xlat_term_oflags_ffdly, 0100000, "FF?" },
	};
	enum { CBAUD_ = 0010017, CIBAUD_ = 002003600000, IBSHIFT_ = 16, CSIZE_ = 0000060 };
	char buf[512];
	size_t n = 0;
	uint32_t v;

	/* strace shows an empty flag set as nothing at all: "c_lflag=, " */
	dv_key(d, "c_iflag");
	dv_flags(d, &tbx_xlat_term_iflags, t->c_iflag, "");

	v = t->c_oflag;
	for (unsigned i = 0; i < sizeof(oflds) / sizeof(oflds[0]); i++) {
		n += field(oflds[i].x, v & oflds[i].mask, oflds[i].dflt, buf + n, sizeof(buf) - n);
		v &= ~oflds[i].mask;
	}
	if (v)
		tbx_flags_text(&tbx_xlat_term_oflags, v, buf + n, sizeof(buf) - n);
	dv_key(d, "c_oflag");
	dv_name(d, buf, t->c_oflag);

	v = t->c_cflag;
	n = field(&tbx_xlat_baud_options, v & CBAUD_, "B???", buf, sizeof(buf));
	if (v & CIBAUD_) {
		const char *b = tbx_xlat_name(&tbx_xlat_baud_options, (v & CIBAUD_) >> IBSHIFT_);
		int k = b ? snprintf(buf + n, sizeof(buf) - n, "%s<<IBSHIFT|", b)
			  : snprintf(buf + n, sizeof(buf) - n, "%#x /* B??? */<<IBSHIFT|",
				     (v & CIBAUD_) >> IBSHIFT_);
		if (k > 0 && (size_t)k < sizeof(buf) - n)
			n += (size_t)k;
	}
	n += field(&tbx_xlat_term_cflags_csize, v & CSIZE_, "CS?", buf + n, sizeof(buf) - n);
	v &= ~(uint32_t)(CBAUD_ | CIBAUD_ | CSIZE_);
	if (v)
		tbx_flags_text(&tbx_xlat_term_cflags, v, buf + n, sizeof(buf) - n);
	dv_key(d, "c_cflag");
	dv_name(d, buf, t->c_cflag);

	dv_key(d, "c_lflag");
	dv_flags(d, &tbx_xlat_term_lflags, t->c_lflag, "");
}

static void termios(struct tbx_dctx *d, uint64_t addr)
{
	struct ktermios t;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &t)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	termios_flags(d, &t);
	if (!d->verbose) {
		dv_more(d);
		dv_end(d);
		return;
	}
	dv_key(d, "c_line");
	dv_xval(d, &tbx_xlat_term_line_discs, t.c_line, "N_???");
	dv_key(d, "c_cc");
	dv_array(d);
	for (unsigned i = 0; i < sizeof(t.c_cc); i++) {
		const char *n = tbx_xlat_name(&tbx_xlat_termios_cc, i);
		if (n)
			dv_raw(d, "[%s]=%#x", n, t.c_cc[i]);
		else
			dv_raw(d, "[%u]=%#x", i, t.c_cc[i]);
	}
	dv_end(d);
	dv_end(d);
}

static void winsize(struct tbx_dctx *d, uint64_t addr)
{
	struct kwinsize w;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &w)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "ws_row");
	dv_uint(d, w.ws_row);
	dv_key(d, "ws_col");
	dv_uint(d, w.ws_col);
	dv_key(d, "ws_xpixel");
	dv_uint(d, w.ws_xpixel);
	dv_key(d, "ws_ypixel");
	dv_uint(d, w.ws_ypixel);
	dv_end(d);
}

static void int_ptr(struct tbx_dctx *d, uint64_t addr)
{
	int v;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &v)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	dv_int(d, v);
	dv_end(d);
}

enum how { RAW, NONE, INT, IN_INT, OUT_INT, IN_TERMIOS, OUT_TERMIOS,
	   IN_WINSIZE, OUT_WINSIZE, STR1 };

static enum how how_of(uint32_t code)
{
	switch (code) {
	case TCGETS:
	case TIOCGLCKTRMIOS:
		return OUT_TERMIOS;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCSLCKTRMIOS:
		return IN_TERMIOS;
	case TIOCGWINSZ:
		return OUT_WINSIZE;
	case TIOCSWINSZ:
		return IN_WINSIZE;
	case TCSBRK:
	case TCSBRKP:
	case TIOCSCTTY:
		return INT;
	case TIOCGPGRP:
	case TIOCGSID:
	case TIOCGETD:
	case TIOCGSOFTCAR:
	case TIOCGPTN:
	case FIONREAD:
	case TIOCOUTQ:
	case TIOCGEXCL:
	case TIOCGDEV:
		return OUT_INT;
	case TIOCSPGRP:
	case TIOCSETD:
	case FIONBIO:
	case FIOASYNC:
	case TIOCPKT:
	case TIOCSSOFTCAR:
	case TIOCSPTLCK:
		return IN_INT;
	case TIOCSTI:
		return STR1;
	case TIOCSBRK:
	case TIOCCBRK:
	case TIOCCONS:
	case TIOCNOTTY:
	case TIOCEXCL:
	case TIOCNXCL:
	case FIOCLEX:
	case FIONCLEX:
	case TIOCVHANGUP:
	case TIOCSSERIAL:
		return NONE;
	}
	return RAW;
}

void tbx_dec_ioctl(struct tbx_dctx *d)
{
	uint32_t code = (uint32_t)d->a[1];
	uint64_t arg = d->a[2];
	enum how how = how_of(code);

	if (d->exiting) {
		if (how == OUT_TERMIOS)
			termios(d, arg);
		else if (how == OUT_WINSIZE)
			winsize(d, arg);
		else if (how == OUT_INT)
			int_ptr(d, arg);
		return;
	}
	dv_fd(d, d->a[0]);
	request(d, code);
	switch (how) {
	case RAW:
		dv_hex(d, arg);
		break;
	case NONE:
		d->no_exit_args = true;
		break;
	case INT:
		dv_int(d, (int)arg);
		break;
	case IN_INT:
		int_ptr(d, arg);
		break;
	case IN_TERMIOS:
		termios(d, arg);
		break;
	case IN_WINSIZE:
		winsize(d, arg);
		break;
	case STR1:
		dv_buf(d, arg, 1);
		break;
	case OUT_INT:
	case OUT_TERMIOS:
	case OUT_WINSIZE:
		break;
	}
}

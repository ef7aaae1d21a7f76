/* Quoting bytes the way strace does: printable ASCII as is, C escapes for
 * \t \n \v \f \r, other bytes in the shortest octal form (three digits
 * when an octal digit follows, so "\0" "1" never reads as "\01"). */
#include <string.h>
#include "output/output.h"

static const char hex[] = "0123456789abcdef";

size_t tbx_quote(const unsigned char *s, size_t n, char *buf, size_t cap,
		 unsigned flags)
{
	size_t o = 0;
	bool hexall = flags & TBX_OUT_XXESCAPE;

	/* -x, as strace: one byte that is neither printable nor \t\n\v\f\r
	 * puts the whole string in hex. */
	for (size_t i = 0; !hexall && flags & TBX_OUT_XESCAPE && i < n; i++)
		hexall = s[i] > 0x7e || (s[i] < 0x20 && (s[i] < '\t' || s[i] > '\r'));
#define PUT(c) do { if (o + 1 < cap) buf[o] = (c); o++; } while (0)
	PUT('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (hexall) {
			PUT('\\'); PUT('x'); PUT(hex[c >> 4]); PUT(hex[c & 15]);
			continue;
		}
		switch (c) {
		case '"': PUT('\\'); PUT('"'); continue;
		case '\\': PUT('\\'); PUT('\\'); continue;
		case '\t': PUT('\\'); PUT('t'); continue;
		case '\n': PUT('\\'); PUT('n'); continue;
		case '\v': PUT('\\'); PUT('v'); continue;
		case '\f': PUT('\\'); PUT('f'); continue;
		case '\r': PUT('\\'); PUT('r'); continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			PUT((char)c);
			continue;
		}
		PUT('\\');
		if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
			PUT((char)('0' + (c >> 6)));
			PUT((char)('0' + ((c >> 3) & 7)));
		} else if (c >> 3) {
			if (c >> 6)
				PUT((char)('0' + (c >> 6)));
			PUT((char)('0' + ((c >> 3) & 7)));
		}
		PUT((char)('0' + (c & 7)));
	}
	PUT('"');
#undef PUT
	if (cap)
		buf[o < cap ? o : cap - 1] = 0;
	return o;
}

/* JSON string: valid whatever the bytes. Bytes that are not valid UTF-8
 * are kept as \u00XX so nothing is lost and the line still parses. */
void tbx_json_str(struct tbx_sbuf *b, const unsigned char *s, size_t n)
{
	sb_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		size_t len = 0;

		if (c >= 0x80) {
			/* accept well-formed UTF-8 sequences as they are */
			if ((c & 0xe0) == 0xc0 && c >= 0xc2)
				len = 2;
			else if ((c & 0xf0) == 0xe0)
				len = 3;
			else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
				len = 4;
			if (len && i + len <= n) {
				size_t k;
				for (k = 1; k < len; k++)
					if ((s[i + k] & 0xc0) != 0x80)
						break;
				if (k == len && !(len == 3 && c == 0xe0 && s[i + 1] < 0xa0) &&
				    !(len == 3 && c == 0xed && s[i + 1] >= 0xa0) &&
				    !(len == 4 && c == 0xf0 && s[i + 1] < 0x90) &&
				    !(len == 4 && c == 0xf4 && s[i + 1] >= 0x90)) {
					sb_putn(b, (const char *)s + i, len);
					i += len - 1;
					continue;
				}
			}
			sb_printf(b, "\\u%04x", c);
			continue;
		}
		switch (c) {
		case '"': sb_puts(b, "\\\""); break;
		case '\\': sb_puts(b, "\\\\"); break;
		case '\n': sb_puts(b, "\\n"); break;
		case '\t': sb_puts(b, "\\t"); break;
		case '\r': sb_puts(b, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				sb_printf(b, "\\u%04x", c);
			else
				sb_putc(b, (char)c);
		}
	}
	sb_putc(b, '"');
}

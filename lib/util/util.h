/* Small helpers shared by every part of the library. */
#ifndef TBX_UTIL_H
#define TBX_UTIL_H
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tracebox/tracebox.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED __attribute__((unused))

/* Bit n of a bitmap: syscall sets, signal sets. */
static inline bool tbx_bit(const uint8_t *set, unsigned long n)
{
	return set[n / 8] & (1u << (n % 8));
}
static inline void tbx_bit_set(uint8_t *set, unsigned long n)
{
	set[n / 8] |= (uint8_t)(1u << (n % 8));
}

/* Cleanup attributes, as bubblewrap: every error path frees and closes. */
static inline void tbx_freep(void *p) { free(*(void **)p); }
static inline void tbx_closep(int *fd) { if (*fd >= 0) close(*fd); }
#define autofree __attribute__((cleanup(tbx_freep)))
#define autoclose __attribute__((cleanup(tbx_closep)))
static inline void *tbx_steal(void *pp)
{
	void **p = pp, *v = *p;
	*p = NULL;
	return v;
}

/* Options structs start with their own size_t sz: copy the caller's
 * (src_sz bytes) into ours (dst_sz): an older, smaller struct leaves the
 * newer fields zero, a newer, bigger one is cut to what we know. Our copy
 * then says its own size. */
static inline void tbx_opts_copy(void *dst, size_t dst_sz, const void *src,
				 size_t src_sz)
{
	memcpy(dst, src, src_sz < dst_sz ? src_sz : dst_sz);
	*(size_t *)dst = dst_sz;
}

/* Library diagnostics: through the user's callback, never to stderr. */
struct tbx_logger {
	tbx_log_fn fn;
	void *ctx;
};
void tbx_log(const struct tbx_logger *lg, enum tbx_log_level lvl,
	     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* waitpid(tid, __WALL) for at most ms milliseconds: 0, -ETIMEDOUT, or
 * -errno. For a tracee that must stop at once (a single step, a call
 * made for it). */
int tbx_wait_tid(pid_t tid, int *status, int ms);

/* write(2) all of buf, retrying on EINTR and short writes. 0 or -errno. */
int tbx_write_all(int fd, const void *buf, size_t len);

/* Growable byte buffer. */
struct tbx_sbuf {
	char *p;
	size_t len, cap;
	int oom;
};
void sb_putn(struct tbx_sbuf *b, const char *s, size_t n);
void sb_puts(struct tbx_sbuf *b, const char *s);
void sb_putc(struct tbx_sbuf *b, char c);
void sb_printf(struct tbx_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_free(struct tbx_sbuf *b);

#endif

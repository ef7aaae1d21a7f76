#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include "util/util.h"

void tbx_log(const struct tbx_logger *lg, enum tbx_log_level lvl,
	     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!lg || !lg->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lg->fn(lvl, msg, lg->ctx);
}

int tbx_wait_tid(pid_t tid, int *status, int ms)
{
	struct timespec nap = { 0, 5000 };
	long naps = ms * 200L;	/* of 5 us, at least: sleeping takes longer */

	for (;;) {
		pid_t got = waitpid(tid, status, __WALL | WNOHANG);
		if (got == tid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -errno;
		if (naps-- <= 0)
			return -ETIMEDOUT;
		nanosleep(&nap, NULL);
	}
}

int tbx_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int sb_reserve(struct tbx_sbuf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -ENOMEM;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void sb_putn(struct tbx_sbuf *b, const char *s, size_t n)
{
	if (sb_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void sb_puts(struct tbx_sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

void sb_putc(struct tbx_sbuf *b, char c)
{
	if (sb_reserve(b, 1))
		return;
	b->p[b->len++] = c;
	b->p[b->len] = 0;
}

void sb_printf(struct tbx_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->p && b->len + (size_t)n < b->cap) {
		b->len += (size_t)n;
		return;
	}
	if (sb_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_free(struct tbx_sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

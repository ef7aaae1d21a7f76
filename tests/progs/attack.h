/* Shared helpers of the sandbox attack programs (tests/progs/attack_*.c,
 * driven by tests/t/sandbox_attacks.sh). Every attack prints exactly one
 * line: "ESCAPED <what>" (exit 0) or "blocked <reason>" (exit 1).
 * A protected file counts as read when its content starts with the
 * marker "TBXSECRET" (the test's files hold it; allowed files do not). */
#ifndef ATTACK_H
#define ATTACK_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#define MARKER "TBXSECRET"

static void escaped(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn, unused));
static void escaped(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ESCAPED ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(0);
}

static void blocked(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn, unused));
static void blocked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("blocked ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(1);
}

/* Does fd read as a protected file? Closes fd. */
static int __attribute__((unused)) fd_is_secret(int fd)
{
	char buf[64];
	ssize_t n;

	if (fd < 0)
		return 0;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return !strncmp(buf, MARKER, strlen(MARKER));
}

/* Seconds since an arbitrary point, for bounded loops. */
static double __attribute__((unused)) now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The name of an errno for "blocked" lines. */
__attribute__((unused)) static const char *ename(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EROFS: return "EROFS";
	case ENOSYS: return "ENOSYS";
	case EXDEV: return "EXDEV";
	case EINVAL: return "EINVAL";
	case ESRCH: return "ESRCH";
	case EBADF: return "EBADF";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOTDIR: return "ENOTDIR";
	case ELOOP: return "ELOOP";
	case EFAULT: return "EFAULT";
	case 0: return "no error";
	default: return strerror(e);
	}
}

/* dirname/basename copies */
static void __attribute__((unused)) split_path(const char *p, char *dir, char *base, size_t cap)
{
	const char *s = strrchr(p, '/');

	if (!s) {
		snprintf(dir, cap, ".");
		snprintf(base, cap, "%s", p);
	} else {
		snprintf(dir, cap, "%.*s", s == p ? 1 : (int)(s - p), p);
		snprintf(base, cap, "%s", s + 1);
	}
}

/* Can this process reach TARGET: read its content, or stat it? 0: no;
 * 1: read; 2: stat. */
static int __attribute__((unused)) probe(const char *target)
{
	struct stat st;

	if (fd_is_secret(open(target, O_RDONLY)))
		return 1;
	if (stat(target, &st) == 0 && S_ISREG(st.st_mode))
		return 2;
	return 0;
}
#endif

/* Helpers for the file_*.c integration programs: the " = ..." part of an
 * expected line, and stdout set up so that printf makes no traced call. */
#ifndef FILE_EXPECT_H
#define FILE_EXPECT_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	case ERANGE: return "ERANGE";
	case EFAULT: return "EFAULT";
	case EXDEV: return "EXDEV";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENODATA: return "ENODATA";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EISDIR: return "EISDIR";
	}
	return "E???";
}

/* "= 5" or "= -1 ENOENT (No such file or directory)", from r and errno. */
static const char *ret(long r)
{
	static char buf[128];

	if (r == -1)
		snprintf(buf, sizeof(buf), "= -1 %s (%s)", errname(errno), strerror(errno));
	else
		snprintf(buf, sizeof(buf), "= %ld", r);
	return buf;
}

/* A buffer of our own: without it the first printf would fstat stdout. */
static void quiet_stdout(void)
{
	static char obuf[1 << 16];

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
}
#endif

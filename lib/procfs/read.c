/* Small reads of /proc files (procfs.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfs/procfs.h"

ssize_t tbx_proc_read(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return n;
}

long tbx_proc_status_num(pid_t pid, const char *field, long dflt)
{
	char path[64], buf[1024], key[32];
	const char *s;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	snprintf(key, sizeof(key), "\n%s:", field);
	if (tbx_proc_read(path, buf, sizeof(buf)) <= 0 || !(s = strstr(buf, key)))
		return dflt;
	return strtol(s + strlen(key), NULL, 10);
}

/* The one way tracee memory is read: process_vm_readv first,
 * PTRACE_PEEKDATA where that is unavailable; every failure handled here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include "decode/decode.h"

static int peek_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	char *out = buf;
	uint64_t start = addr & ~7ull;
	size_t skip = (size_t)(addr - start);

	while (len) {
		long w;
		size_t n;

		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, tid, (void *)start, NULL);
		if (errno)
			return -errno == -EIO ? -EFAULT : -errno;
		n = sizeof(w) - skip;
		if (n > len)
			n = len;
		memcpy(out, (char *)&w + skip, n);
		out += n;
		len -= n;
		start += sizeof(w);
		skip = 0;
	}
	return 0;
}

/* process_vm_readv is refused in some containers and for some targets. */
static int vm_readv_works = 1;

static ssize_t vm_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)addr, len };

	return process_vm_readv(tid, &l, 1, &r, 1, 0);
}

int tbx_umove(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	ssize_t n;

	if (!len)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	if (vm_readv_works) {
		n = vm_read(tid, addr, buf, len);
		if (n == (ssize_t)len)
			return 0;
		if (n >= 0 || errno == EFAULT)
			return -EFAULT;
		if (errno == ESRCH)
			return -ESRCH;
		if (errno == ENOSYS)
			vm_readv_works = 0;
	}
	return peek_read(tid, addr, buf, len);
}

/* /proc/PID/mem writes through read-only mappings, as ptrace does, in
 * one call where PTRACE_POKEDATA needs one per word. */
static int mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", tid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pwrite(fd, buf, len, (off_t)addr);
	close(fd);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

int tbx_uwrite(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec l = { (void *)buf, len }, r = { (void *)addr, len };
	const char *p = buf;

	if (process_vm_writev(tid, &l, 1, &r, 1, 0) == (ssize_t)len)
		return 0;
	if (len > 64 && mem_write(tid, addr, buf, len) == 0)
		return 0;
	/* word by word, merging the edges with what is there */
	for (size_t off = 0; off < len; ) {
		uint64_t at = (addr + off) & ~7ull;
		size_t skip = (size_t)(addr + off - at), n = 8 - skip;
		long w;

		if (n > len - off)
			n = len - off;
		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, tid, (void *)at, NULL);
		if (errno)
			return -errno;
		memcpy((char *)&w + skip, p + off, n);
		if (ptrace(PTRACE_POKEDATA, tid, (void *)at, (void *)w) < 0)
			return -errno;
		off += n;
	}
	return 0;
}

ssize_t tbx_umove_str(pid_t tid, uint64_t addr, char *buf, size_t max,
		      bool *terminated)
{
	size_t got = 0;

	*terminated = false;
	if (!addr)
		return -EFAULT;
	while (got < max) {
		/* Never read across a page we did not ask for: stop at the
		 * page end so an unmapped next page does not fail the read. */
		uint64_t a = addr + got;
		size_t chunk = 4096 - (a & 4095);
		char *nul;
		ssize_t n = -1;

		if (chunk > max - got)
			chunk = max - got;
		if (vm_readv_works) {
			n = vm_read(tid, a, buf + got, chunk);
			if (n < 0 && errno == ENOSYS)
				vm_readv_works = 0;
		}
		if (n <= 0) {
			int e = peek_read(tid, a, buf + got, chunk);
			if (e)
				return got ? (ssize_t)got : e;
			n = (ssize_t)chunk;
		}
		nul = memchr(buf + got, 0, (size_t)n);
		if (nul) {
			*terminated = true;
			return nul - buf;
		}
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* One iovec array either way: process_vm_readv/writev move it in one
 * call; where they are missing, buffer by buffer. */
static int umovev_slow(pid_t tid, char *buf, size_t len,
		       const struct iovec *iov, unsigned n, bool write)
{
	for (unsigned i = 0; i < n && len; i++) {
		uint64_t a = (uint64_t)(uintptr_t)iov[i].iov_base;
		size_t l = iov[i].iov_len < len ? iov[i].iov_len : len;
		int e = write ? tbx_uwrite(tid, a, buf, l) : tbx_umove(tid, a, buf, l);

		if (e)
			return e;
		buf += l;
		len -= l;
	}
	return 0;
}

static int umovev(pid_t tid, void *buf, size_t len, const struct iovec *iov,
		  unsigned n, bool write)
{
	struct iovec l = { buf, len };
	ssize_t got;

	if (!len)
		return 0;
	got = write ? process_vm_writev(tid, &l, 1, iov, n, 0) :
		      process_vm_readv(tid, &l, 1, iov, n, 0);
	if (got == (ssize_t)len)
		return 0;
	if (got >= 0 || errno == EFAULT)
		return -EFAULT;
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	return umovev_slow(tid, buf, len, iov, n, write);
}

int tbx_umovev(pid_t tid, void *buf, size_t len, const struct iovec *iov,
	       unsigned n)
{
	return umovev(tid, buf, len, iov, n, false);
}

int tbx_uwritev(pid_t tid, const void *buf, size_t len, const struct iovec *iov,
		unsigned n)
{
	return umovev(tid, (void *)buf, len, iov, n, true);
}

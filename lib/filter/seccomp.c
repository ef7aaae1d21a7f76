/* seccomp-bpf filter generation with libseccomp.
 *
 * For tracing: SECCOMP_RET_TRACE for the wanted calls, ALLOW for the rest,
 * so unwanted calls never stop. Calls of another arch (i386 int $0x80,
 * x32) all take the "bad arch" action, which here is TRACE too: they are
 * shown for what they are, never mistaken for native ones. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include "engine/engine.h"

/* libseccomp 2.5 exports BPF only to a file descriptor: use a memfd. */
int tbx_filter_export(void *ctx, void **out)
{
	struct sock_fprog *prog;
	off_t len;
	int fd, e;

	fd = memfd_create("tbx-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	e = seccomp_export_bpf(ctx, fd);
	len = e ? 0 : lseek(fd, 0, SEEK_END);
	if (!e && (len <= 0 || len % sizeof(struct sock_filter) ||
		   len / sizeof(struct sock_filter) > BPF_MAXINSNS))
		e = -E2BIG;
	prog = e ? NULL : malloc(sizeof(*prog) + (size_t)len);
	if (!e && !prog)
		e = -ENOMEM;
	if (!e) {
		prog->filter = (struct sock_filter *)(prog + 1);
		prog->len = (unsigned short)(len / sizeof(struct sock_filter));
		if (pread(fd, prog->filter, (size_t)len, 0) != len)
			e = -EIO;
	}
	close(fd);
	if (e) {
		free(prog);
		return e;
	}
	*out = prog;
	return 0;
}

int tbx_filter_trace_build(const uint8_t *set, unsigned nbits, void **out)
{
	scmp_filter_ctx ctx;
	int e;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	e = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(0));
	if (!e)
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (!e)	/* binary tree: no linear scan of the traced calls */
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (unsigned nr = 0; !e && nr < nbits; nr++)
		if (tbx_bit(set, nr))
			e = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), (int)nr, 0);
	if (!e)
		e = tbx_filter_export(ctx, out);
	seccomp_release(ctx);
	return e < 0 ? e : e ? -EINVAL : 0;
}

void tbx_filter_free(void *fprog)
{
	free(fprog);
}

int tbx_filter_install(const void *fprog)
{
	/* Without CAP_SYS_ADMIN the kernel wants no_new_privs first. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, fprog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, fprog) < 0)
		return -errno;
	return 0;
}

/* Reaching into the parent (under tracebox: the tracer):
 *   attack_ptrace attach|seize|vmwrite|vmread|getfd|procmem [PID]
 * Escape: the call works on the parent. */
#include "attack.h"
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

static unsigned long writable_addr(pid_t pid)
{
	char p[64], line[512];
	unsigned long a = 0, b;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/maps", pid);
	f = fopen(p, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char perm[8];
		if (sscanf(line, "%lx-%lx %7s", &a, &b, perm) == 3 && perm[0] == 'r' && perm[1] == 'w')
			break;
		a = 0;
	}
	fclose(f);
	return a;
}

int main(int argc, char **argv)
{
	pid_t pid;
	const char *mode;

	if (argc < 2)
		return 2;
	mode = argv[1];
	pid = argc > 2 ? atoi(argv[2]) : getppid();
	if (!strcmp(mode, "attach") || !strcmp(mode, "seize")) {
		long r = ptrace(!strcmp(mode, "attach") ? PTRACE_ATTACH : PTRACE_SEIZE, pid, 0, 0);
		if (r < 0)
			blocked("ptrace %s: %s", mode, ename(errno));
		if (!strcmp(mode, "attach"))
			waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, 0, 0);
		escaped("ptrace %s of pid %d", mode, (int)pid);
	} else if (!strcmp(mode, "vmwrite") || !strcmp(mode, "vmread")) {
		unsigned long a = writable_addr(pid);
		unsigned char byte = 0;
		struct iovec l = { &byte, 1 }, r = { (void *)a, 1 };
		ssize_t n;
		if (!a)	/* maps unreadable: a likely address still tests the call */
			a = 0x400000;
		r.iov_base = (void *)a;
		n = syscall(SYS_process_vm_readv, pid, &l, 1, &r, 1, 0);
		if (!strcmp(mode, "vmread")) {
			if (n == 1)
				escaped("process_vm_readv of pid %d", (int)pid);
			blocked("process_vm_readv: %s", ename(errno));
		}
		/* write back what was there (or 0 if unreadable) */
		n = syscall(SYS_process_vm_writev, pid, &l, 1, &r, 1, 0);
		if (n == 1)
			escaped("process_vm_writev into pid %d", (int)pid);
		blocked("process_vm_writev: %s", ename(errno));
	} else if (!strcmp(mode, "getfd")) {
		int pfd = (int)syscall(SYS_pidfd_open, pid, 0), e = 0;
		if (pfd < 0)
			blocked("pidfd_open: %s", ename(errno));
		for (int fd = 0; fd < 64; fd++) {
			int r = (int)syscall(SYS_pidfd_getfd, pfd, fd, 0);
			if (r >= 0)
				escaped("pidfd_getfd took fd %d of pid %d", fd, (int)pid);
			if (errno != EBADF)
				e = errno;
		}
		blocked("pidfd_getfd: %s", ename(e ? e : EBADF));
	} else if (!strcmp(mode, "procmem")) {
		char p[64];
		int fd;
		snprintf(p, sizeof(p), "/proc/%d/mem", pid);
		fd = open(p, O_RDWR);
		if (fd < 0)
			blocked("open %s: %s", p, ename(errno));
		escaped("opened /proc/%d/mem for writing", (int)pid);
	}
	return 2;
}

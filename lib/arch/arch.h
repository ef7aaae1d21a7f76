/* What the engine needs from the CPU architecture. Implemented once per
 * architecture under lib/arch/<arch>/, chosen by the build. */
#ifndef TBX_ARCH_H
#define TBX_ARCH_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracebox/tracebox.h"

enum tbx_scop { TBX_SC_NONE, TBX_SC_ENTRY, TBX_SC_EXIT, TBX_SC_SECCOMP };

struct tbx_scinfo {
	enum tbx_scop op;
	enum tbx_arch arch;
	long nr;		/* x32 bit already stripped */
	uint64_t args[6];
	int64_t rval;
	bool is_error;
	uint64_t ip, sp;
};

/* Fill *si at a syscall or seccomp stop. 0 or -errno (-ESRCH: gone,
 * -EIO/-ENOSYS: the kernel lacks PTRACE_GET_SYSCALL_INFO). */
int tbx_arch_syscall_info(pid_t tid, struct tbx_scinfo *si);
/* Arguments from the registers (syscall-exit-stop without a seen entry). */
int tbx_arch_syscall_args(pid_t tid, uint64_t args[6]);
/* Change the syscall about to run (-1 skips it), or the value it returns. */
int tbx_arch_set_syscall(pid_t tid, long nr);
int tbx_arch_set_return(pid_t tid, int64_t rval);
/* Copy a NUL-terminated string below the tracee's stack (past the red
 * zone) at a syscall stop and make argument idx point to it: the kernel
 * copies path arguments before the call can be interrupted, so the
 * space is free again afterwards. */
int tbx_arch_set_string_arg(pid_t tid, unsigned idx, const char *s);

#endif

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
/* Skip the call about to run; it returns rval (at a seccomp stop that
 * is final: the kernel leaves the return register alone for call -1). */
int tbx_arch_skip_syscall(pid_t tid, int64_t rval);
/* Make the call about to run call nr with args instead. */
int tbx_arch_set_call(pid_t tid, long nr, const uint64_t args[6]);
/* Copy a NUL-terminated string below the tracee's stack (past the red
 * zone) at a syscall stop and make argument idx point to it: the kernel
 * copies path arguments before the call can be interrupted, so the
 * space is free again afterwards. */
int tbx_arch_set_string_arg(pid_t tid, unsigned idx, const char *s);
/* Breakpoints: the program counter of a stopped thread, and the bytes of
 * the trap instruction (int3 on x86_64: one byte). */
#define TBX_ARCH_TRAP 0xcc
#define TBX_ARCH_TRAP_LEN 1
int tbx_arch_get_pc(pid_t tid, uint64_t *pc, uint64_t *sp);
/* At a function's first instruction: its first integer argument. */
int tbx_arch_get_arg0(pid_t tid, uint64_t *v);
int tbx_arch_set_pc(pid_t tid, uint64_t pc);
/* An address below the stack of stopped thread tid (past the red zone)
 * where len bytes can be written for a call about to be made. */
int tbx_arch_scratch(pid_t tid, size_t len, uint64_t *at);
/* Make stopped thread tid (in a signal-delivery or other stop, not in a
 * call) run system call nr(args) as if from code address at, which must be
 * mapped executable: the bytes there become a syscall instruction for the
 * time of the call. Registers and code are restored afterwards. *ret is
 * the call's result; *sig a signal that arrived meanwhile, to deliver at
 * the next resume (else 0). Bounded: -ETIMEDOUT if the call blocks. */
int tbx_arch_inject_syscall(pid_t tid, uint64_t at, long nr,
			    const uint64_t args[6], int64_t *ret, int *sig);

#endif

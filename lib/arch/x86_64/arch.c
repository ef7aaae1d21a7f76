/* x86_64: the native arch, i386 (int $0x80) and x32 calls told apart. */
#include <errno.h>
#include <string.h>
#include <linux/audit.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <sys/user.h>
#include "arch/arch.h"
#include "decode/decode.h"
#include "util/util.h"

#define X32_SYSCALL_BIT 0x40000000L

static int get_regs(pid_t tid, struct user_regs_struct *r)
{
	return ptrace(PTRACE_GETREGS, tid, NULL, r) < 0 ? -errno : 0;
}

static int set_regs(pid_t tid, const struct user_regs_struct *r)
{
	return ptrace(PTRACE_SETREGS, tid, NULL, r) < 0 ? -errno : 0;
}

int tbx_arch_syscall_info(pid_t tid, struct tbx_scinfo *si)
{
	struct __ptrace_syscall_info info;
	long n;

	memset(&info, 0, sizeof(info));
	n = ptrace(PTRACE_GET_SYSCALL_INFO, tid,
		   (void *)sizeof(info), &info);
	if (n < 0)
		return -errno;
	memset(si, 0, sizeof(*si));
	si->ip = info.instruction_pointer;
	si->sp = info.stack_pointer;
	si->arch = info.arch == AUDIT_ARCH_I386 ? TBX_ARCH_I386 : TBX_ARCH_X86_64;
	switch (info.op) {
	case PTRACE_SYSCALL_INFO_ENTRY:
		si->op = TBX_SC_ENTRY;
		si->nr = (long)info.entry.nr;
		memcpy(si->args, info.entry.args, sizeof(si->args));
		break;
	case PTRACE_SYSCALL_INFO_SECCOMP:
		si->op = TBX_SC_SECCOMP;
		si->nr = (long)info.seccomp.nr;
		memcpy(si->args, info.seccomp.args, sizeof(si->args));
		break;
	case PTRACE_SYSCALL_INFO_EXIT:
		si->op = TBX_SC_EXIT;
		si->rval = info.exit.rval;
		si->is_error = info.exit.is_error;
		return 0;
	default:
		si->op = TBX_SC_NONE;
		return 0;
	}
	if (si->arch == TBX_ARCH_X86_64 && (si->nr & X32_SYSCALL_BIT) && si->nr != -1) {
		si->arch = TBX_ARCH_X32;
		si->nr &= ~X32_SYSCALL_BIT;
	}
	return 0;
}

int tbx_arch_syscall_args(pid_t tid, uint64_t args[6])
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	if (r.cs == 0x23) {	/* i386 code segment: int $0x80 convention */
		args[0] = (uint32_t)r.rbx;
		args[1] = (uint32_t)r.rcx;
		args[2] = (uint32_t)r.rdx;
		args[3] = (uint32_t)r.rsi;
		args[4] = (uint32_t)r.rdi;
		args[5] = (uint32_t)r.rbp;
		return 0;
	}
	args[0] = r.rdi;
	args[1] = r.rsi;
	args[2] = r.rdx;
	args[3] = r.r10;
	args[4] = r.r8;
	args[5] = r.r9;
	return 0;
}

int tbx_arch_set_syscall(pid_t tid, long nr)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	r.orig_rax = (unsigned long long)nr;
	return set_regs(tid, &r);
}

int tbx_arch_skip_syscall(pid_t tid, int64_t rval)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	r.orig_rax = (unsigned long long)-1;
	r.rax = (unsigned long long)rval;
	return set_regs(tid, &r);
}

/* The call nr(args) in the registers of a syscall stop. */
static void put_call(struct user_regs_struct *r, long nr, const uint64_t args[6])
{
	r->orig_rax = (unsigned long long)nr;
	r->rdi = args[0];
	r->rsi = args[1];
	r->rdx = args[2];
	r->r10 = args[3];
	r->r8 = args[4];
	r->r9 = args[5];
}

int tbx_arch_set_call(pid_t tid, long nr, const uint64_t args[6])
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	put_call(&r, nr, args);
	return set_regs(tid, &r);
}

#define RED_ZONE 128

int tbx_arch_set_string_arg(pid_t tid, unsigned idx, const char *s)
{
	struct user_regs_struct r;
	unsigned long long *reg[6];
	size_t len = strlen(s) + 1;
	uint64_t at;
	int e;

	if (idx > 5 || len > 4096)
		return -EINVAL;
	if ((e = get_regs(tid, &r)))
		return e;
	reg[0] = &r.rdi; reg[1] = &r.rsi; reg[2] = &r.rdx;
	reg[3] = &r.r10; reg[4] = &r.r8; reg[5] = &r.r9;
	at = (r.rsp - RED_ZONE - len - 64) & ~15ull;
	e = tbx_uwrite(tid, at, s, len);
	if (e)
		return e;
	*reg[idx] = at;
	return set_regs(tid, &r);
}

int tbx_arch_set_return(pid_t tid, int64_t rval)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	r.rax = (unsigned long long)rval;
	return set_regs(tid, &r);
}

int tbx_arch_get_pc(pid_t tid, uint64_t *pc, uint64_t *sp)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	*pc = r.rip;
	*sp = r.rsp;
	return 0;
}

int tbx_arch_get_arg0(pid_t tid, uint64_t *v)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	*v = r.rdi;	/* System V AMD64: rdi, rsi, rdx, rcx, r8, r9 */
	return 0;
}

int tbx_arch_set_pc(pid_t tid, uint64_t pc)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	r.rip = pc;
	return set_regs(tid, &r);
}

int tbx_arch_scratch(pid_t tid, size_t len, uint64_t *at)
{
	struct user_regs_struct r;
	int e = get_regs(tid, &r);

	if (e)
		return e;
	*at = (r.rsp - RED_ZONE - len - 64) & ~15ull;
	return 0;
}

/* Resume with PTRACE_SYSCALL until the call's exit stop (a seccomp stop
 * or signals may come between). */
static int run_to_exit(pid_t tid, int64_t *ret, int *sig)
{
	for (int i = 0; i < 16; i++) {
		struct __ptrace_syscall_info info;
		int status, e;

		if (ptrace(PTRACE_SYSCALL, tid, NULL, NULL) < 0)
			return -errno;
		if ((e = tbx_wait_tid(tid, &status, 1000)))
			return e;
		if (!WIFSTOPPED(status))
			return -ESRCH;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80) && !(status >> 16)) {
			if (!*sig)	/* a signal: deliver it later */
				*sig = WSTOPSIG(status);
			continue;
		}
		memset(&info, 0, sizeof(info));
		if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(info), &info) > 0 &&
		    info.op == PTRACE_SYSCALL_INFO_EXIT) {
			*ret = info.exit.rval;
			return 0;
		}
	}
	return -EIO;
}

int tbx_arch_inject_syscall(pid_t tid, uint64_t at, long nr,
			    const uint64_t args[6], int64_t *ret, int *sig)
{
	static const uint8_t insn[2] = { 0x0f, 0x05 };	/* syscall */
	struct user_regs_struct saved, r;
	uint8_t code[2];
	int e;

	*sig = 0;
	if ((e = get_regs(tid, &saved)) ||
	    (e = tbx_umove(tid, at, code, sizeof(code))) ||
	    (e = tbx_uwrite(tid, at, insn, sizeof(insn))))
		return e;
	r = saved;
	r.rip = at;
	r.rax = (unsigned long long)nr;	/* the syscall instruction reads rax */
	put_call(&r, nr, args);
	e = set_regs(tid, &r);
	if (!e)
		e = run_to_exit(tid, ret, sig);
	if (e == -ESRCH || e == -ETIMEDOUT)
		return e;	/* gone, or still in the call: nothing to restore */
	if (tbx_uwrite(tid, at, code, sizeof(code)) < 0 || set_regs(tid, &saved))
		return -EIO;
	return e;
}

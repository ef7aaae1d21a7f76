/* Signals: names, sets, siginfo, and the signal syscalls. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <ucontext.h>
#include "decode/net.h"
#include "syscallent.h"

const char *tbx_signame(int sig, char *buf, size_t cap)
{
	const char *n = tbx_xlat_name(&tbx_xlat_signals, (uint64_t)sig);

	if (n)
		return n;
	if (sig == 32)
		return "SIGRTMIN";
	if (sig > 32 && sig <= 64)
		snprintf(buf, cap, "SIGRT_%d", sig - 32);
	else
		snprintf(buf, cap, "%d", sig);
	return buf;
}

void dv_signo(struct tbx_dctx *d, int sig)
{
	char buf[32];
	const char *n = tbx_signame(sig, buf, sizeof(buf));

	if (sig > 0 && sig <= 64)
		dv_name(d, n, (uint64_t)sig);
	else
		dv_int(d, sig);
}

/* "[HUP INT]", or "~[...]" for the complement when at least 2/3 of the
 * bits are set (strace's sprintsigmask_n). */
static void sigset_text(struct tbx_dctx *d, uint64_t mask, unsigned nbits)
{
	char buf[1024], nb[32];
	size_t len = 0;
	unsigned set = (unsigned)__builtin_popcountll(mask);
	bool inv = set >= nbits * 2 / 3;

	if (inv)
		mask = ~mask & (nbits >= 64 ? ~0ull : ((1ull << nbits) - 1));
	if (inv)
		buf[len++] = '~';
	buf[len++] = '[';
	for (unsigned i = 0; i < nbits && i < 64; i++) {
		const char *n;
		if (!(mask & (1ull << i)))
			continue;
		n = tbx_signame((int)i + 1, nb, sizeof(nb));
		if (!strncmp(n, "SIG", 3))
			n += 3;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					buf[len - 1] == '[' ? "" : " ", n);
		if (len >= sizeof(buf) - 2)
			break;
	}
	if (len < sizeof(buf) - 1)
		buf[len++] = ']';
	buf[len] = 0;
	dv_raw(d, "%s", buf);
}

void dv_sigmask(struct tbx_dctx *d, uint64_t mask)
{
	sigset_text(d, mask, 64);
}

void dv_sigset(struct tbx_dctx *d, uint64_t addr, uint64_t size)
{
	uint64_t mask = 0;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (size == 0 || size > 8 || tbx_umove(d->tid, addr, &mask, (size_t)size)) {
		dv_ptr(d, addr);
		return;
	}
	sigset_text(d, mask, (unsigned)size * 8);
}

static const struct tbx_xlat *si_code_table(int sig)
{
	switch (sig) {
	case SIGCHLD: return &tbx_xlat_si_codes_chld;
	case SIGSEGV: return &tbx_xlat_si_codes_segv;
	case SIGBUS: return &tbx_xlat_si_codes_bus;
	case SIGILL: return &tbx_xlat_si_codes_ill;
	case SIGFPE: return &tbx_xlat_si_codes_fpe;
	case SIGTRAP: return &tbx_xlat_si_codes_trap;
	case SIGPOLL: return &tbx_xlat_si_codes_poll;
	case SIGSYS: return &tbx_xlat_si_codes_sys;
	}
	return NULL;
}

static void clock_ticks(struct tbx_dctx *d, const char *key, long v)
{
	dv_key(d, key);
	dv_int(d, v);
	if (v)
		dv_comment(d, "%ld.%02ld s", v / 100, v % 100);
}

void dv_siginfo(struct tbx_dctx *d, const siginfo_t *si)
{
	const struct tbx_xlat *codes = si_code_table(si->si_signo);
	const char *cn = NULL;
	int code = si->si_code;

	dv_struct(d);
	dv_key(d, "si_signo");
	dv_signo(d, si->si_signo);
	dv_key(d, "si_code");
	if (code > 0 && code != 0x80 && codes)
		cn = tbx_xlat_name(codes, (uint64_t)code);
	if (!cn)
		cn = tbx_xlat_name(&tbx_xlat_si_codes_generic, (uint64_t)(int64_t)code);
	if (cn)
		dv_name(d, cn, (uint64_t)(int64_t)code);
	else
		dv_int(d, code);
	if (si->si_errno) {
		dv_key(d, "si_errno");
		const char *en = tbx_errno_name(si->si_errno);
		if (en)
			dv_name(d, en, (uint64_t)si->si_errno);
		else
			dv_int(d, si->si_errno);
	}
	if (code <= 0 || code == 0x80) {	/* sent by a process or the kernel */
		if (code == SI_TIMER) {
			dv_key(d, "si_timerid");
			dv_hex(d, (uint64_t)(unsigned)si->si_timerid);
			dv_key(d, "si_overrun");
			dv_int(d, si->si_overrun);
			dv_key(d, "si_int");
			dv_int(d, si->si_int);
			dv_key(d, "si_ptr");
			dv_ptr(d, (uint64_t)(uintptr_t)si->si_ptr);
		} else if (code != 0x80 || si->si_pid) {
			dv_key(d, "si_pid");
			dv_int(d, si->si_pid);
			dv_key(d, "si_uid");
			dv_uint(d, si->si_uid);
			if (code == SI_QUEUE || code == SI_MESGQ) {
				dv_key(d, "si_int");
				dv_int(d, si->si_int);
				dv_key(d, "si_ptr");
				dv_ptr(d, (uint64_t)(uintptr_t)si->si_ptr);
			}
		}
	} else {
		switch (si->si_signo) {
		case SIGCHLD:
			dv_key(d, "si_pid");
			dv_int(d, si->si_pid);
			dv_key(d, "si_uid");
			dv_uint(d, si->si_uid);
			dv_key(d, "si_status");
			if (code == CLD_EXITED)
				dv_int(d, si->si_status);
			else
				dv_signo(d, si->si_status);
			clock_ticks(d, "si_utime", (long)si->si_utime);
			clock_ticks(d, "si_stime", (long)si->si_stime);
			break;
		case SIGSEGV:
		case SIGBUS:
		case SIGILL:
		case SIGFPE:
		case SIGTRAP:
			dv_key(d, "si_addr");
			dv_ptr(d, (uint64_t)(uintptr_t)si->si_addr);
			break;
		case SIGPOLL:
			dv_key(d, "si_band");
			dv_int(d, si->si_band);
			dv_key(d, "si_fd");
			dv_int(d, si->si_fd);
			break;
		case SIGSYS:
			dv_key(d, "si_call_addr");
			dv_ptr(d, (uint64_t)(uintptr_t)si->si_call_addr);
			dv_key(d, "si_syscall");
			dv_int(d, si->si_syscall);
			dv_key(d, "si_arch");
			dv_hex(d, si->si_arch);
			break;
		}
	}
	dv_end(d);
}

/* ---- the signal syscalls ---- */

void dv_sigset_len(struct tbx_dctx *d, uint64_t addr, uint64_t len, uint64_t min)
{
	uint64_t mask = 0;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	if (len < min || len > 8 || (d->exiting && d->err) ||
	    tbx_umove(d->tid, addr, &mask, (size_t)len)) {
		dv_ptr(d, addr);
		return;
	}
	/* strace looks at whole 32-bit words */
	sigset_text(d, mask, (unsigned)(len + 3) / 4 * 32);
}

void dv_siginfo_at(struct tbx_dctx *d, uint64_t addr)
{
	siginfo_t si;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &si)) {
		dv_ptr(d, addr);
		return;
	}
	if (!si.si_signo) {
		dv_struct(d);
		dv_end(d);
		return;
	}
	dv_siginfo(d, &si);
}

/* The kernel's struct sigaction on x86_64 (glibc hides SA_RESTORER). */
#define K_SA_RESTORER 0x04000000
struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static void dv_sigaction(struct tbx_dctx *d, uint64_t addr)
{
	struct k_sigaction sa;
	const char *h;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &sa)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "sa_handler");
	h = tbx_xlat_name(&tbx_xlat_sa_handlers, sa.handler);
	if (h)
		dv_name(d, h, sa.handler);
	else
		dv_ptr(d, sa.handler);
	dv_key(d, "sa_mask");
	dv_sigmask(d, sa.mask);
	dv_key(d, "sa_flags");
	dv_flags_unk(d, &tbx_xlat_sa_flags, sa.flags, NULL, "SA_???");
	if (sa.flags & K_SA_RESTORER) {
		dv_key(d, "sa_restorer");
		dv_ptr(d, sa.restorer);
	}
	dv_end(d);
}

void tbx_dec_rt_sigaction(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_signo(d, (int)d->a[0]);
		dv_sigaction(d, d->a[1]);
		return;
	}
	dv_sigaction(d, d->a[2]);
	dv_uint(d, d->a[3]);
}

void tbx_dec_rt_sigprocmask(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_sigprocmask_how, (unsigned)d->a[0], "SIG_???");
		dv_sigset_len(d, d->a[1], d->a[3], 8);
		return;
	}
	dv_sigset_len(d, d->a[2], d->a[3], 8);
	dv_uint(d, d->a[3]);
}

void tbx_dec_rt_sigpending(struct tbx_dctx *d)
{
	if (!d->exiting)
		return;
	dv_sigset_len(d, d->a[0], d->a[1], 1);
	dv_uint(d, d->a[1]);
}

void tbx_dec_rt_sigsuspend(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_sigset_len(d, d->a[0], d->a[1], 8);
	dv_uint(d, d->a[1]);
}

/* The signal frame: the handler's "ret" popped the return address, so the
 * stack pointer is at the ucontext whose uc_sigmask is restored. */
_Static_assert(offsetof(ucontext_t, uc_sigmask) == 296, "x86_64 rt_sigframe");

void tbx_dec_rt_sigreturn(struct tbx_dctx *d)
{
	long sp;

	if (d->exiting)
		return;
	errno = 0;
	sp = ptrace(PTRACE_PEEKUSER, d->tid,
		    (void *)offsetof(struct user_regs_struct, rsp), NULL);
	dv_struct(d);
	dv_key(d, "mask");
	if (errno)
		dv_ptr(d, 0);
	else
		dv_sigset_len(d, (uint64_t)sp + offsetof(ucontext_t, uc_sigmask), 8, 8);
	dv_end(d);
}

void tbx_dec_rt_sigtimedwait(struct tbx_dctx *d)
{
	char buf[32];

	if (!d->exiting) {
		dv_sigset_len(d, d->a[0], d->a[3], 8);
		return;
	}
	dv_siginfo_at(d, d->a[1]);
	{
		int err = d->err;	/* the timeout is an in-argument */
		d->err = 0;
		dv_timespec(d, d->a[2]);
		d->err = err;
	}
	dv_uint(d, d->a[3]);
	if (!d->err && d->ret > 0 && d->ret <= 64)
		dv_retcomment(d, " (%s)", tbx_signame((int)d->ret, buf, sizeof(buf)));
}

void tbx_dec_rt_sigqueueinfo(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_signo(d, (int)d->a[1]);
	dv_siginfo_at(d, d->a[2]);
}

void tbx_dec_rt_tgsigqueueinfo(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_int(d, (int)d->a[1]);
	dv_signo(d, (int)d->a[2]);
	dv_siginfo_at(d, d->a[3]);
}

static void dv_stack(struct tbx_dctx *d, uint64_t addr)
{
	stack_t ss;

	if (!addr || (d->exiting && d->err) || dv_umove(d, addr, &ss)) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	dv_key(d, "ss_sp");
	dv_ptr(d, (uint64_t)(uintptr_t)ss.ss_sp);
	dv_key(d, "ss_flags");
	dv_flags_unk(d, &tbx_xlat_sigaltstack_flags, (unsigned)ss.ss_flags, NULL, "SS_???");
	dv_key(d, "ss_size");
	dv_uint(d, ss.ss_size);
	dv_end(d);
}

void tbx_dec_sigaltstack(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_stack(d, d->a[0]);
	else
		dv_stack(d, d->a[1]);
}

void tbx_dec_signalfd(struct tbx_dctx *d)	/* signalfd and signalfd4 */
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_sigset_len(d, d->a[1], d->a[2], 8);
	dv_uint(d, d->a[2]);
	if (d->ent && d->ent->nargs == 4)
		dv_flags_unk(d, &tbx_xlat_signalfd_flags, (unsigned)d->a[3], NULL, "SFD_???");
	d->rval = TBX_RV_FD;
}

void tbx_dec_alarm(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_uint(d, (unsigned)d->a[0]);
}

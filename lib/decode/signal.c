/* Signals: names, sets, siginfo, and the signal syscalls. */
#include <stdio.h>
#include <string.h>
#include "decode/decode.h"

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

/* "[HUP INT]", or "~[...]" for the complement when most bits are set. */
static void sigset_text(struct tbx_dctx *d, uint64_t mask, unsigned nbits)
{
	char buf[1024], nb[32];
	size_t len = 0;
	unsigned set = (unsigned)__builtin_popcountll(mask);
	bool inv = set * 2 > nbits;

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

/* Processes: execve, clone, wait, exit, kill, and process attributes
 * (prctl, arch_prctl, personality, ptrace, seccomp, namespaces). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "decode/decode.h"
#include "decode/process.h"
#include "syscallent.h"

/* ---- execve ---- */

/* The pointers of a NULL-terminated array (argv, envp), read up to a
 * page at a time: one read per element was a system call each. */
struct ptr_iter {
	uint64_t addr;		/* of the next block */
	uint64_t blk[64];
	unsigned at, have;
};

/* The next pointer into *p: 0, or -1 when it cannot be read. */
static int ptr_next(struct tbx_dctx *d, struct ptr_iter *it, uint64_t *p)
{
	if (it->at == it->have) {
		unsigned n = (unsigned)((4096 - (it->addr & 4095)) / sizeof(*p));

		if (!n || (it->addr & (sizeof(*p) - 1)))
			n = 1;	/* across a page end, or unaligned */
		if (n > 64)
			n = 64;
		if (tbx_umove(d->tid, it->addr, it->blk, n * sizeof(*p)))
			return -1;
		it->addr += n * sizeof(*p);
		it->at = 0;
		it->have = n;
	}
	*p = it->blk[it->at++];
	return 0;
}

/* ["sh", "-c", ...]: -s elements at most unless -v, as strace. */
static void argv_array(struct tbx_dctx *d, uint64_t addr)
{
	struct ptr_iter it = { .addr = addr };
	uint64_t p;
	unsigned n;

	if (!addr || ptr_next(d, &it, &p)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	for (n = 0;; n++) {
		if (n && ptr_next(d, &it, &p)) {
			dv_more(d);
			break;
		}
		if (!p)
			break;
		if (!d->verbose && n >= d->strsize) {
			dv_more(d);
			break;
		}
		dv_str(d, p);
	}
	dv_end(d);
}

/* The environment without -v: its address and how many strings. */
static void envp_count(struct tbx_dctx *d, uint64_t addr)
{
	struct ptr_iter it = { .addr = addr };
	uint64_t p;
	unsigned n;

	if (d->verbose) {
		argv_array(d, addr);
		return;
	}
	dv_ptr(d, addr);
	if (!addr)
		return;
	for (n = 0; n < 1u << 20; n++) {
		if (ptr_next(d, &it, &p)) {
			if (!n)
				return;
			break;
		}
		if (!p)
			break;
	}
	dv_comment(d, "%u var%s", n, n == 1 ? "" : "s");
}

void tbx_dec_execve(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_path(d, d->a[0]);
	argv_array(d, d->a[1]);
	envp_count(d, d->a[2]);
}

void tbx_dec_execveat(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_dirfd(d, d->a[0]);
	dv_path(d, d->a[1]);
	argv_array(d, d->a[2]);
	envp_count(d, d->a[3]);
	dv_flags_unk(d, &tbx_xlat_at_flags, (unsigned)d->a[4], NULL, "AT_???");
}

/* ---- clone ---- */

#define CSIGNAL 0xffull
#define F_PARENT_SETTID 0x100000ull
#define F_PIDFD 0x1000ull
#define F_CHILD_TIDS 0x1200000ull	/* CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID */
#define F_SETTLS 0x80000ull
#define F_INTO_CGROUP 0x200000000ull

/* CLONE_VM|CLONE_FS|SIGCHLD: for clone() the low byte is the exit signal,
 * and the 64-bit clone3()-only flags are not names. */
static void clone_flags(struct tbx_dctx *d, uint64_t v, bool legacy)
{
	char buf[768], sb[32];
	uint64_t flags = legacy ? v & ~CSIGNAL : v;
	uint64_t named = legacy ? flags & 0xffffffffull : flags;
	int sig = legacy ? (int)(v & CSIGNAL) : 0;
	size_t n = 0;

	buf[0] = 0;
	if (named)
		n = tbx_flags_text(&tbx_xlat_clone_flags, named, buf, sizeof(buf));
	if (flags != named)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%#llx", n ? "|" : "",
				      (unsigned long long)(flags & ~named));
	if (buf[0] == '0')	/* no known bit */
		n = (size_t)snprintf(buf, sizeof(buf), "%#llx /* CLONE_??? */",
				     (unsigned long long)flags);
	if (sig)
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "|" : "",
			 tbx_signame(sig, sb, sizeof(sb)));
	else if (!flags)
		snprintf(buf, sizeof(buf), "0");
	dv_name(d, buf, v);
}

/* [1234] from an int in the tracee, or its address. */
static void int_at(struct tbx_dctx *d, uint64_t addr)
{
	int v;

	if (!addr || d->err || dv_umove(d, addr, &v)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	dv_int(d, v);
	dv_end(d);
}

/* x86_64: clone(flags, stack, parent_tid, child_tid, tls). */
void tbx_dec_clone(struct tbx_dctx *d)
{
	uint64_t flags = d->a[0] & ~CSIGNAL;

	if (!d->exiting) {
		dv_key(d, "child_stack");
		dv_ptr(d, d->a[1]);
		dv_key(d, "flags");
		clone_flags(d, d->a[0], true);
		d->exit_sep = true;
		return;
	}
	if (flags & (F_PARENT_SETTID | F_PIDFD)) {
		dv_key(d, flags & F_PARENT_SETTID ? "parent_tid" : "pidfd");
		int_at(d, d->a[2]);
	}
	if (flags & F_CHILD_TIDS) {
		dv_key(d, "child_tidptr");
		dv_ptr(d, d->a[3]);
	}
	if (flags & F_SETTLS) {
		dv_key(d, "tls");
		dv_ptr(d, d->a[4]);
	}
}

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		 stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64

/* The struct is shown at entry; at exit " => {parent_tid=[N]}" and the
 * size, as strace. */
void tbx_dec_clone3(struct tbx_dctx *d)
{
	struct clone_args_v2 ca;
	uint64_t size = d->a[1];
	size_t len = size < sizeof(ca) ? (size_t)size : sizeof(ca);

	memset(&ca, 0, sizeof(ca));
	if (d->exiting) {
		/* " => {parent_tid=[N]}": what the kernel wrote back */
		if (!d->err && d->a[0] && size >= CLONE_ARGS_SIZE_VER0 &&
		    tbx_umove(d->tid, d->a[0], &ca, len) == 0 &&
		    (ca.flags & F_PARENT_SETTID) && ca.parent_tid) {
			dv_arrow(d);
			dv_struct(d);
			dv_key(d, "parent_tid");
			int_at(d, ca.parent_tid);
			dv_end(d);
		}
		dv_uint(d, size);
		return;
	}
	d->exit_sep = true;
	if (!d->a[0] || size < CLONE_ARGS_SIZE_VER0 ||
	    tbx_umove(d->tid, d->a[0], &ca, len)) {
		dv_ptr(d, d->a[0]);	/* the size follows at exit */
		return;
	}
	dv_struct(d);
	dv_key(d, "flags");
	clone_flags(d, ca.flags, false);
	if (ca.flags & F_PIDFD) {
		dv_key(d, "pidfd");
		dv_ptr(d, ca.pidfd);
	}
	if (ca.flags & F_CHILD_TIDS) {
		dv_key(d, "child_tid");
		dv_ptr(d, ca.child_tid);
	}
	if (ca.flags & F_PARENT_SETTID) {
		dv_key(d, "parent_tid");
		dv_ptr(d, ca.parent_tid);
	}
	dv_key(d, "exit_signal");
	if (ca.exit_signal && ca.exit_signal <= 64)
		dv_signo(d, (int)ca.exit_signal);
	else
		dv_uint(d, ca.exit_signal);
	dv_key(d, "stack");
	dv_ptr(d, ca.stack);
	dv_key(d, "stack_size");
	dv_hex(d, ca.stack_size);
	if (ca.flags & F_SETTLS) {
		dv_key(d, "tls");
		dv_ptr(d, ca.tls);
	}
	if (ca.set_tid_size) {
		dv_key(d, "set_tid");
		dv_ptr(d, ca.set_tid);
		dv_key(d, "set_tid_size");
		dv_uint(d, ca.set_tid_size);
	}
	if (ca.flags & F_INTO_CGROUP) {
		dv_key(d, "cgroup");
		dv_uint(d, ca.cgroup);
	}
	dv_end(d);
}

/* ---- wait ---- */

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 2}] */
static void wait_status(struct tbx_dctx *d, int st)
{
	char buf[160], sb[32];
	size_t n;
	unsigned rest = (unsigned)st;

	if (WIFSTOPPED(st)) {
		int sig = WSTOPSIG(st);
		n = (size_t)snprintf(buf, sizeof(buf), "{WIFSTOPPED(s) && WSTOPSIG(s) == %s%s}",
				     tbx_signame(sig & 0x7f, sb, sizeof(sb)),
				     sig & 0x80 ? " | 0x80" : "");
		rest &= ~0xffffu;
	} else if (WIFSIGNALED(st)) {
		n = (size_t)snprintf(buf, sizeof(buf), "{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}",
				     tbx_signame(WTERMSIG(st), sb, sizeof(sb)),
				     WCOREDUMP(st) ? " && WCOREDUMP(s)" : "");
		rest &= ~0xffu;
	} else if (WIFEXITED(st)) {
		n = (size_t)snprintf(buf, sizeof(buf), "{WIFEXITED(s) && WEXITSTATUS(s) == %d}",
				     WEXITSTATUS(st));
		rest &= ~0xff00u;
	} else if (WIFCONTINUED(st)) {
		n = (size_t)snprintf(buf, sizeof(buf), "{WIFCONTINUED(s)}");
		rest &= ~0xffffu;
	} else {
		dv_array(d);
		dv_hex(d, (unsigned)st);
		dv_end(d);
		return;
	}
	if (rest >> 16) {
		const char *ev = tbx_xlat_name(&tbx_xlat_ptrace_events, rest >> 16);
		if (ev)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " | %s << 16", ev);
		else
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      " | %#x /* PTRACE_EVENT_??? */ << 16", rest >> 16);
		rest &= 0xffff;
	}
	if (rest && n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, " | %#x", rest);
	dv_array(d);
	dv_raw(d, "%s", buf);
	dv_end(d);
}

void tbx_dec_wait4(struct tbx_dctx *d)
{
	int st;

	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	if (d->ret == 0 || d->err || !d->a[1] || dv_umove(d, d->a[1], &st))
		dv_ptr(d, d->a[1]);
	else
		wait_status(d, st);
	dv_flags_unk(d, &tbx_xlat_wait_options, (unsigned)d->a[2], NULL, "W???");
	if (d->ret > 0 && !d->err)
		dv_rusage(d, d->a[3]);
	else
		dv_ptr(d, d->a[3]);
}

void tbx_dec_waitid(struct tbx_dctx *d)
{
	siginfo_t si;

	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_waitid_which, (unsigned)d->a[0], "P_???");
		if ((unsigned)d->a[0] == 3)	/* P_PIDFD */
			dv_fd(d, d->a[1]);
		else
			dv_int(d, (int)d->a[1]);
		return;
	}
	if (d->err || !d->a[2] || dv_umove(d, d->a[2], &si)) {
		dv_ptr(d, d->a[2]);
	} else if (!si.si_signo) {
		dv_struct(d);
		dv_end(d);
	} else {
		dv_siginfo(d, &si);
	}
	dv_flags_unk(d, &tbx_xlat_waitid_options, (unsigned)d->a[3], NULL, "W???");
	if (d->err)
		dv_ptr(d, d->a[4]);
	else
		dv_rusage(d, d->a[4]);
}

/* ---- small ones: int arguments ---- */

/* exit, exit_group, getpgid, getsid: one int. */
void tbx_dec_proc_int(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_int(d, (int)d->a[0]);
}

void tbx_dec_setpgid(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_int(d, (int)d->a[1]);
}

/* kill, tkill */
void tbx_dec_kill(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_signo(d, (int)d->a[1]);
}

void tbx_dec_tgkill(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	dv_int(d, (int)d->a[1]);
	dv_signo(d, (int)d->a[2]);
}

void tbx_dec_set_tid_address(struct tbx_dctx *d)
{
	if (!d->exiting)
		dv_ptr(d, d->a[0]);
}

void tbx_dec_set_robust_list(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
}

/* [0x7f...] or [24] from a 64-bit word in the tracee, or its address. */
static void word_at(struct tbx_dctx *d, uint64_t addr, bool hex)
{
	uint64_t v;

	if (!addr || d->err || dv_umove(d, addr, &v)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	if (hex)
		dv_ptr(d, v);
	else
		dv_uint(d, v);
	dv_end(d);
}

void tbx_dec_get_robust_list(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	word_at(d, d->a[1], true);
	word_at(d, d->a[2], false);
}

/* ---- arch_prctl, prctl, personality ---- */

#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

void tbx_dec_arch_prctl(struct tbx_dctx *d)
{
	unsigned code = (unsigned)d->a[0];
	bool get = code == ARCH_GET_FS || code == ARCH_GET_GS;

	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_arch_prctl_codes, code, "ARCH_???");
		if (!get)
			dv_hex(d, d->a[1]);
		return;
	}
	if (get)
		word_at(d, d->a[1], true);
}

enum {
	PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG, PR_GET_DUMPABLE, PR_SET_DUMPABLE,
	PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS, PR_GET_FPEMU, PR_SET_FPEMU,
	PR_GET_FPEXC, PR_SET_FPEXC, PR_GET_TIMING, PR_SET_TIMING, PR_SET_NAME,
	PR_GET_NAME, PR_GET_ENDIAN = 19, PR_SET_ENDIAN, PR_GET_SECCOMP,
	PR_SET_SECCOMP, PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_SET_TIMERSLACK = 29,
	PR_GET_TIMERSLACK, PR_TASK_PERF_EVENTS_DISABLE, PR_TASK_PERF_EVENTS_ENABLE,
	PR_MCE_KILL_GET = 34, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER,
	PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS, PR_GET_TID_ADDRESS,
	PR_SET_THP_DISABLE, PR_GET_THP_DISABLE, PR_MPX_ENABLE_MANAGEMENT,
	PR_MPX_DISABLE_MANAGEMENT, PR_CAP_AMBIENT = 47, PR_SET_IO_FLUSHER = 57,
	PR_GET_IO_FLUSHER, PR_SET_VMA = 0x53564d41, PR_SET_PTRACER = 0x59616d61,
};

#define TASK_COMM_LEN 16

/* The remaining arguments, raw: strace's print_prctl_args. */
static void prctl_rest(struct tbx_dctx *d, unsigned from)
{
	for (unsigned i = from; i < 5; i++)
		dv_hex(d, d->a[i]);
}

/* Kernel-internal SUID_DUMP_* (include/linux/sched/coredump.h). */
static const char *dumpable_name(uint64_t v)
{
	static const char *const names[] = { "SUID_DUMP_DISABLE", "SUID_DUMP_USER",
					     "SUID_DUMP_ROOT" };
	return v < 3 ? names[v] : NULL;
}

/* The comm name: at most 15 bytes, never "..." once NUL-terminated. */
static void comm_name(struct tbx_dctx *d, uint64_t addr, size_t max)
{
	char buf[TASK_COMM_LEN + 1];
	bool term;
	ssize_t n;

	if (!addr) {
		dv_ptr(d, 0);
		return;
	}
	n = tbx_umove_str(d->tid, addr, buf, max + 1, &term);
	if (n < 0)
		dv_ptr(d, addr);
	else if ((size_t)n > max)
		dv_bytes(d, buf, max, TBX_VF_TRUNC);
	else
		dv_bytes(d, buf, (size_t)n, 0);
}

static void prctl_enter(struct tbx_dctx *d, unsigned opt)
{
	uint64_t a2 = d->a[1];
	const char *dn;

	dv_xval(d, &tbx_xlat_prctl_options, opt, "PR_???");
	switch (opt) {
	case PR_GET_KEEPCAPS:
	case PR_GET_SECCOMP:
	case PR_GET_TIMERSLACK:
	case PR_GET_TIMING:
	case PR_GET_DUMPABLE:
	case PR_TASK_PERF_EVENTS_DISABLE:
	case PR_TASK_PERF_EVENTS_ENABLE:
		break;
	case PR_GET_CHILD_SUBREAPER:
	case PR_GET_ENDIAN:
	case PR_GET_FPEMU:
	case PR_GET_FPEXC:
	case PR_GET_NAME:
	case PR_GET_PDEATHSIG:
	case PR_GET_TID_ADDRESS:
		break;	/* the out argument at exit */
	case PR_SET_CHILD_SUBREAPER:
	case PR_SET_ENDIAN:
	case PR_SET_FPEMU:
	case PR_SET_FPEXC:
	case PR_SET_KEEPCAPS:
	case PR_SET_TIMING:
		dv_uint(d, a2);
		break;
	case PR_SET_DUMPABLE:
		dn = dumpable_name(a2);
		if (dn) {
			dv_name(d, dn, a2);
		} else {
			dv_hex(d, a2);
			dv_comment(d, "SUID_DUMP_???");
		}
		break;
	case PR_CAPBSET_DROP:
	case PR_CAPBSET_READ:
		dv_xval(d, &tbx_xlat_capabilities, a2, "CAP_???");
		break;
	case PR_CAP_AMBIENT:
		dv_xval(d, &tbx_xlat_pr_cap_ambient, a2, "PR_CAP_AMBIENT_???");
		if (a2 >= 1 && a2 <= 3) {
			dv_xval(d, &tbx_xlat_capabilities, d->a[2], "CAP_???");
			prctl_rest(d, 3);
		} else {
			prctl_rest(d, 2);
		}
		break;
	case PR_SET_NAME:
		comm_name(d, a2, TASK_COMM_LEN - 1);
		break;
	case PR_SET_PDEATHSIG:
		if (a2 > 128)
			dv_uint(d, a2);
		else
			dv_signo(d, (int)a2);
		break;
	case PR_SET_PTRACER:
		if ((int)a2 == -1)
			dv_name(d, "PR_SET_PTRACER_ANY", a2);
		else
			dv_uint(d, a2);
		break;
	case PR_SET_SECCOMP:
		dv_xval(d, &tbx_xlat_seccomp_modes, a2, "SECCOMP_MODE_???");
		if (a2 == 2)
			dv_ptr(d, d->a[2]);
		else if (a2 != 1)
			prctl_rest(d, 2);
		break;
	case PR_SET_TIMERSLACK:
		dv_int(d, (int64_t)a2);
		break;
	case PR_SET_NO_NEW_PRIVS:
	case PR_SET_THP_DISABLE:
	case PR_SET_IO_FLUSHER:
		dv_uint(d, a2);
		prctl_rest(d, 2);
		break;
	case PR_SET_VMA:
		if (a2 == 0)
			dv_name(d, "PR_SET_VMA_ANON_NAME", 0);
		else {
			dv_hex(d, a2);
			dv_comment(d, "PR_SET_VMA_???");
		}
		dv_hex(d, d->a[2]);
		dv_uint(d, d->a[3]);
		dv_str(d, d->a[4]);
		break;
	default:
		prctl_rest(d, 1);
	}
}

void tbx_dec_prctl(struct tbx_dctx *d)
{
	unsigned opt = (unsigned)d->a[0];
	const char *n;
	int v;

	if (!d->exiting) {
		prctl_enter(d, opt);
		return;
	}
	switch (opt) {
	case PR_GET_CHILD_SUBREAPER:
	case PR_GET_ENDIAN:
	case PR_GET_FPEMU:
	case PR_GET_FPEXC:
		if (d->err || dv_umove(d, d->a[1], &v)) {
			dv_ptr(d, d->a[1]);
			break;
		}
		dv_array(d);
		dv_uint(d, (unsigned)v);
		dv_end(d);
		break;
	case PR_GET_PDEATHSIG:
		if (d->err || dv_umove(d, d->a[1], &v)) {
			dv_ptr(d, d->a[1]);
			break;
		}
		dv_array(d);
		dv_signo(d, v);
		dv_end(d);
		break;
	case PR_GET_NAME:
		if (d->err)
			dv_ptr(d, d->a[1]);
		else
			comm_name(d, d->a[1], TASK_COMM_LEN);
		break;
	case PR_GET_TID_ADDRESS:
		word_at(d, d->a[1], true);
		break;
	case PR_GET_DUMPABLE:
		n = d->err ? NULL : dumpable_name((uint64_t)d->ret);
		if (n)
			dv_retcomment(d, " (%s)", n);
		break;
	case PR_MCE_KILL_GET:
		n = d->err ? NULL : tbx_xlat_name(&tbx_xlat_pr_mce_kill_policies,
						  (uint64_t)d->ret);
		if (n)
			dv_retcomment(d, " (%s)", n);
		break;
	}
}

#define PER_MASK 0xffu

static size_t personality_text(unsigned p, char *buf, size_t cap)
{
	const char *t = tbx_xlat_name(&tbx_xlat_personality_types, p & PER_MASK);
	size_t n;

	if (t)
		n = (size_t)snprintf(buf, cap, "%s", t);
	else
		n = (size_t)snprintf(buf, cap, "%#x /* PER_??? */", p & PER_MASK);
	if ((p & ~PER_MASK) && n + 1 < cap) {
		buf[n++] = '|';
		n += tbx_flags_text(&tbx_xlat_personality_flags, p & ~PER_MASK,
				    buf + n, cap - n);
	}
	return n;
}

void tbx_dec_personality(struct tbx_dctx *d)
{
	char buf[512];
	unsigned p = (unsigned)d->a[0];

	if (!d->exiting) {
		if (p == 0xffffffffu) {
			dv_hex(d, p);
		} else {
			personality_text(p, buf, sizeof(buf));
			dv_name(d, buf, p);
		}
		d->rval = TBX_RV_HEX;
		return;
	}
	if (d->err)
		return;
	personality_text((unsigned)d->ret, buf, sizeof(buf));
	dv_retcomment(d, " (%s)", buf);
}

/* ---- ptrace ---- */

enum {
	PT_TRACEME = 0, PT_PEEKTEXT = 1, PT_PEEKDATA = 2, PT_PEEKUSER = 3,
	PT_CONT = 7, PT_KILL = 8, PT_SINGLESTEP = 9, PT_ATTACH = 0x10,
	PT_DETACH = 0x11, PT_OLDSETOPTIONS = 0x15, PT_SYSCALL = 0x18,
	PT_SYSEMU = 0x1f, PT_SYSEMU_SINGLESTEP = 0x20, PT_SINGLEBLOCK = 0x21,
	PT_SETOPTIONS = 0x4200, PT_GETEVENTMSG = 0x4201, PT_GETSIGINFO = 0x4202,
	PT_SETSIGINFO = 0x4203, PT_SEIZE = 0x4206, PT_INTERRUPT = 0x4207,
	PT_LISTEN = 0x4208,
};

static void ptrace_data_enter(struct tbx_dctx *d, uint64_t req, uint64_t data)
{
	siginfo_t si;

	switch (req) {
	case PT_CONT:
	case PT_DETACH:
	case PT_SYSCALL:
	case PT_SINGLESTEP:
	case PT_SINGLEBLOCK:
	case PT_SYSEMU:
	case PT_SYSEMU_SINGLESTEP:
		dv_signo(d, (int)data);
		break;
	case PT_SEIZE:
	case PT_SETOPTIONS:
	case PT_OLDSETOPTIONS:
		dv_flags_unk(d, &tbx_xlat_ptrace_options, data, NULL, "PTRACE_O_???");
		break;
	case PT_SETSIGINFO:
		if (!data || dv_umove(d, data, &si))
			dv_ptr(d, data);
		else
			dv_siginfo(d, &si);
		break;
	default:
		dv_ptr(d, data);
	}
}

static bool ptrace_data_at_exit(uint64_t req)
{
	return req == PT_PEEKTEXT || req == PT_PEEKDATA || req == PT_PEEKUSER ||
	       req == PT_GETEVENTMSG || req == PT_GETSIGINFO;
}

void tbx_dec_ptrace(struct tbx_dctx *d)
{
	uint64_t req = d->a[0], data = d->a[3];
	siginfo_t si;

	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_ptrace_requests, req, "PTRACE_???");
		if (req == PT_TRACEME)
			return;
		dv_int(d, (int)d->a[1]);
		if (req == PT_ATTACH || req == PT_INTERRUPT || req == PT_KILL ||
		    req == PT_LISTEN)
			return;
		dv_ptr(d, d->a[2]);
		if (!ptrace_data_at_exit(req))
			ptrace_data_enter(d, req, data);
		return;
	}
	if (!ptrace_data_at_exit(req))
		return;
	if (req == PT_GETSIGINFO) {
		if (d->err || !data || dv_umove(d, data, &si))
			dv_ptr(d, data);
		else
			dv_siginfo(d, &si);
		return;
	}
	word_at(d, data, req != PT_GETEVENTMSG);
}

/* ---- seccomp ---- */

enum { SC_SET_MODE_STRICT, SC_SET_MODE_FILTER, SC_GET_ACTION_AVAIL, SC_GET_NOTIF_SIZES };

void tbx_dec_seccomp(struct tbx_dctx *d)
{
	uint64_t op = (unsigned)d->a[0], args = d->a[2];
	struct { uint16_t notif, resp, data; } sz;
	struct { uint16_t len; uint64_t filter; } prog;
	uint32_t act;

	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_seccomp_ops, op, "SECCOMP_SET_MODE_???");
		if (op == SC_SET_MODE_FILTER)
			dv_flags_unk(d, &tbx_xlat_seccomp_filter_flags, (unsigned)d->a[1],
				     NULL, "SECCOMP_FILTER_FLAG_???");
		else
			dv_uint(d, (unsigned)d->a[1]);
		if (op == SC_SET_MODE_FILTER) {
			if (!args || dv_umove(d, args, &prog)) {
				dv_ptr(d, args);
				return;
			}
			dv_struct(d);
			dv_key(d, "len");
			dv_uint(d, prog.len);
			dv_key(d, "filter");
			dv_ptr(d, prog.filter);
			dv_end(d);
		} else if (op == SC_GET_ACTION_AVAIL) {
			if (!args || dv_umove(d, args, &act)) {
				dv_ptr(d, args);
				return;
			}
			dv_array(d);
			dv_xval(d, &tbx_xlat_seccomp_ret_actions, act, "SECCOMP_RET_???");
			dv_end(d);
		} else if (op != SC_GET_NOTIF_SIZES) {
			dv_ptr(d, args);
		}
		return;
	}
	if (op != SC_GET_NOTIF_SIZES)
		return;
	if (d->err || !args || dv_umove(d, args, &sz)) {
		dv_ptr(d, args);
		return;
	}
	dv_struct(d);
	dv_key(d, "seccomp_notif");
	dv_uint(d, sz.notif);
	dv_key(d, "seccomp_notif_resp");
	dv_uint(d, sz.resp);
	dv_key(d, "seccomp_data");
	dv_uint(d, sz.data);
	dv_end(d);
}

/* ---- pidfd, namespaces, membarrier ---- */

#define PIDFD_NONBLOCK 04000

void tbx_dec_pidfd_open(struct tbx_dctx *d)
{
	unsigned fl = (unsigned)d->a[1];

	if (d->exiting)
		return;
	dv_int(d, (int)d->a[0]);
	if (fl == PIDFD_NONBLOCK)
		dv_name(d, "PIDFD_NONBLOCK", fl);
	else if (fl & PIDFD_NONBLOCK)
		dv_raw(d, "PIDFD_NONBLOCK|%#x", fl & ~PIDFD_NONBLOCK);
	else
		dv_hex(d, fl);
	d->rval = TBX_RV_FD;
}

void tbx_dec_pidfd_send_signal(struct tbx_dctx *d)
{
	siginfo_t si;

	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	dv_signo(d, (int)d->a[1]);
	if (!d->a[2] || dv_umove(d, d->a[2], &si))
		dv_ptr(d, d->a[2]);
	else
		dv_siginfo(d, &si);
	dv_hex(d, (unsigned)d->a[3]);
}

void tbx_dec_unshare(struct tbx_dctx *d)
{
	if (!d->exiting)
		clone_flags(d, d->a[0], false);
}

void tbx_dec_setns(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_fd(d, d->a[0]);
	clone_flags(d, (unsigned)d->a[1], false);
}

#define MEMBARRIER_CMD_FLAG_CPU 1u

void tbx_dec_membarrier(struct tbx_dctx *d)
{
	unsigned cmd = (unsigned)d->a[0], fl = (unsigned)d->a[1];
	char buf[1024];

	if (!d->exiting) {
		dv_xval(d, &tbx_xlat_membarrier_cmds, cmd, "MEMBARRIER_CMD_???");
		if (fl == MEMBARRIER_CMD_FLAG_CPU)
			dv_name(d, "MEMBARRIER_CMD_FLAG_CPU", fl);
		else
			dv_hex(d, fl);
		if (fl & MEMBARRIER_CMD_FLAG_CPU)
			dv_int(d, (int)d->a[2]);
		if (cmd == 0)
			d->rval = TBX_RV_HEX;
		return;
	}
	if (cmd || d->err || !d->ret)
		return;
	tbx_flags_text(&tbx_xlat_membarrier_cmds, (uint64_t)d->ret, buf, sizeof(buf));
	dv_retcomment(d, " (%s)", buf);
}

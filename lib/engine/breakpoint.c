/* int3 breakpoints and the --from/--until window.
 *
 * Breakpoints belong to an address space (a thread group): a forked child
 * gets a copy of the table, since its memory has the int3 bytes too, and
 * execve drops it. A hit is told from the program's own SIGTRAP by its
 * si_code (SI_KERNEL: an int3) and an address of ours. The byte is put
 * back and the pc rewound; a breakpoint that must stay is planted again
 * after one single-step taken with every other tracee stopped, so that no
 * thread runs past it meanwhile. One that fires once is removed for good:
 * a thread that hit it at the same moment finds the original byte back
 * and is rewound too. Never is code single-stepped to reach a symbol.
 *
 * Before the window nothing stops but the breakpoints (PTRACE_CONT, no
 * filter), or the calls that map a library an armed symbol waits for.
 * When it opens, the trace filter is injected into the process (seccomp()
 * run from the breakpoint address); if that fails, the process's threads
 * stop at every call instead. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/prctl.h>
#include "engine/engine.h"
#include "arch/arch.h"
#include "elf/symbols.h"
#include "syscallent.h"
#include "procfs/procfs.h"

/* BP_START: __libc_start_main, standing for main in a stripped program:
 * its first argument is main's address, where BP_FROM goes next */
enum { BP_FROM = 1, BP_UNTIL = 2, BP_RETURN = 4, BP_START = 8 };
enum { LOC_FROM, LOC_UNTIL, NLOC };

struct bp {
	uint64_t addr;
	uint8_t orig;		/* the byte the trap replaced */
	unsigned kinds;		/* BP_*; 0: removed, kept to recognise late hits */
	bool planted;
};

struct space {
	pid_t tgid;
	struct bp *bp;
	unsigned nbp;
	unsigned pending;	/* BP_FROM/BP_UNTIL waiting for their library */
	bool open;		/* a window is open in this process */
	bool filtered;		/* the trace filter was injected */
	pid_t entered;		/* the thread that opened it */
	uint64_t entry_sp;	/* its stack pointer then (--until-return) */
};

struct tbx_bps {
	struct tbx_elf_loc loc[NLOC];
	char *spec[NLOC];	/* as given, NULL when not */
	bool armed;		/* at the spawned program's execve */
	bool reached;
	void *win_filter;	/* the trace filter, for the window */
	bool prefilter;		/* mapping calls stop before the window */
	unsigned kind[NLOC];	/* what a loc's breakpoint does (BP_*) */
	struct space *sp;
	unsigned nsp, capsp;
};

static const char *const loc_opt[NLOC] = { "--from", "--until" };
static const unsigned loc_kind[NLOC] = { BP_FROM, BP_UNTIL };

int tbx_bps_new(struct tbx_tracer *t)
{
	const char *spec[NLOC] = { t->o.from, t->o.until };
	struct tbx_bps *b;

	if (!spec[LOC_FROM] && !spec[LOC_UNTIL])
		return (t->o.flags & (TBX_TRACE_UNTIL_RETURN | TBX_TRACE_FROM_THREAD)) ?
		       -EINVAL : 0;
	if (!spec[LOC_FROM] && (t->o.flags & (TBX_TRACE_UNTIL_RETURN | TBX_TRACE_FROM_THREAD)))
		return -EINVAL;
	if (spec[LOC_UNTIL] && (t->o.flags & TBX_TRACE_UNTIL_RETURN))
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	t->bps = b;
	for (int i = 0; i < NLOC; i++) {
		b->kind[i] = loc_kind[i];
		if (!spec[i])
			continue;
		if (tbx_elf_loc_parse(spec[i], &b->loc[i])) {
			tbx_log(&t->lg, TBX_LOG_ERROR, "%s '%s': not SYMBOL, LIB:SYMBOL"
				" or 0xADDR", loc_opt[i], spec[i]);
			return -EINVAL;
		}
		if (!(b->spec[i] = strdup(spec[i])))
			return -ENOMEM;
	}
	/* every thread and child runs the breakpoint bytes: all are traced */
	t->o.flags |= TBX_TRACE_FOLLOW;
	return 0;
}

void tbx_bps_free(struct tbx_bps *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < b->nsp; i++)
		free(b->sp[i].bp);
	free(b->sp);
	free(b->spec[LOC_FROM]);
	free(b->spec[LOC_UNTIL]);
	tbx_filter_free(b->win_filter);
	free(b);
}

/* Why a symbol is not there, with the names closest to it. */
static void log_missing(struct tbx_tracer *t, int i, const char *path, int e)
{
	const char *sym = t->bps->loc[i].sym;
	char near[TBX_ELF_NEAR_MAX][64], list[TBX_ELF_NEAR_MAX * 66] = "";
	unsigned n = 0;
	uint64_t v;
	bool stripped = false;

	if (e == -EOPNOTSUPP) {
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: an IFUNC in %s (its code is"
			" chosen at run time): not supported", loc_opt[i], sym, path);
		return;
	}
	if (e != -ENOENT) {
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: %s: %s", loc_opt[i], sym, path,
			strerror(-e));
		return;
	}
	tbx_elf_symbol(path, sym, &v, &stripped);
	tbx_elf_near(path, sym, near, TBX_ELF_NEAR_MAX, &n);
	for (unsigned k = 0; k < n; k++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 k ? ", " : "", near[k]);
	if (stripped && !n)
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: %s is stripped (no symbol"
			" table): give an address instead, %s 0xOFFSET (as objdump -d"
			" shows it)", loc_opt[i], sym, path, loc_opt[i]);
	else if (n)
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: no such symbol in %s; closest: %s",
			loc_opt[i], sym, path, list);
	else
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: no such symbol in %s",
			loc_opt[i], sym, path);
}

/* --from main in a stripped dynamic program (most system binaries): glibc
 * calls main from __libc_start_main, whose first argument it is. */
static bool main_via_libc(struct tbx_bps *b, const char *path)
{
	char interp[256];

	if (strcmp(b->loc[LOC_FROM].sym, "main") ||
	    tbx_elf_interp(path, interp, sizeof(interp)) || !interp[0])
		return false;
	snprintf(b->loc[LOC_FROM].lib, sizeof(b->loc[LOC_FROM].lib), "libc.so.6");
	snprintf(b->loc[LOC_FROM].sym, sizeof(b->loc[LOC_FROM].sym), "__libc_start_main");
	b->kind[LOC_FROM] = BP_START;
	return true;
}

int tbx_bps_spawn(struct tbx_tracer *t, const char *path)
{
	struct tbx_bps *b = t->bps;
	bool lib = false;

	for (int i = 0; i < NLOC; i++) {
		uint64_t v;
		bool stripped;
		int e;

		lib |= b->loc[i].lib[0] != 0;
		if (!b->spec[i] || b->loc[i].lib[0] || !b->loc[i].sym[0])
			continue;
		/* a script's symbols are its interpreter's: checked at exec */
		e = tbx_elf_symbol(path, b->loc[i].sym, &v, &stripped);
		if (e == -ENOENT && stripped && i == LOC_FROM && main_via_libc(b, path)) {
			lib = true;
			continue;
		}
		if (e && e != -ENOEXEC) {
			log_missing(t, i, path, e);
			return -EADDRNOTAVAIL;
		}
	}
	if (t->filter && !b->win_filter)
		b->win_filter = tbx_steal(&t->filter);
	if (lib && !t->filter && !(t->o.flags & TBX_TRACE_NO_SECCOMP)) {
		autofree uint8_t *set = calloc(1, (tbx_nsysent64 + 7) / 8);

		if (!set)
			return -ENOMEM;
		tbx_set_add_map_calls(set);
		if (tbx_filter_trace_build(set, tbx_nsysent64, &t->filter) == 0)
			b->prefilter = true;
	}
	t->seccomp = t->seccomp || t->filter;
	return 0;
}

/* ---- spaces and their breakpoints ---- */

static struct space *space_find(struct tbx_bps *b, pid_t tgid)
{
	for (unsigned i = 0; i < b->nsp; i++)
		if (b->sp[i].tgid == tgid)
			return &b->sp[i];
	return NULL;
}

/* A new space, a copy of from's when given (a forked child). */
static struct space *space_add(struct tbx_bps *b, pid_t tgid, pid_t from)
{
	struct space *s, *f;

	if (b->nsp == b->capsp) {
		unsigned cap = b->capsp ? b->capsp * 2 : 8;
		void *n = realloc(b->sp, cap * sizeof(*b->sp));
		if (!n)
			return NULL;
		b->sp = n;
		b->capsp = cap;
	}
	s = &b->sp[b->nsp];
	memset(s, 0, sizeof(*s));
	s->tgid = tgid;
	f = from ? space_find(b, from) : NULL;
	if (f) {
		s->pending = f->pending;
		s->filtered = f->filtered;
		if (f->nbp && !(s->bp = malloc(f->nbp * sizeof(*s->bp))))
			return NULL;
		memcpy(s->bp, f->bp, f->nbp * sizeof(*s->bp));
		s->nbp = f->nbp;
	}
	b->nsp++;
	return s;
}

static struct bp *bp_find(struct space *s, uint64_t addr)
{
	for (unsigned i = 0; i < s->nbp; i++)
		if (s->bp[i].addr == addr)
			return &s->bp[i];
	return NULL;
}

static int plant(struct space *s, pid_t tid, uint64_t addr, unsigned kind)
{
	static const uint8_t trap = TBX_ARCH_TRAP;
	struct bp *bp = bp_find(s, addr);
	uint8_t orig;
	int e;

	if (bp && bp->planted) {
		bp->kinds |= kind;
		return 0;
	}
	if ((e = tbx_umove(tid, addr, &orig, 1)) || (e = tbx_uwrite(tid, addr, &trap, 1)))
		return e;
	if (!bp) {
		void *n = realloc(s->bp, (s->nbp + 1) * sizeof(*s->bp));
		if (!n) {
			tbx_uwrite(tid, addr, &orig, 1);
			return -ENOMEM;
		}
		s->bp = n;
		bp = &s->bp[s->nbp++];
		memset(bp, 0, sizeof(*bp));
		bp->addr = addr;
	}
	bp->orig = orig;
	bp->kinds |= kind;
	bp->planted = true;
	return 0;
}

/* Put the original byte back, unless the program wrote over the trap
 * itself: its own code then stays. */
static void unplant(struct bp *bp, pid_t tid)
{
	uint8_t now;

	if (!bp->planted)
		return;
	bp->planted = false;
	if (tbx_umove(tid, bp->addr, &now, 1) == 0 && now == TBX_ARCH_TRAP)
		tbx_uwrite(tid, bp->addr, &bp->orig, 1);
}

/* ---- the window ---- */

static void set_cont(struct tbx_tracer *t, struct space *s, struct tbx_proc *p)
{
	bool cont;

	if (p->flags & P_WINDOW)
		cont = s && s->filtered;
	else	/* before or after: only a library being waited for stops */
		cont = !s || !s->pending || t->bps->prefilter;
	p->flags = cont ? p->flags | P_CONT : p->flags & ~(unsigned)P_CONT;
}

/* Window flag and resume mode of the threads of s (only p with
 * --from-thread). */
static void window_set(struct tbx_tracer *t, struct space *s, struct tbx_proc *p,
		       bool open)
{
	bool one = t->o.flags & TBX_TRACE_FROM_THREAD;
	struct tbx_proc *q;
	unsigned i;

	tbx_proctab_each(&t->procs, i, q) {
		if (q->tgid != s->tgid || (open && one && q != p))
			continue;
		q->flags = open ? q->flags | P_WINDOW : q->flags & ~(unsigned)P_WINDOW;
		set_cont(t, s, q);
	}
}

/* seccomp(SECCOMP_SET_MODE_FILTER, TSYNC, filter) run by thread p, from
 * the breakpoint address; no_new_privs first when the kernel asks for it
 * (unprivileged: what tbx_filter_install does at spawn). */
static int inject_filter(struct tbx_tracer *t, struct tbx_proc *p, uint64_t at,
			 int *sig)
{
	const struct sock_fprog *f = t->bps->win_filter;
	size_t flen = f->len * sizeof(struct sock_filter);
	struct { uint64_t len, filter; } prog;	/* struct sock_fprog, 64-bit */
	uint64_t mem, args[6] = { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC };
	int64_t ret = -EACCES;
	int e, s2 = 0;

	if ((e = tbx_arch_scratch(p->tid, flen + sizeof(prog) + 16, &mem)))
		return e;
	prog.len = f->len;
	prog.filter = mem + sizeof(prog);
	if ((e = tbx_uwrite(p->tid, mem, &prog, sizeof(prog))) ||
	    (e = tbx_uwrite(p->tid, prog.filter, f->filter, flen)))
		return e;
	args[2] = mem;
	e = tbx_arch_inject_syscall(p->tid, at, __NR_seccomp, args, &ret, sig);
	if (!e && ret == -EACCES) {
		uint64_t nnp[6] = { PR_SET_NO_NEW_PRIVS, 1 };

		e = tbx_arch_inject_syscall(p->tid, at, __NR_prctl, nnp, &ret, &s2);
		if (!e && ret == 0)
			e = tbx_arch_inject_syscall(p->tid, at, __NR_seccomp, args, &ret,
						    *sig ? &s2 : sig);
	}
	if (e)
		return e;
	return ret > 0 ? -EAGAIN : (int)ret;	/* > 0: a thread not synced */
}

static void window_open(struct tbx_tracer *t, struct space *s, struct tbx_proc *p,
			uint64_t at, uint64_t sp, int *sig)
{
	struct tbx_bps *b = t->bps;

	if (s->open)	/* recursion, or another thread meanwhile */
		return;
	s->open = true;
	s->entered = p->tid;
	s->entry_sp = sp;
	b->reached = true;
	if (t->o.flags & TBX_TRACE_UNTIL_RETURN) {
		uint64_t ret;
		int e = tbx_umove(p->tid, sp, &ret, sizeof(ret));

		if (!e)
			e = plant(s, p->tid, ret, BP_RETURN);
		if (e)
			tbx_log(&t->lg, TBX_LOG_WARN, "--until-return: no breakpoint at"
				" the return address of %s: %s", b->spec[LOC_FROM],
				strerror(-e));
	}
	if (b->win_filter && !s->filtered) {
		int e;

		/* the code at the breakpoint becomes a syscall instruction for
		 * a moment: nobody else may run it */
		if (t->procs.n > 1)
			tbx_freeze_others(t, p);
		e = inject_filter(t, p, at, sig);

		if (e)
			tbx_log(&t->lg, TBX_LOG_INFO, "process %d: no seccomp filter"
				" injected (%s): stopping at every call", s->tgid,
				strerror(-e));
		s->filtered = !e;
	}
	window_set(t, s, p, true);
}

static void window_close(struct tbx_tracer *t, struct space *s, struct tbx_proc *p)
{
	if (!s->open)
		return;
	s->open = false;
	for (unsigned i = 0; i < s->nbp; i++) {
		struct bp *bp = &s->bp[i];

		if (!(bp->kinds & BP_RETURN))
			continue;
		bp->kinds &= ~(unsigned)BP_RETURN;
		if (!bp->kinds)
			unplant(bp, p->tid);
	}
	window_set(t, s, p, false);
}

/* ---- arming ---- */

static void arm(struct tbx_tracer *t, struct space *s, struct tbx_proc *p, int i)
{
	char path[4096] = "";
	uint64_t addr;
	int e = tbx_elf_resolve(p->tgid, &t->bps->loc[i], &addr, path, sizeof(path));

	if (e == -EAGAIN) {
		s->pending |= loc_kind[i];
		return;
	}
	s->pending &= ~loc_kind[i];
	if (e) {
		log_missing(t, i, path, e);
		return;
	}
	e = plant(s, p->tid, addr, t->bps->kind[i]);
	if (e)
		tbx_log(&t->lg, TBX_LOG_ERROR, "%s %s: cannot plant a breakpoint at"
			" %#llx: %s", loc_opt[i], t->bps->spec[i],
			(unsigned long long)addr, strerror(-e));
}

/* Whether the program p now runs has the symbols of the main executable:
 * if not, it is a script's interpreter or a wrapper (env, a shim) that
 * will execute the real program next, maybe in a child: the breakpoints
 * go into the first program that has them. */
static bool has_symbols(struct tbx_tracer *t, struct tbx_proc *p)
{
	char exe[64];
	uint64_t v;
	bool stripped;

	snprintf(exe, sizeof(exe), "/proc/%d/exe", p->tgid);
	for (int i = 0; i < NLOC; i++)
		if (t->bps->spec[i] && !t->bps->loc[i].lib[0] && t->bps->loc[i].sym[0] &&
		    tbx_elf_symbol(exe, t->bps->loc[i].sym, &v, &stripped) == -ENOENT) {
			tbx_log(&t->lg, TBX_LOG_INFO, "%s %s: not in process %d's"
				" program: waiting for its next execve", loc_opt[i],
				t->bps->spec[i], p->tgid);
			return false;
		}
	return true;
}

void tbx_bps_exec(struct tbx_tracer *t, struct tbx_proc *p)
{
	struct tbx_bps *b = t->bps;
	struct space *s;

	if (!b)
		return;
	s = space_find(b, p->tgid);
	if (!s && !(s = space_add(b, p->tgid, 0)))
		return;
	free(s->bp);	/* a new program: none of its bytes are ours */
	s->bp = NULL;
	s->nbp = 0;
	s->pending = 0;
	if (!b->armed && t->spawned && has_symbols(t, p)) {
		b->armed = true;
		for (int i = 0; i < NLOC; i++)
			if (b->spec[i])
				arm(t, s, p, i);
	}
	set_cont(t, s, p);
}

void tbx_bps_maps_changed(struct tbx_tracer *t, struct tbx_proc *p)
{
	struct space *s = t->bps ? space_find(t->bps, p->tgid) : NULL;

	if (!s || !s->pending)
		return;
	for (int i = 0; i < NLOC; i++)
		if (s->pending & loc_kind[i])
			arm(t, s, p, i);
	if (!s->pending) {	/* nothing more to wait for: no more stops */
		struct tbx_proc *q;
		unsigned k;

		tbx_proctab_each(&t->procs, k, q)
			if (q->tgid == s->tgid)
				set_cont(t, s, q);
	}
}

void tbx_bps_new_tracee(struct tbx_tracer *t, struct tbx_proc *p)
{
	struct tbx_bps *b = t->bps;
	struct space *s;

	if (!b)
		return;
	s = space_find(b, p->tgid);
	if (!s && (p->flags & P_SEIZED)) {
		/* a running process (-p): every thread it had is attached by
		 * now (new ones are, at their clone), so none can hit a trap
		 * untraced; no filter is injected at the window, since it
		 * would outlive the detach */
		if ((s = space_add(b, p->tgid, 0))) {
			s->open = !b->spec[LOC_FROM];
			for (int i = 0; i < NLOC; i++)
				if (b->spec[i])
					arm(t, s, p, i);
		}
	} else if (!s && p->tid == t->main_pid) {
		/* --until alone: the window is open from the start */
		if ((s = space_add(b, p->tgid, 0)))
			s->open = !b->spec[LOC_FROM];
	} else if (!s) {	/* a new process: its parent's copy */
		s = space_add(b, p->tgid, (pid_t)tbx_proc_status_num(p->tgid, "PPid", 0));
	}
	if (s && s->open && !(t->o.flags & TBX_TRACE_FROM_THREAD))
		p->flags |= P_WINDOW;
	set_cont(t, s, p);
}

/* ---- hits ---- */

/* Run p over the instruction at bp with the original byte in place and
 * everybody else stopped, then put the trap back. -1: p's next stop was
 * something else (a signal, its end), queued to be handled as usual. */
static int step_over(struct tbx_tracer *t, struct tbx_proc *p, struct bp *bp)
{
	static const uint8_t trap = TBX_ARCH_TRAP;
	int status = 0, e, r = 0;
	uint8_t now;

	tbx_uwrite(p->tid, bp->addr, &bp->orig, 1);
	if (t->procs.n > 1)
		tbx_freeze_others(t, p);
	for (int tries = 0; tries < 8; tries++) {
		if (ptrace(PTRACE_SINGLESTEP, p->tid, NULL, NULL) < 0)
			return 0;
		e = tbx_wait_tid(p->tid, &status, 1000);
		/* an interrupt of an earlier freeze came first: step again */
		if (e || !WIFSTOPPED(status) || status >> 16 != PTRACE_EVENT_STOP ||
		    WSTOPSIG(status) != SIGTRAP)
			break;
	}
	if (e) {
		tbx_log(&t->lg, TBX_LOG_WARN, "thread %d: single step over %#llx: %s;"
			" breakpoint dropped", p->tid, (unsigned long long)bp->addr,
			strerror(-e));
		bp->planted = false;
		return -1;
	}
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP || status >> 16) {
		tbx_replay_push(t, p->tid, status);
		r = -1;
	}
	if (tbx_umove(p->tid, bp->addr, &now, 1) == 0 && now == bp->orig)
		tbx_uwrite(p->tid, bp->addr, &trap, 1);
	return r;
}

int tbx_bps_trap(struct tbx_tracer *t, struct tbx_proc *p, const siginfo_t *si)
{
	struct tbx_bps *b = t->bps;
	struct space *s;
	struct bp *bp;
	uint64_t pc, sp, at;
	int sig = 0;
	bool keep;

	if (!b || si->si_code != SI_KERNEL || tbx_arch_get_pc(p->tid, &pc, &sp))
		return -1;
	at = pc - TBX_ARCH_TRAP_LEN;
	if (!(s = space_find(b, p->tgid)) || !(bp = bp_find(s, at)))
		return -1;
	if (!bp->planted) {
		uint8_t now;
		/* removed while this thread was hitting it, unless the trap
		 * there now is the program's own */
		if (tbx_umove(p->tid, at, &now, 1) || now == TBX_ARCH_TRAP)
			return -1;
		tbx_arch_set_pc(p->tid, at);
		return 0;
	}
	tbx_arch_set_pc(p->tid, at);
	if (bp->kinds & BP_START) {
		uint64_t main_at;
		unplant(bp, p->tid);
		bp->kinds = 0;
		if (tbx_arch_get_arg0(p->tid, &main_at) ||
		    plant(s, p->tid, main_at, BP_FROM))
			tbx_log(&t->lg, TBX_LOG_ERROR, "--from main: cannot find main"
				" from __libc_start_main");
		return 0;
	}
	if (bp->kinds & BP_FROM)
		window_open(t, s, p, at, sp, &sig);
	else if (bp->kinds & BP_UNTIL)
		window_close(t, s, p);
	else if ((bp->kinds & BP_RETURN) && s->open && p->tid == s->entered &&
		 sp > s->entry_sp)
		window_close(t, s, p);	/* the entry's own return, not a
					 * recursive call's */
	bp = bp_find(s, at);	/* planting may have moved the table */
	keep = (bp->kinds & (BP_UNTIL | BP_RETURN)) ||
	       ((bp->kinds & BP_FROM) &&
		(b->spec[LOC_UNTIL] || (t->o.flags & TBX_TRACE_UNTIL_RETURN)));
	if (!keep) {
		unplant(bp, p->tid);
		bp->kinds = 0;
		return sig;
	}
	if (bp->planted && step_over(t, p, bp) < 0)
		return TBX_BPS_QUEUED;
	return sig;
}

int tbx_bps_release(struct tbx_tracer *t, struct tbx_proc *p, int sig)
{
	struct space *s = t->bps ? space_find(t->bps, p->tgid) : NULL;
	siginfo_t si;
	uint64_t pc, sp;
	uint8_t now;

	if (!s)
		return sig;
	for (unsigned i = 0; i < s->nbp; i++) {
		unplant(&s->bp[i], p->tid);
		s->bp[i].kinds = 0;
	}
	/* a hit not handled yet: undone, as if the trap had never been */
	if (sig == SIGTRAP && ptrace(PTRACE_GETSIGINFO, p->tid, NULL, &si) == 0 &&
	    si.si_code == SI_KERNEL && tbx_arch_get_pc(p->tid, &pc, &sp) == 0 &&
	    bp_find(s, pc - TBX_ARCH_TRAP_LEN) &&
	    tbx_umove(p->tid, pc - TBX_ARCH_TRAP_LEN, &now, 1) == 0 &&
	    now != TBX_ARCH_TRAP) {
		tbx_arch_set_pc(p->tid, pc - TBX_ARCH_TRAP_LEN);
		return 0;
	}
	return sig;
}

void tbx_bps_finish(struct tbx_tracer *t)
{
	if (t->bps && t->bps->spec[LOC_FROM] && !t->bps->reached)
		tbx_log(&t->lg, TBX_LOG_WARN, "%s %s: never reached",
			loc_opt[LOC_FROM], t->bps->spec[LOC_FROM]);
}

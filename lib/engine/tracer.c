/* The stop loop: every ptrace stop becomes at most one event.
 *
 * Data flows one way: stop -> syscall info -> decode -> event -> caller.
 * Tracees are seized (PTRACE_SEIZE), so group-stops are told apart from
 * signal-delivery-stops and handled with PTRACE_LISTEN; no tracee is ever
 * left stopped: every path out of run() resumes or detaches. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "engine/engine.h"
#include "arch/arch.h"
#include "syscallent.h"
#include "procfs/procfs.h"

#define STRSIZE_DEFAULT 32

const int tbx_saved_sigs[TBX_SAVED_SIGS] = {
	SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGALRM,
};

static void finish_exclusive(struct tbx_tracer *t, pid_t tid, tbx_event_fn cb,
			     void *ctx);

/* Calls that change a process's mappings: its stack traces need its
 * module list read again. */
static const long map_calls[] = {
	TBX_NR64_mmap, TBX_NR64_mprotect, TBX_NR64_munmap, TBX_NR64_mremap,
	TBX_NR64_remap_file_pages, TBX_NR64_shmat, TBX_NR64_shmdt,
};

static bool changes_maps(const struct tbx_scinfo *si)
{
	if (si->arch != TBX_ARCH_X86_64)
		return false;
	for (size_t i = 0; i < sizeof(map_calls) / sizeof(map_calls[0]); i++)
		if (si->nr == map_calls[i])
			return true;
	return false;
}

void tbx_set_add_map_calls(uint8_t *set)
{
	for (size_t i = 0; i < sizeof(map_calls) / sizeof(map_calls[0]); i++)
		tbx_bit_set(set, (unsigned long)map_calls[i]);
}

/* The calls that stop: those shown, and with a trace set the ones the
 * engine needs without showing them, which the seccomp filter must let
 * it see (-k: mapping changes; --stealth: the calls it answers). */
static int stop_set_init(struct tbx_tracer *t)
{
	size_t setlen = (tbx_nsysent64 + 7) / 8;

	if (!t->set || !(t->o.flags & (TBX_TRACE_STACK | TBX_TRACE_STEALTH)))
		return 0;
	t->stop_set = malloc(setlen);
	if (!t->stop_set)
		return -ENOMEM;
	memcpy(t->stop_set, t->set, setlen);
	if (t->o.flags & TBX_TRACE_STACK)
		tbx_set_add_map_calls(t->stop_set);
	if (t->o.flags & TBX_TRACE_STEALTH)
		tbx_stealth_calls(t->stop_set);
	return 0;
}

int tbx_tracer_new(const struct tbx_tracer_opts *opts, tbx_tracer **out)
{
	struct tbx_tracer *t;
	size_t setlen = (tbx_nsysent64 + 7) / 8;
	int e;

	if (!opts || !out || opts->sz < offsetof(struct tbx_tracer_opts, log))
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	tbx_opts_copy(&t->o, sizeof(t->o), opts, opts->sz);
	if (!t->o.strsize)
		t->o.strsize = STRSIZE_DEFAULT;
	t->lg.fn = t->o.log;
	t->lg.ctx = t->o.log_ctx;
	if (opts->trace_set) {
		t->set = malloc(setlen);
		if (!t->set) {
			free(t);
			return -ENOMEM;
		}
		memcpy(t->set, opts->trace_set, setlen);
	}
	t->o.trace_set = NULL;
	/* a child left untraced would see its parent traced, and the
	 * stealth calls of the inherited filter fail there (ENOSYS) */
	if (t->o.flags & TBX_TRACE_STEALTH)
		t->o.flags |= TBX_TRACE_FOLLOW;
	e = stop_set_init(t);
	if (!e && (t->o.flags & TBX_TRACE_STACK) && !(t->unw = tbx_unwinder_new()))
		e = -ENOMEM;
	if (!e && (t->o.flags & TBX_TRACE_STEALTH))
		e = tbx_stealth_new(&t->stealth);
	if (!e)
		e = tbx_bps_new(t);
	if (e) {
		tbx_tracer_free(t);
		return e;
	}
	for (unsigned i = 0; i < TBX_SAVED_SIGS; i++)
		sigaction(tbx_saved_sigs[i], NULL, &t->saved_sa[i]);
	*out = t;
	return 0;
}

void tbx_tracer_free(tbx_tracer *t)
{
	if (!t)
		return;
	tbx_proctab_free(&t->procs);
	tbx_decode_free(&t->sigvb);
	tbx_filter_free(t->filter);
	free(t->set);
	free(t->stop_set);
	tbx_unwinder_free(t->unw);
	tbx_bps_free(t->bps);
	tbx_stealth_free(t->stealth);
	free(t->replay);
	free(t);
}

bool tbx_tracer_uses_seccomp(const tbx_tracer *t)
{
	return t && t->seccomp;
}

void tbx_tracer_stop(tbx_tracer *t)
{
	t->stop = 1;
}

int tbx_tracer_exit_status(const tbx_tracer *t, int *wstatus)
{
	if (!t || !t->main_done)
		return -ENOENT;
	*wstatus = t->main_status;
	return 0;
}

/* Outside a --from window nothing is shown and no policy is asked. */
static bool in_window(const struct tbx_tracer *t, const struct tbx_proc *p)
{
	return !t->bps || (p->flags & P_WINDOW);
}

static bool wanted(const struct tbx_tracer *t, const struct tbx_scinfo *si)
{
	if (!t->set || si->arch != TBX_ARCH_X86_64)
		return true;	/* foreign-arch calls are always shown */
	if (si->nr < 0 || (unsigned long)si->nr >= tbx_nsysent64)
		return true;
	return tbx_bit(t->set, (unsigned long)si->nr);
}

/* Resume a stopped tracee. Inside a call we need its exit stop; elsewhere,
 * with the seccomp fast path, only the filter stops it. */
static int resume(struct tbx_tracer *t, struct tbx_proc *p, int sig)
{
	enum __ptrace_request req = PTRACE_SYSCALL;

	/* per process: before a --from window nothing needs to stop */
	if ((p->flags & P_CONT) && !(p->flags & P_IN_SYSCALL))
		req = PTRACE_CONT;
	if (ptrace(req, p->tid, NULL, (void *)(long)sig) < 0)
		return -errno;
	return 0;
}

static void ev_init(struct tbx_event *ev, enum tbx_event_kind kind,
		    const struct tbx_proc *p)
{
	memset(ev, 0, sizeof(*ev));
	ev->sz = sizeof(*ev);
	ev->kind = kind;
	ev->pid = p->tgid;
	ev->tid = p->tid;
	clock_gettime(CLOCK_REALTIME, &ev->ts);
	clock_gettime(CLOCK_MONOTONIC, &ev->mono);
}

static void fill_sc(struct tbx_event *ev, struct tbx_proc *p)
{
	struct tbx_syscall_ev *sc = &ev->sc;
	const struct tbx_dctx *d = &p->d;
	static __thread char unk[48];

	sc->nr = d->nr;
	sc->arch = d->arch;
	if (d->ent) {
		sc->name = d->ent->name;
		sc->nargs = d->ent->nargs;
	} else {
		snprintf(unk, sizeof(unk), "syscall_%#lx", (unsigned long)d->nr);
		sc->name = unk;
		sc->nargs = 6;
	}
	memcpy(sc->args, d->a, sizeof(sc->args));
	sc->vals = p->vb.v;
	sc->nvals = p->vb.n;
	sc->data = p->vb.data;
	sc->nvals_enter = p->nvals_enter;
	sc->nargs_enter = p->nargs_enter;
	sc->more_at_exit = p->more_at_exit;
	sc->exit_sep = p->exit_sep;
	sc->rval = d->rval;
	sc->t_enter = p->t_enter;
	sc->mono_enter = p->mono_enter;
	sc->rcomment_off = d->rcomment_off;
	sc->rcomment_len = d->rcomment_len;
}

static int emit(struct tbx_tracer *t, tbx_event_fn cb, void *ctx,
		struct tbx_event *ev)
{
	ev->nprocs = t->procs.n;
	if (cb && cb(ev, ctx))
		t->stop = 1;
	return 0;
}

/* Skip a denied or faked call: it never runs, and its exit stop gets the
 * chosen result. */
static void apply_entry_verdict(struct tbx_tracer *t, struct tbx_proc *p)
{
	struct tbx_verdict *v = &p->verdict;

	if (v->audit)
		return;
	switch (v->kind) {
	case TBX_VERDICT_DENY:
	case TBX_VERDICT_FAKE:
		p->forced = v->kind == TBX_VERDICT_DENY ? -(int64_t)v->err : v->value;
		if (tbx_arch_skip_syscall(p->tid, p->forced) < 0) {
			/* cannot skip it: never let it run */
			kill(p->tgid, SIGKILL);
			return;
		}
		p->flags |= P_FORCED;
		break;
	case TBX_VERDICT_KILL:
		kill(p->tgid, SIGKILL);
		break;
	case TBX_VERDICT_ALLOW:
		if ((v->replace &&
		     tbx_arch_set_call(p->tid, v->repl_nr, v->repl_args) < 0) ||
		    (v->path && tbx_arch_set_string_arg(p->tid, v->arg, v->path) < 0)) {
			/* the call must not reach the unrewritten path */
			tbx_arch_set_syscall(p->tid, -1);
			p->forced = -EFAULT;
			p->flags |= P_FORCED;
		}
		break;
	default:
		break;
	}
	(void)t;
}

static void syscall_enter(struct tbx_tracer *t, struct tbx_proc *p,
			  const struct tbx_scinfo *si, tbx_event_fn cb, void *ctx)
{
	struct tbx_dctx *d = &p->d;
	struct tbx_event ev;

	p->flags |= P_IN_SYSCALL;
	p->flags &= ~P_SKIP_EXIT;
	if ((t->unw || t->bps) && changes_maps(si)) {
		p->flags |= P_MAP_CHANGE;
		tbx_unwinder_invalidate(t->unw, p->tgid);
	}
	if ((p->flags & P_HIDE) && si->arch == TBX_ARCH_X86_64 &&
	    si->nr == TBX_NR64_execve)
		p->flags &= ~P_HIDE;
	memset(&p->verdict, 0, sizeof(p->verdict));
	if (t->stealth && !(p->flags & P_HIDE))
		tbx_stealth_enter(t, p, si, &p->verdict);
	if ((p->flags & P_HIDE) || !in_window(t, p) || !wanted(t, si)) {
		p->flags |= P_SKIP_EXIT;
		apply_entry_verdict(t, p);	/* stealth's, for a call not shown */
		return;
	}
	memset(d, 0, sizeof(*d));
	d->tid = p->tid;
	d->arch = si->arch;
	d->nr = si->nr;
	d->ent = tbx_sysent_get(si->arch, si->nr);
	memcpy(d->a, si->args, sizeof(d->a));
	d->strsize = t->o.strsize;
	d->verbose = t->o.flags & TBX_TRACE_VERBOSE;
	d->fd_paths = t->o.flags & TBX_TRACE_FD_PATHS;
	d->rval = TBX_RV_DEC;
	d->vb = &p->vb;
	tbx_decode_reset(&p->vb);
	if (t->o.flags & TBX_TRACE_DECODE)
		tbx_decode_syscall(d);
	p->nvals_enter = p->vb.n;
	p->nargs_enter = p->vb.top;
	p->more_at_exit = (t->o.flags & TBX_TRACE_DECODE) && d->ent &&
			  !d->no_exit_args && p->nargs_enter < d->ent->nargs;
	p->exit_sep = d->exit_sep;
	ev_init(&ev, TBX_EV_SYSCALL_ENTER, p);
	p->t_enter = ev.ts;
	p->mono_enter = ev.mono;
	fill_sc(&ev, p);
	if (t->o.policy) {
		struct tbx_verdict sv = p->verdict;	/* stealth's, if any */

		memset(&p->verdict, 0, sizeof(p->verdict));
		t->o.policy(&ev, &p->verdict, t->o.policy_ctx);
		if (p->verdict.exclusive && !p->verdict.audit && t->procs.n > 1) {
			/* check again with nobody else running */
			int e = tbx_freeze_others(t, p);
			memset(&p->verdict, 0, sizeof(p->verdict));
			if (e) {
				p->verdict.kind = TBX_VERDICT_DENY;
				p->verdict.err = EAGAIN;
				p->verdict.rule = "sandbox: other tracees did not stop for a checked call";
			} else {
				t->o.policy(&ev, &p->verdict, t->o.policy_ctx);
			}
			p->flags |= P_EXCLUSIVE;
		}
		tbx_stealth_merge(&sv, &p->verdict);
	}
	apply_entry_verdict(t, p);
	ev.sc.verdict = p->verdict;
	emit(t, cb, ctx, &ev);
}

/* -y: the path of a returned fd, "= 3</etc/passwd>" */
static void fd_path_comment(struct tbx_dctx *d)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/fd/%lld", d->tid, (long long)d->ret);
	n = readlink(link, path, sizeof(path) - 1);
	if (n > 0)
		dv_retcomment(d, "<%.*s>", (int)n, path);
}

static void syscall_exit(struct tbx_tracer *t, struct tbx_proc *p,
			 const struct tbx_scinfo *si, tbx_event_fn cb, void *ctx)
{
	struct tbx_dctx *d = &p->d;
	struct tbx_event ev;
	struct tbx_scinfo forced;
	bool skip = p->flags & P_SKIP_EXIT;

	if (p->flags & P_MAP_CHANGE) {	/* again: another thread may have
					 * unwound while it ran */
		tbx_unwinder_invalidate(t->unw, p->tgid);
		if (si && !si->is_error)
			tbx_bps_maps_changed(t, p);
	}
	p->flags &= ~(P_IN_SYSCALL | P_SKIP_EXIT | P_MAP_CHANGE);
	if (t->stealth)
		tbx_stealth_exit(t, p);
	if (skip) {
		if (si && (p->flags & P_FORCED))	/* stealth's answer, unseen */
			tbx_arch_set_return(p->tid, p->forced);
		p->flags &= ~P_FORCED;
		return;
	}
	if (!si) {		/* the tracee is gone: "= ?" */
		ev_init(&ev, TBX_EV_SYSCALL_EXIT, p);
		fill_sc(&ev, p);
		ev.sc.ret_unknown = true;
		emit(t, cb, ctx, &ev);
		return;
	}
	if (p->flags & P_FORCED) {
		p->flags &= ~P_FORCED;
		tbx_arch_set_return(p->tid, p->forced);
		forced = *si;
		forced.rval = p->forced;
		forced.is_error = p->forced < 0 && p->forced >= -4095;
		si = &forced;
	}
	d->exiting = true;
	d->ret = si->rval;
	d->err = si->is_error ? (int)-si->rval : 0;
	if (t->o.flags & TBX_TRACE_DECODE) {
		tbx_decode_syscall(d);
		if (d->rval == TBX_RV_FD && d->fd_paths && !d->err && d->ret >= 0)
			fd_path_comment(d);
	}
	ev_init(&ev, TBX_EV_SYSCALL_EXIT, p);
	fill_sc(&ev, p);
	ev.sc.ret = si->rval;
	ev.sc.err = d->err;
	ev.sc.verdict = p->verdict;
	if (t->unw) {	/* stopped now: its stack is the call's */
		tbx_unwind(t->unw, p->tgid, p->tid, t->frames, TBX_STACK_MAX,
			   &ev.sc.nframes);
		ev.sc.frames = t->frames;
	}
	if (t->o.policy && p->verdict.kind == TBX_VERDICT_ALLOW) {
		t->o.policy(&ev, &p->verdict, t->o.policy_ctx);
		if (p->verdict.kind == TBX_VERDICT_REWRITE && !p->verdict.audit &&
		    tbx_arch_set_return(p->tid, p->verdict.value) == 0) {
			ev.sc.ret = p->verdict.value;
			ev.sc.err = p->verdict.value < 0 && p->verdict.value >= -4095 ?
				    (int)-p->verdict.value : 0;
		}
		ev.sc.verdict = p->verdict;
	}
	emit(t, cb, ctx, &ev);
}

/* A syscall stop (TRACESYSGOOD) or a seccomp stop. */
static void syscall_stop(struct tbx_tracer *t, struct tbx_proc *p,
			 tbx_event_fn cb, void *ctx)
{
	struct tbx_scinfo si;
	int e = tbx_arch_syscall_info(p->tid, &si);

	if (e) {
		if (e != -ESRCH)
			tbx_log(&t->lg, TBX_LOG_WARN,
				"PTRACE_GET_SYSCALL_INFO on %d: %s", p->tid, strerror(-e));
		resume(t, p, 0);
		return;
	}
	switch (si.op) {
	case TBX_SC_SECCOMP:
		/* stopping at every call (a --from window without a filter of
		 * ours) in a process with a filter: its seccomp stop comes
		 * after the entry stop of the same call */
		if ((p->flags & (P_IN_SYSCALL | P_CONT)) == P_IN_SYSCALL)
			break;
		/* fall through */
	case TBX_SC_ENTRY:
		if (p->flags & P_IN_SYSCALL)	/* lost an exit: don't leak it */
			syscall_exit(t, p, NULL, cb, ctx);
		syscall_enter(t, p, &si, cb, ctx);
		/* skipped at a seccomp stop: its result is in place already
		 * (tbx_arch_skip_syscall), no exit stop needed */
		if (si.op == TBX_SC_SECCOMP && !(p->flags & P_EXCLUSIVE) &&
		    (p->flags & (P_FORCED | P_CONT)) == (P_FORCED | P_CONT)) {
			struct tbx_scinfo done = { .op = TBX_SC_EXIT, .rval = p->forced,
						   .is_error = p->forced < 0 && p->forced >= -4095 };
			p->flags &= ~P_FORCED;
			syscall_exit(t, p, &done, cb, ctx);
		}
		break;
	case TBX_SC_EXIT:
		if (!(p->flags & P_IN_SYSCALL))
			/* attached in the middle of a call: its entry was
			 * never seen, so there is nothing to complete */
			p->flags |= P_IN_SYSCALL | P_SKIP_EXIT;
		syscall_exit(t, p, &si, cb, ctx);
		break;
	default:
		break;
	}
	if (p->flags & P_EXCLUSIVE) {
		pid_t tid = p->tid;
		p->flags &= ~P_EXCLUSIVE;
		resume(t, p, 0);
		finish_exclusive(t, tid, cb, ctx);
		return;
	}
	resume(t, p, 0);
}

static void on_exec(struct tbx_tracer *t, struct tbx_proc *p, tbx_event_fn cb,
		    void *ctx)
{
	unsigned long old = 0;
	struct tbx_proc *o;

	p->flags &= ~P_HIDE;
	if (ptrace(PTRACE_GETEVENTMSG, p->tid, NULL, &old) < 0 || (pid_t)old == p->tid)
		return;
	/* execve in a non-leader thread: the thread now has the leader's tid;
	 * carry its call in progress over, drop the old record. */
	o = tbx_proc_find(&t->procs, (pid_t)old);
	if (o) {
		struct tbx_event ev;

		/* the leader's own call ends here: "<... pause resumed>) = ?" */
		if (p->flags & P_IN_SYSCALL)
			syscall_exit(t, p, NULL, cb, ctx);
		tbx_decode_free(&p->vb);
		p->vb = o->vb;
		memset(&o->vb, 0, sizeof(o->vb));
		p->d = o->d;
		p->d.vb = &p->vb;
		p->d.tid = p->tid;
		p->t_enter = o->t_enter;
		p->mono_enter = o->mono_enter;
		p->nvals_enter = o->nvals_enter;
		p->nargs_enter = o->nargs_enter;
		p->more_at_exit = o->more_at_exit;
		p->exit_sep = o->exit_sep;
		p->flags = (p->flags & ~(P_IN_SYSCALL | P_SKIP_EXIT)) |
			   (o->flags & (P_IN_SYSCALL | P_SKIP_EXIT));
		ev_init(&ev, TBX_EV_EXEC_PID, p);
		ev.status = (int)old;
		emit(t, cb, ctx, &ev);
		tbx_proc_del(&t->procs, o);
	}
}

static void on_new_child(struct tbx_tracer *t, struct tbx_proc *parent)
{
	unsigned long msg = 0;
	struct tbx_proc *c;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) < 0 || !msg)
		return;
	c = tbx_proc_add(&t->procs, (pid_t)msg);
	if (!c) {
		tbx_log(&t->lg, TBX_LOG_ERROR, "out of memory: killing %lu", msg);
		kill((pid_t)msg, SIGKILL);
		return;
	}
	c->flags |= parent->flags & P_ATTACHED;
	tbx_uncolocate(t);
}

static void on_gone(struct tbx_tracer *t, struct tbx_proc *p, int status,
		    tbx_event_fn cb, void *ctx)
{
	struct tbx_event ev;

	if (p->flags & P_IN_SYSCALL)
		syscall_exit(t, p, NULL, cb, ctx);
	if (WIFEXITED(status)) {
		ev_init(&ev, TBX_EV_EXITED, p);
		ev.status = WEXITSTATUS(status);
	} else {
		ev_init(&ev, TBX_EV_KILLED, p);
		ev.status = WTERMSIG(status);
		ev.core = WCOREDUMP(status);
	}
	if (p->tid == p->tgid)
		tbx_unwinder_forget(t->unw, p->tgid);
	if (p->tid == t->main_pid) {
		t->main_status = status;
		t->main_done = true;
	}
	if (!(p->flags & P_HIDE))
		emit(t, cb, ctx, &ev);
	tbx_proc_del(&t->procs, p);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void handle_stop(struct tbx_tracer *t, struct tbx_proc *p, int status,
			tbx_event_fn cb, void *ctx)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	struct tbx_event ev;

	if (!(p->flags & P_STARTED)) {
		p->flags |= P_STARTED;
		if (p->tgid == p->tid)
			p->tgid = (pid_t)tbx_proc_status_num(p->tid, "Tgid", p->tid);
		if (t->seccomp && !(p->flags & P_ATTACHED))
			p->flags |= P_CONT;	/* the filter is inherited */
		tbx_bps_new_tracee(t, p);
	}
	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(t, p, cb, ctx);
		return;
	}
	switch (event) {
	case 0:
		break;
	case PTRACE_EVENT_SECCOMP:
		syscall_stop(t, p, cb, ctx);
		return;
	case PTRACE_EVENT_VFORK:
		p->flags |= P_VFORK_WAIT;
		/* fall through */
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_CLONE:
		on_new_child(t, p);
		resume(t, p, 0);
		return;
	case PTRACE_EVENT_VFORK_DONE:
		p->flags &= ~P_VFORK_WAIT;
		resume(t, p, 0);
		return;
	case PTRACE_EVENT_EXEC:
		tbx_unwinder_forget(t->unw, p->tgid);
		on_exec(t, p, cb, ctx);
		tbx_bps_exec(t, p);
		ev_init(&ev, TBX_EV_EXEC, p);
		emit(t, cb, ctx, &ev);
		resume(t, p, 0);
		return;
	case PTRACE_EVENT_EXIT:
		if (!(p->flags & P_HIDE)) {
			ev_init(&ev, TBX_EV_EXITING, p);
			emit(t, cb, ctx, &ev);
		}
		resume(t, p, 0);
		return;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig)) {
			/* group-stop: stay stopped but keep listening */
			if (!(p->flags & P_HIDE) && !(p->flags & P_GROUP_STOP)) {
				ev_init(&ev, TBX_EV_STOPPED, p);
				ev.sig = sig;
				emit(t, cb, ctx, &ev);
			}
			p->flags |= P_GROUP_STOP;
			ptrace(PTRACE_LISTEN, p->tid, NULL, NULL);
			return;
		}
		p->flags &= ~P_GROUP_STOP;
		resume(t, p, 0);
		return;
	default:
		resume(t, p, 0);
		return;
	}
	/* signal-delivery-stop: show it, deliver it unchanged */
	p->flags &= ~P_GROUP_STOP;
	ev_init(&ev, TBX_EV_SIGNAL, p);
	ev.sig = sig;
	if (ptrace(PTRACE_GETSIGINFO, p->tid, NULL, &ev.si) < 0) {
		/* no siginfo: a group-stop of an older kernel; just go on */
		resume(t, p, 0);
		return;
	}
	if (sig == SIGTRAP && t->bps) {
		int r = tbx_bps_trap(t, p, &ev.si);

		if (r == TBX_BPS_QUEUED)
			return;
		if (r >= 0) {
			resume(t, p, r);
			return;
		}
	}
	if (!(p->flags & P_HIDE) && in_window(t, p)) {
		if (t->o.flags & TBX_TRACE_DECODE) {
			struct tbx_dctx d = { .tid = p->tid, .vb = &t->sigvb,
					      .strsize = t->o.strsize };
			tbx_decode_reset(&t->sigvb);
			dv_siginfo(&d, &ev.si);
			ev.sc.vals = t->sigvb.v;
			ev.sc.nvals = t->sigvb.n;
			ev.sc.data = t->sigvb.data;
		}
		emit(t, cb, ctx, &ev);
	}
	resume(t, p, sig);
}

/* Detach from attached tracees and kill spawned ones: nothing is left
 * stopped, and a signal pending in a stop is handed back on detach. */
/* One stopped (or gone) tracee while letting go: attached ones are
 * detached with their pending signal, spawned ones killed. */
static void release_one(struct tbx_tracer *t, struct tbx_proc *p, int status,
			tbx_event_fn cb, void *ctx)
{
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		on_gone(t, p, status, cb, ctx);
		return;
	}
	if (p->flags & P_ATTACHED) {
		int sig = WSTOPSIG(status);
		int event = (unsigned)status >> 16;
		int deliver = 0;
		struct tbx_event ev;

		if (!event && sig != (SIGTRAP | 0x80))
			deliver = sig;	/* a real signal: keep it */
		deliver = tbx_bps_release(t, p, deliver);
		/* group-stopped ones stay stopped: nothing to deliver */
		ptrace(PTRACE_DETACH, p->tid, NULL, (void *)(long)deliver);
		ev_init(&ev, TBX_EV_DETACHED, p);
		/* a call in progress stays unfinished: "<detached ...>" */
		if ((p->flags & P_IN_SYSCALL) && !(p->flags & P_SKIP_EXIT)) {
			fill_sc(&ev, p);
			ev.status = 1;
		}
		emit(t, cb, ctx, &ev);
		tbx_proc_del(&t->procs, p);
	} else {
		kill(p->tid, SIGKILL);
		ptrace(PTRACE_CONT, p->tid, NULL, NULL);
	}
}

static bool replay_pop(struct tbx_tracer *t, pid_t *pid, int *status)
{
	if (t->replay_head >= t->nreplay) {
		t->replay_head = t->nreplay = 0;
		return false;
	}
	*pid = t->replay[t->replay_head].tid;
	*status = t->replay[t->replay_head].status;
	t->replay_head++;
	return true;
}

int tbx_replay_push(struct tbx_tracer *t, pid_t tid, int status)
{
	if (t->nreplay == t->capreplay) {
		unsigned cap = t->capreplay ? t->capreplay * 2 : 64;
		void *n = realloc(t->replay, cap * sizeof(*t->replay));
		if (!n)
			return -ENOMEM;
		t->replay = n;
		t->capreplay = cap;
	}
	t->replay[t->nreplay].tid = tid;
	t->replay[t->nreplay].status = status;
	t->nreplay++;
	return 0;
}

/* Detach from attached tracees and kill spawned ones: nothing is left
 * stopped, and a signal pending in a stop is handed back on detach. */
static void release_all(struct tbx_tracer *t, tbx_event_fn cb, void *ctx)
{
	struct tbx_proc *p;
	unsigned i;
	pid_t pid;
	int status;

	/* tracees stopped for an exclusive call: their stop is known */
	while (replay_pop(t, &pid, &status)) {
		p = tbx_proc_find(&t->procs, pid);
		if (p) {
			p->flags &= ~P_FROZEN;
			release_one(t, p, status, cb, ctx);
		}
	}
	tbx_proctab_each(&t->procs, i, p) {
		if (!(p->flags & P_ATTACHED))
			kill(p->tid, SIGKILL);
		else
			ptrace(PTRACE_INTERRUPT, p->tid, NULL, NULL);
	}
	/* Reap until every attached tracee has been detached; bounded. */
	for (int rounds = 0; t->procs.n && rounds < 100000; rounds++) {
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		p = tbx_proc_find(&t->procs, pid);
		if (p)
			release_one(t, p, status, cb, ctx);
	}
}

static void sleep_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stop every tracee but self, so that a check made now cannot be raced:
 * no other thread can rewrite the call's arguments, no other process
 * swap a symlink. Their stops are kept and handled after the call. */
int tbx_freeze_others(struct tbx_tracer *t, struct tbx_proc *self)
{
	struct tbx_proc *q;
	unsigned i, waiting = 0;
	double deadline = now_s() + 2.0;

	tbx_proctab_each(&t->procs, i, q) {
		/* a vfork parent cannot run until its child execs or exits;
		 * a tracee that cannot be interrupted (a zombie leader) cannot
		 * run either */
		if (q == self || (q->flags & (P_FROZEN | P_FREEZING | P_VFORK_WAIT)))
			continue;
		if (ptrace(PTRACE_INTERRUPT, q->tid, NULL, NULL) < 0)
			continue;
		q->flags |= P_FREEZING;
		waiting++;
	}
	while (waiting) {
		int status;
		pid_t pid = waitpid(-1, &status, __WALL | WNOHANG);

		if (pid > 0) {
			if (tbx_replay_push(t, pid, status))
				return -ENOMEM;
			/* whoever reported is stopped until its stop is replayed,
			 * a new thread not known yet included */
			q = tbx_proc_find(&t->procs, pid);
			if (!q && WIFSTOPPED(status)) {
				q = tbx_proc_add(&t->procs, pid);
				if (q)
					tbx_uncolocate(t);
			}
			if (!q)
				continue;
			if (q->flags & P_FREEZING)
				waiting--;
			q->flags = (q->flags & ~P_FREEZING) | P_FROZEN;
			continue;
		}
		if (pid < 0 && errno != EINTR)
			break;
		if (now_s() > deadline)
			break;
		sleep_us(20);
	}
	tbx_proctab_each(&t->procs, i, q)
		q->flags &= ~P_FREEZING;
	return waiting ? -ETIMEDOUT : 0;
}

/* The exclusive call was let go: wait (bounded) for its exit stop before
 * the others run again. A call that blocks longer releases them anyway. */
static void finish_exclusive(struct tbx_tracer *t, pid_t tid, tbx_event_fn cb,
			     void *ctx)
{
	double deadline = now_s() + 1.0;
	struct tbx_proc *p;
	int status;

	for (;;) {
		pid_t pid = waitpid(tid, &status, __WALL | WNOHANG);
		if (pid == tid)
			break;
		if ((pid < 0 && errno != EINTR) || now_s() > deadline)
			return;
		sleep_us(5);
	}
	p = tbx_proc_find(&t->procs, tid);
	if (!p)
		return;
	if (WIFEXITED(status) || WIFSIGNALED(status))
		on_gone(t, p, status, cb, ctx);
	else
		handle_stop(t, p, status, cb, ctx);
}

int tbx_tracer_run(tbx_tracer *t, tbx_event_fn cb, void *ctx)
{
	if (!t)
		return -EINVAL;
	while (t->procs.n) {
		int status;
		pid_t pid;
		struct tbx_proc *p;

		if (t->stop) {
			release_all(t, cb, ctx);
			break;
		}
		if (replay_pop(t, &pid, &status)) {
			p = tbx_proc_find(&t->procs, pid);
			if (p)
				p->flags &= ~P_FROZEN;
		} else {
			pid = waitpid(-1, &status, __WALL);
		}
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			return -errno;
		}
		p = tbx_proc_find(&t->procs, pid);
		if (!p) {
			/* a new child may stop before its parent's fork event */
			if (!WIFSTOPPED(status))
				continue;
			p = tbx_proc_add(&t->procs, pid);
			if (!p) {
				kill(pid, SIGKILL);
				continue;
			}
			tbx_uncolocate(t);
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			on_gone(t, p, status, cb, ctx);
			continue;
		}
		handle_stop(t, p, status, cb, ctx);
	}
	if (t->stop && t->procs.n)
		release_all(t, cb, ctx);
	tbx_bps_finish(t);
	return 0;
}

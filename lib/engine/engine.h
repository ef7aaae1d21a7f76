/* The tracer engine: process table and stop loop. */
#ifndef TBX_ENGINE_H
#define TBX_ENGINE_H
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracebox/tracebox.h"
#include "decode/decode.h"
#include "util/util.h"
#include "stack/stack.h"

enum {
	P_IN_SYSCALL = 1 << 0,	/* entry seen, exit pending */
	P_HIDE = 1 << 1,	/* spawned, before its execve: show nothing */
	P_ATTACHED = 1 << 2,	/* by -p: detach, never kill */
	P_STARTED = 1 << 3,	/* first stop seen */
	P_SKIP_EXIT = 1 << 4,	/* entry not shown: don't show exit */
	P_GROUP_STOP = 1 << 5,	/* in group-stop (PTRACE_LISTEN) */
	P_FORCED = 1 << 6,	/* call skipped: .forced is its result */
	P_EXCLUSIVE = 1 << 7,	/* the others are frozen until this call's exit */
	P_FREEZING = 1 << 8,	/* interrupted, stop not collected yet */
	P_FROZEN = 1 << 9,	/* stopped; its stop waits in the replay queue */
	P_VFORK_WAIT = 1 << 10,	/* vfork parent, blocked until VFORK_DONE */
	P_MAP_CHANGE = 1 << 11,	/* in a call that changes mappings (-k,
				 * breakpoints waiting for a library) */
	P_SEIZED = 1 << 12,	/* by -p itself, not a child of one: no trap
				 * of ours in its memory yet */
	P_CONT = 1 << 20,	/* between calls, PTRACE_CONT: a seccomp filter
				 * stops what we need, or nothing is needed */
	P_WINDOW = 1 << 21,	/* inside the --from window: calls are shown */
};

struct tbx_proc {
	pid_t tid;
	pid_t tgid;
	unsigned flags;
	struct tbx_dctx d;	/* the call in progress */
	struct timespec t_enter, mono_enter;
	struct tbx_vbuf vb;
	unsigned nvals_enter, nargs_enter;
	bool more_at_exit, exit_sep;
	int64_t forced;
	struct tbx_verdict verdict;
	unsigned stealth;	/* --stealth state (lib/engine/stealth.c) */
};

struct tbx_proctab {
	struct tbx_proc **slot;	/* open addressing by tid */
	unsigned cap, n, tomb;
};

struct tbx_proc *tbx_proc_find(struct tbx_proctab *pt, pid_t tid);
struct tbx_proc *tbx_proc_add(struct tbx_proctab *pt, pid_t tid);
void tbx_proc_del(struct tbx_proctab *pt, struct tbx_proc *p);
void tbx_proctab_free(struct tbx_proctab *pt);
#define tbx_proctab_each(pt, i, p) \
	for ((i) = 0; (i) < (pt)->cap; (i)++) \
		if (((p) = (pt)->slot[i]) && (p) != TBX_PROC_TOMB)
extern struct tbx_proc tbx_proc_tomb;
#define TBX_PROC_TOMB (&tbx_proc_tomb)

/* Signals a tracing program commonly catches or ignores for itself. */
#define TBX_SAVED_SIGS 6
extern const int tbx_saved_sigs[TBX_SAVED_SIGS];

struct tbx_tracer {
	struct tbx_tracer_opts o;
	struct tbx_logger lg;
	uint8_t *set;		/* syscalls to show, NULL = all */
	uint8_t *stop_set;	/* set + calls the engine needs (stop_set_init) */
	bool seccomp;		/* fast path in use */
	struct tbx_proctab procs;
	pid_t main_pid;
	int main_status;
	bool main_done;
	bool spawned;
	volatile sig_atomic_t stop;
	void *filter;		/* struct sock_fprog for the child */
	struct tbx_vbuf sigvb;	/* decoded siginfo of the last signal */
	struct { pid_t tid; int status; } *replay;	/* stops to handle next */
	unsigned nreplay, capreplay, replay_head;
	bool colocated;		/* TBX_TRACE_COLOCATE in effect */
	struct sigaction saved_sa[6];	/* tbx_saved_sigs as we found them */
	cpu_set_t cpus;		/* the affinity to give back */
	struct tbx_unwinder *unw;	/* -k */
	struct tbx_stealth *stealth;	/* --stealth */
	struct tbx_frame frames[TBX_STACK_MAX];
	struct tbx_bps *bps;	/* --from/--until, or NULL */
};

/* tracer.c, for the breakpoints: stop every tracee but self (their stops
 * are replayed afterwards), and queue a stop to handle next. */
int tbx_freeze_others(struct tbx_tracer *t, struct tbx_proc *self);
int tbx_replay_push(struct tbx_tracer *t, pid_t tid, int status);
/* Add the calls that change mappings to a syscall bitmap. */
void tbx_set_add_map_calls(uint8_t *set);

/* Breakpoints and the --from window (breakpoint.c). Every hook is a no-op
 * without t->bps. */
int tbx_bps_new(struct tbx_tracer *t);
void tbx_bps_free(struct tbx_bps *b);
/* At spawn, before the fork: the symbols are in the program at path
 * (-EADDRNOTAVAIL, logged), and the filters are set: nothing but
 * mapping calls (for a library not mapped yet) stops before the window;
 * the trace filter t->filter waits for it. */
int tbx_bps_spawn(struct tbx_tracer *t, const char *path);
/* First stop of a tracee: its process's breakpoints (a forked child has
 * the int3 bytes too), its window state and resume mode. */
void tbx_bps_new_tracee(struct tbx_tracer *t, struct tbx_proc *p);
/* After execve: the first program run that has the symbols (not a
 * script's interpreter, env or a shim) gets the breakpoints; any later
 * execve drops that process's (its memory is new). */
void tbx_bps_exec(struct tbx_tracer *t, struct tbx_proc *p);
/* At the exit of a call that changed mappings: arm what waits for a
 * library. */
void tbx_bps_maps_changed(struct tbx_tracer *t, struct tbx_proc *p);
/* A SIGTRAP signal-delivery-stop: -1 when not one of our breakpoints
 * (deliver it), else handled, and the signal to resume with (0). */
int tbx_bps_trap(struct tbx_tracer *t, struct tbx_proc *p, const siginfo_t *si);
#define TBX_BPS_QUEUED (-2)	/* handled; the thread's next stop is queued */
/* p, attached (-p) and stopped, is being detached with signal sig: no
 * trap of ours stays in its process, and a hit of one not handled yet is
 * undone. The signal to detach with (0 for such a hit). */
int tbx_bps_release(struct tbx_tracer *t, struct tbx_proc *p, int sig);
/* End of run: log the locations never reached. */
void tbx_bps_finish(struct tbx_tracer *t);

/* seccomp filter for the trace set (lib/filter/). */
int tbx_filter_trace_build(const uint8_t *set, unsigned nbits, void **fprog);
void tbx_filter_free(void *fprog);
/* A libseccomp context as a struct sock_fprog to install later. */
int tbx_filter_export(void *scmp_ctx, void **fprog);
int tbx_filter_install(const void *fprog);	/* in the child: async-signal-safe */
int tbx_child_confine(const struct tbx_tracer *t);	/* in the child, before exec */
void tbx_uncolocate(struct tbx_tracer *t);
/* --stealth (lib/engine/stealth.c): the calls it answers, which stop
 * whether shown or not; its decision at a call's entry, made before the
 * policy hook's and merged with it; the end of the call. */
struct tbx_scinfo;
int tbx_stealth_new(struct tbx_stealth **out);
void tbx_stealth_free(struct tbx_stealth *s);
void tbx_stealth_calls(uint8_t *set);
void tbx_stealth_enter(struct tbx_tracer *t, struct tbx_proc *p,
		       const struct tbx_scinfo *si, struct tbx_verdict *v);
void tbx_stealth_merge(const struct tbx_verdict *sv, struct tbx_verdict *v);
void tbx_stealth_exit(struct tbx_tracer *t, struct tbx_proc *p);
/* The file execvp would run for name (PATH search): 0 or -errno. */
int tbx_find_program(const char *name, char *out, size_t cap);

#endif

/* libtracebox — ptrace-based tracing, decoding and output.
 *
 * Conventions: opaque handles; every function returns 0 or a negative errno
 * and never prints or exits (diagnostics go to the log callback); options
 * structs carry their own size so they can grow; destructors accept NULL.
 */
#ifndef TRACEBOX_H
#define TRACEBOX_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TBX_API __attribute__((visibility("default")))

enum tbx_log_level { TBX_LOG_ERROR, TBX_LOG_WARN, TBX_LOG_INFO, TBX_LOG_DEBUG };
typedef void (*tbx_log_fn)(enum tbx_log_level level, const char *msg, void *ctx);

/* ---- syscall table -------------------------------------------------- */

enum tbx_arch { TBX_ARCH_X86_64, TBX_ARCH_I386, TBX_ARCH_X32 };

/* Number of entries in the native (x86_64) syscall table. */
TBX_API unsigned tbx_syscall_count(void);
/* Name of native syscall nr, or NULL. */
TBX_API const char *tbx_syscall_name(enum tbx_arch arch, long nr);
/* Native number of a syscall name, or -ENOENT. */
TBX_API long tbx_syscall_lookup(const char *name);
/* Class bits of native syscall nr (lib/decode/sysent.h). */
TBX_API unsigned tbx_syscall_classes(long nr);
/* Parse a strace-style -e trace= expression ("open,%file,!close,/^stat")
 * into a bitmap of tbx_syscall_count() bits. On error returns -EINVAL and
 * points *bad at the offending word. */
TBX_API int tbx_syscall_set_parse(const char *expr, uint8_t *bitmap,
				  const char **bad);

/* ---- decoded values ------------------------------------------------- */

/* A decoded argument is a flat sequence of values: scalars, and
 * STRUCT/ARRAY openers closed by END. Text, JSON and other formats are
 * renderings of the same sequence. */
enum tbx_vkind {
	TBX_V_INT,	/* .i, signed decimal */
	TBX_V_UINT,	/* .u, unsigned decimal */
	TBX_V_HEX,	/* .u, 0x... */
	TBX_V_OCT,	/* .u, 0... */
	TBX_V_PTR,	/* .u, NULL or 0x... */
	TBX_V_STR,	/* bytes; TBX_VF_TRUNC: more followed */
	TBX_V_NAME,	/* symbolic text for .u: AT_FDCWD, O_RDONLY|O_CLOEXEC */
	TBX_V_RAW,	/* preformatted text */
	TBX_V_STRUCT,
	TBX_V_ARRAY,
	TBX_V_END,
	TBX_V_MORE,	/* "...": elided members */
	TBX_V_COMMENT,	/* text shown after the previous value */
	TBX_V_FD,	/* .i fd; text = its path with -y, if known */
	TBX_V_ARROW,	/* " => ": what follows is the value after the call */
};

enum {
	TBX_VF_TRUNC = 1,	/* string was cut at the size limit */
	TBX_VF_PATH = 2,	/* string is a path */
	TBX_VF_UNTERM = 4,	/* string had no NUL within the limit */
};

struct tbx_value {
	uint8_t kind;
	uint8_t flags;
	uint32_t off, len;	/* text/bytes in the event's data */
	const char *key;	/* struct field name, or NULL */
	union {
		uint64_t u;
		int64_t i;
	};
};

/* ---- events --------------------------------------------------------- */

enum tbx_event_kind {
	TBX_EV_SYSCALL_ENTER,
	TBX_EV_SYSCALL_EXIT,
	TBX_EV_SIGNAL,		/* signal-delivery-stop; delivered unchanged */
	TBX_EV_EXITED,		/* .status = exit code */
	TBX_EV_KILLED,		/* .status = signal, .core */
	TBX_EV_ATTACHED,
	TBX_EV_DETACHED,	/* .status = 1: inside the call in .sc */
	TBX_EV_STOPPED,		/* group-stop (SIGSTOP & co) */
	TBX_EV_EXEC_PID,	/* execve in a non-leader thread: .status = old tid */
	TBX_EV_EXEC,		/* a new program is in place (stopped now) */
	TBX_EV_EXITING,		/* about to exit, memory intact (stopped now);
				 * with TBX_TRACE_EXIT_EVENTS */
};

/* What to do with a call, decided at its entry (or, REWRITE, at its exit). */
enum tbx_verdict_kind {
	TBX_VERDICT_ALLOW,
	TBX_VERDICT_DENY,	/* skip the call; it fails with .err */
	TBX_VERDICT_FAKE,	/* skip the call; it returns .value */
	TBX_VERDICT_KILL,	/* kill the process */
	TBX_VERDICT_REWRITE,	/* at exit: the call returns .value instead */
};

struct tbx_verdict {
	enum tbx_verdict_kind kind;
	int err;
	int64_t value;
	const char *rule;	/* the rule that decided, for logs (static) */
	bool audit;		/* decided only for the log: not enforced */
	/* ALLOW only if nothing else runs: the engine stops every other
	 * tracee, asks again, and keeps them stopped until the call's exit,
	 * so that the check cannot be raced */
	bool exclusive;
	/* ALLOW with path argument .arg replaced by .path (--bind); the
	 * string must live until the next call of the hook */
	const char *path;
	unsigned arg;
	/* ALLOW, but call .repl_nr runs with .repl_args in place of the one
	 * asked for (the proxy's placeholder open of a remote fd); a .path
	 * then goes into the new call. The hook sees the verdict again at
	 * the exit, with .value as it left it. */
	bool replace;
	long repl_nr;
	uint64_t repl_args[6];
};

/* One frame of a call's stack trace (-k). */
struct tbx_frame {
	uint64_t pc;		/* as strace prints it: the offset in the
				 * module's file (ip - map start + map offset) */
	const char *module;	/* path of the mapped file */
	const char *symbol;	/* or NULL */
	uint64_t offset;	/* of pc in symbol */
};

/* How to render a syscall's return value. */
enum tbx_rval {
	TBX_RV_DEC, TBX_RV_UDEC, TBX_RV_HEX, TBX_RV_OCT, TBX_RV_FD, TBX_RV_NONE
};

struct tbx_syscall_ev {
	long nr;
	enum tbx_arch arch;
	const char *name;	/* "syscall_0x1234" style for unknown numbers */
	unsigned nargs;
	uint64_t args[6];
	int64_t ret;		/* raw return value (exit) */
	int err;		/* errno on failure, else 0 */
	bool ret_unknown;	/* the process went away in the call: "= ?" */
	enum tbx_rval rval;
	const struct tbx_value *vals;
	unsigned nvals;
	unsigned nvals_enter;	/* values known at entry */
	unsigned nargs_enter;	/* top-level arguments among them */
	bool more_at_exit;	/* decoder adds arguments at exit */
	bool exit_sep;		/* ", " before them is printed at exit */
	const char *data;	/* text and bytes referenced by vals */
	uint32_t rcomment_off, rcomment_len;	/* " (Timeout)" after ret */
	struct tbx_verdict verdict;	/* what the policy hook decided */
	struct timespec t_enter;	/* CLOCK_REALTIME at entry */
	struct timespec mono_enter;	/* CLOCK_MONOTONIC at entry */
	const struct tbx_frame *frames;	/* stack at exit, TBX_TRACE_STACK */
	unsigned nframes;
};

struct tbx_event {
	size_t sz;
	enum tbx_event_kind kind;
	pid_t pid;		/* thread group */
	pid_t tid;
	struct timespec ts;	/* CLOCK_REALTIME when the stop was seen */
	struct timespec mono;	/* CLOCK_MONOTONIC when the stop was seen */
	struct tbx_syscall_ev sc;	/* SYSCALL_* */
	siginfo_t si;		/* SIGNAL */
	int sig;		/* SIGNAL, STOPPED */
	int status;		/* EXITED, KILLED, EXEC_PID */
	bool core;		/* KILLED */
	unsigned nprocs;	/* tracees at this moment */
};

/* Return nonzero to stop tracing (tracees are detached, or killed when we
 * spawned them). */
typedef int (*tbx_event_fn)(const struct tbx_event *ev, void *ctx);

/* ---- policy hook ---------------------------------------------------- */

/* Called at each syscall entry and exit before the event is emitted; the
 * engine applies the verdict, and the event carries it (.sc.verdict). */
typedef void (*tbx_policy_fn)(const struct tbx_event *ev, struct tbx_verdict *v,
			      void *ctx);

/* ---- tracer --------------------------------------------------------- */

typedef struct tbx_tracer tbx_tracer;

enum {
	TBX_TRACE_FOLLOW = 1 << 0,	/* follow fork, vfork, clone */
	TBX_TRACE_NO_SECCOMP = 1 << 1,	/* never use the seccomp fast path */
	TBX_TRACE_DECODE = 1 << 2,	/* decode arguments into values */
	TBX_TRACE_VERBOSE = 1 << 3,	/* -v: unabbreviated structures */
	TBX_TRACE_FD_PATHS = 1 << 4,	/* -y: fd paths */
	TBX_TRACE_LANDLOCK = 1 << 5,	/* landlock_fd is set */
	TBX_TRACE_NO_NEW_PRIVS = 1 << 6,	/* always set no_new_privs */
	/* Run a spawned tracee on the tracer's CPU while it is the only
	 * tracee: each stop is then a plain context switch instead of a
	 * cross-CPU wake-up. Undone as soon as a second tracee appears. */
	TBX_TRACE_COLOCATE = 1 << 7,
	TBX_TRACE_EXIT_EVENTS = 1 << 8,	/* TBX_EV_EXITING (PTRACE_EVENT_EXIT) */
	TBX_TRACE_STACK = 1 << 9,	/* -k: stack trace of each shown call */
	/* --stealth: the program cannot tell it is traced (lib/engine/stealth.c) */
	TBX_TRACE_STEALTH = 1 << 10,
	/* with .from: the window closes when that function returns */
	TBX_TRACE_UNTIL_RETURN = 1 << 16,
	/* with .from: only the thread that entered is in the window (else
	 * the whole process, once one of its threads entered) */
	TBX_TRACE_FROM_THREAD = 1 << 17,
};

struct tbx_tracer_opts {
	size_t sz;		/* sizeof(struct tbx_tracer_opts) */
	unsigned flags;
	unsigned strsize;	/* -s; 0 means 32 */
	/* syscalls that stop: bitmap of tbx_syscall_count() bits, NULL = all.
	 * The tracer copies it. */
	const uint8_t *trace_set;
	tbx_log_fn log;
	void *log_ctx;
	/* sandbox, applied in a spawned child before it executes the program:
	 * no_new_privs, then the Landlock ruleset, then the seccomp filter */
	tbx_policy_fn policy;
	void *policy_ctx;
	const void *child_filter;	/* struct sock_fprog *, or NULL */
	int landlock_fd;	/* with TBX_TRACE_LANDLOCK */
	uint64_t drop_caps;	/* capabilities (bit = CAP_*) the child loses */
	/* Program-scoped tracing of a spawned program: no call is shown, and
	 * the policy hook is not called, before a thread reaches code location
	 * .from ("SYM", "LIB:SYM" or "0xADDR": see tbx_tracer_spawn), nor after
	 * one reaches .until; an int3 breakpoint at each, armed when the
	 * program (or LIB) is mapped. Implies TBX_TRACE_FOLLOW: every thread
	 * and child runs the breakpoint bytes. */
	const char *from;
	const char *until;
};

TBX_API int tbx_tracer_new(const struct tbx_tracer_opts *opts, tbx_tracer **out);
TBX_API void tbx_tracer_free(tbx_tracer *t);

/* Start argv[0] (searched in PATH) traced from its first instruction.
 * -ENOENT/-EACCES... when it cannot be executed; nothing is left behind.
 * -EADDRNOTAVAIL when opts.from/until name a symbol that the program does
 * not have (logged, with the names closest to it, or the advice to give
 * an address when the program is stripped). */
TBX_API int tbx_tracer_spawn(tbx_tracer *t, char *const argv[], pid_t *pid);
/* Attach to every thread of a running process. -EPERM with a reason
 * logged (ptrace_scope, already traced by another pid). */
TBX_API int tbx_tracer_attach(tbx_tracer *t, pid_t pid);
/* Whether the seccomp fast path is in use. */
TBX_API bool tbx_tracer_uses_seccomp(const tbx_tracer *t);

/* Run until no tracee is left or cb returns nonzero or tbx_tracer_stop().
 * Returns 0, or a negative errno. */
TBX_API int tbx_tracer_run(tbx_tracer *t, tbx_event_fn cb, void *ctx);
/* Async-signal-safe: ask run() to detach from attached tracees (and kill
 * spawned ones) and return. */
TBX_API void tbx_tracer_stop(tbx_tracer *t);
/* Wait status of the first spawned (or attached) process, when known. */
TBX_API int tbx_tracer_exit_status(const tbx_tracer *t, int *wstatus);

/* ---- who is traced (tracebox ps) ------------------------------------ */

enum tbx_tracer_kind {
	TBX_TRACER_OTHER, TBX_TRACER_TRACEBOX, TBX_TRACER_STRACE, TBX_TRACER_GDB,
	TBX_TRACER_LTRACE,
};

struct tbx_traced {
	pid_t pid, tid;		/* the traced thread */
	char comm[64];
	pid_t tracer;		/* TracerPid */
	char tracer_comm[64];
	enum tbx_tracer_kind kind;	/* by the tracer's executable */
};

/* Calls fn for every thread that has a tracer; stops when fn returns
 * nonzero. *unreadable counts processes whose tasks could not be read. */
typedef int (*tbx_traced_fn)(const struct tbx_traced *t, void *ctx);
TBX_API int tbx_traced_each(tbx_traced_fn fn, void *ctx, unsigned *unreadable);
TBX_API const char *tbx_tracer_kind_name(enum tbx_tracer_kind k);

/* ---- output formats ------------------------------------------------- */

typedef struct tbx_output tbx_output;

enum tbx_format { TBX_FMT_TEXT, TBX_FMT_JSON, TBX_FMT_SUMMARY };

enum {
	TBX_OUT_PIDS = 1 << 0,	/* prefix lines with the pid */
	TBX_OUT_PID_COLUMN = 1 << 1,	/* "PID   " prefix instead of "[pid N] " */
	TBX_OUT_TIME = 1 << 2,		/* -t */
	TBX_OUT_TIME_US = 1 << 3,	/* -tt */
	TBX_OUT_TIME_EPOCH = 1 << 4,	/* -ttt */
	TBX_OUT_RELTIME = 1 << 5,	/* -r */
	TBX_OUT_DURATION = 1 << 6,	/* -T */
	TBX_OUT_QUIET_ATTACH = 1 << 7,	/* -q */
	TBX_OUT_QUIET_EXIT = 1 << 8,	/* -qq */
	TBX_OUT_ONLY_OK = 1 << 9,	/* -z */
	TBX_OUT_ONLY_FAILED = 1 << 10,	/* -Z */
	TBX_OUT_SUMMARY_TOO = 1 << 11,	/* -C: trace lines and a summary */
	TBX_OUT_NO_SIGNALS = 1 << 12,	/* -e signal=none */
	TBX_OUT_PER_PID_FILES = 1 << 13,	/* -ff: path is a prefix */
	TBX_OUT_XESCAPE = 1 << 14,	/* -x: hex-escape non-ASCII */
	TBX_OUT_XXESCAPE = 1 << 15,	/* -xx: hex-escape everything */
};

struct tbx_output_opts {
	size_t sz;
	enum tbx_format format;
	unsigned flags;
	int fd;			/* where to write, when path is NULL */
	const char *path;	/* -o FILE (or prefix with -ff) */
	unsigned column;	/* -a: column of " = "; 0 means 40 */
	const char *summary_sort;	/* -S: time, calls, errors, name */
	const uint8_t *signal_set;	/* signals to show (65 bits), NULL all */
};

TBX_API int tbx_output_new(const struct tbx_output_opts *opts, tbx_output **out);
/* Consume one event. */
TBX_API int tbx_output_event(tbx_output *o, const struct tbx_event *ev);
/* Finish: summary table, flush. */
TBX_API int tbx_output_finish(tbx_output *o);
TBX_API void tbx_output_free(tbx_output *o);

/* Render one decoded value sequence in strace's text form (for tools that
 * want the text without the output object). Returns bytes written
 * (excluding NUL) or a negative errno; truncates to cap. */
TBX_API int tbx_values_to_text(const struct tbx_value *v, unsigned n,
			       const char *data, char *buf, size_t cap);

/* strace-style quoting of bytes: "..." with C escapes. */
TBX_API size_t tbx_quote(const unsigned char *s, size_t n, char *buf,
			 size_t cap, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif

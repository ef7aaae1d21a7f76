/* libtracebox: the sandbox of `tracebox run`.
 *
 * Rules are the words of `tracebox run` ("deny", "ro", "no-net",
 * "deny-syscall"... with their argument), added one by one or read from a
 * policy file. tbx_sandbox_apply turns them into what a tracer needs: the
 * seccomp filter and Landlock ruleset installed in the child before it
 * executes the program, and the policy hook deciding at the calls that
 * stop. See docs/sandbox.md for how each rule is enforced.
 */
#ifndef TRACEBOX_SANDBOX_H
#define TRACEBOX_SANDBOX_H
#include "tracebox/tracebox.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tbx_sandbox tbx_sandbox;

struct tbx_sandbox_opts {
	size_t sz;		/* sizeof(struct tbx_sandbox_opts) */
	bool audit;		/* decide nothing: every rule only stops to be seen */
	bool log;		/* denials stop in the tracer (events carry them) */
	const long *extra_calls;	/* more native calls to stop at */
	unsigned nextra;
	tbx_log_fn log_fn;
	void *log_ctx;
	/* --stealth: the program cannot tell it is traced (TBX_TRACE_STEALTH);
	 * its ptrace calls stop to be answered, and are never let through */
	bool stealth;
};

TBX_API int tbx_sandbox_new(const struct tbx_sandbox_opts *opts, tbx_sandbox **out);
/* One rule; -EINVAL with a message in err. */
TBX_API int tbx_sandbox_rule(tbx_sandbox *s, const char *word, const char *arg,
			     char *err, size_t errlen);
/* A policy file; errors as "FILE:LINE: message". */
TBX_API int tbx_sandbox_policy_file(tbx_sandbox *s, const char *path, char *err,
				    size_t errlen);
/* Whether word is a rule word, and takes an argument: 1, 0, or -1. */
TBX_API int tbx_sandbox_rule_arity(const char *word);
/* A remark about how rules were combined ("--deny wins over --ro"), or NULL. */
TBX_API const char *tbx_sandbox_note(const tbx_sandbox *s);
/* Build the filter and the ruleset for running program, and fill the
 * tracer options: policy hook, child filter, Landlock, no_new_privs,
 * following forks, capabilities to drop as root. The sandbox must outlive
 * the tracer. */
TBX_API int tbx_sandbox_apply(tbx_sandbox *s, const char *program,
			      struct tbx_tracer_opts *to, char *err, size_t errlen);
TBX_API void tbx_sandbox_free(tbx_sandbox *s);

#ifdef __cplusplus
}
#endif
#endif

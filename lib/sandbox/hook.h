/* The sandbox at run time: the tracer's policy hook. */
#ifndef TBX_SANDBOX_HOOK_H
#define TBX_SANDBOX_HOOK_H
#include "tracebox/tracebox.h"
#include "policy/policy.h"

struct tbx_hook_state {
	const struct tbx_policy *policy;
	bool log;		/* denials stop here to be logged */
	bool audit;		/* decide nothing, log what would be decided */
	char **rule_text;	/* per path rule: "--deny /x" */
	char *profile_text;	/* "--profile readonly" */
	unsigned long *inject_count;	/* per syscall rule */
	bool has_hide;		/* some --hide rule */
	char bind_path[4096];	/* a --bind rewrite, for the engine */
	pid_t last_tid;		/* the call last asked about */
	struct timespec last_enter;
};

/* tbx_policy_fn for the tracer. */
void tbx_sandbox_hook(const struct tbx_event *ev, struct tbx_verdict *v, void *ctx);
/* Add the calls whose paths the tracer checks to a syscall bitmap. */
void tbx_sandbox_path_calls(uint8_t *set);

#endif

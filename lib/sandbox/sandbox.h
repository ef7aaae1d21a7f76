/* The sandbox: policy rules, and how each is enforced. */
#ifndef TBX_SANDBOX_H
#define TBX_SANDBOX_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

enum tbx_path_kind {
	TBX_PATH_DENY,	/* every access fails with EACCES */
	TBX_PATH_RO,	/* readable; modifications fail with EROFS */
	TBX_PATH_HIDE,	/* looks absent: ENOENT */
	TBX_PATH_RW,	/* writable even under a read-only profile */
};

struct tbx_path_rule {
	enum tbx_path_kind kind;
	char *path;	/* canonical, absolute */
	char *given;	/* as the user wrote it, for logs */
};

struct tbx_landlock_spec {
	const struct tbx_path_rule *rules;
	unsigned nrules;
	bool fs;		/* restrict the filesystem */
	bool default_ro;	/* whole filesystem read-only (but RW rules) */
	bool net;		/* restrict TCP bind/connect to ports[] */
	const uint16_t *ports;
	unsigned nports;
	bool scope_signals;	/* no signals to processes outside (ABI 6) */
	/* strict: execute nothing but these files (the program and its ELF
	 * interpreter); NULL = no limit */
	const char *const *exec_only;
	unsigned nexec;
};

/* Landlock ABI of the running kernel, 0 when absent. */
int tbx_landlock_abi(void);
/* A ruleset fd enforcing spec (-1 when there is nothing to enforce). */
int tbx_landlock_build(const struct tbx_landlock_spec *spec, int *fd,
		       char *err, size_t errlen);

struct tbx_policy;

struct tbx_sandbox_filter_spec {
	const struct tbx_policy *policy;
	uint32_t default_action;	/* SCMP_ACT_ALLOW, or a profile's */
	bool log;		/* denials stop in the tracer so they are logged */
	const uint8_t *trace_set;	/* calls the tracer must see (path rules) */
	bool ptrace_stops;	/* --stealth answers ptrace: it stops (denied) */
	/* adds a seccomp profile's rules to a libseccomp context */
	int (*profile_apply)(void *scmp_ctx, void *ctx);
	/* the profile's action for a native syscall (see tbx_oci_action) */
	uint32_t (*profile_action)(long nr, void *ctx);
	void *profile_ctx;
};

/* The sandbox's seccomp filter (a struct sock_fprog, tbx_filter_free). */
int tbx_sandbox_filter_build(const struct tbx_sandbox_filter_spec *s, void **fprog);

#endif

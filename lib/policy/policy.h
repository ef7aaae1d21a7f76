/* Sandbox policy: the rules of `tracebox run`, from flags and from policy
 * files, which use the same words ("--deny PATH" on the command line is
 * "deny PATH" in a file). The policy only describes; lib/sandbox/
 * enforces. */
#ifndef TBX_POLICY_H
#define TBX_POLICY_H
#include <stdbool.h>
#include <stdint.h>
#include "sandbox/sandbox.h"

enum tbx_sc_action {
	TBX_SC_DENY,	/* fail with .err */
	TBX_SC_KILL,	/* kill the process */
	TBX_SC_FAKE,	/* do nothing, return .value */
	TBX_SC_INJECT,	/* strace's -e inject: error or retval, when= */
};

struct tbx_sc_rule {
	long nr;
	enum tbx_sc_action action;
	int err;
	int64_t value;
	bool has_value;		/* inject retval= (else error=) */
	unsigned first, step;	/* inject when=first+step (1-based) */
	char *text;		/* the rule as written, for logs */
};

struct tbx_net_allow {
	char *host;		/* as written; resolved numerically */
	uint8_t addr[16];
	int family;		/* AF_INET, AF_INET6, or 0 = any host */
	uint16_t port;
	char *text;
};

/* --bind SRC:DST: accesses to DST (and below) go to SRC. */
struct tbx_bind {
	char *src, *dst;	/* canonical */
	char *text;
};

struct tbx_policy {
	struct tbx_path_rule *paths;
	unsigned npaths;
	struct tbx_bind *binds;
	unsigned nbinds;
	struct tbx_sc_rule *sc;
	unsigned nsc;
	struct tbx_net_allow *net;
	unsigned nnet;
	bool no_net;
	char *profile;		/* built-in profile name */
	char *seccomp_profile;	/* OCI JSON file */
	bool default_ro;	/* readonly / strict profiles */
	bool strict_exec;	/* strict: exec only the command itself */
	char note[512];		/* the last conflict resolved, for the user */
};

struct tbx_policy_err {
	char msg[512];		/* "FILE:LINE: message" for files */
};

void tbx_policy_init(struct tbx_policy *p);
void tbx_policy_release(struct tbx_policy *p);
/* One rule: word is the flag without "--" ("deny", "ro", "no-net", ...),
 * arg its argument or NULL. 0, or -EINVAL with a message. */
int tbx_policy_add(struct tbx_policy *p, const char *word, const char *arg,
		   struct tbx_policy_err *err);
/* Whether word takes an argument; -1 when it is not a rule word. */
int tbx_policy_word_arity(const char *word);
/* A policy file: one rule a line, '#' comments. Errors "FILE:LINE: msg". */
int tbx_policy_load(struct tbx_policy *p, const char *path,
		    struct tbx_policy_err *err);
/* The closest syscall name to a misspelled one, or NULL. */
const char *tbx_syscall_suggest(const char *name);

#endif

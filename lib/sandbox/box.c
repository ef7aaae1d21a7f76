/* The sandbox as a library object: rules in, tracer options out (the
 * seccomp filter, the Landlock ruleset, the policy hook). tracebox run is
 * a thin layer over it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <seccomp.h>
#include "tracebox/sandbox.h"
#include "policy/policy.h"
#include "policy/oci.h"
#include "sandbox/sandbox.h"
#include "sandbox/hook.h"
#include "elf/symbols.h"
#include "engine/engine.h"
#include "util/util.h"
#include "syscallent.h"

struct profile_ctx {
	struct tbx_oci_profile *oci;
	uint64_t caps;		/* the capabilities the program will have */
	char err[300];
};

struct tbx_sandbox {
	struct tbx_sandbox_opts o;
	struct tbx_logger lg;
	struct tbx_policy pol;
	struct tbx_hook_state sb;
	struct profile_ctx prof;
	void *filter;
	int landlock_fd;
	char *scratch;
	uint8_t *trace_set;
	long *extra;
};

static uint32_t profile_action(long nr, void *vctx)
{
	struct profile_ctx *pc = vctx;

	return tbx_oci_action(pc->oci, nr, pc->caps, 0);
}

/* A seccomp profile's rules into the sandbox filter. */
static int apply_profile(void *scmp_ctx, void *vctx)
{
	struct profile_ctx *pc = vctx;
	struct tbx_oci_apply_opts o = { .sz = sizeof(o), .caps = pc->caps };

	return tbx_oci_apply(pc->oci, scmp_ctx, &o, NULL, pc->err, sizeof(pc->err));
}

void tbx_sandbox_free(tbx_sandbox *s)
{
	if (!s)
		return;
	for (unsigned i = 0; s->sb.rule_text && i < s->pol.npaths; i++)
		free(s->sb.rule_text[i]);
	free(s->sb.rule_text);
	free(s->sb.profile_text);
	free(s->sb.inject_count);
	tbx_oci_free(s->prof.oci);
	tbx_filter_free(s->filter);
	if (s->landlock_fd >= 0)
		close(s->landlock_fd);
	if (s->scratch) {
		rmdir(s->scratch);	/* only if the program left it empty */
		free(s->scratch);
	}
	free(s->trace_set);
	free(s->extra);
	tbx_policy_release(&s->pol);
	free(s);
}

/* Capabilities a sandboxed root program must not keep: they would let it
 * reach around the rules (modules, raw I/O, ptrace, mounts...). */
static uint64_t caps_to_drop(const struct tbx_policy *p)
{
	static const int always[] = { 2 /* DAC_READ_SEARCH */, 9 /* LINUX_IMMUTABLE */,
		16 /* SYS_MODULE */, 17 /* SYS_RAWIO */, 18 /* SYS_CHROOT */,
		19 /* SYS_PTRACE */, 21 /* SYS_ADMIN */, 22 /* SYS_BOOT */, 25 /* SYS_TIME */,
		27 /* MKNOD */, 32 /* MAC_OVERRIDE */, 33 /* MAC_ADMIN */, 34 /* SYSLOG */,
		38 /* PERFMON */, 39 /* BPF */ };
	uint64_t m = 0;

	for (unsigned i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		m |= 1ull << always[i];
	if (p->no_net)
		m |= 1ull << 12 | 1ull << 13;	/* NET_ADMIN, NET_RAW */
	return m;
}

/* --profile strict: the files the program needs to execute: itself (or,
 * for a script, its #! interpreter) and the ELF interpreter. */
static int exec_files(const char *prog, char files[4][PATH_MAX], unsigned *n,
		      char *err, size_t errlen)
{
	char path[PATH_MAX], interp[PATH_MAX], line[PATH_MAX];
	int e = tbx_find_program(prog, path, sizeof(path));
	FILE *f;

	*n = 0;
	if (e) {
		snprintf(err, errlen, "%s: %s", prog, strerror(-e));
		return e;
	}
	for (int depth = 0; depth < 2; depth++) {
		if (!realpath(path, files[*n])) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -errno;
		}
		(*n)++;
		e = tbx_elf_interp(path, interp, sizeof(interp));
		if (!e) {
			if (interp[0] && realpath(interp, files[*n]))
				(*n)++;
			return 0;
		}
		/* not ELF: a script's "#!" interpreter executes it */
		f = fopen(path, "re");
		if (!f || !fgets(line, sizeof(line), f) || strncmp(line, "#!", 2)) {
			if (f)
				fclose(f);
			snprintf(err, errlen, "%s: cannot tell what it executes", path);
			return -ENOEXEC;
		}
		fclose(f);
		snprintf(path, sizeof(path), "%.*s", (int)strcspn(line + 2 + strspn(line + 2, " \t"), " \t\n"),
			 line + 2 + strspn(line + 2, " \t"));
	}
	return 0;
}

static int build(struct tbx_sandbox *s, bool log, bool audit, uint64_t drop,
		 const char *prog, char *err, size_t errlen)
{
	char exe[4][PATH_MAX];
	const char *exe_list[4];
	unsigned nexe = 0;
	struct tbx_policy *p = &s->pol;
	struct tbx_sandbox_filter_spec fs = { .policy = p, .default_action = SCMP_ACT_ALLOW,
					      .log = log };
	struct tbx_landlock_spec ll = { 0 };
	uint16_t ports[64];
	unsigned np = 0;
	int e;

	s->landlock_fd = -1;
	if ((p->profile && !strcmp(p->profile, "default")) || p->seccomp_profile) {
		e = tbx_oci_parse(p->seccomp_profile,
				  p->seccomp_profile ? NULL : tbx_oci_builtin("default"),
				  &s->prof.oci, err, errlen);
		if (e)
			return e;
		if (tbx_oci_caps_self(&s->prof.caps))
			s->prof.caps = 0;
		s->prof.caps &= ~drop;
		fs.default_action = tbx_oci_default_action(s->prof.oci);
		fs.profile_apply = apply_profile;
		fs.profile_action = profile_action;
		fs.profile_ctx = &s->prof;
	}
	if (p->default_ro) {
		char tmpl[] = "/tmp/tracebox-scratch.XXXXXX";
		struct tbx_policy_err pe;
		if (!mkdtemp(tmpl)) {
			snprintf(err, errlen, "scratch directory: %s", strerror(errno));
			return -errno;
		}
		s->scratch = strdup(tmpl);
		if (!s->scratch || tbx_policy_add(p, "rw", tmpl, &pe) ||
		    tbx_policy_add(p, "rw", "/dev", &pe))
			return -ENOMEM;
		setenv("TMPDIR", tmpl, 1);
	}
	s->sb.policy = p;
	s->sb.log = log;
	s->sb.audit = audit;
	s->sb.rule_text = calloc(p->npaths + 1, sizeof(char *));
	s->sb.inject_count = calloc(p->nsc + 1, sizeof(unsigned long));
	if (!s->sb.rule_text || !s->sb.inject_count)
		return -ENOMEM;
	for (unsigned i = 0; i < p->npaths; i++) {
		static const char *w[] = { "--deny", "--ro", "--hide", "--rw" };
		if (p->paths[i].kind == TBX_PATH_HIDE)
			s->sb.has_hide = true;
		size_t n = strlen(p->paths[i].given) + 16;
		s->sb.rule_text[i] = malloc(n);
		if (!s->sb.rule_text[i])
			return -ENOMEM;
		snprintf(s->sb.rule_text[i], n, "%s %s", w[p->paths[i].kind], p->paths[i].given);
	}
	if (p->profile) {
		size_t n = strlen(p->profile) + 16;
		s->sb.profile_text = malloc(n);
		if (!s->sb.profile_text)
			return -ENOMEM;
		snprintf(s->sb.profile_text, n, "--profile %s", p->profile);
	}
	/* Path rules: the kernel (Landlock) guards contents; the tracer sees
	 * the path calls for what Landlock does not cover. */
	if (p->npaths || p->default_ro || p->nbinds || s->o.nextra || s->o.stealth) {
		s->trace_set = calloc((tbx_syscall_count() + 7) / 8, 1);
		if (!s->trace_set)
			return -ENOMEM;
		if (p->npaths || p->default_ro || p->nbinds)
			tbx_sandbox_path_calls(s->trace_set);
		if (p->nbinds)	/* its answer is translated back */
			tbx_bit_set(s->trace_set, TBX_NR64_getcwd);
		if (s->o.stealth)
			tbx_stealth_calls(s->trace_set);
		for (unsigned k = 0; k < s->o.nextra; k++) {
			long nr = s->extra[k];
			if (nr >= 0 && (unsigned long)nr < tbx_syscall_count())
				tbx_bit_set(s->trace_set, (unsigned long)nr);
		}
		fs.trace_set = s->trace_set;
	}
	for (unsigned i = 0; i < p->nnet && np < 64; i++)
		ports[np++] = p->net[i].port;
	ll.rules = p->paths;
	ll.nrules = p->npaths;
	ll.fs = !audit && (p->npaths || p->default_ro);
	ll.default_ro = p->default_ro;
	ll.net = !audit && p->no_net;
	ll.ports = ports;
	ll.nports = np;
	ll.scope_signals = !audit;
	if (p->strict_exec && !audit) {
		int e2 = exec_files(prog, exe, &nexe, err, errlen);
		if (e2)
			return e2;
		for (unsigned k = 0; k < nexe; k++)
			exe_list[k] = exe[k];
		ll.exec_only = exe_list;
		ll.nexec = nexe;
	}
	e = tbx_landlock_build(&ll, &s->landlock_fd, err, errlen);
	if (e == -EOPNOTSUPP || e == -ENOSYS) {
		if (ll.fs)
			tbx_log(&s->lg, TBX_LOG_WARN, "%s: path rules are checked by the"
				" tracer only", err);
		e = 0;
	}
	if (e)
		return e;
	if (audit) {
		/* nothing enforced: every rule only stops to be logged */
		fs.log = true;
	}
	fs.ptrace_stops = s->o.stealth;
	e = tbx_sandbox_filter_build(&fs, &s->filter);
	if (e)
		snprintf(err, errlen, "seccomp filter: %s",
			 s->prof.err[0] ? s->prof.err : strerror(-e));
	return e;
}

int tbx_sandbox_new(const struct tbx_sandbox_opts *opts, tbx_sandbox **out)
{
	tbx_sandbox *s;

	if (!out || (opts && opts->sz < offsetof(struct tbx_sandbox_opts, extra_calls)))
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (opts)
		tbx_opts_copy(&s->o, sizeof(s->o), opts, opts->sz);
	s->o.sz = sizeof(s->o);
	s->lg.fn = s->o.log_fn;
	s->lg.ctx = s->o.log_ctx;
	s->landlock_fd = -1;
	tbx_policy_init(&s->pol);
	if (s->o.nextra) {
		s->extra = malloc(s->o.nextra * sizeof(*s->extra));
		if (!s->extra) {
			free(s);
			return -ENOMEM;
		}
		memcpy(s->extra, s->o.extra_calls, s->o.nextra * sizeof(*s->extra));
	}
	s->o.extra_calls = NULL;
	*out = s;
	return 0;
}

int tbx_sandbox_rule(tbx_sandbox *s, const char *word, const char *arg, char *err,
		     size_t errlen)
{
	struct tbx_policy_err pe;
	int e = tbx_policy_add(&s->pol, word, arg, &pe);

	if (e)
		snprintf(err, errlen, "%s", pe.msg);
	return e;
}

int tbx_sandbox_policy_file(tbx_sandbox *s, const char *path, char *err, size_t errlen)
{
	struct tbx_policy_err pe;
	int e = tbx_policy_load(&s->pol, path, &pe);

	if (e)
		snprintf(err, errlen, "%s", pe.msg);
	return e;
}

int tbx_sandbox_rule_arity(const char *word)
{
	return tbx_policy_word_arity(word);
}

const char *tbx_sandbox_note(const tbx_sandbox *s)
{
	return s && s->pol.note[0] ? s->pol.note : NULL;
}

int tbx_sandbox_apply(tbx_sandbox *s, const char *program, struct tbx_tracer_opts *to,
		      char *err, size_t errlen)
{
	uint64_t drop = 0;
	int e;

	if (!s || !program || !to || to->sz < sizeof(*to))
		return -EINVAL;
	if (!s->o.audit && getuid() == 0)
		drop = caps_to_drop(&s->pol);
	e = build(s, s->o.log, s->o.audit, drop, program, err, errlen);
	if (e)
		return e;
	to->flags |= TBX_TRACE_FOLLOW | TBX_TRACE_NO_NEW_PRIVS;
	if (s->o.stealth)
		to->flags |= TBX_TRACE_STEALTH;
	to->drop_caps = drop;
	to->policy = tbx_sandbox_hook;
	to->policy_ctx = &s->sb;
	to->child_filter = s->filter;
	if (s->landlock_fd >= 0) {
		to->flags |= TBX_TRACE_LANDLOCK;
		to->landlock_fd = s->landlock_fd;
	}
	return 0;
}

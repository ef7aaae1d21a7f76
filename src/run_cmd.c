/* tracebox run: a command under a policy. Rules become, in order of
 * preference: seccomp-bpf (syscall rules, network families, escape
 * closures), Landlock (paths, TCP ports, signals), and tracer checks for
 * the rest (metadata, hide, fakes, injections, logging). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <seccomp.h>
#include "cli.h"
#include "policy/policy.h"
#include "policy/oci.h"
#include "sandbox/sandbox.h"
#include "sandbox/hook.h"
#include "engine/engine.h"
#include "output/output.h"
#include "decode/decode.h"

static void run_usage(FILE *f)
{
	fputs("usage: tracebox run [RULES] [--policy FILE] [--log FILE] [--json] [--audit] -- PROGRAM [ARGS...]\n"
	      "\n"
	      "rules (the same words, without --, are the lines of a --policy file):\n"
	      "  --deny PATH            any access to PATH or below fails (EACCES)\n"
	      "  --ro PATH              readable; changes fail (EROFS)\n"
	      "  --hide PATH            looks absent (ENOENT)\n"
	      "  --rw PATH              writable even under --profile readonly/strict\n"
	      "  --bind SRC:DST         accesses to DST (and below) go to SRC\n"
	      "  --no-net               no sockets but AF_UNIX\n"
	      "  --net-allow HOST:PORT  but TCP connections to HOST:PORT (implies --no-net)\n"
	      "  --deny-syscall NAME[:ERRNO]  the call fails (default EPERM)\n"
	      "  --kill-syscall NAME    the process is killed when it makes the call\n"
	      "  --fake NAME=VALUE      the call does nothing and returns VALUE\n"
	      "  -e inject=SET:error=E|retval=V[:when=N[+[M]]]   as strace\n"
	      "  --profile NAME         default (Docker's seccomp profile), nonet, readonly, strict\n"
	      "  --seccomp-profile FILE a Docker/OCI seccomp profile (JSON)\n"
	      "\n"
	      "  --policy FILE  rules from FILE     --log FILE  denials and rewrites to FILE\n"
	      "  --json         log as JSON lines   --audit     decide nothing, log what would be\n"
	      "  -q             no log on stderr\n", f);
}

struct run_ctx {
	int logfd;
	bool json;
	bool quiet;
	struct tbx_sbuf line;
};

static const char *action_name(const struct tbx_verdict *v)
{
	if (v->audit)
		return "audit";
	switch (v->kind) {
	case TBX_VERDICT_DENY: return "deny";
	case TBX_VERDICT_FAKE: return "fake";
	case TBX_VERDICT_KILL: return "kill";
	case TBX_VERDICT_REWRITE: return "rewrite";
	default: return "allow";
	}
}

/* One log line per decision: the call as strace shows it, and the rule. */
static int on_event(const struct tbx_event *ev, void *vctx)
{
	struct run_ctx *c = vctx;
	const struct tbx_syscall_ev *sc = &ev->sc;
	struct tbx_sbuf *b = &c->line;
	char name[32];

	if (c->quiet && c->logfd == 2)
		return 0;
	b->len = 0;
	if (ev->kind == TBX_EV_KILLED && ev->status == SIGSYS) {
		if (c->json)
			sb_printf(b, "{\"type\":\"sandbox\",\"pid\":%d,\"action\":\"kill\","
				  "\"rule\":\"--kill-syscall or a foreign-arch call\"}\n", ev->pid);
		else
			sb_printf(b, "tracebox: [pid %d] killed by SIGSYS (--kill-syscall, or an"
				  " i386/x32 call)\n", ev->pid);
	} else if (ev->kind == TBX_EV_SYSCALL_EXIT && sc->verdict.kind != TBX_VERDICT_ALLOW) {
		if (c->json) {
			sb_printf(b, "{\"type\":\"sandbox\",\"pid\":%d,\"tid\":%d,\"time\":%ld.%06ld,"
				  "\"action\":\"%s\",\"syscall\":\"%s\",\"args\":", ev->pid, ev->tid,
				  (long)sc->t_enter.tv_sec, sc->t_enter.tv_nsec / 1000,
				  action_name(&sc->verdict), sc->name);
			tbx_render_json(b, sc->vals, 0, sc->nvals, sc->data, false);
			if (sc->err)
				sb_printf(b, ",\"ret\":-1,\"errno\":\"%s\"",
					  tbx_errno_name(sc->err) ? tbx_errno_name(sc->err) : "?");
			else
				sb_printf(b, ",\"ret\":%lld", (long long)sc->ret);
			sb_puts(b, ",\"rule\":");
			tbx_json_str(b, (const unsigned char *)(sc->verdict.rule ? sc->verdict.rule : ""),
				     strlen(sc->verdict.rule ? sc->verdict.rule : ""));
			sb_puts(b, "}\n");
		} else {
			sb_printf(b, "tracebox: [pid %d] %s %s(", ev->tid,
				  sc->verdict.audit ? "would deny" : action_name(&sc->verdict),
				  sc->name);
			tbx_render_text(b, sc->vals, 0, sc->nvals, sc->data, false, 0);
			sb_puts(b, ") ");
			tbx_render_ret(b, ev);
			sb_printf(b, " by %s\n", sc->verdict.rule ? sc->verdict.rule : "policy");
		}
	} else if (ev->kind == TBX_EV_SIGNAL && ev->sig == SIGSYS && !c->json) {
		sb_printf(b, "tracebox: [pid %d] %s\n", ev->tid, tbx_signame(ev->sig, name, sizeof(name)));
	}
	if (b->len && !b->oom)
		tbx_write_all(c->logfd, b->p, b->len);
	return 0;
}

struct profile_ctx {
	struct tbx_oci_profile *oci;
	uint64_t caps;		/* the capabilities the program will have */
	char err[300];
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

struct run_state {
	struct tbx_policy pol;
	struct tbx_sandbox sb;
	struct profile_ctx prof;
	void *filter;
	int landlock_fd;
	char *scratch;
	uint8_t *trace_set;
};

static void state_free(struct run_state *s)
{
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
	tbx_policy_release(&s->pol);
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

static int build(struct run_state *s, bool log, bool audit, uint64_t drop,
		 char *err, size_t errlen)
{
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
	if (p->npaths || p->default_ro || p->nbinds) {
		s->trace_set = calloc((tbx_syscall_count() + 7) / 8, 1);
		if (!s->trace_set)
			return -ENOMEM;
		tbx_sandbox_path_calls(s->trace_set);
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
	e = tbx_landlock_build(&ll, &s->landlock_fd, err, errlen);
	if (e == -EOPNOTSUPP || e == -ENOSYS) {
		if (ll.fs)
			fprintf(stderr, "tracebox: warning: %s: path rules are checked by the"
				" tracer only\n", err);
		e = 0;
	}
	if (e)
		return e;
	if (audit) {
		/* nothing enforced: every rule only stops to be logged */
		fs.log = true;
	}
	e = tbx_sandbox_filter_build(&fs, &s->filter);
	if (e)
		snprintf(err, errlen, "seccomp filter: %s",
			 s->prof.err[0] ? s->prof.err : strerror(-e));
	return e;
}

int cmd_run(int argc, char **argv)
{
	struct run_state s;
	struct run_ctx ctx = { .logfd = 2 };
	struct tbx_tracer_opts to = { .sz = sizeof(to) };
	struct tbx_policy_err pe;
	const char *logpath = NULL;
	bool audit = false, json = false;
	char err[600];
	tbx_tracer *t = NULL;
	int i, e, rc = 2, status;

	memset(&s, 0, sizeof(s));
	tbx_policy_init(&s.pol);
	s.landlock_fd = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int arity;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-')
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			run_usage(stdout);
			tbx_policy_release(&s.pol);
			return 0;
		}
		if (!strcmp(a, "--audit")) {
			audit = true;
			continue;
		}
		if (!strcmp(a, "--json")) {
			json = true;
			continue;
		}
		if (!strcmp(a, "-q")) {
			ctx.quiet = true;
			continue;
		}
		if (!strcmp(a, "--log") || !strcmp(a, "--policy") || !strcmp(a, "-e")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tracebox: %s needs an argument\n", a);
				goto out;
			}
			if (!strcmp(a, "--log")) {
				logpath = argv[++i];
			} else if (!strcmp(a, "--policy")) {
				e = tbx_policy_load(&s.pol, argv[++i], &pe);
				if (e) {
					fprintf(stderr, "tracebox: %s\n", pe.msg);
					goto out;
				}
			} else {
				const char *v = argv[++i];
				if (strncmp(v, "inject=", 7)) {
					fprintf(stderr, "tracebox: run: -e takes inject=... only\n");
					goto out;
				}
				if (tbx_policy_add(&s.pol, "inject", v + 7, &pe)) {
					fprintf(stderr, "tracebox: %s\n", pe.msg);
					goto out;
				}
			}
			continue;
		}
		arity = strncmp(a, "--", 2) ? -1 : tbx_policy_word_arity(a + 2);
		if (arity < 0) {
			fprintf(stderr, "tracebox: run: unknown option '%s'\n", a);
			run_usage(stderr);
			goto out;
		}
		if (arity && i + 1 >= argc) {
			fprintf(stderr, "tracebox: %s needs an argument\n", a);
			goto out;
		}
		if (tbx_policy_add(&s.pol, a + 2, arity ? argv[++i] : NULL, &pe)) {
			fprintf(stderr, "tracebox: %s %s: %s\n", a, arity ? argv[i] : "", pe.msg);
			goto out;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "tracebox: run: no PROGRAM given\n");
		run_usage(stderr);
		goto out;
	}
	if (logpath) {
		ctx.logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (ctx.logfd < 0) {
			fprintf(stderr, "tracebox: %s: %s\n", logpath, strerror(errno));
			goto out;
		}
	}
	ctx.json = json;
	if (!audit && getuid() == 0)
		to.drop_caps = caps_to_drop(&s.pol);
	e = build(&s, logpath || json || !ctx.quiet, audit, to.drop_caps, err, sizeof(err));
	if (e) {
		fprintf(stderr, "tracebox: %s\n", err);
		goto out;
	}
	to.flags = TBX_TRACE_FOLLOW | TBX_TRACE_DECODE | TBX_TRACE_NO_NEW_PRIVS;
	to.log = cli_log;
	to.policy = tbx_sandbox_hook;
	to.policy_ctx = &s.sb;
	to.child_filter = s.filter;
	if (s.landlock_fd >= 0) {
		to.flags |= TBX_TRACE_LANDLOCK;
		to.landlock_fd = s.landlock_fd;
	}
	e = tbx_tracer_new(&to, &t);
	if (e) {
		fprintf(stderr, "tracebox: %s\n", strerror(-e));
		goto out;
	}
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	cli_signals_begin(t, false);
	e = tbx_tracer_spawn(t, argv + i, NULL);
	if (e) {
		fprintf(stderr, "tracebox: %s: %s\n", argv[i], strerror(-e));
		rc = e == -ENOENT ? 127 : 126;
		goto out;
	}
	e = tbx_tracer_run(t, on_event, &ctx);
	if (e)
		fprintf(stderr, "tracebox: %s\n", strerror(-e));
	rc = tbx_tracer_exit_status(t, &status) == 0 ? wait_status_to_exit(status) : 1;
out:
	cli_signals_end();
	tbx_tracer_free(t);
	if (ctx.logfd > 2)
		close(ctx.logfd);
	sb_free(&ctx.line);
	state_free(&s);
	return rc;
}

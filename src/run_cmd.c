/* tracebox run: a command under a policy. Rules become, in order of
 * preference: seccomp-bpf (syscall rules, network families, escape
 * closures), Landlock (paths, TCP ports, signals), and tracer checks for
 * the rest (metadata, hide, fakes, injections, logging). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
#include "tracebox/scan.h"
#include "syscallent.h"

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
	      "  -q             no log on stderr\n"
	      "  --scan-rules FILE   YARA rules to scan the program's memory with (repeatable)\n"
	      "  --scan-on LIST      when: exec, mprotect-exec, exit (default exec,exit)\n", f);
}

enum { SCAN_EXEC = 1, SCAN_MPROTECT = 2, SCAN_EXIT = 4 };

struct run_ctx {
	int logfd;
	bool json;
	bool quiet;
	struct tbx_sbuf line;
	tbx_scanner *scanner;	/* --scan-rules */
	unsigned scan_on;	/* SCAN_* */
	const char *scan_event;	/* for the log: "exec", "exit", ... */
};

/* A scan hit, in the run's log. */
static int on_scan_match(const struct tbx_scan_match *m, void *vctx)
{
	struct run_ctx *c = vctx;
	struct tbx_sbuf *b = &c->line;
	char q[300];

	b->len = 0;
	if (c->json) {
		sb_printf(b, "{\"type\":\"scan\",\"pid\":%d,\"event\":\"%s\",\"rule\":",
			  (int)m->pid, c->scan_event);
		tbx_json_str(b, (const unsigned char *)m->rule, strlen(m->rule));
		sb_printf(b, ",\"address\":%llu", (unsigned long long)m->addr);
		if (m->string_id) {
			sb_puts(b, ",\"string\":");
			tbx_json_str(b, (const unsigned char *)m->string_id, strlen(m->string_id));
			sb_puts(b, ",\"data\":");
			tbx_json_str(b, m->data, m->data_len);
		}
		if (m->region) {
			sb_puts(b, ",\"region\":");
			tbx_json_str(b, (const unsigned char *)m->region->path, strlen(m->region->path));
		}
		sb_puts(b, "}\n");
	} else if (m->string_id) {
		tbx_quote(m->data, m->data_len < 64 ? m->data_len : 64, q, sizeof(q), 0);
		sb_printf(b, "tracebox: [pid %d] scan at %s: %s 0x%llx [%s %s] %s: %s\n",
			  (int)m->pid, c->scan_event, m->rule, (unsigned long long)m->addr,
			  m->region ? m->region->perms : "----",
			  m->region && *m->region->path ? m->region->path : "[anon]",
			  m->string_id, q);
	} else {
		sb_printf(b, "tracebox: [pid %d] scan at %s: %s\n", (int)m->pid,
			  c->scan_event, m->rule);
	}
	if (!b->oom)
		tbx_write_all(c->logfd, b->p, b->len);
	return 0;
}

/* Scan the stopped tracee when an event it asked for happens. */
static void scan_on_event(struct run_ctx *c, const struct tbx_event *ev)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	struct tbx_scan_stats st;

	if (!c->scanner)
		return;
	if (ev->kind == TBX_EV_EXEC && (c->scan_on & SCAN_EXEC))
		c->scan_event = "exec";
	else if (ev->kind == TBX_EV_EXITING && (c->scan_on & SCAN_EXIT))
		c->scan_event = "exit";
	else if (ev->kind == TBX_EV_SYSCALL_EXIT && (c->scan_on & SCAN_MPROTECT) &&
		 !sc->err && sc->arch == TBX_ARCH_X86_64 &&
		 (((sc->nr == TBX_NR64_mprotect || sc->nr == TBX_NR64_pkey_mprotect) &&
		   (sc->args[2] & PROT_EXEC)) ||
		  (sc->nr == TBX_NR64_mmap && (sc->args[2] & PROT_EXEC))))
		c->scan_event = "mprotect-exec";
	else
		return;
	tbx_scanner_scan_pid(c->scanner, ev->pid, &st);
}

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

	scan_on_event(c, ev);
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
	bool scan_mprotect;
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

static int build(struct run_state *s, bool log, bool audit, uint64_t drop,
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
	if (p->npaths || p->default_ro || p->nbinds || s->scan_mprotect) {
		s->trace_set = calloc((tbx_syscall_count() + 7) / 8, 1);
		if (!s->trace_set)
			return -ENOMEM;
		if (p->npaths || p->default_ro || p->nbinds)
			tbx_sandbox_path_calls(s->trace_set);
		if (s->scan_mprotect) {
			/* --scan-on mprotect-exec: memory becoming executable */
			static const int nrs[] = { TBX_NR64_mprotect, TBX_NR64_pkey_mprotect,
						   TBX_NR64_mmap };
			for (unsigned k = 0; k < 3; k++)
				s->trace_set[nrs[k] / 8] |= (uint8_t)(1u << (nrs[k] % 8));
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

static int parse_scan_on(const char *list, unsigned *on)
{
	char buf[128], *save = NULL, *w;

	snprintf(buf, sizeof(buf), "%s", list);
	*on = 0;
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "exec"))
			*on |= SCAN_EXEC;
		else if (!strcmp(w, "mprotect-exec"))
			*on |= SCAN_MPROTECT;
		else if (!strcmp(w, "exit"))
			*on |= SCAN_EXIT;
		else {
			fprintf(stderr, "tracebox: --scan-on: unknown event '%s'"
				" (exec, mprotect-exec, exit)\n", w);
			return -1;
		}
	}
	return 0;
}

static int add_scan_rules(struct run_ctx *c, const char *path)
{
	int e;

	if (!c->scanner) {
		struct tbx_scan_opts so = { .sz = sizeof(so), .on_match = on_scan_match,
					    .ctx = c, .log = cli_log };
		e = tbx_scanner_new(&so, &c->scanner);
		if (e) {
			fprintf(stderr, "tracebox: scanner: %s\n", strerror(-e));
			return -1;
		}
	}
	e = tbx_scanner_add_yara_file(c->scanner, path);
	if (e) {
		if (e != -EINVAL)	/* syntax errors were logged as FILE:LINE */
			fprintf(stderr, "tracebox: %s: %s\n", path, strerror(-e));
		return -1;
	}
	return 0;
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
		if (!strcmp(a, "--scan-rules") || !strcmp(a, "--scan-on")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tracebox: %s needs an argument\n", a);
				goto out;
			}
			if (!strcmp(a, "--scan-on")) {
				if (parse_scan_on(argv[++i], &ctx.scan_on))
					goto out;
			} else if (add_scan_rules(&ctx, argv[++i])) {
				goto out;
			}
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
	if (s.pol.note[0])
		fprintf(stderr, "tracebox: note: %s\n", s.pol.note);
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
	if (ctx.scanner && !ctx.scan_on)
		ctx.scan_on = SCAN_EXEC | SCAN_EXIT;
	s.scan_mprotect = ctx.scanner && (ctx.scan_on & SCAN_MPROTECT);
	if (!audit && getuid() == 0)
		to.drop_caps = caps_to_drop(&s.pol);
	e = build(&s, logpath || json || !ctx.quiet, audit, to.drop_caps, argv[i], err,
		  sizeof(err));
	if (e) {
		fprintf(stderr, "tracebox: %s\n", err);
		goto out;
	}
	to.flags = TBX_TRACE_FOLLOW | TBX_TRACE_DECODE | TBX_TRACE_NO_NEW_PRIVS;
	if (ctx.scanner && (ctx.scan_on & SCAN_EXIT))
		to.flags |= TBX_TRACE_EXIT_EVENTS;
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
	tbx_scanner_free(ctx.scanner);
	state_free(&s);
	return rc;
}

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
#include <sys/mman.h>
#include <unistd.h>
#include "cli.h"
#include "tracebox/sandbox.h"
#include "output/output.h"
#include "decode/decode.h"
#include "tracebox/scan.h"
#include "syscallent.h"

static void run_usage(FILE *f)
{
	fputs("usage: tracebox run [RULES] [--policy FILE] [--log FILE] [--json] [--audit] [--stealth]\n"
	      "                      -- PROGRAM [ARGS...]\n"
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
	      "  --stealth      the program cannot tell it is traced (ptrace, TracerPid,\n"
	      "                 parent name, timing)\n"
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
	struct run_ctx ctx = { .logfd = 2 };
	struct tbx_tracer_opts to = { .sz = sizeof(to) };
	/* rules are collected first: the sandbox options depend on all flags */
	const char **rules = calloc((size_t)argc + 1, 2 * sizeof(char *));
	unsigned nrules = 0;
	const char *logpath = NULL;
	bool audit = false, json = false, stealth = false;
	char err[600];
	tbx_sandbox *sb = NULL;
	tbx_tracer *t = NULL;
	int i, e, rc = 2;

	if (!rules) {
		fprintf(stderr, "tracebox: out of memory\n");
		return 1;
	}
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
			free(rules);
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
		if (!strcmp(a, "--stealth")) {
			stealth = true;
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
				rules[2 * nrules] = "--policy";
				rules[2 * nrules++ + 1] = argv[++i];
			} else {
				const char *v = argv[++i];
				if (strncmp(v, "inject=", 7)) {
					fprintf(stderr, "tracebox: run: -e takes inject=... only\n");
					goto out;
				}
				rules[2 * nrules] = "inject";
				rules[2 * nrules++ + 1] = v + 7;
			}
			continue;
		}
		arity = strncmp(a, "--", 2) ? -1 : tbx_sandbox_rule_arity(a + 2);
		if (arity < 0) {
			fprintf(stderr, "tracebox: run: unknown option '%s'\n", a);
			run_usage(stderr);
			goto out;
		}
		if (arity && i + 1 >= argc) {
			fprintf(stderr, "tracebox: %s needs an argument\n", a);
			goto out;
		}
		rules[2 * nrules] = a + 2;
		rules[2 * nrules++ + 1] = arity ? argv[++i] : NULL;
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
	if (ctx.scanner && !ctx.scan_on)
		ctx.scan_on = SCAN_EXEC | SCAN_EXIT;
	{
		/* --scan-on mprotect-exec: memory becoming executable */
		static const long mprot[] = { TBX_NR64_mprotect, TBX_NR64_pkey_mprotect,
					      TBX_NR64_mmap };
		struct tbx_sandbox_opts so = {
			.sz = sizeof(so), .audit = audit, .log = logpath || json || !ctx.quiet,
			.log_fn = cli_log, .stealth = stealth,
		};
		if (ctx.scanner && (ctx.scan_on & SCAN_MPROTECT)) {
			so.extra_calls = mprot;
			so.nextra = 3;
		}
		e = tbx_sandbox_new(&so, &sb);
		if (e) {
			fprintf(stderr, "tracebox: %s\n", strerror(-e));
			goto out;
		}
	}
	for (unsigned k = 0; k < nrules; k++) {
		const char *w = rules[2 * k], *v = rules[2 * k + 1];
		e = !strcmp(w, "--policy") ? tbx_sandbox_policy_file(sb, v, err, sizeof(err)) :
		    tbx_sandbox_rule(sb, w, v, err, sizeof(err));
		if (e) {
			if (!strcmp(w, "--policy") || !strcmp(w, "inject"))
				fprintf(stderr, "tracebox: %s\n", err);
			else
				fprintf(stderr, "tracebox: --%s %s: %s\n", w, v ? v : "", err);
			goto out;
		}
	}
	if (tbx_sandbox_note(sb))
		fprintf(stderr, "tracebox: note: %s\n", tbx_sandbox_note(sb));
	to.flags = TBX_TRACE_DECODE;
	if (ctx.scanner && (ctx.scan_on & SCAN_EXIT))
		to.flags |= TBX_TRACE_EXIT_EVENTS;
	to.log = cli_log;
	e = tbx_sandbox_apply(sb, argv[i], &to, err, sizeof(err));
	if (e) {
		fprintf(stderr, "tracebox: %s\n", err);
		goto out;
	}
	if ((rc = cli_tracer_new(&to, false, &t)) || (rc = cli_tracer_spawn(t, argv + i)))
		goto out;
	rc = cli_tracer_run(t, on_event, &ctx, true);
out:
	cli_tracer_free(t);
	if (ctx.logfd > 2)
		close(ctx.logfd);
	sb_free(&ctx.line);
	tbx_scanner_free(ctx.scanner);
	tbx_sandbox_free(sb);
	free(rules);
	return rc;
}

/* tracebox ps: which processes are being traced, and by whom. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "output/output.h"

struct ps_ctx {
	bool json;
	unsigned n;
};

static int show(const struct tbx_traced *t, void *vctx)
{
	struct ps_ctx *c = vctx;
	struct tbx_sbuf b = { 0 };

	if (c->json) {
		sb_printf(&b, "{\"pid\":%d,\"tid\":%d,\"comm\":", t->pid, t->tid);
		tbx_json_str(&b, (const unsigned char *)t->comm, strlen(t->comm));
		sb_printf(&b, ",\"tracer\":%d,\"tracer_comm\":", t->tracer);
		tbx_json_str(&b, (const unsigned char *)t->tracer_comm, strlen(t->tracer_comm));
		sb_printf(&b, ",\"tracer_kind\":\"%s\"}\n", tbx_tracer_kind_name(t->kind));
	} else {
		if (!c->n)
			sb_printf(&b, "%7s %7s %-16s %7s %-16s %s\n", "PID", "TID", "COMMAND",
				  "TRACER", "TRACER-COMMAND", "KIND");
		sb_printf(&b, "%7d %7d %-16s %7d %-16s %s\n", t->pid, t->tid, t->comm,
			  t->tracer, t->tracer_comm, tbx_tracer_kind_name(t->kind));
	}
	c->n++;
	if (!b.oom)
		fwrite(b.p, 1, b.len, stdout);
	sb_free(&b);
	return 0;
}

int cmd_ps(int argc, char **argv)
{
	struct ps_ctx c = { 0 };
	unsigned unreadable = 0;
	int e;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			c.json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			puts("usage: tracebox ps [--json]\n\n"
			     "Lists the threads that are being traced (ptrace), with the tracer's\n"
			     "pid and command, and whether it is tracebox, strace, gdb, ltrace or other.");
			return 0;
		} else {
			fprintf(stderr, "tracebox: ps: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	e = tbx_traced_each(show, &c, &unreadable);
	if (e) {
		fprintf(stderr, "tracebox: ps: %s\n", strerror(-e));
		return 1;
	}
	if (!c.json)
		fprintf(stderr, "tracebox: %u traced thread%s%s", c.n, c.n == 1 ? "" : "s",
			unreadable ? "" : "\n");
	if (!c.json && unreadable)
		fprintf(stderr, "; %u processes not readable (run as root to see all)\n", unreadable);
	return 0;
}

/* tracebox trace: wire the tracer's events into an output format. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

struct run_ctx {
	tbx_output *out;
	int quiet;
	int err;
};

static int on_event(const struct tbx_event *ev, void *vctx)
{
	struct run_ctx *c = vctx;
	int e;

	if (ev->kind == TBX_EV_DETACHED && !c->quiet)
		fprintf(stderr, "tracebox: Process %d detached\n", ev->tid);
	e = tbx_output_event(c->out, ev);
	if (e && !c->err) {
		c->err = e;
		fprintf(stderr, "tracebox: writing the trace: %s\n", strerror(-e));
	}
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o;
	struct run_ctx ctx = { 0 };
	tbx_tracer *t = NULL;
	char err[512];
	int e, rc = 0;

	e = trace_opts_parse(argc, argv, &o, err, sizeof(err));
	if (e) {
		if (e < 0)
			fprintf(stderr, "tracebox: %s\n", err);
		trace_opts_free(&o);
		return e < 0 ? 2 : 0;
	}
	o.tr.log = cli_log;
	e = tbx_output_new(&o.out, &ctx.out);
	if (e) {
		fprintf(stderr, "tracebox: %s: %s\n", o.out.path ? o.out.path : "output",
			strerror(-e));
		trace_opts_free(&o);
		return 2;
	}
	ctx.quiet = o.quiet;
	if ((rc = cli_tracer_new(&o.tr, o.npids > 0, &t)))
		goto out;
	if (o.argv) {
		if ((rc = cli_tracer_spawn(t, o.argv)))
			goto out;
	} else {
		unsigned ok = 0;
		for (unsigned i = 0; i < o.npids; i++) {
			e = tbx_tracer_attach(t, o.pids[i]);
			if (e == -ESRCH)
				fprintf(stderr, "tracebox: attach: pid %d: No such process\n", o.pids[i]);
			else if (e && e != -EPERM)
				fprintf(stderr, "tracebox: attach: pid %d: %s\n", o.pids[i], strerror(-e));
			else if (!e) {
				ok++;
				if (!o.quiet)
					fprintf(stderr, "tracebox: Process %d attached\n", o.pids[i]);
			}
		}
		if (!ok) {
			rc = 1;
			goto out;
		}
	}
	rc = cli_tracer_run(t, on_event, &ctx, o.argv != NULL);
	tbx_output_finish(ctx.out);
out:
	cli_tracer_free(t);
	tbx_output_free(ctx.out);
	trace_opts_free(&o);
	return rc;
}

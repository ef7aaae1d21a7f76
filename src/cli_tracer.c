/* The tracer's life in the commands that trace (trace, run, proxy): made,
 * made non-dumpable, a program spawned, run to the end, and the program's
 * exit status returned.
 *
 * Signals to tracebox itself while it traces: SIGTERM and SIGHUP (and,
 * when attached to running processes, SIGINT and SIGQUIT) make the tracer
 * let go — detach from attached processes, kill spawned ones. With a
 * spawned command, Ctrl-C reaches the command through the terminal and
 * tracebox stays to report how it ended. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static tbx_tracer *volatile g_tracer;

/* The loop may be asleep in waitpid for an idle tracee: SIGALRM, repeated
 * each second until the loop ends, makes that wait return with EINTR, so a
 * stop request is never left waiting. */
static void on_stop(int sig)
{
	(void)sig;
	if (g_tracer) {
		tbx_tracer_stop(g_tracer);
		alarm(1);
	}
}

static void on_alarm(int sig)
{
	(void)sig;
	if (g_tracer)
		alarm(1);
}

void cli_signals_begin(tbx_tracer *t, bool interrupt_stops)
{
	struct sigaction sa;

	g_tracer = t;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: waitpid returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!interrupt_stops)
		sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

void cli_signals_end(void)
{
	g_tracer = NULL;
	alarm(0);
}

int cli_tracer_new(const struct tbx_tracer_opts *to, bool attaching, tbx_tracer **t)
{
	int e = tbx_tracer_new(to, t);

	if (e) {
		fprintf(stderr, "tracebox: %s\n", strerror(-e));
		return 2;
	}
	/* Other processes of this user must not be able to ptrace the
	 * tracer, nor read its memory. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	cli_signals_begin(*t, attaching);
	return 0;
}

int cli_tracer_spawn(tbx_tracer *t, char **argv)
{
	int e = tbx_tracer_spawn(t, argv, NULL);

	if (!e)
		return 0;
	if (e == -EADDRNOTAVAIL)	/* --from's symbol: logged */
		return 2;
	fprintf(stderr, "tracebox: %s: %s\n", argv[0], strerror(-e));
	return e == -ENOENT ? 127 : 126;
}

int cli_tracer_run(tbx_tracer *t, tbx_event_fn cb, void *ctx, bool spawned)
{
	int status, e = tbx_tracer_run(t, cb, ctx);

	if (e)
		fprintf(stderr, "tracebox: %s\n", strerror(-e));
	if (!spawned)
		return e ? 1 : 0;
	if (tbx_tracer_exit_status(t, &status) == 0)
		return wait_status_to_exit(status);
	return 1;
}

void cli_tracer_free(tbx_tracer *t)
{
	cli_signals_end();
	tbx_tracer_free(t);
}

/* Signals to tracebox itself while it traces: SIGTERM and SIGHUP (and,
 * when attached to running processes, SIGINT and SIGQUIT) make the tracer
 * let go — detach from attached processes, kill spawned ones. With a
 * spawned command, Ctrl-C reaches the command through the terminal and
 * tracebox stays to report how it ended. */
#include <signal.h>
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

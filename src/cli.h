/* The tracebox command: argument parsing and wiring over libtracebox. */
#ifndef TBX_CLI_H
#define TBX_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracebox/tracebox.h"

#define TBX_MAX_PIDS 256

struct trace_opts {
	struct tbx_tracer_opts tr;
	struct tbx_output_opts out;
	uint8_t *set;			/* -e trace= bitmap, NULL = all */
	uint8_t sigset[9];		/* -e signal= */
	bool have_sigset;
	pid_t pids[TBX_MAX_PIDS];
	unsigned npids;
	char **argv;			/* the command, or NULL with -p */
	int quiet;
	bool summary_only;		/* -c */
};

/* Parse "tracebox trace" arguments (argv[0] is "trace"). Returns 0, or
 * 1 after printing help/version, or -1 with a message in err. */
int trace_opts_parse(int argc, char **argv, struct trace_opts *o, char *err,
		     size_t errlen);
void trace_opts_free(struct trace_opts *o);
int cmd_trace(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_proxy(int argc, char **argv);

/* Exit status the way a shell reports a wait status. */
int wait_status_to_exit(int wstatus);
void cli_log(enum tbx_log_level lvl, const char *msg, void *ctx);
/* The tracer's life (src/cli_tracer.c). Each returns 0 or the exit
 * status to give, with the message printed. attaching: Ctrl-C detaches. */
int cli_tracer_new(const struct tbx_tracer_opts *to, bool attaching, tbx_tracer **t);
int cli_tracer_spawn(tbx_tracer *t, char **argv);
/* Run to the end: the spawned program's exit status (1 when unknown);
 * attached (!spawned): 0, or 1 on error. */
int cli_tracer_run(tbx_tracer *t, tbx_event_fn cb, void *ctx, bool spawned);
void cli_tracer_free(tbx_tracer *t);	/* signals back to normal too */
void cli_signals_begin(tbx_tracer *t, bool interrupt_stops);
void cli_signals_end(void);

#endif

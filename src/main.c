/* tracebox: one command, several jobs. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "cli.h"

static void usage(FILE *f)
{
	fputs("usage: tracebox COMMAND [OPTIONS] [-- PROGRAM [ARGS...]]\n"
	      "\n"
	      "commands:\n"
	      "  trace   show every system call a program makes, decoded (strace-compatible)\n"
	      "  run     run a program under a sandbox policy: deny, fake, rewrite calls\n"
	      "  ps      list the processes being traced, and by whom\n"
	      "  scan    search live processes' memory for YARA rules, strings, hex, regexes\n"
	      "  proxy   run a program here while chosen calls execute in a tracebox serve\n"
	      "  serve   execute the calls of tracebox proxy (--stdio under ssh, or --listen)\n"
	      "\n"
	      "'tracebox trace -h' lists the options; 'man tracebox' has the details.\n", f);
}

int wait_status_to_exit(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

void cli_log(enum tbx_log_level lvl, const char *msg, void *ctx)
{
	(void)ctx;
	if (lvl <= TBX_LOG_WARN)
		fprintf(stderr, "tracebox: %s\n", msg);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(argv[1], "scan"))
		return cmd_scan(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ps"))
		return cmd_ps(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "proxy"))
		return cmd_proxy(argc - 1, argv + 1);
	if (!strcmp(argv[1], "serve"))
		return cmd_serve(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("tracebox %s\n", TBX_VERSION);
		return 0;
	}
	fprintf(stderr, "tracebox: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}

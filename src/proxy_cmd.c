/* tracebox proxy: run a program here while chosen calls of it execute in
 * a `tracebox serve` (lib/proxy/client.c does the work). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "tracebox/proxy.h"

static void proxy_usage(FILE *f)
{
	fputs("usage: tracebox proxy (--remote 'CMD...' | --connect ADDR [--token-file F])\n"
	      "                      --calls SET [--from SYMBOL] [-f] [-v] -- PROGRAM [ARGS...]\n"
	      "\n"
	      "Runs PROGRAM here; the calls in SET execute in a `tracebox serve` instead,\n"
	      "and so do all calls on the file descriptors they return.\n"
	      "\n"
	      "  --remote 'CMD...'  start the server with sh -c, talking on its stdin/stdout:\n"
	      "                     --remote 'ssh host tracebox serve --stdio'\n"
	      "  --connect ADDR     a running `tracebox serve --listen`: unix:PATH, tcp:HOST:PORT\n"
	      "  --token-file F     the token the server asks for (first line of F)\n"
	      "  --calls SET        as strace's -e trace=: names, %file, %network, %desc...\n"
	      "  --from SYMBOL      proxy only once the program enters SYMBOL (e.g. main): the\n"
	      "                     loader and libc start-up run here, on local files\n"
	      "                     (stripped programs too: main is found through libc)\n"
	      "  -f                 accepted for strace users: children are always followed\n"
	      "                     (they inherit remote descriptors)\n"
	      "  -v                 show each proxied call on stderr\n"
	      "\n"
	      "Without --from, the dynamic loader's opens are proxied like any other:\n"
	      "the server must then have the program's libraries at the same paths.\n", f);
}

struct proxy_ctx {
	tbx_output *out;	/* -v */
};

static int on_event(const struct tbx_event *ev, void *vctx)
{
	struct proxy_ctx *c = vctx;

	if (c->out && (ev->kind == TBX_EV_SYSCALL_ENTER || ev->kind == TBX_EV_SYSCALL_EXIT) &&
	    tbx_proxy_handled(ev))
		tbx_output_event(c->out, ev);
	return 0;
}

/* The first line of path, for --token-file. */
static char *read_token(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = 0;
	buf[strcspn(buf, "\r\n")] = 0;
	return strdup(buf);
}

int cmd_proxy(int argc, char **argv)
{
	struct tbx_proxy_opts po = { .sz = sizeof(po), .log_fn = cli_log };
	struct tbx_tracer_opts to = { .sz = sizeof(to), .log = cli_log };
	struct proxy_ctx ctx = { 0 };
	const char *token_file = NULL;
	char *token = NULL, err[512];
	bool verbose = false;
	tbx_proxy *px = NULL;
	tbx_tracer *t = NULL;
	int i, e, rc = 2;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char **val = !strcmp(a, "--remote") ? &po.remote :
				   !strcmp(a, "--connect") ? &po.connect :
				   !strcmp(a, "--calls") ? &po.calls :
				   !strcmp(a, "--token-file") ? &token_file :
				   !strcmp(a, "--from") ? &to.from : NULL;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			proxy_usage(stdout);
			return 0;
		}
		if (!strcmp(a, "-v") || !strcmp(a, "-f")) {
			verbose |= a[1] == 'v';
			continue;
		}
		if (!val) {
			fprintf(stderr, "tracebox: proxy: unknown option '%s'\n", a);
			proxy_usage(stderr);
			return 2;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "tracebox: %s needs an argument\n", a);
			return 2;
		}
		*val = argv[++i];
	}
	if (i >= argc) {
		fprintf(stderr, "tracebox: proxy: no PROGRAM given\n");
		proxy_usage(stderr);
		return 2;
	}
	if (token_file) {
		token = read_token(token_file);
		if (!token) {
			fprintf(stderr, "tracebox: %s: %s\n", token_file, strerror(errno));
			return 2;
		}
		po.token = token;
	}
	e = tbx_proxy_new(&po, &px, err, sizeof(err));
	if (e) {
		fprintf(stderr, "tracebox: proxy: %s\n", err);
		rc = e == -EINVAL ? 2 : 1;
		goto out;
	}
	if (verbose && tbx_proxy_note(px))
		fprintf(stderr, "tracebox: note: %s\n", tbx_proxy_note(px));
	if (verbose) {
		struct tbx_output_opts oo = { .sz = sizeof(oo), .fd = 2,
					      .flags = TBX_OUT_PIDS | TBX_OUT_QUIET_EXIT };
		to.flags |= TBX_TRACE_DECODE;
		if (tbx_output_new(&oo, &ctx.out))
			goto out;
	}
	tbx_proxy_apply(px, &to);
	if ((rc = cli_tracer_new(&to, false, &t)) || (rc = cli_tracer_spawn(t, argv + i)))
		goto out;
	rc = cli_tracer_run(t, on_event, &ctx, true);
out:
	cli_tracer_free(t);
	if (ctx.out) {
		tbx_output_finish(ctx.out);
		tbx_output_free(ctx.out);
	}
	tbx_proxy_free(px);
	free(token);
	return rc;
}

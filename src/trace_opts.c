/* Options of "tracebox trace": strace's, plus --json and --no-seccomp. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "decode/decode.h"
#include "util/util.h"

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static void trace_usage(void)
{
	fputs("usage: tracebox trace [OPTIONS] -- PROGRAM [ARGS...]\n"
	      "       tracebox trace [OPTIONS] -p PID[,PID...]\n"
	      "\n"
	      "  -f            follow forks, vforks, clones and threads\n"
	      "  -ff           with -o FILE: one file per process, FILE.PID\n"
	      "  -p PID        attach to a running process (repeatable, comma lists)\n"
	      "  -o FILE       write the trace to FILE\n"
	      "  -e trace=SET  calls to show: names, %file %process %network %signal\n"
	      "                %memory %desc %ipc %creds %clock %stat..., /REGEX, !SET\n"
	      "  -e status=successful|failed|unfinished|unavailable|detached\n"
	      "  -e signal=SET signals to show (none, all, names, !SET)\n"
	      "  -c            count time, calls and errors per call; table at the end\n"
	      "  -C            like -c, and the trace too\n"
	      "  -S SORT       sort -c table by time, calls, errors, name\n"
	      "  -T            time spent in each call\n"
	      "  -t, -tt, -ttt time of day, with microseconds, seconds since the epoch\n"
	      "  -r            time since the previous call\n"
	      "  -y            paths of file descriptors\n"
	      "  -s N          show at most N bytes of strings (default 32)\n"
	      "  -a N          align return values at column N (default 40)\n"
	      "  -v            unabbreviated structures\n"
	      "  -x, -xx       non-ASCII / all string bytes in hex\n"
	      "  -q, -qq       no attach/detach messages; no exit lines either\n"
	      "  -z, -Z        only successful / only failed calls\n"
	      "  -k            stack trace of each call (at its exit)\n"
	      "  --from SYM    show calls only once the program reaches function SYM:\n"
	      "                SYM, LIB:SYM (libc.so.6:write, libc:write) or 0xADDR (an\n"
	      "                address as objdump shows it: for stripped programs)\n"
	      "  --until SYM   and none once it reaches SYM (same forms)\n"
	      "  --until-return  none once the --from function returns\n"
	      "  --from-thread only the thread that reached --from (default: its process)\n"
	      "  --json        one JSON object per line (pid, time, args, ret, errno...)\n"
	      "  --no-seccomp  stop on every call even when only some are shown\n"
	      "  --seccomp-bpf accepted for strace compatibility (the default)\n"
	      "  --stealth     the program cannot tell it is traced (ptrace, TracerPid,\n"
	      "                parent name); with -e trace=SET only SET stops, and the\n"
	      "                few calls stealth answers, so timing checks stay clean;\n"
	      "                follows children and threads (as -f)\n"
	      "  -h            this help\n", stdout);
}

static int parse_pids(const char *s, struct trace_opts *o, char *err, size_t len)
{
	char *copy = strdup(s), *save = NULL, *w;

	if (!copy)
		return fail(err, len, "out of memory");
	for (w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		char *end;
		long v = strtol(w, &end, 10);
		if (*end || v <= 0 || v > 0x7fffffff) {
			fail(err, len, "invalid process id: '%s'", w);
			free(copy);
			return -1;
		}
		if (o->npids == TBX_MAX_PIDS) {
			free(copy);
			return fail(err, len, "too many -p processes (max %d)", TBX_MAX_PIDS);
		}
		o->pids[o->npids++] = (pid_t)v;
	}
	free(copy);
	return 0;
}

static int parse_signals(const char *s, struct trace_opts *o, char *err, size_t len)
{
	bool neg = false;
	char *copy, *save = NULL, *w;

	memset(o->sigset, 0, sizeof(o->sigset));
	o->have_sigset = true;
	while (*s == '!') {
		neg = !neg;
		s++;
	}
	copy = strdup(s);
	if (!copy)
		return fail(err, len, "out of memory");
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int sig = 0;
		if (!strcmp(w, "all")) {
			memset(o->sigset, 0xff, sizeof(o->sigset));
			continue;
		}
		if (!strcmp(w, "none"))
			continue;
		for (int k = 1; k < 65 && !sig; k++) {
			char nb[32];
			const char *n = tbx_signame(k, nb, sizeof(nb));
			if (!strcasecmp(w, n) || (!strncmp(n, "SIG", 3) && !strcasecmp(w, n + 3)))
				sig = k;
		}
		if (!sig) {
			char *end;
			long v = strtol(w, &end, 10);
			if (*end || v < 1 || v > 64) {
				fail(err, len, "invalid signal '%s'", w);
				free(copy);
				return -1;
			}
			sig = (int)v;
		}
		tbx_bit_set(o->sigset, (unsigned long)sig);
	}
	free(copy);
	if (neg)
		for (size_t i = 0; i < sizeof(o->sigset); i++)
			o->sigset[i] = (uint8_t)~o->sigset[i];
	return 0;
}

static int parse_e(const char *arg, struct trace_opts *o, char *err, size_t len)
{
	const char *eq = strchr(arg, '=');
	const char *val = eq ? eq + 1 : arg;
	size_t klen = eq ? (size_t)(eq - arg) : 0;

	if (!eq || (klen == 5 && !strncmp(arg, "trace", 5)) ||
	    (klen == 1 && arg[0] == 't')) {
		const char *bad = NULL;
		if (!o->set) {
			o->set = malloc((tbx_syscall_count() + 7) / 8);
			if (!o->set)
				return fail(err, len, "out of memory");
		}
		if (tbx_syscall_set_parse(val, o->set, &bad)) {
			if (!bad)
				bad = val;
			return fail(err, len, "invalid system call '%.*s'",
				    (int)strcspn(bad, ","), bad);
		}
		return 0;
	}
	if ((klen == 6 && !strncmp(arg, "status", 6)) || (klen == 1 && arg[0] == 's' && 0)) {
		o->out.flags &= ~(unsigned)(TBX_OUT_ONLY_OK | TBX_OUT_ONLY_FAILED);
		if (!strcmp(val, "successful"))
			o->out.flags |= TBX_OUT_ONLY_OK;
		else if (!strcmp(val, "failed"))
			o->out.flags |= TBX_OUT_ONLY_FAILED;
		else if (strcmp(val, "all"))
			return fail(err, len, "unsupported status '%s' (successful, failed, all)", val);
		return 0;
	}
	if ((klen == 6 && !strncmp(arg, "signal", 6)) || (klen == 7 && !strncmp(arg, "signals", 7))) {
		if (!strcmp(val, "none")) {
			o->out.flags |= TBX_OUT_NO_SIGNALS;
			return 0;
		}
		return parse_signals(val, o, err, len);
	}
	if ((klen == 7 && !strncmp(arg, "verbose", 7)) || (klen == 6 && !strncmp(arg, "abbrev", 6))) {
		if (!strcmp(val, "all") && arg[0] == 'v')
			o->tr.flags |= TBX_TRACE_VERBOSE;
		if (!strcmp(val, "none") && arg[0] == 'a')
			o->tr.flags |= TBX_TRACE_VERBOSE;
		return 0;
	}
	return fail(err, len, "invalid -e qualifier '%.*s'", (int)klen, arg);
}

enum { OPT_FROM = 300, OPT_UNTIL, OPT_UNTIL_RETURN, OPT_FROM_THREAD };
enum { OPT_JSON = 256, OPT_NO_SECCOMP, OPT_SECCOMP_BPF, OPT_STEALTH };

int trace_opts_parse(int argc, char **argv, struct trace_opts *o, char *err,
		     size_t errlen)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "until-return", no_argument, NULL, OPT_UNTIL_RETURN },
		{ "from-thread", no_argument, NULL, OPT_FROM_THREAD },
		{ "no-seccomp", no_argument, NULL, OPT_NO_SECCOMP },
		{ "seccomp-bpf", no_argument, NULL, OPT_SECCOMP_BPF },
		{ "stealth", no_argument, NULL, OPT_STEALTH },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "attach", required_argument, NULL, 'p' },
		{ "summary-only", no_argument, NULL, 'c' },
		{ "summary", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	int c, follow = 0, tflag = 0, xflag = 0;
	bool json = false;

	memset(o, 0, sizeof(*o));
	o->tr.sz = sizeof(o->tr);
	o->tr.flags = TBX_TRACE_DECODE | TBX_TRACE_COLOCATE;
	o->out.sz = sizeof(o->out);
	o->out.fd = 2;
	optind = 0;	/* glibc: 0 also forgets a half-read "-abc" cluster */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hfo:e:p:cCS:Tts:a:ryvqzZxkV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			trace_usage();
			return 1;
		case 'V':
			printf("tracebox %s\n", TBX_VERSION);
			return 1;
		case 'f':
			follow++;
			break;
		case 'o':
			o->out.path = optarg;
			break;
		case 'e':
			if (parse_e(optarg, o, err, errlen))
				return -1;
			break;
		case 'p':
			if (parse_pids(optarg, o, err, errlen))
				return -1;
			break;
		case 'c':
			o->summary_only = true;
			break;
		case 'C':
			o->out.flags |= TBX_OUT_SUMMARY_TOO;
			break;
		case 'S':
			if (strcmp(optarg, "time") && strcmp(optarg, "calls") &&
			    strcmp(optarg, "errors") && strcmp(optarg, "name") &&
			    strcmp(optarg, "nothing"))
				return fail(err, errlen, "invalid sortby: '%s'", optarg);
			o->out.summary_sort = optarg;
			break;
		case 'T':
			o->out.flags |= TBX_OUT_DURATION;
			break;
		case 't':
			tflag++;
			break;
		case 'r':
			o->out.flags |= TBX_OUT_RELTIME;
			break;
		case 'y':
			o->tr.flags |= TBX_TRACE_FD_PATHS;
			break;
		case 's': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 1 << 20)
				return fail(err, errlen, "invalid -s argument: '%s'", optarg);
			o->tr.strsize = (unsigned)v;
			if (!v)	/* strace: -s 0 shows "" ... */
				o->tr.strsize = 0;
			break;
		}
		case 'a': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 1000)
				return fail(err, errlen, "invalid -a argument: '%s'", optarg);
			o->out.column = v ? (unsigned)v : 1;
			break;
		}
		case 'v':
			o->tr.flags |= TBX_TRACE_VERBOSE;
			break;
		case 'q':
			o->quiet++;
			break;
		case 'z':
			o->out.flags |= TBX_OUT_ONLY_OK;
			o->out.flags &= ~(unsigned)TBX_OUT_ONLY_FAILED;
			break;
		case 'Z':
			o->out.flags |= TBX_OUT_ONLY_FAILED;
			o->out.flags &= ~(unsigned)TBX_OUT_ONLY_OK;
			break;
		case 'x':
			xflag++;
			break;
		case 'k':
			o->tr.flags |= TBX_TRACE_STACK;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_FROM:
			o->tr.from = optarg;
			break;
		case OPT_UNTIL:
			o->tr.until = optarg;
			break;
		case OPT_UNTIL_RETURN:
			o->tr.flags |= TBX_TRACE_UNTIL_RETURN;
			break;
		case OPT_FROM_THREAD:
			o->tr.flags |= TBX_TRACE_FROM_THREAD;
			break;
		case OPT_NO_SECCOMP:
			o->tr.flags |= TBX_TRACE_NO_SECCOMP;
			break;
		case OPT_SECCOMP_BPF:
			break;
		case OPT_STEALTH:
			o->tr.flags |= TBX_TRACE_STEALTH;
			break;
		case ':':
			return fail(err, errlen, "option requires an argument -- '%c'", optopt);
		default:
			if (optopt)
				return fail(err, errlen, "invalid option -- '%c'", optopt);
			return fail(err, errlen, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
	if (!o->argv && !o->npids)
		return fail(err, errlen, "must have PROGRAM [ARGS] or -p PID\n"
			    "Try 'tracebox trace -h' for more information.");
	if (o->argv && o->npids)
		return fail(err, errlen, "-p and a PROGRAM cannot be used together");
	if (!o->tr.from && (o->tr.flags & (TBX_TRACE_UNTIL_RETURN | TBX_TRACE_FROM_THREAD)))
		return fail(err, errlen, "--until-return and --from-thread need --from");
	if (o->tr.until && (o->tr.flags & TBX_TRACE_UNTIL_RETURN))
		return fail(err, errlen, "--until and --until-return cannot be used together");
	if (follow)
		o->tr.flags |= TBX_TRACE_FOLLOW;
	if (follow > 1 && o->out.path)
		o->out.flags |= TBX_OUT_PER_PID_FILES;
	else if (follow && o->out.path)
		o->out.flags |= TBX_OUT_PID_COLUMN;
	o->out.flags |= TBX_OUT_PIDS;
	if (tflag == 1)
		o->out.flags |= TBX_OUT_TIME;
	else if (tflag == 2)
		o->out.flags |= TBX_OUT_TIME_US;
	else if (tflag > 2)
		o->out.flags |= TBX_OUT_TIME_EPOCH;
	if (xflag == 1)
		o->out.flags |= TBX_OUT_XESCAPE;
	else if (xflag > 1)
		o->out.flags |= TBX_OUT_XXESCAPE;
	if (o->quiet > 1)
		o->out.flags |= TBX_OUT_QUIET_EXIT;
	if (o->have_sigset)
		o->out.signal_set = o->sigset;
	o->out.format = json ? TBX_FMT_JSON : o->summary_only ? TBX_FMT_SUMMARY : TBX_FMT_TEXT;
	if (o->summary_only)
		o->tr.flags &= ~(unsigned)TBX_TRACE_DECODE;	/* counting needs no decoding */
	o->tr.trace_set = o->set;
	return 0;
}

void trace_opts_free(struct trace_opts *o)
{
	free(o->set);
	o->set = NULL;
}

/* tracebox scan: argument parsing and output over the library's scanner. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "tracebox/scan.h"

static volatile sig_atomic_t g_stop;	/* the signal that asked us to stop */

static void on_stop(int sig)
{
	g_stop = sig;
}

struct rule_count {
	const char *rule;
	uint64_t n;
};

struct scan_cli {
	pid_t pids[TBX_MAX_PIDS];
	unsigned npids;
	bool all, json, count, nocase, wide;
	const char **rules, **defs, **strs, **hexes, **regexes;
	unsigned nrules, ndefs, nstrs, nhexes, nregexes;
	struct tbx_scan_opts so;
	double timeout;
	/* output state */
	bool progress;			/* stderr is a terminal */
	bool progress_shown;
	uint64_t last_draw;
	struct rule_count *counts;
	size_t ncounts;
	int werr;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void usage(FILE *f)
{
	fputs("usage: tracebox scan (-p PID ... | --all) (-r RULES.yar | --string S | --hex HEX | --regex RE)... [OPTIONS]\n"
	      "\n"
	      "  -p PID            scan this process (repeatable)\n"
	      "  --all             scan every process we may read\n"
	      "  -r FILE           YARA rules (repeatable)\n"
	      "  -d VAR=VALUE      define a YARA external variable\n"
	      "  --string S        literal string (repeatable); --nocase, --wide (also UTF-16LE)\n"
	      "  --hex 'DE AD ?? EF'  hex pattern, YARA syntax (jumps [n-m], alternatives)\n"
	      "  --regex RE        regular expression\n"
	      "  --json            one JSON object per match\n"
	      "  -c                count matches per rule only\n"
	      "  --timeout S       stop after S seconds\n"
	      "  --maps LIST       only heap,stack,anon,file,exec regions\n"
	      "  --max-region SIZE skip larger regions (K, M, G suffixes)\n"
	      "  --all-pages       also read pages the process never touched\n"
	      "  --freeze          stop all threads while scanning (always resumed)\n"
	      "  --dump DIR        write matched regions to DIR; --dump-all: every region\n"
	      "\n"
	      "exit status: 0 the scan ran (with or without matches), 2 error,\n"
	      "128+N stopped by signal N.\n", f);
}

/* ---- pattern and size arguments ---- */

static int parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': n <<= 10; end++; break;
	case 'm': case 'M': n <<= 20; end++; break;
	case 'g': case 'G': n <<= 30; end++; break;
	case 't': case 'T': n <<= 40; end++; break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end)
		return -1;
	*v = n;
	return 0;
}

static int parse_maps(const char *s, unsigned *mask)
{
	static const struct { const char *name; unsigned bit; } kinds[] = {
		{ "heap", TBX_SCAN_HEAP }, { "stack", TBX_SCAN_STACK },
		{ "anon", TBX_SCAN_ANON }, { "file", TBX_SCAN_FILE },
		{ "exec", TBX_SCAN_EXEC },
	};

	while (*s) {
		size_t n = strcspn(s, ",|"), i;

		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strlen(kinds[i].name) == n && !strncmp(s, kinds[i].name, n))
				break;
		if (i == sizeof(kinds) / sizeof(kinds[0])) {
			fprintf(stderr, "tracebox: --maps: unknown region kind '%.*s' "
				"(heap, stack, anon, file, exec)\n", (int)n, s);
			return -1;
		}
		*mask |= kinds[i].bit;
		s += n;
		if (*s)
			s++;
	}
	return 0;
}

static int push(const char ***v, unsigned *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

enum {
	OPT_ALL = 256, OPT_STRING, OPT_HEX, OPT_REGEX, OPT_NOCASE, OPT_WIDE,
	OPT_JSON, OPT_TIMEOUT, OPT_MAPS, OPT_MAXREGION, OPT_ALLPAGES,
	OPT_FREEZE, OPT_DUMP, OPT_DUMPALL,
};

/* 0, 1 after help, -1 on a usage error (reported). */
static int parse(int argc, char **argv, struct scan_cli *c)
{
	static const struct option lo[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "rules", required_argument, NULL, 'r' },
		{ "define", required_argument, NULL, 'd' },
		{ "string", required_argument, NULL, OPT_STRING },
		{ "hex", required_argument, NULL, OPT_HEX },
		{ "regex", required_argument, NULL, OPT_REGEX },
		{ "nocase", no_argument, NULL, OPT_NOCASE },
		{ "wide", no_argument, NULL, OPT_WIDE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "count", no_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "maps", required_argument, NULL, OPT_MAPS },
		{ "max-region", required_argument, NULL, OPT_MAXREGION },
		{ "all-pages", no_argument, NULL, OPT_ALLPAGES },
		{ "freeze", no_argument, NULL, OPT_FREEZE },
		{ "dump", required_argument, NULL, OPT_DUMP },
		{ "dump-all", no_argument, NULL, OPT_DUMPALL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, e = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "+p:r:d:ch", lo, NULL)) != -1) {
		char *end;
		long v;

		switch (ch) {
		case 'p':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v <= 0 || v > 0x3fffffff) {
				fprintf(stderr, "tracebox: -p: '%s' is not a process id\n", optarg);
				return -1;
			}
			if (c->npids == TBX_MAX_PIDS) {
				fprintf(stderr, "tracebox: too many -p (max %d)\n", TBX_MAX_PIDS);
				return -1;
			}
			c->pids[c->npids++] = (pid_t)v;
			break;
		case OPT_ALL: c->all = true; break;
		case 'r': e = push(&c->rules, &c->nrules, optarg); break;
		case 'd':
			if (!strchr(optarg, '=') || *optarg == '=') {
				fprintf(stderr, "tracebox: -d: expected VAR=VALUE, not '%s'\n", optarg);
				return -1;
			}
			e = push(&c->defs, &c->ndefs, optarg);
			break;
		case OPT_STRING: e = push(&c->strs, &c->nstrs, optarg); break;
		case OPT_HEX: e = push(&c->hexes, &c->nhexes, optarg); break;
		case OPT_REGEX: e = push(&c->regexes, &c->nregexes, optarg); break;
		case OPT_NOCASE: c->nocase = true; break;
		case OPT_WIDE: c->wide = true; break;
		case OPT_JSON: c->json = true; break;
		case 'c': c->count = true; break;
		case OPT_TIMEOUT:
			c->timeout = strtod(optarg, &end);
			if (end == optarg || *end || !(c->timeout > 0)) {
				fprintf(stderr, "tracebox: --timeout: '%s' is not a positive number of seconds\n", optarg);
				return -1;
			}
			break;
		case OPT_MAPS:
			if (parse_maps(optarg, &c->so.maps) < 0)
				return -1;
			break;
		case OPT_MAXREGION:
			if (parse_size(optarg, &c->so.max_region) < 0 || !c->so.max_region) {
				fprintf(stderr, "tracebox: --max-region: '%s' is not a size\n", optarg);
				return -1;
			}
			break;
		case OPT_ALLPAGES: c->so.all_pages = true; break;
		case OPT_FREEZE: c->so.freeze = true; break;
		case OPT_DUMP: c->so.dump_dir = optarg; break;
		case OPT_DUMPALL: c->so.dump_all = true; break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
		if (e) {
			fprintf(stderr, "tracebox: out of memory\n");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tracebox: scan: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!c->all && !c->npids) {
		fprintf(stderr, "tracebox: scan: which process? -p PID or --all\n");
		return -1;
	}
	if (c->all && c->npids) {
		fprintf(stderr, "tracebox: scan: -p and --all exclude each other\n");
		return -1;
	}
	if (!c->nrules && !c->nstrs && !c->nhexes && !c->nregexes) {
		fprintf(stderr, "tracebox: scan: nothing to look for: -r, --string, --hex or --regex\n");
		return -1;
	}
	if (c->so.dump_all && !c->so.dump_dir) {
		fprintf(stderr, "tracebox: scan: --dump-all needs --dump DIR\n");
		return -1;
	}
	return 0;
}

/* ---- output ---- */

static void clear_progress(struct scan_cli *c)
{
	if (c->progress_shown) {
		fputs("\r\033[K", stderr);
		c->progress_shown = false;
	}
}

static void on_progress(pid_t pid, uint64_t done, uint64_t total, void *ctx)
{
	struct scan_cli *c = ctx;
	uint64_t now;
	unsigned pct, i;
	char bar[31];

	if (!c->progress || !total)
		return;
	now = mono_ns();
	if (now - c->last_draw < 100000000u)
		return;
	c->last_draw = now;
	pct = (unsigned)(done * 100 / total);
	if (pct > 100)
		pct = 100;
	for (i = 0; i < 30; i++)
		bar[i] = i < pct * 30 / 100 ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r[%s] %3u%% pid %d  %llu/%llu MiB", bar, pct, (int)pid,
		(unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
	c->progress_shown = true;
}

static const char *region_path(const struct tbx_scan_region *r)
{
	if (!r)
		return "?";
	return *r->path ? r->path : "[anon]";
}

/* The matched bytes as a quoted C-style string. */
static void put_context(FILE *f, const uint8_t *p, size_t n, size_t total)
{
	size_t max = n < 64 ? n : 64;

	fputc('"', f);
	for (size_t i = 0; i < max; i++) {
		uint8_t b = p[i];

		if (b == '"' || b == '\\')
			fprintf(f, "\\%c", b);
		else if (b == '\n')
			fputs("\\n", f);
		else if (b == '\t')
			fputs("\\t", f);
		else if (b >= 0x20 && b < 0x7f)
			fputc(b, f);
		else
			fprintf(f, "\\x%02x", b);
	}
	fputc('"', f);
	if (total > max)
		fputs("...", f);
}

static void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
	if (s)
		json_str(f, s, strlen(s));
	else
		fputs("null", f);
}

static void print_json(const struct tbx_scan_match *m)
{
	FILE *f = stdout;
	const struct tbx_scan_region *r = m->region;

	fprintf(f, "{\"pid\":%d,", (int)m->pid);
	if (m->string_id)
		fprintf(f, "\"address\":\"0x%llx\",", (unsigned long long)m->addr);
	else
		fputs("\"address\":null,", f);
	if (r) {
		fprintf(f, "\"region\":{\"start\":\"0x%llx\",\"end\":\"0x%llx\",\"perms\":\"%s\",\"path\":",
			(unsigned long long)r->start, (unsigned long long)r->end, r->perms);
		json_cstr(f, r->path);
		fprintf(f, ",\"kind\":\"%s\"},", tbx_scan_region_kind_name(r->kind));
	} else {
		fputs("\"region\":null,", f);
	}
	fputs("\"rule\":", f);
	json_cstr(f, m->rule);
	fputs(",\"namespace\":", f);
	json_cstr(f, m->ns);
	fputs(",\"tags\":[", f);
	for (unsigned i = 0; i < m->ntags; i++) {
		if (i)
			fputc(',', f);
		json_cstr(f, m->tags[i]);
	}
	fputs("],\"meta\":{", f);
	for (unsigned i = 0; i < m->nmeta; i++) {
		const struct tbx_scan_meta *t = &m->meta[i];

		if (i)
			fputc(',', f);
		json_cstr(f, t->id);
		fputc(':', f);
		if (t->type == TBX_META_STR)
			json_cstr(f, t->s);
		else if (t->type == TBX_META_BOOL)
			fputs(t->i ? "true" : "false", f);
		else
			fprintf(f, "%lld", (long long)t->i);
	}
	fputs("},\"string\":", f);
	json_cstr(f, m->string_id);
	fprintf(f, ",\"length\":%zu,\"hex\":\"", m->len);
	for (size_t i = 0; i < m->data_len; i++)
		fprintf(f, "%02x", m->data[i]);
	fputs("\",\"printable\":\"", f);
	for (size_t i = 0; i < m->data_len; i++) {
		uint8_t b = m->data[i];

		if (b == '"' || b == '\\')
			fprintf(f, "\\%c", b);
		else
			fputc(b >= 0x20 && b < 0x7f ? b : '.', f);
	}
	fputs("\"}\n", f);
}

static int on_match(const struct tbx_scan_match *m, void *ctx)
{
	struct scan_cli *c = ctx;

	if (c->count) {
		size_t i;

		for (i = 0; i < c->ncounts; i++)
			if (c->counts[i].rule == m->rule || !strcmp(c->counts[i].rule, m->rule))
				break;
		if (i == c->ncounts) {
			struct rule_count *n = realloc(c->counts, (i + 1) * sizeof(*n));

			if (!n)
				return 1;
			c->counts = n;
			c->counts[c->ncounts++] = (struct rule_count){ m->rule, 0 };
		}
		c->counts[i].n += m->string_id ? 1 : 0;
		return 0;
	}
	clear_progress(c);
	if (c->json) {
		print_json(m);
	} else if (!m->string_id) {
		printf("%s %d\n", m->rule, (int)m->pid);
	} else {
		printf("%s %d 0x%llx [%s %s] %s: ", m->rule, (int)m->pid,
		       (unsigned long long)m->addr, m->region ? m->region->perms : "----",
		       region_path(m->region), m->string_id);
		put_context(stdout, m->data, m->data_len, m->len);
		putchar('\n');
	}
	if (ferror(stdout)) {
		c->werr = 1;
		return 1;
	}
	return 0;
}

static void print_counts(struct scan_cli *c, pid_t pid)
{
	for (size_t i = 0; i < c->ncounts; i++)
		printf("%s %d: %llu\n", c->counts[i].rule, (int)pid,
		       (unsigned long long)c->counts[i].n);
	c->ncounts = 0;
}

static void human(char *buf, size_t len, uint64_t b)
{
	if (b >= 1ull << 30)
		snprintf(buf, len, "%.2f GiB", (double)b / (1ull << 30));
	else if (b >= 1ull << 20)
		snprintf(buf, len, "%.1f MiB", (double)b / (1ull << 20));
	else
		snprintf(buf, len, "%.1f KiB", (double)b / 1024);
}

static void summary(const struct tbx_scan_stats *st, double secs,
		    const char *failed)
{
	char b1[32], b2[32];

	human(b1, sizeof(b1), st->bytes_scanned);
	fprintf(stderr, "tracebox: scanned %llu process%s, %llu regions, %s in %.2f s (%.0f MiB/s); %llu match%s",
		(unsigned long long)st->processes, st->processes == 1 ? "" : "es",
		(unsigned long long)st->regions_scanned, b1, secs,
		secs > 0 ? (double)st->bytes_scanned / (1 << 20) / secs : 0.0,
		(unsigned long long)st->matches, st->matches == 1 ? "" : "es");
	fputs("; skipped:", stderr);
	human(b1, sizeof(b1), st->bytes_unreadable);
	fprintf(stderr, " %llu regions unreadable (%s: no read permission or kernel mapping)",
		(unsigned long long)st->regions_unreadable, b1);
	human(b1, sizeof(b1), st->bytes_vanished);
	fprintf(stderr, ", %llu vanished (%s: unmapped during the scan)",
		(unsigned long long)st->regions_vanished, b1);
	human(b1, sizeof(b1), st->bytes_not_present);
	fprintf(stderr, ", %s not present (never touched)", b1);
	if (st->regions_filtered) {
		human(b2, sizeof(b2), st->bytes_filtered);
		fprintf(stderr, ", %llu regions filtered out (%s)",
			(unsigned long long)st->regions_filtered, b2);
	}
	if (st->pagemap_unreadable)
		fprintf(stderr, "; pagemap unreadable for %llu process%s: every page read",
			(unsigned long long)st->pagemap_unreadable,
			st->pagemap_unreadable == 1 ? "" : "es");
	if (st->exited)
		fprintf(stderr, "; %llu exited during the scan", (unsigned long long)st->exited);
	if (st->maps_bad_lines)
		fprintf(stderr, "; %llu unparsable maps lines skipped",
			(unsigned long long)st->maps_bad_lines);
	if (st->regions_dumped)
		fprintf(stderr, "; %llu regions dumped", (unsigned long long)st->regions_dumped);
	if (failed && *failed)
		fprintf(stderr, "; not scanned: %s", failed);
	fputc('\n', stderr);
}

static const char *why(int e)
{
	switch (e) {
	case -ESRCH: return "no such process";
	case -EACCES:
	case -EPERM:
		return "permission denied (needs the same user, or CAP_SYS_PTRACE; "
		       "see /proc/sys/kernel/yama/ptrace_scope)";
	default: return strerror(-e);
	}
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: waits end early */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Every process in /proc except ourselves. */
static int list_all(pid_t **out, size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *end;
		long v = strtol(de->d_name, &end, 10);

		if (*end || v <= 0 || v == getpid())
			continue;
		if (*n == cap) {
			pid_t *np;

			cap = cap ? cap * 2 : 256;
			np = realloc(*out, cap * sizeof(*np));
			if (!np) {
				closedir(d);
				return -1;
			}
			*out = np;
		}
		(*out)[(*n)++] = (pid_t)v;
	}
	closedir(d);
	return 0;
}

static int add_patterns(tbx_scanner *s, struct scan_cli *c)
{
	unsigned fl = (c->nocase ? TBX_PAT_NOCASE : 0) | (c->wide ? TBX_PAT_WIDE : 0);
	int e = 0;

	for (unsigned i = 0; i < c->ndefs && !e; i++) {
		char *name = strdup(c->defs[i]), *eq;

		if (!name)
			return -ENOMEM;
		eq = strchr(name, '=');
		*eq = 0;
		e = tbx_scanner_define(s, name, eq + 1);
		free(name);
	}
	for (unsigned i = 0; i < c->nrules && !e; i++)
		e = tbx_scanner_add_yara_file(s, c->rules[i]);
	for (unsigned i = 0; i < c->nstrs && !e; i++)
		e = tbx_scanner_add_string(s, c->strs[i], strlen(c->strs[i]), fl);
	for (unsigned i = 0; i < c->nhexes && !e; i++)
		e = tbx_scanner_add_hex(s, c->hexes[i]);
	for (unsigned i = 0; i < c->nregexes && !e; i++)
		e = tbx_scanner_add_regex(s, c->regexes[i], fl & TBX_PAT_NOCASE);
	return e;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_cli c;
	struct tbx_scan_stats st = { 0 };
	tbx_scanner *s = NULL;
	pid_t *pids = NULL;
	size_t npids = 0;
	char failed[512] = "";
	uint64_t nfail[4] = { 0 };	/* --all: denied, gone, no memory, other */
	uint64_t t0;
	int e, rc = 0;

	memset(&c, 0, sizeof(c));
	c.so.sz = sizeof(c.so);
	e = parse(argc, argv, &c);
	if (e) {
		rc = e > 0 ? 0 : 2;
		goto out;
	}
	c.progress = isatty(2);
	c.so.on_match = on_match;
	c.so.on_progress = on_progress;
	c.so.ctx = &c;
	c.so.log = cli_log;
	c.so.cancel = &g_stop;
	t0 = mono_ns();
	if (c.timeout > 0)
		c.so.deadline_ns = t0 + (uint64_t)(c.timeout * 1e9);
	if ((e = tbx_scanner_new(&c.so, &s)) < 0 || (e = add_patterns(s, &c)) < 0) {
		if (e == -ENOMEM)
			fprintf(stderr, "tracebox: out of memory\n");
		rc = 2;
		goto out;
	}
	catch_signals();
	if (c.all) {
		if (list_all(&pids, &npids) < 0) {
			fprintf(stderr, "tracebox: /proc: %s\n", strerror(errno));
			rc = 2;
			goto out;
		}
	} else {
		pids = malloc(c.npids * sizeof(*pids));
		if (!pids) {
			rc = 2;
			goto out;
		}
		memcpy(pids, c.pids, c.npids * sizeof(*pids));
		npids = c.npids;
	}
	for (size_t i = 0; i < npids && !g_stop; i++) {
		uint64_t regions = st.regions;

		e = tbx_scanner_scan_pid(s, pids[i], &st);
		clear_progress(&c);
		if (c.count)
			print_counts(&c, pids[i]);
		if (e == -ETIMEDOUT || e == -EINTR || e == -ECANCELED)
			break;
		if (e == -EINVAL) {	/* patterns did not compile */
			rc = 2;
			break;
		}
		if (c.all) {
			if (!e && st.regions == regions)
				nfail[2]++;	/* kernel thread: no memory */
			else if (e)
				nfail[e == -EACCES || e == -EPERM ? 0 : e == -ESRCH ? 1 : 3]++;
		} else if (e) {
			fprintf(stderr, "tracebox: %d: %s\n", (int)pids[i], why(e));
			rc = 2;
		}
	}
	fflush(stdout);
	if (c.all)
		snprintf(failed, sizeof(failed),
			 "%llu permission denied, %llu exited, %llu kernel threads, %llu other errors",
			 (unsigned long long)nfail[0], (unsigned long long)nfail[1],
			 (unsigned long long)nfail[2], (unsigned long long)nfail[3]);
	if (rc != 2 || st.processes)
		summary(&st, (double)(mono_ns() - t0) / 1e9, failed);
	if (e == -ETIMEDOUT) {
		fprintf(stderr, "tracebox: timed out after %g s\n", c.timeout);
		rc = 2;
	} else if (g_stop) {
		fprintf(stderr, "tracebox: interrupted by signal %d\n", (int)g_stop);
		rc = 128 + g_stop;
	} else if (c.werr) {
		fprintf(stderr, "tracebox: writing the output: %s\n", strerror(EIO));
		rc = 2;
	}
out:
	tbx_scanner_free(s);
	free(pids);
	free(c.rules);
	free(c.defs);
	free(c.strs);
	free(c.hexes);
	free(c.regexes);
	free(c.counts);
	return rc;
}

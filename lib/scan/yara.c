/* YARA rules through libyara: compiled once, run over the scanner's own
 * memory-block iterator, so libyara sees exactly the chunks the reader
 * produced, with real virtual addresses as block bases. Chunks overlap;
 * libyara keeps one match per address, so a string across two chunks is
 * reported once. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <hs/hs.h>
#include <yara.h>
#include "scan/dl.h"
#include "scan/scan.h"

/* YARA strings longer than this may be missed across a chunk boundary. */
#define YARA_OVERLAP 4096

struct tbx_yara {
	YR_COMPILER *comp;
	YR_RULES *rules;
	YR_SCANNER *scanner;
	unsigned nfiles, nerr;
	const struct tbx_logger *lg;
	bool init;
};

int tbx_yara_new(struct tbx_yara **out)
{
	struct tbx_yara *y = calloc(1, sizeof(*y));

	if (!y)
		return -ENOMEM;
	if (yr_initialize() != ERROR_SUCCESS) {
		free(y);
		return -ENOMEM;
	}
	y->init = true;
	if (yr_compiler_create(&y->comp) != ERROR_SUCCESS) {
		tbx_yara_free(y);
		return -ENOMEM;
	}
	*out = y;
	return 0;
}

void tbx_yara_free(struct tbx_yara *y)
{
	if (!y)
		return;
	if (y->scanner)
		yr_scanner_destroy(y->scanner);
	if (y->rules)
		yr_rules_destroy(y->rules);
	if (y->comp)
		yr_compiler_destroy(y->comp);
	if (y->init)
		yr_finalize();
	free(y);
}

static int yr_errno(int e)
{
	switch (e) {
	case ERROR_SUCCESS: return 0;
	case ERROR_INSUFFICIENT_MEMORY: return -ENOMEM;
	case ERROR_SCAN_TIMEOUT: return -ETIMEDOUT;
	case ERROR_COULD_NOT_OPEN_FILE: return -ENOENT;
	default: return -EINVAL;
	}
}

int tbx_yara_define(struct tbx_yara *y, const char *name, const char *value)
{
	char *end;
	long long i;
	double d;
	int e;

	if (!y->comp || y->nfiles)
		return -EINVAL;	/* externals come before the rules */
	if (!strcmp(value, "true") || !strcmp(value, "false")) {
		e = yr_compiler_define_boolean_variable(y->comp, name, !strcmp(value, "true"));
	} else if (errno = 0, i = strtoll(value, &end, 0), *value && !*end && !errno) {
		e = yr_compiler_define_integer_variable(y->comp, name, i);
	} else if (d = strtod(value, &end), *value && !*end) {
		e = yr_compiler_define_float_variable(y->comp, name, d);
	} else {
		e = yr_compiler_define_string_variable(y->comp, name, value);
	}
	return yr_errno(e);
}

static void on_compile(int level, const char *file, int line,
		       const YR_RULE *rule, const char *msg, void *ctx)
{
	struct tbx_yara *y = ctx;

	char where[32] = "at end of file";	/* libyara's line 0 */

	(void)rule;
	if (line > 0)
		snprintf(where, sizeof(where), "%d", line);
	tbx_log(y->lg, level == YARA_ERROR_LEVEL_ERROR ? TBX_LOG_ERROR : TBX_LOG_WARN,
		"%s:%s: %s%s", file ? file : "?", where,
		level == YARA_ERROR_LEVEL_ERROR ? "" : "warning: ", msg);
}

int tbx_yara_add_file(struct tbx_yara *y, const char *path,
		      const struct tbx_logger *lg)
{
	FILE *f;
	int nerr;

	if (!y->comp || y->nerr)
		return -EINVAL;	/* a compiler that failed cannot go on */
	f = fopen(path, "re");
	if (!f) {
		int e = -errno;

		tbx_log(lg, TBX_LOG_ERROR, "%s: %s", path, strerror(-e));
		return e;
	}
	y->lg = lg;
	yr_compiler_set_callback(y->comp, on_compile, y);
	nerr = yr_compiler_add_file(y->comp, f, NULL, path);
	fclose(f);
	y->nfiles++;
	if (nerr) {
		y->nerr += (unsigned)nerr;
		return -EINVAL;
	}
	return 0;
}

int tbx_yara_compile(struct tbx_yara *y, const struct tbx_logger *lg)
{
	YR_RULE *rule;
	unsigned n = 0;
	int e;

	if (y->rules || !y->nfiles)
		return 0;
	if (y->nerr)
		return -EINVAL;
	e = yr_compiler_get_rules(y->comp, &y->rules);
	if (e != ERROR_SUCCESS)
		return yr_errno(e);
	yr_rules_foreach(y->rules, rule)
		n++;
	if (!n) {
		tbx_log(lg, TBX_LOG_ERROR, "the rule files define no rules");
		return -EINVAL;
	}
	e = yr_scanner_create(y->rules, &y->scanner);
	if (e != ERROR_SUCCESS)
		return yr_errno(e);
	yr_scanner_set_flags(y->scanner, SCAN_FLAGS_PROCESS_MEMORY |
			     SCAN_FLAGS_REPORT_RULES_MATCHING);
	return 0;
}

bool tbx_yara_has_rules(const struct tbx_yara *y)
{
	return y && y->nfiles;
}

size_t tbx_yara_overlap(void)
{
	return YARA_OVERLAP;
}

struct yctx {
	struct tbx_scan_run *run;
	YR_MEMORY_BLOCK block;
	bool started;
	int err;
};

static const uint8_t *fetch(YR_MEMORY_BLOCK *b)
{
	return b->context;
}

static YR_MEMORY_BLOCK *it_next(YR_MEMORY_BLOCK_ITERATOR *it)
{
	struct yctx *x = it->context;
	struct tbx_chunk c;
	int r;

	it->last_error = ERROR_SUCCESS;
	if (x->err)
		return NULL;
	r = tbx_reader_next(&x->run->rd, &c);
	if (r < 0)
		x->err = r;
	if (r <= 0)
		return NULL;
	/* One read for both engines: the literals see the chunk too. */
	if (x->run->rd.count && (r = tbx_scan_hs_chunk(x->run, &c)) < 0) {
		x->err = r;
		return NULL;
	}
	x->block.base = c.addr;
	x->block.size = c.len;
	x->block.context = (void *)c.data;
	x->block.fetch_data = fetch;
	return &x->block;
}

/* libyara goes back to the first block to evaluate uint32(addr) and the
 * like: start the reader again (counting nothing the second time). */
static YR_MEMORY_BLOCK *it_first(YR_MEMORY_BLOCK_ITERATOR *it)
{
	struct yctx *x = it->context;

	if (x->started)
		tbx_reader_rewind(&x->run->rd);
	x->started = true;
	return it_next(it);
}

static uint64_t it_size(YR_MEMORY_BLOCK_ITERATOR *it)
{
	(void)it;
	return YR_UNDEFINED;
}

static int report_rule(struct yctx *x, YR_SCAN_CONTEXT *ctx, YR_RULE *rule)
{
	const char *tag, *tags[64];
	struct tbx_scan_meta meta[64];
	struct tbx_scan_match m = { 0 };
	unsigned shown = 0;
	YR_META *ym;
	YR_STRING *s;

	m.rule = rule->identifier;
	m.ns = rule->ns ? rule->ns->name : NULL;
	m.tags = tags;
	m.meta = meta;
	yr_rule_tags_foreach(rule, tag)
		if (m.ntags < ARRAY_SIZE(tags))
			tags[m.ntags++] = tag;
	yr_rule_metas_foreach(rule, ym) {
		struct tbx_scan_meta *t;

		if (m.nmeta == ARRAY_SIZE(meta))
			break;
		t = &meta[m.nmeta++];
		t->id = ym->identifier;
		t->type = ym->type == META_TYPE_STRING ? TBX_META_STR :
			  ym->type == META_TYPE_INTEGER ? TBX_META_INT : TBX_META_BOOL;
		t->i = ym->integer;
		t->s = ym->string;
	}
	yr_rule_strings_foreach(rule, s) {
		const YR_MATCH *p = ctx->matches[s->idx].head;

		/* libyara packs matches and their data together in its
		 * notebook, so they may be misaligned: copied out whole. */
		while (p) {
			YR_MATCH match;

			memcpy(&match, p, sizeof(match));
			p = match.next;
			if (match.is_private)
				continue;
			m.addr = (uint64_t)(match.base + match.offset);
			m.region = tbx_maps_find(x->run->maps, m.addr);
			m.string_id = s->identifier;
			m.data = match.data;
			m.data_len = (size_t)match.data_length;
			if (m.data_len > TBX_SCAN_MAX_DATA)
				m.data_len = TBX_SCAN_MAX_DATA;
			m.len = (size_t)match.match_length;
			shown++;
			if (tbx_scan_emit(x->run, &m))
				return CALLBACK_ABORT;
		}
	}
	if (!shown) {
		memset(&m.addr, 0, sizeof(m.addr));
		m.region = NULL;
		m.string_id = NULL;
		m.data = NULL;
		m.data_len = m.len = 0;
		if (tbx_scan_emit(x->run, &m))
			return CALLBACK_ABORT;
	}
	return CALLBACK_CONTINUE;
}

static int on_scan(YR_SCAN_CONTEXT *ctx, int msg, void *data, void *vx)
{
	struct yctx *x = vx;

	switch (msg) {
	case CALLBACK_MSG_RULE_MATCHING:
		/* A scan cut short (timeout, process gone, Ctrl-C) must not
		 * report rules from a part of the memory: "not $a" would
		 * hold for what was never read. */
		if (x->err || x->run->err)
			return CALLBACK_ABORT;
		return report_rule(x, ctx, data);
	case CALLBACK_MSG_TOO_MANY_MATCHES:
		tbx_log(tbx_scan_logger(x->run), TBX_LOG_WARN,
			"%d: string %s: too many matches, the rest ignored",
			(int)x->run->pid, ((YR_STRING *)data)->identifier);
		return CALLBACK_CONTINUE;
	case CALLBACK_MSG_CONSOLE_LOG:
		tbx_log(tbx_scan_logger(x->run), TBX_LOG_WARN, "%d: %s",
			(int)x->run->pid, (const char *)data);
		return CALLBACK_CONTINUE;
	default:
		return CALLBACK_CONTINUE;
	}
}

int tbx_yara_scan(struct tbx_yara *y, struct tbx_scan_run *run)
{
	struct yctx x = { .run = run };
	YR_MEMORY_BLOCK_ITERATOR it = { 0 };
	int e;

	it.context = &x;
	it.first = it_first;
	it.next = it_next;
	it.file_size = it_size;
	yr_scanner_set_callback(y->scanner, on_scan, &x);
	if (run->o->deadline_ns) {
		struct timespec ts;
		uint64_t now;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		yr_scanner_set_timeout(y->scanner, run->o->deadline_ns > now ?
				       (int)((run->o->deadline_ns - now) / 1000000000u + 1) : 1);
	}
	e = yr_scanner_scan_mem_blocks(y->scanner, &it);
	if (x.err)
		return x.err;
	if (run->err)
		return run->err;
	return yr_errno(e);
}

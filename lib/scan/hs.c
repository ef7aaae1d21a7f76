/* The fast path for --string, --hex and --regex: every pattern in one
 * Hyperscan block-mode database, run over each chunk. */
#include <errno.h>
#include <hs/hs.h>
#include <yara.h>
#include "scan/dl.h"
#include <stdio.h>
#include <string.h>
#include "scan/scan.h"

/* A match longer than this (an unbounded regex) may be cut at a chunk
 * boundary: it is the most the chunks overlap for a regex. */
#define MAX_REGEX_WIDTH 4096

int tbx_hs_add(struct tbx_hs *h, const char *kind, const char *expr,
	       unsigned hsflags, const char *shown, const struct tbx_logger *lg)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *cerr = NULL;
	struct tbx_hs_pat *p, *np;
	unsigned *counter = !strcmp(kind, "string") ? &h->nstr :
			    !strcmp(kind, "hex") ? &h->nhex : &h->nre;

	if (hs_expression_info(expr, hsflags, &info, &cerr) != HS_SUCCESS) {
		tbx_log(lg, TBX_LOG_ERROR, "%s '%s': %s", kind, shown,
			cerr ? cerr->message : "cannot compile");
		hs_free_compile_error(cerr);
		return -EINVAL;
	}
	np = realloc(h->p, (h->n + 1) * sizeof(*np));
	if (!np) {
		free(info);
		return -ENOMEM;
	}
	h->p = np;
	p = &h->p[h->n];
	memset(p, 0, sizeof(*p));
	p->expr = strdup(expr);
	if (!p->expr) {
		free(info);
		return -ENOMEM;
	}
	if (info->min_width == 0) {
		tbx_log(lg, TBX_LOG_ERROR, "%s '%s': matches the empty string",
			kind, shown);
		free(info);
		free(p->expr);
		return -EINVAL;
	}
	p->min_width = info->min_width;
	p->max_width = info->max_width;
	if (p->max_width > MAX_REGEX_WIDTH)	/* also UINT_MAX: unbounded */
		p->max_width = MAX_REGEX_WIDTH;
	p->variable = info->min_width != info->max_width;
	p->hsflags = hsflags | (p->variable ? HS_FLAG_SOM_LEFTMOST : 0);
	free(info);
	snprintf(p->rule, sizeof(p->rule), "%s%u", kind, (*counter)++);
	if (p->max_width > h->max_width)
		h->max_width = p->max_width;
	h->n++;
	return 0;
}

int tbx_hs_compile(struct tbx_hs *h, const struct tbx_logger *lg)
{
	const char **exprs;
	unsigned *flags, *ids;
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;
	hs_scratch_t *scratch = NULL;
	int e = 0;

	if (!h->n || h->db)
		return 0;
	exprs = calloc(h->n, sizeof(*exprs));
	flags = calloc(h->n, sizeof(*flags));
	ids = calloc(h->n, sizeof(*ids));
	h->pend_from = calloc(h->n, sizeof(*h->pend_from));
	h->pend_to = calloc(h->n, sizeof(*h->pend_to));
	if (!exprs || !flags || !ids || !h->pend_from || !h->pend_to) {
		e = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < h->n; i++) {
		exprs[i] = h->p[i].expr;
		flags[i] = h->p[i].hsflags;
		ids[i] = (unsigned)i;
	}
	if (hs_compile_multi(exprs, flags, ids, (unsigned)h->n, HS_MODE_BLOCK,
			     NULL, &db, &cerr) != HS_SUCCESS) {
		tbx_log(lg, TBX_LOG_ERROR, "%s: %s",
			cerr && cerr->expression >= 0 ? h->p[cerr->expression].rule : "patterns",
			cerr ? cerr->message : "cannot compile");
		hs_free_compile_error(cerr);
		e = -EINVAL;
		goto out;
	}
	if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
		hs_free_database(db);
		e = -ENOMEM;
		goto out;
	}
	h->db = db;
	h->scratch = scratch;
out:
	free(exprs);
	free(flags);
	free(ids);
	return e;
}

struct hs_ctx {
	struct tbx_hs *h;
	struct tbx_scan_run *run;
	const struct tbx_chunk *c;
	size_t own;		/* matches starting at or after this: next chunk's */
	unsigned long long nmatch;
};

static int report(struct hs_ctx *x, unsigned id, uint64_t from, uint64_t to)
{
	struct tbx_scan_match m = { 0 };

	if (from >= x->own)
		return 0;
	m.addr = x->c->addr + from;
	m.region = x->c->reg;
	m.rule = x->h->p[id].rule;
	m.string_id = "$a";
	m.data = x->c->data + from;
	m.len = (size_t)(to - from);
	m.data_len = m.len < TBX_SCAN_MAX_DATA ? m.len : TBX_SCAN_MAX_DATA;
	return tbx_scan_emit(x->run, &m);
}

/* Flush the pending longest match of a variable-width pattern. */
static int flush(struct hs_ctx *x, unsigned id)
{
	uint64_t to = x->h->pend_to[id];

	x->h->pend_to[id] = 0;
	return to ? report(x, id, x->h->pend_from[id], to) : 0;
}

static int on_hs_match(unsigned id, unsigned long long from,
		       unsigned long long to, unsigned flags, void *vctx)
{
	struct hs_ctx *x = vctx;
	struct tbx_hs_pat *p = &x->h->p[id];
	int e;

	(void)flags;
	/* Now and then: a scan with millions of matches still stops in
	 * time. */
	if ((++x->nmatch & 1023) == 0 && tbx_scan_check(x->run->o) < 0)
		return 1;
	if (!p->variable)
		return report(x, id, to - p->min_width, to);
	/* Hyperscan reports every end of a match; the longest per start
	 * is the match, as YARA reports it. */
	if (x->h->pend_to[id] && x->h->pend_from[id] == from) {
		x->h->pend_to[id] = to;
		return 0;
	}
	if ((e = flush(x, id)))
		return e;
	x->h->pend_from[id] = from;
	x->h->pend_to[id] = to;
	return 0;
}

int tbx_hs_scan(struct tbx_hs *h, struct tbx_scan_run *run,
		const struct tbx_chunk *c)
{
	struct hs_ctx x = { h, run, c, c->len, 0 };
	hs_error_t he;

	if (!h->db || !c->len)
		return 0;
	if (!c->last)
		x.own = c->len - run->rd.ov;
	memset(h->pend_to, 0, h->n * sizeof(*h->pend_to));
	he = hs_scan(h->db, (const char *)c->data, (unsigned)c->len, 0,
		     h->scratch, on_hs_match, &x);
	for (unsigned i = 0; he == HS_SUCCESS && i < h->n; i++)
		if (flush(&x, i))
			he = HS_SCAN_TERMINATED;
	if (he == HS_SCAN_TERMINATED) {
		if (!run->err)
			run->err = tbx_scan_check(run->o);
		return run->err ? run->err : -ECANCELED;
	}
	return he == HS_SUCCESS ? 0 : -EIO;
}

void tbx_hs_free(struct tbx_hs *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->p[i].expr);
	free(h->p);
	free(h->pend_from);
	free(h->pend_to);
	hs_free_scratch(h->scratch);
	hs_free_database(h->db);
	memset(h, 0, sizeof(*h));
}

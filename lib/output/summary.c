/* The -c / -C table: calls, errors and time per syscall, as strace -c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/output.h"
#include "decode/decode.h"

int tbx_summary_event(struct tbx_output *o, const struct tbx_event *ev)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	struct tbx_counts *c;
	int64_t ns;

	if (ev->kind != TBX_EV_SYSCALL_EXIT || sc->ret_unknown || sc->arch != TBX_ARCH_X86_64 ||
	    sc->nr < 0 || (unsigned long)sc->nr >= o->ncounts)
		return 0;
	c = &o->counts[sc->nr];
	c->calls++;
	if (sc->err)
		c->errors++;
	ns = (int64_t)(ev->ts.tv_sec - sc->t_enter.tv_sec) * 1000000000 +
	     (ev->ts.tv_nsec - sc->t_enter.tv_nsec);
	if (ns > 0 && !sc->ret_unknown)
		c->ns += (uint64_t)ns;
	return 0;
}

struct row {
	const char *name;
	const struct tbx_counts *c;
};

static const char *sort_key;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (!strcmp(sort_key, "calls") && a->c->calls != b->c->calls)
		return a->c->calls < b->c->calls ? 1 : -1;
	if (!strcmp(sort_key, "errors") && a->c->errors != b->c->errors)
		return a->c->errors < b->c->errors ? 1 : -1;
	if (!strcmp(sort_key, "name") || !strcmp(sort_key, "nothing"))
		return strcmp(a->name, b->name);
	if (a->c->ns != b->c->ns)
		return a->c->ns < b->c->ns ? 1 : -1;
	return strcmp(a->name, b->name);
}

int tbx_summary_finish(struct tbx_output *o)
{
	struct tbx_sbuf b = { 0 };
	struct row *rows;
	unsigned n = 0;
	struct tbx_counts total = { 0, 0, 0 };
	static const char *line = "------ ----------- ----------- --------- --------- ----------------\n";
	int e;

	rows = calloc(o->ncounts ? o->ncounts : 1, sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	for (unsigned i = 0; i < o->ncounts; i++) {
		if (!o->counts[i].calls)
			continue;
		rows[n].name = tbx_syscall_name(TBX_ARCH_X86_64, i);
		rows[n].c = &o->counts[i];
		total.calls += o->counts[i].calls;
		total.errors += o->counts[i].errors;
		total.ns += o->counts[i].ns;
		n++;
	}
	sort_key = o->o.summary_sort ? o->o.summary_sort : "time";
	qsort(rows, n, sizeof(*rows), cmp_rows);
	sb_puts(&b, "% time     seconds  usecs/call     calls    errors syscall\n");
	sb_puts(&b, line);
	for (unsigned i = 0; i < n; i++) {
		const struct tbx_counts *c = rows[i].c;
		double pct = total.ns ? 100.0 * (double)c->ns / (double)total.ns : 0;
		sb_printf(&b, "%6.2f %11.6f %11" PRIu64 " %9lu ", pct, (double)c->ns / 1e9,
			  c->ns / 1000 / c->calls, c->calls);
		if (c->errors)
			sb_printf(&b, "%9lu", c->errors);
		else
			sb_puts(&b, "         ");
		sb_printf(&b, " %s\n", rows[i].name);
	}
	sb_puts(&b, line);
	sb_printf(&b, "%6.2f %11.6f %11" PRIu64 " %9lu ", 100.0, (double)total.ns / 1e9,
		  total.calls ? total.ns / 1000 / total.calls : 0, total.calls);
	if (total.errors)
		sb_printf(&b, "%9lu", total.errors);
	else
		sb_puts(&b, "         ");
	sb_puts(&b, " total\n");
	free(rows);
	e = b.oom ? -ENOMEM : tbx_out_write(o, 0, b.p, b.len);
	sb_free(&b);
	return e;
}

/* The scanner's reader: walks the regions of /proc/PID/maps and hands out
 * chunks of their present pages, read with process_vm_readv into one
 * page-aligned buffer. Consecutive chunks of a run of present pages
 * overlap by ov bytes (the longest pattern), carried over from the end of
 * the previous chunk rather than read twice. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "scan/scan.h"

#define DEFAULT_CHUNK (1u << 20)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int tbx_scan_check(const struct tbx_scan_opts *o)
{
	if (o->cancel && *o->cancel)
		return -EINTR;
	if (o->deadline_ns && now_ns() >= o->deadline_ns)
		return -ETIMEDOUT;
	return 0;
}

const char *tbx_region_skip(const struct tbx_scan_region *reg,
			    const struct tbx_scan_opts *o, bool *unreadable)
{
	static const unsigned kind_bit[] = {
		[TBX_REGION_HEAP] = TBX_SCAN_HEAP, [TBX_REGION_STACK] = TBX_SCAN_STACK,
		[TBX_REGION_ANON] = TBX_SCAN_ANON, [TBX_REGION_FILE] = TBX_SCAN_FILE,
		[TBX_REGION_SPECIAL] = 0,
	};

	*unreadable = true;
	if (reg->perms[0] != 'r')
		return "no read permission";
	/* Kernel pages with no memory behind them for another process. */
	if (!strcmp(reg->path, "[vvar]") || !strcmp(reg->path, "[vvar_vclock]") ||
	    !strcmp(reg->path, "[vsyscall]"))
		return "kernel mapping";
	*unreadable = false;
	if (o->maps && !(o->maps & kind_bit[reg->kind]) &&
	    !((o->maps & TBX_SCAN_EXEC) && reg->perms[2] == 'x'))
		return "filtered out";
	if (o->max_region && reg->end - reg->start > o->max_region)
		return "larger than the limit";
	return NULL;
}

int tbx_reader_init(struct tbx_reader *r, pid_t pid,
		    const struct tbx_maps *maps, const struct tbx_scan_opts *o,
		    size_t ov, struct tbx_scan_stats *st,
		    const struct tbx_logger *lg)
{
	size_t chunk = o->chunk_size ? o->chunk_size : DEFAULT_CHUNK;
	long pg = sysconf(_SC_PAGESIZE);
	int e;

	memset(r, 0, sizeof(*r));
	r->pm.fd = -1;
	r->pid = pid;
	r->maps = maps;
	r->o = o;
	r->st = st;
	r->lg = lg;
	r->ov = ov;
	r->count = true;
	/* Chunks must be well above the overlap to make progress. */
	if (chunk < 4 * ov)
		chunk = 4 * ov;
	chunk = (chunk + (size_t)pg - 1) & ~((size_t)pg - 1);
	r->bufsz = chunk;
	/* One mapping: page-aligned, and the kernel copies into it without
	 * faulting twice once it has been touched. */
	r->buf = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->buf == MAP_FAILED) {
		r->buf = NULL;
		return -ENOMEM;
	}
	if (!o->all_pages) {
		e = tbx_pagemap_open(&r->pm, pid);
		if (e == -ENOENT)
			return -ESRCH;
		if (e < 0) {
			tbx_log(lg, TBX_LOG_INFO,
				"%d: /proc/%d/pagemap: %s; reading every page",
				(int)pid, (int)pid, strerror(-e));
			st->pagemap_unreadable++;
		} else {
			r->use_pagemap = true;
		}
	}
	for (size_t i = 0; i < maps->n; i++) {
		bool unr;

		if (!tbx_region_skip(&maps->r[i], o, &unr))
			r->total += maps->r[i].end - maps->r[i].start;
	}
	return 0;
}

void tbx_reader_rewind(struct tbx_reader *r)
{
	r->ri = 0;
	r->entered = false;
	r->carry = r->prev_len = 0;
	r->count = false;
}

void tbx_reader_free(struct tbx_reader *r)
{
	if (!r->bufsz)
		return;	/* never initialised */
	if (r->buf)
		munmap(r->buf, r->bufsz);
	r->buf = NULL;
	tbx_pagemap_close(&r->pm);
}

static void progress(struct tbx_reader *r, uint64_t bytes)
{
	r->done += bytes;
	if (r->count && r->o->on_progress)
		r->o->on_progress(r->pid, r->done, r->total, r->o->ctx);
}

/* Enter region ri: 1 to scan it, 0 skipped (counted). */
static int enter(struct tbx_reader *r)
{
	const struct tbx_scan_region *reg = &r->maps->r[r->ri];
	uint64_t size = reg->end - reg->start;
	bool unr;

	if (tbx_region_skip(reg, r->o, &unr)) {
		if (r->count) {
			r->st->regions++;
			if (unr) {
				r->st->regions_unreadable++;
				r->st->bytes_unreadable += size;
			} else {
				r->st->regions_filtered++;
				r->st->bytes_filtered += size;
			}
		}
		return 0;
	}
	if (r->count) {
		r->st->regions++;
		r->st->regions_scanned++;
	}
	if (r->use_pagemap && r->maps->resident && !r->maps->resident[r->ri]) {
		/* Nothing resident or swapped: all of it never touched. */
		if (r->count)
			r->st->bytes_not_present += size;
		progress(r, size);
		return 0;
	}
	r->pos = reg->start;
	r->carry = 0;
	r->entered = true;
	return 1;
}

static void next_region(struct tbx_reader *r)
{
	r->ri++;
	r->entered = false;
	r->carry = 0;
}

/* The chunk made of the carried-over bytes alone: the run ends here, and
 * matches starting in them were left for this chunk. */
static int carry_chunk(struct tbx_reader *r, struct tbx_chunk *c)
{
	c->addr = r->pos - r->carry;
	c->data = r->buf;
	c->len = r->carry;
	c->last = true;
	c->reg = &r->maps->r[r->ri];
	c->ri = r->ri;
	r->prev_len = r->carry;
	r->prev_last = true;
	r->carry = 0;
	return 1;
}

int tbx_reader_next(struct tbx_reader *r, struct tbx_chunk *c)
{
	const struct tbx_scan_region *reg;
	uint64_t limit, run_end;
	size_t want;
	ssize_t n;
	int e;

	if (r->prev_len) {
		r->carry = 0;
		if (!r->prev_last) {
			r->carry = r->prev_len < r->ov ? r->prev_len : r->ov;
			memmove(r->buf, r->buf + r->prev_len - r->carry, r->carry);
		}
		r->prev_len = 0;
	}
	for (;;) {
		if (r->ri >= r->maps->n)
			return 0;
		if (!r->entered && !enter(r)) {
			next_region(r);
			continue;
		}
		reg = &r->maps->r[r->ri];
		if (r->pos >= reg->end) {
			if (r->carry)
				return carry_chunk(r, c);
			next_region(r);
			continue;
		}
		if ((e = tbx_scan_check(r->o)) < 0)
			return e;
		limit = reg->end;
		if (limit - r->pos > r->bufsz - r->carry)
			limit = r->pos + (r->bufsz - r->carry);
		run_end = limit;
		if (r->use_pagemap) {
			e = tbx_pagemap_run(&r->pm, r->pos, limit, reg->end, &run_end);
			if (e == 0) {
				if (r->carry)
					return carry_chunk(r, c);
				if (r->count)
					r->st->bytes_not_present += run_end - r->pos;
				progress(r, run_end - r->pos);
				r->pos = run_end;
				continue;
			}
			if (e < 0) {
				tbx_log(r->lg, TBX_LOG_INFO,
					"%d: pagemap unreadable (%s); reading every page",
					(int)r->pid, strerror(-e));
				if (r->count)
					r->st->pagemap_unreadable++;
				r->use_pagemap = false;
				run_end = limit;
			}
		}
		want = (size_t)(run_end - r->pos);
		{
			struct iovec l = { r->buf + r->carry, want };
			struct iovec rv = { (void *)(uintptr_t)r->pos, want };

			n = process_vm_readv(r->pid, &l, 1, &rv, 1, 0);
		}
		if (n < 0) {
			if (errno == ESRCH)
				return -ESRCH;
			if (errno == EPERM || errno == EACCES)
				return -EACCES;
			n = 0;	/* EFAULT, EIO, ENOMEM: gone or changed */
		}
		if ((size_t)n < want) {
			/* The region was unmapped or shrank under us: keep
			 * what was read, skip the rest. */
			uint64_t got = r->pos + (uint64_t)n;

			if (r->count) {
				r->st->regions_vanished++;
				r->st->bytes_vanished += reg->end - got;
				r->st->bytes_scanned += (uint64_t)n;
			}
			progress(r, reg->end - r->pos);
			c->addr = r->pos - r->carry;
			c->len = r->carry + (size_t)n;
			r->pos = reg->end;
			if (!c->len) {
				next_region(r);
				continue;
			}
			c->data = r->buf;
			c->last = true;
		} else {
			if (r->count)
				r->st->bytes_scanned += want;
			progress(r, want);
			c->addr = r->pos - r->carry;
			c->len = r->carry + want;
			c->data = r->buf;
			/* The run goes on only when the buffer, not absent
			 * pages or the region's end, stopped it. */
			c->last = run_end < limit || run_end == reg->end;
			r->pos = run_end;
		}
		c->reg = reg;
		c->ri = r->ri;
		r->prev_len = c->len;
		r->prev_last = c->last;
		r->carry = 0;
		r->nchunks++;
		return 1;
	}
}

/* tbx_scanner: the patterns, and one scan per process: read the maps,
 * optionally freeze, run the chunks through YARA and/or Hyperscan,
 * optionally dump regions, always thaw. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <hs/hs.h>
#include <yara.h>
#include "scan/dl.h"
#include "scan/scan.h"

/* Regions this large are first looked up in smaps: if nothing of them
 * is resident, their pagemap is not read page by page. */
#define HUGE_REGION (256ull << 20)

struct tbx_scanner {
	struct tbx_scan_opts o;
	struct tbx_logger lg;
	struct tbx_hs hs;
	struct tbx_yara *yara;
	bool compiled;
};

int tbx_scanner_new(const struct tbx_scan_opts *opts, tbx_scanner **out)
{
	tbx_scanner *s;

	if (!out || (opts && opts->sz < offsetof(struct tbx_scan_opts, ctx)))
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (opts)
		tbx_opts_copy(&s->o, sizeof(s->o), opts, opts->sz);
	s->o.sz = sizeof(s->o);
	s->lg.fn = s->o.log;
	s->lg.ctx = s->o.log_ctx;
	{
		char err[300];
		int e = tbx_scan_libs_load(err, sizeof(err));
		if (e) {
			tbx_log(&s->lg, TBX_LOG_ERROR, "%s", err);
			free(s);
			return e;
		}
	}
	*out = s;
	return 0;
}

void tbx_scanner_free(tbx_scanner *s)
{
	if (!s)
		return;
	tbx_hs_free(&s->hs);
	tbx_yara_free(s->yara);
	free(s);
}

static int need_yara(tbx_scanner *s)
{
	return s->yara ? 0 : tbx_yara_new(&s->yara);
}

int tbx_scanner_define(tbx_scanner *s, const char *name, const char *value)
{
	int e;

	if (!s || !name || !*name || !value || s->compiled)
		return -EINVAL;
	if ((e = need_yara(s)) < 0)
		return e;
	e = tbx_yara_define(s->yara, name, value);
	if (e < 0)
		tbx_log(&s->lg, TBX_LOG_ERROR, "-d %s=%s: %s", name, value,
			strerror(-e));
	return e;
}

int tbx_scanner_add_yara_file(tbx_scanner *s, const char *path)
{
	int e;

	if (!s || !path || s->compiled)
		return -EINVAL;
	if ((e = need_yara(s)) < 0)
		return e;
	return tbx_yara_add_file(s->yara, path, &s->lg);
}

/* Bytes as an escaped regex, so literals share the one database. */
static void escape_bytes(struct tbx_sbuf *b, const uint8_t *p, size_t n,
			 bool wide)
{
	for (size_t i = 0; i < n; i++) {
		sb_printf(b, "\\x%02x", p[i]);
		if (wide)
			sb_puts(b, "\\x00");
	}
}

static void shown_text(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < outlen; i++)
		o += (size_t)snprintf(out + o, outlen - o,
				      p[i] >= 0x20 && p[i] < 0x7f ? "%c" : "\\x%02x", p[i]);
	out[o] = 0;
}

int tbx_scanner_add_string(tbx_scanner *s, const void *bytes, size_t len,
			   unsigned flags)
{
	struct tbx_sbuf b = { 0 };
	char shown[128];
	unsigned hf = flags & TBX_PAT_NOCASE ? HS_FLAG_CASELESS : 0;
	int e;

	if (!s || !bytes || s->compiled)
		return -EINVAL;
	shown_text(shown, sizeof(shown), bytes, len);
	if (!len) {
		tbx_log(&s->lg, TBX_LOG_ERROR, "string '': empty");
		return -EINVAL;
	}
	if (flags & TBX_PAT_WIDE) {
		/* One rule for both forms: (?:ascii|wide) */
		sb_puts(&b, "(?:");
		escape_bytes(&b, bytes, len, false);
		sb_putc(&b, '|');
		escape_bytes(&b, bytes, len, true);
		sb_putc(&b, ')');
	} else {
		escape_bytes(&b, bytes, len, false);
	}
	e = b.oom ? -ENOMEM : tbx_hs_add(&s->hs, "string", b.p, hf, shown, &s->lg);
	sb_free(&b);
	return e;
}

int tbx_scanner_add_hex(tbx_scanner *s, const char *hex)
{
	struct tbx_sbuf b = { 0 };
	const char *msg = NULL;
	size_t pos = 0;
	int e;

	if (!s || !hex || s->compiled)
		return -EINVAL;
	e = tbx_hex_to_regex(hex, &b, &pos, &msg);
	if (e == -EINVAL)
		tbx_log(&s->lg, TBX_LOG_ERROR, "hex '%s': at position %zu: %s",
			hex, pos, msg);
	else if (!e)
		e = tbx_hs_add(&s->hs, "hex", b.p, HS_FLAG_DOTALL, hex, &s->lg);
	sb_free(&b);
	return e;
}

int tbx_scanner_add_regex(tbx_scanner *s, const char *re, unsigned flags)
{
	if (!s || !re || s->compiled)
		return -EINVAL;
	if (flags & TBX_PAT_WIDE) {
		tbx_log(&s->lg, TBX_LOG_ERROR, "regex '%s': wide applies to strings only", re);
		return -EINVAL;
	}
	return tbx_hs_add(&s->hs, "regex", re,
			  flags & TBX_PAT_NOCASE ? HS_FLAG_CASELESS : 0, re, &s->lg);
}

static int compile(tbx_scanner *s)
{
	int e;

	if (s->compiled)
		return 0;
	if (!s->hs.n && !tbx_yara_has_rules(s->yara)) {
		tbx_log(&s->lg, TBX_LOG_ERROR, "nothing to scan for: no rules or patterns");
		return -EINVAL;
	}
	if ((e = tbx_hs_compile(&s->hs, &s->lg)) < 0)
		return e;
	if (tbx_yara_has_rules(s->yara) &&
	    (e = tbx_yara_compile(s->yara, &s->lg)) < 0)
		return e;
	s->compiled = true;
	return 0;
}

const struct tbx_logger *tbx_scan_logger(const struct tbx_scan_run *run)
{
	return &run->s->lg;
}

int tbx_scan_emit(struct tbx_scan_run *run, struct tbx_scan_match *m)
{
	m->pid = run->pid;
	run->st->matches++;
	if (m->region)
		run->matched[m->region - run->maps->r] = true;
	if (run->o->on_match && run->o->on_match(m, run->o->ctx)) {
		if (!run->err)
			run->err = -ECANCELED;
		return 1;
	}
	return 0;
}

int tbx_scan_hs_chunk(struct tbx_scan_run *run, const struct tbx_chunk *c)
{
	return tbx_hs_scan(&run->s->hs, run, c);
}

/* Write a region's present pages to DIR/PID-START-END.mem at their
 * offsets; pages not read stay holes. */
static int dump_region(struct tbx_scan_run *run, const struct tbx_scan_region *reg)
{
	char path[4096];
	struct tbx_reader *rd = &run->rd;
	uint64_t a;
	autoclose int fd = -1;
	bool any = false;

	snprintf(path, sizeof(path), "%s/%d-%016llx-%016llx.mem", run->o->dump_dir,
		 (int)run->pid, (unsigned long long)reg->start,
		 (unsigned long long)reg->end);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = -errno;

		tbx_log(&run->s->lg, TBX_LOG_ERROR, "%s: %s", path, strerror(-e));
		return e;
	}
	for (a = reg->start; a < reg->end;) {
		uint64_t end = reg->end - a > rd->bufsz ? a + rd->bufsz : reg->end;
		struct iovec l, r;
		ssize_t n;

		if (rd->use_pagemap) {
			int p = tbx_pagemap_run(&rd->pm, a, end, reg->end, &end);

			if (p == 0) {
				a = end;
				continue;
			}
		}
		l.iov_base = rd->buf;
		l.iov_len = r.iov_len = (size_t)(end - a);
		r.iov_base = (void *)(uintptr_t)a;
		n = process_vm_readv(run->pid, &l, 1, &r, 1, 0);
		if (n <= 0)
			break;
		if (pwrite(fd, rd->buf, (size_t)n, (off_t)(a - reg->start)) != n) {
			int e = -errno;

			tbx_log(&run->s->lg, TBX_LOG_ERROR, "%s: %s", path, strerror(-e));
			return e;
		}
		any = true;
		a += (uint64_t)n;
	}
	(void)any;
	if (ftruncate(fd, (off_t)(reg->end - reg->start)) < 0)
		return -errno;
	run->st->regions_dumped++;
	return 0;
}

static int dump(struct tbx_scan_run *run)
{
	int e = 0;

	if (mkdir(run->o->dump_dir, 0700) < 0 && errno != EEXIST) {
		e = -errno;
		tbx_log(&run->s->lg, TBX_LOG_ERROR, "%s: %s", run->o->dump_dir,
			strerror(-e));
		return e;
	}
	for (size_t i = 0; i < run->maps->n && !e; i++) {
		bool unr;

		if (run->matched[i] ||
		    (run->o->dump_all && !tbx_region_skip(&run->maps->r[i], run->o, &unr)))
			e = dump_region(run, &run->maps->r[i]);
	}
	return e;
}

int tbx_scanner_scan_pid(tbx_scanner *s, pid_t pid, struct tbx_scan_stats *st)
{
	struct tbx_scan_stats dummy = { 0 };
	struct tbx_scan_run run = { 0 };
	struct tbx_maps maps = { 0 };
	struct tbx_freeze fz = { 0 };
	bool frozen = false;
	size_t ov;
	int e;

	if (!s || pid <= 0)
		return -EINVAL;
	if (!st)
		st = &dummy;
	if ((e = compile(s)) < 0)
		return e;
	/* Frozen first, so the maps are those of the snapshot. */
	if (s->o.freeze) {
		if ((e = tbx_freeze(pid, &fz, &s->o, &s->lg)) < 0)
			return e;
		frozen = true;
	}
	if ((e = tbx_maps_read(pid, &maps)) < 0)
		goto out;
	st->maps_bad_lines += maps.bad;
	if (!s->o.all_pages) {
		for (size_t i = 0; i < maps.n; i++) {
			if (maps.r[i].end - maps.r[i].start >= HUGE_REGION) {
				tbx_maps_read_resident(pid, &maps);	/* a hint */
				break;
			}
		}
	}
	run.s = s;
	run.o = &s->o;
	run.pid = pid;
	run.maps = &maps;
	run.st = st;
	run.matched = calloc(maps.n + 1, sizeof(*run.matched));
	if (!run.matched) {
		e = -ENOMEM;
		goto out;
	}
	ov = s->hs.max_width;
	if (tbx_yara_has_rules(s->yara) && tbx_yara_overlap() > ov)
		ov = tbx_yara_overlap();
	e = tbx_reader_init(&run.rd, pid, &maps, &s->o, ov, st, &s->lg);
	if (e < 0)
		goto out;
	if (tbx_yara_has_rules(s->yara)) {
		e = tbx_yara_scan(s->yara, &run);
	} else {
		struct tbx_chunk c;

		while ((e = tbx_reader_next(&run.rd, &c)) > 0)
			if ((e = tbx_scan_hs_chunk(&run, &c)) < 0)
				break;
	}
	if (e == -ESRCH && run.rd.nchunks) {
		/* It went away while we read it: what was found stands. */
		st->exited++;
		e = 0;
	}
	if (!e && s->o.dump_dir)
		e = dump(&run);
	if (!e || e == -ECANCELED || e == -ETIMEDOUT || e == -EINTR)
		st->processes++;
out:
	if (frozen)
		tbx_thaw(&fz, &s->lg);
	tbx_reader_free(&run.rd);
	free(run.matched);
	tbx_maps_free(&maps);
	return e;
}

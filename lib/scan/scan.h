/* The scanner's parts: maps parser, pagemap, chunk reader, Hyperscan and
 * YARA engines, freezer. Internal to libtracebox. */
#ifndef TBX_SCAN_INT_H
#define TBX_SCAN_INT_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracebox/scan.h"
#include "util/util.h"

/* ---- maps.c ---- */
struct tbx_maps {
	struct tbx_scan_region *r;
	size_t n;
	char *text;		/* the file, paths point into it */
	uint64_t bad;		/* lines skipped */
	uint64_t *resident;	/* Rss+Swap per region (smaps), or NULL */
};
/* Parse one line (no newline, NUL-terminated, modified in place for the
 * path). 0 on success, -EINVAL for garbage. */
int tbx_maps_parse_line(char *line, struct tbx_scan_region *r);
/* Parse a whole maps text (takes ownership of text, malloc'd). */
int tbx_maps_parse(char *text, size_t len, struct tbx_maps *m);
int tbx_maps_read(pid_t pid, struct tbx_maps *m);
/* Fill m->resident from /proc/PID/smaps: regions with nothing resident
 * are skipped without reading pagemap entries for every page of them (a
 * 16 TiB sanitizer reservation would take a minute). */
int tbx_maps_read_resident(pid_t pid, struct tbx_maps *m);
void tbx_maps_free(struct tbx_maps *m);
/* The region containing addr, or NULL. */
const struct tbx_scan_region *tbx_maps_find(const struct tbx_maps *m,
					    uint64_t addr);

/* ---- pagemap.c ---- */
struct tbx_pagemap {
	int fd;
	uint64_t *ent;
	size_t cap;			/* entries in ent */
	uint64_t win_start, win_end;	/* addresses covered by ent */
	unsigned shift;			/* log2(page size) */
	bool scan;			/* PAGEMAP_SCAN works */
	void *vec;			/* its answer: present ranges */
	size_t nvec;
	uint64_t q_start, q_end;	/* the range it covers */
};
int tbx_pagemap_open(struct tbx_pagemap *pm, pid_t pid);
void tbx_pagemap_close(struct tbx_pagemap *pm);
/* Presence of the page at addr, and in *run_end the end of the run of
 * pages alike: at most limit_present for a present run, limit_absent for
 * an absent one. 1 present or swapped, 0 never touched, negative errno
 * when pagemap cannot be read. */
int tbx_pagemap_run(struct tbx_pagemap *pm, uint64_t addr,
		    uint64_t limit_present, uint64_t limit_absent,
		    uint64_t *run_end);

/* ---- reader.c ---- */
/* A piece of a region read into the buffer. Consecutive chunks of one run
 * of present pages overlap by ov bytes; a match belongs to the chunk it
 * starts in, unless it starts in the last ov bytes of a chunk that is not
 * last (the next chunk has it whole). */
struct tbx_chunk {
	uint64_t addr;
	const uint8_t *data;
	size_t len;
	bool last;
	const struct tbx_scan_region *reg;
	size_t ri;			/* index of reg */
};

struct tbx_reader {
	pid_t pid;
	const struct tbx_maps *maps;
	const struct tbx_scan_opts *o;
	struct tbx_scan_stats *st;
	const struct tbx_logger *lg;
	bool count;			/* update st (first pass only) */
	struct tbx_pagemap pm;
	bool use_pagemap;
	uint8_t *buf;
	size_t bufsz, ov;
	size_t ri;
	bool entered;
	uint64_t pos;
	size_t carry, prev_len;
	bool prev_last;
	uint64_t done, total;		/* progress */
	uint64_t nchunks;
};

int tbx_reader_init(struct tbx_reader *r, pid_t pid,
		    const struct tbx_maps *maps, const struct tbx_scan_opts *o,
		    size_t ov, struct tbx_scan_stats *st,
		    const struct tbx_logger *lg);
void tbx_reader_rewind(struct tbx_reader *r);
/* 1 with a chunk, 0 at the end, negative errno: -ESRCH (gone), -EACCES,
 * -ETIMEDOUT, -EINTR (cancelled). */
int tbx_reader_next(struct tbx_reader *r, struct tbx_chunk *c);
/* Why a region is not scanned: NULL if it is. *unreadable says which
 * counter. */
const char *tbx_region_skip(const struct tbx_scan_region *reg,
			    const struct tbx_scan_opts *o, bool *unreadable);
void tbx_reader_free(struct tbx_reader *r);
/* Check deadline and cancel flag: 0, -ETIMEDOUT or -EINTR. */
int tbx_scan_check(const struct tbx_scan_opts *o);

/* ---- hex.c ---- */
/* Translate a YARA hex string into a regex for Hyperscan. On error
 * returns -EINVAL with *errpos (byte offset in hex) and *errmsg. */
int tbx_hex_to_regex(const char *hex, struct tbx_sbuf *out, size_t *errpos,
		     const char **errmsg);

/* ---- hs.c ---- */
struct tbx_hs_pat {
	char *expr;
	unsigned hsflags;
	char rule[24];
	size_t min_width, max_width;	/* max_width capped: see hs.c */
	bool variable;			/* needs start of match */
};

struct tbx_hs {
	struct tbx_hs_pat *p;
	size_t n;
	unsigned nstr, nhex, nre;
	void *db, *scratch;		/* hs_database_t, hs_scratch_t */
	size_t max_width;
	/* per scan: longest match at the last start, per pattern */
	uint64_t *pend_from, *pend_to;
};

struct tbx_scan_run;
int tbx_hs_add(struct tbx_hs *h, const char *kind, const char *expr,
	       unsigned hsflags, const char *shown,
	       const struct tbx_logger *lg);
int tbx_hs_compile(struct tbx_hs *h, const struct tbx_logger *lg);
/* Scan one chunk; matches go to tbx_scan_emit. 0 or negative errno. */
int tbx_hs_scan(struct tbx_hs *h, struct tbx_scan_run *run,
		const struct tbx_chunk *c);
void tbx_hs_free(struct tbx_hs *h);

/* ---- yara.c ---- */
struct tbx_yara;
int tbx_yara_new(struct tbx_yara **y);
int tbx_yara_define(struct tbx_yara *y, const char *name, const char *value);
int tbx_yara_add_file(struct tbx_yara *y, const char *path,
		      const struct tbx_logger *lg);
int tbx_yara_compile(struct tbx_yara *y, const struct tbx_logger *lg);
bool tbx_yara_has_rules(const struct tbx_yara *y);
size_t tbx_yara_overlap(void);
/* Scan through run's reader; every chunk also goes to Hyperscan. */
int tbx_yara_scan(struct tbx_yara *y, struct tbx_scan_run *run);
void tbx_yara_free(struct tbx_yara *y);

/* ---- freeze.c ---- */
struct tbx_freeze {
	pid_t *tid;
	int *sig;			/* signal to pass on at detach */
	size_t n, cap;
};
int tbx_freeze(pid_t pid, struct tbx_freeze *f, const struct tbx_scan_opts *o,
	       const struct tbx_logger *lg);
void tbx_thaw(struct tbx_freeze *f, const struct tbx_logger *lg);

/* ---- scanner.c ---- */
struct tbx_scan_run {
	struct tbx_scanner *s;
	const struct tbx_scan_opts *o;
	pid_t pid;
	struct tbx_reader rd;
	const struct tbx_maps *maps;
	struct tbx_scan_stats *st;
	bool *matched;			/* per region: had a match */
	int err;			/* first error: stops the scan */
};
/* Report a match; returns non-zero when the scan must stop (run->err). */
int tbx_scan_emit(struct tbx_scan_run *run, struct tbx_scan_match *m);
int tbx_scan_hs_chunk(struct tbx_scan_run *run, const struct tbx_chunk *c);
const struct tbx_logger *tbx_scan_logger(const struct tbx_scan_run *run);

#endif

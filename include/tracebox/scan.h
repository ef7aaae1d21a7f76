/* libtracebox scanner: search a live process's memory for YARA rules,
 * literal strings, hex patterns and regular expressions.
 *
 * The target is not stopped (unless freeze is set) and not made to grow:
 * memory is read with process_vm_readv into one reused buffer, and pages
 * the process never touched (neither present nor swapped, per
 * /proc/PID/pagemap) are skipped. Every match carries its real virtual
 * address and the region it lies in. Conventions as tracebox.h: 0 or a
 * negative errno, nothing printed, diagnostics through the log callback.
 */
#ifndef TRACEBOX_SCAN_H
#define TRACEBOX_SCAN_H

#include "tracebox/tracebox.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tbx_scanner tbx_scanner;

enum tbx_region_kind {
	TBX_REGION_HEAP,	/* [heap] */
	TBX_REGION_STACK,	/* [stack], [stack:TID] */
	TBX_REGION_ANON,	/* no backing file, [anon:NAME] */
	TBX_REGION_FILE,	/* a path: a file, memfd, SysV shm, ... */
	TBX_REGION_SPECIAL,	/* [vdso], [vvar], [vsyscall], ... */
};

/* Region filter bits (tbx_scan_opts.maps). A region is scanned when its
 * kind is selected, or it is executable and TBX_SCAN_EXEC is set. */
enum {
	TBX_SCAN_HEAP = 1 << 0,
	TBX_SCAN_STACK = 1 << 1,
	TBX_SCAN_ANON = 1 << 2,
	TBX_SCAN_FILE = 1 << 3,
	TBX_SCAN_EXEC = 1 << 4,
};

/* Pattern flags for tbx_scanner_add_string/add_regex. */
enum {
	TBX_PAT_NOCASE = 1 << 0,	/* ASCII case-insensitive */
	TBX_PAT_WIDE = 1 << 1,		/* strings: also match UTF-16LE form */
};

/* One line of /proc/PID/maps. */
struct tbx_scan_region {
	uint64_t start, end, offset;
	char perms[5];			/* "r-xp" */
	enum tbx_region_kind kind;
	const char *path;		/* "" when anonymous */
};

enum tbx_meta_type { TBX_META_INT, TBX_META_STR, TBX_META_BOOL };

struct tbx_scan_meta {
	const char *id;
	enum tbx_meta_type type;
	int64_t i;			/* INT, BOOL */
	const char *s;			/* STR */
};

/* Most bytes of a match passed to the callback. */
#define TBX_SCAN_MAX_DATA 256

struct tbx_scan_match {
	pid_t pid;
	uint64_t addr;			/* real virtual address in pid */
	const struct tbx_scan_region *region;
	const char *rule;		/* YARA rule; "string0", "hex0", "regex0"... */
	const char *ns;			/* YARA namespace, or NULL */
	const char *const *tags;
	unsigned ntags;
	const struct tbx_scan_meta *meta;
	unsigned nmeta;
	/* "$a". NULL (with addr 0, region NULL) for a YARA rule that matched
	 * with no string match to show, e.g. "condition: true". */
	const char *string_id;
	const uint8_t *data;		/* first data_len bytes of the match */
	size_t data_len;
	size_t len;			/* length of the whole match */
};

/* Return non-zero to stop the scan (tbx_scanner_scan_pid: -ECANCELED). */
typedef int (*tbx_scan_match_fn)(const struct tbx_scan_match *m, void *ctx);
typedef void (*tbx_scan_progress_fn)(pid_t pid, uint64_t done, uint64_t total,
				     void *ctx);

struct tbx_scan_opts {
	size_t sz;			/* sizeof(struct tbx_scan_opts) */
	unsigned maps;			/* TBX_SCAN_* bits; 0 = every region */
	uint64_t max_region;		/* skip larger regions; 0 = no limit */
	size_t chunk_size;		/* read size; 0 = 1 MiB */
	bool all_pages;			/* read pages never touched, too */
	bool freeze;			/* stop every thread while scanning */
	uint64_t deadline_ns;		/* CLOCK_MONOTONIC; 0 = none */
	const volatile sig_atomic_t *cancel;	/* stop when *cancel != 0 */
	const char *dump_dir;		/* write matched regions here */
	bool dump_all;			/* ... or every scanned region */
	tbx_scan_match_fn on_match;
	tbx_scan_progress_fn on_progress;
	void *ctx;			/* for on_match and on_progress */
	tbx_log_fn log;
	void *log_ctx;
};

/* What a scan covered and what it skipped, and why. Counters add up over
 * calls to tbx_scanner_scan_pid with the same struct. */
struct tbx_scan_stats {
	uint64_t processes;		/* scanned */
	uint64_t regions, regions_scanned, bytes_scanned;
	uint64_t regions_unreadable, bytes_unreadable;	/* no 'r', [vvar]... */
	uint64_t regions_filtered, bytes_filtered;	/* maps, max_region */
	uint64_t regions_vanished, bytes_vanished;	/* unmapped mid-scan */
	uint64_t bytes_not_present;	/* never touched: not read */
	uint64_t maps_bad_lines;	/* unparsable /proc/PID/maps lines */
	uint64_t matches;
	uint64_t pagemap_unreadable;	/* processes read without pagemap */
	uint64_t exited;		/* processes gone mid-scan */
	uint64_t regions_dumped;
};

TBX_API int tbx_scanner_new(const struct tbx_scan_opts *opts,
			    tbx_scanner **out);
/* Define a YARA external variable ("true"/"false", an integer, a float,
 * else a string), as yara -d. Must precede tbx_scanner_add_yara_file. */
TBX_API int tbx_scanner_define(tbx_scanner *s, const char *name,
			       const char *value);
/* Compile a YARA rule file. Syntax errors are logged as
 * "FILE:LINE: message"; returns -EINVAL then. */
TBX_API int tbx_scanner_add_yara_file(tbx_scanner *s, const char *path);
/* Literal bytes; reported as rule "stringN", string "$a". */
TBX_API int tbx_scanner_add_string(tbx_scanner *s, const void *bytes,
				   size_t len, unsigned flags);
/* YARA-style hex: "DE AD ?? EF", "4? ?F", "[2-4]", "( AA | BB CC )".
 * Errors are logged with the position; returns -EINVAL. */
TBX_API int tbx_scanner_add_hex(tbx_scanner *s, const char *hex);
/* A regular expression (PCRE syntax as Hyperscan accepts it). */
TBX_API int tbx_scanner_add_regex(tbx_scanner *s, const char *re,
				  unsigned flags);
/* Scan one process. 0, or -ESRCH (no such process), -EACCES (not
 * allowed to read it), -ETIMEDOUT, -EINTR (*cancel), -ECANCELED (the
 * match callback asked to stop), -EINVAL (no patterns). A process that
 * exits during the scan is not an error: st->exited counts it. */
TBX_API int tbx_scanner_scan_pid(tbx_scanner *s, pid_t pid,
				 struct tbx_scan_stats *st);
TBX_API void tbx_scanner_free(tbx_scanner *s);

TBX_API const char *tbx_scan_region_kind_name(enum tbx_region_kind k);

#ifdef __cplusplus
}
#endif
#endif

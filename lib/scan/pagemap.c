/* /proc/PID/pagemap: one 64-bit entry per page. Bit 63 "present", bit 62
 * "swapped". A page with neither was never touched (or was dropped):
 * reading it would make the kernel map it in the target, growing its
 * memory for nothing but zeroes, so the reader skips it. The present and
 * swapped bits are given to unprivileged readers too (only the frame
 * numbers are hidden). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "scan/scan.h"

/* PAGEMAP_SCAN (Linux 6.7): the present ranges, walked by page-table
 * level, so a 16 TiB sanitizer reservation with a few pages in it costs
 * microseconds instead of 30 GB of pagemap entries. Declared here for
 * older headers; the ABI is fixed. */
struct tbx_page_region {
	uint64_t start, end, categories;
};
struct tbx_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define TBX_PAGEMAP_SCAN _IOWR('f', 16, struct tbx_pm_scan_arg)
#define TBX_PAGE_IS_PRESENT (1u << 3)
#define TBX_PAGE_IS_SWAPPED (1u << 4)
#define SCAN_VEC 256

#define PM_PRESENT (1ull << 63)
#define PM_SWAPPED (1ull << 62)
#define PM_WINDOW 32768		/* entries read at once: 128 MiB of memory */

int tbx_pagemap_open(struct tbx_pagemap *pm, pid_t pid)
{
	char path[64];
	long pg = sysconf(_SC_PAGESIZE);

	memset(pm, 0, sizeof(*pm));
	pm->fd = -1;
	for (pm->shift = 0; (1l << pm->shift) < pg; pm->shift++)
		;
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	pm->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0)
		return -errno;
	pm->ent = malloc(PM_WINDOW * sizeof(*pm->ent));
	if (!pm->ent) {
		tbx_pagemap_close(pm);
		return -ENOMEM;
	}
	pm->cap = PM_WINDOW;
	pm->vec = malloc(SCAN_VEC * sizeof(struct tbx_page_region));
	pm->scan = pm->vec != NULL;
	return 0;
}

void tbx_pagemap_close(struct tbx_pagemap *pm)
{
	if (pm->fd >= 0)
		close(pm->fd);
	free(pm->ent);
	free(pm->vec);
	pm->ent = NULL;
	pm->vec = NULL;
	pm->fd = -1;
}

static int fill(struct tbx_pagemap *pm, uint64_t addr)
{
	uint64_t first = addr >> pm->shift;
	ssize_t n;

	do
		n = pread(pm->fd, pm->ent, pm->cap * sizeof(*pm->ent),
			  (off_t)(first * sizeof(*pm->ent)));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n < sizeof(*pm->ent))
		return -EIO;
	pm->win_start = first << pm->shift;
	pm->win_end = (first + (uint64_t)n / sizeof(*pm->ent)) << pm->shift;
	return 0;
}

static bool present(const struct tbx_pagemap *pm, uint64_t addr)
{
	return pm->ent[(addr - pm->win_start) >> pm->shift] &
	       (PM_PRESENT | PM_SWAPPED);
}

/* Ask PAGEMAP_SCAN for the present ranges from addr on. 0, or -errno
 * (the kernel has no PAGEMAP_SCAN: ENOTTY or EINVAL). */
static int scan_query(struct tbx_pagemap *pm, uint64_t addr, uint64_t end)
{
	struct tbx_pm_scan_arg a = {
		.size = sizeof(a), .start = addr, .end = end,
		.vec = (uint64_t)(uintptr_t)pm->vec, .vec_len = SCAN_VEC,
		.category_anyof_mask = TBX_PAGE_IS_PRESENT | TBX_PAGE_IS_SWAPPED,
		.return_mask = TBX_PAGE_IS_PRESENT | TBX_PAGE_IS_SWAPPED,
	};
	int n = ioctl(pm->fd, TBX_PAGEMAP_SCAN, &a);

	if (n < 0)
		return -errno;
	pm->nvec = (size_t)n;
	pm->q_start = addr;
	pm->q_end = a.walk_end > addr ? a.walk_end : end;
	return 0;
}

static int scan_run(struct tbx_pagemap *pm, uint64_t addr, uint64_t limit_present,
		    uint64_t limit_absent, uint64_t *run_end)
{
	const struct tbx_page_region *v = pm->vec;
	size_t i;
	int e;

	if (addr < pm->q_start || addr >= pm->q_end) {
		if ((e = scan_query(pm, addr, limit_absent)) < 0)
			return e;
	}
	for (i = 0; i < pm->nvec && v[i].end <= addr; i++)
		;
	if (i == pm->nvec) {		/* nothing present up to q_end */
		*run_end = pm->q_end < limit_absent ? pm->q_end : limit_absent;
		return 0;
	}
	if (addr < v[i].start) {
		*run_end = v[i].start < limit_absent ? v[i].start : limit_absent;
		return 0;
	}
	/* present: adjacent ranges (present, then swapped) are one run */
	while (i + 1 < pm->nvec && v[i + 1].start == v[i].end && v[i].end < limit_present)
		i++;
	*run_end = v[i].end < limit_present ? v[i].end : limit_present;
	if (*run_end == v[i].end && v[i].end == pm->q_end && pm->q_end < limit_present) {
		/* the answer stops at the walk's end: the run may go on */
		uint64_t more;

		if (scan_run(pm, pm->q_end, limit_present, limit_absent, &more) == 1)
			*run_end = more;
	}
	return 1;
}

int tbx_pagemap_run(struct tbx_pagemap *pm, uint64_t addr, uint64_t limit_present,
		    uint64_t limit_absent, uint64_t *run_end)
{
	uint64_t pg = 1ull << pm->shift, limit;
	bool want;

	if (pm->scan) {
		int e = scan_run(pm, addr, limit_present, limit_absent, run_end);

		if (e >= 0)
			return e;
		pm->scan = false;	/* older kernel: entries, page by page */
	}
	if (addr < pm->win_start || addr >= pm->win_end) {
		int e = fill(pm, addr);

		if (e < 0)
			return e;
	}
	want = present(pm, addr);
	limit = want ? limit_present : limit_absent;
	for (addr += pg; addr < limit; addr += pg) {
		if (addr >= pm->win_end && fill(pm, addr) < 0)
			break;
		if (present(pm, addr) != want)
			break;
	}
	*run_end = addr < limit ? addr : limit;
	return want;
}

/* /proc/PID/maps: parsed strictly, line by line. A line that does not
 * have the kernel's shape is skipped and counted, never trusted. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "scan/scan.h"

static const char *hexnum(const char *p, uint64_t *v)
{
	unsigned n = 0;
	uint64_t x = 0;

	for (;; p++, n++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		if (n >= 16)
			return NULL;
		x = x << 4 | d;
	}
	*v = x;
	return n ? p : NULL;
}

static enum tbx_region_kind classify(const char *path)
{
	if (!*path || !strncmp(path, "[anon:", 6))
		return TBX_REGION_ANON;
	if (!strcmp(path, "[heap]"))
		return TBX_REGION_HEAP;
	if (!strcmp(path, "[stack]") || !strncmp(path, "[stack:", 7))
		return TBX_REGION_STACK;
	if (*path == '[')
		return TBX_REGION_SPECIAL;
	return TBX_REGION_FILE;
}

int tbx_maps_parse_line(char *line, struct tbx_scan_region *r)
{
	const char *p = line;
	uint64_t dev, ino;
	unsigned i;

	if (!(p = hexnum(p, &r->start)) || *p++ != '-' ||
	    !(p = hexnum(p, &r->end)) || *p++ != ' ')
		return -EINVAL;
	if (r->end <= r->start)
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		static const char ok[4][3] = { "r-", "w-", "x-", "ps" };

		if (!p[i] || !strchr(ok[i], p[i]))
			return -EINVAL;
		r->perms[i] = p[i];
	}
	r->perms[4] = 0;
	p += 4;
	if (*p++ != ' ' || !(p = hexnum(p, &r->offset)) || *p++ != ' ' ||
	    !(p = hexnum(p, &dev)) || *p++ != ':' || !(p = hexnum(p, &dev)) ||
	    *p++ != ' ')
		return -EINVAL;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (ino = 0; *p >= '0' && *p <= '9'; p++)
		ino = ino * 10 + (uint64_t)(*p - '0');
	if (*p && *p != ' ')
		return -EINVAL;
	while (*p == ' ')
		p++;
	r->path = p;
	r->kind = classify(p);
	return 0;
}

void tbx_maps_free(struct tbx_maps *m)
{
	if (!m)
		return;
	free(m->r);
	free(m->text);
	free(m->resident);
	memset(m, 0, sizeof(*m));
}

int tbx_maps_parse(char *text, size_t len, struct tbx_maps *m)
{
	size_t cap = 0;
	char *p = text, *end = text + len;

	memset(m, 0, sizeof(*m));
	m->text = text;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		struct tbx_scan_region r;

		if (!nl)
			nl = end;	/* text has a NUL after len */
		*nl = 0;
		if (memchr(p, 0, (size_t)(nl - p)) ||
		    tbx_maps_parse_line(p, &r) < 0) {
			if (nl > p)
				m->bad++;
		} else if (m->n && r.start < m->r[m->n - 1].end) {
			m->bad++;	/* regions come sorted, never overlapping */
		} else {
			if (m->n == cap) {
				struct tbx_scan_region *nr;

				cap = cap ? cap * 2 : 64;
				nr = realloc(m->r, cap * sizeof(*nr));
				if (!nr) {
					tbx_maps_free(m);
					return -ENOMEM;
				}
				m->r = nr;
			}
			m->r[m->n++] = r;
		}
		p = nl + 1;
	}
	return 0;
}

/* A whole /proc file, NUL-terminated. */
static int slurp(pid_t pid, const char *name, char **out, size_t *outlen)
{
	char path[64];
	autoclose int fd = -1;
	size_t len = 0, cap = 1 << 16;
	autofree char *buf = NULL;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				return -ENOMEM;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == ENOENT ? -ESRCH : -errno;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	*out = tbx_steal(&buf);
	*outlen = len;
	return 0;
}

int tbx_maps_read(pid_t pid, struct tbx_maps *m)
{
	char *text;
	size_t len;
	int e = slurp(pid, "maps", &text, &len);

	return e < 0 ? e : tbx_maps_parse(text, len, m);
}

int tbx_maps_read_resident(pid_t pid, struct tbx_maps *m)
{
	autofree char *text = NULL;
	char *p, *nl;
	size_t len, cur = SIZE_MAX;
	int e = slurp(pid, "smaps", &text, &len);

	if (e < 0)
		return e;
	m->resident = malloc((m->n ? m->n : 1) * sizeof(*m->resident));
	if (!m->resident)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++)
		m->resident[i] = UINT64_MAX;	/* unknown: not in smaps */
	for (p = text; p < text + len; p = nl + 1) {
		struct tbx_scan_region r;
		unsigned long long kb;

		nl = strchr(p, '\n');
		if (!nl)
			nl = text + len;
		*nl = 0;
		if (sscanf(p, "Rss: %llu kB", &kb) == 1 ||
		    sscanf(p, "Swap: %llu kB", &kb) == 1) {
			if (cur != SIZE_MAX)
				m->resident[cur] += (uint64_t)kb << 10;
		} else if (tbx_maps_parse_line(p, &r) == 0) {
			const struct tbx_scan_region *f = tbx_maps_find(m, r.start);

			cur = f && f->start == r.start ? (size_t)(f - m->r) : SIZE_MAX;
			if (cur != SIZE_MAX)
				m->resident[cur] = 0;
		}
	}
	return 0;
}

const struct tbx_scan_region *tbx_maps_find(const struct tbx_maps *m,
					    uint64_t addr)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < m->r[mid].start)
			hi = mid;
		else if (addr >= m->r[mid].end)
			lo = mid + 1;
		else
			return &m->r[mid];
	}
	return NULL;
}

const char *tbx_scan_region_kind_name(enum tbx_region_kind k)
{
	static const char *const names[] = {
		[TBX_REGION_HEAP] = "heap", [TBX_REGION_STACK] = "stack",
		[TBX_REGION_ANON] = "anon", [TBX_REGION_FILE] = "file",
		[TBX_REGION_SPECIAL] = "special",
	};

	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "?";
}

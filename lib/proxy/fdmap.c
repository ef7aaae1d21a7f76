/* The proxy's fd map (fdmap.h): per process, local fd -> remote fd, and
 * per remote fd a count of the local fds naming it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "proxy/fdmap.h"

/* Local fd numbers beyond this are refused: no real table is bigger
 * (fs.nr_open's maximum), and it bounds what a hostile tracee costs us. */
#define FD_LIMIT (1u << 20)

void tbx_fdmap_init(struct tbx_fdmap *m, void (*release)(void *ctx, int rfd),
		    void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->release = release;
	m->ctx = ctx;
}

static void tab_unref(struct tbx_fdmap *m, struct tbx_fdtab *t, bool release);

void tbx_fdmap_free(struct tbx_fdmap *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->nprocs; i++)
		tab_unref(m, m->procs[i].tab, false);
	free(m->procs);
	free(m->refs);
	memset(m, 0, sizeof(*m));
}

static int proc_index(const struct tbx_fdmap *m, pid_t tgid)
{
	for (unsigned i = 0; i < m->nprocs; i++)
		if (m->procs[i].tgid == tgid)
			return (int)i;
	return -1;
}

struct tbx_fdtab *tbx_fdmap_table(const struct tbx_fdmap *m, pid_t tgid)
{
	int i = proc_index(m, tgid);

	return i < 0 ? NULL : m->procs[i].tab;
}

int tbx_fdmap_get(const struct tbx_fdtab *tab, long lfd)
{
	if (!tab || lfd < 0 || (unsigned long)lfd >= tab->cap)
		return -1;
	return tab->rfd[lfd] - 1;
}

static int ref(struct tbx_fdmap *m, int rfd)
{
	if (rfd < 0 || (unsigned)rfd >= FD_LIMIT)
		return -EBADF;
	if ((unsigned)rfd >= m->caprefs) {
		unsigned cap = m->caprefs ? m->caprefs : 64;
		uint32_t *n;

		while (cap <= (unsigned)rfd)
			cap *= 2;
		n = realloc(m->refs, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		memset(n + m->caprefs, 0, (cap - m->caprefs) * sizeof(*n));
		m->refs = n;
		m->caprefs = cap;
	}
	m->refs[rfd]++;
	return 0;
}

static void unref(struct tbx_fdmap *m, int rfd, bool release)
{
	if (rfd < 0 || (unsigned)rfd >= m->caprefs || !m->refs[rfd])
		return;
	if (--m->refs[rfd] == 0 && release && m->release)
		m->release(m->ctx, rfd);
}

/* Drop lfd's mapping, if any. */
static void tab_clear(struct tbx_fdmap *m, struct tbx_fdtab *t, unsigned lfd,
		      bool release)
{
	int rfd;

	if (lfd >= t->cap || !t->rfd[lfd])
		return;
	rfd = t->rfd[lfd] - 1;
	t->rfd[lfd] = 0;
	t->mapped--;
	unref(m, rfd, release);
}

static void tab_unref(struct tbx_fdmap *m, struct tbx_fdtab *t, bool release)
{
	if (!t || --t->users)
		return;
	for (unsigned i = 0; i < t->cap && t->mapped; i++)
		tab_clear(m, t, i, release);
	free(t->rfd);
	free(t);
}

static int tab_grow(struct tbx_fdtab *t, unsigned lfd)
{
	unsigned cap = t->cap ? t->cap : 64;
	int32_t *n;

	if (lfd >= FD_LIMIT)
		return -EBADF;
	if (lfd < t->cap)
		return 0;
	while (cap <= lfd)
		cap *= 2;
	n = realloc(t->rfd, cap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	memset(n + t->cap, 0, (cap - t->cap) * sizeof(*n));
	t->rfd = n;
	t->cap = cap;
	return 0;
}

/* Attach table t to tgid (replacing what it had). */
static int proc_put(struct tbx_fdmap *m, pid_t tgid, struct tbx_fdtab *t)
{
	int i = proc_index(m, tgid);

	if (i >= 0) {
		tab_unref(m, m->procs[i].tab, true);
		m->procs[i].tab = t;
		return 0;
	}
	if (m->nprocs == m->capprocs) {
		unsigned cap = m->capprocs ? m->capprocs * 2 : 8;
		void *n = realloc(m->procs, cap * sizeof(*m->procs));
		if (!n)
			return -ENOMEM;
		m->procs = n;
		m->capprocs = cap;
	}
	m->procs[m->nprocs].tgid = tgid;
	m->procs[m->nprocs].tab = t;
	m->nprocs++;
	return 0;
}

bool tbx_fdmap_known(const struct tbx_fdmap *m, pid_t tgid)
{
	return proc_index(m, tgid) >= 0;
}

int tbx_fdmap_add(struct tbx_fdmap *m, pid_t tgid)
{
	return tbx_fdmap_known(m, tgid) ? 0 : proc_put(m, tgid, NULL);
}

static struct tbx_fdtab *table_or_new(struct tbx_fdmap *m, pid_t tgid)
{
	struct tbx_fdtab *t = tbx_fdmap_table(m, tgid);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->users = 1;
	if (proc_put(m, tgid, t)) {
		free(t);
		return NULL;
	}
	return t;
}

int tbx_fdmap_set(struct tbx_fdmap *m, pid_t tgid, int lfd, int rfd)
{
	struct tbx_fdtab *t;
	int e;

	if (lfd < 0)
		return -EBADF;
	t = table_or_new(m, tgid);
	if (!t)
		return -ENOMEM;
	e = tab_grow(t, (unsigned)lfd);
	if (e)
		return e;
	e = ref(m, rfd);
	if (e)
		return e;
	tab_clear(m, t, (unsigned)lfd, true);
	t->rfd[lfd] = rfd + 1;
	t->mapped++;
	return 0;
}

void tbx_fdmap_close(struct tbx_fdmap *m, pid_t tgid, int lfd)
{
	struct tbx_fdtab *t = tbx_fdmap_table(m, tgid);

	if (t && lfd >= 0)
		tab_clear(m, t, (unsigned)lfd, true);
}

int tbx_fdmap_dup(struct tbx_fdmap *m, pid_t tgid, int oldfd, int newfd)
{
	int rfd = tbx_fdmap_get(tbx_fdmap_table(m, tgid), oldfd);

	if (oldfd == newfd)
		return 0;
	if (rfd < 0) {
		tbx_fdmap_close(m, tgid, newfd);
		return 0;
	}
	return tbx_fdmap_set(m, tgid, newfd, rfd);
}

void tbx_fdmap_close_range(struct tbx_fdmap *m, pid_t tgid, unsigned first,
			   unsigned last)
{
	struct tbx_fdtab *t = tbx_fdmap_table(m, tgid);

	if (!t)
		return;
	for (unsigned i = first; i < t->cap && i <= last && t->mapped; i++)
		tab_clear(m, t, i, true);
}

static struct tbx_fdtab *tab_copy(struct tbx_fdmap *m, const struct tbx_fdtab *s)
{
	struct tbx_fdtab *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->users = 1;
	if (s->cap) {
		t->rfd = malloc(s->cap * sizeof(*t->rfd));
		if (!t->rfd) {
			free(t);
			return NULL;
		}
		memcpy(t->rfd, s->rfd, s->cap * sizeof(*t->rfd));
		t->cap = s->cap;
		t->mapped = s->mapped;
		/* every remote fd named here was counted already: no growth */
		for (unsigned i = 0; i < t->cap; i++)
			if (t->rfd[i])
				m->refs[t->rfd[i] - 1]++;
	}
	return t;
}

int tbx_fdmap_fork(struct tbx_fdmap *m, pid_t parent, pid_t child, bool share)
{
	struct tbx_fdtab *p = tbx_fdmap_table(m, parent), *t;
	int e;

	if (parent == child)
		return 0;
	if (!p)		/* nothing to inherit; a reused pid's table goes */
		return proc_put(m, child, NULL);
	if (share) {
		t = p;
		t->users++;
	} else {
		t = tab_copy(m, p);
		if (!t)
			return -ENOMEM;
	}
	e = proc_put(m, child, t);
	if (e)
		tab_unref(m, t, true);
	return e;
}

int tbx_fdmap_unshare(struct tbx_fdmap *m, pid_t tgid)
{
	int i = proc_index(m, tgid);
	struct tbx_fdtab *t;

	if (i < 0 || !m->procs[i].tab || m->procs[i].tab->users == 1)
		return 0;
	t = tab_copy(m, m->procs[i].tab);
	if (!t)
		return -ENOMEM;
	m->procs[i].tab->users--;
	m->procs[i].tab = t;
	return 0;
}

void tbx_fdmap_exec(struct tbx_fdmap *m, pid_t tgid,
		    bool (*alive)(void *ctx, pid_t tgid, int lfd), void *ctx)
{
	struct tbx_fdtab *t = tbx_fdmap_table(m, tgid);

	/* a new program has a table of its own even if it shared one */
	if (!t || tbx_fdmap_unshare(m, tgid))
		return;
	t = tbx_fdmap_table(m, tgid);
	for (unsigned i = 0; i < t->cap && t->mapped; i++)
		if (t->rfd[i] && !alive(ctx, tgid, (int)i))
			tab_clear(m, t, i, true);
}

void tbx_fdmap_exit(struct tbx_fdmap *m, pid_t tgid)
{
	int i = proc_index(m, tgid);

	if (i < 0)
		return;
	tab_unref(m, m->procs[i].tab, true);
	m->procs[i] = m->procs[--m->nprocs];
}

/* Process table: tid -> tracee, open addressing with linear probing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"

struct tbx_proc tbx_proc_tomb;

static unsigned hash(pid_t tid, unsigned cap)
{
	return ((unsigned)tid * 2654435761u) & (cap - 1);
}

struct tbx_proc *tbx_proc_find(struct tbx_proctab *pt, pid_t tid)
{
	unsigned i, k;

	if (!pt->cap)
		return NULL;
	for (k = 0, i = hash(tid, pt->cap); k < pt->cap; k++, i = (i + 1) & (pt->cap - 1)) {
		struct tbx_proc *p = pt->slot[i];
		if (!p)
			return NULL;
		if (p != TBX_PROC_TOMB && p->tid == tid)
			return p;
	}
	return NULL;
}

static void insert(struct tbx_proctab *pt, struct tbx_proc *p)
{
	unsigned i = hash(p->tid, pt->cap);

	while (pt->slot[i] && pt->slot[i] != TBX_PROC_TOMB)
		i = (i + 1) & (pt->cap - 1);
	if (pt->slot[i] == TBX_PROC_TOMB)
		pt->tomb--;
	pt->slot[i] = p;
	pt->n++;
}

static int grow(struct tbx_proctab *pt)
{
	struct tbx_proctab old = *pt;
	unsigned cap = pt->cap ? pt->cap : 64, i;

	while ((pt->n + 1) * 2 > cap)
		cap *= 2;
	pt->slot = calloc(cap, sizeof(*pt->slot));
	if (!pt->slot) {
		*pt = old;
		return -ENOMEM;
	}
	pt->cap = cap;
	pt->n = 0;
	pt->tomb = 0;
	for (i = 0; i < old.cap; i++)
		if (old.slot[i] && old.slot[i] != TBX_PROC_TOMB)
			insert(pt, old.slot[i]);
	free(old.slot);
	return 0;
}

struct tbx_proc *tbx_proc_add(struct tbx_proctab *pt, pid_t tid)
{
	struct tbx_proc *p = tbx_proc_find(pt, tid);

	if (p)
		return p;
	if ((pt->n + pt->tomb + 1) * 2 > pt->cap && grow(pt))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tid = tid;
	p->tgid = tid;
	insert(pt, p);
	return p;
}

void tbx_proc_del(struct tbx_proctab *pt, struct tbx_proc *p)
{
	unsigned i, k;

	for (k = 0, i = hash(p->tid, pt->cap); k < pt->cap; k++, i = (i + 1) & (pt->cap - 1)) {
		if (pt->slot[i] == p) {
			pt->slot[i] = TBX_PROC_TOMB;
			pt->n--;
			pt->tomb++;
			break;
		}
	}
	tbx_decode_free(&p->vb);
	free(p);
}

void tbx_proctab_free(struct tbx_proctab *pt)
{
	unsigned i;
	struct tbx_proc *p;

	tbx_proctab_each(pt, i, p) {
		tbx_decode_free(&p->vb);
		free(p);
	}
	free(pt->slot);
	memset(pt, 0, sizeof(*pt));
}

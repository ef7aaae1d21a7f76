/* The output object: picks the format, owns the files. Every line is
 * written with one write(2), so a killed tracebox loses no finished line
 * and -o files are never torn mid-line. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/output.h"
#include "decode/decode.h"

bool tidset_has(const struct tbx_tidset *s, pid_t tid)
{
	if (!s->n)
		return false;
	for (unsigned i = (unsigned)tid & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == tid)
			return true;
	return false;
}

void tidset_add(struct tbx_tidset *s, pid_t tid)
{
	if (tidset_has(s, tid))
		return;
	if ((s->used + 1) * 2 > s->cap) {
		struct tbx_tidset o = *s;
		unsigned cap = 16;
		pid_t *slot;

		while (cap < (s->n + 1) * 4)
			cap *= 2;
		slot = calloc(cap, sizeof(*slot));
		if (!slot)
			return;
		s->slot = slot;
		s->cap = cap;
		s->n = 0;
		s->used = 0;
		for (unsigned i = 0; i < o.cap; i++)
			if (o.slot[i] > 0)
				tidset_add(s, o.slot[i]);
		free(o.slot);
	}
	unsigned i = (unsigned)tid & (s->cap - 1);
	while (s->slot[i] > 0)
		i = (i + 1) & (s->cap - 1);
	if (!s->slot[i])
		s->used++;
	s->slot[i] = tid;
	s->n++;
}

void tidset_del(struct tbx_tidset *s, pid_t tid)
{
	if (!s->n)
		return;
	for (unsigned i = (unsigned)tid & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == tid) {
			s->slot[i] = -1;	/* tombstone keeps probe chains */
			s->n--;
			return;
		}
}

void tidset_free(struct tbx_tidset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

static int open_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_APPEND, 0644);
	return fd < 0 ? -errno : fd;
}

int tbx_out_write(struct tbx_output *o, pid_t tid, const char *s, size_t n)
{
	int fd = o->fd;

	if ((o->o.flags & TBX_OUT_PER_PID_FILES) && tid > 0) {
		unsigned i;
		for (i = 0; i < o->nff && o->ff[i].tid != tid; i++)
			;
		if (i == o->nff) {
			char path[4096];
			if (o->nff == o->capff) {
				unsigned cap = o->capff ? o->capff * 2 : 16;
				void *nf = realloc(o->ff, cap * sizeof(*o->ff));
				if (!nf)
					return -ENOMEM;
				o->ff = nf;
				o->capff = cap;
			}
			snprintf(path, sizeof(path), "%s.%d", o->path, tid);
			fd = open_out(path);
			if (fd < 0)
				return fd;
			o->ff[o->nff].tid = tid;
			o->ff[o->nff].fd = fd;
			o->nff++;
		}
		fd = o->ff[i].fd;
	}
	return tbx_write_all(fd, s, n);
}

int tbx_output_new(const struct tbx_output_opts *opts, tbx_output **out)
{
	struct tbx_output *o;

	if (!opts || !out || opts->sz < offsetof(struct tbx_output_opts, column))
		return -EINVAL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	tbx_opts_copy(&o->o, sizeof(o->o), opts, opts->sz);
	o->fd = o->o.fd;
	if (o->o.path) {
		o->path = strdup(o->o.path);
		if (!o->path) {
			free(o);
			return -ENOMEM;
		}
		o->o.path = o->path;
		if (!(o->o.flags & TBX_OUT_PER_PID_FILES)) {
			o->fd = open_out(o->path);
			if (o->fd < 0) {
				int e = o->fd;
				free(o->path);
				free(o);
				return e;
			}
			o->own_fd = true;
		}
	}
	if (o->o.format == TBX_FMT_SUMMARY || (o->o.flags & TBX_OUT_SUMMARY_TOO)) {
		o->ncounts = tbx_syscall_count();
		o->counts = calloc(o->ncounts, sizeof(*o->counts));
		if (!o->counts) {
			tbx_output_free(o);
			return -ENOMEM;
		}
	}
	*out = o;
	return 0;
}

int tbx_output_event(tbx_output *o, const struct tbx_event *ev)
{
	int e = 0;

	if (!o || !ev)
		return -EINVAL;
	if (o->counts)
		tbx_summary_event(o, ev);
	switch (o->o.format) {
	case TBX_FMT_TEXT:
		e = tbx_text_event(o, ev);
		break;
	case TBX_FMT_JSON:
		e = tbx_json_event(o, ev);
		break;
	case TBX_FMT_SUMMARY:
		break;
	}
	return e;
}

int tbx_output_finish(tbx_output *o)
{
	if (!o)
		return -EINVAL;
	if (o->counts)
		return tbx_summary_finish(o);
	return 0;
}

void tbx_output_free(tbx_output *o)
{
	if (!o)
		return;
	if (o->own_fd)
		close(o->fd);
	for (unsigned i = 0; i < o->nff; i++)
		close(o->ff[i].fd);
	free(o->ff);
	free(o->path);
	free(o->counts);
	sb_free(&o->line);
	tidset_free(&o->unfinished);
	free(o);
}

/* Output formats: consumers of one event type. */
#ifndef TBX_OUTPUT_H
#define TBX_OUTPUT_H
#include "tracebox/tracebox.h"
#include "util/util.h"

/* Render values [from, to) as strace text. sep: a separator is due
 * before the first value. */
void tbx_render_text(struct tbx_sbuf *b, const struct tbx_value *v,
		     unsigned from, unsigned to, const char *data, bool sep,
		     unsigned qflags);
/* Render values [from, to) as a JSON array of the top-level values, or
 * with one_value the single top-level value alone. */
void tbx_render_json(struct tbx_sbuf *b, const struct tbx_value *v,
		     unsigned from, unsigned to, const char *data, bool one_value);
void tbx_json_str(struct tbx_sbuf *b, const unsigned char *s, size_t n);

/* Text of the return value: "= -1 ENOENT (No such file or directory)". */
void tbx_render_ret(struct tbx_sbuf *b, const struct tbx_event *ev);

struct tbx_output;
struct tbx_fmt_ops {
	int (*event)(struct tbx_output *o, const struct tbx_event *ev);
	int (*finish)(struct tbx_output *o);
	void (*free)(struct tbx_output *o);
};

/* Per-tid set (tids whose line was left <unfinished ...>). */
struct tbx_tidset {
	pid_t *slot;	/* 0 free, -1 deleted */
	unsigned cap, n, used;
};
bool tidset_has(const struct tbx_tidset *s, pid_t tid);
void tidset_add(struct tbx_tidset *s, pid_t tid);
void tidset_del(struct tbx_tidset *s, pid_t tid);
void tidset_free(struct tbx_tidset *s);

/* Per-syscall counters for the -c table. */
struct tbx_counts {
	unsigned long calls, errors;
	uint64_t ns;
};

struct tbx_output {
	struct tbx_output_opts o;
	char *path;
	int fd;			/* single output */
	bool own_fd;
	struct { pid_t tid; int fd; } *ff;	/* -ff files */
	unsigned nff, capff;
	struct tbx_sbuf line;
	/* text: the call whose entry is pending, and interrupted ones */
	bool open;
	struct tbx_event open_ev;
	struct tbx_tidset unfinished;
	enum tbx_arch last_arch;	/* for the "runs in 32 bit mode" line */
	struct timespec last_mono;	/* -r */
	bool have_last;
	/* summary */
	struct tbx_counts *counts;
	unsigned ncounts;
};

int tbx_out_write(struct tbx_output *o, pid_t tid, const char *s, size_t n);
int tbx_text_event(struct tbx_output *o, const struct tbx_event *ev);
int tbx_json_event(struct tbx_output *o, const struct tbx_event *ev);
int tbx_summary_event(struct tbx_output *o, const struct tbx_event *ev);
int tbx_summary_finish(struct tbx_output *o);

#endif

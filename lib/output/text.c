/* strace's text format, line for line.
 *
 * A call's line is written whole at its exit. Only when another thread's
 * line comes between entry and exit is the entry part written first, as
 * "name(args <unfinished ...>", and the exit later as
 * "<... name resumed>rest) = ret". */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "output/output.h"
#include "decode/decode.h"

#define DEFAULT_COLUMN 40

/* pid and time columns; a call's time is the time of its entry */
static void prefix(struct tbx_output *o, const struct tbx_event *ev)
{
	struct tbx_sbuf *b = &o->line;
	unsigned f = o->o.flags;
	bool sc = ev->kind == TBX_EV_SYSCALL_EXIT || ev->kind == TBX_EV_SYSCALL_ENTER;
	const struct timespec *ts = sc ? &ev->sc.t_enter : &ev->ts;
	const struct timespec *mono = sc ? &ev->sc.mono_enter : &ev->mono;

	if (f & TBX_OUT_PID_COLUMN)
		sb_printf(b, "%-5d ", ev->tid);
	else if ((f & TBX_OUT_PIDS) && !(f & TBX_OUT_PER_PID_FILES) && ev->nprocs > 1)
		sb_printf(b, "[pid %5d] ", ev->tid);
	if (f & TBX_OUT_RELTIME) {
		struct timespec d = { 0, 0 };
		if (o->have_last) {
			d.tv_sec = mono->tv_sec - o->last_mono.tv_sec;
			d.tv_nsec = mono->tv_nsec - o->last_mono.tv_nsec;
			if (d.tv_nsec < 0) {
				d.tv_sec--;
				d.tv_nsec += 1000000000;
			}
		}
		o->last_mono = *mono;
		o->have_last = true;
		sb_printf(b, "%6ld.%06ld ", (long)d.tv_sec, d.tv_nsec / 1000);
	} else if (f & TBX_OUT_TIME_EPOCH) {
		sb_printf(b, "%ld.%06ld ", (long)ts->tv_sec, ts->tv_nsec / 1000);
	} else if (f & (TBX_OUT_TIME | TBX_OUT_TIME_US)) {
		struct tm tm;
		char t[32];
		time_t s = ts->tv_sec;
		localtime_r(&s, &tm);
		strftime(t, sizeof(t), "%H:%M:%S", &tm);
		if (f & TBX_OUT_TIME_US)
			sb_printf(b, "%s.%06ld ", t, ts->tv_nsec / 1000);
		else
			sb_printf(b, "%s ", t);
	}
}

static int flush_line(struct tbx_output *o, pid_t tid)
{
	int e;

	sb_putc(&o->line, '\n');
	e = o->line.oom ? -ENOMEM : tbx_out_write(o, tid, o->line.p, o->line.len);
	o->line.len = 0;
	o->line.oom = 0;
	return e;
}

static void entry_part(struct tbx_output *o, const struct tbx_event *ev)
{
	const struct tbx_syscall_ev *sc = &ev->sc;

	sb_printf(&o->line, "%s(", sc->name);
	tbx_render_text(&o->line, sc->vals, 0, sc->nvals_enter, sc->data, false,
			o->o.flags);
}

/* Close the pending line of another thread as unfinished. */
static int interrupt_open(struct tbx_output *o, pid_t tid)
{
	const struct tbx_event *oe = &o->open_ev;

	if (!o->open || oe->tid == tid || (o->o.flags & TBX_OUT_PER_PID_FILES))
		return 0;
	o->open = false;
	prefix(o, oe);
	entry_part(o, oe);
	if (oe->sc.more_at_exit && oe->sc.nargs_enter && !oe->sc.exit_sep)
		sb_puts(&o->line, ", ");
	sb_puts(&o->line, " <unfinished ...>");
	tidset_add(&o->unfinished, oe->tid);
	return flush_line(o, oe->tid);
}

static void pad_to_column(struct tbx_output *o, size_t start)
{
	size_t col = o->line.len - start;
	unsigned want = o->o.column ? o->o.column : DEFAULT_COLUMN;

	sb_putc(&o->line, ' ');
	col++;
	while (col < want) {
		sb_putc(&o->line, ' ');
		col++;
	}
}

static bool status_shown(const struct tbx_output *o, const struct tbx_event *ev)
{
	bool failed = ev->sc.err != 0;

	if ((o->o.flags & TBX_OUT_ONLY_OK) && (failed || ev->sc.ret_unknown))
		return false;
	if ((o->o.flags & TBX_OUT_ONLY_FAILED) && !failed)
		return false;
	return true;
}

/* -k: one line per frame after the call's line, as strace -k */
static int stack_lines(struct tbx_output *o, const struct tbx_event *ev)
{
	for (unsigned i = 0; i < ev->sc.nframes; i++) {
		const struct tbx_frame *f = &ev->sc.frames[i];

		if (f->symbol)
			sb_printf(&o->line, " > %s(%s+0x%" PRIx64 ") [0x%" PRIx64 "]",
				  f->module, f->symbol, f->offset, f->pc);
		else
			sb_printf(&o->line, " > %s() [0x%" PRIx64 "]", f->module, f->pc);
		sb_putc(&o->line, '\n');
	}
	if (!o->line.len)
		return 0;
	/* written whole, like the call's line: the lines of one call stay
	 * together */
	o->line.len--;
	return flush_line(o, ev->tid);
}

static int syscall_exit(struct tbx_output *o, const struct tbx_event *ev)
{
	const struct tbx_syscall_ev *sc = &ev->sc;
	bool resumed = tidset_has(&o->unfinished, ev->tid);
	size_t start;
	int e;

	if (o->open && o->open_ev.tid == ev->tid)
		o->open = false;
	if (resumed)
		tidset_del(&o->unfinished, ev->tid);
	if (!status_shown(o, ev))
		return 0;
	if (sc->arch != o->last_arch) {
		/* strace's personality line: the call is not a native one */
		static const char *mode[] = { "64 bit", "32 bit", "x32" };
		o->last_arch = sc->arch;
		sb_printf(&o->line, "[ Process PID=%d runs in %s mode. ]", ev->tid,
			  mode[sc->arch]);
		if (flush_line(o, ev->tid))
			return -EIO;
	}
	start = o->line.len;
	if (resumed) {
		prefix(o, ev);
		sb_printf(&o->line, "<... %s resumed>", sc->name);
		tbx_render_text(&o->line, sc->vals, sc->nvals_enter, sc->nvals,
				sc->data, sc->exit_sep && sc->nargs_enter, o->o.flags);
	} else {
		prefix(o, ev);
		entry_part(o, ev);
		tbx_render_text(&o->line, sc->vals, sc->nvals_enter, sc->nvals,
				sc->data, sc->nargs_enter > 0, o->o.flags);
	}
	sb_putc(&o->line, ')');
	pad_to_column(o, start);
	tbx_render_ret(&o->line, ev);
	if (o->o.flags & TBX_OUT_DURATION) {
		long s = ev->ts.tv_sec - sc->t_enter.tv_sec;
		long ns = ev->ts.tv_nsec - sc->t_enter.tv_nsec;
		if (ns < 0) {
			s--;
			ns += 1000000000;
		}
		sb_printf(&o->line, " <%ld.%06ld>", s, ns / 1000);
	}
	e = flush_line(o, ev->tid);
	return e ? e : stack_lines(o, ev);
}

static int signal_line(struct tbx_output *o, const struct tbx_event *ev)
{
	char name[32];
	const uint8_t *set = o->o.signal_set;

	if (o->o.flags & TBX_OUT_NO_SIGNALS)
		return 0;
	if (set && ev->sig > 0 && ev->sig < 65 && !tbx_bit(set, (unsigned long)ev->sig))
		return 0;
	prefix(o, ev);
	sb_printf(&o->line, "--- %s ", tbx_signame(ev->sig, name, sizeof(name)));
	if (ev->sc.nvals)
		tbx_render_text(&o->line, ev->sc.vals, 0, ev->sc.nvals, ev->sc.data,
				false, o->o.flags);
	else
		sb_puts(&o->line, "{}");
	sb_puts(&o->line, " ---");
	return flush_line(o, ev->tid);
}

int tbx_text_event(struct tbx_output *o, const struct tbx_event *ev)
{
	char name[32];
	int e;

	if (ev->kind == TBX_EV_ATTACHED || ev->kind == TBX_EV_EXEC ||
	    ev->kind == TBX_EV_EXITING)
		return 0;	/* no line of their own in strace's format */
	if (ev->kind == TBX_EV_DETACHED) {
		if (!ev->status)
			return 0;
		/* detached inside a call: its line ends "<detached ...>" */
		if (o->open && o->open_ev.tid == ev->tid)
			o->open = false;
		else
			e = interrupt_open(o, ev->tid);
		prefix(o, ev);
		if (tidset_has(&o->unfinished, ev->tid)) {
			tidset_del(&o->unfinished, ev->tid);
			sb_printf(&o->line, "<... %s resumed>", ev->sc.name);
		} else {
			entry_part(o, ev);
			if (ev->sc.more_at_exit && ev->sc.nargs_enter && !ev->sc.exit_sep)
				sb_puts(&o->line, ", ");
		}
		sb_puts(&o->line, " <detached ...>");
		return flush_line(o, ev->tid);
	}
	if (ev->kind != TBX_EV_SYSCALL_EXIT || !o->open || o->open_ev.tid != ev->tid) {
		e = interrupt_open(o, ev->tid);
		if (e)
			return e;
	}
	switch (ev->kind) {
	case TBX_EV_SYSCALL_ENTER:
		o->open = true;
		o->open_ev = *ev;
		return 0;
	case TBX_EV_SYSCALL_EXIT:
		return syscall_exit(o, ev);
	case TBX_EV_SIGNAL:
		return signal_line(o, ev);
	case TBX_EV_STOPPED:
		if (o->o.flags & TBX_OUT_NO_SIGNALS)
			return 0;
		prefix(o, ev);
		sb_printf(&o->line, "--- stopped by %s ---",
			  tbx_signame(ev->sig, name, sizeof(name)));
		return flush_line(o, ev->tid);
	case TBX_EV_EXITED:
		if (o->o.flags & TBX_OUT_QUIET_EXIT)
			return 0;
		prefix(o, ev);
		sb_printf(&o->line, "+++ exited with %d +++", ev->status);
		return flush_line(o, ev->tid);
	case TBX_EV_KILLED:
		if (o->o.flags & TBX_OUT_QUIET_EXIT)
			return 0;
		prefix(o, ev);
		sb_printf(&o->line, "+++ killed by %s %s+++",
			  tbx_signame(ev->status, name, sizeof(name)),
			  ev->core ? "(core dumped) " : "");
		return flush_line(o, ev->tid);
	case TBX_EV_EXEC_PID:
		prefix(o, ev);
		sb_printf(&o->line, "+++ superseded by execve in pid %d +++", ev->status);
		/* the exec'ing thread's unfinished execve now resumes under
		 * the leader's pid */
		if (tidset_has(&o->unfinished, ev->status)) {
			tidset_del(&o->unfinished, ev->status);
			tidset_add(&o->unfinished, ev->tid);
		}
		return flush_line(o, ev->tid);
	default:
		return 0;
	}
}

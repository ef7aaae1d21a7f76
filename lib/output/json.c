/* JSON Lines: one object per completed call, signal, exit. Valid JSON
 * whatever bytes the tracee passed (see tbx_json_str). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "output/output.h"
#include "decode/decode.h"

static void head(struct tbx_sbuf *b, const struct tbx_event *ev, const char *type,
		 const struct timespec *ts)
{
	sb_printf(b, "{\"type\":\"%s\",\"pid\":%d,\"tid\":%d,\"time\":%ld.%06ld", type,
		  ev->pid, ev->tid, (long)ts->tv_sec, ts->tv_nsec / 1000);
}

static const char *arch_name(enum tbx_arch a)
{
	return a == TBX_ARCH_I386 ? "i386" : a == TBX_ARCH_X32 ? "x32" : "x86_64";
}

/* -k: "stack":[{"pc":..,"module":"..","symbol":"..","offset":..}] */
static void stack_json(struct tbx_sbuf *b, const struct tbx_syscall_ev *sc)
{
	sb_puts(b, ",\"stack\":[");
	for (unsigned i = 0; i < sc->nframes; i++) {
		const struct tbx_frame *f = &sc->frames[i];

		sb_printf(b, "%s{\"pc\":%" PRIu64 ",\"module\":", i ? "," : "", f->pc);
		tbx_json_str(b, (const unsigned char *)f->module, strlen(f->module));
		sb_puts(b, ",\"symbol\":");
		if (f->symbol)
			tbx_json_str(b, (const unsigned char *)f->symbol, strlen(f->symbol));
		else
			sb_puts(b, "null");
		sb_printf(b, ",\"offset\":%" PRIu64 "}", f->offset);
	}
	sb_putc(b, ']');
}

int tbx_json_event(struct tbx_output *o, const struct tbx_event *ev)
{
	struct tbx_sbuf *b = &o->line;
	const struct tbx_syscall_ev *sc = &ev->sc;
	char name[32];
	int e;

	b->len = 0;
	switch (ev->kind) {
	case TBX_EV_SYSCALL_EXIT: {
		long s = ev->ts.tv_sec - sc->t_enter.tv_sec;
		long ns = ev->ts.tv_nsec - sc->t_enter.tv_nsec;
		bool failed = sc->err != 0;

		if ((o->o.flags & TBX_OUT_ONLY_OK) && (failed || sc->ret_unknown))
			return 0;
		if ((o->o.flags & TBX_OUT_ONLY_FAILED) && !failed)
			return 0;
		if (ns < 0) {
			s--;
			ns += 1000000000;
		}
		head(b, ev, "syscall", &sc->t_enter);
		sb_puts(b, ",\"syscall\":");
		tbx_json_str(b, (const unsigned char *)sc->name, strlen(sc->name));
		if (sc->arch != TBX_ARCH_X86_64)
			sb_printf(b, ",\"arch\":\"%s\",\"nr\":%ld", arch_name(sc->arch), sc->nr);
		sb_puts(b, ",\"args\":");
		tbx_render_json(b, sc->vals, 0, sc->nvals, sc->data, false);
		if (sc->ret_unknown)
			sb_puts(b, ",\"ret\":null");
		else if (failed) {
			const char *en = tbx_errno_name(sc->err);
			sb_printf(b, ",\"ret\":-1,\"errno\":\"%s\"", en ? en : "?");
		} else if (sc->rval == TBX_RV_HEX)
			sb_printf(b, ",\"ret\":%" PRIu64, (uint64_t)sc->ret);
		else
			sb_printf(b, ",\"ret\":%" PRId64, sc->ret);
		sb_printf(b, ",\"duration\":%ld.%06ld", s, ns / 1000);
		if (sc->frames)
			stack_json(b, sc);
		sb_puts(b, "}\n");
		break;
	}
	case TBX_EV_SIGNAL:
		if (o->o.flags & TBX_OUT_NO_SIGNALS)
			return 0;
		head(b, ev, "signal", &ev->ts);
		sb_printf(b, ",\"signal\":\"%s\",\"siginfo\":",
			  tbx_signame(ev->sig, name, sizeof(name)));
		tbx_render_json(b, sc->vals, 0, sc->nvals, sc->data, true);
		sb_puts(b, "}\n");
		break;
	case TBX_EV_EXITED:
		head(b, ev, "exit", &ev->ts);
		sb_printf(b, ",\"status\":%d}\n", ev->status);
		break;
	case TBX_EV_KILLED:
		head(b, ev, "killed", &ev->ts);
		sb_printf(b, ",\"signal\":\"%s\",\"core\":%s}\n",
			  tbx_signame(ev->status, name, sizeof(name)),
			  ev->core ? "true" : "false");
		break;
	case TBX_EV_EXEC_PID:
		head(b, ev, "exec-pid", &ev->ts);
		sb_printf(b, ",\"old_tid\":%d}\n", ev->status);
		break;
	case TBX_EV_STOPPED:
		head(b, ev, "stopped", &ev->ts);
		sb_printf(b, ",\"signal\":\"%s\"}\n", tbx_signame(ev->sig, name, sizeof(name)));
		break;
	case TBX_EV_ATTACHED:
	case TBX_EV_DETACHED:
		head(b, ev, ev->kind == TBX_EV_ATTACHED ? "attach" : "detach", &ev->ts);
		sb_puts(b, "}\n");
		break;
	default:
		return 0;
	}
	e = b->oom ? -ENOMEM : tbx_out_write(o, ev->tid, b->p, b->len);
	b->len = 0;
	b->oom = 0;
	return e;
}

/* Futexes: futex and futex_waitv. */
#include <stdio.h>
#include "decode/decode.h"
#include "syscallent.h"

enum {
	F_WAIT, F_WAKE, F_FD, F_REQUEUE, F_CMP_REQUEUE, F_WAKE_OP, F_LOCK_PI,
	F_UNLOCK_PI, F_TRYLOCK_PI, F_WAIT_BITSET, F_WAKE_BITSET,
	F_WAIT_REQUEUE_PI, F_CMP_REQUEUE_PI, F_LOCK_PI2,
};

#define F_PRIVATE 128u
#define F_CLOCK_REALTIME 256u
#define F_CMD_MASK 127u
#define BITSET_MATCH_ANY 0xffffffffu

/* FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, as strace's table: the
 * realtime clock only where the kernel takes it. */
static void futex_op(struct tbx_dctx *d, unsigned op)
{
	unsigned cmd = op & F_CMD_MASK;
	const char *name = tbx_xlat_name(&tbx_xlat_futex_ops, cmd);
	bool clock_ok = cmd == F_WAIT || cmd == F_WAIT_BITSET || cmd == F_WAIT_REQUEUE_PI;
	char buf[96];

	if (!name || (op & ~(F_CMD_MASK | F_PRIVATE | F_CLOCK_REALTIME)) ||
	    ((op & F_CLOCK_REALTIME) && !clock_ok)) {
		dv_hex(d, op);
		dv_comment(d, "FUTEX_???");
		return;
	}
	snprintf(buf, sizeof(buf), "%s%s%s", name, op & F_PRIVATE ? "_PRIVATE" : "",
		 op & F_CLOCK_REALTIME ? "|FUTEX_CLOCK_REALTIME" : "");
	dv_name(d, buf, op);
}

static void bitset(struct tbx_dctx *d, unsigned v)
{
	if (v == BITSET_MATCH_ANY)
		dv_name(d, "FUTEX_BITSET_MATCH_ANY", v);
	else
		dv_hex(d, v);
}

/* FUTEX_OP_SET<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0 */
static void wake_op(struct tbx_dctx *d, unsigned v)
{
	char buf[256];
	const char *op = tbx_xlat_name(&tbx_xlat_futex_wake_ops, (v >> 28) & 7);
	const char *cmp = tbx_xlat_name(&tbx_xlat_futex_wake_cmps, (v >> 24) & 15);
	size_t n = 0;

	if ((v >> 28) & 8)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "FUTEX_OP_OPARG_SHIFT<<28|");
	if (op)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s<<28", op);
	else
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "%#x<<28 /* FUTEX_OP_??? */", (v >> 28) & 7);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|%#x<<12|", (v >> 12) & 0xfff);
	if (cmp)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s<<24", cmp);
	else
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "%#x<<24 /* FUTEX_OP_CMP_??? */", (v >> 24) & 15);
	snprintf(buf + n, sizeof(buf) - n, "|%#x", v & 0xfff);
	dv_name(d, buf, v);
}

void tbx_dec_futex(struct tbx_dctx *d)
{
	unsigned op = (unsigned)d->a[1], cmd = op & F_CMD_MASK;
	unsigned val = (unsigned)d->a[2], val2 = (unsigned)d->a[3];
	unsigned val3 = (unsigned)d->a[5];
	uint64_t timeout = d->a[3], uaddr2 = d->a[4];

	if (d->exiting)
		return;
	d->no_exit_args = true;	/* as many arguments as the operation has */
	dv_ptr(d, d->a[0]);
	futex_op(d, op);
	switch (cmd) {
	case F_WAIT:
		dv_uint(d, val);
		dv_timespec(d, timeout);
		break;
	case F_LOCK_PI:
	case F_LOCK_PI2:
		dv_timespec(d, timeout);
		break;
	case F_WAIT_BITSET:
		dv_uint(d, val);
		dv_timespec(d, timeout);
		bitset(d, val3);
		break;
	case F_WAKE_BITSET:
		dv_uint(d, val);
		bitset(d, val3);
		break;
	case F_REQUEUE:
		dv_uint(d, val);
		dv_uint(d, val2);
		dv_ptr(d, uaddr2);
		break;
	case F_CMP_REQUEUE:
	case F_CMP_REQUEUE_PI:
		dv_uint(d, val);
		dv_uint(d, val2);
		dv_ptr(d, uaddr2);
		dv_uint(d, val3);
		break;
	case F_WAKE_OP:
		dv_uint(d, val);
		dv_uint(d, val2);
		dv_ptr(d, uaddr2);
		wake_op(d, val3);
		break;
	case F_WAIT_REQUEUE_PI:
		dv_uint(d, val);
		dv_timespec(d, timeout);
		dv_ptr(d, uaddr2);
		break;
	case F_FD:
	case F_WAKE:
		dv_uint(d, val);
		break;
	case F_UNLOCK_PI:
	case F_TRYLOCK_PI:
		break;
	default:
		dv_uint(d, val);
		dv_ptr(d, timeout);
		dv_ptr(d, uaddr2);
		dv_hex(d, val3);
	}
}

struct futex_waiter {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

#define FUTEX_32 2u
#define FUTEX_SIZE_MASK 3u
#define FUTEX_WAITV_MAX 128u

/* FUTEX_32|FUTEX_PRIVATE_FLAG */
static void waiter_flags(struct tbx_dctx *d, uint32_t f)
{
	char buf[96];
	size_t n = 0;
	uint32_t rest = f;

	buf[0] = 0;
	if ((f & FUTEX_SIZE_MASK) == FUTEX_32) {
		n += (size_t)snprintf(buf, sizeof(buf), "FUTEX_32");
		rest &= ~FUTEX_SIZE_MASK;
	}
	if (f & F_PRIVATE) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%sFUTEX_PRIVATE_FLAG",
				      n ? "|" : "");
		rest &= ~F_PRIVATE;
	}
	if (rest || !f)
		snprintf(buf + n, sizeof(buf) - n, "%s%#x", n ? "|" : "", rest);
	dv_name(d, buf, f);
}

void tbx_dec_futex_waitv(struct tbx_dctx *d)
{
	struct futex_waiter w;
	uint64_t addr = d->a[0];
	unsigned nr = (unsigned)d->a[1];

	if (d->exiting)
		return;
	if (!addr || !nr || dv_umove(d, addr, &w)) {
		dv_ptr(d, addr);
	} else {
		dv_array(d);
		for (unsigned i = 0; i < nr && i < FUTEX_WAITV_MAX; i++) {
			if ((!d->verbose && i >= d->strsize) ||
			    dv_umove(d, addr + i * sizeof(w), &w)) {
				dv_more(d);
				break;
			}
			dv_struct(d);
			dv_key(d, "val");
			dv_hex(d, w.val);
			dv_key(d, "uaddr");
			dv_ptr(d, w.uaddr);
			dv_key(d, "flags");
			waiter_flags(d, w.flags);
			dv_end(d);
		}
		dv_end(d);
	}
	dv_uint(d, nr);
	dv_hex(d, (unsigned)d->a[2]);
	dv_timespec(d, d->a[3]);
	dv_xval(d, &tbx_xlat_clocks, (unsigned)d->a[4], "CLOCK_???");
}

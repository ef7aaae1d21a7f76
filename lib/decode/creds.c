/* Credentials: uids, gids, supplementary groups, capabilities. */
#include <stdio.h>
#include "decode/decode.h"
#include "syscallent.h"

/* uid_t and gid_t: -1 ("unchanged") as -1, the rest unsigned. */
static void id(struct tbx_dctx *d, uint64_t v)
{
	uint32_t u = (uint32_t)v;

	if (u == UINT32_MAX)
		dv_int(d, -1);
	else
		dv_uint(d, u);
}

/* setuid, setgid, setfsuid, setfsgid */
void tbx_dec_setid1(struct tbx_dctx *d)
{
	if (!d->exiting)
		id(d, d->a[0]);
}

/* setreuid, setregid */
void tbx_dec_setid2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	id(d, d->a[0]);
	id(d, d->a[1]);
}

/* setresuid, setresgid */
void tbx_dec_setid3(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	id(d, d->a[0]);
	id(d, d->a[1]);
	id(d, d->a[2]);
}

/* getresuid, getresgid: [0], [0], [0] */
void tbx_dec_getresid(struct tbx_dctx *d)
{
	uint32_t v;

	if (!d->exiting)
		return;
	for (int i = 0; i < 3; i++) {
		if (d->err || !d->a[i] || dv_umove(d, d->a[i], &v)) {
			dv_ptr(d, d->a[i]);
			continue;
		}
		dv_array(d);
		id(d, v);
		dv_end(d);
	}
}

/* [1, 2, 3]: -s elements at most unless -v. */
static void gid_list(struct tbx_dctx *d, uint64_t addr, int64_t n)
{
	uint32_t g;
	int64_t i;

	if (!addr || n < 0) {
		dv_ptr(d, addr);
		return;
	}
	if (n > 0 && dv_umove(d, addr, &g)) {
		dv_ptr(d, addr);
		return;
	}
	dv_array(d);
	for (i = 0; i < n; i++) {
		if (!d->verbose && i >= d->strsize) {
			dv_more(d);
			break;
		}
		if (dv_umove(d, addr + (uint64_t)i * sizeof(g), &g)) {
			dv_more(d);
			break;
		}
		id(d, g);
	}
	dv_end(d);
}

void tbx_dec_getgroups(struct tbx_dctx *d)
{
	if (!d->exiting) {
		dv_int(d, (int)d->a[0]);
		return;
	}
	if (d->err)
		dv_ptr(d, d->a[1]);
	else
		gid_list(d, d->a[1], d->ret);
}

void tbx_dec_setgroups(struct tbx_dctx *d)
{
	int n = (int)d->a[0];

	if (d->exiting)
		return;
	dv_int(d, n);
	gid_list(d, d->a[1], n);
}

/* ---- capabilities ---- */

struct cap_header { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };

#define CAP_V1 0x19980330u

/* 1<<CAP_CHOWN|1<<CAP_KILL, or 0 */
static void cap_set(struct tbx_dctx *d, const char *key, uint64_t set)
{
	char buf[2048];
	size_t n = 0;
	uint64_t rest = set;

	buf[0] = 0;
	for (unsigned b = 0; b < 64 && n + 40 < sizeof(buf); b++) {
		const char *name;
		if (!(set & (1ull << b)))
			continue;
		name = tbx_xlat_name(&tbx_xlat_capabilities, b);
		if (!name)
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s1<<%s", n ? "|" : "", name);
		rest &= ~(1ull << b);
	}
	if (rest || !set)
		snprintf(buf + n, sizeof(buf) - n, "%s%#llx", n ? "|" : "",
			 (unsigned long long)rest);
	dv_key(d, key);
	dv_name(d, buf, set);
}

/* The header; returns its version, 0 when it was not readable. */
static uint32_t cap_header(struct tbx_dctx *d, uint64_t addr)
{
	struct cap_header h;

	if (!addr || dv_umove(d, addr, &h)) {
		dv_ptr(d, addr);
		return 0;
	}
	dv_struct(d);
	dv_key(d, "version");
	dv_xval(d, &tbx_xlat_cap_versions, h.version, "_LINUX_CAPABILITY_VERSION_???");
	dv_key(d, "pid");
	dv_int(d, h.pid);
	dv_end(d);
	return h.version;
}

static void cap_data(struct tbx_dctx *d, uint64_t addr, uint32_t version)
{
	struct cap_data c[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	unsigned n = version == CAP_V1 ? 1 : 2;

	if (!addr || !tbx_xlat_name(&tbx_xlat_cap_versions, version) ||
	    tbx_umove(d->tid, addr, c, n * sizeof(c[0]))) {
		dv_ptr(d, addr);
		return;
	}
	dv_struct(d);
	cap_set(d, "effective", c[0].effective | (uint64_t)c[1].effective << 32);
	cap_set(d, "permitted", c[0].permitted | (uint64_t)c[1].permitted << 32);
	cap_set(d, "inheritable", c[0].inheritable | (uint64_t)c[1].inheritable << 32);
	dv_end(d);
}

void tbx_dec_capget(struct tbx_dctx *d)
{
	struct cap_header h = { 0, 0 };

	if (!d->exiting) {
		cap_header(d, d->a[0]);
		return;
	}
	if (d->err || !d->a[0] || dv_umove(d, d->a[0], &h))
		dv_ptr(d, d->a[1]);
	else
		cap_data(d, d->a[1], h.version);
}

void tbx_dec_capset(struct tbx_dctx *d)
{
	uint32_t v;

	if (d->exiting)
		return;
	v = cap_header(d, d->a[0]);
	cap_data(d, d->a[1], v);
}

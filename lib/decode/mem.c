/* Memory: mmap, brk, mprotect and the rest of the address-space calls. */
#include <stdio.h>
#include <unistd.h>
#include "decode/decode.h"
#include "decode/process.h"
#include "syscallent.h"

#define MAP_TYPE_BITS 0x0full
#define MAP_HUGE_SHIFT 26
#define MAP_HUGE_MASK 0x3full

static void prot(struct tbx_dctx *d, uint64_t v)
{
	dv_flags_unk(d, &tbx_xlat_mmap_prot, v, "PROT_NONE", "PROT_???");
}

/* MAP_PRIVATE|MAP_ANONYMOUS|21<<MAP_HUGE_SHIFT: the type by value, then the
 * flag bits, then the huge page size. */
static void mmap_flags(struct tbx_dctx *d, uint64_t flags)
{
	char buf[768];
	const char *type = tbx_xlat_name(&tbx_xlat_mmap_type, flags & MAP_TYPE_BITS);
	uint64_t huge = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
	uint64_t rest = flags & ~MAP_TYPE_BITS & ~(MAP_HUGE_MASK << MAP_HUGE_SHIFT);
	size_t n;

	if (type)
		n = (size_t)snprintf(buf, sizeof(buf), "%s", type);
	else
		n = (size_t)snprintf(buf, sizeof(buf), "%#llx /* MAP_??? */",
				     (unsigned long long)(flags & MAP_TYPE_BITS));
	if (rest) {
		buf[n++] = '|';
		n += tbx_flags_text(&tbx_xlat_mmap_flags, rest, buf + n, sizeof(buf) - n);
	}
	if (huge)
		snprintf(buf + n, sizeof(buf) - n, "|%llu<<MAP_HUGE_SHIFT",
			 (unsigned long long)huge);
	dv_name(d, buf, flags);
}

void tbx_dec_mmap(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	prot(d, d->a[2]);
	mmap_flags(d, d->a[3]);
	dv_fd(d, d->a[4]);
	dv_hex(d, d->a[5]);
	d->rval = TBX_RV_HEX;
}

/* munmap, mlock, munlock: address and length. */
void tbx_dec_mem_range(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
}

void tbx_dec_mprotect(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	prot(d, d->a[2]);
}

void tbx_dec_pkey_mprotect(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	tbx_dec_mprotect(d);
	dv_int(d, (int)d->a[3]);
}

void tbx_dec_brk(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	d->rval = TBX_RV_HEX;
}

void tbx_dec_madvise(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	dv_xval(d, &tbx_xlat_madvise, (uint64_t)(int)d->a[2], "MADV_???");
}

void tbx_dec_mremap(struct tbx_dctx *d)
{
	const uint64_t both = 3;	/* MREMAP_MAYMOVE|MREMAP_FIXED */

	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	dv_uint(d, d->a[2]);
	dv_flags_unk(d, &tbx_xlat_mremap_flags, d->a[3], NULL, "MREMAP_???");
	if ((d->a[3] & both) == both)
		dv_ptr(d, d->a[4]);
	d->rval = TBX_RV_HEX;
}

void tbx_dec_msync(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	dv_flags_unk(d, &tbx_xlat_msync_flags, d->a[2], NULL, "MS_???");
}

void tbx_dec_mlock2(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_ptr(d, d->a[0]);
	dv_uint(d, d->a[1]);
	dv_flags_unk(d, &tbx_xlat_mlock_flags, (unsigned)d->a[2], NULL, "MLOCK_???");
}

void tbx_dec_mlockall(struct tbx_dctx *d)
{
	if (d->exiting)
		return;
	dv_flags_unk(d, &tbx_xlat_mlockall_flags, (unsigned)d->a[0], NULL, "MCL_???");
}

/* mincore's vector: one byte per page, abbreviated after -s elements. */
void tbx_dec_mincore(struct tbx_dctx *d)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t pages, shown;
	unsigned char vec[4096];

	if (!d->exiting) {
		dv_ptr(d, d->a[0]);
		dv_uint(d, d->a[1]);
		return;
	}
	if (page <= 0)
		page = 4096;
	pages = d->a[1] / (uint64_t)page + (d->a[1] % (uint64_t)page != 0);
	shown = pages < d->strsize || d->verbose ? pages : d->strsize;
	if (shown > sizeof(vec))
		shown = sizeof(vec);
	if (d->err || !d->a[2] || tbx_umove(d->tid, d->a[2], vec, (size_t)shown)) {
		dv_ptr(d, d->a[2]);
		return;
	}
	dv_array(d);
	for (uint64_t i = 0; i < shown; i++)
		dv_uint(d, vec[i] & 1);
	if (shown < pages)
		dv_more(d);
	dv_end(d);
}

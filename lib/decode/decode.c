/* Dispatch to the syscall's decoder, and the pieces every decoder shares. */
#include <stdio.h>
#include "decode/decode.h"

const struct tbx_sysent *tbx_sysent_get(enum tbx_arch arch, long nr)
{
	const struct tbx_sysent *tab = tbx_sysent64;
	unsigned n = tbx_nsysent64;

	if (arch == TBX_ARCH_I386) {
		tab = tbx_sysent32;
		n = tbx_nsysent32;
	}
	/* x32 calls share the native numbering below 512, the x32 bit
	 * already stripped by the arch layer. */
	if (nr < 0 || (unsigned long)nr >= n || !tab[nr].name)
		return NULL;
	return &tab[nr];
}

void tbx_decode_syscall(struct tbx_dctx *d)
{
	/* Only native calls are decoded: an i386 or x32 call has other
	 * argument layouts, so its arguments are shown raw. */
	if (d->arch == TBX_ARCH_X86_64 && d->ent && d->ent->decode) {
		d->ent->decode(d);
		return;
	}
	if (!d->exiting)
		dv_raw_args(d, 0);
}

const char *tbx_errno_name(int err)
{
	return tbx_xlat_name(&tbx_xlat_errnos, (uint64_t)err);
}

const char *tbx_errno_desc(int err)
{
	const struct tbx_xlat_ent *e = tbx_xlat_find(&tbx_xlat_errnos, (uint64_t)err);

	return e ? e->desc : NULL;
}

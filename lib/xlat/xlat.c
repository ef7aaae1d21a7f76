#include <stddef.h>
#include "xlat/xlat.h"

const struct tbx_xlat_ent *tbx_xlat_find(const struct tbx_xlat *x, uint64_t v)
{
	unsigned i;

	for (i = 0; i < x->n; i++)
		if (x->ent[i].val == v)
			return &x->ent[i];
	return NULL;
}

const char *tbx_xlat_name(const struct tbx_xlat *x, uint64_t v)
{
	const struct tbx_xlat_ent *e = tbx_xlat_find(x, v);

	return e ? e->name : NULL;
}

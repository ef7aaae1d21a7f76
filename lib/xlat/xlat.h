/* Constant tables: value <-> name, generated at build time from
 * lib/xlat/NAME.in by tools/gen-xlat.py. Nobody keeps two lists in sync by hand. */
#ifndef TBX_XLAT_H
#define TBX_XLAT_H
#include <stdint.h>

struct tbx_xlat_ent {
	uint64_t val;
	const char *name;
	const char *desc;	/* errno messages; NULL elsewhere */
};

enum tbx_xlat_kind { TBX_XLAT_VALUES, TBX_XLAT_FLAGS };

struct tbx_xlat {
	const struct tbx_xlat_ent *ent;
	unsigned n;
	enum tbx_xlat_kind kind;
};

/* The entry whose value is exactly v, or NULL. */
const struct tbx_xlat_ent *tbx_xlat_find(const struct tbx_xlat *x, uint64_t v);
const char *tbx_xlat_name(const struct tbx_xlat *x, uint64_t v);

#include "xlat_gen.h"	/* extern const struct tbx_xlat tbx_xlat_<file>; */
#endif

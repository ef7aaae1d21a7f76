/* Pieces shared by the memory, process, resource and credential decoders. */
#ifndef TBX_DECODE_PROCESS_H
#define TBX_DECODE_PROCESS_H
#include "decode/decode.h"

/* struct rusage at addr: {ru_utime=..., ru_stime=..., ...}; every field
 * with -v. NULL, or the address when unreadable. */
void dv_rusage(struct tbx_dctx *d, uint64_t addr);

/* dv_flags, and strace's comment when no bit is known:
 * 0x80 \/\* MCL_??? *\/. */

#endif

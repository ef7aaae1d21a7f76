/* Pieces shared by the file and descriptor decoders (file.c, stat.c,
 * fcntl.c, io.c). */
#ifndef TBX_DECODE_FILE_H
#define TBX_DECODE_FILE_H

#include "decode/decode.h"

/* "O_RDWR|O_CREAT": the access mode always, then the flag bits. */
size_t tbx_open_flags_text(uint64_t flags, char *buf, size_t cap);
void dv_open_flags(struct tbx_dctx *d, uint64_t flags);
/* File type and mode as strace: "S_IFREG|S_ISUID|0755", or "0644". */
void dv_file_mode(struct tbx_dctx *d, unsigned mode);
/* A device number: "makedev(0x8, 0x1)". */
void dv_file_dev(struct tbx_dctx *d, uint64_t dev);
/* A time as a comment: 2024-01-02T03:04:05.000000123+0000; nothing for 0. */
void dv_file_time_comment(struct tbx_dctx *d, int64_t sec, uint64_t nsec);
/* A user or group id: -1 for "unchanged", else unsigned. */
void dv_file_id(struct tbx_dctx *d, uint64_t id);
/* An int64_t pointed to: [123], NULL, or the address when unreadable. */
void dv_file_int64p(struct tbx_dctx *d, uint64_t addr);

#endif

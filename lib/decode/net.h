/* Helpers shared by the socket, signal, time and poll decoders
 * (net.c, sockaddr.c, signal.c, time.c, poll.c). */
#ifndef TBX_DECODE_NET_H
#define TBX_DECODE_NET_H
#include "decode/decode.h"

/* strace's printflags: known bits by name, the rest in hex, "0" for 0;
 * a comment naming the prefix only when no bit is known: 0x40 \/\* MSG_??? *\/. */

/* Out-argument of an int: [5], or the address when unreadable/failed. */
void dv_int_at(struct tbx_dctx *d, uint64_t addr);

/* sockaddr.c: {sa_family=AF_INET, ...}; returns the family or -1. */
int dv_sockaddr(struct tbx_dctx *d, uint64_t addr, int addrlen);

/* signal.c */
/* A sigset of len bytes: the address unless min <= len <= 8. */
void dv_sigset_len(struct tbx_dctx *d, uint64_t addr, uint64_t len, uint64_t min);
/* A siginfo_t in the tracee ("{}" when si_signo is 0). */
void dv_siginfo_at(struct tbx_dctx *d, uint64_t addr);

/* time.c */
void dv_clockid(struct tbx_dctx *d, int clk);
void dv_itimerspec(struct tbx_dctx *d, uint64_t addr);
void dv_itimerval(struct tbx_dctx *d, uint64_t addr);
/* "{tv_sec=1, tv_nsec=2}" of a timespec (usec: a timeval) in the tracee,
 * for text after the return value; false when unreadable. */
bool tbx_time_text(struct tbx_dctx *d, uint64_t addr, bool usec, char *buf,
		   size_t cap);

#endif

/* The proxy protocol (docs/proxy-protocol.md): what travels between
 * `tracebox proxy` (the tracer, client) and `tracebox serve` (executes).
 *
 * Frames: a 12-byte header { u32 len; u16 type; u16 flags; u32 id } and
 * len bytes of payload, every integer little-endian. A call is named by
 * its x86_64 Linux syscall number whatever the hosts run; its arguments
 * travel as typed items, so a frame can be validated without knowing
 * more than the call's spec (lib/proxy/calls.c), which both sides share.
 *
 * Wire side (frames, connection, server): lib/proxy/{proto,conn,serve}.c.
 * Tracee side (registers and memory <-> struct tbx_pcall, fd map):
 * lib/proxy/client.c. */
#ifndef TBX_PROXY_PROTO_H
#define TBX_PROXY_PROTO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/util.h"

#define TBX_PROTO_VERSION 1
#define TBX_PROTO_HDR 12
#define TBX_PROTO_MAX_FRAME (8u << 20)	/* payload bytes */
#define TBX_PROTO_MAX_IO (4u << 20)	/* bytes of one IN or OUT item */
#define TBX_PROTO_MAX_ARGS 6
#define TBX_PROTO_MAX_TOKEN 256
#define TBX_PROTO_MAX_STR 4095		/* bytes of a STR item: PATH_MAX less its NUL */

enum tbx_frame_type {
	TBX_FR_HELLO = 1,	/* client: u32 version, u32 caps, u16 len, token */
	TBX_FR_WELCOME = 2,	/* server: u32 version, u32 caps, u32 max_frame */
	TBX_FR_CALL = 3,	/* client: a struct tbx_pcall */
	TBX_FR_RESULT = 4,	/* server: a struct tbx_presult, same id */
	TBX_FR_ERROR = 5,	/* either: i32 errno, u16 len, message; then close */
	TBX_FR_BYE = 6,		/* client: no payload; the session ends */
};

/* How one argument travels. */
enum tbx_pa {
	TBX_PA_NONE = 0,	/* '-' arguments; or a NULL pointer (s, b, B, o, O, L) */
	TBX_PA_INT = 1,		/* .v: a plain integer (flags, count, offset) */
	TBX_PA_FD = 2,		/* .v: a remote fd of this session, or AT_FDCWD */
	TBX_PA_STR = 3,		/* .b: a path, without its NUL */
	TBX_PA_IN = 4,		/* .b: bytes the call reads (write, sockaddr) */
	TBX_PA_OUT = 5,		/* .v: capacity of a buffer the call fills */
};

struct tbx_pbuf {
	const uint8_t *p;
	uint32_t len;
};

struct tbx_parg {
	uint8_t kind;		/* enum tbx_pa */
	int64_t v;		/* INT, FD: the value; OUT: capacity */
	struct tbx_pbuf b;	/* STR, IN */
};

/* One call: argument i of the syscall is a[i] (the kinds must match the
 * call's spec). Pointers into the frame it was decoded from. */
struct tbx_pcall {
	uint32_t nr;		/* x86_64 syscall number */
	uint32_t nargs;
	struct tbx_parg a[TBX_PROTO_MAX_ARGS];
};

/* Its result: ret >= 0, or -errno; out[i] fills the call's i-th OUT
 * argument (in argument order), len <= its capacity (len 0 when the call
 * failed; a failed call may also come with nouts 0). For an 'L' argument full[i] is the length the kernel stored in
 * the socklen_t (may exceed len when the capacity cut the address):
 * write out[i] to the buffer and full[i] to the socklen_t. */
struct tbx_presult {
	int64_t ret;
	uint32_t nouts;
	struct tbx_pbuf out[TBX_PROTO_MAX_ARGS];
	uint32_t full[TBX_PROTO_MAX_ARGS];
};

/* ---- call specs (lib/proxy/calls.c): the one table both sides use ---- */

/* What the server may execute and how each argument travels. Kinds per
 * argument: 'i' INT, 'f' FD, 'd' dirfd (FD or AT_FDCWD), 's' STR, 'b' IN
 * whose length is argument size_of[i], 'B' IN of a fixed size fixed[i]
 * (utimensat's times), 'o' OUT of capacity argument size_of[i], 'O' OUT
 * of a fixed size (fixed[i]: struct stat, statx...), 'L' OUT whose
 * capacity is the socklen_t at pointer argument size_of[i] (sockaddr and
 * getsockopt results; that argument travels as NONE), '-' unused (NONE).
 * Rules the decoder enforces: the INT at size_of[i] of a 'b'/'o' equals
 * the item's length/capacity (the client clamps both to
 * TBX_PROTO_MAX_IO: a short read or write is legal), 'O'/'B' items have
 * exactly fixed[i] bytes, and any pointer kind may travel as NONE for a
 * NULL pointer (the server passes NULL). */
struct tbx_pcall_spec {
	long nr;
	const char *name;
	const char *kinds;	/* one char per argument */
	uint8_t size_of[TBX_PROTO_MAX_ARGS];	/* for 'b'/'o' */
	uint32_t fixed[TBX_PROTO_MAX_ARGS];	/* for 'O' */
	unsigned flags;		/* TBX_PC_* */
};

enum {
	TBX_PC_NEWFD = 1 << 0,	/* success returns a new fd (openat, socket...) */
	TBX_PC_CLOSE = 1 << 1,	/* releases its fd argument */
	TBX_PC_PATH = 1 << 2,	/* resolves a path: confined by serve --root */
};

/* The spec of x86_64 call nr, or NULL when it cannot be proxied. */
const struct tbx_pcall_spec *tbx_pcall_spec(long nr);
/* Every spec, for listing and for parsing --calls sets. */
const struct tbx_pcall_spec *tbx_pcall_specs(unsigned *n);

/* ---- frames (lib/proxy/proto.c) ---- */

struct tbx_pframe {
	uint16_t type, flags;
	uint32_t id;
	const uint8_t *payload;
	uint32_t len;
};

/* Append one frame to b (b->oom set when memory ran out). */
void tbx_proto_put_hello(struct tbx_sbuf *b, const char *token, size_t toklen);
void tbx_proto_put_welcome(struct tbx_sbuf *b);
void tbx_proto_put_bye(struct tbx_sbuf *b);
void tbx_proto_put_call(struct tbx_sbuf *b, uint32_t id, const struct tbx_pcall *c);
/* r answers c: its OUT items are those of c, in order. */
void tbx_proto_put_result(struct tbx_sbuf *b, uint32_t id, const struct tbx_presult *r,
			  const struct tbx_pcall *c);
void tbx_proto_put_error(struct tbx_sbuf *b, uint32_t id, int err, const char *msg);

/* Split a frame off the front of buf: 1 and *used when one is complete,
 * 0 when more bytes are needed, -EPROTO/-EMSGSIZE when it can never be
 * valid. */
int tbx_proto_frame(const uint8_t *buf, size_t len, struct tbx_pframe *f,
		    size_t *used);
/* Parse and validate a frame's payload against the call specs: counts,
 * sizes, kinds, limits. 0 or -EPROTO/-EMSGSIZE/-ENOSYS (no such call). */
int tbx_proto_get_call(const struct tbx_pframe *f, struct tbx_pcall *c);
int tbx_proto_get_result(const struct tbx_pframe *f, const struct tbx_pcall *c,
			 struct tbx_presult *r);
/* HELLO: the version (any value: the caller decides) and the token,
 * pointing into the frame. WELCOME: the server's version and max frame.
 * ERROR: its errno (positive) and message (not NUL-terminated). */
int tbx_proto_get_hello(const struct tbx_pframe *f, uint32_t *version,
			struct tbx_pbuf *token);
int tbx_proto_get_welcome(const struct tbx_pframe *f, uint32_t *version,
			  uint32_t *max_frame);
int tbx_proto_get_error(const struct tbx_pframe *f, int *err, struct tbx_pbuf *msg);

/* Reading frames from a stream fd, buffered; both ends use it. */
struct tbx_preader {
	int fd;
	unsigned spin_us;	/* look for input this long before sleeping */
	uint8_t *buf;
	size_t pos, len, cap;
};
/* The next frame in *f, valid until the next call: 1, 0 at EOF between
 * frames, -EPROTO at EOF inside one, -ETIMEDOUT after timeout_ms (< 0:
 * none), -EMSGSIZE/-EPROTO for a frame that can never be valid, or
 * -errno of read. */
int tbx_preader_next(struct tbx_preader *r, struct tbx_pframe *f, int timeout_ms);
/* spin_us of both ends: the other end's turn of a proxied call takes a
 * few microseconds (bench/proxy.sh) */
#define TBX_PREADER_SPIN_US 20
void tbx_preader_free(struct tbx_preader *r);
/* Write all of b to fd (send with MSG_NOSIGNAL when sock) and empty b.
 * 0 or -errno (-ENOMEM when b ran out of memory while being filled). */
int tbx_proto_send(int fd, bool sock, struct tbx_sbuf *b);

/* ---- the client's connection (lib/proxy/conn.c) ---- */

typedef struct tbx_pconn tbx_pconn;

/* Start `sh -c CMDLINE` (--remote 'ssh host tracebox serve --stdio')
 * with a socketpair on its stdin/stdout (its stderr is ours), or connect
 * to "unix:PATH" / "tcp:HOST:PORT"; say hello with the token (NULL: none)
 * and wait for the welcome, at most TBX_PCONN_HELLO_MS. 0 or -errno:
 * -EACCES wrong token, -EPROTONOSUPPORT version mismatch, -EIO the server
 * went away, -ETIMEDOUT; the server's reason is logged through lg, which
 * is copied (NULL: silent). */
#define TBX_PCONN_HELLO_MS 30000
int tbx_pconn_spawn(const char *cmdline, const char *token, tbx_pconn **out,
		    struct tbx_logger *lg);
int tbx_pconn_connect(const char *addr, const char *token, tbx_pconn **out,
		      struct tbx_logger *lg);
/* One round trip. The result's buffers live until the next call.
 * -EIO when the server is gone or answered garbage (the connection is
 * then dead: every later call returns -EIO at once); -ETIMEDOUT after
 * the connection's timeout (the connection is then dead too: a late
 * answer could not be told apart). A call that the server refuses
 * returns 0 with res->ret -ENOSYS (unknown call) or -EPERM (outside
 * serve --calls). -EINVAL (connection intact) when the call does not
 * match its spec: checked before sending, as the server would. */
int tbx_pconn_call(tbx_pconn *c, const struct tbx_pcall *call,
		   struct tbx_presult *res);
/* Give up on an answer after ms milliseconds (0, the default: wait as
 * long as the server lives, since accept or recvfrom may block for good
 * remotely as they would locally; a dead server is noticed at once). */
void tbx_pconn_set_timeout(tbx_pconn *c, int ms);
void tbx_pconn_free(tbx_pconn *c);	/* sends BYE, reaps a spawned server */

/* ---- the server (lib/proxy/serve.c) ---- */

struct tbx_serve_opts {
	size_t sz;
	int in_fd, out_fd;	/* one session on these (--stdio, or a socket) */
	int root_fd;		/* --root DIR: paths resolve beneath it; -1 none
				 * (then "/"); a directory fd, not closed */
	const uint8_t *allowed;	/* bitmap of x86_64 calls (--calls), NULL all */
	const char *token;	/* required in HELLO, or NULL */
	tbx_log_fn log;
	void *log_ctx;
};

/* Serve one session until BYE, EOF or a protocol error. Everything the
 * session opened is closed when it returns. 0 (BYE or EOF) or -errno
 * (-EPROTO and friends: garbage; -EACCES: wrong token). Writes to out_fd
 * with MSG_NOSIGNAL when it is a socket; on a pipe the caller ignores
 * SIGPIPE. The calling process moves to the CPU of a local client that
 * keeps to one (the socket's peer, SO_PEERCRED), and back. */
int tbx_serve_session(const struct tbx_serve_opts *o);

#endif

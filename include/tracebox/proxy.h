/* libtracebox: the tracer side of `tracebox proxy` — chosen system calls
 * of a traced program execute in a server (`tracebox serve`), usually on
 * another host, and their results are put back as if they ran here.
 *
 * The proxy is a policy hook: at each stopped call it decides remote or
 * local. Calls with a path go remote when they are in the chosen set;
 * calls on a file descriptor go remote when that fd was made remotely
 * (it then has a placeholder, /dev/null, at the same number here); the
 * rest run here. See docs/proxy-protocol.md for the wire.
 */
#ifndef TRACEBOX_PROXY_H
#define TRACEBOX_PROXY_H
#include "tracebox/tracebox.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tbx_proxy tbx_proxy;

struct tbx_proxy_opts {
	size_t sz;		/* sizeof(struct tbx_proxy_opts) */
	/* one of: a shell command line running `tracebox serve --stdio`
	 * (as `ssh host tracebox serve --stdio`), or an address of a
	 * `tracebox serve --listen`: "unix:PATH", "tcp:HOST:PORT" */
	const char *remote;
	const char *connect;
	const char *token;	/* what the server asks for, or NULL */
	/* the calls to proxy, as strace's -e trace=: names, %file,
	 * %network, %desc... Calls that cannot be proxied are left out
	 * (tbx_proxy_note), or refused when named. */
	const char *calls;
	tbx_log_fn log_fn;
	void *log_ctx;
};

/* Check the call set, start or reach the server and say hello. -EINVAL
 * with a message in err for a bad set; -errno when the server cannot be
 * reached or refuses (the reason is logged). */
TBX_API int tbx_proxy_new(const struct tbx_proxy_opts *opts, tbx_proxy **out,
			  char *err, size_t errlen);
/* The calls of the set that are not proxied, as a remark, or NULL. */
TBX_API const char *tbx_proxy_note(const tbx_proxy *p);
/* Fill the tracer options: policy hook, the calls that stop (the
 * proxied ones and those keeping the fd map right: close, dup, fcntl,
 * mmap, fork, execve...), following forks. The proxy must outlive the
 * tracer. */
TBX_API int tbx_proxy_apply(tbx_proxy *p, struct tbx_tracer_opts *to);
/* Whether an event is a call the proxy executed remotely (or the local
 * placeholder of a remote fd). */
TBX_API bool tbx_proxy_handled(const struct tbx_event *ev);
/* Says goodbye to the server (a spawned one is waited for). */
TBX_API void tbx_proxy_free(tbx_proxy *p);

#ifdef __cplusplus
}
#endif
#endif

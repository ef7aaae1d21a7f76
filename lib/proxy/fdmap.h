/* The proxy's fd map: which local fds of which process stand for which
 * remote fds (lib/proxy/fdmap.c).
 *
 * A remote fd lives on the server; the tracee holds a placeholder
 * (/dev/null) at a local number. Processes sharing a file table
 * (threads, CLONE_FILES) share one struct tbx_fdtab; fork copies it.
 * Each remote fd is counted once per local fd that names it, in every
 * table: when the last goes, release() is called to close it remotely. */
#ifndef TBX_PROXY_FDMAP_H
#define TBX_PROXY_FDMAP_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct tbx_fdtab {
	int32_t *rfd;		/* by local fd: remote fd + 1, 0 unmapped */
	unsigned cap;
	unsigned mapped;	/* local fds mapped */
	unsigned users;		/* processes sharing it */
};

struct tbx_fdmap {
	struct { pid_t tgid; struct tbx_fdtab *tab; } *procs;
	unsigned nprocs, capprocs;
	uint32_t *refs;		/* by remote fd: local fds naming it */
	unsigned caprefs;
	void (*release)(void *ctx, int rfd);	/* last reference gone */
	void *ctx;
};

void tbx_fdmap_init(struct tbx_fdmap *m, void (*release)(void *ctx, int rfd),
		    void *ctx);
/* Frees everything without release() calls: the session ends anyway. */
void tbx_fdmap_free(struct tbx_fdmap *m);

/* Whether tgid was seen (tbx_fdmap_add, fork, or a mapping made). */
bool tbx_fdmap_known(const struct tbx_fdmap *m, pid_t tgid);
/* tgid is known, with no mapping yet. */
int tbx_fdmap_add(struct tbx_fdmap *m, pid_t tgid);
/* The table of process tgid, or NULL when it has none (never mapped
 * anything, or unknown). */
struct tbx_fdtab *tbx_fdmap_table(const struct tbx_fdmap *m, pid_t tgid);
/* The remote fd behind local fd lfd, or -1. tab may be NULL. */
int tbx_fdmap_get(const struct tbx_fdtab *tab, long lfd);

/* lfd of tgid now names rfd (a mapping lfd had is released first).
 * 0 or -ENOMEM/-EBADF. */
int tbx_fdmap_set(struct tbx_fdmap *m, pid_t tgid, int lfd, int rfd);
/* lfd was closed. */
void tbx_fdmap_close(struct tbx_fdmap *m, pid_t tgid, int lfd);
/* newfd became a copy of oldfd (dup, dup2, dup3, F_DUPFD): it names what
 * oldfd names, or nothing. */
int tbx_fdmap_dup(struct tbx_fdmap *m, pid_t tgid, int oldfd, int newfd);
/* close_range(first, last): the fds in it were closed. */
void tbx_fdmap_close_range(struct tbx_fdmap *m, pid_t tgid, unsigned first,
			   unsigned last);
/* child was created by parent: with share, it uses the same table
 * (CLONE_FILES), else a copy. A table child had (a reused pid) goes. */
int tbx_fdmap_fork(struct tbx_fdmap *m, pid_t parent, pid_t child, bool share);
/* Give tgid a table of its own (unshare(CLONE_FILES), close_range's
 * CLOSE_RANGE_UNSHARE). */
int tbx_fdmap_unshare(struct tbx_fdmap *m, pid_t tgid);
/* After execve: keep the fds alive(ctx, lfd) says are still open (the
 * close-on-exec ones are gone). */
void tbx_fdmap_exec(struct tbx_fdmap *m, pid_t tgid,
		    bool (*alive)(void *ctx, pid_t tgid, int lfd), void *ctx);
/* tgid exited: its references go. */
void tbx_fdmap_exit(struct tbx_fdmap *m, pid_t tgid);

#endif

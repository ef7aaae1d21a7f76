/* Stack traces of stopped tracees (-k), symbolised with libdw. */
#ifndef TBX_STACK_H
#define TBX_STACK_H
#include <sys/types.h>
#include "tracebox/tracebox.h"

#define TBX_STACK_MAX 64	/* frames per call, at most */

struct tbx_unwinder;

/* NULL when out of memory. */
struct tbx_unwinder *tbx_unwinder_new(void);
/* Unwind thread tid of process pid, which must be ptrace-stopped by us.
 * The frames' strings are owned by the unwinder, valid until its next
 * call. On any error (process gone, no unwind info) *n counts the frames
 * found so far, maybe 0, and a negative errno is returned. */
int tbx_unwind(struct tbx_unwinder *u, pid_t pid, pid_t tid,
	       struct tbx_frame *frames, unsigned max, unsigned *n);
/* pid's mappings changed (mmap & co): its module list is read again
 * before its next stack trace; unchanged modules are kept. */
void tbx_unwinder_invalidate(struct tbx_unwinder *u, pid_t pid);
/* pid executed a new program or is gone: nothing of it is kept. */
void tbx_unwinder_forget(struct tbx_unwinder *u, pid_t pid);
void tbx_unwinder_free(struct tbx_unwinder *u);

#endif

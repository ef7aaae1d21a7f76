/* Small reads of /proc files, for the parts of the library that need a
 * field of a process's status (its thread group, parent, tracer). */
#ifndef TBX_PROCFS_H
#define TBX_PROCFS_H
#include <sys/types.h>

/* The first cap - 1 bytes of the file at path, NUL-terminated: their
 * length, or -errno. */
ssize_t tbx_proc_read(const char *path, char *buf, size_t cap);
/* The decimal field of /proc/PID/status named field ("Tgid", "PPid",
 * "TracerPid"), or dflt when the process or the field is not there. */
long tbx_proc_status_num(pid_t pid, const char *field, long dflt);

#endif

/* Who is being traced, and by whom: /proc/PID/status TracerPid, for the
 * defender's side (tracebox ps). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tracebox/tracebox.h"
#include "procfs/procfs.h"

/* "Name:" and "TracerPid:" of one task; -errno when it vanished. */
static int task_status(const char *dir, char *comm, size_t commcap, pid_t *tracer)
{
	char path[320], buf[4096], *s;

	snprintf(path, sizeof(path), "%s/status", dir);
	if (tbx_proc_read(path, buf, sizeof(buf)) < 0)
		return -ESRCH;
	s = strstr(buf, "Name:\t");
	if (s) {
		s += 6;
		snprintf(comm, commcap, "%.*s", (int)strcspn(s, "\n"), s);
	} else {
		snprintf(comm, commcap, "?");
	}
	s = strstr(buf, "\nTracerPid:\t");
	*tracer = s ? (pid_t)atoi(s + 12) : 0;
	return 0;
}

static enum tbx_tracer_kind classify(pid_t tracer, char *name, size_t cap)
{
	char path[64], exe[4096], *base;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", tracer);
	if (tbx_proc_read(path, name, cap) > 0)
		name[strcspn(name, "\n")] = 0;
	else
		snprintf(name, cap, "?");
	snprintf(path, sizeof(path), "/proc/%d/exe", tracer);
	n = readlink(path, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	base = strrchr(exe, '/');
	base = base ? base + 1 : n > 0 ? exe : name;
	if (!strcmp(base, "tracebox"))
		return TBX_TRACER_TRACEBOX;
	if (!strcmp(base, "strace"))
		return TBX_TRACER_STRACE;
	if (!strcmp(base, "gdb") || !strncmp(base, "gdbserver", 9))
		return TBX_TRACER_GDB;
	if (!strcmp(base, "ltrace"))
		return TBX_TRACER_LTRACE;
	return TBX_TRACER_OTHER;
}

int tbx_traced_each(tbx_traced_fn fn, void *ctx, unsigned *unreadable)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	int e = 0;

	if (unreadable)
		*unreadable = 0;
	if (!proc)
		return -errno;
	while (!e && (de = readdir(proc))) {
		char dir[64], tdir[320];
		DIR *tasks;
		struct dirent *te;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/task", de->d_name);
		tasks = opendir(dir);
		if (!tasks) {
			if (unreadable && errno != ENOENT)
				(*unreadable)++;
			continue;
		}
		while (!e && (te = readdir(tasks))) {
			struct tbx_traced t;

			if (!isdigit((unsigned char)te->d_name[0]))
				continue;
			snprintf(tdir, sizeof(tdir), "%s/%s", dir, te->d_name);
			memset(&t, 0, sizeof(t));
			if (task_status(tdir, t.comm, sizeof(t.comm), &t.tracer) || !t.tracer)
				continue;
			t.pid = (pid_t)atoi(de->d_name);
			t.tid = (pid_t)atoi(te->d_name);
			t.kind = classify(t.tracer, t.tracer_comm, sizeof(t.tracer_comm));
			e = fn(&t, ctx);
		}
		closedir(tasks);
	}
	closedir(proc);
	return e < 0 ? e : 0;
}

const char *tbx_tracer_kind_name(enum tbx_tracer_kind k)
{
	static const char *n[] = { "other", "tracebox", "strace", "gdb", "ltrace" };

	return (unsigned)k < sizeof(n) / sizeof(n[0]) ? n[k] : "other";
}

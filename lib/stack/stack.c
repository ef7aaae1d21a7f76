/* Stack traces with libdw: one Dwfl per traced process, built from its
 * /proc/PID/maps on first use, its modules kept (read again when its
 * mappings change, dropped on exec and exit; the
 * engine says when). Frames are symbolised the way
 * strace -k prints them: the module's path, the symbol and the offset in
 * it, and the offset of the address in the module's file. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include "stack/stack.h"

struct proc_dwfl {
	pid_t pid;
	bool gone;		/* exec or exit: drop it all */
	bool remap;		/* mappings changed: report them again */
	Dwfl *dwfl;
};

struct tbx_unwinder {
	struct proc_dwfl *v;
	unsigned n, cap;
};

struct walk {
	struct tbx_frame *frames;
	unsigned max, n;
};

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

struct tbx_unwinder *tbx_unwinder_new(void)
{
	return calloc(1, sizeof(struct tbx_unwinder));
}

void tbx_unwinder_free(struct tbx_unwinder *u)
{
	if (!u)
		return;
	for (unsigned i = 0; i < u->n; i++)
		dwfl_end(u->v[i].dwfl);
	free(u->v);
	free(u);
}

/* Acted on at the next tbx_unwind(): the strings handed out by the last
 * one stay valid until then. */
void tbx_unwinder_invalidate(struct tbx_unwinder *u, pid_t pid)
{
	if (!u)
		return;
	for (unsigned i = 0; i < u->n; i++)
		if (u->v[i].pid == pid)
			u->v[i].remap = true;
}

void tbx_unwinder_forget(struct tbx_unwinder *u, pid_t pid)
{
	if (!u)
		return;
	for (unsigned i = 0; i < u->n; i++)
		if (u->v[i].pid == pid)
			u->v[i].gone = true;
}

static void sweep(struct tbx_unwinder *u)
{
	unsigned j = 0;

	for (unsigned i = 0; i < u->n; i++) {
		if (u->v[i].gone)
			dwfl_end(u->v[i].dwfl);
		else
			u->v[j++] = u->v[i];
	}
	u->n = j;
}

/* Modules reported again with the same file and range are kept, with
 * their symbol tables and unwind info: only new mappings cost. */
static int report(Dwfl *dwfl, pid_t pid)
{
	dwfl_report_begin(dwfl);
	if (dwfl_linux_proc_report(dwfl, pid) != 0) {
		dwfl_report_end(dwfl, NULL, NULL);
		return -ESRCH;
	}
	return dwfl_report_end(dwfl, NULL, NULL) ? -ENOMEM : 0;
}

static Dwfl *proc_dwfl_new(pid_t pid)
{
	Dwfl *dwfl = dwfl_begin(&proc_callbacks);

	if (!dwfl)
		return NULL;
	/* the tracee is stopped by us already: libdw must not attach */
	if (report(dwfl, pid) || dwfl_linux_proc_attach(dwfl, pid, true) != 0) {
		dwfl_end(dwfl);
		return NULL;
	}
	return dwfl;
}

static Dwfl *get_dwfl(struct tbx_unwinder *u, pid_t pid)
{
	Dwfl *dwfl;

	for (unsigned i = 0; i < u->n; i++) {
		struct proc_dwfl *e = &u->v[i];

		if (e->pid != pid)
			continue;
		if (e->remap) {
			e->remap = false;
			if (report(e->dwfl, pid)) {
				e->gone = true;
				return NULL;
			}
		}
		return e->dwfl;
	}
	if (u->n == u->cap) {
		unsigned cap = u->cap ? u->cap * 2 : 8;
		struct proc_dwfl *v = realloc(u->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		u->v = v;
		u->cap = cap;
	}
	dwfl = proc_dwfl_new(pid);
	if (dwfl)
		u->v[u->n++] = (struct proc_dwfl){ .pid = pid, .dwfl = dwfl };
	return dwfl;
}

/* The address as strace -k shows it: pc's offset in the module's file
 * (ip - mapping start + mapping offset). at picks the segment. */
static uint64_t file_offset(Dwfl_Module *mod, Dwarf_Addr pc, Dwarf_Addr at)
{
	Dwarf_Addr bias = 0;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	size_t n = 0;

	if (elf && elf_getphdrnum(elf, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			if (at - bias >= ph.p_vaddr && at - bias < ph.p_vaddr + ph.p_memsz)
				return pc - bias - ph.p_vaddr + ph.p_offset;
		}
	}
	dwfl_module_relocate_address(mod, &pc);
	return pc;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct walk *w = arg;
	Dwarf_Addr pc, at;
	bool activation;
	Dwfl_Module *mod;
	GElf_Off off = 0;
	GElf_Sym sym;
	struct tbx_frame *f;

	if (!dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	/* a return address: the call is the byte before (after a call that
	 * does not return, pc may be past the function's end); the address
	 * and offset are printed from pc itself, as strace does */
	at = activation ? pc : pc - 1;
	mod = dwfl_addrmodule(dwfl_thread_dwfl(dwfl_frame_thread(state)), at);
	if (mod) {	/* as strace: frames outside any module are left out */
		f = &w->frames[w->n++];
		f->module = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL,
					     NULL, NULL);
		if (!f->module)
			f->module = "?";
		f->symbol = dwfl_module_addrinfo(mod, at, &off, &sym, NULL, NULL,
						 NULL);
		if (f->symbol && !*f->symbol)
			f->symbol = NULL;
		f->pc = file_offset(mod, pc, at);
		f->offset = off + (pc - at);
	}
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

int tbx_unwind(struct tbx_unwinder *u, pid_t pid, pid_t tid,
	       struct tbx_frame *frames, unsigned max, unsigned *n)
{
	struct walk w = { .frames = frames, .max = max };
	Dwfl *dwfl;
	int r;

	*n = 0;
	if (!u || !max)
		return -EINVAL;
	sweep(u);
	dwfl = get_dwfl(u, pid);
	if (!dwfl)
		return -ESRCH;
	r = dwfl_getthread_frames(dwfl, tid, frame_cb, &w);
	*n = w.n;
	/* -1 is also the usual end of a walk ("no matching address
	 * range"): the frames found are good */
	return r < 0 && !w.n ? -ESRCH : 0;
}

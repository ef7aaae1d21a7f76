/* Stack traces with libdw: one Dwfl per traced process, built from its
 * /proc/PID/maps on first use, its modules kept (read again when its
 * mappings change, dropped on exec and exit; the
 * engine says when). Frames are symbolised the way
 * strace -k prints them: the module's path, the symbol and the offset in
 * it (C++ names demangled), and the offset of the address in the
 * module's file. Symbolising an address is kept per process until its
 * mappings change: libdw finds a symbol by reading the module's whole
 * symbol table, and a program's calls come from the same few places. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include "stack/demangle.h"
#include "stack/stack.h"

#define PC_CACHE 1024	/* addresses symbolised, per process; a power of 2 */

/* A frame's address, symbolised: the strings are the Dwfl's modules' (or
 * the demangler's), valid until the modules are reported again. */
struct pc_info {
	uint64_t key;		/* pc << 1 | activation; 0: empty */
	const char *module;	/* NULL: outside any module */
	const char *symbol;
	uint64_t pc, offset;
};

struct proc_dwfl {
	pid_t pid;
	bool gone;		/* exec or exit: drop it all */
	bool remap;		/* mappings changed: report them again */
	Dwfl *dwfl;
	struct pc_info *pcs;	/* PC_CACHE entries, direct-mapped */
};

struct tbx_unwinder {
	struct proc_dwfl *v;
	unsigned n, cap;
	struct tbx_demangler *names;
};

struct walk {
	struct tbx_demangler *names;
	struct pc_info *pcs;
	struct tbx_frame *frames;
	unsigned max, n;
};

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

struct tbx_unwinder *tbx_unwinder_new(void)
{
	struct tbx_unwinder *u = calloc(1, sizeof(*u));

	if (u && !(u->names = tbx_demangler_new())) {
		free(u);
		return NULL;
	}
	return u;
}

void tbx_unwinder_free(struct tbx_unwinder *u)
{
	if (!u)
		return;
	for (unsigned i = 0; i < u->n; i++) {
		dwfl_end(u->v[i].dwfl);
		free(u->v[i].pcs);
	}
	free(u->v);
	tbx_demangler_free(u->names);
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
		if (u->v[i].gone) {
			dwfl_end(u->v[i].dwfl);
			free(u->v[i].pcs);
		} else
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

static struct proc_dwfl *get_dwfl(struct tbx_unwinder *u, pid_t pid)
{
	Dwfl *dwfl;
	struct pc_info *pcs;

	for (unsigned i = 0; i < u->n; i++) {
		struct proc_dwfl *e = &u->v[i];

		if (e->pid != pid)
			continue;
		if (e->remap) {
			e->remap = false;
			memset(e->pcs, 0, PC_CACHE * sizeof(*e->pcs));
			if (report(e->dwfl, pid)) {
				e->gone = true;
				return NULL;
			}
		}
		return e;
	}
	if (u->n == u->cap) {
		unsigned cap = u->cap ? u->cap * 2 : 8;
		struct proc_dwfl *v = realloc(u->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		u->v = v;
		u->cap = cap;
	}
	if (!(pcs = calloc(PC_CACHE, sizeof(*pcs))))
		return NULL;
	if (!(dwfl = proc_dwfl_new(pid))) {
		free(pcs);
		return NULL;
	}
	u->v[u->n] = (struct proc_dwfl){ .pid = pid, .dwfl = dwfl, .pcs = pcs };
	return &u->v[u->n++];
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

static void symbolise(Dwfl *dwfl, struct tbx_demangler *names, Dwarf_Addr pc,
		      bool activation, struct pc_info *pi)
{
	/* a return address: the call is the byte before (after a call that
	 * does not return, pc may be past the function's end); the address
	 * and offset are printed from pc itself, as strace does */
	Dwarf_Addr at = activation ? pc : pc - 1;
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, at);
	GElf_Off off = 0;
	GElf_Sym sym;

	pi->module = NULL;
	if (!mod)
		return;
	pi->module = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	if (!pi->module)
		pi->module = "?";
	pi->symbol = dwfl_module_addrinfo(mod, at, &off, &sym, NULL, NULL, NULL);
	if (pi->symbol && !*pi->symbol)
		pi->symbol = NULL;
	pi->symbol = tbx_demangle(names, pi->symbol);
	pi->pc = file_offset(mod, pc, at);
	pi->offset = off + (pc - at);
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct walk *w = arg;
	Dwarf_Addr pc;
	bool activation;
	uint64_t key;
	struct pc_info *pi;

	if (!dwfl_frame_pc(state, &pc, &activation))
		return DWARF_CB_ABORT;
	key = (uint64_t)pc << 1 | activation;
	pi = &w->pcs[(key ^ key >> 12) & (PC_CACHE - 1)];
	if (pi->key != key) {
		symbolise(dwfl_thread_dwfl(dwfl_frame_thread(state)), w->names, pc,
			  activation, pi);
		pi->key = key;
	}
	if (pi->module)	/* as strace: frames outside any module are left out */
		w->frames[w->n++] = (struct tbx_frame){ .module = pi->module,
			.symbol = pi->symbol, .pc = pi->pc, .offset = pi->offset };
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

int tbx_unwind(struct tbx_unwinder *u, pid_t pid, pid_t tid,
	       struct tbx_frame *frames, unsigned max, unsigned *n)
{
	struct walk w = { .names = u ? u->names : NULL, .frames = frames,
			  .max = max };
	struct proc_dwfl *e;
	int r;

	*n = 0;
	if (!u || !max)
		return -EINVAL;
	sweep(u);
	if (tbx_demangler_trim(u->names))	/* the cached frames had them */
		for (unsigned i = 0; i < u->n; i++)
			memset(u->v[i].pcs, 0, PC_CACHE * sizeof(*u->v[i].pcs));
	e = get_dwfl(u, pid);
	if (!e)
		return -ESRCH;
	w.pcs = e->pcs;
	r = dwfl_getthread_frames(e->dwfl, tid, frame_cb, &w);
	*n = w.n;
	/* -1 is also the usual end of a walk ("no matching address
	 * range"): the frames found are good */
	return r < 0 && !w.n ? -ESRCH : 0;
}

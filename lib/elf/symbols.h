/* ELF symbols (libelf) and where they are in a running process: the code
 * locations of trace --from/--until. Internal to libtracebox. */
#ifndef TBX_ELF_SYMBOLS_H
#define TBX_ELF_SYMBOLS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "scan/scan.h"

#define TBX_ELF_NEAR_MAX 5

/* A location as the user wrote it: "SYM", "LIB:SYM" (LIB names a mapped
 * file by its base name or a prefix of it: libc.so.6, libc), or "0xADDR",
 * an address of the main executable as nm and objdump show it (for a PIE,
 * its offset from the load base). */
struct tbx_elf_loc {
	char lib[256];		/* "" = the main executable */
	char sym[256];		/* "" with an address */
	uint64_t addr;
};

/* -EINVAL for an empty symbol or library, or a malformed address. */
int tbx_elf_loc_parse(const char *spec, struct tbx_elf_loc *loc);

/* st_value of name in the ELF file at path: .symtab first, then .dynsym.
 * -ENOENT when absent (*stripped: the file has no .symtab), -ENOEXEC when
 * not an ELF file. */
int tbx_elf_symbol(const char *path, const char *name, uint64_t *value,
		   bool *stripped);

/* Up to max function names of path close to name (small edit distance,
 * or name is a prefix of them), closest first. */
int tbx_elf_near(const char *path, const char *name,
		 char (*out)[64], unsigned max, unsigned *n);

/* What loading needs: the entry point and the lowest PT_LOAD address
 * (page-aligned down), which a PIE maps at its load bias. */
struct tbx_elf_info {
	uint64_t entry;
	uint64_t min_vaddr;
};
int tbx_elf_info(const char *path, struct tbx_elf_info *info);

/* The ELF interpreter (PT_INTERP) of the executable at path into out:
 * "" for a static one; -ENOEXEC for a script or a malformed file. */
int tbx_elf_interp(const char *path, char *out, size_t cap);

/* ---- pure functions: no file, no process ---- */

/* Whether the mapped file path is library lib: same base name, or lib is
 * a prefix of it ending where a version or suffix starts ("libc" matches
 * libc.so.6 and libc-2.31.so, not libcrypt.so.1). */
bool tbx_elf_lib_match(const char *path, const char *lib);
/* Load bias of the file mapped at the path of m->r[i] that lib matches
 * (exact path when lib starts with '/'): start of its offset-0 mapping
 * minus min_vaddr. *ri = index of that mapping. -ENOENT when not mapped. */
int tbx_elf_bias_maps(const struct tbx_maps *m, const char *lib,
		      uint64_t min_vaddr, uint64_t *bias, size_t *ri);
/* Whether addr lies in an executable mapping of the file at path. */
bool tbx_elf_maps_exec(const struct tbx_maps *m, const char *path,
		       uint64_t addr);
/* Value of auxv entry type in an auxv image (pairs of 64-bit words). */
int tbx_elf_auxv_get(const void *auxv, size_t len, uint64_t type,
		     uint64_t *val);
/* Edit distance of a and b (Levenshtein), at most 255. */
unsigned tbx_elf_distance(const char *a, const char *b);

/* ---- in a process ---- */

/* Run-time address of loc in process pid (stopped or not). -EAGAIN when
 * its library is not mapped yet (or not executable yet: the loader maps
 * a library in steps); -ENOENT when the symbol is not there (path, when
 * not NULL, names the file looked at). */
int tbx_elf_resolve(pid_t pid, const struct tbx_elf_loc *loc, uint64_t *addr,
		    char *path, size_t pathcap);

#endif

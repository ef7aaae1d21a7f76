/* What an executable needs to run: its ELF interpreter (libelf). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sandbox/sandbox.h"

int tbx_elf_interp(const char *path, char *out, size_t cap)
{
	Elf *elf;
	size_t n = 0;
	int fd, e = 0;

	out[0] = 0;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getphdrnum(elf, &n)) {
		e = -ENOEXEC;	/* a script: its interpreter is another exec */
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_INTERP)
			continue;
		if (!ph.p_filesz || ph.p_filesz >= cap ||
		    pread(fd, out, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
			e = -ENOEXEC;
			break;
		}
		out[ph.p_filesz] = 0;
		out[strcspn(out, "\n")] = 0;
		break;
	}
	elf_end(elf);
	close(fd);
	return e;
}

/* The ELF readers (tbx_elf_symbol, tbx_elf_near, tbx_elf_info,
 * tbx_elf_interp) on an arbitrary file: a memfd read back through
 * /proc/self/fd/N, as they take a path. Never crash; results are 0 or a
 * negative errno, and strings come back NUL-terminated. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "elf/symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char near[TBX_ELF_NEAR_MAX][64], interp[256];
	struct tbx_elf_info info;
	uint64_t value;
	bool stripped;
	unsigned n;
	int e;

	if (fd < 0) {
		fd = memfd_create("fuzz_elf", MFD_CLOEXEC);
		CHECK(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);

	e = tbx_elf_symbol(path, "_start", &value, &stripped);
	CHECK(e == 0 || e == -ENOENT || e == -ENOEXEC || e == -EOPNOTSUPP);
	e = tbx_elf_near(path, "_stat", near, TBX_ELF_NEAR_MAX, &n);
	CHECK(e == 0 || e == -ENOEXEC);
	CHECK(n <= TBX_ELF_NEAR_MAX);
	for (unsigned i = 0; i < n; i++)
		CHECK(memchr(near[i], 0, sizeof(near[i])) && near[i][0]);
	e = tbx_elf_info(path, &info);
	CHECK(e == 0 || e == -ENOEXEC);
	e = tbx_elf_interp(path, interp, sizeof(interp));
	CHECK(e == 0 || e == -ENOEXEC);
	CHECK(memchr(interp, 0, sizeof(interp)));
	return 0;
}

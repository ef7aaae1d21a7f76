/* A library that from_dlopen loads with dlopen after start, for
 * trace --from libfrom_lib.so:lib_func (tests/t/from_until.sh). */
#include <fcntl.h>
#include <unistd.h>

int lib_func(void);

int lib_func(void)
{
	int fd = openat(AT_FDCWD, "/nonexistent/lib-func", O_RDONLY);

	if (fd >= 0)
		close(fd);
	return getppid() > 0 ? 0 : 1;
}

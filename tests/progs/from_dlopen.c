/* trace --from LIB:FUNC with a library mapped after start
 * (tests/t/from_until.sh): loads argv[1] with dlopen, then calls its
 * lib_func twice (it opens /nonexistent/lib-func and calls getppid), and
 * exits 7. Markers show where the window opened. */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void mark(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY);

	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	void *h;
	int (*fn)(void);

	mark("/nonexistent/main");
	if (argc < 2 || !(h = dlopen(argv[1], RTLD_NOW))) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 1;
	}
	mark("/nonexistent/loaded");
	*(void **)&fn = dlsym(h, "lib_func");
	if (!fn)
		return 1;
	fn();
	fn();
	mark("/nonexistent/end");
	return 7;
}

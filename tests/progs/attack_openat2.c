/* openat2(2) on a protected file, with and without RESOLVE_ flags:
 *   attack_openat2 TARGET */
#include "attack.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

static int o2(int dfd, const char *p, uint64_t resolve)
{
	struct open_how how = { .flags = O_RDONLY, .resolve = resolve };

	return (int)syscall(SYS_openat2, dfd, p, &how, sizeof(how));
}

int main(int argc, char **argv)
{
	static const struct { uint64_t r; const char *name; } flags[] = {
		{ 0, "no flags" }, { RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS" },
		{ RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS" },
		{ RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV" }, { RESOLVE_BENEATH, "RESOLVE_BENEATH" },
		{ RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT" }, { RESOLVE_CACHED, "RESOLVE_CACHED" },
	};
	char dir[4096], base[4096], rel[8192];
	const char *t;
	int last = 0, fd, rootfd, pfd;

	if (argc < 2)
		return 2;
	t = argv[1];
	split_path(t, dir, base, sizeof(dir));
	rootfd = open("/", O_PATH | O_DIRECTORY);
	/* the grandparent, for a relative path below it */
	{
		char gp[4096], b2[4096];
		split_path(dir, gp, b2, sizeof(gp));
		pfd = open(gp, O_PATH | O_DIRECTORY);
		snprintf(rel, sizeof(rel), "%s/%s", b2, base);
	}
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		uint64_t r = flags[i].r;
		for (int k = 0; k < 3; k++) {
			int dfd = k == 0 ? AT_FDCWD : k == 1 ? rootfd : pfd;
			const char *p = k == 2 ? rel : (r & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) && k == 1 ? t + 1 : t;
			if (r == RESOLVE_BENEATH && k != 2)
				continue;
			fd = o2(dfd, p, r);
			if (fd < 0) {
				if (errno != EAGAIN)
					last = errno;
				continue;
			}
			if (fd_is_secret(fd))
				escaped("openat2 %s (dirfd %s)", flags[i].name,
					k == 0 ? "AT_FDCWD" : k == 1 ? "/" : "grandparent");
		}
	}
	blocked("%s", ename(last));
}

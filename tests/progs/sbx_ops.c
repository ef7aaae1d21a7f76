/* One file operation, for tests/t/sandbox_rules.sh: prints "OP: OK" or
 * "OP: ENAME" (the errno's name).
 *   sbx_ops OP PATH [PATH2]
 * OP: open_r open_w creat stat lstat chmod chown utimes truncate unlink
 *     rmdir mkdir rename link symlink opendir chdir readlink access
 *     openat5 (five openat of PATH: "openat5: OK OK ENOENT OK OK")
 *     getuid getppid (print the value: "getuid: 0") */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>

static void res(const char *op, int r)
{
	printf("%s: %s\n", op, r < 0 ? strerrorname_np(errno) : "OK");
}

int main(int argc, char **argv)
{
	const char *op, *p, *q;
	struct stat st;
	char buf[256];
	int fd;

	if (argc < 2)
		return 2;
	op = argv[1];
	p = argc > 2 ? argv[2] : "";
	q = argc > 3 ? argv[3] : "";
	if (!strcmp(op, "getuid")) {
		printf("getuid: %ld\n", (long)getuid());
	} else if (!strcmp(op, "getppid")) {
		printf("getppid: %ld\n", (long)getppid());
	} else if (!strcmp(op, "openat5")) {
		fputs("openat5:", stdout);
		for (int i = 0; i < 5; i++) {
			fd = openat(AT_FDCWD, p, O_RDONLY);
			printf(" %s", fd < 0 ? strerrorname_np(errno) : "OK");
			if (fd >= 0)
				close(fd);
		}
		putchar('\n');
	} else if (!strcmp(op, "open_r") || !strcmp(op, "open_w") || !strcmp(op, "creat")) {
		fd = open(p, !strcmp(op, "open_r") ? O_RDONLY :
			     !strcmp(op, "open_w") ? O_WRONLY : O_WRONLY | O_CREAT | O_EXCL, 0644);
		res(op, fd);
	} else if (!strcmp(op, "stat")) {
		res(op, stat(p, &st));
	} else if (!strcmp(op, "lstat")) {
		res(op, lstat(p, &st));
	} else if (!strcmp(op, "access")) {
		res(op, access(p, R_OK));
	} else if (!strcmp(op, "chmod")) {
		res(op, chmod(p, 0600));
	} else if (!strcmp(op, "chown")) {
		res(op, chown(p, getuid(), getgid()));
	} else if (!strcmp(op, "utimes")) {
		res(op, utimes(p, NULL));
	} else if (!strcmp(op, "truncate")) {
		res(op, truncate(p, 0));
	} else if (!strcmp(op, "unlink")) {
		res(op, unlink(p));
	} else if (!strcmp(op, "rmdir")) {
		res(op, rmdir(p));
	} else if (!strcmp(op, "mkdir")) {
		res(op, mkdir(p, 0755));
	} else if (!strcmp(op, "rename")) {
		res(op, rename(p, q));
	} else if (!strcmp(op, "link")) {
		res(op, link(p, q));
	} else if (!strcmp(op, "symlink")) {
		res(op, symlink(p, q));
	} else if (!strcmp(op, "opendir")) {
		DIR *d = opendir(p);
		res(op, d ? 0 : -1);
	} else if (!strcmp(op, "chdir")) {
		res(op, chdir(p));
	} else if (!strcmp(op, "readlink")) {
		res(op, (int)readlink(p, buf, sizeof(buf)));
	} else {
		return 2;
	}
	fflush(stdout);
	return 0;
}

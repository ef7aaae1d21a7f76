/* ARGS: -e trace=stat,lstat,fstat,newfstatat,statx */
/* The stat family without -v: type and mode, size or device, "...";
 * failures show the buffer's address. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "file_expect.h"

int main(void)
{
	char path[64], link[80];
	struct stat st;
	long r;
	int fd;

	quiet_stdout();
	snprintf(path, sizeof(path), "/tmp/tracebox-file-stat.%d", getpid());
	snprintf(link, sizeof(link), "%s.l", path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	fchmod(fd, 04750);
	write(fd, "hello", 5);
	symlink(path, link);

	r = syscall(SYS_stat, path, &st);
	printf("stat(\"%s\", {st_mode=S_IFREG|S_ISUID|0750, st_size=5, ...}) %s\n", path, ret(r));
	r = syscall(SYS_lstat, link, &st);
	printf("lstat(\"%s\", {st_mode=S_IFLNK|0777, st_size=%zu, ...}) %s\n", link, strlen(path), ret(r));
	r = syscall(SYS_fstat, fd, &st);
	printf("fstat(%d, {st_mode=S_IFREG|S_ISUID|0750, st_size=5, ...}) %s\n", fd, ret(r));
	r = syscall(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, 0);
	printf("newfstatat(AT_FDCWD, \"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, 0) %s\n", ret(r));
	r = syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	printf("newfstatat(%d, \"\", {st_mode=S_IFREG|S_ISUID|0750, st_size=5, ...}, AT_EMPTY_PATH) %s\n", fd, ret(r));
	r = syscall(SYS_newfstatat, AT_FDCWD, link, &st, AT_SYMLINK_NOFOLLOW);
	printf("newfstatat(AT_FDCWD, \"%s\", {st_mode=S_IFLNK|0777, st_size=%zu, ...}, AT_SYMLINK_NOFOLLOW) %s\n",
	       link, strlen(path), ret(r));
	r = syscall(SYS_stat, "/nonexistent/tracebox", &st);
	printf("stat(\"/nonexistent/tracebox\", %p) %s\n", (void *)&st, ret(r));
	r = syscall(SYS_fstat, -1, &st);
	printf("fstat(-1, %p) %s\n", (void *)&st, ret(r));
	r = syscall(SYS_statx, AT_FDCWD, "/nonexistent/tracebox", AT_SYMLINK_NOFOLLOW,
		    STATX_TYPE | STATX_SIZE, &st);
	printf("statx(AT_FDCWD, \"/nonexistent/tracebox\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_TYPE|STATX_SIZE, %p) %s\n",
	       (void *)&st, ret(r));
	r = syscall(SYS_stat, path, NULL);
	printf("stat(\"%s\", NULL) %s\n", path, ret(r));

	unlink(link);
	unlink(path);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

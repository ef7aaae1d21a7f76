/* ARGS: -e trace=memfd_create,eventfd2,inotify_init1,inotify_add_watch,inotify_rm_watch,setxattr,getxattr,listxattr,removexattr,fgetxattr,utimensat,openat2,mknodat,chown,fchown,fchownat,sync,syncfs */
/* Special descriptors, extended attributes, times, openat2's struct,
 * ownership. */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include "file_expect.h"

/* The date comment strace puts after a time, in the local time zone. */
static const char *when(time_t t, long ns)
{
	static char buf[96];
	struct tm tm;
	size_t n;

	localtime_r(&t, &tm);
	n = strftime(buf, sizeof(buf), " /* %Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%09ld", ns);
	strftime(buf + n, sizeof(buf) - n, "%z */", &tm);
	return buf;
}

int main(void)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	struct timespec ts[2] = { { 1700000000, 123456789 }, { 0, UTIME_OMIT } };
	char path[64], buf[64];
	long r;
	int fd, in;

	quiet_stdout();
	snprintf(path, sizeof(path), "/tmp/tracebox-file-misc.%d", getpid());
	close(open(path, O_RDWR | O_CREAT | O_TRUNC, 0600));

	r = syscall(SYS_memfd_create, "tracebox", 3 /* MFD_CLOEXEC|MFD_ALLOW_SEALING */);
	printf("memfd_create(\"tracebox\", MFD_CLOEXEC|MFD_ALLOW_SEALING) %s\n", ret(r));
	fd = (int)r;
	r = syscall(SYS_eventfd2, 7, O_CLOEXEC | O_NONBLOCK);
	printf("eventfd2(7, EFD_CLOEXEC|EFD_NONBLOCK) %s\n", ret(r));
	r = syscall(SYS_inotify_init1, O_CLOEXEC);
	printf("inotify_init1(IN_CLOEXEC) %s\n", ret(r));
	in = (int)r;
	r = syscall(SYS_inotify_add_watch, in, path, 0x2 | 0x200 /* IN_MODIFY|IN_DELETE */);
	printf("inotify_add_watch(%d, \"%s\", IN_MODIFY|IN_DELETE) %s\n", in, path, ret(r));
	r = syscall(SYS_inotify_rm_watch, in, (int)r);
	printf("inotify_rm_watch(%d, 1) %s\n", in, ret(r));

	r = syscall(SYS_setxattr, path, "user.tb", "value", 5, 1 /* XATTR_CREATE */);
	printf("setxattr(\"%s\", \"user.tb\", \"value\", 5, XATTR_CREATE) %s\n", path, ret(r));
	r = syscall(SYS_getxattr, path, "user.tb", buf, sizeof(buf));
	if (r >= 0)
		printf("getxattr(\"%s\", \"user.tb\", \"value\", %zu) %s\n", path, sizeof(buf), ret(r));
	else
		printf("getxattr(\"%s\", \"user.tb\", %p, %zu) %s\n", path, (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_listxattr, path, NULL, 0);
	printf("listxattr(\"%s\", NULL, 0) %s\n", path, ret(r));
	r = syscall(SYS_fgetxattr, -1, "user.tb", buf, sizeof(buf));
	printf("fgetxattr(-1, \"user.tb\", %p, %zu) %s\n", (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_removexattr, path, "user.nothere");
	printf("removexattr(\"%s\", \"user.nothere\") %s\n", path, ret(r));

	r = syscall(SYS_utimensat, AT_FDCWD, path, ts, 0);
	printf("utimensat(AT_FDCWD, \"%s\", [{tv_sec=1700000000, tv_nsec=123456789}%s, UTIME_OMIT], 0) %s\n",
	       path, when(1700000000, 123456789), ret(r));
	r = syscall(SYS_utimensat, AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
	printf("utimensat(AT_FDCWD, \"%s\", NULL, AT_SYMLINK_NOFOLLOW) %s\n", path, ret(r));

	r = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	printf("openat2(AT_FDCWD, \"%s\", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}, %zu) %s\n",
	       path, sizeof(how), ret(r));
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0640;
	how.resolve = 0;
	r = syscall(SYS_openat2, AT_FDCWD, "/nonexistent/x", &how, sizeof(how));
	printf("openat2(AT_FDCWD, \"/nonexistent/x\", {flags=O_WRONLY|O_CREAT, mode=0640, resolve=0}, %zu) %s\n",
	       sizeof(how), ret(r));

	r = syscall(SYS_mknodat, AT_FDCWD, "/nonexistent/dev", S_IFCHR | 0600, makedev(1, 3));
	printf("mknodat(AT_FDCWD, \"/nonexistent/dev\", S_IFCHR|0600, makedev(0x1, 0x3)) %s\n", ret(r));
	r = syscall(SYS_chown, path, -1, -1);
	printf("chown(\"%s\", -1, -1) %s\n", path, ret(r));
	r = syscall(SYS_fchown, fd, getuid(), -1);
	printf("fchown(%d, %u, -1) %s\n", fd, getuid(), ret(r));
	r = syscall(SYS_fchownat, AT_FDCWD, path, -1, getgid(), AT_SYMLINK_NOFOLLOW);
	printf("fchownat(AT_FDCWD, \"%s\", -1, %u, AT_SYMLINK_NOFOLLOW) %s\n", path, getgid(), ret(r));
	r = syscall(SYS_syncfs, fd);
	printf("syncfs(%d) %s\n", fd, ret(r));
	syscall(SYS_sync);
	printf("sync() = 0\n");

	unlink(path);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

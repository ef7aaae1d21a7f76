/* ARGS: -e trace=mkdir,mkdirat,chdir,fchdir,getcwd,rmdir,unlink,unlinkat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,readlink,readlinkat,getdents64,access,faccessat,faccessat2,chmod,fchmodat,mknodat,umask */
/* Directories and links, with paths relative to a scratch directory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "file_expect.h"

int main(void)
{
	char dir[64], buf[512];
	long r;
	int dfd, n;

	quiet_stdout();
	snprintf(dir, sizeof(dir), "/tmp/tracebox-file-dirs.%d", getpid());
	umask(022);

	r = syscall(SYS_mkdir, dir, 0750);
	printf("mkdir(\"%s\", 0750) %s\n", dir, ret(r));
	r = syscall(SYS_chdir, dir);
	printf("chdir(\"%s\") %s\n", dir, ret(r));
	r = syscall(SYS_getcwd, buf, sizeof(buf));
	printf("getcwd(\"%s\", %zu) %s\n", dir, sizeof(buf), ret(r));
	r = syscall(SYS_getcwd, buf, 1);
	printf("getcwd(%p, 1) %s\n", (void *)buf, ret(r));
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_mkdirat, dfd, "sub", 01777);
	printf("mkdirat(%d, \"sub\", 01777) %s\n", dfd, ret(r));
	r = syscall(SYS_mkdir, "sub", 0700);
	printf("mkdir(\"sub\", 0700) %s\n", ret(r));
	r = syscall(SYS_mknodat, AT_FDCWD, "fifo", S_IFIFO | 0640, 0);
	printf("mknodat(AT_FDCWD, \"fifo\", S_IFIFO|0640) %s\n", ret(r));
	r = syscall(SYS_symlink, "fifo", "sym");
	printf("symlink(\"fifo\", \"sym\") %s\n", ret(r));
	r = syscall(SYS_symlinkat, "sub", dfd, "sym2");
	printf("symlinkat(\"sub\", %d, \"sym2\") %s\n", dfd, ret(r));
	r = syscall(SYS_readlink, "sym", buf, sizeof(buf));
	printf("readlink(\"sym\", \"fifo\", %zu) %s\n", sizeof(buf), ret(r));
	r = syscall(SYS_readlinkat, dfd, "sym2", buf, 2);
	printf("readlinkat(%d, \"sym2\", \"su\", 2) %s\n", dfd, ret(r));
	r = syscall(SYS_readlink, "fifo", buf, sizeof(buf));
	printf("readlink(\"fifo\", %p, %zu) %s\n", (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_link, "fifo", "hard");
	printf("link(\"fifo\", \"hard\") %s\n", ret(r));
	r = syscall(SYS_linkat, AT_FDCWD, "sym", dfd, "hard2", AT_SYMLINK_FOLLOW);
	printf("linkat(AT_FDCWD, \"sym\", %d, \"hard2\", AT_SYMLINK_FOLLOW) %s\n", dfd, ret(r));
	r = syscall(SYS_rename, "hard", "hard3");
	printf("rename(\"hard\", \"hard3\") %s\n", ret(r));
	r = syscall(SYS_renameat, dfd, "hard3", AT_FDCWD, "hard");
	printf("renameat(%d, \"hard3\", AT_FDCWD, \"hard\") %s\n", dfd, ret(r));
	r = syscall(SYS_renameat2, AT_FDCWD, "hard", AT_FDCWD, "hard2", 1);
	printf("renameat2(AT_FDCWD, \"hard\", AT_FDCWD, \"hard2\", RENAME_NOREPLACE) %s\n", ret(r));
	r = syscall(SYS_access, "fifo", R_OK | W_OK);
	printf("access(\"fifo\", R_OK|W_OK) %s\n", ret(r));
	r = syscall(SYS_faccessat, dfd, "nothere", F_OK);
	printf("faccessat(%d, \"nothere\", F_OK) %s\n", dfd, ret(r));
	r = syscall(SYS_faccessat2, AT_FDCWD, "sym", X_OK, AT_SYMLINK_NOFOLLOW | AT_EACCESS);
	if (r == -1 && errno == ENOSYS)
		printf("faccessat2(AT_FDCWD, \"sym\", X_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = -1 ENOSYS (Function not implemented)\n");
	else
		printf("faccessat2(AT_FDCWD, \"sym\", X_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) %s\n", ret(r));
	r = syscall(SYS_chmod, "fifo", 0604);
	printf("chmod(\"fifo\", 0604) %s\n", ret(r));
	r = syscall(SYS_fchmodat, dfd, "sub", 02755);
	printf("fchmodat(%d, \"sub\", 02755) %s\n", dfd, ret(r));
	r = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
	n = 0;
	for (long i = 0; i < r; i += *(unsigned short *)(buf + i + 16))
		n++;
	printf("getdents64(%d, %p /* %d entries */, %zu) %s\n", dfd, (void *)buf, n, sizeof(buf), ret(r));
	r = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
	printf("getdents64(%d, %p /* 0 entries */, %zu) %s\n", dfd, (void *)buf, sizeof(buf), ret(r));
	r = syscall(SYS_unlink, "sym");
	printf("unlink(\"sym\") %s\n", ret(r));
	r = syscall(SYS_unlinkat, dfd, "sym2", 0);
	printf("unlinkat(%d, \"sym2\", 0) %s\n", dfd, ret(r));
	r = syscall(SYS_unlinkat, AT_FDCWD, "sub", AT_REMOVEDIR);
	printf("unlinkat(AT_FDCWD, \"sub\", AT_REMOVEDIR) %s\n", ret(r));
	r = syscall(SYS_unlink, "fifo");
	printf("unlink(\"fifo\") %s\n", ret(r));
	r = syscall(SYS_unlink, "hard2");
	printf("unlink(\"hard2\") %s\n", ret(r));
	r = syscall(SYS_unlink, "hard");
	printf("unlink(\"hard\") %s\n", ret(r));
	r = syscall(SYS_fchdir, dfd);
	printf("fchdir(%d) %s\n", dfd, ret(r));
	r = syscall(SYS_chdir, "/");
	printf("chdir(\"/\") %s\n", ret(r));
	r = syscall(SYS_rmdir, dir);
	printf("rmdir(\"%s\") %s\n", dir, ret(r));
	r = syscall(SYS_rmdir, dir);
	printf("rmdir(\"%s\") %s\n", dir, ret(r));
	r = syscall(SYS_umask, 027);
	printf("umask(027) = 022\n");
	r = syscall(SYS_umask, 0);
	printf("umask(000) = 027\n");

	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

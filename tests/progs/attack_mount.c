/* Root's and namespaces' powers against the rules:
 *   attack_mount tmpfs  DIR           mount tmpfs over DIR (a protected dir)
 *   attack_mount bind   DIR PUB       bind-mount DIR onto PUB/b, read it
 *   attack_mount chroot TARGET PUB    classic chroot escape (chroot into a
 *                                     subdir, climb out with "..", chroot
 *                                     ".") then read/stat TARGET
 *   attack_mount userns_bind DIR PUB  unshare(CLONE_NEWUSER|CLONE_NEWNS)
 *                                     then bind-mount DIR onto PUB/b
 *   attack_mount userns_chroot ROOT OP INNER
 *                                     unshare(CLONE_NEWUSER), chroot(ROOT),
 *                                     then OP (read|stat|chmod|unlink) on
 *                                     INNER, a path inside ROOT: the
 *                                     tracer must see the tracee's root */
#include "attack.h"
#include <sched.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	const char *mode;
	char p[8192];

	if (argc < 3)
		return 2;
	mode = argv[1];
	if (!strcmp(mode, "tmpfs")) {
		if (mount("none", argv[2], "tmpfs", 0, NULL) < 0)
			blocked("mount tmpfs: %s", ename(errno));
		umount2(argv[2], MNT_DETACH);
		escaped("mounted a tmpfs over %s", argv[2]);
	} else if (!strcmp(mode, "bind") || !strcmp(mode, "userns_bind")) {
		if (argc < 4)
			return 2;
		if (!strcmp(mode, "userns_bind") && unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
			blocked("unshare: %s", ename(errno));
		snprintf(p, sizeof(p), "%s/b", argv[3]);
		mkdir(p, 0755);
		if (mount(argv[2], p, NULL, MS_BIND, NULL) < 0)
			blocked("bind mount: %s", ename(errno));
		umount2(p, MNT_DETACH);
		escaped("bind-mounted %s", argv[2]);
	} else if (!strcmp(mode, "chroot")) {
		int got;
		if (argc < 4)
			return 2;
		snprintf(p, sizeof(p), "%s/jail", argv[3]);
		mkdir(p, 0755);
		if (chroot(p) < 0)
			blocked("chroot: %s", ename(errno));
		for (int i = 0; i < 64; i++)
			chdir("..");
		if (chroot(".") < 0)
			blocked("second chroot: %s", ename(errno));
		got = probe(argv[2]);
		if (got)
			escaped("chroot escape, %s the protected file", got == 1 ? "read" : "stated");
		blocked("chroot worked but still confined");
	} else if (!strcmp(mode, "userns_chroot")) {
		const char *op, *in;
		struct stat st0, st;
		if (argc < 5)
			return 2;
		op = argv[3];
		in = argv[4];
		if (unshare(CLONE_NEWUSER) < 0)
			blocked("unshare(CLONE_NEWUSER): %s", ename(errno));
		if (chroot(argv[2]) < 0)
			blocked("chroot: %s", ename(errno));
		if (chdir("/") < 0)
			blocked("chdir: %s", ename(errno));
		if (!strcmp(op, "read")) {
			int fd = open(in, O_RDONLY);
			if (fd_is_secret(fd))
				escaped("read %s inside a chroot", in);
			blocked("open: %s", ename(errno));
		} else if (!strcmp(op, "stat")) {
			if (stat(in, &st) == 0)
				escaped("stat %s inside a chroot", in);
			blocked("stat: %s", ename(errno));
		} else if (!strcmp(op, "chmod")) {
			if (stat(in, &st0) < 0)
				blocked("stat: %s", ename(errno));
			if (chmod(in, 0640) == 0 && stat(in, &st) == 0 &&
			    (st.st_mode & 07777) != (st0.st_mode & 07777))
				escaped("chmod %s inside a chroot", in);
			blocked("chmod: %s", ename(errno));
		} else if (!strcmp(op, "unlink")) {
			if (unlink(in) == 0)
				escaped("unlink %s inside a chroot", in);
			blocked("unlink: %s", ename(errno));
		}
	}
	return 2;
}

/* Reaching a protected file under another name:
 *   attack_link hardlink TARGET PUBDIR  link(TARGET, PUBDIR/hl), read hl
 *   attack_link rename   TARGET PUBDIR  rename(dirname TARGET, PUBDIR/mv),
 *                                       read PUBDIR/mv/basename
 *   attack_link symlink  TARGET PUBDIR  symlink PUBDIR/sl -> TARGET, read
 *   attack_link bindmv   TARGET PUBDIR  rename(PUBDIR/x, dirname TARGET) to
 *                                       replace the protected dir (write) */
#include "attack.h"

int main(int argc, char **argv)
{
	char dir[4096], base[4096], p[8192], q[8192];
	const char *mode, *t, *pub;
	int fd, e;

	if (argc < 4)
		return 2;
	mode = argv[1];
	t = argv[2];
	pub = argv[3];
	split_path(t, dir, base, sizeof(dir));
	if (!strcmp(mode, "hardlink")) {
		snprintf(p, sizeof(p), "%s/hl", pub);
		unlink(p);
		if (link(t, p) < 0)
			blocked("link: %s", ename(errno));
		fd = open(p, O_RDONLY);
		e = errno;
		if (fd_is_secret(fd))
			escaped("read through a hard link");
		blocked("link made, open: %s", ename(fd < 0 ? e : 0));
	} else if (!strcmp(mode, "rename")) {
		snprintf(p, sizeof(p), "%s/mv", pub);
		if (rename(dir, p) < 0)
			blocked("rename: %s", ename(errno));
		snprintf(q, sizeof(q), "%s/%s", p, base);
		fd = open(q, O_RDONLY);
		e = errno;
		if (fd_is_secret(fd))
			escaped("read after renaming the protected dir");
		blocked("renamed, open: %s", ename(fd < 0 ? e : 0));
	} else if (!strcmp(mode, "symlink")) {
		snprintf(p, sizeof(p), "%s/sl", pub);
		unlink(p);
		if (symlink(t, p) < 0)
			blocked("symlink: %s", ename(errno));
		fd = open(p, O_RDONLY);
		e = errno;
		if (fd_is_secret(fd))
			escaped("read through a symlink");
		blocked("symlink made, open: %s", ename(fd < 0 ? e : 0));
	} else if (!strcmp(mode, "linkat_follow")) {
		/* linkat of /proc/self/fd/N of an O_PATH fd (AT_SYMLINK_FOLLOW) */
		snprintf(p, sizeof(p), "%s/hl2", pub);
		fd = open(t, O_PATH);
		if (fd < 0)
			blocked("open O_PATH: %s", ename(errno));
		snprintf(q, sizeof(q), "/proc/self/fd/%d", fd);
		unlink(p);
		if (linkat(AT_FDCWD, q, AT_FDCWD, p, AT_SYMLINK_FOLLOW) < 0)
			blocked("linkat: %s", ename(errno));
		fd = open(p, O_RDONLY);
		if (fd_is_secret(fd))
			escaped("read through linkat(/proc/self/fd/N)");
		blocked("linked, not readable");
	}
	return 2;
}

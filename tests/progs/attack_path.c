/* Other spellings of a protected path, each tried with open+read and with
 * stat (escape: secret content read, or a regular file stated):
 *   attack_path spell       TARGET  "//", "/./", "/x/../x", trailing forms
 *   attack_path chdir       TARGET  chdir into every ancestor, relative path
 *   attack_path openat      TARGET  openat(fd of every ancestor, relative)
 *   attack_path proc_root   TARGET  /proc/self/root/TARGET, /proc/PID/root,
 *                                   /proc/thread-self/root
 *   attack_path proc_cwd    TARGET  chdir(ancestor), /proc/self/cwd/REL
 *   attack_path proc_fd     TARGET  fd N of every ancestor, /proc/self/fd/N/REL
 *                                   and /proc/PID/fd/N/REL
 *   attack_path opath       TARGET  open(ancestor, O_PATH) for every
 *                                   ancestor incl. the protected dir, then
 *                                   openat(fd, REL) */
#include "attack.h"

static int try(int dirfd, const char *p, char *what, size_t cap)
{
	struct stat st;
	int fd = openat(dirfd, p, O_RDONLY);

	if (fd >= 0 && fd_is_secret(fd)) {
		snprintf(what, cap, "read %s", p);
		return 1;
	}
	if (fstatat(dirfd, p, &st, 0) == 0 && S_ISREG(st.st_mode)) {
		snprintf(what, cap, "stat %s", p);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char p[8192], what[9000];
	const char *mode, *t;
	size_t n;
	int last = 0;

	if (argc < 3)
		return 2;
	mode = argv[1];
	t = argv[2];
	n = strlen(t);
	if (t[0] != '/')
		return 2;
#define TRY(dfd, path, label) do { \
		errno = 0; \
		if (try(dfd, path, what, sizeof(what))) \
			escaped("%s: %s", label, what); \
		last = errno ? errno : last; \
	} while (0)
	if (!strcmp(mode, "spell")) {
		snprintf(p, sizeof(p), "/%s", t);
		TRY(AT_FDCWD, p, "leading //");
		for (size_t i = 1; i < n; i++) {
			if (t[i] != '/')
				continue;
			/* "a//b", "a/./b", "a/../a/b" at every slash */
			snprintf(p, sizeof(p), "%.*s//%s", (int)i, t, t + i + 1);
			TRY(AT_FDCWD, p, "//");
			snprintf(p, sizeof(p), "%.*s/./%s", (int)i, t, t + i + 1);
			TRY(AT_FDCWD, p, "/./");
			{
				const char *prev = t + i;
				while (prev > t && prev[-1] != '/')
					prev--;
				snprintf(p, sizeof(p), "%.*s/../%.*s/%s", (int)i, t,
					 (int)(t + i - prev), prev, t + i + 1);
				TRY(AT_FDCWD, p, "..");
			}
		}
		snprintf(p, sizeof(p), "%s/.", t);
		TRY(AT_FDCWD, p, "trailing /.");
		snprintf(p, sizeof(p), "/../../%s", t + 1);
		TRY(AT_FDCWD, p, "/../..");
	} else if (!strcmp(mode, "proc_root")) {
		snprintf(p, sizeof(p), "/proc/self/root%s", t);
		TRY(AT_FDCWD, p, "/proc/self/root");
		snprintf(p, sizeof(p), "/proc/%d/root%s", (int)getpid(), t);
		TRY(AT_FDCWD, p, "/proc/PID/root");
		snprintf(p, sizeof(p), "/proc/thread-self/root%s", t);
		TRY(AT_FDCWD, p, "/proc/thread-self/root");
		snprintf(p, sizeof(p), "/proc/self/../self/root%s", t);
		TRY(AT_FDCWD, p, "/proc/self/../self/root");
		snprintf(p, sizeof(p), "/proc//self/root%s", t);
		TRY(AT_FDCWD, p, "/proc//self/root");
	} else {
		/* ancestors: the prefixes of t ending before each slash */
		for (size_t i = n; i > 0; i--) {
			char anc[4096];
			const char *rel;
			int dfd;

			if (t[i] != '/' && i != n)
				continue;
			if (i == n) {
				if (strcmp(mode, "opath"))
					continue;
				rel = ".";	/* the target itself */
			} else {
				rel = t + i + 1;
			}
			snprintf(anc, sizeof(anc), "%.*s", (int)i, t);
			if (!strcmp(mode, "chdir")) {
				if (chdir(anc) == 0)
					TRY(AT_FDCWD, rel, "chdir+relative");
				else
					last = errno;
			} else if (!strcmp(mode, "proc_cwd")) {
				if (chdir(anc) == 0) {
					snprintf(p, sizeof(p), "/proc/self/cwd/%s", rel);
					TRY(AT_FDCWD, p, "/proc/self/cwd");
				} else
					last = errno;
			} else if (!strcmp(mode, "openat") || !strcmp(mode, "opath") ||
				   !strcmp(mode, "proc_fd")) {
				dfd = open(anc, (strcmp(mode, "openat") ? O_PATH : O_RDONLY) | O_DIRECTORY);
				if (dfd < 0) {
					last = errno;
					continue;
				}
				if (!strcmp(mode, "proc_fd")) {
					snprintf(p, sizeof(p), "/proc/self/fd/%d/%s", dfd, rel);
					TRY(AT_FDCWD, p, "/proc/self/fd/N");
					snprintf(p, sizeof(p), "/proc/%d/fd/%d/%s", (int)getpid(), dfd, rel);
					TRY(AT_FDCWD, p, "/proc/PID/fd/N");
				} else {
					TRY(dfd, rel, mode);
				}
				close(dfd);
			} else {
				return 2;
			}
		}
		if (!strcmp(mode, "opath")) {
			/* the protected dir itself, then the file by name */
			char dir[4096], base[4096];
			int dfd;
			split_path(t, dir, base, sizeof(dir));
			dfd = open(dir, O_PATH | O_DIRECTORY);
			if (dfd >= 0)
				TRY(dfd, base, "O_PATH of the protected dir");
			else
				last = errno;
		}
	}
	blocked("%s", ename(last));
}

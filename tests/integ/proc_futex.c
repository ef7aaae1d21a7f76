/* ARGS: -e trace=futex */
/* futex operations that return at once: wake, a value mismatch, a
 * timeout, and an unknown operation. */
#include <linux/futex.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char obuf[4096];

int main(void)
{
	static int word;
	struct timespec ts = { 0, 1000 };

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	printf("futex(%p, FUTEX_WAKE_PRIVATE, 1) = 0\n", (void *)&word);
	syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
	printf("futex(%p, FUTEX_WAIT_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}) = -1 EAGAIN (Resource temporarily unavailable)\n",
	       (void *)&word);
	syscall(SYS_futex, &word, FUTEX_WAIT, 0, &ts, NULL, 0);
	printf("futex(%p, FUTEX_WAIT, 0, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT (Connection timed out)\n",
	       (void *)&word);
	syscall(SYS_futex, &word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
	printf("futex(%p, FUTEX_WAKE_BITSET_PRIVATE, 1, FUTEX_BITSET_MATCH_ANY) = 0\n", (void *)&word);
	syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word,
		FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
	printf("futex(%p, FUTEX_WAKE_OP_PRIVATE, 1, 1, %p, FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0) = 0\n",
	       (void *)&word, (void *)&word);
	syscall(SYS_futex, &word, 99, 1, &ts, NULL, 0);
	printf("futex(%p, 0x63 /* FUTEX_??? */, 1, %p, NULL, 0) = -1 ENOSYS (Function not implemented)\n",
	       (void *)&word, (void *)&ts);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}

/* A process for tracebox scan to find things in. It plants markers
 * "TBXMARK:<id>:<nonce>" where a scanner could miss them or report them
 * twice, prints "ID 0xADDRESS" for each, then "ready", and sleeps.
 *
 *   scan_target [-d DIR] [-u MiB] [-t MiB] [-q MiB] [-s SECONDS]
 *   -d DIR   also plant one in a MAP_SHARED mapping of a file in DIR
 *   -u MiB   size of the big mapping that is left mostly untouched (512)
 *   -t MiB   touched filler of pseudo-random bytes (0), for benchmarks
 *   -q MiB   filler of 'Q' bytes (0): millions of matches for --string Q
 *   -m N     also make 2*N small mappings (maps parsing at scale)
 *   -s S     sleep at most S seconds (60); SIGTERM ends it sooner
 *
 * The marker text exists nowhere else in the process: the prefix is
 * stored XOR-ed and decoded straight into place. Markers:
 *   r0..r7  random positions in the big untouched mapping
 *   pb      across a page boundary
 *   c1      across the first 1 MiB chunk boundary of its region
 *   c2      across the second boundary, chunks overlapping 19 bytes
 *   c3      across the second boundary, chunks overlapping 4096 bytes
 *   ro      in a read-only mapping
 *   no      in a PROT_NONE mapping: must NOT be reported
 *   sh      in a MAP_SHARED file mapping (-d)
 *   st      on the stack
 *   da      in .data
 *   he      on the heap ([heap], from sbrk)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MARK_LEN 19	/* "TBXMARK:" + 2 + ":" + 8 */
#define MIB (1ul << 20)

static const unsigned char prefix_x[8] = {	/* "TBXMARK:" ^ 0x5a */
	'T' ^ 0x5a, 'B' ^ 0x5a, 'X' ^ 0x5a, 'M' ^ 0x5a,
	'A' ^ 0x5a, 'R' ^ 0x5a, 'K' ^ 0x5a, ':' ^ 0x5a,
};
/* volatile: the compiler must not fold the decoded prefix into a
 * constant of its own (which would be one more copy in memory). */
static volatile unsigned char key = 0x5a;
static unsigned nonce;
static char data_area[64] = { 1 };	/* .data, not .bss */

static void plant(void *where, const char *id)
{
	unsigned char *p = where;
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 8; i++)
		p[i] = prefix_x[i] ^ key;
	p[8] = (unsigned char)id[0];
	p[9] = (unsigned char)id[1];
	p[10] = ':';
	for (int i = 0; i < 8; i++)
		p[11 + i] = (unsigned char)hex[(nonce >> (28 - 4 * i)) & 15];
	printf("%s %p\n", id, where);
}

/* An anonymous mapping of exactly size bytes that cannot merge with its
 * neighbours: guard pages of other permissions on both sides. */
static unsigned char *isolated(size_t size, int prot)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *p = mmap(NULL, size + 2 * (size_t)pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	mprotect(p, (size_t)pg, PROT_NONE);
	mprotect(p + (size_t)pg + size, (size_t)pg, PROT_NONE);
	if (prot != (PROT_READ | PROT_WRITE))
		mprotect(p + pg, size, prot);
	return p + pg;
}

static uint64_t rng = 88172645463325252ull;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	unsigned long untouched = 512, touched = 0, qfill = 0, secs = 60, nmaps = 0;
	long pg = sysconf(_SC_PAGESIZE);
	volatile char stack_area[64];
	unsigned char *big, *m, *ro, *no;
	char *heap;
	int c;

	while ((c = getopt(argc, argv, "d:u:t:q:m:s:")) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'u': untouched = strtoul(optarg, NULL, 0); break;
		case 't': touched = strtoul(optarg, NULL, 0); break;
		case 'q': qfill = strtoul(optarg, NULL, 0); break;
		case 'm': nmaps = strtoul(optarg, NULL, 0); break;
		case 's': secs = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	nonce = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	rng ^= nonce;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* Random positions in a big mapping, most of it never touched. */
	if (untouched) {
		big = isolated(untouched * MIB, PROT_READ | PROT_WRITE);
		for (int i = 0; i < 8; i++) {
			char id[3] = { 'r', (char)('0' + i), 0 };

			plant(big + xorshift() % (untouched * MIB - MARK_LEN), id);
		}
	}
	/* Page and chunk boundaries, in a fully touched 4 MiB region. */
	m = isolated(4 * MIB, PROT_READ | PROT_WRITE);
	memset(m, 0, 4 * MIB);
	plant(m + 5 * (size_t)pg - 7, "pb");
	plant(m + MIB - 9, "c1");
	plant(m + 2 * MIB - MARK_LEN - 9, "c2");
	plant(m + 2 * MIB - 4096 - 9, "c3");

	ro = isolated((size_t)pg, PROT_READ | PROT_WRITE);
	plant(ro + 100, "ro");
	mprotect(ro, (size_t)pg, PROT_READ);

	no = isolated((size_t)pg, PROT_READ | PROT_WRITE);
	plant(no + 200, "no");
	mprotect(no, (size_t)pg, PROT_NONE);

	if (dir) {
		char path[4096];
		int fd;
		unsigned char *sh;

		snprintf(path, sizeof(path), "%s/scan_target.shm", dir);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || ftruncate(fd, 65536) < 0) {
			perror(path);
			return 1;
		}
		sh = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (sh == MAP_FAILED) {
			perror("mmap shared");
			return 1;
		}
		close(fd);
		unlink(path);	/* the file's copy is not memory of ours */
		plant(sh + 40000, "sh");
	}
	plant((void *)stack_area, "st");
	plant(data_area + 3, "da");
	/* sbrk, not malloc: [heap] even when a sanitizer's malloc is used */
	heap = sbrk(4096);
	if (heap == (void *)-1) {
		perror("sbrk");
		return 1;
	}
	plant(heap + 10, "he");

	if (touched) {
		unsigned char *t = isolated(touched * MIB, PROT_READ | PROT_WRITE);
		uint64_t *w = (uint64_t *)t;

		for (size_t i = 0; i < touched * MIB / 8; i++)
			w[i] = xorshift();
	}
	if (qfill) {
		unsigned char *q = isolated(qfill * MIB, PROT_READ | PROT_WRITE);

		memset(q, 'Q', qfill * MIB);
	}
	if (nmaps) {
		/* every other page read-only: 2*N areas that cannot merge */
		unsigned char *a = mmap(NULL, 2 * nmaps * (size_t)pg, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (a == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (unsigned long i = 0; i < nmaps; i++)
			mprotect(a + 2 * i * (size_t)pg, (size_t)pg, PROT_READ);
	}
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	alarm((unsigned)secs);
	for (;;)
		pause();
	return (int)stack_area[0];
}

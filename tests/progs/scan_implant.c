/* Builds an "implant" at run time: writes a marker into anonymous memory
 * and makes it executable, then exits. For tracebox run --scan-on. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	char marker[32];
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 1;
	/* assembled here, so the marker is not in the binary itself */
	snprintf(marker, sizeof(marker), "TBX-IMPLANT-%s-%d", "MARKER", 42);
	strcpy(p, marker);
	explicit_bzero(marker, sizeof(marker));	/* only one copy to find */
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC))
		return 1;
	printf("%p\n", (void *)p);
	return 0;
}

/* Dies by a signal: "kill" raises SIGKILL, "segv" dereferences NULL
 * (a real fault, si_code=SEGV_MAPERR), "raise N" raises signal N. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "kill"))
		raise(SIGKILL);
	if (argc > 1 && !strcmp(argv[1], "segv")) {
		volatile int *p = NULL;
		*p = 1;
	}
	if (argc > 2 && !strcmp(argv[1], "raise"))
		raise(atoi(argv[2]));
	return 1;
}

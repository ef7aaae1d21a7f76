/* Writes its pid to the file argv[1], stops itself with SIGSTOP; once
 * continued prints "continued" and exits with status 7. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	FILE *f;

	if (argc < 2 || !(f = fopen(argv[1], "w")))
		return 2;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	raise(SIGSTOP);
	printf("continued\n");
	return 7;
}

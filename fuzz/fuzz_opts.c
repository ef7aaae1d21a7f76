/* "tracebox trace" option parsing on arbitrary argument lists: the input
 * is split at NUL bytes into argv. Never crashes or leaks; an error always
 * comes with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* -h and -V print to stdout: keep the fuzzer's output readable */
	int fd = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	if (fd >= 0) {
		dup2(fd, 1);
		close(fd);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[66];
	struct trace_opts o;
	char err[256];
	int argc = 0, r;

	CHECK(buf);
	memcpy(buf, data, size);
	buf[size] = 0;
	argv[argc++] = (char *)"trace";
	for (size_t i = 0; i <= size && argc < 65;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;
	err[0] = 0;
	r = trace_opts_parse(argc, argv, &o, err, sizeof(err));
	CHECK(r == 0 || r == 1 || r == -1);
	if (r == -1)
		CHECK(err[0] != 0);
	if (r == 0) {
		CHECK(o.argv || o.npids);
		CHECK(!(o.argv && o.npids));
		CHECK(o.tr.trace_set == o.set);
	}
	trace_opts_free(&o);
	free(buf);
	return 0;
}

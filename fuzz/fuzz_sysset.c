/* tbx_syscall_set_parse on arbitrary text: never crashes, returns 0 or
 * -EINVAL/-ENOMEM, and on error points inside the expression. A set that
 * parsed is parsed again the same way (no hidden state). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tracebox/tracebox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = (tbx_syscall_count() + 7) / 8;
	char *expr = malloc(size + 1);
	uint8_t *a = malloc(len), *b = malloc(len);
	const char *bad = NULL;
	int e;

	CHECK(expr && a && b);
	memcpy(expr, data, size);
	expr[size] = 0;
	e = tbx_syscall_set_parse(expr, a, &bad);
	CHECK(e == 0 || e == -EINVAL || e == -ENOMEM);
	if (e == -EINVAL) {
		CHECK(bad >= expr && bad <= expr + strlen(expr));
	} else if (!e) {
		CHECK(tbx_syscall_set_parse(expr, b, NULL) == 0);
		CHECK(!memcmp(a, b, len));
	}
	free(expr);
	free(a);
	free(b);
	return 0;
}

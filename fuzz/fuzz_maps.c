/* tbx_maps_parse on arbitrary text: never crashes or reads past the text;
 * the regions it keeps are well-formed, sorted and disjoint, and
 * tbx_maps_find agrees with them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);	/* tbx_maps_parse wants a NUL after len */
	struct tbx_maps m;

	CHECK(text);
	memcpy(text, data, size);
	text[size] = 0;
	CHECK(tbx_maps_parse(text, size, &m) == 0);
	for (size_t i = 0; i < m.n; i++) {
		const struct tbx_scan_region *r = &m.r[i];

		CHECK(r->start < r->end && strlen(r->perms) == 4);
		CHECK(r->path >= m.text && r->path <= m.text + size);
		CHECK(!i || m.r[i - 1].end <= r->start);
		CHECK(tbx_maps_find(&m, r->start) == r);
		CHECK(tbx_maps_find(&m, r->end - 1) == r);
		(void)tbx_scan_region_kind_name(r->kind);
	}
	if (m.n)
		CHECK(!tbx_maps_find(&m, m.r[m.n - 1].end));
	tbx_maps_free(&m);
	return 0;
}

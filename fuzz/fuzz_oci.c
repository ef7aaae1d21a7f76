/* tbx_oci_parse on arbitrary text: never crashes, returns 0, -EINVAL or
 * -ENOMEM with a message naming the profile. A profile that parsed is
 * queried and applied to a libseccomp context (never loaded), as root
 * and as nobody, with and without the compat arches. */
#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "policy/oci.h"
#include "tracebox/tracebox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

static void apply(const struct tbx_oci_profile *p, uint64_t caps, bool compat)
{
	struct tbx_oci_apply_opts o = { .sz = sizeof(o), .caps = caps,
					.kernel = TBX_OCI_KERNEL(5, 15), .compat_arches = compat };
	struct tbx_oci_stats st;
	scmp_filter_ctx ctx = seccomp_init(tbx_oci_default_action(p));
	char err[256];
	int e;

	if (!ctx)	/* a default action this libseccomp refuses */
		return;
	e = tbx_oci_apply(p, ctx, &o, &st, err, sizeof(err));
	CHECK(e == 0 || e == -EINVAL || e == -ENOMEM);
	if (e)
		CHECK(memchr(err, 0, sizeof(err)) && err[0]);
	seccomp_release(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	struct tbx_oci_profile *p = NULL;
	int e;

	CHECK(text);
	memcpy(text, data, size);
	text[size] = 0;
	e = tbx_oci_parse("f.json", text, &p, err, sizeof(err));
	CHECK(e == 0 || e == -EINVAL || e == -ENOMEM);
	CHECK(memchr(err, 0, sizeof(err)));
	if (e) {
		CHECK(!p && !strncmp(err, "f.json", 6));
	} else {
		CHECK(p);
		for (unsigned i = 0; i < 4096 && tbx_oci_unknown_name(p, i); i++)
			;
		(void)tbx_oci_arches(p);
		for (long nr = 0; nr < (long)tbx_syscall_count(); nr += 7)
			(void)tbx_oci_action(p, nr, TBX_OCI_CAPS_NONE, TBX_OCI_KERNEL(5, 15));
		apply(p, TBX_OCI_CAPS_NONE, false);
		apply(p, TBX_OCI_CAPS_ALL, true);
		tbx_oci_free(p);
	}
	free(text);
	return 0;
}

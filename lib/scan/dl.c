/* Loading libyara and Hyperscan at the first scanner (see dl.h). */
#define TBX_SCAN_DL_IMPL
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "scan/dl.h"

struct tbx_scan_libs tbx_scan_libs;
static int loaded;	/* 0 not tried, 1 loaded, -1 failed */
static char why[256];

/* The SONAMEs of Debian 12, then the development links. */
static void *open_one(const char *const *names)
{
	for (; *names; names++) {
		void *h = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
		if (h)
			return h;
	}
	return NULL;
}

int tbx_scan_libs_load(char *err, size_t errlen)
{
	static const char *const hs[] = { "libhs.so.5", "libhs.so", NULL };
	static const char *const yara[] = { "libyara.so.9", "libyara.so", NULL };
	void *h_hs, *h_yara;

	if (!loaded) {
		loaded = -1;
		h_hs = open_one(hs);
		h_yara = open_one(yara);
		if (!h_hs || !h_yara) {
			snprintf(why, sizeof(why), "cannot load %s: %s",
				 h_hs ? "libyara" : "Hyperscan (libhs)", dlerror());
			goto out;
		}
#define X(f)								\
		tbx_scan_libs.f = (__typeof__(tbx_scan_libs.f))dlsym(h_hs, #f);	\
		if (!tbx_scan_libs.f) {					\
			snprintf(why, sizeof(why), "libhs has no %s", #f);	\
			goto out;					\
		}
		TBX_HS_FUNCS(X)
#undef X
#define X(f)								\
		tbx_scan_libs.f = (__typeof__(tbx_scan_libs.f))dlsym(h_yara, #f);	\
		if (!tbx_scan_libs.f) {					\
			snprintf(why, sizeof(why), "libyara has no %s", #f);	\
			goto out;					\
		}
		TBX_YARA_FUNCS(X)
#undef X
		loaded = 1;
	}
out:
	if (loaded > 0)
		return 0;
	snprintf(err, errlen, "%s", why);
	return -ENOSYS;
}

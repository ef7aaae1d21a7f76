/* C++ names with __cxa_demangle from libstdc++, loaded at the first
 * mangled name (as lib/scan/dl.c loads libyara): tracebox does not link
 * libstdc++, and a C program's trace never maps it. Each name is
 * demangled once: a cache keyed by the mangled name keeps the result, so
 * a stack seen again costs a lookup per frame. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stack/demangle.h"

#define CACHE_MAX 65536		/* names kept, at most */

typedef char *cxa_demangle_fn(const char *mangled, char *buf, size_t *len,
			      int *status);

struct name {
	char *mangled;		/* NULL: empty slot */
	char *readable;		/* NULL: not demangled, mangled is shown */
};

struct tbx_demangler {
	struct name *v;		/* open addressing, cap a power of two */
	size_t n, cap;
};

static cxa_demangle_fn *cxa_demangle;
static int loaded;	/* 0 not tried, 1 loaded, -1 failed */

static cxa_demangle_fn *demangle_fn(void)
{
	void *h;

	if (!loaded) {
		loaded = -1;
		h = dlopen("libstdc++.so.6", RTLD_NOW | RTLD_LOCAL);
		if (h && (cxa_demangle = (cxa_demangle_fn *)dlsym(h, "__cxa_demangle")))
			loaded = 1;
	}
	return loaded > 0 ? cxa_demangle : NULL;
}

struct tbx_demangler *tbx_demangler_new(void)
{
	return calloc(1, sizeof(struct tbx_demangler));
}

static void clear(struct tbx_demangler *d)
{
	for (size_t i = 0; i < d->cap; i++) {
		free(d->v[i].mangled);
		free(d->v[i].readable);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

void tbx_demangler_free(struct tbx_demangler *d)
{
	if (!d)
		return;
	clear(d);
	free(d);
}

bool tbx_demangler_trim(struct tbx_demangler *d)
{
	if (!d || d->n < CACHE_MAX)
		return false;
	clear(d);
	return true;
}

static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static struct name *slot(struct name *v, size_t cap, const char *mangled)
{
	size_t i = hash(mangled) & (cap - 1);

	while (v[i].mangled && strcmp(v[i].mangled, mangled))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* Kept at most half full, so that a probe ends soon. */
static int grow(struct tbx_demangler *d)
{
	size_t cap = d->cap ? d->cap * 2 : 256;
	struct name *v = calloc(cap, sizeof(*v));

	if (!v)
		return -1;
	for (size_t i = 0; i < d->cap; i++)
		if (d->v[i].mangled)
			*slot(v, cap, d->v[i].mangled) = d->v[i];
	free(d->v);
	d->v = v;
	d->cap = cap;
	return 0;
}

const char *tbx_demangle(struct tbx_demangler *d, const char *name)
{
	cxa_demangle_fn *fn;
	struct name *e;
	int status = -1;

	if (!d || !name || strncmp(name, "_Z", 2) || !(fn = demangle_fn()))
		return name;
	if (d->cap && (e = slot(d->v, d->cap, name))->mangled)
		return e->readable ? e->readable : e->mangled;
	if ((d->n + 1) * 2 > d->cap && grow(d))
		return name;
	e = slot(d->v, d->cap, name);
	if (!(e->mangled = strdup(name)))
		return name;
	e->readable = fn(name, NULL, NULL, &status);
	if (status) {
		free(e->readable);
		e->readable = NULL;
	}
	d->n++;
	return e->readable ? e->readable : e->mangled;
}

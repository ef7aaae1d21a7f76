/* Syscall names, numbers, classes, and strace's -e trace= expressions. */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "decode/decode.h"
#include "util/util.h"

unsigned tbx_syscall_count(void) { return tbx_nsysent64; }

const char *tbx_syscall_name(enum tbx_arch arch, long nr)
{
	const struct tbx_sysent *e = tbx_sysent_get(arch, nr);

	return e ? e->name : NULL;
}

long tbx_syscall_lookup(const char *name)
{
	for (unsigned i = 0; i < tbx_nsysent64; i++)
		if (tbx_sysent64[i].name && !strcmp(tbx_sysent64[i].name, name))
			return (long)i;
	return -ENOENT;
}

unsigned tbx_syscall_classes(long nr)
{
	const struct tbx_sysent *e = tbx_sysent_get(TBX_ARCH_X86_64, nr);

	return e ? e->classes : 0;
}

static const struct { const char *name; unsigned bits; } classes[] = {
	{ "file", TBX_TC_FILE }, { "desc", TBX_TC_DESC },
	{ "process", TBX_TC_PROCESS }, { "network", TBX_TC_NETWORK },
	{ "net", TBX_TC_NETWORK }, { "signal", TBX_TC_SIGNAL },
	{ "memory", TBX_TC_MEMORY }, { "ipc", TBX_TC_IPC },
	{ "creds", TBX_TC_CREDS }, { "clock", TBX_TC_CLOCK },
	{ "stat", TBX_TC_STAT }, { "lstat", TBX_TC_LSTAT },
	{ "fstat", TBX_TC_FSTAT }, { "%stat", TBX_TC_STAT_LIKE },
	{ "statfs", TBX_TC_STATFS }, { "fstatfs", TBX_TC_FSTATFS },
	{ "%statfs", TBX_TC_STATFS_LIKE }, { "pure", TBX_TC_PURE },
};


/* glibc's regcomp copies the operand of every repetition, so stacked ones
 * ("a++++++++++++", "(a{999}){999}") take exponential memory. Syscall
 * names need none of that: a few repetitions, small bounds. */
static bool regex_is_tame(const char *re)
{
	unsigned reps = 0;

	for (const char *c = re; *c; c++) {
		if (*c == '\\' && c[1]) {
			c++;
			continue;
		}
		if (*c == '+' || *c == '*' || *c == '?')
			reps++;
		if (*c == '{') {
			reps++;
			if (strtoul(c + 1, NULL, 10) > 64)
				return false;
		}
	}
	return reps <= 8;
}

/* One word of the list into bm; 0, or -EINVAL. */
static int add_word(const char *w, uint8_t *bm)
{
	bool optional = false;
	unsigned n = tbx_nsysent64;

	if (*w == '?') {
		optional = true;
		w++;
	}
	if (!strcmp(w, "all")) {
		memset(bm, 0xff, (n + 7) / 8);
		return 0;
	}
	if (!strcmp(w, "none"))
		return 0;
	if (*w == '/') {
		regex_t re;
		bool any = false;
		if (!regex_is_tame(w + 1) || regcomp(&re, w + 1, REG_EXTENDED | REG_NOSUB))
			return -EINVAL;
		for (unsigned i = 0; i < n; i++)
			if (tbx_sysent64[i].name && !regexec(&re, tbx_sysent64[i].name, 0, NULL, 0)) {
				tbx_bit_set(bm, i);
				any = true;
			}
		regfree(&re);
		return any || optional ? 0 : -EINVAL;
	}
	{
		/* %class, or strace's old bare class names */
		const char *c = *w == '%' ? w + 1 : w;
		for (unsigned k = 0; k < sizeof(classes) / sizeof(classes[0]); k++) {
			if (strcmp(c, classes[k].name) || (*w != '%' && *c == '%'))
				continue;
			if (*w != '%' && (classes[k].bits & ~(TBX_TC_FILE | TBX_TC_DESC |
				TBX_TC_PROCESS | TBX_TC_NETWORK | TBX_TC_SIGNAL |
				TBX_TC_MEMORY | TBX_TC_IPC)))
				break;
			for (unsigned i = 0; i < n; i++)
				if (tbx_sysent64[i].name && (tbx_sysent64[i].classes & classes[k].bits))
					tbx_bit_set(bm, i);
			return 0;
		}
	}
	{
		long nr = tbx_syscall_lookup(w);
		if (nr < 0) {
			char *end;
			unsigned long v = strtoul(w, &end, 0);
			if (*w && !*end && v < n) {
				tbx_bit_set(bm, (unsigned)v);
				return 0;
			}
			return optional ? 0 : -EINVAL;
		}
		tbx_bit_set(bm, (unsigned)nr);
	}
	return 0;
}

int tbx_syscall_set_parse(const char *expr, uint8_t *bm, const char **bad)
{
	size_t len = (tbx_nsysent64 + 7) / 8;
	bool neg = false;
	char *copy, *save = NULL, *w;

	if (!expr || !bm)
		return -EINVAL;
	memset(bm, 0, len);
	while (*expr == '!') {
		neg = !neg;
		expr++;
	}
	copy = strdup(expr);
	if (!copy)
		return -ENOMEM;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (add_word(w, bm)) {
			if (bad)
				*bad = expr + (w - copy);
			free(copy);
			return -EINVAL;
		}
	}
	free(copy);
	if (neg)
		for (size_t i = 0; i < len; i++)
			bm[i] = (uint8_t)~bm[i];
	return 0;
}

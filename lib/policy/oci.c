/* Docker/OCI seccomp profiles -> libseccomp rules. Semantics and the
 * choices made where Docker leaves room: see oci.h.
 *
 * The JSON is validated completely at parse time into plain structs, so
 * applying a profile cannot fail on its content, only on libseccomp. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/capability.h>
#include <jansson.h>
#include "policy/oci.h"
#include "util/util.h"
#include "xlat/xlat.h"

/* data/seccomp/default.json, embedded by tools/embed.py. */
extern const char tbx_oci_default_json[];

#define MAX_PROFILE (64u << 20)

struct oci_filter {
	uint64_t caps;		/* capabilities listed */
	bool has_caps;
	bool unknown_cap;	/* a name tracebox does not know: never held */
	int8_t arch;		/* 0 no "arches"; 1 lists amd64; -1 does not */
	unsigned min_kernel;	/* TBX_OCI_KERNEL(), 0 = none */
};

struct oci_group {
	unsigned idx, line, col;	/* syscalls[idx] at line:col */
	uint32_t action;
	char **names;
	int *nrs;		/* __NR_SCMP_ERROR: unknown, skipped */
	bool *native_only;	/* number from tracebox's table, not libseccomp's */
	unsigned n;
	struct scmp_arg_cmp *args;
	unsigned nargs;
	bool or_args;		/* an index repeats: one rule per condition */
	struct oci_filter inc, exc;
};

enum { F_TSYNC = 1, F_LOG = 2, F_SSB = 4 };

struct tbx_oci_profile {
	char *src;
	uint32_t def_action;
	unsigned arches, flags;
	struct oci_group *g;
	unsigned ng;
	char **unknown;
	unsigned nunknown;
};

/* ---- errors: FILE:LINE:COL: json.path: message ---------------------- */

struct step {
	const char *key;	/* NULL: array element idx */
	size_t idx;
};

struct ps {
	const char *src, *text;
	char *err;
	size_t errlen;
	struct step path[8];
	unsigned depth;
	struct tbx_oci_profile *p;
	/* the last syscall group found, and its line: groups come in
	 * order, and each is found from the one before (from the top, a
	 * profile of 300 groups made start-up quadratic: 3 ms) */
	const char *grp_at;
	size_t grp_idx;
	const char *lc_at, *lc_bol;
	unsigned lc_line;
};

static void push_key(struct ps *P, const char *key)
{
	P->path[P->depth++] = (struct step){ key, 0 };
}

static void push_idx(struct ps *P, size_t idx)
{
	P->path[P->depth++] = (struct step){ NULL, idx };
}

static void pop(struct ps *P)
{
	P->depth--;
}

static const char *ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static const char *skip_str(const char *s)
{
	for (s++; *s && *s != '"'; s++)
		if (*s == '\\' && s[1])
			s++;
	return *s ? s + 1 : s;
}

static const char *skip_val(const char *s)
{
	int depth = 0;

	s = ws(s);
	if (*s != '{' && *s != '[') {
		if (*s == '"')
			return skip_str(s);
		while (*s && !strchr(",]} \t\r\n", *s))
			s++;
		return s;
	}
	do {
		if (*s == '"') {
			s = skip_str(s);
			continue;
		}
		if (*s == '{' || *s == '[')
			depth++;
		else if (*s == '}' || *s == ']')
			depth--;
		s++;
	} while (*s && depth);
	return s;
}

/* Where the value at path starts in text (which jansson accepted), or NULL:
 * jansson keeps no positions, so semantic errors find theirs here. */
static const char *locate(const char *s, const struct step *st, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		s = ws(s);
		if (!st[i].key) {
			if (*s++ != '[')
				return NULL;
			for (size_t j = 0; j < st[i].idx; j++) {
				s = ws(skip_val(s));
				if (*s++ != ',')
					return NULL;
			}
			continue;
		}
		if (*s++ != '{')
			return NULL;
		for (;;) {
			const char *k;
			bool hit;

			s = ws(s);
			if (*s != '"')
				return NULL;
			k = s + 1;
			s = skip_str(s);
			hit = (size_t)(s - 1 - k) == strlen(st[i].key) &&
			      !memcmp(k, st[i].key, strlen(st[i].key));
			s = ws(s);
			if (*s++ != ':')
				return NULL;
			if (hit)
				break;
			s = ws(skip_val(s));
			if (*s++ != ',')
				return NULL;
		}
	}
	return ws(s);
}

static void line_col(const char *text, const char *at, unsigned *line, unsigned *col)
{
	const char *bol = text;

	*line = 1;
	for (const char *s = text; s < at; s++)
		if (*s == '\n') {
			++*line;
			bol = s + 1;
		}
	*col = (unsigned)(at - bol) + 1;
}

static int perr(struct ps *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(struct ps *P, const char *fmt, ...)
{
	char path[256] = "", msg[512];
	const char *at = NULL;
	size_t off = 0;
	va_list ap;

	/* A missing key has no place: point at the nearest enclosing value. */
	for (unsigned d = P->depth + 1; P->text && !at && d-- > 0;)
		at = locate(P->text, P->path, d);

	for (unsigned i = 0; i < P->depth && off < sizeof(path); i++) {
		int w = P->path[i].key
			? snprintf(path + off, sizeof(path) - off, "%s%s", i ? "." : "", P->path[i].key)
			: snprintf(path + off, sizeof(path) - off, "[%zu]", P->path[i].idx);
		off += w > 0 ? (size_t)w : 0;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at) {
		unsigned line, col;

		line_col(P->text, at, &line, &col);
		snprintf(P->err, P->errlen, "%s:%u:%u: %s%s%s", P->src, line, col,
			 path, *path ? ": " : "", msg);
	} else {
		snprintf(P->err, P->errlen, "%s: %s%s%s", P->src, path, *path ? ": " : "", msg);
	}
	return -EINVAL;
}

/* ---- typed getters: NULL or JSON null = absent ---------------------- */

static bool absent(const json_t *v)
{
	return !v || json_is_null(v);
}

static int get_str(struct ps *P, const json_t *v, const char **out)
{
	if (!json_is_string(v))
		return perr(P, "expected a string");
	*out = json_string_value(v);
	return 0;
}

static int get_uint(struct ps *P, const json_t *v, uint64_t max, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return perr(P, "expected an integer from 0 to %llu", (unsigned long long)max);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* An array (or absent: n = 0). */
static int get_array(struct ps *P, const json_t *v, size_t *n)
{
	if (absent(v)) {
		*n = 0;
		return 0;
	}
	if (!json_is_array(v))
		return perr(P, "expected an array");
	*n = json_array_size(v);
	return 0;
}

/* ---- actions, operators, arches, capabilities ----------------------- */

static const struct {
	const char *name;
	uint32_t act;
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0) },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0) },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG },
	{ "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY },
};

static const struct {
	const char *name;
	enum scmp_compare op;
} ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* obj[akey] with obj[ekey] folded in: the errno of ERRNO (EPERM when
 * absent, as runc), the message data of TRACE. */
static int get_action(struct ps *P, const json_t *obj, const char *akey,
		      const char *ekey, uint32_t *out)
{
	const json_t *ev = json_object_get(obj, ekey);
	uint64_t eno = EPERM;
	const char *name = NULL;
	unsigned i;
	int e;

	push_key(P, akey);
	if (absent(json_object_get(obj, akey)))
		e = perr(P, "missing");
	else
		e = get_str(P, json_object_get(obj, akey), &name);
	for (i = 0; !e && i < ARRAY_SIZE(actions); i++)
		if (!strcmp(name, actions[i].name))
			break;
	if (!e && i == ARRAY_SIZE(actions))
		e = perr(P, "unknown action \"%s\"", name);
	if (!e && actions[i].act == SCMP_ACT_NOTIFY)
		e = perr(P, "SCMP_ACT_NOTIFY needs a seccomp agent; tracebox is not one");
	pop(P);
	if (e)
		return e;
	if (!absent(ev)) {
		push_key(P, ekey);
		e = get_uint(P, ev, 0xffff, &eno);	/* SECCOMP_RET_DATA */
		pop(P);
		if (e)
			return e;
	}
	*out = actions[i].act;
	if (*out == SCMP_ACT_ERRNO(0))
		*out = SCMP_ACT_ERRNO((uint32_t)eno);
	else if (*out == SCMP_ACT_TRACE(0))
		*out = SCMP_ACT_TRACE((uint32_t)eno);
	return 0;
}

/* "SCMP_ARCH_X86_64" -> TBX_OCI_ARCH_* bit, 0 for another arch. */
static int arch_bit(struct ps *P, const json_t *v, unsigned *bit)
{
	/* Arches of the OCI spec that libseccomp 2.5 does not know yet. */
	static const char *const newer[] = { "loongarch64", "m68k", "sh", "sheb" };
	char lower[32];
	const char *name = NULL;
	size_t i;
	int e = get_str(P, v, &name);

	if (e)
		return e;
	if (strncmp(name, "SCMP_ARCH_", 10) || strlen(name + 10) >= sizeof(lower))
		return perr(P, "unknown architecture \"%s\"", name);
	for (i = 0; name[10 + i]; i++)
		lower[i] = (char)(name[10 + i] >= 'A' && name[10 + i] <= 'Z'
				  ? name[10 + i] - 'A' + 'a' : name[10 + i]);
	lower[i] = '\0';
	*bit = !strcmp(lower, "x86_64") ? TBX_OCI_ARCH_X86_64
	     : !strcmp(lower, "x86") ? TBX_OCI_ARCH_X86
	     : !strcmp(lower, "x32") ? TBX_OCI_ARCH_X32 : 0;
	if (seccomp_arch_resolve_name(lower))
		return 0;
	for (i = 0; i < ARRAY_SIZE(newer); i++)
		if (!strcmp(lower, newer[i]))
			return 0;
	return perr(P, "unknown architecture \"%s\"", name);
}

static int cap_number(const char *name)
{
	for (unsigned i = 0; i < tbx_xlat_capabilities.n; i++)
		if (!strcmp(tbx_xlat_capabilities.ent[i].name, name))
			return tbx_xlat_capabilities.ent[i].val < 64
				? (int)tbx_xlat_capabilities.ent[i].val : -1;
	return -1;
}

/* "MAJOR.MINOR", as moby's minKernel. */
static int parse_kernel(const char *s, unsigned *out)
{
	unsigned maj, min;
	int n = -1;

	if (sscanf(s, "%u.%u%n", &maj, &min, &n) != 2 || s[n] || maj > 0xffff || min > 0xffff)
		return -1;
	*out = TBX_OCI_KERNEL(maj, min);
	return 0;
}

static int parse_filter(struct ps *P, const json_t *obj, struct oci_filter *f)
{
	const json_t *v;
	const char *s = NULL;
	size_t n = 0;
	int e = 0;

	if (absent(obj))
		return 0;
	if (!json_is_object(obj))
		return perr(P, "expected an object");
	push_key(P, "caps");
	v = json_object_get(obj, "caps");
	e = get_array(P, v, &n);
	f->has_caps = n > 0;
	for (size_t i = 0; !e && i < n; i++) {
		int c;

		push_idx(P, i);
		e = get_str(P, json_array_get(v, i), &s);
		pop(P);
		c = e ? 0 : cap_number(s);
		if (c < 0)
			f->unknown_cap = true;
		else
			f->caps |= 1ULL << c;
	}
	pop(P);
	push_key(P, "arches");
	v = json_object_get(obj, "arches");
	if (!e)
		e = get_array(P, v, &n);
	f->arch = n ? -1 : 0;
	for (size_t i = 0; !e && i < n; i++) {
		push_idx(P, i);
		e = get_str(P, json_array_get(v, i), &s);
		pop(P);
		if (!e && !strcmp(s, "amd64"))	/* Go's name for x86_64 */
			f->arch = 1;
	}
	pop(P);
	push_key(P, "minKernel");
	v = json_object_get(obj, "minKernel");
	if (!e && !absent(v)) {
		e = get_str(P, v, &s);
		if (!e && parse_kernel(s, &f->min_kernel))
			e = perr(P, "invalid kernel version \"%s\" (want MAJOR.MINOR)", s);
	}
	pop(P);
	return e;
}

/* ---- syscalls[] ------------------------------------------------------ */

static int add_unknown(struct tbx_oci_profile *p, const char *name)
{
	char **u;

	for (unsigned i = 0; i < p->nunknown; i++)
		if (!strcmp(p->unknown[i], name))
			return 0;
	u = realloc(p->unknown, (p->nunknown + 1) * sizeof(*u));
	if (!u)
		return -ENOMEM;
	p->unknown = u;
	if (!(u[p->nunknown] = strdup(name)))
		return -ENOMEM;
	p->nunknown++;
	return 0;
}

/* libseccomp's number (a negative pseudo-number for another arch's call,
 * which libseccomp places per arch), else tracebox's own x86_64 table:
 * it knows calls newer than the installed libseccomp, but only natively
 * (libseccomp cannot translate such a number to i386/x32). */
static int resolve(const char *name, bool *native_only)
{
	int nr = seccomp_syscall_resolve_name(name);
	long t;

	*native_only = false;
	if (nr != __NR_SCMP_ERROR)
		return nr;
	t = tbx_syscall_lookup(name);
	*native_only = t >= 0;
	return t >= 0 ? (int)t : __NR_SCMP_ERROR;
}

static int parse_names(struct ps *P, const json_t *obj, struct oci_group *g)
{
	const json_t *names = json_object_get(obj, "names"), *name = json_object_get(obj, "name");
	size_t n = 0;
	int e;

	if (!absent(name) && !absent(names) && json_array_size(names))
		return perr(P, "both \"name\" and \"names\" given");
	if (!absent(name)) {	/* the old single-name form */
		push_key(P, "name");
		n = 1;
		names = NULL;
	} else {
		push_key(P, "names");
		e = get_array(P, names, &n);
		if (e)
			goto out;
	}
	g->names = calloc(n ? n : 1, sizeof(*g->names));
	g->nrs = calloc(n ? n : 1, sizeof(*g->nrs));
	g->native_only = calloc(n ? n : 1, sizeof(*g->native_only));
	e = g->names && g->nrs && g->native_only ? 0 : -ENOMEM;
	for (size_t i = 0; !e && i < n; i++) {
		const char *s = NULL;

		if (names)
			push_idx(P, i);
		e = get_str(P, names ? json_array_get(names, i) : name, &s);
		if (names)
			pop(P);
		if (!e && !*s)
			e = perr(P, "empty syscall name");
		if (!e && !(g->names[i] = strdup(s)))
			e = -ENOMEM;
		if (e)
			break;
		g->n++;
		g->nrs[i] = resolve(s, &g->native_only[i]);
		if (g->nrs[i] == __NR_SCMP_ERROR)
			e = add_unknown(P->p, s);
	}
out:
	pop(P);
	return e;
}

static int parse_args(struct ps *P, const json_t *obj, struct oci_group *g)
{
	const json_t *args = json_object_get(obj, "args");
	size_t n = 0;
	int e;

	push_key(P, "args");
	e = get_array(P, args, &n);
	if (!e && n && !(g->args = calloc(n, sizeof(*g->args))))
		e = -ENOMEM;
	for (size_t i = 0; !e && i < n; i++) {
		const json_t *a = json_array_get(args, i), *v;
		struct scmp_arg_cmp *c = &g->args[i];
		uint64_t idx = 0, val = 0, val2 = 0;
		const char *op = NULL;
		unsigned k;

		push_idx(P, i);
		if (!json_is_object(a))
			e = perr(P, "expected an object");
		push_key(P, "index");
		if (!e && absent(v = json_object_get(a, "index")))
			e = perr(P, "missing");
		if (!e)
			e = get_uint(P, v, 5, &idx);
		pop(P);
		push_key(P, "value");
		if (!e && !absent(v = json_object_get(a, "value")))
			e = get_uint(P, v, UINT64_MAX, &val);
		pop(P);
		push_key(P, "valueTwo");
		if (!e && !absent(v = json_object_get(a, "valueTwo")))
			e = get_uint(P, v, UINT64_MAX, &val2);
		pop(P);
		push_key(P, "op");
		if (!e && absent(v = json_object_get(a, "op")))
			e = perr(P, "missing");
		if (!e)
			e = get_str(P, v, &op);
		for (k = 0; !e && k < ARRAY_SIZE(ops); k++)
			if (!strcmp(op, ops[k].name))
				break;
		if (!e && k == ARRAY_SIZE(ops))
			e = perr(P, "unknown operator \"%s\"", op);
		pop(P);
		pop(P);
		if (e)
			break;
		*c = (struct scmp_arg_cmp){ .arg = (unsigned)idx, .op = ops[k].op,
					    .datum_a = val, .datum_b = val2 };
		for (size_t j = 0; j < i; j++)
			if (g->args[j].arg == c->arg)
				g->or_args = true;
		g->nargs++;
	}
	pop(P);
	return e;
}

/* Where group P->path[depth - 1] starts, and its line and column. */
static const char *locate_group(struct ps *P, unsigned *line, unsigned *col)
{
	const struct step *last = &P->path[P->depth - 1];
	const char *s = NULL;

	if (P->grp_at && last->idx == P->grp_idx + 1) {
		s = ws(skip_val(P->grp_at));
		s = *s == ',' ? ws(s + 1) : NULL;
	}
	if (!s)
		s = locate(P->text, P->path, P->depth);
	P->grp_at = s;
	P->grp_idx = last->idx;
	if (!s)
		return NULL;
	if (!P->lc_at || s < P->lc_at) {
		P->lc_at = P->lc_bol = P->text;
		P->lc_line = 1;
	}
	for (; P->lc_at < s; P->lc_at++)
		if (*P->lc_at == '\n') {
			P->lc_line++;
			P->lc_bol = P->lc_at + 1;
		}
	*line = P->lc_line;
	*col = (unsigned)(s - P->lc_bol) + 1;
	return s;
}

static int parse_group(struct ps *P, const json_t *obj, struct oci_group *g)
{
	int e;

	locate_group(P, &g->line, &g->col);
	if (!json_is_object(obj))
		return perr(P, "expected an object");
	e = parse_names(P, obj, g);
	if (!e)
		e = get_action(P, obj, "action", "errnoRet", &g->action);
	if (!e)
		e = parse_args(P, obj, g);
	push_key(P, "includes");
	if (!e)
		e = parse_filter(P, json_object_get(obj, "includes"), &g->inc);
	pop(P);
	push_key(P, "excludes");
	if (!e)
		e = parse_filter(P, json_object_get(obj, "excludes"), &g->exc);
	pop(P);
	return e;
}

/* ---- the top level --------------------------------------------------- */

static int parse_arches(struct ps *P, const json_t *root)
{
	const json_t *list = json_object_get(root, "architectures");
	const json_t *map = json_object_get(root, "archMap");
	size_t n = 0, m = 0;
	unsigned bit;
	int e;

	push_key(P, "architectures");
	e = get_array(P, list, &n);
	for (size_t i = 0; !e && i < n; i++) {
		push_idx(P, i);
		e = arch_bit(P, json_array_get(list, i), &bit);
		P->p->arches |= bit;
		pop(P);
	}
	pop(P);
	push_key(P, "archMap");
	if (!e)
		e = get_array(P, map, &m);
	if (!e && n && m)
		e = perr(P, "both \"architectures\" and \"archMap\" given; use one");
	for (size_t i = 0; !e && i < m; i++) {
		const json_t *ent = json_array_get(map, i), *subs;
		unsigned arch = 0, these = 0;
		size_t ns = 0;

		push_idx(P, i);
		if (!json_is_object(ent))
			e = perr(P, "expected an object");
		push_key(P, "architecture");
		if (!e)
			e = arch_bit(P, json_object_get(ent, "architecture"), &arch);
		pop(P);
		push_key(P, "subArchitectures");
		subs = json_object_get(ent, "subArchitectures");
		if (!e)
			e = get_array(P, subs, &ns);
		for (size_t j = 0; !e && j < ns; j++) {
			push_idx(P, j);
			e = arch_bit(P, json_array_get(subs, j), &bit);
			these |= bit;
			pop(P);
		}
		pop(P);
		pop(P);
		/* The entry for the native arch says which arches to add. */
		if (!e && arch == TBX_OCI_ARCH_X86_64)
			P->p->arches |= arch | these;
	}
	pop(P);
	return e;
}

static int parse_flags(struct ps *P, const json_t *root)
{
	static const struct {
		const char *name;
		unsigned flag;
	} flags[] = {
		{ "SECCOMP_FILTER_FLAG_TSYNC", F_TSYNC },
		{ "SECCOMP_FILTER_FLAG_LOG", F_LOG },
		{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", F_SSB },
		{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 0 },	/* notify only */
	};
	const json_t *v = json_object_get(root, "flags");
	size_t n = 0;
	int e;

	push_key(P, "flags");
	e = get_array(P, v, &n);
	for (size_t i = 0; !e && i < n; i++) {
		const char *s = NULL;
		unsigned k;

		push_idx(P, i);
		e = get_str(P, json_array_get(v, i), &s);
		for (k = 0; !e && k < ARRAY_SIZE(flags); k++)
			if (!strcmp(s, flags[k].name))
				break;
		if (!e && k == ARRAY_SIZE(flags))
			e = perr(P, "unknown flag \"%s\"", s);
		if (!e)
			P->p->flags |= flags[k].flag;
		pop(P);
	}
	pop(P);
	return e;
}

static int parse_root(struct ps *P, const json_t *root)
{
	const json_t *sc = json_object_get(root, "syscalls");
	size_t n = 0;
	int e;

	if (!json_is_object(root))
		return perr(P, "expected a JSON object (a seccomp profile)");
	e = get_action(P, root, "defaultAction", "defaultErrnoRet", &P->p->def_action);
	if (!e)
		e = parse_arches(P, root);
	if (!e)
		e = parse_flags(P, root);
	push_key(P, "syscalls");
	if (!e)
		e = get_array(P, sc, &n);
	if (!e && n && !(P->p->g = calloc(n, sizeof(*P->p->g))))
		e = -ENOMEM;
	for (size_t i = 0; !e && i < n; i++) {
		push_idx(P, i);
		P->p->g[i].idx = (unsigned)i;
		e = parse_group(P, json_array_get(sc, i), &P->p->g[i]);
		P->p->ng++;
		pop(P);
	}
	pop(P);
	return e;
}

static int read_all(const char *path, char **out)
{
	autoclose int fd = open(path, O_RDONLY | O_CLOEXEC);
	autofree char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	do {
		if (len + 1 >= cap) {
			char *nb;

			if (cap >= MAX_PROFILE)
				return -EFBIG;
			cap = cap ? cap * 2 : 16384;
			if (!(nb = realloc(buf, cap)))
				return -ENOMEM;
			buf = nb;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno != EINTR)
			return -errno;
		len += r > 0 ? (size_t)r : 0;
	} while (r != 0);
	buf[len] = '\0';
	*out = tbx_steal(&buf);
	return 0;
}

int tbx_oci_parse(const char *path, const char *text,
		  struct tbx_oci_profile **out, char *err, size_t errlen)
{
	autofree char *file = NULL;
	struct ps P = { .src = path ? path : "<profile>", .err = err, .errlen = errlen };
	json_error_t je;
	json_t *root;
	int e;

	*out = NULL;
	if (errlen)
		*err = '\0';
	if (!text) {
		e = path ? read_all(path, &file) : -EINVAL;
		if (e) {
			snprintf(err, errlen, "%s: %s", P.src, strerror(-e));
			return e;
		}
		text = file;
	}
	root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, errlen, "%s:%d:%d: %s", P.src, je.line, je.column, je.text);
		return -EINVAL;
	}
	P.text = text;
	P.p = calloc(1, sizeof(*P.p));
	e = P.p ? 0 : -ENOMEM;
	if (!e && !(P.p->src = strdup(P.src)))
		e = -ENOMEM;
	if (!e)
		e = parse_root(&P, root);
	json_decref(root);
	if (e == -ENOMEM)
		snprintf(err, errlen, "%s: %s", P.src, strerror(ENOMEM));
	if (e) {
		tbx_oci_free(P.p);
		return e;
	}
	*out = P.p;
	return 0;
}

const char *tbx_oci_builtin(const char *name)
{
	return name && !strcmp(name, "default") ? tbx_oci_default_json : NULL;
}

uint32_t tbx_oci_default_action(const struct tbx_oci_profile *p)
{
	return p->def_action;
}

unsigned tbx_oci_arches(const struct tbx_oci_profile *p)
{
	return p->arches;
}

const char *tbx_oci_unknown_name(const struct tbx_oci_profile *p, unsigned i)
{
	return i < p->nunknown ? p->unknown[i] : NULL;
}

/* ---- apply ----------------------------------------------------------- */

static unsigned running_kernel(void)
{
	struct utsname u;
	unsigned maj, min;

	if (uname(&u) || sscanf(u.release, "%u.%u", &maj, &min) != 2)
		return 0;
	return TBX_OCI_KERNEL(maj, min);
}

/* Does the group apply? moby: every include holds, no exclude does. */
static bool selected(const struct oci_group *g, uint64_t caps, unsigned kernel)
{
	const struct oci_filter *in = &g->inc, *ex = &g->exc;

	if (ex->arch > 0 || (ex->caps & caps) || (ex->min_kernel && kernel >= ex->min_kernel))
		return false;
	if (in->arch < 0 || (in->has_caps && (in->unknown_cap || (in->caps & caps) != in->caps)))
		return false;
	return !in->min_kernel || kernel >= in->min_kernel;
}

static int add_rule(const struct tbx_oci_profile *p, const struct oci_group *g,
		    scmp_filter_ctx ctx, unsigned i, char *err, size_t errlen)
{
	int e = 0;

	if (!g->or_args)
		e = seccomp_rule_add_array(ctx, g->action, g->nrs[i], g->nargs, g->args);
	for (unsigned k = 0; g->or_args && !e && k < g->nargs; k++)
		e = seccomp_rule_add_array(ctx, g->action, g->nrs[i], 1, &g->args[k]);
	if (!e)
		return 0;
	snprintf(err, errlen, "%s:%u:%u: syscalls[%u]: \"%s\": libseccomp refused the rule: %s",
		 p->src, g->line, g->col, g->idx, g->names[i], strerror(-e));
	return e == -ENOMEM ? e : -EINVAL;
}

int tbx_oci_apply(const struct tbx_oci_profile *p, scmp_filter_ctx ctx,
		  const struct tbx_oci_apply_opts *opts, struct tbx_oci_stats *stats,
		  char *err, size_t errlen)
{
	struct tbx_oci_apply_opts o = { .sz = sizeof(o) };
	struct tbx_oci_stats st = { 0 };
	bool compat;
	uint32_t def;
	int e;

	if (errlen)
		*err = '\0';
	if (opts)
		tbx_opts_copy(&o, sizeof(o), opts, opts->sz);
	if (!o.kernel)
		o.kernel = running_kernel();
	compat = o.compat_arches && (p->arches & (TBX_OCI_ARCH_X86 | TBX_OCI_ARCH_X32));
	e = seccomp_attr_get(ctx, SCMP_FLTATR_ACT_DEFAULT, &def);
	if (!e && o.compat_arches && (p->arches & TBX_OCI_ARCH_X86))
		e = seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (e == -EEXIST)
		e = 0;
	if (!e && o.compat_arches && (p->arches & TBX_OCI_ARCH_X32))
		e = seccomp_arch_add(ctx, SCMP_ARCH_X32);
	if (e == -EEXIST)
		e = 0;
	if (!e && (p->flags & F_TSYNC))
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (!e && (p->flags & F_LOG))
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
	if (!e && (p->flags & F_SSB))
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1);
	if (e) {
		snprintf(err, errlen, "%s: libseccomp: %s", p->src, strerror(-e));
		return e == -ENOMEM ? e : -EINVAL;
	}
	for (unsigned k = 0; k < p->ng; k++) {
		const struct oci_group *g = &p->g[k];

		if (!selected(g, o.caps, o.kernel)) {
			st.filtered++;
			continue;
		}
		if (g->action == def) {	/* no-op, and libseccomp refuses it */
			st.same_as_default++;
			continue;
		}
		for (unsigned i = 0; i < g->n; i++) {
			/* With i386/x32 in the filter only libseccomp's
			 * names can be placed: skip the others, as Docker. */
			if (g->nrs[i] == __NR_SCMP_ERROR || (compat && g->native_only[i])) {
				st.unknown++;
				continue;
			}
			e = add_rule(p, g, ctx, i, err, errlen);
			if (e)
				return e;
			st.rules++;
		}
	}
	if (stats)
		*stats = st;
	return 0;
}

uint32_t tbx_oci_action(const struct tbx_oci_profile *p, long nr, uint64_t caps,
			unsigned kernel)
{
	if (!kernel)
		kernel = running_kernel();
	for (unsigned k = 0; k < p->ng; k++) {
		const struct oci_group *g = &p->g[k];
		if (!selected(g, caps, kernel))
			continue;
		for (unsigned i = 0; i < g->n; i++)
			if (g->nrs[i] == nr)
				return g->nargs ? TBX_OCI_CONDITIONAL : g->action;
	}
	return p->def_action;
}

int tbx_oci_caps_self(uint64_t *caps)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

	if (syscall(SYS_capget, &h, d))
		return -errno;
	*caps = d[0].effective | (uint64_t)d[1].effective << 32;
	return 0;
}

void tbx_oci_free(struct tbx_oci_profile *p)
{
	if (!p)
		return;
	for (unsigned k = 0; k < p->ng; k++) {
		for (unsigned i = 0; i < p->g[k].n; i++)
			free(p->g[k].names[i]);
		free(p->g[k].names);
		free(p->g[k].nrs);
		free(p->g[k].native_only);
		free(p->g[k].args);
	}
	for (unsigned i = 0; i < p->nunknown; i++)
		free(p->unknown[i]);
	free(p->unknown);
	free(p->g);
	free(p->src);
	free(p);
}

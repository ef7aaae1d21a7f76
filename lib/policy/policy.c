/* Parsing sandbox rules; the same words on the command line and in files. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "policy/policy.h"
#include "decode/decode.h"
#include "util/util.h"

static int fail(struct tbx_policy_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct tbx_policy_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void tbx_policy_init(struct tbx_policy *p)
{
	memset(p, 0, sizeof(*p));
}

void tbx_policy_release(struct tbx_policy *p)
{
	for (unsigned i = 0; i < p->npaths; i++) {
		free(p->paths[i].path);
		free(p->paths[i].given);
	}
	for (unsigned i = 0; i < p->nsc; i++)
		free(p->sc[i].text);
	for (unsigned i = 0; i < p->nnet; i++) {
		free(p->net[i].host);
		free(p->net[i].text);
	}
	for (unsigned i = 0; i < p->nbinds; i++) {
		free(p->binds[i].src);
		free(p->binds[i].dst);
		free(p->binds[i].text);
	}
	free(p->binds);
	free(p->paths);
	free(p->sc);
	free(p->net);
	free(p->profile);
	free(p->seccomp_profile);
	memset(p, 0, sizeof(*p));
}

/* Levenshtein distance, bounded: for "did you mean". */
static unsigned distance(const char *a, const char *b)
{
	unsigned la = (unsigned)strlen(a), lb = (unsigned)strlen(b);
	unsigned row[64], i, j;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned prev = row[0], tmp;
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned best = prev + (a[i - 1] != b[j - 1]);
			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *tbx_syscall_suggest(const char *name)
{
	const char *best = NULL;
	unsigned bd = 4;

	for (unsigned i = 0; i < tbx_syscall_count(); i++) {
		const char *n = tbx_syscall_name(TBX_ARCH_X86_64, i);
		unsigned d;
		if (!n)
			continue;
		d = distance(name, n);
		if (d < bd) {
			bd = d;
			best = n;
		}
	}
	return best;
}

static int syscall_nr(const char *name, struct tbx_policy_err *err)
{
	long nr = tbx_syscall_lookup(name);
	const char *s;

	if (nr >= 0)
		return (int)nr;
	s = tbx_syscall_suggest(name);
	if (s)
		return fail(err, "unknown system call '%s' (did you mean '%s'?)", name, s);
	return fail(err, "unknown system call '%s'", name);
}

static int errno_value(const char *s, struct tbx_policy_err *err)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s && !*end && v > 0 && v < 4096)
		return (int)v;
	for (int e = 1; e < 4096; e++) {
		const char *n = tbx_errno_name(e);
		if (n && !strcmp(n, s))
			return e;
	}
	return fail(err, "unknown errno '%s' (a name like EPERM, or a number)", s);
}

static int add_sc(struct tbx_policy *p, const struct tbx_sc_rule *r, const char *text)
{
	struct tbx_sc_rule *n = realloc(p->sc, (p->nsc + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	p->sc = n;
	n[p->nsc] = *r;
	n[p->nsc].text = strdup(text);
	if (!n[p->nsc].text)
		return -ENOMEM;
	p->nsc++;
	return 0;
}

/* Canonical absolute form of a path that may not exist yet: the deepest
 * existing ancestor resolved (symlinks, "..", "//"), the rest appended. */
static char *canonical(const char *path)
{
	char buf[PATH_MAX], real[PATH_MAX], rest[PATH_MAX] = "";
	char *slash;

	if (path[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(buf, sizeof(buf), "%s/%s", cwd, path) >= (int)sizeof(buf))
			return NULL;
	} else if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		return NULL;
	}
	while (!realpath(buf, real)) {
		char tmp[PATH_MAX];
		slash = strrchr(buf, '/');
		if (!slash || slash == buf) {
			snprintf(real, sizeof(real), "/");
			if (slash)
				snprintf(tmp, sizeof(tmp), "%s%s%s", slash + 1,
					 *rest ? "/" : "", rest);
			else
				snprintf(tmp, sizeof(tmp), "%s", rest);
			snprintf(rest, sizeof(rest), "%s", tmp);
			break;
		}
		snprintf(tmp, sizeof(tmp), "%s%s%s", slash + 1, *rest ? "/" : "", rest);
		snprintf(rest, sizeof(rest), "%s", tmp);
		*slash = 0;
	}
	if (*rest) {
		size_t n = strlen(real);
		if (snprintf(real + n, sizeof(real) - n, "%s%s",
			     strcmp(real, "/") ? "/" : "", rest) >= (int)(sizeof(real) - n))
			return NULL;
	}
	return strdup(real);
}

static int add_path(struct tbx_policy *p, enum tbx_path_kind kind,
		    const char *path, struct tbx_policy_err *err)
{
	struct tbx_path_rule *n;
	char *c;

	if (!*path)
		return fail(err, "empty path");
	c = canonical(path);
	if (!c)
		return fail(err, "%s: path too long", path);
	for (unsigned i = 0; i < p->npaths; i++) {
		if (strcmp(p->paths[i].path, c))
			continue;
		/* the same path twice: the stricter rule wins, and says so */
		static const char *w[] = { "deny", "ro", "hide", "rw" };
		enum tbx_path_kind old = p->paths[i].kind;
		if (kind == TBX_PATH_HIDE || (kind == TBX_PATH_DENY && old != TBX_PATH_HIDE) ||
		    (kind == TBX_PATH_RO && old == TBX_PATH_RW))
			p->paths[i].kind = kind;
		if (old != kind)
			snprintf(p->note, sizeof(p->note),
				 "%s has two rules: --%s wins over --%s (the stricter one)", c,
				 w[p->paths[i].kind], w[p->paths[i].kind == kind ? old : kind]);
		free(c);
		return 0;
	}
	n = realloc(p->paths, (p->npaths + 1) * sizeof(*n));
	if (!n) {
		free(c);
		return -ENOMEM;
	}
	p->paths = n;
	n[p->npaths].kind = kind;
	n[p->npaths].path = c;
	n[p->npaths].given = strdup(path);
	if (!n[p->npaths].given)
		return -ENOMEM;
	p->npaths++;
	return 0;
}

/* SRC:DST */
static int add_bind(struct tbx_policy *p, const char *arg, struct tbx_policy_err *err)
{
	const char *colon = strchr(arg, ':');
	struct tbx_bind b = { 0 }, *n;
	char src[PATH_MAX];

	if (!colon || colon == arg || !colon[1])
		return fail(err, "bind needs SRC:DST: '%s'", arg);
	snprintf(src, sizeof(src), "%.*s", (int)(colon - arg), arg);
	b.src = canonical(src);
	b.dst = canonical(colon + 1);
	b.text = malloc(strlen(arg) + 8);
	if (!b.src || !b.dst || !b.text) {
		free(b.src);
		free(b.dst);
		free(b.text);
		return fail(err, "bind: path too long: '%s'", arg);
	}
	snprintf(b.text, strlen(arg) + 8, "--bind %s", arg);
	n = realloc(p->binds, (p->nbinds + 1) * sizeof(*n));
	if (!n) {
		free(b.src);
		free(b.dst);
		free(b.text);
		return -ENOMEM;
	}
	p->binds = n;
	n[p->nbinds++] = b;
	return 0;
}

/* NAME[:ERRNO] */
static int add_deny_syscall(struct tbx_policy *p, const char *arg, bool kill,
			    struct tbx_policy_err *err)
{
	char name[128];
	const char *colon = strchr(arg, ':');
	struct tbx_sc_rule r = { .action = kill ? TBX_SC_KILL : TBX_SC_DENY, .err = 1 };
	char text[256];
	int v;

	snprintf(name, sizeof(name), "%.*s", colon ? (int)(colon - arg) : (int)strlen(arg), arg);
	v = syscall_nr(name, err);
	if (v < 0)
		return v;
	r.nr = v;
	if (colon) {
		if (kill)
			return fail(err, "kill-syscall takes no errno: '%s'", arg);
		v = errno_value(colon + 1, err);
		if (v < 0)
			return v;
		r.err = v;
	}
	snprintf(text, sizeof(text), "--%s %s", kill ? "kill-syscall" : "deny-syscall", arg);
	return add_sc(p, &r, text);
}

/* NAME=VALUE */
static int add_fake(struct tbx_policy *p, const char *arg, struct tbx_policy_err *err)
{
	const char *eq = strchr(arg, '=');
	struct tbx_sc_rule r = { .action = TBX_SC_FAKE, .has_value = true };
	char name[128], *end, text[256];
	int v;

	if (!eq)
		return fail(err, "fake needs NAME=VALUE: '%s'", arg);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
	v = syscall_nr(name, err);
	if (v < 0)
		return v;
	r.nr = v;
	r.value = strtoll(eq + 1, &end, 0);
	if (!eq[1] || *end)
		return fail(err, "fake value is not a number: '%s'", eq + 1);
	snprintf(text, sizeof(text), "--fake %s", arg);
	return add_sc(p, &r, text);
}

/* strace's SET:error=E|retval=V[:when=N[+[M]]] */
static int add_inject(struct tbx_policy *p, const char *arg, struct tbx_policy_err *err)
{
	char *copy = strdup(arg), *save = NULL, *w, text[512];
	struct tbx_sc_rule r = { .action = TBX_SC_INJECT, .first = 1, .step = 1 };
	uint8_t *set = NULL;
	bool have = false;
	int e = 0;

	if (!copy)
		return -ENOMEM;
	set = calloc((tbx_syscall_count() + 7) / 8, 1);
	if (!set) {
		free(copy);
		return -ENOMEM;
	}
	for (w = strtok_r(copy, ":", &save); w && !e; w = strtok_r(NULL, ":", &save)) {
		const char *bad = NULL;
		if (w == copy) {
			if (tbx_syscall_set_parse(w, set, &bad))
				e = fail(err, "inject: invalid system call set '%s'", w);
		} else if (!strncmp(w, "error=", 6)) {
			int v = errno_value(w + 6, err);
			if (v < 0)
				e = v;
			r.err = v;
			have = true;
		} else if (!strncmp(w, "retval=", 7)) {
			char *end;
			r.value = strtoll(w + 7, &end, 0);
			r.has_value = true;
			have = true;
			if (*end)
				e = fail(err, "inject: bad retval '%s'", w + 7);
		} else if (!strncmp(w, "when=", 5)) {
			char *end;
			unsigned long a = strtoul(w + 5, &end, 10), b = 0;
			if (*end == '+')
				b = end[1] ? strtoul(end + 1, &end, 10) : 1;
			else
				b = 0;	/* only the first-th call */
			if (*end || !a || a > 65535 || b > 65535)
				e = fail(err, "inject: bad when= '%s'", w + 5);
			r.first = (unsigned)a;
			r.step = (unsigned)b;
		} else {
			e = fail(err, "inject: unknown '%s' (error=, retval=, when=)", w);
		}
	}
	if (!e && !have)
		e = fail(err, "inject needs error= or retval=: '%s'", arg);
	snprintf(text, sizeof(text), "-e inject=%s", arg);
	for (unsigned nr = 0; !e && nr < tbx_syscall_count(); nr++) {
		if (!tbx_bit(set, nr))
			continue;
		r.nr = (long)nr;
		e = add_sc(p, &r, text);
	}
	free(set);
	free(copy);
	return e;
}

static int push_net(struct tbx_policy *p, const struct tbx_net_allow *a,
		    const char *host, const char *arg)
{
	struct tbx_net_allow *n = realloc(p->net, (p->nnet + 1) * sizeof(*n));
	size_t cap = strlen(arg) + 16;

	if (!n)
		return -ENOMEM;
	p->net = n;
	n += p->nnet;
	*n = *a;
	n->host = strdup(host);
	n->text = malloc(cap);
	if (!n->host || !n->text) {
		free(n->host);
		free(n->text);
		return -ENOMEM;
	}
	snprintf(n->text, cap, "--net-allow %s", arg);
	p->nnet++;
	return 0;
}

/* A host name: every address it resolves to now (IPv4 and IPv6), once,
 * when the policy is read; the kernel's checks are on addresses. */
static int push_resolved(struct tbx_policy *p, struct tbx_net_allow *a,
			 const char *host, const char *arg, struct tbx_policy_err *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *ai;
	unsigned added = 0;
	int e = getaddrinfo(host, NULL, &hints, &res);

	if (e)
		return fail(err, "net-allow: cannot resolve '%s': %s", host,
			    gai_strerror(e));
	for (ai = res; ai && !e; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET)
			memcpy(a->addr, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
		else if (ai->ai_family == AF_INET6)
			memcpy(a->addr, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
		else
			continue;
		a->family = ai->ai_family;
		e = push_net(p, a, host, arg);
		added += !e;
	}
	freeaddrinfo(res);
	if (!e && !added)
		return fail(err, "net-allow: '%s' has no IPv4 or IPv6 address", host);
	return e;
}

/* HOST:PORT, [V6]:PORT, NAME:PORT or *:PORT */
static int add_net_allow(struct tbx_policy *p, const char *arg, struct tbx_policy_err *err)
{
	struct tbx_net_allow a = { 0 };
	const char *colon = strrchr(arg, ':');
	char host[256], *end;
	unsigned long port;
	int e;

	if (!colon)
		return fail(err, "net-allow needs HOST:PORT: '%s'", arg);
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || !port || port > 65535)
		return fail(err, "net-allow: bad port in '%s'", arg);
	snprintf(host, sizeof(host), "%.*s", (int)(colon - arg), arg);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = 0;
	}
	a.port = (uint16_t)port;
	if (!strcmp(host, "*") || !*host)
		a.family = 0;
	else if (inet_pton(AF_INET, host, a.addr) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, host, a.addr) == 1)
		a.family = AF_INET6;
	else
		a.family = -1;	/* a name */
	e = a.family < 0 ? push_resolved(p, &a, host, arg, err) :
			   push_net(p, &a, host, arg);
	if (!e)
		p->no_net = true;	/* an allow-list implies everything else denied */
	return e;
}

static int set_profile(struct tbx_policy *p, const char *name, struct tbx_policy_err *err)
{
	if (strcmp(name, "default") && strcmp(name, "nonet") &&
	    strcmp(name, "readonly") && strcmp(name, "strict"))
		return fail(err, "unknown profile '%s' (default, nonet, readonly, strict)", name);
	free(p->profile);
	p->profile = strdup(name);
	if (!p->profile)
		return -ENOMEM;
	if (!strcmp(name, "nonet") || !strcmp(name, "strict"))
		p->no_net = true;
	if (!strcmp(name, "readonly") || !strcmp(name, "strict"))
		p->default_ro = true;
	if (!strcmp(name, "strict"))
		p->strict_exec = true;
	return 0;
}

static const struct {
	const char *word;
	int arity;
} words[] = {
	{ "deny", 1 }, { "ro", 1 }, { "hide", 1 }, { "rw", 1 }, { "bind", 1 }, { "no-net", 0 },
	{ "net-allow", 1 }, { "deny-syscall", 1 }, { "kill-syscall", 1 },
	{ "fake", 1 }, { "inject", 1 }, { "profile", 1 }, { "seccomp-profile", 1 },
};

int tbx_policy_word_arity(const char *word)
{
	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(word, words[i].word))
			return words[i].arity;
	return -1;
}

int tbx_policy_add(struct tbx_policy *p, const char *word, const char *arg,
		   struct tbx_policy_err *err)
{
	int arity = tbx_policy_word_arity(word);

	if (arity < 0)
		return fail(err, "unknown rule '%s'", word);
	if (arity && (!arg || !*arg))
		return fail(err, "'%s' needs an argument", word);
	if (!arity && arg && *arg)
		return fail(err, "'%s' takes no argument", word);
	if (!strcmp(word, "deny"))
		return add_path(p, TBX_PATH_DENY, arg, err);
	if (!strcmp(word, "ro"))
		return add_path(p, TBX_PATH_RO, arg, err);
	if (!strcmp(word, "hide"))
		return add_path(p, TBX_PATH_HIDE, arg, err);
	if (!strcmp(word, "rw"))
		return add_path(p, TBX_PATH_RW, arg, err);
	if (!strcmp(word, "bind"))
		return add_bind(p, arg, err);
	if (!strcmp(word, "no-net")) {
		p->no_net = true;
		return 0;
	}
	if (!strcmp(word, "net-allow"))
		return add_net_allow(p, arg, err);
	if (!strcmp(word, "deny-syscall"))
		return add_deny_syscall(p, arg, false, err);
	if (!strcmp(word, "kill-syscall"))
		return add_deny_syscall(p, arg, true, err);
	if (!strcmp(word, "fake"))
		return add_fake(p, arg, err);
	if (!strcmp(word, "inject"))
		return add_inject(p, arg, err);
	if (!strcmp(word, "profile"))
		return set_profile(p, arg, err);
	/* seccomp-profile */
	free(p->seccomp_profile);
	p->seccomp_profile = strdup(arg);
	return p->seccomp_profile ? 0 : -ENOMEM;
}

int tbx_policy_load(struct tbx_policy *p, const char *path, struct tbx_policy_err *err)
{
	FILE *f = fopen(path, "re");
	char line[4096];
	unsigned lineno = 0;
	int e = 0;

	if (!f) {
		e = -errno;
		snprintf(err->msg, sizeof(err->msg), "%s: %s", path, strerror(errno));
		return e;
	}
	while (!e && fgets(line, sizeof(line), f)) {
		char *s = line, *word, *arg, *end;
		struct tbx_policy_err sub;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			e = fail(err, "%s:%u: line too long", path, lineno);
			break;
		}
		s[strcspn(s, "\r\n")] = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		word = s;
		if (!strncmp(word, "--", 2))	/* "--deny X" is accepted too */
			word += 2;
		end = word + strcspn(word, " \t");
		arg = *end ? end + 1 : end;
		*end = 0;
		while (*arg == ' ' || *arg == '\t')
			arg++;
		/* trailing blanks are not part of a path */
		for (char *t = arg + strlen(arg); t > arg && (t[-1] == ' ' || t[-1] == '\t'); t--)
			t[-1] = 0;
		if (!strcmp(word, "e") && !strncmp(arg, "inject=", 7)) {
			word = "inject";
			arg += 7;
		}
		e = tbx_policy_add(p, word, *arg ? arg : NULL, &sub);
		if (e)
			snprintf(err->msg, sizeof(err->msg), "%s:%u: %s", path, lineno, sub.msg);
	}
	if (!e && ferror(f))
		e = fail(err, "%s: read error", path);
	fclose(f);
	return e;
}

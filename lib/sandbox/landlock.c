/* Landlock: path and TCP rules enforced by the kernel, race-free.
 *
 * Landlock only grants; it cannot subtract a subtree from a granted tree.
 * A rule "deny P" or "read-only P" inside an otherwise open filesystem is
 * therefore built as its complement (see docs/sandbox.md):
 *   - every strict ancestor A of a restricted path gets only the rights
 *     that all restricted paths beneath it allow (READ_DIR at least, so
 *     directories can still be listed; READ_FILE and EXECUTE too when the
 *     restricted paths beneath are read-only);
 *   - every other entry of such an ancestor gets the full rights;
 *   - a read-only path gets the read rights; a denied or hidden one none.
 * The result never grants what a rule forbids. It can refuse more than
 * asked: new entries cannot be created directly inside an ancestor of a
 * restricted path. What Landlock does not cover at all (stat, chmod,
 * chown, utime, xattr, readlink, chdir, listing a denied directory) is
 * checked by the tracer (lib/sandbox/paths.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/landlock.h>
#include "sandbox/sandbox.h"

/* Newer than the build machine's headers: kernel ABI, stable. */
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_RULE_NET_PORT 2
#define LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;	/* ABI 4 */
	uint64_t scoped;		/* ABI 6 */
};

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR | \
		 LANDLOCK_ACCESS_FS_EXECUTE)
/* rights that make sense on a file (the rest only on directories) */
#define FS_FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
			LANDLOCK_ACCESS_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

int tbx_landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

static uint64_t fs_rights(int abi)
{
	uint64_t r = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;	/* ABI 1 */

	if (abi >= 2)
		r |= LL_FS_REFER;
	if (abi >= 3)
		r |= LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= LL_FS_IOCTL_DEV;
	return r;
}

struct ll_ctx {
	int fd;
	uint64_t all;
	uint64_t mask;		/* rights that may be granted by tree rules */
	const struct tbx_path_rule *rules;
	unsigned nrules;
	bool default_ro;
	char *err;
	size_t errlen;
};

static int add_path(struct ll_ctx *c, const char *path, uint64_t rights)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;
	int fd, e = 0;

	if (!rights)
		return 0;
	fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;	/* vanished, or unreadable: nothing granted */
	if (fstat(fd, &st) || S_ISLNK(st.st_mode)) {
		close(fd);	/* a symlink's target has rules of its own */
		return 0;
	}
	pb.allowed_access = rights & c->all & c->mask;
	if (!S_ISDIR(st.st_mode))
		pb.allowed_access &= FS_FILE_RIGHTS;
	pb.parent_fd = fd;
	if (pb.allowed_access &&
	    syscall(SYS_landlock_add_rule, c->fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0) {
		e = -errno;
		snprintf(c->err, c->errlen, "landlock rule for %s: %s", path, strerror(errno));
	}
	close(fd);
	return e;
}

/* Is a a strict ancestor of b (both canonical)? */
static bool is_ancestor(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (!strcmp(a, "/"))
		return strcmp(b, "/") != 0;
	return !strncmp(a, b, n) && b[n] == '/';
}

static bool under(const char *a, const char *b)	/* a == b or a beneath b */
{
	return !strcmp(a, b) || is_ancestor(b, a);
}

/* Rights the tree at path may have from the restricting rules: the
 * base rights, cut by every restricted path at or above it. */
static uint64_t base_rights(const struct ll_ctx *c, const char *path)
{
	uint64_t r = c->default_ro ? FS_READ : c->all;

	for (unsigned i = 0; i < c->nrules; i++) {
		const struct tbx_path_rule *pr = &c->rules[i];
		if (!under(path, pr->path))
			continue;
		if (pr->kind == TBX_PATH_RW)
			r = c->all;
	}
	for (unsigned i = 0; i < c->nrules; i++) {
		const struct tbx_path_rule *pr = &c->rules[i];
		if (!under(path, pr->path))
			continue;
		if (pr->kind == TBX_PATH_RO)
			r &= FS_READ;
		else if (pr->kind == TBX_PATH_DENY || pr->kind == TBX_PATH_HIDE)
			r = 0;
	}
	return r;
}

/* Rights an ancestor of restricted paths keeps: what everything beneath
 * it may have in common, at least listing. */
static uint64_t ancestor_rights(const struct ll_ctx *c, const char *dir)
{
	uint64_t r = base_rights(c, dir) & FS_READ;

	for (unsigned i = 0; i < c->nrules; i++) {
		const struct tbx_path_rule *pr = &c->rules[i];
		if (!is_ancestor(dir, pr->path))
			continue;
		if (pr->kind == TBX_PATH_DENY || pr->kind == TBX_PATH_HIDE)
			r &= LANDLOCK_ACCESS_FS_READ_DIR;
	}
	return r;
}

/* Does any rule path lie strictly beneath dir? */
static bool has_rule_beneath(const struct ll_ctx *c, const char *dir)
{
	for (unsigned i = 0; i < c->nrules; i++)
		if (is_ancestor(dir, c->rules[i].path))
			return true;
	return false;
}

/* Grant dir's subtree, descending only where rules lie beneath. */
static int grant_tree(struct ll_ctx *c, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	int e = 0;

	if (!has_rule_beneath(c, dir))
		return add_path(c, dir, base_rights(c, dir));
	if (depth > 64)
		return -ELOOP;
	e = add_path(c, dir, ancestor_rights(c, dir));
	if (e)
		return e;
	d = opendir(dir);
	if (!d)
		return 0;
	while (!e && (de = readdir(d))) {
		char child[PATH_MAX];
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(child, sizeof(child), "%s/%s",
				     strcmp(dir, "/") ? dir : "", de->d_name) >= sizeof(child))
			continue;
		e = grant_tree(c, child, depth + 1);
	}
	closedir(d);
	return e;
}

int tbx_landlock_build(const struct tbx_landlock_spec *spec, int *fd_out,
		       char *err, size_t errlen)
{
	struct ll_ruleset_attr attr = { 0 };
	size_t attr_size = sizeof(attr.handled_access_fs);
	struct ll_ctx c = { .rules = spec->rules, .nrules = spec->nrules,
			    .default_ro = spec->default_ro, .err = err, .errlen = errlen };
	int abi = tbx_landlock_abi(), e;

	*fd_out = -1;
	if (!abi) {
		snprintf(err, errlen, "Landlock is not available on this kernel");
		return -EOPNOTSUPP;
	}
	c.all = fs_rights(abi);
	attr.handled_access_fs = spec->fs ? c.all : 0;
	if (spec->net && abi >= 4) {
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		attr_size = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (spec->scope_signals && abi >= 6) {
		attr.scoped = LL_SCOPE_SIGNAL;
		attr_size = sizeof(attr);
	}
	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped)
		return 0;	/* nothing for Landlock to do */
	c.fd = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
	if (c.fd < 0) {
		e = -errno;
		snprintf(err, errlen, "landlock_create_ruleset: %s", strerror(errno));
		return e;
	}
	c.mask = ~0ull;
	if (spec->exec_only)
		c.mask &= ~(uint64_t)LANDLOCK_ACCESS_FS_EXECUTE;
	e = attr.handled_access_fs ? grant_tree(&c, "/", 0) : 0;
	/* strict: execute rights on these files alone */
	for (unsigned i = 0; !e && spec->exec_only && i < spec->nexec; i++) {
		c.mask = ~0ull;
		e = add_path(&c, spec->exec_only[i],
			     LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE);
	}
	for (unsigned i = 0; !e && attr.handled_access_net && i < spec->nports; i++) {
		struct ll_net_port_attr np = { LL_NET_CONNECT_TCP, spec->ports[i] };
		if (syscall(SYS_landlock_add_rule, c.fd, LL_RULE_NET_PORT, &np, 0) < 0) {
			e = -errno;
			snprintf(err, errlen, "landlock port rule %u: %s", spec->ports[i],
				 strerror(errno));
		}
	}
	if (e) {
		close(c.fd);
		return e;
	}
	*fd_out = c.fd;
	return 0;
}

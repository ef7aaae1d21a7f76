/* Docker/OCI seccomp profiles (the JSON of `docker run --security-opt
 * seccomp=FILE`, the "seccomp" object of an OCI config.json), read unchanged
 * and turned into libseccomp rules.
 *
 * Two steps, because the default action is fixed when the filter context is
 * created:
 *
 *	struct tbx_oci_profile *p;
 *	if (tbx_oci_parse(path, NULL, &p, err, sizeof(err)) < 0) ...   // file:line:col: why
 *	scmp_filter_ctx ctx = seccomp_init(tbx_oci_default_action(p));
 *	if (tbx_oci_apply(p, ctx, &opts, &stats, err, sizeof(err)) < 0) ...
 *	tbx_oci_free(p);
 *
 * Semantics follow Docker (moby + runc), so a profile behaves as it does
 * under `docker run`:
 *  - "includes"/"excludes" are evaluated against a capability set given by
 *    the caller (Docker uses the container's bounding set), the arch
 *    "amd64" (Go's name for x86_64, as Docker spells it) and the running
 *    kernel's major.minor for "minKernel". A group is used when every
 *    include holds (all listed caps present) and no exclude does (any
 *    listed cap present excludes it).
 *  - Syscall names unknown to libseccomp and to tracebox's own x86_64 table
 *    are skipped and counted, not fatal (newer profiles name newer calls).
 *  - A rule whose action equals the filter's default action is a no-op and
 *    is skipped (libseccomp refuses it).
 *  - Several "args" on the same argument index become one rule per
 *    condition (OR), as runc does; otherwise all conditions are ANDed.
 *  - "errnoRet" is the errno of SCMP_ACT_ERRNO (EPERM when absent) and the
 *    message data of SCMP_ACT_TRACE; other actions ignore it.
 *  - Unknown JSON keys are ignored (as Go's decoder does); unknown actions,
 *    operators, flags and malformed values are errors.
 *  - SCMP_ACT_NOTIFY is refused: it needs a seccomp agent tracebox is not.
 *
 * Architectures: tracebox kills i386 (int $0x80) and x32 calls in its
 * filter, whatever the profile says, because its decoders and path checks
 * see only native calls. Docker's profiles ask for SCMP_ARCH_X86 and
 * SCMP_ARCH_X32 (through "archMap" or "architectures");
 * tbx_oci_arches() reports what was asked, and tbx_oci_apply() adds those
 * arches to the context only when opts->compat_arches is set. Left unset,
 * the context holds only x86_64 and libseccomp's bad-arch action (set by
 * the caller, SCMP_FLTATR_ACT_BADARCH) decides every i386/x32 call.
 * Names libseccomp does not know but tracebox's x86_64 table does (calls
 * newer than the installed libseccomp) are added natively; with compat
 * arches in the filter libseccomp cannot place them, so they are skipped
 * and counted as unknown then, which is what Docker does.
 *
 * Nothing here prints: errors are written to err (NUL-terminated, truncated
 * to errlen) and returned as a negative errno.
 */
#ifndef TBX_POLICY_OCI_H
#define TBX_POLICY_OCI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <seccomp.h>

struct tbx_oci_profile;

/* Parse and validate a profile. From text if text is not NULL (path, or
 * "<profile>" when path is NULL, then only names it in messages), else from
 * the file at path. Errors: "PATH:LINE:COL: message", with the JSON path of
 * the offending value for semantic errors, e.g.
 *   "p.json:40:14: syscalls[12].action: unknown action \"SCMP_ACT_FOO\"".
 * Returns 0 and *out, or -EINVAL (bad JSON or profile), -errno of reading
 * the file, -ENOMEM. */
int tbx_oci_parse(const char *path, const char *text,
		  struct tbx_oci_profile **out, char *err, size_t errlen);

/* The JSON text of a built-in profile ("default": Docker's default
 * profile, data/seccomp/default.json embedded at build time), or NULL. */
const char *tbx_oci_builtin(const char *name);

/* defaultAction with defaultErrnoRet folded in, for seccomp_init(). */
uint32_t tbx_oci_default_action(const struct tbx_oci_profile *p);

/* Arches the profile asks for on an x86_64 host. */
enum {
	TBX_OCI_ARCH_X86_64 = 1 << 0,
	TBX_OCI_ARCH_X86 = 1 << 1,	/* i386 */
	TBX_OCI_ARCH_X32 = 1 << 2,
};
unsigned tbx_oci_arches(const struct tbx_oci_profile *p);

/* Syscall names of the profile that neither libseccomp nor tracebox know,
 * each once: i = 0, 1, ... until NULL. */
const char *tbx_oci_unknown_name(const struct tbx_oci_profile *p, unsigned i);

#define TBX_OCI_CAPS_NONE 0ULL			/* an unprivileged user */
#define TBX_OCI_CAPS_ALL (~0ULL)		/* root with every capability */
#define TBX_OCI_KERNEL(major, minor) (((unsigned)(major) << 16) | (unsigned)(minor))

struct tbx_oci_apply_opts {
	size_t sz;		/* sizeof(struct tbx_oci_apply_opts) */
	uint64_t caps;		/* bit CAP_X set = capability present */
	unsigned kernel;	/* TBX_OCI_KERNEL(); 0 = the running kernel */
	bool compat_arches;	/* add SCMP_ARCH_X86/X32 if the profile asks */
};

struct tbx_oci_stats {
	unsigned rules;		/* libseccomp rules added */
	unsigned unknown;	/* names skipped: unknown syscall */
	unsigned filtered;	/* groups left out by includes/excludes */
	unsigned same_as_default;	/* groups skipped: action = default */
};

/* Add the profile's rules (and its "flags" as filter attributes) to ctx,
 * which the caller created with seccomp_init(tbx_oci_default_action(p)) or
 * another default of its choosing. opts NULL = no capabilities, running
 * kernel, native arch only. stats may be NULL. Returns 0, -EINVAL with err
 * set when libseccomp refuses a rule, -ENOMEM. */
int tbx_oci_apply(const struct tbx_oci_profile *p, scmp_filter_ctx ctx,
		  const struct tbx_oci_apply_opts *opts, struct tbx_oci_stats *stats,
		  char *err, size_t errlen);

/* The calling process's effective capability set, for opts.caps. */
/* The action the profile takes on native syscall nr for these caps
 * (kernel 0 = the running one): a group's unconditional action, the
 * default action, or TBX_OCI_CONDITIONAL when it depends on arguments. */
#define TBX_OCI_CONDITIONAL UINT32_MAX
uint32_t tbx_oci_action(const struct tbx_oci_profile *p, long nr, uint64_t caps,
			unsigned kernel);

int tbx_oci_caps_self(uint64_t *caps);

void tbx_oci_free(struct tbx_oci_profile *p);

#endif

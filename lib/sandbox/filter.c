/* The sandbox's seccomp filter: syscall rules enforced by the kernel with
 * no stop at all, SECCOMP_RET_TRACE only where the tracer must look.
 *
 * Besides the user's rules it always closes the ways out of a ptrace
 * sandbox (docs/sandbox.md):
 *   - user namespaces, setns, chroot (a private root or view of the
 *     filesystem the tracer's path checks would not see);
 *   - calls of another arch (i386 int $0x80, x32) kill the process: the
 *     rules below are written for x86_64 numbers and would not hold;
 *   - clone with CLONE_UNTRACED, and clone3 (its flags live in memory the
 *     filter cannot read: ENOSYS, and libc falls back to clone);
 *   - seccomp filters with a user-notification listener (RET_USER_NOTIF
 *     outranks RET_TRACE: a tracee could hide its calls from us);
 *   - ptrace, process_vm_readv/writev, pidfd_getfd (reaching into other
 *     processes, the tracer among them), userfaultfd (stalling the kernel
 *     mid-copy), io_uring (calls that no filter or tracer sees),
 *     open_by_handle_at / name_to_handle_at (opening files without a path).
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include "sandbox/sandbox.h"
#include "policy/policy.h"
#include "engine/engine.h"
#include "syscallent.h"

#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef CLONE_UNTRACED
#define CLONE_UNTRACED 0x00800000
#endif

static int rule(scmp_filter_ctx ctx, uint32_t act, int nr, unsigned n,
		const struct scmp_arg_cmp *cmp)
{
	int e = seccomp_rule_add_array(ctx, act, nr, n, cmp);

	/* a rule that is already there, or that only repeats the default
	 * action (libseccomp says EACCES), changes nothing */
	return e == -EEXIST || e == -EACCES ? 0 : e;
}

/* Always-on escape closures. */
static int escapes(scmp_filter_ctx ctx, bool log, bool ptrace_stops)
{
	static const int deny_eperm[] = {
		TBX_NR64_ptrace, TBX_NR64_process_vm_readv, TBX_NR64_process_vm_writev,
		TBX_NR64_pidfd_getfd, TBX_NR64_userfaultfd, TBX_NR64_io_uring_setup,
		TBX_NR64_io_uring_enter, TBX_NR64_io_uring_register,
		TBX_NR64_open_by_handle_at, TBX_NR64_name_to_handle_at,
		TBX_NR64_kexec_load, TBX_NR64_kexec_file_load,
	};
	struct scmp_arg_cmp untraced = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_UNTRACED, CLONE_UNTRACED);
	struct scmp_arg_cmp listener[2] = {
		SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
		SCMP_A1(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			SECCOMP_FILTER_FLAG_NEW_LISTENER),
	};
	struct scmp_arg_cmp newuser_a0 = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER);
	uint32_t eperm = log ? SCMP_ACT_TRACE(1) : SCMP_ACT_ERRNO(EPERM);
	int e = 0;

	/* first rule wins: --stealth fakes a success, the hook denies the
	 * rest; never runs */
	if (ptrace_stops)
		e = rule(ctx, SCMP_ACT_TRACE(1), TBX_NR64_ptrace, 0, NULL);
	for (unsigned i = 0; !e && i < sizeof(deny_eperm) / sizeof(deny_eperm[0]); i++)
		e = rule(ctx, eperm, deny_eperm[i], 0, NULL);
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_clone, 1, &untraced);
	if (!e)
		/* not logged: libc falls back to clone for every thread */
		e = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), TBX_NR64_clone3, 0, NULL);
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_seccomp, 2, listener);
	/* a user namespace would give the program CAP_SYS_CHROOT and
	 * friends over a view of the filesystem the tracer does not share */
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_unshare, 1, &newuser_a0);
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_clone, 1, &newuser_a0);
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_setns, 0, NULL);
	if (!e)
		e = rule(ctx, eperm, TBX_NR64_chroot, 0, NULL);
	return e;
}

/* --no-net: sockets only of AF_UNIX; with --net-allow also TCP over
 * AF_INET/AF_INET6 (Landlock then limits the ports, the tracer the
 * hosts). */
static int no_net(scmp_filter_ctx ctx, bool tcp, bool log)
{
	uint32_t act = log ? SCMP_ACT_TRACE(1) : SCMP_ACT_ERRNO(EACCES);
	int e = 0;

	for (unsigned dom = 0; !e && dom <= 64; dom++) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, dom);
		if (dom == AF_UNIX || (tcp && (dom == AF_INET || dom == AF_INET6)))
			continue;
		e = rule(ctx, act, TBX_NR64_socket, 1, &c);
	}
	if (!e) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_GT, 64);
		e = rule(ctx, act, TBX_NR64_socket, 1, &c);
	}
	for (unsigned type = 2; !e && tcp && type <= 10; type++) {
		/* not SOCK_STREAM: UDP, raw, packet... are not allowed */
		struct scmp_arg_cmp c[2] = {
			SCMP_A0(SCMP_CMP_EQ, AF_INET), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, type),
		};
		e = rule(ctx, act, TBX_NR64_socket, 2, c);
		c[0] = (struct scmp_arg_cmp)SCMP_A0(SCMP_CMP_EQ, AF_INET6);
		if (!e)
			e = rule(ctx, act, TBX_NR64_socket, 2, c);
	}
	/* connect of an allowed TCP socket: the tracer checks the host */
	if (!e && tcp)
		e = rule(ctx, SCMP_ACT_TRACE(1), TBX_NR64_connect, 0, NULL);
	/* TCP Fast Open connects from sendto/sendmsg, with no connect() */
	if (!e && tcp) {
		struct scmp_arg_cmp a3 = SCMP_A3(SCMP_CMP_MASKED_EQ, MSG_FASTOPEN, MSG_FASTOPEN);
		struct scmp_arg_cmp a2 = SCMP_A2(SCMP_CMP_MASKED_EQ, MSG_FASTOPEN, MSG_FASTOPEN);
		e = rule(ctx, act, TBX_NR64_sendto, 1, &a3);
		if (!e)
			e = rule(ctx, act, TBX_NR64_sendmmsg, 1, &a3);
		if (!e)
			e = rule(ctx, act, TBX_NR64_sendmsg, 1, &a2);
	}
	return e;
}

int tbx_sandbox_filter_build(const struct tbx_sandbox_filter_spec *s, void **out)
{
	const struct tbx_policy *p = s->policy;
	scmp_filter_ctx ctx;
	int e;

	ctx = seccomp_init(s->default_action);
	if (!ctx)
		return -ENOMEM;
	e = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (!e)
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/* a binary tree of syscall numbers: every call of the program runs
	 * the filter, a few hundred rules must not mean a linear scan */
	if (!e)
		e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	/* libseccomp keeps the first rule added for a syscall and ignores
	 * later ones with another action: the escape closures come first,
	 * then the user's rules, then the profile. */
	if (!e)
		e = escapes(ctx, s->log, s->ptrace_stops);
	for (unsigned i = 0; !e && i < p->nsc; i++) {
		const struct tbx_sc_rule *r = &p->sc[i];
		uint32_t act;

		switch (r->action) {
		case TBX_SC_KILL:
			act = SCMP_ACT_KILL_PROCESS;
			break;
		case TBX_SC_DENY:
			act = s->log ? SCMP_ACT_TRACE(1) : SCMP_ACT_ERRNO((uint32_t)r->err);
			break;
		default:
			act = SCMP_ACT_TRACE(1);
		}
		e = rule(ctx, act, (int)r->nr, 0, NULL);
	}
	if (!e && p->no_net)
		e = no_net(ctx, p->nnet > 0, s->log);
	/* Path calls stop in the tracer, except those the profile refuses
	 * anyway: the kernel keeps refusing them. */
	for (unsigned i = 0; !e && s->trace_set && i < tbx_nsysent64; i++) {
		uint32_t pa = s->profile_action ? s->profile_action((long)i, s->profile_ctx) :
			      SCMP_ACT_ALLOW;
		if (tbx_bit(s->trace_set, i) &&
		    (pa == SCMP_ACT_ALLOW || pa == SCMP_ACT_LOG))
			e = rule(ctx, SCMP_ACT_TRACE(1), (int)i, 0, NULL);
	}
	if (!e && s->profile_apply)
		e = s->profile_apply(ctx, s->profile_ctx);
	if (!e)
		e = tbx_filter_export(ctx, out);
	seccomp_release(ctx);
	return e < 0 ? e : e ? -EINVAL : 0;
}

#!/bin/sh
# The attack suite, getting out from under the tracer: untraced children,
# killing or reaching into the tracer, the tracee's own seccomp listener,
# foreign-ABI calls, setuid, mounts, chroot, user namespaces. Each escapes
# without tracebox (else skipped with the reason) and is blocked under
# `tracebox run` (see sandbox_lib.inc).
# unprivileged: yes
set -u
. "$TESTS/t/sandbox_lib.inc"
D="--deny $F/secret"
K=$F/secret/key

for m in untraced clone3 clone3u vfork; do
	attack "clone $m" "$D" "$P/attack_clone" $m "$K"
done
# the baseline runs under a dummy parent (sh), which it kills or traces
for m in ppid tracer stop pidfd sigio; do
	BASE_WRAP=parent attack "kill $m" "$D" "$P/attack_kill" $m "$K"
done
for m in attach seize vmread vmwrite getfd procmem; do
	BASE_WRAP=parent attack "ptrace-like $m of the parent" "$D" "$P/attack_ptrace" $m
done
attack "seccomp RET_USER_NOTIF listener" "$D" "$P/attack_notif"
# foreign ABIs: killed by the filter (SIGSYS, 128+31) before any output,
# whether or not this kernel runs them
for m in i386 x32; do
	fixture
	base=$("$P/attack_abi" $m "$K" 2>&1)
	EXPECT=killed WANT_RC=159 sandboxed "abi $m (baseline: ${base%% *})" "$D" "$P/attack_abi" $m "$K"
	if ! grep -q 'killed by SIGSYS' "$WORK/log"; then
		fail "abi $m: no 'killed by SIGSYS' log line: $(cat "$WORK/log")"
	fi
done
# privileges through a setuid-root binary (root makes it; nobody runs it)
if [ "$uid" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	S=$WORK/suid
	mkdir -p "$S" && chmod 755 "$S"
	cp "$P/attack_setuid" "$S/" && chown root "$S/attack_setuid" && chmod 4755 "$S/attack_setuid"
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	base=$(asnobody "$S/attack_setuid")
	case $base in
	ESCAPED*)
		out=$(asnobody "$TRACEBOX" run -q -- "$S/attack_setuid" 2>&1)
		case $out in
		"blocked euid 65534"*) row "setuid-root binary (as nobody)" "ok: $out"; npass=$((npass + 1)) ;;
		*) row "setuid-root binary (as nobody)" "FAIL: $out"; fail "setuid: $out" ;;
		esac
		;;
	*) row "setuid-root binary (as nobody)" "skip (baseline: $base)"; nskip=$((nskip + 1)) ;;
	esac
else
	row "setuid-root binary (as nobody)" "skip (needs root to make it)"
	nskip=$((nskip + 1))
fi
# mounts and chroot: root's powers, and a user namespace's
attack "mount tmpfs over the denied dir" "$D" "$P/attack_mount" tmpfs "$F/secret"
attack "bind-mount the denied dir" "$D" "$P/attack_mount" bind "$F/secret" "$F/pub"
attack "chroot escape" "$D" "$P/attack_mount" chroot "$K" "$F/pub"
attack "userns + bind-mount" "$D" "$P/attack_mount" userns_bind "$F/secret" "$F/pub"
# in a chroot (allowed in a new user namespace) absolute paths mean
# something else to the tracee than to a tracer resolving them itself
attack "userns+chroot read (deny)" "$D" "$P/attack_mount" userns_chroot "$F" read /secret/key
attack "userns+chroot stat (deny)" "$D" "$P/attack_mount" userns_chroot "$F" stat /secret/key
attack "userns+chroot stat (hide)" "--hide $F/hidden" "$P/attack_mount" userns_chroot "$F" stat /hidden/file
attack "userns+chroot chmod (ro)" "--ro $F/ro" "$P/attack_mount" userns_chroot "$F" chmod /ro/file
attack "userns+chroot unlink (ro)" "--ro $F/ro" "$P/attack_mount" userns_chroot "$F" unlink /ro/file
finish

#!/bin/sh
# The attack suite, paths: every way of reaching a --deny'd (or --ro)
# file that tests/progs/attack_*.c know. Each escapes without tracebox
# (else skipped, with the reason) and is blocked under `tracebox run`
# (see sandbox_lib.inc). Protected: $WORK/f/secret (--deny; key holds a
# marker; true is a copy of /bin/true), $WORK/f/ro (--ro), $WORK/f/pub open.
# unprivileged: yes
set -u
. "$TESTS/t/sandbox_lib.inc"
D="--deny $F/secret"
DK="--deny $F/secret/key"
H="--hide $F/secret"
RO="--ro $F/ro"

# TOCTOU: a thread flips the path buffer under the check
attack "toctou read (deny dir)" "$D" "$P/attack_toctou" read "$F/secret/key" "$F/pub/file"
attack "toctou stat (deny dir)" "$D" "$P/attack_toctou" stat "$F/secret/key" "$F/pub"
attack "toctou stat (hide)" "$H" "$P/attack_toctou" stat "$F/secret/key" "$F/pub"
attack "toctou chmod (ro)" "$RO" "$P/attack_toctou" chmod "$F/ro/file" "$F/pub/file"
# symlink swaps
attack "symlink race read (deny)" "$D" "$P/attack_symlink" read "$F/secret/key" "$F/pub/file" "$F/pub"
attack "symlink race stat (deny)" "$D" "$P/attack_symlink" stat "$F/secret/key" "$F/pub" "$F/pub"
attack "symlink race chmod (ro)" "$RO" "$P/attack_symlink" chmod "$F/ro/file" "$F/pub/file" "$F/pub"
# spellings, relative paths, /proc
for m in spell chdir openat proc_root proc_cwd proc_fd opath; do
	attack "path $m (deny dir)" "$D" "$P/attack_path" $m "$F/secret/key"
	attack "path $m (deny file)" "$DK" "$P/attack_path" $m "$F/secret/key"
	attack "path $m (hide)" "$H" "$P/attack_path" $m "$F/secret/key"
done
# other names
for m in hardlink rename symlink linkat_follow; do
	attack "link $m (deny dir)" "$D" "$P/attack_link" $m "$F/secret/key" "$F/pub"
done
attack "link hardlink (deny file)" "$DK" "$P/attack_link" hardlink "$F/secret/key" "$F/pub"
attack "openat2 (deny dir)" "$D" "$P/attack_openat2" "$F/secret/key"
attack "openat2 (deny file)" "$DK" "$P/attack_openat2" "$F/secret/key"
# file handles: the handle is taken outside, so only open_by_handle_at
# stands between the program and the file
fixture
hnd=$("$P/attack_handle" --print "$F/secret/key" 2>/dev/null)
attack "name_to_handle_at+open_by_handle_at" "$D" "$P/attack_handle" "$F/secret/key" "${hnd:-0:00}"
attack "io_uring openat+read" "$D" "$P/attack_iouring" "$F/secret/key"
for m in execve execveat fexecve procfd; do
	attack "exec $m (deny dir)" "$D" "$P/attack_exec" $m "$F/secret/true"
done
finish

#!/bin/sh
# Check lib/xlat/*.in against this machine's system headers.
#
# usage: tools/check-xlat.sh [-v] [FILE.in...]     (default: lib/xlat/*.in)
#
# Each table lists the headers its constants come from as "#include <...>"
# comment lines.  For every table a small C program is generated that
# includes exactly those headers (so kernel and glibc headers that clash
# are never mixed in one program), compares each NAME with the VALUE written
# in the file, and for errnos also compares the description with strerror().
# -v prints every value checked.  Finally the tables are run through
# tools/gen-xlat.py and the result is compiled with -Wall -Wextra -Werror.
#
# Exit status 0 if everything matches, 1 otherwise.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
all=0
if [ $# -eq 0 ]; then all=1; set -- "$top"/lib/xlat/*.in; fi
CC=${CC:-gcc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-xlat.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Constants that cannot be checked here, one "table NAME" per line, each with
# the reason.  Keep this list short: anything that is in the headers must be
# checked.
cat >"$tmp/skip" <<'EOF'
# Kernel-internal errno values (include/linux/errno.h), never in userspace headers.
errnos ERESTARTSYS
errnos ERESTARTNOINTR
errnos ERESTARTNOHAND
errnos ENOIOCTLCMD
errnos ERESTART_RESTARTBLOCK
errnos EPROBE_DEFER
errnos EOPENSTALE
errnos ENOPARAM
errnos EBADHANDLE
errnos ENOTSYNC
errnos EBADCOOKIE
errnos ENOTSUPP
errnos ETOOSMALL
errnos ESERVERFAULT
errnos EBADTYPE
errnos EJUKEBOX
errnos EIOCBQUEUED
errnos ERECALLCONFLICT
# Kernel-internal MSG_* bits (include/linux/socket.h, not uapi/glibc).
msg_flags MSG_SENDPAGE_NOTLAST
msg_flags MSG_NO_SHARED_FRAGS
msg_flags MSG_CMSG_COMPAT
# SOL_* levels defined only in the kernel's include/linux/socket.h.
sock_levels SOL_SCTP
sock_levels SOL_UDPLITE
sock_levels SOL_IPX
sock_levels SOL_AX25
sock_levels SOL_ATALK
sock_levels SOL_NETROM
sock_levels SOL_ROSE
sock_levels SOL_NETBEUI
# In <linux/in.h> only, which cannot be mixed with glibc's <netinet/in.h>.
inet_protocols IPPROTO_L2TP
# SCHED_ISO is reserved (value 4) but has never been defined in any header.
sched_policies SCHED_ISO
# Newer than the Linux 6.1 / glibc 2.36 headers of Debian 12:
mmap_type MAP_DROPPABLE
mmap_flags MAP_ABOVE4G
madvise MADV_GUARD_INSTALL
madvise MADV_GUARD_REMOVE
si_codes_segv SEGV_CPERR
msg_flags MSG_SOCK_DEVMEM
sock_levels SOL_VSOCK
sock_options SO_PASSPIDFD
sock_options SO_PEERPIDFD
fcntl_cmds F_DUPFD_QUERY
fcntl_cmds F_CREATED_QUERY
seal_flags F_SEAL_EXEC
statx_masks STATX_MNT_ID_UNIQUE
statx_masks STATX_SUBVOL
statx_masks STATX_WRITE_ATOMIC
statx_masks STATX_DIO_READ_ALIGN
statx_attrs STATX_ATTR_WRITE_ATOMIC
memfd_flags MFD_NOEXEC_SEAL
memfd_flags MFD_EXEC
prctl_options PR_SET_MDWE
prctl_options PR_GET_MDWE
prctl_options PR_SET_MEMORY_MERGE
prctl_options PR_GET_MEMORY_MERGE
prctl_options PR_RISCV_V_SET_CONTROL
prctl_options PR_RISCV_V_GET_CONTROL
prctl_options PR_RISCV_SET_ICACHE_FLUSH_CTX
prctl_options PR_PPC_GET_DEXCR
prctl_options PR_PPC_SET_DEXCR
prctl_options PR_GET_SHADOW_STACK_STATUS
prctl_options PR_SET_SHADOW_STACK_STATUS
prctl_options PR_LOCK_SHADOW_STACK_STATUS
prctl_options PR_TIMER_CREATE_RESTORE_IDS
prctl_options PR_FUTEX_HASH
prctl_options PR_GET_AUXV
arch_prctl_codes ARCH_GET_UNTAG_MASK
arch_prctl_codes ARCH_ENABLE_TAGGED_ADDR
arch_prctl_codes ARCH_GET_MAX_TAG_BITS
arch_prctl_codes ARCH_FORCE_TAGGED_SVA
arch_prctl_codes ARCH_SHSTK_ENABLE
arch_prctl_codes ARCH_SHSTK_DISABLE
arch_prctl_codes ARCH_SHSTK_LOCK
arch_prctl_codes ARCH_SHSTK_UNLOCK
arch_prctl_codes ARCH_SHSTK_STATUS
sched_policies SCHED_EXT
ptrace_requests PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG
ptrace_requests PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG
membarrier_cmds MEMBARRIER_CMD_GET_REGISTRATIONS
bpf_cmds BPF_TOKEN_CREATE
EOF

# Names printed differently from the header macro: "table NAME C-expression".
cat >"$tmp/alias" <<'EOF'
# The kernel headers call it FASYNC; O_ASYNC is glibc's name for it.
open_flags FASYNC FASYNC
# glibc's old name for the same bit.
msg_flags MSG_PROBE MSG_PROXY
# strace prints PTRACE_PEEKUSER/POKEUSER; the kernel header says ...USR.
ptrace_requests PTRACE_PEEKUSER PTRACE_PEEKUSR
ptrace_requests PTRACE_POKEUSER PTRACE_POKEUSR
# The kernel header has SCHED_NORMAL only.
sched_policies SCHED_OTHER SCHED_NORMAL
EOF

python3 - "$tmp" "$all" "$@" <<'PYEOF'
import os, re, sys
tmp, check_lists, files = sys.argv[1], sys.argv[2] == '1', sys.argv[3:]
def load(name):
    out = {}
    for l in open(os.path.join(tmp, name)):
        w = l.split()
        if w and not w[0].startswith('#'):
            out[(w[0], w[1])] = w[2] if len(w) > 2 else True
    return out
skip, alias = load('skip'), load('alias')
used = set()
def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
lst = open(os.path.join(tmp, 'list'), 'w')
for path in files:
    table = os.path.basename(path)[:-3]
    incs, checks = [], []
    for lineno, raw in enumerate(open(path), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith('#'):
            m = re.match(r'#\s*include\s*(<[^>]+>|"[^"]+")', line)
            if m:
                incs.append(m.group(1))
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            continue            # gen-xlat.py reports it
        name, val = parts[0], parts[1]
        desc = parts[2] if len(parts) > 2 else None
        if (table, name) in skip:
            used.add((table, name))
            continue
        expr = alias.get((table, name), name)
        if expr is not True:
            used.add((table, name))
        checks.append((lineno, name, expr, val, desc))
    c = os.path.join(tmp, table + '.c')
    with open(c, 'w') as f:
        f.write('#define _GNU_SOURCE\n')
        for i in incs:
            f.write('#include %s\n' % i)
        f.write('#include <stdio.h>\n#include <string.h>\n')
        f.write('int main(int argc, char **argv)\n{\n\tint bad = 0, v = argc > 1;\n\t(void)argv;\n')
        for lineno, name, expr, val, desc in checks:
            where = cstr('%s:%d: %s' % (path, lineno, name))
            f.write('\tif (v) printf("%%s = %%lld (file: %%s)\\n", %s, (long long)(%s), %s);\n'
                    % (where, expr, cstr(val)))
            f.write('\tif (!((%s) == (%s))) { printf("%%s: header value %%lld, file says %%s\\n", %s, (long long)(%s), %s); bad++; }\n'
                    % (expr, val, where, expr, cstr(val)))
            if table == 'errnos' and desc is not None:
                f.write('\tif (strcmp(strerror(%s), %s)) { printf("%%s: strerror says \\"%%s\\", file says %%s\\n", %s, strerror(%s), %s); bad++; }\n'
                        % (expr, cstr(desc), where, expr, cstr(cstr(desc))))
        f.write('\treturn bad != 0;\n}\n')
    lst.write('%s %s %d %d\n' % (table, path, len(incs), len(checks)))
lst.close()
for k in sorted(set(skip) | set(alias)) if check_lists else []:
    if k not in used:
        print('check-xlat: note: list entry %s %s matches nothing' % k)
PYEOF

status=0
nchk=0
while read -r table path nincs nchecks; do
	if [ "$nincs" -eq 0 ]; then
		echo "$path: no '#include <header>' line: cannot check"
		status=1
		continue
	fi
	if ! $CC -w -o "$tmp/$table" "$tmp/$table.c" 2>"$tmp/$table.err"; then
		echo "$path: check program does not compile (missing constant?):"
		grep -E 'error' "$tmp/$table.err" | sed 's/^/    /'
		status=1
		continue
	fi
	if [ $verbose -eq 1 ]; then
		"$tmp/$table" -v || status=1
	else
		"$tmp/$table" || status=1
	fi
	nchk=$((nchk + nchecks))
done <"$tmp/list"

# The generated C must build cleanly.  -Wno-comment: lib/xlat/xlat.h has
# "lib/xlat/*.in" inside a comment, which -Wall (-Wcomment) rejects.
if python3 "$top/tools/gen-xlat.py" "$tmp/xlat_gen.c" "$tmp/xlat_gen.h" "$@"; then
	if ! $CC -std=c99 -Wall -Wextra -Werror -Wno-comment -c -I "$top/lib" -I "$tmp" \
	     -o "$tmp/xlat_gen.o" "$tmp/xlat_gen.c"; then
		echo "check-xlat: generated tables do not compile"
		status=1
	fi
else
	echo "check-xlat: gen-xlat.py rejected the tables"
	status=1
fi

ntab=$(wc -l <"$tmp/list")
if [ $status -eq 0 ]; then
	echo "check-xlat: OK: $ntab tables, $nchk constants checked against system headers"
else
	echo "check-xlat: FAILED"
fi
exit $status

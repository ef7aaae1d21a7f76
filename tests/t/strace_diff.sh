#!/bin/sh
# Differential test against strace: the same workloads under
# "strace -f -o A" and "tracebox trace -f -o B", normalised (pids become
# P1, P1.1... by who created whom; hex and pointer-sized numbers become
# ADDR; unfinished/resumed halves are joined; alignment is squeezed).
# (a) For the deterministic workloads (ls, cat) each process's sequence
#     of syscall names must be identical.
# (b) Prints "strace-identical: NN.N% (M/N lines)" per workload and
#     overall, and fails if overall < 95% (random bytes and timing make up the rest).
# The per-workload diffs are left in $WORK/diff.NAME; the 10 syscalls
# that differ most often are printed.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
command -v strace >/dev/null 2>&1 || { echo "strace not installed"; exit 77; }
PY=
for p in python3 /usr/bin/python3; do
	"$p" -c pass 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "no usable python3"; exit 77; }

bad=0
workloads="ls cat sh threads forkexec"
run() {	# name command...
	name=$1
	shift
	timeout 60 strace -f -o "$WORK/$name.strace" -- "$@" >/dev/null 2>"$WORK/$name.serr"
	src=$?
	timeout 60 "$TRACEBOX" trace -f -o "$WORK/$name.tbx" -- "$@" >/dev/null 2>"$WORK/$name.terr"
	trc=$?
	if [ $src != $trc ]; then
		echo "FAIL: $name: strace exited $src, tracebox $trc"
		bad=1
	fi
}
run ls /bin/ls -la /
run cat /bin/cat /etc/passwd
run sh /bin/sh -c 'echo hi | cat'
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c pass 2>/dev/null; then
	run python3 /usr/bin/python3 -c pass
	workloads="$workloads python3"
fi
run threads "$P/many" 8 0
run forkexec "$P/thr_fork" "$P/true_prog"

"$PY" - "$WORK" "ls cat" $workloads <<'PYEOF'
import collections, difflib, re, sys

work, deterministic, names = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
LINE = re.compile(r'^(\d+) +(.*)$')
RESUMED = re.compile(r'^<\.\.\. ([a-z_0-9]+) resumed>(.*)$')
CALL = re.compile(r'^([a-z_0-9]+)\(')
UNFINISHED = ' <unfinished ...>'
FORKS = {'clone', 'clone3', 'fork', 'vfork'}

def parse(path):
    """[(pid, text)] with unfinished/resumed halves joined at the resume"""
    out, pending = [], {}
    for raw in open(path, errors='replace'):
        m = LINE.match(raw.rstrip('\n'))
        if not m:
            continue
        pid, text = int(m.group(1)), m.group(2)
        r = RESUMED.match(text)
        if text.endswith(UNFINISHED):
            pending[pid] = (len(out), text[:-len(UNFINISHED)])
            out.append((pid, None))		# the joined line goes here
            continue
        if r and pid in pending:
            i, head = pending.pop(pid)
            out[i] = (pid, head + r.group(2))
            continue
        out.append((pid, text))
    for pid, (i, head) in pending.items():	# never resumed
        out[i] = (pid, head + UNFINISHED)
    return [(p, t) for p, t in out if t is not None]

def labels(lines):
    """pid -> P1 (the first), P1.1 (its first child)..."""
    lab, nchild = {}, collections.Counter()
    if lines:
        lab[lines[0][0]] = 'P1'
    for pid, text in lines:
        m = CALL.match(text)
        r = re.search(r'\) += (\d+)$', text)
        if m and m.group(1) in FORKS and r and pid in lab:
            nchild[pid] += 1
            lab[int(r.group(1))] = '%s.%d' % (lab[pid], nchild[pid])
    return lab

def normalise(text, lab):
    text = re.sub(r'\b(\d+)\b', lambda m: lab.get(int(m.group(1)), m.group(1)), text)
    text = re.sub(r'^getppid\(\) += \d+$', 'getppid() = PPID', text)	# the tracer's pid
    text = re.sub(r'0x[0-9a-f]+', 'ADDR', text)
    text = re.sub(r'\b\d{9,}\b', 'ADDR', text)	# pointers shown in decimal
    text = re.sub(r'\) +=', ') =', text)
    return text

def per_process(path):
    lines = parse(path)
    lab = labels(lines)
    procs = collections.OrderedDict()
    for pid, text in lines:
        procs.setdefault(lab.get(pid, 'pid?%d' % pid), []).append(normalise(text, lab))
    return procs

def name_of(text):
    m = CALL.match(text)
    return m.group(1) if m else None

bad = 0
tot_m = tot_n = 0
differing = collections.Counter()
for w in names:
    s, t = per_process('%s/%s.strace' % (work, w)), per_process('%s/%s.tbx' % (work, w))
    m = n = 0
    diff = []
    for proc in sorted(set(s) | set(t)):
        a, b = s.get(proc, []), t.get(proc, [])
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        matched = set()
        for blk in sm.get_matching_blocks():
            matched.update(range(blk.a, blk.a + blk.size))
        m += len(matched)
        n += len(a)
        for i, line in enumerate(a):
            if i not in matched and name_of(line):
                differing[name_of(line)] += 1
        diff += ['== %s' % proc] + list(difflib.unified_diff(a, b, 'strace', 'tracebox', n=0, lineterm=''))
        if w in deterministic:
            na = [x for x in map(name_of, a) if x]
            nb = [x for x in map(name_of, b) if x]
            if na != nb:
                bad = 1
                d = list(difflib.unified_diff(na, nb, 'strace', 'tracebox', n=1, lineterm=''))
                print('FAIL: %s: %s: syscall sequences differ:' % (w, proc))
                print('\n'.join('    ' + x for x in d[:20]))
    open('%s/diff.%s' % (work, w), 'w').write('\n'.join(diff) + '\n')
    tot_m += m
    tot_n += n
    print('%-9s strace-identical: %.1f%% (%d/%d lines)' % (w, 100.0 * m / max(n, 1), m, n))
pct = 100.0 * tot_m / max(tot_n, 1)
print('overall   strace-identical: %.1f%% (%d/%d lines)' % (pct, tot_m, tot_n))
print('most often different: ' + ', '.join('%s %d' % kv for kv in differing.most_common(10)))
if pct < 95:
    print('FAIL: overall below 95%')
    bad = 1
sys.exit(bad)
PYEOF
[ $? = 0 ] || bad=1
exit $bad

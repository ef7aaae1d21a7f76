#!/bin/sh
# --json: every line is a JSON object; syscall objects carry pid, tid,
# syscall, args, ret and errno on failure; arbitrary bytes written by the
# tracee (NUL, quotes, backslashes, invalid UTF-8) still give valid JSON
# whose string decodes to the bytes (a byte that is not part of valid
# UTF-8 comes out as the code point of the same value, "\u00XX").
# unprivileged: yes
set -u
P=$BUILD/tests/progs
PY=
for p in python3 /usr/bin/python3; do
	"$p" -c pass 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "no usable python3"; exit 77; }

timeout 30 "$TRACEBOX" trace --json -s 4096 -o "$WORK/tr.json" -- "$P/randbytes" "$WORK/bytes"
rc=$?
[ $rc = 0 ] || { echo "FAIL: tracebox exited $rc"; exit 1; }
"$PY" - "$WORK/tr.json" "$WORK/bytes" <<'PYEOF'
import json, sys

def lenient(b):
    """bytes -> str: valid UTF-8 as is, any other byte as U+00XX"""
    out, i = [], 0
    while i < len(b):
        for n in (4, 3, 2, 1):
            try:
                out.append(b[i:i + n].decode('utf-8'))
                i += n
                break
            except UnicodeDecodeError:
                pass
        else:
            out.append(chr(b[i]))
            i += 1
    return ''.join(out)

bad = 0
def fail(msg):
    global bad
    print('FAIL:', msg)
    bad = 1

objs = []
for n, line in enumerate(open(sys.argv[1], 'rb'), 1):
    try:
        objs.append(json.loads(line.decode('utf-8')))
    except (ValueError, UnicodeDecodeError) as e:
        fail('line %d is not JSON (%s): %r' % (n, e, line[:200]))
calls = [o for o in objs if o.get('type') == 'syscall']
if not calls:
    fail('no syscall objects')
for o in calls:
    for k in ('pid', 'tid', 'syscall', 'args', 'ret'):
        if k not in o:
            fail('%s object without %r: %s' % (o.get('syscall'), k, o))
    if not isinstance(o.get('args'), list):
        fail('args not a list: %s' % o)
    if o.get('ret') == -1 and 'errno' not in o:
        fail('failed call without errno: %s' % o)
enoent = [o for o in calls if o.get('errno') == 'ENOENT']
if not enoent:
    fail('no call failing with errno "ENOENT" (the loader\'s access)')
exits = [o for o in objs if o.get('type') == 'exit']
if len(exits) != 1 or exits[0].get('status') != 0 or exits[0].get('pid') != calls[0].get('pid'):
    fail('exit objects: %s' % exits)
data = open(sys.argv[2], 'rb').read()
writes = [o for o in calls if o.get('syscall') == 'write' and o.get('args', [None])[0] == 100]
if len(writes) != 4:
    fail('%d writes on fd 100, want 4' % len(writes))
for i, o in enumerate(writes):
    chunk = data[i * 1000:(i + 1) * 1000]
    s = o['args'][1] if len(o.get('args', [])) > 1 else None
    if s != lenient(chunk):
        fail('write %d: decoded %r..., want %r...' % (i, (s or '')[:80], lenient(chunk)[:80]))
    if o.get('ret') != 1000:
        fail('write %d: ret %s' % (i, o.get('ret')))
sys.exit(bad)
PYEOF

#!/usr/bin/env python3
"""Generate C constant tables from lib/xlat/*.in.

usage: gen-xlat.py OUT.c OUT.h FILE.in...

Input format (one table per file, table name = file basename):
  #kind flags|values      optional, before the first entry (default values)
  # anything else         comment
  NAME VALUE [description...]

VALUE is a C-style integer: decimal, 0x hex, 0 octal, optionally negative
(stored as the int64 value cast to uint64).  The description (rest of the
line) is kept for errno messages.  Errors are reported as file:line: message
and the generator exits with status 1 without writing anything.
"""
import os
import re
import sys

NAME_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
TABLE_RE = re.compile(r'^[a-z][a-z0-9_]*$')
NUM_RE = re.compile(r'^(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$')
U64 = 1 << 64


class Error(Exception):
    pass


def parse_number(tok):
    m = NUM_RE.match(tok)
    if not m:
        raise ValueError('bad number %r' % tok)
    neg, digits = m.groups()
    if digits[:2] in ('0x', '0X'):
        v = int(digits[2:], 16)
    elif len(digits) > 1 and digits[0] == '0':
        v = int(digits[1:], 8)
    else:
        v = int(digits, 10)
    if neg:
        if v > (1 << 63):
            raise ValueError('number %r out of int64 range' % tok)
        return (-v) % U64
    if v >= U64:
        raise ValueError('number %r out of uint64 range' % tok)
    return v


def parse_file(path, errors):
    base = os.path.basename(path)
    if not base.endswith('.in'):
        errors.append('%s: input file name must end in .in' % path)
        return None
    table = base[:-3]
    if not TABLE_RE.match(table):
        errors.append('%s: bad table name %r (want lower_snake)' % (path, table))
        return None
    kind = 'values'
    kind_seen = False
    ents = []
    names = {}
    vals = {}
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
    except (OSError, UnicodeDecodeError) as e:
        errors.append('%s: %s' % (path, e))
        return None
    for lineno, raw in enumerate(lines, 1):
        where = '%s:%d' % (path, lineno)
        line = raw.strip()
        if not line:
            continue
        if line.startswith('#'):
            words = line.split()
            if words[0] == '#kind':
                if kind_seen:
                    errors.append('%s: duplicate #kind line' % where)
                elif ents:
                    errors.append('%s: #kind must come before the first entry' % where)
                elif len(words) != 2 or words[1] not in ('flags', 'values'):
                    errors.append('%s: #kind must be "flags" or "values"' % where)
                else:
                    kind = words[1]
                kind_seen = True
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            errors.append('%s: expected "NAME VALUE [description]"' % where)
            continue
        name, valtok = parts[0], parts[1]
        desc = parts[2].strip() if len(parts) > 2 else None
        if not NAME_RE.match(name):
            errors.append('%s: bad constant name %r' % (where, name))
            continue
        try:
            val = parse_number(valtok)
        except ValueError as e:
            errors.append('%s: %s' % (where, e))
            continue
        if name in names:
            errors.append('%s: duplicate name %s (first at line %d)'
                          % (where, name, names[name]))
            continue
        names[name] = lineno
        if kind == 'flags' and val == 0:
            errors.append('%s: flag %s has value 0' % (where, name))
            continue
        if val in vals:
            errors.append('%s: %s has the same value as %s (line %d)'
                          % (where, name, vals[val][0], vals[val][1]))
            continue
        vals[val] = (name, lineno)
        ents.append((val, name, desc))
    if not ents:
        errors.append('%s: no entries' % path)
    return table, kind, ents


def c_string(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append('\\' + ch)
        elif ch == '?':
            out.append('\\?')       # no trigraphs
        elif 0x20 <= o < 0x7f:
            out.append(ch)
        else:
            out.append(''.join('\\%03o' % b for b in ch.encode('utf-8')))
    return '"' + ''.join(out) + '"'


def write_atomic(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) < 4:
        sys.stderr.write('usage: %s OUT.c OUT.h FILE.in...\n' % argv[0])
        return 2
    out_c, out_h, inputs = argv[1], argv[2], argv[3:]
    errors = []
    tables = []
    seen = {}
    for path in inputs:
        t = parse_file(path, errors)
        if t is None:
            continue
        if t[0] in seen:
            errors.append('%s: table %s already defined by %s'
                          % (path, t[0], seen[t[0]]))
            continue
        seen[t[0]] = path
        tables.append(t)
    if errors:
        for e in errors:
            sys.stderr.write(e + '\n')
        return 1

    guard = re.sub(r'[^A-Za-z0-9]', '_', os.path.basename(out_h)).upper()
    guard = 'TBX_' + guard
    banner = ('/* Generated by tools/gen-xlat.py from the lib/xlat tables'
              ' (%d files); do not edit. */' % len(tables))
    h = [banner,
         '#ifndef %s' % guard, '#define %s' % guard, '']
    c = [banner, '#include <stddef.h>', '#include "xlat/xlat.h"', '']
    for table, kind, ents in sorted(tables):
        h.append('extern const struct tbx_xlat tbx_xlat_%s;' % table)
        c.append('static const struct tbx_xlat_ent tbx_xlat_%s_ents[] = {' % table)
        for val, name, desc in ents:
            c.append('\t{ 0x%xULL, %s, %s },'
                     % (val, c_string(name), c_string(desc) if desc else 'NULL'))
        c.append('};')
        c.append('const struct tbx_xlat tbx_xlat_%s = {' % table)
        c.append('\ttbx_xlat_%s_ents,' % table)
        c.append('\tsizeof(tbx_xlat_%s_ents) / sizeof(tbx_xlat_%s_ents[0]),'
                 % (table, table))
        c.append('\t%s' % ('TBX_XLAT_FLAGS' if kind == 'flags' else 'TBX_XLAT_VALUES'))
        c.append('};')
        c.append('')
    h += ['', '#endif', '']
    write_atomic(out_h, '\n'.join(h))
    write_atomic(out_c, '\n'.join(c))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

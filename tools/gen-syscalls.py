#!/usr/bin/env python3
"""Generate tracebox's system call tables from plain data files.

usage: gen-syscalls.py OUT.c OUT.h SYSCALLS64.in SYSCALLS32.in

Each input line is `NR NAME NARGS CLASSES DECODER` (whitespace separated,
`#` starts a comment that runs to the end of the line):

  NR       decimal system call number
  NAME     system call name, a C identifier (e.g. newfstatat, _sysctl)
  NARGS    number of arguments to decode, 0..6
  CLASSES  comma-separated class words (see CLASSES below), or `-`
  DECODER  X for the decoder tbx_dec_X, or `-` for the generic one

OUT.h gets the decoder prototypes and TBX_NR64_<NAME> constants; OUT.c gets
tbx_sysent64[], tbx_nsysent64, tbx_sysent32[] and tbx_nsysent32, as declared
in lib/decode/sysent.h.  Any error in the input is reported as file:line and
the script exits with status 1 without writing anything.
"""

import os
import re
import sys

# Class word in the .in files -> enum name in decode/sysent.h.
CLASSES = {
    "file": "TBX_TC_FILE",
    "desc": "TBX_TC_DESC",
    "process": "TBX_TC_PROCESS",
    "network": "TBX_TC_NETWORK",
    "signal": "TBX_TC_SIGNAL",
    "memory": "TBX_TC_MEMORY",
    "ipc": "TBX_TC_IPC",
    "creds": "TBX_TC_CREDS",
    "clock": "TBX_TC_CLOCK",
    "stat": "TBX_TC_STAT",
    "lstat": "TBX_TC_LSTAT",
    "fstat": "TBX_TC_FSTAT",
    "stat_like": "TBX_TC_STAT_LIKE",
    "statfs": "TBX_TC_STATFS",
    "fstatfs": "TBX_TC_FSTATFS",
    "statfs_like": "TBX_TC_STATFS_LIKE",
    "pure": "TBX_TC_PURE",
}
CLASS_ORDER = list(CLASSES)

MAX_NR = 4095           # sanity bound: catches typos that would bloat the table
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class InputError(Exception):
    pass


class Entry:
    __slots__ = ("nr", "name", "nargs", "classes", "decoder", "where")

    def __init__(self, nr, name, nargs, classes, decoder, where):
        self.nr = nr
        self.name = name
        self.nargs = nargs
        self.classes = classes
        self.decoder = decoder
        self.where = where


def parse(path, allow_decoders):
    """Read one table; return its entries sorted by number."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}")

    errors = []
    by_nr = {}
    by_name = {}

    for lineno, raw in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        cols = text.split()
        if len(cols) != 5:
            errors.append(f"{where}: expected 5 columns "
                          f"(NR NAME NARGS CLASSES DECODER), got {len(cols)}")
            continue
        nr_s, name, nargs_s, classes_s, decoder = cols

        if not re.fullmatch(r"[0-9]+", nr_s):
            errors.append(f"{where}: bad syscall number '{nr_s}'")
            continue
        nr = int(nr_s, 10)
        if nr > MAX_NR:
            errors.append(f"{where}: syscall number {nr} is larger than "
                          f"{MAX_NR}")
            continue

        if not IDENT.match(name):
            errors.append(f"{where}: bad syscall name '{name}' "
                          "(must be a C identifier)")
            continue

        if not re.fullmatch(r"[0-9]", nargs_s) or int(nargs_s) > 6:
            errors.append(f"{where}: bad argument count '{nargs_s}' "
                          f"for {name} (must be 0..6)")
            continue
        nargs = int(nargs_s)

        classes = []
        if classes_s != "-":
            bad = False
            for word in classes_s.split(","):
                if word not in CLASSES:
                    errors.append(f"{where}: unknown class '{word}' for {name}"
                                  f" (known: {', '.join(CLASS_ORDER)})")
                    bad = True
                elif word in classes:
                    errors.append(f"{where}: class '{word}' given twice "
                                  f"for {name}")
                    bad = True
                else:
                    classes.append(word)
            if bad:
                continue

        if decoder == "-":
            decoder = None
        elif not allow_decoders:
            errors.append(f"{where}: decoder '{decoder}' for {name}: this "
                          "table has no decoders (use '-')")
            continue
        elif not IDENT.match(decoder):
            errors.append(f"{where}: bad decoder name '{decoder}' for {name}")
            continue

        if nr in by_nr:
            errors.append(f"{where}: duplicate number {nr} ({name}; already "
                          f"{by_nr[nr].name} at {by_nr[nr].where})")
            continue
        if name in by_name:
            errors.append(f"{where}: duplicate name {name} (already number "
                          f"{by_name[name].nr} at {by_name[name].where})")
            continue

        e = Entry(nr, name, nargs, classes, decoder, where)
        by_nr[nr] = e
        by_name[name] = e

    if errors:
        raise InputError("\n".join(errors))
    if not by_nr:
        raise InputError(f"{path}: no system calls defined")
    return [by_nr[nr] for nr in sorted(by_nr)]


def c_classes(classes):
    if not classes:
        return "0"
    return " | ".join(CLASSES[w] for w in CLASS_ORDER if w in classes)


def gen_table(var, entries):
    out = [f"const struct tbx_sysent {var}[] = {{"]
    for e in entries:
        dec = f"tbx_dec_{e.decoder}" if e.decoder else "NULL"
        out.append(f'\t[{e.nr}] = {{ "{e.name}", {e.nargs}, '
                   f"{c_classes(e.classes)}, {dec} }},")
    out.append("};")
    out.append(f"const unsigned {var.replace('sysent', 'nsysent')} = "
               f"{entries[-1].nr + 1};")
    return out


def gen_c(h_name, srcs, t64, t32):
    out = [
        f"/* Generated by tools/gen-syscalls.py from {srcs}.",
        " * Do not edit: change the .in files instead. */",
        "",
        "#include <stddef.h>",
        "",
        '#include "decode/sysent.h"',
        f'#include "{h_name}"',
        "",
    ]
    out += gen_table("tbx_sysent64", t64)
    out.append("")
    out += gen_table("tbx_sysent32", t32)
    return "\n".join(out) + "\n"


def gen_h(h_name, srcs, t64):
    guard = "TBX_GEN_" + re.sub(r"[^A-Za-z0-9]", "_", h_name).upper()
    decoders = sorted({e.decoder for e in t64 if e.decoder})
    out = [
        f"/* Generated by tools/gen-syscalls.py from {srcs}.",
        " * Do not edit: change the .in files instead. */",
        f"#ifndef {guard}",
        f"#define {guard}",
        "",
        '#include "decode/sysent.h"',
        "",
        "/* Decoders named in the 64-bit table. */",
    ]
    out += [f"void tbx_dec_{d}(struct tbx_dctx *d);" for d in decoders]
    out.append("")
    out.append("/* x86_64 system call numbers. */")
    out += [f"#define TBX_NR64_{e.name} {e.nr}" for e in t64]
    out.append("")
    out.append(f"#endif /* {guard} */")
    return "\n".join(out) + "\n"


def write(path, text):
    """Write atomically, and leave the file alone if nothing changed
    (so that make does not rebuild what depends on it)."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: gen-syscalls.py OUT.c OUT.h "
                         "SYSCALLS64.in SYSCALLS32.in\n")
        return 2
    out_c, out_h, in64, in32 = argv[1:]

    errors = []
    t64 = t32 = None
    try:
        t64 = parse(in64, allow_decoders=True)
    except InputError as e:
        errors.append(str(e))
    try:
        t32 = parse(in32, allow_decoders=False)
    except InputError as e:
        errors.append(str(e))
    if errors:
        for e in errors:
            for line in e.splitlines():
                sys.stderr.write(f"gen-syscalls: {line}\n")
        return 1

    h_name = os.path.basename(out_h)
    srcs = f"{os.path.basename(in64)} and {os.path.basename(in32)}"
    try:
        write(out_h, gen_h(h_name, srcs, t64))
        write(out_c, gen_c(h_name, srcs, t64, t32))
    except OSError as e:
        sys.stderr.write(f"gen-syscalls: cannot write output: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Checks the layering of ringtrim's C++ sources from their #include lines.

usage: scripts/check-layering.py [ROOT]        (ROOT: the repository, by default
                                                the folder above this script)

Every source under lib/, ipc/ and apps/ belongs to a folder of LAYERS below
(lib/trim/detail/x.hpp belongs to lib/trim). Its `#include "..."` lines
(resolved from ROOT, else from the including file's folder) may name:

  * a file of its own folder;
  * a file of a folder on a LOWER line of LAYERS.

Everything else is an offence: an include of a folder on a higher line
(upward) or on the same line (sideways: folders on one line are peers, such
as the transports, and know nothing of each other), of a folder that is not
in the table (tests/, benchmarks/, a new folder nobody placed), or of a file
that does not exist. Loops are offences too: between folders, and between
files, where a header and its .cpp count as one file (pipeline.hpp including
modifier_chain.hpp while modifier_chain.cpp includes pipeline.hpp is a
loop). tests/ and benchmarks/ are not checked: they sit on top and may
include anything below.

Prints each offence on its own line and exits 1 when there is one (or when
an entry of ALLOWED no longer happens); exits 0 otherwise. Python 3 standard
library only. docs/design.md ("Layers") explains the order.
"""

import os
import re
import sys

# Lowest first. A folder may include only folders on lines above its own.
LAYERS = [
    # lib/ (ringtrim_core): pure, the standard library only.
    ["lib/error"],     # core::Error
    ["lib/compat"],    # which cutadapt release (4.2, 5.2) is imitated
    ["lib/python"],    # Python's number and string formatting
    ["lib/simd"],      # newline scanning and other vector kernels
    ["lib/fastq"],     # records and the parser
    ["lib/report"],    # Stats and the reports
    ["lib/trim"],      # adapters, the aligner, quality and poly-X trimming
    ["lib/filter"],    # predicates
    ["lib/chunk"],     # where chunks are cut, compression units
    ["lib/pipeline"],  # modifiers and filters applied to a chunk
    # ipc/: knows slots and processes, never FASTQ. ipc/io (ringtrim_io)
    # reads and writes files; ipc/base is the floor of the transports.
    ["ipc/io", "ipc/base"],
    ["ipc/supervise"],                        # the forking transports' parent
    ["ipc/ring", "ipc/queue", "ipc/serial"],  # the transports, peers
    ["ipc/run"],                              # run(): picks a transport
    # apps/: the FASTQ roles over ipc, then the command line on top.
    ["apps/roles"],
    ["apps/ringtrim"],
    ["apps/completion"],  # the bash completion writer, over the option table
]

CHECKED = ("lib", "ipc", "apps")
EXTENSIONS = (".hpp", ".cpp", ".h", ".cc", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

# Known offences, allowed until their fix is merged. Exact: an entry matches
# one offence and nothing else, and an entry that no longer happens fails the
# check, so that it is removed. An allowed include adds no edge to the folder
# graph (the folder loop it makes is the same offence).
ALLOWED = set()


def folder_of(path):
    """'lib/trim/detail/x.hpp' -> 'lib/trim'; None outside lib/ipc/apps."""
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) >= 3 else None


def unit_of(path):
    """A header and its .cpp are one file: 'ipc/ring/worker'; so is the
    private header of their sources, detail/NAME_internal.hpp."""
    stem = os.path.splitext(path)[0]
    folder, name = os.path.split(stem)
    if os.path.basename(folder) == "detail" and name.endswith("_internal"):
        return os.path.dirname(folder) + "/" + name[: -len("_internal")]
    return stem


def sources(root):
    for top in CHECKED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(EXTENSIONS):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def includes(root, path):
    """(line number, included path relative to root or None, as written)."""
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            written = m.group(1)
            for base in (root, os.path.dirname(os.path.join(root, path))):
                candidate = os.path.normpath(os.path.join(base, written))
                if os.path.isfile(candidate):
                    yield number, os.path.relpath(candidate, root).replace(os.sep, "/"), written
                    break
            else:
                yield number, None, written


def loops(edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def cycle_in(component, edges):
    """One loop through the component's first node, as a list of nodes."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, ())):
            if w == start:
                return paths[v] + [start]
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return component + [start]


def check(root):
    rank = {}
    for level, folders in enumerate(LAYERS):
        for folder in folders:
            rank[folder] = level
    offences = []  # (key, text); key is matched against ALLOWED
    folder_edges, unit_edges, where = {}, {}, {}

    for path in sources(root):
        src = folder_of(path)
        if src not in rank:
            offences.append((("folder", src), f"{path}: folder {src} is not in LAYERS of scripts/check-layering.py"))
            continue
        for number, target, written in includes(root, path):
            here = f"{path}:{number}"
            if target is None:
                offences.append((("missing", path, written), f'{here}: includes "{written}", which does not exist'))
                continue
            dst = folder_of(target)
            if unit_of(target) != unit_of(path):
                unit_edges.setdefault(unit_of(path), set()).add(unit_of(target))
                where.setdefault((unit_of(path), unit_of(target)), here)
            key = ("include", path, target)
            if dst == src:
                continue
            if key not in ALLOWED:
                folder_edges.setdefault(src, set()).add(dst)
                where.setdefault((src, dst), here)
            if dst not in rank:
                offences.append((key, f"{here}: includes {target}, and {dst} is not a layer (LAYERS)"))
            elif rank[dst] > rank[src]:
                offences.append((key, f"{here}: includes {target}: {src} is below {dst} (upward)"))
            elif rank[dst] == rank[src]:
                offences.append((key, f"{here}: includes {target}: {src} and {dst} are peers (sideways)"))

    for kind, edges in (("folder loop", folder_edges), ("file loop", unit_edges)):
        for component in loops(edges):
            cycle = cycle_in(component, edges)
            steps = " -> ".join(f"{a} ({where[(a, b)]})" for a, b in zip(cycle, cycle[1:]))
            offences.append(((kind, *component), f"{kind} among {', '.join(component)}: {steps} -> {cycle[0]}"))

    failed = False
    seen = set()
    for key, text in offences:
        seen.add(key)
        if key in ALLOWED:
            print(f"allowed (ALLOWED, until its fix is merged): {text}")
        else:
            print(text)
            failed = True
    for key in sorted(ALLOWED - seen):
        print(f"ALLOWED entry {key} no longer happens: remove it from scripts/check-layering.py")
        failed = True
    return failed


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.abspath(root)
    if not all(os.path.isdir(os.path.join(root, top)) for top in CHECKED):
        print(f"check-layering: {root} has no lib/, ipc/ and apps/", file=sys.stderr)
        return 2
    if check(root):
        return 1
    order = " < ".join(level[0] if len(level) == 1 else "{" + ", ".join(level) + "}" for level in LAYERS)
    print(f"layering: ok ({order})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

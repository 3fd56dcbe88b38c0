#!/usr/bin/env python3
"""Two ringtrim binaries on benchmarks/cpu.sh's workloads and data (run
cpu.sh once first: it writes bench-data/cpu/), alternating A B B A ..., five
runs each: min and median CPU (user + sys of the process tree) and whether
the two wrote the same bytes (compressed outputs included). Issue 24: the
restructured code against the commit before it, "within noise".

usage: benchmarks/compare_builds.py OLD_BINARY NEW_BINARY [--runs 5] [--work DIR]
exit status: 1 when an output differs.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile

from cpu import ADAPTER1, ADAPTER2, ROOT, run

SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None


def outputs_digest(folder, name):
    """sha256 over the raw bytes of every output file of binary `name`."""
    h = hashlib.sha256()
    for f in sorted(os.listdir(folder)):
        if f.startswith(name + "."):
            with open(os.path.join(folder, f), "rb") as fh:
                h.update(f[len(name) + 1:].encode() + fh.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench-data", "cpu"))
    args = ap.parse_args()
    w = args.work
    if not os.path.exists(f"{w}/se-1000000.fastq"):
        sys.exit("compare_builds.py: run benchmarks/cpu.sh --reads 1000000 first (it writes the inputs)")
    out = tempfile.mkdtemp(prefix="compare-", dir=SHM)
    binaries = {"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
    common = f"-a {ADAPTER1} -q 20 -m 20"
    workloads = {
        "se-plain-j1": f"{common} -j 1 -o {out}/{{n}}.fq {w}/se-1000000.fastq",
        "se-plain-j2": f"{common} -j 2 -o {out}/{{n}}.fq {w}/se-1000000.fastq",
        "se-gzip-j2": f"{common} -Z -j 2 -o {out}/{{n}}.fq.gz {w}/se-1000000.fastq.gz",
        "pe-gzip-j2": f"{common} -A {ADAPTER2} -Z -j 2 -o {out}/{{n}}.1.fq.gz -p {out}/{{n}}.2.fq.gz "
                      f"{w}/pe-1000000_R1.fastq.gz {w}/pe-1000000_R2.fastq.gz",
        "primers96": f"-g file:{w}/primers96.fasta -j 1 -o {out}/{{n}}.fq {w}/primed-20000.fastq",
    }
    failed = False
    for workload, cmd in workloads.items():
        cpu = {name: [] for name in binaries}
        for r in range(args.runs):
            order = list(binaries) if r % 2 == 0 else list(binaries)[::-1]
            for name in order:
                cpu[name].append(run(f"{binaries[name]} {cmd.format(n=name)}", out)[1])
        same = outputs_digest(out, "old") == outputs_digest(out, "new")
        failed = failed or not same
        for f in os.listdir(out):
            os.unlink(os.path.join(out, f))
        old, new = min(cpu["old"]), min(cpu["new"])
        print(f"{workload:12s} old min {old:.3f} med {statistics.median(cpu['old']):.3f} | new min {new:.3f}"
              f" med {statistics.median(cpu['new']):.3f} | new/old {new / old:.3f}"
              f" | outputs {'identical' if same else 'DIFFER'}", flush=True)
    shutil.rmtree(out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""What --html costs (issue 27): the se-plain-j1 workload of benchmarks/cpu.sh
(simulated 150 bp single-end reads, -a TruSeq -q 20 -m 20 -j 1, plain in and
out) with and without --html, and optionally with a second binary (--base,
e.g. a build of an earlier commit) without it. The runs alternate, in a
rotating order, so that a slow spell of the machine falls on all of them.

Checks that the trimmed reads are the same with and without --html (and with
the base binary), then prints min and median CPU (user + sys of the process
tree, wait4 rusage) of each and the ratio with --html against without; the
aim is at most 1.10.

usage: benchmarks/html_cost.py [--ringtrim build/ringtrim] [--base BINARY]
                               [--reads 1000000] [--repeat 15]
"""
import argparse
import filecmp
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

from cpu import ADAPTER1 as ADAPTER, ROOT, SIMREADS, run

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringtrim", default=os.path.join(ROOT, "build", "ringtrim"))
    ap.add_argument("--base", help="a second binary, timed without --html")
    ap.add_argument("--reads", type=int, default=1000000)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="html-cost-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    reads = os.path.join(work, "r")
    if os.path.exists(SIMREADS):
        subprocess.run([SIMREADS, "--reads", str(args.reads), "--seed", "1", "-o", reads],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reads += ".fastq"
    else:
        reads += ".fq"
        with open(reads, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_reads.py"), "--reads", str(args.reads)],
                           check=True, stdout=f)
    common = ["-j", "1", "-a", ADAPTER, "-q", "20", "-m", "20"]
    runs = {
        "without --html": [args.ringtrim] + common + ["-o", f"{work}/plain.fq", reads],
        "with --html": [args.ringtrim, "--html", f"{work}/r.html"] + common + ["-o", f"{work}/html.fq", reads],
    }
    if args.base:
        runs["base, without --html"] = [args.base] + common + ["-o", f"{work}/base.fq", reads]
    cpu = {name: [] for name in runs}
    names = list(runs)
    for i in range(args.repeat):
        for name in names[i % len(names):] + names[:i % len(names)]:
            cpu[name].append(run(shlex.join(runs[name]), work)[1])
    for other in ("html.fq", "base.fq"):
        path = f"{work}/{other}"
        if os.path.exists(path) and not filecmp.cmp(f"{work}/plain.fq", path, shallow=False):
            sys.exit(f"html_cost.py: {other} differs from the output without --html")
    print(f"{args.reads} reads, {args.repeat} runs each, CPU s (user + sys):")
    for name, values in cpu.items():
        print(f"  {name:22s} min {min(values):.3f}  median {statistics.median(values):.3f}")
    for base in [name for name in runs if name != "with --html"]:
        for stat, f in (("min", min), ("median", statistics.median)):
            ratio = f(cpu["with --html"]) / f(cpu[base])
            print(f"  with --html / {base} ({stat}): {ratio:.3f}"
                  f"  (aim <= 1.10: {'met' if ratio <= 1.10 else 'MISSED'})")
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)


if __name__ == "__main__":
    main()

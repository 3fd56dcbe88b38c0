#!/usr/bin/env python3
"""Peak proportional set size (PSS) of a whole ringtrim run (issue 15).

PSS counts each shared page once, split among the processes that map it, so
the sum over the parent, the writer and the workers is what the run really
costs in memory (RSS would count the shared ring once per process). The
benchmark samples /proc/PID/smaps_rollup of every process in the run's tree
every 20 ms, sums Pss, and reports the peak, next to the issue's aims
(-j 2 with defaults <= 128 MiB, -j 16 <= 512 MiB). Every run's output is
checked against the -j 1 output (md5), so a fast wrong run does not count.

usage: benchmarks/memory.py [--ringtrim build/ringtrim] [--reads N] [--jobs 1,2,16]
Data: benchmarks/gen_reads.py, 150 bp reads, gzip level 1 input; the run is
  ringtrim -j N -a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -q 20 -m 20 -o out.fastq.gz in.fastq.gz
(default --buffer-size and ring size, default-level gzip output).
"""
import argparse
import gzip
import hashlib
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"
AIMS = {2: 128, 16: 512}  # MiB, issue 15


def tree(pid):
    """pid and every descendant (from /proc/*/stat parent links)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd):
    """Runs cmd; returns (peak PSS in MiB, wall seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(pss_kib(p) for p in tree(proc.pid)))
        time.sleep(0.02)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return peak / 1024, time.monotonic() - start


def md5(path):
    with gzip.open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringtrim", default=os.path.join(HERE, "..", "build", "ringtrim"))
    ap.add_argument("--reads", type=int, default=1000000)
    ap.add_argument("--jobs", default="1,2,16")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}")
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as work:
        prefix = os.path.join(work, "reads")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_reads.py"), "--reads", str(args.reads), "-o", prefix],
                       check=True)
        subprocess.run(["gzip", "-1", prefix + ".fastq"], check=True)
        reference = None
        print(f"{'-j':>4} {'peak PSS MiB':>13} {'wall s':>8} {'aim MiB':>8}  output")
        for j in jobs:
            out = os.path.join(work, f"out-{j}.fastq.gz")
            cmd = [args.ringtrim, "-j", str(j), "-a", ADAPTER, "-q", "20", "-m", "20", "-o", out,
                   prefix + ".fastq.gz"]
            peak, wall = run(cmd)
            digest = md5(out)
            reference = reference or digest
            same = "same as -j %d" % jobs[0] if digest == reference else "DIFFERENT"
            aim = AIMS.get(j)
            verdict = "" if aim is None else (" met" if peak <= aim else " NOT met")
            print(f"{j:>4} {peak:>13.1f} {wall:>8.2f} {aim if aim else '-':>8}{verdict}  {same}")
            if digest != reference:
                sys.exit("outputs differ between -j values")


if __name__ == "__main__":
    main()

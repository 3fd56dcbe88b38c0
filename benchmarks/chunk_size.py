#!/usr/bin/env python3
"""ringtrim's wall and CPU time against --buffer-size (the chunk size), on
the data of benchmarks/cpu.py (1,000,000 simulated 150 bp reads; -a TruSeq
[-A TruSeq R2] -q 20 -m 20), output to /dev/shm:

  se-j1     single-end plain FASTQ, -j 1
  se-j2     single-end plain FASTQ, -j 2
  se-Z      single-end gzip -1 in, -Z out, -j 2
  pe-Z      paired gzip -1 in, -Z out, -j 2
  se-gz     single-end gzip -1 in, default-level gzip out, -j 2

The sizes run in turn, --repeat rounds (so that a change in the host's load
hits every size alike); each cell is the best of its rounds. Every size's
output must be byte-identical to the first size's (compressed bytes too),
else the run stops.

usage: benchmarks/chunk_size.py [--ringtrim build/ringtrim] [--sizes 4000000,1048576] [--repeat 3]
"""
import argparse
import hashlib
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpu  # noqa: E402  (the data, run helper)


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ringtrim", default=os.path.join(cpu.ROOT, "build", "ringtrim"))
    ap.add_argument("--reads", type=int, default=1000000)
    ap.add_argument("--sizes", default="4000000,1048576")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(cpu.ROOT, "bench-data", "cpu"))
    args = ap.parse_args()
    rt = os.path.abspath(args.ringtrim)
    work = os.path.abspath(args.work)
    sizes = [int(s) for s in args.sizes.split(",")]
    se, pe, _, _ = cpu.make_data(work, args.reads, 1000)
    out = "/dev/shm" if os.path.isdir("/dev/shm") else work
    a = f"-a {cpu.ADAPTER1} -q 20 -m 20"
    pe_args = f"{a} -A {cpu.ADAPTER2}"
    workloads = {
        "se-j1": (f"-j 1 {a} -o {out}/cs.fq {se}", ["cs.fq"]),
        "se-j2": (f"-j 2 {a} -o {out}/cs.fq {se}", ["cs.fq"]),
        "se-Z": (f"-j 2 -Z {a} -o {out}/cs.fq.gz {se}.gz", ["cs.fq.gz"]),
        "pe-Z": (f"-j 2 -Z {pe_args} -o {out}/cs1.fq.gz -p {out}/cs2.fq.gz {pe}_R1.fastq.gz {pe}_R2.fastq.gz",
                 ["cs1.fq.gz", "cs2.fq.gz"]),
        "se-gz": (f"-j 2 {a} -o {out}/cs.fq.gz {se}.gz", ["cs.fq.gz"]),
    }
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.2f}; {platform.platform()}")
    best = {}
    for name, (cmd, outputs) in workloads.items():
        want = None
        for _ in range(args.repeat):
            for size in sizes:
                wall, cpu_s = cpu.run(f"{rt} --quiet --buffer-size {size} {cmd}", work)
                old = best.get((name, size))
                best[(name, size)] = (min(wall, old[0]), min(cpu_s, old[1])) if old else (wall, cpu_s)
                got = [file_hash(os.path.join(out, o)) for o in outputs]
                if want is None:
                    want = got
                elif got != want:
                    sys.exit(f"chunk_size.py: {name}: --buffer-size {size} gave other output bytes")
        for o in outputs:
            os.remove(os.path.join(out, o))
    print(f"\nwall / CPU s (user + sys), best of {args.repeat}; output bytes identical for every size")
    print(f"{'workload':8} " + " ".join(f"{s:>16}" for s in sizes) + "   last / first (wall)")
    for name in workloads:
        cells = [best[(name, s)] for s in sizes]
        print(f"{name:8} " + " ".join(f"{w:7.2f} / {c:6.2f}" for w, c in cells) +
              f"   {cells[-1][0] / cells[0][0]:.2f}")


if __name__ == "__main__":
    main()

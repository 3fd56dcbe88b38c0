#!/usr/bin/env python3
"""Two ringtrim binaries on benchmarks/cpu.sh's workloads and data (run
cpu.sh once first: it writes bench-data/cpu/), alternating A B B A ..., five
runs each: min and median CPU (user + sys of the process tree) and whether
the two wrote the same bytes (compressed outputs included). Issue 24: the
restructured code against the commit before it, "within noise".

usage: benchmarks/compare_builds.py OLD_BINARY NEW_BINARY [--runs 5]
"""
import argparse, hashlib, os, statistics, subprocess, sys, tempfile
HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("old"); ap.add_argument("new"); ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--work", default=os.path.join(os.path.dirname(HERE), "bench-data", "cpu"))
args = ap.parse_args()
W = args.work
if not os.path.exists(f"{W}/se-1000000.fastq"):
    sys.exit("compare_builds.py: run benchmarks/cpu.sh --reads 1000000 first (it writes the inputs)")
O = tempfile.mkdtemp(prefix="compare-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
A1="AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"; A2="AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
bins={"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
c=f"-a {A1} -q 20 -m 20"
wl={
 "se-plain-j1": f"{c} -j 1 -o {O}/{{n}}.fq {W}/se-1000000.fastq",
 "se-plain-j2": f"{c} -j 2 -o {O}/{{n}}.fq {W}/se-1000000.fastq",
 "se-gzip-j2": f"{c} -Z -j 2 -o {O}/{{n}}.fq.gz {W}/se-1000000.fastq.gz",
 "pe-gzip-j2": f"{c} -A {A2} -Z -j 2 -o {O}/{{n}}.1.fq.gz -p {O}/{{n}}.2.fq.gz {W}/pe-1000000_R1.fastq.gz {W}/pe-1000000_R2.fastq.gz",
 "primers96": f"-g file:{W}/primers96.fasta -j 1 -o {O}/{{n}}.fq {W}/primed-20000.fastq",
}
def run(cmd):
    p=subprocess.Popen(["bash","-c",cmd],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
    _,st,ru=os.wait4(p.pid,0); assert st==0, cmd
    return ru.ru_utime+ru.ru_stime
def h(n):
    out=b""
    for f in sorted(os.listdir(O)):
        if f.startswith(n+"."):
            out+=hashlib.sha256(open(f"{O}/{f}","rb").read()).digest()
    return out
failed = False
for name,cmd in wl.items():
    res={k:[] for k in bins}
    for r in range(args.runs):
        for k in (list(bins) if r%2==0 else list(bins)[::-1]):
            res[k].append(run(bins[k]+" "+cmd.format(n=k)))
    same = h("old")==h("new")
    for f in os.listdir(O): os.unlink(f"{O}/{f}")
    a,b=min(res["old"]),min(res["new"])
    print(f"{name:12s} old min {a:.3f} med {statistics.median(res['old']):.3f} | new min {b:.3f}"
          f" med {statistics.median(res['new']):.3f} | new/old {b/a:.3f} | outputs {'identical' if same else 'DIFFER'}", flush=True)
    failed = failed or not same
os.rmdir(O)
sys.exit(1 if failed else 0)

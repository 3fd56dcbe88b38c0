#!/usr/bin/env python3
"""CPU per read of ringtrim next to cutadapt 4.2 and AdapterRemoval 2.3.3
(issue 14), all in one run on one machine, plus a per-stage CPU profile.

Workloads (simulated 150 bp reads from /work/shared/bench/simreads or
benchmarks/gen_reads.py; -a TruSeq -q 20 -m 20):
  se-plain-j1   single-end, plain in and out, one core
  se-plain-j2   the same on two cores (wall time matters here)
  se-gzip-j2    single-end, gzip input, gzip level 1 output (-Z), two cores
  pe-gzip-j2    paired-end, gzip in, gzip level 1 out, two cores; next to
                `igzip -dc` of both inputs plus `igzip -1` of both outputs
  primers96     96 non-anchored 5' adapters from a FASTA file (-g file:),
                one core

Each ringtrim output is compared with cutadapt's (decompressed); a
difference fails the run. CPU is user + sys of the process tree
(wait4 rusage). Prints a table of ratios and the issue's aims, and a
per-stage profile of ringtrim from `perf record` (symbols grouped into
parse, align, quality trim, filters, formatting, compression, other).

usage: benchmarks/cpu.sh [--ringtrim build/ringtrim] [--reads 200000]
                         [--primer-reads 20000] [--repeat 3] [--no-profile]
"""
import argparse
import gzip
import hashlib
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ADAPTER1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"
ADAPTER2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
SIMREADS = "/work/shared/bench/simreads"


def run(cmd, cwd):
    """Runs cmd (a shell string); returns (wall s, cpu s of the tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"cpu.py: command failed ({proc.returncode}): {cmd}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def best_of(cmd, cwd, repeat):
    runs = [run(cmd, cwd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def digest(path):
    opener = gzip.open if path.endswith(".gz") else open
    h = hashlib.sha256()
    with opener(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ringtrim_and_cutadapt(name, cmd, rt, work, out, suffixes, repeat, cutadapt=True):
    """Times `cmd` ({tool} and {name} filled in) with ringtrim (best of
    `repeat`) and, with `cutadapt`, once with cutadapt 4.2; then every ringtrim
    output OUT/ringtrim<sfx> must equal OUT/cutadapt<sfx> decompressed (without
    `cutadapt`: the file an earlier workload's cutadapt run left there), else
    the run stops. Returns {"ringtrim": (wall, cpu), "cutadapt": ...}."""
    row = {"ringtrim": best_of(cmd.format(tool=rt, name="ringtrim"), work, repeat)}
    if cutadapt:
        row["cutadapt"] = best_of(cmd.format(tool="cutadapt", name="cutadapt"), work, 1)
    for sfx in suffixes:
        a, b = f"{out}/ringtrim{sfx}", f"{out}/cutadapt{sfx}"
        if digest(a) != digest(b):
            sys.exit(f"{os.path.basename(sys.argv[0])}: {name}: ringtrim output {a} differs from cutadapt's {b}")
    return row


def make_data(work, reads, primer_reads):
    os.makedirs(work, exist_ok=True)
    se = os.path.join(work, f"se-{reads}.fastq")
    pe = os.path.join(work, f"pe-{reads}")
    if not os.path.exists(se):
        subprocess.run([SIMREADS, "--reads", str(reads), "--seed", "1", "-o", se[:-6]],
                       check=True, stderr=subprocess.DEVNULL)
    if not os.path.exists(pe + "_R1.fastq"):
        subprocess.run([SIMREADS, "--reads", str(reads), "--seed", "2", "--paired", "-o", pe],
                       check=True, stderr=subprocess.DEVNULL)
    for path in (se, pe + "_R1.fastq", pe + "_R2.fastq"):
        if not os.path.exists(path + ".gz"):
            subprocess.run(f"gzip -1 -c {path} > {path}.gz", shell=True, check=True)
    # 96 random 20-25 nt primers; half the reads start with a (mutated,
    # sometimes partial) primer.
    rng = random.Random(96)
    primers = ["".join(rng.choice("ACGT") for _ in range(rng.randint(20, 25)))
               for _ in range(96)]
    fasta = os.path.join(work, "primers96.fasta")
    with open(fasta, "w") as f:
        for i, p in enumerate(primers):
            f.write(f">p{i + 1}\n{p}\n")
    primed = os.path.join(work, f"primed-{primer_reads}.fastq")
    if not os.path.exists(primed):
        with open(se) as src, open(primed, "w") as out:
            for i in range(primer_reads):
                name, seq, plus, qual = (src.readline() for _ in range(4))
                seq = seq.rstrip("\n")
                if rng.random() < 0.5:
                    p = rng.choice(primers)[rng.randint(0, 5):]
                    p = "".join(rng.choice("ACGT") if rng.random() < 0.02 else c for c in p)
                    seq = (p + seq)[:len(seq)]
                out.write(f"{name}{seq}\n{plus}{qual}")
    return se, pe, fasta, primed


def stage_of(symbol):
    s = symbol
    rules = [
        ("compression", r"deflate|inflate|isal|crc32|adler|gzip|zlib|compress|igzip|huff"),
        ("align", r"Aligner|KmerIndex|MultipleAdapters|Adapter|may_match|locate|avx2_scan|piece|for_each_kmer"),
        ("quality trim", r"quality_trim|qualtrim|nextseq|poly_a|PolyA"),
        ("filters", r"filter|Filter|predicate|TooShort|TooMany|expected_errors"),
        ("parse", r"parse_chunk|last_record_end|RecordView|parse|memchr|ChunkParser|check_ascii|scan_lines|::scan\b"),
        ("formatting", r"text_outputs|format|append|render|write_record|Output|memcpy|memmove"),
    ]
    for name, pattern in rules:
        if re.search(pattern, s):
            return name
    return "other"


def profile(cmd, cwd):
    perf = shutil.which("perf")
    if perf is None:
        return None
    data = os.path.join(cwd, "perf.data")
    r = subprocess.run(f"{perf} record -q -F 1999 -o {data} -- bash -c '{cmd}'", shell=True,
                       cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        return None
    rep = subprocess.run([perf, "report", "-i", data, "--stdio", "--no-children",
                          "--sort", "sym", "--percent-limit", "0"],
                         capture_output=True, text=True, cwd=cwd)
    stages = {}
    top = []
    for line in rep.stdout.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+\[[.k]\]\s+(.*)$", line)
        if not m:
            continue
        pct, sym = float(m.group(1)), m.group(2).strip()
        stage = "kernel/io" if "[k]" in line else stage_of(sym)
        stages[stage] = stages.get(stage, 0.0) + pct
        if len(top) < 12:
            top.append((pct, sym[:90]))
    return stages, top


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ringtrim", default=os.path.join(ROOT, "build", "ringtrim"))
    ap.add_argument("--reads", type=int, default=200000)
    ap.add_argument("--primer-reads", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench-data", "cpu"))
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--only", help="comma-separated workload names")
    args = ap.parse_args()
    rt = os.path.abspath(args.ringtrim)
    work = os.path.abspath(args.work)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.2f}; {platform.platform()}")
    cache = os.path.join(os.path.dirname(rt), "CMakeCache.txt")
    if os.path.exists(cache) and "CMAKE_BUILD_TYPE:STRING=Release" not in open(cache).read():
        print("WARNING: ringtrim is not a Release build; numbers are meaningless")
    se, pe, fasta, primed = make_data(work, args.reads, args.primer_reads)
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    common = f"-a {ADAPTER1} -q 20 -m 20"
    ar_common = f"--adapter1 {ADAPTER1} --trimqualities --minquality 20 --minlength 20"
    igzip = shutil.which("igzip")
    workloads = [
        ("se-plain-j1", args.reads, 1,
         f"{{tool}} {common} -j 1 -o {out}/{{name}}.fq {se}",
         f"AdapterRemoval --file1 {se} {ar_common} --threads 1 --basename {out}/ar --output1 {out}/ar.fq",
         None, [".fq"]),
        ("se-plain-j2", args.reads, 2,
         f"{{tool}} {common} -j 2 -o {out}/{{name}}.fq {se}",
         f"AdapterRemoval --file1 {se} {ar_common} --threads 2 --basename {out}/ar --output1 {out}/ar.fq",
         None, [".fq"]),
        ("se-gzip-j2", args.reads, 2,
         f"{{tool}} {common} -Z -j 2 -o {out}/{{name}}.fq.gz {se}.gz",
         f"AdapterRemoval --file1 {se}.gz {ar_common} --threads 2 --gzip --gzip-level 1 "
         f"--basename {out}/ar --output1 {out}/ar.fq.gz",
         None, [".fq.gz"]),
        ("pe-gzip-j2", args.reads, 2,
         f"{{tool}} {common} -A {ADAPTER2} -Z -j 2 -o {out}/{{name}}.1.fq.gz "
         f"-p {out}/{{name}}.2.fq.gz {pe}_R1.fastq.gz {pe}_R2.fastq.gz",
         f"AdapterRemoval --file1 {pe}_R1.fastq.gz --file2 {pe}_R2.fastq.gz {ar_common} "
         f"--adapter2 {ADAPTER2} --threads 2 --gzip --gzip-level 1 --basename {out}/ar "
         f"--output1 {out}/ar.1.fq.gz --output2 {out}/ar.2.fq.gz",
         (f"{igzip} -dc {pe}_R1.fastq.gz > /dev/null && {igzip} -dc {pe}_R2.fastq.gz > /dev/null"
          f" && {igzip} -1 -c {out}/ringtrim.1.fq.gz.plain > /dev/null"
          f" && {igzip} -1 -c {out}/ringtrim.2.fq.gz.plain > /dev/null") if igzip else None,
         [".1.fq.gz", ".2.fq.gz"]),
        ("primers96", args.primer_reads, 1,
         f"{{tool}} -g file:{fasta} -j 1 -o {out}/{{name}}.fq {primed}",
         None, None, [".fq"]),
    ]
    if args.only:
        keep = set(args.only.split(","))
        workloads = [w for w in workloads if w[0] in keep]
    results = {}
    print(f"\n{'workload':12} {'reads':>8} {'tool':15} {'wall s':>8} {'CPU s':>8} {'CPU us/read':>12}")
    for name, reads, _, cmd, ar_cmd, base_cmd, suffixes in workloads:
        row = ringtrim_and_cutadapt(name, cmd, rt, work, out, suffixes, args.repeat)
        if ar_cmd:
            row["AdapterRemoval"] = best_of(ar_cmd, work, args.repeat)
        if base_cmd:
            for sfx in suffixes:
                subprocess.run(f"gzip -dc {out}/ringtrim{sfx} > {out}/ringtrim{sfx}.plain",
                               shell=True, check=True)
            # The baseline and ringtrim again, alternating, so that both see
            # the same host load (it moves over minutes); best of each.
            rt_cmd = cmd.format(tool=rt, name="ringtrim")
            base_runs, rt_runs = [], [row["ringtrim"]]
            for _ in range(args.repeat):
                base_runs.append(run(base_cmd, work))
                rt_runs.append(run(rt_cmd, work))
            row["ringtrim"] = (min(r[0] for r in rt_runs), min(r[1] for r in rt_runs))
            row["igzip baseline"] = (min(r[0] for r in base_runs), min(r[1] for r in base_runs))
        results[name] = row
        for tool, (wall, cpu) in row.items():
            print(f"{name:12} {reads:>8} {tool:15} {wall:8.2f} {cpu:8.2f} {1e6 * cpu / reads:12.2f}")
        sys.stdout.flush()

    print("\nratios (peer / ringtrim; > 1: ringtrim uses less)")
    for name, row in results.items():
        wall, cpu = row["ringtrim"]
        parts = [f"cutadapt CPU {row['cutadapt'][1] / cpu:5.2f}x wall {row['cutadapt'][0] / wall:5.2f}x"]
        if "AdapterRemoval" in row:
            ar = row["AdapterRemoval"]
            parts.append(f"AdapterRemoval CPU {ar[1] / cpu:5.2f}x wall {ar[0] / wall:5.2f}x")
        if "igzip baseline" in row:
            parts.append(f"ringtrim CPU / igzip baseline CPU {cpu / row['igzip baseline'][1]:4.2f}")
        print(f"  {name:12} " + "; ".join(parts))

    def aim(label, value, target, higher=True):
        ok = value >= target if higher else value <= target
        print(f"  [{'met' if ok else 'NOT met'}] {label}: {value:.2f} (aim {'>=' if higher else '<='} {target})")

    print("\naims")
    if "se-plain-j1" in results:
        r = results["se-plain-j1"]
        aim("SE plain -j 1 CPU, cutadapt / ringtrim", r["cutadapt"][1] / r["ringtrim"][1], 10)
        aim("SE plain -j 1 CPU, AdapterRemoval / ringtrim", r["AdapterRemoval"][1] / r["ringtrim"][1], 3)
    if "se-plain-j2" in results:
        r = results["se-plain-j2"]
        aim("SE plain -j 2 wall, AdapterRemoval / ringtrim", r["AdapterRemoval"][0] / r["ringtrim"][0], 3)
    if "pe-gzip-j2" in results and "igzip baseline" in results["pe-gzip-j2"]:
        r = results["pe-gzip-j2"]
        aim("PE gzip-1 -j 2 CPU, ringtrim / igzip baseline", r["ringtrim"][1] / r["igzip baseline"][1],
            1.5, higher=False)
    if "primers96" in results:
        r = results["primers96"]
        aim("96 5' adapters CPU, cutadapt / ringtrim", r["cutadapt"][1] / r["ringtrim"][1], 10)

    if args.no_profile:
        return
    print("\nper-stage CPU profile of ringtrim (perf, % of samples)")
    for name, _, _, cmd, _, _, _ in workloads:
        if name not in ("se-plain-j1", "se-gzip-j2", "primers96"):
            continue
        prof = profile(cmd.format(tool=rt, name="ringtrim"), work)
        if prof is None:
            print("  perf not usable here")
            return
        stages, top = prof
        order = ["parse", "align", "quality trim", "filters", "formatting", "compression",
                 "kernel/io", "other"]
        print(f"  {name}: " + ", ".join(f"{s} {stages.get(s, 0.0):.1f}" for s in order))
        for pct, sym in top[:8]:
            print(f"      {pct:5.1f}%  {sym}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""gzip in and out next to cutadapt 4.2 and AdapterRemoval 2.3.3, and the
serial roles' ceilings (issue 15), all in one run on one machine.

Workloads (simulated 150 bp reads as in benchmarks/cpu.py, gzip -1 input;
-a TruSeq [-A TruSeq R2] -q 20 -m 20, -j 2 / --threads 2):
  se-default   single-end, default-level gzip output (what pipelines write:
               `-o x.fastq.gz` without -Z; level 5 in cutadapt 4.2 and
               ringtrim, AdapterRemoval's --gzip default level 6)
  se-Z         single-end, gzip level 1 output (-Z; AdapterRemoval
               --gzip --gzip-level 1)
  pe-default, pe-Z   the same for paired files
  se-members   single-end, the input is ringtrim's own gzip output of the
               same reads (RT members: workers inflate), -Z output; next to
               se-Z's ringtrim run on the gzip -1 input
  se-bgzf      the same with the reads compressed by bgzip (BGZF blocks:
               workers inflate, the parent cuts); skipped without bgzip

Every ringtrim output is compared (decompressed) with cutadapt's; a
difference fails the run. Wall time is the best of --repeat runs for
ringtrim and AdapterRemoval, one run for cutadapt. Then
build/benchmarks/serial_roles (when built, -DRINGTRIM_BENCHMARKS=ON) on the
plain, gzip -1, RT-member and BGZF inputs. Prints the ratios and the issue's aims:
default-level output -j 2: >= 4x cutadapt -j 2's wall; -Z -j 2: >= 3.5x
AdapterRemoval --threads 2 --gzip-level 1's wall.

usage: benchmarks/gzip_io.py [--ringtrim build/ringtrim] [--reads 1000000] [--repeat 3]
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpu  # noqa: E402  (the data, run/best_of/digest helpers)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ringtrim", default=os.path.join(cpu.ROOT, "build", "ringtrim"))
    ap.add_argument("--reads", type=int, default=1000000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(cpu.ROOT, "bench-data", "cpu"))
    ap.add_argument("--only", help="comma-separated workload names")
    args = ap.parse_args()
    rt = os.path.abspath(args.ringtrim)
    work = os.path.abspath(args.work)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.2f}; {platform.platform()}")
    se, pe, _, _ = cpu.make_data(work, args.reads, 1000)
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    members = f"{se}.rt.gz"  # ringtrim's own output of the same reads
    if not os.path.exists(members):
        subprocess.run([rt, "-j", "2", "--quiet", "-o", members, se], check=True)
    bgzf = f"{se}.bgz.gz"  # bgzip's BGZF blocks of the same reads
    if not os.path.exists(bgzf) and shutil.which("bgzip"):
        with open(bgzf, "wb") as f:
            subprocess.run(["bgzip", "-c", se], stdout=f, check=True)

    a1, a2 = cpu.ADAPTER1, cpu.ADAPTER2
    common = f"-a {a1} -q 20 -m 20 -j 2"
    ar = f"--adapter1 {a1} --trimqualities --minquality 20 --minlength 20 --threads 2 --gzip"
    se_in, pe_in = f"{se}.gz", f"{pe}_R1.fastq.gz {pe}_R2.fastq.gz"
    ar_pe_in = f"--file1 {pe}_R1.fastq.gz --file2 {pe}_R2.fastq.gz --adapter2 {a2}"
    workloads = [
        ("se-default", f"{{tool}} {common} -o {out}/{{name}}.fq.gz {se_in}",
         f"AdapterRemoval --file1 {se_in} {ar} --basename {out}/ar --output1 {out}/ar.fq.gz", [".fq.gz"]),
        ("se-Z", f"{{tool}} {common} -Z -o {out}/{{name}}.fq.gz {se_in}",
         f"AdapterRemoval --file1 {se_in} {ar} --gzip-level 1 --basename {out}/ar --output1 {out}/ar.fq.gz",
         [".fq.gz"]),
        ("pe-default", f"{{tool}} {common} -A {a2} -o {out}/{{name}}.1.fq.gz -p {out}/{{name}}.2.fq.gz {pe_in}",
         f"AdapterRemoval {ar_pe_in} {ar} --basename {out}/ar --output1 {out}/ar.1.fq.gz "
         f"--output2 {out}/ar.2.fq.gz", [".1.fq.gz", ".2.fq.gz"]),
        ("pe-Z", f"{{tool}} {common} -A {a2} -Z -o {out}/{{name}}.1.fq.gz -p {out}/{{name}}.2.fq.gz {pe_in}",
         f"AdapterRemoval {ar_pe_in} {ar} --gzip-level 1 --basename {out}/ar --output1 {out}/ar.1.fq.gz "
         f"--output2 {out}/ar.2.fq.gz", [".1.fq.gz", ".2.fq.gz"]),
        ("se-members", f"{{tool}} {common} -Z -o {out}/{{name}}.fq.gz {members}", None, [".fq.gz"]),
    ]
    if os.path.exists(bgzf):
        workloads.append(("se-bgzf", f"{{tool}} {common} -Z -o {out}/{{name}}.fq.gz {bgzf}", None, [".fq.gz"]))
    else:
        print("(se-bgzf skipped: no bgzip; scripts/install-deps.sh --bench installs tabix)")
    if args.only:
        keep = set(args.only.split(","))
        workloads = [w for w in workloads if w[0] in keep]
    results = {}
    print(f"\n{'workload':11} {'tool':15} {'wall s':>8} {'CPU s':>8}")
    for name, cmd, ar_cmd, suffixes in workloads:
        # se-members: the same reads as se-Z, compared with se-Z's cutadapt output.
        row = cpu.ringtrim_and_cutadapt(name, cmd, rt, work, out, suffixes, args.repeat,
                                        cutadapt=name not in ("se-members", "se-bgzf"))
        if ar_cmd:
            row["AdapterRemoval"] = cpu.best_of(ar_cmd, work, args.repeat)
        results[name] = row
        for tool, (wall, cpu_s) in row.items():
            print(f"{name:11} {tool:15} {wall:8.2f} {cpu_s:8.2f}")
        sys.stdout.flush()

    print("\nratios (peer / ringtrim; > 1: ringtrim is faster)")
    for name, row in results.items():
        wall, cpu_s = row["ringtrim"]
        parts = []
        for peer in ("cutadapt", "AdapterRemoval"):
            if peer in row:
                parts.append(f"{peer} wall {row[peer][0] / wall:5.2f}x CPU {row[peer][1] / cpu_s:5.2f}x")
        if name in ("se-members", "se-bgzf") and "se-Z" in results:
            z = results["se-Z"]["ringtrim"]
            what = "RT-member" if name == "se-members" else "BGZF"
            parts.append(f"gzip -1 input (se-Z) / {what} input: wall {z[0] / wall:4.2f}x CPU {z[1] / cpu_s:4.2f}x")
        print(f"  {name:11} " + "; ".join(parts))

    def aim(label, value, target):
        print(f"  [{'met' if value >= target else 'NOT met'}] {label}: {value:.2f} (aim >= {target})")

    print("\naims")
    for name in ("se-default", "pe-default"):
        if name in results:
            r = results[name]
            aim(f"{name} -j 2 wall, cutadapt / ringtrim", r["cutadapt"][0] / r["ringtrim"][0], 4)
    for name in ("se-Z", "pe-Z"):
        if name in results:
            r = results[name]
            aim(f"{name} -j 2 wall, AdapterRemoval --gzip-level 1 / ringtrim",
                r["AdapterRemoval"][0] / r["ringtrim"][0], 3.5)

    roles = os.path.join(os.path.dirname(rt), "benchmarks", "serial_roles")
    if not os.path.exists(roles):
        print("\n(serial roles: build with -DRINGTRIM_BENCHMARKS=ON for build/benchmarks/serial_roles)")
        return
    for path in [se, f"{se}.gz", members] + ([bgzf] if os.path.exists(bgzf) else []):
        print(f"\nserial roles, {os.path.basename(path)}:")
        sys.stdout.flush()
        subprocess.run([roles, path, "--reps", str(args.repeat)], check=True)


if __name__ == "__main__":
    main()

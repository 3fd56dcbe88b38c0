#!/usr/bin/env python3
"""End-to-end benchmark of ringtrim (issues 5 and 7); run it as benchmarks/run.sh.

Part 1, "table1" (issue 5): single-end 150 bp reads, plain and gzip level 1 in
and out; ringtrim -j 1/-j 2, cutadapt 4.2 -j 1/-j 2, fastp -w 1/-w 2 and the
`cat` / `zcat | gzip -1` baselines, all with the same adapter and quality
options, in one run (round robin over the repetitions).

Part 2, "sweep" (issue 7): ringtrim --ipc shm and --ipc queue across -j
1,2,4,8,16 and --buffer-size 64 KiB, 1 MiB, 4 MiB, 16 MiB; plain and gzip;
single- and paired-end; next to cutadapt -j, fastp -w and atropos -T at the
same -j values and the baselines. --ipc queue rows are marked "not available"
while the ringtrim binary rejects the option.

Every ringtrim output (decompressed) must be identical across designs, -j and
chunk sizes, and identical to cutadapt -j 1's; the run fails (exit 1) if not.

Per run it records wall time, user+sys CPU of the whole process tree (rusage
of the child and all descendants it reaped, from wait4), peak memory as the
largest sum of Pss over the process tree (every process in the run's session,
/proc/PID/smaps_rollup sampled every --sample-ms; Pss splits each shared page
among the processes that map it, so a shared ring is counted once), and the
largest single-process max RSS (rusage) as a cross-check.
"""
import argparse
import csv
import datetime
import gzip
import hashlib
import os
import platform
import shlex
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, "benchmarks", "gen_reads.py")
A1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"
A2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
JOBS = [1, 2, 4, 8, 16]
KIB, MIB = 1024, 1024 * 1024
CHUNKS = [64 * KIB, 1 * MIB, 4 * MIB, 16 * MIB]
DEFAULT_CHUNK = 4 * MIB
DESIGNS = ["shm", "queue"]
PRESETS = {
    "full": dict(t1_reads=1_000_000, sweep_reads=100_000, sweep_pairs=50_000,
                 t1_reps=3, peer_reps=1, sweep_reps=1, peer_jobs=JOBS, atropos_jobs=JOBS),
    "quick": dict(t1_reads=50_000, sweep_reads=20_000, sweep_pairs=10_000,
                  t1_reps=1, peer_reps=1, sweep_reps=1, peer_jobs=[1, 2], atropos_jobs=[1]),
}
FIELDS = ["section", "layout", "io", "tool", "design", "jobs", "chunk", "reads", "input_mb",
          "reps", "status", "wall_s", "wall_all", "user_s", "sys_s", "cpu_s", "pss_peak_mib",
          "pss_samples", "maxrss_mib", "reads_per_s", "mb_per_s", "load1", "identical",
          "digest", "command"]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def chunk_name(n):
    return f"{n // MIB} MiB" if n >= MIB else f"{n // KIB} KiB"


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


# ---------------------------------------------------------------- measuring

class TreeSampler(threading.Thread):
    """Samples the sum of Pss over every process in session `root`."""

    def __init__(self, root, interval):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_kb, self.samples = 0, 0
        self.done = threading.Event()

    def run(self):
        others = set()
        while True:
            total = 0
            for name in os.listdir("/proc"):
                if not name.isdigit():
                    continue
                pid = int(name)
                if pid in others:
                    continue
                if pid != self.root:  # the root may not have called setsid() yet
                    try:
                        with open(f"/proc/{pid}/stat", "rb") as f:
                            stat = f.read()
                        sid = int(stat[stat.rindex(b")") + 2:].split()[3])
                    except (OSError, ValueError, IndexError):
                        continue
                    if sid != self.root:
                        others.add(pid)
                        continue
                try:
                    with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                        for line in f:
                            if line.startswith(b"Pss:"):
                                total += int(line.split()[1])
                                break
                except (OSError, ValueError):
                    continue
            if total:
                self.peak_kb = max(self.peak_kb, total)
                self.samples += 1
            if self.done.wait(self.interval):
                return


def measure(argv, err_path, interval, env=None):
    """Runs argv once; returns wall, CPU and memory of its process tree."""
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True, env=env)
        sampler = TreeSampler(proc.pid, interval)
        sampler.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return dict(rc=proc.returncode, wall=wall, user=ru.ru_utime, sys=ru.ru_stime,
                pss_kb=sampler.peak_kb, samples=sampler.samples, maxrss_kb=ru.ru_maxrss)


def digest(paths):
    """SHA-1 over the (decompressed) contents of the output files."""
    h = hashlib.sha1()
    for p in paths:
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rb") as f:
            while True:
                buf = f.read(4 * MIB)
                if not buf:
                    break
                h.update(buf)
        h.update(b"\0end-of-file\0")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- data

class Input:
    def __init__(self, layout, io, files, reads):
        self.layout, self.io, self.files, self.reads = layout, io, files, reads
        plain = [f[:-3] if f.endswith(".gz") else f for f in files]
        self.bytes = sum(os.path.getsize(f) for f in plain)


def make_data(data_dir, sizes):
    """sizes: list of (layout, reads). Generates what is missing, in parallel."""
    os.makedirs(data_dir, exist_ok=True)
    jobs, result = [], {}
    for layout, n in sizes:
        if layout == "SE":
            prefix = os.path.join(data_dir, f"se-seed1-{n}")
            plain = [prefix + ".fastq"]
            cmd = [sys.executable, GEN, "--reads", str(n), "--seed", "1", "-o", prefix]
        else:
            prefix = os.path.join(data_dir, f"pe-seed2-{n}")
            plain = [prefix + "_R1.fastq", prefix + "_R2.fastq"]
            cmd = [sys.executable, GEN, "--reads", str(n), "--seed", "2", "--paired", "-o", prefix]
        result[(layout, n)] = plain
        if not all(os.path.exists(p) and os.path.exists(p + ".gz") for p in plain):
            script = shlex.join(cmd) + " && " + " && ".join(
                f"gzip -1 -n -c {shlex.quote(p)} > {shlex.quote(p)}.gz.tmp && "
                f"mv {shlex.quote(p)}.gz.tmp {shlex.quote(p)}.gz" for p in plain)
            log(f"generating {layout} {n} reads: {shlex.join(cmd)}")
            jobs.append(subprocess.Popen(["sh", "-c", script]))
    for j in jobs:
        if j.wait() != 0:
            sys.exit("bench: data generation failed")
    return result


# ---------------------------------------------------------------- commands

def ringtrim_cmd(rt, inp, outs, jobs, design=None, chunk=None):
    a = [rt]
    if design:
        a += ["--ipc", design]
    a += ["-j", str(jobs)]
    if chunk:
        a += ["--buffer-size", str(chunk)]
    if inp.io == "gz":
        a += ["-Z"]
    a += ["-a", A1] + (["-A", A2] if inp.layout == "PE" else []) + ["-q", "20", "-m", "20"]
    a += ["-o", outs[0]] + (["-p", outs[1]] if inp.layout == "PE" else []) + inp.files
    return a


def cutadapt_cmd(inp, outs, jobs):
    a = ["cutadapt", "-j", str(jobs)] + (["-Z"] if inp.io == "gz" else [])
    a += ["-a", A1] + (["-A", A2] if inp.layout == "PE" else []) + ["-q", "20", "-m", "20"]
    return a + ["-o", outs[0]] + (["-p", outs[1]] if inp.layout == "PE" else []) + inp.files


def fastp_cmd(inp, outs, jobs):
    a = ["fastp", "-w", str(jobs), "--dont_eval_duplication", "--adapter_sequence", A1]
    if inp.layout == "PE":
        a += ["--adapter_sequence_r2", A2, "-I", inp.files[1], "-O", outs[1]]
    a += ["--cut_tail", "--cut_mean_quality", "20", "-l", "20", "-j", "/dev/null",
          "-h", "/dev/null", "-i", inp.files[0], "-o", outs[0]]
    return a + (["-z", "1"] if inp.io == "gz" else [])


def atropos_cmd(inp, outs, jobs):
    a = ["atropos", "trim", "--quiet", "--report-file", "/dev/null", "-a", A1]
    a += (["-A", A2] if inp.layout == "PE" else []) + ["-q", "20", "-m", "20"]
    if jobs > 1:  # without -T atropos runs serially
        a += ["-T", str(jobs), "--preserve-order", "--compression", "writer"]
    if inp.layout == "PE":
        return a + ["-pe1", inp.files[0], "-pe2", inp.files[1], "-o", outs[0], "-p", outs[1]]
    return a + ["-se", inp.files[0], "-o", outs[0]]


def baseline_cmd(inp, outs):
    step = 'cat "$%d" > "$%d"' if inp.io == "plain" else 'zcat "$%d" | gzip -1 > "$%d"'
    n = len(inp.files)
    script = "; ".join(step % (i + 1, n + i + 1) for i in range(n))
    return ["sh", "-c", script, "sh"] + inp.files + outs


def baseline_name(io):
    return "cat" if io == "plain" else "zcat | gzip -1"


# ---------------------------------------------------------------- the run

class Bench:
    def __init__(self, args, preset):
        self.args, self.p = args, preset
        self.out = os.path.abspath(args.out)
        self.scratch = os.path.join(self.out, "scratch")
        shutil.rmtree(self.scratch, ignore_errors=True)
        os.makedirs(self.scratch)
        self.rt = os.path.abspath(args.ringtrim)
        self.interval = args.sample_ms / 1000.0
        self.rows = []
        self.failures = []
        self.counter = 0
        self.have = {t: shutil.which(t) is not None for t in ("cutadapt", "fastp", "atropos")}
        # atropos has no compression-level option and calls the system gzip:
        # put a `gzip -1` first on its PATH so its output level matches.
        wrap = os.path.join(self.scratch, "gzip1")
        os.makedirs(wrap)
        with open(os.path.join(wrap, "gzip"), "w") as f:
            f.write(f'#!/bin/sh\nexec {shutil.which("gzip") or "/bin/gzip"} -1 "$@"\n')
        os.chmod(os.path.join(wrap, "gzip"), 0o755)
        self.atropos_env = dict(os.environ, PATH=wrap + os.pathsep + os.environ["PATH"])

    def outputs(self, inp):
        self.counter += 1
        ext = ".fastq.gz" if inp.io == "gz" else ".fastq"
        base = os.path.join(self.scratch, f"out{self.counter}")
        return [base + ext] if inp.layout == "SE" else [base + "_1" + ext, base + "_2" + ext]

    def detect_queue(self, tiny):
        ok = {}
        for layout, inp in tiny.items():
            outs = self.outputs(inp)
            argv = ringtrim_cmd(self.rt, inp, outs, 2, design="queue")
            r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            ok[layout] = r.returncode == 0
            if not ok[layout]:
                log(f"--ipc queue not available for {layout}: rc {r.returncode}: "
                    f"{r.stderr.decode(errors='replace').strip()[:200]}")
            for o in outs:
                if os.path.exists(o):
                    os.remove(o)
        return ok

    def run_config(self, spec, reps):
        """spec: dict with section, inp, tool, design, jobs, chunk, build(outs) -> argv, env,
        hash (bool). Runs `reps` times; keeps the fastest."""
        inp = spec["inp"]
        best, walls = None, []
        for _ in range(reps):
            outs = self.outputs(inp)
            argv = spec["build"](outs)
            ld = load1()
            m = measure(argv, os.path.join(self.scratch, "stderr.txt"), self.interval,
                        spec.get("env"))
            m["load1"] = ld
            if m["rc"] != 0:
                with open(os.path.join(self.scratch, "stderr.txt"), errors="replace") as f:
                    m["error"] = f.read()[-600:]
            elif spec.get("hash"):
                m["digest"] = digest(outs)
            for o in outs:
                if os.path.exists(o):
                    os.remove(o)
            m["argv"] = argv
            walls.append(m["wall"])
            if m["rc"] != 0:
                best = m
                break
            if best is None or m["wall"] < best["wall"]:
                best = m
        return self.record(spec, best, walls)

    def record(self, spec, m, walls):
        inp = spec["inp"]
        row = dict(section=spec["section"], layout=inp.layout, io=inp.io, tool=spec["tool"],
                   design=spec.get("design") or "", jobs=spec.get("jobs") or "",
                   chunk=spec.get("chunk") or "", reads=inp.reads,
                   input_mb=f"{inp.bytes / 1e6:.1f}", reps=len(walls), identical="")
        if m is None:
            row.update(status="not available", command=shlex.join(spec["build"](["OUT1", "OUT2"][:len(inp.files)])))
            self.rows.append(row)
            return row
        cmd = shlex.join(m["argv"])
        row.update(
            status="ok" if m["rc"] == 0 else f"failed (exit {m['rc']})",
            wall_s=f"{m['wall']:.3f}", wall_all=" ".join(f"{w:.3f}" for w in walls),
            user_s=f"{m['user']:.2f}", sys_s=f"{m['sys']:.2f}", cpu_s=f"{m['user'] + m['sys']:.2f}",
            pss_peak_mib=f"{m['pss_kb'] / 1024:.1f}", pss_samples=m["samples"],
            maxrss_mib=f"{m['maxrss_kb'] / 1024:.1f}",
            reads_per_s=f"{inp.reads / m['wall']:.0f}", mb_per_s=f"{inp.bytes / 1e6 / m['wall']:.1f}",
            load1=f"{m['load1']:.2f}", digest=m.get("digest", ""), command=cmd)
        self.rows.append(row)
        label = f"{spec['section']} {inp.layout} {inp.io} {spec['tool']}"
        if spec.get("design"):
            label += f" --ipc {spec['design']}"
        if spec.get("chunk"):
            label += f" {chunk_name(spec['chunk'])}"
        log(f"{label}: {row['status']} {m['wall']:.2f} s, {row['reads_per_s']} reads/s, "
            f"CPU {row['cpu_s']} s, PSS {row['pss_peak_mib']} MiB")
        if m["rc"] != 0:
            log("  stderr: " + m.get("error", "").strip().replace("\n", "\n  "))
            if spec["tool"].startswith("ringtrim"):
                self.failures.append(f"{label}: exit {m['rc']}: {cmd}")
        return row

    # -- part 1
    def table1(self, data):
        n = self.p["t1_reads"]
        inps = [Input("SE", "plain", data[("SE", n)], n),
                Input("SE", "gz", [f + ".gz" for f in data[("SE", n)]], n)]
        specs = []
        for inp in inps:
            for f in inp.files:  # warm the page cache
                subprocess.run(["cat", f], stdout=subprocess.DEVNULL)
            specs.append(dict(section="table1", inp=inp, tool=baseline_name(inp.io), peer=False,
                              build=lambda o, i=inp: baseline_cmd(i, o)))
            for j in (1, 2):
                specs.append(dict(section="table1", inp=inp, tool="ringtrim", jobs=j, peer=False,
                                  hash=True, build=lambda o, i=inp, j=j: ringtrim_cmd(self.rt, i, o, j)))
            for j in (1, 2):
                if self.have["cutadapt"]:
                    specs.append(dict(section="table1", inp=inp, tool="cutadapt", jobs=j, peer=True,
                                      hash=(j == 1), build=lambda o, i=inp, j=j: cutadapt_cmd(i, o, j)))
            for j in (1, 2):
                if self.have["fastp"]:
                    specs.append(dict(section="table1", inp=inp, tool="fastp", jobs=j, peer=True,
                                      build=lambda o, i=inp, j=j: fastp_cmd(i, o, j)))
        # Round robin: repetition r runs every configuration once, so that a
        # burst of load from elsewhere does not hit one tool's repetitions only.
        t1reps, peer_reps = self.p["t1_reps"], self.p["peer_reps"]
        best = {}
        for r in range(max(t1reps, peer_reps)):
            for k, s in enumerate(specs):
                if r >= (peer_reps if s["peer"] else t1reps):
                    continue
                before = len(self.rows)
                self.run_config(dict(s, hash=s.get("hash") and r == 0), 1)  # check once
                row = self.rows.pop()
                assert len(self.rows) == before
                prev = best.get(k)
                if prev is None:
                    best[k] = row
                else:
                    walls = prev["wall_all"] + " " + row["wall_all"]
                    if row["status"] == "ok" and (prev["status"] != "ok" or
                                                  float(row["wall_s"]) < float(prev["wall_s"])):
                        prev = row
                    prev = dict(prev, wall_all=walls, reps=len(walls.split()),
                                digest=best[k].get("digest") or row.get("digest", ""))
                    best[k] = prev
        self.rows += [best[k] for k in sorted(best)]

    # -- part 2
    def sweep(self, data, queue_ok):
        n, pairs = self.p["sweep_reads"], self.p["sweep_pairs"]
        reps = self.p["sweep_reps"]
        for layout, count in (("SE", n), ("PE", pairs)):
            for io in ("plain", "gz"):
                files = data[(layout, count)]
                inp = Input(layout, io, [f + ".gz" for f in files] if io == "gz" else files, count)
                for f in inp.files:
                    subprocess.run(["cat", f], stdout=subprocess.DEVNULL)
                base = dict(section="sweep", inp=inp)
                for design in DESIGNS:
                    for chunk in CHUNKS:
                        for j in JOBS:
                            s = dict(base, tool="ringtrim", design=design, jobs=j, chunk=chunk,
                                     hash=True, build=lambda o, i=inp, j=j, d=design, c=chunk:
                                     ringtrim_cmd(self.rt, i, o, j, design=d, chunk=c))
                            if design == "queue" and not queue_ok.get(layout):
                                self.record(s, None, [])
                            else:
                                self.run_config(s, reps)
                if self.args.no_peers:
                    continue
                self.run_config(dict(base, tool=baseline_name(io),
                                     build=lambda o, i=inp: baseline_cmd(i, o)), reps)
                for j in self.p["peer_jobs"]:
                    if self.have["cutadapt"]:
                        self.run_config(dict(base, tool="cutadapt", jobs=j, hash=(j == 1),
                                             build=lambda o, i=inp, j=j: cutadapt_cmd(i, o, j)), reps)
                    if self.have["fastp"]:
                        self.run_config(dict(base, tool="fastp", jobs=j,
                                             build=lambda o, i=inp, j=j: fastp_cmd(i, o, j)), reps)
                    # atropos: single-end only (its -T >= 2 start-up alone takes ~6 s a run)
                    if self.have["atropos"] and j in self.p["atropos_jobs"] and layout == "SE":
                        self.run_config(dict(base, tool="atropos", jobs=j, hash=True,
                                             env=self.atropos_env,
                                             build=lambda o, i=inp, j=j: atropos_cmd(i, o, j)), reps)

    # -- part 3
    def profile(self, data):
        """perf record of ringtrim -j 1 on the sweep's single-end input, plain and gzip:
        where the CPU time goes. Skipped when perf is missing or not permitted."""
        if not shutil.which("perf"):
            log("perf not found; no profile")
            return ""
        n = self.p["sweep_reads"]
        text = []
        for io in ("plain", "gz"):
            files = data[("SE", n)]
            inp = Input("SE", io, [f + ".gz" for f in files] if io == "gz" else files, n)
            outs = self.outputs(inp)
            pdata = os.path.join(self.scratch, "perf.data")
            argv = ["perf", "record", "-q", "-F", "1999", "-o", pdata, "--"] + \
                ringtrim_cmd(self.rt, inp, outs, 1)
            r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for o in outs:
                if os.path.exists(o):
                    os.remove(o)
            if r.returncode != 0:
                log("perf record failed: " + r.stderr.decode(errors="replace").strip()[:300])
                return ""
            rep = subprocess.run(["perf", "report", "-i", pdata, "--no-children", "--sort",
                                  "dso,symbol", "--stdio", "-q"], capture_output=True, text=True)
            lines = [" ".join(line.split()) for line in rep.stdout.splitlines()
                     if line.strip() and "%" in line.split()[0]]
            total = {}
            for line in lines:
                pct = float(line.split()[0].rstrip("%"))
                sym = line.split("] ", 1)[-1]
                group = ("adapter alignment" if "Aligner::" in sym or "Comparer" in sym else
                         "memcpy/memset" if any(x in sym for x in ("memmove", "memcpy", "memset")) else
                         "kernel" if "[kernel" in line or "[k]" in line else
                         "inflate/deflate" if any(x in line for x in ("isal", "inflate", "deflate",
                                                                      "libz", "crc32", "adler"))
                         else "other")
                total[group] = total.get(group, 0) + pct
            text.append(f"ringtrim -j 1, single-end {io}, {n:,} reads: " + ", ".join(
                f"{g} {v:.0f} %" for g, v in sorted(total.items(), key=lambda x: -x[1])))
            text += ["    " + line for line in lines[:12]]
        log("profile:\n" + "\n".join(text))
        return "\n".join(text)

    def verify(self):
        """ringtrim outputs: identical within a section and layout (plain and gzip
        inputs, every design, -j and chunk size) and identical to cutadapt -j 1."""
        groups = {}
        for r in self.rows:
            if r.get("digest") and r["tool"] in ("ringtrim", "cutadapt"):
                groups.setdefault((r["section"], r["layout"]), []).append(r)
        for key, rows in groups.items():
            ref = next((r for r in rows if r["tool"] == "cutadapt"), rows[0])
            for r in rows:
                same = r["digest"] == ref["digest"]
                r["identical"] = "yes" if same else "NO"
                if not same:
                    self.failures.append(
                        f"OUTPUT DIFFERS: {r['section']} {r['layout']} {r['io']} {r['tool']} "
                        f"{r['design']} -j {r['jobs']} chunk {r['chunk']}: {r['digest']} vs "
                        f"{ref['tool']} {ref['io']} {ref['digest']}: {r['command']}")
        for r in self.rows:  # atropos: informative only
            if r["tool"] == "atropos" and r.get("digest"):
                ref = next((g["digest"] for g in groups.get((r["section"], r["layout"]), [])
                            if g["tool"] == "cutadapt"), None)
                r["identical"] = "yes" if ref == r["digest"] else "no"


# ---------------------------------------------------------------- reports

def machine_info(rt):
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    shm = sh("df -h --output=size /dev/shm | tail -1").strip()
    build = os.path.join(os.path.dirname(rt), "CMakeCache.txt")
    btype = ""
    if os.path.exists(build):
        with open(build) as f:
            for line in f:
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    btype = line.split("=", 1)[1].strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()), "cpu": model, "memory": mem, "/dev/shm": shm,
        "kernel": platform.release(), "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "ringtrim": f"{rt} ({btype or 'unknown'} build), git {sh(f'git -C {shlex.quote(ROOT)} rev-parse --short HEAD')}"
                    + (" + local changes" if sh(f"git -C {shlex.quote(ROOT)} status --porcelain -uno") else ""),
        "cutadapt": sh("cutadapt --version"), "fastp": sh("fastp --version 2>&1"),
        "atropos": sh("atropos --version 2>&1"), "python": platform.python_version(),
    }


def esc(text):
    return str(text).replace("|", "\\|")


def k(x):
    return f"{float(x) / 1000:,.0f}k"


def fnum(x, d=2):
    return f"{float(x):,.{d}f}"


def markdown(rows, info, meta):
    out = ["# ringtrim end-to-end benchmark", ""]
    out += [f"- {key}: {val}" for key, val in info.items()]
    out += [f"- {key}: {val}" for key, val in meta.items()]
    out.append("")
    t1 = [r for r in rows if r["section"] == "table1"]
    if t1:
        out += ["## Table 1: single-end, " + f"{int(t1[0]['reads']):,} reads "
                f"({t1[0]['input_mb']} MB of FASTQ)", "",
                "| tool | in/out | runs | wall s | reads/s | MB/s | CPU s | peak PSS MiB | ÷ baseline time | × cutadapt (same -j) |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for io in ("plain", "gz"):
            rs = [r for r in t1 if r["io"] == io]
            base = next((r for r in rs if r["tool"] == baseline_name(io) and r["status"] == "ok"), None)
            for r in rs:
                name = esc(r["tool"]) + (f" -{'w' if r['tool'] == 'fastp' else 'j'} {r['jobs']}" if r["jobs"] else "")
                iol = "fastq" if io == "plain" else "fastq.gz (level 1)"
                if r["status"] != "ok":
                    out.append(f"| {name} | {iol} | | {r['status']} | | | | | | |")
                    continue
                cut = next((c for c in rs if c["tool"] == "cutadapt" and c["jobs"] == r["jobs"]
                            and c["status"] == "ok"), None)
                rel = fnum(float(r["wall_s"]) / float(base["wall_s"]), 1) + "×" if base else ""
                vs = fnum(float(cut["wall_s"]) / float(r["wall_s"]), 2) + "×" if cut and r["jobs"] else ""
                out.append(f"| {name} | {iol} | {r['reps']} | {fnum(r['wall_s'])} | {float(r['reads_per_s']):,.0f} | "
                           f"{fnum(r['mb_per_s'], 1)} | {fnum(r['cpu_s'])} | {fnum(r['pss_peak_mib'], 1)} | {rel} | {vs} |")
        out.append("")
        out += aims(t1)
    sw = [r for r in rows if r["section"] == "sweep"]
    if sw:
        se = next((r for r in sw if r["layout"] == "SE"), None)
        pe = next((r for r in sw if r["layout"] == "PE"), None)
        out += ["## Sweep", "",
                f"Single-end: {int(se['reads']):,} reads ({se['input_mb']} MB); " if se else "",
                f"paired-end: {int(pe['reads']):,} pairs ({pe['input_mb']} MB, both mates). " if pe else "",
                "Cells: thousands of reads (pairs) per second, one run each unless noted. "
                "n/a: design not available in this binary.", ""]
        for layout in ("SE", "PE"):
            for io in ("plain", "gz"):
                rs = [r for r in sw if r["layout"] == layout and r["io"] == io]
                if not rs:
                    continue
                out += sweep_table(rs, layout, io)
    return "\n".join(out) + "\n"


def aims(t1):
    def get(tool, io, j=""):
        return next((r for r in t1 if r["tool"] == tool and r["io"] == io and r["jobs"] == j
                     and r["status"] == "ok"), None)
    lines = []
    rt2, cat = get("ringtrim", "plain", 2), get("cat", "plain")
    if rt2 and cat:
        x = float(rt2["wall_s"]) / float(cat["wall_s"])
        lines.append(f"- Aim 1 (plain, ringtrim -j 2 within 2× the time of cat): {x:.1f}× — "
                     + ("met" if x <= 2 else "**not met**"))
    rtz, cz = get("ringtrim", "gz", 2), get("cutadapt", "gz", 2)
    if rtz and cz:
        x = float(cz["wall_s"]) / float(rtz["wall_s"])
        lines.append(f"- Aim 2 (gzip, ringtrim -j 2 at least 5× faster than cutadapt -j 2): {x:.1f}× — "
                     + ("met" if x >= 5 else "**not met**"))
    return lines + [""] if lines else []


def sweep_table(rs, layout, io):
    title = f"### {'single-end' if layout == 'SE' else 'paired-end'}, " + \
        ("plain FASTQ" if io == "plain" else "gzip level 1 in and out")
    head = "| tool | chunk | " + " | ".join(f"-j {j}" for j in JOBS) + " |"
    out = [title, "", head, "|---|---|" + "---|" * len(JOBS)]
    res = ["", "Peak PSS MiB / CPU s (user+sys) of the same runs:", "", head,
           "|---|---|" + "---|" * len(JOBS)]
    keys = []
    for r in rs:
        key = (r["tool"], r["design"], r["chunk"])
        if key not in keys:
            keys.append(key)
    base = None
    for key in keys:
        tool, design, chunk = key
        cells = {r["jobs"]: r for r in rs if (r["tool"], r["design"], r["chunk"]) == key}
        if tool in ("cat", "zcat | gzip -1"):
            base = cells.get("")
            continue
        name = f"ringtrim --ipc {design}" if tool == "ringtrim" else \
            {"fastp": "fastp -w", "atropos": "atropos -T", "cutadapt": "cutadapt -j"}.get(tool, tool)
        cn = chunk_name(int(chunk)) if chunk else ""
        row, rrow = f"| {name} | {cn} |", f"| {name} | {cn} |"
        for j in JOBS:
            r = cells.get(j)
            if r is None:
                row += " |"
                rrow += " |"
            elif r["status"] == "not available":
                row += " n/a |"
                rrow += " n/a |"
            elif r["status"] != "ok":
                row += f" {r['status']} |"
                rrow += " |"
            else:
                bad = " ≠" if r.get("identical") == "NO" else ""
                row += f" {k(r['reads_per_s'])}{bad} |"
                rrow += f" {fnum(r['pss_peak_mib'], 0)} / {fnum(r['cpu_s'], 1)} |"
        out.append(row)
        res.append(rrow)
    if base and base["status"] == "ok":
        out += ["", f"Baseline `{base['tool']}`: {k(base['reads_per_s'])} reads/s "
                    f"({fnum(base['wall_s'])} s, {fnum(base['mb_per_s'], 0)} MB/s)."]
    return out + res + [""]


def plot(rows, path, command, info):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not found (Debian: python3-matplotlib); no plot")
        return False
    sw = [r for r in rows if r["section"] == "sweep" and r["status"] == "ok"]
    if not sw:
        return False
    fig, axes = plt.subplots(2, 2, figsize=(12, 10), sharex=True)
    panels = [("SE", "plain"), ("SE", "gz"), ("PE", "plain"), ("PE", "gz")]
    shm_c = {64 * KIB: "#9ecae1", MIB: "#4292c6", 4 * MIB: "#08519c", 16 * MIB: "#08306b"}
    q_c = {64 * KIB: "#fdae6b", MIB: "#f16913", 4 * MIB: "#d94801", 16 * MIB: "#7f2704"}
    peers = {"cutadapt": ("#238b45", "s"), "fastp": ("#cb181d", "^"), "atropos": ("#6a51a3", "D")}
    cores = int(info["cores"] or 0)
    for ax, (layout, io) in zip(axes.flat, panels):
        rs = [r for r in sw if r["layout"] == layout and r["io"] == io]
        for design, colors, style in (("shm", shm_c, "-"), ("queue", q_c, "--")):
            for chunk in CHUNKS:
                pts = sorted((r["jobs"], float(r["reads_per_s"])) for r in rs if r["tool"] == "ringtrim"
                             and r["design"] == design and int(r["chunk"]) == chunk)
                if pts:
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, marker="o", ms=4,
                            color=colors[chunk], label=f"ringtrim --ipc {design}, {chunk_name(chunk)} chunks")
        for tool, (color, marker) in peers.items():
            pts = sorted((r["jobs"], float(r["reads_per_s"])) for r in rs if r["tool"] == tool)
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], ":", marker=marker, color=color,
                        label=tool + (" -w" if tool == "fastp" else " -T" if tool == "atropos" else " -j"))
        base = next((r for r in rs if r["tool"] in ("cat", "zcat | gzip -1")), None)
        if base:
            ax.axhline(float(base["reads_per_s"]), color="grey", lw=1, ls="-.",
                       label="cat / zcat | gzip -1 baseline")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(JOBS)
        ax.set_xticklabels([str(j) for j in JOBS])
        ax.set_title(f"{'single-end' if layout == 'SE' else 'paired-end'}, "
                     f"{'plain FASTQ' if io == 'plain' else 'gzip level 1 in/out'}"
                     + (f" ({int(rs[0]['reads']):,} {'reads' if layout == 'SE' else 'pairs'})" if rs else ""))
        ax.set_ylabel("reads (pairs) per second")
        ax.grid(True, which="both", alpha=0.3)
        if cores:
            ax.axvline(cores, color="black", lw=0.8, alpha=0.4)
            ax.annotate(f" {cores} cores", xy=(cores, 0.02), xycoords=("data", "axes fraction"),
                        fontsize=8)
    for ax in axes[1]:
        ax.set_xlabel("-j (ringtrim, cutadapt), -w (fastp), -T (atropos)")
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 0.03))
    fig.suptitle(f"ringtrim throughput vs -j: {info['cores']} cores, {info['cpu']}, {info['date']}")
    fig.text(0.5, 0.008, f"$ {command}", ha="center", fontsize=8, family="monospace")
    fig.subplots_adjust(left=0.08, right=0.98, top=0.92, bottom=0.22, hspace=0.22, wspace=0.2)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["jobs"] = int(r["jobs"]) if r["jobs"] else ""
    return rows


def main():
    ap = argparse.ArgumentParser(prog="benchmarks/run.sh", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small inputs, peers at -j 1/2 only, one run each")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data", "results"),
                    help="output folder for results.csv, results.md, *.png (default bench-data/results)")
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data"),
                    help="folder for the generated reads (default bench-data, reused between runs)")
    ap.add_argument("--ringtrim", default=os.environ.get("RINGTRIM", os.path.join(ROOT, "build", "ringtrim")),
                    help="ringtrim binary (default $RINGTRIM or build/ringtrim)")
    ap.add_argument("--parts", default="table1,sweep,profile",
                    help="comma-separated: table1, sweep, profile (perf; full mode only by default)")
    ap.add_argument("--t1-reads", type=int, help="reads in table 1 (full: 1000000, quick: 50000)")
    ap.add_argument("--sweep-reads", type=int, help="single-end reads in the sweep (full: 100000)")
    ap.add_argument("--sweep-pairs", type=int, help="pairs in the sweep (full: 50000)")
    ap.add_argument("--t1-reps", type=int, help="runs per ringtrim/baseline row of table 1, best kept (full: 3)")
    ap.add_argument("--peer-reps", type=int, help="runs per cutadapt/fastp row of table 1 (1)")
    ap.add_argument("--sweep-reps", type=int, help="runs per sweep configuration (1)")
    ap.add_argument("--no-peers", action="store_true", help="sweep: ringtrim only")
    ap.add_argument("--sample-ms", type=float, default=50, help="memory sampling interval (50 ms)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite results.md and the plot from OUT/results.csv")
    args = ap.parse_args()
    preset = dict(PRESETS["quick" if args.quick else "full"])
    for key in ("t1_reads", "sweep_reads", "sweep_pairs", "t1_reps", "peer_reps", "sweep_reps"):
        if getattr(args, key) is not None:
            preset[key] = getattr(args, key)
    command = "benchmarks/run.sh " + shlex.join(sys.argv[1:])
    os.makedirs(args.out, exist_ok=True)
    csv_path = os.path.join(args.out, "results.csv")
    if args.report_only:
        rows = read_csv(csv_path)
        with open(os.path.join(args.out, "machine.txt")) as f:
            info = dict(line.rstrip("\n").split(": ", 1) for line in f if ": " in line)
        meta = {"command": info.pop("command", command), "elapsed": info.pop("elapsed", "")}
        for key in [k for k in info if k.startswith("load")]:
            meta[key] = info.pop(key)
        write_reports(rows, info, meta, args.out, meta["command"])
        return 0

    rt = os.path.abspath(args.ringtrim)
    if not os.access(rt, os.X_OK):
        sys.exit(f"bench: no ringtrim binary at {rt}; build it (scripts/build.sh) or pass --ringtrim")
    t_start = time.time()
    info = machine_info(rt)
    if "Release" not in info["ringtrim"]:
        log(f"WARNING: {rt} is not a Release build; the numbers mean little")
    log(f"machine: {info['cores']} cores, {info['cpu']}, load {load1():.2f}")
    parts = set(args.parts.split(","))
    if args.quick and args.parts == ap.get_default("parts"):
        parts.discard("profile")
    sizes = []
    if "table1" in parts:
        sizes.append(("SE", preset["t1_reads"]))
    if "sweep" in parts or "profile" in parts:
        sizes += [("SE", preset["sweep_reads"]), ("PE", preset["sweep_pairs"])]
    sizes += [("SE", 100), ("PE", 100)]
    data = make_data(args.data, sorted(set(sizes)))
    b = Bench(args, preset)
    load_start = open("/proc/loadavg").read().split()[:3]
    tiny = {lay: Input(lay, "plain", data[(lay, 100)], 100) for lay in ("SE", "PE")}
    queue_ok = b.detect_queue(tiny)
    t_data = time.time()
    if "table1" in parts:
        b.table1(data)
    if "sweep" in parts:
        b.sweep(data, queue_ok)
    prof = b.profile(data) if "profile" in parts else ""
    if prof:
        with open(os.path.join(args.out, "profile.txt"), "w") as f:
            f.write(prof + "\n")
    b.verify()
    shutil.rmtree(b.scratch, ignore_errors=True)
    load_end = open("/proc/loadavg").read().split()[:3]
    elapsed = time.time() - t_start
    meta = {
        "command": command,
        "elapsed": f"{elapsed:.0f} s in all ({t_data - t_start:.0f} s of it generating data or checking --ipc queue)",
        "load at start (1/5/15 min)": " ".join(load_start),
        "load at end (1/5/15 min)": " ".join(load_end),
        "--ipc queue": ", ".join(f"{k}: {'available' if v else 'not available'}" for k, v in queue_ok.items()),
    }
    with open(csv_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        w.writerows(b.rows)
    with open(os.path.join(args.out, "machine.txt"), "w") as f:
        for key, val in list(info.items()) + list(meta.items()):
            f.write(f"{key}: {val}\n")
    write_reports(b.rows, info, meta, args.out, command)
    log(f"done in {elapsed:.0f} s: {csv_path}, results.md, throughput.png in {args.out}")
    if b.failures:
        print("\n" + "!" * 72 + "\nBENCHMARK FAILED: ringtrim failed or its outputs differ\n" +
              "\n".join(b.failures) + "\n" + "!" * 72, file=sys.stderr)
        return 1
    log("every ringtrim output is identical (decompressed) across designs, -j, chunk sizes "
        "and to cutadapt -j 1")
    return 0


def write_reports(rows, info, meta, out, command):
    text = markdown(rows, info, meta)
    prof = os.path.join(out, "profile.txt")
    if os.path.exists(prof):
        with open(prof) as f:
            text += "\n## Profile (perf record, share of samples)\n\n```\n" + f.read() + "```\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    plot(rows, os.path.join(out, "throughput.png"), command, info)


if __name__ == "__main__":
    sys.exit(main())

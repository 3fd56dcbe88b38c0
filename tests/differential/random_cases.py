#!/usr/bin/env python3
"""Differential test of ringtrim against a cutadapt: random reads, random
combinations of options, the same command line for both, every output
compared (decompressed), the exit status too, and standard output when the
report is --report=minimal (the full report names the program and the run
time).

The reference is Debian's cutadapt 4.2 by default, or cutadapt 5.2
(--reference ../shared/oracle/cutadapt52 --as 5.2, issue 26). Where several
adapters match equally well, cutadapt 5.2 breaks the tie by the order of a
Python set, which changes with PYTHONHASHSEED: each reference run is made
under two hash seeds and a round whose two runs differ is skipped (counted,
not compared). Options that the chosen version lacks are never drawn.

A round that differs is printed with its command and, with --keep DIR,
written as a case in the format of ../shared/conformance (args, inputs,
expected/ from the reference), so that it can be replayed with
run-conformance.

usage: tests/differential/random_cases.py [--ringtrim build/ringtrim]
           [--reference cutadapt] [--as 4.2|5.2] [--rounds 200] [--seed 1]
           [--jobs 2] [--keep DIR]
exit status: 0 when every compared round agrees, 1 otherwise.
"""
import argparse
import concurrent.futures
import gzip
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IUPAC = "ACGTRYSWKMBDHVN"


def version_tuple(v):
    return tuple(int(x) for x in v.split("."))


# --- random inputs ---------------------------------------------------------------


def random_seq(rnd, n, alphabet="ACGT"):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def adapter_text(rnd):
    n = rnd.randint(5, 25)
    if rnd.random() < 0.2:  # a few IUPAC wildcards
        return "".join(rnd.choice(IUPAC) if rnd.random() < 0.15 else rnd.choice("ACGT") for _ in range(n))
    return random_seq(rnd, n)


def concrete(rnd, adapter):
    """A read's copy of an adapter: wildcards resolved, now and then an error."""
    out = []
    for c in adapter:
        if c not in "ACGT":
            c = rnd.choice("ACGT")
        if rnd.random() < 0.03:
            c = rnd.choice("ACGT")
        out.append(c)
    return "".join(out)


def make_reads(rnd, n, adapters3, adapters5):
    reads = []
    for i in range(n):
        seq = random_seq(rnd, rnd.randint(10, 120))
        if adapters3 and rnd.random() < 0.5:
            a = concrete(rnd, rnd.choice(adapters3))
            seq = seq[: rnd.randint(0, len(seq))] + a[: rnd.randint(1, len(a))] + random_seq(rnd, rnd.randint(0, 20))
        if adapters5 and rnd.random() < 0.4:
            a = concrete(rnd, rnd.choice(adapters5))
            seq = a[rnd.randint(0, len(a) - 1):] + seq
        if rnd.random() < 0.1:
            k = rnd.randrange(len(seq)) if seq else 0
            seq = seq[:k] + "N" * rnd.randint(1, 3) + seq[k + 1:]
        if rnd.random() < 0.1:
            seq += "A" * rnd.randint(3, 20)
        qual = "".join(chr(33 + rnd.randint(2, 40)) for _ in seq)
        reads.append((f"r{i}", f"c{rnd.randint(0, 9)}" if rnd.random() < 0.5 else "", seq, qual))
    return reads


def record_text(read, mate, fasta):
    name, comment, seq, qual = read
    header = (f"{name}/{mate}" if mate else name) + (" " + comment if comment else "")
    return f">{header}\n{seq}\n" if fasta else f"@{header}\n{seq}\n+\n{qual}\n"


def write_records(path, records):
    """records: (read, mate) pairs; FASTA when the name says so."""
    fasta = ".fasta" in path
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt") as f:
        for read, mate in records:
            f.write(record_text(read, mate, fasta))


# --- random options ---------------------------------------------------------------


def adapter_spec(rnd, kind, name, version):
    """-a/-g/-b (or -A/-G/-B) with an adapter and its parameters."""
    text = adapter_text(rnd)
    params = []
    if kind == "a":
        r = rnd.random()
        if r < 0.15:
            text += "$"
        elif r < 0.25:
            text += "X"
        elif r < 0.35:
            text = f"{text}...{adapter_text(rnd)}"
            if rnd.random() < 0.3:
                text = "^" + text
    elif kind == "g":
        r = rnd.random()
        if r < 0.2:
            text = "^" + text
        elif r < 0.3:
            text = "X" + text
        elif r < 0.4:
            text = f"{text}...{adapter_text(rnd)}"
        elif r < 0.55:
            params.append("rightmost")
    if kind == "a" and "..." not in text and "$" not in text and "X" not in text and \
            version_tuple(version) >= (5, 2) and rnd.random() < 0.15:
        params.append("rightmost")
    if rnd.random() < 0.2:
        params.append(rnd.choice(["e=0", "e=1", "e=0.2"]))
    if rnd.random() < 0.1:
        params.append(rnd.choice(["noindels", "indels"]))
    if rnd.random() < 0.05 and "..." not in text:
        params.append(f"o={rnd.randint(2, 30)}")
    if "..." in text and rnd.random() < 0.3:
        text = text.replace("...", ";" + rnd.choice(["required", "optional"]) + "...", 1)
    spec = text + "".join(";" + p for p in params)
    if name:
        spec = f"{name}={spec}"
    return spec


def draw(rnd, version):
    """Returns (args without inputs and outputs, a description of the run)."""
    v = version_tuple(version)
    paired = rnd.random() < 0.45
    interleaved = paired and rnd.random() < 0.15
    fasta = rnd.random() < 0.1
    gz_in = rnd.random() < 0.3
    gz_out = rnd.random() < 0.2
    args = []
    adapters3, adapters5 = [], []
    for mate in ([0, 1] if paired else [0]):
        for k in range(rnd.choice([0, 1, 1, 1, 2, 3])):
            kind = rnd.choice("aagb")
            name = f"ad{'AB'[mate]}{k + 1}" if rnd.random() < 0.4 else ""
            spec = adapter_spec(rnd, kind, name, version)
            args += [f"-{kind.upper() if mate else kind}", spec]
            bare = spec.split("=", 1)[1] if name else spec
            seq = bare.split(";")[0].strip("^$X").split("...")[0]
            (adapters5 if kind == "g" else adapters3).append(seq)
    if rnd.random() < 0.3:
        args += ["-e", rnd.choice(["0", "1", "2", "0.05", "0.15", "0.25"])]
    if rnd.random() < 0.3:
        args += ["-O", str(rnd.randint(1, 10))]
    if rnd.random() < 0.15:
        args.append("--match-read-wildcards")
    if rnd.random() < 0.1:
        args.append("-N")
    if rnd.random() < 0.15:
        args.append("--no-indels")
    if rnd.random() < 0.2:
        args += ["-n", str(rnd.randint(2, 3))]
    if rnd.random() < 0.3:
        actions = ["trim", "retain", "mask", "lowercase", "none"] + (["crop"] if v >= (4, 9) else [])
        args += ["--action", rnd.choice(actions)]
    if rnd.random() < 0.3:
        args += ["-u", str(rnd.choice([-8, -4, -2, 1, 3, 5, 7]))]
        if rnd.random() < 0.3:
            args += ["-u", str(rnd.choice([-3, 4]))]
    if paired and rnd.random() < 0.2:
        args += ["-U", str(rnd.choice([-3, 2, 6]))]
    if not fasta and rnd.random() < 0.15:
        args += ["--nextseq-trim", rnd.choice(["20", "25"])]
    if not fasta and rnd.random() < 0.35:
        args += ["-q", rnd.choice(["10", "20", "5,15", "20,30"])]
    if paired and not fasta and rnd.random() < 0.2:
        args += ["-Q", rnd.choice(["0", "10", "25"])]
    if rnd.random() < 0.2:
        args.append("--trim-n")
    if rnd.random() < 0.15:
        args += ["-l", str(rnd.choice([-40, -16, 19, 33, 56]))]
    if paired and v >= (4, 9) and rnd.random() < 0.1:
        args += ["-L", str(rnd.choice([-20, 30]))]
    if rnd.random() < 0.1:
        args += ["--length-tag", "length="]
    if rnd.random() < 0.1:
        args += ["--strip-suffix", rnd.choice(["1", "_x"])]
    if rnd.random() < 0.1:
        args += ["-x", rnd.choice(["pre_", "{name}:"])]
    if rnd.random() < 0.1:
        args += ["-y", rnd.choice(["_suf", " {name}"])]
    if rnd.random() < 0.08:
        fields = "{id} {comment} {adapter_name}" if rnd.random() < 0.5 else "{id} {comment} pre={cut_prefix} suf={cut_suffix}"
        if v >= (5, 2) and rnd.random() < 0.3:
            fields = "{comment} x"
        args.append(f"--rename={fields}")
    if not fasta and rnd.random() < 0.1:
        args.append("-z")
    if rnd.random() < 0.3:
        args += ["-m", str(rnd.randint(1, 40))]
    if rnd.random() < 0.15:
        args += ["-M", str(rnd.randint(30, 110))]
    if rnd.random() < 0.15:
        args += ["--max-n", rnd.choice(["0", "1", "3", "0.1", "0.25"])]
    if not fasta and rnd.random() < 0.15:
        args += ["--max-ee", rnd.choice(["0.5", "1", "2.5"])]
    if not fasta and v >= (4, 5) and rnd.random() < 0.05:
        args += ["--max-aer", rnd.choice(["0.01", "0.05"])]
    if v >= (4, 4) and not fasta and rnd.random() < 0.05:
        args.append("--poly-a")
    if rnd.random() < 0.1:
        args.append("--discard-trimmed")
    elif rnd.random() < 0.1:
        args.append("--discard-untrimmed")
    if paired and rnd.random() < 0.2:
        args.append(rnd.choice(["--pair-filter=both", "--pair-filter=first"]))
    if rnd.random() < 0.05 and (not paired or v >= (4, 6)):
        args.append("--rc")
    ext = ("fasta" if fasta else "fastq") + (".gz" if gz_out else "")
    outputs = []

    def output(option, path):
        args.extend([option, path])
        outputs.append(path)

    mates = ["1", "2"] if paired and not interleaved else [""]
    if rnd.random() < 0.15:
        output("--too-short-output", f"short.1.{ext}")
        if len(mates) == 2:
            output("--too-short-paired-output", f"short.2.{ext}")
    if rnd.random() < 0.1:
        output("--too-long-output", f"long.1.{ext}")
        if len(mates) == 2:
            output("--too-long-paired-output", f"long.2.{ext}")
    if rnd.random() < 0.12 and "--discard-untrimmed" not in args:
        output("--untrimmed-output", f"untrimmed.1.{ext}")
        if len(mates) == 2:
            output("--untrimmed-paired-output", f"untrimmed.2.{ext}")
    if rnd.random() < 0.12:
        output("--info-file", "info.txt")
        if paired and v >= (5, 1) and rnd.random() < 0.5:
            output("--info-file-paired", "info.2.txt")
    minimal = rnd.random() < 0.4
    if minimal:
        args.append("--report=minimal")
    # cutadapt 4.2 refuses paired FASTA from two files on more than one core
    # (dnaio 0.10's read_paired_chunks); ringtrim reads it at any -j, as
    # cutadapt 5.2 does (docs/options.md), so 4.2 rounds leave that out.
    if rnd.random() < 0.3 and not (paired and fasta and v < (5, 0)):
        args += ["-j", "2"]
    if paired and len(mates) == 2 and rnd.random() < 0.1 and "-A" in args and "-a" in args:
        na = args.count("-a") + args.count("-g") + args.count("-b")
        nb = args.count("-A") + args.count("-G") + args.count("-B")
        if na == nb:
            args.append("--pair-adapters")
    if interleaved:
        args.append("--interleaved")
        output("-o", f"out.il.{ext}")
    elif paired:
        output("-o", f"out.1.{ext}")
        output("-p", f"out.2.{ext}")
    else:
        output("-o", f"out.{ext}")
    return {
        "args": args, "outputs": outputs, "paired": paired, "fasta": fasta, "gz_in": gz_in,
        "minimal": minimal, "adapters3": adapters3, "adapters5": adapters5,
    }


# --- one round --------------------------------------------------------------------


def read_output(path):
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except OSError:
            pass
    return data


def run_tool(argv, folder, inputs, env_extra):
    os.makedirs(folder)
    for name, src in inputs:
        os.symlink(src, os.path.join(folder, name))
    env = dict(os.environ, **env_extra)
    p = subprocess.run(argv, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout, p.stderr


def outcome(folder, rc, stdout, run):
    files = {o: read_output(os.path.join(folder, o)) for o in run["outputs"]}
    return {"rc": rc, "files": files if rc == 0 else {}, "stdout": stdout if run["minimal"] and rc == 0 else b""}


def one_round(seed, args):
    rnd = random.Random(seed)
    run = draw(rnd, args.version)
    work = tempfile.mkdtemp(prefix=f"diff-{seed}-")
    try:
        n = rnd.randint(1, 60)
        reads1 = make_reads(rnd, n, run["adapters3"], run["adapters5"])
        ext = ("fasta" if run["fasta"] else "fastq") + (".gz" if run["gz_in"] else "")
        inputs = []
        if run["paired"]:
            reads2 = make_reads(rnd, n, run["adapters3"], run["adapters5"])
            reads2 = [(a[0], a[1], b[2], b[3]) for a, b in zip(reads1, reads2)]
            if "--interleaved" in run["args"] and rnd.random() < 0.5:
                files = {f"in.il.{ext}": [(r, m) for pair in zip(reads1, reads2) for r, m in zip(pair, "12")]}
            else:
                files = {f"in.{m}.{ext}": [(r, m) for r in reads] for m, reads in (("1", reads1), ("2", reads2))}
        else:
            files = {f"in.{ext}": [(r, "") for r in reads1]}
        for name, records in files.items():
            write_records(os.path.join(work, name), records)
            inputs.append((name, os.path.join(work, name)))
        argv_tail = run["args"] + [name for name, _ in inputs]
        reference = shlex.split(args.reference)
        ref = []
        for k, hash_seed in enumerate(args.hash_seeds):
            folder = os.path.join(work, f"ref{k}")
            rc, out, _ = run_tool(reference + argv_tail, folder, inputs, {"PYTHONHASHSEED": str(hash_seed)})
            ref.append(outcome(folder, rc, out, run))
        command = shlex.join(argv_tail)
        if any(r != ref[0] for r in ref[1:]):
            return seed, "tie", command, ""
        folder = os.path.join(work, "ringtrim")
        env = {"RINGTRIM_AS_CUTADAPT": args.version} if args.set_env else {}
        rc, out, err = run_tool([args.ringtrim] + argv_tail, folder, inputs, env)
        mine = outcome(folder, rc, out, run)
        if mine == ref[0]:
            return seed, "same" if ref[0]["rc"] == 0 else "same error", command, ""
        why = []
        if mine["rc"] != ref[0]["rc"]:
            why.append(f"exit status {mine['rc']}, reference {ref[0]['rc']}: {err.decode(errors='replace')[-300:]}")
        for name in run["outputs"]:
            if mine["files"].get(name) != ref[0]["files"].get(name):
                why.append(f"{name} differs")
        if mine["stdout"] != ref[0]["stdout"]:
            why.append("the minimal report differs")
        if args.keep:
            keep_case(args.keep, seed, run, argv_tail, inputs, os.path.join(work, "ref0"), ref[0])
        return seed, "differs", command, "; ".join(why)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def keep_case(keep, seed, run, argv_tail, inputs, ref_folder, ref):
    case = os.path.join(keep, f"diff-{seed}")
    os.makedirs(os.path.join(case, "expected"), exist_ok=True)
    with open(os.path.join(case, "args"), "w") as f:
        f.write(shlex.join(argv_tail) + "\n")
    with open(os.path.join(case, "source"), "w") as f:
        f.write(f"tests/differential/random_cases.py round {seed}\n")
    for name, src in inputs:
        shutil.copyfile(src, os.path.join(case, name))
    if ref["rc"] != 0:
        with open(os.path.join(case, "exitcode"), "w") as f:
            f.write(f"{ref['rc']}\n")
    for name in run["outputs"]:
        if os.path.exists(os.path.join(ref_folder, name)):
            shutil.copyfile(os.path.join(ref_folder, name), os.path.join(case, "expected", name))
    if run["minimal"] and ref["rc"] == 0:
        with open(os.path.join(case, "expected", "stdout"), "wb") as f:
            f.write(ref["stdout"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ringtrim", default=os.path.join(ROOT, "build", "ringtrim"))
    ap.add_argument("--reference", default="cutadapt")
    ap.add_argument("--as", dest="version", default="4.2", choices=["4.2", "5.2"])
    ap.add_argument("--set-env", action="store_true",
                    help="run ringtrim with RINGTRIM_AS_CUTADAPT set to the version")
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="write the rounds that differ as conformance cases here")
    args = ap.parse_args()
    args.ringtrim = os.path.abspath(args.ringtrim)
    reference = shlex.split(args.reference)
    if "/" in reference[0]:  # a path: the rounds run in their own folders
        reference[0] = os.path.abspath(reference[0])
    args.reference = shlex.join(reference)
    args.hash_seeds = [0, 1] if args.version != "4.2" else [0]
    counts = {"same": 0, "same error": 0, "differs": 0, "tie": 0}
    seeds = range(args.seed * 1000003, args.seed * 1000003 + args.rounds)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, result, command, why in pool.map(lambda s: one_round(s, args), seeds):
            counts[result] += 1
            if result == "differs":
                print(f"DIFFERS round {seed}: {why}\n  {command}", flush=True)
    print(f"{args.rounds} rounds against {args.reference} ({args.version}): {counts['same']} same, "
          f"{counts['same error']} rejected by both with the same exit status, {counts['differs']} differ, "
          f"{counts['tie']} skipped (the reference's own ties)")
    return 1 if counts["differs"] else 0


if __name__ == "__main__":
    sys.exit(main())

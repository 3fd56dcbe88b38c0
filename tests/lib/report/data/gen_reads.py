#!/usr/bin/python3
"""Write the small synthetic FASTQ inputs for the report tests (deterministic, seed 42).

Usage: gen_reads.py OUTDIR
"""
import random
import sys

A3 = "AGATCGGAAGAGCACACGTC"   # 3' adapter of read 1
A3B = "AGATCGGAAGAGCGTCGTGT"  # 3' adapter of read 2
A5 = "TTAGGCACGGTCA"          # 5' adapter


def mutate(rng, s, rate):
    return "".join(rng.choice("ACGT") if rng.random() < rate else c for c in s)


def record(rng, name, seq, casava=False):
    qual = []
    for i in range(len(seq)):
        low = i > len(seq) - 8 and rng.random() < 0.5
        qual.append(chr(33 + (rng.randint(2, 15) if low else rng.randint(25, 40))))
    flag = "Y" if casava and rng.random() < 0.1 else "N"
    return f"@{name} 1:{flag}:0:ACGT\n{seq}\n+\n{''.join(qual)}\n"


def make_read(rng, adapter3, warn_base=None):
    length = rng.randint(25, 80)
    genome = "".join(rng.choice("ACGT") for _ in range(length))
    kind = rng.random()
    if kind < 0.35:
        pos = rng.randint(3, length)
        prefix = genome[:pos]
        if warn_base:
            prefix = prefix[:-1] + warn_base
        seq = prefix + mutate(rng, adapter3, 0.03)
    elif kind < 0.5:
        k = rng.randint(1, len(A5))
        seq = mutate(rng, A5[-k:], 0.03) + genome
    elif kind < 0.6:
        seq = A5 + genome[: rng.randint(5, length)] + adapter3
    elif kind < 0.66:
        seq = genome[:10] + "N" * rng.randint(1, 8) + genome[10:]
    else:
        seq = genome
    return seq[: rng.randint(max(20, len(seq) - 20), len(seq))]


def main():
    out = sys.argv[1]
    rng = random.Random(42)
    with open(f"{out}/se.fq", "w") as f:
        for i in range(400):
            f.write(record(rng, f"r{i}", make_read(rng, A3), casava=True))
    with open(f"{out}/warn.fq", "w") as f:
        for i in range(120):
            f.write(record(rng, f"w{i}", make_read(rng, A3, warn_base="C")))
    with open(f"{out}/pe_1.fq", "w") as f1, open(f"{out}/pe_2.fq", "w") as f2:
        for i in range(300):
            f1.write(record(rng, f"p{i}", make_read(rng, A3)))
            f2.write(record(rng, f"p{i}", make_read(rng, A3B)))
    open(f"{out}/empty.fq", "w").close()


if __name__ == "__main__":
    main()

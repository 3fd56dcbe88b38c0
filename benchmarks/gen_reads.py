#!/usr/bin/env python3
"""Deterministic generator of Illumina-like FASTQ reads for ringtrim's
examples and benchmarks (Python standard library only).

Each read is a random insert followed, when the insert is shorter than the
read, by the TruSeq adapter and a poly-G tail; qualities fall along the read
and some reads end in a low-quality tail. Same arguments, same bytes.

usage: gen_reads.py --reads N [--length L] [--seed S] [--paired] -o PREFIX
writes PREFIX.fastq (or PREFIX_R1.fastq and PREFIX_R2.fastq with --paired)
"""
import argparse
import random

ADAPTER1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCACATCACGATCTCGTATGCCGTCTTCTGCTTG"
ADAPTER2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGTAGATCTCGGTGGTCGCCGTATCATT"
COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def revcomp(s):
    return s.translate(COMPLEMENT)[::-1]


def qualities(rng, length, pool):
    return pool[rng.randrange(len(pool))][:length]


def make_pool(rng, length, size=512):
    pool = []
    for _ in range(size):
        q = []
        offset = rng.gauss(0, 2)
        tail = length - rng.randrange(1, length // 3) if rng.random() < 0.06 else length
        for i in range(length):
            mean = 37 - 9 * i / length + offset
            v = 2 if i >= tail else int(rng.gauss(mean, 2.5))
            q.append(chr(33 + max(2, min(41, v))))
        pool.append("".join(q))
    return pool


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reads", type=int, default=10000)
    ap.add_argument("--length", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--paired", action="store_true")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    L = args.length
    pool1, pool2 = make_pool(rng, L), make_pool(rng, L)
    genome = "".join(rng.choice("ACGT") for _ in range(200000))
    names = [args.output + "_R1.fastq", args.output + "_R2.fastq"] if args.paired else [args.output + ".fastq"]
    outs = [open(n, "w") for n in names]
    for i in range(args.reads):
        r = rng.random()
        if r < 0.01:
            insert = rng.randrange(0, 6)
        elif r < 0.2:
            insert = rng.randrange(6, L)
        else:
            insert = max(20, int(rng.gauss(4 * L / 3, 0.4 * L)))
        pos = rng.randrange(0, len(genome) - insert - 1)
        fragment = genome[pos:pos + insert]
        name = f"SIM:1:FC:1:{1101 + i // 40000}:{i % 9973}:{i}"
        mates = [fragment + ADAPTER1, revcomp(fragment) + ADAPTER2] if args.paired else [fragment + ADAPTER1]
        for m, (out, seq) in enumerate(zip(outs, mates)):
            seq = (seq + "G" * L)[:L]
            qual = qualities(rng, L, pool1 if m == 0 else pool2)
            seq = list(seq)
            for j in range(L):
                if qual[j] == "#" or rng.random() < 0.002:
                    seq[j] = rng.choice("ACGT") if qual[j] != "#" else "N" if rng.random() < 0.1 else seq[j]
            out.write(f"@{name} {m + 1}:N:0:ATCACG\n{''.join(seq)}\n+\n{qual}\n")
    for out in outs:
        out.close()


if __name__ == "__main__":
    main()

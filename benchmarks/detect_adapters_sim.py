#!/usr/bin/env python3
"""Measures `ringtrim --detect-adapters` on simulated reads with an adapter no
kit lists (docs/adapter-detection.md).

For each trial: a random 33-base adapter, reads of --length bases whose insert
(random genome, 1% substitution errors over the whole read) is shorter than the
read for --fraction of them, so that the adapter (then random bases) follows.
A trial succeeds when the "best guess" line starts with the adapter's first 12
bases; it reports the assembled length that agrees with the true adapter.

usage: detect_adapters_sim.py RINGTRIM [--trials N] [--reads N] [--length L]
                              [--fraction F ...] [--seed S] [--write FILE]
  --write FILE: write one data set (first fraction, first trial) and the
                adapter to FILE and FILE.adapter, and exit (used by tests/e2e).
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

BASES = "ACGT"


def make_reads(rng, adapter, n, length, fraction):
    genome = "".join(rng.choice(BASES) for _ in range(200000))
    out = []
    for i in range(n):
        start = rng.randrange(len(genome) - length)
        if rng.random() < fraction:
            insert = rng.randrange(0, length - 12)
            seq = genome[start:start + insert] + adapter
            seq += "".join(rng.choice(BASES) for _ in range(length - len(seq)))
            seq = seq[:length]
        else:
            seq = genome[start:start + length]
        seq = "".join(rng.choice(BASES) if rng.random() < 0.01 else c for c in seq)
        out.append("@sim%d\n%s\n+\n%s\n" % (i, seq, "I" * len(seq)))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ringtrim")
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--reads", type=int, default=20000)
    ap.add_argument("--length", type=int, default=100)
    ap.add_argument("--fraction", type=float, nargs="+", default=[0.01, 0.05, 0.2, 0.5])
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--write")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for fraction in a.fraction:
        ok = 0
        agree = []
        for t in range(a.trials):
            adapter = "".join(rng.choice(BASES) for _ in range(33))
            data = make_reads(rng, adapter, a.reads, a.length, fraction)
            if a.write:
                open(a.write, "w").write(data)
                open(a.write + ".adapter", "w").write(adapter + "\n")
                return
            with tempfile.NamedTemporaryFile("w", suffix=".fastq", delete=False) as f:
                f.write(data)
            try:
                out = subprocess.run([a.ringtrim, "--detect-adapters", f.name], capture_output=True,
                                     text=True, check=True).stdout
            finally:
                os.unlink(f.name)
            guess = ""
            for line in out.splitlines():
                if line.startswith("# best guess: -a "):
                    guess = line.split()[-1]
            if guess[:12] == adapter[:12]:
                ok += 1
                n = 0
                while n < min(len(guess), len(adapter)) and guess[n] == adapter[n]:
                    n += 1
                agree.append(n)
        mean = sum(agree) / len(agree) if agree else 0
        print("fraction %.3f: %d/%d trials found the adapter (first 12 bases); "
              "mean agreeing prefix %.1f of 33 bases" % (fraction, ok, a.trials, mean))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# End-to-end benchmark of ringtrim next to cutadapt 4.2, fastp and atropos:
# issue 5's table (1 M single-end reads, -j 1/-j 2, plain and gzip level 1,
# with `cat` and `zcat | gzip -1` baselines) and issue 7's sweep (--ipc shm
# and --ipc queue across -j 1..16, chunk sizes 64 KiB..16 MiB, plain and gzip,
# single- and paired-end). Checks that every ringtrim output is identical,
# writes results.csv, results.md and throughput.png into the output folder.
#
#   benchmarks/run.sh [--quick] [--out DIR] [--ringtrim PATH] [more options]
#   benchmarks/run.sh --help          all options (sizes, repetitions, parts)
#
# Needs python3 with matplotlib from Debian (/usr/bin/python3;
# scripts/install-deps.sh --bench installs it and the peers). Data is
# generated once into bench-data/ (git-ignored) with benchmarks/gen_reads.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[[ -x $py ]] || py=python3
exec "$py" "$here/e2e/bench.py" "$@"

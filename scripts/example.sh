#!/usr/bin/env bash
# Installs what is missing, builds ringtrim and trims the bundled example data,
# printing cutadapt's report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
build/ringtrim -a AGATCGGAAGAGC -q 20 -m 20 -o "$out/trimmed.fastq.gz" examples/reads.fastq.gz
echo
echo "trimmed reads: $(gzip -dc "$out/trimmed.fastq.gz" | wc -l | awk '{print $1/4}') (written to a temporary directory)"

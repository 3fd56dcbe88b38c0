#!/usr/bin/env bash
# Makes data/sample{1,2,3}.fastq.gz for config.yaml from the bundled example
# data: reads 1-700, 701-1400 and 1401-2000 of examples/reads.fastq.gz.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reads=${1:-$here/../reads.fastq.gz}
mkdir -p data
gzip -dc "$reads" | awk 'NR <= 2800' | gzip -n > data/sample1.fastq.gz
gzip -dc "$reads" | awk 'NR > 2800 && NR <= 5600' | gzip -n > data/sample2.fastq.gz
gzip -dc "$reads" | awk 'NR > 5600' | gzip -n > data/sample3.fastq.gz

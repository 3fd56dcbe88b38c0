#!/usr/bin/env bash
# Single-end throughput of ringtrim -j 1 next to cutadapt 4.2 (-j 1) on the
# same simulated 150 bp reads: one 3' adapter, -q 20 -m 20.
#   benchmarks/e2e/bench_se.sh [READS]      (default 400000)
# Prints a Markdown table (reads/s, MB/s of uncompressed FASTQ) and checks
# that ringtrim's output equals cutadapt's.
set -euo pipefail
cd "$(dirname "$0")/../.."
reads=${1:-400000}
data=bench-data
mkdir -p "$data"
in=$data/se-$reads.fastq
[[ -s $in ]] || python3 benchmarks/gen_reads.py --reads "$reads" --seed 1 -o "${in%.fastq}"
[[ -s $in.gz ]] || gzip -1 -c "$in" > "$in.gz"
ringtrim=${RINGTRIM:-build/ringtrim}
grep -q "CMAKE_BUILD_TYPE:STRING=Release" build/CMakeCache.txt 2>/dev/null || echo "WARNING: build/ is not a Release build; numbers are meaningless" >&2
args=(-a AGATCGGAAGAGC -q 20 -m 20)
mb=$(( $(stat -c %s "$in") ))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $reads reads of 150 bp ($mb bytes), args: ${args[*]}"
echo
echo "| tool | input | output | wall s | reads/s | MB/s |"
echo "|---|---|---|---|---|---|"
run() {  # name in out cmd...
  local name=$1 input=$2 out=$3; shift 3
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v n="$name" -v i="$input" -v o="$out" -v r="$reads" -v b="$mb" -v a="$t0" -v z="$t1" \
    'BEGIN { w = z - a; printf "| %s | %s | %s | %.2f | %.0f | %.1f |\n", n, i, o, w, r / w, b / w / 1e6 }'
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run "ringtrim -j 1" fastq fastq "$ringtrim" "${args[@]}" -o "$tmp/r.fastq" "$in"
run "cutadapt 4.2 -j 1" fastq fastq cutadapt "${args[@]}" -o "$tmp/c.fastq" "$in"
cmp "$tmp/r.fastq" "$tmp/c.fastq" || { echo "OUTPUTS DIFFER" >&2; exit 1; }
run "ringtrim -j 1" fastq.gz fastq.gz "$ringtrim" "${args[@]}" -Z -o "$tmp/r.fastq.gz" "$in.gz"
run "cutadapt 4.2 -j 1" fastq.gz fastq.gz cutadapt "${args[@]}" -Z -o "$tmp/c.fastq.gz" "$in.gz"
cmp <(gzip -dc "$tmp/r.fastq.gz") <(gzip -dc "$tmp/c.fastq.gz") || { echo "OUTPUTS DIFFER (gz)" >&2; exit 1; }
echo
echo "outputs identical to cutadapt's"

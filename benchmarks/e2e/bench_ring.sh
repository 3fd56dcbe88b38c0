#!/usr/bin/env bash
# ringtrim -j 1 / -j 2 next to cutadapt 4.2 (-j 1, -j 2), fastp (-w 1, -w 2)
# and `cat`, on the same simulated 150 bp reads, single-end and paired-end,
# plain and gzip (level 1 in and out). All measured in one run.
#   benchmarks/e2e/bench_ring.sh [READS]     (default 1000000)
# ringtrim's outputs are checked against cutadapt's (decompressed).
set -euo pipefail
cd "$(dirname "$0")/../.."
reads=${1:-1000000}
data=bench-data; mkdir -p "$data"
se=$data/se-$reads.fastq; pe=$data/pe-$reads
[[ -s $se ]] || python3 benchmarks/gen_reads.py --reads "$reads" --seed 1 -o "${se%.fastq}"
[[ -s ${pe}_R1.fastq ]] || python3 benchmarks/gen_reads.py --reads "$reads" --seed 2 --paired -o "$pe"
for f in "$se" "${pe}_R1.fastq" "${pe}_R2.fastq"; do [[ -s $f.gz ]] || gzip -1 -c "$f" > "$f.gz"; done
ringtrim=${RINGTRIM:-build/ringtrim}
A1=AGATCGGAAGAGCACACGTCTGAACTCCAGTCA; A2=AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $reads reads (pairs) of 150 bp"
echo
echo "| layout | tool | in/out | wall s | reads/s | MB/s |"
echo "|---|---|---|---|---|---|"
row() {  # layout tool io bytes cmd...
  local layout=$1 tool=$2 io=$3 bytes=$4; shift 4
  local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
  awk -v l="$layout" -v t="$tool" -v i="$io" -v r="$reads" -v b="$bytes" -v a="$t0" -v z="$t1" \
    'BEGIN { w = z - a; printf "| %s | %s | %s | %.2f | %.0f | %.1f |\n", l, t, i, w, r / w, b / w / 1e6 }'
}
same() { cmp -s <(gzip -dcf "$1") <(gzip -dcf "$2") || { echo "OUTPUT DIFFERS: $1 $2" >&2; exit 1; }; }
sebytes=$(stat -c %s "$se"); pebytes=$(( $(stat -c %s "${pe}_R1.fastq") * 2 ))
for ext in "" .gz; do
  io=$([[ -z $ext ]] && echo "fastq" || echo "fastq.gz (level 1)")
  z=$([[ -z $ext ]] && echo "" || echo "-Z")
  row SE "cat" "$io" "$sebytes" sh -c "cat '$se$ext' > '$tmp/cat$ext'"
  for j in 1 2; do
    row SE "ringtrim -j $j" "$io" "$sebytes" "$ringtrim" -j $j $z -a $A1 -q 20 -m 20 -o "$tmp/r$j.fastq$ext" "$se$ext"
    row SE "cutadapt -j $j" "$io" "$sebytes" cutadapt -j $j $z -a $A1 -q 20 -m 20 -o "$tmp/c$j.fastq$ext" "$se$ext"
    if command -v fastp >/dev/null; then
      row SE "fastp -w $j" "$io" "$sebytes" fastp -w $j -z 1 --adapter_sequence $A1 -q 20 -l 20 -j /dev/null -h /dev/null -i "$se$ext" -o "$tmp/f$j.fastq$ext"
    fi
  done
  same "$tmp/r1.fastq$ext" "$tmp/c1.fastq$ext"; same "$tmp/r2.fastq$ext" "$tmp/c1.fastq$ext"
  for j in 1 2; do
    row PE "ringtrim -j $j" "$io" "$pebytes" "$ringtrim" -j $j $z -a $A1 -A $A2 -q 20 -m 20 -o "$tmp/r$j.1.fastq$ext" -p "$tmp/r$j.2.fastq$ext" "${pe}_R1.fastq$ext" "${pe}_R2.fastq$ext"
    row PE "cutadapt -j $j" "$io" "$pebytes" cutadapt -j $j $z -a $A1 -A $A2 -q 20 -m 20 -o "$tmp/c$j.1.fastq$ext" -p "$tmp/c$j.2.fastq$ext" "${pe}_R1.fastq$ext" "${pe}_R2.fastq$ext"
  done
  same "$tmp/r2.1.fastq$ext" "$tmp/c1.1.fastq$ext"; same "$tmp/r2.2.fastq$ext" "$tmp/c1.2.fastq$ext"
done
echo
echo "ringtrim outputs identical to cutadapt 4.2's (-j 1 and -j 2)"

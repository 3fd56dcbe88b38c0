#!/usr/bin/env bash
# Scaling of both designs (--ipc shm, --ipc queue) across -j on one machine,
# ringtrim only, no Python needed (for machines with many cores and no
# peers installed). Input: a gzip FASTQ, repeated REPEAT times.
#   benchmarks/scaling.sh RINGTRIM INPUT.fastq.gz OUTDIR [REPEAT] [JOBS...]
# Writes OUTDIR/scaling.csv: design,chunk,j,format,seconds (best of 2),reads/s
# and checks that every output equals the -j 1 output (exit 1 if not).
set -euo pipefail
rt=$1; input=$2; out=$3; repeat=${4:-5}; shift 4 || true
jobs=("$@"); ((${#jobs[@]})) || jobs=(1 2 4 8 16 32)
mkdir -p "$out"; work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for _ in $(seq "$repeat"); do gzip -dc "$input"; done > "$work/in.fq"
gzip -1 -c "$work/in.fq" > "$work/in.fq.gz"
reads=$(( $(wc -l < "$work/in.fq") / 4 ))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(uname -r), $(date -u +%FT%TZ)" \
  | tee "$out/machine.txt"
echo "design,chunk,j,format,seconds,reads_per_s" > "$out/scaling.csv"
args=(-a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -q 20 -m 20 --quiet)
now() { date +%s.%N; }
status=0
for fmt in plain gzip; do
  if [[ $fmt == plain ]]; then in=$work/in.fq; o=$work/o.fq; ref=$work/ref.fq
  else in=$work/in.fq.gz; o=$work/o.fq.gz; ref=$work/ref.fq.gz; fi
  "$rt" -j 1 "${args[@]}" --compression-level 1 -o "$ref" "$in"
  for chunk in 262144 4194304; do
    for design in shm queue; do
      for j in "${jobs[@]}"; do
        best=
        for _ in 1 2; do
          t0=$(now)
          "$rt" -j "$j" --ipc "$design" --buffer-size "$chunk" --compression-level 1 "${args[@]}" -o "$o" "$in"
          t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
          if [[ -z $best ]] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
        done
        if ! cmp -s "$o" "$ref"; then echo "DIFFERENT OUTPUT: $design $chunk -j $j $fmt"; status=1; fi
        rate=$(awk -v r="$reads" -v t="$best" 'BEGIN { printf "%d", r / t }')
        echo "$design,$chunk,$j,$fmt,$best,$rate" | tee -a "$out/scaling.csv"
      done
    done
  done
done
exit $status

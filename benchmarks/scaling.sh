#!/usr/bin/env bash
# Scaling of both designs (--ipc shm, --ipc queue) across -j on one machine,
# ringtrim only (for machines with many cores and no peers installed).
# Input: a gzip FASTQ, repeated REPEAT times. Formats (issue 15):
#   plain      plain FASTQ in and out
#   gzip       gzip -1 in, gzip level 1 out (-Z)
#   gzip-def   gzip -1 in, default-level gzip out (what pipelines write)
#   bgzf       the same reads as BGZF (bgzip, or python3's zlib when bgzip is
#              missing; skipped without either), level 1 out: workers inflate
#   benchmarks/scaling.sh RINGTRIM INPUT.fastq.gz OUTDIR [REPEAT] [JOBS...]
# Writes OUTDIR/scaling.csv: design,chunk,j,format,seconds (best of 2),reads/s
# (chunk "default" is ringtrim's default --buffer-size) and checks that
# every output equals the -j 1 output of its format (exit 1 if not).
set -euo pipefail
rt=$1; input=$2; out=$3; repeat=${4:-5}; shift 4 || true
jobs=("$@"); ((${#jobs[@]})) || jobs=(1 2 4 8 16 32)
mkdir -p "$out"; work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for _ in $(seq "$repeat"); do gzip -dc "$input"; done > "$work/in.fq"
gzip -1 -c "$work/in.fq" > "$work/in.fq.gz"
formats=(plain gzip gzip-def)
if command -v bgzip > /dev/null; then
  bgzip -c "$work/in.fq" > "$work/in.bgzf.gz" && formats+=(bgzf)
elif command -v python3 > /dev/null; then
  # BGZF as bgzip writes it: blocks of at most 65280 bytes, each a gzip
  # member with a BC extra subfield (its size - 1), then an empty block.
  python3 - "$work/in.fq" "$work/in.bgzf.gz" <<'PYEOF' && formats+=(bgzf)
import struct, sys, zlib
def block(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush()
    head = b"\x1f\x8b\x08\x04\0\0\0\0\0\xff\x06\0BC\x02\0" + struct.pack("<H", 18 + len(body) + 8 - 1)
    return head + body + struct.pack("<II", zlib.crc32(data), len(data))
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb") as out:
    while True:
        data = f.read(65280)
        if not data:
            break
        out.write(block(data))
    out.write(block(b""))
PYEOF
else
  echo "bgzf: no bgzip and no python3, skipped"
fi
reads=$(( $(wc -l < "$work/in.fq") / 4 ))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(uname -r), $(date -u +%FT%TZ)" \
  | tee "$out/machine.txt"
echo "design,chunk,j,format,seconds,reads_per_s" > "$out/scaling.csv"
args=(-a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -q 20 -m 20 --quiet)
now() { date +%s.%N; }
status=0
for fmt in "${formats[@]}"; do
  level=(--compression-level 1)
  case $fmt in
    plain) in=$work/in.fq; o=$work/o.fq; ref=$work/ref.fq ;;
    gzip) in=$work/in.fq.gz; o=$work/o.fq.gz; ref=$work/ref.fq.gz ;;
    gzip-def) in=$work/in.fq.gz; o=$work/o.fq.gz; ref=$work/ref-def.fq.gz; level=() ;;
    bgzf) in=$work/in.bgzf.gz; o=$work/o.fq.gz; ref=$work/ref.fq.gz ;;
  esac
  "$rt" -j 1 "${args[@]}" "${level[@]}" -o "$ref" "$in"
  for chunk in 262144 default; do
    size=()
    [[ $chunk == default ]] || size=(--buffer-size "$chunk")
    for design in shm queue; do
      for j in "${jobs[@]}"; do
        best=
        for _ in 1 2; do
          t0=$(now)
          "$rt" -j "$j" --ipc "$design" "${size[@]}" "${level[@]}" "${args[@]}" -o "$o" "$in"
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

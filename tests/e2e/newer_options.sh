#!/usr/bin/env bash
# cutadapt 4.9/5.2 options ringtrim implements: --action=crop (single- and
# paired-end, with --revcomp and --pair-adapters, and the info file), -l with
# -L, and --rename '{comment}' alone. Each run's output files and report
# (less its timing line) must be the same bytes at -j 1, at -j 3 with tiny
# chunks and with --ipc queue, and every read must be the golden cases'
# hand-checked result (crop-se, crop-pe, pe-length2, rename-comment-se).
# The inputs are those cases' reads, repeated 300 times under new names so
# that the tiny chunks split them across workers.
# usage: newer_options.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
src=$(realpath "$2")
cases="$src/tests/golden/cases"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0

# repeat IN OUT: IN's records 300 times, the name's first word suffixed _N.
repeat() {
  awk -v n=300 '{ rec[NR] = $0 } END {
    for (i = 1; i <= n; i++) for (j = 1; j <= NR; j += 4) {
      split(rec[j], w, " "); rest = substr(rec[j], length(w[1]) + 1)
      print w[1] "_" i rest; print rec[j + 1]; print rec[j + 2]; print rec[j + 3] } }' "$1" > "$2"
}
repeat "$cases/crop-pe/r1.fastq" r1.fq
repeat "$cases/crop-pe/r2.fastq" r2.fq
repeat "$cases/crop-pe/expected/out1.fastq" crop1.expected
repeat "$cases/crop-pe/expected/out2.fastq" crop2.expected
repeat "$cases/pe-length2/expected/out1.fastq" len1.expected
repeat "$cases/pe-length2/expected/out2.fastq" len2.expected
repeat "$cases/rename-comment-se/comment.fastq" comment.fq

A1=(-a AGATCGGAAG -g barcode=TTGGTACANNNNNNNNTTGC)
declare -A runs=(
  [crop-se]="--action=crop ${A1[*]} --info-file info.tsv -o out1.fq r1.fq"
  [crop-pe]="--action=crop ${A1[*]} -A CTGTCTCTTATACACATCT -o out1.fq -p out2.fq r1.fq r2.fq"
  [crop-rc]="--action=crop --rc -a CTGTCTCTTATACACATCT -o out1.fq r2.fq"
  [crop-pair-adapters]="--action=crop --pair-adapters -a AGATCGGAAG -A CTGTCTCTTATACACATCT -o out1.fq -p out2.fq r1.fq r2.fq"
  [length2]="-A CTGTCTCTTATACACATCT -l 6 -L -8 -o out1.fq -p out2.fq r1.fq r2.fq"
  [rename-comment]="--rename {comment} -o out1.fq comment.fq"
)
for name in "${!runs[@]}"; do
  for s in "-j 1" "-j 3 --buffer-size 300" "-j 3 --ipc queue --buffer-size 300"; do
    rm -f out1.fq out2.fq info.tsv
    # shellcheck disable=SC2086
    if ! "$rt" $s ${runs[$name]} > report.txt 2> err.txt; then
      echo "FAIL $name $s: exit status"; cat err.txt; status=1; continue
    fi
    key=$(echo "$s" | tr -c 'a-z0-9\n' _)
    grep -v '^Finished in\|^Command line\|^Processing' report.txt > "$name.$key.report"
    cat out1.fq $( [ -f out2.fq ] && echo out2.fq ) $( [ -f info.tsv ] && echo info.tsv ) > "$name.$key.out"
  done
  first=$(ls "$name".*.out | head -n 1)
  for f in "$name".*.out "$name".*.report; do
    ref="${first%.out}.${f##*.}"
    cmp -s "$ref" "$f" || { echo "FAIL $name: $f differs from $ref"; status=1; }
  done
  echo "ok $name: same bytes at -j 1, -j 3 and --ipc queue"
done

# The reads themselves, against the golden cases' hand-checked results.
expect() {  # NAME EXPECTED_FILE...
  local name=$1; shift
  local f; f=$(ls "$name".*.out | head -n 1)
  if cat "$@" | cmp -s - "$f"; then echo "ok $name: the hand-checked reads"
  else echo "FAIL $name: reads differ from the golden case"; status=1; fi
}
expect crop-pe crop1.expected crop2.expected
expect length2 len1.expected len2.expected
# rename-comment-se: r2 has no comment, so its 300 copies get an empty name.
for f in rename-comment.*.out; do
  [ "$(grep -c '^@$' "$f")" = 300 ] || { echo "FAIL rename-comment: $f lacks the 300 empty names"; status=1; }
done
exit $status

#!/usr/bin/env bash
# --pe-overlap (ringtrim's own, issue 16): output and report counters at
# -j 1, -j 3 with small chunks and --ipc queue, on the golden case
# rt-pe-overlap (see its README.md): p1 (insert 35) and p3 (insert 40) are
# cut, 15 + 15 and 10 + 10 bases of 400 -> 2 pairs (50.0%), 50 bp (12.5%),
# 25 bp per mate. Single-end input is a usage error.
# usage: pe_overlap.sh RINGTRIM SOURCE_DIR
set -euo pipefail
rt=$1
case_dir=$2/tests/golden/cases/rt-pe-overlap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
expect() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2 (run: $run)"; }
for run in "-j 1" "-j 3 --buffer-size 100" "-j 2 --ipc queue --buffer-size 100"; do
  # shellcheck disable=SC2086
  "$rt" $run --pe-overlap -o "$work/o1.fq" -p "$work/o2.fq" --json "$work/r.json" \
    "$case_dir/pe1.fastq" "$case_dir/pe2.fastq" > "$work/r.txt"
  cmp -s "$work/o1.fq" "$case_dir/expected/out1.fastq" || fail "R1 output differs ($run)"
  cmp -s "$work/o2.fq" "$case_dir/expected/out2.fastq" || fail "R2 output differs ($run)"
  expect "$work/r.txt" "Pairs trimmed by mate overlap:               2 (50.0%)"
  expect "$work/r.txt" "Overlap-trimmed:                      50 bp (12.5%)"
  expect "$work/r.txt" "  Read 1:            25 bp"
  expect "$work/r.json" '"pairs_overlap_trimmed": 2'
  expect "$work/r.json" '"overlap_trimmed": 50,'
  expect "$work/r.json" '"overlap_trimmed_read2": 25,'
done
if "$rt" --pe-overlap -o "$work/o.fq" "$case_dir/pe1.fastq" > /dev/null 2> "$work/err.txt"; then
  fail "single-end --pe-overlap accepted"
fi
grep -q "needs paired-end input" "$work/err.txt" || fail "no message for single-end --pe-overlap"
exit $status

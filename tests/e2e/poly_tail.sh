#!/usr/bin/env bash
# --poly-g / --poly-x report counters (ringtrim's own, issue 16): the text
# report lines and JSON fields, at -j 1, -j 3 with small chunks and --ipc
# queue, single- and paired-end; and no such line or field without the options.
# Inputs are the golden cases rt-poly-*; the counts are worked out by hand in
# their README.md files:
#   SE --poly-g: r1 12, r2 19, r5 10, r6 20 bases -> 4 reads, 61 bp of 216
#   SE --poly-x: r1 12, r3 15, r5 10, r6 20, r8 15 -> 5 reads, 72 bp
#   PE: poly-G R1 p1 12 + p3 10 (2 reads, 22 bp), R2 p2 20 (1, 20);
#       poly-X R1 p2 15 (1, 15), R2 p1 15 (1, 15)
# usage: poly_tail.sh RINGTRIM SOURCE_DIR
set -euo pipefail
rt=$1
cases=$2/tests/golden/cases
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
expect() {  # FILE TEXT
  grep -qF -- "$2" "$1" || fail "$1 lacks: $2 (run: $run)"
}
se=$cases/rt-poly-g-se/polyx.fastq
pe1=$cases/rt-poly-gx-pe/polyx1.fastq
pe2=$cases/rt-poly-gx-pe/polyx2.fastq
for run in "-j 1" "-j 3 --buffer-size 100" "-j 2 --ipc queue --buffer-size 100"; do
  # shellcheck disable=SC2086
  "$rt" $run --poly-g -a AGATCGGAAGAGC -o "$work/o.fq" --json "$work/g.json" "$se" > "$work/g.txt"
  expect "$work/g.txt" "Reads with poly-G tail:                      4 (57.1%)"
  expect "$work/g.txt" "Poly-G-trimmed:                       61 bp (28.2%)"
  expect "$work/g.json" '"read1_with_poly_g": 4,'
  expect "$work/g.json" '"read2_with_poly_g": null'
  expect "$work/g.json" '"poly_g_trimmed": 61,'
  expect "$work/g.json" '"poly_g_trimmed_read1": 61,'
  # shellcheck disable=SC2086
  "$rt" $run --poly-x -a AGATCGGAAGAGC -o "$work/o.fq" --json "$work/x.json" "$se" > "$work/x.txt"
  expect "$work/x.txt" "Reads with poly-X tail:                      5 (71.4%)"
  expect "$work/x.txt" "Poly-X-trimmed:                       72 bp (33.3%)"
  expect "$work/x.json" '"poly_x_trimmed": 72,'
  if grep -q "poly-G tail\|Poly-G\|poly_g" "$work/x.txt" "$work/x.json"; then fail "poly-G reported without --poly-g ($run)"; fi
  # shellcheck disable=SC2086
  "$rt" $run --poly-g --poly-x -a AGATCGGAAGAGC -A AGATCGGAAGAGC -o "$work/o1.fq" -p "$work/o2.fq" \
    --json "$work/pe.json" "$pe1" "$pe2" > "$work/pe.txt"
  expect "$work/pe.txt" "  Read 1 with poly-G tail:                   2 (66.7%)"
  expect "$work/pe.txt" "  Read 2 with poly-G tail:                   1 (33.3%)"
  expect "$work/pe.txt" "  Read 1 with poly-X tail:                   1 (33.3%)"
  expect "$work/pe.txt" "Poly-G-trimmed:                       42 bp"
  expect "$work/pe.txt" "Poly-X-trimmed:                       30 bp"
  expect "$work/pe.json" '"read2_with_poly_x": 1'
  expect "$work/pe.json" '"poly_g_trimmed_read2": 20,'
  # shellcheck disable=SC2086
  "$rt" $run -a AGATCGGAAGAGC -o "$work/o.fq" --json "$work/n.json" "$se" > "$work/n.txt"
  if grep -q "tail:\|Poly-\|with_poly\|poly_[gx]_trimmed" "$work/n.txt" "$work/n.json"; then fail "poly lines without the options ($run)"; fi
done
# Usage errors.
for bad in "--poly-g-min-length 5" "--poly-g --poly-g-min-length 0" "--poly-x-min-length 12"; do
  # shellcheck disable=SC2086
  if "$rt" $bad -o "$work/o.fq" "$se" > /dev/null 2> "$work/err.txt"; then fail "$bad accepted"; fi
  grep -q "min-length" "$work/err.txt" || fail "$bad: no message"
done
exit $status

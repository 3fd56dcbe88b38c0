#!/usr/bin/env bash
# ringtrim --detect-adapters (issue 16): finds the TruSeq kit in reads from
# benchmarks/gen_reads.py, and assembles an adapter no kit lists from reads of
# benchmarks/detect_adapters_sim.py (20% of the reads carry it); a usage
# error exits 2, a missing file 1.
# usage: detect_adapters.sh RINGTRIM SOURCE_DIR
set -euo pipefail
rt=$1
src=$2
command -v python3 > /dev/null || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

python3 "$src/benchmarks/gen_reads.py" --reads 5000 --length 100 --seed 3 --paired -o "$work/truseq" > /dev/null
"$rt" --detect-adapters "$work/truseq_R1.fastq" "$work/truseq_R2.fastq" > "$work/truseq.txt"
grep -qx -- "# best guess: -a AGATCGGAAGAGC" "$work/truseq.txt" || fail "TruSeq not found in R1: $(cat "$work/truseq.txt")"
grep -qx -- "# best guess: -A AGATCGGAAGAGC" "$work/truseq.txt" || fail "TruSeq not found in R2: $(cat "$work/truseq.txt")"
grep -q -- "^-a AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC" "$work/truseq.txt" || fail "R1 adapter not assembled"
grep -q -- "^-A AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT" "$work/truseq.txt" || fail "R2 adapter not assembled"

python3 "$src/benchmarks/detect_adapters_sim.py" "$rt" --reads 5000 --fraction 0.2 --seed 7 --write "$work/sim.fastq"
adapter=$(cat "$work/sim.fastq.adapter")
"$rt" --detect-adapters "$work/sim.fastq" > "$work/sim.txt"
guess=$(sed -n 's/^# best guess: -a //p' "$work/sim.txt")
[[ ${guess:0:20} == "${adapter:0:20}" ]] || fail "unknown adapter $adapter, guessed '$guess': $(cat "$work/sim.txt")"
grep -q "no known kit" "$work/sim.txt" || fail "random adapter reported as a kit"

# The guess pastes into a command line that trims it.
# shellcheck disable=SC2046
"$rt" $(sed -n 's/^# best guess: //p' "$work/sim.txt") -o "$work/trimmed.fastq" "$work/sim.fastq" > "$work/report.txt"
grep -q "Reads with adapters:" "$work/report.txt" || fail "guess did not run"

set +e
"$rt" --detect-adapters > /dev/null 2>&1; [[ $? == 2 ]] || fail "no file: exit status not 2"
"$rt" --detect-adapters "$work/missing.fq" > /dev/null 2> "$work/err.txt"; [[ $? == 1 ]] || fail "missing file: exit status not 1"
grep -q "missing.fq" "$work/err.txt" || fail "missing file not named"
exit $status

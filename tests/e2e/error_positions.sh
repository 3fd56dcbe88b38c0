#!/usr/bin/env bash
# An error in the input names the same record and line for any -j, chunk size
# and design, FASTA and FASTQ, single- and paired-end (the producer passes
# each chunk's first line to the worker). Expected positions are worked out
# by hand from how each input is built.
# usage: error_positions.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
python3 - <<'PY'
import random
r = random.Random(3)
def seq(n): return "".join(r.choice("ACGT") for _ in range(n))
# FASTA: 300 records of a header and three 30-base lines (4 lines each).
fa = []
for i in range(300):
    fa += [f">s{i}", seq(30), seq(30), seq(30)]
fq = []
for i in range(300):
    s = seq(30)
    fq += [f"@s{i}", s, "+", "I" * 30]
def put(name, lines): open(name, "w").write("\n".join(lines) + "\n")
a = list(fa); a[801] = "\xc3" + a[801][1:]; put("nonascii.fa", a)   # line 802, record 201
a = list(fq); a[1001] = "\xc3" + a[1001][1:]; put("nonascii.fq", a)  # line 1002, record 251
a = list(fq); a[1002] = "-"; put("noplus.fq", a)                      # line 1003, record 251
put("good.fq", fq)
a = list(fq); a[803] = "I" * 29; put("short2.fq", a)                  # mate 2: line 804, record 201
PY
# Python wrote \xc3 as two UTF-8 bytes; either way the first is 0xc3.
settings=("-j 1" "-j 1 --buffer-size 400" "-j 2" "-j 3 --buffer-size 500" "-j 2 --ipc queue --buffer-size 700")
check() {  # NAME EXPECTED ARGS...
  local name=$1 want=$2; shift 2
  local s got
  for s in "${settings[@]}"; do
    # shellcheck disable=SC2086
    got=$("$rt" $s -o o.txt "$@" 2>&1 > /dev/null | grep -m1 "ERROR")
    if [[ $got != *"$want"* ]]; then echo "FAIL $name ($s): got '$got', want '$want'"; status=1; return; fi
  done
  echo "ok $name: '$want' at every setting"
}
check "FASTA non-ASCII" "nonascii.fa: record 201 (line 802)" nonascii.fa
check "FASTQ non-ASCII" "nonascii.fq: record 251 (line 1002)" nonascii.fq
check "FASTQ missing +" "noplus.fq: record 251 (line 1003)" noplus.fq
check "paired FASTQ, mate 2" "short2.fq: record 201 (line 804)" -p p.txt good.fq short2.fq
check "paired FASTA non-ASCII in mate 1" "nonascii.fa: record 201 (line 802)" -p p.txt nonascii.fa nonascii.fa
exit $status

#!/usr/bin/env bash
# Records longer than --buffer-size (nanopore reads reach megabases) do not
# stop the run: such a record becomes a chunk of its own (spilled to the
# slot's spill file on the ring, kept as its own copy by --ipc queue). The
# output equals cutadapt 4.2's and its compressed bytes are the same for any
# -j, chunk size and design. A 5 Mbp read, single- and paired-end.
# usage: long_reads.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
python3 - <<'PY'
import random
r = random.Random(5)
def rec(f, name, n, tail=""):
    s = ("ACGTTGCA" * (n // 8 + 1))[: n - len(tail)] + tail if n > 10000 else "".join(r.choice("ACGT") for _ in range(n)) + tail
    f.write(f"@{name}\n{s}\n+\n{'I' * len(s)}\n")
with open("r1.fq", "w") as f1, open("r2.fq", "w") as f2:
    for i in range(40):
        n = 5_000_000 if i == 7 else 300_000 if i == 20 else r.randint(50, 2000)
        rec(f1, f"r{i}", n, "AGATCGGAAGAGCACACGTC" if i == 7 else "")
        rec(f2, f"r{i}", 5_000_000 if i == 31 else r.randint(50, 300))
PY
ref_se=$(cutadapt -a AGATCGGAAGAGC -q 20 -o - r1.fq 2>/dev/null | md5sum)
ref_pe=$(cutadapt -a AGATCGGAAGAGC -A GATCGT -o ref1.fq -p ref2.fq r1.fq r2.fq > /dev/null 2>&1; cat ref1.fq ref2.fq | md5sum)
first_se="" first_pe=""
for s in "-j 1" "-j 4" "-j 1 --buffer-size 100000" "-j 4 --buffer-size 65536" "-j 4 --ipc queue --buffer-size 100000"; do
  # shellcheck disable=SC2086
  "$rt" $s -a AGATCGGAAGAGC -q 20 -o se.fq.gz r1.fq > /dev/null 2> err.txt; rc=$?
  # shellcheck disable=SC2086
  "$rt" $s -a AGATCGGAAGAGC -A GATCGT -o pe1.fq.gz -p pe2.fq.gz r1.fq r2.fq > /dev/null 2>> err.txt; rc2=$?
  got_se=$(gzip -dc se.fq.gz | md5sum); got_pe=$(gzip -dc pe1.fq.gz pe2.fq.gz | md5sum)
  bytes_se=$(md5sum < se.fq.gz); bytes_pe=$(cat pe1.fq.gz pe2.fq.gz | md5sum)
  first_se=${first_se:-$bytes_se}; first_pe=${first_pe:-$bytes_pe}
  if ((rc == 0 && rc2 == 0)) && [[ $got_se == "$ref_se" && $got_pe == "$ref_pe" && $bytes_se == "$first_se" && $bytes_pe == "$first_pe" ]]; then
    echo "ok $s: a 5 Mbp read, SE and PE, cutadapt's reads, same gzip bytes"
  else
    echo "FAIL $s: exit $rc/$rc2, $(head -c 300 err.txt)"; status=1
  fi
done
exit $status

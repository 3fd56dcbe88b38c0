#!/usr/bin/env bash
# A poison chunk without --quarantine (issue #6): a worker crashes on the
# same chunk every time (RINGTRIM_FAULT), so after --max-retries (1) the run
# fails with exit 1 and a message naming the input file, the record range and
# the signal, and leaves no output file, temporary or final.
# usage: crash_poison.sh RINGTRIM SOURCE_DIR
set -uo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/ringtrim-poison.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --reads 3000 --length 100 --seed 7 -o in > /dev/null || exit 1
mv in.fastq in.fq 2> /dev/null || mv in.fq.fastq in.fq 2> /dev/null || true
[ -s in.fq ] || { echo "crash_poison: could not generate the input"; exit 1; }
fail=0
check() { if ! eval "$1"; then echo "crash_poison: FAILED: $2"; fail=1; fi; }

for j in 2 4; do
  RINGTRIM_FAULT=worker:seq=1:sig=SEGV timeout 60 "$ringtrim" -j $j --buffer-size 65536 \
    -a AGATCGGAAGAGC -o out.fq in.fq > report.txt 2> err.txt
  rc=$?
  echo "== -j $j: exit $rc: $(cat err.txt)"
  check '[ "$rc" -eq 1 ]' "-j $j: exit status $rc, expected 1"
  check 'grep -Eq "in\.fq: records [0-9]+ to [0-9]+ crashed 2 worker processes \(last: killed by signal 11 \(Segmentation fault\)\)" err.txt' \
    "-j $j: the message names the file, the records and the signal"
  check 'grep -q -- "--quarantine" err.txt' "-j $j: the message suggests --quarantine"
  check '[ ! -e out.fq ]' "-j $j: no output file"
  check '[ -z "$(ls -A | grep -i -- "ringtrim-tmp")" ]' "-j $j: no temporary output left"
done

# A worker that crashes once on that chunk is recovered: identical output.
"$ringtrim" -j 2 --buffer-size 65536 -a AGATCGGAAGAGC -o clean.fq in.fq > /dev/null 2>&1 || fail=1
RINGTRIM_FAULT=worker:seq=1:sig=SEGV:times=1 timeout 60 "$ringtrim" -j 2 --buffer-size 65536 \
  -a AGATCGGAAGAGC -o once.fq in.fq > /dev/null 2> err.txt
rc=$?
check '[ "$rc" -eq 0 ]' "one crash: exit status $rc ($(cat err.txt))"
check 'cmp -s clean.fq once.fq' "one crash: output identical to a clean run"
exit $fail

#!/usr/bin/env bash
# The progress line: drawn on stderr when it is a terminal (reads, reads/s,
# elapsed time) and erased before the report; absent when stderr is not a
# terminal or with --quiet. `script` (util-linux) provides the terminal.
# usage: progress.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
command -v script > /dev/null || { echo "no script(1)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for i in $(seq 20000); do printf '@r%d\nACGTACGTAGATCGGAAGAGCACAC\n+\nIIIIIIIIIIIIIIIIIIIIIIIII\n' "$i"; done > in.fq
status=0
for j in 1 3; do
  script -qec "$rt -j $j --buffer-size 20000 -a AGATCGGAAGAGC -o out.fq in.fq" /dev/null > tty.txt
  if grep -qa $'\r[0-9][0-9]:[0-9][0-9]:[0-9][0-9]  [0-9,]* reads  [0-9,]* reads/s\e\[K' tty.txt &&
     grep -qa $'\r\e\[K' tty.txt && grep -qa "Total reads processed: *20,000" tty.txt; then
    echo "ok -j $j: progress drawn on a terminal and erased"
  else echo "FAIL -j $j: no progress line on a terminal"; status=1; fi
  script -qec "$rt -j $j --quiet --buffer-size 20000 -a AGATCGGAAGAGC -o out.fq in.fq" /dev/null > tty.txt
  if grep -qa "reads/s" tty.txt; then echo "FAIL -j $j: progress with --quiet"; status=1
  else echo "ok -j $j: none with --quiet"; fi
  "$rt" -j $j --buffer-size 20000 -a AGATCGGAAGAGC -o out.fq in.fq > report.txt 2> err.txt
  if grep -qa "reads/s" err.txt report.txt; then echo "FAIL -j $j: progress without a terminal"; status=1
  else echo "ok -j $j: none when stderr is not a terminal"; fi
done
exit $status

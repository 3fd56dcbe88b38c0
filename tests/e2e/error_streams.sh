#!/usr/bin/env bash
# Errors go where cutadapt 4.2 puts them, in its words (issue "what a
# pipeline sees"): for each class of error, ringtrim and cutadapt give the
# same exit status and start the same line on the same stream (stdout's
# "ERROR:" for run-time errors, which wrappers grep; argparse's usage text on
# stderr for usage errors). ringtrim may add detail after the first words.
# usage: error_streams.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
command -v cutadapt > /dev/null || { echo "error_streams: cutadapt not found, skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
printf '@r1\nACGT\n+\nIII\n' > bad.fq
printf '@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIIII\n' > two.fq
printf '@r1\nACGT\n+\nIIII\n' > one.fq
printf '>r1\nACGT\n' > in.fa
cases=(
  "bad input|-o o.fq bad.fq|ERROR: "
  "unequal mates|-o o.fq -p p.fq two.fq one.fq|ERROR: "
  "missing file|-o o.fq missing.fq|ERROR: "
  "missing adapter file|-a file:nofile.fa -o o.fq one.fq|ERROR: "
  "bad option combination|-u 5 -u -5 -u 3 -o o.fq one.fq|ERROR: You cannot remove bases from more than two ends."
  "paired mode without two inputs|-o o.fq -p p.fq one.fq|ERROR: You used an option that enabled paired-end mode"
  "quality trimming of FASTA|-q 20 -o o.fa in.fa|ERROR: Cannot do quality trimming when no qualities are available"
  "output to stdout: log on stderr|bad.fq|ERROR: "
  "usage error|--bogus -o o.fq one.fq|usage: cutadapt"
)
for j in 1 3; do
  for c in "${cases[@]}"; do
    IFS='|' read -r name args want <<< "$c"
    # shellcheck disable=SC2086
    cutadapt $args > c.out 2> c.err; crc=$?
    # shellcheck disable=SC2086
    "$rt" -j $j $args > r.out 2> r.err; rrc=$?
    for s in out err; do
      cgot=$(grep -c -F -- "$want" c.$s); rgot=$(grep -c -F -- "$want" r.$s)
      if (( (cgot > 0) != (rgot > 0) )) && ! { [[ $s == err ]] && ((rgot > 0)) && [[ $want == "ERROR: "* ]]; }; then
        echo "FAIL j$j $name: '$want' on std$s: cutadapt $cgot, ringtrim $rgot"; status=1
      fi
    done
    if ((crc != rrc)); then echo "FAIL j$j $name: exit $rrc, cutadapt $crc"; status=1
    else echo "ok j$j $name: exit $rrc, '$want' on cutadapt's stream"; fi
  done
done
exit $status

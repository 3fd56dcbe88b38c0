#!/usr/bin/env bash
# Makes a golden case from a cutadapt 4.2 run.
# usage: tests/golden/make_case.sh NAME 'ARGS' [CASE_INPUT_FILE...]
# Copies tests/golden/inputs/* and the case's own inputs into a work folder,
# runs `cutadapt ARGS` there
# and stores every file it writes under expected/ (stdout too when ARGS
# contain --report=minimal or --quiet, or no -o), plus the exit status; for a
# failed run, expected/error holds cutadapt's error message (from the line
# "ERROR: ..." or "cutadapt: error: ..." to the end, prefix removed), which
# run_golden.py compares with ringtrim's.
set -euo pipefail
name=$1; args=$2; shift 2
dir=$(cd "$(dirname "$0")" && pwd)/cases/$name
rm -rf "$dir"; mkdir -p "$dir/expected"
for f in "$@"; do cp "$f" "$dir/"; done
shared=$(cd "$(dirname "$0")" && pwd)/inputs
echo "$args" > "$dir/args"
cutadapt --version | grep -qx 4.2 || { echo "need cutadapt 4.2" >&2; exit 1; }
work=$(mktemp -d); cp "$(dirname "$dir")/../inputs/"* "$work/"; if (($#)); then cp "$@" "$work/"; fi
set +e
(cd "$work" && eval "cutadapt $args" > "$work/.stdout" 2> "$work/.stderr")
status=$?
set -e
echo "cutadapt $args   # cutadapt 4.2 (Debian 12), exit $status" > "$dir/cutadapt"
if [[ $status -ne 0 ]]; then
  echo $status > "$dir/exitcode"
  cat "$work/.stdout" "$work/.stderr" |
    awk 'f { print; next } /^(ERROR: |cutadapt: error: )/ { f = 1; sub(/^(ERROR: |cutadapt: error: )/, ""); print }' \
    > "$dir/expected/error"
  [[ -s $dir/expected/error ]] || rm "$dir/expected/error"
fi
for f in "$work"/*; do
  b=$(basename "$f")
  skip=0; for i in "$@" "$shared"/*; do [[ $(basename "$i") == "$b" ]] && skip=1; done
  ((skip)) || cp "$f" "$dir/expected/$b"
done
if [[ $args == *--report=minimal* || $args == *--quiet* || $args != *" -o "* && $args != "-o "* ]]; then
  cp "$work/.stdout" "$dir/expected/stdout"
fi
rm -rf "$work"
echo "made $dir (exit $status)"

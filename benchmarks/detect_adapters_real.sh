#!/usr/bin/env bash
# Runs `ringtrim --detect-adapters` on every file of the real data sets and
# prints one tab-separated row per file: file, best guess, the most frequent
# kit line, the assembled adapter (docs/adapter-detection.md).
# usage: benchmarks/detect_adapters_real.sh RINGTRIM [DATA_DIR]
set -euo pipefail
rt=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "${2:-/work/shared/data/real}"
for f in */*.f*q.gz; do
  out=$("$rt" --detect-adapters "$f")
  guess=$(sed -n 's/^# best guess: //p' <<< "$out")
  kit=$(grep -m1 -o 'known kit .*' <<< "$out" || true)
  assembled=$(sed -n 's/^-a \([ACGT]*\) *# assembled.*/\1/p' <<< "$out")
  printf '%s\t%s\t%s\t%s\n' "$f" "$guess" "${kit#known kit }" "$assembled"
done

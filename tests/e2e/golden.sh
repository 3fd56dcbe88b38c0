#!/usr/bin/env bash
# Golden cases (tests/golden/cases, expected files made by cutadapt 4.2) at
# -j 1, -j 2, -j 4 with a small --buffer-size, and 16 workers (oversubscribed on 2 cores).
# usage: golden.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$1
src=$2
status=0
for extra in "" "--buffer-size 1000" "--cores 2" "--cores 4 --buffer-size 2000" "--cores 16"; do
  echo "== golden cases with: ${extra:-(defaults)}"
  python3 "$src/tests/golden/run_golden.py" "$ringtrim $extra" || status=1
done
exit $status

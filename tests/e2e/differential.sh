#!/usr/bin/env bash
# The differential test against Debian's cutadapt 4.2 (tests/differential/random_cases.py):
# random reads and random option combinations, every output, the exit status and the minimal
# report compared. CI runs 300 rounds (about 20 s on 2 cores); more by hand:
#   tests/differential/random_cases.py --rounds 10000 --seed 2
# usage: differential.sh RINGTRIM SOURCE_DIR      exit 77 (skipped) without cutadapt
set -euo pipefail
ringtrim=$1
src=$2
command -v cutadapt >/dev/null || { echo "SKIPPED: cutadapt 4.2 is not installed"; exit 77; }
exec python3 "$src/tests/differential/random_cases.py" --ringtrim "$ringtrim" --reference cutadapt \
  --as 4.2 --rounds "${RINGTRIM_DIFFERENTIAL_ROUNDS:-300}" --seed 1 --jobs "$(nproc)"

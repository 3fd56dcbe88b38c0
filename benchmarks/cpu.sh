#!/usr/bin/env bash
# CPU per read of ringtrim next to cutadapt 4.2 and AdapterRemoval 2.3.3,
# ratios, the issue-14 aims and a per-stage profile, in one run:
#   benchmarks/cpu.sh [--ringtrim build/ringtrim] [--reads N] [--repeat R] [--only a,b]
# See benchmarks/cpu.py for the workloads. Data goes to bench-data/cpu/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/cpu.py" "$@"

#!/usr/bin/env bash
# The conformance cases on the multi-process ring: --cores 2, and --cores 4
# with a tiny --buffer-size (a few records per chunk). Output must not depend
# on either.
set -euo pipefail
here=$(dirname "$0")
bash "$here/conformance.sh" "$1" "$2" --cores 2
bash "$here/conformance.sh" "$1" "$2" --cores 4 --buffer-size 600

#!/usr/bin/env bash
# The conformance cases with the queue-based design (--ipc queue): at
# --cores 2, and at --cores 3 with a tiny --buffer-size (chunks of a few
# records). Output must equal the ring's, i.e. cutadapt 4.2's.
set -euo pipefail
here=$(dirname "$0")
bash "$here/conformance.sh" "$1" "$2" --ipc queue --cores 2
bash "$here/conformance.sh" "$1" "$2" --ipc queue --cores 3 --buffer-size 600

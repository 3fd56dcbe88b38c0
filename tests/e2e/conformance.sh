#!/usr/bin/env bash
# Runs the cases of ../shared/conformance (cutadapt 4.2's own test cases)
# whose features ringtrim implements (tests/conformance-features.txt).
# usage: conformance.sh RINGTRIM SOURCE_DIR [extra ringtrim args...]
# Exit 77 (ctest: skipped) when ../shared/conformance is not there.
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
shift 2
corpus=${RINGTRIM_CONFORMANCE:-$src/../shared/conformance}
if [[ -d $corpus ]]; then corpus=$(cd "$corpus" && pwd); fi
if [[ ! -x $corpus/run-conformance ]]; then
  echo "SKIPPED: no conformance corpus at $corpus"
  exit 77
fi
sel=$(mktemp -d)
trap 'rm -rf "$sel"' EXIT
declare -A supported=()
while read -r f; do
  [[ -z $f || $f == \#* ]] || supported[$f]=1
done < "$src/tests/conformance-features.txt"
selected=0
for case in "$corpus"/cases/*/; do
  ok=1
  while read -r f; do
    [[ -z $f ]] && continue
    if [[ -z ${supported[$f]:-} ]]; then ok=0; break; fi
  done < "$case/features"
  if ((ok)); then ln -s "${case%/}" "$sel/$(basename "$case")"; selected=$((selected + 1)); fi
done
echo "conformance: $selected of $(ls "$corpus/cases" | wc -l) cases selected by feature"
cmd="$ringtrim"
if (($#)); then cmd="$ringtrim $*"; fi
python3 "$corpus/run-conformance" -j 2 "$cmd" "$sel"

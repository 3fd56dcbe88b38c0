#!/usr/bin/env bash
# examples/snakemake: the Snakefile runs the literal command `cutadapt` per
# sample and MultiQC at the end. Run through `snakemake --cores 2` once with
# cutadapt 4.2 and once with ringtrim's installed `cutadapt` entry point first
# on PATH: MultiQC's cutadapt table (and General Stats) must list every sample
# of config.yaml with the same numbers, and the trimmed reads must be the same
# (decompressed). With ../shared/tools/multiqc-check, each sample's log is also
# checked against cutadapt's (numbers and trimmed-length histograms).
# usage: snakemake.sh RINGTRIM SOURCE_DIR    exit 77 (skipped) without snakemake/multiqc/cutadapt
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
build=$(dirname "$ringtrim")
for tool in snakemake multiqc cutadapt; do
  command -v $tool >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/install-deps.sh --test)"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
reference=$(command -v cutadapt)
[[ $("$reference" --version) == 4.2 ]] || fail "cutadapt on PATH is not 4.2: $reference"

cmake --install "$build" --prefix "$work/prefix" > /dev/null
cmake --install "$build" --prefix "$work/prefix" --component cutadapt > /dev/null

# run NAME [PATH_PREFIX]: the example's files, as a user would copy them
# (not the results of a run made in the source folder).
run() {
  local dir=$work/$1
  mkdir "$dir"
  cp "$src"/examples/snakemake/{Snakefile,config.yaml,make_data.sh} "$dir/"
  (cd "$dir" && ./make_data.sh "$src/examples/reads.fastq.gz" &&
   PATH=${2:+$2:}$PATH snakemake --cores 2 > snakemake.log 2>&1) ||
    { tail -20 "$dir/snakemake.log"; fail "snakemake failed for $1"; }
}
run cutadapt
run ringtrim "$work/prefix/bin"

samples=$(sed -n 's/^  \(sample[0-9]*\):.*/\1/p' "$src/examples/snakemake/config.yaml")
[[ -n $samples ]] || fail "no samples in config.yaml"
for s in $samples; do
  head -n 1 "$work/cutadapt/logs/cutadapt/$s.log" | grep -q '^This is cutadapt 4.2 with Python' || fail "$s: reference run did not use cutadapt 4.2"
  head -n 1 "$work/ringtrim/logs/cutadapt/$s.log" | grep -q '^This is cutadapt 4.2 (compatible; ringtrim' || fail "$s: the ringtrim run did not use ringtrim"
  cmp -s <(gzip -dc "$work/cutadapt/trimmed/$s.fastq.gz") <(gzip -dc "$work/ringtrim/trimmed/$s.fastq.gz") || fail "$s: trimmed reads differ"
done

table=multiqc/multiqc_data/multiqc_cutadapt.txt
for t in cutadapt ringtrim; do
  [[ -f $work/$t/$table ]] || fail "$t: MultiQC wrote no cutadapt table"
  listed=$(tail -n +2 "$work/$t/$table" | cut -f1 | sort)
  [[ $listed == "$(sort <<< "$samples")" ]] || fail "$t: MultiQC lists [$listed], expected [$samples]"
done
diff "$work/cutadapt/$table" "$work/ringtrim/$table" || fail "MultiQC's cutadapt table differs"
general=multiqc/multiqc_data/multiqc_general_stats.txt
diff "$work/cutadapt/$general" "$work/ringtrim/$general" || fail "MultiQC's General Stats differ"

check=${RINGTRIM_SHARED:-$src/../shared}/tools/multiqc-check
if [[ -x $check ]]; then
  for s in $samples; do
    "$check" --ref "$work/cutadapt/logs/cutadapt/$s.log" "$work/ringtrim/logs/cutadapt/$s.log" > "$work/$s.mqc" 2>&1 ||
      { tail -3 "$work/$s.mqc"; fail "$s: multiqc-check --ref"; }
  done
fi
echo "snakemake: ok ($(wc -w <<< "$samples") samples, MultiQC tables identical)"

#!/usr/bin/env bash
# Trim Galore 0.6.10 (Debian trim-galore) calls ringtrim as it calls cutadapt:
# each run is made once with cutadapt 4.2 and once with ringtrim, and the
# trimmed reads (decompressed) and the *_trimming_report.txt files must be the
# same, except the lines that name the cutadapt/Python version or the time.
# Inputs: Trim Galore's own example files (/usr/share/doc/trim-galore/examples).
#   SE gzip, adapter auto-detected, --path_to_cutadapt RINGTRIM (the binary)
#   --paired --cores 2, through the installed #!/bin/sh cutadapt entry point
#   --rrbs (two cutadapt passes per file), --nextseq 20
# usage: trim_galore.sh RINGTRIM SOURCE_DIR    exit 77 (skipped) without trim_galore/cutadapt
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$ringtrim")
examples=/usr/share/doc/trim-galore/examples
if ! command -v trim_galore >/dev/null || [[ ! -d $examples ]]; then
  echo "SKIPPED: trim_galore (Debian package trim-galore) is not installed"; exit 77
fi
command -v cutadapt >/dev/null || { echo "SKIPPED: cutadapt 4.2 is not installed"; exit 77; }
cutadapt=$(command -v cutadapt)
# Trim Galore names the "second best" adapter from a Perl hash; with ties
# (count 0) that depends on Perl's per-process hash order unless it is fixed.
export PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# Trim Galore reads the first line of the cutadapt executable when --cores > 1;
# the installed entry point is a #!/bin/sh script (cmake/install.cmake).
cmake --install "$build" --prefix "$work/prefix" --component cutadapt > /dev/null
shim=$work/prefix/bin/cutadapt
cmake --install "$build" --prefix "$work/prefix" > /dev/null
[[ -x $shim && $(head -c 9 "$shim") == '#!/bin/sh' ]] || { echo "FAIL: no #!/bin/sh entry point at $shim"; exit 1; }

# Lines that differ by design: the tool and Python versions, the run time.
normalize() {
  sed -E -e '/^Cutadapt version: /d' -e '/^Python version: /d' -e '/^This is cutadapt /d' \
         -e '/^Finished in /d' -e '/^Cutadapt seems to be /d' "$1"
}

# check NAME RINGTRIM_PATH TRIM_GALORE_ARGS...: inputs are linked into each run's folder.
check() {
  local name=$1 path=$2; shift 2
  local c=$work/$name/cutadapt r=$work/$name/ringtrim ok=1
  mkdir -p "$c" "$r"
  for f in "$examples"/*.fastq.gz; do ln -s "$f" "$c/"; ln -s "$f" "$r/"; done
  if ! (cd "$c" && trim_galore --path_to_cutadapt "$cutadapt" "$@" > log.txt 2>&1); then
    echo "FAIL $name: trim_galore with cutadapt: $(tail -3 "$c/log.txt")"; failed=$((failed+1)); return
  fi
  if ! (cd "$r" && trim_galore --path_to_cutadapt "$path" "$@" > log.txt 2>&1); then
    echo "FAIL $name: trim_galore with ringtrim: $(tail -3 "$r/log.txt")"; failed=$((failed+1)); return
  fi
  local outputs=0
  for f in "$c"/*_trimmed.fq* "$c"/*_val_*.fq* "$c"/*_trimming_report.txt; do
    [[ -e $f ]] || continue
    local b; b=$(basename "$f"); outputs=$((outputs+1))
    if [[ ! -e $r/$b ]]; then echo "FAIL $name: $b not written with ringtrim"; ok=0; continue; fi
    if [[ $b == *.txt ]]; then
      grep -q "^This is cutadapt 4.2 (compatible; ringtrim" "$r/$b" || { echo "FAIL $name: $b lacks ringtrim's report"; ok=0; }
      grep -q "^Cutadapt version: 4.2" "$r/$b" || { echo "FAIL $name: $b: Trim Galore did not read version 4.2"; ok=0; }
      if ! diff <(normalize "$c/$b") <(normalize "$r/$b") > "$work/$name.diff"; then
        echo "FAIL $name: $b differs:"; head -10 "$work/$name.diff"; ok=0
      fi
    elif ! cmp -s <(gzip -dcf "$f") <(gzip -dcf "$r/$b"); then
      echo "FAIL $name: $b differs (decompressed)"; ok=0
    fi
  done
  ((outputs >= 2)) || { echo "FAIL $name: Trim Galore wrote no outputs"; ok=0; }
  if ((ok)); then echo "ok $name ($outputs files)"; else failed=$((failed+1)); fi
}

check se-gzip-autodetect "$ringtrim" illumina_10K.fastq.gz
check paired-cores2 "$shim" --paired --cores 2 clock_10K_R1.fastq.gz clock_10K_R2.fastq.gz
check rrbs "$ringtrim" --rrbs illumina_10K.fastq.gz
check nextseq "$ringtrim" --nextseq 20 --cores 2 illumina_10K.fastq.gz

# Through --cores 2 Trim Galore reads the entry point's first line, not an ELF header.
grep -q "but found this: >>>#!/bin/sh<<<" "$work/paired-cores2/ringtrim/log.txt" ||
  { echo "FAIL paired-cores2: Trim Galore did not read the #!/bin/sh line"; failed=$((failed+1)); }
((failed == 0)) || { echo "$failed Trim Galore comparisons failed"; exit 1; }
echo "all Trim Galore comparisons passed"

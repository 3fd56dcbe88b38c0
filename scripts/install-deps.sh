#!/usr/bin/env bash
# Installs, from Debian 12 packages, whatever ringtrim needs to build and test
# that is not already installed. Safe to run repeatedly.
#   scripts/install-deps.sh          build dependencies
#   scripts/install-deps.sh --test   also the test oracles (cutadapt 4.2, python3), the callers
#                                    tested end to end (trim-galore, snakemake, multiqc),
#                                    dpkg-dev for cpack's Debian dependencies, clang
#                                    with libFuzzer for scripts/fuzz.sh, and pigz and isal
#                                    (igzip), which must read ringtrim's gzip output
#                                    (tests/e2e/gzip_members.sh), and tabix (bgzip) to
#                                    write BGZF input (tests/e2e/bgzf.sh), lintian to check
#                                    the .deb (tests/e2e/deb.sh), python3-yaml to read
#                                    CITATION.cff (tests/e2e/install.sh) and chromium, which
#                                    opens the --html report (tests/e2e/html_report.sh)
#   scripts/install-deps.sh --bench  also the peers for benchmarks (fastp, atropos),
#                                    matplotlib for benchmarks/run.sh's plots and
#                                    tabix (bgzip) for benchmarks/gzip_io.py's BGZF input
set -euo pipefail

packages=(g++ cmake make libboost-dev libboost-program-options-dev zlib1g-dev
          libbz2-dev liblzma-dev libzstd-dev libisal-dev libdeflate-dev catch2 python3)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(cutadapt multiqc trim-galore snakemake dpkg-dev clang-14 libclang-rt-14-dev zstd pigz isal tabix lintian python3-yaml chromium) ;;
    --bench) packages+=(cutadapt fastp atropos time python3-matplotlib isal adapterremoval linux-perf tabix) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps.sh: installing ${missing[*]}" >&2
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

#!/usr/bin/env bash
# Real data (../shared/data/real), single-end and paired-end sets: ringtrim's outputs must equal cutadapt
# 4.2's (after decompression) with the commands from the data sets' READMEs,
# and MultiQC must read ringtrim's report as cutadapt's with the same numbers
# (../shared/tools/multiqc-check --ref).
# usage: real_data.sh RINGTRIM SOURCE_DIR      exit 77 (skipped) without the data
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
shared=${RINGTRIM_SHARED:-$src/../shared}
real=$shared/data/real
if [[ ! -d $real ]]; then echo "SKIPPED: no real data at $real"; exit 77; fi
real=$(cd "$real" && pwd); shared=$(cd "$shared" && pwd)
command -v cutadapt >/dev/null || { echo "SKIPPED: cutadapt 4.2 is not installed"; exit 77; }
have_multiqc=0; command -v multiqc >/dev/null && have_multiqc=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0; passed=0

# check NAME SET "ARGS" OUTPUT...: runs both tools in their own folders with
# the same arguments; ARGS may refer to the set's files by bare name.
check() {
  local name=$1 set=$2 args=$3; shift 3
  local c=$work/$name/cutadapt r=$work/$name/ringtrim
  mkdir -p "$c" "$r"
  for f in "$real/$set"/*.gz; do ln -s "$f" "$c/"; ln -s "$f" "$r/"; done
  (cd "$c" && eval "cutadapt $args" > report.txt 2> stderr.txt) || { echo "FAIL $name: cutadapt failed"; failed=$((failed+1)); return; }
  if ! (cd "$r" && eval "'$ringtrim' $args" > report.txt 2> stderr.txt); then
    echo "FAIL $name: ringtrim failed: $(tail -2 "$r/stderr.txt")"; failed=$((failed+1)); return
  fi
  local ok=1
  for out in "$@"; do
    if ! cmp -s <(gzip -dcf "$c/$out") <(gzip -dcf "$r/$out"); then echo "FAIL $name: $out differs"; ok=0; fi
  done
  # The report, minus the lines that differ by design (version line, timing).
  local report=report.txt
  grep -q "This is cutadapt" "$c/report.txt" || report=stderr.txt
  if ! diff <(sed -e 1d -e '/^Finished in/d' "$c/$report") <(sed -e 1d -e '/^Finished in/d' "$r/$report") > "$work/$name.diff"; then
    echo "FAIL $name: report differs:"; head -5 "$work/$name.diff"; ok=0
  fi
  if ((have_multiqc)) && ! "$shared/tools/multiqc-check" --ref "$c/$report" "$r/$report" > "$work/$name.mqc" 2>&1; then
    echo "FAIL $name: multiqc-check: $(tail -3 "$work/$name.mqc")"; ok=0
  fi
  if ((ok)); then passed=$((passed+1)); echo "ok $name"; else failed=$((failed+1)); fi
}

check smallrna-report tg-smallrna-se51 "-j 1 -a TGGAATTCTCGG -q 20 -m 16 --json out.json -o out.fastq.gz smallRNA_100K.fastq.gz" out.fastq.gz
check smallrna-tg-like tg-smallrna-se51 "-j 1 -e 0.1 -q 20 -O 1 -a AGATCGGAAGAGC -o out.fastq smallRNA_100K.fastq.gz" out.fastq
check miseq-truseq tg-miseq-se150 "-a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -o out.fastq.gz illumina_100K.fastq.gz" out.fastq.gz
check miseq-13mer tg-miseq-se150 "-a AGATCGGAAGAGC -q 20 -m 20 -o out.fastq illumina_100K.fastq.gz" out.fastq
check nextera tg-nextera-se51 "-a CTGTCTCTTATA -o out.fastq.gz nextera_100K.fastq.gz" out.fastq.gz
check dnapi-good dnapi-smallrna-se50 "-a TGGAATTCTCGGGTGCCAAGG -o out.fastq good.fq.gz" out.fastq
check dnapi-poor dnapi-smallrna-se50 "-a CGCCTTGGCCGT -m 15 -o out.fastq poor.fq.gz" out.fastq
check tenx-polya novaseq-10x-r2-se90 "-j 1 --nextseq-trim=20 -a 'A{20}' --trim-n -m 20 --json out.json -o out.fq.gz Chromium_3p_GEX_Human_PBMC_chr21_100000_S1_L001_R2_001.fastq.gz" out.fq.gz
T=AGATCGGAAGAGCACACGTCTGAACTCCAGTCA; T2=AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT
check clock-pe tg-hiseq-pe76 "--cores 1 -a $T -A $T2 -q 20 --minimum-length 20 --json out.json -o out1.fastq.gz -p out2.fastq.gz clock_10K_R1.fastq.gz clock_10K_R2.fastq.gz" out1.fastq.gz out2.fastq.gz
check seqpurge-pe300 ngsbits-miseq-pe300 "-j 2 -a $T -A $T2 -q 20,20 -m 50 --max-n 5 --json out.json -o out1.fq.gz -p out2.fq.gz SeqPurge_in9.fastq.gz SeqPurge_in10.fastq.gz" out1.fq.gz out2.fq.gz
check seqpurge-pe151 ngsbits-miseq-pe151 "-a $T -A $T2 -q 20 -m 20 -o out1.fastq -p out2.fastq SeqPurge_in1.first2500.fastq.gz SeqPurge_in2.first2500.fastq.gz" out1.fastq out2.fastq
check seqpurge-pe101 ngsbits-hiseq-pe101 "-a $T -A $T2 --trim-n --max-n 10 -m 20 -o out1.fastq -p out2.fastq SeqPurge_in5.fastq.gz SeqPurge_in6.fastq.gz" out1.fastq out2.fastq
check phred64-pe seqprep-hiseq-pe100-phred64 "--quality-base 64 -q 20 -a $T -A $T2 -m 20 -o out1.fastq -p out2.fastq multiplex_bad_contam_1.first25000.fq.gz multiplex_bad_contam_2.first25000.fq.gz" out1.fastq out2.fastq
check rrbs-pe novaseq-rrbs-pe51 "--nextseq-trim=20 -a $T -A $T2 -m 20 -o out1.fastq.gz -p out2.fastq.gz SRR24766921_RRBS_R1.fastq.gz SRR24766921_RRBS_R2.fastq.gz" out1.fastq.gz out2.fastq.gz
check nextseq500-pe nextseq500-rnaseq-pe76 "-j 2 -a $T -A $T2 -q 20 -m 20 --pair-filter both -o out1.fastq -p out2.fastq SRR6924569_S1_L001_R1_001.fastq.gz SRR6924569_S1_L001_R2_001.fastq.gz" out1.fastq out2.fastq
check nextseq2000-pe nextseq2000-chip-pe61 "-a $T -A $T2 -q 20 -m 20 --interleaved -o out.fastq wt_input_ip1_rep1_S1_L001_R1_001.fastq.gz wt_input_ip1_rep1_S1_L001_R2_001.fastq.gz" out.fastq
if ((!have_multiqc)); then echo "note: multiqc not installed, MultiQC checks skipped"; fi
echo "$passed passed, $failed failed"
((failed == 0))

#!/bin/bash
# Regenerates the expected cutadapt 4.2 reports used by text_report_test.cpp and
# json_report_test.cpp. Run from anywhere: bash generate.sh
#
# For each case NAME below, with the inputs from gen_reads.py in this directory:
#   NAME.report.txt  what `cutadapt ARGS` printed on stdout (header + report)
#   NAME.json        its --json file (cases with --json only)
#   NAME.stats       cutadapt's Statistics object for that run (dump_stats.py)
# The real-data cases (real_*) rerun the commands of
# /work/shared/data/reports/cutadapt-4.2/README.md on /work/shared/data/real/ only
# to dump their Statistics; their .report.txt/.json are copies of the reports there.
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
$PY gen_reads.py .
A3=AGATCGGAAGAGCACACGTC
A3B=AGATCGGAAGAGCGTCGTGT
A5=TTAGGCACGGTCA

run() {  # run NAME ARGS...
  local name=$1; shift
  $PY dump_stats.py "$name.stats" "$@" > "$name.report.txt"
}

run se_back -a $A3 -q 20 -m 25 -M 70 --max-n 3 --discard-casava --json se_back.json -o /dev/null se.fq
run se_front -g $A5 -O 5 --json se_front.json -o /dev/null se.fq
run se_anywhere -b $A3 -e 0.15 --json se_anywhere.json -o /dev/null se.fq
run se_linked -a $A5...AGATCGGAAGAGC --discard-untrimmed --json se_linked.json -o /dev/null se.fq
run se_mixed -a "ADAPT=$A3\$" -g "^$A5" -a AGATCGGX -g XTTAGGCAC -a AGATCNNAAGAGC \
  -g "$A5;rightmost" -a "GATCGGAAGAGCAC;min_overlap=5;e=2;noindels" \
  --max-ee 1 --discard-trimmed --gc-content 40 --nextseq-trim 20 --trim-n --json se_mixed.json -o /dev/null se.fq
run se_revcomp -a $A3 --revcomp --json se_revcomp.json -o /dev/null se.fq
run se_warn -a $A3 --json se_warn.json -o /dev/null warn.fq
run se_minimal --report=minimal -a $A3 -q 20 -m 30 -o /dev/null warn.fq
run se_minimal_ok --report=minimal -a $A3 -M 60 --max-n 1 -o /dev/null se.fq
run pe -a $A3 -g $A5 -A $A3B -G $A5 -q 15,10 -m 20 -M 75 --max-n 0.1 --json pe.json -o /dev/null -p /dev/null pe_1.fq pe_2.fq
run pe_minimal --report=minimal -a $A3 -A $A3B -q 15,10 -m 20 -o /dev/null -p /dev/null pe_1.fq pe_2.fq
run pe_r2only -a $A3 -Q 20 -m 30:25 --pair-filter=both --json pe_r2only.json -o /dev/null -p /dev/null pe_1.fq pe_2.fq
run pe_pairadapters -a $A3 -a $A5 -A $A3B -A $A5 --pair-adapters --discard-untrimmed --json pe_pairadapters.json -o /dev/null -p /dev/null pe_1.fq pe_2.fq
run empty -a $A3 -q 20 --json empty.json -o /dev/null empty.fq
run empty_minimal --report=minimal -a $A3 -o /dev/null empty.fq

REAL=/work/shared/data/real
REP=/work/shared/data/reports/cutadapt-4.2
T=AGATCGGAAGAGCACACGTCTGAACTCCAGTCA
T2=AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT
TMP=$(mktemp -d)
real() {  # real NAME REPORT ARGS...
  local name=$1 report=$2; shift 2
  (cd "$TMP" && $PY "$OLDPWD/dump_stats.py" "$OLDPWD/$name.stats" "$@" > /dev/null 2>&1)
  cp "$REP/$report" "$name.report.txt"
  if [ -e "$REP/${report%.log}.json" ]; then cp "$REP/${report%.log}.json" "$name.json"; fi
}
cp $REAL/tg-smallrna-se51/smallRNA_100K.fastq.gz $REAL/tg-hiseq-pe76/clock_10K_R*.fastq.gz \
   $REAL/ngsbits-miseq-pe300/SeqPurge_in*.fastq.gz \
   $REAL/novaseq-10x-r2-se90/Chromium_3p_GEX_Human_PBMC_chr21_100000_S1_L001_R2_001.fastq.gz "$TMP"
real real_smallrna smallRNA_100K.cutadapt.log -j 1 -a TGGAATTCTCGG -q 20 -m 16 -o /dev/null smallRNA_100K.fastq.gz
real real_clock clock_10K.cutadapt.log --cores 1 -a $T -A $T2 -q 20 --minimum-length 20 -o /dev/null -p /dev/null clock_10K_R1.fastq.gz clock_10K_R2.fastq.gz
real real_seqpurge SeqPurge_pe300.cutadapt.log -j 2 -a $T -A $T2 -q 20,20 -m 50 --max-n 5 -o /dev/null -p /dev/null SeqPurge_in9.fastq.gz SeqPurge_in10.fastq.gz
real real_tenx tenx_r2.cutadapt.log -j 1 --nextseq-trim=20 -a 'A{20}' --trim-n -m 20 -o /dev/null Chromium_3p_GEX_Human_PBMC_chr21_100000_S1_L001_R2_001.fastq.gz
real real_tg_like tg_like.stderr.txt -j 1 -e 0.1 -q 20 -O 1 -a AGATCGGAAGAGC -o /dev/null smallRNA_100K.fastq.gz
real real_clock_minimal clock_10K.minimal.log --report=minimal -a $T -A $T2 -o /dev/null -p /dev/null clock_10K_R1.fastq.gz clock_10K_R2.fastq.gz
rm -rf "$TMP"

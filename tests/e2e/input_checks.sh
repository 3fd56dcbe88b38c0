#!/usr/bin/env bash
# Input checks cutadapt 4.2 makes, compared with cutadapt itself (the oracle;
# skipped when it is missing), at -j 1 and -j 3:
#   * FASTA input with an option that needs qualities (-q, -Q, --nextseq-trim,
#     --zero-cap), single- and paired-end: "Cannot do quality trimming when no
#     qualities are available", exit 1, no output; --max-ee only warns
#   * the output format from the name: with FASTQ input, cutadapt (one core)
#     writes FASTA into out.fasta but FASTQ into out.fasta.gz, for -o, -p,
#     --untrimmed-output, --too-short-output, --too-long-output and
#     demultiplexed outputs
# usage: input_checks.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
command -v cutadapt > /dev/null || { echo "input_checks: cutadapt not found, skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }

printf '>r1\nACGTACGTAGATCGGAAGAGCNN\n>r2\nACGGGGGGGGGGGG\n>r3\nTTTTAGATCGGAAGAGCAAAA\n' > in.fa
printf '@r1\nACGTACGTAGATCGGAAGAGCNN\n+\nIIIIIIIIIIIIIIIIIIIII##\n@r2\nGGCCAAGGCCTT\n+\nIIIIIIIIIIII\n@r3\nTTTTAGATCGGAAGAGCAAAA\n+\nIIIII#IIIIIIIIIIIIIII\n@r4\nACGTACGTACGTACGTACGTACGTACGT\n+\nIIIIIIIIIIIIIIIIIIIIIIIIIIII\n' > in.fq
printf '>first\nACGTACGT\n>second\nTTTTAGAT\n' > bc.fa

for j in 1 3; do
  for opt in "-q 20" "-q 0,0" "--quality-cutoff 5,10" "--nextseq-trim 20" "--zero-cap"; do
    for mode in se pe; do
      rm -rf out; mkdir out
      if [[ $mode == se ]]; then args=(-o out/o.fa in.fa); else args=(-o out/o.fa -p out/p.fa in.fa in.fa); fi
      # shellcheck disable=SC2086
      "$rt" -j $j $opt "${args[@]}" > out.txt 2> err.txt; rc=$?
      if ((rc == 1)) && grep -q "Cannot do quality trimming when no qualities are available" out.txt err.txt \
         && [[ -z $(ls -A out) ]]; then ok "j$j $mode FASTA with $opt: error, exit 1"
      else fail "j$j $mode FASTA with $opt: exit $rc"; fi
    done
  done
  rm -rf out; mkdir out
  "$rt" -j $j -Q 20 -o out/o.fa -p out/p.fa in.fa in.fa > out.txt 2>&1; rc=$?
  if ((rc == 1)) && grep -q "Cannot do quality trimming" out.txt; then ok "j$j pe FASTA with -Q 20: error"
  else fail "j$j pe FASTA with -Q 20: exit $rc"; fi
  "$rt" -j $j -q 0 -o out/o.fa in.fa > /dev/null 2>&1 || fail "j$j: -q 0 on FASTA must work, as in cutadapt"
  "$rt" -j $j --max-ee 1 -o out/o.fa in.fa > out.txt 2>&1; rc=$?
  if ((rc == 0)) && grep -q "^WARNING: Ignoring option --max-ee because input does not contain quality values$" out.txt; then
    ok "j$j FASTA with --max-ee: warning, as cutadapt"
  else fail "j$j FASTA with --max-ee: exit $rc"; fi

  # Output formats: each layout against cutadapt -j 1.
  layouts=(
    "-o X.fasta"
    "-o X.fa.gz"
    "-o X.fasta.bz2"
    "-o X.fna.xz"
    "-o X.FASTA"
    "-o X.fastq"
    "-o X.txt"
    "-o X.fa -p Y.fasta.gz"
    "-o X.fq.gz -p Y.fa"
    "-m 15 --too-short-output S.fa -o X.fa.gz"
    "-M 15 --too-long-output L.fasta.gz -o X.fasta"
    "--untrimmed-output U.fa -o X.fq"
    "-g ^file:../bc.fa -o D-{name}.fasta --untrimmed-output U.fa.gz"
    "--fasta -o X.fq.gz"
  )
  for layout in "${layouts[@]}"; do
    for who in cutadapt ringtrim; do
      rm -rf "$who"; mkdir "$who"
      cmd=$layout
      [[ $cmd == *"-p "* ]] && inputs="in.fq in.fq" || inputs="in.fq"
      (cd "$who" && if [[ $who == cutadapt ]]; then eval cutadapt -j 1 -a AGATCGGAAGAGC $cmd ${inputs//in/../in}
                    else eval "$rt" -j $j -a AGATCGGAAGAGC $cmd ${inputs//in/../in}; fi) > /dev/null 2>&1
    done
    same=1
    for f in cutadapt/*; do
      b=$(basename "$f")
      [[ -e ringtrim/$b ]] || { same=0; break; }
      case $b in *.gz) c="gzip -dc";; *.bz2) c="bzip2 -dc";; *.xz) c="xz -dc";; *) c=cat;; esac
      cmp -s <($c "$f") <($c "ringtrim/$b") || same=0
    done
    [[ $(ls cutadapt | wc -l) == $(ls ringtrim | wc -l) ]] || same=0
    if ((same)); then ok "j$j: '$layout' gives cutadapt's formats"
    else fail "j$j: '$layout' differs from cutadapt: $(ls cutadapt) / $(ls ringtrim)"; fi
  done
done
exit $status

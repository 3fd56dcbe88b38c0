#!/usr/bin/env bash
# Output bytes do not depend on -j, --ring-slots, --buffer-size or --ipc, compressed
# outputs (.gz/.bz2/.xz/.zst, one member or frame per compression unit) included; and the
# decompressed output equals the uncompressed output.
# usage: output_identity.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --help >/dev/null 2>&1 || { echo "no read simulator"; exit 77; }
/usr/bin/python3 - <<'PY'
import random
rnd = random.Random(11)
ad1, ad2 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC", "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
comp = str.maketrans("ACGT", "TGCA")
with open("r1.fq", "w") as f1, open("r2.fq", "w") as f2:
    for i in range(5003):
        n = rnd.randint(20, 150)
        frag = "".join(rnd.choice("ACGT") for _ in range(rnd.randint(10, 160)))
        s1 = (frag + ad1 + "A" * 150)[:n]
        s2 = (frag[::-1].translate(comp) + ad2 + "C" * 150)[:n]
        q = "".join(chr(33 + rnd.randint(2, 40)) for _ in range(n))
        f1.write(f"@r{i}/1\n{s1}\n+\n{q}\n")
        f2.write(f"@r{i}/2\n{s2}\n+\n{q}\n")
PY
status=0
check() {  # NAME ARGS... : runs with several settings, all outputs must be equal
  local name=$1; shift
  local ref=""
  for extra in "-j 1" "-j 1 --buffer-size 700" "-j 1 --buffer-size 50000" "-j 2" "-j 3 --buffer-size 3000" \
               "-j 4 --buffer-size 100000 --ring-slots 3" "-j 2 --ipc queue" "-j 4 --ipc queue --buffer-size 3000"; do
    rm -rf out && mkdir out
    # shellcheck disable=SC2086
    local rc=0
    "$ringtrim" $extra "$@" > out/report.txt 2> out/stderr.txt || rc=$?
    if (( rc != 0 )); then
      echo "FAIL $name ($extra): exit status $rc"; cat out/stderr.txt; status=1; return
    fi
    rm out/report.txt out/stderr.txt
    if [[ -z $ref ]]; then
      rm -rf ref && mv out ref && ref=1
    elif ! diff -r ref out > /dev/null; then
      echo "FAIL $name: output with '$extra' differs from -j 1"; status=1; return
    fi
  done
  echo "ok $name"
}
check se-gz --quiet -a AGATCGGAAGAGC -m 20 --too-short-output out/short.fq.gz -o out/o.fq.gz r1.fq
check se-gz-level1 --quiet -Z -a AGATCGGAAGAGC -o out/o.fq.gz --info-file out/info.txt.gz r1.fq
check se-bz2-xz --quiet -a AGATCGGAAGAGC -o out/o.fq.bz2 --untrimmed-output out/u.fq.xz r1.fq
check pe-gz --quiet -a AGATCGGAAGAGC -A AGATCGGAAGAGC -o out/o1.fq.gz -p out/o2.fq.gz r1.fq r2.fq
check pe-interleaved-gz --quiet --interleaved -a AGATCGGAAGAGC -A AGATCGGAAGAGC -o out/o.fq.gz r1.fq r2.fq
check demux-gz --quiet -a one=AGATCGGAAGAGCACAC -a two=AGATCGGAAGAGCGTCG -o 'out/{name}.fq.gz' r1.fq
check pe-zst --quiet -a one=AGATCGGAAGAGCACAC -a two=AGATCGGAAGAGCGTCG -A AGATCGGAAGAGC -m 20 \
  -o 'out/{name}.1.fq.zst' -p 'out/{name}.2.fq.zst' --too-short-output out/short.1.fq.zst \
  --too-short-paired-output out/short.2.fq.zst --info-file out/info.txt.zst r1.fq r2.fq

# The decompressed output equals the plain output.
"$ringtrim" --quiet -j 2 -a AGATCGGAAGAGC -o plain.fq r1.fq
"$ringtrim" --quiet -j 2 --buffer-size 3000 -a AGATCGGAAGAGC -o packed.fq.gz r1.fq
if gzip -dc packed.fq.gz | cmp -s - plain.fq; then echo "ok gz-content"; else echo "FAIL gz-content"; status=1; fi
members=$(/usr/bin/python3 -c 'import sys,zlib
d=open(sys.argv[1],"rb").read(); n=0
while d:
    o=zlib.decompressobj(31); o.decompress(d); d=o.unused_data; n+=1
print(n)' packed.fq.gz)
if (( members > 1 )); then echo "ok gz has $members members"; else echo "FAIL gz has $members member(s)"; status=1; fi

# Every gzip level, so every deflate library ringtrim picks for some level
# (issue 15, docs/benchmarks.md "gzip backends"): the same bytes at -j 1, -j 3
# with small chunks and --ipc queue, and the plain output inside.
for level in 0 1 2 3 4 5 6 7 8 9; do
  same=1
  for extra in "-j 1" "-j 3 --buffer-size 3000" "-j 2 --ipc queue --buffer-size 7000"; do
    # shellcheck disable=SC2086
    "$ringtrim" --quiet $extra --compression-level $level -a AGATCGGAAGAGC -o level.fq.gz r1.fq
    if [[ $extra == "-j 1" ]]; then mv level.fq.gz level-ref.fq.gz
    elif ! cmp -s level.fq.gz level-ref.fq.gz; then same=0; fi
  done
  if (( same )) && gzip -dc level-ref.fq.gz | cmp -s - plain.fq; then
    echo "ok gzip level $level: identical at -j 1/3/queue, $(stat -c %s level-ref.fq.gz) bytes"
  else echo "FAIL gzip level $level: outputs differ or do not hold the plain output"; status=1; fi
done
exit $status

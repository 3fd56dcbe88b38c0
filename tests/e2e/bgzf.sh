#!/usr/bin/env bash
# BGZF input (issue 15): files written by bgzip are gzip members that say
# their size (a BC extra subfield), so the ring's parent places whole blocks
# raw, workers inflate them, and the parent cuts the inflated bytes after the
# last whole unit and carries the rest over to the next chunk.
#  - The output equals that of the plain FASTQ at -j 1 (inflated by the
#    parent), at -j 2 and -j 3 with chunks large enough for BGZF and with
#    chunks too small for it, with --ipc queue (the parent inflates), with
#    -Z output (byte-identical), for single-end, paired and interleaved
#    input, and for a bgzip file followed by a plain gzip member (from there
#    on the parent inflates, after the bytes carried over), and for records
#    longer than a slot (carried over chunks that hold no record).
#  - A worker killed while inflating a chunk is replaced; the output is
#    unchanged.
#  - A truncated file, a corrupt block, a block whose ISIZE lies and paired
#    files out of sync each exit 1 with a message naming the file, and leave
#    no output.
# usage: bgzf.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
command -v bgzip > /dev/null || { echo "FAIL: bgzip is missing (scripts/install-deps.sh --test: tabix)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }
trim=(--quiet -a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -q 20 -m 20)
pe=(-A AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT)

python3 "$src/benchmarks/gen_reads.py" --reads 40000 --length 150 --seed 21 -o r > /dev/null
python3 "$src/benchmarks/gen_reads.py" --reads 20000 --length 150 --seed 22 --paired -o p > /dev/null
bgzip -c r.fastq > r.fq.gz
bgzip -c p_R1.fastq > p1.fq.gz
bgzip -c p_R2.fastq > p2.fq.gz
paste - - - - < p_R1.fastq > a.tsv
paste - - - - < p_R2.fastq > b.tsv
paste -d '\n' a.tsv b.tsv | tr '\t' '\n' > i.fastq
bgzip -c i.fastq > i.fq.gz
[[ $(od -An -tx1 -j 12 -N 4 r.fq.gz | tr -d ' ') == 42430200 ]] || fail "bgzip wrote no BC subfield"
# bgzip's blocks, then a plain gzip member, then bgzip's blocks again.
head -n 40000 r.fastq | bgzip -c > mixed.fq.gz
sed -n 40001,80000p r.fastq | gzip -1 -c >> mixed.fq.gz
tail -n +80001 r.fastq | bgzip -c >> mixed.fq.gz

runs=("-j 1" "-j 2" "-j 3 --buffer-size 300000" "-j 3 --buffer-size 60000" "-j 2 --ipc queue")
for Z in "" "-Z"; do
  "$ringtrim" -j 1 $Z "${trim[@]}" -o want.fq.gz r.fastq
  "$ringtrim" -j 1 $Z "${trim[@]}" "${pe[@]}" -o want1.fq.gz -p want2.fq.gz p_R1.fastq p_R2.fastq
  "$ringtrim" -j 1 $Z "${trim[@]}" "${pe[@]}" --interleaved -o wanti.fq.gz i.fastq
  for extra in "${runs[@]}"; do
    for input in r.fq.gz mixed.fq.gz; do
      # shellcheck disable=SC2086
      "$ringtrim" $extra $Z "${trim[@]}" -o got.fq.gz "$input"
      cmp -s got.fq.gz want.fq.gz && ok "$input with '$extra $Z'" || fail "$input with '$extra $Z'"
    done
    # shellcheck disable=SC2086
    "$ringtrim" $extra $Z "${trim[@]}" "${pe[@]}" -o got1.fq.gz -p got2.fq.gz p1.fq.gz p2.fq.gz
    cmp -s got1.fq.gz want1.fq.gz && cmp -s got2.fq.gz want2.fq.gz && ok "paired with '$extra $Z'" ||
      fail "paired with '$extra $Z'"
    # shellcheck disable=SC2086
    "$ringtrim" $extra $Z "${trim[@]}" "${pe[@]}" --interleaved -o goti.fq.gz i.fq.gz
    cmp -s goti.fq.gz wanti.fq.gz && ok "interleaved with '$extra $Z'" || fail "interleaved with '$extra $Z'"
  done
done

# Records of 120 and 300 KB, longer than a slot's spare room or the whole
# slot: carried over several chunks (chunks that hold no record), joined in
# the parent's memory and spilled.
python3 - <<'PYEOF'
import random
random.seed(5)
with open("long.fq", "w") as f:
    for i in range(120):
        n = random.choice([150] * 8 + [300000, 120000])
        s = "".join(random.choice("ACGT") for _ in range(n))
        if i % 3 == 0:
            s = s[:n - 40] + "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA" + s[n - 7:]
        f.write(f"@r{i}\n{s}\n+\n{'I' * n}\n")
PYEOF
bgzip -c long.fq > long.fq.gz
for Z in "" "-Z"; do
  "$ringtrim" -j 1 $Z "${trim[@]}" -o want.fq.gz long.fq
  for bs in 196608 400000; do
    "$ringtrim" -j 3 --buffer-size $bs $Z "${trim[@]}" -o got.fq.gz long.fq.gz
    cmp -s got.fq.gz want.fq.gz && ok "long records, --buffer-size $bs $Z" || fail "long records, --buffer-size $bs $Z"
  done
done

"$ringtrim" -j 1 "${trim[@]}" -o want.fq r.fastq
RINGTRIM_FAULT=worker:seq=1:sig=KILL:times=1 "$ringtrim" -j 2 --buffer-size 300000 "${trim[@]}" -o got.fq \
  r.fq.gz 2> err.txt
cmp -s got.fq want.fq && ok "a worker killed while inflating is replaced" || fail "killed worker: $(cat err.txt)"

# Damaged input: exit 1, the file named, no output.
expect_error() {  # NAME PATTERN ARGS...
  local name=$1 pattern=$2
  shift 2
  rm -f out.fq out2.fq
  if "$ringtrim" -j 2 --buffer-size 300000 "${trim[@]}" -o out.fq "$@" > /dev/null 2> err.txt; then
    fail "$name: exit 0"
    return
  fi
  grep -q -- "$pattern" err.txt && [[ ! -e out.fq ]] && ok "$name: $(head -1 err.txt)" ||
    fail "$name: $(head -3 err.txt); output left: $([[ -e out.fq ]] && echo yes || echo no)"
}
size=$(stat -c %s r.fq.gz)
head -c $((size / 2)) r.fq.gz > truncated.fq.gz
expect_error "truncated" "truncated.fq.gz: truncated gzip data: unexpected end of file" truncated.fq.gz
python3 - <<'EOF'
import struct
d = bytearray(open("r.fq.gz", "rb").read())
second = struct.unpack("<H", d[16:18])[0] + 1
third = second + struct.unpack("<H", d[second + 16:second + 18])[0] + 1
c = bytearray(d)
c[third + 200] ^= 0xff  # inside the third block's deflate data
open("corrupt.fq.gz", "wb").write(c)
c = bytearray(d)
isize = struct.unpack("<I", c[third - 4:third])[0]
c[third - 4:third] = struct.pack("<I", isize - 10)  # the second block says 10 bytes less
open("lie.fq.gz", "wb").write(c)
EOF
expect_error "corrupt block" "corrupt.fq.gz: corrupt gzip data" corrupt.fq.gz
expect_error "ISIZE lies" "lie.fq.gz: " lie.fq.gz
head -n 40000 p_R2.fastq | bgzip -c > short2.fq.gz
expect_error "paired files out of sync" "short2.fq.gz: has fewer records than p1.fq.gz" -p out2.fq p1.fq.gz short2.fq.gz
exit $status

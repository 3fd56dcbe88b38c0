#!/usr/bin/env bash
# zstd in and out (issue 12). cutadapt 4.2 refuses .zst; ringtrim reads zstd
# by content and writes zstd wherever a name ending in .zst picks the output
# compression.
#  - Every kind of named output (-o, -p, --untrimmed-output, --too-short-output,
#    --too-long-output, demultiplexed {name}, --info-file, --rest-file,
#    --wildcard-file) written as .zst at -j 1, at -j 3 with a small
#    --buffer-size and with --ipc queue is byte-identical across the three
#    runs, holds several zstd frames, and zstd -dc gives exactly the bytes of
#    the same run with plain names.
#  - An output that receives no reads is a valid, empty zstd file.
#  - -Z (zstd level 1) and the default (level 5) give different, valid files.
#  - zstd input: a file (any name), pzstd's skippable frames, standard input.
#  - Damaged zstd input exits 1 naming the file; no output appears.
# usage: zstd_io.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
command -v zstd >/dev/null || { echo "FAIL: the zstd tool is missing (scripts/install-deps.sh --test)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --reads 6000 --length 120 --seed 12 --paired -o r > /dev/null
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }

# run_all DIR EXT: one run per setting into DIR-<n>/, every output named *EXT.
settings=("-j 1" "-j 3 --buffer-size 3000" "-j 2 --ipc queue --buffer-size 20000")
run_all() {
  local dir=$1 ext=$2 n=0 extra
  for extra in "${settings[@]}"; do
    n=$((n + 1))
    rm -rf "$dir-$n" && mkdir "$dir-$n"
    # shellcheck disable=SC2086
    if ! "$ringtrim" $extra --quiet -a one=AGATCGGAAGAGCACAC -a two=AGATCGGAAGAGCGTCG -A AGATCGGAAGAGCG \
        -q 20 -m 30 --too-short-output "$dir-$n/short.1$ext" --too-short-paired-output "$dir-$n/short.2$ext" \
        -M 115 --too-long-output "$dir-$n/long.1$ext" --too-long-paired-output "$dir-$n/long.2$ext" \
        --info-file "$dir-$n/info.txt$ext" --rest-file "$dir-$n/rest.txt$ext" \
        --wildcard-file "$dir-$n/wild.txt$ext" \
        --untrimmed-output "$dir-$n/untrimmed.1$ext" --untrimmed-paired-output "$dir-$n/untrimmed.2$ext" \
        -o "$dir-$n/{name}.1$ext" -p "$dir-$n/{name}.2$ext" r_R1.fastq r_R2.fastq 2> "$dir-$n.stderr"; then
      fail "run with '$extra' into $dir: $(tail -1 "$dir-$n.stderr")"
    fi
  done
}
run_all plain .fq
run_all zst .fq.zst
for n in 2 3; do
  if diff -r zst-1 "zst-$n" > /dev/null; then ok ".zst outputs with '${settings[n-1]}' equal -j 1's"
  else fail ".zst outputs with '${settings[n-1]}' differ from -j 1's"; fi
done
checked=0
for f in plain-1/*; do
  base=$(basename "$f")
  z=zst-1/${base}.zst
  if [[ ! -e $z ]]; then fail "no .zst twin of $base"; continue; fi
  if zstd -qdc "$z" | cmp -s - "$f"; then checked=$((checked + 1))
  else fail "zstd -dc $z differs from $f"; fi
  [[ $(head -c 4 "$z" | od -An -tx1 | tr -d ' ') == 28b52ffd ]] || fail "$z does not start with a zstd frame"
done
(( checked >= 12 )) && ok "$checked .zst outputs decompress to the plain outputs" || fail "only $checked outputs checked"
frames=$(zstd -lv zst-1/one.1.fq.zst 2>/dev/null | sed -n 's/^# Zstandard Frames: //p')
if (( frames > 1 )); then ok "one.1.fq.zst has $frames frames (one per compression unit)"
else fail "one.1.fq.zst has '$frames' frame(s)"; fi

# No read reaches the output: a valid zstd file of nothing.
"$ringtrim" --quiet -m 100000 -o empty.fq.zst r_R1.fastq
if [[ -s empty.fq.zst ]] && zstd -qt empty.fq.zst && [[ -z $(zstd -qdc empty.fq.zst) ]]; then
  ok "empty output is a valid zstd file ($(stat -c %s empty.fq.zst) bytes)"
else fail "empty output is not a valid empty zstd file"; fi

# -Z is zstd level 1, the default level 5: the level-5 file is smaller.
"$ringtrim" --quiet -a AGATCGGAAGAGC -o plain.fq r_R1.fastq
"$ringtrim" --quiet -a AGATCGGAAGAGC -o l5.fq.zst r_R1.fastq
"$ringtrim" --quiet -Z -a AGATCGGAAGAGC -o l1.fq.zst r_R1.fastq
if zstd -qdc l1.fq.zst | cmp -s - plain.fq && zstd -qdc l5.fq.zst | cmp -s - plain.fq &&
   (( $(stat -c %s l5.fq.zst) < $(stat -c %s l1.fq.zst) )); then
  ok "-Z: $(stat -c %s l1.fq.zst) bytes, default: $(stat -c %s l5.fq.zst) bytes"
else fail "-Z and default level outputs"; fi

# zstd input, by content: a .fastq name, pzstd (skippable frames), stdin, -j 3.
zstd -q -c r_R1.fastq > in.fastq
pzstd -q -p 2 -c r_R1.fastq > in.pzstd.zst
for args in "-j 1 in.fastq" "-j 3 --buffer-size 5000 in.pzstd.zst" "-j 1 -" "-j 3 -"; do
  # shellcheck disable=SC2086
  if "$ringtrim" --quiet -a AGATCGGAAGAGC -o in-out.fq $args < in.pzstd.zst && cmp -s in-out.fq plain.fq; then
    ok "zstd input: $args"
  else fail "zstd input: $args"; fi
done

# Damaged zstd input: exit 1, the file named, no output left.
size=$(stat -c %s in.fastq)
head -c $((size - 100)) in.fastq > truncated.zst
cp in.fastq corrupt.zst
printf '\x55\x55\x55\x55' | dd of=corrupt.zst bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
{ cat in.fastq; printf 'junk'; } > garbage.zst
for case in "truncated.zst:truncated zstd data: unexpected end of file" "corrupt.zst:corrupt zstd data:" \
            "garbage.zst:trailing garbage after zstd data"; do
  file=${case%%:*} msg=${case#*:}
  for j in "-j 1" "-j 3 --buffer-size 5000"; do
    rm -rf err && mkdir err
    rc=0
    # shellcheck disable=SC2086
    "$ringtrim" $j --quiet -a AGATCGGAAGAGC -o err/out.fq.zst "$file" 2> err.stderr || rc=$?
    if (( rc == 1 )) && grep -q "ERROR: $file: $msg" err.stderr && [[ -z $(ls -A err) ]]; then
      ok "$file ($j): $(head -1 err.stderr)"
    else fail "$file ($j): exit $rc, $(head -1 err.stderr), left: $(ls -A err)"; fi
  done
done
exit $status

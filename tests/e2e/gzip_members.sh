#!/usr/bin/env bash
# Self-describing gzip members (issue 15). ringtrim's .gz record outputs are
# one gzip member per compression unit, each with an RT extra subfield that
# says its size and lines; a later run hands such members to its workers
# uninflated.
#  - Other readers see an ordinary gzip file: gzip -t, zcat, pigz, igzip,
#    Python's gzip and cutadapt (when installed) give the same bytes as
#    ringtrim's plain output.
#  - Reading that file gives the output of reading the plain FASTQ, at -j 1,
#    -j 3 with small chunks and with --ipc queue, also with a plain member
#    and zero padding in the middle of the file (from there on the parent
#    inflates) and through standard input, a FIFO and <(...) (no member
#    mode: they cannot be read twice); the same for
#    paired files and interleaved pairs.
#  - A truncated file, a corrupt member and a member whose RT field says the
#    wrong line count each exit 1 with a message naming the file, and leave
#    no output.
# usage: gzip_members.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
for tool in pigz igzip; do
  command -v $tool > /dev/null || { echo "FAIL: $tool is missing (scripts/install-deps.sh --test)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --reads 20000 --length 150 --seed 15 -o r > /dev/null
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }
trim=(--quiet -a AGATCGGAAGAGCACACGTCTGAACTCCAGTCA -q 20 -m 20)

"$ringtrim" -j 2 --quiet -o rt.fq.gz r.fastq
"$ringtrim" -j 1 --quiet -o plain.fq r.fastq
[[ $(head -c 4 rt.fq.gz | od -An -tx1 | tr -d ' ') == 1f8b0804 ]] || fail "rt.fq.gz does not start with FLG.FEXTRA"
[[ $(head -c 14 rt.fq.gz | tail -c 2) == RT ]] || fail "rt.fq.gz has no RT subfield first"
members=$(python3 - <<'EOF'
import struct
d = open("rt.fq.gz", "rb").read()
n = pos = 0
while pos < len(d):
    assert d[pos:pos + 4] == b"\x1f\x8b\x08\x04" and d[pos + 12:pos + 14] == b"RT", pos
    size, data, lines, flags = struct.unpack("<IIII", d[pos + 16:pos + 32])
    assert flags == 1 and lines % 4 == 0, (pos, lines, flags)
    pos += size
    n += 1
assert pos == len(d)
print(n)
EOF
) || fail "RT fields do not chain the members to the end of the file"
(( members > 5 )) && ok "$members RT members chain to the end of the file" || fail "only $members members"

gzip -t rt.fq.gz && ok "gzip -t" || fail "gzip -t"
zcat rt.fq.gz | cmp -s - plain.fq && ok "zcat" || fail "zcat"
pigz -dc rt.fq.gz | cmp -s - plain.fq && ok "pigz -dc" || fail "pigz -dc"
igzip -dc rt.fq.gz | cmp -s - plain.fq && ok "igzip -dc" || fail "igzip -dc"
python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.open("rt.fq.gz").read())' | cmp -s - plain.fq &&
  ok "Python gzip" || fail "Python gzip"
if command -v cutadapt > /dev/null; then
  cutadapt -o cut.fq rt.fq.gz > /dev/null 2>&1 && cmp -s cut.fq plain.fq && ok "cutadapt 4.2 reads it" ||
    fail "cutadapt"
fi

# Reading it back: the same as reading the plain FASTQ.
"$ringtrim" -j 1 "${trim[@]}" -o want.fq r.fastq
mixed() {  # RT members, zero padding, a plain member, RT members again
  python3 - "$@" <<'EOF'
import gzip, struct, sys
d = open("rt.fq.gz", "rb").read()
parts, pos = [], 0
while pos < len(d):
    size = struct.unpack("<I", d[pos + 16:pos + 20])[0]
    parts.append(d[pos:pos + size]); pos += size
k = len(parts) // 2
plain = gzip.compress(gzip.decompress(parts[k]), 1)
sys.stdout.buffer.write(b"".join(parts[:k]) + b"\0" * 7 + plain + b"".join(parts[k + 1:]))
EOF
}
mixed > mixed.fq.gz
for input in rt.fq.gz mixed.fq.gz; do
  for extra in "-j 1" "-j 3 --buffer-size 30000" "-j 2 --ipc queue" "-j 2 --buffer-size 3000"; do
    # shellcheck disable=SC2086
    "$ringtrim" $extra "${trim[@]}" -o got.fq "$input"
    cmp -s got.fq want.fq && ok "$input with '$extra'" || fail "$input with '$extra' differs from the plain input's"
  done
done
# Paired files and interleaved pairs: whole members of both, mate for mate.
python3 "$src/benchmarks/gen_reads.py" --reads 8000 --length 150 --seed 16 --paired -o p > /dev/null
"$ringtrim" -j 2 --quiet -o rt1.fq.gz -p rt2.fq.gz p_R1.fastq p_R2.fastq
"$ringtrim" -j 2 --quiet --interleaved -o rti.fq.gz p_R1.fastq p_R2.fastq
"$ringtrim" -j 1 "${trim[@]}" -A AGATCGGAAGAGCGTCGTGTAG -o want1.fq -p want2.fq p_R1.fastq p_R2.fastq
"$ringtrim" -j 1 "${trim[@]}" -A AGATCGGAAGAGCGTCGTGTAG --interleaved -o wanti.fq p_R1.fastq p_R2.fastq
for extra in "-j 1" "-j 3 --buffer-size 30000" "-j 2 --ipc queue --buffer-size 3000"; do
  # shellcheck disable=SC2086
  "$ringtrim" $extra "${trim[@]}" -A AGATCGGAAGAGCGTCGTGTAG -o got1.fq -p got2.fq rt1.fq.gz rt2.fq.gz
  cmp -s got1.fq want1.fq && cmp -s got2.fq want2.fq && ok "paired RT files with '$extra'" ||
    fail "paired RT files with '$extra'"
  # shellcheck disable=SC2086
  "$ringtrim" $extra "${trim[@]}" -A AGATCGGAAGAGCGTCGTGTAG --interleaved -o goti.fq rti.fq.gz
  cmp -s goti.fq wanti.fq && ok "interleaved RT file with '$extra'" || fail "interleaved RT file with '$extra'"
done

"$ringtrim" -j 2 "${trim[@]}" -o got.fq - < rt.fq.gz
cmp -s got.fq want.fq && ok "standard input" || fail "standard input"
"$ringtrim" -j 2 "${trim[@]}" -o got.fq <(cat rt.fq.gz)
cmp -s got.fq want.fq && ok "a pipe by name, <(...)" || fail "a pipe by name, <(...)"
mkfifo fifo.gz
cat rt.fq.gz > fifo.gz &
"$ringtrim" -j 2 "${trim[@]}" -o got.fq fifo.gz
wait
cmp -s got.fq want.fq && ok "a FIFO" || fail "a FIFO"
"$ringtrim" -j 2 "${trim[@]}" -o got.fq.gz rt.fq.gz
zcat got.fq.gz | cmp -s - want.fq && ok "RT in, RT out" || fail "RT in, RT out"

# Damaged input: exit 1, the file named, no output.
expect_error() {  # NAME FILE PATTERN
  rm -f out.fq
  if "$ringtrim" -j 2 "${trim[@]}" -o out.fq "$2" > /dev/null 2> err.txt; then fail "$1: exit 0"; return; fi
  grep -q -- "$3" err.txt && [[ ! -e out.fq ]] && ok "$1: $(head -1 err.txt)" ||
    fail "$1: $(head -3 err.txt); output left: $([[ -e out.fq ]] && echo yes || echo no)"
}
size=$(stat -c %s rt.fq.gz)
head -c $((size - 3000)) rt.fq.gz > truncated.fq.gz
expect_error "truncated" truncated.fq.gz "truncated.fq.gz: truncated gzip data: unexpected end of file"
python3 - <<'EOF'
import struct
d = bytearray(open("rt.fq.gz", "rb").read())
size = struct.unpack("<I", d[16:20])[0]
second = size
d[second + 32 + 100] ^= 0xff  # inside the second member's deflate data
open("corrupt.fq.gz", "wb").write(d)
d = bytearray(open("rt.fq.gz", "rb").read())
lines = struct.unpack("<I", d[second + 24:second + 28])[0]
d[second + 24:second + 28] = struct.pack("<I", lines - 4)  # says one record less
open("lie.fq.gz", "wb").write(d)
EOF
expect_error "corrupt member" corrupt.fq.gz "corrupt.fq.gz: corrupt gzip data"
expect_error "wrong line count" lie.fq.gz "lie.fq.gz: corrupt gzip data: members whose RT extra field says"
exit $status

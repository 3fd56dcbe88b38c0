#!/usr/bin/env bash
# Hostile input (issue #6): every malformed, truncated, corrupt or unwritable
# case at -j 1 and at -j 3 (multi-process ring, --buffer-size 2000 so the
# inputs span several chunks). A rejected input must exit 1 with a message
# naming the file and the record (or line) and the output must not appear
# under its final name; no temporary file may be left in the output folder,
# no stale rt.* entry in /dev/shm, and no run may hang (timeout 30).
# Accepted inputs (empty file, concatenated gzip members, CRLF) must give
# cutadapt 4.2's output bytes (compared only when cutadapt is installed).
# usage: hostile_input.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
have_cutadapt=0
command -v cutadapt >/dev/null && have_cutadapt=1
in=$work/in
mkdir -p "$in"
failed=0
passed=0
ADAPTER=(-a AGATCGGAAGAGC)

fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# --- inputs --------------------------------------------------------------
# 100 good records (several 2000-byte chunks), then the damage in record 101.
/usr/bin/env python3 - "$in" <<'EOF'
import random, sys
d = sys.argv[1]
rng = random.Random(6)
def rec(i, name=None, n=None):
    n = n or rng.randint(30, 60)
    s = ''.join(rng.choice('ACGT') for _ in range(n))
    if rng.random() < 0.3:
        s = s[:n // 2] + 'AGATCGGAAGAGC' + s[n // 2:]
    q = ''.join(rng.choice('#5?AEI') for _ in range(len(s)))
    return "@%s\n%s\n+\n%s\n" % (name or 'r%d' % i, s, q)
good = ''.join(rec(i) for i in range(1, 101))
mate = ''.join(rec(i) for i in range(1, 101))
def w(name, text, mode='w'):
    with open(d + '/' + name, mode) as f:
        f.write(text)
w('good.fq', good)
w('mate.fq', mate)
w('short_mate.fq', ''.join(mate.splitlines(True)[:396]))        # 99 records
w('badname_mate.fq', mate.replace('@r51\n', '@zz51\n'))
w('truncated.fq', good + '@r101\nACGTA')                        # EOF mid-sequence
w('truncated_plus.fq', good + '@r101\nACGTA\n+\n')               # EOF before qualities
w('noplus.fq', good + '@r101\nACGT\nIIII\n@r102\nAC\n+\nII\n')
w('lengths.fq', good + '@r101\nACGT\n+\nIII\n')
w('nonascii.fq', (good + '@r101\nAC\u00e9GT\n+\nIIIII\n').encode('utf-8'), 'wb')
w('nul.fq', good + '@r101\nAC\0GT\n+\nIIIII\n')
w('huge.fq', good + rec(101, n=3000) + rec(102))                 # > --buffer-size 2000
w('empty.fq', '')
w('crlf.fq', good.replace('\n', '\r\n'))
EOF
gzip -c "$in/good.fq" > "$in/good.fq.gz"
size=$(stat -c %s "$in/good.fq.gz")
head -c $((size - 30)) "$in/good.fq.gz" > "$in/truncated.fq.gz"
cp "$in/good.fq.gz" "$in/badcrc.fq.gz"           # CRC32 field of the trailer
printf '\xff' | dd of="$in/badcrc.fq.gz" bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
cp "$in/good.fq.gz" "$in/baddeflate.fq.gz"       # a byte inside the deflate stream
printf '\x55' | dd of="$in/baddeflate.fq.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
head -n 200 "$in/good.fq" | gzip -c > "$in/members.fq.gz"
tail -n +201 "$in/good.fq" | gzip -c >> "$in/members.fq.gz"

# --- checks --------------------------------------------------------------
shm_names() { local f; for f in /dev/shm/rt.*; do [[ -e $f ]] && echo "${f#/dev/shm/}"; done | sort; }
shm_before=$(shm_names)

# rt.<uid>.<pid>.* entries that appeared since the start and whose process is gone.
# Every ringtrim this script starts records its pid here (sh -c "$run_rt"
# PIDS RINGTRIM ARGS...: the exec keeps the pid), so that names left by other
# tests running at the same time are not blamed on this one.
pids=$work/pids
: > "$pids"
run_rt='echo $$ >> "$0"; exec "$@"'
stale_shm() {
  local name pid
  for name in $(comm -13 <(echo "$shm_before") <(shm_names)); do
    pid=$(echo "$name" | cut -d. -f3)
    grep -qx "$pid" "$pids" || continue
    kill -0 "$pid" 2>/dev/null || echo "$name"
  done
}

# jobs_args J: the extra arguments for -j J.
jobs_args() { if [[ $1 == 1 ]]; then echo "-j 1"; else echo "-j $1 --buffer-size 2000"; fi; }

# expect_error NAME PATTERN ARGS...: at -j 1 and -j 3, ringtrim ARGS (run in
# an empty output folder) exits 1 in time, stderr matches PATTERN (grep -E),
# the folder stays empty and /dev/shm has no stale entry.
expect_error() {
  local name=$1 pattern=$2; shift 2
  local j out rc
  for j in 1 3; do
    out=$work/out/$name-j$j
    mkdir -p "$out"
    # shellcheck disable=SC2046
    (cd "$out" && timeout 30 sh -c "$run_rt" "$pids" "$rt" $(jobs_args $j) "$@" > "$out.stdout" 2> "$out.stderr")
    rc=$?
    local ok=1
    if ((rc == 124)); then fail "$name -j$j: hung (killed after 30 s)"; ok=0
    elif ((rc != 1)); then fail "$name -j$j: exit status $rc, expected 1: $(tail -1 "$out.stderr")"; ok=0
    fi
    if ! grep -Eq -- "$pattern" "$out.stderr"; then
      fail "$name -j$j: stderr does not match /$pattern/: $(grep -v '^This is\|^Command line\|^Processing' "$out.stderr" | head -2)"; ok=0
    fi
    if [[ -n $(ls -A "$out") ]]; then fail "$name -j$j: left in the output folder: $(ls -A "$out" | tr '\n' ' ')"; ok=0; fi
    local stale; stale=$(stale_shm)
    if [[ -n $stale ]]; then fail "$name -j$j: left in /dev/shm: $stale"; ok=0; fi
    if ((ok)); then passed=$((passed + 1)); echo "ok $name -j$j: $(grep 'error' "$out.stderr" | head -1)"; fi
  done
}

# expect_same NAME OUTPUT ARGS...: at -j 1 and -j 3 ringtrim succeeds and writes
# OUTPUT equal to cutadapt's with the same arguments; at -j 1 the report too
# (minus the version and timing lines). Without cutadapt: success and no leftovers only.
expect_same() {
  local name=$1 output=$2; shift 2
  local c=$work/out/$name-cutadapt j out rc
  if ((have_cutadapt)); then
    mkdir -p "$c"
    (cd "$c" && timeout 60 cutadapt "$@" > report.txt 2> stderr.txt) || { fail "$name: cutadapt failed"; return; }
  fi
  for j in 1 3; do
    out=$work/out/$name-j$j
    mkdir -p "$out"
    # shellcheck disable=SC2046
    (cd "$out" && timeout 30 sh -c "$run_rt" "$pids" "$rt" $(jobs_args $j) "$@" > "$out.stdout" 2> "$out.stderr")
    rc=$?
    local ok=1
    if ((rc != 0)); then fail "$name -j$j: exit status $rc: $(tail -1 "$out.stderr")"; continue; fi
    if [[ $(ls -A "$out") != "$output" ]]; then fail "$name -j$j: stray files: $(ls -A "$out" | tr '\n' ' ')"; ok=0; fi
    if ((have_cutadapt)); then
      cmp -s "$c/$output" "$out/$output" || { fail "$name -j$j: $output differs from cutadapt's"; ok=0; }
      if [[ $j == 1 ]]; then
        # cutadapt ran without -j: compare all but the version, command line and timing lines.
        if ! diff <(sed -e 1,2d -e '/^Finished in/d' "$c/report.txt") \
                  <(sed -e 1,2d -e '/^Finished in/d' "$out.stdout") > "$out.diff"; then
          fail "$name -j$j: report differs from cutadapt's: $(head -3 "$out.diff" | tr '\n' ' ')"; ok=0
        fi
      fi
    fi
    local stale; stale=$(stale_shm)
    if [[ -n $stale ]]; then fail "$name -j$j: left in /dev/shm: $stale"; ok=0; fi
    if ((ok)); then passed=$((passed + 1)); echo "ok $name -j$j"; fi
  done
}

# Malformed FASTQ: the error names the file, record 101 and its line.
expect_error truncated-mid-sequence "$in/truncated.fq: record 101 \(line 402\): .*(premature|incomplete)" \
  "${ADAPTER[@]}" -o out.fq "$in/truncated.fq"
expect_error truncated-before-qualities "$in/truncated_plus.fq: record 101 \(line 403\): .*(premature|incomplete)" \
  "${ADAPTER[@]}" -o out.fq "$in/truncated_plus.fq"
expect_error missing-plus "$in/noplus.fq: record 101 \(line 403\): expected '\+'" \
  "${ADAPTER[@]}" -o out.fq "$in/noplus.fq"
expect_error length-mismatch "$in/lengths.fq: record 101 \(line 404\): .*length" \
  "${ADAPTER[@]}" -o out.fq "$in/lengths.fq"
expect_error non-ascii "$in/nonascii.fq: record 101 \(line 402\): .*0xc3" \
  "${ADAPTER[@]}" -o out.fq "$in/nonascii.fq"
# A record longer than --buffer-size is no longer an error: long_reads.sh.

# Paired files out of step.
expect_error r2-shorter "short_mate.fq: .*record.*(not in sync|improperly paired)" \
  "${ADAPTER[@]}" -A AGATCGGAAGAGC -o out1.fq -p out2.fq "$in/good.fq" "$in/short_mate.fq"
expect_error r1-shorter "short_mate.fq: .*record.*(not in sync|improperly paired)" \
  "${ADAPTER[@]}" -A AGATCGGAAGAGC -o out1.fq -p out2.fq "$in/short_mate.fq" "$in/mate.fq"
expect_error mate-names "badname_mate.fq: record 51: .*'r51'.*'zz51'" \
  "${ADAPTER[@]}" -A AGATCGGAAGAGC -o out1.fq -p out2.fq "$in/good.fq" "$in/badname_mate.fq"

# Damaged gzip: the file and what is wrong with it.
expect_error gzip-truncated "truncated.fq.gz: .*(truncated|unexpected end)" \
  "${ADAPTER[@]}" -o out.fq "$in/truncated.fq.gz"
expect_error gzip-bad-crc "badcrc.fq.gz: .*(CRC|corrupt)" \
  "${ADAPTER[@]}" -o out.fq "$in/badcrc.fq.gz"
expect_error gzip-bad-deflate "baddeflate.fq.gz: .*(corrupt|invalid|CRC)" \
  "${ADAPTER[@]}" -o out.fq "$in/baddeflate.fq.gz"

# Unwritable output.
expect_error enospc "/dev/full: .*No space left on device" "${ADAPTER[@]}" -o /dev/full "$in/good.fq"
for j in 1 3; do
  # shellcheck disable=SC2046
  timeout 30 sh -c "$run_rt" "$pids" "$rt" $(jobs_args $j) "${ADAPTER[@]}" -o - "$in/good.fq" >&- 2> "$work/closed.stderr"
  rc=$?
  if ((rc == 1)) && grep -q "<stdout>: write error" "$work/closed.stderr"; then
    passed=$((passed + 1)); echo "ok closed-stdout -j$j: $(grep error "$work/closed.stderr")"
  else fail "closed-stdout -j$j: exit $rc: $(tail -1 "$work/closed.stderr")"; fi
  # The output (650 kB) is larger than a pipe buffer, so the write after head
  # exits fails with EPIPE (a small output may fit in the pipe and succeed).
  for _ in $(seq 60); do cat "$in/good.fq"; done > "$work/big.fq"
  # shellcheck disable=SC2046
  timeout 30 sh -c "$run_rt" "$pids" "$rt" $(jobs_args $j) "${ADAPTER[@]}" -o - "$work/big.fq" 2> "$work/head.stderr" | head -c 10 > /dev/null
  rc=${PIPESTATUS[0]}
  if ((rc == 1)) && grep -q "<stdout>: write error: Broken pipe" "$work/head.stderr"; then
    passed=$((passed + 1)); echo "ok stdout-to-head -j$j: $(grep error "$work/head.stderr")"
  else fail "stdout-to-head -j$j: exit $rc: $(tail -1 "$work/head.stderr")"; fi
  stale=$(stale_shm)
  if [[ -n $stale ]]; then fail "stdout -j$j: left in /dev/shm: $stale"; fi
done

# Accepted as cutadapt accepts them.
expect_same empty-file out.fq "${ADAPTER[@]}" -o out.fq "$in/empty.fq"
# cutadapt 4.2 passes a NUL byte through (it is ASCII); so do we.
expect_same nul-byte out.fq "${ADAPTER[@]}" -o out.fq "$in/nul.fq"
expect_same gzip-members out.fq "${ADAPTER[@]}" -o out.fq "$in/members.fq.gz"
expect_same crlf out.fq "${ADAPTER[@]}" -o out.fq "$in/crlf.fq"

echo "hostile_input: $passed passed, $failed failed$( ((have_cutadapt)) || echo ' (cutadapt comparisons skipped: not installed)')"
((failed == 0))

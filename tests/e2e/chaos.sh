#!/usr/bin/env bash
# Chaos test (issue #6): 100 runs on a multi-megabyte FASTQ, each SIGKILLing
# a random ringtrim-worker at a random moment. Every run must exit 0 within
# 60 s (a watchdog SIGKILLs a hung run) with output byte-identical to a clean run, and leave nothing
# in /dev/shm. See docs/reliability.md.
# RINGTRIM_CHAOS_BGZF=1: the input is bgzip's BGZF (workers inflate the blocks
# and are killed while inflating as well as while trimming; chaos_bgzf.sh).
# usage: chaos.sh RINGTRIM SOURCE_DIR [RUNS]
set -uo pipefail
ringtrim=$(realpath "$1")
src=$(realpath "$2")
runs=${3:-${RINGTRIM_CHAOS_RUNS:-100}}
command -v pgrep > /dev/null || { echo "chaos: pgrep not found, skipped"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ringtrim-chaos.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --reads ${RINGTRIM_CHAOS_READS:-60000} --length 100 --seed 66 -o in > /dev/null || exit 1
mv in.fastq in.fq 2> /dev/null || mv in.fq.fastq in.fq 2> /dev/null || true
[ -s in.fq ] || { echo "chaos: could not generate the input"; exit 1; }
args=(-j 3 --buffer-size 65536 -a AGATCGGAAGAGC)
if [ "${RINGTRIM_CHAOS_BGZF:-0}" = 1 ]; then
  command -v bgzip > /dev/null || { echo "FAIL: bgzip is missing (scripts/install-deps.sh --test: tabix)"; exit 1; }
  bgzip -c in.fq > in.bgz && mv in.bgz in.fq  # the name does not matter: content decides
  # Slots that hold a few BGZF blocks: many chunks, each inflated by a worker.
  args=(-j 3 --buffer-size 262144 -a AGATCGGAAGAGC)
fi

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
start=$(now_ms)
"$ringtrim" "${args[@]}" -o clean.fq in.fq > /dev/null 2> clean.err || { cat clean.err; exit 1; }
span_ms=$(($(now_ms) - start))
echo "chaos: input $(stat -c %s in.fq) bytes, clean run ${span_ms}ms"
# Kill moments are spread over the first 70 % of a clean run.
span_ms=$((span_ms * 7 / 10))
[ "$span_ms" -lt 20 ] && span_ms=20

uid=$(id -u)
# Under load fork+exec of pgrep or sleep takes longer than a whole run, so
# the loop below uses shell builtins only.
# find_workers PID: sets `workers` to PID's children named ringtrim-worker.
find_workers() {
  local f line
  workers=()
  for f in /proc/[0-9]*/stat; do
    { read -r line < "$f"; } 2> /dev/null || continue
    [[ $line == *" (ringtrim-worker) "?" $1 "* ]] && workers+=("${line%% *}")
  done
  return 0
}
# nap SECONDS: sleep without forking.
exec {napfd}<> <(:)
nap() { read -r -t "$1" -u "$napfd" _ || true; }
fail=0
killed=0
attempts=0
# Runs that ended before the kill landed do not count: go on until `runs`
# runs had a worker killed (at most 3 * runs attempts).
for ((i = 1; killed < runs && i <= 3 * runs; i++)); do
  attempts=$i
  rm -f out.fq run.err
  "$ringtrim" "${args[@]}" -o out.fq in.fq > /dev/null 2> run.err &
  pid=$!
  # A hang fails the run after 60 s (like `timeout 60`).
  (
    sleep 60 &
    s=$!
    trap 'kill $s 2> /dev/null; exit 0' TERM
    wait $s
    kill -KILL "$pid"
  ) > /dev/null 2>&1 &
  watchdog=$!
  # Pick the victim among the workers first, so that the kill itself, after
  # the random delay, is a shell builtin with no fork in between.
  workers=()
  for _ in {1..200}; do
    find_workers "$pid"
    [ "${#workers[@]}" -ge 3 ] && break
    kill -0 "$pid" 2> /dev/null || break
    nap 0.002
  done
  victim=""
  delay_ms=$((RANDOM % span_ms))
  if [ "${#workers[@]}" -gt 0 ]; then
    victim=${workers[$((RANDOM % ${#workers[@]}))]}
    nap "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    kill -KILL "$victim" 2> /dev/null && killed=$((killed + 1))
  fi
  wait "$pid"
  rc=$?
  kill "$watchdog" 2> /dev/null
  wait "$watchdog" 2> /dev/null
  if [ "$rc" -ne 0 ]; then
    echo "chaos: run $i (killed worker ${victim:-none} after ${delay_ms}ms): exit $rc"
    cat run.err
    fail=$((fail + 1))
  elif ! cmp -s clean.fq out.fq; then
    echo "chaos: run $i (killed worker ${victim:-none} after ${delay_ms}ms): output differs"
    fail=$((fail + 1))
  fi
  if ls /dev/shm 2> /dev/null | grep -q "^rt\.$uid\.$pid\."; then
    echo "chaos: run $i left names in /dev/shm"
    fail=$((fail + 1))
  fi
done
echo "chaos: $attempts runs, $killed with a worker killed, $fail failures, $(($(now_ms) - start))ms"
if [ "$killed" -lt "$runs" ]; then
  echo "chaos: only $killed runs had a worker killed, wanted $runs"
  fail=$((fail + 1))
fi
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# Ctrl-C and SIGTERM during a run (issue #6): a worker hangs on chunk 1
# (RINGTRIM_FAULT), the parent gets SIGINT (or SIGTERM) and must exit 130 (143)
# within 2 s with every child gone, no output file (final or temporary) and
# nothing in /dev/shm. A killed writer ends the run with exit 1 and a message.
# usage: crash_signals.sh RINGTRIM SOURCE_DIR
set -uo pipefail
set -m  # background jobs keep SIGINT (a script's async jobs ignore it otherwise)
ringtrim=$(realpath "$1")
src=$(realpath "$2")
command -v pgrep > /dev/null || { echo "crash_signals: pgrep not found, skipped"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ringtrim-signals.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$src/benchmarks/gen_reads.py" --reads 3000 --length 100 --seed 8 -o in > /dev/null || exit 1
mv in.fastq in.fq 2> /dev/null || mv in.fq.fastq in.fq 2> /dev/null || true
[ -s in.fq ] || { echo "crash_signals: could not generate the input"; exit 1; }
fail=0
check() { if ! eval "$1"; then echo "crash_signals: FAILED: $2"; fail=1; fi; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
uid=$(id -u)

for sig in INT TERM; do
  want=$([ $sig = INT ] && echo 130 || echo 143)
  rm -f out.fq
  RINGTRIM_FAULT=worker:seq=1:hang "$ringtrim" -j 3 --buffer-size 65536 -a AGATCGGAAGAGC \
    -o out.fq in.fq > /dev/null 2> err.txt &
  pid=$!
  sleep 0.7
  mapfile -t kids < <(pgrep -P "$pid")
  t0=$(now_ms)
  kill -$sig "$pid"
  # wait(1) on a background job; give it 10 s before declaring a hang.
  for _ in $(seq 1000); do kill -0 "$pid" 2> /dev/null || break; sleep 0.01; done
  took=$(($(now_ms) - t0))
  if kill -0 "$pid" 2> /dev/null; then kill -KILL "$pid"; fi
  wait "$pid"
  rc=$?
  echo "== SIG$sig: exit $rc after ${took}ms, children before: ${kids[*]}"
  check '[ "$rc" -eq "$want" ]' "SIG$sig: exit status $rc, expected $want"
  check '[ "$took" -lt 2000 ]' "SIG$sig: took ${took}ms"
  check '[ "${#kids[@]}" -ge 4 ]' "SIG$sig: the writer and 3 workers were running"
  left=""
  for k in "${kids[@]}"; do
    if [ -e /proc/$k ] && [ "$(awk '{print $3}' /proc/$k/stat 2> /dev/null)" != Z ]; then left="$left $k"; fi
  done
  check '[ -z "$left" ]' "SIG$sig: children left:$left"
  check '[ ! -e out.fq ]' "SIG$sig: no output file"
  check '[ -z "$(ls -A | grep -- "ringtrim-tmp")" ]' "SIG$sig: no temporary output left"
  check '[ -z "$(ls /dev/shm 2> /dev/null | grep "^rt\.$uid\.$pid\.")" ]' "SIG$sig: /dev/shm is clean"
done

# The writer killed on chunk 2: exit 1, a message naming the writer and the
# signal, no final output.
rm -f out.fq
RINGTRIM_FAULT=writer:seq=2:sig=KILL timeout 60 "$ringtrim" -j 2 --buffer-size 65536 \
  -a AGATCGGAAGAGC -o out.fq in.fq > /dev/null 2> err.txt
rc=$?
echo "== writer kill: exit $rc: $(cat err.txt)"
check '[ "$rc" -eq 1 ]' "writer kill: exit status $rc"
check 'grep -Eq "writer process [0-9]+ was killed by signal 9" err.txt' "writer kill: message"
check '[ ! -e out.fq ]' "writer kill: no final output file"
if ls -A | grep -q -- "ringtrim-tmp"; then
  # The app removes them through RunConfig::on_failure.
  echo "FAIL: the killed writer's temporary output was left: $(ls -A | grep -- ringtrim-tmp)"
  fail=1
fi
exit $fail

#!/usr/bin/env bash
# A second Ctrl-C ends the run at once (no grace period) and still leaves no
# temporary output behind, at -j 1 and on the ring. On the ring a hanging
# writer (RINGTRIM_FAULT, docs/reliability.md) keeps the run busy and cannot
# clean up itself; at -j 1 a FIFO input that never ends does.
# usage: double_interrupt.sh RINGTRIM SOURCE_DIR
set -uo pipefail
set -m  # background jobs keep SIGINT (a script's async jobs ignore it otherwise)
rt=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for i in $(seq 4000); do printf '@r%d\nACGTACGTAGATCGGAAGAGCACAC\n+\nIIIIIIIIIIIIIIIIIIIIIIIII\n' "$i"; done > in.fq
status=0
check() {  # NAME PID: two SIGINTs, then the process must be gone and nothing left
  local name=$1 pid=$2
  sleep 0.7
  kill -INT "$pid"; sleep 0.05; kill -INT "$pid"
  local t0=$SECONDS
  wait "$pid"; local rc=$?
  local left; left=$(ls -A out 2>/dev/null)
  if ((rc == 130)) && [[ -z $left ]] && ((SECONDS - t0 <= 1)); then echo "ok $name: exit 130 at once, nothing left"
  else echo "FAIL $name: exit $rc, left: $left"; status=1; fi
}
mkdir out
RINGTRIM_FAULT=writer:seq=1:hang "$rt" -j 2 --buffer-size 5000 -a AGATCGGAAGAGC -o out/o.fq.gz \
  --untrimmed-output out/u.fq in.fq > /dev/null 2>&1 &
check ring $!
rm -rf out; mkdir out
mkfifo feed
(cat in.fq; sleep 30) > feed &
feeder=$!
"$rt" -j 1 --buffer-size 5000 -a AGATCGGAAGAGC -o out/o.fq feed > /dev/null 2>&1 &
check serial $!
kill "$feeder" 2>/dev/null
exit $status

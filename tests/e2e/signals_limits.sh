#!/usr/bin/env bash
# Signals as a shell expects and the limits real data reaches
# (docs/reliability.md), at -j 1 and -j 3:
#   * SIGINT/SIGTERM/SIGHUP end a run blocked on a stalled input within about
#     a second, with exit 128+N and nothing left
#   * a signal ignored at start (nohup, a script's background job) stays ignored
#   * a second Ctrl-C removes every temporary output, with 600 outputs
#   * --worker-timeout: a hung worker is killed and its chunk retried
#   * 600 demultiplexed outputs, a low descriptor limit, a missing TMPDIR
# usage: signals_limits.sh RINGTRIM SOURCE_DIR
set -uo pipefail
set -m  # background jobs keep SIGINT (a script's async jobs ignore it otherwise)
rt=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"; kill $(jobs -p) 2>/dev/null' EXIT
cd "$work"
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }
empty() { [[ -z $(ls -A "$1") ]]; }

# 600 barcodes and 3000 reads that start with them.
python3 - <<'EOF'
import random
rnd = random.Random(7)
codes = set()
while len(codes) < 600:
    codes.add("".join(rnd.choice("ACGT") for _ in range(10)))
codes = sorted(codes)
with open("bc.fasta", "w") as f:
    for i, c in enumerate(codes):
        f.write(f">bc{i}\n{c}\n")
with open("in.fq", "w") as f:
    for i in range(3000):
        s = codes[i % 600] + "".join(rnd.choice("ACGT") for _ in range(60))
        f.write(f"@r{i}\n{s}\n+\n{'I' * len(s)}\n")
EOF

for j in 1 3; do
  # --- a stalled input: each signal ends the run within about a second
  for sig in INT TERM HUP; do
    rm -rf out feed; mkdir out; mkfifo feed
    (head -n 400 in.fq; sleep 60) > feed &
    feeder=$!
    "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq.gz feed > /dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -$sig $pid
    t0=$(date +%s%N)
    wait $pid 2>/dev/null; rc=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
    want=$(( 128 + $(kill -l $sig) ))
    if ((rc == want && ms < 1500)) && empty out; then ok "j$j: SIG$sig on a stalled input: exit $rc after $ms ms"
    else fail "j$j: SIG$sig on a stalled input: exit $rc after $ms ms, left $(ls -A out)"; fi
  done

  # --- SIGINT ignored at start stays ignored
  rm -rf out feed; mkdir out; mkfifo feed
  (head -n 400 in.fq; sleep 1.5; tail -n +401 in.fq) > feed &
  (trap '' INT; exec "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq feed > /dev/null 2>&1) &
  pid=$!
  sleep 0.7
  kill -INT $pid
  wait $pid 2>/dev/null; rc=$?
  if ((rc == 0)) && [[ $(wc -l < out/o.fq) == 12000 ]]; then ok "j$j: an ignored SIGINT stays ignored"
  else fail "j$j: ignored SIGINT: exit $rc"; fi

  # --- 600 demultiplexed outputs, identical at every -j and design
  rm -rf out; mkdir out
  "$rt" -j $j -g ^file:bc.fasta -o 'out/{name}.fq' --untrimmed-output out/none.fq in.fq > /dev/null 2> err.txt; rc=$?
  if ((rc == 0)) && [[ $(ls out | wc -l) == 601 ]] && [[ $(cat out/*.fq | wc -l) == 12000 ]]; then
    ok "j$j: 600 demultiplexed outputs"
  else fail "j$j: 600 demultiplexed outputs: exit $rc $(head -c 300 err.txt)"; fi
  if ((j == 3)); then
    rm -rf outq; mkdir outq
    "$rt" -j 3 --ipc queue -g ^file:bc.fasta -o 'outq/{name}.fq' --untrimmed-output outq/none.fq in.fq > /dev/null 2>&1
    if diff -r out out1 > /dev/null && diff -r out outq > /dev/null; then ok "j3: 600 outputs equal -j 1's in both designs"
    else fail "j3: 600 outputs differ from -j 1's"; fi
  else
    rm -rf out1; cp -r out out1
  fi

  # --- open files: a low soft limit is raised; a low hard limit is a clear error before any work
  rm -rf out; mkdir out
  (ulimit -Sn 100; exec "$rt" -j $j -g ^file:bc.fasta -o 'out/{name}.fq' --untrimmed-output out/none.fq in.fq) > /dev/null 2> err.txt; rc=$?
  if ((rc == 0)) && diff -r out out1 > /dev/null; then ok "j$j: soft descriptor limit 100 raised for 601 outputs"
  else fail "j$j: soft descriptor limit: exit $rc $(head -c 300 err.txt)"; fi
  rm -rf out; mkdir out
  (ulimit -n 300; exec "$rt" -j $j -g ^file:bc.fasta -o 'out/{name}.fq' in.fq) > /dev/null 2> err.txt; rc=$?
  if ((rc == 1)) && grep -q "open files" err.txt && empty out; then ok "j$j: hard descriptor limit 300: clear error, nothing written"
  else fail "j$j: hard descriptor limit: exit $rc $(head -c 300 err.txt)"; fi

  # --- a second Ctrl-C removes every temporary output at once
  rm -rf out; mkdir out
  if ((j == 1)); then
    rm -f feed; mkfifo feed
    (cat in.fq; sleep 60) > feed &
    feeder=$!
    "$rt" -j 1 -g ^file:bc.fasta -o 'out/{name}.fq' feed > /dev/null 2>&1 &
  else
    feeder=
    RINGTRIM_FAULT=writer:seq=1:hang "$rt" -j 3 --buffer-size 20000 -g ^file:bc.fasta -o 'out/{name}.fq' in.fq \
      > /dev/null 2>&1 &
  fi
  pid=$!
  sleep 1.5
  kill -INT $pid; sleep 0.05; kill -INT $pid
  t0=$SECONDS
  wait $pid 2>/dev/null; rc=$?
  [[ -n $feeder ]] && { kill $feeder 2>/dev/null; wait $feeder 2>/dev/null; }
  if ((rc == 130 && SECONDS - t0 <= 1)) && empty out; then ok "j$j: a second Ctrl-C removes all 600 temporary outputs"
  else fail "j$j: second Ctrl-C with 600 outputs: exit $rc, $(ls -A out | wc -l) files left"; fi

  # --- a missing or read-only TMPDIR does not fail the run
  mkdir -p ro; chmod 555 ro
  for t in /nonexistent "$work/ro"; do
    rm -rf out; mkdir out
    TMPDIR=$t "$rt" -j $j -g ^file:bc.fasta -o 'out/{name}.fq' --untrimmed-output out/none.fq in.fq > /dev/null 2> err.txt; rc=$?
    if ((rc == 0)) && diff -r out out1 > /dev/null; then ok "j$j: TMPDIR=$t"
    else fail "j$j: TMPDIR=$t: exit $rc $(head -c 300 err.txt)"; fi
  done

  # --- --worker-timeout: a hung worker is killed, its chunk retried; a chunk that always hangs is poison
  for ipc in shm queue; do
    rm -rf out; mkdir out
    RINGTRIM_FAULT=worker:seq=1:hang:times=1 timeout 60 "$rt" -j $j --ipc $ipc --buffer-size 20000 \
      --worker-timeout 1 -g ^file:bc.fasta -o out/o.fq in.fq > /dev/null 2> err.txt; rc=$?
    if ((rc == 0)) && cmp -s out/o.fq <("$rt" -g ^file:bc.fasta in.fq 2>/dev/null); then
      ok "j$j $ipc: a worker hung on a chunk is killed after --worker-timeout 1 and the output is complete"
    else fail "j$j $ipc: hung worker: exit $rc $(head -c 300 err.txt)"; fi
    rm -rf out; mkdir out
    RINGTRIM_FAULT=worker:seq=1:hang timeout 60 "$rt" -j $j --ipc $ipc --buffer-size 20000 --worker-timeout 1 \
      -g ^file:bc.fasta -o out/o.fq in.fq > /dev/null 2> err.txt; rc=$?
    if ((rc == 1)) && grep -q -- "--worker-timeout" err.txt && empty out; then
      ok "j$j $ipc: a chunk that always hangs fails the run, naming --worker-timeout"
    else fail "j$j $ipc: always-hanging chunk: exit $rc $(head -c 300 err.txt)"; fi
  done
done
exit $status

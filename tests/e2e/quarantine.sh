#!/usr/bin/env bash
# --quarantine and --max-retries through the CLI, with the test-only fault
# switch RINGTRIM_FAULT (docs/reliability.md): a poison chunk fails the run
# without --quarantine, and with it its records go to FILE, the report counts
# them, and no read is lost (output + quarantine = input).
# usage: quarantine.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
/usr/bin/python3 - <<'PY'
import random
rnd = random.Random(5)
with open("r1.fq", "w") as f1, open("r2.fq", "w") as f2:
    for i in range(3000):
        n = rnd.randint(30, 100)
        s = "".join(rnd.choice("ACGT") for _ in range(n))
        q = "I" * n
        f1.write(f"@p{i} 1\n{s}\n+\n{q}\n")
        f2.write(f"@p{i} 2\n{s[::-1]}\n+\n{q}\n")
PY
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
names() { awk 'NR % 4 == 1 { print $1 }' "$@" | sort; }
A=(-a AGATCGGAAGAGC --buffer-size 20000)

for ipc in shm queue; do
  # Poison chunk, no --quarantine: exit 1, a message naming file and records, no output.
  rm -f out.fq
  RINGTRIM_FAULT=worker:seq=2:sig=SEGV timeout 60 "$rt" -j 3 --ipc $ipc "${A[@]}" -o out.fq r1.fq > /dev/null 2> err.txt
  rc=$?
  if ((rc == 1)) && grep -q "r1.fq: records [0-9]* to [0-9]* crashed 2 worker processes .*signal 11" err.txt &&
     [[ ! -e out.fq ]]; then ok "$ipc poison fails: $(cat err.txt)"
  else fail "$ipc poison: exit $rc, out.fq $( [[ -e out.fq ]] && echo exists), $(cat err.txt)"; fi

  # With --quarantine: exit 0, output + quarantine = input, the report says how many.
  rm -f out.fq q.fq
  RINGTRIM_FAULT=worker:seq=2:sig=SEGV timeout 60 "$rt" -j 3 --ipc $ipc "${A[@]}" --quarantine q.fq \
    --json rep.json -o out.fq r1.fq > report.txt 2> err.txt
  rc=$?
  nq=$(( $(wc -l < q.fq) / 4 ))
  if ((rc == 0)) && ((nq > 0)) && diff <(names out.fq q.fq) <(names r1.fq) > /dev/null &&
     grep -q "^Reads quarantined: *$nq (not processed; written to q.fq)" report.txt &&
     grep -q "\"quarantined_reads\": $nq," rep.json &&
     grep -q "^Total reads processed: *$(/usr/bin/python3 -c "print(f'{3000 - $nq:,}')")$" report.txt; then
    ok "$ipc quarantine: $nq reads set aside, none lost"
  else fail "$ipc quarantine: exit $rc, $nq quarantined, $(cat err.txt)"; fi

  # Paired files: the quarantine file holds the pairs interleaved.
  rm -f o1.fq o2.fq q.fq.gz
  RINGTRIM_FAULT=worker:seq=1:sig=KILL timeout 60 "$rt" -j 2 --ipc $ipc "${A[@]}" -A AGATCGGAAGAGC \
    --quarantine q.fq.gz -o o1.fq -p o2.fq r1.fq r2.fq > /dev/null 2> err.txt
  rc=$?
  gzip -dc q.fq.gz > q.fq
  if ((rc == 0)) && diff <(names o1.fq o2.fq q.fq) <(names r1.fq r2.fq) > /dev/null &&
     [[ $(awk 'NR % 8 == 1 { a = $1 } NR % 8 == 5 && $1 != a { bad = 1 } END { print bad + 0 }' q.fq) == 0 ]]; then
    ok "$ipc paired quarantine: pairs interleaved, none lost"
  else fail "$ipc paired quarantine: exit $rc, $(cat err.txt)"; fi
done

# One crash is retried (--max-retries 1, the default): output identical to a clean run.
"$rt" -j 3 "${A[@]}" -o clean.fq r1.fq > /dev/null
RINGTRIM_FAULT=worker:seq=2:sig=KILL:times=1 timeout 60 "$rt" -j 3 "${A[@]}" -o once.fq r1.fq > /dev/null 2> err.txt
rc=$?
if ((rc == 0)) && cmp -s clean.fq once.fq; then ok "retry: identical output"; else fail "retry: exit $rc, $(cat err.txt)"; fi
# --max-retries 0: the first crash is fatal.
rm -f once.fq
RINGTRIM_FAULT=worker:seq=2:sig=KILL:times=1 timeout 60 "$rt" -j 3 --max-retries 0 "${A[@]}" -o once.fq r1.fq \
  > /dev/null 2> err.txt
rc=$?
if ((rc == 1)) && grep -q "crashed 1 worker process" err.txt && [[ ! -e once.fq ]]; then ok "max-retries 0: $(cat err.txt)"
else fail "max-retries 0: exit $rc, $(cat err.txt)"; fi
# Out of range.
"$rt" --max-retries 99 -a ACGT r1.fq > /dev/null 2> err.txt
rc=$?
if ((rc == 2)) && grep -q "max-retries" err.txt; then ok "max-retries range"; else fail "max-retries range: exit $rc"; fi

echo "quarantine: $passed passed, $failed failed"
((failed == 0))

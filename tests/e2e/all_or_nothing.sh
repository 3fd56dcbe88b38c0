#!/usr/bin/env bash
# Outputs are all-or-nothing (docs/reliability.md, "Outputs"): a run that
# exits non-zero leaves no output under its final name that it created or
# replaced, and no temporary file; a run that exits 0 leaves every output
# complete. Checked at -j 1 and -j 3 for:
#   * signals (SIGINT, SIGTERM, SIGHUP) at random moments, the end included
#   * a failing second output (/dev/full), a file size limit (EFBIG)
#   * a report, JSON or info file that cannot be written, a closed stdout
#   * symlinked names, read-only files and folders, names near NAME_MAX,
#     FIFOs and /dev/stdout
# usage: all_or_nothing.sh RINGTRIM SOURCE_DIR
set -uo pipefail
set -m  # background jobs keep SIGINT (a script's async jobs ignore it otherwise)
rt=$(realpath "$1")
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; status=1; }

for i in $(seq 20000); do
  printf '@r%d\nACGTACGTAGATCGGAAGAGCACACGTTTGACCAAGGTTCCAA\n+\nIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII\n' "$i"
done > in.fq
cp in.fq in2.fq
"$rt" -j 1 -a AGATCGGAAGAGC -o ref.fq.gz -p ref2.fq in.fq in2.fq > /dev/null 2>&1 || fail "reference run"

# Nothing but the listed files may be in DIR.
only() {  # DIR FILE...
  local dir=$1; shift
  local want have
  want=$( (($#)) && printf '%s\n' "$@" | sort | tr '\n' ' ')
  have=$(ls -A "$dir" | sort | tr '\n' ' ')
  [[ $want == "$have" ]]
}

for j in 1 3; do
  # --- signals at random moments: exit 0 with complete outputs, or 128+N with none
  done_runs=0 killed_runs=0
  for try in $(seq 12); do
    sig=$(( try % 3 == 0 ? 15 : try % 3 == 1 ? 2 : 1 ))
    rm -rf out; mkdir out
    "$rt" -j $j --buffer-size 100000 -a AGATCGGAAGAGC -o out/o.fq.gz -p out/p.fq \
      --json out/r.json in.fq in2.fq > out/report.txt 2>/dev/null &
    pid=$!
    sleep "0.$(( RANDOM % 40 + try * 2 ))"
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null; rc=$?
    if ((rc == 0)); then
      if zcmp -s out/o.fq.gz ref.fq.gz && cmp -s out/p.fq ref2.fq && [[ -s out/r.json ]] \
         && only out o.fq.gz p.fq r.json report.txt; then ((++done_runs)); else fail "j$j signal $sig: exit 0 but outputs incomplete"; fi
    elif ((rc == 128 + sig)); then
      only out report.txt || fail "j$j signal $sig: exit $rc left $(ls -A out)"
      ((++killed_runs))
    else
      fail "j$j signal $sig: exit $rc"
    fi
  done
  ok "j$j: runs interrupted at random moments are complete (exit 0: $done_runs) or leave nothing (128+N: $killed_runs)"

  # --- the second output fails: the first must not appear
  rm -rf out; mkdir out
  "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq -p /dev/full in.fq in2.fq > /dev/null 2> err.txt; rc=$?
  if ((rc == 1)) && only out && grep -q "No space left on device" err.txt; then ok "j$j: -p /dev/full: exit 1, no -o output"
  else fail "j$j: -p /dev/full: exit $rc, left $(ls -A out)"; fi

  # --- a file size limit (EFBIG, SIGXFSZ ignored): exit 1, nothing left
  rm -rf out; mkdir out
  (ulimit -f 64; exec "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq -p out/p.fq in.fq in2.fq) > /dev/null 2> err.txt; rc=$?
  if ((rc == 1)) && only out && grep -q "File too large" err.txt; then ok "j$j: file size limit: exit 1, nothing left"
  else fail "j$j: file size limit: exit $rc, left $(ls -A out): $(head -c 300 err.txt)"; fi

  # --- report, JSON and side files that cannot be written
  for what in report json info closed; do
    rm -rf out; mkdir out
    case $what in
      report) "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq in.fq > /dev/full 2> err.txt; rc=$? ;;
      json) "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq --json /dev/full in.fq > /dev/null 2> err.txt; rc=$? ;;
      info) "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq --info-file /dev/full in.fq > /dev/null 2> err.txt; rc=$? ;;
      closed) "$rt" -j $j -a AGATCGGAAGAGC -o out/o.fq in.fq >&- 2> err.txt; rc=$? ;;
    esac
    if ((rc == 1)) && only out && grep -q "ERROR:" err.txt; then ok "j$j: $what cannot be written: exit 1, no output"
    else fail "j$j: $what cannot be written: exit $rc, left $(ls -A out)"; fi
  done

  # --- a symlinked output: written through the link; a failed run leaves the target alone
  rm -rf out shared; mkdir out shared
  echo old > shared/target.fq
  ln -s ../shared/target.fq out/link.fq
  "$rt" -j $j -a AGATCGGAAGAGC -o out/link.fq in.fq > /dev/null 2>&1
  if [[ -L out/link.fq ]] && [[ $(head -c 3 shared/target.fq) == "@r1" ]] && only shared target.fq; then
    ok "j$j: symlinked output written through the link"
  else fail "j$j: symlinked output"; fi
  echo old > shared/target.fq
  "$rt" -j $j -a AGATCGGAAGAGC -o out/link.fq in.fq > /dev/full 2>/dev/null
  if [[ $(cat shared/target.fq) == old ]] && only shared target.fq; then ok "j$j: failed run leaves the link target alone"
  else fail "j$j: failed run changed the link target"; fi

  # --- names near NAME_MAX
  rm -rf out; mkdir out
  long=$(printf 'n%.0s' $(seq 245)).fq
  if "$rt" -j $j -a AGATCGGAAGAGC -o "out/$long" in.fq > /dev/null 2>&1 && cmp -s "out/$long" <(gzip -dc ref.fq.gz); then
    ok "j$j: a 248-byte output name works"
  else fail "j$j: a 248-byte output name fails"; fi

  # --- FIFOs and /dev/stdout keep working
  rm -rf out; mkdir out; mkfifo out/fifo
  (cat out/fifo > fifo.out) &
  reader=$!
  "$rt" -j $j -a AGATCGGAAGAGC -o out/fifo in.fq > /dev/null 2>&1; rc=$?
  wait $reader
  "$rt" -j $j -a AGATCGGAAGAGC -o /dev/stdout in.fq 2>/dev/null | cat > stdout.out; rc2=${PIPESTATUS[0]}
  if ((rc == 0 && rc2 == 0)) && cmp -s fifo.out <(gzip -dc ref.fq.gz) && cmp -s <(grep -v "^This is\|^Command line\|^Processing" stdout.out | head -n "$(wc -l < fifo.out)") fifo.out; then
    ok "j$j: FIFO and /dev/stdout outputs"
  else fail "j$j: FIFO ($rc) or /dev/stdout ($rc2) output"; fi
done

# --- permissions, as an unprivileged user (root may write anything)
as_user() { if ((EUID == 0)); then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi; }
if ((EUID == 0)) && ! command -v setpriv > /dev/null; then
  echo "skip permissions: setpriv is missing"
else
  for j in 1 3; do
    rm -rf perm; mkdir -m 777 perm
    echo keep > perm/ro.fq; chmod 444 perm/ro.fq
    [[ $EUID == 0 ]] && chown nobody perm/ro.fq
    as_user "$rt" -j $j -a AGATCGGAAGAGC -o perm/ro.fq in.fq > /dev/null 2> err.txt; rc=$?
    if ((rc == 1)) && [[ $(cat perm/ro.fq) == keep ]] && grep -q "Permission denied" err.txt && only perm ro.fq; then
      ok "j$j: a read-only output is refused (Permission denied) and kept"
    else fail "j$j: read-only output: exit $rc, $(cat perm/ro.fq | head -c 20)"; fi

    rm -rf perm; mkdir -m 777 perm
    echo old > perm/w.fq; chmod 666 perm/w.fq; chmod 555 perm
    as_user "$rt" -j $j -a AGATCGGAAGAGC -o perm/w.fq in.fq > /dev/null 2> err.txt; rc=$?
    if ((rc == 0)) && cmp -s perm/w.fq <(gzip -dc ref.fq.gz); then ok "j$j: a writable file in a read-only folder is written in place"
    else fail "j$j: writable file in read-only folder: exit $rc $(head -c 200 err.txt)"; fi
    echo old > perm/w.fq
    as_user "$rt" -j $j -a AGATCGGAAGAGC -o perm/w.fq --json /dev/full in.fq > /dev/null 2> /dev/null; rc=$?
    if ((rc == 1)) && [[ ! -s perm/w.fq ]]; then ok "j$j: ... and truncated when that run fails"
    else fail "j$j: in-place output after a failure: exit $rc, $(wc -c < perm/w.fq) bytes"; fi
    chmod 755 perm
  done
fi
exit $status

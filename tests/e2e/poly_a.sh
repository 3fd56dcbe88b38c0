#!/usr/bin/env bash
# --poly-a (cutadapt 4.4) in the report and the JSON report, single- and
# paired-end, at -j 1, -j 3 with tiny chunks and --ipc queue. The reads are
# the golden cases poly-a-se/poly-a-pe, whose READMEs work out by hand which
# tails are removed: 0 bases from 2 reads, 8 from 1 and 10 from 2 in each
# mate (28 bp of 56). Without --poly-a nothing about poly-A is reported.
# usage: poly_a.sh RINGTRIM SOURCE_DIR
set -uo pipefail
rt=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$src"/tests/golden/cases/poly-a-pe/polya.*.fastq .
status=0
hist=$'length\tcount\n0\t2\n8\t1\n10\t2\n'
for s in "-j 1" "-j 3 --buffer-size 60" "-j 3 --ipc queue --buffer-size 60"; do
  # shellcheck disable=SC2086
  "$rt" $s --poly-a -o o.fq --json se.json polya.1.fastq > se.txt 2>&1 || { echo "FAIL $s: SE run"; status=1; }
  # shellcheck disable=SC2086
  "$rt" $s --poly-a -o o1.fq -p o2.fq --json pe.json polya.1.fastq polya.2.fastq > pe.txt 2>&1 ||
    { echo "FAIL $s: PE run"; status=1; }
  python3 - "$s" "$hist" <<'PY' || status=1
import json, sys
setting, hist = sys.argv[1], sys.argv[2]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print(f"FAIL {setting}: {what}")
        ok = False
se, pe = open("se.txt").read(), open("pe.txt").read()
check("Poly-A-trimmed:                       28 bp (50.0%)\n" in se, "SE Poly-A-trimmed line")
check("=== Poly-A trimmed ===\n\n" + hist in se, "SE histogram")
check("Poly-A-trimmed:                       56 bp (50.0%)\n  Read 1:            28 bp\n  Read 2:            28 bp\n" in pe,
      "PE Poly-A-trimmed lines")
check("=== R1 poly-A trimmed ===\n\n" + hist + "\n\n=== R2 poly-A trimmed ===\n\n" + hist in pe, "PE histograms")
rows = [{"len": 0, "count": 2}, {"len": 8, "count": 1}, {"len": 10, "count": 2}]
s, p = json.load(open("se.json")), json.load(open("pe.json"))
check(s["basepair_counts"]["poly_a_trimmed"] == 28 and s["basepair_counts"]["poly_a_trimmed_read2"] is None, "SE JSON counts")
check(s["poly_a_trimmed_read1"] == rows and s["poly_a_trimmed_read2"] is None, "SE JSON histogram")
check(p["basepair_counts"]["poly_a_trimmed_read1"] == 28 and p["basepair_counts"]["poly_a_trimmed_read2"] == 28, "PE JSON counts")
check(p["poly_a_trimmed_read1"] == rows and p["poly_a_trimmed_read2"] == rows, "PE JSON histograms")
keys = list(p["basepair_counts"])
check(keys.index("poly_a_trimmed") == keys.index("quality_trimmed_read2") + 1, "JSON key order as cutadapt's")
if ok:
    print(f"ok {setting}: report lines, histograms and JSON fields")
sys.exit(0 if ok else 1)
PY
done
"$rt" -o o.fq --json plain.json polya.1.fastq > plain.txt 2>&1
if grep -qi "poly-a\|poly_a" plain.txt plain.json; then echo "FAIL: poly-A reported without --poly-a"; status=1
else echo "ok: nothing about poly-A without --poly-a"; fi
exit $status

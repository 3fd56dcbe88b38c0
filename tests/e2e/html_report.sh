#!/usr/bin/env bash
# The HTML report (--html, issue 27) in a real browser: Debian's chromium
# opens the page headless, without network, for single-end, paired and
# interleaved input. Every plot must be drawn (the page's script marks each
# <svg> and the page once it ran), the console must stay free of errors, and
# every number the page tags with data-json must equal the --json report's.
# The page is byte-identical for -j 1 / 4, small chunks and --ipc queue except
# its one "run" line; an HTML path that cannot be written fails the run before
# any work; empty input gives a page that says so, with no plot.
# Exit 77 (skip) only when chromium is missing.
# usage: html_report.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(realpath "$1")
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || { echo "chromium is not installed (scripts/install-deps.sh --test)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

/usr/bin/python3 - <<'PY'
import random
rnd = random.Random(27)
ad1, ad2 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC", "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
comp = str.maketrans("ACGT", "TGCA")
def qual(n):
    q = [rnd.randint(25, 40) - (i * 12) // n for i in range(n)]
    if rnd.random() < 0.1:  # a low-quality tail
        start = rnd.randint(n // 2, n)
        q[start:] = [2] * (n - start)
    return "".join(chr(33 + v) for v in q)
with open("r1.fq", "w") as f1, open("r2.fq", "w") as f2, open("il.fq", "w") as fi:
    for i in range(4000):
        n = 100
        frag = "".join(rnd.choice("ACGT") for _ in range(rnd.randint(10, 160)))
        s1 = (frag + ad1 + "A" * 100)[:n]
        s2 = (frag[::-1].translate(comp) + ad2 + "G" * 100)[:n]
        if rnd.random() < 0.02:
            s1 = s1[:10] + "N" + s1[11:]
        q1, q2 = qual(n), qual(n)
        f1.write(f"@r{i}/1\n{s1}\n+\n{q1}\n")
        f2.write(f"@r{i}/2\n{s2}\n+\n{q2}\n")
        fi.write(f"@r{i}/1\n{s1}\n+\n{q1}\n@r{i}/2\n{s2}\n+\n{q2}\n")
PY
: > empty.fq

# Opens a page in headless chromium: the DOM after the scripts ran, the
# console (the log) and a screenshot.
browse() {  # HTML OUT_PREFIX
  local profile
  profile=$(mktemp -d)
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --no-first-run --disable-extensions --enable-logging=stderr --v=0 \
    --dump-dom "file://$PWD/$1" > "$2.dom" 2> "$2.log"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --no-first-run --disable-extensions --screenshot="$PWD/$2.png" --window-size=1280,2000 \
    "file://$PWD/$1" > /dev/null 2>> "$2.log"
  rm -rf "$profile"
}

# Every plot drawn, no console error, the numbers equal the JSON's.
check_page() {  # PREFIX JSON MIN_PLOTS
  /usr/bin/python3 - "$@" <<'PY'
import html.parser, json, re, sys, os
prefix, json_path, min_plots = sys.argv[1], sys.argv[2], int(sys.argv[3])
dom = open(prefix + ".dom").read()
log = open(prefix + ".log").read()
report = json.load(open(json_path))
errors = []
if re.search(r"CONSOLE\(\d+\)|Uncaught", log):
    errors.append("console messages:\n" + "\n".join(l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l))
m = re.search(r'<html[^>]*data-plots-drawn="(\d+)/(\d+)"', dom)
if not m:
    errors.append("the page's script did not run to its end (no data-plots-drawn)")
else:
    drawn, total = int(m.group(1)), int(m.group(2))
    if drawn != total or total < min_plots:
        errors.append(f"plots drawn: {drawn} of {total} (want all, at least {min_plots})")
if not os.path.exists(prefix + ".png") or os.path.getsize(prefix + ".png") < 10000:
    errors.append("no screenshot")
if re.search(r"NaN|Infinity|undefined", dom):
    errors.append("NaN, Infinity or undefined in the page")

def at(path):
    v = report
    for part in path.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return v

def expected_values(path, v):
    if path.endswith(".trimmed_lengths"):
        return [x for row in v for x in (row["len"], sum(row["counts"]), row["expect"])]
    if path.startswith("poly_a_trimmed_read"):
        return [x for row in v for x in (row["len"], row["count"])]
    if path.endswith(".lengths"):
        return [x for pair in v for x in pair]
    return v

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.cell, self.numbers, self.series = [], None, 0, 0
        self.svgs, self.marks = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if tag == "svg" and "plot" in a.get("class", ""):
            self.svgs.append([a.get("id"), a.get("data-drawn"), 0])
        if tag == "g" and a.get("class") == "series":
            self.marks = [a, 0]
        if tag in ("path", "rect") and self.marks is not None:
            self.marks[1] += 1
        if tag == "td" and "data-json" in a:
            self.cell = [a["data-json"], ""]
    def handle_endtag(self, tag):
        if tag == "g" and self.marks is not None:
            a, marks = self.marks
            self.marks = None
            self.svgs[-1][2] += 1
            if marks == 0:
                errors.append(f"series {a.get('data-series')} of {self.svgs[-1][0]} has nothing drawn")
            if "data-json" in a:
                self.series += 1
                got = [float(x) for x in a["data-values"].split(",") if x]
                want = [float(x) for x in expected_values(a["data-json"], at(a["data-json"]))]
                if got != want:
                    errors.append(f"{a['data-json']}: the page has {got[:8]}..., the JSON {want[:8]}...")
        if tag == "td" and self.cell:
            key, text = self.cell
            self.cell = None
            self.numbers += 1
            if int(text.replace(",", "")) != at(key):
                errors.append(f"{key}: the page says {text}, the JSON {at(key)}")
    def handle_data(self, data):
        if self.cell:
            self.cell[1] += data

page = Page()
page.feed(dom)
for svg_id, drawn, groups in page.svgs:
    if drawn != "yes" or groups == 0:
        errors.append(f"plot {svg_id}: data-drawn={drawn}, {groups} series")
if page.numbers < 5:
    errors.append(f"only {page.numbers} summary numbers")
if min_plots > 0 and page.series < min_plots:
    errors.append(f"only {page.series} plotted series tagged with their JSON")
if errors:
    print(f"FAIL {prefix}:\n  " + "\n  ".join(errors))
    sys.exit(1)
print(f"ok {prefix}: {len(page.svgs)} plots, {page.series} series and {page.numbers} numbers equal the JSON's")
PY
}

status=0
# Runs one layout at several settings; the pages must be equal but for the
# run line, and the first is checked in the browser.
layout() {  # NAME MIN_PLOTS ARGS...
  local name=$1 min_plots=$2; shift 2
  local ref=""
  for extra in "-j 1" "-j 1 --buffer-size 3000" "-j 4" "-j 4 --buffer-size 5000" "-j 4 --ipc queue" \
               "-j 2 --ipc queue --buffer-size 3000"; do
    rm -rf out && mkdir out
    # shellcheck disable=SC2086
    if ! "$ringtrim" $extra --quiet --html out/r.html --json out/r.json "$@" > /dev/null 2> out/stderr; then
      echo "FAIL $name ($extra):"; cat out/stderr; status=1; return
    fi
    if [[ $(grep -c 'id="run"' out/r.html) != 1 ]]; then
      echo "FAIL $name ($extra): the page must have exactly one run line"; status=1; return
    fi
    grep -v 'id="run"' out/r.html > out/r.stable.html
    if [[ -z $ref ]]; then
      cp out/r.html "$name.html"; cp out/r.json "$name.json"; cp out/r.stable.html "$name.stable.html"; ref=1
    elif ! cmp -s "$name.stable.html" out/r.stable.html; then
      echo "FAIL $name: the page with '$extra' differs from -j 1 (beyond the run line)"
      diff "$name.stable.html" out/r.stable.html | head -5; status=1; return
    fi
  done
  browse "$name.html" "$name"
  check_page "$name" "$name.json" "$min_plots" || status=1
}

layout se 5 -a AGATCGGAAGAGC -q 20 -m 20 --poly-a -o out/o.fq r1.fq
layout pe 10 -a AGATCGGAAGAGC -A AGATCGGAAGAGC -q 20 -m 20 --poly-a -o out/o1.fq -p out/o2.fq r1.fq r2.fq
layout interleaved 10 --interleaved -a AGATCGGAAGAGC -A AGATCGGAAGAGC -q 15 --poly-g -o out/o.fq il.fq

# Empty input: a page that says so, no plot, and the JSON's "ringtrim" key.
rm -rf out && mkdir out
"$ringtrim" --quiet --html out/empty.html --json out/empty.json -a AGATCGGAAGAGC -o out/o.fq empty.fq
grep -q 'id="no-reads"' out/empty.html || { echo "FAIL empty: no 'No reads processed' line"; status=1; }
if grep -q '<svg' out/empty.html; then echo "FAIL empty: the page has a plot"; status=1; fi
cp out/empty.html out/empty.json .
browse empty.html empty
check_page empty empty.json 0 || status=1
python3 -c "
import json, sys
r = json.load(open('empty.json'))['ringtrim']
sys.exit(0 if r['read1']['before']['reads'] == 0 and r['read2'] is None else 1)" \
  || { echo "FAIL empty: ringtrim key"; status=1; }

# Without --html the JSON report is cutadapt's, with no "ringtrim" key.
"$ringtrim" --quiet --json out/plain.json -a AGATCGGAAGAGC -o out/o.fq r1.fq
if grep -q '"ringtrim"' out/plain.json; then echo "FAIL: a ringtrim key without --html"; status=1; fi

# An HTML path that cannot be written fails the run before any work: no output appears.
rm -rf out && mkdir out
if "$ringtrim" --quiet --html nonexistent/dir/r.html -a AGATCGGAAGAGC -o out/o.fq r1.fq > /dev/null 2> out/stderr; then
  echo "FAIL: a run with an unwritable --html path succeeded"; status=1
elif ! grep -q "nonexistent/dir/r.html" out/stderr || [[ -e out/o.fq ]]; then
  echo "FAIL: unwritable --html path: message or leftover output"; cat out/stderr; ls out; status=1
else
  echo "ok unwritable --html path: $(head -1 out/stderr)"
fi
exit $status

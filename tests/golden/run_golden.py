#!/usr/bin/env python3
"""Runs ringtrim's golden cases (tests/golden/cases/*).

Each case folder holds:
  args        one line, the arguments (POSIX shell quoting), relative paths
  cutadapt    the exact command that produced expected/ with cutadapt 4.2
  input files copied into an empty work folder before the run, together
              with every file of tests/golden/inputs/
  expected/   files the run must write (compressed ones compared decompressed);
              expected/stdout, if present, is the exact standard output
  exitcode    if present, the required exit status (then only that, and
              expected/error if present, are checked)
  expected/error  for a failing case, cutadapt's error message: the text from
              the line starting "ERROR: " or "PROGRAM: error: " to the end,
              prefix removed; ringtrim's stderr (or stdout) must give the same text

usage: run_golden.py RINGTRIM [extra args...]   (extra args are prepended)
Prints one line per failure and ends with "N passed, M failed".
"""
import bz2
import gzip
import lzma
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
META = {"args", "cutadapt", "exitcode", "expected", "README.md"}


def decompress(name, data):
    if name.endswith(".gz"):
        return gzip.decompress(data)
    if name.endswith(".bz2"):
        return bz2.decompress(data)
    if name.endswith(".xz"):
        return lzma.decompress(data)
    return data


def error_message(output):
    """The text from the first "ERROR: " or "PROGRAM: error: " line to the end, prefix removed."""
    lines = output.split(b"\n")
    for i, line in enumerate(lines):
        m = re.match(rb"(ERROR: |[\w.-]+: error: )", line)
        if m:
            return b"\n".join([line[m.end():]] + lines[i + 1:])
    return None


def run_case(path, cmd):
    with open(os.path.join(path, "args")) as f:
        args = shlex.split(f.readline())
    exitcode = 0
    if os.path.exists(os.path.join(path, "exitcode")):
        exitcode = int(open(os.path.join(path, "exitcode")).read().strip())
    tmp = tempfile.mkdtemp(prefix="golden-")
    try:
        shared = os.path.join(HERE, "inputs")
        for fn in os.listdir(shared):
            shutil.copyfile(os.path.join(shared, fn), os.path.join(tmp, fn))
        for fn in os.listdir(path):
            if fn not in META:
                shutil.copyfile(os.path.join(path, fn), os.path.join(tmp, fn))
        try:
            p = subprocess.run(cmd + args, cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=120)
        except subprocess.TimeoutExpired:
            return "timeout"
        if p.returncode != exitcode:
            return "exit status %d, expected %d: %s" % (p.returncode, exitcode, p.stderr.decode()[-300:])
        if exitcode != 0:
            err = os.path.join(path, "expected", "error")
            if os.path.exists(err):
                want = open(err, "rb").read()
                # stderr; cutadapt 4.2 itself prints it to stdout when -o is given
                got = error_message(p.stderr)
                if got is None:
                    got = error_message(p.stdout)
                if got != want:
                    return "error message differs: expected %r, got %r" % (want, got)
            return None
        exp = os.path.join(path, "expected")
        for fn in sorted(os.listdir(exp)) if os.path.isdir(exp) else []:
            want = open(os.path.join(exp, fn), "rb").read()
            if fn == "stdout":
                got = p.stdout
            else:
                if not os.path.exists(os.path.join(tmp, fn)):
                    return "%s not written" % fn
                got = open(os.path.join(tmp, fn), "rb").read()
                want, got = decompress(fn, want), decompress(fn, got)
            if want != got:
                wl, gl = want.split(b"\n"), got.split(b"\n")
                for i in range(max(len(wl), len(gl))):
                    a = wl[i] if i < len(wl) else None
                    b = gl[i] if i < len(gl) else None
                    if a != b:
                        return "%s differs at line %d: expected %r, got %r" % (fn, i + 1, a, b)
                return "%s differs" % fn
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    cmd = shlex.split(sys.argv[1]) + sys.argv[2:]
    if cmd and os.sep in cmd[0]:
        cmd[0] = os.path.abspath(cmd[0])
    cases_dir = os.path.join(HERE, "cases")
    passed = failed = 0
    for name in sorted(os.listdir(cases_dir)):
        reason = run_case(os.path.join(cases_dir, name), cmd)
        if reason is None:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: %s" % (name, reason))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes python_cases.tsv beside this script: what python3 itself answers for
repr(str), int(str), float(str), repr(float), str.upper() and
str.encode("ascii") on hand-picked edge cases and seeded random inputs.

    python3 tests/lib/python/gen_python_cases.py   # rewrites python_cases.tsv

Columns: function, input, expected; input and expected are hex of the UTF-8
bytes (argv-like: invalid bytes go through surrogateescape), except
float_repr's input, which is float.hex(). "ERR" means Python raises
ValueError (int, float) or that encode() succeeds (ascii_error: ""). int
values outside int64, and numbers written with non-ASCII digits, are written
ERR: ringtrim's int is 64-bit and takes ASCII digits only (documented in
lib/python/python.hpp).
"""
import math
import os
import random
import struct


def hx(b):
    return b.hex() if b else "-"


def enc(s):
    return s.encode("utf-8", "surrogateescape")


rows = []


def case_repr(raw):
    rows.append(("repr", hx(raw), hx(enc(repr(raw.decode("utf-8", "surrogateescape"))))))


def non_ascii_digits(raw):
    return any(c.isdigit() and not c.isascii() for c in raw.decode("utf-8", "surrogateescape"))


def case_int(raw):
    if non_ascii_digits(raw):
        rows.append(("int", hx(raw), "ERR"))
        return
    try:
        v = int(raw.decode("utf-8", "surrogateescape"))
        out = str(v) if -(2**63) <= v < 2**63 else "ERR"
    except ValueError:
        out = "ERR"
    rows.append(("int", hx(raw), out))


def case_float(raw):
    if non_ascii_digits(raw):
        rows.append(("float", hx(raw), "ERR"))
        return
    try:
        v = float(raw.decode("utf-8", "surrogateescape"))
        out = "nan" if math.isnan(v) else v.hex()
    except ValueError:
        out = "ERR"
    rows.append(("float", hx(raw), out))


def case_float_repr(v):
    rows.append(("float_repr", v.hex(), hx(repr(v).encode())))


def case_upper(s):
    rows.append(("upper", hx(enc(s)), hx(enc(s.upper()))))


def case_ascii_error(s):
    try:
        s.encode("ascii")
        out = "-"
    except UnicodeEncodeError as e:
        out = hx(str(e).encode())
    rows.append(("ascii_error", hx(enc(s)), out))


NUMBERS = ["0", "007", "-0", "+5", " 12 ", "\t\n\v\f\r42\r", "1_000", "1__0", "_1", "1_", "+_1", "- 1", "--1",
           "", " ", "1e5", "1E-5", ".5", "5.", ".", "._5", "1_.5", "1._5", "1.5_", "1_000.000_1", "+.5e-3",
           "1e1_0", "1e_5", "1_e5", "1e", "e5", "inf", "-Infinity", "+nAn", "nan(1)", "infinit", "in_f",
           "0x10", "1e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "2147483648",
           "\x1c5", "\u00855\u00a0", "\u30005", "5\u2028", "\u200b5", "\u0661\u0662", "5\xe9", "0.1", "1e16",
           "1.7976931348623157e308", "4.9e-324", "2.5e-324", "nan ", " -inf"]
for n in NUMBERS:
    case_int(enc(n))
    case_float(enc(n))
    case_repr(enc(n))

REPR = ["", "a", "'", '"', "'\"", "it's", 'say "hi"', "\\", "a\\b", "\n\r\t", "\x00\x01\x1f\x7f", "\x80\x9f\xa0\xa1",
        "\xad\xe9", "\u2028\u2029\u200b\u200e\ufeff\u3000", "\u00e9\u00df\u4e2d\U0001F600", "ACGT$", "A{3}"]
for s in REPR:
    case_repr(enc(s))
for raw in [b"\xff", b"a\xc3", b"\xc3\x28", b"\xe2\x82", b"\xf0\x9f\x98", b"\x80abc"]:
    case_repr(raw)

FLOATS = [0.0, -0.0, 0.1, 0.2, 1 / 3, 2 / 14, 0.1 + 0.2, 1.0, 25000.0, 1e15, 1e16, 9999999999999998.0,
          1e-4, 9.99e-5, 1.5e-5, 1e22, 1e-7, 123456789012345678.0, 5e-324, 1.7976931348623157e308, -2.5,
          float("inf"), float("-inf"), float("nan"), 0.5, 100.0, 1e100]
for v in FLOATS:
    case_float_repr(v)

UPPER = ["acgt", "ACGT", "\u00df", "\u0131", "\u017f", "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06", "\u00e9\u00ff\u00b5",
         "\u03b1\u03c2\u03c9", "\u0430\u044f\u0450\u045f", "\u0101\u0138\u0148\u017e", "a\u4e2db", "x\U0001F600y"]
for s in UPPER:
    case_upper(s)
for s in ["", "ACGT", "AC\u00e9GT", "\u00e9\u00e9x\u00e9", "A\U0001F600", "\u0131", "x\u00e9\u4e2d"]:
    case_ascii_error(s)

rng = random.Random(13)
ALPHABET = ([chr(c) for c in range(0x20, 0x7F)] * 3 + [chr(c) for c in range(0x00, 0x20)] + ["\x7f"] +
            [chr(c) for c in range(0x80, 0x180)] + ["\u2028", "\u200b", "\u3000", "\u4e2d", "\U0001F600", "\ufeff"])
for _ in range(400):
    s = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 12)))
    case_repr(enc(s))
    case_ascii_error(s)
NUMCHARS = list("0123456789") * 4 + list("_.eE+- \t") + ["inf", "nan"]
for _ in range(800):
    s = "".join(rng.choice(NUMCHARS) for _ in range(rng.randrange(1, 10)))
    case_int(enc(s))
    case_float(enc(s))
for _ in range(800):
    bits = rng.getrandbits(64)
    v = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if math.isnan(v):
        continue
    case_float_repr(v)
    case_float_repr(rng.choice([1, 10, 1e-5, 1e15, 1e17]) * rng.random())
# str.upper() is only claimed for ASCII, Latin-1, Latin Extended-A (except
# U+0149, whose upper case is two characters), Greek lower-case letters
# without accents and Cyrillic; draw from those.
UPPER_ALPHABET = ([chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180) if c != 0x149] +
                  [chr(c) for c in range(0x3B1, 0x3CA)] + [chr(c) for c in range(0x430, 0x460)])
for _ in range(400):
    case_upper("".join(rng.choice(UPPER_ALPHABET) for _ in range(rng.randrange(0, 10))))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "python_cases.tsv"), "w") as out:
    out.write("# Made by gen_python_cases.py with python3; do not edit.\n")
    for row in rows:
        out.write("\t".join(row) + "\n")

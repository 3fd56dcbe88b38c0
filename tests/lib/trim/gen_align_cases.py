#!/usr/bin/python3
"""Write tests/lib/trim/align_cases.tsv: what cutadapt 4.2's Aligner,
PrefixComparer and SuffixComparer (cutadapt._align) return for random inputs.

Usage, from anywhere:
    /usr/bin/python3 tests/lib/trim/gen_align_cases.py --write   # rewrites align_cases.tsv
    /usr/bin/python3 tests/lib/trim/gen_align_cases.py           # the same table on stdout

Deterministic: one random.Random(SEED), no set or dict iteration order, so the
same cutadapt gives the same bytes (rerun it and `git diff` shows nothing).
Needs the cutadapt 4.2 Python package (Debian's python3-cutadapt, under
/usr/bin/python3); any other version is refused (cutadapt_oracle.py).

One line per case, tab-separated, read by align_test.cpp:
  kind          A = Aligner, P = PrefixComparer, S = SuffixComparer
  reference     adapter; IUPAC codes, N, U, lower case, rarely non-IUPAC or
                non-ASCII characters; may be empty
  query         read; ACGT with N, IUPAC codes, U, lower case, '.', '-'; may be empty
  rate          max_error_rate as Python's repr (shortest round trip, so strtod
                gives the same double); grid values, random ones (0.1195),
                k/L boundaries and their neighbouring doubles, > 1 for A
                (cutadapt's `-e 3` on a 2 bp adapter), out of [0, 1] for P/S errors
  flags         Aligner flags 0..15 (EndSkip bits), weighted to cutadapt's Where
                values; 0 for P and S
  wildcard_ref, wildcard_query    0/1
  indel_cost    1, 2, 3, 50, 100000 (cutadapt's --no-indels), <= 0 for errors; 1 for P and S
  min_overlap   1..7, len(reference), beyond it; 0 and negative (an error for P/S only)
  effective_length   the object's effective_length, -1 when the constructor raises
  expected      ref_start,ref_stop,query_start,query_stop,score,errors | None |
                ERROR:<str() of the exception the constructor raised>
"""
import math
import os
import random
import sys

from cutadapt_oracle import import_cutadapt_4_2

SEED = 20240611
SCRIPT = "tests/lib/trim/gen_align_cases.py"
TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "align_cases.tsv")

RANDOM_CASES = {"A": 7400, "P": 800, "S": 800}

# cutadapt's Where (adapters.py): BACK, FRONT, ANYWHERE, PREFIX, SUFFIX,
# FRONT_NOT_INTERNAL, BACK_NOT_INTERNAL.
WHERE_FLAGS = [14, 11, 15, 8, 2, 9, 6]
GRID_RATES = [0.0, 0.05, 0.1, 0.1, 0.15, 0.2, 0.25, 0.3, 0.34, 0.5, 1.0]
INDEL_COSTS = [1] * 14 + [2, 3, 50, 100000]
REFERENCE_LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 20, 25, 33, 40]
LONG_REFERENCE_LENGTHS = [63, 64, 65, 70, 100]  # around the 64-bit early rejection
REAL_ADAPTERS = [
    "AGATCGGAAGAGC",  # Illumina TruSeq
    "AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC",
    "CTGTCTCTTATACACATCT",  # Nextera
    "TGGAATTCTCGG",  # small RNA
    "AAAAAAAAAAAAAAAAAAAA",
    "GATCGTCGGACTGTAGAACTCTGAAC",
]
IUPAC = {
    "A": "A", "C": "C", "G": "G", "T": "T", "U": "T",
    "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC",
    "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG", "N": "ACGT",
}
CODES = "RYSWKMBDHV"


class Cases:
    def __init__(self, align):
        self.align = align
        self.rows = []
        self.seen = set()

    def add(self, kind, reference, query, rate, flags=0, wildcard_ref=False,
            wildcard_query=False, indel_cost=1, min_overlap=1):
        if kind != "A":
            flags, indel_cost = 0, 1
        key = (kind, reference, query, repr(rate), flags, wildcard_ref, wildcard_query,
               indel_cost, min_overlap)
        if key in self.seen:
            return False
        self.seen.add(key)
        try:
            if kind == "A":
                obj = self.align.Aligner(reference, rate, flags, wildcard_ref, wildcard_query,
                                         indel_cost, min_overlap)
            elif kind == "P":
                obj = self.align.PrefixComparer(reference, rate, wildcard_ref, wildcard_query,
                                                min_overlap)
            else:
                obj = self.align.SuffixComparer(reference, rate, wildcard_ref, wildcard_query,
                                                min_overlap)
        except ValueError as e:  # UnicodeEncodeError included
            effective_length, expected = -1, f"ERROR:{e}"
        else:
            effective_length = obj.effective_length
            result = obj.locate(query)
            expected = "None" if result is None else ",".join(str(v) for v in result)
        self.rows.append([kind, reference, query, repr(rate), str(flags), str(int(wildcard_ref)),
                          str(int(wildcard_query)), str(indel_cost), str(min_overlap),
                          str(effective_length), expected])
        return True


def bases(rng, n, alphabet="ACGT"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def random_reference(rng):
    """An adapter: random ACGT, with N runs, IUPAC codes, U, lower case,
    low complexity, a real adapter or a piece of one."""
    style = rng.choices(["acgt", "n", "iupac", "lower", "repeat", "real", "odd"],
                        [40, 15, 18, 7, 8, 10, 2])[0]
    length = (rng.choice(LONG_REFERENCE_LENGTHS) if rng.random() < 0.03
              else rng.choice(REFERENCE_LENGTHS))
    if style == "real":
        adapter = rng.choice(REAL_ADAPTERS)
        start = 0 if rng.random() < 0.6 else rng.randrange(len(adapter))
        return adapter[start:start + length] or adapter
    if style == "repeat":
        unit = bases(rng, rng.choice([1, 1, 2, 3]))
        return (unit * length)[:length]
    seq = list(bases(rng, length))
    if style == "n":
        for i in range(length):
            if rng.random() < 0.15:
                seq[i] = "N"
        if rng.random() < 0.5:  # cutadapt users write NNNN<adapter> for random primers
            lead = rng.randint(1, 5)
            seq = ["N"] * lead + seq[: max(1, length - lead)]
    elif style == "iupac":
        for i in range(length):
            r = rng.random()
            if r < 0.2:
                seq[i] = rng.choice(CODES)
            elif r < 0.25:
                seq[i] = rng.choice("NU")
    elif style == "lower":
        lo = rng.randrange(length)
        hi = rng.randint(lo + 1, length)
        if rng.random() < 0.3:
            lo, hi = 0, length
        for i in range(lo, hi):
            if rng.random() < 0.2:
                seq[i] = rng.choice("N" + CODES)
            seq[i] = seq[i].lower()
    elif style == "odd":  # not IUPAC: never matches under the wildcard tables
        seq[rng.randrange(length)] = rng.choice("XI.-*")
    return "".join(seq)


def copy_of(rng, fragment, wildcard_ref, error_rate, indels):
    """The fragment as a read would show it: IUPAC codes resolved to a
    matching base when wildcard_ref, then substitutions and indels."""
    out = []
    for c in fragment:
        if wildcard_ref and c.upper() in IUPAC and rng.random() < 0.9:
            c = rng.choice(IUPAC[c.upper()])
        r = rng.random()
        if r < error_rate:
            kind = rng.choice(["sub", "ins", "del"] if indels else ["sub"])
            if kind == "sub":
                out.append(rng.choice("ACGT"))
            elif kind == "ins":
                out.append(c)
                out.append(rng.choice("ACGT"))
            continue
        out.append(c.upper())
    return "".join(out)


def decorate(rng, query, wildcard_query):
    """Reads are not clean: N, lower case, U, IUPAC codes, odd characters."""
    q = list(query)
    if rng.random() < 0.25:
        for i in range(len(q)):
            if rng.random() < 0.08:
                q[i] = "N"
    if rng.random() < (0.3 if wildcard_query else 0.05):
        for i in range(len(q)):
            if rng.random() < 0.1:
                q[i] = rng.choice(CODES + "U")
    if q and rng.random() < 0.08:
        lo = rng.randrange(len(q))
        hi = rng.randint(lo + 1, len(q))
        for i in range(lo, hi):
            q[i] = q[i].lower()
    if q and rng.random() < 0.02:
        q[rng.randrange(len(q))] = rng.choice(".-X")
    return "".join(q)


def random_rate(rng, reference, kind):
    r = rng.random()
    if r < 0.6:
        return rng.choice(GRID_RATES)
    if r < 0.82:
        return round(rng.uniform(0, 0.4), 4)  # four digits: 0.1195, 0.2643, ...
    if r < 0.97:
        # k errors over L bases, exactly and one double either side: the
        # "cost <= length * rate" and "int(rate * m)" boundaries.
        length = rng.randint(1, max(1, len(reference)))
        k = rng.randint(1, max(1, length // 3)) if rng.random() < 0.95 else 0
        rate = k / length
        nudge = rng.choice([0, 0, -1, 1])
        if nudge:
            rate = math.nextafter(rate, math.inf if nudge > 0 else -math.inf)
        return min(max(rate, 0.0), 1.0)
    if kind == "A":  # cutadapt -e 3 on a 2 bp adapter: rate = 3 / 2
        return rng.choice([1.5, 2.0, 3.0, 5 / 3, 7 / 3, 2.5])
    return rng.choice([0.4, 0.6, 0.75, 0.9])


def random_query(rng, kind, reference, wildcard_ref, wildcard_query, indels, rate):
    """A read that holds the reference (whole, a prefix at the 3' end, a
    suffix at the 5' end, two copies) with a few errors, or nothing."""
    if rng.random() < 0.025:
        return ""
    error_rate = rng.choice([0.0, 0.0, 0.03, 0.08, 0.15, 0.3, max(0.0, min(rate, 0.5))])
    left = bases(rng, rng.choice([0, 0, 1, 2, 3, 5, rng.randint(0, 20), rng.randint(0, 45)]))
    right = bases(rng, rng.choice([0, 0, 1, 2, 3, 5, rng.randint(0, 20), rng.randint(0, 45)]))
    m = len(reference)
    if kind == "P":
        shape = rng.choice(["whole", "whole", "prefix", "none"])
        left = ""
    elif kind == "S":
        shape = rng.choice(["whole", "whole", "suffix", "none"])
        right = ""
    else:
        shape = rng.choices(["whole", "prefix", "suffix", "inner", "twice", "none"],
                            [40, 18, 14, 6, 7, 15])[0]
    if shape == "whole":
        middle = copy_of(rng, reference, wildcard_ref, error_rate, indels)
    elif shape == "prefix":  # 3' adapter running off the read end
        middle = copy_of(rng, reference[: rng.randint(1, m)], wildcard_ref, error_rate, indels)
        right = ""
    elif shape == "suffix":  # 5' adapter cut off at the read start
        middle = copy_of(rng, reference[rng.randrange(m):], wildcard_ref, error_rate, indels)
        left = ""
    elif shape == "inner":  # the read inside the adapter
        lo = rng.randrange(m)
        middle = copy_of(rng, reference[lo:rng.randint(lo + 1, m)], wildcard_ref, error_rate,
                         indels)
        left, right = (left, right) if rng.random() < 0.3 else ("", "")
    elif shape == "twice":  # tie-breaks between occurrences
        middle = (copy_of(rng, reference, wildcard_ref, error_rate, indels)
                  + bases(rng, rng.choice([0, 0, 1, 3, 7]))
                  + copy_of(rng, reference, wildcard_ref, error_rate, indels))
    else:
        middle = bases(rng, rng.randint(0, 40))
    return decorate(rng, left + middle + right, wildcard_query)


def random_case(rng, cases, kind):
    reference = random_reference(rng)
    non_acgt = any(c not in "ACGT" for c in reference)
    wildcard_ref = rng.random() < (0.7 if non_acgt else 0.25)
    wildcard_query = rng.random() < 0.2
    if kind == "A":
        flags = rng.choice(WHERE_FLAGS) if rng.random() < 0.9 else rng.randrange(16)
        indel_cost = rng.choice(INDEL_COSTS)
    else:
        flags, indel_cost = 0, 1
    min_overlap = rng.choice([1, 1, 1, 2, 3, 3, 5, 7, len(reference), len(reference) + 1])
    rate = random_rate(rng, reference, kind)
    query = random_query(rng, kind, reference, wildcard_ref, wildcard_query,
                         indel_cost < 50, rate)
    cases.add(kind, reference, query, rate, flags, wildcard_ref, wildcard_query, indel_cost,
              min_overlap)


def fixed_cases(cases):
    """Every error cutadapt raises, with its message, and the empty inputs."""
    q = "ACGTTGCA"
    for ref in ["N", "NNN", "nN", "Nn", "n", "nnnn", ""]:
        cases.add("A", ref, q, 0.1, 15, True)
        cases.add("A", ref, q, 0.1, 14, True, True)
        cases.add("A", ref, q, 0.1, 11, False)  # without wildcard_ref N is a plain letter
        for kind in "PS":
            cases.add(kind, ref, q, 0.1, 0, True)
            cases.add(kind, ref, q, 0.1, 0, False)
    # count('N') - count('n') in PrefixComparer: lower-case n adds to the length
    for ref in ["NNn", "nnN", "ACGTn", "ACGTN", "nACGTN", "Nnnn"]:
        for kind in "PS":
            cases.add(kind, ref, "ACGTACGT", 0.2, 0, True)
            cases.add(kind, ref, "ACGTACGT", 0.2, 0, True, True)
    for indel_cost in [0, -1, -100000]:
        cases.add("A", "ACGT", "ACGT", 0.1, 15, False, False, indel_cost)
        cases.add("A", "NNNN", "ACGT", 0.1, 15, True, False, indel_cost)  # N-only checked first
    for rate in [1.5, -0.1, 1.0000000000000002, -5e-324, 100.0]:
        for kind in "PS":
            cases.add(kind, "ACGT", "ACGT", rate)
            cases.add(kind, "NNNN", "ACGT", rate, 0, True)  # N-only checked first
    for rate in [1.0, 0.0, -0.0]:
        for kind in "PS":
            cases.add(kind, "ACGT", "ACGA", rate)
    for min_overlap in [0, -1, -7]:
        for kind in "PS":
            cases.add(kind, "ACGT", "ACGT", 0.1, 0, False, False, 1, min_overlap)
            cases.add(kind, "ACGT", "ACGT", 1.5, 0, False, False, 1, min_overlap)  # rate first
        for flags in [15, 14, 11, 8, 2, 0]:  # the Aligner does not check min_overlap
            cases.add("A", "ACGT", "TTACGTTT", 0.1, flags, False, False, 1, min_overlap)
            cases.add("A", "ACGT", "GTTT", 0.0, flags, False, False, 1, min_overlap)
            cases.add("A", "ACGT", "", 0.1, flags, False, False, 1, min_overlap)
    # non-ASCII references: each class fails in its own way
    for ref in ["AC\u00e9", "\u00e9", "ACGT\u2013", "NN\u00e9"]:
        for wildcard_ref, wildcard_query in [(False, False), (True, False), (False, True)]:
            cases.add("A", ref, q, 0.1, 15, wildcard_ref, wildcard_query)
            for kind in "PS":
                cases.add(kind, ref, q, 0.1, 0, wildcard_ref, wildcard_query)
    # empty reference (without wildcard_ref) and empty query, every flag
    for flags in range(16):
        for ref, query in [("", ""), ("", "ACGT"), ("ACGT", ""), ("A", "")]:
            cases.add("A", ref, query, 0.1, flags)
            cases.add("A", ref, query, 0.1, flags, False, True)
    for kind in "PS":
        for ref, query in [("", ""), ("", "ACGT"), ("ACGT", ""), ("A", "")]:
            cases.add(kind, ref, query, 0.1)
            cases.add(kind, ref, query, 0.1, 0, False, True)
    # negative and > 1 rates reach the Aligner unchecked
    for rate in [-0.1, -1.0, 1.5, 2.0, 100.0]:
        for flags in [15, 14, 11, 0]:
            cases.add("A", "ACGTACGT", "TTACGAACGTTT", rate, flags)
            cases.add("A", "ACGTACGT", "GT", rate, flags)


def generate():
    (align,) = import_cutadapt_4_2(SCRIPT, "cutadapt._align")
    rng = random.Random(SEED)
    cases = Cases(align)
    fixed_cases(cases)
    for kind in "APS":
        target = len(cases.rows) + RANDOM_CASES[kind]
        while len(cases.rows) < target:
            random_case(rng, cases, kind)
    header = [
        "# Expected results of cutadapt 4.2 (cutadapt._align) for random inputs.",
        f"# Generated by: /usr/bin/python3 {SCRIPT} --write",
        f"# (random seed {SEED}; the script's docstring describes the inputs)",
        "# Columns: kind(A=Aligner,P=PrefixComparer,S=SuffixComparer) reference query",
        "#   max_error_rate(repr) flags wildcard_ref wildcard_query indel_cost min_overlap",
        "#   effective_length(-1 on error) expected: "
        "ref_start,ref_stop,query_start,query_stop,score,errors | None | ERROR:msg",
    ]
    return "\n".join(header + ["\t".join(row) for row in cases.rows]) + "\n", cases.rows


def main():
    args = sys.argv[1:]
    if args not in ([], ["--write"]):
        sys.exit(f"usage: /usr/bin/python3 {SCRIPT} [--write]")
    text, rows = generate()
    if args == ["--write"]:
        with open(TABLE, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        errors = sum(1 for r in rows if r[-1].startswith("ERROR:"))
        nones = sum(1 for r in rows if r[-1] == "None")
        kinds = {k: sum(1 for r in rows if r[0] == k) for k in "APS"}
        print(f"{TABLE}: {len(rows)} cases (A {kinds['A']}, P {kinds['P']}, S {kinds['S']}; "
              f"{len(rows) - nones - errors} alignments, {nones} None, {errors} errors)",
              file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()

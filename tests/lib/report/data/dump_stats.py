#!/usr/bin/python3
"""Run cutadapt 4.2 in-process and dump its Statistics object as tab-separated lines.

Usage: dump_stats.py OUT.stats CUTADAPT_ARGS...

The report cutadapt logs goes to stdout as usual. The dump holds every number
ringtrim's report renderer needs (report_test.cpp reads it into a Stats):

  paired <0|1>            n <N>                  total_bp <r1> <r2>
  filtered <key> <count>  reverse_complemented <N>
  with_adapters <i> <N>   quality_trimmed_bp <i> <N>
  written <i> <length> <count>
  adapter <i> <Front|Back|Anywhere|Linked> <name> <sequence> <description>
          <min_overlap> <back_min_overlap> <allows_partial 0|1> <reverse_complemented>
  end <front|back> <max_error_rate> <sequence> <effective_length> <has_wildcards>
      <indels> <adapter_type> <allows_partial> <remove_prefix>
  error <front|back> <length> <errors> <count>
  adjacent <front|back> <A> <C> <G> <T> <other>
Lines absent for a None counter. end/error/adjacent lines belong to the last adapter line.
"""
import sys

from cutadapt.__main__ import main
from cutadapt.adapters import (
    AnywhereAdapterStatistics,
    BackAdapterStatistics,
    FrontAdapterStatistics,
    LinkedAdapterStatistics,
)


def b(x):
    return "1" if x else "0"


def dump_end(out, which, e):
    out.append(["end", which, repr(e.max_error_rate), e.sequence, e.effective_length,
                b(e.has_wildcards), b(e.indels), e.adapter_type,
                b(e.allows_partial_matches), b(e._remove_prefix)])
    for length in sorted(e.errors):
        for errors in sorted(e.errors[length]):
            out.append(["error", which, length, errors, e.errors[length][errors]])
    out.append(["adjacent", which] + [e.adjacent_bases[k] for k in ("A", "C", "G", "T", "")])


def dump(stats):
    out = [["paired", b(stats.paired)], ["n", stats.n],
           ["total_bp", stats.total_bp[0], stats.total_bp[1]]]
    for name, count in stats.filtered.items():
        out.append(["filtered", name, count])
    if stats.reverse_complemented is not None:
        out.append(["reverse_complemented", stats.reverse_complemented])
    for i in (0, 1):
        if stats.with_adapters[i] is not None:
            out.append(["with_adapters", i, stats.with_adapters[i]])
        if stats.quality_trimmed_bp[i] is not None:
            out.append(["quality_trimmed_bp", i, stats.quality_trimmed_bp[i]])
    lengths = stats.read_length_statistics.written_lengths()
    for i in (0, 1):
        for length in sorted(lengths[i]):
            out.append(["written", i, length, lengths[i][length]])
    for i in (0, 1):
        for a in stats.adapter_stats[i]:
            ad = a.adapter
            if isinstance(a, LinkedAdapterStatistics):
                row = ["Linked", a.name, "", ad.description, ad.front_adapter.min_overlap,
                       ad.back_adapter.min_overlap, "1"]
                ends = [("front", a.front), ("back", a.back)]
            elif isinstance(a, AnywhereAdapterStatistics):
                row = ["Anywhere", a.name, ad.sequence, ad.description, ad.min_overlap, 0, "1"]
                ends = [("front", a.front), ("back", a.back)]
            elif isinstance(a, FrontAdapterStatistics):
                row = ["Front", a.name, ad.sequence, ad.description, ad.min_overlap, 0,
                       b(ad.allows_partial_matches)]
                ends = [("front", a.end)]
            else:
                assert isinstance(a, BackAdapterStatistics)
                row = ["Back", a.name, ad.sequence, ad.description, ad.min_overlap, 0,
                       b(ad.allows_partial_matches)]
                ends = [("back", a.end)]
            out.append(["adapter", i] + row + [a.reverse_complemented])
            for which, e in ends:
                dump_end(out, which, e)
    return "".join("\t".join(str(x) for x in row) + "\n" for row in out)


if __name__ == "__main__":
    stats = main(sys.argv[2:])
    with open(sys.argv[1], "w") as f:
        f.write(dump(stats))

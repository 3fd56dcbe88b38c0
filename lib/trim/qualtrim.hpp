// Quality trimming: cutadapt 4.2's qualtrim.pyx (quality_trim_index,
// nextseq_trim_index, expected_errors) with identical results.
//
// Pure functions over views; nothing is owned or allocated, nothing crosses
// processes. Qualities are ASCII-encoded as chr(q + base); bytes are read
// as signed char, as cutadapt's C code does.
#pragma once

#include <string_view>
#include <utility>

namespace ringtrim::core {

// BWA's trimming (bwa_trim_read) at both ends: returns (start, stop) of the
// segment to keep. From the 5' end, s += cutoff_front - q while s >= 0;
// start is one past the position where s was largest (first maximum, and
// only if > 0). Likewise from the 3' end with cutoff_back, stop being the
// position of the largest s. If start >= stop, returns (0, 0).
std::pair<int, int> quality_trim_index(std::string_view qualities, int cutoff_front, int cutoff_back, int base = 33);

// The 3' variant for two-colour chemistry (--nextseq-trim): like the 3' part
// of quality_trim_index, but a 'G' base (upper case only) counts as quality
// cutoff - 1. Returns the stop index (qualities.size() if nothing is
// trimmed). REQUIRES: sequence.size() >= qualities.size().
int nextseq_trim_index(std::string_view sequence, std::string_view qualities, int cutoff, int base = 33);

// cutadapt 4.4's --poly-a (qualtrim.pyx poly_a_trim_index): the start of a
// poly-A tail, scanning from the 3' end with +1 per 'A' and -2 per other
// base, keeping the best score whose errors are at most 20 % of the tail
// (errors * 5 <= tail length); tails shorter than 3 are ignored (returns
// size()). With `revcomp`, the same for a poly-T head from the 5' end: returns
// the head's end (0: none). Only upper-case 'A'/'T' count.
int poly_a_trim_index(std::string_view sequence, bool revcomp = false);

// Expected number of errors, sum of 10^(-q/10) (Edgar & Flyvbjerg 2015),
// summed from the first to the last quality in double precision.
double expected_errors(std::string_view qualities, int base = 33);

}  // namespace ringtrim::core

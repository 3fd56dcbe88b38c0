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
std::pair<int, int> quality_trim_index(std::string_view qualities, int cutoff_front,
                                       int cutoff_back, int base = 33);

// The 3' variant for two-colour chemistry (--nextseq-trim): like the 3' part
// of quality_trim_index, but a 'G' base (upper case only) counts as quality
// cutoff - 1. Returns the stop index (qualities.size() if nothing is
// trimmed). REQUIRES: sequence.size() >= qualities.size().
int nextseq_trim_index(std::string_view sequence, std::string_view qualities, int cutoff,
                       int base = 33);

// Expected number of errors, sum of 10^(-q/10) (Edgar & Flyvbjerg 2015),
// summed from the first to the last quality in double precision.
double expected_errors(std::string_view qualities, int base = 33);

}  // namespace ringtrim::core

// Adapter read-through found by mate overlap, ringtrim's --pe-overlap (issue
// 16; not in cutadapt 4.2). After fastp's overlap analysis (overlapanalysis.cpp,
// with its defaults: 30 bases of overlap, 5 mismatches), for pairs whose
// adapter is not given.
//
// Pure function over views; nothing is owned or allocated, nothing crosses
// processes.
//
// When the insert is L bases long and L is shorter than a read, R1 starts
// with the insert and R2 with its reverse complement, so
//     r1[0:L] == revcomp(r2[0:L])        (both reads then run into adapter)
// The insert length is the largest L with
//   min_overlap <= L < min(len(r1), len(r2))  and
//   at most max_mismatches positions i < L where r1[i] differs from the
//   complement of r2[L-1-i]  (A<->T, C<->G; any other byte never matches),
// or none. An insert as long as the shorter read or longer is never reported
// (nothing to trim). Reads of a short tandem repeat can match at a shift;
// taking the largest L keeps the true insert when it is shorter than the reads.
#pragma once

#include <optional>
#include <string_view>

namespace ringtrim::core {

inline constexpr int kMateOverlapMinLength = 30;     // fastp: --overlap_len_require
inline constexpr int kMateOverlapMaxMismatches = 5;  // fastp: --overlap_diff_limit

std::optional<int> mate_overlap_insert_length(std::string_view r1, std::string_view r2,
                                              int min_overlap = kMateOverlapMinLength,
                                              int max_mismatches = kMateOverlapMaxMismatches);

}  // namespace ringtrim::core

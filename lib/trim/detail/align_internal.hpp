// Internal to the Aligner's three sources; include nowhere else.
//
//   align.cpp            validate, the constructor, locate_impl (the DP of
//                        cutadapt's Aligner.locate), PrefixComparer and
//                        SuffixComparer
//   align_prefilter.cpp  the early rejection: the bit-parallel bound, the
//                        k-mer pieces and the tail pass (may_match)
//   align_traced.cpp     the traced DP (locate_traced)
//
// What more than one of them uses: the scores, the delta helpers of the
// bit-parallel DP, Aligner::Match, column_range and to_alignment. They are
// defined here, inline, so every hot loop still sees them as it did when
// the Aligner was one file.
#pragma once

#include <array>
#include <cstdint>

#include "lib/trim/align.hpp"

namespace ringtrim::core {
namespace detail {

inline constexpr int kMatchScore = 1;
inline constexpr int kMismatchScore = -1;
inline constexpr int kInsertionScore = -2;
inline constexpr int kDeletionScore = -2;
// The branch-free cell update shares one score step for both indels.
static_assert(kInsertionScore == kDeletionScore);

// +1, -1 or 0: bit `bit` of a pair of delta words (plus, minus) of the
// bit-parallel DP.
inline int delta_at(std::uint64_t plus, std::uint64_t minus, int bit) {
    return static_cast<int>((plus >> bit) & 1) - static_cast<int>((minus >> bit) & 1);
}

// costs[i] = D[i] for rows 0..m of a column whose row 0 costs `row0` and
// whose vertical deltas are pv/mv (bit i-1 for row i).
inline void column_costs(std::uint64_t pv, std::uint64_t mv, int row0, int m, std::array<int, 65>& costs) {
    costs[0] = row0;
    for (int i = 1; i <= m; ++i) costs[i] = costs[i - 1] + delta_at(pv, mv, i - 1);
}

}  // namespace detail

struct Aligner::Match {
    int origin;
    int cost;
    int score;
    int ref_stop;
    int query_stop;
};

template <int kFlags>
Aligner::ColumnRange Aligner::column_range(int n, DpColumns columns) const {
    constexpr bool start_in_reference = (kFlags & kReferenceStart) != 0;
    constexpr bool start_in_query = (kFlags & kQueryStart) != 0;
    constexpr bool stop_in_reference = (kFlags & kReferenceEnd) != 0;
    constexpr bool stop_in_query = (kFlags & kQueryStop) != 0;
    const int k = static_cast<int>(max_error_rate_ * m_);
    // Columns outside [min_n, max_n] cannot hold an acceptable end.
    int max_n = n;
    int min_n = 0;
    if (!start_in_query) max_n = std::min(n, m_ + k);
    if (!stop_in_query) min_n = std::max(0, n - m_ - k);
    // Skipped columns (docs/algorithms.md says why no candidate changes).
    // Both query ends free, reference start pinned (3'): the DP starts at
    // column columns.first as if the query began there. Reference start
    // free, end pinned (5'): it stops after column columns.last and then
    // has no last-column scan, which would find nothing acceptable.
    constexpr bool both_query_ends = start_in_query && stop_in_query;
    if (both_query_ends && !start_in_reference) min_n = std::max(min_n, columns.first);
    if (both_query_ends && start_in_reference && !stop_in_reference) {
        max_n = std::min(max_n, columns.last);
    }
    return {min_n, max_n};
}

inline Alignment Aligner::to_alignment(const Match& best) {
    Alignment result;
    if (best.origin >= 0) {
        result.ref_start = 0;
        result.query_start = best.origin;
    } else {
        result.ref_start = -best.origin;
        result.query_start = 0;
    }
    result.ref_stop = best.ref_stop;
    result.query_stop = best.query_stop;
    result.score = best.score;
    result.errors = best.cost;
    return result;
}

}  // namespace ringtrim::core

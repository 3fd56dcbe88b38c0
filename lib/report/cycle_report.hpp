// What the reports show of the CycleStats (lib/report/cycle_stats.hpp): the
// derived numbers, made once here so that the HTML report's plots and the
// JSON report's "ringtrim" key hold the same values.
//
//   "ringtrim": {
//     "read1": {"before": PROFILE, "after": PROFILE},
//     "read2": {"before": PROFILE, "after": PROFILE} | null (single-end)
//   }
//   PROFILE = {"reads": N,
//              "lengths": [[length, reads], ...]           (lengths with reads, ascending)
//              "mean_quality": [Q, ...] | null             (per cycle, 2 decimals; null for FASTA)
//              "bases": {"A": [n, ...], "C": .., "G": .., "T": .., "N": ..}}
//                                                          (per cycle; "N": N and anything else)
//
// Pure.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "lib/report/cycle_stats.hpp"
#include "lib/report/detail/json_value.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::core {

// The letters of ProfileSeries::bases, in order.
inline constexpr std::array<char, 5> kProfileBases = {'A', 'C', 'G', 'T', 'N'};

struct ProfileSeries {
    std::int64_t reads = 0;
    std::vector<std::pair<int, std::int64_t>> lengths;  // (length, reads), reads > 0
    std::vector<std::int64_t> reads_at_cycle;           // cycle i: reads longer than i
    std::vector<double> mean_quality;                   // empty: no qualities (FASTA)
    std::array<std::vector<std::int64_t>, 5> bases;     // A, C, G, T, N (the rest) per cycle
};

ProfileSeries profile_series(const ReadProfile& profile);

// v rounded to two decimals as Python's round(v, 2) (the nearest double to
// the correctly rounded decimal).
double round2(double v);

// The "ringtrim" value of the JSON report (above).
detail::Json cycle_stats_json(const StatsLayout& layout, const CycleStats& cycles);

}  // namespace ringtrim::core

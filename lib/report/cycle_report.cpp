#include "lib/report/cycle_report.hpp"

#include <cstdlib>
#include <string>

#include "lib/report/text_report.hpp"

namespace ringtrim::core {

double round2(double v) {
    const std::string s = pyfmt::fixed(v, 2);
    return std::strtod(s.c_str(), nullptr);
}

ProfileSeries profile_series(const ReadProfile& profile) {
    ProfileSeries out;
    out.reads = profile.reads();
    for (std::size_t length = 0; length < profile.lengths.size(); ++length)
        if (profile.lengths[length] > 0) out.lengths.emplace_back(static_cast<int>(length), profile.lengths[length]);
    out.reads_at_cycle = profile.reads_at_cycle();
    const std::size_t cycles = profile.cycles();
    if (!profile.quality.empty()) {
        out.mean_quality.resize(cycles);
        for (std::size_t i = 0; i < cycles; ++i)
            out.mean_quality[i] =
                round2(static_cast<double>(profile.quality[i]) / static_cast<double>(out.reads_at_cycle[i]));
    }
    for (std::size_t b = 0; b < 4; ++b) out.bases[b] = profile.bases[b];
    out.bases[4] = out.reads_at_cycle;
    for (std::size_t b = 0; b < 4; ++b)
        for (std::size_t i = 0; i < cycles; ++i) out.bases[4][i] -= profile.bases[b][i];
    return out;
}

namespace {

using detail::Json;

Json profile_json(const ReadProfile& profile) {
    const ProfileSeries series = profile_series(profile);
    Json::Array lengths;
    for (const auto& [length, reads] : series.lengths)
        lengths.push_back(Json::array({Json(length), Json(reads)}, true));
    Json quality;
    if (!profile.quality.empty()) {
        Json::Array means;
        for (double q : series.mean_quality) means.emplace_back(q);
        quality = Json::array(std::move(means), true);
    }
    Json::Object bases;
    for (std::size_t b = 0; b < kProfileBases.size(); ++b) {
        Json::Array counts;
        for (auto n : series.bases[b]) counts.emplace_back(n);
        bases.emplace_back(std::string(1, kProfileBases[b]), Json::array(std::move(counts), true));
    }
    return Json::object({
        {"reads", series.reads},
        {"lengths", Json::array(std::move(lengths), true)},
        {"mean_quality", quality},
        {"bases", Json::object(std::move(bases))},
    });
}

Json mate_json(const std::array<ReadProfile, 2>& profiles) {
    return Json::object({{"before", profile_json(profiles[kProfileBefore])},
                         {"after", profile_json(profiles[kProfileAfter])}});
}

}  // namespace

Json cycle_stats_json(const StatsLayout& layout, const CycleStats& cycles) {
    Json read2;
    if (layout.paired) read2 = mate_json(cycles.profiles[1]);
    return Json::object({{"read1", mate_json(cycles.profiles[0])}, {"read2", read2}});
}

}  // namespace ringtrim::core

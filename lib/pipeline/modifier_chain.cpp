#include "lib/pipeline/modifier_chain.hpp"

#include <algorithm>

#include "lib/pipeline/pipeline.hpp"
#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/qualtrim.hpp"

namespace ringtrim::core {

void slice_read(Read& read, long start, long stop) {
    const long n = static_cast<long>(read.sequence.size());
    auto clamp = [n](long i) {
        if (i < 0) i += n;
        return std::clamp(i, 0L, n);
    };
    start = clamp(start);
    stop = clamp(stop);
    if (stop < start) stop = start;
    const auto s = static_cast<std::size_t>(start);
    const auto len = static_cast<std::size_t>(stop - start);
    read.sequence.erase(s + len);
    read.sequence.erase(0, s);
    if (!read.qualities.empty()) {
        read.qualities.erase(s + len);
        read.qualities.erase(0, s);
    }
}

ModifierChain::ModifierChain(const std::vector<Modifier>& modifiers, const AdapterCutter* cutter, int quality_base)
    : modifiers_(&modifiers), quality_base_(quality_base) {
    if (cutter) cutter_ = std::make_unique<AdapterCutter>(*cutter);
}

ModifierChain::~ModifierChain() = default;
ModifierChain::ModifierChain(ModifierChain&&) noexcept = default;
ModifierChain& ModifierChain::operator=(ModifierChain&&) noexcept = default;

void ModifierChain::declare(Stats& stats, int which) const {
    for (const auto& m : *modifiers_) {
        if (m.kind == Modifier::Kind::QualityTrim || m.kind == Modifier::Kind::NextseqTrim)
            stats.quality_trimmed_bp[which] = stats.quality_trimmed_bp[which].value_or(0);
    }
    if (cutter_) {
        AdapterCutter fresh(*cutter_);
        fresh.take_statistics(stats, which);
    }
}

void ModifierChain::take_statistics(Stats& stats, int which) {
    if (cutter_) cutter_->take_statistics(stats, which);
}

void ModifierChain::apply(Read& read, MatchInfo& info, Stats& stats, int which) {
    for (const auto& m : *modifiers_) {
        switch (m.kind) {
            case Modifier::Kind::Cut:
                if (m.value > 0) slice_read(read, m.value, static_cast<long>(read.sequence.size()));
                else if (m.value < 0) slice_read(read, 0, m.value);
                break;
            case Modifier::Kind::NextseqTrim: {
                int stop = nextseq_trim_index(read.sequence, read.qualities, m.value, quality_base_);
                *stats.quality_trimmed_bp[which] += static_cast<std::int64_t>(read.sequence.size()) - stop;
                slice_read(read, 0, stop);
                break;
            }
            case Modifier::Kind::QualityTrim: {
                auto [start, stop] =
                    quality_trim_index(read.qualities, m.cutoff_front, m.cutoff_back, quality_base_);
                *stats.quality_trimmed_bp[which] += static_cast<std::int64_t>(read.sequence.size()) - (stop - start);
                slice_read(read, start, stop);
                break;
            }
            case Modifier::Kind::Adapters:
                cutter_->apply(read, info);
                break;
            case Modifier::Kind::Shorten:
                if (m.value >= 0) slice_read(read, 0, m.value);
                else slice_read(read, m.value, static_cast<long>(read.sequence.size()));
                break;
            case Modifier::Kind::TrimN: {
                const std::string& s = read.sequence;
                std::size_t start = 0;
                while (start < s.size() && s[start] == 'N') ++start;
                std::size_t stop = s.size();
                while (stop > 0 && s[stop - 1] == 'N') --stop;
                // All-N reads: Python gives read[len:0] == empty.
                if (stop < start) stop = start;
                slice_read(read, static_cast<long>(start), static_cast<long>(stop));
                break;
            }
        }
    }

}

}  // namespace ringtrim::core

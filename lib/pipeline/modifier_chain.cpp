#include "lib/pipeline/modifier_chain.hpp"

#include <algorithm>
#include <tuple>

#include "lib/trim/adapters.hpp"
#include "lib/trim/poly_x.hpp"
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

ModifierChain::ModifierChain(const std::vector<Modifier>& modifiers, int quality_base)
    : modifiers_(&modifiers), quality_base_(quality_base) {
    taggers_.resize(modifiers.size());
    for (std::size_t i = 0; i < modifiers.size(); ++i)
        if (modifiers[i].kind == Modifier::Kind::LengthTag)
            taggers_[i] = std::make_unique<LengthTagger>(modifiers[i].text);
}

std::string_view ModifierChain::last_adapter_name(const MatchInfo& info) const {
    if (info.empty()) return "no_adapter";
    if (named_adapters_ == nullptr) return "no_adapter";
    return (*named_adapters_)[static_cast<std::size_t>(info.back().adapter)].name();
}

ModifierChain::~ModifierChain() = default;
ModifierChain::ModifierChain(ModifierChain&&) noexcept = default;
ModifierChain& ModifierChain::operator=(ModifierChain&&) noexcept = default;

void ModifierChain::declare(StatsLayout& layout, int which) const {
    const auto mate = static_cast<std::size_t>(which);
    for (const auto& m : *modifiers_) {
        if (m.kind == Modifier::Kind::QualityTrim || m.kind == Modifier::Kind::NextseqTrim)
            layout.quality_trimming[mate] = true;
        if (m.kind == Modifier::Kind::PolyA) layout.poly_a[mate] = true;
        if (m.kind == Modifier::Kind::PolyG) layout.poly_tail[static_cast<std::size_t>(PolyTail::G)][mate] = true;
        if (m.kind == Modifier::Kind::PolyX) layout.poly_tail[static_cast<std::size_t>(PolyTail::X)][mate] = true;
    }
}

void ModifierChain::apply(Read& read, const MatchInfo& info, ReadExtras& extras, Stats& stats, int which) {
    for (std::size_t i = 0; i < modifiers_->size(); ++i) {
        const Modifier& m = (*modifiers_)[i];
        switch (m.kind) {
            case Modifier::Kind::Cut: {
                const long n = static_cast<long>(read.sequence.size());
                if (m.value > 0) {
                    extras.cut_prefix.assign(read.sequence, 0, static_cast<std::size_t>(std::min<long>(m.value, n)));
                    slice_read(read, m.value, n);
                } else if (m.value < 0) {
                    const long start = std::max(0L, n + m.value);
                    extras.cut_suffix.assign(read.sequence, static_cast<std::size_t>(start));
                    slice_read(read, 0, m.value);
                }
                break;
            }
            case Modifier::Kind::NextseqTrim: {
                int stop = nextseq_trim_index(read.sequence, read.qualities, m.value, quality_base_);
                stats.quality_trimmed_bp[which] += static_cast<std::int64_t>(read.sequence.size()) - stop;
                slice_read(read, 0, stop);
                break;
            }
            case Modifier::Kind::QualityTrim: {
                auto [start, stop] = quality_trim_index(read.qualities, m.cutoff_front, m.cutoff_back, quality_base_);
                stats.quality_trimmed_bp[which] += static_cast<std::int64_t>(read.sequence.size()) - (stop - start);
                slice_read(read, start, stop);
                break;
            }
            case Modifier::Kind::PolyG:
            case Modifier::Kind::PolyX: {
                const bool g = m.kind == Modifier::Kind::PolyG;
                const int stop =
                    g ? poly_x_trim_index(read.sequence, 'G', m.value) : poly_any_trim_index(read.sequence, m.value);
                const auto removed = static_cast<std::int64_t>(read.sequence.size()) - stop;
                if (removed == 0) break;
                const auto t = static_cast<std::size_t>(g ? PolyTail::G : PolyTail::X);
                stats.poly_trimmed_reads[t][which] += 1;
                stats.poly_trimmed_bp[t][which] += removed;
                slice_read(read, 0, stop);
                break;
            }
            case Modifier::Kind::Shorten:
                if (m.value >= 0)
                    slice_read(read, 0, m.value);
                else
                    slice_read(read, m.value, static_cast<long>(read.sequence.size()));
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
            case Modifier::Kind::LengthTag: taggers_[i]->apply(read); break;
            case Modifier::Kind::StripSuffix: strip_name_suffix(read, m.text); break;
            case Modifier::Kind::PrefixSuffix:
                add_name_prefix_suffix(read, m.text, m.text2, last_adapter_name(info));
                break;
            case Modifier::Kind::ZeroCap: cap_qualities_at_zero(read, quality_base_); break;
            case Modifier::Kind::PolyA: {
                const long n = static_cast<long>(read.sequence.size());
                const long index = poly_a_trim_index(read.sequence, m.head);
                // Every read is counted, untrimmed ones as length 0 (cutadapt's PolyATrimmer).
                if (m.head) {
                    ++stats.poly_a_lengths[which][static_cast<int>(index)];
                    slice_read(read, index, n);
                } else {
                    ++stats.poly_a_lengths[which][static_cast<int>(n - index)];
                    slice_read(read, 0, index);
                }
                break;
            }
        }
    }
}

}  // namespace ringtrim::core

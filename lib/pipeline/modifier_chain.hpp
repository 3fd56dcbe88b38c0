// ModifierChain: the read modifiers of one read (or one mate), applied in
// cutadapt's order, with their counters.
//
// The single-end Pipeline runs one chain; the paired-end pipeline runs one per
// mate (cutadapt's PairedEndModifierWrapper). A chain owns its AdapterCutter
// copy and scratch; no per-read allocation after warm-up. Never crosses
// processes (each worker builds its own from the Modifier list).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "lib/fastq/read.hpp"
#include "lib/pipeline/modifiers.hpp"
#include "lib/report/stats.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

class Adapter;
class AdapterCutter;
struct Modifier;

// read[start:stop] with Python slice semantics on sequence and qualities.
void slice_read(Read& read, long start, long stop);

class ModifierChain {
public:
    ModifierChain(const std::vector<Modifier>& modifiers, const AdapterCutter* cutter, int quality_base);
    ~ModifierChain();
    ModifierChain(ModifierChain&&) noexcept;
    ModifierChain& operator=(ModifierChain&&) noexcept;

    // Applies every modifier to `read`; `info` (cleared by the caller) records
    // the adapter matches. Adds quality-trimmed bases to
    // stats.quality_trimmed_bp[which].
    void apply(Read& read, MatchInfo& info, Stats& stats, int which);
    // The same, also recording the -u cuts in `extras` (cleared by the caller).
    void apply(Read& read, MatchInfo& info, ReadExtras& extras, Stats& stats, int which);

    // Adds the adapter cutter's counters to stats (with_adapters[which],
    // adapters[which]) and resets them; call once per chunk.
    void take_statistics(Stats& stats, int which);

    // Marks in `layout` every counter this chain reports, with its adapters'
    // descriptions; once per run.
    void declare(StatsLayout& layout, int which) const;

    bool has_adapters() const { return cutter_ != nullptr; }
    // nullptr without adapters.
    const AdapterCutter* cutter() const { return cutter_.get(); }
    // Name of the adapter of the last match in `info`, or "no_adapter".
    std::string_view last_adapter_name(const MatchInfo& info) const;
    // For a chain without its own cutter that runs after adapters were cut
    // elsewhere (the paired-end "after" chains): the adapters that `info`'s
    // match indices refer to, for {name} in -x/-y and --rename. The list must
    // outlive the chain.
    void set_adapter_names(const std::vector<Adapter>* adapters) { named_adapters_ = adapters; }

private:
    const std::vector<Modifier>* modifiers_;
    std::unique_ptr<AdapterCutter> cutter_;
    const std::vector<Adapter>* named_adapters_ = nullptr;
    int quality_base_;
    // Per modifier, built once: LengthTag regexes and Rename templates.
    std::vector<std::unique_ptr<LengthTagger>> taggers_;
    std::vector<std::vector<TemplateToken>> templates_;
    ReadExtras extras_;      // for the apply() without extras
    std::string scratch_;    // rename output, match sequence
    std::string scratch2_;
};

}  // namespace ringtrim::core

// ModifierChain: the read modifiers of one read (or one mate), applied in
// cutadapt's order, with their counters.
//
// The Pipeline runs two chains per mate, one before and one after adapter
// trimming (cutadapt's PairedEndModifierWrapper; single-end is one mate). A
// chain owns its scratch; no per-read allocation after warm-up. Never
// crosses processes (each worker builds its own from the Modifier list).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "lib/fastq/read.hpp"
#include "lib/pipeline/modifier.hpp"
#include "lib/pipeline/modifiers.hpp"
#include "lib/report/stats.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

class Adapter;

// read[start:stop] with Python slice semantics on sequence and qualities.
void slice_read(Read& read, long start, long stop);

class ModifierChain {
public:
    ModifierChain(const std::vector<Modifier>& modifiers, int quality_base);
    ~ModifierChain();
    ModifierChain(ModifierChain&&) noexcept;
    ModifierChain& operator=(ModifierChain&&) noexcept;

    // Applies every modifier to `read`, recording the -u cuts in `extras`
    // (cleared by the caller); `info` holds the adapter matches so far ({name}
    // in -x/-y). Adds trimmed bases to stats.quality_trimmed_bp[which] and the
    // other counters of the chain's modifiers.
    void apply(Read& read, const MatchInfo& info, ReadExtras& extras, Stats& stats, int which);

    // Marks in `layout` every counter this chain reports; once per run.
    void declare(StatsLayout& layout, int which) const;

    // Name of the adapter of the last match in `info`, or "no_adapter".
    std::string_view last_adapter_name(const MatchInfo& info) const;
    // The adapters that `info`'s match indices refer to, for {name} in -x/-y.
    // The list must outlive the chain.
    void set_adapter_names(const std::vector<Adapter>* adapters) { named_adapters_ = adapters; }

private:
    const std::vector<Modifier>* modifiers_;
    const std::vector<Adapter>* named_adapters_ = nullptr;
    int quality_base_;
    // Per modifier, built once: LengthTag regexes.
    std::vector<std::unique_ptr<LengthTagger>> taggers_;
};

}  // namespace ringtrim::core

// MatchInfo: the adapter matches found in one read (cutadapt's
// ModificationInfo.matches and is_rc), for the steps after adapter trimming:
// --info-file, --rest-file, --wildcard-file, --rename ({adapter_name},
// {match_sequence}, {rc}), demultiplexing and --discard-(un)trimmed.
//
// A worker keeps one MatchInfo per mate and calls clear() before each read;
// slots are reused, so after warm-up recording a match allocates nothing.
// Each Match owns a copy of the sequence it was matched against. Never
// crosses processes.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "lib/trim/adapters.hpp"

namespace ringtrim::core {

class MatchInfo {
public:
    void clear() {
        size_ = 0;
        is_rc.reset();
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Whether any adapter was found (the read counts as "trimmed").
    bool trimmed() const { return size_ != 0; }
    // REQUIRES: i < size()
    const Match& operator[](std::size_t i) const { return matches_[i]; }
    // REQUIRES: !empty(). The most recent match (demultiplexing, rest file, rename).
    const Match& back() const { return matches_[size_ - 1]; }

    // A slot for one more match (its previous contents are stale).
    Match& append() {
        if (size_ == matches_.size()) matches_.emplace_back();
        return matches_[size_++];
    }
    // Drops the most recent match. REQUIRES: !empty()
    void pop_back() { --size_; }

    // --revcomp: whether the reverse complement was used (nullopt without --revcomp).
    std::optional<bool> is_rc;

private:
    std::vector<Match> matches_;
    std::size_t size_ = 0;
};

}  // namespace ringtrim::core

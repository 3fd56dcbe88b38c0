// Read: one sequencing record as the pipeline modifies it.
//
// A Read owns its bytes (std::string members), but a worker keeps one Read
// (or one per mate) and reassigns it record after record, so after warm-up
// no record allocates: assign() reuses the capacity. Never crosses processes.
#pragma once

#include <string>
#include <string_view>

namespace ringtrim::core {

struct Read {
    std::string name;  // header line without the leading '@' or '>'
    std::string sequence;
    std::string qualities;  // empty for FASTA records

    std::size_t size() const { return sequence.size(); }

    // The part of `name` up to the first space or tab (cutadapt's `id`).
    std::string_view id() const {
        auto pos = name.find_first_of(" \t");
        return std::string_view(name).substr(0, pos);
    }
};

}  // namespace ringtrim::core

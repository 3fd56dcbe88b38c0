// Read: one sequencing record as the pipeline modifies it.
//
// A Read owns its bytes (std::string members), but a worker keeps one Read
// (or one per mate) and reassigns it record after record, so after warm-up
// no record allocates: assign() reuses the capacity. Never crosses processes.
#pragma once

#include <string>
#include <string_view>

namespace ringtrim::core {

// The part of a record's name up to the first space or tab (cutadapt's
// `id`). One pass: find_first_of(" \t") calls memchr once per byte of the
// name, which showed as 4 % of a paired run (records_are_mates).
inline std::string_view record_id(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] != ' ' && name[i] != '\t') ++i;
    return name.substr(0, i);
}

struct Read {
    std::string name;  // header line without the leading '@' or '>'
    std::string sequence;
    std::string qualities;  // empty for FASTA records

    std::size_t size() const { return sequence.size(); }

    // The part of `name` up to the first space or tab (cutadapt's `id`).
    std::string_view id() const { return record_id(name); }
};

}  // namespace ringtrim::core

// MemberSource: whole gzip members that say their lines, placed uninflated
// (chunk_source.hpp), and the worker's step that inflates them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "apps/roles/chunk_source.hpp"
#include "ipc/io/input.hpp"

namespace ringtrim::roles {

class MemberSource : public ChunkSource {
public:
    // `members[s]` reads input s from its start. `state` must outlive the source.
    MemberSource(ReadState& state, std::vector<std::unique_ptr<io::GzipMemberReader>> members);

    // Whole members of each file (for paired files with as many records
    // each), at most `cap` bytes per file both compressed and inflated. From
    // the first member that does not say (or whose mate holds other records):
    // kSwitch.
    Next next(char* const buf[2], std::size_t cap) override;
    std::vector<InputStream> hand_over() override;

private:
    // Whether the next member of every input holds whole records (pairs) and
    // as many as its mate's; their fields in f.
    bool next_usable(io::RtField f[2]) const;

    ReadState& state_;
    std::vector<std::unique_ptr<io::GzipMemberReader>> members_;
};

// A worker's step for a kGzipMembers chunk: inflates `members` into `out`
// (replacing it); the messages name `display`. Throws io::IoError.
void inflate_members(std::string_view members, const std::string& display, std::string& out);

}  // namespace ringtrim::roles

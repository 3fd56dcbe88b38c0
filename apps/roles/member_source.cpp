#include "apps/roles/member_source.hpp"

#include <algorithm>

#include "lib/fastq/parse.hpp"

namespace ringtrim::roles {

MemberSource::MemberSource(ReadState& state, std::vector<std::unique_ptr<io::GzipMemberReader>> members)
    : state_(state), members_(std::move(members)) {}

bool MemberSource::next_usable(io::RtField f[2]) const {
    for (std::size_t i = 0; i < members_.size(); ++i) {
        const std::uint64_t lines_per_unit = core::kFastqRecordLines * (i == 0 ? state_.shape.record_multiple : 1);
        if (!members_[i]->peek(f[i]) || f[i].lines % lines_per_unit != 0 || (f[i].flags & 1) == 0) return false;
    }
    return members_.size() == 1 || f[0].lines == f[1].lines;
}

ChunkSource::Next MemberSource::next(char* const buf[2], std::size_t cap) {
    const std::size_t inputs = members_.size();
    Next out{Next::kChunk, {}};
    ipc::ProducedChunk& chunk = out.chunk;
    std::size_t inflated[2] = {0, 0};  // the data of the members taken, per input
    std::uint64_t member_lines = 0;    // of input 0
    io::RtField f[2];
    while (next_usable(f)) {
        bool fits = true;
        for (std::size_t i = 0; i < inputs; ++i)
            fits = fits && chunk.len[i] + f[i].member_bytes <= cap && inflated[i] + f[i].data_bytes <= cap;
        if (!fits) {
            if (chunk.len[0] == 0) {  // one member (pair) larger than a slot: a chunk of its own
                for (std::size_t i = 0; i < inputs; ++i) {
                    chunk.large_bytes[i].resize(f[i].member_bytes);
                    members_[i]->take(chunk.large_bytes[i].data(), f[i].member_bytes);
                    chunk.len[i] = f[i].member_bytes;
                }
                member_lines = f[0].lines;
                chunk.large = true;
            }
            break;
        }
        for (std::size_t i = 0; i < inputs; ++i) {
            members_[i]->take(buf[i] + chunk.len[i], f[i].member_bytes);
            chunk.len[i] += f[i].member_bytes;
            inflated[i] += f[i].data_bytes;
        }
        member_lines += f[0].lines;
    }
    if (chunk.len[0] > 0) {
        core::ChunkCut cut;
        cut.kind = core::ChunkCut::Kind::kChunk;
        cut.records = member_lines / core::kFastqRecordLines;
        cut.lines = member_lines;
        chunk.records = cut.records;
        chunk.lines = cut.lines;
        chunk.encoding = encoding::kGzipMembers;
        state_.count(cut);
        return out;
    }
    const bool ended = std::all_of(members_.begin(), members_.end(), [](const auto& m) { return m->at_end(); });
    // A member that does not say (or unequal mates): inflate from here on,
    // from a record boundary (every member before held whole records).
    return {ended ? Next::kEnd : Next::kSwitch, {}};
}

std::vector<InputStream> MemberSource::hand_over() {
    // A file that has ended reads as empty, so the cutter reports unequal files.
    std::vector<InputStream> streams;
    for (auto& m : members_) {
        io::InputFile rest = m->at_end() ? io::InputFile::from_memory({}, m->display_name()) : std::move(*m).rest();
        streams.emplace_back(std::move(rest), state_.capacity);
    }
    members_.clear();
    return streams;
}

void inflate_members(std::string_view members, const std::string& display, std::string& out) {
    io::InputFile in = io::InputFile::from_memory(members, display);
    std::size_t n = 0;
    // Grown, never re-zeroed beyond the last chunk's size.
    out.resize(std::max<std::size_t>(out.size(), members.size() * 4));
    for (;;) {
        n += in.read_full(out.data() + n, out.size() - n);
        if (in.at_end()) break;
        out.resize(out.size() * 2);
    }
    out.resize(n);
}

}  // namespace ringtrim::roles

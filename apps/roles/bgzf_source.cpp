#include "apps/roles/bgzf_source.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "ipc/io/error.hpp"

namespace ringtrim::roles {

std::size_t bgzf_data_offset(std::size_t raw) { return (raw + kBgzfHeadroom + 63) / 64 * 64; }

std::size_t bgzf_min_capacity() { return bgzf_data_offset(io::kBgzfMaxBlockBytes) + io::kBgzfMaxBlockBytes; }

BgzfSource::BgzfSource(ReadState& state, std::vector<std::unique_ptr<io::GzipMemberReader>> members)
    : state_(state), members_(std::move(members)) {}

bool BgzfSource::must_wait() {
    if (pending_.empty()) return false;
    for (auto& m : members_) {
        io::GzipMemberReader::BgzfBlock b;
        if (!m->at_end() && !m->peek_bgzf(b)) return true;
    }
    return false;
}

ChunkSource::Next BgzfSource::next(char* const buf[2], std::size_t cap) {
    const std::size_t inputs = members_.size();
    io::GzipMemberReader::BgzfBlock block[2];
    bool ended[2] = {true, true};
    for (std::size_t s = 0; s < inputs; ++s) {
        ended[s] = members_[s]->at_end();
        if (!ended[s] && !members_[s]->peek_bgzf(block[s])) {
            if (!pending_.empty()) throw std::logic_error("internal error: BGZF input left while chunks wait");
            return {Next::kSwitch, {}};
        }
    }
    if (ended[0] && ended[1]) return {};  // the last chunk placed was final
    Next out{Next::kChunk, {}};
    std::size_t* raw = out.chunk.len;
    std::size_t inflated[2] = {0, 0};
    for (;;) {
        // Paired files: the file behind in its share of the bytes goes next,
        // so that the chunk holds about as many records of each.
        std::size_t s = 0;
        if (inputs == 2)
            s = ended[0]                                                                             ? 1
                : ended[1]                                                                           ? 0
                : static_cast<double>(inflated[0]) * state_.ratio <= static_cast<double>(inflated[1]) ? 0
                                                                                                      : 1;
        if (ended[s] || !members_[s]->peek_bgzf(block[s])) break;
        const io::GzipMemberReader::BgzfBlock& b = block[s];
        if (bgzf_data_offset(raw[s] + b.member_bytes) + inflated[s] + b.data_bytes > cap) break;
        members_[s]->take(buf[s] + raw[s], b.member_bytes);
        raw[s] += b.member_bytes;
        inflated[s] += b.data_bytes;
        ended[s] = members_[s]->at_end();
    }
    RawChunk placed;
    for (std::size_t s = 0; s < inputs; ++s) placed.ended[s] = members_[s]->at_end();
    if (inputs == 1) placed.ended[1] = true;
    pending_.push_back(placed);
    out.chunk.prepare = true;
    out.chunk.encoding = encoding::kBgzf;
    return out;
}

std::vector<InputStream> BgzfSource::hand_over() {
    std::vector<InputStream> streams;
    for (std::size_t i = 0; i < members_.size(); ++i) {
        auto& m = members_[i];
        io::InputFile rest = m->at_end() ? io::InputFile::from_memory({}, m->display_name()) : std::move(*m).rest();
        streams.emplace_back(std::move(rest), state_.capacity, carry_[i]);
        carry_[i].clear();
    }
    members_.clear();
    return streams;
}

ipc::ProducedChunk BgzfSource::finish(char* const buf[2], const ipc::ProducedChunk& prepared) {
    if (pending_.empty()) throw std::logic_error("internal error: no raw chunk to finish");
    const RawChunk placed = pending_.front();
    pending_.pop_front();
    const std::size_t inputs = state_.inputs;
    const bool last = placed.ended[0] && placed.ended[1];
    // The bytes carried over go right before the prepared ones (which the
    // worker kept within the slot), when they fit.
    bool fits = true;
    for (std::size_t s = 0; s < inputs; ++s) fits = fits && carry_[s].size() <= prepared.offset[s];
    std::string_view data[2];
    std::size_t start[2] = {0, 0};
    for (std::size_t s = 0; s < inputs; ++s) {
        const std::string_view fresh(buf[s] + prepared.offset[s], prepared.len[s]);
        if (fits) {
            start[s] = prepared.offset[s] - carry_[s].size();
            std::memcpy(buf[s] + start[s], carry_[s].data(), carry_[s].size());
            data[s] = std::string_view(buf[s] + start[s], carry_[s].size() + fresh.size());
        } else {
            joined_[s].assign(carry_[s]);
            joined_[s].append(fresh);
            data[s] = joined_[s];
        }
        buffered_[s] = {data[s], placed.ended[s]};
    }
    // A full buffer for the cutter: all of an input that has ended, as much
    // of the others as the shortest holds. At the end, everything (no
    // whole-unit rounding, which would leave bytes behind).
    std::size_t capacity = 0;
    for (std::size_t s = 0; s < inputs; ++s)
        if (last)
            capacity = std::max(capacity, data[s].size());
        else if (!placed.ended[s])
            capacity = capacity == 0 ? data[s].size() : std::min(capacity, data[s].size());
    core::ChunkShape shape = state_.shape;
    if (last) shape.unit_records = shape.record_multiple;
    // Capacity 0: at the end, nothing is left; before it, an input that goes
    // on has no bytes yet, so no record is whole.
    core::ChunkCut cut;
    if (capacity > 0)
        cut = core::cut_chunk({buffered_, inputs}, capacity, shape);
    else
        cut.kind = last ? core::ChunkCut::Kind::kEnd : core::ChunkCut::Kind::kLongRecord;
    if (last && cut.kind == core::ChunkCut::Kind::kLongRecord) {
        cut = core::cut_first_record({buffered_, inputs}, shape);
        if (cut.kind != core::ChunkCut::Kind::kChunk && cut.kind != core::ChunkCut::Kind::kUnequal)
            state_.throw_too_large(0, ReadState::kMaxRecordBytes);
    }
    if (cut.kind == core::ChunkCut::Kind::kUnequal) state_.throw_unequal(cut.input);
    const bool taken_any = cut.kind == core::ChunkCut::Kind::kChunk;
    ipc::ProducedChunk chunk;
    chunk.large = !fits && taken_any;
    for (std::size_t s = 0; s < inputs; ++s) {
        const std::size_t keep = taken_any ? cut.bytes[s] : 0;
        if (chunk.large)
            chunk.large_bytes[s].assign(data[s].substr(0, keep));
        else
            chunk.offset[s] = start[s];
        chunk.len[s] = keep;
        cut_[s] += keep;
        const std::string_view rest = data[s].substr(keep);
        if (last && !rest.empty()) throw std::logic_error("internal error: the last BGZF chunk left bytes behind");
        if (rest.size() > ReadState::kMaxRecordBytes) state_.throw_too_large(s, ReadState::kMaxRecordBytes);
        carry_[s].assign(rest);
    }
    if (inputs == 2 && cut_[0] > 0 && cut_[1] > 0)
        state_.ratio = static_cast<double>(cut_[1]) / static_cast<double>(cut_[0]);
    if (taken_any) {
        chunk.records = cut.records;
        chunk.lines = cut.lines;
        state_.count(cut);
    }
    return chunk;
}

ipc::ProduceResult prepare_bgzf(const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap,
                                const std::string names[2], ipc::ProducedChunk& out) {
    for (std::size_t s = 0; s < 2 && buf[s] != nullptr; ++s) {
        const std::size_t base = bgzf_data_offset(raw.bytes[s].size());
        out.offset[s] = std::min(base, cap);
        out.len[s] = 0;
        if (raw.bytes[s].empty()) continue;
        const std::string display = names[s] == "-" ? "<stdin>" : names[s];
        try {
            if (base > cap) throw io::IoError(display, "BGZF blocks larger than the slot");
            io::InputFile in = io::InputFile::from_memory(raw.bytes[s], display);
            out.len[s] = in.read_full(buf[s] + base, cap - base);
            char more = 0;
            // The parent planned the room from the blocks' ISIZE; the decoder
            // checks ISIZE, so more data means a corrupt block it names.
            if (!in.at_end() && in.read_full(&more, 1) > 0)
                throw io::IoError(display, "corrupt BGZF data: blocks inflate to more than their ISIZE says");
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
    }
    return ipc::ProduceResult::chunk();
}

}  // namespace ringtrim::roles

#include "apps/roles/plain_source.hpp"

#include <cstring>

namespace ringtrim::roles {

PlainSource::PlainSource(ReadState& state, std::vector<InputStream> streams)
    : state_(state), streams_(std::move(streams)) {}

ChunkSource::Next PlainSource::next(char* const buf[2], std::size_t cap) {
    for (const InputStream& s : streams_)
        if (s.filled >= cap) return next_buffered(buf, cap);
    std::size_t total[2] = {0, 0};
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        std::memcpy(buf[i], s.buffer.data(), s.filled);
        total[i] = s.filled;
        s.filled = 0;
        if (!s.at_eof) {
            const std::size_t want = cap - total[i];
            const std::size_t got = s.file.read_full(buf[i] + total[i], want);
            total[i] += got;
            if (got < want) s.at_eof = true;
        }
        buffered_[i] = {std::string_view(buf[i], total[i]), s.at_eof};
    }
    const core::ChunkCut cut = core::cut_chunk({buffered_, streams_.size()}, cap, state_.shape);
    const bool chunk = cut.kind == core::ChunkCut::Kind::kChunk;
    std::size_t len[2] = {0, 0};
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::size_t keep = chunk ? cut.bytes[i] : 0;
        const std::size_t tail = total[i] - keep;
        if (s.buffer.size() < tail) s.buffer.resize(tail);
        std::memcpy(s.buffer.data(), buf[i] + keep, tail);
        s.filled = tail;
        len[i] = keep;
    }
    return conclude(cut, len);
}

ChunkSource::Next PlainSource::next_buffered(char* const buf[2], std::size_t cap) {
    for (auto& s : streams_) {  // full buffers: the cut must not depend on earlier reads
        if (s.buffer.size() < cap) s.buffer.resize(cap);
        s.fill();
    }
    const core::ChunkCut cut = core::cut_chunk(buffered(streams_, buffered_), cap, state_.shape);
    std::size_t len[2] = {0, 0};
    if (cut.kind == core::ChunkCut::Kind::kChunk) {
        for (std::size_t i = 0; i < streams_.size(); ++i) {
            InputStream& s = streams_[i];
            std::memcpy(buf[i], s.buffer.data(), cut.bytes[i]);
            len[i] = cut.bytes[i];
            s.consume(cut.bytes[i]);
        }
    }
    return conclude(cut, len);
}

ChunkSource::Next PlainSource::next_large() {
    // One record (pair) whatever its size: the chunk boundaries still depend
    // only on the input and --buffer-size.
    grow_to_whole_record(streams_, state_);
    const core::ChunkCut cut = core::cut_first_record(buffered(streams_, buffered_), state_.shape);
    if (cut.kind == core::ChunkCut::Kind::kUnequal) state_.throw_unequal(cut.input);
    if (cut.kind != core::ChunkCut::Kind::kChunk) state_.throw_too_large(0, ReadState::kMaxRecordBytes);
    Next out{Next::kChunk, {}};
    out.chunk.large = true;
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::size_t n = cut.bytes[i];
        out.chunk.large_bytes[i].assign(s.buffer.data(), n);
        out.chunk.len[i] = n;
        s.consume(n);
        // Back to the usual size once the long record is out.
        if (s.filled <= state_.capacity && s.buffer.size() > state_.capacity) {
            s.buffer.resize(state_.capacity);
            s.buffer.shrink_to_fit();
        }
        s.fill();
    }
    out.chunk.records = cut.records;
    out.chunk.lines = cut.lines;
    state_.count(cut);
    return out;
}

ChunkSource::Next PlainSource::conclude(const core::ChunkCut& cut, const std::size_t len[2]) {
    switch (cut.kind) {
        case core::ChunkCut::Kind::kEnd: return {};
        case core::ChunkCut::Kind::kUnequal: state_.throw_unequal(cut.input);
        case core::ChunkCut::Kind::kLongRecord:
        case core::ChunkCut::Kind::kNeedMore: return next_large();
        case core::ChunkCut::Kind::kChunk: break;
    }
    Next out{Next::kChunk, {}};
    out.chunk.len[0] = len[0];
    out.chunk.len[1] = len[1];
    out.chunk.records = cut.records;
    out.chunk.lines = cut.lines;
    state_.count(cut);
    return out;
}

}  // namespace ringtrim::roles

// PlainSource: the files read or inflated here (chunk_source.hpp).
#pragma once

#include <vector>

#include "apps/roles/chunk_source.hpp"

namespace ringtrim::roles {

class PlainSource : public ChunkSource {
public:
    // `state` must outlive the source.
    PlainSource(ReadState& state, std::vector<InputStream> streams);

    // The input is read or inflated straight into buf after the tail kept
    // from the last chunk, up to `cap` bytes, so that the cut sees a full
    // buffer; the bytes after the cut stay in the stream for the next call.
    Next next(char* const buf[2], std::size_t cap) override;

private:
    // next() while a stream holds `cap` bytes or more (the first chunk, or
    // after a long record): cut the stream's own buffer and copy.
    Next next_buffered(char* const buf[2], std::size_t cap);
    // A record (pair) longer than the slot: a chunk of its own.
    Next next_large();
    // After a cut that placed (kChunk) or did not: the step to return.
    Next conclude(const core::ChunkCut& cut, const std::size_t len[2]);

    ReadState& state_;
    std::vector<InputStream> streams_;
    core::BufferedInput buffered_[2];
};

}  // namespace ringtrim::roles

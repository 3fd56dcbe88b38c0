// The parent's input modes, one ChunkSource each, chosen when the files are
// opened (ChunkReader::start):
//
//   PlainSource   reads or inflates the files here and cuts after whole
//                 records (any input: plain, gzip, bzip2, xz, zstd, a pipe)
//   MemberSource  whole gzip members that say their lines (ringtrim's own
//                 output, io::GzipMemberReader), not inflated: the workers
//                 inflate them (ChunkEncoding kGzipMembers)
//   BgzfSource    raw BGZF blocks for the ring's workers to inflate
//                 (ChunkEncoding kBgzf, ProducedChunk::prepare), cut here
//                 once prepared (finish)
//
// A source that meets input it cannot serve (a member without the RT field,
// a block that is not BGZF) returns kSwitch; the reader then goes on with a
// PlainSource over the streams that hand_over() gives, which start where the
// source stopped, after the bytes it carried. Chunk boundaries depend only on
// the input, --buffer-size and the unit size. Errors throw io::IoError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "apps/roles/input_stream.hpp"
#include "ipc/base/chunk.hpp"

namespace ringtrim::roles {

// ProducedChunk::encoding values of the app (ipc carries them opaque).
namespace encoding {
// Whole gzip members of each file that say their lines: the worker inflates them.
inline constexpr ipc::ChunkTag kGzipMembers{1};
// Whole BGZF blocks of each file, placed raw: a worker inflates them into the
// slot (prepare_bgzf), the parent cuts them (BgzfSource::finish).
inline constexpr ipc::ChunkTag kBgzf{2};
}  // namespace encoding

class ChunkSource {
public:
    virtual ~ChunkSource() = default;

    struct Next {
        enum Kind : std::uint8_t { kChunk, kEnd, kSwitch };
        Kind kind = kEnd;
        ipc::ProducedChunk chunk;  // kChunk
    };
    // Places the next chunk into buf[0] (and buf[1] for paired files), each of
    // capacity `cap`, or in chunk.large_bytes for a record (pair) longer than
    // `cap`. kEnd: the input has ended, nothing placed. kSwitch: nothing
    // placed; the input goes on in another source (hand_over()).
    virtual Next next(char* const buf[2], std::size_t cap) = 0;
    // After kSwitch: the files from where this source stopped, each after the
    // bytes the source carried over.
    virtual std::vector<InputStream> hand_over() { return {}; }
    // True when next() must not run before every raw chunk placed so far is
    // finished (the input goes on with input that needs their carried bytes).
    virtual bool must_wait() { return false; }
    // Completes the oldest raw chunk placed and not finished (see BgzfSource).
    virtual ipc::ProducedChunk finish(char* const buf[2], const ipc::ProducedChunk& prepared);
};

}  // namespace ringtrim::roles

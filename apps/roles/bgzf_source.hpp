// BgzfSource: raw BGZF blocks for the ring's workers (chunk_source.hpp).
//
// A chunk goes round twice. The parent places whole blocks of each file
// (prepare set, encoding kBgzf); a worker inflates them into the same slot
// (prepare_bgzf); the parent then cuts the inflated bytes after their last
// whole unit, in placing order, and carries the rest over to the next chunk
// (finish):
//
//   slot input area:  [blocks][carry | inflated blocks         ][free]
//                     0       ^bgzf_data_offset(blocks) - carry
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "apps/roles/chunk_source.hpp"
#include "ipc/io/input.hpp"

namespace ringtrim::roles {

// Room kept free after the blocks for the bytes carried over.
inline constexpr std::size_t kBgzfHeadroom = std::size_t{64} << 10;
// Where the inflated bytes of a chunk of `raw` bytes of blocks start.
std::size_t bgzf_data_offset(std::size_t raw);
// The smallest --buffer-size that places BGZF input raw (one block of each
// file must fit).
std::size_t bgzf_min_capacity();

class BgzfSource : public ChunkSource {
public:
    // `members[s]` reads input s from its start. `state` must outlive the source.
    BgzfSource(ReadState& state, std::vector<std::unique_ptr<io::GzipMemberReader>> members);

    // Whole blocks of each file (of paired files, about as many records of
    // each), raw. From the first member that is not a BGZF block: kSwitch
    // (never while a raw chunk waits: must_wait()).
    Next next(char* const buf[2], std::size_t cap) override;
    std::vector<InputStream> hand_over() override;
    bool must_wait() override;
    // Prepends the bytes carried over from the chunk before, cuts after the
    // last whole unit (everything, at the end of the input) and keeps the
    // rest for the next one. The chunk's bytes are then at buf[s] +
    // chunk.offset[s], or in chunk.large_bytes when the carried bytes do not
    // fit before the prepared ones.
    ipc::ProducedChunk finish(char* const buf[2], const ipc::ProducedChunk& prepared) override;

private:
    ReadState& state_;
    std::vector<std::unique_ptr<io::GzipMemberReader>> members_;
    // Per raw chunk placed and not finished, in order: which inputs had
    // nothing left after it.
    struct RawChunk {
        bool ended[2] = {false, false};
    };
    std::deque<RawChunk> pending_;
    std::string carry_[2];           // bytes after the last finished chunk's cut
    std::string joined_[2];          // carry and prepared bytes, when they do not fit the slot
    std::uint64_t cut_[2] = {0, 0};  // bytes of each input finished so far
    core::BufferedInput buffered_[2];
};

// A worker's prepare step for a kBgzf chunk: inflates raw.bytes[s] (blocks of
// the file named names[s]) to buf[s] + bgzf_data_offset(...). Errors (corrupt
// or truncated data, blocks that inflate to more than their ISIZE said) are
// returned, naming the file, as the input's.
ipc::ProduceResult prepare_bgzf(const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap,
                                const std::string names[2], ipc::ProducedChunk& out);

}  // namespace ringtrim::roles

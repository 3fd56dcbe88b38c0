// Compression units and the segment frame that carries them from a worker to
// the writer. Pure: the compression itself comes in as a callback, so this
// code needs no compression library; it does no I/O and keeps no globals.
// Each object belongs to one process (a worker's UnitSplitter and
// SegmentBuilder, the writer's UnitJoiner); only the encoded segment bytes
// cross processes.
//
// The input is divided into compression units of K = unit_records records
// (records r with r / K equal form one unit). Each unit's output for a stream
// becomes exactly one member (gzip member, bzip2/xz stream, zstd frame), so a
// compressed file does not depend on where chunks end. A chunk's records fall
// into at most three kinds of piece (UnitSplitter):
//
//   units:     |   unit 2    |   unit 3    |   unit 4    |   unit 5    |
//   chunk:            [ head | whole unit  | whole unit  | tail ]
//                       ^ first_record                          ^ first_record + records
//
// head:  the rest of a unit begun in an earlier chunk (kHead); it closes the
//        unit unless the chunk ends inside that same unit
// whole: units that begin and end inside the chunk (kWhole), compressed by
//        the worker, one member each
// tail:  the start of a unit that a later chunk continues (kTail)
//
// The segment of one compressed stream for one chunk (SegmentBuilder,
// parse_segment), integers in the machine's byte order:
//
//   [u64 head_len][u64 head_closes (0/1)][u64 tail_len][head][members][tail]
//
// head and tail are raw output bytes. The writer (UnitJoiner) appends the
// head to its pending bytes, compresses the pending bytes when head_closes,
// writes the members as they are and keeps the tail pending; whatever is
// pending at the end (the last, partial unit) is compressed by finish().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/chunk/chunk_view.hpp"
#include "lib/fastq/parse.hpp"

namespace ringtrim::core {

// Compresses the output of one whole unit into one member appended to `out`.
using CompressUnit = std::function<void(std::string_view unit, std::string& out)>;
// Receives output bytes in file order.
using WriteBytes = std::function<void(std::string_view bytes)>;

// Records per compression unit for an input whose first record (pair) takes
// `first_record_bytes`: about 256 KiB of input per unit, a power of two
// between 2 and 1024 (even, so interleaved pairs never straddle units). A
// function of the input alone, never of --buffer-size.
std::uint64_t unit_records_for(std::size_t first_record_bytes);

enum class UnitPart : std::uint8_t { kHead, kWhole, kTail };

struct UnitPiece {
    ChunkView records;  // the piece's bytes and absolute position
    UnitPart part = UnitPart::kWhole;
};

// Cuts a chunk's records at unit boundaries, in order. Views point into the
// chunk's bytes.
class UnitSplitter {
public:
    // REQUIRES: chunk.bytes holds `records` whole records (and chunk.bytes2,
    // if not empty, as many); unit_records > 0 and a multiple of the
    // records that stay together (2 for interleaved pairs).
    UnitSplitter(const ChunkView& chunk, std::uint64_t records, std::uint64_t unit_records, SeqFormat format);

    // The next piece; false when the chunk is used up. A chunk of bytes
    // without a record (cut at EOF from FASTA text with no header) is one
    // piece (kHead or kTail, never compressed by itself), so the parser
    // still sees its bytes.
    bool next(UnitPiece& piece);
    // True when the chunk's head (empty when the chunk starts a unit) ends its unit.
    bool head_closes() const { return head_closes_; }

private:
    ChunkView rest_;  // bytes not yet handed out, and their position
    std::uint64_t first_;
    std::uint64_t end_;  // first record after the chunk
    std::uint64_t unit_;
    SeqFormat format_;
    bool head_closes_;
};

// One compressed stream's segment, as views into the encoded bytes.
struct SegmentFrame {
    std::string_view head;
    bool head_closes = false;
    std::string_view members;
    std::string_view tail;
};

// Appends the encoding of `frame` to `out`.
void append_segment(const SegmentFrame& frame, std::string& out);
// The frame encoded in `segment`, or nullopt when it is malformed (shorter
// than its header or than the lengths it declares, or head_closes not 0/1).
std::optional<SegmentFrame> parse_segment(std::string_view segment);

// Worker side, one per compressed stream: collects a chunk's pieces of output
// and encodes them as one segment. Reused across chunks.
class SegmentBuilder {
public:
    SegmentBuilder() { clear(); }
    void clear();
    // Adds the output of one piece: a whole unit is compressed at once, head
    // and tail bytes are kept raw. Pieces must come in UnitSplitter's order
    // (at most one head, then whole units, then at most one tail).
    // Return value: true when the piece was added; false, with the segment
    // unchanged, for a piece out of that order (a caller's bug: report it).
    [[nodiscard]] bool add(UnitPart part, std::string_view output, const CompressUnit& compress);
    // Moves the segment into `segment` (its old bytes are dropped) and starts
    // an empty one. The segment is built in place as pieces come, so its
    // members are never copied.
    void finish(bool head_closes, std::string& segment);

private:
    std::string segment_;  // the frame being built; its header is written by finish()
    std::uint64_t head_ = 0;
    std::uint64_t tail_ = 0;
    UnitPart last_ = UnitPart::kHead;
};

// Writer side, one per compressed stream: joins segments, in chunk order, into
// the stream's bytes. Unit pieces that chunks split are joined and compressed
// here, so every unit still becomes one member.
class UnitJoiner {
public:
    // Writes what `segment` completes. False (nothing written, nothing kept)
    // when the segment is malformed.
    bool join(std::string_view segment, const CompressUnit& compress, const WriteBytes& write);
    // Compresses and writes the pending bytes (the last, partial unit), if any.
    void finish(const CompressUnit& compress, const WriteBytes& write);

private:
    std::string pending_;  // raw output of the unit that is still open
    std::string member_;
};

}  // namespace ringtrim::core

// The chunk cutter: where the parent ends the next chunk, decided from the
// bytes it has buffered. Pure: no I/O, no allocation, nothing kept between
// calls. The caller owns the buffers, reads into them, and calls again.
//
//   input 0:  @r1 ... @r2 ... @r3 ... @r4 ... @r5 ..|.. @r6 ...   <- buffered bytes
//             |<----------- capacity ------------->|
//             |<--- cut.bytes[0]: whole records -->|               cut.records = 4
//   input 1:  @r1 ... @r2 ... @r3 ... @r4 ... @r5 ... @r6 ...      (paired: cut at the
//             |<--- cut.bytes[1] ---------------->|                 same record count)
//
// A chunk holds whole records (FASTQ: four lines, a line ending "\n" or
// "\r\n"; FASTA: up to the next header line), at most `capacity` bytes of each
// input, and as many records of input 1 as of input 0. When it holds at least
// one compression unit it holds whole units: a multiple of `unit_records`
// records (docs/design.md, "Output bytes"). Interleaved pairs (record_multiple
// 2) are never split. A record (pair) longer than `capacity` does not fit any
// chunk: cut_chunk() says kLongRecord and the caller reads the whole record
// into a larger buffer and takes it with cut_first_record().
//
// Chunk boundaries are a function of the input bytes, the capacity and the
// shape alone, as long as the caller hands over full buffers (see REQUIRES).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "lib/fastq/parse.hpp"

namespace ringtrim::core {

// Bytes of one input read but not yet cut into a chunk.
struct BufferedInput {
    std::string_view bytes;
    bool at_eof = false;  // nothing follows `bytes` in the input
};

// How chunks are cut; the same for the whole run.
struct ChunkShape {
    SeqFormat format = SeqFormat::Fastq;
    // Records that must stay together in input 0: 2 for interleaved pairs.
    // Input 1 (R2 of paired files) always uses 1.
    std::uint64_t record_multiple = 1;
    // Records per compression unit (a multiple of record_multiple).
    std::uint64_t unit_records = 1;
};

// The answer of the cutter. Return contract, by kind:
//   kChunk       bytes[i] of input i form the next chunk (bytes[1] = 0 for one
//                input); it holds `records` records and `lines` newlines of
//                input 0 (a final line without "\n" counts too).
//   kEnd         every input is exhausted (empty and at EOF).
//   kLongRecord  (cut_chunk) the first record (pair) is longer than
//                `capacity`: read it whole, then call cut_first_record().
//   kNeedMore    (cut_first_record) input `input` holds no whole record yet
//                and is not at EOF: read more of it and call again.
//   kUnequal     input `input` is exhausted while the other still has
//                records: the paired files are not in sync.
// At EOF the bytes after the last complete record are handed over as a final
// record even when incomplete: the parser judges them and names the record.
struct ChunkCut {
    enum class Kind : std::uint8_t { kChunk, kEnd, kLongRecord, kNeedMore, kUnequal };
    Kind kind = Kind::kEnd;
    std::size_t bytes[2] = {0, 0};
    std::uint64_t records = 0;
    std::uint64_t lines = 0;
    std::size_t input = 0;  // kNeedMore, kUnequal: which input
};

// The next chunk of at most `capacity` bytes per input. `inputs` holds one
// input, or two (R1, R2) for paired files.
// REQUIRES: 1 <= inputs.size() <= 2; capacity > 0; each input holds at least
// min(capacity, what is left of it) bytes (a full buffer unless at EOF).
ChunkCut cut_chunk(std::span<const BufferedInput> inputs, std::size_t capacity, const ChunkShape& shape);

// One record (pair) from the start of the inputs, however long. kChunk, kEnd,
// kNeedMore or kUnequal. unit_records is not used.
// REQUIRES: 1 <= inputs.size() <= 2.
ChunkCut cut_first_record(std::span<const BufferedInput> inputs, const ChunkShape& shape);

}  // namespace ringtrim::core

// ChunkView: the records of one chunk as the pipeline parses them, with their
// absolute position in the input. Views only: the bytes belong to the caller
// (a slot of the ring, the serial path's buffer, or a piece of either cut by
// UnitSplitter) and must outlive every use of the view. Plain values; never
// crosses processes itself (ipc::ChunkInput is the ring's view of a slot).
//
//   bytes:   R1 (or interleaved R1/R2) records, whole
//   bytes2:  R2 records of paired files, the same number; empty otherwise
//            ^ first_record records and first_line lines of bytes come before
#pragma once

#include <cstdint>
#include <string_view>

namespace ringtrim::core {

struct ChunkView {
    std::string_view bytes;          // R1 (or interleaved) records
    std::string_view bytes2;         // R2 records of paired files (same count)
    std::uint64_t first_record = 0;  // records before this chunk
    std::uint64_t first_line = 0;    // lines of `bytes`' input before this chunk
};

}  // namespace ringtrim::core

// One input file and the bytes read (or inflated) from it that no chunk has
// taken yet. Owned by the parent's current ChunkSource; a source that ends
// before the input does hands its streams, with the bytes it carried, to the
// next one (ChunkSource::hand_over).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/io/input.hpp"
#include "lib/chunk/cut.hpp"

namespace ringtrim::roles {

struct InputStream {
    io::InputFile file;
    std::string buffer;
    std::size_t filled = 0;
    bool at_eof = false;

    // The buffer starts small: chunks are read straight into the slots, and
    // the buffer holds only the first bytes (format, first record) and each
    // chunk's tail; it grows when a tail or a long record needs more.
    InputStream(const std::string& path, std::size_t capacity);
    InputStream(io::InputFile f, std::size_t capacity);
    // `file` from where it stands, after the bytes `carried` (a source's tail).
    InputStream(io::InputFile f, std::size_t capacity, std::string_view carried);
    static constexpr std::size_t kInitialBytes = std::size_t{256} << 10;

    std::string_view view() const { return {buffer.data(), filled}; }
    // Reads until the buffer is full or the file ends.
    void fill();
    // Drops the first n buffered bytes.
    void consume(std::size_t n);
};

// What every source shares and hands on: the records' shape, the position
// reached (for messages and first_record) and the files' names.
struct ReadState {
    core::ChunkShape shape;
    std::size_t capacity = 0;  // --buffer-size
    std::size_t inputs = 1;
    std::string names[2];      // display names of the inputs
    std::uint64_t records = 0;  // records (of input 0) placed so far
    std::uint64_t lines = 0;    // their lines
    double ratio = 1;           // bytes of input 1 per byte of input 0, to balance paired blocks

    // The longest record (pair) a chunk may hold: beyond it the input is
    // taken for garbage (no record end) and the run fails naming the record.
    static constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 31;

    // Counts the chunk `cut` just taken.
    void count(const core::ChunkCut& cut) {
        records += cut.records;
        lines += cut.lines;
    }
    // io::IoError naming the next record of input i, longer than `cap`.
    [[noreturn]] void throw_too_large(std::size_t i, std::size_t cap) const;
    // io::IoError: input `shorter` ended before its mate.
    [[noreturn]] void throw_unequal(std::size_t shorter) const;
};

// The streams' buffered bytes as the cutter takes them, in `out`.
std::span<const core::BufferedInput> buffered(const std::vector<InputStream>& streams, core::BufferedInput out[2]);

// Grows each stream's buffer until it holds one whole record (pair) or the
// input ends; throws io::IoError beyond ReadState::kMaxRecordBytes.
void grow_to_whole_record(std::vector<InputStream>& streams, const ReadState& state);

}  // namespace ringtrim::roles

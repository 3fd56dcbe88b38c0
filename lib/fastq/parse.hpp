// Record parsing and chunk cutting over byte spans.
//
// A chunk is a run of raw input bytes that holds whole records; the parent
// cuts chunks with find_chunk_end() and never parses, a worker parses a chunk
// with ChunkParser. Both work on caller-owned bytes: the views a parser hands
// out are valid until the chunk's bytes are released. Nothing here allocates
// per record, does I/O or crosses processes.
//
//   chunk bytes:  @r1\nACGT\n+\nIIII\n@r2\nAC\n+\nII\n@r3\nAC   <- tail (incomplete)
//                 ^first_record, first_line         ^find_chunk_end().bytes
//
// Positions in errors are absolute (1-based record and line numbers) because
// every chunk carries the number of the first record and line it holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/error/error.hpp"
#include "lib/fastq/read.hpp"

namespace ringtrim::core {

enum class SeqFormat : std::uint8_t { Fastq, Fasta };

// Lines of one FASTQ record (name, sequence, '+', qualities): the shape every
// FASTQ cut and every member's line count is measured in.
inline constexpr std::uint64_t kFastqRecordLines = 4;

// Where a buffer can be cut after whole records.
struct ChunkEnd {
    std::size_t bytes = 0;  // length of the prefix holding `records` whole records
    std::uint64_t records = 0;
    std::uint64_t lines = 0;  // newlines in that prefix
};

// The longest prefix of `buf` that holds whole records, at most `max_records`
// of them, and a multiple of `record_multiple` (2 for interleaved pairs).
// With `at_eof`, bytes after the last newline form a final (possibly
// incomplete) record and are included; the parser then judges them.
// FASTQ is cut after every fourth newline, never by searching for "\n@"
// (quality lines may start with '@'); FASTA before a line whose first
// non-blank byte is '>' (dnaio strips each line, so "  >name" is a header).
ChunkEnd find_chunk_end(std::string_view buf, SeqFormat format, bool at_eof, std::uint64_t max_records = UINT64_MAX,
                        std::uint64_t record_multiple = 1);

// Parses the records of one chunk in order.
// A FASTQ record's sequence and quality lines inside its chunk.
struct RecordLines {
    std::string_view sequence;
    std::string_view qualities;
};

class ChunkParser {
public:
    ChunkParser(std::string_view chunk, SeqFormat format, std::uint64_t first_record, std::uint64_t first_line);

    // Parses the next record into `read`. Returns false at the end of the
    // chunk or on an error (then error() is set).
    bool next(Read& read);
    const std::optional<Error>& error() const { return error_; }
    // Absolute number (1-based) of the last record returned by next().
    std::uint64_t record_number() const { return record_; }
    // The last FASTQ record's sequence and quality lines as they stand in
    // the chunk (what next() copied into the Read), so that a caller can
    // tell later whether the Read still holds them without a copy of its
    // own; nullopt for FASTA, whose sequence joins lines. Valid while the
    // chunk is.
    std::optional<RecordLines> last_lines() const {
        if (format_ != SeqFormat::Fastq) return std::nullopt;
        return last_lines_;
    }

private:
    bool next_fastq(Read& read);
    bool next_fasta(Read& read);
    bool fail(std::string message, std::uint64_t line);
    // Takes one line (without "\n" and a trailing "\r"); false at end of chunk.
    bool take_line(std::string_view& line);
    // The first newline not yet taken, or nullptr. Lines are taken in
    // order, so that is the lowest bit left in newlines_, the newlines of
    // the 64-byte block at chunk offset block_ (one vector compare per
    // block instead of a memchr per line).
    const char* next_newline();

    const char* chunk_;
    std::size_t size_;
    std::size_t block_ = 0;
    std::uint64_t newlines_ = 0;
    std::string_view rest_;
    SeqFormat format_;
    std::uint64_t record_;  // records returned so far, absolute
    std::uint64_t line_;    // lines consumed so far, absolute
    RecordLines last_lines_;  // FASTQ: last_lines()
    std::optional<Error> error_;
};

// First byte in `bytes` that is not ASCII (>= 0x80), or npos. Used before
// parsing to reject binary input as dnaio does. NUL and other control bytes
// are ASCII: cutadapt 4.2 accepts them and passes them through, and so do we.
std::size_t find_invalid_byte(std::string_view bytes);

// The first non-ASCII byte of `bytes` as an Error ("non-ASCII byte 0xc3
// in the input") naming its absolute 1-based record and line, or nullopt.
// REQUIRES: `bytes` starts at a record boundary, after `first_record`
// records and `first_line` lines. With `line_known` false the line is 0.
std::optional<Error> check_ascii(std::string_view bytes, SeqFormat format, std::uint64_t first_record,
                                 std::uint64_t first_line, bool line_known = true);

// Format from a file name as dnaio decides (extension after stripping .gz/.bz2/.xz/.zst):
// Fasta, Fastq or nullopt when the name says nothing.
std::optional<SeqFormat> format_from_name(std::string_view path);
// Format from the first byte of the content ('@' FASTQ, '>' or '#' FASTA,
// empty input FASTQ), or nullopt.
std::optional<SeqFormat> format_from_content(std::string_view head);

}  // namespace ringtrim::core

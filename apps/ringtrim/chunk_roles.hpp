// The three roles of a run, shared by the serial path (-j 1) and the ring
// (-j N), so that the bytes written never depend on the path, the worker count
// or the chunk size:
//
//   ChunkReader   (parent)  input file(s) -> chunk bytes cut after whole records
//   ChunkWorker   (worker)  chunk bytes -> one segment per output stream + Stats blob
//   OutputWriter  (writer)  segments in chunk order -> output files; Stats summed
//
// Cutting (core::cut_chunk) and the compression units with their segment
// frame (core::UnitSplitter, SegmentBuilder, UnitJoiner) are pure functions in
// lib/chunk/; these roles add the files, the buffers and the compression.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "apps/ringtrim/run.hpp"
#include "ipc/base/chunk.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "lib/chunk/chunk_view.hpp"
#include "lib/chunk/cut.hpp"
#include "lib/chunk/unit_frame.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::app {

// ProducedChunk::encoding of a chunk made of whole gzip members that say
// their lines (io::GzipMemberReader): the worker inflates them.
inline constexpr std::uint8_t kChunkGzipMembers = 1;

// Inflates a chunk of whole gzip members into `out` (replacing it); the
// messages name `display`. Throws io::IoError.
void inflate_members(std::string_view members, const std::string& display, std::string& out);

// ProducedChunk::encoding of a raw chunk of whole BGZF blocks (bgzip) of
// each file, placed by ChunkReader::next() with `prepare` set: a worker
// inflates them into the slot (prepare_bgzf), then the parent cuts the
// chunk after its last whole unit and carries the rest over to the next
// chunk (ChunkReader::finish_raw).
//
//   slot input area:  [blocks][carry | inflated blocks         ][free]
//                     0       ^bgzf_data_offset(blocks) - carry
inline constexpr std::uint8_t kChunkBgzf = 2;
// Room kept free after the blocks for the bytes carried over.
inline constexpr std::size_t kBgzfHeadroom = std::size_t{64} << 10;
// Where the inflated bytes of a chunk of `raw` bytes of blocks start.
std::size_t bgzf_data_offset(std::size_t raw);
// The smallest --buffer-size that places BGZF input raw (one block of each
// file must fit).
std::size_t bgzf_min_capacity();
// A worker's prepare step for a kChunkBgzf chunk: inflates raw.bytes[s]
// (blocks of the file named names[s]) to buf[s] + bgzf_data_offset(...).
// Errors (corrupt or truncated data, blocks that inflate to more than their
// ISIZE said) are returned, naming the file, as the input's.
ipc::ProduceResult prepare_bgzf(const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap,
                                const std::string names[2], ipc::ProducedChunk& out);

// One input file and the bytes read from it but not yet cut into a chunk.
struct InputStream {
    io::InputFile file;
    std::string buffer;
    std::size_t filled = 0;
    bool at_eof = false;

    InputStream(const std::string& path, std::size_t capacity);
    InputStream(io::InputFile f, std::size_t capacity);
    static constexpr std::size_t kInitialBytes = std::size_t{256} << 10;
    std::string_view view() const { return {buffer.data(), filled}; }
    void fill();
    void consume(std::size_t n);
};

// Parent role: cuts the input into chunks of whole records; paired files are
// cut at the same record count. Chunk boundaries depend only on the input,
// --buffer-size and the unit size (buffers are filled completely before
// cutting). Errors throw io::IoError.
class ChunkReader {
public:
    explicit ChunkReader(const RunPlan& plan);

    // nullopt: the content says neither FASTQ nor FASTA.
    std::optional<core::SeqFormat> detect_format(const std::string& path) const;
    void set_format(core::SeqFormat f) { shape_.format = f; }
    // Bytes of the first record (pair); 0 for empty input. REQUIRES: set_format().
    std::size_t first_record_bytes();
    // Chunks hold a multiple of this many records unless smaller than one unit.
    void set_unit_records(std::uint64_t n) { shape_.unit_records = n; }
    const std::string& name(std::size_t i) const { return streams_[i].file.display_name(); }

    // Places the next chunk into buf[0] (and buf[1] for paired files), each
    // of capacity `cap`: the input is read or inflated straight into buf, and
    // the bytes after the cut are kept for the next call. The boundaries are
    // those of cutting a full buffer of `cap` bytes. Returns false at the end of the input. A record
    // (pair) longer than `cap` (a nanopore read) becomes a chunk of its own
    // whose bytes go to large[0] (and large[1]) instead, with `is_large` set;
    // its length is limited only by kMaxRecordBytes.
    //
    // FASTQ from gzip files whose members say their size and lines
    // (ringtrim's own output, io::GzipMemberReader): the chunk is whole
    // members (of both files, with as many records each), not inflated, with
    // `encoding` kChunkGzipMembers (else 0), at most `cap` bytes per file both
    // compressed and inflated, so that workers inflate in parallel. From the
    // first member that does not say (or whose mate holds other records),
    // the files are inflated here as any other.
    bool next(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records, std::uint64_t& lines,
              std::string large[2], bool& is_large, std::uint8_t& encoding);

    // As next(), for a Producer; once allow_raw_bgzf() was called, BGZF
    // files (every input a regular file of BGZF blocks) are placed raw
    // instead: whole blocks, `prepare` set, encoding kChunkBgzf, for the
    // Finisher to complete with finish_raw(). From the first member that is
    // not a BGZF block the files are read here as any other.
    bool next(char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk);
    // Lets next() place BGZF input raw (the ring transport prepares raw
    // chunks; the others do not). No effect below bgzf_min_capacity().
    void allow_raw_bgzf() { raw_allowed_ = capacity_ >= bgzf_min_capacity(); }
    // True when next() must not run before every raw chunk placed so far is
    // finished: the input goes on with other members, which need the bytes
    // those chunks carry over.
    bool must_wait();
    // Completes the oldest raw chunk not yet finished (the chunks finish in
    // the order placed): prepends the bytes carried over from the chunk
    // before, cuts after the last whole unit (everything, at the end of the
    // input) and keeps the rest for the next one. The chunk's bytes are then
    // at buf[s] + chunk.offset[s], or in chunk.large_bytes when the carried
    // bytes do not fit before the prepared ones. Throws io::IoError.
    void finish_raw(char* const buf[2], const ipc::ProducedChunk& prepared, ipc::ProducedChunk& chunk);

    // The longest record (pair) a chunk may hold: beyond it the input is
    // taken for garbage (no record end) and the run fails naming the record.
    static constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 31;

private:
    // The streams' buffered bytes, as the cutter takes them.
    std::span<const core::BufferedInput> buffered();
    // Grows each stream's buffer until it holds one whole read (pair) or the
    // input ends; throws when that would exceed kMaxRecordBytes.
    void grow_to_whole_record();
    // next() while a stream holds `cap` bytes or more (the first chunk, or
    // after a long record): cut the stream's own buffer and copy.
    bool next_buffered(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
                       std::uint64_t& lines, std::string large[2], bool& is_large);
    // next() while in member mode; nullopt when member mode has ended here.
    std::optional<bool> next_members(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
                                     std::uint64_t& lines, std::string large[2], bool& is_large);
    // After a cut: false at the end, a long record's own chunk, or the chunk
    // `cut` (already placed) counted.
    bool conclude(const core::ChunkCut& cut, std::size_t len[2], std::uint64_t& records, std::uint64_t& lines,
                  std::string large[2], bool& is_large);
    bool next_large(std::size_t len[2], std::uint64_t& records, std::uint64_t& lines, std::string large[2]);
    // Counts the chunk `cut` just taken and reports its records and lines.
    bool taken(const core::ChunkCut& cut, std::uint64_t& records, std::uint64_t& lines);
    // next() in BGZF mode; false at the end of the input, or (with bgzf_
    // cleared) when the files go on with other members.
    bool next_bgzf(char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk);
    // Leaves BGZF mode: the files are decoded here from the next member on,
    // after the bytes carried over. REQUIRES: no raw chunk unfinished.
    void leave_bgzf();
    [[noreturn]] void throw_too_large(std::size_t i, std::size_t cap);
    [[noreturn]] void throw_unequal(std::size_t shorter);

    std::size_t capacity_;  // --buffer-size
    std::vector<InputStream> streams_;
    // Member mode (see next()): each file read raw, from its start, while
    // streams_ served format detection only. Empty: not in member mode.
    std::vector<std::unique_ptr<io::GzipMemberReader>> members_;
    bool rt_ = false;    // members_ read RT members (member mode)
    bool bgzf_ = false;  // members_ read BGZF blocks (BGZF mode, when allowed)
    bool raw_allowed_ = false;
    // Per raw chunk placed and not finished, in order: which inputs had
    // nothing left after it.
    struct RawChunk {
        bool ended[2] = {false, false};
    };
    std::deque<RawChunk> raw_pending_;
    std::string carry_[2];           // bytes after the last finished chunk's cut
    std::string joined_[2];          // carry and prepared bytes, when they do not fit the slot
    std::uint64_t cut_[2] = {0, 0};  // bytes of each input finished so far
    double ratio_ = 1;               // bytes of input 1 per byte of input 0, to balance blocks
    core::BufferedInput buffered_[2];
    core::ChunkShape shape_;
    std::uint64_t records_ = 0;
    std::uint64_t lines_ = 0;
};

// Worker role: the pipeline plus per-stream compression in units.
class ChunkWorker {
public:
    ChunkWorker(const RunPlan& plan, std::vector<io::Compression> compression, std::uint64_t unit_records);
    ~ChunkWorker();

    // Processes one chunk of `records` records; on malformed input sets
    // `error` (then segments and stats_blob are meaningless).
    // `encoding` kChunkGzipMembers: chunk.bytes are gzip members, inflated
    // here first and checked to hold 4 * records lines.
    void run(const core::ChunkView& chunk, std::uint64_t records, std::uint8_t encoding,
             std::vector<std::string>& segments, std::string& stats_blob, std::optional<std::string>& error);

private:
    // Runs the pipeline on `piece` into scratch_ (cleared first); false on error.
    bool run_piece(const core::ChunkView& piece, core::Stats& stats, std::optional<std::string>& error);

    std::unique_ptr<core::Pipeline> pipeline_;
    std::vector<io::Compression> compression_;
    std::vector<core::CompressUnit> compress_;  // per stream
    bool any_compressed_ = false;
    std::uint64_t unit_;
    core::SeqFormat format_;
    std::string names_[2];
    std::vector<std::string> scratch_;            // one piece's output per stream
    std::vector<std::string> raw_;                // per uncompressed stream: the chunk's output
    std::vector<core::SegmentBuilder> builders_;  // per compressed stream
    std::string inflated_[2];                     // a kChunkGzipMembers chunk, inflated
};

// Writer role: output files in chunk order, and the summed Stats.
class OutputWriter : public ipc::Consumer {
public:
    // Writes stream i of the plan to targets[i] (prepared by the parent's
    // io::OutputSet); finish() closes the files, the parent publishes them.
    OutputWriter(const RunPlan& plan, core::Stats initial, std::vector<io::Compression> compression,
                 const std::vector<io::OutputTarget>& targets);
    void consume(std::uint64_t seq, const std::vector<std::string_view>& segments, std::string_view blob) override;
    std::string finish() override;
    void abort() override;

private:
    core::WriteBytes write_to(std::size_t i);

    std::vector<io::OutputFile> files_;
    std::vector<io::Compression> compression_;
    std::vector<core::CompressUnit> compress_;
    std::vector<core::UnitJoiner> joiners_;  // per compressed stream: the open unit
    core::Stats total_;
};

}  // namespace ringtrim::app

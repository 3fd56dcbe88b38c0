// The parent's role: the input files cut into chunks of whole records, for
// paired files at the same record count. It opens the files, tells their
// format and first record, then places chunks through one ChunkSource per
// input mode (chunk_source.hpp), chosen by start():
//
//   ChunkReader reader(options);           // opens the files, reads their first bytes
//   auto format = reader.detect_format();
//   reader.first_record_bytes(*format);    // the unit size comes from it
//   reader.start(*format, unit_records, raw_allowed);
//   while (auto chunk = reader.next(buf, cap)) ...
//
// Chunk boundaries depend only on the input, --buffer-size and the unit size.
// Errors throw io::IoError.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/roles/chunk_source.hpp"
#include "apps/roles/options.hpp"
#include "ipc/io/input.hpp"

namespace ringtrim::roles {

class ChunkReader {
public:
    explicit ChunkReader(const ReaderOptions& options);
    ~ChunkReader();

    // nullopt: neither the first file's name nor its content says FASTQ or FASTA.
    std::optional<core::SeqFormat> detect_format() const;
    // Bytes of the first record (pair) in `format`; 0 for empty input.
    std::size_t first_record_bytes(core::SeqFormat format);
    // Chooses the source. `unit_records`: chunks hold a multiple of this many
    // records unless smaller than one unit. `raw_allowed`: BGZF input may be
    // placed raw for the workers to inflate (the ring transport prepares raw
    // chunks, the others do not; also needs --buffer-size >= bgzf_min_capacity()).
    void start(core::SeqFormat format, std::uint64_t unit_records, bool raw_allowed);

    // The next chunk, placed into buf[0] (and buf[1] for paired files), each
    // of capacity `cap`, or in its large_bytes (a record longer than `cap`);
    // nullopt at the end of the input. REQUIRES: start().
    std::optional<ipc::ProducedChunk> next(char* const buf[2], std::size_t cap);
    // True when next() must wait until every raw chunk placed is finished.
    bool must_wait() { return source_->must_wait(); }
    // Completes the oldest raw chunk not yet finished (chunks finish in the
    // order placed): BgzfSource::finish.
    ipc::ProducedChunk finish_raw(char* const buf[2], const ipc::ProducedChunk& prepared) {
        return source_->finish(buf, prepared);
    }

    const std::string& name(std::size_t i) const { return state_.names[i]; }

private:
    ReadState state_;
    // Open from the start: they serve format detection and the first record,
    // then the PlainSource (unless a member or BGZF source reads the files).
    std::vector<InputStream> streams_;
    // A second handle on each file from its start, for the member and BGZF
    // sources; empty when the files are not all regular gzip files.
    std::vector<std::unique_ptr<io::GzipMemberReader>> members_;
    bool rt_ = false;    // every file starts with an RT member
    bool bgzf_ = false;  // every file starts with a BGZF block
    std::unique_ptr<ChunkSource> source_;
};

}  // namespace ringtrim::roles

// The worker's role: one chunk's records through the pipeline, then each
// output stream compressed in units (core::UnitSplitter, SegmentBuilder), so
// that the bytes written never depend on the worker count or the chunk size.
// One per worker process, built there after the fork; not shared.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/roles/options.hpp"
#include "ipc/base/chunk.hpp"
#include "lib/chunk/chunk_view.hpp"
#include "lib/chunk/unit_frame.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::roles {

// Compresses one unit's output into one member of `kind`; a gzip member says
// its size and lines in its header (io::MemberNote), so that a later run can
// hand whole members to workers uninflated (MemberSource). The units of one
// role share its codec state.
core::CompressUnit unit_compressor(io::Compression kind, int level, std::shared_ptr<io::Compressor> codec);

class ChunkWorker {
public:
    explicit ChunkWorker(WorkerOptions options);
    ~ChunkWorker();

    // Processes one chunk into out (one segment per output stream and the
    // Stats blob); on malformed input sets out.error (as an input error).
    // A kGzipMembers chunk is inflated first and checked to hold the lines
    // its members said.
    void run(const ipc::ChunkInput& in, ipc::ChunkOutput& out);

private:
    void process(const ipc::ChunkInput& in, ipc::ChunkOutput& out);
    // Runs the pipeline on `piece` into scratch_ (cleared first); false on error.
    bool run_piece(const core::ChunkView& piece, core::Stats& stats, std::optional<std::string>& error);
    // Inflates a kGzipMembers chunk's bytes in place (into inflated_); false on error.
    bool inflate(core::ChunkView& chunk, std::uint64_t records, std::optional<std::string>& error);

    WorkerOptions options_;
    std::unique_ptr<core::Pipeline> pipeline_;
    std::vector<core::CompressUnit> compress_;  // per stream
    bool any_compressed_ = false;
    std::vector<std::string> scratch_;            // one piece's output per stream
    std::vector<std::string> raw_;                // per uncompressed stream: the chunk's output
    std::vector<core::SegmentBuilder> builders_;  // per compressed stream
    std::string inflated_[2];                     // a kGzipMembers chunk, inflated
};

}  // namespace ringtrim::roles

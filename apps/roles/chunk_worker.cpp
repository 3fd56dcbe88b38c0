#include "apps/roles/chunk_worker.hpp"

#include "apps/roles/chunk_source.hpp"
#include "apps/roles/error_text.hpp"
#include "apps/roles/member_source.hpp"
#include "ipc/io/error.hpp"
#include "lib/fastq/parse.hpp"
#include "lib/simd/lines.hpp"

namespace ringtrim::roles {

core::CompressUnit unit_compressor(io::Compression kind, int level, std::shared_ptr<io::Compressor> codec) {
    return [kind, level, codec = std::move(codec)](std::string_view unit, std::string& out) {
        io::MemberNote note;
        if (kind == io::Compression::kGzip) {
            note.lines = core::scan_lines(unit, UINT64_MAX, 1).lines;
            note.ends_with_newline = !unit.empty() && unit.back() == '\n';
        }
        codec->compress_member(unit, kind, level, out, io::GzipEngine::kAuto, &note);
    };
}

ChunkWorker::ChunkWorker(WorkerOptions options) : options_(std::move(options)) {
    pipeline_ = std::make_unique<core::Pipeline>(*options_.pipeline);
    const auto codec = std::make_shared<io::Compressor>();
    for (auto c : options_.compression) {
        any_compressed_ = any_compressed_ || c != io::Compression::kNone;
        compress_.push_back(unit_compressor(c, options_.compression_level, codec));
    }
    const std::size_t outputs = options_.compression.size();
    scratch_.resize(outputs);
    raw_.resize(outputs);
    builders_.resize(outputs);
}

ChunkWorker::~ChunkWorker() = default;

bool ChunkWorker::run_piece(const core::ChunkView& piece, core::Stats& stats, std::optional<std::string>& error) {
    for (auto& s : scratch_) s.clear();
    auto e = pipeline_->run(piece, scratch_, stats);
    if (!e) return true;
    auto name = [this](int i) { return options_.inputs[i] == "-" ? std::string("<stdin>") : options_.inputs[i]; };
    const int input = pipeline_->error_input();
    e->file = input == 2 ? name(0) + " and " + name(1) : name(input);
    error = format_error(*e);
    return false;
}

bool ChunkWorker::inflate(core::ChunkView& chunk, std::uint64_t records, std::optional<std::string>& error) {
    // Whole members of each file (never standard input): inflate, and check
    // that they hold the records the parent counted from their RT fields.
    std::string_view* bytes[2] = {&chunk.bytes, &chunk.bytes2};
    const std::uint64_t want = core::kFastqRecordLines * records;
    for (std::size_t i = 0; i < 2; ++i) {
        if (bytes[i]->empty()) continue;
        try {
            inflate_members(*bytes[i], options_.inputs[i], inflated_[i]);
        } catch (const io::IoError& e) {
            error = format_error(core::Error::io(e.message(), e.file()));
            return false;
        }
        const std::string& data = inflated_[i];
        const std::uint64_t lines = core::scan_lines(data, UINT64_MAX, 1).lines;
        if (lines != want || data.empty() || data.back() != '\n') {
            error = format_error(core::Error::io("corrupt gzip data: members whose RT extra field says " +
                                                     std::to_string(want) + " lines hold " + std::to_string(lines),
                                                 options_.inputs[i]));
            return false;
        }
        *bytes[i] = data;
    }
    return true;
}

void ChunkWorker::run(const ipc::ChunkInput& in, ipc::ChunkOutput& out) {
    process(in, out);
    out.input_error = out.error.has_value();  // every error set here is the input's
}

void ChunkWorker::process(const ipc::ChunkInput& in, ipc::ChunkOutput& out) {
    core::ChunkView chunk{in.bytes[0], in.bytes[1], in.first_record, in.first_line};
    std::vector<std::string>& segments = out.segments;
    if (in.encoding == encoding::kGzipMembers && !inflate(chunk, in.records, out.error)) return;
    const std::size_t outputs = options_.compression.size();
    core::Stats stats;
    segments.resize(outputs);
    if (!any_compressed_) {
        if (!run_piece(chunk, stats, out.error)) return;
        for (std::size_t i = 0; i < outputs; ++i) segments[i].swap(scratch_[i]);
        out.stats_blob = core::serialize(stats);
        return;
    }

    for (auto& r : raw_) r.clear();
    for (auto& b : builders_) b.clear();
    core::UnitSplitter pieces(chunk, in.records, options_.unit_records, options_.pipeline->input_format);
    core::UnitPiece piece;
    while (pieces.next(piece)) {
        if (!run_piece(piece.records, stats, out.error)) return;
        for (std::size_t i = 0; i < outputs; ++i) {
            if (options_.compression[i] == io::Compression::kNone) {
                raw_[i] += scratch_[i];
            } else if (!builders_[i].add(piece.part, scratch_[i], compress_[i])) {
                out.error = "internal error: unit pieces out of order";
                return;
            }
        }
    }
    for (std::size_t i = 0; i < outputs; ++i) {
        if (options_.compression[i] == io::Compression::kNone) {
            segments[i].clear();
            segments[i].swap(raw_[i]);
        } else {
            builders_[i].finish(pieces.head_closes(), segments[i]);
        }
    }
    out.stats_blob = core::serialize(stats);
}

}  // namespace ringtrim::roles

#include "apps/roles/output_writer.hpp"

#include <stdexcept>

#include "apps/roles/chunk_worker.hpp"

namespace ringtrim::roles {

OutputWriter::OutputWriter(const WriterOptions& options, core::Stats initial,
                           const std::vector<io::OutputTarget>& targets)
    : compression_(options.compression), total_(std::move(initial)) {
    for (const auto& t : targets) files_.emplace_back(t, options.compression_level);
    joiners_.resize(files_.size());
    const auto codec = std::make_shared<io::Compressor>();
    for (auto c : compression_) compress_.push_back(unit_compressor(c, options.compression_level, codec));
}

core::WriteBytes OutputWriter::write_to(std::size_t i) {
    return [&file = files_[i]](std::string_view bytes) { file.write(bytes); };
}

void OutputWriter::consume(std::uint64_t, const std::vector<std::string_view>& segments, std::string_view blob) {
    if (segments.size() < files_.size()) throw std::runtime_error("internal error: missing output segments");
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const std::string_view seg = segments[i];
        if (compression_[i] == io::Compression::kNone) {
            if (!seg.empty()) files_[i].write(seg);
        } else if (!joiners_[i].join(seg, compress_[i], write_to(i))) {
            throw std::runtime_error("internal error: malformed output segment");
        }
    }
    core::Stats chunk;
    if (!core::deserialize(blob, chunk)) throw std::runtime_error("internal error: malformed statistics blob");
    total_ += chunk;
}

std::string OutputWriter::finish() {
    for (std::size_t i = 0; i < files_.size(); ++i) joiners_[i].finish(compress_[i], write_to(i));
    for (auto& f : files_) f.close();
    return core::serialize(total_);
}

void OutputWriter::abort() {
    for (auto& f : files_) f.abort();
}

}  // namespace ringtrim::roles

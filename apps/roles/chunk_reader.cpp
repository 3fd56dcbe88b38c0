#include "apps/roles/chunk_reader.hpp"

#include "apps/roles/bgzf_source.hpp"
#include "apps/roles/member_source.hpp"
#include "apps/roles/plain_source.hpp"

namespace ringtrim::roles {

ChunkReader::ChunkReader(const ReaderOptions& options) {
    state_.capacity = options.buffer_size;
    state_.shape.record_multiple = options.interleaved ? 2 : 1;
    streams_.emplace_back(options.input1, options.buffer_size);
    if (options.input2) streams_.emplace_back(*options.input2, options.buffer_size);
    state_.inputs = streams_.size();
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        streams_[i].fill();
        state_.names[i] = streams_[i].file.display_name();
    }
    // The member and BGZF sources need a second handle on each file from its
    // start: regular files only (standard input, a FIFO or <(...) cannot be
    // read twice), every one starting with an RT member (or a BGZF block).
    bool members = true;
    for (const InputStream& s : streams_)
        members = members && s.file.path() != "-" && s.file.is_regular_file() &&
                  s.file.compression() == io::Compression::kGzip;
    bool rt = members, bgzf = members;
    for (std::size_t i = 0; members && i < streams_.size(); ++i) {
        members_.push_back(std::make_unique<io::GzipMemberReader>(streams_[i].file.path()));
        io::RtField f;
        io::GzipMemberReader::BgzfBlock b;
        rt = rt && members_.back()->peek(f);
        bgzf = bgzf && !rt && members_.back()->peek_bgzf(b);
    }
    rt_ = members && rt;
    bgzf_ = members && bgzf;
    if (!rt_ && !bgzf_) members_.clear();
}

ChunkReader::~ChunkReader() = default;

std::optional<core::SeqFormat> ChunkReader::detect_format() const {
    if (auto f = core::format_from_name(streams_[0].file.path())) return f;
    return core::format_from_content(streams_[0].view());
}

std::size_t ChunkReader::first_record_bytes(core::SeqFormat format) {
    state_.shape.format = format;
    // The whole first record, however long: the unit size must not depend
    // on --buffer-size.
    grow_to_whole_record(streams_, state_);
    core::BufferedInput in[2];
    const core::ChunkCut cut = core::cut_first_record(buffered(streams_, in), state_.shape);
    if (cut.bytes[0] > 0 && cut.bytes[1] > 0)
        state_.ratio = static_cast<double>(cut.bytes[1]) / static_cast<double>(cut.bytes[0]);
    return cut.bytes[0] + cut.bytes[1];
}

void ChunkReader::start(core::SeqFormat format, std::uint64_t unit_records, bool raw_allowed) {
    state_.shape.format = format;
    state_.shape.unit_records = unit_records;
    if (rt_ && format == core::SeqFormat::Fastq)
        source_ = std::make_unique<MemberSource>(state_, std::move(members_));
    else if (bgzf_ && raw_allowed && state_.capacity >= bgzf_min_capacity())
        source_ = std::make_unique<BgzfSource>(state_, std::move(members_));
    else
        source_ = std::make_unique<PlainSource>(state_, std::move(streams_));
    members_.clear();
}

std::optional<ipc::ProducedChunk> ChunkReader::next(char* const buf[2], std::size_t cap) {
    for (;;) {
        ChunkSource::Next step = source_->next(buf, cap);
        switch (step.kind) {
            case ChunkSource::Next::kChunk: return std::move(step.chunk);
            case ChunkSource::Next::kEnd: return std::nullopt;
            case ChunkSource::Next::kSwitch:
                source_ = std::make_unique<PlainSource>(state_, source_->hand_over());
                break;
        }
    }
}

}  // namespace ringtrim::roles

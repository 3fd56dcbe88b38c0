#include "apps/ringtrim/chunk_roles.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "apps/ringtrim/messages.hpp"
#include "ipc/io/error.hpp"
#include "lib/simd/lines.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

// Compresses one unit's output into one member of `kind`; a gzip member says
// its size and lines in its header (io::MemberNote), so that a later run can
// hand whole members to workers uninflated (GzipMemberReader).
core::CompressUnit compressor(io::Compression kind, int level) {
    return [kind, level](std::string_view unit, std::string& out) {
        io::MemberNote note;
        if (kind == io::Compression::kGzip) {
            note.lines = core::scan_lines(unit, UINT64_MAX, 1).lines;
            note.ends_with_newline = !unit.empty() && unit.back() == '\n';
        }
        io::compress_member(unit, kind, level, out, io::GzipEngine::kAuto, &note);
    };
}

}  // namespace

// The stream's own buffer starts small: chunks are read straight into the
// slots, and the buffer only holds the first bytes (format, first record) and
// each chunk's tail; it grows when a tail or a long record needs more.
InputStream::InputStream(const std::string& path, std::size_t capacity)
    : file(path), buffer(std::min(capacity, kInitialBytes), '\0') {}
InputStream::InputStream(io::InputFile f, std::size_t capacity)
    : file(std::move(f)), buffer(std::min(capacity, kInitialBytes), '\0') {}

void inflate_members(std::string_view members, const std::string& display, std::string& out) {
    io::InputFile in = io::InputFile::from_memory(members, display);
    std::size_t n = 0;
    // Grown, never re-zeroed beyond the last chunk's size.
    out.resize(std::max<std::size_t>(out.size(), members.size() * 4));
    for (;;) {
        n += in.read_full(out.data() + n, out.size() - n);
        if (in.at_end()) break;
        out.resize(out.size() * 2);
    }
    out.resize(n);
}

void InputStream::fill() {
    if (at_eof) return;
    const std::size_t want = buffer.size() - filled;
    const std::size_t got = file.read_full(buffer.data() + filled, want);
    filled += got;
    if (got < want) at_eof = true;
}

void InputStream::consume(std::size_t n) {
    std::memmove(buffer.data(), buffer.data() + n, filled - n);
    filled -= n;
}

ChunkReader::ChunkReader(const RunPlan& plan) : capacity_(plan.buffer_size) {
    streams_.emplace_back(plan.input1, plan.buffer_size);
    if (plan.input2) streams_.emplace_back(*plan.input2, plan.buffer_size);
    for (auto& s : streams_) s.fill();
    shape_.record_multiple = plan.mode.interleaved_input ? 2 : 1;
    // Member mode needs a second handle on each file from its start: regular
    // files only (standard input, a FIFO or <(...) cannot be read twice);
    // every file must start with an RT member.
    // BGZF mode likewise needs every file to start with a BGZF block.
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

std::optional<SeqFormat> ChunkReader::detect_format(const std::string& path) const {
    if (auto f = core::format_from_name(path)) return f;
    return core::format_from_content(streams_[0].view());
}

std::size_t ChunkReader::first_record_bytes() {
    // The whole first record, however long: the unit size must not depend
    // on --buffer-size.
    grow_to_whole_record();
    const core::ChunkCut cut = core::cut_first_record(buffered(), shape_);
    if (cut.bytes[0] > 0 && cut.bytes[1] > 0)
        ratio_ = static_cast<double>(cut.bytes[1]) / static_cast<double>(cut.bytes[0]);
    return cut.bytes[0] + cut.bytes[1];
}

std::span<const core::BufferedInput> ChunkReader::buffered() {
    for (std::size_t i = 0; i < streams_.size(); ++i) buffered_[i] = {streams_[i].view(), streams_[i].at_eof};
    return {buffered_, streams_.size()};
}

void ChunkReader::grow_to_whole_record() {
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        for (;;) {
            s.fill();
            const core::BufferedInput in{s.view(), s.at_eof};
            // Stream by stream: input 1 of a pair is never interleaved.
            if (core::cut_first_record({&in, 1}, i == 0 ? shape_ : core::ChunkShape{shape_.format}).kind !=
                core::ChunkCut::Kind::kNeedMore)
                break;
            if (s.buffer.size() >= kMaxRecordBytes) throw_too_large(i, kMaxRecordBytes);
            s.buffer.resize(std::min(kMaxRecordBytes, s.buffer.size() * 2));
        }
    }
}

bool ChunkReader::next_large(std::size_t len[2], std::uint64_t& records, std::uint64_t& lines, std::string large[2]) {
    // One record (pair) whatever its size: the chunk boundaries still depend
    // only on the input and --buffer-size.
    grow_to_whole_record();
    const core::ChunkCut cut = core::cut_first_record(buffered(), shape_);
    if (cut.kind == core::ChunkCut::Kind::kUnequal) throw_unequal(cut.input);
    if (cut.kind != core::ChunkCut::Kind::kChunk) throw_too_large(0, kMaxRecordBytes);
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::size_t n = cut.bytes[i];
        large[i].assign(s.buffer.data(), n);
        len[i] = n;
        s.consume(n);
        // Back to the usual size once the long record is out.
        if (s.filled <= capacity_ && s.buffer.size() > capacity_) {
            s.buffer.resize(capacity_);
            s.buffer.shrink_to_fit();
        }
        s.fill();
    }
    return taken(cut, records, lines);
}

bool ChunkReader::taken(const core::ChunkCut& cut, std::uint64_t& records, std::uint64_t& lines) {
    records = cut.records;
    lines = cut.lines;
    records_ += cut.records;
    lines_ += cut.lines;
    return true;
}

bool ChunkReader::next(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
                       std::uint64_t& lines, std::string large[2], bool& is_large, std::uint8_t& encoding) {
    is_large = false;
    encoding = 0;
    if (rt_ && shape_.format != SeqFormat::Fastq) {
        rt_ = false;
        members_.clear();
    }
    if (bgzf_) leave_bgzf();  // not placed raw: decoded here from where it stands
    if (rt_) {
        if (auto r = next_members(buf, cap, len, records, lines, large, is_large)) {
            encoding = *r ? kChunkGzipMembers : 0;
            return *r;
        }
    }
    for (const InputStream& s : streams_)
        if (s.filled >= cap) return next_buffered(buf, cap, len, records, lines, large, is_large);
    // The lean path: the bytes kept from the last chunk (the tail after its
    // cut), then the input read or inflated straight into the slot up to
    // `cap`, so the cut sees a full buffer as next_buffered() would; what
    // follows the cut goes back to the stream for the next chunk.
    std::size_t total[2] = {0, 0};
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        std::memcpy(buf[i], s.buffer.data(), s.filled);
        total[i] = s.filled;
        s.filled = 0;
        if (!s.at_eof) {
            const std::size_t want = cap - total[i];
            const std::size_t got = s.file.read_full(buf[i] + total[i], want);
            total[i] += got;
            if (got < want) s.at_eof = true;
        }
        buffered_[i] = {std::string_view(buf[i], total[i]), s.at_eof};
    }
    const core::ChunkCut cut = core::cut_chunk({buffered_, streams_.size()}, cap, shape_);
    const bool chunk = cut.kind == core::ChunkCut::Kind::kChunk;
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::size_t keep = chunk ? cut.bytes[i] : 0;
        const std::size_t tail = total[i] - keep;
        if (s.buffer.size() < tail) s.buffer.resize(tail);
        std::memcpy(s.buffer.data(), buf[i] + keep, tail);
        s.filled = tail;
        len[i] = keep;
    }
    return conclude(cut, len, records, lines, large, is_large);
}

bool ChunkReader::next_buffered(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
                                std::uint64_t& lines, std::string large[2], bool& is_large) {
    for (auto& s : streams_) {  // full buffers: the cut must not depend on earlier reads
        if (s.buffer.size() < cap) s.buffer.resize(cap);
        s.fill();
    }
    const core::ChunkCut cut = core::cut_chunk(buffered(), cap, shape_);
    if (cut.kind == core::ChunkCut::Kind::kChunk) {
        for (std::size_t i = 0; i < streams_.size(); ++i) {
            InputStream& s = streams_[i];
            std::memcpy(buf[i], s.buffer.data(), cut.bytes[i]);
            len[i] = cut.bytes[i];
            s.consume(cut.bytes[i]);
        }
    }
    return conclude(cut, len, records, lines, large, is_large);
}

std::optional<bool> ChunkReader::next_members(char* const buf[2], std::size_t cap, std::size_t len[2],
                                              std::uint64_t& records, std::uint64_t& lines, std::string large[2],
                                              bool& is_large) {
    const std::size_t inputs = members_.size();
    std::size_t packed[2] = {0, 0};    // compressed bytes in the chunk, per input
    std::size_t inflated[2] = {0, 0};  // their data
    std::uint64_t member_lines = 0;    // of input 0
    io::RtField f[2];
    // The next member of each input, if it holds whole FASTQ records (whole
    // pairs in interleaved input) and, for paired files, as many as its mate.
    auto next_usable = [&]() {
        for (std::size_t i = 0; i < inputs; ++i) {
            const std::uint64_t lines_per_unit = 4 * (i == 0 ? shape_.record_multiple : 1);
            if (!members_[i]->peek(f[i]) || f[i].lines % lines_per_unit != 0 || (f[i].flags & 1) == 0) return false;
        }
        return inputs == 1 || f[0].lines == f[1].lines;
    };
    while (next_usable()) {
        bool fits = true;
        for (std::size_t i = 0; i < inputs; ++i)
            fits = fits && packed[i] + f[i].member_bytes <= cap && inflated[i] + f[i].data_bytes <= cap;
        if (!fits) {
            if (packed[0] == 0) {  // one member (pair) larger than a slot: a chunk of its own
                for (std::size_t i = 0; i < inputs; ++i) {
                    large[i].resize(f[i].member_bytes);
                    members_[i]->take(large[i].data(), f[i].member_bytes);
                    packed[i] = f[i].member_bytes;
                }
                member_lines = f[0].lines;
                is_large = true;
            }
            break;
        }
        for (std::size_t i = 0; i < inputs; ++i) {
            members_[i]->take(buf[i] + packed[i], f[i].member_bytes);
            packed[i] += f[i].member_bytes;
            inflated[i] += f[i].data_bytes;
        }
        member_lines += f[0].lines;
    }
    if (packed[0] > 0) {
        core::ChunkCut cut;
        cut.kind = core::ChunkCut::Kind::kChunk;
        for (std::size_t i = 0; i < inputs; ++i) len[i] = cut.bytes[i] = packed[i];
        cut.records = member_lines / 4;
        cut.lines = member_lines;
        return taken(cut, records, lines);
    }
    bool ended = true;
    for (auto& m : members_) ended = ended && m->at_end();
    if (ended) return false;
    // A member that does not say (or unequal mates): inflate from here on,
    // from a record boundary (every member before held whole records). A
    // file that has ended reads as empty, so the cutter reports unequal files.
    for (std::size_t i = 0; i < inputs; ++i) {
        io::InputFile rest = members_[i]->at_end() ? io::InputFile::from_memory({}, members_[i]->display_name())
                                                   : std::move(*members_[i]).rest();
        streams_[i] = InputStream(std::move(rest), capacity_);
    }
    members_.clear();
    rt_ = false;
    return std::nullopt;
}

std::size_t bgzf_data_offset(std::size_t raw) { return (raw + kBgzfHeadroom + 63) / 64 * 64; }

std::size_t bgzf_min_capacity() { return bgzf_data_offset(io::kBgzfMaxBlockBytes) + io::kBgzfMaxBlockBytes; }

ipc::ProduceResult prepare_bgzf(const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap,
                                const std::string names[2], ipc::ProducedChunk& out) {
    for (std::size_t s = 0; s < 2 && buf[s] != nullptr; ++s) {
        const std::size_t base = bgzf_data_offset(raw.bytes[s].size());
        out.offset[s] = std::min(base, cap);
        out.len[s] = 0;
        if (raw.bytes[s].empty()) continue;
        const std::string display = names[s] == "-" ? "<stdin>" : names[s];
        try {
            if (base > cap) throw io::IoError(display, "BGZF blocks larger than the slot");
            io::InputFile in = io::InputFile::from_memory(raw.bytes[s], display);
            out.len[s] = in.read_full(buf[s] + base, cap - base);
            char more = 0;
            // The parent planned the room from the blocks' ISIZE; the decoder
            // checks ISIZE, so more data means a corrupt block it names.
            if (!in.at_end() && in.read_full(&more, 1) > 0)
                throw io::IoError(display, "corrupt BGZF data: blocks inflate to more than their ISIZE says");
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
    }
    return ipc::ProduceResult::chunk();
}

bool ChunkReader::next(char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk) {
    if (bgzf_ && raw_allowed_ && next_bgzf(buf, cap, chunk)) return true;
    if (bgzf_ && raw_allowed_) return false;  // the end of the input
    std::uint64_t records = 0, lines = 0;
    const bool more = next(buf, cap, chunk.len, records, lines, chunk.large_bytes, chunk.large, chunk.encoding);
    chunk.records = records;
    chunk.lines = lines;
    return more;
}

bool ChunkReader::must_wait() {
    if (!bgzf_ || !raw_allowed_ || raw_pending_.empty()) return false;
    for (auto& m : members_) {
        io::GzipMemberReader::BgzfBlock b;
        if (!m->at_end() && !m->peek_bgzf(b)) return true;
    }
    return false;
}

bool ChunkReader::next_bgzf(char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk) {
    const std::size_t inputs = members_.size();
    io::GzipMemberReader::BgzfBlock block[2];
    bool ended[2] = {true, true};
    for (std::size_t s = 0; s < inputs; ++s) {
        ended[s] = members_[s]->at_end();
        if (!ended[s] && !members_[s]->peek_bgzf(block[s])) {
            if (!raw_pending_.empty()) throw std::logic_error("internal error: BGZF input left while chunks wait");
            leave_bgzf();
            return false;
        }
    }
    if (ended[0] && ended[1]) return false;  // the last chunk placed was final
    std::size_t raw[2] = {0, 0};
    std::size_t inflated[2] = {0, 0};
    for (;;) {
        // Paired files: the file behind in its share of the bytes goes next,
        // so that the chunk holds about as many records of each.
        std::size_t s = 0;
        if (inputs == 2)
            s = ended[0]                                                                        ? 1
                : ended[1]                                                                      ? 0
                : static_cast<double>(inflated[0]) * ratio_ <= static_cast<double>(inflated[1]) ? 0
                                                                                                : 1;
        if (ended[s] || !members_[s]->peek_bgzf(block[s])) break;
        const io::GzipMemberReader::BgzfBlock& b = block[s];
        if (bgzf_data_offset(raw[s] + b.member_bytes) + inflated[s] + b.data_bytes > cap) break;
        members_[s]->take(buf[s] + raw[s], b.member_bytes);
        raw[s] += b.member_bytes;
        inflated[s] += b.data_bytes;
        ended[s] = members_[s]->at_end();
    }
    RawChunk placed;
    for (std::size_t s = 0; s < inputs; ++s) {
        chunk.len[s] = raw[s];
        placed.ended[s] = members_[s]->at_end();
    }
    if (inputs == 1) placed.ended[1] = true;
    raw_pending_.push_back(placed);
    chunk.prepare = true;
    chunk.encoding = kChunkBgzf;
    return true;
}

void ChunkReader::leave_bgzf() {
    for (std::size_t i = 0; i < members_.size(); ++i) {
        io::InputFile rest = members_[i]->at_end() ? io::InputFile::from_memory({}, members_[i]->display_name())
                                                   : std::move(*members_[i]).rest();
        InputStream& s = streams_[i] = InputStream(std::move(rest), capacity_);
        if (s.buffer.size() < carry_[i].size()) s.buffer.resize(carry_[i].size());
        std::memcpy(s.buffer.data(), carry_[i].data(), carry_[i].size());
        s.filled = carry_[i].size();
        carry_[i].clear();
    }
    members_.clear();
    bgzf_ = false;
}

void ChunkReader::finish_raw(char* const buf[2], const ipc::ProducedChunk& prepared, ipc::ProducedChunk& chunk) {
    if (raw_pending_.empty()) throw std::logic_error("internal error: no raw chunk to finish");
    const RawChunk placed = raw_pending_.front();
    raw_pending_.pop_front();
    const std::size_t inputs = streams_.size();
    const bool last = placed.ended[0] && placed.ended[1];
    // The bytes carried over go right before the prepared ones (which the
    // worker kept within the slot), when they fit.
    bool fits = true;
    for (std::size_t s = 0; s < inputs; ++s) fits = fits && carry_[s].size() <= prepared.offset[s];
    std::string_view data[2];
    std::size_t start[2] = {0, 0};
    for (std::size_t s = 0; s < inputs; ++s) {
        const std::string_view fresh(buf[s] + prepared.offset[s], prepared.len[s]);
        if (fits) {
            start[s] = prepared.offset[s] - carry_[s].size();
            std::memcpy(buf[s] + start[s], carry_[s].data(), carry_[s].size());
            data[s] = std::string_view(buf[s] + start[s], carry_[s].size() + fresh.size());
        } else {
            joined_[s].assign(carry_[s]);
            joined_[s].append(fresh);
            data[s] = joined_[s];
        }
        buffered_[s] = {data[s], placed.ended[s]};
    }
    // A full buffer for the cutter: all of an input that has ended, as much
    // of the others as the shortest holds. At the end, everything (no
    // whole-unit rounding, which would leave bytes behind).
    std::size_t capacity = 0;
    for (std::size_t s = 0; s < inputs; ++s)
        if (last)
            capacity = std::max(capacity, data[s].size());
        else if (!placed.ended[s])
            capacity = capacity == 0 ? data[s].size() : std::min(capacity, data[s].size());
    core::ChunkShape shape = shape_;
    if (last) shape.unit_records = shape_.record_multiple;
    // Capacity 0: at the end, nothing is left; before it, an input that goes
    // on has no bytes yet, so no record is whole.
    core::ChunkCut cut;
    if (capacity > 0)
        cut = core::cut_chunk({buffered_, inputs}, capacity, shape);
    else
        cut.kind = last ? core::ChunkCut::Kind::kEnd : core::ChunkCut::Kind::kLongRecord;
    if (last && cut.kind == core::ChunkCut::Kind::kLongRecord) {
        cut = core::cut_first_record({buffered_, inputs}, shape);
        if (cut.kind != core::ChunkCut::Kind::kChunk && cut.kind != core::ChunkCut::Kind::kUnequal)
            throw_too_large(0, kMaxRecordBytes);
    }
    if (cut.kind == core::ChunkCut::Kind::kUnequal) throw_unequal(cut.input);
    const bool taken_any = cut.kind == core::ChunkCut::Kind::kChunk;
    chunk.large = !fits && taken_any;
    for (std::size_t s = 0; s < inputs; ++s) {
        const std::size_t keep = taken_any ? cut.bytes[s] : 0;
        if (chunk.large)
            chunk.large_bytes[s].assign(data[s].substr(0, keep));
        else
            chunk.offset[s] = start[s];
        chunk.len[s] = keep;
        cut_[s] += keep;
        const std::string_view rest = data[s].substr(keep);
        if (last && !rest.empty()) throw std::logic_error("internal error: the last BGZF chunk left bytes behind");
        if (rest.size() > kMaxRecordBytes) throw_too_large(s, kMaxRecordBytes);
        carry_[s].assign(rest);
    }
    if (inputs == 2 && cut_[0] > 0 && cut_[1] > 0) ratio_ = static_cast<double>(cut_[1]) / static_cast<double>(cut_[0]);
    chunk.encoding = 0;
    chunk.records = chunk.lines = 0;
    if (taken_any) taken(cut, chunk.records, chunk.lines);
}

bool ChunkReader::conclude(const core::ChunkCut& cut, std::size_t len[2], std::uint64_t& records, std::uint64_t& lines,
                           std::string large[2], bool& is_large) {
    switch (cut.kind) {
        case core::ChunkCut::Kind::kEnd: return false;
        case core::ChunkCut::Kind::kUnequal: throw_unequal(cut.input);
        case core::ChunkCut::Kind::kLongRecord:
        case core::ChunkCut::Kind::kNeedMore: is_large = true; return next_large(len, records, lines, large);
        case core::ChunkCut::Kind::kChunk: break;
    }
    return taken(cut, records, lines);
}

void ChunkReader::throw_too_large(std::size_t i, std::size_t cap) {
    throw io::IoError(name(i),
                      "record " + std::to_string(records_ + 1) +
                          (shape_.format == SeqFormat::Fastq && shape_.record_multiple == 1 && streams_.size() == 1
                               ? " (line " + std::to_string(lines_ + 1) + ")"
                               : std::string()) +
                          " is longer than " + std::to_string(cap) +
                          " bytes or never ends: the input is not FASTQ or FASTA");
}

void ChunkReader::throw_unequal(std::size_t shorter) {
    throw io::IoError(name(shorter), "has fewer records than " + name(1 - shorter) + " (after record " +
                                         std::to_string(records_) + "): the paired files are not in sync");
}

ChunkWorker::ChunkWorker(const RunPlan& plan, std::vector<io::Compression> compression, std::uint64_t unit_records)
    : compression_(std::move(compression)),
      unit_(unit_records),
      format_(plan.pipeline.input_format),
      names_{plan.input1, plan.input2.value_or(plan.input1)} {
    pipeline_ = std::make_unique<core::Pipeline>(plan.pipeline);
    for (auto c : compression_) {
        any_compressed_ = any_compressed_ || c != io::Compression::kNone;
        compress_.push_back(compressor(c, plan.compression_level));
    }
    scratch_.resize(compression_.size());
    raw_.resize(compression_.size());
    builders_.resize(compression_.size());
}

ChunkWorker::~ChunkWorker() = default;

bool ChunkWorker::run_piece(const core::ChunkView& piece, core::Stats& stats, std::optional<std::string>& error) {
    for (auto& s : scratch_) s.clear();
    auto e = pipeline_->run(piece, scratch_, stats);
    if (!e) return true;
    auto name = [this](int i) { return names_[i] == "-" ? std::string("<stdin>") : names_[i]; };
    const int input = pipeline_->error_input();
    e->file = input == 2 ? name(0) + " and " + name(1) : name(input);
    error = format_error(*e);
    return false;
}

void ChunkWorker::run(const core::ChunkView& given, std::uint64_t records, std::uint8_t encoding,
                      std::vector<std::string>& segments, std::string& stats_blob, std::optional<std::string>& error) {
    core::ChunkView chunk = given;
    if (encoding == kChunkGzipMembers) {
        // Whole members of each file (never standard input): inflate, and
        // check that they hold the records the parent counted from their
        // RT fields (4 lines each).
        std::string_view* bytes[2] = {&chunk.bytes, &chunk.bytes2};
        for (std::size_t i = 0; i < 2; ++i) {
            if (bytes[i]->empty()) continue;
            try {
                inflate_members(*bytes[i], names_[i], inflated_[i]);
            } catch (const io::IoError& e) {
                error = format_error(core::Error{core::ErrorKind::Io, e.message(), e.file(), 0, 0});
                return;
            }
            const std::string& data = inflated_[i];
            const std::uint64_t lines = core::scan_lines(data, UINT64_MAX, 1).lines;
            if (lines != 4 * records || data.empty() || data.back() != '\n') {
                error =
                    format_error(core::Error{core::ErrorKind::Io,
                                             "corrupt gzip data: members whose RT extra field says " +
                                                 std::to_string(4 * records) + " lines hold " + std::to_string(lines),
                                             names_[i], 0, 0});
                return;
            }
            *bytes[i] = data;
        }
    }
    const std::size_t outputs = compression_.size();
    core::Stats stats;
    segments.resize(outputs);
    if (!any_compressed_) {
        if (!run_piece(chunk, stats, error)) return;
        for (std::size_t i = 0; i < outputs; ++i) segments[i].swap(scratch_[i]);
        stats_blob = core::serialize(stats);
        return;
    }

    for (auto& r : raw_) r.clear();
    for (auto& b : builders_) b.clear();
    core::UnitSplitter pieces(chunk, records, unit_, format_);
    core::UnitPiece piece;
    while (pieces.next(piece)) {
        if (!run_piece(piece.records, stats, error)) return;
        for (std::size_t i = 0; i < outputs; ++i) {
            if (compression_[i] == io::Compression::kNone)
                raw_[i] += scratch_[i];
            else
                builders_[i].add(piece.part, scratch_[i], compress_[i]);
        }
    }
    for (std::size_t i = 0; i < outputs; ++i) {
        if (compression_[i] == io::Compression::kNone) {
            segments[i].clear();
            segments[i].swap(raw_[i]);
        } else {
            builders_[i].finish(pieces.head_closes(), segments[i]);
        }
    }
    stats_blob = core::serialize(stats);
}

OutputWriter::OutputWriter(const RunPlan& plan, core::Stats initial, std::vector<io::Compression> compression,
                           const std::vector<io::OutputTarget>& targets)
    : compression_(std::move(compression)), total_(std::move(initial)) {
    for (const auto& t : targets) files_.emplace_back(t, plan.compression_level);
    joiners_.resize(files_.size());
    for (auto c : compression_) compress_.push_back(compressor(c, plan.compression_level));
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

}  // namespace ringtrim::app

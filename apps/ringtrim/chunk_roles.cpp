#include "apps/ringtrim/chunk_roles.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "ipc/io/error.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

constexpr std::size_t kUnitTargetBytes = 256 * 1024;
constexpr std::uint64_t kMaxUnitRecords = 1024;
constexpr std::size_t kFrameHeader = 3 * sizeof(std::uint64_t);

std::string describe(const std::string& file, const core::ParseError& e) {
    std::string s = file + ": record " + std::to_string(e.record);
    if (e.line) s += " (line " + std::to_string(e.line) + ")";
    return s + ": " + e.message;
}

void put_u64(std::string& out, std::uint64_t v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.append(b, sizeof v);
}

std::uint64_t get_u64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    std::memcpy(&v, in.data() + at, sizeof v);
    return v;
}

}  // namespace

std::uint64_t unit_records_for(std::size_t first_record_bytes) {
    if (first_record_bytes == 0) return kMaxUnitRecords;
    std::uint64_t n = 2;
    while (n < kMaxUnitRecords && (n * 2) * first_record_bytes <= kUnitTargetBytes) n *= 2;
    return n;
}

InputStream::InputStream(const std::string& path, std::size_t capacity) : file(path), buffer(capacity, '\0') {}

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
    multiple_ = plan.mode.interleaved_input ? 2 : 1;
}

std::optional<SeqFormat> ChunkReader::detect_format(const std::string& path) const {
    if (auto f = core::format_from_name(path)) return f;
    return core::format_from_content(streams_[0].view());
}

std::size_t ChunkReader::first_record_bytes() {
    // The whole first record, however long: the unit size must not depend
    // on --buffer-size.
    grow_to_whole_record();
    std::size_t bytes = cut(0, SIZE_MAX, multiple_, multiple_).bytes;
    if (streams_.size() == 2) bytes += cut(1, SIZE_MAX, 1, 1).bytes;
    return bytes;
}

core::ChunkEnd ChunkReader::cut(std::size_t i, std::size_t cap, std::uint64_t max_records,
                                std::uint64_t multiple) const {
    const InputStream& s = streams_[i];
    return core::find_chunk_end(s.view().substr(0, std::min(cap, s.filled)), format_, s.at_eof && s.filled <= cap,
                                max_records, multiple);
}

void ChunkReader::grow_to_whole_record() {
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::uint64_t records = i == 0 ? multiple_ : 1;  // one read (pair)
        for (;;) {
            s.fill();
            if (cut(i, SIZE_MAX, records, records).records >= records || s.at_eof) break;
            if (s.buffer.size() >= kMaxRecordBytes) throw_too_large(i, kMaxRecordBytes);
            s.buffer.resize(std::min(kMaxRecordBytes, s.buffer.size() * 2));
        }
    }
}

bool ChunkReader::next_large(std::size_t len[2], std::uint64_t& records, std::uint64_t& lines,
                             std::string large[2]) {
    // One record (pair) whatever its size: the chunk boundaries still depend
    // only on the input and --buffer-size.
    grow_to_whole_record();
    core::ChunkEnd end = cut(0, SIZE_MAX, multiple_, multiple_);
    core::ChunkEnd end2;
    if (streams_.size() == 2) {
        end2 = cut(1, SIZE_MAX, 1, 1);
        if (end.records == 0 || end2.records == 0) {
            if (streams_[0].filled == 0) throw_unequal(0);
            if (streams_[1].filled == 0) throw_unequal(1);
        }
    }
    if (end.records == 0) throw_too_large(0, kMaxRecordBytes);
    for (std::size_t i = 0; i < streams_.size(); ++i) {
        InputStream& s = streams_[i];
        const std::size_t n = i == 0 ? end.bytes : end2.bytes;
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
    records = end.records;
    lines = end.lines;
    records_ += end.records;
    lines_ += end.lines;
    return true;
}

bool ChunkReader::next(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
                       std::uint64_t& lines, std::string large[2], bool& is_large) {
    is_large = false;
    auto& a = streams_[0];
    core::ChunkEnd end = cut(0, cap, UINT64_MAX, multiple_);
    core::ChunkEnd end2;
    if (streams_.size() == 2) {
        auto& b = streams_[1];
        end2 = cut(1, cap, end.records, 1);
        if (end2.records < end.records) end = cut(0, cap, end2.records, multiple_);
        if (end.records == 0 || end2.records == 0) {
            const bool a_done = a.filled == 0 && a.at_eof;
            const bool b_done = b.filled == 0 && b.at_eof;
            if (a_done && b_done) return false;
            if (a_done) throw_unequal(0);
            if (b_done) throw_unequal(1);
            is_large = true;
            return next_large(len, records, lines, large);
        }
    }
    if (end.bytes == 0) {
        if (a.filled == 0) return false;
        is_large = true;
        return next_large(len, records, lines, large);
    }
    // Whole compression units when at least one fits (see the header).
    if (end.records > unit_ && end.records % unit_ != 0) {
        const std::uint64_t n = end.records / unit_ * unit_;
        end = cut(0, cap, n, multiple_);
        if (streams_.size() == 2) end2 = cut(1, cap, n, 1);
    }
    std::memcpy(buf[0], a.buffer.data(), end.bytes);
    len[0] = end.bytes;
    if (streams_.size() == 2) {
        std::memcpy(buf[1], streams_[1].buffer.data(), end2.bytes);
        len[1] = end2.bytes;
    }
    records = end.records;
    lines = end.lines;
    a.consume(end.bytes);
    if (streams_.size() == 2) streams_[1].consume(len[1]);
    for (auto& s : streams_) s.fill();
    records_ += end.records;
    lines_ += end.lines;
    return true;
}

void ChunkReader::throw_too_large(std::size_t i, std::size_t cap) {
    throw io::IoError(name(i), "record " + std::to_string(records_ + 1) +
                                   (format_ == SeqFormat::Fastq && multiple_ == 1 && streams_.size() == 1
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
    : compression_(std::move(compression)), level_(plan.compression_level), unit_(unit_records),
      format_(plan.pipeline.input_format), multiple_(plan.mode.interleaved_input ? 2 : 1),
      two_files_(plan.input2.has_value()), names_{plan.input1, plan.input2.value_or(plan.input1)} {
    if (plan.paired) paired_ = std::make_unique<core::PairedPipeline>(plan.pipeline, *plan.paired);
    else pipeline_ = std::make_unique<core::Pipeline>(plan.pipeline);
    for (auto c : compression_) any_compressed_ = any_compressed_ || c != io::Compression::kNone;
    scratch_.resize(compression_.size());
    for (auto& r : raw_) r.resize(compression_.size());
}

ChunkWorker::~ChunkWorker() = default;

bool ChunkWorker::run_piece(const core::ChunkView& piece, core::Stats& stats, std::optional<std::string>& error) {
    auto e = paired_ ? paired_->run(piece, scratch_, stats) : pipeline_->run(piece, scratch_, stats);
    if (!e) return true;
    auto name = [this](int i) { return names_[i] == "-" ? std::string("<stdin>") : names_[i]; };
    const int input = paired_ ? paired_->error_input() : 0;
    error = describe(input == 2 ? name(0) + " and " + name(1) : name(input), *e);
    return false;
}

void ChunkWorker::run(const core::ChunkView& chunk, std::uint64_t records,
                      std::vector<std::string>& segments, std::string& stats_blob,
                      std::optional<std::string>& error) {
    const std::size_t outputs = compression_.size();
    for (auto& s : scratch_) s.clear();
    core::Stats stats;
    segments.resize(outputs);
    if (!any_compressed_) {
        if (!run_piece(chunk, stats, error)) return;
        for (std::size_t i = 0; i < outputs; ++i) segments[i].swap(scratch_[i]);
        stats_blob = core::serialize(stats);
        return;
    }

    for (auto& r : raw_)
        for (auto& s : r) s.clear();
    const std::uint64_t first = chunk.first_record;
    const std::uint64_t last = first + records;
    bool head_closes = first % unit_ == 0;
    std::string_view rest1 = chunk.bytes;
    std::string_view rest2 = chunk.bytes2;
    std::uint64_t lines = 0;
    for (std::uint64_t pos = first; pos < last;) {
        const std::uint64_t unit_end = (pos / unit_ + 1) * unit_;
        const std::uint64_t piece_end = std::min(last, unit_end);
        core::ChunkView piece;
        piece.first_record = pos;
        piece.first_line = chunk.first_line + lines;
        if (piece_end == last) {
            piece.bytes = rest1;
            piece.bytes2 = rest2;
        } else {
            const core::ChunkEnd e1 = core::find_chunk_end(rest1, format_, true, piece_end - pos, 1);
            piece.bytes = rest1.substr(0, e1.bytes);
            lines += e1.lines;
            if (two_files_)
                piece.bytes2 = rest2.substr(0, core::find_chunk_end(rest2, format_, true, piece_end - pos, 1).bytes);
        }
        rest1.remove_prefix(piece.bytes.size());
        rest2.remove_prefix(piece.bytes2.size());
        for (auto& s : scratch_) s.clear();
        if (!run_piece(piece, stats, error)) return;

        // 0: head of a unit begun in an earlier chunk, 1: whole unit, 2: tail.
        const bool whole = pos % unit_ == 0 && piece_end == unit_end;
        const int part = pos == first && first % unit_ != 0 ? 0 : (whole ? 1 : 2);
        if (part == 0) head_closes = piece_end == unit_end;
        for (std::size_t i = 0; i < outputs; ++i) {
            if (compression_[i] == io::Compression::kNone) {
                raw_[1][i] += scratch_[i];
            } else if (part == 1) {
                io::compress_member(scratch_[i], compression_[i], level_, raw_[1][i]);
            } else {
                raw_[part][i] += scratch_[i];
            }
        }
        pos = piece_end;
    }
    for (std::size_t i = 0; i < outputs; ++i) {
        std::string& seg = segments[i];
        seg.clear();
        if (compression_[i] == io::Compression::kNone) {
            seg.swap(raw_[1][i]);
            continue;
        }
        put_u64(seg, raw_[0][i].size());
        put_u64(seg, head_closes ? 1 : 0);
        put_u64(seg, raw_[2][i].size());
        seg += raw_[0][i];
        seg += raw_[1][i];
        seg += raw_[2][i];
    }
    stats_blob = core::serialize(stats);
}

OutputWriter::OutputWriter(const RunPlan& plan, core::Stats initial, std::vector<io::Compression> compression,
                           const std::vector<io::OutputTarget>& targets)
    : compression_(std::move(compression)), level_(plan.compression_level), total_(std::move(initial)) {
    for (const auto& t : targets) files_.emplace_back(t, plan.compression_level);
    pending_.resize(files_.size());
}

void OutputWriter::flush_pending(std::size_t i) {
    if (pending_[i].empty()) return;
    member_.clear();
    io::compress_member(pending_[i], compression_[i], level_, member_);
    files_[i].write(member_);
    pending_[i].clear();
}

void OutputWriter::consume(std::uint64_t, const std::vector<std::string_view>& segments, std::string_view blob) {
    if (segments.size() < files_.size()) throw std::runtime_error("internal error: missing output segments");
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const std::string_view seg = segments[i];
        if (compression_[i] == io::Compression::kNone) {
            if (!seg.empty()) files_[i].write(seg);
            continue;
        }
        if (seg.size() < kFrameHeader) throw std::runtime_error("internal error: malformed output segment");
        const std::uint64_t head = get_u64(seg, 0);
        const bool closes = get_u64(seg, 8) != 0;
        const std::uint64_t tail = get_u64(seg, 16);
        if (kFrameHeader + head + tail > seg.size()) throw std::runtime_error("internal error: malformed output segment");
        pending_[i].append(seg.substr(kFrameHeader, head));
        if (closes) flush_pending(i);
        const std::string_view members = seg.substr(kFrameHeader + head, seg.size() - kFrameHeader - head - tail);
        if (!members.empty()) files_[i].write(members);
        pending_[i].append(seg.substr(seg.size() - tail));
    }
    core::Stats chunk;
    if (!core::deserialize(blob, chunk)) throw std::runtime_error("internal error: malformed statistics blob");
    total_ += chunk;
}

std::string OutputWriter::finish() {
    for (std::size_t i = 0; i < files_.size(); ++i) flush_pending(i);
    for (auto& f : files_) f.close();
    return core::serialize(total_);
}

void OutputWriter::abort() {
    for (auto& f : files_) f.abort();
}

}  // namespace ringtrim::app

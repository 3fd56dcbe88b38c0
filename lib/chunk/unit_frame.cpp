#include "lib/chunk/unit_frame.hpp"

#include <algorithm>
#include <cstring>

namespace ringtrim::core {

namespace {

constexpr std::size_t kUnitTargetBytes = 256 * 1024;
constexpr std::uint64_t kMaxUnitRecords = 1024;
constexpr std::size_t kFrameHeader = 3 * sizeof(std::uint64_t);

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

UnitSplitter::UnitSplitter(const ChunkView& chunk, std::uint64_t records, std::uint64_t unit_records, SeqFormat format)
    : rest_(chunk),
      first_(chunk.first_record),
      end_(chunk.first_record + records),
      unit_(std::max<std::uint64_t>(unit_records, 1)),
      format_(format),
      head_closes_(first_ % unit_ == 0 || end_ >= (first_ / unit_ + 1) * unit_) {}

bool UnitSplitter::next(UnitPiece& piece) {
    const std::uint64_t pos = rest_.first_record;
    // Bytes left after the last record can only be a chunk without any
    // (FASTA text before the first header): one piece, for the parser to judge.
    if (pos >= end_ && rest_.bytes.empty() && rest_.bytes2.empty()) return false;
    const std::uint64_t unit_end = (pos / unit_ + 1) * unit_;
    const std::uint64_t piece_end = std::min(end_, unit_end);
    piece.records = rest_;
    if (piece_end < end_) {
        const std::uint64_t n = piece_end - pos;
        const ChunkEnd e = find_chunk_end(rest_.bytes, format_, true, n, 1);
        piece.records.bytes = rest_.bytes.substr(0, e.bytes);
        piece.records.bytes2 = rest_.bytes2.substr(0, find_chunk_end(rest_.bytes2, format_, true, n, 1).bytes);
        rest_.first_line += e.lines;
    }
    rest_.bytes.remove_prefix(piece.records.bytes.size());
    rest_.bytes2.remove_prefix(piece.records.bytes2.size());
    rest_.first_record = piece_end;
    // Only the first piece can start inside a unit.
    piece.part = pos % unit_ != 0 ? UnitPart::kHead : piece_end == unit_end ? UnitPart::kWhole : UnitPart::kTail;
    return true;
}

void append_segment(const SegmentFrame& frame, std::string& out) {
    put_u64(out, frame.head.size());
    put_u64(out, frame.head_closes ? 1 : 0);
    put_u64(out, frame.tail.size());
    out.append(frame.head);
    out.append(frame.members);
    out.append(frame.tail);
}

std::optional<SegmentFrame> parse_segment(std::string_view segment) {
    if (segment.size() < kFrameHeader) return std::nullopt;
    const std::uint64_t head = get_u64(segment, 0);
    const std::uint64_t closes = get_u64(segment, 8);
    const std::uint64_t tail = get_u64(segment, 16);
    const std::size_t body = segment.size() - kFrameHeader;
    if (closes > 1 || head > body || tail > body - head) return std::nullopt;
    SegmentFrame frame;
    frame.head = segment.substr(kFrameHeader, head);
    frame.head_closes = closes == 1;
    frame.members = segment.substr(kFrameHeader + head, body - head - tail);
    frame.tail = segment.substr(segment.size() - tail);
    return frame;
}

void SegmentBuilder::clear() {
    segment_.assign(kFrameHeader, '\0');
    head_ = 0;
    tail_ = 0;
    last_ = UnitPart::kHead;
}

bool SegmentBuilder::add(UnitPart part, std::string_view output, const CompressUnit& compress) {
    // The frame's order is the pieces' order: head, whole units, tail.
    if (part < last_ || (part != UnitPart::kWhole && part == last_ && segment_.size() > kFrameHeader)) return false;
    last_ = part;
    switch (part) {
        case UnitPart::kHead:
            segment_.append(output);
            head_ += output.size();
            break;
        case UnitPart::kWhole: compress(output, segment_); break;
        case UnitPart::kTail:
            segment_.append(output);
            tail_ += output.size();
            break;
    }
    return true;
}

void SegmentBuilder::finish(bool head_closes, std::string& segment) {
    const std::uint64_t header[3] = {head_, head_closes ? 1u : 0u, tail_};
    std::memcpy(segment_.data(), header, sizeof header);
    segment.swap(segment_);
    clear();
}

bool UnitJoiner::join(std::string_view segment, const CompressUnit& compress, const WriteBytes& write) {
    const std::optional<SegmentFrame> frame = parse_segment(segment);
    if (!frame) return false;
    pending_.append(frame->head);
    if (frame->head_closes) finish(compress, write);
    if (!frame->members.empty()) write(frame->members);
    pending_.append(frame->tail);
    return true;
}

void UnitJoiner::finish(const CompressUnit& compress, const WriteBytes& write) {
    if (pending_.empty()) return;
    member_.clear();
    compress(pending_, member_);
    write(member_);
    pending_.clear();
}

}  // namespace ringtrim::core

#include "lib/chunk/cut.hpp"

#include <algorithm>

namespace ringtrim::core {

namespace {

using Kind = ChunkCut::Kind;

// Records that stay together in input i.
std::uint64_t multiple_of(std::size_t i, const ChunkShape& shape) {
    return i == 0 ? std::max<std::uint64_t>(shape.record_multiple, 1) : 1;
}

bool exhausted(const BufferedInput& in) { return in.bytes.empty() && in.at_eof; }

// The input ends within its first `capacity` bytes.
bool ends_within(const BufferedInput& in, std::size_t capacity) { return in.at_eof && in.bytes.size() <= capacity; }

// Whole records of input i within its first `capacity` bytes, at most
// `max_records`. Only an input that ends within `capacity` is at EOF here.
ChunkEnd end_within(const BufferedInput& in, std::size_t i, std::size_t capacity, std::uint64_t max_records,
                    const ChunkShape& shape) {
    return find_chunk_end(in.bytes.substr(0, capacity), shape.format, ends_within(in, capacity), max_records,
                          multiple_of(i, shape));
}

ChunkCut make_cut(Kind kind, std::size_t input = 0) {
    ChunkCut cut;
    cut.kind = kind;
    cut.input = input;
    return cut;
}

// Paired inputs, one of which has no record within reach: the end when both
// are exhausted, unequal files when one is, else `otherwise`.
ChunkCut end_or_unequal(std::span<const BufferedInput> inputs, Kind otherwise) {
    const bool done0 = exhausted(inputs[0]);
    const bool done1 = exhausted(inputs[1]);
    if (done0 && done1) return make_cut(Kind::kEnd);
    if (done0 || done1) return make_cut(Kind::kUnequal, done0 ? 0 : 1);
    return make_cut(otherwise);
}

ChunkCut chunk_of(const ChunkEnd& end0, const ChunkEnd& end1) {
    ChunkCut cut;
    cut.kind = Kind::kChunk;
    cut.bytes[0] = end0.bytes;
    cut.bytes[1] = end1.bytes;
    cut.records = end0.records;
    cut.lines = end0.lines;
    return cut;
}

}  // namespace

ChunkCut cut_chunk(std::span<const BufferedInput> inputs, std::size_t capacity, const ChunkShape& shape) {
    const bool paired = inputs.size() == 2;
    const std::uint64_t unit = std::max<std::uint64_t>(shape.unit_records, 1);
    if (unit > 1 && !ends_within(inputs[0], capacity) && !(paired && ends_within(inputs[1], capacity))) {
        // One scan of each input in the usual case: whole units straight
        // away, what the code below gives whenever at least one unit fits in
        // both (unit_records is a multiple of record_multiple).
        const ChunkEnd units =
            find_chunk_end(inputs[0].bytes.substr(0, capacity), shape.format, false, UINT64_MAX, unit);
        if (units.records > 0) {
            if (!paired) return chunk_of(units, ChunkEnd{});
            const ChunkEnd mates = end_within(inputs[1], 1, capacity, units.records, shape);
            if (mates.records == units.records) return chunk_of(units, mates);
        }
    }
    ChunkEnd end0 = end_within(inputs[0], 0, capacity, UINT64_MAX, shape);
    ChunkEnd end1;
    if (paired) {
        end1 = end_within(inputs[1], 1, capacity, end0.records, shape);
        if (end1.records < end0.records) end0 = end_within(inputs[0], 0, capacity, end1.records, shape);
        if (end0.records == 0 || end1.records == 0) return end_or_unequal(inputs, Kind::kLongRecord);
    }
    if (end0.bytes == 0) return make_cut(inputs[0].bytes.empty() ? Kind::kEnd : Kind::kLongRecord);
    // Whole compression units when at least one fits.
    if (end0.records > unit && end0.records % unit != 0) {
        const std::uint64_t whole = end0.records / unit * unit;
        end0 = end_within(inputs[0], 0, capacity, whole, shape);
        if (paired) end1 = end_within(inputs[1], 1, capacity, whole, shape);
    }
    return chunk_of(end0, end1);
}

ChunkCut cut_first_record(std::span<const BufferedInput> inputs, const ChunkShape& shape) {
    ChunkEnd ends[2];
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::uint64_t n = multiple_of(i, shape);
        ends[i] = end_within(inputs[i], i, inputs[i].bytes.size(), n, shape);
        if (ends[i].records < n && !inputs[i].at_eof) return make_cut(Kind::kNeedMore, i);
    }
    // Every input now holds a whole record (pair) or is at EOF.
    if (inputs.size() == 2 && (exhausted(inputs[0]) || exhausted(inputs[1])))
        return end_or_unequal(inputs, Kind::kEnd);  // one is exhausted
    // No record end at all in input 0 (FASTA without a header line).
    if (ends[0].records == 0) return make_cut(inputs[0].bytes.empty() ? Kind::kEnd : Kind::kLongRecord);
    return chunk_of(ends[0], ends[1]);
}

}  // namespace ringtrim::core

#include "apps/roles/input_stream.hpp"

#include <algorithm>
#include <cstring>

#include "ipc/io/error.hpp"

namespace ringtrim::roles {

InputStream::InputStream(const std::string& path, std::size_t capacity)
    : file(path), buffer(std::min(capacity, kInitialBytes), '\0') {}

InputStream::InputStream(io::InputFile f, std::size_t capacity)
    : file(std::move(f)), buffer(std::min(capacity, kInitialBytes), '\0') {}

InputStream::InputStream(io::InputFile f, std::size_t capacity, std::string_view carried)
    : InputStream(std::move(f), capacity) {
    if (buffer.size() < carried.size()) buffer.resize(carried.size());
    std::memcpy(buffer.data(), carried.data(), carried.size());
    filled = carried.size();
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

void ReadState::throw_too_large(std::size_t i, std::size_t cap) const {
    const bool line_known = shape.format == core::SeqFormat::Fastq && shape.record_multiple == 1 && inputs == 1;
    throw io::IoError(names[i], "record " + std::to_string(records + 1) +
                                    (line_known ? " (line " + std::to_string(lines + 1) + ")" : std::string()) +
                                    " is longer than " + std::to_string(cap) +
                                    " bytes or never ends: the input is not FASTQ or FASTA");
}

void ReadState::throw_unequal(std::size_t shorter) const {
    throw io::IoError(names[shorter], "has fewer records than " + names[1 - shorter] + " (after record " +
                                          std::to_string(records) + "): the paired files are not in sync");
}

std::span<const core::BufferedInput> buffered(const std::vector<InputStream>& streams, core::BufferedInput out[2]) {
    for (std::size_t i = 0; i < streams.size(); ++i) out[i] = {streams[i].view(), streams[i].at_eof};
    return {out, streams.size()};
}

void grow_to_whole_record(std::vector<InputStream>& streams, const ReadState& state) {
    for (std::size_t i = 0; i < streams.size(); ++i) {
        InputStream& s = streams[i];
        for (;;) {
            s.fill();
            const core::BufferedInput in{s.view(), s.at_eof};
            // Stream by stream: input 1 of a pair is never interleaved.
            if (core::cut_first_record({&in, 1}, i == 0 ? state.shape : core::ChunkShape{state.shape.format}).kind !=
                core::ChunkCut::Kind::kNeedMore)
                break;
            if (s.buffer.size() >= ReadState::kMaxRecordBytes) state.throw_too_large(i, ReadState::kMaxRecordBytes);
            s.buffer.resize(std::min(ReadState::kMaxRecordBytes, s.buffer.size() * 2));
        }
    }
}

}  // namespace ringtrim::roles

#include "tests/fuzz/fuzz_targets.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <vector>

#include "lib/fastq/parse.hpp"

namespace ringtrim::fuzz {

namespace {

using core::ChunkEnd;
using core::ChunkParser;
using core::Error;
using core::Read;
using core::SeqFormat;

// A read-only copy of the input whose last byte sits just before a
// PROT_NONE page: reading one byte too far faults.
//
//   | data pages (PROT_READ)          | guard page (PROT_NONE) |
//   |          [..... copy of input ..]|                        |
//                                      ^ end of input
class GuardedBytes {
public:
    explicit GuardedBytes(std::string_view data) {
        const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        const std::size_t data_pages = (data.size() + page - 1) / page;
        total_ = (data_pages + 1) * page;
        void* p = mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        base_ = static_cast<char*>(p);
        char* guard = base_ + data_pages * page;
        char* begin = guard - data.size();
        if (!data.empty()) std::memcpy(begin, data.data(), data.size());
        mprotect(guard, page, PROT_NONE);
        if (data_pages > 0) mprotect(base_, data_pages * page, PROT_READ);
        view_ = std::string_view(begin, data.size());
    }
    ~GuardedBytes() { munmap(base_, total_); }
    GuardedBytes(const GuardedBytes&) = delete;
    GuardedBytes& operator=(const GuardedBytes&) = delete;

    std::string_view view() const { return view_; }

private:
    char* base_ = nullptr;
    std::size_t total_ = 0;
    std::string_view view_;
};

struct Parsed {
    std::vector<Read> reads;
    std::optional<Error> error;
};

bool same_read(const Read& a, const Read& b) {
    return a.name == b.name && a.sequence == b.sequence && a.qualities == b.qualities;
}

bool same_error(const std::optional<Error>& a, const std::optional<Error>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->message == b->message && a->record == b->record && a->line == b->line);
}

std::string describe(const std::optional<Error>& e) {
    if (!e) return "no error";
    return "record " + std::to_string(e->record) + " line " + std::to_string(e->line) + ": " + e->message;
}

// Whitespace as Python's str.strip() sees it in ASCII (dnaio's FASTA reader).
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }

// Does the line starting at `pos` start a FASTA record (first non-blank '>')?
bool fasta_header_at(std::string_view buf, std::size_t pos) {
    while (pos < buf.size() && buf[pos] != '\n' && is_space(buf[pos])) ++pos;
    return pos < buf.size() && buf[pos] == '>';
}

std::uint64_t count_newlines(std::string_view s) {
    return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), '\n'));
}

// Plain reference for find_chunk_end(), line by line.
ChunkEnd reference_chunk_end(std::string_view buf, SeqFormat format, bool at_eof, std::uint64_t max_records,
                             std::uint64_t multiple) {
    std::vector<std::size_t> line_starts;  // offsets of complete lines' successors
    for (std::size_t i = 0; i < buf.size(); ++i)
        if (buf[i] == '\n') line_starts.push_back(i + 1);
    const std::uint64_t total_lines = line_starts.size() + (!buf.empty() && buf.back() != '\n' ? 1 : 0);
    ChunkEnd best;
    std::uint64_t all_records = 0;
    if (format == SeqFormat::Fastq) {
        const std::uint64_t units = line_starts.size() / (4 * multiple);
        std::uint64_t records = units * multiple;
        if (multiple == 1) records = std::min(records, max_records);
        if (records > 0) best = {line_starts[records * 4 - 1], records, records * 4};
        all_records = best.records + (total_lines - best.lines + 3) / 4;
    } else {
        // A cut goes before a header line; it holds the records started before it.
        std::uint64_t started = fasta_header_at(buf, 0) ? 1 : 0;
        for (std::size_t k = 0; k < line_starts.size(); ++k) {
            const std::size_t pos = line_starts[k];
            if (!fasta_header_at(buf, pos)) continue;
            if (started > 0 && started % multiple == 0 && started <= max_records) best = {pos, started, k + 1};
            ++started;
        }
        all_records = started;
    }
    if (at_eof && best.records < max_records && best.bytes < buf.size()) return {buf.size(), all_records, total_lines};
    return best;
}

Parsed parse(std::string_view bytes, SeqFormat format, std::uint64_t first_record, std::uint64_t first_line) {
    Parsed out;
    ChunkParser parser(bytes, format, first_record, first_line);
    Read read;
    while (parser.next(read)) out.reads.push_back(read);
    out.error = parser.error();
    return out;
}

// Ends lines with "\r\n": the parser strips one '\r', so a field that itself
// ends in '\r' survives the round trip.
std::string render(const std::vector<Read>& reads, SeqFormat format) {
    std::string s;
    for (const auto& r : reads) {
        if (format == SeqFormat::Fastq)
            s += "@" + r.name + "\r\n" + r.sequence + "\r\n+\r\n" + r.qualities + "\r\n";
        else
            s += ">" + r.name + "\r\n" + r.sequence + "\r\n";
    }
    return s;
}

std::string check_chunker_impl(std::string_view data) {
    std::uint8_t p[4] = {0, 0, 0, 0};
    if (data.size() >= 4) {
        std::memcpy(p, data.data() + data.size() - 4, 4);
        data.remove_suffix(4);
    }
    const SeqFormat format = (p[0] & 1) ? SeqFormat::Fasta : SeqFormat::Fastq;
    const std::uint64_t multiple = (p[0] & 2) ? 2 : 1;
    const std::size_t capacity = 1 + (static_cast<std::size_t>(p[1]) | static_cast<std::size_t>(p[2]) << 8);
    const std::uint64_t max_records = (p[3] == 0 || multiple == 2) ? UINT64_MAX : p[3];

    const Parsed whole = parse(data, format, 0, 0);
    Parsed chunked;
    std::uint64_t record = 0, line = 0;
    std::size_t pos = 0;
    bool too_large = false;
    while (!chunked.error) {
        const std::string_view rest = data.substr(pos);
        const std::string_view window = rest.substr(0, capacity);
        const bool at_eof = rest.size() <= capacity;
        const ChunkEnd end = core::find_chunk_end(window, format, at_eof, max_records, multiple);
        const ChunkEnd ref = reference_chunk_end(window, format, at_eof, max_records, multiple);
        const std::string where = " (chunk at byte " + std::to_string(pos) + ", window " +
                                  std::to_string(window.size()) + ", at_eof " + std::to_string(at_eof) + ")";
        if (end.bytes != ref.bytes || end.records != ref.records || end.lines != ref.lines)
            return "find_chunk_end returned {" + std::to_string(end.bytes) + ", " + std::to_string(end.records) + ", " +
                   std::to_string(end.lines) + "}, the reference {" + std::to_string(ref.bytes) + ", " +
                   std::to_string(ref.records) + ", " + std::to_string(ref.lines) + "}" + where;
        if (end.bytes > window.size()) return "cut beyond the window" + where;
        if (end.bytes == 0) {
            if (rest.empty()) break;
            if (at_eof) return "no cut in a non-empty final window" + where;
            too_large = true;  // the app makes a chunk of this one record (ChunkReader::next_large)
            break;
        }
        const std::string_view chunk = window.substr(0, end.bytes);
        if (end.bytes < window.size() && chunk.back() != '\n') return "cut not after a newline" + where;
        if (end.bytes < rest.size() && format == SeqFormat::Fasta && !fasta_header_at(rest, end.bytes))
            return "FASTA cut not before a header line" + where;
        const std::uint64_t newlines = count_newlines(chunk);
        if (end.lines != newlines + (chunk.back() != '\n' ? 1 : 0)) return "line count wrong" + where;
        if (end.records > max_records) return "more records than max_records" + where;
        Parsed part = parse(chunk, format, record, line);
        if (!part.error && part.reads.size() != end.records)
            return "chunk parses into " + std::to_string(part.reads.size()) + " records, the chunker counted " +
                   std::to_string(end.records) + where;
        chunked.reads.insert(chunked.reads.end(), part.reads.begin(), part.reads.end());
        chunked.error = part.error;
        record += end.records;
        line += end.lines;
        pos += end.bytes;
    }
    if (!chunked.error && !too_large && pos != data.size()) return "chunks do not add up to the input";
    // Chunked parsing is whole parsing, up to where the app would stop.
    if (chunked.reads.size() > whole.reads.size()) return "chunked parsing returned more records than whole parsing";
    for (std::size_t i = 0; i < chunked.reads.size(); ++i)
        if (!same_read(chunked.reads[i], whole.reads[i]))
            return "record " + std::to_string(i + 1) + " differs between chunked and whole parsing";
    if (!too_large) {
        if (chunked.reads.size() != whole.reads.size())
            return "chunked parsing returned " + std::to_string(chunked.reads.size()) + " records, whole parsing " +
                   std::to_string(whole.reads.size());
        if (!same_error(chunked.error, whole.error))
            return "chunked parsing ended with " + describe(chunked.error) + ", whole parsing with " +
                   describe(whole.error);
    } else if (chunked.error && !same_error(chunked.error, whole.error)) {
        return "chunked parsing ended with " + describe(chunked.error) + ", whole parsing with " +
               describe(whole.error);
    }
    return {};
}

std::string check_parser_impl(std::string_view data) {
    std::uint8_t p[2] = {0, 0};
    if (data.size() >= 2) {
        std::memcpy(p, data.data() + data.size() - 2, 2);
        data.remove_suffix(2);
    }
    const SeqFormat format = (p[0] & 1) ? SeqFormat::Fasta : SeqFormat::Fastq;
    const std::uint64_t first_record = p[0] >> 1;
    const std::uint64_t first_line = format == SeqFormat::Fastq ? 4 * first_record : p[1];
    const std::uint64_t lines_in_chunk = count_newlines(data) + (!data.empty() && data.back() != '\n' ? 1 : 0);

    // find_invalid_byte() against a byte-by-byte scan.
    std::size_t invalid = std::string_view::npos;
    for (std::size_t i = 0; i < data.size() && invalid == std::string_view::npos; ++i)
        if (static_cast<unsigned char>(data[i]) >= 0x80) invalid = i;
    if (core::find_invalid_byte(data) != invalid)
        return "find_invalid_byte returned " + std::to_string(core::find_invalid_byte(data)) + ", expected " +
               std::to_string(invalid);

    ChunkParser parser(data, format, first_record, first_line);
    std::vector<Read> reads;
    Read read;
    while (parser.next(read)) {
        reads.push_back(read);
        if (parser.record_number() != first_record + reads.size())
            return "record_number() is " + std::to_string(parser.record_number()) + " after " +
                   std::to_string(reads.size()) + " records from " + std::to_string(first_record);
        for (const std::string* field : {&read.name, &read.sequence, &read.qualities})
            if (field->find('\n') != std::string::npos) return "a record field holds a newline";
        if (format == SeqFormat::Fastq) {
            if (read.sequence.size() != read.qualities.size()) return "sequence and qualities differ in length";
        } else if (!read.qualities.empty()) {
            return "a FASTA record has qualities";
        }
    }
    if (parser.next(read)) return "next() returned a record after the end or an error";
    if (const auto& e = parser.error()) {
        const std::uint64_t expected = first_record + reads.size() + 1;
        if (e->record != expected)
            return "error names record " + std::to_string(e->record) + ", expected " + std::to_string(expected);
        if (e->record < 1) return "error record is not 1-based";
        if (e->message.empty()) return "error without a message";
        if (e->line <= first_line || e->line > first_line + lines_in_chunk)
            return "error line " + std::to_string(e->line) + " is outside the chunk's lines " +
                   std::to_string(first_line + 1) + ".." + std::to_string(first_line + lines_in_chunk);
        if (format == SeqFormat::Fastq && (e->line - 1) / 4 + 1 != e->record)
            return "FASTQ error line " + std::to_string(e->line) + " is not one of record " +
                   std::to_string(e->record) + "'s lines";
    } else {
        const ChunkEnd end = core::find_chunk_end(data, format, true);
        if (end.records != reads.size())
            return "the parser returned " + std::to_string(reads.size()) + " records, the chunker counts " +
                   std::to_string(end.records);
    }
    // What we parsed renders into bytes that parse into the same records.
    const std::string again = render(reads, format);
    const Parsed reparsed = parse(again, format, 0, 0);
    if (reparsed.error) return "rendered records do not parse: " + describe(reparsed.error);
    if (reparsed.reads.size() != reads.size()) return "rendered records parse into a different count";
    for (std::size_t i = 0; i < reads.size(); ++i)
        if (!same_read(reads[i], reparsed.reads[i]))
            return "record " + std::to_string(i + 1) + " changes when rendered and parsed again";
    return {};
}

}  // namespace

std::string check_chunker(std::string_view data) {
    GuardedBytes bytes(data);
    return check_chunker_impl(bytes.view());
}

std::string check_parser(std::string_view data) {
    GuardedBytes bytes(data);
    return check_parser_impl(bytes.view());
}

}  // namespace ringtrim::fuzz

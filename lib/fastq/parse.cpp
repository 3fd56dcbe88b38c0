#include "lib/fastq/parse.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lib/simd/lines.hpp"

namespace ringtrim::core {

namespace {

// Position just after the next '\n' at or after `from`, or npos.
inline std::size_t after_newline(std::string_view buf, std::size_t from) {
    if (from >= buf.size()) return std::string_view::npos;
    const void* p = std::memchr(buf.data() + from, '\n', buf.size() - from);
    if (p == nullptr) return std::string_view::npos;
    return static_cast<std::size_t>(static_cast<const char*>(p) - buf.data()) + 1;
}

std::string shorten(std::string_view s, std::size_t max = 40) {
    std::string out;
    for (char c : s.substr(0, max)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
            out += hex[static_cast<unsigned char>(c) & 0xf];
        } else
            out += c;
    }
    if (s.size() > max) out += "...";
    return out;
}

// Whitespace that dnaio's FASTA reader strips from each line (Python's
// str.strip() in ASCII: space, \t \n \v \f \r and \x1c-\x1f).
constexpr std::string_view kFastaSpace = " \t\v\f\r\x1c\x1d\x1e\x1f";

inline bool is_fasta_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r' && c != '\n') || (c >= '\x1c' && c <= '\x1f');
}

// Does the line starting at `pos` start a FASTA record? dnaio strips the line
// first, so "  >name" is a header too.
inline bool fasta_header_at(std::string_view buf, std::size_t pos) {
    while (pos < buf.size() && is_fasta_space(buf[pos])) ++pos;
    return pos < buf.size() && buf[pos] == '>';
}

inline std::string_view strip_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

ChunkEnd find_fastq_end(std::string_view buf, bool at_eof, std::uint64_t max_records, std::uint64_t multiple) {
    // Records end every fourth newline; a chunk ends after a multiple of
    // `multiple` of them, the first such end at or past max_records.
    const std::uint64_t lines_per_unit = kFastqRecordLines * multiple;
    const std::uint64_t units = max_records / multiple + (max_records % multiple != 0 ? 1 : 0);
    const std::uint64_t max_lines = units > UINT64_MAX / lines_per_unit ? UINT64_MAX : units * lines_per_unit;
    const LineScan scan = scan_lines(buf, max_lines, lines_per_unit);
    const ChunkEnd best{scan.end, scan.lines / 4, scan.lines};
    if (at_eof && best.records < max_records && best.bytes < buf.size()) {
        // The rest is the final record(s), possibly incomplete or lacking the
        // final newline: hand it over whole, the parser decides.
        std::uint64_t rest_lines = scan_lines(buf.substr(best.bytes), UINT64_MAX, 1).lines;
        if (buf.back() != '\n') ++rest_lines;
        return {buf.size(), best.records + (rest_lines + 3) / 4, best.lines + rest_lines};
    }
    return best;
}

ChunkEnd find_fasta_end(std::string_view buf, bool at_eof, std::uint64_t max_records, std::uint64_t multiple) {
    // Record starts: every line whose first non-blank byte is '>' (usually
    // "\n>"). A record ends where the next one starts.
    ChunkEnd best;
    std::uint64_t starts = 0;
    std::uint64_t lines = 0;
    std::size_t pos = 0;
    bool started = fasta_header_at(buf, 0);
    if (started) starts = 1;
    while (true) {
        std::size_t next = after_newline(buf, pos);
        if (next == std::string_view::npos) break;
        ++lines;
        pos = next;
        if (fasta_header_at(buf, pos)) {
            // `starts` records are complete before this position (if started).
            std::uint64_t complete = started ? starts : 0;
            if (complete > 0 && complete % multiple == 0) best = {pos, complete, lines};
            if (!started) started = true;
            ++starts;
            if (best.records >= max_records) break;
        }
    }
    if (at_eof && best.records < max_records && best.bytes < buf.size()) {
        std::uint64_t rest_lines = lines - best.lines + (buf.back() != '\n' ? 1 : 0);
        return {buf.size(), starts, best.lines + rest_lines};
    }
    return best;
}

}  // namespace

ChunkEnd find_chunk_end(std::string_view buf, SeqFormat format, bool at_eof, std::uint64_t max_records,
                        std::uint64_t record_multiple) {
    if (record_multiple == 0) record_multiple = 1;
    return format == SeqFormat::Fastq ? find_fastq_end(buf, at_eof, max_records, record_multiple)
                                      : find_fasta_end(buf, at_eof, max_records, record_multiple);
}

ChunkParser::ChunkParser(std::string_view chunk, SeqFormat format, std::uint64_t first_record, std::uint64_t first_line)
    : chunk_(chunk.data()),
      size_(chunk.size()),
      newlines_(newline_mask(chunk.data(), chunk.size())),
      rest_(chunk),
      format_(format),
      record_(first_record),
      line_(first_line) {}

const char* ChunkParser::next_newline() {
    while (newlines_ == 0) {
        if (size_ - block_ <= 64) return nullptr;
        block_ += 64;
        newlines_ = newline_mask(chunk_ + block_, size_ - block_);
    }
    const char* p = chunk_ + block_ + std::countr_zero(newlines_);
    newlines_ &= newlines_ - 1;
    return p;
}

bool ChunkParser::take_line(std::string_view& line) {
    if (rest_.empty()) return false;
    const char* p = next_newline();
    std::size_t len = p ? static_cast<std::size_t>(p - rest_.data()) : rest_.size();
    line = strip_cr(rest_.substr(0, len));
    rest_.remove_prefix(p ? len + 1 : len);
    ++line_;
    return true;
}

bool ChunkParser::fail(std::string message, std::uint64_t line) {
    error_ = Error::input(std::move(message), record_, line);
    rest_ = {};
    return false;
}

bool ChunkParser::next(Read& read) {
    if (error_ || rest_.empty()) return false;
    return format_ == SeqFormat::Fastq ? next_fastq(read) : next_fasta(read);
}

bool ChunkParser::next_fastq(Read& read) {
    const std::string_view record_start = rest_;
    const std::uint64_t first_line = line_ + 1;
    ++record_;
    std::string_view header, seq, plus, qual;
    auto premature = [&]() {
        std::string_view incomplete = record_start.substr(0, record_start.size() - rest_.size());
        return fail("premature end of input: the final record is incomplete ('" + shorten(incomplete, 80) + "')",
                    line_);
    };
    if (!take_line(header)) return premature();
    if (header.empty() || header[0] != '@')
        return fail("expected '@' at the start of a record, found '" +
                        shorten(header.empty() ? std::string_view("\\n") : header.substr(0, 1)) + "'",
                    first_line);
    if (!take_line(seq)) return premature();
    if (!take_line(plus)) return premature();
    if (plus.empty() || plus[0] != '+')
        return fail("expected '+' at the start of the third line of a record, found '" +
                        shorten(plus.empty() ? std::string_view("\\n") : plus.substr(0, 1)) + "'",
                    line_);
    if (!take_line(qual)) return premature();
    std::string_view name = header.substr(1);
    std::string_view name2 = plus.substr(1);
    if (!name2.empty() && name2 != name)
        return fail("the name after '+' ('" + shorten(name2) + "') differs from the name after '@' ('" + shorten(name) +
                        "'); it must be empty or equal",
                    line_ - 1);
    if (seq.size() != qual.size())
        return fail("sequence and quality lengths differ (" + std::to_string(seq.size()) + " and " +
                        std::to_string(qual.size()) + ")",
                    line_);
    read.name.assign(name);
    read.sequence.assign(seq);
    read.qualities.assign(qual);
    last_lines_ = {seq, qual};
    return true;
}

bool ChunkParser::next_fasta(Read& read) {
    // Skip blank lines and '#' comment lines before the header.
    std::string_view line;
    while (true) {
        if (!take_line(line)) return false;
        auto first = line.find_first_not_of(kFastaSpace);
        if (first == std::string_view::npos || line[first] == '#') continue;
        line = line.substr(first);
        break;
    }
    ++record_;
    if (line[0] != '>')
        return fail("expected '>' at the start of a FASTA record, found '" + shorten(line) + "'", line_);
    auto last = line.find_last_not_of(kFastaSpace);
    read.name.assign(line.substr(1, last));
    read.sequence.clear();
    read.qualities.clear();
    while (!rest_.empty() && !fasta_header_at(rest_, 0)) {
        take_line(line);
        auto first = line.find_first_not_of(kFastaSpace);
        if (first == std::string_view::npos || line[first] == '#') continue;
        auto end = line.find_last_not_of(kFastaSpace);
        read.sequence.append(line.substr(first, end - first + 1));
    }
    return true;
}

std::size_t find_invalid_byte(std::string_view bytes) {
    // Branch-free OR over 8-byte words finds the common case (all ASCII) fast.
    const std::size_t n = bytes.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    // 64 bytes a time: the high bits of four vectors OR'ed together.
    for (; i + 64 <= n; i += 64) {
        const auto* p = reinterpret_cast<const __m128i*>(bytes.data() + i);
        const __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
                                         _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
        if (_mm_movemask_epi8(any) != 0) break;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        if (w & 0x8080808080808080ULL) break;
    }
    for (; i < n; ++i)
        if (static_cast<unsigned char>(bytes[i]) >= 0x80) return i;
    return std::string_view::npos;
}

std::optional<Error> check_ascii(std::string_view bytes, SeqFormat format, std::uint64_t first_record,
                                 std::uint64_t first_line, bool line_known) {
    const std::size_t bad = find_invalid_byte(bytes);
    if (bad == std::string_view::npos) return std::nullopt;
    std::uint64_t lines = 0;
    std::uint64_t headers = 0;  // FASTA records begun up to the bad byte's line
    for (std::size_t p = 0; p <= bad; ++p) {
        if (p == 0 || bytes[p - 1] == '\n') headers += bytes[p] == '>' ? 1 : 0;
        if (p < bad && bytes[p] == '\n') ++lines;
    }
    const std::uint64_t record =
        first_record + (format == SeqFormat::Fastq ? lines / 4 + 1 : std::max<std::uint64_t>(headers, 1));
    static const char* hex = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(bytes[bad]);
    return Error::input(std::string("non-ASCII byte 0x") + hex[c >> 4] + hex[c & 15] + " in the input", record,
                        line_known ? first_line + lines + 1 : 0);
}

std::optional<SeqFormat> format_from_name(std::string_view path) {
    std::string name(path);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view ext : {".gz", ".xz", ".bz2", ".zst"}) {
        if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
            name.resize(name.size() - ext.size());
            break;
        }
    }
    // os.path.splitext: extension after the last dot of the last component,
    // not counting leading dots.
    auto slash = name.find_last_of('/');
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    auto nondot = base.find_first_not_of('.');
    auto dot = base.find_last_of('.');
    if (dot == std::string::npos || nondot == std::string::npos || dot < nondot) return std::nullopt;
    std::string ext = base.substr(dot);
    std::string stem = base.substr(0, dot);
    if (ext == ".fasta" || ext == ".fa" || ext == ".fna" || ext == ".csfasta" || ext == ".csfa")
        return SeqFormat::Fasta;
    if (ext == ".fastq" || ext == ".fq") return SeqFormat::Fastq;
    if (ext == ".txt" && stem.size() >= 9 && stem.compare(stem.size() - 9, 9, "_sequence") == 0)
        return SeqFormat::Fastq;
    return std::nullopt;
}

std::optional<SeqFormat> format_from_content(std::string_view head) {
    if (head.empty()) return SeqFormat::Fastq;
    switch (head[0]) {
        case '@': return SeqFormat::Fastq;
        case '>':
        case '#': return SeqFormat::Fasta;
        default: return std::nullopt;
    }
}

}  // namespace ringtrim::core

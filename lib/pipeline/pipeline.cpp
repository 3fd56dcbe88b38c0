#include "lib/pipeline/pipeline.hpp"

#include <algorithm>

#include "lib/trim/adapter_cutter.hpp"

namespace ringtrim::core {

namespace {

std::size_t index(FilterName f) { return static_cast<std::size_t>(f); }

}  // namespace

Pipeline::Pipeline(const PipelineOptions& options)
    : options_(options), chain_(options_.modifiers, options_.adapter_cutter.get(), options_.quality_base) {}

Pipeline::~Pipeline() = default;

Stats Pipeline::empty_stats() const {
    Stats stats;
    chain_.declare(stats, 0);
    if (options_.minimum_length) stats.filtered[index(FilterName::TooShort)] = 0;
    if (options_.maximum_length) stats.filtered[index(FilterName::TooLong)] = 0;
    if (options_.max_n) stats.filtered[index(FilterName::TooManyN)] = 0;
    if (options_.discard_trimmed) stats.filtered[index(FilterName::DiscardTrimmed)] = 0;
    else if (options_.discard_untrimmed) stats.filtered[index(FilterName::DiscardUntrimmed)] = 0;
    return stats;
}

std::optional<ParseError> Pipeline::run(const ChunkInput& chunk, std::vector<std::string>& outputs, Stats& stats) {
    outputs.resize(options_.streams.size());
    Stats local = empty_stats();
    if (auto bad = find_invalid_byte(chunk.bytes); bad != std::string_view::npos) {
        // Locate the record and line of the offending byte.
        std::string_view before = chunk.bytes.substr(0, bad);
        std::uint64_t lines = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
        std::uint64_t line = chunk.first_line + lines + 1;
        std::uint64_t record = options_.input_format == SeqFormat::Fastq ? (line - 1) / 4 + 1 : 0;
        return ParseError{"non-ASCII byte 0x" + [&] {
                              static const char* hex = "0123456789abcdef";
                              auto c = static_cast<unsigned char>(chunk.bytes[bad]);
                              return std::string{hex[c >> 4], hex[c & 15]};
                          }() + " in the input",
                          record, line};
    }
    ChunkParser parser(chunk.bytes, options_.input_format, chunk.first_record, chunk.first_line);
    while (parser.next(read_)) process(read_, outputs, local);
    if (parser.error()) return parser.error();
    chain_.take_statistics(local, 0);
    stats += local;
    return std::nullopt;
}

void Pipeline::process(Read& read, std::vector<std::string>& outputs, Stats& stats) {
    stats.n += 1;
    stats.total_bp[0] += static_cast<std::int64_t>(read.sequence.size());
    info_.clear();
    chain_.apply(read, info_, stats, 0);
    const bool trimmed = !info_.empty();

    const auto length = static_cast<int>(read.sequence.size());
    if (options_.minimum_length && length < *options_.minimum_length) {
        ++*stats.filtered[index(FilterName::TooShort)];
        return;
    }
    if (options_.maximum_length && length > *options_.maximum_length) {
        ++*stats.filtered[index(FilterName::TooLong)];
        return;
    }
    if (options_.max_n) {
        std::size_t n_count = 0;
        for (char c : read.sequence) n_count += (c == 'N' || c == 'n');
        const double cutoff = *options_.max_n;
        bool drop;
        if (cutoff < 1.0) drop = length != 0 && static_cast<double>(n_count) / length > cutoff;
        else drop = static_cast<double>(n_count) > cutoff;
        if (drop) {
            ++*stats.filtered[index(FilterName::TooManyN)];
            return;
        }
    }
    if (options_.discard_trimmed && trimmed) {
        ++*stats.filtered[index(FilterName::DiscardTrimmed)];
        return;
    }
    if (options_.discard_untrimmed && !trimmed) {
        ++*stats.filtered[index(FilterName::DiscardUntrimmed)];
        return;
    }
    ++stats.written_lengths[0][length];
    const auto main = static_cast<std::size_t>(options_.main_stream);
    write_record(read, options_.streams[main].format, outputs[main]);
}

void Pipeline::write_record(const Read& read, SeqFormat format, std::string& out) const {
    if (format == SeqFormat::Fastq) {
        out += '@';
        out += read.name;
        out += '\n';
        out += read.sequence;
        out += "\n+\n";
        out += read.qualities;
        out += '\n';
    } else {
        out += '>';
        out += read.name;
        out += '\n';
        out += read.sequence;
        out += '\n';
    }
}

}  // namespace ringtrim::core

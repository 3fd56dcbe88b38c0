#include "lib/pipeline/pipeline.hpp"

#include <algorithm>

#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/qualtrim.hpp"

namespace ringtrim::core {

namespace {

// read[start:stop] with Python slice semantics on both sequence and qualities.
void slice(Read& read, long start, long stop) {
    const long n = static_cast<long>(read.sequence.size());
    auto clamp = [n](long i) {
        if (i < 0) i += n;
        return std::clamp(i, 0L, n);
    };
    start = clamp(start);
    stop = clamp(stop);
    if (stop < start) stop = start;
    const auto s = static_cast<std::size_t>(start);
    const auto len = static_cast<std::size_t>(stop - start);
    read.sequence.erase(s + len);
    read.sequence.erase(0, s);
    if (!read.qualities.empty()) {
        read.qualities.erase(s + len);
        read.qualities.erase(0, s);
    }
}

std::size_t index(FilterName f) { return static_cast<std::size_t>(f); }

}  // namespace

Pipeline::Pipeline(const PipelineOptions& options) : options_(options) {
    if (options_.adapter_cutter) cutter_ = std::make_unique<AdapterCutter>(*options_.adapter_cutter);
}

Pipeline::~Pipeline() = default;

Stats Pipeline::empty_stats() const {
    Stats stats;
    for (const auto& m : options_.modifiers) {
        if (m.kind == Modifier::Kind::QualityTrim || m.kind == Modifier::Kind::NextseqTrim)
            stats.quality_trimmed_bp[0] = stats.quality_trimmed_bp[0].value_or(0);
    }
    if (options_.minimum_length) stats.filtered[index(FilterName::TooShort)] = 0;
    if (options_.maximum_length) stats.filtered[index(FilterName::TooLong)] = 0;
    if (options_.max_n) stats.filtered[index(FilterName::TooManyN)] = 0;
    if (options_.discard_trimmed) stats.filtered[index(FilterName::DiscardTrimmed)] = 0;
    else if (options_.discard_untrimmed) stats.filtered[index(FilterName::DiscardUntrimmed)] = 0;
    if (cutter_) {
        AdapterCutter fresh(*options_.adapter_cutter);
        fresh.take_statistics(stats, 0);
    }
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
    if (cutter_) cutter_->take_statistics(local, 0);
    stats += local;
    return std::nullopt;
}

void Pipeline::process(Read& read, std::vector<std::string>& outputs, Stats& stats) {
    stats.n += 1;
    stats.total_bp[0] += static_cast<std::int64_t>(read.sequence.size());
    info_.clear();
    bool trimmed = false;
    for (const auto& m : options_.modifiers) {
        switch (m.kind) {
            case Modifier::Kind::Cut:
                if (m.value > 0) slice(read, m.value, static_cast<long>(read.sequence.size()));
                else if (m.value < 0) slice(read, 0, m.value);
                break;
            case Modifier::Kind::NextseqTrim: {
                int stop = nextseq_trim_index(read.sequence, read.qualities, m.value, options_.quality_base);
                *stats.quality_trimmed_bp[0] += static_cast<std::int64_t>(read.sequence.size()) - stop;
                slice(read, 0, stop);
                break;
            }
            case Modifier::Kind::QualityTrim: {
                auto [start, stop] =
                    quality_trim_index(read.qualities, m.cutoff_front, m.cutoff_back, options_.quality_base);
                *stats.quality_trimmed_bp[0] += static_cast<std::int64_t>(read.sequence.size()) - (stop - start);
                slice(read, start, stop);
                break;
            }
            case Modifier::Kind::Adapters:
                cutter_->apply(read, info_);
                trimmed = !info_.empty();
                break;
            case Modifier::Kind::Shorten:
                if (m.value >= 0) slice(read, 0, m.value);
                else slice(read, m.value, static_cast<long>(read.sequence.size()));
                break;
            case Modifier::Kind::TrimN: {
                const std::string& s = read.sequence;
                std::size_t start = 0;
                while (start < s.size() && s[start] == 'N') ++start;
                std::size_t stop = s.size();
                while (stop > 0 && s[stop - 1] == 'N') --stop;
                // All-N reads: Python gives read[len:0] == empty.
                if (stop < start) stop = start;
                slice(read, static_cast<long>(start), static_cast<long>(stop));
                break;
            }
        }
    }

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

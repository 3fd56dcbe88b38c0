#include "lib/pipeline/pipeline.hpp"

#include <algorithm>

#include "lib/filter/predicates.hpp"
#include "lib/pipeline/text_outputs.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace ringtrim::core {

namespace {

std::size_t index(FilterName f) { return static_cast<std::size_t>(f); }

}  // namespace

Pipeline::Pipeline(const PipelineOptions& options)
    : options_(options), chain_(options_.modifiers, options_.adapter_cutter.get(), options_.quality_base) {
    // cutadapt leaves out --max-ee (with a warning) when the input has no qualities.
    max_ee_active_ = options_.max_expected_errors.has_value() && options_.input_format == SeqFormat::Fastq;
}

Pipeline::~Pipeline() = default;

StatsLayout Pipeline::stats_layout() const {
    StatsLayout layout;
    chain_.declare(layout, 0);
    if (options_.minimum_length) layout.filters[index(FilterName::TooShort)] = true;
    if (options_.maximum_length) layout.filters[index(FilterName::TooLong)] = true;
    if (options_.max_n) layout.filters[index(FilterName::TooManyN)] = true;
    if (max_ee_active_) layout.filters[index(FilterName::TooManyExpectedErrors)] = true;
    if (options_.discard_casava) layout.filters[index(FilterName::CasavaFiltered)] = true;
    if (!options_.demultiplex) {
        if (options_.discard_trimmed) layout.filters[index(FilterName::DiscardTrimmed)] = true;
        else if (options_.discard_untrimmed || options_.untrimmed_stream)
            layout.filters[index(FilterName::DiscardUntrimmed)] = true;
    }
    return layout;
}

std::optional<ParseError> Pipeline::run(const ChunkInput& chunk, std::vector<std::string>& outputs, Stats& stats) {
    outputs.resize(options_.streams.size());
    Stats local;
    if (auto e = check_ascii(chunk.bytes, options_.input_format, chunk.first_record, chunk.first_line)) return e;
    ChunkParser parser(chunk.bytes, options_.input_format, chunk.first_record, chunk.first_line);
    while (parser.next(read_)) process(read_, outputs, local);
    if (parser.error()) return parser.error();
    chain_.take_statistics(local, 0);
    stats += local;
    return std::nullopt;
}

void Pipeline::write_text_outputs(const Read& read, std::vector<std::string>& outputs) {
    if (options_.rest_stream) append_rest_line(read, info_, outputs[static_cast<std::size_t>(*options_.rest_stream)]);
    if (options_.info_stream) {
        static const std::vector<Adapter> kNoAdapters;
        const auto* cutter = chain_.cutter();
        append_info_records(read, original_, info_, cutter ? cutter->adapters() : kNoAdapters, scratch_read_,
                            outputs[static_cast<std::size_t>(*options_.info_stream)]);
    }
    if (options_.wildcard_stream && chain_.cutter())
        append_wildcard_line(read, info_, chain_.cutter()->adapters(),
                             outputs[static_cast<std::size_t>(*options_.wildcard_stream)]);
}

void Pipeline::write_to(const Read& read, int stream, std::vector<std::string>& outputs) const {
    const auto i = static_cast<std::size_t>(stream);
    write_record(read, options_.streams[i].format, outputs[i]);
}

void Pipeline::process(Read& read, std::vector<std::string>& outputs, Stats& stats) {
    stats.n += 1;
    stats.total_bp[0] += static_cast<std::int64_t>(read.sequence.size());
    info_.clear();
    extras_.clear();
    if (options_.info_stream) {
        original_.sequence = read.sequence;
        original_.qualities = read.qualities;
    }
    chain_.apply(read, info_, extras_, stats, 0);
    const bool trimmed = !info_.empty();
    write_text_outputs(read, outputs);

    auto drop = [&](FilterName f, const std::optional<int>& stream) {
        ++stats.filtered[index(f)];
        if (stream) write_to(read, *stream, outputs);
    };
    if (options_.minimum_length && too_short(read, *options_.minimum_length))
        return drop(FilterName::TooShort, options_.too_short_stream);
    if (options_.maximum_length && too_long(read, *options_.maximum_length))
        return drop(FilterName::TooLong, options_.too_long_stream);
    if (options_.max_n && too_many_n(read, *options_.max_n)) return drop(FilterName::TooManyN, std::nullopt);
    if (max_ee_active_ && too_many_expected_errors(read, *options_.max_expected_errors))
        return drop(FilterName::TooManyExpectedErrors, std::nullopt);
    if (options_.max_average_error_rate && options_.input_format == SeqFormat::Fastq &&
        too_high_average_error_rate(read, *options_.max_average_error_rate))
        return;
    if (options_.discard_casava && casava_filtered(read)) return drop(FilterName::CasavaFiltered, std::nullopt);

    const auto length = static_cast<int>(read.sequence.size());
    if (options_.demultiplex) {
        std::optional<int> stream = options_.demultiplex_unknown_stream;
        if (trimmed) stream = options_.demultiplex_streams[static_cast<std::size_t>(info_.back().adapter)];
        if (!stream) return;
        ++stats.written_lengths[0][length];
        write_to(read, *stream, outputs);
        return;
    }
    if (options_.discard_trimmed) {
        if (trimmed) return drop(FilterName::DiscardTrimmed, std::nullopt);
    } else if (options_.discard_untrimmed || options_.untrimmed_stream) {
        if (!trimmed) return drop(FilterName::DiscardUntrimmed, options_.untrimmed_stream);
    }
    ++stats.written_lengths[0][length];
    write_to(read, options_.main_stream, outputs);
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

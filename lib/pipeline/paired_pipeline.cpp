#include "lib/pipeline/paired_pipeline.hpp"

#include <algorithm>
#include <tuple>

#include "lib/filter/predicates.hpp"
#include "lib/pipeline/text_outputs.hpp"
#include "lib/trim/mate_overlap.hpp"

namespace ringtrim::core {

namespace {

std::size_t index(FilterName f) { return static_cast<std::size_t>(f); }

std::string_view record_id(std::string_view name) { return name.substr(0, name.find_first_of(" \t")); }

bool is_mate_digit(char c) { return c == '1' || c == '2' || c == '3'; }

// cutadapt's PairedEndFilter decision from the two predicate results
// (nullopt: no predicate for that mate).
bool pair_is_filtered(PairFilterMode mode, std::optional<bool> first, std::optional<bool> second) {
    if (!second) return *first;
    if (!first) return *second;
    switch (mode) {
        case PairFilterMode::Any: return *first || *second;
        case PairFilterMode::Both: return *first && *second;
        case PairFilterMode::First: return *first;
    }
    return false;
}

}  // namespace

bool records_are_mates(std::string_view name1, std::string_view name2) {
    const std::string_view id1 = record_id(name1);
    const std::string_view id2 = record_id(name2);
    if (id1.size() != id2.size()) return false;
    if (id1 == id2) return true;
    const std::size_t last = id1.size() - 1;
    return id1.substr(0, last) == id2.substr(0, last) && is_mate_digit(id1[last]) && is_mate_digit(id2[last]);
}

PairedPipeline::PairedPipeline(const PipelineOptions& common, const PairedOptions& paired)
    : common_(common), options_(paired) {
    for (int m = 0; m < 2; ++m) {
        before_.emplace_back(options_.before[m], nullptr, common_.quality_base);
        after_.emplace_back(options_.after[m], nullptr, common_.quality_base);
        if (!options_.pair_adapters && options_.cutter[m])
            cutter_[m] = std::make_unique<AdapterCutter>(*options_.cutter[m]);
    }
    if (options_.pair_adapters) {
        for (int m = 0; m < 2; ++m) {
            pair_adapters_[m] = options_.adapters[m];
            for (const Adapter& a : options_.adapters[m])
                pair_cutters_[m].emplace_back(std::vector<Adapter>{a}, 1, options_.action, false);
        }
    }
    // -x/-y and --rename in the after chains name the mate's matched adapter.
    for (int m = 0; m < 2; ++m) after_[static_cast<std::size_t>(m)].set_adapter_names(&adapters_of(m));
    if (!options_.rename.empty()) tokenize_template(options_.rename, rename_tokens_);
    max_ee_active_ = options_.max_expected_errors.has_value() && common_.input_format == SeqFormat::Fastq;
}

PairedPipeline::~PairedPipeline() = default;

void PairedPipeline::declare_adapters(StatsLayout& layout) const {
    for (int m = 0; m < 2; ++m) {
        if (cutter_[m]) cutter_[m]->describe(layout, m);
        if (options_.pair_adapters) {
            layout.adapter_cutting[static_cast<std::size_t>(m)] = true;
            for (const AdapterCutter& c : pair_cutters_[m]) c.describe(layout, m);
        }
    }
}

StatsLayout PairedPipeline::stats_layout() const {
    StatsLayout layout;
    layout.paired = true;
    for (int m = 0; m < 2; ++m) {
        before_[m].declare(layout, m);
        after_[m].declare(layout, m);
    }
    declare_adapters(layout);
    if (options_.mate_overlap) layout.overlap_trimming = true;
    if (options_.minimum_length[0] || options_.minimum_length[1]) layout.filters[index(FilterName::TooShort)] = true;
    if (options_.maximum_length[0] || options_.maximum_length[1]) layout.filters[index(FilterName::TooLong)] = true;
    if (options_.max_n) layout.filters[index(FilterName::TooManyN)] = true;
    if (max_ee_active_) layout.filters[index(FilterName::TooManyExpectedErrors)] = true;
    if (options_.discard_casava) layout.filters[index(FilterName::CasavaFiltered)] = true;
    if (options_.demultiplex == PairedDemultiplex::None) {
        if (options_.discard_trimmed) layout.filters[index(FilterName::DiscardTrimmed)] = true;
        else if (options_.discard_untrimmed || options_.untrimmed.present())
            layout.filters[index(FilterName::DiscardUntrimmed)] = true;
    }
    return layout;
}

void PairedPipeline::take_statistics(Stats& stats) {
    for (int m = 0; m < 2; ++m) {
        if (cutter_[m]) cutter_[m]->take_statistics(stats, m);
        // --pair-adapters: cutter i holds adapter i of the mate.
        for (std::size_t i = 0; i < pair_cutters_[m].size(); ++i)
            pair_cutters_[m][i].take_statistics(stats, m, static_cast<std::uint32_t>(i));
    }
}

std::optional<ParseError> PairedPipeline::run(const ChunkInput& chunk, std::vector<std::string>& outputs,
                                              Stats& stats) {
    outputs.resize(common_.streams.size());
    error_input_ = 0;
    const bool fastq = common_.input_format == SeqFormat::Fastq;
    if (auto e = check_ascii(chunk.bytes, common_.input_format, chunk.first_record, chunk.first_line)) return e;
    if (!options_.interleaved_input) {
        // The second file's lines are known for FASTQ only (4 per record).
        if (auto e = check_ascii(chunk.bytes2, common_.input_format, chunk.first_record, 4 * chunk.first_record,
                                 fastq)) {
            error_input_ = 1;
            return e;
        }
    }
    Stats local;
    ChunkParser parser1(chunk.bytes, common_.input_format, chunk.first_record, chunk.first_line);
    ChunkParser parser2(chunk.bytes2, common_.input_format, chunk.first_record, fastq ? 4 * chunk.first_record : 0);
    ChunkParser& mate_parser = options_.interleaved_input ? parser1 : parser2;
    while (true) {
        const bool got1 = parser1.next(read_[0]);
        if (!got1 && parser1.error()) return parser1.error();
        const bool got2 = got1 ? mate_parser.next(read_[1]) : !options_.interleaved_input && parser2.next(read_[1]);
        if (!got2 && mate_parser.error()) {
            error_input_ = options_.interleaved_input ? 0 : 1;
            return mate_parser.error();
        }
        if (!got1 && !got2) break;
        if (options_.interleaved_input) {
            if (!got2)
                return ParseError{"interleaved input file incomplete: last record '" + read_[0].name +
                                      "' has no partner",
                                  parser1.record_number(), 0};
            if (!records_are_mates(read_[0].name, read_[1].name))
                return ParseError{"reads are improperly paired: name '" + read_[0].name + "' (first) does not match '" +
                                      read_[1].name + "' (second)",
                                  parser1.record_number(), 0};
        } else {
            if (got1 != got2) {
                error_input_ = 2;
                return ParseError{std::string("reads are improperly paired: there are more reads in file ") +
                                      (got1 ? "1 than in file 2" : "2 than in file 1"),
                                  got1 ? parser1.record_number() : parser2.record_number(), 0};
            }
            if (!records_are_mates(read_[0].name, read_[1].name)) {
                error_input_ = 2;
                return ParseError{"reads are improperly paired: read name '" + read_[0].name +
                                      "' in file 1 does not match '" + read_[1].name + "' in file 2",
                                  parser1.record_number(), 0};
            }
        }
        if (auto e = process(outputs, local)) {
            error_input_ = options_.interleaved_input ? 0 : 2;
            e->record = parser1.record_number();
            return e;
        }
    }
    take_statistics(local);
    stats += local;
    return std::nullopt;
}

void PairedPipeline::trim_adapter_pair() {
    // cutadapt's PairedAdapterCutter._find_best_match_pair: highest total
    // score, then fewest total errors; the earlier pair wins ties.
    int best = -1;
    int best_score = 0;
    int best_errors = 0;
    for (std::size_t i = 0; i < pair_adapters_[0].size(); ++i) {
        if (!pair_adapters_[0][i].match_to(read_[0].sequence, candidate_[0])) continue;
        if (!pair_adapters_[1][i].match_to(read_[1].sequence, candidate_[1])) continue;
        const int score = candidate_[0].score() + candidate_[1].score();
        const int errors = candidate_[0].errors() + candidate_[1].errors();
        if (best < 0 || score > best_score || (score == best_score && errors < best_errors)) {
            best = static_cast<int>(i);
            best_score = score;
            best_errors = errors;
        }
    }
    if (best < 0) return;
    for (int m = 0; m < 2; ++m) {
        // The single-adapter cutter finds the same match again, applies the
        // action and counts it.
        scratch_.clear();
        pair_cutters_[m][static_cast<std::size_t>(best)].apply(read_[m], scratch_);
        for (std::size_t j = 0; j < scratch_.size(); ++j) {
            Match& match = info_[m].append();
            match = scratch_[j];
            match.adapter = best;
        }
    }
}

const std::vector<Adapter>& PairedPipeline::adapters_of(int mate) const {
    static const std::vector<Adapter> kNoAdapters;
    if (options_.pair_adapters) return pair_adapters_[mate];
    return cutter_[mate] ? cutter_[mate]->adapters() : kNoAdapters;
}

std::string_view PairedPipeline::last_adapter_name(int mate) const {
    const MatchInfo& info = info_[mate];
    if (info.empty()) return "no_adapter";
    return adapters_of(mate)[static_cast<std::size_t>(info.back().adapter)].name();
}

std::optional<ParseError> PairedPipeline::rename_pair() {
    // cutadapt reports the R1 comment as the second id here.
    if (!records_are_mates(read_[0].name, read_[1].name)) {
        const auto [id1, comment1] = parse_name(read_[0].name);
        return ParseError{"Input read IDs not identical: '" + std::string(id1) + "' != '" + std::string(comment1) + "'",
                          0, 0};
    }
    RenameValues values[2];
    for (int m = 0; m < 2; ++m) {
        RenameValues& v = values[m];
        v.header = read_[m].name;
        std::tie(v.id, v.comment) = parse_name(read_[m].name);
        v.cut_prefix = extras_[m].cut_prefix;
        v.cut_suffix = extras_[m].cut_suffix;
        v.adapter_name = last_adapter_name(m);
        match_sequence_[m].clear();
        if (!info_[m].empty()) info_[m].back().append_match_sequence(match_sequence_[m]);
        v.match_sequence = match_sequence_[m];
        v.rn = m == 0 ? "1" : "2";
    }
    for (int m = 0; m < 2; ++m) {
        rename_scratch_[m].clear();
        render_template(rename_tokens_, values[m], &values[0], &values[1], rename_scratch_[m]);
    }
    if (!records_are_mates(rename_scratch_[0], rename_scratch_[1])) {
        return ParseError{"After renaming R1 and R2, their IDs are no longer identical: '" +
                              std::string(parse_name(rename_scratch_[0]).first) + "' != '" +
                              std::string(parse_name(rename_scratch_[1]).first) + "'. Original read ID: '" +
                              std::string(values[0].id) + "'. ",
                          0, 0};
    }
    for (int m = 0; m < 2; ++m) read_[m].name.swap(rename_scratch_[m]);
    return std::nullopt;
}

void PairedPipeline::trim_to_mate_overlap(Stats& stats) {
    const auto length = mate_overlap_insert_length(read_[0].sequence, read_[1].sequence);
    if (!length) return;
    stats.overlap_trimmed_pairs += 1;
    for (int m = 0; m < 2; ++m) {
        stats.overlap_trimmed_bp[m] += static_cast<std::int64_t>(read_[m].sequence.size()) - *length;
        slice_read(read_[m], 0, *length);
    }
}

std::optional<ParseError> PairedPipeline::process(std::vector<std::string>& outputs, Stats& stats) {
    Read& r1 = read_[0];
    Read& r2 = read_[1];
    stats.n += 1;
    stats.total_bp[0] += static_cast<std::int64_t>(r1.sequence.size());
    stats.total_bp[1] += static_cast<std::int64_t>(r2.sequence.size());
    if (options_.info_stream) {
        original_.sequence = r1.sequence;
        original_.qualities = r1.qualities;
    }
    if (options_.info_stream2) {
        original2_.sequence = r2.sequence;
        original2_.qualities = r2.qualities;
    }
    if (options_.mate_overlap) trim_to_mate_overlap(stats);
    for (int m = 0; m < 2; ++m) {
        info_[m].clear();
        extras_[m].clear();
        before_[static_cast<std::size_t>(m)].apply(read_[m], info_[m], extras_[m], stats, m);
    }
    if (options_.pair_adapters) {
        trim_adapter_pair();
    } else {
        for (int m = 0; m < 2; ++m)
            if (cutter_[m]) cutter_[m]->apply(read_[m], info_[m]);
    }
    for (int m = 0; m < 2; ++m)
        after_[static_cast<std::size_t>(m)].apply(read_[m], info_[m], extras_[m], stats, m);
    if (!rename_tokens_.empty())
        if (auto e = rename_pair()) return e;
    // cutadapt writes the rest, info and wildcard files for R1 only.
    if (options_.rest_stream)
        append_rest_line(r1, info_[0], outputs[static_cast<std::size_t>(*options_.rest_stream)]);
    if (options_.info_stream)
        append_info_records(r1, original_, info_[0], adapters_of(0), info_scratch_,
                            outputs[static_cast<std::size_t>(*options_.info_stream)]);
    if (options_.info_stream2)
        append_info_records(r2, original2_, info_[1], adapters_of(1), info_scratch_,
                            outputs[static_cast<std::size_t>(*options_.info_stream2)]);
    if (options_.wildcard_stream)
        append_wildcard_line(r1, info_[0], adapters_of(0),
                             outputs[static_cast<std::size_t>(*options_.wildcard_stream)]);

    const PairFilterMode mode = options_.pair_filter;
    const int length1 = static_cast<int>(r1.sequence.size());
    const int length2 = static_cast<int>(r2.sequence.size());
    auto test = [](const std::optional<int>& bound, bool hit) -> std::optional<bool> {
        if (!bound) return std::nullopt;
        return hit;
    };
    const auto& min = options_.minimum_length;
    if (min[0] || min[1]) {
        if (pair_is_filtered(mode, test(min[0], min[0] && length1 < *min[0]), test(min[1], min[1] && length2 < *min[1]))) {
            ++stats.filtered[index(FilterName::TooShort)];
            if (options_.too_short.present()) write_pair(options_.too_short, outputs);
            return std::nullopt;
        }
    }
    const auto& max = options_.maximum_length;
    if (max[0] || max[1]) {
        if (pair_is_filtered(mode, test(max[0], max[0] && length1 > *max[0]), test(max[1], max[1] && length2 > *max[1]))) {
            ++stats.filtered[index(FilterName::TooLong)];
            if (options_.too_long.present()) write_pair(options_.too_long, outputs);
            return std::nullopt;
        }
    }
    if (options_.max_n) {
        if (pair_is_filtered(mode, too_many_n(r1, *options_.max_n), too_many_n(r2, *options_.max_n))) {
            ++stats.filtered[index(FilterName::TooManyN)];
            return std::nullopt;
        }
    }
    if (max_ee_active_) {
        const double limit = *options_.max_expected_errors;
        if (pair_is_filtered(mode, too_many_expected_errors(r1, limit),
                             too_many_expected_errors(r2, limit))) {
            ++stats.filtered[index(FilterName::TooManyExpectedErrors)];
            return std::nullopt;
        }
    }
    if (options_.max_average_error_rate && common_.input_format == SeqFormat::Fastq) {
        const double rate = *options_.max_average_error_rate;
        if (pair_is_filtered(mode, too_high_average_error_rate(r1, rate), too_high_average_error_rate(r2, rate)))
            return std::nullopt;
    }
    if (options_.discard_casava) {
        if (pair_is_filtered(mode, casava_filtered(r1), casava_filtered(r2))) {
            ++stats.filtered[index(FilterName::CasavaFiltered)];
            return std::nullopt;
        }
    }
    const bool trimmed1 = info_[0].trimmed();
    const bool trimmed2 = info_[1].trimmed();
    StreamPair to = options_.out;
    switch (options_.demultiplex) {
        case PairedDemultiplex::None:
            if (options_.discard_trimmed) {
                if (pair_is_filtered(mode, trimmed1, trimmed2)) {
                    ++stats.filtered[index(FilterName::DiscardTrimmed)];
                    return std::nullopt;
                }
            } else if (options_.discard_untrimmed || options_.untrimmed.present()) {
                const PairFilterMode untrimmed_mode =
                    options_.override_untrimmed_pair_filter ? PairFilterMode::Both : mode;
                if (pair_is_filtered(untrimmed_mode, !trimmed1, !trimmed2)) {
                    ++stats.filtered[index(FilterName::DiscardUntrimmed)];
                    if (options_.untrimmed.present()) write_pair(options_.untrimmed, outputs);
                    return std::nullopt;
                }
            }
            break;
        case PairedDemultiplex::Normal:
            if (trimmed1) to = options_.demultiplex_out[static_cast<std::size_t>(info_[0].back().adapter)];
            else to = options_.untrimmed;
            break;
        case PairedDemultiplex::Combinatorial: {
            const int i1 = trimmed1 ? info_[0].back().adapter + 1 : 0;
            const int i2 = trimmed2 ? info_[1].back().adapter + 1 : 0;
            to = options_.demultiplex_out[static_cast<std::size_t>(i1 * (options_.adapter_count2 + 1) + i2)];
            break;
        }
    }
    if (!to.present()) return std::nullopt;
    ++stats.written_lengths[0][length1];
    ++stats.written_lengths[1][length2];
    write_pair(to, outputs);
    return std::nullopt;
}

void PairedPipeline::write_pair(const StreamPair& to, std::vector<std::string>& outputs) const {
    write_record(read_[0], to.first, outputs);
    write_record(read_[1], to.second >= 0 ? to.second : to.first, outputs);
}

void PairedPipeline::write_record(const Read& read, int stream, std::vector<std::string>& outputs) const {
    const auto s = static_cast<std::size_t>(stream);
    std::string& out = outputs[s];
    if (common_.streams[s].format == SeqFormat::Fastq) {
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

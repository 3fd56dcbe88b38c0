#include "lib/pipeline/pipeline.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "lib/filter/predicates.hpp"
#include "lib/pipeline/text_outputs.hpp"
#include "lib/trim/mate_overlap.hpp"

namespace ringtrim::core {

namespace {

std::size_t index(FilterName f) { return static_cast<std::size_t>(f); }

bool is_mate_digit(char c) { return c == '1' || c == '2' || c == '3'; }

// cutadapt's PairedEndFilter decision from the two predicate results
// (nullopt: no predicate for that mate, or no second mate: SingleEndFilter).
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

void append_record(const Read& read, SeqFormat format, std::string& out) {
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

}  // namespace

bool records_are_mates(std::string_view name1, std::string_view name2) {
    // The usual case in one pass: the same bytes up to where both ids end.
    const std::size_t common = std::min(name1.size(), name2.size());
    std::size_t i = 0;
    while (i < common && name1[i] == name2[i] && name1[i] != ' ' && name1[i] != '\t') ++i;
    const auto id_ends_at = [i](std::string_view name) {
        return i == name.size() || name[i] == ' ' || name[i] == '\t';
    };
    if (id_ends_at(name1) && id_ends_at(name2)) return true;
    const std::string_view id1 = record_id(name1);
    const std::string_view id2 = record_id(name2);
    if (id1.size() != id2.size()) return false;
    if (id1 == id2) return true;
    const std::size_t last = id1.size() - 1;
    return id1.substr(0, last) == id2.substr(0, last) && is_mate_digit(id1[last]) && is_mate_digit(id2[last]);
}

Pipeline::Pipeline(const PipelineOptions& options) : options_(options), mates_(options.paired() ? 2 : 1) {
    for (int m = 0; m < mates_; ++m) {
        before_.emplace_back(options_.before[m], options_.quality_base);
        after_.emplace_back(options_.after[m], options_.quality_base);
        if (!options_.pair_adapters && options_.cutter[m])
            cutter_[m] = std::make_unique<AdapterCutter>(*options_.cutter[m]);
        if (options_.pair_adapters)
            for (const Adapter& a : options_.adapters[m])
                pair_cutters_[m].emplace_back(std::vector<Adapter>{a}, 1, options_.action, false);
    }
    // -x/-y in the after chains name the mate's matched adapter.
    for (int m = 0; m < mates_; ++m) after_[static_cast<std::size_t>(m)].set_adapter_names(&adapters_of(m));
    if (!options_.rename.empty()) tokenize_template(options_.rename, rename_tokens_);
    if (options_.cycle_stats) cycles_ = std::make_unique<CycleCounters>();
    // cutadapt leaves out --max-ee (with a warning) when the input has no qualities.
    max_ee_active_ = options_.max_expected_errors.has_value() && options_.input_format == SeqFormat::Fastq;
    build_filters();
}

Pipeline::~Pipeline() = default;

void Pipeline::build_filters() {
    using Test = Filter::Test;
    const PairFilterMode mode = options_.pair_filter;
    auto both = [](std::optional<double> v) { return std::array<std::optional<double>, 2>{v, v}; };
    auto add = [&](Test test, std::array<std::optional<double>, 2> limit, std::optional<FilterName> counter,
                   StreamPair to = {}, std::optional<PairFilterMode> own_mode = std::nullopt) {
        filters_.push_back(Filter{test, {limit[0], limit[1]}, own_mode.value_or(mode), counter, to});
    };
    auto lengths = [](const std::optional<int>(&bound)[2]) {
        std::array<std::optional<double>, 2> out;
        for (int m = 0; m < 2; ++m)
            if (bound[m]) out[static_cast<std::size_t>(m)] = *bound[m];
        return out;
    };
    if (options_.minimum_length[0] || options_.minimum_length[1])
        add(Test::TooShort, lengths(options_.minimum_length), FilterName::TooShort, options_.too_short);
    if (options_.maximum_length[0] || options_.maximum_length[1])
        add(Test::TooLong, lengths(options_.maximum_length), FilterName::TooLong, options_.too_long);
    if (options_.max_n) add(Test::TooManyN, both(options_.max_n), FilterName::TooManyN);
    if (max_ee_active_) add(Test::TooManyEE, both(options_.max_expected_errors), FilterName::TooManyExpectedErrors);
    if (options_.max_average_error_rate && options_.input_format == SeqFormat::Fastq)
        add(Test::TooHighAER, both(options_.max_average_error_rate), std::nullopt);
    if (options_.discard_casava) add(Test::Casava, both(0.0), FilterName::CasavaFiltered);
    if (options_.demultiplex != Demultiplex::None) return;
    if (options_.discard_trimmed) {
        add(Test::Trimmed, both(0.0), FilterName::DiscardTrimmed);
    } else if (options_.discard_untrimmed || options_.untrimmed.present()) {
        add(Test::Untrimmed, both(0.0), FilterName::DiscardUntrimmed, options_.untrimmed,
            options_.override_untrimmed_pair_filter ? std::optional(PairFilterMode::Both) : std::nullopt);
    }
}

bool Pipeline::takes(const Filter& f, int mate) const {
    const Read& read = read_[mate];
    const double limit = *f.limit[mate];
    switch (f.test) {
        case Filter::Test::TooShort: return too_short(read, static_cast<int>(limit));
        case Filter::Test::TooLong: return too_long(read, static_cast<int>(limit));
        case Filter::Test::TooManyN: return too_many_n(read, limit);
        case Filter::Test::TooManyEE: return too_many_expected_errors(read, limit);
        case Filter::Test::TooHighAER: return too_high_average_error_rate(read, limit);
        case Filter::Test::Casava: return casava_filtered(read);
        case Filter::Test::Trimmed: return info_[mate].trimmed();
        case Filter::Test::Untrimmed: return !info_[mate].trimmed();
    }
    return false;
}

const std::vector<Adapter>& Pipeline::adapters_of(int mate) const {
    static const std::vector<Adapter> kNoAdapters;
    if (options_.pair_adapters) return options_.adapters[mate];
    return cutter_[mate] ? cutter_[mate]->adapters() : kNoAdapters;
}

void Pipeline::declare_adapters(StatsLayout& layout) const {
    for (int m = 0; m < mates_; ++m) {
        if (cutter_[m]) cutter_[m]->describe(layout, m);
        if (options_.pair_adapters) {
            layout.adapter_cutting[static_cast<std::size_t>(m)] = true;
            for (const AdapterCutter& c : pair_cutters_[m]) c.describe(layout, m);
        }
    }
}

StatsLayout Pipeline::stats_layout() const {
    StatsLayout layout;
    layout.paired = mates_ == 2;
    for (int m = 0; m < mates_; ++m) {
        before_[static_cast<std::size_t>(m)].declare(layout, m);
        after_[static_cast<std::size_t>(m)].declare(layout, m);
    }
    declare_adapters(layout);
    if (options_.mate_overlap) layout.overlap_trimming = true;
    for (const Filter& f : filters_)
        if (f.counter) layout.filters[index(*f.counter)] = true;
    return layout;
}

void Pipeline::take_statistics(Stats& stats) {
    for (int m = 0; m < mates_; ++m) {
        if (cutter_[m]) cutter_[m]->take_statistics(stats, m);
        // --pair-adapters: cutter i holds adapter i of the mate.
        for (std::size_t i = 0; i < pair_cutters_[m].size(); ++i)
            pair_cutters_[m][i].take_statistics(stats, m, static_cast<std::uint32_t>(i));
    }
}

std::optional<Error> Pipeline::run(const ChunkView& chunk, std::vector<std::string>& outputs, Stats& stats) {
    outputs.resize(options_.streams.size());
    error_input_ = 0;
    const SeqFormat format = options_.input_format;
    const bool fastq = format == SeqFormat::Fastq;
    const bool two_files = mates_ == 2 && !options_.interleaved_input;
    if (auto e = check_ascii(chunk.bytes, format, chunk.first_record, chunk.first_line)) return e;
    // The second file's lines are known for FASTQ only (4 per record).
    const std::uint64_t first_line2 = fastq ? 4 * chunk.first_record : 0;
    if (two_files) {
        if (auto e = check_ascii(chunk.bytes2, format, chunk.first_record, first_line2, fastq)) {
            error_input_ = 1;
            return e;
        }
    }
    Stats local;
    for (auto& counts : written_) std::fill(counts.begin(), counts.end(), 0);
    if (cycles_) cycles_->clear();
    ChunkParser parser1(chunk.bytes, format, chunk.first_record, chunk.first_line);
    ChunkParser parser2(chunk.bytes2, format, chunk.first_record, first_line2);
    const auto process_read = cycles_ ? &Pipeline::process<true> : &Pipeline::process<false>;
    while (true) {
        bool got = false;
        if (auto e = read_next(parser1, parser2, got)) return e;
        if (!got) break;
        if (auto e = (this->*process_read)(outputs, local)) {
            error_input_ = two_files ? 2 : 0;
            e->record = parser1.record_number();
            return e;
        }
    }
    for (int m = 0; m < mates_; ++m) {
        const std::vector<std::int64_t>& counts = written_[m];
        for (std::size_t length = 0; length < counts.size(); ++length)
            if (counts[length] != 0) local.written_lengths[m][static_cast<int>(length)] += counts[length];
    }
    take_statistics(local);
    if (cycles_) cycles_->take(local.cycles, options_.quality_base);
    stats += local;
    return std::nullopt;
}

std::optional<Error> Pipeline::read_next(ChunkParser& parser1, ChunkParser& parser2, bool& got) {
    const bool got1 = parser1.next(read_[0]);
    if (!got1 && parser1.error()) return parser1.error();
    if (cycles_) source_[0] = parser1.last_lines();
    if (mates_ == 1) {
        got = got1;
        return std::nullopt;
    }
    const bool interleaved = options_.interleaved_input;
    ChunkParser& mate_parser = interleaved ? parser1 : parser2;
    const bool got2 = got1 ? mate_parser.next(read_[1]) : !interleaved && parser2.next(read_[1]);
    if (!got2 && mate_parser.error()) {
        error_input_ = interleaved ? 0 : 1;
        return mate_parser.error();
    }
    if (cycles_) source_[1] = mate_parser.last_lines();
    got = got1 || got2;
    if (!got) return std::nullopt;
    if (interleaved) {
        if (!got2)
            return Error::input("interleaved input file incomplete: last record '" + read_[0].name + "' has no partner",
                                parser1.record_number(), 0);
        if (!records_are_mates(read_[0].name, read_[1].name))
            return Error::pairing("reads are improperly paired: name '" + read_[0].name + "' (first) does not match '" +
                                      read_[1].name + "' (second)",
                                  parser1.record_number());
        return std::nullopt;
    }
    error_input_ = 2;
    if (got1 != got2)
        return Error::pairing(std::string("reads are improperly paired: there are more reads in file ") +
                                  (got1 ? "1 than in file 2" : "2 than in file 1"),
                              got1 ? parser1.record_number() : parser2.record_number());
    if (!records_are_mates(read_[0].name, read_[1].name))
        return Error::pairing("reads are improperly paired: read name '" + read_[0].name +
                                  "' in file 1 does not match '" + read_[1].name + "' in file 2",
                              parser1.record_number());
    error_input_ = 0;
    return std::nullopt;
}

void Pipeline::trim_adapters() {
    if (options_.pair_adapters) return trim_adapter_pair();
    for (int m = 0; m < mates_; ++m)
        if (cutter_[m]) cutter_[m]->apply(read_[m], info_[m]);
}

void Pipeline::trim_adapter_pair() {
    // cutadapt's PairedAdapterCutter._find_best_match_pair: highest total
    // score, then fewest total errors; the earlier pair wins ties.
    int best = -1;
    int best_score = 0;
    int best_errors = 0;
    for (std::size_t i = 0; i < options_.adapters[0].size(); ++i) {
        if (!options_.adapters[0][i].match_to(read_[0].sequence, candidate_[0])) continue;
        if (!options_.adapters[1][i].match_to(read_[1].sequence, candidate_[1])) continue;
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

std::string_view Pipeline::last_adapter_name(int mate) const {
    const MatchInfo& info = info_[mate];
    if (info.empty()) return "no_adapter";
    return adapters_of(mate)[static_cast<std::size_t>(info.back().adapter)].name();
}

std::optional<Error> Pipeline::rename() {
    // cutadapt's PairedEndRenamer reports the R1 comment as the second id here.
    if (mates_ == 2 && !records_are_mates(read_[0].name, read_[1].name)) {
        const auto [id1, comment1] = parse_name(read_[0].name);
        return Error::rename("Input read IDs not identical: '" + std::string(id1) + "' != '" + std::string(comment1) +
                             "'");
    }
    RenameValues values[2];
    for (int m = 0; m < mates_; ++m) {
        RenameValues& v = values[m];
        v.header = read_[m].name;
        std::tie(v.id, v.comment) = parse_name(read_[m].name);
        v.cut_prefix = extras_[m].cut_prefix;
        v.cut_suffix = extras_[m].cut_suffix;
        v.adapter_name = last_adapter_name(m);
        match_sequence_[m].clear();
        if (!info_[m].empty()) info_[m].back().append_match_sequence(match_sequence_[m]);
        v.match_sequence = match_sequence_[m];
        if (mates_ == 1)
            v.rc = info_[m].is_rc.value_or(false) ? "rc" : "";
        else
            v.rn = m == 0 ? "1" : "2";
    }
    const bool paired = mates_ == 2;
    for (int m = 0; m < mates_; ++m) {
        rename_scratch_[m].clear();
        render_template(rename_tokens_, values[m], paired ? &values[0] : nullptr, paired ? &values[1] : nullptr,
                        rename_scratch_[m]);
    }
    if (paired && !records_are_mates(rename_scratch_[0], rename_scratch_[1])) {
        return Error::rename("After renaming R1 and R2, their IDs are no longer identical: '" +
                             std::string(parse_name(rename_scratch_[0]).first) + "' != '" +
                             std::string(parse_name(rename_scratch_[1]).first) + "'. Original read ID: '" +
                             std::string(values[0].id) + "'. ");
    }
    for (int m = 0; m < mates_; ++m) read_[m].name.swap(rename_scratch_[m]);
    return std::nullopt;
}

void Pipeline::trim_to_mate_overlap(Stats& stats) {
    const auto length = mate_overlap_insert_length(read_[0].sequence, read_[1].sequence);
    if (!length) return;
    stats.overlap_trimmed_pairs += 1;
    for (int m = 0; m < 2; ++m) {
        stats.overlap_trimmed_bp[m] += static_cast<std::int64_t>(read_[m].sequence.size()) - *length;
        slice_read(read_[m], 0, *length);
    }
}

void Pipeline::write_text_outputs(std::vector<std::string>& outputs) {
    auto out = [&outputs](int stream) -> std::string& { return outputs[static_cast<std::size_t>(stream)]; };
    // cutadapt writes the rest, info and wildcard files for R1 only.
    if (options_.rest_stream) append_rest_line(read_[0], info_[0], out(*options_.rest_stream));
    if (options_.info_stream)
        append_info_records(read_[0], original_[0], info_[0], adapters_of(0), info_scratch_,
                            out(*options_.info_stream));
    if (options_.info_stream2)
        append_info_records(read_[1], original_[1], info_[1], adapters_of(1), info_scratch_,
                            out(*options_.info_stream2));
    if (options_.wildcard_stream && !adapters_of(0).empty())
        append_wildcard_line(read_[0], info_[0], adapters_of(0), out(*options_.wildcard_stream));
}

inline void Pipeline::count_cycles_dropped() {
    for (int m = 0; m < mates_; ++m)
        if (source_[m]) cycles_->counters[m][kProfileBefore].add(source_[m]->sequence, source_[m]->qualities);
}

inline void Pipeline::count_cycles_written(int m) {
    auto& counters = cycles_->counters[m];
    const Read& read = read_[m];
    const std::optional<RecordLines>& source = source_[m];
    if (!source) {
        counters[kProfileAfter].add(read.sequence, read.qualities);
    } else if (read.sequence == source->sequence && read.qualities == source->qualities) {
        counters[kCountedBoth].add(read.sequence, read.qualities);
    } else {
        counters[kProfileBefore].add(source->sequence, source->qualities);
        counters[kProfileAfter].add(read.sequence, read.qualities);
    }
}

template <bool kCycles>
std::optional<Error> Pipeline::process(std::vector<std::string>& outputs, Stats& stats) {
    stats.n += 1;
    for (int m = 0; m < mates_; ++m) {
        stats.total_bp[m] += static_cast<std::int64_t>(read_[m].sequence.size());
        // A FASTQ read is counted once it is written or dropped (count_cycles_*).
        if constexpr (kCycles)
            if (!source_[m]) cycles_->counters[m][kProfileBefore].add(read_[m].sequence, read_[m].qualities);
        const bool keep_original = m == 0 ? options_.info_stream.has_value() : options_.info_stream2.has_value();
        if (keep_original) {
            original_[m].sequence = read_[m].sequence;
            original_[m].qualities = read_[m].qualities;
        }
    }
    if (options_.mate_overlap) trim_to_mate_overlap(stats);
    for (int m = 0; m < mates_; ++m) {
        info_[m].clear();
        extras_[m].clear();
        before_[static_cast<std::size_t>(m)].apply(read_[m], info_[m], extras_[m], stats, m);
    }
    trim_adapters();
    for (int m = 0; m < mates_; ++m)
        after_[static_cast<std::size_t>(m)].apply(read_[m], info_[m], extras_[m], stats, m);
    if (!rename_tokens_.empty())
        if (auto e = rename()) return e;
    write_text_outputs(outputs);

    for (const Filter& f : filters_) {
        std::optional<bool> hit[2];
        for (int m = 0; m < mates_; ++m)
            if (f.limit[m]) hit[m] = takes(f, m);
        if (!pair_is_filtered(f.mode, hit[0], hit[1])) continue;
        if (f.counter) ++stats.filtered[index(*f.counter)];
        if (f.to.present()) write(f.to, outputs);
        if constexpr (kCycles) count_cycles_dropped();
        return std::nullopt;
    }

    StreamPair to = options_.out;
    const bool trimmed1 = info_[0].trimmed();
    switch (options_.demultiplex) {
        case Demultiplex::None: break;
        case Demultiplex::Normal:
            to = trimmed1 ? options_.demultiplex_out[static_cast<std::size_t>(info_[0].back().adapter)]
                          : options_.untrimmed;
            break;
        case Demultiplex::Combinatorial: {
            const int i1 = trimmed1 ? info_[0].back().adapter + 1 : 0;
            const int i2 = info_[1].trimmed() ? info_[1].back().adapter + 1 : 0;
            to = options_.demultiplex_out[static_cast<std::size_t>(i1 * (options_.adapter_count2 + 1) + i2)];
            break;
        }
    }
    if (!to.present()) {
        if constexpr (kCycles) count_cycles_dropped();
        return std::nullopt;
    }
    for (int m = 0; m < mates_; ++m) {
        std::vector<std::int64_t>& counts = written_[m];
        const std::size_t length = read_[m].sequence.size();
        if (length >= counts.size()) counts.resize(length + 1, 0);
        ++counts[length];
        if constexpr (kCycles) count_cycles_written(m);
    }
    write(to, outputs);
    return std::nullopt;
}

void Pipeline::write(const StreamPair& to, std::vector<std::string>& outputs) const {
    for (int m = 0; m < mates_; ++m) {
        const int stream = m == 1 && to.second >= 0 ? to.second : to.first;
        const auto s = static_cast<std::size_t>(stream);
        append_record(read_[m], options_.streams[s].format, outputs[s]);
    }
}

}  // namespace ringtrim::core

#include "apps/ringtrim/run.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <variant>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "apps/ringtrim/poly_tail.hpp"
#include "ipc/base/run_config.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "lib/report/json_report.hpp"
#include "lib/report/text_report.hpp"
#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/adapter_spec.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

// A command-line error of cutadapt's (exit 2).
core::Error usage(std::string message) { return core::Error::command_line(std::move(message)); }

// Options of cutadapt 4.2 that ringtrim parses but does not implement yet:
// rejected with a clear message rather than silently ignored.
std::optional<core::Error> reject_unsupported(const CommandLine& a, bool paired) {
    auto no = [](const std::string& what) { return usage(what + " is not supported by this version of ringtrim yet"); };
    if (a.profile) return no("--profile");
    if (paired) return std::nullopt;
    if (a.output && (a.output->find("{name1}") != std::string::npos || a.output->find("{name2}") != std::string::npos))
        return no("combinatorial demultiplexing ({name1}/{name2} in -o)");
    return std::nullopt;
}

std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

core::AdapterOption adapter_option(const std::string& type) {
    if (type == "front") return core::AdapterOption::Front;
    if (type == "anywhere") return core::AdapterOption::Anywhere;
    return core::AdapterOption::Back;
}

}  // namespace

core::AdapterAction adapter_action(const std::optional<std::string>& action) {
    if (!action) return core::AdapterAction::None;
    if (*action == "retain") return core::AdapterAction::Retain;
    if (*action == "crop") return core::AdapterAction::Crop;
    if (*action == "mask") return core::AdapterAction::Mask;
    if (*action == "lowercase") return core::AdapterAction::Lowercase;
    if (*action == "none") return core::AdapterAction::None;
    return core::AdapterAction::Trim;
}

namespace {

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t pos = 0;
    for (auto hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, pos)) {
        out += text.substr(pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out += text.substr(pos);
    return out;
}

// The modifiers of each mate, in cutadapt's order (pipeline_from_parsed_args
// with PairedEndModifierWrapper; single-end is mate 0 alone): -u (R1) / -U
// (R2), --nextseq-trim, -q / -Q, [--poly-g], | adapters |, [--poly-x],
// --poly-a (R1's poly-A tail, R2's poly-T head), -l, --trim-n,
// --length-tag, --strip-suffix, -x/-y, --zero-cap. --rename runs after
// these, in the Pipeline.
std::optional<core::Error> add_modifiers(const CommandLine& args, const Mode& mode, core::PipelineOptions& p) {
    using core::Modifier;
    using Kind = Modifier::Kind;
    auto poly = poly_tail_modifiers(args);
    if (auto* e = std::get_if<std::string>(&poly)) return usage(*e);
    if (args.length2 && (!args.length || !p.paired())) return usage(kLength2Unsupported);
    const auto& tails = std::get<PolyTailModifiers>(poly);
    for (int m = 0; m < p.mates; ++m) {
        auto& before = p.before[m];
        auto& after = p.after[m];
        for (int c : m == 0 ? args.cut : args.cut2)
            if (c != 0) before.push_back(Modifier::cut(c));
        if (args.nextseq_trim) before.push_back(Modifier::nextseq_trim(*args.nextseq_trim));
        const auto& cutoff = m == 0 ? mode.quality_cutoff : mode.quality_cutoff2;
        if (cutoff) before.push_back(Modifier::quality_trim(cutoff->front, cutoff->back));
        if (tails.poly_g) before.push_back(*tails.poly_g);
        if (tails.poly_x) after.push_back(*tails.poly_x);
        if (args.poly_a) after.push_back(Modifier::poly_a(m == 1));
        // -L (cutadapt 4.9) replaces -l for R2; -l alone still shortens both.
        const auto& length = m == 1 && args.length2 ? args.length2 : args.length;
        if (length) after.push_back(Modifier::shorten(*length));
        if (args.trim_n) after.push_back(Modifier::simple(Kind::TrimN));
        if (args.length_tag) after.push_back(Modifier::with_text(Kind::LengthTag, *args.length_tag));
        for (const auto& suffix : args.strip_suffix) after.push_back(Modifier::with_text(Kind::StripSuffix, suffix));
        if (!args.prefix.empty() || !args.suffix.empty())
            after.push_back(Modifier::with_text(Kind::PrefixSuffix, args.prefix, args.suffix));
        if (args.zero_cap) after.push_back(Modifier::simple(Kind::ZeroCap));
    }
    if (args.rename && *args.rename != "{header}") p.rename = *args.rename;
    return std::nullopt;
}

// The adapter cutters: one per mate, or with --pair-adapters the adapter lists.
std::optional<core::Error> add_adapters(const CommandLine& args, const Mode& mode, core::PipelineOptions& p,
                                        const std::vector<core::Adapter>& adapters,
                                        const std::vector<core::Adapter>& adapters2) {
    const auto action = adapter_action(mode.action);
    p.action = action;
    if (args.pair_adapters && p.paired()) {
        if (adapters.size() != adapters2.size())
            return usage("--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: " +
                         std::to_string(adapters.size()) + " for R1, " + std::to_string(adapters2.size()) + " for R2");
        if (adapters.empty()) return usage("--pair-adapters: No adapters given");
        for (const auto* list : {&adapters, &adapters2})
            if (auto e = core::check_adapter_cutter_options(1, action, *list)) return usage(*e);
        p.pair_adapters = true;
        p.adapters[0] = adapters;
        p.adapters[1] = adapters2;
        return std::nullopt;
    }
    for (int m = 0; m < p.mates; ++m) {
        const auto& list = m == 0 ? adapters : adapters2;
        if (list.empty()) continue;
        if (auto e = core::check_adapter_cutter_options(args.times, action, list)) return usage(*e);
        auto cutter = std::make_shared<core::AdapterCutter>(list, args.times, action, args.index);
        // No " rc" suffix when --rename is given (even "{header}").
        if (m == 0 && args.reverse_complement) cutter->enable_reverse_complement(!args.rename.has_value());
        p.cutter[m] = std::move(cutter);
    }
    return std::nullopt;
}

std::optional<core::Error> add_filters(const CommandLine& args, const Mode& mode, core::PipelineOptions& p,
                                       bool adapters1, bool adapters2) {
    for (int m = 0; m < p.mates; ++m) {
        if (mode.minimum_length)
            p.minimum_length[m] = m == 0 ? mode.minimum_length->first : mode.minimum_length->second;
        if (mode.maximum_length)
            p.maximum_length[m] = m == 0 ? mode.maximum_length->first : mode.maximum_length->second;
    }
    p.max_n = args.max_n;
    p.max_expected_errors = args.max_expected_errors;
    if (args.max_average_error_rate && !(*args.max_average_error_rate > 0.0 && *args.max_average_error_rate < 1.0))
        return usage("--max-average-error-rate must be between 0.0 and 1.0 (both excluded)");
    p.max_average_error_rate = args.max_average_error_rate;
    p.discard_casava = args.discard_casava;
    p.discard_trimmed = args.discard_trimmed;
    p.discard_untrimmed = args.discard_untrimmed;
    const std::string pair_filter = args.pair_filter.value_or("any");
    p.pair_filter = pair_filter == "both"    ? core::PairFilterMode::Both
                    : pair_filter == "first" ? core::PairFilterMode::First
                                             : core::PairFilterMode::Any;
    p.override_untrimmed_pair_filter =
        p.paired() && (!adapters1 || !adapters2) &&
        (args.discard_untrimmed || args.untrimmed_output || args.untrimmed_paired_output);
    return std::nullopt;
}

// The output streams, in cutadapt's opening order (open_output_files): the
// text files, --too-short-output, --too-long-output, then the demultiplexed
// files, or --untrimmed-output and -o/-p.
std::optional<core::Error> add_streams(const CommandLine& args, const Mode& mode, const std::string& output,
                                       core::PipelineOptions& p, const std::vector<core::Adapter>& adapters,
                                       const std::vector<core::Adapter>& adapters2) {
    using core::StreamPair;
    // fasta_flag: whether --fasta applies (cutadapt opens the filter outputs without it).
    auto add = [&p](const std::string& path, bool records = true, bool fasta_flag = true) {
        p.streams.push_back({path, core::SeqFormat::Fastq, records, fasta_flag});
        return static_cast<int>(p.streams.size()) - 1;
    };
    auto add_text = [&add](const std::optional<std::string>& path, std::optional<int>& stream) {
        if (path) stream = add(*path, false);
    };
    // A filter's pair of files (R2's only for pairs); cutadapt opens them
    // without --fasta.
    auto add_pair = [&](const std::optional<std::string>& path1, const std::optional<std::string>& path2,
                        StreamPair& to) -> std::optional<core::Error> {
        const auto& second = p.paired() ? path2 : std::nullopt;
        if (!path1 && second)
            return core::Error::unhandled(
                "When giving paths for paired-end files, only providing the second file is not supported");
        if (path1) to.first = add(*path1, true, false);
        if (second) to.second = add(*second, true, false);
        return std::nullopt;
    };

    add_text(args.rest_file, p.rest_stream);
    add_text(args.info_file, p.info_stream);
    if (args.info_file_paired && !p.paired()) return usage("--info-file-paired can only be used with paired-end data");
    add_text(args.info_file_paired, p.info_stream2);
    add_text(args.wildcard_file, p.wildcard_stream);
    if (mode.minimum_length)
        if (auto f = add_pair(args.too_short_output, args.too_short_paired_output, p.too_short)) return f;
    if (mode.maximum_length)
        if (auto f = add_pair(args.too_long_output, args.too_long_paired_output, p.too_long)) return f;

    const std::optional<std::string> paired_output = p.paired() ? args.paired_output : std::nullopt;
    switch (mode.demultiplex) {
        case DemultiplexMode::kNormal: {
            p.demultiplex = core::Demultiplex::Normal;
            // Keyed by name as cutadapt's open_demultiplex_out: adapters of
            // one name share their files.
            std::map<std::string, StreamPair> by_name;
            for (const auto& a : adapters) {
                auto [it, added] = by_name.emplace(a.name(), StreamPair{});
                if (added) {
                    it->second.first = add(replace_all(output, "{name}", a.name()));
                    if (paired_output) it->second.second = add(replace_all(*paired_output, "{name}", a.name()));
                }
                p.demultiplex_out.push_back(it->second);
            }
            if (!args.discard_untrimmed) {
                p.untrimmed.first = add(args.untrimmed_output.value_or(replace_all(output, "{name}", "unknown")));
                if (paired_output)
                    p.untrimmed.second =
                        add(args.untrimmed_paired_output.value_or(replace_all(*paired_output, "{name}", "unknown")));
            }
            break;
        }
        case DemultiplexMode::kCombinatorial: {
            p.demultiplex = core::Demultiplex::Combinatorial;
            const std::size_t n1 = adapters.size();
            const std::size_t n2 = adapters2.size();
            p.adapter_count2 = static_cast<int>(n2);
            p.demultiplex_out.assign((n1 + 1) * (n2 + 1), StreamPair{});
            // Index i = 0 stands for "no match" ("unknown" in file names).
            auto open = [&](std::size_t i1, std::size_t i2) {
                const std::string f1 = i1 == 0 ? "unknown" : adapters[i1 - 1].name();
                const std::string f2 = i2 == 0 ? "unknown" : adapters2[i2 - 1].name();
                StreamPair s;
                s.first = add(replace_all(replace_all(output, "{name1}", f1), "{name2}", f2));
                s.second = add(replace_all(replace_all(*paired_output, "{name1}", f1), "{name2}", f2));
                p.demultiplex_out[i1 * (n2 + 1) + i2] = s;
            };
            for (std::size_t i1 = 1; i1 <= n1; ++i1)
                for (std::size_t i2 = 1; i2 <= n2; ++i2) open(i1, i2);
            if (!args.discard_untrimmed) {
                open(0, 0);
                for (std::size_t i2 = 1; i2 <= n2; ++i2) open(0, i2);
                for (std::size_t i1 = 1; i1 <= n1; ++i1) open(i1, 0);
            }
            break;
        }
        case DemultiplexMode::kNone: {
            if (auto f = add_pair(args.untrimmed_output, args.untrimmed_paired_output, p.untrimmed)) return f;
            p.out.first = add(output);
            if (paired_output) p.out.second = add(*paired_output);
            break;
        }
    }
    return std::nullopt;
}

// cutadapt's pipeline_from_parsed_args and open_output_files, for
// single-end and paired-end runs alike.
std::optional<core::Error> build_pipeline(const CommandLine& args, RunPlan& plan,
                                          const std::vector<core::Adapter>& adapters,
                                          const std::vector<core::Adapter>& adapters2) {
    auto& p = plan.pipeline;
    p.quality_base = args.quality_base;
    p.mates = plan.mode.paired ? 2 : 1;
    p.interleaved_input = plan.mode.interleaved_input;
    if (args.pe_overlap && !p.paired()) return usage("--pe-overlap needs paired-end input");
    p.mate_overlap = args.pe_overlap;
    if (auto f = add_modifiers(args, plan.mode, p)) return f;
    if (auto f = add_adapters(args, plan.mode, p, adapters, adapters2)) return f;
    if (auto f = add_filters(args, plan.mode, p, !adapters.empty(), !adapters2.empty())) return f;
    return add_streams(args, plan.mode, plan.output, p, adapters, adapters2);
}

}  // namespace

std::variant<RunPlan, core::Error> build_plan(const CommandLine& args, const std::vector<std::string>& argv) {
    RunPlan plan;
    plan.args = argv;
    const bool paired = determine_paired(args);
    auto inputs = setup_input_files(args, paired);
    if (auto* e = std::get_if<core::Error>(&inputs)) return *e;
    plan.mode = std::get<Mode>(inputs);
    if (auto e = check_arguments(args, paired)) return *e;

    // Adapters (cutadapt parses them between check_arguments and the pipeline).
    core::SearchDefaults defaults;
    defaults.max_errors = args.error_rate;
    defaults.min_overlap = args.overlap;
    defaults.read_wildcards = args.match_read_wildcards;
    defaults.adapter_wildcards = args.match_adapter_wildcards;
    defaults.indels = args.indels;
    core::AdapterNamer namer;
    std::vector<std::pair<core::AdapterOption, std::string>> specs, specs2;
    for (const auto& a : args.adapters) specs.emplace_back(adapter_option(a.type), a.spec);
    for (const auto& a : args.adapters2) specs2.emplace_back(adapter_option(a.type), a.spec);
    auto parsed = core::parse_adapter_specs(specs, defaults, namer, read_whole_file);
    if (auto* e = std::get_if<core::Error>(&parsed)) return *e;
    auto parsed2 = core::parse_adapter_specs(specs2, defaults, namer, read_whole_file);
    if (auto* e = std::get_if<core::Error>(&parsed2)) return *e;
    const auto adapters = std::get<std::vector<core::Adapter>>(std::move(parsed));
    const auto adapters2 = std::get<std::vector<core::Adapter>>(std::move(parsed2));

    if (auto e = check_pipeline_options(args, plan.mode, adapters.size(), adapters2.size())) return *e;
    if (auto e = check_output_files(args, plan.mode)) return *e;
    if (auto f = reject_unsupported(args, paired)) return *f;

    plan.input1 = plan.mode.input1;
    plan.input2 = plan.mode.input2;
    plan.output = args.output.value_or("-");
    plan.cutadapt = args.cutadapt;
    plan.pipeline.cutadapt = args.cutadapt;
    if (auto f = build_pipeline(args, plan, adapters, adapters2)) return *f;
    plan.force_fasta = args.fasta;
    plan.compression_level = args.compression_level.value_or(args.cutadapt == core::CutadaptVersion::k4_2 ? 5 : 1);
    plan.cores = args.cores;
    if (plan.cores == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        plan.cores = n > 0 ? static_cast<int>(n) : 1;
    }
    // cutadapt's 4000000 only when asked for: RunPlan::buffer_size says why.
    if (args.buffer_size_given) plan.buffer_size = static_cast<std::size_t>(std::max(args.buffer_size, 1));
    plan.report = args.report.value_or("full") == "minimal" ? ReportKind::Minimal : ReportKind::Full;
    plan.quiet = args.quiet;
    plan.json = args.json;
    plan.html = args.html;
    plan.pipeline.cycle_stats = args.html.has_value();  // what only the HTML report shows
    plan.gc_content = args.gc_content / 100.0;
    plan.ipc = args.ipc == "queue" ? IpcDesign::Queue : IpcDesign::Ring;
    plan.ring_slots = args.ring_slots;
    if (args.max_retries < 0 || args.max_retries > ipc::kMaxRetriesLimit)
        return usage("--max-retries must be between 0 and " + std::to_string(ipc::kMaxRetriesLimit));
    plan.max_retries = args.max_retries;
    if (args.worker_timeout && (!(*args.worker_timeout >= 0) || *args.worker_timeout > 1e9))
        return usage("--worker-timeout must be a number of seconds, 0 (no limit) or more");
    plan.worker_timeout = args.worker_timeout.value_or(plan.worker_timeout);
    plan.quarantine = args.quarantine;
    plan.worker_processes = args.quarantine.has_value() || args.worker_timeout.has_value();
    return plan;
}

}  // namespace ringtrim::app

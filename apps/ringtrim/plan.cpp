#include "apps/ringtrim/run.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "apps/ringtrim/poly_tail.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "ipc/ring/shared_ring.hpp"
#include "lib/report/json_report.hpp"
#include "lib/report/text_report.hpp"
#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/adapter_spec.hpp"

#ifndef RINGTRIM_VERSION
#define RINGTRIM_VERSION "0.0.0"
#endif

namespace ringtrim::app {

namespace {

using core::SeqFormat;

// Options of cutadapt 4.2 that ringtrim parses but does not implement yet:
// rejected with a clear message rather than silently ignored.
std::optional<Failure> reject_unsupported(const CommandLine& a, bool paired) {
    auto no = [](const std::string& what) {
        return Failure{what + " is not supported by this version of ringtrim yet", 2};
    };
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

// cutadapt 4.2 parser.py make_adapters_from_one_specification(): an
// InvalidCharacter error (for -a/-g/-b and -A/-G/-B alike) gets a second line
// when Path(spec).exists(), i.e. stat() of the whole spec succeeds.
Failure adapter_spec_failure(const core::SpecError& e) {
    std::string message = e.message;
    struct stat st {};
    if (e.invalid_character && ::stat(e.spec.c_str(), &st) == 0) {
        message += '\n';
        message += core::invalid_character_file_hint(e.spec);
    }
    return Failure{message, e.exit_status};
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

// The single-end pipeline (cutadapt's pipeline_from_parsed_args and
// open_output_files for SingleEndPipeline): modifiers, filters and the
// output streams. For paired runs only the R1 adapter cutter.
std::optional<Failure> build_single_end_pipeline(const CommandLine& args, RunPlan& plan,
                                                 std::vector<core::Adapter> adapters) {
    using Kind = core::Modifier::Kind;
    auto& p = plan.pipeline;
    p.quality_base = args.quality_base;
    for (int c : args.cut)
        if (c != 0) p.modifiers.push_back({Kind::Cut, c, 0, 0});
    if (args.nextseq_trim) p.modifiers.push_back({Kind::NextseqTrim, *args.nextseq_trim, 0, 0});
    if (plan.mode.quality_cutoff)
        p.modifiers.push_back({Kind::QualityTrim, 0, plan.mode.quality_cutoff->front, plan.mode.quality_cutoff->back});
    // ringtrim's --poly-g / --poly-x around the adapter cutter (poly_tail.hpp).
    auto poly = poly_tail_modifiers(args);
    if (auto* e = std::get_if<std::string>(&poly)) return Failure{*e, 2};
    const auto& tails = std::get<PolyTailModifiers>(poly);
    if (tails.poly_g) p.modifiers.push_back(*tails.poly_g);
    if (args.pe_overlap && !plan.mode.paired) return Failure{"--pe-overlap needs paired-end input", 2};
    std::vector<std::string> adapter_names;
    for (const auto& a : adapters) adapter_names.push_back(a.name());
    if (!adapters.empty()) {
        const auto action = adapter_action(plan.mode.action);
        if (auto e = core::check_adapter_cutter_options(args.times, action, adapters)) return Failure{*e, 2};
        auto cutter = std::make_shared<core::AdapterCutter>(std::move(adapters), args.times, action, args.index);
        // No " rc" suffix when --rename is given (even "{header}").
        if (args.reverse_complement) cutter->enable_reverse_complement(!args.rename.has_value());
        p.adapter_cutter = std::move(cutter);
        p.modifiers.push_back({Kind::Adapters, 0, 0, 0});
    }
    if (tails.poly_x) p.modifiers.push_back(*tails.poly_x);
    // Paired runs take the R1 adapter cutter from here; build_paired_pipeline
    // makes the rest.
    if (plan.mode.paired) return std::nullopt;
    if (args.poly_a) p.modifiers.push_back({Kind::PolyA, 0, 0, 0});
    if (args.length) p.modifiers.push_back({Kind::Shorten, *args.length, 0, 0});
    if (args.trim_n) p.modifiers.push_back({Kind::TrimN, 0, 0, 0});
    if (args.length_tag) p.modifiers.push_back({Kind::LengthTag, 0, 0, 0, *args.length_tag});
    for (const auto& suffix : args.strip_suffix) p.modifiers.push_back({Kind::StripSuffix, 0, 0, 0, suffix});
    if (!args.prefix.empty() || !args.suffix.empty())
        p.modifiers.push_back({Kind::PrefixSuffix, 0, 0, 0, args.prefix, args.suffix});
    if (args.zero_cap) p.modifiers.push_back({Kind::ZeroCap, 0, 0, 0});
    if (args.rename && *args.rename != "{header}") p.modifiers.push_back({Kind::Rename, 0, 0, 0, *args.rename});

    if (plan.mode.minimum_length) p.minimum_length = plan.mode.minimum_length->first;
    if (plan.mode.maximum_length) p.maximum_length = plan.mode.maximum_length->first;
    p.max_n = args.max_n;
    p.max_expected_errors = args.max_expected_errors;
    if (args.max_average_error_rate && !(*args.max_average_error_rate > 0.0 && *args.max_average_error_rate < 1.0))
        return Failure{"--max-average-error-rate must be between 0.0 and 1.0 (both excluded)", 2};
    p.max_average_error_rate = args.max_average_error_rate;
    p.discard_casava = args.discard_casava;
    p.discard_trimmed = args.discard_trimmed;
    p.discard_untrimmed = args.discard_untrimmed;

    // Output streams, in cutadapt's opening order.
    auto add_stream = [&p](const std::string& path, bool records, bool fasta_flag = true) {
        p.streams.push_back({path, SeqFormat::Fastq, records, fasta_flag});
        return static_cast<int>(p.streams.size()) - 1;
    };
    if (args.rest_file) p.rest_stream = add_stream(*args.rest_file, false);
    if (args.info_file) p.info_stream = add_stream(*args.info_file, false);
    if (args.info_file_paired) return Failure{"--info-file-paired can only be used with paired-end data", 2};
    if (args.length2) return Failure{kLength2Unsupported, 2};
    if (args.wildcard_file) p.wildcard_stream = add_stream(*args.wildcard_file, false);
    if (args.too_short_output && p.minimum_length) p.too_short_stream = add_stream(*args.too_short_output, true, false);
    if (args.too_long_output && p.maximum_length) p.too_long_stream = add_stream(*args.too_long_output, true, false);
    if (plan.mode.demultiplex == DemultiplexMode::kNormal) {
        p.demultiplex = true;
        std::map<std::string, int> by_path;
        for (const auto& name : adapter_names) {
            std::string path = replace_all(plan.output, "{name}", name);
            auto [it, added] = by_path.emplace(path, 0);
            if (added) it->second = add_stream(path, true);
            p.demultiplex_streams.push_back(it->second);
        }
        if (!args.discard_untrimmed)
            p.demultiplex_unknown_stream =
                add_stream(args.untrimmed_output ? *args.untrimmed_output : replace_all(plan.output, "{name}", "unknown"),
                           true);
        p.main_stream = -1;
    } else {
        if (args.untrimmed_output) p.untrimmed_stream = add_stream(*args.untrimmed_output, true, false);
        p.main_stream = add_stream(plan.output, true);
    }
    return std::nullopt;
}

}  // namespace

std::variant<RunPlan, Failure> build_plan(const CommandLine& args, const std::vector<std::string>& argv) {
    RunPlan plan;
    plan.args = argv;
    const bool paired = determine_paired(args);
    auto inputs = setup_input_files(args, paired);
    if (auto* e = std::get_if<CommandLineError>(&inputs)) return Failure{e->message, e->exit_status};
    plan.mode = std::get<Mode>(inputs);
    if (auto e = check_arguments(args, paired)) return Failure{e->message, e->exit_status};

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
    if (auto* e = std::get_if<core::SpecError>(&parsed)) return adapter_spec_failure(*e);
    auto parsed2 = core::parse_adapter_specs(specs2, defaults, namer, read_whole_file);
    if (auto* e = std::get_if<core::SpecError>(&parsed2)) return adapter_spec_failure(*e);
    auto adapters = std::get<std::vector<core::Adapter>>(std::move(parsed));
    const auto adapters2 = std::get<std::vector<core::Adapter>>(std::move(parsed2));

    if (auto e = check_pipeline_options(args, plan.mode, adapters.size(), adapters2.size()))
        return Failure{e->message, e->exit_status};
    if (auto e = check_output_files(args, plan.mode)) return Failure{e->message, e->exit_status};
    if (auto f = reject_unsupported(args, paired)) return *f;

    plan.input1 = plan.mode.input1;
    plan.input2 = plan.mode.input2;
    plan.output = args.output.value_or("-");
    if (auto f = build_single_end_pipeline(args, plan, std::move(adapters))) return *f;
    plan.force_fasta = args.fasta;
    plan.compression_level = args.compression_level;
    plan.cores = args.cores;
    if (plan.cores == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        plan.cores = n > 0 ? static_cast<int>(n) : 1;
    }
    plan.buffer_size = static_cast<std::size_t>(std::max(args.buffer_size, 1));
    plan.report = args.report.value_or("full");
    plan.quiet = args.quiet;
    plan.json = args.json;
    plan.gc_content = args.gc_content / 100.0;
    plan.ipc = args.ipc;
    plan.ring_slots = args.ring_slots;
    if (args.max_retries < 0 || args.max_retries > ipc::kMaxRetriesLimit)
        return Failure{"--max-retries must be between 0 and " + std::to_string(ipc::kMaxRetriesLimit), 2};
    plan.max_retries = args.max_retries;
    if (args.worker_timeout && (!(*args.worker_timeout >= 0) || *args.worker_timeout > 1e9))
        return Failure{"--worker-timeout must be a number of seconds, 0 (no limit) or more", 2};
    plan.worker_timeout = args.worker_timeout.value_or(plan.worker_timeout);
    plan.quarantine = args.quarantine;
    plan.worker_processes = args.quarantine.has_value() || args.worker_timeout.has_value();
    if (paired) {
        if (auto f = build_paired_pipeline(args, plan, adapters2)) return *f;
    }
    return plan;
}

}  // namespace ringtrim::app

#include "apps/ringtrim/run.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
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
    if (paired) return no("paired-end trimming (-p, -A, -G, -B, -U, -Q, --interleaved, --pair-filter ...)");
    if (a.info_file) return no("--info-file");
    if (a.rest_file) return no("--rest-file");
    if (a.wildcard_file) return no("--wildcard-file");
    if (a.too_short_output) return no("--too-short-output");
    if (a.too_long_output) return no("--too-long-output");
    if (a.untrimmed_output) return no("--untrimmed-output");
    if (a.length_tag) return no("--length-tag");
    if (!a.strip_suffix.empty()) return no("--strip-suffix");
    if (!a.prefix.empty()) return no("--prefix/-x");
    if (!a.suffix.empty()) return no("--suffix/-y");
    if (a.rename && *a.rename != "{header}") return no("--rename");
    if (a.zero_cap) return no("--zero-cap");
    if (a.max_expected_errors) return no("--max-expected-errors");
    if (a.discard_casava) return no("--discard-casava");
    if (a.reverse_complement) return no("--revcomp");
    if (a.profile) return no("--profile");
    if (a.quarantine) return no("--quarantine");
    if (a.ipc != "shm") return no("--ipc " + a.ipc);
    if (a.output && a.output->find("{name") != std::string::npos) return no("demultiplexing ({name} in -o)");
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

core::AdapterAction adapter_action(const std::optional<std::string>& action) {
    if (!action) return core::AdapterAction::None;
    if (*action == "retain") return core::AdapterAction::Retain;
    if (*action == "mask") return core::AdapterAction::Mask;
    if (*action == "lowercase") return core::AdapterAction::Lowercase;
    if (*action == "none") return core::AdapterAction::None;
    return core::AdapterAction::Trim;
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
    if (auto* e = std::get_if<core::SpecError>(&parsed)) {
        std::string message = e->message;
        if (e->invalid_character) message += core::invalid_character_file_hint(e->spec);
        return Failure{message, e->exit_status};
    }
    auto parsed2 = core::parse_adapter_specs(specs2, defaults, namer, read_whole_file);
    if (auto* e = std::get_if<core::SpecError>(&parsed2)) return Failure{e->message, e->exit_status};
    auto adapters = std::get<std::vector<core::Adapter>>(std::move(parsed));
    const auto adapters2 = std::get<std::vector<core::Adapter>>(std::move(parsed2));

    if (auto e = check_pipeline_options(args, plan.mode, adapters.size(), adapters2.size()))
        return Failure{e->message, e->exit_status};
    if (auto e = check_output_files(args, plan.mode)) return Failure{e->message, e->exit_status};
    if (auto f = reject_unsupported(args, paired)) return *f;
    if (args.cores > 1 || args.cores == 0) {
        // Parallel runs use the shared-memory ring (docs/design.md).
    }

    auto& p = plan.pipeline;
    p.quality_base = args.quality_base;
    for (int c : args.cut)
        if (c != 0) p.modifiers.push_back({core::Modifier::Kind::Cut, c, 0, 0});
    if (args.nextseq_trim) p.modifiers.push_back({core::Modifier::Kind::NextseqTrim, *args.nextseq_trim, 0, 0});
    if (plan.mode.quality_cutoff)
        p.modifiers.push_back({core::Modifier::Kind::QualityTrim, 0, plan.mode.quality_cutoff->front,
                               plan.mode.quality_cutoff->back});
    if (!adapters.empty()) {
        const auto action = adapter_action(plan.mode.action);
        if (auto e = core::check_adapter_cutter_options(args.times, action)) return Failure{*e, 2};
        p.adapter_cutter =
            std::make_shared<const core::AdapterCutter>(std::move(adapters), args.times, action, args.index);
        p.modifiers.push_back({core::Modifier::Kind::Adapters, 0, 0, 0});
    }
    if (args.length) p.modifiers.push_back({core::Modifier::Kind::Shorten, *args.length, 0, 0});
    if (args.trim_n) p.modifiers.push_back({core::Modifier::Kind::TrimN, 0, 0, 0});
    if (plan.mode.minimum_length) p.minimum_length = plan.mode.minimum_length->first;
    if (plan.mode.maximum_length) p.maximum_length = plan.mode.maximum_length->first;
    p.max_n = args.max_n;
    p.discard_trimmed = args.discard_trimmed;
    p.discard_untrimmed = args.discard_untrimmed;

    plan.input1 = plan.mode.input1;
    plan.input2 = plan.mode.input2;
    plan.output = args.output.value_or("-");
    p.streams.push_back({plan.output, SeqFormat::Fastq});
    p.main_stream = 0;
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
    return plan;
}

}  // namespace ringtrim::app

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

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const auto kProgramStart = std::chrono::steady_clock::now();

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
    plan.output = args.output.value_or("-");
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

namespace {

// Everything one run needs after the input's format is known.
struct Session {
    RunPlan& plan;
    io::InputFile input;
    SeqFormat format = SeqFormat::Fastq;
    std::string buffer;    // capacity plan.buffer_size
    std::size_t filled = 0;
    bool at_eof = false;
};

std::string format_parse_error(const std::string& file, const core::ParseError& e) {
    std::string s = file + ": record " + std::to_string(e.record);
    if (e.line) s += " (line " + std::to_string(e.line) + ")";
    return s + ": " + e.message;
}

void fill(Session& s) {
    const std::size_t want = s.buffer.size() - s.filled;
    const std::size_t got = s.input.read_full(s.buffer.data() + s.filled, want);
    s.filled += got;
    if (got < want) s.at_eof = true;
}

}  // namespace

int execute(RunPlan& plan) {
    std::ostream& report_out = plan.output == "-" ? std::cerr : std::cout;
    core::ReportContext ctx;
    ctx.ringtrim_version = RINGTRIM_VERSION;
    ctx.command_line_args = plan.args;
    ctx.cores = plan.cores;
    ctx.paired = false;
    ctx.gc_content = plan.gc_content;
    ctx.input_path1 = plan.input1;
    const bool full = plan.report == "full" && !plan.quiet;
    if (full) report_out << core::version_line(ctx) << core::command_line_line(ctx) << std::flush;

    try {
        Session s{plan, io::InputFile(plan.input1), SeqFormat::Fastq, std::string(plan.buffer_size, '\0')};
        fill(s);
        auto format = core::format_from_name(plan.input1);
        if (!format) format = core::format_from_content(std::string_view(s.buffer.data(), s.filled));
        if (!format) {
            std::cerr << "ringtrim: error: " << s.input.display_name()
                      << ": input file format not recognized: the first character is neither '@' (FASTQ) nor "
                         "'>' (FASTA)\n";
            return 1;
        }
        s.format = *format;
        plan.pipeline.input_format = s.format;
        if (plan.force_fasta) plan.pipeline.output_format = SeqFormat::Fasta;
        else if (auto f = plan.output == "-" ? std::nullopt : core::format_from_name(plan.output)) plan.pipeline.output_format = *f;
        else plan.pipeline.output_format = s.format;
        if (plan.pipeline.output_format == SeqFormat::Fastq && s.format == SeqFormat::Fasta) {
            std::cerr << "ringtrim: error: " << plan.output
                      << ": cannot write FASTQ: the input is FASTA and has no qualities\n";
            return 1;
        }

        io::OutputFile out(plan.output, plan.compression_level);
        if (full) report_out << core::processing_line(ctx) << std::flush;

        core::Pipeline pipeline(plan.pipeline);
        core::Stats stats = pipeline.empty_stats();
        std::vector<std::string> outputs;
        std::string compressed;
        std::uint64_t records = 0, lines = 0;
        while (true) {
            std::string_view view(s.buffer.data(), s.filled);
            auto end = core::find_chunk_end(view, s.format, s.at_eof);
            if (end.bytes == 0) {
                if (s.filled == 0) break;
                if (!s.at_eof) {
                    std::cerr << "ringtrim: error: " << s.input.display_name() << ": record " << records + 1
                              << " (line " << lines + 1 << ") does not fit into the chunk buffer of "
                              << plan.buffer_size << " bytes; raise it with --buffer-size\n";
                    out.abort();
                    return 1;
                }
            }
            for (auto& o : outputs) o.clear();
            core::ChunkInput chunk{view.substr(0, end.bytes), records, lines};
            if (auto err = pipeline.run(chunk, outputs, stats)) {
                std::cerr << "ringtrim: error: " << format_parse_error(s.input.display_name(), *err) << "\n";
                out.abort();
                return 1;
            }
            records += end.records;
            lines += end.lines;
            const auto& main = outputs[static_cast<std::size_t>(core::Stream::Main)];
            if (out.compression() == io::Compression::kNone) {
                out.write(main);
            } else {
                compressed.clear();
                io::compress_member(main, out.compression(), plan.compression_level, compressed);
                out.write(compressed);
            }
            // Keep the unconsumed tail for the next chunk.
            const std::size_t rest = s.filled - end.bytes;
            std::memmove(s.buffer.data(), s.buffer.data() + end.bytes, rest);
            s.filled = rest;
            if (s.at_eof && s.filled == 0) break;
            if (!s.at_eof) fill(s);
        }
        out.commit();
        ctx.elapsed_seconds = seconds_since(kProgramStart);
        if (!plan.quiet) {
            if (plan.report == "minimal") report_out << core::minimal_report(stats, ctx);
            else report_out << core::full_report(stats, ctx);
            report_out << std::flush;
        }
        if (plan.json) {
            io::OutputFile json(*plan.json);
            json.write(core::json_report(stats, ctx));
            json.commit();
        }
    } catch (const io::IoError& e) {
        std::cerr << "ringtrim: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace ringtrim::app

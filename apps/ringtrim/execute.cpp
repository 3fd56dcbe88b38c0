// execute(): reads the input in chunks, runs the pipeline on each chunk and
// writes the outputs, either in this process (-j 1) or on the shared-memory
// ring (-j N: docs/design.md), through one ipc::run() whose transport is the
// only difference. Every transport uses the same three roles
// (chunk_roles.hpp), so the bytes written do not depend on the path, the
// worker count or the chunk size.
#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "apps/ringtrim/chunk_roles.hpp"
#include "apps/ringtrim/interrupt.hpp"
#include "apps/ringtrim/messages.hpp"
#include "apps/ringtrim/progress.hpp"
#include "apps/ringtrim/run.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "ipc/supervise/run.hpp"
#include "lib/report/html_report.hpp"
#include "lib/report/json_report.hpp"
#include "lib/report/text_report.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

const auto kProgramStart = std::chrono::steady_clock::now();

// Appends a poison chunk's raw records to the --quarantine file: as they
// came for single-end and interleaved input, interleaved for paired files.
// Whole gzip members (kChunkGzipMembers) are inflated first. `names`: the
// input files, for messages.
void write_quarantined(io::CompressedOutput& out, const ipc::ChunkInput& chunk, SeqFormat format, bool two_files,
                       const std::string names[2]) {
    auto put = [&out](std::string_view records) {
        if (records.empty()) return;
        out.write(records);
        if (records.back() != '\n') out.write("\n");  // the file's last record had no newline
    };
    std::string_view rest[2] = {chunk.bytes[0], chunk.bytes[1]};
    std::string inflated[2];
    for (int i = 0; i < 2 && chunk.encoding == kChunkGzipMembers; ++i) {
        if (rest[i].empty()) continue;
        inflate_members(rest[i], names[i], inflated[i]);
        rest[i] = inflated[i];
    }
    if (!two_files) {
        put(rest[0]);
        return;
    }
    while (!rest[0].empty() || !rest[1].empty()) {
        for (auto& r : rest) {
            const std::size_t n = core::find_chunk_end(r, format, true, 1).bytes;
            put(r.substr(0, n));
            r.remove_prefix(n);
        }
    }
}

// Runs the roles in this process (-j 1), or in forked processes over the
// shared-memory ring (or, with --ipc queue, over message queues).
// `quarantined` receives the reads (pairs) set aside with --quarantine.
int run_chunks(const RunPlan& plan, ChunkReader& reader, const std::vector<io::Compression>& compression,
               const std::vector<io::OutputTarget>& targets, const io::OutputTarget* quarantine_target,
               std::uint64_t unit_records, ProgressLine& progress, core::Stats& stats, std::uint64_t& quarantined) {
    const std::uint64_t per_read = plan.mode.interleaved_input ? 2 : 1;  // records per read (pair)
    ipc::RunConfig config;
    config.workers = plan.cores;
    config.slots = plan.ring_slots.value_or(0);
    config.slot_input_bytes = plan.buffer_size;
    config.inputs = plan.input2 ? 2 : 1;
    config.outputs = static_cast<int>(plan.pipeline.streams.size());
    config.interrupt = &interrupt_flag();
    config.max_retries = plan.max_retries;
    config.worker_timeout_s = plan.worker_timeout;
    {
        // Spill files go beside the main output when no temporary folder takes them.
        const std::string& out = plan.pipeline.streams.empty() ? std::string("-") : plan.pipeline.streams[0].path;
        const std::size_t slash = out.rfind('/');
        config.fallback_temp_dir = out == "-" ? "." : slash == std::string::npos ? "." : out.substr(0, slash + 1);
    }
    config.input_label = reader.name(0) + (plan.input2 ? " and " + reader.name(1) : std::string());
    config.progress = [&progress, per_read](std::uint64_t records) { progress.update(records / per_read); };
    std::optional<io::CompressedOutput> quarantine;
    if (quarantine_target != nullptr) {
        quarantine.emplace(*quarantine_target, plan.compression_level);
        const std::array<std::string, 2> names = {reader.name(0), plan.input2 ? reader.name(1) : reader.name(0)};
        config.quarantine = [&quarantine, &plan, names](const ipc::ChunkInput& chunk, std::string& error) {
            try {
                write_quarantined(*quarantine, chunk, plan.pipeline.input_format, plan.input2.has_value(),
                                  names.data());
                return true;
            } catch (const io::IoError& e) {
                error = e.what();
                return false;
            }
        };
    }

    // -j 1 runs in this process unless --quarantine or --worker-timeout ask
    // for a worker process.
    const ipc::Transport transport = plan.cores == 1 && !plan.worker_processes ? ipc::Transport::kSerial
                                     : plan.ipc == IpcDesign::Queue            ? ipc::Transport::kQueue
                                                                               : ipc::Transport::kRing;
    auto producer = [&](char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk) -> ipc::ProduceResult {
        try {
            if (reader.must_wait()) return ipc::ProduceResult::wait();
            if (!reader.next(buf, cap, chunk)) return ipc::ProduceResult::end();
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
        return ipc::ProduceResult::chunk();
    };
    // BGZF input: the ring's workers inflate the blocks, the parent cuts.
    if (transport == ipc::Transport::kRing) {
        reader.allow_raw_bgzf();
        auto steps = std::make_shared<ipc::PrepareSteps>();
        const std::array<std::string, 2> names = {plan.input1, plan.input2.value_or(plan.input1)};
        steps->make_preparer = [names]() -> ipc::Preparer {
            return [names](const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap, ipc::PreparedChunk& out) {
                prepare_bgzf(raw, buf, cap, names.data(), out);
            };
        };
        steps->finisher = [&reader](std::uint64_t, char* const buf[2], std::size_t, const ipc::PreparedChunk& prepared,
                                    ipc::ProducedChunk& chunk) -> ipc::ProduceResult {
            try {
                reader.finish_raw(buf, prepared, chunk);
            } catch (const io::IoError& e) {
                return ipc::ProduceResult::fail(e.what());
            }
            return ipc::ProduceResult::chunk();
        };
        config.prepare = steps;
    }
    const core::Stats initial = stats;
    auto make_processor = [&]() -> ipc::Processor {
        auto worker = std::make_shared<ChunkWorker>(plan, compression, unit_records);
        return [worker](const ipc::ChunkInput& in, ipc::ChunkOutput& out) {
            core::ChunkView chunk{in.bytes[0], in.bytes[1], in.first_record, in.first_line};
            worker->run(chunk, in.records, in.encoding, out.segments, out.stats_blob, out.error);
            if (out.error) out.input_error = true;
        };
    };
    auto make_consumer = [&]() -> std::unique_ptr<ipc::Consumer> {
        return std::make_unique<OutputWriter>(plan, initial, compression, targets);
    };
    auto result = ipc::run(config, transport, producer, make_processor, make_consumer);
    if (quarantine) {
        if (result.ok) {
            try {
                quarantine->close();
            } catch (const io::IoError& e) {
                result.ok = false;
                result.error = e.what();
                result.exit_code = 1;
            }
        } else {
            quarantine->abort();
        }
        quarantined = result.quarantined_records / per_read;
    }
    if (!result.ok) {
        // The run's error was formatted where it happened (format_error in
        // the worker, or the supervisor's own words); an interrupt prints nothing.
        if (result.exit_code < 128) print_error(result.error);
        return result.exit_code;
    }
    if (!core::deserialize(result.result_blob, stats)) {
        return report_error(
            core::Error{core::ErrorKind::Run, "internal error: malformed statistics from the writer", {}, 0, 0});
    }
    return 0;
}

// The report's stream: standard output, or standard error when an output
// goes to standard output (as cutadapt). Every write is checked: a report
// that cannot be written fails the run.
class ReportStream {
public:
    explicit ReportStream(bool to_stderr)
        : fd_(to_stderr ? STDERR_FILENO : STDOUT_FILENO), name_(to_stderr ? "<stderr>" : "<stdout>") {}

    void write(std::string_view text) {
        std::cout.flush();
        while (!text.empty()) {
            const ssize_t n = ::write(fd_, text.data(), text.size());
            if (n < 0 && errno == EINTR && interrupt_flag() == 0) continue;
            if (n <= 0)
                throw io::IoError(name_, std::string("cannot write the report: ") +
                                             (n < 0 ? std::strerror(errno) : "no bytes written"));
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }

private:
    int fd_;
    std::string name_;
};

bool needs_qualities(const std::vector<core::Modifier>& modifiers) {
    using Kind = core::Modifier::Kind;
    return std::any_of(modifiers.begin(), modifiers.end(), [](const core::Modifier& m) {
        return m.kind == Kind::QualityTrim || m.kind == Kind::NextseqTrim || m.kind == Kind::ZeroCap;
    });
}

// cutadapt fails on the first FASTA record that reaches a step that needs
// qualities (HasNoQualities); ringtrim checks once, before any work.
bool plan_needs_qualities(const RunPlan& plan) {
    for (int m = 0; m < plan.pipeline.mates; ++m)
        if (needs_qualities(plan.pipeline.before[m]) || needs_qualities(plan.pipeline.after[m])) return true;
    return false;
}

// The output format of a record stream. cutadapt 4.2 (single core) hands
// dnaio an open file object: only a plain file's object carries the name, so
// the name decides for uncompressed names alone ("out.fasta" is FASTA), while
// a compressed name ("out.fasta.gz") or standard output takes the input's
// format. --fasta forces FASTA where cutadapt passes it.
SeqFormat output_format(const core::OutputStream& s, bool force_fasta, SeqFormat input) {
    if (force_fasta && s.fasta_flag) return SeqFormat::Fasta;
    if (s.path == "-" || io::compression_from_name(s.path) != io::Compression::kNone) return input;
    return core::format_from_name(s.path).value_or(input);
}

// Raises the soft limit of open files to the hard limit when `needed`
// descriptors would not fit; false when even the hard limit is too low.
bool ensure_open_files(std::size_t needed, rlim_t& limit) {
    struct rlimit rl {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return true;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < needed) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? static_cast<rlim_t>(needed) : rl.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &rl);
        (void)::getrlimit(RLIMIT_NOFILE, &rl);
    }
    limit = rl.rlim_cur;
    return rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= needed;
}

// Descriptors a run keeps open besides its outputs: standard streams, two
// inputs, the ring's overflow and result files, message queues, pipes.
constexpr std::size_t kDescriptorReserve = 64;

int run_plan(RunPlan& plan, ReportStream& report_out, io::OutputSet& outputs) {
    core::ReportContext ctx;
    ctx.ringtrim_version = RINGTRIM_VERSION;
    ctx.command_line_args = plan.args;
    ctx.cores = plan.cores;
    ctx.paired = plan.mode.paired;
    ctx.gc_content = plan.gc_content;
    ctx.input_path1 = plan.input1;
    ctx.input_path2 = plan.input2;
    ctx.cycle_statistics = plan.html.has_value();
    const bool full = plan.report == ReportKind::Full && !plan.quiet;
    if (full) report_out.write(core::version_line(ctx) + core::command_line_line(ctx));

    ChunkReader reader(plan);
    auto format = reader.detect_format(plan.input1);
    if (!format) {
        return report_error(core::Error{core::ErrorKind::Io,
                                        "input file format not recognized: the first character is neither '@' "
                                        "(FASTQ) nor '>' (FASTA)",
                                        reader.name(0), 0, 0});
    }
    reader.set_format(*format);
    plan.pipeline.input_format = *format;
    std::vector<io::Compression> compression;
    for (auto& s : plan.pipeline.streams) {
        compression.push_back(io::compression_from_name(s.path));
        if (!s.records) continue;
        s.format = output_format(s, plan.force_fasta, *format);
        if (s.format == SeqFormat::Fastq && *format == SeqFormat::Fasta) {
            return report_error(core::Error{core::ErrorKind::Io,
                                            "Output format cannot be FASTQ since no quality values are available.",
                                            s.path, 0, 0});
        }
    }
    const std::uint64_t first_bytes = reader.first_record_bytes();
    if (*format == SeqFormat::Fasta && first_bytes > 0 && plan_needs_qualities(plan)) {
        return report_error(core::Error{core::ErrorKind::Run,
                                        "Cannot do quality trimming when no qualities are available (" +
                                            reader.name(0) +
                                            " is FASTA; -q, -Q, --nextseq-trim and --zero-cap need FASTQ)",
                                        {},
                                        0,
                                        0});
    }

    // Every output is prepared before any work: a name that cannot be
    // written fails the run here, and a second signal can remove them all.
    const std::size_t files =
        plan.pipeline.streams.size() + (plan.quarantine ? 1 : 0) + (plan.json ? 1 : 0) + (plan.html ? 1 : 0);
    rlim_t limit = 0;
    if (!ensure_open_files(files + kDescriptorReserve, limit)) {
        return report_error(
            core::Error{core::ErrorKind::Run,
                        std::to_string(files) + " output files need more open files than the limit of " +
                            std::to_string(limit) + " allows (raise it with ulimit -n, or write fewer files per run)",
                        {},
                        0,
                        0});
    }
    std::vector<io::OutputTarget> targets;
    for (const auto& s : plan.pipeline.streams) targets.push_back(outputs.target(outputs.add(s.path)));
    std::optional<std::size_t> quarantine_index, json_index, html_index;
    if (plan.quarantine) quarantine_index = outputs.add(*plan.quarantine);
    if (plan.json) json_index = outputs.add(*plan.json);
    if (plan.html) html_index = outputs.add(*plan.html);
    set_interrupt_cleanup(&outputs.temporary_names(), &outputs.in_place_names());

    if (full) report_out.write(core::processing_line(ctx));
    if (*format == SeqFormat::Fasta && plan.pipeline.max_expected_errors && !plan.quiet)
        report_out.write("WARNING: Ignoring option --max-ee because input does not contain quality values\n");
    if (*format == SeqFormat::Fasta && plan.pipeline.max_average_error_rate && !plan.quiet)
        report_out.write("WARNING: Ignoring option --max-er because input does not contain quality values\n");

    ProgressLine progress(!plan.quiet);
    // Names, sequences and which counters exist: once per run, here. The
    // chunks' counters (workers -> writer) carry none of it.
    const core::StatsLayout layout = core::Pipeline(plan.pipeline).stats_layout();
    core::Stats stats;
    const std::uint64_t unit_records = core::unit_records_for(first_bytes);
    reader.set_unit_records(unit_records);
    std::uint64_t quarantined = 0;
    const int status =
        run_chunks(plan, reader, compression, targets, quarantine_index ? &outputs.target(*quarantine_index) : nullptr,
                   unit_records, progress, stats, quarantined);
    progress.clear();
    if (status != 0) return status;
    if (interrupt_flag() != 0) return 128 + interrupt_flag();
    if (plan.quarantine) {
        ctx.quarantined_reads = quarantined;
        ctx.quarantine_path = *plan.quarantine;
    }
    ctx.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - kProgramStart).count();
    if (json_index) {
        io::OutputFile json(outputs.target(*json_index), 5);
        json.write(core::json_report(layout, stats, ctx));
        json.close();
    }
    if (html_index) {
        io::OutputFile html(outputs.target(*html_index), 5);
        html.write(core::html_report(layout, stats, ctx));
        html.close();
    }
    if (!plan.quiet)
        report_out.write(plan.report == ReportKind::Minimal ? core::minimal_report(layout, stats, ctx)
                                                            : core::full_report(layout, stats, ctx));

    // The commit: with every interrupting signal held, the outputs appear
    // all together or not at all; a signal that arrives now stays pending
    // until the process has ended, so a run that looks complete exits 0.
    BlockInterrupts hold;
    if (interrupt_flag() != 0) return 128 + interrupt_flag();
    outputs.commit();
    return 0;
}

}  // namespace

int execute(RunPlan& plan) {
    install_interrupt_handlers();
    // cutadapt writes the report to stderr when any output goes to stdout.
    bool to_stdout = plan.output == "-";
    for (const auto& s : plan.pipeline.streams) to_stdout = to_stdout || s.path == "-";
    ReportStream report_out(to_stdout);
    set_error_stream(to_stdout);
    io::OutputSet outputs;
    int status = 1;
    try {
        status = run_plan(plan, report_out, outputs);
    } catch (const io::IoError& e) {
        if (interrupt_flag() == 0) report_error(core::Error{core::ErrorKind::Io, e.message(), e.file(), 0, 0});
        status = 1;
    }
    if (status != 0) outputs.abort();
    set_interrupt_cleanup(nullptr, nullptr);
    std::cerr.flush();
    if (status != 0 && interrupt_flag() != 0) die_by_signal(interrupt_flag());
    return status;
}

}  // namespace ringtrim::app

// execute(): reads the input in chunks, runs the pipeline on each chunk and
// writes the outputs, either in this process (-j 1) or on the shared-memory
// ring (-j N: docs/design.md), through one ipc::run() whose transport is the
// only difference. Every transport uses the same three roles (apps/roles/),
// so the bytes written do not depend on the path, the worker count or the
// chunk size.
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

#include "apps/ringtrim/interrupt.hpp"
#include "apps/ringtrim/messages.hpp"
#include "apps/ringtrim/progress.hpp"
#include "apps/ringtrim/run.hpp"
#include "apps/roles/callbacks.hpp"
#include "apps/roles/output_writer.hpp"
#include "apps/roles/quarantine.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "ipc/run/run.hpp"
#include "lib/report/html_report.hpp"
#include "lib/report/json_report.hpp"
#include "lib/report/text_report.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

const auto kProgramStart = std::chrono::steady_clock::now();

// Runs the roles in this process (-j 1), or in forked processes over the
// shared-memory ring (or, with --ipc queue, over message queues).
// `quarantined` receives the reads (pairs) set aside with --quarantine.
// The transport of a finished plan: -j 1 runs in this process unless
// --quarantine or --worker-timeout ask for a worker process.
ipc::Transport transport_of(const RunPlan& plan) {
    if (plan.cores == 1 && !plan.worker_processes) return ipc::Transport::kSerial;
    return plan.ipc == IpcDesign::Queue ? ipc::Transport::kQueue : ipc::Transport::kRing;
}

// Records per read (pair) in the counts of ipc::run: 2 for interleaved input.
std::uint64_t records_per_read(const RunPlan& plan) { return plan.mode.interleaved_input ? 2 : 1; }

ipc::RunConfig run_config(const RunPlan& plan, const roles::ChunkReader& reader, ProgressLine& progress) {
    const std::uint64_t per_read = records_per_read(plan);
    ipc::RunConfig config;
    config.workers = plan.cores;
    config.slots = plan.ring_slots.value_or(0);
    config.slot_input_bytes = plan.buffer_size;
    config.inputs = plan.input2 ? 2 : 1;
    config.outputs = static_cast<int>(plan.pipeline.streams.size());
    config.interrupt = &interrupt_flag();
    config.max_retries = plan.max_retries;
    config.worker_timeout_s = plan.worker_timeout;
    // Spill files go beside the main output when no temporary folder takes them.
    const std::string& out = plan.pipeline.streams.empty() ? std::string("-") : plan.pipeline.streams[0].path;
    const std::size_t slash = out.rfind('/');
    config.fallback_temp_dir = out == "-" ? "." : slash == std::string::npos ? "." : out.substr(0, slash + 1);
    config.input_label = reader.name(0) + (plan.input2 ? " and " + reader.name(1) : std::string());
    config.progress = [&progress, per_read](std::uint64_t records) { progress.update(records / per_read); };
    return config;
}

// Runs the roles in this process (-j 1), or in forked processes over the
// shared-memory ring (or, with --ipc queue, over message queues).
// `quarantined` receives the reads (pairs) set aside with --quarantine.
int run_chunks(const RunPlan& plan, roles::ChunkReader& reader, const std::vector<io::OutputTarget>& targets,
               const io::OutputTarget* quarantine_target, ProgressLine& progress, core::Stats& stats,
               std::uint64_t& quarantined, ErrorStream errors) {
    ipc::RunConfig config = run_config(plan, reader, progress);
    // The input files as named on the command line ("-": standard input), for
    // the workers' messages, and as the reader shows them, for the quarantine's.
    const std::string inputs[2] = {plan.input1, plan.input2.value_or(plan.input1)};
    std::optional<io::CompressedOutput> quarantine;
    if (quarantine_target != nullptr) {
        quarantine.emplace(*quarantine_target, plan.compression_level);
        const std::array<std::string, 2> shown = {reader.name(0), plan.input2 ? reader.name(1) : reader.name(0)};
        config.quarantine = [&quarantine, &plan, shown](const ipc::ChunkInput& chunk) {
            try {
                roles::write_quarantined(*quarantine, chunk, plan.pipeline.input_format, plan.input2.has_value(),
                                         shown.data());
                return ipc::Status();
            } catch (const io::IoError& e) {
                return ipc::Status::error(e.what());
            }
        };
    }
    const ipc::Transport transport = transport_of(plan);
    // BGZF input: the ring's workers inflate the blocks, the parent cuts.
    reader.start(plan.pipeline.input_format, plan.unit_records, transport == ipc::Transport::kRing);
    if (transport == ipc::Transport::kRing) config.prepare = roles::bgzf_steps(reader, inputs);
    roles::WorkerOptions worker;
    worker.pipeline = &plan.pipeline;
    worker.compression = plan.compression;
    worker.compression_level = plan.compression_level;
    worker.unit_records = plan.unit_records;
    worker.inputs[0] = inputs[0];
    worker.inputs[1] = inputs[1];
    const roles::WriterOptions writer{plan.compression, plan.compression_level};
    const core::Stats initial = stats;
    auto make_consumer = [&]() -> std::unique_ptr<ipc::Consumer> {
        return std::make_unique<roles::OutputWriter>(writer, initial, targets);
    };
    auto result =
        ipc::run(config, transport, roles::chunk_producer(reader), roles::worker_factory(worker), make_consumer);
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
        quarantined = result.quarantined_records / records_per_read(plan);
    }
    if (!result.ok) {
        // The run's error was formatted where it happened (format_error in
        // the worker, or the supervisor's own words); an interrupt prints nothing.
        if (result.exit_code < 128) print_error(result.error, errors);
        return result.exit_code;
    }
    if (!core::deserialize(result.result_blob, stats)) {
        return report_error(core::Error::run("internal error: malformed statistics from the writer"), errors);
    }
    return 0;
}

// The report's stream: standard output, or standard error when an output
// goes to standard output (as cutadapt). Every write is checked: a report
// that cannot be written fails the run.
class ReportStream {
public:
    explicit ReportStream(bool to_stderr) : stream_(to_stderr), name_(to_stderr ? "<stderr>" : "<stdout>") {}

    // Errors go to the report's stream too (as cutadapt logs them).
    ErrorStream errors() const { return stream_; }

    void write(std::string_view text) {
        std::cout.flush();
        while (!text.empty()) {
            const ssize_t n = ::write(stream_.fd(), text.data(), text.size());
            if (n < 0 && errno == EINTR && interrupt_flag() == 0) continue;
            if (n <= 0)
                throw io::IoError(name_, std::string("cannot write the report: ") +
                                             (n < 0 ? std::strerror(errno) : "no bytes written"));
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }

private:
    ErrorStream stream_;
    std::string name_;
};

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

// Runs a finished plan over the reader that detect_input() read from.
int run_finished(const RunPlan& plan, roles::ChunkReader& reader, core::ReportContext& ctx, ReportStream& report_out,
                 io::OutputSet& outputs);

int run_plan(const RunPlan& built, ReportStream& report_out, io::OutputSet& outputs) {
    core::ReportContext ctx;
    ctx.ringtrim_version = RINGTRIM_VERSION;
    ctx.cutadapt = built.cutadapt;
    ctx.command_line_args = built.args;
    ctx.cores = built.cores;
    ctx.paired = built.mode.paired;
    ctx.gc_content = built.gc_content;
    ctx.input_path1 = built.input1;
    ctx.input_path2 = built.input2;
    ctx.cycle_statistics = built.html.has_value();
    if (built.report == ReportKind::Full && !built.quiet)
        report_out.write(core::version_line(ctx) + core::command_line_line(ctx));

    roles::ChunkReader reader(reader_options(built));
    auto finished = finish_plan(built, detect_input(reader));
    if (const auto* e = std::get_if<core::Error>(&finished)) {
        if (interrupt_flag() != 0) return 1;  // the read was cut short: the signal speaks
        return report_error(*e, report_out.errors());
    }
    return run_finished(std::get<RunPlan>(finished), reader, ctx, report_out, outputs);
}

int run_finished(const RunPlan& plan, roles::ChunkReader& reader, core::ReportContext& ctx, ReportStream& report_out,
                 io::OutputSet& outputs) {
    const bool full = plan.report == ReportKind::Full && !plan.quiet;
    const SeqFormat format = plan.pipeline.input_format;
    const ErrorStream errors = report_out.errors();
    // Every output is prepared before any work: a name that cannot be
    // written fails the run here, and a second signal can remove them all.
    const std::size_t files =
        plan.pipeline.streams.size() + (plan.quarantine ? 1 : 0) + (plan.json ? 1 : 0) + (plan.html ? 1 : 0);
    rlim_t limit = 0;
    if (!ensure_open_files(files + kDescriptorReserve, limit)) {
        return report_error(
            core::Error::run(std::to_string(files) + " output files need more open files than the limit of " +
                             std::to_string(limit) + " allows (raise it with ulimit -n, or write fewer files per run)"),
            errors);
    }
    std::vector<io::OutputTarget> targets;
    for (const auto& s : plan.pipeline.streams) targets.push_back(outputs.target(outputs.add(s.path)));
    std::optional<std::size_t> quarantine_index, json_index, html_index;
    if (plan.quarantine) quarantine_index = outputs.add(*plan.quarantine);
    if (plan.json) json_index = outputs.add(*plan.json);
    if (plan.html) html_index = outputs.add(*plan.html);
    set_interrupt_cleanup(&outputs.temporary_names(), &outputs.in_place_names());

    if (full) report_out.write(core::processing_line(ctx));
    if (format == SeqFormat::Fasta && plan.pipeline.max_expected_errors && !plan.quiet)
        report_out.write("WARNING: Ignoring option --max-ee because input does not contain quality values\n");
    if (format == SeqFormat::Fasta && plan.pipeline.max_average_error_rate && !plan.quiet)
        report_out.write("WARNING: Ignoring option --max-er because input does not contain quality values\n");

    ProgressLine progress(!plan.quiet);
    // Names, sequences and which counters exist: once per run, here. The
    // chunks' counters (workers -> writer) carry none of it.
    const core::StatsLayout layout = core::Pipeline(plan.pipeline).stats_layout();
    core::Stats stats;
    std::uint64_t quarantined = 0;
    const int status =
        run_chunks(plan, reader, targets, quarantine_index ? &outputs.target(*quarantine_index) : nullptr, progress,
                   stats, quarantined, errors);
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

int execute(const RunPlan& plan) {
    install_interrupt_handlers();
    // cutadapt writes the report to stderr when any output goes to stdout.
    bool to_stdout = plan.output == "-";
    for (const auto& s : plan.pipeline.streams) to_stdout = to_stdout || s.path == "-";
    ReportStream report_out(to_stdout);
    io::OutputSet outputs;
    int status = 1;
    try {
        status = run_plan(plan, report_out, outputs);
    } catch (const io::IoError& e) {
        if (interrupt_flag() == 0) report_error(core::Error::io(e.message(), e.file()), report_out.errors());
        status = 1;
    }
    if (status != 0) outputs.abort();
    set_interrupt_cleanup(nullptr, nullptr);
    std::cerr.flush();
    if (status != 0 && interrupt_flag() != 0) die_by_signal(interrupt_flag());
    return status;
}

}  // namespace ringtrim::app

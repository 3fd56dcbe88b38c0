// execute(): reads the input in chunks, runs the pipeline on each chunk and
// writes the outputs, either in this process (-j 1) or on the shared-memory
// ring (-j N: docs/design.md). Both paths use the same three roles
// (chunk_roles.hpp), so the bytes written do not depend on the path, the
// worker count or the chunk size.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "apps/ringtrim/chunk_roles.hpp"
#include "apps/ringtrim/progress.hpp"
#include "apps/ringtrim/run.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "ipc/queue/run_queue.hpp"
#include "ipc/supervise/run_ring.hpp"
#include "lib/report/json_report.hpp"
#include "lib/report/text_report.hpp"

#ifndef RINGTRIM_VERSION
#define RINGTRIM_VERSION "0.0.0"
#endif

namespace ringtrim::app {

namespace {

using core::SeqFormat;

const auto kProgramStart = std::chrono::steady_clock::now();

volatile std::sig_atomic_t g_interrupt = 0;

// The temporary names of this run's outputs (io::OutputFile names them after
// this process, also when the writer process writes them), filled before the
// handler is installed and never changed while it is: a second Ctrl-C removes
// them with unlink(), which is async-signal-safe, and leaves at once.
const char* g_temp_paths[64];
volatile std::sig_atomic_t g_temp_count = 0;

extern "C" void on_interrupt(int sig) {
    if (g_interrupt != 0) {
        for (std::sig_atomic_t i = 0; i < g_temp_count; ++i) ::unlink(g_temp_paths[i]);
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
    g_interrupt = sig;
}

// Runs everything in this process.
int run_serial(const RunPlan& plan, ChunkReader& reader, const std::vector<io::Compression>& compression,
               std::uint64_t unit_records, ProgressLine& progress, core::Stats& stats) {
    ChunkWorker worker(plan, compression, unit_records);
    OutputWriter writer(plan, stats, compression);
    std::string in[2] = {std::string(plan.buffer_size, '\0'), std::string(plan.input2 ? plan.buffer_size : 0, '\0')};
    char* bufs[2] = {in[0].data(), in[1].data()};
    std::vector<std::string> segments;
    std::string blob;
    std::uint64_t seq = 0, first_record = 0, first_line = 0;
    std::size_t len[2] = {0, 0};
    std::uint64_t records = 0, lines = 0;
    try {
        while (reader.next(bufs, plan.buffer_size, len, records, lines)) {
            if (g_interrupt) {
                writer.abort();
                return 128 + g_interrupt;
            }
            core::ChunkInput chunk{std::string_view(bufs[0], len[0]), std::string_view(bufs[1], len[1]),
                                   first_record, first_line};
            std::optional<std::string> error;
            worker.run(chunk, records, true, segments, blob, error);
            if (error) {
                writer.abort();
                std::cerr << "ringtrim: error: " << *error << "\n";
                return 1;
            }
            std::vector<std::string_view> views(segments.begin(), segments.end());
            writer.consume(seq++, views, blob);
            first_record += records;
            first_line += lines;
            progress.update(plan.mode.interleaved_input ? first_record / 2 : first_record);
        }
        auto total = writer.finish();
        core::deserialize(total, stats);
    } catch (...) {
        writer.abort();
        throw;
    }
    return 0;
}

// Appends a poison chunk's raw records to the --quarantine file: as they
// came for single-end and interleaved input, interleaved for paired files.
void write_quarantined(io::CompressedOutput& out, const ipc::ChunkInput& chunk, SeqFormat format, bool two_files) {
    auto put = [&out](std::string_view records) {
        if (records.empty()) return;
        out.write(records);
        if (records.back() != '\n') out.write("\n");  // the file's last record had no newline
    };
    if (!two_files) {
        put(chunk.bytes[0]);
        return;
    }
    std::string_view rest[2] = {chunk.bytes[0], chunk.bytes[1]};
    while (!rest[0].empty() || !rest[1].empty()) {
        for (auto& r : rest) {
            const std::size_t n = core::find_chunk_end(r, format, true, 1).bytes;
            put(r.substr(0, n));
            r.remove_prefix(n);
        }
    }
}

// Runs the roles in forked processes over the shared-memory ring (or, with
// --ipc queue, over message queues). `quarantined` receives the reads (pairs)
// set aside with --quarantine.
int run_parallel(const RunPlan& plan, ChunkReader& reader, const std::vector<io::Compression>& compression,
                 std::uint64_t unit_records, ProgressLine& progress, core::Stats& stats,
                 std::uint64_t& quarantined) {
    const std::uint64_t per_read = plan.mode.interleaved_input ? 2 : 1;  // records per read (pair)
    ipc::RingConfig config;
    config.workers = plan.cores;
    config.slots = plan.ring_slots.value_or(0);
    config.slot_input_bytes = plan.buffer_size;
    config.inputs = plan.input2 ? 2 : 1;
    config.outputs = static_cast<int>(plan.pipeline.streams.size());
    config.interrupt = &g_interrupt;
    config.max_retries = plan.max_retries;
    config.input_label = reader.name(0) + (plan.input2 ? " and " + reader.name(1) : std::string());
    config.progress = [&progress, per_read](std::uint64_t records) { progress.update(records / per_read); };
    // The writer names its temporary files after this process, so that they
    // can be removed here if it is killed.
    const pid_t parent = ::getpid();
    config.on_failure = [&plan, parent] {
        for (const auto& s : plan.pipeline.streams) io::remove_temporary_files(s.path, parent);
    };
    std::optional<io::CompressedOutput> quarantine;
    if (plan.quarantine) {
        quarantine.emplace(*plan.quarantine, plan.compression_level);
        config.quarantine = [&quarantine, &plan](const ipc::ChunkInput& chunk, std::string& error) {
            try {
                write_quarantined(*quarantine, chunk, plan.pipeline.input_format, plan.input2.has_value());
                return true;
            } catch (const io::IoError& e) {
                error = e.what();
                return false;
            }
        };
    }

    auto producer = [&](char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk) -> ipc::ProduceResult {
        std::uint64_t records = 0, lines = 0;
        std::size_t len[2] = {0, 0};
        try {
            if (!reader.next(buf, cap, len, records, lines)) return ipc::ProduceResult::end();
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
        chunk.len[0] = len[0];
        chunk.len[1] = len[1];
        chunk.records = records;
        return ipc::ProduceResult::chunk();
    };
    const core::Stats initial = stats;
    auto make_processor = [&]() -> ipc::Processor {
        auto worker = std::make_shared<ChunkWorker>(plan, compression, unit_records);
        return [worker, fasta = plan.pipeline.input_format == SeqFormat::Fasta](const ipc::ChunkInput& in,
                                                                               ipc::ChunkOutput& out) {
            // FASTQ: line = 4 * record. FASTA: the line is not known in a
            // worker; errors then name the record only.
            core::ChunkInput chunk{in.bytes[0], in.bytes[1], in.first_record, fasta ? 0 : 4 * in.first_record};
            worker->run(chunk, in.records, !fasta, out.segments, out.stats_blob, out.error);
            if (out.error) out.input_error = true;
        };
    };
    auto make_consumer = [&]() -> std::unique_ptr<ipc::Consumer> {
        return std::make_unique<OutputWriter>(plan, initial, compression, parent);
    };
    auto result = plan.ipc == "queue" ? ipc::run_queue(config, producer, make_processor, make_consumer)
                                      : ipc::run_ring(config, producer, make_processor, make_consumer);
    if (quarantine) {
        if (result.ok) {
            try {
                quarantine->commit();
            } catch (const io::IoError& e) {
                result.ok = false;
                result.error = e.what();
                result.exit_code = 1;
                // The writer already renamed the outputs into place; a run
                // that lost quarantined records must not look complete.
                for (const auto& s : plan.pipeline.streams) {
                    struct stat st {};
                    if (s.path != "-" && ::lstat(s.path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
                        (void)::unlink(s.path.c_str());
                }
            }
        } else {
            quarantine->abort();
        }
        quarantined = result.quarantined_records / per_read;
    }
    if (!result.ok) {
        if (result.exit_code < 128) std::cerr << "ringtrim: error: " << result.error << "\n";
        return result.exit_code;
    }
    if (!core::deserialize(result.result_blob, stats)) {
        std::cerr << "ringtrim: error: internal error: malformed statistics from the writer\n";
        return 1;
    }
    return 0;
}

}  // namespace

int execute(RunPlan& plan) {
    // cutadapt writes the report to stderr when any output goes to stdout.
    bool to_stdout = plan.output == "-";
    for (const auto& s : plan.pipeline.streams) to_stdout = to_stdout || s.path == "-";
    std::ostream& report_out = to_stdout ? std::cerr : std::cout;
    core::ReportContext ctx;
    ctx.ringtrim_version = RINGTRIM_VERSION;
    ctx.command_line_args = plan.args;
    ctx.cores = plan.cores;
    ctx.paired = plan.mode.paired;
    ctx.gc_content = plan.gc_content;
    ctx.input_path1 = plan.input1;
    ctx.input_path2 = plan.input2;
    const bool full = plan.report == "full" && !plan.quiet;
    if (full) report_out << core::version_line(ctx) << core::command_line_line(ctx) << std::flush;

    std::vector<std::string> temp_paths;
    for (const auto& stream : plan.pipeline.streams)
        if (stream.path != "-") temp_paths.push_back(io::temporary_name(stream.path, ::getpid()));
    if (plan.quarantine) temp_paths.push_back(io::temporary_name(*plan.quarantine, ::getpid()));
    for (std::size_t i = 0; i < temp_paths.size() && i < std::size(g_temp_paths); ++i)
        g_temp_paths[i] = temp_paths[i].c_str();
    g_temp_count = static_cast<std::sig_atomic_t>(std::min(temp_paths.size(), std::size(g_temp_paths)));
    struct ForgetTempPaths {  // before temp_paths goes away
        ~ForgetTempPaths() { g_temp_count = 0; }
    } forget_temp_paths;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    try {
        ChunkReader reader(plan);
        auto format = reader.detect_format(plan.input1);
        if (!format) {
            std::cerr << "ringtrim: error: " << reader.name(0)
                      << ": input file format not recognized: the first character is neither '@' (FASTQ) nor "
                         "'>' (FASTA)\n";
            return 1;
        }
        reader.set_format(*format);
        plan.pipeline.input_format = *format;
        std::vector<io::Compression> compression;
        for (auto& s : plan.pipeline.streams) {
            compression.push_back(io::compression_from_name(s.path));
            if (!s.records) continue;
            if (plan.force_fasta && s.fasta_flag) s.format = SeqFormat::Fasta;
            else if (auto f = s.path == "-" ? std::nullopt : core::format_from_name(s.path)) s.format = *f;
            else s.format = *format;
            if (s.format == SeqFormat::Fastq && *format == SeqFormat::Fasta) {
                std::cerr << "ringtrim: error: " << s.path
                          << ": cannot write FASTQ: the input is FASTA and has no qualities\n";
                return 1;
            }
        }
        if (full) report_out << core::processing_line(ctx) << std::flush;

        ProgressLine progress(!plan.quiet);
        core::Stats stats;
        {
            if (plan.paired) stats = core::PairedPipeline(plan.pipeline, *plan.paired).empty_stats();
            else stats = core::Pipeline(plan.pipeline).empty_stats();
        }
        const std::uint64_t unit_records = unit_records_for(reader.first_record_bytes());
        reader.set_unit_records(unit_records);
        // -j 1 runs in this process; --quarantine needs worker processes.
        std::uint64_t quarantined = 0;
        const int status = plan.cores > 1 || plan.quarantine
                               ? run_parallel(plan, reader, compression, unit_records, progress, stats, quarantined)
                               : run_serial(plan, reader, compression, unit_records, progress, stats);
        progress.clear();
        if (status != 0) return status;
        if (plan.quarantine) {
            ctx.quarantined_reads = quarantined;
            ctx.quarantine_path = *plan.quarantine;
        }
        ctx.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - kProgramStart).count();
        if (!plan.quiet) {
            report_out << (plan.report == "minimal" ? core::minimal_report(stats, ctx) : core::full_report(stats, ctx))
                       << std::flush;
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

// execute(): reads the input in chunks, runs the pipeline on each chunk and
// writes the outputs, either in this process (-j 1) or on the shared-memory
// ring (-j N: docs/design.md). Both paths use the same three roles:
//
//   ChunkReader   (parent)  input file(s) -> chunk bytes cut after whole records
//   ChunkWorker   (worker)  chunk bytes -> output segments (compressed) + Stats blob
//   OutputWriter  (writer)  segments in chunk order -> output files; Stats summed
//
// so the bytes written do not depend on the path or on the worker count.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "apps/ringtrim/run.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
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

extern "C" void on_interrupt(int sig) {
    if (g_interrupt != 0) {
        // Second Ctrl-C: leave at once.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
    g_interrupt = sig;
}

std::string describe(const std::string& file, const core::ParseError& e) {
    std::string s = file + ": record " + std::to_string(e.record);
    if (e.line) s += " (line " + std::to_string(e.line) + ")";
    return s + ": " + e.message;
}

// One input file and the bytes read from it but not yet cut into a chunk.
struct InputStream {
    io::InputFile file;
    std::string buffer;
    std::size_t filled = 0;
    bool at_eof = false;

    InputStream(const std::string& path, std::size_t capacity) : file(path), buffer(capacity, '\0') {}
    std::string_view view() const { return {buffer.data(), filled}; }
    void fill() {
        if (at_eof) return;
        const std::size_t want = buffer.size() - filled;
        const std::size_t got = file.read_full(buffer.data() + filled, want);
        filled += got;
        if (got < want) at_eof = true;
    }
    void consume(std::size_t n) {
        std::memmove(buffer.data(), buffer.data() + n, filled - n);
        filled -= n;
    }
};

// Parent role: cuts the input into chunks of whole records; paired files are
// cut at the same record count. Chunk boundaries depend only on the input and
// --buffer-size (buffers are filled completely before cutting).
class ChunkReader {
public:
    explicit ChunkReader(const RunPlan& plan) : capacity_(plan.buffer_size) {
        streams_.emplace_back(plan.input1, capacity_);
        if (plan.input2) streams_.emplace_back(*plan.input2, capacity_);
        for (auto& s : streams_) s.fill();
        multiple_ = plan.mode.interleaved_input ? 2 : 1;
    }

    // nullopt: the content says neither FASTQ nor FASTA.
    std::optional<SeqFormat> detect_format(const std::string& path) const {
        if (auto f = core::format_from_name(path)) return f;
        return core::format_from_content(streams_[0].view());
    }
    void set_format(SeqFormat f) { format_ = f; }
    const std::string& name(std::size_t i) const { return streams_[i].file.display_name(); }

    // Copies the next chunk into buf[0] (and buf[1] for paired files), each
    // of capacity `cap`. Returns false at the end of the input.
    bool next(char* const buf[2], std::size_t cap, std::size_t len[2], std::uint64_t& records,
              std::uint64_t& lines) {
        auto& a = streams_[0];
        core::ChunkEnd end = core::find_chunk_end(a.view().substr(0, std::min(cap, a.filled)), format_,
                                                  a.at_eof && a.filled <= cap, UINT64_MAX, multiple_);
        if (streams_.size() == 2) {
            auto& b = streams_[1];
            auto end2 = core::find_chunk_end(b.view().substr(0, std::min(cap, b.filled)), format_,
                                             b.at_eof && b.filled <= cap, end.records);
            if (end2.records < end.records)
                end = core::find_chunk_end(a.view().substr(0, std::min(cap, a.filled)), format_,
                                           a.at_eof && a.filled <= cap, end2.records, multiple_);
            if (end.records == 0 || end2.records == 0) {
                const bool a_done = a.filled == 0 && a.at_eof;
                const bool b_done = b.filled == 0 && b.at_eof;
                if (a_done && b_done) return false;
                if (a_done) throw_unequal(0);
                if (b_done) throw_unequal(1);
                throw_too_large(end.records == 0 ? 0 : 1, cap);
            }
            len[1] = end2.bytes;
            std::memcpy(buf[1], b.buffer.data(), end2.bytes);
        }
        if (end.bytes == 0) {
            if (a.filled == 0) return false;
            throw_too_large(0, cap);
        }
        std::memcpy(buf[0], a.buffer.data(), end.bytes);
        len[0] = end.bytes;
        records = end.records;
        lines = end.lines;
        a.consume(end.bytes);
        if (streams_.size() == 2) streams_[1].consume(len[1]);
        for (auto& s : streams_) s.fill();
        records_ += end.records;
        lines_ += end.lines;
        return true;
    }

private:
    [[noreturn]] void throw_too_large(std::size_t i, std::size_t cap) {
        throw io::IoError(name(i), "record " + std::to_string(records_ + 1) +
                                       (format_ == SeqFormat::Fastq && multiple_ == 1 && streams_.size() == 1
                                            ? " (line " + std::to_string(lines_ + 1) + ")"
                                            : std::string()) +
                                       " does not fit into the chunk buffer of " + std::to_string(cap) +
                                       " bytes; raise the limit with --buffer-size");
    }
    [[noreturn]] void throw_unequal(std::size_t shorter) {
        throw io::IoError(name(shorter), "has fewer records than " + name(1 - shorter) + " (after record " +
                                             std::to_string(records_) + "): the paired files are not in sync");
    }

    std::size_t capacity_;
    std::vector<InputStream> streams_;
    SeqFormat format_ = SeqFormat::Fastq;
    std::uint64_t multiple_ = 1;
    std::uint64_t records_ = 0;
    std::uint64_t lines_ = 0;
};

// Worker role: the pipeline plus per-stream compression.
class ChunkWorker {
public:
    ChunkWorker(const RunPlan& plan, std::vector<io::Compression> compression)
        : compression_(std::move(compression)), level_(plan.compression_level),
          names_{plan.input1, plan.input2.value_or(plan.input1)} {
        if (plan.paired) paired_ = std::make_unique<core::PairedPipeline>(plan.pipeline, *plan.paired);
        else pipeline_ = std::make_unique<core::Pipeline>(plan.pipeline);
    }

    // Processes one chunk; on malformed input sets `error`.
    void run(const core::ChunkInput& chunk, std::vector<std::string>& segments, std::string& stats_blob,
             std::optional<std::string>& error) {
        for (auto& o : scratch_) o.clear();
        core::Stats stats;
        if (auto e = paired_ ? paired_->run(chunk, scratch_, stats) : pipeline_->run(chunk, scratch_, stats)) {
            auto name = [this](int i) { return names_[i] == "-" ? std::string("<stdin>") : names_[i]; };
            const int input = paired_ ? paired_->error_input() : 0;
            error = describe(input == 2 ? name(0) + " and " + name(1) : name(input), *e);
            return;
        }
        segments.resize(scratch_.size());
        for (std::size_t i = 0; i < scratch_.size(); ++i) {
            if (compression_[i] == io::Compression::kNone) {
                segments[i].swap(scratch_[i]);
            } else {
                segments[i].clear();
                io::compress_member(scratch_[i], compression_[i], level_, segments[i]);
            }
        }
        stats_blob = core::serialize(stats);
    }

private:
    std::unique_ptr<core::Pipeline> pipeline_;        // single-end, or
    std::unique_ptr<core::PairedPipeline> paired_;    // paired-end
    std::vector<io::Compression> compression_;
    int level_;
    std::string names_[2];
    std::vector<std::string> scratch_;
};

// Writer role: output files in chunk order, and the summed Stats.
class OutputWriter : public ipc::Consumer {
public:
    OutputWriter(const RunPlan& plan, core::Stats initial) : total_(std::move(initial)) {
        for (const auto& s : plan.pipeline.streams) files_.emplace_back(s.path, plan.compression_level);
    }
    void consume(std::uint64_t, const std::vector<std::string_view>& segments, std::string_view blob) override {
        for (std::size_t i = 0; i < files_.size() && i < segments.size(); ++i)
            if (!segments[i].empty()) files_[i].write(segments[i]);
        core::Stats chunk;
        if (!core::deserialize(blob, chunk)) throw std::runtime_error("internal error: malformed statistics blob");
        total_ += chunk;
    }
    std::string finish() override {
        for (auto& f : files_) f.commit();
        return core::serialize(total_);
    }
    void abort() override {
        for (auto& f : files_) f.abort();
    }

private:
    std::vector<io::OutputFile> files_;
    core::Stats total_;
};

// Runs everything in this process.
int run_serial(const RunPlan& plan, ChunkReader& reader, const std::vector<io::Compression>& compression,
               core::Stats& stats) {
    ChunkWorker worker(plan, compression);
    OutputWriter writer(plan, stats);
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
            worker.run(chunk, segments, blob, error);
            if (error) {
                writer.abort();
                std::cerr << "ringtrim: error: " << *error << "\n";
                return 1;
            }
            std::vector<std::string_view> views(segments.begin(), segments.end());
            writer.consume(seq++, views, blob);
            first_record += records;
            first_line += lines;
        }
        auto total = writer.finish();
        core::deserialize(total, stats);
    } catch (...) {
        writer.abort();
        throw;
    }
    return 0;
}

// Runs the roles in forked processes over the shared-memory ring.
int run_parallel(const RunPlan& plan, ChunkReader& reader, const std::vector<io::Compression>& compression,
                 core::Stats& stats) {
    ipc::RingConfig config;
    config.workers = plan.cores;
    config.slots = plan.ring_slots.value_or(0);
    config.slot_input_bytes = plan.buffer_size;
    config.inputs = plan.input2 ? 2 : 1;
    config.outputs = static_cast<int>(plan.pipeline.streams.size());
    config.interrupt = &g_interrupt;

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
        auto worker = std::make_shared<ChunkWorker>(plan, compression);
        return [worker, fasta = plan.pipeline.input_format == SeqFormat::Fasta](const ipc::ChunkInput& in,
                                                                               ipc::ChunkOutput& out) {
            // FASTQ: line = 4 * record. FASTA: the line is not known in a
            // worker; errors then name the record only.
            core::ChunkInput chunk{in.bytes[0], in.bytes[1], in.first_record, fasta ? 0 : 4 * in.first_record};
            worker->run(chunk, out.segments, out.stats_blob, out.error);
            if (out.error) out.input_error = true;
        };
    };
    auto make_consumer = [&]() -> std::unique_ptr<ipc::Consumer> {
        return std::make_unique<OutputWriter>(plan, initial);
    };
    auto result = ipc::run_ring(config, producer, make_processor, make_consumer);
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

        core::Stats stats;
        {
            if (plan.paired) stats = core::PairedPipeline(plan.pipeline, *plan.paired).empty_stats();
            else stats = core::Pipeline(plan.pipeline).empty_stats();
        }
        const int status = plan.cores > 1 ? run_parallel(plan, reader, compression, stats)
                                          : run_serial(plan, reader, compression, stats);
        if (status != 0) return status;
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

// Running ringtrim: from a parsed command line to output files and a report.
//
// build_plan() turns the CommandLine (cutadapt's argparse namespace) into a
// RunPlan: the pipeline options every process shares and the file names and
// settings of the run. execute() finishes the plan before anything runs:
//
//   1. detect_input(reader) -> InputFacts      the files opened: format, first record
//   2. finish_plan(plan, facts) -> RunPlan | Error   pure: formats, checks, unit size
//   3. the run, from the finished plan         in this process for -j 1, on the
//                                              shared-memory ring for -j N
//
// and prints the report. Every error leaves here as a message and an exit
// status; main() prints and exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "apps/ringtrim/options.hpp"
#include "apps/roles/chunk_reader.hpp"
#include "ipc/io/compression.hpp"
#include "lib/error/error.hpp"
#include "lib/fastq/parse.hpp"
#include "lib/pipeline/pipeline.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace ringtrim::app {

// --report
enum class ReportKind : std::uint8_t { Full, Minimal };
// --ipc: the shared-memory ring, or copies through message queues.
enum class IpcDesign : std::uint8_t { Ring, Queue };

struct RunPlan {
    core::PipelineOptions pipeline;
    Mode mode;
    std::string input1;
    std::optional<std::string> input2;  // R2 file of paired input
    std::string output = "-";           // "-": standard output
    bool force_fasta = false;           // --fasta
    int compression_level = 5;
    // The release whose bytes the run writes (--as-cutadapt); the pipeline's
    // own copy is pipeline.cutadapt.
    core::CutadaptVersion cutadapt = core::kDefaultCutadaptVersion;
    int cores = 1;
    // --buffer-size: the chunk size. Without the option it is 2 MiB, not
    // cutadapt 4.2's 4000000: on 1 M reads that took 11 % off the wall time
    // of -j 2 plain runs and 2-4 % off -j 2 gzip runs, where 1 MiB slowed
    // gzip-1 input (the parent copies each chunk's tail, up to a unit, from
    // slot to slot); docs/benchmarks.md, "Chunk size". It never changes the
    // output.
    std::size_t buffer_size = std::size_t{2} << 20;
    ReportKind report = ReportKind::Full;
    bool quiet = false;
    std::optional<std::string> json;
    std::optional<std::string> html;  // --html FILE (lib/report/html_report.hpp)
    double gc_content = 0.5;
    std::vector<std::string> args;  // argv[1..] for the report
    IpcDesign ipc = IpcDesign::Ring;
    std::optional<int> ring_slots;
    int max_retries = 1;          // --max-retries: re-runs of a chunk whose worker died
    double worker_timeout = 600;  // --worker-timeout: seconds one chunk may take (0: no limit)
    // Worker processes even at -j 1: --quarantine or an explicit
    // --worker-timeout need a process that can crash or be killed alone.
    bool worker_processes = false;
    std::optional<std::string> quarantine;  // --quarantine FILE: poison chunks' records go here

    // Set by finish_plan() from the input (with pipeline.input_format and
    // each record stream's format):
    std::vector<io::Compression> compression;  // per output stream, from its name
    std::uint64_t unit_records = 0;            // records per compression unit
};

// What the opened input says, before any work.
struct InputFacts {
    std::optional<core::SeqFormat> format;  // nullopt: neither FASTQ nor FASTA
    std::string name1;                      // input 1 as messages name it
    std::uint64_t first_record_bytes = 0;   // of the first record (pair); 0: empty input
    std::optional<core::Error> read_error;  // reading the first record failed
};

// Reads the first bytes and the first record of the reader's files.
InputFacts detect_input(roles::ChunkReader& reader);

// The plan completed from the input: the input format, each record stream's
// format and compression, the compression unit; or the first error in
// cutadapt's order (an unrecognised format, FASTQ output from FASTA input, an
// unreadable first record, quality trimming of FASTA). Pure.
std::variant<RunPlan, core::Error> finish_plan(RunPlan plan, const InputFacts& facts);

// What the reader of a plan needs.
roles::ReaderOptions reader_options(const RunPlan& plan);

// Builds the plan or fails with cutadapt's exit status for the problem
// (2: bad command line, 1: unreadable adapter file).
std::variant<RunPlan, core::Error> build_plan(const CommandLine& args, const std::vector<std::string>& argv);

// -L is implemented where its cutadapt 4.9 meaning is established: with -l,
// on paired-end data (R1 gets -l, R2 gets -L). Elsewhere it is refused.
inline constexpr const char* kLength2Unsupported =
    "-L is supported only together with -l/--length on paired-end data (R1 is shortened to -l, "
    "R2 to -L); what cutadapt 4.9 does with -L alone or on single-end data is not established";

// cutadapt's --action value (nullopt: "none") as the adapter cutter's action.
core::AdapterAction adapter_action(const std::optional<std::string>& action);

// Finishes and runs the plan. Returns the exit status; prints errors.
int execute(const RunPlan& plan);

}  // namespace ringtrim::app

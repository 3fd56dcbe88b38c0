// Command-line options of ringtrim, parsed exactly as cutadapt 4.2 parses them.
//
// CommandLine mirrors the argparse namespace that cutadapt's
// get_argument_parser() produces: one field per `dest`, with argparse's
// default, so code written against cutadapt's `args.X` reads the same here.
// Options whose argparse default is None are std::optional.  Plain value
// type; owns its strings; never crosses processes (the parent turns it into a
// PipelineSpec/RunConfig first).
//
// Two stages, in cutadapt's order:
//
//   parse_command_line()    argparse itself (parse_known_args) plus the checks
//                           cutadapt's main() reports with parser.error():
//                           --quiet with --report, unrecognized arguments,
//                           negative --cores.  -> CommandLine | EarlyExit
//                           (--help/--version, exit 0) | UsageError (exit 2)
//
//   determine_mode() etc.   cutadapt's core::Error checks (logged as
//                           "ERROR: ...", exit 2): input file count, paired
//                           options without -p, -u values, -q/-m/-M syntax,
//                           --rename templates, output path conflicts.
//                           -> Mode | core::Error
//
// Defined in options.cpp (parse_command_line, on argparse.hpp's parser and
// option_table.hpp's options) and cli_checks.cpp (everything after parsing).
//
// Not here (they need the adapter parser): invalid adapter specifications
// (-b TTT$, -a ZACGT, file: errors) and --pair-adapters with unequal numbers
// of adapters; check_pipeline_options() takes the adapter counts so the
// --action retain/--times rule can still be checked.
#pragma once

#include "lib/error/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ringtrim::app {

// One -a/-g/-b (or -A/-G/-B) occurrence: type is "back", "front" or
// "anywhere" (cutadapt's lambda types), spec the argument as given.
struct AdapterArg {
    std::string type;
    std::string spec;
    bool operator==(const AdapterArg&) const = default;
};

// The argparse namespace.  Field names are cutadapt's `dest` names.
struct CommandLine {
    // Options
    int debug = 0;                   // --debug (count)
    bool profile = false;            // --profile (hidden)
    int cores = 1;                   // -j/--cores
    double gc_content = 50;          // --gc-content (hidden)
    int buffer_size = 4000000;       // --buffer-size (hidden)
    bool buffer_size_given = false;  // else the chunk size is ringtrim's (RunPlan::buffer_size)
    int compression_level = 5;       // --compression-level (hidden); -Z sets 1
    bool index = true;               // --no-index (hidden) clears it

    // Finding adapters
    std::vector<AdapterArg> adapters;     // -a/--adapter, -g/--front, -b/--anywhere
    double error_rate = 0.1;              // -e/--error-rate/--errors
    bool indels = true;                   // --no-indels clears it
    int times = 1;                        // -n/--times
    int overlap = 3;                      // -O/--overlap
    bool match_read_wildcards = false;    // --match-read-wildcards
    bool match_adapter_wildcards = true;  // -N/--no-match-adapter-wildcards clears it
    std::string action = "trim";          // --action; --no-trim: "none"; --mask-adapter: "mask"
    bool reverse_complement = false;      // --rc/--revcomp

    // Additional read modifications
    std::vector<int> cut;                          // -u/--cut (append)
    std::optional<int> nextseq_trim;               // --nextseq-trim
    std::optional<std::string> quality_cutoff;     // -q/--quality-cutoff, "[5'CUTOFF,]3'CUTOFF"
    int quality_base = 33;                         // --quality-base
    std::optional<int> length;                     // --length/-l
    bool trim_n = false;                           // --trim-n
    std::optional<std::string> length_tag;         // --length-tag
    std::vector<std::string> strip_suffix;         // --strip-suffix (append)
    std::string prefix;                            // -x/--prefix
    std::string suffix;                            // -y/--suffix
    std::optional<std::string> rename;             // --rename
    bool zero_cap = false;                         // --zero-cap/-z
    bool poly_a = false;                           // --poly-a (cutadapt 4.4)
    std::optional<double> max_average_error_rate;  // --max-average-error-rate/--max-aer (4.5)
    std::optional<std::string> info_file_paired;   // --info-file-paired (5.1)
    std::optional<int> length2;                    // -L: R2's --length (4.9)

    // Filtering of processed reads
    std::optional<std::string> minimum_length;  // -m/--minimum-length, "LEN[:LEN2]"
    std::optional<std::string> maximum_length;  // -M/--maximum-length
    std::optional<double> max_n;                // --max-n
    std::optional<double> max_expected_errors;  // --max-expected-errors/--max-ee
    bool discard_trimmed = false;               // --discard-trimmed/--discard
    bool discard_untrimmed = false;             // --discard-untrimmed/--trimmed-only
    bool discard_casava = false;                // --discard-casava

    // Output
    bool quiet = false;                           // --quiet
    std::optional<std::string> report;            // --report: "full" | "minimal"
    std::optional<std::string> json;              // --json
    std::optional<std::string> output;            // -o/--output
    bool fasta = false;                           // --fasta
    std::optional<std::string> info_file;         // --info-file
    std::optional<std::string> rest_file;         // -r/--rest-file
    std::optional<std::string> wildcard_file;     // --wildcard-file
    std::optional<std::string> too_short_output;  // --too-short-output
    std::optional<std::string> too_long_output;   // --too-long-output
    std::optional<std::string> untrimmed_output;  // --untrimmed-output

    // Paired-end options
    std::vector<AdapterArg> adapters2;                   // -A, -G, -B
    std::vector<int> cut2;                               // -U (append)
    std::optional<std::string> quality_cutoff2;          // -Q
    std::optional<std::string> paired_output;            // -p/--paired-output
    bool pair_adapters = false;                          // --pair-adapters
    std::optional<std::string> pair_filter;              // --pair-filter: "any" | "both" | "first"
    bool interleaved = false;                            // --interleaved
    std::optional<std::string> untrimmed_paired_output;  // --untrimmed-paired-output
    std::optional<std::string> too_short_paired_output;  // --too-short-paired-output
    std::optional<std::string> too_long_paired_output;   // --too-long-paired-output

    // Positional arguments
    std::vector<std::string> inputs;

    // ringtrim's own options (not in cutadapt)
    std::string ipc = "shm";                // --ipc: "shm" | "queue"
    std::optional<int> ring_slots;          // --ring-slots
    int max_retries = 1;                    // --max-retries
    std::optional<double> worker_timeout;   // --worker-timeout (seconds; 0: none)
    std::optional<std::string> quarantine;  // --quarantine
    std::optional<std::string> html;        // --html: the HTML report (issue 27)

    // ringtrim's tail trimming for two-colour instruments (issue 16; not in
    // cutadapt 4.2), applied to both mates. See lib/trim/poly_x.hpp.
    bool poly_g = false;                   // --poly-g
    bool poly_x = false;                   // --poly-x
    std::optional<int> poly_g_min_length;  // --poly-g-min-length (default 10)
    std::optional<int> poly_x_min_length;  // --poly-x-min-length (default 10)
    bool pe_overlap = false;               // --pe-overlap (paired only)

    bool operator==(const CommandLine&) const = default;
};

// argparse's parser.error(): the command line cannot be parsed.  The caller
// logs `warnings` (WARNING level, e.g. the en-dash hint cutadapt gives before
// "unrecognized arguments"), writes format_usage_error() to stderr and exits
// with `exit_status`.
struct UsageError {
    std::string message;                // e.g. "argument -j/--cores: invalid int value: 'x'"
    std::vector<std::string> warnings;  // without the "WARNING: " prefix
    int exit_status = 2;
};

// --help or --version: write `text` to stdout and exit 0.
struct EarlyExit {
    std::string text;
    int exit_status = 0;
};

using ParseOutcome = std::variant<CommandLine, EarlyExit, UsageError>;

// Parses `args` (argv without argv[0]).  `program_name` is the basename of
// argv[0]: when it is "cutadapt", --version prints "4.2" and --help prints
// cutadapt's text unchanged; otherwise "4.2 (compatible; ringtrim VERSION)" and
// an extra section for ringtrim's own options.
ParseOutcome parse_command_line(const std::vector<std::string>& args, std::string_view program_name);

// Convenience: argv as given to main(); uses basename(argv[0]).
ParseOutcome parse_command_line(int argc, const char* const* argv);

// The text argparse's (cutadapt's) error() writes to stderr, including the two
// hint lines and the trailing newline:
//   Run "cutadapt --help" to see command-line options.
//   See https://cutadapt.readthedocs.io/ for full documentation.
//
//   <program_name>: error: <message>
std::string format_usage_error(const UsageError& error, std::string_view program_name);

// The --help text (argparse's 80-column layout, as cutadapt prints it when
// standard output is not a terminal).
std::string help_text(std::string_view program_name);

// Version string printed by --version: "4.2" as "cutadapt",
// "4.2 (compatible; ringtrim VERSION)" under any other name.
std::string version_text(std::string_view program_name);

// ---------------------------------------------------------------------------
// Validation after parsing: cutadapt's core::Error is a core::Error of
// kind CommandLine (logged as "ERROR: <message>", exit status 2); where
// cutadapt fails with another exception, kind Unhandled (exit 1).
inline core::Error command_line_error(std::string message) {
    return core::Error{core::ErrorKind::CommandLine, std::move(message), {}, 0, 0};
}

enum class DemultiplexMode { kNone, kNormal, kCombinatorial };

// Quality cutoffs as parse_cutoffs() returns them: (5' cutoff, 3' cutoff).
struct QualityCutoffs {
    int front = 0;
    int back = 0;
    bool operator==(const QualityCutoffs&) const = default;
};

// Length bounds for -m/-M: one value for R1 and one for R2 (paired; the single
// value is copied as cutadapt does) or only `first` (single-end).  A missing
// side (":25" or "25:") is nullopt.
struct LengthBounds {
    std::optional<int> first;
    std::optional<int> second;
    bool operator==(const LengthBounds&) const = default;
};

// What cutadapt derives from the options before processing.
struct Mode {
    bool paired = false;
    bool interleaved_input = false;   // --interleaved and exactly one input file
    bool interleaved_output = false;  // paired and no -p: R1 and R2 both go to -o
    std::string input1;
    std::optional<std::string> input2;
    DemultiplexMode demultiplex = DemultiplexMode::kNone;
    // make_quality_trimmers(): nullopt where no trimmer is made ("0" or absent).
    // Paired with -q but no -Q: cutoff2 is a copy of cutoff1.
    std::optional<QualityCutoffs> quality_cutoff;
    std::optional<QualityCutoffs> quality_cutoff2;
    std::optional<LengthBounds> minimum_length;
    std::optional<LengthBounds> maximum_length;
    // --action none becomes nullopt, as cutadapt sets args.action = None.
    std::optional<std::string> action;

    bool operator==(const Mode&) const = default;
};

// cutadapt's determine_paired(): any R2-only option switches to paired-end.
bool determine_paired(const CommandLine& args);

// cutadapt's setup_input_files(): one or two input paths.
std::variant<Mode, core::Error> setup_input_files(const CommandLine& args, bool paired);

// cutadapt's check_arguments(): paired-end output options, --overlap,
// --gc-content, --pair-adapters with --times.
std::optional<core::Error> check_arguments(const CommandLine& args, bool paired);

// parse_cutoffs(): "INT" -> (0, INT); "INT,INT" -> (INT, INT).
std::variant<QualityCutoffs, core::Error> parse_cutoffs(std::string_view text);

// parse_lengths(): "[INT][:[INT]]" -> 1 or 2 values, empty side nullopt.
std::variant<std::vector<std::optional<int>>, core::Error> parse_lengths(std::string_view text);

// Checks cutadapt makes while building the pipeline (pipeline_from_parsed_args,
// in its order): -u/-U values, -q/-Q syntax, --action retain with --times > 1
// (only where adapters exist), --revcomp with --pair-adapters or paired data,
// --rename with -x/-y, --rename variables, -m/-M syntax and arity.
// `adapter_count`/`adapter_count2` are the numbers of parsed R1/R2 adapters.
// Fills the quality, length and action fields of `mode`.
std::optional<core::Error> check_pipeline_options(const CommandLine& args, Mode& mode, std::size_t adapter_count,
                                                  std::size_t adapter_count2);

// cutadapt's Renamer/PairedEndRenamer template check.
std::optional<core::Error> check_rename_template(std::string_view tmpl, bool paired);

// cutadapt's determine_demultiplex_mode().
std::variant<DemultiplexMode, core::Error> determine_demultiplex_mode(const CommandLine& args);

// The checks of cutadapt's open_output_files() that come before any file is
// opened for writing: duplicate output paths (paths that exist and are not
// regular files, such as /dev/null, are exempt), --discard-trimmed /
// --discard-untrimmed / --untrimmed-output exclusivity, demultiplexing rules.
// Fills mode.demultiplex.
std::optional<core::Error> check_output_files(const CommandLine& args, Mode& mode);

// Everything above in cutadapt's order: determine_paired, setup_input_files,
// check_arguments, check_pipeline_options, check_output_files.
// Adapter specification errors belong between check_arguments and
// check_pipeline_options; callers that parse adapters first pass the counts.
std::variant<Mode, core::Error> determine_mode(const CommandLine& args, std::size_t adapter_count,
                                               std::size_t adapter_count2);

}  // namespace ringtrim::app

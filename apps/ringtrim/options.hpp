// Command-line options of ringtrim, parsed exactly as cutadapt 4.2 or 5.2
// (--as-cutadapt) parses them.
//
// CommandLine mirrors the argparse namespace that cutadapt's
// get_argument_parser() produces: one field per `dest`, with argparse's
// default, so code written against cutadapt's `args.X` reads the same here.
// Options whose argparse default is None are std::optional.  Plain value
// type; owns its strings; never crosses processes (the parent turns it into a
// RunPlan first, apps/ringtrim/run.hpp).
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

#include "apps/ringtrim/command_line.hpp"
#include "lib/error/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ringtrim::app {

using ParseOutcome = std::variant<CommandLine, EarlyExit, UsageError>;

// Parses `args` (argv without argv[0]) as the cutadapt release that
// choose_cutadapt_version() picks parses them (CommandLine::cutadapt).
// `program_name` is the basename of argv[0]: when it is "cutadapt",
// --version prints "5.2" (or "4.2") and --help prints that cutadapt's text
// unchanged; otherwise "5.2 (compatible; ringtrim VERSION)" and an extra
// section for ringtrim's own options.
ParseOutcome parse_command_line(const std::vector<std::string>& args, std::string_view program_name);

// The release whose bytes ringtrim writes: the last --as-cutadapt VALUE (any
// abbreviation from "--as", or --as-cutadapt=VALUE) before a "--" in `args`,
// else `environment` (RINGTRIM_AS_CUTADAPT's value; null or empty: unset),
// else 5.2. An invalid option value is left to the parser's "invalid
// choice"; an invalid environment value is a usage error (exit 2).
std::variant<core::CutadaptVersion, UsageError> choose_cutadapt_version(const std::vector<std::string>& args,
                                                                        const char* environment);

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
std::string help_text(std::string_view program_name, core::CutadaptVersion version);

// Version string printed by --version: "5.2" (or "4.2") as "cutadapt",
// "5.2 (compatible; ringtrim VERSION)" under any other name.
std::string version_text(std::string_view program_name, core::CutadaptVersion version);

// ---------------------------------------------------------------------------
// Validation after parsing: cutadapt's core::Error is a core::Error of
// kind CommandLine (logged as "ERROR: <message>", exit status 2); where
// cutadapt fails with another exception, kind Unhandled (exit 1).
inline core::Error command_line_error(std::string message) { return core::Error::command_line(std::move(message)); }

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

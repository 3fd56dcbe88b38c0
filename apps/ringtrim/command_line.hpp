// CommandLine: the argparse namespace that cutadapt's get_argument_parser()
// produces, one field per `dest` with argparse's default (options.hpp says
// how it is parsed and checked). Its own header so that the parser
// (argparse.hpp), which fills it, and the option checks (options.hpp), which
// read it, both stand on it; with the parser's two other outcomes. Plain value type; owns its strings; never
// crosses processes.
#pragma once

#include "lib/compat/cutadapt_version.hpp"

#include <optional>
#include <string>
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
    // --compression-level (hidden in 4.2); -Z sets 1. Unset: the release's
    // default, 5 for 4.2 and 1 for 5.2 (#808; RunPlan::compression_level).
    std::optional<int> compression_level;
    bool index = true;  // --no-index (hidden) clears it

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
    // --as-cutadapt as given; `cutadapt` is what it, else RINGTRIM_AS_CUTADAPT,
    // else the default chose (parse_command_line()).
    std::optional<std::string> as_cutadapt;
    core::CutadaptVersion cutadapt = core::kDefaultCutadaptVersion;

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

}  // namespace ringtrim::app

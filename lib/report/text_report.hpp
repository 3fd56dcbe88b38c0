// Text reports: cutadapt 4.2's or 5.2's header lines, full report and minimal report,
// rendered byte for byte from a run's StatsLayout and summed Stats (report.py
// full_report()/minimal_report(), __main__.py log_header()).
//
// Everything here is pure: functions take a StatsLayout, a Stats and a ReportContext and
// return the exact bytes cutadapt writes, final newline included. Which stream
// gets them is the caller's business; cutadapt 4.2 does this:
//   - header_text() and the report go to stdout, or to stderr when any output
//     file (-o, -p, --info-file, ...) is "-" or defaulted to stdout;
//   - --report=minimal: no header, only minimal_report();
//   - --quiet: neither.
// The only intended difference from cutadapt is the first header line, which
// names ringtrim (MultiQC still recognises "This is cutadapt 4.2").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/compat/cutadapt_version.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::core {

// Run facts a report needs beyond the counters.
struct ReportContext {
    // The release whose report this is: 4.2 has a "Finished in" line, 5.2
    // (#819) none; the JSON schema and the first line name it.
    CutadaptVersion cutadapt = kDefaultCutadaptVersion;
    std::string ringtrim_version;                // e.g. "0.1.0"
    std::vector<std::string> command_line_args;  // argv[1..], as given
    double elapsed_seconds = 0.0;                // wall time from start to report
    int cores = 1;                               // worker count after resolving -j 0
    bool paired = false;                         // the pipeline is paired-end
    double gc_content = 0.5;                     // --gc-content / 100
    std::string input_path1;                     // JSON "input": "path1"
    std::optional<std::string> input_path2;      // JSON "input": "path2" (null if absent)
    // --quarantine: reads (pairs) set aside unprocessed because their chunk
    // crashed worker processes, and the file that holds them. Reported in
    // the summary ("Reads quarantined:") and as JSON "quarantined_reads".
    std::optional<std::uint64_t> quarantined_reads;
    std::string quarantine_path;
    // --html: Stats::cycles were gathered; the JSON report adds them under
    // "ringtrim" (json_report.hpp).
    bool cycle_statistics = false;
};

// "This is cutadapt 5.2 (compatible; ringtrim V) with C++\n" (or 4.2)
std::string version_line(const ReportContext& ctx);
// "Command line parameters: ARGS\n" (arguments joined by single spaces).
std::string command_line_line(const ReportContext& ctx);
// "Processing single-end reads on 1 core ...\n" (paired-end; "cores" when > 1).
std::string processing_line(const ReportContext& ctx);
// The three lines above in cutadapt's order. cutadapt logs the first two
// before checking the arguments and the third once inputs and outputs are
// open; a caller that may fail in between should print them separately.
std::string header_text(const ReportContext& ctx);

// report.py full_report(): "Finished in ..." (4.2 only) through the adapter sections,
// plus the newline the logger adds. "No reads processed!\n" when stats.n == 0.
std::string full_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx);

// report.py minimal_report(): a tab-separated header line and a value line.
std::string minimal_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx);

// Formatting helpers that reproduce Python's, exposed for json_report and tests.
namespace pyfmt {
// f"{v:{width},d}": thousands separated by ',', right-aligned in `width`.
std::string int_grouped(std::int64_t v, int width = 13);
// f"{v:.{precision}f}" (same as 'F' for finite values): correctly rounded,
// ties to even on the exact binary value.
std::string fixed(double v, int precision);
// f"{v:.1%}": v * 100 (a double multiplication, as CPython) then ".1f" and '%'.
std::string percent1(double v);
// round(v, 1) as Python computes it (nearest double to the correctly
// rounded decimal).
double round1(double v);
// numerator / denominator, or 0.0 for a missing numerator or zero denominator.
double safe_divide(std::optional<std::int64_t> numerator, std::int64_t denominator);
}  // namespace pyfmt

// Pieces of the adapter statistics shared by the text and JSON reports.
namespace report_detail {

// report.py ErrorRanges(length, error_rate).lengths(): entry i is the longest
// match length allowed i errors; the last entry is always `length`.
std::vector<int> error_range_lengths(int length, double error_rate);

// One row of the "Overview of removed sequences" table (report.py HistogramRow).
struct HistogramRow {
    int length = 0;
    std::int64_t count = 0;
    double expect = 0.0;
    int max_err = 0;
    std::vector<std::int64_t> error_counts;
};
std::vector<HistogramRow> histogram_rows(const EndDescription& end, const EndCounters& counts, std::int64_t n,
                                         double gc_content);

// report.py AdjacentBaseStatistics: fractions of A, C, G, T, other among
// bases preceding a removed 3' adapter, and the base to warn about (over 80%
// of at least 20 matches), if any.
struct AdjacentBases {
    bool any = false;  // total > 0
    std::array<double, 5> fractions{};
    std::optional<char> warn_base;  // 'A', 'C', 'G' or 'T'
};
AdjacentBases adjacent_bases(const EndCounters& end);

// `value` where the layout reports the counter, else nullopt (cutadapt's None).
inline std::optional<std::int64_t> present(bool reported, std::int64_t value) {
    return reported ? std::optional<std::int64_t>(value) : std::nullopt;
}

}  // namespace report_detail

}  // namespace ringtrim::core

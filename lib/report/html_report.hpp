// The HTML report (--html FILE, issue 27): one self-contained page, no
// network, for a person to look at. Rendered from the run's StatsLayout and
// summed Stats, whose `cycles` the workers gathered because --html was given
// (lib/report/cycle_stats.hpp), and from the ReportContext:
//
//   header    ringtrim's and cutadapt's versions, the inputs, and one line
//             <p id="run"> with the command line, the cores and the time
//   summary   reads and basepairs in and out, by filter, with adapters,
//             quality-, poly-A-, poly-G/X- and overlap-trimmed (as the text
//             report, each number tagged with its key in the JSON report)
//   per mate  read lengths, mean quality per cycle, base composition per
//             cycle: before trimming (as read) and after (as written)
//   adapters  per adapter end, the removed lengths against the count
//             expected by chance (the text report's "length count expect")
//   poly-A    the removed tail lengths, where --poly-a is on
//
// Plots are inline SVG made here (detail/svg_plot.hpp); a short inline
// script marks each drawn plot (data-drawn) and the page (data-plots-drawn
// on <html>) and saves a plot as an .svg file. The bytes depend only on the
// layout, the counters and the inputs' names except the "run" line, so they
// do not depend on -j, --buffer-size or --ipc. Pure: returns the bytes.
#pragma once

#include <string>

#include "lib/report/stats.hpp"
#include "lib/report/text_report.hpp"

namespace ringtrim::core {

// Uses ctx.ringtrim_version, command_line_args, cores, elapsed_seconds,
// gc_content, input_path1/2 and quarantined_reads.
std::string html_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx);

}  // namespace ringtrim::core

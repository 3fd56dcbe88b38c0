// JSON report: cutadapt 4.2's --json file (__main__.py json_report() and
// report.py Statistics.as_json(one_line=True), written with json.py dumps()),
// rendered byte for byte from a run's StatsLayout and summed Stats.
//
// Pure: returns the file's bytes, final newline included; the caller writes
// them. Differences from cutadapt by design: a "ringtrim_version" key follows
// "cutadapt_version", and "python_version" is null. With ctx.cycle_statistics
// (--html) a last key "ringtrim" holds the per-cycle statistics
// (cycle_report.hpp); without it there is none.
#pragma once

#include <string>

#include "lib/report/detail/json_value.hpp"  // json_quote
#include "lib/report/stats.hpp"
#include "lib/report/text_report.hpp"

namespace ringtrim::core {

// Uses ctx.ringtrim_version, command_line_args, cores, paired, input_path1,
// input_path2 and gc_content.
std::string json_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx);


}  // namespace ringtrim::core

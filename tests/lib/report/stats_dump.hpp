// Test helper for the report tests: reads the files that
// tests/lib/report/data/generate.sh produced with cutadapt 4.2 (a Stats dump
// written by dump_stats.py, and the expected report texts) and builds a
// StatsLayout and Stats.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lib/report/stats.hpp"
#include "lib/report/text_report.hpp"

namespace ringtrim::core::test {

inline std::string data_path(const std::string& name) {
    return std::string(RINGTRIM_SOURCE_DIR) + "/tests/lib/report/data/" + name;
}

inline std::string read_file(const std::string& name) {
    std::ifstream in(data_path(name), std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + data_path(name));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

inline std::int64_t num(const std::string& s) { return std::stoll(s); }

// A cutadapt run's statistics as ringtrim splits them.
struct RunStats {
    StatsLayout layout;
    Stats stats;
};

// Parses a dump_stats.py file (format documented there) into a layout (what
// cutadapt reports: None counters absent, adapter descriptions) and counters.
inline RunStats load_stats(const std::string& name) {
    RunStats run;
    StatsLayout& layout = run.layout;
    Stats& stats = run.stats;
    AdapterDescription* adapter = nullptr;
    AdapterCounters counters;
    int adapter_read = 0;
    std::uint32_t adapter_index = 0;
    auto flush = [&] {
        if (adapter) stats.add_adapter(adapter_read, adapter_index, counters);
        counters = AdapterCounters{};
    };
    auto end_of = [&adapter](const std::string& which) -> EndDescription& {
        if (!adapter) throw std::runtime_error("end line before adapter line");
        return which == "front" ? adapter->front : adapter->back;
    };
    auto counts_of = [&adapter, &counters](const std::string& which) -> EndCounters& {
        if (!adapter) throw std::runtime_error("end line before adapter line");
        return which == "front" ? counters.front : counters.back;
    };
    std::istringstream in(read_file(name));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto f = split(line, '\t');
        const std::string& key = f[0];
        if (key == "paired") {
            layout.paired = f[1] == "1";
        } else if (key == "n") {
            stats.n = num(f[1]);
        } else if (key == "total_bp") {
            stats.total_bp = {num(f[1]), num(f[2])};
        } else if (key == "filtered") {
            bool found = false;
            for (std::size_t i = 0; i < kFilterCount; ++i) {
                if (filter_key(static_cast<FilterName>(i)) == f[1]) {
                    layout.filters[i] = true;
                    stats.filtered[i] = num(f[2]);
                    found = true;
                }
            }
            if (!found) throw std::runtime_error("unknown filter " + f[1]);
        } else if (key == "reverse_complemented") {
            layout.reverse_complement = true;
            stats.reverse_complemented = num(f[1]);
        } else if (key == "with_adapters") {
            layout.adapter_cutting[static_cast<std::size_t>(num(f[1]))] = true;
            stats.with_adapters[static_cast<std::size_t>(num(f[1]))] = num(f[2]);
        } else if (key == "quality_trimmed_bp") {
            layout.quality_trimming[static_cast<std::size_t>(num(f[1]))] = true;
            stats.quality_trimmed_bp[static_cast<std::size_t>(num(f[1]))] = num(f[2]);
        } else if (key == "written") {
            stats.written_lengths[static_cast<std::size_t>(num(f[1]))][static_cast<int>(num(f[2]))] = num(f[3]);
        } else if (key == "adapter") {
            flush();
            AdapterDescription a;
            const std::string& kind = f[2];
            a.kind = kind == "Front"      ? AdapterStatsKind::Front
                     : kind == "Back"     ? AdapterStatsKind::Back
                     : kind == "Anywhere" ? AdapterStatsKind::Anywhere
                                          : AdapterStatsKind::Linked;
            a.name = f[3];
            a.sequence = f[4];
            a.description = f[5];
            a.min_overlap = static_cast<int>(num(f[6]));
            a.back_min_overlap = static_cast<int>(num(f[7]));
            a.allows_partial_matches = f[8] == "1";
            counters.reverse_complemented = num(f[9]);
            adapter_read = static_cast<int>(num(f[1]));
            auto& list = layout.adapters[static_cast<std::size_t>(adapter_read)];
            adapter_index = static_cast<std::uint32_t>(list.size());
            list.push_back(a);
            adapter = &list.back();
        } else if (key == "end") {
            EndDescription& e = end_of(f[1]);
            e.max_error_rate = std::strtod(f[2].c_str(), nullptr);
            e.sequence = f[3];
            e.effective_length = static_cast<int>(num(f[4]));
            e.has_wildcards = f[5] == "1";
            e.indels = f[6] == "1";
            e.adapter_type = f[7];
            e.allows_partial_matches = f[8] == "1";
            e.remove_prefix = f[9] == "1";
        } else if (key == "error") {
            counts_of(f[1]).errors[{static_cast<int>(num(f[2])), static_cast<int>(num(f[3]))}] = num(f[4]);
        } else if (key == "adjacent") {
            auto& e = counts_of(f[1]);
            for (std::size_t i = 0; i < 5; ++i) e.adjacent_bases[i] = num(f[2 + i]);
        } else {
            throw std::runtime_error("unknown dump line: " + line);
        }
    }
    flush();
    return run;
}

// The header lines of a captured cutadapt report, as a ReportContext:
// arguments from "Command line parameters:", cores and paired from "Processing".
inline ReportContext context_from_report(const std::string& report) {
    ReportContext ctx;
    ctx.ringtrim_version = "0.1.0";
    const auto lines = split(report, '\n');
    const std::string prefix = "Command line parameters: ";
    for (const auto& line : lines) {
        if (line.rfind(prefix, 0) == 0) ctx.command_line_args = split(line.substr(prefix.size()), ' ');
        if (line.rfind("Processing ", 0) == 0) {
            ctx.paired = line.find("paired-end") != std::string::npos;
            ctx.cores = std::atoi(line.c_str() + line.find(" on ") + 4);
        }
    }
    for (std::size_t i = 0; i + 1 < ctx.command_line_args.size(); ++i)
        if (ctx.command_line_args[i] == "--gc-content")
            ctx.gc_content = std::strtod(ctx.command_line_args[i + 1].c_str(), nullptr) / 100.0;
    return ctx;
}

}  // namespace ringtrim::core::test

#include "lib/report/text_report.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ringtrim::core {

// --- Python-compatible formatting --------------------------------------------

namespace pyfmt {

std::string int_grouped(std::int64_t v, int width) {
    const std::uint64_t magnitude =
        v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    const std::string digits = std::to_string(magnitude);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    if (v < 0) out.insert(out.begin(), '-');
    if (static_cast<int>(out.size()) < width) out.insert(0, static_cast<std::size_t>(width) - out.size(), ' ');
    return out;
}

std::string fixed(double v, int precision) {
    // glibc printf rounds the exact binary value, ties to even, as CPython's
    // dtoa-based formatting does.
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

std::string percent1(double v) { return fixed(v * 100.0, 1) + "%"; }

double round1(double v) {
    const std::string s = fixed(v, 1);
    return std::strtod(s.c_str(), nullptr);
}

double safe_divide(std::optional<std::int64_t> numerator, std::int64_t denominator) {
    if (!numerator || denominator == 0) return 0.0;
    return static_cast<double>(*numerator) / static_cast<double>(denominator);
}

}  // namespace pyfmt

// --- adapter statistics pieces -------------------------------------------------

namespace report_detail {

std::vector<int> error_range_lengths(int length, double error_rate) {
    std::vector<int> lengths;
    const int max_errors = static_cast<int>(error_rate * length);
    for (int errors = 1; errors <= max_errors; ++errors) lengths.push_back(static_cast<int>(errors / error_rate) - 1);
    if (lengths.empty() || lengths.back() < length) lengths.push_back(length);
    return lengths;
}

std::vector<HistogramRow> histogram_rows(const EndDescription& end, const EndCounters& counts, std::int64_t n,
                                         double gc_content) {
    const std::vector<double> probabilities = end.random_match_probabilities(gc_content);
    std::vector<HistogramRow> rows;
    const auto& cells = counts.errors.entries();
    for (std::size_t i = 0; i < cells.size();) {
        HistogramRow row;
        row.length = cells[i].key.length;
        // The cells of this length, by ascending error count.
        for (; i < cells.size() && cells[i].key.length == row.length; ++i) {
            const auto e = static_cast<std::size_t>(cells[i].key.errors);
            if (row.error_counts.size() <= e) row.error_counts.resize(e + 1, 0);
            row.error_counts[e] = cells[i].count;
            row.count += cells[i].count;
        }
        const auto index = std::min<std::size_t>(end.sequence.size(), static_cast<std::size_t>(row.length));
        row.expect = static_cast<double>(n) * probabilities[index];
        row.max_err = static_cast<int>(end.max_error_rate * std::min(row.length, end.effective_length));
        rows.push_back(std::move(row));
    }
    return rows;
}

AdjacentBases adjacent_bases(const EndCounters& end) {
    AdjacentBases out;
    std::int64_t total = 0;
    for (auto count : end.adjacent_bases) total += count;
    if (total == 0) return out;
    out.any = true;
    static constexpr char kBases[4] = {'A', 'C', 'G', 'T'};
    for (std::size_t i = 0; i < 5; ++i) {
        const double fraction = 1.0 * static_cast<double>(end.adjacent_bases[i]) / static_cast<double>(total);
        out.fractions[i] = fraction;
        if (fraction > 0.8 && i < 4) out.warn_base = kBases[i];
    }
    if (total < 20) out.warn_base.reset();
    return out;
}

}  // namespace report_detail

// --- header ----------------------------------------------------------------------

std::string version_line(const ReportContext& ctx) {
    return "This is cutadapt " + std::string(version_string(ctx.cutadapt)) + " (compatible; ringtrim " +
           ctx.ringtrim_version + ") with C++\n";
}

std::string command_line_line(const ReportContext& ctx) {
    std::string out = "Command line parameters: ";
    for (std::size_t i = 0; i < ctx.command_line_args.size(); ++i) {
        if (i > 0) out += ' ';
        out += ctx.command_line_args[i];
    }
    return out + "\n";
}

std::string processing_line(const ReportContext& ctx) {
    return std::string("Processing ") + (ctx.paired ? "paired-end" : "single-end") + " reads on " +
           std::to_string(ctx.cores) + " core" + (ctx.cores > 1 ? "s" : "") + " ...\n";
}

std::string header_text(const ReportContext& ctx) {
    return version_line(ctx) + command_line_line(ctx) + processing_line(ctx);
}

// --- full report ------------------------------------------------------------------

namespace {

using pyfmt::int_grouped;
using pyfmt::percent1;
using pyfmt::safe_divide;
using report_detail::present;

std::string error_ranges_text(const EndDescription& end) {
    std::string s = "No. of allowed errors:";
    if (!end.allows_partial_matches) {
        return s + " " + std::to_string(static_cast<int>(end.max_error_rate * end.effective_length)) + "\n";
    }
    const std::vector<int> lengths = report_detail::error_range_lengths(end.effective_length, end.max_error_rate);
    s += "\n";
    int prev = 1;
    for (std::size_t errors = 0; errors + 1 < lengths.size(); ++errors) {
        s += std::to_string(prev) + "-" + std::to_string(lengths[errors]) + " bp: " + std::to_string(errors) + "; ";
        prev = lengths[errors] + 1;
    }
    const std::string max_errors = std::to_string(lengths.size() - 1);
    if (prev == lengths.back())
        s += std::to_string(prev) + " bp: " + max_errors;
    else
        s += std::to_string(prev) + "-" + std::to_string(lengths.back()) + " bp: " + max_errors;
    return s + "\n";
}

std::string histogram_text(const EndDescription& end, const EndCounters& counts, std::int64_t n, double gc_content) {
    std::string s = "length\tcount\texpect\tmax.err\terror counts\n";
    for (const auto& row : report_detail::histogram_rows(end, counts, n, gc_content)) {
        s += std::to_string(row.length) + "\t" + std::to_string(row.count) + "\t" + pyfmt::fixed(row.expect, 1) + "\t" +
             std::to_string(row.max_err) + "\t";
        for (std::size_t i = 0; i < row.error_counts.size(); ++i) {
            if (i > 0) s += ' ';
            s += std::to_string(row.error_counts[i]);
        }
        s += "\n";
    }
    return s + "\n";
}

std::string adjacent_bases_text(const report_detail::AdjacentBases& bases) {
    if (!bases.any) return "";
    static constexpr const char* kNames[5] = {"A", "C", "G", "T", "none/other"};
    std::string s = "Bases preceding removed adapters:\n";
    for (std::size_t i = 0; i < 5; ++i) s += std::string("  ") + kNames[i] + ": " + percent1(bases.fractions[i]) + "\n";
    if (bases.warn_base) {
        s += "WARNING:\n";
        s += std::string("    The adapter is preceded by '") + *bases.warn_base + "' extremely often.\n";
        s += "    The provided adapter sequence could be incomplete at its 5' end.\n";
        s += "    Ignore this warning when trimming primers.\n";
    }
    return s;
}

std::string quarantine_line(const StatsLayout& layout, const ReportContext& ctx) {
    if (!ctx.quarantined_reads) return {};
    return std::string(layout.paired ? "Read pairs quarantined:          " : "Reads quarantined:               ") +
           int_grouped(static_cast<std::int64_t>(*ctx.quarantined_reads)) + " (not processed; written to " +
           ctx.quarantine_path + ")\n";
}

// ringtrim's --poly-g / --poly-x / --pe-overlap lines (none without the
// options): reads (pairs) after the adapter lines, bases after "Quality-trimmed:".
constexpr std::array<std::string_view, kPolyTailCount> kPolyTailNames = {"poly-G", "poly-X"};

std::string poly_reads_text(const StatsLayout& layout, const Stats& stats) {
    std::string r;
    for (std::size_t t = 0; t < kPolyTailCount; ++t) {
        const auto& reads = stats.poly_trimmed_reads[t];
        for (std::size_t i = 0; i < (layout.paired ? 2u : 1u); ++i) {
            if (!layout.poly_tail[t][i]) continue;
            std::string label = layout.paired ? "  Read " + std::to_string(i + 1) + " with " : "Reads with ";
            label += std::string(kPolyTailNames[t]) + " tail:";
            if (label.size() < 33) label.append(33 - label.size(), ' ');
            r += label + int_grouped(reads[i]) + " (" + percent1(safe_divide(reads[i], stats.n)) + ")\n";
        }
    }
    if (layout.overlap_trimming)
        r += "Pairs trimmed by mate overlap:   " + int_grouped(stats.overlap_trimmed_pairs) + " (" +
             percent1(safe_divide(stats.overlap_trimmed_pairs, stats.n)) + ")\n";
    return r;
}

std::string poly_bp_text(const StatsLayout& layout, const Stats& stats) {
    std::string r;
    if (layout.overlap_trimming) {
        const std::int64_t bp = stats.overlap_trimmed_bp[0] + stats.overlap_trimmed_bp[1];
        r += "Overlap-trimmed:           " + int_grouped(bp) + " bp (" + percent1(safe_divide(bp, stats.total())) +
             ")\n";
        for (int i = 0; i < 2; ++i)
            r += "  Read " + std::to_string(i + 1) + ": " + int_grouped(stats.overlap_trimmed_bp[i]) + " bp\n";
    }
    for (std::size_t t = 0; t < kPolyTailCount; ++t) {
        if (!layout.any_poly_tail(static_cast<PolyTail>(t))) continue;
        const auto& bp = stats.poly_trimmed_bp[t];
        const std::int64_t both = bp[0] + bp[1];
        std::string label = "P" + std::string(kPolyTailNames[t]).substr(1) + "-trimmed:";
        if (label.size() < 27) label.append(27 - label.size(), ' ');
        r += label + int_grouped(both) + " bp (" + percent1(safe_divide(both, stats.total())) + ")\n";
        if (layout.paired) {
            for (std::size_t i = 0; i < 2; ++i)
                if (layout.poly_tail[t][i])
                    r += "  Read " + std::to_string(i + 1) + ": " + int_grouped(bp[i]) + " bp\n";
        }
    }
    return r;
}

std::string summary_text(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx) {
    const std::int64_t n = stats.n;
    const char* pairs_or_reads = layout.paired ? "Pairs" : "Reads";
    std::string r = "\n=== Summary ===\n\n";
    if (layout.paired) {
        r += "Total read pairs processed:      " + int_grouped(n) + "\n";
        r += quarantine_line(layout, ctx);
        for (int i = 0; i < 2; ++i) {
            if (!layout.adapter_cutting[i]) continue;
            r += "  Read " + std::to_string(i + 1) + " with adapter:           " + int_grouped(stats.with_adapters[i]) +
                 " (" + percent1(safe_divide(stats.with_adapters[i], n)) + ")\n";
        }
    } else {
        r += "Total reads processed:           " + int_grouped(n) + "\n";
        r += quarantine_line(layout, ctx);
        if (layout.adapter_cutting[0])
            r += "Reads with adapters:             " + int_grouped(stats.with_adapters[0]) + " (" +
                 percent1(safe_divide(stats.with_adapters[0], n)) + ")\n";
    }
    r += poly_reads_text(layout, stats);
    if (layout.reverse_complement)
        r += "Reverse-complemented:            " + int_grouped(stats.reverse_complemented) + " (" +
             percent1(safe_divide(stats.reverse_complemented, n)) + ")\n";

    std::string filters;
    for (std::size_t f = 0; f < kFilterCount; ++f) {
        if (!layout.filters[f]) continue;
        std::string label = std::string(filter_description(static_cast<FilterName>(f))) + ":";
        if (label.size() < 27) label.append(27 - label.size(), ' ');
        filters += std::string(pairs_or_reads) + " " + label + int_grouped(stats.filtered[f]) + " (" +
                   percent1(safe_divide(stats.filtered[f], n)) + ")\n";
    }
    if (!filters.empty()) r += "\n== Read fate breakdown ==\n" + filters;

    const std::int64_t written = stats.written_reads();
    r += std::string(pairs_or_reads) + " written (passing filters): " + int_grouped(written) + " (" +
         percent1(safe_divide(written, n)) + ")\n\n";
    r += "Total basepairs processed: " + int_grouped(stats.total()) + " bp\n";
    if (layout.paired) {
        r += "  Read 1: " + int_grouped(stats.total_bp[0]) + " bp\n";
        r += "  Read 2: " + int_grouped(stats.total_bp[1]) + " bp\n";
    }
    if (layout.any_quality_trimming()) {
        const std::int64_t qt = stats.quality_trimmed_bp[0] + stats.quality_trimmed_bp[1];
        r += "Quality-trimmed:           " + int_grouped(qt) + " bp (" + percent1(safe_divide(qt, stats.total())) +
             ")\n";
        if (layout.paired) {
            for (int i = 0; i < 2; ++i)
                if (layout.quality_trimming[i])
                    r += "  Read " + std::to_string(i + 1) + ": " + int_grouped(stats.quality_trimmed_bp[i]) + " bp\n";
        }
    }
    // cutadapt 4.4+ (--poly-a); absent otherwise, so 4.2's report is unchanged.
    if (layout.any_poly_a()) {
        const std::array<std::int64_t, 2> bp = {stats.poly_a_lengths[0].total_length(),
                                                stats.poly_a_lengths[1].total_length()};
        const std::int64_t pa = bp[0] + bp[1];
        r += "Poly-A-trimmed:            " + int_grouped(pa) + " bp (" + percent1(safe_divide(pa, stats.total())) +
             ")\n";
        if (layout.paired) {
            for (int i = 0; i < 2; ++i)
                if (layout.poly_a[i]) r += "  Read " + std::to_string(i + 1) + ": " + int_grouped(bp[i]) + " bp\n";
        }
    }
    r += poly_bp_text(layout, stats);
    const auto written_bp = stats.written_bp();
    const std::int64_t total_written_bp = written_bp[0] + written_bp[1];
    r += "Total written (filtered):  " + int_grouped(total_written_bp) + " bp (" +
         percent1(safe_divide(total_written_bp, stats.total())) + ")\n";
    if (layout.paired) {
        r += "  Read 1: " + int_grouped(written_bp[0]) + " bp\n";
        r += "  Read 2: " + int_grouped(written_bp[1]) + " bp\n";
    }
    return r + "\n";
}

// One "=== Adapter NAME ===" section. Sets `warning` when a 3' adapter's
// preceding bases call for the final warning.
// The 5' and the 3' histogram of an anywhere or linked adapter, each under
// "Overview of removed sequences " + its title.
std::string both_ends_histograms(std::string_view title5, std::string_view title3, const AdapterDescription& a,
                                 const AdapterCounters& c, std::int64_t n, double gc_content) {
    std::string s = "Overview of removed sequences ";
    s.append(title5).append("\n");
    s += histogram_text(a.front, c.front, n, gc_content) + "\n\nOverview of removed sequences ";
    s.append(title3).append("\n");
    return s + histogram_text(a.back, c.back, n, gc_content) + "\n";
}

std::string adapter_text(const StatsLayout& layout, const Stats& stats, const AdapterDescription& a,
                         const AdapterCounters& c, int which_in_pair, double gc_content, bool& warning) {
    const std::int64_t total_front = a.has_front() ? c.front.total() : 0;
    const std::int64_t total_back = a.has_back() ? c.back.total() : 0;
    const std::int64_t total = total_front + total_back;
    std::string s = "=== ";
    if (layout.paired) s += which_in_pair == 0 ? "First read: " : "Second read: ";
    s += "Adapter " + a.name + " ===\n\n";
    if (a.kind == AdapterStatsKind::Linked) {
        s += "Sequence: " + a.front.sequence + "..." + a.back.sequence +
             "; Type: linked; Length: " + std::to_string(a.front.sequence.size()) + "+" +
             std::to_string(a.back.sequence.size()) + "; 5' trimmed: " + std::to_string(total_front) +
             " times; 3' trimmed: " + std::to_string(total_back) + " times";
    } else {
        s += "Sequence: " + a.sequence + "; Type: " + a.description + "; Length: " + std::to_string(a.sequence.size()) +
             "; Trimmed: " + std::to_string(total) + " times";
    }
    if (layout.reverse_complement)
        s += "; Reverse-complemented: " + std::to_string(c.reverse_complemented) + " times\n";
    else
        s += "\n";
    if (total == 0) return s + "\n";

    const std::int64_t n = stats.n;
    switch (a.kind) {
        case AdapterStatsKind::Anywhere:
            s += std::to_string(total_front) + " times, it overlapped the 5' end of a read\n";
            s += std::to_string(total_back) + " times, it overlapped the 3' end or was within the read\n\n";
            s += "Minimum overlap: " + std::to_string(a.min_overlap) + "\n";
            s += error_ranges_text(a.front) + "\n";
            s += both_ends_histograms("(5')", "(3' or within)", a, c, n, gc_content);
            break;
        case AdapterStatsKind::Linked:
            s +=
                "\nMinimum overlap: " + std::to_string(a.min_overlap) + "+" + std::to_string(a.back_min_overlap) + "\n";
            s += error_ranges_text(a.front) + "\n";
            s += error_ranges_text(a.back) + "\n";
            s += both_ends_histograms("at 5' end", "at 3' end", a, c, n, gc_content);
            break;
        case AdapterStatsKind::Front:
            s += "\n";
            if (a.allows_partial_matches) s += "Minimum overlap: " + std::to_string(a.min_overlap) + "\n";
            s += error_ranges_text(a.front) + "\n";
            s += "Overview of removed sequences\n";
            s += histogram_text(a.front, c.front, n, gc_content) + "\n";
            break;
        case AdapterStatsKind::Back: {
            s += "\n";
            if (a.allows_partial_matches) s += "Minimum overlap: " + std::to_string(a.min_overlap) + "\n";
            s += error_ranges_text(a.back) + "\n";
            const auto bases = report_detail::adjacent_bases(c.back);
            warning = warning || bases.warn_base.has_value();
            s += adjacent_bases_text(bases) + "\n";
            s += "Overview of removed sequences\n";
            s += histogram_text(a.back, c.back, n, gc_content) + "\n";
            break;
        }
    }
    return s;
}

void rstrip(std::string& s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                          s.back() == '\v' || s.back() == '\f'))
        s.pop_back();
}

}  // namespace

std::string full_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx) {
    if (stats.n == 0) return "No reads processed!\n" + quarantine_line(layout, ctx);
    const double time = ctx.elapsed_seconds == 0.0 ? 1e-6 : ctx.elapsed_seconds;
    const double n = static_cast<double>(stats.n);
    std::string s;
    if (ctx.cutadapt == CutadaptVersion::k4_2)
        s = "Finished in " + pyfmt::fixed(time, 3) + " s (" + pyfmt::fixed(1e6 * time / n, 3) + " \xC2\xB5s/read; " +
            pyfmt::fixed(n / time * 60 / 1e6, 2) + " M reads/minute).\n";
    s += summary_text(layout, stats, ctx);
    bool warning = false;
    for (int which = 0; which < 2; ++which) {
        const auto& adapters = layout.adapters[static_cast<std::size_t>(which)];
        for (std::size_t i = 0; i < adapters.size(); ++i)
            s += adapter_text(layout, stats, adapters[i], stats.adapter(which, static_cast<std::uint32_t>(i)), which,
                              ctx.gc_content, warning);
        if (layout.poly_a[static_cast<std::size_t>(which)]) {
            // cutadapt 4.5 report.py poly_a_report(), then print()'s newline.
            s += std::string("=== ") +
                 (!layout.paired ? "Poly-A"
                  : which == 0   ? "R1 poly-A"
                                 : "R2 poly-A") +
                 " trimmed ===\n\nlength\tcount\n";
            for (const auto& [length, count] : stats.poly_a_lengths[static_cast<std::size_t>(which)].entries())
                s += std::to_string(length) + "\t" + std::to_string(count) + "\n";
            s += "\n\n";
        }
    }
    if (warning) {
        s += "WARNING:\n";
        s += "    One or more of your adapter sequences may be incomplete.\n";
        s += "    Please see the detailed output above.\n";
    }
    rstrip(s);
    return s + "\n";
}

// --- minimal report ----------------------------------------------------------------

std::string minimal_report(const StatsLayout& layout, const Stats& stats, const ReportContext& /*ctx*/) {
    auto filtered = [&](FilterName f) { return stats.filtered[static_cast<std::size_t>(f)]; };
    const auto written_bp = stats.written_bp();
    std::vector<std::int64_t> fields = {
        stats.n,
        stats.total(),
        filtered(FilterName::TooShort),
        filtered(FilterName::TooLong),
        filtered(FilterName::TooManyN),
        stats.written_reads(),
        stats.with_adapters[0],
        stats.quality_trimmed_bp[0],
        written_bp[0],
    };
    std::string header =
        "status\tin_reads\tin_bp\ttoo_short\ttoo_long\ttoo_many_n\tout_reads\tw/adapters\tqualtrim_bp\tout_bp";
    if (layout.paired) {
        fields.push_back(stats.with_adapters[1]);
        fields.push_back(stats.quality_trimmed_bp[1]);
        fields.push_back(written_bp[1]);
        header += "\tw/adapters2\tqualtrim2_bp\tout2_bp";
    }
    bool warning = false;
    for (int which = 0; which < 2; ++which) {
        const auto& adapters = layout.adapters[static_cast<std::size_t>(which)];
        for (std::size_t i = 0; i < adapters.size(); ++i)
            if (adapters[i].kind == AdapterStatsKind::Back &&
                report_detail::adjacent_bases(stats.adapter(which, static_cast<std::uint32_t>(i)).back).warn_base)
                warning = true;
    }
    std::string values = warning ? "WARN" : "OK";
    for (auto v : fields) {
        values += '\t';
        values += std::to_string(v);
    }
    return header + "\n" + values + "\n";
}

}  // namespace ringtrim::core

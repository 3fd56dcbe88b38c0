#include "lib/report/html_report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "lib/python/python.hpp"
#include "lib/report/cycle_report.hpp"
#include "lib/report/detail/svg_plot.hpp"

namespace ringtrim::core {

namespace {

using detail::escape_xml;
using detail::Plot;
using detail::PlotSeries;
using pyfmt::int_grouped;
using pyfmt::percent1;
using pyfmt::safe_divide;

constexpr const char* kBeforeColor = "#4c72b0";
constexpr const char* kAfterColor = "#dd8452";
constexpr const char* kExpectColor = "#333333";
constexpr std::array<const char*, 5> kBaseColors = {"#2ca02c", "#1f77b4", "#222222", "#d62728", "#999999"};
// Longer reads are plotted with their cycles (lengths) in bins, at most
// this many points a series.
constexpr std::size_t kMaxPoints = 1000;

std::string number(std::int64_t v) { return int_grouped(v, 0); }

// A value as the JSON report writes it.
std::string json_number(double v) { return python_float_repr(v); }
std::string json_number(std::int64_t v) { return std::to_string(v); }

template <typename T>
void append_value(std::string& values, T v) {
    if (!values.empty()) values += ',';
    values += json_number(v);
}

// --- summary -------------------------------------------------------------------

struct SummaryRow {
    std::string label;
    std::string key;  // the JSON report's path, "read_counts.input"
    std::int64_t value = 0;
    std::int64_t of = 0;  // the percentage's base; 0: none
    bool sub = false;     // an R1 / R2 line under a total
};

class Summary {
public:
    Summary(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx)
        : layout_(layout), stats_(stats), ctx_(ctx) {}

    std::string render() {
        reads();
        basepairs();
        std::string out = "<table class=\"summary\"><tbody>\n";
        for (const SummaryRow& r : rows_) {
            out += std::string("<tr") + (r.sub ? " class=\"sub\"" : "") + "><th scope=\"row\">" + escape_xml(r.label) +
                   "</th><td class=\"num\" data-json=\"" + r.key + "\">" + number(r.value) + "</td><td class=\"pct\">" +
                   (r.of > 0 ? percent1(safe_divide(r.value, r.of)) : std::string()) + "</td></tr>\n";
        }
        return out + "</tbody></table>\n";
    }

private:
    void add(std::string label, std::string key, std::int64_t value, std::int64_t of, bool sub = false) {
        rows_.push_back({std::move(label), std::move(key), value, of, sub});
    }
    // A basepair count: the total and, for pairs, the mates that have it.
    // The processed basepairs are the percentages' base and get none.
    void bp(const std::string& label, const std::string& key, std::array<std::int64_t, 2> mates,
            std::array<bool, 2> on) {
        const std::int64_t of = key == "input" ? 0 : stats_.total();
        add(label, "basepair_counts." + key, mates[0] + mates[1], of);
        if (!layout_.paired) return;
        for (std::size_t i = 0; i < 2; ++i)
            if (on[i])
                add("Read " + std::to_string(i + 1), "basepair_counts." + key + "_read" + std::to_string(i + 1),
                    mates[i], of, true);
    }

    void reads() {
        const std::int64_t n = stats_.n;
        const std::string unit = layout_.paired ? "Read pairs" : "Reads";
        add(unit + " processed", "read_counts.input", n, 0);
        if (ctx_.quarantined_reads)
            add(unit + " quarantined (not processed)", "quarantined_reads",
                static_cast<std::int64_t>(*ctx_.quarantined_reads), 0);
        for (std::size_t i = 0; i < 2; ++i)
            if (layout_.adapter_cutting[i])
                add(layout_.paired ? "Read " + std::to_string(i + 1) + " with adapter" : "Reads with adapters",
                    "read_counts.read" + std::to_string(i + 1) + "_with_adapter", stats_.with_adapters[i], n);
        constexpr std::array<std::string_view, kPolyTailCount> kTails = {"poly_g", "poly_x"};
        constexpr std::array<std::string_view, kPolyTailCount> kNames = {"poly-G", "poly-X"};
        for (std::size_t t = 0; t < kPolyTailCount; ++t)
            for (std::size_t i = 0; i < 2; ++i)
                if (layout_.poly_tail[t][i])
                    add((layout_.paired ? "Read " + std::to_string(i + 1) : std::string("Reads")) + " with " +
                            std::string(kNames[t]) + " tail",
                        "read_counts.read" + std::to_string(i + 1) + "_with_" + std::string(kTails[t]),
                        stats_.poly_trimmed_reads[t][i], n);
        if (layout_.overlap_trimming)
            add("Pairs trimmed by mate overlap", "read_counts.pairs_overlap_trimmed", stats_.overlap_trimmed_pairs, n);
        if (layout_.reverse_complement)
            add("Reverse-complemented", "read_counts.reverse_complemented", stats_.reverse_complemented, n);
        for (std::size_t f = 0; f < kFilterCount; ++f)
            if (layout_.filters[f])
                add(unit + " " + std::string(filter_description(static_cast<FilterName>(f))),
                    "read_counts.filtered." + std::string(filter_key(static_cast<FilterName>(f))), stats_.filtered[f],
                    n);
        add(unit + " written (passing filters)", "read_counts.output", stats_.written_reads(), n);
    }

    void basepairs() {
        bp("Basepairs processed", "input", stats_.total_bp, {true, true});
        if (layout_.any_quality_trimming())
            bp("Quality-trimmed", "quality_trimmed", stats_.quality_trimmed_bp, layout_.quality_trimming);
        if (layout_.any_poly_a())
            bp("Poly-A-trimmed", "poly_a_trimmed",
               {stats_.poly_a_lengths[0].total_length(), stats_.poly_a_lengths[1].total_length()}, layout_.poly_a);
        if (layout_.overlap_trimming) bp("Overlap-trimmed", "overlap_trimmed", stats_.overlap_trimmed_bp, {true, true});
        constexpr std::array<std::string_view, kPolyTailCount> kKeys = {"poly_g_trimmed", "poly_x_trimmed"};
        constexpr std::array<std::string_view, kPolyTailCount> kLabels = {"Poly-G-trimmed", "Poly-X-trimmed"};
        for (std::size_t t = 0; t < kPolyTailCount; ++t)
            if (layout_.any_poly_tail(static_cast<PolyTail>(t)))
                bp(std::string(kLabels[t]), std::string(kKeys[t]), stats_.poly_trimmed_bp[t], layout_.poly_tail[t]);
        bp("Basepairs written", "output", stats_.written_bp(), {true, true});
    }

    const StatsLayout& layout_;
    const Stats& stats_;
    const ReportContext& ctx_;
    std::vector<SummaryRow> rows_;
};

// --- per-mate plots --------------------------------------------------------------

std::string figure(const Plot& plot, const std::string& caption) {
    std::string out = "<figure>" + detail::render_svg(plot);
    out += "<figcaption>" + caption + " <button type=\"button\" class=\"save\" data-plot=\"" + escape_xml(plot.id) +
           "\">save SVG</button></figcaption></figure>\n";
    return out;
}

std::string note(const std::string& text) { return "<p class=\"note\">" + text + "</p>\n"; }

// Cycles (or lengths) per plotted point: 1 up to kMaxPoints, then the
// smallest width that keeps a series within it.
std::size_t bin_width(std::size_t points) { return points <= kMaxPoints ? 1 : (points + kMaxPoints - 1) / kMaxPoints; }

struct Stage {
    const ReadProfile* profile;
    ProfileSeries series;
    std::string name;   // "before" / "after"
    std::string label;  // legend: "before trimming"
    const char* color;
};

// Read lengths: before and after side by side, one bar per length.
PlotSeries length_bars(const Stage& s, const std::string& json, std::size_t width) {
    PlotSeries bars;
    bars.kind = PlotSeries::Kind::Bars;
    bars.label = s.label;
    bars.color = s.color;
    if (width == 1) {
        bars.data_json = json + "." + s.name + ".lengths";
        for (const auto& [length, reads] : s.series.lengths) {
            bars.x.push_back(length);
            bars.y.push_back(static_cast<double>(reads));
            bars.tips.push_back(std::to_string(length) + " bp: " + number(reads) + " reads " + s.label);
            append_value(bars.data_values, std::int64_t{length});
            append_value(bars.data_values, reads);
        }
        return bars;
    }
    const auto& lengths = s.profile->lengths;
    for (std::size_t start = 0; start < lengths.size(); start += width) {
        std::int64_t reads = 0;
        for (std::size_t l = start; l < std::min(lengths.size(), start + width); ++l) reads += lengths[l];
        if (reads == 0) continue;
        bars.x.push_back(static_cast<double>(start));
        bars.y.push_back(static_cast<double>(reads));
        bars.tips.push_back(std::to_string(start) + "-" + std::to_string(start + width - 1) + " bp: " + number(reads) +
                            " reads " + s.label);
    }
    return bars;
}

// Per cycle (1-based x), numerator[i] / reads_at_cycle[i] * scale, cycles in bins of `width`.
PlotSeries per_cycle(const std::vector<std::int64_t>& numerator, const std::vector<std::int64_t>& reads_at,
                     double scale, std::size_t width) {
    PlotSeries line;
    for (std::size_t start = 0; start < numerator.size(); start += width) {
        std::int64_t sum = 0;
        std::int64_t reads = 0;
        for (std::size_t i = start; i < std::min(numerator.size(), start + width); ++i) {
            sum += numerator[i];
            reads += reads_at[i];
        }
        line.x.push_back(static_cast<double>(start + 1));
        line.y.push_back(reads > 0 ? scale * static_cast<double>(sum) / static_cast<double>(reads) : 0.0);
    }
    return line;
}

std::string cycle_axis(std::size_t width) {
    return width == 1 ? "cycle (position from the 5' end, bp)"
                      : "cycle (position from the 5' end, bp; bins of " + std::to_string(width) + ")";
}

std::string mate_section(const StatsLayout& layout, const CycleStats& cycles, int mate) {
    const std::string id = "read" + std::to_string(mate + 1);
    const std::string title = !layout.paired ? "Reads" : "Read " + std::to_string(mate + 1);
    const std::string json = "ringtrim." + id;
    const auto& profiles = cycles.profiles[static_cast<std::size_t>(mate)];
    std::array<Stage, 2> stages = {
        Stage{&profiles[kProfileBefore], profile_series(profiles[kProfileBefore]), "before", "before trimming",
              kBeforeColor},
        Stage{&profiles[kProfileAfter], profile_series(profiles[kProfileAfter]), "after", "after trimming (written)",
              kAfterColor},
    };
    std::string out = "<section id=\"" + id + "\"><h2>" + title + "</h2>\n";
    const Stage& before = stages[0];
    const Stage& after = stages[1];
    if (before.profile->empty()) return out + note("No reads in the input: nothing to plot.") + "</section>\n";
    if (after.profile->empty()) out += note("No read passed the filters: the plots show the reads before trimming.");
    const std::size_t cycles_width = bin_width(std::max(before.profile->cycles(), after.profile->cycles()));
    const std::size_t length_width = bin_width(std::max(before.profile->lengths.size(), after.profile->lengths.size()));
    out += "<div class=\"plots\">\n";

    Plot lengths{id + "-lengths", title + ": read length", {}, {}, {}};
    lengths.x.label =
        length_width == 1 ? "read length (bp)" : "read length (bp; bins of " + std::to_string(length_width) + ")";
    lengths.y = {"reads (log scale)", true, 0.5, std::nullopt};
    for (const Stage& s : stages)
        if (!s.profile->empty()) lengths.series.push_back(length_bars(s, json, length_width));
    out += figure(lengths, "Read lengths before trimming and of the reads written.");

    if (!before.profile->quality.empty()) {
        Plot quality{id + "-quality", title + ": mean quality per cycle", {}, {}, {}};
        quality.x.label = cycle_axis(cycles_width);
        quality.y = {"mean quality (Phred score)", false, 0.0, std::nullopt};
        for (const Stage& s : stages) {
            if (s.profile->empty() || s.profile->cycles() == 0) continue;
            PlotSeries line;
            if (cycles_width == 1) {
                line.data_json = json + "." + s.name + ".mean_quality";
                for (std::size_t i = 0; i < s.series.mean_quality.size(); ++i) {
                    line.x.push_back(static_cast<double>(i + 1));
                    line.y.push_back(s.series.mean_quality[i]);
                    append_value(line.data_values, s.series.mean_quality[i]);
                }
            } else {
                line = per_cycle(s.profile->quality, s.series.reads_at_cycle, 1.0, cycles_width);
            }
            line.label = s.label;
            line.color = s.color;
            quality.series.push_back(std::move(line));
        }
        if (!quality.series.empty())
            out += figure(quality, "Mean Phred quality at each position, over the reads that reach it.");
    } else {
        out += note("No quality values (FASTA input): no quality plot.");
    }

    for (const Stage& s : stages) {
        if (s.profile->cycles() == 0) continue;
        Plot bases{id + "-bases-" + s.name, title + ": base composition " + s.label, {}, {}, {}};
        bases.x.label = cycle_axis(cycles_width);
        bases.y = {"share of the bases at the cycle (%)", false, 0.0, 100.0};
        for (std::size_t b = 0; b < kProfileBases.size(); ++b) {
            PlotSeries line = per_cycle(s.series.bases[b], s.series.reads_at_cycle, 100.0, cycles_width);
            line.label = b < 4 ? std::string(1, kProfileBases[b]) : "N, other";
            line.color = kBaseColors[b];
            if (cycles_width == 1) {
                line.data_json = json + "." + s.name + ".bases." + std::string(1, kProfileBases[b]);
                for (auto n : s.series.bases[b]) append_value(line.data_values, n);
            }
            bases.series.push_back(std::move(line));
        }
        out += figure(bases, "Share of A, C, G, T and N (or any other letter) at each position, " + s.label + ".");
    }
    return out + "</div></section>\n";
}

// --- adapters ------------------------------------------------------------------------

std::string end_plot(const std::string& id, const std::string& title, const std::string& json,
                     const EndDescription& end, const EndCounters& counts, std::int64_t n, double gc_content) {
    Plot plot{id,
              title,
              {"length of the removed sequence (bp)", false, std::nullopt, std::nullopt},
              {"reads (log scale)", true, 0.5, std::nullopt},
              {}};
    PlotSeries count;
    count.kind = PlotSeries::Kind::Bars;
    count.label = "removed";
    count.color = kBeforeColor;
    count.data_json = json + ".trimmed_lengths";
    PlotSeries expect;
    expect.label = "expected by chance";
    expect.color = kExpectColor;
    expect.dashed = true;
    for (const auto& row : report_detail::histogram_rows(end, counts, n, gc_content)) {
        const double expected = pyfmt::round1(row.expect);
        count.x.push_back(row.length);
        count.y.push_back(static_cast<double>(row.count));
        count.tips.push_back(std::to_string(row.length) + " bp: " + number(row.count) + " reads, " +
                             pyfmt::fixed(row.expect, 1) + " expected, at most " + std::to_string(row.max_err) +
                             " errors");
        append_value(count.data_values, std::int64_t{row.length});
        append_value(count.data_values, row.count);
        append_value(count.data_values, expected);
        expect.x.push_back(row.length);
        expect.y.push_back(expected);
    }
    plot.series.push_back(std::move(count));
    plot.series.push_back(std::move(expect));
    return figure(plot,
                  "Reads by the length of the sequence removed with this adapter, and the count expected "
                  "if the matches were random (the text report's \"length count expect\" table).");
}

std::string adjacent_line(const EndCounters& end) {
    const auto bases = report_detail::adjacent_bases(end);
    if (!bases.any) return {};
    static constexpr std::array<const char*, 5> kNames = {"A", "C", "G", "T", "none/other"};
    std::string s = "Bases preceding removed adapters:";
    for (std::size_t i = 0; i < 5; ++i) s += std::string(" ") + kNames[i] + " " + percent1(bases.fractions[i]) + ";";
    s.pop_back();
    if (bases.warn_base)
        s += std::string(". <strong>The adapter is preceded by '") + *bases.warn_base +
             "' extremely often: the adapter sequence may be incomplete at its 5' end.</strong>";
    return note(s);
}

std::string adapters_section(const StatsLayout& layout, const Stats& stats, double gc_content) {
    if (layout.adapters[0].empty() && layout.adapters[1].empty()) return {};
    std::string out = "<section id=\"adapters\"><h2>Adapters</h2>\n";
    for (int which = 0; which < 2; ++which) {
        const auto& adapters = layout.adapters[static_cast<std::size_t>(which)];
        const std::string read = "read" + std::to_string(which + 1);
        for (std::size_t i = 0; i < adapters.size(); ++i) {
            const AdapterDescription& a = adapters[i];
            const AdapterCounters& c = stats.adapter(which, static_cast<std::uint32_t>(i));
            const std::int64_t total = (a.has_front() ? c.front.total() : 0) + (a.has_back() ? c.back.total() : 0);
            const std::string sequence =
                a.kind == AdapterStatsKind::Linked ? a.front.sequence + "..." + a.back.sequence : a.sequence;
            out += "<h3>" + std::string(layout.paired ? (which == 0 ? "First read: " : "Second read: ") : "") +
                   "Adapter " + escape_xml(a.name) + "</h3>\n";
            out += note("Sequence: <code>" + escape_xml(sequence) +
                        "</code>; type: " + escape_xml(a.kind == AdapterStatsKind::Linked ? "linked" : a.description) +
                        "; trimmed " + number(total) + " times.");
            if (total == 0) continue;
            const std::string id = "adapter-" + read + "-" + std::to_string(i);
            const std::string json = "adapters_" + read + "." + std::to_string(i);
            const std::string name = "Adapter " + a.name;
            // Which end is which, in the text report's words.
            std::string five = "5' end";
            std::string three = "3' end";
            if (a.kind == AdapterStatsKind::Anywhere) three = "3' end or within";
            out += "<div class=\"plots\">\n";
            if (a.has_front() && c.front.total() > 0)
                out += end_plot(id + "-5", name + ": removed sequences (" + five + ")", json + ".five_prime_end",
                                a.front, c.front, stats.n, gc_content);
            if (a.has_back() && c.back.total() > 0)
                out += end_plot(id + "-3", name + ": removed sequences (" + three + ")", json + ".three_prime_end",
                                a.back, c.back, stats.n, gc_content);
            out += "</div>\n";
            if (a.kind == AdapterStatsKind::Back) out += adjacent_line(c.back);
        }
    }
    return out + "</section>\n";
}

std::string poly_a_section(const StatsLayout& layout, const Stats& stats) {
    if (!layout.any_poly_a()) return {};
    std::string out = "<section id=\"poly-a\"><h2>Poly-A tails</h2>\n<div class=\"plots\">\n";
    for (std::size_t m = 0; m < 2; ++m) {
        if (!layout.poly_a[m] || stats.poly_a_lengths[m].empty()) continue;
        const std::string what = !layout.paired ? "Poly-A tails" : m == 0 ? "R1 poly-A tails" : "R2 poly-T heads";
        Plot plot{"poly-a-read" + std::to_string(m + 1),
                  what + " removed",
                  {"length removed (bp)", false, std::nullopt, std::nullopt},
                  {"reads (log scale)", true, 0.5, std::nullopt},
                  {}};
        PlotSeries bars;
        bars.kind = PlotSeries::Kind::Bars;
        bars.label = "reads";
        bars.color = kAfterColor;
        bars.data_json = "poly_a_trimmed_read" + std::to_string(m + 1);
        for (const auto& [length, count] : stats.poly_a_lengths[m].entries()) {
            bars.x.push_back(length);
            bars.y.push_back(static_cast<double>(count));
            bars.tips.push_back(std::to_string(length) + " bp: " + number(count) + " reads");
            append_value(bars.data_values, std::int64_t{length});
            append_value(bars.data_values, count);
        }
        plot.series.push_back(std::move(bars));
        out += figure(plot, "Reads by the length of the tail removed (0: none).");
    }
    if (stats.n == 0) out += note("No reads processed.");
    return out + "</div></section>\n";
}

// --- page ---------------------------------------------------------------------------------

constexpr std::string_view kStyle = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0 auto;
       max-width: 1240px; padding: 16px 24px; line-height: 1.4; }
h1 { margin-bottom: 4px; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 2px; margin-top: 32px; }
h3 { margin-bottom: 4px; }
nav a { margin-right: 12px; }
.meta, .run { color: #555; margin: 2px 0; overflow-wrap: anywhere; }
.run code, .note code { font-size: 0.95em; }
.empty { background: #fff3cd; border: 1px solid #e0c36a; padding: 8px 12px; }
table.summary { border-collapse: collapse; min-width: 480px; }
table.summary th { text-align: left; font-weight: normal; padding: 2px 24px 2px 0; }
table.summary tr.sub th { padding-left: 20px; color: #555; }
table.summary td { padding: 2px 0 2px 16px; }
td.num, td.pct { text-align: right; font-variant-numeric: tabular-nums; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid #ddd; padding: 6px; background: #fff; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9em; color: #555; margin-top: 4px; }
button.save { font-size: 0.85em; margin-left: 6px; }
.note { color: #444; }
footer { margin-top: 40px; color: #777; font-size: 0.9em; }
)CSS";

// Marks every drawn plot and the page; saves a plot as a file.
constexpr std::string_view kScript = R"JS(
(function () {
  "use strict";
  var plots = document.querySelectorAll("svg.plot");
  var drawn = 0;
  for (var i = 0; i < plots.length; i++) {
    var groups = plots[i].querySelectorAll("g.series");
    var ok = groups.length > 0;
    for (var j = 0; j < groups.length; j++) {
      if (!groups[j].querySelector("path, rect")) ok = false;
    }
    plots[i].setAttribute("data-drawn", ok ? "yes" : "no");
    if (ok) drawn++;
  }
  var buttons = document.querySelectorAll("button.save");
  for (var k = 0; k < buttons.length; k++) {
    buttons[k].addEventListener("click", function (event) {
      var id = event.currentTarget.getAttribute("data-plot");
      var svg = document.getElementById(id);
      var text = new XMLSerializer().serializeToString(svg);
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], {type: "image/svg+xml"}));
      link.download = id + ".svg";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
    });
  }
  document.documentElement.setAttribute("data-plots-drawn", drawn + "/" + plots.length);
})();
)JS";

// The one line that depends on how the run was started and how long it took.
std::string run_line(const ReportContext& ctx) {
    std::string args = "ringtrim";
    for (const auto& a : ctx.command_line_args) args += " " + a;
    std::string escaped;
    for (char c : escape_xml(args)) {
        if (c == '\n')
            escaped += "&#10;";
        else if (c == '\r')
            escaped += "&#13;";
        else
            escaped += c;
    }
    char time[64];
    std::snprintf(time, sizeof time, "%.3f", ctx.elapsed_seconds);
    return "<p class=\"run\" id=\"run\">Command line: <code>" + escaped + "</code> &middot; " +
           std::to_string(ctx.cores) + (ctx.cores > 1 ? " cores" : " core") + " &middot; finished in " + time +
           " s</p>\n";
}

}  // namespace

std::string html_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx) {
    const std::string version = "ringtrim " + ctx.ringtrim_version + " (compatible with cutadapt " +
                                std::string(version_string(ctx.cutadapt)) + ")";
    std::string inputs = escape_xml(ctx.input_path1);
    if (ctx.input_path2) inputs += ", " + escape_xml(*ctx.input_path2);
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"" + escape_xml(version) + "\">\n";
    out +=
        "<title>ringtrim report: " + inputs + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out += "<header><h1>ringtrim report</h1>\n";
    out += "<p class=\"meta\">" + escape_xml(version) + " &middot; " + (layout.paired ? "paired-end" : "single-end") +
           " input: <code>" + inputs + "</code></p>\n";
    out += run_line(ctx);
    out += "</header>\n<nav><a href=\"#summary\">Summary</a>";
    for (int m = 0; m < (layout.paired ? 2 : 1); ++m)
        out += "<a href=\"#read" + std::to_string(m + 1) + "\">" +
               (layout.paired ? "Read " + std::to_string(m + 1) : std::string("Reads")) + "</a>";
    if (!layout.adapters[0].empty() || !layout.adapters[1].empty()) out += "<a href=\"#adapters\">Adapters</a>";
    if (layout.any_poly_a()) out += "<a href=\"#poly-a\">Poly-A</a>";
    out += "</nav>\n<section id=\"summary\"><h2>Summary</h2>\n";
    if (stats.n == 0) out += "<p class=\"empty\" id=\"no-reads\">No reads processed: the input holds no reads.</p>\n";
    out += Summary(layout, stats, ctx).render() + "</section>\n";
    for (int m = 0; m < (layout.paired ? 2 : 1); ++m) out += mate_section(layout, stats.cycles, m);
    out += adapters_section(layout, stats, ctx.gc_content);
    out += poly_a_section(layout, stats);
    out += "<footer>Made by " + escape_xml(version) +
           ". Before trimming: the reads as read; after: the reads written, that passed every filter. "
           "The same numbers are in the --json report (cutadapt's keys, and ringtrim's under \"ringtrim\").</footer>\n";
    out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
    return out;
}

}  // namespace ringtrim::core

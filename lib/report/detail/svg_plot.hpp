// Plots as inline SVG for the HTML report (html_report.cpp): line and bar
// series over a linear or base-10 logarithmic y axis, with ticks, axis
// labels, a legend and a title, in a fixed 640 x 340 viewBox that the page
// scales to its width. The same Plot always gives the same bytes: every
// coordinate is printed with one decimal.
//
//   ┌──────────────────────────────────────────────┐
//   │ title                                        │  top: title, then the legend
//   │ ■ series 1   ■ series 2                      │
//   │    ┼────────────────────────────────────┐    │
//   │ y  │  bars / lines                      │    │  left: y ticks and label
//   │    ┼────────────────────────────────────┘    │
//   │       x ticks        x label                 │  bottom: x ticks and label
//   └──────────────────────────────────────────────┘
//
// Each series is a <g class="series"> holding its <path> or <rect>s, with
// data-series (its legend label) and, when given, data-json / data-values:
// the JSON report's path of the numbers and the numbers themselves, which
// tests/e2e/html_report.sh compares with the --json file. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringtrim::core::detail {

struct PlotSeries {
    enum class Kind : std::uint8_t { Line, Bars };
    Kind kind = Kind::Line;
    std::string label;  // legend entry
    std::string color;  // a CSS colour
    bool dashed = false;
    // Points; y <= 0 on a log axis is not drawn (a line breaks there).
    // REQUIRES: x.size() == y.size(); tips empty or of the same size.
    std::vector<double> x;
    std::vector<double> y;
    std::vector<std::string> tips;  // per point, a tooltip (<title>) for bars
    std::string data_json;          // empty: no data-json / data-values
    std::string data_values;
};

struct PlotAxis {
    std::string label;
    bool log = false;            // base 10; only for y
    std::optional<double> min;   // else from the data (linear y: 0)
    std::optional<double> max;   // else from the data, rounded up to a tick
};

struct Plot {
    std::string id;  // the <svg> element's id
    std::string title;
    PlotAxis x;
    PlotAxis y;
    std::vector<PlotSeries> series;
};

// The <svg class="plot"> element. Bars of several series at one x stand side
// by side. A plot whose series hold no drawable point still gets its axes.
std::string render_svg(const Plot& plot);

// Tick positions from `lo` to `hi` (both included when they fall on a tick)
// with a step of 1, 2 or 5 times a power of ten, about `target` of them.
// REQUIRES: lo < hi.
std::vector<double> linear_ticks(double lo, double hi, int target);

// A tick label: integers with k / M / G for thousands (1k, 2.5M), others
// with up to two decimals ("0.25", "37.5").
std::string tick_label(double v);

// Text for HTML and SVG: & < > " escaped.
std::string escape_xml(std::string_view s);

}  // namespace ringtrim::core::detail

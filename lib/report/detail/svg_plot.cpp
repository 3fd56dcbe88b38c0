#include "lib/report/detail/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ringtrim::core::detail {

namespace {

// The viewBox and the plot area inside it.
constexpr double kWidth = 640;
constexpr double kHeight = 340;
constexpr double kLeft = 64;
constexpr double kRight = kWidth - 16;
constexpr double kTop = 52;
constexpr double kBottom = kHeight - 48;
// A line series with at most this many points also gets a dot per point,
// so that one or two points are visible.
constexpr std::size_t kMaxDottedPoints = 20;

std::string fmt1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf) == "-0.0" ? "0.0" : buf;
}

struct Range {
    double lo = 0;
    double hi = 1;
};

// y -> its position on the axis (log: log10), or NaN if it cannot be drawn.
double axis_value(double y, bool log) {
    if (!std::isfinite(y)) return std::numeric_limits<double>::quiet_NaN();
    if (!log) return y;
    return y > 0 ? std::log10(y) : std::numeric_limits<double>::quiet_NaN();
}

bool has_bars(const Plot& plot) {
    return std::any_of(plot.series.begin(), plot.series.end(),
                       [](const PlotSeries& s) { return s.kind == PlotSeries::Kind::Bars && !s.x.empty(); });
}

Range x_range(const Plot& plot, bool& integers) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    integers = true;
    for (const PlotSeries& s : plot.series)
        for (double x : s.x) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
            integers = integers && x == std::floor(x);
        }
    if (lo > hi) {  // no point at all
        lo = 0;
        hi = 1;
    }
    if (has_bars(plot)) {
        lo -= 0.5;
        hi += 0.5;
    } else if (lo == hi) {
        lo -= 1;
        hi += 1;
    }
    if (plot.x.min) lo = *plot.x.min;
    if (plot.x.max) hi = *plot.x.max;
    return {lo, hi};
}

// The y range in axis units (log10 for a log axis) and its ticks (values).
Range y_range(const Plot& plot, std::vector<double>& ticks) {
    const bool log = plot.y.log;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const PlotSeries& s : plot.series)
        for (double y : s.y) {
            const double v = axis_value(y, log);
            if (std::isnan(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (log) {
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        lo = plot.y.min ? std::log10(*plot.y.min) : std::floor(lo);
        hi = plot.y.max ? std::log10(*plot.y.max) : std::max(std::ceil(hi), std::floor(lo) + 1);
        if (hi <= lo) hi = lo + 1;
        const double first = std::ceil(lo);
        const double decades = std::floor(hi) - first + 1;
        const double every = std::max(1.0, std::ceil(decades / 8));
        ticks.clear();
        for (double d = first; d <= hi + 1e-9; d += every) ticks.push_back(std::pow(10.0, d));
        return {lo, hi};
    }
    lo = plot.y.min.value_or(0.0);
    if (!(hi > lo)) hi = lo + 1;
    if (plot.y.max) hi = *plot.y.max;
    ticks = linear_ticks(lo, hi, 5);
    if (!plot.y.max && !ticks.empty() && ticks.back() < hi) {
        // Round the top up to the next tick.
        const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : hi - lo;
        ticks.push_back(ticks.back() + step);
        hi = ticks.back();
    }
    return {lo, hi};
}

struct Frame {
    Range x;
    Range y;  // axis units
    bool log = false;
    double px(double value) const { return kLeft + (value - x.lo) / (x.hi - x.lo) * (kRight - kLeft); }
    // y in axis units
    double py(double v) const { return kBottom - (v - y.lo) / (y.hi - y.lo) * (kBottom - kTop); }
};

void legend(const Plot& plot, std::string& out) {
    double x = kLeft;
    out += "<g class=\"legend\" font-size=\"11\">";
    for (const PlotSeries& s : plot.series) {
        if (s.label.empty()) continue;
        if (s.kind == PlotSeries::Kind::Bars) {
            out += "<rect x=\"" + fmt1(x) + "\" y=\"30\" width=\"12\" height=\"10\" fill=\"" + s.color + "\"/>";
        } else {
            out += "<line x1=\"" + fmt1(x) + "\" y1=\"35\" x2=\"" + fmt1(x + 14) + "\" y2=\"35\" stroke=\"" + s.color +
                   "\" stroke-width=\"2\"" + (s.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
        }
        out += "<text x=\"" + fmt1(x + 18) + "\" y=\"39\">" + escape_xml(s.label) + "</text>";
        x += 18 + 6.5 * static_cast<double>(s.label.size()) + 18;
    }
    out += "</g>";
}

void axes(const Plot& plot, const Frame& f, const std::vector<double>& y_ticks, bool x_integers, std::string& out) {
    out += "<g class=\"axes\" font-size=\"11\" fill=\"#333\">";
    // Horizontal grid lines and y tick labels.
    for (double t : y_ticks) {
        const double y = f.py(axis_value(t, f.log));
        if (y < kTop - 0.5 || y > kBottom + 0.5) continue;
        out += "<line x1=\"" + fmt1(kLeft) + "\" y1=\"" + fmt1(y) + "\" x2=\"" + fmt1(kRight) + "\" y2=\"" + fmt1(y) +
               "\" stroke=\"#e3e3e3\"/>";
        out += "<text x=\"" + fmt1(kLeft - 6) + "\" y=\"" + fmt1(y + 4) + "\" text-anchor=\"end\">" + tick_label(t) +
               "</text>";
    }
    // x ticks: whole numbers on an axis of whole numbers.
    double x_lo = f.x.lo;
    double x_hi = f.x.hi;
    std::vector<double> x_ticks = linear_ticks(x_lo, x_hi, 8);
    if (x_integers && x_ticks.size() > 1 && x_ticks[1] - x_ticks[0] < 1) {
        x_ticks.clear();
        for (double t = std::ceil(x_lo); t <= x_hi; t += 1) x_ticks.push_back(t);
    }
    for (double t : x_ticks) {
        const double x = f.px(t);
        out += "<line x1=\"" + fmt1(x) + "\" y1=\"" + fmt1(kBottom) + "\" x2=\"" + fmt1(x) + "\" y2=\"" +
               fmt1(kBottom + 5) + "\" stroke=\"#333\"/>";
        out += "<text x=\"" + fmt1(x) + "\" y=\"" + fmt1(kBottom + 18) + "\" text-anchor=\"middle\">" + tick_label(t) +
               "</text>";
    }
    out += "<rect x=\"" + fmt1(kLeft) + "\" y=\"" + fmt1(kTop) + "\" width=\"" + fmt1(kRight - kLeft) + "\" height=\"" +
           fmt1(kBottom - kTop) + "\" fill=\"none\" stroke=\"#333\"/>";
    out += "<text x=\"" + fmt1((kLeft + kRight) / 2) + "\" y=\"" + fmt1(kHeight - 10) +
           "\" text-anchor=\"middle\" font-size=\"12\">" + escape_xml(plot.x.label) + "</text>";
    out += "<text transform=\"translate(16 " + fmt1((kTop + kBottom) / 2) +
           ") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">" + escape_xml(plot.y.label) + "</text>";
    out += "</g>";
}

void series_open(const PlotSeries& s, std::string& out) {
    out += "<g class=\"series\" data-series=\"" + escape_xml(s.label) + "\"";
    if (!s.data_json.empty())
        out += " data-json=\"" + escape_xml(s.data_json) + "\" data-values=\"" + escape_xml(s.data_values) + "\"";
    out += ">";
}

void line(const PlotSeries& s, const Frame& f, std::string& out) {
    std::string d;
    bool pen_down = false;
    std::size_t points = 0;
    std::string dots;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        const double v = axis_value(s.y[i], f.log);
        if (std::isnan(v)) {
            pen_down = false;
            continue;
        }
        const std::string x = fmt1(f.px(s.x[i]));
        const std::string y = fmt1(f.py(v));
        d += (pen_down ? " L" : (d.empty() ? "M" : " M")) + x + " " + y;
        pen_down = true;
        ++points;
        dots += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"2.5\" fill=\"" + s.color + "\"/>";
    }
    if (d.empty()) return;
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"1.6\"" +
           (s.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    if (points <= kMaxDottedPoints) out += dots;
}

void bars(const PlotSeries& s, const Frame& f, int slot, int slots, std::string& out) {
    const double unit = f.px(1) - f.px(0);
    const double width = std::max(0.6, unit * 0.8 / slots);
    const double base = f.py(f.y.lo);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        const double v = axis_value(s.y[i], f.log);
        if (std::isnan(v) || (!f.log && s.y[i] == 0)) continue;
        const double x = f.px(s.x[i]) - unit * 0.4 + width * slot;
        const double top = std::min(f.py(v), base - 1);
        out += "<rect x=\"" + fmt1(x) + "\" y=\"" + fmt1(top) + "\" width=\"" + fmt1(width) + "\" height=\"" +
               fmt1(base - top) + "\" fill=\"" + s.color + "\">";
        if (i < s.tips.size()) out += "<title>" + escape_xml(s.tips[i]) + "</title>";
        out += "</rect>";
    }
}

}  // namespace

std::vector<double> linear_ticks(double lo, double hi, int target) {
    const double raw = (hi - lo) / std::max(1, target);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * power;
        if (step >= raw) break;
    }
    std::vector<double> ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k += 1) {
        const double t = k * step;
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
}

std::string tick_label(double v) {
    char buf[32];
    const double a = std::abs(v);
    if (v == std::floor(v) && a >= 1000) {
        const char* suffix = a >= 1e9 ? "G" : a >= 1e6 ? "M" : "k";
        const double scaled = v / (a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : 1e3);
        std::snprintf(buf, sizeof buf, "%g%s", scaled, suffix);
        return buf;
    }
    if (v == std::floor(v)) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string escape_xml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string render_svg(const Plot& plot) {
    bool x_integers = true;
    std::vector<double> y_ticks;
    Frame f;
    f.x = x_range(plot, x_integers);
    f.y = y_range(plot, y_ticks);
    f.log = plot.y.log;
    const std::string clip = plot.id + "-area";
    std::string out = "<svg class=\"plot\" id=\"" + escape_xml(plot.id) +
                      "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 340\" role=\"img\" "
                      "font-family=\"sans-serif\"><title>" +
                      escape_xml(plot.title) + "</title>";
    out += "<defs><clipPath id=\"" + escape_xml(clip) + "\"><rect x=\"" + fmt1(kLeft) + "\" y=\"" + fmt1(kTop) +
           "\" width=\"" + fmt1(kRight - kLeft) + "\" height=\"" + fmt1(kBottom - kTop) + "\"/></clipPath></defs>";
    out += "<rect width=\"640\" height=\"340\" fill=\"#fff\"/>";
    out += "<text x=\"" + fmt1(kLeft) + "\" y=\"18\" font-size=\"14\" font-weight=\"bold\">" +
           escape_xml(plot.title) + "</text>";
    legend(plot, out);
    axes(plot, f, y_ticks, x_integers, out);
    int bar_series = 0;
    for (const PlotSeries& s : plot.series) bar_series += s.kind == PlotSeries::Kind::Bars ? 1 : 0;
    out += "<g clip-path=\"url(#" + escape_xml(clip) + ")\">";
    int slot = 0;
    for (const PlotSeries& s : plot.series) {
        series_open(s, out);
        if (s.kind == PlotSeries::Kind::Bars)
            bars(s, f, slot++, bar_series, out);
        else
            line(s, f, out);
        out += "</g>";
    }
    out += "</g></svg>";
    return out;
}

}  // namespace ringtrim::core::detail

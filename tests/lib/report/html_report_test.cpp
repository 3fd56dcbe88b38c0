// The HTML report (issue 27): what the page holds for a run, that only its
// run line depends on how the run was started, the empty input, escaping,
// and the SVG plot helper's ticks. tests/e2e/html_report.sh opens real pages
// in a browser.
#include "lib/report/html_report.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "lib/pipeline/pipeline.hpp"
#include "lib/report/detail/svg_plot.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace core = ringtrim::core;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

// Lines of `page` without the one with id="run".
std::string without_run_line(const std::string& page) {
    std::string out;
    std::size_t start = 0;
    while (start < page.size()) {
        const std::size_t end = page.find('\n', start);
        const std::string line = page.substr(start, end - start);
        if (line.find("id=\"run\"") == std::string::npos) out += line + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

struct Run {
    core::StatsLayout layout;
    core::Stats stats;
};

Run trim(const std::string& name) {
    core::PipelineOptions o;
    auto single = core::SingleAdapter::create(core::AdapterKind::Back, "AGATCGGAAGAGC", core::AdapterParams{}, name);
    std::vector<core::Adapter> adapters;
    adapters.emplace_back(std::get<core::SingleAdapter>(std::move(single)));
    o.cutter[0] = std::make_shared<core::AdapterCutter>(std::move(adapters));
    o.minimum_length[0] = 5;
    o.streams = {{"o.fastq"}};
    o.out.first = 0;
    o.cycle_stats = true;
    core::Pipeline pipeline(o);
    Run run{pipeline.stats_layout(), {}};
    std::vector<std::string> out;
    const std::string input =
        "@r1\nACGTACGTACAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIIIIIIIIII\n"
        "@r2\nCCCCCCCCCCCCCCCCCCCC\n+\n55555555555555555555\n"
        "@r3\nGGGAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIII\n";
    REQUIRE_FALSE(pipeline.run({input, {}, 0, 0}, out, run.stats));
    return run;
}

core::ReportContext context() {
    core::ReportContext ctx;
    ctx.ringtrim_version = "0.1.0";
    ctx.command_line_args = {"-a", "AGATCGGAAGAGC", "--html", "r.html", "in.fq"};
    ctx.input_path1 = "in.fq";
    ctx.cycle_statistics = true;
    return ctx;
}

}  // namespace

TEST_CASE("the HTML report: plots, numbers tagged with their JSON keys, one run line", "[html]") {
    const Run run = trim("A1");
    const std::string page = core::html_report(run.layout, run.stats, context());
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(count(page, "<svg class=\"plot\"") == 5);  // lengths, quality, 2 x bases, adapter
    CHECK(count(page, "id=\"run\"") == 1);
    CHECK(page.find("data-json=\"read_counts.input\">3<") != std::string::npos);
    CHECK(page.find("data-json=\"read_counts.filtered.too_short\">1<") != std::string::npos);
    CHECK(page.find("data-json=\"ringtrim.read1.before.mean_quality\" data-values=\"33.33,") != std::string::npos);
    CHECK(page.find("data-json=\"adapters_read1.0.three_prime_end.trimmed_lengths\"") != std::string::npos);
    CHECK(page.find("http") == page.find("http://www.w3.org/2000/svg"));  // nothing fetched
    CHECK(page.find("NaN") == std::string::npos);
    // Another worker count, time and command line change the run line only.
    auto other = context();
    other.cores = 8;
    other.elapsed_seconds = 12.5;
    other.command_line_args.push_back("-j");
    const std::string page8 = core::html_report(run.layout, run.stats, other);
    CHECK(page8 != page);
    CHECK(without_run_line(page8) == without_run_line(page));
}

TEST_CASE("the HTML report of an empty input says so and has no plot", "[html]") {
    Run run = trim("A1");
    run.stats = core::Stats{};
    const std::string page = core::html_report(run.layout, run.stats, context());
    CHECK(page.find("id=\"no-reads\"") != std::string::npos);
    CHECK(page.find("<svg") == std::string::npos);
    CHECK(page.find("NaN") == std::string::npos);
    CHECK(page.find("data-json=\"read_counts.input\">0<") != std::string::npos);
}

TEST_CASE("the HTML report escapes names and arguments", "[html]") {
    const Run run = trim("<b>&\"x\"");
    auto ctx = context();
    ctx.command_line_args.push_back("a<b>\nc");
    const std::string page = core::html_report(run.layout, run.stats, ctx);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("Adapter &lt;b&gt;&amp;&quot;x&quot;") != std::string::npos);
    CHECK(page.find("a&lt;b&gt;&#10;c") != std::string::npos);
    CHECK(count(page, "id=\"run\"") == 1);
}

TEST_CASE("plot ticks: steps of 1, 2 or 5 times a power of ten, and their labels", "[html]") {
    using core::detail::linear_ticks;
    using core::detail::tick_label;
    CHECK(linear_ticks(0, 100, 5) == std::vector<double>{0, 20, 40, 60, 80, 100});
    CHECK(linear_ticks(0, 41, 5) == std::vector<double>{0, 10, 20, 30, 40});
    CHECK(linear_ticks(0.5, 3.5, 8) == std::vector<double>{0.5, 1, 1.5, 2, 2.5, 3, 3.5});
    CHECK(tick_label(1000) == "1k");
    CHECK(tick_label(2500000) == "2.5M");
    CHECK(tick_label(40) == "40");
    CHECK(tick_label(0.25) == "0.25");
    CHECK(tick_label(1.5) == "1.5");
}

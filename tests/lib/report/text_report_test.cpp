// Text reports against cutadapt 4.2's own output. The expected texts and the
// statistics dumps in data/ come from cutadapt runs (data/generate.sh); only the
// first header line (ringtrim's by design) and the timing line are masked.
#include "lib/python/python.hpp"
#include "lib/report/text_report.hpp"

#include <catch2/catch.hpp>

#include "tests/lib/report/stats_dump.hpp"

namespace ringtrim::core {
namespace {

using test::context_from_report;
using test::load_stats;
using test::read_file;
using test::split;

// The report after the three header lines, with the "Finished in" line replaced.
std::string mask_timing(const std::string& text) {
    std::string out;
    for (const auto& line : split(text, '\n')) {
        out += line.rfind("Finished in ", 0) == 0 ? std::string("Finished in <timing>") : line;
        out += '\n';
    }
    out.pop_back();  // split() adds one empty piece after the final newline
    return out;
}

std::string after_header(const std::string& text) {
    std::size_t pos = 0;
    for (int i = 0; i < 3; ++i) pos = text.find('\n', pos) + 1;
    return text.substr(pos);
}

std::string header_of(const std::string& text) { return text.substr(0, text.size() - after_header(text).size()); }

// Renders case NAME from its dump and compares with cutadapt's captured stdout.
void check_full_report(const std::string& name) {
    INFO("case " << name);
    const std::string expected = read_file(name + ".report.txt");
    const auto [layout, stats] = load_stats(name + ".stats");
    ReportContext ctx = context_from_report(expected);
    ctx.elapsed_seconds = 0.5;
    CHECK(mask_timing(full_report(layout, stats, ctx)) == mask_timing(after_header(expected)));

    // Header: the first line differs by design, the rest is cutadapt's.
    const auto expected_header = split(header_of(expected), '\n');
    const auto header = split(header_text(ctx), '\n');
    REQUIRE(header.size() == 4);
    CHECK(header[0] == "This is cutadapt 4.2 (compatible; ringtrim 0.1.0) with C++");
    CHECK(expected_header[0].rfind("This is cutadapt 4.2 with Python ", 0) == 0);
    CHECK(header[1] == expected_header[1]);
    CHECK(header[2] == expected_header[2]);
}

TEST_CASE("full report: single-end 3' adapter with quality trimming and filters") { check_full_report("se_back"); }

TEST_CASE("full report: regular 5' adapter") { check_full_report("se_front"); }

TEST_CASE("full report: anywhere adapter") { check_full_report("se_anywhere"); }

TEST_CASE("full report: linked adapter with --discard-untrimmed") { check_full_report("se_linked"); }

TEST_CASE("full report: anchored, non-internal, wildcard, rightmost adapters and --gc-content") {
    check_full_report("se_mixed");
}

TEST_CASE("full report: reverse-complemented counts") { check_full_report("se_revcomp"); }

TEST_CASE("full report: warning about the base preceding a 3' adapter") {
    const std::string expected = read_file("se_warn.report.txt");
    REQUIRE(expected.find("The adapter is preceded by 'C' extremely often.") != std::string::npos);
    check_full_report("se_warn");
}

TEST_CASE("full report: paired-end with two adapters per read and filters") { check_full_report("pe"); }

TEST_CASE("full report: paired-end, adapter on R1 only, quality trimming on R2 only") {
    check_full_report("pe_r2only");
}

TEST_CASE("full report: paired-end --pair-adapters") { check_full_report("pe_pairadapters"); }

TEST_CASE("full report: empty input") {
    check_full_report("empty");
    CHECK(full_report(StatsLayout{}, Stats{}, ReportContext{}) == "No reads processed!\n");
}

TEST_CASE("full report: cutadapt 4.2 reports on real data") {
    for (const char* name : {"real_smallrna", "real_clock", "real_seqpurge", "real_tenx", "real_tg_like"})
        check_full_report(name);
}

TEST_CASE("minimal report: single-end, paired-end, WARN status, empty input") {
    for (const char* name : {"se_minimal", "se_minimal_ok", "pe_minimal", "empty_minimal", "real_clock_minimal"}) {
        INFO("case " << name);
        const auto [layout, stats] = load_stats(std::string(name) + ".stats");
        CHECK(minimal_report(layout, stats, ReportContext{}) == read_file(std::string(name) + ".report.txt"));
    }
    CHECK(read_file("se_minimal.report.txt").find("\nWARN\t") != std::string::npos);
}

TEST_CASE("header: core count and read kind") {
    ReportContext ctx;
    ctx.ringtrim_version = "9.8.7";
    ctx.command_line_args = {"-a", "ACGT", "in.fq"};
    ctx.cores = 4;
    ctx.paired = true;
    CHECK(header_text(ctx) ==
          "This is cutadapt 4.2 (compatible; ringtrim 9.8.7) with C++\n"
          "Command line parameters: -a ACGT in.fq\n"
          "Processing paired-end reads on 4 cores ...\n");
    ctx.cores = 1;
    ctx.paired = false;
    CHECK(processing_line(ctx) == "Processing single-end reads on 1 core ...\n");
}

TEST_CASE("timing line as Python formats it") {
    // Expected strings from python3 with cutadapt's format string.
    auto [layout, stats] = load_stats("se_back.stats");
    ReportContext ctx;
    auto first_line = [&](double elapsed, std::int64_t n) {
        stats.n = n;
        ctx.elapsed_seconds = elapsed;
        const std::string r = full_report(layout, stats, ctx);
        return r.substr(0, r.find('\n'));
    };
    CHECK(first_line(0.166, 10000) == "Finished in 0.166 s (16.600 \xC2\xB5s/read; 3.61 M reads/minute).");
    CHECK(first_line(0.0, 5) == "Finished in 0.000 s (0.200 \xC2\xB5s/read; 300.00 M reads/minute).");
    CHECK(first_line(12.3456, 1234567) == "Finished in 12.346 s (10.000 \xC2\xB5s/read; 6.00 M reads/minute).");
    CHECK(first_line(0.0005, 3) == "Finished in 0.001 s (166.667 \xC2\xB5s/read; 0.36 M reads/minute).");
}

TEST_CASE("cutadapt 5.2's report has no timing line (#819) and names 5.2") {
    auto [layout, stats] = load_stats("se_back.stats");
    ReportContext ctx;
    ctx.elapsed_seconds = 0.166;
    ctx.ringtrim_version = "V";
    const std::string r42 = full_report(layout, stats, ctx);
    ctx.cutadapt = CutadaptVersion::k5_2;
    const std::string r52 = full_report(layout, stats, ctx);
    REQUIRE(r42.starts_with("Finished in "));
    CHECK(r52.find("Finished in") == std::string::npos);
    CHECK(r42.substr(r42.find('\n') + 1) == r52);
    CHECK(version_line(ctx) == "This is cutadapt 5.2 (compatible; ringtrim V) with C++\n");
}

TEST_CASE("pyfmt: percentages round like Python's {:.1%}") {
    // Values and results from python3: f"{x:.1%}".
    CHECK(pyfmt::percent1(0.0005) == "0.1%");
    CHECK(pyfmt::percent1(0.0015) == "0.1%");
    CHECK(pyfmt::percent1(0.00049999) == "0.0%");
    CHECK(pyfmt::percent1(0.0025) == "0.2%");
    CHECK(pyfmt::percent1(0.000125) == "0.0%");
    CHECK(pyfmt::percent1(0.000625) == "0.1%");
    CHECK(pyfmt::percent1(1.0 / 3) == "33.3%");
    CHECK(pyfmt::percent1(2.0 / 3) == "66.7%");
    CHECK(pyfmt::percent1(0.9995) == "100.0%");
    CHECK(pyfmt::percent1(0.99949) == "99.9%");
    CHECK(pyfmt::percent1(0.125) == "12.5%");
}

TEST_CASE("pyfmt: thousands separators like Python's {:13,d}") {
    CHECK(pyfmt::int_grouped(0) == "            0");
    CHECK(pyfmt::int_grouped(999) == "          999");
    CHECK(pyfmt::int_grouped(1000) == "        1,000");
    CHECK(pyfmt::int_grouped(1520000) == "    1,520,000");
    CHECK(pyfmt::int_grouped(1234567890123LL) == "1,234,567,890,123");
    CHECK(pyfmt::int_grouped(-1234) == "       -1,234");
}

TEST_CASE("pyfmt: repr and round of floats like Python's") {
    // Values and results from python3: repr(x), repr(round(x, 1)), f"{x:.1F}".
    CHECK(python_float_repr(0.1) == "0.1");
    CHECK(python_float_repr(0.2) == "0.2");
    CHECK(python_float_repr(2.0 / 14) == "0.14285714285714285");
    CHECK(python_float_repr(0.1 + 0.2) == "0.30000000000000004");
    CHECK(python_float_repr(25000.0) == "25000.0");
    CHECK(python_float_repr(1e16) == "1e+16");
    CHECK(python_float_repr(1.5e-5) == "1.5e-05");
    CHECK(python_float_repr(0.0001) == "0.0001");
    CHECK(python_float_repr(123456789012345678.0) == "1.2345678901234568e+17");
    CHECK(python_float_repr(1e22) == "1e+22");
    CHECK(python_float_repr(0.0) == "0.0");
    CHECK(python_float_repr(pyfmt::round1(156.25)) == "156.2");
    CHECK(python_float_repr(pyfmt::round1(0.05)) == "0.1");
    CHECK(python_float_repr(pyfmt::round1(0.15)) == "0.1");
    CHECK(python_float_repr(pyfmt::round1(0.25)) == "0.2");
    CHECK(python_float_repr(pyfmt::round1(2.45)) == "2.5");
    CHECK(pyfmt::fixed(156.25, 1) == "156.2");
    CHECK(pyfmt::fixed(1e16, 1) == "10000000000000000.0");
}

TEST_CASE("error ranges as report.py ErrorRanges") {
    // Doctest values from report.py.
    CHECK(report_detail::error_range_lengths(8, 0.1) == std::vector<int>{8});
    CHECK(report_detail::error_range_lengths(19, 0.1) == std::vector<int>{9, 19});
    CHECK(report_detail::error_range_lengths(20, 0.1) == std::vector<int>{9, 19, 20});
    CHECK(report_detail::error_range_lengths(21, 0.1) == std::vector<int>{9, 19, 21});
    CHECK(report_detail::error_range_lengths(10, 0.0) == std::vector<int>{10});
}

TEST_CASE("adjacent bases: no warning under 20 matches") {
    EndCounters end;
    end.adjacent_bases = {0, 19, 0, 0, 0};
    CHECK_FALSE(report_detail::adjacent_bases(end).warn_base.has_value());
    end.adjacent_bases = {0, 20, 0, 0, 0};
    CHECK(report_detail::adjacent_bases(end).warn_base == 'C');
    end.adjacent_bases = {0, 0, 0, 0, 30};  // "none/other" never warns
    CHECK_FALSE(report_detail::adjacent_bases(end).warn_base.has_value());
}

TEST_CASE("full report: --quarantine adds one summary line after the total, nothing else changes") {
    const std::string expected = read_file("se_back.report.txt");
    const auto [layout, stats] = load_stats("se_back.stats");
    ReportContext ctx = context_from_report(expected);
    ctx.elapsed_seconds = 0.5;
    const std::string plain = full_report(layout, stats, ctx);
    ctx.quarantined_reads = 12345;
    ctx.quarantine_path = "bad.fq";
    const std::string with = full_report(layout, stats, ctx);
    // The count is right-aligned under "Total reads processed:"'s (width 13).
    const std::string line = "Reads quarantined:                      12,345 (not processed; written to bad.fq)\n";
    const auto at = with.find(line);
    REQUIRE(at != std::string::npos);
    CHECK(with.substr(0, at) + with.substr(at + line.size()) == plain);
    CHECK(with.rfind("Total reads processed:", at) != std::string::npos);
    CHECK(with.find('\n', with.rfind("Total reads processed:", at)) + 1 == at);
}

TEST_CASE("full report: --quarantine line for pairs, and with no reads processed") {
    StatsLayout layout;
    layout.paired = true;
    ReportContext ctx;
    ctx.quarantined_reads = 7;
    ctx.quarantine_path = "q.fq.gz";
    CHECK(full_report(layout, Stats{}, ctx) ==
          "No reads processed!\nRead pairs quarantined:                      7 (not processed; written to q.fq.gz)\n");
}

}  // namespace
}  // namespace ringtrim::core

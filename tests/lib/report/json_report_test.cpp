// JSON reports against cutadapt 4.2's --json files. Expected files and Stats
// dumps in data/ come from cutadapt runs (data/generate.sh). By design ringtrim
// adds "ringtrim_version" and writes "python_version": null; nothing else differs.
#include "lib/report/json_report.hpp"

#include <catch2/catch.hpp>

#include "tests/lib/report/stats_dump.hpp"

namespace ringtrim::core {
namespace {

using test::context_from_report;
using test::load_stats;
using test::read_file;

// cutadapt's JSON with the two lines that differ by design rewritten as ringtrim writes them.
std::string expected_json(const std::string& name) {
    std::string json = read_file(name + ".json");
    const std::string python = "  \"python_version\": \"3.11.2\",\n";
    const auto pos = json.find(python);
    REQUIRE(pos != std::string::npos);
    json.replace(pos, python.size(), "  \"ringtrim_version\": \"0.1.0\",\n  \"python_version\": null,\n");
    return json;
}

void check_json_report(const std::string& name) {
    INFO("case " << name);
    const auto [layout, stats] = load_stats(name + ".stats");
    ReportContext ctx = context_from_report(read_file(name + ".report.txt"));
    // Every case names its input file(s) last on the command line.
    const auto& args = ctx.command_line_args;
    if (ctx.paired) {
        ctx.input_path1 = args[args.size() - 2];
        ctx.input_path2 = args.back();
    } else {
        ctx.input_path1 = args.back();
    }
    CHECK(json_report(layout, stats, ctx) == expected_json(name));
}

TEST_CASE("json report: single-end 3' adapter with filters and quality trimming") { check_json_report("se_back"); }

TEST_CASE("json report: 5' adapter (no adjacent bases)") { check_json_report("se_front"); }

TEST_CASE("json report: anywhere adapter with -e 0.15") { check_json_report("se_anywhere"); }

TEST_CASE("json report: linked adapter") { check_json_report("se_linked"); }

TEST_CASE("json report: anchored adapters (error_lengths null), absolute error count, --gc-content") {
    check_json_report("se_mixed");
}

TEST_CASE("json report: reverse complement counts") { check_json_report("se_revcomp"); }

TEST_CASE("json report: dominant adjacent base") {
    REQUIRE(read_file("se_warn.json").find("\"dominant_adjacent_base\": \"C\"") != std::string::npos);
    check_json_report("se_warn");
}

TEST_CASE("json report: paired-end") { check_json_report("pe"); }

TEST_CASE("json report: paired-end without R2 adapters, R2-only quality trimming") { check_json_report("pe_r2only"); }

TEST_CASE("json report: paired-end --pair-adapters") { check_json_report("pe_pairadapters"); }

TEST_CASE("json report: empty input") { check_json_report("empty"); }

TEST_CASE("json report: cutadapt 4.2 reports on real data") {
    for (const char* name : {"real_smallrna", "real_clock", "real_seqpurge", "real_tenx"}) check_json_report(name);
}

TEST_CASE("json report: no command line arguments gives an empty list") {
    ReportContext ctx;
    ctx.ringtrim_version = "0.1.0";
    ctx.input_path1 = "in.fq";
    const std::string json = json_report(StatsLayout{}, Stats{}, ctx);
    CHECK(json.find("  \"command_line_arguments\": [],\n") != std::string::npos);
    CHECK(json.find("\"adapters_read1\": [],\n  \"adapters_read2\": null\n}\n") != std::string::npos);
}

TEST_CASE("json_quote escapes like Python's json.dumps") {
    // Results from python3: json.dumps(s) with s decoded with surrogateescape.
    CHECK(json_quote("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_quote("tab\there\nnl") == R"("tab\there\nnl")");
    CHECK(json_quote("\x01\x7f") == R"("\u0001\u007f")");
    CHECK(json_quote("\xc2\xb5") == R"("\u00b5")");
    CHECK(json_quote("\xc3\xa9\xe2\x82\xac") == R"("\u00e9\u20ac")");
    CHECK(json_quote("\xf0\x9f\x98\x80") == R"("\ud83d\ude00")");
    CHECK(json_quote("\xff\xc3") == R"("\udcff\udcc3")");
    CHECK(json_quote("") == R"("")");
}

}  // namespace
}  // namespace ringtrim::core

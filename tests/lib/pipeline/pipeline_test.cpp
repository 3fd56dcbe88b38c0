// Routing of the Pipeline on single-end reads (mates = 1): filters with their own outputs,
// --untrimmed-output, demultiplexing and the text outputs. Expected bytes
// and counters from cutadapt 4.2 runs on the same three reads:
//   cutadapt -a A1=AGATCGGAAGAGC -m 5 --too-short-output ts.fastq
//            --untrimmed-output un.fastq --info-file info.txt -r rest.txt -o o.fastq
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "lib/pipeline/pipeline.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace core = ringtrim::core;

namespace {

const std::string kInput =
    "@r1\nACGTACGTACAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIIIIIIIIII\n"
    "@r2\nCCCCCCCCCCCCCCCCCCCC\n+\nIIIIIIIIIIIIIIIIIIII\n"
    "@r3 x:Y:1\nGGGAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIII\n";

core::PipelineOptions with_adapter(const std::string& name = "A1") {
    core::PipelineOptions o;
    auto single = core::SingleAdapter::create(core::AdapterKind::Back, "AGATCGGAAGAGC", core::AdapterParams{}, name);
    std::vector<core::Adapter> adapters;
    adapters.emplace_back(std::get<core::SingleAdapter>(std::move(single)));
    o.cutter[0] = std::make_shared<core::AdapterCutter>(std::move(adapters));
    return o;
}

std::size_t idx(core::FilterName f) { return static_cast<std::size_t>(f); }

// What a pipeline with the one output stream o.fastq writes for kInput.
std::string output_of(core::PipelineOptions o) {
    o.streams = {{"o.fastq"}};
    o.out.first = 0;
    core::Pipeline pipeline(o);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    return out[0];
}

}  // namespace

TEST_CASE("too-short and untrimmed reads go to their own streams and count as filtered", "[pipeline]") {
    auto o = with_adapter();
    o.minimum_length[0] = 5;
    o.streams = {{"info.txt", core::SeqFormat::Fastq, false},
                 {"rest.txt", core::SeqFormat::Fastq, false},
                 {"ts.fastq"},
                 {"un.fastq"},
                 {"o.fastq"}};
    o.info_stream = 0;
    o.rest_stream = 1;
    o.too_short.first = 2;
    o.untrimmed.first = 3;
    o.out.first = 4;
    core::Pipeline pipeline(o);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    CHECK(out[0] ==
          "r1\t0\t10\t23\tACGTACGTAC\tAGATCGGAAGAGC\t\tA1\tIIIIIIIIII\tIIIIIIIIIIIII\t\t\n"
          "r2\t-1\tCCCCCCCCCCCCCCCCCCCC\tIIIIIIIIIIIIIIIIIIII\n"
          "r3 x:Y:1\t0\t3\t16\tGGG\tAGATCGGAAGAGC\t\tA1\tIII\tIIIIIIIIIIIII\t\t\n");
    CHECK(out[1].empty());  // nothing follows the 3' adapters
    CHECK(out[2] == "@r3 x:Y:1\nGGG\n+\nIII\n");
    CHECK(out[3] == "@r2\nCCCCCCCCCCCCCCCCCCCC\n+\nIIIIIIIIIIIIIIIIIIII\n");
    CHECK(out[4] == "@r1\nACGTACGTAC\n+\nIIIIIIIIII\n");
    CHECK(stats.filtered[idx(core::FilterName::TooShort)] == 1);
    CHECK(stats.filtered[idx(core::FilterName::DiscardUntrimmed)] == 1);
    CHECK(stats.written_reads() == 1);
    CHECK(stats.written_bp()[0] == 10);
}

TEST_CASE("max-ee and discard-casava filters count in cutadapt's order", "[pipeline]") {
    auto o = with_adapter();
    o.max_expected_errors = 0.0001;
    o.discard_casava = true;
    o.streams = {{"o.fastq"}};
    o.out.first = 0;
    core::Pipeline pipeline(o);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    CHECK(stats.filtered[idx(core::FilterName::TooManyExpectedErrors)] == 3);
    CHECK(stats.filtered[idx(core::FilterName::CasavaFiltered)] == 0);
    CHECK(pipeline.stats_layout().filters[idx(core::FilterName::CasavaFiltered)]);
    CHECK(out[0].empty());
}

TEST_CASE("max-ee is left out for FASTA input", "[pipeline]") {
    auto o = with_adapter();
    o.input_format = core::SeqFormat::Fasta;
    o.max_expected_errors = 0.0001;
    o.streams = {{"o.fasta", core::SeqFormat::Fasta}};
    o.out.first = 0;
    core::Pipeline pipeline(o);
    CHECK_FALSE(pipeline.stats_layout().filters[idx(core::FilterName::TooManyExpectedErrors)]);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({">a\nACGT\n", {}, 0, 0}, out, stats));
    CHECK(out[0] == ">a\nACGT\n");
}

TEST_CASE("demultiplexing writes by the last match's adapter; untrimmed to unknown", "[pipeline]") {
    auto o = with_adapter();
    o.streams = {{"o-A1.fastq"}, {"o-unknown.fastq"}};
    o.demultiplex = core::Demultiplex::Normal;
    o.demultiplex_out = {{0}};
    o.untrimmed.first = 1;
    o.discard_untrimmed = true;  // ignored for the filters when demultiplexing
    core::Pipeline pipeline(o);
    CHECK_FALSE(pipeline.stats_layout().filters[idx(core::FilterName::DiscardUntrimmed)]);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    CHECK(out[0] == "@r1\nACGTACGTAC\n+\nIIIIIIIIII\n@r3 x:Y:1\nGGG\n+\nIII\n");
    CHECK(out[1] == "@r2\nCCCCCCCCCCCCCCCCCCCC\n+\nIIIIIIIIIIIIIIIIIIII\n");
    CHECK(stats.written_reads() == 3);
}

TEST_CASE("demultiplexing without an unknown stream drops untrimmed reads unreported", "[pipeline]") {
    auto o = with_adapter();
    o.streams = {{"o-A1.fastq"}};
    o.demultiplex = core::Demultiplex::Normal;
    o.demultiplex_out = {{0}};
    core::Pipeline pipeline(o);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    CHECK(stats.written_reads() == 2);
    CHECK(stats.filtered_total() == 0);
}

TEST_CASE("rename sees -u cuts, the adapter and the match", "[pipeline]") {
    auto o = with_adapter();
    o.before[0].push_back(core::Modifier::cut(2));
    o.rename = "{id}|{comment}|{cut_prefix}|{cut_suffix}|{adapter_name}|{match_sequence}|{rc}";
    CHECK(output_of(o) ==
          "@r1||AC||A1|AGATCGGAAGAGC|\nGTACGTAC\n+\nIIIIIIII\n"
          "@r2||CC||no_adapter||\nCCCCCCCCCCCCCCCCCC\n+\nIIIIIIIIIIIIIIIIII\n"
          "@r3|x:Y:1|GG||A1|AGATCGGAAGAGC|\nG\n+\nI\n");
}

TEST_CASE("rename with {comment} alone (cutadapt 5.2, #858) gives the comment or an empty name", "[pipeline]") {
    // cutadapt 4.2 stops with NameError here (its single-end Renamer parses
    // the header only for {id}/{header}); 5.2 renders the comment, as 4.2's
    // paired-end renamer does for R1 (golden case rename-comment-se).
    core::PipelineOptions o;
    o.rename = "{comment}";
    CHECK(output_of(o) ==
          "@\nACGTACGTACAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIIIIIIIIII\n"
          "@\nCCCCCCCCCCCCCCCCCCCC\n+\nIIIIIIIIIIIIIIIIIIII\n"
          "@x:Y:1\nGGGAGATCGGAAGAGC\n+\nIIIIIIIIIIIIIIII\n");
}

TEST_CASE("a parse error is returned, not thrown", "[pipeline]") {
    auto o = with_adapter();
    o.streams = {{"o.fastq"}};
    o.out.first = 0;
    core::Pipeline pipeline(o);
    std::vector<std::string> out;
    core::Stats stats;
    CHECK(pipeline.run({"@r1\nACGT\nIIII\n", {}, 0, 0}, out, stats).has_value());
}

TEST_CASE("stats_layout describes the adapter once; the chunk's counters name nothing (issue #13)", "[pipeline]") {
    auto o = with_adapter();
    o.minimum_length[0] = 5;
    o.streams = {{"o.fastq"}};
    o.out.first = 0;
    core::Pipeline pipeline(o);
    const core::StatsLayout layout = pipeline.stats_layout();
    REQUIRE(layout.adapters[0].size() == 1);
    CHECK(layout.adapters[0][0].name == "A1");
    CHECK(layout.adapters[0][0].sequence == "AGATCGGAAGAGC");
    CHECK(layout.adapter_cutting[0]);
    CHECK_FALSE(layout.adapter_cutting[1]);
    CHECK(layout.filters[idx(core::FilterName::TooShort)]);
    std::vector<std::string> out;
    core::Stats stats;
    REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
    CHECK(stats.with_adapters[0] == 2);
    REQUIRE(stats.adapters[0].size() == 1);
    CHECK(stats.adapters[0][0].adapter == 0);
    CHECK(stats.adapters[0][0].back.total() == 2);
}

TEST_CASE("a chunk's statistics blob does not grow with adapter name length (issue #13)", "[pipeline]") {
    auto run = [](const std::string& name) {
        auto o = with_adapter(name);
        o.streams = {{"o.fastq"}};
        core::Pipeline pipeline(o);
        REQUIRE(pipeline.stats_layout().adapters[0].at(0).name == name);
        std::vector<std::string> out;
        core::Stats stats;
        REQUIRE_FALSE(pipeline.run({kInput, {}, 0, 0}, out, stats));
        return core::serialize(stats);
    };
    const std::string short_name = run("A");
    const std::string long_name = run(std::string(10000, 'N'));
    CHECK(long_name.size() == short_name.size());
    CHECK(long_name == short_name);
    CHECK(short_name.size() < 100);
}

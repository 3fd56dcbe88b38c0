// Tests of build_plan (apps/ringtrim/plan.cpp): the Pipeline options it
// makes from a command line. The orders asserted here are cutadapt 4.2's:
// the modifier order of pipeline_from_parsed_args (R1 and R2 alike), the
// file opening order of open_output_files, and which files --fasta applies to
// (pipeline.py passes force_fasta only to -o/-p and the demultiplexed files).
#include "apps/ringtrim/run.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

namespace app = ringtrim::app;
namespace core = ringtrim::core;
using Kind = core::Modifier::Kind;
using Args = std::vector<std::string>;

// Two small input files that exist for the length of the test binary.
struct Inputs {
    std::string r1, r2;
    Inputs() {
        const std::string dir = "/tmp/ringtrim-plan-test-" + std::to_string(::getpid());
        ::mkdir(dir.c_str(), 0700);
        r1 = dir + "/r1.fastq";
        r2 = dir + "/r2.fastq";
        std::ofstream(r1) << "@a/1\nACGT\n+\nIIII\n";
        std::ofstream(r2) << "@a/2\nACGT\n+\nIIII\n";
    }
    ~Inputs() {
        std::remove(r1.c_str());
        std::remove(r2.c_str());
        ::rmdir(r1.substr(0, r1.rfind('/')).c_str());
    }
};
const Inputs& inputs() {
    static Inputs in;
    return in;
}

app::RunPlan plan_of(Args args) {
    auto outcome = app::parse_command_line(args, "ringtrim");
    REQUIRE(std::holds_alternative<app::CommandLine>(outcome));
    auto plan = app::build_plan(std::get<app::CommandLine>(outcome), args);
    if (auto* f = std::get_if<core::Error>(&plan)) FAIL("unexpected failure: " << f->message);
    return std::get<app::RunPlan>(std::move(plan));
}

std::string failure_of(Args args) {
    auto outcome = app::parse_command_line(args, "ringtrim");
    REQUIRE(std::holds_alternative<app::CommandLine>(outcome));
    auto plan = app::build_plan(std::get<app::CommandLine>(outcome), args);
    REQUIRE(std::holds_alternative<core::Error>(plan));
    return std::get<core::Error>(plan).message;
}

std::vector<Kind> kinds(const std::vector<core::Modifier>& modifiers) {
    std::vector<Kind> out;
    for (const auto& m : modifiers) out.push_back(m.kind);
    return out;
}

std::vector<std::string> paths(const core::PipelineOptions& p) {
    std::vector<std::string> out;
    for (const auto& s : p.streams) out.push_back(s.path);
    return out;
}

const Args kEveryModifier = {"-u", "3",        "-u",           "-2",       "--nextseq-trim", "20",
                             "-q", "10",       "--poly-g",     "--poly-x", "--poly-a",       "-l",
                             "50", "--trim-n", "--length-tag", "length=",  "--strip-suffix", "/1",
                             "-x", "p",        "--zero-cap",   "-a",       "ACGTACGT"};

}  // namespace

TEST_CASE("single-end modifiers come in cutadapt's order, around the adapters") {
    Args args = kEveryModifier;
    args.insert(args.end(), {"-o", "out.fastq", inputs().r1});
    const auto p = plan_of(args).pipeline;
    CHECK(p.mates == 1);
    CHECK(kinds(p.before[0]) ==
          std::vector<Kind>{Kind::Cut, Kind::Cut, Kind::NextseqTrim, Kind::QualityTrim, Kind::PolyG});
    CHECK(kinds(p.after[0]) == std::vector<Kind>{Kind::PolyX, Kind::PolyA, Kind::Shorten, Kind::TrimN, Kind::LengthTag,
                                                 Kind::StripSuffix, Kind::PrefixSuffix, Kind::ZeroCap});
    CHECK(p.before[0][0].value == 3);
    CHECK(p.before[0][1].value == -2);
    CHECK_FALSE(p.after[0][1].head);
    REQUIRE(p.cutter[0]);
    CHECK_FALSE(p.cutter[1]);
    CHECK(p.before[1].empty());
    CHECK(p.after[1].empty());
}

TEST_CASE("paired-end modifiers are the single-end list per mate, with -U for R2 and a poly-T head") {
    Args args = kEveryModifier;
    args.insert(args.end(),
                {"-U", "4", "-Q", "5,6", "-A", "TTTT", "-o", "o1.fastq", "-p", "o2.fastq", inputs().r1, inputs().r2});
    const auto p = plan_of(args).pipeline;
    CHECK(p.mates == 2);
    CHECK(kinds(p.before[0]) ==
          kinds(plan_of({"-u", "3", "-u", "-2", "--nextseq-trim", "20", "-q", "10", "--poly-g", inputs().r1})
                    .pipeline.before[0]));
    CHECK(kinds(p.before[1]) == std::vector<Kind>{Kind::Cut, Kind::NextseqTrim, Kind::QualityTrim, Kind::PolyG});
    CHECK(p.before[1][0].value == 4);
    CHECK(p.before[1][2].cutoff_front == 5);
    CHECK(p.before[1][2].cutoff_back == 6);
    CHECK(kinds(p.after[1]) == kinds(p.after[0]));
    CHECK_FALSE(p.after[0][1].head);
    CHECK(p.after[1][1].head);
    CHECK(p.cutter[0]);
    CHECK(p.cutter[1]);
}

TEST_CASE("rename: {header} renames nothing, any other template is the pipeline's last step") {
    CHECK(plan_of({"--rename", "{header}", inputs().r1}).pipeline.rename.empty());
    CHECK(plan_of({"--rename", "{id} x", inputs().r1}).pipeline.rename == "{id} x");
}

TEST_CASE("single-end files open in cutadapt's order, and --fasta skips the filter outputs") {
    const auto p = plan_of({"-a",
                            "ACGT",
                            "-m",
                            "5",
                            "-M",
                            "90",
                            "--too-short-output",
                            "ts.fq",
                            "--too-long-output",
                            "tl.fq",
                            "--untrimmed-output",
                            "un.fq",
                            "-r",
                            "rest.txt",
                            "--info-file",
                            "info.txt",
                            "--wildcard-file",
                            "wc.txt",
                            "-o",
                            "o.fq",
                            inputs().r1})
                       .pipeline;
    CHECK(paths(p) == std::vector<std::string>{"rest.txt", "info.txt", "wc.txt", "ts.fq", "tl.fq", "un.fq", "o.fq"});
    CHECK(*p.rest_stream == 0);
    CHECK(*p.info_stream == 1);
    CHECK(*p.wildcard_stream == 2);
    CHECK(p.too_short.first == 3);
    CHECK(p.too_long.first == 4);
    CHECK(p.untrimmed.first == 5);
    CHECK(p.out.first == 6);
    CHECK(p.out.second == -1);
    for (int i : {3, 4, 5}) CHECK_FALSE(p.streams[static_cast<std::size_t>(i)].fasta_flag);
    CHECK(p.streams[6].fasta_flag);
    for (int i : {0, 1, 2}) CHECK_FALSE(p.streams[static_cast<std::size_t>(i)].records);
}

TEST_CASE("paired-end files open pairwise; --fasta skips the filter outputs as for single-end") {
    const auto p = plan_of({"-a", "ACGT", "-m", "5", "--too-short-output", "ts1.fq", "--too-short-paired-output",
                            "ts2.fq", "--untrimmed-output", "un1.fq", "--untrimmed-paired-output", "un2.fq", "-o",
                            "o1.fq", "-p", "o2.fq", inputs().r1, inputs().r2})
                       .pipeline;
    CHECK(paths(p) == std::vector<std::string>{"ts1.fq", "ts2.fq", "un1.fq", "un2.fq", "o1.fq", "o2.fq"});
    CHECK(p.too_short.first == 0);
    CHECK(p.too_short.second == 1);
    CHECK(p.untrimmed.first == 2);
    CHECK(p.out.second == 5);
    for (int i : {0, 1, 2, 3}) CHECK_FALSE(p.streams[static_cast<std::size_t>(i)].fasta_flag);
    CHECK(p.streams[4].fasta_flag);
    CHECK(p.streams[5].fasta_flag);
    // Adapters for R1 only and an untrimmed filter: both mates must be untrimmed.
    CHECK(p.override_untrimmed_pair_filter);
}

TEST_CASE("interleaved output: R2 follows R1 in -o") {
    const auto p = plan_of({"--interleaved", "-A", "ACGT", "-o", "o.fq", inputs().r1, inputs().r2}).pipeline;
    CHECK(p.mates == 2);
    CHECK(p.out.first == 0);
    CHECK(p.out.second == -1);
    CHECK_FALSE(p.override_untrimmed_pair_filter);
}

TEST_CASE("demultiplexing: adapters of one name share a file, as cutadapt's dict of writers does") {
    const auto p = plan_of({"-g", "x=^AAAA", "-g", "y=^CCCC", "-g", "x=^GGGG", "-o", "out-{name}.fq", "-p",
                            "out2-{name}.fq", inputs().r1, inputs().r2})
                       .pipeline;
    CHECK(p.demultiplex == core::Demultiplex::Normal);
    CHECK(paths(p) == std::vector<std::string>{"out-x.fq", "out2-x.fq", "out-y.fq", "out2-y.fq", "out-unknown.fq",
                                               "out2-unknown.fq"});
    REQUIRE(p.demultiplex_out.size() == 3);
    CHECK(p.demultiplex_out[0].first == p.demultiplex_out[2].first);
    CHECK(p.demultiplex_out[0].second == p.demultiplex_out[2].second);
    CHECK(p.untrimmed.first == 4);
}

TEST_CASE("combinatorial demultiplexing opens every named pair, then the unknown ones") {
    const auto p = plan_of({"-g", "a=^AAAA", "-G", "c=^CCCC", "-o", "{name1}-{name2}.1.fq", "-p",
                            "{name1}-{name2}.2.fq", inputs().r1, inputs().r2})
                       .pipeline;
    CHECK(p.demultiplex == core::Demultiplex::Combinatorial);
    CHECK(paths(p) == std::vector<std::string>{"a-c.1.fq", "a-c.2.fq", "unknown-unknown.1.fq", "unknown-unknown.2.fq",
                                               "unknown-c.1.fq", "unknown-c.2.fq", "a-unknown.1.fq", "a-unknown.2.fq"});
    CHECK(p.adapter_count2 == 1);
    CHECK(p.demultiplex_out[1 * 2 + 1].first == 0);
    CHECK(p.demultiplex_out[0].first == 2);
}

TEST_CASE("options that need pairs are refused for single-end input") {
    CHECK(failure_of({"--pe-overlap", inputs().r1}) == "--pe-overlap needs paired-end input");
    CHECK(failure_of({"--info-file-paired", "i2.txt", inputs().r1}) ==
          "--info-file-paired can only be used with paired-end data");
}

TEST_CASE("pair-adapters needs as many R1 as R2 adapters") {
    CHECK(failure_of({"--pair-adapters", "-a", "ACGT", "-a", "TTTT", "-A", "GGGG", "-o", "o1.fq", "-p", "o2.fq",
                      inputs().r1, inputs().r2}) ==
          "--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: 2 for R1, 1 for R2");
    const auto p =
        plan_of({"--pair-adapters", "-a", "ACGT", "-A", "GGGG", "-o", "o1.fq", "-p", "o2.fq", inputs().r1, inputs().r2})
            .pipeline;
    CHECK(p.pair_adapters);
    CHECK(p.adapters[0].size() == 1);
    CHECK_FALSE(p.cutter[0]);
}

TEST_CASE("the chunk size is 2 MiB unless --buffer-size says otherwise, cutadapt's 4000000 included", "[plan]") {
    CHECK(plan_of({inputs().r1}).buffer_size == std::size_t{2} << 20);
    CHECK(plan_of({"--buffer-size", "4000000", inputs().r1}).buffer_size == 4000000);
    CHECK(plan_of({"--buffer-size", "300000", inputs().r1}).buffer_size == 300000);
    CHECK(plan_of({"--buffer-size", "0", inputs().r1}).buffer_size == 1);
}

// Tests of lib/pipeline/pipeline on pairs (mates = 2): mate names, per-mate trimming,
// --pair-filter, --pair-adapters, interleaved input/output, combinatorial
// demultiplexing, --rename, the R1 --info-file and the errors for improperly
// paired input.
//
// Expected records come from cutadapt 4.2 on the inputs R1/R2 below, e.g.
//   cutadapt -a TTAGACATAT -A CAGTGGAGTA -m 5 --pair-filter MODE -o o1.fq -p o2.fq r1.fq r2.fq
// and the mate rule from dnaio 0.10's SequenceRecord.is_mate().
#include "lib/pipeline/pipeline.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "lib/trim/adapter_spec.hpp"

using namespace ringtrim::core;

namespace {

const std::string kR1 =
    "@p1/1 a\nACGTACGTACGTTTAGACATATGG\n+\nIIIIIIIIIIIIIIIIIIIIIIII\n"
    "@p2/1\nCCCCGGGGAAAATTTT\n+\nIIIIIIIIIIIIIIII\n"
    "@p3/1\nACGT\n+\nIIII\n";
const std::string kR2 =
    "@p1/2 b\nGGGGCCCCCAGTGGAGTAAA\n+\nIIIIIIIIIIIIIIIIIIII\n"
    "@p2/2\nTTTCAGTGGAGTA\n+\nIIIIIIIIIIIII\n"
    "@p3/2\nACGTACGTACGT\n+\nIIIIIIIIIIII\n";

std::vector<Adapter> adapters(std::vector<std::pair<AdapterOption, std::string>> specs) {
    AdapterNamer namer;
    auto r = parse_adapter_specs(specs, SearchDefaults{}, namer, nullptr);
    REQUIRE(std::holds_alternative<std::vector<Adapter>>(r));
    return std::get<std::vector<Adapter>>(std::move(r));
}

std::shared_ptr<const AdapterCutter> cutter(const std::string& spec) {
    return std::make_shared<const AdapterCutter>(adapters({{AdapterOption::Back, spec}}));
}

// Streams 0 and 1: -o and -p.
PipelineOptions two_streams(int n = 2) {
    PipelineOptions common;
    for (int i = 0; i < n; ++i) common.streams.push_back({"out" + std::to_string(i), SeqFormat::Fastq});
    return common;
}

// "name seq" per record of FASTQ text.
std::string names_and_sequences(const std::string& fastq) {
    std::string r;
    std::size_t pos = 0;
    for (int line = 0; pos < fastq.size(); ++line) {
        std::size_t end = fastq.find('\n', pos);
        if (line % 4 == 0) r += fastq.substr(pos, end - pos) + " ";
        if (line % 4 == 1) r += fastq.substr(pos, end - pos) + "\n";
        pos = end + 1;
    }
    return r;
}

struct Result {
    std::vector<std::string> outputs;
    StatsLayout layout;
    Stats stats;
    std::optional<Error> error;
    int error_input = 0;
};

// The pipeline of `paired` with the output streams of `common`.
PipelineOptions pairs(const PipelineOptions& common, PipelineOptions paired) {
    paired.mates = 2;
    paired.streams = common.streams;
    return paired;
}

Result run(const PipelineOptions& common, const PipelineOptions& paired, const std::string& r1, const std::string& r2) {
    Pipeline pipeline(pairs(common, paired));
    Result result;
    result.error = pipeline.run(ChunkView{r1, r2, 0, 0}, result.outputs, result.stats);
    result.error_input = pipeline.error_input();
    result.layout = pipeline.stats_layout();
    return result;
}

PipelineOptions trimming(PairFilterMode mode) {
    PipelineOptions p;
    p.cutter[0] = cutter("TTAGACATAT");
    p.cutter[1] = cutter("CAGTGGAGTA");
    p.minimum_length[0] = 5;
    p.minimum_length[1] = 5;
    p.pair_filter = mode;
    p.out = {0, 1};
    return p;
}

}  // namespace

TEST_CASE("records_are_mates follows dnaio's is_mate") {
    CHECK(records_are_mates("r1", "r1"));
    CHECK(records_are_mates("r/1", "r/2"));
    CHECK(records_are_mates("r1", "r3"));
    CHECK(records_are_mates("r3 a", "r1"));
    CHECK(records_are_mates("r 1", "r\t2"));
    CHECK(records_are_mates("", ""));
    CHECK_FALSE(records_are_mates("r3", "r4"));
    CHECK_FALSE(records_are_mates("r1", "r12"));
    CHECK_FALSE(records_are_mates("r", "r/2"));
    CHECK_FALSE(records_are_mates("r1x", "r2x"));
    CHECK_FALSE(records_are_mates("rA", "rB"));
}

TEST_CASE("records_are_mates equals dnaio's rule on random names") {
    // dnaio: the ids (up to the first space or tab) are equal, or equal
    // but for a last character that is 1, 2 or 3 in both.
    const auto reference = [](std::string_view n1, std::string_view n2) {
        const std::string_view id1 = n1.substr(0, std::min(n1.find(' '), n1.find('\t')));
        const std::string_view id2 = n2.substr(0, std::min(n2.find(' '), n2.find('\t')));
        if (id1.size() != id2.size()) return false;
        if (id1 == id2) return true;
        const auto digit = [](char c) { return c == '1' || c == '2' || c == '3'; };
        return id1.substr(0, id1.size() - 1) == id2.substr(0, id2.size() - 1) && digit(id1.back()) && digit(id2.back());
    };
    std::mt19937 rng(5);
    const auto name = [&rng](std::size_t length) {
        std::string s;
        for (std::size_t i = 0; i < length; ++i) s += "ab12 3\t/"[rng() % 9];
        return s;
    };
    for (int round = 0; round < 20000; ++round) {
        const std::string n1 = name(rng() % 8);
        std::string n2 = rng() % 2 ? n1 : name(rng() % 8);
        if (!n2.empty() && rng() % 2) n2[rng() % n2.size()] = "12 x"[rng() % 4];
        INFO(n1 << " / " << n2);
        REQUIRE(records_are_mates(n1, n2) == reference(n1, n2));
    }
}

TEST_CASE("pair filter any drops a pair when one mate is too short") {
    auto r = run(two_streams(), trimming(PairFilterMode::Any), kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 a ACGTACGTACGT\n");
    CHECK(names_and_sequences(r.outputs[1]) == "@p1/2 b GGGGCCCC\n");
    CHECK(r.layout.paired);
    CHECK(r.stats.n == 3);
    CHECK(r.stats.total_bp[0] == 44);
    CHECK(r.stats.total_bp[1] == 45);
    CHECK(r.stats.filtered[0] == 2);
    CHECK(r.stats.with_adapters[0] == 1);
    CHECK(r.stats.with_adapters[1] == 2);
    CHECK(r.stats.written_lengths[0].entries() == std::vector<LengthCounts::Entry>{{12, 1}});
    CHECK(r.stats.written_lengths[1].entries() == std::vector<LengthCounts::Entry>{{8, 1}});
}

TEST_CASE("pair filter both drops a pair only when both mates are too short") {
    auto r = run(two_streams(), trimming(PairFilterMode::Both), kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 a ACGTACGTACGT\n@p2/1 CCCCGGGGAAAATTTT\n@p3/1 ACGT\n");
    CHECK(names_and_sequences(r.outputs[1]) == "@p1/2 b GGGGCCCC\n@p2/2 TTT\n@p3/2 ACGTACGTACGT\n");
    CHECK(r.stats.filtered[0] == 0);
}

TEST_CASE("pair filter first looks at R1 only") {
    auto r = run(two_streams(), trimming(PairFilterMode::First), kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[1]) == "@p1/2 b GGGGCCCC\n@p2/2 TTT\n");
    CHECK(r.stats.filtered[0] == 1);
}

TEST_CASE("discard-untrimmed with R1 adapters only needs both mates untrimmed") {
    PipelineOptions p;
    p.cutter[0] = cutter("TTAGACATAT");
    p.discard_untrimmed = true;
    p.override_untrimmed_pair_filter = true;
    p.out = {0, 1};
    auto r = run(two_streams(), p, kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 a ACGTACGTACGT\n");
    CHECK(r.stats.filtered[static_cast<std::size_t>(FilterName::DiscardUntrimmed)] == 2);
    CHECK(r.layout.adapter_cutting[0]);
    CHECK_FALSE(r.layout.adapter_cutting[1]);
    CHECK(r.stats.with_adapters[1] == 0);
}

TEST_CASE("pair adapters trim only where both adapters of a pair match") {
    PipelineOptions p;
    p.pair_adapters = true;
    p.adapters[0] = adapters({{AdapterOption::Back, "TTAGACATAT"}, {AdapterOption::Back, "CCCCGGGG"}});
    p.adapters[1] = adapters({{AdapterOption::Back, "CAGTGGAGTA"}, {AdapterOption::Back, "GGGGCC"}});
    p.out = {0, 1};
    auto r = run(two_streams(), p, kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 a ACGTACGTACGT\n@p2/1 CCCCGGGGAAAATTTT\n@p3/1 ACGT\n");
    CHECK(names_and_sequences(r.outputs[1]) == "@p1/2 b GGGGCCCC\n@p2/2 TTTCAGTGGAGTA\n@p3/2 ACGTACGTACGT\n");
    CHECK(r.stats.with_adapters[0] == 1);
    CHECK(r.stats.with_adapters[1] == 1);
    REQUIRE(r.layout.adapters[0].size() == 2);
    CHECK(r.layout.adapters[0][1].sequence == "CCCCGGGG");
    REQUIRE(r.layout.adapters[1].size() == 2);
    CHECK(r.layout.adapters[1][1].sequence == "GGGGCC");
    CHECK(r.stats.adapter(0, 0).back.total() == 1);
    CHECK(r.stats.adapter(0, 1).back.total() == 0);
}

TEST_CASE("interleaved input goes to interleaved output") {
    PipelineOptions p;
    p.interleaved_input = true;
    p.cutter[1] = cutter("CAGTGGAGTA");
    p.out = {0, -1};
    const std::string interleaved = "@p1/1\nAAAA\n+\nIIII\n@p1/2\nGGCAGTGGAGTA\n+\nIIIIIIIIIIII\n";
    auto r = run(two_streams(1), p, interleaved, "");
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 AAAA\n@p1/2 GG\n");
    CHECK(r.stats.n == 1);
}

TEST_CASE("combinatorial demultiplexing routes by the R1 and R2 adapter names") {
    PipelineOptions p;
    p.cutter[0] = std::make_shared<const AdapterCutter>(
        adapters({{AdapterOption::Front, "A=^ACGT"}, {AdapterOption::Front, "C=^CCCC"}}));
    p.cutter[1] = std::make_shared<const AdapterCutter>(
        adapters({{AdapterOption::Front, "G=^GGGG"}, {AdapterOption::Front, "T=^TTT"}}));
    p.demultiplex = Demultiplex::Combinatorial;
    p.adapter_count2 = 2;
    p.demultiplex_out.assign(9, StreamPair{});
    p.demultiplex_out[1 * 3 + 1] = {0, 1};  // A_G
    p.demultiplex_out[2 * 3 + 2] = {2, 3};  // C_T
    p.demultiplex_out[1 * 3 + 0] = {4, 5};  // A_unknown
    auto r = run(two_streams(6), p, kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) == "@p1/1 a ACGTACGTTTAGACATATGG\n");
    CHECK(names_and_sequences(r.outputs[2]) == "@p2/1 GGGGAAAATTTT\n");
    CHECK(names_and_sequences(r.outputs[4]) == "@p3/1 \n");
    CHECK(r.stats.written_reads() == 3);
}

TEST_CASE("mates with different names are an error naming the record") {
    std::string r2 = kR2;
    r2.replace(r2.find("@p2/2"), 5, "@pX/2");
    auto r = run(two_streams(), trimming(PairFilterMode::Any), kR1, r2);
    REQUIRE(r.error);
    CHECK(r.error->record == 2);
    CHECK(r.error_input == 2);
    CHECK(r.error->message ==
          "reads are improperly paired: read name 'p2/1' in file 1 does not match 'pX/2' in file 2");
}

TEST_CASE("a second file with fewer records is an error") {
    auto r = run(two_streams(), trimming(PairFilterMode::Any), kR1, kR2.substr(0, kR2.find("@p3/2")));
    REQUIRE(r.error);
    CHECK(r.error_input == 2);
    CHECK(r.error->message == "reads are improperly paired: there are more reads in file 1 than in file 2");
}

TEST_CASE("an interleaved file with an odd number of records is an error") {
    PipelineOptions p;
    p.interleaved_input = true;
    p.out = {0, -1};
    auto r = run(two_streams(1), p, "@a/1\nAC\n+\nII\n", "");
    REQUIRE(r.error);
    CHECK(r.error->record == 1);
    CHECK(r.error->message == "interleaved input file incomplete: last record 'a/1' has no partner");
}

TEST_CASE("malformed second file is reported against that file") {
    auto r = run(two_streams(), trimming(PairFilterMode::Any), kR1, "@p1/2\nAC\nxx\nII\n");
    REQUIRE(r.error);
    CHECK(r.error_input == 1);
    CHECK(r.error->record == 1);
}

TEST_CASE("stats_layout declares the paired counters") {
    PipelineOptions p = trimming(PairFilterMode::Any);
    Pipeline pipeline(pairs(two_streams(), p));
    const StatsLayout layout = pipeline.stats_layout();
    CHECK(layout.paired);
    CHECK(layout.adapter_cutting[0]);
    CHECK(layout.adapter_cutting[1]);
    CHECK(layout.filters[0]);
    CHECK_FALSE(layout.filters[1]);
    CHECK(layout.adapters[1].size() == 1);
}

namespace {

// cutadapt -u 2 -a first=TTAGACATAT -A second=CAGTGGAGTA --info-file info.txt
//   --rename '{id} {rn} {cut_prefix} {adapter_name} {r2.match_sequence} {r1.comment}'
PipelineOptions renaming() {
    PipelineOptions p;
    p.before[0].push_back(Modifier::cut(2));
    p.cutter[0] = cutter("first=TTAGACATAT");
    p.cutter[1] = cutter("second=CAGTGGAGTA");
    p.rename = "{id} {rn} {cut_prefix} {adapter_name} {r2.match_sequence} {r1.comment}";
    p.out = {0, 1};
    return p;
}

}  // namespace

TEST_CASE("rename fills per-mate and r1./r2. variables as cutadapt does") {
    auto r = run(two_streams(), renaming(), kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(names_and_sequences(r.outputs[0]) ==
          "@p1/1 1 AC first CAGTGGAGTA a GTACGTACGT\n"
          "@p2/1 1 CC no_adapter CAGTGGAGTA  CCGGGGAAAATTTT\n"
          "@p3/1 1 AC no_adapter   GT\n");
    CHECK(names_and_sequences(r.outputs[1]) ==
          "@p1/2 2  second CAGTGGAGTA a GGGGCCCC\n"
          "@p2/2 2  second CAGTGGAGTA  TTT\n"
          "@p3/2 2  no_adapter   ACGTACGTACGT\n");
}

TEST_CASE("rename that makes the ids differ is an error naming both new ids") {
    PipelineOptions p;
    p.rename = "{id}{comment}";
    p.out = {0, 1};
    auto r = run(two_streams(), p, kR1, kR2);
    REQUIRE(r.error);
    CHECK(r.error->record == 1);
    CHECK(r.error_input == 2);
    CHECK(
        r.error->message ==
        "After renaming R1 and R2, their IDs are no longer identical: 'p1/1a' != 'p1/2b'. Original read ID: 'p1/1'. ");
}

TEST_CASE("info file gets the R1 lines of every pair, after renaming") {
    PipelineOptions common = two_streams(3);
    common.streams[2].records = false;
    PipelineOptions p = renaming();
    p.info_stream = 2;
    auto r = run(common, p, kR1, kR2);
    REQUIRE_FALSE(r.error);
    CHECK(r.outputs[2] ==
          "p1/1 1 AC first CAGTGGAGTA a\t0\t10\t20\tACGTACGTAC\tGTTTAGACAT\tATGG\tfirst\t"
          "IIIIIIIIII\tIIIIIIIIII\tIIII\t\n"
          "p2/1 1 CC no_adapter CAGTGGAGTA \t-1\tCCGGGGAAAATTTT\tIIIIIIIIIIIIII\n"
          "p3/1 1 AC no_adapter  \t-1\tGT\tII\n");
}
